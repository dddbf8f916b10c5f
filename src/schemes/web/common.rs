//! Parsing and computing blocks the web-framework formats share: strict fixed-length digest
//! fields (hex and padded base64), `$`-separated fields, the UTF-16LE password form .NET hashes,
//! iterated and nested digests, and a bounded scrypt call.

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
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

/// The password as UTF-16LE, the byte form .NET hashes a `string` in. `None` when the password
/// is not UTF-8: such bytes never came from a .NET string, so nothing stored by .NET matches.
pub(crate) fn utf16le(password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(password).ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 2));
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    Some(out)
}

/// Lower-case hex of `alg` over `parts`, wiped on drop: the intermediate form of PHP's
/// `md5(md5($pw) . $salt)` style recipes.
pub(crate) fn hex_digest(alg: Algorithm, parts: &[&[u8]]) -> Zeroizing<String> {
    Zeroizing::new(alg.digest(parts).to_hex())
}

/// scrypt with `n` (not log2), `r`, `p`, bounded by `limits` before anything is allocated.
pub(crate) fn scrypt(
    scheme: &'static str,
    password: &[u8],
    salt: &[u8],
    (n, r, p): (u64, u64, u64),
    out_len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    limits.scrypt(scheme, n, r, p)?;
    limits.output_len(scheme, out_len)?;
    // After the limit check N is a power of two well under 2^64 and r, p are small.
    let log_n = u8::try_from(n.trailing_zeros())
        .map_err(|_| Error::malformed(scheme, "N", "out of range"))?;
    let r = crate::primitives::number::to_u32(scheme, "r", r)?;
    let p = crate::primitives::number::to_u32(scheme, "p", p)?;
    let params = ::scrypt::Params::new(log_n, r, p)
        .map_err(|_| Error::malformed(scheme, "params", "rejected by scrypt"))?;
    let mut out = Zeroizing::new(vec![0u8; out_len]);
    ::scrypt::scrypt(password, salt, &params, &mut out)
        .map_err(|_| Error::malformed(scheme, "digest", "length rejected by scrypt"))?;
    Ok(out)
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
    use crate::ErrorKind;

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
        assert_eq!(
            utf16le("aé".as_bytes()).unwrap().as_slice(),
            &[0x61, 0, 0xe9, 0]
        );
        assert!(utf16le(&[0xff]).is_none());
    }

    #[test]
    fn scrypt_is_bounded_first() {
        // RFC 7914 section 12, second vector: "password", "NaCl", N=1024, r=8, p=16.
        let out = scrypt(
            "t",
            b"password",
            b"NaCl",
            (1024, 8, 16),
            64,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(hex::encode(&out[..8]), "fdbabe1c9d347200");
        let e = scrypt("t", b"p", b"s", (1 << 40, 8, 1), 64, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let e = scrypt("t", b"p", b"s", (1000, 8, 1), 64, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
