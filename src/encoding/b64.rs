//! The base64 flavours found in stored hashes, as `base64` crate engines.
//!
//! Decoders are strict about the alphabet and about padding where the format always pads, and
//! tolerant of missing padding where producers differ (PHC strings omit it, LDAP values carry it).

use base64::Engine as _;
use base64::alphabet::{self, Alphabet};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const fn config(pad: bool, mode: DecodePaddingMode) -> GeneralPurposeConfig {
    GeneralPurposeConfig::new()
        .with_encode_padding(pad)
        .with_decode_padding_mode(mode)
        .with_decode_allow_trailing_bits(false)
}

/// Standard alphabet, padding optional on input, written with padding.
pub(crate) const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    config(true, DecodePaddingMode::Indifferent),
);

/// Standard alphabet with its padding required on input, for formats whose producers always
/// pad and whose verifiers refuse a string without it (PostgreSQL's SCRAM secrets).
pub(crate) const STANDARD_PADDED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    config(true, DecodePaddingMode::RequireCanonical),
);

/// Standard alphabet, no padding written (PHC strings); padding optional on input.
pub(crate) const STANDARD_NO_PAD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    config(false, DecodePaddingMode::Indifferent),
);

/// URL-safe alphabet (`-_`), padding optional on input.
pub(crate) const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    config(true, DecodePaddingMode::Indifferent),
);

const AB64_ALPHABET: Alphabet =
    match Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./") {
        Ok(a) => a,
        Err(_) => panic!("invalid alphabet"),
    };

/// passlib's "adapted base64": standard alphabet with `.` for `+`, no padding.
pub(crate) const AB64: GeneralPurpose = GeneralPurpose::new(
    &AB64_ALPHABET,
    config(false, DecodePaddingMode::Indifferent),
);

/// crypt's alphabet `./0-9A-Za-z` in standard bit order (Cisco type 8/9), no padding.
pub(crate) const CRYPT_BE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::CRYPT,
    config(false, DecodePaddingMode::Indifferent),
);

/// bcrypt's alphabet `./A-Za-z0-9`, no padding.
pub(crate) const BCRYPT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::BCRYPT,
    config(false, DecodePaddingMode::Indifferent),
);

/// Decode with `engine`; `None` on any error.
pub(crate) fn decode(engine: &GeneralPurpose, s: &str) -> Option<Vec<u8>> {
    engine.decode(s).ok()
}

/// Encode with `engine`.
pub(crate) fn encode(engine: &GeneralPurpose, bytes: &[u8]) -> String {
    engine.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavours() {
        assert_eq!(decode(&STANDARD, "AAE=").unwrap(), vec![0, 1]);
        assert_eq!(decode(&STANDARD, "AAE").unwrap(), vec![0, 1]);
        assert_eq!(encode(&AB64, &[0xfb, 0xff]), "./8");
        assert!(decode(&STANDARD, "A!E=").is_none());
        // Non-canonical trailing bits are refused.
        assert!(decode(&STANDARD, "AAF=").is_none());
        assert_eq!(decode(&STANDARD_PADDED, "AAE=").unwrap(), vec![0, 1]);
        assert!(decode(&STANDARD_PADDED, "AAE").is_none());
        assert!(decode(&STANDARD_PADDED, "AAE==").is_none());
    }
}
