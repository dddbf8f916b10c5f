//! What a custom scheme needs to be written well: digests and HMAC over a list of parts,
//! constant-time comparison, and the key-derivation functions bounded as the built-in schemes
//! bound them.
//!
//! Every function here checks its costs against the [`Limits`] it is given before any work,
//! and the memory-hard ones reserve their memory from the budget of the migrator call they run
//! in ([`crate::memory`]) and allocate it fallibly, so a custom scheme called through a
//! [`crate::Migrator`] is held to the same ceilings as the built-in ones. Outputs are wiped
//! when dropped.
//!
//! ```
//! use hashbridge::kdf::{self, Algorithm};
//! use hashbridge::Limits;
//! let key = kdf::pbkdf2("example", Algorithm::Sha256, b"password", b"salt", 1, 32, &Limits::DEFAULT)?;
//! assert_eq!(key[..4], [0x12, 0x0f, 0xb6, 0xcf]); // the published PBKDF2-HMAC-SHA256 vector
//! # Ok::<(), hashbridge::Error>(())
//! ```

use std::fmt;
use std::ops::Deref;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::scrypt::ScryptCost;

pub use crate::primitives::compare::ct_eq;
pub use crate::primitives::digest::{Algorithm, Digest};

/// Derived key material, wiped when dropped. Dereferences to its bytes.
pub struct Output(Zeroizing<Vec<u8>>);

impl Deref for Output {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Output {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Key material: its length only.
        write!(f, "Output({} bytes)", self.0.len())
    }
}

/// The argon2 function of RFC 9106.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Argon2Variant {
    /// argon2d: data-dependent addressing.
    Argon2d,
    /// argon2i: data-independent addressing.
    Argon2i,
    /// argon2id: the hybrid RFC 9106 recommends.
    Argon2id,
}

/// PBKDF2-HMAC-`alg` of `password` and `salt`, `iterations` rounds, `len` bytes of output.
///
/// # Errors
/// [`crate::ErrorKind::Limit`] when `iterations`, `len` or the work of both is over `limits`
/// (naming `scheme` and the [`Limits`] field); [`crate::ErrorKind::Malformed`] for zero
/// iterations or length.
pub fn pbkdf2(
    scheme: &'static str,
    alg: Algorithm,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    len: usize,
    limits: &Limits,
) -> Result<Output> {
    crate::primitives::pbkdf2::derive(scheme, alg, password, salt, iterations, len, limits)
        .map(Output)
}

/// scrypt (RFC 7914) of `password` and `salt` with N = `n`, block size `r`, parallelism `p`,
/// `len` bytes of output.
///
/// # Errors
/// [`crate::ErrorKind::Limit`] over `limits` or the whole memory budget;
/// [`crate::ErrorKind::Malformed`] for parameters scrypt cannot run with (N not a power of two
/// of at least 2, r or p zero); [`crate::ErrorKind::Unavailable`] when the memory budget stayed
/// full for its whole wait or the allocator refused the memory.
#[allow(
    clippy::too_many_arguments,
    reason = "the function's own parameters, in RFC 7914's order"
)]
pub fn scrypt(
    scheme: &'static str,
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u64,
    p: u64,
    len: usize,
    limits: &Limits,
) -> Result<Output> {
    crate::primitives::scrypt::derive(
        scheme,
        password,
        salt,
        ScryptCost::scrypt(n, r, p),
        len,
        limits,
    )
    .map(Output)
}

/// argon2 version 0x13 (RFC 9106) of `password` and `salt` with `m_kib` KiB of memory, `t`
/// passes and `p` lanes, `len` bytes of output.
///
/// # Errors
/// [`crate::ErrorKind::Limit`] over `limits` or the whole memory budget;
/// [`crate::ErrorKind::Malformed`] for parameters argon2 refuses (fewer than 8 KiB per lane,
/// a short salt or output); [`crate::ErrorKind::Unavailable`] when the memory budget stayed
/// full for its whole wait or the allocator refused the memory.
#[allow(
    clippy::too_many_arguments,
    reason = "the function's own parameters, in RFC 9106's order"
)]
pub fn argon2(
    scheme: &'static str,
    variant: Argon2Variant,
    password: &[u8],
    salt: &[u8],
    m_kib: u32,
    t: u32,
    p: u32,
    len: usize,
    limits: &Limits,
) -> Result<Output> {
    crate::schemes::phc::argon2::derive(scheme, variant, password, salt, (m_kib, t, p), len, limits)
        .map(Output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn scrypt_rfc7914_vector() {
        let out = scrypt("t", b"password", b"NaCl", 1024, 8, 16, 64, &Limits::DEFAULT).unwrap();
        assert_eq!(
            hex(&out),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a38\
             86ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        );
    }

    #[test]
    fn argon2_reference_cli_vector() {
        // `echo -n password | argon2 somesalt -t 2 -m 16 -p 4 -l 24` (the reference README).
        let out = argon2(
            "t",
            Argon2Variant::Argon2i,
            b"password",
            b"somesalt",
            1 << 16,
            2,
            4,
            24,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            hex(&out),
            "45d7ac72e76f242b20b77b9bf9bf9d5915894e669a24e6c6"
        );
    }

    #[test]
    fn costs_over_the_limits_are_refused_before_work() {
        let e = pbkdf2(
            "t",
            Algorithm::Sha256,
            b"p",
            b"s",
            u64::MAX,
            32,
            &Limits::DEFAULT,
        );
        assert_eq!(e.unwrap_err().kind(), ErrorKind::Limit);
        let e = scrypt("t", b"p", b"s", 1 << 40, 8, 1, 32, &Limits::DEFAULT);
        assert_eq!(e.unwrap_err().kind(), ErrorKind::Limit);
        let e = argon2(
            "t",
            Argon2Variant::Argon2id,
            b"p",
            b"saltsalt",
            u32::MAX,
            1,
            1,
            32,
            &Limits::DEFAULT,
        );
        assert_eq!(e.unwrap_err().kind(), ErrorKind::Limit);
        assert_eq!(
            format!(
                "{:?}",
                pbkdf2("t", Algorithm::Sha1, b"p", b"s", 1, 20, &Limits::DEFAULT).unwrap()
            ),
            "Output(20 bytes)"
        );
    }
}
