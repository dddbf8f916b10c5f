//! Keycloak's PBKDF2 password credentials (`keycloak_pbkdf2`), as realm exports and the admin
//! REST API represent them.
//!
//! Since Keycloak 7 a credential is
//!
//! ```text
//! {"type":"password",
//!  "secretData":"{\"value\":\"<base64 key>\",\"salt\":\"<base64 salt>\",\"additionalParameters\":{}}",
//!  "credentialData":"{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}"}
//! ```
//!
//! with `secretData` and `credentialData` JSON documents stored as strings inside the JSON (the
//! database columns, copied verbatim); tools that decode them write nested objects instead, and
//! both are read. Older exports (and Keycloak's import, which still accepts them) use one flat
//! object: `{"type":"password","hashedSaltedValue":..,"salt":..,"hashIterations":..,"algorithm":..}`;
//! `value` in place of `hashedSaltedValue` is read the same way when the other three members are
//! there (alone, `value` is a plaintext password and is refused).
//!
//! Algorithms (Keycloak's `Pbkdf2*PasswordHashProviderFactory`): `pbkdf2` is PBKDF2-HMAC-SHA1,
//! `pbkdf2-sha256` and `pbkdf2-sha512` what they say. Keycloak verifies with a derived-key length
//! equal to the stored value's length (512 bits by default, 256 for `pbkdf2-sha256` since
//! Keycloak 19, 1024 in some older SHA-512 setups), so the value's length is used here too. The
//! password is hashed as UTF-8, as Java's `PBKDF2WithHmacSHA*` does.
//!
//! Keycloak can pad short passwords with NUL characters (the `max-padding-length` option, for
//! FIPS mode; Keycloak 21.0 always padded to 14). Supply the padding length as the
//! `max_padding_length` parameter to accept hashes made that way; unpadded hashes still verify.
//!
//! Everything is in the string, which is recognised by its member names. Weaknesses: iteration
//! counts of older realms (20000-27500) are low for PBKDF2; always upgraded on login.

use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{HashFn, Obj, base64_field, json_shape, parse_object};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::scheme::{Match, Scheme};

const ID: &str = "keycloak_pbkdf2";

/// Longest padding accepted from `max_padding_length` (Keycloak's FIPS setting is 14).
const MAX_PADDING: u64 = 256;

/// Keycloak PBKDF2 credential representation.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeycloakPbkdf2;

/// A validated credential.
struct Parsed {
    alg: Algorithm,
    alg_name: &'static str,
    iterations: u64,
    salt: Vec<u8>,
    value: Vec<u8>,
}

fn algorithm(name: &str) -> Result<(Algorithm, &'static str)> {
    match name {
        "pbkdf2" => Ok((Algorithm::Sha1, "pbkdf2")),
        "pbkdf2-sha256" => Ok((Algorithm::Sha256, "pbkdf2-sha256")),
        "pbkdf2-sha512" => Ok((Algorithm::Sha512, "pbkdf2-sha512")),
        "argon2" | "bcrypt" => Err(Error::unsupported(format!(
            "{ID}: Keycloak's {name} credentials are not read by this scheme"
        ))),
        _ => Err(Error::malformed(
            ID,
            "algorithm",
            "unknown; expected pbkdf2, pbkdf2-sha256 or pbkdf2-sha512",
        )),
    }
}

/// `secretData` / `credentialData`: a JSON document in a string, or the decoded object.
fn nested<T>(
    outer: &Obj<'_>,
    path: &'static str,
    f: impl FnOnce(Obj<'_>) -> Result<T>,
) -> Result<T> {
    match outer.value(path) {
        None => Err(Error::malformed(ID, path, "missing")),
        Some(Value::String(s)) => {
            let m = parse_object(ID, path, s)?;
            f(Obj::new(ID, &m))
        }
        Some(Value::Object(m)) => f(Obj::new(ID, m)),
        Some(_) => Err(Error::malformed(
            ID,
            path,
            "expected a JSON object or a string holding one",
        )),
    }
}

fn finish(alg: &str, iterations: u64, salt: &str, value: &str, limits: &Limits) -> Result<Parsed> {
    let (alg, alg_name) = algorithm(alg)?;
    limits.pbkdf2_iterations(ID, iterations)?;
    let salt = base64_field(ID, "salt", salt)?;
    limits.salt_len(ID, salt.len())?;
    let value = base64_field(ID, "value", value)?;
    limits.output_len(ID, value.len())?;
    Ok(Parsed {
        alg,
        alg_name,
        iterations,
        salt,
        value,
    })
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let map = parse_object(ID, "json", hash)?;
    let o = Obj::new(ID, &map);
    if let Some(t) = o.str("type")? {
        if t != "password" {
            return Err(Error::malformed(ID, "type", "not a password credential"));
        }
    }
    if o.has("secretData") || o.has("credentialData") {
        // credentialData says what the secret means: read it first.
        let (alg, iterations) = nested(&o, "credentialData", |c| {
            Ok((
                c.req_str("credentialData.algorithm")?.to_owned(),
                c.req_u64("credentialData.hashIterations")?,
            ))
        })?;
        nested(&o, "secretData", |s| {
            let value = s.req_str("secretData.value")?;
            let salt = s.req_str("secretData.salt")?;
            finish(&alg, iterations, salt, value, limits)
        })
    } else {
        let value = match (o.str("hashedSaltedValue")?, o.str("value")?) {
            (Some(v), _) => v,
            (None, Some(v)) if o.has("hashIterations") && o.has("salt") => v,
            _ => {
                return Err(Error::malformed(
                    ID,
                    "secretData",
                    "missing (neither secretData/credentialData nor hashedSaltedValue)",
                ));
            }
        };
        let alg = o.req_str("algorithm")?;
        let iterations = o.req_u64("hashIterations")?;
        let salt = o.req_str("salt")?;
        finish(alg, iterations, salt, value, limits)
    }
}

/// Keycloak's `max-padding-length`, when the caller supplies it.
fn padding(cred: &Credential) -> Result<Option<u64>> {
    match cred.params().u64(ID, "max_padding_length")? {
        Some(n) if n > MAX_PADDING => Err(Error::limit(ID, "max_padding_length", n, MAX_PADDING)),
        other => Ok(other),
    }
}

/// `password` followed by NUL characters up to `len` UTF-16 code units, as Keycloak pads;
/// `None` when no padding applies (long enough already, or not UTF-8 text Keycloak could see).
fn padded(password: &[u8], len: u64) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(password).ok()?;
    let units = text.encode_utf16().count() as u64;
    let pad = usize::try_from(len.checked_sub(units).filter(|&n| n > 0)?).ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(password.len() + pad));
    out.extend_from_slice(password);
    out.resize(password.len() + pad, 0);
    Some(out)
}

impl Scheme for KeycloakPbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        match json_shape(hash, &["\"secretData\"", "\"credentialData\""], &[]) {
            Match::No => json_shape(hash, &["\"hashIterations\"", "\"salt\""], &[]),
            m => m,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let pad = padding(cred)?;
        let derive = |pw: &[u8]| {
            HashFn::Core(p.alg).pbkdf2(ID, pw, &p.salt, p.iterations, p.value.len(), limits)
        };
        let mut ok = ct_eq(&derive(password)?, &p.value);
        if let Some(pw) = pad.and_then(|n| padded(password, n)) {
            ok |= ct_eq(&derive(&pw)?, &p.value);
        }
        Ok(ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        padding(cred)?;
        Ok(vec![
            ("algorithm", p.alg_name.to_owned()),
            ("iterations", p.iterations.to_string()),
            ("key_bits", (p.value.len() * 8).to_string()),
            ("salt_bytes", p.salt.len().to_string()),
        ])
    }
}
