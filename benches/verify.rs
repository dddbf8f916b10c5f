//! Verify cost per scheme at realistic production parameters (`benches/data/inputs.jsonl`).
//!
//! `cargo bench --bench verify`; `cargo bench --bench verify -- bcrypt` for one.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hashbridge::Migrator;
use hashbridge::toolkit::{bench, record};

fn verify(c: &mut Criterion) {
    let m = Migrator::default().with_rehash(false);
    let mut group = c.benchmark_group("verify");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    for line in bench::INPUTS.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("bench inputs are JSON");
        let label = v["label"]
            .as_str()
            .expect("bench inputs have labels")
            .to_owned();
        let rec = record::parse_line(line).unwrap_or_else(|_| panic!("{label}: bad record"));
        let pw = rec.password.expect("bench inputs have passwords");
        match m.verify(&pw, &rec.credential) {
            Ok(o) if o.valid => {}
            other => panic!("{label}: does not verify: {other:?}"),
        }
        group.bench_function(label, |b| b.iter(|| m.verify(&pw, &rec.credential)));
    }
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
