//! One JSONL record of the batch format: reading it into a password and a [`Credential`], and
//! writing the answer line.
//!
//! Input fields (others are ignored): `password` or `password_hex` (not both), `hash`, `salt`
//! with `salt_encoding` (`utf8` default, `hex`, `base64`), `username`, `params` (an object;
//! numbers and booleans are kept as their text), `format` (scheme hint), `id` (echoed back).
//!
//! An answer names what it answers by [`Key`]: the record's `id`, or in a batch the input line
//! number when there is no `id` to echo.

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
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] when `salt` is not in `encoding`, or `encoding` is not one
/// of `utf8`, `hex`, `base64`.
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
///
/// # Errors
/// The record's `id` (when it could be read) and a [`crate::ErrorKind::Malformed`] error
/// naming the field: not a JSON object, a field of the wrong type, no `hash`, both `password`
/// and `password_hex`, a salt not in its encoding; or the LDIF error of
/// [`crate::toolkit::export::unwrap_ldif_line`].
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
        (Some(p), None) => Some(Zeroizing::new(p.into_bytes())),
        (None, Some(h)) => Some(Zeroizing::new(
            crate::encoding::hex::decode(&h).ok_or_else(|| bad("password_hex", "not hex"))?,
        )),
        (None, None) => None,
        // Either could be the one meant; guessing would verify the other password.
        (Some(p), Some(h)) => {
            drop((Zeroizing::new(p), Zeroizing::new(h)));
            return Err(bad(
                "password",
                "both password and password_hex are given; give one",
            ));
        }
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
    let cred = crate::toolkit::export::unwrap_ldif_line(cred)?;
    Ok(Record {
        id: raw.id,
        password,
        credential: cred,
    })
}

/// What an answer line answers: the record's `id` when it has one; in a batch, the 1-based input
/// line number when there is no `id` to echo (the line is not a readable record, or the record
/// has none), so that every answer can be paired with its input.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Key<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
}

impl<'a> Key<'a> {
    /// An answer outside a batch: the record's `id`, if any.
    pub fn id(id: Option<&'a Value>) -> Self {
        Key { id, line: None }
    }

    /// An answer to input line `line` of a batch, whose record's `id` (if it could be read)
    /// is `id`.
    pub fn batch(id: Option<&'a Value>, line: u64) -> Self {
        Key {
            id,
            line: id.is_none().then_some(line),
        }
    }

    /// Add the key's members (`id` or `line`) to an answer object being built.
    pub fn insert_into(&self, answer: &mut Map<String, Value>) {
        if let Some(id) = self.id {
            answer.insert("id".into(), id.clone());
        }
        if let Some(line) = self.line {
            answer.insert("line".into(), Value::from(line));
        }
    }
}

#[derive(serde::Serialize)]
struct VerifyAnswer<'a> {
    #[serde(flatten)]
    key: Key<'a>,
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
    #[serde(flatten)]
    key: Key<'a>,
    error: ErrorBody<'a>,
}

fn to_line(value: &impl serde::Serialize) -> String {
    // Serialising these plain structs cannot fail; keep a valid line if it ever did.
    serde_json::to_string(value).unwrap_or_else(|_| {
        r#"{"error":{"kind":"malformed","message":"unserialisable answer"}}"#.to_owned()
    })
}

/// The answer line for a verify: `{"id":..,"valid":..,"scheme":..,"needs_upgrade":..,"upgrade":..}`
/// (`"line":N` in place of `id` where `key` says so).
pub fn outcome_json(key: Key<'_>, outcome: &Outcome) -> String {
    to_line(&VerifyAnswer {
        key,
        valid: outcome.valid,
        scheme: &outcome.scheme,
        needs_upgrade: outcome.needs_upgrade,
        upgrade: outcome.upgrade.as_deref(),
    })
}

/// The answer line for an error: `{"id":..,"error":{"kind":..,"message":..}}` (plus
/// `candidates` for an ambiguous hash; `"line":N` in place of `id` where `key` says so).
pub fn error_json(key: Key<'_>, err: &Error) -> String {
    let candidates: &[String] = match err {
        Error::Ambiguous { candidates } => candidates,
        _ => &[],
    };
    to_line(&ErrorAnswer {
        key,
        error: ErrorBody {
            kind: err.kind().as_str(),
            message: err.to_string(),
            candidates,
        },
    })
}

/// Verify input line `number` of a batch and produce its answer line. Never panics on any input.
pub fn verify_line(migrator: &Migrator, number: u64, line: &str) -> String {
    let rec = match parse_line(line) {
        Ok(rec) => rec,
        Err((id, e)) => return error_json(Key::batch(id.as_ref(), number), &e),
    };
    let key = Key::batch(rec.id.as_ref(), number);
    match rec.password.as_deref() {
        None => error_json(key, &bad("password", "the record has no password")),
        Some(pw) => match migrator.verify(pw, &rec.credential) {
            Ok(o) => outcome_json(key, &o),
            Err(e) => error_json(key, &e),
        },
    }
}

/// The `identify` answer for one hash string given alone (the CLI's `identify HASH`): an LDIF
/// `userPassword` line is unwrapped first, as batch records are.
pub fn identify_hash(migrator: &Migrator, hash: &str) -> String {
    match crate::toolkit::export::unwrap_ldif_line(Credential::new(hash)) {
        Ok(cred) => identify_json(migrator, Key::default(), &cred),
        Err(e) => error_json(Key::default(), &e),
    }
}

/// The `identify` answer for `cred`: its scheme, parameters and whether it needs an upgrade, or
/// the error that stops identification.
pub fn identify_json(migrator: &Migrator, key: Key<'_>, cred: &Credential) -> String {
    let scheme = match migrator.identify(cred) {
        Ok(s) => s,
        Err(e) => return error_json(key, &e),
    };
    let inspection = match migrator.inspect(scheme, cred) {
        Ok(i) => i,
        Err(e) => return error_json(key, &e),
    };
    let mut m = Map::new();
    key.insert_into(&mut m);
    m.insert("scheme".into(), Value::String(scheme.id().to_owned()));
    let params = inspection
        .params
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v)))
        .collect();
    m.insert("params".into(), Value::Object(params));
    m.insert(
        "needs_upgrade".into(),
        Value::Bool(inspection.needs_upgrade),
    );
    Value::Object(m).to_string()
}

/// Identify input line `number` of a batch and produce its answer line. Never panics on any
/// input.
pub fn identify_line(migrator: &Migrator, number: u64, line: &str) -> String {
    match parse_line(line) {
        Ok(rec) => identify_json(
            migrator,
            Key::batch(rec.id.as_ref(), number),
            &rec.credential,
        ),
        Err((id, e)) => error_json(Key::batch(id.as_ref(), number), &e),
    }
}

/// The exit status of a command that answered one credential: 0 valid, 1 a wrong password,
/// 2 an error (the answer line says which).
pub fn exit_status(answer: &Result<Outcome>) -> u8 {
    match answer {
        Ok(o) if o.valid => 0,
        Ok(_) => 1,
        Err(_) => 2,
    }
}

/// The answer to input line `number` of a batch that holds no readable record (blank, not
/// UTF-8, too long): a `malformed` error naming the line.
pub fn unreadable_line_json(number: u64, reason: &'static str) -> String {
    error_json(
        Key::batch(None, number),
        &Error::malformed("record", "line", reason),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD5_CRYPT: &str = "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/";

    fn answer(line: &str) -> Value {
        let m = Migrator::default().with_rehash(false);
        serde_json::from_str(&verify_line(&m, 7, line)).unwrap()
    }

    #[test]
    fn answers_echo_the_id_or_name_the_line() {
        let with_id = answer(&format!(
            r#"{{"id":"u1","password":"hashcat","hash":"{MD5_CRYPT}"}}"#
        ));
        assert_eq!(with_id["id"], "u1");
        assert_eq!(with_id["valid"], true);
        assert!(with_id.get("line").is_none(), "{with_id}");
        let without_id = answer(&format!(r#"{{"password":"x","hash":"{MD5_CRYPT}"}}"#));
        assert_eq!(without_id["line"], 7);
        assert_eq!(without_id["valid"], false);
        for bad in [
            "not json",
            "[1]",
            r#"{"id":"u2","hash":5}"#,
            r#"{"hash":"x"}"#,
        ] {
            let a = answer(bad);
            assert_eq!(a["line"], 7, "{bad}: {a}");
            assert!(a.get("id").is_none(), "{bad}: {a}");
            assert!(a["error"]["kind"].is_string(), "{bad}: {a}");
        }
        let e = answer(r#"{"id":3,"hash":"x"}"#);
        assert_eq!(e["id"], 3);
        assert!(e.get("line").is_none(), "{e}");
        let unreadable: Value =
            serde_json::from_str(&unreadable_line_json(9, "line is not valid UTF-8")).unwrap();
        assert_eq!(unreadable["line"], 9);
        assert_eq!(unreadable["error"]["kind"], "malformed");
        // Outside a batch there is neither.
        let single = error_json(Key::default(), &bad("hash", "x"));
        assert!(single.starts_with(r#"{"error":"#), "{single}");
    }

    #[test]
    fn password_and_password_hex_together_are_refused() {
        let line = format!(
            r#"{{"id":"u","password":"hashcat","password_hex":"68617368636174","hash":"{MD5_CRYPT}"}}"#
        );
        let (id, e) = parse_line(&line).err().unwrap();
        assert_eq!(id, Some(Value::from("u")));
        assert_eq!(e.kind(), crate::ErrorKind::Malformed);
        assert!(e.to_string().contains("password_hex"), "{e}");
        let a = answer(&line);
        assert_eq!(a["id"], "u");
        assert_eq!(a["error"]["kind"], "malformed");
        // Each alone is read.
        for one in [
            r#""password":"hashcat""#,
            r#""password_hex":"68617368636174""#,
        ] {
            let a = answer(&format!(r#"{{"id":"u",{one},"hash":"{MD5_CRYPT}"}}"#));
            assert_eq!(a["valid"], true, "{one}: {a}");
        }
    }

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

    #[test]
    fn identify_lines_unwrap_ldif_and_echo_the_id() {
        let m = Migrator::default();
        let v: Value = serde_json::from_str(&identify_line(
            &m,
            3,
            &format!(r#"{{"id":"u","hash":"userPassword: {MD5_CRYPT}"}}"#),
        ))
        .unwrap();
        assert_eq!(v["id"], "u");
        assert_eq!(v["scheme"], "md5_crypt");
        assert_eq!(v["needs_upgrade"], true);
        let v: Value = serde_json::from_str(&identify_line(&m, 4, "{")).unwrap();
        assert_eq!(v["line"], 4);
        assert_eq!(v["error"]["kind"], "malformed");
    }

    #[test]
    fn exit_status_is_zero_one_or_two() {
        let m = Migrator::default();
        let cred = Credential::new(MD5_CRYPT);
        assert_eq!(exit_status(&m.verify(b"hashcat", &cred)), 0);
        assert_eq!(exit_status(&m.verify(b"wrong", &cred)), 1);
        assert_eq!(exit_status(&m.verify(b"x", &Credential::new("$1$"))), 2);
    }
}
