//! scrypt with its cost bounded before anything is allocated.
//!
//! The `scrypt` crate allocates 128·r·N bytes up front and aborts the process when that fails,
//! so every caller that reads N, r and p from a stored credential goes through [`derive()`], which
//! checks them against [`Limits::scrypt`] first.

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::number::to_u32;

/// scrypt of `password` and `salt` with `n` (not log2), `r` and `p`, `len` bytes of output, wiped
/// on drop. The parameters and the length are checked against `limits` (naming `scheme`) before
/// any work.
pub fn derive(
    scheme: &'static str,
    password: &[u8],
    salt: &[u8],
    (n, r, p): (u64, u64, u64),
    len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    limits.scrypt(scheme, n, r, p)?;
    limits.output_len(scheme, len)?;
    // After the limit check N is a power of two well under 2^64 and r, p are small.
    let log_n = u8::try_from(n.trailing_zeros())
        .map_err(|_| Error::malformed(scheme, "N", "out of range"))?;
    let params = scrypt::Params::new(log_n, to_u32(scheme, "r", r)?, to_u32(scheme, "p", p)?)
        .map_err(|_| Error::malformed(scheme, "params", "rejected by scrypt"))?;
    let mut out = Zeroizing::new(vec![0u8; len]);
    scrypt::scrypt(password, salt, &params, &mut out)
        .map_err(|_| Error::malformed(scheme, "digest", "length rejected by scrypt"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::encoding::hex;

    #[test]
    fn bounded_first() {
        // RFC 7914 section 12, second vector: "password", "NaCl", N=1024, r=8, p=16.
        let out = derive(
            "t",
            b"password",
            b"NaCl",
            (1024, 8, 16),
            64,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(hex::encode(&out[..8]), "fdbabe1c9d347200");
        let e = derive("t", b"p", b"s", (1 << 40, 8, 1), 64, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let e = derive("t", b"p", b"s", (1000, 8, 1), 64, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let e = derive("t", b"p", b"s", (1024, 8, 1), 0, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
