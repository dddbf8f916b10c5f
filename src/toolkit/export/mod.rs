//! Readers for the files identity systems export their users in: `/etc/shadow`, Apache
//! `htpasswd`/`htdigest`, LDIF (`slapcat`, `ldapsearch`), CSV, JSONL in the batch record format,
//! Firebase `auth:export`, Keycloak realm exports, Auth0 password-hash exports and Django
//! `dumpdata`.
//!
//! Each reader turns one account into an [`Account`]: the user name, and a [`Credential`] with
//! the context its scheme needs (the separate salt of a Firebase user, the realm of an htdigest
//! line, the scheme hint of a format that cannot be recognised from the string). Accounts without
//! a password (system accounts, federated logins, `*` and `!` markers) are reported too, with the
//! credential absent, so a census counts every account the file holds.
//!
//! Export files are input like any other: a stolen or hand-edited export must not crash, hang or
//! exhaust memory. Every reader streams (memory stays constant whatever the number of accounts),
//! and no single account may take more than [`Options::max_record_bytes`] of input; a longer one
//! is an error of kind `limit`. A record that cannot be read is reported with its position and
//! reading goes on; only input that cannot be resynchronised (a broken JSON document, an
//! oversized CSV record) stops the reader with an [`ExportError`].

mod auth0;
mod csv;
mod django;
mod firebase;
mod json;
mod jsonl;
mod keycloak;
mod ldif;
mod profile;
mod shadow;

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::str::FromStr;

use crate::credential::{Credential, Params};
use crate::error::Error;

pub use self::csv::Columns;
pub(crate) use self::jsonl::account as jsonl_account;
pub use self::ldif::unwrap_line as unwrap_ldif_line;
pub use self::profile::{Field, Profile};

/// Every note a reader writes, so that a JSONL record written by `read` keeps its note when
/// read back.
const NOTES: &[&str] = &[
    "empty hash column",
    "empty hash",
    "empty password field",
    "empty userPassword",
    "locked; the hash behind the lock is kept",
    "no password (provider or passwordless sign-in)",
    "no password (social or passwordless)",
    "no password credential",
    "locked, no password set",
    "empty password field: login needs no password",
    "no password set: password login disabled",
    "the password is in the shadow file",
    "no password set",
];

/// The note of that text, if a reader writes it.
fn known_note(text: &str) -> Option<&'static str> {
    NOTES.iter().copied().find(|n| *n == text)
}

/// Default for [`Options::max_record_bytes`]: far above any real account (a Keycloak user with
/// its attributes and credentials is a few KiB), far below a memory problem.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// The export formats there are readers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `/etc/shadow` (and `/etc/passwd`, whose second field held the hash before shadow files):
    /// `name:hash:...`, with `!` locking and `*`, `!!`, `x`, `NP`, `*LK*` markers.
    Shadow,
    /// Apache `htpasswd` (`user:hash`) and `htdigest` (`user:realm:md5hex`) files.
    Htpasswd,
    /// LDIF (RFC 2849): `userPassword` values of each entry, base64 (`::`) or plain, folded lines.
    Ldif,
    /// CSV with a header row naming the columns (see [`Columns`]).
    Csv,
    /// JSON lines in the batch record format (`hash`, `salt`, `salt_encoding`, `username`,
    /// `params`, `format`).
    Jsonl,
    /// Firebase `auth:export` output: `{"users":[{"localId","email","passwordHash","salt"}]}`, or
    /// its header-less CSV form. The project's hash parameters come from [`Options::params`].
    Firebase,
    /// Keycloak realm export (`kc.sh export`, or the admin console's partial export): the
    /// `password` credentials of `{"users":[...]}`.
    Keycloak,
    /// Auth0's password-hash export (NDJSON with `passwordHash`), or an Auth0 bulk-import file
    /// (a JSON array whose users carry `custom_password_hash`).
    Auth0,
    /// Django `manage.py dumpdata` output, JSON array or `--format jsonl`: every object whose
    /// `fields` has a `password`.
    Django,
}

impl Format {
    /// Every format, in the order of this enum.
    pub const ALL: [Format; 9] = [
        Format::Shadow,
        Format::Htpasswd,
        Format::Ldif,
        Format::Csv,
        Format::Jsonl,
        Format::Firebase,
        Format::Keycloak,
        Format::Auth0,
        Format::Django,
    ];

    /// The lower-case name the CLI uses.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Shadow => "shadow",
            Format::Htpasswd => "htpasswd",
            Format::Ldif => "ldif",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Firebase => "firebase",
            Format::Keycloak => "keycloak",
            Format::Auth0 => "auth0",
            Format::Django => "django",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.to_ascii_lowercase();
        let alias = match s.as_str() {
            "passwd" => "shadow",
            "htdigest" => "htpasswd",
            "ndjson" => "jsonl",
            other => other,
        };
        Format::ALL
            .into_iter()
            .find(|f| f.name() == alias)
            .ok_or_else(|| {
                Error::unsupported(
                    "export format; expected one of shadow, htpasswd, ldif, csv, jsonl, \
                     firebase, keycloak, auth0, django",
                )
            })
    }
}

/// How to read an export.
#[derive(Clone, Debug)]
pub struct Options {
    /// Largest input one account may take, in bytes (a line, an LDIF entry, a CSV record, a JSON
    /// element). Default [`DEFAULT_MAX_RECORD_BYTES`].
    pub max_record_bytes: usize,
    /// Parameters added to every credential: the project-wide settings an export leaves out
    /// (Firebase's `base64_signer_key`, `base64_salt_separator`, `rounds`, `mem_cost`). Values in
    /// a record win over these.
    pub params: Params,
    /// A scheme hint for every credential that has none (bare digests in a CSV, say).
    pub scheme: Option<String>,
    /// CSV column names, when the header does not use the usual ones.
    pub columns: Columns,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            params: Params::new(),
            scheme: None,
            columns: Columns::default(),
        }
    }
}

/// One account of an export.
#[derive(Clone, Debug)]
pub struct Account {
    /// The login name, e-mail address or id the export gives for the account.
    pub user: Option<String>,
    /// The stored password credential; `None` when the account has no password hash (see
    /// [`Account::note`]).
    pub credential: Option<Credential>,
    /// The account is locked (`!` in a shadow file, `enabled: false`, `disabled: true`); its hash
    /// is still reported, since unlocking it keeps the password.
    pub locked: bool,
    /// Why there is no credential, or what else the reader noticed about it.
    pub note: Option<&'static str>,
    /// What the export says about the user besides the password.
    pub profile: Profile,
}

impl Account {
    fn with_hash(user: Option<String>, cred: Credential) -> Self {
        Account {
            user,
            credential: Some(cred),
            locked: false,
            note: None,
            profile: Profile::default(),
        }
    }

    /// The account with `profile`.
    fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The account with its user name as the profile's (formats whose only field it is).
    fn named(mut self) -> Self {
        self.profile.username.clone_from(&self.user);
        self
    }

    fn without_hash(user: Option<String>, note: &'static str) -> Self {
        Account {
            user,
            credential: None,
            locked: false,
            note: Some(note),
            profile: Profile::default(),
        }
    }
}

/// An account, or why the record holding it could not be read, at its place in the input.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Where the record starts: the 1-based line number for line formats (shadow, htpasswd,
    /// LDIF, CSV, JSON lines), the 1-based index in the users array for JSON documents.
    pub position: u64,
    /// The account.
    pub account: Result<Account, Error>,
}

/// Why reading stopped before the end of the input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The input could not be read.
    #[error("i/o error: {0}")]
    Io(#[from] io::Error),
    /// The input is not a document of the format, or one record is over the size limit, and
    /// the reader cannot find the next record.
    #[error("{0}")]
    Invalid(Error),
}

/// Read every account of `input` as `format`, handing each to `sink` in input order. Returns
/// the number of entries handed over.
///
/// # Errors
/// [`ExportError::Io`] when `input` cannot be read; [`ExportError::Invalid`] when it is not a
/// document of `format` or a record is over the size limit and the next one cannot be found.
/// A broken record that the reader can skip is not an error: it is handed to `sink` as an
/// entry with its error.
///
/// ```
/// use hashbridge::toolkit::export::{self, Format, Options};
/// let shadow = "root:*:19000:0:99999:7:::\n\
///               alice:$1$saltsalt$vpUBuuBXmwvZD8PhLfpQf1:19000:0:99999:7:::\n";
/// let mut users = Vec::new();
/// export::read(Format::Shadow, shadow.as_bytes(), &Options::default(), |e| {
///     let a = e.account.unwrap();
///     users.push((a.user.unwrap(), a.credential.is_some()));
/// })
/// .unwrap();
/// assert_eq!(users, [("root".to_owned(), false), ("alice".to_owned(), true)]);
/// ```
pub fn read(
    format: Format,
    input: impl BufRead,
    options: &Options,
    mut sink: impl FnMut(Entry),
) -> Result<u64, ExportError> {
    let mut count = 0u64;
    let mut counted = |e: Entry| {
        count += 1;
        sink(e);
    };
    let mut input = input;
    match format {
        Format::Shadow => shadow::read_shadow(&mut input, options, &mut counted)?,
        Format::Htpasswd => shadow::read_htpasswd(&mut input, options, &mut counted)?,
        Format::Ldif => ldif::read(&mut input, options, &mut counted)?,
        Format::Csv => csv::read(&mut input, options, &mut counted)?,
        Format::Jsonl => jsonl::read(&mut input, options, &mut counted)?,
        Format::Firebase => firebase::read(&mut input, options, &mut counted)?,
        Format::Keycloak => keycloak::read(&mut input, options, &mut counted)?,
        Format::Auth0 => auth0::read(&mut input, options, &mut counted)?,
        Format::Django => django::read(&mut input, options, &mut counted)?,
    }
    Ok(count)
}

/// Where an account's record failed: a `malformed` error naming the format and field.
fn malformed(format: Format, field: &'static str, reason: impl Into<String>) -> Error {
    Error::malformed(format.name(), field, reason.into())
}

/// The error for a record over [`Options::max_record_bytes`].
fn too_long(format: Format, limit: usize) -> Error {
    over_limit(format, "record bytes", limit)
}

/// The error for input that took more than `limit` bytes of what `param` names. Every byte
/// limit of the readers derives from [`Options::max_record_bytes`], the setting that raises it.
fn over_limit(format: Format, param: &'static str, limit: usize) -> Error {
    let limit = limit as u64;
    Error::limit(
        format.name(),
        param,
        limit.saturating_add(1),
        limit,
        "export::Options::max_record_bytes",
    )
}

/// Finish a credential read from a record: the options' parameters under the record's own, the
/// options' scheme hint when the record gave none.
fn complete(mut cred: Credential, options: &Options) -> Credential {
    if !options.params.is_empty() {
        let mut params = options.params.clone();
        for (k, v) in cred.params().iter() {
            params.insert(k, v);
        }
        cred = cred.with_params(params);
    }
    if cred.scheme().is_none()
        && let Some(s) = &options.scheme
    {
        cred = cred.with_scheme(s.clone());
    }
    cred
}

/// The first byte of the input that is not white space (and not a UTF-8 byte-order mark),
/// without consuming it; `None` for empty input. Tells a JSON document from JSON lines.
fn first_byte(input: &mut dyn BufRead) -> io::Result<Option<u8>> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        if buf.starts_with(b"\xEF\xBB\xBF") {
            input.consume(3);
            continue;
        }
        let skip = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if skip < buf.len() {
            let b = buf[skip];
            input.consume(skip);
            return Ok(Some(b));
        }
        let n = buf.len();
        input.consume(n);
    }
}

/// How many times the record limit a skipped JSON member may take. Skipping stores nothing but
/// one byte per open bracket (serde_json's stack of nesting levels), so this bounds that stack;
/// it leaves room for the large non-user parts of a realm export (clients, roles, groups).
const SKIP_FACTOR: usize = 64;

/// Counts the bytes taken from the input since the current record began, and fails the read
/// once a record takes more than its limit: the one bound that holds for every parser behind it
/// (serde_json, csv), whatever they allocate for a record.
struct Meter {
    used: Cell<usize>,
    record_limit: usize,
    skipping: Cell<bool>,
    /// Set when a read was refused: whether a skipped stretch (rather than a record) was over
    /// its limit.
    tripped: Cell<Option<bool>>,
}

impl Meter {
    fn new(limit: usize) -> Self {
        Meter {
            used: Cell::new(0),
            record_limit: limit,
            skipping: Cell::new(false),
            tripped: Cell::new(None),
        }
    }

    /// A new record begins.
    fn reset(&self) {
        self.used.set(0);
    }

    /// Enter or leave a stretch of input that is skipped without being stored, which may take
    /// [`SKIP_FACTOR`] times the record limit.
    fn skipping(&self, skipping: bool) {
        self.used.set(0);
        self.skipping.set(skipping);
    }

    /// The limit of a skipped stretch.
    fn skip_limit(&self) -> usize {
        self.record_limit.saturating_mul(SKIP_FACTOR)
    }

    /// The limit in force: the record limit, or a skipped stretch's.
    fn limit(&self) -> usize {
        if self.skipping.get() {
            self.skip_limit()
        } else {
            self.record_limit
        }
    }

    fn tripped(&self) -> bool {
        self.tripped.get().is_some()
    }

    /// The error for the limit that refused a read, naming that limit: a skipped stretch's is
    /// not the record limit.
    fn limit_error(&self, format: Format) -> Error {
        if self.tripped.get() == Some(true) {
            over_limit(format, "skipped member bytes", self.skip_limit())
        } else {
            too_long(format, self.record_limit)
        }
    }
}

/// A reader that reports what it reads to a [`Meter`].
struct Metered<'m, R> {
    inner: R,
    meter: &'m Meter,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let m = self.meter;
        if m.used.get() > m.limit() {
            m.tripped.set(Some(m.skipping.get()));
            return Err(io::Error::other("record over the size limit"));
        }
        let n = self.inner.read(buf)?;
        m.used.set(m.used.get().saturating_add(n));
        Ok(n)
    }
}

/// Read line-oriented input: `each(line_number, line)` for every line that is not blank, an
/// error entry for a line over the limit or not UTF-8.
fn each_line(
    input: &mut dyn BufRead,
    format: Format,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
    mut each: impl FnMut(u64, &str) -> Option<Result<Account, Error>>,
) -> Result<(), ExportError> {
    use crate::toolkit::batch::{Line, read_line, skip_bom};
    skip_bom(input)?;
    let mut number = 0u64;
    while let Some(line) = read_line(input, options.max_record_bytes)? {
        number += 1;
        let account = match line {
            Line::Text(t) if t.trim().is_empty() => continue,
            Line::Text(t) => match each(number, &t) {
                Some(a) => a,
                None => continue,
            },
            Line::TooLong => Err(too_long(format, options.max_record_bytes)),
            Line::NotUtf8 => Err(malformed(format, "line", "not valid UTF-8")),
        };
        sink(Entry {
            position: number,
            account,
        });
    }
    Ok(())
}

/// A string member of a JSON object, `None` when absent, null or not a string.
fn str_field<'v>(
    obj: &'v serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'v str> {
    obj.get(key).and_then(serde_json::Value::as_str)
}

/// The first of `keys` that is a non-empty string member of `obj`.
fn first_str(obj: &serde_json::Map<String, serde_json::Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| str_field(obj, k))
        .find(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An entry as one JSON line in the batch record format, ready for `identify --batch` (or for
/// `verify --batch` once a `password` is added):
/// `{"record":N,"id":user,"username":..,"hash":..,"salt":..,"salt_encoding":..,"params":{..},
/// "format":..,"locked":..,"profile":{..},"note":..}`, or `{"record":N,"error":{"kind":..,"message":..}}`.
/// A salt that is not UTF-8 text is written in base64 with `"salt_encoding":"base64"`.
pub fn entry_json(entry: &Entry) -> String {
    serde_json::Value::Object(entry_object(entry)).to_string()
}

/// The error member of a record or answer: `{"kind":..,"message":..}`.
pub(crate) fn error_value(err: &crate::error::Error) -> serde_json::Value {
    serde_json::json!({"kind": err.kind().as_str(), "message": err.to_string()})
}

/// [`entry_json`] as a JSON object, for callers that add members.
pub fn entry_object(entry: &Entry) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::{Map, Value, json};
    let mut m = Map::new();
    m.insert("record".into(), json!(entry.position));
    match &entry.account {
        Err(e) => {
            m.insert("error".into(), error_value(e));
        }
        Ok(a) => {
            let id = a.user.clone().map_or(json!(entry.position), Value::String);
            m.insert("id".into(), id);
            if let Some(c) = &a.credential {
                if let Some(u) = c.username() {
                    m.insert("username".into(), json!(u));
                }
                m.insert("hash".into(), json!(c.hash()));
                if let Some(salt) = c.salt() {
                    match std::str::from_utf8(salt) {
                        Ok(text) => {
                            m.insert("salt".into(), json!(text));
                        }
                        Err(_) => {
                            m.insert(
                                "salt".into(),
                                json!(crate::encoding::b64::encode(
                                    &crate::encoding::b64::STANDARD,
                                    salt
                                )),
                            );
                            m.insert("salt_encoding".into(), json!("base64"));
                        }
                    }
                }
                if !c.params().is_empty() {
                    let p: Map<String, Value> = c
                        .params()
                        .iter()
                        .map(|(k, v)| (k.to_owned(), json!(v)))
                        .collect();
                    m.insert("params".into(), Value::Object(p));
                }
                if let Some(f) = c.scheme() {
                    m.insert("format".into(), json!(f));
                }
            } else {
                m.insert("hash".into(), Value::Null);
            }
            if a.locked {
                m.insert("locked".into(), json!(true));
            }
            if !a.profile.is_empty() {
                m.insert("profile".into(), Value::Object(a.profile.to_json()));
            }
            if let Some(n) = a.note {
                m.insert("note".into(), json!(n));
            }
        }
    }
    m
}

#[cfg(test)]
mod tests;
