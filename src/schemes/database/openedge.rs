//! `openedge_encode`: Progress OpenEdge's `ENCODE` function, which the database's `_User` table
//! applies to `_Password` (hashcat 26200).
//!
//! `ENCODE` folds the password into 16 bytes five times over with a CRC-16 (the ARC polynomial,
//! reflected `0xA001`), then writes each byte as a letter: the byte's low 7 bits when they are
//! an ASCII letter, else `a` plus its high nibble. The result is 16 letters, unsalted. It has no
//! marker and shares its shape with other 16-character hashes (Cisco PIX): a hint is needed.
//!
//! Weaknesses: not a cryptographic hash at all (a 16-byte CRC state, easily inverted or
//! collided), unsalted. Always upgraded. Its cost is linear in the password, a few CRC steps
//! per byte.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

const ID: &str = "openedge_encode";

/// The CRC-16/ARC table (reflected polynomial 0xA001).
#[allow(
    clippy::cast_possible_truncation,
    reason = "the index runs below 256, so it fits a u16"
)]
const CRC16: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xA001
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// `ENCODE(password)`.
fn encode(password: &[u8]) -> [u8; 16] {
    let mut scratch = [0u8; 16];
    let mut hash: u16 = 17;
    for _ in 0..5 {
        for (j, &c) in password.iter().enumerate() {
            scratch[15 - (j % 16)] ^= c;
        }
        for j in (0..16).step_by(2) {
            for k in (0..16).rev() {
                hash =
                    (hash >> 8) ^ CRC16[usize::from(hash & 0xff)] ^ CRC16[usize::from(scratch[k])];
            }
            let [lo, hi] = hash.to_le_bytes();
            scratch[j] = lo;
            scratch[j + 1] = hi;
        }
    }
    scratch.map(|b| {
        let low = b & 0x7f;
        if low.is_ascii_alphabetic() {
            low
        } else {
            (b >> 4) + b'a'
        }
    })
}

/// `openedge_encode`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct OpenEdgeEncode;

fn parse(hash: &str) -> Result<&[u8]> {
    let b = hash.as_bytes();
    if b.len() == 16 && b.iter().all(u8::is_ascii_alphabetic) {
        Ok(b)
    } else {
        Err(Error::malformed(ID, "value", "expected 16 letters"))
    }
}

impl Scheme for OpenEdgeEncode {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if parse(hash).is_ok() {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = parse(cred.hash())?;
        Ok(ct_eq(&encode(password), stored))
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
    fn crc_table_is_arc() {
        assert_eq!(&CRC16[..4], &[0, 49345, 49537, 320]);
        assert_eq!(CRC16[255], 16448);
    }

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        let c = Credential::new("lebVZteiEsdpkncc");
        assert_eq!(OpenEdgeEncode.identify(c.hash()), Match::Shape);
        assert!(OpenEdgeEncode.verify(b"hashcat", &c, &l).unwrap());
        assert!(!OpenEdgeEncode.verify(b"hashcaT", &c, &l).unwrap());
        for bad in ["lebVZteiEsdpknc", "lebVZteiEsdpknc1", "lebVZteiEsdpkncc0"] {
            let e = OpenEdgeEncode
                .verify(b"x", &Credential::new(bad), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }
}
