//! Property tests: random and mutated credentials never panic, and always return quickly under
//! tight limits.

mod common;

use std::sync::LazyLock;

use hashbridge::toolkit::audit::Census;
use hashbridge::toolkit::export::{self, Format, Options};
use hashbridge::{Credential, Limits, Migrator, Policy, Target};
use proptest::prelude::*;

fn tight() -> Migrator {
    let mut limits = Limits::DEFAULT;
    limits.max_bcrypt_cost = 6;
    limits.max_crypt_rounds = 20_000;
    limits.max_pbkdf2_iterations = 20_000;
    limits.max_memory_bytes = 1 << 22;
    limits.max_work = 1 << 20;
    limits.max_argon2_passes = 4;
    limits.max_argon2_lanes = 4;
    // A target these limits read back (the default's 19 MiB would be a configuration error).
    let target = Target::argon2id(1024, 2, 1);
    Migrator::new(
        hashbridge::Registry::default(),
        Policy::new(target).with_limits(limits),
    )
    .expect("valid policy")
    .with_rehash(false)
}

static TIGHT: LazyLock<Migrator> = LazyLock::new(tight);
static EXPORTS: LazyLock<Vec<(Format, Vec<u8>)>> = LazyLock::new(exports);

/// The export fixtures with the reader for each.
fn exports() -> Vec<(Format, Vec<u8>)> {
    [
        (Format::Shadow, "shadow/shadow"),
        (Format::Htpasswd, "htpasswd/htdigest"),
        (Format::Ldif, "ldif/slapcat.ldif"),
        (Format::Firebase, "firebase/users.json"),
        (Format::Firebase, "firebase/users.csv"),
        (Format::Keycloak, "keycloak/realm-export.json"),
        (Format::Auth0, "auth0/export.ndjson"),
        (Format::Auth0, "auth0/import.json"),
        (Format::Django, "django/full.json"),
        (Format::Django, "django/users.jsonl"),
    ]
    .into_iter()
    .map(|(f, rel)| {
        let bytes =
            std::fs::read(common::data_dir().join("exports").join(rel)).expect("export fixture");
        (f, bytes)
    })
    .collect()
}

/// Read `data` as `format` with a small record limit; every entry is counted and written.
fn read_export(format: Format, data: &[u8]) {
    let options = Options {
        max_record_bytes: 512,
        ..Options::default()
    };
    let mut census = Census::new();
    let result = export::read(format, data, &options, |e| {
        census.add(&TIGHT, &e);
        assert!(export::entry_json(&e).starts_with('{'));
    });
    if let Ok(n) = result {
        assert_eq!(n, census.entries);
    }
}
static SEEDS: LazyLock<Vec<(String, Option<String>)>> = LazyLock::new(seeds);

fn seeds() -> Vec<(String, Option<String>)> {
    common::load(|_| true)
        .into_iter()
        .map(|v| {
            (
                v.json["hash"].as_str().unwrap_or_default().to_owned(),
                Some(v.format().to_owned()),
            )
        })
        .collect()
}

/// Any answer will do: the point is no panic. The tight work budget (about 60 ms) is what
/// bounds each call, and the budget tests prove it is charged before any work.
fn check(m: &Migrator, pw: &[u8], cred: &Credential) {
    let _ = m.verify(pw, cred);
    let _ = m.identify(cred);
}

/// Mutations of a real hash string: flip, insert, delete, truncate, duplicate a run.
fn mutate(s: &str, op: u8, at: usize, byte: u8) -> String {
    let mut b = s.as_bytes().to_vec();
    let at = if b.is_empty() { 0 } else { at % b.len() };
    match op % 5 {
        0 if !b.is_empty() => b[at] = byte,
        1 => b.insert(at, byte),
        2 if !b.is_empty() => {
            b.remove(at);
        }
        3 => b.truncate(at),
        _ => {
            let run: Vec<u8> = b[at..].iter().take(8).copied().collect();
            b.splice(at..at, run);
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_strings_never_panic(s in "\\PC{0,120}", pw in proptest::collection::vec(any::<u8>(), 0..80)) {
        check(&TIGHT, &pw, &Credential::new(s));
    }

    #[test]
    fn mutated_vectors_never_panic(i in any::<usize>(), op in any::<u8>(), at in any::<usize>(), byte in any::<u8>(), hinted in any::<bool>()) {
        let (hash, format) = &SEEDS[i % SEEDS.len()];
        let mut cred = Credential::new(mutate(hash, op, at, byte))
            .with_salt(b"salt".to_vec())
            .with_username("user")
            .with_param("salt_position", "suffix");
        if hinted && let Some(f) = format {
            cred = cred.with_scheme(f.clone());
        }
        check(&TIGHT, b"password", &cred);
    }

    #[test]
    fn random_exports_never_panic(f in 0..Format::ALL.len(), data in proptest::collection::vec(any::<u8>(), 0..600)) {
        read_export(Format::ALL[f], &data);
    }

    #[test]
    fn mutated_exports_never_panic(i in any::<usize>(), edits in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..8)) {
        let (format, bytes) = &EXPORTS[i % EXPORTS.len()];
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        for (op, at, byte) in edits {
            text = mutate(&text, op, at, byte);
        }
        read_export(*format, text.as_bytes());
    }
}
