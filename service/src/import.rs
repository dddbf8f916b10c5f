//! `hashbridge import`: load an export into the store through the toolkit's readers.
//!
//! The reader runs on a blocking thread and hands batches to the writer over a channel of two,
//! so memory stays flat whatever the export's size; each batch is one transaction, and
//! re-importing the same file changes nothing (accounts already migrated are never reset).

use std::io::BufRead;

use hashbridge::Migrator;
use hashbridge::toolkit::export::{self, Entry, Format, Options};

use crate::account::{NewAccount, UNRECOGNISED};
use crate::store::{Store, StoreError};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Entries the reader produced (accounts and unreadable records).
    pub entries: u64,
    /// Accounts inserted or updated.
    pub written: u64,
    /// Accounts already in the store as read (or already migrated).
    pub unchanged: u64,
    /// Accounts without a password hash (system accounts, federated logins): not stored.
    pub without_hash: u64,
    /// Accounts stored whose hash no scheme reads (kept, counted as `unrecognised`).
    pub unrecognised: u64,
    /// Further credentials of the account just read (an LDIF entry's second `userPassword`
    /// value): the first one is kept.
    pub duplicates: u64,
    /// Records that could not be read, or have no user name: not stored. Each is reported
    /// as `(position, message)`, the first 100 of them.
    pub rejected: u64,
    /// The first rejected records.
    pub rejects: Vec<(u64, String)>,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The export could not be read on.
    #[error("reading the export: {0}")]
    Export(#[from] export::ExportError),
    /// The store refused a batch (nothing of that batch was written).
    #[error(transparent)]
    Store(#[from] StoreError),
}

const KEPT_REJECTS: usize = 100;

/// Read `input` as `format` and write its accounts into `store`, `batch` accounts per
/// transaction. `migrator` identifies each credential's scheme (no password is involved).
///
/// # Errors
/// [`ImportError::Export`] when the reader cannot go on (the batches before stay written);
/// [`ImportError::Store`] when a batch cannot be written.
pub async fn import(
    store: &Store,
    migrator: &Migrator,
    format: Format,
    input: impl BufRead + Send + 'static,
    options: Options,
    batch: usize,
) -> Result<ImportReport, ImportError> {
    let batch = batch.max(1);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<NewAccount>>(2);
    let migrator = migrator.clone();
    let source = format.name();
    let reader = tokio::task::spawn_blocking(move || {
        let mut report = ImportReport::default();
        let mut pending = Vec::with_capacity(batch);
        let mut open = true;
        let mut previous: Option<String> = None;
        let read = export::read(format, input, &options, |entry| {
            report.entries += 1;
            if let Some(a) = account(&migrator, &entry, source, &mut report) {
                // Several values of one account come one after the other (an LDIF entry's
                // `userPassword` values): the first is kept, so a re-import changes nothing.
                if previous.as_deref() == Some(a.username.as_str()) {
                    report.duplicates += 1;
                    return;
                }
                previous = Some(a.username.clone());
                pending.push(a);
                if pending.len() >= batch && open {
                    let full = std::mem::replace(&mut pending, Vec::with_capacity(batch));
                    // A closed channel means the writer failed; its error is reported.
                    open = tx.blocking_send(full).is_ok();
                }
            }
        });
        if !pending.is_empty() && open {
            let _ = tx.blocking_send(pending);
        }
        (read, report)
    });
    let mut written = 0u64;
    let mut unchanged = 0u64;
    let mut failure = None;
    while let Some(accounts) = rx.recv().await {
        match store.upsert(&accounts, source, now_ms()).await {
            Ok(c) => {
                written += c.written;
                unchanged += c.unchanged;
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    drop(rx);
    let (read, mut report) = reader
        .await
        .map_err(|e| StoreError::Failed(format!("export reader stopped: {e}")))?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    read?;
    report.written = written;
    report.unchanged = unchanged;
    Ok(report)
}

/// The account of `entry` to store, counting what is not stored.
fn account(
    migrator: &Migrator,
    entry: &Entry,
    source: &str,
    report: &mut ImportReport,
) -> Option<NewAccount> {
    let reject = |report: &mut ImportReport, why: String| {
        report.rejected += 1;
        if report.rejects.len() < KEPT_REJECTS {
            report.rejects.push((entry.position, why));
        }
    };
    let a = match &entry.account {
        Ok(a) => a,
        Err(e) => {
            reject(report, format!("{}: {e}", e.kind()));
            return None;
        }
    };
    let Some(cred) = &a.credential else {
        report.without_hash += 1;
        return None;
    };
    if a.user.as_deref().is_none_or(|u| u.trim().is_empty()) {
        reject(report, "malformed: the account has no user name".to_owned());
        return None;
    }
    let cred = match export::unwrap_ldif_line(cred.clone()) {
        Ok(c) => c,
        Err(e) => {
            reject(report, format!("{}: {e}", e.kind()));
            return None;
        }
    };
    let scheme = match migrator.identify(&cred) {
        Ok(s) => s.id().to_owned(),
        Err(_) => {
            report.unrecognised += 1;
            UNRECOGNISED.to_owned()
        }
    };
    NewAccount::from_export(a, &cred, scheme, source)
}

/// The time now, Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
