//! The one place digests are compared.

use subtle::ConstantTimeEq;

/// Constant-time equality of two byte strings. The lengths are public (they come from the
/// format), so a length mismatch returns early; the contents never do.
#[inline]
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn compares() {
        assert!(super::ct_eq(b"abc", b"abc"));
        assert!(!super::ct_eq(b"abc", b"abd"));
        assert!(!super::ct_eq(b"abc", b"ab"));
    }
}
