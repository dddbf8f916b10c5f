#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod cost;
pub mod credential;
pub mod custom;
mod encoding;
pub mod error;
pub mod kdf;
mod limit_names;
pub mod limits;
pub mod memory;
pub mod migrator;
pub mod observe;
pub mod outcome;
pub mod policy;
mod primitives;
pub mod registry;
pub mod scheme;
mod schemes;
#[cfg(feature = "toolkit")]
pub mod toolkit;

pub use credential::{Credential, Params};
pub use custom::CustomScheme;
pub use error::{Detail, Error, ErrorKind, Result};
pub use kdf::ct_eq;
pub use limits::Limits;
pub use memory::{MemoryBudget, Reservation};
pub use migrator::{Inspection, Migrator};
pub use outcome::Outcome;
pub use policy::{Policy, Target};
pub use registry::Registry;
pub use scheme::{Match, Prefixed, Scheme};

/// Verify `password` against `stored` with every built-in scheme and the default policy
/// (upgrade to argon2id m=19456 t=2 p=1). For repeated use build a [`Migrator`] once instead.
///
/// # Errors
/// As [`Migrator::verify`].
///
/// ```
/// let out = hashbridge::verify(b"hashcat", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/").unwrap();
/// assert!(out.valid && out.upgrade.is_some());
/// ```
pub fn verify(password: &[u8], stored: &str) -> Result<Outcome> {
    Migrator::default().verify(password, &Credential::new(stored))
}
