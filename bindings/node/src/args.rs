//! JavaScript arguments into library values, checked by hand so that a wrong argument is Node's
//! own `TypeError` or `RangeError` naming it (`The "credential.params" property must be an
//! object; received type string`), where N-API's conversions would throw a plain `Error`
//! without the name. Messages describe what was received by its type, never by its content: a
//! wrongly passed argument may be a password.
//!
//! Errors about the stored credential itself (a malformed hash, a missing salt) are the
//! library's, raised later as `HashbridgeError`.

use hashbridge::toolkit::record;
use hashbridge::{Credential, Params};
use napi::bindgen_prelude::{BigInt, JsObjectValue, Object, Unknown};
use napi::{JsValue, ValueType};
use zeroize::Zeroizing;

use crate::errors::Failure;
use crate::shapes::{CredentialObject, Salt};

impl From<napi::Error> for Failure {
    /// A conversion N-API itself refused, or an exception JavaScript threw while a property was
    /// read (a throwing getter): surfaced as it is.
    fn from(e: napi::Error) -> Self {
        Failure::Napi(e)
    }
}

/// `The "x" argument` for a top-level name, `The "x.y" property` for a nested one.
fn subject(name: &str) -> String {
    if name.contains('.') || name.contains('[') {
        format!("The \"{name}\" property")
    } else {
        format!("The \"{name}\" argument")
    }
}

/// What a value is, for messages: its type, never its content.
pub(crate) fn received(v: &Unknown<'_>) -> &'static str {
    match v.get_type() {
        Ok(ValueType::Undefined) => "undefined",
        Ok(ValueType::Null) => "null",
        Ok(ValueType::Boolean) => "type boolean",
        Ok(ValueType::Number) => "type number",
        Ok(ValueType::String) => "type string",
        Ok(ValueType::BigInt) => "type bigint",
        Ok(ValueType::Symbol) => "type symbol",
        Ok(ValueType::Function) => "a function",
        Ok(ValueType::Object) => {
            if v.is_array().unwrap_or(false) {
                "an array"
            } else if v.is_typedarray().unwrap_or(false) {
                "a typed array other than Uint8Array"
            } else {
                "an object"
            }
        }
        _ => "a value of another type",
    }
}

/// A `TypeError` (`ERR_INVALID_ARG_TYPE`): `name` must be `expected`.
pub(crate) fn wrong_type(name: &str, expected: &str, v: &Unknown<'_>) -> Failure {
    Failure::Type(format!(
        "{} must be {expected}; received {}",
        subject(name),
        received(v)
    ))
}

/// `undefined` and `null` both mean "not given".
pub(crate) fn is_absent(v: &Unknown<'_>) -> napi::Result<bool> {
    Ok(matches!(
        v.get_type()?,
        ValueType::Undefined | ValueType::Null
    ))
}

/// The bytes of a `Uint8Array` (a `Buffer` is one), copied; `None` for any other value.
fn uint8_bytes(v: &Unknown<'_>) -> napi::Result<Option<Vec<u8>>> {
    if v.get_type()? != ValueType::Object || !v.is_typedarray()? {
        return Ok(None);
    }
    // SAFETY: `v` is a typed array; the conversion checks that its elements are `u8` and
    // fails (without a pending exception) otherwise. The slice is copied before any
    // JavaScript can run again.
    match unsafe { v.cast::<&[u8]>() } {
        Ok(bytes) => Ok(Some(bytes.to_vec())),
        Err(_) => Ok(None),
    }
}

/// A password: a string (its UTF-8 encoding, as `Buffer.from(s)` gives: a lone surrogate
/// becomes U+FFFD) or a `Buffer`/`Uint8Array` (its bytes as they are), copied into a buffer
/// that is wiped when dropped. The JavaScript value itself cannot be wiped.
pub(crate) fn password(v: &Unknown<'_>, name: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    if v.get_type()? == ValueType::String {
        // SAFETY: the value is a string.
        let s: String = unsafe { v.cast() }?;
        return Ok(Zeroizing::new(s.into_bytes()));
    }
    match uint8_bytes(v)? {
        Some(bytes) => Ok(Zeroizing::new(bytes)),
        None => Err(wrong_type(name, "a string, Buffer or Uint8Array", v)),
    }
}

/// A string argument.
pub(crate) fn string(v: &Unknown<'_>, name: &str) -> Result<String, Failure> {
    if v.get_type()? == ValueType::String {
        // SAFETY: the value is a string.
        return Ok(unsafe { v.cast::<String>() }?);
    }
    Err(wrong_type(name, "a string", v))
}

/// A text argument given as a string, or as a `Buffer`/`Uint8Array` holding UTF-8 (what
/// database drivers hand back for binary columns).
fn text(v: &Unknown<'_>, name: &str) -> Result<String, Failure> {
    if v.get_type()? == ValueType::String {
        // SAFETY: the value is a string.
        return Ok(unsafe { v.cast::<String>() }?);
    }
    match uint8_bytes(v)? {
        Some(bytes) => String::from_utf8(bytes).map_err(|_| {
            Failure::Value(format!("{} holds bytes that are not UTF-8", subject(name)))
        }),
        None => Err(wrong_type(name, "a string, Buffer or Uint8Array", v)),
    }
}

/// A boolean argument.
pub(crate) fn boolean(v: &Unknown<'_>, name: &str) -> Result<bool, Failure> {
    if v.get_type()? == ValueType::Boolean {
        // SAFETY: the value is a boolean.
        return Ok(unsafe { v.cast::<bool>() }?);
    }
    Err(wrong_type(name, "a boolean", v))
}

/// An integer argument within `min..=max`: a number that is an integer, or a bigint.
pub(crate) fn integer(v: &Unknown<'_>, name: &str, min: u64, max: u64) -> Result<u64, Failure> {
    let out_of_range = |shown: String| {
        Failure::Range(format!(
            "{} must be an integer in {min}..={max}; received {shown}",
            subject(name)
        ))
    };
    match v.get_type()? {
        ValueType::Number => {
            // SAFETY: the value is a number.
            let n: f64 = unsafe { v.cast() }?;
            // 2^64 as f64: every integer below it converts exactly.
            if !(n.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&n)) {
                return Err(out_of_range(n.to_string()));
            }
            let value = n as u64;
            if value < min || value > max {
                return Err(out_of_range(value.to_string()));
            }
            Ok(value)
        }
        ValueType::BigInt => {
            // SAFETY: the value is a bigint.
            let b: BigInt = unsafe { v.cast() }?;
            let (negative, value, lossless) = b.get_u64();
            if negative || !lossless || value < min || value > max {
                let shown = if negative {
                    "a negative bigint".to_owned()
                } else if !lossless {
                    "a bigint of more than 64 bits".to_owned()
                } else {
                    format!("{value}n")
                };
                return Err(out_of_range(shown));
            }
            Ok(value)
        }
        _ => Err(wrong_type(name, "an integer (number or bigint)", v)),
    }
}

/// `integer` for a `u32` parameter within `min..=max`.
pub(crate) fn integer_u32(v: &Unknown<'_>, name: &str, min: u32, max: u32) -> Result<u32, Failure> {
    let value = integer(v, name, u64::from(min), u64::from(max))?;
    // Within `max`, which is a u32.
    Ok(u32::try_from(value).unwrap_or(max))
}

/// An options object: `None` when absent (`undefined` or `null`). Every own enumerable key must
/// be one of `known`: a misspelt option is refused rather than silently ignored.
pub(crate) fn options<'e>(
    v: Option<&Unknown<'e>>,
    name: &str,
    known: &[&str],
) -> Result<Option<Object<'e>>, Failure> {
    let Some(v) = v else {
        return Ok(None);
    };
    if is_absent(v)? {
        return Ok(None);
    }
    let obj = plain_object(v, name)?;
    check_keys(&obj, name, known)?;
    Ok(Some(obj))
}

/// A plain object (not an array, typed array or function).
pub(crate) fn plain_object<'e>(v: &Unknown<'e>, name: &str) -> Result<Object<'e>, Failure> {
    if v.get_type()? != ValueType::Object || v.is_array()? || v.is_typedarray()? {
        return Err(wrong_type(name, "an object", v));
    }
    // SAFETY: the value is an object.
    Ok(unsafe { v.cast::<Object<'e>>() }?)
}

/// Refuse any key of `obj` not in `known`.
fn check_keys(obj: &Object<'_>, name: &str, known: &[&str]) -> Result<(), Failure> {
    for key in Object::keys(obj)? {
        if !known.contains(&key.as_str()) {
            return Err(Failure::Value(format!(
                "{} has an unknown field {key:?}; the fields are {}",
                subject(name),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Property `key` of `obj`, `None` when absent (`undefined` or `null`).
pub(crate) fn field<'e>(obj: &Object<'e>, key: &str) -> Result<Option<Unknown<'e>>, Failure> {
    let v: Unknown<'e> = obj.get_named_property(key)?;
    Ok(if is_absent(&v)? { None } else { Some(v) })
}

/// The fields of a credential object, in the order they are documented.
const CREDENTIAL_FIELDS: [&str; 6] = [
    "hash",
    "salt",
    "saltEncoding",
    "username",
    "params",
    "scheme",
];

/// The salt encodings a string salt may be in (`record::decode_salt` reads them).
const SALT_ENCODINGS: [&str; 4] = ["utf8", "utf-8", "hex", "base64"];

/// A stored credential: a hash string, or an object with the context the old system kept
/// beside it. Read into [`CredentialObject`] first, so that every type is checked before the
/// library sees any of it.
pub(crate) fn credential(v: &Unknown<'_>, name: &str) -> Result<Credential, Failure> {
    match v.get_type()? {
        ValueType::String => Ok(Credential::new(string(v, name)?)),
        ValueType::Object if !v.is_array()? && !v.is_typedarray()? => {
            credential_object(v, name)?.into_credential()
        }
        _ if uint8_bytes(v)?.is_some() => Ok(Credential::new(text(v, name)?)),
        _ => Err(wrong_type(
            name,
            "a hash string or an object { hash, salt?, saltEncoding?, username?, params?, scheme? }",
            v,
        )),
    }
}

/// A credential that may be absent: `null` or `undefined` for an unknown user.
pub(crate) fn optional_credential(
    v: Option<&Unknown<'_>>,
    name: &str,
) -> Result<Option<Credential>, Failure> {
    match v {
        None => Ok(None),
        Some(v) if is_absent(v)? => Ok(None),
        Some(v) => credential(v, name).map(Some),
    }
}

fn credential_object(v: &Unknown<'_>, name: &str) -> Result<CredentialObject, Failure> {
    let Some(obj) = options(Some(v), name, &CREDENTIAL_FIELDS)? else {
        return Err(wrong_type(name, "a hash string or a credential object", v));
    };
    let path = |key: &str| format!("{name}.{key}");
    let hash = match field(&obj, "hash")? {
        Some(h) => text(&h, &path("hash"))?,
        None => {
            return Err(Failure::Type(format!(
                "{} must be a string, Buffer or Uint8Array; received undefined (a credential object needs its hash)",
                subject(&path("hash"))
            )));
        }
    };
    let salt_encoding = field(&obj, "saltEncoding")?
        .map(|e| string(&e, &path("saltEncoding")))
        .transpose()?;
    if let Some(e) = &salt_encoding
        && !SALT_ENCODINGS.contains(&e.as_str())
    {
        return Err(Failure::Value(format!(
            "{} must be one of 'utf8', 'hex', 'base64'; received {e:?}",
            subject(&path("saltEncoding"))
        )));
    }
    let salt = match field(&obj, "salt")? {
        None => {
            if salt_encoding.is_some() {
                return Err(Failure::Value(format!(
                    "{} is given without a salt",
                    subject(&path("saltEncoding"))
                )));
            }
            None
        }
        Some(s) if s.get_type()? == ValueType::String => Some(Salt::Text(string(&s, "salt")?)),
        Some(s) => match uint8_bytes(&s)? {
            Some(bytes) if salt_encoding.is_none() => Some(Salt::Bytes(bytes)),
            Some(_) => {
                return Err(Failure::Value(format!(
                    "{} applies to a string salt; a Buffer or Uint8Array salt is taken as it is",
                    subject(&path("saltEncoding"))
                )));
            }
            None => {
                return Err(wrong_type(
                    &path("salt"),
                    "a string, Buffer or Uint8Array",
                    &s,
                ));
            }
        },
    };
    let username = field(&obj, "username")?
        .map(|u| text(&u, &path("username")))
        .transpose()?;
    let params = field(&obj, "params")?
        .map(|p| params(&p, &path("params")))
        .transpose()?;
    let scheme = field(&obj, "scheme")?
        .map(|s| string(&s, &path("scheme")))
        .transpose()?;
    Ok(CredentialObject {
        hash,
        salt,
        salt_encoding,
        username,
        params,
        scheme,
    })
}

impl CredentialObject {
    /// The library's credential: the salt decoded (a string that is not in its `saltEncoding`
    /// is the library's `malformed` error).
    fn into_credential(self) -> Result<Credential, Failure> {
        let mut cred = Credential::new(self.hash);
        match self.salt {
            Some(Salt::Text(s)) => {
                cred = cred.with_salt(record::decode_salt(&s, self.salt_encoding.as_deref())?);
            }
            Some(Salt::Bytes(b)) => cred = cred.with_salt(b),
            None => {}
        }
        if let Some(u) = self.username {
            cred = cred.with_username(u);
        }
        if let Some(p) = self.params {
            cred = cred.with_params(p);
        }
        if let Some(s) = self.scheme {
            cred = cred.with_scheme(s);
        }
        Ok(cred)
    }
}

/// Parameters stored outside the hash: an object of strings, integers (kept as their decimal
/// text, as the batch format does) and booleans; `null` and `undefined` values are skipped.
fn params(v: &Unknown<'_>, name: &str) -> Result<Params, Failure> {
    let obj = plain_object(v, name)?;
    let mut out = Params::new();
    for key in Object::keys(&obj)? {
        let value: Unknown<'_> = obj.get_named_property(&key)?;
        let item = format!("{name}.{key}");
        let text = match value.get_type()? {
            ValueType::Undefined | ValueType::Null => continue,
            ValueType::String => string(&value, &item)?,
            ValueType::Boolean => boolean(&value, &item)?.to_string(),
            ValueType::Number | ValueType::BigInt => {
                integer(&value, &item, 0, u64::MAX)?.to_string()
            }
            _ => return Err(wrong_type(&item, "a string, integer or boolean", &value)),
        };
        out.insert(key, text);
    }
    Ok(out)
}
