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
//! the one [`Project::load`] gives. [`Project::load_for_build`] does the same with the
//! guides the last `tebiki build` kept on disk.
//!
//! What comes after — render, index and export, write — takes a `&Project`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fingerprint::Gathered;
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
    /// Per guide source (its [`Guide::source_path`]), what its parse read, hashed: the
    /// guide cache's key, which gives the same guide whenever it is the same (for this
    /// tebiki). Empty when the project was loaded without a cache. A build's search stage
    /// keeps what it takes of each guide under it ([`crate::search::Plan::with_known`]).
    pub parsed_from: HashMap<PathBuf, [u8; 32]>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{}: the site root {}", path.display(), root_problem(path))]
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
                // Named in the message too: a report relative to the root leaves its file empty.
                Diagnostic::error(Code::Usage, format!("the site root {} {}", path.display(), root_problem(path)))
                    .in_file(path)
            }
            ProjectError::Config(e) => e.diagnostic(),
            ProjectError::Theme(e) => e.diagnostic(),
            ProjectError::Load(e) => e.diagnostic(),
            ProjectError::Media(e) => e.diagnostic(),
        }
    }
}

/// What is wrong with a root that is no folder.
fn root_problem(path: &Path) -> &'static str {
    if std::fs::symlink_metadata(path).is_err() { "does not exist" } else { "is not a folder" }
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
        Project::load_from(root.into(), adjust, None, &load::Hashes::new())
    }

    /// Loads the site at `root` again, parsing only the guides whose source changed since
    /// the loads that filled `cache`; the others are taken from it. The project is the
    /// one [`Project::load`] gives.
    pub fn load_reusing(root: impl Into<PathBuf>, cache: &mut GuideCache) -> Result<Project, ProjectError> {
        Project::load_from(root.into(), |_| {}, Some(cache), &load::Hashes::new())
    }

    /// Loads the site at `root`, taking the guides whose source did not change from those
    /// the last `tebiki build` kept ([`GuideCache::read`]); writes nothing. The project is
    /// the one [`Project::load`] gives.
    pub fn load_kept(root: impl Into<PathBuf>) -> Result<Project, ProjectError> {
        Project::load_kept_with(root, |_| {})
    }

    /// [`Project::load_kept`] with the config adjusted as [`Project::load_with`] does.
    pub fn load_kept_with(root: impl Into<PathBuf>, adjust: impl FnOnce(&mut Config)) -> Result<Project, ProjectError> {
        let root = root.into();
        let mut cache = GuideCache::read(&root);
        Project::load_from(root, adjust, Some(&mut cache), &load::Hashes::new())
    }

    /// Loads the site at `root` for `tebiki build`: with the guides the last build kept
    /// ([`GuideCache::read`]), so that only the guides whose source changed are parsed.
    /// The cache, holding this load's guides, is for [`GuideCache::write`] to keep.
    pub fn load_for_build(root: impl Into<PathBuf>) -> Result<(Project, GuideCache), ProjectError> {
        Project::load_for_build_hashed(root, load::Hashes::new())
    }

    /// [`Project::load_for_build`], given the hashes of the sources' bytes taken before
    /// the load (`tebiki build` hashes its inputs first): a source whose guide the cache
    /// keeps by that hash is not read again.
    pub fn load_for_build_hashed(
        root: impl Into<PathBuf>,
        hashes: load::Hashes,
    ) -> Result<(Project, GuideCache), ProjectError> {
        let root = root.into();
        let mut cache = GuideCache::read(&root);
        let project = Project::load_from(root, |_| {}, Some(&mut cache), &hashes)?;
        Ok((project, cache))
    }

    /// Loads the site at `root`, with `cache` when given, reading a source only when its
    /// guide is not kept under the hash `hashes` gives for it (see [`load::load_content_hashed`]).
    fn load_from(
        root: PathBuf,
        adjust: impl FnOnce(&mut Config),
        mut cache: Option<&mut GuideCache>,
        hashes: &load::Hashes,
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
        let (mut guides, mut diagnostics) = load_guides_with(&root, &config, cache.as_deref_mut(), hashes)?;
        let parsed_from = cache.map(|c| c.keys()).unwrap_or_default();
        diagnostics.extend(theme.findings(&config.languages).into_iter().map(|d| d.relative_to(&root)));
        if config.dates == crate::config::DateSource::Git {
            diagnostics.extend(crate::dates::apply_git_dates(&root, &mut guides));
        }
        // A language tebiki.toml names that has no guides has no pages at all: said, unless
        // no language has any (the build says that).
        if config.languages_given && !guides.is_empty() {
            for lang in config.languages.iter().filter(|l| !guides.iter().any(|g| &g.lang == *l)) {
                // Guides that are there but were left out are not "no guides".
                let left_out = crate::diagnostic::errors_below(&diagnostics, &Path::new("content").join(lang));
                let message = if left_out > 0 {
                    format!(
                        "`{lang}` is in `languages`, but every guide of content/{lang}/ was left out ({} in \
                         content/{lang}/): the site has no `{lang}` pages",
                        crate::diagnostic::count(left_out, "error")
                    )
                } else {
                    format!(
                        "`{lang}` is in `languages`, but content/{lang}/ has no guides: the site has no `{lang}` pages"
                    )
                };
                diagnostics.push(
                    Diagnostic::warning(crate::diagnostic::Code::Config, message).in_file(crate::config::FILE_NAME),
                );
            }
        }
        // 4. Link.
        let mut site = link::link(&config, guides);
        // 5. Media.
        media::load(&root, &mut site)?;
        Ok(Project { root, theme, site, diagnostics, loaded_in: started.elapsed(), sources, parsed_from })
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
    load_guides_with(root, config, None, &load::Hashes::new())
}

/// [`load_guides`], taking unchanged guides from `cache` when given one (and leaving in it
/// the guides of this load, and nothing else); a source whose hash `hashes` has is read
/// only when its guide must be parsed.
fn load_guides_with(
    root: &Path,
    config: &Config,
    cache: Option<&mut GuideCache>,
    hashes: &load::Hashes,
) -> Result<(Vec<Guide>, Vec<Diagnostic>), LoadError> {
    let limits = load::LoadLimits { max_guide_bytes: config.max_guide_bytes };
    let load::Loaded { files, mut diagnostics } = load::load_content_hashed(root, &config.languages, limits, hashes)?;
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

/// Parsed guides kept between loads of one site: in memory for `serve`
/// ([`Project::load_reusing`]), and on disk for `tebiki build` ([`GuideCache::read`],
/// [`GuideCache::write`]: `.tebiki/cache/guides`, each guide in the form of
/// [`crate::model_codec`]).
///
/// A guide is reused when everything its parse reads is the same: the source file's path,
/// language and slug, its bytes (compared by their BLAKE3 hash, [`Gathered`]) and the parse
/// options of the config. Its size and modification time add nothing to that, so a file
/// saved unchanged is not parsed again. `tebiki build` hashes every source before it loads
/// the site (to tell whether anything changed): the load is given those hashes
/// ([`Project::load_for_build_hashed`]) and reads a source only when its guide is not
/// kept under its hash.
/// A source that does not parse is parsed again on every load, and so is a stored guide
/// that does not decode.
#[derive(Debug, Default)]
pub struct GuideCache {
    entries: HashMap<PathBuf, CachedGuide>,
    /// Whether guides are kept encoded (to be written to disk) rather than as values.
    encoded: bool,
    /// The store the cache was read from: [`Kept::Stored`] guides are ranges of it.
    store: Vec<u8>,
    /// Guides parsed, and guides reused, by the last load.
    pub parsed: usize,
    pub reused: usize,
}

#[derive(Debug)]
struct CachedGuide {
    key: [u8; 32],
    kept: Kept,
}

/// A guide as the cache keeps it. An encoded one comes with the BLAKE3 hash of its bytes,
/// which the store holds and a load checks before decoding: damaged bytes could decode
/// to another guide.
#[derive(Debug)]
enum Kept {
    Guide(Box<Guide>),
    Encoded {
        sum: [u8; 32],
        bytes: Vec<u8>,
    },
    /// Bytes of [`GuideCache::store`].
    Stored {
        sum: [u8; 32],
        range: std::ops::Range<usize>,
    },
}

/// The first line of the store: what it is, and the tool that wrote it (a store of another
/// build of tebiki is not read).
fn store_header() -> String {
    format!("tebiki parsed guides {}\n", crate::fingerprint::TOOL)
}

impl GuideCache {
    /// The guides the last `tebiki build` of the site at `root` kept: an empty cache when
    /// there are none, or they were kept by another build of tebiki, or the file is
    /// damaged. Loads with it keep the guides encoded, for [`GuideCache::write`].
    pub fn read(root: &Path) -> GuideCache {
        let store = std::fs::read(store_path(root)).unwrap_or_default();
        match parse_store(&store) {
            Some(entries) => GuideCache { entries, encoded: true, store, parsed: 0, reused: 0 },
            None => GuideCache { encoded: true, ..GuideCache::default() },
        }
    }

    /// The same cache keeping the guides it loads as values, for loads that follow each
    /// other in one process (`serve`, which starts from the last build's guides).
    pub fn in_memory(mut self) -> GuideCache {
        self.encoded = false;
        self
    }

    /// Keeps the guides of the last load for the next build of the site at `root`
    /// (written aside and renamed, so that a reader sees the old file or the new). The
    /// file aside has one name, so that a build killed while writing it leaves one such
    /// file, which the next build overwrites. Two builds of one site take turns on an OS
    /// lock (`guides.lock` beside the store) to write and rename it, so that neither
    /// renames a file the other is writing; a store damaged anyway costs the next build a
    /// parse of every guide, never a wrong guide ([`GuideCache::read`] checks every part).
    pub fn write(&self, root: &Path) -> Result<(), crate::write::WriteError> {
        use std::io::Write;
        let path = store_path(root);
        let draft = path.with_extension("new");
        // Held until the store is renamed into place (dropped at the end).
        let _turn = crate::write::Lock::acquire(&path.with_extension("lock"), &crate::write::NoEvents)?;
        let err = |e| crate::fsx::FsError::new("write", &draft, e);
        let mut out = std::io::BufWriter::with_capacity(1 << 20, crate::fsx::create(&draft)?);
        out.write_all(store_header().as_bytes()).map_err(err)?;
        let mut paths: Vec<&PathBuf> = self.entries.keys().collect();
        paths.sort();
        for path in paths {
            let entry = &self.entries[path];
            let (sum, bytes) = match &entry.kept {
                Kept::Guide(_) => continue,
                Kept::Encoded { sum, bytes } => (sum, &bytes[..]),
                Kept::Stored { sum, range } => (sum, &self.store[range.clone()]),
            };
            let Some(name) = path.to_str() else { continue };
            for part in [name.as_bytes(), &entry.key[..], &sum[..], bytes] {
                out.write_all(&(part.len() as u64).to_le_bytes()).map_err(err)?;
                out.write_all(part).map_err(err)?;
            }
        }
        out.into_inner().map_err(|e| err(e.into_error()))?;
        Ok(crate::fsx::replace(&draft, &path, &path.with_extension("old"))?)
    }

    /// The guides of `files`, in their order: the cached one where its key matches, else
    /// parsed (on every core). The cache keeps the guides of this load and nothing else.
    fn parse_all(&mut self, files: &[load::SourceFile], opts: ParseOptions) -> Vec<Result<Guide, parse::ParseError>> {
        let keys: Vec<[u8; 32]> = files.par_iter().map(|file| cache_key(file, opts)).collect();
        let cached: Vec<Option<Kept>> = files
            .iter()
            .zip(&keys)
            .map(|(file, key)| self.entries.remove(&file.rel_path).filter(|c| c.key == *key).map(|c| c.kept))
            .collect();
        let (encoded, store) = (self.encoded, &self.store);
        let decode = |sum: &[u8; 32], bytes: &[u8]| {
            (blake3::hash(bytes) == *sum).then(|| crate::model_codec::decode(bytes)).flatten()
        };
        // Per file: the guide (reused or parsed), and what the cache keeps of it.
        let done: Vec<Done> = files
            .par_iter()
            .zip(cached)
            .zip(&keys)
            .map(|((file, cached), key)| {
                let reused = match cached {
                    Some(Kept::Guide(guide)) => Some((*guide, None)),
                    Some(Kept::Encoded { sum, bytes }) => {
                        decode(&sum, &bytes).map(|g| (g, Some(Kept::Encoded { sum, bytes })))
                    }
                    Some(Kept::Stored { sum, range }) => {
                        decode(&sum, &store[range.clone()]).map(|g| (g, Some(Kept::Stored { sum, range })))
                    }
                    None => None,
                };
                let (result, was_reused, stored, key) = match reused {
                    Some((guide, stored)) => (Ok(guide), true, stored, *key),
                    // A source not read is read now: its guide is kept by the hash of the
                    // bytes parsed (the file may have changed since it was hashed).
                    None => match file.read() {
                        Ok(read) => {
                            // A file read by the load already has its key, of those bytes.
                            let key = match &read {
                                std::borrow::Cow::Borrowed(_) => *key,
                                std::borrow::Cow::Owned(read) => cache_key(read, opts),
                            };
                            (parse::parse_source(&read, opts), false, None, key)
                        }
                        Err(e) => (Err(parse::ParseError::unreadable(file, e)), false, None, *key),
                    },
                };
                // A source that does not parse is not kept: it is parsed again on every load.
                let kept = result.as_ref().ok().map(|guide| match (encoded, stored) {
                    (true, Some(stored)) => stored,
                    (true, None) => {
                        let bytes = crate::model_codec::encode(guide);
                        Kept::Encoded { sum: *blake3::hash(&bytes).as_bytes(), bytes }
                    }
                    (false, _) => Kept::Guide(Box::new(guide.clone())),
                });
                (result, was_reused, kept, key)
            })
            .collect();
        if !encoded {
            // Every guide is kept as a value now: the store read is let go.
            self.store = Vec::new();
        }
        self.reused = done.iter().filter(|d| d.1).count();
        self.parsed = files.len() - self.reused;
        let mut results = Vec::with_capacity(done.len());
        self.entries = HashMap::with_capacity(done.len());
        for (file, (result, _, kept, key)) in files.iter().zip(done) {
            if let Some(kept) = kept {
                self.entries.insert(file.rel_path.clone(), CachedGuide { key, kept });
            }
            results.push(result);
        }
        results
    }

    /// Per guide of the last load, by source path: its key (what its parse read, hashed).
    pub fn keys(&self) -> HashMap<PathBuf, [u8; 32]> {
        self.entries.iter().map(|(path, entry)| (path.clone(), entry.key)).collect()
    }
}

/// What [`GuideCache::parse_all`] did with a file: the guide (reused or parsed), whether it
/// was reused, what the cache keeps of it, and the key it is kept under.
type Done = (Result<Guide, parse::ParseError>, bool, Option<Kept>, [u8; 32]);

fn store_path(root: &Path) -> PathBuf {
    root.join(crate::paths::CACHE_DIR).join("guides")
}

/// The entries of a store (see [`GuideCache::write`]), or `None` when it is not a whole
/// store of this tool.
fn parse_store(store: &[u8]) -> Option<HashMap<PathBuf, CachedGuide>> {
    let mut at = store_header().len();
    if !store.starts_with(store_header().as_bytes()) {
        return None;
    }
    let mut part = || -> Option<std::ops::Range<usize>> {
        let len = u64::from_le_bytes(*store.get(at..)?.first_chunk::<8>()?);
        let start = at + 8;
        let end = start.checked_add(usize::try_from(len).ok()?).filter(|end| *end <= store.len())?;
        at = end;
        Some(start..end)
    };
    let mut entries = HashMap::new();
    while let Some(name) = part() {
        let path = PathBuf::from(std::str::from_utf8(&store[name]).ok()?);
        let key: [u8; 32] = store[part()?].try_into().ok()?;
        let sum: [u8; 32] = store[part()?].try_into().ok()?;
        entries.insert(path, CachedGuide { key, kept: Kept::Stored { sum, range: part()? } });
    }
    (at == store.len()).then_some(entries)
}

/// Everything [`parse::parse_source`] reads, hashed.
fn cache_key(file: &load::SourceFile, opts: ParseOptions) -> [u8; 32] {
    let mut h = Gathered::new();
    let ParseOptions { raw_html, accept_shift_jis, max_bytes } = opts;
    for part in [
        file.lang.as_bytes(),
        file.slug.as_bytes(),
        file.rel_path.as_os_str().as_encoded_bytes(),
        &[u8::from(raw_html), u8::from(accept_shift_jis)],
        &max_bytes.to_le_bytes(),
        &file.hash(),
    ] {
        h.part(part);
    }
    h.bytes()
}

/// The default output folder of a site: `ROOT/public` (`public` for the current folder).
pub fn default_out(root: &Path) -> PathBuf {
    if root == Path::new(".") { PathBuf::from(crate::paths::DEFAULT_OUT) } else { root.join(crate::paths::DEFAULT_OUT) }
}
