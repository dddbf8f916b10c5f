//! Django's PBKDF2 hashers: `pbkdf2_sha256$<iterations>$<salt>$<base64 digest>` (the default
//! since Django 1.4) and `pbkdf2_sha1$...` (`PBKDF2SHA1PasswordHasher`).
//!
//! The salt is used as its UTF-8 text (not decoded); the digest is PBKDF2-HMAC of the UTF-8
//! password, as long as the hash function's output (32 or 20 bytes), written as padded standard
//! base64. Django verifies by re-encoding and comparing the whole string, so the iteration count
//! must be canonical decimal and the digest exactly the length and alphabet Django writes; a
//! truncated or re-encoded digest is malformed, not a wrong password. Iterations are bounded by
//! [`Limits::max_pbkdf2_iterations`]. Django's current defaults (over a million rounds of SHA-256)
//! are sound, but a stored string of this format is always upgraded to the policy's target.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::number::canonical_decimal;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::common::{b64_exact, fields};

/// One of Django's PBKDF2 hashers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DjangoPbkdf2 {
    id: &'static str,
    marker: &'static str,
    alg: Algorithm,
}

struct Parsed<'a> {
    iterations: u64,
    salt: &'a str,
    digest: Vec<u8>,
}

impl DjangoPbkdf2 {
    /// `pbkdf2_sha256$`: Django's default `PBKDF2PasswordHasher`.
    pub(crate) const SHA256: DjangoPbkdf2 = DjangoPbkdf2 {
        id: "django_pbkdf2_sha256",
        marker: "pbkdf2_sha256$",
        alg: Algorithm::Sha256,
    };
    /// `pbkdf2_sha1$`: `PBKDF2SHA1PasswordHasher`.
    pub(crate) const SHA1: DjangoPbkdf2 = DjangoPbkdf2 {
        id: "django_pbkdf2_sha1",
        marker: "pbkdf2_sha1$",
        alg: Algorithm::Sha1,
    };

    /// Both, in registration order.
    pub(crate) const ALL: [DjangoPbkdf2; 2] = [Self::SHA256, Self::SHA1];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step (the salt is the salt text's bytes).
    pub(crate) fn portable(
        &self,
        cred: &Credential,
        limits: &Limits,
    ) -> Result<crate::schemes::portable::Portable> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(crate::schemes::portable::Portable {
            step: crate::schemes::portable::Step::Pbkdf2 {
                alg: self.alg,
                iterations: p.iterations,
                salt: p.salt.as_bytes().to_vec(),
                encoding: crate::schemes::portable::PasswordEncoding::Utf8,
            },
            digest: p.digest,
            scheme: self.id,
        })
    }

    fn parse<'a>(&self, hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
        let rest = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        let [iterations, salt, digest] = fields::<3>(self.id, rest)?;
        let iterations = canonical_decimal(self.id, "iterations", iterations)?;
        limits.pbkdf2(self.id, self.alg, iterations, self.alg.output_len())?;
        if salt.is_empty() {
            return Err(Error::malformed(self.id, "salt", "empty"));
        }
        let digest = b64_exact(self.id, "digest", digest, self.alg.output_len())?;
        Ok(Parsed {
            iterations,
            salt,
            digest,
        })
    }
}

impl Scheme for DjangoPbkdf2 {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(self.marker))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            self.id,
            self.alg,
            password,
            p.salt.as_bytes(),
            p.iterations,
            p.digest.len(),
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        // hashcat's example hash for mode 10000 (Django PBKDF2-SHA256), password "hashcat".
        let c = Credential::new(
            "pbkdf2_sha256$10000$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
        );
        let s = DjangoPbkdf2::SHA256;
        assert!(s.verify(b"hashcat", &c, &Limits::DEFAULT).unwrap());
        assert!(!s.verify(b"hashcat1", &c, &Limits::DEFAULT).unwrap());
        // passlib's django_pbkdf2_sha1 test vector.
        let c = Credential::new("pbkdf2_sha1$1000$0M69VBfOPDt8$85rxzG6XAKKLOdOhYas5J5fpJSo=");
        assert!(
            DjangoPbkdf2::SHA1
                .verify(b"password", &c, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        let s = DjangoPbkdf2::SHA256;
        for (h, kind) in [
            (
                "pbkdf2_sha256$10000$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2_sha256$10000$1135411628$bFYX62rfJobJ07VwrUM~fuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2_sha256$0$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2_sha256$-1$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2_sha256$010000$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2_sha256$1000000000000000000000000000000$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Limit,
            ),
            (
                "pbkdf2_sha256$4294967295$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Limit,
            ),
            (
                "pbkdf2_sha256$10000$$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=",
                ErrorKind::Malformed,
            ),
            ("pbkdf2_sha256$10000$1135411628", ErrorKind::Malformed),
            ("pbkdf2_sh", ErrorKind::Malformed),
        ] {
            let e = s
                .verify(b"hashcat", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
