//! Raw digests written as text: hex (either case) or standard base64.
//!
//! LDAP `userPassword` values (`{MD5}`, `{SSHA}`), Dovecot's `{SCHEME}` strings and the digest
//! columns of web applications keep a raw digest in one of the two. For a digest of three bytes
//! or more the two lengths never coincide (2n hex digits against 4⌈n/3⌉ base64 characters), so
//! where a format allows either, the length says which one was written: the rule Dovecot's
//! `password_decode` applies when a scheme name carries no `.HEX`/`.B64` suffix.

use super::{b64, hex};

/// The text encoding of a stored digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DigestText {
    /// Hex digits, upper or lower case.
    Hex,
    /// Standard base64 (`+/`), padding optional on input.
    Base64,
}

impl DigestText {
    /// The encoding named `hex`, `base64` or `b64` (ASCII case-insensitive), as Dovecot's scheme
    /// suffixes and the `encoding` credential parameter spell them.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("hex") {
            Some(DigestText::Hex)
        } else if name.eq_ignore_ascii_case("base64") || name.eq_ignore_ascii_case("b64") {
            Some(DigestText::Base64)
        } else {
            None
        }
    }

    /// Lower-case name (`hex`, `base64`).
    pub(crate) const fn name(self) -> &'static str {
        match self {
            DigestText::Hex => "hex",
            DigestText::Base64 => "base64",
        }
    }

    /// The encoding a `len`-byte digest written as `s` is in: hex when `s` is exactly `2 * len`
    /// hex digits, base64 otherwise.
    pub(crate) fn guess(s: &str, len: usize) -> Self {
        if hex::is_hex_len(s, len.saturating_mul(2)) {
            DigestText::Hex
        } else {
            DigestText::Base64
        }
    }

    /// Decode `s`; `None` when it is not valid text of this encoding.
    pub(crate) fn decode(self, s: &str) -> Option<Vec<u8>> {
        match self {
            DigestText::Hex => hex::decode(s),
            DigestText::Base64 => b64::decode(&b64::STANDARD, s),
        }
    }

    /// Decode `s` into exactly `len` bytes; `None` on bad text or another length.
    pub(crate) fn decode_exact(self, s: &str, len: usize) -> Option<Vec<u8>> {
        self.decode(s).filter(|v| v.len() == len)
    }

    /// Whether `s` has the canonical shape of a `len`-byte digest in this encoding: `2 * len` hex
    /// digits, or padded base64 of `len` bytes. A character scan, no decoding.
    pub(crate) fn fits(self, s: &str, len: usize) -> bool {
        match self {
            DigestText::Hex => hex::is_hex_len(s, len.saturating_mul(2)),
            DigestText::Base64 => {
                let data = len.saturating_mul(4).div_ceil(3);
                let padded = len.div_ceil(3).saturating_mul(4);
                let body = s.trim_end_matches('=');
                s.len() == padded
                    && body.len() == data
                    && body
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DigestText;

    #[test]
    fn guesses_and_decodes() {
        let md5_hex = "900150983cd24fb0d6963f7d28e17f72";
        let md5_b64 = "kAFQmDzST7DWlj99KOF/cg==";
        assert_eq!(DigestText::guess(md5_hex, 16), DigestText::Hex);
        assert_eq!(DigestText::guess(md5_b64, 16), DigestText::Base64);
        let a = DigestText::Hex.decode_exact(md5_hex, 16).unwrap();
        let b = DigestText::Base64.decode_exact(md5_b64, 16).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            DigestText::Base64.decode_exact("kAFQmDzST7DWlj99KOF/cg", 16),
            Some(a)
        );
        assert!(DigestText::Hex.decode_exact(md5_hex, 20).is_none());
        assert!(DigestText::Hex.decode_exact("zz", 1).is_none());
    }

    #[test]
    fn shapes() {
        assert!(DigestText::Hex.fits("900150983CD24FB0D6963F7D28E17F72", 16));
        assert!(!DigestText::Hex.fits("900150983cd24fb0d6963f7d28e17f7", 16));
        assert!(DigestText::Base64.fits("kAFQmDzST7DWlj99KOF/cg==", 16));
        assert!(!DigestText::Base64.fits("kAFQmDzST7DWlj99KOF/cg", 16));
        assert!(!DigestText::Base64.fits("kAFQmDzST7DWlj99KOF/c===", 16));
        assert!(!DigestText::Base64.fits("kAFQmDzST7DWlj99KOF-cg==", 16));
        assert!(DigestText::Base64.fits("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", 20));
    }

    #[test]
    fn names() {
        assert_eq!(DigestText::from_name("HEX"), Some(DigestText::Hex));
        assert_eq!(DigestText::from_name("b64"), Some(DigestText::Base64));
        assert_eq!(DigestText::from_name("Base64"), Some(DigestText::Base64));
        assert_eq!(DigestText::from_name("base32"), None);
    }
}
