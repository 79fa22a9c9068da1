//! The loaded project: one value that every command starts from.
//!
//! [`Project::load`] runs the first stages of the pipeline once, in order:
//!
//! 1. check that the root is a folder;
//! 2. read `tebiki.toml` ([`config`]) and the theme ([`theme`]);
//! 3. load and parse every guide ([`load`], [`parse`]) — a guide with an error diagnostic
//!    is left out, and its diagnostics are kept;
//! 4. link the guides into a [`Site`] ([`link`]): navigation, translations (with what
//!    `check` reports about them), checklists.
//!
//! What comes after — render, index and export, write — takes a `&Project`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, ConfigError};
use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::link::{self, Site};
use crate::load::{self, LoadError};
use crate::model::Guide;
use crate::parse;
use crate::theme::{Theme, ThemeError};

/// A site, loaded: its root, config (in [`Site::config`]), theme, linked guides, and every
/// diagnostic loading produced.
#[derive(Debug, Clone)]
pub struct Project {
    /// The site's folder, as given.
    pub root: PathBuf,
    pub theme: Theme,
    pub site: Site,
    /// Load and parser diagnostics, each naming its file; in load order.
    pub diagnostics: Vec<Diagnostic>,
    /// How long loading took (for the stage times of a build).
    pub loaded_in: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{}: the site root is not a folder", path.display())]
    RootMissing { path: PathBuf },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Load(#[from] LoadError),
}

impl ToDiagnostic for ProjectError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            ProjectError::RootMissing { path } => {
                Diagnostic::error(Code::Usage, "the site root is not a folder").in_file(path)
            }
            ProjectError::Config(e) => e.diagnostic(),
            ProjectError::Theme(e) => e.diagnostic(),
            ProjectError::Load(e) => e.diagnostic(),
        }
    }
}

/// Refuses a root that is not a folder (every command that takes `--root` starts here).
pub fn check_root(root: &Path) -> Result<(), ProjectError> {
    if root.is_dir() { Ok(()) } else { Err(ProjectError::RootMissing { path: root.to_owned() }) }
}

impl Project {
    /// Loads the site at `root` (see the module doc).
    pub fn load(root: impl Into<PathBuf>) -> Result<Project, ProjectError> {
        Project::load_with(root, |_| {})
    }

    /// Loads the site at `root` with its config adjusted by `adjust` before anything reads
    /// it (`tebiki pdf` turns search off, say).
    pub fn load_with(root: impl Into<PathBuf>, adjust: impl FnOnce(&mut Config)) -> Result<Project, ProjectError> {
        let started = Instant::now();
        let root = root.into();
        // 1. The root.
        check_root(&root)?;
        // 2. Config and theme.
        let mut config = Config::load(&root)?;
        adjust(&mut config);
        let theme = Theme::load(&root, &config.theme)?;
        // 3. Load and parse.
        let (guides, diagnostics) = load_guides(&root, &config)?;
        // 4. Link.
        let site = link::link(&config, guides);
        Ok(Project { root, theme, site, diagnostics, loaded_in: started.elapsed() })
    }

    pub fn config(&self) -> &Config {
        &self.site.config
    }

    /// Whether loading found an error (a guide left out, say).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and parses every guide of a site (steps 3 of [`Project::load`]). Guides that
/// cannot be used (undecodable, or with an error diagnostic such as a missing title) are
/// left out and reported; every diagnostic names its file.
pub fn load_guides(root: &Path, config: &Config) -> Result<(Vec<Guide>, Vec<Diagnostic>), LoadError> {
    let limits = load::LoadLimits { max_guide_bytes: config.max_guide_bytes };
    let load::Loaded { files, mut diagnostics } = load::load_content(root, &config.languages, limits)?;
    let opts = parse::ParseOptions::from(config);
    let mut guides = Vec::with_capacity(files.len());
    for file in &files {
        match parse::parse_source(file, opts) {
            Ok(guide) => {
                diagnostics.extend(guide.diagnostics());
                if !guide.doc.diagnostics.has_errors() {
                    guides.push(guide);
                }
            }
            Err(e) => {
                let d = e.diagnostic();
                diagnostics.push(if d.line.is_some() { d } else { d.at_line(1) });
            }
        }
    }
    Ok((guides, diagnostics))
}

/// The default output folder of a site: `ROOT/public` (`public` for the current folder).
pub fn default_out(root: &Path) -> PathBuf {
    if root == Path::new(".") { PathBuf::from(crate::paths::DEFAULT_OUT) } else { root.join(crate::paths::DEFAULT_OUT) }
}
