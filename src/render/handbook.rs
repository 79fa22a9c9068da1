//! The pages for executives, for responders and for the binder, per language:
//!
//! 1. `<lang>/<slug>/brief/index.html` (`brief.html`): the guide's executive brief;
//! 2. `<lang>/<slug>/checklist/index.html` (`checklist.html`): its interactive checklist;
//! 3. `<lang>/checklists/index.html` (`checklists.html`): every guide's checklist, listed
//!    (made in [`super::listing`]);
//! 4. the briefing (`briefing.html`), every guide's brief, and the handbook (`print.html`)
//!    — cover, contents, each guide on new pages, the briefs and the checklists as
//!    appendices — in volumes of bounded size, and each guide's print view
//!    (`<lang>/<slug>/print/`): see [`super::volumes`].
//!
//! Running heads: Chromium prints `@page` margin boxes (page numbers come from the
//! theme's stylesheet) but not `string-set`, so a guide's title cannot be carried into
//! the margin from its heading. Instead each guide, brief and checklist of the handbook
//! is a named page (`page: hb-g3`), and `handbook.css` beside each volume — written here,
//! since it holds content — gives each named page its title in the top margin. A guide's
//! print view uses its volume's.
//!
//! Page numbers in the contents: Chromium has no `target-counter()` either, so the
//! contents of a page printed by `tebiki pdf` carry numbers read from a first printing
//! ([`PageNumbers`], see [`crate::pdf`]); a page built for the site has none.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::link::LangSite;
use crate::model::Guide;
use crate::paths::{self, GuidePage};
use crate::render::brief::BriefView;
use crate::render::checklist::ChecklistView;
use crate::render::headings::Numbers;
use crate::render::html::Placement;
use crate::render::notes::{NotesView, guide_notes};
use crate::render::pages::{Pages, RenderError};
use crate::render::stale::StaleView;
use crate::render::view::{DateView, PageView, SectionView, ViewContext};

/// The page on which each element of a printed page starts, by its `id` (1-based).
pub type PageNumbers = BTreeMap<String, u32>;

/// Pages [`render_guide_pages`] renders per guide.
pub const PAGES_PER_GUIDE: usize = 2;

/// Renders the pages of one guide's folder (1 and 2 of the module doc).
pub(super) fn render_guide_pages<'a>(
    views: &ViewContext<'a>,
    guide: &'a Guide,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    let lang = guide.lang.as_str();
    let label = |key: &str| views.label(lang, key);
    let path = guide_page(guide, GuidePage::Brief);
    let title = format!("{} | {}", label("brief"), guide.doc.title);
    let page = views.page(&path, lang, Some(&title), sub_alternates(views, guide, GuidePage::Brief));
    let links = Placement {
        relative: Some("../".into()),
        root: paths::root_of(&path),
        fragment: "../index.html#".into(),
        context: None,
        here: None,
        notes: Some(String::new()),
    };
    let brief = views.brief(guide, &|id| format!("../index.html#{id}"), &links);
    pages.render(&path, "brief.html", &BriefContext { page, brief })?;

    let path = guide_page(guide, GuidePage::Checklist);
    let title = format!("{} | {}", label("checklist"), guide.doc.title);
    let page = views.page(&path, lang, Some(&title), sub_alternates(views, guide, GuidePage::Checklist));
    let checklist = views.checklist(guide, &|anchor| format!("../index.html#{anchor}"), &paths::root_of(&path));
    pages.render(&path, "checklist.html", &ChecklistContext { page, checklist })
}

/// A page of a guide's folder.
pub(super) fn guide_page(guide: &Guide, page: GuidePage) -> String {
    paths::guide_page(&guide.lang, &guide.slug, page)
}

/// The same page of the guide's counterparts in other languages.
pub(super) fn sub_alternates(views: &ViewContext<'_>, guide: &Guide, page: GuidePage) -> Vec<(String, String)> {
    views.site.counterparts(guide).into_iter().map(|g| (g.lang.clone(), guide_page(g, page))).collect()
}

#[derive(Serialize)]
struct BriefContext<'a> {
    page: PageView<'a>,
    brief: BriefView,
}

#[derive(Serialize)]
struct ChecklistContext<'a> {
    page: PageView<'a>,
    checklist: ChecklistView,
}

/// A printable page of one language (`print.html`): a volume of the handbook, or one
/// guide's print view.
#[derive(Debug, Serialize)]
pub struct HandbookView<'a> {
    /// The language's name in itself, for the cover.
    pub language: String,
    pub guides: &'a [HandbookGuide],
    /// The running heads' stylesheet, relative to the page.
    pub heads: String,
    /// From the page to its language's folder (`../`, `../../`): the way to each guide's
    /// own page.
    pub up: String,
    /// Which volume of several this is (`None`: the handbook has one).
    pub volume: Option<VolumeLabel>,
    /// One guide's print view: no cover; the way back to the guide's page.
    pub single: Option<SingleView>,
    /// The appendices' page numbers, when printed by `tebiki pdf`.
    pub pages: Option<AppendixPages>,
}

/// What a volume's cover says of it.
#[derive(Debug, Clone, Serialize)]
pub struct VolumeLabel {
    pub n: usize,
    /// "第2巻（全3巻）" / "Volume 2 of 3".
    pub label: String,
    /// The contents of every volume, relative to the page.
    pub all_href: String,
}

/// A guide's print view, beside the handbook.
#[derive(Debug, Serialize)]
pub struct SingleView {
    /// The guide's page, relative to the print view.
    pub guide_href: String,
    /// The handbook volume that holds the guide, relative to the print view.
    pub volume_href: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct AppendixPages {
    pub briefs: u32,
    pub checklists: u32,
}

/// One guide in the handbook. Its ids are prefixed with `anchor` (`g3`, `g3-s2`,
/// `g3-s2-1`), its brief is `a3` and its checklist `b3`, so one page holds them all; the
/// numbers are the guide's place in the whole language, so that they stay the same in
/// every volume and print view. The handbook stands alone: links within the guide lead
/// to its place in the handbook, links to other pages of the site keep only their text,
/// web links stay.
#[derive(Debug, Clone, Serialize)]
pub struct HandbookGuide {
    pub n: usize,
    pub anchor: String,
    pub slug: String,
    pub title: String,
    pub updated: Option<DateView>,
    pub outcomes_html: Vec<String>,
    pub sections: Vec<SectionView>,
    pub brief: BriefView,
    pub checklist: ChecklistView,
    /// Set when the guide is a translation whose source changed since it was stamped.
    pub stale: Option<StaleView>,
    /// The contents' page numbers of this guide, when printed by `tebiki pdf`.
    pub pages: Option<GuidePages>,
    /// The notes the guide refers to, listed after its sections (ids `g3-fn-1`, …).
    pub notes: Option<NotesView>,
    /// The print views of the same guide in the site's other languages, relative to the
    /// page: where the language switch leads from this guide's print view.
    pub print_alternates: Vec<PrintAlternate>,
}

/// The print view of a guide in another language.
#[derive(Debug, Clone, Serialize)]
pub struct PrintAlternate {
    pub lang: String,
    pub href: String,
}

/// Where a guide's parts start in a printed page.
#[derive(Debug, Clone, Serialize)]
pub struct GuidePages {
    pub guide: u32,
    /// One per section, in order.
    pub sections: Vec<u32>,
    pub brief: u32,
    pub checklist: u32,
}

/// The handbook views of every guide of a language, in navigation order, for a page
/// `root` below the site's root (`../../`: where its images are) that holds them all.
pub fn handbook_guides<'a>(views: &ViewContext<'a>, ls: &'a LangSite, root: &str) -> Vec<HandbookGuide> {
    ls.guides.iter().enumerate().map(|(i, guide)| handbook_guide(views, guide, i + 1, root, None)).collect()
}

/// Guide `n` of its language, as the handbook shows it on a page `root` below the site's
/// that holds the guides `here` (by index; `None`: all of the language).
pub fn handbook_guide<'a>(
    views: &ViewContext<'a>,
    guide: &'a Guide,
    n: usize,
    root: &str,
    here: Option<std::ops::Range<usize>>,
) -> HandbookGuide {
    let anchor = format!("g{n}");
    let link = |id: &str| format!("#{anchor}-{id}");
    let links = Placement {
        relative: None,
        root: root.to_owned(),
        fragment: format!("#{anchor}-"),
        context: Some(guide.doc.title.clone()),
        here,
        notes: Some(format!("{anchor}-")),
    };
    // The brief in the appendix leads to the notes of the guide's chapter.
    let brief_links = Placement { notes: None, ..links.clone() };
    let notes = guide_notes(&guide.doc, &format!("{anchor}-"), &|| views.writer_for(guide, &links));
    let numbers = Numbers::of(&guide.doc);
    HandbookGuide {
        n,
        slug: guide.slug.clone(),
        title: guide.doc.title.clone(),
        updated: guide.updated.map(|d| views.date(&guide.lang, d)),
        outcomes_html: guide.doc.outcomes.iter().map(|o| views.rich_html_for(guide, o, &links)).collect(),
        sections: guide
            .doc
            .sections
            .iter()
            .map(|s| SectionView::of(s, numbers, |b| views.blocks_html_for(guide, b, &links)))
            .collect(),
        brief: views.brief(guide, &link, &brief_links),
        checklist: views.checklist(guide, &link, root),
        stale: views.stale(guide, root),
        anchor: anchor.clone(),
        pages: None,
        notes,
        print_alternates: sub_alternates(views, guide, GuidePage::Print)
            .into_iter()
            .map(|(lang, path)| PrintAlternate { lang, href: format!("{root}{path}") })
            .collect(),
    }
}

impl HandbookGuide {
    /// About how many bytes this guide adds to a printable page: the length of its view
    /// as JSON — all its content markup and text, and a field name per part — times
    /// [`WEIGHT_PER_JSON_BYTE`] for the template's own markup around each part (callout
    /// labels, checklist rows). A test holds the bundled handbooks within 10 % of it.
    pub fn weight(&self) -> usize {
        struct Count(usize);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut count = Count(0);
        // A view of strings, numbers and lists always serializes; a failure would only
        // make the count short.
        let _ = serde_json::to_writer(&mut count, self);
        count.0 * WEIGHT_PER_JSON_BYTE.0 / WEIGHT_PER_JSON_BYTE.1
    }

    /// The ids of this guide's entries in the contents: the guide, its sections, its
    /// brief and its checklist.
    pub fn toc_ids(&self) -> Vec<String> {
        let mut ids = vec![self.anchor.clone()];
        ids.extend(self.sections.iter().map(|s| format!("{}-{}", self.anchor, s.id)));
        ids.push(format!("a{}", self.n));
        ids.push(format!("b{}", self.n));
        ids
    }

    /// Sets the contents' page numbers from a printing (0 for an id it lacks: the first
    /// printing, which only measures).
    pub fn number(&mut self, numbers: &PageNumbers) {
        let at = |id: String| numbers.get(&id).copied().unwrap_or(0);
        self.pages = Some(GuidePages {
            guide: at(self.anchor.clone()),
            sections: self.sections.iter().map(|s| at(format!("{}-{}", self.anchor, s.id))).collect(),
            brief: at(format!("a{}", self.n)),
            checklist: at(format!("b{}", self.n)),
        });
    }
}

/// Page bytes per byte of a handbook view's JSON, as a fraction: measured on the bundled
/// handbooks (1.44 for both Japanese and English).
pub const WEIGHT_PER_JSON_BYTE: (usize, usize) = (36, 25);

/// The ids of the appendices' entries in the contents.
pub const APPENDIX_IDS: [&str; 2] = ["appendix-a", "appendix-b"];

/// The appendices' page numbers from a printing (0 for one it lacks).
pub fn appendix_pages(numbers: &PageNumbers) -> AppendixPages {
    let at = |id: &str| numbers.get(id).copied().unwrap_or(0);
    AppendixPages { briefs: at(APPENDIX_IDS[0]), checklists: at(APPENDIX_IDS[1]) }
}

/// The handbook's running heads: a named page per guide (`hb-gN`), per brief (`hb-aN`)
/// and per checklist (`hb-bN`), each with its title in the top margin.
pub fn running_heads_css(guides: &[HandbookGuide], appendix_a: &str, appendix_b: &str) -> String {
    let mut css = String::from(
        "/* Running heads of this handbook, written by tebiki build: each guide, brief and\n   \
         checklist is a named page that shows its title in the top margin. */\n",
    );
    for g in guides {
        let title = &g.title;
        for (name, head) in [
            (format!("hb-g{}", g.n), format!("{}. {title}", g.n)),
            (format!("hb-a{}", g.n), format!("{appendix_a} · {}. {title}", g.n)),
            (format!("hb-b{}", g.n), format!("{appendix_b} · {}. {title}", g.n)),
        ] {
            css.push_str(&format!(
                ".{name} {{ page: {name}; }}\n@page {name} {{ @top-left {{ content: {}; }} }}\n",
                css_string(&head)
            ));
        }
    }
    css
}

/// The rules that show one guide of a volume alone — its chapter, brief, checklist and
/// contents entries, and its way back to its page — when the volume is opened at the
/// guide's marker (`#only-g3`, see `print.html`); tebiki.css hides the rest that is
/// common to every guide.
pub fn alone_css(guides: &[HandbookGuide]) -> String {
    let mut css = String::from("/* One guide alone: the page opened at #only-gN. */\n");
    for g in guides {
        let n = g.n;
        css.push_str(&format!(
            "#only-g{n}:target ~ :is(.hb-guide, .hb-brief, .hb-checklist):not(.hb-g{n}, .hb-a{n}, .hb-b{n}),\n\
             #only-g{n}:target ~ .hb-toc :is(.hb-toc-list > li:not(.hb-toc-appendix), .hb-toc-appendix li):not(.hb-t{n}) \
             {{ display: none; }}\n\
             #only-g{n}:target ~ .hb-g{n} .hb-back {{ display: block; }}\n"
        ));
    }
    css
}

/// A CSS string literal: quotes and backslashes escaped, line breaks and other control
/// characters as hex escapes, so no title can end the string or the rule.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("手引き"), "\"手引き\"");
        assert_eq!(css_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(css_string("x\n} body { color: red"), "\"x\\a } body { color: red\"");
    }
}
