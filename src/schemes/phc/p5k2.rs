//! The two `$p5k2$` formats: PBKDF2-HMAC-SHA1 with rounds in hexadecimal.
//!
//! - `dlitz_pbkdf2_sha1`: Dwayne Litzenberger's `pbkdf2.py` `crypt()`,
//!   `$p5k2$<rounds hex>$<salt>$<digest>`. The salt is text in `./0-9A-Za-z`, and the PBKDF2
//!   salt input is the whole configuration string `$p5k2$<rounds>$<salt>`, with the rounds
//!   field left empty when it is 400 (the default: `$p5k2$$<salt>$...`). 24-byte digest in
//!   base64 with `./` for `+/`, no padding (32 characters). Rounds are lower-case hex without
//!   leading zeros, as `pbkdf2.py` requires.
//! - `cta_pbkdf2_sha1`: Cryptacular's `PBKDF2PasswordManager`, `$p5k2$<rounds hex>$<salt>$<digest>`
//!   with salt and a 20-byte digest in URL-safe base64 (`-_`) with `=` padding; the raw salt
//!   bytes are the PBKDF2 salt.
//!
//! passlib tells them apart by which parser accepts the string; here the digest field decides:
//! Cryptacular's always ends in `=` (20 bytes) and may use `-_`, Litzenberger's never does.
//!
//! Weaknesses: PBKDF2-HMAC-SHA1 with, by default, 400 (dlitz) or 1000 (passlib's cta) rounds.

use super::fields::{self, B64};
use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::primitives::number::hex_number;
use crate::primitives::pbkdf2::derive;
use crate::scheme::{Match, Scheme};

const PREFIX: &str = "$p5k2$";
const DLITZ: &str = "dlitz_pbkdf2_sha1";
const CTA: &str = "cta_pbkdf2_sha1";
const DLITZ_DEFAULT_ROUNDS: u64 = 400;
const DLITZ_DIGEST: usize = 24;
const CTA_DIGEST: usize = 20;

/// `(rounds, salt, digest)` fields after the marker.
fn split<'a>(scheme: &'static str, hash: &'a str) -> Result<(&'a str, &'a str, &'a str)> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(scheme, "prefix", "expected $p5k2$"))?;
    let mut parts = rest.split('$');
    let rounds = parts.next().unwrap_or_default();
    let salt = parts
        .next()
        .ok_or_else(|| Error::malformed(scheme, "salt", "missing"))?;
    let digest = parts
        .next()
        .ok_or_else(|| Error::malformed(scheme, "digest", "missing"))?;
    if parts.next().is_some() {
        return Err(Error::malformed(
            scheme,
            "digest",
            "unexpected '$' after the digest",
        ));
    }
    Ok((rounds, salt, digest))
}

/// Hex rounds without leading zeros; `lower_only` for Litzenberger's stricter parser.
fn rounds(scheme: &'static str, s: &str, lower_only: bool) -> Result<u64> {
    if s.len() > 1 && s.starts_with('0') {
        return Err(Error::malformed(scheme, "rounds", "leading zero"));
    }
    if lower_only && s.bytes().any(|c| c.is_ascii_uppercase()) {
        return Err(Error::malformed(
            scheme,
            "rounds",
            "expected lower-case hex",
        ));
    }
    hex_number(scheme, "rounds", s)
}

/// Whether the digest field of a `$p5k2$` string is Cryptacular's (padded URL-safe base64).
fn is_cta_digest(hash: &str) -> bool {
    let digest = hash.rsplit('$').next().unwrap_or_default();
    digest.ends_with('=') || digest.contains(['-', '_'])
}

/// Litzenberger's `$p5k2$`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DlitzPbkdf2Sha1;

struct Dlitz<'a> {
    rounds: u64,
    /// The PBKDF2 salt input: the configuration string.
    config: String,
    salt: &'a str,
    digest: Vec<u8>,
}

fn parse_dlitz<'a>(hash: &'a str, limits: &Limits) -> Result<Dlitz<'a>> {
    let (r, salt, digest) = split(DLITZ, hash)?;
    let rounds = if r.is_empty() {
        DLITZ_DEFAULT_ROUNDS
    } else {
        rounds(DLITZ, r, true)?
    };
    limits.pbkdf2_iterations(DLITZ, rounds)?;
    limits.salt_len(DLITZ, salt.len())?;
    if !crypt64::is_crypt64(salt) {
        return Err(Error::malformed(DLITZ, "salt", "expected ./0-9A-Za-z"));
    }
    if digest.len() != 32 || !fields::is_ab64(digest) {
        return Err(Error::malformed(
            DLITZ,
            "digest",
            "expected 32 characters of A-Za-z0-9./",
        ));
    }
    let digest = B64::Ab64.decode(DLITZ, "digest", digest)?;
    // pbkdf2.py writes 400 rounds as an empty field, and hashes the string it writes.
    let config = if rounds == DLITZ_DEFAULT_ROUNDS {
        format!("{PREFIX}${salt}")
    } else {
        format!("{PREFIX}{rounds:x}${salt}")
    };
    Ok(Dlitz {
        rounds,
        config,
        salt,
        digest,
    })
}

impl Scheme for DlitzPbkdf2Sha1 {
    fn id(&self) -> &str {
        DLITZ
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX) && !is_cta_digest(hash))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse_dlitz(cred.hash(), limits)?;
        let ours = derive(
            DLITZ,
            Algorithm::Sha1,
            password,
            p.config.as_bytes(),
            p.rounds,
            DLITZ_DIGEST,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse_dlitz(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }
}

/// Cryptacular's `$p5k2$`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CtaPbkdf2Sha1;

struct Cta {
    rounds: u64,
    salt: Vec<u8>,
    digest: Vec<u8>,
}

fn parse_cta(hash: &str, limits: &Limits) -> Result<Cta> {
    let (r, salt, digest) = split(CTA, hash)?;
    let rounds = rounds(CTA, r, false)?;
    limits.pbkdf2_iterations(CTA, rounds)?;
    let salt = fields::salt(CTA, salt, B64::UrlPadded, limits)?;
    let digest = fields::digest(CTA, digest, B64::UrlPadded, limits)?;
    if digest.len() != CTA_DIGEST {
        return Err(Error::malformed(CTA, "digest", "expected 20 bytes"));
    }
    Ok(Cta {
        rounds,
        salt,
        digest,
    })
}

impl Scheme for CtaPbkdf2Sha1 {
    fn id(&self) -> &str {
        CTA
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX) && is_cta_digest(hash))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse_cta(cred.hash(), limits)?;
        let ours = derive(
            CTA,
            Algorithm::Sha1,
            password,
            &p.salt,
            p.rounds,
            CTA_DIGEST,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse_cta(cred.hash(), limits)?;
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

    fn check(s: &dyn Scheme, pw: &str, hash: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn dlitz_known_answers() {
        // libpass 1.9.4.
        let h = "$p5k2$3e8$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e";
        assert!(check(&DlitzPbkdf2Sha1, "Tr0ub4dor&3", h).unwrap());
        assert!(!check(&DlitzPbkdf2Sha1, "Tr0ub4dor&3\n", h).unwrap());
        // pbkdf2.py's own self-test: crypt("cloadm", "exec") with the default 400 rounds.
        let h = "$p5k2$$exec$r1EWMCMk7Rlv3L/RNcFXviDefYa0hlql";
        assert!(check(&DlitzPbkdf2Sha1, "cloadm", h).unwrap());
        // pbkdf2.py's self-tests with explicit rounds (12 and 13).
        let h = "$p5k2$c$u9HvcT4d$Sd1gwSVCLZYAuqZ25piRnbBEoAesaa/g";
        assert!(check(&DlitzPbkdf2Sha1, "gnu", h).unwrap());
        let h = "$p5k2$d$tUsch7fU$nqDkaxMDOFBeJsTSfABsyn.PYUXilHwL";
        assert!(check(&DlitzPbkdf2Sha1, "dcl", h).unwrap());
        // 400 rounds written out: hashed as if the field were empty.
        let h = "$p5k2$190$exec$r1EWMCMk7Rlv3L/RNcFXviDefYa0hlql";
        assert!(check(&DlitzPbkdf2Sha1, "cloadm", h).unwrap());
    }

    #[test]
    fn cta_known_answers() {
        // libpass 1.9.4.
        let h = "$p5k2$3e8$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6kg=";
        assert!(check(&CtaPbkdf2Sha1, "password", h).unwrap());
        assert!(!check(&CtaPbkdf2Sha1, "assword", h).unwrap());
        assert_eq!(CtaPbkdf2Sha1.identify(h), Match::Exact);
        assert_eq!(DlitzPbkdf2Sha1.identify(h), Match::No);
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "$p5k2$03e8$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e",
            "$p5k2$3E8$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e",
            "$p5k2$0$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e",
            "$p5k2$3e8$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1",
            "$p5k2$3e8$Ia81!B5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e",
            "$p5k2$3e8$Ia81dB5gHZK3xZ3o",
        ] {
            assert_eq!(
                check(&DlitzPbkdf2Sha1, "x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        for h in [
            "$p5k2$$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6kg=",
            "$p5k2$3e8$kLK2FoKQshaC0Don5JyTEg$BdOX1DB2sXEIStcvBgg_5SxP6kg=",
            "$p5k2$3e8$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6k==",
            "$p5k2$3e8$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6kg=$",
        ] {
            assert_eq!(
                check(&CtaPbkdf2Sha1, "x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let e = check(
            &CtaPbkdf2Sha1,
            "x",
            "$p5k2$ffffffff$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6kg=",
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
