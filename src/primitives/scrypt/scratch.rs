//! The memory of one scrypt/yescrypt computation, allocated fallibly and wiped; and the array a
//! thread keeps between hashes ([`crate::memory::kept`]: faulting V in afresh took 15% of a
//! `$7$` verify).

use std::cell::RefCell;

use zeroize::Zeroizing;

use super::Flavor;
use super::engine::Shape;
use super::pwxform::Sbox;
use super::salsa::{Block, ZERO};
use crate::error::Result;
use crate::limits::Limits;
use crate::memory::kept::{Spare, keep_spare, take_spare};
use crate::memory::{try_vec, try_with_capacity};

thread_local! {
    /// The wiped V of this thread's last hash.
    static SPARE: Spare<Block> = const { RefCell::new(None) };
}

/// V for one hash: `len` sub-blocks (the read-write flavor starts empty with that capacity and
/// appends, never beyond it). Taken from the thread's spare when that is large enough; wiped
/// when dropped, then kept as the thread's spare if the bounds allow, else freed.
pub(super) struct Scratch {
    pub(super) v: Vec<Block>,
    /// [`Limits::max_kept_bytes`] of the call: the process total it keeps within.
    keep_total: u64,
}

impl Scratch {
    fn take(scheme: &'static str, len: usize, flavor: Flavor, limits: &Limits) -> Result<Self> {
        let keep_total = limits.max_kept_bytes;
        let spare = take_spare(&SPARE);
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
        Ok(Scratch { v, keep_total })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Everything past `len` is zeros already (a kept V is wiped whole, and the read-write
        // flavor writes only below `len`).
        keep_spare(&SPARE, core::mem::take(&mut self.v), self.keep_total, |v| {
            v.fill(ZERO);
        });
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
            .map(|k| (k.array().len(), k.array().iter().all(|b| *b == ZERO)))
    })
}
