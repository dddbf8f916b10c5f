//! Every known-answer vector in tests/data, through the same record reader the CLI uses.
//!
//! The vectors were made by independent implementations (libxcrypt, passlib, Django, Werkzeug,
//! PHP, OpenLDAP, Dovecot, PostgreSQL, MariaDB, hashcat's examples, vendor SDKs); each line
//! names its producer. Set `HASHBRIDGE_FORMATS=md5_crypt,bcrypt` to run a subset.

mod common;

use std::collections::BTreeMap;

use hashbridge::toolkit::record;
use hashbridge::{Credential, Error, ErrorKind, Limits, Migrator, Policy, Registry};

/// The memory the largest vectors need: libxcrypt's `mkpasswd -m scrypt -R 10` and `-R 11`
/// write 512 MiB and 1 GiB arrays, above the default per-verify ceiling of 256 MiB.
const LARGEST_VECTOR_MEMORY: u64 = 1 << 30;
/// And the work: the 1 GiB one is about 3 seconds, over the default budget of about 2.
const LARGEST_VECTOR_WORK: u64 = 2 * Limits::DEFAULT.max_work;

/// Default limits, but for the memory and work the largest vectors need.
fn migrator() -> Migrator {
    let mut limits = Limits::DEFAULT;
    limits.max_memory_bytes = LARGEST_VECTOR_MEMORY;
    limits.max_work = LARGEST_VECTOR_WORK;
    Migrator::new(Registry::default(), Policy::default().with_limits(limits))
        .expect("the default target fits")
        .with_rehash(false)
}

/// At the default limits every vector verifies but those whose own costs are over them, and
/// those are refused before any work with a limit error naming the setting that raises it:
/// every default cost of a real producer fits the defaults.
#[test]
fn default_limits_refuse_only_costs_beyond_them() {
    let m = Migrator::default().with_rehash(false);
    let mut refused = Vec::new();
    for v in common::load(common::known_answer) {
        let rec = record::parse_line(&v.line).expect("vector records parse");
        let pw = rec.password.as_deref().expect("vectors carry a password");
        match m.verify(pw, &rec.credential) {
            Ok(o) => assert_eq!(Some(o.valid), v.valid(), "{}", v.id()),
            Err(Error::Limit {
                knob, value, limit, ..
            }) => {
                let raised = match knob {
                    "Limits::max_memory_bytes" => LARGEST_VECTOR_MEMORY,
                    "Limits::max_work" => LARGEST_VECTOR_WORK,
                    other => panic!("{}: refused by {other}", v.id()),
                };
                assert!(value > limit && value <= raised, "{}", v.id());
                refused.push(v.id().to_owned());
            }
            Err(e) => panic!("{}: {e}", v.id()),
        }
    }
    // Only non-default costs (`-R` above libxcrypt's default) are over the defaults.
    assert!(refused.len() <= 4, "refused at the defaults: {refused:?}");
}

#[test]
fn known_answer_vectors() {
    let m = migrator();
    let vectors = common::load(common::known_answer);
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in &vectors {
        let rec = match record::parse_line(&v.line) {
            Ok(r) => r,
            Err((_, e)) => {
                failures
                    .entry(v.format().into())
                    .or_default()
                    .push(format!("{}: record: {e}", v.id()));
                continue;
            }
        };
        let pw = rec.password.as_deref().expect("vectors carry a password");
        let want = v.valid().expect("known-answer vectors say valid");
        match m.verify(pw, &rec.credential) {
            Ok(o) if o.valid == want && o.scheme == v.format() => {}
            Ok(o) => failures.entry(v.format().into()).or_default().push(format!(
                "{}: got valid={} scheme={}, want valid={want}",
                v.id(),
                o.valid,
                o.scheme
            )),
            Err(e) => failures
                .entry(v.format().into())
                .or_default()
                .push(format!("{}: error {e}", v.id())),
        }
    }
    let failed: usize = failures.values().map(Vec::len).sum();
    for (format, list) in &failures {
        eprintln!("{format}: {} failing", list.len());
        for f in list.iter().take(5) {
            eprintln!("    {f}");
        }
    }
    assert!(!vectors.is_empty(), "no vectors selected");
    assert_eq!(failed, 0, "{failed} of {} vectors failed", vectors.len());
}

/// Formats whose strings carry no marker of their own: without a hint they may be ambiguous
/// or unrecognised, but never silently read as another format.
const HINT_ONLY: &[&str] = &[
    "plaintext",
    "ldap_plaintext",
    "salted_md5",
    "salted_sha1",
    "salted_sha256",
    "salted_sha512",
    "vbulletin",
    "mybb",
    "redmine",
    "punbb",
    "opencart",
    "wbb3",
    "prestashop",
    "smf",
    "umbraco_hmacsha1",
    "peoplesoft",
    "aspnet_membership_sha1",
    "aspnet_membership_sha256",
    "firebase_scrypt",
    "htdigest",
    "msdcc",
    "msdcc2",
    "oracle10",
    "cisco_asa",
    "cisco_type7",
    "postgres_md5",
    "werkzeug_salted",
    // 16 hex digits, and MariaDB's OLD_PASSWORD('') is the empty string.
    "mysql323",
    // Bare hex digests of enterprise systems.
    "lotus_domino5",
    // Eight characters of 0-9A-Za-z; 104 characters of base64.
    "dahua_md5",
    "juniper_ive",
];

/// Formats whose strings are byte for byte another format's, which claims them by its marker:
/// without the hint they are read as that format (and the right password does not match).
const READ_AS_WITHOUT_HINT: &[(&str, &str)] = &[
    ("vbulletin5", "bcrypt"),
    ("woltlab_double_bcrypt", "bcrypt"),
];

/// Formats without a marker whose every string another format could have written, so that
/// without a hint identification is rightly ambiguous: the format must then be among the
/// candidates. Every other format that is not hint-only identifies itself exactly.
const AMBIGUOUS_BY_SHAPE: &[&str] = &[
    // 32 hex digits: MD5, MD4, NT, LM, MS-Cache, Radmin 2, nested-MD5 web digests, a Kerberos
    // AES-128 key.
    "hex_md4",
    "hex_md5",
    "nthash",
    "lmhash",
    "radmin2",
    "dle_md5md5",
    "phpfox",
    "thinkphp5",
    "empirecms",
    "kerberos_aes128",
    // 40 hex digits: SHA-1, Rails' stretched SHA-1, an XMPP stored key, SAP CODVN F.
    "hex_sha1",
    "rails_restful_auth",
    "xmpp_scram_sha1",
    "sap_codvn_f",
    // 64 hex digits: SHA-256, a Kerberos AES-256 key, NetWitness' upper-case SHA-256.
    "hex_sha256",
    "kerberos_aes256",
    "netwitness_sha256",
    // 128 hex digits: SHA-512 and CubeCart's Whirlpool.
    "hex_sha512",
    "cubecart",
    // 16 upper-case hex digits: SAP CODVN B, RACF (and MySQL 3.23, Oracle 7-10g).
    "sap_codvn_b",
    "racf",
    // 16 characters of Cisco's base64: PIX, ASA without a user name, OpenEdge's ENCODE letters.
    "cisco_pix",
    "openedge_encode",
    // Base64 of a bare digest: 16 bytes (ASP.NET MD5, or a base64 MD5/MD4), 64 bytes (ASP.NET
    // SHA-512, SolarWinds Orion v1 and v2).
    "aspnet_membership_md5",
    "aspnet_membership_sha512",
    "solarwinds_orion",
    "solarwinds_orion_v2",
    // 24 characters: bigcrypt of 9-16 characters and crypt16 share the length and alphabet.
    "bigcrypt",
    "crypt16",
];

/// Formats whose strings for some passwords are byte for byte another format's that computes the
/// same value: without the hint they are read as that format, which gives the same answer.
const SAME_ANSWER_AS: &[(&str, &str)] = &[
    // bigcrypt of at most 8 characters is one DES crypt block: a des_crypt string.
    ("bigcrypt", "des_crypt"),
];

/// Every vector without its hint: a format that identifies itself is identified as exactly that
/// format and verifies as the vector says; a format without a marker is ambiguous (with itself
/// among the candidates where its shape is claimed) or unrecognised, never read as another.
#[test]
fn identification_without_hint() {
    let m = migrator();
    let mut failures = Vec::new();
    for v in common::load(common::known_answer) {
        let Ok(rec) = record::parse_line(&v.line) else {
            continue;
        };
        let c = rec.credential;
        let mut bare = Credential::new(c.hash()).with_params(c.params().clone());
        if let Some(s) = c.salt() {
            bare = bare.with_salt(s.to_vec());
        }
        if let Some(u) = c.username() {
            bare = bare.with_username(u);
        }
        let hint_only = HINT_ONLY.contains(&v.format());
        match m.identify(&bare) {
            Ok(s) if s.id() == v.format() || SAME_ANSWER_AS.contains(&(v.format(), s.id())) => {
                let pw = rec.password.as_deref().map_or(&[][..], |p| &p[..]);
                // Called directly, the scheme would draw on the process default budget (1 GiB);
                // the largest vectors need the migrator's, sized for its raised limits.
                match m
                    .memory_budget()
                    .scope(|| s.verify(pw, &bare, &m.policy().limits))
                {
                    Ok(valid) if Some(valid) == v.valid() => {}
                    other => failures.push(format!(
                        "{} ({}): identified as {} and got {other:?}",
                        v.id(),
                        v.format(),
                        s.id()
                    )),
                }
            }
            Ok(s) if READ_AS_WITHOUT_HINT.contains(&(v.format(), s.id())) => {}
            Ok(s) => failures.push(format!(
                "{} ({}): identified as {}",
                v.id(),
                v.format(),
                s.id()
            )),
            Err(Error::Ambiguous { candidates }) => {
                let listed = candidates.iter().any(|c| c == v.format());
                if !(hint_only || AMBIGUOUS_BY_SHAPE.contains(&v.format()) && listed) {
                    failures.push(format!(
                        "{} ({}): ambiguous among {candidates:?}",
                        v.id(),
                        v.format()
                    ));
                }
            }
            Err(e) if hint_only && e.kind() == ErrorKind::Unsupported => {}
            Err(e) => failures.push(format!("{} ({}): {e}", v.id(), v.format())),
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} identification failures",
        failures.len()
    );
}

/// Each malformed vector is an error (or at worst a non-match).
#[test]
fn malformed_vectors_are_refused() {
    let m = migrator();
    let mut failures = Vec::new();
    for v in common::load(common::malformed) {
        let answer = match record::parse_line(&v.line) {
            Err((_, e)) => Err(e),
            Ok(rec) => m.verify(
                rec.password.as_deref().map_or(&[][..], |p| &p[..]),
                &rec.credential,
            ),
        };
        match answer {
            Err(_) | Ok(hashbridge::Outcome { valid: false, .. }) => {}
            Ok(o) => failures.push(format!("{}: accepted as {}", v.id(), o.scheme)),
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} malformed vectors not refused",
        failures.len()
    );
}

/// Every format the vector files name is registered under that id.
#[test]
fn every_vector_format_is_registered() {
    let m = migrator();
    let mut missing: Vec<String> = common::load(common::known_answer)
        .iter()
        .map(|v| v.format().to_owned())
        .filter(|f| m.registry().get(f).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "unregistered formats: {missing:?}");
}

/// Markers shared between families resolve to the right one.
#[test]
fn shared_markers_resolve_by_body() {
    let reg = hashbridge::Registry::default();
    let id = |h: &str| {
        reg.identify(h)
            .map(|s| s.id().to_owned())
            .unwrap_or_else(|e| e.to_string())
    };
    // Dovecot's lower-case {sha256} (64 hex) vs Spring's StandardPasswordEncoder (80 hex).
    let dovecot = format!("{{sha256}}{}", "ab".repeat(32));
    assert_eq!(id(&dovecot), "dovecot_sha256");
    let spring = format!("{{sha256}}{}", "ab".repeat(40));
    assert_eq!(id(&spring), "spring_delegating");
    assert_eq!(id("{MD5}$1$0Ov4HHgi$kG5Z10/jK8oyH2ro61O3h0"), "dovecot_md5");
    assert_eq!(id("{MD5}a8105204604a0b11e916f3879aae3b0b"), "ldap_hex_md5");
    assert_eq!(id("{MD5}1B2M2Y8AsgTpgAmY7PhCfg=="), "ldap_md5");
    assert_eq!(
        id("{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9"),
        "dovecot_pbkdf2"
    );
    assert_eq!(
        id("{PBKDF2}1000$TqkVIgSAkJLyHqNUCkHoHQ$IgShT4GK6s2Ydw0PxN3b5BhfMEE"),
        "ldap_pbkdf2_sha1"
    );
    assert_eq!(id("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"), "mysql41");
    assert_eq!(id("*"), "unix_disabled");
    // AIX's lower-case tags and `$` bodies against LDAP's case-insensitive salted markers.
    assert_eq!(
        id("{ssha256}06$2715084824104660$1s/s4RZWEcvZ5VuWPXWGUfwSoG07eVSVce8F6ANJ.g4"),
        "aix_ssha256"
    );
    assert_eq!(id("{smd5}17800721$WkGka7tXcrfpUQS6WOQyw/"), "aix_smd5");
    assert_eq!(id("{smd5}Gm6CKPEq9DmrVkzWrQu/jrjg50s="), "ldap_salted_md5");
    assert_eq!(
        id("{ssha512}FLzWcQqyle6Mo7NvrwXCMAmRzXQxNjYxMTYzNw=="),
        "ldap_salted_sha512"
    );
    // osCommerce's 2-character inline salt against Joomla's 16 and 32.
    assert_eq!(id("e983672a03adcc9767b24584338eb378:00"), "oscommerce");
    assert_eq!(
        id("b78f863f2c67410c41e617f724e22f34:89384528665349271307465505333378"),
        "joomla"
    );
    // Oak's `{SHA-256}salt-N-hash` against Spring's unsalted `{SHA-256}hex`.
    let oak = "{SHA-256}f9bbf1381f481427-1000-a1b45fd7eb190cc7f0bf831698cb777207eebbb4b7ea2abd6fff84be539aae62";
    assert_eq!(id(oak), "jackrabbit_sha256");
    assert_eq!(
        id(&format!("{{SHA-256}}{}", "ab".repeat(32))),
        "spring_delegating"
    );
    assert_eq!(
        id("sha1$fe76b$02d5916550edf7fc8c886f044887f4b1abf9b013"),
        "django_salted_sha1"
    );
}

/// LDIF exports carry `userPassword` values base64-wrapped (`userPassword:: ...`) or plain. A
/// batch record (and the CLI's `--hash`) holding such a line is read as its value, alike for
/// `verify` and `identify`; the library's `Migrator` takes hash strings only.
#[test]
fn ldif_user_password_values() {
    let m = migrator();
    let answer = |line: String, identify: bool| -> serde_json::Value {
        let out = if identify {
            record::identify_line(&m, 1, &line)
        } else {
            record::verify_line(&m, 1, &line)
        };
        serde_json::from_str(&out).expect("an answer is JSON")
    };
    let line = |password: &str, hash: &str| {
        serde_json::json!({ "password": password, "hash": hash }).to_string()
    };
    // passlib's {SSHA} vector for "pässwörd", as `ldapsearch` prints it.
    let wrapped = "userPassword:: e1NTSEF9dnhoM0s1WGtBS0tBb1praHluaWtIbmFJdnNnR1FHZ3Q=";
    for stored in [
        wrapped,
        "userPassword: {SSHA}vxh3K5XkAKKAoZkhynikHnaIvsgGQGgt",
        "USERPASSWORD::e1NTSEF9dnhoM0s1WGtBS0tBb1praHluaWtIbmFJdnNnR1FHZ3Q=",
    ] {
        let ok = answer(line("pässwörd", stored), false);
        assert_eq!(ok["valid"], true, "{stored}: {ok}");
        assert_eq!(ok["scheme"], "ldap_salted_sha1", "{stored}");
        assert_eq!(answer(line("passwort", stored), false)["valid"], false);
        let id = answer(line("", stored), true);
        assert_eq!(id["scheme"], "ldap_salted_sha1", "{stored}: {id}");
        assert_eq!(id["needs_upgrade"], true, "{stored}");
    }
    // Not a hash format: the library alone does not unwrap it.
    assert!(
        m.verify("pässwörd".as_bytes(), &Credential::new(wrapped))
            .is_err()
    );
    for bad in [
        "userPassword:: !!!",
        "userPassword:: ",
        "userPassword:: dXNlclBhc3N3b3JkOjogZTFOVFNFRjk=",
    ] {
        for identify in [false, true] {
            let e = answer(line("x", bad), identify);
            assert_eq!(e["error"]["kind"], "malformed", "{bad}: {e}");
        }
    }
}
