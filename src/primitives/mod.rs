//! Building blocks every family shares: digests, HMAC, PBKDF2, bounded scrypt, single-block DES, constant-time
//! comparison and strict number parsing. Schemes call these instead of repeating them.

pub mod compare;
pub mod des;
pub mod digest;
pub mod number;
pub mod pbkdf2;
pub mod scrypt;

pub use compare::ct_eq;
pub use digest::{Algorithm, Digest};
