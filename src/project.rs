//! The loaded project: one value that every command starts from.
//!
//! [`Project::load`] runs the first stages of the pipeline once, in order:
//!
//! 1. check that the root is a folder;
//! 2. read `tebiki.toml` ([`config`]) and the theme ([`theme`]);
//! 3. load and parse every guide ([`load`], [`parse`]; on every core) — a guide with an
//!    error diagnostic is left out, and its diagnostics are kept — and, with
//!    `dates = "git"`, date the guides by their last commits ([`dates`](crate::dates));
//! 4. link the guides into a [`Site`] ([`link`]): navigation, translations (with what
//!    `check` reports about them), checklists, links between guides;
//! 5. read the images the guides show and the `static/` folder ([`media`]).
//!
//! Before step 2 it takes the site's [`SourceStamp`] (one walk of `content/`, nothing
//! read), which the build records beside the search index it makes from this project.
//!
//! [`Project::load_reusing`] (for `serve`, which loads the same site again and again) keeps
//! the parsed guides in a [`GuideCache`]: a guide whose source file is unchanged is not
//! parsed again. Everything else is done again as on a first load, and the project equals
//! the one [`Project::load`] gives.
//!
//! What comes after — render, index and export, write — takes a `&Project`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fingerprint::Fingerprint;
use crate::link::{self, Site};
use crate::load::{self, LoadError};
use crate::media::{self, MediaError};
use crate::model::Guide;
use crate::parse::{self, ParseOptions};
use crate::search::stamp::SourceStamp;
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
    /// The sources as they were before loading read them; `None` when the config was
    /// adjusted after reading (see [`Project::load_with`]), as a search index made from
    /// such a project is not the one the sources give.
    pub sources: Option<SourceStamp>,
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
    #[error(transparent)]
    Media(#[from] MediaError),
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
            ProjectError::Media(e) => e.diagnostic(),
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
        Project::load_from(root.into(), adjust, None)
    }

    /// Loads the site at `root` again, parsing only the guides whose source changed since
    /// the loads that filled `cache`; the others are taken from it. The project is the
    /// one [`Project::load`] gives.
    pub fn load_reusing(root: impl Into<PathBuf>, cache: &mut GuideCache) -> Result<Project, ProjectError> {
        Project::load_from(root.into(), |_| {}, Some(cache))
    }

    fn load_from(
        root: PathBuf,
        adjust: impl FnOnce(&mut Config),
        cache: Option<&mut GuideCache>,
    ) -> Result<Project, ProjectError> {
        let started = Instant::now();
        // 1. The root.
        check_root(&root)?;
        let stamp = SourceStamp::compute(&root);
        // 2. Config and theme.
        let mut config = Config::load(&root)?;
        let as_read = config.clone();
        adjust(&mut config);
        let sources = (config == as_read).then_some(stamp);
        let theme = Theme::load(&root, &config.theme)?;
        // 3. Load and parse.
        let (mut guides, mut diagnostics) = load_guides_with(&root, &config, cache)?;
        diagnostics.extend(theme.findings().into_iter().map(|d| d.relative_to(&root)));
        if config.dates == crate::config::DateSource::Git {
            diagnostics.extend(crate::dates::apply_git_dates(&root, &mut guides));
        }
        // 4. Link.
        let mut site = link::link(&config, guides);
        // 5. Media.
        media::load(&root, &mut site)?;
        Ok(Project { root, theme, site, diagnostics, loaded_in: started.elapsed(), sources })
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
    load_guides_with(root, config, None)
}

/// [`load_guides`], taking unchanged guides from `cache` when given one (and leaving in it
/// the guides of this load, and nothing else).
fn load_guides_with(
    root: &Path,
    config: &Config,
    cache: Option<&mut GuideCache>,
) -> Result<(Vec<Guide>, Vec<Diagnostic>), LoadError> {
    let limits = load::LoadLimits { max_guide_bytes: config.max_guide_bytes };
    let load::Loaded { files, mut diagnostics } = load::load_content(root, &config.languages, limits)?;
    let opts = ParseOptions::from(config);
    // Parse on every core; the guides keep the order of the files.
    let parsed: Vec<Result<Guide, parse::ParseError>> = match cache {
        Some(cache) => cache.parse_all(&files, opts),
        None => files.par_iter().map(|file| parse::parse_source(file, opts)).collect(),
    };
    let mut guides = Vec::with_capacity(files.len());
    for parsed in parsed {
        match parsed {
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

/// Parsed guides kept between loads of one site ([`Project::load_reusing`]).
///
/// A guide is reused when everything its parse reads is the same: the source file's path,
/// language and slug, its bytes (compared by SHA-256; they are read anyway, and hashing
/// them costs little next to parsing) and the parse options of the config. Its size and
/// modification time add nothing to that, so a file saved unchanged is not parsed again.
/// A source that does not parse is parsed again on every load.
#[derive(Debug, Default)]
pub struct GuideCache {
    entries: HashMap<PathBuf, CachedGuide>,
    /// Guides parsed, and guides reused, by the last load.
    pub parsed: usize,
    pub reused: usize,
}

#[derive(Debug)]
struct CachedGuide {
    key: [u8; 32],
    guide: Guide,
}

impl GuideCache {
    /// The guides of `files`, in their order: the cached one where its key matches, else
    /// parsed (on every core). The cache keeps the guides of this load and nothing else.
    fn parse_all(&mut self, files: &[load::SourceFile], opts: ParseOptions) -> Vec<Result<Guide, parse::ParseError>> {
        let keys: Vec<[u8; 32]> = files.par_iter().map(|file| cache_key(file, opts)).collect();
        let cached: Vec<Option<Guide>> = files
            .iter()
            .zip(&keys)
            .map(|(file, key)| self.entries.remove(&file.rel_path).filter(|c| c.key == *key).map(|c| c.guide))
            .collect();
        self.reused = cached.iter().flatten().count();
        self.parsed = files.len() - self.reused;
        let results: Vec<Result<Guide, parse::ParseError>> = files
            .par_iter()
            .zip(cached)
            .map(|(file, cached)| cached.map_or_else(|| parse::parse_source(file, opts), Ok))
            .collect();
        // A source that does not parse is not kept: it is parsed again on every load.
        self.entries = files
            .iter()
            .zip(keys)
            .zip(&results)
            .filter_map(|((file, key), result)| {
                Some((file.rel_path.clone(), CachedGuide { key, guide: result.as_ref().ok()?.clone() }))
            })
            .collect();
        results
    }
}

/// Everything [`parse::parse_source`] reads, hashed.
fn cache_key(file: &load::SourceFile, opts: ParseOptions) -> [u8; 32] {
    let mut h = Fingerprint::new();
    let ParseOptions { raw_html, accept_shift_jis, max_bytes } = opts;
    for part in [
        file.lang.as_bytes(),
        file.slug.as_bytes(),
        file.rel_path.as_os_str().as_encoded_bytes(),
        &[u8::from(raw_html), u8::from(accept_shift_jis)],
        &max_bytes.to_le_bytes(),
        &file.bytes,
    ] {
        h.part(part);
    }
    h.bytes()
}

/// The default output folder of a site: `ROOT/public` (`public` for the current folder).
pub fn default_out(root: &Path) -> PathBuf {
    if root == Path::new(".") { PathBuf::from(crate::paths::DEFAULT_OUT) } else { root.join(crate::paths::DEFAULT_OUT) }
}
