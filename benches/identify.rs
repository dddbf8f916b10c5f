//! Identification and dispatch throughput over a mixed list of every format in the vectors.
//!
//! `cargo bench --bench identify`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hashbridge::Registry;

fn mixed_hashes() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for name in ["system.public.jsonl", "vendor.public.jsonl"] {
        let text = std::fs::read_to_string(dir.join(name)).expect("vector files exist");
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("vectors are JSON");
            if let Some(h) = v["hash"].as_str() {
                out.push(h.to_owned());
            }
        }
    }
    out
}

fn identify(c: &mut Criterion) {
    let reg = Registry::default();
    let hashes = mixed_hashes();
    let mut group = c.benchmark_group("identify");
    group.throughput(Throughput::Elements(hashes.len() as u64));
    group.bench_function("mixed", |b| {
        b.iter(|| {
            let mut found = 0usize;
            for h in &hashes {
                found += usize::from(reg.identify(std::hint::black_box(h)).is_ok());
            }
            found
        })
    });
    let limits = hashbridge::Limits::DEFAULT;
    group.bench_function("mixed_identify_and_parse", |b| {
        b.iter(|| {
            let mut parsed = 0usize;
            for h in &hashes {
                let cred = hashbridge::Credential::new(h.as_str());
                if let Ok(s) = reg.identify(std::hint::black_box(h)) {
                    parsed += usize::from(s.inspect(&cred, &limits).is_ok());
                }
            }
            parsed
        })
    });
    group.finish();
}

criterion_group!(benches, identify);
criterion_main!(benches);
