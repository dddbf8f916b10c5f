//! How the service runs: listeners, TLS, the hashing pool, throttling, request limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::Secrets;
use crate::store::ThrottleRule;

/// A certificate chain and its private key, PEM files, for TLS on the main listener.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// The certificate chain.
    pub cert: PathBuf,
    /// The private key.
    pub key: PathBuf,
}

/// The service's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// The main listener: the login endpoints, and `/status` and `/metrics` with the secret.
    pub listen: SocketAddr,
    /// The administrators' listener (loopback by default): `/status` and `/metrics` without
    /// the secret. `None` for none.
    pub admin_listen: Option<SocketAddr>,
    /// The callers' secrets.
    pub secrets: Secrets,
    /// TLS for the main listener.
    pub tls: Option<TlsFiles>,
    /// Erase an account's legacy credential once it has migrated.
    pub erase_migrated: bool,
    /// Hashing threads (default: one per core).
    pub threads: usize,
    /// Verifies that may wait for a hashing thread; more are refused with 503.
    pub queue: usize,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Failed logins allowed per account (by the login name given) and window.
    pub account_rule: ThrottleRule,
    /// Failed logins allowed per end-user address and window, for the requests whose caller
    /// reports that address (never the connection's peer: the platform's server).
    pub client_rule: ThrottleRule,
    /// How long in-flight requests may take to finish at shutdown.
    pub shutdown_grace: Duration,
    /// The `Retry-After` given with a 503.
    pub retry_after: Duration,
}

impl Config {
    /// Defaults around `listen` and `secrets`: an admin listener on 127.0.0.1:9187, one
    /// hashing thread per core with 16 queue places each, 16 KiB bodies, 5 failures per
    /// account and 100 per client in 15 minutes, 30 s to finish at shutdown.
    pub fn new(listen: SocketAddr, secrets: Secrets) -> Config {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let window = Duration::from_secs(15 * 60);
        Config {
            listen,
            admin_listen: Some(SocketAddr::from(([127, 0, 0, 1], 9187))),
            secrets,
            tls: None,
            erase_migrated: false,
            threads,
            queue: threads * 16,
            body_limit: 16 * 1024,
            account_rule: ThrottleRule {
                failures: 5,
                window,
            },
            client_rule: ThrottleRule {
                failures: 100,
                window,
            },
            shutdown_grace: Duration::from_secs(30),
            retry_after: Duration::from_secs(1),
        }
    }
}
