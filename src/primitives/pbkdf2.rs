//! PBKDF2-HMAC over the algorithms legacy formats use, with the iteration and length limits
//! applied before any work.
//!
//! For SHA-1 and the SHA-2 family the iterations run on the hash's block function directly:
//! the keyed inner and outer states are computed once, and every iteration is exactly two
//! compressions of one pre-padded block that holds U (the digest is written straight back into
//! it). The `pbkdf2` crate computes U_1 of each output block; its own loop clones the HMAC
//! state, buffers and re-pads the message on every iteration, which costs almost as much as the
//! compressions themselves with SHA-NI (Django's 600,000 iterations of SHA-256 ran 1.7 times
//! slower). The block functions pick SHA-NI or AVX2 at run time. MD5, MD4, RIPEMD-160 and
//! Whirlpool stay on the crate's loop.

use zeroize::{Zeroize, Zeroizing};

use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::block_hash::{BlockHash, Sha1, Sha224, Sha256, Sha384, Sha512};
use crate::primitives::digest::Algorithm;

/// PBKDF2-HMAC-`alg` of `password` and `salt`, `iterations` rounds, `len` bytes of output.
///
/// Checks `iterations`, `len` and the work of both together against `limits` first (naming
/// `scheme`). The output is wiped when dropped.
///
/// # Errors
/// [`crate::ErrorKind::Limit`] or [`crate::ErrorKind::Malformed`] from [`Limits::pbkdf2`].
pub(crate) fn derive(
    scheme: &'static str,
    alg: Algorithm,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    limits.pbkdf2(scheme, alg, iterations, len)?;
    let rounds = crate::primitives::number::to_u32(scheme, "iterations", iterations)?;
    let mut out = Zeroizing::new(vec![0u8; len]);
    match alg {
        Algorithm::Md5 => pbkdf2::pbkdf2_hmac::<md5::Md5>(password, salt, rounds, &mut out),
        Algorithm::Sha1 => blocks::<64, Sha1>(password, salt, rounds, &mut out),
        Algorithm::Sha224 => blocks::<64, Sha224>(password, salt, rounds, &mut out),
        Algorithm::Sha256 => blocks::<64, Sha256>(password, salt, rounds, &mut out),
        Algorithm::Sha384 => blocks::<128, Sha384>(password, salt, rounds, &mut out),
        Algorithm::Sha512 => blocks::<128, Sha512>(password, salt, rounds, &mut out),
        // Auth0's rarer PBKDF2 digests (Node.js takes any OpenSSL digest): no block tables.
        Algorithm::Md4 => pbkdf2::pbkdf2_hmac::<md4::Md4>(password, salt, rounds, &mut out),
        Algorithm::Ripemd160 => {
            pbkdf2::pbkdf2_hmac::<ripemd::Ripemd160>(password, salt, rounds, &mut out);
        }
        Algorithm::Whirlpool => {
            pbkdf2::pbkdf2_hmac::<whirlpool::Whirlpool>(password, salt, rounds, &mut out);
        }
    }
    Ok(out)
}

/// The state after compressing the HMAC key block XOR `pad` (`0x36` inner, `0x5c` outer).
fn keyed<const B: usize, H: BlockHash<B>>(key: &[u8; B], pad: u8) -> Zeroizing<H::State> {
    let mut block = Zeroizing::new(*key);
    for b in block.iter_mut() {
        *b ^= pad;
    }
    let mut state = Zeroizing::new(H::IV);
    H::compress(&mut state, core::slice::from_ref(&*block));
    state
}

/// What every iteration reads and writes, in one place on the stack: the message block, the
/// running XOR of the U and the chaining state. Kept apart, the sum lived on the heap, and
/// whether its address aliased the block's in the low 12 bits (which the CPU compares to
/// forward stores to loads) depended on what was allocated before: the same instructions ran
/// Django's 600,000 iterations of SHA-256 in 55 ms in one build and 94 ms in the next.
#[derive(Zeroize)]
#[repr(C, align(64))]
struct Work<const B: usize, S: Zeroize> {
    block: [u8; B],
    sum: [u8; B],
    state: S,
}

/// PBKDF2-HMAC-`H` into `out`.
fn blocks<const B: usize, H: BlockHash<B>>(
    password: &[u8],
    salt: &[u8],
    rounds: u32,
    out: &mut [u8],
) {
    let len = H::LEN;
    // U_1 of every output block (whole blocks: the loop needs all of U).
    let mut t = Zeroizing::new(vec![0u8; out.len().div_ceil(len) * len]);
    pbkdf2::pbkdf2_hmac::<H::Digest>(password, salt, 1, &mut t);

    if rounds > 1 {
        let mut key = Zeroizing::new([0u8; B]);
        if password.len() > B {
            let hashed = Zeroizing::new(<H::Digest as digest::Digest>::digest(password));
            key[..len].copy_from_slice(&hashed);
        } else {
            key[..password.len()].copy_from_slice(password);
        }
        let inner = keyed::<B, H>(&key, 0x36);
        let outer = keyed::<B, H>(&key, 0x5c);

        // U and the padding of a message of one block plus the digest: the same for the inner
        // and the outer hash; the running XOR of the U beside it.
        let mut work = Zeroizing::new(Work {
            block: [0u8; B],
            sum: [0u8; B],
            state: H::IV,
        });
        let w = &mut *work;
        H::pad(&mut w.block[..], len, B + len);

        for ti in t.chunks_exact_mut(len) {
            w.block[..len].copy_from_slice(ti);
            w.sum[..len].copy_from_slice(ti);
            for _ in 1..rounds {
                w.state = *inner;
                H::compress(&mut w.state, core::slice::from_ref(&w.block));
                H::output(&w.state, &mut w.block[..]);
                w.state = *outer;
                H::compress(&mut w.state, core::slice::from_ref(&w.block));
                H::output(&w.state, &mut w.block[..]);
                for (x, u) in w.sum[..len].iter_mut().zip(w.block.iter()) {
                    *x ^= u;
                }
            }
            ti.copy_from_slice(&w.sum[..len]);
        }
    }
    out.copy_from_slice(&t[..out.len()]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex;

    fn run(alg: Algorithm, pw: &[u8], salt: &[u8], iterations: u64, len: usize) -> String {
        hex::encode(&derive("t", alg, pw, salt, iterations, len, &Limits::DEFAULT).unwrap())
    }

    #[test]
    fn rfc6070() {
        for (pw, salt, c, want) in [
            (
                &b"password"[..],
                &b"salt"[..],
                1,
                "0c60c80f961f0e71f3a9b524af6012062fe037a6",
            ),
            (
                b"password",
                b"salt",
                2,
                "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
            ),
            (
                b"password",
                b"salt",
                4096,
                "4b007901b765489abead49d926f721d065a429c1",
            ),
            (
                b"passwordPASSWORDpassword",
                b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
                4096,
                "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
            ),
            (
                b"pass\0word",
                b"sa\0lt",
                4096,
                "56fa6aa75548099dcc37d7f03425e0c3",
            ),
        ] {
            assert_eq!(run(Algorithm::Sha1, pw, salt, c, want.len() / 2), want);
        }
    }

    /// RFC 7914 section 11 (PBKDF2-HMAC-SHA256, two output blocks).
    #[test]
    fn rfc7914() {
        assert_eq!(
            run(Algorithm::Sha256, b"passwd", b"salt", 1, 64),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
        assert_eq!(
            run(Algorithm::Sha256, b"Password", b"NaCl", 80000, 64),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
        );
    }

    /// Every algorithm, key lengths around the block size (long keys are hashed), output
    /// lengths around the digest size (a partial last block), against the `pbkdf2` crate.
    #[test]
    fn matches_the_crate() {
        fn theirs(alg: Algorithm, pw: &[u8], salt: &[u8], c: u32, len: usize) -> Vec<u8> {
            let mut out = vec![0u8; len];
            match alg {
                Algorithm::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, c, &mut out),
                Algorithm::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, salt, c, &mut out),
                Algorithm::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt, c, &mut out),
                Algorithm::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, salt, c, &mut out),
                Algorithm::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, salt, c, &mut out),
                _ => unreachable!(),
            }
            out
        }
        let long = [0xa5u8; 200];
        for alg in [
            Algorithm::Sha1,
            Algorithm::Sha224,
            Algorithm::Sha256,
            Algorithm::Sha384,
            Algorithm::Sha512,
        ] {
            for pw_len in [0, 1, 63, 64, 65, 127, 128, 129, 200] {
                for c in [1u32, 2, 3, 17] {
                    for len in [1, 19, 20, 28, 32, 33, 48, 64, 65, 100] {
                        let pw = &long[..pw_len];
                        let ours =
                            derive("t", alg, pw, b"NaCl", c.into(), len, &Limits::DEFAULT).unwrap();
                        assert_eq!(
                            *ours,
                            theirs(alg, pw, b"NaCl", c, len),
                            "{alg:?} key {pw_len} c {c} len {len}"
                        );
                    }
                }
            }
        }
    }

    /// The crate-loop digests: one iteration is HMAC(password, salt || INT(1)), and the work
    /// budget refuses Whirlpool long before the iteration ceiling.
    #[test]
    fn rarer_digests() {
        for alg in [Algorithm::Md4, Algorithm::Ripemd160, Algorithm::Whirlpool] {
            let len = alg.output_len();
            let ours = derive("t", alg, b"password", b"salt", 1, len, &Limits::DEFAULT).unwrap();
            let hmac = alg.hmac(b"password", &[b"salt", &[0, 0, 0, 1]]);
            assert_eq!(*ours, hmac.as_bytes(), "{alg:?}");
        }
        let e = derive(
            "t",
            Algorithm::Whirlpool,
            b"p",
            b"s",
            5_000_000,
            64,
            &Limits::DEFAULT,
        )
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Limit);
    }

    #[test]
    fn limits() {
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
