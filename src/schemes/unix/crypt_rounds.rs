//! The round loop md5-crypt and SHA-crypt share, driven straight from the hash's block function.
//!
//! Both schemes spend their time in a loop whose round `i` hashes, from the previous digest `C`
//! and two fixed byte strings `P` (password-derived) and `S` (salt-derived):
//! `(i odd ? P : C) ‖ (i % 3 ≠ 0 ? S : "") ‖ (i % 7 ≠ 0 ? P : "") ‖ (i odd ? C : P)`.
//! Only eight layouts exist, and in each only `C` changes between rounds, so this module builds
//! the eight messages once, already padded as the hash pads them, and per round copies `C` into
//! its slot and runs the block function over the whole message. That saves the hasher's
//! per-round setup, buffering and padding (through `Digest`, a few hundred instructions per
//! round), and hands a two-block message to the block function in one call, which SHA-512's
//! AVX2 back end processes faster than two single blocks. MD5's block function is our own
//! (`primitives/md5_block.rs`, shorter dependency chain); SHA-256's and SHA-512's are `sha2`'s
//! (SHA-NI, AVX2).
//!
//! Known answers: md5-crypt's and SHA-crypt's own test vectors in their modules (every layout
//! occurs within 42 rounds), and here the raw hashes against `Digest`.

use digest::Digest;
use zeroize::Zeroizing;

use crate::primitives::{md5_block, opaque_zero};

/// Longest `P` the prepared messages are built for; longer ones (never seen in practice) go
/// through the hasher, so that memory stays bounded whatever the input: eight messages of at
/// most `DIGEST + 2 × 1024 + 16` bytes.
const MAX_PREPARED: usize = 1024;

/// A Merkle–Damgård hash given by its block function and padding: MD5, SHA-256, SHA-512.
pub(super) trait BlockHash<const B: usize> {
    /// The same hash behind the `Digest` interface.
    type Digest: Digest;
    /// The chaining value.
    type State: Copy;
    /// The initial chaining value.
    const INIT: Self::State;
    /// Digest bytes.
    const DIGEST: usize;
    /// Bytes of the message length field that ends the padding.
    const LENGTH_FIELD: usize;
    /// The block function over consecutive blocks; `zero` is `primitives::opaque_zero()`, for
    /// block functions that need one.
    fn compress(state: &mut Self::State, blocks: &[[u8; B]], zero: u32);
    /// Write a message length of `bits` into the `LENGTH_FIELD` bytes of `field`.
    fn length(bits: u64, field: &mut [u8]);
    /// Write the digest of `state` into the `DIGEST` bytes of `out`.
    fn output(state: &Self::State, out: &mut [u8]);
}

/// MD5 (RFC 1321), with our block function (`primitives/md5_block.rs`).
pub(super) struct Md5;

impl BlockHash<64> for Md5 {
    type Digest = md5::Md5;
    type State = [u32; 4];
    const INIT: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    const DIGEST: usize = 16;
    const LENGTH_FIELD: usize = 8;

    #[inline]
    fn compress(state: &mut [u32; 4], blocks: &[[u8; 64]], zero: u32) {
        md5_block::compress(state, blocks, zero);
    }

    fn length(bits: u64, field: &mut [u8]) {
        field.copy_from_slice(&bits.to_le_bytes());
    }

    #[inline]
    fn output(state: &[u32; 4], out: &mut [u8]) {
        for (o, w) in out.chunks_exact_mut(4).zip(state) {
            o.copy_from_slice(&w.to_le_bytes());
        }
    }
}

/// SHA-256 (FIPS 180-4), block function from the `sha2` crate (SHA-NI when the CPU has it).
pub(super) struct Sha256;

impl BlockHash<64> for Sha256 {
    type Digest = sha2::Sha256;
    type State = [u32; 8];
    const INIT: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    const DIGEST: usize = 32;
    const LENGTH_FIELD: usize = 8;

    #[inline]
    fn compress(state: &mut [u32; 8], blocks: &[[u8; 64]], _zero: u32) {
        sha2::block_api::compress256(state, blocks);
    }

    fn length(bits: u64, field: &mut [u8]) {
        field.copy_from_slice(&bits.to_be_bytes());
    }

    #[inline]
    fn output(state: &[u32; 8], out: &mut [u8]) {
        for (o, w) in out.chunks_exact_mut(4).zip(state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
}

/// SHA-512 (FIPS 180-4), block function from the `sha2` crate (AVX2 when the CPU has it).
pub(super) struct Sha512;

impl BlockHash<128> for Sha512 {
    type Digest = sha2::Sha512;
    type State = [u64; 8];
    const INIT: [u64; 8] = [
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
        0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1,
        0x9b05_688c_2b3e_6c1f,
        0x1f83_d9ab_fb41_bd6b,
        0x5be0_cd19_137e_2179,
    ];
    const DIGEST: usize = 64;
    const LENGTH_FIELD: usize = 16;

    #[inline]
    fn compress(state: &mut [u64; 8], blocks: &[[u8; 128]], _zero: u32) {
        sha2::block_api::compress512(state, blocks);
    }

    fn length(bits: u64, field: &mut [u8]) {
        field.copy_from_slice(&u128::from(bits).to_be_bytes());
    }

    #[inline]
    fn output(state: &[u64; 8], out: &mut [u8]) {
        for (o, w) in out.chunks_exact_mut(8).zip(state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
}

/// One of the eight round messages, padded, with a hole for the previous digest.
struct Layout<const B: usize> {
    blocks: Zeroizing<Vec<[u8; B]>>,
    /// Where the previous digest goes.
    at: usize,
}

impl<const B: usize> Layout<B> {
    /// The message of the rounds with `odd`, `salt` (i % 3 ≠ 0) and `twice` (i % 7 ≠ 0).
    fn new<H: BlockHash<B>>(p: &[u8], s: &[u8], odd: bool, salt: bool, twice: bool) -> Self {
        let s = if salt { s } else { &[] };
        let p2 = if twice { p } else { &[] };
        let len = H::DIGEST + p.len() + s.len() + p2.len();
        let mut blocks = Zeroizing::new(vec![[0u8; B]; (len + 1 + H::LENGTH_FIELD).div_ceil(B)]);
        let flat = blocks.as_flattened_mut();
        let hole = [0u8; 64];
        let hole = &hole[..H::DIGEST];
        let (parts, at) = if odd {
            ([p, s, p2, hole], len - H::DIGEST)
        } else {
            ([hole, s, p2, p], 0)
        };
        let mut pos = 0;
        for part in parts {
            flat[pos..pos + part.len()].copy_from_slice(part);
            pos += part.len();
        }
        flat[len] = 0x80;
        let end = flat.len();
        H::length(
            (len as u64).saturating_mul(8),
            &mut flat[end - H::LENGTH_FIELD..],
        );
        Layout { blocks, at }
    }
}

/// Run `rounds` rounds over `c` (the digest so far, `H::DIGEST` bytes, replaced by the result)
/// with the password sequence `p` and the salt sequence `s`.
pub(super) fn crypt_rounds<const B: usize, H: BlockHash<B>>(
    p: &[u8],
    s: &[u8],
    c: &mut [u8],
    rounds: u64,
) {
    if p.len() > MAX_PREPARED || s.len() > MAX_PREPARED {
        return through_hasher::<H::Digest>(p, s, c, rounds);
    }
    // Indexed by odd | salt << 1 | twice << 2.
    let mut layouts: [Layout<B>; 8] =
        std::array::from_fn(|k| Layout::new::<H>(p, s, k & 1 != 0, k & 2 != 0, k & 4 != 0));
    let zero = opaque_zero();
    for i in 0..rounds {
        let k = (i & 1) as usize | usize::from(i % 3 != 0) << 1 | usize::from(i % 7 != 0) << 2;
        let layout = &mut layouts[k];
        layout.blocks.as_flattened_mut()[layout.at..layout.at + H::DIGEST].copy_from_slice(c);
        let mut state = H::INIT;
        H::compress(&mut state, &layout.blocks, zero);
        H::output(&state, c);
    }
}

/// The same rounds through the `Digest` interface, as the specifications write them.
fn through_hasher<D: Digest>(p: &[u8], s: &[u8], c: &mut [u8], rounds: u64) {
    for i in 0..rounds {
        let mut h = D::new();
        h.update(if i & 1 == 1 { p } else { &*c });
        if i % 3 != 0 {
            h.update(s);
        }
        if i % 7 != 0 {
            h.update(p);
        }
        h.update(if i & 1 == 1 { &*c } else { p });
        c.copy_from_slice(&h.finalize());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<const B: usize, H: BlockHash<B>>() {
        // Lengths around every block boundary of both block sizes.
        let lens = [
            0usize, 1, 7, 15, 16, 23, 31, 40, 47, 55, 56, 63, 64, 100, 111, 112, 200,
        ];
        for plen in lens.into_iter().chain([MAX_PREPARED, MAX_PREPARED + 1]) {
            for slen in [0usize, 8, 16] {
                let p: Vec<u8> = (0..plen).map(|i| (i * 7 + 1) as u8).collect();
                let s: Vec<u8> = (0..slen).map(|i| (i * 13 + 5) as u8).collect();
                let mut ours = vec![0x5au8; H::DIGEST];
                let mut theirs = ours.clone();
                crypt_rounds::<B, H>(&p, &s, &mut ours, 45);
                through_hasher::<H::Digest>(&p, &s, &mut theirs, 45);
                assert_eq!(ours, theirs, "password {plen} bytes, salt {slen}");
            }
        }
    }

    #[test]
    fn md5_rounds() {
        check::<64, Md5>();
    }

    #[test]
    fn sha256_rounds() {
        check::<64, Sha256>();
    }

    #[test]
    fn sha512_rounds() {
        check::<128, Sha512>();
    }
}
