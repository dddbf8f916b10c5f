//! Python values to and from the JSON of the batch record format.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused rather than followed (a self-referencing dict would
/// otherwise recurse without end).
const MAX_DEPTH: usize = 32;

/// `obj` as JSON: `None`, `bool`, `int` (within 64 bits), `float` (finite), `str`, and lists,
/// tuples and dicts with `str` keys of those. `None` for anything else: the record's answer
/// then says which field has the wrong type, as the command line says of a JSON line.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> Option<Value> {
    to_json_at(obj, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    if obj.is_none() {
        return Some(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Some(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Some(Value::from(i));
        }
        return obj.extract::<u64>().ok().map(Value::from);
    }
    if obj.is_instance_of::<PyFloat>() {
        return Number::from_f64(obj.extract::<f64>().ok()?).map(Value::Number);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_cow().ok().map(|c| Value::String(c.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().ok()?.to_cow().ok()?.into_owned();
            m.insert(key, to_json_at(&v, depth + 1)?);
        }
        return Some(Value::Object(m));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter().ok()? {
            items.push(to_json_at(&item.ok()?, depth + 1)?);
        }
        return Some(Value::Array(items));
    }
    None
}

/// `bytes` as lower-case hex, for `password` and `salt` given as bytes.
pub(crate) fn hex_of(obj: &Bound<'_, PyAny>) -> Option<String> {
    let b = obj.cast::<PyBytes>().ok()?;
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.as_bytes().len() * 2);
    for &byte in b.as_bytes() {
        s.push(char::from(DIGITS[usize::from(byte >> 4)]));
        s.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    Some(s)
}

/// A JSON value as the Python value `json.loads` would give.
pub(crate) fn to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, item) in m {
                d.set_item(k, to_python(py, item)?)?;
            }
            d.into_any()
        }
    })
}
