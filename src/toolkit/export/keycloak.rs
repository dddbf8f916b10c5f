//! Keycloak realm exports (`kc.sh export --realm R --file realm.json`, the per-user-file form
//! `R-users-0.json`, or the admin console's partial export): `{"realm":..,"users":[...]}`.
//!
//! Each user's `credentials` array holds the password credential, either as Keycloak 7+ writes
//! it (`secretData` and `credentialData`, JSON documents in strings) or in the older flat form
//! (`hashedSaltedValue`, `salt`, `hashIterations`, `algorithm`). The credential object is kept
//! as it stands, minus the members no scheme reads (ids, labels, dates), and recognised by its
//! algorithm: `keycloak_pbkdf2` for the PBKDF2 ones, `keycloak_argon2` for argon2. Users with `enabled: false` are reported as locked; users without a password
//! credential (identity-provider links, service accounts) without one.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::json::{Path, each_object};
use super::{
    Account, Entry, ExportError, Format, Options, Profile, complete, first_byte, first_str,
    malformed,
};
use crate::credential::Credential;
use crate::error::Error;

/// The members of a credential the scheme reads.
const KEEP: &[&str] = &[
    "type",
    "secretData",
    "credentialData",
    "hashedSaltedValue",
    "value",
    "salt",
    "hashIterations",
    "algorithm",
];

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    if first_byte(input)?.is_none() {
        return Ok(());
    }
    each_object(
        input,
        Format::Keycloak,
        options,
        Path::Member("users"),
        sink,
        &mut |user| Some(user_account(user, options)),
    )
}

/// The user's account: its first `password` credential, the one Keycloak verifies against.
fn user_account(user: &Map<String, Value>, options: &Options) -> Result<Account, Error> {
    let name = first_str(user, &["username", "email", "id"]);
    let locked = user.get("enabled").and_then(Value::as_bool) == Some(false);
    let credentials = match user.get("credentials") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(c)) => c.as_slice(),
        Some(_) => {
            return Err(malformed(Format::Keycloak, "credentials", "not an array"));
        }
    };
    let password = credentials.iter().find_map(|c| {
        let obj = c.as_object()?;
        (obj.get("type").and_then(Value::as_str) == Some("password")).then_some(obj)
    });
    let Some(cred) = password else {
        let mut a = Account::without_hash(name, "no password credential");
        a.locked = locked;
        return Ok(a.with_profile(profile(user)));
    };
    let kept: Map<String, Value> = KEEP
        .iter()
        .filter_map(|k| cred.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    let mut c = Credential::new(Value::Object(kept).to_string());
    if let Some(u) = &name {
        c = c.with_username(u.clone());
    }
    let mut a = Account::with_hash(name, complete(c, options));
    a.locked = locked;
    Ok(a.with_profile(profile(user)))
}

/// The profile members of Keycloak's `UserRepresentation`.
fn profile(user: &Map<String, Value>) -> Profile {
    let mut p = Profile::default();
    p.fill(
        user,
        &[
            ("id", &["id"]),
            ("username", &["username"]),
            ("email", &["email"]),
            ("email_verified", &["emailVerified"]),
            ("given_name", &["firstName"]),
            ("family_name", &["lastName"]),
            ("created_at", &["createdTimestamp"]),
        ],
    );
    p
}
