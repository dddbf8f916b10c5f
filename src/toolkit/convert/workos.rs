//! The `workos` target: request bodies for WorkOS User Management's "Create a user"
//! (`POST /user_management/users`), one JSON document a line.
//!
//! Schema: WorkOS API reference, Create a user (<https://workos.com/docs/reference/user-management/user/create>):
//! `email` (required), `email_verified`, `first_name`, `last_name`, `external_id`, and
//! `password_hash` with `password_hash_type`; the type names are those of the official Node SDK
//! (`PasswordHashType`: `bcrypt`, `firebase-scrypt`, `ssha`, `scrypt`, `argon2`). The digest
//! forms follow WorkOS's migration guides (<https://workos.com/docs/migrate/other-services>,
//! <https://workos.com/docs/migrate/firebase>): `bcrypt` the `$2a$`/`$2b$`/`$2y$` string,
//! `argon2` and `scrypt` PHC strings (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`,
//! `$scrypt$ln=..,r=..,p=..$salt$hash`), `ssha` the LDAP `{SSHA}` value (SHA-1 of the password
//! followed by the salt, base64 of digest then salt), and `firebase-scrypt` a PHC-style string
//! carrying the project parameters under the names of WorkOS's Firebase guide (`sk` signer key,
//! `ss` salt separator, `r` rounds, `m` memory cost):
//! `$firebase-scrypt$hash=<hash>$salt=<salt>$sk=<key>$ss=<separator>$r=<rounds>$m=<mem_cost>`.
//! Base64 in that string is standard with its padding, as WorkOS's own migration tool writes
//! it: `encodeFirebaseScryptPHC` of `@workos/migrations` (workos/workos-migrations,
//! `src/transformers/firebase/scrypt.ts`) passes Firebase's padded values through and its test
//! expects `$firebase-scrypt$hash=aGFzaA==$salt=c2FsdA==$sk=a2V5$ss=c2Vw$r=8$m=14`. (The
//! guide's prose asks for the padding trimmed; the tool that WorkOS ships and tests keeps it.)
//!
//! Self-test: the written `password_hash` is read as it is by bcrypt, argon2, scrypt and
//! `ldap_salted_sha1`; the Firebase form's six named parts are handed as written to the
//! `firebase_scrypt` scheme.
//!
//! Default map: `email`, `email_verified`, `given_name`→`first_name`,
//! `family_name`→`last_name`, `id`→`external_id`. WorkOS requires an e-mail: a user without
//! one is refused.

use serde_json::{Map, json};

use super::mapping::get_path;
use super::{Encoded, Encoder, Mapping, Refusal, Source, Target, Time, b64, forms, text};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{Portable, Step};

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("email", "email"),
            ("email_verified", "email_verified"),
            ("given_name", "first_name"),
            ("family_name", "last_name"),
            ("id", "external_id"),
        ],
        Time::Iso,
    )
}

/// The encoder, with its field map.
pub(crate) struct Workos(pub(crate) Mapping);

/// `password_hash_type` and `password_hash`.
fn password_hash(legacy: &Portable) -> Result<(&'static str, String), Refusal> {
    let refuse = || forms::refuse(Target::Workos, legacy);
    forms::utf8(Target::Workos, legacy)?;
    if let Some(s) = forms::bcrypt(legacy) {
        return Ok(("bcrypt", s));
    }
    if let Some(s) = forms::argon2(legacy, false) {
        return Ok(("argon2", s));
    }
    if let Some((s, ..)) = forms::scrypt(legacy) {
        return Ok(("scrypt", s));
    }
    let d = &legacy.digest;
    Ok(match &legacy.step {
        Step::Digest {
            alg: Algorithm::Sha1,
            around,
            ..
        } if around.prefix.is_empty() && !around.suffix.is_empty() => (
            "ssha",
            format!("{{SSHA}}{}", b64(&[d.as_slice(), &around.suffix].concat())),
        ),
        _ => {
            let f = forms::firebase_parts(legacy).ok_or_else(refuse)?;
            let [hash, salt, sk, ss, r, m] = f.as_exported();
            (
                "firebase-scrypt",
                format!("$firebase-scrypt$hash={hash}$salt={salt}$sk={sk}$ss={ss}$r={r}$m={m}"),
            )
        }
    })
}

/// A written `$firebase-scrypt$` string as a `firebase_scrypt` credential: the named parts
/// handed over as written.
fn read_firebase(s: &str) -> Result<Credential, String> {
    let bad = || "not a $firebase-scrypt$hash=..$salt=..$sk=..$ss=..$r=..$m=.. string".to_owned();
    let rest = s.strip_prefix("$firebase-scrypt$").ok_or_else(bad)?;
    let mut fields = std::collections::BTreeMap::new();
    for part in rest.split('$') {
        let (k, v) = part.split_once('=').ok_or_else(bad)?;
        if fields.insert(k, v).is_some() {
            return Err(format!("{k} given twice"));
        }
    }
    let field = |k: &str| fields.get(k).copied().ok_or_else(bad);
    if fields.len() != 6 {
        return Err(bad());
    }
    forms::firebase_written(
        field("hash")?,
        field("salt")?,
        field("sk")?,
        field("ss")?,
        field("r")?,
        field("m")?,
    )
}

impl Encoder for Workos {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.0.apply(src.account, &mut user);
        if get_path(&user, "email").is_none() {
            return Err(Refusal::missing(Target::Workos, "email"));
        }
        if let Some(legacy) = src.legacy {
            let (kind, hash) = password_hash(legacy)?;
            user.insert("password_hash".into(), json!(hash));
            user.insert("password_hash_type".into(), json!(kind));
        }
        Ok(Encoded {
            text: text(user),
            part: String::new(),
        })
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        match (
            forms::text_at(&user, "password_hash_type")?,
            forms::text_at(&user, "password_hash")?,
        ) {
            (Some("firebase-scrypt"), Some(hash)) => read_firebase(hash).map(Some),
            (Some("bcrypt" | "argon2" | "scrypt" | "ssha"), Some(hash)) => {
                Ok(Some(Credential::new(hash)))
            }
            (Some(other), Some(_)) => Err(format!(
                "password_hash_type {other:?} is not one this writer uses"
            )),
            (None, None) => Ok(None),
            _ => Err("password_hash and password_hash_type go together".to_owned()),
        }
    }
}
