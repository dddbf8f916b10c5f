//! `hashbridge.Migrator`: a registry and a policy, built once and shared by every thread.
//!
//! Every method that hashes releases the GIL for the whole computation, so Python threads
//! verify in parallel; the inputs are copied out of the Python objects first (the password into
//! a buffer wiped on drop).

use std::sync::Arc;
use std::time::Duration;

use hashbridge::{Limits, Match, Migrator, Policy, Registry, Target};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyMapping, PyString};

use crate::args::{self, int_in, positive_u32, type_name};
use crate::errors::{IntoPy, guarded, lib_error};
use crate::many::{self, VerifyMany, WrapMany};
use crate::outcome::PyOutcome;

/// Most threads `verify_many` and `wrap_many` start, as the command line's `--threads`.
const MAX_THREADS: u64 = 1024;

/// Verifies legacy password hashes and hands back upgraded ones.
#[pyclass(frozen, module = "hashbridge._native", name = "Migrator")]
pub(crate) struct PyMigrator {
    inner: Arc<Migrator>,
    /// The same migrator for `verify_many` and `wrap_many`: records wait their turn for memory
    /// without bound (as the command line's batch modes do) unless a `memory_wait` was given.
    batch: Arc<Migrator>,
    target: &'static str,
}

/// The cost keywords of a target; `None` takes the default.
#[derive(Default)]
struct Costs<'a, 'py> {
    m_cost: Option<&'a Bound<'py, PyAny>>,
    t_cost: Option<&'a Bound<'py, PyAny>>,
    p_cost: Option<&'a Bound<'py, PyAny>>,
    bcrypt_cost: Option<&'a Bound<'py, PyAny>>,
    scrypt_ln: Option<&'a Bound<'py, PyAny>>,
    scrypt_r: Option<&'a Bound<'py, PyAny>>,
    iterations: Option<&'a Bound<'py, PyAny>>,
}

impl Costs<'_, '_> {
    /// The cost keywords the caller gave, as `m_cost=2147483648, t_cost=2`: what a refused
    /// target is reported with, so the message names the constructor's parameters and not
    /// only the library limit they exceed.
    fn given(&self) -> String {
        [
            ("m_cost", self.m_cost),
            ("t_cost", self.t_cost),
            ("p_cost", self.p_cost),
            ("bcrypt_cost", self.bcrypt_cost),
            ("scrypt_ln", self.scrypt_ln),
            ("scrypt_r", self.scrypt_r),
            ("iterations", self.iterations),
        ]
        .into_iter()
        .filter_map(|(name, v)| {
            let v = v.filter(|v| !v.is_none())?;
            let shown = v.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string());
            Some(format!("{name}={shown}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// `positive_u32` of `v`, or `default` when it was not given.
fn cost(v: Option<&Bound<'_, PyAny>>, name: &str, default: u32) -> PyResult<u32> {
    match v {
        Some(v) if !v.is_none() => positive_u32(v, name),
        _ => Ok(default),
    }
}

/// `int_in` of `v` within `min..=max`, or `default` when it was not given.
fn bounded(
    v: Option<&Bound<'_, PyAny>>,
    name: &str,
    min: u64,
    max: u64,
    default: u64,
) -> PyResult<u64> {
    match v {
        Some(v) if !v.is_none() => int_in(v, name, min, max),
        _ => Ok(default),
    }
}

/// The upgrade target named `name` with the cost keywords (the command line's defaults for
/// those not given).
fn target(name: &str, c: &Costs<'_, '_>) -> PyResult<Target> {
    Ok(match name {
        "argon2id" | "argon2" => Target::argon2id(
            cost(c.m_cost, "m_cost", 19_456)?,
            cost(c.t_cost, "t_cost", 2)?,
            cost(c.p_cost, "p_cost", 1)?,
        ),
        "bcrypt" => {
            let v = bounded(c.bcrypt_cost, "bcrypt_cost", 4, 31, 12)?;
            Target::bcrypt(u32::try_from(v).unwrap_or(31))
        }
        "scrypt" => {
            let ln = bounded(c.scrypt_ln, "scrypt_ln", 1, 63, 17)?;
            Target::scrypt(
                u8::try_from(ln).unwrap_or(63),
                cost(c.scrypt_r, "scrypt_r", 8)?,
                cost(c.p_cost, "p_cost", 1)?,
            )
        }
        "pbkdf2_sha256" => Target::pbkdf2_sha256(cost(c.iterations, "iterations", 600_000)?),
        other => {
            return Err(PyValueError::new_err(format!(
                "target must be one of argon2id, bcrypt, scrypt, pbkdf2_sha256; got {other:?}"
            )));
        }
    })
}

/// The keyword arguments of one `also_accept` entry: `{"target": "bcrypt", "bcrypt_cost": 12}`.
fn accepted(entry: &Bound<'_, PyAny>, index: usize) -> PyResult<Target> {
    let d = entry.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "also_accept[{index}] must be a dict such as {{'target': 'bcrypt', 'bcrypt_cost': 12}}, not {}",
            type_name(entry)
        ))
    })?;
    let known = [
        "target",
        "m_cost",
        "t_cost",
        "p_cost",
        "bcrypt_cost",
        "scrypt_ln",
        "scrypt_r",
        "iterations",
    ];
    for k in d.keys() {
        let k: String = k.extract()?;
        if !known.contains(&k.as_str()) {
            return Err(PyValueError::new_err(format!(
                "also_accept[{index}]: unknown key {k:?}; known: {}",
                known.join(", ")
            )));
        }
    }
    let name: String = match d.get_item("target")? {
        Some(v) => v.extract().map_err(|_| {
            PyTypeError::new_err(format!("also_accept[{index}]['target'] must be a str"))
        })?,
        None => {
            return Err(PyValueError::new_err(format!(
                "also_accept[{index}] names no 'target'"
            )));
        }
    };
    let item = |k: &str| d.get_item(k);
    let (m, t, p) = (item("m_cost")?, item("t_cost")?, item("p_cost")?);
    let (b, ln, r, i) = (
        item("bcrypt_cost")?,
        item("scrypt_ln")?,
        item("scrypt_r")?,
        item("iterations")?,
    );
    let costs = Costs {
        m_cost: m.as_ref(),
        t_cost: t.as_ref(),
        p_cost: p.as_ref(),
        bcrypt_cost: b.as_ref(),
        scrypt_ln: ln.as_ref(),
        scrypt_r: r.as_ref(),
        iterations: i.as_ref(),
    };
    target(&name, &costs).map_err(|e| PyValueError::new_err(format!("also_accept[{index}]: {e}")))
}

/// `limits` as a dict of `Limits` field names to ints.
fn limits(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Limits> {
    let mut out = Limits::default();
    let Some(obj) = obj else {
        return Ok(out);
    };
    let map = obj.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "limits must be a dict of limit names to ints, not {}",
            type_name(obj)
        ))
    })?;
    for item in map.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let name: String = k.extract().map_err(|_| {
            PyTypeError::new_err(format!("limits keys must be str, not {}", type_name(&k)))
        })?;
        let value = int_in(&v, &format!("limits[{name:?}]"), 0, u64::MAX)?;
        out.set(&name, value).map_err(|e| lib_error(py, &e))?;
    }
    Ok(out)
}

/// A `schemes` argument: an iterable of scheme ids (one `str` is refused: it would iterate
/// into characters).
fn scheme_ids(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "schemes must be a list of scheme ids, not one str",
        ));
    }
    let mut out = Vec::new();
    for id in obj.try_iter()? {
        let id = id?;
        out.push(id.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "schemes entries must be str, not {}",
                type_name(&id)
            ))
        })?);
    }
    Ok(out)
}

/// A registry of the built-in schemes with these ids, in this order, and the scheme of the
/// `target`'s hashes after them when not listed (the upgrades a migrator writes must be read
/// back).
fn registry(
    py: Python<'_>,
    ids: Option<&Bound<'_, PyAny>>,
    target: &'static str,
) -> PyResult<Registry> {
    let all = Registry::default();
    let Some(ids) = ids else {
        return Ok(all);
    };
    let mut reg = Registry::empty();
    for name in scheme_ids(ids)? {
        let scheme = all.get_shared(&name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "schemes: unknown scheme id {name:?} (hashbridge.schemes() lists them)"
            ))
        })?;
        reg.register(scheme).map_err(|e| lib_error(py, &e))?;
    }
    if reg.get(target).is_none()
        && let Some(scheme) = all.get_shared(target)
    {
        reg.register(scheme).map_err(|e| lib_error(py, &e))?;
    }
    Ok(reg)
}

// The constructor takes the policy as Python keyword arguments: the Python signature.
#[allow(clippy::too_many_arguments)]
#[pymethods]
impl PyMigrator {
    #[new]
    #[pyo3(signature = (
        target=None, m_cost=None, t_cost=None, p_cost=None, *,
        bcrypt_cost=None, scrypt_ln=None, scrypt_r=None, iterations=None,
        limits=None, schemes=None, also_accept=None, max_cost_factor=args::Given::Absent,
        memory_budget=None, memory_wait=None, rehash=None,
    ), text_signature = "(target='argon2id', m_cost=19456, t_cost=2, p_cost=1, *, \
        bcrypt_cost=12, scrypt_ln=17, scrypt_r=8, iterations=600000, limits=None, schemes=None, \
        also_accept=None, max_cost_factor=4, memory_budget=None, memory_wait=None, rehash=True)")]
    fn new(
        py: Python<'_>,
        target: Option<&Bound<'_, PyAny>>,
        m_cost: Option<&Bound<'_, PyAny>>,
        t_cost: Option<&Bound<'_, PyAny>>,
        p_cost: Option<&Bound<'_, PyAny>>,
        bcrypt_cost: Option<&Bound<'_, PyAny>>,
        scrypt_ln: Option<&Bound<'_, PyAny>>,
        scrypt_r: Option<&Bound<'_, PyAny>>,
        iterations: Option<&Bound<'_, PyAny>>,
        limits: Option<&Bound<'_, PyAny>>,
        schemes: Option<&Bound<'_, PyAny>>,
        also_accept: Option<&Bound<'_, PyAny>>,
        max_cost_factor: args::Given<'_>,
        memory_budget: Option<&Bound<'_, PyAny>>,
        memory_wait: Option<&Bound<'_, PyAny>>,
        rehash: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let costs = Costs {
            m_cost,
            t_cost,
            p_cost,
            bcrypt_cost,
            scrypt_ln,
            scrypt_r,
            iterations,
        };
        let name = match target {
            Some(t) if !t.is_none() => args::opt_str(Some(t), "target")?.unwrap_or_default(),
            _ => "argon2id".to_owned(),
        };
        let t = self::target(&name, &costs)?;
        let mut policy = Policy::new(t).with_limits(self::limits(py, limits)?);
        if let Some(list) = also_accept {
            for (i, entry) in list.try_iter()?.enumerate() {
                policy = policy.also_accept(accepted(&entry?, i)?);
            }
        }
        let factor = match max_cost_factor {
            // Not given: the library's default ceiling.
            args::Given::Absent => Policy::default().max_cost_factor,
            // Given as None: no ceiling.
            args::Given::None => None,
            args::Given::Value(f) => Some(positive_u32(&f, "max_cost_factor")?),
        };
        policy = policy.with_max_cost_factor(factor);
        let rehash_flag = args::opt_bool(rehash, "rehash")?.unwrap_or(true);
        let registry = self::registry(py, schemes, t.scheme_id())?;
        let mut m = Migrator::new(registry, policy)
            .map_err(|e| match &e {
                // The target the cost keywords made: say which keywords, beside the limit.
                hashbridge::Error::Config { what: "target", .. } => {
                    let given = costs.given();
                    let keywords = if given.is_empty() {
                        String::new()
                    } else {
                        format!(" ({given})")
                    };
                    lib_error(
                        py,
                        &hashbridge::Error::config("target", format!("{name}{keywords}: {e}")),
                    )
                }
                _ => lib_error(py, &e),
            })?
            .with_rehash(rehash_flag);
        if let Some(b) = memory_budget {
            let bytes = int_in(b, "memory_budget", 1, u64::MAX)?;
            m = m.with_memory_budget(bytes).map_err(|e| lib_error(py, &e))?;
        }
        let wait = match memory_wait {
            None => None,
            Some(w) => {
                let seconds: f64 = w.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "memory_wait must be a number of seconds, not {}",
                        type_name(w)
                    ))
                })?;
                Some(Duration::try_from_secs_f64(seconds).map_err(|_| {
                    PyValueError::new_err(format!(
                        "memory_wait must be a number of seconds, at least 0; got {seconds}"
                    ))
                })?)
            }
        };
        if let Some(w) = wait {
            m = m.with_memory_wait(w);
        }
        let batch = match wait {
            Some(_) => m.clone(),
            None => m.clone().with_memory_wait(Duration::MAX),
        };
        Ok(PyMigrator {
            target: m.policy().target.scheme_id(),
            inner: Arc::new(m),
            batch: Arc::new(batch),
        })
    }

    /// Judge `password` against the stored `hash` and its context (`salt`, `salt_encoding`,
    /// `username`, `params`, `scheme` keywords).
    #[pyo3(signature = (password, hash, **context))]
    fn verify(
        &self,
        py: Python<'_>,
        password: &Bound<'_, PyAny>,
        hash: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyOutcome> {
        let pw = args::password(password)?;
        let cred = args::credential(py, hash, context, "verify")?;
        let m = &self.inner;
        py.detach(|| guarded(|| m.verify(&pw, &cred)))
            .into_py(py)
            .map(PyOutcome::from)
    }

    /// `verify` for a login by user name: `hash` is `None` when no such user exists, and a target
    /// hash is verified instead so that the answer (`valid=False`) takes as long.
    #[pyo3(signature = (password, hash, **context))]
    fn verify_user(
        &self,
        py: Python<'_>,
        password: &Bound<'_, PyAny>,
        hash: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyOutcome> {
        let pw = args::password(password)?;
        let cred = match hash {
            Some(h) if !h.is_none() => Some(args::credential(py, h, context, "verify_user")?),
            _ => None,
        };
        let m = &self.inner;
        py.detach(|| guarded(|| m.verify_user(&pw, cred.as_ref())))
            .into_py(py)
            .map(PyOutcome::from)
    }

    /// The scheme id of a stored hash (no hashing).
    #[pyo3(signature = (hash, **context))]
    fn identify(
        &self,
        py: Python<'_>,
        hash: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        let cred = args::credential(py, hash, context, "identify")?;
        let m = &self.inner;
        guarded(|| m.identify(&cred).map(|s| s.id().to_owned())).into_py(py)
    }

    /// The first of `schemes` (ids, in order) whose format `hash` is in, or `None`: how passlib's
    /// `CryptContext.identify` walks its scheme list. No hashing; the hash length limit applies.
    fn identify_first(
        &self,
        py: Python<'_>,
        hash: &Bound<'_, PyAny>,
        schemes: &Bound<'_, PyAny>,
    ) -> PyResult<Option<String>> {
        let hash = args::text(hash, "hash")?;
        let limits = &self.inner.policy().limits;
        if hash.len() > limits.max_hash_bytes {
            let e = hashbridge::Error::limit(
                "input",
                "hash length",
                hash.len() as u64,
                limits.max_hash_bytes as u64,
                "Limits::max_hash_bytes",
            );
            return Err(lib_error(py, &e));
        }
        let registry = self.inner.registry();
        for name in scheme_ids(schemes)? {
            let scheme = registry.get(&name).ok_or_else(|| {
                lib_error(
                    py,
                    &hashbridge::Error::unsupported(format!("unknown scheme id {name:?}")),
                )
            })?;
            if guarded(|| Ok(scheme.identify(&hash))).into_py(py)? != Match::No {
                return Ok(Some(name));
            }
        }
        Ok(None)
    }

    /// The scheme, its parameters and whether the policy would upgrade the hash (no hashing).
    #[pyo3(signature = (hash, **context))]
    fn inspect<'py>(
        &self,
        py: Python<'py>,
        hash: &Bound<'py, PyAny>,
        context: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let cred = args::credential(py, hash, context, "inspect")?;
        let m = &self.inner;
        let (id, inspection) = py
            .detach(|| {
                guarded(|| {
                    let s = m.identify(&cred)?;
                    Ok((s.id().to_owned(), m.inspect(s, &cred)?))
                })
            })
            .into_py(py)?;
        let d = PyDict::new(py);
        d.set_item("scheme", id)?;
        let p = PyDict::new(py);
        for (k, v) in inspection.params {
            p.set_item(k, v)?;
        }
        d.set_item("params", p)?;
        d.set_item("needs_upgrade", inspection.needs_upgrade)?;
        Ok(d)
    }

    /// Whether the policy would upgrade this hash on its next successful login (no hashing).
    #[pyo3(signature = (hash, **context))]
    fn needs_upgrade(
        &self,
        py: Python<'_>,
        hash: &Bound<'_, PyAny>,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<bool> {
        let cred = args::credential(py, hash, context, "needs_upgrade")?;
        let m = &self.inner;
        py.detach(|| guarded(|| m.needs_upgrade(&cred))).into_py(py)
    }

    /// A new target hash of `password`.
    fn hash(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<String> {
        let pw = args::password(password)?;
        let m = &self.inner;
        py.detach(|| guarded(|| m.hash(&pw))).into_py(py)
    }

    /// Spend what verifying a target hash costs and answer `False`: for unknown user names.
    fn dummy_verify(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<bool> {
        let pw = args::password(password)?;
        let m = &self.inner;
        py.detach(|| guarded(|| m.dummy_verify(&pw))).into_py(py)
    }

    /// Verify records of the batch format on `threads` threads, yielding answers in order.
    #[pyo3(signature = (records, threads=None))]
    fn verify_many(
        &self,
        records: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<VerifyMany> {
        let threads = threads_arg(threads)?;
        let iter = records_arg(records)?;
        Ok(VerifyMany::new(Arc::clone(&self.batch), threads, iter))
    }

    /// Wrap the hashes of records of the batch format (no passwords: `hashbridge wrap --from
    /// jsonl`) on `threads` threads, yielding one answer per record in input order.
    #[pyo3(signature = (records, threads=None))]
    fn wrap_many(
        &self,
        records: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<WrapMany> {
        let threads = threads_arg(threads)?;
        let iter = records_arg(records)?;
        Ok(WrapMany::new(Arc::clone(&self.batch), threads, iter))
    }

    /// The census of records of the batch format (no passwords, no hashing): the report of
    /// `hashbridge audit --from jsonl --json`, without its wrap estimate.
    fn audit_many<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let iter = records_arg(records)?;
        many::audit(py, &self.inner, iter)
    }

    /// The scheme id of the hashes this migrator writes (`argon2`, `bcrypt`, `scrypt`,
    /// `pbkdf2_sha256`).
    #[getter]
    fn target(&self) -> &'static str {
        self.target
    }

    /// The ids of the schemes this migrator reads, in identification order.
    #[getter]
    fn schemes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.inner.registry().schemes().map(|s| s.id().to_owned()),
        )
    }

    /// The limits in force, by name.
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        limits_dict(py, &self.inner.policy().limits)
    }

    /// Bytes the memory-hard hashes of this migrator may hold at once.
    #[getter]
    fn memory_budget(&self) -> u64 {
        self.inner.memory_budget().total()
    }

    /// Bytes reserved right now by this migrator's hashes in flight.
    #[getter]
    fn memory_in_use(&self) -> u64 {
        self.inner.memory_budget().in_use()
    }

    fn __repr__(&self) -> String {
        format!("Migrator(target={:?})", self.inner.policy().target)
    }
}

/// A `threads` argument: 1 to [`MAX_THREADS`], every core when not given.
fn threads_arg(threads: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
    let n = match threads {
        Some(t) if !t.is_none() => int_in(t, "threads", 1, MAX_THREADS)?,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get() as u64),
    };
    Ok(usize::try_from(n).unwrap_or(1))
}

/// A `records` argument: any iterable (of dicts; another item is answered as a malformed
/// record).
fn records_arg<'py>(records: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyIterator>> {
    records.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "records must be an iterable of dicts, not {}",
            type_name(records)
        ))
    })
}

/// `limits` as a dict of field names to values.
pub(crate) fn limits_dict<'py>(py: Python<'py>, limits: &Limits) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for name in Limits::names() {
        d.set_item(name, limits.get(name))?;
    }
    Ok(d)
}
