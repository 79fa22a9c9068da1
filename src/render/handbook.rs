//! The pages for executives, for responders and for the binder, per language:
//!
//! 1. `<lang>/<slug>/brief/index.html` (`brief.html`): the guide's executive brief;
//! 2. `<lang>/<slug>/checklist/index.html` (`checklist.html`): its interactive checklist;
//! 3. `<lang>/briefing/index.html` (`briefing.html`): every guide's brief on one page;
//! 4. `<lang>/checklists/index.html` (`checklists.html`): every guide's checklist, listed;
//! 5. `<lang>/print/index.html` (`print.html`): the handbook — cover, contents, each
//!    guide on new pages, the briefs and the checklists as appendices — and beside it
//!    `<lang>/print/handbook.css`, its running heads.
//!
//! Running heads: Chromium prints `@page` margin boxes (page numbers come from the
//! theme's stylesheet) but not `string-set`, so a guide's title cannot be carried into
//! the margin from its heading. Instead each guide, brief and checklist of the handbook
//! is a named page (`page: hb-g3`), and `handbook.css` — written here, since it holds
//! content — gives each named page its title in the top margin.

use serde::Serialize;

use crate::link::LangSite;
use crate::model::Guide;
use crate::paths::{self, GuidePage, LangPage};
use crate::render::brief::BriefView;
use crate::render::checklist::ChecklistView;
use crate::render::html::Placement;
use crate::render::pages::{Pages, RenderError};
use crate::render::view::{PageView, SectionView, ViewContext};

/// Pages this module renders per language besides one brief and one checklist per guide.
pub const PAGES_PER_LANG: usize = 3;

/// Pages this module renders per guide.
pub const PAGES_PER_GUIDE: usize = 2;

fn labels<'a>(views: &'a ViewContext<'_>, lang: &str) -> impl Fn(&str) -> String + 'a {
    let t = views.strings(lang);
    move |key: &str| t.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

/// Renders the pages of one guide: 1 and 2 of the module doc.
pub(super) fn render_guide_pages(
    views: &ViewContext<'_>,
    guide: &Guide,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    let lang = guide.lang.as_str();
    let label = labels(views, lang);
    {
        let path = guide_page(guide, GuidePage::Brief);
        let title = format!("{} | {}", label("brief"), guide.doc.title);
        let page = views.page(&path, lang, Some(&title), sub_alternates(views, guide, GuidePage::Brief));
        let links = Placement { relative: Some("../".into()), fragment: "../index.html#".into(), context: None };
        let brief = views.brief(guide, &|id| format!("../index.html#{id}"), &links);
        pages.render(&path, "brief.html", &BriefContext { page, brief })?;

        let path = guide_page(guide, GuidePage::Checklist);
        let title = format!("{} | {}", label("checklist"), guide.doc.title);
        let page = views.page(&path, lang, Some(&title), sub_alternates(views, guide, GuidePage::Checklist));
        let checklist = views.checklist(guide, &|anchor| format!("../index.html#{anchor}"));
        pages.render(&path, "checklist.html", &ChecklistContext { page, checklist })?;
    }
    Ok(())
}

/// Renders the pages of one language that gather every guide: 3, 4 and 5 of the module doc.
pub(super) fn render_lang_pages(
    views: &ViewContext<'_>,
    ls: &LangSite,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    let lang = ls.lang.as_str();
    let label = labels(views, lang);

    // 3. The briefing.
    let path = paths::lang_page(lang, LangPage::Briefing);
    let page = views.page(&path, lang, Some(&label("briefing")), views.lang_alternates(lang, LangPage::Briefing));
    let briefs = ls
        .guides
        .iter()
        .map(|g| {
            let slug = &g.slug;
            let links = Placement {
                relative: Some(format!("../{slug}/")),
                fragment: format!("../{slug}/index.html#"),
                context: Some(g.doc.title.clone()),
            };
            views.brief(g, &|id| format!("../{slug}/index.html#{id}"), &links)
        })
        .collect();
    pages.render(&path, "briefing.html", &BriefingContext { page, briefs })?;

    // 4. The list of checklists.
    let path = paths::lang_page(lang, LangPage::Checklists);
    let page = views.page(&path, lang, Some(&label("checklists")), views.lang_alternates(lang, LangPage::Checklists));
    let checklists = ls
        .guides
        .iter()
        .map(|g| {
            let slug = &g.slug;
            views.checklist(g, &|anchor| format!("../{slug}/index.html#{anchor}"))
        })
        .collect();
    pages.render(&path, "checklists.html", &ChecklistsContext { page, checklists })?;

    // 5. The handbook and its running heads.
    let path = paths::lang_page(lang, LangPage::Handbook);
    let page = views.page(&path, lang, Some(&label("handbook")), views.lang_alternates(lang, LangPage::Handbook));
    let handbook = handbook_view(views, ls);
    let css = running_heads_css(&handbook, &label("appendix_a"), &label("appendix_b"));
    pages.render(&path, "print.html", &PrintContext { page, handbook })?;
    pages.add(paths::handbook_css(lang), css.into_bytes());
    Ok(())
}

/// A page of a guide's folder.
fn guide_page(guide: &Guide, page: GuidePage) -> String {
    paths::guide_page(&guide.lang, &guide.slug, page)
}

/// The same page of the guide's counterparts in other languages.
fn sub_alternates(views: &ViewContext<'_>, guide: &Guide, page: GuidePage) -> Vec<(String, String)> {
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

#[derive(Serialize)]
struct BriefingContext<'a> {
    page: PageView<'a>,
    briefs: Vec<BriefView>,
}

#[derive(Serialize)]
struct ChecklistsContext<'a> {
    page: PageView<'a>,
    checklists: Vec<ChecklistView>,
}

#[derive(Serialize)]
struct PrintContext<'a> {
    page: PageView<'a>,
    handbook: HandbookView,
}

/// The handbook of one language.
#[derive(Debug, Serialize)]
pub struct HandbookView {
    /// The language's name in itself, for the cover.
    pub language: String,
    pub guides: Vec<HandbookGuide>,
}

/// One guide in the handbook. Its ids are prefixed with `anchor` (`g3`, `g3-s2`,
/// `g3-s2-1`), its brief is `a3` and its checklist `b3`, so one page holds them all.
/// The handbook stands alone: links within the guide lead to its place in the
/// handbook, links to other pages of the site keep only their text, web links stay.
#[derive(Debug, Serialize)]
pub struct HandbookGuide {
    pub n: usize,
    pub anchor: String,
    pub title: String,
    pub outcomes_html: Vec<String>,
    pub sections: Vec<SectionView>,
    pub brief: BriefView,
    pub checklist: ChecklistView,
}

fn handbook_view(views: &ViewContext<'_>, ls: &LangSite) -> HandbookView {
    let guides = ls
        .guides
        .iter()
        .enumerate()
        .map(|(i, guide)| {
            let anchor = format!("g{}", i + 1);
            let link = |id: &str| format!("#{anchor}-{id}");
            let links =
                Placement { relative: None, fragment: format!("#{anchor}-"), context: Some(guide.doc.title.clone()) };
            HandbookGuide {
                n: i + 1,
                title: guide.doc.title.clone(),
                outcomes_html: guide.doc.outcomes.iter().map(|o| views.rich_html_for(o, &links)).collect(),
                sections: handbook_sections(views, guide, &links),
                brief: views.brief(guide, &link, &links),
                checklist: views.checklist(guide, &link),
                anchor: anchor.clone(),
            }
        })
        .collect();
    let language = views.strings(&ls.lang).get("lang_name").cloned().unwrap_or_else(|| ls.lang.clone());
    HandbookView { language, guides }
}

/// A guide's sections with their content written for the handbook (no checklists: the
/// handbook has them in appendix B).
fn handbook_sections(views: &ViewContext<'_>, guide: &Guide, links: &Placement) -> Vec<SectionView> {
    guide.doc.sections.iter().map(|s| SectionView::of(s, |b| views.blocks_html_for(b, links))).collect()
}

/// The handbook's running heads: a named page per guide (`hb-gN`), per brief (`hb-aN`)
/// and per checklist (`hb-bN`), each with its title in the top margin.
pub fn running_heads_css(handbook: &HandbookView, appendix_a: &str, appendix_b: &str) -> String {
    let mut css = String::from(
        "/* Running heads of this handbook, written by tebiki build: each guide, brief and\n   \
         checklist is a named page that shows its title in the top margin. */\n",
    );
    for g in &handbook.guides {
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
