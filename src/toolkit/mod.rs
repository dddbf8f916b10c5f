//! Bulk work as library code, shared by the CLI and the bindings.

pub mod audit;
pub mod batch;
pub mod bench;
pub mod convert;
pub mod export;
pub mod record;
pub(crate) mod timestamp;
pub mod wrap;
