//! Each target against its platform's own material (`tests/data/platforms`, provenance in its
//! README): the documented example hashes verify with their passwords through this library's
//! verifier of the target's format (and a wrong password does not), and the records the
//! writers emit for those same hashes have the documented shape: the same members, nesting
//! and encodings, byte for byte where the platform shows a complete value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{
    Encoded, Encoder, Source, auth0, clerk, firebase, forms, keycloak, okta, supabase, workos,
};
use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::migrator::Migrator;
use crate::primitives::Algorithm;
use crate::schemes::portable::{self, Around, PasswordEncoding, Portable, Step};
use crate::toolkit::export::{Account, Profile};

fn data(path: &str) -> String {
    let file = format!("{}/tests/data/platforms/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn json_data(path: &str) -> Value {
    serde_json::from_str(&data(path)).unwrap()
}

fn migrator() -> Migrator {
    Migrator::default().with_rehash(false)
}

/// `password` verifies through `cred` and a wrong one does not.
fn assert_verifies(m: &Migrator, cred: &Credential, password: &str, what: &str) {
    let right = m.verify(password.as_bytes(), cred);
    assert!(
        right.as_ref().is_ok_and(|o| o.valid),
        "{what}: {password:?} does not verify: {right:?}"
    );
    let wrong = m.verify(format!("{password}x").as_bytes(), cred).unwrap();
    assert!(!wrong.valid, "{what}: a wrong password verifies");
}

/// Our verifier of the format reads `cred` (no password known: only its parse is checked).
fn assert_reads(m: &Migrator, cred: &Credential, what: &str) {
    let scheme = m.identify(cred).unwrap_or_else(|e| panic!("{what}: {e}"));
    m.inspect(scheme, cred)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// The portable description of a documented credential.
fn describe(m: &Migrator, cred: &Credential) -> Portable {
    let scheme = m.identify(cred).unwrap();
    portable::describe(scheme.id(), cred, &m.policy().limits).unwrap()
}

fn account(email: &str) -> Account {
    let profile = Profile {
        email: Some(email.to_owned()),
        ..Profile::default()
    };
    Account {
        user: Some(email.to_owned()),
        credential: None,
        locked: false,
        note: None,
        profile,
    }
}

fn encode(encoder: &dyn Encoder, account: &Account, legacy: &Portable) -> Encoded {
    let src = Source {
        position: 1,
        account,
        credential: None,
        legacy: Some(legacy),
    };
    encoder
        .encode(&src)
        .unwrap_or_else(|r| panic!("refused: {}", r.reason))
}

fn object(text: &str) -> Map<String, Value> {
    forms::object(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn unb64(s: &str) -> Vec<u8> {
    b64::decode(&b64::STANDARD, s).unwrap_or_else(|| panic!("not base64: {s}"))
}

// ---------------------------------------------------------------------------------------------
// Auth0: "Bulk User Import Database Schema and Examples"

fn auth0_cred(custom: &Value) -> Credential {
    Credential::new(custom.to_string()).with_scheme("auth0_custom_password_hash")
}

/// The bytes a `hash`, `salt` or `key` object holds, by its encoding (utf8 when absent, the
/// schema's default).
fn auth0_bytes(obj: &Value) -> Vec<u8> {
    let value = obj["value"].as_str().unwrap();
    match obj["encoding"].as_str().unwrap_or("utf8") {
        "utf8" => value.as_bytes().to_vec(),
        "hex" => hex::decode(value).unwrap(),
        "base64" => unb64(value),
        other => panic!("encoding {other}"),
    }
}

/// Our `custom_password_hash` has the documented one's members, nesting and values (the
/// encodings may differ within the schema's enum, the bytes may not); what we add is a member
/// the schema defines, set to its documented default where the example left it out.
fn assert_auth0_shape(ours: &Value, doc: &Value, what: &str) {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(ours["algorithm"], doc["algorithm"], "{what}");
    for k in keys(doc) {
        assert!(ours.get(&k).is_some(), "{what}: no {k} in {ours}");
    }
    let defaults = json!({"cost": 16384, "blockSize": 8, "parallelization": 1});
    for k in keys(ours) {
        match k.as_str() {
            "algorithm" | "hash" | "salt" => {}
            "keylen" | "cost" | "blockSize" | "parallelization" => {
                let expect = doc.get(&k).unwrap_or(&defaults[&k]);
                assert_eq!(&ours[&k], expect, "{what}: {k}");
            }
            other => panic!("{what}: {other} is not in the documented object"),
        }
    }
    for part in ["hash", "salt"] {
        let (Some(o), Some(d)) = (ours.get(part), doc.get(part)) else {
            continue;
        };
        assert_eq!(auth0_bytes(o), auth0_bytes(d), "{what}: {part} bytes");
        for k in keys(o) {
            assert!(
                ["value", "encoding", "position", "digest", "key"].contains(&k.as_str()),
                "{what}: {part}.{k} is not in the schema"
            );
        }
        // Compared as bytes above: the value and its encoding; the key below.
        for k in keys(d) {
            if !["value", "encoding", "key"].contains(&k.as_str()) {
                assert_eq!(o[&k], d[&k], "{what}: {part}.{k}");
            }
        }
        // A value in the same encoding is the same text (hex case aside).
        if o["encoding"] == d["encoding"] {
            assert_eq!(
                o["value"].as_str().unwrap().to_ascii_lowercase(),
                d["value"].as_str().unwrap().to_ascii_lowercase(),
                "{what}: {part}.value"
            );
        }
        let encodings = ["base64", "hex", "utf8"];
        assert!(
            encodings.contains(&o["encoding"].as_str().unwrap_or("utf8")),
            "{what}: {part}.encoding"
        );
        // The salt's position defaults to prefix.
        if part == "salt" {
            assert_eq!(
                o["position"].as_str().unwrap_or("prefix"),
                d["position"].as_str().unwrap_or("prefix"),
                "{what}"
            );
        }
    }
    if let (Some(k), Some(dk)) = (ours["hash"].get("key"), doc["hash"].get("key")) {
        assert_eq!(auth0_bytes(k), auth0_bytes(dk), "{what}: hash.key bytes");
    }
}

#[test]
fn auth0_documented_hashes_verify() {
    let m = migrator();
    let pw = json_data("auth0/passwords.json");
    for d in pw["documented"].as_array().unwrap() {
        let cred = auth0_cred(&d["custom_password_hash"]);
        assert_verifies(
            &m,
            &cred,
            d["password"].as_str().unwrap(),
            d["says"].as_str().unwrap(),
        );
    }
    let mut users: Vec<Value> = json_data("auth0/custom-password-hash-examples.json")
        .as_array()
        .unwrap()
        .clone();
    users.extend(
        json_data("auth0/update-custom-password-hash-example.json")
            .as_array()
            .unwrap()
            .clone(),
    );
    assert_eq!(users.len(), 10);
    for u in &users {
        let email = u["email"].as_str().unwrap();
        let cred = auth0_cred(&u["custom_password_hash"]);
        match pw["found"][email].as_str() {
            Some(p) => assert_verifies(&m, &cred, p, email),
            None => {
                assert!(pw["unknown"].as_array().unwrap().contains(&json!(email)));
                assert_reads(&m, &cred, email);
            }
        }
    }
}

#[test]
fn auth0_records_have_the_documented_shape() {
    let m = migrator();
    let writer = auth0::Auth0::new(auth0::mapping(), auth0::FILE_LIMIT);
    let users = json_data("auth0/custom-password-hash-examples.json");
    let mut written = 0;
    for u in users.as_array().unwrap() {
        let email = u["email"].as_str().unwrap();
        let doc = &u["custom_password_hash"];
        let legacy = describe(&m, &auth0_cred(doc));
        let mut acct = account(email);
        acct.profile.email_verified = Some(false);
        let src = Source {
            position: 1,
            account: &acct,
            credential: None,
            legacy: Some(&legacy),
        };
        let enc = match writer.encode(&src) {
            Ok(enc) => enc,
            // `ldap` `{SSHA384}`: a SHA-384 digest, which none of Auth0's digest algorithms
            // is; this writer does not write the `ldap` form.
            Err(r) if email == "sean@contoso.com" => {
                assert_eq!(r.class, "unsupported_hash", "{}", r.reason);
                continue;
            }
            Err(r) => panic!("{email}: {}", r.reason),
        };
        let ours = Value::Object(object(&enc.text));
        assert_eq!(
            ours.as_object().unwrap().keys().collect::<Vec<_>>(),
            u.as_object().unwrap().keys().collect::<Vec<_>>(),
            "{email}: the user's members"
        );
        assert_eq!(ours["email"], u["email"]);
        assert_eq!(ours["email_verified"], u["email_verified"]);
        assert_auth0_shape(&ours["custom_password_hash"], doc, email);
        // Read back, it is the same hash.
        let rb = writer.read_back(&enc).unwrap().unwrap();
        assert_eq!(describe(&m, &rb), legacy, "{email}");
        written += 1;
    }
    assert_eq!(written, 8);
}

// ---------------------------------------------------------------------------------------------
// Okta: Users API, "Hashed Password object" examples and "Create User with Imported Hashed
// Password"

fn okta_cred(hash: &Value) -> Credential {
    Credential::new(hash.to_string()).with_scheme("okta_password_hash")
}

#[test]
fn okta_documented_hashes_verify() {
    let m = migrator();
    let pw = json_data("okta/passwords.json");
    let examples = json_data("okta/hashed-password-object-examples.json");
    for (name, ex) in examples.as_object().unwrap() {
        let cred = okta_cred(&ex["password"]["hash"]);
        match pw["found"][name].as_str() {
            Some(p) => assert_verifies(&m, &cred, p, name),
            None => assert_reads(&m, &cred, name),
        }
    }
    let body = json_data("okta/create-user-with-imported-hashed-password.json");
    assert_reads(
        &m,
        &okta_cred(&body["credentials"]["password"]["hash"]),
        "body",
    );
}

#[test]
fn okta_records_have_the_documented_shape() {
    let m = migrator();
    let writer = okta::Okta::new(okta::mapping());
    let examples = json_data("okta/hashed-password-object-examples.json");
    for (name, ex) in examples.as_object().unwrap() {
        let doc = &ex["password"]["hash"];
        let legacy = describe(&m, &okta_cred(doc));
        let enc = encode(&writer, &account("isaac.brock@example.com"), &legacy);
        let ours = object(&enc.text)["credentials"]["password"]["hash"].clone();
        if name.starts_with("SHA-256") {
            // Okta's example leaves the base64 padding out; ours has it (as every other
            // example): the same bytes.
            let mut doc = doc.clone();
            doc["value"] = ours["value"].clone();
            assert_eq!(ours, doc, "{name}");
            assert_eq!(
                unb64(ours["value"].as_str().unwrap()),
                unb64(ex["password"]["hash"]["value"].as_str().unwrap())
            );
        } else {
            assert_eq!(&ours, doc, "{name}");
        }
        let rb = writer.read_back(&enc).unwrap().unwrap();
        assert_eq!(describe(&m, &rb), legacy, "{name}");
    }
    // The whole request body of "Create User with Imported Hashed Password".
    let body = json_data("okta/create-user-with-imported-hashed-password.json");
    let legacy = describe(&m, &okta_cred(&body["credentials"]["password"]["hash"]));
    let mut acct = account("isaac.brock@example.com");
    acct.profile.given_name = Some("Isaac".into());
    acct.profile.family_name = Some("Brock".into());
    acct.profile.phone = Some("555-415-1337".into());
    let enc = encode(&writer, &acct, &legacy);
    assert_eq!(Value::Object(object(&enc.text)), body);
}

#[test]
fn okta_takes_only_the_documented_pbkdf2_digests() {
    // The management spec's DigestAlgorithm enum: SHA256_HMAC, SHA512_HMAC; iterationCount
    // "must be >= 4096".
    let writer = okta::Okta::new(okta::mapping());
    let acct = account("a@example.com");
    for (alg, iterations, ok) in [
        (Algorithm::Sha256, 4096, Some("SHA256_HMAC")),
        (Algorithm::Sha512, 10_000, Some("SHA512_HMAC")),
        (Algorithm::Sha256, 4095, None),
        (Algorithm::Sha1, 10_000, None),
        (Algorithm::Sha384, 10_000, None),
    ] {
        let legacy = Portable {
            step: Step::Pbkdf2 {
                alg,
                iterations,
                salt: b"saltsalt".to_vec(),
                encoding: PasswordEncoding::Utf8,
            },
            digest: vec![7; alg.output_len()],
            scheme: "test",
        };
        let src = Source {
            position: 1,
            account: &acct,
            credential: None,
            legacy: Some(&legacy),
        };
        match (writer.encode(&src), ok) {
            (Ok(enc), Some(name)) => {
                let h = &object(&enc.text)["credentials"]["password"]["hash"];
                assert_eq!(h["digestAlgorithm"], name);
                assert_eq!(h["iterationCount"], iterations);
                assert_eq!(h["keySize"], alg.output_len());
            }
            (Err(_), None) => {}
            (r, _) => panic!("{alg:?} {iterations}: {:?}", r.map(|e| e.text)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Firebase: the firebase/scrypt README sample, and firebase-tools' auth:import

/// The README's project parameters and exported user.
struct FirebaseSample {
    hash: String,
    salt: String,
    key: String,
    separator: String,
    rounds: String,
    mem_cost: String,
    email: String,
    password: String,
}

fn firebase_sample() -> FirebaseSample {
    let config = data("firebase/hash_config.txt");
    let field = |name: &str| {
        config
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .unwrap()
            .trim_end_matches(',')
            .to_owned()
    };
    let csv = data("firebase/users.csv");
    let cols: Vec<&str> = csv.trim_end().split(',').collect();
    let pw = json_data("firebase/passwords.json");
    FirebaseSample {
        hash: cols[3].to_owned(),
        salt: cols[4].to_owned(),
        key: field("base64_signer_key"),
        separator: field("base64_salt_separator"),
        rounds: field("rounds"),
        mem_cost: field("mem_cost"),
        email: cols[1].to_owned(),
        password: pw["documented"][cols[1]].as_str().unwrap().to_owned(),
    }
}

impl FirebaseSample {
    fn credential(&self) -> Credential {
        super::forms::firebase_written(
            &self.hash,
            &self.salt,
            &self.key,
            &self.separator,
            &self.rounds,
            &self.mem_cost,
        )
        .unwrap()
    }
}

#[test]
fn firebase_documented_sample_verifies() {
    let s = firebase_sample();
    assert_verifies(
        &migrator(),
        &s.credential(),
        &s.password,
        "firebase/scrypt README",
    );
}

/// `auth:import`'s options on a command line: name (without dashes) to value.
fn firebase_options(enc: &Encoded) -> BTreeMap<String, String> {
    super::firebase::options(&super::firebase::flags(&enc.part)).unwrap()
}

#[test]
fn firebase_records_carry_the_export_and_the_hash_config_as_documented() {
    let m = migrator();
    let s = firebase_sample();
    let legacy = describe(&m, &s.credential());
    let writer = firebase::Firebase::new(firebase::mapping());
    let enc = encode(&writer, &account(&s.email), &legacy);
    let user = object(&enc.text);
    // The user's hash and salt as `auth:export` gave them; the flags as the console's
    // "Password hash parameters" dialog shows them.
    assert_eq!(user["passwordHash"], s.hash);
    assert_eq!(user["salt"], s.salt);
    let opts = firebase_options(&enc);
    let expect: BTreeMap<String, String> = [
        ("hash-algo", "SCRYPT"),
        ("hash-key", s.key.as_str()),
        ("salt-separator", s.separator.as_str()),
        ("rounds", s.rounds.as_str()),
        ("mem-cost", s.mem_cost.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(opts, expect);
    let rb = writer.read_back(&enc).unwrap().unwrap();
    assert_verifies(&m, &rb, &s.password, "written Firebase user");
}

/// Every hash configuration the Firebase writer emits, as a portable step and digest length.
fn firebase_configurations() -> Vec<Portable> {
    let utf8 = PasswordEncoding::Utf8;
    let salt = b"pepper-salt".to_vec();
    let mut out = Vec::new();
    let digest = |alg: Algorithm, around: Around| Portable {
        step: Step::Digest {
            alg,
            around,
            encoding: utf8,
        },
        digest: vec![1; alg.output_len()],
        scheme: "test",
    };
    for alg in [
        Algorithm::Md5,
        Algorithm::Sha1,
        Algorithm::Sha256,
        Algorithm::Sha512,
    ] {
        out.push(digest(alg, Around::NONE));
        out.push(digest(alg, Around::prefix(salt.clone())));
        out.push(digest(alg, Around::suffix(salt.clone())));
        let hmac = |around: Around| Portable {
            step: Step::Hmac {
                alg,
                key: zeroize::Zeroizing::new(b"hmac key".to_vec()),
                around,
                encoding: utf8,
            },
            digest: vec![2; alg.output_len()],
            scheme: "test",
        };
        out.push(hmac(Around::NONE));
        out.push(hmac(Around::suffix(salt.clone())));
    }
    for alg in [Algorithm::Sha1, Algorithm::Sha256] {
        out.push(Portable {
            step: Step::Pbkdf2 {
                alg,
                iterations: 120_000,
                salt: salt.clone(),
                encoding: utf8,
            },
            digest: vec![3; alg.output_len()],
            scheme: "test",
        });
    }
    out.push(Portable {
        step: Step::Scrypt {
            n: 16384,
            r: 8,
            p: 1,
            salt: salt.clone(),
            encoding: utf8,
        },
        digest: vec![4; 64],
        scheme: "test",
    });
    out.push(Portable {
        step: Step::Bcrypt {
            variant: crate::schemes::unix::bcrypt::Variant::B,
            cost: 10,
            salt: [5; 16],
            around: Around::NONE,
            encoding: utf8,
        },
        digest: vec![6; 23],
        scheme: "test",
    });
    out.push(Portable {
        step: Step::FirebaseScrypt {
            salt,
            separator: vec![7],
            rounds: 8,
            mem_cost: 14,
            signer_key: Some(zeroize::Zeroizing::new(vec![8; 64])),
        },
        digest: vec![9; 64],
        scheme: "test",
    });
    out
}

#[test]
fn firebase_command_lines_and_users_pass_auth_import_validation() {
    // The lists and ranges of firebase-tools' `auth:import` command and `accountImporter`
    // (tests/data/platforms/firebase/auth-import-options.json, source in its README).
    let spec = json_data("firebase/auth-import-options.json");
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let options = names(&spec["options_of_auth_import"]);
    let keys = names(&spec["allowed_json_keys"]);
    let orders = names(&spec["hash_input_order"]);
    let order_algos = names(&spec["hash_input_order_algos"]);
    assert_eq!(keys, firebase::ALLOWED_JSON_KEYS);
    let writer = firebase::Firebase::new(firebase::mapping());
    let mut acct = account("user@example.com");
    acct.profile.email_verified = Some(true);
    acct.profile.name = Some("A User".into());
    acct.profile.phone = Some("+15555550100".into());
    acct.profile.created_at = Some(1_700_000_000_000);
    acct.locked = true;
    let mut algos = std::collections::BTreeSet::new();
    for legacy in firebase_configurations() {
        let enc = encode(&writer, &acct, &legacy);
        let opts = firebase_options(&enc);
        let algo = opts["hash-algo"].clone();
        let rules = &spec["hash_algos"][&algo];
        assert!(
            rules.is_object(),
            "--hash-algo={algo} is not one auth:import takes"
        );
        for k in opts.keys() {
            assert!(options.contains(k), "--{k} is not an option of auth:import");
        }
        for k in names(&rules["required"]) {
            assert!(opts.contains_key(&k), "--hash-algo={algo} needs --{k}");
        }
        if let Some(ranges) = rules["ranges"].as_object() {
            for (k, r) in ranges {
                let v: i64 = opts[k].parse().unwrap();
                assert!(
                    (r[0].as_i64().unwrap()..=r[1].as_i64().unwrap()).contains(&v),
                    "--{k}={v} for {algo}"
                );
            }
        }
        if let Some(o) = opts.get("hash-input-order") {
            assert!(
                orders.contains(o) && order_algos.contains(&algo),
                "{algo} {o}"
            );
        }
        for k in ["hash-key", "salt-separator"] {
            if let Some(v) = opts.get(k) {
                assert_eq!(b64::encode(&b64::STANDARD_PADDED, &unb64(v)), *v, "--{k}");
            }
        }
        let user = object(&enc.text);
        for k in user.keys() {
            assert!(keys.contains(k), "{k} is not a member auth:import takes");
        }
        // firebase-tools' isValidBase64: standard base64 that re-encodes to itself.
        for k in ["passwordHash", "salt"] {
            if let Some(v) = user.get(k).and_then(Value::as_str) {
                assert_eq!(b64::encode(&b64::STANDARD_PADDED, &unb64(v)), v, "{k}");
            }
        }
        assert!(writer.read_back(&enc).unwrap().is_some(), "{algo}");
        algos.insert(algo);
    }
    assert_eq!(algos.len(), 13, "{algos:?}");
}

// ---------------------------------------------------------------------------------------------
// Keycloak: a realm export of Keycloak 24.0.4 from Keycloak's own test suite

#[test]
fn keycloak_exported_credential_verifies_and_is_written_alike() {
    let m = migrator();
    let user = json_data("keycloak/migration-realm-24.0.4-admin.json");
    let doc = &user["credentials"][0];
    let cred = Credential::new(doc.to_string()).with_scheme("keycloak_pbkdf2");
    let pw = json_data("keycloak/passwords.json");
    assert_verifies(
        &m,
        &cred,
        pw["found"]["admin"].as_str().unwrap(),
        "Keycloak admin",
    );
    let legacy = describe(&m, &cred);
    let writer = keycloak::Keycloak(keycloak::mapping());
    let mut acct = account("admin@example.com");
    acct.profile.username = Some("admin".into());
    let enc = encode(&writer, &acct, &legacy);
    let ours = &object(&enc.text)["credentials"][0];
    assert_eq!(ours["type"], doc["type"]);
    // The two members are JSON documents in strings, as Keycloak exports them: the same
    // documents (Keycloak parses them; the order of their members is not significant).
    for k in ["secretData", "credentialData"] {
        let parse = |v: &Value| -> Value { serde_json::from_str(v.as_str().unwrap()).unwrap() };
        assert_eq!(parse(&ours[k]), parse(&doc[k]), "{k}");
    }
    for k in ours.as_object().unwrap().keys() {
        assert!(doc.get(k).is_some(), "{k} is not in Keycloak's credential");
    }
    let rb = writer.read_back(&enc).unwrap().unwrap();
    assert_verifies(&m, &rb, "admin", "written Keycloak credential");
}

// ---------------------------------------------------------------------------------------------
// Clerk: CreateUserParams' passwordHasher formats and the Firebase migration guide

fn clerk_written(writer: &clerk::Clerk, legacy: &Portable) -> (String, String, Encoded) {
    let enc = encode(writer, &account("user1@test.com"), legacy);
    let user = object(&enc.text);
    (
        user["password_hasher"].as_str().unwrap().to_owned(),
        user["password_digest"].as_str().unwrap().to_owned(),
        enc,
    )
}

#[test]
fn clerk_documented_digests_verify_and_are_written_alike() {
    let m = migrator();
    let formats = json_data("clerk/password-hasher-formats.json");
    let pw = json_data("clerk/passwords.json");
    let writer = clerk::Clerk(clerk::mapping());
    for (hasher, scheme) in [
        ("md5", Some("hex_md5")),
        ("sha256", Some("hex_sha256")),
        ("argon2i", None),
        ("argon2id", None),
    ] {
        let digest = formats[hasher].as_str().unwrap();
        let mut cred = Credential::new(digest);
        if let Some(s) = scheme {
            cred = cred.with_scheme(s);
        }
        match pw["found"][hasher].as_str() {
            Some(p) => assert_verifies(&m, &cred, p, hasher),
            None => assert_reads(&m, &cred, hasher),
        }
        let (h, d, enc) = clerk_written(&writer, &describe(&m, &cred));
        assert_eq!((h.as_str(), d.as_str()), (hasher, digest));
        assert_eq!(
            describe(&m, &writer.read_back(&enc).unwrap().unwrap()),
            describe(&m, &cred)
        );
    }
}

#[test]
fn clerk_scrypt_firebase_digest_is_the_guide_template() {
    // migrate-to-clerk.js: `${passwordHash}$${salt}$${signerKey}$${saltSeparator}$${rounds}$${memoryCost}`
    let guide = data("clerk/firebase-migration-body.js");
    assert!(guide.contains("password_hasher: 'scrypt_firebase'"));
    let s = firebase_sample();
    let template = "${passwordHash}$${salt}$${signerKey}$${saltSeparator}$${rounds}$${memoryCost}";
    assert!(guide.contains(template));
    let expected = template
        .replace("${passwordHash}", &s.hash)
        .replace("${salt}", &s.salt)
        .replace("${signerKey}", &s.key)
        .replace("${saltSeparator}", &s.separator)
        .replace("${rounds}", &s.rounds)
        .replace("${memoryCost}", &s.mem_cost);
    let m = migrator();
    let writer = clerk::Clerk(clerk::mapping());
    let (hasher, digest, enc) = clerk_written(&writer, &describe(&m, &s.credential()));
    assert_eq!(
        (hasher.as_str(), digest.as_str()),
        ("scrypt_firebase", expected.as_str())
    );
    // The guide's body members, with ours.
    let user = object(&enc.text);
    for k in ["email_address", "password_hasher", "password_digest"] {
        assert!(user.contains_key(k), "{k}");
    }
    assert_eq!(user["email_address"], json!([s.email]));
    let rb = writer.read_back(&enc).unwrap().unwrap();
    assert_verifies(&m, &rb, &s.password, "written Clerk scrypt_firebase");
}

#[test]
fn clerk_pbkdf2_digests_have_the_documented_parts() {
    let formats = json_data("clerk/password-hasher-formats.json");
    let parts = |t: &str| t.split('$').count();
    let writer = clerk::Clerk(clerk::mapping());
    let pbkdf2 = |alg: Algorithm, salt: &[u8]| Portable {
        step: Step::Pbkdf2 {
            alg,
            iterations: 10_000,
            salt: salt.to_vec(),
            encoding: PasswordEncoding::Utf8,
        },
        digest: vec![0xab; alg.output_len()],
        scheme: "test",
    };
    // Django's form: the salt as it is, the hash in base64.
    let (h, d, _) = clerk_written(&writer, &pbkdf2(Algorithm::Sha256, b"plainsalt"));
    assert_eq!(h, "pbkdf2_sha256_django");
    assert_eq!(
        parts(&d),
        parts(formats["pbkdf2_sha256_django"].as_str().unwrap())
    );
    assert_eq!(
        d,
        format!(
            "pbkdf2_sha256$10000$plainsalt${}",
            b64::encode(&b64::STANDARD_PADDED, &[0xab; 32])
        )
    );
    // A salt that is not text: both in base64.
    let (h, d, _) = clerk_written(&writer, &pbkdf2(Algorithm::Sha256, &[0xff, 0, 0x24]));
    assert_eq!(h, "pbkdf2_sha256");
    assert_eq!(parts(&d), parts(formats["pbkdf2_sha256"].as_str().unwrap()));
    assert_eq!(d.split('$').nth(2), Some("/wAk"));
    // SHA-1: the five-part form, salt and hash in hex, with the key length.
    let five = formats["pbkdf2_sha1"][1].as_str().unwrap();
    let (h, d, _) = clerk_written(&writer, &pbkdf2(Algorithm::Sha1, b"abcd"));
    assert_eq!(h, "pbkdf2_sha1");
    assert_eq!(parts(&d), parts(five));
    assert_eq!(
        d,
        format!("pbkdf2_sha1$10000$61626364${}$20", "ab".repeat(20))
    );
}

// ---------------------------------------------------------------------------------------------
// WorkOS: the migration tool's Firebase encoding and the Create User spec

#[test]
fn workos_firebase_scrypt_is_written_as_workos_migration_tool_writes_it() {
    let t = json_data("workos/migrations-firebase-test.json");
    let (i, c) = (&t["input"]["userData"], &t["input"]["config"]);
    let legacy = Portable {
        step: Step::FirebaseScrypt {
            salt: unb64(i["salt"].as_str().unwrap()),
            separator: unb64(c["saltSeparator"].as_str().unwrap()),
            rounds: c["rounds"].as_u64().unwrap(),
            mem_cost: c["memoryCost"].as_u64().unwrap(),
            signer_key: Some(zeroize::Zeroizing::new(unb64(
                c["signerKey"].as_str().unwrap(),
            ))),
        },
        digest: unb64(i["passwordHash"].as_str().unwrap()),
        scheme: "test",
    };
    let writer = workos::Workos(workos::mapping());
    let enc = encode(&writer, &account("a@example.com"), &legacy);
    let user = object(&enc.text);
    assert_eq!(user["password_hash"], t["expected"]);
    assert_eq!(user["password_hash_type"], "firebase-scrypt");
    // The documented Firebase sample in that form verifies through the written string.
    let m = migrator();
    let s = firebase_sample();
    let enc = encode(&writer, &account(&s.email), &describe(&m, &s.credential()));
    assert_eq!(
        object(&enc.text)["password_hash"],
        format!(
            "$firebase-scrypt$hash={}$salt={}$sk={}$ss={}$r={}$m={}",
            s.hash, s.salt, s.key, s.separator, s.rounds, s.mem_cost
        )
    );
    let rb = writer.read_back(&enc).unwrap().unwrap();
    assert_verifies(&m, &rb, &s.password, "written WorkOS firebase-scrypt");
}

#[test]
fn workos_hash_types_and_bcrypt_example() {
    let spec = json_data("workos/create-user-password-hash.json");
    let m = migrator();
    let example = spec["password_hash"]["example"].as_str().unwrap();
    let cred = Credential::new(example);
    assert_reads(&m, &cred, "WorkOS spec bcrypt example");
    let writer = workos::Workos(workos::mapping());
    let enc = encode(&writer, &account("a@example.com"), &describe(&m, &cred));
    let user = object(&enc.text);
    assert_eq!(user["password_hash"], example);
    assert_eq!(
        user["password_hash_type"],
        spec["password_hash_type"]["example"]
    );
    // Every type this writer uses is in the API's enum and the Node SDK's type.
    for t in ["bcrypt", "firebase-scrypt", "ssha", "scrypt", "argon2"] {
        assert!(
            spec["node_sdk_PasswordHashType"]
                .as_array()
                .unwrap()
                .contains(&json!(t)),
            "{t}"
        );
        assert!(
            spec["password_hash_type"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!(t)),
            "{t}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Supabase: GoTrue's own test vectors (internal/crypto/password_test.go)

fn supabase_written(writer: &supabase::Supabase, legacy: &Portable) -> Encoded {
    encode(writer, &account("a@example.com"), legacy)
}

#[test]
fn supabase_gotrue_vectors_verify_and_are_written_alike() {
    let m = migrator();
    let t = json_data("supabase/password_test.json");
    let writer = supabase::Supabase(supabase::mapping());
    let mut n = 0;
    for test in ["TestArgon2", "TestFirebaseScrypt", "TestBcrypt"] {
        let password = t[test]["password"].as_str().unwrap();
        for ex in t[test]["examples"].as_array().unwrap() {
            let ex = ex.as_str().unwrap();
            let cred = supabase::read_password(ex).unwrap();
            assert_verifies(&m, &cred, password, ex);
            // Written again from its description: the same string, in the column GoTrue
            // reads.
            let enc = supabase_written(&writer, &describe(&m, &cred));
            let values = supabase::insert_values(&enc.text).unwrap();
            let written = values
                .iter()
                .find(|(c, _)| c == "encrypted_password")
                .map(|(_, v)| v.clone())
                .unwrap();
            assert_eq!(written, ex);
            let rb = writer.read_back(&enc).unwrap().unwrap();
            assert_verifies(&m, &rb, password, "written encrypted_password");
            n += 1;
        }
    }
    assert_eq!(n, 5);
}

#[test]
fn supabase_never_writes_what_gotrue_refuses() {
    let m = migrator();
    let t = json_data("supabase/password_test.json");
    let writer = supabase::Supabase(supabase::mapping());
    // GoTrue refuses argon2d, version 16, `data` and `keyid`: described here, the writer
    // refuses them too (or they cannot be described at all).
    for ex in t["TestArgon2"]["negativeExamples"].as_array().unwrap() {
        let cred = Credential::new(ex.as_str().unwrap());
        let Ok(scheme) = m.identify(&cred) else {
            continue;
        };
        let Ok(legacy) = portable::describe(scheme.id(), &cred, &m.policy().limits) else {
            continue;
        };
        let src = Source {
            position: 1,
            account: &account("a@example.com"),
            credential: None,
            legacy: Some(&legacy),
        };
        assert!(writer.encode(&src).is_err(), "{ex}");
    }
    // GoTrue's refused `$fbscrypt$` strings are refused when read back, or do not verify.
    for ex in t["TestFirebaseScrypt"]["negativeExamples"]
        .as_array()
        .unwrap()
    {
        let ex = ex.as_str().unwrap();
        if let Ok(cred) = supabase::read_password(ex) {
            let r = m.verify(
                t["TestFirebaseScrypt"]["password"]
                    .as_str()
                    .unwrap()
                    .as_bytes(),
                &cred,
            );
            assert!(r.is_err() || r.is_ok_and(|o| !o.valid), "{ex}");
        }
    }
}

#[test]
fn supabase_rows_fill_the_columns_supabase_importers_fill() {
    // supabase-community/firebase-to-supabase `import_users.ts`, plus `banned_until`
    // (supabase/auth migration 20220114185340_add_banned_until).
    let cols = json_data("supabase/import_users-columns.json");
    let m = migrator();
    let writer = supabase::Supabase(supabase::mapping());
    let cred = Credential::new("$2y$04$mIJxfrCaEI3GukZe11CiXublhEFanu5.ododkll1WphfSp6pn4zIu");
    let enc = supabase_written(&writer, &describe(&m, &cred));
    let values: BTreeMap<String, String> = supabase::insert_values(&enc.text)
        .unwrap()
        .into_iter()
        .collect();
    for c in values.keys() {
        assert!(
            cols.as_array().unwrap().contains(&json!(c)) || c == "banned_until",
            "{c}"
        );
    }
    // GoTrue cannot read these token columns as NULL; the importer sets them to ''.
    for c in [
        "confirmation_token",
        "recovery_token",
        "email_change_token_new",
        "email_change",
    ] {
        assert_eq!(values[c], "", "{c}");
    }
    assert_eq!(values["aud"], "authenticated");
    assert_eq!(values["role"], "authenticated");
    assert_eq!(
        values["instance_id"],
        "00000000-0000-0000-0000-000000000000"
    );
}

// ---------------------------------------------------------------------------------------------
// The self-test reads what was written: a mistake in the text shows.

#[test]
fn a_mistake_in_the_written_text_fails_the_read_back() {
    let m = migrator();
    let s = firebase_sample();
    let legacy = describe(&m, &s.credential());
    let right = s.password.as_bytes();
    let fails = |cred: Result<Option<Credential>, String>| match cred {
        Err(_) | Ok(None) => true,
        Ok(Some(c)) => m.verify(right, &c).map_or(true, |o| !o.valid),
    };
    // Clerk: the salt and the separator swapped in the digest.
    let writer = clerk::Clerk(clerk::mapping());
    let mut enc = encode(&writer, &account("a@example.com"), &legacy);
    let swapped = enc.text.replace(
        &format!("${}${}$", s.salt, s.key),
        &format!("${}${}$", s.key, s.salt),
    );
    assert_ne!(swapped, enc.text);
    enc.text = swapped;
    assert!(fails(writer.read_back(&enc)));
    // WorkOS: the rounds changed.
    let writer = workos::Workos(workos::mapping());
    let mut enc = encode(&writer, &account("a@example.com"), &legacy);
    enc.text = enc.text.replace("$r=8$", "$r=7$");
    assert!(fails(writer.read_back(&enc)));
    // Supabase: n off by one.
    let writer = supabase::Supabase(supabase::mapping());
    let mut enc = encode(&writer, &account("a@example.com"), &legacy);
    enc.text = enc.text.replace(",n=14,", ",n=13,");
    assert!(fails(writer.read_back(&enc)));
    // Firebase: the separator of the command line wrong.
    let writer = firebase::Firebase::new(firebase::mapping());
    let mut enc = encode(&writer, &account("a@example.com"), &legacy);
    enc.part = enc
        .part
        .replace("--salt-separator=Bw==", "--salt-separator=CA==");
    assert!(fails(writer.read_back(&enc)));
}
