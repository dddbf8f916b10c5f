//! Parsing helpers the crypt(3) schemes share: C-string passwords, strict rounds fields,
//! canonical crypt64 fields, and the DES crypt family's key and block text (the DES engine
//! itself is `primitives::des`).

use zeroize::Zeroizing;

use crate::encoding::crypt64;
use crate::error::{Error, Result};

/// The part of `password` a C implementation sees: everything before the first NUL byte.
///
/// crypt(3) takes the password as a C string, so a password with a NUL in it was hashed (and is
/// checked) as its prefix. Schemes that inherit this report it through `Scheme::truncates`.
pub(crate) fn c_str(password: &[u8]) -> &[u8] {
    match password.iter().position(|&b| b == 0) {
        Some(end) => &password[..end],
        None => password,
    }
}

/// How many readings of `password` a scheme that tries both the C string and the whole password
/// computes: 2 when it has a NUL, else 1. The work budget is charged for both before either runs.
pub(crate) fn readings(password: &[u8]) -> u64 {
    if password.contains(&0) { 2 } else { 1 }
}

/// A decimal rounds field as libxcrypt reads it: ASCII digits, no sign, no leading zero, and a
/// value in `min..=max` (the format's own range, not the resource limit). Anything else is
/// malformed: no producer writes it, and libxcrypt refuses it.
pub(crate) fn rounds_field(
    scheme: &'static str,
    field: &'static str,
    s: &str,
    min: u64,
    max: u64,
) -> Result<u64> {
    let out_of_range = || {
        Error::malformed(
            scheme,
            field,
            format!("must be a decimal number in {min}..={max} without leading zeros"),
        )
    };
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) || s.starts_with('0') {
        return Err(out_of_range());
    }
    // 20 digits always overflow u64; checked parse covers the rest.
    let value: u64 = s.parse().map_err(|_| out_of_range())?;
    if !(min..=max).contains(&value) {
        return Err(out_of_range());
    }
    Ok(value)
}

/// Check that `s` is exactly `chars` characters of little-endian crypt64 that a producer could
/// have written: every character in the alphabet and the unused high bits of the last character
/// zero (what `decode_le` followed by `encode_le` gives back unchanged).
pub(crate) fn check_le(
    scheme: &'static str,
    field: &'static str,
    s: &str,
    chars: usize,
) -> Result<()> {
    let ok = s.len() == chars
        && crypt64::decode_le(s).is_some_and(|bytes| crypt64::encode_le(&bytes) == s);
    if ok {
        Ok(())
    } else {
        Err(Error::malformed(
            scheme,
            field,
            format!("expected {chars} characters of ./0-9A-Za-z (canonical encoding)"),
        ))
    }
}

/// Little-endian crypt64 of `bytes`, checked canonical, into bytes (yescrypt salts).
pub(crate) fn decode_le_canonical(s: &str) -> Option<Vec<u8>> {
    crypt64::decode_le(s).filter(|bytes| crypt64::encode_le(bytes) == s)
}

/// The DES key crypt(3) makes from up to eight password bytes: each byte shifted left by one
/// (its high bit is lost), zero-padded. Wiped on drop: it is the password.
pub(crate) fn des_password_key(chunk: &[u8]) -> Zeroizing<[u8; 8]> {
    let mut key = Zeroizing::new([0u8; 8]);
    for (k, &c) in key.iter_mut().zip(chunk) {
        *k = c << 1;
    }
    key
}

/// The eleven-character crypt64 (big-endian bit order) text of a DES crypt result.
pub(crate) fn encode_des_block(block: u64) -> String {
    crypt64::encode_be(&block.to_be_bytes())
}

/// Whether the last of the eleven characters of an encoded DES block could have been written
/// by [`encode_des_block`]: 64 bits fill 66, so its two low bits are zero.
pub(crate) fn canonical_des_block(text: &[u8]) -> bool {
    text.len() == 11
        && text.iter().all(|&c| crypt64::value(c).is_some())
        && crypt64::value(text[10]).is_some_and(|v| v & 3 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn des_block_text() {
        assert_eq!(des_password_key(b"ab")[..3], [0xc2, 0xc4, 0]);
        assert!(canonical_des_block(b"mF1QH4PEr.E"));
        assert!(!canonical_des_block(b"mF1QH4PEr.F"));
        assert!(!canonical_des_block(b"mF1QH4PEr."));
    }

    #[test]
    fn c_string_view() {
        assert_eq!(c_str(b"abc\0def"), b"abc");
        assert_eq!(c_str(b"abc"), b"abc");
        assert_eq!(c_str(b"\0"), b"");
    }

    #[test]
    fn rounds() {
        assert_eq!(
            rounds_field("t", "rounds", "1000", 1000, 9999).unwrap(),
            1000
        );
        for bad in [
            "",
            "0",
            "01000",
            "-1000",
            "1000 ",
            "999",
            "10000",
            "99999999999999999999999",
        ] {
            assert_eq!(
                rounds_field("t", "rounds", bad, 1000, 9999)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Malformed,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn canonical_le() {
        // Two bytes take three characters; the top two bits of the third must be zero.
        assert!(check_le("t", "digest", "zz/", 3).is_ok());
        assert!(check_le("t", "digest", "zzz", 3).is_err());
        assert!(check_le("t", "digest", "zz", 3).is_err());
        assert!(check_le("t", "digest", "z!/", 3).is_err());
    }
}
