//! How a scheme finds its migrator's budget: a per-thread scope, entered for the length of a
//! [`crate::Migrator`] call, and the process-wide budget when no scope is entered.

use std::cell::RefCell;
use std::sync::LazyLock;

use super::budget::{MemoryBudget, Reservation};
use crate::error::{Error, Result};

thread_local! {
    /// The budget of the migrator call running on this thread, if any.
    static CURRENT: RefCell<Option<MemoryBudget>> = const { RefCell::new(None) };
}

/// The budget of schemes called outside any migrator: [`MemoryBudget::DEFAULT_BYTES`], waiting
/// up to [`MemoryBudget::DEFAULT_WAIT`]. Fixed, never unbounded.
static PROCESS: LazyLock<MemoryBudget> = LazyLock::new(MemoryBudget::default);

/// A migrator's budget made current on this thread; the previous one (a nested call's caller,
/// or none) is current again when this is dropped, also while unwinding from a panic.
#[must_use = "the scope ends when dropped"]
pub(crate) struct Scope {
    previous: Option<MemoryBudget>,
}

impl Scope {
    /// Make `budget` current on this thread until the returned scope is dropped.
    pub(crate) fn enter(budget: &MemoryBudget) -> Scope {
        // A thread tearing its locals down runs no verifies; nothing to restore then.
        let previous = CURRENT
            .try_with(|c| c.replace(Some(budget.clone())))
            .ok()
            .flatten();
        Scope { previous }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = CURRENT.try_with(|c| c.replace(previous));
    }
}

/// Reserve `bytes` for a hash of `scheme` from the budget of the [`crate::Migrator`] call on
/// this thread, or from the process-wide default budget when the scheme was called directly.
///
/// Built-in memory-hard schemes call this before allocating; a custom scheme that allocates
/// memory in proportion to a stored cost should too, so that it shares its migrator's budget.
///
/// # Errors
/// As [`MemoryBudget::reserve`]: [`crate::ErrorKind::Limit`] when `bytes` exceeds the whole
/// budget, [`crate::ErrorKind::Unavailable`] when the wait for it ran out.
pub fn reserve(scheme: &'static str, bytes: u64) -> Result<Reservation> {
    let current = CURRENT.try_with(|c| c.borrow().clone()).ok().flatten();
    match current {
        Some(budget) => budget.reserve(scheme, bytes),
        None => PROCESS.reserve(scheme, bytes),
    }
}

/// A vector of `len` copies of `fill`, allocated fallibly: a refused allocation is
/// [`crate::ErrorKind::Unavailable`] (naming `scheme`), not an abort. For buffers whose size a
/// stored cost decides; reserve them from the budget first.
///
/// # Errors
/// [`crate::ErrorKind::Unavailable`] when the allocator refuses the memory.
pub(crate) fn try_vec<T: Clone>(scheme: &'static str, len: usize, fill: T) -> Result<Vec<T>> {
    let mut v = try_with_capacity(scheme, len)?;
    v.resize(len, fill);
    Ok(v)
}

/// An empty vector with room for `len` elements, allocated fallibly as [`try_vec`] does, for a
/// buffer its caller fills itself.
///
/// # Errors
/// [`crate::ErrorKind::Unavailable`] when the allocator refuses the memory.
pub(crate) fn try_with_capacity<T>(scheme: &'static str, len: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        Error::unavailable(format!(
            "{scheme}: the allocator refused {} bytes",
            len.saturating_mul(size_of::<T>())
        ))
    })?;
    Ok(v)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn scopes_nest_and_unwind() {
        let outer = MemoryBudget::new(100, Duration::ZERO);
        let inner = MemoryBudget::new(100, Duration::ZERO);
        {
            let _a = Scope::enter(&outer);
            let r = reserve("t", 10).unwrap();
            assert_eq!(outer.in_use(), 10);
            {
                let _b = Scope::enter(&inner);
                let _r = reserve("t", 20).unwrap();
                assert_eq!(inner.in_use(), 20);
            }
            let _r2 = reserve("t", 30).unwrap();
            assert_eq!(outer.in_use(), 40);
            drop(r);
        }
        let caught = std::panic::catch_unwind(|| {
            let _a = Scope::enter(&outer);
            let _r = reserve("t", 50).unwrap();
            panic!("inside a scope");
        });
        assert!(caught.is_err());
        assert_eq!(outer.in_use(), 0);
        // No scope left: the process budget.
        assert!(CURRENT.with(|c| c.borrow().is_none()));
        let r = reserve("t", 1).unwrap();
        assert_eq!(r.bytes(), 1);
    }

    #[test]
    fn refused_allocation_is_unavailable() {
        let e = try_vec("t", usize::MAX / 2, 0u64).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Unavailable);
    }
}
