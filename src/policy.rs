//! What counts as strong enough, and what a weak hash is upgraded to.

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::limits::Limits;

/// A modern hash the policy can write, with its cost parameters.
///
/// Also used to describe an existing hash of one of these kinds ([`crate::Scheme::as_target`]),
/// so that "is this stored hash already good enough?" is one comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// argon2id, version 19, 16-byte salt, 32-byte output, as a PHC string.
    Argon2id {
        /// Memory in KiB.
        m_kib: u32,
        /// Passes.
        t: u32,
        /// Lanes.
        p: u32,
    },
    /// bcrypt `$2b$` (for platforms that cannot store argon2). Truncates passwords at 72 bytes.
    Bcrypt {
        /// log2 of the rounds.
        cost: u32,
    },
    /// scrypt as a PHC / passlib string `$scrypt$ln=..,r=..,p=..$salt$hash`.
    Scrypt {
        /// log2 of N.
        log_n: u8,
        /// Block size.
        r: u32,
        /// Parallelism.
        p: u32,
    },
    /// PBKDF2-HMAC-SHA256 as a PHC string `$pbkdf2-sha256$i=..,l=32$salt$hash`.
    Pbkdf2Sha256 {
        /// Iterations.
        iterations: u32,
    },
}

impl Target {
    /// OWASP's argon2id minimum: m=19456 KiB, t=2, p=1.
    pub const OWASP_ARGON2ID: Target = Target::Argon2id {
        m_kib: 19_456,
        t: 2,
        p: 1,
    };

    /// The scheme id of the hashes this target writes.
    pub fn scheme_id(&self) -> &'static str {
        match self {
            Target::Argon2id { .. } => "argon2",
            Target::Bcrypt { .. } => "bcrypt",
            Target::Scrypt { .. } => "scrypt",
            Target::Pbkdf2Sha256 { .. } => "pbkdf2_sha256",
        }
    }

    /// Whether a hash described by `existing` is at least as strong as this target: same kind,
    /// and no parameter below the target's.
    pub fn is_met_by(&self, existing: &Target) -> bool {
        match (*self, *existing) {
            (
                Target::Argon2id { m_kib, t, p },
                Target::Argon2id {
                    m_kib: m2,
                    t: t2,
                    p: p2,
                },
            ) => m2 >= m_kib && t2 >= t && p2 >= p,
            (Target::Bcrypt { cost }, Target::Bcrypt { cost: c2 }) => c2 >= cost,
            (
                Target::Scrypt { log_n, r, p },
                Target::Scrypt {
                    log_n: l2,
                    r: r2,
                    p: p2,
                },
            ) => l2 >= log_n && r2 >= r && p2 >= p,
            (Target::Pbkdf2Sha256 { iterations }, Target::Pbkdf2Sha256 { iterations: i2 }) => {
                i2 >= iterations
            }
            _ => false,
        }
    }

    /// Check the target's own parameters; a policy with an unusable target is refused early.
    pub fn validate(&self) -> Result<()> {
        let bad = |field, reason: &'static str| Err(Error::malformed("policy", field, reason));
        match *self {
            Target::Argon2id { m_kib, t, p } => argon2::Params::new(m_kib, t, p, Some(32))
                .map(|_| ())
                .or_else(|_| {
                    bad(
                        "argon2 params",
                        "rejected by argon2 (m >= 8*p, t >= 1, p >= 1)",
                    )
                }),
            Target::Bcrypt { cost } if !(4..=31).contains(&cost) => {
                bad("bcrypt cost", "must be 4..=31")
            }
            Target::Scrypt { log_n, r, p } => scrypt::Params::new(log_n, r, p)
                .map(|_| ())
                .or_else(|_| bad("scrypt params", "rejected by scrypt")),
            Target::Pbkdf2Sha256 { iterations: 0 } => {
                bad("pbkdf2 iterations", "must be at least 1")
            }
            _ => Ok(()),
        }
    }

    /// Hash `password` into a new string of this target, with a fresh random salt.
    pub fn hash(&self, password: &[u8]) -> Result<String> {
        use base64::Engine as _;
        use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
        self.validate()?;
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|_| Error::unsupported("no operating-system random source for the salt"))?;
        match *self {
            Target::Argon2id { m_kib, t, p } => {
                let params = argon2::Params::new(m_kib, t, p, Some(32))
                    .map_err(|_| Error::malformed("policy", "argon2 params", "rejected"))?;
                let a2 = argon2::Argon2::new(
                    argon2::Algorithm::Argon2id,
                    argon2::Version::V0x13,
                    params,
                );
                let mut out = Zeroizing::new([0u8; 32]);
                a2.hash_password_into(password, &salt, out.as_mut())
                    .map_err(|_| Error::malformed("argon2", "params", "rejected by argon2"))?;
                Ok(format!(
                    "$argon2id$v=19$m={m_kib},t={t},p={p}${}${}",
                    B64.encode(salt),
                    B64.encode(out.as_ref())
                ))
            }
            Target::Bcrypt { cost } => {
                let hashed = bcrypt::hash_with_salt(password, cost, salt)
                    .map_err(|_| Error::malformed("bcrypt", "cost", "rejected by bcrypt"))?;
                Ok(hashed.format_for_version(bcrypt::Version::TwoB))
            }
            Target::Scrypt { log_n, r, p } => {
                let params = scrypt::Params::new(log_n, r, p)
                    .map_err(|_| Error::malformed("policy", "scrypt params", "rejected"))?;
                let mut out = Zeroizing::new([0u8; 32]);
                scrypt::scrypt(password, &salt, &params, out.as_mut())
                    .map_err(|_| Error::malformed("scrypt", "params", "rejected by scrypt"))?;
                Ok(format!(
                    "$scrypt$ln={log_n},r={r},p={p}${}${}",
                    B64.encode(salt),
                    B64.encode(out.as_ref())
                ))
            }
            Target::Pbkdf2Sha256 { iterations } => {
                let mut out = Zeroizing::new([0u8; 32]);
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &salt, iterations, out.as_mut());
                Ok(format!(
                    "$pbkdf2-sha256$i={iterations},l=32${}${}",
                    B64.encode(salt),
                    B64.encode(out.as_ref())
                ))
            }
        }
    }
}

impl Default for Target {
    fn default() -> Self {
        Target::OWASP_ARGON2ID
    }
}

/// The upgrade policy: the target every weak hash is rewritten to, other modern hashes that may
/// stay as they are, and the resource [`Limits`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// What weak hashes are upgraded to.
    pub target: Target,
    /// Further hashes that need no upgrade when at least this strong (for example bcrypt cost 12
    /// on a platform that stores both). Empty by default: everything not meeting `target` is
    /// upgraded.
    pub also_accept: Vec<Target>,
    /// Resource ceilings, checked before any work.
    pub limits: Limits,
}

impl Policy {
    /// A policy writing `target`, with default limits.
    pub fn new(target: Target) -> Self {
        Policy {
            target,
            ..Policy::default()
        }
    }

    /// Replace the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Also accept `target`-or-stronger hashes as they are.
    pub fn also_accept(mut self, target: Target) -> Self {
        self.also_accept.push(target);
        self
    }

    /// Whether a stored hash described by `existing` (`None`: a legacy format) must be upgraded.
    pub fn needs_upgrade(&self, existing: Option<&Target>) -> bool {
        match existing {
            None => true,
            Some(e) => {
                !(self.target.is_met_by(e) || self.also_accept.iter().any(|t| t.is_met_by(e)))
            }
        }
    }
}
