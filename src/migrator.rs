//! Verify-and-upgrade: the main entry point.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::memory::{MemoryBudget, Scope};
use crate::observe::{Observer, Observers};
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
/// Build it once and share it (it is `Send + Sync`; wrap it in an `Arc`, or clone it: clones
/// share one [`MemoryBudget`], so a batch's workers or a service's handlers draw on one pool).
///
/// Memory: each verify is bounded by [`crate::Limits::max_memory_bytes`]; the memory-hard
/// verifies in flight together by the migrator's [`MemoryBudget`] (by default four times
/// `max_memory_bytes`, waiting up to 5 s for a share; see [`Migrator::with_memory_budget`]).
///
/// ```
/// use hashbridge::{Credential, Migrator};
/// let m = Migrator::default();
/// let out = m.verify(b"hashcat", &Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/")).unwrap();
/// assert!(out.valid);
/// assert_eq!(out.scheme, "md5_crypt");
/// assert!(out.upgrade.unwrap().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
/// ```
#[derive(Clone, Debug)]
pub struct Migrator {
    registry: Registry,
    policy: Policy,
    rehash: bool,
    dummy: OnceLock<String>,
    memory: MemoryBudget,
    observer: Observers,
}

impl Migrator {
    /// A migrator over `registry` applying `policy`.
    ///
    /// The policy must be able to keep its own promises: a hash its target writes is read back
    /// by `registry`, within `policy.limits`, and is not itself due for an upgrade. A target
    /// those limits would refuse would hand out upgrades that lock their users out.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`], naming what the target's hashes would run into.
    pub fn new(registry: Registry, policy: Policy) -> Result<Self> {
        check_target(&registry, &policy)?;
        let memory = MemoryBudget::for_limits(&policy.limits);
        Ok(Migrator {
            registry,
            policy,
            rehash: true,
            dummy: OnceLock::new(),
            memory,
            observer: Observers::default(),
        })
    }

    /// A new memory budget of `bytes` for the memory-hard hashes this migrator (and every clone
    /// made from it afterwards) runs at once, keeping the wait. The default is four times
    /// [`crate::Limits::max_memory_bytes`] (1 GiB at the default limits): four worst-case
    /// verifies at once, or 53 of the default argon2id target. Set it below what the host (a
    /// container's memory or address-space cap) can give, less what else the process holds: a
    /// verify that does not fit waits ([`Migrator::with_memory_wait`]), then fails with
    /// [`crate::ErrorKind::Unavailable`]; one larger than the whole budget fails at once with
    /// [`crate::ErrorKind::Limit`] naming `Migrator::with_memory_budget`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] when one hash of the policy's target would not fit: every
    /// upgrade would fail.
    pub fn with_memory_budget(mut self, bytes: u64) -> Result<Self> {
        let need = self.policy.target.reserved_bytes();
        if need > bytes {
            return Err(Error::config(
                "memory budget",
                format!(
                    "{bytes} bytes cannot hold one hash of the target ({} needs {need})",
                    self.policy.target.scheme_id()
                ),
            ));
        }
        self.memory = MemoryBudget::new(bytes, self.memory.wait());
        Ok(self)
    }

    /// How long a memory-hard hash waits for its share of the memory budget before it fails
    /// with [`crate::ErrorKind::Unavailable`]. 5 seconds by default (over twice the longest
    /// verify the default work budget allows); zero fails at once when the budget is full.
    /// The pool stays shared with existing clones; only this migrator's wait changes.
    pub fn with_memory_wait(mut self, wait: Duration) -> Self {
        self.memory = self.memory.with_wait(wait);
        self
    }

    /// The memory budget this migrator's memory-hard hashes reserve from (its size, its wait,
    /// what is reserved now).
    pub fn memory_budget(&self) -> &MemoryBudget {
        &self.memory
    }

    /// Whether [`Migrator::verify`] computes the upgrade hash (default `true`). With `false`,
    /// `Outcome::needs_upgrade` is still reported: bulk audits use this.
    pub fn with_rehash(mut self, rehash: bool) -> Self {
        self.rehash = rehash;
        self
    }

    /// Tell `observer` about every verify from now on (scheme, result, duration; see
    /// [`crate::observe`]), including [`Migrator::verify_user`]'s dummy verifies of unknown
    /// users. Clones made afterwards share it.
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Observers::new(observer);
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
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] for a hash or salt over [`Limits`]'s input limits;
    /// [`crate::ErrorKind::Unsupported`] when no scheme reads the string (or the hint names
    /// none); [`crate::ErrorKind::Ambiguous`] with the candidates when several could.
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
    /// `Ok` with `valid: false` is a wrong password. A valid password that the target cannot
    /// store whole (over 72 bytes or with a NUL, for a bcrypt target) keeps its hash:
    /// `needs_upgrade` with no `upgrade`.
    ///
    /// # Errors
    /// The credential could not be judged (see [`crate::ErrorKind`]): treat it as a failed
    /// login and log the error. [`crate::ErrorKind::Limit`] errors are raised before any work.
    /// [`crate::ErrorKind::Unavailable`] is transient: the memory budget stayed full for the
    /// whole wait, or the allocator refused the memory (see [`Migrator::with_memory_budget`]).
    pub fn verify(&self, password: &[u8], cred: &Credential) -> Result<Outcome> {
        self.observer.observe(true, cred.scheme(), || {
            self.verify_unobserved(password, cred)
        })
    }

    fn verify_unobserved(&self, password: &[u8], cred: &Credential) -> Result<Outcome> {
        let _scope = Scope::enter(&self.memory);
        self.check_password(password)?;
        let scheme = self.identify(cred)?;
        let valid = scheme.verify(password, cred, &self.policy.limits)?;
        let needs_upgrade = valid && self.needs_upgrade_for(scheme, cred, password);
        let upgrade = if needs_upgrade && self.rehash && !self.policy.target.truncates(password) {
            Some(self.policy.target.hash(password, &self.policy.limits)?)
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

    /// [`Migrator::verify`] for a login by user name: `None` when no such user exists, in which
    /// case a target hash is verified instead ([`Migrator::dummy_verify`]) and the answer is
    /// `valid: false`, after the same input checks, so that an unknown name answers in the time
    /// a known one with a target-strength hash does.
    ///
    /// ```
    /// use hashbridge::{Credential, Migrator};
    /// let m = Migrator::default();
    /// let known = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
    /// assert!(m.verify_user(b"hashcat", Some(&known))?.valid);
    /// assert!(!m.verify_user(b"hashcat", None)?.valid);
    /// # Ok::<(), hashbridge::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Migrator::verify`]; for an unknown user, as [`Migrator::dummy_verify`].
    pub fn verify_user(&self, password: &[u8], cred: Option<&Credential>) -> Result<Outcome> {
        match cred {
            Some(c) => self.verify(password, c),
            None => self.observer.observe(false, None, || {
                self.dummy_verify(password)?;
                Ok(Outcome {
                    valid: false,
                    scheme: self.policy.target.scheme_id().to_owned(),
                    needs_upgrade: false,
                    upgrade: None,
                })
            }),
        }
    }

    /// The input checks every verify starts with: the password length.
    fn check_password(&self, password: &[u8]) -> Result<()> {
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
        Ok(())
    }

    /// Whether `cred` must be upgraded under the policy (without a password: truncation is not
    /// considered). Validates the credential like `verify` does.
    ///
    /// # Errors
    /// Those of [`Migrator::identify`], and [`crate::ErrorKind::Malformed`],
    /// [`crate::ErrorKind::MissingContext`] or [`crate::ErrorKind::Limit`] when the scheme's
    /// validation refuses the credential.
    pub fn needs_upgrade(&self, cred: &Credential) -> Result<bool> {
        let scheme = self.identify(cred)?;
        Ok(self.inspect(scheme, cred)?.needs_upgrade)
    }

    /// What `scheme` reads in `cred`, checked against the limits, and whether the policy would
    /// upgrade it (without a password). For callers that already hold the scheme from
    /// [`Migrator::identify`] and report its parameters (`hashbridge identify`, the census).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`], [`crate::ErrorKind::MissingContext`] or
    /// [`crate::ErrorKind::Limit`] when `scheme` refuses the credential.
    pub fn inspect(&self, scheme: &dyn Scheme, cred: &Credential) -> Result<Inspection> {
        let params = scheme.inspect(cred, &self.policy.limits)?;
        Ok(Inspection {
            params,
            needs_upgrade: self.needs_upgrade_for(scheme, cred, b""),
        })
    }

    /// Whether a valid `password` against `cred` in `scheme` calls for a new hash: the policy
    /// asks for it, or the scheme ignored part of the password and the target would not.
    fn needs_upgrade_for(&self, scheme: &dyn Scheme, cred: &Credential, password: &[u8]) -> bool {
        let truncated = scheme.truncates(password) && !self.policy.target.truncates(password);
        truncated || self.policy.needs_upgrade(scheme.as_target(cred).as_ref())
    }

    /// A new target hash of `password`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] for a password over [`crate::Limits::max_password_bytes`] or
    /// one the target would truncate (bcrypt); [`crate::ErrorKind::Unavailable`] when no random
    /// salt can be had.
    pub fn hash(&self, password: &[u8]) -> Result<String> {
        let _scope = Scope::enter(&self.memory);
        self.check_password(password)?;
        self.policy.target.hash(password, &self.policy.limits)
    }

    /// Upgrade `cred` without the password: the policy target's hash of the legacy digest, in a
    /// self-describing string that keeps what the legacy step needs (scheme, salt, costs; see
    /// the `hashbridge_wrapped` format in the README). [`Migrator::verify`] accepts it (the
    /// legacy step, then the target) and hands back a plain target hash on the first
    /// successful login. A plain-text credential is hashed with the target directly.
    ///
    /// `Ok(None)` when there is nothing to do: the credential meets the policy already, or is
    /// wrapped already (wrapping is idempotent). SECURITY.md says what wrapping protects and
    /// what it does not.
    ///
    /// ```
    /// use hashbridge::{Credential, Migrator};
    /// let m = Migrator::default();
    /// let wrapped = m.wrap(&Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"))?.unwrap();
    /// assert!(wrapped.starts_with("$hbw$v=1$md5_crypt$"));
    /// let out = m.verify(b"hashcat", &Credential::new(wrapped.as_str()))?;
    /// assert!(out.valid && out.upgrade.unwrap().starts_with("$argon2id$"));
    /// assert!(m.wrap(&Credential::new(wrapped))?.is_none());
    /// # Ok::<(), hashbridge::Error>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`Migrator::identify`] and [`Migrator::inspect`] for a credential that cannot be
    /// read; [`crate::ErrorKind::Unsupported`] for a scheme whose legacy step cannot be kept
    /// (yescrypt, SCRAM, most database and network formats: those users are upgraded at their
    /// next login); [`crate::ErrorKind::Limit`] for a digest the target cannot take whole (a
    /// bcrypt target keys on 72 bytes); the target's own errors ([`Migrator::hash`]).
    pub fn wrap(&self, cred: &Credential) -> Result<Option<String>> {
        let _scope = Scope::enter(&self.memory);
        let scheme = self.identify(cred)?;
        if scheme.id() == crate::schemes::wrapped::ID {
            scheme.inspect(cred, &self.policy.limits)?;
            return Ok(None);
        }
        if !self.inspect(scheme, cred)?.needs_upgrade {
            return Ok(None);
        }
        let limits = &self.policy.limits;
        let legacy = crate::schemes::portable::describe(scheme.id(), cred, limits)?;
        if legacy.step == crate::schemes::portable::Step::Plaintext {
            return self.policy.target.hash(&legacy.digest, limits).map(Some);
        }
        crate::schemes::wrapped::wrap(&legacy, &self.policy.target, limits).map(Some)
    }

    /// Spend what a real verify against a target hash costs, and answer `false`.
    ///
    /// Call it when the user name is unknown (or use [`Migrator::verify_user`], which does),
    /// so that "no such user" and "wrong password" take the same time and an attacker cannot
    /// enumerate accounts by timing. It runs the same input checks as [`Migrator::verify`]
    /// first, so an over-long password is refused alike for known and unknown users.
    ///
    /// What it equalises: an unknown user against a known user whose hash is at the target's
    /// cost (every user after their first login). What it cannot: a known user still on a cheap
    /// legacy hash (md5-crypt answers in microseconds) is told apart from an unknown one until
    /// that user has logged in once; the wrap step of a migration closes that gap.
    ///
    /// # Errors
    /// As [`Migrator::verify`]; and the target's own errors when its dummy hash cannot be made
    /// (no random salt): the work is never skipped silently.
    pub fn dummy_verify(&self, password: &[u8]) -> Result<bool> {
        let _scope = Scope::enter(&self.memory);
        self.check_password(password)?;
        let dummy = match self.dummy.get() {
            Some(d) => d,
            None => {
                let made = self
                    .policy
                    .target
                    .hash(b"hashbridge dummy password", &self.policy.limits)?;
                self.dummy.get_or_init(|| made)
            }
        };
        let cred = Credential::new(dummy.as_str());
        let scheme = self.registry.resolve(&cred)?;
        scheme.verify(password, &cred, &self.policy.limits)?;
        Ok(false)
    }
}

/// The check [`Migrator::new`] makes of its policy: a string of the target's format and
/// parameters is identified as the target's scheme by `registry`, passes its parsing under the
/// policy's limits (with the longest password: costs that grow with it are charged in full),
/// and needs no upgrade under the policy.
fn check_target(registry: &Registry, policy: &Policy) -> Result<()> {
    let target = &policy.target;
    let refuse = |reason: String| Error::config("target", reason);
    let sample = Credential::new(target.sample());
    let scheme = registry.resolve(&sample).map_err(|e| {
        refuse(format!(
            "the registry does not read the hashes {} writes: {e}",
            target.scheme_id()
        ))
    })?;
    if scheme.id() != target.scheme_id() {
        return Err(refuse(format!(
            "the registry reads {} hashes as {}",
            target.scheme_id(),
            scheme.id()
        )));
    }
    scheme
        .inspect(&sample, &policy.limits)
        .map_err(|e| refuse(format!("its hashes would be refused: {e}")))?;
    let (work, memory) = target.cost();
    policy
        .limits
        .work(target.scheme_id(), work)
        .and_then(|()| policy.limits.memory(target.scheme_id(), memory))
        .map_err(|e| refuse(format!("its hashes would be refused: {e}")))?;
    if policy.needs_upgrade(scheme.as_target(&sample).as_ref()) {
        return Err(refuse(format!(
            "its own hashes would need an upgrade under this policy ({target:?})"
        )));
    }
    Ok(())
}

impl Default for Migrator {
    /// Every built-in scheme, upgrading to argon2id m=19456 t=2 p=1 with default limits.
    fn default() -> Self {
        let policy = Policy::default();
        Migrator {
            registry: Registry::default(),
            memory: MemoryBudget::for_limits(&policy.limits),
            policy,
            rehash: true,
            dummy: OnceLock::new(),
            observer: Observers::default(),
        }
    }
}
