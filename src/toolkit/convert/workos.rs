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
//! `ss` salt separator, `r` rounds, `m` memory cost), all base64 without padding:
//! `$firebase-scrypt$hash=<hash>$salt=<salt>$sk=<key>$ss=<separator>$r=<rounds>$m=<mem_cost>`.
//!
//! Self-test readers: bcrypt, argon2, scrypt, `ldap_salted_sha1`, and `firebase_scrypt` for
//! the Firebase form (read back from the written string).
//!
//! Default map: `email`, `email_verified`, `given_name`→`first_name`,
//! `family_name`→`last_name`, `id`→`external_id`. WorkOS requires an e-mail: a user without
//! one is refused.

use serde_json::{Map, json};

use super::mapping::get_path;
use super::{
    Encoded, Encoder, Mapping, Refusal, Source, Target, Time, b64, b64_nopad, forms, text,
};
use crate::credential::Credential;
use crate::encoding::b64 as base64;
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

/// Read a `$firebase-scrypt$` string back as a `firebase_scrypt` credential.
fn read_firebase(s: &str) -> Option<Credential> {
    let rest = s.strip_prefix("$firebase-scrypt$")?;
    let mut parts = rest.split('$').map(|p| p.split_once('='));
    let mut field = |name: &str| match parts.next() {
        Some(Some((k, v))) if k == name => Some(v),
        _ => None,
    };
    let decode = |v: &str| base64::decode(&base64::STANDARD_NO_PAD, v);
    let hash = decode(field("hash")?)?;
    let salt = decode(field("salt")?)?;
    let key = decode(field("sk")?)?;
    let sep = decode(field("ss")?)?;
    let (rounds, mem) = (field("r")?, field("m")?);
    Some(forms::firebase(&hash, salt, &key, &sep, rounds, mem))
}

/// `password_hash_type`, `password_hash` and the credential this library reads it as.
fn password_hash(legacy: &Portable) -> Result<(&'static str, String, Credential), Refusal> {
    let refuse = || forms::refuse(Target::Workos, legacy);
    forms::utf8(Target::Workos, legacy)?;
    if let Some(s) = forms::bcrypt(legacy) {
        return Ok(("bcrypt", s.clone(), Credential::new(s)));
    }
    if let Some(s) = forms::argon2(legacy, false) {
        return Ok(("argon2", s.clone(), Credential::new(s)));
    }
    if let Some((s, ..)) = forms::scrypt(legacy) {
        return Ok(("scrypt", s.clone(), Credential::new(s)));
    }
    let d = &legacy.digest;
    Ok(match &legacy.step {
        Step::Digest {
            alg: Algorithm::Sha1,
            around,
            ..
        } if around.prefix.is_empty() && !around.suffix.is_empty() => {
            let s = format!("{{SSHA}}{}", b64(&[d.as_slice(), &around.suffix].concat()));
            ("ssha", s.clone(), Credential::new(s))
        }
        _ => {
            let f = forms::firebase_parts(legacy).ok_or_else(refuse)?;
            let s = format!(
                "$firebase-scrypt$hash={}$salt={}$sk={}$ss={}$r={}$m={}",
                b64_nopad(f.hash),
                b64_nopad(f.salt),
                b64_nopad(f.key),
                b64_nopad(f.separator),
                f.rounds,
                f.mem_cost
            );
            let rb = read_firebase(&s).ok_or_else(refuse)?;
            ("firebase-scrypt", s, rb)
        }
    })
}

impl Encoder for Workos {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.0.apply(src.account, &mut user);
        if get_path(&user, "email").is_none() {
            return Err(Refusal::missing(Target::Workos, "email"));
        }
        let mut readback = None;
        if let Some(legacy) = src.legacy {
            let (kind, hash, rb) = password_hash(legacy)?;
            user.insert("password_hash".into(), json!(hash));
            user.insert("password_hash_type".into(), json!(kind));
            readback = Some(rb);
        }
        Ok(Encoded {
            text: text(user),
            readback,
            part: String::new(),
        })
    }
}
