//! The `keycloak` target: realm partial-import files for Keycloak's Admin REST API
//! (`POST /admin/realms/{realm}/partialImport`, or the admin console's Realm settings →
//! Action → Partial import).
//!
//! Schema: Keycloak Admin REST API, `PartialImportRepresentation` (`ifResourceExists`, `users`)
//! and `UserRepresentation` (`username`, `email`, `emailVerified`, `firstName`, `lastName`,
//! `enabled`, `createdTimestamp`, `attributes`, `credentials`)
//! (<https://www.keycloak.org/docs-api/latest/rest-api/index.html#PartialImportRepresentation>);
//! a password credential is `{"type":"password","secretData":"<JSON>","credentialData":"<JSON>"}`
//! with both members JSON documents in strings, as realm exports write them and
//! `Pbkdf2PasswordHashProviderFactory` / `Argon2PasswordHashProviderFactory` read them. Files
//! hold 10,000 users each (`realm-users-0001.json`, ...) and skip users that exist already
//! (`"ifResourceExists":"SKIP"`).
//!
//! What Keycloak verifies natively: `pbkdf2` (PBKDF2-HMAC-SHA1), `pbkdf2-sha256`,
//! `pbkdf2-sha512` with the derived-key length of the stored value, and `argon2` (Keycloak 24+:
//! `type` id/i/d, `version` 1.3/1.0, `memory`, `parallelism`, `hashLength`, with `hashIterations`
//! as t), all over the UTF-8 password. Everything else needs a custom password-hash provider in
//! Keycloak: those users are refused here and migrate lazily. The self-test parses the
//! password credential back out of the written user and reads it with `keycloak_pbkdf2` or
//! `keycloak_argon2`, as `credentialData.algorithm` names it. Platform test: the `admin`
//! credential of a Keycloak 24.0.4 realm export from Keycloak's own test suite.
//!
//! Default map: `username`, `email`, `email_verified`→`emailVerified`,
//! `given_name`→`firstName`, `family_name`→`lastName`, `created_at`→`createdTimestamp`
//! (milliseconds), `phone`→`attributes.phoneNumber[]`, `id`→`attributes.legacyId[]`. A locked
//! account is written with `"enabled":false`. Keycloak requires `username`: the e-mail is used
//! when the export has no user name.

use serde_json::{Map, Value, json};

use super::mapping::{get_path, set_path};
use super::output::Series;
use super::{Encoded, Encoder, Mapping, Refusal, Source, Target, Time, b64, forms, text};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("username", "username"),
            ("email", "email"),
            ("email_verified", "emailVerified"),
            ("given_name", "firstName"),
            ("family_name", "lastName"),
            ("created_at", "createdTimestamp"),
            ("phone", "attributes.phoneNumber[]"),
            ("id", "attributes.legacyId[]"),
        ],
        Time::Millis,
    )
}

/// The encoder, with its field map.
pub(crate) struct Keycloak(pub(crate) Mapping);

/// The partial-import files: `realm-users-0001.json`, ... with `per_file` users each.
pub(crate) fn files(per_file: u64) -> Series {
    Series::json(
        "realm-users",
        "{\"ifResourceExists\":\"SKIP\",\"users\":[\n",
        "\n]}\n",
        u64::MAX,
        per_file,
    )
}

/// The password credential of a portable description.
pub(crate) fn credential(legacy: &Portable) -> Result<Value, Refusal> {
    if legacy.step.encoding() != PasswordEncoding::Utf8 {
        return Err(Refusal::hash(
            Target::Keycloak,
            "a password hashed in another encoding than UTF-8",
        ));
    }
    let (secret, data) = match &legacy.step {
        Step::Pbkdf2 {
            alg,
            iterations,
            salt,
            ..
        } => {
            let name = match alg {
                Algorithm::Sha1 => "pbkdf2",
                Algorithm::Sha256 => "pbkdf2-sha256",
                Algorithm::Sha512 => "pbkdf2-sha512",
                _ => {
                    return Err(Refusal::hash(
                        Target::Keycloak,
                        format_args!("PBKDF2 over {}", alg.name()),
                    ));
                }
            };
            (
                json!({"value": b64(&legacy.digest), "salt": b64(salt), "additionalParameters": {}}),
                json!({"hashIterations": iterations, "algorithm": name, "additionalParameters": {}}),
            )
        }
        Step::Argon2 {
            params,
            data: None,
            salt,
            ..
        } => {
            let kind = match params.variant {
                argon2::Algorithm::Argon2id => "id",
                argon2::Algorithm::Argon2i => "i",
                argon2::Algorithm::Argon2d => "d",
            };
            let version = match params.version {
                argon2::Version::V0x13 => "1.3",
                argon2::Version::V0x10 => "1.0",
            };
            (
                json!({"value": b64(&legacy.digest), "salt": b64(salt), "additionalParameters": {}}),
                json!({
                    "hashIterations": params.t,
                    "algorithm": "argon2",
                    "additionalParameters": {
                        "hashLength": [legacy.digest.len().to_string()],
                        "memory": [params.m_kib.to_string()],
                        "type": [kind],
                        "version": [version],
                        "parallelism": [params.p.to_string()],
                    },
                }),
            )
        }
        _ => {
            return Err(Refusal::hash(
                Target::Keycloak,
                format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
            ));
        }
    };
    Ok(json!({
        "type": "password",
        "secretData": secret.to_string(),
        "credentialData": data.to_string(),
    }))
}

impl Encoder for Keycloak {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.0.apply(src.account, &mut user);
        if get_path(&user, "username").is_none() {
            let email = get_path(&user, "email")
                .cloned()
                .ok_or_else(|| Refusal::missing(Target::Keycloak, "username (or email)"))?;
            set_path(&mut user, "username", email);
        }
        user.insert("enabled".into(), Value::Bool(!src.account.locked));
        if let Some(legacy) = src.legacy {
            let cred = credential(legacy)?;
            user.insert("credentials".into(), Value::Array(vec![cred]));
        }
        Ok(Encoded {
            text: text(user),
            part: String::new(),
        })
    }

    /// The `password` credential of the written user, read by `keycloak_argon2` when its
    /// `credentialData` names `argon2` and by `keycloak_pbkdf2` otherwise, as Keycloak picks
    /// the hash provider by that name.
    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        let Some(list) = user.get("credentials") else {
            return Ok(None);
        };
        let list = list.as_array().ok_or("credentials is not a list")?;
        let mut passwords = list
            .iter()
            .filter(|c| c.get("type").and_then(Value::as_str) == Some("password"));
        let Some(cred) = passwords.next() else {
            return Ok(None);
        };
        if passwords.next().is_some() {
            return Err("more than one password credential".to_owned());
        }
        let data = cred
            .get("credentialData")
            .and_then(Value::as_str)
            .ok_or("the password credential has no credentialData text")?;
        let algorithm = forms::object(data)
            .map_err(|e| format!("credentialData: {e}"))?
            .get("algorithm")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or("credentialData names no algorithm")?;
        let scheme = if algorithm == "argon2" {
            "keycloak_argon2"
        } else {
            "keycloak_pbkdf2"
        };
        Ok(Some(Credential::new(cred.to_string()).with_scheme(scheme)))
    }
}
