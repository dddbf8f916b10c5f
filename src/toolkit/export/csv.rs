//! CSV exports: database dumps (`COPY ... TO ... CSV HEADER`, `SELECT ... INTO OUTFILE` with a
//! header, spreadsheet exports) with one account per record.
//!
//! The header row names the columns. Without [`Columns`] overrides, the first header found of
//! each list below is used (matched without regard to case or surrounding space):
//!
//! | role | headers |
//! |---|---|
//! | hash (required) | `hash`, `password_hash`, `passwordhash`, `hashed_password`, `encrypted_password`, `password_digest`, `userpassword`, `passwd`, `password`, `pass`, `pwd` |
//! | user | `username`, `user_name`, `user`, `login`, `uid`, `email`, `mail`, `name`, `localid`, `user_id`, `id` |
//! | salt | `salt`, `password_salt`, `passwordsalt`, `pwd_salt` |
//! | scheme hint | `format`, `scheme`, `hash_format` |
//! | salt encoding | `salt_encoding` (`utf8`, `hex` or `base64`; else [`Columns::salt_encoding`]) |
//! | parameters | every `param.<name>` or `params.<name>` column becomes parameter `<name>` |
//!
//! Fields are RFC 4180 (quotes, doubled quotes, line breaks inside quotes). The delimiter is
//! `,`, `;` or a tab, whichever the header line holds most of, unless [`Columns::delimiter`]
//! says. A record over the size limit stops the reader: past it, record boundaries cannot be
//! trusted.

use std::io::BufRead;

use super::{
    Account, Entry, ExportError, Format, Meter, Metered, Options, complete, first_byte, malformed,
};
use crate::credential::{Credential, Params};
use crate::error::Error;
use crate::toolkit::record::decode_salt;

/// Which CSV columns hold what, when the header does not use the usual names.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// The column holding the hash string.
    pub hash: Option<String>,
    /// The column naming the user.
    pub user: Option<String>,
    /// The column holding a separately stored salt.
    pub salt: Option<String>,
    /// The column holding a scheme id for each record.
    pub scheme: Option<String>,
    /// How the salt column is encoded (`utf8`, `hex`, `base64`) when there is no
    /// `salt_encoding` column; default `utf8`.
    pub salt_encoding: Option<String>,
    /// The field delimiter (one ASCII byte); sniffed from the header line when unset.
    pub delimiter: Option<u8>,
}

const HASH: &[&str] = &[
    "hash",
    "password_hash",
    "passwordhash",
    "hashed_password",
    "encrypted_password",
    "password_digest",
    "userpassword",
    "passwd",
    "password",
    "pass",
    "pwd",
];
const USER: &[&str] = &[
    "username",
    "user_name",
    "user",
    "login",
    "uid",
    "email",
    "mail",
    "name",
    "localid",
    "user_id",
    "id",
];
const SALT: &[&str] = &["salt", "password_salt", "passwordsalt", "pwd_salt"];
const SCHEME: &[&str] = &["format", "scheme", "hash_format"];

/// Column indices resolved from the header.
struct Layout {
    hash: usize,
    user: Option<usize>,
    salt: Option<usize>,
    salt_encoding: Option<usize>,
    scheme: Option<usize>,
    params: Vec<(usize, String)>,
}

fn header_names(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase())
        .collect()
}

fn find(names: &[String], explicit: Option<&str>, usual: &[&str]) -> Result<Option<usize>, Error> {
    if let Some(want) = explicit {
        let want = want.trim().to_ascii_lowercase();
        return names
            .iter()
            .position(|n| *n == want)
            .map(Some)
            .ok_or_else(|| malformed(Format::Csv, "header", format!("no column named {want:?}")));
    }
    Ok(usual.iter().find_map(|u| names.iter().position(|n| n == u)))
}

fn layout(names: &[String], columns: &Columns) -> Result<Layout, Error> {
    let hash = find(names, columns.hash.as_deref(), HASH)?.ok_or_else(|| {
        malformed(
            Format::Csv,
            "header",
            "no hash column (name it hash or password_hash, or say which column holds it)",
        )
    })?;
    let params = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            n.strip_prefix("param.")
                .or_else(|| n.strip_prefix("params."))
                .filter(|p| !p.is_empty())
                .map(|p| (i, p.to_owned()))
        })
        .collect();
    Ok(Layout {
        hash,
        user: find(names, columns.user.as_deref(), USER)?.filter(|&i| i != hash),
        salt: find(names, columns.salt.as_deref(), SALT)?,
        salt_encoding: find(names, None, &["salt_encoding"])?,
        scheme: find(names, columns.scheme.as_deref(), SCHEME)?,
        params,
    })
}

/// The delimiter the first line holds most of, outside quotes.
fn sniff(input: &mut dyn BufRead) -> std::io::Result<u8> {
    let buf = input.fill_buf()?;
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    Ok([b',', b';', b'\t'][best])
}

/// Call `each(line, record)` for every record of CSV input (the header too, when there is one).
pub(super) fn records(
    input: &mut dyn BufRead,
    format: Format,
    options: &Options,
    mut each: impl FnMut(u64, &csv::ByteRecord) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    if first_byte(input)?.is_none() {
        return Ok(());
    }
    let delimiter = match options.columns.delimiter {
        Some(d) => d,
        None => sniff(input)?,
    };
    let meter = Meter::new(options.max_record_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Metered {
            inner: input,
            meter: &meter,
        });
    let mut record = csv::ByteRecord::new();
    loop {
        meter.reset();
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                each(line, &record)?;
            }
            Err(_) if meter.tripped() => {
                return Err(ExportError::Invalid(meter.limit_error(format)));
            }
            Err(e) => {
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => ExportError::Io(io),
                    _ => ExportError::Invalid(malformed(format, "record", "unreadable CSV")),
                });
            }
        }
    }
}

/// A field as text; a malformed error naming the column when it is not UTF-8.
pub(super) fn text<'r>(
    format: Format,
    record: &'r csv::ByteRecord,
    index: usize,
    what: &'static str,
) -> Result<Option<&'r str>, Error> {
    match record.get(index) {
        None => Ok(None),
        Some(b) => std::str::from_utf8(b)
            .map(|s| Some(s.trim_matches(|c| c == '\r')))
            .map_err(|_| malformed(format, what, "not valid UTF-8")),
    }
}

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    let mut header: Option<Layout> = None;
    records(input, Format::Csv, options, |line, record| {
        let Some(l) = &header else {
            let names = header_names(record);
            header = Some(layout(&names, &options.columns).map_err(ExportError::Invalid)?);
            return Ok(());
        };
        if record.iter().all(<[u8]>::is_empty) {
            return Ok(());
        }
        sink(Entry {
            position: line,
            account: account(l, record, options),
        });
        Ok(())
    })
}

fn account(l: &Layout, record: &csv::ByteRecord, options: &Options) -> Result<Account, Error> {
    let f = |i: Option<usize>, what| match i {
        Some(i) => text(Format::Csv, record, i, what),
        None => Ok(None),
    };
    let user = f(l.user, "user")?
        .filter(|u| !u.is_empty())
        .map(str::to_owned);
    let hash = f(Some(l.hash), "hash")?.unwrap_or_default();
    if hash.is_empty() {
        return Ok(Account::without_hash(user, "empty hash column").named());
    }
    let mut cred = Credential::new(hash);
    if let Some(salt) = f(l.salt, "salt")?.filter(|s| !s.is_empty()) {
        let encoding = f(l.salt_encoding, "salt_encoding")?
            .filter(|e| !e.is_empty())
            .or(options.columns.salt_encoding.as_deref());
        cred = cred.with_salt(decode_salt(salt, encoding)?);
    }
    if let Some(s) = f(l.scheme, "scheme")?.filter(|s| !s.is_empty()) {
        cred = cred.with_scheme(s);
    }
    let mut params = Params::new();
    for (i, name) in &l.params {
        if let Some(v) = f(Some(*i), "param")?.filter(|v| !v.is_empty()) {
            params.insert(name.clone(), v);
        }
    }
    if !params.is_empty() {
        cred = cred.with_params(params);
    }
    if let Some(u) = &user {
        cred = cred.with_username(u.clone());
    }
    Ok(Account::with_hash(user, complete(cred, options)).named())
}
