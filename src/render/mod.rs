//! Render: the linked [`Site`] → every page and asset of the output.
//!
//! The output is cut into [`Unit`]s that render independently (in parallel) and that a
//! build can skip when what they are made from did not change ([`Renderer::key`]):
//!
//! 1. [`Unit::Assets`]: the theme's static files below `assets/`, the code-highlighting
//!    stylesheet ([`highlight`]) and the checklist script;
//! 2. [`Unit::Guide`]: one guide's pages — `<lang>/<slug>/index.html` (`guide.html`, content
//!    written by [`html`]), its brief and its checklist ([`handbook`]);
//! 3. [`Unit::Site`]: the pages that gather every guide — `index.html` (`root.html`, choose
//!    a language), each language's home (`home.html`), search page (`search.html`, when
//!    search is on), briefing, list of checklists and handbook ([`handbook`]), `404.html`,
//!    and `sitemap.xml` when `base_url` is set.
//!
//! Every page goes through its template with a context built in [`view`]; the tera
//! environment and the UI strings come from the [`Theme`]. Nothing here reads the clock
//! or iterates a hash map, so the same site renders to the same bytes, whatever the order
//! the units run in.

pub mod brief;
pub mod checklist;
pub mod escape;
pub mod handbook;
pub mod highlight;
pub mod html;
mod keys;
mod pages;
pub mod view;

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::link::Site;
use crate::paths::{self, LangPage};
use crate::theme::{Strings, Theme, ThemeError};
use crate::write::Output;
use pages::Pages;
use view::{ViewContext, guide_path};

pub use keys::Key;
pub use pages::{RenderError, Sink};

/// What rendering needs besides the site.
pub struct RenderOptions<'a> {
    pub theme: &'a Theme,
}

/// What rendering tells its caller as it goes. Every method has a silent default; units
/// render on several threads at once.
pub trait Progress: Sync {
    /// Rendering will make `total` pages.
    fn pages_planned(&self, _total: u64) {}
    /// One more page is rendered.
    fn page_done(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;
impl Progress for Silent {}

/// A part of the output that renders on its own (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Assets,
    Site,
    /// The guide at this index of `site.languages[lang].guides`.
    Guide {
        lang: usize,
        guide: usize,
    },
}

impl Unit {
    /// A name that tells units apart across builds: `assets`, `site`, `guide:ja/<slug>`.
    pub fn name(self, site: &Site) -> String {
        match self {
            Unit::Assets => "assets".to_owned(),
            Unit::Site => "site".to_owned(),
            Unit::Guide { lang, guide } => {
                let g = &site.languages[lang].guides[guide];
                format!("guide:{}/{}", g.lang, g.slug)
            }
        }
    }
}

/// Renders units of one site: the tera environment, the UI strings and the highlighter,
/// made once.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    tera: Tera,
    strings: Vec<(String, Strings)>,
    highlighter: highlight::Highlighter,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, opts: &RenderOptions<'a>) -> Result<Renderer<'a>, RenderError> {
        let tera = environment(opts.theme)?;
        let strings = site
            .config
            .languages
            .iter()
            .map(|lang| Ok((lang.clone(), opts.theme.strings(lang)?)))
            .collect::<Result<_, ThemeError>>()?;
        Ok(Renderer { site, theme: opts.theme, tera, strings, highlighter: highlight::Highlighter::new() })
    }

    /// The key of every unit: what it is made from ([`keys`]).
    pub fn keys(&self, units: &[Unit]) -> Vec<Key> {
        let global = keys::global(self.site, self.theme);
        units.iter().map(|&u| keys::unit_key(global, self.site, u)).collect()
    }

    /// Every unit of the site, in output order.
    pub fn units(&self) -> Vec<Unit> {
        let mut units = vec![Unit::Assets, Unit::Site];
        for (l, ls) in self.site.languages.iter().enumerate() {
            units.extend((0..ls.guides.len()).map(|g| Unit::Guide { lang: l, guide: g }));
        }
        units
    }

    /// How many pages the units make (for progress).
    pub fn pages(&self, units: &[Unit]) -> usize {
        let site = self.site;
        units
            .iter()
            .map(|u| match u {
                Unit::Assets => 0,
                Unit::Guide { .. } => 1 + handbook::PAGES_PER_GUIDE,
                Unit::Site => {
                    let per_lang = 1 + usize::from(site.config.search) + handbook::PAGES_PER_LANG;
                    2 + usize::from(site.config.base_url.is_some()) + per_lang * site.languages.len()
                }
            })
            .sum()
    }

    fn views(&self) -> ViewContext<'_> {
        ViewContext {
            site: self.site,
            strings: &self.strings,
            html: html::HtmlOptions { raw_html: self.site.config.raw_html },
            highlighter: &self.highlighter,
        }
    }

    /// Renders one unit, handing each file to `sink`.
    pub fn render_unit(&self, unit: Unit, sink: &mut Sink<'_>, progress: &dyn Progress) -> Result<(), RenderError> {
        let views = self.views();
        let mut pages = Pages { tera: &self.tera, sink, progress };
        match unit {
            Unit::Assets => {
                for (path, bytes) in self.theme.statics() {
                    pages.add(format!("{}/{path}", paths::ASSETS_DIR), bytes.to_vec());
                }
                pages.add(paths::HIGHLIGHT_CSS.to_owned(), highlight::stylesheet()?.into_bytes());
                pages.add(paths::CHECKLIST_SCRIPT.to_owned(), crate::checklist::assets::classic_script().into_bytes());
                Ok(())
            }
            Unit::Guide { lang, guide } => {
                let ls = &self.site.languages[lang];
                let g = &ls.guides[guide];
                let path = guide_path(g);
                let page = views.page(&path, &ls.lang, Some(&g.doc.title), views.guide_alternates(g));
                pages.render(&path, "guide.html", &GuideContext { page, guide: views.guide(&ls.guides, guide) })?;
                handbook::render_guide_pages(&views, g, &mut pages)
            }
            Unit::Site => self.render_site_pages(&views, &mut pages),
        }
    }

    fn render_site_pages(&self, views: &ViewContext<'_>, pages: &mut Pages<'_, '_>) -> Result<(), RenderError> {
        let site = self.site;
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

            if site.config.search {
                let path = paths::lang_page(lang, LangPage::Search);
                let title = views.strings(lang).get("search_title").map(String::as_str);
                let page = views.page(&path, lang, title, views.lang_alternates(lang, LangPage::Search));
                pages.render(&path, "search.html", &PageOnly { page })?;
            }

            handbook::render_lang_pages(views, ls, pages)?;
        }

        let title = views.strings(default_lang).get("not_found_title").map(String::as_str);
        let page = views.page(paths::NOT_FOUND_PAGE, default_lang, title, Vec::new());
        pages.render(paths::NOT_FOUND_PAGE, "404.html", &RootContext { page, languages: &languages })?;

        if let Some(base_url) = &site.config.base_url {
            let sitemap = sitemap_context(site, base_url);
            pages.render(paths::SITEMAP, "sitemap.xml", &sitemap)?;
        }
        Ok(())
    }

    /// Renders `units` on every core, handing each file to `sink` (from several threads).
    pub fn render_units(
        &self,
        units: &[Unit],
        sink: &(dyn Fn(Unit, String, Vec<u8>) + Sync),
        progress: &dyn Progress,
    ) -> Result<(), RenderError> {
        units
            .par_iter()
            .try_for_each(|&unit| self.render_unit(unit, &mut |path, bytes| sink(unit, path, bytes), progress))
    }
}

/// Renders the whole site into memory (`check` and `pdf` use this; a build streams).
pub fn render(site: &Site, opts: &RenderOptions<'_>, progress: &dyn Progress) -> Result<Output, RenderError> {
    let renderer = Renderer::new(site, opts)?;
    let units = renderer.units();
    progress.pages_planned(renderer.pages(&units) as u64);
    let out = Mutex::new(Output::default());
    renderer.render_units(&units, &|_, path, bytes| lock(&out).add(path, bytes), progress)?;
    Ok(out.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// A lock that a panicking thread left behind is still usable: the data is plain.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
