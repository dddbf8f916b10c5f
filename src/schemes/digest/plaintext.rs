//! Clear-text passwords: `plaintext` (the column holds the password) and Roundup's
//! `{plaintext}` prefix (`roundup_plaintext`).
//!
//! `plaintext` has no marker and matches any string, so it is used only with the scheme hint.
//! `roundup_plaintext` is the Roundup issue tracker's spelling, matched case-sensitively as
//! Roundup and passlib do. Both compare the password bytes with the stored text in constant
//! time (for equal lengths); no normalisation.
//!
//! Weaknesses: no hashing at all. Upgraded on the first successful login.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

/// The password itself. Hint only.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plaintext;

impl Scheme for Plaintext {
    fn id(&self) -> &str {
        "plaintext"
    }

    fn identify(&self, _hash: &str) -> Match {
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        Ok(ct_eq(password, cred.hash().as_bytes()))
    }
}

/// Roundup's `{plaintext}password`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RoundupPlaintext;

const ROUNDUP: &str = "{plaintext}";

impl Scheme for RoundupPlaintext {
    fn id(&self) -> &str {
        "roundup_plaintext"
    }

    fn prefixes(&self) -> &[&'static str] {
        &[ROUNDUP]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(ROUNDUP))
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = cred.hash().strip_prefix(ROUNDUP).ok_or_else(|| {
            Error::malformed("roundup_plaintext", "prefix", "expected {plaintext}")
        })?;
        Ok(ct_eq(password, stored.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn compares() {
        let l = Limits::DEFAULT;
        assert!(Plaintext.verify(b"pw", &Credential::new("pw"), &l).unwrap());
        assert!(
            !Plaintext
                .verify(b"pw ", &Credential::new("pw"), &l)
                .unwrap()
        );
        assert!(Plaintext.verify(b"", &Credential::new(""), &l).unwrap());
        assert_eq!(Plaintext.identify("pw"), Match::No);
        let r = Credential::new("{plaintext}p:a$s{w}rd");
        assert_eq!(RoundupPlaintext.identify(r.hash()), Match::Exact);
        assert!(RoundupPlaintext.verify(b"p:a$s{w}rd", &r, &l).unwrap());
        assert!(!RoundupPlaintext.verify(b"p:a$s{w}re", &r, &l).unwrap());
        assert_eq!(RoundupPlaintext.identify("{PLAINTEXT}x"), Match::No);
        let e = RoundupPlaintext
            .verify(b"x", &Credential::new("x"), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
