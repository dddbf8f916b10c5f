//! Python arguments into library values, with Python's own exceptions for the wrong kind of
//! argument: `TypeError` for a wrong type, `ValueError` for a value out of range, each naming
//! the parameter. Errors about the stored credential itself come later, from the library.

use hashbridge::toolkit::record;
use hashbridge::{Credential, Params};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString};
use zeroize::Zeroizing;

use crate::errors::lib_error;

/// The Python type name of `obj`, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A password: `str` (encoded as UTF-8) or `bytes`/`bytearray` (taken as they are), copied into
/// a buffer that is wiped when dropped. The Python object itself cannot be wiped.
pub(crate) fn password(obj: &Bound<'_, PyAny>) -> PyResult<Zeroizing<Vec<u8>>> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            PyValueError::new_err(
                "password: the str cannot be encoded as UTF-8 (it holds a lone surrogate)",
            )
        })?;
        return Ok(Zeroizing::new(text.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Zeroizing::new(b.to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "password must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// A text argument given as `str`, or as `bytes` holding UTF-8 (what database drivers hand back
/// for binary columns).
pub(crate) fn text(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| c.into_owned())
            .map_err(|_| PyValueError::new_err(format!("{name}: the str is not valid Unicode")));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|_| PyValueError::new_err(format!("{name}: the bytes are not UTF-8")));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// An integer argument within `min..=max`: `TypeError` for a non-int (a `bool` included),
/// `ValueError` naming the parameter when out of range.
pub(crate) fn int_in(obj: &Bound<'_, PyAny>, name: &str, min: u64, max: u64) -> PyResult<u64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            type_name(obj)
        )));
    }
    let out_of_range = || PyValueError::new_err(format!("{name} must be in {min}..={max}"));
    // Beyond 64 bits the conversion fails: out of range too.
    let value: i128 = obj.extract().map_err(|_| out_of_range())?;
    if value < i128::from(min) || value > i128::from(max) {
        return Err(PyValueError::new_err(format!(
            "{name} must be in {min}..={max}, got {value}"
        )));
    }
    u64::try_from(value).map_err(|_| out_of_range())
}

/// [`int_in`] for a `u32` parameter that must be at least 1.
pub(crate) fn positive_u32(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<u32> {
    let v = int_in(obj, name, 1, u64::from(u32::MAX))?;
    u32::try_from(v).map_err(|_| PyValueError::new_err(format!("{name} does not fit 32 bits")))
}

/// The keyword arguments a stored credential's context is given by.
const CONTEXT_KEYWORDS: [&str; 5] = ["salt", "salt_encoding", "username", "params", "scheme"];

/// The credential for `hash` with its context, from the keyword arguments of method `method`
/// (`salt`, `salt_encoding`, `username`, `params`, `scheme`; `None` values count as absent).
/// A `str` salt is decoded by `salt_encoding` (`utf8` by default, `hex`, `base64`), as the
/// batch format's; a `bytes` salt is taken raw.
pub(crate) fn credential(
    py: Python<'_>,
    hash: &Bound<'_, PyAny>,
    context: Option<&Bound<'_, PyDict>>,
    method: &str,
) -> PyResult<Credential> {
    let mut given: [Option<Bound<'_, PyAny>>; 5] = Default::default();
    if let Some(kwargs) = context {
        for (k, v) in kwargs.iter() {
            let key: String = k.extract()?;
            let slot = CONTEXT_KEYWORDS
                .iter()
                .position(|n| *n == key)
                .ok_or_else(|| {
                    PyTypeError::new_err(format!(
                        "{method}() got an unexpected keyword argument '{key}'"
                    ))
                })?;
            if !v.is_none() {
                given[slot] = Some(v);
            }
        }
    }
    let [salt, salt_encoding, username, params, scheme] = &given;
    let mut cred = Credential::new(text(hash, "hash")?);
    let salt_encoding = opt_str(salt_encoding.as_ref(), "salt_encoding")?;
    if let Some(salt) = salt {
        let raw = if let Ok(s) = salt.cast::<PyString>() {
            let s = s.to_cow()?;
            record::decode_salt(&s, salt_encoding.as_deref()).map_err(|e| lib_error(py, &e))?
        } else if let Ok(b) = salt.cast::<PyBytes>() {
            if salt_encoding.is_some() {
                return Err(PyValueError::new_err(
                    "salt_encoding applies to a str salt; a bytes salt is taken as it is",
                ));
            }
            b.as_bytes().to_vec()
        } else {
            return Err(PyTypeError::new_err(format!(
                "salt must be str or bytes, not {}",
                type_name(salt)
            )));
        };
        cred = cred.with_salt(raw);
    } else if salt_encoding.is_some() {
        return Err(PyValueError::new_err("salt_encoding given without a salt"));
    }
    if let Some(u) = username {
        cred = cred.with_username(text(u, "username")?);
    }
    if let Some(p) = params {
        cred = cred.with_params(self::params(p)?);
    }
    if let Some(s) = opt_str(scheme.as_ref(), "scheme")? {
        cred = cred.with_scheme(s);
    }
    Ok(cred)
}

/// Parameters stored outside the hash: a dict of `str` to `str`, `int` or `bool` (numbers and
/// booleans kept as their JSON text, as the batch format does); `None` values are skipped.
pub(crate) fn params(obj: &Bound<'_, PyAny>) -> PyResult<Params> {
    let dict = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!("params must be a dict, not {}", type_name(obj)))
    })?;
    let mut out = Params::new();
    for (k, v) in dict.iter() {
        let key: String = k.extract().map_err(|_| {
            PyTypeError::new_err(format!("params keys must be str, not {}", type_name(&k)))
        })?;
        let value = if v.is_none() {
            continue;
        } else if let Ok(s) = v.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else if let Ok(b) = v.cast::<PyBool>() {
            if b.is_true() { "true" } else { "false" }.to_owned()
        } else if v.is_instance_of::<PyInt>() {
            v.str()?.to_cow()?.into_owned()
        } else {
            return Err(PyTypeError::new_err(format!(
                "params[{key:?}] must be str, int or bool, not {}",
                type_name(&v)
            )));
        };
        out.insert(key, value);
    }
    Ok(out)
}

/// An optional `str` argument (`None` and absent alike give `None`).
pub(crate) fn opt_str(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be a str, not {}",
                type_name(o)
            ))),
        },
    }
}

/// An optional `bool` argument.
pub(crate) fn opt_bool(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<bool>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyBool>() {
            Ok(b) => Ok(Some(b.is_true())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be a bool, not {}",
                type_name(o)
            ))),
        },
    }
}

/// An argument whose absence differs from an explicit `None` (`max_cost_factor`: absent is the
/// default ceiling, `None` is no ceiling). The signature's default is [`Given::Absent`].
pub(crate) enum Given<'py> {
    /// Not passed.
    Absent,
    /// Passed as `None`.
    None,
    /// Passed as something else.
    Value(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Given<'py> {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(if obj.is_none() {
            Given::None
        } else {
            Given::Value(obj.to_owned())
        })
    }
}
