//! The crypt(3) family's hand-written engines against the crate-based code they replace.
//!
//! `cargo bench --bench unix`. Each group times ours (a verify through the built-in scheme)
//! and the baseline on the same password, salt and cost:
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
use hashbridge::{Credential, Limits, Registry};
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

/// Stored strings for [`PASSWORD`], made by libxcrypt's `crypt(3)`: ours is timed through the
/// scheme's `verify` (parsing and the constant-time compare included, well under 1% of these).
const STORED: [(&str, &str); 6] = [
    (
        "bcrypt",
        "$2b$08$MDEyMzQ1Njc4OWFiY2RlZeldunNa3T.J6qKOt4xFtvmS9ND3evvp6",
    ),
    ("md5_crypt", "$1$0rMzldTZ$SrCEUX1CMJuzO2oOlK8HK1"),
    (
        "sha512_crypt",
        "$6$HkMAH9O2L6ECbZus$Vu2bf5dWMzPmxVnzgLpOwtgPiWvV3qN7w.l4wkUtrdH00oILGz.w0MRzWEKVvoldCiI3VhRrWzLduYOaLPOGp0",
    ),
    (
        "sha256_crypt",
        "$5$yIjMhSfJRMlA7orf$qbqs/urc1yfJGozu93L84YZPPvbwDsBbw/ACJm1.WR4",
    ),
    ("des_crypt", "abhfCpXqd4GrI"),
    // BSDi crypt at 7250 rounds (`Gl/.`), FreeBSD's default.
    ("bsdi_crypt", "_Gl/.abcdycOsxxQKGZQ"),
];

fn unix(c: &mut Criterion) {
    let registry = Registry::default();
    let ours: Vec<_> = STORED
        .iter()
        .map(|&(id, stored)| {
            let scheme = registry.get(id).expect("a built-in scheme");
            let cred = Credential::new(stored);
            assert_eq!(
                scheme.verify(PASSWORD, &cred, &Limits::DEFAULT).ok(),
                Some(true),
                "{id}"
            );
            (scheme, cred)
        })
        .collect();
    let verify = |i: usize| {
        let (scheme, cred) = &ours[i];
        move || scheme.verify(black_box(PASSWORD), cred, &Limits::DEFAULT)
    };
    let salt = *b"0123456789abcdef";
    // The crate's raw function takes the key with its NUL terminator.
    let key = [PASSWORD, b"\0"].concat();
    let params = sha_crypt::Params::new(5000).expect("5000 rounds are valid");

    let mut g = c.benchmark_group("bcrypt");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("ours", |b| b.iter(verify(0)));
    g.bench_function("bcrypt_crate", |b| {
        b.iter(|| bcrypt::bcrypt(8, salt, black_box(&key)))
    });
    g.finish();

    let mut g = c.benchmark_group("md5_crypt");
    g.bench_function("ours", |b| b.iter(verify(1)));
    g.bench_function("md5_hasher", |b| {
        b.iter(|| md5_crypt_hasher(black_box(PASSWORD), b"0rMzldTZ", b"$1$"))
    });
    g.finish();

    let mut g = c.benchmark_group("sha512_crypt");
    g.bench_function("ours", |b| b.iter(verify(2)));
    g.bench_function("sha_crypt_crate", |b| {
        b.iter(|| sha_crypt::sha512_crypt(black_box(PASSWORD), b"HkMAH9O2L6ECbZus", params))
    });
    g.finish();

    let mut g = c.benchmark_group("sha256_crypt");
    g.bench_function("ours", |b| b.iter(verify(3)));
    g.bench_function("sha_crypt_crate", |b| {
        b.iter(|| sha_crypt::sha256_crypt(black_box(PASSWORD), b"yIjMhSfJRMlA7orf", params))
    });
    g.finish();

    let mut g = c.benchmark_group("des_crypt");
    g.bench_function("ours", |b| b.iter(verify(4)));
    g.bench_function("bsdi_7250", |b| b.iter(verify(5)));
    g.finish();
}

criterion_group!(benches, unix);
criterion_main!(benches);
