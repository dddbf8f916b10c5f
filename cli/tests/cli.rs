//! The `hashbridge` binary, run as a user runs it.

mod support;

use support::{common, fixture, run};

use std::process::Output;

use serde_json::Value;

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

#[test]
fn batch_verify_matches_every_known_answer_vector() {
    let vectors = common::load(common::known_answer);
    let input: String = vectors.iter().map(|v| format!("{}\n", v.line)).collect();
    let out = run(
        &[
            "verify",
            "--batch",
            "-",
            "--no-upgrade",
            "--threads",
            "2",
            // libxcrypt's `-R 10` and `-R 11` scrypt vectors take 512 MiB and 1 GiB.
            "--limit",
            "max_memory_bytes=1073741824",
            "--limit",
            "max_work=64000000",
        ],
        input.as_bytes(),
    );
    assert!(out.status.success(), "exit status {:?}", out.status);
    let answers = lines(&out);
    assert_eq!(answers.len(), vectors.len(), "one answer per record");
    let mut failures = Vec::new();
    for (v, a) in vectors.iter().zip(&answers) {
        if a["valid"].as_bool() != v.valid() || a["scheme"].as_str() != Some(v.format()) {
            failures.push(format!("{}: {a}", v.id()));
        }
    }
    for f in failures.iter().take(20) {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} records wrong",
        failures.len(),
        vectors.len()
    );
}

#[test]
fn batch_verify_answers_malformed_records_with_errors() {
    let vectors = common::load(common::malformed);
    let mut input: String = vectors.iter().map(|v| format!("{}\n", v.line)).collect();
    // Lines that are not records at all get error lines too.
    input.push_str("not json\n{\"hash\": 5}\n{\"password\": \"x\"}\n");
    let out = run(
        &["verify", "--batch", "-", "--threads", "2"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "exit status {:?}", out.status);
    let answers = lines(&out);
    assert_eq!(answers.len(), vectors.len() + 3);
    for (i, a) in answers.iter().enumerate() {
        let refused = a
            .get("error")
            .is_some_and(|e| e["kind"].is_string() && e["message"].is_string())
            || a["valid"] == Value::Bool(false);
        let id = vectors.get(i).map_or("extra line", |v| v.id());
        assert!(refused, "{id}: {a}");
    }
}

#[test]
fn batch_verify_upgrades_legacy_hashes_in_order() {
    let input = concat!(
        r#"{"id":1,"password":"hashcat","hash":"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"}"#,
        "\n",
        r#"{"id":2,"password":"wrong","hash":"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"}"#,
        "\n",
        r#"{"id":3,"password":"x","hash":"$zz$unknown"}"#,
        "\n"
    );
    let out = run(
        &["verify", "--batch", "-", "--m-cost", "64", "--t-cost", "1"],
        input.as_bytes(),
    );
    assert!(out.status.success());
    let a = lines(&out);
    assert_eq!(a[0]["id"], 1);
    assert_eq!(a[0]["valid"], true);
    let new_hash = a[0]["upgrade"].as_str().expect("an upgrade hash");
    assert!(
        new_hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
        "{new_hash}"
    );
    let check = hashbridge::verify(b"hashcat", new_hash).expect("the upgrade hash verifies");
    assert!(check.valid);
    assert_eq!(a[1]["valid"], false);
    assert_eq!(a[1]["upgrade"], Value::Null);
    assert_eq!(a[2]["error"]["kind"], "unsupported");
}

#[test]
fn batch_verify_reads_a_file() {
    let path = common::data_dir().join("../../examples/users.jsonl");
    let out = run(
        &[
            "verify",
            "--batch",
            path.to_str().expect("utf-8 path"),
            "--no-upgrade",
        ],
        b"",
    );
    assert!(out.status.success());
    let answers = lines(&out);
    assert!(!answers.is_empty());
    assert!(
        answers
            .iter()
            .all(|a| a.get("valid").is_some() || a.get("error").is_some())
    );
}

#[test]
fn single_verify_exit_codes() {
    let hash = "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/";
    let ok = run(
        &["verify", "--hash", hash, "--m-cost", "64", "--t-cost", "1"],
        b"hashcat\n",
    );
    assert_eq!(ok.status.code(), Some(0));
    let bad = run(&["verify", "--hash", hash], b"hashcat1\n");
    assert_eq!(bad.status.code(), Some(1));
    let err = run(&["verify", "--hash", "$1$short"], b"hashcat\n");
    assert_eq!(err.status.code(), Some(2));
    assert_eq!(lines(&err)[0]["error"]["kind"], "malformed");
}

#[test]
fn identify_reports_scheme_and_upgrade_need() {
    let out = run(&["identify", "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"], b"");
    assert!(out.status.success());
    let a = lines(&out);
    assert_eq!(a[0]["scheme"], "md5_crypt");
    assert_eq!(a[0]["needs_upgrade"], true);
    let unknown = run(&["identify", "{UNKNOWN}abcd"], b"");
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(lines(&unknown)[0]["error"]["kind"], "unsupported");
}

#[test]
fn hash_writes_a_target_hash_that_needs_no_upgrade() {
    let out = run(&["hash", "--m-cost", "64", "--t-cost", "1"], b"s3cret\n");
    assert!(out.status.success());
    let h = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(h.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{h}");
    let again = run(
        &["verify", "--hash", &h, "--m-cost", "64", "--t-cost", "1"],
        b"s3cret\n",
    );
    assert_eq!(again.status.code(), Some(0));
    let a = lines(&again);
    assert_eq!(a[0]["needs_upgrade"], false);
    assert_eq!(a[0]["upgrade"], Value::Null);
}

#[test]
fn read_then_verify_an_export_end_to_end() {
    // `read` turns an export into batch records; with each user's password added, `verify
    // --batch` takes them as they are.
    let out = run(
        &["read", "--from", "shadow", &fixture("shadow/shadow")],
        b"",
    );
    assert!(out.status.success());
    let records = lines(&out);
    assert_eq!(records.len(), 15);
    let pw: std::collections::BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(fixture("shadow/shadow.passwords.json")).unwrap(),
    )
    .unwrap();
    let mut input = String::new();
    for r in records.iter().filter(|r| !r["hash"].is_null()) {
        let mut r = r.clone();
        r["password"] = Value::from(pw[r["id"].as_str().unwrap()].as_str());
        input.push_str(&format!("{r}\n"));
    }
    let out = run(
        &["verify", "--batch", "-", "--no-upgrade"],
        input.as_bytes(),
    );
    let answers = lines(&out);
    assert_eq!(answers.len(), 7);
    for a in answers {
        assert_eq!(a["valid"], Value::Bool(true), "{a}");
        assert_eq!(a["needs_upgrade"], Value::Bool(true), "{a}");
    }
}

#[test]
fn audit_counts_an_export_by_scheme() {
    let out = run(
        &[
            "audit",
            "--json",
            "--from",
            "htpasswd",
            &fixture("htpasswd/htpasswd"),
        ],
        b"",
    );
    assert!(out.status.success());
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["entries"], 10);
    assert_eq!(c["with_hash"], 10);
    assert_eq!(c["schemes"]["bcrypt"]["accounts"], 2);
    assert_eq!(c["schemes"]["apr_md5_crypt"]["needs_upgrade"], 2);
    assert_eq!(c["unidentified"]["unsupported"], 1);
    let table = run(
        &["audit", "--from", "ldif", &fixture("ldif/slapcat.ldif")],
        b"",
    );
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.starts_with("13 records: 13 with a password hash"),
        "{text}"
    );
    assert!(text.contains("ldap_argon2"), "{text}");
}

#[test]
fn read_passes_project_parameters_and_stops_on_a_broken_document() {
    let out = run(
        &[
            "read",
            "--from",
            "firebase",
            "--param",
            "rounds=8",
            &fixture("firebase/users.json"),
        ],
        b"",
    );
    assert!(out.status.success());
    let first = &lines(&out)[0];
    assert_eq!(first["format"], "firebase_scrypt");
    assert_eq!(first["params"]["rounds"], "8");

    let broken = br#"{"users":[{"username":"a","credentials":[]},{"username":"#;
    let out = run(&["read", "--from", "keycloak", "-"], broken);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        lines(&out).len(),
        1,
        "the entry before the break is written"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reading stopped (entries read: 1)"), "{err}");

    let out = run(&["read", "--from", "mongodb", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn identify_batch_echoes_the_record_id() {
    let out = run(
        &["identify", "--batch", "-"],
        b"{\"id\":\"alice\",\"hash\":\"$1$saltsalt$hash\"}\n{\"id\":7,\"hash\":\"zz\"}\n",
    );
    let answers = lines(&out);
    assert_eq!(answers[0]["id"], "alice");
    assert_eq!(answers[1]["id"], 7);
    assert!(answers[1]["error"].is_object());
}

#[test]
fn a_bcrypt_target_refuses_what_it_would_truncate_and_never_asks_again() {
    let long = format!("{}\n", "a".repeat(80));
    let out = run(
        &["hash", "--target", "bcrypt", "--bcrypt-cost", "4"],
        long.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bcrypt target"));
    let exact = format!("{}\n", "a".repeat(72));
    let out = run(
        &["hash", "--target", "bcrypt", "--bcrypt-cost", "4"],
        exact.as_bytes(),
    );
    assert!(out.status.success());
    let h = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    for password in [&exact, &long] {
        let again = run(
            &[
                "verify",
                "--hash",
                &h,
                "--target",
                "bcrypt",
                "--bcrypt-cost",
                "4",
            ],
            password.as_bytes(),
        );
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(lines(&again)[0]["needs_upgrade"], false, "{password}");
    }
}

#[test]
fn a_target_the_limits_would_refuse_is_a_configuration_error() {
    for args in [
        &[
            "hash",
            "--target",
            "pbkdf2-sha256",
            "--iterations",
            "5000001",
        ][..],
        &["hash", "--target", "scrypt", "--scrypt-ln", "0"],
        &["hash", "--target", "scrypt", "--scrypt-ln", "40"],
    ] {
        let out = run(args, b"pw\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("configuration"),
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn thread_counts_and_limit_settings_out_of_range_are_refused_before_any_work() {
    let line = br#"{"password":"hashcat","hash":"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"}"#;
    for threads in [
        "0",
        "288230376151711744",
        "1e15",
        "18446744073709551615",
        "1025",
    ] {
        let out = run(&["verify", "--batch", "-", "--threads", threads], line);
        assert_eq!(out.status.code(), Some(2), "--threads {threads}");
        assert!(out.stdout.is_empty(), "--threads {threads}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("1 to 1024"),
            "--threads {threads}"
        );
    }
    for limit in [
        "max_everything=1",
        "max_work",
        "max_work=-1",
        "max_bcrypt_cost=4294967296",
    ] {
        let out = run(&["verify", "--batch", "-", "--limit", limit], line);
        assert_eq!(out.status.code(), Some(2), "--limit {limit}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("configuration"),
            "--limit {limit}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A limit lowered by name is the one the answer names.
    let out = run(
        &["verify", "--batch", "-", "--limit", "max_crypt_rounds=999"],
        line,
    );
    assert_eq!(out.status.code(), Some(0));
    let answers = lines(&out);
    assert_eq!(
        answers[0]["valid"], true,
        "md5-crypt has a fixed 1000 rounds"
    );
    let out = run(
        &["verify", "--batch", "-", "--limit", "max_password_bytes=3"],
        line,
    );
    let answers = lines(&out);
    assert_eq!(answers[0]["error"]["kind"], "limit");
    assert!(
        answers[0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("max_password_bytes")),
        "{}",
        answers[0]
    );
}

#[test]
fn batch_answers_every_line_in_place_and_names_lines_without_an_id() {
    let hash = "$1$38652870$DUjsu4TTlTsOe/xxZ05uf/";
    let mut input = Vec::new();
    input.extend_from_slice("\u{feff}".as_bytes());
    input.extend_from_slice(
        format!(r#"{{"id":"bom","password":"hashcat","hash":"{hash}"}}"#).as_bytes(),
    );
    input.extend_from_slice(b"\n\n   \r\nnot json\n\xff\xfe\n");
    input.extend_from_slice(format!(r#"{{"password":"hashcat","hash":"{hash}"}}"#).as_bytes());
    input.extend_from_slice(b"\n");
    input.extend_from_slice(
        format!(r#"{{"id":"both","password":"hashcat","password_hex":"00","hash":"{hash}"}}"#)
            .as_bytes(),
    );
    input.extend_from_slice(b"\n");
    let out = run(
        &["verify", "--batch", "-", "--no-upgrade", "--threads", "2"],
        &input,
    );
    assert!(out.status.success(), "exit status {:?}", out.status);
    let a = lines(&out);
    assert_eq!(a.len(), 7, "one answer per input line: {a:?}");
    // A byte-order mark before the first record is not part of it.
    assert_eq!(a[0]["id"], "bom");
    assert_eq!(a[0]["valid"], true);
    assert!(a[0].get("line").is_none());
    // Lines without an id to echo are named by their 1-based number.
    for (i, what) in [
        (1, "blank"),
        (2, "whitespace"),
        (3, "not json"),
        (4, "not utf-8"),
    ] {
        assert_eq!(a[i]["line"], i as u64 + 1, "{what}: {}", a[i]);
        assert_eq!(a[i]["error"]["kind"], "malformed", "{what}: {}", a[i]);
        assert!(a[i].get("id").is_none(), "{what}: {}", a[i]);
    }
    assert!(
        a[1]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("blank line")),
        "{}",
        a[1]
    );
    assert_eq!(a[5]["line"], 6);
    assert_eq!(a[5]["valid"], true);
    // Both password forms at once: refused, not silently one of them.
    assert_eq!(a[6]["id"], "both");
    assert_eq!(a[6]["error"]["kind"], "malformed");
}

#[test]
fn identify_batch_answers_blank_lines_and_skips_a_byte_order_mark() {
    let out = run(
        &["identify", "--batch", "-"],
        "\u{feff}{\"hash\":\"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/\"}\n\n{\"id\":2,\"hash\":\"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/\"}\n"
            .as_bytes(),
    );
    assert!(out.status.success());
    let a = lines(&out);
    assert_eq!(a.len(), 3);
    assert_eq!(a[0]["line"], 1);
    assert_eq!(a[0]["scheme"], "md5_crypt");
    assert_eq!(a[1]["line"], 2);
    assert_eq!(a[1]["error"]["kind"], "malformed");
    assert_eq!(a[2]["id"], 2);
    assert!(a[2].get("line").is_none());
}
