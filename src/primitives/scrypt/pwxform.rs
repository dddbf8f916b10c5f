//! pwxform, yescrypt's S-box round function, and the BlockMix built on it.
//!
//! pwxform is scalar 64-bit code: its S-box lookups depend on the previous round, and on current
//! x86-64 cores the scalar multiply-add-xor chain is shorter than a round trip between vector and
//! general registers. S-box indices are masked to the table size, so there are no bounds checks
//! in the rounds, which are fully unrolled. The parameters are libxcrypt's (6 rounds, gather 4,
//! simple 2, 12 KiB of S-boxes per lane).

#![allow(
    clippy::cast_possible_truncation,
    reason = "pwxform takes S-box indices and outputs from the low bits of 64-bit words by design"
)]

use zeroize::Zeroizing;

use super::engine::smix1;
use super::salsa::{Block, ZERO, last_xor, salsa20_2, xor_into};

/// One pwxform S-box: 256 entries of two 64-bit lanes (4 KiB).
pub(super) type Sbox = [[u64; 2]; 256];

/// pwxform state of one lane: the three S-boxes in their current roles and the next S2 entry
/// to write (a multiple of 16).
pub(super) struct Pwx<'a> {
    pub(super) s0: &'a mut Sbox,
    pub(super) s1: &'a mut Sbox,
    pub(super) s2: &'a mut Sbox,
    pub(super) w: usize,
}

impl Pwx<'_> {
    /// pwxform on one 64-byte sub-block: six rounds of multiply, add and XOR over four gather
    /// lanes of two 64-bit words, writing rounds 1 to 4 into S2; then the S-boxes rotate.
    #[inline(always)]
    pub(super) fn pwxform(&mut self, x: &mut Block) {
        #[inline(always)]
        fn round(x: &mut Block, s0: &Sbox, s1: &Sbox) {
            for j in 0..4 {
                let (a, c) = (x[2 * j], x[2 * j + 1]);
                let p0 = &s0[(a as usize >> 4) & 0xff];
                let p1 = &s1[((a >> 36) as usize) & 0xff];
                x[2 * j] = ((a >> 32) * (a & 0xffff_ffff)).wrapping_add(p0[0]) ^ p1[0];
                x[2 * j + 1] = ((c >> 32) * (c & 0xffff_ffff)).wrapping_add(p0[1]) ^ p1[1];
            }
        }
        #[inline(always)]
        fn write(x: &Block, s2: &mut Sbox, at: usize) {
            for j in 0..4 {
                s2[at + j] = [x[2 * j], x[2 * j + 1]];
            }
        }
        let (s0, s1, s2) = (&*self.s0, &*self.s1, &mut *self.s2);
        let w = self.w & 0xf0;
        round(x, s0, s1);
        round(x, s0, s1);
        write(x, s2, w);
        round(x, s0, s1);
        write(x, s2, w + 4);
        round(x, s0, s1);
        write(x, s2, w + 8);
        round(x, s0, s1);
        write(x, s2, w + 12);
        round(x, s0, s1);
        self.w = (w + 16) & 0xf0;
        core::mem::swap(&mut self.s0, &mut self.s2);
        core::mem::swap(&mut self.s1, &mut self.s2);
    }
}

/// `x = BlockMix_pwxform(x XOR v)` in place; returns Integerify of the result.
pub(super) fn blockmix_pwx_xor_in_place(x: &mut [Block], v: &[Block], ctx: &mut Pwx<'_>) -> u32 {
    let mut st = last_xor(x, v);
    for (xi, vi) in x.iter_mut().zip(v) {
        xor_into(&mut st, xi);
        xor_into(&mut st, vi);
        ctx.pwxform(&mut st);
        *xi = st;
    }
    salsa20_2(&mut st);
    if let Some(o) = x.last_mut() {
        *o = st;
    }
    st[0] as u32
}

/// `v ^= x; x = BlockMix_pwxform(v)` in place (the read-write flavor's SMix2 step); returns
/// Integerify of the result.
pub(super) fn blockmix_pwx_xor_save(x: &mut [Block], v: &mut [Block], ctx: &mut Pwx<'_>) -> u32 {
    let mut st = last_xor(x, v);
    for (xi, vi) in x.iter_mut().zip(v.iter_mut()) {
        xor_into(vi, xi);
        xor_into(&mut st, vi);
        ctx.pwxform(&mut st);
        *xi = st;
    }
    salsa20_2(&mut st);
    if let Some(o) = x.last_mut() {
        *o = st;
    }
    st[0] as u32
}

/// Sub-blocks of one lane's three S-boxes (12 KiB).
pub(super) const SBOX_BLOCKS: usize = 3 * 256 * 16 / 64;

/// A lane's S-boxes from its block `b`: classic SMix1 with r = 1 and N = 96, whose V is the
/// S-boxes' bytes; `b` is updated as the reference updates it.
pub(super) fn sbox_init(b: &mut [u8], xy: &mut [Block], sboxes: &mut [Sbox; 3]) {
    let mut blocks = Zeroizing::new(vec![ZERO; SBOX_BLOCKS]);
    smix1(&mut b[..128], 2, SBOX_BLOCKS / 2, &mut blocks, &mut xy[..2]);
    let entries = sboxes.iter_mut().flat_map(|t| t.iter_mut());
    let halves = blocks.iter().flat_map(|blk| blk.chunks_exact(2));
    for (e, h) in entries.zip(halves) {
        e.copy_from_slice(h);
    }
}
