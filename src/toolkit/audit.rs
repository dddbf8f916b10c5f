//! A census of an export: how many accounts use each scheme, how many need an upgrade, how many
//! cannot be read and why. What an operator looks at before choosing an import plan.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::migrator::Migrator;
use crate::toolkit::export::Entry;

/// Accounts of one scheme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchemeCount {
    /// Accounts whose credential is in this scheme.
    pub accounts: u64,
    /// Of those, the ones the policy would rehash on the next login.
    pub needs_upgrade: u64,
    /// Of those, the ones whose credential the scheme cannot use (bad parameters, missing
    /// salt or project parameters, costs over the limits), by error kind.
    pub errors: BTreeMap<&'static str, u64>,
}

/// Counts over every entry of an export.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Census {
    /// Entries read, including unreadable ones.
    pub entries: u64,
    /// Accounts with a password credential.
    pub with_hash: u64,
    /// Accounts without one (`*`, `!!`, social logins, ...).
    pub without_hash: u64,
    /// Accounts marked locked or disabled (with or without a hash).
    pub locked: u64,
    /// Records the reader could not read, by error kind.
    pub unreadable: BTreeMap<&'static str, u64>,
    /// Credentials no scheme could be chosen for, by error kind (`unsupported`, `ambiguous`,
    /// `limit` on the hash length).
    pub unidentified: BTreeMap<&'static str, u64>,
    /// Accounts per scheme id.
    pub schemes: BTreeMap<String, SchemeCount>,
}

impl Census {
    /// An empty census.
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one entry: identify its credential and check it under `migrator`'s policy and
    /// limits (no password, no key derivation: a census of millions of accounts takes seconds).
    pub fn add(&mut self, migrator: &Migrator, entry: &Entry) {
        self.entries += 1;
        let account = match &entry.account {
            Ok(a) => a,
            Err(e) => {
                *self.unreadable.entry(e.kind().as_str()).or_default() += 1;
                return;
            }
        };
        if account.locked {
            self.locked += 1;
        }
        let Some(cred) = &account.credential else {
            self.without_hash += 1;
            return;
        };
        self.with_hash += 1;
        let cred = match crate::toolkit::export::unwrap_ldif_line(cred.clone()) {
            Ok(cred) => cred,
            Err(e) => {
                *self.unidentified.entry(e.kind().as_str()).or_default() += 1;
                return;
            }
        };
        let scheme = match migrator.identify(&cred) {
            Ok(s) => s,
            Err(e) => {
                *self.unidentified.entry(e.kind().as_str()).or_default() += 1;
                return;
            }
        };
        let count = self.schemes.entry(scheme.id().to_owned()).or_default();
        count.accounts += 1;
        match migrator.inspect(scheme, &cred) {
            Ok(i) => count.needs_upgrade += u64::from(i.needs_upgrade),
            Err(e) => *count.errors.entry(e.kind().as_str()).or_default() += 1,
        }
    }
}
