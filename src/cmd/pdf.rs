//! `tebiki pdf`: prints the handbook with a local Chromium ([`crate::pdf`]) and says what
//! it wrote.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::pdf::{PdfPlan, load_project};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Language of the handbook (default: the site's source language)
    #[arg(long)]
    lang: Option<String>,
    /// The PDF to write (default: handbook-<lang>.pdf in the current folder)
    #[arg(long)]
    out: Option<PathBuf>,
    /// The browser to print with (default: chromium, chromium-browser, google-chrome or
    /// google-chrome-stable, the first found on PATH)
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
    /// Seconds the browser may take before it is stopped
    #[arg(long, default_value_t = 120)]
    timeout: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    crate::project::check_root(&args.root.root)?;
    let path = std::env::var_os("PATH");
    let timeout = Duration::from_secs(args.timeout);
    let plan = PdfPlan::new(args.lang, args.out, args.chromium, path.as_deref(), timeout)?;
    let project = load_project(&args.root.root)?;
    super::print_diagnostics(&project.diagnostics);
    let report = crate::pdf::pdf(&project, &plan)?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}
