//! Nested MD5/SHA-1 recipes of PHP forum and shop software, as hashcat documents them.
//!
//! Each stores a bare hex digest; all but Joomla and osCommerce keep the salt (or user name) in
//! another column, so the string alone says nothing and these are used only with a scheme hint,
//! the salt in [`Credential::salt`] and, for SMF, the user name in [`Credential::username`].
//! Inner digests are PHP's `md5()` / `sha1()`: lower-case hex text.
//!
//! | id | recipe | where the salt is |
//! |---|---|---|
//! | `joomla` | `md5(pw . salt)` | inline: `<hex>:<salt>` (Joomla < 2.5.18, Mambo) |
//! | `oscommerce` | `md5(salt . pw)` | inline: `<hex>:<salt>`, 2 characters (osCommerce 2.x, xt:Commerce 3, Magento 1) |
//! | `vbulletin` | `md5(md5(pw) . salt)` | `user.salt` (3 characters before vBulletin 3.8.5, 30 after) |
//! | `mybb` | `md5(md5(salt) . md5(pw))` | `users.salt` (MyBB 1.2+, IPB 2+) |
//! | `redmine` | `sha1(salt . sha1(pw))` | `users.salt` |
//! | `punbb` | `sha1(salt . sha1(pw))` | `users.salt` (PunBB 1.3+, FluxBB) |
//! | `opencart` | `sha1(salt . sha1(salt . sha1(pw)))` | `customer.salt` / `user.salt` |
//! | `wbb3` | `sha1(salt . sha1(salt . sha1(pw)))` | `wcf1_user.salt` (Woltlab Burning Board 3) |
//! | `prestashop` | `md5(_COOKIE_KEY_ . pw)` | the shop's `_COOKIE_KEY_` (settings.inc.php), passed as the salt |
//! | `smf` | `sha1(strtolower(username) . pw)` | the member name (SMF 1.1–2.0) |
//!
//! Joomla and osCommerce share the inline `<32 hex>:<salt>` form and differ in the order of the
//! salt, so the salt's length tells them apart. osCommerce's `tep_encrypt_password` (2.2, and the
//! hashes 2.3 still accepts), xt:Commerce 3 (its fork) and Magento 1's `Mage_Core_Model_Encryption`
//! for customers and admin users write 2 random characters; Joomla 1.0 writes 16 and Joomla 1.5 to
//! 2.5.17 32 (`JUserHelper::genRandomPassword(32)`). So a 2-character salt is `oscommerce`, any
//! other `joomla`; a store whose application wrote a longer salt the osCommerce way (some Magento
//! 1 extensions) names the scheme with a hint.
//!
//! SMF lower-cases the name with PHP's `strtolower`, which changes ASCII letters only; so do we.
//! SMF 2.0 also un-escapes HTML entities in the submitted password before hashing: pass the
//! password as the user typed it. All are one or a few rounds of MD5/SHA-1: weak, always
//! upgraded.

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, Digest, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{hex_digest, hex_exact};

#[derive(Clone, Copy, Debug)]
enum Recipe {
    /// `md5(pw . salt)`, salt inline.
    Joomla,
    /// `md5(salt . pw)`, salt inline.
    OsCommerce,
    /// `md5(md5(pw) . salt)`.
    VBulletin,
    /// `md5(md5(salt) . md5(pw))`.
    MyBb,
    /// `sha1(salt . sha1(pw))`.
    SaltSha1Sha1,
    /// `sha1(salt . sha1(salt . sha1(pw)))`.
    SaltSha1Twice,
    /// `md5(key . pw)`.
    KeyMd5,
    /// `sha1(lower(username) . pw)`.
    UserSha1,
}

impl Recipe {
    const fn alg(self) -> Algorithm {
        match self {
            Recipe::Joomla
            | Recipe::OsCommerce
            | Recipe::VBulletin
            | Recipe::MyBb
            | Recipe::KeyMd5 => Algorithm::Md5,
            Recipe::SaltSha1Sha1 | Recipe::SaltSha1Twice | Recipe::UserSha1 => Algorithm::Sha1,
        }
    }

    /// The digest for `password` with `context` (salt, key or user name).
    fn compute(self, password: &[u8], context: &[u8]) -> Digest {
        use Algorithm::{Md5, Sha1};
        match self {
            Recipe::Joomla => Md5.digest(&[password, context]),
            Recipe::VBulletin => Md5.digest(&[hex_digest(Md5, &[password]).as_bytes(), context]),
            Recipe::MyBb => Md5.digest(&[
                hex_digest(Md5, &[context]).as_bytes(),
                hex_digest(Md5, &[password]).as_bytes(),
            ]),
            Recipe::SaltSha1Sha1 => {
                Sha1.digest(&[context, hex_digest(Sha1, &[password]).as_bytes()])
            }
            Recipe::SaltSha1Twice => {
                let inner = hex_digest(Sha1, &[context, hex_digest(Sha1, &[password]).as_bytes()]);
                Sha1.digest(&[context, inner.as_bytes()])
            }
            Recipe::KeyMd5 | Recipe::OsCommerce => Md5.digest(&[context, password]),
            Recipe::UserSha1 => Sha1.digest(&[context, password]),
        }
    }
}

/// One PHP application's stored-password recipe.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PhpApp {
    id: &'static str,
    recipe: Recipe,
}

impl PhpApp {
    /// Joomla before 2.5.18: `md5hex:salt`.
    pub(crate) const JOOMLA: PhpApp = PhpApp {
        id: "joomla",
        recipe: Recipe::Joomla,
    };
    /// osCommerce 2.x, xt:Commerce 3, Magento 1: `md5hex:salt`, the salt first in the digest.
    pub(crate) const OSCOMMERCE: PhpApp = PhpApp {
        id: "oscommerce",
        recipe: Recipe::OsCommerce,
    };
    /// vBulletin 3.x–4.x.
    pub(crate) const VBULLETIN: PhpApp = PhpApp {
        id: "vbulletin",
        recipe: Recipe::VBulletin,
    };
    /// MyBB 1.2+ and Invision Power Board 2+.
    pub(crate) const MYBB: PhpApp = PhpApp {
        id: "mybb",
        recipe: Recipe::MyBb,
    };
    /// Redmine.
    pub(crate) const REDMINE: PhpApp = PhpApp {
        id: "redmine",
        recipe: Recipe::SaltSha1Sha1,
    };
    /// PunBB 1.3+.
    pub(crate) const PUNBB: PhpApp = PhpApp {
        id: "punbb",
        recipe: Recipe::SaltSha1Sha1,
    };
    /// OpenCart.
    pub(crate) const OPENCART: PhpApp = PhpApp {
        id: "opencart",
        recipe: Recipe::SaltSha1Twice,
    };
    /// Woltlab Burning Board 3.
    pub(crate) const WBB3: PhpApp = PhpApp {
        id: "wbb3",
        recipe: Recipe::SaltSha1Twice,
    };
    /// PrestaShop 1.6 and earlier.
    pub(crate) const PRESTASHOP: PhpApp = PhpApp {
        id: "prestashop",
        recipe: Recipe::KeyMd5,
    };
    /// Simple Machines Forum 1.1–2.0.
    pub(crate) const SMF: PhpApp = PhpApp {
        id: "smf",
        recipe: Recipe::UserSha1,
    };

    /// The salt length osCommerce, xt:Commerce and Magento 1 write.
    const OSCOMMERCE_SALT: usize = 2;

    /// The inline `<32 hex>:<salt>` split, by shape only.
    fn inline_split(hash: &str) -> Option<(&str, &str)> {
        let (digest, salt) = hash.split_once(':')?;
        let salt_ok = !salt.is_empty()
            && salt.len() <= 64
            && salt.bytes().all(|c| c.is_ascii_graphic() && c != b':');
        (digest.len() == 32 && digest.bytes().all(|c| c.is_ascii_hexdigit()) && salt_ok)
            .then_some((digest, salt))
    }

    /// The stored digest and the context bytes the recipe mixes in.
    fn parse<'a>(&self, cred: &'a Credential) -> Result<(Vec<u8>, std::borrow::Cow<'a, [u8]>)> {
        let len = self.recipe.alg().output_len();
        match self.recipe {
            Recipe::Joomla | Recipe::OsCommerce => {
                let (digest, salt) = cred.hash().split_once(':').ok_or_else(|| {
                    Error::malformed(self.id, "salt", "expected <md5 hex>:<salt>")
                })?;
                if salt.is_empty() || salt.contains(':') {
                    return Err(Error::malformed(self.id, "salt", "empty or contains ':'"));
                }
                let digest = hex_exact(self.id, "digest", digest, len)?;
                Ok((digest, salt.as_bytes().into()))
            }
            Recipe::UserSha1 => {
                let digest = hex_exact(self.id, "digest", cred.hash(), len)?;
                let user = cred.require_username(self.id)?;
                Ok((digest, user.to_ascii_lowercase().into_bytes().into()))
            }
            _ => {
                let digest = hex_exact(self.id, "digest", cred.hash(), len)?;
                Ok((digest, cred.require_salt(self.id)?.into()))
            }
        }
    }
}

impl Scheme for PhpApp {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        match self.recipe {
            Recipe::Joomla | Recipe::OsCommerce => match Self::inline_split(hash) {
                // A 2-character salt is osCommerce's, any other Joomla's (see the module docs).
                Some((_, salt))
                    if (salt.len() == Self::OSCOMMERCE_SALT)
                        == matches!(self.recipe, Recipe::OsCommerce) =>
                {
                    Match::Shape
                }
                _ => Match::No,
            },
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (digest, context) = self.parse(cred)?;
        let ours = self.recipe.compute(password, &context);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, context) = self.parse(cred)?;
        let what = match self.recipe {
            Recipe::UserSha1 => "username",
            Recipe::KeyMd5 => "key length",
            _ => "salt",
        };
        let shown = match self.recipe {
            Recipe::KeyMd5 => context.len().to_string(),
            _ => String::from_utf8_lossy(&context).into_owned(),
        };
        Ok(vec![(what, shown)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// hashcat's example hashes (password "hashcat") for each mode.
    #[test]
    fn hashcat_examples() {
        let l = Limits::DEFAULT;
        let salted = |h: &str, s: &str| Credential::new(h).with_salt(s.as_bytes().to_vec());
        for (scheme, cred) in [
            (
                PhpApp::JOOMLA,
                Credential::new(
                    "b78f863f2c67410c41e617f724e22f34:89384528665349271307465505333378",
                ),
            ),
            (
                PhpApp::VBULLETIN,
                salted("16780ba78d2d5f02f3202901c1b6d975", "568"),
            ),
            (
                PhpApp::MYBB,
                salted("022f7e02b3314f7d0968f73c00ba759f", "67588"),
            ),
            (
                PhpApp::REDMINE,
                salted(
                    "c18e826af2a78c7b9b7261452613233417e65817",
                    "28246535720688452723483475753333",
                ),
            ),
            (
                PhpApp::PUNBB,
                salted("9038129c474caa3f0de56f38db84033d0fe1d4b8", "365563602032"),
            ),
            (
                PhpApp::OPENCART,
                salted("058c1c3773340c8563421e2b17e60eb7c916787e", "827500576"),
            ),
            (
                PhpApp::WBB3,
                salted(
                    "7f8d1951fe48ae3266980c2979c141f60e4415e5",
                    "5037864764153886517871426607441768004150",
                ),
            ),
            (
                PhpApp::PRESTASHOP,
                salted(
                    "f22cade043e7214200206dbffca49fd9",
                    "27167508161455764247627144160038845437138252877014827848",
                ),
            ),
            (
                PhpApp::SMF,
                Credential::new("d27c0a627a45db487af161fcc3a4005d88eb8a1f")
                    .with_username("25551135"),
            ),
        ] {
            assert!(
                scheme.verify(b"hashcat", &cred, &l).unwrap(),
                "{}",
                scheme.id
            );
            assert!(
                !scheme.verify(b"hashcat1", &cred, &l).unwrap(),
                "{}",
                scheme.id
            );
        }
    }

    /// hashcat mode 21's self-test, `md5("00hashcat")`: osCommerce's, never Joomla's.
    #[test]
    fn oscommerce_and_joomla_split_by_salt_length() {
        let l = Limits::DEFAULT;
        let h = "e983672a03adcc9767b24584338eb378:00";
        assert_eq!(PhpApp::OSCOMMERCE.identify(h), Match::Shape);
        assert_eq!(PhpApp::JOOMLA.identify(h), Match::No);
        let c = Credential::new(h);
        assert!(PhpApp::OSCOMMERCE.verify(b"hashcat", &c, &l).unwrap());
        assert!(!PhpApp::OSCOMMERCE.verify(b"hashcat1", &c, &l).unwrap());
        assert!(!PhpApp::JOOMLA.verify(b"hashcat", &c, &l).unwrap());
        let joomla = "b78f863f2c67410c41e617f724e22f34:89384528665349271307465505333378";
        assert_eq!(PhpApp::OSCOMMERCE.identify(joomla), Match::No);
        assert_eq!(PhpApp::JOOMLA.identify(joomla), Match::Shape);
    }

    #[test]
    fn smf_lowercases_the_name() {
        let l = Limits::DEFAULT;
        let d = Algorithm::Sha1.digest(&[b"admin", b"pw"]).to_hex();
        let c = Credential::new(d).with_username("AdMiN");
        assert!(PhpApp::SMF.verify(b"pw", &c, &l).unwrap());
    }

    #[test]
    fn context_and_shape() {
        let l = Limits::DEFAULT;
        let e = PhpApp::VBULLETIN
            .verify(
                b"x",
                &Credential::new("16780ba78d2d5f02f3202901c1b6d975"),
                &l,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let e = PhpApp::SMF
            .verify(
                b"x",
                &Credential::new("d27c0a627a45db487af161fcc3a4005d88eb8a1f"),
                &l,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let e = PhpApp::MYBB
            .verify(
                b"x",
                &Credential::new("022f7e02b3314f7d0968f73c00ba75").with_salt(b"1".to_vec()),
                &l,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        for h in [
            "b78f863f2c67410c41e617f724e22f34:",
            "b78f863f2c67410c41e617f724e22f3:1",
            "nohash",
        ] {
            let e = PhpApp::JOOMLA
                .verify(b"x", &Credential::new(h), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
        assert_eq!(
            PhpApp::JOOMLA
                .identify("b78f863f2c67410c41e617f724e22f34:89384528665349271307465505333378"),
            Match::Shape
        );
        assert_eq!(
            PhpApp::JOOMLA.identify("b78f863f2c67410c41e617f724e22f34"),
            Match::No
        );
        assert_eq!(
            PhpApp::MYBB.identify("022f7e02b3314f7d0968f73c00ba759f"),
            Match::No
        );
    }
}
