//! `authme_sha256`: AuthMe, the login plugin of Minecraft servers (its default `SHA256`
//! algorithm), `authme.password`: `$SHA$<salt>$<hex>` with
//! `hex = sha256(sha256(password) . salt)`, both digests lower-case hex text (AuthMe's
//! `Sha256.computeHash`; hashcat 20711). AuthMe writes a 16-character salt; any salt without
//! `$` is read. Weaknesses: two SHA-256 rounds. Always upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{fields, hex_digest, hex_exact};

const ID: &str = "authme_sha256";
const PREFIX: &str = "$SHA$";

/// `authme_sha256`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AuthMeSha256;

fn parse(hash: &str) -> Result<(&str, Vec<u8>)> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected $SHA$"))?;
    let [salt, digest] = fields::<2>(ID, rest)?;
    if salt.is_empty() {
        return Err(Error::malformed(ID, "salt", "empty"));
    }
    Ok((salt, hex_exact(ID, "digest", digest, 32)?))
}

impl Scheme for AuthMeSha256 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = parse(cred.hash())?;
        let inner = hex_digest(Algorithm::Sha256, &[password]);
        let ours = Algorithm::Sha256.digest(&[inner.as_bytes(), salt.as_bytes()]);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = parse(cred.hash())?;
        Ok(vec![("salt", salt.to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        let h = "$SHA$7218532375810603$bfede293ecf6539211a7305ea218b9f3f608953130405cda9eaba6fb6250f824";
        assert_eq!(AuthMeSha256.identify(h), Match::Exact);
        assert!(
            AuthMeSha256
                .verify(b"hashcat", &Credential::new(h), &l)
                .unwrap()
        );
        assert!(
            !AuthMeSha256
                .verify(b"hashcat1", &Credential::new(h), &l)
                .unwrap()
        );
        for bad in [
            "$SHA$$bfede293",
            "$SHA$7218532375810603$bfede293",
            "$SHA$a$b$c",
        ] {
            let e = AuthMeSha256
                .verify(b"x", &Credential::new(bad), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
    }
}
