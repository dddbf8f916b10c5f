//! `Migrator`: a registry and a policy, built once and shared by every call (the module-level
//! functions use one built with the defaults). Each method reads its arguments on the event
//! loop thread; the hashing runs on the libuv pool (`verify`, `verifyUser`, `hash`) or, in the
//! `*Sync` variants, on the calling thread.

use std::sync::Arc;

use hashbridge::Migrator as Core;
use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::args;
use crate::errors::{Failure, guarded};
use crate::shapes::{Inspection, Outcome};
use crate::tasks::{self, HashTask, VerifyJob, VerifyTask};

/// Verifies legacy password hashes and hands back upgraded ones. Build one per policy and share
/// it: its memory budget bounds the memory-hard hashes it runs at once.
#[napi]
pub struct Migrator {
    inner: Arc<Core>,
}

#[napi]
impl Migrator {
    /// A migrator with `options` (the defaults: every built-in scheme, upgrades to argon2id
    /// m=19456 t=2 p=1, the library's limits). Throws `TypeError`/`RangeError` for a malformed
    /// option and `HashbridgeError` (kind `config`) for a policy the library refuses, such as a
    /// target its own limits would reject.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "MigratorOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        match options_migrator(options.as_ref()) {
            Ok(m) => Ok(Migrator { inner: Arc::new(m) }),
            Err(f) => Err(f.into_napi(&env)),
        }
    }

    /// The scheme id of the hashes this migrator writes (`argon2`, `bcrypt`, `scrypt`,
    /// `pbkdf2_sha256`).
    #[napi(getter)]
    pub fn target(&self) -> &'static str {
        self.inner.policy().target.scheme_id()
    }

    /// Judge `password` against `credential` on the thread pool. Resolves with the outcome for a
    /// right and a wrong password alike; rejects with `HashbridgeError` when the credential
    /// cannot be judged, `TypeError` for an argument of the wrong type.
    #[napi(catch_unwind, ts_return_type = "Promise<Outcome>")]
    pub fn verify<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
        #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'e>> {
        verify(env, &self.inner, &password, &credential, options.as_ref())
    }

    /// `verify` on the calling thread: blocks the event loop for the whole hash.
    #[napi(catch_unwind)]
    pub fn verify_sync(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
        #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
    ) -> napi::Result<Outcome> {
        verify_sync(&env, &self.inner, &password, &credential)
    }

    /// `verify` for a login by user name: `credential` is `null` when no such user exists, and
    /// a target-strength hash is verified instead, so that the answer (`valid: false`) takes as
    /// long as a known user's.
    #[napi(catch_unwind, ts_return_type = "Promise<Outcome>")]
    pub fn verify_user<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
        #[napi(ts_arg_type = "string | CredentialObject | null")] credential: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'e>> {
        verify_user(env, &self.inner, &password, &credential, options.as_ref())
    }

    /// `verifyUser` on the calling thread.
    #[napi(catch_unwind)]
    pub fn verify_user_sync(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
        #[napi(ts_arg_type = "string | CredentialObject | null")] credential: Unknown<'_>,
    ) -> napi::Result<Outcome> {
        verify_user_sync(&env, &self.inner, &password, &credential)
    }

    /// The scheme id of a stored credential (no hashing).
    #[napi(catch_unwind)]
    pub fn identify(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
    ) -> napi::Result<String> {
        identify(&env, &self.inner, &credential)
    }

    /// The scheme, its parameters and whether the policy would upgrade the credential (no
    /// hashing).
    #[napi(catch_unwind)]
    pub fn inspect(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
    ) -> napi::Result<Inspection> {
        inspect(&env, &self.inner, &credential)
    }

    /// Whether the policy would upgrade this credential on its next successful login (no
    /// hashing).
    #[napi(catch_unwind)]
    pub fn needs_upgrade(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | CredentialObject")] credential: Unknown<'_>,
    ) -> napi::Result<bool> {
        needs_upgrade(&env, &self.inner, &credential)
    }

    /// A new target hash of `password`, on the thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn hash<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'e>> {
        hash(env, &self.inner, &password, options.as_ref())
    }

    /// `hash` on the calling thread.
    #[napi(catch_unwind)]
    pub fn hash_sync(
        &self,
        env: Env,
        #[napi(ts_arg_type = "string | Uint8Array")] password: Unknown<'_>,
    ) -> napi::Result<String> {
        hash_sync(&env, &self.inner, &password)
    }
}

/// The library's migrator for `options`, caught against panics like every other call.
fn options_migrator(options: Option<&Unknown<'_>>) -> Result<Core, Failure> {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::options::migrator(options)
    }));
    built.unwrap_or_else(|_| Err(Failure::Panic("building the migrator panicked".to_owned())))
}

// The calls, shared by the class's methods and the module-level functions.

pub(crate) fn verify<'e>(
    env: &'e Env,
    m: &Arc<Core>,
    password: &Unknown<'_>,
    credential: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    let task = args::password(password, "password").and_then(|pw| {
        let cred = args::credential(credential, "credential")?;
        let signal = tasks::signal(env, options)?;
        Ok((
            VerifyTask::new(Arc::clone(m), pw, VerifyJob::Known(cred)),
            signal,
        ))
    });
    tasks::promise(env, task)
}

pub(crate) fn verify_sync(
    env: &Env,
    m: &Arc<Core>,
    password: &Unknown<'_>,
    credential: &Unknown<'_>,
) -> napi::Result<Outcome> {
    args::password(password, "password")
        .and_then(|pw| {
            let cred = args::credential(credential, "credential")?;
            VerifyTask::new(Arc::clone(m), pw, VerifyJob::Known(cred)).run()
        })
        .map(Outcome::from)
        .map_err(|f| f.into_napi(env))
}

pub(crate) fn verify_user<'e>(
    env: &'e Env,
    m: &Arc<Core>,
    password: &Unknown<'_>,
    credential: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    let task = args::password(password, "password").and_then(|pw| {
        let cred = args::optional_credential(Some(credential), "credential")?;
        let signal = tasks::signal(env, options)?;
        Ok((
            VerifyTask::new(Arc::clone(m), pw, VerifyJob::User(cred)),
            signal,
        ))
    });
    tasks::promise(env, task)
}

pub(crate) fn verify_user_sync(
    env: &Env,
    m: &Arc<Core>,
    password: &Unknown<'_>,
    credential: &Unknown<'_>,
) -> napi::Result<Outcome> {
    args::password(password, "password")
        .and_then(|pw| {
            let cred = args::optional_credential(Some(credential), "credential")?;
            VerifyTask::new(Arc::clone(m), pw, VerifyJob::User(cred)).run()
        })
        .map(Outcome::from)
        .map_err(|f| f.into_napi(env))
}

pub(crate) fn identify(env: &Env, m: &Arc<Core>, credential: &Unknown<'_>) -> napi::Result<String> {
    args::credential(credential, "credential")
        .and_then(|cred| guarded(|| m.identify(&cred).map(|s| s.id().to_owned())))
        .map_err(|f| f.into_napi(env))
}

pub(crate) fn inspect(
    env: &Env,
    m: &Arc<Core>,
    credential: &Unknown<'_>,
) -> napi::Result<Inspection> {
    args::credential(credential, "credential")
        .and_then(|cred| {
            guarded(|| {
                let scheme = m.identify(&cred)?;
                let inspection = m.inspect(scheme, &cred)?;
                Ok(Inspection {
                    scheme: scheme.id().to_owned(),
                    params: inspection
                        .params
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                    needs_upgrade: inspection.needs_upgrade,
                })
            })
        })
        .map_err(|f| f.into_napi(env))
}

pub(crate) fn needs_upgrade(
    env: &Env,
    m: &Arc<Core>,
    credential: &Unknown<'_>,
) -> napi::Result<bool> {
    args::credential(credential, "credential")
        .and_then(|cred| guarded(|| m.needs_upgrade(&cred)))
        .map_err(|f| f.into_napi(env))
}

pub(crate) fn hash<'e>(
    env: &'e Env,
    m: &Arc<Core>,
    password: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> napi::Result<Unknown<'e>> {
    let task = args::password(password, "password").and_then(|pw| {
        let signal = tasks::signal(env, options)?;
        Ok((HashTask::new(Arc::clone(m), pw), signal))
    });
    tasks::promise(env, task)
}

pub(crate) fn hash_sync(env: &Env, m: &Arc<Core>, password: &Unknown<'_>) -> napi::Result<String> {
    args::password(password, "password")
        .and_then(|pw| HashTask::new(Arc::clone(m), pw).run())
        .map_err(|f| f.into_napi(env))
}
