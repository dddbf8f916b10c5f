//! Strict decimal parsing for costs read from hash strings.

use crate::error::{Error, Result};

/// Parse an unsigned decimal: ASCII digits only (no sign, no space, no empty string). A value
/// that does not fit in `u64` is reported as a [`Error::Limit`] (it is far over any limit).
pub(crate) fn decimal(scheme: &'static str, field: &'static str, s: &str) -> Result<u64> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(Error::malformed(
            scheme,
            field,
            "not an unsigned decimal number",
        ));
    }
    s.parse::<u64>()
        .map_err(|_| Error::limit(scheme, field, u64::MAX, u64::MAX - 1, ""))
}

/// [`decimal`], refusing leading zeros (`01024`) as libargon2 and glibc's `rounds=` do.
pub(crate) fn canonical_decimal(scheme: &'static str, field: &'static str, s: &str) -> Result<u64> {
    if s.len() > 1 && s.starts_with('0') {
        return Err(Error::malformed(scheme, field, "leading zero"));
    }
    decimal(scheme, field, s)
}

/// Parse a lower- or upper-case hex number (Cisco, `$p5k2$` rounds).
pub(crate) fn hex_number(scheme: &'static str, field: &'static str, s: &str) -> Result<u64> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::malformed(scheme, field, "not a hex number"));
    }
    u64::from_str_radix(s, 16).map_err(|_| Error::limit(scheme, field, u64::MAX, u64::MAX - 1, ""))
}

/// Narrow a checked `u64` to `u32` (after a limit check it always fits).
pub(crate) fn to_u32(scheme: &'static str, field: &'static str, v: u64) -> Result<u32> {
    u32::try_from(v).map_err(|_| Error::limit(scheme, field, v, u64::from(u32::MAX), ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn parses() {
        assert_eq!(decimal("x", "f", "5000").unwrap(), 5000);
        assert_eq!(
            decimal("x", "f", "-1").unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            decimal("x", "f", "").unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            decimal("x", "f", "1000 ").unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            decimal("x", "f", "999999999999999999999")
                .unwrap_err()
                .kind(),
            ErrorKind::Limit
        );
        assert_eq!(
            canonical_decimal("x", "f", "01").unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(hex_number("x", "f", "3e8").unwrap(), 1000);
    }
}
