//! The schema migrations, embedded in the binary and applied by sqlx's migrator (which records
//! them in `_sqlx_migrations` and refuses a store whose applied migrations were edited).
//!
//! One text for both engines (`service/migrations/*.sql`): the two spellings that differ, the
//! identity column and the byte-string type, are written `ID_COLUMN` and `BYTES` and replaced
//! per engine, so that the tables cannot drift apart.

use std::borrow::Cow;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// Migrations as (version, description, SQL), in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "accounts",
    include_str!("../../migrations/0001_accounts.sql"),
)];

/// An engine's spellings of the identity column and the byte-string type.
#[derive(Debug)]
struct Dialect {
    id_column: &'static str,
    bytes: &'static str,
}

const SQLITE: Dialect = Dialect {
    id_column: "INTEGER PRIMARY KEY AUTOINCREMENT",
    bytes: "BLOB",
};

const POSTGRES: Dialect = Dialect {
    id_column: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    bytes: "BYTEA",
};

#[derive(Debug)]
struct Source(Dialect);

impl MigrationSource<'static> for Source {
    fn resolve(
        self,
    ) -> futures_core::future::BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        let list = MIGRATIONS
            .iter()
            .map(|&(version, description, sql)| {
                let sql = sql
                    .replace("ID_COLUMN", self.0.id_column)
                    .replace("BYTES", self.0.bytes);
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Owned(sql),
                    false,
                )
            })
            .collect();
        Box::pin(std::future::ready(Ok(list)))
    }
}

/// The SQLite migrator.
pub(super) async fn sqlite() -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Source(SQLITE)).await
}

/// The PostgreSQL migrator.
pub(super) async fn postgres() -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Source(POSTGRES)).await
}
