//! The `{SCHEME}` marker of RFC 2307 `userPassword` values and Dovecot password strings.
//!
//! OpenLDAP (`lutil_passwd`) and Dovecot (`password_get_scheme`) both take the text between a
//! leading `{` and the first `}` as the scheme name and compare it ASCII case-insensitively, so
//! `{ssha}` and `{SSHA}` are the same scheme. Dovecot further allows an encoding suffix on the
//! name, `{SHA256.HEX}`, `{SSHA512.B64}`, `{PLAIN.BASE64}`, which overrides the scheme's default
//! text encoding; an unknown suffix makes the whole name unknown.

use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};

/// Longest scheme name looked at (`{SCRAM-SHA-256.BASE64}` is 22 bytes); a `}` further in is
/// not a marker.
const MAX_MARKER: usize = 32;

/// A value split at its `{NAME}` or `{NAME.SUFFIX}` marker.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Marked<'a> {
    /// The scheme name, without braces or suffix.
    pub(crate) name: &'a str,
    /// The text after the first `.` of the name, if any.
    pub(crate) suffix: Option<&'a str>,
    /// Everything after the closing brace.
    pub(crate) body: &'a str,
}

impl<'a> Marked<'a> {
    /// Split `hash` at its marker; `None` when it does not start with one.
    pub(crate) fn split(hash: &'a str) -> Option<Self> {
        let rest = hash.strip_prefix('{')?;
        let close = rest.bytes().take(MAX_MARKER).position(|b| b == b'}')?;
        // `}` is ASCII, so both indices are character boundaries.
        let (inner, body) = (rest.get(..close)?, rest.get(close + 1..)?);
        let (name, suffix) = match inner.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (inner, None),
        };
        Some(Marked { name, suffix, body })
    }

    /// `hash` split at a marker named `name` (any case), or `None`.
    pub(crate) fn named(hash: &'a str, name: &str) -> Option<Self> {
        Self::split(hash).filter(|m| m.name.eq_ignore_ascii_case(name))
    }

    /// The encoding the suffix names: `Ok(None)` without a suffix, `Err(())` for a suffix that
    /// names no encoding.
    pub(crate) fn encoding(&self) -> Result<Option<DigestText>, ()> {
        match self.suffix {
            None => Ok(None),
            Some(s) => DigestText::from_name(s).map(Some).ok_or(()),
        }
    }

    /// [`Marked::named`] for `verify`: a malformed error naming `scheme` when the marker is not
    /// there.
    pub(crate) fn expect(scheme: &'static str, hash: &'a str, name: &'static str) -> Result<Self> {
        Self::named(hash, name).ok_or_else(|| {
            Error::malformed(scheme, "prefix", format!("expected the marker {{{name}}}"))
        })
    }

    /// [`Marked::encoding`] for `verify`: a malformed error for an unknown suffix.
    pub(crate) fn expect_encoding(&self, scheme: &'static str) -> Result<Option<DigestText>> {
        self.encoding().map_err(|()| {
            Error::malformed(
                scheme,
                "prefix",
                "unknown encoding suffix (expected .HEX, .B64 or .BASE64)",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let m = Marked::split("{SSHA256.hex}abcd").unwrap();
        assert_eq!((m.name, m.suffix, m.body), ("SSHA256", Some("hex"), "abcd"));
        assert_eq!(m.encoding(), Ok(Some(DigestText::Hex)));
        let m = Marked::named("{ssha}x}y", "SSHA").unwrap();
        assert_eq!((m.suffix, m.body), (None, "x}y"));
        assert!(Marked::split("SSHA}x").is_none());
        assert!(Marked::split("{SSHA").is_none());
        assert!(Marked::split(&format!("{{{}}}", "A".repeat(40))).is_none());
        assert!(Marked::named("{SHA}x", "SHA1").is_none());
        assert!(Marked::split("{SHA.b32}x").unwrap().encoding().is_err());
        // Multi-byte text around the marker never splits inside a character.
        assert!(Marked::split("{é}ü").is_some());
        assert!(Marked::split("{").is_none());
    }
}
