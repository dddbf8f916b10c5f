//! The Merkle–Damgård hashes our hot loops drive block by block: MD5, SHA-1, SHA-224, SHA-256,
//! SHA-384 and SHA-512, each as its block function, initial value, padding and digest.
//!
//! PBKDF2 (`pbkdf2.rs`) and the md5-crypt/SHA-crypt round loop (`crypt_rounds.rs`) both hash
//! messages whose layout they know in advance, so they pad them once and call the block
//! function directly instead of paying a `Digest` hasher's buffering and padding on every
//! iteration. Both need the same facts about each hash; this module states them once, with the
//! one copy of the initial values (FIPS 180-4 section 5.3, RFC 1321 section 3.3) in the crate.
//! The block functions are `sha1`'s and `sha2`'s (SHA-NI or AVX2, chosen at run time) and our
//! own MD5 one (`md5_block.rs`); their round constants live with them.
//!
//! Known answers: through its users, PBKDF2 against RFC 6070, RFC 7914 and the `pbkdf2` crate,
//! the round loop against the `Digest` interface; here the whole-message padding against
//! `Digest` for every hash.

use digest::block_api::EagerHash;
use zeroize::Zeroize;

use super::{md5_block, opaque_zero};

/// A Merkle–Damgård hash with `B`-byte blocks, seen through its block function.
pub(crate) trait BlockHash<const B: usize> {
    /// The same hash behind the `Digest` interface, for what is not a hot loop (HMAC keys
    /// longer than a block, PBKDF2's U_1, SHA-crypt's set-up digests).
    type Digest: EagerHash;
    /// The chaining value; wiped by the users that hold a password-derived one.
    type State: Copy + Zeroize;
    /// The initial chaining value.
    const IV: Self::State;
    /// Digest bytes.
    const LEN: usize;
    /// Bytes of the message length field that ends the padding.
    const LENGTH_FIELD: usize;

    /// The block function over consecutive blocks (one call for a two-block message lets an
    /// AVX2 back end overlap them).
    fn compress(state: &mut Self::State, blocks: &[[u8; B]]);

    /// Write a message length of `bits` into the `LENGTH_FIELD` bytes of `field`.
    fn length(bits: u64, field: &mut [u8]);

    /// Write the digest of `state` into the first `LEN` bytes of `out`.
    fn output(state: &Self::State, out: &mut [u8]);

    /// Pad in place the end of a message of `total` bytes whose last bytes end at `tail[at]`:
    /// the `0x80` marker there and the length field at the end of `tail`, which is zero in
    /// between and ends on a block boundary of the whole message. `tail` is the message's
    /// last block or blocks (PBKDF2's is one block after the HMAC key block) or all of it.
    fn pad(tail: &mut [u8], at: usize, total: usize) {
        tail[at] = 0x80;
        let end = tail.len();
        Self::length(
            (total as u64).saturating_mul(8),
            &mut tail[end - Self::LENGTH_FIELD..],
        );
    }

    /// Blocks a message of `len` bytes takes once padded.
    fn padded_blocks(len: usize) -> usize {
        (len + 1 + Self::LENGTH_FIELD).div_ceil(B)
    }
}

/// MD5 (RFC 1321), with our block function (`md5_block.rs`).
pub(crate) struct Md5;

impl BlockHash<64> for Md5 {
    type Digest = md5::Md5;
    type State = [u32; 4];
    const IV: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    const LEN: usize = 16;
    const LENGTH_FIELD: usize = 8;

    #[inline(always)]
    fn compress(state: &mut [u32; 4], blocks: &[[u8; 64]]) {
        md5_block::compress(state, blocks, opaque_zero());
    }

    fn length(bits: u64, field: &mut [u8]) {
        field.copy_from_slice(&bits.to_le_bytes());
    }

    #[inline(always)]
    fn output(state: &[u32; 4], out: &mut [u8]) {
        for (o, w) in out[..16].chunks_exact_mut(4).zip(state) {
            o.copy_from_slice(&w.to_le_bytes());
        }
    }
}

/// Implements [`BlockHash`] for a big-endian hash (SHA-1, SHA-2) from its digest type, state
/// word, block size, digest length, length field, block function and initial value.
macro_rules! big_endian_hash {
    ($(#[$doc:meta])* $name:ident, $digest:ty, $word:ty, $words:literal, $block:literal,
     $len:literal, $length_field:literal, $compress:path, $iv:expr) => {
        $(#[$doc])*
        pub(crate) struct $name;

        impl BlockHash<$block> for $name {
            type Digest = $digest;
            type State = [$word; $words];
            const IV: Self::State = $iv;
            const LEN: usize = $len;
            const LENGTH_FIELD: usize = $length_field;

            #[inline(always)]
            fn compress(state: &mut Self::State, blocks: &[[u8; $block]]) {
                $compress(state, blocks);
            }

            fn length(bits: u64, field: &mut [u8]) {
                // A 64-bit count, zero-extended to the field (128 bits for SHA-384/512).
                let (high, low) = field.split_at_mut($length_field - 8);
                high.fill(0);
                low.copy_from_slice(&bits.to_be_bytes());
            }

            #[inline(always)]
            fn output(state: &Self::State, out: &mut [u8]) {
                const W: usize = core::mem::size_of::<$word>();
                for (o, w) in out[..$len].chunks_exact_mut(W).zip(state) {
                    o.copy_from_slice(&w.to_be_bytes());
                }
            }
        }
    };
}

big_endian_hash!(
    /// SHA-1 (FIPS 180-4), block function from the `sha1` crate.
    Sha1,
    sha1::Sha1,
    u32,
    5,
    64,
    20,
    8,
    sha1::block_api::compress,
    [
        0x6745_2301,
        0xefcd_ab89,
        0x98ba_dcfe,
        0x1032_5476,
        0xc3d2_e1f0,
    ]
);
big_endian_hash!(
    /// SHA-224 (FIPS 180-4), SHA-256's block function from a different initial value.
    Sha224,
    sha2::Sha224,
    u32,
    8,
    64,
    28,
    8,
    sha2::block_api::compress256,
    [
        0xc105_9ed8,
        0x367c_d507,
        0x3070_dd17,
        0xf70e_5939,
        0xffc0_0b31,
        0x6858_1511,
        0x64f9_8fa7,
        0xbefa_4fa4,
    ]
);
big_endian_hash!(
    /// SHA-256 (FIPS 180-4), block function from the `sha2` crate (SHA-NI when the CPU has it).
    Sha256,
    sha2::Sha256,
    u32,
    8,
    64,
    32,
    8,
    sha2::block_api::compress256,
    [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ]
);
big_endian_hash!(
    /// SHA-384 (FIPS 180-4), SHA-512's block function from a different initial value.
    Sha384,
    sha2::Sha384,
    u64,
    8,
    128,
    48,
    16,
    sha2::block_api::compress512,
    [
        0xcbbb_9d5d_c105_9ed8,
        0x629a_292a_367c_d507,
        0x9159_015a_3070_dd17,
        0x152f_ecd8_f70e_5939,
        0x6733_2667_ffc0_0b31,
        0x8eb4_4a87_6858_1511,
        0xdb0c_2e0d_64f9_8fa7,
        0x47b5_481d_befa_4fa4,
    ]
);
big_endian_hash!(
    /// SHA-512 (FIPS 180-4), block function from the `sha2` crate (AVX2 when the CPU has it).
    Sha512,
    sha2::Sha512,
    u64,
    8,
    128,
    64,
    16,
    sha2::block_api::compress512,
    [
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
        0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1,
        0x9b05_688c_2b3e_6c1f,
        0x1f83_d9ab_fb41_bd6b,
        0x5be0_cd19_137e_2179,
    ]
);

#[cfg(test)]
mod tests {
    use digest::Digest as _;

    use super::*;

    /// The digest of `msg` padded and compressed here, against the `Digest` interface.
    fn check<const B: usize, H: BlockHash<B>>() {
        for len in [0usize, 1, 55, 56, 63, 64, 111, 112, 127, 128, 200] {
            let msg: Vec<u8> = (0..len).map(|i| (i * 31 + 7).to_le_bytes()[0]).collect();
            let mut blocks = vec![[0u8; B]; H::padded_blocks(len)];
            let flat = blocks.as_flattened_mut();
            flat[..len].copy_from_slice(&msg);
            H::pad(flat, len, len);
            let mut state = H::IV;
            H::compress(&mut state, &blocks);
            let mut ours = vec![0u8; H::LEN];
            H::output(&state, &mut ours);
            assert_eq!(ours[..], H::Digest::digest(&msg)[..], "{len} bytes");
        }
    }

    #[test]
    fn whole_messages_match_digest() {
        check::<64, Md5>();
        check::<64, Sha1>();
        check::<64, Sha224>();
        check::<64, Sha256>();
        check::<128, Sha384>();
        check::<128, Sha512>();
    }
}
