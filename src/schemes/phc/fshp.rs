//! FSHP, the "Fairly Secure Hashed Password" scheme of Berkdan Başkaya's `fshp` libraries
//! (Python, PHP, Ruby, ...), also read and written by passlib's `fshp`.
//!
//! Form: `{FSHP<variant>|<salt length>|<rounds>}` + base64(salt || digest), standard alphabet
//! with padding. Variants 0..3 select SHA-1, SHA-256, SHA-384, SHA-512; the digest is that
//! function's full size. The algorithm is PBKDF1 with password and salt swapped:
//! `H(salt || password)`, then `rounds - 1` further applications of `H` to the digest.
//!
//! The numbers are canonical decimals; rounds are bounded by [`Limits::crypt_rounds`] (an
//! iterated digest, like the crypt formats) and must be at least 1. The decoded blob must be
//! exactly salt length + digest size.
//!
//! Weaknesses: an iterated plain digest (no HMAC), at FSHP's default of 4096 rounds.

use super::fields::B64;
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::{Algorithm, Digest};
use crate::primitives::number::canonical_decimal;
use crate::scheme::{Match, Scheme};

const ID: &str = "fshp";
const PREFIX: &str = "{FSHP";

/// FSHP's digest: PBKDF1 over `H` with the salt first, `rounds >= 1`.
pub(crate) fn fshp_raw(alg: Algorithm, salt: &[u8], password: &[u8], rounds: u64) -> Digest {
    let mut d = alg.digest(&[salt, password]);
    for _ in 1..rounds {
        d = alg.digest(&[d.as_bytes()]);
    }
    d
}

fn algorithm(variant: u64) -> Option<Algorithm> {
    match variant {
        0 => Some(Algorithm::Sha1),
        1 => Some(Algorithm::Sha256),
        2 => Some(Algorithm::Sha384),
        3 => Some(Algorithm::Sha512),
        _ => None,
    }
}

struct Parsed {
    variant: u64,
    alg: Algorithm,
    rounds: u64,
    salt: Vec<u8>,
    digest: Vec<u8>,
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let malformed = |field, reason| Error::malformed(ID, field, reason);
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| malformed("prefix", "expected {FSHP"))?;
    let (header, data) = rest
        .split_once('}')
        .ok_or_else(|| malformed("params", "expected {FSHP<variant>|<salt length>|<rounds>}"))?;
    let mut numbers = header.split('|');
    let (Some(variant), Some(salt_len), Some(rounds), None) = (
        numbers.next(),
        numbers.next(),
        numbers.next(),
        numbers.next(),
    ) else {
        return Err(malformed(
            "params",
            "expected {FSHP<variant>|<salt length>|<rounds>}",
        ));
    };
    let variant = canonical_decimal(ID, "variant", variant)?;
    let alg = algorithm(variant).ok_or_else(|| malformed("variant", "expected 0, 1, 2 or 3"))?;
    let salt_len = canonical_decimal(ID, "salt length", salt_len)?;
    let rounds = canonical_decimal(ID, "rounds", rounds)?;
    if rounds == 0 {
        return Err(malformed("rounds", "must be at least 1"));
    }
    // The first round hashes salt and password, every further one the previous digest.
    let per_round = crate::cost::digest(alg, alg.output_len() as u64);
    limits.rounds(ID, rounds, per_round)?;
    let salt_len = usize::try_from(salt_len).unwrap_or(usize::MAX);
    limits.salt_len(ID, salt_len)?;
    let expected = salt_len.saturating_add(alg.output_len());
    if B64::max_decoded_len(data.trim_end_matches('=').len()) > expected {
        return Err(malformed("digest", "longer than salt and digest"));
    }
    let mut blob = B64::Padded.decode(ID, "digest", data)?;
    if blob.len() != expected {
        return Err(malformed(
            "digest",
            "decoded length is not salt length + digest size",
        ));
    }
    let digest = blob.split_off(salt_len);
    Ok(Parsed {
        variant,
        alg,
        rounds,
        salt: blob,
        digest,
    })
}

/// FSHP, all four variants.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fshp;

impl Scheme for Fshp {
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
        let ours = fshp_raw(p.alg, &p.salt, password, p.rounds);
        Ok(ct_eq(ours.as_bytes(), &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("variant", p.variant.to_string()),
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

    fn check(pw: &str, hash: &str) -> Result<bool> {
        Fshp.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // libpass 1.9.4.
        assert!(
            check(
                "",
                "{FSHP0|16|100}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK"
            )
            .unwrap()
        );
        let h = "{FSHP2|16|100}610LoVRqjVGKsXYOgfAeQ3ifv0VrAoDyvMFDolBPEfgDuNJqWQ/xo9VyiTA6Pez3+3OZH7oXJDFcDqEgw9NS+g==";
        assert!(check(" leading and trailing ", h).unwrap());
        assert!(!check(" leading and trailing \n", h).unwrap());
        // The FSHP reference implementation's vectors (as in passlib's tests): an empty salt
        // and one round is plain SHA-1.
        assert!(check("test", "{FSHP0|0|1}qUqP5cyxm6YcTAhz05Hph5gvu9M=").unwrap());
        let h = "{FSHP1|8|4096}MTIzNDU2NzjTdHcmoXwNc0ff9+ArUHoN0CvlbPZpxFi1C6RDM/MHSA==";
        assert!(check("test", h).unwrap());
        let h = "{FSHP1|8|4096}GVSUFDAjdh0vBosn1GUhzGLHP7BmkbCZVH/3TQqGIjADXpc+6NCg3g==";
        assert!(check("OrpheanBeholderScryDoubt", h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "{FSHP4|16|100}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|16|0}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|016|100}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|15|100}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|16|100}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eF",
            "{FSHP0|16}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|16|100|1}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
            "{FSHP0|16|100lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
        ] {
            assert_eq!(
                check("", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let e = check(
            "",
            "{FSHP0|16|99999999999}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let e = check(
            "",
            "{FSHP0|99999999999999|1}lFKKUUrpHUPImZNybk1JScW/wH8TfsWSzsMa84UAsi7H4eFK",
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
