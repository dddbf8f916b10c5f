//! Working memory a thread keeps between hashes, bounded across the process.
//!
//! The memory-hard schemes fill arrays of many MiB (scrypt's and yescrypt's V, argon2's
//! blocks). The allocator maps an array that large afresh on every call and the kernel faults
//! it in page by page: 15% of a `$7$` verify, and, with the zeroing of a fresh argon2 area, 6%
//! of an argon2id one. So a thread keeps its last array, wiped, for its next hash of the same or
//! a smaller cost (libxcrypt's `yescrypt_local_t` idea). What is kept is bounded twice: one
//! array is kept only up to [`KEEP_ONE`] (64 MiB: libxcrypt's default `$7$` array, RFC 9106's
//! second argon2 recommendation), and all the threads of the process together keep at most
//! [`crate::Limits::max_kept_bytes`] (256 MiB by default), so that a 512-thread blocking pool
//! does not hold 32 GiB between logins. An array that would take the total over the bound is
//! wiped and freed instead.
//!
//! Each user holds its spare in a thread-local of its own element type; this module holds the
//! one process-wide count they all keep within.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::LocalKey;

use zeroize::Zeroize;

/// Largest array kept on a thread for its next hash, in bytes.
const KEEP_ONE: u64 = 64 << 20;

/// Bytes kept by every thread of the process together (each [`Kept`] counts itself in and out).
static KEPT: AtomicU64 = AtomicU64::new(0);

/// A wiped array counted in the process total; uncounted when dropped (also when its thread
/// exits) or taken back into use.
pub(crate) struct Kept<T>(Vec<T>);

impl<T> Kept<T> {
    fn bytes(v: &Vec<T>) -> u64 {
        (v.capacity() as u64).saturating_mul(size_of::<T>() as u64)
    }

    /// Keep `v` (already wiped) if the process total stays within `max` bytes; otherwise `v`
    /// back.
    fn admit(v: Vec<T>, max: u64) -> Result<Kept<T>, Vec<T>> {
        let bytes = Self::bytes(&v);
        match KEPT.fetch_update(Ordering::AcqRel, Ordering::Acquire, |k| {
            k.checked_add(bytes).filter(|total| *total <= max)
        }) {
            Ok(_) => Ok(Kept(v)),
            Err(_) => Err(v),
        }
    }

    /// The array, no longer counted as kept (it is in use now, under a reservation).
    fn take(mut self) -> Vec<T> {
        let v = core::mem::take(&mut self.0);
        KEPT.fetch_sub(Self::bytes(&v), Ordering::AcqRel);
        v
    }

    /// The kept array, for tests that look at what a thread keeps.
    #[cfg(test)]
    pub(crate) fn array(&self) -> &[T] {
        &self.0
    }
}

impl<T> Drop for Kept<T> {
    fn drop(&mut self) {
        KEPT.fetch_sub(Self::bytes(&self.0), Ordering::AcqRel);
    }
}

/// A thread's spare array of `T` (each user declares its own `thread_local!` of this type).
pub(crate) type Spare<T> = RefCell<Option<Kept<T>>>;

/// This thread's spare from `slot`, no longer counted as kept; empty when there is none, or
/// when the thread is already tearing its locals down.
pub(crate) fn take_spare<T: 'static>(slot: &'static LocalKey<Spare<T>>) -> Vec<T> {
    slot.try_with(|s| s.borrow_mut().take())
        .ok()
        .flatten()
        .map(Kept::take)
        .unwrap_or_default()
}

/// Wipe `v` and keep it as this thread's spare in `slot` when it fits the bounds of
/// [`crate::Limits::max_kept_bytes`] = `max`; otherwise wipe it with volatile writes and free it.
///
/// `wipe` zeroes what the hash wrote (memset speed): the array stays reachable afterwards,
/// so those writes cannot be optimised away. An array that is freed instead gets `zeroize`'s
/// volatile writes, since plain writes just before a free may be removed.
pub(crate) fn keep_spare<T: 'static>(
    slot: &'static LocalKey<Spare<T>>,
    mut v: Vec<T>,
    max: u64,
    wipe: impl FnOnce(&mut Vec<T>),
) where
    Vec<T>: Zeroize,
{
    if Kept::bytes(&v) > max.min(KEEP_ONE) {
        v.zeroize();
        return;
    }
    wipe(&mut v);
    match Kept::admit(v, max) {
        // The previous spare, if any, is dropped (uncounted); so is this one if the thread is
        // tearing its locals down.
        Ok(kept) => drop(slot.try_with(|s| s.replace(Some(kept)))),
        Err(mut refused) => refused.zeroize(),
    }
}

/// Bytes kept between hashes now, by every thread of the process together; at most the largest
/// [`crate::Limits::max_kept_bytes`] in use.
pub(crate) fn kept_bytes() -> u64 {
    KEPT.load(Ordering::Acquire)
}
