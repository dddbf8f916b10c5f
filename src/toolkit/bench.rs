//! Per-scheme verify timing on this machine, for choosing a target cost (the `bench` command).
//!
//! Times a verify of the policy's own target hash and of real hashes at common production costs
//! (`benches/data/inputs.jsonl`: argon2id m=19456, bcrypt 10 and 12, sha512-crypt 5000 and 656000,
//! Django PBKDF2 600,000, scrypt N=2^14..2^17, yescrypt, Firebase scrypt, ...), each for about
//! `seconds`, so an operator can see what a login costs and pick a target like `argon2 -e` tuning.
//!
//! Figures depend on the machine's instruction sets (the SHA and argon2 engines pick SHA-NI,
//! AVX2 or AVX-512 at run time), so [`cpu_features`] says which were there. PBKDF2 inputs carry
//! their lower bound: two compressions of the digest's block function per iteration and output
//! block, timed here at the throughput the block function reaches on 16 KiB messages (as
//! `openssl speed -evp` measures it), so a PBKDF2 figure reads against what the hardware can do.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::migrator::Migrator;
use crate::toolkit::record;

/// The embedded inputs: JSONL records with a `label`.
pub const INPUTS: &str = include_str!("../../benches/data/inputs.jsonl");

/// One timing.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// What was timed (`target`, `bcrypt@cost12`, ...).
    pub label: String,
    /// The scheme id.
    pub scheme: String,
    /// Verifies run.
    pub runs: u32,
    /// Mean milliseconds per verify.
    pub ms_per_verify: f64,
    /// For PBKDF2 inputs, the milliseconds their compressions alone take on this machine.
    pub bound_ms: Option<f64>,
}

/// The instruction-set extensions this machine offers that the engines choose by.
pub fn cpu_features() -> Vec<&'static str> {
    #[allow(
        unused_mut,
        reason = "empty on architectures without run-time detection here"
    )]
    let mut found = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            found.push("avx2");
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            found.push("avx512f");
        }
        if std::arch::is_x86_feature_detected!("sha") {
            found.push("sha-ni");
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        if std::arch::is_aarch64_feature_detected!("sha2") {
            found.push("sha2");
        }
        if std::arch::is_aarch64_feature_detected!("sha3") {
            found.push("sha512");
        }
    }
    found
}

/// Nanoseconds per block compression of `digest` (`sha1`, `sha256` or `sha512`), from hashing
/// 16 KiB messages for about `budget`; `None` for another name.
pub fn compression_ns(digest: &str, budget: Duration) -> Option<f64> {
    use sha2::Digest as _;
    const MESSAGE: usize = 16 << 10;
    let message = vec![0x5au8; MESSAGE];
    let (block, run): (usize, fn(&[u8]) -> u8) = match digest {
        "sha1" => (64, |m| sha1::Sha1::digest(m)[0]),
        "sha256" => (64, |m| sha2::Sha256::digest(m)[0]),
        "sha512" => (128, |m| sha2::Sha512::digest(m)[0]),
        _ => return None,
    };
    // The padding block is compressed too.
    let per_message = (MESSAGE / block + 1) as f64;
    let start = Instant::now();
    let mut messages = 0u32;
    while messages == 0 || (start.elapsed() < budget && messages < 1_000_000) {
        std::hint::black_box(run(std::hint::black_box(&message)));
        messages += 1;
    }
    Some(start.elapsed().as_secs_f64() * 1e9 / (f64::from(messages) * per_message))
}

/// Time `label`'s verify of `line` (a batch record) for about `budget`.
fn time_record(m: &Migrator, label: &str, line: &str, budget: Duration) -> Result<Timing> {
    let rec = record::parse_line(line).map_err(|(_, e)| e)?;
    let pw = rec
        .password
        .ok_or_else(|| Error::malformed("bench", "password", "missing"))?;
    let first = m.verify(&pw, &rec.credential)?;
    if !first.valid {
        return Err(Error::malformed(
            "bench",
            "input",
            format!("{label} does not verify"),
        ));
    }
    let start = Instant::now();
    let mut runs = 0u32;
    while runs == 0 || (start.elapsed() < budget && runs < 100_000) {
        m.verify(&pw, &rec.credential)?;
        runs += 1;
    }
    Ok(Timing {
        label: label.to_owned(),
        scheme: first.scheme,
        runs,
        ms_per_verify: start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs),
        bound_ms: None,
    })
}

/// Time the target and every embedded input whose label or scheme is in `only` (all when empty).
/// `m` should not rehash (see [`Migrator::with_rehash`]).
pub fn run(m: &Migrator, only: &[String], budget: Duration) -> Vec<Result<Timing>> {
    let wanted = |label: &str, scheme: &str| {
        only.is_empty() || only.iter().any(|o| o == label || o == scheme)
    };
    let mut out = Vec::new();
    let target = m.policy().target;
    if wanted("target", target.scheme_id()) {
        let password = "correct horse battery staple";
        out.push(m.hash(password.as_bytes()).and_then(|h| {
            let line = serde_json::json!({"hash": h, "password": password}).to_string();
            time_record(m, "target", &line, budget)
        }));
    }
    for line in INPUTS.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        let label = v["label"].as_str().unwrap_or("?");
        let scheme = v["format"].as_str().unwrap_or("?");
        if wanted(label, scheme) {
            let bound = &v["bound"];
            let bound_ms = bound["digest"].as_str().and_then(|d| {
                let compressions = bound["compressions"].as_u64()? as f64;
                Some(compression_ns(d, budget / 4)? * compressions / 1e6)
            });
            out.push(time_record(m, label, line, budget).map(|t| Timing { bound_ms, ..t }));
        }
    }
    out
}
