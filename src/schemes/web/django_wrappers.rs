//! Django hashers that wrap a crypt/PHC-family hash, and Django's unusable-password marker.
//!
//! * `django_argon2`: `argon2` followed by an argon2 PHC string (`argon2$argon2id$v=19$...`;
//!   Django 1.10 wrote `argon2i` without `v=`, a version 0x10 hash). Verified by the `argon2`
//!   scheme.
//! * `django_bcrypt`: `bcrypt$` followed by a bcrypt string (`bcrypt$$2b$12$...`). bcrypt reads
//!   only the first 72 bytes of the password: such logins are flagged for upgrade.
//! * `django_bcrypt_sha256`: `bcrypt_sha256$` followed by a bcrypt string of the 64 lower-case
//!   hex digits of SHA-256(password), Django's `BCryptSHA256PasswordHasher`. This is Django's own
//!   pre-hash, not passlib's `$bcrypt-sha256$` (which uses an HMAC and base64); passlib's
//!   `django_bcrypt_sha256` handler writes the same strings as Django.
//! * `django_des_crypt`: `crypt$<salt>$<13-character DES crypt>` (`CryptPasswordHasher`). Django
//!   ignores the middle field (recent versions leave it empty) and verifies with the DES crypt
//!   string, which carries its own two-character salt; so do we. DES crypt reads 8 characters of
//!   the password and is trivially brute-forced.
//! * `django_disabled`: `!` followed by 40 random letters and digits, what
//!   `set_unusable_password()` stores (Django before 1.6 stored a bare `!`, identified as
//!   `unix_disabled`). It is not a hash of anything: it never verifies (`Ok(false)`), and any
//!   `!` string is accepted when the credential names this scheme.
//!
//! The first four need the `bcrypt`, `argon2` and `des_crypt` schemes of the crypt/PHC families;
//! they are registered only when those are built in.

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::Algorithm;
use crate::scheme::{Match, Prefixed, Scheme};

/// `django_argon2` over the given `argon2` scheme.
pub(crate) fn django_argon2(argon2: Arc<dyn Scheme>) -> Prefixed {
    Prefixed::new("django_argon2", &["argon2"], argon2)
}

/// `django_bcrypt` over the given `bcrypt` scheme.
pub(crate) fn django_bcrypt(bcrypt: Arc<dyn Scheme>) -> Prefixed {
    Prefixed::new("django_bcrypt", &["bcrypt$"], bcrypt)
}

const BCRYPT_SHA256: &str = "django_bcrypt_sha256";
const BCRYPT_SHA256_MARKER: &str = "bcrypt_sha256$";

/// `django_bcrypt_sha256`: bcrypt over hex(SHA-256(password)).
pub(crate) struct DjangoBcryptSha256 {
    bcrypt: Arc<dyn Scheme>,
}

impl DjangoBcryptSha256 {
    /// Over the given `bcrypt` scheme.
    pub(crate) fn new(bcrypt: Arc<dyn Scheme>) -> Self {
        DjangoBcryptSha256 { bcrypt }
    }

    fn inner(&self, cred: &Credential) -> Result<Credential> {
        cred.hash()
            .strip_prefix(BCRYPT_SHA256_MARKER)
            .map(|rest| cred.with_hash(rest))
            .ok_or_else(|| Error::malformed(BCRYPT_SHA256, "prefix", "expected bcrypt_sha256$"))
    }
}

impl Scheme for DjangoBcryptSha256 {
    fn id(&self) -> &str {
        BCRYPT_SHA256
    }

    fn prefixes(&self) -> &[&'static str] {
        &[BCRYPT_SHA256_MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        match hash.strip_prefix(BCRYPT_SHA256_MARKER) {
            Some(rest) if self.bcrypt.identify(rest) != Match::No => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let inner = self.inner(cred)?;
        let prehash = Zeroizing::new(Algorithm::Sha256.digest(&[password]).to_hex());
        self.bcrypt.verify(prehash.as_bytes(), &inner, limits)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.bcrypt.inspect(&self.inner(cred)?, limits)
    }
}

const DES: &str = "django_des_crypt";
const DES_MARKER: &str = "crypt$";

/// `django_des_crypt`: `crypt$salt$` followed by a DES crypt string.
pub(crate) struct DjangoDesCrypt {
    des: Arc<dyn Scheme>,
}

impl DjangoDesCrypt {
    /// Over the given `des_crypt` scheme.
    pub(crate) fn new(des: Arc<dyn Scheme>) -> Self {
        DjangoDesCrypt { des }
    }

    /// The DES crypt string after the ignored salt field.
    fn data(hash: &str) -> Option<&str> {
        hash.strip_prefix(DES_MARKER)?
            .split_once('$')
            .map(|(_, d)| d)
    }

    fn inner(&self, cred: &Credential) -> Result<Credential> {
        let data = Self::data(cred.hash())
            .ok_or_else(|| Error::malformed(DES, "prefix", "expected crypt$<salt>$<DES crypt>"))?;
        if data.len() != 13 {
            return Err(Error::malformed(
                DES,
                "digest",
                "expected a 13-character DES crypt string",
            ));
        }
        Ok(cred.with_hash(data))
    }
}

impl Scheme for DjangoDesCrypt {
    fn id(&self) -> &str {
        DES
    }

    fn prefixes(&self) -> &[&'static str] {
        &[DES_MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        match Self::data(hash) {
            Some(d) if d.len() == 13 && self.des.identify(d) != Match::No => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        self.des.verify(password, &self.inner(cred)?, limits)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.des.inspect(&self.inner(cred)?, limits)
    }

    fn truncates(&self, password: &[u8]) -> bool {
        self.des.truncates(password)
    }
}

/// `django_disabled`: an unusable password, `!` and random characters.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DjangoDisabled;

impl Scheme for DjangoDisabled {
    fn id(&self) -> &str {
        "django_disabled"
    }

    fn prefixes(&self) -> &[&'static str] {
        &["!"]
    }

    fn identify(&self, hash: &str) -> Match {
        // Django 1.6+ writes `!` and 40 letters and digits; other `!` strings are the shadow
        // file's locked-account markers (`unix_disabled`), though a hint may name either.
        match hash.as_bytes() {
            [b'!', rest @ ..] if rest.len() == 40 && rest.iter().all(u8::is_ascii_alphanumeric) => {
                Match::Exact
            }
            _ => Match::No,
        }
    }

    fn verify(&self, _password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        if cred.hash().starts_with('!') {
            Ok(false)
        } else {
            Err(Error::malformed(
                "django_disabled",
                "prefix",
                "expected the unusable-password marker !",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_never_verifies() {
        let c = Credential::new("!dQbZgHPsEivB6mORi55qaZvzyDBFoUGo7jcp6cBo");
        assert_eq!(DjangoDisabled.identify(c.hash()), Match::Exact);
        assert_eq!(DjangoDisabled.identify("!"), Match::No);
        assert_eq!(DjangoDisabled.identify("!$6$salt$hash"), Match::No);
        assert!(
            !DjangoDisabled
                .verify(b"", &Credential::new("!"), &Limits::DEFAULT)
                .unwrap()
        );
        assert!(!DjangoDisabled.verify(b"", &c, &Limits::DEFAULT).unwrap());
        assert!(
            !DjangoDisabled
                .verify(
                    b"!dQbZgHPsEivB6mORi55qaZvzyDBFoUGo7jcp6cBo",
                    &c,
                    &Limits::DEFAULT
                )
                .unwrap()
        );
        assert!(
            DjangoDisabled
                .verify(b"x", &Credential::new("abc"), &Limits::DEFAULT)
                .is_err()
        );
    }

    fn core(id: &str) -> Option<Arc<dyn Scheme>> {
        crate::schemes::core(id)
    }

    #[test]
    fn bcrypt_wrappers() {
        let Some(bcrypt) = core("bcrypt") else {
            return;
        };
        let l = Limits::DEFAULT;
        // Django 5.2 BCryptSHA256PasswordHasher, rounds=4: an 86-byte password, whose bytes past
        // 72 still count because of the SHA-256 pre-hash.
        let s = DjangoBcryptSha256::new(bcrypt.clone());
        let c = Credential::new(
            "bcrypt_sha256$$2b$04$73K2LoPG9yN5yIJhkcTbc.hHkMC5Dhx7ex/9xu93ef6gkOcKLEqVa",
        );
        let pw = b"01234567890123456789012345678901234567890123456789012345678901234567890123456789tail-";
        assert!(s.verify(&[&pw[..], b"A"].concat(), &c, &l).unwrap());
        assert!(!s.verify(&[&pw[..], b"B"].concat(), &c, &l).unwrap());
        assert_eq!(s.identify(c.hash()), Match::Exact);
        assert!(
            s.verify(b"x", &Credential::new("bcrypt_sha256$"), &l)
                .is_err()
        );
        // Django 5.2 BCryptPasswordHasher, rounds=4.
        let b = django_bcrypt(bcrypt);
        let c =
            Credential::new("bcrypt$$2b$04$0Al3372ZzM131yZu/4eEkOsE2CZ27qb8d5331n43U/mE3TsZAEWoS");
        assert!(b.verify(b"password", &c, &l).unwrap());
        assert!(!b.verify(b"passwore", &c, &l).unwrap());
        assert_eq!(b.identify(c.hash()), Match::Exact);
        assert_eq!(b.identify("bcrypt_sha256$$2b$04$x"), Match::No);
    }

    #[test]
    fn argon2_wrapper() {
        let Some(argon2) = core("argon2") else {
            return;
        };
        // Django 5.2 Argon2PasswordHasher (t=1, m=64, p=1).
        let s = django_argon2(argon2);
        let c = Credential::new(
            "argon2$argon2id$v=19$m=64,t=1,p=1$QU13cjVrYksxb3NYak5ub2libmNDVQ$ooFgl0k7e7CoQi3ip3xK9cLWB8os4DkcZS6BGiGIycU",
        );
        assert!(
            s.verify("🔐emoji😀pass".as_bytes(), &c, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !s.verify(b"totally-different-Z9", &c, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn des_wrapper() {
        let Some(des) = core("des_crypt") else {
            return;
        };
        let s = DjangoDesCrypt::new(des);
        // passlib's django_des_crypt test vector.
        let c = Credential::new("crypt$ls$lsTMVnmCKy5SA");
        let pw = b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxlong-ish-password";
        assert!(s.verify(pw, &c, &Limits::DEFAULT).unwrap());
        assert!(s.truncates(pw));
        assert_eq!(s.identify(c.hash()), Match::Exact);
        for h in ["crypt$ls", "crypt$ls$lsTMVnmCKy5S", "crypt$$lsTMVnmCKy5SA$"] {
            assert!(
                s.verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                    .is_err(),
                "{h}"
            );
        }
    }
}
