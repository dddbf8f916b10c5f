//! One login attempt, as every endpoint makes it: throttle check, account lookup, verify on
//! the hashing pool, then the store updated in one transaction.
//!
//! Unknown users go through the same steps as known ones: the throttle is keyed by the name
//! given, the verify runs against the target's dummy hash
//! ([`hashbridge::Migrator::verify_user`]), and the failure is counted. A known user whose hash
//! is at the target's cost and an unknown user take the same time and get the same answer;
//! a user still on a cheap legacy hash answers faster until they have logged in once.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::account::{State, StoredAccount};
use crate::config::Config;
use crate::error::ApiError;
use crate::import::now_ms;
use crate::metrics::{Metrics, Rejection};
use crate::pool::HashPool;
use crate::store::{Store, StoreError, ThrottleRule};

/// What the endpoints share.
#[derive(Debug)]
pub struct AppState {
    /// The credential store.
    pub store: Store,
    /// The hashing pool.
    pub pool: HashPool,
    /// The metrics.
    pub metrics: Arc<Metrics>,
    /// The settings.
    pub config: Config,
}

impl AppState {
    /// A store error as an answer ([`ApiError::store`]), counted as a rejection when the
    /// store is unavailable.
    pub fn store_error(&self, e: StoreError) -> ApiError {
        let err = ApiError::store(e, self.config.retry_after);
        if matches!(err, ApiError::StoreUnavailable(_)) {
            self.metrics.rejected(Rejection::StoreUnavailable);
        }
        err
    }
}

/// How an attempt ended.
#[derive(Debug)]
pub enum Verdict {
    /// The password is right: the account (now migrated) and its scheme.
    Valid(Box<StoredAccount>, String),
    /// Wrong password, unknown user, or an erased credential.
    Invalid,
    /// The password is right but the account is locked.
    Locked,
}

/// The throttle keys of a login name and, when the caller reported it, the end user's
/// address.
fn keys(login: &str, client: Option<IpAddr>) -> (String, Option<String>) {
    (
        format!("account:{}", login.trim().to_lowercase()),
        client.map(|ip| format!("client:{ip}")),
    )
}

/// Judge `password` for `login`, typed by the end user at `client` when the caller reports
/// that address.
///
/// The per-client throttle applies only then. The service's callers hold its secret: they
/// are a platform's script runners, a Lambda or login code, so the connection's peer is the
/// platform's address, shared by every user it signs in; counting failures against it would
/// throttle everyone once `--client-failures` of them had mistyped a password.
///
/// # Errors
/// [`ApiError::Throttled`], [`ApiError::Overloaded`], [`ApiError::StoreUnavailable`] (nothing
/// was written then), [`ApiError::Credential`] for a stored credential that cannot be judged.
pub async fn attempt(
    state: &AppState,
    login: &str,
    password: Zeroizing<Vec<u8>>,
    client: Option<IpAddr>,
) -> Result<Verdict, ApiError> {
    let cfg = &state.config;
    let retry = cfg.retry_after;
    let store_err = |e| state.store_error(e);
    let (account_key, client_key) = keys(login, client);
    // The throttle's keys, each with its rule: the account's, and the end user's address
    // when the caller reported it.
    let rules: Vec<(&str, ThrottleRule)> =
        std::iter::once((account_key.as_str(), cfg.account_rule))
            .chain(client_key.as_deref().map(|k| (k, cfg.client_rule)))
            .collect();
    let throttle_keys: Vec<&str> = rules.iter().map(|(k, _)| *k).collect();
    let now = now_ms();
    if let Some(until) = state
        .store
        .blocked_until(&throttle_keys, now)
        .await
        .map_err(store_err)?
    {
        state.metrics.rejected(Rejection::Throttled);
        let wait = Duration::from_millis(u64::try_from(until - now).unwrap_or(1));
        return Err(ApiError::Throttled(wait));
    }
    let account = state.store.find(login).await.map_err(store_err)?;
    let credential = account.as_ref().and_then(|a| a.credential.credential());
    let started = Instant::now();
    let outcome = match state.pool.verify(password, credential).await {
        Ok(o) => o,
        Err(_busy) => {
            state.metrics.rejected(Rejection::Overload);
            return Err(ApiError::Overloaded(retry));
        }
    };
    tracing::debug!(took = ?started.elapsed(), "verify");
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) if e.kind() == hashbridge::ErrorKind::Unavailable => {
            state.metrics.rejected(Rejection::Overload);
            return Err(ApiError::Overloaded(retry));
        }
        Err(e) => {
            tracing::warn!(kind = %e.kind(), error = %e, "stored credential cannot be verified");
            return Err(ApiError::Credential(e));
        }
    };
    let now = now_ms();
    match account {
        Some(a) if outcome.valid && a.state != State::Locked => {
            let migrated = state
                .store
                .record_success(a.id, cfg.erase_migrated, &account_key, now)
                .await
                .map_err(store_err)?;
            if migrated {
                state.metrics.migrated();
            }
            let mut a = a;
            a.state = State::Migrated;
            Ok(Verdict::Valid(Box::new(a), outcome.scheme))
        }
        Some(a) if outcome.valid => {
            tracing::info!(account = a.id, "right password for a locked account");
            Ok(Verdict::Locked)
        }
        account => {
            state
                .store
                .record_failure(account.map(|a| a.id), &rules, now)
                .await
                .map_err(store_err)?;
            Ok(Verdict::Invalid)
        }
    }
}
