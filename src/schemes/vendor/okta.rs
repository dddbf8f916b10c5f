//! Okta's imported password hash (`okta_password_hash`): the `credentials.password.hash` object
//! of Okta's Users API ("Create user with imported hashed password"), which migrations into and
//! out of Okta keep per user:
//!
//! ```text
//! {"algorithm":"SHA-512","salt":"<base64>","saltOrder":"POSTFIX","value":"<base64 digest>"}
//! {"algorithm":"BCRYPT","workFactor":10,"salt":"<22 chars>","value":"<31 chars>"}
//! {"algorithm":"PBKDF2","digestAlgorithm":"SHA256_HMAC","iterationCount":4096,"keySize":32,
//!  "salt":"<base64>","value":"<base64 key>"}
//! ```
//!
//! - `SHA-512`, `SHA-256`, `SHA-1`, `MD5`: digest of the UTF-8 password with the base64-decoded
//!   salt before it (`saltOrder` `PREFIX`) or after it (`POSTFIX`); no salt, no `saltOrder`.
//! - `BCRYPT`: the two halves of a bcrypt string, radix-64 salt (22 characters) and hash (31),
//!   with the cost in `workFactor`; reassembled as `$2b$<cost>$<salt><hash>` and handed to the
//!   built-in bcrypt scheme.
//! - `PBKDF2`: PBKDF2-HMAC with `digestAlgorithm` `SHA1_HMAC`, `SHA224_HMAC`, `SHA256_HMAC`,
//!   `SHA384_HMAC` or `SHA512_HMAC`, `iterationCount` rounds and a `keySize`-byte key.
//!
//! Numbers must be JSON integers; costs are checked against the limits before any work.
//! Everything is in the string, recognised by its `"algorithm"` and `"value"` members (and no
//! `"hash"` member, which marks Auth0's objects). Weaknesses: the digest algorithms are single
//! fast hashes; always upgraded on login.

use std::sync::Arc;

use super::common::{Obj, SaltPosition, base64_field, delegate, json_shape, parse_object};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::digest::Algorithm;
use crate::primitives::{ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

const ID: &str = "okta_password_hash";

/// Okta password hash objects.
pub(crate) struct OktaPasswordHash {
    bcrypt: Option<Arc<dyn Scheme>>,
}

impl OktaPasswordHash {
    /// The scheme, verifying `BCRYPT` objects through `bcrypt` (the crypt family's bcrypt
    /// scheme); without it they are unsupported.
    pub(crate) fn new(bcrypt: Option<Arc<dyn Scheme>>) -> Self {
        OktaPasswordHash { bcrypt }
    }
}

/// A validated object.
enum Parsed {
    Digest {
        name: &'static str,
        alg: Algorithm,
        salt: Option<(Vec<u8>, SaltPosition)>,
        expected: Vec<u8>,
    },
    Bcrypt {
        cost: u64,
        mcf: String,
    },
    Pbkdf2 {
        alg: Algorithm,
        iterations: u64,
        salt: Vec<u8>,
        expected: Vec<u8>,
    },
}

fn is_bcrypt64(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'/')
}

fn parse(text: &str, limits: &Limits) -> Result<Parsed> {
    let map = parse_object(ID, "json", text)?;
    let o = Obj::new(ID, &map);
    let algorithm = o.req_str("algorithm")?.to_ascii_uppercase();
    let value = o.req_str("value")?;
    match algorithm.as_str() {
        "BCRYPT" => {
            let cost = o.req_u64("workFactor")?;
            if !(4..=31).contains(&cost) {
                return Err(Error::malformed(
                    ID,
                    "workFactor",
                    "bcrypt costs run from 4 to 31",
                ));
            }
            limits.bcrypt(ID, u32::try_from(cost).unwrap_or(u32::MAX), 1)?;
            let salt = o.req_str("salt")?;
            if salt.len() != 22 || !is_bcrypt64(salt) {
                return Err(Error::malformed(
                    ID,
                    "salt",
                    "a bcrypt salt is 22 characters of ./A-Za-z0-9",
                ));
            }
            if value.len() != 31 || !is_bcrypt64(value) {
                return Err(Error::malformed(
                    ID,
                    "value",
                    "a bcrypt hash is 31 characters of ./A-Za-z0-9",
                ));
            }
            Ok(Parsed::Bcrypt {
                cost,
                mcf: format!("$2b${cost:02}${salt}{value}"),
            })
        }
        "SHA-512" | "SHA-256" | "SHA-1" | "MD5" => {
            let (name, alg) = match algorithm.as_str() {
                "SHA-512" => ("SHA-512", Algorithm::Sha512),
                "SHA-256" => ("SHA-256", Algorithm::Sha256),
                "SHA-1" => ("SHA-1", Algorithm::Sha1),
                _ => ("MD5", Algorithm::Md5),
            };
            let salt = match o.str("salt")? {
                None => None,
                Some(s) => {
                    let bytes = base64_field(ID, "salt", s)?;
                    limits.salt_len(ID, bytes.len())?;
                    let order = o.req_str("saltOrder")?;
                    let pos = if order.eq_ignore_ascii_case("PREFIX") {
                        SaltPosition::Prefix
                    } else if order.eq_ignore_ascii_case("POSTFIX") {
                        SaltPosition::Suffix
                    } else {
                        return Err(Error::malformed(
                            ID,
                            "saltOrder",
                            "expected PREFIX or POSTFIX",
                        ));
                    };
                    Some((bytes, pos))
                }
            };
            let expected = base64_field(ID, "value", value)?;
            if expected.len() != alg.output_len() {
                return Err(Error::malformed(
                    ID,
                    "value",
                    format!("{} bytes, expected {}", expected.len(), alg.output_len()),
                ));
            }
            Ok(Parsed::Digest {
                name,
                alg,
                salt,
                expected,
            })
        }
        "PBKDF2" => {
            let alg = match o.req_str("digestAlgorithm")?.to_ascii_uppercase().as_str() {
                "SHA1_HMAC" => Algorithm::Sha1,
                "SHA224_HMAC" => Algorithm::Sha224,
                "SHA256_HMAC" => Algorithm::Sha256,
                "SHA384_HMAC" => Algorithm::Sha384,
                "SHA512_HMAC" => Algorithm::Sha512,
                _ => {
                    return Err(Error::malformed(
                        ID,
                        "digestAlgorithm",
                        "expected SHA1_HMAC, SHA224_HMAC, SHA256_HMAC, SHA384_HMAC or SHA512_HMAC",
                    ));
                }
            };
            let iterations = o.req_u64("iterationCount")?;
            let key_size = o.req_u64("keySize")?;
            let key_size = usize::try_from(key_size).unwrap_or(usize::MAX);
            limits.pbkdf2(ID, alg, iterations, key_size)?;
            let salt = match o.str("salt")? {
                Some(s) => base64_field(ID, "salt", s)?,
                None => Vec::new(),
            };
            limits.salt_len(ID, salt.len())?;
            let expected = base64_field(ID, "value", value)?;
            if expected.len() != key_size {
                return Err(Error::malformed(
                    ID,
                    "value",
                    format!("{} bytes, but keySize is {key_size}", expected.len()),
                ));
            }
            Ok(Parsed::Pbkdf2 {
                alg,
                iterations,
                salt,
                expected,
            })
        }
        _ => Err(Error::malformed(
            ID,
            "algorithm",
            "unknown; expected BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2",
        )),
    }
}

/// The credential as a portable step.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
    Ok(match parse(cred.hash(), limits)? {
        Parsed::Digest {
            alg,
            salt,
            expected,
            ..
        } => Portable {
            step: Step::Digest {
                alg,
                around: match salt {
                    None => Around::NONE,
                    Some((s, SaltPosition::Prefix)) => Around::prefix(s),
                    Some((s, SaltPosition::Suffix)) => Around::suffix(s),
                },
                encoding: PasswordEncoding::Utf8,
            },
            digest: expected,
            scheme: ID,
        },
        Parsed::Bcrypt { mcf, .. } => {
            let mut d = crate::schemes::unix::bcrypt::portable(&Credential::new(mcf), limits)?;
            d.scheme = ID;
            d
        }
        Parsed::Pbkdf2 {
            alg,
            iterations,
            salt,
            expected,
        } => Portable {
            step: Step::Pbkdf2 {
                alg,
                iterations,
                salt,
                encoding: PasswordEncoding::Utf8,
            },
            digest: expected,
            scheme: ID,
        },
    })
}

impl Scheme for OktaPasswordHash {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        json_shape(
            hash,
            &["\"algorithm\"", "\"value\""],
            &[
                "\"hash\"",
                "\"secretData\"",
                "\"credentialData\"",
                "\"hashIterations\"",
            ],
        )
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        match parse(cred.hash(), limits)? {
            Parsed::Digest {
                alg,
                salt,
                expected,
                ..
            } => {
                let d = match &salt {
                    Some((s, pos)) => alg.digest(&pos.parts(password, s)),
                    None => alg.digest(&[password]),
                };
                Ok(ct_eq(d.as_bytes(), &expected))
            }
            Parsed::Bcrypt { mcf, .. } => delegate(ID, "bcrypt", self.bcrypt.as_ref())?.verify(
                password,
                &Credential::new(mcf),
                limits,
            ),
            Parsed::Pbkdf2 {
                alg,
                iterations,
                salt,
                expected,
            } => {
                let ours =
                    pbkdf2::derive(ID, alg, password, &salt, iterations, expected.len(), limits)?;
                Ok(ct_eq(&ours, &expected))
            }
        }
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Ok(match parse(cred.hash(), limits)? {
            Parsed::Digest { name, salt, .. } => {
                let mut out = vec![("algorithm", name.to_owned())];
                if let Some((s, pos)) = salt {
                    out.push(("salt_bytes", s.len().to_string()));
                    let order = match pos {
                        SaltPosition::Prefix => "PREFIX",
                        SaltPosition::Suffix => "POSTFIX",
                    };
                    out.push(("saltOrder", order.to_owned()));
                }
                out
            }
            Parsed::Bcrypt { cost, .. } => vec![
                ("algorithm", "BCRYPT".to_owned()),
                ("cost", cost.to_string()),
            ],
            Parsed::Pbkdf2 {
                iterations,
                expected,
                ..
            } => vec![
                ("algorithm", "PBKDF2".to_owned()),
                ("iterations", iterations.to_string()),
                ("keySize", expected.len().to_string()),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn scheme() -> OktaPasswordHash {
        OktaPasswordHash::new(crate::schemes::core("bcrypt"))
    }

    fn verify(pw: &[u8], hash: &str) -> Result<bool> {
        scheme().verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // Okta's own sample (support article): SHA-512 with a POSTFIX salt.
        let sample = r#"{"algorithm":"SHA-512","salt":"JipHQUgqQU8qQUwpQUYjUChBSEcjQQ==","saltOrder":"POSTFIX","value":"Zz6KwLGDm7ospSipwpDmxAjBWHKPLgGh1roGzI267h6txr/ihTI/R4K2eYrpyc0R24qCSF6DRqNl110vZZtj4A=="}"#;
        assert_eq!(scheme().identify(sample), Match::Exact);
        assert!(verify(b"s3cr3tp@ssw0rd", sample).unwrap());
        assert!(!verify(b"s3cr3tp@ssw0rd1", sample).unwrap());
        // The rest from Python's hashlib.
        let unsalted =
            r#"{"algorithm":"SHA-256","value":"En5vv+JKdQ5ykwwiCo4TgnVla45dj0ipjDyS3yyrqTU="}"#;
        assert!(verify(b"hashcat", unsalted).unwrap());
        let prefix = r#"{"algorithm":"MD5","salt":"AAFzYWx0","saltOrder":"PREFIX","value":"l/DbCFHRKQNtNeOBWACiTA=="}"#;
        assert!(verify(b"hashcat", prefix).unwrap());
        let pbkdf2 = r#"{"algorithm":"PBKDF2","digestAlgorithm":"SHA512_HMAC","iterationCount":4096,"keySize":48,"salt":"TmFDbA==","value":"NLJyTUoq9qVb8tLl5tCJWncruhC637kfe35R+RsKjkQQdp4iFIphSF18HVD2+3R6"}"#;
        assert!(verify(b"hashcat", pbkdf2).unwrap());
        assert!(!verify(b"hashcaT", pbkdf2).unwrap());
    }

    #[test]
    fn bcrypt_halves() {
        // Auth0's documented bcrypt example ("hello", cost 10) split the way Okta stores it.
        let h = r#"{"algorithm":"BCRYPT","workFactor":10,"salt":"nFguVi9LsCAcvTZFKQlRKe","value":"LVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K"}"#;
        match crate::schemes::core("bcrypt") {
            Some(_) => {
                assert!(verify(b"hello", h).unwrap());
                assert!(!verify(b"hellO", h).unwrap());
            }
            None => assert_eq!(
                verify(b"hello", h).unwrap_err().kind(),
                ErrorKind::Unsupported
            ),
        }
    }

    #[test]
    fn rejects_malformed() {
        for (h, kind) in [
            ("{", ErrorKind::Malformed),
            (
                r#"{"algorithm":"BCRYPT","workFactor":10,"salt":"MBCz","value":"w12nLJtpHy6DIaU.JAnqJUDYspHC.Ou"}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"BCRYPT","workFactor":10.5,"salt":"MBCzKhG1KhezLh.0LRa0Ku","value":"w12nLJtpHy6DIaU.JAnqJUDYspHC.Ou"}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"BCRYPT","workFactor":31,"salt":"MBCzKhG1KhezLh.0LRa0Ku","value":"w12nLJtpHy6DIaU.JAnqJUDYspHC.Ou"}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"PBKDF2","digestAlgorithm":"SHA256_HMAC","iterationCount":4294967295,"keySize":32,"salt":"AAAA","value":"AAAA"}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"PBKDF2","digestAlgorithm":"SHA256_HMAC","iterationCount":4096,"keySize":4294967295,"salt":"AAAA","value":"AAAA"}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"PBKDF2","digestAlgorithm":"MD2_HMAC","iterationCount":4096,"keySize":32,"salt":"AAAA","value":"AAAA"}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"SHA-1","salt":"AAAA","value":"W6ph5Mm5Pz8GgiULbPgzG37mj9g="}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"SHA-1","value":"AAAA"}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"SHA-3","value":"AAAA"}"#,
                ErrorKind::Malformed,
            ),
        ] {
            let e = verify(b"hashcat", h).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}: {e}");
        }
    }
}
