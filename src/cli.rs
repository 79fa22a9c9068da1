//! The command line: clap definitions, turned into one validated plan per command.
//! (Commands are added here as they are built.) This is the edge where errors become
//! `anyhow` and where the build's events are shown: diagnostics on stderr, a progress bar
//! on a terminal when a build runs long, and the summary line.

use std::cell::{Cell, RefCell};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tebiki",
    version,
    about = "Turn incident-response guidance into a bilingual static site with offline search",
    after_help = "Writing: `tebiki init DIR` starts a site, `tebiki new SLUG` adds a guide, and `tebiki serve` \
                  previews it while you write.\n\
                  Publishing: CI runs `tebiki check --strict`, then `tebiki build`, and publishes public/ \
                  (examples in docs/ci/)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder
    Build {
        /// The site's folder (holding tebiki.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: ROOT/public); replaced whole on every build
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the output folder even if tebiki did not write it
        #[arg(long)]
        force: bool,
    },
    /// Preview the site while you write: build, serve on 127.0.0.1, rebuild and reload on change
    ///
    /// Builds into ROOT/.tebiki/serve/ (never public/), watches content/, themes/ and
    /// tebiki.toml, and reloads open pages after each good build. A failed build shows its
    /// file, line and message over the page, and the last good site stays served.
    /// Ctrl+C stops.
    Serve {
        /// The site's folder (holding tebiki.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1; 0 picks a free one (the URL is printed)
        #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Convert guidance-text (.txt) files to Markdown, or print their document model as JSON
    Import {
        /// Guidance-text files to convert
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder to write the .md files to (default: beside each input)
        #[arg(long, conflicts_with = "json")]
        out: Option<PathBuf>,
        /// Print the document model as JSON instead of writing Markdown (one file only)
        #[arg(long)]
        json: bool,
        /// Replace .md files that already exist
        #[arg(long)]
        force: bool,
    },
    /// Check links, anchors, translations, UI strings and import warnings (for CI)
    ///
    /// Exit status: 0 clean, 1 findings (warnings count only with --strict), 2 could not run.
    Check {
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format; `json` is documented in docs/check-json.md
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Fail on warnings too
        #[arg(long)]
        strict: bool,
    },
    /// Start a new site in DIR: config, a sample guide per language, a guide for authors
    Init {
        /// Folder for the new site (must not exist, or be empty)
        dir: PathBuf,
    },
    /// Add a guide: content/<lang>/<slug>.md from a template (a translation skeleton when
    /// the source-language guide exists)
    New {
        /// Page name of the guide, e.g. `backup-restore`
        slug: String,
        /// Language (default: the site's source language)
        #[arg(long)]
        lang: Option<String>,
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Record in translations' front matter the version of the source they were made from
    Stamp {
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Translation files (.md) that are now up to date with their sources
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the handbook (<lang>/print/) to PDF with a locally installed Chromium, offline
    ///
    /// Renders the site into a temporary folder and prints the handbook with headless
    /// Chromium: A4, page numbers in the footer, each guide's title as a running head,
    /// PDF bookmarks from the headings. Needs Chromium 131 or later (for page numbers).
    Pdf {
        /// The site's folder (holding tebiki.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    },
    /// Search the guides from the command line (the index the site's search exports)
    Search {
        /// The site's folder (holding tebiki.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language to search (default: the site's source language)
        #[arg(long)]
        lang: Option<String>,
        /// Print the results as JSON: [{"url","guide","section","heading","score"}]
        #[arg(long)]
        json: bool,
        /// Number of results
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Search for the words as typed: no spelling variants, homophones or synonyms
        #[arg(long)]
        exact: bool,
        /// What to search for
        #[arg(required = true)]
        query: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Runs a parsed command line. `Err` is for failures to run at all (exit 2); findings
/// that fail a command return their own exit code.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Build { root, out, force } => {
            let mut plan = crate::BuildPlan::new(root, out, force)?;
            plan.stall_write_after = stall_hook()?;
            let events = TerminalEvents::new();
            let report = crate::build(&plan, &events)?;
            events.finish();
            println!("{report}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Serve { root, port, open } => {
            let plan = crate::serve::ServePlan::new(root, port)?;
            crate::serve::serve(&plan, std::sync::Arc::new(ServeTerminal { open }))?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Import { files, out, json, force } => {
            let plan = crate::import::ImportPlan::new(files, out, json, force)?;
            crate::import::run(&plan)
        }
        Command::Check { root, format, strict } => {
            let findings = crate::check::check_site(&root)?;
            let report = crate::check::report(&findings);
            match format {
                CheckFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                CheckFormat::Text => {
                    for f in &findings {
                        println!("{f}");
                    }
                    println!("check: {} errors, {} warnings", report.errors, report.warnings);
                }
            }
            let failed = report.errors > 0 || (strict && report.warnings > 0);
            Ok(if failed { std::process::ExitCode::from(1) } else { std::process::ExitCode::SUCCESS })
        }
        Command::Init { dir } => {
            for path in crate::scaffold::init(&dir)? {
                println!("created {}", path.display());
            }
            println!("next: cd {} && tebiki serve", dir.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::New { slug, lang, root } => {
            let path = crate::scaffold::new_guide(&root, &slug, lang.as_deref())?;
            println!("created {}", path.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Stamp { root, files } => {
            for (file, source) in crate::stamp::run(&crate::stamp::StampPlan { root, files })? {
                println!("{}: stamped against {}", file.display(), source.display());
            }
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Pdf { root, lang, out, chromium, timeout } => {
            let path = std::env::var_os("PATH");
            let timeout = Duration::from_secs(timeout);
            let plan = crate::pdf::PdfPlan::new(root, lang, out, chromium, path.as_deref(), timeout)?;
            let report = crate::pdf::pdf(&plan)?;
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
            println!("{report}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Search { root, lang, json, limit, exact, query } => {
            let plan = crate::search::command::SearchPlan { root, lang, json, limit, exact, query: query.join(" ") };
            crate::search::command::run(&plan)
        }
    }
}

/// `TEBIKI_TEST_STALL_WRITE=N`: the test hook that pauses a build after writing N files.
fn stall_hook() -> anyhow::Result<Option<usize>> {
    match std::env::var("TEBIKI_TEST_STALL_WRITE") {
        Ok(n) => {
            Ok(Some(n.parse().map_err(|_| anyhow::anyhow!("TEBIKI_TEST_STALL_WRITE must be a number, not `{n}`"))?))
        }
        Err(_) => Ok(None),
    }
}

/// Shows a build's events: diagnostics as `path:line: severity: message` on stderr, and
/// a progress bar once rendering has run for [`TerminalEvents::BAR_AFTER`] on a terminal.
struct TerminalEvents {
    started: Instant,
    terminal: bool,
    total: Cell<u64>,
    done: Cell<u64>,
    bar: RefCell<Option<indicatif::ProgressBar>>,
}

impl TerminalEvents {
    const BAR_AFTER: Duration = Duration::from_millis(500);

    fn new() -> Self {
        TerminalEvents {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            total: Cell::new(0),
            done: Cell::new(0),
            bar: RefCell::new(None),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

impl crate::BuildEvents for TerminalEvents {
    fn pages_planned(&self, total: u64) {
        self.total.set(total);
    }

    fn page_done(&self) {
        self.done.set(self.done.get() + 1);
        let mut bar = self.bar.borrow_mut();
        match bar.as_ref() {
            Some(b) => b.set_position(self.done.get()),
            None if self.terminal && self.started.elapsed() >= Self::BAR_AFTER => {
                let b = indicatif::ProgressBar::new(self.total.get());
                b.set_style(
                    indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} pages")
                        .expect("valid progress template")
                        .progress_chars("=> "),
                );
                b.set_message("rendering");
                b.set_position(self.done.get());
                // Redraws while a long stage gives no updates (writing, say).
                b.enable_steady_tick(Duration::from_millis(200));
                *bar = Some(b);
            }
            None => {}
        }
    }

    fn diagnostic(&self, d: &crate::FileDiagnostic) {
        match self.bar.borrow().as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("{d}")),
            None => eprintln!("{d}"),
        }
    }

    fn writing(&self, files: usize) {
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.set_position(self.total.get());
            bar.set_message(format!("writing {files} files"));
        }
    }
}

/// Shows what `serve` does: the URL and each rebuild on stdout, diagnostics and failures
/// on stderr; opens the browser when asked.
struct ServeTerminal {
    open: bool,
}

impl crate::serve::ServeEvents for ServeTerminal {
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
    fn built(&self, report: &crate::BuildReport, build: u64) {
        let stages: Vec<String> =
            report.stages.iter().map(|(name, took)| format!("{name} {} ms", took.as_millis())).collect();
        println!(
            "build {build}: {} guides, {} pages in {} ms ({})",
            report.guides,
            report.pages,
            report.elapsed.as_millis(),
            stages.join(", ")
        );
    }

    fn failed(&self, problems: &[crate::serve::Problem]) {
        for p in problems {
            eprintln!("error: {p}");
        }
        eprintln!("build failed; still serving the last good build");
    }

    fn diagnostic(&self, d: &crate::FileDiagnostic) {
        eprintln!("{d}");
    }

    fn watch_error(&self, message: &str) {
        eprintln!("warning: watching for changes: {message}");
    }
}
