//! One JSONL record of the batch format: reading it into a password and a [`Credential`], and
//! writing the answer line.
//!
//! Input fields (others are ignored): `password` or `password_hex`, `hash`, `salt` with
//! `salt_encoding` (`utf8` default, `hex`, `base64`), `username`, `params` (an object; numbers and
//! booleans are kept as their text), `format` (scheme hint), `id` (echoed back).

use serde::Deserialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::credential::{Credential, Params};
use crate::error::{Error, Result};
use crate::migrator::Migrator;
use crate::outcome::Outcome;

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    password_hex: Option<String>,
    hash: Option<String>,
    #[serde(default)]
    salt: Option<String>,
    #[serde(default)]
    salt_encoding: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    params: Option<Map<String, Value>>,
    #[serde(default)]
    format: Option<String>,
}

/// A parsed batch record.
pub struct Record {
    /// The record's `id` field, echoed in the answer.
    pub id: Option<Value>,
    /// The password bytes (wiped on drop); `None` for records that only carry a hash.
    pub password: Option<Zeroizing<Vec<u8>>>,
    /// The stored credential with its context.
    pub credential: Credential,
}

fn bad(field: &'static str, reason: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::malformed("record", field, reason)
}

/// Decode a separately stored salt column.
pub fn decode_salt(salt: &str, encoding: Option<&str>) -> Result<Vec<u8>> {
    use crate::encoding::{b64, hex};
    match encoding.unwrap_or("utf8") {
        "utf8" | "utf-8" | "text" | "raw" => Ok(salt.as_bytes().to_vec()),
        "hex" => hex::decode(salt)
            .ok_or_else(|| bad("salt", "salt_encoding is hex but the salt is not hex")),
        // Exports use either alphabet (Firebase's CLI the standard one, its Admin SDK the
        // URL-safe one); the two share 62 characters and differ in the other two, so a string
        // decodes under at most one reading of its `+/` or `-_`.
        "base64" => b64::decode(&b64::STANDARD, salt)
            .or_else(|| b64::decode(&b64::URL_SAFE, salt))
            .ok_or_else(|| bad("salt", "salt_encoding is base64 but the salt is not base64")),
        _ => Err(bad("salt_encoding", "expected utf8, hex or base64")),
    }
}

/// Parse one JSONL line.
pub fn parse_line(line: &str) -> std::result::Result<Record, (Option<Value>, Error)> {
    parse(line, true)
}

/// Parse one JSONL line of an export, where an account may have no hash: an absent or null
/// `hash` gives a credential with an empty hash string.
pub(crate) fn parse_export_line(line: &str) -> std::result::Result<Record, (Option<Value>, Error)> {
    parse(line, false)
}

fn parse(line: &str, require_hash: bool) -> std::result::Result<Record, (Option<Value>, Error)> {
    let raw: Raw = serde_json::from_str(line).map_err(|e| {
        (
            None,
            bad(
                "json",
                format!(
                    "not a JSON object with string fields: {}",
                    e.classify_name()
                ),
            ),
        )
    })?;
    let id = raw.id.clone();
    build(raw, require_hash).map_err(|e| (id, e))
}

trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "a field has the wrong type",
            serde_json::error::Category::Eof => "unexpected end of line",
        }
    }
}

fn build(raw: Raw, require_hash: bool) -> Result<Record> {
    let hash = match raw.hash {
        Some(h) => h,
        None if !require_hash => String::new(),
        None => return Err(bad("hash", "the record has no hash")),
    };
    let password = match (raw.password, raw.password_hex) {
        (Some(p), _) => Some(Zeroizing::new(p.into_bytes())),
        (None, Some(h)) => Some(Zeroizing::new(
            crate::encoding::hex::decode(&h).ok_or_else(|| bad("password_hex", "not hex"))?,
        )),
        (None, None) => None,
    };
    let mut cred = Credential::new(hash);
    if let Some(salt) = raw.salt {
        cred = cred.with_salt(decode_salt(&salt, raw.salt_encoding.as_deref())?);
    }
    if let Some(u) = raw.username {
        cred = cred.with_username(u);
    }
    if let Some(params) = raw.params {
        let mut p = Params::new();
        for (k, v) in params {
            let text = match v {
                Value::String(s) => s,
                Value::Null => continue,
                other => other.to_string(),
            };
            p.insert(k, text);
        }
        cred = cred.with_params(p);
    }
    if let Some(f) = raw.format {
        cred = cred.with_scheme(f);
    }
    Ok(Record {
        id: raw.id,
        password,
        credential: cred,
    })
}

#[derive(serde::Serialize)]
struct VerifyAnswer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    valid: bool,
    scheme: &'a str,
    needs_upgrade: bool,
    upgrade: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct ErrorBody<'a> {
    kind: &'static str,
    message: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'a [String],
}

#[derive(serde::Serialize)]
struct ErrorAnswer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    error: ErrorBody<'a>,
}

fn to_line(value: &impl serde::Serialize) -> String {
    // Serialising these plain structs cannot fail; keep a valid line if it ever did.
    serde_json::to_string(value).unwrap_or_else(|_| {
        r#"{"error":{"kind":"malformed","message":"unserialisable answer"}}"#.to_owned()
    })
}

/// The answer line for a verify: `{"id":..,"valid":..,"scheme":..,"needs_upgrade":..,"upgrade":..}`.
pub fn outcome_json(id: Option<&Value>, outcome: &Outcome) -> String {
    to_line(&VerifyAnswer {
        id,
        valid: outcome.valid,
        scheme: &outcome.scheme,
        needs_upgrade: outcome.needs_upgrade,
        upgrade: outcome.upgrade.as_deref(),
    })
}

/// The answer line for an error: `{"id":..,"error":{"kind":..,"message":..}}` (plus
/// `candidates` for an ambiguous hash).
pub fn error_json(id: Option<&Value>, err: &Error) -> String {
    let candidates: &[String] = match err {
        Error::Ambiguous { candidates } => candidates,
        _ => &[],
    };
    to_line(&ErrorAnswer {
        id,
        error: ErrorBody {
            kind: err.kind().as_str(),
            message: err.to_string(),
            candidates,
        },
    })
}

/// Verify one JSONL line and produce its answer line. Never panics on any input.
pub fn verify_line(migrator: &Migrator, line: &str) -> String {
    match parse_line(line) {
        Err((id, e)) => error_json(id.as_ref(), &e),
        Ok(rec) => match rec.password.as_deref() {
            None => error_json(
                rec.id.as_ref(),
                &bad("password", "the record has no password"),
            ),
            Some(pw) => match migrator.verify(pw, &rec.credential) {
                Ok(o) => outcome_json(rec.id.as_ref(), &o),
                Err(e) => error_json(rec.id.as_ref(), &e),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_salts_in_either_alphabet() {
        // Firebase's CLI export and its Admin SDK write the same salt in the two alphabets.
        let want = vec![0xfb, 0xff, 0xbf];
        assert_eq!(decode_salt("+/+/", Some("base64")).unwrap(), want);
        assert_eq!(decode_salt("-_-_", Some("base64")).unwrap(), want);
        assert_eq!(
            decode_salt("sjHv4bJNUPriNv_9", Some("base64"))
                .unwrap()
                .len(),
            12
        );
        // Mixed alphabets and stray characters are refused.
        for bad in ["+_-/", "ab$c", "a"] {
            assert!(decode_salt(bad, Some("base64")).is_err(), "{bad}");
        }
    }
}
