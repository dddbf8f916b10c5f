use super::*;
use crate::error::ErrorKind;

fn small() -> Options {
    Options {
        max_record_bytes: 256,
        ..Options::default()
    }
}

fn all(format: Format, input: &str, options: &Options) -> (Vec<Entry>, Result<u64, ExportError>) {
    let mut v = Vec::new();
    let r = read(format, input.as_bytes(), options, |e| v.push(e));
    (v, r)
}

fn ok(format: Format, input: &str) -> Vec<Account> {
    let (v, r) = all(format, input, &Options::default());
    r.unwrap();
    v.into_iter().map(|e| e.account.unwrap()).collect()
}

fn kinds(entries: &[Entry]) -> Vec<Option<ErrorKind>> {
    entries
        .iter()
        .map(|e| e.account.as_ref().err().map(Error::kind))
        .collect()
}

#[test]
fn format_names_round_trip() {
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>().unwrap(), f);
    }
    assert_eq!("passwd".parse::<Format>().unwrap(), Format::Shadow);
    assert_eq!("HTDIGEST".parse::<Format>().unwrap(), Format::Htpasswd);
    assert_eq!(
        "mongodb".parse::<Format>().unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

#[test]
fn empty_input_is_no_accounts() {
    for f in Format::ALL {
        let (v, r) = all(f, "", &Options::default());
        // A JSON document with no users array is an error; nothing at all is not.
        assert!(v.is_empty(), "{f}");
        assert!(r.is_ok(), "{f}: {r:?}");
        let (v, r) = all(f, " \n\n", &Options::default());
        assert!(v.is_empty() && r.is_ok(), "{f}");
    }
}

#[test]
fn shadow_markers_and_locks() {
    let a = ok(
        Format::Shadow,
        "# comment\n+nisuser::::::\nroot:*:1::::::\nsvc:!!:1::::::\nlk:!:1::::::\n\
         sol:*LK*$1$abcdefgh$0123456789012345678901:1::::::\nsol2:*LK*:1::::::\n\
         empty::1::::::\nme:!$6$salt$hash:1::::::\nnp:NP:1::::::\n",
    );
    let summary: Vec<_> = a
        .iter()
        .map(|a| (a.user.as_deref(), a.credential.is_some(), a.locked))
        .collect();
    assert_eq!(
        summary,
        [
            (Some("root"), false, false),
            (Some("svc"), false, true),
            (Some("lk"), false, true),
            (Some("sol"), true, true),
            (Some("sol2"), false, true),
            (Some("empty"), false, false),
            (Some("me"), true, true),
            (Some("np"), false, false),
        ]
    );
    assert_eq!(
        a[3].credential.as_ref().unwrap().hash(),
        "$1$abcdefgh$0123456789012345678901"
    );
    assert_eq!(a[6].credential.as_ref().unwrap().hash(), "$6$salt$hash");
    assert_eq!(
        a[5].note,
        Some("empty password field: login needs no password")
    );
}

#[test]
fn shadow_bad_lines_are_entries_and_reading_goes_on() {
    let (v, r) = all(
        Format::Shadow,
        "bare\n:x:1\nok:$1$a$b\n",
        &Options::default(),
    );
    r.unwrap();
    assert_eq!(
        kinds(&v),
        [Some(ErrorKind::Malformed), Some(ErrorKind::Malformed), None]
    );
    assert_eq!(v[2].position, 3);
}

#[test]
fn long_lines_are_limit_errors_with_constant_memory() {
    let long = format!("u:{}\nnext:$1$a$b\n", "a".repeat(10_000));
    let (v, r) = all(Format::Htpasswd, &long, &small());
    r.unwrap();
    assert_eq!(kinds(&v), [Some(ErrorKind::Limit), None]);
    assert_eq!(v[1].position, 2);
}

#[test]
fn not_utf8_lines_are_errors() {
    let mut v = Vec::new();
    read(
        Format::Shadow,
        &b"a:\xff\xfe\nb:$1$a$b\n"[..],
        &Options::default(),
        |e| v.push(e),
    )
    .unwrap();
    assert_eq!(kinds(&v), [Some(ErrorKind::Malformed), None]);
}

#[test]
fn htpasswd_and_htdigest_lines() {
    let a = ok(
        Format::Htpasswd,
        "# c\nalice:$apr1$abc$def\nbob:realm:0123456789abcdef0123456789ABCDEF\ncarol:\n",
    );
    assert_eq!(a[0].credential.as_ref().unwrap().hash(), "$apr1$abc$def");
    let b = a[1].credential.as_ref().unwrap();
    assert_eq!(b.scheme(), Some("htdigest"));
    assert_eq!(b.params().get("realm"), Some("realm"));
    assert_eq!(b.username(), Some("bob"));
    assert!(a[2].credential.is_none());
}

#[test]
fn ldif_folding_base64_comments_and_several_values() {
    let input = "version: 1\n\n# a comment\n#  folded comment\ndn: uid=al\n ice,dc=x\nuid: al\n \
                 ice\nuserPassword:: e1NTSEF9YWJj\nuserPassword: {SHA}\n abc=\nuserPassword;binary: pl\
                 ain\n\ndn: cn=nopw\ncn: nopw\n";
    let a = ok(Format::Ldif, input);
    assert_eq!(a.len(), 3);
    assert!(a.iter().all(|a| a.user.as_deref() == Some("alice")));
    let hashes: Vec<_> = a
        .iter()
        .map(|a| a.credential.as_ref().unwrap().hash().to_owned())
        .collect();
    assert_eq!(hashes, ["{SSHA}abc", "{SHA}abc=", "plain"]);
    assert_eq!(
        a[2].credential.as_ref().unwrap().scheme(),
        Some("ldap_plaintext")
    );
    assert_eq!(a[0].credential.as_ref().unwrap().scheme(), None);
}

#[test]
fn ldif_bad_entries() {
    let input = " stray\n\ndn: a\nuserPassword:: !!!\n\ndn: b\nuserPassword:< file:///etc/shadow\n\n\
                 dn: c\nnocolon\n\nuserPassword: x\n\ndn: d\nuserPassword: {SHA}ok\n";
    let (v, r) = all(Format::Ldif, input, &Options::default());
    r.unwrap();
    assert_eq!(
        kinds(&v),
        [
            Some(ErrorKind::Malformed),
            Some(ErrorKind::Malformed),
            Some(ErrorKind::Malformed),
            Some(ErrorKind::Malformed),
            Some(ErrorKind::Malformed),
            None
        ]
    );
    assert_eq!(v[5].position, 14);
}

#[test]
fn ldif_entry_over_the_limit() {
    let input = format!(
        "dn: a\ndescription: {}\n {}\nuserPassword: x\n\ndn: b\nuserPassword: {{SHA}}y\n",
        "d".repeat(200),
        "e".repeat(200)
    );
    let (v, r) = all(Format::Ldif, &input, &small());
    r.unwrap();
    assert_eq!(kinds(&v), [Some(ErrorKind::Limit), None]);
}

#[test]
fn csv_header_mapping_salts_and_params() {
    let input = "Email;Password_Hash;salt;salt_encoding;param.realm\n\
                 a@x;abc;00ff;hex;r1\n\
                 b@x;\"de;f\";;;\n\
                 c@x;;;;\n";
    let a = ok(Format::Csv, input);
    assert_eq!(a.len(), 3);
    let c = a[0].credential.as_ref().unwrap();
    assert_eq!(a[0].user.as_deref(), Some("a@x"));
    assert_eq!(c.salt(), Some(&[0u8, 0xff][..]));
    assert_eq!(c.params().get("realm"), Some("r1"));
    assert_eq!(a[1].credential.as_ref().unwrap().hash(), "de;f");
    assert!(a[2].credential.is_none());
}

#[test]
fn csv_columns_named_by_the_caller() {
    let mut options = Options::default();
    options.columns.hash = Some("PW".into());
    options.columns.user = Some("login".into());
    options.scheme = Some("hex_md5".into());
    let (v, r) = all(Format::Csv, "login,pw,password\nu,h,other\n", &options);
    r.unwrap();
    let a = v[0].account.as_ref().unwrap();
    let c = a.credential.as_ref().unwrap();
    assert_eq!(
        (a.user.as_deref(), c.hash(), c.scheme()),
        (Some("u"), "h", Some("hex_md5"))
    );
    options.columns.hash = Some("missing".into());
    let (_, r) = all(Format::Csv, "login,pw\nu,h\n", &options);
    assert!(matches!(r, Err(ExportError::Invalid(_))));
}

#[test]
fn csv_without_hash_column_or_with_oversized_record_stops() {
    let (_, r) = all(Format::Csv, "user,name\nu,n\n", &Options::default());
    assert!(matches!(r, Err(ExportError::Invalid(e)) if e.kind() == ErrorKind::Malformed));
    let input = format!("user,hash\nu,\"{}\"\nv,h\n", "x".repeat(100_000));
    let (v, r) = all(Format::Csv, &input, &small());
    assert!(v.is_empty());
    assert!(matches!(r, Err(ExportError::Invalid(e)) if e.kind() == ErrorKind::Limit));
}

#[test]
fn csv_bad_salt_is_an_entry_error() {
    let (v, r) = all(
        Format::Csv,
        "user,hash,salt,salt_encoding\nu,h,zz,hex\n",
        &Options::default(),
    );
    r.unwrap();
    assert_eq!(kinds(&v), [Some(ErrorKind::Malformed)]);
}

#[test]
fn json_documents_stream_and_skip_other_members() {
    let input = r#"{"kind":"x","other":[1,[2,{"a":"b"}]],"users":[
        {"localId":"1","email":"a@x","passwordHash":"aGFzaA==","salt":"c2FsdA=="},
        {"localId":"2","providerUserInfo":[]},
        7,
        {"localId":"3","passwordHash":"aGFzaA==","salt":"not base64!","disabled":true}
    ],"tail":{"deep":[[[]]]}}"#;
    let (v, r) = all(Format::Firebase, input, &Options::default());
    r.unwrap();
    assert_eq!(
        kinds(&v),
        [
            None,
            None,
            Some(ErrorKind::Malformed),
            Some(ErrorKind::Malformed)
        ]
    );
    let a = v[0].account.as_ref().unwrap();
    let c = a.credential.as_ref().unwrap();
    assert_eq!(c.salt(), Some(&b"salt"[..]));
    assert_eq!(c.scheme(), Some("firebase_scrypt"));
    assert_eq!(v[3].position, 4);
}

#[test]
fn broken_json_documents_stop_with_a_position() {
    let cases = [
        r#"{"users":[{"email":"a"}"#,
        r#"{"users":{}}"#,
        r#"{"users":[]} trailing"#,
        r#"{"nousers":[]}"#,
        r#"[1,2]"#,
        r#"{"users":[{"a":"\ud800"}]}"#,
    ];
    for c in cases {
        let (_, r) = all(Format::Keycloak, c, &Options::default());
        assert!(matches!(r, Err(ExportError::Invalid(_))), "{c}: {r:?}");
    }
}

/// A user object nested `depth` levels deep (the user itself is level 1).
fn nested_user(depth: usize) -> String {
    format!(
        r#"{{"username":"deep","email":"deep@x","a":{}1{}}}"#,
        "[".repeat(depth - 1),
        "]".repeat(depth - 1)
    )
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    // An element far deeper than any stack: skipped to its end, reported, and reading goes on.
    let deep = format!(
        "{{\"users\":[{}{},{{\"username\":\"next\"}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (v, r) = all(Format::Keycloak, &deep, &Options::default());
    r.unwrap();
    assert_eq!(kinds(&v), [Some(ErrorKind::Limit), None]);
    let skipped = format!(
        "{{\"x\":{}{},\"users\":[]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Skipping keeps one byte per nesting level: bounded by the skip allowance.
    let (_, r) = all(Format::Keycloak, &skipped, &small());
    assert!(matches!(r, Err(ExportError::Invalid(e)) if e.kind() == ErrorKind::Limit));
}

#[test]
fn a_user_nested_too_deep_is_one_error_entry_between_good_ones() {
    let good =
        |n: &str| format!(r#"{{"username":"{n}","email":"{n}@x","passwordHash":"aGFzaA=="}}"#);
    let users = format!("{},{},{}", good("a"), nested_user(200), good("b"));
    for (format, input) in [
        (
            Format::Firebase,
            format!(r#"{{"kind":"x","users":[{users}]}}"#),
        ),
        (
            Format::Keycloak,
            format!(r#"{{"realm":"r","users":[{users}],"clients":[]}}"#),
        ),
        (Format::Auth0, format!("[{users}]")),
    ] {
        let (v, r) = all(format, &input, &Options::default());
        r.unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(kinds(&v), [None, Some(ErrorKind::Limit), None], "{format}");
        assert_eq!(
            v.iter().map(|e| e.position).collect::<Vec<_>>(),
            [1, 2, 3],
            "{format}"
        );
        let users: Vec<_> = v
            .iter()
            .filter_map(|e| e.account.as_ref().ok()?.user.clone())
            .collect();
        assert_eq!(users.len(), 2, "{format}");
        assert!(
            users[0].starts_with('a') && users[1].starts_with('b'),
            "{format}"
        );
        assert_eq!(
            v[1].account.as_ref().unwrap_err(),
            &Error::limit(format.name(), "nesting depth", 65, 64, ""),
            "{format}"
        );
    }
}

#[test]
fn nesting_up_to_the_depth_limit_is_read() {
    for (depth, ok) in [(json::MAX_DEPTH, true), (json::MAX_DEPTH + 1, false)] {
        let input = format!(r#"{{"users":[{}]}}"#, nested_user(depth));
        let (v, r) = all(Format::Keycloak, &input, &Options::default());
        r.unwrap();
        assert_eq!(v[0].account.is_ok(), ok, "depth {depth}");
        // The JSON-lines form of a vendor export is held to the same depth.
        let (v, r) = all(
            Format::Django,
            &format!("{}\n", nested_user(depth)),
            &Options::default(),
        );
        r.unwrap();
        let kind = v
            .first()
            .and_then(|e| e.account.as_ref().err().map(Error::kind));
        assert_eq!(kind, (!ok).then_some(ErrorKind::Limit), "depth {depth}");
    }
}

#[test]
fn limit_errors_name_the_limit_that_was_exceeded() {
    let big = "x".repeat(20_000);
    for (input, param, limit) in [
        // A skipped member may take 64 times the record limit, and says so when it takes more.
        (
            format!(r#"{{"clients":["{big}"],"users":[{{"username":"u"}}]}}"#),
            "skipped member bytes",
            64 * 256,
        ),
        // A user over the record limit names the record limit.
        (
            format!(r#"{{"users":[{{"username":"{big}"}}]}}"#),
            "record bytes",
            256,
        ),
    ] {
        let (_, r) = all(Format::Keycloak, &input, &small());
        match r {
            Err(ExportError::Invalid(e)) => assert_eq!(
                e,
                Error::limit(
                    "keycloak",
                    param,
                    limit + 1,
                    limit,
                    "export::Options::max_record_bytes"
                )
            ),
            other => panic!("{param}: {other:?}"),
        }
    }
}

#[test]
fn json_element_over_the_limit_stops_but_skipped_members_do_not_count() {
    let big = "x".repeat(10_000);
    let input = format!(r#"{{"users":[{{"username":"{big}"}}]}}"#);
    let (_, r) = all(Format::Keycloak, &input, &small());
    assert!(matches!(r, Err(ExportError::Invalid(e)) if e.kind() == ErrorKind::Limit));
    let input = format!(r#"{{"clients":["{big}"],"users":[{{"username":"u"}}]}}"#);
    let (v, r) = all(Format::Keycloak, &input, &small());
    r.unwrap();
    assert_eq!(v.len(), 1);
}

#[test]
fn keycloak_credentials() {
    let input = r#"{"realm":"r","users":[
        {"username":"a","enabled":false,"credentials":[{"type":"otp"},{"id":"i","type":"password","userLabel":"l","createdDate":1,"secretData":"{}","credentialData":"{}"}]},
        {"username":"b","credentials":"oops"},
        {"username":"c"}
    ]}"#;
    let (v, r) = all(Format::Keycloak, input, &Options::default());
    r.unwrap();
    assert_eq!(kinds(&v), [None, Some(ErrorKind::Malformed), None]);
    let a = v[0].account.as_ref().unwrap();
    assert!(a.locked);
    let c = a.credential.as_ref().unwrap();
    assert_eq!(c.scheme(), None);
    // Only the members the scheme reads are kept.
    assert_eq!(
        c.hash(),
        r#"{"credentialData":"{}","secretData":"{}","type":"password"}"#
    );
}

#[test]
fn auth0_ndjson_and_import_array() {
    let a = ok(
        Format::Auth0,
        "{\"_id\":{\"$oid\":\"abc\"},\"passwordHash\":\"$2b$10$x\"}\n{\"email\":\"e\",\"blocked\":true}\n",
    );
    assert_eq!(a[0].user.as_deref(), Some("abc"));
    assert!(a[1].credential.is_none() && a[1].locked);
    let a = ok(
        Format::Auth0,
        r#"[{"email":"e","custom_password_hash":{"algorithm":"md5","hash":{"value":"00"}}}]"#,
    );
    let c = a[0].credential.as_ref().unwrap();
    assert_eq!(c.scheme(), Some("auth0_custom_password_hash"));
    let (v, r) = all(Format::Auth0, "not json\n[1]\n", &Options::default());
    r.unwrap();
    assert_eq!(
        kinds(&v),
        [Some(ErrorKind::Malformed), Some(ErrorKind::Malformed)]
    );
}

#[test]
fn django_objects_without_password_are_not_accounts() {
    let input = r#"[{"model":"auth.group","pk":1,"fields":{"name":"g"}},
        {"model":"auth.user","pk":2,"fields":{"username":"u","password":"0123456789abcdef0123456789abcdef","is_active":false}},
        {"model":"accounts.user","pk":3,"fields":{"email":"e","password":""}}]"#;
    let (v, r) = all(Format::Django, input, &Options::default());
    r.unwrap();
    assert_eq!(v.iter().map(|e| e.position).collect::<Vec<_>>(), [2, 3]);
    let a = v[0].account.as_ref().unwrap();
    assert!(a.locked);
    assert_eq!(a.credential.as_ref().unwrap().scheme(), Some("hex_md5"));
    assert!(v[1].account.as_ref().unwrap().credential.is_none());
}

#[test]
fn options_params_fill_in_under_record_params() {
    let mut options = Options::default();
    options.params.insert("realm", "outer");
    options.params.insert("rounds", "8");
    let (v, _) = all(
        Format::Htpasswd,
        "u:inner:0123456789abcdef0123456789abcdef\n",
        &options,
    );
    let c = v[0].account.as_ref().unwrap().credential.clone().unwrap();
    assert_eq!(c.params().get("realm"), Some("inner"));
    assert_eq!(c.params().get("rounds"), Some("8"));
}

#[test]
fn entry_json_writes_batch_records() {
    let (v, _) = all(
        Format::Csv,
        "user,hash,salt,salt_encoding\nu,h,00ff,hex\n",
        &Options::default(),
    );
    assert_eq!(
        entry_json(&v[0]),
        r#"{"hash":"h","id":"u","profile":{"username":"u"},"record":2,"salt":"AP8=","salt_encoding":"base64","username":"u"}"#
    );
    let (v, _) = all(Format::Shadow, "bad\n", &Options::default());
    assert!(entry_json(&v[0]).starts_with(r#"{"error":{"kind":"malformed""#));
}

#[test]
fn byte_order_marks_are_dropped() {
    for f in [Format::Shadow, Format::Htpasswd, Format::Ldif] {
        let input = match f {
            Format::Ldif => "\u{feff}dn: uid=a\nuid: a\nuserPassword: {SHA}x\n",
            _ => "\u{feff}a:$1$s$h\n",
        };
        assert_eq!(ok(f, input)[0].user.as_deref(), Some("a"), "{f}");
    }
    let a = ok(Format::Csv, "\u{feff}user,hash\na,h\n");
    assert_eq!(a[0].user.as_deref(), Some("a"));
}
