//! Rendering one page: a template, a context, and the page added to the output — and the
//! error that says which page failed with which template.

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::theme::ThemeError;
use crate::write::Output;

use super::Progress;
use super::highlight::HighlightError;

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
    #[error("the site has no guides in `{lang}`")]
    NoLanguage { lang: String },
}

impl ToDiagnostic for RenderError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            RenderError::Theme(e) => e.diagnostic(),
            other => Diagnostic::of_chain(Code::Render, other),
        }
    }
}

/// Renders pages into the output, telling `progress` of each.
pub(super) struct Pages<'a> {
    pub tera: &'a Tera,
    pub out: &'a mut Output,
    pub progress: &'a dyn Progress,
    /// How many pages `progress` was told to expect.
    pub planned: u64,
}

impl Pages<'_> {
    /// Tells `progress` of `more` pages than planned (volumes past the first, known only
    /// once the guides are weighed).
    pub fn plan_more(&mut self, more: usize) {
        if more > 0 {
            self.planned += more as u64;
            self.progress.pages_planned(self.planned);
        }
    }

    pub fn render(&mut self, path: &str, template: &'static str, context: &impl Serialize) -> Result<(), RenderError> {
        let page_error = |source| RenderError::Page { page: path.to_owned(), template, source };
        let context = Context::from_serialize(context).map_err(page_error)?;
        let text = self.tera.render(template, &context).map_err(page_error)?;
        self.out.add(path, text);
        self.progress.page_done();
        Ok(())
    }
}
