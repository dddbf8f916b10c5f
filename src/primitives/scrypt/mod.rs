//! scrypt and yescrypt: one cost type, one bounded entry point, our own engine.
//!
//! Every scheme of the family (`$scrypt$`, `$7$`, `$y$`, `$gy$`, Django's, Werkzeug's,
//! Spring's and Cisco's scrypt, Firebase, Auth0, the scrypt upgrade target) states its cost as
//! a [`ScryptCost`] and calls [`derive()`], which, in this order:
//! 1. checks the cost against [`Limits::scrypt_family`] and what the algorithm can compute
//!    ([`ScryptCost::check`]), and the output length against [`Limits::output_len`];
//! 2. reserves [`ScryptCost::memory_bytes`] from the memory budget of the migrator call on this
//!    thread ([`crate::memory::reserve`]), waiting for it if the budget is full;
//! 3. allocates the buffers fallibly: a refusal is [`crate::ErrorKind::Unavailable`], never an
//!    abort (the `scrypt` crate allocates V infallibly; `ln=40` would ask for a petabyte);
//! 4. computes, then wipes every buffer (V is kept, wiped, for the thread's next hash within
//!    [`Limits::max_kept_bytes`]; see the `scratch` module).
//!
//! The engine is laid out like libxcrypt's optimised `yescrypt-opt.c`, in safe Rust (`salsa`,
//! `pwxform`, `engine`). Why our own: the `yescrypt` crate transcribes the reference code and
//! runs libxcrypt's default `$y$j9T$` hashes about 1.6 times slower than libxcrypt itself; the
//! `scrypt` crate runs `$7$` about 5% slower than libxcrypt (a separate XOR pass per step, V
//! zero-filled per call) and cannot fail an allocation gracefully. A migration verifies on the
//! login path of the system it replaces and must not be slower.
//!
//! Computes classic scrypt (yescrypt flavor 0), yescrypt WORM (1) and the read-write flavor
//! libxcrypt writes (pwxform: 6 rounds, gather 4, simple 2, 12 KiB S-boxes per lane). ROMs and
//! hash upgrades (g) are not supported, as in libxcrypt's `crypt`. Known answers (the reference
//! implementation's `TESTS-OK`, RFC 7914) are test data in `known_answers.txt`.

mod engine;
mod pwxform;
mod salsa;
mod scratch;
#[cfg(test)]
mod tests;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::memory;

use engine::Shape;
use scratch::Buffers;

/// Bytes of one sub-block (a 64-byte Salsa20 block; scrypt's blocks are 2r of them).
const SUB_BLOCK: u64 = 64;
/// Bytes of one lane's three pwxform S-boxes.
const SBOX_BYTES: u64 = 3 * 256 * 16;

/// Which function of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Flavor {
    /// Classic scrypt (RFC 7914; yescrypt flavor 0).
    Classic,
    /// yescrypt write-once, read-many (flavor 1).
    Worm,
    /// yescrypt read-write, with libxcrypt's pwxform settings (flavor 47, `$y$j...`).
    Rw,
}

/// The cost of one scrypt or yescrypt computation: `n` is N itself (not its log2), as export
/// formats state it. A plain value: [`ScryptCost::check`] validates it, and [`derive()`]
/// checks it again before anything is allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ScryptCost {
    flavor: Flavor,
    n: u64,
    r: u64,
    p: u64,
    t: u64,
}

impl ScryptCost {
    /// Classic scrypt with N = `n`, block size `r` and parallelism `p`.
    pub(crate) const fn scrypt(n: u64, r: u64, p: u64) -> Self {
        ScryptCost {
            flavor: Flavor::Classic,
            n,
            r,
            p,
            t: 0,
        }
    }

    /// Classic scrypt with N = 2^`log_n`; `None` when N does not fit 64 bits.
    pub(crate) fn scrypt_log2(log_n: u64, r: u64, p: u64) -> Option<Self> {
        let n = 1u64.checked_shl(u32::try_from(log_n).ok()?)?;
        Some(Self::scrypt(n, r, p))
    }

    /// yescrypt of `flavor` with N, r, p and the time factor `t`.
    pub(crate) const fn yescrypt(flavor: Flavor, n: u64, r: u64, p: u64, t: u64) -> Self {
        ScryptCost { flavor, n, r, p, t }
    }

    /// N, r, p.
    pub(crate) const fn nrp(&self) -> (u64, u64, u64) {
        (self.n, self.r, self.p)
    }

    /// What a computation at this cost reserves from the memory budget, in bytes: V
    /// (128·r·N), the lanes (128·r·p), BlockMix's scratch (256·r) and, in the read-write
    /// flavor, 12 KiB of S-boxes per lane and one more for their setup. Saturates.
    pub(crate) fn memory_bytes(&self) -> u64 {
        let block = self.r.saturating_mul(2 * SUB_BLOCK);
        let mut bytes = block
            .saturating_mul(self.n)
            .saturating_add(block.saturating_mul(self.p))
            .saturating_add(block.saturating_mul(2));
        if self.flavor == Flavor::Rw {
            // Per lane: its S-boxes and its pwxform state (four words).
            bytes = bytes
                .saturating_add(self.p.saturating_mul(SBOX_BYTES + 32))
                .saturating_add(SBOX_BYTES);
        }
        bytes
    }

    /// Check the cost, naming `scheme`: against `limits` ([`Limits::scrypt_family`]: N a power
    /// of two of at least 2, r and p at least 1, memory and work bounded), then against what
    /// the algorithm can compute (r·p below 2^30, N at most 2^32, no time factor for classic
    /// scrypt, N/p at least 2 in the read-write flavor, buffer sizes representable).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming the ceiling passed, [`crate::ErrorKind::Malformed`]
    /// for parameters the algorithm cannot run with.
    pub(crate) fn check(&self, scheme: &'static str, limits: &Limits) -> Result<()> {
        limits.scrypt_family(scheme, self.n, self.r, self.p, self.t)?;
        self.shape()
            .map(|_| ())
            .ok_or_else(|| Error::malformed(scheme, "params", "not computable by scrypt"))
    }

    /// The dimensions the engine runs with, or `None` for what it cannot compute.
    fn shape(&self) -> Option<Shape> {
        let (n, r, p) = (self.n, self.r, self.p);
        let ok = n >= 2
            && n.is_power_of_two()
            && n <= 1 << 32
            && r >= 1
            && p >= 1
            && r.checked_mul(p).is_some_and(|rp| rp < 1 << 30)
            && !(self.flavor == Flavor::Classic && self.t != 0)
            && !(self.flavor == Flavor::Rw && n / p < 2);
        let bytes = |count: u64| {
            count
                .checked_mul(r)
                .and_then(|c| c.checked_mul(2 * SUB_BLOCK))
                .and_then(|b| usize::try_from(b).ok())
        };
        if !ok || bytes(n).is_none() || bytes(p).is_none() {
            return None;
        }
        Some(Shape {
            flavor: self.flavor,
            n: usize::try_from(n).ok()?,
            r: usize::try_from(r).ok()?,
            p: usize::try_from(p).ok()?,
            t: u32::try_from(self.t).ok()?,
        })
    }
}

/// scrypt or yescrypt of `password` and `salt` at `cost`, `len` bytes of output (wiped on
/// drop): the one entry point of the family. Checks `cost` and `len` against `limits` (naming
/// `scheme`), reserves the memory from the budget, allocates it fallibly, computes and wipes.
///
/// # Errors
/// - [`crate::ErrorKind::Limit`] or [`crate::ErrorKind::Malformed`] from the checks, before
///   anything is allocated (and [`crate::ErrorKind::Limit`] naming
///   `Migrator::with_memory_budget` when the memory is more than the whole budget);
/// - [`crate::ErrorKind::Unavailable`] when the budget stayed full for its whole wait, or the
///   allocator refused the memory.
pub(crate) fn derive(
    scheme: &'static str,
    password: &[u8],
    salt: &[u8],
    cost: ScryptCost,
    len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    cost.check(scheme, limits)?;
    limits.output_len(scheme, len)?;
    let shape = cost
        .shape()
        .ok_or_else(|| Error::malformed(scheme, "params", "not computable by scrypt"))?;
    let _held = memory::reserve(scheme, cost.memory_bytes())?;
    let mut buffers = Buffers::allocate(scheme, &shape, limits)?;
    let mut out = Zeroizing::new(vec![0u8; len]);
    engine::compute(password, salt, &shape, &mut buffers, &mut out).map_err(|_| {
        Error::unavailable(format!(
            "{scheme}: the allocator refused the lanes' pwxform states"
        ))
    })?;
    Ok(out)
}
