//! Build: the pipeline after loading — a [`Project`] → the output folder, redoing only what
//! changed since the last build.
//!
//! 1. index and export — when `config.search` and the search files' key
//!    ([`search::Plan::key`]) differs from the last build's, with the index kept in
//!    `ROOT/.tebiki/cache/` and updated guide by guide ([`search`]); only shards whose
//!    bytes changed are written (`serve` puts this off until the pages are up);
//! 2. render — the render units ([`render::Unit`]) whose key (what they are made from)
//!    differs from the last build's are rendered, on every core, and their files handed to
//!    the writer as they come; the other units keep their files;
//! 3. write — what changed moves into the output folder at once ([`write::Writer`]), and
//!    the output's manifest is kept in `ROOT/.tebiki/build/` for the next build.
//!
//! The result always equals a clean build: a unit is kept only when its key is the same.
//! Before all this, `tebiki build` asks the [`record`] of the last build whether anything
//! it reads changed; when nothing did, it does not load the site at all.
//!
//! The library prints nothing: what the user should see goes through [`BuildEvents`].

pub mod record;
mod render_stage;

use render_stage::{RENDER_BESIDE_SEARCH, Rendered, render_plan, render_units, renderer};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic, Severity, ToDiagnostic};
use crate::paths::{BUILD_STATE_DIR, CACHE_DIR};
use crate::project::{Project, default_out};
use crate::render::{self, RenderError};
use crate::search::{self, SearchError};
use crate::write::{self, WriteError, WritePlan, Writer};

/// A validated `build` invocation: where the site goes.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    pub out: PathBuf,
    pub force: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{} would replace the site's own files ({} {}); choose an output folder outside the site's sources",
        out.display(), inside.display(), if *holds { "is inside it" } else { "holds it" }
    )]
    OutCoversSource { out: PathBuf, inside: PathBuf, holds: bool },
    #[error(
        "{}: a file tebiki writes may not replace the site's own files ({}); choose a file outside tebiki.toml, content/, themes/, static/ and .tebiki/",
        out.display(), source_path.display()
    )]
    FileInSource { out: PathBuf, source_path: PathBuf },
    #[error("{} is not a folder: tebiki keeps its build records and caches in that folder; move the file away", path.display())]
    StateNotAFolder { path: PathBuf },
    #[error(transparent)]
    Output(#[from] WriteError),
}

impl ToDiagnostic for PlanError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            PlanError::OutCoversSource { out, .. } | PlanError::FileInSource { out, .. } => {
                Diagnostic::of_chain(Code::Usage, self).in_file(out)
            }
            PlanError::StateNotAFolder { path } => Diagnostic::of_chain(Code::Usage, self).in_file(path),
            PlanError::Output(e) => e.diagnostic(),
        }
    }
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("cannot build the search index")]
    Search(#[from] SearchError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{}", no_guides_message(languages, diagnostics))]
    NoGuides { languages: Vec<String>, diagnostics: Vec<Diagnostic> },
}

/// What a site without a single guide is told (by `build` and `check`), given what the
/// load said: when guides were there but each was left out, that, not "add one".
pub fn no_guides_message(languages: &[String], diagnostics: &[Diagnostic]) -> String {
    let folders: Vec<String> = languages.iter().map(|l| format!("content/{l}/")).collect();
    let left_out = crate::diagnostic::errors_below(diagnostics, Path::new("content"));
    if left_out > 0 {
        format!(
            "no guide in {} could be built: {} left out for the errors above; a site needs at least one",
            folders.join(" or "),
            crate::diagnostic::count(left_out, "guide")
        )
    } else {
        format!("no guides in {}: a site needs at least one; add one with `tebiki new SLUG`", folders.join(" or "))
    }
}

impl ToDiagnostic for BuildError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            BuildError::NoGuides { .. } => Diagnostic::of_chain(Code::Content, self).in_file(Path::new("content")),
            BuildError::Render(e) => e.diagnostic(),
            BuildError::Search(e) => Diagnostic::of_chain(Code::Search, e),
            BuildError::Write(e) => e.diagnostic(),
        }
    }
}

impl BuildPlan {
    /// `out` defaults to `ROOT/public`. The output may not be the root, hold it, or sit
    /// in its sources, the search cache or the build's records, since a build replaces what
    /// the output folder holds.
    /// It may sit elsewhere in `ROOT/.tebiki/` (`tebiki serve` builds there). Paths are
    /// compared with their symbolic links resolved, so no link (to the root, to
    /// `content/`, or from a language folder to elsewhere) lets the output cover them.
    pub fn new(root: &Path, out: Option<PathBuf>, force: bool) -> Result<BuildPlan, PlanError> {
        let out = out.unwrap_or_else(|| default_out(root));
        check_output(root, &out)?;
        // `.tebiki` and the folders in it that a build writes.
        for dir in [".tebiki", BUILD_STATE_DIR, CACHE_DIR] {
            let path = root.join(dir);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) && !path.is_dir() {
                return Err(PlanError::StateNotAFolder { path });
            }
        }
        Ok(BuildPlan { out, force })
    }
}

/// Refuses an output that is, holds or sits in what the build reads (see [`BuildPlan::new`]).
fn check_output(root: &Path, out: &Path) -> Result<(), PlanError> {
    let out_abs = write::resolve(out)?;
    for (path, inside_forbidden) in protected(root)? {
        let holds = path.starts_with(&out_abs);
        if holds || inside_forbidden && out_abs.starts_with(&path) {
            return Err(PlanError::OutCoversSource { out: out.to_owned(), inside: path, holds });
        }
    }
    Ok(())
}

/// Refuses a file to write (`tebiki export --out`) that is the config or sits in what the
/// build reads or keeps: the sources, the static files, `.tebiki/`.
pub fn check_file_output(root: &Path, out: &Path) -> Result<(), PlanError> {
    let out_abs = write::resolve(out)?;
    let config = write::resolve(&root.join(crate::config::FILE_NAME))?;
    let state = write::resolve(&root.join(crate::paths::TOOL_DIR))?;
    let inside = protected(root)?.into_iter().filter(|(_, inside)| *inside).map(|(path, _)| path);
    match std::iter::once(config).chain(std::iter::once(state)).chain(inside).find(|p| out_abs.starts_with(p)) {
        Some(path) => Err(PlanError::FileInSource { out: out.to_owned(), source_path: path }),
        None => Ok(()),
    }
}

/// What an output may not hold (`false`) or hold and sit in (`true`): the root, and the
/// folders a build reads or keeps its state in, with the folders their links lead to.
fn protected(root: &Path) -> Result<Vec<(PathBuf, bool)>, PlanError> {
    let resolve = write::resolve;
    let mut protected = vec![
        (resolve(root)?, false),
        (resolve(&root.join("content"))?, true),
        (resolve(&root.join("themes"))?, true),
        (resolve(&root.join(crate::media::STATIC_DIR))?, true),
        (resolve(&root.join(CACHE_DIR))?, true),
        (resolve(&root.join(BUILD_STATE_DIR))?, true),
    ];
    // A language or theme folder may be a link to a folder outside the site.
    for dir in ["content", "themes"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                protected.push((resolve(&entry.path())?, true));
            }
        }
    }
    Ok(protected)
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub guides: usize,
    /// Guide files left out for their errors (printed above the summary).
    pub left_out: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, in pipeline order: `load` (config, theme, content,
    /// link; not for [`build_search_after_pages`]), `render`, `search`, `write`.
    pub stages: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// Files this build wrote (the others were the same as the last build's).
    pub written: usize,
    /// The render units this build rendered ([`render::Unit::name`], in unit order); the
    /// others kept their files from the last build.
    pub rendered: Vec<String>,
    /// The id of the manifest the build left in the output.
    pub manifest: String,
    /// Whether the search files were left as the last build made them, to be brought up
    /// to date by a build that follows ([`build_pages_first`]).
    pub search_deferred: bool,
}

impl BuildReport {
    /// Whether a diagnostic of the build is an error (a guide was left out, say).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `1 guide`, `5 guides`; with the guides left out for their errors, if any: `4 guides
/// (1 left out, errors above)`.
pub fn guides(n: usize, left_out: usize) -> String {
    let built = crate::diagnostic::count(n, "guide");
    if left_out == 0 { built } else { format!("{built} ({left_out} left out, errors above)") }
}

/// How many files of `content/` the load `diagnostics` leave out of the site: those with
/// an error (a guide with an error is not built, and neither is a file that is no guide).
pub fn left_out(diagnostics: &[Diagnostic]) -> usize {
    let files: std::collections::BTreeSet<&Path> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .filter(|f| f.starts_with("content"))
        .collect();
    files.len()
}

impl std::fmt::Display for BuildReport {
    /// The one summary line: `built public: 5 guides, 9 pages, 812345 bytes, 85 ms`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {}: {}, {} pages, {} bytes, {} ms",
            self.out.display(),
            guides(self.guides, self.left_out),
            self.pages,
            self.bytes,
            self.elapsed.as_millis()
        )
    }
}

/// What a build tells the user while it runs. Every method has a silent default.
pub trait BuildEvents: render::Progress {
    fn diagnostic(&self, _diagnostic: &Diagnostic) {}
    /// Rendering is done and `files` files are being written.
    fn writing(&self, _files: usize) {}
    /// Another build holds `lock` (on the output folder, or on the search cache); this one
    /// waits for it to finish.
    fn waiting(&self, _lock: &Path) {}
    /// `n` files of the site are written.
    fn file_written(&self, _n: usize) {}
}

/// Passes the writer's events on to the build's.
struct WriteRelay<'a>(&'a dyn BuildEvents);
impl write::WriteEvents for WriteRelay<'_> {
    fn waiting(&self, lock: &Path) {
        self.0.waiting(lock);
    }
    fn file_written(&self, n: usize) {
        self.0.file_written(n);
    }
}

/// Events that go nowhere (tests, and callers that only want the report).
pub struct Quiet;
impl render::Progress for Quiet {}
impl BuildEvents for Quiet {}

/// Runs the pipeline on a loaded project: renders what changed since the last build into
/// the output folder (see the module doc).
pub fn build(project: &Project, plan: &BuildPlan, events: &dyn BuildEvents) -> Result<BuildReport, BuildError> {
    run(project, plan, events, Pass::Whole)
}

/// [`build`], but the pages only: when the output holds the search files of the last
/// build, they stay as they are (the report says so, [`BuildReport::search_deferred`]),
/// and [`build_search_after_pages`] of the same project brings them up to date. `tebiki
/// serve` shows an edited page this way before it indexes it.
pub fn build_pages_first(
    project: &Project,
    plan: &BuildPlan,
    events: &dyn BuildEvents,
) -> Result<BuildReport, BuildError> {
    run(project, plan, events, Pass::PagesFirst)
}

/// [`build`] of a project that [`build_pages_first`] built: the pages are kept (their keys
/// are the same) and the search files brought up to date. The report has no `load`
/// stage, since nothing was loaded for it.
pub fn build_search_after_pages(
    project: &Project,
    plan: &BuildPlan,
    events: &dyn BuildEvents,
) -> Result<BuildReport, BuildError> {
    run(project, plan, events, Pass::SearchAfterPages)
}

/// Which part of a build a run does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Whole,
    PagesFirst,
    SearchAfterPages,
}

fn run(project: &Project, plan: &BuildPlan, events: &dyn BuildEvents, pass: Pass) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let site = &project.site;
    if site.languages.is_empty() {
        // Nothing to publish: its front page would lead to a home page that is not made.
        for d in &project.diagnostics {
            events.diagnostic(d);
        }
        return Err(BuildError::NoGuides {
            languages: site.config.languages.clone(),
            diagnostics: project.diagnostics.clone(),
        });
    }
    let mut diagnostics = project.diagnostics.clone();
    // Images and guide links that lead nowhere: the page shows their text; `check` fails.
    diagnostics.extend(
        site.reference_findings()
            .filter(|d| d.is_error())
            .map(|d| Diagnostic { severity: Severity::Warning, ..d.clone() }),
    );
    for d in &diagnostics {
        events.diagnostic(d);
    }
    let mut stages = Vec::with_capacity(4);
    let loaded_in = if pass == Pass::SearchAfterPages { Duration::ZERO } else { project.loaded_in };
    if pass != Pass::SearchAfterPages {
        stages.push(("load", loaded_in));
    }
    let relay = WriteRelay(events);
    let writer = Writer::begin(&write_plan(&project.root, plan), &relay)?;

    // 1. Index and export, and beside it 2. plan the rendering: on a small site, or
    //    when few units changed (an edit), render them too; else render once the search
    //    stage is done. (Not at once when many units are to be rendered: run beside the
    //    rendering, the search stage saved 5–7 % of a cold build of 1,000 guides and cost
    //    13 % more memory; both stage files, and the file system pays for two writers.
    //    Search first: the rendering threads then reuse memory the index freed, where the
    //    other way round the index came on top of what the rendering had left its threads
    //    — a cold build of 1,000 guides peaked at 395 MiB instead of 431 MiB. An edit of
    //    one guide at 1,000 renders three units, and the search stage leaves a core
    //    mostly idle: beside it, the edit took 8–41 ms less, medians of paired
    //    differences in four sets of 24–30 alternated edits.)
    let defer = pass == Pass::PagesFirst;
    let small = site.is_small();
    let beside = || -> Result<Rendered, BuildError> {
        let lap = Instant::now();
        let renderer = renderer(project)?;
        let (todo, names) = render_plan(&renderer, site, &writer, events)?;
        if small || todo.len() <= RENDER_BESIDE_SEARCH {
            render_units(&renderer, site, &todo, &writer, events)?;
            Ok(Rendered::Done(names, lap.elapsed()))
        } else {
            // The renderer is let go meanwhile: what it holds would come on top of the
            // search stage's peak.
            Ok(Rendered::Later(todo, names, lap.elapsed()))
        }
    };
    // A build from nothing renders every unit: nothing to plan beside the search stage.
    // A larger site's search stage stays on this thread, out of the pool: an update waits
    // there for the lexicon its own thread makes on the pool (a pool of one thread,
    // waiting in the search stage, would never make it). A small site's makes its
    // lexicon in the same join as its index and waits for nothing: in the pool, its
    // parallel work starts without crossing threads (on this thread, 100 guides' edits
    // took 8 ms longer, median of 20 alternated, and their cold builds 30 ms).
    let (search, rendered) = if small {
        rayon::join(|| search_stage(project, &writer, &relay, defer), beside)
    } else if writer.has_previous() {
        std::thread::scope(|s| {
            let rendered = s.spawn(beside);
            let search = search_stage(project, &writer, &relay, defer);
            (search, rendered.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })
    } else {
        (search_stage(project, &writer, &relay, defer), Ok(Rendered::Unplanned))
    };
    let (search_took, search_deferred) = search?;
    let (rendered, render_took) = match rendered? {
        Rendered::Done(names, took) => (names, took),
        Rendered::Later(todo, names, took) => {
            let lap = Instant::now();
            render_units(&renderer(project)?, site, &todo, &writer, events)?;
            (names, took + lap.elapsed())
        }
        Rendered::Unplanned => {
            let lap = Instant::now();
            let renderer = renderer(project)?;
            let (todo, names) = render_plan(&renderer, site, &writer, events)?;
            render_units(&renderer, site, &todo, &writer, events)?;
            (names, lap.elapsed())
        }
    };
    let rendered_units = rendered.len();
    stages.push(("search", search_took));
    stages.push(("render", render_took));
    let lap = Instant::now();

    // 3. Move what changed into place.
    events.writing(rendered_units);
    let written = writer.commit()?;
    stages.push(("write", lap.elapsed()));
    Ok(BuildReport {
        guides: site.guide_count(),
        left_out: left_out(&project.diagnostics),
        pages: written.pages,
        files: written.files,
        bytes: written.bytes as usize,
        written: written.written,
        manifest: written.manifest,
        search_deferred,
        rendered,
        elapsed: loaded_in + started.elapsed(),
        stages,
        out: plan.out.clone(),
        diagnostics,
    })
}

/// 1. Indexes and exports, unless the search files' inputs are those of the last build
///    or `defer` asks to keep the last build's files; returns the time it took and
///    whether it kept them for that reason.
fn search_stage(
    project: &Project,
    writer: &Writer<'_>,
    relay: &WriteRelay<'_>,
    defer: bool,
) -> Result<(Duration, bool), BuildError> {
    let lap = Instant::now();
    let site = &project.site;
    if site.config.search && defer {
        if let Some(key) = writer.previous_key(SEARCH_UNIT) {
            writer.keep(SEARCH_UNIT, &key);
            return Ok((lap.elapsed(), true));
        }
    }
    if site.config.search {
        // The cache is updated in place: one build at a time (serve and a build, say).
        let cache = project.root.join(CACHE_DIR);
        let _lock = write::Lock::beside(&cache, relay)?;
        search::stamp::clear(&cache).map_err(SearchError::from)?;
        let search = search::Plan::with_known(site, &project.parsed_from, &cache)?;
        if writer.unchanged(SEARCH_UNIT, search.key()) && search.cached(&cache) {
            writer.keep(SEARCH_UNIT, search.key());
        } else {
            writer.unit(SEARCH_UNIT, search.key());
            search.build(&cache, &SearchFiles(writer))?;
        }
        if let Some(sources) = &project.sources {
            let langs: Vec<&str> = site.languages.iter().map(|l| l.lang.as_str()).collect();
            search::stamp::record(&cache, sources, &langs).map_err(SearchError::from)?;
        }
    }
    Ok((lap.elapsed(), false))
}

/// The search files, into the build's writer: a pack the output holds already as the last
/// export made it is kept there without its bytes.
struct SearchFiles<'w, 'e>(&'w Writer<'e>);

impl search::packs::SharedSink for SearchFiles<'_, '_> {
    fn file(&self, path: String, bytes: Vec<u8>) {
        self.0.put(SEARCH_UNIT, path, &bytes);
    }

    fn holds(&self, path: &str, sum: &search::blob_store::Sum, len: u64) -> bool {
        self.0.put_held(SEARCH_UNIT, path, &write::hash_of_blake3(sum), len)
    }
}

/// The file in `ROOT/.tebiki/build/` that keeps the chapter weights of the last build
/// ([`render::Weights`]).
const WEIGHTS_FILE: &str = "weights";

/// The unit of the search stage's files, keyed by [`search::Plan::key`].
const SEARCH_UNIT: &str = "search";

/// What the writer of a build into `plan.out` works with.
fn write_plan(root: &Path, plan: &BuildPlan) -> WritePlan {
    WritePlan { target: plan.out.clone(), force: plan.force, state: Some(state_file(root, &plan.out)) }
}

/// Where the manifest of the output folder `out` is kept: `ROOT/.tebiki/build/`, one file
/// per output folder.
fn state_file(root: &Path, out: &Path) -> PathBuf {
    // The folder itself, however it is named (`public`, `/abs/site/public`,
    // `./site/../site/public`, through a link).
    let abs = write::resolve(out).or_else(|_| std::path::absolute(out)).unwrap_or_else(|_| out.to_owned());
    let id = write::Manifest::id_of(abs.to_string_lossy().as_bytes());
    root.join(BUILD_STATE_DIR).join(format!("{id}.manifest"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_output_that_covers_the_sources() {
        let root = std::env::temp_dir();
        for out in [
            root.clone(),
            root.join("content"),
            root.join("content/ja"),
            root.join("x/.."),
            root.join(".tebiki"),
            root.join(CACHE_DIR),
            root.join(CACHE_DIR).join("x"),
        ] {
            let err = BuildPlan::new(&root, Some(out.clone()), false).unwrap_err();
            assert!(matches!(err, PlanError::OutCoversSource { .. }), "{}: {err}", out.display());
        }
        assert!(BuildPlan::new(&root, Some(root.join("public")), false).is_ok());
        assert!(BuildPlan::new(&root, None, false).is_ok());
        assert!(BuildPlan::new(&root, Some(root.join(".tebiki/serve/a")), false).is_ok());
        // Which holds which, in the words of the message.
        let err = BuildPlan::new(&root, Some(root.join("content/ja/out")), false).unwrap_err().to_string();
        assert!(err.contains("holds it)") && !err.contains("is inside it"), "{err}");
        let err = BuildPlan::new(&root, Some(root.clone()), false).unwrap_err().to_string();
        assert!(err.contains("is inside it)"), "{err}");
    }

    #[test]
    fn counts_one_guide_in_the_singular() {
        assert_eq!(
            (guides(0, 0), guides(1, 0), guides(5, 0)),
            ("0 guides".into(), "1 guide".into(), "5 guides".into())
        );
        assert_eq!(guides(4, 1), "4 guides (1 left out, errors above)");
    }
}
