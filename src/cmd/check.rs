//! `tebiki check`: the findings of [`crate::check`], as text or as the JSON document of
//! `docs/check-json.md`, and the exit status CI reads (0 clean, 1 findings, 2 could not run).

use std::process::ExitCode;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, counts};
use crate::project::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Output format; `json` is documented in docs/check-json.md
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fail on warnings too
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The `--format json` document (version 1 of `docs/check-json.md`).
#[derive(Debug, Serialize)]
struct Report<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    findings: &'a [Diagnostic],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (format, root) = (args.format, args.root.root.clone());
    let result = checked(args);
    if let (Err(e), Format::Json) = (&result, format) {
        // A reader of the JSON gets a document either way: the one finding that stopped
        // the check (the exit status, 2, tells it apart from findings).
        let finding = stopped_by(e).relative_to(&root);
        let report = Report { version: 1, errors: 1, warnings: 0, findings: std::slice::from_ref(&finding) };
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    result
}

/// What stopped a check, as a finding: at its file and line when the error knows them.
fn stopped_by(e: &anyhow::Error) -> Diagnostic {
    use crate::diagnostic::{Code, ToDiagnostic};
    if let Some(e) = e.downcast_ref::<crate::project::ProjectError>() {
        return e.diagnostic();
    }
    if let Some(e) = e.downcast_ref::<crate::check::CheckError>() {
        return e.diagnostic();
    }
    Diagnostic::of_chain(Code::Usage, e.as_ref())
}

fn checked(args: Args) -> anyhow::Result<ExitCode> {
    let project = Project::load_kept(args.root.root)?;
    let findings = crate::check::check(&project)?;
    let (errors, warnings) = counts(&findings);
    match args.format {
        Format::Json => {
            let report = Report { version: 1, errors, warnings, findings: &findings };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            for f in &findings {
                println!("{f}");
            }
            println!(
                "check: {}, {}",
                crate::diagnostic::count(errors, "error"),
                crate::diagnostic::count(warnings, "warning")
            );
        }
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
