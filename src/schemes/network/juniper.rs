//! Juniper formats: `juniper_screenos` (NetScreen / SSG ScreenOS administrators) and
//! `juniper_ive` (Juniper IVE / Pulse Secure local authentication server records).
//!
//! **ScreenOS** (`set admin password`, `set admin user <name> password <value>`): the value is
//! 30 characters. ScreenOS takes MD5 of `name ":Administration Tools:" password`, writes each
//! 16-bit word of the digest as three characters of the base64 alphabet (4, 6 and 6 bits; the
//! first is always `A`–`P`) and inserts the letters `n r c s t n` at positions 0, 6, 12, 17,
//! 23 and 29 (hashcat 22, John the Ripper's `md5ns`). The administrator's name is the salt:
//! give it as the user name. The fixed letters make the value recognisable without a hint.
//!
//! **IVE**: the local authentication database keeps base64 (104 characters) of a 12-byte IV and
//! 64 bytes encrypted with AES-128-CBC under a key fixed in the product; the plaintext starts
//! with an md5-crypt string whose salt is always `danastre` (hashcat 501). The record is
//! decrypted and its md5-crypt string verified. What the plaintext's last 17 bytes hold is not
//! known, so only records of this exact size and salt are read, with the hint (the shape alone
//! is plain base64).
//!
//! Weaknesses: ScreenOS is one MD5 with the user name as salt; IVE is md5-crypt under a public
//! key. Always upgraded.

use std::sync::Arc;

use aes::cipher::{BlockCipherDecrypt, KeyInit};
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const SCREENOS: &str = "juniper_screenos";
const IVE: &str = "juniper_ive";

/// The letters ScreenOS inserts, and where they end up.
const MARKS: [(usize, u8); 6] = [
    (0, b'n'),
    (6, b'r'),
    (12, b'c'),
    (17, b's'),
    (23, b't'),
    (29, b'n'),
];
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `juniper_screenos`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct JuniperScreenOs;

/// Whether `hash` has ScreenOS's shape: 30 characters, the six letters in place, base64
/// elsewhere with every third character of the digest below `Q`.
fn screenos_shape(hash: &str) -> bool {
    let b = hash.as_bytes();
    if b.len() != 30 || !MARKS.iter().all(|&(i, c)| b[i] == c) {
        return false;
    }
    let digest: Vec<u8> = (0..30)
        .filter(|i| !MARKS.iter().any(|&(m, _)| m == *i))
        .map(|i| b[i])
        .collect();
    digest
        .chunks_exact(3)
        .all(|t| (b'A'..=b'P').contains(&t[0]) && t[1..].iter().all(|c| ALPHABET.contains(c)))
}

/// ScreenOS's 30-character value for `user` and `password`.
fn screenos_value(user: &str, password: &[u8]) -> Zeroizing<Vec<u8>> {
    let d = Algorithm::Md5.digest(&[user.as_bytes(), b":Administration Tools:", password]);
    let mut enc = Zeroizing::new(Vec::with_capacity(30));
    for w in d.as_bytes().chunks_exact(2) {
        let n = (u16::from(w[0]) << 8) | u16::from(w[1]);
        for v in [n >> 12, (n >> 6) & 0x3f, n & 0x3f] {
            enc.push(ALPHABET[usize::from(v)]);
        }
    }
    for &(i, c) in &MARKS {
        enc.insert(i, c);
    }
    enc
}

impl Scheme for JuniperScreenOs {
    fn id(&self) -> &str {
        SCREENOS
    }

    fn identify(&self, hash: &str) -> Match {
        if screenos_shape(hash) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        if !screenos_shape(cred.hash()) {
            return Err(Error::malformed(
                SCREENOS,
                "value",
                "expected 30 characters with n, r, c, s, t, n at positions 0, 6, 12, 17, 23, 29",
            ));
        }
        let user = cred.require_username(SCREENOS)?;
        Ok(ct_eq(
            &screenos_value(user, password),
            cred.hash().as_bytes(),
        ))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        if !screenos_shape(cred.hash()) {
            return Err(Error::malformed(SCREENOS, "value", "not a ScreenOS value"));
        }
        cred.require_username(SCREENOS)?;
        Ok(Vec::new())
    }
}

/// The product's fixed AES-128 key.
const IVE_KEY: [u8; 16] = [
    0xa6, 0x70, 0x7a, 0x7e, 0x8d, 0xf9, 0x10, 0x59, 0xde, 0xa7, 0x0a, 0xe5, 0x2f, 0x9c, 0x24, 0x42,
];

/// `juniper_ive`, verified through the md5-crypt scheme.
pub(crate) struct JuniperIve {
    md5_crypt: Option<Arc<dyn Scheme>>,
}

impl JuniperIve {
    pub(crate) fn new(md5_crypt: Option<Arc<dyn Scheme>>) -> Self {
        JuniperIve { md5_crypt }
    }
}

/// The md5-crypt string inside an IVE record.
fn ive_inner(hash: &str) -> Result<String> {
    if hash.len() != 104 {
        return Err(Error::malformed(
            IVE,
            "length",
            "expected 104 base64 characters",
        ));
    }
    let raw = b64::decode(&b64::STANDARD, hash)
        .filter(|r| r.len() == 76)
        .ok_or_else(|| Error::malformed(IVE, "record", "not 76 bytes of base64"))?;
    let mut iv = [0u8; 16];
    iv[..12].copy_from_slice(&raw[..12]);
    let cipher = aes::Aes128::new(&IVE_KEY.into());
    let mut plain = Zeroizing::new([0u8; 64]);
    let mut prev = iv;
    for (out, chunk) in plain.chunks_exact_mut(16).zip(raw[12..].chunks_exact(16)) {
        let mut block = aes::Block::default();
        block.copy_from_slice(chunk);
        cipher.decrypt_block(&mut block);
        for ((o, b), p) in out.iter_mut().zip(block.iter()).zip(prev.iter()) {
            *o = b ^ p;
        }
        prev.copy_from_slice(chunk);
    }
    let inner = &plain[..34];
    let crypt_ok = inner.starts_with(b"$1$danastre$")
        && inner[12..]
            .iter()
            .all(|&c| crate::encoding::crypt64::value(c).is_some());
    if !crypt_ok {
        return Err(Error::malformed(
            IVE,
            "record",
            "does not decrypt to an md5-crypt string with the salt danastre",
        ));
    }
    Ok(String::from_utf8_lossy(inner).into_owned())
}

impl Scheme for JuniperIve {
    fn id(&self) -> &str {
        IVE
    }

    fn identify(&self, _hash: &str) -> Match {
        // Plain base64 of a fixed length: only the hint selects it.
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let inner = ive_inner(cred.hash())?;
        let md5 = self.md5_crypt.as_ref().ok_or_else(|| {
            Error::unsupported(format!("{IVE}: no md5_crypt scheme in this build"))
        })?;
        md5.verify(password, &Credential::new(inner), limits)
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        ive_inner(cred.hash())?;
        Ok(vec![("salt", "danastre".to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn screenos_known_answers() {
        let l = Limits::DEFAULT;
        // hashcat mode 22's self-test: administrator "26506173".
        let h = "nKjiFErqK7TPcZdFZsZMNWPtw4Pv8n";
        assert_eq!(JuniperScreenOs.identify(h), Match::Shape);
        let c = Credential::new(h).with_username("26506173");
        assert!(JuniperScreenOs.verify(b"hashcat", &c, &l).unwrap());
        assert!(
            !JuniperScreenOs
                .verify(b"hashcat", &c.with_username("admin"), &l)
                .unwrap()
        );
        let e = JuniperScreenOs
            .verify(b"x", &Credential::new(h), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        for bad in [
            "xKjiFErqK7TPcZdFZsZMNWPtw4Pv8n",
            "nKjiFErqK7TPcZdFZsZMNWPtw4Pv8",
            "nZjiFErqK7TPcZdFZsZMNWPtw4Pv8n",
        ] {
            assert_eq!(JuniperScreenOs.identify(bad), Match::No, "{bad}");
            let e = JuniperScreenOs
                .verify(b"x", &Credential::new(bad).with_username("u"), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }

    #[test]
    fn ive_self_test() {
        let l = Limits::DEFAULT;
        let s = JuniperIve::new(crate::schemes::core("md5_crypt"));
        let h = "3u+UR6n8AgABAAAAHxxdXKmiOmUoqKnZlf8lTOhlPYy93EAkbPfs5+49YLFd/B1+omSKbW7DoqNM40/EeVnwJ8kYoXv9zy9D5C5m5A==";
        assert!(s.verify(b"hashcat", &Credential::new(h), &l).unwrap());
        assert!(!s.verify(b"hashcaT", &Credential::new(h), &l).unwrap());
        // Another IV: the record no longer decrypts to md5-crypt.
        let other = h.replacen('3', "4", 1);
        let e = s
            .verify(b"hashcat", &Credential::new(other), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let e = s
            .verify(b"hashcat", &Credential::new(&h[4..]), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
