//! `hashbridge import` and `hashbridge serve`: the migration service's commands (the
//! `service` feature, on by default).

use std::io::BufReader;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use hashbridge_service::store::ThrottleRule;
use hashbridge_service::{Config, Store, StoreUrl, TlsFiles};

use super::{ExportArgs, MemoryArgs, TargetArgs};

/// Where the credential store is.
#[derive(Args)]
pub(crate) struct StoreArgs {
    /// The store: `sqlite:PATH` (created if missing) or
    /// `postgres://USER@HOST:PORT/DATABASE[?schema=NAME]`.
    #[arg(long, value_name = "URL", default_value = "sqlite:legacy.db")]
    store: String,
    /// Connections the store pool may open.
    #[arg(long, value_name = "N", default_value_t = 8)]
    store_connections: u32,
}

impl StoreArgs {
    async fn open(&self) -> Result<Store, String> {
        let url: StoreUrl = self.store.parse().map_err(|e| format!("--store: {e}"))?;
        Store::open(&url, self.store_connections)
            .await
            .map_err(|e| format!("--store: {e}"))
    }
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    export: ExportArgs,
    #[command(flatten)]
    store: StoreArgs,
    /// Accounts written per transaction.
    #[arg(long, value_name = "N", default_value_t = 500)]
    batch: usize,
    /// A JSON report instead of a summary line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    target: TargetArgs,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address of the main listener (the login endpoints).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Address of the administrators' listener (`/status`, `/metrics` without the secret), or
    /// `none`.
    #[arg(long, value_name = "ADDR|none", default_value = "127.0.0.1:9187")]
    admin_listen: String,
    /// File holding the callers' secret (one per line, to rotate); else `HASHBRIDGE_SECRET`.
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
    /// TLS certificate chain (PEM) for the main listener; with --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Erase an account's legacy credential once it has migrated.
    #[arg(long)]
    erase_migrated: bool,
    /// Hashing threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Verifies that may wait for a hashing thread; more are answered 503 (default: 16 per
    /// thread).
    #[arg(long, value_name = "N")]
    queue: Option<usize>,
    /// Largest request body in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024)]
    body_limit: usize,
    /// Failed logins per account name within the throttle window before it is blocked.
    #[arg(long, value_name = "N", default_value_t = 5)]
    account_failures: u32,
    /// Failed logins per end-user address within the throttle window before it is blocked.
    /// Applies only to requests whose caller reports that address (`client_ip`, Okta's
    /// `ipAddress`); the connection's peer, a platform's server, is never counted.
    #[arg(long, value_name = "N", default_value_t = 100)]
    client_failures: u32,
    /// The throttle window, and how long a block lasts, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    throttle_window: u64,
    /// Seconds in-flight requests get to finish at shutdown.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    shutdown_grace: u64,
    /// Log filter (`info`, `debug`, `hashbridge_service=debug`, ...); else `RUST_LOG`.
    #[arg(long, value_name = "FILTER")]
    log: Option<String>,
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

pub(crate) fn import(a: ImportArgs) -> Result<ExitCode, String> {
    let (format, options) = a.export.options()?;
    let migrator = a.target.migrator().map_err(|e| e.to_string())?;
    let input: Box<dyn std::io::BufRead + Send> = if a.export.file == "-" {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        let f = std::fs::File::open(&a.export.file)
            .map_err(|e| format!("cannot open {}: {e}", a.export.file))?;
        Box::new(BufReader::with_capacity(1 << 16, f))
    };
    let report = runtime()?.block_on(async {
        let store = a.store.open().await?;
        let report = hashbridge_service::import(&store, &migrator, format, input, options, a.batch)
            .await
            .map_err(|e| e.to_string());
        store.close().await;
        report
    })?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| e.to_string())?
        );
    } else {
        for (position, why) in &report.rejects {
            eprintln!("record {position}: {why}");
        }
        eprintln!(
            "{} entries: {} written, {} unchanged, {} without a password hash, {} unrecognised, \
             {} further values of an account, {} rejected",
            report.entries,
            report.written,
            report.unchanged,
            report.without_hash,
            report.unrecognised,
            report.duplicates,
            report.rejected
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn serve(a: ServeArgs) -> Result<ExitCode, String> {
    let filter = a
        .log
        .clone()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| "info".to_owned());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let secrets =
        hashbridge_service::auth::load(a.secret_file.as_deref()).map_err(|e| e.to_string())?;
    let migrator = a
        .memory
        .apply(a.target.migrator().map_err(|e| e.to_string())?, false)?
        .with_rehash(false);
    let mut config = Config::new(a.listen, secrets);
    config.admin_listen = match a.admin_listen.as_str() {
        "none" | "" => None,
        addr => Some(
            addr.parse()
                .map_err(|e| format!("--admin-listen {addr:?}: {e}"))?,
        ),
    };
    if let (Some(cert), Some(key)) = (a.tls_cert, a.tls_key) {
        config.tls = Some(TlsFiles { cert, key });
    }
    config.erase_migrated = a.erase_migrated;
    if let Some(t) = a.threads {
        config.threads = t.clamp(1, 1024);
        config.queue = config.threads * 16;
    }
    if let Some(q) = a.queue {
        config.queue = q;
    }
    config.body_limit = a.body_limit.max(256);
    let window = Duration::from_secs(a.throttle_window.max(1));
    config.account_rule = ThrottleRule {
        failures: a.account_failures.max(1),
        window,
    };
    config.client_rule = ThrottleRule {
        failures: a.client_failures.max(1),
        window,
    };
    config.shutdown_grace = Duration::from_secs(a.shutdown_grace);
    runtime()?.block_on(async {
        let store = a.store.open().await?;
        hashbridge_service::run(config, store, migrator)
            .await
            .map_err(|e| e.to_string())
    })?;
    Ok(ExitCode::SUCCESS)
}
