//! The pages that gather guides, made first as their template contexts ([`Listed`]):
//!
//! - [`super::Unit::Site`]: `index.html` (`root.html`, choose a language), `404.html`, and
//!   `sitemap.xml` when `base_url` is set;
//! - [`super::Unit::Lang`]: a language's home (`home.html`: the recently updated guides,
//!   then every guide with its outcomes), its search page (`search.html`, when search is
//!   on), its list of checklists (`checklists.html`), and `<lang>/feed.xml` ([`feed`]) when
//!   `base_url` is set and a guide has a date;
//! - [`super::Unit::Contents`]: the lists of a language's volumes
//!   ([`super::volumes::contents`]).
//!
//! A page is its template and its context, so the bytes of the contexts are what such a
//! unit is made from ([`super::keys`]): it renders again when what it shows changed — a
//! guide's title, outcomes, checklist or date, the guides there are — and not whenever any
//! guide changed. Making the contexts is cheap next to rendering the pages: no guide's body
//! is in them.

use serde::Serialize;

use crate::link::{LangSite, Site};
use crate::paths::{self, LangPage};
use crate::render::checklist::ChecklistView;
use crate::render::feed;
use crate::render::pages::RenderError;
use crate::render::view::{self, PageView, ViewContext};

/// A page ready to render: where it goes, its template, and its context as JSON (the
/// bytes its key is made of; read back only when the page is rendered).
pub(super) struct Listed {
    pub path: String,
    pub template: &'static str,
    pub context: Vec<u8>,
}

impl Listed {
    pub fn new(path: String, template: &'static str, context: &impl Serialize) -> Result<Listed, RenderError> {
        match serde_json::to_vec(context) {
            Ok(context) => Ok(Listed { path, template, context }),
            Err(e) => Err(RenderError::Page { page: path, template, source: tera::Error::json(e) }),
        }
    }

    /// The context, for tera.
    pub fn context(&self) -> Result<tera::Context, RenderError> {
        let page_error = |source| RenderError::Page { page: self.path.clone(), template: self.template, source };
        let value: serde_json::Value =
            serde_json::from_slice(&self.context).map_err(|e| page_error(tera::Error::json(e)))?;
        tera::Context::from_value(value).map_err(page_error)
    }
}

/// The pages of [`super::Unit::Site`]; `volumes` has the number of volumes of each
/// language, in site order.
pub(super) fn site_pages(views: &ViewContext<'_>, volumes: &[usize]) -> Result<Vec<Listed>, RenderError> {
    let site = views.site;
    // The root and 404 pages speak the first language that has guides.
    let default_lang = site.languages.first().map_or(site.config.default_language(), |ls| ls.lang.as_str());
    let languages = views.languages();
    let mut out = Vec::with_capacity(3);
    let page = views.page(paths::ROOT_PAGE, default_lang, None, Vec::new());
    out.push(Listed::new(
        paths::ROOT_PAGE.to_owned(),
        "root.html",
        &RootContext { page, languages: &languages, base: None },
    )?);
    let title = views.strings(default_lang).get("not_found_title").map(String::as_str);
    let page = views.page(paths::NOT_FOUND_PAGE, default_lang, title, Vec::new());
    let base = site.config.base_url.as_deref().map(url_path);
    out.push(Listed::new(
        paths::NOT_FOUND_PAGE.to_owned(),
        "404.html",
        &RootContext { page, languages: &languages, base },
    )?);
    if let Some(base_url) = &site.config.base_url {
        let sitemap = sitemap_context(site, base_url, volumes);
        out.push(Listed::new(paths::SITEMAP.to_owned(), "sitemap.xml", &sitemap)?);
    }
    Ok(out)
}

/// The pages of [`super::Unit::Lang`].
pub(super) fn lang_pages(views: &ViewContext<'_>, ls: &LangSite) -> Result<Vec<Listed>, RenderError> {
    let site = views.site;
    let lang = ls.lang.as_str();
    let mut out = Vec::with_capacity(4);
    let path = paths::lang_page(lang, LangPage::Home);
    let page = views.page(&path, lang, None, views.lang_alternates(lang, LangPage::Home));
    let guides: Vec<_> = ls.guides.iter().map(|g| views.guide_card(g, lang)).collect();
    let untranslated: Vec<_> = site.untranslated(lang).into_iter().map(|g| views.guide_card(g, lang)).collect();
    let recent = views.recently_updated(ls);
    let feed = site.config.base_url.is_some() && !recent.is_empty();
    out.push(Listed::new(path, "home.html", &HomeContext { page, guides, untranslated, recent, feed })?);

    if site.config.search {
        let path = paths::lang_page(lang, LangPage::Search);
        let title = views.strings(lang).get("search_title").map(String::as_str);
        let page = views.page(&path, lang, title, views.lang_alternates(lang, LangPage::Search));
        out.push(Listed::new(path, "search.html", &PageOnly { page })?);
    }

    let path = paths::lang_page(lang, LangPage::Checklists);
    let title = views.label(lang, "checklists");
    let page = views.page(&path, lang, Some(&title), views.lang_alternates(lang, LangPage::Checklists));
    let checklists = ls
        .guides
        .iter()
        .map(|g| {
            let slug = &g.slug;
            views.checklist(g, &|anchor| format!("../{slug}/index.html#{anchor}"), &page.root)
        })
        .collect();
    out.push(Listed::new(path, "checklists.html", &ChecklistsContext { page, checklists })?);

    if let Some(base_url) = &site.config.base_url {
        if let Some(feed) = feed::feed_context(views, ls, base_url) {
            out.push(Listed::new(paths::feed(lang), "feed.xml", &feed)?);
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct RootContext<'a> {
    page: PageView<'a>,
    languages: &'a [view::LanguageChoice],
    /// The 404 page's `<base href>`: the path of `base_url`, since a host answers with
    /// that page at any address and its links are relative to the site's root.
    base: Option<String>,
}

/// The path of an absolute URL (`https://guides.example/docs/` → `/docs/`), ending in `/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') { path.to_owned() } else { format!("{path}/") }
}

#[derive(Serialize)]
struct HomeContext<'a> {
    page: PageView<'a>,
    guides: Vec<view::GuideCard>,
    /// Guides of the default language with no translation into this one.
    untranslated: Vec<view::GuideCard>,
    /// The guides most recently updated, newest first (empty when none has a date).
    recent: Vec<view::RecentGuide>,
    /// Whether the language has a feed (`feed.xml` beside the home).
    feed: bool,
}

#[derive(Serialize)]
struct PageOnly<'a> {
    page: PageView<'a>,
}

#[derive(Serialize)]
struct ChecklistsContext<'a> {
    page: PageView<'a>,
    checklists: Vec<ChecklistView>,
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
            // Not its print view, which only leads to the handbook (listed above).
            for page in ["", "brief/", "checklist/"] {
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
