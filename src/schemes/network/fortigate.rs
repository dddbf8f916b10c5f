//! Fortinet FortiOS administrator and local-user passwords: the value after
//! `set password ENC` in a FortiGate configuration backup.
//!
//! | id | marker | FortiOS | value | hashcat / John |
//! |---|---|---|---|---|
//! | `fortigate` | `AK1` | up to 6.0 (and kept after) | base64(salt[12] ‖ SHA-1(salt ‖ password ‖ magic)), 44 characters | 7000 / `Fortigate` |
//! | `fortigate256` | `SH2` | 6.2 and later | base64(salt[12] ‖ SHA-256(salt ‖ password ‖ magic)), 60 characters | 26300 / `Fortigate256` |
//!
//! `magic` is a fixed 24-byte string compiled into FortiOS (as both crackers have it). The
//! PBKDF2-based `PB2` values of FortiOS 7.2.x and later are not read here.
//!
//! Weaknesses: one fast digest with a 12-byte salt; the magic is public. Always upgraded.

use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

/// FortiOS's fixed suffix.
const MAGIC: [u8; 24] = [
    0xa3, 0x88, 0xba, 0x2e, 0x42, 0x4c, 0xb0, 0x4a, 0x53, 0x79, 0x30, 0xc1, 0x31, 0x07, 0xcc, 0x3f,
    0xa1, 0x32, 0x90, 0x29, 0xa9, 0x81, 0x5b, 0x70,
];
const SALT_LEN: usize = 12;

/// One FortiOS password form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fortigate {
    id: &'static str,
    marker: &'static str,
    alg: Algorithm,
}

impl Fortigate {
    /// `AK1`: SHA-1.
    pub(crate) const SHA1: Fortigate = Fortigate {
        id: "fortigate",
        marker: "AK1",
        alg: Algorithm::Sha1,
    };
    /// `SH2`: SHA-256.
    pub(crate) const SHA256: Fortigate = Fortigate {
        id: "fortigate256",
        marker: "SH2",
        alg: Algorithm::Sha256,
    };

    /// Base64 length of the salt and digest.
    fn body_len(&self) -> usize {
        (SALT_LEN + self.alg.output_len()).div_ceil(3) * 4
    }

    /// The salt and the stored digest.
    fn parse(&self, hash: &str) -> Result<([u8; SALT_LEN], Vec<u8>)> {
        let body = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        if body.len() != self.body_len() {
            return Err(Error::malformed(
                self.id,
                "value",
                format!("expected {} base64 characters", self.body_len()),
            ));
        }
        let mut raw = b64::decode(&b64::STANDARD_PADDED, body)
            .ok_or_else(|| Error::malformed(self.id, "value", "not valid base64"))?;
        if raw.len() != SALT_LEN + self.alg.output_len() {
            return Err(Error::malformed(
                self.id,
                "value",
                "expected a 12-byte salt and the digest",
            ));
        }
        let digest = raw.split_off(SALT_LEN);
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&raw);
        Ok((salt, digest))
    }
}

impl Scheme for Fortigate {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(
            hash.strip_prefix(self.marker)
                .is_some_and(|b| b.len() == self.body_len()),
        )
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, stored) = self.parse(cred.hash())?;
        let ours = self.alg.digest(&[&salt, password, &MAGIC]);
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        Ok(vec![("salt", hex::encode(&salt))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &Fortigate, pw: &str, hash: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat 7000 and 26300 self-tests, John the Ripper's FGT and FG2 self-tests.
        for (s, pw, h) in [
            (
                &Fortigate::SHA1,
                "hashcat",
                "AK1FCIhM0IUIQVFJgcDFwLCMi7GppdwtRzMyDpFOFxdpH8=",
            ),
            (
                &Fortigate::SHA1,
                "fortigate",
                "AK1wTiFOMv7mZOTvQNmKQBAY98hZZjSRLxAY8vZp8NlDWU=",
            ),
            (
                &Fortigate::SHA256,
                "hashcat",
                "SH2lpcpFXM5QRlWYwY5vL9+5svfYyb+c79qENpxEoB3NtZpVxKwHjuq/9TH88U=",
            ),
            (
                &Fortigate::SHA256,
                "a",
                "SH2+n+OiTlautpJQF1NBcMU2H1otOvlAz9g5wzxwHw+4il3Aiixv9oPtKnRgCc=",
            ),
        ] {
            assert!(check(s, pw, h).unwrap(), "{h}");
            assert!(!check(s, "Fortigate", h).unwrap(), "{h}");
            assert_eq!(s.identify(h), Match::Exact);
        }
    }

    #[test]
    fn refuses_malformed() {
        for (s, h) in [
            (
                &Fortigate::SHA1,
                "AK1FCIhM0IUIQVFJgcDFwLCMi7GppdwtRzMyDpFOFxdpH8",
            ),
            (
                &Fortigate::SHA1,
                "AK1FCIhM0IUIQVFJgcDFwLCMi7GppdwtRzMyDpFOFxdpH!=",
            ),
            (
                &Fortigate::SHA1,
                "SH2FCIhM0IUIQVFJgcDFwLCMi7GppdwtRzMyDpFOFxdpH8=",
            ),
            (&Fortigate::SHA256, "SH2"),
        ] {
            assert_eq!(
                check(s, "x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
    }
}
