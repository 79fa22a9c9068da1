//! Render: the linked [`Site`] → every page and asset of the output, in memory.
//!
//! 1. The tera environment is made from the theme's templates, and UI strings are read
//!    for each configured language ([`Theme`]).
//! 2. Static assets are copied to `assets/`, and the code-highlighting stylesheet is
//!    written (`assets/css/highlight.css`, [`highlight`]).
//! 3. Pages, each through its template with a context built in [`view`]:
//!    - `index.html` (`root.html`): choose a language;
//!    - `<lang>/index.html` (`home.html`): the recently updated guides, then every guide
//!      with its outcomes;
//!    - `<lang>/<slug>/index.html` (`guide.html`): the guide, content written by [`html`];
//!    - `<lang>/search/index.html` (`search.html`) when search is on;
//!    - briefs, checklists, the briefing and the printable handbook ([`handbook`]), in
//!      volumes, and each guide's print view ([`volumes`]);
//!    - `<lang>/feed.xml` ([`feed`]) when `base_url` is set and a guide has a date;
//!    - `404.html`; `sitemap.xml` when `base_url` is set.
//!
//! Nothing here reads the clock or iterates a hash map, so the same site renders to the
//! same bytes.

pub mod brief;
pub mod checklist;
pub mod escape;
pub mod feed;
pub mod handbook;
pub mod highlight;
pub mod html;
mod pages;
pub mod view;
pub mod volumes;

use serde::Serialize;
use tera::Tera;

use crate::link::Site;
use crate::paths::{self, LangPage};
use crate::theme::{Strings, Theme, ThemeError};
use crate::write::Output;
use pages::Pages;
use view::{ViewContext, guide_path};

pub use pages::RenderError;

/// What rendering needs besides the site.
pub struct RenderOptions<'a> {
    pub theme: &'a Theme,
}

/// What rendering tells its caller as it goes. Every method has a silent default.
pub trait Progress {
    /// Rendering will make `total` pages.
    fn pages_planned(&self, _total: u64) {}
    /// One more page is rendered.
    fn page_done(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;
impl Progress for Silent {}

/// What every page is rendered with: the templates, the UI strings of each configured
/// language, the code highlighter (step 1).
pub(crate) struct Prepared {
    tera: Tera,
    strings: Vec<(String, Strings)>,
    highlighter: highlight::Highlighter,
}

impl Prepared {
    fn new(site: &Site, theme: &Theme) -> Result<Prepared, RenderError> {
        let tera = environment(theme)?;
        let strings: Vec<(String, Strings)> = site
            .config
            .languages
            .iter()
            .map(|lang| Ok((lang.clone(), theme.strings(lang)?)))
            .collect::<Result<_, ThemeError>>()?;
        Ok(Prepared { tera, strings, highlighter: highlight::Highlighter::new() })
    }

    fn views<'a>(&'a self, site: &'a Site) -> ViewContext<'a> {
        ViewContext {
            site,
            strings: &self.strings,
            html: html::HtmlOptions { raw_html: site.config.raw_html },
            highlighter: &self.highlighter,
        }
    }
}

/// Renders the whole site.
pub fn render(site: &Site, opts: &RenderOptions<'_>, progress: &dyn Progress) -> Result<Output, RenderError> {
    // 1. Environment.
    let prepared = Prepared::new(site, opts.theme)?;
    let tera = &prepared.tera;
    let views = prepared.views(site);
    let mut out = Output::default();

    // 2. Assets.
    for (path, bytes) in opts.theme.statics() {
        out.add(format!("{}/{path}", paths::ASSETS_DIR), bytes);
    }
    out.add(paths::HIGHLIGHT_CSS, highlight::stylesheet()?);
    out.add(paths::CHECKLIST_SCRIPT, crate::checklist::assets::classic_script());

    // 3. Pages. (The count leaves out volumes past the first: they are known only once
    //    the guides are weighed, and progress is told of each as it is rendered.)
    let pages_per_lang = 2 + usize::from(site.config.search) + volumes::pages_for(1);
    let total = 2 + site.languages.iter().map(|ls| 4 * ls.guides.len() + pages_per_lang).sum::<usize>();
    progress.pages_planned(total as u64);
    let mut pages = Pages { tera, out: &mut out, progress, planned: total as u64 };
    let mut volume_counts = Vec::with_capacity(site.languages.len());
    // The root and 404 pages speak the first language that has guides.
    let default_lang = site.languages.first().map_or(site.config.default_language(), |ls| ls.lang.as_str());

    let languages = views.languages();
    let page = views.page(paths::ROOT_PAGE, default_lang, None, Vec::new());
    pages.render(paths::ROOT_PAGE, "root.html", &RootContext { page, languages: &languages })?;

    for ls in &site.languages {
        let lang = ls.lang.as_str();
        let path = paths::lang_page(lang, LangPage::Home);
        let page = views.page(&path, lang, None, views.lang_alternates(lang, LangPage::Home));
        let guides: Vec<_> = ls.guides.iter().map(|g| views.guide_card(g, lang)).collect();
        let untranslated: Vec<_> = site.untranslated(lang).into_iter().map(|g| views.guide_card(g, lang)).collect();
        let recent = views.recently_updated(ls);
        let feed = site.config.base_url.is_some() && !recent.is_empty();
        pages.render(&path, "home.html", &HomeContext { page, guides, untranslated, recent, feed })?;

        for (i, guide) in ls.guides.iter().enumerate() {
            let path = guide_path(guide);
            let page = views.page(&path, lang, Some(&guide.doc.title), views.guide_alternates(guide));
            pages.render(&path, "guide.html", &GuideContext { page, guide: views.guide(&ls.guides, i) })?;
        }

        if site.config.search {
            let path = paths::lang_page(lang, LangPage::Search);
            let title = views.strings(lang).get("search_title").map(String::as_str);
            let page = views.page(&path, lang, title, views.lang_alternates(lang, LangPage::Search));
            pages.render(&path, "search.html", &PageOnly { page })?;
        }

        volume_counts.push(handbook::render_pages(&views, ls, &mut pages)?);

        if let Some(base_url) = &site.config.base_url {
            if let Some(feed) = feed::feed_context(&views, ls, base_url) {
                pages.render(&paths::feed(lang), "feed.xml", &feed)?;
            }
        }
    }

    let title = views.strings(default_lang).get("not_found_title").map(String::as_str);
    let page = views.page(paths::NOT_FOUND_PAGE, default_lang, title, Vec::new());
    pages.render(paths::NOT_FOUND_PAGE, "404.html", &RootContext { page, languages: &languages })?;

    if let Some(base_url) = &site.config.base_url {
        let sitemap = sitemap_context(site, base_url, &volume_counts);
        pages.render(paths::SITEMAP, "sitemap.xml", &sitemap)?;
    }
    Ok(out)
}

/// Tera with the theme's templates. Autoescaping (on for `.html` and `.xml`) uses
/// [`html::escape_attr`], which leaves `/` alone: tera's own escapes it, which is
/// harmless but turns every relative path into `..&#x2F;..&#x2F;`.
fn environment(theme: &Theme) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.set_escape_fn(|s| {
        let mut out = String::with_capacity(s.len());
        html::escape_attr(s, &mut out);
        out
    });
    tera.add_raw_templates(theme.templates()?).map_err(RenderError::Templates)?;
    Ok(tera)
}

#[derive(Serialize)]
struct RootContext<'a> {
    page: view::PageView<'a>,
    languages: &'a [view::LanguageChoice],
}

#[derive(Serialize)]
struct HomeContext<'a> {
    page: view::PageView<'a>,
    guides: Vec<view::GuideCard>,
    /// Guides of the default language with no translation into this one.
    untranslated: Vec<view::GuideCard>,
    /// The guides most recently updated, newest first (empty when none has a date).
    recent: Vec<view::RecentGuide>,
    /// Whether the language has a feed (`feed.xml` beside the home).
    feed: bool,
}

#[derive(Serialize)]
struct GuideContext<'a> {
    page: view::PageView<'a>,
    guide: view::GuideView,
}

#[derive(Serialize)]
struct PageOnly<'a> {
    page: view::PageView<'a>,
}

#[derive(Serialize)]
struct SitemapContext {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    /// The day the page's guide last changed, when known.
    lastmod: Option<String>,
    /// The same page in every language (itself included), for `hreflang` annotations.
    alternates: Vec<view::Alternate>,
}

/// Every page a search engine should know, as absolute URLs (folder URLs for pages),
/// each with its language versions; `volumes` has the number of handbook and briefing
/// volumes of each language, in site order.
fn sitemap_context(site: &Site, base_url: &str, volumes: &[usize]) -> SitemapContext {
    let alt = |lang: &str, path: &str| view::Alternate {
        lang: lang.to_owned(),
        name: String::new(),
        href: format!("{base_url}{path}"),
    };
    let mut urls = vec![SitemapUrl { loc: base_url.to_owned(), lastmod: None, alternates: Vec::new() }];
    let langs: Vec<&str> = site.languages.iter().map(|ls| ls.lang.as_str()).collect();
    // Language-level pages, each with its versions in every language.
    let lang_pages = ["", "briefing/", "checklists/", "print/"];
    for (ls, &volumes) in site.languages.iter().zip(volumes) {
        for page in lang_pages {
            let alternates = if langs.len() > 1 {
                langs.iter().map(|l| alt(l, &format!("{l}/{page}"))).collect()
            } else {
                Vec::new()
            };
            urls.push(SitemapUrl { loc: format!("{base_url}{}/{page}", ls.lang), lastmod: None, alternates });
        }
        // Volumes, when there are several: each its own page, with no versions (another
        // language's volume k holds other guides).
        for k in (1..=volumes).filter(|_| volumes > 1) {
            for kind in [LangPage::Handbook, LangPage::Briefing] {
                let path = paths::volume_page(&ls.lang, kind, Some(k));
                let loc = format!("{base_url}{}", path.trim_end_matches("index.html"));
                urls.push(SitemapUrl { loc, lastmod: None, alternates: Vec::new() });
            }
        }
        for guide in &ls.guides {
            let mut versions: Vec<&crate::model::Guide> = vec![guide];
            versions.extend(site.counterparts(guide));
            versions.sort_by_key(|g| site.languages.iter().position(|l| l.lang == g.lang));
            for page in ["", "brief/", "checklist/", "print/"] {
                let alternates = if versions.len() > 1 {
                    versions.iter().map(|g| alt(&g.lang, &format!("{}/{}/{page}", g.lang, g.slug))).collect()
                } else {
                    Vec::new()
                };
                urls.push(SitemapUrl {
                    loc: format!("{base_url}{}/{}/{page}", ls.lang, guide.slug),
                    lastmod: guide.updated.map(|d| d.to_string()),
                    alternates,
                });
            }
        }
    }
    SitemapContext { urls }
}
