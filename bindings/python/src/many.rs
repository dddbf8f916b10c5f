//! `Migrator.verify_many`: records of the command line's batch format, verified in parallel in
//! Rust with the GIL released, answered in input order.
//!
//! Records are pulled from the caller's iterable a chunk at a time (64 per thread), so an
//! iterator over a whole export never sits in memory at once. Each record is turned into the
//! JSON line the command line would read and answered by [`record::verify_line`], so a record
//! gets exactly the answer `hashbridge verify --batch` gives it; the answer is handed back as a
//! dict, with the record's own `id` object (not a JSON copy of it) or, without one, its 1-based
//! position as `line`.

use std::collections::VecDeque;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hashbridge::toolkit::{batch, record};
use hashbridge::{Error, Migrator};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyString};
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::errors::panic_message;
use crate::json::{hex_of, to_json, to_python};

/// Records pulled per worker thread before the chunk is answered.
const RECORDS_PER_THREAD: usize = 64;

/// The record fields the batch format reads; anything else in a dict is ignored (`id` is kept
/// on the Python side).
const FIELDS: [&str; 8] = [
    "password",
    "password_hex",
    "hash",
    "salt",
    "salt_encoding",
    "username",
    "params",
    "format",
];

/// A record pulled from the source: its `id`, and either the JSON line the batch format reads or,
/// when it cannot be one, its answer already.
type Slot = (Option<Py<PyAny>>, Result<Zeroizing<String>, String>);

/// The members of an answer in the order the command line writes them.
const ANSWER_ORDER: [&str; 5] = ["valid", "scheme", "needs_upgrade", "upgrade", "error"];

/// One answer waiting to be handed out: its JSON line and the record's `id`, if it had one.
struct Answer {
    id: Option<Py<PyAny>>,
    json: String,
}

/// The iterator `Migrator.verify_many` returns.
#[pyclass(module = "hashbridge._native", name = "VerifyMany")]
pub(crate) struct VerifyMany {
    migrator: Arc<Migrator>,
    threads: usize,
    /// The caller's iterator; `None` once it is exhausted or raised.
    source: Option<Py<PyIterator>>,
    ready: VecDeque<Answer>,
    /// Records pulled so far (the last one's 1-based position).
    pulled: u64,
    /// An exception the caller's iterator raised, re-raised after the answers before it.
    deferred: Option<PyErr>,
}

impl VerifyMany {
    pub(crate) fn new(
        migrator: Arc<Migrator>,
        threads: usize,
        source: Bound<'_, PyIterator>,
    ) -> Self {
        VerifyMany {
            migrator,
            threads,
            source: Some(source.unbind()),
            ready: VecDeque::new(),
            pulled: 0,
            deferred: None,
        }
    }

    /// Pull the next chunk of records from the source and answer them.
    fn refill(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(source) = self.source.as_ref().map(|s| s.bind(py).clone()) else {
            return Ok(());
        };
        let want = self.threads * RECORDS_PER_THREAD;
        // In input order: the record's id and either its JSON line or its answer already.
        let mut slots: Vec<Slot> = Vec::with_capacity(want);
        let mut source = source;
        while slots.len() < want {
            match source.next() {
                None => {
                    self.source = None;
                    break;
                }
                Some(Err(e)) => {
                    self.deferred = Some(e);
                    self.source = None;
                    break;
                }
                Some(Ok(item)) => {
                    self.pulled += 1;
                    slots.push(prepare(&item, self.pulled));
                }
            }
        }
        let first = self.pulled + 1 - slots.len() as u64;
        let answers = answer_lines(py, &self.migrator, self.threads, first, &slots)?;
        for ((id, _), json) in slots.into_iter().zip(answers) {
            self.ready.push_back(Answer { id, json });
        }
        Ok(())
    }
}

#[pymethods]
impl VerifyMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            if let Some(a) = self.ready.pop_front() {
                return answer_dict(py, a).map(|d| Some(d.into_any().unbind()));
            }
            if let Some(e) = self.deferred.take() {
                return Err(e);
            }
            if self.source.is_none() {
                return Ok(None);
            }
            self.refill(py)?;
        }
    }
}

/// Record `item` (input position `number`) as its `id` and the JSON line the batch format reads,
/// or, when it cannot be one, its answer.
fn prepare(item: &Bound<'_, PyAny>, number: u64) -> Slot {
    let refuse = |field: &'static str, reason: &'static str| {
        let e = Error::malformed("record", field, reason);
        record::error_json(record::Key::batch(None, number), &e)
    };
    let Ok(dict) = item.cast::<PyDict>() else {
        return (None, Err(refuse("json", "the record is not a dict")));
    };
    let id = match dict.get_item("id") {
        Ok(Some(v)) if !v.is_none() => Some(v.unbind()),
        _ => None,
    };
    let mut obj = Map::new();
    let mut failure = None;
    for field in FIELDS {
        let Ok(Some(value)) = dict.get_item(field) else {
            continue;
        };
        let json = match field {
            "password" if value.cast::<pyo3::types::PyBytes>().is_ok() => {
                hex_of(&value).map(|h| ("password_hex", Value::String(h)))
            }
            "salt" if value.cast::<pyo3::types::PyBytes>().is_ok() => {
                if dict.contains("salt_encoding").unwrap_or(false) {
                    failure = Some(("salt_encoding", "a bytes salt takes no salt_encoding"));
                    break;
                }
                obj.insert("salt_encoding".into(), Value::String("hex".into()));
                hex_of(&value).map(|h| ("salt", Value::String(h)))
            }
            _ => to_json(&value).map(|v| (field, v)),
        };
        match json {
            Some((name, v)) => {
                obj.insert(name.into(), v);
            }
            None => {
                failure = Some((field, "a field has the wrong type"));
                break;
            }
        }
    }
    let line = failure.map_or_else(|| Ok(serialise(&mut obj)), Err);
    wipe(&mut obj);
    match line {
        Ok(line) => (id, Ok(line)),
        Err((field, reason)) => (id, Err(refuse(field, reason))),
    }
}

/// `obj` as one JSON line, written into a buffer sized beforehand so that no reallocation leaves
/// a copy of the password behind.
fn serialise(obj: &mut Map<String, Value>) -> Zeroizing<String> {
    // JSON escaping at most sextuples a character (`\u00XX`); keys and punctuation are short.
    let bound: usize = obj
        .iter()
        .map(|(k, v)| k.len() + 8 + value_len(v) * 6)
        .sum::<usize>()
        + 16;
    let mut buf = Zeroizing::new(Vec::with_capacity(bound));
    let written = serde_json::to_writer(&mut *buf, &*obj);
    let text = match (written, String::from_utf8(std::mem::take(&mut *buf))) {
        (Ok(()), Ok(s)) => s,
        (_, Ok(mut s)) => {
            s.zeroize();
            "{}".to_owned()
        }
        (_, Err(e)) => {
            drop(Zeroizing::new(e.into_bytes()));
            "{}".to_owned()
        }
    };
    Zeroizing::new(text)
}

/// Characters of the strings and numbers in `v`.
fn value_len(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(|x| value_len(x) + 1).sum::<usize>() + 2,
        Value::Object(m) => {
            m.iter()
                .map(|(k, x)| k.len() + value_len(x) + 4)
                .sum::<usize>()
                + 2
        }
        _ => 24,
    }
}

/// Wipe the password fields of a record object before it is dropped.
fn wipe(obj: &mut Map<String, Value>) {
    for key in ["password", "password_hex"] {
        if let Some(Value::String(s)) = obj.get_mut(key) {
            s.zeroize();
        }
    }
}

/// The answer line of every slot, in order: JSON lines are verified in parallel with the GIL
/// released (records `first`, `first + 1`, ...), the others keep the answer they already have.
fn answer_lines(
    py: Python<'_>,
    migrator: &Migrator,
    threads: usize,
    first: u64,
    slots: &[Slot],
) -> PyResult<Vec<String>> {
    // The batch reader numbers the lines it is given from 1; `numbers` maps them back.
    let mut numbers = Vec::new();
    let capacity: usize = slots
        .iter()
        .filter_map(|(_, s)| s.as_ref().ok().map(|l| l.len() + 1))
        .sum();
    let mut input = Zeroizing::new(Vec::with_capacity(capacity));
    for (i, (_, slot)) in slots.iter().enumerate() {
        if let Ok(line) = slot {
            input.extend_from_slice(line.as_bytes());
            input.push(b'\n');
            numbers.push(first + i as u64);
        }
    }
    let number_of = |n: u64| {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| numbers.get(i).copied())
            .unwrap_or(n)
    };
    let run = || -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        batch::run(
            &input[..],
            &mut out,
            threads,
            |n, line| {
                let number = number_of(n);
                catch_unwind(AssertUnwindSafe(|| {
                    record::verify_line(migrator, number, line)
                }))
                .unwrap_or_else(|p| internal_answer(number, &panic_message(p.as_ref())))
            },
            |n, reason| record::unreadable_line_json(number_of(n), reason),
            |_| {},
        )?;
        out.flush()?;
        Ok(out)
    };
    let out = py
        .detach(|| catch_unwind(AssertUnwindSafe(run)))
        .map_err(|p| {
            PyRuntimeError::new_err(format!(
                "hashbridge panicked (a bug; please report it): {}",
                panic_message(p.as_ref())
            ))
        })?
        .map_err(|e| PyRuntimeError::new_err(format!("batch: {e}")))?;
    let mut verified = out
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).into_owned());
    let mut answers = Vec::with_capacity(slots.len());
    for (i, (_, slot)) in slots.iter().enumerate() {
        answers.push(match slot {
            Ok(_) => verified
                .next()
                .unwrap_or_else(|| internal_answer(first + i as u64, "no answer for this record")),
            Err(answer) => answer.clone(),
        });
    }
    Ok(answers)
}

/// The answer for a record whose verify panicked: kind `internal`, which the library's own
/// errors never use.
fn internal_answer(number: u64, message: &str) -> String {
    let mut m = Map::new();
    record::Key::batch(None, number).insert_into(&mut m);
    let mut error = Map::new();
    error.insert("kind".into(), Value::String("internal".into()));
    error.insert(
        "message".into(),
        Value::String(format!(
            "hashbridge panicked (a bug; please report it): {message}"
        )),
    );
    m.insert("error".into(), Value::Object(error));
    Value::Object(m).to_string()
}

/// The answer as a dict: the JSON answer, with the record's own `id` object in place of `line`
/// when it had one.
fn answer_dict(py: Python<'_>, a: Answer) -> PyResult<Bound<'_, PyDict>> {
    let value: Value = serde_json::from_str(&a.json)
        .map_err(|e| PyRuntimeError::new_err(format!("unreadable answer line: {e}")))?;
    let Value::Object(mut fields) = value else {
        return Err(PyRuntimeError::new_err("an answer line is not an object"));
    };
    let d = PyDict::new(py);
    match a.id {
        Some(id) => {
            fields.remove("line");
            d.set_item(PyString::new(py, "id"), id)?;
        }
        None => {
            if let Some(line) = fields.remove("line") {
                d.set_item("line", to_python(py, &line)?)?;
            }
        }
    }
    // The command line's order first (the JSON map does not keep it), then anything else.
    for k in ANSWER_ORDER {
        if let Some(v) = fields.remove(k) {
            d.set_item(k, to_python(py, &v)?)?;
        }
    }
    for (k, v) in &fields {
        d.set_item(k, to_python(py, v)?)?;
    }
    Ok(d)
}
