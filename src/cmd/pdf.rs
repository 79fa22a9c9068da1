//! `tebiki pdf`: prints the handbook — every volume, one volume, or one guide — with a
//! local Chromium ([`crate::pdf`]) and says what it wrote.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::pdf::{Choice, PdfPlan, load_project};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").multiple(false)))]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Language of the handbook (default: the site's source language)
    #[arg(long)]
    lang: Option<String>,
    /// Print every volume of the handbook, one PDF each (what is printed when no volume or
    /// guide is chosen)
    #[arg(long, group = "which")]
    all: bool,
    /// Print volume N of the handbook (on a site whose handbook has several)
    #[arg(long, value_name = "N", group = "which")]
    volume: Option<usize>,
    /// Print one guide: its chapter, brief and checklist (its print view, <lang>/<slug>/print/)
    #[arg(long, value_name = "SLUG", group = "which")]
    guide: Option<String>,
    /// The PDF to write (default: handbook-<lang>.pdf, handbook-<lang>-<N>.pdf for volume N
    /// of several, guide-<slug>-<lang>.pdf for a guide, in the current folder); with
    /// several volumes, each PDF is this name with -<N> before the extension
    #[arg(long)]
    out: Option<PathBuf>,
    /// The browser to print with (default: chromium, chromium-browser, google-chrome or
    /// google-chrome-stable, the first found on PATH)
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
    /// Seconds the browser may take for one printing before it is stopped (1 to 86400)
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    crate::project::check_root(&args.root.root)?;
    let path = std::env::var_os("PATH");
    let timeout = Duration::from_secs(args.timeout);
    let choice = match (args.volume, args.guide) {
        (Some(n), _) => Choice::Volume(n),
        (None, Some(slug)) => Choice::Guide(slug),
        (None, None) => Choice::All,
    };
    let plan = PdfPlan::new(args.lang, choice, args.out, args.chromium, path.as_deref(), timeout)?;
    plan.check_out(&args.root.root)?;
    let project = load_project(&args.root.root)?;
    super::print_errors(&project.diagnostics);
    for report in crate::pdf::pdf(&project, &plan)? {
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
