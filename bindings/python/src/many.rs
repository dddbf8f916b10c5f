//! `Migrator.verify_many`, `Migrator.wrap_many` and `Migrator.audit_many`: records of the
//! command line's batch format, worked on in Rust with the GIL released.
//!
//! Records are pulled from the caller's iterable a chunk at a time (64 per thread), so an
//! iterator over a whole export never sits in memory at once. Each record is turned into the
//! JSON line the command line would read and answered by the command line's own function for
//! one line ([`record::verify_line`] for `verify --batch`, [`wrap::wrap_line`] for `wrap --from
//! jsonl`) on every thread asked for, so a record gets exactly the answer the command line
//! gives it; the answer is handed back as a dict, with the record's own `id` object (not a JSON
//! copy of it) or, without one, its 1-based position as `line`. `audit_many` feeds the lines to
//! the `jsonl` export reader and the census `hashbridge audit --from jsonl` keeps.

use std::collections::VecDeque;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hashbridge::toolkit::audit::Audit;
use hashbridge::toolkit::export::{self, Entry, Format};
use hashbridge::toolkit::{batch, record, wrap};
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

/// What is done with each record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Verify its password: `hashbridge verify --batch`.
    Verify,
    /// Wrap its hash without a password: `hashbridge wrap --from jsonl`.
    Wrap,
}

impl Op {
    /// The fields read from a record: wrapping reads no password, so none is ever copied.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Op::Verify => &FIELDS,
            Op::Wrap => &FIELDS[2..],
        }
    }

    /// The members of an answer in the order the command line writes them.
    fn answer_order(self) -> &'static [&'static str] {
        match self {
            Op::Verify => &["valid", "scheme", "needs_upgrade", "upgrade", "error"],
            Op::Wrap => &["status", "hash", "error"],
        }
    }

    /// The answer line for input line `number`.
    fn answer(self, migrator: &Migrator, number: u64, line: &str) -> String {
        match self {
            Op::Verify => record::verify_line(migrator, number, line),
            Op::Wrap => wrap::wrap_line(migrator, number, line),
        }
    }

    /// The answer for record `number` that is not a record: the error, and for a wrap the
    /// status `unreadable`, as `wrap_line` answers a line that is not one.
    fn refusal(self, number: u64, e: &Error) -> String {
        match self {
            Op::Verify => record::error_json(record::Key::batch(None, number), e),
            Op::Wrap => {
                let mut m = Map::new();
                record::Key::batch(None, number).insert_into(&mut m);
                m.insert("status".into(), Value::String("unreadable".into()));
                m.insert(
                    "error".into(),
                    error_object(e.kind().as_str(), e.to_string()),
                );
                Value::Object(m).to_string()
            }
        }
    }

    /// The answer for record `number` whose work panicked: kind `internal`, which the
    /// library's own errors never use (for a wrap, status `not_wrapped`, as `hashbridge wrap`
    /// writes it).
    fn internal(self, number: u64, message: &str) -> String {
        let mut m = Map::new();
        record::Key::batch(None, number).insert_into(&mut m);
        if self == Op::Wrap {
            m.insert("status".into(), Value::String("not_wrapped".into()));
        }
        m.insert(
            "error".into(),
            error_object(
                "internal",
                format!("hashbridge panicked (a bug; please report it): {message}"),
            ),
        );
        Value::Object(m).to_string()
    }
}

/// `{"kind": kind, "message": message}`.
fn error_object(kind: &str, message: String) -> Value {
    let mut error = Map::new();
    error.insert("kind".into(), Value::String(kind.to_owned()));
    error.insert("message".into(), Value::String(message));
    Value::Object(error)
}

/// A record pulled from the source: its `id`, and either the JSON line the batch format reads or
/// the reason it cannot be one.
type Slot = (Option<Py<PyAny>>, Result<Zeroizing<String>, Error>);

/// One answer waiting to be handed out: its JSON line and the record's `id`, if it had one.
struct Answer {
    id: Option<Py<PyAny>>,
    json: String,
}

/// The state behind `VerifyMany` and `WrapMany`: the source, the answers ready, the operation.
struct Many {
    op: Op,
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

impl Many {
    fn new(op: Op, migrator: Arc<Migrator>, threads: usize, source: Bound<'_, PyIterator>) -> Self {
        Many {
            op,
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
        let (slots, end) = pull(&source, want, self.op);
        match end {
            Pulled::More => {}
            Pulled::Exhausted => self.source = None,
            Pulled::Raised(e) => {
                self.deferred = Some(e);
                self.source = None;
            }
        }
        self.pulled += slots.len() as u64;
        let first = self.pulled + 1 - slots.len() as u64;
        let answers = answer_lines(py, self.op, &self.migrator, self.threads, first, &slots)?;
        for ((id, _), json) in slots.into_iter().zip(answers) {
            self.ready.push_back(Answer { id, json });
        }
        Ok(())
    }

    /// The next answer as a dict; `None` after the last.
    fn next(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            if let Some(a) = self.ready.pop_front() {
                return answer_dict(py, self.op, a).map(|d| Some(d.into_any().unbind()));
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

/// How pulling a chunk from the source ended.
enum Pulled {
    /// The chunk is full; the source may hold more.
    More,
    /// The source is exhausted.
    Exhausted,
    /// The source raised: the exception, to re-raise after the answers before it.
    Raised(PyErr),
}

/// Up to `want` records from `source`, prepared for `op`.
fn pull(source: &Bound<'_, PyIterator>, want: usize, op: Op) -> (Vec<Slot>, Pulled) {
    let mut slots: Vec<Slot> = Vec::with_capacity(want);
    let mut source = source.clone();
    while slots.len() < want {
        match source.next() {
            None => return (slots, Pulled::Exhausted),
            Some(Err(e)) => return (slots, Pulled::Raised(e)),
            Some(Ok(item)) => slots.push(prepare(&item, op)),
        }
    }
    (slots, Pulled::More)
}

/// The iterator `Migrator.verify_many` returns.
#[pyclass(module = "hashbridge._native", name = "VerifyMany")]
pub(crate) struct VerifyMany(Many);

impl VerifyMany {
    pub(crate) fn new(
        migrator: Arc<Migrator>,
        threads: usize,
        source: Bound<'_, PyIterator>,
    ) -> Self {
        VerifyMany(Many::new(Op::Verify, migrator, threads, source))
    }
}

#[pymethods]
impl VerifyMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.0.next(py)
    }
}

/// The iterator `Migrator.wrap_many` returns.
#[pyclass(module = "hashbridge._native", name = "WrapMany")]
pub(crate) struct WrapMany(Many);

impl WrapMany {
    pub(crate) fn new(
        migrator: Arc<Migrator>,
        threads: usize,
        source: Bound<'_, PyIterator>,
    ) -> Self {
        WrapMany(Many::new(Op::Wrap, migrator, threads, source))
    }
}

#[pymethods]
impl WrapMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.0.next(py)
    }
}

/// Records pulled per chunk of an audit: the census does no hashing, so a chunk is a trade
/// between the GIL released and the memory of the lines held.
const AUDIT_CHUNK: usize = 4096;

/// The census of `source`'s records (no passwords read, no hashing): the report
/// `hashbridge audit --from jsonl --json` writes of the same records, without the wrap
/// estimate (which times a hash on the machine that runs the audit). Counted with the GIL
/// released, a chunk at a time.
pub(crate) fn audit<'py>(
    py: Python<'py>,
    migrator: &Migrator,
    source: Bound<'py, PyIterator>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut census = Audit::new(migrator);
    let mut pulled = 0u64;
    loop {
        let (slots, end) = pull(&source, AUDIT_CHUNK, Op::Wrap);
        let first = pulled + 1;
        pulled += slots.len() as u64;
        let count = |census: &mut Audit<'_>| -> Result<(), String> {
            let mut input = Vec::new();
            for (i, (_, slot)) in slots.iter().enumerate() {
                match slot {
                    Ok(line) => {
                        input.extend_from_slice(line.as_bytes());
                        input.push(b'\n');
                    }
                    Err(e) => census.add(&Entry {
                        position: first + i as u64,
                        account: Err(e.clone()),
                    }),
                }
            }
            export::read(
                Format::Jsonl,
                &input[..],
                &export::Options::default(),
                |e| census.add(&e),
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
        };
        py.detach(|| catch_unwind(AssertUnwindSafe(|| count(&mut census))))
            .map_err(|p| {
                PyRuntimeError::new_err(format!(
                    "hashbridge panicked (a bug; please report it): {}",
                    panic_message(p.as_ref())
                ))
            })?
            .map_err(|e| PyRuntimeError::new_err(format!("audit: {e}")))?;
        match end {
            Pulled::More => {}
            Pulled::Exhausted => break,
            Pulled::Raised(e) => return Err(e),
        }
    }
    let report = serde_json::to_value(census.finish(None))
        .map_err(|e| PyRuntimeError::new_err(format!("audit: unserialisable report: {e}")))?;
    to_python(py, &report)
}

/// Record `item` as its `id` and the JSON line the batch format reads for `op`, or the reason
/// it cannot be one.
fn prepare(item: &Bound<'_, PyAny>, op: Op) -> Slot {
    let refuse =
        |field: &'static str, reason: &'static str| Error::malformed("record", field, reason);
    let Ok(dict) = item.cast::<PyDict>() else {
        return (None, Err(refuse("json", "the record is not a dict")));
    };
    let id = match dict.get_item("id") {
        Ok(Some(v)) if !v.is_none() => Some(v.unbind()),
        _ => None,
    };
    let mut obj = Map::new();
    let mut failure = None;
    for &field in op.fields() {
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

/// The answer line of every slot, in order: JSON lines are answered for `op` in parallel with
/// the GIL released (records `first`, `first + 1`, ...), the others are refused with their
/// error.
fn answer_lines(
    py: Python<'_>,
    op: Op,
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
                catch_unwind(AssertUnwindSafe(|| op.answer(migrator, number, line)))
                    .unwrap_or_else(|p| op.internal(number, &panic_message(p.as_ref())))
            },
            |n, reason| op.refusal(number_of(n), &Error::malformed("record", "line", reason)),
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
    let mut answered = out
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).into_owned());
    let mut answers = Vec::with_capacity(slots.len());
    for (i, (_, slot)) in slots.iter().enumerate() {
        let number = first + i as u64;
        answers.push(match slot {
            Ok(_) => answered
                .next()
                .unwrap_or_else(|| op.internal(number, "no answer for this record")),
            Err(e) => op.refusal(number, e),
        });
    }
    Ok(answers)
}

/// The answer as a dict: the JSON answer, with the record's own `id` object in place of `line`
/// when it had one.
fn answer_dict(py: Python<'_>, op: Op, a: Answer) -> PyResult<Bound<'_, PyDict>> {
    let value: Value = serde_json::from_str(&a.json)
        .map_err(|e| PyRuntimeError::new_err(format!("unreadable answer line: {e}")))?;
    let Value::Object(mut fields) = value else {
        return Err(PyRuntimeError::new_err("an answer line is not an object"));
    };
    let d = PyDict::new(py);
    match a.id {
        Some(id) => {
            fields.remove("line");
            fields.remove("id");
            d.set_item(PyString::new(py, "id"), id)?;
        }
        None => {
            if let Some(line) = fields.remove("line") {
                d.set_item("line", to_python(py, &line)?)?;
            }
        }
    }
    // The command line's order first (the JSON map does not keep it), then anything else.
    for &k in op.answer_order() {
        if let Some(v) = fields.remove(k) {
            d.set_item(k, to_python(py, &v)?)?;
        }
    }
    for (k, v) in &fields {
        d.set_item(k, to_python(py, v)?)?;
    }
    Ok(d)
}
