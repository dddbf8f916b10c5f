//! Store URLs: `sqlite:PATH` (created if missing), `sqlite::memory:`, or
//! `postgres://USER@HOST:PORT/DB` with an optional `schema=NAME` query parameter that keeps the
//! service's tables in a schema of their own (created if missing).

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use super::StoreError;

/// A parsed store URL.
#[derive(Clone, Debug)]
pub enum StoreUrl {
    /// An SQLite database file.
    Sqlite(SqliteConnectOptions),
    /// A PostgreSQL database, and the schema to use in it.
    Postgres {
        /// Connection options.
        options: PgConnectOptions,
        /// The `schema=` parameter.
        schema: Option<String>,
    },
}

impl FromStr for StoreUrl {
    type Err = StoreError;

    fn from_str(url: &str) -> Result<Self, StoreError> {
        let bad = |why: String| StoreError::Config(why);
        if url.starts_with("sqlite:") {
            // WAL: readers never wait for the writer. NORMAL synchronisation: a committed
            // transaction survives the process being killed (not a power cut).
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| bad(format!("{url:?}: {e}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5));
            return Ok(StoreUrl::Sqlite(options));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let (base, schema) = take_schema(url)?;
            let options =
                PgConnectOptions::from_str(&base).map_err(|e| bad(format!("postgres URL: {e}")))?;
            return Ok(StoreUrl::Postgres { options, schema });
        }
        Err(bad(
            "expected sqlite:PATH or postgres://USER@HOST/DATABASE".to_owned()
        ))
    }
}

/// Split the `schema=NAME` parameter off a PostgreSQL URL. The name must be a plain identifier
/// (letters, digits, `_`; at most 63 bytes, PostgreSQL's limit), since it is written into SQL.
fn take_schema(url: &str) -> Result<(String, Option<String>), StoreError> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), None));
    };
    let mut schema = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("schema=") {
            Some(name) => {
                let plain = !name.is_empty()
                    && name.len() <= 63
                    && !name.starts_with(|c: char| c.is_ascii_digit())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !plain {
                    return Err(StoreError::Config(format!(
                        "schema {name:?}: expected letters, digits and _ (at most 63)"
                    )));
                }
                schema = Some(name.to_owned());
            }
            None => kept.push(pair),
        }
    }
    let base = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((base, schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(matches!(
            "sqlite:legacy.db".parse::<StoreUrl>(),
            Ok(StoreUrl::Sqlite(_))
        ));
        match "postgres://root@127.0.0.1:5432/test?schema=hb_1&sslmode=disable".parse() {
            Ok(StoreUrl::Postgres { schema, .. }) => assert_eq!(schema.as_deref(), Some("hb_1")),
            other => panic!("{other:?}"),
        }
        for bad in [
            "mysql://x",
            "legacy.db",
            "postgres://h/db?schema=a;drop",
            "postgres://h/db?schema=",
            "postgres://h/db?schema=1a",
        ] {
            assert!(
                matches!(bad.parse::<StoreUrl>(), Err(StoreError::Config(_))),
                "{bad}"
            );
        }
    }
}
