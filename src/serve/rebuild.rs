//! Rebuilding for `serve`: one output folder, updated in place, and the [`Status`] the HTTP
//! side reads.
//!
//! 1. The project is loaded again, parsing only the guides whose source changed since the
//!    last load ([`GuideCache`]); a project with an error diagnostic (a guide that would
//!    be left out) is a failed build and nothing is written.
//! 2. Otherwise the pages are built first ([`build_pages_first`](crate::build_pages_first)):
//!    what changed is written into `.tebiki/serve/site` — only what changed, moved in at
//!    once at the end — with the search files of the last build kept as they are, and the
//!    build number goes up; the pages reload.
//! 3. Then, unless another change is waiting (its pages come first), a build of the same
//!    project ([`build_search_after_pages`](crate::build_search_after_pages),
//!    [`Builder::finish_search`]) brings the search files up to date; when that changed
//!    the output, the number goes up again and the pages reload once more. An edited page thus shows in the time its pages take,
//!    and search finds the edit a moment later.
//! 4. A failed build leaves the served folder and the number alone and records its
//!    diagnostics; open pages show them in an overlay over the last good site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::watch;

use crate::build::{BuildEvents, BuildPlan, PlanError};
use crate::diagnostic::{Diagnostic, ToDiagnostic};
use crate::project::{GuideCache, Project};
use crate::{BuildReport, config, render, theme};

use super::ServeEvents;

/// The live-reload client in the theme, served at `/__tebiki/…` (never copied into a build).
pub const CLIENT_SCRIPT: &str = "serve/live-reload.js";
pub const CLIENT_STYLE: &str = "serve/live-reload.css";

/// What is served now. Sent to the HTTP side on every build attempt.
#[derive(Debug, Clone)]
pub struct Status {
    /// Good builds so far; the pages of build N are marked N, and 0 means none yet.
    pub build: u64,
    /// The output folder of the last good build.
    pub site: Option<PathBuf>,
    /// Why the last attempt failed, until a build succeeds.
    pub failure: Option<Arc<Failure>>,
    /// The live-reload client from the site's theme.
    pub client: Arc<Client>,
    /// Whether the search files served are still those of an earlier build (step 3 of
    /// the module doc follows).
    pub search_pending: bool,
}

/// The theme's live-reload script and stylesheet.
#[derive(Debug)]
pub struct Client {
    pub script: Vec<u8>,
    pub style: Vec<u8>,
}

impl Client {
    /// The client of the site's theme, or of the built-in one when the site's config or
    /// theme cannot be read.
    fn load(root: &Path) -> Client {
        let theme = config::Config::load(root)
            .ok()
            .and_then(|c| theme::Theme::load(root, &c.theme).ok())
            .unwrap_or_else(theme::Theme::builtin);
        let file = |path| theme.file(path).unwrap_or_default().to_vec();
        Client { script: file(CLIENT_SCRIPT), style: file(CLIENT_STYLE) }
    }
}

/// A failed build attempt: its number (every attempt counts) and what went wrong, as the
/// overlay shows it (`file:line:column message`, from each diagnostic's JSON form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub attempt: u64,
    pub problems: Vec<Diagnostic>,
}

/// Runs the builds of one `serve` and publishes their [`Status`].
pub struct Builder {
    root: PathBuf,
    plan: BuildPlan,
    attempts: u64,
    status: watch::Sender<Status>,
    /// The guides parsed by earlier builds, kept for the next.
    guides: GuideCache,
    /// The project whose pages were built and whose search files were not, with the
    /// manifest that build left.
    deferred: Option<(Project, String)>,
    /// The guides' sources and images of the last good build, absolute, links resolved.
    read: Vec<PathBuf>,
}

impl Builder {
    /// Builds will go to `site`, which must be an allowed output of `root`.
    pub fn new(root: &Path, site: &Path) -> Result<(Builder, watch::Receiver<Status>), PlanError> {
        let plan = BuildPlan::new(root, Some(site.to_owned()), false)?;
        let status =
            Status { build: 0, site: None, failure: None, client: Arc::new(Client::load(root)), search_pending: false };
        let (tx, rx) = watch::channel(status);
        // The first load takes the guides the last `tebiki build` kept, when it can.
        let guides = GuideCache::read(root).in_memory();
        Ok((
            Builder { root: root.to_owned(), plan, attempts: 0, status: tx, guides, deferred: None, read: Vec::new() },
            rx,
        ))
    }

    /// Builds the pages once and publishes the outcome (steps 1, 2 and 4 of the module
    /// doc); returns whether the search files wait for [`Builder::finish_search`].
    pub fn rebuild(&mut self, events: &dyn ServeEvents) -> bool {
        self.attempts += 1;
        self.deferred = None;
        let problems = match self.try_build(events) {
            Ok((project, report)) => {
                let site = &project.site;
                let sources = site.languages.iter().flat_map(|l| l.guides.iter()).map(|g| &g.source_path);
                self.read = sources
                    .chain(site.media.images.keys())
                    .filter_map(|p| std::fs::canonicalize(self.root.join(p)).ok())
                    .collect();
                if report.search_deferred {
                    self.deferred = Some((project, report.manifest.clone()));
                }
                self.publish(self.plan.out.clone(), &report, events);
                return self.deferred.is_some();
            }
            Err(problems) => problems,
        };
        self.fail(problems, events);
        false
    }

    /// The files the last good build read from the site's guides: their sources and the
    /// images they show (absolute, links resolved), for the watcher to follow.
    pub fn read(&self) -> &[PathBuf] {
        &self.read
    }

    /// Step 3 of the module doc: brings the search files of the last pages-first build up
    /// to date, and publishes a new build when that changed the output.
    pub fn finish_search(&mut self, events: &dyn ServeEvents) {
        let Some((project, manifest)) = self.deferred.take() else { return };
        self.attempts += 1;
        // The warnings were told by the pages' build.
        match crate::build_search_after_pages(&project, &self.plan, &crate::build::Quiet) {
            Ok(report) if report.manifest == manifest => self.status.send_modify(|s| s.search_pending = false),
            Ok(report) => self.publish(self.plan.out.clone(), &report, events),
            Err(e) => self.fail(vec![e.diagnostic().relative_to(&self.root)], events),
        }
    }

    fn fail(&mut self, problems: Vec<Diagnostic>, events: &dyn ServeEvents) {
        events.failed(&problems);
        let failure = Arc::new(Failure { attempt: self.attempts, problems });
        self.status.send_modify(|s| s.failure = Some(failure));
    }

    /// Steps 1 and 2 of the module doc: the project and report of a good build, or why
    /// there was none.
    fn try_build(&mut self, events: &dyn ServeEvents) -> Result<(Project, BuildReport), Vec<Diagnostic>> {
        let relative = |d: Diagnostic| d.relative_to(&self.root);
        let project =
            Project::load_reusing(&self.root, &mut self.guides).map_err(|e| vec![relative(e.diagnostic())])?;
        let errors: Vec<Diagnostic> = project.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        if !errors.is_empty() {
            for d in project.diagnostics.iter().filter(|d| !d.is_error()) {
                events.diagnostic(d);
            }
            return Err(errors);
        }
        let report = crate::build_pages_first(&project, &self.plan, &Relay(events))
            .map_err(|e| vec![relative(e.diagnostic())])?;
        Ok((project, report))
    }

    fn publish(&mut self, site: PathBuf, report: &BuildReport, events: &dyn ServeEvents) {
        let client = Arc::new(Client::load(&self.root));
        let mut build = 0;
        self.status.send_modify(|s| {
            s.build += 1;
            s.site = Some(site);
            s.failure = None;
            s.client = client;
            s.search_pending = report.search_deferred;
            build = s.build;
        });
        events.built(report, build);
    }
}

/// Passes a build's warnings on to the serve events; its errors fail the build and are
/// told once, with the failure.
struct Relay<'a>(&'a dyn ServeEvents);
impl render::Progress for Relay<'_> {}
impl BuildEvents for Relay<'_> {
    fn diagnostic(&self, d: &Diagnostic) {
        if !d.is_error() {
            self.0.diagnostic(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_a_config_syntax_error_at_its_line_and_column() {
        let root = Path::new("/site");
        let err = config::Config::parse("title = \"x\"\nlanguages = [\"ja\"\n", &root.join("tebiki.toml")).unwrap_err();
        let p = err.diagnostic().relative_to(root);
        assert_eq!((p.file.as_deref(), p.line, p.column), (Some(Path::new("tebiki.toml")), Some(2), Some(18)), "{p}");
        assert_eq!(p.message, "unclosed array, expected `]`");
    }

    #[test]
    fn names_the_file_of_an_io_error_relative_to_the_root() {
        let root = Path::new("/site");
        let fs = crate::fsx::FsError::new(
            "read",
            &root.join("content/ja/a.txt"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        let p = fs.diagnostic().relative_to(root);
        assert_eq!(p.file.as_deref(), Some(Path::new("content/ja/a.txt")));
        assert!(p.message.starts_with("cannot read /site/content/ja/a.txt"), "{}", p.message);
    }

    #[test]
    fn places_a_ui_string_error_at_its_line_and_column() {
        let theme = Path::new("/site/themes/default/i18n/ja.toml");
        let err = theme::ThemeError::Strings { path: theme.to_owned(), at: Some((3, 7)), message: "bad".into() };
        let p = err.diagnostic().relative_to(Path::new("/site"));
        assert_eq!(p.to_string(), "themes/default/i18n/ja.toml:3:7: error[theme]: bad");
    }
}
