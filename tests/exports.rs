//! The export readers on real exports (`tests/data/exports`, see its PRODUCERS.md): every
//! account is found, every known password verifies through the credential the reader built,
//! and a wrong one does not.

mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use hashbridge::toolkit::export::{self, Entry, Format, Options};
use hashbridge::{Credential, ErrorKind, Migrator};

fn path(rel: &str) -> PathBuf {
    common::data_dir().join("exports").join(rel)
}

fn read(format: Format, rel: &str, options: &Options) -> Vec<Entry> {
    let file = File::open(path(rel)).expect("export fixture");
    let mut entries = Vec::new();
    let n = export::read(format, BufReader::new(file), options, |e| entries.push(e)).expect("read");
    assert_eq!(n, entries.len() as u64);
    entries
}

fn passwords(rel: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path(&format!("{rel}.passwords.json"))).expect("sidecar");
    serde_json::from_str(&text).expect("sidecar JSON")
}

/// What a file must hold.
struct Expect {
    format: Format,
    file: &'static str,
    accounts: usize,
    without_hash: usize,
    locked: usize,
    /// Accounts whose hash no scheme reads under the default registry, with the error kind.
    unreadable: &'static [(&'static str, ErrorKind)],
}

/// Check `e`'s counts, then verify every known password; returns the credentials by user.
fn check(e: &Expect, options: &Options) -> BTreeMap<String, Credential> {
    let migrator = Migrator::default().with_rehash(false);
    let entries = read(e.format, e.file, options);
    let pw = passwords(e.file);
    let mut creds = BTreeMap::new();
    let mut without = 0;
    let mut locked = 0;
    for entry in &entries {
        let account = entry
            .account
            .as_ref()
            .unwrap_or_else(|err| panic!("{}: record {}: {err}", e.file, entry.position));
        locked += usize::from(account.locked);
        let user = account.user.clone().expect("every account has a name");
        let Some(cred) = &account.credential else {
            without += 1;
            assert!(!pw.contains_key(&user), "{}: {user} lost its hash", e.file);
            continue;
        };
        creds.insert(user.clone(), cred.clone());
        if let Some(&(_, kind)) = e.unreadable.iter().find(|(u, _)| *u == user) {
            let err = migrator
                .verify(b"anything", cred)
                .expect_err("unreadable hash");
            assert_eq!(err.kind(), kind, "{}: {user}: {err}", e.file);
            continue;
        }
        let Some(password) = pw.get(&user) else {
            // An account the producer made without a password (Django's unusable password).
            let o = migrator.verify(b"", cred).expect("verify");
            assert!(!o.valid, "{}: {user}", e.file);
            continue;
        };
        let o = migrator
            .verify(password.as_bytes(), cred)
            .unwrap_or_else(|err| panic!("{}: {user}: {err}", e.file));
        assert!(o.valid, "{}: {user} ({}) did not verify", e.file, o.scheme);
        assert!(o.needs_upgrade, "{}: {user}", e.file);
        let wrong = format!("x{password}");
        let o = migrator.verify(wrong.as_bytes(), cred).expect("verify");
        assert!(!o.valid, "{}: {user} verified a wrong password", e.file);
    }
    assert_eq!(entries.len(), e.accounts, "{}: accounts", e.file);
    assert_eq!(without, e.without_hash, "{}: accounts without hash", e.file);
    assert_eq!(locked, e.locked, "{}: locked accounts", e.file);
    for user in pw.keys() {
        assert!(creds.contains_key(user), "{}: {user} not read", e.file);
    }
    creds
}

#[test]
fn shadow_made_by_shadow_utils() {
    let creds = check(
        &Expect {
            format: Format::Shadow,
            file: "shadow/shadow",
            accounts: 15,
            without_hash: 8,
            locked: 4,
            unreadable: &[],
        },
        &Options::default(),
    );
    assert!(creds["frank"].hash().starts_with("$6$"), "lock marker kept");
}

#[test]
fn passwd_without_hashes() {
    let entries = read(Format::Shadow, "shadow/passwd", &Options::default());
    assert_eq!(entries.len(), 15);
    for e in entries {
        let a = e.account.unwrap();
        assert!(a.credential.is_none());
        assert_eq!(a.note, Some("the password is in the shadow file"));
    }
}

#[test]
fn htpasswd_made_by_apache() {
    check(
        &Expect {
            format: Format::Htpasswd,
            file: "htpasswd/htpasswd",
            accounts: 10,
            without_hash: 0,
            locked: 0,
            // A clear-text line: Apache accepts those only on Windows and NetWare.
            unreadable: &[("hal", ErrorKind::Unsupported)],
        },
        &Options::default(),
    );
}

#[test]
fn htdigest_made_by_apache() {
    let creds = check(
        &Expect {
            format: Format::Htpasswd,
            file: "htpasswd/htdigest",
            accounts: 5,
            without_hash: 0,
            locked: 0,
            unreadable: &[],
        },
        &Options::default(),
    );
    assert_eq!(creds["alice"].params().get("realm"), Some("example.com"));
}

#[test]
fn ldif_made_by_slapcat() {
    let creds = check(
        &Expect {
            format: Format::Ldif,
            file: "ldif/slapcat.ldif",
            accounts: 13,
            without_hash: 0,
            locked: 0,
            unreadable: &[],
        },
        &Options::default(),
    );
    // The long DN is folded over several lines; its uid still names the account.
    assert!(creds.contains_key("maximilian.alexander.von.langenname-mustermann"));
}

#[test]
fn ldif_slapadd_input_reads_the_same() {
    let a = read(Format::Ldif, "ldif/slapcat.ldif", &Options::default());
    let b = read(Format::Ldif, "ldif/slapadd-input.ldif", &Options::default());
    let users = |v: &[Entry]| {
        v.iter()
            .map(|e| e.account.as_ref().unwrap().user.clone().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(users(&a), users(&b));
}

#[test]
fn django_dumpdata() {
    let expect = |file| Expect {
        format: Format::Django,
        file,
        accounts: 9,
        without_hash: 0,
        locked: 0,
        unreadable: &[],
    };
    let json = check(&expect("django/users.json"), &Options::default());
    // The other two dumps hold the same users: read, compare, do not re-derive.
    for file in ["django/users.jsonl", "django/full.json"] {
        let entries = read(Format::Django, file, &Options::default());
        assert_eq!(entries.len(), 9, "{file}");
        for e in entries {
            let a = e.account.unwrap();
            let user = a.user.unwrap();
            assert_eq!(
                a.credential.unwrap().hash(),
                json[&user].hash(),
                "{file}: {user}"
            );
        }
    }
}

fn firebase_options() -> Options {
    let cfg: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(path("firebase/hash_config.json")).expect("config"),
    )
    .expect("config JSON");
    let mut options = Options::default();
    for (k, v) in cfg {
        options.params.insert(k, v);
    }
    options
}

#[test]
fn firebase_auth_export_json_and_csv() {
    for file in ["firebase/users.json", "firebase/users.csv"] {
        let json = file.ends_with("json");
        check(
            &Expect {
                format: Format::Firebase,
                file,
                accounts: if json { 6 } else { 5 },
                without_hash: if json { 2 } else { 1 },
                locked: usize::from(json),
                unreadable: &[],
            },
            &firebase_options(),
        );
    }
}

#[test]
fn firebase_without_project_parameters_names_what_is_missing() {
    let entries = read(Format::Firebase, "firebase/users.json", &Options::default());
    let cred = entries[0]
        .account
        .as_ref()
        .unwrap()
        .credential
        .clone()
        .unwrap();
    let err = Migrator::default().verify(b"x", &cred).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingContext);
}

#[test]
fn keycloak_realm_export() {
    check(
        &Expect {
            format: Format::Keycloak,
            file: "keycloak/realm-export.json",
            accounts: 6,
            without_hash: 2,
            locked: 1,
            unreadable: &[],
        },
        &Options::default(),
    );
}

#[test]
fn auth0_password_export_and_import_file() {
    check(
        &Expect {
            format: Format::Auth0,
            file: "auth0/export.ndjson",
            accounts: 6,
            without_hash: 0,
            locked: 0,
            unreadable: &[],
        },
        &Options::default(),
    );
    check(
        &Expect {
            format: Format::Auth0,
            file: "auth0/import.json",
            accounts: 8,
            without_hash: 1,
            locked: 1,
            unreadable: &[],
        },
        &Options::default(),
    );
}

#[test]
fn read_output_round_trips_through_the_jsonl_reader() {
    // What `hashbridge read` writes is what the JSONL reader (and `verify --batch`) reads.
    let options = firebase_options();
    let entries = read(Format::Firebase, "firebase/users.json", &options);
    let text: String = entries
        .iter()
        .map(|e| export::entry_json(e) + "\n")
        .collect();
    let mut again = Vec::new();
    export::read(Format::Jsonl, text.as_bytes(), &Options::default(), |e| {
        again.push(e)
    })
    .unwrap();
    assert_eq!(again.len(), entries.len());
    for (a, b) in entries.iter().zip(&again) {
        let (a, b) = (a.account.as_ref().unwrap(), b.account.as_ref().unwrap());
        match (&a.credential, &b.credential) {
            (Some(x), Some(y)) => {
                assert_eq!(x.hash(), y.hash());
                assert_eq!(x.salt(), y.salt());
                assert_eq!(x.scheme(), y.scheme());
                assert_eq!(x.params(), y.params());
            }
            // A line with `"hash":null` is an error for the JSONL reader.
            (None, None) => {}
            (None, Some(_)) | (Some(_), None) => panic!("credential changed"),
        }
    }
}
