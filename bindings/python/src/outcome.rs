//! `hashbridge.Outcome`: the answer to a verify.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The answer to a verify: whether the password is right, which scheme read the hash, and
/// (when right and the hash is weak) the new hash to store. Truthy exactly when `valid`.
#[pyclass(frozen, eq, module = "hashbridge._native", name = "Outcome")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PyOutcome {
    /// Whether the password is right.
    #[pyo3(get)]
    pub(crate) valid: bool,
    /// The scheme id the stored hash was read as.
    #[pyo3(get)]
    pub(crate) scheme: String,
    /// Whether the stored hash is legacy or below the target (only when `valid`).
    #[pyo3(get)]
    pub(crate) needs_upgrade: bool,
    /// The new hash to store in place of the old one, or `None`.
    #[pyo3(get)]
    pub(crate) upgrade: Option<String>,
}

impl From<hashbridge::Outcome> for PyOutcome {
    fn from(o: hashbridge::Outcome) -> Self {
        PyOutcome {
            valid: o.valid,
            scheme: o.scheme,
            needs_upgrade: o.needs_upgrade,
            upgrade: o.upgrade,
        }
    }
}

#[pymethods]
impl PyOutcome {
    fn __bool__(&self) -> bool {
        self.valid
    }

    fn __repr__(&self) -> String {
        // The upgrade is a fresh hash: shown by its scheme marker only, as logs copy reprs.
        let upgrade = match &self.upgrade {
            Some(h) => format!(
                "'{}...'",
                h.split('$').take(2).collect::<Vec<_>>().join("$")
            ),
            None => "None".to_owned(),
        };
        format!(
            "Outcome(valid={}, scheme='{}', needs_upgrade={}, upgrade={upgrade})",
            if self.valid { "True" } else { "False" },
            self.scheme,
            if self.needs_upgrade { "True" } else { "False" },
        )
    }

    /// The fields as a dict, in the shape of the command line's batch answers.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("valid", self.valid)?;
        d.set_item("scheme", &self.scheme)?;
        d.set_item("needs_upgrade", self.needs_upgrade)?;
        d.set_item("upgrade", &self.upgrade)?;
        Ok(d)
    }
}
