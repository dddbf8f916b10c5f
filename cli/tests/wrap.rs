//! `hashbridge wrap`: a real-producer export wrapped, logged into with the known passwords and
//! upgraded; wrapping again changes nothing; a run killed halfway resumes where it stopped.
#![allow(
    clippy::unwrap_used,
    reason = "a test helper fails loudly on an unexpected error"
)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hashbridge"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin writer");
    out
}

fn fixture(rel: &str) -> String {
    common::data_dir()
        .join("exports")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("hashbridge-wrap-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// A cheap target: the tests are about what is written, not what it costs.
const CHEAP: [&str; 4] = ["--m-cost", "256", "--t-cost", "1"];

fn records(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_wrapped_export_logs_in_with_the_old_passwords_and_upgrades() {
    let out_file = temp("shadow.jsonl");
    let out_s = out_file.to_string_lossy().into_owned();
    let shadow = fixture("shadow/shadow");
    let mut args = vec![
        "wrap", "--from", "shadow", &shadow, "--out", &out_s, "--json",
    ];
    args.extend_from_slice(&CHEAP);
    let out = run(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    // alice, bob, carol, dave, frank, heidi wrapped; erin's yescrypt cannot be; eight
    // accounts have no password hash.
    assert_eq!(stats["entries"], 15, "{stats}");
    assert_eq!(stats["wrapped"], 6, "{stats}");
    assert_eq!(stats["without_hash"], 8, "{stats}");
    assert_eq!(stats["not_wrapped"]["unsupported"], 1, "{stats}");
    assert!(!PathBuf::from(format!("{out_s}.partial")).exists());
    let wrapped = records(&std::fs::read_to_string(&out_file).unwrap());
    // The same records, in order, as `read` writes them.
    let read = run(&["read", "--from", "shadow", &shadow], b"");
    let plain = records(&String::from_utf8_lossy(&read.stdout));
    assert_eq!(wrapped.len(), plain.len());
    for (w, p) in wrapped.iter().zip(&plain) {
        assert_eq!((&w["record"], &w["id"]), (&p["record"], &p["id"]));
    }
    let erin = wrapped.iter().find(|r| r["id"] == "erin").unwrap();
    assert_eq!(
        erin["hash"],
        plain.iter().find(|r| r["id"] == "erin").unwrap()["hash"]
    );
    assert_eq!(erin["wrap_error"]["kind"], "unsupported");

    // Every user logs in with the old password (and not with another), and gets a plain
    // target hash, which verifies with no further upgrade.
    let pw: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(fixture("shadow/shadow.passwords.json")).unwrap(),
    )
    .unwrap();
    let mut batch = String::new();
    for r in wrapped
        .iter()
        .filter(|r| r["hash"].as_str().is_some_and(|h| h.starts_with("$hbw$")))
    {
        let p = &pw[r["id"].as_str().unwrap()];
        batch.push_str(&format!(
            "{}\n",
            json!({"id": r["id"], "hash": r["hash"], "password": p})
        ));
        batch.push_str(&format!(
            "{}\n",
            json!({"id": "wrong", "hash": r["hash"], "password": format!("#{p}")})
        ));
    }
    let mut args = vec!["verify", "--batch", "-"];
    args.extend_from_slice(&CHEAP);
    let answers = records(&String::from_utf8_lossy(
        &run(&args, batch.as_bytes()).stdout,
    ));
    assert_eq!(answers.len(), 12);
    let mut upgrades = String::new();
    for a in &answers {
        if a["id"] == "wrong" {
            assert_eq!(a["valid"], false, "{a}");
            continue;
        }
        assert_eq!(a["valid"], true, "{a}");
        assert_eq!(a["scheme"], "hashbridge_wrapped", "{a}");
        let up = a["upgrade"].as_str().expect("an upgrade");
        assert!(up.starts_with("$argon2id$v=19$m=256,t=1,p=1$"), "{a}");
        let p = &pw[a["id"].as_str().unwrap()];
        upgrades.push_str(&format!(
            "{}\n",
            json!({"id": a["id"], "hash": up, "password": p})
        ));
    }
    let again = records(&String::from_utf8_lossy(
        &run(&args, upgrades.as_bytes()).stdout,
    ));
    for a in again {
        assert_eq!(
            (a["valid"].clone(), a["needs_upgrade"].clone()),
            (json!(true), json!(false)),
            "{a}"
        );
    }

    // Wrapping the output again changes nothing.
    let out2 = temp("shadow-again.jsonl");
    let out2_s = out2.to_string_lossy().into_owned();
    let mut args = vec![
        "wrap", "--from", "jsonl", &out_s, "--out", &out2_s, "--json",
    ];
    args.extend_from_slice(&CHEAP);
    let out = run(&args, b"");
    assert!(out.status.success());
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (stats["wrapped"].clone(), stats["already_wrapped"].clone()),
        (json!(0), json!(6))
    );
    assert_eq!(
        std::fs::read_to_string(&out2).unwrap(),
        std::fs::read_to_string(&out_file).unwrap()
    );
    let _ = std::fs::remove_file(&out_file);
    let _ = std::fs::remove_file(&out2);
}

/// A JSONL export of `n` accounts, from the md5-crypt and SHA-crypt hashes libxcrypt made for
/// the known-answer vectors (each with its password, for the check at the end).
fn big_export(n: usize) -> (String, BTreeMap<String, String>) {
    let vectors: Vec<common::Vector> = common::load(|f| f.starts_with("system"))
        .into_iter()
        .filter(|v| {
            matches!(v.format(), "md5_crypt" | "sha512_crypt" | "sha256_crypt")
                && v.valid() == Some(true)
                && v.json["password"].is_string()
                && v.json["hash"]
                    .as_str()
                    .is_some_and(|h| !h.contains("rounds="))
        })
        .collect();
    assert!(vectors.len() >= 10);
    let mut text = String::new();
    let mut pw = BTreeMap::new();
    for i in 0..n {
        let v = &vectors[i % vectors.len()];
        let id = format!("user{i:05}");
        text.push_str(&format!("{}\n", json!({"id": id, "hash": v.json["hash"]})));
        pw.insert(id, v.json["password"].as_str().unwrap().to_owned());
    }
    (text, pw)
}

#[test]
fn a_killed_run_resumes_without_redoing_what_it_wrote() {
    let input = temp("big-input.jsonl");
    let (text, pw) = big_export(240);
    std::fs::write(&input, &text).unwrap();
    let out = temp("big-output.jsonl");
    let partial = PathBuf::from(format!("{}.partial", out.display()));
    let _ = std::fs::remove_file(&partial);
    // A costly target, so that the run is still going when it is killed.
    let args = |json: bool| {
        let mut a = vec![
            "wrap".to_owned(),
            "--from".into(),
            "jsonl".into(),
            input.to_string_lossy().into_owned(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
            "--threads".into(),
            "2".into(),
            "--m-cost".into(),
            "16384".into(),
            "--t-cost".into(),
            "4".into(),
        ];
        if json {
            a.push("--json".into());
        }
        a
    };
    let mut child = bin()
        .args(args(false))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let lines = |p: &PathBuf| {
        std::fs::read(p)
            .map(|b| b.iter().filter(|c| **c == b'\n').count())
            .unwrap_or(0)
    };
    while lines(&partial) < 40 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !out.exists(),
        "a killed run leaves no output under the final name"
    );
    let before = std::fs::read(&partial).unwrap();
    let kept = before.iter().filter(|c| **c == b'\n').count();
    assert!((40..240).contains(&kept), "{kept}");

    let done = bin().args(args(true)).output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stats: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(stats["entries"], 240, "{stats}");
    assert_eq!(stats["resumed"].as_u64().unwrap() as usize, kept, "{stats}");
    assert_eq!(
        stats["wrapped"].as_u64().unwrap() as usize,
        240 - kept,
        "{stats}"
    );
    assert!(!partial.exists());
    let result = std::fs::read(&out).unwrap();
    // The lines written before the kill are kept as they were (a redone line would have a
    // new random salt), up to the last complete one.
    let complete = before
        .iter()
        .rposition(|c| *c == b'\n')
        .map_or(0, |i| i + 1);
    assert_eq!(&result[..complete], &before[..complete]);
    let wrapped = records(&String::from_utf8_lossy(&result));
    assert_eq!(wrapped.len(), 240);
    for (i, r) in wrapped.iter().enumerate() {
        assert_eq!(r["record"], i + 1);
        assert!(r["hash"].as_str().unwrap().starts_with("$hbw$v=1$"), "{r}");
    }
    // A sample on both sides of the kill logs in with the old password.
    let mut batch = String::new();
    for i in [0, kept - 1, kept, 239] {
        let r = &wrapped[i];
        let p = &pw[r["id"].as_str().unwrap()];
        batch.push_str(&format!(
            "{}\n",
            json!({"id": r["id"], "hash": r["hash"], "password": p})
        ));
    }
    let answers = records(&String::from_utf8_lossy(
        &run(
            &[
                "verify",
                "--batch",
                "-",
                "--no-upgrade",
                "--m-cost",
                "16384",
                "--t-cost",
                "4",
            ],
            batch.as_bytes(),
        )
        .stdout,
    ));
    assert_eq!(answers.len(), 4);
    for a in answers {
        assert_eq!(a["valid"], true, "{a}");
    }
    // A partial output from another input is not resumed.
    std::fs::write(&partial, "{}\n").unwrap();
    std::fs::write(
        format!("{}.partial.json", out.display()),
        r#"{"input":"/elsewhere","size":1,"modified_ns":1,"target":"x"}"#,
    )
    .unwrap();
    let refused = bin().args(args(false)).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("another input or policy target"));
    for p in [
        input,
        out,
        partial,
        PathBuf::from(format!(
            "{}.partial.json",
            temp("big-output.jsonl").display()
        )),
    ] {
        let _ = std::fs::remove_file(p);
    }
}
