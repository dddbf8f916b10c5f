//! `hashbridge audit`: what an operator decides a migration plan with.

use std::process::ExitCode;

use clap::Args;
use hashbridge::toolkit::audit::Audit;

use crate::{ExportArgs, TargetArgs, each_entry};

#[derive(Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    export: ExportArgs,
    /// One JSON object instead of a table.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// A Markdown document instead of a table.
    #[arg(long)]
    markdown: bool,
    /// Do not time a target hash on this machine (leaves the wrap estimate out).
    #[arg(long)]
    no_timing: bool,
    #[command(flatten)]
    target: TargetArgs,
}

pub(crate) fn run(a: AuditArgs) -> Result<ExitCode, String> {
    let migrator = a
        .target
        .migrator()
        .map_err(|e| e.to_string())?
        .with_rehash(false);
    let mut audit = Audit::new(&migrator);
    let result = each_entry(&a.export, |e| audit.add(e));
    let ms = if a.no_timing {
        None
    } else {
        hashbridge::toolkit::bench::run(
            &migrator,
            &["target".to_owned()],
            std::time::Duration::from_millis(500),
        )
        .into_iter()
        .next()
        .and_then(Result::ok)
        .map(|t| t.ms_per_verify)
    };
    let report = audit.finish(ms);
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| e.to_string())?
        );
    } else if a.markdown {
        print!("{}", report.markdown());
    } else {
        print!("{}", report.table());
    }
    result.map(|_| ExitCode::SUCCESS)
}
