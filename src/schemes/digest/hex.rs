//! Unsalted digests of the password: `hex_md4`, `hex_md5`, `hex_sha1`, `hex_sha256`,
//! `hex_sha512` (passlib's names).
//!
//! The column holds `H(password)` and nothing else: PHP `md5($pass)` applications, old CMS and
//! forum databases, `sha1()` columns, Dovecot/Courier values with their marker removed. Written
//! in hex of either case or in standard base64; the credential parameter `encoding` (`hex` or
//! `base64`) says which, and without it the length decides (hex is `2n` digits, base64 never
//! that long). `hex_md4` is MD4 of the password bytes as given, which is not the NT hash (MD4 of
//! UTF-16LE).
//!
//! The string is a bare digest: without a scheme hint identification is `ambiguous` (see the
//! family docs). Weaknesses: one unsalted fast digest, cracked at billions of guesses per second
//! and by precomputed tables. Always upgraded.

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

/// One unsalted digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HexDigest {
    id: &'static str,
    alg: Algorithm,
}

impl HexDigest {
    /// MD4 of the password.
    pub(crate) const MD4: HexDigest = HexDigest {
        id: "hex_md4",
        alg: Algorithm::Md4,
    };
    /// MD5 of the password.
    pub(crate) const MD5: HexDigest = HexDigest {
        id: "hex_md5",
        alg: Algorithm::Md5,
    };
    /// SHA-1 of the password.
    pub(crate) const SHA1: HexDigest = HexDigest {
        id: "hex_sha1",
        alg: Algorithm::Sha1,
    };
    /// SHA-256 of the password.
    pub(crate) const SHA256: HexDigest = HexDigest {
        id: "hex_sha256",
        alg: Algorithm::Sha256,
    };
    /// SHA-512 of the password.
    pub(crate) const SHA512: HexDigest = HexDigest {
        id: "hex_sha512",
        alg: Algorithm::Sha512,
    };
}

impl HexDigest {
    /// Every unsalted digest, in registration order.
    pub(crate) const ALL: [HexDigest; 5] = [
        HexDigest::MD5,
        HexDigest::MD4,
        HexDigest::SHA1,
        HexDigest::SHA256,
        HexDigest::SHA512,
    ];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step.
    pub(crate) fn portable(&self, cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
        let (_, stored) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        Ok(Portable {
            step: Step::Digest {
                alg: self.alg,
                around: Around::NONE,
                encoding: PasswordEncoding::Utf8,
            },
            digest: stored,
            scheme: self.id,
        })
    }
}

impl Scheme for HexDigest {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        super::digest_shape(hash, self.alg.output_len())
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (_, stored) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        Ok(ct_eq(self.alg.digest(&[password]).as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (text, _) = super::stored_digest(self.id, cred, self.alg.output_len())?;
        Ok(vec![("encoding", text.name().to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &HexDigest, pw: &[u8], cred: Credential) -> Result<bool> {
        s.verify(pw, &cred, &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        let md5 = "5f4dcc3b5aa765d61d8327deb882cf99";
        assert_eq!(HexDigest::MD5.identify(md5), Match::Shape);
        assert!(check(&HexDigest::MD5, b"password", Credential::new(md5)).unwrap());
        assert!(
            check(
                &HexDigest::MD5,
                b"password",
                Credential::new(md5.to_uppercase())
            )
            .unwrap()
        );
        assert!(!check(&HexDigest::MD5, b"Password", Credential::new(md5)).unwrap());
        // The same digest in base64, guessed and named.
        let b64 = "X03MO1qnZdYdgyfeuILPmQ==";
        assert_eq!(HexDigest::MD5.identify(b64), Match::Shape);
        assert!(check(&HexDigest::MD5, b"password", Credential::new(b64)).unwrap());
        let named = Credential::new(b64).with_param("encoding", "base64");
        assert!(check(&HexDigest::MD5, b"password", named).unwrap());
        // MD4 of the bytes (passlib hex_md4), not the NT hash.
        let md4 = "8a9d093f14f8701df17732b2bb182c74";
        assert!(check(&HexDigest::MD4, b"password", Credential::new(md4)).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for cred in [
            Credential::new("5f4dcc3b5aa765d61d8327deb882cf9"),
            Credential::new("5f4dcc3b5aa765d61d8327deb882cf9g"),
            Credential::new(""),
            Credential::new("5f4dcc3b5aa765d61d8327deb882cf99").with_param("encoding", "base64"),
            Credential::new("5f4dcc3b5aa765d61d8327deb882cf99").with_param("encoding", "b32"),
            Credential::new("X03MO1qnZdYdgyfeuILPmQ==").with_param("encoding", "hex"),
        ] {
            let e = check(&HexDigest::MD5, b"password", cred).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
        assert_eq!(
            HexDigest::SHA1.identify("5f4dcc3b5aa765d61d8327deb882cf99"),
            Match::No
        );
    }
}
