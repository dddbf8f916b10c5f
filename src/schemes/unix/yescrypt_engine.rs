//! The yescrypt engine (also classic scrypt), laid out the way libxcrypt's optimised
//! `yescrypt-opt.c` lays it out, in safe Rust.
//!
//! Why our own: the `yescrypt` crate transcribes the reference code and runs libxcrypt's default
//! `$y$j9T$` hashes about 1.6 times slower than libxcrypt itself; the `scrypt` crate runs `$7$`
//! about 5% slower than libxcrypt (a separate XOR pass per step, V zero-filled per call). A
//! migration verifies on the login path of the system it replaces and must not be slower.
//!
//! How:
//! - Every 64-byte sub-block is stored as eight 64-bit lanes with its Salsa20 words in diagonal
//!   ("SIMD") order: 32-bit word `i` holds Salsa20 word `5 * i mod 16`. Salsa20's column and row
//!   steps are then four-lane operations on whole rows, and pwxform's 64-bit lanes are the
//!   block's own lanes, with no reordering inside the loops.
//! - Salsa20 runs on four-lane rows (`Lanes`): SSE2 registers on x86-64 through `safe_arch`
//!   (safe wrappers of the intrinsics; SSE2 is part of every x86-64, so nothing is detected at
//!   run time and the binary stays portable), plain arrays elsewhere. The compiler does not
//!   vectorise a whole Salsa20 on its own: its dependency chains are deeper than the SLP
//!   vectoriser looks, and the scalar form spills registers (measured 20-30% slower than
//!   libxcrypt on `$7$`).
//! - pwxform is scalar 64-bit code: its S-box lookups depend on the previous round, and on
//!   current x86-64 cores the scalar multiply-add-xor chain is shorter than a round trip between
//!   vector and general registers. S-box indices are masked to the table size, so there are no
//!   bounds checks in the rounds, which are fully unrolled.
//! - BlockMix is fused with the XOR of its two inputs (and, in the read-write flavor, with the
//!   write back into V); SMix's first loop writes each block straight into V (the read-write
//!   flavor appends blocks as it computes them, so its V is never zero-filled first). V serves
//!   the pre-hash pass too, is wiped after each hash, like every other password-derived buffer
//!   here, and is kept for the thread's next hash when it is at most 32 MiB (libxcrypt's
//!   `yescrypt_local_t` idea): a fresh V costs a page fault per 4 KiB.
//!
//! Computes classic scrypt (flavor 0), yescrypt WORM (1) and the read-write flavor libxcrypt
//! writes (pwxform: 6 rounds, gather 4, simple 2, 12 KiB S-boxes) for any N, r, p, t that
//! [`Params::check`] accepts; the caller bounds the cost first. ROMs and hash upgrades (g) are
//! not supported, as in libxcrypt's `crypt`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// A 64-byte sub-block as eight 64-bit lanes; 32-bit word `i` (lane `i / 2`, low half first)
/// holds Salsa20 word `5 * i mod 16`.
type Block = [u64; 8];

const ZERO: Block = [0; 8];

/// One pwxform S-box: 256 entries of two 64-bit lanes (4 KiB).
type Sbox = [[u64; 2]; 256];

/// Which computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flavor {
    /// Classic scrypt (yescrypt flavor 0).
    Classic,
    /// yescrypt write-once, read-many (flavor 1).
    Worm,
    /// yescrypt read-write, with libxcrypt's pwxform settings.
    Rw,
}

/// The cost parameters of one computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Params {
    /// The flavor.
    pub(super) flavor: Flavor,
    /// N: a power of two, at least 2 (at least `2 * p` in the read-write flavor).
    pub(super) n: u64,
    /// r, at least 1.
    pub(super) r: u32,
    /// p, at least 1.
    pub(super) p: u32,
    /// t, the extra time factor (0 for classic scrypt).
    pub(super) t: u32,
}

/// Parameters the algorithm cannot run with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Invalid;

impl Params {
    /// Check what the algorithm itself needs (the caller bounds the cost): N a power of two of
    /// at least 2, r and p at least 1 with r * p below 2^30, t zero for classic scrypt, at least
    /// two blocks of V per lane in the read-write flavor, and every buffer size representable.
    pub(super) fn check(&self) -> Result<(), Invalid> {
        let (n, r, p) = (self.n, u64::from(self.r), u64::from(self.p));
        let sized = |count: u64, unit: u64| {
            count
                .checked_mul(unit)
                .and_then(|b| usize::try_from(b).ok())
                .is_some()
        };
        let ok = n >= 2
            && n.is_power_of_two()
            && n <= 1 << 32
            && r >= 1
            && p >= 1
            && r * p < 1 << 30
            && !(self.flavor == Flavor::Classic && self.t != 0)
            && !(self.flavor == Flavor::Rw && n / p < 2)
            && sized(n, r * 128)
            && sized(p, r * 128);
        if ok { Ok(()) } else { Err(Invalid) }
    }
}

/// One row of a sub-block: four 32-bit lanes. Implemented over SSE2 registers on x86-64 and
/// over plain arrays elsewhere (the tests check one against the other).
trait Lanes: Copy {
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
struct Portable([u32; 4]);

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
    pub(super) struct Sse2(m128i);

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
type Fast = sse2::Sse2;
#[cfg(not(target_arch = "x86_64"))]
type Fast = Portable;

/// A sub-block as four rows.
type Rows<L> = [L; 4];

#[inline(always)]
fn rows<L: Lanes>(b: &Block) -> Rows<L> {
    core::array::from_fn(|i| L::load(b, i))
}

#[inline(always)]
fn store_rows<L: Lanes>(x: &Rows<L>, b: &mut Block) {
    for (i, r) in x.iter().enumerate() {
        r.store(b, i);
    }
}

#[inline(always)]
fn xor_rows<L: Lanes>(x: Rows<L>, b: &Block) -> Rows<L> {
    core::array::from_fn(|i| x[i].xor(L::load(b, i)))
}

/// The Salsa20 core (`DR` double rounds, then the feed-forward addition) on a sub-block in
/// diagonal order: the column step, a lane rotation of three rows, the row step, and back.
#[inline(always)]
fn salsa<L: Lanes, const DR: usize>(z: Rows<L>) -> Rows<L> {
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
fn xor_into(a: &mut Block, b: &Block) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= y;
    }
}

#[inline(always)]
fn xor(a: &Block, b: &Block) -> Block {
    let mut out = *a;
    xor_into(&mut out, b);
    out
}

/// The last sub-block of `x` XOR the last of `v` (where BlockMix starts).
#[inline(always)]
fn last_xor(x: &[Block], v: &[Block]) -> Block {
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
fn block_in(chunk: &[u8]) -> Block {
    core::array::from_fn(|k| le_word(chunk, 10 * k % 16) | le_word(chunk, (10 * k + 5) % 16) << 32)
}

/// Load 64-byte little-endian sub-blocks into diagonal order.
fn shuffle_in(bytes: &[u8], blocks: &mut [Block]) {
    for (chunk, block) in bytes.chunks_exact(64).zip(blocks.iter_mut()) {
        *block = block_in(chunk);
    }
}

/// Store diagonal-order sub-blocks back as little-endian bytes.
fn shuffle_out(blocks: &[Block], bytes: &mut [u8]) {
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
fn integerify(x: &[Block]) -> u32 {
    x.last().map_or(0, |b| b[0] as u32)
}

/// `out = BlockMix_salsa20/8(input)`.
fn blockmix_salsa8(input: &[Block], out: &mut [Block]) {
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
fn blockmix_salsa8_xor(a: &[Block], b: &[Block], out: &mut [Block]) -> u32 {
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
fn salsa20_2(b: &mut Block) {
    let x = salsa::<Fast, 1>(rows(b));
    store_rows(&x, b);
}

/// pwxform state of one lane: the three S-boxes in their current roles and the next S2 entry
/// to write (a multiple of 16).
struct Pwx<'a> {
    s0: &'a mut Sbox,
    s1: &'a mut Sbox,
    s2: &'a mut Sbox,
    w: usize,
}

impl Pwx<'_> {
    /// pwxform on one 64-byte sub-block: six rounds of multiply, add and XOR over four gather
    /// lanes of two 64-bit words, writing rounds 1 to 4 into S2; then the S-boxes rotate.
    #[inline(always)]
    fn pwxform(&mut self, x: &mut Block) {
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
fn blockmix_pwx_xor_in_place(x: &mut [Block], v: &[Block], ctx: &mut Pwx<'_>) -> u32 {
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
fn blockmix_pwx_xor_save(x: &mut [Block], v: &mut [Block], ctx: &mut Pwx<'_>) -> u32 {
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

/// Largest power of two not above `x` (1 for 0).
fn p2floor(x: usize) -> usize {
    match x.checked_ilog2() {
        Some(e) => 1 << e,
        None => 1,
    }
}

/// SMix's first loop with Salsa20/8 (classic scrypt, WORM, S-box setup): fill `v` (`n` blocks
/// of `s` sub-blocks) from `b` (`64 * s` bytes) and leave the result in `b`; `xy` is `s`
/// sub-blocks of scratch.
fn smix1(b: &mut [u8], s: usize, n: usize, v: &mut [Block], xy: &mut [Block]) {
    shuffle_in(b, &mut v[..s]);
    for i in 0..n {
        let (done, rest) = v.split_at_mut((i + 1) * s);
        let out = if i + 1 < n { &mut rest[..s] } else { &mut *xy };
        blockmix_salsa8(&done[i * s..], out);
    }
    shuffle_out(xy, b);
}

/// SMix's first loop in the read-write flavor: append this lane's `n` blocks to `v` (which
/// holds the earlier lanes' blocks) from `b` and leave the result in `b`. Each step is
/// BlockMix_pwxform of the previous block XOR a block chosen among this lane's blocks written
/// so far. Blocks are appended as they are computed, so V is never zero-filled first. `xy` is
/// `s` sub-blocks of scratch.
fn smix1_rw(
    b: &mut [u8],
    s: usize,
    n: usize,
    v: &mut Vec<Block>,
    xy: &mut [Block],
    ctx: &mut Pwx<'_>,
) {
    let base = v.len();
    v.extend(b.chunks_exact(64).map(block_in));
    for i in 0..n {
        let cur = base + i * s;
        let last = cur + s - 1;
        let other = if i > 1 {
            let m = p2floor(i);
            let j = (integerify(&v[cur..=last]) as usize & (m - 1)) + (i - m);
            Some(base + j * s)
        } else {
            None
        };
        let mut x = v[last];
        if let Some(o) = other {
            xor_into(&mut x, &v[o + s - 1]);
        }
        for k in 0..s {
            let mut input = v[cur + k];
            if let Some(o) = other {
                xor_into(&mut input, &v[o + k]);
            }
            xor_into(&mut x, &input);
            ctx.pwxform(&mut x);
            if k + 1 == s {
                salsa20_2(&mut x);
            }
            if i + 1 < n {
                v.push(x);
            } else if let Some(out) = xy.get_mut(k) {
                *out = x;
            }
        }
    }
    shuffle_out(xy, b);
}

/// SMix's second loop: `nloop` (even) steps over the `n` blocks of `v`. `rw` writes each block
/// read back into V (the read-write flavor); `ctx` selects pwxform over Salsa20/8. `xy` is
/// `2 * s` sub-blocks of scratch.
#[allow(clippy::too_many_arguments)]
fn smix2(
    b: &mut [u8],
    s: usize,
    n: usize,
    nloop: u64,
    rw: bool,
    v: &mut [Block],
    xy: &mut [Block],
    ctx: Option<&mut Pwx<'_>>,
) {
    if nloop == 0 {
        return;
    }
    let (x, y) = xy.split_at_mut(s);
    shuffle_in(b, x);
    let mask = n - 1;
    let mut j = integerify(x) as usize & mask;
    match ctx {
        Some(ctx) if rw => {
            for _ in 0..nloop {
                j = blockmix_pwx_xor_save(x, &mut v[j * s..(j + 1) * s], ctx) as usize & mask;
            }
        }
        Some(ctx) => {
            for _ in 0..nloop {
                j = blockmix_pwx_xor_in_place(x, &v[j * s..(j + 1) * s], ctx) as usize & mask;
            }
        }
        None => {
            for _ in 0..nloop / 2 {
                j = blockmix_salsa8_xor(x, &v[j * s..(j + 1) * s], y) as usize & mask;
                j = blockmix_salsa8_xor(y, &v[j * s..(j + 1) * s], x) as usize & mask;
            }
        }
    }
    shuffle_out(x, b);
}

/// Sub-blocks of one lane's three S-boxes (12 KiB).
const SBOX_BLOCKS: usize = 3 * 256 * 16 / 64;

/// A lane's S-boxes from its block `b`: classic SMix1 with r = 1 and N = 96, whose V is the
/// S-boxes' bytes; `b` is updated as the reference updates it.
fn sbox_init(b: &mut [u8], xy: &mut [Block], sboxes: &mut [Sbox; 3]) {
    let mut blocks = Zeroizing::new(vec![ZERO; SBOX_BLOCKS]);
    smix1(&mut b[..128], 2, SBOX_BLOCKS / 2, &mut blocks, &mut xy[..2]);
    let entries = sboxes.iter_mut().flat_map(|t| t.iter_mut());
    let halves = blocks.iter().flat_map(|blk| blk.chunks_exact(2));
    for (e, h) in entries.zip(halves) {
        e.copy_from_slice(h);
    }
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    // HMAC takes keys of any length: this cannot fail.
    if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        mac.update(msg);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// How many SMix2 steps: all of them, and those done per lane in the read-write pass.
fn loop_counts(nchunk: u64, p: u64, t: u32, rw: bool) -> (u64, u64) {
    let mut all = nchunk;
    if rw {
        if t <= 1 {
            if t != 0 {
                all = all.saturating_mul(2);
            }
            all = all.div_ceil(3);
        } else {
            all = all.saturating_mul(u64::from(t) - 1);
        }
    } else if t != 0 {
        if t == 1 {
            all = all.saturating_add(all.div_ceil(2));
        }
        all = all.saturating_mul(u64::from(t));
    }
    let per_lane = if rw { all / p } else { 0 };
    // Both rounded up to even.
    (all.saturating_add(1) & !1, per_lane.saturating_add(1) & !1)
}

/// SMix over the `p` lanes of `b`, each of `s` sub-blocks. `v` holds `n` blocks (classic and
/// WORM) or is filled here (read-write). In the read-write flavor `passwd` becomes
/// HMAC(lane 0's block after its S-box setup, passwd).
#[allow(clippy::too_many_arguments)]
fn smix(
    b: &mut [u8],
    s: usize,
    n: usize,
    p: usize,
    t: u32,
    flavor: Flavor,
    v: &mut Vec<Block>,
    xy: &mut [Block],
    passwd: &mut [u8; 32],
) {
    let lane = 64 * s;
    let nchunk = (n / p) & !1;
    let (nloop_all, nloop_rw) = loop_counts((n / p) as u64, p as u64, t, flavor == Flavor::Rw);
    if flavor != Flavor::Rw {
        // One lane at a time (p = 1 here): SMix1, then SMix2 over all of V.
        for bp in b.chunks_exact_mut(lane) {
            smix1(bp, s, n, v, &mut xy[..s]);
            smix2(bp, s, n, nloop_all, false, v, xy, None);
        }
        return;
    }

    let mut boxes = Zeroizing::new(vec![[[[0u64; 2]; 256]; 3]; p]);
    for (i, (bp, sboxes)) in b.chunks_exact_mut(lane).zip(boxes.iter_mut()).enumerate() {
        sbox_init(bp, xy, sboxes);
        if i == 0 {
            let h = hmac_sha256(&bp[lane - 64..], passwd.as_slice());
            passwd.copy_from_slice(h.as_slice());
        }
    }
    let mut ctxs: Vec<Pwx<'_>> = boxes
        .iter_mut()
        .map(|bx| {
            let [s2, s1, s0] = bx;
            Pwx { s0, s1, s2, w: 0 }
        })
        .collect();

    v.clear();
    for ((i, bp), ctx) in b.chunks_exact_mut(lane).enumerate().zip(ctxs.iter_mut()) {
        let np = if i + 1 < p { nchunk } else { n - i * nchunk };
        let first = v.len();
        smix1_rw(bp, s, np, v, &mut xy[..s], ctx);
        smix2(
            bp,
            s,
            p2floor(np),
            nloop_rw,
            true,
            &mut v[first..],
            xy,
            Some(ctx),
        );
    }
    if nloop_all > nloop_rw {
        for (bp, ctx) in b.chunks_exact_mut(lane).zip(ctxs.iter_mut()) {
            smix2(bp, s, n, nloop_all - nloop_rw, false, v, xy, Some(ctx));
        }
    }
}

/// One pass of yescrypt over `n` blocks with time factor `t`; `prehash` selects the pre-hash
/// pass's key and skips the final SCRAM-style step. `v` holds at least `n * 2r` sub-blocks.
#[allow(clippy::too_many_arguments)]
fn kdf_body(
    passwd: &[u8],
    salt: &[u8],
    params: &Params,
    n: usize,
    t: u32,
    prehash: bool,
    v: &mut Vec<Block>,
    out: &mut [u8],
) {
    let flavor = params.flavor;
    let (r, p) = (params.r as usize, params.p as usize);
    let s = 2 * r;
    let lane = 64 * s;
    let mut b = Zeroizing::new(vec![0u8; lane * p]);
    let mut xy = Zeroizing::new(vec![ZERO; 2 * s]);
    if flavor == Flavor::Classic {
        pbkdf2::pbkdf2_hmac::<Sha256>(passwd, salt, 1, &mut b);
        for bp in b.chunks_exact_mut(lane) {
            smix(bp, s, n, 1, 0, flavor, v, &mut xy, &mut [0u8; 32]);
        }
        pbkdf2::pbkdf2_hmac::<Sha256>(passwd, &b, 1, out);
        return;
    }
    let label: &[u8] = if prehash {
        b"yescrypt-prehash"
    } else {
        b"yescrypt"
    };
    let mut key = hmac_sha256(label, passwd);
    pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), salt, 1, &mut b);
    key.copy_from_slice(&b[..32]);
    if p == 1 || flavor == Flavor::Rw {
        smix(&mut b, s, n, p, t, flavor, v, &mut xy, &mut key);
    } else {
        for bp in b.chunks_exact_mut(lane) {
            smix(bp, s, n, 1, t, flavor, v, &mut xy, &mut [0u8; 32]);
        }
    }
    pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), &b, 1, out);
    if prehash {
        return;
    }
    let mut dk = Zeroizing::new([0u8; 32]);
    if out.len() < 32 {
        pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), &b, 1, dk.as_mut_slice());
    } else {
        dk.copy_from_slice(&out[..32]);
    }
    let client_key = hmac_sha256(dk.as_slice(), b"Client Key");
    let stored = Zeroizing::new(<[u8; 32]>::from(Sha256::digest(client_key.as_slice())));
    let len = out.len().min(32);
    out[..len].copy_from_slice(&stored[..len]);
}

/// yescrypt (or classic scrypt) of `passwd` and `salt`, filling `out`.
pub(super) fn yescrypt(
    passwd: &[u8],
    salt: &[u8],
    params: &Params,
    out: &mut [u8],
) -> Result<(), Invalid> {
    params.check()?;
    let n = usize::try_from(params.n).map_err(|_| Invalid)?;
    let (r, p) = (params.r as usize, params.p as usize);
    let mut v = Scratch::take(n * 2 * r, params.flavor);
    let mut dk = Zeroizing::new([0u8; 32]);
    let mut passwd = passwd;
    // The read-write flavor first hashes the password with a 64th of N (libxcrypt's pre-hash).
    if params.flavor == Flavor::Rw && n / p >= 0x100 && (n / p) * r >= 0x20000 {
        kdf_body(
            passwd,
            salt,
            params,
            n >> 6,
            0,
            true,
            &mut v.0,
            dk.as_mut_slice(),
        );
        passwd = dk.as_slice();
    }
    kdf_body(passwd, salt, params, n, params.t, false, &mut v.0, out);
    Ok(())
}

/// Largest V (in sub-blocks: 64 MiB, libxcrypt's default `$7$` cost) kept on a thread for its
/// next hash.
const KEEP: usize = (64 << 20) / 64;

thread_local! {
    /// The V of this thread's last hash, wiped. Reusing it spares the next hash of the same or
    /// a smaller cost its page faults and zero-fill: the allocator maps a V this large afresh
    /// on every call, and faulting it in took 15% of a `$7$` verify.
    static SPARE: core::cell::RefCell<Vec<Block>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// V for one hash: `len` sub-blocks (the read-write flavor starts empty with that capacity and
/// appends). Taken from the thread's spare when it fits in [`KEEP`]; wiped when dropped and
/// then given back as the thread's spare.
struct Scratch(Vec<Block>, bool);

impl Scratch {
    fn take(len: usize, flavor: Flavor) -> Self {
        let keep = len <= KEEP;
        let spare = if keep {
            // Empty if the thread is already tearing its locals down.
            SPARE
                .try_with(core::cell::RefCell::take)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut v = if spare.capacity() >= len {
            spare
        } else {
            // Fresh memory (zero pages from the system), not a copy of the smaller spare.
            drop(spare);
            if flavor == Flavor::Rw {
                Vec::with_capacity(len)
            } else {
                vec![ZERO; len]
            }
        };
        if flavor == Flavor::Rw {
            v.clear();
        } else {
            // The spare's contents are zeros: only a longer length writes.
            v.resize(len, ZERO);
        }
        Scratch(v, keep)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut v = core::mem::take(&mut self.0);
        if self.1 {
            // The buffer stays reachable, so these writes cannot be optimised away.
            v.fill(ZERO);
            // Dropped (already wiped) if the thread is tearing its locals down.
            let _ = SPARE.try_with(|spare| spare.replace(v));
        } else {
            zeroize::Zeroize::zeroize(&mut v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex;

    fn run(params: Params, pw: &[u8], salt: &[u8], len: usize) -> String {
        let mut out = vec![0u8; len];
        yescrypt(pw, salt, &params, &mut out).unwrap();
        hex::encode(&out)
    }

    fn params(flavor: Flavor, n: u64, r: u32, p: u32, t: u32) -> Params {
        Params { flavor, n, r, p, t }
    }

    /// The yescrypt reference implementation's `TESTS-OK` (also libxcrypt's
    /// `test/alg-yescrypt.c`): `yescrypt("", "", flags, N, r, p, t, 0)` and
    /// `yescrypt("p", "s", ...)` at several output lengths.
    #[test]
    fn reference_known_answers() {
        use Flavor::{Classic, Rw, Worm};
        let cases: &[(Params, &[u8], &[u8], &str)] = &[
            (
                params(Classic, 16, 1, 1, 0),
                b"",
                b"",
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
            ),
            (params(Classic, 16, 1, 1, 0), b"", b"", "77d6576238657b20"),
            (
                params(Classic, 4, 1, 1, 0),
                b"",
                b"",
                "efad0c23314cb572bc3cfb1543da42f8a8b073004c866b64ab5055a4f09fa5f571142ebfe7e05a3b92c432f31dea95ad5f9c854b6456462f4bd0f732b7cdc549",
            ),
            (
                params(Worm, 4, 1, 1, 0),
                b"",
                b"",
                "85dda48c9ec9de2f7f1ae8b4dfeda51f8b6d56f3081be1a7c0833ba2719a36ab02885dae36557d342686b17ba75f2c217792de0970ab1d07a9c750936d31426f",
            ),
            (params(Worm, 4, 1, 1, 0), b"", b"", "85dda48c9ec9de2f"),
            (
                params(Worm, 4, 1, 1, 1),
                b"",
                b"",
                "4baa8cd8608ba91f3e3439d9ec4fae8f9fc092d9ca22b7377e31ae5b9ad7877c1168691162dd0e5ef049e570650cbed4384ad60534fb0cbed19ff3f033c94b0c",
            ),
            (
                params(Worm, 4, 1, 1, 2),
                b"",
                b"",
                "e6e8bba09b6412ffb0b3cc35e37d0b782a47fbaadc57a076d7c6cc2e70919a1b8d4738c4f83355690742d9bed71c3b8fb0d7eb086ab134c5e55707c2c13c75ef",
            ),
            (
                params(Worm, 4, 1, 1, 3),
                b"",
                b"",
                "acd9a4201cf4a476ecf7baa6113d86fb65cd07102b4004e4f9d99cd34255a108997d70ae0a64bf0a4d96c173abf88279c1a94ad9bdf168edfbbd90f66ed5c80d",
            ),
            (
                params(Worm, 4, 1, 1, 3),
                b"",
                b"",
                "acd9a4201cf4a476ecf7baa6113d86fb65cd07102b4004e4f9d99cd34255a10899",
            ),
            (
                params(Worm, 4, 1, 1, 3),
                b"",
                b"",
                "acd9a4201cf4a476ecf7baa6113d86fb65cd07102b4004e4f9d99cd34255a108",
            ),
            (
                params(Worm, 4, 1, 1, 3),
                b"",
                b"",
                "acd9a4201cf4a476ecf7baa6113d86fb65cd07102b4004e4f9d99cd34255a1",
            ),
            (params(Worm, 4, 1, 1, 3), b"", b"", "ac"),
            (
                params(Rw, 4, 1, 1, 0),
                b"",
                b"",
                "0cd5af76eb241df8119a9a122ae36920bcc7f414b9c0d58f45008060dade46b0c80922bdcc16a3ab5d201d4c6140c671be1f75272ca904739d5ad1ff672b0c21",
            ),
            (params(Rw, 4, 1, 1, 0), b"", b"", "0cd5af76"),
            (
                params(Rw, 4, 1, 1, 1),
                b"",
                b"",
                "23b6adf0b60c9a997f58583d80cda48c638cdc2f289edf93a70807725a0d35c468ca362c5557cc04b6811e2e730841f526d8f4f7acfbfa9e06fe1f383a71155e",
            ),
            (
                params(Rw, 4, 1, 1, 1),
                b"",
                b"",
                "23b6adf0b60c9a997f58583d80cda48c638cdc2f289edf93a70807725a0d35c468",
            ),
            (
                params(Rw, 4, 1, 1, 1),
                b"",
                b"",
                "23b6adf0b60c9a997f58583d80cda48c638cdc2f289edf93a70807725a0d35c4",
            ),
            (
                params(Rw, 4, 1, 1, 1),
                b"",
                b"",
                "23b6adf0b60c9a997f58583d80cda48c638cdc2f289edf93a70807725a0d35",
            ),
            (params(Rw, 4, 1, 1, 1), b"", b"", "23"),
            (
                params(Rw, 16, 8, 1, 10),
                b"p",
                b"s",
                "e1f981733a94052fcd7acb1405df0bbde8e499b6a1331b775909b48c2f516c40dcc8301635b7237b",
            ),
            (
                params(Worm, 16, 8, 1, 10),
                b"p",
                b"s",
                "9e7a4097644284cf3b73b60450ff230cdcb6b1b19b1509eeb482f696c4f1c705c00f740216183a12",
            ),
            (
                params(Rw, 16, 8, 1, 0),
                b"p",
                b"s",
                "c8c7ff1122b0b291c3f2608948782cd689cc45579017aaa5ff8baa74a632ec99c3d66930fb2023bb",
            ),
            (
                params(Worm, 16, 8, 1, 0),
                b"p",
                b"s",
                "9dd636c2d0bb92345286efdaf8a68cfc1b4ffdc4b1adaccc7d864b9a6787b85d6ae0f5280da8889f",
            ),
            (
                params(Rw, 16, 8, 1, 0),
                b"p",
                b"s",
                "c8c7ff1122b0b291c3f2608948782cd689cc45579017aaa5ff8baa74a632ec99",
            ),
            (params(Rw, 16, 8, 1, 0), b"p", b"s", "c8c7ff1122b0b291"),
        ];
        for &(prm, pw, salt, want) in cases {
            let len = want.len() / 2;
            assert_eq!(run(prm, pw, salt, len), want, "{prm:?} len={len}");
        }
    }

    /// RFC 7914 section 12 (classic scrypt), including p = 16.
    #[test]
    fn scrypt_rfc7914() {
        assert_eq!(
            run(
                params(Flavor::Classic, 1024, 8, 16, 0),
                b"password",
                b"NaCl",
                64
            ),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        );
        assert_eq!(
            run(
                params(Flavor::Classic, 16384, 8, 1, 0),
                b"pleaseletmein",
                b"SodiumChloride",
                64
            ),
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"
        );
    }

    /// libxcrypt's default cost (N = 4096, r = 32: the pre-hash pass runs), as the `yescrypt`
    /// crate's regression test for its issue 680 computes it.
    #[test]
    fn default_cost_with_prehash() {
        let salt = [
            198, 183, 30, 133, 125, 115, 128, 76, 161, 57, 49, 10, 94, 249, 166, 29,
        ];
        assert_eq!(
            run(params(Flavor::Rw, 4096, 32, 1, 0), b"password", &salt, 32),
            "c562f121444fb6d6996041ad4ff32b0435b4d3809ba79f81498fcdeca3b966ba"
        );
    }

    /// Every flavor, lane count and time factor the other paths take (p > 1 splits V and runs
    /// the second SMix2 pass; t changes the loop counts), against the `yescrypt` crate.
    #[test]
    fn matches_the_reference_port() {
        for (flavor, mode) in [
            (Flavor::Classic, ::yescrypt::Mode::Classic),
            (Flavor::Worm, ::yescrypt::Mode::Worm),
            (Flavor::Rw, ::yescrypt::Mode::Rw),
        ] {
            for n in [2u64, 4, 16, 64] {
                for r in [1u32, 3] {
                    for p in [1u32, 2, 3] {
                        for t in [0u32, 1, 2, 5] {
                            let ours = Params { flavor, n, r, p, t };
                            if ours.check().is_err() {
                                continue;
                            }
                            let theirs =
                                ::yescrypt::Params::new_with_all_params(mode, n, r, p, t, 0)
                                    .unwrap();
                            let mut a = [0u8; 40];
                            let mut b = [0u8; 40];
                            yescrypt(b"pass", b"salt", &ours, &mut a).unwrap();
                            ::yescrypt::yescrypt(b"pass", b"salt", &theirs, &mut b).unwrap();
                            assert_eq!(a, b, "{ours:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_what_it_cannot_run() {
        let ok = Params {
            flavor: Flavor::Rw,
            n: 16,
            r: 8,
            p: 1,
            t: 0,
        };
        assert!(ok.check().is_ok());
        for bad in [
            Params { n: 0, ..ok },
            Params { n: 1, ..ok },
            Params { n: 24, ..ok },
            Params { n: 1 << 40, ..ok },
            Params { r: 0, ..ok },
            Params { p: 0, ..ok },
            Params { p: 16, ..ok },
            Params {
                r: 1 << 15,
                p: 1 << 15,
                ..ok
            },
            Params {
                flavor: Flavor::Classic,
                t: 1,
                ..ok
            },
        ] {
            assert_eq!(bad.check(), Err(Invalid), "{bad:?}");
            assert_eq!(yescrypt(b"", b"", &bad, &mut [0u8; 32]), Err(Invalid));
        }
    }

    /// What a hash leaves on its thread for the next one is zeros.
    #[test]
    fn spare_is_wiped() {
        for flavor in [Flavor::Classic, Flavor::Rw] {
            let mut out = [0u8; 32];
            yescrypt(b"pw", b"salt", &params(flavor, 64, 2, 1, 0), &mut out).unwrap();
            assert_ne!(out, [0u8; 32]);
            SPARE.with(|spare| {
                let v = spare.borrow();
                assert_eq!(v.len(), 64 * 4, "{flavor:?}");
                assert!(v.iter().all(|b| *b == ZERO), "{flavor:?}");
            });
        }
    }

    /// The SSE2 rows compute exactly what the portable rows compute.
    #[test]
    fn rows_agree() {
        let mut b: Block =
            core::array::from_fn(|i| 0x0123_4567_89ab_cdef_u64.rotate_left(7 * i as u32));
        for _ in 0..100 {
            let (mut portable, mut fast) = (ZERO, ZERO);
            store_rows(&salsa::<Portable, 4>(rows(&b)), &mut portable);
            store_rows(&salsa::<Fast, 4>(rows(&b)), &mut fast);
            assert_eq!(portable, fast);
            store_rows(&salsa::<Portable, 1>(rows(&b)), &mut portable);
            store_rows(&salsa::<Fast, 1>(rows(&b)), &mut fast);
            assert_eq!(portable, fast);
            b = portable;
        }
    }
}
