//! BSDi extended DES crypt (`_CCCCSSSShhhhhhhhhhh`), from BSD/OS, later FreeBSD, NetBSD and
//! OpenBSD; libxcrypt still verifies and produces it.
//!
//! Twenty characters: `_`, a 24-bit iteration count and a 24-bit salt (four crypt64 characters
//! each, first character lowest), then eleven characters of the DES result. Passwords of any
//! length count: each further 8-byte block is folded into the key by encrypting the key with
//! itself (salt zero) and XORing the next block in. Like traditional crypt, each byte loses its
//! high bit and the password is a C string (a NUL ends it); `truncates` reports both.
//!
//! A count of zero is refused (passlib and FreeBSD do; libxcrypt would silently run one). The
//! count is checked against [`Limits::max_crypt_rounds`] before any work. Even counts leak weak
//! DES keys (passlib's warning); every count is weak by today's standards: always upgrade.

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use crate::primitives::des::{self, Schedule};

use super::common::{c_str, canonical_des_block, des_password_key, encode_des_block};

const ID: &str = "bsdi_crypt";

/// The 64-bit BSDi crypt result of `password` (already cut at its first NUL), 24-bit `salt` and
/// `count` encryptions.
pub(crate) fn bsdi_crypt_raw(password: &[u8], salt: u32, count: u64) -> u64 {
    let mut chunks = password.chunks(8);
    let mut key = des_password_key(chunks.next().unwrap_or(&[]));
    for chunk in chunks {
        let folded = des::encrypt(&Schedule::new(&key), 0, u64::from_be_bytes(*key), 1);
        *key = (folded ^ u64::from_be_bytes(*des_password_key(chunk))).to_be_bytes();
    }
    des::encrypt(&Schedule::new(&key), des::salt_mask(salt), 0, count)
}

/// BSDi extended DES crypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BsdiCrypt;

struct Parsed<'a> {
    count: u64,
    salt: u32,
    digest: &'a [u8],
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let h = hash.as_bytes();
    if h.first() != Some(&b'_') {
        return Err(Error::malformed(ID, "prefix", "expected _"));
    }
    if h.len() != 20 {
        return Err(Error::malformed(ID, "length", "expected 20 characters"));
    }
    let field = |range: std::ops::Range<usize>, name| {
        hash.get(range)
            .and_then(crypt64::decode_int_le)
            .ok_or_else(|| Error::malformed(ID, name, "four characters of ./0-9A-Za-z"))
    };
    let count = field(1..5, "rounds")?;
    let salt = field(5..9, "salt")?;
    let digest = &h[9..];
    if !canonical_des_block(digest) {
        return Err(Error::malformed(
            ID,
            "digest",
            "11 characters of ./0-9A-Za-z, canonically encoded",
        ));
    }
    if count == 0 {
        return Err(Error::malformed(ID, "rounds", "must be at least 1"));
    }
    limits.rounds(ID, count, crate::cost::des(1))?;
    Ok(Parsed {
        count,
        salt: u32::try_from(salt).unwrap_or(0),
        digest,
    })
}

impl Scheme for BsdiCrypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["_"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with('_'))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = encode_des_block(bsdi_crypt_raw(c_str(password), p.salt, p.count));
        Ok(ct_eq(ours.as_bytes(), p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.count.to_string()),
            ("salt", cred.hash()[5..9].to_owned()),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.iter().any(|&b| b == 0 || b & 0x80 != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        BsdiCrypt
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // John the Ripper's vectors, as collected in passlib's tests.
        assert!(check(b"U*U*U*U*", "_J9..CCCCXBrJUJV154M"));
        assert!(check(b"*U*U*U*U*U*U*U*U*", "_J9..XXXXAj8cFbP5scI"));
        assert!(check(b"", "_J9..SDSD5YGyRCr4W4c"));
        // passlib: a count above 4095 (catches a 12-bit count bug), and an even count.
        assert!(check(b"my", "_KR/.crsmykRplHbAvwA"));
        assert!(check(b"test", "_Y/../cG0zkJa6LY6k4c"));
        // libxcrypt's table.
        assert!(check(b"U*U", "_/...abcd97DycduxF16"));
        assert!(!check(b"U*V", "_/...abcd97DycduxF16"));
        assert!(!check(b"*U*U*U*U*U*U*U*U", "_J9..XXXXAj8cFbP5scI"));
        assert!(BsdiCrypt.truncates(b"p\xe4ss"));
        assert!(!BsdiCrypt.truncates(b"a very long password indeed"));
    }

    #[test]
    fn rejects_malformed() {
        for (h, kind) in [
            ("_J9..CCCCXBrJUJV154", ErrorKind::Malformed),
            ("_J9..CCCCXBrJUJV154MM", ErrorKind::Malformed),
            ("_K1.!crsmZxOLzfJH8iw", ErrorKind::Malformed),
            ("_....CCCCXBrJUJV154M", ErrorKind::Malformed),
            ("_J9..CCCCXBrJUJV154N", ErrorKind::Malformed),
            ("J9..CCCCXBrJUJV154Mx", ErrorKind::Malformed),
            ("_zzzzCCCCXBrJUJV154M", ErrorKind::Limit),
        ] {
            let e = BsdiCrypt
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
