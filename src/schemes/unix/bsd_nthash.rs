//! FreeBSD's NT-hash crypt (`$3$$` + 32 hex digits): the Windows NT hash, MD4 of the password in
//! UTF-16LE, behind a crypt(3) marker so that FreeBSD could share passwords with Samba.
//! Produced by FreeBSD `crypt(3)`, libxcrypt (`mkpasswd -m nt`) and passlib (`bsd_nthash`).
//!
//! The producers disagree on non-ASCII passwords: FreeBSD and libxcrypt widen each byte to 16
//! bits (they read the password as Latin-1, so UTF-8 input is widened byte by byte), passlib
//! encodes the decoded text as UTF-16LE. Both readings are tried for non-ASCII passwords (the
//! second only when the password is valid UTF-8); for ASCII they coincide. The widening reading
//! takes the password as a C string (a NUL ends it; `truncates` reports such passwords), while
//! passlib hashes every character, NUL included, so a password with a NUL is tried both ways.
//!
//! Weaknesses: unsalted, one MD4: the same digest as the Windows NT hash, crackable at hundreds
//! of billions of guesses a second. Always upgrade.

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::c_str;

const ID: &str = "bsd_nthash";
const PREFIX: &str = "$3$$";

fn parse(hash: &str) -> Result<[u8; 16]> {
    let digest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected $3$$"))?;
    hex::decode_array::<16>(digest)
        .ok_or_else(|| Error::malformed(ID, "digest", "expected 32 hex digits"))
}

/// MD4 over 16-bit little-endian code units.
fn md4_units(units: impl Iterator<Item = u16>) -> zeroize::Zeroizing<Vec<u8>> {
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    for u in units {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    zeroize::Zeroizing::new(Algorithm::Md4.digest(&[&bytes]).as_bytes().to_vec())
}

/// FreeBSD/libxcrypt NT hash crypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BsdNthash;

impl Scheme for BsdNthash {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$3$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$3$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = parse(cred.hash())?;
        let widened = md4_units(c_str(password).iter().map(|&b| u16::from(b)));
        let mut ok = ct_eq(&widened, &stored);
        let c_reading_differs = !password.is_ascii() || password.contains(&0);
        if let (true, Ok(text)) = (c_reading_differs, std::str::from_utf8(password)) {
            let utf16 = md4_units(text.encode_utf16());
            ok |= ct_eq(&utf16, &stored);
        }
        Ok(ok)
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        BsdNthash
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // libxcrypt's table and passlib's tests.
        assert!(check(b"", "$3$$31d6cfe0d16ae931b73c59d7e0c089c0"));
        assert!(check(b" ", "$3$$71c5391067de41fad6f3063162e5eeff"));
        assert!(check(b"passphrase", "$3$$7f8fe03093cc84b267b109625f6bbf4b"));
        assert!(check(b"passphrase", "$3$$7F8FE03093CC84B267B109625F6BBF4B"));
        assert!(!check(
            b"passphrasE",
            "$3$$7f8fe03093cc84b267b109625f6bbf4b"
        ));
        // passlib: UTF-8 "ü" hashed as the character U+00FC.
        assert!(check(b"\xc3\xbc", "$3$$8bd6e4fb88e01009818749c5443ea712"));
        // ... which is what the byte-widening producers make of Latin-1 "ü".
        assert!(check(b"\xfc", "$3$$8bd6e4fb88e01009818749c5443ea712"));
        // A NUL ends the password for libxcrypt (mkpasswd -m nt) ...
        assert!(check(b"abc\0def", "$3$$e0fba38268d0ec66ef1cb452d5885e53"));
        assert!(check(b"abc", "$3$$e0fba38268d0ec66ef1cb452d5885e53"));
        // ... while passlib hashes all of "abc\0def".
        assert!(check(b"abc\0def", "$3$$c6cc72417e5ed1be838b7cbfe921d8fe"));
        assert!(!check(b"abc", "$3$$c6cc72417e5ed1be838b7cbfe921d8fe"));
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "$3$$7f8fe03093cc84b267b109625f6bbfxb",
            "$3$$7f8fe03093cc84b267b109625f6bbf4",
            "$3$$7f8fe03093cc84b267b109625f6bbf4b0",
            "$3$7f8fe03093cc84b267b109625f6bbf4b",
            "$3$",
        ] {
            let e = BsdNthash
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }
}
