//! Every built-in format, one module per family.
//!
//! Registration order is identification order for overlapping markers: more specific markers
//! first. Families without markers of their own (bare digests) come last.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod database;
pub(crate) mod digest;
pub(crate) mod directory;
pub(crate) mod network;
pub(crate) mod phc;
pub(crate) mod portable;
pub(crate) mod unix;
pub(crate) mod vendor;
pub(crate) mod web;
pub(crate) mod wrapped;

/// Every built-in scheme in registration order.
pub(crate) fn builtin() -> Vec<Arc<dyn Scheme>> {
    let mut all: Vec<Arc<dyn Scheme>> = vec![Arc::new(wrapped::Wrapped::new())];
    all.extend(unix::schemes());
    all.extend(phc::schemes());
    all.extend(web::schemes());
    all.extend(directory::schemes());
    all.extend(database::schemes());
    all.extend(network::schemes());
    all.extend(vendor::schemes());
    all.extend(digest::schemes());
    all
}

/// A built-in scheme of the crypt or PHC families by id, for wrapper formats of other families
/// (`{CRYPT}`, Django's `bcrypt$`, Dovecot's `{SHA512-CRYPT}`, Spring's `{bcrypt}`, the bcrypt and
/// argon2 forms of vendor export objects) to delegate to.
#[allow(
    dead_code,
    reason = "called by the wrapper formats of families that land separately"
)]
pub(crate) fn core(id: &str) -> Option<Arc<dyn Scheme>> {
    unix::schemes()
        .into_iter()
        .chain(phc::schemes())
        .find(|s| s.id() == id)
}
