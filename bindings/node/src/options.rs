//! `new Migrator(options)`: the options object into the library's `Policy`, `Registry` and
//! `Migrator`. Option names are the camelCase of the command line's and the Python package's
//! (`mCost` for `--m-cost` / `m_cost`); limits take the library's field names in camelCase
//! (`maxMemoryBytes`) or as they are (`max_memory_bytes`).

use std::time::Duration;

use hashbridge::{Limits, Migrator, Policy, Registry, Target};
use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::{JsValue, ValueType};

use crate::args::{self, field, integer, integer_u32, plain_object};
use crate::errors::Failure;

/// The target keys, shared by the migrator's options and each `alsoAccept` entry.
const TARGET_KEYS: [&str; 8] = [
    "target",
    "mCost",
    "tCost",
    "pCost",
    "bcryptCost",
    "scryptLn",
    "scryptR",
    "iterations",
];

/// The migrator's keys besides the target's.
const POLICY_KEYS: [&str; 7] = [
    "limits",
    "schemes",
    "alsoAccept",
    "maxCostFactor",
    "memoryBudget",
    "memoryWaitMs",
    "rehash",
];

/// The target names and the cost keys each one takes.
const TARGETS: [(&str, &[&str]); 4] = [
    ("argon2id", &["mCost", "tCost", "pCost"]),
    ("bcrypt", &["bcryptCost"]),
    ("scrypt", &["scryptLn", "scryptR", "pCost"]),
    ("pbkdf2_sha256", &["iterations"]),
];

/// The migrator `options` describe (`undefined` or `null`: the defaults, as `Migrator::default`).
pub(crate) fn migrator(v: Option<&Unknown<'_>>) -> Result<Migrator, Failure> {
    let known: Vec<&str> = TARGET_KEYS.iter().chain(&POLICY_KEYS).copied().collect();
    let Some(obj) = args::options(v, "options", &known)? else {
        return Ok(Migrator::default());
    };
    let target = target(&obj, "options")?;
    let mut policy = Policy::new(target);
    if let Some(l) = field(&obj, "limits")? {
        policy = policy.with_limits(limits(&l)?);
    }
    if let Some(list) = field(&obj, "alsoAccept")? {
        for (i, entry) in array(&list, "options.alsoAccept")?.into_iter().enumerate() {
            let name = format!("options.alsoAccept[{i}]");
            let Some(entry) = args::options(Some(&entry), &name, &TARGET_KEYS)? else {
                return Err(args::wrong_type(&name, "an object", &entry));
            };
            policy = policy.also_accept(self::target(&entry, &name)?);
        }
    }
    // `undefined`: the library's default ceiling; `null`: no ceiling.
    let factor: Unknown<'_> = obj.get_named_property("maxCostFactor")?;
    let factor = match factor.get_type()? {
        ValueType::Undefined => Policy::default().max_cost_factor,
        ValueType::Null => None,
        _ => Some(integer_u32(&factor, "options.maxCostFactor", 1, u32::MAX)?),
    };
    policy = policy.with_max_cost_factor(factor);
    let registry = match field(&obj, "schemes")? {
        Some(ids) => registry(&ids)?,
        None => Registry::default(),
    };
    let mut m = Migrator::new(registry, policy)?;
    if let Some(r) = field(&obj, "rehash")? {
        m = m.with_rehash(args::boolean(&r, "options.rehash")?);
    }
    if let Some(b) = field(&obj, "memoryBudget")? {
        m = m.with_memory_budget(integer(&b, "options.memoryBudget", 1, u64::MAX)?)?;
    }
    if let Some(w) = field(&obj, "memoryWaitMs")? {
        m = m.with_memory_wait(milliseconds(&w, "options.memoryWaitMs")?);
    }
    Ok(m)
}

/// The target named by `obj.target` (default argon2id) with its costs (the command line's
/// defaults for those not given). A cost key that does not belong to the target is refused:
/// `{ target: 'bcrypt', mCost: 65536 }` is a mistake, not a request.
fn target(obj: &Object<'_>, name: &str) -> Result<Target, Failure> {
    let path = |key: &str| format!("{name}.{key}");
    let chosen = match field(obj, "target")? {
        Some(t) => args::string(&t, &path("target"))?,
        None => "argon2id".to_owned(),
    };
    let Some((_, takes)) = TARGETS.iter().find(|(n, _)| *n == chosen) else {
        let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
        return Err(Failure::Value(format!(
            "The \"{}\" property must be one of {}; received {chosen:?}",
            path("target"),
            names.join(", ")
        )));
    };
    for key in &TARGET_KEYS[1..] {
        if !takes.contains(key) && field(obj, key)?.is_some() {
            return Err(Failure::Value(format!(
                "The \"{}\" property does not apply to target {chosen:?} (it takes {})",
                path(key),
                takes.join(", ")
            )));
        }
    }
    let cost = |key: &str, min: u32, max: u32, default: u32| -> Result<u32, Failure> {
        match field(obj, key)? {
            Some(v) => integer_u32(&v, &path(key), min, max),
            None => Ok(default),
        }
    };
    Ok(match chosen.as_str() {
        "bcrypt" => Target::bcrypt(cost("bcryptCost", 4, 31, 12)?),
        "scrypt" => {
            let ln = cost("scryptLn", 1, 63, 17)?;
            Target::scrypt(
                u8::try_from(ln).unwrap_or(63),
                cost("scryptR", 1, u32::MAX, 8)?,
                cost("pCost", 1, u32::MAX, 1)?,
            )
        }
        "pbkdf2_sha256" => Target::pbkdf2_sha256(cost("iterations", 1, u32::MAX, 600_000)?),
        _ => Target::argon2id(
            cost("mCost", 1, u32::MAX, 19_456)?,
            cost("tCost", 1, u32::MAX, 2)?,
            cost("pCost", 1, u32::MAX, 1)?,
        ),
    })
}

/// `maxMemoryBytes` → `max_memory_bytes`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `max_memory_bytes` → `maxMemoryBytes`.
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `limits` object: each key a `Limits` field name, each value an integer.
fn limits(v: &Unknown<'_>) -> Result<Limits, Failure> {
    let obj = plain_object(v, "options.limits")?;
    let mut out = Limits::default();
    for key in Object::keys(&obj)? {
        let name = snake(&key);
        if out.get(&name).is_none() {
            let known: Vec<String> = Limits::names().map(camel).collect();
            return Err(Failure::Value(format!(
                "The \"options.limits\" property has an unknown limit {key:?}; the limits are {}",
                known.join(", ")
            )));
        }
        let path = format!("options.limits.{key}");
        let value: Unknown<'_> = obj.get_named_property(&key)?;
        if args::is_absent(&value)? {
            continue;
        }
        let value = integer(&value, &path, 0, u64::MAX)?;
        out.set(&name, value)
            .map_err(|e| Failure::Range(format!("The \"{path}\" property is out of range: {e}")))?;
    }
    Ok(out)
}

/// The elements of an array argument.
fn array<'e>(v: &Unknown<'e>, name: &str) -> Result<Vec<Unknown<'e>>, Failure> {
    if v.get_type()? != ValueType::Object || !v.is_array()? {
        return Err(args::wrong_type(name, "an array", v));
    }
    // SAFETY: the value is an array.
    let obj: Object<'e> = unsafe { v.cast() }?;
    let len = obj.get_array_length()?;
    (0..len)
        .map(|i| Ok(obj.get_element::<Unknown<'e>>(i)?))
        .collect()
}

/// A registry of the built-in schemes with these ids, in this order.
fn registry(v: &Unknown<'_>) -> Result<Registry, Failure> {
    let all = Registry::default();
    let mut out = Registry::empty();
    for (i, id) in array(v, "options.schemes")?.into_iter().enumerate() {
        let path = format!("options.schemes[{i}]");
        let id = args::string(&id, &path)?;
        let scheme = all.get_shared(&id).ok_or_else(|| {
            Failure::Value(format!(
                "The \"{path}\" property names no built-in scheme: {id:?} (schemes() lists them)"
            ))
        })?;
        out.register(scheme)?;
    }
    Ok(out)
}

/// A wait in milliseconds: a number of at least 0 (`Infinity` waits without end).
fn milliseconds(v: &Unknown<'_>, name: &str) -> Result<Duration, Failure> {
    if v.get_type()? != ValueType::Number {
        return Err(args::wrong_type(name, "a number of milliseconds", v));
    }
    // SAFETY: the value is a number.
    let ms: f64 = unsafe { v.cast() }?;
    if ms == f64::INFINITY {
        return Ok(Duration::MAX);
    }
    Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| {
        Failure::Range(format!(
            "The \"{name}\" property must be a number of milliseconds of at least 0; received {ms}"
        ))
    })
}
