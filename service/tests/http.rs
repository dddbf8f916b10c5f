//! The endpoints over real HTTP: Okta's documented hook request, bad input, wrong methods and
//! paths, throttling that survives a restart and keys clients on the end user's address only,
//! the account lookup, overload, graceful shutdown, TLS, erasing migrated credentials and the
//! status page.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use hashbridge::{Migrator, Policy, Registry, Target};
use hashbridge_service::account::State;
use hashbridge_service::store::ThrottleRule;
use serde_json::{Value, json};

fn data(file: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file)
}

/// A bad request: path, body, secret, expected status and error kind.
type Case<'a> = (&'a str, Vec<u8>, Option<&'a str>, u16, &'a str);

/// Sends only the head of a request that declares a 1 GiB body and reads what the service
/// answers: the body limit applies to the declared length before any byte of it arrives.
async fn too_large_by_declared_length(base: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /v1/verify HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {SECRET}\r\n\
         content-type: application/json\r\ncontent-length: 1073741824\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buf[..n]);
                    if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 10 s");
    String::from_utf8_lossy(&answer).into_owned()
}

fn okta_sample() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(data("okta-password-import.json")).expect("sample"),
    )
    .expect("JSON")
}

fn verdict(a: &Answer) -> &str {
    a.body["commands"][0]["value"]["credential"]
        .as_str()
        .unwrap_or_else(|| panic!("not a hook answer: {a:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_hook_with_the_documented_request_body() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        let svc = start(ts.reopen().await, config_with_client_limit(2)).await;

        // The sample request of Okta's reference, as it is: isaac.brock@example.com / "Okta".
        let mut wrong = okta_sample();
        wrong["data"]["context"]["credential"]["password"] = json!("okta");
        let a = svc.post("/v1/hooks/okta", &wrong).await;
        assert_eq!((a.status, verdict(&a)), (200, "UNVERIFIED"), "{a:?}");
        let a = svc.post("/v1/hooks/okta", &okta_sample()).await;
        assert_eq!((a.status, verdict(&a)), (200, "VERIFIED"), "{a:?}");
        assert_eq!(
            a.body,
            json!({"commands":[{"type":"com.okta.action.update","value":{"credential":"VERIFIED"}}]})
        );
        let account = ts
            .store
            .find("isaac.brock@example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.state, State::Migrated);

        // The end user's address in the request is the per-client throttle key: two failures
        // from 98.124.153.138 block it, right password or not, while other clients go on.
        let mut other = okta_sample();
        other["data"]["context"]["credential"] =
            json!({"username": "nobody@example.com", "password": "x"});
        let a = svc.post("/v1/hooks/okta", &other).await;
        assert_eq!(verdict(&a), "UNVERIFIED");
        let mut right = okta_sample();
        right["data"]["context"]["credential"] = json!({"username": "platform.user@example.com", "password": "correct horse battery staple"});
        let a = svc.post("/v1/hooks/okta", &right).await;
        assert_eq!(verdict(&a), "UNVERIFIED", "the client is throttled: {a:?}");
        let a = svc
            .verify("platform.user@example.com", "correct horse battery staple")
            .await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        svc.stop().await;
        ts.drop_all().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_status_and_error_body() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        // A hostile stored hash: libxcrypt's bcrypt vector (tests/data/system.public.jsonl)
        // with its cost raised from 4 to 31 (2^31 rounds), refused by the limits before any
        // work.
        let hostile = "{\"username\":\"hostile\",\"hash\":\"$2b$31$//7XAyc.fuVviUM2N0EmLO6/FdLIfpSUY9iM3A5oPGKD4cvQhDtHi\"}\n";
        import_jsonl(&ts.store, hostile).await;
        let svc = start(ts.reopen().await, config()).await;
        let cases: Vec<Case<'_>> = vec![
            (
                "/v1/verify",
                b"{\"username\":".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/verify",
                b"[1,2]".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/verify",
                b"{\"username\":\"a\"}".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/verify",
                b"{\"username\":5,\"password\":\"x\"}".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/verify",
                b"\xff\xfe".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            // Just over the 16 KiB limit: small enough that the client finishes writing it
            // before the answer comes, so the 413 is read rather than raced by a closed socket.
            (
                "/v1/verify",
                vec![b' '; config().body_limit + 1],
                Some(SECRET),
                413,
                "too_large",
            ),
            (
                "/v1/hooks/okta",
                b"{\"data\":{}}".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/verify",
                b"{\"username\":\"a\",\"password\":\"b\"}".to_vec(),
                None,
                401,
                "unauthorized",
            ),
            (
                "/v1/verify",
                b"{\"username\":\"a\",\"password\":\"b\"}".to_vec(),
                Some("wrong-secret-0123456789"),
                401,
                "unauthorized",
            ),
            ("/v1/hooks/okta", b"{}".to_vec(), None, 401, "unauthorized"),
            (
                "/v1/nothing",
                b"{}".to_vec(),
                Some(SECRET),
                404,
                "not_found",
            ),
            // An end-user address that is not one.
            (
                "/v1/verify",
                b"{\"username\":\"a\",\"password\":\"b\",\"client_ip\":\"example.com\"}".to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
            (
                "/v1/hooks/okta",
                br#"{"data":{"context":{"request":{"ipAddress":"1.2.3"},"credential":{"username":"a","password":"b"}}}}"#.to_vec(),
                Some(SECRET),
                400,
                "malformed",
            ),
        ];
        for (path, body, secret, status, kind) in cases {
            let a = svc.post_raw(path, body, secret).await;
            assert_eq!(a.status, status, "{path}: {a:?}");
            assert_eq!(a.body["error"]["kind"], kind, "{path}: {a:?}");
            assert!(a.body["error"]["message"].is_string(), "{a:?}");
        }
        // A declared length far over the limit is answered before any of the body is read.
        let head = too_large_by_declared_length(&svc.base).await;
        assert!(head.starts_with("HTTP/1.1 413"), "{head}");
        assert!(head.contains("too_large"), "{head}");
        // Nothing of a password shows in an error.
        let a = svc
            .post_raw(
                "/v1/verify",
                b"{\"password\":\"s3cr3t-pw\",\"username\":[1]}".to_vec(),
                Some(SECRET),
            )
            .await;
        assert_eq!(a.status, 400);
        assert!(!a.body.to_string().contains("s3cr3t-pw"), "{a:?}");
        // A stored hash over the limits: 422 naming the limit, at once.
        let started = Instant::now();
        let a = svc.verify("hostile", "x").await;
        assert_eq!(
            (a.status, a.body["error"]["kind"].as_str()),
            (422, Some("limit")),
            "{a:?}"
        );
        assert_eq!(a.body["error"]["scheme"], "bcrypt", "{a:?}");
        assert_eq!(a.body["error"]["param"], "cost", "{a:?}");
        assert_eq!(a.body["error"]["value"], 31, "{a:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        // A password over the library's limit: refused alike for known and unknown users.
        let long = "a".repeat(5000);
        let known = svc.verify("legacy_login", &long).await;
        let unknown = svc.verify("nobody", &long).await;
        assert_eq!(known.status, 422, "{known:?}");
        assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
        // Health needs no secret; everything else does.
        let (s, _) = svc.get(&format!("{}/healthz", svc.base), None).await;
        assert_eq!(s, 200);
        let (s, _) = svc.get(&format!("{}/readyz", svc.base), None).await;
        assert_eq!(s, 200);
        for path in ["/status", "/metrics"] {
            let (s, _) = svc.get(&format!("{}{path}", svc.base), None).await;
            assert_eq!(s, 401, "{path}");
            let (s, _) = svc.get(&format!("{}{path}", svc.base), Some(SECRET)).await;
            assert_eq!(s, 200, "{path}");
        }
        // The service is still up and answering; members it does not read are ignored.
        let a = svc
            .post(
                "/v1/verify",
                &json!({"username": "legacy_login", "password": "hunter2", "connection": "db"}),
            )
            .await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        svc.stop().await;
        ts.drop_all().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttle_state_survives_a_restart() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        let mut cfg = config();
        cfg.account_rule = ThrottleRule {
            failures: 3,
            window: Duration::from_secs(600),
        };
        let svc = start(ts.reopen().await, cfg.clone()).await;
        for _ in 0..3 {
            let a = svc.verify("legacy_login", "guess").await;
            assert_eq!(a.body["valid"], false, "{a:?}");
        }
        // The name is blocked whatever its case, and the right password is not tried.
        for name in ["legacy_login", "LEGACY_LOGIN"] {
            let a = svc.verify(name, "hunter2").await;
            assert_eq!(a.status, 429, "{a:?}");
            assert_eq!(a.body["error"]["kind"], "throttled");
            let secs: u64 = a.retry_after.as_deref().unwrap().parse().unwrap();
            assert!((590..=600).contains(&secs), "{secs}");
        }
        // Unknown names are throttled the same way.
        for _ in 0..3 {
            svc.verify("ghost", "guess").await;
        }
        assert_eq!(svc.verify("ghost", "guess").await.status, 429);
        svc.stop().await;

        let svc = start(ts.reopen().await, cfg).await;
        let a = svc.verify("legacy_login", "hunter2").await;
        assert_eq!(a.status, 429, "after a restart: {a:?}");
        assert_eq!(svc.verify("ghost", "guess").await.status, 429);
        // Other accounts are not affected; a success clears nothing it should not.
        let a = svc.verify("isaac.brock@example.com", "Okta").await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        let metrics = svc.metrics().await;
        assert!(sample(&metrics, "hashbridge_rejected_total{reason=\"throttled\"}") >= 2.0);
        svc.stop().await;
        ts.drop_all().await;
    }
}

/// A migrator whose dummy hash (argon2id, 64 MiB, 3 passes) takes long enough to fill a
/// one-thread pool.
fn slow_migrator() -> Migrator {
    Migrator::new(
        Registry::default(),
        Policy::new(Target::argon2id(65_536, 3, 1)),
    )
    .expect("policy")
    .with_rehash(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_a_fast_503_with_retry_after() {
    let ts = TestStore::new(Engine::Sqlite).await;
    let mut cfg = config();
    cfg.threads = 1;
    cfg.queue = 2;
    cfg.client_rule.failures = 1000;
    cfg.account_rule.failures = 1000;
    let svc = Arc::new(start_with(ts.reopen().await, cfg, slow_migrator()).await);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let svc = Arc::clone(&svc);
        tasks.push(tokio::spawn(async move {
            let started = Instant::now();
            let a = svc.verify(&format!("user{i}"), "pw").await;
            (a, started.elapsed())
        }));
    }
    let mut ok = 0;
    let mut busy = 0;
    for t in tasks {
        let (a, took) = t.await.unwrap();
        match a.status {
            200 => ok += 1,
            503 => {
                busy += 1;
                assert_eq!(a.body["error"]["kind"], "overloaded", "{a:?}");
                assert_eq!(a.retry_after.as_deref(), Some("1"));
                assert!(took < Duration::from_secs(2), "a refusal took {took:?}");
            }
            _ => panic!("{a:?}"),
        }
    }
    assert!(ok >= 1 && busy >= 1, "ok {ok}, busy {busy}");
    assert!(
        ok <= 3 + 2,
        "more accepted than threads + queue + late arrivals: {ok}"
    );
    let metrics = svc.metrics().await;
    assert_eq!(
        sample(&metrics, "hashbridge_rejected_total{reason=\"overload\"}"),
        f64::from(busy)
    );
    Arc::into_inner(svc).expect("one owner").stop().await;
    ts.drop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_in_flight_requests() {
    let ts = TestStore::new(Engine::Sqlite).await;
    assert_eq!(import_platform_users(&ts.store).await.written, 3);
    let mut cfg = config();
    cfg.threads = 1;
    let mut svc = start_with(ts.reopen().await, cfg, slow_migrator()).await;
    let base = svc.base.clone();
    let http = svc.http.clone();
    let mut tasks = Vec::new();
    for i in 0..3 {
        let (http, base) = (http.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(format!("{base}/v1/verify"))
                .bearer_auth(SECRET)
                .json(&json!({"username": format!("gone{i}"), "password": "pw"}))
                .send()
                .await
                .expect("in-flight request");
            answer(r).await
        }));
    }
    // Let the requests arrive, then shut down while they are being hashed.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let running = svc.running.take().unwrap();
    let stopping = tokio::spawn(running.shutdown());
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(a.body["valid"], false);
    }
    stopping.await.unwrap();
    // Nothing listens any more.
    assert!(http.get(format!("{base}/healthz")).send().await.is_err());
    ts.drop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_through_rustls() {
    let ts = TestStore::new(Engine::Sqlite).await;
    assert_eq!(import_platform_users(&ts.store).await.written, 3);
    let mut cfg = config();
    cfg.tls = Some(hashbridge_service::TlsFiles {
        cert: data("tls/cert.pem"),
        key: data("tls/key.pem"),
    });
    let running = hashbridge_service::start(
        cfg,
        ts.reopen().await,
        Migrator::default().with_rehash(false),
    )
    .await
    .expect("start");
    let ca = reqwest::Certificate::from_pem(&std::fs::read(data("tls/ca.pem")).unwrap()).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(ca)
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/v1/verify", running.addr.port());
    let r = client
        .post(&url)
        .bearer_auth(SECRET)
        .json(&json!({"username": "legacy_login", "password": "hunter2"}))
        .send()
        .await
        .expect("TLS request");
    let a = answer(r).await;
    assert_eq!(a.body["valid"], true, "{a:?}");
    // Plain HTTP on the TLS port gets no answer.
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{}/healthz", running.addr.port()))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    running.shutdown().await;
    ts.drop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erase_migrated_drops_the_legacy_credential_in_the_same_transaction() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        let mut cfg = config();
        cfg.erase_migrated = true;
        let svc = start(ts.reopen().await, cfg).await;
        let a = svc
            .verify("platform.user@example.com", "correct horse battery staple")
            .await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        assert_eq!(a.body["profile"]["email"], "platform.user@example.com");
        let states = ts.store.states().await.unwrap();
        for (user, state, has_hash, migrated_at) in &states {
            let migrated = *state == State::Migrated;
            assert_eq!(migrated, user == "platform.user@example.com", "{user}");
            assert_eq!(migrated, !has_hash, "{user}: migrated and erased together");
            assert_eq!(migrated, migrated_at.is_some(), "{user}");
        }
        // The platform has the password now; the service no longer answers for it.
        let again = svc
            .verify("platform.user@example.com", "correct horse battery staple")
            .await;
        assert_eq!(again.body["valid"], false, "{again:?}");
        // Re-importing the export does not bring the erased hash back.
        let r = import_platform_users(&ts.store).await;
        assert_eq!((r.written, r.unchanged), (0, 3), "{r:?}");
        let a = ts
            .store
            .find("platform.user@example.com")
            .await
            .unwrap()
            .unwrap();
        assert!(a.credential.hash.is_none() && a.state == State::Migrated);
        svc.stop().await;
        ts.drop_all().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_page_for_administrators() {
    let ts = TestStore::new(Engine::Sqlite).await;
    assert_eq!(import_platform_users(&ts.store).await.written, 3);
    let svc = start(ts.reopen().await, config()).await;
    svc.verify("legacy_login", "hunter2").await;
    svc.verify("isaac.brock@example.com", "wrong").await;
    let admin = svc.admin.clone().unwrap();
    let (s, html) = svc.get(&format!("{admin}/status"), None).await;
    assert_eq!(s, 200);
    assert!(html.contains("33.3% migrated"), "{html}");
    assert!(html.contains("<svg") && html.contains("yescrypt"), "{html}");
    let r = svc
        .http
        .get(format!("{admin}/status"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let schemes = v["schemes"].as_array().unwrap();
    let of = |s: &str| schemes.iter().find(|c| c["scheme"] == s).cloned().unwrap();
    assert_eq!(of("yescrypt")["migrated"], 1);
    assert_eq!(of("sha512_crypt")["legacy"], 1);
    assert_eq!(of("sha512_crypt")["failed_logins"], 1);
    assert_eq!(of("md5_crypt")["legacy"], 1);
    svc.stop().await;
    ts.drop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_client_throttle_keys_on_the_end_users_address_only() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        let svc = start(ts.reopen().await, config_with_client_limit(3)).await;

        // A platform's script runner signs in all its users from one address and reports
        // none: failed logins of many users, far over the per-client limit, block nobody.
        for i in 0..12 {
            let a = svc
                .verify(&format!("stranger{i}@example.com"), "guess")
                .await;
            assert_eq!(a.status, 200, "{engine:?} failure {i}: {a:?}");
            assert_eq!(a.body["valid"], false, "{a:?}");
        }
        for i in 0..4 {
            let a = svc
                .okta(&format!("okta.stranger{i}@example.com"), "guess")
                .await;
            assert_eq!((a.status, verdict(&a)), (200, "UNVERIFIED"), "{a:?}");
        }
        let a = svc.verify("legacy_login", "hunter2").await;
        assert_eq!(a.body["valid"], true, "{engine:?}: {a:?}");

        // With the end user's address reported, the per-client limit holds: three failures
        // from 203.0.113.7 block that address, right password or not, however it is spelt.
        let from = |user: &str, password: &str, ip: &str| json!({"username": user, "password": password, "client_ip": ip});
        for i in 0..3 {
            let a = svc
                .post(
                    "/v1/verify",
                    &from(&format!("guesser{i}"), "guess", "203.0.113.7"),
                )
                .await;
            assert_eq!(a.body["valid"], false, "{a:?}");
        }
        for ip in ["203.0.113.7", "::ffff:203.0.113.7", "203.0.113.7:51234"] {
            let a = svc
                .post(
                    "/v1/verify",
                    &from(
                        "platform.user@example.com",
                        "correct horse battery staple",
                        ip,
                    ),
                )
                .await;
            assert_eq!(a.status, 429, "{engine:?} {ip}: {a:?}");
            assert_eq!(a.body["error"]["kind"], "throttled");
            assert!(a.retry_after.is_some(), "{a:?}");
        }
        // Other addresses, and calls that report none, go on.
        let a = svc
            .post(
                "/v1/verify",
                &from(
                    "platform.user@example.com",
                    "correct horse battery staple",
                    "2001:db8::7",
                ),
            )
            .await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        let a = svc.verify("isaac.brock@example.com", "Okta").await;
        assert_eq!(a.body["valid"], true, "{a:?}");
        let metrics = svc.metrics().await;
        assert_eq!(
            sample(&metrics, "hashbridge_rejected_total{reason=\"throttled\"}"),
            3.0,
            "{metrics}"
        );
        svc.stop().await;
        ts.drop_all().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_methods_and_unknown_paths_get_the_error_body() {
    let ts = TestStore::new(Engine::Sqlite).await;
    let svc = start(ts.reopen().await, config()).await;
    let admin = svc.admin.clone().expect("admin listener");
    let main = svc.base.clone();
    // (listener, method, path, secret, status, kind, Allow)
    let cases = [
        (
            &main,
            "GET",
            "/v1/verify",
            true,
            405,
            "method_not_allowed",
            "POST",
        ),
        (
            &main,
            "PUT",
            "/v1/hooks/okta",
            false,
            405,
            "method_not_allowed",
            "POST",
        ),
        (
            &main,
            "GET",
            "/v1/lookup",
            true,
            405,
            "method_not_allowed",
            "POST",
        ),
        (
            &main,
            "POST",
            "/healthz",
            false,
            405,
            "method_not_allowed",
            "GET,HEAD",
        ),
        (
            &main,
            "DELETE",
            "/metrics",
            true,
            405,
            "method_not_allowed",
            "GET,HEAD",
        ),
        (&main, "GET", "/v2/verify", true, 404, "not_found", ""),
        (&main, "POST", "/", false, 404, "not_found", ""),
        (
            &admin,
            "POST",
            "/status",
            false,
            405,
            "method_not_allowed",
            "GET,HEAD",
        ),
        (&admin, "POST", "/v1/verify", false, 404, "not_found", ""),
    ];
    for (base, method, path, secret, status, kind, allow) in cases {
        let mut req = svc
            .http
            .request(method.parse().expect("method"), format!("{base}{path}"))
            .header("content-type", "application/json")
            .body("{}");
        if secret {
            req = req.bearer_auth(SECRET);
        }
        let r = req.send().await.expect("request");
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let allowed = r
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let a = answer(r).await;
        let what = format!("{method} {base}{path}: {a:?}");
        assert_eq!(a.status, status, "{what}");
        assert_eq!(a.body["error"]["kind"], kind, "{what}");
        assert!(a.body["error"]["message"].is_string(), "{what}");
        assert_eq!(content_type.as_deref(), Some("application/json"), "{what}");
        assert_eq!(allowed, allow, "{what}");
    }
    // HEAD is answered wherever GET is.
    let r = svc
        .http
        .head(format!("{main}/healthz"))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(r.status().as_u16(), 200);
    svc.stop().await;
    ts.drop_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_finds_accounts_without_a_password() {
    for engine in engines() {
        let ts = TestStore::new(engine).await;
        assert_eq!(import_platform_users(&ts.store).await.written, 3);
        let locked = "{\"username\":\"locked.user@example.com\",\"hash\":\"$1$gI/iuq6B$In9IMymg7vjgrl5qdMtl60\",\"locked\":true}\n";
        assert_eq!(import_jsonl(&ts.store, locked).await.written, 1);
        let svc = start(ts.reopen().await, config()).await;
        let lookup = |user: &str| json!({ "username": user });
        let a = svc.post("/v1/lookup", &lookup("legacy_login")).await;
        assert_eq!(a.status, 200, "{engine:?}: {a:?}");
        assert_eq!(a.body["found"], true, "{a:?}");
        assert_eq!(a.body["profile"]["username"], "legacy_login");
        // By e-mail address, in any case.
        let a = svc
            .post("/v1/lookup", &lookup("Isaac.Brock@Example.com"))
            .await;
        assert_eq!(a.body["found"], true, "{a:?}");
        assert_eq!(a.body["profile"]["email"], "isaac.brock@example.com");
        // Unknown and locked accounts alike are not found.
        for user in ["nobody@example.com", "locked.user@example.com"] {
            let a = svc.post("/v1/lookup", &lookup(user)).await;
            assert_eq!(
                a.body,
                json!({"found": false, "profile": null}),
                "{engine:?} {user}"
            );
        }
        // Nothing is written: the accounts are still legacy, no failure is counted.
        for (user, state, ..) in ts.store.states().await.unwrap() {
            assert_ne!(state, State::Migrated, "{user}");
        }
        let metrics = svc.metrics().await;
        assert_eq!(sample(&metrics, "hashbridge_migrations_total"), 0.0);
        // The secret is required; the body is checked like any other.
        let a = svc
            .post_raw(
                "/v1/lookup",
                b"{\"username\":\"legacy_login\"}".to_vec(),
                None,
            )
            .await;
        assert_eq!(a.status, 401, "{a:?}");
        let a = svc
            .post_raw("/v1/lookup", b"{\"user\":\"x\"}".to_vec(), Some(SECRET))
            .await;
        assert_eq!(
            (a.status, a.body["error"]["kind"].as_str()),
            (400, Some("malformed"))
        );
        svc.stop().await;
        ts.drop_all().await;
    }
}
