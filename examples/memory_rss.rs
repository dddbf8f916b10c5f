//! Resident memory after many memory-hard verifies on many threads: 1,000 verifies of
//! libxcrypt's default yescrypt (`$y$j9T$`, a 16 MiB array) and the default argon2id target
//! (19 MiB) on 64 threads sharing one migrator, then VmRSS and VmHWM from /proc/self/status.
//!
//! `cargo run --release --example memory_rss [KEPT_BYTES]`: KEPT_BYTES sets
//! `Limits::max_kept_bytes` (default 256 MiB; a huge value shows what every thread
//! keeping its array would hold). Linux only (reads /proc). A measurement, not a test.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

use hashbridge::{Credential, Limits, Migrator, Policy, Registry};

const THREADS: usize = 64;
const VERIFIES: usize = 1_000;
const PASSWORD: &[u8] = b"correct horse battery staple";
/// libxcrypt's default yescrypt cost (the benches' vector).
const YESCRYPT: &str = "$y$j9T$zq8dsRPbYrji22RckvCY71$RqkM9IGLheWhY9utXfO9yv4XxcOX9eH.js4XNV5tf8/";

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l[field.len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn main() -> Result<(), hashbridge::Error> {
    let mut limits = Limits::DEFAULT;
    if let Some(kept) = std::env::args().nth(1).and_then(|a| a.parse().ok()) {
        limits.max_kept_bytes = kept;
    }
    let m = Migrator::new(Registry::default(), Policy::default().with_limits(limits))?
        .with_rehash(false);
    let argon2 = m.hash(PASSWORD)?;
    let creds = [Credential::new(YESCRYPT), Credential::new(argon2)];
    let next = AtomicUsize::new(0);
    let valid = AtomicUsize::new(0);
    let (done, measured) = (Barrier::new(THREADS + 1), Barrier::new(THREADS + 1));
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= VERIFIES {
                        break;
                    }
                    if m.verify(PASSWORD, &creds[i % 2]).is_ok_and(|o| o.valid) {
                        valid.fetch_add(1, Ordering::Relaxed);
                    }
                }
                // The thread stays alive (its kept array with it) until measured.
                done.wait();
                measured.wait();
            });
        }
        done.wait();
        println!(
            "with the {THREADS} threads alive: kept {} MiB, VmRSS {}, VmHWM {}",
            hashbridge::memory::kept_scratch_bytes() >> 20,
            status("VmRSS:"),
            status("VmHWM:")
        );
        measured.wait();
    });
    println!(
        "{VERIFIES} verifies on {THREADS} threads ({} valid); budget {} MiB, kept bound {} MiB",
        valid.load(Ordering::Relaxed),
        m.memory_budget().total() >> 20,
        limits.max_kept_bytes >> 20,
    );
    println!(
        "after the threads exited: kept {} MiB, VmRSS {}, VmHWM {}",
        hashbridge::memory::kept_scratch_bytes() >> 20,
        status("VmRSS:"),
        status("VmHWM:")
    );
    Ok(())
}
