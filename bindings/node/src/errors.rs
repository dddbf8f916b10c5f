//! What a call can end with besides its answer, and how each reaches JavaScript.
//!
//! - The library's [`hashbridge::Error`] becomes a `HashbridgeError` (the class in `errors.js`,
//!   registered once per JavaScript environment by `index.js`) with `kind` and the error's
//!   fields (`scheme`, `field`, `candidates`, `param`, `value`, `limit`, `knob`, `what`).
//! - A panic inside the library is caught ([`guarded`]) and becomes a `HashbridgeError` of kind
//!   `internal`: a bug report, never an abort of the Node process.
//! - An argument of the wrong type is Node's own `TypeError` (code `ERR_INVALID_ARG_TYPE`, or
//!   `ERR_INVALID_ARG_VALUE` for a value of the right type that is not accepted); a number out
//!   of range is a `RangeError` (`ERR_OUT_OF_RANGE`); both name the argument, as Node's own
//!   functions do.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use hashbridge::{Detail, Error, ErrorKind};
use napi::bindgen_prelude::{
    FnArgs, Function, FunctionRef, JsObjectValue, JsRangeError, JsTypeError, Object, Unknown,
};
use napi::{Env, JsValue};

/// Why a call produced no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The library's own error: the credential or the configuration could not be used.
    Lib(Error),
    /// The library panicked: a bug, reported as kind `internal`.
    Panic(String),
    /// An argument of the wrong JavaScript type.
    Type(String),
    /// An argument of the right type whose value is not accepted (an unknown option name).
    Value(String),
    /// A number outside its range.
    Range(String),
    /// The caller's `AbortSignal` fired before the work started.
    Aborted,
    /// An N-API failure, or an exception JavaScript threw while an argument was read (a
    /// throwing getter): passed on as it is.
    Napi(napi::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

/// Run `f`, catching a panic. Every call into the library goes through here, on the event loop
/// thread and on the libuv pool alike: a panic unwinding out of an N-API callback would abort
/// the process.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failure::Lib(e)),
        Err(payload) => Err(Failure::Panic(panic_message(payload.as_ref()))),
    }
}

/// The text of a panic payload (`panic!("...")` carries a `&str` or a `String`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

/// The `kind` names: the library's, plus `internal` for a caught panic.
pub(crate) fn kind_name(kind: ErrorKind) -> &'static str {
    kind.as_str()
}

/// The constructor `new HashbridgeError(message, kind)`, as registered by `index.js`.
pub(crate) struct ErrorClass(FunctionRef<FnArgs<(String, &'static str)>, Unknown<'static>>);

/// Keep `class` as this environment's `HashbridgeError` constructor.
pub(crate) fn register(
    env: &Env,
    class: Function<'_, FnArgs<(String, &'static str)>, Unknown<'static>>,
) -> napi::Result<()> {
    let reference = class.create_ref()?;
    env.set_instance_data(ErrorClass(reference), (), |_| {})
}

impl Failure {
    /// This failure as the `napi::Error` a function returns (thrown) or a task rejects with: it
    /// carries the JavaScript error object built here, which N-API hands over unchanged.
    pub(crate) fn into_napi(self, env: &Env) -> napi::Error {
        match self.into_js(env) {
            Ok(value) => napi::Error::from(value),
            Err(e) => e,
        }
    }

    fn into_js<'e>(self, env: &'e Env) -> napi::Result<Unknown<'e>> {
        match self {
            Failure::Napi(e) => Err(e),
            Failure::Type(message) => Ok(JsTypeError::from(napi::Error::new(
                "ERR_INVALID_ARG_TYPE",
                message,
            ))
            .into_unknown(*env)),
            Failure::Value(message) => Ok(JsTypeError::from(napi::Error::new(
                "ERR_INVALID_ARG_VALUE",
                message,
            ))
            .into_unknown(*env)),
            Failure::Range(message) => Ok(JsRangeError::from(napi::Error::new(
                "ERR_OUT_OF_RANGE",
                message,
            ))
            .into_unknown(*env)),
            Failure::Aborted => {
                let mut e = env.create_error(napi::Error::new(
                    napi::Status::Cancelled,
                    "The operation was aborted".to_owned(),
                ))?;
                e.set_named_property("name", "AbortError")?;
                e.set_named_property("code", "ABORT_ERR")?;
                Ok(e.to_unknown())
            }
            Failure::Panic(message) => hashbridge_error(
                env,
                format!("internal error (a bug in hashbridge, please report it): {message}"),
                "internal",
                |_| Ok(()),
            ),
            Failure::Lib(e) => {
                hashbridge_error(env, e.to_string(), kind_name(e.kind()), |d| details(d, &e))
            }
        }
    }
}

/// Set the error's fields ([`Error::details`]) on `d`.
fn details(d: &mut Object<'_>, e: &Error) -> napi::Result<()> {
    for (name, value) in e.details() {
        match value {
            Detail::Text(t) => d.set_named_property(name, t)?,
            // Numbers: exact up to 2^53, which every real cost is below.
            Detail::Number(n) => d.set_named_property(name, n as f64)?,
            Detail::List(l) => d.set_named_property(name, l.to_vec())?,
            // A detail type added to the library later than this binding: its text form.
            other => d.set_named_property(name, format!("{other:?}"))?,
        }
    }
    Ok(())
}

/// `new HashbridgeError(message, kind)` with `fill`'s fields set on it; where no class was
/// registered (the native module loaded without `index.js`), an `Error` named
/// `HashbridgeError` with the same properties.
fn hashbridge_error<'e>(
    env: &'e Env,
    message: String,
    kind: &'static str,
    fill: impl FnOnce(&mut Object<'_>) -> napi::Result<()>,
) -> napi::Result<Unknown<'e>> {
    let mut e = match env.get_instance_data::<ErrorClass>()? {
        Some(class) => {
            let made = class
                .0
                .borrow_back(env)?
                .new_instance(FnArgs::from((message, kind)))?;
            made.coerce_to_object()?
        }
        None => {
            let mut e =
                env.create_error(napi::Error::new(napi::Status::GenericFailure, message))?;
            e.set_named_property("name", "HashbridgeError")?;
            e.set_named_property("kind", kind)?;
            e
        }
    };
    fill(&mut e)?;
    Ok(e.to_unknown())
}
