//! `hashbridge audit`: weaknesses per scheme and cost, shared hashes and the wrap estimate, as
//! a table, JSON and Markdown, over the real-producer exports.
#![allow(
    clippy::unwrap_used,
    reason = "a test helper fails loudly on an unexpected error"
)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashbridge"))
        .arg("audit")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn fixture(rel: &str) -> String {
    common::data_dir()
        .join("exports")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn group<'a>(r: &'a Value, scheme: &str, cost: &str) -> &'a Value {
    r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["scheme"] == scheme && g["cost"] == cost)
        .unwrap_or_else(|| panic!("no group {scheme} {cost}: {r}"))
}

fn weaknesses(g: &Value) -> Vec<&str> {
    g["weaknesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect()
}

#[test]
fn groups_weaknesses_and_shared_hashes() {
    let out = audit(&["--json", "--from", "auth0", &fixture("auth0/export.ndjson")]);
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The census as before, flattened into the report.
    assert_eq!(r["entries"], 6);
    assert_eq!(r["schemes"]["bcrypt"]["accounts"], 6);
    // bcrypt at three costs; two accounts share one stored hash (a0user2 and a0user3).
    let g = group(&r, "bcrypt", "version=2b,cost=4");
    assert_eq!(
        (g["accounts"].as_u64(), g["shared"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        (r["shared_hashes"].as_u64(), r["shared_accounts"].as_u64()),
        (Some(1), Some(2))
    );
    let w = weaknesses(g);
    assert!(
        w.contains(&"ignores bytes past 72") && w.contains(&"weaker than the target"),
        "{w:?}"
    );
    // Cost 4 is 2^-8 of cost 12: against argon2id m=19456 t=2 it is a few hundredths.
    let s = g["strength"].as_f64().unwrap();
    assert!(s > 0.0 && s < 0.1, "{s}");
    // Six wrappable accounts, timed on this machine.
    let wrap = &r["wrap"];
    assert_eq!(wrap["accounts"], 6);
    assert!(wrap["ms_per_hash"].as_f64().unwrap() > 0.0);
    let cpu = wrap["cpu_seconds"].as_f64().unwrap();
    assert!((cpu - 6.0 * wrap["ms_per_hash"].as_f64().unwrap() / 1000.0).abs() < 1e-9);
}

#[test]
fn plaintext_unsalted_and_truncating_schemes_are_named() {
    let out = audit(&[
        "--json",
        "--no-timing",
        "--from",
        "ldif",
        &fixture("ldif/slapcat.ldif"),
    ]);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(weaknesses(group(&r, "ldap_plaintext", "")), ["plaintext"]);
    assert!(weaknesses(group(&r, "ldap_sha1", "")).contains(&"unsalted"));
    assert!(!weaknesses(group(&r, "ldap_salted_sha1", "")).contains(&"unsalted"));
    assert!(r["wrap"].is_null(), "no timing, no estimate");
    let out = audit(&[
        "--json",
        "--no-timing",
        "--from",
        "shadow",
        &fixture("shadow/shadow"),
    ]);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(weaknesses(group(&r, "des_crypt", "")).contains(&"ignores bytes past 8"));
    assert!(weaknesses(group(&r, "md5_crypt", "rounds=1000")).contains(&"a NUL ends the password"));
    // yescrypt has no portable step: not wrappable, strength unknown.
    let y = group(&r, "yescrypt", "ln=12,r=32,t=0,p=1");
    assert_eq!(
        (y["wrappable"].as_u64(), y["strength"].is_null()),
        (Some(0), true)
    );
}

#[test]
fn table_and_markdown() {
    let table = audit(&[
        "--no-timing",
        "--from",
        "htpasswd",
        &fixture("htpasswd/htpasswd"),
    ]);
    let t = String::from_utf8_lossy(&table.stdout);
    assert!(t.starts_with("10 records: 10 with a password hash"), "{t}");
    assert!(
        t.contains("apr_md5_crypt") && t.contains("vs target"),
        "{t}"
    );
    let md = audit(&[
        "--markdown",
        "--no-timing",
        "--from",
        "htpasswd",
        &fixture("htpasswd/htpasswd"),
    ]);
    let m = String::from_utf8_lossy(&md.stdout);
    assert!(m.starts_with("# Password hash audit\n"), "{m}");
    assert!(m.contains("| scheme | cost | accounts |"), "{m}");
    assert!(m.contains("| bcrypt | version=2y,cost=5 | 2 |"), "{m}");
}
