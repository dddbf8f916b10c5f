//! Converting an export into a platform's import format, with the user's profile mapped
//! across, and proving before anything is uploaded that every converted record describes the
//! same hash (the `convert` command).
//!
//! One module per target, each citing the platform's documented import format:
//! [`auth0`], [`okta`], [`firebase`], [`keycloak`], [`clerk`], [`workos`], [`supabase`], and
//! [`hashbridge`] (the normalised batch records, for platforms that can only migrate lazily
//! through a hook backed by this library). Each is tested against the platform's own examples
//! or data (`tests/data/platforms`, with their sources in its README): the examples verify
//! through this library's verifier of the format, and the writer emits their shape.
//!
//! How a run goes, streaming (memory stays flat whatever the number of users):
//! 1. Each account of the export is described ([`crate::schemes`]' portable description: the
//!    hashing step, its salt and costs, and the digest).
//! 2. The target writes it in its own terms, or refuses it with the reason (an algorithm the
//!    platform cannot verify, a field it requires that the export lacks). A refused record is
//!    never dropped: it goes to `rejects.jsonl` with its record number and reason, and the
//!    summary counts the users who must then migrate lazily.
//! 3. **Self-test.** The written record is parsed back from its text (for Firebase, with the
//!    command line written beside its file), the way the target's importer reads it, and read
//!    by this library's own verifier of the target's format (`auth0_custom_password_hash`,
//!    `okta_password_hash`, `firebase_scrypt`, `keycloak_pbkdf2`, `keycloak_argon2`, bcrypt,
//!    argon2, ...) and described again: it must describe the same hash (same step, same
//!    digest). Once per hash configuration a probe
//!    password is hashed with the source's step, written in the target's format and verified
//!    there (and a wrong one refused), which catches any disagreement on encodings, salt order
//!    or parameters between the writer and the verifier. With test accounts whose passwords
//!    are known, each is verified through its converted record. Any mismatch stops the run,
//!    naming the record.
//! 4. Every file is written into a staging directory and moved into the output directory only
//!    when the whole run has passed ([`output`]): an interrupted run leaves no half import, and
//!    a re-run leaves no surplus part of an earlier one beside its own.
//!
//! Alongside the import files: `rejects.jsonl` and `summary.json`.

pub mod auth0;
pub mod clerk;
pub mod firebase;
mod forms;
pub mod hashbridge;
pub mod keycloak;
mod mapping;
pub mod okta;
pub mod output;
#[cfg(test)]
mod platforms;
mod selftest;
pub mod supabase;
pub mod workos;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, BufRead};
use std::path::Path;
use std::rc::Rc;
use std::str::FromStr;

use serde::Serialize;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

pub use self::output::FileInfo;
use self::output::{Series, Staging};
use crate::credential::Credential;
use crate::error::Error;
use crate::migrator::Migrator;
use crate::schemes::portable::Portable;
use crate::toolkit::export::{self, Account, Entry, ExportError, Format};

pub(crate) use self::mapping::{Mapping, Time};

/// Bytes in standard base64 with padding (what most import formats take).
pub(crate) fn b64(bytes: &[u8]) -> String {
    crate::encoding::b64::encode(&crate::encoding::b64::STANDARD_PADDED, bytes)
}

/// Bytes in standard base64 without padding (PHC strings).
pub(crate) fn b64_nopad(bytes: &[u8]) -> String {
    crate::encoding::b64::encode(&crate::encoding::b64::STANDARD_NO_PAD, bytes)
}

/// A record's JSON text.
pub(crate) fn text(v: Map<String, Value>) -> String {
    Value::Object(v).to_string()
}

/// The platforms there are import writers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// Auth0 bulk user import (`POST /api/v2/jobs/users-imports`) JSON files.
    Auth0,
    /// Okta Users API create-user bodies, one per line.
    Okta,
    /// Firebase `auth:import` files, one per hash configuration, each with its command line.
    Firebase,
    /// Keycloak realm partial-import JSON.
    Keycloak,
    /// Clerk Backend API create-user bodies, one per line.
    Clerk,
    /// WorkOS User Management create-user bodies, one per line.
    Workos,
    /// Supabase `auth.users` rows as SQL.
    Supabase,
    /// The normalised batch records of this library (lazy migration through a hook).
    Hashbridge,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 8] = [
        Target::Auth0,
        Target::Okta,
        Target::Firebase,
        Target::Keycloak,
        Target::Clerk,
        Target::Workos,
        Target::Supabase,
        Target::Hashbridge,
    ];

    /// The lower-case name the CLI uses.
    pub const fn name(self) -> &'static str {
        match self {
            Target::Auth0 => "auth0",
            Target::Okta => "okta",
            Target::Firebase => "firebase",
            Target::Keycloak => "keycloak",
            Target::Clerk => "clerk",
            Target::Workos => "workos",
            Target::Supabase => "supabase",
            Target::Hashbridge => "hashbridge",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.to_ascii_lowercase();
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                Error::unsupported(
                    "convert target; expected one of auth0, okta, firebase, keycloak, clerk, \
                     workos, supabase, hashbridge",
                )
            })
    }
}

/// How to convert.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--map SOURCE=TARGET` overrides of the target's default field map, in order; `None`
    /// drops the field.
    pub map: Vec<(String, Option<String>)>,
    /// Test accounts whose passwords are known, by user (the export's user name, e-mail or
    /// id): each is verified through its converted record.
    pub check_passwords: BTreeMap<String, Zeroizing<String>>,
    /// Largest Auth0 import file in bytes (default [`auth0::FILE_LIMIT`]).
    pub auth0_file_limit: Option<u64>,
    /// Users per file for the targets whose files are one JSON document (default 10,000).
    pub users_per_file: Option<u64>,
}

/// A record the target cannot take, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// A stable class for counting (`unsupported_hash`, `missing_field`, `too_large`, ...).
    pub class: &'static str,
    /// What exactly, for the rejects file.
    pub reason: String,
}

impl Refusal {
    pub(crate) fn new(class: &'static str, reason: impl Into<String>) -> Self {
        Refusal {
            class,
            reason: reason.into(),
        }
    }

    /// The target cannot verify this hash natively.
    pub(crate) fn hash(target: Target, what: impl fmt::Display) -> Self {
        Refusal::new(
            "unsupported_hash",
            format!("{target} cannot verify {what}; migrate this user lazily"),
        )
    }

    /// The target requires a field the record lacks.
    pub(crate) fn missing(target: Target, field: &str) -> Self {
        Refusal::new(
            "missing_field",
            format!(
                "{target} requires {field}, which this record lacks (map a field to it with --map)"
            ),
        )
    }
}

/// Counts for one scheme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchemeCounts {
    /// Users converted with this scheme's hash.
    pub converted: u64,
    /// Users refused.
    pub rejected: u64,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The target.
    pub target: String,
    /// Entries read from the export.
    pub entries: u64,
    /// Users written to the import files.
    pub converted: u64,
    /// Of those, with a password hash.
    pub with_password: u64,
    /// Of those, without one (they sign in another way or reset their password).
    pub without_password: u64,
    /// Records written to the rejects file (unreadable ones included).
    pub rejected: u64,
    /// Rejects by class.
    pub rejected_by_class: BTreeMap<String, u64>,
    /// Rejected users who have a password hash: they must migrate lazily (on their next
    /// login, through a hook) instead.
    pub migrate_lazily: u64,
    /// Records the export reader could not read.
    pub unreadable: u64,
    /// Converted records read back and found to describe the source's hash.
    pub self_tested: u64,
    /// Hash configurations probed with a computed password.
    pub probes: u64,
    /// Test accounts verified through their converted record.
    pub passwords_checked: u64,
    /// Test accounts given whose record was not converted (rejected, or not in the export).
    pub passwords_unchecked: Vec<String>,
    /// Counts by source scheme.
    pub schemes: BTreeMap<String, SchemeCounts>,
    /// The files written.
    pub files: Vec<FileInfo>,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The output could not be written, or the input read.
    #[error("i/o error: {0}")]
    Io(#[from] io::Error),
    /// The export reader could not go on.
    #[error("reading stopped: {0}")]
    Read(ExportError),
    /// A converted record does not describe the source's hash, or a test password does not
    /// verify through it. Nothing was written.
    #[error("self-test failed at record {position} ({user}): {reason}")]
    SelfTest {
        /// The record's position in the export.
        position: u64,
        /// The user.
        user: String,
        /// What differs.
        reason: String,
    },
    /// The options are unusable.
    #[error("{0}")]
    Config(Error),
}

/// One account handed to a target writer.
pub(crate) struct Source<'a> {
    pub(crate) position: u64,
    pub(crate) account: &'a Account,
    /// The stored credential (an LDIF line unwrapped), if any.
    pub(crate) credential: Option<&'a Credential>,
    /// Its portable description; `None` without a credential.
    pub(crate) legacy: Option<&'a Portable>,
}

/// A record in the target's format.
pub(crate) struct Encoded {
    /// The record as it is written (one JSON document, or an SQL row).
    pub(crate) text: String,
    /// Which of the target's files it goes to (targets with one list ignore it); for Firebase,
    /// the hash configuration its file's command line states.
    pub(crate) part: String,
}

/// What turns an account into a target's record, and reads a written record back.
pub(crate) trait Encoder {
    /// The record for `src`, or why the target cannot take it. Pure: the self-test calls it
    /// for probes too.
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal>;
    /// The password hash of a written record as a credential of one of this library's
    /// schemes, read from the record's text alone (and, for Firebase, from the command line
    /// its file is imported with), the way the target's importer reads it: the self-test
    /// checks what was written, not what the encoder meant to write. `None` when the record
    /// has no password hash.
    ///
    /// # Errors
    /// Why the text is not a record of the target's format with a hash it takes.
    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String>;
    /// Whether a record needs a portable description of its hash (all but the `hashbridge`
    /// target, which keeps the credential as it is).
    fn needs_description(&self) -> bool {
        true
    }
}

/// A target's writer: its encoder and its files.
pub(crate) trait Writer: Encoder {
    /// Append an encoded record to the output.
    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError>;
    /// Close the files.
    fn finish(&mut self, out: &mut Staging) -> io::Result<()>;
    /// Whether `name` is the name of a file this target writes (in any run): an earlier
    /// run's file of such a name that this run did not write is removed at commit.
    fn owns(&self, name: &str) -> bool;
}

/// A target whose users all go to one list of files.
pub(crate) struct OneList<E> {
    encoder: E,
    users: Series,
}

impl<E: Encoder> Encoder for OneList<E> {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        self.encoder.encode(src)
    }

    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        self.encoder.read_back(rec)
    }

    fn needs_description(&self) -> bool {
        self.encoder.needs_description()
    }
}

impl<E: Encoder> Writer for OneList<E> {
    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        Ok(self.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.users.finish(out)
    }

    fn owns(&self, name: &str) -> bool {
        self.users.owns(name)
    }
}

/// Why a record could not be written.
pub(crate) enum WriteError {
    Io(io::Error),
    Refused(Refusal),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

fn writer(target: Target, options: &Options, map: Mapping) -> Box<dyn Writer> {
    let per_file = options.users_per_file.unwrap_or(10_000).max(1);
    fn one<E: Encoder + 'static>(encoder: E, users: Series) -> Box<dyn Writer> {
        Box::new(OneList { encoder, users })
    }
    match target {
        Target::Auth0 => Box::new(auth0::Auth0::new(
            map,
            options.auth0_file_limit.unwrap_or(auth0::FILE_LIMIT),
        )),
        Target::Okta => Box::new(okta::Okta::new(map)),
        Target::Firebase => Box::new(firebase::Firebase::new(map)),
        Target::Keycloak => one(keycloak::Keycloak(map), keycloak::files(per_file)),
        Target::Clerk => one(clerk::Clerk(map), Series::lines("users")),
        Target::Workos => one(workos::Workos(map), Series::lines("users")),
        Target::Supabase => one(
            supabase::Supabase(map),
            supabase::files(options.users_per_file.unwrap_or(100_000).max(1)),
        ),
        Target::Hashbridge => one(hashbridge::Hashbridge, Series::lines("users")),
    }
}

/// The default field map of `target`, before `--map` overrides.
pub(crate) fn default_map(target: Target) -> Mapping {
    match target {
        Target::Auth0 => auth0::mapping(),
        Target::Okta => okta::mapping(),
        Target::Firebase => firebase::mapping(),
        Target::Keycloak => keycloak::mapping(),
        Target::Clerk => clerk::mapping(),
        Target::Workos => workos::mapping(),
        Target::Supabase => supabase::mapping(),
        Target::Hashbridge => Mapping::new(&[], Time::Iso),
    }
}

/// A reader that fails once `stop` is set, so that an export reader ends at the next read.
struct Stoppable<R> {
    inner: R,
    stop: Rc<Cell<bool>>,
}

impl<R: io::Read> io::Read for Stoppable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.get() {
            return Err(io::Error::other("stopped"));
        }
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Stoppable<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.stop.get() {
            return Err(io::Error::other("stopped"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
    }
}

/// The run's state.
struct Run<'a> {
    target: Target,
    migrator: &'a Migrator,
    options: &'a Options,
    writer: Box<dyn Writer>,
    out: Staging,
    rejects: Series,
    summary: Summary,
    probed: BTreeSet<String>,
    checked: BTreeSet<String>,
}

/// Convert every account of `input` (an export in `format`, read with `export`) into
/// `target`'s import files in `out_dir`, checking each converted record with `migrator`
/// (whose registry must read the target's format: the default one does; build it without
/// rehashing). `progress` is called with the number of entries read.
///
/// # Errors
/// [`ConvertError::SelfTest`] when a converted record does not describe the source's hash or
/// a test password does not verify through it; [`ConvertError::Read`] when the export cannot
/// be read on; [`ConvertError::Io`] for the output. Nothing is moved into `out_dir` then.
#[allow(
    clippy::too_many_arguments,
    reason = "the export, the target and where to write: each a separate decision of the caller"
)]
pub fn convert(
    format: Format,
    input: impl BufRead,
    export_options: &export::Options,
    target: Target,
    options: &Options,
    migrator: &Migrator,
    out_dir: &Path,
    mut progress: impl FnMut(u64),
) -> Result<Summary, ConvertError> {
    let mut map = default_map(target);
    for (field, path) in &options.map {
        map.set(field, path.as_deref())
            .map_err(ConvertError::Config)?;
    }
    let closed = match target {
        Target::Auth0 => Some(auth0::USER_MEMBERS),
        Target::Firebase => Some(firebase::ALLOWED_JSON_KEYS),
        _ => None,
    };
    if let Some(members) = closed {
        map.within(target.name(), members)
            .map_err(ConvertError::Config)?;
    }
    let mut run = Run {
        target,
        migrator,
        options,
        writer: writer(target, options, map),
        out: Staging::new(out_dir)?,
        rejects: Series::lines("rejects"),
        summary: Summary {
            target: target.name().to_owned(),
            ..Summary::default()
        },
        probed: BTreeSet::new(),
        checked: BTreeSet::new(),
    };
    let stop = Rc::new(Cell::new(false));
    let mut failure: Option<ConvertError> = None;
    let reader = Stoppable {
        inner: input,
        stop: Rc::clone(&stop),
    };
    let read = export::read(format, reader, export_options, |entry| {
        if failure.is_some() {
            return;
        }
        if let Err(e) = run.entry(&entry) {
            failure = Some(e);
            stop.set(true);
        }
        progress(run.summary.entries);
    });
    if let Some(e) = failure {
        return Err(e);
    }
    read.map_err(ConvertError::Read)?;
    run.finish()
}

impl Run<'_> {
    fn entry(&mut self, entry: &Entry) -> Result<(), ConvertError> {
        self.summary.entries += 1;
        let account = match &entry.account {
            Ok(a) => a,
            Err(e) => {
                self.summary.unreadable += 1;
                return self.reject(
                    entry.position,
                    None,
                    None,
                    false,
                    &Refusal::new("unreadable", e.to_string()),
                );
            }
        };
        let cred = match account.credential.clone().map(export::unwrap_ldif_line) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                return self.reject(
                    entry.position,
                    Some(account),
                    None,
                    true,
                    &Refusal::new("unreadable_hash", e.to_string()),
                );
            }
        };
        let mut scheme_id: Option<String> = None;
        let legacy = match &cred {
            None => None,
            Some(c) => match self.describe(c) {
                Ok((id, d)) => {
                    scheme_id = Some(id);
                    d
                }
                Err((id, refusal)) => {
                    return self.reject(
                        entry.position,
                        Some(account),
                        id.as_deref(),
                        true,
                        &refusal,
                    );
                }
            },
        };
        let src = Source {
            position: entry.position,
            account,
            credential: cred.as_ref(),
            legacy: legacy.as_ref(),
        };
        // A refusal by the encoder, or by the writer (a record over a file limit), is a reject.
        let written = match self.writer.encode(&src) {
            Ok(encoded) => {
                selftest::check(self, &src, &encoded, scheme_id.as_deref())?;
                match self.writer.write(encoded, &mut self.out) {
                    Ok(()) => Ok(()),
                    Err(WriteError::Io(e)) => return Err(e.into()),
                    Err(WriteError::Refused(refusal)) => Err(refusal),
                }
            }
            Err(refusal) => Err(refusal),
        };
        if let Err(refusal) = written {
            return self.reject(
                entry.position,
                Some(account),
                scheme_id.as_deref(),
                cred.is_some(),
                &refusal,
            );
        }
        self.summary.converted += 1;
        if cred.is_some() {
            self.summary.with_password += 1;
        } else {
            self.summary.without_password += 1;
        }
        if let Some(id) = scheme_id {
            self.summary.schemes.entry(id).or_default().converted += 1;
        }
        Ok(())
    }

    /// The scheme a credential is in and its description (`None` for the `hashbridge`
    /// target, which keeps credentials it cannot describe); or the refusal.
    #[allow(
        clippy::type_complexity,
        reason = "the scheme id travels with either answer"
    )]
    fn describe(
        &self,
        cred: &Credential,
    ) -> Result<(String, Option<Portable>), (Option<String>, Refusal)> {
        let scheme = self
            .migrator
            .identify(cred)
            .map_err(|e| (None, Refusal::new("unidentified", e.to_string())))?;
        let id = scheme.id().to_owned();
        if let Err(e) = self.migrator.inspect(scheme, cred) {
            return Err((Some(id), Refusal::new("unreadable_hash", e.to_string())));
        }
        let limits = &self.migrator.policy().limits;
        match crate::schemes::portable::describe(&id, cred, limits) {
            Ok(d) => Ok((id, Some(d))),
            Err(_) if !self.writer.needs_description() => Ok((id, None)),
            Err(e) => Err((
                Some(id.clone()),
                Refusal::new(
                    "unsupported_hash",
                    format!("{}: {e}; migrate this user lazily", self.target),
                ),
            )),
        }
    }

    fn reject(
        &mut self,
        position: u64,
        account: Option<&Account>,
        scheme: Option<&str>,
        has_hash: bool,
        refusal: &Refusal,
    ) -> Result<(), ConvertError> {
        let mut m = Map::new();
        m.insert("record".into(), json!(position));
        if let Some(u) = account.and_then(|a| a.user.as_ref()) {
            m.insert("id".into(), json!(u));
        }
        if let Some(s) = scheme {
            m.insert("scheme".into(), json!(s));
        }
        m.insert("class".into(), json!(refusal.class));
        m.insert("reason".into(), json!(refusal.reason));
        self.rejects
            .push(&mut self.out, &Value::Object(m).to_string())?;
        self.summary.rejected += 1;
        *self
            .summary
            .rejected_by_class
            .entry(refusal.class.to_owned())
            .or_default() += 1;
        if has_hash {
            self.summary.migrate_lazily += 1;
        }
        if let Some(s) = scheme {
            self.summary
                .schemes
                .entry(s.to_owned())
                .or_default()
                .rejected += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, ConvertError> {
        self.writer.finish(&mut self.out)?;
        if self.rejects.parts() == 0 {
            // An empty rejects file says "none" as plainly as a missing one, and replaces the
            // one an earlier run may have left.
            self.out.create("rejects.jsonl")?;
        }
        self.rejects.finish(&mut self.out)?;
        self.summary.passwords_unchecked = self
            .options
            .check_passwords
            .keys()
            .filter(|k| !self.checked.contains(*k))
            .cloned()
            .collect();
        let mut summary = self.summary;
        let h = self.out.create("summary.json")?;
        // The summary lists the other files.
        let writer = &self.writer;
        let files = self.out.commit_with(
            h,
            |others| {
                summary.files = others.to_vec();
                serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
            },
            |name| writer.owns(name),
        )?;
        summary.files = files;
        Ok(summary)
    }
}
