//! Apache's `htdigest` password file entry: MD5 of `user:realm:password` in hex (passlib's
//! `htdigest`).
//!
//! A line of an htdigest file is `user:realm:hash`; the caller supplies the user name
//! ([`Credential::with_username`]) and the realm as `params.realm` (the file's reader splits the
//! line). Either is `missing_context` when absent. The user name and realm are taken as given,
//! `:` included, as passlib does. The hash is 32 hex digits of either case: a bare digest, so
//! identification without a hint is `ambiguous` at best.
//!
//! Weaknesses: one unsalted MD5 (the realm is a fixed per-site salt). Always upgraded.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

const ID: &str = "htdigest";

/// Apache htdigest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Htdigest;

impl Htdigest {
    /// The credential as a portable step: MD5 with `user:realm:` before the password.
    pub(crate) fn portable(cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
        let stored = DigestText::Hex
            .decode_exact(cred.hash(), 16)
            .ok_or_else(|| Error::malformed(ID, "digest", "expected 32 hex digits"))?;
        let user = cred.require_username(ID)?;
        let realm = cred.params().require(ID, "realm")?;
        Ok(Portable {
            step: Step::Digest {
                alg: Algorithm::Md5,
                around: Around::prefix(format!("{user}:{realm}:")),
                encoding: PasswordEncoding::Utf8,
            },
            digest: stored,
            scheme: ID,
        })
    }
}

impl Scheme for Htdigest {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if DigestText::Hex.fits(hash, 16) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = DigestText::Hex
            .decode_exact(cred.hash(), 16)
            .ok_or_else(|| Error::malformed(ID, "digest", "expected 32 hex digits"))?;
        let user = cred.require_username(ID)?;
        let realm = cred.params().require(ID, "realm")?;
        let ours =
            Algorithm::Md5.digest(&[user.as_bytes(), b":", realm.as_bytes(), b":", password]);
        Ok(ct_eq(ours.as_bytes(), &stored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answer() {
        // passlib htdigest.hash("p:a$s{w}rd", user="postgres", realm="Private Area").
        let cred = Credential::new("f5d32f027573343a8a390ab6f7d86dc1")
            .with_username("postgres")
            .with_param("realm", "Private Area");
        assert!(
            Htdigest
                .verify(b"p:a$s{w}rd", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !Htdigest
                .verify(b"p:a$s{w}re", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        let other = cred.clone().with_param("realm", "Public Area");
        assert!(
            !Htdigest
                .verify(b"p:a$s{w}rd", &other, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn needs_context() {
        let h = "f5d32f027573343a8a390ab6f7d86dc1";
        let no_user = Credential::new(h).with_param("realm", "Private Area");
        let e = Htdigest
            .verify(b"x", &no_user, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let no_realm = Credential::new(h).with_username("postgres");
        let e = Htdigest
            .verify(b"x", &no_realm, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        assert!(e.to_string().contains("params.realm"));
        let bad = Credential::new("f5d32f027573343a8a390ab6f7d86dc")
            .with_username("postgres")
            .with_param("realm", "Private Area");
        let e = Htdigest.verify(b"x", &bad, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
