//! `sybase_ase`: SAP (Sybase) Adaptive Server Enterprise 15.0.2+ logins,
//! `master..syslogins.password`.
//!
//! The stored value is `0xc007` (the SHA-256 algorithm tag), 8 bytes of salt and the digest, in
//! hex: `0xc007` + 16 + 64 hex digits, as `select password from master..syslogins` prints it.
//! The digest is `SHA-256(UTF-16BE(password) zero-padded to 510 bytes || salt)` (hashcat 8000,
//! John the Ripper's `sybasease`). ASE passwords are at most 255 characters; one whose UTF-16
//! form does not fit the 510 bytes, or that is not UTF-8, cannot be stored and does not match.
//! Hex is read in either case (John's tests mix them).
//!
//! Weaknesses: one SHA-256 with an 8-byte salt. Always upgraded.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{hex, utf16};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const ID: &str = "sybase_ase";
/// The password field SHA-256 reads, in bytes.
const FIELD: usize = 510;

/// `sybase_ase`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SybaseAse;

/// Salt and digest of a `0xc007...` value.
fn parse(hash: &str) -> Result<([u8; 8], [u8; 32])> {
    let body = hash
        .get(..6)
        .filter(|tag| tag.eq_ignore_ascii_case("0xc007"))
        .and_then(|_| hash.get(6..))
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected 0xc007"))?;
    if body.len() != 16 + 64 {
        return Err(Error::malformed(
            ID,
            "length",
            "expected 16 hex digits of salt and 64 of digest",
        ));
    }
    let salt = hex::decode_array::<8>(&body[..16])
        .ok_or_else(|| Error::malformed(ID, "salt", "not hex"))?;
    let digest = hex::decode_array::<32>(&body[16..])
        .ok_or_else(|| Error::malformed(ID, "digest", "not hex"))?;
    Ok((salt, digest))
}

impl Scheme for SybaseAse {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["0xc007", "0xC007", "0Xc007", "0XC007"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(parse(hash).is_ok())
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = parse(cred.hash())?;
        let Some(text) = std::str::from_utf8(password).ok() else {
            return Ok(false);
        };
        let be = utf16::be(text);
        if be.len() > FIELD {
            return Ok(false);
        }
        let mut field = Zeroizing::new([0u8; FIELD]);
        field[..be.len()].copy_from_slice(&be);
        let ours = Algorithm::Sha256.digest(&[&field[..], &salt]);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = parse(cred.hash())?;
        Ok(vec![("salt", hex::encode(&salt))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        let l = Limits::DEFAULT;
        for (h, pw) in [
            // hashcat mode 8000's self-test.
            (
                "0xc0071808773188715731b69bd4e310b4129913aaf657356c5bdf3c46f249ed42477b5c74af6eaac4d15a",
                "hashcat",
            ),
            // John the Ripper's sybasease tests, one in mixed case.
            (
                "0xc0074BE393C06BE420AD541671aa5e6f1a19a4a73bb51c59f45790f0887cfb70e0599747c6844d4556b3",
                "a",
            ),
        ] {
            assert_eq!(SybaseAse.identify(h), Match::Exact);
            assert!(
                SybaseAse
                    .verify(pw.as_bytes(), &Credential::new(h), &l)
                    .unwrap()
            );
            assert!(!SybaseAse.verify(b"b", &Credential::new(h), &l).unwrap());
        }
        let long = "x".repeat(256);
        let h = "0xc0071808773188715731b69bd4e310b4129913aaf657356c5bdf3c46f249ed42477b5c74af6eaac4d15a";
        assert!(
            !SybaseAse
                .verify(long.as_bytes(), &Credential::new(h), &l)
                .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "0xc0071808773188715731b69bd4e310b4129913aaf657356c5bdf3c46f249ed42477b5c74af6eaac4d15",
            "0xc0071808773188715731b69bd4e310b4129913aaf657356c5bdf3c46f249ed42477b5c74af6eaac4d15g",
            "0x01001808773188715731b69bd4e310b4129913aaf657356c5bdf3c46f249ed42477b5c74af6eaac4d15a",
            "0xc007",
            "0xc00é",
        ] {
            let e = SybaseAse
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
            assert_eq!(SybaseAse.identify(h), Match::No);
        }
    }
}
