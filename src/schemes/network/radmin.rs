//! `radmin2`: the Radmin 2.x server password (Famatech), registry value
//! `HKLM\SYSTEM\RAdmin\v2.0\Server\Parameters\Parameter`.
//!
//! MD5 of the password zero-padded to 100 bytes (hashcat 9900, John the Ripper's `radmin`),
//! written as 32 hex digits. Passwords are at most 100 bytes; a longer one cannot be stored and
//! does not match, and trailing NUL bytes are indistinguishable from the padding. A bare 32-digit hex string: used with the hint (without one it is
//! `ambiguous`). Weaknesses: one unsalted MD5. Always upgraded.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const ID: &str = "radmin2";
const FIELD: usize = 100;

/// `radmin2`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Radmin2;

impl Scheme for Radmin2 {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 32) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = hex::decode_array::<16>(cred.hash())
            .ok_or_else(|| Error::malformed(ID, "digest", "expected 32 hex digits"))?;
        if password.len() > FIELD {
            return Ok(false);
        }
        let mut field = Zeroizing::new([0u8; FIELD]);
        field[..password.len()].copy_from_slice(password);
        Ok(ct_eq(
            Algorithm::Md5.digest(&[&field[..]]).as_bytes(),
            &stored,
        ))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        hex::decode_array::<16>(cred.hash())
            .ok_or_else(|| Error::malformed(ID, "digest", "expected 32 hex digits"))?;
        Ok(Vec::new())
    }

    fn truncates(&self, password: &[u8]) -> bool {
        // Trailing NULs disappear into the padding: "pw" and "pw\0" hash alike.
        password.last() == Some(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        let c = Credential::new("22527bee5c29ce95373c4e0f359f079b");
        assert!(Radmin2.verify(b"hashcat", &c, &l).unwrap());
        assert!(!Radmin2.verify(b"Hashcat", &c, &l).unwrap());
        assert!(!Radmin2.verify(&[b'x'; 101], &c, &l).unwrap());
        assert!(
            Radmin2
                .verify(
                    b"x",
                    &Credential::new("22527bee5c29ce95373c4e0f359f079"),
                    &l
                )
                .is_err()
        );
    }
}
