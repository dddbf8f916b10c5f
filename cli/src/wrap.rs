//! `hashbridge wrap`: every weak hash of an export upgraded without the password.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hashbridge::toolkit::wrap::{self, Output, Stats};

use crate::{ExportArgs, MemoryArgs, TargetArgs, default_threads, open_input, threads_in_range};

#[derive(Args)]
pub(crate) struct WrapArgs {
    #[command(flatten)]
    export: ExportArgs,
    /// Write the records to FILE: atomically (through FILE.partial, renamed when complete),
    /// and resumably (a run over the same input finds FILE.partial and goes on). Without it
    /// the records go to stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Worker threads, 1 to 1024 (default: all cores).
    #[arg(long, value_parser = threads_in_range)]
    threads: Option<usize>,
    /// Print the counts as JSON (on stdout with --out, else on stderr).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

/// A progress bar over the input's bytes (with ETA) when stderr is a terminal; a counter for
/// a stream of unknown size.
fn bar(total: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let (pb, template) = match total {
        Some(t) => (
            indicatif::ProgressBar::new(t),
            "{bar:30} {percent:>3}% {msg}  {elapsed} elapsed, ETA {eta}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} {msg}  {elapsed}",
        ),
    };
    pb.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(pb)
}

pub(crate) fn run(a: WrapArgs) -> Result<ExitCode, String> {
    let (format, options) = a.export.options()?;
    let migrator = a
        .memory
        .apply(a.target.migrator().map_err(|e| e.to_string())?, true)?;
    let origin = (a.export.file != "-").then(|| PathBuf::from(&a.export.file));
    let size = origin
        .as_ref()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len());
    let input = open_input(&a.export.file)?;
    let pb = bar(size);
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    let output = match &a.out {
        Some(p) => Output::File(p),
        None => Output::Stream(&mut lock),
    };
    let result = wrap::wrap(
        format,
        input,
        origin.as_deref(),
        &options,
        &migrator,
        a.threads.unwrap_or_else(default_threads),
        output,
        |p| {
            if let Some(pb) = &pb {
                if size.is_some() {
                    pb.set_position(p.bytes);
                }
                pb.set_message(format!("{} records", p.written));
            }
        },
    );
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let stats = result.map_err(|e| format!("wrap: {e}"))?;
    report(&stats, a.json, a.out.is_some());
    Ok(ExitCode::SUCCESS)
}

fn report(s: &Stats, json: bool, to_stdout: bool) {
    if json {
        let text = serde_json::to_string(s).unwrap_or_default();
        if to_stdout {
            println!("{text}");
        } else {
            eprintln!("{text}");
        }
        return;
    }
    let failed: u64 = s.not_wrapped.values().sum();
    eprintln!(
        "{} records: {} wrapped, {} already wrapped, {} at the policy's strength, {} without a password hash, {} not wrapped, {} unreadable{}",
        s.entries,
        s.wrapped,
        s.already_wrapped,
        s.strong,
        s.without_hash,
        failed,
        s.unreadable,
        if s.resumed > 0 {
            format!(" ({} kept from the interrupted run)", s.resumed)
        } else {
            String::new()
        }
    );
    for (kind, n) in &s.not_wrapped {
        eprintln!(
            "  not wrapped, {kind}: {n} (see wrap_error in their records; they upgrade at the next login)"
        );
    }
}
