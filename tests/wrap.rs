//! `Migrator::wrap` over every known-answer vector of `tests/data` (hashes made by libxcrypt,
//! passlib, Django, OpenLDAP, Dovecot, vendor SDKs, ...): a wrapped credential verifies with the
//! vector's password exactly when the original does, a successful login hands back a plain
//! target hash, and wrapping again changes nothing. Which schemes wrap is checked exactly.
#![allow(
    clippy::unwrap_used,
    reason = "a test helper fails loudly on an unexpected error"
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use hashbridge::toolkit::record;
use hashbridge::{Credential, ErrorKind, Limits, Migrator, Policy, Registry, Target};

/// Every scheme with a portable legacy step: the ones `wrap` must wrap.
const WRAPPABLE: &[&str] = &[
    "apr_md5_crypt",
    "argon2",
    "auth0_custom_password_hash",
    "bcrypt",
    "des_crypt",
    "django_argon2",
    "django_bcrypt",
    "django_pbkdf2_sha1",
    "django_pbkdf2_sha256",
    "django_salted_md5",
    "django_salted_sha1",
    "django_scrypt",
    "dovecot_argon2i",
    "dovecot_argon2id",
    "dovecot_blf_crypt",
    "dovecot_des_crypt",
    "dovecot_digest_md5",
    "dovecot_ldap_md5",
    "dovecot_md5",
    "dovecot_md5_crypt",
    "dovecot_plain_md4",
    "dovecot_plain_md5",
    "dovecot_sha1",
    "dovecot_sha256",
    "dovecot_sha256_crypt",
    "dovecot_sha512",
    "dovecot_sha512_crypt",
    "firebase_scrypt",
    "hex_md4",
    "hex_md5",
    "hex_sha1",
    "hex_sha256",
    "hex_sha512",
    "htdigest",
    "keycloak_argon2",
    "keycloak_pbkdf2",
    "ldap_argon2",
    "ldap_bcrypt",
    "ldap_des_crypt",
    "ldap_hex_md5",
    "ldap_hex_sha1",
    "ldap_md5",
    "ldap_md5_crypt",
    "ldap_pbkdf2_sha1",
    "ldap_pbkdf2_sha256",
    "ldap_pbkdf2_sha512",
    "ldap_plaintext",
    "ldap_salted_md5",
    "ldap_salted_sha1",
    "ldap_salted_sha256",
    "ldap_salted_sha512",
    "ldap_sha1",
    "ldap_sha256_crypt",
    "ldap_sha512_crypt",
    "md5_crypt",
    "okta_password_hash",
    "pbkdf2_sha1",
    "pbkdf2_sha256",
    "pbkdf2_sha512",
    "plaintext",
    "salted_md5",
    "salted_sha1",
    "salted_sha256",
    "salted_sha512",
    "scrypt",
    "sha256_crypt",
    "sha512_crypt",
];

/// A cheap argon2id target (the wrap's cost is the target's; the test is about correctness),
/// and the limits the largest vectors need.
fn migrator(target: Target) -> Migrator {
    let mut limits = Limits::DEFAULT;
    limits.max_memory_bytes = 1 << 30;
    limits.max_work = 2 * Limits::DEFAULT.max_work;
    Migrator::new(Registry::default(), Policy::new(target).with_limits(limits))
        .expect("the target fits")
}

#[test]
fn wrapped_vectors_verify_as_the_originals_and_upgrade() {
    let m = migrator(Target::argon2id(256, 1, 1));
    let vectors = common::load(common::known_answer);
    let results: Vec<(String, String, Result<(), String>)> = std::thread::scope(|s| {
        let chunks: Vec<_> = vectors.chunks(vectors.len().div_ceil(2).max(1)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let m = &m;
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|v| {
                            let rec = record::parse_line(&v.line).ok()?;
                            let pw = rec.password.as_deref()?;
                            let scheme = m.identify(&rec.credential).ok()?.id().to_owned();
                            let r = match m.wrap(&rec.credential) {
                                // Schemes without a portable step (`WRAPPABLE` says which),
                                // and bodies of a wrappable marker that are not (bigcrypt
                                // under `{CRYPT}`).
                                Err(e)
                                    if !WRAPPABLE.contains(&scheme.as_str())
                                        || e.kind() == ErrorKind::Unsupported =>
                                {
                                    return None;
                                }
                                Err(e) => Err(format!("wrap: {e}")),
                                Ok(None) => return None,
                                Ok(Some(w)) => check(m, &w, &rec.credential, pw, v.valid()),
                            };
                            Some((scheme, v.id().to_owned(), r))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("no panic"))
            .collect()
    });
    let mut wrapped = BTreeSet::new();
    let mut failures = BTreeMap::new();
    for (scheme, id, r) in results {
        match r {
            Ok(()) => {
                wrapped.insert(scheme);
            }
            Err(e) => {
                failures.insert(id, e);
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let expected: BTreeSet<String> = WRAPPABLE.iter().map(|s| (*s).to_owned()).collect();
    let missing: Vec<_> = expected.difference(&wrapped).collect();
    let extra: Vec<_> = wrapped.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not wrapped: {missing:?}; wrapped but not expected: {extra:?}"
    );
}

/// The wrapped string `w` of `original` answers `password` as the vector says, refuses a wrong
/// password, upgrades on success, and wraps to nothing.
fn check(
    m: &Migrator,
    w: &str,
    original: &Credential,
    password: &[u8],
    valid: Option<bool>,
) -> Result<(), String> {
    // A separately stored context travels with the record (the project key of Firebase).
    let cred = Credential::new(w).with_params(original.params().clone());
    let plain = !w.starts_with("$hbw$");
    let out = m
        .verify(password, &cred)
        .map_err(|e| format!("verify: {e}"))?;
    if Some(out.valid) != valid {
        return Err(format!("valid {} for {w}", out.valid));
    }
    if out.valid && plain {
        // A plain-text password is hashed with the target outright: nothing left to upgrade.
        if out.needs_upgrade || !w.starts_with("$argon2id$") {
            return Err(format!("plain text wrapped as {w}"));
        }
    } else if out.valid {
        let up = out.upgrade.ok_or("no upgrade")?;
        if !up.starts_with("$argon2id$") {
            return Err(format!("upgrade {up}"));
        }
        let again = m
            .verify(password, &Credential::new(up))
            .map_err(|e| e.to_string())?;
        if !again.valid || again.needs_upgrade {
            return Err("the upgrade does not verify as a plain target hash".into());
        }
        let mut wrong = password.to_vec();
        wrong.insert(0, b'#');
        if m.verify(&wrong, &cred).map_err(|e| e.to_string())?.valid {
            return Err(format!("a wrong password verifies against {w}"));
        }
    }
    if !plain && m.wrap(&cred).map_err(|e| e.to_string())?.is_some() {
        return Err("wrapping a wrapped credential changed it".into());
    }
    Ok(())
}

#[test]
fn every_target_wraps() {
    let md5 = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
    for target in [
        Target::argon2id(256, 1, 1),
        Target::bcrypt(4),
        Target::scrypt(4, 8, 1),
        Target::pbkdf2_sha256(1000),
    ] {
        let m = migrator(target);
        let w = m.wrap(&md5).unwrap().unwrap();
        assert!(
            m.verify(b"hashcat", &Credential::new(w.as_str()))
                .unwrap()
                .valid,
            "{w}"
        );
        assert!(
            !m.verify(b"Hashcat", &Credential::new(w.as_str()))
                .unwrap()
                .valid,
            "{w}"
        );
    }
    // A bcrypt target keys on 72 bytes: a 64-byte digest (86 characters of base64) does not
    // fit whole, and is refused rather than truncated.
    let sha512 = Credential::new(
        "$6$rounds=5000$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
    );
    let e = migrator(Target::bcrypt(4)).wrap(&sha512).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
}

#[test]
fn strong_and_unwrappable_hashes_are_left_alone() {
    let m = migrator(Target::argon2id(256, 1, 1));
    let target_hash = m.hash(b"pw").unwrap();
    assert_eq!(m.wrap(&Credential::new(target_hash)).unwrap(), None);
    // yescrypt keeps its own engine's state: no portable step; upgraded at the next login.
    let y = Credential::new(
        "$y$j9T$aw/vq0Q/LgT3WYwE9ivZO/$hw99Xm1ZT.w9q8zrqcPgIuhzVkptI8QVt0e6i9w/Nu0",
    );
    assert_eq!(m.wrap(&y).unwrap_err().kind(), ErrorKind::Unsupported);
    // A broken credential is an error of its own kind, not a wrap.
    assert_eq!(
        m.wrap(&Credential::new("$1$salt$short"))
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
}

/// `wrap_line`, which wraps records one at a time (the Python binding's partitions), decides
/// every record as the whole-export engine (`hashbridge wrap --from jsonl`) does: the same
/// records wrapped, kept or refused, its statuses counted as the engine's `Stats`.
#[test]
fn wrap_line_answers_as_the_export_wrap_writes() {
    use hashbridge::toolkit::export::{self, Format};
    use hashbridge::toolkit::wrap::{self, Output};
    use serde_json::Value;

    let m = migrator(Target::argon2id(256, 1, 1));
    let strong = m.hash(b"pw").unwrap();
    let wrapped = m
        .wrap(&Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"))
        .unwrap()
        .unwrap();
    let lines = [
        r#"{"id":"md5","hash":"$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"}"#.to_owned(),
        format!(r#"{{"id":"strong","hash":"{strong}"}}"#),
        format!(r#"{{"id":"again","hash":"{wrapped}"}}"#),
        r#"{"id":"none","hash":null}"#.to_owned(),
        r#"{"id":"yes","hash":"$y$j9T$aw/vq0Q/LgT3WYwE9ivZO/$hw99Xm1ZT.w9q8zrqcPgIuhzVkptI8QVt0e6i9w/Nu0"}"#.to_owned(),
        r#"{"id":"salt","hash":"uboIh1gZ2VYS1lIF4KlhhkzqQmY=","salt":"!!!","salt_encoding":"base64","format":"aspnet_membership_sha1"}"#.to_owned(),
        r#"{"hash":"sha1$a$4d1a4d14a5d6e8e1b7a4d4f6a6d8a3c2d1e0f9a8"}"#.to_owned(),
        "not json".to_owned(),
    ];
    let input = lines.join("\n");
    let mut out = Vec::new();
    let stats = wrap::wrap(
        Format::Jsonl,
        input.as_bytes(),
        None,
        &export::Options::default(),
        &m,
        2,
        Output::Stream(&mut out),
        |_| {},
    )
    .unwrap();
    let records: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), lines.len());
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for (i, (line, record)) in lines.iter().zip(&records).enumerate() {
        let number = i as u64 + 1;
        let answer: Value = serde_json::from_str(&wrap::wrap_line(&m, number, line)).unwrap();
        let status = answer["status"].as_str().unwrap().to_owned();
        *counted.entry(status.clone()).or_default() += 1;
        match serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| v.get("id").cloned())
        {
            Some(id) => assert_eq!(answer["id"], id, "{answer}"),
            None => assert_eq!(answer["line"], number, "{answer}"),
        }
        let before = serde_json::from_str::<Value>(line).ok();
        let old_hash = before.as_ref().map(|b| b["hash"].clone());
        match status.as_str() {
            "wrapped" => {
                let new = answer["hash"].as_str().unwrap();
                assert!(new.starts_with("$hbw$v=1$"), "{answer}");
                assert!(record["hash"].as_str().unwrap().starts_with("$hbw$v=1$"));
                assert_ne!(Some(record["hash"].clone()), old_hash, "{record}");
                assert!(answer.get("error").is_none(), "{answer}");
            }
            "strong" | "already_wrapped" | "without_hash" => {
                assert!(answer.get("hash").is_none() && answer.get("error").is_none());
                assert_eq!(Some(record["hash"].clone()), old_hash, "{record}");
            }
            "not_wrapped" => {
                assert_eq!(answer["error"], record["wrap_error"], "{answer} {record}");
            }
            "unreadable" => {
                assert_eq!(answer["error"], record["error"], "{answer} {record}");
            }
            other => panic!("status {other}"),
        }
    }
    let failed: u64 = stats.not_wrapped.values().sum();
    let want = [
        ("wrapped", stats.wrapped),
        ("already_wrapped", stats.already_wrapped),
        ("strong", stats.strong),
        ("without_hash", stats.without_hash),
        ("not_wrapped", failed),
        ("unreadable", stats.unreadable),
    ];
    for (status, n) in want {
        assert_eq!(
            counted.get(status).copied().unwrap_or(0),
            n,
            "{status}: {counted:?}"
        );
    }
    // Every kind of answer was seen: the comparison above covered each branch.
    assert_eq!(counted.len(), 6, "{counted:?}");
    // A wrapped answer verifies with the password, as the engine's record does.
    let answer: Value = serde_json::from_str(&wrap::wrap_line(&m, 1, &lines[0])).unwrap();
    let out = m
        .verify(
            b"hashcat",
            &Credential::new(answer["hash"].as_str().unwrap()),
        )
        .unwrap();
    assert!(out.valid);
}
