//! The `supabase` target: `auth.users` rows for Supabase Auth (GoTrue), as an SQL script to
//! run against the project's database (`psql -f users-0001.sql`), one `INSERT` a user, in a
//! transaction, skipping users whose id exists already.
//!
//! Schema: the `auth.users` table (Supabase's migration guides query and fill `id`, `email`,
//! `encrypted_password`, `email_confirmed_at`, `phone`, `phone_confirmed_at`,
//! `raw_app_meta_data`, `raw_user_meta_data`, `created_at`; `aud` and `role` are
//! `authenticated`, `instance_id` the zero UUID, and the token columns are set to `''`, as the
//! supabase-community `firebase-to-supabase` importer writes them, because GoTrue cannot read
//! them as NULL). `banned_until` is `infinity` for a locked account.
//!
//! `encrypted_password` takes what GoTrue's `crypto.CompareHashAndPassword`
//! (supabase/auth, `internal/crypto/password.go`) verifies: bcrypt (`$2a$`, `$2b$`, `$2y$`),
//! argon2i and argon2id PHC strings (version 19, no `keyid` or `data`), and Firebase's scrypt
//! as `$fbscrypt$v=1,n=<log2 N>,r=<rounds>,p=1,ss=<separator>,sk=<signer key>$<salt>$<hash>`
//! (standard base64 with padding). Everything else is refused (those users migrate lazily).
//! Self-test readers: bcrypt, argon2, `firebase_scrypt` (read back from the written string).
//!
//! Ids: `auth.users.id` is a UUID, which exports rarely have. Each user's is a name-based UUID
//! (RFC 9562 version 5, SHA-1) of its source id, user name or e-mail, so that running a script
//! twice inserts nobody twice.
//!
//! Default map: `email`, `phone`, `created_at` to their columns; `email_verified` and
//! `phone_verified` set `email_confirmed_at` and `phone_confirmed_at` (to the creation time, or
//! the time of the import); `name`→`raw_user_meta_data.full_name`, `given_name`,
//! `family_name`, `username` and `id` (as `legacy_id`) into `raw_user_meta_data`. Only these
//! columns are written; other map targets go under `raw_user_meta_data`.

use std::io;

use serde_json::{Map, Value};

use super::mapping::get_path;
use super::output::{Series, Staging};
use super::{Encoded, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, text};
use crate::credential::Credential;
use crate::encoding::b64 as base64;
use crate::primitives::Algorithm;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("email", "email"),
            ("phone", "phone"),
            ("created_at", "created_at"),
            ("email_verified", "email_verified"),
            ("phone_verified", "phone_verified"),
            ("name", "raw_user_meta_data.full_name"),
            ("given_name", "raw_user_meta_data.given_name"),
            ("family_name", "raw_user_meta_data.family_name"),
            ("username", "raw_user_meta_data.username"),
            ("id", "raw_user_meta_data.legacy_id"),
        ],
        Time::Iso,
    )
}

/// The writer.
pub(crate) struct Supabase {
    map: Mapping,
    users: Series,
}

impl Supabase {
    pub(crate) fn new(map: Mapping) -> Self {
        Supabase {
            map,
            users: Series::sql("users", "BEGIN;\n", "\nCOMMIT;\n", 100_000),
        }
    }
}

/// A name-based UUID (version 5) of `name` in this library's namespace.
fn uuid5(name: &str) -> String {
    // The RFC 9562 URL namespace, with the name `hashbridge:<name>`.
    const NAMESPACE: [u8; 16] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    let h = Algorithm::Sha1.digest(&[&NAMESPACE, b"hashbridge:", name.as_bytes()]);
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = crate::encoding::hex::encode(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// An SQL string literal; `None` for text PostgreSQL cannot store (a NUL).
fn lit(s: &str) -> Option<String> {
    (!s.contains('\0')).then(|| format!("'{}'", s.replace('\'', "''")))
}

/// Read a `$fbscrypt$` string back as a `firebase_scrypt` credential.
fn read_fbscrypt(s: &str) -> Option<Credential> {
    let rest = s.strip_prefix("$fbscrypt$")?;
    let mut parts = rest.split('$');
    let (params, salt, hash) = (parts.next()?, parts.next()?, parts.next()?);
    let mut kv = std::collections::BTreeMap::new();
    for item in params.split(',') {
        let (k, v) = item.split_once('=')?;
        kv.insert(k, v);
    }
    let dec = |v: &str| base64::decode(&base64::STANDARD_PADDED, v);
    let sep = kv.get("ss").map_or(Some(Vec::new()), |v| dec(v))?;
    Some(
        Credential::new(b64(&dec(hash)?))
            .with_scheme("firebase_scrypt")
            .with_salt(dec(salt)?)
            .with_param("base64_signer_key", b64(&dec(kv.get("sk")?)?))
            .with_param("base64_salt_separator", b64(&sep))
            .with_param("rounds", *kv.get("r")?)
            .with_param("mem_cost", *kv.get("n")?),
    )
}

/// `encrypted_password` and the credential this library reads it as.
fn encrypted_password(legacy: &Portable) -> Result<(String, Credential), Refusal> {
    let refuse = || {
        Refusal::hash(
            Target::Supabase,
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
            (s.clone(), Credential::new(s))
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
            (s.clone(), Credential::new(s))
        }
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            signer_key: Some(key),
        } => {
            let ss = if separator.is_empty() {
                String::new()
            } else {
                format!(",ss={}", b64(separator))
            };
            let s = format!(
                "$fbscrypt$v=1,n={mem_cost},r={rounds},p=1{ss},sk={}${}${}",
                b64(key),
                b64(salt),
                b64(d)
            );
            let rb = read_fbscrypt(&s).ok_or_else(refuse)?;
            (s, rb)
        }
        _ => return Err(refuse()),
    })
}

impl Writer for Supabase {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
        let text_of = |path: &str| get_path(&user, path).and_then(Value::as_str);
        let email = text_of("email");
        let phone = text_of("phone");
        if email.is_none() && phone.is_none() {
            return Err(Refusal::missing(
                Target::Supabase,
                "an e-mail address or phone number",
            ));
        }
        let key = src
            .account
            .profile
            .id
            .as_deref()
            .or(src.account.profile.username.as_deref())
            .or(email)
            .or(phone)
            .unwrap_or_default();
        let id = uuid5(key);
        let bad = || Refusal::new("unrepresentable", "a field holds a NUL character");
        let opt = |v: Option<&str>| match v {
            Some(s) => lit(s).ok_or_else(bad),
            None => Ok("NULL".to_owned()),
        };
        let created = match text_of("created_at") {
            Some(t) => lit(t).ok_or_else(bad)?,
            None => "now()".to_owned(),
        };
        let confirmed = |flag: &str| {
            if get_path(&user, flag).and_then(Value::as_bool) == Some(true) {
                created.clone()
            } else {
                "NULL".to_owned()
            }
        };
        let mut meta = Map::new();
        for (k, v) in &user {
            match k.as_str() {
                "email" | "phone" | "created_at" | "email_verified" | "phone_verified" => {}
                "raw_user_meta_data" => {
                    if let Value::Object(m) = v {
                        meta.extend(m.clone());
                    }
                }
                other => {
                    meta.insert(other.to_owned(), v.clone());
                }
            }
        }
        let (password, readback) = match src.legacy {
            Some(legacy) => {
                let (p, rb) = encrypted_password(legacy)?;
                (p, Some(rb))
            }
            None => (String::new(), None),
        };
        let sql = format!(
            "INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, \
             email_confirmed_at, phone, phone_confirmed_at, raw_app_meta_data, \
             raw_user_meta_data, created_at, updated_at, banned_until, confirmation_token, \
             recovery_token, email_change_token_new, email_change) VALUES \
             ('00000000-0000-0000-0000-000000000000', '{id}', 'authenticated', 'authenticated', \
             {}, {}, {}, {}, {}, '{{\"provider\":\"email\",\"providers\":[\"email\"]}}'::jsonb, \
             {}::jsonb, {created}, now(), {}, '', '', '', '') ON CONFLICT (id) DO NOTHING;",
            opt(email)?,
            lit(&password).ok_or_else(bad)?,
            confirmed("email_verified"),
            opt(phone)?,
            confirmed("phone_verified"),
            lit(&text(meta)).ok_or_else(bad)?,
            if src.account.locked {
                "'infinity'"
            } else {
                "NULL"
            },
        );
        Ok(Encoded {
            text: sql,
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

#[cfg(test)]
mod tests {
    #[test]
    fn name_based_uuids() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "hashbridge:alice")
        assert_eq!(
            super::uuid5("alice"),
            "b8807399-d919-5ee3-8f4a-ac8992e68d6c"
        );
    }
}
