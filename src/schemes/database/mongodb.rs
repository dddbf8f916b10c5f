//! MongoDB's SCRAM credentials: `mongodb_scram_sha1` (MongoDB 3.0+) and `mongodb_scram_sha256`
//! (4.0+), as `admin.system.users` keeps them.
//!
//! A user document holds a `credentials` sub-document with one entry per mechanism (MongoDB 4.0+
//! writes both by default):
//!
//! ```text
//! {"SCRAM-SHA-1": {"iterationCount": 10000, "salt": "<base64 16 bytes>",
//!                  "storedKey": "<base64 20 bytes>", "serverKey": "<base64 20 bytes>"},
//!  "SCRAM-SHA-256": {"iterationCount": 15000, "salt": "<base64 28 bytes>",
//!                    "storedKey": "<base64 32 bytes>", "serverKey": "<base64 32 bytes>"}}
//! ```
//!
//! Either that sub-document or the whole user document (`{"_id": "admin.alice", "user":
//! "alice", "db": "admin", "credentials": {...}, ...}`, as `mongoexport` prints it) is read;
//! numbers may also be written in extended JSON (`{"$numberInt": "10000"}`).
//!
//! | id | mechanism | password fed to PBKDF2 |
//! |---|---|---|
//! | `mongodb_scram_sha1` | PBKDF2-HMAC-SHA1, 20 bytes | hex `md5(user ":mongo:" password)` (the MONGODB-CR digest) |
//! | `mongodb_scram_sha256` | PBKDF2-HMAC-SHA256, 32 bytes | SASLprep(password) (RFC 4013) |
//!
//! From the salted password, RFC 5802's `StoredKey = H(HMAC(salted, "Client Key"))` and
//! `ServerKey = HMAC(salted, "Server Key")`: both are recomputed and both must match, so a
//! document whose keys disagree (edited, or of another password) is never taken.
//! `mongodb_scram_sha1` needs the user name (the document's `user`, taken from a whole document
//! when the credential has none; `db` is not part of it). A document with both entries is
//! identified as `mongodb_scram_sha256`, which needs nothing else; the hint
//! `mongodb_scram_sha1` reads its SCRAM-SHA-1 entry instead. A password that is not UTF-8 or
//! that SASLprep refuses cannot have been set with SCRAM-SHA-256 and does not match.
//!
//! Weaknesses: PBKDF2 at MongoDB's defaults (10,000 SHA-1 and 15,000 SHA-256 iterations) is
//! GPU-friendly; SCRAM-SHA-1 mixes in an unsalted MD5 of the user name and password. Always
//! upgraded. Iterations and work are bounded by [`Limits::pbkdf2`] before any derivation.

use serde_json::Value;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};
use crate::schemes::vendor::common::{Obj, json_shape, parse_object};

/// One MongoDB SCRAM mechanism.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MongoScram {
    id: &'static str,
    mechanism: &'static str,
    /// The mechanism's name as a quoted JSON member, for identification.
    member: &'static str,
    alg: Algorithm,
}

impl MongoScram {
    /// `SCRAM-SHA-1`.
    pub(crate) const SHA1: MongoScram = MongoScram {
        id: "mongodb_scram_sha1",
        mechanism: "SCRAM-SHA-1",
        member: "\"SCRAM-SHA-1\"",
        alg: Algorithm::Sha1,
    };
    /// `SCRAM-SHA-256`.
    pub(crate) const SHA256: MongoScram = MongoScram {
        id: "mongodb_scram_sha256",
        mechanism: "SCRAM-SHA-256",
        member: "\"SCRAM-SHA-256\"",
        alg: Algorithm::Sha256,
    };

    /// The mechanism's entry, and the document's `user` when a whole user document was given.
    fn parse(&self, hash: &str, limits: &Limits) -> Result<Entry> {
        let top = parse_object(self.id, "json", hash)?;
        let top = Obj::new(self.id, &top);
        let (credentials, user) = match top.obj("credentials")? {
            Some(c) => (c, top.str("user")?.map(str::to_owned)),
            None => (top, None),
        };
        let entry = credentials.obj(self.mechanism)?.ok_or_else(|| {
            Error::malformed(
                self.id,
                "credentials",
                format!("no {} entry", self.mechanism),
            )
        })?;
        let iterations = number(self.id, entry.value("iterationCount"))?;
        let len = self.alg.output_len();
        let salt = base64(self.id, "salt", entry.req_str("salt")?)?;
        if salt.is_empty() {
            return Err(Error::malformed(self.id, "salt", "empty"));
        }
        limits.salt_len(self.id, salt.len())?;
        let stored_key = exact(self.id, "storedKey", entry.req_str("storedKey")?, len)?;
        let server_key = exact(self.id, "serverKey", entry.req_str("serverKey")?, len)?;
        limits.pbkdf2(self.id, self.alg, iterations, len)?;
        Ok(Entry {
            iterations,
            salt,
            stored_key,
            server_key,
            user,
        })
    }

    /// The bytes PBKDF2 derives from, or `None` when no password of this mechanism can be them.
    fn prepare(&self, password: &[u8], user: &str) -> Option<Zeroizing<Vec<u8>>> {
        match self.alg {
            Algorithm::Sha1 => {
                let digest = Algorithm::Md5.digest(&[user.as_bytes(), b":mongo:", password]);
                Some(Zeroizing::new(digest.to_hex().into_bytes()))
            }
            _ => {
                let text = std::str::from_utf8(password).ok()?;
                let prepared = stringprep::saslprep(text).ok()?;
                Some(Zeroizing::new(prepared.as_bytes().to_vec()))
            }
        }
    }
}

/// One mechanism's entry, decoded and bounded.
struct Entry {
    iterations: u64,
    salt: Vec<u8>,
    stored_key: Vec<u8>,
    server_key: Vec<u8>,
    user: Option<String>,
}

/// `iterationCount`: a JSON integer, or extended JSON's `{"$numberInt": "N"}` /
/// `{"$numberLong": "N"}`.
fn number(scheme: &'static str, v: Option<&Value>) -> Result<u64> {
    let bad = || Error::malformed(scheme, "iterationCount", "expected a positive integer");
    match v {
        None => Err(Error::malformed(scheme, "iterationCount", "missing")),
        Some(Value::Number(n)) => n.as_u64().ok_or_else(bad),
        Some(Value::Object(m)) if m.len() == 1 => {
            let text = m
                .get("$numberInt")
                .or_else(|| m.get("$numberLong"))
                .and_then(Value::as_str)
                .ok_or_else(bad)?;
            crate::primitives::number::decimal(scheme, "iterationCount", text)
        }
        Some(_) => Err(bad()),
    }
}

/// Padded standard base64, as the server writes it.
fn base64(scheme: &'static str, field: &'static str, s: &str) -> Result<Vec<u8>> {
    b64::decode(&b64::STANDARD_PADDED, s)
        .ok_or_else(|| Error::malformed(scheme, field, "not padded base64"))
}

fn exact(scheme: &'static str, field: &'static str, s: &str, len: usize) -> Result<Vec<u8>> {
    let v = base64(scheme, field, s)?;
    if v.len() != len {
        return Err(Error::malformed(
            scheme,
            field,
            format!("expected {len} bytes"),
        ));
    }
    Ok(v)
}

impl Scheme for MongoScram {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        // A document with both entries is the SHA-256 one's (registered first).
        json_shape(hash, &[self.member, "\"storedKey\"", "\"serverKey\""], &[])
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let e = self.parse(cred.hash(), limits)?;
        let user = match (cred.username(), &e.user) {
            (Some(u), _) => u,
            (None, Some(u)) => u.as_str(),
            (None, None) if self.alg == Algorithm::Sha1 => {
                return Err(Error::missing(self.id, "username"));
            }
            (None, None) => "",
        };
        let Some(input) = self.prepare(password, user) else {
            return Ok(false);
        };
        let len = self.alg.output_len();
        let salted = pbkdf2::derive(
            self.id,
            self.alg,
            &input,
            &e.salt,
            e.iterations,
            len,
            limits,
        )?;
        let client_key = self.alg.hmac(&salted, &[b"Client Key"]);
        let stored_key = self.alg.digest(&[client_key.as_bytes()]);
        let server_key = self.alg.hmac(&salted, &[b"Server Key"]);
        // Both keys, without an early exit between them.
        let stored_ok = ct_eq(stored_key.as_bytes(), &e.stored_key);
        let server_ok = ct_eq(server_key.as_bytes(), &e.server_key);
        Ok(stored_ok & server_ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let e = self.parse(cred.hash(), limits)?;
        let mut out = vec![
            ("iterations", e.iterations.to_string()),
            ("salt_bytes", e.salt.len().to_string()),
        ];
        if let Some(u) = e.user {
            out.push(("user", u));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// hashcat's mode 24100 self-test (user "user", password "hashcat"), storedKey recomputed.
    const SHA1_DOC: &str = r#"{"SCRAM-SHA-1":{"iterationCount":10000,"salt":"4p+f1tKpK18hQqrVr0UGOw==","storedKey":"9U2eIIkfYG7LMxHMg151cPG62Jc=","serverKey":"Jv9lrpUQ2bVg2ZkXvRm2rppsqNw="}}"#;

    fn check(s: &MongoScram, pw: &[u8], cred: &Credential) -> Result<bool> {
        s.verify(pw, cred, &Limits::DEFAULT)
    }

    #[test]
    fn both_keys_must_match() {
        let c = Credential::new(SHA1_DOC).with_username("user");
        assert!(check(&MongoScram::SHA1, b"hashcat", &c).unwrap());
        assert!(!check(&MongoScram::SHA1, b"hashcat", &c.with_username("User")).unwrap());
        // The right serverKey beside another storedKey is not a match.
        let forged = SHA1_DOC.replace(
            "9U2eIIkfYG7LMxHMg151cPG62Jc=",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        );
        let c = Credential::new(forged).with_username("user");
        assert!(!check(&MongoScram::SHA1, b"hashcat", &c).unwrap());
    }

    #[test]
    fn identifies_by_mechanism() {
        assert_eq!(MongoScram::SHA1.identify(SHA1_DOC), Match::Exact);
        assert_eq!(MongoScram::SHA256.identify(SHA1_DOC), Match::No);
        assert_eq!(MongoScram::SHA1.identify("{SSHA}abc"), Match::No);
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        let e = check(&MongoScram::SHA1, b"x", &Credential::new(SHA1_DOC)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        for (doc, kind) in [
            (SHA1_DOC.replace("10000", "0"), ErrorKind::Malformed),
            (SHA1_DOC.replace("10000", "\"10000\""), ErrorKind::Malformed),
            (SHA1_DOC.replace("10000", "99999999"), ErrorKind::Limit),
            (
                SHA1_DOC.replace("Jv9lrpUQ2bVg2ZkXvRm2rppsqNw=", "Jv9l"),
                ErrorKind::Malformed,
            ),
            (
                SHA1_DOC.replace("4p+f1tKpK18hQqrVr0UGOw==", ""),
                ErrorKind::Malformed,
            ),
            (
                SHA1_DOC.replace("SCRAM-SHA-1", "SCRAM-SHA-256"),
                ErrorKind::Malformed,
            ),
            (SHA1_DOC.replace("}}", "}"), ErrorKind::Malformed),
            (
                SHA1_DOC.replace("\"salt\"", "\"salt\":\"AA==\",\"salt\""),
                ErrorKind::Malformed,
            ),
        ] {
            let c = Credential::new(doc.as_str()).with_username("user");
            let e = check(&MongoScram::SHA1, b"x", &c).unwrap_err();
            assert_eq!(e.kind(), kind, "{doc}");
        }
    }

    #[test]
    fn sha256_prepares_with_saslprep() {
        // U+00A0 (no-break space) maps to a space under SASLprep; U+0007 is prohibited.
        let s = MongoScram::SHA256;
        assert_eq!(&*s.prepare("a\u{a0}b".as_bytes(), "").unwrap(), b"a b");
        assert!(s.prepare(b"bell\x07", "").is_none());
        assert!(s.prepare(b"\xff", "").is_none());
    }
}
