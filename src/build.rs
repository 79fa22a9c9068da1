//! `tebiki build`: the validated plan and the pipeline run in order.
//!
//! 1. config — `ROOT/tebiki.toml`, or the defaults;
//! 2. load and parse — every guide, with diagnostics reported as they are found;
//!    guides with errors are left out and the build goes on;
//! 3. link — the [`Site`](crate::link::Site);
//! 4. search — when `config.search`, with its cache in `ROOT/.tebiki/cache/`;
//! 5. render — pages and assets with the site's theme;
//! 6. write — atomically into the output folder.
//!
//! The library prints nothing: what the user should see goes through [`BuildEvents`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::render::{self, RenderOptions, view::SEARCH_UI_SCRIPT};
use crate::write::{self, WritePlan};
use crate::{Error, FileDiagnostic, config, link, search, theme};

/// Where the search stage keeps its index between builds, below the site root.
pub const CACHE_DIR: &str = ".tebiki/cache";

/// A validated `build` invocation.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    pub root: PathBuf,
    pub out: PathBuf,
    pub force: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("{}: the site root is not a folder", path.display())]
    RootMissing { path: PathBuf },
    #[error(
        "{} would replace the site's own files ({} is inside it); choose an output folder outside the site's sources",
        out.display(), inside.display()
    )]
    OutCoversSource { out: PathBuf, inside: PathBuf },
    #[error("cannot resolve {}: {source}", path.display())]
    Resolve { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Output(#[from] write::WriteError),
}

impl BuildPlan {
    /// `out` defaults to `ROOT/public`. The output may not be the root, hold it, or sit
    /// in its sources or the search cache, since a build replaces the output folder whole.
    /// It may sit elsewhere in `ROOT/.tebiki/` (`tebiki serve` builds there). Paths are
    /// compared with their symbolic links resolved, so no link (to the root, to
    /// `content/`, or from a language folder to elsewhere) lets the output cover them.
    pub fn new(root: PathBuf, out: Option<PathBuf>, force: bool) -> Result<BuildPlan, PlanError> {
        if !root.is_dir() {
            return Err(PlanError::RootMissing { path: root });
        }
        let out =
            out.unwrap_or_else(|| if root == Path::new(".") { PathBuf::from("public") } else { root.join("public") });
        check_output(&root, &out)?;
        Ok(BuildPlan { root, out, force })
    }
}

/// Refuses an output that is, holds or sits in what the build reads (see [`BuildPlan::new`]).
fn check_output(root: &Path, out: &Path) -> Result<(), PlanError> {
    let resolve = write::resolve;
    let (root_abs, out_abs) = (resolve(root)?, resolve(out)?);
    let mut protected = vec![
        (root_abs.clone(), false),
        (resolve(&root.join("content"))?, true),
        (resolve(&root.join("themes"))?, true),
        (resolve(&root.join(CACHE_DIR))?, true),
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
    for (path, inside_forbidden) in protected {
        if path.starts_with(&out_abs) || inside_forbidden && out_abs.starts_with(&path) {
            return Err(PlanError::OutCoversSource { out: out.to_owned(), inside: path });
        }
    }
    Ok(())
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub guides: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, in pipeline order: `load` (config, theme, content,
    /// link), `search`, `render`, `write`.
    pub stages: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
    pub diagnostics: Vec<FileDiagnostic>,
}

impl std::fmt::Display for BuildReport {
    /// The one summary line: `built public: 5 guides, 9 pages, 812345 bytes, 85 ms`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {}: {} guides, {} pages, {} bytes, {} ms",
            self.out.display(),
            self.guides,
            self.pages,
            self.bytes,
            self.elapsed.as_millis()
        )
    }
}

/// What a build tells the user while it runs. Every method has a silent default.
pub trait BuildEvents {
    fn diagnostic(&self, _diagnostic: &FileDiagnostic) {}
    /// Rendering will make `total` pages.
    fn pages_planned(&self, _total: u64) {}
    /// One more page is rendered.
    fn page_done(&self) {}
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
impl BuildEvents for Quiet {}

/// Runs the pipeline.
pub fn build(plan: &BuildPlan, events: &dyn BuildEvents) -> Result<BuildReport, Error> {
    let started = Instant::now();
    // 1. Config.
    let config = config::Config::load(&plan.root)?;
    let theme = theme::Theme::load(&plan.root, &config.theme)?;
    // 2. Load and parse.
    let (guides, diagnostics) = crate::load_guides(&plan.root, &config)?;
    for d in &diagnostics {
        events.diagnostic(d);
    }
    // 3. Link.
    let site = link::link(&config, guides);
    let mut stages = Vec::with_capacity(4);
    let mut lap = started;
    let mut stage_done = |name: &'static str| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    stage_done("load");
    // 4. Search.
    let search_files = if config.search {
        // The cache is rebuilt in place: one build at a time (serve and a build, say).
        let cache = plan.root.join(CACHE_DIR);
        let _lock = write::Lock::beside(&cache, &WriteRelay(events))?;
        search::build_search(&site, &cache)?
    } else {
        write::Output::default()
    };
    stage_done("search");
    // 5. Render.
    let opts = RenderOptions { theme: &theme, search_ui: search_files.contains(SEARCH_UI_SCRIPT) };
    let mut output = render::render(&site, &opts, events)?;
    output.extend(search_files);
    stage_done("render");
    // 6. Write.
    events.writing(output.files.len());
    let write_plan = WritePlan { target: plan.out.clone(), force: plan.force };
    write::write_with(&output, &write_plan, &WriteRelay(events))?;
    stage_done("write");
    Ok(BuildReport {
        guides: site.guide_count(),
        pages: output.files.keys().filter(|p| p.ends_with(".html")).count(),
        files: output.files.len(),
        bytes: output.total_bytes(),
        elapsed: started.elapsed(),
        stages,
        out: plan.out.clone(),
        diagnostics,
    })
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
            let err = BuildPlan::new(root.clone(), Some(out.clone()), false).unwrap_err();
            assert!(matches!(err, PlanError::OutCoversSource { .. }), "{}: {err}", out.display());
        }
        assert!(BuildPlan::new(root.clone(), Some(root.join("public")), false).is_ok());
        assert!(BuildPlan::new(root.clone(), None, false).is_ok());
        assert!(BuildPlan::new(root.clone(), Some(root.join(".tebiki/serve/a")), false).is_ok());
    }
}
