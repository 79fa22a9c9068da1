//! Render: the linked [`Site`] → every page and asset of the output, in memory.
//!
//! 1. The tera environment is made from the theme's templates, and UI strings are read
//!    for each configured language ([`Theme`]).
//! 2. Static assets are copied to `assets/`, and the code-highlighting stylesheet is
//!    written (`assets/css/highlight.css`, [`highlight`]); the images the guides show are
//!    copied to `assets/media/` ([`crate::media`]).
//! 3. Pages, each through its template with a context built in [`view`]:
//!    - `index.html` (`root.html`): choose a language;
//!    - `<lang>/index.html` (`home.html`): every guide with its outcomes;
//!    - `<lang>/<slug>/index.html` (`guide.html`): the guide, content written by [`html`];
//!    - `<lang>/search/index.html` (`search.html`) when search is on;
//!    - briefs, checklists, the briefing and the printable handbook ([`handbook`]);
//!    - `404.html`; `sitemap.xml` when `base_url` is set;
//!    - a redirect page at each old address of a guide ([`redirect`]).
//! 4. The site's `static/` files, copied to the root last, so that one that would replace
//!    a generated file is refused.
//!
//! Nothing here reads the clock or iterates a hash map, so the same site renders to the
//! same bytes.

pub mod brief;
pub mod checklist;
pub mod escape;
pub mod handbook;
pub mod highlight;
pub mod html;
mod pages;
pub mod redirect;
pub mod view;

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

/// Renders the whole site.
pub fn render(site: &Site, opts: &RenderOptions<'_>, progress: &dyn Progress) -> Result<Output, RenderError> {
    // 1. Environment.
    let tera = environment(opts.theme)?;
    let strings: Vec<(String, Strings)> = site
        .config
        .languages
        .iter()
        .map(|lang| Ok((lang.clone(), opts.theme.strings(lang)?)))
        .collect::<Result<_, ThemeError>>()?;
    let highlighter = highlight::Highlighter::new();
    let views = ViewContext {
        site,
        strings: &strings,
        html: html::HtmlOptions { raw_html: site.config.raw_html },
        highlighter: &highlighter,
    };
    let mut out = Output::default();

    // 2. Assets.
    for (path, bytes) in opts.theme.statics() {
        out.add(format!("{}/{path}", paths::ASSETS_DIR), bytes);
    }
    out.add(paths::HIGHLIGHT_CSS, highlight::stylesheet()?);
    out.add(paths::CHECKLIST_SCRIPT, crate::checklist::assets::classic_script());
    site.media.add_images(&mut out);

    // 3. Pages.
    let pages_per_lang = 1 + usize::from(site.config.search) + handbook::PAGES_PER_LANG;
    let total = 2 + site.languages.iter().map(|ls| 3 * ls.guides.len() + pages_per_lang).sum::<usize>();
    progress.pages_planned(total as u64);
    let mut pages = Pages { tera: &tera, out: &mut out, progress };
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
        pages.render(&path, "home.html", &HomeContext { page, guides, untranslated })?;

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

        handbook::render_pages(&views, ls, &mut pages)?;
    }

    let title = views.strings(default_lang).get("not_found_title").map(String::as_str);
    let page = views.page(paths::NOT_FOUND_PAGE, default_lang, title, Vec::new());
    pages.render(paths::NOT_FOUND_PAGE, "404.html", &RootContext { page, languages: &languages })?;

    if let Some(base_url) = &site.config.base_url {
        let sitemap = sitemap_context(site, base_url);
        pages.render(paths::SITEMAP, "sitemap.xml", &sitemap)?;
    }
    redirect::render(&views, &mut pages)?;

    // 4. Static files.
    site.media.add_statics(&mut out, site.config.search)?;
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
    /// The same page in every language (itself included), for `hreflang` annotations.
    alternates: Vec<view::Alternate>,
}

/// Every page a search engine should know, as absolute URLs (folder URLs for pages),
/// each with its language versions.
fn sitemap_context(site: &Site, base_url: &str) -> SitemapContext {
    let alt = |lang: &str, path: &str| view::Alternate {
        lang: lang.to_owned(),
        name: String::new(),
        href: format!("{base_url}{path}"),
    };
    let mut urls = vec![SitemapUrl { loc: base_url.to_owned(), alternates: Vec::new() }];
    let langs: Vec<&str> = site.languages.iter().map(|ls| ls.lang.as_str()).collect();
    // Language-level pages, each with its versions in every language.
    let lang_pages = ["", "briefing/", "checklists/", "print/"];
    for ls in &site.languages {
        for page in lang_pages {
            let alternates = if langs.len() > 1 {
                langs.iter().map(|l| alt(l, &format!("{l}/{page}"))).collect()
            } else {
                Vec::new()
            };
            urls.push(SitemapUrl { loc: format!("{base_url}{}/{page}", ls.lang), alternates });
        }
        for guide in &ls.guides {
            let mut versions: Vec<&crate::model::Guide> = vec![guide];
            versions.extend(site.counterparts(guide));
            versions.sort_by_key(|g| site.languages.iter().position(|l| l.lang == g.lang));
            for page in ["", "brief/", "checklist/"] {
                let alternates = if versions.len() > 1 {
                    versions.iter().map(|g| alt(&g.lang, &format!("{}/{}/{page}", g.lang, g.slug))).collect()
                } else {
                    Vec::new()
                };
                urls.push(SitemapUrl { loc: format!("{base_url}{}/{}/{page}", ls.lang, guide.slug), alternates });
            }
        }
    }
    SitemapContext { urls }
}
