//! Wrapping a whole export (the `wrap` command): every weak hash upgraded without the password
//! by [`Migrator::wrap`], written as the batch records `hashbridge read` writes (same `record`
//! numbers and `id`s, one line per entry), on every core, resumable, and atomic.
//!
//! - **Parallel.** Entries are read in order and handed to one worker per thread; answers come
//!   back in any order and are written in input order. A bounded number of entries is in flight,
//!   so memory stays flat and one slow hash never idles the other workers for long.
//! - **Atomic.** Output goes to `<out>.partial` and is renamed to `<out>` once complete and
//!   synced: an interrupted run never leaves a half-written `<out>`.
//! - **Resumable.** `<out>.partial.json` names the input (path, size, modification time) and
//!   the policy target. A run that finds both for the same input and target keeps the complete
//!   lines of the partial output, skips as many entries of the input (they are read, not hashed
//!   again) and goes on; a partial output of another input or target is refused. Wrapping is
//!   idempotent besides: a wrapped record is recognised and written as it is, so re-running over
//!   a finished output changes nothing.
//!
//! An entry whose hash cannot be wrapped (a scheme without a portable step, a limit) is written
//! unchanged with a `wrap_error` member; an entry that needs no wrapping (already at the policy's
//! strength, or without a password) is written unchanged.
//!
//! [`wrap_line`] wraps one record of a JSONL export by the same decision, for callers that
//! hold records one at a time rather than a file (a partition of a distributed job).

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::credential::Credential;
use crate::migrator::Migrator;
use crate::toolkit::export::{self, Entry, ExportError, Format};

/// What became of the entries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Entries in the input.
    pub entries: u64,
    /// Of those, written by an earlier, interrupted run and kept.
    pub resumed: u64,
    /// Hashes wrapped (or, for plain text, hashed) by this run.
    pub wrapped: u64,
    /// Hashes that were wrapped already.
    pub already_wrapped: u64,
    /// Hashes at the policy's strength, kept as they are.
    pub strong: u64,
    /// Accounts without a password hash.
    pub without_hash: u64,
    /// Hashes that could not be wrapped, by error kind (written with `wrap_error`).
    pub not_wrapped: BTreeMap<String, u64>,
    /// Entries the export reader could not read.
    pub unreadable: u64,
}

/// Progress: entries written, and input bytes read so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Entries written (resumed ones included).
    pub written: u64,
    /// Input bytes consumed.
    pub bytes: u64,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WrapError {
    /// Reading the input or writing the output failed.
    #[error("i/o error: {0}")]
    Io(#[from] io::Error),
    /// The export reader could not go on.
    #[error("reading stopped: {0}")]
    Read(ExportError),
    /// A partial output of another input or policy is in the way.
    #[error("{0}")]
    Resume(String),
}

/// What a partial output was made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Origin {
    input: String,
    size: u64,
    modified_ns: u128,
    target: String,
}

impl Origin {
    fn of(input: &Path, migrator: &Migrator) -> io::Result<Self> {
        let meta = fs::metadata(input)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Ok(Origin {
            input: fs::canonicalize(input)?.display().to_string(),
            size: meta.len(),
            modified_ns,
            target: format!("{:?}", migrator.policy().target),
        })
    }
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    out.with_file_name(name)
}

/// Keep the complete lines of a partial output (truncating a torn last line); their count.
fn complete_lines(path: &Path) -> io::Result<u64> {
    let mut f = OpenOptions::new().read(true).write(true).open(path)?;
    let mut lines = 0u64;
    let mut good = 0u64;
    let mut pos = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                lines += 1;
                good = pos + i as u64 + 1;
            }
        }
        pos += n as u64;
    }
    if good != pos {
        f.set_len(good)?;
    }
    f.seek(SeekFrom::End(0))?;
    Ok(lines)
}

/// A reader that counts the bytes taken from it.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        self.inner.consume(n);
    }
}

/// What became of one entry.
enum Fate {
    Wrapped,
    Already,
    Strong,
    NoHash,
    Failed(&'static str),
    Unreadable,
}

impl Fate {
    /// The [`Stats`] field that counts entries of this fate: the `status` of [`wrap_line`].
    fn name(&self) -> &'static str {
        match self {
            Fate::Wrapped => "wrapped",
            Fate::Already => "already_wrapped",
            Fate::Strong => "strong",
            Fate::NoHash => "without_hash",
            Fate::Failed(_) => "not_wrapped",
            Fate::Unreadable => "unreadable",
        }
    }
}

/// What to do with one entry: keep it as it is (its fate says why), replace its credential
/// with the wrapped one, or keep it with the error that stopped the wrap.
enum Decision {
    Keep(Fate),
    Wrap(Credential),
    Fail(crate::error::Error),
}

/// The decision for one entry. Shared by [`wrap`] and [`wrap_line`], so that a record wrapped
/// one at a time (a partition of a distributed job) is wrapped exactly as the command line
/// wraps it.
fn decide(migrator: &Migrator, entry: &Entry) -> Decision {
    let Ok(account) = &entry.account else {
        return Decision::Keep(Fate::Unreadable);
    };
    let Some(cred) = &account.credential else {
        return Decision::Keep(Fate::NoHash);
    };
    let result = export::unwrap_ldif_line(cred.clone()).and_then(|c| {
        let scheme = migrator.identify(&c)?.id().to_owned();
        Ok((scheme, migrator.wrap(&c)?))
    });
    match result {
        Ok((scheme, None)) if scheme == crate::schemes::wrapped::ID => {
            Decision::Keep(Fate::Already)
        }
        Ok((_, None)) => Decision::Keep(Fate::Strong),
        // The wrapped string carries the legacy salt and scheme; the parameters (a Firebase
        // signer key) and the user name are still needed beside it.
        Ok((_, Some(wrapped))) => {
            let mut c = Credential::new(wrapped).with_params(cred.params().clone());
            if let Some(u) = cred.username() {
                c = c.with_username(u.to_owned());
            }
            Decision::Wrap(c)
        }
        Err(err) => Decision::Fail(err),
    }
}

/// The output line of one entry.
fn wrap_entry(migrator: &Migrator, entry: Entry) -> (String, Fate) {
    match decide(migrator, &entry) {
        Decision::Keep(fate) => (export::entry_json(&entry), fate),
        Decision::Wrap(c) => {
            let e = Entry {
                position: entry.position,
                account: entry.account.map(|mut a| {
                    a.credential = Some(c);
                    a
                }),
            };
            (export::entry_json(&e), Fate::Wrapped)
        }
        Decision::Fail(err) => {
            let mut m = export::entry_object(&entry);
            m.insert("wrap_error".into(), export::error_value(&err));
            (
                Value::Object(m).to_string(),
                Fate::Failed(err.kind().as_str()),
            )
        }
    }
}

/// Wrap one batch record (a line of a JSONL export) as [`wrap`] wraps the entries of an export
/// read `--from jsonl`, and answer with one JSON line: `{"id":..,"status":"wrapped","hash":..}`
/// with the wrapped credential, which replaces the record's `hash` (its `salt`,
/// `salt_encoding` and `format` no longer apply: the wrapped string carries them; its
/// `username` and `params` still do); `{"id":..,"status":S}` for a record kept as it is, S
/// being `already_wrapped`, `strong` or `without_hash`; `{"id":..,"status":S,"error":{"kind":..,
/// "message":..}}` with S `not_wrapped` (the record stays as it is and upgrades at the next
/// login) or `unreadable` (the line is not a record). Each status is the name of the [`Stats`]
/// field that counts it, so answers can be tallied as a run's counts.
///
/// The answer names the record by its `id`, or by `"line":number` when it has none to echo
/// (as [`crate::toolkit::record::Key::batch`]). For the callers that hold records one at a
/// time: the Python binding's `wrap_many`, which the distributed recipes run per partition.
pub fn wrap_line(migrator: &Migrator, number: u64, line: &str) -> String {
    #[derive(Deserialize)]
    struct Id {
        #[serde(default)]
        id: Option<Value>,
    }
    let id = serde_json::from_str::<Id>(line).ok().and_then(|r| r.id);
    let entry = Entry {
        position: number,
        account: export::jsonl_account(line, &export::Options::default()),
    };
    let mut m = serde_json::Map::new();
    crate::toolkit::record::Key::batch(id.as_ref(), number).insert_into(&mut m);
    let (fate, hash, error) = match decide(migrator, &entry) {
        Decision::Keep(fate) => {
            let error = match &entry.account {
                Err(e) => Some(export::error_value(e)),
                Ok(_) => None,
            };
            (fate, None, error)
        }
        Decision::Wrap(c) => (Fate::Wrapped, Some(c.hash().to_owned()), None),
        Decision::Fail(err) => (
            Fate::Failed(err.kind().as_str()),
            None,
            Some(export::error_value(&err)),
        ),
    };
    m.insert("status".into(), Value::String(fate.name().to_owned()));
    if let Some(h) = hash {
        m.insert("hash".into(), Value::String(h));
    }
    if let Some(e) = error {
        m.insert("error".into(), e);
    }
    Value::Object(m).to_string()
}

/// Worker results put back in input order and written, with the counts of what was written.
struct InOrder<'s> {
    pending: BTreeMap<u64, (String, Fate)>,
    next: u64,
    stream: &'s mut dyn Write,
    stats: Stats,
    flushed: std::time::Instant,
}

impl InOrder<'_> {
    /// Take result `r`, writing every result now due.
    fn take(&mut self, r: (u64, String, Fate)) -> io::Result<()> {
        self.pending.insert(r.0, (r.1, r.2));
        while let Some((line, fate)) = self.pending.remove(&self.next) {
            self.stream.write_all(line.as_bytes())?;
            self.stream.write_all(b"\n")?;
            let stats = &mut self.stats;
            match fate {
                Fate::Wrapped => stats.wrapped += 1,
                Fate::Already => stats.already_wrapped += 1,
                Fate::Strong => stats.strong += 1,
                Fate::NoHash => stats.without_hash += 1,
                Fate::Unreadable => stats.unreadable += 1,
                Fate::Failed(kind) => {
                    *stats.not_wrapped.entry(kind.to_owned()).or_default() += 1;
                }
            }
            self.next += 1;
        }
        // What is written reaches the file at least twice a second: a killed run loses at
        // most the work of the last half second.
        if self.flushed.elapsed() >= std::time::Duration::from_millis(500) {
            self.stream.flush()?;
            self.flushed = std::time::Instant::now();
        }
        Ok(())
    }
}

/// Where the records go: a file (atomic, resumable) or a stream.
pub enum Output<'a> {
    /// The final path; `<path>.partial` and `<path>.partial.json` are used on the way.
    File(&'a Path),
    /// A stream written as the run goes (no atomicity, no resumption).
    Stream(&'a mut dyn Write),
}

/// Wrap every entry of `input` (an export in `format` read with `export`) with `migrator`'s
/// policy on `threads` workers, writing batch records to `output`. `origin` is the input's
/// path when it is a file (it identifies a partial output for resumption; `None` for a stream,
/// which always starts over). `progress` is called as records are written.
///
/// # Errors
/// [`WrapError::Resume`] for a partial output of another input or target;
/// [`WrapError::Read`] when the export cannot be read on; [`WrapError::Io`].
#[allow(
    clippy::too_many_arguments,
    reason = "the input, its origin, the policy and where to write are separate decisions"
)]
pub fn wrap(
    format: Format,
    input: impl BufRead,
    origin: Option<&Path>,
    export_options: &export::Options,
    migrator: &Migrator,
    threads: usize,
    output: Output<'_>,
    mut progress: impl FnMut(Progress),
) -> Result<Stats, WrapError> {
    let threads = threads.clamp(1, crate::toolkit::batch::MAX_THREADS);
    let mut file_out: Option<(PathBuf, PathBuf, PathBuf)> = None;
    let mut skip = 0u64;
    let mut stream: Box<dyn Write + '_> = match output {
        Output::Stream(w) => Box::new(w),
        Output::File(out) => {
            let partial = sibling(out, ".partial");
            let meta = sibling(out, ".partial.json");
            let here = match origin {
                Some(p) => Some(Origin::of(p, migrator)?),
                None => None,
            };
            let resumable = partial.exists() && here.is_some() && meta.exists();
            if resumable {
                let text = fs::read_to_string(&meta)?;
                let before: Origin = serde_json::from_str(&text).map_err(|_| {
                    WrapError::Resume(format!("{} is not a resume record", meta.display()))
                })?;
                if Some(&before) != here.as_ref() {
                    return Err(WrapError::Resume(format!(
                        "{} was written from another input or policy target ({} {:?}); \
                         remove it and {} to start over",
                        partial.display(),
                        before.input,
                        before.target,
                        meta.display()
                    )));
                }
                skip = complete_lines(&partial)?;
            } else {
                let _ = fs::remove_file(&partial);
                if let Some(h) = &here {
                    fs::write(&meta, serde_json::to_string(h).unwrap_or_default())?;
                }
            }
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&partial)?;
            file_out = Some((out.to_owned(), partial, meta));
            Box::new(BufWriter::with_capacity(1 << 16, f))
        }
    };

    let bytes = Arc::new(AtomicU64::new(0));
    let input = Counting {
        inner: input,
        bytes: Arc::clone(&bytes),
    };
    let in_flight = (threads * 8).max(16) as u64;
    let mut failure: Option<io::Error> = None;
    let mut entries = 0u64;
    let (read, counts) = std::thread::scope(|s| {
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Entry)>(threads * 4);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, res_rx) = mpsc::channel::<(u64, String, Fate)>();
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let res_tx = res_tx.clone();
            s.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, entry)) = job else { break };
                    let position = entry.position;
                    let (line, fate) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(
                        || wrap_entry(migrator, entry),
                    ))
                    .unwrap_or_else(|_| {
                        let line = json!({"record": position, "wrap_error": {"kind": "internal", "message": "the wrap of this record failed"}});
                        (line.to_string(), Fate::Failed("internal"))
                    });
                    if res_tx.send((i, line, fate)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(res_tx);
        let mut sent = 0u64;
        let mut order = InOrder {
            pending: BTreeMap::new(),
            next: 0,
            stream: &mut *stream,
            stats: Stats::default(),
            flushed: std::time::Instant::now(),
        };
        let read = export::read(format, input, export_options, |entry| {
            entries += 1;
            if failure.is_some() || entries <= skip {
                return;
            }
            if job_tx.send((entries - 1 - skip, entry)).is_err() {
                failure = Some(io::Error::other("the workers stopped"));
                return;
            }
            sent += 1;
            loop {
                let r = if sent - order.next >= in_flight {
                    res_rx.recv().ok()
                } else {
                    res_rx.try_recv().ok()
                };
                let Some(r) = r else { break };
                if let Err(e) = order.take(r) {
                    failure = Some(e);
                    return;
                }
            }
            progress(Progress {
                written: skip + order.next,
                bytes: bytes.load(Ordering::Relaxed),
            });
        });
        drop(job_tx);
        for r in res_rx.iter() {
            if failure.is_none()
                && let Err(e) = order.take(r)
            {
                failure = Some(e);
            }
        }
        progress(Progress {
            written: skip + order.next,
            bytes: bytes.load(Ordering::Relaxed),
        });
        (read, order.stats)
    });
    let stats = Stats {
        entries,
        resumed: skip,
        ..counts
    };
    if let Some(e) = failure {
        return Err(e.into());
    }
    read.map_err(WrapError::Read)?;
    stream.flush()?;
    drop(stream);
    if let Some((out, partial, meta)) = file_out {
        File::open(&partial)?.sync_all()?;
        fs::rename(&partial, &out)?;
        let _ = fs::remove_file(&meta);
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
    }
    Ok(stats)
}
