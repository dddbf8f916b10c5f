//! Firebase Authentication exports (`firebase auth:export users.json` or `users.csv`).
//!
//! JSON: `{"users":[{"localId":..,"email":..,"passwordHash":..,"salt":..,"disabled":..},...]}`,
//! hash and salt in base64 (the CLI writes the standard alphabet, the Admin SDK's
//! `listUsers` the URL-safe one; both are read). CSV has no header and fixed columns: UID,
//! email, email verified, password hash, password salt, then profile and provider columns.
//!
//! The export leaves out the project's hash parameters (the console's "Password hash
//! parameters": `base64_signer_key`, `base64_salt_separator`, `rounds`, `mem_cost`); pass them
//! in [`Options::params`](super::Options::params). Without them every verify answers
//! `missing_context`, naming the parameter. Accounts without a password hash (Google, phone or
//! e-mail-link sign-in only) are reported without a credential.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::json::{Path, each_object};
use super::{
    Account, Entry, ExportError, Format, Options, Profile, complete, first_byte, first_str,
};
use crate::credential::Credential;
use crate::error::Error;
use crate::toolkit::record::decode_salt;

const SCHEME: &str = "firebase_scrypt";

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    match first_byte(input)? {
        None => Ok(()),
        Some(b'{') => each_object(
            input,
            Format::Firebase,
            options,
            Path::Member("users"),
            sink,
            &mut |user| Some(json_user(user, options)),
        ),
        Some(_) => super::csv::records(input, Format::Firebase, options, |line, record| {
            let f = |i| super::csv::text(Format::Firebase, record, i, "field");
            let account = (|| {
                let user = [f(1)?, f(0)?]
                    .into_iter()
                    .flatten()
                    .find(|s| !s.is_empty())
                    .map(str::to_owned);
                // auth:export's CSV columns: UID, email, verified, hash, salt, name, photo,
                // 16 provider columns, creation time, last sign-in, phone, disabled.
                let mut row = Map::new();
                for (i, key) in [
                    (0, "localId"),
                    (1, "email"),
                    (2, "emailVerified"),
                    (5, "displayName"),
                    (23, "createdAt"),
                    (25, "phoneNumber"),
                    (26, "disabled"),
                ] {
                    if let Some(v) = f(i)? {
                        row.insert(key.to_owned(), Value::String(v.to_owned()));
                    }
                }
                let disabled = row.get("disabled").and_then(Value::as_str) == Some("true");
                Ok(account(user, f(3)?, f(4)?, disabled, options)?.with_profile(profile(&row)))
            })();
            sink(Entry {
                position: line,
                account,
            });
            Ok(())
        }),
    }
}

fn json_user(user: &Map<String, Value>, options: &Options) -> Result<Account, Error> {
    let name = first_str(user, &["email", "phoneNumber", "localId"]);
    let disabled = user.get("disabled").and_then(Value::as_bool) == Some(true);
    Ok(account(
        name,
        super::str_field(user, "passwordHash"),
        super::str_field(user, "salt").or_else(|| super::str_field(user, "passwordSalt")),
        disabled,
        options,
    )?
    .with_profile(profile(user)))
}

/// The profile members of Firebase's user records (`auth:export`, the Admin SDK's camel case).
fn profile(user: &Map<String, Value>) -> Profile {
    let mut p = Profile::default();
    p.fill(
        user,
        &[
            ("id", &["localId", "uid"]),
            ("email", &["email"]),
            ("email_verified", &["emailVerified"]),
            ("name", &["displayName"]),
            ("phone", &["phoneNumber"]),
            ("created_at", &["createdAt"]),
        ],
    );
    p
}

fn account(
    user: Option<String>,
    hash: Option<&str>,
    salt: Option<&str>,
    disabled: bool,
    options: &Options,
) -> Result<Account, Error> {
    let Some(hash) = hash.filter(|h| !h.is_empty()) else {
        let mut a = Account::without_hash(user, "no password (provider or passwordless sign-in)");
        a.locked = disabled;
        return Ok(a);
    };
    let mut cred = Credential::new(hash);
    if let Some(salt) = salt.filter(|s| !s.is_empty()) {
        cred = cred.with_salt(decode_salt(salt, Some("base64"))?);
    }
    if options.scheme.is_none() {
        cred = cred.with_scheme(SCHEME);
    }
    if let Some(u) = &user {
        cred = cred.with_username(u.clone());
    }
    let mut a = Account::with_hash(user, complete(cred, options));
    a.locked = disabled;
    Ok(a)
}
