//! Django's `ScryptPasswordHasher` (Django 4.0+):
//! `scrypt$<N>$<salt>$<r>$<p>$<base64 of 64 bytes>`.
//!
//! Note the field order: the work factor N (not its log2) comes *before* the salt, then the block
//! size r and parallelism p. The salt is used as its UTF-8 text; the digest is
//! `hashlib.scrypt(password, salt, n=N, r=r, p=p, dklen=64)`, padded standard base64. Django
//! re-encodes and compares the whole string, so numbers must be canonical decimals and the digest
//! exactly 88 characters. N, r and p are bounded with [`Limits::scrypt`] before anything is
//! allocated (a stored `N = 2^40` asks for a petabyte). Django's defaults (N = 2^14, r = 8, p = 1)
//! are below current advice; always upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::number::canonical_decimal;
use crate::scheme::{Match, Scheme};

use super::common::{b64_exact, fields};
use crate::primitives::scrypt::{ScryptCost, derive as scrypt};

const ID: &str = "django_scrypt";
const MARKER: &str = "scrypt$";
const DIGEST_LEN: usize = 64;

/// `django_scrypt`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DjangoScrypt;

struct Parsed<'a> {
    n: u64,
    r: u64,
    p: u64,
    salt: &'a str,
    digest: Vec<u8>,
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let rest = hash
        .strip_prefix(MARKER)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected scrypt$"))?;
    let [n, salt, r, p, digest] = fields::<5>(ID, rest)?;
    let n = canonical_decimal(ID, "N", n)?;
    let r = canonical_decimal(ID, "r", r)?;
    let p = canonical_decimal(ID, "p", p)?;
    limits.scrypt(ID, n, r, p)?;
    if salt.is_empty() {
        return Err(Error::malformed(ID, "salt", "empty"));
    }
    let digest = b64_exact(ID, "digest", digest, DIGEST_LEN)?;
    Ok(Parsed {
        n,
        r,
        p,
        salt,
        digest,
    })
}

/// The credential as a portable step (the salt is the salt text's bytes).
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    let p = parse(cred.hash(), limits)?;
    Ok(crate::schemes::portable::Portable {
        step: crate::schemes::portable::Step::Scrypt {
            n: p.n,
            r: p.r,
            p: p.p,
            salt: p.salt.as_bytes().to_vec(),
            encoding: crate::schemes::portable::PasswordEncoding::Utf8,
        },
        digest: p.digest,
        scheme: ID,
    })
}

impl Scheme for DjangoScrypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        // Django's form has five fields after the marker; Werkzeug's bare `scrypt$salt$hex` two.
        Match::exact_if(
            hash.starts_with(MARKER) && hash.bytes().filter(|&c| c == b'$').count() == 5,
        )
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = scrypt(
            ID,
            password,
            p.salt.as_bytes(),
            ScryptCost::scrypt(p.n, p.r, p.p),
            DIGEST_LEN,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("N", p.n.to_string()),
            ("r", p.r.to_string()),
            ("p", p.p.to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answer() {
        // Made by Django 5.2's ScryptPasswordHasher (N=1024, r=8, p=1), password "password".
        let c = Credential::new(
            "scrypt$1024$bEn6XUdholvDziTsEd7N9M$8$1$GOzexIsuEgwmTZv2bZokzqJhPw+nQhY5yJ+anc7DwOiRbraRtIbgBTozP+rFjkIJXe2yPml52YlaQoq2wrnSuA==",
        );
        assert!(
            DjangoScrypt
                .verify(b"password", &c, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !DjangoScrypt
                .verify(b"qassword", &c, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn bounds_costs_before_work() {
        let d = "GOzexIsuEgwmTZv2bZokzqJhPw+nQhY5yJ+anc7DwOiRbraRtIbgBTozP+rFjkIJXe2yPml52YlaQoq2wrnSuA==";
        for (h, kind) in [
            (
                format!("scrypt$1099511627776$salt$8$1${d}"),
                ErrorKind::Limit,
            ),
            (
                format!("scrypt$1024$salt$8$100000000${d}"),
                ErrorKind::Limit,
            ),
            (format!("scrypt$1000$salt$8$1${d}"), ErrorKind::Malformed),
            (format!("scrypt$1024$salt$0$1${d}"), ErrorKind::Malformed),
            (
                "scrypt$c2FsdA$1099511627776$8$1$aGFzaA==".to_owned(),
                ErrorKind::Malformed,
            ),
            (
                format!("scrypt$1024$salt$8$1${}", &d[1..]),
                ErrorKind::Malformed,
            ),
            (format!("scrypt$1024$$8$1${d}"), ErrorKind::Malformed),
        ] {
            let e = DjangoScrypt
                .verify(b"password", &Credential::new(h.as_str()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
