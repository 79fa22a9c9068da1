//! The out-of-date notice of a translation whose source changed since it was stamped
//! ([`crate::translation::Staleness::Stale`]).
//!
//! Every page that shows a guide's content — the guide, its brief and checklist, the
//! briefing, the handbook's chapter and appendices, and so the print view and the PDF —
//! carries the same notice, made here as one view ([`StaleView`], the `stale` field of
//! each of those views) and written by the theme's two macros in `macros.html`:
//! `stale_notice` at the top of the guide's part of the page, and `stale_section` under
//! each heading of a section that changed.

use serde::Serialize;

use crate::model::Guide;
use crate::render::view::{ViewContext, guide_path};
use crate::translation::Staleness;

/// The out-of-date notice of a translation, as one page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StaleView {
    /// The source guide's page, relative to the page that shows the notice.
    pub source_href: String,
    pub source_lang: String,
    /// Whether the changed sections are known (then each carries its own note).
    pub by_section: bool,
    /// The ids of the sections that changed in the source.
    pub sections: Vec<String>,
}

impl ViewContext<'_> {
    /// The notice of `guide` for a page `root` below the site's root (`../../`), when the
    /// guide is a translation whose source changed since it was stamped.
    pub fn stale(&self, guide: &Guide, root: &str) -> Option<StaleView> {
        let links = self.site.links(guide);
        let Some(Staleness::Stale { sections }) = &links.staleness else { return None };
        let (lang, slug) = links.source.as_ref()?;
        let source = self.site.guide(lang, slug)?;
        Some(StaleView {
            source_href: format!("{root}{}", guide_path(source)),
            source_lang: lang.clone(),
            by_section: !sections.is_empty(),
            sections: sections.clone(),
        })
    }
}
