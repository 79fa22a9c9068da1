//! `tebiki serve`: the preview server, with what it does told on the terminal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::BuildReport;
use crate::diagnostic::Diagnostic;
use crate::serve::{DEFAULT_PORT, ServeEvents, ServePlan};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Port on 127.0.0.1; 0 picks a free one (the URL is printed)
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let plan = ServePlan::new(args.root.root, args.port)?;
    crate::serve::serve(&plan, Arc::new(ServeTerminal { open: args.open, built: Default::default() }))?;
    Ok(ExitCode::SUCCESS)
}

/// Shows what `serve` does: the URL and each rebuild on stdout, diagnostics and failures
/// on stderr; opens the browser when asked.
struct ServeTerminal {
    open: bool,
    /// Whether a build has succeeded (there is a good build to keep serving).
    built: std::sync::atomic::AtomicBool,
}

impl ServeEvents for ServeTerminal {
    fn listening(&self, url: &str) {
        println!("serving at {url} (Ctrl+C to stop)");
        if self.open {
            if let Err(e) = opener::open_browser(url) {
                eprintln!("warning: cannot open a browser: {e}; open {url} yourself");
            }
        }
    }

    fn changed(&self, paths: &[PathBuf]) {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        println!("changed: {}", names.join(", "));
    }

    /// `build 2: 10 guides, 16 pages in 57 ms (load 4 ms, search 20 ms, render 15 ms, write 18 ms)`
    fn built(&self, report: &BuildReport, build: u64) {
        self.built.store(true, std::sync::atomic::Ordering::Relaxed);
        let stages: Vec<String> =
            report.stages.iter().map(|(name, took)| format!("{name} {} ms", took.as_millis())).collect();
        let pending = if report.search_deferred { "; search follows" } else { "" };
        println!(
            "build {build}: {}, {} pages in {} ms ({}{pending})",
            crate::build::guides(report.guides, 0),
            report.pages,
            report.elapsed.as_millis(),
            stages.join(", ")
        );
    }

    fn failed(&self, problems: &[Diagnostic]) {
        for p in problems {
            eprintln!("{p}");
        }
        if self.built.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!("build failed; still serving the last good build");
        } else {
            eprintln!("build failed; the pages say so until a save builds the site");
        }
    }

    fn diagnostic(&self, d: &Diagnostic) {
        super::eprint_diagnostic(d);
    }

    fn watch_error(&self, message: &str) {
        eprintln!("warning: watching for changes: {message}");
    }
}
