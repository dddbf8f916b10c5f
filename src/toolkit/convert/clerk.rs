//! The `clerk` target: request bodies for Clerk's Backend API "Create a new user"
//! (`POST /v1/users`), one JSON document a line.
//!
//! Schema: Clerk Backend API, `CreateUser` (<https://clerk.com/docs/reference/backend-api/tag/Users#operation/CreateUser>;
//! the generated SDKs' `CreateUserRequest` and `PasswordHasher`): `external_id`, `first_name`,
//! `last_name`, `email_address` and `phone_number` (lists, the first is primary), `username`,
//! `created_at`, and `password_digest` with `password_hasher`, which names the format:
//!
//! | `password_hasher` | `password_digest` |
//! |---|---|
//! | `bcrypt` | `$2a$`/`$2b$`/`$2y$` string |
//! | `argon2i`, `argon2id` | PHC string |
//! | `pbkdf2_sha256` | `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>` |
//! | `pbkdf2_sha256_django` | Django's `pbkdf2_sha256$<iterations>$<salt>$<hash base64>` |
//! | `pbkdf2_sha1` | `pbkdf2_sha1$<iterations>$<salt>$<hash hex>` |
//! | `scrypt_firebase` | `<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>`, base64 |
//! | `md5`, `sha256` | the unsalted digest in hex (Clerk rehashes these with bcrypt at the first sign-in) |
//!
//! `skip_password_checks` is set, since an imported digest cannot be checked against Clerk's
//! password rules. Self-test readers: bcrypt, argon2, Django's PBKDF2, PBKDF2 PHC strings,
//! `firebase_scrypt`, `hex_md5`, `hex_sha256`.
//!
//! Default map: `id`→`external_id`, `username`, `email`→`email_address[]`,
//! `phone`→`phone_number[]`, `given_name`→`first_name`, `family_name`→`last_name`,
//! `created_at` (RFC 3339). Clerk needs an identifier: a user with neither e-mail, phone nor
//! user name is refused.

use std::io;

use serde_json::{Map, Value, json};

use super::mapping::get_path;
use super::output::{Series, Staging};
use super::{
    Encoded, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, b64_nopad, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("id", "external_id"),
            ("username", "username"),
            ("email", "email_address[]"),
            ("phone", "phone_number[]"),
            ("given_name", "first_name"),
            ("family_name", "last_name"),
            ("created_at", "created_at"),
        ],
        Time::Iso,
    )
}

/// The writer.
pub(crate) struct Clerk {
    map: Mapping,
    users: Series,
}

impl Clerk {
    pub(crate) fn new(map: Mapping) -> Self {
        Clerk {
            map,
            users: Series::lines("users"),
        }
    }
}

/// Salt bytes that Clerk's Django-style formats can hold as they are: text without `$`.
fn plain_salt(salt: &[u8]) -> Option<&str> {
    std::str::from_utf8(salt)
        .ok()
        .filter(|s| !s.is_empty() && !s.contains('$'))
}

/// `password_hasher`, `password_digest` and the credential this library reads it as.
fn digest(legacy: &Portable) -> Result<(&'static str, String, Credential), Refusal> {
    let refuse = || {
        Refusal::hash(
            Target::Clerk,
            format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
        )
    };
    if legacy.step.encoding() != PasswordEncoding::Utf8 {
        return Err(refuse());
    }
    let d = &legacy.digest;
    Ok(match &legacy.step {
        Step::Bcrypt {
            variant: v @ (Variant::A | Variant::B | Variant::Y),
            cost,
            salt,
            around,
            ..
        } if around.is_empty() => {
            let s = crate::schemes::unix::bcrypt::format(*v, *cost, salt, d);
            ("bcrypt", s.clone(), Credential::new(s))
        }
        Step::Argon2 {
            params,
            data: None,
            salt,
            ..
        } if params.version == argon2::Version::V0x13
            && params.variant != argon2::Algorithm::Argon2d =>
        {
            let s = crate::schemes::phc::argon2::format(*params, salt, d);
            let hasher = if params.variant == argon2::Algorithm::Argon2id {
                "argon2id"
            } else {
                "argon2i"
            };
            (hasher, s.clone(), Credential::new(s))
        }
        Step::Pbkdf2 {
            alg: Algorithm::Sha256,
            iterations,
            salt,
            ..
        } => match plain_salt(salt) {
            Some(text) if d.len() == 32 => {
                let s = format!("pbkdf2_sha256${iterations}${text}${}", b64(d));
                ("pbkdf2_sha256_django", s.clone(), Credential::new(s))
            }
            _ => (
                "pbkdf2_sha256",
                format!("pbkdf2_sha256${iterations}${}${}", b64(salt), b64(d)),
                Credential::new(format!(
                    "$pbkdf2-sha256$i={iterations},l={}${}${}",
                    d.len(),
                    b64_nopad(salt),
                    b64_nopad(d)
                )),
            ),
        },
        Step::Pbkdf2 {
            alg: Algorithm::Sha1,
            iterations,
            salt,
            ..
        } => {
            let text = plain_salt(salt).ok_or_else(refuse)?;
            (
                "pbkdf2_sha1",
                format!(
                    "pbkdf2_sha1${iterations}${text}${}",
                    crate::encoding::hex::encode(d)
                ),
                Credential::new(format!(
                    "$pbkdf2-sha1$i={iterations},l={}${}${}",
                    d.len(),
                    b64_nopad(salt),
                    b64_nopad(d)
                )),
            )
        }
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            signer_key: Some(key),
        } => (
            "scrypt_firebase",
            format!(
                "{}${}${}${}${rounds}${mem_cost}",
                b64(d),
                b64(salt),
                b64(key),
                b64(separator)
            ),
            Credential::new(b64(d))
                .with_scheme("firebase_scrypt")
                .with_salt(salt.clone())
                .with_param("base64_signer_key", b64(key))
                .with_param("base64_salt_separator", b64(separator))
                .with_param("rounds", rounds.to_string())
                .with_param("mem_cost", mem_cost.to_string()),
        ),
        Step::Digest {
            alg: alg @ (Algorithm::Md5 | Algorithm::Sha256),
            around,
            ..
        } if around.is_empty() => {
            let hex = crate::encoding::hex::encode(d);
            let (hasher, scheme) = if *alg == Algorithm::Md5 {
                ("md5", "hex_md5")
            } else {
                ("sha256", "hex_sha256")
            };
            (
                hasher,
                hex.clone(),
                Credential::new(hex).with_scheme(scheme),
            )
        }
        _ => return Err(refuse()),
    })
}

impl Writer for Clerk {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
        let has_id = ["email_address[]", "phone_number[]", "username"]
            .iter()
            .any(|p| get_path(&user, p).is_some());
        if !has_id {
            return Err(Refusal::missing(
                Target::Clerk,
                "an e-mail address, phone number or user name",
            ));
        }
        let mut readback = None;
        if let Some(legacy) = src.legacy {
            let (hasher, digest, rb) = digest(legacy)?;
            user.insert("password_hasher".into(), json!(hasher));
            user.insert("password_digest".into(), json!(digest));
            user.insert("skip_password_checks".into(), Value::Bool(true));
            readback = Some(rb);
        }
        Ok(Encoded {
            text: text(user),
            readback,
            part: String::new(),
        })
    }

    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        Ok(self.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.users.finish(out)
    }
}
