//! The engine against known answers (data in `known_answers.txt`) and the `yescrypt` crate; the
//! entry point's bounds; what a hash leaves behind.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

use super::salsa::{Block, Fast, Portable, ZERO, rows, salsa, store_rows};
use super::*;
use crate::ErrorKind;
use crate::encoding::hex;
use crate::memory::kept::kept_bytes;

fn run(cost: ScryptCost, pw: &[u8], salt: &[u8], len: usize) -> String {
    let out = derive("t", pw, salt, cost, len, &Limits::DEFAULT).unwrap();
    hex::encode(&out)
}

fn flavor(name: &str) -> Flavor {
    match name {
        "classic" => Flavor::Classic,
        "worm" => Flavor::Worm,
        "rw" => Flavor::Rw,
        other => panic!("unknown flavor {other}"),
    }
}

fn bytes(field: &str) -> Vec<u8> {
    if field == "-" {
        Vec::new()
    } else {
        hex::decode(field).unwrap()
    }
}

/// Every line of `known_answers.txt`: the yescrypt reference implementation's `TESTS-OK`,
/// RFC 7914's scrypt vectors and libxcrypt's default cost (the pre-hash pass).
#[test]
fn known_answers() {
    let mut checked = 0;
    for line in include_str!("known_answers.txt").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 8, "{line}");
        let num = |i: usize| f[i].parse::<u64>().unwrap();
        let cost = ScryptCost::yescrypt(flavor(f[0]), num(1), num(2), num(3), num(4));
        let want = f[7];
        assert_eq!(
            run(cost, &bytes(f[5]), &bytes(f[6]), want.len() / 2),
            want,
            "{line}"
        );
        checked += 1;
    }
    assert_eq!(checked, 28);
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
                        let ours = ScryptCost::yescrypt(
                            flavor,
                            n,
                            u64::from(r),
                            u64::from(p),
                            u64::from(t),
                        );
                        if ours.check("t", &Limits::DEFAULT).is_err() {
                            continue;
                        }
                        let theirs =
                            ::yescrypt::Params::new_with_all_params(mode, n, r, p, t, 0).unwrap();
                        let a = derive("t", b"pass", b"salt", ours, 40, &Limits::DEFAULT).unwrap();
                        let mut b = [0u8; 40];
                        ::yescrypt::yescrypt(b"pass", b"salt", &theirs, &mut b).unwrap();
                        assert_eq!(a.as_slice(), b, "{ours:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn refuses_what_it_cannot_run() {
    let l = Limits::DEFAULT;
    let ok = ScryptCost::yescrypt(Flavor::Rw, 16, 8, 1, 0);
    assert!(ok.check("t", &l).is_ok());
    for (bad, kind) in [
        (
            ScryptCost::yescrypt(Flavor::Rw, 0, 8, 1, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 1, 8, 1, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 24, 8, 1, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 1 << 40, 8, 1, 0),
            ErrorKind::Limit,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 16, 0, 1, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 16, 8, 0, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Rw, 16, 8, 16, 0),
            ErrorKind::Malformed,
        ),
        (
            ScryptCost::yescrypt(Flavor::Classic, 16, 8, 1, 1),
            ErrorKind::Malformed,
        ),
        (ScryptCost::scrypt(1 << 40, 8, 1), ErrorKind::Limit),
        (ScryptCost::scrypt(1000, 8, 1), ErrorKind::Malformed),
    ] {
        assert_eq!(bad.check("t", &l).unwrap_err().kind(), kind, "{bad:?}");
        let e = derive("t", b"", b"", bad, 32, &l).unwrap_err();
        assert_eq!(e.kind(), kind, "{bad:?}");
    }
    // r·p at 2^30: within generous limits, but not computable.
    let mut huge = Limits::DEFAULT;
    huge.max_memory_bytes = u64::MAX;
    huge.max_work = u64::MAX;
    let bad = ScryptCost::scrypt(2, 1 << 15, 1 << 15);
    assert_eq!(
        bad.check("t", &huge).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    let e = derive("t", b"p", b"s", ScryptCost::scrypt(1024, 8, 1), 0, &l).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
}

#[test]
fn memory_counts_every_buffer() {
    assert_eq!(
        ScryptCost::scrypt(1 << 14, 8, 1).memory_bytes(),
        (16 << 20) + 1024 + 2048
    );
    assert_eq!(
        ScryptCost::yescrypt(Flavor::Rw, 4096, 32, 1, 0).memory_bytes(),
        (16 << 20) + 4096 + 8192 + 12288 + 32 + 12288
    );
    assert_eq!(
        ScryptCost::scrypt(u64::MAX, u64::MAX, 1).memory_bytes(),
        u64::MAX
    );
}

/// What a hash leaves on its thread for the next one is zeros, and counted in the process
/// total; a bound of 0 keeps nothing.
#[test]
fn spare_is_wiped_and_bounded() {
    for flavor in [Flavor::Classic, Flavor::Rw] {
        let cost = ScryptCost::yescrypt(flavor, 64, 2, 1, 0);
        let out = derive("t", b"pw", b"salt", cost, 32, &Limits::DEFAULT).unwrap();
        assert_ne!(out.as_slice(), [0u8; 32]);
        let (len, zeros) = scratch::spare_len().unwrap();
        assert_eq!(len, 64 * 4, "{flavor:?}");
        assert!(zeros, "{flavor:?}");
        assert!(kept_bytes() >= 64 * 4 * 64);
    }
    let mut none = Limits::DEFAULT;
    none.max_kept_bytes = 0;
    derive("t", b"pw", b"salt", ScryptCost::scrypt(64, 2, 1), 32, &none).unwrap();
    assert_eq!(scratch::spare_len(), None);
}

/// The SSE2 rows compute exactly what the portable rows compute.
#[test]
fn rows_agree() {
    let mut b: Block = core::array::from_fn(|i| {
        0x0123_4567_89ab_cdef_u64.rotate_left(7 * u32::try_from(i).unwrap_or(0))
    });
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

/// The reservation is taken before the buffers and returned after them.
#[test]
fn reserves_from_the_current_budget() {
    use std::time::Duration;
    let budget = crate::memory::MemoryBudget::new(2 << 20, Duration::ZERO);
    let _scope = crate::memory::Scope::enter(&budget);
    let small = ScryptCost::scrypt(1024, 8, 1);
    assert!(derive("t", b"p", b"s", small, 32, &Limits::DEFAULT).is_ok());
    assert_eq!(budget.in_use(), 0);
    let big = ScryptCost::scrypt(1 << 14, 8, 1);
    let e = derive("t", b"p", b"s", big, 32, &Limits::DEFAULT).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    let _hold = budget.reserve("t", 2 << 20).unwrap();
    let e = derive("t", b"p", b"s", small, 32, &Limits::DEFAULT).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable);
}
