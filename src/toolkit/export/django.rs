//! Django `manage.py dumpdata` output: a JSON array (the default format) or JSON lines
//! (`--format jsonl`, Django 3.2+) of `{"model":..,"pk":..,"fields":{..}}` objects.
//!
//! Every object whose `fields` has a string `password` is an account, whatever the model is
//! called (custom user models are common), so a full dump can be read as it is; other objects
//! are skipped. Django's encoded passwords carry their algorithm (`pbkdf2_sha256$...`,
//! `bcrypt_sha256$...`, `!` for unusable passwords), except the unsalted MD5 of very old
//! installs: a bare 32-digit hex string, read as `hex_md5`. `is_active: false` marks the account
//! locked.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::json::{Path, each_object, line_object};
use super::{
    Account, Entry, ExportError, Format, Options, Profile, complete, each_line, first_byte,
    first_str,
};
use crate::credential::Credential;
use crate::error::Error;

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    match first_byte(input)? {
        Some(b'[') => each_object(input, Format::Django, options, Path::Top, sink, &mut |o| {
            object_account(o, options)
        }),
        _ => each_line(
            input,
            Format::Django,
            options,
            sink,
            |_, line| match line_object(Format::Django, line) {
                Ok(o) => object_account(&o, options),
                Err(e) => Some(Err(e)),
            },
        ),
    }
}

/// `None` for an object that is not an account.
fn object_account(obj: &Map<String, Value>, options: &Options) -> Option<Result<Account, Error>> {
    let fields = obj.get("fields")?.as_object()?;
    let password = fields.get("password")?.as_str()?;
    let pk = obj.get("pk").map(|pk| match pk {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let user = first_str(fields, &["username", "email"]).or_else(|| pk.clone());
    let locked = fields.get("is_active").and_then(Value::as_bool) == Some(false);
    let mut account = if password.is_empty() {
        Account::without_hash(user, "empty password field")
    } else {
        let mut cred = Credential::new(password);
        if password.len() == 32
            && password.bytes().all(|b| b.is_ascii_hexdigit())
            && options.scheme.is_none()
        {
            cred = cred.with_scheme("hex_md5");
        }
        if let Some(u) = &user {
            cred = cred.with_username(u.clone());
        }
        Account::with_hash(user, complete(cred, options))
    };
    account.locked = locked;
    let mut profile = Profile::default();
    profile.fill(
        fields,
        &[
            ("username", &["username"]),
            ("email", &["email"]),
            ("given_name", &["first_name"]),
            ("family_name", &["last_name"]),
            ("created_at", &["date_joined"]),
        ],
    );
    profile.id = pk;
    Some(Ok(account.with_profile(profile)))
}
