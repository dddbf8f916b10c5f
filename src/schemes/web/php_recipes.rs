//! More nested-digest recipes of PHP applications, as their code and hashcat write them:
//! DataLife Engine, PHPFox, ThinkPHP 5 applications, Empire CMS and CubeCart.
//!
//! Each stores a bare hex digest, and all but DLE keep a salt in another column, so the string
//! says nothing about its format: these are used with a scheme hint (without one, a string of
//! their shape is `ambiguous` among every digest of its length). Inner digests are PHP's
//! `md5()` / `sha1()`: lower-case hex text. Stored digests are read in either case.
//!
//! | id | recipe | context | hashcat |
//! |---|---|---|---|
//! | `dle_md5md5` | `md5(md5(pw))` | — (`dle_users.password`, DLE before 10.x; many PHP apps) | 2600 |
//! | `phpfox` | `md5(md5(pw) . md5(salt))` | `user.password_salt` (3 characters) as the salt | 3910 |
//! | `thinkphp5` | `md5(sha1(pw) . salt)` | the salt column as the salt | 4410 |
//! | `empirecms` | `md5(salt2 . "E!m^p-i(r#e.C:M?S" . md5(md5(pw) . salt) . "d)i.g^o-d" . salt)` | `phome_enewsuser.salt` as the salt, `.salt2` as `params.salt2` | 32300 |
//! | `cubecart` | `whirlpool(salt . pw . salt)` (128 hex digits) | `CubeCart_customer.salt` / `CubeCart_admin_users.salt` as the salt | 32600 |
//!
//! ThinkPHP has no password function of its own: `md5(sha1(pw) . salt)` is the convention
//! hashcat's mode names, found in applications built on ThinkPHP 5. Weaknesses: one to three
//! fast digests; the salts only defeat precomputed tables. Always upgraded.

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::{Algorithm, Digest, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{hex_digest, hex_exact};

/// Empire CMS's two fixed strings around the inner digest.
const EMPIRE_INNER: &[u8] = b"E!m^p-i(r#e.C:M?S";
const EMPIRE_OUTER: &[u8] = b"d)i.g^o-d";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recipe {
    /// `md5(md5(pw))`.
    Md5Md5,
    /// `md5(md5(pw) . md5(salt))`.
    PhpFox,
    /// `md5(sha1(pw) . salt)`.
    ThinkPhp,
    /// Empire CMS, two salts.
    Empire,
    /// `whirlpool(salt . pw . salt)`.
    CubeCart,
}

impl Recipe {
    const fn alg(self) -> Algorithm {
        match self {
            Recipe::CubeCart => Algorithm::Whirlpool,
            _ => Algorithm::Md5,
        }
    }

    fn compute(self, password: &[u8], salt: &[u8], salt2: &[u8]) -> Digest {
        use Algorithm::{Md5, Sha1, Whirlpool};
        match self {
            Recipe::Md5Md5 => Md5.digest(&[hex_digest(Md5, &[password]).as_bytes()]),
            Recipe::PhpFox => Md5.digest(&[
                hex_digest(Md5, &[password]).as_bytes(),
                hex_digest(Md5, &[salt]).as_bytes(),
            ]),
            Recipe::ThinkPhp => Md5.digest(&[hex_digest(Sha1, &[password]).as_bytes(), salt]),
            Recipe::Empire => {
                let inner = hex_digest(Md5, &[hex_digest(Md5, &[password]).as_bytes(), salt]);
                Md5.digest(&[salt2, EMPIRE_INNER, inner.as_bytes(), EMPIRE_OUTER, salt])
            }
            Recipe::CubeCart => Whirlpool.digest(&[salt, password, salt]),
        }
    }
}

/// One PHP application's recipe.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PhpRecipe {
    id: &'static str,
    recipe: Recipe,
}

impl PhpRecipe {
    /// DataLife Engine (and other PHP applications): `md5(md5(pw))`.
    pub(crate) const DLE: PhpRecipe = PhpRecipe {
        id: "dle_md5md5",
        recipe: Recipe::Md5Md5,
    };
    /// PHPFox.
    pub(crate) const PHPFOX: PhpRecipe = PhpRecipe {
        id: "phpfox",
        recipe: Recipe::PhpFox,
    };
    /// ThinkPHP 5 applications.
    pub(crate) const THINKPHP5: PhpRecipe = PhpRecipe {
        id: "thinkphp5",
        recipe: Recipe::ThinkPhp,
    };
    /// Empire CMS administrators.
    pub(crate) const EMPIRECMS: PhpRecipe = PhpRecipe {
        id: "empirecms",
        recipe: Recipe::Empire,
    };
    /// CubeCart customers and administrators.
    pub(crate) const CUBECART: PhpRecipe = PhpRecipe {
        id: "cubecart",
        recipe: Recipe::CubeCart,
    };

    /// The stored digest, the salt and Empire CMS's second salt.
    fn parse<'a>(&self, cred: &'a Credential) -> Result<(Vec<u8>, &'a [u8], &'a [u8])> {
        let digest = hex_exact(
            self.id,
            "digest",
            cred.hash(),
            self.recipe.alg().output_len(),
        )?;
        let salt: &[u8] = match self.recipe {
            Recipe::Md5Md5 => &[],
            _ => cred.require_salt(self.id)?,
        };
        let salt2: &[u8] = match self.recipe {
            Recipe::Empire => cred.params().require(self.id, "salt2")?.as_bytes(),
            _ => &[],
        };
        Ok((digest, salt, salt2))
    }
}

impl Scheme for PhpRecipe {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 2 * self.recipe.alg().output_len()) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (digest, salt, salt2) = self.parse(cred)?;
        let ours = self.recipe.compute(password, salt, salt2);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salt, salt2) = self.parse(cred)?;
        let mut out = Vec::new();
        if self.recipe != Recipe::Md5Md5 {
            out.push(("salt", String::from_utf8_lossy(salt).into_owned()));
        }
        if self.recipe == Recipe::Empire {
            out.push(("salt2", String::from_utf8_lossy(salt2).into_owned()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// hashcat's module self-tests, password "hashcat".
    #[test]
    fn hashcat_self_tests() {
        let l = Limits::DEFAULT;
        let salted = |h: &str, s: &str| Credential::new(h).with_salt(s.as_bytes().to_vec());
        for (scheme, cred) in [
            (
                PhpRecipe::DLE,
                Credential::new("a936af92b0ae20b1ff6c3347a72e5fbe"),
            ),
            (
                PhpRecipe::PHPFOX,
                salted("d8281daba5da597503d12fe31808b4a7", "283053"),
            ),
            (
                PhpRecipe::THINKPHP5,
                salted("bc8319c0220bff8a0d7f5d703114a725", "34659348756345251"),
            ),
            (
                PhpRecipe::EMPIRECMS,
                salted(
                    "5962d4ada95d6493379cd9c05ce7a376",
                    "726620866134417802643053384570",
                )
                .with_param("salt2", "6056291339665060317728572165496183"),
            ),
            (
                PhpRecipe::CUBECART,
                salted(
                    "a2c0342a2617026fbaeed01130c826cc3f58242799894b3ecc1abfa811ede03f\
                     d712efd14a886af6fa74045502f22c9feb1c45a291cf2d7bbe9bb94c388b6403",
                    "deadbeef",
                ),
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
            assert_eq!(scheme.identify(cred.hash()), Match::Shape);
        }
    }

    #[test]
    fn context_is_required() {
        let l = Limits::DEFAULT;
        let h = "5962d4ada95d6493379cd9c05ce7a376";
        for (scheme, cred, kind) in [
            (
                PhpRecipe::PHPFOX,
                Credential::new(h),
                ErrorKind::MissingContext,
            ),
            (
                PhpRecipe::EMPIRECMS,
                Credential::new(h).with_salt(b"s".to_vec()),
                ErrorKind::MissingContext,
            ),
            (
                PhpRecipe::DLE,
                Credential::new(&h[2..]),
                ErrorKind::Malformed,
            ),
            (
                PhpRecipe::CUBECART,
                Credential::new(h).with_salt(b"s".to_vec()),
                ErrorKind::Malformed,
            ),
        ] {
            let e = scheme.verify(b"x", &cred, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{}", scheme.id);
        }
    }
}
