//! UTF-16 forms of a password, as Windows (NT hash, MS-Cache, SQL Server) and Oracle 10g hash it.
//!
//! Those systems hash the password as text: the bytes a caller hands us are read as UTF-8 and
//! re-encoded. Bytes that are not UTF-8 cannot be the text such a system stored, so the helpers
//! answer `None` and the scheme reports a non-match.

use zeroize::Zeroizing;

/// `text` as UTF-16, little-endian, wiped on drop.
pub(crate) fn le(text: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len().saturating_mul(2)));
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// `text` as UTF-16, big-endian, wiped on drop.
pub(crate) fn be(text: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len().saturating_mul(2)));
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// The password bytes as UTF-16LE, or `None` when they are not UTF-8.
pub(crate) fn password_le(password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    std::str::from_utf8(password).ok().map(le)
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes() {
        assert_eq!(&*super::le("aé"), &[0x61, 0, 0xe9, 0]);
        assert_eq!(&*super::be("aé"), &[0, 0x61, 0, 0xe9]);
        // A character outside the BMP becomes a surrogate pair.
        assert_eq!(&*super::le("😀"), &[0x3d, 0xd8, 0x00, 0xde]);
        assert!(super::password_le(b"\xff").is_none());
    }
}
