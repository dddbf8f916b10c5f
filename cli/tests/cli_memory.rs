//! The CLI's batch mode under an address-space cap (`ulimit -v`, as a container imposes):
//! four memory-hard verifies that do not fit at once take turns through the memory budget, and
//! an allocation the cap refuses is an `unavailable` answer, never an abort that loses the
//! answers already computed. Linux and a POSIX `sh` only; nothing is timed.

#![cfg(unix)]

use std::process::{Command, Output};

use serde_json::Value;

/// Four records at the per-verify memory ceiling (256 MiB each: scrypt N=2^18 r=8, argon2id
/// m=262144 KiB t=1), two with each password. Made with
/// `python3 -c 'hashlib.scrypt(pw, salt=salt, n=1<<18, r=8, p=1, maxmem=(1<<28)+(1<<24),
/// dklen=32)'` (Python 3 / OpenSSL) and argon2-cffi 25.1.0's
/// `argon2.low_level.hash_secret(pw, salt, time_cost=1, memory_cost=1<<18, parallelism=1,
/// hash_len=32, type=Type.ID)`, salts `hashbridge-256-1` to `-4`.
const RECORDS: &str = r#"{"id": "scrypt-1", "password": "correct horse battery staple", "hash": "$scrypt$ln=18,r=8,p=1$aGFzaGJyaWRnZS0yNTYtMQ$tRKKP5OdUepBsOCw82Y7LWAnSnSa5CqmkiUK7Q4ybxc"}
{"id": "scrypt-2", "password": "tr0ub4dor&3", "hash": "$scrypt$ln=18,r=8,p=1$aGFzaGJyaWRnZS0yNTYtMg$2BHar2wM24/hWsfOkrb1sXcPhnfW2ZsRoPSMv9UY0a4"}
{"id": "argon2-1", "password": "correct horse battery staple", "hash": "$argon2id$v=19$m=262144,t=1,p=1$aGFzaGJyaWRnZS0yNTYtMw$ncj7+MgHjymYkYaloZ3ABAAq1bIhJhi1vuqwiEngjIU"}
{"id": "argon2-2", "password": "tr0ub4dor&3", "hash": "$argon2id$v=19$m=262144,t=1,p=1$aGFzaGJyaWRnZS0yNTYtNA$izJdXT45KPaFyaoXkMzScOhEyMGXTe9EG0aioqVStP4"}
"#;

/// The address-space cap for [`RECORDS`], in KiB: room for the binary, four worker threads and
/// one 256 MiB hash, not for two.
const CAP_KIB: &str = "750000";

/// Four records at 1 GiB each (scrypt N=2^20 r=8, argon2id m=1048576 KiB t=1), made as
/// [`RECORDS`] with `n=1<<20`, `maxmem=(1<<30)+(1<<24)` and `memory_cost=1<<20`, salts
/// `hashbridge-mem-1` to `-4`.
const RECORDS_1GIB: &str = r#"{"id": "scrypt-1", "password": "correct horse battery staple", "hash": "$scrypt$ln=20,r=8,p=1$aGFzaGJyaWRnZS1tZW0tMQ$rgYY/x5pjIRnbhXl+RYoQvAnMZPMFjKzBvoUi5zveik"}
{"id": "scrypt-2", "password": "tr0ub4dor&3", "hash": "$scrypt$ln=20,r=8,p=1$aGFzaGJyaWRnZS1tZW0tMg$pcWMalySsDKB5j1+7nkPCNGRH+pdFwFMtiyG9jLNuIc"}
{"id": "argon2-1", "password": "correct horse battery staple", "hash": "$argon2id$v=19$m=1048576,t=1,p=1$aGFzaGJyaWRnZS1tZW0tMw$9lOqzYc2nmUVOpDvBFHw2Tvyktr9bzlXXOJinIroNtw"}
{"id": "argon2-2", "password": "tr0ub4dor&3", "hash": "$argon2id$v=19$m=1048576,t=1,p=1$aGFzaGJyaWRnZS1tZW0tNA$T0Eo4GtaqVMvhZ7RbtYYaEYPY8lD6Xos2FtppccQ4OQ"}
"#;

/// A 3 GB address-space cap, as a container imposes: two 1 GiB hashes fit, four do not.
const CAP_3GB_KIB: &str = "3000000";

/// `hashbridge verify --batch FILE --threads 4 ...` in a child shell under `ulimit -v`.
/// `tag` names the input file (the tests run in parallel).
fn capped_batch(tag: &str, extra: &[&str]) -> Output {
    capped(tag, RECORDS, CAP_KIB, extra)
}

/// `hashbridge verify --batch FILE --threads 4 ...` over `records` under `ulimit -v cap_kib`.
fn capped(tag: &str, records: &str, cap_kib: &str, extra: &[&str]) -> Output {
    let path = std::env::temp_dir().join(format!(
        "hashbridge-cli-memory-{}-{tag}.jsonl",
        std::process::id()
    ));
    std::fs::write(&path, records).expect("the input file is written");
    let input = path.to_str().expect("a UTF-8 temporary path");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {cap_kib}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_hashbridge"))
        .args(["verify", "--batch", input, "--no-upgrade", "--threads", "4"])
        .args(extra)
        .output()
        .expect("sh runs");
    let _ = std::fs::remove_file(&path);
    out
}

/// One JSON answer per input line, in order, and an exit status that is not a signal.
fn answers(out: &Output) -> Vec<Value> {
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        None,
        "killed by a signal; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "exit status {:?}", out.status);
    let answers: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    let ids: Vec<&str> = answers.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids, ["scrypt-1", "scrypt-2", "argon2-1", "argon2-2"]);
    answers
}

#[test]
fn a_budget_below_the_cap_makes_verifies_take_turns() {
    // One 256 MiB hash at a time (the reservation is the array plus a few KiB).
    let out = capped_batch("turns", &["--memory-budget", "300000000"]);
    for a in answers(&out) {
        assert_eq!(a["valid"], Value::Bool(true), "{a}");
    }
}

#[test]
fn an_allocation_the_cap_refuses_is_an_answer_not_an_abort() {
    // The default budget (1 GiB) is above the cap: some allocations fail. Each such record is
    // answered `unavailable`; every other record is answered as usual.
    let out = capped_batch("refused", &[]);
    for a in answers(&out) {
        let ok = a["valid"] == Value::Bool(true) || a["error"]["kind"] == "unavailable";
        assert!(ok, "{a}");
    }
}

#[test]
fn four_one_gib_verifies_under_a_three_gb_cap_all_answer_valid() {
    let out = capped(
        "1gib",
        RECORDS_1GIB,
        CAP_3GB_KIB,
        &[
            "--limit",
            "max_memory_bytes=1073741824",
            "--limit",
            "max_work=64000000",
            // Two 1 GiB hashes at a time; the others wait their turn.
            "--memory-budget",
            "2200000000",
        ],
    );
    for a in answers(&out) {
        assert_eq!(a["valid"], Value::Bool(true), "{a}");
    }
}
