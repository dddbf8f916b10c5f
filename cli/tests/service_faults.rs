//! The migration service as an operator runs it (`hashbridge import`, `hashbridge serve`),
//! and what a crash or a database restart leaves behind:
//!
//! - the server killed with SIGKILL in the middle of a login load, then started again: no
//!   account is half-migrated (migrated, its time and its erased hash go together), every login
//!   answered valid was recorded, and a throttled account is still throttled;
//! - PostgreSQL stopped and started under load (only with `HASHBRIDGE_TEST_PG_RESTART=1`, as
//!   `service/ci.sh` runs it, since it restarts the machine's database server): 503 with
//!   `Retry-After` while it is down, logins again once it is back, without restarting the
//!   service.
#![cfg(feature = "service")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hashbridge_service::account::State;
use hashbridge_service::{Store, StoreUrl};
use serde_json::Value;

const SECRET: &str = "fault-test-secret-0123456789";

/// The libxcrypt md5-crypt vector of `tests/data/system.public.jsonl` (password `password`),
/// the credential of every account of the load.
fn md5_vector() -> (String, String) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/system.public.jsonl"),
    )
    .expect("vectors");
    let v: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .find(|v| v["id"] == "libxcrypt-md5_crypt-1")
        .expect("the md5-crypt vector");
    (
        v["password"].as_str().expect("string").to_owned(),
        v["hash"].as_str().expect("string").to_owned(),
    )
}

fn pg_base() -> Option<String> {
    match std::env::var("HASHBRIDGE_TEST_POSTGRES") {
        Ok(v) if v == "off" => None,
        Ok(v) => Some(v),
        Err(_) => Some("postgres://root@127.0.0.1:5432/test".to_owned()),
    }
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{nanos}", std::process::id())
}

struct Fixture {
    dir: tempfile::TempDir,
    store: String,
    schema: Option<String>,
    users: usize,
    password: String,
}

/// An export of `users` accounts `user0..`, imported into a new store with the CLI.
fn fixture(postgres: bool, users: usize) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let (password, hash) = md5_vector();
    let mut export = String::new();
    for i in 0..users {
        export.push_str(&format!(
            "{{\"username\":\"user{i}\",\"hash\":\"{hash}\"}}\n"
        ));
    }
    std::fs::write(dir.path().join("users.jsonl"), export).expect("export file");
    std::fs::write(dir.path().join("secret"), format!("{SECRET}\n")).expect("secret file");
    let (store, schema) = if postgres {
        let schema = unique("hb_fault");
        (
            format!("{}?schema={schema}", pg_base().expect("postgres")),
            Some(schema),
        )
    } else {
        (
            format!("sqlite:{}", dir.path().join("legacy.db").display()),
            None,
        )
    };
    let out = Command::new(env!("CARGO_BIN_EXE_hashbridge"))
        .args(["import", "--from", "jsonl", "--store", &store, "--json"])
        .arg(dir.path().join("users.jsonl"))
        .output()
        .expect("import runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("report");
    assert_eq!(report["written"], users as u64, "{report}");
    Fixture {
        dir,
        store,
        schema,
        users,
        password,
    }
}

/// `hashbridge serve` on an ephemeral port; returns the child and its address.
fn serve(f: &Fixture, extra: &[&str]) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashbridge"))
        .args(["serve", "--store", &f.store, "--listen", "127.0.0.1:0"])
        .args(["--admin-listen", "none", "--log", "info", "--threads", "2"])
        .arg("--secret-file")
        .arg(f.dir.path().join("secret"))
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve runs");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server logs that it listens")
            .expect("log line");
        if let Some(rest) = line.split("addr=").nth(1) {
            let addr = rest.split_whitespace().next().expect("field");
            break addr.parse::<SocketAddr>().expect("address");
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// One HTTP/1.1 request on a fresh connection: status, `Retry-After`, body.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, Option<String>, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {SECRET}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let retry = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("retry-after:")
            .map(|v| v.trim().to_owned())
    });
    Ok((status, retry, body.to_owned()))
}

fn login(
    addr: SocketAddr,
    user: &str,
    password: &str,
) -> std::io::Result<(u16, Option<String>, Value)> {
    let body = serde_json::json!({"username": user, "password": password}).to_string();
    let (status, retry, text) = request(addr, "POST", "/v1/verify", &body)?;
    let v = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok((status, retry, v))
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

async fn open(url: &str) -> Store {
    let url: StoreUrl = url.parse().expect("URL");
    Store::open(&url, 2).await.expect("store")
}

/// Every account is either legacy with its hash, or migrated with its time and without its
/// hash (the service ran with --erase-migrated); returns the migrated user names.
fn check_consistent(f: &Fixture) -> Vec<String> {
    rt().block_on(async {
        let store = open(&f.store).await;
        let states = store.states().await.expect("states");
        store.close().await;
        assert_eq!(states.len(), f.users);
        let mut migrated = Vec::new();
        for (user, state, has_hash, migrated_at) in states {
            match state {
                State::Legacy => {
                    assert!(has_hash && migrated_at.is_none(), "{user}: half-migrated")
                }
                State::Migrated => {
                    assert!(!has_hash && migrated_at.is_some(), "{user}: half-migrated");
                    migrated.push(user);
                }
                State::Locked => panic!("{user}: locked"),
            }
        }
        migrated
    })
}

fn drop_schema(f: &Fixture) {
    if let Some(schema) = &f.schema {
        rt().block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&pg_base().expect("postgres"))
                .await
                .expect("connect");
            sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .execute(&mut c)
                .await
                .expect("drop");
        });
    }
}

/// Log in `user1..` from `threads` threads until `stop`; returns the users answered valid.
fn load(
    addr: SocketAddr,
    f: &Fixture,
    threads: usize,
    stop: Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    let next = Arc::new(Mutex::new(1usize));
    (0..threads)
        .map(|_| {
            let (stop, next, pw, n) = (stop.clone(), next.clone(), f.password.clone(), f.users);
            std::thread::spawn(move || {
                let mut valid = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let i = {
                        let mut g = next.lock().expect("counter");
                        *g += 1;
                        *g
                    };
                    if i >= n {
                        break;
                    }
                    let user = format!("user{i}");
                    match login(addr, &user, &pw) {
                        Ok((200, _, v)) if v["valid"] == true => valid.push(user),
                        Ok(_) => {}
                        Err(_) => break, // the server is gone
                    }
                }
                valid
            })
        })
        .collect()
}

fn kill_during_load(postgres: bool) {
    let f = fixture(postgres, 3000);
    let (mut child, addr) = serve(&f, &["--erase-migrated", "--account-failures", "3"]);
    // user0 is throttled before the crash.
    for _ in 0..3 {
        let (s, _, v) = login(addr, "user0", "wrong").expect("login");
        assert_eq!((s, &v["valid"]), (200, &Value::Bool(false)));
    }
    assert_eq!(login(addr, "user0", &f.password).expect("login").0, 429);

    let stop = Arc::new(AtomicBool::new(false));
    let workers = load(addr, &f, 4, stop.clone());
    let started = Instant::now();
    // Kill once some logins went through, well before the load runs out of accounts.
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let done = rt().block_on(async {
            let s = open(&f.store).await;
            let n = s
                .census()
                .await
                .expect("census")
                .iter()
                .map(|c| c.migrated)
                .sum::<u64>();
            s.close().await;
            n
        });
        if done >= 50 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    child.wait().expect("reaped");
    let answered_valid: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("load thread"))
        .collect();
    stop.store(true, Ordering::Relaxed);
    assert!(!answered_valid.is_empty());

    let migrated = check_consistent(&f);
    for user in &answered_valid {
        assert!(
            migrated.contains(user),
            "{user} was answered valid but is not migrated"
        );
    }
    assert!(
        migrated.len() < f.users - 1,
        "the load finished before the kill"
    );
    eprintln!(
        "killed after {:?}: {} logins answered valid, {} accounts migrated, none half-way",
        started.elapsed(),
        answered_valid.len(),
        migrated.len()
    );

    // Restarted: the throttle holds, the migrated stay migrated, the rest log in.
    let (mut child, addr) = serve(&f, &["--erase-migrated", "--account-failures", "3"]);
    let (status, retry, _) = login(addr, "user0", &f.password).expect("login");
    assert_eq!(status, 429, "user0 is still throttled after the restart");
    assert!(retry.is_some());
    let first_migrated = &migrated[0];
    let (s, _, v) = login(addr, first_migrated, &f.password).expect("login");
    assert_eq!(
        (s, &v["valid"]),
        (200, &Value::Bool(false)),
        "erased after migration"
    );
    let last = format!("user{}", f.users - 1);
    let (s, _, v) = login(addr, &last, &f.password).expect("login");
    assert_eq!((s, &v["valid"]), (200, &Value::Bool(true)), "{v}");
    child.kill().expect("kill");
    child.wait().expect("wait");
    check_consistent(&f);
    drop_schema(&f);
}

#[test]
fn sigkill_during_load_leaves_no_half_migrated_account_sqlite() {
    kill_during_load(false);
}

#[test]
fn sigkill_during_load_leaves_no_half_migrated_account_postgres() {
    if pg_base().is_none() {
        eprintln!("HASHBRIDGE_TEST_POSTGRES=off: skipped");
        return;
    }
    kill_during_load(true);
}

/// The machine's PostgreSQL cluster: (version, name) from `pg_lsclusters`.
fn cluster() -> (String, String) {
    let out = Command::new("pg_lsclusters")
        .arg("-h")
        .output()
        .expect("pg_lsclusters (postgresql-common)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains(" 5432 "))
        .expect("a cluster on port 5432");
    let mut parts = line.split_whitespace();
    (
        parts.next().expect("field").to_owned(),
        parts.next().expect("field").to_owned(),
    )
}

fn pg_ctl(action: &str) {
    let (version, name) = cluster();
    let st = Command::new("pg_ctlcluster")
        .args([version.as_str(), name.as_str(), action])
        .status()
        .expect("pg_ctlcluster");
    assert!(st.success(), "pg_ctlcluster {action}");
}

#[test]
fn postgres_restart_under_load_is_503_then_recovery() {
    if std::env::var("HASHBRIDGE_TEST_PG_RESTART").as_deref() != Ok("1") {
        eprintln!("set HASHBRIDGE_TEST_PG_RESTART=1 to stop and start the machine's PostgreSQL");
        return;
    }
    let f = fixture(true, 3000);
    let (mut child, addr) = serve(&f, &["--erase-migrated"]);
    let stop = Arc::new(AtomicBool::new(false));
    let statuses = Arc::new(Mutex::new(Vec::<(u16, Option<String>)>::new()));
    let next = Arc::new(Mutex::new(0usize));
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let (stop, statuses, next, pw) = (
                stop.clone(),
                statuses.clone(),
                next.clone(),
                f.password.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = {
                        let mut g = next.lock().expect("counter");
                        *g += 1;
                        *g % 3000
                    };
                    if let Ok((s, retry, _)) = login(addr, &format!("user{i}"), &pw) {
                        statuses.lock().expect("statuses").push((s, retry));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    pg_ctl("stop");
    std::thread::sleep(Duration::from_secs(3));
    let ready_while_down = request(addr, "GET", "/readyz", "").expect("readyz");
    let during = statuses.lock().expect("statuses").len();
    pg_ctl("start");
    // Wait for the first login after the restart.
    let back = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let s = statuses.lock().expect("statuses");
        if s[during..].iter().any(|(st, _)| *st == 200) {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(30), "no recovery");
    }
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("load thread");
    }
    let ready_after = request(addr, "GET", "/readyz", "").expect("readyz");
    child.kill().expect("kill");
    child.wait().expect("wait");

    let s = statuses.lock().expect("statuses");
    let unavailable: Vec<_> = s.iter().filter(|(st, _)| *st == 503).collect();
    assert!(
        !unavailable.is_empty(),
        "no 503 while the database was down"
    );
    assert!(
        unavailable.iter().all(|(_, r)| r.is_some()),
        "503 without Retry-After"
    );
    assert!(
        s.iter().all(|(st, _)| *st == 200 || *st == 503),
        "unexpected statuses"
    );
    assert_eq!(ready_while_down.0, 503, "{ready_while_down:?}");
    assert_eq!(ready_after.0, 200, "{ready_after:?}");
    eprintln!(
        "logins: {} answered 200, {} answered 503 while PostgreSQL was down",
        s.iter().filter(|(st, _)| *st == 200).count(),
        unavailable.len()
    );
    drop(s);
    check_consistent(&f);
    drop_schema(&f);
}
