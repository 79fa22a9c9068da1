//! Render: the linked [`Site`] → every page and asset of the output.
//!
//! The output is cut into [`Unit`]s that render independently (in parallel) and that a
//! build can skip when what they are made from did not change ([`Renderer::key`]):
//!
//! 1. [`Unit::Assets`]: the theme's static files below `assets/`, the code-highlighting
//!    stylesheet ([`highlight`]) and the checklist script;
//! 2. [`Unit::Guide`]: one guide's pages — `<lang>/<slug>/index.html` (`guide.html`, content
//!    written by [`html`]), its brief and its checklist ([`handbook`]);
//! 3. the pages that gather guides, made first as their template contexts ([`listing`]):
//!    [`Unit::Site`] — `index.html` (choose a language), `404.html`, `sitemap.xml`;
//!    [`Unit::Lang`] — a language's home, search page, list of checklists and feed;
//!    [`Unit::Contents`] — the lists of a language's volumes, when it has several;
//! 4. the printable pages ([`volumes`]), planned first ([`plan`]: which guides each volume
//!    holds, from each guide's weight): [`Unit::Volume`] — one volume of a language's
//!    briefing and handbook; [`Unit::Print`] — one guide's print view;
//! 5. [`Unit::Extras`], rendered after the others: the images the guides show (copied to
//!    `assets/media/`, [`crate::media`]), a redirect page at each old address of a guide
//!    ([`redirect`]) and the site's `static/` files — last, so that one that would replace
//!    a file of the other units is refused.
//!
//! Every page goes through its template with a context built in [`view`]; the tera
//! environment and the UI strings come from the [`Theme`]. Nothing here reads the clock
//! or iterates a hash map, so the same site renders to the same bytes, whatever the order
//! the units run in.

pub mod brief;
pub mod checklist;
pub mod escape;
pub mod feed;
pub mod handbook;
pub mod headings;
pub mod highlight;
pub mod html;
mod keys;
mod listing;
pub mod notes;
mod pages;
mod plan;
pub mod redirect;
pub mod stale;
pub mod view;
pub mod volumes;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::link::Site;
use crate::paths;
use crate::theme::{Strings, Theme, ThemeError};
use crate::write::Output;
use listing::Listed;
use pages::Pages;
use plan::LangPlan;
use view::{ViewContext, guide_path};

pub use keys::Key;
pub use pages::{RenderError, Sink};
pub use plan::Weights;

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

/// A part of the output that renders on its own (see the module doc). `lang` is an index
/// of `site.languages`, `guide` of that language's guides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Assets,
    /// The root page, the 404 page and the sitemap.
    Site,
    /// A language's home, search page, list of checklists and feed.
    Lang {
        lang: usize,
    },
    /// The lists of a language's volumes (nothing when it has one).
    Contents {
        lang: usize,
    },
    /// Volume `volume` (1-based) of a language's briefing and handbook.
    Volume {
        lang: usize,
        volume: usize,
    },
    /// A guide's print view.
    Print {
        lang: usize,
        guide: usize,
    },
    Extras,
    /// A guide's own pages.
    Guide {
        lang: usize,
        guide: usize,
    },
}

impl Unit {
    /// A name that tells units apart across builds: `assets`, `site`, `lang:ja`,
    /// `contents:ja`, `volume:ja/2`, `print:ja/<slug>`, `guide:ja/<slug>`, `extras`.
    pub fn name(self, site: &Site) -> String {
        let slug = |lang: usize, guide: usize| {
            let g = &site.languages[lang].guides[guide];
            format!("{}/{}", g.lang, g.slug)
        };
        match self {
            Unit::Assets => "assets".to_owned(),
            Unit::Site => "site".to_owned(),
            Unit::Lang { lang } => format!("lang:{}", site.languages[lang].lang),
            Unit::Contents { lang } => format!("contents:{}", site.languages[lang].lang),
            Unit::Volume { lang, volume } => format!("volume:{}/{volume}", site.languages[lang].lang),
            Unit::Print { lang, guide } => format!("print:{}", slug(lang, guide)),
            Unit::Extras => "extras".to_owned(),
            Unit::Guide { lang, guide } => format!("guide:{}", slug(lang, guide)),
        }
    }

    /// Whether the unit is made of [`Listed`] pages, keyed by them.
    fn is_listing(self) -> bool {
        matches!(self, Unit::Site | Unit::Lang { .. } | Unit::Contents { .. })
    }
}

/// Renders units of one site, [`Prepared`] once.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    prepared: Prepared,
    /// The part of every unit's key ([`keys::global`]).
    global: Key,
    /// Each language's volumes, in site order.
    plans: Vec<LangPlan>,
    /// Every chapter weight the plans used.
    weights: Weights,
    /// The pages of listing units, made for their keys and kept for their rendering.
    listed: Mutex<HashMap<Unit, Vec<Listed>>>,
}

/// What every page is rendered with: the templates, the UI strings of each configured
/// language, the code highlighter.
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

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, opts: &RenderOptions<'a>) -> Result<Renderer<'a>, RenderError> {
        Renderer::with_weights(site, opts, &Weights::default())
    }

    /// A renderer that takes the chapter weights it can from `known` (those of earlier
    /// builds), rather than making every chapter to weigh it ([`plan`]).
    pub fn with_weights(
        site: &'a Site,
        opts: &RenderOptions<'a>,
        known: &Weights,
    ) -> Result<Renderer<'a>, RenderError> {
        let prepared = Prepared::new(site, opts.theme)?;
        let global = keys::global(site, opts.theme);
        let mut used = std::collections::BTreeMap::new();
        let views = prepared.views(site);
        let plans = (0..site.languages.len())
            .map(|lang| {
                let root = volumes::volume_root(&site.languages[lang].lang, true);
                let (planned, weights) = LangPlan::plan(&views, global, lang, known, root);
                used.extend(weights);
                planned
            })
            .collect();
        let weights = plan::weights_of(used);
        Ok(Renderer { site, theme: opts.theme, prepared, global, plans, weights, listed: Mutex::default() })
    }

    /// The chapter weights this renderer's plans used, to give the next build's
    /// [`Renderer::with_weights`].
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The key of every unit: what it is made from ([`keys`]). The pages of the units
    /// that gather guides are made here, and kept for [`Renderer::render_units`].
    pub fn keys(&self, units: &[Unit]) -> Result<Vec<Key>, RenderError> {
        units
            .par_iter()
            .map(|&u| {
                if !u.is_listing() {
                    return Ok(keys::unit_key(self.global, self.site, &self.plans, u));
                }
                let pages = self.listing(u)?;
                let key = keys::listed(self.global, &u.name(self.site), &pages);
                lock(&self.listed).insert(u, pages);
                Ok(key)
            })
            .collect()
    }

    /// Every unit of the site, in output order.
    pub fn units(&self) -> Vec<Unit> {
        let mut units = vec![Unit::Assets, Unit::Site];
        for (l, planned) in self.plans.iter().enumerate() {
            units.push(Unit::Lang { lang: l });
            if planned.plan.len() > 1 {
                units.push(Unit::Contents { lang: l });
            }
            units.extend((1..=planned.plan.len()).map(|k| Unit::Volume { lang: l, volume: k }));
        }
        for (l, ls) in self.site.languages.iter().enumerate() {
            units.extend((0..ls.guides.len()).map(|g| Unit::Guide { lang: l, guide: g }));
            units.extend((0..ls.guides.len()).map(|g| Unit::Print { lang: l, guide: g }));
        }
        units.push(Unit::Extras);
        units
    }

    /// About how many pages the units make (for progress).
    pub fn pages(&self, units: &[Unit]) -> usize {
        let site = self.site;
        units
            .iter()
            .map(|u| match u {
                Unit::Assets => 0,
                Unit::Extras => crate::render::redirect::count(site),
                Unit::Guide { .. } => 1 + handbook::PAGES_PER_GUIDE,
                Unit::Site => 2 + usize::from(site.config.base_url.is_some()),
                Unit::Lang { .. } => 2 + usize::from(site.config.search),
                Unit::Contents { .. } | Unit::Volume { .. } => 2,
                Unit::Print { .. } => 1,
            })
            .sum()
    }

    fn views(&self) -> ViewContext<'_> {
        self.prepared.views(self.site)
    }

    /// The pages of a listing unit ([`listing`]).
    fn listing(&self, unit: Unit) -> Result<Vec<Listed>, RenderError> {
        let views = self.views();
        match unit {
            Unit::Site => {
                let volumes: Vec<usize> = self.plans.iter().map(|p| p.plan.len()).collect();
                listing::site_pages(&views, &volumes)
            }
            Unit::Lang { lang } => listing::lang_pages(&views, &self.site.languages[lang]),
            Unit::Contents { lang } => volumes::contents(&views, &self.site.languages[lang], &self.plans[lang].plan),
            _ => Ok(Vec::new()),
        }
    }

    /// Renders one unit, handing each file to `sink`.
    pub fn render_unit(&self, unit: Unit, sink: &mut Sink<'_>, progress: &dyn Progress) -> Result<(), RenderError> {
        let views = self.views();
        let mut pages = Pages { tera: &self.prepared.tera, sink, progress };
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
            Unit::Site | Unit::Lang { .. } | Unit::Contents { .. } => {
                let made = lock(&self.listed).remove(&unit);
                let listed = match made {
                    Some(listed) => listed,
                    None => self.listing(unit)?,
                };
                listed.into_iter().try_for_each(|l| pages.render_listed(l))
            }
            Unit::Volume { lang, volume } => {
                volumes::render_volume(&views, &self.site.languages[lang], &self.plans[lang], volume, &mut pages)
            }
            Unit::Print { lang, guide } => {
                volumes::render_print_view(&views, &self.site.languages[lang], &self.plans[lang], guide, &mut pages)
            }
            // Rendered by `render_units`, which knows the other units' files.
            Unit::Extras => Ok(()),
        }
    }

    /// Renders [`Unit::Extras`]; `taken` tells the files the other units made.
    fn render_extras(
        &self,
        taken: &dyn Fn(&str) -> bool,
        sink: &mut Sink<'_>,
        progress: &dyn Progress,
    ) -> Result<(), RenderError> {
        let views = self.views();
        // Every file is checked against the others' and those made here before it.
        let made = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let taken_or_made = |path: &str| taken(path) || made.borrow().contains(path);
        let mut keep = |path: String, bytes: Vec<u8>| {
            made.borrow_mut().insert(path.clone());
            sink(path, bytes);
        };
        for image in self.site.media.images.values() {
            keep(image.output.clone(), image.bytes.clone());
        }
        let mut pages = Pages { tera: &self.prepared.tera, sink: &mut keep, progress };
        redirect::render(&views, &taken_or_made, &mut pages)?;
        // Each static file is read as it is handed on, and let go.
        let mut unread = None;
        self.site.media.add_statics(
            &taken_or_made,
            self.site.config.search,
            &mut |path, file| match crate::fsx::read(&file.file) {
                Ok(bytes) => keep(path.to_owned(), bytes),
                Err(e) => {
                    unread.get_or_insert(e);
                }
            },
        )?;
        match unread {
            Some(e) => Err(RenderError::Read(e)),
            None => Ok(()),
        }
    }

    /// Renders `units` on every core, handing each file to `sink` (from several threads).
    /// When units fail, the error is the first failing unit's in `units` order, whatever
    /// the threads did first: the same site gives the same message.
    /// [`Unit::Extras`] comes last, told by `taken` which files the other units made (those
    /// rendered now and those a build kept).
    pub fn render_units(
        &self,
        units: &[Unit],
        sink: &(dyn Fn(Unit, String, Vec<u8>) + Sync),
        taken: &dyn Fn(&str) -> bool,
        progress: &dyn Progress,
    ) -> Result<(), RenderError> {
        let results: Vec<Result<(), RenderError>> = units
            .par_iter()
            .map(|&unit| self.render_unit(unit, &mut |path, bytes| sink(unit, path, bytes), progress))
            .collect();
        results.into_iter().collect::<Result<(), RenderError>>().map_err(|e| e.located(self.theme))?;
        if units.contains(&Unit::Extras) {
            self.render_extras(taken, &mut |path, bytes| sink(Unit::Extras, path, bytes), progress)?;
        }
        Ok(())
    }
}

/// Renders the whole site into memory (a build streams; `check` scans as it renders).
pub fn render(site: &Site, opts: &RenderOptions<'_>, progress: &dyn Progress) -> Result<Output, RenderError> {
    let renderer = Renderer::new(site, opts)?;
    let units = renderer.units();
    progress.pages_planned(renderer.pages(&units) as u64);
    renderer.render_to_memory(&units, progress)
}

impl Renderer<'_> {
    /// Renders `units` into memory. [`Unit::Extras`] among them is told only of these
    /// units' files.
    pub fn render_to_memory(&self, units: &[Unit], progress: &dyn Progress) -> Result<Output, RenderError> {
        let out = Mutex::new(Output::default());
        self.render_units(
            units,
            &|_, path, bytes| lock(&out).add(path, bytes),
            &|path| lock(&out).contains(path),
            progress,
        )?;
        Ok(out.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
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
    tera.add_raw_templates(theme.templates()?).map_err(|e| RenderError::Templates(e).located(theme))?;
    Ok(tera)
}

#[derive(Serialize)]
struct GuideContext<'a> {
    page: view::PageView<'a>,
    guide: view::GuideView,
}
