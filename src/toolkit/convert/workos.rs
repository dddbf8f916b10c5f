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

use std::io;

use serde_json::{Map, json};

use super::mapping::get_path;
use super::output::{Series, Staging};
use super::{
    Encoded, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, b64_nopad, text,
};
use crate::credential::Credential;
use crate::encoding::b64 as base64;
use crate::primitives::Algorithm;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

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

/// The writer.
pub(crate) struct Workos {
    map: Mapping,
    users: Series,
}

impl Workos {
    pub(crate) fn new(map: Mapping) -> Self {
        Workos {
            map,
            users: Series::lines("users"),
        }
    }
}

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
    let rounds = field("r")?;
    let mem = field("m")?;
    Some(
        Credential::new(b64(&hash))
            .with_scheme("firebase_scrypt")
            .with_salt(salt)
            .with_param("base64_signer_key", b64(&key))
            .with_param("base64_salt_separator", b64(&sep))
            .with_param("rounds", rounds)
            .with_param("mem_cost", mem),
    )
}

/// `password_hash_type`, `password_hash` and the credential this library reads it as.
fn password_hash(legacy: &Portable) -> Result<(&'static str, String, Credential), Refusal> {
    let refuse = || {
        Refusal::hash(
            Target::Workos,
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
        } => {
            let s = crate::schemes::phc::argon2::format(*params, salt, d);
            ("argon2", s.clone(), Credential::new(s))
        }
        Step::Scrypt { n, r, p, salt, .. }
            if n.is_power_of_two() && *n >= 2 && (32..=64).contains(&d.len()) =>
        {
            let s = crate::schemes::phc::scrypt::format(n.trailing_zeros(), *r, *p, salt, d);
            ("scrypt", s.clone(), Credential::new(s))
        }
        Step::Digest {
            alg: Algorithm::Sha1,
            around,
            ..
        } if around.prefix.is_empty() && !around.suffix.is_empty() => {
            let s = format!("{{SSHA}}{}", b64(&[d.as_slice(), &around.suffix].concat()));
            ("ssha", s.clone(), Credential::new(s))
        }
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            signer_key: Some(key),
        } => {
            let s = format!(
                "$firebase-scrypt$hash={}$salt={}$sk={}$ss={}$r={rounds}$m={mem_cost}",
                b64_nopad(d),
                b64_nopad(salt),
                b64_nopad(key),
                b64_nopad(separator)
            );
            let rb = read_firebase(&s).ok_or_else(refuse)?;
            ("firebase-scrypt", s, rb)
        }
        _ => return Err(refuse()),
    })
}

impl Writer for Workos {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
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

    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        Ok(self.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.users.finish(out)
    }
}
