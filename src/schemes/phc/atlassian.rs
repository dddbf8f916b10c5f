//! Atlassian's `{PKCS5S2}`: PBKDF2-HMAC-SHA1, 10000 rounds, written by Crowd, Jira and
//! Confluence (Atlassian's `DefaultPasswordEncoder`) and by passlib's `atlassian_pbkdf2_sha1`.
//!
//! Form: `{PKCS5S2}` + base64(16-byte salt || 32-byte derived key), standard alphabet, 64
//! characters. The round count is fixed by the format and not stored. The decoded blob must be
//! exactly 48 bytes: anything else is malformed (a short key would otherwise match as a PBKDF2
//! prefix).
//!
//! Weaknesses: PBKDF2-HMAC-SHA1 at a fixed 10000 rounds.

use super::fields::B64;
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::primitives::pbkdf2::derive;
use crate::scheme::{Match, Scheme};

const ID: &str = "atlassian_pbkdf2_sha1";
const PREFIX: &str = "{PKCS5S2}";
const ROUNDS: u64 = 10_000;
const SALT_LEN: usize = 16;
const KEY_LEN: usize = 32;

fn parse(hash: &str) -> Result<([u8; SALT_LEN], [u8; KEY_LEN])> {
    let body = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected {PKCS5S2}"))?;
    if body.len() != 64 {
        return Err(Error::malformed(
            ID,
            "digest",
            "expected 64 base64 characters (salt and key)",
        ));
    }
    let blob = B64::Padded.decode(ID, "digest", body)?;
    let (salt, key) = blob.split_at_checked(SALT_LEN).unwrap_or((&[], &[]));
    let salt: [u8; SALT_LEN] = salt
        .try_into()
        .map_err(|_| Error::malformed(ID, "salt", "expected 16 bytes"))?;
    let key: [u8; KEY_LEN] = key
        .try_into()
        .map_err(|_| Error::malformed(ID, "digest", "expected 32 bytes"))?;
    Ok((salt, key))
}

/// Atlassian's `{PKCS5S2}` PBKDF2-SHA1.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AtlassianPbkdf2Sha1;

impl Scheme for AtlassianPbkdf2Sha1 {
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
        let (salt, key) = parse(cred.hash())?;
        let ours = derive(
            ID,
            Algorithm::Sha1,
            password,
            &salt,
            ROUNDS,
            KEY_LEN,
            limits,
        )?;
        Ok(ct_eq(&ours, &key))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse(cred.hash())?;
        limits.pbkdf2_iterations(ID, ROUNDS)?;
        Ok(vec![("rounds", ROUNDS.to_string())])
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &str, hash: &str) -> Result<bool> {
        AtlassianPbkdf2Sha1.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answer() {
        // hashcat's example hash for mode 12001.
        let h = "{PKCS5S2}NTczNTY0NDY2NjQyNzU1Mx8gGiRGobaZYwumctGHbn2ZOHB8LkwzH+Z1gkWfy1zD";
        assert!(check("hashcat", h).unwrap());
        assert!(!check("hashcat1", h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "",
            "{PKCS5S2}NTczNTY0NDY2NjQyNz",
            "{PKCS5S2}NTczNTY0NDY2NjQyNzU1Mx8gGiRGobaZYwumctGHbn2ZOHB8LkwzH+",
            "{PKCS5S2}NTczNTY0NDY2NjQyNzU1Mx8gGiRGobaZYwumctGHbn2ZOHB8LkwzH+Z1gkWfy1z!",
            "{PKCS5S2}NTczNTY0NDY2NjQyNzU1Mx8gGiRGobaZYwumctGHbn2ZOHB8LkwzH+Z1gkWfy1zDAAAA",
        ] {
            assert_eq!(
                check("hashcat", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
    }
}
