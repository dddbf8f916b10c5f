//! Field parsing shared by this family: the base64 flavours its formats use (each decoded
//! strictly), canonical decimal costs, and PHC `name=value` parameter lists.
//!
//! Every decoder checks the size a field would decode to against [`Limits`] before it allocates,
//! so a 60 KB salt is a limit error, not a 60 KB buffer.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// The base64 flavours of this family's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum B64 {
    /// PHC strings (`$argon2id$`, `$scrypt$`, `$pbkdf2-sha256$i=`): standard alphabet, no
    /// padding, zero trailing bits (libargon2's `from_base64`).
    Phc,
    /// passlib's adapted base64: `.` for `+`, no padding.
    Ab64,
    /// Standard alphabet with canonical `=` padding (Atlassian `{PKCS5S2}`, FSHP).
    Padded,
    /// URL-safe alphabet (`-_`) with canonical `=` padding (`$p5k2$` of the Cryptacular flavour).
    UrlPadded,
}

const fn canonical(mode: DecodePaddingMode) -> GeneralPurposeConfig {
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(mode)
        .with_decode_allow_trailing_bits(false)
}

const STANDARD_PADDED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    canonical(DecodePaddingMode::RequireCanonical),
);

const URL_SAFE_PADDED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    canonical(DecodePaddingMode::RequireCanonical),
);

impl B64 {
    fn engine(self) -> &'static GeneralPurpose {
        match self {
            B64::Phc => &b64::STANDARD_NO_PAD,
            B64::Ab64 => &b64::AB64,
            B64::Padded => &STANDARD_PADDED,
            B64::UrlPadded => &URL_SAFE_PADDED,
        }
    }

    fn what(self) -> &'static str {
        match self {
            B64::Phc => "expected unpadded base64 (A-Za-z0-9+/)",
            B64::Ab64 => "expected passlib's adapted base64 (A-Za-z0-9./, no padding)",
            B64::Padded => "expected padded base64 (A-Za-z0-9+/=)",
            B64::UrlPadded => "expected padded URL-safe base64 (A-Za-z0-9-_=)",
        }
    }

    /// Most bytes `chars` characters of this flavour can decode to.
    pub(crate) fn max_decoded_len(chars: usize) -> usize {
        chars / 4 * 3 + (chars % 4).saturating_sub(1)
    }

    /// Encode in this flavour.
    #[cfg(any(test, feature = "toolkit"))]
    pub(crate) fn encode(self, bytes: &[u8]) -> String {
        self.engine().encode(bytes)
    }

    /// Decode `s`, refusing bytes outside the alphabet, padding where the flavour has none,
    /// missing padding where it requires it, and non-zero trailing bits.
    pub(crate) fn decode(
        self,
        scheme: &'static str,
        field: &'static str,
        s: &str,
    ) -> Result<Vec<u8>> {
        if matches!(self, B64::Phc | B64::Ab64) && s.contains('=') {
            return Err(Error::malformed(
                scheme,
                field,
                "base64 padding is not allowed here",
            ));
        }
        self.engine()
            .decode(s)
            .map_err(|_| Error::malformed(scheme, field, self.what()))
    }
}

/// Decode a salt field, bounded by [`Limits::salt_len`] before decoding.
pub(crate) fn salt(
    scheme: &'static str,
    s: &str,
    flavour: B64,
    limits: &Limits,
) -> Result<Vec<u8>> {
    limits.salt_len(scheme, B64::max_decoded_len(s.len()))?;
    flavour.decode(scheme, "salt", s)
}

/// Decode a digest field, bounded by [`Limits::output_len`] before decoding (an empty digest is
/// malformed).
pub(crate) fn digest(
    scheme: &'static str,
    s: &str,
    flavour: B64,
    limits: &Limits,
) -> Result<Vec<u8>> {
    if s.is_empty() {
        return Err(Error::malformed(scheme, "digest", "missing"));
    }
    limits.output_len(scheme, B64::max_decoded_len(s.len()))?;
    let out = flavour.decode(scheme, "digest", s)?;
    limits.output_len(scheme, out.len())?;
    Ok(out)
}

/// Decode a hex field of either case, bounded by `max` bytes before decoding.
pub(crate) fn hex(
    scheme: &'static str,
    field: &'static str,
    s: &str,
    max: usize,
) -> Result<Vec<u8>> {
    if s.len() / 2 > max {
        return Err(Error::limit(
            scheme,
            field,
            (s.len() / 2) as u64,
            max as u64,
            if field == "salt" {
                "Limits::max_salt_bytes"
            } else {
                "Limits::max_output_bytes"
            },
        ));
    }
    crate::encoding::hex::decode(s).ok_or_else(|| Error::malformed(scheme, field, "expected hex"))
}

/// A parsed PHC parameter list `name=value,name=value`: names and values in order, no name
/// twice.
pub(crate) fn phc_params<'a>(scheme: &'static str, s: &'a str) -> Result<Vec<(&'a str, &'a str)>> {
    const MAX_PARAMS: usize = 8;
    let mut out: Vec<(&str, &str)> = Vec::new();
    for item in s.split(',') {
        if out.len() == MAX_PARAMS {
            return Err(Error::malformed(scheme, "params", "too many parameters"));
        }
        let (name, value) = item.split_once('=').ok_or_else(|| {
            Error::malformed(
                scheme,
                "params",
                "expected name=value pairs separated by ','",
            )
        })?;
        let name_ok = !name.is_empty()
            && name.len() <= 32
            && name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !name_ok {
            return Err(Error::malformed(
                scheme,
                "params",
                "parameter names are a-z, 0-9 and '-'",
            ));
        }
        let value_ok = !value.is_empty()
            && value
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'+' | b'.' | b'-'));
        if !value_ok {
            return Err(Error::malformed(
                scheme,
                "params",
                "empty value or a character outside A-Za-z0-9/+.-",
            ));
        }
        if out.iter().any(|(n, _)| *n == name) {
            return Err(Error::malformed(
                scheme,
                "params",
                format!("parameter {name} given twice"),
            ));
        }
        out.push((name, value));
    }
    Ok(out)
}

/// The value of `name` in a parsed parameter list.
pub(crate) fn param<'a>(list: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    list.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// Whether `s` is non-empty and every byte is an ASCII digit.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())
}

/// Whether every byte of `s` is in passlib's adapted base64 alphabet.
pub(crate) fn is_ab64(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'/')
}

/// Whether `s` uses only standard base64's characters, `=` padding included.
pub(crate) fn is_padded_b64(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn base64_flavours_are_strict() {
        assert_eq!(B64::Phc.decode("t", "f", "AAE").unwrap(), vec![0, 1]);
        assert!(B64::Phc.decode("t", "f", "AAE=").is_err());
        assert!(B64::Phc.decode("t", "f", "AAF").is_err()); // trailing bits
        assert!(B64::Phc.decode("t", "f", "A").is_err());
        assert_eq!(B64::Ab64.decode("t", "f", "./8").unwrap(), vec![0xfb, 0xff]);
        assert!(B64::Ab64.decode("t", "f", "+/8").is_err());
        assert_eq!(B64::Padded.decode("t", "f", "AAE=").unwrap(), vec![0, 1]);
        assert!(B64::Padded.decode("t", "f", "AAE").is_err());
        assert_eq!(
            B64::UrlPadded.decode("t", "f", "-_8=").unwrap(),
            vec![0xfb, 0xff]
        );
        assert_eq!(B64::max_decoded_len(43), 32);
        assert_eq!(B64::max_decoded_len(0), 0);
    }

    #[test]
    fn bounded_before_decoding() {
        let big = "A".repeat(4000);
        let e = salt("t", &big, B64::Phc, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let e = digest("t", &big, B64::Phc, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        assert_eq!(
            digest("t", "", B64::Phc, &Limits::DEFAULT)
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            hex("t", "salt", &"00".repeat(2000), 1024)
                .unwrap_err()
                .kind(),
            ErrorKind::Limit
        );
    }

    #[test]
    fn parameter_lists() {
        let p = phc_params("t", "m=64,t=1,p=4").unwrap();
        assert_eq!(p, vec![("m", "64"), ("t", "1"), ("p", "4")]);
        assert_eq!(param(&p, "t"), Some("1"));
        for bad in ["m=1,m=2", "m=1,", "m=", "=1", "m=1, t=2", "M=1", "m=1;t=2"] {
            assert_eq!(
                phc_params("t", bad).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{bad}"
            );
        }
    }
}
