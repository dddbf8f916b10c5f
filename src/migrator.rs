//! Verify-and-upgrade: the main entry point.

use std::sync::OnceLock;

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::policy::Policy;
use crate::registry::Registry;
use crate::scheme::Scheme;

/// A credential's parameters and upgrade verdict, from [`Migrator::inspect`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The parameters the scheme reads (`rounds`, `salt`, `m`, ...), as text.
    pub params: Vec<(&'static str, String)>,
    /// Whether the policy would rehash this credential on the next successful login.
    pub needs_upgrade: bool,
}

/// A [`Registry`] and a [`Policy`]: verifies legacy credentials and hands back upgraded hashes.
///
/// Build it once and share it (it is `Send + Sync`; wrap it in an `Arc`).
///
/// ```
/// use hashbridge::{Credential, Migrator};
/// let m = Migrator::default();
/// let out = m.verify(b"hashcat", &Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")).unwrap();
/// assert!(out.valid);
/// assert_eq!(out.scheme, "md5_crypt");
/// assert!(out.upgrade.unwrap().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
/// ```
#[derive(Debug)]
pub struct Migrator {
    registry: Registry,
    policy: Policy,
    rehash: bool,
    dummy: OnceLock<String>,
}

impl Migrator {
    /// A migrator over `registry` applying `policy`. Fails when the policy's target is unusable.
    pub fn new(registry: Registry, policy: Policy) -> Result<Self> {
        policy.target.validate()?;
        Ok(Migrator {
            registry,
            policy,
            rehash: true,
            dummy: OnceLock::new(),
        })
    }

    /// Whether [`Migrator::verify`] computes the upgrade hash (default `true`). With `false`,
    /// `Outcome::needs_upgrade` is still reported: bulk audits use this.
    pub fn with_rehash(mut self, rehash: bool) -> Self {
        self.rehash = rehash;
        self
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The scheme a credential is in (hint or identification), after the global input limits.
    pub fn identify(&self, cred: &Credential) -> Result<&dyn Scheme> {
        let limits = &self.policy.limits;
        if cred.hash().len() > limits.max_hash_bytes {
            return Err(Error::limit(
                "input",
                "hash length",
                cred.hash().len() as u64,
                limits.max_hash_bytes as u64,
                "Limits::max_hash_bytes",
            ));
        }
        if let Some(salt) = cred.salt()
            && salt.len() > limits.max_salt_bytes
        {
            return Err(Error::limit(
                "input",
                "salt length",
                salt.len() as u64,
                limits.max_salt_bytes as u64,
                "Limits::max_salt_bytes",
            ));
        }
        self.registry.resolve(cred)
    }

    /// Judge `password` against `cred`; on success with a weak hash, also return the new hash.
    ///
    /// `Ok` with `valid: false` is a wrong password. `Err` means the credential could not be
    /// judged (see [`crate::ErrorKind`]); treat it as a failed login and log it.
    pub fn verify(&self, password: &[u8], cred: &Credential) -> Result<Outcome> {
        if let Some(inner) = self.unwrap_ldif(cred)? {
            return self.verify(password, &inner);
        }
        let limits = &self.policy.limits;
        if password.len() > limits.max_password_bytes {
            return Err(Error::limit(
                "input",
                "password length",
                password.len() as u64,
                limits.max_password_bytes as u64,
                "Limits::max_password_bytes",
            ));
        }
        let scheme = self.identify(cred)?;
        let valid = scheme.verify(password, cred, limits)?;
        let needs_upgrade = valid && self.needs_upgrade_for(scheme, cred, password);
        let upgrade = if needs_upgrade && self.rehash {
            Some(self.policy.target.hash(password)?)
        } else {
            None
        };
        Ok(Outcome {
            valid,
            scheme: scheme.id().to_owned(),
            needs_upgrade,
            upgrade,
        })
    }

    /// Whether `cred` must be upgraded under the policy (without a password: truncation is not
    /// considered). Validates the credential like `verify` does.
    pub fn needs_upgrade(&self, cred: &Credential) -> Result<bool> {
        if let Some(inner) = self.unwrap_ldif(cred)? {
            return self.needs_upgrade(&inner);
        }
        let scheme = self.identify(cred)?;
        Ok(self.inspect(scheme, cred)?.needs_upgrade)
    }

    /// What `scheme` reads in `cred`, checked against the limits, and whether the policy would
    /// upgrade it (without a password). For callers that already hold the scheme from
    /// [`Migrator::identify`] and report its parameters (`hashbridge identify`, the census).
    pub fn inspect(&self, scheme: &dyn Scheme, cred: &Credential) -> Result<Inspection> {
        let params = scheme.inspect(cred, &self.policy.limits)?;
        Ok(Inspection {
            params,
            needs_upgrade: self.needs_upgrade_for(scheme, cred, b""),
        })
    }

    /// An LDIF `userPassword` line's value (see [`Credential::ldif_value`]), after the hash
    /// length limit. The value never nests: a decoded value that is itself an LDIF line is
    /// refused.
    fn unwrap_ldif(&self, cred: &Credential) -> Result<Option<Credential>> {
        if cred.hash().len() > self.policy.limits.max_hash_bytes {
            return Ok(None); // `identify` reports the limit.
        }
        match cred.ldif_value()? {
            Some(inner) if inner.ldif_value()?.is_some() => Err(Error::malformed(
                "ldif",
                "userPassword",
                "nested userPassword value",
            )),
            other => Ok(other),
        }
    }

    fn needs_upgrade_for(&self, scheme: &dyn Scheme, cred: &Credential, password: &[u8]) -> bool {
        scheme.truncates(password) || self.policy.needs_upgrade(scheme.as_target(cred).as_ref())
    }

    /// A new target hash of `password`.
    pub fn hash(&self, password: &[u8]) -> Result<String> {
        let limits = &self.policy.limits;
        if password.len() > limits.max_password_bytes {
            return Err(Error::limit(
                "input",
                "password length",
                password.len() as u64,
                limits.max_password_bytes as u64,
                "Limits::max_password_bytes",
            ));
        }
        self.policy.target.hash(password)
    }

    /// Spend what a real verify against a target hash costs, and answer `false`.
    ///
    /// Call it when the user name is unknown, so that "no such user" and "wrong password" take
    /// the same time and an attacker cannot enumerate accounts by timing.
    pub fn dummy_verify(&self, password: &[u8]) -> bool {
        let dummy = self.dummy.get_or_init(|| {
            self.policy
                .target
                .hash(b"hashbridge dummy password")
                .unwrap_or_default()
        });
        let cred = Credential::new(dummy.as_str());
        let pw = if password.len() > self.policy.limits.max_password_bytes {
            &password[..self.policy.limits.max_password_bytes]
        } else {
            password
        };
        let _ = self
            .registry
            .resolve(&cred)
            .and_then(|s| s.verify(pw, &cred, &self.policy.limits));
        false
    }
}

impl Default for Migrator {
    /// Every built-in scheme, upgrading to argon2id m=19456 t=2 p=1 with default limits.
    fn default() -> Self {
        Migrator {
            registry: Registry::default(),
            policy: Policy::default(),
            rehash: true,
            dummy: OnceLock::new(),
        }
    }
}
