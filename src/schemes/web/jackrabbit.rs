//! Apache Jackrabbit Oak / Adobe Experience Manager `rep:password` values (and Jackrabbit 2's,
//! which Oak kept): iterated salted SHA-256 and SHA-512.
//!
//! Oak's `PasswordUtil.buildPasswordHash` writes `{ALG}salt-iterations-hash`: the salt is the
//! hex of 8 random bytes (16 characters) used as its text, and the digest is
//! `H^iterations(salt ‖ password)`, the UTF-8 of the salt text and the password digested once
//! and the digest redigested `iterations - 1` times, in lower-case hex. Oak's defaults (and
//! AEM's) are SHA-256, 8 bytes of salt and 1000 iterations; SHA-512 is a configuration option.
//! With a single iteration the count is left out (`{ALG}salt-hash`), as Jackrabbit 2.2+ wrote.
//!
//! | id | marker | hashcat |
//! |---|---|---|
//! | `jackrabbit_sha256` | `{SHA-256}` | 32031 (as `$sspr$3$1000$salt$hash`) |
//! | `jackrabbit_sha512` | `{SHA-512}` | 32041 (as `$sspr$4$1000$salt$hash`) |
//!
//! Java's digest names are case-insensitive, so `{sha-256}` is read too. The unsalted form of
//! Jackrabbit 2.0 (`{SHA-256}` + bare hex) is the same string and the same digest as Spring
//! Security's unsalted `MessageDigestPasswordEncoder`, read by `spring_delegating`; these
//! schemes claim only values with a `-`. Oak's `{PBKDF2WithHmacSHA…}` values are not read.
//!
//! Cost: the iterations are checked against [`Limits::max_crypt_rounds`] and charged to the
//! work budget before any work. Weaknesses: an iterated fast digest (1000 rounds by default).
//! Always upgraded.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number};
use crate::scheme::{Match, Scheme};

use super::common::hex_exact;

/// One of Jackrabbit's iterated digests.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jackrabbit {
    id: &'static str,
    marker: &'static str,
    prefixes: &'static [&'static str],
    alg: Algorithm,
}

/// A value taken apart.
struct Parsed<'a> {
    salt: &'a str,
    iterations: u64,
    digest: Vec<u8>,
}

impl Jackrabbit {
    /// `{SHA-256}`: Oak's and AEM's default.
    pub(crate) const SHA256: Jackrabbit = Jackrabbit {
        id: "jackrabbit_sha256",
        marker: "{SHA-256}",
        prefixes: &["{SHA-256}", "{sha-256}"],
        alg: Algorithm::Sha256,
    };
    /// `{SHA-512}`.
    pub(crate) const SHA512: Jackrabbit = Jackrabbit {
        id: "jackrabbit_sha512",
        marker: "{SHA-512}",
        prefixes: &["{SHA-512}", "{sha-512}"],
        alg: Algorithm::Sha512,
    };

    /// The body after the marker, in any case.
    fn body<'a>(&self, hash: &'a str) -> Option<&'a str> {
        let n = self.marker.len();
        hash.get(..n)
            .filter(|m| m.eq_ignore_ascii_case(self.marker))
            .and_then(|_| hash.get(n..))
    }

    fn parse<'a>(&self, hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
        let body = self.body(hash).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        let mut parts = body.split('-');
        let (salt, count, digest) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(s), Some(d), None, None) => (s, None, d),
            (Some(s), Some(n), Some(d), None) => (s, Some(n), d),
            _ => {
                return Err(Error::malformed(
                    self.id,
                    "value",
                    "expected salt-iterations-hash or salt-hash",
                ));
            }
        };
        if salt.is_empty() {
            return Err(Error::malformed(self.id, "salt", "empty"));
        }
        limits.salt_len(self.id, salt.len())?;
        let iterations = match count {
            Some(n) => number::decimal(self.id, "iterations", n)?,
            None => 1,
        };
        if iterations == 0 {
            return Err(Error::malformed(
                self.id,
                "iterations",
                "must be at least 1",
            ));
        }
        let out = self.alg.output_len();
        limits.rounds(
            self.id,
            iterations,
            crate::cost::digest(self.alg, out as u64),
        )?;
        let digest = hex_exact(self.id, "digest", digest, out)?;
        Ok(Parsed {
            salt,
            iterations,
            digest,
        })
    }
}

impl Scheme for Jackrabbit {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(self.body(hash).is_some_and(|b| b.contains('-')))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        // The first digest reads the salt text and the password.
        limits.work(
            self.id,
            crate::cost::digest(self.alg, (p.salt.len() + password.len()) as u64),
        )?;
        let mut h = Zeroizing::new(
            self.alg
                .digest(&[p.salt.as_bytes(), password])
                .as_bytes()
                .to_vec(),
        );
        for _ in 1..p.iterations {
            let next = self.alg.digest(&[&h]);
            h.copy_from_slice(next.as_bytes());
        }
        Ok(ct_eq(&h, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("salt", p.salt.to_owned()),
            ("salt_hex", hex::encode(p.salt.as_bytes())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &Jackrabbit, pw: &str, hash: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat 32031's self-test in Oak's form, and Oak's PasswordUtil.
        let h = "{SHA-256}f9bbf1381f481427-1000-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62";
        assert!(check(&Jackrabbit::SHA256, "hashcat", h).unwrap());
        assert!(!check(&Jackrabbit::SHA256, "hashcat1", h).unwrap());
        assert_eq!(Jackrabbit::SHA256.identify(h), Match::Exact);
        let h = "{SHA-256}ceadc8c6084c7949-1000-780e907f926cbabb2a8cabb40cf7ec285ce87dd831712ecf80b86128bd2349d8";
        assert!(check(&Jackrabbit::SHA256, "hashcat", h).unwrap());
        // Spring's unsalted {SHA-256} is not claimed.
        let spring = format!("{{SHA-256}}{}", "ab".repeat(32));
        assert_eq!(Jackrabbit::SHA256.identify(&spring), Match::No);
    }

    #[test]
    fn refuses_malformed_and_costly() {
        for h in [
            "{SHA-256}-1000-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62",
            "{SHA-256}f9bbf1381f481427-0-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62",
            "{SHA-256}f9bbf1381f481427-x-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62",
            "{SHA-256}f9bbf1381f481427-1000-a1b45fd7",
            "{SHA-256}a-1-2-3",
            "{SHA-512}f9bbf1381f481427-1000-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62",
        ] {
            let s = if h.starts_with("{SHA-512}") {
                &Jackrabbit::SHA512
            } else {
                &Jackrabbit::SHA256
            };
            assert_eq!(
                check(s, "x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let h = "{SHA-256}f9bbf1381f481427-999999999999-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62";
        assert_eq!(
            check(&Jackrabbit::SHA256, "x", h).unwrap_err().kind(),
            ErrorKind::Limit
        );
    }
}
