//! `hashbridge convert` over the real-producer exports of `tests/data/exports`, to every target:
//! exact counts of converted and rejected users, the self-test passing, and each known
//! password verified again through the written import files by `hashbridge verify`.
#![allow(
    clippy::unwrap_used,
    reason = "a test helper fails loudly on an unexpected error"
)]

mod support;

use support::{fixture, run, run_json};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The Firebase project parameters of `firebase/hash_config.json`.
const FIREBASE: [&str; 8] = [
    "--param",
    "base64_signer_key=1SHjfqXhqfRD+eOMcXMM+82GkyRAkBgrjoq7WwMM5lwwwukpVpu/Ue1QT4u9VYPJM+2EzQ9+rFoGpKu1zAk0YA==",
    "--param",
    "base64_salt_separator=Bw==",
    "--param",
    "rounds=8",
    "--param",
    "mem_cost=14",
];

/// A fresh output directory for one run.
fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hashbridge-convert-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// One conversion and what it must give: users converted, of those with a password, rejected,
/// and test passwords verified by the self-test.
struct Case {
    target: &'static str,
    file: &'static str,
    format: &'static str,
    extra: &'static [&'static str],
    converted: u64,
    with_password: u64,
    rejected: u64,
    checked: u64,
}

const fn case(
    target: &'static str,
    file: &'static str,
    format: &'static str,
    extra: &'static [&'static str],
    [converted, with_password, rejected, checked]: [u64; 4],
) -> Case {
    Case {
        target,
        file,
        format,
        extra,
        converted,
        with_password,
        rejected,
        checked,
    }
}

fn passwords(file: &str) -> BTreeMap<String, String> {
    serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("{file}.passwords.json"))).unwrap(),
    )
    .unwrap()
}

/// Convert, check the counts and the files, and verify every known password again through
/// the records `extract` reads out of the written files.
/// The records of the written files: each user's names and a batch record of its hash.
type Extract = fn(&Path) -> Vec<(Vec<String>, Value)>;

fn check_target(target: &str, extract: Extract) {
    let cases = CASES.iter().filter(|c| c.target == target);
    for (n, c) in cases.enumerate() {
        let dir = out_dir(&format!("{target}-{n}"));
        let file = fixture(c.file);
        let pw = fixture(&format!("{}.passwords.json", c.file));
        let dir_s = dir.to_string_lossy().into_owned();
        let mut args = vec![
            "convert",
            "--from",
            c.format,
            &file,
            "--to",
            target,
            "--out",
            &dir_s,
            "--json",
            "--check-passwords",
            &pw,
        ];
        args.extend_from_slice(c.extra);
        if c.format == "firebase" {
            args.extend_from_slice(&FIREBASE);
        }
        let out = run(&args, b"");
        let what = format!("{} to {target}", c.file);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        let got = [
            &s["converted"],
            &s["with_password"],
            &s["rejected"],
            &s["passwords_checked"],
        ];
        assert_eq!(
            got,
            [c.converted, c.with_password, c.rejected, c.checked]
                .map(Value::from)
                .each_ref(),
            "{what}: {s}"
        );
        // Every record with a password was read back as the same hash.
        assert_eq!(s["self_tested"], s["with_password"], "{what}");
        assert_eq!(
            s["entries"].as_u64(),
            Some(c.converted + c.rejected),
            "{what}"
        );
        // The rejects file holds one line per reject, each with its reason.
        let rejects = std::fs::read_to_string(dir.join("rejects.jsonl")).unwrap();
        assert_eq!(rejects.lines().count() as u64, c.rejected, "{what}");
        for l in rejects.lines() {
            let r: Value = serde_json::from_str(l).unwrap();
            assert!(
                r["record"].as_u64().is_some() && r["reason"].as_str().is_some(),
                "{l}"
            );
        }
        let summary: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap())
                .unwrap();
        assert_eq!(summary["converted"], s["converted"], "{what}");
        // Nothing but the final files: the staging directory is gone.
        for e in std::fs::read_dir(&dir).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with('.'), "{what}: {name} left behind");
        }
        // The known passwords, verified through the written files: every written record
        // of a user whose password is known verifies with it and not with another.
        let known = passwords(c.file);
        let alias = aliases(c);
        let mut batch = String::new();
        for (keys, mut rec) in extract(&dir) {
            let Some(user) = keys.iter().find_map(|k| alias.get(k)) else {
                continue;
            };
            let Some(p) = known.get(user) else { continue };
            rec["password"] = json!(p);
            rec["id"] = json!(user);
            batch.push_str(&format!("{rec}\n"));
            rec["password"] = json!(format!("x{p}"));
            rec["id"] = json!("wrong");
            batch.push_str(&format!("{rec}\n"));
        }
        let out = run(
            &["verify", "--batch", "-", "--no-upgrade"],
            batch.as_bytes(),
        );
        let answers: Vec<Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let users: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|a| a["id"].to_string())
            .filter(|id| id != "\"wrong\"")
            .collect();
        assert_eq!(users.len() as u64, c.checked, "{what}: {answers:?}");
        for a in &answers {
            let expect = a["id"] != "wrong";
            assert_eq!(a["valid"], Value::Bool(expect), "{what}: {a}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Every name a user of the export goes by (its user name, e-mail, id), to its user name in
/// the password sidecar, from what `hashbridge read` says of each record.
fn aliases(c: &Case) -> BTreeMap<String, String> {
    let file = fixture(c.file);
    let mut args = vec!["read", "--from", c.format, &file];
    if c.format == "firebase" {
        args.extend_from_slice(&FIREBASE);
    }
    let out = run(&args, b"");
    let mut m = BTreeMap::new();
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        let r: Value = serde_json::from_str(l).unwrap();
        let Some(user) = r["id"].as_str() else {
            continue;
        };
        m.insert(user.to_owned(), user.to_owned());
        for k in ["email", "username", "id"] {
            if let Some(v) = r["profile"][k].as_str() {
                m.entry(v.to_owned()).or_insert_with(|| user.to_owned());
            }
        }
    }
    m
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == ext)
                && !p
                    .file_name()
                    .is_some_and(|n| n == "summary.json" || n == "rejects.jsonl")
        })
        .collect();
    v.sort();
    v
}

fn json_users(dir: &Path, member: Option<&str>) -> Vec<Value> {
    files(dir, "json")
        .iter()
        .flat_map(|p| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            let list = match member {
                Some(m) => v[m].clone(),
                None => v,
            };
            list.as_array().cloned().unwrap_or_default()
        })
        .collect()
}

fn line_users(dir: &Path) -> Vec<Value> {
    files(dir, "jsonl")
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn keys(u: &Value, paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| u.pointer(p).and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// A Firebase scrypt credential as a batch record.
fn firebase_record(hash: &str, salt: &str, key: &str, sep: &str, rounds: &str, mem: &str) -> Value {
    json!({"hash": hash, "salt": salt, "salt_encoding": "base64", "format": "firebase_scrypt",
           "params": {"base64_signer_key": key, "base64_salt_separator": sep, "rounds": rounds, "mem_cost": mem}})
}

fn b64(text: &str) -> Vec<u8> {
    // The standard alphabet, padded or not, through the CLI's own decoder is what is under
    // test; decode by hand here.
    const A: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        let v = A.bytes().position(|a| a == c).expect("base64") as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

fn b64_encode(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A digest string the registry identifies on its own (bcrypt, PHC, Django, `{SSHA}`), or
/// one of the Firebase scrypt spellings.
fn digest_record(s: &str) -> Value {
    if let Some(rest) = s.strip_prefix("$firebase-scrypt$") {
        let f: BTreeMap<&str, &str> = rest.split('$').filter_map(|p| p.split_once('=')).collect();
        let pad = |v: &str| format!("{v}{}", "=".repeat((4 - v.len() % 4) % 4));
        return firebase_record(
            &pad(f["hash"]),
            &pad(f["salt"]),
            &pad(f["sk"]),
            &pad(f["ss"]),
            f["r"],
            f["m"],
        );
    }
    if let Some(rest) = s.strip_prefix("$fbscrypt$") {
        let parts: Vec<&str> = rest.split('$').collect();
        let p: BTreeMap<&str, &str> = parts[0]
            .split(',')
            .filter_map(|x| x.split_once('='))
            .collect();
        return firebase_record(
            parts[2],
            parts[1],
            p["sk"],
            p.get("ss").copied().unwrap_or(""),
            p["r"],
            p["n"],
        );
    }
    json!({"hash": s})
}

/// Every conversion: target, export, reader, extra arguments, and the users converted, of
/// those with a password, rejected, and test passwords verified by the self-test.
#[rustfmt::skip]
const CASES: &[Case] = &[
    case("auth0", "shadow/shadow", "shadow", &["--map", "username=email"], [9, 1, 6, 1]),
    case("auth0", "htpasswd/htpasswd", "htpasswd", &["--map", "username=email"], [4, 4, 6, 4]),
    case("auth0", "htpasswd/htdigest", "htpasswd", &["--map", "username=email"], [5, 5, 0, 5]),
    case("auth0", "ldif/slapcat.ldif", "ldif", &["--map", "username=email"], [9, 9, 4, 9]),
    case("auth0", "django/users.json", "django", &[], [7, 7, 2, 7]),
    case("auth0", "firebase/users.json", "firebase", &[], [1, 0, 5, 0]),
    case("auth0", "keycloak/realm-export.json", "keycloak", &[], [4, 4, 2, 4]),
    case("auth0", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("auth0", "auth0/import.json", "auth0", &[], [8, 7, 0, 7]),
    case("okta", "shadow/shadow", "shadow", &["--map", "username=profile.email"], [9, 1, 6, 1]),
    case("okta", "htpasswd/htdigest", "htpasswd", &["--map", "username=profile.email"], [5, 5, 0, 5]),
    case("okta", "ldif/slapcat.ldif", "ldif", &["--map", "username=profile.email"], [8, 8, 5, 8]),
    case("okta", "django/users.json", "django", &[], [4, 4, 5, 4]),
    case("okta", "keycloak/realm-export.json", "keycloak", &[], [2, 2, 4, 2]),
    case("okta", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("okta", "auth0/import.json", "auth0", &[], [4, 3, 4, 3]),
    case("keycloak", "shadow/shadow", "shadow", &[], [8, 0, 7, 0]),
    case("keycloak", "ldif/slapcat.ldif", "ldif", &[], [2, 2, 11, 2]),
    case("keycloak", "django/users.json", "django", &[], [4, 4, 5, 4]),
    case("keycloak", "keycloak/realm-export.json", "keycloak", &[], [6, 4, 0, 4]),
    case("keycloak", "auth0/import.json", "auth0", &[], [4, 3, 4, 3]),
    case("firebase", "shadow/shadow", "shadow", &[], [9, 1, 6, 1]),
    case("firebase", "htpasswd/htpasswd", "htpasswd", &[], [4, 4, 6, 4]),
    case("firebase", "htpasswd/htdigest", "htpasswd", &[], [5, 5, 0, 5]),
    case("firebase", "ldif/slapcat.ldif", "ldif", &[], [8, 8, 5, 8]),
    case("firebase", "django/users.json", "django", &[], [3, 3, 6, 3]),
    case("firebase", "firebase/users.json", "firebase", &[], [6, 4, 0, 4]),
    case("firebase", "firebase/users.csv", "firebase", &[], [5, 4, 0, 4]),
    case("firebase", "keycloak/realm-export.json", "keycloak", &[], [4, 2, 2, 2]),
    case("firebase", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("firebase", "auth0/import.json", "auth0", &[], [5, 4, 3, 4]),
    case("clerk", "shadow/shadow", "shadow", &[], [9, 1, 6, 1]),
    case("clerk", "ldif/slapcat.ldif", "ldif", &[], [3, 3, 10, 3]),
    case("clerk", "django/users.json", "django", &[], [5, 5, 4, 5]),
    case("clerk", "firebase/users.json", "firebase", &[], [6, 4, 0, 4]),
    case("clerk", "keycloak/realm-export.json", "keycloak", &[], [6, 4, 0, 4]),
    case("clerk", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("clerk", "auth0/import.json", "auth0", &[], [4, 3, 4, 3]),
    case("workos", "ldif/slapcat.ldif", "ldif", &["--map", "username=email"], [4, 4, 9, 4]),
    case("workos", "django/users.json", "django", &[], [3, 3, 6, 3]),
    case("workos", "firebase/users.json", "firebase", &[], [5, 4, 1, 4]),
    case("workos", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("workos", "auth0/import.json", "auth0", &[], [2, 1, 6, 1]),
    case("supabase", "shadow/shadow", "shadow", &["--map", "username=email"], [9, 1, 6, 1]),
    case("supabase", "django/users.json", "django", &[], [2, 2, 7, 2]),
    case("supabase", "firebase/users.json", "firebase", &[], [6, 4, 0, 4]),
    case("supabase", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("hashbridge", "shadow/shadow", "shadow", &[], [15, 7, 0, 7]),
    case("hashbridge", "htpasswd/htpasswd", "htpasswd", &[], [9, 9, 1, 9]),
    case("hashbridge", "ldif/slapcat.ldif", "ldif", &[], [13, 13, 0, 12]),
    case("hashbridge", "django/full.json", "django", &[], [9, 9, 0, 8]),
    case("hashbridge", "firebase/users.json", "firebase", &[], [6, 4, 0, 4]),
    case("hashbridge", "keycloak/realm-export.json", "keycloak", &[], [6, 4, 0, 4]),
    case("hashbridge", "auth0/import.json", "auth0", &[], [8, 7, 0, 7]),
    case("okta", "htpasswd/htpasswd", "htpasswd", &["--map", "username=profile.email"], [4, 4, 6, 4]),
    case("okta", "firebase/users.json", "firebase", &[], [1, 0, 5, 0]),
    case("okta", "firebase/users.csv", "firebase", &[], [1, 0, 4, 0]),
    case("keycloak", "htpasswd/htpasswd", "htpasswd", &[], [0, 0, 10, 0]),
    case("keycloak", "htpasswd/htdigest", "htpasswd", &[], [0, 0, 5, 0]),
    case("keycloak", "firebase/users.json", "firebase", &[], [1, 0, 5, 0]),
    case("keycloak", "auth0/export.ndjson", "auth0", &[], [0, 0, 6, 0]),
    case("clerk", "htpasswd/htpasswd", "htpasswd", &[], [2, 2, 8, 2]),
    case("clerk", "htpasswd/htdigest", "htpasswd", &[], [0, 0, 5, 0]),
    case("clerk", "firebase/users.csv", "firebase", &[], [5, 4, 0, 4]),
    case("workos", "shadow/shadow", "shadow", &["--map", "username=email"], [9, 1, 6, 1]),
    case("workos", "htpasswd/htpasswd", "htpasswd", &["--map", "username=email"], [2, 2, 8, 2]),
    case("workos", "htpasswd/htdigest", "htpasswd", &["--map", "username=email"], [0, 0, 5, 0]),
    case("workos", "keycloak/realm-export.json", "keycloak", &[], [1, 1, 5, 1]),
    case("workos", "firebase/users.csv", "firebase", &[], [5, 4, 0, 4]),
    case("supabase", "htpasswd/htpasswd", "htpasswd", &["--map", "username=email"], [2, 2, 8, 2]),
    case("supabase", "htpasswd/htdigest", "htpasswd", &["--map", "username=email"], [0, 0, 5, 0]),
    case("supabase", "ldif/slapcat.ldif", "ldif", &["--map", "username=email"], [1, 1, 12, 1]),
    case("supabase", "keycloak/realm-export.json", "keycloak", &[], [1, 1, 5, 1]),
    case("supabase", "firebase/users.csv", "firebase", &[], [5, 4, 0, 4]),
    case("supabase", "auth0/import.json", "auth0", &[], [2, 1, 6, 1]),
    case("hashbridge", "htpasswd/htdigest", "htpasswd", &[], [5, 5, 0, 5]),
    case("hashbridge", "auth0/export.ndjson", "auth0", &[], [6, 6, 0, 6]),
    case("hashbridge", "firebase/users.csv", "firebase", &[], [5, 4, 0, 4]),
    // The rest of the exports with a password sidecar: Django's JSON lines and full dump,
    // the LDIF given to slapadd, Firebase's CSV to the targets not above.
    case("auth0", "django/full.json", "django", &[], [7, 7, 2, 7]),
    case("auth0", "django/users.jsonl", "django", &[], [7, 7, 2, 7]),
    case("auth0", "ldif/slapadd-input.ldif", "ldif", &["--map", "username=email"], [9, 9, 4, 9]),
    case("auth0", "firebase/users.csv", "firebase", &[], [1, 0, 4, 0]),
    case("okta", "django/full.json", "django", &[], [4, 4, 5, 4]),
    case("okta", "django/users.jsonl", "django", &[], [4, 4, 5, 4]),
    case("okta", "ldif/slapadd-input.ldif", "ldif", &["--map", "username=profile.email"], [8, 8, 5, 8]),
    case("firebase", "django/full.json", "django", &[], [3, 3, 6, 3]),
    case("firebase", "django/users.jsonl", "django", &[], [3, 3, 6, 3]),
    case("firebase", "ldif/slapadd-input.ldif", "ldif", &[], [8, 8, 5, 8]),
    case("keycloak", "django/full.json", "django", &[], [4, 4, 5, 4]),
    case("keycloak", "django/users.jsonl", "django", &[], [4, 4, 5, 4]),
    case("keycloak", "ldif/slapadd-input.ldif", "ldif", &[], [2, 2, 11, 2]),
    case("keycloak", "firebase/users.csv", "firebase", &[], [1, 0, 4, 0]),
    case("clerk", "django/full.json", "django", &[], [5, 5, 4, 5]),
    case("clerk", "django/users.jsonl", "django", &[], [5, 5, 4, 5]),
    case("clerk", "ldif/slapadd-input.ldif", "ldif", &[], [3, 3, 10, 3]),
    case("workos", "django/full.json", "django", &[], [3, 3, 6, 3]),
    case("workos", "django/users.jsonl", "django", &[], [3, 3, 6, 3]),
    case("workos", "ldif/slapadd-input.ldif", "ldif", &["--map", "username=email"], [4, 4, 9, 4]),
    case("supabase", "django/full.json", "django", &[], [2, 2, 7, 2]),
    case("supabase", "django/users.jsonl", "django", &[], [2, 2, 7, 2]),
    case("supabase", "ldif/slapadd-input.ldif", "ldif", &["--map", "username=email"], [1, 1, 12, 1]),
    case("hashbridge", "django/users.json", "django", &[], [9, 9, 0, 8]),
    case("hashbridge", "django/users.jsonl", "django", &[], [9, 9, 0, 8]),
    case("hashbridge", "ldif/slapadd-input.ldif", "ldif", &[], [13, 13, 0, 12]),
];

#[test]
fn to_auth0() {
    check_target("auth0", |dir| {
        json_users(dir, None)
            .iter()
            .filter(|u| !u["custom_password_hash"].is_null())
            .map(|u| {
                let h = u["custom_password_hash"].to_string();
                (keys(u, &["/email", "/username"]), json!({"hash": h}))
            })
            .collect()
    });
}

#[test]
fn to_okta() {
    check_target("okta", |dir| {
        line_users(dir)
            .iter()
            .filter(|u| u.pointer("/credentials/password/hash").is_some())
            .map(|u| {
                let h = u["credentials"]["password"]["hash"].to_string();
                (
                    keys(u, &["/profile/email", "/profile/login"]),
                    json!({"hash": h}),
                )
            })
            .collect()
    });
}

#[test]
fn to_keycloak() {
    check_target("keycloak", |dir| {
        json_users(dir, Some("users"))
            .iter()
            .filter(|u| u["credentials"].is_array())
            .map(|u| {
                let h = u["credentials"][0].to_string();
                (keys(u, &["/username", "/email"]), json!({"hash": h}))
            })
            .collect()
    });
}

#[test]
fn to_firebase() {
    check_target("firebase", |dir| {
        // The scrypt and bcrypt files, read with the parameters of their command line.
        let mut out = Vec::new();
        for script in files(dir, "sh") {
            let cmd = std::fs::read_to_string(&script).unwrap();
            let flag = |name: &str| {
                cmd.split_whitespace()
                    .find_map(|w| w.strip_prefix(&format!("--{name}=")).map(str::to_owned))
            };
            let users: Value = serde_json::from_str(
                &std::fs::read_to_string(script.with_extension("json")).unwrap(),
            )
            .unwrap();
            for u in users["users"].as_array().unwrap() {
                let (Some(h), Some(algo)) = (u["passwordHash"].as_str(), flag("hash-algo")) else {
                    continue;
                };
                let salt = u["salt"].as_str().unwrap_or_default();
                let hex: String = b64(h).iter().map(|b| format!("{b:02x}")).collect();
                let order = flag("hash-input-order");
                let rec = match algo.as_str() {
                    "SCRYPT" => firebase_record(
                        h,
                        salt,
                        &flag("hash-key").unwrap(),
                        &flag("salt-separator").unwrap_or_default(),
                        &flag("rounds").unwrap(),
                        &flag("mem-cost").unwrap(),
                    ),
                    "BCRYPT" => json!({"hash": String::from_utf8(b64(h)).unwrap()}),
                    "MD5" | "SHA1" | "SHA256" | "SHA512" => {
                        let alg = algo.to_ascii_lowercase();
                        match order.as_deref() {
                            None => json!({"hash": hex, "format": format!("hex_{alg}")}),
                            Some(o) => json!({
                                "hash": hex, "format": format!("salted_{alg}"),
                                "salt": salt, "salt_encoding": "base64",
                                "params": {"salt_position": if o == "SALT_FIRST" { "prefix" } else { "suffix" }},
                            }),
                        }
                    }
                    "PBKDF_SHA1" | "PBKDF2_SHA256" => {
                        let alg = if algo == "PBKDF_SHA1" {
                            "sha1"
                        } else {
                            "sha256"
                        };
                        let nopad = |t: &str| t.trim_end_matches('=').to_owned();
                        json!({"hash": format!("$pbkdf2-{alg}$i={},l={}${}${}",
                                flag("rounds").unwrap(), b64(h).len(), nopad(salt), nopad(h))})
                    }
                    "STANDARD_SCRYPT" => {
                        let n: u64 = flag("mem-cost").unwrap().parse().unwrap();
                        let nopad = |t: &str| t.trim_end_matches('=').to_owned();
                        json!({"hash": format!("$scrypt$ln={},r={},p={}${}${}",
                                n.trailing_zeros(), flag("block-size").unwrap(),
                                flag("parallelization").unwrap(), nopad(salt), nopad(h))})
                    }
                    hmac => {
                        // Auth0's hmac object is this library's HMAC reader.
                        let alg = hmac.trim_start_matches("HMAC_").to_ascii_lowercase();
                        let mut o = json!({"algorithm": "hmac", "hash": {"value": hex, "encoding": "hex",
                                "digest": alg, "key": {"value": flag("hash-key").unwrap(), "encoding": "base64"}}});
                        if let Some(o2) = order.as_deref() {
                            o["salt"] = json!({"value": salt, "encoding": "base64",
                                    "position": if o2 == "SALT_FIRST" { "prefix" } else { "suffix" }});
                        }
                        json!({"hash": o.to_string()})
                    }
                };
                out.push((keys(u, &["/email", "/localId"]), rec));
            }
        }
        out
    });
}

#[test]
fn to_clerk() {
    check_target("clerk", |dir| {
        line_users(dir)
                .iter()
                .filter(|u| u["password_digest"].is_string())
                .map(|u| {
                    let d = u["password_digest"].as_str().unwrap();
                    let rec = match u["password_hasher"].as_str().unwrap() {
                        "scrypt_firebase" => {
                            let p: Vec<&str> = d.split('$').collect();
                            firebase_record(p[0], p[1], p[2], p[3], p[4], p[5])
                        }
                        "md5" => json!({"hash": d, "format": "hex_md5"}),
                        "pbkdf2_sha256" | "pbkdf2_sha1" => {
                            // `<iterations>$<salt>$<hash>`: base64 salt and hash for SHA-256;
                            // `<iterations>$<salt>$<hash>$<key length>` in hex for SHA-1.
                            let p: Vec<&str> = d.split('$').collect();
                            let nopad = |t: &str| t.trim_end_matches('=').to_owned();
                            let unhex = |t: &str| -> Vec<u8> {
                                (0..t.len())
                                    .step_by(2)
                                    .map(|i| u8::from_str_radix(&t[i..i + 2], 16).unwrap())
                                    .collect()
                            };
                            let (alg, salt, hash) = if p[0] == "pbkdf2_sha256" {
                                ("sha256", nopad(p[2]), b64(p[3]))
                            } else {
                                assert_eq!(p.len(), 5, "{d}");
                                let hash = unhex(p[3]);
                                assert_eq!(p[4].parse::<usize>().unwrap(), hash.len(), "{d}");
                                ("sha1", nopad(&b64_encode(&unhex(p[2]))), hash)
                            };
                            json!({"hash": format!("$pbkdf2-{alg}$i={},l={}${salt}${}", p[1], hash.len(), nopad(&b64_encode(&hash)))})
                        }
                        "sha256" => json!({"hash": d, "format": "hex_sha256"}),
                        _ => json!({"hash": d}),
                    };
                    (keys(u, &["/email_address/0", "/username"]), rec)
                })
                .collect()
    });
}

#[test]
fn to_workos() {
    check_target("workos", |dir| {
        line_users(dir)
            .iter()
            .filter(|u| u["password_hash"].is_string())
            .map(|u| {
                (
                    keys(u, &["/email"]),
                    digest_record(u["password_hash"].as_str().unwrap()),
                )
            })
            .collect()
    });
}

#[test]
fn to_supabase() {
    check_target("supabase", |dir| {
        // Each INSERT's values: the e-mail and the password column are the fifth and sixth.
        let mut out = Vec::new();
        for f in files(dir, "sql") {
            for line in std::fs::read_to_string(f).unwrap().lines() {
                let Some(values) = line.split(") VALUES (").nth(1) else {
                    continue;
                };
                let fields: Vec<&str> = values.split(", ").collect();
                let text = |s: &str| s.trim_matches('\'').replace("''", "'");
                let (email, password) = (text(fields[4]), text(fields[5]));
                if !password.is_empty() {
                    out.push((vec![email], digest_record(&password)));
                }
            }
        }
        out
    });
}

#[test]
fn to_hashbridge() {
    check_target("hashbridge", |dir| {
        line_users(dir)
            .into_iter()
            .filter(|u| u["hash"].is_string())
            .map(|u| (keys(&u, &["/id"]), u))
            .collect()
    });
}

#[test]
fn a_mismatch_stops_the_run_and_writes_nothing() {
    // A test account whose password is wrong: the run stops naming the record, before any
    // file reaches the output directory.
    let dir = out_dir("mismatch");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), "an earlier file").unwrap();
    let pw = dir.join("pw.json");
    std::fs::write(&pw, r#"{"a0user2@example.com": "not the password"}"#).unwrap();
    let out = run(
        &[
            "convert",
            "--from",
            "auth0",
            &fixture("auth0/export.ndjson"),
            "--to",
            "okta",
            "--out",
            &dir.to_string_lossy(),
            "--check-passwords",
            &pw.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("self-test failed at record 3 (a0user2@example.com)")
            && err.contains("does not verify against the source record either")
            && err.contains("nothing was written"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["keep.txt", "pw.json"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn auth0_files_stay_under_the_size_limit() {
    let dir = out_dir("split");
    let out = run(
        &[
            "convert",
            "--from",
            "auth0",
            &fixture("auth0/import.json"),
            "--to",
            "auth0",
            "--out",
            &dir.to_string_lossy(),
            "--auth0-file-limit",
            "900",
            "--json",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let parts = files(&dir, "json");
    assert!(parts.len() >= 3, "{parts:?}");
    let mut users = 0;
    for p in &parts {
        let text = std::fs::read_to_string(p).unwrap();
        assert!(text.len() <= 900, "{}: {} bytes", p.display(), text.len());
        users += serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
    }
    // The HMAC user with the long key does not fit alone: refused, not dropped.
    assert_eq!(users as u64 + s["rejected"].as_u64().unwrap(), 8, "{s}");
    assert_eq!(s["converted"].as_u64().unwrap(), users as u64);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn profile_fields_map_by_default_and_by_override() {
    let dir = out_dir("map");
    let out = run(
        &[
            "convert",
            "--from",
            "django",
            &fixture("django/users.json"),
            "--to",
            "okta",
            "--out",
            &dir.to_string_lossy(),
            "--map",
            "username=profile.nickName",
            "--map",
            "created_at=profile.legacyCreated",
            "--map",
            "given_name=",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let users = line_users(&dir);
    let u = users
        .iter()
        .find(|u| u["profile"]["nickName"] == "pbkdf2_user")
        .expect("pbkdf2_user with its user name under the mapped field");
    // The login falls back to the e-mail; the creation time is RFC 3339; the given name is
    // dropped, though Django has one (`first_name`).
    assert_eq!(u["profile"]["login"], "pbkdf2_user@example.com", "{u}");
    assert_eq!(u["profile"]["email"], "pbkdf2_user@example.com", "{u}");
    assert_eq!(
        u["profile"]["legacyCreated"], "2026-11-28T09:50:06.143Z",
        "{u}"
    );
    assert!(u["profile"]["firstName"].is_null(), "{u}");
    let dflt = out_dir("map-default");
    let out = run(
        &[
            "convert",
            "--from",
            "django",
            &fixture("django/users.json"),
            "--to",
            "okta",
            "--out",
            &dflt.to_string_lossy(),
        ],
        b"",
    );
    assert!(out.status.success());
    let u = line_users(&dflt)
        .into_iter()
        .find(|u| u["profile"]["login"] == "pbkdf2_user")
        .expect("the user name is the login by default");
    assert_eq!(u["profile"]["firstName"], "Pbkdf2", "{u}");
    let bad = run(
        &[
            "convert",
            "--from",
            "django",
            &fixture("django/users.json"),
            "--to",
            "okta",
            "--out",
            &dir.to_string_lossy(),
            "--map",
            "shoe_size=profile.x",
        ],
        b"",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a profile field"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dflt);
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn broken_records_are_rejected_with_their_number_and_the_run_goes_on() {
    // An Auth0 export whose second line is not JSON, whose third has a bcrypt hash cut short
    // and whose fourth has a hash no scheme reads, between two good users.
    let dir = out_dir("broken");
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(fixture("auth0/export.ndjson")).unwrap();
    let mut lines = good.lines();
    let (first, last) = (lines.next().unwrap(), lines.next().unwrap());
    let export = dir.join("export.ndjson");
    std::fs::write(
        &export,
        format!(
            "{first}\n{{\"_id\": {{\"$oid\": \"1\"}}, \"email\": \"cut@example.com\"\n\
             {{\"_id\": {{\"$oid\": \"2\"}}, \"email\": \"short@example.com\", \"passwordHash\": \"$2b$10$tooshort\"}}\n\
             {{\"_id\": {{\"$oid\": \"3\"}}, \"email\": \"odd@example.com\", \"passwordHash\": \"no-scheme-reads-this\"}}\n\
             {last}\n"
        ),
    )
    .unwrap();
    let out_path = dir.join("out");
    let s = run_json(&[
        "convert",
        "--from",
        "auth0",
        &export.to_string_lossy(),
        "--to",
        "okta",
        "--out",
        &out_path.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(s["entries"], 5, "{s}");
    assert_eq!(s["converted"], 2, "{s}");
    assert_eq!(s["rejected"], 3, "{s}");
    assert_eq!(s["unreadable"], 1, "{s}");
    assert_eq!(s["migrate_lazily"], 2, "{s}");
    assert_eq!(
        s["rejected_by_class"],
        json!({"unreadable": 1, "unreadable_hash": 1, "unidentified": 1}),
        "{s}"
    );
    // The summary file says the same (it lists the files but itself).
    let mut summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out_path.join("summary.json")).unwrap())
            .unwrap();
    let mut s = s;
    summary["files"] = Value::Null;
    s["files"] = Value::Null;
    assert_eq!(summary, s);
    // One reject a line, in export order, each with its record number and reason.
    let rejects: Vec<Value> = std::fs::read_to_string(out_path.join("rejects.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(u64, &str)> = rejects
        .iter()
        .map(|r| (r["record"].as_u64().unwrap(), r["class"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "unreadable"),
            (3, "unreadable_hash"),
            (4, "unidentified")
        ]
    );
    for r in &rejects {
        assert!(!r["reason"].as_str().unwrap().is_empty(), "{r}");
    }
    // The good users on either side were converted.
    let users = line_users(&out_path);
    let emails: Vec<&str> = users
        .iter()
        .map(|u| u["profile"]["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["a0user0@example.com", "a0user1@example.com"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rerun_with_fewer_parts_leaves_none_of_the_earlier_parts() {
    let dir = out_dir("rerun");
    let convert = |extra: &[&str]| {
        let mut args = vec!["convert", "--from", "auth0", "--to", "auth0", "--json"];
        let file = fixture("auth0/import.json");
        let d = dir.to_string_lossy().into_owned();
        args.extend_from_slice(&[file.as_str(), "--out", d.as_str()]);
        args.extend_from_slice(extra);
        run_json(&args)
    };
    let s = convert(&["--auth0-file-limit", "900"]);
    let parts = files(&dir, "json").len();
    assert!(parts >= 3, "{s}");
    std::fs::write(dir.join("notes.txt"), "the operator's own file").unwrap();
    let s = convert(&[]);
    assert_eq!(
        names(&dir),
        [
            "notes.txt",
            "rejects.jsonl",
            "summary.json",
            "users-0001.json"
        ],
        "{s}"
    );
    assert_eq!(s["files"].as_array().unwrap().len(), 3, "{s}");
    let _ = std::fs::remove_dir_all(&dir);

    // Keycloak's numbered files.
    let dir = out_dir("rerun-kc");
    let d = dir.to_string_lossy().into_owned();
    let file = fixture("keycloak/realm-export.json");
    let kc = |extra: &[&str]| {
        let mut args = vec![
            "convert", "--from", "keycloak", &file, "--to", "keycloak", "--out", &d,
        ];
        args.extend_from_slice(extra);
        assert!(run(&args, b"").status.success());
    };
    kc(&["--users-per-file", "1"]);
    assert!(names(&dir).contains(&"realm-users-0003.json".to_owned()));
    kc(&[]);
    assert_eq!(
        names(&dir),
        ["realm-users-0001.json", "rejects.jsonl", "summary.json"]
    );
    let _ = std::fs::remove_dir_all(&dir);

    // Firebase: an export of four hash configurations, then one of two.
    let dir = out_dir("rerun-fb");
    let d = dir.to_string_lossy().into_owned();
    let (many, few) = (fixture("auth0/import.json"), fixture("firebase/users.json"));
    let out = run(
        &[
            "convert", "--from", "auth0", &many, "--to", "firebase", "--out", &d,
        ],
        b"",
    );
    assert!(out.status.success());
    assert!(names(&dir).len() > 6, "{:?}", names(&dir));
    let mut args = vec![
        "convert", "--from", "firebase", &few, "--to", "firebase", "--out", &d, "--json",
    ];
    args.extend_from_slice(&FIREBASE);
    let s = run_json(&args);
    let mut listed: Vec<String> = s["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    listed.sort();
    assert_eq!(names(&dir), listed);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_run_leaves_no_files_and_its_staging_is_cleaned_by_the_next() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = out_dir("killed");
    let d = dir.to_string_lossy().into_owned();
    // A run reading its export from a pipe that stays open: it has created its staging
    // directory and waits for input when it is killed.
    let mut child = support::bin()
        .args([
            "convert", "--from", "auth0", "-", "--to", "okta", "--out", &d,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let first = std::fs::read_to_string(fixture("auth0/export.ndjson")).unwrap();
    stdin
        .write_all(first.lines().next().unwrap().as_bytes())
        .unwrap();
    stdin.write_all(b"\n").unwrap();
    stdin.flush().unwrap();
    let staging = || {
        std::fs::read_dir(&dir).ok().map_or(Vec::new(), |rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".hashbridge-staging-"))
                .collect::<Vec<_>>()
        })
    };
    let started = std::time::Instant::now();
    while staging().is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no staging directory"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    // Nothing but the staging directory: no half import.
    let left = names(&dir);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".hashbridge-staging-"));
    // The next run removes it, and writes its files.
    let out = run(
        &[
            "convert",
            "--from",
            "auth0",
            &fixture("auth0/export.ndjson"),
            "--to",
            "okta",
            "--out",
            &d,
        ],
        b"",
    );
    assert!(out.status.success());
    assert_eq!(
        names(&dir),
        ["rejects.jsonl", "summary.json", "users.jsonl"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_export_with_passwords_goes_to_every_target() {
    let root = PathBuf::from(fixture(""));
    let mut exports = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(export) = name.strip_suffix(".passwords.json") {
                let d = dir.file_name().unwrap().to_string_lossy().into_owned();
                exports.push(format!("{d}/{export}"));
            }
        }
    }
    exports.sort();
    assert_eq!(exports.len(), 13, "{exports:?}");
    for target in [
        "auth0",
        "okta",
        "firebase",
        "keycloak",
        "clerk",
        "workos",
        "supabase",
        "hashbridge",
    ] {
        for e in &exports {
            assert!(
                CASES.iter().any(|c| c.target == target && c.file == e),
                "no case converts {e} to {target}"
            );
        }
    }
}
