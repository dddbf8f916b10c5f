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

use serde_json::{Map, Value, json};

use super::mapping::get_path;
use super::{
    Encoded, Encoder, Mapping, Refusal, Source, Target, Time, b64, b64_nopad, forms, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{Portable, Step};

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

/// The encoder, with its field map.
pub(crate) struct Clerk(pub(crate) Mapping);

/// Salt bytes that Clerk's Django-style formats can hold as they are: text without `$`.
fn plain_salt(salt: &[u8]) -> Option<&str> {
    std::str::from_utf8(salt)
        .ok()
        .filter(|s| !s.is_empty() && !s.contains('$'))
}

/// `password_hasher`, `password_digest` and the credential this library reads it as.
fn digest(legacy: &Portable) -> Result<(&'static str, String, Credential), Refusal> {
    let refuse = || forms::refuse(Target::Clerk, legacy);
    forms::utf8(Target::Clerk, legacy)?;
    if let Some(s) = forms::bcrypt(legacy) {
        return Ok(("bcrypt", s.clone(), Credential::new(s)));
    }
    if let Some(s) = forms::argon2(legacy, true) {
        let hasher = if s.starts_with("$argon2id$") {
            "argon2id"
        } else {
            "argon2i"
        };
        return Ok((hasher, s.clone(), Credential::new(s)));
    }
    if let Some(f) = forms::firebase_parts(legacy) {
        let s = format!(
            "{}${}${}${}${}${}",
            b64(f.hash),
            b64(f.salt),
            b64(f.key),
            b64(f.separator),
            f.rounds,
            f.mem_cost
        );
        return Ok(("scrypt_firebase", s, f.credential()));
    }
    let d = &legacy.digest;
    Ok(match &legacy.step {
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

impl Encoder for Clerk {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.0.apply(src.account, &mut user);
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
}
