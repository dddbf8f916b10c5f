//! Test harness: a fresh store (an SQLite file in a temporary directory, or a schema of its
//! own in the PostgreSQL database at 127.0.0.1:5432/test), the service started on ephemeral
//! loopback ports, and an HTTP client.
//!
//! PostgreSQL: `HASHBRIDGE_TEST_POSTGRES` overrides the URL; `off` skips the PostgreSQL half
//! of each test (it is on by default, and `.ci/run` starts the server).
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use hashbridge::Migrator;
use hashbridge::toolkit::export::{Format, Options};
use hashbridge_service::auth::Secrets;
use hashbridge_service::{Config, ImportReport, Running, Store, StoreUrl};
use serde_json::{Value, json};

pub const SECRET: &str = "test-secret-0123456789abcdef";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engines to run against: SQLite always, PostgreSQL unless turned off.
pub fn engines() -> Vec<Engine> {
    if pg_base().is_some() {
        vec![Engine::Sqlite, Engine::Postgres]
    } else {
        vec![Engine::Sqlite]
    }
}

fn pg_base() -> Option<String> {
    match std::env::var("HASHBRIDGE_TEST_POSTGRES") {
        Ok(v) if v == "off" => None,
        Ok(v) => Some(v),
        Err(_) => Some("postgres://root@127.0.0.1:5432/test".to_owned()),
    }
}

/// A store of its own, removed by [`TestStore::drop_all`].
pub struct TestStore {
    pub store: Store,
    pub url: String,
    pub engine: Engine,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A name no other test, concurrent run or earlier run uses.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestStore {
    pub async fn new(engine: Engine) -> TestStore {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite:{}", dir.path().join("legacy.db").display());
                TestStore {
                    store: open(&url).await,
                    url,
                    engine,
                    _dir: Some(dir),
                    schema: None,
                }
            }
            Engine::Postgres => {
                let base = pg_base().expect("postgres on");
                let schema = unique("hb_test");
                let url = format!("{base}?schema={schema}");
                TestStore {
                    store: open(&url).await,
                    url,
                    engine,
                    _dir: None,
                    schema: Some(schema),
                }
            }
        }
    }

    /// Another pool on the same store (a restarted service).
    pub async fn reopen(&self) -> Store {
        open(&self.url).await
    }

    /// Close the pool and drop the PostgreSQL schema.
    pub async fn drop_all(self) {
        self.store.close().await;
        if let Some(schema) = self.schema {
            use sqlx::Connection;
            let base = pg_base().expect("postgres on");
            let mut c = sqlx::PgConnection::connect(&base).await.expect("connect");
            sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .execute(&mut c)
                .await
                .expect("drop schema");
        }
    }
}

async fn open(url: &str) -> Store {
    let parsed: StoreUrl = url.parse().expect("store URL");
    match Store::open(&parsed, 4).await {
        Ok(s) => s,
        Err(e) => panic!(
            "cannot open {url}: {e}\n(PostgreSQL tests need the server at 127.0.0.1:5432, \
             database test; HASHBRIDGE_TEST_POSTGRES=off skips them)"
        ),
    }
}

/// The real-producer exports of `tests/data/exports`.
pub fn exports_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/exports")
}

/// Every export with a password sidecar: format, file, reader options. Each of
/// `tests/data/exports/*/*.passwords.json` names its export; [`exports`] is checked against that
/// list, so an export added there is imported here too.
pub fn exports() -> Vec<(Format, &'static str, Options)> {
    let firebase = {
        let cfg: BTreeMap<String, String> = serde_json::from_str(
            &std::fs::read_to_string(exports_dir().join("firebase/hash_config.json"))
                .expect("hash_config.json"),
        )
        .expect("config JSON");
        let mut o = Options::default();
        for (k, v) in cfg {
            o.params.insert(k, v);
        }
        o
    };
    vec![
        (Format::Shadow, "shadow/shadow", Options::default()),
        (Format::Htpasswd, "htpasswd/htpasswd", Options::default()),
        (Format::Htpasswd, "htpasswd/htdigest", Options::default()),
        (Format::Ldif, "ldif/slapcat.ldif", Options::default()),
        (Format::Ldif, "ldif/slapadd-input.ldif", Options::default()),
        (Format::Django, "django/users.json", Options::default()),
        (Format::Django, "django/users.jsonl", Options::default()),
        (Format::Django, "django/full.json", Options::default()),
        (Format::Firebase, "firebase/users.json", firebase.clone()),
        (Format::Firebase, "firebase/users.csv", firebase),
        (
            Format::Keycloak,
            "keycloak/realm-export.json",
            Options::default(),
        ),
        (Format::Auth0, "auth0/export.ndjson", Options::default()),
        (Format::Auth0, "auth0/import.json", Options::default()),
    ]
}

/// The exports that have a password sidecar, as paths under [`exports_dir`].
pub fn exports_with_sidecars() -> Vec<String> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(exports_dir()).expect("exports dir") {
        let dir = dir.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).expect("export dir") {
            let name = f.expect("entry").file_name().to_string_lossy().into_owned();
            if let Some(export) = name.strip_suffix(".passwords.json") {
                let family = dir
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                found.push(format!("{family}/{export}"));
            }
        }
    }
    found.sort();
    found
}

/// User name -> password, from an export's sidecar.
pub fn sidecar(file: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(exports_dir().join(format!("{file}.passwords.json")))
        .expect("sidecar");
    serde_json::from_str(&text).expect("sidecar JSON")
}

pub async fn import(store: &Store, format: Format, file: &str, options: Options) -> ImportReport {
    let f = std::fs::File::open(exports_dir().join(file)).expect("export file");
    hashbridge_service::import(
        store,
        &Migrator::default(),
        format,
        BufReader::new(f),
        options,
        4,
    )
    .await
    .expect("import")
}

/// A file of `service/tests/data`.
pub fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file)
}

/// Import `tests/data/platform-users.jsonl` (three accounts whose passwords are in
/// `platform-users.passwords.json`).
pub async fn import_platform_users(store: &Store) -> ImportReport {
    let f = std::fs::File::open(data("platform-users.jsonl")).expect("users");
    hashbridge_service::import(
        store,
        &Migrator::default(),
        Format::Jsonl,
        BufReader::new(f),
        Options::default(),
        100,
    )
    .await
    .expect("import")
}

/// Import accounts given as JSON lines in the batch record format.
pub async fn import_jsonl(store: &Store, lines: &str) -> ImportReport {
    hashbridge_service::import(
        store,
        &Migrator::default(),
        Format::Jsonl,
        std::io::Cursor::new(lines.as_bytes().to_vec()),
        Options::default(),
        10,
    )
    .await
    .expect("import")
}

/// The service's configuration for tests: ephemeral ports on loopback.
pub fn config() -> Config {
    let mut c = Config::new(
        "127.0.0.1:0".parse().expect("addr"),
        Secrets::parse(SECRET).expect("secret"),
    );
    c.admin_listen = Some("127.0.0.1:0".parse().expect("addr"));
    c.threads = 2;
    c.queue = 32;
    c.shutdown_grace = Duration::from_secs(10);
    c
}

/// [`config`] with a per-client limit of `failures` failed logins in ten minutes.
pub fn config_with_client_limit(failures: u32) -> Config {
    let mut c = config();
    c.client_rule = hashbridge_service::store::ThrottleRule {
        failures,
        window: Duration::from_secs(600),
    };
    c
}

pub async fn start(store: Store, config: Config) -> Service {
    start_with(store, config, Migrator::default().with_rehash(false)).await
}

pub async fn start_with(store: Store, config: Config, migrator: Migrator) -> Service {
    let running = hashbridge_service::start(config, store, migrator)
        .await
        .expect("start");
    Service {
        base: format!("http://{}", running.addr),
        admin: running.admin_addr.map(|a| format!("http://{a}")),
        http: reqwest::Client::new(),
        running: Some(running),
    }
}

pub struct Service {
    pub base: String,
    pub admin: Option<String>,
    pub http: reqwest::Client,
    pub running: Option<Running>,
}

/// A response's status, `Retry-After` and JSON body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Service {
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.post_raw(path, body.to_string().into_bytes(), Some(SECRET))
            .await
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>, secret: Option<&str>) -> Answer {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body);
        if let Some(s) = secret {
            req = req.bearer_auth(s);
        }
        answer(req.send().await.expect("request")).await
    }

    pub async fn verify(&self, user: &str, password: &str) -> Answer {
        self.post(
            "/v1/verify",
            &json!({"username": user, "password": password}),
        )
        .await
    }

    pub async fn okta(&self, user: &str, password: &str) -> Answer {
        self.post(
            "/v1/hooks/okta",
            &json!({"data": {"context": {"credential": {"username": user, "password": password}}}}),
        )
        .await
    }

    pub async fn get(&self, url: &str, secret: Option<&str>) -> (u16, String) {
        let mut req = self.http.get(url);
        if let Some(s) = secret {
            req = req.bearer_auth(s);
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// `/metrics` from the admin listener.
    pub async fn metrics(&self) -> String {
        let admin = self.admin.clone().expect("admin listener");
        let (status, text) = self.get(&format!("{admin}/metrics"), None).await;
        assert_eq!(status, 200, "{text}");
        text
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await;
        }
    }
}

pub async fn answer(r: reqwest::Response) -> Answer {
    let status = r.status().as_u16();
    let retry_after = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = r.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        retry_after,
        body,
    }
}

/// The value of a sample line `name{labels} value` in a metrics text, 0 when absent.
pub fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(series)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .map_or(0.0, |v| v.trim().parse().expect("number"))
}
