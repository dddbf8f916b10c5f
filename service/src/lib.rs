//! The hashbridge migration service: a legacy-credential store behind the hooks identity
//! platforms call on a user's first sign-in.
//!
//! Hosted identity platforms migrate users lazily: when a user who is not yet migrated signs
//! in, the platform sends the plaintext password to a hook and asks whether it is right (Okta's
//! password import inline hook, Auth0's and Authing's custom database login scripts, Cognito's
//! migrate-user Lambda trigger). This crate is that hook, around a store loaded once from the
//! old system's export:
//!
//! - [`import`] reads an export with the toolkit's readers into the store ([`Store`]: SQLite or
//!   PostgreSQL), one transaction per batch, idempotently;
//! - [`server`] serves `POST /v1/verify` (`{username, password}` -> `{valid, scheme,
//!   profile}`), `POST /v1/hooks/okta`, `GET /metrics`, `GET /status`, `GET /healthz` and
//!   `GET /readyz`; the `hashbridge serve` command runs it;
//! - a right password marks the account migrated in the same transaction (optionally erasing
//!   its legacy hash), so `/metrics` and `/status` count the migration down to zero.
//!
//! Security: every endpoint but the health checks needs `Authorization: Bearer <secret>`
//! ([`auth`]); TLS through rustls; bounded bodies; passwords are never logged and their
//! buffers are wiped; unknown users are verified against a dummy hash at the target's cost and
//! answered like wrong passwords; failed logins are throttled per account, and per end-user
//! address when the caller reports it, with the counters in the store ([`login`]).
//!
//! Under load: verifies run on a fixed pool of threads behind a bounded queue ([`pool`]); a full
//! queue is a fast 503 with `Retry-After`, so memory stays flat.
//!
//! Examples of platform glue, run by the tests: `service/examples/auth0-login.js`,
//! `service/examples/authing-login.js`, `service/examples/cognito-migrate-user.js` (driven with
//! the event of the AWS developer guide), and the Okta hook driven with the request body from
//! Okta's documentation (`service/tests/data/okta-password-import.json`).

#![forbid(unsafe_code)]

pub mod account;
pub mod api;
pub mod auth;
pub mod config;
pub mod error;
pub mod import;
pub mod login;
pub mod metrics;
pub mod pool;
pub mod server;
pub mod status;
pub mod store;

pub use config::{Config, TlsFiles};
pub use import::{ImportReport, import};
pub use server::{Running, run, start};
pub use store::{Store, StoreError, StoreUrl};
