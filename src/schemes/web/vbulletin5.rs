//! vBulletin 5's `user.token`: bcrypt over the MD5 hex of the password.
//!
//! vBulletin 5 (scheme column `blowfish:NN`, `vB_Utility_Password_Algorithm_Blowfish`) stores
//! `crypt(md5(password), '$2y$NN$' . salt)`: the browser's login form sends the lower-case MD5
//! hex of the password and the server bcrypts those 32 characters. hashcat mode 25600
//! ("bcrypt(md5($pass))") computes the same.
//!
//! The stored string is byte for byte a bcrypt string, so the string alone cannot tell it from a
//! bcrypt of the password itself: identification answers `bcrypt` (which then never matches),
//! and this scheme is used only with its hint.
//!
//! Because bcrypt reads a fixed 32 characters here, nothing is truncated, however long the
//! password. Weaknesses: the bcrypt cost (vBulletin's default 10); an MD5 of the password is
//! the real secret, so a leak of the pre-hash (logs, the login form's traffic) is as good as the
//! password. Always upgraded.

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::Algorithm;
use crate::scheme::{Match, Scheme};

/// vBulletin 5's bcrypt of the password's MD5 hex, on the built-in bcrypt scheme.
pub(crate) struct Vbulletin5 {
    bcrypt: Arc<dyn Scheme>,
}

impl Vbulletin5 {
    const ID: &'static str = "vbulletin5";

    /// On `bcrypt`, the crypt family's bcrypt scheme (which bounds the cost).
    pub(crate) fn new(bcrypt: Arc<dyn Scheme>) -> Self {
        Vbulletin5 { bcrypt }
    }

    /// The 32 lower-case hex characters vBulletin's login form sends in place of the password.
    fn prehash(password: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Algorithm::Md5.digest(&[password]).to_hex().into_bytes())
    }

    /// The credential as the bcrypt scheme reads it: only the hint differs.
    fn inner(cred: &Credential) -> Credential {
        Credential::new(cred.hash())
    }
}

impl Scheme for Vbulletin5 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn identify(&self, _hash: &str) -> Match {
        // A bcrypt string: only the hint can select this scheme.
        Match::No
    }

    fn matches_without_prefix(&self) -> bool {
        false
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        self.bcrypt
            .verify(&Self::prehash(password), &Self::inner(cred), limits)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.bcrypt.inspect(&Self::inner(cred), limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn scheme() -> Vbulletin5 {
        Vbulletin5::new(crate::schemes::core("bcrypt").expect("bcrypt is built in"))
    }

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        // hashcat mode 25600's self-test.
        let c = Credential::new("$2a$05$/VT2Xs2dMd8GJKfrXhjYP.DkTjOVrY12yDN7/6I8ZV0q/1lEohLru");
        assert!(scheme().verify(b"hashcat", &c, &l).unwrap());
        assert!(!scheme().verify(b"hashcat1", &c, &l).unwrap());
        assert_eq!(scheme().identify(c.hash()), Match::No);
    }

    #[test]
    fn bcrypt_checks_apply() {
        let e = scheme()
            .verify(b"x", &Credential::new("$2y$10$short"), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let costly = "$2y$31$/VT2Xs2dMd8GJKfrXhjYP.DkTjOVrY12yDN7/6I8ZV0q/1lEohLru";
        let e = scheme()
            .verify(b"x", &Credential::new(costly), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
