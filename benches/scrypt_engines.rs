//! Our yescrypt/scrypt engine (`src/primitives/scrypt/`) against the crates it replaced,
//! at the costs libxcrypt writes by default: `$y$j9T$` (yescrypt, N = 4096, r = 32) and
//! `$7$CU..../....` (scrypt, N = 16384, r = 32). Each pair computes the same function; ours is
//! timed through the scheme's `verify` (parsing included).
//!
//! `cargo bench --bench scrypt_engines`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hashbridge::{Credential, Limits, Registry};

const PASSWORD: &[u8] = b"correct horse battery staple";

fn engines(c: &mut Criterion) {
    let registry = Registry::default();
    let scheme = |id| registry.get(id).expect("a built-in scheme");
    let (yescrypt_scheme, scrypt_mcf) = (scheme("yescrypt"), scheme("scrypt_mcf"));
    let mut group = c.benchmark_group("scrypt_engines");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));

    let y = Credential::new(
        "$y$j9T$zq8dsRPbYrji22RckvCY71$RqkM9IGLheWhY9utXfO9yv4XxcOX9eH.js4XNV5tf8/",
    );
    assert_eq!(
        yescrypt_scheme.verify(PASSWORD, &y, &Limits::DEFAULT).ok(),
        Some(true)
    );
    group.bench_function("yescrypt j9T: ours", |b| {
        b.iter(|| yescrypt_scheme.verify(PASSWORD, &y, &Limits::DEFAULT))
    });
    let params = yescrypt::Params::new(yescrypt::Mode::Rw, 4096, 32, 1).expect("valid params");
    group.bench_function("yescrypt j9T: yescrypt crate", |b| {
        b.iter(|| {
            let mut out = [0u8; 32];
            yescrypt::yescrypt(PASSWORD, b"0123456789abcdef", &params, &mut out).map(|()| out)
        })
    });

    let s = Credential::new(
        "$7$CU..../....E2/RbYuDA7Cbk4FvtrUyl.$Utf/j4dBRbLDTd8.pRP2c2P7xmTDIoTM8mdO2SKH2P7",
    );
    assert_eq!(
        scrypt_mcf.verify(PASSWORD, &s, &Limits::DEFAULT).ok(),
        Some(true)
    );
    group.bench_function("scrypt N=2^14 r=32: ours", |b| {
        b.iter(|| scrypt_mcf.verify(PASSWORD, &s, &Limits::DEFAULT))
    });
    let params = scrypt::Params::new(14, 32, 1).expect("valid params");
    group.bench_function("scrypt N=2^14 r=32: scrypt crate", |b| {
        b.iter(|| {
            let mut out = [0u8; 32];
            scrypt::scrypt(PASSWORD, b"E2/RbYuDA7Cbk4FvtrUyl.", &params, &mut out).map(|()| out)
        })
    });
    group.finish();
}

criterion_group!(benches, engines);
criterion_main!(benches);
