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
//! AVX2 back end processes faster than two single blocks. The hashes, their block functions
//! and padding are `block_hash.rs`'s: MD5's block function is our own (`md5_block.rs`, shorter
//! dependency chain); SHA-256's and SHA-512's are `sha2`'s (SHA-NI, AVX2).
//!
//! Known answers: md5-crypt's and SHA-crypt's own test vectors in their modules (every layout
//! occurs within 42 rounds), and here the raw hashes against `Digest`.

use digest::Digest;
use zeroize::Zeroizing;

use super::block_hash::BlockHash;

/// Longest `P` the prepared messages are built for; longer ones (never seen in practice) go
/// through the hasher, so that memory stays bounded whatever the input: eight messages of at
/// most `LEN + 2 × 1024 + 16` bytes.
const MAX_PREPARED: usize = 1024;

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
        let len = H::LEN + p.len() + s.len() + p2.len();
        let mut blocks = Zeroizing::new(vec![[0u8; B]; H::padded_blocks(len)]);
        let flat = blocks.as_flattened_mut();
        let hole = [0u8; 64];
        let hole = &hole[..H::LEN];
        let (parts, at) = if odd {
            ([p, s, p2, hole], len - H::LEN)
        } else {
            ([hole, s, p2, p], 0)
        };
        let mut pos = 0;
        for part in parts {
            flat[pos..pos + part.len()].copy_from_slice(part);
            pos += part.len();
        }
        H::pad(flat, len, len);
        Layout { blocks, at }
    }
}

/// Run `rounds` rounds over `c` (the digest so far, `H::LEN` bytes, replaced by the result)
/// with the password sequence `p` and the salt sequence `s`.
pub(crate) fn crypt_rounds<const B: usize, H: BlockHash<B>>(
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
    for i in 0..rounds {
        let k = (i & 1) as usize | usize::from(i % 3 != 0) << 1 | usize::from(i % 7 != 0) << 2;
        let layout = &mut layouts[k];
        layout.blocks.as_flattened_mut()[layout.at..layout.at + H::LEN].copy_from_slice(c);
        let mut state = H::IV;
        H::compress(&mut state, &layout.blocks);
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
    use crate::primitives::block_hash::{Md5, Sha256, Sha512};

    fn check<const B: usize, H: BlockHash<B>>() {
        // Lengths around every block boundary of both block sizes.
        let lens = [
            0usize, 1, 7, 15, 16, 23, 31, 40, 47, 55, 56, 63, 64, 100, 111, 112, 200,
        ];
        for plen in lens.into_iter().chain([MAX_PREPARED, MAX_PREPARED + 1]) {
            for slen in [0usize, 8, 16] {
                let p: Vec<u8> = (0..plen).map(|i| (i * 7 + 1).to_le_bytes()[0]).collect();
                let s: Vec<u8> = (0..slen).map(|i| (i * 13 + 5).to_le_bytes()[0]).collect();
                let mut ours = vec![0x5au8; H::LEN];
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
