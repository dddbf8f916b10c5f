//! Clear-text passwords: an LDAP `userPassword` without a scheme (`ldap_plaintext`), and
//! Dovecot's `{PLAIN}` / `{CLEAR}` / `{CLEARTEXT}` (`dovecot_plain`).
//!
//! `ldap_plaintext` is passlib's name for a `userPassword` holding the password itself, which
//! OpenLDAP compares byte for byte. Such a value has no marker, so it is used only with the scheme
//! hint; like passlib, it refuses a value that looks like `{SCHEME}...` (comparing a stored hash
//! as if it were the password would let the hash itself log in) and an empty value.
//!
//! Dovecot stores clear text behind `{PLAIN}` (aliases `{CLEAR}`, `{CLEARTEXT}`), optionally
//! encoded with a suffix: `{PLAIN.B64}cGFzcw==`, `{PLAIN.HEX}70617373`. Dovecot's
//! `{PLAIN-TRUNC}` (a length-prefixed value that accepts longer passwords) is not supported.
//!
//! Weaknesses: no hashing at all; anyone who reads the store has every password. Upgraded on the
//! first successful login.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

/// Whether `hash` starts with an RFC 2307 style `{SCHEME}` marker.
fn has_scheme_marker(hash: &str) -> bool {
    Marked::split(hash).is_some_and(|m| {
        !m.name.is_empty()
            && m.name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    })
}

/// `ldap_plaintext`: the password itself, without a scheme marker. Hint only.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LdapPlaintext;

impl Scheme for LdapPlaintext {
    fn id(&self) -> &str {
        "ldap_plaintext"
    }

    fn identify(&self, _hash: &str) -> Match {
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let hash = cred.hash();
        if hash.is_empty() {
            return Err(Error::malformed("ldap_plaintext", "value", "empty"));
        }
        if has_scheme_marker(hash) {
            return Err(Error::malformed(
                "ldap_plaintext",
                "value",
                "starts with a {SCHEME} marker: a hashed value, not clear text",
            ));
        }
        Ok(ct_eq(password, hash.as_bytes()))
    }
}

/// Dovecot's clear-text schemes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DovecotPlain;

const PLAIN_NAMES: [&str; 3] = ["PLAIN", "CLEAR", "CLEARTEXT"];

impl DovecotPlain {
    /// The marker split off, when it is one of the clear-text names with a known suffix.
    fn marked(hash: &str) -> Option<Marked<'_>> {
        Marked::split(hash).filter(|m| {
            PLAIN_NAMES.iter().any(|n| m.name.eq_ignore_ascii_case(n)) && m.encoding().is_ok()
        })
    }
}

impl Scheme for DovecotPlain {
    fn id(&self) -> &str {
        "dovecot_plain"
    }

    fn prefixes(&self) -> &[&'static str] {
        &[
            "{PLAIN}",
            "{plain}",
            "{CLEAR}",
            "{clear}",
            "{CLEARTEXT}",
            "{cleartext}",
            "{PLAIN.B64}",
            "{PLAIN.HEX}",
        ]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(Self::marked(hash).is_some())
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let m = Self::marked(cred.hash()).ok_or_else(|| {
            Error::malformed(
                "dovecot_plain",
                "prefix",
                "expected {PLAIN}, {CLEAR} or {CLEARTEXT}, optionally with .HEX or .B64",
            )
        })?;
        match m.encoding() {
            Ok(Some(text)) => {
                let stored = Zeroizing::new(text.decode(m.body).ok_or_else(|| {
                    Error::malformed(
                        "dovecot_plain",
                        "value",
                        format!("not valid {}", text.name()),
                    )
                })?);
                Ok(ct_eq(password, &stored))
            }
            _ => Ok(ct_eq(password, m.body.as_bytes())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &dyn Scheme, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn ldap_plaintext() {
        assert!(check(&LdapPlaintext, b"Tr0ub4dor&3", "Tr0ub4dor&3").unwrap());
        assert!(!check(&LdapPlaintext, b"tr0ub4dor&3", "Tr0ub4dor&3").unwrap());
        assert!(check(&LdapPlaintext, b"{not a marker", "{not a marker").unwrap());
        assert_eq!(LdapPlaintext.identify("password"), Match::No);
        for h in ["", "{SSHA}abcd", "{SHA512-CRYPT}$6$x"] {
            let e = check(&LdapPlaintext, b"x", h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }

    #[test]
    fn dovecot_plain() {
        for h in [
            "{PLAIN}密码",
            "{cleartext}密码",
            "{PLAIN.HEX}e5af86e7a081",
            "{Plain.b64}5a+G56CB",
        ] {
            assert_eq!(DovecotPlain.identify(h), Match::Exact, "{h}");
            assert!(check(&DovecotPlain, "密码".as_bytes(), h).unwrap(), "{h}");
            assert!(!check(&DovecotPlain, b"totally-different-Z9", h).unwrap());
        }
        assert_eq!(DovecotPlain.identify("{PLAIN-TRUNC}3-abc"), Match::No);
        assert_eq!(DovecotPlain.identify("{PLAIN.B32}x"), Match::No);
        let e = check(&DovecotPlain, b"x", "{PLAIN.HEX}zz").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let e = check(&DovecotPlain, b"x", "{SSHA}x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
