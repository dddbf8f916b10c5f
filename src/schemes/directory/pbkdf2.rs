//! Dovecot's `{PBKDF2}`: `{PBKDF2}$1$salt$rounds$hex`.
//!
//! PBKDF2-HMAC-SHA1 with a 20-byte output in lower-case hex (either case is read); the salt is
//! the text between `$1$` and the next `$`, used as its bytes (Dovecot writes 16 characters of
//! `./0-9A-Za-z`), and `rounds` a decimal count (Dovecot's default is 5000). Written by
//! `doveadm pw -s PBKDF2` since Dovecot 2.2.
//!
//! The `{PBKDF2}` marker is shared with passlib's `ldap_pbkdf2_sha1`
//! (`{PBKDF2}rounds$ab64salt$ab64hash`, another module): this scheme claims only bodies starting
//! with `$1$`.
//!
//! Weaknesses: PBKDF2-SHA1 at a few thousand rounds. Always upgraded.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

const ID: &str = "dovecot_pbkdf2";
const KEY_LEN: usize = 20;

/// Dovecot's `{PBKDF2}` scheme.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DovecotPbkdf2;

/// A parsed value.
struct Parsed<'a> {
    salt: &'a str,
    rounds: u64,
    key: Vec<u8>,
}

impl DovecotPbkdf2 {
    fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
        let m = Marked::expect(ID, hash, "PBKDF2")?;
        let rest = match (m.suffix, m.body.strip_prefix("$1$")) {
            (None, Some(rest)) => rest,
            _ => return Err(Error::malformed(ID, "prefix", "expected {PBKDF2}$1$")),
        };
        let fields: Vec<&str> = rest.splitn(4, '$').collect();
        let [salt, rounds, key] = fields[..] else {
            return Err(Error::malformed(
                ID,
                "value",
                "expected $1$salt$rounds$hash",
            ));
        };
        limits.salt_len(ID, salt.len())?;
        let rounds = number::decimal(ID, "rounds", rounds)?;
        limits.pbkdf2(ID, Algorithm::Sha1, rounds, KEY_LEN)?;
        let key = DigestText::Hex
            .decode_exact(key, KEY_LEN)
            .ok_or_else(|| Error::malformed(ID, "digest", "expected 40 hex digits"))?;
        Ok(Parsed { salt, rounds, key })
    }
}

impl Scheme for DovecotPbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{PBKDF2}$1$", "{pbkdf2}$1$"]
    }

    fn identify(&self, hash: &str) -> Match {
        match Marked::named(hash, "PBKDF2") {
            Some(m) if m.suffix.is_none() && m.body.starts_with("$1$") => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = Self::parse(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            ID,
            Algorithm::Sha1,
            password,
            p.salt.as_bytes(),
            p.rounds,
            KEY_LEN,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.key))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = Self::parse(cred.hash(), limits)?;
        Ok(vec![
            ("salt", p.salt.to_owned()),
            ("rounds", p.rounds.to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const H: &str = "{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9";

    fn check(pw: &[u8], hash: &str) -> Result<bool> {
        DovecotPbkdf2.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answer() {
        // doveadm pw -s PBKDF2 (Dovecot 2.3.19).
        assert_eq!(DovecotPbkdf2.identify(H), Match::Exact);
        assert!(check(b"correct horse battery staple", H).unwrap());
        assert!(!check(b"correct horse battery stapl", H).unwrap());
        // Upper-case hex and marker read the same.
        let upper = "{pbkdf2}$1$KHOrGeSY9SGlVpoS$5000$608694B2D34E4ED74F65A81C1DCB8C94B136F1F9";
        assert!(check(b"correct horse battery staple", upper).unwrap());
    }

    #[test]
    fn leaves_passlib_form_alone() {
        let passlib = "{PBKDF2}131000$tLbWWssZ45zzfi9FiDEmxA$dQlpmhY4dGvmx4MOK/uOj/WU7Lg";
        assert_eq!(DovecotPbkdf2.identify(passlib), Match::No);
        let e = check(b"x", passlib).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000",
            "{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f",
            "{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9$",
            "{PBKDF2}$1$KHOrGeSY9SGlVpoS$0$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9",
            "{PBKDF2}$1$KHOrGeSY9SGlVpoS$+5$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9",
            "{PBKDF2.HEX}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9",
        ] {
            let e = check(b"x", h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
        let e = check(
            b"x",
            "{PBKDF2}$1$s$4294967295$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9",
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
