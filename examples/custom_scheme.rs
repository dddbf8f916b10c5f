//! Registering an in-house format next to the built-in ones.
//!
//! Run with `cargo run --example custom_scheme`.

use std::sync::Arc;

use hashbridge::kdf::{Algorithm, ct_eq};
use hashbridge::{Credential, CustomScheme, Error, Match, Migrator, Policy, Registry};

fn main() -> Result<(), Error> {
    // An old intranet stored "acme1:" + hex(SHA-256("acme" || password)).
    let acme = CustomScheme::new(
        "acme_sha256",
        |h: &str| {
            if h.starts_with("acme1:") {
                Match::Exact
            } else {
                Match::No
            }
        },
        |password: &[u8], cred: &Credential, _limits: &hashbridge::Limits| {
            let hex = cred.hash().strip_prefix("acme1:").unwrap_or_default();
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::malformed(
                    "acme_sha256",
                    "digest",
                    "not 64 hex digits",
                ));
            }
            // Compared as lower-case hex text, in constant time.
            let ours = Algorithm::Sha256.digest(&[b"acme", password]).to_hex();
            Ok(ct_eq(ours.as_bytes(), hex.to_ascii_lowercase().as_bytes()))
        },
    )
    .with_prefixes(&["acme1:"]);

    let registry = Registry::default().with(Arc::new(acme))?;
    let migrator = Migrator::new(registry, Policy::default())?.with_rehash(false);
    let stored = format!(
        "acme1:{}",
        Algorithm::Sha256.digest(&[b"acme", b"hunter2"]).to_hex()
    );
    let out = migrator.verify(b"hunter2", &Credential::new(stored))?;
    println!(
        "valid={} scheme={} needs_upgrade={}",
        out.valid, out.scheme, out.needs_upgrade
    );
    Ok(())
}
