//! A digest of the password and a separately stored salt: `salted_md5`, `salted_sha1`,
//! `salted_sha256`, `salted_sha512`.
//!
//! Many applications keep `H(password || salt)` or `H(salt || password)` in one column and the
//! salt in another (hashcat modes 10/20, 110/120, 1410/1420, 1710/1720: osCommerce-era PHP,
//! custom Java and .NET user tables). The caller supplies:
//! * the salt ([`Credential::with_salt`], raw bytes; the batch reader decodes `salt_encoding`),
//!   required: `missing_context` naming `salt` without it;
//! * `params.salt_position`: `suffix` (default: `H(password || salt)`, the order LDAP's `{SSHA}`
//!   also uses) or `prefix` (`H(salt || password)`);
//! * `params.encoding` of the digest column: `hex` or `base64`; without it the length decides.
//!
//! Any other value of these parameters is `malformed`. The string is a bare digest, so
//! identification without a hint is `ambiguous` at best (see the family docs).
//!
//! Weaknesses: one fast digest; the salt only defeats precomputed tables. Always upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

/// Where the salt goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    /// `H(salt || password)`.
    Prefix,
    /// `H(password || salt)`.
    Suffix,
}

/// One salted digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SaltedDigest {
    id: &'static str,
    alg: Algorithm,
}

impl SaltedDigest {
    /// Salted MD5.
    pub(crate) const MD5: SaltedDigest = SaltedDigest {
        id: "salted_md5",
        alg: Algorithm::Md5,
    };
    /// Salted SHA-1.
    pub(crate) const SHA1: SaltedDigest = SaltedDigest {
        id: "salted_sha1",
        alg: Algorithm::Sha1,
    };
    /// Salted SHA-256.
    pub(crate) const SHA256: SaltedDigest = SaltedDigest {
        id: "salted_sha256",
        alg: Algorithm::Sha256,
    };
    /// Salted SHA-512.
    pub(crate) const SHA512: SaltedDigest = SaltedDigest {
        id: "salted_sha512",
        alg: Algorithm::Sha512,
    };

    fn position(&self, cred: &Credential) -> Result<Position> {
        match cred.params().get("salt_position") {
            None | Some("suffix") => Ok(Position::Suffix),
            Some("prefix") => Ok(Position::Prefix),
            Some(_) => Err(Error::malformed(
                self.id,
                "params.salt_position",
                "expected prefix or suffix",
            )),
        }
    }
}

impl SaltedDigest {
    /// Every salted digest, in registration order.
    pub(crate) const ALL: [SaltedDigest; 4] = [
        SaltedDigest::MD5,
        SaltedDigest::SHA1,
        SaltedDigest::SHA256,
        SaltedDigest::SHA512,
    ];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step.
    pub(crate) fn portable(
        &self,
        cred: &Credential,
        limits: &Limits,
    ) -> Result<crate::schemes::portable::Portable> {
        use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
        let (_, stored) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        let salt = cred.require_salt(self.id)?;
        limits.salt_len(self.id, salt.len())?;
        let around = match self.position(cred)? {
            Position::Prefix => Around::prefix(salt),
            Position::Suffix => Around::suffix(salt),
        };
        Ok(Portable {
            step: Step::Digest {
                alg: self.alg,
                around,
                encoding: PasswordEncoding::Utf8,
            },
            digest: stored,
            scheme: self.id,
        })
    }
}

impl Scheme for SaltedDigest {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        super::digest_shape(hash, self.alg.output_len())
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (_, stored) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        let position = self.position(cred)?;
        let salt = cred.require_salt(self.id)?;
        limits.salt_len(self.id, salt.len())?;
        let ours = match position {
            Position::Prefix => self.alg.digest(&[salt, password]),
            Position::Suffix => self.alg.digest(&[password, salt]),
        };
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (text, _) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        let position = self.position(cred)?;
        let salt = cred.require_salt(self.id)?;
        limits.salt_len(self.id, salt.len())?;
        Ok(vec![
            ("encoding", text.name().to_owned()),
            (
                "salt_position",
                match position {
                    Position::Prefix => "prefix",
                    Position::Suffix => "suffix",
                }
                .to_owned(),
            ),
            ("salt_bytes", salt.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &SaltedDigest, pw: &[u8], cred: &Credential) -> Result<bool> {
        s.verify(pw, cred, &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat mode 1410, sha256($pass.$salt).
        let suffix =
            Credential::new("5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0")
                .with_salt(b"12480864321".to_vec());
        assert!(check(&SaltedDigest::SHA256, b"hashcat", &suffix).unwrap());
        assert!(!check(&SaltedDigest::SHA256, b"hashcat1", &suffix).unwrap());
        let named = suffix.clone().with_param("salt_position", "suffix");
        assert!(check(&SaltedDigest::SHA256, b"hashcat", &named).unwrap());
        let swapped = suffix.with_param("salt_position", "prefix");
        assert!(!check(&SaltedDigest::SHA256, b"hashcat", &swapped).unwrap());
        // hashcat mode 120, sha1($salt.$pass).
        let prefix = Credential::new("a428863972744b16afef28e0087fc094b44bb7b1")
            .with_salt(b"465727565".to_vec())
            .with_param("salt_position", "prefix");
        assert!(check(&SaltedDigest::SHA1, b"hashcat", &prefix).unwrap());
    }

    #[test]
    fn needs_salt_and_valid_params() {
        let h = "a428863972744b16afef28e0087fc094b44bb7b1";
        let e = check(&SaltedDigest::SHA1, b"x", &Credential::new(h)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        assert!(e.to_string().contains("salt"));
        let bad = Credential::new(h)
            .with_salt(b"s".to_vec())
            .with_param("salt_position", "middle");
        let e = check(&SaltedDigest::SHA1, b"x", &bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let bad = Credential::new(h)
            .with_salt(b"s".to_vec())
            .with_param("encoding", "base64");
        let e = check(&SaltedDigest::SHA1, b"x", &bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let long = Credential::new(h).with_salt(vec![0u8; 5000]);
        let e = check(&SaltedDigest::SHA1, b"x", &long).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
