//! `rails_restful_auth`: the restful-authentication plugin of Rails 1.2–2.x applications, and
//! acts_as_authenticated before it.
//!
//! `users.crypted_password` is 40 hex digits, `users.salt` its own column (40 hex digits from
//! the plugin's `make_token`, but any text is read). The plugin's
//! `Authentication::ByPassword.password_digest`:
//!
//! ```text
//! digest = REST_AUTH_SITE_KEY
//! REST_AUTH_DIGEST_STRETCHES.times { digest = sha1_hex([digest, salt, password, REST_AUTH_SITE_KEY].join('--')) }
//! ```
//!
//! | parameter | where it lives | default |
//! |---|---|---|
//! | `params.site_key` | `REST_AUTH_SITE_KEY` in `config/initializers/site_keys.rb` (the generator writes 40 random hex digits) | none: required |
//! | `params.stretches` | `REST_AUTH_DIGEST_STRETCHES` there | 10, the generator's |
//!
//! The two parameter sets met in practice: a site key and 10 stretches (hashcat 19500), and
//! `site_key` empty with 1 stretch, which is what the generator's `--old-passwords` writes (a
//! `nil` key joins as empty text) and what acts_as_authenticated computed,
//! `sha1_hex("--" salt "--" password "--")` (hashcat 27200). The password is hashed as the
//! bytes Ruby holds, UTF-8 for a web form.
//!
//! The stored value is a bare SHA-1 hex digest: a hint is needed (without one, 40 hex digits
//! are `ambiguous` among the SHA-1 shapes). Weaknesses: at most a few SHA-1 rounds; the site
//! key is the only secret beyond the salt. Always upgraded. The stretches are bounded by
//! [`Limits::max_crypt_rounds`] and their work by [`Limits::max_work`].

use zeroize::Zeroizing;

use crate::cost;
use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::hex_exact;

const ID: &str = "rails_restful_auth";

/// The generator's default `REST_AUTH_DIGEST_STRETCHES`.
const DEFAULT_STRETCHES: u64 = 10;

/// `rails_restful_auth`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RailsRestfulAuth;

/// A credential's digest and the context its recipe mixes in.
struct Parsed<'a> {
    digest: Vec<u8>,
    salt: &'a [u8],
    site_key: &'a str,
    stretches: u64,
}

impl RailsRestfulAuth {
    fn parse<'a>(cred: &'a Credential, password_len: usize, limits: &Limits) -> Result<Parsed<'a>> {
        let digest = hex_exact(ID, "digest", cred.hash(), 20)?;
        let salt = cred.require_salt(ID)?;
        let site_key = cred.params().require(ID, "site_key")?;
        let stretches = cred
            .params()
            .u64(ID, "stretches")?
            .unwrap_or(DEFAULT_STRETCHES);
        if stretches == 0 {
            return Err(crate::Error::malformed(
                ID,
                "params.stretches",
                "must be at least 1",
            ));
        }
        // Each stretch hashes the previous hex digest, the salt, the password and the key
        // joined by three `--`.
        let round_bytes = 40 + 6 + salt.len() + password_len + site_key.len();
        limits.rounds(
            ID,
            stretches,
            cost::digest(Algorithm::Sha1, round_bytes as u64),
        )?;
        Ok(Parsed {
            digest,
            salt,
            site_key,
            stretches,
        })
    }
}

/// The plugin's `password_digest`, as lower-case hex.
fn password_digest(password: &[u8], p: &Parsed<'_>) -> Zeroizing<String> {
    let mut digest = Zeroizing::new(p.site_key.to_owned());
    for _ in 0..p.stretches {
        let next = Algorithm::Sha1.digest(&[
            digest.as_bytes(),
            b"--",
            p.salt,
            b"--",
            password,
            b"--",
            p.site_key.as_bytes(),
        ]);
        *digest = next.to_hex();
    }
    digest
}

impl Scheme for RailsRestfulAuth {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if crate::encoding::hex::is_hex_len(hash, 40) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = Self::parse(cred, password.len(), limits)?;
        let ours = password_digest(password, &p);
        let ours = crate::encoding::hex::decode(&ours).unwrap_or_default();
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = Self::parse(cred, 0, limits)?;
        Ok(vec![
            ("stretches", p.stretches.to_string()),
            ("site_key_bytes", p.site_key.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn cred(hash: &str, salt: &str) -> Credential {
        Credential::new(hash).with_salt(salt.as_bytes().to_vec())
    }

    #[test]
    fn hashcat_self_tests() {
        let l = Limits::DEFAULT;
        // Mode 19500: site key, 10 stretches.
        let c = cred("d7d5ea3e09391da412b653ae6c8d7431ec273ea2", "238769868762")
            .with_param("site_key", "8962783556527653675");
        assert!(RailsRestfulAuth.verify(b"hashcat", &c, &l).unwrap());
        assert!(!RailsRestfulAuth.verify(b"hashcaT", &c, &l).unwrap());
        // Mode 27200: no site key, one stretch.
        let c = cred(
            "3999d08db95797891ec77f07223ca81bf43e1be2",
            "5dcc47b04c49d3c8e1b9e4ec367fddeed21b7b85",
        )
        .with_param("site_key", "")
        .with_param("stretches", "1");
        assert!(RailsRestfulAuth.verify(b"hashcat", &c, &l).unwrap());
        assert!(
            !RailsRestfulAuth
                .verify(b"hashcat", &c.with_param("stretches", "10"), &l)
                .unwrap()
        );
    }

    #[test]
    fn context_and_bounds() {
        let l = Limits::DEFAULT;
        let h = "d7d5ea3e09391da412b653ae6c8d7431ec273ea2";
        for (c, kind) in [
            (
                Credential::new(h).with_param("site_key", "k"),
                ErrorKind::MissingContext,
            ),
            (cred(h, "s"), ErrorKind::MissingContext),
            (
                cred(&h[1..], "s").with_param("site_key", "k"),
                ErrorKind::Malformed,
            ),
            (
                cred(h, "s")
                    .with_param("site_key", "k")
                    .with_param("stretches", "0"),
                ErrorKind::Malformed,
            ),
            (
                cred(h, "s")
                    .with_param("site_key", "k")
                    .with_param("stretches", "x"),
                ErrorKind::Malformed,
            ),
            (
                cred(h, "s")
                    .with_param("site_key", "k")
                    .with_param("stretches", "20000000"),
                ErrorKind::Limit,
            ),
        ] {
            let e = RailsRestfulAuth.verify(b"pw", &c, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{c:?}");
        }
    }
}
