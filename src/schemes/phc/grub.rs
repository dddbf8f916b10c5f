//! GRUB 2's `password_pbkdf2`: `grub.pbkdf2.sha512.<rounds>.<SALTHEX>.<HASHHEX>`.
//!
//! Written by `grub-mkpasswd-pbkdf2` (10000 rounds, 64-byte salt, 64-byte hash, upper-case hex)
//! into `grub.cfg`; passlib's `grub_pbkdf2_sha512` reads and writes the same string. PBKDF2-HMAC-
//! SHA512 over the raw salt bytes. Hex of either case is accepted; the hash must be 64 bytes as
//! passlib requires (GRUB's `-l` option can write other lengths, which PBKDF2's prefix property
//! would let a truncated hash match: those are refused as malformed). Rounds are canonical
//! decimals bounded by [`Limits::pbkdf2_iterations`].
//!
//! Weaknesses: none beyond PBKDF2's; the default 10000 rounds are low by today's standards.

use super::fields;
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::primitives::number::canonical_decimal;
use crate::primitives::pbkdf2::derive;
use crate::scheme::{Match, Scheme};

const ID: &str = "grub_pbkdf2_sha512";
const PREFIX: &str = "grub.pbkdf2.sha512.";
const DIGEST_LEN: usize = 64;

struct Parsed {
    rounds: u64,
    salt: Vec<u8>,
    digest: Vec<u8>,
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected grub.pbkdf2.sha512."))?;
    let mut parts = rest.split('.');
    let rounds = parts.next().unwrap_or_default();
    let salt = parts
        .next()
        .ok_or_else(|| Error::malformed(ID, "salt", "missing"))?;
    let digest = parts
        .next()
        .ok_or_else(|| Error::malformed(ID, "digest", "missing"))?;
    if parts.next().is_some() {
        return Err(Error::malformed(
            ID,
            "digest",
            "unexpected '.' after the digest",
        ));
    }
    let rounds = canonical_decimal(ID, "rounds", rounds)?;
    limits.pbkdf2(ID, Algorithm::Sha512, rounds, DIGEST_LEN)?;
    let salt = fields::hex(ID, "salt", salt, limits.max_salt_bytes)?;
    let digest = fields::hex(ID, "digest", digest, limits.max_output_bytes)?;
    if digest.len() != DIGEST_LEN {
        return Err(Error::malformed(
            ID,
            "digest",
            "expected 64 bytes (128 hex digits)",
        ));
    }
    Ok(Parsed {
        rounds,
        salt,
        digest,
    })
}

/// GRUB 2's PBKDF2-SHA512 password string.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GrubPbkdf2Sha512;

impl Scheme for GrubPbkdf2Sha512 {
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
        let p = parse(cred.hash(), limits)?;
        let ours = derive(
            ID,
            Algorithm::Sha512,
            password,
            &p.salt,
            p.rounds,
            DIGEST_LEN,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
        ])
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

    const H: &str = "grub.pbkdf2.sha512.1000.1E4388D19A530A01C09873EE5D0B41A8756E0D21A4D41AA334A6F4FE9F3306E03CA714620C81B0560AC1B8772EA51422040080700E4148694D4989B136664C69.D2D6913C3930346C3B29F52DCA2EB2F7CF648571D3D4FAB157F46F1EA61DE9D958C3546A4F95E3E65C15A09A8F8B54320C10A0A309468682A5F9DDA81E5E0F58";

    fn check(pw: &str, hash: &str) -> Result<bool> {
        GrubPbkdf2Sha512.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answer() {
        // libpass 1.9.4.
        assert!(check("p:a$s{w}rd", H).unwrap());
        assert!(!check("p:a$s{w}rd\n", H).unwrap());
        assert!(
            check(
                "p:a$s{w}rd",
                &H.to_ascii_lowercase()
                    .replace("grub.pbkdf2.sha512.", PREFIX)
            )
            .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        let short = &H[..H.len() - 2];
        let zero = H.replace(".1000.", ".01000.");
        let extra = format!("{H}.00");
        for h in [
            short,
            zero.as_str(),
            extra.as_str(),
            "grub.pbkdf2.sha512.1000.ZZ.00",
            "grub.pbkdf2.sha512.1000",
        ] {
            assert_eq!(
                check("x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let huge = H.replace(".1000.", ".4294967295.");
        assert_eq!(check("x", &huge).unwrap_err().kind(), ErrorKind::Limit);
    }
}
