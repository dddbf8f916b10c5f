//! The asynchronous calls: each verify or hash runs on the libuv thread pool as an N-API async
//! work item (`AsyncTask`), so the event loop keeps turning while argon2 or bcrypt computes.
//!
//! The arguments are read and copied on the event loop thread (the password into a buffer
//! wiped on drop) before the work is queued; a bad argument rejects the returned promise at once
//! without taking a pool thread. An `AbortSignal` in the call's options cancels work that has
//! not started yet.

use std::sync::Arc;

use hashbridge::{Credential, Migrator};
use napi::bindgen_prelude::{
    AbortSignal, AsyncTask, Function, JsObjectValue, Object, ToNapiValue, Unknown,
};
use napi::{Env, JsValue, Task, ValueType, sys};
use zeroize::Zeroizing;

use crate::args;
use crate::errors::{Failure, guarded};
use crate::shapes::Outcome;

/// What a verify task checks.
pub(crate) enum VerifyJob {
    /// `verify`: the password against a stored credential.
    Known(Credential),
    /// `verifyUser`: a credential, or none for an unknown user (dummy work, `valid: false`).
    User(Option<Credential>),
}

/// A verify on the thread pool.
pub(crate) struct VerifyTask {
    migrator: Arc<Migrator>,
    password: Zeroizing<Vec<u8>>,
    job: VerifyJob,
}

impl VerifyTask {
    pub(crate) fn new(
        migrator: Arc<Migrator>,
        password: Zeroizing<Vec<u8>>,
        job: VerifyJob,
    ) -> Self {
        VerifyTask {
            migrator,
            password,
            job,
        }
    }

    /// The verify itself, shared with the synchronous calls.
    pub(crate) fn run(&self) -> Result<hashbridge::Outcome, Failure> {
        let m = &self.migrator;
        let pw = self.password.as_slice();
        match &self.job {
            VerifyJob::Known(cred) => guarded(|| m.verify(pw, cred)),
            VerifyJob::User(cred) => guarded(|| m.verify_user(pw, cred.as_ref())),
        }
    }
}

impl Task for VerifyTask {
    type Output = Result<hashbridge::Outcome, Failure>;
    type JsValue = Outcome;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let answer = self.run();
        // The password is not needed past this point; wipe it now rather than when the
        // completion callback runs.
        self.password = Zeroizing::new(Vec::new());
        Ok(answer)
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Outcome> {
        output.map(Outcome::from).map_err(|f| f.into_napi(&env))
    }
}

/// A new target hash on the thread pool.
pub(crate) struct HashTask {
    migrator: Arc<Migrator>,
    password: Zeroizing<Vec<u8>>,
}

impl HashTask {
    pub(crate) fn new(migrator: Arc<Migrator>, password: Zeroizing<Vec<u8>>) -> Self {
        HashTask { migrator, password }
    }

    /// The hash itself, shared with the synchronous call.
    pub(crate) fn run(&self) -> Result<String, Failure> {
        let m = &self.migrator;
        guarded(|| m.hash(&self.password))
    }
}

impl Task for HashTask {
    type Output = Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let answer = self.run();
        self.password = Zeroizing::new(Vec::new());
        Ok(answer)
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<String> {
        output.map_err(|f| f.into_napi(&env))
    }
}

/// The keys of a call's options object.
const CALL_KEYS: [&str; 1] = ["signal"];

/// The `AbortSignal` of a call's options, if any. An already aborted signal is
/// [`Failure::Aborted`]: the work is never queued.
pub(crate) fn signal(
    env: &Env,
    options: Option<&Unknown<'_>>,
) -> Result<Option<AbortSignal>, Failure> {
    let Some(obj) = args::options(options, "options", &CALL_KEYS)? else {
        return Ok(None);
    };
    let Some(v) = args::field(&obj, "signal")? else {
        return Ok(None);
    };
    let global = env.get_global()?;
    let class: Function<'_, (), Unknown<'_>> = global.get_named_property("AbortSignal")?;
    if v.get_type()? != ValueType::Object || !v.instanceof(class)? {
        return Err(args::wrong_type(
            "options.signal",
            "an instance of AbortSignal",
            &v,
        ));
    }
    // SAFETY: the value is an object.
    let obj: Object<'_> = unsafe { v.cast() }?;
    let aborted: bool = obj.get_named_property("aborted")?;
    if aborted {
        return Err(Failure::Aborted);
    }
    // SAFETY: the value is an AbortSignal.
    Ok(Some(unsafe { v.cast::<AbortSignal>() }?))
}

/// The promise of a call: `task` queued on the thread pool, or, when the arguments were
/// refused, a promise already rejected with that failure.
pub(crate) fn promise<'e, T>(
    env: &'e Env,
    task: Result<(T, Option<AbortSignal>), Failure>,
) -> napi::Result<Unknown<'e>>
where
    T: Task + for<'t> napi::ScopedTask<'t>,
{
    let raw = match task {
        Ok((task, signal)) => {
            let work = AsyncTask::with_optional_signal(task, signal);
            // SAFETY: `env` is the live environment of this call.
            unsafe { AsyncTask::to_napi_value(env.raw(), work)? }
        }
        Err(failure) => rejected(env, failure)?,
    };
    // SAFETY: `raw` is a promise created in `env` just now.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), raw) })
}

/// A promise rejected with `failure`'s error, or with the exception JavaScript threw while an
/// argument was read (a throwing getter): an async function rejects, it does not throw.
fn rejected(env: &Env, failure: Failure) -> napi::Result<sys::napi_value> {
    let mut pending = false;
    let mut thrown = std::ptr::null_mut();
    // SAFETY: plain N-API calls on the live environment, with out-pointers to locals.
    unsafe {
        napi::check_status!(sys::napi_is_exception_pending(env.raw(), &mut pending))?;
        if pending {
            napi::check_status!(sys::napi_get_and_clear_last_exception(
                env.raw(),
                &mut thrown
            ))?;
        }
    }
    let value = if pending {
        thrown
    } else {
        let error = failure.into_napi(env);
        // SAFETY: `error` holds the error object built in this environment on this thread.
        unsafe { ToNapiValue::to_napi_value(env.raw(), error)? }
    };
    let mut deferred = std::ptr::null_mut();
    let mut promise = std::ptr::null_mut();
    // SAFETY: plain N-API calls on the live environment, with out-pointers to locals.
    unsafe {
        napi::check_status!(sys::napi_create_promise(
            env.raw(),
            &mut deferred,
            &mut promise
        ))?;
        napi::check_status!(sys::napi_reject_deferred(env.raw(), deferred, value))?;
    }
    Ok(promise)
}
