//! Build: the pipeline after loading — a [`Project`] → the output folder.
//!
//! 1. render — pages and assets with the site's theme ([`render`]);
//! 2. index and export — when `config.search`, with the index kept in `ROOT/.tebiki/cache/`
//!    ([`search`]);
//! 3. write — atomically into the output folder ([`write`]).
//!
//! The library prints nothing: what the user should see goes through [`BuildEvents`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic, Severity, ToDiagnostic};
use crate::paths::CACHE_DIR;
use crate::project::{Project, default_out};
use crate::render::{self, RenderError, RenderOptions};
use crate::search::{self, SearchError};
use crate::write::{self, WriteError, WritePlan};

/// A validated `build` invocation: where the site goes.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    pub out: PathBuf,
    pub force: bool,
    /// Test hook, see [`WritePlan::stall_after`].
    pub stall_write_after: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{} would replace the site's own files ({} is inside it); choose an output folder outside the site's sources",
        out.display(), inside.display()
    )]
    OutCoversSource { out: PathBuf, inside: PathBuf },
    #[error("cannot resolve {}: {source}", path.display())]
    Resolve { path: PathBuf, source: std::io::Error },
}

impl ToDiagnostic for PlanError {
    fn diagnostic(&self) -> Diagnostic {
        let path = match self {
            PlanError::OutCoversSource { out, .. } => out,
            PlanError::Resolve { path, .. } => path,
        };
        Diagnostic::of_chain(Code::Usage, self).in_file(path)
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
}

impl ToDiagnostic for BuildError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            BuildError::Render(e) => e.diagnostic(),
            BuildError::Search(e) => Diagnostic::of_chain(Code::Search, e),
            BuildError::Write(e) => e.diagnostic(),
        }
    }
}

impl BuildPlan {
    /// `out` defaults to `ROOT/public`. The output may not be the root, hold it, or sit
    /// in its sources or the search cache, since a build replaces the output folder whole.
    /// It may sit elsewhere in `ROOT/.tebiki/` (`tebiki serve` builds there).
    pub fn new(root: &Path, out: Option<PathBuf>, force: bool) -> Result<BuildPlan, PlanError> {
        let out = out.unwrap_or_else(|| default_out(root));
        let abs = |p: &Path| std::path::absolute(p).map_err(|source| PlanError::Resolve { path: p.to_owned(), source });
        let (root_abs, out_abs) = (normalize(&abs(root)?), normalize(&abs(&out)?));
        for protected in [root_abs.clone(), root_abs.join("content"), root_abs.join("themes"), root_abs.join(CACHE_DIR)]
        {
            if protected.starts_with(&out_abs) || out_abs.starts_with(&protected) && protected != root_abs {
                return Err(PlanError::OutCoversSource { out, inside: protected });
            }
        }
        Ok(BuildPlan { out, force, stall_write_after: None })
    }
}

/// Removes `.` and `..` lexically, so that `site/./public/..` compares as `site`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
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
    /// link), `render`, `search`, `write`.
    pub stages: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildReport {
    /// Whether a diagnostic of the build is an error (a guide was left out, say).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
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
pub trait BuildEvents: render::Progress {
    fn diagnostic(&self, _diagnostic: &Diagnostic) {}
    /// Rendering is done and `files` files are being written.
    fn writing(&self, _files: usize) {}
}

/// Events that go nowhere (tests, and callers that only want the report).
pub struct Quiet;
impl render::Progress for Quiet {}
impl BuildEvents for Quiet {}

/// Runs the pipeline on a loaded project.
pub fn build(project: &Project, plan: &BuildPlan, events: &dyn BuildEvents) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let site = &project.site;
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
    stages.push(("load", project.loaded_in));
    let mut lap = started;
    let mut stage_done = |name: &'static str| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    // 1. Render.
    let mut output = render::render(site, &RenderOptions { theme: &project.theme }, events)?;
    stage_done("render");
    // 2. Index and export.
    if site.config.search {
        output.extend(search::build_search(site, &project.root.join(CACHE_DIR))?);
    }
    stage_done("search");
    // 3. Write.
    events.writing(output.files.len());
    let write_plan = WritePlan { target: plan.out.clone(), force: plan.force, stall_after: plan.stall_write_after };
    write::write(&output, &write_plan)?;
    stage_done("write");
    Ok(BuildReport {
        guides: site.guide_count(),
        pages: output.files.keys().filter(|p| p.ends_with(".html")).count(),
        files: output.files.len(),
        bytes: output.total_bytes(),
        elapsed: project.loaded_in + started.elapsed(),
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
            let err = BuildPlan::new(&root, Some(out.clone()), false).unwrap_err();
            assert!(matches!(err, PlanError::OutCoversSource { .. }), "{}: {err}", out.display());
        }
        assert!(BuildPlan::new(&root, Some(root.join("public")), false).is_ok());
        assert!(BuildPlan::new(&root, None, false).is_ok());
        assert!(BuildPlan::new(&root, Some(root.join(".tebiki/serve/a")), false).is_ok());
    }
}
