//! JSON lines in the batch record format (`hash`, `salt`, `salt_encoding`, `username`,
//! `params`, `format`, `id`): what `hashbridge read` writes, and what a script can write from
//! any database. A `password` in a record is ignored: exports carry hashes. A record whose
//! `hash` is absent or null is an account without a password.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{Account, Entry, ExportError, Format, Options, Profile, complete, each_line};
use crate::toolkit::record::parse_export_line;

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    each_line(input, Format::Jsonl, options, sink, |_, line| {
        Some(account(line, options))
    })
}

/// The account of one JSONL line, as the reader reads it: for callers that hold records one
/// at a time (the Python binding's partitions) and must read each exactly as `hashbridge wrap
/// --from jsonl` would.
pub(crate) fn account(line: &str, options: &Options) -> Result<Account, crate::error::Error> {
    let record = parse_export_line(line).map_err(|(_, e)| e)?;
    let user = record.credential.username().map(str::to_owned).or_else(|| {
        record.id.as_ref().map(|id| match id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    });
    let account = if record.credential.hash().is_empty() {
        Account::without_hash(user, "empty hash")
    } else {
        Account::with_hash(user, complete(record.credential, options))
    };
    let mut account = account.with_profile(profile(line));
    if let Ok(extra) = serde_json::from_str::<Extra>(line) {
        account.locked = extra.locked;
        if let Some(n) = extra.note.as_deref().and_then(super::known_note) {
            account.note = Some(n);
        }
    }
    Ok(account)
}

/// The members `read` writes beside the batch record's.
#[derive(serde::Deserialize)]
struct Extra {
    #[serde(default)]
    locked: bool,
    #[serde(default)]
    note: Option<String>,
}

/// The profile of a record: a `profile` object as `hashbridge read` writes it, or else the
/// same names at the top level.
fn profile(line: &str) -> Profile {
    let mut p = Profile::default();
    let Ok(top) = serde_json::from_str::<Map<String, Value>>(line) else {
        return p;
    };
    let keys: Vec<(&str, &[&str])> = Profile::FIELDS
        .iter()
        .map(|f| (*f, std::slice::from_ref(f)))
        .collect();
    match top.get("profile") {
        Some(Value::Object(inner)) => p.fill(inner, &keys),
        _ => p.fill(&top, &keys),
    }
    p
}
