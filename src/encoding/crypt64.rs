//! crypt(3)'s base64: the alphabet `./0-9A-Za-z`, in two bit orders.
//!
//! * little-endian ("hash64", passlib's `h64`): each group of three bytes is read as a 24-bit
//!   little-endian number and written six bits at a time, lowest bits first. md5-crypt,
//!   sha-crypt, SunMD5, sha1-crypt, phpass, Drupal and `$7$` use it (md5/sha-crypt after a
//!   fixed byte permutation).
//! * big-endian (passlib's `h64big`): standard base64 bit order with this alphabet. DES crypt
//!   and its relatives use it.

#![allow(
    clippy::cast_possible_truncation,
    reason = "the alphabet's indices are below 64 and bytes are taken from wider groups by design"
)]

/// The alphabet, indexed by 6-bit value.
pub(crate) const ALPHABET: &[u8; 64] =
    b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const INVALID: u8 = 0xff;

const DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// The 6-bit value of `c`, if it is in the alphabet.
#[inline]
pub(crate) fn value(c: u8) -> Option<u8> {
    match DECODE[usize::from(c)] {
        INVALID => None,
        v => Some(v),
    }
}

/// Whether every byte of `s` is in the alphabet.
#[inline]
pub(crate) fn is_crypt64(s: &str) -> bool {
    s.bytes().all(|c| DECODE[usize::from(c)] != INVALID)
}

/// Encode `bytes` little-endian; the last partial group writes only the characters it needs
/// (2 for one byte, 3 for two), as every crypt implementation does.
pub(crate) fn encode_le(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut v = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            v |= u32::from(*b) << (8 * i);
        }
        for _ in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(v & 0x3f) as usize]));
            v >>= 6;
        }
    }
    out
}

/// Encode the bytes of `bytes` taken in the order `order` (md5-crypt's and sha-crypt's final
/// transposition), little-endian.
pub(crate) fn encode_le_transposed(bytes: &[u8], order: &[usize]) -> String {
    let permuted: Vec<u8> = order.iter().map(|&i| bytes[i]).collect();
    encode_le(&permuted)
}

/// Decode little-endian crypt64. `None` on a character outside the alphabet or a length that no
/// byte string encodes to (4k+1 characters).
pub(crate) fn decode_le(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut v = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            v |= u32::from(value(c)?) << (6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((v >> (8 * i)) as u8);
        }
    }
    Some(out)
}

/// Encode `bytes` big-endian (standard base64 bit order), no padding.
pub(crate) fn encode_be(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut v = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            v |= u32::from(*b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((v >> (18 - 6 * i)) & 0x3f) as usize]));
        }
    }
    out
}

/// Decode big-endian crypt64 (no padding). `None` on a bad character or impossible length.
#[cfg(test)]
pub(crate) fn decode_be(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut v = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            v |= u32::from(value(c)?) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((v >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Decode a little-endian integer of `s.len()` characters (salt counts, rounds in `_` BSDi
/// strings, phpass's log2 character): first character lowest.
pub(crate) fn decode_int_le(s: &str) -> Option<u64> {
    if s.len() > 10 {
        return None;
    }
    let mut v = 0u64;
    for (i, c) in s.bytes().enumerate() {
        v |= u64::from(value(c)?) << (6 * i);
    }
    Some(v)
}

/// Decode a big-endian integer (first character highest), as DES crypt's 12-bit salt.
#[cfg(test)]
pub(crate) fn decode_int_be(s: &str) -> Option<u64> {
    if s.len() > 10 {
        return None;
    }
    let mut v = 0u64;
    for c in s.bytes() {
        v = (v << 6) | u64::from(value(c)?);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn le_round_trip() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode_le(&encode_le(&bytes)).unwrap(), bytes);
            assert_eq!(decode_be(&encode_be(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn known_values() {
        // passlib: h64.encode_bytes(b"\x00\x00\x00") == "...."
        assert_eq!(encode_le(&[0, 0, 0]), "....");
        assert_eq!(encode_le(&[0xff, 0xff, 0xff]), "zzzz");
        assert_eq!(decode_int_le("/."), Some(1));
        assert_eq!(decode_int_be("./"), Some(1));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(decode_le("ab!d").is_none());
        assert!(decode_le("abcde").is_none());
        assert!(decode_be("é").is_none());
    }
}
