//! Template context views: what each template sees, built from the [`Site`].
//!
//! Every page gets a [`PageView`] (language, the relative path back to the site root,
//! UI strings, the search form's targets, the same page in other languages); each
//! template adds its own view. All links are relative to the page that holds them and
//! name `index.html` explicitly, so the site works opened from disk, where a link to a
//! folder would show a file listing instead of the page.
//!
//! Content markup (`*_html` fields) is escaped HTML written by [`super::html`]; every
//! other string is plain text that tera escapes.

use serde::Serialize;

use crate::checklist::store_key;
use crate::dates::Date;
use crate::link::{LangSite, Site};
use crate::model::{Block, Guide};
use crate::paths::{self, GuidePage, LangPage, root_of};
use crate::render::checklist::{ChecklistGroup, ChecklistView, group_view};
use crate::render::headings::Numbers;
use crate::render::highlight::Highlighter;
use crate::render::html::{HtmlOptions, HtmlWriter, Placement, Refs};
use crate::render::notes::{NotesView, guide_notes};
use crate::render::stale::StaleView;
use crate::theme::Strings;

/// The Content-Security-Policy of every page: nothing but the site's own files, and no
/// inline code (there is none to allow).
pub const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// What every template sees as `page`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The page's own path in the output, e.g. `ja/some-guide/index.html`.
    pub path: String,
    pub lang: &'a str,
    /// From this page back to the site root: `""`, `"../"`, `"../../"`, …
    pub root: String,
    /// The `<title>` text.
    pub title: String,
    pub site_title: &'a str,
    /// UI strings of the page's language.
    pub t: &'a Strings,
    pub csp: &'static str,
    /// `{root}{lang}/index.html`: the language's home.
    pub home: String,
    /// `None` when the site has search turned off.
    pub search: Option<SearchView>,
    /// The same page in the site's other languages.
    pub alternates: Vec<Alternate>,
    pub version: Option<&'a str>,
    /// Tells this site's browser storage apart from other sites' (see `Config::site_key`).
    pub site_key: String,
    /// The site's logo (`logo` in `tebiki.toml`), shown before its title.
    pub logo: Option<LogoView>,
    /// The site's favicon (`favicon` in `tebiki.toml`); the theme's own when `None`.
    pub favicon: Option<FaviconView>,
}

#[derive(Debug, Serialize)]
pub struct LogoView {
    pub src: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct FaviconView {
    pub href: String,
    /// Its media type, when its name tells.
    #[serde(rename = "type")]
    pub media_type: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The search page, as the form's `action`.
    pub action: String,
    /// The search engine's script.
    pub script: String,
}

/// A link to the same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    /// The language's name in that language (`日本語`, `English`).
    pub name: String,
    pub href: String,
}

/// What the page views need from the whole build.
pub struct ViewContext<'a> {
    pub site: &'a Site,
    /// UI strings per configured language, in config order.
    pub strings: &'a [(String, Strings)],
    pub html: HtmlOptions,
    pub highlighter: &'a Highlighter,
}

impl<'a> ViewContext<'a> {
    pub fn strings(&self, lang: &str) -> &'a Strings {
        let strings = self.strings;
        strings.iter().find(|(l, _)| l == lang).map(|(_, s)| s).unwrap_or(&strings[0].1)
    }

    fn lang_name(&self, lang: &str) -> String {
        self.strings(lang).get("lang_name").cloned().unwrap_or_else(|| lang.to_owned())
    }

    /// The UI string `key` of `lang`, or the key itself when the theme lacks it.
    pub fn label(&self, lang: &str, key: &str) -> String {
        self.strings(lang).get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// A date as the pages of `lang` write it (`date_format` and `month_names` of the
    /// theme's UI strings; ISO 8601 when the theme has no `date_format`).
    pub fn date(&self, lang: &str, date: Date) -> DateView {
        let t = self.strings(lang);
        let text = match t.get("date_format") {
            Some(pattern) => date.format(pattern, t.get("month_names").map_or("", String::as_str)),
            None => date.to_string(),
        };
        DateView { iso: date.to_string(), text }
    }

    /// The guides of a language most recently updated, newest first (then in navigation
    /// order), at most [`RECENT_GUIDES`]; guides without a date are not listed.
    pub fn recently_updated(&self, ls: &LangSite) -> Vec<RecentGuide> {
        let mut dated: Vec<(&Guide, Date)> = ls.guides.iter().filter_map(|g| Some((g, g.updated?))).collect();
        dated.sort_by_key(|d| std::cmp::Reverse(d.1));
        dated
            .into_iter()
            .take(RECENT_GUIDES)
            .map(|(g, date)| RecentGuide {
                title: g.doc.title.clone(),
                href: format!("{}/index.html", g.slug),
                updated: self.date(&ls.lang, date),
            })
            .collect()
    }

    /// The common view for the page at `path` (output-relative) in `lang`.
    pub fn page(
        &self,
        path: &str,
        lang: &'a str,
        title: Option<&str>,
        alternates: Vec<(String, String)>,
    ) -> PageView<'a> {
        let root = root_of(path);
        let site_title = self.site.config.title(lang);
        let title = match title {
            Some(t) => format!("{t} | {site_title}"),
            None => site_title.to_owned(),
        };
        let search = self.site.config.search.then(|| SearchView {
            // The file itself, not its folder: opened from disk, a folder is a listing.
            action: format!("{root}{lang}/search/index.html"),
            script: format!("{root}{}", paths::SEARCH_UI_SCRIPT),
        });
        let alternates = alternates
            .into_iter()
            .map(|(alt_lang, target)| Alternate {
                name: self.lang_name(&alt_lang),
                href: format!("{root}{target}"),
                lang: alt_lang,
            })
            .collect();
        PageView {
            path: path.to_owned(),
            lang,
            home: format!("{root}{lang}/index.html"),
            title,
            site_title,
            t: self.strings(lang),
            csp: CSP,
            search,
            alternates,
            version: self.site.config.version.as_deref(),
            site_key: self.site.config.site_key(),
            logo: self.site.media.logo.as_ref().map(|logo| LogoView {
                src: format!("{root}{}", logo.path),
                width: logo.size.map(|s| s.0),
                height: logo.size.map(|s| s.1),
            }),
            favicon: self
                .site
                .media
                .favicon
                .as_ref()
                .map(|path| FaviconView { href: format!("{root}{path}"), media_type: icon_type(path) }),
            root,
        }
    }

    /// `(lang, path)` of a language-level page (`index.html`, `search/index.html`) in the
    /// site's other languages.
    pub fn lang_alternates(&self, lang: &str, page: LangPage) -> Vec<(String, String)> {
        self.site
            .languages
            .iter()
            .filter(|ls| ls.lang != lang)
            .map(|ls| (ls.lang.clone(), paths::lang_page(&ls.lang, page)))
            .collect()
    }

    /// `(lang, path)` of the same guide in the other languages, in config order.
    pub fn guide_alternates(&self, guide: &Guide) -> Vec<(String, String)> {
        self.site.counterparts(guide).into_iter().map(|g| (g.lang.clone(), guide_path(g))).collect()
    }

    /// A writer of `guide`'s content for the guide's own page.
    fn writer(&self, guide: &'a Guide) -> HtmlWriter<'a> {
        HtmlWriter::new(self.html, self.highlighter).of_guide(Refs { site: self.site, guide })
    }

    /// Content blocks of `guide` as HTML for the guide's own page.
    pub fn blocks_html(&self, guide: &'a Guide, blocks: &[Block]) -> String {
        self.writer(guide).blocks(blocks)
    }

    /// The outcomes of `guide` as HTML for the guide's own page.
    pub fn outcomes_html(&self, guide: &'a Guide) -> Vec<String> {
        guide.doc.outcomes.iter().map(|o| self.writer(guide).rich(o)).collect()
    }

    /// The root page's choices: one per language with content.
    pub fn languages(&self) -> Vec<LanguageChoice> {
        self.site
            .languages
            .iter()
            .map(|ls| {
                let t = self.strings(&ls.lang);
                LanguageChoice {
                    lang: ls.lang.clone(),
                    name: self.lang_name(&ls.lang),
                    title: self.site.config.title(&ls.lang).to_owned(),
                    intro: t.get("root_intro").cloned().unwrap_or_default(),
                    enter: t.get("root_enter").cloned().unwrap_or_default(),
                    href: format!("{}/index.html", ls.lang),
                    guides: ls.guides.len(),
                }
            })
            .collect()
    }
}

/// The media type of an icon file, from its extension.
fn icon_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// How many guides a language's home lists as recently updated.
pub const RECENT_GUIDES: usize = 5;

/// A date on a page: `iso` for `<time datetime>`, `text` for the reader.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

/// A guide in a home's list of recently updated guides.
#[derive(Debug, Serialize)]
pub struct RecentGuide {
    pub title: String,
    /// Relative to the language's home.
    pub href: String,
    pub updated: DateView,
}

/// A language offered on the root page and the 404 page (hrefs from the site root).
#[derive(Debug, Serialize)]
pub struct LanguageChoice {
    pub lang: String,
    pub name: String,
    pub title: String,
    pub intro: String,
    pub enter: String,
    pub href: String,
    pub guides: usize,
}

/// A guide as listed on its language's home.
#[derive(Debug, Serialize)]
pub struct GuideCard {
    /// The guide's language (differs from the page's for an untranslated guide).
    pub lang: String,
    pub title: String,
    /// Relative to the language home (`<slug>/index.html`, or `../<lang>/<slug>/index.html`
    /// for a guide in another language).
    pub href: String,
    pub outcomes_html: Vec<String>,
    pub sections: usize,
}

/// A guide page.
#[derive(Debug, Serialize)]
pub struct GuideView {
    pub title: String,
    pub slug: String,
    pub outcomes_html: Vec<String>,
    pub sections: Vec<SectionView>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    /// The localStorage key of the guide's checklist record, when it has items.
    pub checklist_store: Option<String>,
    /// The keys its record had under the guide's old addresses (its aliases), whose ticks
    /// the script carries over when the current key has none.
    pub checklist_was: Vec<String>,
    /// How many checklist items the guide has.
    pub checklist_items: usize,
    /// Set when this translation's source changed since it was stamped.
    pub stale: Option<StaleView>,
    /// When the guide last changed, when known ([`crate::dates`]).
    pub updated: Option<DateView>,
    /// The notes the guide refers to, listed after its sections.
    pub notes: Option<NotesView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub id: String,
    /// The id as a reader says it: `3`, `3.2`.
    pub number: String,
    pub heading: String,
    pub body_html: String,
    pub subsections: Vec<SubsectionView>,
    pub consensus_html: Option<String>,
    pub perspective_html: Option<String>,
    /// The blocks written after the consensus / perspective blocks (empty: none).
    pub trailing_html: String,
    /// The section's checklist items, shown at its end.
    pub checklist: Option<ChecklistGroup>,
    /// The other languages whose version of the guide has this section (a translation
    /// behind its source lacks the new ones): where its language links lead.
    pub langs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubsectionView {
    pub id: String,
    pub number: String,
    pub heading: String,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct NavLink {
    pub title: String,
    pub href: String,
}

impl<'a> ViewContext<'a> {
    /// A guide as listed on the home of `home_lang`.
    pub fn guide_card(&self, guide: &'a Guide, home_lang: &str) -> GuideCard {
        let folder = if guide.lang == home_lang {
            format!("{}/", guide.slug)
        } else {
            format!("../{}/{}/", guide.lang, guide.slug)
        };
        let home = paths::lang_page(home_lang, LangPage::Home);
        let links = Placement {
            fragment: format!("{folder}index.html#"),
            relative: Some(folder.clone()),
            root: root_of(&home),
            context: None,
            here: None,
            notes: None,
        };
        GuideCard {
            lang: guide.lang.clone(),
            title: guide.doc.title.clone(),
            href: format!("{folder}index.html"),
            outcomes_html: guide.doc.outcomes.iter().map(|o| self.rich_html_for(guide, o, &links)).collect(),
            sections: guide.doc.sections.len(),
        }
    }

    /// The view of `guides[index]`, with its neighbours for previous / next.
    pub fn guide(&self, guides: &'a [Guide], index: usize) -> GuideView {
        let guide = &guides[index];
        let root = root_of(&guide_path(guide));
        let nav = |g: &Guide| NavLink { title: g.doc.title.clone(), href: format!("{root}{}", guide_path(g)) };
        let links = self.site.links(guide);
        let checklist = &links.checklist;
        let in_page = |anchor: &str| format!("#{anchor}");
        let counterparts = self.site.counterparts(guide);
        let numbers = Numbers::of(&guide.doc);
        let sections = guide
            .doc
            .sections
            .iter()
            .map(|s| {
                let mut view = SectionView::of(s, numbers, |b| self.blocks_html(guide, b));
                view.checklist =
                    checklist.iter().find(|g| g.section_id == s.id).map(|g| group_view(g, &in_page, numbers));
                view.langs = counterparts
                    .iter()
                    .filter(|g| g.doc.sections.iter().any(|o| o.id == s.id))
                    .map(|g| g.lang.clone())
                    .collect();
                view
            })
            .collect();
        let checklist_items = checklist.iter().map(|g| g.items.len()).sum();
        let notes = guide_notes(&guide.doc, "", &|| self.writer(guide));
        GuideView {
            title: guide.doc.title.clone(),
            slug: guide.slug.clone(),
            outcomes_html: self.outcomes_html(guide),
            sections,
            prev: index.checked_sub(1).map(|i| nav(&guides[i])),
            next: guides.get(index + 1).map(nav),
            checklist_store: (checklist_items > 0).then(|| store_key(&self.site.config, &guide.lang, &guide.slug)),
            checklist_was: if checklist_items > 0 { self.old_store_keys(guide) } else { Vec::new() },
            checklist_items,
            stale: self.stale(guide, &root),
            updated: guide.updated.map(|d| self.date(&guide.lang, d)),
            notes,
        }
    }
}

/// The output path of a guide page.
pub fn guide_path(guide: &Guide) -> String {
    paths::guide_page(&guide.lang, &guide.slug, GuidePage::Guide)
}

impl ViewContext<'_> {
    /// The checklist record keys of `guide` under its old addresses.
    fn old_store_keys(&self, guide: &Guide) -> Vec<String> {
        (crate::render::redirect::old_slugs(self.site, guide).iter())
            .map(|(lang, slug)| store_key(&self.site.config, lang, slug))
            .collect()
    }

    /// The checklist of `guide` for a page `root` below the site's root; `href` gives the
    /// link to a section or subsection.
    pub fn checklist(&self, guide: &Guide, href: &dyn Fn(&str) -> String, root: &str) -> ChecklistView {
        let numbers = Numbers::of(&guide.doc);
        let groups: Vec<ChecklistGroup> =
            self.site.links(guide).checklist.iter().map(|g| group_view(g, href, numbers)).collect();
        ChecklistView {
            title: guide.doc.title.clone(),
            slug: guide.slug.clone(),
            store: store_key(&self.site.config, &guide.lang, &guide.slug),
            was: self.old_store_keys(guide),
            total: groups.iter().map(|g| g.items.len()).sum(),
            groups,
            stale: self.stale(guide, root),
        }
    }
}

impl SectionView {
    /// A model section as a view, its blocks written by `html`; no checklist.
    pub fn of(
        s: &crate::model::Section,
        numbers: Numbers,
        html: impl Fn(&[crate::model::Block]) -> String,
    ) -> SectionView {
        SectionView {
            id: s.id.clone(),
            number: numbers.number(&s.id),
            heading: numbers.heading(&s.id, &s.heading).to_owned(),
            body_html: html(&s.blocks),
            subsections: s
                .subsections
                .iter()
                .map(|ss| SubsectionView {
                    id: ss.id.clone(),
                    number: numbers.number(&ss.id),
                    heading: numbers.heading(&ss.id, &ss.heading).to_owned(),
                    body_html: html(&ss.blocks),
                })
                .collect(),
            consensus_html: s.consensus.as_deref().map(&html),
            perspective_html: s.perspective.as_deref().map(&html),
            trailing_html: if s.trailing.is_empty() { String::new() } else { html(&s.trailing) },
            checklist: None,
            langs: Vec::new(),
        }
    }
}
