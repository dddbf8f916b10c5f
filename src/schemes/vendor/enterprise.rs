//! Enterprise applications' own salted digests: `oracle_otm_sha256` (Oracle Transportation
//! Management) and `netwitness_sha256` (RSA Security Analytics / NetWitness Platform local
//! users).
//!
//! **Oracle OTM** writes `otm_sha256:<iterations>:<salt>:<base64>`: SHA-256 of salt and
//! password, then SHA-256 of the digest for the remaining iterations (1000 by default; hashcat
//! 20600). The salt is text between the colons. Recognised by its prefix.
//!
//! **NetWitness** keeps 64 upper-case hex digits and, in another field, a base64 salt:
//! `upper(hex(SHA-256(upper(hex(SHA-256(password))) || salt)))` (hashcat 20712). The salt is
//! given as the credential's salt (its bytes, base64-decoded); the digest has no marker, so a
//! hint is needed.
//!
//! Weaknesses: iterated SHA-256 (OTM) and two SHA-256 (NetWitness). Always upgraded; OTM's
//! iterations are bounded by [`Limits::max_crypt_rounds`] and the work budget.

use zeroize::Zeroizing;

use crate::cost;
use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number};
use crate::scheme::{Match, Scheme};

const OTM: &str = "oracle_otm_sha256";
const OTM_PREFIX: &str = "otm_sha256:";
const NETWITNESS: &str = "netwitness_sha256";

/// `oracle_otm_sha256`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct OracleOtm;

fn parse_otm<'a>(hash: &'a str, limits: &Limits) -> Result<(u64, &'a str, Vec<u8>)> {
    let rest = hash
        .strip_prefix(OTM_PREFIX)
        .ok_or_else(|| Error::malformed(OTM, "prefix", "expected otm_sha256:"))?;
    let mut parts = rest.split(':');
    let (Some(iterations), Some(salt), Some(digest), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::malformed(
            OTM,
            "fields",
            "expected <iterations>:<salt>:<base64>",
        ));
    };
    let iterations = number::decimal(OTM, "iterations", iterations)?;
    if iterations == 0 {
        return Err(Error::malformed(OTM, "iterations", "must be at least 1"));
    }
    limits.salt_len(OTM, salt.len())?;
    limits.rounds(OTM, iterations, cost::digest(Algorithm::Sha256, 32))?;
    let digest = b64::decode(&b64::STANDARD, digest)
        .filter(|d| d.len() == 32)
        .ok_or_else(|| Error::malformed(OTM, "digest", "expected base64 of 32 bytes"))?;
    Ok((iterations, salt, digest))
}

impl Scheme for OracleOtm {
    fn id(&self) -> &str {
        OTM
    }

    fn prefixes(&self) -> &[&'static str] {
        &[OTM_PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(OTM_PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (iterations, salt, digest) = parse_otm(cred.hash(), limits)?;
        let mut d = Algorithm::Sha256.digest(&[salt.as_bytes(), password]);
        for _ in 1..iterations {
            d = Algorithm::Sha256.digest(&[d.as_bytes()]);
        }
        Ok(ct_eq(d.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (iterations, salt, _) = parse_otm(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", iterations.to_string()),
            ("salt", salt.to_owned()),
        ])
    }
}

/// `netwitness_sha256`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NetWitness;

fn parse_netwitness(cred: &Credential) -> Result<([u8; 32], &[u8])> {
    let digest = hex::decode_array::<32>(cred.hash())
        .ok_or_else(|| Error::malformed(NETWITNESS, "digest", "expected 64 hex digits"))?;
    Ok((digest, cred.require_salt(NETWITNESS)?))
}

impl Scheme for NetWitness {
    fn id(&self) -> &str {
        NETWITNESS
    }

    fn identify(&self, hash: &str) -> Match {
        // Upper-case hex only, as NetWitness writes it.
        if hex::is_hex_len(hash, 64) && !hash.bytes().any(|c| c.is_ascii_lowercase()) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (digest, salt) = parse_netwitness(cred)?;
        let inner = Zeroizing::new(hex::encode_upper(
            Algorithm::Sha256.digest(&[password]).as_bytes(),
        ));
        let ours = Algorithm::Sha256.digest(&[inner.as_bytes(), salt]);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salt) = parse_netwitness(cred)?;
        Ok(vec![("salt_bytes", salt.len().to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hashcat_self_tests() {
        let l = Limits::DEFAULT;
        let h = "otm_sha256:1000:1234567890:S5Q9Kc0ETY6ZPyQU+JYY60oFjaJuZZaSinggmzU8PC4=";
        assert_eq!(OracleOtm.identify(h), Match::Exact);
        assert!(
            OracleOtm
                .verify(b"hashcat", &Credential::new(h), &l)
                .unwrap()
        );
        assert!(
            !OracleOtm
                .verify(b"hashca", &Credential::new(h), &l)
                .unwrap()
        );
        let c = Credential::new("6F48F44C46F5ADC534597687B086278F0AAF7D262ADDB3978562A7D55BBDF467")
            .with_salt(b"0003657608281".to_vec());
        assert_eq!(NetWitness.identify(c.hash()), Match::Shape);
        assert!(NetWitness.verify(b"hashcat", &c, &l).unwrap());
        assert!(!NetWitness.verify(b"Hashcat", &c, &l).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let l = Limits::DEFAULT;
        for (h, kind) in [
            (
                "otm_sha256:0:s:S5Q9Kc0ETY6ZPyQU+JYY60oFjaJuZZaSinggmzU8PC4=",
                ErrorKind::Malformed,
            ),
            (
                "otm_sha256:x:s:S5Q9Kc0ETY6ZPyQU+JYY60oFjaJuZZaSinggmzU8PC4=",
                ErrorKind::Malformed,
            ),
            ("otm_sha256:1000:s:S5Q9Kc0ETY6ZPyQU", ErrorKind::Malformed),
            (
                "otm_sha256:1000:s:t:S5Q9Kc0ETY6ZPyQU+JYY60oFjaJuZZaSinggmzU8PC4=",
                ErrorKind::Malformed,
            ),
            (
                "otm_sha256:99999999:s:S5Q9Kc0ETY6ZPyQU+JYY60oFjaJuZZaSinggmzU8PC4=",
                ErrorKind::Limit,
            ),
        ] {
            let e = OracleOtm.verify(b"x", &Credential::new(h), &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
        let e = NetWitness
            .verify(
                b"x",
                &Credential::new(
                    "6F48F44C46F5ADC534597687B086278F0AAF7D262ADDB3978562A7D55BBDF467",
                ),
                &l,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
    }
}
