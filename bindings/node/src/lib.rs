//! The Node.js package `hashbridge`: verify password hashes from legacy systems without
//! blocking the event loop, and upgrade them to argon2id on the next successful login.
//!
//! A thin translation of the library's types and errors (`args`, `options`, `shapes`,
//! `errors`); the hashing runs on the libuv thread pool (`tasks`). The module-level functions
//! use one migrator with the library's defaults; `new Migrator(options)` builds others.
//! `napi build` writes `index.d.ts` from these declarations; `index.js` adds the
//! `HashbridgeError` class (`errors.js`) and registers it here.

use std::sync::{Arc, OnceLock};

use hashbridge::{Limits, Registry};
use napi::Env;
use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object, Unknown};
use napi_derive::napi;

mod args;
mod errors;
mod migrator;
mod options;
mod shapes;
mod tasks;

pub use migrator::Migrator;
pub use shapes::{
    CallOptions, CredentialObject, Inspection, LimitsOptions, Outcome, PolicyOptions, Salt,
    TargetOptions,
};

/// The migrator of the module-level functions: every built-in scheme, argon2id m=19456 t=2 p=1,
/// the default limits. Built on first use and shared, so its memory budget bounds every
/// module-level call together.
fn default_migrator() -> &'static Arc<hashbridge::Migrator> {
    static DEFAULT: OnceLock<Arc<hashbridge::Migrator>> = OnceLock::new();
    DEFAULT.get_or_init(|| Arc::new(hashbridge::Migrator::default()))
}

/// Keep `class` as this environment's `HashbridgeError`: `index.js` calls it once on load.
#[napi(skip_typescript, catch_unwind)]
pub fn register_error_class(
    env: Env,
    class: Function<'_, FnArgs<(String, &'static str)>, Unknown<'static>>,
) -> napi::Result<()> {
    errors::register(&env, class)
}

/// Judge `password` against the stored `credential` on the thread pool, with the default
/// policy. Resolves with the outcome for a right and a wrong password alike; rejects with
/// `HashbridgeError` when the credential cannot be judged, `TypeError` for an argument of the
/// wrong type.
#[napi(catch_unwind, ts_return_type = "Promise<Outcome>")]
pub fn verify<'e>(
    env: &'e Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
    #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    migrator::verify(
        env,
        default_migrator(),
        &password,
        &credential,
        options.as_ref(),
    )
}

/// `verify` on the calling thread: blocks the event loop for the whole hash.
#[napi(catch_unwind)]
pub fn verify_sync(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
) -> napi::Result<Outcome> {
    migrator::verify_sync(&env, default_migrator(), &password, &credential)
}

/// `verify` for a login by user name: `credential` is `null` when no such user exists, and a
/// target-strength hash is verified instead, so that the answer (`valid: false`) takes as long
/// as a known user's.
#[napi(catch_unwind, ts_return_type = "Promise<Outcome>")]
pub fn verify_user<'e>(
    env: &'e Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    #[napi(ts_arg_type = "string | CredentialObject | null")] credential: Unknown<'_>,
    #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    migrator::verify_user(
        env,
        default_migrator(),
        &password,
        &credential,
        options.as_ref(),
    )
}

/// `verifyUser` on the calling thread.
#[napi(catch_unwind)]
pub fn verify_user_sync(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    #[napi(ts_arg_type = "string | CredentialObject | null")] credential: Unknown<'_>,
) -> napi::Result<Outcome> {
    migrator::verify_user_sync(&env, default_migrator(), &password, &credential)
}

/// The scheme id of a stored credential (no hashing).
#[napi(catch_unwind)]
pub fn identify(
    env: Env,
    #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
) -> napi::Result<String> {
    migrator::identify(&env, default_migrator(), &credential)
}

/// The scheme, its parameters and whether the default policy would upgrade the credential (no
/// hashing).
#[napi(catch_unwind)]
pub fn inspect(
    env: Env,
    #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
) -> napi::Result<Inspection> {
    migrator::inspect(&env, default_migrator(), &credential)
}

/// Whether the default policy would upgrade this credential on its next successful login (no
/// hashing).
#[napi(catch_unwind)]
pub fn needs_upgrade(
    env: Env,
    #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
) -> napi::Result<bool> {
    migrator::needs_upgrade(&env, default_migrator(), &credential)
}

/// A new argon2id hash (m=19456 t=2 p=1) of `password`, on the thread pool.
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn hash<'e>(
    env: &'e Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    migrator::hash(env, default_migrator(), &password, options.as_ref())
}

/// `hash` on the calling thread.
#[napi(catch_unwind)]
pub fn hash_sync(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
) -> napi::Result<String> {
    migrator::hash_sync(&env, default_migrator(), &password)
}

/// The ids of every built-in scheme, in the order they are tried.
#[napi]
pub fn schemes() -> Vec<String> {
    Registry::default()
        .schemes()
        .map(|s| s.id().to_owned())
        .collect()
}

/// The default resource ceilings, by their `LimitsOptions` names, in the library's order.
#[napi(ts_return_type = "Record<keyof LimitsOptions, number>")]
pub fn default_limits(env: &Env) -> napi::Result<Object<'_>> {
    let limits = Limits::default();
    let mut out = Object::new(env)?;
    for name in Limits::names() {
        if let Some(value) = limits.get(name) {
            // Numbers: every default is far below 2^53.
            out.set_named_property(&options::camel(name), value as f64)?;
        }
    }
    Ok(out)
}
