//! SolarWinds Orion web console accounts (`Accounts.Password`): `solarwinds_orion` (v1, the
//! salt made from the account name) and `solarwinds_orion_v2` (v2, a random salt column).
//!
//! Both store base64 of `SHA-512(PBKDF2-HMAC-SHA1(password, salt, 1000, 1024 bytes))`, 88
//! characters (hashcat 21500 and 21501, John the Ripper's `solarwinds`; described by Atredis
//! Partners and in hashcat issue 1736). The password is UTF-8, as .NET's `Rfc2898DeriveBytes`
//! takes a string.
//!
//! | id | salt | context |
//! |---|---|---|
//! | `solarwinds_orion` | the AccountID lower-cased, padded to 8 characters with `1244352345234` | the AccountID as the user name |
//! | `solarwinds_orion_v2` | `Accounts.PasswordSalt`, 16 random bytes in base64 | the salt (base64 encoding) |
//!
//! hashcat and John the Ripper cut a v1 name longer than 8 characters to 8; the vendor's
//! description only pads short ones. For such a name both the whole and the cut name are tried
//! (the work budget is charged for both). hashcat lower-cases the name and John does not;
//! the description says lower-cased, which is what is used.
//!
//! The value is a bare base64 SHA-512 digest: a hint is needed (without one it is `ambiguous`
//! with the other 64-byte digests). Weaknesses: 1000 PBKDF2-SHA1 iterations (52 output
//! blocks, so about 52,000 HMACs, cheap per guess compared with modern settings). Always
//! upgraded.

use zeroize::Zeroizing;

use crate::cost;
use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

const ITERATIONS: u64 = 1000;
const KEY_BYTES: usize = 1024;
const PADDING: &str = "1244352345234";

/// One Orion account hash version.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SolarWinds {
    id: &'static str,
    salted_by_name: bool,
}

impl SolarWinds {
    /// v1: salt from the AccountID.
    pub(crate) const V1: SolarWinds = SolarWinds {
        id: "solarwinds_orion",
        salted_by_name: true,
    };
    /// v2: salt column.
    pub(crate) const V2: SolarWinds = SolarWinds {
        id: "solarwinds_orion_v2",
        salted_by_name: false,
    };

    /// The stored digest and the salts to try.
    fn parse(&self, cred: &Credential, limits: &Limits) -> Result<(Vec<u8>, Vec<Vec<u8>>)> {
        let digest = DigestText::Base64
            .decode_exact(cred.hash(), 64)
            .filter(|_| DigestText::Base64.fits(cred.hash(), 64))
            .ok_or_else(|| {
                Error::malformed(
                    self.id,
                    "digest",
                    "expected 88 characters of base64 (64 bytes)",
                )
            })?;
        let salts = if self.salted_by_name {
            let name = cred.require_username(self.id)?;
            if name.is_empty() {
                return Err(Error::malformed(self.id, "username", "empty"));
            }
            let lower = name.to_lowercase();
            let mut salt: Vec<u8> = lower.as_bytes().to_vec();
            if salt.len() < 8 {
                salt.extend_from_slice(&PADDING.as_bytes()[..8 - salt.len()]);
            }
            let mut v = vec![salt];
            if lower.len() > 8 {
                v.push(lower.as_bytes()[..8].to_vec());
            }
            v
        } else {
            let salt = cred.require_salt(self.id)?;
            if salt.is_empty() {
                return Err(Error::malformed(self.id, "salt", "empty"));
            }
            vec![salt.to_vec()]
        };
        for s in &salts {
            limits.salt_len(self.id, s.len())?;
        }
        limits.pbkdf2(self.id, Algorithm::Sha1, ITERATIONS, KEY_BYTES)?;
        let units = cost::pbkdf2(Algorithm::Sha1, ITERATIONS, KEY_BYTES as u64)
            .saturating_add(cost::digest(Algorithm::Sha512, KEY_BYTES as u64));
        limits.work(self.id, units.saturating_mul(salts.len() as u64))?;
        Ok((digest, salts))
    }
}

impl Scheme for SolarWinds {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        if DigestText::Base64.fits(hash, 64) && !hash.bytes().all(|c| c.is_ascii_hexdigit()) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (digest, salts) = self.parse(cred, limits)?;
        let mut ok = false;
        for salt in &salts {
            let key: Zeroizing<Vec<u8>> = pbkdf2::derive(
                self.id,
                Algorithm::Sha1,
                password,
                salt,
                ITERATIONS,
                KEY_BYTES,
                limits,
            )?;
            ok |= ct_eq(Algorithm::Sha512.digest(&[&key]).as_bytes(), &digest);
        }
        Ok(ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salts) = self.parse(cred, limits)?;
        Ok(vec![("salt_bytes", salts[0].len().to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn self_tests() {
        let l = Limits::DEFAULT;
        // hashcat 21500 (account "admin"), John the Ripper's solarwinds test.
        for (h, pw) in [
            (
                "fj4EBQewCQUZ7IYHl0qL8uj9kQSBb3m7N4u0crkKK0Uj9rbbAnSrBZMXO7oWx9KqL3sCzwncvPZ9hyDV9QCFTg==",
                "hashcat",
            ),
            (
                "5BqFpldsj5H9nbkkLjB+Cdi7WCXiUp5zBpO9Xs7/MKnnQAI0IE9gH+58LlS7/+a/7x1wWScI2iCGEtukgTiNeA==",
                "letmein",
            ),
        ] {
            let c = Credential::new(h).with_username("Admin");
            assert!(SolarWinds::V1.verify(pw.as_bytes(), &c, &l).unwrap());
            assert!(!SolarWinds::V1.verify(b"x", &c, &l).unwrap());
        }
        // hashcat 21501: the salt column.
        let salt = crate::encoding::b64::decode(
            &crate::encoding::b64::STANDARD,
            "3pHkk55NTYpAeV3EJjcAww==",
        )
        .unwrap();
        let c = Credential::new(
            "N4Ii2PxXX/bTZZwslQLIKrp0wvfZ5aN9hpyiR896ozJMJTPO1Q7BK1Eht8Vhl4kXq/42Vn2zp3qYeAkRuqsuEw==",
        )
        .with_salt(salt);
        assert!(SolarWinds::V2.verify(b"hashcat", &c, &l).unwrap());
        assert!(!SolarWinds::V2.verify(b"hashcaT", &c, &l).unwrap());
    }

    #[test]
    fn context_is_required() {
        let l = Limits::DEFAULT;
        let h = "fj4EBQewCQUZ7IYHl0qL8uj9kQSBb3m7N4u0crkKK0Uj9rbbAnSrBZMXO7oWx9KqL3sCzwncvPZ9hyDV9QCFTg==";
        let e = SolarWinds::V1
            .verify(b"x", &Credential::new(h), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let e = SolarWinds::V2
            .verify(b"x", &Credential::new(h), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let e = SolarWinds::V1
            .verify(b"x", &Credential::new(&h[..86]).with_username("a"), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
