//! SMix and the yescrypt KDF around it, laid out the way libxcrypt's optimised
//! `yescrypt-opt.c` lays them out, in safe Rust. Computes into buffers the caller allocated
//! ([`super::scratch::Buffers`]); the only allocations here are the `p` lanes' pwxform states,
//! fallibly, and the 12 KiB S-box setup array.
//!
//! BlockMix is fused with the XOR of its two inputs (and, in the read-write flavor, with the
//! write back into V); SMix's first loop writes each block straight into V (the read-write
//! flavor appends blocks as it computes them, so its V is never zero-filled first). V serves
//! the pre-hash pass too.

use std::collections::TryReserveError;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::Flavor;
use super::pwxform::{Pwx, Sbox, blockmix_pwx_xor_in_place, blockmix_pwx_xor_save, sbox_init};
use super::salsa::{
    Block, block_in, blockmix_salsa8, blockmix_salsa8_xor, integerify, salsa20_2, shuffle_in,
    shuffle_out, xor_into,
};
use super::scratch::Buffers;

/// The dimensions of one computation, already checked ([`super::ScryptCost::check`]): N a
/// power of two, r and p at least 1, t zero for classic scrypt, N / p at least 2 in the
/// read-write flavor, every buffer size representable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape {
    pub(super) flavor: Flavor,
    pub(super) n: usize,
    pub(super) r: usize,
    pub(super) p: usize,
    pub(super) t: u32,
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
pub(super) fn smix1(b: &mut [u8], s: usize, n: usize, v: &mut [Block], xy: &mut [Block]) {
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
/// WORM) or is filled here (read-write; its capacity is `n` blocks). In the read-write flavor
/// `passwd` becomes HMAC(lane 0's block after its S-box setup, passwd), and `boxes` holds the
/// lanes' S-boxes.
///
/// # Errors
/// The allocator refused the `p` lanes' pwxform states.
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
    boxes: &mut [[Sbox; 3]],
    passwd: &mut [u8; 32],
) -> Result<(), TryReserveError> {
    let lane = 64 * s;
    let nchunk = (n / p) & !1;
    let (nloop_all, nloop_rw) = loop_counts((n / p) as u64, p as u64, t, flavor == Flavor::Rw);
    if flavor != Flavor::Rw {
        // One lane at a time (p = 1 here): SMix1, then SMix2 over all of V.
        for bp in b.chunks_exact_mut(lane) {
            smix1(bp, s, n, v, &mut xy[..s]);
            smix2(bp, s, n, nloop_all, false, v, xy, None);
        }
        return Ok(());
    }

    for (i, (bp, sboxes)) in b.chunks_exact_mut(lane).zip(boxes.iter_mut()).enumerate() {
        sbox_init(bp, xy, sboxes);
        if i == 0 {
            let h = hmac_sha256(&bp[lane - 64..], passwd.as_slice());
            passwd.copy_from_slice(h.as_slice());
        }
    }
    let mut ctxs: Vec<Pwx<'_>> = Vec::new();
    ctxs.try_reserve_exact(p)?;
    ctxs.extend(boxes.iter_mut().map(|bx| {
        let [s2, s1, s0] = bx;
        Pwx { s0, s1, s2, w: 0 }
    }));

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
    Ok(())
}

/// One pass of yescrypt over `n` blocks with time factor `t`; `prehash` selects the pre-hash
/// pass's key and skips the final SCRAM-style step. `buf.v` holds at least `n * 2r` sub-blocks.
fn kdf_body(
    passwd: &[u8],
    salt: &[u8],
    shape: &Shape,
    (n, t, prehash): (usize, u32, bool),
    buf: &mut Buffers,
    out: &mut [u8],
) -> Result<(), TryReserveError> {
    let Shape { flavor, r, p, .. } = *shape;
    let s = 2 * r;
    let lane = 64 * s;
    let Buffers { b, xy, v, boxes } = buf;
    let (b, xy, v, boxes) = (
        b.as_mut_slice(),
        xy.as_mut_slice(),
        &mut v.v,
        boxes.as_mut_slice(),
    );
    if flavor == Flavor::Classic {
        pbkdf2::pbkdf2_hmac::<Sha256>(passwd, salt, 1, b);
        for bp in b.chunks_exact_mut(lane) {
            smix(bp, s, n, 1, 0, flavor, v, xy, boxes, &mut [0u8; 32])?;
        }
        pbkdf2::pbkdf2_hmac::<Sha256>(passwd, b, 1, out);
        return Ok(());
    }
    let label: &[u8] = if prehash {
        b"yescrypt-prehash"
    } else {
        b"yescrypt"
    };
    let mut key = hmac_sha256(label, passwd);
    pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), salt, 1, b);
    key.copy_from_slice(&b[..32]);
    if p == 1 || flavor == Flavor::Rw {
        smix(b, s, n, p, t, flavor, v, xy, boxes, &mut key)?;
    } else {
        for bp in b.chunks_exact_mut(lane) {
            smix(bp, s, n, 1, t, flavor, v, xy, boxes, &mut [0u8; 32])?;
        }
    }
    pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), b, 1, out);
    if prehash {
        return Ok(());
    }
    let mut dk = Zeroizing::new([0u8; 32]);
    if out.len() < 32 {
        pbkdf2::pbkdf2_hmac::<Sha256>(key.as_slice(), b, 1, dk.as_mut_slice());
    } else {
        dk.copy_from_slice(&out[..32]);
    }
    let client_key = hmac_sha256(dk.as_slice(), b"Client Key");
    let stored = Zeroizing::new(<[u8; 32]>::from(Sha256::digest(client_key.as_slice())));
    let len = out.len().min(32);
    out[..len].copy_from_slice(&stored[..len]);
    Ok(())
}

/// yescrypt (or classic scrypt) of `passwd` and `salt` in `buf`, filling `out`.
///
/// # Errors
/// The allocator refused the lanes' pwxform states (the read-write flavor).
pub(super) fn compute(
    passwd: &[u8],
    salt: &[u8],
    shape: &Shape,
    buf: &mut Buffers,
    out: &mut [u8],
) -> Result<(), TryReserveError> {
    let mut dk = Zeroizing::new([0u8; 32]);
    let mut passwd = passwd;
    let (n, r, p) = (shape.n, shape.r, shape.p);
    // The read-write flavor first hashes the password with a 64th of N (libxcrypt's pre-hash).
    if shape.flavor == Flavor::Rw && n / p >= 0x100 && (n / p) * r >= 0x20000 {
        kdf_body(
            passwd,
            salt,
            shape,
            (n >> 6, 0, true),
            buf,
            dk.as_mut_slice(),
        )?;
        passwd = dk.as_slice();
    }
    kdf_body(passwd, salt, shape, (n, shape.t, false), buf, out)
}
