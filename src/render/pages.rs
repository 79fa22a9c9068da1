//! Rendering one page: a template, a context, and the page added to the output — and the
//! error that says which page failed with which template.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::media::Collision;
use crate::theme::ThemeError;

use super::Progress;
use super::highlight::HighlightError;
use super::listing::Listed;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error("theme templates do not load")]
    Templates(#[source] tera::Error),
    #[error("cannot render {page} with template {template}")]
    Page {
        page: String,
        template: &'static str,
        #[source]
        source: tera::Error,
    },
    #[error(transparent)]
    Highlight(#[from] HighlightError),
    #[error(transparent)]
    Collision(#[from] Collision),
    #[error(transparent)]
    Read(crate::fsx::FsError),
    #[error("{}: `[aliases]` names `{key}`, which is no guide of the site (write `<lang>/<slug>`, like \"ja/backup\")", file.display())]
    UnknownAliasGuide { file: PathBuf, key: String },
    #[error("the site has no guides in `{lang}`")]
    NoLanguage { lang: String },
    /// An error of a template the site overrides, with the file to fix (and the line and
    /// column, when the template engine names them).
    #[error("{}{}: {error}", file.display(), error.position().map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    InFile {
        file: PathBuf,
        #[source]
        error: Box<RenderError>,
    },
}

impl RenderError {
    /// The name of the template this error is about, when it is about one.
    fn template(&self) -> Option<String> {
        match self {
            RenderError::Page { template, .. } => Some((*template).to_owned()),
            // `Failed to parse 'guide.html'`
            RenderError::Templates(e) => e.to_string().split(['\'', '"']).nth(1).map(str::to_owned),
            _ => None,
        }
    }

    /// The line and column in its template that the template engine's message names
    /// (` --> 44:35`), if any.
    fn position(&self) -> Option<(usize, usize)> {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(c) = cause {
            let text = c.to_string();
            if let Some(at) = text.find("--> ") {
                let rest = &text[at + 4..];
                let end = rest.find(|ch: char| !ch.is_ascii_digit() && ch != ':').unwrap_or(rest.len());
                if let Some((l, col)) = rest[..end].split_once(':')
                    && let (Ok(l), Ok(col)) = (l.parse(), col.parse())
                {
                    return Some((l, col));
                }
            }
            cause = c.source();
        }
        None
    }

    /// This error, naming the site's own file when it is about a template the site
    /// overrides.
    pub fn located(self, theme: &crate::theme::Theme) -> RenderError {
        match self.template().and_then(|t| theme.own_file(&format!("templates/{t}")).map(Path::to_path_buf)) {
            Some(file) => RenderError::InFile { file, error: Box::new(self) },
            None => self,
        }
    }
}

impl ToDiagnostic for RenderError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            RenderError::Theme(e) => e.diagnostic(),
            RenderError::Collision(e) => e.diagnostic(),
            RenderError::Read(e) => e.diagnostic(),
            RenderError::UnknownAliasGuide { file, key } => Diagnostic::error(
                Code::Config,
                format!("`[aliases]` names `{key}`, which is no guide of the site (write `<lang>/<slug>`, like \"ja/backup\")"),
            )
            .in_file(file),
            RenderError::InFile { file, error } => match error.position() {
                Some((line, column)) => error.diagnostic().in_file(file).at(line, column),
                None => error.diagnostic().in_file(file),
            },
            // A template that does not load or render is the theme's to fix.
            RenderError::Templates(_) | RenderError::Page { .. } => Diagnostic::of_chain(Code::Theme, self),
            other => Diagnostic::of_chain(Code::Render, other),
        }
    }
}

/// Where rendered files go: `(path in the output, bytes)`.
pub type Sink<'a> = dyn FnMut(String, Vec<u8>) + 'a;

/// A page's bytes. Tera's `render` makes the same bytes into a `String`, checking again
/// that they are UTF-8 (they are: templates and context are strings).
fn render_bytes(tera: &Tera, template: &str, context: &Context) -> Result<Vec<u8>, tera::Error> {
    let mut bytes = Vec::new();
    tera.render_to(template, context, &mut bytes)?;
    Ok(bytes)
}

/// Renders pages into a sink, telling `progress` of each.
pub(super) struct Pages<'a, 's> {
    pub tera: &'a Tera,
    pub sink: &'a mut Sink<'s>,
    pub progress: &'a dyn Progress,
}

impl Pages<'_, '_> {
    pub fn render(&mut self, path: &str, template: &'static str, context: &impl Serialize) -> Result<(), RenderError> {
        let page_error = |source| RenderError::Page { page: path.to_owned(), template, source };
        let context = Context::from_serialize(context).map_err(page_error)?;
        let bytes = render_bytes(self.tera, template, &context).map_err(page_error)?;
        (self.sink)(path.to_owned(), bytes);
        self.progress.page_done();
        Ok(())
    }

    /// A page made as its context first ([`Listed`]).
    pub fn render_listed(&mut self, listed: Listed) -> Result<(), RenderError> {
        let context = listed.context()?;
        let Listed { path, template, .. } = listed;
        let bytes = render_bytes(self.tera, template, &context).map_err(|source| RenderError::Page {
            page: path.clone(),
            template,
            source,
        })?;
        (self.sink)(path, bytes);
        self.progress.page_done();
        Ok(())
    }

    /// A file that is not a page (a stylesheet written with the pages, say).
    pub fn add(&mut self, path: String, bytes: Vec<u8>) {
        (self.sink)(path, bytes);
    }
}
