//! [`MemoryBudget`]: bytes that the in-flight memory-hard hashes of one migrator may hold, and
//! the [`Reservation`] a hash holds while it runs.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::limits::Limits;

/// The setting that raises a budget, named in its errors.
const KNOB: &str = "Migrator::with_memory_budget";

/// Memory shared by the memory-hard hashes in flight, with a bounded wait for a share.
///
/// A cheap handle: clones share one pool (as clones of a [`crate::Migrator`] do); the wait
/// belongs to the handle ([`MemoryBudget::with_wait`]). Reservations
/// are granted first-fit: a small request is not held behind a large one that does not fit yet,
/// so a planted high-memory hash cannot stall ordinary logins; the large one waits at most
/// [`MemoryBudget::wait`] and then reports [`crate::ErrorKind::Unavailable`].
#[derive(Clone)]
pub struct MemoryBudget {
    inner: Arc<Inner>,
    wait: Duration,
}

struct Inner {
    total: u64,
    /// Bytes reserved now, and how many reservations are waiting.
    in_use: Mutex<State>,
    /// Signalled whenever a reservation is returned.
    freed: Condvar,
}

impl MemoryBudget {
    /// The default budget: four times the default [`Limits::max_memory_bytes`], 1 GiB. Four
    /// worst-case verifies at once (on the 2-core reference machine, twice as many as can make
    /// progress; memory-hard hashes are CPU-bound, so more at once adds no throughput), or 53
    /// at once of the default argon2id target (19 MiB). A [`crate::Migrator`] built with raised
    /// limits gets four times its own [`Limits::max_memory_bytes`]; see
    /// [`MemoryBudget::for_limits`].
    pub const DEFAULT_BYTES: u64 = 4 * Limits::DEFAULT.max_memory_bytes;

    /// The default wait for a reservation: 5 seconds, over twice the longest verify the
    /// default work budget allows (about 2 s), so that a burst of worst-case verifies queues
    /// rather than fails, while a login never hangs for longer than a client would wait.
    pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

    /// A budget of `total` bytes; a reservation that does not fit waits up to `wait` (zero:
    /// fails at once; [`Duration::MAX`]: waits as long as it takes).
    pub fn new(total: u64, wait: Duration) -> Self {
        MemoryBudget {
            inner: Arc::new(Inner {
                total,
                in_use: Mutex::new(State::default()),
                freed: Condvar::new(),
            }),
            wait,
        }
    }

    /// The default budget for a migrator with `limits`: four times
    /// [`Limits::max_memory_bytes`] (so four worst-case verifies run at once), waiting up to
    /// [`MemoryBudget::DEFAULT_WAIT`].
    pub fn for_limits(limits: &Limits) -> Self {
        MemoryBudget::new(
            limits.max_memory_bytes.saturating_mul(4),
            Self::DEFAULT_WAIT,
        )
    }

    /// The whole budget, in bytes.
    pub fn total(&self) -> u64 {
        self.inner.total
    }

    /// How long a reservation waits for memory to be returned before it fails.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// Bytes reserved now, by every holder together.
    pub fn in_use(&self) -> u64 {
        self.lock().reserved
    }

    /// How many reservations are waiting for memory now (a gauge for monitoring: a budget
    /// that often has waiters is too small for the load, or the load too large for the host).
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }

    /// Whether `other` is a handle on the same pool.
    pub fn shares_with(&self, other: &MemoryBudget) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// A handle on the same pool whose reservations wait up to `wait`.
    pub fn with_wait(&self, wait: Duration) -> Self {
        MemoryBudget {
            inner: Arc::clone(&self.inner),
            wait,
        }
    }

    /// Run `f` with this budget current on this thread: memory-hard schemes called directly
    /// inside it ([`crate::Scheme::verify`], [`crate::Target::hash`]), rather than through a
    /// [`crate::Migrator`], reserve from this budget instead of the process default. A
    /// migrator call inside `f` uses its own budget, and this one is current again after it.
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> R {
        let _scope = super::Scope::enter(self);
        f()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The guarded values are plain counters, each changed in one statement: a panic
        // elsewhere while the lock was held cannot have left them half-updated.
        self.inner
            .in_use
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Reserve `bytes` for a hash of `scheme` (named in errors), waiting up to
    /// [`MemoryBudget::wait`] for other holders to return theirs. Dropping the reservation
    /// returns the bytes, whether the hash succeeded, failed or panicked.
    ///
    /// # Errors
    /// - [`crate::ErrorKind::Limit`] at once when `bytes` is more than the whole budget (it
    ///   could never fit), naming `Migrator::with_memory_budget`;
    /// - [`crate::ErrorKind::Unavailable`] when the wait ran out with the budget still too
    ///   full: transient, the same request can succeed later.
    pub fn reserve(&self, scheme: &'static str, bytes: u64) -> Result<Reservation> {
        let total = self.inner.total;
        if bytes > total {
            return Err(Error::limit(
                scheme,
                "memory reservation (bytes)",
                bytes,
                total,
                KNOB,
            ));
        }
        let granted = |budget: &Self| Reservation {
            budget: budget.clone(),
            bytes,
        };
        let mut state = self.lock();
        if total - state.reserved >= bytes {
            state.reserved += bytes;
            return Ok(granted(self));
        }
        // `None`: a wait too long to represent is a wait without end.
        let deadline = Instant::now().checked_add(self.wait);
        state.waiting += 1;
        loop {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::MAX,
            };
            if left.is_zero() {
                state.waiting -= 1;
                return Err(Error::unavailable(format!(
                    "{scheme}: memory budget exhausted: {bytes} bytes needed, {} of {total} \
                     reserved by other hashes after waiting {:?} (raise {KNOB} or \
                     Migrator::with_memory_wait)",
                    state.reserved, self.wait
                )));
            }
            state = match deadline {
                Some(_) => {
                    self.inner
                        .freed
                        .wait_timeout(state, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .inner
                    .freed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            };
            if total - state.reserved >= bytes {
                state.reserved += bytes;
                state.waiting -= 1;
                return Ok(granted(self));
            }
        }
    }
}

/// What a budget's lock guards.
#[derive(Default)]
struct State {
    /// Bytes reserved now.
    reserved: u64,
    /// Reservations waiting now.
    waiting: usize,
}

impl Default for MemoryBudget {
    /// [`MemoryBudget::DEFAULT_BYTES`], waiting up to [`MemoryBudget::DEFAULT_WAIT`].
    fn default() -> Self {
        MemoryBudget::new(Self::DEFAULT_BYTES, Self::DEFAULT_WAIT)
    }
}

impl fmt::Debug for MemoryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryBudget")
            .field("total", &self.inner.total)
            .field("wait", &self.wait)
            .field("in_use", &self.in_use())
            .finish()
    }
}

/// Bytes held from a [`MemoryBudget`]; returned when dropped.
#[must_use = "the memory is returned as soon as the reservation is dropped"]
pub struct Reservation {
    budget: MemoryBudget,
    bytes: u64,
}

impl Reservation {
    /// The bytes held.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl fmt::Debug for Reservation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reservation")
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        let mut state = self.budget.lock();
        state.reserved = state.reserved.saturating_sub(self.bytes);
        drop(state);
        // Every waiter re-checks: requests differ in size, and any of them may fit now.
        self.budget.inner.freed.notify_all();
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn reserve_and_return() {
        let b = MemoryBudget::new(100, Duration::ZERO);
        let r1 = b.reserve("t", 60).unwrap();
        assert_eq!(b.in_use(), 60);
        let e = b.reserve("t", 50).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert!(e.to_string().contains("Migrator::with_memory_wait"), "{e}");
        let r2 = b.reserve("t", 40).unwrap();
        assert_eq!(b.in_use(), 100);
        drop(r1);
        assert_eq!(b.in_use(), 40);
        drop(r2);
        assert_eq!(b.in_use(), 0);
        let e = b.reserve("t", 101).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        assert!(matches!(e, Error::Limit { knob: KNOB, .. }), "{e}");
        assert!(b.reserve("t", 0).is_ok());
    }

    #[test]
    fn clones_share() {
        let a = MemoryBudget::new(10, Duration::ZERO);
        let b = a.clone();
        let _r = a.reserve("t", 10).unwrap();
        assert_eq!(b.in_use(), 10);
        assert!(a.shares_with(&b));
        assert!(!a.shares_with(&MemoryBudget::new(10, Duration::ZERO)));
    }

    #[test]
    fn a_waiter_gets_what_is_returned() {
        let b = MemoryBudget::new(10, Duration::MAX);
        let held = b.reserve("t", 10).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| b.reserve("t", 10).map(|r| r.bytes()));
            drop(held);
            assert_eq!(waiter.join().unwrap().unwrap(), 10);
        });
        assert_eq!(b.in_use(), 0);
    }
}
