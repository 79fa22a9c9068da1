//! The commands: the command line (clap) and one file per command, each turning its
//! flags into a plan, running the library, and printing. This is the only code that
//! prints or uses `anyhow`; the library below returns typed errors, diagnostics and
//! events.
//!
//! | command | file |
//! |---|---|
//! | `tebiki build` | [`build`] |
//! | `tebiki serve` | [`serve`] |
//! | `tebiki check` | [`check`] |
//! | `tebiki search` | [`search`] |
//! | `tebiki import` | [`import`] |
//! | `tebiki stamp` | [`stamp`] |
//! | `tebiki pdf` | [`pdf`] |
//! | `tebiki export` | [`export`] |
//! | `tebiki init` | [`init`] |
//! | `tebiki new` | [`new`] |

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod pdf;
pub mod search;
pub mod serve;
pub mod stamp;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectError};

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
    ///
    /// Renders, indexes and writes only what changed since the last build. When nothing a
    /// build reads changed (tebiki.toml, content/, themes/, static/, the images guides show,
    /// the tool itself) and the output is as that build left it, it stops at once and says
    /// the output is up to date, repeating that build's warnings.
    Build(build::Args),
    /// Preview the site while you write: build, serve on 127.0.0.1, rebuild and reload on change
    ///
    /// Builds into ROOT/.tebiki/serve/ (never public/), watches tebiki.toml, content/,
    /// themes/ and static/, and reloads open pages after each good build: the edited pages first,
    /// then once more when the search index has caught up. A failed build shows its
    /// file, line and message over the page, and the last good site stays served.
    /// Ctrl+C stops.
    Serve(serve::Args),
    /// Convert guidance-text (.txt) files to Markdown, or print their document model as JSON
    Import(import::Args),
    /// Check links, anchors, translations, UI strings and import warnings (for CI)
    ///
    /// Exit status: 0 clean, 1 findings (warnings count only with --strict), 2 could not run.
    Check(check::Args),
    /// Start a new site in DIR: config, a sample guide per language, a guide for authors
    Init(init::Args),
    /// Add a guide: content/<lang>/<slug>.md from a template (a translation skeleton when
    /// the source-language guide exists)
    New(new::Args),
    /// Record in translations' front matter the version of the source they were made from
    Stamp(stamp::Args),
    /// Print the handbook (<lang>/print/) to PDF with a locally installed Chromium, offline
    ///
    /// Renders the site into a temporary folder and prints the handbook with headless
    /// Chromium: A4, page numbers in the footer, each guide's title as a running head,
    /// PDF bookmarks from the headings, and page numbers in the contents (each page is
    /// printed once to find them, then again with them). Every volume by default, or
    /// --volume N, or one guide with --guide SLUG. Needs Chromium 131 or later.
    Pdf(pdf::Args),
    /// Search the guides from the command line (the index the site's search exports)
    Search(search::Args),
    /// Write the site's search documents for another search engine (NDJSON, one a line)
    ///
    /// Each line is one section or subsection in one language: guide, section, lang, url,
    /// heading, text and kind (docs/export-ndjson.md), ready for a bulk import into an
    /// engine such as Quickwit or OpenSearch.
    Export(export::Args),
}

/// Runs a parsed command line. `Err` is for failures to run at all (exit 2); findings
/// that fail a command return their own exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Stamp(args) => stamp::run(args),
        Command::Pdf(args) => pdf::run(args),
        Command::Search(args) => search::run(args),
        Command::Export(args) => export::run(args),
    }
}

/// The `--root` every command that reads a site takes.
#[derive(Debug, clap::Args)]
pub struct RootArg {
    /// The site's folder (holding tebiki.toml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Loads the project at `root` (with the guides the last build kept, where their sources
/// did not change) and prints its diagnostics on stderr.
fn load_project(root: PathBuf) -> Result<Project, ProjectError> {
    let project = Project::load_kept(root)?;
    print_diagnostics(&project.diagnostics);
    Ok(project)
}

/// How many warnings (or notes) of one code in one file are printed; the rest are
/// counted.
const SHOWN_PER_FILE_AND_CODE: usize = 20;

/// Which diagnostics a command prints: every error, and at most
/// [`SHOWN_PER_FILE_AND_CODE`] warnings of one code in one file; the rest are counted for
/// [`Shown::summary`] (`check --format json` lists all). A guide of half a million
/// warnings prints a few screens, not half a million lines.
#[derive(Default)]
pub(crate) struct Shown {
    counts: std::sync::Mutex<std::collections::BTreeMap<(Option<PathBuf>, &'static str), usize>>,
}

impl Shown {
    /// Whether `d` is printed (it is counted either way).
    pub fn admit(&self, d: &Diagnostic) -> bool {
        if d.is_error() {
            return true;
        }
        let mut counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = counts.entry((d.file.clone(), d.code.as_str())).or_default();
        *n += 1;
        *n <= SHOWN_PER_FILE_AND_CODE
    }

    /// One line per file and code with diagnostics left unprinted.
    pub fn summary(&self) -> Vec<String> {
        let counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        counts
            .iter()
            .filter(|(_, n)| **n > SHOWN_PER_FILE_AND_CODE)
            .map(|((file, code), n)| {
                let file = file.as_ref().map_or_else(|| "(no file)".to_owned(), |f| f.display().to_string());
                let more = n - SHOWN_PER_FILE_AND_CODE;
                format!("{file}: … and {more} more like these ({code}; `tebiki check --format json` lists them all)")
            })
            .collect()
    }
}

/// Prints diagnostics on stderr, one a line, as [`Shown`] admits them.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let shown = Shown::default();
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diagnostics.iter().filter(|d| shown.admit(d)) {
        let _ = writeln!(err, "{d}");
    }
    for line in shown.summary() {
        let _ = writeln!(err, "{line}");
    }
    let _ = err.flush();
}

/// Prints only the errors among `diagnostics` (the guides left out), for a command that
/// reads the site but leaves its warnings to `build` and `check`.
fn print_errors(diagnostics: &[Diagnostic]) {
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        eprint_diagnostic(d);
    }
}

/// Prints one diagnostic (or other line) on stderr, as one write: stderr is not buffered,
/// and `eprintln!` writes each piece of a diagnostic's line on its own (a build of 1,000
/// guides that printed 900 warnings made 16,000 writes).
pub(crate) fn eprint_diagnostic(d: &dyn std::fmt::Display) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(format!("{d}\n").as_bytes());
}

/// Leaves `value` to the operating system: the command ends next, and its memory goes
/// with the process. Freeing a loaded project piece by piece took 10–30 ms of a one-guide
/// edit's build of 1,000 guides (its guides' every string and list); nothing it holds
/// has work left to do on drop (files are written and closed before).
#[allow(clippy::mem_forget)] // on purpose, and only here: not for guards or files
pub(crate) fn let_go_at_exit<T>(value: T) {
    std::mem::forget(value);
}
