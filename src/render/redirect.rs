//! Moved pages: a redirect page at each old address of a guide (`redirect.html`).
//!
//! A guide's aliases come from its front matter (`aliases = ["old-slug", "ja/older"]`)
//! and from `[aliases]` in `tebiki.toml` (`"ja/guide" = ["old-slug"]`, for any guide,
//! `.txt` ones too). An alias is a path below the guide's language folder, or below the
//! site's root when its first part is a language of the site: `old-slug` of a Japanese
//! guide is `ja/old-slug/index.html`, `en/older` is `en/older/index.html`, and one ending
//! in `.html` (`ja/old.html`) is that file. The page goes on to the guide with
//! `<meta http-equiv="refresh">` and shows a link (no inline script: the CSP holds, and it
//! works from `file://`); the theme's `moved.js`, where scripts run, keeps the `#fragment`
//! of the old address, which a refresh drops. An alias that is a folder also leaves the
//! guide's brief, checklist and print view there (`ja/old-slug/brief/`, …), so that every
//! page of the guide keeps its old address. Redirects are listed nowhere: not in the
//! sitemap, not in search.
//!
//! Every redirect is made after every page, so an alias that would replace a page (or
//! another alias) is found and refused, naming both.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::link::Site;
use crate::media::Collision;
use crate::model::Guide;
use crate::paths::{GuidePage, guide_page, root_of};
use crate::render::pages::{Pages, RenderError};
use crate::render::view::{PageView, ViewContext};

/// One old address of a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The redirect page's path in the output.
    pub path: String,
    /// The alias as written.
    pub alias: String,
    /// Where it was written: the guide's source, or `tebiki.toml`.
    pub declared_in: PathBuf,
    pub lang: String,
    pub slug: String,
    /// The page of the guide it leads to.
    pub page: GuidePage,
}

/// Every redirect of the site, in a stable order (guides in site order, front-matter
/// aliases first), or the `[aliases]` key that names no guide.
pub fn redirects(site: &Site) -> Result<Vec<Redirect>, RenderError> {
    let config_file = PathBuf::from(crate::config::FILE_NAME);
    for key in site.config.aliases.keys() {
        let found = key.split_once('/').is_some_and(|(lang, slug)| site.guide(lang, slug).is_some());
        if !found {
            return Err(RenderError::UnknownAliasGuide { file: config_file, key: key.clone() });
        }
    }
    let mut out = Vec::new();
    for guide in site.languages.iter().flat_map(|l| l.guides.iter()) {
        // An alias given twice for one guide (`old` and `old/`, or in its front matter and
        // in the config) is one page.
        let mut paths = std::collections::BTreeSet::new();
        for (alias, declared_in) in aliases_of(site, guide, &config_file) {
            let path = alias_path(site, guide, alias);
            if !paths.insert(path.clone()) {
                continue;
            }
            let folder = path.strip_suffix(GuidePage::Guide.rest()).map(str::to_owned);
            let redirect = |path: String, page: GuidePage| Redirect {
                path,
                alias: alias.clone(),
                declared_in: declared_in.to_owned(),
                lang: guide.lang.clone(),
                slug: guide.slug.clone(),
                page,
            };
            out.push(redirect(path, GuidePage::Guide));
            for page in folder.iter().flat_map(|f| GUIDE_PAGES.map(|page| (format!("{f}{}", page.rest()), page))) {
                out.push(redirect(page.0, page.1));
            }
        }
    }
    Ok(out)
}

/// The pages of a guide besides its own that an alias folder leads on to.
const GUIDE_PAGES: [GuidePage; 3] = [GuidePage::Brief, GuidePage::Checklist, GuidePage::Print];

/// The old checklist keys of `guide`: one per alias that was a guide's own address
/// (`<lang>/<slug>/`), so that the ticks a reader kept under the old slug are carried
/// over (see `src/checklist/js/ui.mjs`).
pub fn old_slugs(site: &Site, guide: &Guide) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = aliases_of(site, guide, Path::new(crate::config::FILE_NAME))
        .filter_map(|(alias, _)| {
            let path = alias_path(site, guide, alias);
            let folder = path.strip_suffix("/index.html")?;
            let (lang, slug) = folder.split_once('/')?;
            Some((lang.to_owned(), slug.to_owned()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The aliases of `guide` with the file that declares each: its front matter's, then
/// the config's (`config_file`) `[aliases]` entry for it.
fn aliases_of<'s>(
    site: &'s Site,
    guide: &'s Guide,
    config_file: &'s Path,
) -> impl Iterator<Item = (&'s String, &'s Path)> + 's {
    let key = format!("{}/{}", guide.lang, guide.slug);
    let from_config = site.config.aliases.get(&key).into_iter().flatten().map(move |a| (a, config_file));
    guide.aliases.iter().map(|a| (a, guide.source_path.as_path())).chain(from_config)
}

/// The output path of `alias` of `guide` (see the module doc).
pub fn alias_path(site: &Site, guide: &Guide, alias: &str) -> String {
    let alias = alias.trim_end_matches('/');
    let first = alias.split('/').next().unwrap_or_default();
    let full = if site.config.languages.iter().any(|l| l == first) {
        alias.to_owned()
    } else {
        format!("{}/{alias}", guide.lang)
    };
    if full.ends_with(".html") { full } else { format!("{full}/index.html") }
}

/// What `redirect.html` (and `print-view.html`, which extends it) sees.
#[derive(Serialize)]
pub(super) struct RedirectContext<'a> {
    pub page: PageView<'a>,
    pub target: Target,
}

/// Where a page goes on to.
#[derive(Serialize)]
pub(super) struct Target {
    /// The title of what it leads to.
    pub title: String,
    /// Relative to the page.
    pub href: String,
}

/// Renders every redirect page; an alias whose page exists already is refused.
/// How many redirect pages the site has (for progress).
pub(super) fn count(site: &Site) -> usize {
    redirects(site).map_or(0, |r| r.len())
}

/// Renders the redirect pages; `taken` tells the files the rest of the site has.
pub(super) fn render(
    views: &ViewContext<'_>,
    taken: &dyn Fn(&str) -> bool,
    pages: &mut Pages<'_, '_>,
) -> Result<(), RenderError> {
    let mut made: std::collections::BTreeMap<String, String> = Default::default();
    for redirect in redirects(views.site)? {
        let what = format!("alias `{}` of {}/{}", redirect.alias, redirect.lang, redirect.slug);
        let other = made.get(&redirect.path).cloned();
        if other.is_some() || taken(&redirect.path) {
            return Err(RenderError::Collision(Collision {
                file: redirect.declared_in,
                what,
                path: redirect.path,
                why: None,
                taken_by: other,
            }));
        }
        made.insert(redirect.path.clone(), format!("{what} ({})", redirect.declared_in.display()));
        let guide = views.site.guide(&redirect.lang, &redirect.slug).expect("redirects name guides of the site");
        let href = format!("{}{}", root_of(&redirect.path), guide_page(&guide.lang, &guide.slug, redirect.page));
        let lang = guide.lang.as_str();
        let title = views.strings(lang).get("moved_title").map(String::as_str);
        let page = views.page(&redirect.path, lang, title, Vec::new());
        let target = Target { title: guide.doc.title.clone(), href };
        pages.render(&redirect.path, "redirect.html", &RedirectContext { page, target })?;
    }
    Ok(())
}
