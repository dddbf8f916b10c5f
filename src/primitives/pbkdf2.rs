//! PBKDF2-HMAC over the algorithms legacy formats use, with the iteration and length limits
//! applied before any work.

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::digest::Algorithm;

/// PBKDF2-HMAC-`alg` of `password` and `salt`, `iterations` rounds, `len` bytes of output.
///
/// Checks `iterations` and `len` against `limits` first (naming `scheme`). The output is wiped
/// when dropped.
pub fn derive(
    scheme: &'static str,
    alg: Algorithm,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    limits.pbkdf2_iterations(scheme, iterations)?;
    limits.output_len(scheme, len)?;
    let rounds = crate::primitives::number::to_u32(scheme, "iterations", iterations)?;
    let mut out = Zeroizing::new(vec![0u8; len]);
    match alg {
        Algorithm::Md5 => pbkdf2::pbkdf2_hmac::<md5::Md5>(password, salt, rounds, &mut out),
        Algorithm::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, &mut out),
        Algorithm::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, rounds, &mut out),
        Algorithm::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut out),
        Algorithm::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, &mut out),
        Algorithm::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut out),
        Algorithm::Md4 => {
            return Err(Error::unsupported(format!("{scheme}: PBKDF2 over MD4")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6070() {
        let out = derive(
            "t",
            Algorithm::Sha1,
            b"password",
            b"salt",
            2,
            20,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            crate::encoding::hex::encode(&out),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
        assert!(derive("t", Algorithm::Sha1, b"p", b"s", 0, 20, &Limits::DEFAULT).is_err());
        assert!(
            derive(
                "t",
                Algorithm::Sha1,
                b"p",
                b"s",
                u64::MAX,
                20,
                &Limits::DEFAULT
            )
            .is_err()
        );
        assert!(
            derive(
                "t",
                Algorithm::Sha1,
                b"p",
                b"s",
                1,
                1 << 30,
                &Limits::DEFAULT
            )
            .is_err()
        );
    }
}
