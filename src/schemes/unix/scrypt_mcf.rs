//! scrypt in crypt(3) form (`$7$`): Colin Percival's scrypt in the encoding of his and Solar
//! Designer's escrypt, produced by libxcrypt (`mkpasswd -m scrypt`) and libsodium
//! (`crypto_pwhash_scryptsalsa208sha256_str`).
//!
//! `$7$` + one character log2 N + five characters r + five characters p (fixed-width 30-bit
//! little-endian crypt64) + salt + `$` + 43-character hash (32 bytes, little-endian crypt64).
//! The salt is used *as written* (its characters, not their decoding).
//!
//! Every cost is bounded before anything is allocated (a hostile `$7$z...`, N = 2^63, must be
//! refused, not attempted): N, r and p are checked against [`Limits::max_memory_bytes`] and
//! [`Limits::max_work`] while parsing. The computation is classic scrypt through the family's
//! one entry point, [`crate::primitives::scrypt::derive`] (our engine, as libxcrypt computes
//! `$7$` with its yescrypt code; faster than the `scrypt` crate), which reserves the memory from
//! the budget and allocates it fallibly. The password is a C string (a NUL ends it;
//! `truncates` reports it).
//!
//! Weaknesses: none known beyond the parameters chosen; upgraded to the policy target.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::common::{c_str, check_le};
use crate::primitives::scrypt::{ScryptCost, derive};

const ID: &str = "scrypt_mcf";

/// A fixed-width 30-bit value: five characters, first character lowest.
fn fixed30(s: &[u8]) -> Option<u32> {
    s.iter().enumerate().try_fold(0u32, |v, (i, &c)| {
        Some(v | u32::from(crypt64::value(c)?) << (6 * i))
    })
}

struct Parsed<'a> {
    n_log2: u8,
    r: u32,
    p: u32,
    salt: &'a str,
    digest: &'a str,
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let rest = hash
        .strip_prefix("$7$")
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected $7$"))?;
    let head = rest.as_bytes();
    if head.len() < 11 || !head[..11].iter().all(|&c| crypt64::value(c).is_some()) {
        return Err(Error::malformed(
            ID,
            "params",
            "expected 11 characters of ./0-9A-Za-z (N, r, p)",
        ));
    }
    let n_log2 = crypt64::value(head[0])
        .filter(|n| (1..=63).contains(n))
        .ok_or_else(|| Error::malformed(ID, "N", "log2 N must be 1..=63"))?;
    let (Some(r), Some(p)) = (fixed30(&head[1..6]), fixed30(&head[6..11])) else {
        return Err(Error::malformed(ID, "params", "bad r or p"));
    };
    let (salt, digest) = rest[11..]
        .rsplit_once('$')
        .ok_or_else(|| Error::malformed(ID, "digest", "missing '$' after the salt"))?;
    if !crypt64::is_crypt64(salt) {
        return Err(Error::malformed(ID, "salt", "characters of ./0-9A-Za-z"));
    }
    limits.salt_len(ID, salt.len())?;
    check_le(ID, "digest", digest, 43)?;
    ScryptCost::scrypt(1u64 << n_log2, u64::from(r), u64::from(p)).check(ID, limits)?;
    Ok(Parsed {
        n_log2,
        r,
        p,
        salt,
        digest,
    })
}

/// scrypt `$7$`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ScryptMcf;

impl Scheme for ScryptMcf {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$7$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$7$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let cost = ScryptCost::scrypt(1 << p.n_log2, u64::from(p.r), u64::from(p.p));
        let out = derive(ID, c_str(password), p.salt.as_bytes(), cost, 32, limits)?;
        let ours = Zeroizing::new(crypt64::encode_le(&out));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("ln", p.n_log2.to_string()),
            ("r", p.r.to_string()),
            ("p", p.p.to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        ScryptMcf
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // libxcrypt's table (N = 2^6, r = 8, p = 1).
        assert!(check(
            b"",
            "$7$66..../....SodiumChloride$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9"
        ));
        assert!(check(
            b"",
            "$7$66..../....unUNunUNunUNun$5eHIcyF4C5bDzpiuGzYQQc1sIe60.UsmfjoNrxt5adA"
        ));
        assert!(!check(
            b" ",
            "$7$66..../....SodiumChloride$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9"
        ));
    }

    #[test]
    fn rejects_hostile_costs_before_allocating() {
        for (h, kind) in [
            ("$7$z./..../....$AAAA", ErrorKind::Malformed),
            (
                "$7$z./..../....salt$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Limit,
            ),
            (
                "$7$6zzzzz/....salt$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Limit,
            ),
            (
                "$7$66....zzzzzsalt$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Limit,
            ),
            (
                "$7$6.....0....salt$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Malformed,
            ),
            (
                "$7$.6..../....salt$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Malformed,
            ),
            ("$7$66..../....", ErrorKind::Malformed),
            ("$7$66..", ErrorKind::Malformed),
            (
                "$7$66..../....sa!t$SpJsFY2pIFcsdECgiLhE7VnInSJAT3kTfdlS6S6xFq9",
                ErrorKind::Malformed,
            ),
        ] {
            let e = ScryptMcf
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
