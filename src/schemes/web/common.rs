//! Parsing and computing blocks the web-framework formats share: strict fixed-length digest
//! fields (hex and padded base64), `$`-separated fields, the UTF-16LE password form .NET hashes,
//! iterated and nested digests, and a bounded scrypt call.

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::primitives::Algorithm;
use crate::scheme::Scheme;

/// The `$`-separated fields of `rest`, exactly `N` of them.
pub(crate) fn fields<'a, const N: usize>(
    scheme: &'static str,
    rest: &'a str,
) -> Result<[&'a str; N]> {
    let mut out = [""; N];
    let mut parts = rest.split('$');
    for slot in &mut out {
        *slot = parts.next().ok_or_else(|| {
            Error::malformed(
                scheme,
                "fields",
                format!("expected {N} '$'-separated fields"),
            )
        })?;
    }
    if parts.next().is_some() {
        return Err(Error::malformed(
            scheme,
            "fields",
            format!("more than {N} '$'-separated fields"),
        ));
    }
    Ok(out)
}

/// `s` as hex of exactly `len` bytes (either case).
pub(crate) fn hex_exact(
    scheme: &'static str,
    field: &'static str,
    s: &str,
    len: usize,
) -> Result<Vec<u8>> {
    if s.len() != 2 * len {
        return Err(Error::malformed(
            scheme,
            field,
            format!("expected {} hex digits", 2 * len),
        ));
    }
    hex::decode(s).ok_or_else(|| Error::malformed(scheme, field, "not hex"))
}

/// `s` as hex of any non-empty even length.
pub(crate) fn hex_any(scheme: &'static str, field: &'static str, s: &str) -> Result<Vec<u8>> {
    if s.is_empty() {
        return Err(Error::malformed(scheme, field, "empty"));
    }
    hex::decode(s)
        .ok_or_else(|| Error::malformed(scheme, field, "not an even number of hex digits"))
}

/// `s` as padded standard base64 of exactly `len` bytes, the way Python's `b64encode` and .NET's
/// `Convert.ToBase64String` write it: right length, padding present, canonical trailing bits.
pub(crate) fn b64_exact(
    scheme: &'static str,
    field: &'static str,
    s: &str,
    len: usize,
) -> Result<Vec<u8>> {
    let want = len.div_ceil(3) * 4;
    if s.len() != want {
        return Err(Error::malformed(
            scheme,
            field,
            format!("expected {want} base64 characters"),
        ));
    }
    match b64::decode(&b64::STANDARD, s) {
        Some(v) if v.len() == len => Ok(v),
        _ => Err(Error::malformed(scheme, field, "not valid base64")),
    }
}

/// `s` as padded standard base64 of any length (a multiple of 4 characters, as .NET and Java
/// write it).
pub(crate) fn b64_padded(scheme: &'static str, field: &'static str, s: &str) -> Result<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(4) {
        return Err(Error::malformed(
            scheme,
            field,
            "base64 length is not a multiple of 4",
        ));
    }
    b64::decode(&b64::STANDARD, s)
        .ok_or_else(|| Error::malformed(scheme, field, "not valid base64"))
}

/// Whether `s` is made of standard base64 characters with at most two `=` at the end.
pub(crate) fn is_b64_shape(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// Lower-case hex of `alg` over `parts`, wiped on drop: the intermediate form of PHP's
/// `md5(md5($pw) . $salt)` style recipes.
pub(crate) fn hex_digest(alg: Algorithm, parts: &[&[u8]]) -> Zeroizing<String> {
    Zeroizing::new(alg.digest(parts).to_hex())
}

/// A crypt/PHC-family scheme a wrapper needs, or an `unsupported` error when this build has none.
pub(crate) fn need(
    scheme: &'static str,
    inner: &Option<Arc<dyn Scheme>>,
    what: &'static str,
) -> Result<Arc<dyn Scheme>> {
    inner
        .clone()
        .ok_or_else(|| Error::unsupported(format!("{scheme}: no {what} scheme in this build")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_fields() {
        assert_eq!(fields::<3>("t", "a$b$c").unwrap(), ["a", "b", "c"]);
        assert!(fields::<3>("t", "a$b").is_err());
        assert!(fields::<3>("t", "a$b$c$d").is_err());
        assert_eq!(b64_exact("t", "d", "AAE=", 2).unwrap(), vec![0, 1]);
        assert!(b64_exact("t", "d", "AAE", 2).is_err());
        assert!(b64_exact("t", "d", "AAF=", 2).is_err());
        assert!(b64_exact("t", "d", "A!E=", 2).is_err());
        assert!(hex_exact("t", "d", "0g", 1).is_err());
    }
}
