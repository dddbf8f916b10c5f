//! The `auth0` target: Auth0's bulk user import files, for `POST /api/v2/jobs/users-imports`
//! (Management API) or the dashboard's User Import / Export extension.
//!
//! Schema: Auth0, "Bulk User Import Database Schema and Examples"
//! (<https://auth0.com/docs/manage-users/user-migration/bulk-user-import-database-schema-and-examples>):
//! a JSON array of users; `email` is required; `email_verified`, `user_id`, `username`,
//! `given_name`, `family_name`, `name`, `blocked`, `app_metadata` and `user_metadata` are read;
//! the password is `custom_password_hash` (`algorithm`, `hash` with `value` and `encoding`
//! and, for `hmac`, `digest` and `key`; `salt` with `value`, `encoding` and `position`;
//! `password.encoding`; for `scrypt` `keylen`, `cost`, `blockSize`, `parallelization`), which
//! this library's `auth0_custom_password_hash` scheme reads back. A file may not exceed 500 KB:
//! the users are cut into `users-0001.json`, `users-0002.json`, ... under that size.
//!
//! What Auth0 verifies natively: `md4`, `md5`, `sha1`, `sha256`, `sha512` (salted on one side or
//! not), `hmac` over md4..whirlpool, `pbkdf2` (a PHC string), `scrypt`, `bcrypt` (`$2a$`,
//! `$2b$`, `$2y$`; a salt object around the password), `argon2` (a PHC string without data),
//! with the password in UTF-8, Latin-1 or UTF-16LE. Everything else (md5-crypt, SHA-crypt, DES
//! crypt, Firebase's scrypt) is refused: those users migrate lazily through a custom database
//! script.
//!
//! Default map: `id`→`user_id`, `username`, `email`, `email_verified`, `name`, `given_name`,
//! `family_name` by their names; `phone`→`user_metadata.phone_number`,
//! `phone_verified`→`user_metadata.phone_verified`, `created_at`→`user_metadata.created_at`
//! (`app_metadata` may not hold `created_at`), `locked`→`blocked`. The user schema is closed
//! (`"additionalProperties": false`): `--map` into another top-level member is refused.
//!
//! The self-test parses `custom_password_hash` back out of the written user. The page's
//! "Custom password hash examples" are this module's platform tests.

use std::io;

use serde_json::{Map, Value, json};

use super::output::{Series, Staging};
use super::{
    Encoded, Encoder, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, forms, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

/// Auth0's limit on one import file: 500 KB.
pub const FILE_LIMIT: u64 = 500_000;

/// The members of a user the import schema takes (`"additionalProperties": false`): those of
/// "Bulk User Import Database Schema and Examples" and, for the phone, of "User Data JSON
/// Schema for Bulk User Imports" (<https://auth0.com/docs/manage-users/user-migration/bulk-user-import-schema>).
pub(crate) const USER_MEMBERS: &[&str] = &[
    "email",
    "email_verified",
    "phone_number",
    "phone_verified",
    "user_id",
    "username",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "blocked",
    "password_hash",
    "custom_password_hash",
    "app_metadata",
    "user_metadata",
    "mfa_factors",
];

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("id", "user_id"),
            ("username", "username"),
            ("email", "email"),
            ("email_verified", "email_verified"),
            ("name", "name"),
            ("given_name", "given_name"),
            ("family_name", "family_name"),
            ("phone", "user_metadata.phone_number"),
            ("phone_verified", "user_metadata.phone_verified"),
            ("created_at", "user_metadata.created_at"),
            ("locked", "blocked"),
        ],
        Time::Iso,
    )
}

/// The writer.
pub(crate) struct Auth0 {
    map: Mapping,
    users: Series,
}

impl Auth0 {
    pub(crate) fn new(map: Mapping, limit: u64) -> Self {
        Auth0 {
            map,
            users: Series::json("users", "[\n", "\n]\n", limit, u64::MAX),
        }
    }
}

/// A salt object for bytes on one side of the password (text as `utf8`, else `base64`).
fn salt_object(around: &Around) -> Result<Option<Value>, Refusal> {
    if around.is_empty() {
        return Ok(None);
    }
    let (salt, first) = around
        .one_side()
        .ok_or_else(|| Refusal::hash(Target::Auth0, "a salt on both sides of the password"))?;
    let (value, encoding) = match std::str::from_utf8(salt) {
        Ok(t) => (t.to_owned(), "utf8"),
        Err(_) => (b64(salt), "base64"),
    };
    Ok(Some(json!({
        "value": value,
        "encoding": encoding,
        "position": if first { "prefix" } else { "suffix" },
    })))
}

/// The `custom_password_hash` object of a portable description.
pub(crate) fn custom_password_hash(legacy: &Portable) -> Result<Map<String, Value>, Refusal> {
    let hex = |b: &[u8]| crate::encoding::hex::encode(b);
    let mut m = Map::new();
    let mut salt: Option<Value> = None;
    match &legacy.step {
        Step::Digest { alg, around, .. }
            if matches!(
                alg,
                Algorithm::Md4
                    | Algorithm::Md5
                    | Algorithm::Sha1
                    | Algorithm::Sha256
                    | Algorithm::Sha512
            ) =>
        {
            m.insert("algorithm".into(), json!(alg.name()));
            m.insert(
                "hash".into(),
                json!({"value": hex(&legacy.digest), "encoding": "hex"}),
            );
            salt = salt_object(around)?;
        }
        Step::Hmac {
            alg, key, around, ..
        } => {
            m.insert("algorithm".into(), json!("hmac"));
            m.insert(
                "hash".into(),
                json!({
                    "value": hex(&legacy.digest),
                    "encoding": "hex",
                    "digest": alg.name(),
                    "key": {"value": b64(key), "encoding": "base64"},
                }),
            );
            salt = salt_object(around)?;
        }
        Step::Pbkdf2 {
            alg,
            iterations,
            salt: s,
            ..
        } => {
            m.insert("algorithm".into(), json!("pbkdf2"));
            let phc = forms::pbkdf2_phc(alg.name(), iterations, s, &legacy.digest);
            m.insert("hash".into(), json!({"value": phc, "encoding": "utf8"}));
        }
        Step::Scrypt {
            n, r, p, salt: s, ..
        } => {
            m.insert("algorithm".into(), json!("scrypt"));
            m.insert(
                "hash".into(),
                json!({"value": b64(&legacy.digest), "encoding": "base64"}),
            );
            salt = Some(json!({"value": b64(s), "encoding": "base64"}));
            m.insert("keylen".into(), json!(legacy.digest.len()));
            m.insert("cost".into(), json!(n));
            m.insert("blockSize".into(), json!(r));
            m.insert("parallelization".into(), json!(p));
        }
        Step::Bcrypt {
            variant: v @ (Variant::A | Variant::B | Variant::Y),
            cost,
            salt: s,
            around,
            ..
        } => {
            m.insert("algorithm".into(), json!("bcrypt"));
            let h = crate::schemes::unix::bcrypt::format(*v, *cost, s, &legacy.digest);
            m.insert("hash".into(), json!({"value": h, "encoding": "utf8"}));
            salt = salt_object(around)?;
        }
        Step::Argon2 {
            params,
            data: None,
            salt: s,
            ..
        } => {
            m.insert("algorithm".into(), json!("argon2"));
            let h = crate::schemes::phc::argon2::format(*params, s, &legacy.digest);
            m.insert("hash".into(), json!({"value": h, "encoding": "utf8"}));
        }
        _ => {
            return Err(Refusal::hash(
                Target::Auth0,
                format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
            ));
        }
    }
    if let Some(s) = salt {
        m.insert("salt".into(), s);
    }
    let enc = legacy.step.encoding();
    if enc != PasswordEncoding::Utf8 {
        m.insert("password".into(), json!({"encoding": enc.name()}));
    }
    Ok(m)
}

impl Encoder for Auth0 {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
        if super::mapping::get_path(&user, "email").is_none() {
            return Err(Refusal::missing(Target::Auth0, "email"));
        }
        if let Some(legacy) = src.legacy {
            let custom = custom_password_hash(legacy)?;
            user.insert("custom_password_hash".into(), Value::Object(custom));
        }
        Ok(Encoded {
            text: text(user),
            part: String::new(),
        })
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        Ok(user.get("custom_password_hash").map(|custom| {
            Credential::new(custom.to_string()).with_scheme("auth0_custom_password_hash")
        }))
    }
}

impl Writer for Auth0 {
    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        if !self.users.fits(&rec.text) {
            return Err(WriteError::Refused(Refusal::new(
                "too_large",
                format!(
                    "the user's record alone ({} bytes) is over the import file limit",
                    self.users.alone(&rec.text)
                ),
            )));
        }
        Ok(self.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.users.finish(out)
    }

    fn owns(&self, name: &str) -> bool {
        self.users.owns(name)
    }
}
