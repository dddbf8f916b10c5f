//! IBM AIX `/etc/security/passwd` hashes (`password = {…}…`): the loadable password algorithms of
//! AIX 5.3 TL7+, 6.1 and 7.x (`pwdalg` in `/etc/security/login.cfg`).
//!
//! | id | stored | algorithm | hashcat / John |
//! |---|---|---|---|
//! | `aix_smd5` | `{smd5}salt$digest` | md5-crypt without the `$1$` magic in the digest | 6300 / `md5crypt` |
//! | `aix_ssha1` | `{ssha1}NN$salt$digest` | PBKDF2-HMAC-SHA1, 2^NN iterations, 20 bytes | 6700 / `aix-ssha1` |
//! | `aix_ssha256` | `{ssha256}NN$salt$digest` | PBKDF2-HMAC-SHA256, 2^NN iterations, 32 bytes | 6400 / `aix-ssha256` |
//! | `aix_ssha512` | `{ssha512}NN$salt$digest` | PBKDF2-HMAC-SHA512, 2^NN iterations, 64 bytes | 6500 / `aix-ssha512` |
//!
//! `NN` is two decimal digits, the base-2 logarithm of the iterations (AIX's default `06`, 64
//! iterations; `pwdalg` allows up to 2^31). The salt is the text between the `$` signs, used as
//! its bytes (AIX writes 16 characters of `./0-9A-Za-z`; 8 for `{smd5}`). The digest is written
//! in crypt's alphabet, 3 bytes at a time read big-endian and written lowest 6 bits first, the
//! last group zero-padded and cut to the characters it needs (27, 43 and 86 of them).
//!
//! The tags are lower case and never followed by base64, so they do not collide with the LDAP
//! schemes' `{SSHA256}`, `{SSHA512}` and `{SMD5}` (which are ASCII case-insensitive and read
//! `{ssha256}` + base64 as theirs): this family is registered first and claims only the AIX
//! shape. Weaknesses: 64 PBKDF2 iterations by default, far below any current recommendation;
//! `{smd5}` is md5-crypt. Always upgraded.

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::md5_crypt::{TRANSPOSE, md5_crypt_raw};

/// AIX's digest encoding of `bytes`, cut to `chars` characters.
fn encode(bytes: &[u8], chars: usize) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut v = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            v |= u32::from(*b) << (16 - 8 * i);
        }
        for _ in 0..4 {
            out.push(char::from(crypt64::ALPHABET[(v & 0x3f) as usize]));
            v >>= 6;
        }
    }
    out.truncate(chars);
    out
}

/// Characters of the encoding of `n` bytes.
const fn encoded_len(n: usize) -> usize {
    (n * 8).div_ceil(6)
}

/// One of AIX's `{sshaN}` PBKDF2 hashes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AixSsha {
    id: &'static str,
    tag: &'static str,
    alg: Algorithm,
}

/// A parsed `{sshaN}` value.
struct Parsed<'a> {
    log2: u32,
    salt: &'a str,
    digest: &'a str,
}

impl AixSsha {
    /// `{ssha1}`.
    pub(crate) const SHA1: AixSsha = AixSsha {
        id: "aix_ssha1",
        tag: "{ssha1}",
        alg: Algorithm::Sha1,
    };
    /// `{ssha256}`.
    pub(crate) const SHA256: AixSsha = AixSsha {
        id: "aix_ssha256",
        tag: "{ssha256}",
        alg: Algorithm::Sha256,
    };
    /// `{ssha512}`.
    pub(crate) const SHA512: AixSsha = AixSsha {
        id: "aix_ssha512",
        tag: "{ssha512}",
        alg: Algorithm::Sha512,
    };

    /// Split without checking costs: `NN`, salt, digest.
    fn split<'a>(&self, hash: &'a str) -> Option<Parsed<'a>> {
        let rest = hash.strip_prefix(self.tag)?;
        let (nn, rest) = rest.split_at_checked(2)?;
        let rest = rest.strip_prefix('$')?;
        let (salt, digest) = rest.split_once('$')?;
        let n = nn.as_bytes();
        if !n.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let log2 = u32::from(n[0] - b'0') * 10 + u32::from(n[1] - b'0');
        Some(Parsed { log2, salt, digest })
    }

    fn parse<'a>(&self, hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
        let p = self.split(hash).ok_or_else(|| {
            Error::malformed(
                self.id,
                "value",
                format!("expected {}NN$salt$digest", self.tag),
            )
        })?;
        if p.salt.is_empty() || !crypt64::is_crypt64(p.salt) {
            return Err(Error::malformed(
                self.id,
                "salt",
                "expected characters of ./0-9A-Za-z",
            ));
        }
        limits.salt_len(self.id, p.salt.len())?;
        let want = encoded_len(self.alg.output_len());
        if p.digest.len() != want || !crypt64::is_crypt64(p.digest) {
            return Err(Error::malformed(
                self.id,
                "digest",
                format!("expected {want} characters of ./0-9A-Za-z"),
            ));
        }
        let iterations = 1u64.checked_shl(p.log2).unwrap_or(u64::MAX);
        limits.pbkdf2(self.id, self.alg, iterations, self.alg.output_len())?;
        Ok(p)
    }
}

impl Scheme for AixSsha {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.tag)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(self.split(hash).is_some())
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        let key = pbkdf2::derive(
            self.id,
            self.alg,
            password,
            p.salt.as_bytes(),
            1u64 << p.log2,
            self.alg.output_len(),
            limits,
        )?;
        let ours = zeroize::Zeroizing::new(encode(&key, p.digest.len()));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", (1u64 << p.log2).to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }
}

/// `{smd5}`: md5-crypt with an empty magic.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AixSmd5;

impl AixSmd5 {
    const ID: &'static str = "aix_smd5";
    const TAG: &'static str = "{smd5}";

    fn split(hash: &str) -> Option<(&str, &str)> {
        let (salt, digest) = hash.strip_prefix(Self::TAG)?.split_once('$')?;
        (!salt.starts_with('$')).then_some((salt, digest))
    }

    fn parse(hash: &str) -> Result<(&str, &str)> {
        let (salt, digest) = Self::split(hash)
            .ok_or_else(|| Error::malformed(Self::ID, "value", "expected {smd5}salt$digest"))?;
        if salt.is_empty() || salt.len() > 8 || !crypt64::is_crypt64(salt) {
            return Err(Error::malformed(
                Self::ID,
                "salt",
                "expected 1 to 8 characters of ./0-9A-Za-z",
            ));
        }
        if digest.len() != 22 || !crypt64::is_crypt64(digest) {
            return Err(Error::malformed(
                Self::ID,
                "digest",
                "expected 22 characters of ./0-9A-Za-z",
            ));
        }
        Ok((salt, digest))
    }
}

impl Scheme for AixSmd5 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[Self::TAG]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(Self::split(hash).is_some())
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = Self::parse(cred.hash())?;
        let raw = md5_crypt_raw(password, salt.as_bytes(), b"");
        let ours = zeroize::Zeroizing::new(crypt64::encode_le_transposed(raw.as_ref(), &TRANSPOSE));
        Ok(ct_eq(ours.as_bytes(), digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = Self::parse(cred.hash())?;
        Ok(vec![
            ("salt", salt.to_owned()),
            ("rounds", "1000".to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &dyn Scheme, pw: &str, hash: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat 6300/6400/6500/6700 self-tests and John the Ripper's.
        for (s, pw, h) in [
            (
                &AixSmd5 as &dyn Scheme,
                "hashcat",
                "{smd5}17800721$WkGka7tXcrfpUQS6WOQyw/",
            ),
            (
                &AixSmd5,
                "password",
                "{smd5}s8/xSJ/v$uGam4GB8hOjTLQqvBfxJ2/",
            ),
            (
                &AixSsha::SHA1,
                "hashcat",
                "{ssha1}06$5586485655847243$V5f1Ff1y4dr7AWeVSSdv6N52..Y",
            ),
            (
                &AixSsha::SHA256,
                "hashcat",
                "{ssha256}06$2715084824104660$1s/s4RZWEcvZ5VuWPXWGUfwSoG07eVSVce8F6ANJ.g4",
            ),
            (
                &AixSsha::SHA512,
                "hashcat",
                "{ssha512}06$4653718755856803$O04nVHL7iU9Jguy/B3Yow.veBM52irn.038Y/Ln6AMy/BG8wbU6ozSP8/W9KDZPUbhdsbl1lf8px.vKJS1S/..",
            ),
            (
                &AixSsha::SHA512,
                "44",
                "{ssha512}06$................$0egLaF88SUk6GAFIMN/vTwa/IYB.KlubYmjiaWvmQ975vHvgC3rf0I6ZYzgyUiQftS8qs7ULLQpRLrA3LA....",
            ),
        ] {
            assert!(check(s, pw, h).unwrap(), "{h}");
            assert!(!check(s, "hashcaT", h).unwrap(), "{h}");
            assert_eq!(s.identify(h), Match::Exact, "{h}");
        }
    }

    #[test]
    fn leaves_ldap_values_alone() {
        assert_eq!(
            AixSmd5.identify("{smd5}Gm6CKPEq9DmrVkzWrQu/jrjg50s="),
            Match::No
        );
        assert_eq!(
            AixSsha::SHA256.identify("{ssha256}FLzWcQqyle6Mo7NvrwXCMAmRzXQxNjYxMTYzNw=="),
            Match::No
        );
    }

    #[test]
    fn refuses_malformed_and_costly() {
        for (s, h) in [
            (
                &AixSmd5 as &dyn Scheme,
                "{smd5}17800721$WkGka7tXcrfpUQS6WOQyw",
            ),
            (&AixSmd5, "{smd5}123456789$WkGka7tXcrfpUQS6WOQyw/"),
            (
                &AixSsha::SHA1,
                "{ssha1}6$5586485655847243$V5f1Ff1y4dr7AWeVSSdv6N52..Y",
            ),
            (&AixSsha::SHA1, "{ssha1}06$$V5f1Ff1y4dr7AWeVSSdv6N52..Y"),
            (
                &AixSsha::SHA1,
                "{ssha1}06$5586485655847243$V5f1Ff1y4dr7AWeVSSdv6N52..Y.",
            ),
            (
                &AixSsha::SHA1,
                "{ssha1}06$55864856!5847243$V5f1Ff1y4dr7AWeVSSdv6N52..Y",
            ),
        ] {
            assert_eq!(
                check(s, "x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let h = "{ssha1}99$5586485655847243$V5f1Ff1y4dr7AWeVSSdv6N52..Y";
        assert_eq!(
            check(&AixSsha::SHA1, "x", h).unwrap_err().kind(),
            ErrorKind::Limit
        );
    }
}
