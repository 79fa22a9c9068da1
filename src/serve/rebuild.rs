//! Rebuilding for `serve`: two output folders taken in turn, and the [`Status`] the HTTP
//! side reads.
//!
//! 1. A build writes into the folder that is *not* being served (`.tebiki/serve/a` or
//!    `…/b`), through the ordinary [`build`](crate::build()) and its atomic writer.
//! 2. A good build — no error, no error diagnostic — becomes the served folder, and the
//!    build number goes up; the pages reload.
//! 3. A failed build leaves the served folder and the number alone and records its
//!    [`Problem`]s; open pages show them in an overlay over the last good site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::watch;

use crate::build::{BuildEvents, BuildPlan, PlanError};
use crate::model::Severity;
use crate::{BuildReport, FileDiagnostic, config, theme};

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

/// A failed build attempt: its number (every attempt counts) and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub attempt: u64,
    pub problems: Vec<Problem>,
}

/// One reason a build failed, as the overlay shows it: `file:line:column message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Relative to the site root when the file is inside it.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(col)) => write!(f, "{file}:{line}:{col}: {}", self.message),
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None, _) => write!(f, "{file}: {}", self.message),
            (None, ..) => f.write_str(&self.message),
        }
    }
}

impl Problem {
    fn from_diagnostic(d: &FileDiagnostic) -> Problem {
        Problem {
            file: Some(d.path.display().to_string()),
            line: Some(d.diagnostic.line),
            column: None,
            message: d.diagnostic.message.clone(),
        }
    }

    /// The problem behind an error that stopped a build, with its place when the error
    /// knows it.
    pub fn from_error(root: &Path, err: &crate::Error) -> Problem {
        use crate::config::ConfigError;
        use crate::theme::ThemeError;
        let rel = |path: &Path| Some(path.strip_prefix(root).unwrap_or(path).display().to_string());
        let at = |path: &Path, line, column, message: &str| Problem {
            file: rel(path),
            line,
            column,
            message: message.to_owned(),
        };
        match err {
            crate::Error::Config(ConfigError::Syntax { path, line, column, message }) => {
                at(path, Some(*line), Some(*column), message)
            }
            crate::Error::Config(ConfigError::Invalid { path, message }) => at(path, None, None, message),
            crate::Error::Theme(ThemeError::Strings { path, message })
            | crate::Error::Render(crate::render::RenderError::Theme(ThemeError::Strings { path, message })) => {
                match split_line_col(message) {
                    Some((line, col, rest)) => at(path, Some(line), Some(col), rest),
                    None => at(path, None, None, message),
                }
            }
            other => {
                let mut message = other.to_string();
                let mut cause = std::error::Error::source(other);
                while let Some(c) = cause {
                    message.push_str(": ");
                    message.push_str(&c.to_string());
                    cause = c.source();
                }
                Problem { file: file_of(other).and_then(rel), line: None, column: None, message }
            }
        }
    }
}

/// The file an error that stopped a build is about, when it names one. (The wrappers are
/// `#[error(transparent)]`, which hides them from the source chain, so they are matched.)
fn file_of(err: &crate::Error) -> Option<&Path> {
    use crate::config::ConfigError;
    use crate::load::LoadError;
    use crate::theme::ThemeError;
    use crate::write::WriteError;
    fn theme(e: &ThemeError) -> Option<&Path> {
        match e {
            ThemeError::NotFound { path, .. }
            | ThemeError::Walk { path, .. }
            | ThemeError::NotUtf8 { path }
            | ThemeError::Strings { path, .. } => Some(path),
            ThemeError::Fs(fs) => Some(&fs.path),
        }
    }
    match err {
        crate::Error::Config(ConfigError::Syntax { path, .. } | ConfigError::Invalid { path, .. }) => Some(path),
        crate::Error::Config(ConfigError::Io(fs)) | crate::Error::Fs(fs) | crate::Error::Load(LoadError::Io(fs)) => {
            Some(&fs.path)
        }
        crate::Error::Load(LoadError::Walk { path, .. }) => Some(path),
        crate::Error::Theme(e) | crate::Error::Render(crate::render::RenderError::Theme(e)) => theme(e),
        crate::Error::Write(WriteError::Fs(fs)) => Some(&fs.path),
        crate::Error::Write(
            WriteError::NotOurs { path } | WriteError::NotAFolder { path } | WriteError::BadTarget { path },
        ) => Some(path),
        _ => None,
    }
}

/// `12:3: rest` → `(12, 3, "rest")`.
fn split_line_col(message: &str) -> Option<(usize, usize, &str)> {
    let (line, rest) = message.split_once(':')?;
    let (col, rest) = rest.split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?, rest.trim_start()))
}

/// Runs the builds of one `serve` and publishes their [`Status`].
pub struct Builder {
    root: PathBuf,
    slots: [BuildPlan; 2],
    next: usize,
    attempts: u64,
    status: watch::Sender<Status>,
}

impl Builder {
    /// Builds will go to `dir/a` and `dir/b`, which must be allowed outputs of `root`.
    pub fn new(root: &Path, dir: &Path) -> Result<(Builder, watch::Receiver<Status>), PlanError> {
        let slot = |name: &str| BuildPlan::new(root.to_owned(), Some(dir.join(name)), false);
        let slots = [slot("a")?, slot("b")?];
        let status = Status { build: 0, site: None, failure: None, client: Arc::new(Client::load(root)) };
        let (tx, rx) = watch::channel(status);
        Ok((Builder { root: root.to_owned(), slots, next: 0, attempts: 0, status: tx }, rx))
    }

    /// Builds once and publishes the outcome.
    pub fn rebuild(&mut self, events: &dyn ServeEvents) {
        self.attempts += 1;
        let plan = &self.slots[self.next];
        let problems = match crate::build(plan, &Relay(events)) {
            Ok(report) => {
                let errors: Vec<Problem> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.diagnostic.severity == Severity::Error)
                    .map(Problem::from_diagnostic)
                    .collect();
                if errors.is_empty() {
                    self.publish(plan.out.clone(), &report, events);
                    return;
                }
                errors
            }
            Err(e) => vec![Problem::from_error(&self.root, &e)],
        };
        events.failed(&problems);
        let failure = Arc::new(Failure { attempt: self.attempts, problems });
        self.status.send_modify(|s| s.failure = Some(failure));
    }

    fn publish(&mut self, site: PathBuf, report: &BuildReport, events: &dyn ServeEvents) {
        let client = Arc::new(Client::load(&self.root));
        let mut build = 0;
        self.status.send_modify(|s| {
            s.build += 1;
            s.site = Some(site);
            s.failure = None;
            s.client = client;
            build = s.build;
        });
        self.next ^= 1;
        events.built(report, build);
    }
}

/// Passes a build's warnings on to the serve events; its errors fail the build and are
/// told once, as [`Problem`]s.
struct Relay<'a>(&'a dyn ServeEvents);
impl BuildEvents for Relay<'_> {
    fn diagnostic(&self, d: &FileDiagnostic) {
        if d.diagnostic.severity != Severity::Error {
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
        let p = Problem::from_error(root, &crate::Error::Config(err));
        assert_eq!((p.file.as_deref(), p.line, p.column), (Some("tebiki.toml"), Some(2), Some(18)), "{p}");
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
        let p = Problem::from_error(root, &crate::Error::Fs(fs));
        assert_eq!(p.file.as_deref(), Some("content/ja/a.txt"));
        assert!(p.message.starts_with("cannot read /site/content/ja/a.txt"), "{}", p.message);
    }

    #[test]
    fn splits_a_location_prefix() {
        assert_eq!(split_line_col("12:3: bad key"), Some((12, 3, "bad key")));
        assert_eq!(split_line_col("bad: key: here"), None);
    }
}
