//! Salsa20/8 and BlockMix on sub-blocks stored in diagonal ("SIMD") order: the part of the
//! engine classic scrypt and yescrypt share.
//!
//! Every 64-byte sub-block is eight 64-bit lanes with its Salsa20 words in diagonal order:
//! 32-bit word `i` holds Salsa20 word `5 * i mod 16`. Salsa20's column and row steps are then
//! four-lane operations on whole rows, and pwxform's 64-bit lanes are the block's own lanes,
//! with no reordering inside the loops. Rows run on SSE2 registers on x86-64 through `safe_arch`
//! (safe wrappers of the intrinsics; SSE2 is part of every x86-64, so nothing is detected at run
//! time and the binary stays portable), plain arrays elsewhere. The compiler does not vectorise
//! a whole Salsa20 on its own: its dependency chains are deeper than the SLP vectoriser looks,
//! and the scalar form spills registers (measured 20-30% slower than libxcrypt on `$7$`).

#![allow(
    clippy::cast_possible_truncation,
    reason = "Salsa20 words are read as the low halves of 64-bit lanes by design"
)]

/// A 64-byte sub-block as eight 64-bit lanes; 32-bit word `i` (lane `i / 2`, low half first)
/// holds Salsa20 word `5 * i mod 16`.
pub(super) type Block = [u64; 8];

pub(super) const ZERO: Block = [0; 8];

/// One row of a sub-block: four 32-bit lanes. Implemented over SSE2 registers on x86-64 and
/// over plain arrays elsewhere (the tests check one against the other).
pub(super) trait Lanes: Copy {
    /// Row `i` of `b` (lanes `b[2i]`, `b[2i + 1]`).
    fn load(b: &Block, i: usize) -> Self;
    /// Write row `i` of `b`.
    fn store(self, b: &mut Block, i: usize);
    /// Lane-wise wrapping addition.
    fn add(self, o: Self) -> Self;
    /// Lane-wise XOR.
    fn xor(self, o: Self) -> Self;
    /// `self ^ ((a + c) <<< L)`, with `R = 32 - L`.
    fn arx<const L: i32, const R: i32>(self, a: Self, c: Self) -> Self;
    /// Lanes `[3, 0, 1, 2]` (`pshufd 0x93`).
    fn lanes_3012(self) -> Self;
    /// Lanes `[2, 3, 0, 1]` (`pshufd 0x4e`).
    fn lanes_2301(self) -> Self;
    /// Lanes `[1, 2, 3, 0]` (`pshufd 0x39`).
    fn lanes_1230(self) -> Self;
}

/// The portable rows.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Portable([u32; 4]);

#[cfg(any(test, not(target_arch = "x86_64")))]
impl Lanes for Portable {
    #[inline(always)]
    fn load(b: &Block, i: usize) -> Self {
        let (l, h) = (b[2 * i], b[2 * i + 1]);
        Portable([l as u32, (l >> 32) as u32, h as u32, (h >> 32) as u32])
    }
    #[inline(always)]
    fn store(self, b: &mut Block, i: usize) {
        let w = self.0;
        b[2 * i] = u64::from(w[0]) | u64::from(w[1]) << 32;
        b[2 * i + 1] = u64::from(w[2]) | u64::from(w[3]) << 32;
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Portable(core::array::from_fn(|k| self.0[k].wrapping_add(o.0[k])))
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        Portable(core::array::from_fn(|k| self.0[k] ^ o.0[k]))
    }
    #[inline(always)]
    fn arx<const L: i32, const R: i32>(self, a: Self, c: Self) -> Self {
        Portable(core::array::from_fn(|k| {
            self.0[k] ^ a.0[k].wrapping_add(c.0[k]).rotate_left(L as u32)
        }))
    }
    #[inline(always)]
    fn lanes_3012(self) -> Self {
        let x = self.0;
        Portable([x[3], x[0], x[1], x[2]])
    }
    #[inline(always)]
    fn lanes_2301(self) -> Self {
        let x = self.0;
        Portable([x[2], x[3], x[0], x[1]])
    }
    #[inline(always)]
    fn lanes_1230(self) -> Self {
        let x = self.0;
        Portable([x[1], x[2], x[3], x[0]])
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{Block, Lanes};
    use safe_arch::{
        add_i32_m128i, bitxor_m128i, m128i, shl_imm_u32_m128i, shr_imm_u32_m128i,
        shuffle_ai_f32_all_m128i,
    };

    /// A row in an SSE2 register.
    #[derive(Clone, Copy, Debug)]
    pub(in crate::primitives::scrypt) struct Sse2(m128i);

    impl Lanes for Sse2 {
        #[inline(always)]
        fn load(b: &Block, i: usize) -> Self {
            Sse2(m128i::from([b[2 * i], b[2 * i + 1]]))
        }
        #[inline(always)]
        fn store(self, b: &mut Block, i: usize) {
            let [l, h]: [u64; 2] = self.0.into();
            b[2 * i] = l;
            b[2 * i + 1] = h;
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            Sse2(add_i32_m128i(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            Sse2(bitxor_m128i(self.0, o.0))
        }
        #[inline(always)]
        fn arx<const L: i32, const R: i32>(self, a: Self, c: Self) -> Self {
            let t = add_i32_m128i(a.0, c.0);
            let x = bitxor_m128i(self.0, shl_imm_u32_m128i::<L>(t));
            Sse2(bitxor_m128i(x, shr_imm_u32_m128i::<R>(t)))
        }
        #[inline(always)]
        fn lanes_3012(self) -> Self {
            Sse2(shuffle_ai_f32_all_m128i::<0x93>(self.0))
        }
        #[inline(always)]
        fn lanes_2301(self) -> Self {
            Sse2(shuffle_ai_f32_all_m128i::<0x4e>(self.0))
        }
        #[inline(always)]
        fn lanes_1230(self) -> Self {
            Sse2(shuffle_ai_f32_all_m128i::<0x39>(self.0))
        }
    }
}

/// The rows the engine computes with.
#[cfg(target_arch = "x86_64")]
pub(super) type Fast = sse2::Sse2;
#[cfg(not(target_arch = "x86_64"))]
pub(super) type Fast = Portable;

/// A sub-block as four rows.
pub(super) type Rows<L> = [L; 4];

#[inline(always)]
pub(super) fn rows<L: Lanes>(b: &Block) -> Rows<L> {
    core::array::from_fn(|i| L::load(b, i))
}

#[inline(always)]
pub(super) fn store_rows<L: Lanes>(x: &Rows<L>, b: &mut Block) {
    for (i, r) in x.iter().enumerate() {
        r.store(b, i);
    }
}

#[inline(always)]
pub(super) fn xor_rows<L: Lanes>(x: Rows<L>, b: &Block) -> Rows<L> {
    core::array::from_fn(|i| x[i].xor(L::load(b, i)))
}

/// The Salsa20 core (`DR` double rounds, then the feed-forward addition) on a sub-block in
/// diagonal order: the column step, a lane rotation of three rows, the row step, and back.
#[inline(always)]
pub(super) fn salsa<L: Lanes, const DR: usize>(z: Rows<L>) -> Rows<L> {
    let [mut x0, mut x1, mut x2, mut x3] = z;
    for _ in 0..DR {
        x1 = x1.arx::<7, 25>(x0, x3);
        x2 = x2.arx::<9, 23>(x1, x0);
        x3 = x3.arx::<13, 19>(x2, x1);
        x0 = x0.arx::<18, 14>(x3, x2);
        x1 = x1.lanes_3012();
        x2 = x2.lanes_2301();
        x3 = x3.lanes_1230();
        x3 = x3.arx::<7, 25>(x0, x1);
        x2 = x2.arx::<9, 23>(x3, x0);
        x1 = x1.arx::<13, 19>(x2, x3);
        x0 = x0.arx::<18, 14>(x1, x2);
        x1 = x1.lanes_1230();
        x2 = x2.lanes_2301();
        x3 = x3.lanes_3012();
    }
    [x0.add(z[0]), x1.add(z[1]), x2.add(z[2]), x3.add(z[3])]
}

#[inline(always)]
pub(super) fn xor_into(a: &mut Block, b: &Block) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= y;
    }
}

#[inline(always)]
pub(super) fn xor(a: &Block, b: &Block) -> Block {
    let mut out = *a;
    xor_into(&mut out, b);
    out
}

/// The last sub-block of `x` XOR the last of `v` (where BlockMix starts).
#[inline(always)]
pub(super) fn last_xor(x: &[Block], v: &[Block]) -> Block {
    match (x.last(), v.last()) {
        (Some(a), Some(b)) => xor(a, b),
        _ => ZERO,
    }
}

/// Salsa20 word `i` of a 64-byte little-endian sub-block.
fn le_word(chunk: &[u8], i: usize) -> u64 {
    let mut le = [0u8; 4];
    le.copy_from_slice(&chunk[4 * i..4 * i + 4]);
    u64::from(u32::from_le_bytes(le))
}

/// A 64-byte little-endian sub-block in diagonal order.
pub(super) fn block_in(chunk: &[u8]) -> Block {
    core::array::from_fn(|k| le_word(chunk, 10 * k % 16) | le_word(chunk, (10 * k + 5) % 16) << 32)
}

/// Load 64-byte little-endian sub-blocks into diagonal order.
pub(super) fn shuffle_in(bytes: &[u8], blocks: &mut [Block]) {
    for (chunk, block) in bytes.chunks_exact(64).zip(blocks.iter_mut()) {
        *block = block_in(chunk);
    }
}

/// Store diagonal-order sub-blocks back as little-endian bytes.
pub(super) fn shuffle_out(blocks: &[Block], bytes: &mut [u8]) {
    for (chunk, block) in bytes.chunks_exact_mut(64).zip(blocks) {
        for (k, d) in block.iter().enumerate() {
            for (half, i) in [(0, 10 * k % 16), (32, (10 * k + 5) % 16)] {
                chunk[4 * i..4 * i + 4].copy_from_slice(&((*d >> half) as u32).to_le_bytes());
            }
        }
    }
}

/// scrypt's Integerify, low 32 bits: Salsa20 word 0 of the last sub-block.
#[inline(always)]
pub(super) fn integerify(x: &[Block]) -> u32 {
    x.last().map_or(0, |b| b[0] as u32)
}

/// `out = BlockMix_salsa20/8(input)`.
pub(super) fn blockmix_salsa8(input: &[Block], out: &mut [Block]) {
    let r = out.len() / 2;
    let mut x: Rows<Fast> = rows(input.last().unwrap_or(&ZERO));
    let (even, odd) = out.split_at_mut(r);
    for (pair, (e, o)) in input
        .chunks_exact(2)
        .zip(even.iter_mut().zip(odd.iter_mut()))
    {
        x = salsa::<_, 4>(xor_rows(x, &pair[0]));
        store_rows(&x, e);
        x = salsa::<_, 4>(xor_rows(x, &pair[1]));
        store_rows(&x, o);
    }
}

/// `out = BlockMix_salsa20/8(a XOR b)`; returns Integerify of the result.
pub(super) fn blockmix_salsa8_xor(a: &[Block], b: &[Block], out: &mut [Block]) -> u32 {
    let r = out.len() / 2;
    let mut x: Rows<Fast> = rows(&last_xor(a, b));
    let (even, odd) = out.split_at_mut(r);
    for ((pa, pb), (e, o)) in a
        .chunks_exact(2)
        .zip(b.chunks_exact(2))
        .zip(even.iter_mut().zip(odd.iter_mut()))
    {
        x = salsa::<_, 4>(xor_rows(xor_rows(x, &pa[0]), &pb[0]));
        store_rows(&x, e);
        x = salsa::<_, 4>(xor_rows(xor_rows(x, &pa[1]), &pb[1]));
        store_rows(&x, o);
    }
    integerify(out)
}

/// Salsa20/2 in place (the last step of BlockMix_pwxform).
#[inline(always)]
pub(super) fn salsa20_2(b: &mut Block) {
    let x = salsa::<Fast, 1>(rows(b));
    store_rows(&x, b);
}
