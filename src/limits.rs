//! Resource ceilings checked while parsing, before any key derivation runs.
//!
//! A stored hash names its own cost. On a login path that string may come from a tampered database
//! or a hostile import file, so every cost it names is checked here first: a bcrypt cost of 31 is
//! two days of CPU, an scrypt `ln=40` asks for a petabyte and aborts the process, and sha-crypt
//! with a megabyte password is quadratic. The defaults sit well above what real systems produce
//! and well below what would take a server down; all are public fields and can be changed.

use crate::error::{Error, Result};

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
    /// Highest bcrypt cost (log2 of the rounds); 2^cost key expansions.
    pub max_bcrypt_cost: u32,
    /// Most rounds of an iterated-digest crypt (sha256/sha512-crypt, SunMD5, sha1-crypt, BSDi,
    /// phpass's 2^count, Drupal, FSHP, ...).
    pub max_crypt_rounds: u64,
    /// Most PBKDF2 / SCRAM / iterated-HMAC iterations.
    pub max_pbkdf2_iterations: u64,
    /// Largest derived-key length a stored format may ask for, in bytes.
    pub max_output_bytes: usize,
    /// Most memory an scrypt or yescrypt hash may ask for, in bytes (128 · r · N, plus p lanes
    /// for scrypt).
    pub max_scrypt_memory_bytes: u64,
    /// Most scrypt/yescrypt work, N · r · p (in 128-byte block mixes).
    pub max_scrypt_work: u64,
    /// Most argon2 memory, in KiB (the `m=` parameter).
    pub max_argon2_memory_kib: u32,
    /// Most argon2 passes (the `t=` parameter).
    pub max_argon2_passes: u32,
    /// Most argon2 lanes (the `p=` parameter).
    pub max_argon2_lanes: u32,
    /// Most argon2 work, memory times passes (`m · t`, KiB-passes). Memory and passes are each
    /// within bounds at m=1 GiB and t=64, but together that is minutes of CPU.
    pub max_argon2_work: u64,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        max_password_bytes: 4096,
        max_hash_bytes: 16 * 1024,
        max_salt_bytes: 1024,
        max_bcrypt_cost: 16,
        max_crypt_rounds: 10_000_000,
        max_pbkdf2_iterations: 5_000_000,
        max_output_bytes: 1024,
        max_scrypt_memory_bytes: 1 << 30,
        max_scrypt_work: 1 << 26,
        max_argon2_memory_kib: 1 << 20,
        max_argon2_passes: 64,
        max_argon2_lanes: 64,
        max_argon2_work: 1 << 22,
    };

    /// Check a cost against its ceiling; the error names `scheme`, `param` and the setting
    /// `knob` that raises the ceiling.
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

    /// Check a count of crypt rounds.
    pub fn crypt_rounds(&self, scheme: &'static str, rounds: u64) -> Result<()> {
        Self::check(
            scheme,
            "rounds",
            rounds,
            self.max_crypt_rounds,
            "Limits::max_crypt_rounds",
        )
    }

    /// Check the rounds of a crypt whose every round hashes the whole password (sha-crypt,
    /// SunMD5): the rounds are weighted by the password length in 128-byte units, so a
    /// 4 KiB password counts 32 times. Without this a long password and a high round count,
    /// each within bounds, add up to minutes of CPU.
    pub fn crypt_rounds_for(
        &self,
        scheme: &'static str,
        rounds: u64,
        password_len: usize,
    ) -> Result<()> {
        let weight = (password_len as u64).div_ceil(128).max(1);
        Self::check(
            scheme,
            "rounds x password blocks",
            rounds.saturating_mul(weight),
            self.max_crypt_rounds,
            "Limits::max_crypt_rounds",
        )
    }

    /// Check a PBKDF2-style iteration count (zero is malformed, not a limit).
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

    /// Check a derived-key length (zero is malformed, not a limit).
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
    pub fn salt_len(&self, scheme: &'static str, len: usize) -> Result<()> {
        Self::check(
            scheme,
            "salt length",
            len as u64,
            self.max_salt_bytes as u64,
            "Limits::max_salt_bytes",
        )
    }

    /// Check scrypt parameters: `n` (not log2), `r`, `p`. See [`Limits::scrypt_family`].
    pub fn scrypt(&self, scheme: &'static str, n: u64, r: u64, p: u64) -> Result<()> {
        self.scrypt_family(scheme, n, r, p, 0)
    }

    /// Bound an scrypt-family hash (scrypt, `$7$`, yescrypt with its time parameter `t`) before
    /// any allocation.
    ///
    /// `n` must be a power of two of at least 2 and `r`, `p` at least 1 (else malformed). The
    /// N-block array (128·r·N bytes, allocated once while the lanes run one after another) and
    /// the lanes' input buffer (128·r·p bytes) must each fit `max_scrypt_memory_bytes`, and the
    /// work N·r·p·(t+1) must fit `max_scrypt_work`. (libxcrypt's `mkpasswd -m scrypt -R 11`
    /// writes N = 2^18, r = 32 hashes whose array is exactly 1 GiB, the default ceiling.)
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
        Self::check(
            scheme,
            "memory (bytes)",
            block.saturating_mul(n),
            self.max_scrypt_memory_bytes,
            "Limits::max_scrypt_memory_bytes",
        )?;
        Self::check(
            scheme,
            "lane memory (bytes)",
            block.saturating_mul(p),
            self.max_scrypt_memory_bytes,
            "Limits::max_scrypt_memory_bytes",
        )?;
        let work = n
            .saturating_mul(r)
            .saturating_mul(p)
            .saturating_mul(t.saturating_add(1));
        Self::check(
            scheme,
            "work N*r*p",
            work,
            self.max_scrypt_work,
            "Limits::max_scrypt_work",
        )
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
        assert!(l.scrypt_family("t", 1 << 18, 32, 1, 0).is_ok());
        assert_eq!(
            l.scrypt_family("t", 1 << 19, 32, 1, 0).unwrap_err().kind(),
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
