//! What one verify costs, estimated from the parsed parameters before any work, in one unit
//! across every family.
//!
//! A stored hash names its own cost, and the costs of different families multiply in different
//! ways: PBKDF2's is iterations × output blocks × the digest's block cost, sha-crypt's grows with
//! the password length on every round, scrypt's and argon2's with memory × passes, bcrypt's
//! doubles per cost step. Bounding each parameter alone lets their product run for minutes
//! (`$pbkdf2-sha512$` at the iteration and length ceilings, about 70 s). So every family turns
//! its parameters into **work units** here and [`crate::Limits::work`] checks the total against
//! one ceiling, [`crate::Limits::max_work`].
//!
//! One unit is one SHA-256 block compression, about 62 ns on the reference machine (a 2-core
//! AMD EPYC virtual machine). The weights below were measured there, verify by verify, rounded
//! up where a family varied:
//!
//! | operation | measured | units |
//! |---|---|---|
//! | SHA-1, SHA-256 block | 53 ns, 62 ns | 1 |
//! | SHA-512 block | 316-362 ns | 6 |
//! | MD5 block; per digest call | 124 ns; 60 ns | 2; 1 |
//! | RIPEMD-160 block; Whirlpool block | 5.2 and 8.6 SHA-256 blocks | 6; 9 |
//! | DES block (BSDi rounds) | 134 ns | 3 |
//! | Lotus Domino digest compression (18 × 48 dependent S-box steps) | 4.6 µs | 80 |
//! | bcrypt, per 2^cost step | 53 µs | 860 |
//! | argon2, per KiB per pass; per KiB first touched | 0.71 µs; 0.87 µs | 12; 14 |
//! | scrypt/yescrypt, per N·r·p; per KiB first touched | 0.2 µs; 0.87 µs | 4; 14 |
//!
//! RIPEMD-160 and Whirlpool (Auth0's HMAC and PBKDF2 digests) were timed later on a machine
//! whose SHA-NI runs a SHA-256 block in 30 ns, so they are weighed by that ratio: 157 ns and
//! 258 ns a block (1 MiB digests, best of 20), rounded up. PBKDF2 over them on the `pbkdf2`
//! crate's loop took 0.33 µs and 1.07 µs an iteration there, estimated at 14 and 38 units.
//!
//! Page faults are counted apart because they dominate one-pass memory-hard hashes: argon2 at
//! m=64 MiB takes 104 ms for one pass and 187 ms for four. The estimates err high: a budget that
//! refuses a real producer's default is caught by the vector tests, one that lets a hostile
//! string through is not.

use crate::primitives::Algorithm;

/// Units per block compression and per digest call (setup and finalisation) of `alg`.
const fn weights(alg: Algorithm) -> (u64, u64) {
    match alg {
        Algorithm::Md4 => (2, 1),
        Algorithm::Md5 => (2, 1),
        Algorithm::Sha1 | Algorithm::Sha224 | Algorithm::Sha256 => (1, 1),
        Algorithm::Sha384 | Algorithm::Sha512 => (6, 1),
        Algorithm::Ripemd160 => (6, 1),
        Algorithm::Whirlpool => (9, 1),
    }
}

/// Block size of `alg` in bytes, and the bytes its padding adds at the least (Whirlpool's
/// length field is 32 bytes).
const fn block(alg: Algorithm) -> (u64, u64) {
    match alg {
        Algorithm::Sha384 | Algorithm::Sha512 => (128, 17),
        Algorithm::Whirlpool => (64, 33),
        _ => (64, 9),
    }
}

/// Units of one digest call over `bytes` bytes of input.
pub(crate) fn digest(alg: Algorithm, bytes: u64) -> u64 {
    let (per_block, per_call) = weights(alg);
    let (size, pad) = block(alg);
    bytes
        .saturating_add(pad)
        .div_ceil(size)
        .saturating_mul(per_block)
        .saturating_add(per_call)
}

/// Units of PBKDF2-HMAC-`alg` with `iterations` and `len` bytes of output: per iteration and
/// output block, two compressions of one block over precomputed keyed states (SHA-1, SHA-2);
/// or, on the `pbkdf2` crate's loop (MD4, MD5, RIPEMD-160, Whirlpool), two digest calls over
/// the previous U, which pay their setup and finalisation, and for Whirlpool a second block
/// for its 33 bytes of padding.
pub(crate) fn pbkdf2(alg: Algorithm, iterations: u64, len: u64) -> u64 {
    let out = alg.output_len() as u64;
    let blocks = len.div_ceil(out).max(1);
    let per_iteration = match alg {
        Algorithm::Sha1
        | Algorithm::Sha224
        | Algorithm::Sha256
        | Algorithm::Sha384
        | Algorithm::Sha512 => 2 * weights(alg).0,
        Algorithm::Md4 | Algorithm::Md5 | Algorithm::Ripemd160 | Algorithm::Whirlpool => {
            2 * digest(alg, out)
        }
    };
    iterations
        .saturating_mul(blocks)
        .saturating_mul(per_iteration)
}

/// Units of one sha256-crypt or sha512-crypt round (glibc's algorithm; MySQL's
/// caching_sha2_password), averaged over the round pattern: the password enters 13 times in
/// 7 rounds, the salt in 2 rounds of 3, the previous digest once a round.
pub(crate) fn sha_crypt_round(alg: Algorithm, password_len: u64, salt_len: u64) -> u64 {
    let bytes = password_len
        .saturating_mul(13)
        .div_ceil(7)
        .saturating_add(alg.output_len() as u64)
        .saturating_add(salt_len.saturating_mul(2).div_ceil(3));
    digest(alg, bytes)
}

/// Units of Lotus Domino's digest over `bytes` bytes: one compression per 16-byte block, the
/// padding block and the checksum block, each 18 passes of 48 dependent S-box look-ups
/// (measured 4.6 µs a compression, 75 units; charged 80).
pub(crate) fn domino(bytes: u64) -> u64 {
    (bytes / 16).saturating_add(2).saturating_mul(80)
}

/// Units of `ops` single-block DES encryptions (BSDi's rounds, bigcrypt's segments).
pub(crate) fn des(ops: u64) -> u64 {
    ops.saturating_mul(3)
}

/// Units of bcrypt at `cost`: 2^cost rounds of two Eksblowfish key expansions, plus the setup.
pub(crate) fn bcrypt(cost: u32) -> u64 {
    1u64.checked_shl(cost)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
        .saturating_mul(860)
}

/// Units of first touching `bytes` of freshly allocated memory.
fn touch(bytes: u64) -> u64 {
    bytes.div_ceil(1024).saturating_mul(14)
}

/// Units of argon2 with `m_kib` KiB of memory and `t` passes (the lanes share the memory).
pub(crate) fn argon2(m_kib: u64, t: u64) -> u64 {
    m_kib
        .saturating_mul(t)
        .saturating_mul(12)
        .saturating_add(touch(m_kib.saturating_mul(1024)))
}

/// Units of an scrypt-family hash: N·r·p block mixes of 128 bytes, `t + 1` times over for
/// yescrypt's time parameter, and the 128·r·N-byte array.
pub(crate) fn scrypt(n: u64, r: u64, p: u64, t: u64) -> u64 {
    n.saturating_mul(r)
        .saturating_mul(p)
        .saturating_mul(t.saturating_add(1))
        .saturating_mul(4)
        .saturating_add(touch(n.saturating_mul(r).saturating_mul(128)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_blocks_follow_padding() {
        // 55 bytes plus 9 of padding fill one SHA-256 block; 56 need two.
        assert_eq!(digest(Algorithm::Sha256, 55), 2);
        assert_eq!(digest(Algorithm::Sha256, 56), 3);
        assert_eq!(digest(Algorithm::Sha512, 111), 7);
        assert_eq!(digest(Algorithm::Sha512, 112), 13);
    }

    #[test]
    fn pbkdf2_counts_output_blocks() {
        assert_eq!(pbkdf2(Algorithm::Sha256, 1000, 32), 2000);
        assert_eq!(pbkdf2(Algorithm::Sha256, 1000, 33), 4000);
        assert_eq!(pbkdf2(Algorithm::Sha1, 5_000_000, 1024), 520_000_000);
        assert_eq!(pbkdf2(Algorithm::Sha512, u64::MAX, 64), u64::MAX);
        // The crate's loop: two digest calls of U an iteration, Whirlpool's two blocks each.
        assert_eq!(pbkdf2(Algorithm::Md5, 1000, 16), 6000);
        assert_eq!(pbkdf2(Algorithm::Ripemd160, 1, 20), 14);
        assert_eq!(pbkdf2(Algorithm::Whirlpool, 1, 64), 38);
    }

    #[test]
    fn saturates_instead_of_wrapping() {
        assert_eq!(bcrypt(64), u64::MAX);
        assert_eq!(bcrypt(31), ((1u64 << 31) + 1) * 860);
        assert_eq!(argon2(u64::MAX, 2), u64::MAX);
        assert_eq!(scrypt(1 << 63, 1 << 40, 1, 0), u64::MAX);
    }
}
