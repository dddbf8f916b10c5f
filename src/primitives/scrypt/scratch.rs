//! The memory of one scrypt/yescrypt computation, allocated fallibly and wiped; and the array a
//! thread keeps between hashes, bounded across the process.
//!
//! The array V (128·r·N bytes) dominates. The allocator maps an array this large afresh on
//! every call, and faulting it in took 15% of a `$7$` verify; so a thread keeps its last V,
//! wiped, for its next hash of the same or a smaller cost (libxcrypt's `yescrypt_local_t`
//! idea). What is kept is bounded twice: a single V is kept only up to [`KEEP_ONE`] (64 MiB,
//! libxcrypt's default `$7$` array), and all the threads of the process together keep at most
//! [`Limits::max_scrypt_kept_bytes`] (256 MiB by default), so that a 512-thread blocking pool
//! does not hold 32 GiB between logins. A V that would take the total over the bound is wiped
//! and freed instead.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::{Zeroize, Zeroizing};

use super::engine::Shape;
use super::pwxform::Sbox;
use super::salsa::{Block, ZERO};
use super::{Flavor, SUB_BLOCK};
use crate::error::Result;
use crate::limits::Limits;
use crate::memory::{try_vec, try_with_capacity};

/// Largest V kept on a thread for its next hash, in bytes: libxcrypt's default `$7$` array
/// (N = 2^14, r = 32).
pub(super) const KEEP_ONE: u64 = 64 << 20;

/// Bytes of V kept by every thread of the process together (each [`Kept`] counts itself in and
/// out).
static KEPT: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The wiped V of this thread's last hash.
    static SPARE: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

/// A wiped V counted in [`KEPT`]; uncounted when dropped (also when its thread exits).
struct Kept(Vec<Block>);

impl Kept {
    fn bytes(v: &Vec<Block>) -> u64 {
        (v.capacity() as u64).saturating_mul(SUB_BLOCK)
    }

    /// Keep `v` (already wiped) if the process total stays within `max` bytes.
    fn admit(v: Vec<Block>, max: u64) -> Option<Kept> {
        let bytes = Self::bytes(&v);
        KEPT.fetch_update(Ordering::AcqRel, Ordering::Acquire, |k| {
            k.checked_add(bytes).filter(|total| *total <= max)
        })
        .ok()?;
        Some(Kept(v))
    }

    /// The array, no longer counted as kept (it is in use now, under a reservation).
    fn take(mut self) -> Vec<Block> {
        let v = core::mem::take(&mut self.0);
        KEPT.fetch_sub(Self::bytes(&v), Ordering::AcqRel);
        v
    }
}

impl Drop for Kept {
    fn drop(&mut self) {
        KEPT.fetch_sub(Self::bytes(&self.0), Ordering::AcqRel);
    }
}

/// Bytes of scrypt/yescrypt arrays kept between hashes now, by every thread of the process
/// together; at most the largest [`Limits::max_scrypt_kept_bytes`] in use.
pub(crate) fn kept_bytes() -> u64 {
    KEPT.load(Ordering::Acquire)
}

/// V for one hash: `len` sub-blocks (the read-write flavor starts empty with that capacity and
/// appends, never beyond it). Taken from the thread's spare when that is large enough; wiped
/// when dropped, then kept as the thread's spare if the bounds allow, else freed.
pub(super) struct Scratch {
    pub(super) v: Vec<Block>,
    /// The largest V this call keeps: [`KEEP_ONE`], or less if the process bound is less.
    keep_one: u64,
    /// [`Limits::max_scrypt_kept_bytes`] of the call: the process total it keeps within.
    keep_total: u64,
}

impl Scratch {
    fn take(scheme: &'static str, len: usize, flavor: Flavor, limits: &Limits) -> Result<Self> {
        let keep_total = limits.max_scrypt_kept_bytes;
        // Empty if the thread is already tearing its locals down.
        let spare = SPARE
            .try_with(|s| s.borrow_mut().take())
            .ok()
            .flatten()
            .map(Kept::take)
            .unwrap_or_default();
        let mut v = if spare.capacity() >= len {
            spare
        } else {
            // Fresh memory (zero pages from the system), not a copy of the smaller spare.
            drop(spare);
            try_with_capacity(scheme, len)?
        };
        if flavor == Flavor::Rw {
            v.clear();
        } else {
            // Within the capacity: no allocation. The spare's contents are zeros: only a longer
            // length writes.
            v.resize(len, ZERO);
        }
        Ok(Scratch {
            v,
            keep_one: keep_total.min(KEEP_ONE),
            keep_total,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut v = core::mem::take(&mut self.v);
        if Kept::bytes(&v) <= self.keep_one {
            // Everything past `len` is zeros already (a kept V is wiped whole, and the
            // read-write flavor writes only below `len`). The buffer stays reachable, so
            // these writes cannot be optimised away.
            v.fill(ZERO);
            if let Some(kept) = Kept::admit(v, self.keep_total) {
                // The previous spare, if any, is dropped (uncounted); so is this one if the
                // thread is tearing its locals down.
                let _ = SPARE.try_with(|s| s.replace(Some(kept)));
            }
        } else {
            v.zeroize();
        }
    }
}

/// Every buffer of one computation whose size a stored cost decides: V, the lanes B (128·r·p
/// bytes), the BlockMix scratch XY (256·r bytes) and, in the read-write flavor, the lanes'
/// S-boxes (12 KiB each). Allocated fallibly, wiped on drop.
pub(super) struct Buffers {
    pub(super) b: Zeroizing<Vec<u8>>,
    pub(super) xy: Zeroizing<Vec<Block>>,
    pub(super) v: Scratch,
    pub(super) boxes: Zeroizing<Vec<[Sbox; 3]>>,
}

impl Buffers {
    /// Allocate the buffers of `shape` (reserve them from the budget first).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Unavailable`] when the allocator refuses one of them.
    pub(super) fn allocate(scheme: &'static str, shape: &Shape, limits: &Limits) -> Result<Self> {
        let s = 2 * shape.r;
        let boxes = if shape.flavor == Flavor::Rw {
            shape.p
        } else {
            0
        };
        Ok(Buffers {
            b: Zeroizing::new(try_vec(scheme, 64 * s * shape.p, 0u8)?),
            xy: Zeroizing::new(try_vec(scheme, 2 * s, ZERO)?),
            boxes: Zeroizing::new(try_vec(scheme, boxes, [[[0u64; 2]; 256]; 3])?),
            v: Scratch::take(scheme, shape.n * s, shape.flavor, limits)?,
        })
    }
}

#[cfg(test)]
pub(super) fn spare_len() -> Option<(usize, bool)> {
    SPARE.with(|s| {
        s.borrow()
            .as_ref()
            .map(|k| (k.0.len(), k.0.iter().all(|b| *b == ZERO)))
    })
}
