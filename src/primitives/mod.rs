//! Building blocks every family shares: digests, HMAC, PBKDF2, bounded scrypt, DES,
//! constant-time comparison and strict number parsing. Schemes call these instead of repeating
//! them.
//!
//! The hand-written engines live here too, beside PBKDF2, so that each exists once whatever
//! family uses it: the block-function view of MD5, SHA-1 and SHA-2 (`block_hash`, shared by
//! PBKDF2 and the md5-crypt/SHA-crypt round loop in `crypt_rounds`), our MD5 block function,
//! Eksblowfish (bcrypt) and DES (crypt(3)'s salted variant, LM, Oracle 10g). They are
//! crate-private but for `des::encrypt_block`: the schemes are their interface.

pub(crate) mod block_hash;
pub(crate) mod compare;
pub(crate) mod crypt_rounds;
pub(crate) mod des;
pub(crate) mod digest;
pub(crate) mod eksblowfish;
pub(crate) mod md5_block;
pub(crate) mod number;
pub(crate) mod pbkdf2;
pub(crate) mod scrypt;

pub(crate) use compare::ct_eq;
pub(crate) use digest::{Algorithm, Digest};

/// Zero, as a value the optimiser cannot see through.
///
/// The hand-written engines (`eksblowfish`, `md5_block`) run at the latency of a chain of
/// dependent operations, and lay each step out so that everything off the chain is combined
/// first. LLVM's reassociation would undo that: it reorders a run of XORs or of additions by
/// its own ranking (constants and loads last), which can put one or two more operations on the
/// chain. Combining the early part with this zero through a different operation (an addition in
/// a XOR chain, a XOR in a sum) ends the run where it is written, for one cheap operation off
/// the chain. The value is read once per call, not per step.
#[inline(always)]
pub(crate) fn opaque_zero() -> u32 {
    std::hint::black_box(0)
}
