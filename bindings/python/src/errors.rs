//! The library's errors as Python exceptions, and the guard that turns a Rust panic into one.
//!
//! The exception classes live in `hashbridge/errors.py` (so that they can inherit from both
//! `HashbridgeError` and `ValueError`, as passlib's did); they are looked up once per process.
//! Each instance carries `.kind` (the library's `ErrorKind` name) and the error's fields
//! (`scheme`, `field`, `candidates`, `param`, `value`, `limit`, `knob`, `what`) as attributes.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use hashbridge::{Detail, Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// What a guarded call into the library can end with besides its answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The library's own error.
    Lib(Error),
    /// The library panicked: a bug, reported as `hashbridge.InternalError`.
    Panic(String),
}

/// Run `f`, catching a panic. Every call into the library goes through here (with the GIL
/// released), so a bug in a scheme raises an exception instead of unwinding into the
/// interpreter.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failure::Lib(e)),
        Err(payload) => Err(Failure::Panic(panic_message(payload.as_ref()))),
    }
}

/// The text of a panic payload (`panic!("...")` carries a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

/// The exception class for an error kind: the class name in `hashbridge.errors`.
fn class_name(kind: Option<ErrorKind>) -> &'static str {
    match kind {
        Some(ErrorKind::Malformed) => "MalformedHash",
        Some(ErrorKind::Unsupported) => "UnsupportedScheme",
        Some(ErrorKind::Ambiguous) => "AmbiguousHash",
        Some(ErrorKind::MissingContext) => "MissingContext",
        Some(ErrorKind::Limit) => "LimitExceeded",
        Some(ErrorKind::Config) => "ConfigError",
        Some(ErrorKind::Unavailable) => "Unavailable",
        // A kind added to the library later than this binding: the base class, whose `.kind`
        // still names it.
        Some(_) => "HashbridgeError",
        None => "InternalError",
    }
}

/// One cached class per name, so that raising costs no import.
static CLASSES: [PyOnceLock<Py<PyType>>; 9] = [const { PyOnceLock::new() }; 9];
const NAMES: [&str; 9] = [
    "MalformedHash",
    "UnsupportedScheme",
    "AmbiguousHash",
    "MissingContext",
    "LimitExceeded",
    "ConfigError",
    "Unavailable",
    "HashbridgeError",
    "InternalError",
];

fn class<'py>(py: Python<'py>, name: &'static str) -> PyResult<&'py Bound<'py, PyType>> {
    let index = NAMES.iter().position(|n| *n == name).unwrap_or(7);
    CLASSES[index].import(py, "hashbridge.errors", NAMES[index])
}

/// The Python exception for a library error, with its kind and fields as attributes.
pub(crate) fn lib_error(py: Python<'_>, e: &Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", e.kind().as_str())?;
        for (name, value) in e.details() {
            match value {
                Detail::Text(t) => kwargs.set_item(name, t)?,
                Detail::Number(n) => kwargs.set_item(name, n)?,
                Detail::List(l) => kwargs.set_item(name, l)?,
                // A detail type added to the library later than this binding: its text form.
                other => kwargs.set_item(name, format!("{other:?}"))?,
            }
        }
        let ty = class(py, class_name(Some(e.kind())))?;
        Ok(PyErr::from_value(ty.call((e.to_string(),), Some(&kwargs))?))
    };
    build().unwrap_or_else(|err| err)
}

/// The Python exception for a failure of a guarded call.
pub(crate) fn failure(py: Python<'_>, f: &Failure) -> PyErr {
    match f {
        Failure::Lib(e) => lib_error(py, e),
        Failure::Panic(message) => {
            let build = || -> PyResult<PyErr> {
                let ty = class(py, class_name(None))?;
                let text = format!("hashbridge panicked (a bug; please report it): {message}");
                Ok(PyErr::from_value(ty.call1((text,))?))
            };
            build().unwrap_or_else(|err| err)
        }
    }
}

/// `guarded(f)` with its failure raised as the Python exception: for calls made with the GIL
/// held, or to finish a detached call.
pub(crate) trait IntoPy<T> {
    /// The answer, or the failure as a Python exception.
    fn into_py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Failure> {
    fn into_py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|f| failure(py, &f))
    }
}
