//! passlib's `scram`: the SCRAM salted passwords of several digests in one string,
//! `$scram$<rounds>$<salt>$sha-1=<digest>,sha-256=<digest>,...`.
//!
//! passlib stores, for one salt and round count, the SCRAM `SaltedPassword`
//! (`PBKDF2-HMAC-<alg>(SASLprep(password), salt, rounds)`, the full digest size) of each listed
//! algorithm, so that a SCRAM server can answer any mechanism from it. Salt and digests are in
//! passlib's adapted base64. `sha-1` must be present (the SCRAM specification requires it);
//! algorithm names are IANA hash names (lower case, at most 9 characters), each listed once.
//!
//! Verification uses the strongest digest present (SHA-512, SHA-384, SHA-256, SHA-224, then
//! SHA-1); the others are length-checked but not computed. Digests of algorithms not listed
//! above are parsed and ignored.
//!
//! The password goes through SASLprep (RFC 4013) first, as passlib does: NFKC normalisation,
//! some characters mapped to a space or removed, control and unassigned (Unicode 3.2) characters
//! refused. A password SASLprep refuses (or that is not UTF-8) cannot have produced a stored
//! hash, so it verifies as `false`. Because of the normalisation, other spellings of a password
//! verify too: [`Scheme::truncates`] reports it.
//!
//! Weaknesses: PBKDF2 with passlib's defaults (100000 rounds); the SHA-1 digest alone is as good
//! as any for an attacker.

use std::borrow::Cow;

use super::fields::{self, B64};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::primitives::number::canonical_decimal;
use crate::primitives::pbkdf2::derive;
use crate::scheme::{Match, Scheme};

const ID: &str = "scram";
const PREFIX: &str = "$scram$";
const MAX_DIGESTS: usize = 16;

/// The algorithms whose digests are checked, strongest first.
const KNOWN: [(&str, Algorithm); 5] = [
    ("sha-512", Algorithm::Sha512),
    ("sha-384", Algorithm::Sha384),
    ("sha-256", Algorithm::Sha256),
    ("sha-224", Algorithm::Sha224),
    ("sha-1", Algorithm::Sha1),
];

/// SASLprep as passlib applies it; `None` when the password is not UTF-8 or SASLprep refuses it.
pub(crate) fn saslprep(password: &[u8]) -> Option<Cow<'_, [u8]>> {
    let text = std::str::from_utf8(password).ok()?;
    match stringprep::saslprep(text).ok()? {
        Cow::Borrowed(s) => Some(Cow::Borrowed(s.as_bytes())),
        Cow::Owned(s) => Some(Cow::Owned(s.into_bytes())),
    }
}

struct Parsed {
    rounds: u64,
    salt: Vec<u8>,
    /// The digest verification uses.
    alg: Algorithm,
    digest: Vec<u8>,
    algs: Vec<String>,
}

fn malformed(field: &'static str, reason: impl Into<Cow<'static, str>>) -> Error {
    Error::malformed(ID, field, reason)
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| malformed("prefix", "expected $scram$"))?;
    let mut parts = rest.split('$');
    let rounds = parts.next().unwrap_or_default();
    let salt = parts.next().ok_or_else(|| malformed("salt", "missing"))?;
    let list = parts.next().ok_or_else(|| malformed("digest", "missing"))?;
    if parts.next().is_some() {
        return Err(malformed("digest", "unexpected '$' after the digests"));
    }
    let rounds = canonical_decimal(ID, "rounds", rounds)?;
    limits.pbkdf2_iterations(ID, rounds)?;
    let salt = fields::salt(ID, salt, B64::Ab64, limits)?;

    let mut algs: Vec<String> = Vec::new();
    let mut best: Option<(usize, Algorithm, Vec<u8>)> = None;
    for pair in list.split(',') {
        if algs.len() == MAX_DIGESTS {
            return Err(malformed("digest", "too many digests"));
        }
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| malformed("digest", "expected <algorithm>=<digest> pairs"))?;
        let name_ok = !name.is_empty()
            && name.len() <= 9
            && name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !name_ok {
            return Err(malformed(
                "digest",
                "algorithm names are lower-case IANA names of at most 9 characters",
            ));
        }
        if algs.iter().any(|a| a == name) {
            return Err(malformed("digest", format!("{name} listed twice")));
        }
        let digest = fields::digest(ID, value, B64::Ab64, limits)?;
        if let Some(rank) = KNOWN.iter().position(|(n, _)| *n == name) {
            let alg = KNOWN[rank].1;
            if digest.len() != alg.output_len() {
                return Err(malformed(
                    "digest",
                    format!("{name} digest is not {} bytes", alg.output_len()),
                ));
            }
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                best = Some((rank, alg, digest));
            }
        }
        algs.push(name.to_owned());
    }
    if !algs.iter().any(|a| a == "sha-1") {
        return Err(malformed("digest", "sha-1 must be listed"));
    }
    let (_, alg, digest) = best.ok_or_else(|| malformed("digest", "no known algorithm"))?;
    Ok(Parsed {
        rounds,
        salt,
        alg,
        digest,
        algs,
    })
}

/// passlib's multi-digest SCRAM record.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Scram;

impl Scheme for Scram {
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
        let Some(prepared) = saslprep(password) else {
            return Ok(false);
        };
        let ours = derive(
            ID,
            p.alg,
            &prepared,
            &p.salt,
            p.rounds,
            p.digest.len(),
            limits,
        )?;
        if let Cow::Owned(mut owned) = prepared {
            zeroize::Zeroize::zeroize(&mut owned);
        }
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
            ("algs", p.algs.join(",")),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        matches!(saslprep(password), Some(Cow::Owned(ref p)) if p.as_slice() != password)
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

    const H: &str = "$scram$100$CCGEsFYK4Tzn3HvP$sha-1=hbfizmeSTXokEPBk4sGFvX9LW6g,sha-256=gIXt0WIyImWivkpWoq.vrQ1mMjJgGi66NRo6lAkWzhU,sha-512=wgGVi0an78zFRtx8/nCPv58KwHXBZoGhD/kGsLc9o9hpXNhQo804Z8kV1LkHorWKTyrcFRea.XPIB0NAwIjvYw";

    fn check(pw: &str, hash: &str) -> Result<bool> {
        Scram.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // libpass 1.9.4.
        assert!(check("Tr0ub4dor&3", H).unwrap());
        assert!(!check("Tr0ub4dor&4", H).unwrap());
        // Each digest alone verifies: keep only one pair at a time.
        let (head, list) = H.rsplit_once('$').unwrap();
        let sha1 = list.split(',').next().unwrap();
        for pair in list.split(',') {
            let single = if pair == sha1 {
                format!("{head}${pair}")
            } else {
                format!("{head}${sha1},{pair}")
            };
            assert!(check("Tr0ub4dor&3", &single).unwrap(), "{single}");
        }
        // RFC 5802's example: SaltedPassword of "pencil", salt QSXCR+Q6sek8bf92, 4096 rounds.
        let h = "$scram$4096$QSXCR.Q6sek8bf92$sha-1=HZbuOlKbWl.eR8AfIposuKbhX30";
        assert!(check("pencil", h).unwrap());
    }

    #[test]
    fn saslprep_applies() {
        // U+00AD (soft hyphen) is mapped to nothing, U+00A0 (no-break space) to a space.
        assert_eq!(
            saslprep("pass\u{ad}word".as_bytes()).unwrap().as_ref(),
            b"password"
        );
        assert_eq!(saslprep("a\u{a0}b".as_bytes()).unwrap().as_ref(), b"a b");
        assert!(saslprep(b"\n").is_none());
        assert!(saslprep(b"\xff").is_none());
        assert!(check("Tr0ub4\u{ad}dor&3", H).unwrap());
        assert!(Scram.truncates("Tr0ub4\u{ad}dor&3".as_bytes()));
        assert!(!Scram.truncates(b"Tr0ub4dor&3"));
        assert!(!check("\n", H).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let (head, list) = H.rsplit_once('$').unwrap();
        let no_sha1 = format!("{head}${}", list.split_once(',').unwrap().1);
        let dup = format!("{H},sha-1=hbfizmeSTXokEPBk4sGFvX9LW6g");
        let short = format!("{head}$sha-1=hbfizmeSTXokEPBk4sGFvX9LW6");
        let zero = H.replace("$100$", "$0100$");
        let upper = H.replace("sha-256", "SHA-256");
        let names_only = format!("{head}$sha-1,sha-256");
        for h in [
            no_sha1.as_str(),
            &dup,
            &short,
            &zero,
            &upper,
            &names_only,
            "$scram$100$CCGEsFYK4Tzn3HvP",
            "$scram$100$CCGEsFYK4Tzn3HvP$",
        ] {
            assert_eq!(
                check("x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        let huge = H.replace("$100$", "$4294967295$");
        assert_eq!(check("x", &huge).unwrap_err().kind(), ErrorKind::Limit);
    }
}
