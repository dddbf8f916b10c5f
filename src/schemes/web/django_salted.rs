//! Django's salted digests from before PBKDF2: `sha1$<salt>$<hex>` (`SHA1PasswordHasher`, the
//! default of Django 1.0–1.3) and `md5$<salt>$<hex>` (`MD5PasswordHasher`), both the hex digest
//! of `salt || password` with the salt used as text.
//!
//! An empty salt (`sha1$$<hex>`, `md5$$<hex>`) is how Django's `UnsaltedSHA1PasswordHasher` and
//! `UnsaltedMD5PasswordHasher` store the plain digest; it reads the same way. One round of a fast
//! digest: weak, always upgraded. Old Werkzeug wrote strings of the same shape with a different
//! meaning (an HMAC keyed with the salt, see `werkzeug_salted`); a string is read as Django's
//! unless the credential names `werkzeug_salted`.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{fields, hex_exact};

/// One of Django's salted digests.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DjangoSalted {
    id: &'static str,
    marker: &'static str,
    alg: Algorithm,
}

impl DjangoSalted {
    /// `sha1$salt$hex`.
    pub(crate) const SHA1: DjangoSalted = DjangoSalted {
        id: "django_salted_sha1",
        marker: "sha1$",
        alg: Algorithm::Sha1,
    };
    /// `md5$salt$hex`.
    pub(crate) const MD5: DjangoSalted = DjangoSalted {
        id: "django_salted_md5",
        marker: "md5$",
        alg: Algorithm::Md5,
    };

    /// Both, in registration order.
    pub(crate) const ALL: [DjangoSalted; 2] = [Self::SHA1, Self::MD5];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step: the digest of salt then password.
    pub(crate) fn portable(&self, cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
        let (salt, digest) = self.parse(cred.hash())?;
        Ok(Portable {
            step: Step::Digest {
                alg: self.alg,
                around: Around::prefix(salt.as_bytes()),
                encoding: PasswordEncoding::Utf8,
            },
            digest,
            scheme: self.id,
        })
    }

    fn parse<'a>(&self, hash: &'a str) -> Result<(&'a str, Vec<u8>)> {
        let rest = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        let [salt, digest] = fields::<2>(self.id, rest)?;
        let digest = hex_exact(self.id, "digest", digest, self.alg.output_len())?;
        Ok((salt, digest))
    }
}

impl Scheme for DjangoSalted {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(self.marker))
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = self.parse(cred.hash())?;
        let ours = self.alg.digest(&[salt.as_bytes(), password]);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        Ok(vec![("salt", salt.to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        // hashcat's example for mode 124 (Django SHA-1), password "hashcat".
        let c = Credential::new("sha1$fe76b$02d5916550edf7fc8c886f044887f4b1abf9b013");
        assert!(
            DjangoSalted::SHA1
                .verify(b"hashcat", &c, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !DjangoSalted::SHA1
                .verify(b"hashcat1", &c, &Limits::DEFAULT)
                .unwrap()
        );
        // Django's UnsaltedMD5PasswordHasher form: md5("password").
        let c = Credential::new("md5$$5f4dcc3b5aa765d61d8327deb882cf99");
        assert!(
            DjangoSalted::MD5
                .verify(b"password", &c, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "sha1$fe76b$02d5916550edf7fc8c886f044887f4b1abf9b01",
            "sha1$fe76b$02d5916550edf7fc8c886f044887f4b1abf9b01g",
            "sha1$fe76b",
            "sha1$fe$76b$02d5916550edf7fc8c886f044887f4b1abf9b013",
        ] {
            let e = DjangoSalted::SHA1
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }
}
