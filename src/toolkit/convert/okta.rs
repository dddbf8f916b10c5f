//! The `okta` target: request bodies for Okta's Users API, "Create a user with an imported
//! hashed password" (`POST /api/v1/users?activate=true`), one JSON document a line.
//!
//! Schema: Okta Management API, User object, `credentials.password.hash`
//! (<https://developer.okta.com/docs/reference/api/users/#create-user-with-imported-hashed-password>;
//! the management OpenAPI spec's `PasswordCredentialHash`, as okta/okta-sdk-dotnet
//! `openapi3/management.yaml` carries it: `algorithm` one of `BCRYPT`, `SHA-512`, `SHA-256`,
//! `SHA-1`, `MD5`, `PBKDF2`; `salt`, `saltOrder` `PREFIX`/`POSTFIX`, `value`, `workFactor` 1 to
//! 20 for bcrypt; `digestAlgorithm` `SHA256_HMAC` or `SHA512_HMAC` (the `DigestAlgorithm` enum
//! has no other member), `iterationCount` (at least 4096) and `keySize` for PBKDF2). BCRYPT
//! takes the 22-character salt and the 31-character hash of the bcrypt string and its cost;
//! the digests take base64 of the salt and of the digest, as the Users API reference's
//! "Hashed Password object" examples show. Okta hashes the password as UTF-8. PBKDF2 over
//! another digest, with fewer iterations, or bcrypt above cost 20 is refused. The self-test
//! parses `credentials.password.hash` back out of the written body and reads it with this
//! library's `okta_password_hash` scheme; the reference's examples are this module's platform
//! tests (its request body is written byte for byte).
//! `BCRYPT` has no version field: `$2a$`, `$2b$` and `$2y$` hashes are all written as it (they
//! agree on every password under 255 bytes but some 8-bit ones of `$2a$`).
//!
//! Users whose source account is locked go to `users-staged.jsonl`, to be created with
//! `?activate=false` (they stay `STAGED` until an administrator activates them); the others to
//! `users.jsonl`. Okta's default profile requires `login` and `email` (and `firstName` and
//! `lastName`, which the summary cannot check for a customised profile schema): a user without
//! an e-mail is refused; `login` falls back to the e-mail when the export has no user name.
//!
//! Default map: `email`→`profile.email`, `username`→`profile.login`,
//! `given_name`→`profile.firstName`, `family_name`→`profile.lastName`,
//! `name`→`profile.displayName`, `phone`→`profile.mobilePhone`.

use std::io;

use serde_json::{Map, Value, json};

use super::mapping::{get_path, set_path};
use super::output::{Series, Staging};
use super::{
    Encoded, Encoder, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, forms, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::{Variant, encode_bcrypt64};

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("email", "profile.email"),
            ("username", "profile.login"),
            ("given_name", "profile.firstName"),
            ("family_name", "profile.lastName"),
            ("name", "profile.displayName"),
            ("phone", "profile.mobilePhone"),
        ],
        Time::Iso,
    )
}

/// The writer.
pub(crate) struct Okta {
    map: Mapping,
    active: Series,
    staged: Series,
}

impl Okta {
    pub(crate) fn new(map: Mapping) -> Self {
        Okta {
            map,
            active: Series::lines("users"),
            staged: Series::lines("users-staged"),
        }
    }
}

/// The largest bcrypt cost Okta takes (`workFactor`, 1 to 20).
const MAX_WORK_FACTOR: u64 = 20;

/// The fewest PBKDF2 iterations Okta takes (`iterationCount` "must be >= 4096").
const MIN_PBKDF2_ITERATIONS: u64 = 4096;

/// The `credentials.password.hash` object of a portable description.
pub(crate) fn password_hash(legacy: &Portable) -> Result<Map<String, Value>, Refusal> {
    if legacy.step.encoding() != PasswordEncoding::Utf8 {
        return Err(Refusal::hash(
            Target::Okta,
            "a password hashed in another encoding than UTF-8",
        ));
    }
    let obj = match &legacy.step {
        Step::Bcrypt {
            variant: Variant::A | Variant::B | Variant::Y,
            cost,
            salt,
            around,
            ..
        } if around.is_empty() && u64::from(*cost) <= MAX_WORK_FACTOR => json!({
            "algorithm": "BCRYPT",
            "workFactor": cost,
            "salt": encode_bcrypt64(salt),
            "value": encode_bcrypt64(&legacy.digest),
        }),
        Step::Digest { alg, around, .. } => {
            let name = match alg {
                Algorithm::Sha512 => "SHA-512",
                Algorithm::Sha256 => "SHA-256",
                Algorithm::Sha1 => "SHA-1",
                Algorithm::Md5 => "MD5",
                _ => {
                    return Err(Refusal::hash(
                        Target::Okta,
                        format_args!("{} digests", alg.name()),
                    ));
                }
            };
            let mut o = json!({"algorithm": name, "value": b64(&legacy.digest)});
            if !around.is_empty() {
                let (salt, first) = around.one_side().ok_or_else(|| {
                    Refusal::hash(Target::Okta, "a salt on both sides of the password")
                })?;
                o["salt"] = json!(b64(salt));
                o["saltOrder"] = json!(if first { "PREFIX" } else { "POSTFIX" });
            }
            o
        }
        Step::Pbkdf2 {
            alg,
            iterations,
            salt,
            ..
        } if *iterations >= MIN_PBKDF2_ITERATIONS => {
            let digest = match alg {
                Algorithm::Sha256 => "SHA256_HMAC",
                Algorithm::Sha512 => "SHA512_HMAC",
                _ => {
                    return Err(Refusal::hash(
                        Target::Okta,
                        format_args!("PBKDF2 over {}", alg.name()),
                    ));
                }
            };
            json!({
                "algorithm": "PBKDF2",
                "digestAlgorithm": digest,
                "iterationCount": iterations,
                "keySize": legacy.digest.len(),
                "salt": b64(salt),
                "value": b64(&legacy.digest),
            })
        }
        _ => {
            return Err(Refusal::hash(
                Target::Okta,
                format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
            ));
        }
    };
    match obj {
        Value::Object(m) => Ok(m),
        _ => Err(Refusal::new("internal", "not an object")),
    }
}

impl Encoder for Okta {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
        let email = get_path(&user, "profile.email")
            .cloned()
            .ok_or_else(|| Refusal::missing(Target::Okta, "profile.email"))?;
        if get_path(&user, "profile.login").is_none() {
            set_path(&mut user, "profile.login", email);
        }
        if let Some(legacy) = src.legacy {
            let hash = password_hash(legacy)?;
            set_path(&mut user, "credentials.password.hash", Value::Object(hash));
        }
        Ok(Encoded {
            text: text(user),
            part: if src.account.locked { "staged" } else { "" }.to_owned(),
        })
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        Ok(get_path(&user, "credentials.password.hash")
            .map(|hash| Credential::new(hash.to_string()).with_scheme("okta_password_hash")))
    }
}

impl Writer for Okta {
    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        let series = if rec.part == "staged" {
            &mut self.staged
        } else {
            &mut self.active
        };
        Ok(series.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.active.finish(out)?;
        self.staged.finish(out)
    }

    fn owns(&self, name: &str) -> bool {
        self.active.owns(name) || self.staged.owns(name)
    }
}
