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
//! | `pbkdf2_sha1` | `pbkdf2_sha1$<iterations>$<salt hex>$<hash hex>$<key length>` |
//! | `scrypt_firebase` | `<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>`, base64 |
//! | `md5`, `sha256` | the unsalted digest in hex (Clerk rehashes these with bcrypt at the first sign-in) |
//!
//! The forms are those of the `passwordHasher` list of Clerk's `CreateUserParams` reference
//! (clerk/clerk-docs `clerk-typedoc/backend/create-user-params.mdx`); `scrypt_firebase` is also
//! the template of Clerk's Firebase migration guide
//! (<https://clerk.com/docs/guides/development/migrating/firebase>), built from the export's
//! `passwordHash` and `salt` and the project's hash parameters as Firebase prints them
//! (standard base64 with padding). `pbkdf2_sha1` takes the salt as hex ("if the salt is not a
//! valid hex string, the raw bytes will be used", so a text salt that happens to be hex would
//! be misread) and the key length, which otherwise defaults to 32: both are written.
//!
//! `skip_password_checks` is set, since an imported digest cannot be checked against Clerk's
//! password rules. The self-test reads `password_digest` back as those documents describe each
//! hasher's form: bcrypt, argon2 and Django's PBKDF2 as they are, the other PBKDF2 forms as
//! PHC strings of their decoded parts, `scrypt_firebase` through the `firebase_scrypt` scheme
//! with the six parts as written, `md5` and `sha256` as hex digests.
//!
//! Default map: `id`→`external_id`, `username`, `email`→`email_address[]`,
//! `phone`→`phone_number[]`, `given_name`→`first_name`, `family_name`→`last_name`,
//! `created_at` (RFC 3339). Clerk needs an identifier: a user with neither e-mail, phone nor
//! user name is refused.

use serde_json::{Map, Value, json};

use super::mapping::get_path;
use super::{Encoded, Encoder, Mapping, Refusal, Source, Target, Time, b64, forms, text};
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

/// Salt bytes that Clerk's Django format can hold as they are: text without `$`.
fn plain_salt(salt: &[u8]) -> Option<&str> {
    std::str::from_utf8(salt)
        .ok()
        .filter(|s| !s.is_empty() && !s.contains('$'))
}

/// `password_hasher` and `password_digest`.
fn digest(legacy: &Portable) -> Result<(&'static str, String), Refusal> {
    let refuse = || forms::refuse(Target::Clerk, legacy);
    forms::utf8(Target::Clerk, legacy)?;
    if let Some(s) = forms::bcrypt(legacy) {
        return Ok(("bcrypt", s));
    }
    if let Some(s) = forms::argon2(legacy, true) {
        let hasher = if s.starts_with("$argon2id$") {
            "argon2id"
        } else {
            "argon2i"
        };
        return Ok((hasher, s));
    }
    if let Some(f) = forms::firebase_parts(legacy) {
        return Ok(("scrypt_firebase", f.as_exported().join("$")));
    }
    let d = &legacy.digest;
    let hex = crate::encoding::hex::encode;
    Ok(match &legacy.step {
        Step::Pbkdf2 {
            alg: Algorithm::Sha256,
            iterations,
            salt,
            ..
        } => match plain_salt(salt) {
            Some(text) if d.len() == 32 => (
                "pbkdf2_sha256_django",
                format!("pbkdf2_sha256${iterations}${text}${}", b64(d)),
            ),
            _ => (
                "pbkdf2_sha256",
                format!("pbkdf2_sha256${iterations}${}${}", b64(salt), b64(d)),
            ),
        },
        // The five-part form: the salt as hex (so that no salt is mistaken for hex or for
        // text) and the key length stated (Clerk's default is 32, not SHA-1's 20).
        Step::Pbkdf2 {
            alg: Algorithm::Sha1,
            iterations,
            salt,
            ..
        } if !salt.is_empty() => (
            "pbkdf2_sha1",
            format!(
                "pbkdf2_sha1${iterations}${}${}${}",
                hex(salt),
                hex(d),
                d.len()
            ),
        ),
        Step::Digest {
            alg: alg @ (Algorithm::Md5 | Algorithm::Sha256),
            around,
            ..
        } if around.is_empty() => (
            if *alg == Algorithm::Md5 {
                "md5"
            } else {
                "sha256"
            },
            hex(d),
        ),
        _ => return Err(refuse()),
    })
}

/// A written `password_digest` as a credential of this library, read as Clerk documents each
/// hasher's format: every part decoded from the text, nothing taken from the encoder.
fn read_digest(hasher: &str, digest: &str) -> Result<Credential, String> {
    use crate::encoding::{b64 as base64, hex};
    let parts: Vec<&str> = digest.split('$').collect();
    let bad = || format!("{hasher} digest not in Clerk's documented form");
    Ok(match hasher {
        "bcrypt" | "argon2i" | "argon2id" | "pbkdf2_sha256_django" => Credential::new(digest),
        "md5" => Credential::new(digest).with_scheme("hex_md5"),
        "sha256" => Credential::new(digest).with_scheme("hex_sha256"),
        "scrypt_firebase" => match parts.as_slice() {
            [hash, salt, key, sep, rounds, mem] => {
                forms::firebase_written(hash, salt, key, sep, rounds, mem)?
            }
            _ => return Err(bad()),
        },
        // `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>`
        "pbkdf2_sha256" => match parts.as_slice() {
            ["pbkdf2_sha256", iterations, salt, hash] => {
                let salt = base64::decode(&base64::STANDARD, salt).ok_or_else(bad)?;
                let hash = base64::decode(&base64::STANDARD, hash).ok_or_else(bad)?;
                Credential::new(forms::pbkdf2_phc("sha256", iterations, &salt, &hash))
            }
            _ => return Err(bad()),
        },
        // `pbkdf2_sha1$<iterations>$<salt hex>$<hash hex>$<key length>`
        "pbkdf2_sha1" => match parts.as_slice() {
            ["pbkdf2_sha1", iterations, salt, hash, len] => {
                let salt = hex::decode(salt).ok_or_else(bad)?;
                let hash = hex::decode(hash).ok_or_else(bad)?;
                if len.parse::<usize>().ok() != Some(hash.len()) {
                    return Err(format!("{hasher}: the key length is not the hash's"));
                }
                Credential::new(forms::pbkdf2_phc("sha1", iterations, &salt, &hash))
            }
            _ => return Err(bad()),
        },
        other => {
            return Err(format!(
                "password_hasher {other:?} is not one this writer uses"
            ));
        }
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
        if let Some(legacy) = src.legacy {
            let (hasher, digest) = digest(legacy)?;
            user.insert("password_hasher".into(), json!(hasher));
            user.insert("password_digest".into(), json!(digest));
            user.insert("skip_password_checks".into(), Value::Bool(true));
        }
        Ok(Encoded {
            text: text(user),
            part: String::new(),
        })
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        match (
            forms::text_at(&user, "password_hasher")?,
            forms::text_at(&user, "password_digest")?,
        ) {
            (Some(hasher), Some(digest)) => read_digest(hasher, digest).map(Some),
            (None, None) => Ok(None),
            _ => Err("password_digest and password_hasher go together".to_owned()),
        }
    }
}
