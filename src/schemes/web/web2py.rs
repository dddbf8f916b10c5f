//! `web2py_pbkdf2`: web2py's `CRYPT` validator (also pyDAL's, as py4web uses it), the
//! `auth_user.password` column: `pbkdf2(<iterations>,<bytes>,<digest>)$<salt>$<hex>`.
//!
//! pyDAL's `simple_hash` for a `pbkdf2(...)` algorithm is
//! `hashlib.pbkdf2_hmac(digest, password, salt, iterations, bytes)` in lower-case hex, the
//! salt taken as text (16 hex digits from a UUID by default); web2py's default algorithm is
//! `pbkdf2(1000,20,sha512)` (hashcat 21600). The digest is any of `md5`, `sha1`, `sha224`,
//! `sha256`, `sha384`, `sha512` (any case); the HMAC key `CRYPT` may be given is not used by
//! this branch. A salt cannot contain `$` (the value has exactly three fields).
//!
//! Weaknesses: 1000 PBKDF2 iterations by default. Always upgraded. Iterations, output length
//! and their work are bounded by [`Limits::pbkdf2`].

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::common::{fields, hex_exact};

const ID: &str = "web2py_pbkdf2";
const PREFIX: &str = "pbkdf2(";

/// `web2py_pbkdf2`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Web2pyPbkdf2;

struct Parsed<'a> {
    alg: Algorithm,
    iterations: u64,
    salt: &'a str,
    digest: Vec<u8>,
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let [spec, salt, digest] = fields::<3>(ID, hash)?;
    let inner = spec
        .strip_prefix(PREFIX)
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| {
            Error::malformed(
                ID,
                "algorithm",
                "expected pbkdf2(<iterations>,<bytes>,<digest>)",
            )
        })?;
    let mut parts = inner.split(',');
    let (Some(iterations), Some(len), Some(alg), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::malformed(
            ID,
            "algorithm",
            "expected three parameters",
        ));
    };
    let iterations = number::decimal(ID, "iterations", iterations)?;
    let len = number::decimal(ID, "bytes", len)?;
    let alg = match Algorithm::from_name(alg) {
        Some(
            a @ (Algorithm::Md5
            | Algorithm::Sha1
            | Algorithm::Sha224
            | Algorithm::Sha256
            | Algorithm::Sha384
            | Algorithm::Sha512),
        ) => a,
        _ => {
            return Err(Error::malformed(
                ID,
                "digest",
                "expected md5, sha1, sha224, sha256, sha384 or sha512",
            ));
        }
    };
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    limits.output_len(ID, len)?;
    limits.pbkdf2(ID, alg, iterations, len)?;
    let digest = hex_exact(ID, "hash", digest, len)?;
    Ok(Parsed {
        alg,
        iterations,
        salt,
        digest,
    })
}

impl Scheme for Web2pyPbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX) && hash.matches('$').count() == 2)
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            ID,
            p.alg,
            password,
            p.salt.as_bytes(),
            p.iterations,
            p.digest.len(),
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("bytes", p.digest.len().to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        let h = "pbkdf2(1000,20,sha512)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba14c";
        assert_eq!(Web2pyPbkdf2.identify(h), Match::Exact);
        assert!(
            Web2pyPbkdf2
                .verify(b"hashcat", &Credential::new(h), &l)
                .unwrap()
        );
        assert!(
            !Web2pyPbkdf2
                .verify(b"hashcat!", &Credential::new(h), &l)
                .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        let l = Limits::DEFAULT;
        for (h, kind) in [
            (
                "pbkdf2(1000,20,sha512)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba1",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2(1000,20,whirlpool)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba14c",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2(1000,20)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba14c",
                ErrorKind::Malformed,
            ),
            (
                "pbkdf2(0,20,sha1)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba14c",
                ErrorKind::Malformed,
            ),
            ("pbkdf2(1000,0,sha1)$744943$", ErrorKind::Malformed),
            ("pbkdf2(1000,20,sha1)$7$4$c5f8", ErrorKind::Malformed),
            (
                "pbkdf2(99999999,20,sha1)$744943$c5f8cdef76e3327c908d8d96d4abdb3d8caba14c",
                ErrorKind::Limit,
            ),
            ("pbkdf2(1000,5000,sha1)$744943$00", ErrorKind::Limit),
        ] {
            let e = Web2pyPbkdf2
                .verify(b"x", &Credential::new(h), &l)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
