//! MediaWiki's salted MD5 (`:B:`), the `user.user_password` of MediaWiki 1.13 to 1.23 and of every
//! account that has not logged in since.
//!
//! `:B:<salt>:<md5 hex>` with `md5(salt . "-" . md5hex(password))` (`MWSaltedPassword`,
//! formerly `User::crypt`); MediaWiki writes 8 hex digits of salt. From 1.24 new passwords are
//! PBKDF2, and `maintenance/wrapOldPasswords.php` may rewrap old ones as `:pbkdf2-legacyB:`
//! (not read here); unwrapped `:B:` values stay valid logins. hashcat (3711) and John the
//! Ripper write the same value as `$B$salt$hash`, which is read too.
//!
//! The salt is the text between the second and third `:` (any characters but `:`), at most
//! `Limits::max_salt_bytes`; the digest is 32 hex digits. Weaknesses: two MD5 calls. Always
//! upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{hex_digest, hex_exact};

/// MediaWiki's `:B:` type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MediawikiB;

impl MediawikiB {
    const ID: &'static str = "mediawiki_b";

    /// The salt and digest of `:B:salt:hex` or `$B$salt$hex`.
    fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<(&'a str, Vec<u8>)> {
        let (sep, rest) = if let Some(rest) = hash.strip_prefix(":B:") {
            (':', rest)
        } else if let Some(rest) = hash.strip_prefix("$B$") {
            ('$', rest)
        } else {
            return Err(Error::malformed(Self::ID, "prefix", "expected :B:"));
        };
        let (salt, digest) = rest
            .split_once(sep)
            .ok_or_else(|| Error::malformed(Self::ID, "salt", "expected :B:salt:md5 hex"))?;
        if salt.is_empty() {
            return Err(Error::malformed(Self::ID, "salt", "empty"));
        }
        limits.salt_len(Self::ID, salt.len())?;
        Ok((salt, hex_exact(Self::ID, "digest", digest, 16)?))
    }
}

impl Scheme for MediawikiB {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[":B:", "$B$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(":B:") || hash.starts_with("$B$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (salt, stored) = Self::parse(cred.hash(), limits)?;
        let inner = hex_digest(Algorithm::Md5, &[password]);
        let ours = Algorithm::Md5.digest(&[salt.as_bytes(), b"-", inner.as_bytes()]);
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = Self::parse(cred.hash(), limits)?;
        Ok(vec![("salt", salt.to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &str, hash: &str) -> Result<bool> {
        MediawikiB.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat 3711's self-test as MediaWiki stores it, and John the Ripper's in its form.
        assert!(check("hashcat", ":B:2152187716:8c8b39c3602b194eeeb6cac78eea2742").unwrap());
        assert!(check("hashcat", "$B$2152187716$8c8b39c3602b194eeeb6cac78eea2742").unwrap());
        assert!(check("qwerty", "$B$113$de2874e33da25313d808d2a8cbf31485").unwrap());
        assert!(!check("Qwerty", "$B$113$de2874e33da25313d808d2a8cbf31485").unwrap());
    }

    #[test]
    fn refuses_malformed() {
        for h in [
            ":B:",
            ":B::8c8b39c3602b194eeeb6cac78eea2742",
            ":B:2152187716",
            ":B:2152187716:8c8b39c3602b194eeeb6cac78eea274",
            ":B:2152187716$8c8b39c3602b194eeeb6cac78eea2742",
            ":A:8c8b39c3602b194eeeb6cac78eea2742",
        ] {
            assert_eq!(
                check("x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
    }
}
