//! Listeners, TLS and shutdown.
//!
//! [`start`] binds the main listener (TLS through rustls when configured) and the admin
//! listener, and returns at once with their addresses; [`Running::shutdown`] stops accepting,
//! lets in-flight requests finish within the grace period, then stops the hashing threads and
//! closes the store. [`run`] does all of it around SIGTERM / Ctrl-C.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use hashbridge::Migrator;
use tokio::task::JoinHandle;

use crate::api;
use crate::config::Config;
use crate::import::now_ms;
use crate::login::AppState;
use crate::metrics::Metrics;
use crate::pool::HashPool;
use crate::store::Store;

/// Why the service could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// A listener could not be bound, or a thread started.
    #[error("{what}: {source}")]
    Io {
        /// What failed.
        what: String,
        /// Why.
        source: std::io::Error,
    },
    /// The TLS certificate or key could not be used.
    #[error("TLS: {0}")]
    Tls(String),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ServeError {
    let what = what.into();
    move |source| ServeError::Io { what, source }
}

/// A running service.
#[derive(Debug)]
pub struct Running {
    /// Where the main listener listens.
    pub addr: SocketAddr,
    /// Where the admin listener listens.
    pub admin_addr: Option<SocketAddr>,
    handles: Vec<Handle>,
    servers: Vec<JoinHandle<std::io::Result<()>>>,
    purge: JoinHandle<()>,
    state: Arc<AppState>,
}

fn bind(addr: SocketAddr, what: &str) -> Result<(TcpListener, SocketAddr), ServeError> {
    let listener = TcpListener::bind(addr).map_err(io(format!("binding {what} {addr}")))?;
    listener
        .set_nonblocking(true)
        .map_err(io(format!("{what} {addr}")))?;
    let local = listener
        .local_addr()
        .map_err(io(format!("{what} {addr}")))?;
    Ok((listener, local))
}

/// Start serving `store` with `migrator` (which should not rehash: the platform stores the
/// new password itself) as `config` says.
///
/// # Errors
/// A listener cannot be bound, the TLS files cannot be used, a hashing thread cannot start.
pub async fn start(
    config: Config,
    store: Store,
    migrator: Migrator,
) -> Result<Running, ServeError> {
    let metrics = Arc::new(Metrics::new());
    let migrator = migrator.with_observer(metrics.clone());
    let pool = HashPool::new(migrator, config.threads, config.queue)
        .map_err(io("starting the hashing threads"))?;
    let tls = match &config.tls {
        Some(files) => {
            // One process-wide provider; a second install (tests) finds it there already.
            let _ = rustls::crypto::ring::default_provider().install_default();
            Some(
                RustlsConfig::from_pem_file(&files.cert, &files.key)
                    .await
                    .map_err(|e| {
                        ServeError::Tls(format!(
                            "{} / {}: {e}",
                            files.cert.display(),
                            files.key.display()
                        ))
                    })?,
            )
        }
        None => None,
    };
    let (main_listener, addr) = bind(config.listen, "listener")?;
    let admin = match config.admin_listen {
        Some(a) => Some(bind(a, "admin listener")?),
        None => None,
    };
    let grace_window = config.account_rule.window.max(config.client_rule.window);
    let state = Arc::new(AppState {
        store,
        pool,
        metrics,
        config,
    });

    let mut handles = Vec::new();
    let mut servers = Vec::new();
    let handle = Handle::new();
    let app = api::main_router(state.clone()).into_make_service();
    servers.push(match tls {
        Some(tls) => tokio::spawn(
            axum_server::from_tcp_rustls(main_listener, tls)
                .handle(handle.clone())
                .serve(app),
        ),
        None => tokio::spawn(
            axum_server::from_tcp(main_listener)
                .handle(handle.clone())
                .serve(app),
        ),
    });
    handles.push(handle);
    let admin_addr = match admin {
        Some((listener, local)) => {
            let handle = Handle::new();
            let app = api::admin_router(state.clone()).into_make_service();
            servers.push(tokio::spawn(
                axum_server::from_tcp(listener)
                    .handle(handle.clone())
                    .serve(app),
            ));
            handles.push(handle);
            Some(local)
        }
        None => None,
    };
    let purge = tokio::spawn(purge_throttle(state.clone(), grace_window));
    tracing::info!(%addr, admin = ?admin_addr, store = state.store.engine(),
        threads = state.pool.threads(), queue = state.pool.depth(), "listening");
    Ok(Running {
        addr,
        admin_addr,
        handles,
        servers,
        purge,
        state,
    })
}

/// Drop throttle counters that have run out, once a minute.
async fn purge_throttle(state: Arc<AppState>, window: Duration) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match state.store.purge_throttle(now_ms(), window).await {
            Ok(n) if n > 0 => tracing::debug!(n, "throttle counters expired"),
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "throttle purge skipped"),
        }
    }
}

impl Running {
    /// Stop accepting connections, let in-flight requests finish (within the configured grace
    /// period), then stop the hashing threads and close the store.
    pub async fn shutdown(self) {
        let grace = self.state.config.shutdown_grace;
        for h in &self.handles {
            h.graceful_shutdown(Some(grace));
        }
        for s in self.servers {
            match s.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "listener stopped with an error"),
                Err(e) => tracing::warn!(error = %e, "listener task failed"),
            }
        }
        self.purge.abort();
        let state = self.state.clone();
        let _ = tokio::task::spawn_blocking(move || state.pool.shutdown()).await;
        self.state.store.close().await;
        tracing::info!("stopped");
    }
}

/// Serve until SIGTERM or Ctrl-C, then shut down gracefully.
///
/// # Errors
/// As [`start`].
pub async fn run(config: Config, store: Store, migrator: Migrator) -> Result<(), ServeError> {
    let running = start(config, store, migrator).await?;
    stop_signal().await;
    tracing::info!("shutting down: finishing in-flight requests");
    running.shutdown().await;
    Ok(())
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
