//! The schema migrations, embedded in the binary and applied by sqlx's migrator (which records
//! them in `_sqlx_migrations` and refuses a store whose applied migrations were edited).
//!
//! One directory per engine (`service/migrations/sqlite`, `service/migrations/postgres`): the
//! column types differ (`BLOB`/`BYTEA`, the identity column), the tables do not.

use std::borrow::Cow;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// Migrations as (version, description, SQL), in order.
type Embedded = &'static [(i64, &'static str, &'static str)];

const SQLITE: Embedded = &[(
    1,
    "accounts",
    include_str!("../../migrations/sqlite/0001_accounts.sql"),
)];

const POSTGRES: Embedded = &[(
    1,
    "accounts",
    include_str!("../../migrations/postgres/0001_accounts.sql"),
)];

#[derive(Debug)]
struct Source(Embedded);

impl MigrationSource<'static> for Source {
    fn resolve(
        self,
    ) -> futures_core::future::BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        let list = self
            .0
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
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
