//! Resource ceilings checked while parsing, before any key derivation runs.
//!
//! A stored hash names its own cost. On a login path that string may come from a tampered database
//! or a hostile import file, so every cost it names is checked here first: a bcrypt cost of 31 is
//! two days of CPU, an scrypt `ln=40` asks for a petabyte and aborts the process, and sha-crypt
//! with a megabyte password is quadratic. Each parameter has its ceiling, and the whole verify has
//! one more: its estimated work ([`crate::cost`], one unit per SHA-256 compression) must fit
//! [`Limits::max_work`], because parameters each within bounds multiply (PBKDF2-SHA512 at the
//! iteration and output-length ceilings is 70 seconds). The defaults let every cost a real
//! producer writes by default verify, and keep any one verify under about 2 seconds and 256 MiB
//! on the reference machine; all are public fields and can be changed.
//!
//! These bound one verify. What many verifies at once may hold together is the migrator's
//! [`crate::memory::MemoryBudget`] (`Migrator::with_memory_budget`); what threads keep between
//! hashes is [`Limits::max_kept_bytes`].

use crate::cost;
use crate::error::{Error, Result};
use crate::primitives::Algorithm;

/// Ceilings for every input an attacker can put in a password, hash string or parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest password accepted, in bytes. sha-crypt and several digest-iterating schemes cost
    /// O(length) per round, so a long password is a cost multiplier.
    pub max_password_bytes: usize,
    /// Longest stored credential (hash string, JSON object) accepted, in bytes.
    pub max_hash_bytes: usize,
    /// Longest separate salt accepted, in bytes.
    pub max_salt_bytes: usize,
    /// Most work one verify may take, in work units (one SHA-256 block compression, about 62 ns
    /// on the reference machine; the table is in the `cost` module's source). The default,
    /// 32 million, is about 2 seconds there: bcrypt up to cost 15, PBKDF2-SHA256 up to its
    /// 5 million iteration ceiling for 64 bytes of output, PBKDF2-SHA512 up to 2.6 million,
    /// sha512-crypt up to 4.5 million rounds for a short password, argon2 at 256 MiB up to
    /// 8 passes. Every default of a real producer is far below (Django's 1,200,000
    /// PBKDF2-SHA256 iterations are 2.4 million units).
    pub max_work: u64,
    /// Most memory one verify may allocate, in bytes: an scrypt or yescrypt array (128·r·N,
    /// and 128·r·p for the lanes) or argon2's `m` KiB. 256 MiB by default: four times RFC 9106's
    /// second recommendation (64 MiB), and room for libxcrypt's `mkpasswd -m yescrypt -R 9`.
    pub max_memory_bytes: u64,
    /// Most memory the memory-hard engines keep between hashes (scrypt's and yescrypt's V,
    /// argon2's blocks), over every thread of the process together, in bytes. A thread keeps the
    /// (wiped) array of its last hash of each kind, when at most 64 MiB (libxcrypt's default
    /// `$7$` array, RFC 9106's second argon2 recommendation), for its next one: faulting a fresh
    /// array in is 15% of a `$7$` verify and, with its zeroing, 6% of an argon2id one. Without a
    /// process-wide bound a host with a 512-thread blocking pool would keep 32 GiB by accident;
    /// with it, an array that would take the total over this bound is freed instead. 256 MiB by
    /// default: thirteen argon2id areas of OWASP's 19 MiB, or four `$7$` arrays. 0 keeps
    /// nothing. Each migrator's calls judge by their own limits against the one process total.
    pub max_kept_bytes: u64,
    /// Highest bcrypt cost (log2 of the rounds); 2^cost key expansions. The work budget refuses
    /// cost 16 and above at its default.
    pub max_bcrypt_cost: u32,
    /// Most rounds of an iterated-digest crypt (sha256/sha512-crypt, SunMD5, sha1-crypt, BSDi,
    /// phpass's 2^count, Drupal, FSHP, ...).
    pub max_crypt_rounds: u64,
    /// Most PBKDF2 / SCRAM / iterated-HMAC iterations.
    pub max_pbkdf2_iterations: u64,
    /// Largest derived-key length a stored format may ask for, in bytes.
    pub max_output_bytes: usize,
    /// Most argon2 passes (the `t=` parameter).
    pub max_argon2_passes: u32,
    /// Most argon2 lanes (the `p=` parameter).
    pub max_argon2_lanes: u32,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        max_password_bytes: 4096,
        max_hash_bytes: 16 * 1024,
        max_salt_bytes: 1024,
        max_work: 32_000_000,
        max_memory_bytes: 256 << 20,
        max_kept_bytes: 256 << 20,
        max_bcrypt_cost: 16,
        max_crypt_rounds: 10_000_000,
        max_pbkdf2_iterations: 5_000_000,
        max_output_bytes: 1024,
        max_argon2_passes: 64,
        max_argon2_lanes: 64,
    };

    /// Check a cost against its ceiling; the error names `scheme`, `param` and the setting
    /// `knob` that raises the ceiling.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] when `value` is over `limit`.
    pub fn check(
        scheme: &'static str,
        param: &'static str,
        value: u64,
        limit: u64,
        knob: &'static str,
    ) -> Result<()> {
        if value > limit {
            Err(Error::limit(scheme, param, value, limit, knob))
        } else {
            Ok(())
        }
    }

    /// Check the estimated work of a verify, in work units, against [`Limits::max_work`].
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming `Limits::max_work`.
    pub fn work(&self, scheme: &'static str, units: u64) -> Result<()> {
        Self::check(
            scheme,
            "work (units)",
            units,
            self.max_work,
            "Limits::max_work",
        )
    }

    /// Check memory a verify would allocate against [`Limits::max_memory_bytes`].
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming `Limits::max_memory_bytes`.
    pub fn memory(&self, scheme: &'static str, bytes: u64) -> Result<()> {
        Self::check(
            scheme,
            "memory (bytes)",
            bytes,
            self.max_memory_bytes,
            "Limits::max_memory_bytes",
        )
    }

    /// Check `rounds` of an iterated crypt against [`Limits::max_crypt_rounds`], and their work
    /// (`units_per_round` each, from [`crate::cost`]) against the work budget.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming the ceiling that was passed.
    pub(crate) fn rounds(
        &self,
        scheme: &'static str,
        rounds: u64,
        units_per_round: u64,
    ) -> Result<()> {
        Self::check(
            scheme,
            "rounds",
            rounds,
            self.max_crypt_rounds,
            "Limits::max_crypt_rounds",
        )?;
        self.work(scheme, rounds.saturating_mul(units_per_round))
    }

    /// Check a PBKDF2-style iteration count (zero is malformed, not a limit).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`] for zero, [`crate::ErrorKind::Limit`] over the ceiling.
    pub fn pbkdf2_iterations(&self, scheme: &'static str, iterations: u64) -> Result<()> {
        if iterations == 0 {
            return Err(Error::malformed(scheme, "iterations", "must be at least 1"));
        }
        Self::check(
            scheme,
            "iterations",
            iterations,
            self.max_pbkdf2_iterations,
            "Limits::max_pbkdf2_iterations",
        )
    }

    /// Check a whole PBKDF2-HMAC-`alg`: the iterations, the output length, and the work of both
    /// together (iterations × output blocks × the digest's block cost).
    ///
    /// # Errors
    /// As [`Limits::pbkdf2_iterations`], [`Limits::output_len`] and [`Limits::work`].
    pub fn pbkdf2(
        &self,
        scheme: &'static str,
        alg: Algorithm,
        iterations: u64,
        len: usize,
    ) -> Result<()> {
        self.pbkdf2_iterations(scheme, iterations)?;
        self.output_len(scheme, len)?;
        self.work(scheme, cost::pbkdf2(alg, iterations, len as u64))
    }

    /// Check a derived-key length (zero is malformed, not a limit).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`] for zero, [`crate::ErrorKind::Limit`] over the ceiling.
    pub fn output_len(&self, scheme: &'static str, len: usize) -> Result<()> {
        if len == 0 {
            return Err(Error::malformed(scheme, "digest", "empty"));
        }
        Self::check(
            scheme,
            "output length",
            len as u64,
            self.max_output_bytes as u64,
            "Limits::max_output_bytes",
        )
    }

    /// Check a separately supplied salt.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] over [`Limits::max_salt_bytes`].
    pub fn salt_len(&self, scheme: &'static str, len: usize) -> Result<()> {
        Self::check(
            scheme,
            "salt length",
            len as u64,
            self.max_salt_bytes as u64,
            "Limits::max_salt_bytes",
        )
    }

    /// Check a bcrypt cost, and the work of `readings` verifies at it (2 where a password with a
    /// NUL is tried both as a C string and whole).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] over [`Limits::max_bcrypt_cost`] or the work budget.
    pub fn bcrypt(&self, scheme: &'static str, cost: u32, readings: u64) -> Result<()> {
        Self::check(
            scheme,
            "cost",
            u64::from(cost),
            u64::from(self.max_bcrypt_cost),
            "Limits::max_bcrypt_cost",
        )?;
        self.work(scheme, cost::bcrypt(cost).saturating_mul(readings))
    }

    /// Check argon2 parameters: `m_kib` KiB of memory, `t` passes, `p` lanes, and their work.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming the ceiling that was passed.
    pub fn argon2(&self, scheme: &'static str, m_kib: u64, t: u64, p: u64) -> Result<()> {
        self.memory(scheme, m_kib.saturating_mul(1024))?;
        Self::check(
            scheme,
            "t",
            t,
            u64::from(self.max_argon2_passes),
            "Limits::max_argon2_passes",
        )?;
        Self::check(
            scheme,
            "p",
            p,
            u64::from(self.max_argon2_lanes),
            "Limits::max_argon2_lanes",
        )?;
        self.work(scheme, cost::argon2(m_kib, t))
    }

    /// Check scrypt parameters: `n` (not log2), `r`, `p`. See [`Limits::scrypt_family`].
    ///
    /// # Errors
    /// As [`Limits::scrypt_family`].
    pub fn scrypt(&self, scheme: &'static str, n: u64, r: u64, p: u64) -> Result<()> {
        self.scrypt_family(scheme, n, r, p, 0)
    }

    /// Bound an scrypt-family hash (scrypt, `$7$`, yescrypt with its time parameter `t`) before
    /// any allocation.
    ///
    /// `n` must be a power of two of at least 2 and `r`, `p` at least 1 (else malformed). The
    /// N-block array (128·r·N bytes, allocated once while the lanes run one after another) and
    /// the lanes' input buffer (128·r·p bytes) must each fit [`Limits::max_memory_bytes`], and
    /// the work N·r·p·(t+1) the work budget. (libxcrypt's `mkpasswd -m scrypt -R 11` writes
    /// N = 2^18, r = 32 hashes whose array is 1 GiB: four times the default.)
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`] for impossible parameters, [`crate::ErrorKind::Limit`]
    /// naming the ceiling that was passed.
    pub fn scrypt_family(
        &self,
        scheme: &'static str,
        n: u64,
        r: u64,
        p: u64,
        t: u64,
    ) -> Result<()> {
        if n < 2 || !n.is_power_of_two() {
            return Err(Error::malformed(
                scheme,
                "N",
                "must be a power of two of at least 2",
            ));
        }
        if r == 0 || p == 0 {
            return Err(Error::malformed(scheme, "r/p", "must be at least 1"));
        }
        let block = r.saturating_mul(128);
        self.memory(scheme, block.saturating_mul(n))?;
        self.memory(scheme, block.saturating_mul(p))?;
        self.work(scheme, cost::scrypt(n, r, p, t))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn scrypt_bounds() {
        let l = Limits::DEFAULT;
        assert!(l.scrypt_family("t", 1 << 16, 32, 1, 0).is_ok());
        assert_eq!(
            l.scrypt_family("t", 1 << 17, 32, 1, 0).unwrap_err().kind(),
            ErrorKind::Limit
        );
        assert_eq!(
            l.scrypt_family("t", 2, 1, 1 << 25, 0).unwrap_err().kind(),
            ErrorKind::Limit
        );
        assert_eq!(
            l.scrypt_family("t", 1 << 63, 64, 64, 0).unwrap_err().kind(),
            ErrorKind::Limit
        );
        assert_eq!(
            l.scrypt_family("t", 1 << 12, 32, 1, 1 << 20)
                .unwrap_err()
                .kind(),
            ErrorKind::Limit
        );
        assert_eq!(
            l.scrypt_family("t", 3, 1, 1, 0).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            l.scrypt_family("t", 4, 0, 1, 0).unwrap_err().kind(),
            ErrorKind::Malformed
        );
    }
}
