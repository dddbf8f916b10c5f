//! `hashbridge`: verify, identify and upgrade legacy password hashes from the command line.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hashbridge::toolkit::batch::MAX_THREADS;
use hashbridge::toolkit::record::{self, Key};
use hashbridge::toolkit::{batch, export};
use hashbridge::{Credential, Error, Limits, Migrator, Params, Policy, Registry, Target};
use zeroize::Zeroizing;

mod audit;
mod convert;
#[cfg(feature = "service")]
mod service;
mod wrap;

#[derive(Parser)]
#[command(
    name = "hashbridge",
    version,
    about = "Verify legacy password hashes and upgrade them to argon2id"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a password against a stored hash, or a JSONL batch of records.
    Verify(VerifyArgs),
    /// Say which scheme a hash is in, its parameters and whether it needs an upgrade.
    Identify(IdentifyArgs),
    /// Hash a password (read from stdin or a prompt) with the upgrade target.
    Hash(HashArgs),
    /// Read an export (shadow, htpasswd, LDIF, CSV, Firebase, Keycloak, Auth0, Django) into
    /// JSONL records, one per account, for `identify --batch` or `verify --batch`.
    Read(ReadArgs),
    /// Count the accounts of an export by scheme, with how many need an upgrade or cannot be read.
    Audit(audit::AuditArgs),
    /// Time verifies per scheme on this machine: the target and common legacy costs.
    Bench(BenchArgs),
    /// Convert an export into a platform's import files (Auth0, Okta, Firebase, Keycloak,
    /// Clerk, WorkOS, Supabase, or hashbridge records), self-tested before anything is written.
    Convert(convert::ConvertArgs),
    /// Upgrade every weak hash of an export without the passwords (the policy target over the
    /// legacy hash), writing batch records as `read` does; parallel, resumable, atomic.
    Wrap(wrap::WrapArgs),
    /// Load an export into the migration service's credential store.
    #[cfg(feature = "service")]
    Import(service::ImportArgs),
    /// Run the migration service: the login hooks identity platforms call on first sign-in.
    #[cfg(feature = "service")]
    Serve(service::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetKind {
    Argon2id,
    Bcrypt,
    Scrypt,
    Pbkdf2Sha256,
}

#[derive(Args)]
struct TargetArgs {
    /// The upgrade target.
    #[arg(long, value_enum, default_value = "argon2id")]
    target: TargetKind,
    /// argon2id memory in KiB.
    #[arg(long, default_value_t = 19_456)]
    m_cost: u32,
    /// argon2id passes.
    #[arg(long, default_value_t = 2)]
    t_cost: u32,
    /// argon2id lanes, or scrypt p.
    #[arg(long, default_value_t = 1)]
    p_cost: u32,
    /// bcrypt cost.
    #[arg(long, default_value_t = 12)]
    bcrypt_cost: u32,
    /// scrypt log2(N).
    #[arg(long, default_value_t = 17)]
    scrypt_ln: u8,
    /// scrypt r.
    #[arg(long, default_value_t = 8)]
    scrypt_r: u32,
    /// PBKDF2-SHA256 iterations.
    #[arg(long, default_value_t = 600_000)]
    iterations: u32,
    /// Change one of the library's limits, as NAME=VALUE (repeatable), e.g.
    /// `max_memory_bytes=1073741824`; names as the `Limits` fields (README, "Limits").
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    limits: Vec<String>,
}

impl TargetArgs {
    fn target(&self) -> Target {
        match self.target {
            TargetKind::Argon2id => Target::argon2id(self.m_cost, self.t_cost, self.p_cost),
            TargetKind::Bcrypt => Target::bcrypt(self.bcrypt_cost),
            TargetKind::Scrypt => Target::scrypt(self.scrypt_ln, self.scrypt_r, self.p_cost),
            TargetKind::Pbkdf2Sha256 => Target::pbkdf2_sha256(self.iterations),
        }
    }

    fn migrator(&self) -> Result<Migrator, Error> {
        let mut limits = Limits::default();
        for kv in &self.limits {
            let (name, value) = kv
                .split_once('=')
                .ok_or_else(|| Error::config("limit", format!("{kv:?} is not NAME=VALUE")))?;
            let value = value.trim().parse::<u64>().map_err(|e| {
                Error::config("limit", format!("{name}: {value:?} is not a count ({e})"))
            })?;
            limits.set(name.trim(), value)?;
        }
        Migrator::new(
            Registry::default(),
            Policy::new(self.target()).with_limits(limits),
        )
    }
}

/// The memory budget the memory-hard verifies and hashes of this run share.
#[derive(Args)]
struct MemoryArgs {
    /// Bytes the memory-hard hashes (argon2, scrypt, yescrypt) running at once may hold
    /// together (default: four times the per-verify memory limit, 1 GiB). A hash that does not
    /// fit waits for --memory-wait, then is answered `unavailable`; one larger than the whole
    /// budget is answered `limit` at once. Keep it below what the machine or container allows.
    #[arg(long, value_name = "BYTES")]
    memory_budget: Option<u64>,
    /// Seconds a hash waits for its share of the memory budget (default: 5 for a single verify
    /// or hash; no bound with --batch, where every hash in flight finishes and hands its memory
    /// on, so a record waits its turn instead of being answered `unavailable`).
    #[arg(long, value_name = "SECONDS")]
    memory_wait: Option<f64>,
}

impl MemoryArgs {
    /// `m` with the budget and wait asked for; `batch` waits without bound unless told.
    fn apply(&self, mut m: Migrator, batch: bool) -> Result<Migrator, String> {
        if let Some(bytes) = self.memory_budget {
            m = m
                .with_memory_budget(bytes)
                .map_err(|e| format!("--memory-budget: {e}"))?;
        }
        if let Some(seconds) = self.memory_wait {
            let wait = std::time::Duration::try_from_secs_f64(seconds)
                .map_err(|_| format!("--memory-wait {seconds}: expected seconds, at least 0"))?;
            m = m.with_memory_wait(wait);
        } else if batch {
            m = m.with_memory_wait(std::time::Duration::MAX);
        }
        Ok(m)
    }
}

#[derive(Args)]
struct CredentialArgs {
    /// The stored hash string.
    #[arg(long)]
    hash: Option<String>,
    /// A separately stored salt.
    #[arg(long)]
    salt: Option<String>,
    /// Encoding of --salt: utf8, hex or base64.
    #[arg(long, default_value = "utf8")]
    salt_encoding: String,
    /// User name, for schemes that mix it in.
    #[arg(long)]
    username: Option<String>,
    /// Scheme id, for strings that do not identify themselves.
    #[arg(long)]
    scheme: Option<String>,
    /// Scheme parameter stored outside the hash, as KEY=VALUE (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
}

impl CredentialArgs {
    fn credential(&self, hash: &str) -> Result<Credential, Error> {
        let mut cred = Credential::new(hash);
        if let Some(s) = &self.salt {
            cred = cred.with_salt(record::decode_salt(s, Some(&self.salt_encoding))?);
        }
        if let Some(u) = &self.username {
            cred = cred.with_username(u.clone());
        }
        if let Some(s) = &self.scheme {
            cred = cred.with_scheme(s.clone());
        }
        let mut params = Params::new();
        for kv in &self.params {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| Error::malformed("cli", "param", "expected KEY=VALUE"))?;
            params.insert(k, v);
        }
        // A `userPassword:: ...` line pasted from an LDIF export is read as its value.
        export::unwrap_ldif_line(cred.with_params(params))
    }
}

#[derive(Args)]
struct VerifyArgs {
    /// JSONL records (`password`, `hash`, optional `salt`, `username`, `params`, `format`) from a
    /// file or `-` for stdin; one answer line per input line, in order.
    #[arg(long, value_name = "FILE|-")]
    batch: Option<String>,
    /// Worker threads for --batch, 1 to 1024 (default: all cores).
    #[arg(long, value_parser = threads_in_range)]
    threads: Option<usize>,
    /// Do not compute upgrade hashes (still reports needs_upgrade).
    #[arg(long)]
    no_upgrade: bool,
    #[command(flatten)]
    cred: CredentialArgs,
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

#[derive(Args)]
struct IdentifyArgs {
    /// Hash strings to identify.
    hashes: Vec<String>,
    /// Identify JSONL records (`hash`, optional context and `format`) from a file or `-`.
    #[arg(long, value_name = "FILE|-")]
    batch: Option<String>,
    /// Worker threads for --batch, 1 to 1024 (default: all cores).
    #[arg(long, value_parser = threads_in_range)]
    threads: Option<usize>,
    #[command(flatten)]
    target: TargetArgs,
}

#[derive(Args)]
struct ExportArgs {
    /// The export's format: shadow (or passwd), htpasswd (or htdigest), ldif, csv, jsonl,
    /// firebase, keycloak, auth0, django.
    #[arg(long = "from", value_name = "FORMAT")]
    format: String,
    /// The export file, or `-` for stdin.
    #[arg(value_name = "FILE|-", default_value = "-")]
    file: String,
    /// A parameter for every credential, such as Firebase's project hash parameters
    /// (`--param base64_signer_key=... --param rounds=8`). Repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// A scheme hint for every credential that has none.
    #[arg(long = "scheme", value_name = "ID")]
    scheme: Option<String>,
    /// CSV: which column holds what, when the header does not say (`hash=pw_hash`,
    /// `user=login`, `salt=pw_salt`, `scheme=algo`). Repeatable.
    #[arg(long = "column", value_name = "ROLE=NAME")]
    columns: Vec<String>,
    /// CSV: the field delimiter (default: sniffed from the header among `,` `;` and tab).
    #[arg(long)]
    delimiter: Option<char>,
    /// CSV: how the salt column is encoded (utf8, hex, base64) when no `salt_encoding` column says.
    #[arg(long)]
    salt_encoding: Option<String>,
    /// Largest input one account may take, in bytes.
    #[arg(long, default_value_t = export::DEFAULT_MAX_RECORD_BYTES)]
    max_record_bytes: usize,
}

impl ExportArgs {
    fn options(&self) -> Result<(export::Format, export::Options), String> {
        let format: export::Format = self.format.parse().map_err(|e: Error| e.to_string())?;
        let mut options = export::Options {
            max_record_bytes: self.max_record_bytes.max(1),
            scheme: self.scheme.clone(),
            ..export::Options::default()
        };
        for kv in &self.params {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("--param {kv:?}: expected KEY=VALUE"))?;
            options.params.insert(k, v);
        }
        for kv in &self.columns {
            let (role, name) = kv
                .split_once('=')
                .ok_or_else(|| format!("--column {kv:?}: expected ROLE=NAME"))?;
            let slot = match role {
                "hash" => &mut options.columns.hash,
                "user" => &mut options.columns.user,
                "salt" => &mut options.columns.salt,
                "scheme" | "format" => &mut options.columns.scheme,
                _ => {
                    return Err(format!(
                        "--column {kv:?}: roles are hash, user, salt, scheme"
                    ));
                }
            };
            *slot = Some(name.to_owned());
        }
        if let Some(d) = self.delimiter {
            if !d.is_ascii() {
                return Err("--delimiter must be one ASCII character".into());
            }
            options.columns.delimiter = Some(d as u8);
        }
        options.columns.salt_encoding = self.salt_encoding.clone();
        Ok((format, options))
    }
}

#[derive(Args)]
struct ReadArgs {
    #[command(flatten)]
    export: ExportArgs,
}

#[derive(Args)]
struct HashArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

#[derive(Args)]
struct BenchArgs {
    /// Only these labels or scheme ids (repeatable; `target` for the policy target).
    #[arg(long)]
    scheme: Vec<String>,
    /// Seconds to spend on each.
    #[arg(long, default_value_t = 1.0)]
    seconds: f64,
    /// JSON lines instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    target: TargetArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(a) => verify(a),
        Command::Identify(a) => identify(a),
        Command::Hash(a) => hash(a),
        Command::Read(a) => read_export(a),
        Command::Audit(a) => audit::run(a),
        Command::Bench(a) => bench(a),
        Command::Convert(a) => convert::run(a),
        Command::Wrap(a) => wrap::run(a),
        #[cfg(feature = "service")]
        Command::Import(a) => service::import(a),
        #[cfg(feature = "service")]
        Command::Serve(a) => service::serve(a),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("hashbridge: {msg}");
            ExitCode::from(2)
        }
    }
}

fn open_input(path: &str) -> Result<Box<dyn io::BufRead>, String> {
    if path == "-" {
        Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())))
    } else {
        let f = File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

fn threads_in_range(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from 1 to {MAX_THREADS}")),
    }
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} records  {per_sec}  {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    Some(pb)
}

fn run_batch(
    path: &str,
    threads: Option<usize>,
    process: impl Fn(u64, &str) -> String + Sync,
) -> Result<ExitCode, String> {
    let input = open_input(path)?;
    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let pb = progress_bar();
    batch::run(
        input,
        out,
        threads.unwrap_or_else(default_threads),
        process,
        record::unreadable_line_json,
        |n| {
            if let Some(pb) = &pb {
                pb.set_position(n);
            }
        },
    )
    .map_err(|e| format!("i/o error: {e}"))?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> Result<Zeroizing<Vec<u8>>, String> {
    if io::stdin().is_terminal() {
        let pw = rpassword::prompt_password("Password: ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        Ok(Zeroizing::new(pw.into_bytes()))
    } else {
        let mut buf = Zeroizing::new(Vec::new());
        io::stdin()
            .take(1 << 20)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        Ok(buf)
    }
}

fn verify(a: VerifyArgs) -> Result<ExitCode, String> {
    let migrator = a.memory.apply(
        a.target
            .migrator()
            .map_err(|e| e.to_string())?
            .with_rehash(!a.no_upgrade),
        a.batch.is_some(),
    )?;
    if let Some(path) = &a.batch {
        return run_batch(path, a.threads, |number, line| {
            record::verify_line(&migrator, number, line)
        });
    }
    let hash = a
        .cred
        .hash
        .as_deref()
        .ok_or("give --hash, or --batch FILE")?;
    let cred = a.cred.credential(hash).map_err(|e| e.to_string())?;
    let password = read_password()?;
    let mut stdout = io::stdout();
    let answer = migrator.verify(&password, &cred);
    let line = match &answer {
        Ok(o) => record::outcome_json(Key::default(), o),
        Err(e) => record::error_json(Key::default(), e),
    };
    let _ = writeln!(stdout, "{line}");
    Ok(ExitCode::from(record::exit_status(&answer)))
}

fn identify(a: IdentifyArgs) -> Result<ExitCode, String> {
    let migrator = a.target.migrator().map_err(|e| e.to_string())?;
    if let Some(path) = &a.batch {
        return run_batch(path, a.threads, |number, line| {
            record::identify_line(&migrator, number, line)
        });
    }
    if a.hashes.is_empty() {
        return Err("give hash strings, or --batch FILE".into());
    }
    let mut any_error = false;
    for h in &a.hashes {
        let line = record::identify_hash(&migrator, h);
        any_error |= line.starts_with("{\"error\"");
        println!("{line}");
    }
    Ok(if any_error {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Read `args`' export, handing each entry to `each`; a reader that stops early is an error.
fn each_entry(args: &ExportArgs, mut each: impl FnMut(&export::Entry)) -> Result<u64, String> {
    let (format, options) = args.options()?;
    let input = open_input(&args.file)?;
    let pb = progress_bar();
    let mut n = 0u64;
    let result = export::read(format, input, &options, |e| {
        each(&e);
        n += 1;
        if let Some(pb) = &pb
            && n.is_multiple_of(4096)
        {
            pb.set_position(n);
        }
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    result.map_err(|e| format!("{}: reading stopped (entries read: {n}): {e}", args.file))
}

fn read_export(a: ReadArgs) -> Result<ExitCode, String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = None;
    let result = each_entry(&a.export, |e| {
        if failed.is_none()
            && let Err(err) = writeln!(out, "{}", export::entry_json(e))
        {
            failed = Some(err);
        }
    });
    out.flush().map_err(|e| format!("i/o error: {e}"))?;
    if let Some(err) = failed {
        return Err(format!("i/o error: {err}"));
    }
    result.map(|_| ExitCode::SUCCESS)
}

fn hash(a: HashArgs) -> Result<ExitCode, String> {
    let migrator = a
        .memory
        .apply(a.target.migrator().map_err(|e| e.to_string())?, false)?;
    let password = read_password()?;
    let h = migrator.hash(&password).map_err(|e| e.to_string())?;
    println!("{h}");
    Ok(ExitCode::SUCCESS)
}

fn bench(a: BenchArgs) -> Result<ExitCode, String> {
    let migrator = a
        .target
        .migrator()
        .map_err(|e| e.to_string())?
        .with_rehash(false);
    let budget = std::time::Duration::from_secs_f64(a.seconds.clamp(0.01, 600.0));
    let features = hashbridge::toolkit::bench::cpu_features();
    if !a.json {
        println!("cpu features: {}", features.join(" "));
        println!(
            "{:<24} {:<22} {:>8} {:>12} {:>10} {:>7}",
            "input", "scheme", "runs", "ms/verify", "bound ms", "/bound"
        );
    }
    let mut failed = false;
    for t in hashbridge::toolkit::bench::run(&migrator, &a.scheme, budget) {
        match t {
            Ok(t) if a.json => println!(
                "{}",
                serde_json::json!({"input": t.label, "scheme": t.scheme, "runs": t.runs, "ms_per_verify": t.ms_per_verify, "bound_ms": t.bound_ms, "cpu_features": features})
            ),
            Ok(t) => {
                let (bound, ratio) = t.bound_ms.map_or((String::new(), String::new()), |b| {
                    (format!("{b:.3}"), format!("{:.2}", t.ms_per_verify / b))
                });
                println!(
                    "{:<24} {:<22} {:>8} {:>12.3} {:>10} {:>7}",
                    t.label, t.scheme, t.runs, t.ms_per_verify, bound, ratio
                );
            }
            Err(e) => {
                failed = true;
                eprintln!("hashbridge: bench: {e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
