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

/// Most distinct hashes remembered for finding hashes shared by several accounts: a bound on
/// the audit's memory (about 40 bytes a hash) whatever the export's size.
const MAX_TRACKED_HASHES: usize = 10_000_000;

/// The parameters of `inspect` that say what a hash costs, in the order shown.
const COST_PARAMS: &[&str] = &[
    "algorithm",
    "variant",
    "version",
    "form",
    "legacy_step",
    "legacy_scheme",
    "target",
    "cost",
    "rounds",
    "iterations",
    "N",
    "ln",
    "r",
    "m",
    "t",
    "p",
    "mem_cost",
    "key_bits",
    "length",
];

/// Accounts of one scheme at one cost.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    /// The scheme id.
    pub scheme: String,
    /// Its cost parameters as `name=value` pairs (`rounds=5000`, `m=19456,t=2,p=1`).
    pub cost: String,
    /// Accounts.
    pub accounts: u64,
    /// Of those, the ones the policy would rehash on the next login.
    pub needs_upgrade: u64,
    /// Of those, the ones `wrap` can upgrade now, without their passwords.
    pub wrappable: u64,
    /// Accounts whose hash string another account of the export shares.
    pub shared: u64,
    /// An attacker's cost per guess against this hash, as a fraction of the policy target's
    /// (work units, see the crate's cost model); `None` for a scheme without a portable step.
    pub strength: Option<f64>,
    /// Weaknesses, in words: `plaintext`, `unsalted`, `not memory-hard`, the truncation quirks
    /// (`ignores bytes past 8`, `ignores bytes past 72`, `a NUL ends the password`,
    /// `case-insensitive`), `weaker than the target`.
    pub weaknesses: Vec<&'static str>,
    /// Accounts whose credential the scheme cannot use, by error kind.
    pub errors: BTreeMap<&'static str, u64>,
}

/// The estimated time to wrap every wrappable account, from a target hash timed here.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WrapEstimate {
    /// Accounts `wrap` can upgrade.
    pub accounts: u64,
    /// Milliseconds one target hash takes on this machine (`bench`'s figure).
    pub ms_per_hash: f64,
    /// CPU seconds for all of them.
    pub cpu_seconds: f64,
    /// Cores of this machine.
    pub cores: usize,
    /// Wall-clock seconds on all of them.
    pub wall_seconds: f64,
}

/// What an operator decides a migration plan with: the census, each scheme and cost with its
/// weaknesses, hashes shared by several accounts, and the time to wrap them all.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The upgrade target, as `hashbridge bench` names it.
    pub target: String,
    /// The counts (flattened into the report's JSON, as `audit --json` wrote them before).
    #[serde(flatten)]
    pub census: Census,
    /// Accounts by scheme and cost, most accounts first.
    pub groups: Vec<Group>,
    /// Hash strings shared by several accounts.
    pub shared_hashes: u64,
    /// Accounts holding one of them.
    pub shared_accounts: u64,
    /// Whether shared hashes were counted over every account (false once the bound on
    /// remembered hashes was reached).
    pub shared_complete: bool,
    /// The wrap estimate; `None` when nothing can be wrapped or the target was not timed.
    pub wrap: Option<WrapEstimate>,
}

/// Builds a [`Report`] entry by entry, in memory proportional to the distinct hashes (bounded
/// by a ceiling) and the groups.
pub struct Audit<'m> {
    migrator: &'m Migrator,
    census: Census,
    groups: Vec<Group>,
    index: BTreeMap<(String, String), usize>,
    seen: std::collections::HashMap<u64, (u32, u32)>,
    seen_full: bool,
}

/// The weaknesses a scheme's truncation shows on sample passwords.
fn truncation(scheme: &dyn crate::scheme::Scheme) -> Vec<&'static str> {
    let mut out = Vec::new();
    if scheme.truncates(b"Password") {
        out.push("case-insensitive or charset-reduced");
    } else if scheme.truncates(b"abcdefghi") {
        out.push("ignores bytes past 8");
    } else if scheme.truncates(&[b'a'; 73]) {
        out.push("ignores bytes past 72");
    }
    if scheme.truncates(b"a\0b") && !scheme.truncates(b"ab") && out.is_empty() {
        out.push("a NUL ends the password");
    }
    out
}

impl<'m> Audit<'m> {
    /// An empty audit under `migrator`'s policy.
    pub fn new(migrator: &'m Migrator) -> Self {
        Audit {
            migrator,
            census: Census::new(),
            groups: Vec::new(),
            index: BTreeMap::new(),
            seen: std::collections::HashMap::new(),
            seen_full: false,
        }
    }

    /// Count one entry.
    pub fn add(&mut self, entry: &Entry) {
        self.census.add(self.migrator, entry);
        let Ok(account) = &entry.account else { return };
        let Some(cred) = &account.credential else {
            return;
        };
        let Ok(cred) = crate::toolkit::export::unwrap_ldif_line(cred.clone()) else {
            return;
        };
        let Ok(scheme) = self.migrator.identify(&cred) else {
            return;
        };
        let limits = &self.migrator.policy().limits;
        let inspection = self.migrator.inspect(scheme, &cred);
        let cost = match &inspection {
            Ok(i) => COST_PARAMS
                .iter()
                .filter_map(|&n| {
                    i.params
                        .iter()
                        .find(|(k, _)| *k == n)
                        .map(|(k, v)| format!("{k}={v}"))
                })
                .collect::<Vec<_>>()
                .join(","),
            Err(_) => String::new(),
        };
        let key = (scheme.id().to_owned(), cost);
        let g = match self.index.get(&key) {
            Some(&g) => g,
            None => {
                let legacy = crate::schemes::portable::describe(scheme.id(), &cred, limits).ok();
                let mut weaknesses = Vec::new();
                let target = self.migrator.policy().target;
                let (target_work, target_memory) = target.cost();
                let strength = legacy
                    .as_ref()
                    .map(|d| d.step.work(d.digest.len()) as f64 / target_work.max(1) as f64);
                if let Some(d) = &legacy {
                    use crate::schemes::portable::Step;
                    if d.step == Step::Plaintext {
                        weaknesses.push("plaintext");
                    } else if d.step.unsalted() {
                        weaknesses.push("unsalted");
                    }
                    let memory_hard = matches!(
                        d.step,
                        Step::Scrypt { .. } | Step::Argon2 { .. } | Step::FirebaseScrypt { .. }
                    );
                    if target_memory > 0 && !memory_hard && d.step != Step::Plaintext {
                        weaknesses.push("not memory-hard");
                    }
                }
                weaknesses.extend(truncation(scheme));
                if strength.is_some_and(|s| s < 1.0) && !weaknesses.contains(&"plaintext") {
                    weaknesses.push("weaker than the target");
                }
                self.groups.push(Group {
                    scheme: key.0.clone(),
                    cost: key.1.clone(),
                    strength,
                    weaknesses,
                    ..Group::default()
                });
                self.index.insert(key, self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[g];
        group.accounts += 1;
        match inspection {
            Ok(i) => {
                if i.needs_upgrade {
                    group.needs_upgrade += 1;
                    if scheme.id() != crate::schemes::wrapped::ID
                        && crate::schemes::portable::describe(scheme.id(), &cred, limits)
                            .is_ok_and(|d| d.step.check("audit", d.digest.len(), limits).is_ok())
                    {
                        group.wrappable += 1;
                    }
                }
            }
            Err(e) => *group.errors.entry(e.kind().as_str()).or_default() += 1,
        }
        self.remember(&cred, g);
    }

    /// Count the hash for shared-hash detection: the scheme, string, salt and user-name
    /// context together, so that only the same stored credential counts as shared.
    fn remember(&mut self, cred: &crate::Credential, group: usize) {
        use crate::primitives::Algorithm;
        let d = Algorithm::Sha256.digest(&[
            cred.hash().as_bytes(),
            b"\0",
            cred.salt().unwrap_or_default(),
        ]);
        let mut k = [0u8; 8];
        k.copy_from_slice(&d.as_bytes()[..8]);
        let k = u64::from_le_bytes(k);
        let g = u32::try_from(group).unwrap_or(u32::MAX);
        let room = self.seen.len() < MAX_TRACKED_HASHES;
        match self.seen.get_mut(&k) {
            Some((n, _)) => *n = n.saturating_add(1),
            None if room => {
                self.seen.insert(k, (1, g));
            }
            None => self.seen_full = true,
        }
    }

    /// The report; `ms_per_hash` is the time of one target hash on this machine (from
    /// [`crate::toolkit::bench::run`]), `None` to leave the wrap estimate out.
    pub fn finish(mut self, ms_per_hash: Option<f64>) -> Report {
        let mut shared_hashes = 0;
        let mut shared_accounts = 0;
        for (n, g) in self.seen.values() {
            if *n > 1 {
                shared_hashes += 1;
                shared_accounts += u64::from(*n);
                if let Some(group) = self.groups.get_mut(*g as usize) {
                    group.shared += u64::from(*n);
                }
            }
        }
        self.groups
            .sort_by(|a, b| b.accounts.cmp(&a.accounts).then(a.scheme.cmp(&b.scheme)));
        let wrappable: u64 = self.groups.iter().map(|g| g.wrappable).sum();
        let wrap = ms_per_hash.filter(|_| wrappable > 0).map(|ms| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let cpu = wrappable as f64 * ms / 1000.0;
            WrapEstimate {
                accounts: wrappable,
                ms_per_hash: ms,
                cpu_seconds: cpu,
                cores,
                wall_seconds: cpu / cores as f64,
            }
        });
        Report {
            target: target_text(&self.migrator.policy().target),
            census: self.census,
            groups: self.groups,
            shared_hashes,
            shared_accounts,
            shared_complete: !self.seen_full,
            wrap,
        }
    }
}

/// A target in the CLI's terms: `argon2id m=19456 t=2 p=1`.
fn target_text(t: &crate::policy::Target) -> String {
    use crate::policy::Target;
    match *t {
        Target::Argon2id { m_kib, t, p, .. } => format!("argon2id m={m_kib} t={t} p={p}"),
        Target::Bcrypt { cost, .. } => format!("bcrypt cost {cost}"),
        Target::Scrypt { log_n, r, p, .. } => format!("scrypt ln={log_n} r={r} p={p}"),
        Target::Pbkdf2Sha256 { iterations, .. } => {
            format!("pbkdf2-sha256 {iterations} iterations")
        }
    }
}

/// `x` as a strength multiple of the target, for reports.
fn strength_text(s: Option<f64>) -> String {
    match s {
        None => "?".to_owned(),
        Some(s) if s >= 10.0 => format!("{s:.0}x"),
        Some(s) if s >= 0.01 => format!("{s:.2}x"),
        Some(s) if s > 0.0 => format!("1/{:.0}", 1.0 / s),
        Some(_) => "0".to_owned(),
    }
}

/// Seconds in words.
fn duration_text(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.1} s")
    } else if seconds < 7200.0 {
        format!("{:.1} min", seconds / 60.0)
    } else if seconds < 172_800.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} days", seconds / 86_400.0)
    }
}

impl Report {
    fn lines(&self) -> Vec<String> {
        let c = &self.census;
        let mut out = vec![format!(
            "{} records: {} with a password hash, {} without, {} locked",
            c.entries, c.with_hash, c.without_hash, c.locked
        )];
        if self.shared_hashes > 0 {
            out.push(format!(
                "{} hashes are shared by {} accounts (the same stored credential: for an unsalted scheme, the same password){}",
                self.shared_hashes,
                self.shared_accounts,
                if self.shared_complete { "" } else { " (counted over the first 10,000,000 distinct hashes)" }
            ));
        }
        if let Some(w) = &self.wrap {
            out.push(format!(
                "wrapping the {} wrappable accounts takes {} of CPU ({:.2} ms a target hash, {}), {} on this machine's {} cores",
                w.accounts,
                duration_text(w.cpu_seconds),
                w.ms_per_hash,
                self.target,
                duration_text(w.wall_seconds),
                w.cores
            ));
        }
        out
    }

    /// The report as a plain-text table.
    pub fn table(&self) -> String {
        let mut s = self.lines().join("\n");
        s.push_str("\n\n");
        s.push_str(&format!(
            "{:<26} {:<30} {:>9} {:>9} {:>9} {:>7} {:>9}  {}\n",
            "scheme",
            "cost",
            "accounts",
            "upgrade",
            "wrappable",
            "shared",
            "vs target",
            "weaknesses"
        ));
        for g in &self.groups {
            s.push_str(&format!(
                "{:<26} {:<30} {:>9} {:>9} {:>9} {:>7} {:>9}  {}\n",
                g.scheme,
                g.cost,
                g.accounts,
                g.needs_upgrade,
                g.wrappable,
                g.shared,
                strength_text(g.strength),
                g.weaknesses.join(", ")
            ));
        }
        s
    }

    /// The report as a Markdown document.
    pub fn markdown(&self) -> String {
        let mut s = String::from("# Password hash audit\n\n");
        for l in self.lines() {
            s.push_str(&format!("- {l}\n"));
        }
        s.push_str(&format!(
            "\nStrength is an attacker's cost per guess as a multiple of the target's ({}).\n\n",
            self.target
        ));
        s.push_str("| scheme | cost | accounts | needs upgrade | wrappable | shared | vs target | weaknesses |\n");
        s.push_str("|---|---|---:|---:|---:|---:|---:|---|\n");
        for g in &self.groups {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                g.scheme,
                if g.cost.is_empty() { "-" } else { &g.cost },
                g.accounts,
                g.needs_upgrade,
                g.wrappable,
                g.shared,
                strength_text(g.strength),
                g.weaknesses.join(", ")
            ));
        }
        s
    }
}
