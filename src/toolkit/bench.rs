//! Per-scheme verify timing on this machine, for choosing a target cost (the `bench` command).
//!
//! Times a verify of the policy's own target hash and of real hashes at common production costs
//! (`benches/data/inputs.jsonl`: argon2id m=19456, bcrypt 10 and 12, sha512-crypt 5000 and 656000,
//! Django PBKDF2 600,000, scrypt N=2^14..2^17, yescrypt, Firebase scrypt, ...), each for about
//! `seconds`, so an operator can see what a login costs and pick a target like `argon2 -e` tuning.

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
            out.push(time_record(m, label, line, budget));
        }
    }
    out
}
