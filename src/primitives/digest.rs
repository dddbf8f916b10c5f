//! Plain and keyed digests over a list of parts, for the many `H(salt || password)` layouts.

use hmac::{KeyInit, Mac};
use zeroize::Zeroize;

/// A hash function a legacy format is built on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// MD4 (NT hash).
    Md4,
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// RIPEMD-160 (Auth0's HMAC and PBKDF2 digests, OpenSSL's `ripemd160`).
    Ripemd160,
    /// Whirlpool (ISO/IEC 10118-3; Auth0's HMAC and PBKDF2 digests, OpenSSL's `whirlpool`).
    Whirlpool,
}

/// Every algorithm by its OpenSSL name, which is also hashlib's and Node.js `crypto`'s.
const NAMES: [(&str, Algorithm); 9] = [
    ("md4", Algorithm::Md4),
    ("md5", Algorithm::Md5),
    ("sha1", Algorithm::Sha1),
    ("sha224", Algorithm::Sha224),
    ("sha256", Algorithm::Sha256),
    ("sha384", Algorithm::Sha384),
    ("sha512", Algorithm::Sha512),
    ("ripemd160", Algorithm::Ripemd160),
    ("whirlpool", Algorithm::Whirlpool),
];

impl Algorithm {
    /// The algorithm an export names by its OpenSSL name (`sha256`, `ripemd160`; ASCII
    /// case-insensitive). Aliases and the formats' own spellings stay with the formats.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, alg)| alg)
    }

    /// The OpenSSL name (`sha256`, `ripemd160`), which [`Algorithm::from_name`] reads back.
    pub(crate) fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("?", |&(n, _)| n)
    }

    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Algorithm::Md4 | Algorithm::Md5 => 16,
            Algorithm::Sha1 | Algorithm::Ripemd160 => 20,
            Algorithm::Sha224 => 28,
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 | Algorithm::Whirlpool => 64,
        }
    }

    /// The digest of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Digest {
        fn run<D: digest::Digest>(parts: &[&[u8]]) -> Digest {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            Digest::from_slice(&h.finalize())
        }
        match self {
            Algorithm::Md4 => run::<md4::Md4>(parts),
            Algorithm::Md5 => run::<md5::Md5>(parts),
            Algorithm::Sha1 => run::<sha1::Sha1>(parts),
            Algorithm::Sha224 => run::<sha2::Sha224>(parts),
            Algorithm::Sha256 => run::<sha2::Sha256>(parts),
            Algorithm::Sha384 => run::<sha2::Sha384>(parts),
            Algorithm::Sha512 => run::<sha2::Sha512>(parts),
            Algorithm::Ripemd160 => run::<ripemd::Ripemd160>(parts),
            Algorithm::Whirlpool => run::<whirlpool::Whirlpool>(parts),
        }
    }

    /// HMAC keyed with `key` over the concatenation of `parts`.
    pub fn hmac(self, key: &[u8], parts: &[&[u8]]) -> Digest {
        fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Digest {
            // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
            let mut m = match <M as KeyInit>::new_from_slice(key) {
                Ok(m) => m,
                Err(_) => return Digest::empty(),
            };
            for p in parts {
                m.update(p);
            }
            Digest::from_slice(&m.finalize().into_bytes())
        }
        match self {
            Algorithm::Md4 => run::<hmac::SimpleHmac<md4::Md4>>(key, parts),
            Algorithm::Md5 => run::<hmac::Hmac<md5::Md5>>(key, parts),
            Algorithm::Sha1 => run::<hmac::Hmac<sha1::Sha1>>(key, parts),
            Algorithm::Sha224 => run::<hmac::Hmac<sha2::Sha224>>(key, parts),
            Algorithm::Sha256 => run::<hmac::Hmac<sha2::Sha256>>(key, parts),
            Algorithm::Sha384 => run::<hmac::Hmac<sha2::Sha384>>(key, parts),
            Algorithm::Sha512 => run::<hmac::Hmac<sha2::Sha512>>(key, parts),
            Algorithm::Ripemd160 => run::<hmac::Hmac<ripemd::Ripemd160>>(key, parts),
            Algorithm::Whirlpool => run::<hmac::Hmac<whirlpool::Whirlpool>>(key, parts),
        }
    }
}

/// A digest value (up to 64 bytes), wiped on drop.
#[derive(Clone)]
pub struct Digest {
    bytes: [u8; 64],
    len: usize,
}

impl Digest {
    fn empty() -> Self {
        Digest {
            bytes: [0; 64],
            len: 0,
        }
    }

    fn from_slice(s: &[u8]) -> Self {
        let mut d = Digest::empty();
        d.bytes[..s.len()].copy_from_slice(s);
        d.len = s.len();
        d
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Lower-case hex of the digest.
    pub fn to_hex(&self) -> String {
        crate::encoding::hex::encode(self.as_bytes())
    }
}

impl AsRef<[u8]> for Digest {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Drop for Digest {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digest(<{} bytes>)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::Algorithm;

    #[test]
    fn known_answers() {
        assert_eq!(
            Algorithm::Md5.digest(&[b"a", b"bc"]).to_hex(),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            Algorithm::Sha1.digest(&[b"abc"]).to_hex(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            Algorithm::Md4.digest(&[b"abc"]).to_hex(),
            "a448017aaf21d8525fc10ae87aa6729d"
        );
        // RFC 2202 test case 2
        assert_eq!(
            Algorithm::Sha1
                .hmac(b"Jefe", &[b"what do ya want ", b"for nothing?"])
                .to_hex(),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }

    #[test]
    fn names() {
        assert_eq!(Algorithm::from_name("SHA256"), Some(Algorithm::Sha256));
        assert_eq!(
            Algorithm::from_name("whirlpool"),
            Some(Algorithm::Whirlpool)
        );
        assert_eq!(Algorithm::from_name("sha-256"), None);
    }

    #[test]
    fn ripemd160_and_whirlpool() {
        // RIPEMD-160("abc") from the RIPEMD-160 paper's test vectors (Dobbertin, Bosselaers,
        // Preneel), Whirlpool("") from the ISO/IEC 10118-3 reference test vectors.
        assert_eq!(
            Algorithm::Ripemd160.digest(&[b"a", b"bc"]).to_hex(),
            "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"
        );
        assert_eq!(
            Algorithm::Whirlpool.digest(&[]).to_hex(),
            "19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a7\
             3e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3"
        );
        // RFC 2286 test case 1: HMAC-RIPEMD160, key 0x0b * 20, "Hi There".
        assert_eq!(
            Algorithm::Ripemd160
                .hmac(&[0x0b; 20], &[b"Hi There"])
                .to_hex(),
            "24cb4bd67d20fc1a5d2ed7732dcc39377f0a5668"
        );
    }
}
