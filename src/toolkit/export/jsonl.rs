//! JSON lines in the batch record format (`hash`, `salt`, `salt_encoding`, `username`,
//! `params`, `format`, `id`): what `hashbridge read` writes, and what a script can write from
//! any database. A `password` in a record is ignored: exports carry hashes. A record whose
//! `hash` is absent or null is an account without a password.

use std::io::BufRead;

use super::{Account, Entry, ExportError, Format, Options, complete, each_line};
use crate::toolkit::record::parse_export_line;

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    each_line(input, Format::Jsonl, options, sink, |_, line| {
        Some(match parse_export_line(line) {
            Err((_, e)) => Err(e),
            Ok(record) => {
                let user = record.credential.username().map(str::to_owned).or_else(|| {
                    record.id.as_ref().map(|id| match id {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                });
                if record.credential.hash().is_empty() {
                    Ok(Account::without_hash(user, "empty hash"))
                } else {
                    Ok(Account::with_hash(
                        user,
                        complete(record.credential, options),
                    ))
                }
            }
        })
    })
}
