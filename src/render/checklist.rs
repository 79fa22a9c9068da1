//! Checklist views, from the checklist the link stage derived ([`crate::checklist`]):
//! the guide's checklist page (`<lang>/<slug>/checklist/`), each section's items on the
//! guide page, the list of checklists, and the handbook's appendix.
//!
//! Item ids are the derived ones; the page uses them as checkbox ids (`item-<id>`) and
//! the browser script keeps ticks under them in the guide's record
//! ([`crate::checklist::store_key`]).

use serde::Serialize;

use crate::checklist::SectionChecklist;
use crate::render::headings::Numbers;
use crate::render::stale::StaleView;

/// One guide's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub title: String,
    pub slug: String,
    /// The localStorage key of the guide's record.
    pub store: String,
    /// Its keys under the guide's old addresses (see [`super::view::GuideView`]).
    pub was: Vec<String>,
    pub groups: Vec<ChecklistGroup>,
    pub total: usize,
    /// Set when the guide is a translation whose source changed since it was stamped.
    pub stale: Option<StaleView>,
}

/// The items of one section.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistGroup {
    pub section_id: String,
    pub number: String,
    pub heading: String,
    /// The section in the guide, relative to the page that shows the group.
    pub href: String,
    pub items: Vec<ChecklistItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItemView {
    pub id: String,
    pub text: String,
    /// The item's subsection (or section) in the guide.
    pub href: String,
    /// That subsection's number as a reader says it: `3.2`.
    pub number: String,
}

/// A group with links made by `href` from an anchor (`s3`, `s3-2`).
/// Sections are numbered as the guide's `numbers` say.
pub fn group_view(group: &SectionChecklist, href: &dyn Fn(&str) -> String, numbers: Numbers) -> ChecklistGroup {
    ChecklistGroup {
        section_id: group.section_id.clone(),
        number: numbers.number(&group.section_id),
        heading: numbers.heading(&group.section_id, &group.heading).to_owned(),
        href: href(&group.section_id),
        items: group
            .items
            .iter()
            .map(|i| ChecklistItemView {
                id: i.id.clone(),
                text: i.text.clone(),
                href: href(&i.anchor),
                number: numbers.number(&i.anchor),
            })
            .collect(),
    }
}
