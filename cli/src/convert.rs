//! `hashbridge convert`: an export into a platform's import files, self-tested.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hashbridge::toolkit::convert::{self, Summary, Target};
use zeroize::Zeroizing;

use crate::{ExportArgs, TargetArgs, open_input, progress_bar};

#[derive(Args)]
pub(crate) struct ConvertArgs {
    #[command(flatten)]
    export: ExportArgs,
    /// The platform to write for: auth0, okta, firebase, keycloak, clerk, workos, supabase,
    /// hashbridge.
    #[arg(long = "to", value_name = "TARGET")]
    to: String,
    /// The output directory (created if missing); files are moved in only when the whole run
    /// has passed its self-test.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Map a profile field to a target field, or drop it with an empty TARGET (repeatable):
    /// `--map username=profile.login`, `--map phone=`. Fields: id, username, email,
    /// email_verified, name, given_name, family_name, phone, phone_verified, created_at, locked.
    #[arg(long = "map", value_name = "SOURCE=TARGET")]
    map: Vec<String>,
    /// Test accounts whose passwords are known: a JSON object {"user": "password", ...} or
    /// JSON lines {"user": .., "password": ..}. Each is verified through its converted record.
    #[arg(long, value_name = "FILE")]
    check_passwords: Option<PathBuf>,
    /// Largest Auth0 import file, in bytes.
    #[arg(long, value_name = "BYTES")]
    auth0_file_limit: Option<u64>,
    /// Users per file where a file is one JSON document (Keycloak) or one SQL transaction
    /// (Supabase).
    #[arg(long, value_name = "N")]
    users_per_file: Option<u64>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    target: TargetArgs,
}

/// Read a test-password file: a JSON object of user → password, or JSON lines.
fn passwords(path: &PathBuf) -> Result<BTreeMap<String, Zeroizing<String>>, String> {
    let mut text = Zeroizing::new(String::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(16 << 20).read_to_string(&mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bad = |what: &str| format!("{}: {what}", path.display());
    let mut out = BTreeMap::new();
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(&text) {
        for (k, v) in m {
            let pw = v
                .as_str()
                .ok_or_else(|| bad("every password must be a string"))?;
            out.insert(k, Zeroizing::new(pw.to_owned()));
        }
        return Ok(out);
    }
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|_| bad(&format!("line {} is not a JSON object", n + 1)))?;
        let user = ["user", "id", "email", "username"]
            .iter()
            .find_map(|k| v.get(k).and_then(serde_json::Value::as_str))
            .ok_or_else(|| bad(&format!("line {} names no user", n + 1)))?;
        let pw = v
            .get("password")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| bad(&format!("line {} has no password", n + 1)))?;
        out.insert(user.to_owned(), Zeroizing::new(pw.to_owned()));
    }
    Ok(out)
}

pub(crate) fn run(a: ConvertArgs) -> Result<ExitCode, String> {
    let target: Target = a.to.parse().map_err(|e: hashbridge::Error| e.to_string())?;
    let (format, export_options) = a.export.options()?;
    let migrator = a
        .target
        .migrator()
        .map_err(|e| e.to_string())?
        .with_rehash(false);
    let mut options = convert::Options {
        auth0_file_limit: a.auth0_file_limit,
        users_per_file: a.users_per_file,
        ..convert::Options::default()
    };
    for kv in &a.map {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--map {kv:?}: expected SOURCE=TARGET"))?;
        options
            .map
            .push((k.to_owned(), (!v.is_empty()).then(|| v.to_owned())));
    }
    if let Some(p) = &a.check_passwords {
        options.check_passwords = passwords(p)?;
    }
    let input = open_input(&a.export.file)?;
    let pb = progress_bar();
    let result = convert::convert(
        format,
        input,
        &export_options,
        target,
        &options,
        &migrator,
        &a.out,
        |n| {
            if let Some(pb) = &pb
                && n.is_multiple_of(1024)
            {
                pb.set_position(n);
            }
        },
    );
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summary = result.map_err(|e| format!("convert: {e}; nothing was written"))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&summary).map_err(|e| e.to_string())?
        );
    } else {
        print_summary(&summary, &a.out);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &Summary, dir: &std::path::Path) {
    println!(
        "{} entries read; {} users converted for {} ({} with a password hash, {} without), {} rejected",
        s.entries, s.converted, s.target, s.with_password, s.without_password, s.rejected
    );
    println!(
        "self-test: {} records read back as the same hash, {} hash configurations probed, {} test passwords verified",
        s.self_tested, s.probes, s.passwords_checked
    );
    if s.migrate_lazily > 0 {
        println!(
            "{} users with a password hash cannot be imported and must migrate lazily (see rejects.jsonl; `--to hashbridge` writes them for the migration service)",
            s.migrate_lazily
        );
    }
    for (class, n) in &s.rejected_by_class {
        println!("  rejected, {class}: {n}");
    }
    if !s.passwords_unchecked.is_empty() {
        println!(
            "test accounts not converted, so not checked: {}",
            s.passwords_unchecked.join(", ")
        );
    }
    println!();
    println!("{:<28} {:>10} {:>10}", "scheme", "converted", "rejected");
    for (id, c) in &s.schemes {
        println!("{:<28} {:>10} {:>10}", id, c.converted, c.rejected);
    }
    println!();
    println!("files in {}:", dir.display());
    for f in &s.files {
        println!(
            "  {:<32} {:>8} records {:>12} bytes",
            f.name, f.records, f.bytes
        );
    }
}
