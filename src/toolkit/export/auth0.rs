//! Auth0 exports: the password-hash export Auth0 support hands out (NDJSON, one user per line:
//! `{"_id":{"$oid":..},"email":..,"passwordHash":"$2b$10$...",..}`), and Auth0's bulk-import
//! file (a JSON array of users carrying `password_hash` or `custom_password_hash`), which is
//! what a tenant that has not yet been imported holds.
//!
//! bcrypt strings are handed on as they are; a `custom_password_hash` object becomes an
//! `auth0_custom_password_hash` credential. `blocked: true` marks the account locked.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::json::{Path, each_object, line_object};
use super::{
    Account, Entry, ExportError, Format, Options, Profile, complete, each_line, first_byte,
    first_str, malformed,
};
use crate::credential::Credential;
use crate::error::Error;

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    match first_byte(input)? {
        Some(b'[') => each_object(input, Format::Auth0, options, Path::Top, sink, &mut |u| {
            Some(user_account(u, options))
        }),
        _ => each_line(input, Format::Auth0, options, sink, |_, line| {
            Some(line_object(Format::Auth0, line).and_then(|u| user_account(&u, options)))
        }),
    }
}

fn user_account(user: &Map<String, Value>, options: &Options) -> Result<Account, Error> {
    let oid = oid_of(user);
    let name = first_str(user, &["email", "username", "user_id", "phone_number"]).or(oid);
    let locked = user.get("blocked").and_then(Value::as_bool) == Some(true);
    let mut cred = match user.get("custom_password_hash") {
        Some(Value::Object(custom)) => {
            let c = Credential::new(Value::Object(custom.clone()).to_string());
            if options.scheme.is_none() {
                c.with_scheme("auth0_custom_password_hash")
            } else {
                c
            }
        }
        Some(Value::Null) | None => match first_str(user, &["passwordHash", "password_hash"]) {
            Some(h) => Credential::new(h),
            None => {
                let mut a = Account::without_hash(name, "no password (social or passwordless)");
                a.locked = locked;
                return Ok(a.with_profile(profile(user, oid_of(user))));
            }
        },
        Some(_) => {
            return Err(malformed(
                Format::Auth0,
                "custom_password_hash",
                "not an object",
            ));
        }
    };
    if let Some(u) = &name {
        cred = cred.with_username(u.clone());
    }
    let mut a = Account::with_hash(name, complete(cred, options));
    a.locked = locked;
    Ok(a.with_profile(profile(user, oid_of(user))))
}

fn oid_of(user: &Map<String, Value>) -> Option<String> {
    user.get("_id")
        .and_then(Value::as_object)
        .and_then(|id| super::str_field(id, "$oid"))
        .map(str::to_owned)
}

/// The profile members of Auth0's user schema (and its export's `_id`).
fn profile(user: &Map<String, Value>, oid: Option<String>) -> Profile {
    let mut p = Profile::default();
    p.fill(
        user,
        &[
            ("id", &["user_id"]),
            ("username", &["username"]),
            ("email", &["email"]),
            ("email_verified", &["email_verified"]),
            ("name", &["name"]),
            ("given_name", &["given_name"]),
            ("family_name", &["family_name"]),
            ("phone", &["phone_number"]),
            ("phone_verified", &["phone_verified"]),
            ("created_at", &["created_at"]),
        ],
    );
    if p.id.is_none() {
        p.id = oid;
    }
    p
}
