//! `cisco_type4`: Cisco IOS / IOS-XE 15.x `enable secret 4` and `username … secret 4`.
//!
//! Type 4 was meant to replace type 5 (md5-crypt) with SHA-256 but shipped as one unsalted,
//! unstretched SHA-256 of the password, written as 43 characters of crypt's alphabet
//! (`./0-9A-Za-z`) in standard base64 bit order without padding; Cisco withdrew it (Security
//! Response cisco-sr-20130318-type4) for types 8 and 9. hashcat 5700.
//!
//! The configuration line reads `secret 4 <43 characters>`: give the 43 characters, with the
//! hint (they have no marker; when no other format fits the shape, identification takes it).
//! Weaknesses: unsalted single SHA-256, weaker than the md5-crypt it replaced. Always upgraded.

use crate::credential::Credential;
use crate::encoding::{b64, crypt64};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const ID: &str = "cisco_type4";

/// `cisco_type4`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CiscoType4;

fn parse(hash: &str) -> Result<Vec<u8>> {
    if hash.len() != 43 {
        return Err(Error::malformed(ID, "length", "expected 43 characters"));
    }
    b64::decode(&b64::CRYPT_BE, hash)
        .filter(|d| d.len() == 32)
        .ok_or_else(|| {
            Error::malformed(ID, "digest", "not 32 bytes in Cisco's base64 (./0-9A-Za-z)")
        })
}

impl Scheme for CiscoType4 {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if hash.len() == 43 && crypt64::is_crypt64(hash) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = parse(cred.hash())?;
        Ok(ct_eq(
            Algorithm::Sha256.digest(&[password]).as_bytes(),
            &stored,
        ))
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
    fn hashcat_self_test() {
        let h = "2btjjy78REtmYkkW0csHUbJZOstRXoWdX1mGrmmfeHI";
        let l = Limits::DEFAULT;
        assert_eq!(CiscoType4.identify(h), Match::Shape);
        assert!(
            CiscoType4
                .verify(b"hashcat", &Credential::new(h), &l)
                .unwrap()
        );
        assert!(
            !CiscoType4
                .verify(b"hashcat ", &Credential::new(h), &l)
                .unwrap()
        );
        for bad in [
            &h[1..],
            "2btjjy78REtmYkkW0csHUbJZOstRXoWdX1mGrmmfeH+",
            "2btjjy78REtmYkkW0csHUbJZOstRXoWdX1mGrmmfeHJ",
        ] {
            let e = CiscoType4
                .verify(b"x", &Credential::new(bad), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
    }
}
