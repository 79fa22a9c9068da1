//! Printable pages that scale: the briefing and the handbook of a language in volumes of
//! bounded size, and a print view of each guide.
//!
//! 1. Weigh each guide's handbook view ([`HandbookGuide::weight`]) and [`plan`] the
//!    volumes: guides in navigation order, a new volume whenever the next guide would take
//!    the current one past `[print] volume_bytes` (default
//!    [`DEFAULT_VOLUME_BYTES`](crate::config::DEFAULT_VOLUME_BYTES), 2 MB). A site whose
//!    guides fit gets one volume, which is the page itself, as it always was. A guide is
//!    never split, so one guide bigger than the bound makes a volume of its own.
//! 2. With several volumes, `<lang>/print/index.html` and `<lang>/briefing/index.html`
//!    list them (`volumes.html`: each volume with its guides), and volume `k` is
//!    `<lang>/print/<k>/index.html` (with its `handbook.css`) and
//!    `<lang>/briefing/<k>/index.html`. Both use the same plan, so volume `k` of the
//!    briefing holds the briefs of the guides of volume `k` of the handbook (a brief is a
//!    part of its guide's handbook pages, so the briefing's volumes are smaller still).
//! 3. `<lang>/<slug>/print/index.html`, the guide's print view, goes on to its volume
//!    opened at `#only-g3`, which shows the guide alone: its chapter, then its brief and
//!    its checklist, under the volume's running heads (`print.html`; the rules are
//!    [`alone_css`] in the volume's `handbook.css`). So each guide's printable text is in
//!    the site once. `tebiki pdf --guide` prints the same guide alone from a page of its
//!    own ([`Printer::page`]), whose contents carry page numbers.
//!
//! The bound: at 5,000 generated guides of ~31 KiB (the benchmark corpus), a guide weighs
//! ~70 KB, so a volume holds ~28 guides; its page is within a few percent of its weight
//! (a test holds the two together), about 2 MB, and prints on roughly 450 A4 pages — a
//! binder — and the largest page of the site stays far below 5 MB.
//!
//! Each volume and each print view is a render unit of its own ([`super::Unit`]), and so
//! are the lists of volumes. What each depends on, for an incremental build
//! ([`super::keys`]): a volume on its guides (their chapters and numbers) and the number of
//! volumes; a print view on its guide, its number and its volume; the lists on the plan
//! and the titles; the plan on every guide's weight, which is kept from build to build
//! ([`super::plan`]), so that an edit does not make every guide's chapter again.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::link::{LangSite, Site};
use crate::paths::{self, GuidePage, LangPage, root_of};
use crate::render::brief::BriefView;
use crate::render::handbook::{
    APPENDIX_IDS, HandbookGuide, HandbookView, PageNumbers, SingleView, VolumeLabel, alone_css, appendix_pages,
    guide_page, handbook_guide, handbook_guides, running_heads_css, sub_alternates,
};
use crate::render::html::Placement;
use crate::render::listing::Listed;
use crate::render::pages::{Pages, RenderError};
use crate::render::plan::{Chapters, LangPlan, volume_of};
use crate::render::redirect::{RedirectContext, Target};
use crate::render::view::{PageView, ViewContext};
use crate::render::{Prepared, RenderOptions, Silent};
use crate::write::Output;

/// Splits guides of these weights, in order, into volumes of at most `bound` each (a
/// guide heavier than the bound alone in its volume). Always at least one volume.
pub fn plan(weights: &[usize], bound: usize) -> Vec<Range<usize>> {
    let mut volumes = Vec::new();
    let (mut start, mut sum) = (0, 0);
    for (i, &w) in weights.iter().enumerate() {
        if i > start && sum + w > bound {
            volumes.push(start..i);
            (start, sum) = (i, 0);
        }
        sum += w;
    }
    volumes.push(start..weights.len());
    volumes
}

/// Renders volume `k` (1-based) of the briefing and of the handbook of `ls` (unit
/// [`super::Unit::Volume`]).
pub(super) fn render_volume(
    views: &ViewContext<'_>,
    ls: &LangSite,
    planned: &LangPlan,
    k: usize,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    // With one volume, the page is the handbook itself, one folder higher.
    let whole = (planned.plan.len() == 1).then(|| handbook_guides(views, ls, &volume_root(&ls.lang, false)));
    let book = Book { views, ls, chapters: &planned.chapters, whole: whole.as_deref(), plan: &planned.plan };
    book.render_briefing(k, pages)?;
    book.render_handbook(k, None, pages)
}

/// Renders the print view of guide `i` of `ls` (unit [`super::Unit::Print`]): a page that
/// goes on at once to the guide alone in its volume (`#only-g3`, see `print.html`), so
/// the site holds each guide's printable text once, in its volume.
pub(super) fn render_print_view(
    views: &ViewContext<'_>,
    ls: &LangSite,
    planned: &LangPlan,
    i: usize,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    let lang = ls.lang.as_str();
    let guide = &ls.guides[i];
    let path = guide_page(guide, GuidePage::Print);
    let volume = (planned.plan.len() > 1).then(|| volume_of(&planned.plan, i));
    let href = format!("{}{}#only-g{}", root_of(&path), paths::volume_page(lang, LangPage::Handbook, volume), i + 1);
    let title = format!("{} | {}", views.label(lang, "print_view"), guide.doc.title);
    let page = views.page(&path, lang, Some(&title), sub_alternates(views, guide, GuidePage::Print));
    let target = Target { title: guide.doc.title.clone(), href };
    pages.render(&path, "print-view.html", &RedirectContext { page, target })
}

/// The lists of the volumes of `ls`, when there are several (unit
/// [`super::Unit::Contents`]): `<lang>/briefing/index.html` and `<lang>/print/index.html`.
pub(super) fn contents(
    views: &ViewContext<'_>,
    ls: &LangSite,
    plan: &[Range<usize>],
) -> Result<Vec<Listed>, RenderError> {
    if plan.len() < 2 {
        return Ok(Vec::new());
    }
    [LangPage::Briefing, LangPage::Handbook].into_iter().map(|kind| volume_list(views, ls, plan, kind)).collect()
}

/// The list of the volumes of `plan`: `<lang>/print/index.html` or
/// `<lang>/briefing/index.html`.
fn volume_list(
    views: &ViewContext<'_>,
    ls: &LangSite,
    plan: &[Range<usize>],
    kind: LangPage,
) -> Result<Listed, RenderError> {
    let lang = ls.lang.as_str();
    let (title, intro, anchor) = match kind {
        LangPage::Briefing => ("briefing", "briefing_volumes_intro", "brief-"),
        _ => ("handbook", "handbook_volumes_intro", "g"),
    };
    let path = paths::lang_page(lang, kind);
    let title = views.label(lang, title);
    let page = views.page(&path, lang, Some(&title), views.lang_alternates(lang, kind));
    let volumes = plan
        .iter()
        .enumerate()
        .map(|(v, range)| {
            let k = v + 1;
            VolumeEntry {
                n: k,
                label: views.label(lang, "volume").replace("{n}", &k.to_string()),
                href: format!("{k}/index.html"),
                guides: range
                    .clone()
                    .map(|i| VolumeGuide {
                        n: i + 1,
                        title: ls.guides[i].doc.title.clone(),
                        href: format!("{k}/index.html#{anchor}{}", i + 1),
                    })
                    .collect(),
            }
        })
        .collect();
    let list = VolumeList { title, intro: views.label(lang, intro), volumes };
    Listed::new(path, "volumes.html", &VolumesContext { page, volumes: list })
}

/// The way from a volume's page (or a print view, as deep) to the site's root: the
/// handbook's views are made for the depth of the page that shows them (their images).
pub(super) fn volume_root(lang: &str, several: bool) -> String {
    root_of(&paths::volume_page(lang, LangPage::Handbook, several.then_some(1)))
}

/// One language's printable pages.
struct Book<'v> {
    views: &'v ViewContext<'v>,
    ls: &'v LangSite,
    /// The guides as volumes and print views show them (a folder deeper than the language's).
    chapters: &'v Chapters,
    /// With one volume, the guides as the handbook's page shows them (`<lang>/print/`).
    whole: Option<&'v [HandbookGuide]>,
    plan: &'v [Range<usize>],
}

impl<'v> Book<'v> {
    fn lang(&self) -> &'v str {
        self.ls.lang.as_str()
    }

    /// `Some(k)` when there are several volumes: the argument of the volume paths.
    fn volume(&self, k: usize) -> Option<usize> {
        (self.plan.len() > 1).then_some(k)
    }

    /// From volume `k`'s page (of the briefing or the handbook) to the language's folder.
    fn up(&self, k: usize) -> &'static str {
        if self.volume(k).is_some() { "../../" } else { "../" }
    }

    fn label(&self, k: usize) -> Option<VolumeLabel> {
        let lang = self.lang();
        self.volume(k).map(|k| VolumeLabel {
            n: k,
            label: self
                .views
                .label(lang, "volume_of")
                .replace("{n}", &k.to_string())
                .replace("{count}", &self.plan.len().to_string()),
            all_href: "../index.html".into(),
        })
    }

    /// Guide `i`'s chapter (0-based), for the one page of the build that shows it.
    fn chapter(&self, i: usize) -> HandbookGuide {
        self.chapters.take(self.views, self.ls, i)
    }

    /// The views of the guides `range` for a page (a volume or a print view) that holds
    /// just them: their chapters, unless a guide links to other guides — then its view is
    /// made again, so that its links to guides on other pages lead to their own pages.
    fn guides_for(&self, range: Range<usize>) -> Vec<HandbookGuide> {
        let links = |i: usize| !self.views.site.links(&self.ls.guides[i]).targets.is_empty();
        let root = volume_root(self.lang(), true);
        range
            .clone()
            .map(|i| match links(i) {
                true => handbook_guide(self.views, &self.ls.guides[i], i + 1, &root, Some(range.clone())),
                false => self.chapter(i),
            })
            .collect()
    }

    /// Volume `k` of the briefing.
    fn render_briefing(&self, k: usize, pages: &mut Pages<'_, '_>) -> Result<(), RenderError> {
        let lang = self.lang();
        let path = paths::volume_page(lang, LangPage::Briefing, self.volume(k));
        // From the page to the language's folder.
        let up = self.up(k);
        let label = self.label(k);
        let title = match &label {
            Some(l) => format!("{} {}", self.views.label(lang, "briefing"), l.label),
            None => self.views.label(lang, "briefing"),
        };
        let page = self.views.page(&path, lang, Some(&title), self.views.lang_alternates(lang, LangPage::Briefing));
        let range = self.plan[k - 1].clone();
        let briefs = self.ls.guides[range.clone()]
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let slug = &g.slug;
                let links = Placement {
                    relative: Some(format!("{up}{slug}/")),
                    root: root_of(&path),
                    fragment: format!("{up}{slug}/index.html#"),
                    context: Some(g.doc.title.clone()),
                    here: None,
                    // The brief's id is `brief-N`, N its guide's place in the language.
                    notes: Some(format!("brief-{}-", range.start + i + 1)),
                };
                self.views.brief(g, &|id| format!("{up}{slug}/index.html#{id}"), &links)
            })
            .collect();
        let briefing = BriefingVolume { up: up.to_owned(), offset: range.start, volume: label };
        pages.render(&path, "briefing.html", &BriefingContext { page, briefs, briefing })
    }

    /// Volume `k` of the handbook and its running heads; with `numbers`, its contents'
    /// page numbers (the page `tebiki pdf` prints).
    fn render_handbook(
        &self,
        k: usize,
        numbers: Option<&PageNumbers>,
        pages: &mut Pages<'_, '_>,
    ) -> Result<(), RenderError> {
        let lang = self.lang();
        let volume = self.volume(k);
        let path = paths::volume_page(lang, LangPage::Handbook, volume);
        let label = self.label(k);
        let title = match &label {
            Some(l) => format!("{} {}", self.views.label(lang, "handbook"), l.label),
            None => self.views.label(lang, "handbook"),
        };
        let page = self.views.page(&path, lang, Some(&title), self.views.lang_alternates(lang, LangPage::Handbook));
        let shown = match self.whole {
            Some(whole) => Cow::Borrowed(whole),
            None => Cow::Owned(self.guides_for(self.plan[k - 1].clone())),
        };
        let numbered = numbered(&shown, numbers);
        let guides = numbered.as_deref().unwrap_or(&shown);
        let handbook = HandbookView {
            language: self.views.label(lang, "lang_name"),
            guides,
            heads: "handbook.css".into(),
            up: self.up(k).into(),
            volume: label,
            single: None,
            pages: numbers.map(appendix_pages),
        };
        let mut css =
            running_heads_css(guides, &self.views.label(lang, "appendix_a"), &self.views.label(lang, "appendix_b"));
        css.push_str(&alone_css(guides));
        pages.render(&path, "print.html", &PrintContext { page, handbook })?;
        pages.add(paths::handbook_css(lang, volume), css.into_bytes());
        Ok(())
    }

    /// Guide `i` (0-based) alone on a page of its own, with its contents' page numbers: the
    /// page `tebiki pdf --guide` prints.
    fn render_single(
        &self,
        i: usize,
        numbers: Option<&PageNumbers>,
        pages: &mut Pages<'_, '_>,
    ) -> Result<(), RenderError> {
        let lang = self.lang();
        let guide = &self.ls.guides[i];
        let path = guide_page(guide, GuidePage::Print);
        let root = root_of(&path);
        let volume = self.volume(volume_of(self.plan, i));
        let title = format!("{} | {}", self.views.label(lang, "print_view"), guide.doc.title);
        let page = self.views.page(&path, lang, Some(&title), sub_alternates(self.views, guide, GuidePage::Print));
        let shown = self.guides_for(i..i + 1);
        let numbered = numbered(&shown, numbers);
        let guides = numbered.as_deref().unwrap_or(&shown);
        let handbook = HandbookView {
            language: self.views.label(lang, "lang_name"),
            guides,
            heads: format!("{root}{}", paths::handbook_css(lang, volume)),
            up: "../../".into(),
            volume: None,
            single: Some(SingleView {
                guide_href: "../index.html".into(),
                volume_href: format!("{root}{}#g{}", paths::volume_page(lang, LangPage::Handbook, volume), i + 1),
            }),
            pages: numbers.map(appendix_pages),
        };
        pages.render(&path, "print.html", &PrintContext { page, handbook })
    }
}

/// Copies of `guides` with their contents' page numbers, when there are numbers.
fn numbered(guides: &[HandbookGuide], numbers: Option<&PageNumbers>) -> Option<Vec<HandbookGuide>> {
    let numbers = numbers?;
    Some(
        guides
            .iter()
            .map(|g| {
                let mut g = g.clone();
                g.number(numbers);
                g
            })
            .collect(),
    )
}

#[derive(Serialize)]
struct PrintContext<'a> {
    page: PageView<'a>,
    handbook: HandbookView<'a>,
}

#[derive(Serialize)]
struct BriefingContext<'a> {
    page: PageView<'a>,
    briefs: Vec<BriefView>,
    briefing: BriefingVolume,
}

/// Where a briefing page sits.
#[derive(Serialize)]
struct BriefingVolume {
    /// From the page to the language's folder: `../`, or `../../` for a volume.
    up: String,
    /// Guides before this volume: a brief's number is its place plus this.
    offset: usize,
    volume: Option<VolumeLabel>,
}

#[derive(Serialize)]
struct VolumesContext<'a> {
    page: PageView<'a>,
    volumes: VolumeList,
}

/// The list of a language's volumes.
#[derive(Debug, Serialize)]
pub struct VolumeList {
    pub title: String,
    pub intro: String,
    pub volumes: Vec<VolumeEntry>,
}

#[derive(Debug, Serialize)]
pub struct VolumeEntry {
    pub n: usize,
    /// "第2巻" / "Volume 2".
    pub label: String,
    /// The volume, relative to the list.
    pub href: String,
    pub guides: Vec<VolumeGuide>,
}

#[derive(Debug, Serialize)]
pub struct VolumeGuide {
    pub n: usize,
    pub title: String,
    /// The guide in the volume, relative to the list.
    pub href: String,
}

/// What `tebiki pdf` prints: a volume of the handbook (1-based), or a guide's print view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintTarget {
    Volume(usize),
    Guide(String),
}

/// A printable page as rendered for `tebiki pdf`.
#[derive(Debug, Clone)]
pub struct PrintPage {
    /// Its path in the output.
    pub path: String,
    pub html: String,
    /// The ids of its contents' entries, whose pages the contents show.
    pub toc_ids: Vec<String>,
}

/// The printable pages of one language, ready to render again and again with page
/// numbers (`tebiki pdf`).
pub struct Printer<'s> {
    site: &'s Site,
    prepared: Prepared,
    lang: String,
    chapters: Chapters,
    whole: Option<Vec<HandbookGuide>>,
    plan: Vec<Range<usize>>,
}

impl<'s> Printer<'s> {
    /// Weighs and plans the volumes of `lang`, which must be a language of the site.
    pub fn new(site: &'s Site, opts: &RenderOptions<'_>, lang: &str) -> Result<Printer<'s>, RenderError> {
        let prepared = Prepared::new(site, opts.theme)?;
        let ls = site.lang(lang).ok_or_else(|| RenderError::NoLanguage { lang: lang.to_owned() })?;
        let views = prepared.views(site);
        let chapters = Chapters::keeping_all(volume_root(lang, true), ls.guides.len());
        let weights: Vec<usize> = (0..ls.guides.len()).map(|i| chapters.weigh(&views, ls, i)).collect();
        let plan = plan(&weights, site.config.volume_bytes);
        let whole = (plan.len() == 1).then(|| handbook_guides(&views, ls, &volume_root(lang, false)));
        Ok(Printer { site, prepared, lang: lang.to_owned(), chapters, whole, plan })
    }

    fn lang_site(&self) -> &'s LangSite {
        self.site.lang(&self.lang).expect("a printer's language is the site's")
    }

    /// The slugs of the guides of each volume.
    pub fn volumes(&self) -> Vec<Vec<String>> {
        let ls = self.lang_site();
        self.plan.iter().map(|r| ls.guides[r.clone()].iter().map(|g| g.slug.clone()).collect()).collect()
    }

    /// The weight of each guide ([`HandbookGuide::weight`]), in navigation order.
    pub fn weights(&self) -> Vec<usize> {
        let (views, ls) = (self.prepared.views(self.site), self.lang_site());
        (0..ls.guides.len()).map(|i| self.chapters.weigh(&views, ls, i)).collect()
    }

    /// The page of `target`, with page numbers in its contents when `numbers` is given
    /// (entries it lacks show 0). `None` when there is no such volume or guide.
    pub fn page(&self, target: &PrintTarget, numbers: Option<&PageNumbers>) -> Result<Option<PrintPage>, RenderError> {
        let views = self.prepared.views(self.site);
        let Some(ls) = self.site.lang(&self.lang) else { return Ok(None) };
        let book = Book { views: &views, ls, chapters: &self.chapters, whole: self.whole.as_deref(), plan: &self.plan };
        let mut out = Output::default();
        let mut sink = |path: String, bytes: Vec<u8>| out.add(path, bytes);
        let mut pages = Pages { tera: &self.prepared.tera, sink: &mut sink, progress: &Silent };
        let (path, guides) = match target {
            PrintTarget::Volume(k) if (1..=self.plan.len()).contains(k) => {
                book.render_handbook(*k, numbers, &mut pages)?;
                let path = paths::volume_page(&self.lang, LangPage::Handbook, book.volume(*k));
                (path, self.plan[k - 1].clone())
            }
            PrintTarget::Guide(slug) => {
                let Some(i) = ls.guides.iter().position(|g| &g.slug == slug) else { return Ok(None) };
                book.render_single(i, numbers, &mut pages)?;
                (guide_page(&ls.guides[i], GuidePage::Print), i..i + 1)
            }
            PrintTarget::Volume(_) => return Ok(None),
        };
        let mut toc_ids: Vec<String> = guides.flat_map(|i| self.chapters.toc_ids(&views, ls, i)).collect();
        toc_ids.extend(APPENDIX_IDS.iter().map(|s| s.to_string()));
        let html = out.files.remove(&path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        Ok(Some(PrintPage { path, html, toc_ids }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_volumes_up_to_the_bound_in_order() {
        assert_eq!(plan(&[], 10), vec![0..0]);
        assert_eq!(plan(&[3, 3, 3], 10), vec![0..3]);
        assert_eq!(plan(&[4, 4, 4, 4], 10), vec![0..2, 2..4]);
        assert_eq!(plan(&[4, 6, 1], 10), vec![0..2, 2..3], "a volume may reach the bound exactly");
        assert_eq!(plan(&[25, 3, 30, 3], 10), vec![0..1, 1..2, 2..3, 3..4], "a heavy guide alone");
    }
}
