//! What the CLI's integration tests share: running the binary, finding the export fixtures.

#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

#[path = "../../../tests/common/mod.rs"]
pub mod common;

/// The `hashbridge` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hashbridge"))
}

/// Run it with `args`, feeding `stdin`, and wait for it.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
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

/// Run it with `args` and no input; it must succeed, and what it prints is JSON.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let out = run(args, b"");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The path of an export fixture, `tests/data/exports/<rel>`.
pub fn fixture(rel: &str) -> String {
    common::data_dir()
        .join("exports")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}
