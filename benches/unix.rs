//! The crypt(3) family's hand-written engines against the crate-based code they replace.
//!
//! `cargo bench --bench unix`. Each group times ours and the baseline on the same input:
//! * `bcrypt`: our Eksblowfish engine against the `bcrypt` crate's (the `blowfish` crate's
//!   cipher, which bcrypt.rs used before), cost 8;
//! * `md5_crypt`: prepared round messages and our MD5 block function against a fresh `md-5`
//!   hasher per round (the previous md5_crypt.rs);
//! * `sha512_crypt`, `sha256_crypt`: prepared round messages through `sha2`'s block functions
//!   against the `sha-crypt` crate, 5000 rounds;
//! * `des_crypt`: our salted DES engine alone (no crate offers crypt(3)'s salted E-box), as
//!   traditional DES crypt (25 encryptions) and as BSDi crypt at 7250 rounds (FreeBSD's
//!   default), the second long enough to show a change in the round function.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hashbridge::schemes::unix::bcrypt::{Variant, bcrypt_raw};
use hashbridge::schemes::unix::bsdi_crypt::bsdi_crypt_raw;
use hashbridge::schemes::unix::des_crypt::des_crypt_raw;
use hashbridge::schemes::unix::md5_crypt::md5_crypt_raw;
use hashbridge::schemes::unix::sha_crypt::{sha256_crypt_raw, sha512_crypt_raw};
use md5::{Digest as _, Md5};

const PASSWORD: &[u8] = b"correct horse battery staple";

/// md5-crypt as md5_crypt.rs computed it before: a fresh hasher per round.
fn md5_crypt_hasher(password: &[u8], salt: &[u8], magic: &[u8]) -> [u8; 16] {
    let alt = Md5::new()
        .chain_update(password)
        .chain_update(salt)
        .chain_update(password)
        .finalize();
    let mut ctx = Md5::new()
        .chain_update(password)
        .chain_update(magic)
        .chain_update(salt);
    for chunk in password.chunks(16) {
        ctx.update(&alt[..chunk.len()]);
    }
    let mut i = password.len();
    while i > 0 {
        ctx.update(if i & 1 == 1 {
            &[0u8][..]
        } else {
            &password[..1]
        });
        i >>= 1;
    }
    let mut digest: [u8; 16] = ctx.finalize().into();
    for round in 0..1000 {
        let mut c = Md5::new();
        c.update(if round & 1 == 1 {
            password
        } else {
            &digest[..]
        });
        if round % 3 != 0 {
            c.update(salt);
        }
        if round % 7 != 0 {
            c.update(password);
        }
        c.update(if round & 1 == 1 {
            &digest[..]
        } else {
            password
        });
        digest = c.finalize().into();
    }
    digest
}

fn unix(c: &mut Criterion) {
    let salt = *b"0123456789abcdef";
    // The crate's raw function takes the key with its NUL terminator.
    let key = [PASSWORD, b"\0"].concat();
    assert_eq!(
        bcrypt_raw(PASSWORD, &salt, 4, Variant::B)[..],
        bcrypt::bcrypt(4, salt, &key)[..23]
    );
    assert_eq!(
        md5_crypt_raw(PASSWORD, b"0rMzldTZ", b"$1$")[..],
        md5_crypt_hasher(PASSWORD, b"0rMzldTZ", b"$1$")[..]
    );
    let params = sha_crypt::Params::new(5000).expect("5000 rounds are valid");
    assert_eq!(
        sha512_crypt_raw(PASSWORD, b"HkMAH9O2L6ECbZus", 5000)[..],
        sha_crypt::sha512_crypt(PASSWORD, b"HkMAH9O2L6ECbZus", params)[..]
    );

    let mut g = c.benchmark_group("bcrypt");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("ours", |b| {
        b.iter(|| bcrypt_raw(black_box(PASSWORD), &salt, 8, Variant::B))
    });
    g.bench_function("bcrypt_crate", |b| {
        b.iter(|| bcrypt::bcrypt(8, salt, black_box(&key)))
    });
    g.finish();

    let mut g = c.benchmark_group("md5_crypt");
    g.bench_function("ours", |b| {
        b.iter(|| md5_crypt_raw(black_box(PASSWORD), b"0rMzldTZ", b"$1$"))
    });
    g.bench_function("md5_hasher", |b| {
        b.iter(|| md5_crypt_hasher(black_box(PASSWORD), b"0rMzldTZ", b"$1$"))
    });
    g.finish();

    let mut g = c.benchmark_group("sha512_crypt");
    g.bench_function("ours", |b| {
        b.iter(|| sha512_crypt_raw(black_box(PASSWORD), b"HkMAH9O2L6ECbZus", 5000))
    });
    g.bench_function("sha_crypt_crate", |b| {
        b.iter(|| sha_crypt::sha512_crypt(black_box(PASSWORD), b"HkMAH9O2L6ECbZus", params))
    });
    g.finish();

    let mut g = c.benchmark_group("sha256_crypt");
    g.bench_function("ours", |b| {
        b.iter(|| sha256_crypt_raw(black_box(PASSWORD), b"yIjMhSfJRMlA7orf", 5000))
    });
    g.bench_function("sha_crypt_crate", |b| {
        b.iter(|| sha_crypt::sha256_crypt(black_box(PASSWORD), b"yIjMhSfJRMlA7orf", params))
    });
    g.finish();

    let mut g = c.benchmark_group("des_crypt");
    g.bench_function("ours", |b| {
        b.iter(|| des_crypt_raw(black_box(PASSWORD), 0x0123, 25))
    });
    g.bench_function("bsdi_7250", |b| {
        b.iter(|| bsdi_crypt_raw(black_box(PASSWORD), 0x00ab_cdef, 7250))
    });
    g.finish();
}

criterion_group!(benches, unix);
criterion_main!(benches);
