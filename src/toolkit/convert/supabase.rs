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
//! Self-test: the `encrypted_password` value is parsed out of the written `INSERT` and read as
//! GoTrue reads it: bcrypt and argon2 strings as they are, a `$fbscrypt$` string's parameters,
//! salt and hash handed as written to the `firebase_scrypt` scheme. GoTrue's own test vectors
//! (`internal/crypto/password_test.go`) are this module's platform tests.
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

use serde_json::{Map, Value};

use super::mapping::get_path;
use super::output::Series;
use super::{Encoded, Encoder, Mapping, Refusal, Source, Target, Time, forms, text};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::Portable;

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

/// The encoder, with its field map.
pub(crate) struct Supabase(pub(crate) Mapping);

/// The SQL scripts: `users-0001.sql`, ... each one transaction of `per_file` inserts.
pub(crate) fn files(per_file: u64) -> Series {
    Series::sql("users", "BEGIN;\n", "\nCOMMIT;\n", per_file)
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

/// `encrypted_password`.
fn encrypted_password(legacy: &Portable) -> Result<String, Refusal> {
    let refuse = || forms::refuse(Target::Supabase, legacy);
    forms::utf8(Target::Supabase, legacy)?;
    if let Some(s) = forms::bcrypt(legacy).or_else(|| forms::argon2(legacy, true)) {
        return Ok(s);
    }
    let f = forms::firebase_parts(legacy).ok_or_else(refuse)?;
    let [hash, salt, sk, ss, r, n] = f.as_exported();
    let ss = if ss.is_empty() {
        String::new()
    } else {
        format!(",ss={ss}")
    };
    Ok(format!(
        "$fbscrypt$v=1,n={n},r={r},p=1{ss},sk={sk}${salt}${hash}"
    ))
}

/// A written `encrypted_password` as GoTrue's `ParseFirebaseScryptHash` reads it
/// (`$fbscrypt$v=1,n=<log2 N>,r=<rounds>,p=<threads>[,ss=<separator>][,sk=<signer key>]$<salt>$<hash>`),
/// the parts handed as written to the `firebase_scrypt` scheme; anything else as it is.
pub(super) fn read_password(s: &str) -> Result<Credential, String> {
    let Some(rest) = s.strip_prefix("$fbscrypt$") else {
        return Ok(Credential::new(s));
    };
    let bad = |why: &str| format!("$fbscrypt$ string: {why}");
    let mut parts = rest.split('$');
    let (Some(params), Some(salt), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("expected parameters, salt and hash"));
    };
    let mut kv = Vec::new();
    for item in params.split(',') {
        kv.push(
            item.split_once('=')
                .ok_or_else(|| bad("a parameter without ="))?,
        );
    }
    let names: Vec<&str> = kv.iter().map(|(k, _)| *k).collect();
    if !matches!(
        names.as_slice(),
        ["v", "n", "r", "p"]
            | ["v", "n", "r", "p", "ss"]
            | ["v", "n", "r", "p", "sk"]
            | ["v", "n", "r", "p", "ss", "sk"]
    ) {
        return Err(bad("parameters not v, n, r, p[, ss][, sk] in that order"));
    }
    let get = |k: &str| kv.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    if get("v") != Some("1") {
        return Err(bad("only v=1 is verified"));
    }
    // Firebase's scrypt runs with one thread; GoTrue passes p on to scrypt.
    if get("p") != Some("1") {
        return Err(bad("p is not 1, which Firebase's scrypt is"));
    }
    let key = get("sk").ok_or_else(|| bad("no signer key"))?;
    forms::firebase_written(
        hash,
        salt,
        key,
        get("ss").unwrap_or(""),
        get("r").unwrap_or_default(),
        get("n").unwrap_or_default(),
    )
}

/// The values of one `INSERT INTO t (c, ...) VALUES (v, ...)` statement by column, SQL string
/// literals unquoted; other values (NULL, `now()`) as they are written.
pub(super) fn insert_values(sql: &str) -> Result<Vec<(String, String)>, String> {
    let bad = |why: &str| format!("not one INSERT statement: {why}");
    let open = sql.find('(').ok_or_else(|| bad("no column list"))?;
    let (cols, rest) = sql[open + 1..]
        .split_once(") VALUES (")
        .ok_or_else(|| bad("no VALUES"))?;
    let columns: Vec<&str> = cols.split(',').map(str::trim).collect();
    let mut values = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ').is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\'') if chars.next_if_eq(&'\'').is_some() => value.push('\''),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(bad("an unterminated string")),
                }
            }
            // A cast (`'{}'::jsonb`) changes the type, not the text.
            while chars.next_if(|c| *c != ',' && *c != ')').is_some() {}
        } else {
            let mut depth = 0u32;
            while let Some(c) = chars.next_if(|c| depth > 0 || (*c != ',' && *c != ')')) {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                value.push(c);
            }
        }
        values.push(value);
        match chars.next() {
            Some(',') => {}
            Some(')') => break,
            _ => return Err(bad("the values do not close")),
        }
    }
    if values.len() != columns.len() {
        return Err(bad("as many values as columns"));
    }
    Ok(columns.into_iter().map(str::to_owned).zip(values).collect())
}

impl Encoder for Supabase {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.0.apply(src.account, &mut user);
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
        let password = match src.legacy {
            Some(legacy) => encrypted_password(legacy)?,
            None => String::new(),
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
            part: String::new(),
        })
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let values = insert_values(&rec.text)?;
        let password = values
            .iter()
            .find(|(c, _)| c == "encrypted_password")
            .map(|(_, v)| v.as_str())
            .ok_or("no encrypted_password column")?;
        if password.is_empty() {
            return Ok(None);
        }
        read_password(password).map(Some)
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
