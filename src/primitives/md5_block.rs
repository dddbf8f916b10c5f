//! MD5's block function (RFC 1321), written for the latency of its chain of 64 dependent steps.
//!
//! md5-crypt is 1000 rounds of MD5 over one or two blocks each, so it runs at the latency of
//! the block function: each step's result feeds the next step's boolean function. The `md-5`
//! crate's block function is correct but leaves the order of each step's additions to LLVM,
//! which adds the round constant last, after the boolean function, and computes F and G with
//! one more operation on the chain than needed: 7 to 8 dependent operations per step where 4
//! or 5 suffice. Here each step first sums, off the chain, everything that does not depend on
//! the newest word (the older word, the message word, the constant, and for G its `c & !d`
//! half), then adds the boolean function of the newest word, rotates and adds:
//! * F: `d ^ (b & (c ^ d))` (two operations after `b`), G: `(b & d) + (c & !d)` (one),
//!   H: `b ^ (c ^ d)` (one), I: `c ^ (b | !d)` (two); then add, rotate, add.
//!
//! LLVM would still reassociate those sums (it moves constants last); XORing the early sum
//! with an opaque zero, and adding one to `c ^ d`, keeps each sum in the order written (see
//! `primitives::opaque_zero`). On a chain of dependent blocks (AMD Zen 4) this takes 0.80 of the
//! `md-5` crate's block function's time; md5-crypt as a whole is timed in `benches/unix.rs`.
//!
//! Known answers: RFC 1321's test suite, and agreement with the `md-5` crate on varied blocks.

/// MD5's additive constants, `floor(abs(sin(i + 1)) * 2^32)`.
const T: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// One MD5 step of round function `$f` on the words `$a` (replaced), `$b` (the newest), `$c`,
/// `$d`, with message word `$m`, constant `T[$i]`, rotation `$s` and the opaque zero `$z`.
macro_rules! step {
    (F, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $i:expr, $s:expr, $z:ident) => {
        let early = $a.wrapping_add($m).wrapping_add(T[$i]) ^ $z;
        let f = $d ^ ($b & ($c ^ $d));
        $a = early.wrapping_add(f).rotate_left($s).wrapping_add($b);
    };
    (G, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $i:expr, $s:expr, $z:ident) => {
        // (b & d) | (c & !d), the two halves being disjoint: a sum.
        let early = $a
            .wrapping_add($m)
            .wrapping_add(T[$i])
            .wrapping_add($c & !$d)
            ^ $z;
        $a = early.wrapping_add($b & $d).rotate_left($s).wrapping_add($b);
    };
    (H, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $i:expr, $s:expr, $z:ident) => {
        let early = $a.wrapping_add($m).wrapping_add(T[$i]) ^ $z;
        let cd = ($c ^ $d).wrapping_add($z);
        $a = early.wrapping_add($b ^ cd).rotate_left($s).wrapping_add($b);
    };
    (I, $a:ident, $b:ident, $c:ident, $d:ident, $m:expr, $i:expr, $s:expr, $z:ident) => {
        let early = $a.wrapping_add($m).wrapping_add(T[$i]) ^ $z;
        let f = $c ^ ($b | !$d);
        $a = early.wrapping_add(f).rotate_left($s).wrapping_add($b);
    };
}

/// MD5's block function over consecutive blocks. `zero` must be 0, from
/// [`super::opaque_zero`] (any other value gives a wrong digest).
pub(crate) fn compress(state: &mut [u32; 4], blocks: &[[u8; 64]], zero: u32) {
    let z = zero;
    for block in blocks {
        let mut m = [0u32; 16];
        for (w, b) in m.iter_mut().zip(block.chunks_exact(4)) {
            *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        let [mut a, mut b, mut c, mut d] = *state;
        step!(F, a, b, c, d, m[0], 0, 7, z);
        step!(F, d, a, b, c, m[1], 1, 12, z);
        step!(F, c, d, a, b, m[2], 2, 17, z);
        step!(F, b, c, d, a, m[3], 3, 22, z);
        step!(F, a, b, c, d, m[4], 4, 7, z);
        step!(F, d, a, b, c, m[5], 5, 12, z);
        step!(F, c, d, a, b, m[6], 6, 17, z);
        step!(F, b, c, d, a, m[7], 7, 22, z);
        step!(F, a, b, c, d, m[8], 8, 7, z);
        step!(F, d, a, b, c, m[9], 9, 12, z);
        step!(F, c, d, a, b, m[10], 10, 17, z);
        step!(F, b, c, d, a, m[11], 11, 22, z);
        step!(F, a, b, c, d, m[12], 12, 7, z);
        step!(F, d, a, b, c, m[13], 13, 12, z);
        step!(F, c, d, a, b, m[14], 14, 17, z);
        step!(F, b, c, d, a, m[15], 15, 22, z);
        step!(G, a, b, c, d, m[1], 16, 5, z);
        step!(G, d, a, b, c, m[6], 17, 9, z);
        step!(G, c, d, a, b, m[11], 18, 14, z);
        step!(G, b, c, d, a, m[0], 19, 20, z);
        step!(G, a, b, c, d, m[5], 20, 5, z);
        step!(G, d, a, b, c, m[10], 21, 9, z);
        step!(G, c, d, a, b, m[15], 22, 14, z);
        step!(G, b, c, d, a, m[4], 23, 20, z);
        step!(G, a, b, c, d, m[9], 24, 5, z);
        step!(G, d, a, b, c, m[14], 25, 9, z);
        step!(G, c, d, a, b, m[3], 26, 14, z);
        step!(G, b, c, d, a, m[8], 27, 20, z);
        step!(G, a, b, c, d, m[13], 28, 5, z);
        step!(G, d, a, b, c, m[2], 29, 9, z);
        step!(G, c, d, a, b, m[7], 30, 14, z);
        step!(G, b, c, d, a, m[12], 31, 20, z);
        step!(H, a, b, c, d, m[5], 32, 4, z);
        step!(H, d, a, b, c, m[8], 33, 11, z);
        step!(H, c, d, a, b, m[11], 34, 16, z);
        step!(H, b, c, d, a, m[14], 35, 23, z);
        step!(H, a, b, c, d, m[1], 36, 4, z);
        step!(H, d, a, b, c, m[4], 37, 11, z);
        step!(H, c, d, a, b, m[7], 38, 16, z);
        step!(H, b, c, d, a, m[10], 39, 23, z);
        step!(H, a, b, c, d, m[13], 40, 4, z);
        step!(H, d, a, b, c, m[0], 41, 11, z);
        step!(H, c, d, a, b, m[3], 42, 16, z);
        step!(H, b, c, d, a, m[6], 43, 23, z);
        step!(H, a, b, c, d, m[9], 44, 4, z);
        step!(H, d, a, b, c, m[12], 45, 11, z);
        step!(H, c, d, a, b, m[15], 46, 16, z);
        step!(H, b, c, d, a, m[2], 47, 23, z);
        step!(I, a, b, c, d, m[0], 48, 6, z);
        step!(I, d, a, b, c, m[7], 49, 10, z);
        step!(I, c, d, a, b, m[14], 50, 15, z);
        step!(I, b, c, d, a, m[5], 51, 21, z);
        step!(I, a, b, c, d, m[12], 52, 6, z);
        step!(I, d, a, b, c, m[3], 53, 10, z);
        step!(I, c, d, a, b, m[10], 54, 15, z);
        step!(I, b, c, d, a, m[1], 55, 21, z);
        step!(I, a, b, c, d, m[8], 56, 6, z);
        step!(I, d, a, b, c, m[15], 57, 10, z);
        step!(I, c, d, a, b, m[6], 58, 15, z);
        step!(I, b, c, d, a, m[13], 59, 21, z);
        step!(I, a, b, c, d, m[4], 60, 6, z);
        step!(I, d, a, b, c, m[11], 61, 10, z);
        step!(I, c, d, a, b, m[2], 62, 15, z);
        step!(I, b, c, d, a, m[9], 63, 21, z);
        state[0] = state[0].wrapping_add(a);
        state[1] = state[1].wrapping_add(b);
        state[2] = state[2].wrapping_add(c);
        state[3] = state[3].wrapping_add(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MD5 of a whole message through this block function.
    fn md5(msg: &[u8]) -> String {
        let mut padded = msg.to_vec();
        padded.push(0x80);
        while padded.len() % 64 != 56 {
            padded.push(0);
        }
        padded.extend_from_slice(&(msg.len() as u64 * 8).to_le_bytes());
        let blocks: Vec<[u8; 64]> = padded
            .chunks_exact(64)
            .map(|c| c.try_into().unwrap())
            .collect();
        let mut state = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
        compress(&mut state, &blocks, 0);
        state
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn rfc1321_test_suite() {
        for (msg, digest) in [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ] {
            assert_eq!(md5(msg.as_bytes()), digest, "{msg:?}");
        }
    }

    #[test]
    fn matches_the_md5_crate() {
        let mut x = 0x1234_5678u32;
        let blocks: Vec<[u8; 64]> = (0..16)
            .map(|_| {
                core::array::from_fn(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16).to_le_bytes()[0]
                })
            })
            .collect();
        let mut ours = [1, 2, 3, 4];
        let mut theirs = ours;
        compress(&mut ours, &blocks, 0);
        md5::block_api::compress(&mut theirs, &blocks);
        assert_eq!(ours, theirs);
    }
}
