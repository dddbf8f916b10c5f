//! The credential store: SQLite (one machine, the default) or PostgreSQL (production).
//!
//! One table of accounts (credential, profile, state, timestamps) and one of throttle counters,
//! created and upgraded by the embedded migrations ([`migrations`]) when the store is opened.
//! Queries are plain SQL run through sqlx at run time (no compile-time database), written once
//! for both engines: `$N` placeholders (which SQLite reads too), `ON CONFLICT` upserts,
//! `IS DISTINCT FROM`, and integer times (Unix milliseconds).
//!
//! Every change a request makes is one transaction: an account is migrated, and its throttle
//! counter cleared, together or not at all; a failed login's counters move together. A store
//! that cannot be reached yields [`StoreError::Unavailable`], which the HTTP layer answers with
//! 503 and `Retry-After`, and sqlx's pool reconnects by itself once the database is back.

mod migrations;
mod url;

use std::time::Duration;

use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

pub use self::url::StoreUrl;
use crate::account::{CredentialColumns, NewAccount, State, StoredAccount};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database cannot be reached now (connection refused or lost, pool timeout, database
    /// busy or shutting down). Transient: try again.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The store URL or its options are unusable.
    #[error("store configuration: {0}")]
    Config(String),
    /// The database answered with an error that retrying will not fix (a failed migration, a
    /// constraint, a row that does not decode).
    #[error("store error: {0}")]
    Failed(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        match &e {
            E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed => {
                StoreError::Unavailable(e.to_string())
            }
            E::Protocol(_) => StoreError::Unavailable(e.to_string()),
            E::Database(db) if transient_code(db.code().as_deref()) => {
                StoreError::Unavailable(e.to_string())
            }
            E::Configuration(_) => StoreError::Config(e.to_string()),
            _ => StoreError::Failed(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(inner) => inner.into(),
            other => StoreError::Failed(format!("schema migration: {other}")),
        }
    }
}

/// Database error codes that mean "not now" rather than "never": SQLite's busy and locked
/// (5, 6), PostgreSQL's connection exceptions (class 08), operator intervention (57P01
/// admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now) and serialization
/// failures (40001, 40P01).
fn transient_code(code: Option<&str>) -> bool {
    match code {
        Some(c) => {
            matches!(c, "5" | "6" | "517" | "261" | "40001" | "40P01")
                || c.starts_with("08")
                || c.starts_with("57P")
        }
        None => false,
    }
}

/// Result alias for store operations.
pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Run `$body` with `$pool` bound to whichever pool the store has: the queries are the same
/// text for both engines, only the pool's type differs.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            Backend::Sqlite($pool) => $body,
            Backend::Postgres($pool) => $body,
        }
    };
}

/// One scheme's accounts by state, for metrics and the status page.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SchemeCensus {
    /// The scheme id the import identified (`unrecognised` when it could not).
    pub scheme: String,
    /// Accounts not yet logged in.
    pub legacy: u64,
    /// Accounts that logged in once with the right password.
    pub migrated: u64,
    /// Accounts locked in the export.
    pub locked: u64,
    /// Failed logins against this scheme's accounts, all time.
    pub failed_logins: u64,
}

/// What one import batch changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCounts {
    /// Rows inserted or updated.
    pub written: u64,
    /// Rows already present with the same credential and profile, or already migrated (a
    /// re-import never undoes a migration).
    pub unchanged: u64,
}

/// A throttle rule: more than `failures` failed logins within `window` block the key for
/// `window` from the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Failures allowed in a window; the next one blocks.
    pub failures: u32,
    /// The window, which is also how long a block lasts.
    pub window: Duration,
}

/// A connection pool to the credential store.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
}

const ACCOUNT_COLUMNS: &str = "id, username, email, hash, salt, cred_username, params, \
                               scheme_hint, scheme, profile, state";

impl Store {
    /// Open the store at `url` with at most `connections` connections, creating the database
    /// (SQLite) or schema (PostgreSQL `?schema=`) if needed and applying the migrations.
    ///
    /// # Errors
    /// [`StoreError::Config`] for a URL that is neither `sqlite:` nor `postgres://`;
    /// [`StoreError::Unavailable`] when the database cannot be reached.
    pub async fn open(url: &StoreUrl, connections: u32) -> StoreResult<Store> {
        // A request waits at most this long for a connection: when the database is down it is
        // answered 503 within a second instead of holding its client.
        let acquire = Duration::from_secs(1);
        let store = match url {
            StoreUrl::Sqlite(options) => {
                let options: SqliteConnectOptions = options.clone();
                let pool = SqlitePoolOptions::new()
                    .max_connections(connections.max(1))
                    .acquire_timeout(acquire)
                    .connect_with(options)
                    .await?;
                Store {
                    backend: Backend::Sqlite(pool),
                }
            }
            StoreUrl::Postgres { options, schema } => {
                let mut options: PgConnectOptions = options.clone();
                if let Some(schema) = schema {
                    create_schema(&options, schema).await?;
                    options = options.options([("search_path", schema.as_str())]);
                }
                let pool = PgPoolOptions::new()
                    .max_connections(connections.max(1))
                    .acquire_timeout(acquire)
                    .connect_with(options)
                    .await?;
                Store {
                    backend: Backend::Postgres(pool),
                }
            }
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(pool) => migrations::sqlite().await?.run(pool).await?,
            Backend::Postgres(pool) => migrations::postgres().await?.run(pool).await?,
        }
        Ok(())
    }

    /// Which engine this is: `sqlite` or `postgres`.
    pub fn engine(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Check that the database answers.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when it does not.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Close every connection (at shutdown).
    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }

    /// Insert or update `accounts` in one transaction, keyed by user name. An account already
    /// migrated is left as it is; an account whose stored data is the same is not rewritten.
    ///
    /// # Errors
    /// Any database error; nothing of the batch is written then.
    pub async fn upsert(
        &self,
        accounts: &[NewAccount],
        source: &str,
        now: i64,
    ) -> StoreResult<BatchCounts> {
        const SQL: &str = "INSERT INTO accounts (username, email, hash, salt, cred_username, \
             params, scheme_hint, scheme, profile, state, source, imported_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
             ON CONFLICT (username) DO UPDATE SET email = excluded.email, hash = excluded.hash, \
             salt = excluded.salt, cred_username = excluded.cred_username, \
             params = excluded.params, scheme_hint = excluded.scheme_hint, \
             scheme = excluded.scheme, profile = excluded.profile, state = excluded.state, \
             source = excluded.source, updated_at = excluded.updated_at \
             WHERE accounts.state <> 'migrated' AND (\
             accounts.email IS DISTINCT FROM excluded.email \
             OR accounts.hash IS DISTINCT FROM excluded.hash \
             OR accounts.salt IS DISTINCT FROM excluded.salt \
             OR accounts.cred_username IS DISTINCT FROM excluded.cred_username \
             OR accounts.params IS DISTINCT FROM excluded.params \
             OR accounts.scheme_hint IS DISTINCT FROM excluded.scheme_hint \
             OR accounts.scheme <> excluded.scheme OR accounts.profile <> excluded.profile \
             OR accounts.state <> excluded.state OR accounts.source <> excluded.source)";
        let mut counts = BatchCounts::default();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            for a in accounts {
                let done = sqlx::query(SQL)
                    .bind(&a.username)
                    .bind(&a.email)
                    .bind(&a.credential.hash)
                    .bind(&a.credential.salt)
                    .bind(&a.credential.cred_username)
                    .bind(&a.credential.params)
                    .bind(&a.credential.scheme_hint)
                    .bind(&a.scheme)
                    .bind(&a.profile)
                    .bind(a.state().as_str())
                    .bind(source)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() > 0 {
                    counts.written += 1;
                } else {
                    counts.unchanged += 1;
                }
            }
            tx.commit().await?;
        });
        Ok(counts)
    }

    /// The account whose user name is `login`, or else whose e-mail address is `login`
    /// (compared in lower case).
    ///
    /// # Errors
    /// Any database error.
    pub async fn find(&self, login: &str) -> StoreResult<Option<StoredAccount>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1 OR email = $2 \
             ORDER BY (username = $1) DESC LIMIT 1"
        );
        let email = login.to_lowercase();
        let row = on_pool!(self, |pool| {
            match sqlx::query(&sql)
                .bind(login)
                .bind(&email)
                .fetch_optional(pool)
                .await?
            {
                Some(r) => Some(StoredAccount {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    email: r.try_get("email")?,
                    credential: CredentialColumns {
                        hash: r.try_get("hash")?,
                        salt: r.try_get("salt")?,
                        cred_username: r.try_get("cred_username")?,
                        params: r.try_get("params")?,
                        scheme_hint: r.try_get("scheme_hint")?,
                    },
                    scheme: r.try_get("scheme")?,
                    profile: r.try_get("profile")?,
                    state: State::parse(&r.try_get::<String, _>("state")?)
                        .ok_or_else(|| StoreError::Failed("unknown account state".into()))?,
                }),
                None => None,
            }
        });
        Ok(row)
    }

    /// The latest time (Unix ms) until which any of `keys` is blocked, if one is blocked at
    /// `now`.
    ///
    /// # Errors
    /// Any database error.
    pub async fn blocked_until(&self, keys: &[&str], now: i64) -> StoreResult<Option<i64>> {
        if keys.is_empty() {
            return Ok(None);
        }
        let list = (2..keys.len() + 2)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT MAX(blocked_until) FROM throttle WHERE blocked_until > $1 AND key IN ({list})"
        );
        let until: Option<i64> = on_pool!(self, |pool| {
            let mut q = sqlx::query_scalar(&sql).bind(now);
            for key in keys {
                q = q.bind(*key);
            }
            q.fetch_one(pool).await?
        });
        Ok(until)
    }

    /// A right password for account `id`: mark it migrated (if it was legacy) and, with
    /// `erase`, drop its legacy credential; clear the throttle counter `account_key`. One
    /// transaction. Returns whether the account changed from legacy to migrated now.
    ///
    /// # Errors
    /// Any database error; nothing is written then.
    pub async fn record_success(
        &self,
        id: i64,
        erase: bool,
        account_key: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let migrate = if erase {
            "UPDATE accounts SET state = 'migrated', migrated_at = $2, updated_at = $2, \
             hash = NULL, salt = NULL, params = NULL WHERE id = $1 AND state = 'legacy'"
        } else {
            "UPDATE accounts SET state = 'migrated', migrated_at = $2, updated_at = $2 \
             WHERE id = $1 AND state = 'legacy'"
        };
        let changed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(migrate)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM throttle WHERE key = $1")
                .bind(account_key)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            done.rows_affected() > 0
        });
        Ok(changed)
    }

    /// A wrong password (or an unknown user): count it against account `id` if there is one,
    /// and against each throttle key under its rule. One transaction.
    ///
    /// # Errors
    /// Any database error; nothing is written then.
    pub async fn record_failure(
        &self,
        id: Option<i64>,
        keys: &[(&str, ThrottleRule)],
        now: i64,
    ) -> StoreResult<()> {
        // A window that started at or before `now - window` is over: the count restarts at 1.
        // Reaching the rule's count blocks the key for a window from now.
        const THROTTLE: &str = "INSERT INTO throttle (key, failures, window_start, blocked_until) \
             VALUES ($1, 1, $2, CASE WHEN $4 <= 1 THEN $2 + $3 ELSE 0 END) \
             ON CONFLICT (key) DO UPDATE SET \
             blocked_until = CASE WHEN (CASE WHEN throttle.window_start <= $2 - $3 THEN 1 \
             ELSE throttle.failures + 1 END) >= $4 THEN $2 + $3 ELSE throttle.blocked_until END, \
             failures = CASE WHEN throttle.window_start <= $2 - $3 THEN 1 \
             ELSE throttle.failures + 1 END, \
             window_start = CASE WHEN throttle.window_start <= $2 - $3 THEN $2 \
             ELSE throttle.window_start END";
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(id) = id {
                sqlx::query(
                    "UPDATE accounts SET failed_logins = failed_logins + 1, last_failed_at = $2 \
                     WHERE id = $1",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            for (key, rule) in keys {
                sqlx::query(THROTTLE)
                    .bind(*key)
                    .bind(now)
                    .bind(millis(rule.window))
                    .bind(i64::from(rule.failures))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Forget throttle counters whose window and block are both over `window` ago.
    ///
    /// # Errors
    /// Any database error.
    pub async fn purge_throttle(&self, now: i64, window: Duration) -> StoreResult<u64> {
        let before = now - millis(window);
        let n = on_pool!(self, |pool| {
            sqlx::query("DELETE FROM throttle WHERE window_start <= $1 AND blocked_until <= $2")
                .bind(before)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }

    /// Accounts by scheme and state, with failed logins per scheme, ordered by scheme.
    ///
    /// # Errors
    /// Any database error.
    pub async fn census(&self) -> StoreResult<Vec<SchemeCensus>> {
        const SQL: &str = "SELECT scheme, state, COUNT(*) AS n, \
             CAST(COALESCE(SUM(failed_logins), 0) AS BIGINT) AS failed \
             FROM accounts GROUP BY scheme, state ORDER BY scheme";
        let rows: Vec<(String, String, i64, i64)> = on_pool!(self, |pool| {
            sqlx::query(SQL)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| {
                    Ok((
                        r.try_get("scheme")?,
                        r.try_get("state")?,
                        r.try_get("n")?,
                        r.try_get("failed")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?
        });
        let mut out: Vec<SchemeCensus> = Vec::new();
        for (scheme, state, n, failed) in rows {
            if out.last().is_none_or(|c| c.scheme != scheme) {
                out.push(SchemeCensus {
                    scheme,
                    ..SchemeCensus::default()
                });
            }
            let Some(c) = out.last_mut() else { continue };
            let n = u64::try_from(n).unwrap_or(0);
            match State::parse(&state) {
                Some(State::Legacy) => c.legacy += n,
                Some(State::Migrated) => c.migrated += n,
                Some(State::Locked) => c.locked += n,
                None => {}
            }
            c.failed_logins += u64::try_from(failed).unwrap_or(0);
        }
        Ok(out)
    }

    /// Every account's user name, state and whether it still holds a credential, in user-name
    /// order: for consistency checks after a crash.
    ///
    /// # Errors
    /// Any database error.
    pub async fn states(&self) -> StoreResult<Vec<(String, State, bool, Option<i64>)>> {
        let rows = on_pool!(self, |pool| {
            sqlx::query(
                "SELECT username, state, hash IS NOT NULL AS has_hash, migrated_at \
                 FROM accounts ORDER BY username",
            )
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                Ok((
                    r.try_get::<String, _>("username")?,
                    state,
                    r.try_get::<bool, _>("has_hash")?,
                    r.try_get::<Option<i64>, _>("migrated_at")?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        rows.into_iter()
            .map(|(u, s, h, m)| {
                let state = State::parse(&s)
                    .ok_or_else(|| StoreError::Failed(format!("unknown account state {s:?}")))?;
                Ok((u, state, h, m))
            })
            .collect()
    }
}

/// Create `schema` if it does not exist, over a connection of its own (the pool's connections
/// put it first on their search path).
async fn create_schema(options: &PgConnectOptions, schema: &str) -> StoreResult<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect_with(options).await?;
    // The name was checked to be a plain identifier (see `StoreUrl`); quoting keeps its case.
    let created = sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        .execute(&mut conn)
        .await;
    let closed = conn.close().await;
    match created {
        // Two processes creating the same schema at once: one of them loses the race on the
        // catalog's unique index, and the schema is there all the same.
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505") => {}
        other => {
            other?;
        }
    }
    closed?;
    Ok(())
}

/// `d` in whole milliseconds, saturating.
pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
