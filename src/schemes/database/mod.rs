//! The database family: account hashes of MySQL/MariaDB, PostgreSQL, SQL Server, Oracle,
//! MongoDB, SAP/Sybase ASE and Progress OpenEdge, and the user table of SAP NetWeaver (`USR02`).
//!
//! Every one is a legacy format, verified once and upgraded on the next login. Some need the
//! account name (PostgreSQL md5, Oracle 10g, SAP CODVN B and F) as the user name of the
//! credential.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod mongodb;
pub(crate) mod mssql;
pub(crate) mod mysql;
pub(crate) mod openedge;
pub(crate) mod oracle;
pub(crate) mod postgres;
pub(crate) mod sap;
pub(crate) mod sybase;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(mysql::MysqlCachingSha2),
        Arc::new(mysql::Mysql41),
        Arc::new(postgres::PostgresScramSha256),
        Arc::new(postgres::PostgresMd5),
        Arc::new(mssql::Mssql::MSSQL2000),
        Arc::new(mssql::Mssql::MSSQL2005),
        Arc::new(mssql::Mssql::MSSQL2012),
        Arc::new(mongodb::MongoScram::SHA256),
        Arc::new(mongodb::MongoScram::SHA1),
        Arc::new(sybase::SybaseAse),
        Arc::new(oracle::OracleSpare4::ORACLE11),
        Arc::new(oracle::OracleSpare4::ORACLE12C),
        Arc::new(sap::SapCodvnH),
        // Marker-less shapes (16 and 40 hex digits) last.
        Arc::new(mysql::Mysql323),
        Arc::new(oracle::Oracle10),
        Arc::new(sap::SapUserHash::B),
        Arc::new(sap::SapUserHash::F),
        Arc::new(openedge::OpenEdgeEncode),
    ]
}
