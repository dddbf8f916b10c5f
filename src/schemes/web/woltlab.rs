//! `woltlab_double_bcrypt`: WoltLab Community Framework 2.x and WoltLab Suite before 5.4
//! (Burning Board 4), `wcf1_user.password`.
//!
//! WCF's `PasswordUtil::getDoubleSaltedHash($password, $salt)` is
//! `crypt(crypt($password, $salt), $salt)`: bcrypt (`$2a$`, cost 08 by default) of the
//! password, then bcrypt of that whole 60-character string with the same salt. The stored value
//! is the outer string, byte for byte a bcrypt string, so it cannot be told from one: only the
//! hint selects this scheme (without it the string is read as `bcrypt` and no password
//! matches). PHP's `crypt()` reads the password as a C string: bytes after a NUL are ignored,
//! and bcrypt reads 72 bytes of it.
//!
//! Weaknesses: twice the bcrypt cost, which is usually 08; the 72-byte truncation of the inner
//! bcrypt. Always upgraded. Both bcrypt runs are charged to the work budget
//! ([`Limits::bcrypt`] with two readings) before any work.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};
use crate::schemes::unix::bcrypt::{KEY_BYTES, Parsed, bcrypt_raw, encode_bcrypt64, parse_as};

const ID: &str = "woltlab_double_bcrypt";

/// `woltlab_double_bcrypt`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WoltlabDoubleBcrypt;

/// The stored string taken apart (bcrypt's own reader), and its setting: everything before
/// the 31 digest characters, which the inner crypt() writes first.
fn parse(hash: &str) -> Result<(Parsed<'_>, &str)> {
    let p = parse_as(ID, hash)?;
    let setting = &hash[..hash.len() - p.digest.len()];
    Ok((p, setting))
}

impl Scheme for WoltlabDoubleBcrypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$2a$", "$2y$"]
    }

    fn identify(&self, _hash: &str) -> Match {
        // Byte for byte a bcrypt string: only the hint can select this scheme.
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (p, setting) = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, 2)?;
        // PHP's crypt() stops at a NUL.
        let key = password.split(|&b| b == 0).next().unwrap_or_default();
        let inner = bcrypt_raw(key, &p.salt, p.cost, p.variant);
        let mut inner_text = Zeroizing::new(String::with_capacity(60));
        inner_text.push_str(setting);
        inner_text.push_str(&encode_bcrypt64(inner.as_ref()));
        let outer = bcrypt_raw(inner_text.as_bytes(), &p.salt, p.cost, p.variant);
        let ours = Zeroizing::new(encode_bcrypt64(outer.as_ref()));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (p, _) = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, 2)?;
        Ok(vec![
            ("version", p.variant.marker().trim_matches('$').to_owned()),
            ("cost", p.cost.to_string()),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.len() > KEY_BYTES || password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        // hashcat mode 33800's self-test, also PHP 8.2's crypt(crypt('hashcat', $s), $s).
        let c = Credential::new("$2a$08$hashcatohohohohohohohegk6PN.SFkoXxDIkacAGKFN9AF8nx.Hi");
        assert!(WoltlabDoubleBcrypt.verify(b"hashcat", &c, &l).unwrap());
        assert!(!WoltlabDoubleBcrypt.verify(b"hashcaT", &c, &l).unwrap());
        assert!(WoltlabDoubleBcrypt.verify(b"hashcat\0x", &c, &l).unwrap());
        assert!(WoltlabDoubleBcrypt.truncates(b"hashcat\0x"));
        assert_eq!(WoltlabDoubleBcrypt.identify(c.hash()), Match::No);
    }

    #[test]
    fn bounds_and_shape() {
        let l = Limits::DEFAULT;
        for (h, kind) in [
            (
                "$2a$17$hashcatohohohohohohohegk6PN.SFkoXxDIkacAGKFN9AF8nx.Hi",
                ErrorKind::Limit,
            ),
            (
                "$2a$08$hashcatohohohohohohohegk6PN.SFkoXxDIkacAGKFN9AF8nx.H",
                ErrorKind::Malformed,
            ),
            (
                "$2a$8$hashcatohohohohohohohegk6PN.SFkoXxDIkacAGKFN9AF8nx.Hi",
                ErrorKind::Malformed,
            ),
            ("$1$hashcat", ErrorKind::Malformed),
        ] {
            let e = WoltlabDoubleBcrypt
                .verify(b"x", &Credential::new(h), &l)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
