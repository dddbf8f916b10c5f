//! The block memory of one argon2 computation: the thread's spare when it is large enough, else
//! allocated fallibly; wiped after the hash and kept for the thread's next one within the
//! process bound ([`crate::memory::kept`]: faulting in and zeroing a fresh 19 MiB area was 6% of
//! an argon2id verify).
//!
//! A spare is all zeros, as a fresh area is: it was wiped whole after its last hash.

use std::cell::RefCell;

use argon2::Block;

use crate::error::Result;
use crate::limits::Limits;
use crate::memory::kept::{Spare, keep_spare, take_spare};
use crate::memory::try_vec;

thread_local! {
    /// The wiped area of this thread's last argon2 hash.
    static SPARE: Spare<Block> = const { RefCell::new(None) };
}

/// The memory of one hash: `used` blocks at the start of `blocks`, wiped when dropped, then kept
/// as the thread's spare if the bounds allow, else freed.
pub(super) struct Area {
    /// Zeros past `used`: a kept area is wiped whole, and a hash writes only its prefix.
    blocks: Vec<Block>,
    used: usize,
    /// [`Limits::max_kept_bytes`] of the call: the process total it keeps within.
    keep_total: u64,
}

impl Area {
    /// An area of `used` blocks for `scheme`, within `limits` (the caller has reserved its
    /// bytes from the memory budget).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Unavailable`] when the allocator refuses the memory.
    pub(super) fn take(scheme: &'static str, used: usize, limits: &Limits) -> Result<Self> {
        let spare = take_spare(&SPARE);
        let blocks = if spare.len() >= used {
            spare
        } else {
            // Fresh memory, not a copy of the smaller spare.
            drop(spare);
            try_vec(scheme, used, Block::new())?
        };
        Ok(Area {
            blocks,
            used,
            keep_total: limits.max_kept_bytes,
        })
    }

    /// The blocks the hash fills.
    pub(super) fn blocks(&mut self) -> &mut [Block] {
        &mut self.blocks[..self.used]
    }
}

impl Drop for Area {
    fn drop(&mut self) {
        let used = self.used;
        keep_spare(
            &SPARE,
            core::mem::take(&mut self.blocks),
            self.keep_total,
            |b| {
                b[..used].fill(Block::new());
            },
        );
    }
}

/// The length of this thread's spare and whether it is all zeros.
#[cfg(test)]
pub(super) fn spare() -> Option<(usize, bool)> {
    SPARE.with(|s| {
        s.borrow().as_ref().map(|k| {
            let zero = Block::new();
            let zeros = k
                .array()
                .iter()
                .all(|b| b.as_ref().iter().zip(zero.as_ref()).all(|(x, y)| x == y));
            (k.array().len(), zeros)
        })
    })
}
