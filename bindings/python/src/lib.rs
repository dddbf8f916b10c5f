//! `hashbridge._native`: the Python extension module behind `import hashbridge`.
//!
//! A thin translation of the library's types and errors; no scheme is implemented here. The
//! Python package (`python/hashbridge`) re-exports this module and adds the passlib-compatible
//! `CryptContext` and the Django hasher on top of it.
//!
//! Guarantees the Python side relies on:
//! - every call that hashes releases the GIL for the whole computation;
//! - a library error is raised as the `hashbridge.errors` class of its kind, with `.kind`;
//! - a Rust panic is caught and raised as `hashbridge.InternalError`, never unwinding into the
//!   interpreter or aborting it;
//! - argument type and range problems are `TypeError` / `ValueError` naming the parameter.

mod args;
mod errors;
mod json;
mod many;
mod migrator;
mod outcome;

use hashbridge::{Limits, Registry};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{IntoPy, guarded};

/// The ids of every built-in scheme, in identification order.
#[pyfunction]
fn schemes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, Registry::default().schemes().map(|s| s.id().to_owned()))
}

/// The default limits, by name (the keys `Migrator(limits=...)` accepts).
#[pyfunction]
fn default_limits(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    migrator::limits_dict(py, &Limits::default())
}

/// Proves the panic guard: panics inside the same guard every hashing call runs in, which must
/// surface as `hashbridge.InternalError`, with the interpreter still running.
#[pyfunction]
fn _panic_guard_selftest(py: Python<'_>) -> PyResult<()> {
    py.detach(|| {
        guarded(|| -> hashbridge::Result<()> {
            panic!("deliberate panic from _panic_guard_selftest")
        })
    })
    .into_py(py)
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<migrator::PyMigrator>()?;
    m.add_class::<outcome::PyOutcome>()?;
    m.add_class::<many::VerifyMany>()?;
    m.add_class::<many::WrapMany>()?;
    m.add_function(wrap_pyfunction!(schemes, m)?)?;
    m.add_function(wrap_pyfunction!(default_limits, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_guard_selftest, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
