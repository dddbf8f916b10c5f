//! Wrapped credentials (`hashbridge_wrapped`): a weak legacy hash upgraded without the password
//! by hashing it with the upgrade target ("onion hashing"), as [`crate::Migrator::wrap`] writes
//! them:
//!
//! ```text
//! $hbw$v=1$<legacy step>$<step parameters>$<target hash>
//! $hbw$v=1$md5_crypt$from=md5_crypt,y=1,s=Mzg2NTI4NzA$argon2id$v=19$m=19456,t=2,p=1$...$...
//! ```
//!
//! The string describes itself: the legacy step (`digest`, `hmac`, `pbkdf2`, `scrypt`,
//! `firebase_scrypt`, `argon2`, `bcrypt`, `md5_crypt`, `sha_crypt`, `des_crypt`) with what it
//! needs (salt, costs, the salt a separate column held, the password encoding; see
//! `portable::codec` for the list), the scheme the legacy hash was read as (`from=`), and a hash
//! of one of the four target formats (`$argon2id$`, `$2b$`, `$scrypt$`, `$pbkdf2-sha256$`) whose
//! input is the legacy digest in standard base64 without padding. The legacy digest itself is
//! not kept. A Firebase step's signer key is project configuration and is not copied into each
//! string: it is read from the credential's parameters (`base64_signer_key`) as for
//! `firebase_scrypt`.
//!
//! Verify runs the legacy step on the password, then verifies the target hash over its output;
//! costs of both are bounded by the limits before any work. A wrapped credential is never what
//! a target writes, so a successful login always upgrades it to a plain target hash.
//!
//! What wrapping protects and what it does not is in SECURITY.md ("Wrapped credentials"): an
//! offline attacker with the wrapped database pays the target's cost per guess; but an
//! unsalted legacy digest leaked from elsewhere (another copy of the old database, a breach of
//! another site with the same unsalted scheme) can be tested against the target hash directly,
//! without guessing passwords ("shucking").

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::policy::Target;
use crate::scheme::{Match, Scheme};
use crate::schemes::portable::{Portable, Step, codec};

/// The scheme id.
pub(crate) const ID: &str = "hashbridge_wrapped";
/// The marker every wrapped string starts with.
pub(crate) const PREFIX: &str = "$hbw$";
/// The one version written and read.
const VERSION: &str = "v=1";
/// The target formats a wrapped string may end in, by scheme id.
const TARGETS: [&str; 4] = ["argon2", "bcrypt", "scrypt", "pbkdf2_sha256"];

/// Wrapped credentials over the target schemes.
pub(crate) struct Wrapped {
    targets: Vec<Arc<dyn Scheme>>,
}

impl Wrapped {
    /// The scheme, verifying target hashes through the crypt and PHC families' schemes.
    pub(crate) fn new() -> Self {
        Wrapped {
            targets: TARGETS
                .iter()
                .filter_map(|id| crate::schemes::core(id))
                .collect(),
        }
    }

    fn target_scheme(&self, target: &str) -> Result<&dyn Scheme> {
        self.targets
            .iter()
            .find(|s| s.identify(target) == Match::Exact)
            .map(|s| &**s)
            .ok_or_else(|| {
                Error::malformed(
                    ID,
                    "target",
                    "expected an argon2, bcrypt, scrypt or PBKDF2-SHA256 hash after the step",
                )
            })
    }
}

/// A wrapped string taken apart: the decoded step, its output length, the source scheme, and
/// the target hash (which starts with its own `$`).
struct Parsed<'a> {
    decoded: codec::Decoded,
    target: &'a str,
}

fn parse(hash: &str) -> Result<Parsed<'_>> {
    let bad = |field, reason| Error::malformed(ID, field, reason);
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| bad("prefix", "expected $hbw$"))?;
    let (version, rest) = rest
        .split_once('$')
        .ok_or_else(|| bad("version", "missing"))?;
    if version != VERSION {
        return Err(bad("version", "expected v=1"));
    }
    let (step, rest) = rest.split_once('$').ok_or_else(|| bad("step", "missing"))?;
    let end = rest
        .find('$')
        .ok_or_else(|| bad("target", "missing after the step parameters"))?;
    let (params, target) = rest.split_at(end);
    Ok(Parsed {
        decoded: codec::decode(ID, step, params)?,
        target,
    })
}

fn b64e(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(b64::encode(&b64::STANDARD_NO_PAD, bytes))
}

/// The wrapped string of `legacy` under `target`: the target hash of the legacy digest.
/// The step's costs are checked against `limits` first, so that the string written can be
/// verified under the same limits.
///
/// # Errors
/// [`crate::ErrorKind::Unsupported`] for a plain-text step (hash it instead);
/// [`crate::ErrorKind::Limit`] for a step over the limits or an input the target cannot take
/// whole (bcrypt and digests over 54 bytes); the target's own errors.
pub(crate) fn wrap(legacy: &Portable, target: &Target, limits: &Limits) -> Result<String> {
    let params = codec::encode(&legacy.step, legacy.digest.len(), legacy.scheme)?;
    legacy.step.check(ID, legacy.digest.len(), limits)?;
    let input = b64e(&legacy.digest);
    let hash = target.hash(input.as_bytes(), limits)?;
    Ok(format!(
        "{PREFIX}{VERSION}${}${params}{hash}",
        legacy.step.name()
    ))
}

/// The legacy step of a wrapped string, with the signer key of a Firebase step from `cred`'s
/// parameters.
fn step_of(decoded: codec::Decoded, cred: &Credential) -> Result<(Step, usize)> {
    let mut step = decoded.step;
    if let Step::FirebaseScrypt { signer_key, .. } = &mut step
        && let Some(key) = ["base64_signer_key", "signerKey"]
            .iter()
            .find_map(|k| cred.params().get(k))
    {
        let bytes = crate::schemes::vendor::firebase::signer_key(key)?;
        *signer_key = Some(bytes);
    }
    Ok((step, decoded.len))
}

impl Scheme for Wrapped {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash())?;
        let target = self.target_scheme(p.target)?;
        let inner = Credential::new(p.target);
        // Both costs are bounded before either runs.
        target.inspect(&inner, limits)?;
        let (step, len) = step_of(p.decoded, cred)?;
        // The readings of the password the legacy scheme accepts (a password with a NUL is
        // also read whole where the scheme's producers differ on it).
        for whole in [false, true] {
            if whole && !step.reads_whole(password) {
                break;
            }
            let Some(out) = step.reading(ID, password, whole, len, limits)? else {
                return Ok(false);
            };
            let input = b64e(&out);
            if target.verify(input.as_bytes(), &inner, limits)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash())?;
        let target = self.target_scheme(p.target)?;
        let mut out = vec![
            ("legacy_step", p.decoded.step.name().to_owned()),
            ("legacy_scheme", p.decoded.from.clone()),
            ("target", target.id().to_owned()),
        ];
        let (step, len) = step_of(p.decoded, cred)?;
        step.check(ID, len, limits)?;
        out.extend(target.inspect(&Credential::new(p.target), limits)?);
        Ok(out)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn wrapped_md5_crypt() -> String {
        let cred = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
        let legacy =
            crate::schemes::portable::describe("md5_crypt", &cred, &Limits::DEFAULT).unwrap();
        wrap(&legacy, &Target::argon2id(256, 1, 1), &Limits::DEFAULT).unwrap()
    }

    #[test]
    fn a_wrapped_hash_verifies_the_original_password_only() {
        let w = wrapped_md5_crypt();
        assert!(
            w.starts_with("$hbw$v=1$md5_crypt$from=md5_crypt,y=1,s="),
            "{w}"
        );
        assert!(
            !w.contains("DUjsu4TTlTsOe"),
            "the legacy digest is not kept: {w}"
        );
        let s = Wrapped::new();
        assert_eq!(s.identify(&w), Match::Exact);
        let cred = Credential::new(w.as_str());
        assert!(s.verify(b"hashcat", &cred, &Limits::DEFAULT).unwrap());
        assert!(!s.verify(b"hashcaT", &cred, &Limits::DEFAULT).unwrap());
        let params = s.inspect(&cred, &Limits::DEFAULT).unwrap();
        assert!(
            params.contains(&("legacy_scheme", "md5_crypt".to_owned())),
            "{params:?}"
        );
    }

    #[test]
    fn malformed_strings_are_refused_before_any_work() {
        let w = wrapped_md5_crypt();
        let s = Wrapped::new();
        let l = Limits::DEFAULT;
        for bad in [
            "$hbw$",
            "$hbw$v=2$md5_crypt$from=x,y=1,s=AA$$argon2id$",
            "$hbw$v=1$nope$from=x$$argon2id$v=19$m=256,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAA",
            &w.replace("y=1,", "y=1,y=1,"),
            &w.replace("y=1,", "q=1,y=1,"),
            &w.replace("$argon2id$", "$argon2x$"),
            &w.replace("s=", "s=!"),
        ] {
            let e = s.verify(b"x", &Credential::new(bad), &l).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}: {e}");
        }
        let costly = w.replace("$argon2id$v=19$m=256,", "$argon2id$v=19$m=4000000000,");
        assert_eq!(
            s.verify(b"x", &Credential::new(costly), &l)
                .unwrap_err()
                .kind(),
            ErrorKind::Limit
        );
    }
}
