//! Disabled and locked accounts in `/etc/shadow` and `master.passwd`: `!` and `!!` (Linux
//! shadow-utils), `*` (the BSDs, system accounts), `*LK*` and `*NP*` (Solaris), and a real hash
//! behind a `!` (`passwd -l`, `usermod -L`) or `*LOCKED*` (FreeBSD `pw lock`), which keeps the
//! hash for a later unlock. passlib calls the format `unix_disabled`.
//!
//! No password verifies against these: `verify` answers `Ok(false)` for every well-formed marker,
//! locked hashes included (the account is locked whatever the password). An importer that
//! wants to carry a locked hash over can strip the marker itself.
//!
//! Identification: strings starting with `!`, except `!` + 40 letters and digits (Django's
//! unusable password, `django_disabled`, which no crypt format can look like), and strings
//! starting with `*` unless the rest is nothing but hex digits (MySQL 4.1's `*` + 40 hex digits,
//! and broken copies of it, belong to the database family). The empty string, which shadow files use for "no password needed",
//! is not claimed: it is refused as malformed when this scheme is named.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::scheme::{Match, Scheme};

const ID: &str = "unix_disabled";

/// Length of the random suffix of Django's unusable password (`!` + 40 letters and digits).
const DJANGO_SUFFIX: usize = 40;

fn is_marker(hash: &str) -> bool {
    match hash.as_bytes() {
        [b'!', rest @ ..] => {
            !(rest.len() == DJANGO_SUFFIX && rest.iter().all(u8::is_ascii_alphanumeric))
        }
        [b'*', rest @ ..] => rest.is_empty() || !rest.iter().all(u8::is_ascii_hexdigit),
        _ => false,
    }
}

/// A disabled or locked account.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct UnixDisabled;

impl Scheme for UnixDisabled {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["!", "*"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(is_marker(hash))
    }

    fn verify(&self, _password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        if is_marker(cred.hash()) {
            Ok(false)
        } else {
            Err(Error::malformed(
                ID,
                "marker",
                "expected a disabled-account marker starting with ! or *",
            ))
        }
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.verify(b"", cred, limits)?;
        let hash = cred.hash();
        let kept = hash
            .trim_start_matches(['!', '*'])
            .trim_start_matches("LOCKED*");
        Ok(vec![
            ("marker", hash[..hash.len() - kept.len()].to_owned()),
            ("locked_hash", (!kept.is_empty()).to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn never_verifies() {
        for h in [
            "!",
            "!!",
            "*",
            "*LK*",
            "*NP*",
            "!$6$salt$abc",
            "*LOCKED*$1$x$y",
        ] {
            assert_eq!(UnixDisabled.identify(h), Match::Exact, "{h}");
            assert!(
                !UnixDisabled
                    .verify(b"", &Credential::new(h), &Limits::DEFAULT)
                    .unwrap()
            );
        }
    }

    #[test]
    fn leaves_other_formats_alone() {
        for h in [
            "*FCF7C1B8749CF99D88E5F34271D636178FB5D130",
            "*FCF7",
            "!dQbZgHPsEivB6mORi55qaZvzyDBFoUGo7jcp6cBo",
            "$6$x$y",
            "",
        ] {
            assert_eq!(UnixDisabled.identify(h), Match::No, "{h}");
        }
        let e = UnixDisabled
            .verify(b"", &Credential::new(""), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }

    #[test]
    fn inspects() {
        let got = UnixDisabled
            .inspect(&Credential::new("!$6$salt$abc"), &Limits::DEFAULT)
            .unwrap();
        assert_eq!(got[0], ("marker", "!".to_owned()));
        assert_eq!(got[1], ("locked_hash", "true".to_owned()));
    }
}
