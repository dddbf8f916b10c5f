//! `entra_phs`: the value Azure AD Connect / Entra Connect password-hash synchronisation sends
//! to Entra ID (formerly Azure AD) for each user, and that Entra ID keeps:
//! `v1;PPH1_MD4,<salt: 20 hex>,<iterations>,<64 hex>;`.
//!
//! The NT hash (MD4 of the UTF-16LE password) is written as 32 upper-case hex digits, that
//! text is encoded as UTF-16LE, and PBKDF2-HMAC-SHA256 with the 10-byte salt and the stored
//! iteration count (100 in every value seen) derives the 32-byte result (hashcat 12800, John
//! the Ripper's `AzureAD`). Microsoft exports no such values; they come from a synchronisation
//! server's database or traffic. John's form ends with `;`, hashcat's drops it: both are read.
//!
//! Weaknesses: 100 iterations over an unsalted NT hash, so anyone holding the NT hash holds
//! the password's equivalent. Always upgraded; iterations and work are bounded by
//! [`Limits::pbkdf2`].

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{hex, utf16};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

const ID: &str = "entra_phs";
const PREFIX: &str = "v1;PPH1_MD4,";

/// `entra_phs`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EntraPhs;

fn parse(hash: &str, limits: &Limits) -> Result<([u8; 10], u64, [u8; 32])> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected v1;PPH1_MD4,"))?;
    let rest = rest.strip_suffix(';').unwrap_or(rest);
    let mut parts = rest.split(',');
    let (Some(salt), Some(iterations), Some(digest), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::malformed(
            ID,
            "fields",
            "expected <salt>,<iterations>,<hash>",
        ));
    };
    let salt = hex::decode_array::<10>(salt)
        .ok_or_else(|| Error::malformed(ID, "salt", "expected 20 hex digits"))?;
    let iterations = number::decimal(ID, "iterations", iterations)?;
    let digest = hex::decode_array::<32>(digest)
        .ok_or_else(|| Error::malformed(ID, "hash", "expected 64 hex digits"))?;
    limits.pbkdf2(ID, Algorithm::Sha256, iterations, 32)?;
    Ok((salt, iterations, digest))
}

impl Scheme for EntraPhs {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (salt, iterations, digest) = parse(cred.hash(), limits)?;
        let Some(pw) = utf16::password_le(password) else {
            return Ok(false);
        };
        let nt = Zeroizing::new(hex::encode_upper(Algorithm::Md4.digest(&[&pw]).as_bytes()));
        let key = utf16::le(&nt);
        let ours = pbkdf2::derive(ID, Algorithm::Sha256, &key, &salt, iterations, 32, limits)?;
        Ok(ct_eq(&ours, &digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, iterations, _) = parse(cred.hash(), limits)?;
        Ok(vec![
            ("salt", hex::encode(&salt)),
            ("iterations", iterations.to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hashcat_self_test_with_and_without_the_semicolon() {
        let l = Limits::DEFAULT;
        let h = "v1;PPH1_MD4,54188415275183448824,100,55b530f052a9af79a7ba9c466dddcb8b116f8babf6c3873a51a3898fb008e123";
        for h in [h.to_owned(), format!("{h};")] {
            assert_eq!(EntraPhs.identify(&h), Match::Exact);
            assert!(
                EntraPhs
                    .verify(b"hashcat", &Credential::new(h.as_str()), &l)
                    .unwrap()
            );
            assert!(
                !EntraPhs
                    .verify(b"hashcaT", &Credential::new(h.as_str()), &l)
                    .unwrap()
            );
        }
        assert!(!EntraPhs.verify(b"\xff", &Credential::new(h), &l).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let l = Limits::DEFAULT;
        for (h, kind) in [
            (
                "v1;PPH1_MD4,5418841527518344882,100,55b530f052a9af79a7ba9c466dddcb8b116f8babf6c3873a51a3898fb008e123",
                ErrorKind::Malformed,
            ),
            (
                "v1;PPH1_MD4,54188415275183448824,0,55b530f052a9af79a7ba9c466dddcb8b116f8babf6c3873a51a3898fb008e123",
                ErrorKind::Malformed,
            ),
            (
                "v1;PPH1_MD4,54188415275183448824,100,55b530f0",
                ErrorKind::Malformed,
            ),
            (
                "v1;PPH1_MD4,54188415275183448824,100,55b530f052a9af79a7ba9c466dddcb8b116f8babf6c3873a51a3898fb008e123;;",
                ErrorKind::Malformed,
            ),
            (
                "v1;PPH1_MD4,54188415275183448824,99999999,55b530f052a9af79a7ba9c466dddcb8b116f8babf6c3873a51a3898fb008e123",
                ErrorKind::Limit,
            ),
        ] {
            let e = EntraPhs.verify(b"x", &Credential::new(h), &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
