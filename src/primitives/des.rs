//! DES, our one engine for it: plain single blocks for LM and Oracle 10g, and crypt(3)'s salted
//! variant for the DES crypt family, written out because no crate offers the salted one.
//!
//! Traditional crypt (1979) perturbs the DES expansion permutation with a salt: salt bit `j`
//! swaps bits `j` and `j + 24` of the 48-bit E output in every round. A block-cipher crate
//! (`des`) cannot take that perturbation, so this module implements the cipher itself,
//! table-driven: the S-boxes are merged with the P permutation into eight 64-entry tables, and
//! the initial, final and key permutations are byte-indexed lookup tables, all built at compile
//! time from the FIPS 46-3 tables below. The round function works on the two 32-bit halves in
//! standard bit order (DES bit 1 is the most significant bit).
//!
//! Used by `des_crypt`, `bigcrypt`, `crypt16` and `bsdi_crypt` (salted, iterated), and through
//! [`encrypt_block`] by LM and Oracle 10g (plain DES): one implementation to review, whose key
//! schedule is wiped on drop, where those two formats used to go through the `des` crate. The
//! known-answer tests below check it against the FIPS test vectors and the unsalted `des` crate.

#![allow(
    clippy::cast_possible_truncation,
    reason = "DES works on 32- and 64-bit words whose halves and low bits are taken by design"
)]

/// Initial permutation: output bit `i` is input bit `IP[i]` (1-based, most significant first).
const IP: [u8; 64] = [
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6,
    64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61,
    53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];

/// Permuted choice 1: 56 key bits out of 64 (the parity bits are dropped).
const PC1: [u8; 56] = [
    57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60,
    52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29,
    21, 13, 5, 28, 20, 12, 4,
];

/// Permuted choice 2: the 48-bit round key out of the 56-bit C‖D register.
const PC2: [u8; 48] = [
    14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52,
    31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];

/// Left rotations of C and D before each round.
const SHIFTS: [u32; 16] = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/// The P permutation applied to the S-box outputs.
const P: [u8; 32] = [
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19,
    13, 30, 6, 22, 11, 4, 25,
];

/// The eight S-boxes, each as four rows of sixteen.
const SBOX: [[u8; 64]; 8] = [
    [
        14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12,
        11, 9, 5, 3, 8, 4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9,
        1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
    ],
    [
        15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1,
        10, 6, 9, 11, 5, 0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15,
        4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
    ],
    [
        10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5,
        14, 12, 11, 15, 1, 13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6,
        9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
    ],
    [
        7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2,
        12, 1, 10, 14, 9, 10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1,
        13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
    ],
    [
        2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15,
        10, 3, 9, 8, 6, 4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14,
        2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
    ],
    [
        12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13,
        14, 0, 11, 3, 8, 9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5,
        15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
    ],
    [
        4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5,
        12, 2, 15, 8, 6, 1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4,
        10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
    ],
    [
        13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6,
        11, 0, 14, 9, 2, 7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10,
        8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
    ],
];

/// A bit permutation as byte-indexed lookup: `t[i][b]` is the output for input byte `i` (most
/// significant first) equal to `b`, all other input bytes zero. Applying it is eight lookups
/// ORed together.
type ByteTable = [[u64; 256]; 8];

/// Build the byte table of a permutation whose output bit `o` (1-based, of `out_bits`, most
/// significant first) is input bit `map[o]` (1-based, of `in_bytes * 8`, most significant first).
const fn byte_table(map: &[u8], in_bytes: usize, out_bits: usize) -> ByteTable {
    let mut t = [[0u64; 256]; 8];
    let mut o = 0;
    while o < map.len() {
        let input = map[o] as usize - 1; // 0-based input bit, from the most significant
        let byte = input / 8;
        let mask = 0x80u32 >> (input % 8);
        let out = 1u64 << (out_bits - 1 - o);
        if byte < in_bytes {
            let mut b = 0;
            while b < 256 {
                if b as u32 & mask != 0 {
                    t[byte][b] |= out;
                }
                b += 1;
            }
        }
        o += 1;
    }
    t
}

/// The inverse of [`IP`].
const FP: [u8; 64] = {
    let mut fp = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        fp[IP[i] as usize - 1] = i as u8 + 1;
        i += 1;
    }
    fp
};

const IP_TABLE: ByteTable = byte_table(&IP, 8, 64);
const FP_TABLE: ByteTable = byte_table(&FP, 8, 64);
const PC1_TABLE: ByteTable = byte_table(&PC1, 8, 56);
/// PC2 reads the 56-bit C‖D register, held in the low 56 bits of a u64 (7 significant bytes).
const PC2_TABLE: ByteTable = byte_table(&PC2, 7, 48);

/// S-box `s` followed by P: `SP[s][g]` is the 32-bit contribution of S-box `s` given its 6-bit
/// input `g` (bits b1..b6, b1 most significant).
const SP: [[u32; 64]; 8] = {
    let mut sp = [[0u32; 64]; 8];
    let mut s = 0;
    while s < 8 {
        let mut g = 0;
        while g < 64 {
            let row = ((g >> 4) & 2) | (g & 1);
            let col = (g >> 1) & 0xf;
            let nibble = SBOX[s][row * 16 + col] as u32;
            let raw = nibble << (28 - 4 * s);
            let mut out = 0u32;
            let mut i = 0;
            while i < 32 {
                if raw & (1 << (32 - P[i] as u32)) != 0 {
                    out |= 1 << (31 - i);
                }
                i += 1;
            }
            sp[s][g] = out;
            g += 1;
        }
        s += 1;
    }
    sp
};

#[inline]
fn permute(table: &ByteTable, input: u64, bytes: usize) -> u64 {
    let mut out = 0;
    for (i, row) in table.iter().enumerate().take(bytes) {
        let shift = 8 * (bytes - 1 - i);
        out |= row[((input >> shift) & 0xff) as usize];
    }
    out
}

/// A DES key schedule: the sixteen 48-bit round keys, each as two 24-bit halves.
#[derive(Clone)]
pub(crate) struct Schedule {
    left: [u32; 16],
    right: [u32; 16],
}

impl Schedule {
    /// The schedule of an 8-byte key (parity bits ignored).
    pub(crate) fn new(key: &[u8; 8]) -> Schedule {
        let cd = permute(&PC1_TABLE, u64::from_be_bytes(*key), 8);
        let mut c = (cd >> 28) as u32 & 0x0fff_ffff;
        let mut d = cd as u32 & 0x0fff_ffff;
        let mut s = Schedule {
            left: [0; 16],
            right: [0; 16],
        };
        for (round, &shift) in SHIFTS.iter().enumerate() {
            c = ((c << shift) | (c >> (28 - shift))) & 0x0fff_ffff;
            d = ((d << shift) | (d >> (28 - shift))) & 0x0fff_ffff;
            let k = permute(&PC2_TABLE, (u64::from(c) << 28) | u64::from(d), 7);
            s.left[round] = (k >> 24) as u32;
            s.right[round] = k as u32 & 0x00ff_ffff;
        }
        s
    }

    /// Plain DES of one 8-byte block (no salt, one encryption).
    pub(crate) fn encrypt_block(&self, block: &[u8; 8]) -> [u8; 8] {
        encrypt(self, 0, u64::from_be_bytes(*block), 1).to_be_bytes()
    }
}

/// DES-encrypt one 8-byte block under an 8-byte key (the low bit of each key byte, DES's parity
/// bit, is ignored as DES ignores it). The key schedule is wiped before this returns; a caller
/// that encrypts many blocks under one key (CBC) keeps a [`Schedule`] instead.
pub(crate) fn encrypt_block(key: &[u8; 8], block: &[u8; 8]) -> [u8; 8] {
    Schedule::new(key).encrypt_block(block)
}

impl Drop for Schedule {
    fn drop(&mut self) {
        use zeroize::Zeroize as _;
        self.left.zeroize();
        self.right.zeroize();
    }
}

/// crypt(3)'s salt as the mask of E-output bits to swap: salt bit `j` swaps E bits `j` and
/// `j + 24` (0-based from the first E bit), i.e. bit `23 - j` of the two 24-bit halves.
pub(crate) fn salt_mask(salt: u32) -> u32 {
    let mut mask = 0;
    for j in 0..24 {
        if salt >> j & 1 == 1 {
            mask |= 1 << (23 - j);
        }
    }
    mask
}

/// The round function: salted expansion, key mixing, S-boxes and P.
#[inline(always)]
fn feistel(r: u32, kl: u32, kr: u32, salt: u32) -> u32 {
    // E output as two 24-bit halves, four 6-bit groups each; group i covers DES bits
    // 4i .. 4i+5 of R (bit 0 meaning bit 32), i.e. R rotated right by 27 - 4i.
    let l = ((r.rotate_right(27) & 0x3f) << 18)
        | ((r.rotate_right(23) & 0x3f) << 12)
        | ((r.rotate_right(19) & 0x3f) << 6)
        | (r.rotate_right(15) & 0x3f);
    let h = ((r.rotate_right(11) & 0x3f) << 18)
        | ((r.rotate_right(7) & 0x3f) << 12)
        | ((r.rotate_right(3) & 0x3f) << 6)
        | (r.rotate_left(1) & 0x3f);
    let swap = (l ^ h) & salt;
    let l = l ^ swap ^ kl;
    let h = h ^ swap ^ kr;
    SP[0][(l >> 18) as usize & 0x3f]
        | SP[1][(l >> 12) as usize & 0x3f]
        | SP[2][(l >> 6) as usize & 0x3f]
        | SP[3][l as usize & 0x3f]
        | SP[4][(h >> 18) as usize & 0x3f]
        | SP[5][(h >> 12) as usize & 0x3f]
        | SP[6][(h >> 6) as usize & 0x3f]
        | SP[7][h as usize & 0x3f]
}

/// Encrypt `block` `count` times in a row with `schedule` and the salt `mask` (from
/// [`salt_mask`]; 0 is plain DES). `count` 0 is treated as 1.
pub(crate) fn encrypt(schedule: &Schedule, mask: u32, block: u64, count: u64) -> u64 {
    let x = permute(&IP_TABLE, block, 8);
    let (mut l, mut r) = ((x >> 32) as u32, x as u32);
    for _ in 0..count.max(1) {
        for round in 0..16 {
            let t = l ^ feistel(r, schedule.left[round], schedule.right[round], mask);
            l = r;
            r = t;
        }
        // The output block is R16‖L16; chaining it through FP and the next IP cancels out.
        std::mem::swap(&mut l, &mut r);
    }
    permute(&FP_TABLE, (u64::from(l) << 32) | u64::from(r), 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use des::cipher::{BlockCipherEncrypt, KeyInit};

    #[test]
    fn fips_known_answer() {
        // The worked example of FIPS 46 tutorials: key 133457799BBCDFF1, block 0123456789ABCDEF.
        let s = Schedule::new(&0x1334_5779_9BBC_DFF1u64.to_be_bytes());
        assert_eq!(
            encrypt(&s, 0, 0x0123_4567_89AB_CDEF, 1),
            0x85E8_1354_0F0A_B405
        );
    }

    #[test]
    fn matches_des_crate_without_salt() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..64 {
            let key = next().to_be_bytes();
            let block = next();
            let cipher = des::Des::new_from_slice(&key).unwrap();
            let mut b = block.to_be_bytes().into();
            cipher.encrypt_block(&mut b);
            let want = u64::from_be_bytes(b.into());
            assert_eq!(encrypt(&Schedule::new(&key), 0, block, 1), want);
            assert_eq!(
                encrypt_block(&key, &block.to_be_bytes()),
                want.to_be_bytes()
            );
        }
    }

    #[test]
    fn single_block_known_answer() {
        // FIPS 81 / the classic "Now is t" example: key 0123456789ABCDEF.
        let key = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(
            encrypt_block(&key, b"Now is t"),
            [0x3f, 0xa4, 0x0e, 0x8a, 0x98, 0x4d, 0x48, 0x15]
        );
    }

    #[test]
    fn salted_known_answer() {
        // libxcrypt's known-answer table: crypt("", "CC") and crypt("", "ab"). The empty
        // password's key is all zeros.
        use crate::encoding::crypt64;
        let s = Schedule::new(&[0; 8]);
        let v = |ch| u32::from(crypt64::value(ch).unwrap());
        let text = |block: u64| crypt64::encode_be(&block.to_be_bytes());
        assert_eq!(
            text(encrypt(&s, salt_mask(v(b'C') | v(b'C') << 6), 0, 25)),
            "HYKxYMMLQN2"
        );
        assert_eq!(
            text(encrypt(&s, salt_mask(v(b'a') | v(b'b') << 6), 0, 25)),
            "mF1QH4PEr.E"
        );
    }
}
