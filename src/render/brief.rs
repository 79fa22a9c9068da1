//! Executive brief views: a guide's outcomes, then each section that has a consensus or a
//! perspective block, with those blocks and a link back to the section.
//!
//! One view serves the guide's brief page (`<lang>/<slug>/brief/`), the site-wide
//! briefing (`<lang>/briefing/`) and the handbook's appendix; they differ only in where
//! links lead: a section's link back, given as a function of the section id, and the
//! links inside the blocks, rewritten for the page by a [`Placement`], which also says
//! whether the page lists the notes the brief refers to (the brief page and the briefing
//! do; the handbook's appendix leads to the notes of the guide's chapter).

use serde::Serialize;

use crate::model::{Block, Guide};
use crate::render::headings::Numbers;
use crate::render::html::{HtmlWriter, Placement, Refs};
use crate::render::notes::{NotesView, notes_view};
use crate::render::stale::StaleView;
use crate::render::view::ViewContext;

/// One guide's brief.
#[derive(Debug, Clone, Serialize)]
pub struct BriefView {
    pub title: String,
    pub slug: String,
    pub outcomes_html: Vec<String>,
    /// Sections with a consensus or a perspective block, in guide order.
    pub sections: Vec<BriefSection>,
    /// How many consensus and perspective blocks the brief holds.
    pub blocks: usize,
    /// Set when the guide is a translation whose source changed since it was stamped.
    pub stale: Option<StaleView>,
    /// The notes its outcomes and blocks refer to, when the page lists them
    /// ([`Placement::notes`]).
    pub notes: Option<NotesView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefSection {
    pub id: String,
    pub number: String,
    pub heading: String,
    /// The section in the guide, relative to the page that shows the brief.
    pub href: String,
    pub consensus_html: Option<String>,
    pub perspective_html: Option<String>,
}

impl<'a> ViewContext<'a> {
    /// A writer of `guide`'s content for a page other than the guide's own.
    pub(crate) fn writer_for(&self, guide: &'a Guide, links: &Placement) -> HtmlWriter<'a> {
        HtmlWriter::new(self.html, self.highlighter)
            .of_guide(Refs { site: self.site, guide })
            .with_placement(links.clone())
    }

    /// Content blocks of `guide` as HTML for a page other than the guide's own.
    pub fn blocks_html_for(&self, guide: &'a Guide, blocks: &[Block], links: &Placement) -> String {
        self.writer_for(guide, links).blocks(blocks)
    }

    /// Inline text of `guide` as HTML for a page other than the guide's own.
    pub fn rich_html_for(&self, guide: &'a Guide, text: &crate::model::RichText, links: &Placement) -> String {
        self.writer_for(guide, links).rich(text)
    }

    /// The brief of `guide`; `section_href` gives the link to a section from its id, and
    /// `links` says how the blocks' own links are written on the page showing the brief.
    pub fn brief(&self, guide: &'a Guide, section_href: &dyn Fn(&str) -> String, links: &Placement) -> BriefView {
        let numbers = Numbers::of(&guide.doc);
        let sections: Vec<BriefSection> = guide
            .doc
            .sections
            .iter()
            .filter(|s| s.consensus.is_some() || s.perspective.is_some())
            .map(|s| BriefSection {
                id: s.id.clone(),
                number: numbers.number(&s.id),
                heading: numbers.heading(&s.id, &s.heading).to_owned(),
                href: section_href(&s.id),
                consensus_html: s.consensus.as_deref().map(|b| self.blocks_html_for(guide, b, links)),
                perspective_html: s.perspective.as_deref().map(|b| self.blocks_html_for(guide, b, links)),
            })
            .collect();
        let blocks = sections
            .iter()
            .map(|s| usize::from(s.consensus_html.is_some()) + usize::from(s.perspective_html.is_some()))
            .sum();
        let notes = links.notes.as_deref().and_then(|prefix| {
            let shown: Vec<&[Block]> = guide
                .doc
                .sections
                .iter()
                .flat_map(|s| s.consensus.as_deref().into_iter().chain(s.perspective.as_deref()))
                .collect();
            notes_view(&guide.doc, &guide.doc.outcomes, &shown, prefix, &|| self.writer_for(guide, links))
        });
        BriefView {
            title: guide.doc.title.clone(),
            slug: guide.slug.clone(),
            outcomes_html: guide.doc.outcomes.iter().map(|o| self.rich_html_for(guide, o, links)).collect(),
            sections,
            blocks,
            stale: self.stale(guide, &links.root),
            notes,
        }
    }
}
