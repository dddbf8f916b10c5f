//! Traditional DES crypt and its two long-password extensions, bigcrypt and crypt16.
//!
//! * `des_crypt`: Seventh Edition Unix (1979) and every crypt(3) since, still produced by
//!   libxcrypt, PHP `crypt()` with a two-character salt, Apache `htpasswd -d` and old
//!   `/etc/shadow` and NIS maps. Thirteen characters: a two-character salt (12 bits) and eleven
//!   characters of the 64-bit result of 25 salted DES encryptions of zero, keyed by the password.
//! * `bigcrypt`: HP-UX and Digital Unix "C2" long passwords. The password is cut into 8-byte
//!   blocks, each hashed as above, the salt of each block after the first being the first two
//!   characters of the previous block's output: 2 + 11·k characters. libxcrypt stops at 16
//!   blocks (128 bytes); passlib does not.
//! * `crypt16`: Ultrix and Tru64. Two DES crypts with the same salt, the first eight password
//!   bytes with 20 encryptions and the next eight with 5: 24 characters.
//!
//! Quirks: the key keeps only the low seven bits of each password byte (8-bit passwords
//! collide), the password is a C string (a NUL ends it), and `des_crypt` ignores everything past
//! eight bytes, `crypt16` past sixteen. `truncates` reports all three. passlib's `crypt16` keys
//! on NUL bytes like any other (its `des_crypt` and `bigcrypt` refuse them), so a `crypt16`
//! password with a NUL is tried both ways.
//!
//! Identification: none of the three has a marker, so each only matches the shape, and only
//! strings whose DES blocks are canonically encoded (the last character of each eleven-character
//! block has two zero padding bits). A 13-character string is `des_crypt`: bigcrypt of a password
//! of up to eight bytes *is* des_crypt, and libxcrypt itself hands longer passwords with a
//! 13-character setting to des_crypt, so `bigcrypt` claims only 24 characters and more. At 24
//! characters bigcrypt (two blocks) and crypt16 cannot be told apart: identification reports
//! the ambiguity and a scheme hint decides.
//!
//! Weaknesses: a 56-bit key space at most, 4096 salts, and hardware that tries billions of DES
//! keys per second. Always upgrade.

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use crate::primitives::des::{self, Schedule};

use super::common::{c_str, canonical_des_block, des_password_key, encode_des_block};

/// The 64-bit result of DES crypt: `count` salted encryptions of zero, keyed by the first
/// eight bytes of `chunk` (shifted as crypt(3) does). `salt` is the 12-bit salt value.
pub(crate) fn des_crypt_raw(chunk: &[u8], salt: u32, count: u64) -> u64 {
    let schedule = Schedule::new(&des_password_key(chunk));
    des::encrypt(&schedule, des::salt_mask(salt), 0, count)
}

/// The 12-bit value of a two-character salt (first character lowest), if both are crypt64.
fn salt_value(s: &[u8]) -> Option<u32> {
    match s {
        [a, b] => Some(u32::from(crypt64::value(*a)?) | u32::from(crypt64::value(*b)?) << 6),
        _ => None,
    }
}

/// Whether `hash` is a two-character salt followed by `blocks` canonical DES blocks.
fn shape(hash: &str, blocks: usize) -> bool {
    let h = hash.as_bytes();
    h.len() == 2 + 11 * blocks
        && salt_value(&h[..2]).is_some()
        && h[2..].chunks(11).all(canonical_des_block)
}

/// Whether DES keying loses part of `password` within its first `max` bytes: a NUL (C string),
/// bytes past `max`, or a byte with its high bit set.
fn des_lossy(password: &[u8], max: usize) -> bool {
    password.len() > max || password.iter().any(|&b| b == 0 || b & 0x80 != 0)
}

/// Split and validate a string of `blocks` blocks (`None`: any number of at least one).
fn parse<'a>(id: &'static str, hash: &'a str, blocks: Option<usize>) -> Result<(u32, &'a [u8])> {
    let h = hash.as_bytes();
    let count_ok = match blocks {
        Some(n) => h.len() == 2 + 11 * n,
        None => h.len() >= 13 && (h.len() - 2).is_multiple_of(11),
    };
    if !count_ok {
        let want = match blocks {
            Some(n) => format!("{} characters", 2 + 11 * n),
            None => "2 + 11·k characters".to_owned(),
        };
        return Err(Error::malformed(id, "length", format!("expected {want}")));
    }
    let salt = salt_value(&h[..2])
        .ok_or_else(|| Error::malformed(id, "salt", "two characters of ./0-9A-Za-z"))?;
    let digest = &h[2..];
    if !digest.chunks(11).all(canonical_des_block) {
        return Err(Error::malformed(
            id,
            "digest",
            "11-character blocks of ./0-9A-Za-z, canonically encoded",
        ));
    }
    Ok((salt, digest))
}

/// Traditional DES crypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DesCrypt;

impl Scheme for DesCrypt {
    fn id(&self) -> &str {
        "des_crypt"
    }

    fn identify(&self, hash: &str) -> Match {
        if shape(hash, 1) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = parse("des_crypt", cred.hash(), Some(1))?;
        let pw = c_str(password);
        let ours = encode_des_block(des_crypt_raw(&pw[..pw.len().min(8)], salt, 25));
        Ok(ct_eq(ours.as_bytes(), digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse("des_crypt", cred.hash(), Some(1))?;
        Ok(vec![("salt", cred.hash()[..2].to_owned())])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        des_lossy(password, 8)
    }
}

impl DesCrypt {
    /// The credential as a portable step (the digest is the stored 11-character text).
    pub(crate) fn portable(cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        let (salt, digest) = parse("des_crypt", cred.hash(), Some(1))?;
        Ok(crate::schemes::portable::Portable {
            step: crate::schemes::portable::Step::DesCrypt { salt },
            digest: digest.to_vec(),
            scheme: "des_crypt",
        })
    }
}

/// HP-UX / Digital Unix bigcrypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BigCrypt;

/// libxcrypt's cap on bigcrypt blocks (128 password bytes).
const BIGCRYPT_LIBXCRYPT_BLOCKS: usize = 16;

impl Scheme for BigCrypt {
    fn id(&self) -> &str {
        "bigcrypt"
    }

    fn identify(&self, hash: &str) -> Match {
        let n = hash.len();
        if n >= 24 && (n - 2).is_multiple_of(11) && shape(hash, (n - 2) / 11) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (mut salt, digest) = parse("bigcrypt", cred.hash(), None)?;
        let stored_blocks = digest.len() / 11;
        let pw = c_str(password);
        let mut blocks = pw.len().div_ceil(8).max(1);
        if blocks > BIGCRYPT_LIBXCRYPT_BLOCKS && stored_blocks == BIGCRYPT_LIBXCRYPT_BLOCKS {
            // libxcrypt hashes the first 128 bytes only.
            blocks = BIGCRYPT_LIBXCRYPT_BLOCKS;
        }
        if blocks != stored_blocks {
            // A password of another length hashes to another number of blocks.
            return Ok(false);
        }
        let mut ours = Vec::with_capacity(digest.len());
        for i in 0..blocks {
            let chunk = pw.get(8 * i..pw.len().min(8 * i + 8)).unwrap_or(&[]);
            let block = encode_des_block(des_crypt_raw(chunk, salt, 25));
            // The next block's salt is this block's first two characters.
            salt = salt_value(&block.as_bytes()[..2]).unwrap_or(0);
            ours.extend_from_slice(block.as_bytes());
        }
        Ok(ct_eq(&ours, digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, digest) = parse("bigcrypt", cred.hash(), None)?;
        Ok(vec![
            ("salt", cred.hash()[..2].to_owned()),
            ("blocks", (digest.len() / 11).to_string()),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        des_lossy(password, 8 * BIGCRYPT_LIBXCRYPT_BLOCKS)
    }
}

/// Ultrix / Tru64 crypt16.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Crypt16;

impl Scheme for Crypt16 {
    fn id(&self) -> &str {
        "crypt16"
    }

    fn identify(&self, hash: &str) -> Match {
        if shape(hash, 2) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = parse("crypt16", cred.hash(), Some(2))?;
        let matches = |pw: &[u8]| {
            let first = &pw[..pw.len().min(8)];
            let second = pw.get(8..pw.len().min(16)).unwrap_or(&[]);
            let mut ours = encode_des_block(des_crypt_raw(first, salt, 20));
            ours.push_str(&encode_des_block(des_crypt_raw(second, salt, 5)));
            ct_eq(ours.as_bytes(), digest)
        };
        // Ultrix's C code stops at a NUL; passlib, the producer still at hand, keys on every byte.
        let c_string = c_str(password);
        Ok(matches(c_string) || (c_string.len() != password.len() && matches(password)))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse("crypt16", cred.hash(), Some(2))?;
        Ok(vec![("salt", cred.hash()[..2].to_owned())])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        des_lossy(password, 16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &dyn Scheme, pw: &[u8], hash: &str) -> bool {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn des_known_answers() {
        // libxcrypt's known-answer table.
        assert!(check(&DesCrypt, b"", "CCHYKxYMMLQN2"));
        assert!(check(&DesCrypt, b"U*U", "CCHc6HsfCQ5t6"));
        assert!(check(&DesCrypt, b"U*U", "abCY/CHNnliwA"));
        assert!(!check(&DesCrypt, b"U*V", "abCY/CHNnliwA"));
        // John the Ripper's test vectors.
        assert!(check(&DesCrypt, b"U*U*U*U*", "CCNf8Sbh3HDfQ"));
        assert!(check(&DesCrypt, b"", "SDbsugeBiC58A"));
        // Only eight bytes count, and only seven bits of each.
        assert!(check(&DesCrypt, b"U*U*U*U*U", "CCNf8Sbh3HDfQ"));
        assert!(check(&DesCrypt, b"U*U*U*U\xaa", "CCNf8Sbh3HDfQ"));
        assert!(check(&DesCrypt, b"12345678-and-more", "fviXC8XzikCaM"));
        assert!(check(&DesCrypt, b"12345678", "fviXC8XzikCaM"));
        assert!(DesCrypt.truncates(b"123456789"));
        assert!(DesCrypt.truncates(b"caf\xc3\xa9"));
        assert!(DesCrypt.truncates(b"a\0b"));
        assert!(!DesCrypt.truncates(b"12345678"));
    }

    #[test]
    fn bigcrypt_known_answers() {
        // passlib's bigcrypt test vectors (gathered from the web).
        assert!(check(&BigCrypt, b"passphrase", "qiyh4XPJGsOZ2MEAyLkfWqeQ"));
        assert!(check(
            &BigCrypt,
            b"This is very long passwd",
            "f8.SVpL2fvwjkAnxn8/rgTkwvrif6bjYB5c"
        ));
        assert!(!check(&BigCrypt, b"passphrasE", "qiyh4XPJGsOZ2MEAyLkfWqeQ"));
        // A password of another length hashes to another number of blocks: a wrong answer.
        assert!(!check(
            &BigCrypt,
            b"passphrase!!",
            "qiyh4XPJGsOZ2MEAyLkfWqeQ"
        ));
        assert!(!check(&BigCrypt, b"passphr", "qiyh4XPJGsOZ2MEAyLkfWqeQ"));
        // The first block is des_crypt of the first eight bytes.
        assert!(check(&BigCrypt, b"passphra", "qiyh4XPJGsOZ2"));
        assert!(BigCrypt.truncates(&[b'a'; 129]));
        assert!(!BigCrypt.truncates(&[b'a'; 128]));
    }

    #[test]
    fn crypt16_known_answers() {
        // passlib's crypt16 test vectors (from Bugtraq, 1999).
        assert!(check(&Crypt16, b"passphrase", "qi8H8R7OM4xMUNMPuRAZxlY."));
        assert!(check(&Crypt16, b"printf", "aaCjFz4Sh8Eg2QSqAReePlq6"));
        assert!(check(
            &Crypt16,
            b"LOLOAQICI82QB4IP",
            "/.FcK3mad6JwYt8LVmDqz9Lc"
        ));
        assert!(check(&Crypt16, b"L", "/.CIu/PzYCkl6elhbtlysKy6"));
        assert!(!check(
            &Crypt16,
            b"LOLOAQICI82QB4IQ",
            "/.FcK3mad6JwYt8LVmDqz9Lc"
        ));
        // passlib keys on a NUL like any other byte.
        assert!(check(&Crypt16, b"abc\0def", "sC6KQkE8OldboZnwX8gVVUAE"));
        assert!(!check(&Crypt16, b"abc", "sC6KQkE8OldboZnwX8gVVUAE"));
        assert!(!check(&Crypt16, b"bc\0def", "sC6KQkE8OldboZnwX8gVVUAE"));
        assert!(Crypt16.truncates(b"LOLOAQICI82QB4IPx"));
        assert!(!Crypt16.truncates(b"LOLOAQICI82QB4IP"));
    }

    #[test]
    fn shapes() {
        assert_eq!(DesCrypt.identify("abCY/CHNnliwA"), Match::Shape);
        assert_eq!(BigCrypt.identify("abCY/CHNnliwA"), Match::No);
        assert_eq!(Crypt16.identify("abCY/CHNnliwA"), Match::No);
        // The last character of a block must carry two zero padding bits.
        assert_eq!(DesCrypt.identify("abCY/CHNnliwB"), Match::No);
        let both = "qi8H8R7OM4xMUNMPuRAZxlY.";
        assert_eq!(Crypt16.identify(both), Match::Shape);
        assert_eq!(BigCrypt.identify(both), Match::Shape);
        assert_eq!(DesCrypt.identify(both), Match::No);
        let three = "f8.SVpL2fvwjkAnxn8/rgTkwvrif6bjYB5c";
        assert_eq!(BigCrypt.identify(three), Match::Shape);
        assert_eq!(Crypt16.identify(three), Match::No);
    }

    #[test]
    fn rejects_malformed() {
        for (s, h) in [
            (&DesCrypt as &dyn Scheme, "abCY/CHNnliw"),
            (&DesCrypt, "abCY/CHNnliwAA"),
            (&DesCrypt, "a!CY/CHNnliwA"),
            (&DesCrypt, "abCY/CHNnliwB"),
            (&DesCrypt, ""),
            (&BigCrypt, "abCY/CHNnliwAx"),
            (&BigCrypt, "ab"),
            (&Crypt16, "abCY/CHNnliwA"),
            (&Crypt16, "qi8H8R7OM4xMUNMPuRAZxlY\u{e9}"),
        ] {
            let e = s
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{} {h}", s.id());
        }
    }
}
