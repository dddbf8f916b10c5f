//! Building blocks the identity-platform formats share: strict JSON reading with errors that name
//! the member at fault, the base64 flavours their exporters write, salt placement, bounded
//! scrypt, and delegation to the crypt/PHC schemes each format is built with. Digests, HMAC and
//! PBKDF2 are [`crate::primitives`]'s, RIPEMD-160 and Whirlpool included.
//!
//! The JSON layer parses once into a tree that refuses duplicate members at every depth (a
//! credential object with two `value` members is ambiguous, and JSON parsers disagree on which
//! one wins), then reads each member through a typed accessor that reports the member's dotted
//! path (`hash.encoding`, `credentialData.hashIterations`) on a wrong type. Numbers must be JSON
//! integers: `10.5`, `1e30` and `"27500"` are all malformed where an integer is expected.

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::scheme::{Match, Scheme};

// ---------------------------------------------------------------------------------------------
// JSON

/// A JSON value parsed with duplicate members refused at every depth.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

/// The message a duplicate member raises inside serde_json; recognised when mapping errors.
const DUPLICATE: &str = "duplicate member";

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<Strict, E> {
        // JSON has no NaN or infinity, so `from_f64` always succeeds here.
        Ok(Strict(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }

    fn visit_unit<E>(self) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_none<E>(self) -> std::result::Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Strict, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Strict(Value::Array(out)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Strict, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Strict(Value::Object(out)))
    }
}

/// Parse `text` as a JSON object for `scheme`; `field` names it in errors (`json`, `secretData`).
pub(crate) fn parse_object(
    scheme: &'static str,
    field: &'static str,
    text: &str,
) -> Result<Map<String, Value>> {
    match serde_json::from_str::<Strict>(text) {
        Ok(Strict(Value::Object(m))) => Ok(m),
        Ok(_) => Err(Error::malformed(scheme, field, "not a JSON object")),
        Err(e) => {
            // serde_json's messages can quote the input; say only what kind of problem it is.
            let reason = match e.classify() {
                serde_json::error::Category::Data if e.to_string().starts_with(DUPLICATE) => {
                    "a member appears twice"
                }
                serde_json::error::Category::Eof => "not JSON: unexpected end of text",
                _ => "not JSON",
            };
            Err(Error::malformed(scheme, field, reason))
        }
    }
}

/// A JSON object read on behalf of one scheme, with accessors that name the member at fault.
///
/// Accessors take the member's full dotted path (`"hash.encoding"`); the last segment is the key
/// looked up in this object and the whole path goes into errors. `null` counts as absent.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    scheme: &'static str,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(scheme: &'static str, map: &'a Map<String, Value>) -> Self {
        Obj { scheme, map }
    }

    fn raw(&self, path: &'static str) -> Option<&'a Value> {
        let key = path.rsplit('.').next().unwrap_or(path);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Whether the member is present (and not `null`).
    pub(crate) fn has(&self, path: &'static str) -> bool {
        self.raw(path).is_some()
    }

    /// The raw value, for members that may take several shapes.
    pub(crate) fn value(&self, path: &'static str) -> Option<&'a Value> {
        self.raw(path)
    }

    /// A string member, `None` when absent.
    pub(crate) fn str(&self, path: &'static str) -> Result<Option<&'a str>> {
        match self.raw(path) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(Error::malformed(self.scheme, path, "expected a string")),
        }
    }

    /// A string member that must be present.
    pub(crate) fn req_str(&self, path: &'static str) -> Result<&'a str> {
        self.str(path)?
            .ok_or_else(|| Error::malformed(self.scheme, path, "missing"))
    }

    /// A non-negative integer member, `None` when absent. Floats, negative numbers and numeric
    /// strings are malformed.
    pub(crate) fn u64(&self, path: &'static str) -> Result<Option<u64>> {
        match self.raw(path) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| {
                Error::malformed(self.scheme, path, "expected a non-negative integer")
            }),
            Some(_) => Err(Error::malformed(
                self.scheme,
                path,
                "expected an integer, not a string or other value",
            )),
        }
    }

    /// An integer member that must be present.
    pub(crate) fn req_u64(&self, path: &'static str) -> Result<u64> {
        self.u64(path)?
            .ok_or_else(|| Error::malformed(self.scheme, path, "missing"))
    }

    /// An object member, `None` when absent.
    pub(crate) fn obj(&self, path: &'static str) -> Result<Option<Obj<'a>>> {
        match self.raw(path) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(Obj::new(self.scheme, m))),
            Some(_) => Err(Error::malformed(self.scheme, path, "expected an object")),
        }
    }

    /// Refuse members other than `allowed` (formats whose schema forbids extra members).
    pub(crate) fn only(&self, what: &'static str, allowed: &[&str]) -> Result<()> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            None => Ok(()),
            Some(_) => Err(Error::malformed(
                self.scheme,
                what,
                format!("unknown member; expected only {}", allowed.join(", ")),
            )),
        }
    }
}

/// Cheap identification of a JSON credential object: it starts with `{` and carries every one of
/// `all` and none of `none` as literal text (member names with their quotes, `"secretData"`).
pub(crate) fn json_shape(hash: &str, all: &[&str], none: &[&str]) -> Match {
    if hash.starts_with('{')
        && all.iter().all(|m| hash.contains(m))
        && !none.iter().any(|m| hash.contains(m))
    {
        Match::Exact
    } else {
        Match::No
    }
}

// ---------------------------------------------------------------------------------------------
// Encodings

/// Decode base64 in either the standard or the URL-safe alphabet (one per string), padding
/// optional: the forms JavaScript's `Buffer`, Java's encoders and Google's APIs write.
pub(super) fn base64_any(s: &str) -> Option<Vec<u8>> {
    if s.contains(['-', '_']) {
        b64::decode(&b64::URL_SAFE, s)
    } else {
        b64::decode(&b64::STANDARD, s)
    }
}

/// [`base64_any`] with a malformed error naming `field` when the text is not base64.
pub(super) fn base64_field(scheme: &'static str, field: &'static str, s: &str) -> Result<Vec<u8>> {
    base64_any(s).ok_or_else(|| Error::malformed(scheme, field, "not base64"))
}

/// How a value in an export object is written: `hex` (either case), `base64` (standard or
/// URL-safe) or `utf8` text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Encoding {
    Hex,
    Base64,
    Utf8,
}

impl Encoding {
    /// Auth0's spelling of an encoding (`hex`, `base64`, `utf8`; any case).
    pub(super) fn parse(scheme: &'static str, field: &'static str, s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "hex" => Ok(Encoding::Hex),
            "base64" => Ok(Encoding::Base64),
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            _ => Err(Error::malformed(
                scheme,
                field,
                "unknown encoding; expected hex, base64 or utf8",
            )),
        }
    }

    /// Decode `value` written in this encoding.
    pub(super) fn decode(
        self,
        scheme: &'static str,
        field: &'static str,
        value: &str,
    ) -> Result<Vec<u8>> {
        match self {
            Encoding::Hex => {
                hex::decode(value).ok_or_else(|| Error::malformed(scheme, field, "not hex"))
            }
            Encoding::Base64 => base64_field(scheme, field, value),
            Encoding::Utf8 => Ok(value.as_bytes().to_vec()),
        }
    }
}

/// Where a salt goes relative to the password before hashing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SaltPosition {
    /// `H(salt || password)`.
    Prefix,
    /// `H(password || salt)`.
    Suffix,
}

impl SaltPosition {
    /// The two parts in hashing order.
    pub(super) fn parts<'a>(self, password: &'a [u8], salt: &'a [u8]) -> [&'a [u8]; 2] {
        match self {
            SaltPosition::Prefix => [salt, password],
            SaltPosition::Suffix => [password, salt],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Delegation

/// The crypt/PHC scheme `id` (bcrypt, argon2) a format was built with, for export objects whose
/// body is such a string; `None` when that scheme is not built in, which makes those bodies
/// unsupported rather than malformed.
pub(super) fn delegate<'a>(
    scheme: &'static str,
    id: &'static str,
    inner: Option<&'a Arc<dyn Scheme>>,
) -> Result<&'a dyn Scheme> {
    inner.map(|s| s.as_ref()).ok_or_else(|| {
        Error::unsupported(format!(
            "{scheme}: the body is in the {id} format and no {id} scheme is built in"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn strict_json() {
        let m = parse_object("t", "json", r#"{"a":1,"b":{"c":"x"}}"#).unwrap();
        let o = Obj::new("t", &m);
        assert_eq!(o.req_u64("a").unwrap(), 1);
        assert_eq!(o.obj("b").unwrap().unwrap().req_str("b.c").unwrap(), "x");
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#"{"b":{"c":1,"c":1}}"#,
            "{",
            "[]",
            "null",
            "\"x\"",
        ] {
            let e = parse_object("t", "json", bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
        // Deep nesting is refused by serde_json's recursion limit, not by the stack.
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            parse_object("t", "json", &deep).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        let m = parse_object("t", "json", r#"{"i":10.5,"j":"7","k":1e30,"l":-1}"#).unwrap();
        let o = Obj::new("t", &m);
        for k in ["i", "j", "k", "l"] {
            let e = o.u64(k).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
        let e = o.req_str("x.missing").unwrap_err();
        assert!(e.to_string().contains("x.missing"), "{e}");
    }

    #[test]
    fn base64_flavours() {
        assert_eq!(base64_any("+/8=").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64_any("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64_any("-/8=").is_none());
        assert!(base64_any("!!notbase64!!").is_none());
    }
}
