//! `racf`: IBM z/OS RACF user passwords (the password field of a RACF database profile, as
//! `racf2john` or IRRDBU00 unloads extract it; hashcat 8500, John the Ripper's `racf`).
//!
//! RACF's legacy password algorithm (before KDFAES): the user id, upper-cased and padded with
//! blanks to 8 characters, in EBCDIC, is DES-encrypted with a key made from the password (also
//! padded to 8 with blanks, in EBCDIC, each byte XOR `0x55` and shifted left one bit). The
//! stored value is those 8 bytes, shown as 16 hex digits.
//!
//! Context: the user id as the user name (RACF ids are at most 8 characters). Passwords are 1
//! to 8 characters of EBCDIC text (IBM-037 here, which agrees with z/OS's IBM-1047 on every
//! character RACF allows); anything longer is a password phrase, another algorithm, and does
//! not match. Without `SETROPTS PASSWORD(MIXEDCASE)` RACF upper-cases the password it is
//! given, so a password that does not match as typed is tried upper-cased, as RACF itself would;
//! set `params.mixed_case` to `true` for an installation with mixed-case passwords.
//!
//! The value is 16 hex digits, a shape shared with MySQL 3.23 and Oracle 10g hashes: a hint
//! is needed. Weaknesses: one DES encryption with a key of at most 8 characters, upper case by
//! default. Always upgraded; its cost (two DES blocks) goes through the work budget.

use zeroize::Zeroizing;

use crate::cost;
use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{ct_eq, des};
use crate::scheme::{Match, Scheme};

const ID: &str = "racf";

/// IBM-037 for printable ASCII (0x20..=0x7e), from Python's `cp037` codec.
const EBCDIC: [u8; 95] = [
    0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d, 0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f,
    0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
    0xd7, 0xd8, 0xd9, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xba, 0xe0, 0xbb, 0xb0, 0x6d,
    0x79, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
    0x97, 0x98, 0x99, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xc0, 0x4f, 0xd0, 0xa1,
];

/// `text` in EBCDIC, padded with blanks to 8; `None` past 8 characters or outside printable
/// ASCII.
fn ebcdic8(text: &[u8]) -> Option<Zeroizing<[u8; 8]>> {
    if text.len() > 8 {
        return None;
    }
    let mut out = Zeroizing::new([0x40u8; 8]);
    for (o, &c) in out.iter_mut().zip(text) {
        *o = *EBCDIC.get(usize::from(c).checked_sub(0x20)?)?;
    }
    Some(out)
}

/// `racf`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Racf;

/// The stored block and the user id in EBCDIC.
fn parse(cred: &Credential, limits: &Limits) -> Result<([u8; 8], Zeroizing<[u8; 8]>)> {
    let stored = hex::decode_array::<8>(cred.hash())
        .ok_or_else(|| Error::malformed(ID, "digest", "expected 16 hex digits"))?;
    let user = cred.require_username(ID)?;
    let user = ebcdic8(user.to_ascii_uppercase().as_bytes()).ok_or_else(|| {
        Error::malformed(
            ID,
            "username",
            "a RACF user id is 1 to 8 printable characters",
        )
    })?;
    if user[0] == 0x40 {
        return Err(Error::malformed(ID, "username", "empty"));
    }
    limits.work(ID, cost::des(2))?;
    Ok((stored, user))
}

/// RACF's encryption of `user` under `password`, or `None` for a password RACF cannot hold.
fn racf_block(password: &[u8], user: &[u8; 8]) -> Option<[u8; 8]> {
    let mut key = ebcdic8(password)?;
    for k in key.iter_mut() {
        *k = (*k ^ 0x55) << 1;
    }
    Some(des::encrypt_block(&key, user))
}

impl Scheme for Racf {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 16) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (stored, user) = parse(cred, limits)?;
        let mixed = match cred.params().get("mixed_case") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(Error::malformed(
                    ID,
                    "params.mixed_case",
                    "expected true or false",
                ));
            }
        };
        if password.is_empty() {
            return Ok(false);
        }
        let as_given = racf_block(password, &user).is_some_and(|b| ct_eq(&b, &stored));
        let upper = Zeroizing::new(password.to_ascii_uppercase());
        let folded = !mixed
            && *upper != password
            && racf_block(&upper, &user).is_some_and(|b| ct_eq(&b, &stored));
        Ok(as_given | folded)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse(cred, limits)?;
        Ok(Vec::new())
    }

    fn truncates(&self, password: &[u8]) -> bool {
        // Matching upper-cased: the stored hash accepts every case of the password.
        password.iter().any(u8::is_ascii_lowercase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        let l = Limits::DEFAULT;
        for (user, h, pw) in [
            // hashcat mode 8500's self-test.
            ("8481", "6095E8FCA59F8E3E", "hashcat"),
            // John the Ripper's racf tests.
            ("A", "0F7DE80335E8ED68", "A"),
            ("OPEN3", "EC76FC0DEF5B0A83", "SYS1"),
            ("TESTTEST", "0FF48804F759193F", "TESTTEST"),
        ] {
            let c = Credential::new(h).with_username(user);
            assert!(Racf.verify(pw.as_bytes(), &c, &l).unwrap(), "{user}");
            assert!(!Racf.verify(b"WRONG", &c, &l).unwrap());
        }
        // Folded as RACF folds it, unless the installation has mixed-case passwords.
        let c = Credential::new("EC76FC0DEF5B0A83").with_username("open3");
        assert!(Racf.verify(b"sys1", &c, &l).unwrap());
        assert!(
            !Racf
                .verify(b"sys1", &c.clone().with_param("mixed_case", "true"), &l)
                .unwrap()
        );
        assert!(!Racf.verify(b"SYS1SYS1SYS1", &c, &l).unwrap());
        assert!(!Racf.verify("SYS1é".as_bytes(), &c, &l).unwrap());
        assert!(!Racf.verify(b"", &c, &l).unwrap());
    }

    #[test]
    fn context_and_shape() {
        let l = Limits::DEFAULT;
        for (c, kind) in [
            (
                Credential::new("EC76FC0DEF5B0A83"),
                ErrorKind::MissingContext,
            ),
            (
                Credential::new("EC76FC0DEF5B0A8").with_username("A"),
                ErrorKind::Malformed,
            ),
            (
                Credential::new("EC76FC0DEF5B0A83").with_username("TOOLONGID"),
                ErrorKind::Malformed,
            ),
            (
                Credential::new("EC76FC0DEF5B0A83").with_username(""),
                ErrorKind::Malformed,
            ),
            (
                Credential::new("EC76FC0DEF5B0A83")
                    .with_username("A")
                    .with_param("mixed_case", "yes"),
                ErrorKind::Malformed,
            ),
        ] {
            let e = Racf.verify(b"X", &c, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{c:?}");
        }
    }
}
