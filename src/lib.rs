//! tebiki turns incident-response guidance documents into a bilingual static site.
//!
//! The library is the pipeline; the binary (`main.rs`) is a thin shell over it.
//!
//! 1. [`config`] reads `tebiki.toml` (or takes the defaults).
//! 2. [`load`] walks `content/<lang>/` in sorted order and reads each source.
//! 3. [`parse`] turns each source (`.txt` guidance text or `.md`) into the [`model`].
//! 4. [`link`] pairs translations, orders navigation, derives checklists.
//! 5. [`search`] indexes sections with tantivy and exports browser shards.
//! 6. [`render`] turns the site into pages with the [`theme`] (tera, syntect).
//! 7. [`write`] writes the output folder atomically.
//!
//! [`build()`](build::build) runs them in that order; [`pdf`] renders the same site into a
//! temporary folder and prints its handbook with a local Chromium. Search runs before render only
//! because the pages load the search script when, and only when, search wrote one.

pub mod build;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod config;
pub mod fsx;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod stamp;
pub mod theme;
pub mod translation;
pub mod write;

pub use build::{BuildEvents, BuildPlan, BuildReport, build};

use std::path::{Path, PathBuf};

use crate::model::{Diagnostic, Guide, Severity};

/// Errors that stop a command. Content problems are not errors: they are
/// [`Report`]ed diagnostics and the build goes on without the guide concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Load(#[from] load::LoadError),
    #[error(transparent)]
    Fs(#[from] fsx::FsError),
    #[error(transparent)]
    Plan(#[from] build::PlanError),
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error("cannot build the search index")]
    Search(#[from] search::SearchError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// A diagnostic with the file it concerns, ready to print as `file:line: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiagnostic {
    pub path: PathBuf,
    pub diagnostic: Diagnostic,
}

impl std::fmt::Display for FileDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = &self.diagnostic;
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        write!(f, "{}:{}: {}: {}", self.path.display(), d.line, sev, d.message)
    }
}

/// Loads and parses every guide of a site. Guides that cannot be used (undecodable, or
/// with an error diagnostic such as a missing title) are left out and reported.
pub fn load_guides(root: &Path, config: &config::Config) -> Result<(Vec<Guide>, Vec<FileDiagnostic>), Error> {
    let limits = load::LoadLimits { max_guide_bytes: config.max_guide_bytes };
    let load::Loaded { files, mut diagnostics } = load::load_content(root, &config.languages, limits)?;
    let opts = parse::ParseOptions::from(config);
    let mut guides = Vec::with_capacity(files.len());
    for file in &files {
        match parse::parse_source(file, opts) {
            Ok(guide) => {
                diagnostics.extend(
                    guide
                        .doc
                        .diagnostics
                        .iter()
                        .map(|d| FileDiagnostic { path: guide.source_path.clone(), diagnostic: d.clone() }),
                );
                if !guide.doc.diagnostics.has_errors() {
                    guides.push(guide);
                }
            }
            Err(e) => diagnostics.push(FileDiagnostic {
                path: file.rel_path.clone(),
                diagnostic: Diagnostic {
                    line: e.line().unwrap_or(1),
                    severity: Severity::Error,
                    message: error_without_path(&e),
                },
            }),
        }
    }
    Ok((guides, diagnostics))
}

/// The message of a parse error without its leading `path: ` (the caller adds the path).
fn error_without_path(e: &parse::ParseError) -> String {
    let full = e.to_string();
    match full.split_once(": ") {
        Some((_, rest)) => rest.to_owned(),
        None => full,
    }
}
