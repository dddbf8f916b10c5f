//! Memory shared by the memory-hard verifies of one process.
//!
//! [`crate::Limits::max_memory_bytes`] bounds one verify. It does not bound a process that runs
//! many at once: four 1 GiB scrypt verifies on four batch workers ask for 4 GiB together, and
//! under an address-space cap (a container's, `ulimit -v`) the allocator's failure used to abort
//! the process and lose every answer already computed. So the memory-hard schemes (argon2,
//! scrypt, `$7$`, yescrypt, and the argon2 and scrypt upgrade targets) *reserve* their memory
//! from a [`MemoryBudget`] before they allocate it, and allocate it fallibly:
//!
//! - the reservation is an RAII [`Reservation`], returned to the budget when the hash is done,
//!   fails, or panics;
//! - a verify whose reservation does not fit waits for others to finish, at most
//!   [`MemoryBudget::wait`], then fails with [`crate::ErrorKind::Unavailable`] (transient: the
//!   same request can succeed later). Raise `Migrator::with_memory_budget` or
//!   `Migrator::with_memory_wait`;
//! - a single request larger than the whole budget can never fit and fails at once with
//!   [`crate::ErrorKind::Limit`], naming `Migrator::with_memory_budget`;
//! - an allocation the operating system refuses even within the budget is
//!   [`crate::ErrorKind::Unavailable`], never an abort.
//!
//! Every clone of a [`crate::Migrator`] shares its budget, so the CLI's batch workers and a
//! service's request handlers draw from one pool. The schemes reach it without a parameter of
//! their own ([`crate::Scheme::verify`] takes none): [`crate::Migrator`]'s `verify`, `hash` and
//! `dummy_verify` enter a per-thread scope naming the migrator's budget for the length of the
//! call. A scheme called directly, outside any migrator, draws from one process-wide budget of
//! [`MemoryBudget::DEFAULT_BYTES`]: memory-hard work is never unbudgeted.
//!
//! What the budget does not count: allocations under a few KiB (salts, digests, bcrypt's 4 KiB
//! state) and the scrypt/yescrypt array or argon2 area a thread keeps for its next hash between
//! hashes ([`kept`]), which has its own process-wide bound, [`crate::Limits::max_kept_bytes`]. The memory-hard
//! memory of a process is therefore at most the sum of its migrators' budgets plus that bound.

mod budget;
pub(crate) mod kept;
mod scope;

pub use budget::{MemoryBudget, Reservation};
pub use scope::reserve;
pub(crate) use scope::{Scope, try_vec, try_with_capacity};

/// Bytes of scrypt/yescrypt arrays and argon2 areas the threads of this process keep between
/// hashes, all together: at most the largest [`crate::Limits::max_kept_bytes`] in use. For
/// monitoring resident memory; the budget does not count them.
pub fn kept_scratch_bytes() -> u64 {
    kept::kept_bytes()
}
