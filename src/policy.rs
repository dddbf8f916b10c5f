//! What counts as strong enough, and what a weak hash is upgraded to.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::scrypt::ScryptCost;

/// A modern hash the policy can write, with its cost parameters.
///
/// Also used to describe an existing hash of one of these kinds ([`crate::Scheme::as_target`]),
/// so that "is this stored hash already good enough?" is one comparison.
///
/// Built with the constructors ([`Target::argon2id`], [`Target::bcrypt`], ...): the variants
/// are `#[non_exhaustive]` so that a target can gain a parameter (an argon2 secret, a scrypt
/// output length) without breaking callers; match them with `..`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// argon2id, version 19, 16-byte salt, 32-byte output, as a PHC string.
    #[non_exhaustive]
    Argon2id {
        /// Memory in KiB.
        m_kib: u32,
        /// Passes.
        t: u32,
        /// Lanes.
        p: u32,
    },
    /// bcrypt `$2b$` (for platforms that cannot store argon2). Truncates passwords at 72 bytes.
    #[non_exhaustive]
    Bcrypt {
        /// log2 of the rounds.
        cost: u32,
    },
    /// scrypt as a PHC / passlib string `$scrypt$ln=..,r=..,p=..$salt$hash`.
    #[non_exhaustive]
    Scrypt {
        /// log2 of N.
        log_n: u8,
        /// Block size.
        r: u32,
        /// Parallelism.
        p: u32,
    },
    /// PBKDF2-HMAC-SHA256 as a PHC string `$pbkdf2-sha256$i=..,l=32$salt$hash`.
    #[non_exhaustive]
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

    /// argon2id (version 19) with `m_kib` KiB of memory, `t` passes and `p` lanes.
    pub const fn argon2id(m_kib: u32, t: u32, p: u32) -> Self {
        Target::Argon2id { m_kib, t, p }
    }

    /// bcrypt `$2b$` at `cost` (log2 of the rounds).
    pub const fn bcrypt(cost: u32) -> Self {
        Target::Bcrypt { cost }
    }

    /// scrypt with N = 2^`log_n`, block size `r` and parallelism `p`.
    pub const fn scrypt(log_n: u8, r: u32, p: u32) -> Self {
        Target::Scrypt { log_n, r, p }
    }

    /// PBKDF2-HMAC-SHA256 with `iterations`.
    pub const fn pbkdf2_sha256(iterations: u32) -> Self {
        Target::Pbkdf2Sha256 { iterations }
    }

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

    /// The hash string this target writes for `salt` and `digest` (bcrypt: 16 and 23 bytes;
    /// the others: 16 and 32).
    fn format(&self, salt: &[u8], digest: &[u8]) -> String {
        use crate::encoding::b64;
        let b64 = |bytes: &[u8]| b64::encode(&b64::STANDARD_NO_PAD, bytes);
        match *self {
            Target::Argon2id { m_kib, t, p } => format!(
                "$argon2id$v=19$m={m_kib},t={t},p={p}${}${}",
                b64(salt),
                b64(digest)
            ),
            Target::Bcrypt { cost } => {
                use crate::schemes::unix::bcrypt::encode_bcrypt64;
                format!(
                    "$2b${cost:02}${}{}",
                    encode_bcrypt64(salt),
                    encode_bcrypt64(digest)
                )
            }
            Target::Scrypt { log_n, r, p } => {
                format!(
                    "$scrypt$ln={log_n},r={r},p={p}${}${}",
                    b64(salt),
                    b64(digest)
                )
            }
            Target::Pbkdf2Sha256 { iterations } => format!(
                "$pbkdf2-sha256$i={iterations},l=32${}${}",
                b64(salt),
                b64(digest)
            ),
        }
    }

    /// A string of this target's format with these parameters and an all-zero salt and digest:
    /// what [`crate::Migrator::new`] hands the registry to prove that the hashes this target
    /// writes are read back, within the same limits.
    pub(crate) fn sample(&self) -> String {
        let digest_len = if matches!(self, Target::Bcrypt { .. }) {
            23
        } else {
            32
        };
        self.format(&[0; 16], &vec![0; digest_len])
    }

    /// Estimated work (in [`crate::Limits::max_work`] units) and memory (bytes) of one hash of
    /// this target.
    pub fn cost(&self) -> (u64, u64) {
        match *self {
            Target::Argon2id { m_kib, t, .. } => (
                crate::cost::argon2(u64::from(m_kib), u64::from(t)),
                u64::from(m_kib) * 1024,
            ),
            Target::Bcrypt { cost } => (crate::cost::bcrypt(cost), 4096),
            Target::Scrypt { log_n, r, p } => {
                let n = 1u64.checked_shl(u32::from(log_n)).unwrap_or(u64::MAX);
                (
                    crate::cost::scrypt(n, u64::from(r), u64::from(p), 0),
                    n.saturating_mul(u64::from(r)).saturating_mul(128),
                )
            }
            Target::Pbkdf2Sha256 { iterations } => (
                crate::cost::pbkdf2(
                    crate::primitives::Algorithm::Sha256,
                    u64::from(iterations),
                    32,
                ),
                0,
            ),
        }
    }

    /// Bytes one hash of this target reserves from the memory budget (argon2's blocks, scrypt's
    /// buffers; none for bcrypt and PBKDF2, whose few KiB are not budgeted).
    pub(crate) fn reserved_bytes(&self) -> u64 {
        match *self {
            // argon2 rounds m down to a multiple of 4·p blocks of 1 KiB; never more than m.
            Target::Argon2id { m_kib, .. } => u64::from(m_kib) * 1024,
            Target::Scrypt { log_n, r, p } => {
                ScryptCost::scrypt_log2(u64::from(log_n), u64::from(r), u64::from(p))
                    .map_or(u64::MAX, |c| c.memory_bytes())
            }
            Target::Bcrypt { .. } | Target::Pbkdf2Sha256 { .. } => 0,
        }
    }

    /// Whether this target would cut `password` short: bcrypt keys on at most 72 bytes and
    /// stops at a NUL. Such a password is refused by [`Target::hash`], never stored cut.
    pub fn truncates(&self, password: &[u8]) -> bool {
        matches!(self, Target::Bcrypt { .. })
            && (password.len() > crate::schemes::unix::bcrypt::KEY_BYTES || password.contains(&0))
    }

    /// Hash `password` into a new string of this target, with a fresh random salt, checked
    /// against `limits` as a stored hash of the same parameters would be.
    ///
    /// # Errors
    /// - [`crate::ErrorKind::Limit`] or [`crate::ErrorKind::Malformed`] when the parameters
    ///   are outside `limits` or the format (a [`crate::Migrator`] refuses such a policy when
    ///   it is built, as [`crate::ErrorKind::Config`]);
    /// - [`crate::ErrorKind::Limit`] for a password the bcrypt target would truncate (over 72
    ///   bytes, or with a NUL): storing it cut would accept other passwords too, and ask for an
    ///   upgrade at every login;
    /// - [`crate::ErrorKind::Unavailable`] when the operating system gives no random salt, or
    ///   (argon2, scrypt) the memory budget stayed full for its whole wait or the allocator
    ///   refused the memory: the memory is reserved from the budget of the
    ///   [`crate::Migrator`] call on this thread, or the process default budget.
    pub fn hash(&self, password: &[u8], limits: &Limits) -> Result<String> {
        if self.truncates(password) {
            return Err(if password.contains(&0) {
                Error::limit(
                    "bcrypt",
                    "NUL bytes in a password for the bcrypt target:",
                    password.iter().filter(|&&b| b == 0).count() as u64,
                    0,
                    "",
                )
            } else {
                Error::limit(
                    "bcrypt",
                    "password length for the bcrypt target",
                    password.len() as u64,
                    crate::schemes::unix::bcrypt::KEY_BYTES as u64,
                    "",
                )
            });
        }
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|_| Error::unavailable("no operating-system random source for the salt"))?;
        match *self {
            Target::Argon2id { m_kib, t, p } => {
                limits.argon2("argon2", u64::from(m_kib), u64::from(t), u64::from(p))?;
                let params = crate::schemes::phc::argon2::Argon2Params {
                    variant: argon2::Algorithm::Argon2id,
                    version: argon2::Version::V0x13,
                    m_kib,
                    t,
                    p,
                };
                let out = crate::schemes::phc::argon2::argon2_raw(
                    "argon2", params, None, password, &salt, 32, limits,
                )?;
                Ok(self.format(&salt, &out))
            }
            Target::Bcrypt { cost } => {
                limits.bcrypt("bcrypt", cost, 1)?;
                if !(4..=31).contains(&cost) {
                    return Err(Error::malformed("bcrypt", "cost", "must be 4..=31"));
                }
                Ok(crate::schemes::unix::bcrypt::hash_2b(password, &salt, cost))
            }
            Target::Scrypt { log_n, r, p } => {
                let cost = ScryptCost::scrypt_log2(u64::from(log_n), u64::from(r), u64::from(p))
                    .ok_or_else(|| Error::malformed("scrypt", "ln", "must be 1..=63"))?;
                let out =
                    crate::primitives::scrypt::derive("scrypt", password, &salt, cost, 32, limits)?;
                Ok(self.format(&salt, &out))
            }
            Target::Pbkdf2Sha256 { iterations } => {
                let out = crate::primitives::pbkdf2::derive(
                    "pbkdf2_sha256",
                    crate::primitives::Algorithm::Sha256,
                    password,
                    &salt,
                    u64::from(iterations),
                    32,
                    limits,
                )?;
                Ok(self.format(&salt, &out))
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
/// stay as they are, the ceiling above which even those are rewritten, and the resource
/// [`Limits`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// What weak hashes are upgraded to.
    pub target: Target,
    /// Further hashes that need no upgrade when at least this strong (for example bcrypt cost 12
    /// on a platform that stores both). Empty by default: everything not meeting `target` is
    /// upgraded.
    pub also_accept: Vec<Target>,
    /// A hash that meets `target` (or an `also_accept` entry) but costs more than this many
    /// times what that target costs, in work or in memory, is rehashed at the target's cost on
    /// its next successful login, as passlib's `max_rounds` does. Without it a planted argon2id
    /// at m=256 MiB t=8 would make every login of that user pay two seconds, forever. `None`
    /// keeps every such hash. Default 4.
    pub max_cost_factor: Option<u32>,
    /// Resource ceilings, checked before any work.
    pub limits: Limits,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            target: Target::default(),
            also_accept: Vec::new(),
            max_cost_factor: Some(4),
            limits: Limits::default(),
        }
    }
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

    /// Set [`Policy::max_cost_factor`].
    pub fn with_max_cost_factor(mut self, factor: Option<u32>) -> Self {
        self.max_cost_factor = factor;
        self
    }

    /// Whether a stored hash described by `existing` (`None`: a legacy format) must be upgraded:
    /// it meets no accepted target, or it costs more than [`Policy::max_cost_factor`] times
    /// every accepted target it meets.
    pub fn needs_upgrade(&self, existing: Option<&Target>) -> bool {
        let Some(e) = existing else {
            return true;
        };
        let (work, memory) = e.cost();
        let within = |t: &Target| match self.max_cost_factor {
            None => true,
            Some(f) => {
                let (tw, tm) = t.cost();
                work <= tw.saturating_mul(u64::from(f)) && memory <= tm.saturating_mul(u64::from(f))
            }
        };
        !std::iter::once(&self.target)
            .chain(&self.also_accept)
            .any(|t| t.is_met_by(e) && within(t))
    }
}
