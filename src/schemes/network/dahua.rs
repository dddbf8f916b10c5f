//! `dahua_md5`: local accounts of Dahua DVRs, NVRs and IP cameras (hashcat 24900, John the
//! Ripper's `dahua`).
//!
//! The device keeps 8 characters: MD5 of the password, each pair of digest bytes summed
//! modulo 62 and written as one character of `0-9A-Za-z`. Eight characters of that alphabet
//! look like any short token, so the scheme is used only with its hint. Weaknesses: unsalted,
//! about 47 bits of a single MD5: collisions are easy to find, so many passwords match the
//! same value. Always upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const ID: &str = "dahua_md5";
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `dahua_md5`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DahuaMd5;

fn parse(hash: &str) -> Result<&[u8]> {
    let b = hash.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_alphanumeric) {
        Ok(b)
    } else {
        Err(Error::malformed(
            ID,
            "value",
            "expected 8 characters of 0-9A-Za-z",
        ))
    }
}

/// The device's 8 characters for `password`.
fn dahua(password: &[u8]) -> [u8; 8] {
    let d = Algorithm::Md5.digest(&[password]);
    let mut out = [0u8; 8];
    for (o, pair) in out.iter_mut().zip(d.as_bytes().chunks_exact(2)) {
        *o = ALPHABET[(usize::from(pair[0]) + usize::from(pair[1])) % 62];
    }
    out
}

impl Scheme for DahuaMd5 {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, _hash: &str) -> Match {
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = parse(cred.hash())?;
        Ok(ct_eq(&dahua(password), stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse(cred.hash())?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        let l = Limits::DEFAULT;
        // hashcat's self-test, then John the Ripper's tests.
        for (h, pw) in [
            ("GRuHbyVp", "hashcat"),
            ("4WzwxXxM", "888888"),
            ("tlJwpbo6", ""),
        ] {
            assert!(
                DahuaMd5
                    .verify(pw.as_bytes(), &Credential::new(h), &l)
                    .unwrap()
            );
            assert!(!DahuaMd5.verify(b"admin", &Credential::new(h), &l).unwrap());
        }
        for bad in ["GRuHbyV", "GRuHbyVp1", "GRuHby+p"] {
            let e = DahuaMd5
                .verify(b"x", &Credential::new(bad), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }
}
