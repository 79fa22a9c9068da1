//! Where things are: the one table of the output's paths (used by render, search, `pdf`,
//! `serve`) and of tebiki's own folders below a site root.
//!
//! Output paths are `/`-separated and relative to the output folder. Pages are
//! `<dir>/index.html`, linked with `index.html` written out so that the site works opened
//! from disk.

/// The output folder of a site when none is given: `ROOT/public`.
pub const DEFAULT_OUT: &str = "public";

/// tebiki's own folder below a site root.
pub const TOOL_DIR: &str = ".tebiki";
/// Where the search stage keeps its index between builds, below the site root.
pub const CACHE_DIR: &str = ".tebiki/cache";
/// Where a build keeps the manifest of each output folder it writes, below the site root.
pub const BUILD_STATE_DIR: &str = ".tebiki/build";
/// Where `serve` builds, below the site root.
pub const SERVE_DIR: &str = ".tebiki/serve";
/// The site `serve` builds (in place, rebuild after rebuild), below the site root.
pub const SERVE_SITE: &str = ".tebiki/serve/site";

/// The theme's static files, copied below this folder of the output.
pub const ASSETS_DIR: &str = "assets";
/// The code-highlighting stylesheet.
pub const HIGHLIGHT_CSS: &str = "assets/css/highlight.css";
/// The checklist script (a classic script made from `src/checklist/js/`).
pub const CHECKLIST_SCRIPT: &str = "assets/js/checklist.js";
/// The search engine's files: modules, classic scripts and the shards of each language.
pub const SEARCH_DIR: &str = "assets/search";
/// The search engine and UI as one classic script, loaded by every page when search is on.
pub const SEARCH_UI_SCRIPT: &str = "assets/search/search-ui.js";

/// The root page (choose a language), the not-found page and the sitemap.
pub const ROOT_PAGE: &str = "index.html";
pub const NOT_FOUND_PAGE: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";

/// A page of one language, below `<lang>/`: `home` is `index.html`, the others are
/// `<name>/index.html`.
pub fn lang_page(lang: &str, page: LangPage) -> String {
    format!("{lang}/{}", page.rest())
}

/// The pages each language has once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangPage {
    Home,
    Search,
    Briefing,
    Checklists,
    Handbook,
}

impl LangPage {
    /// The page's path below `<lang>/`.
    pub fn rest(self) -> &'static str {
        match self {
            LangPage::Home => "index.html",
            LangPage::Search => "search/index.html",
            LangPage::Briefing => "briefing/index.html",
            LangPage::Checklists => "checklists/index.html",
            LangPage::Handbook => "print/index.html",
        }
    }
}

/// The handbook's running heads, beside it (beside each volume when there are several).
pub fn handbook_css(lang: &str, volume: Option<usize>) -> String {
    match volume {
        None => format!("{lang}/print/handbook.css"),
        Some(k) => format!("{lang}/print/{k}/handbook.css"),
    }
}

/// A volume of the handbook (`page` = [`LangPage::Handbook`]) or the briefing
/// ([`LangPage::Briefing`]): with one volume it is the page itself (`<lang>/print/index.html`);
/// with several, that page lists them and volume `k` (from 1) is `<lang>/print/<k>/index.html`.
pub fn volume_page(lang: &str, page: LangPage, volume: Option<usize>) -> String {
    match volume {
        None => lang_page(lang, page),
        Some(k) => format!("{lang}/{}{k}/index.html", page.rest().trim_end_matches("index.html")),
    }
}

/// The Atom feed of a language's guides by update date (written when `base_url` is set).
pub fn feed(lang: &str) -> String {
    format!("{lang}/feed.xml")
}

/// The pages each guide has, below `<lang>/<slug>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidePage {
    Guide,
    Brief,
    Checklist,
    /// The guide laid out as its handbook chapter, with its brief and checklist.
    Print,
}

impl GuidePage {
    /// The page's path below `<lang>/<slug>/`.
    pub fn rest(self) -> &'static str {
        match self {
            GuidePage::Guide => "index.html",
            GuidePage::Brief => "brief/index.html",
            GuidePage::Checklist => "checklist/index.html",
            GuidePage::Print => "print/index.html",
        }
    }
}

/// A page of a guide: `<lang>/<slug>/index.html`, `…/brief/index.html`, ….
pub fn guide_page(lang: &str, slug: &str, page: GuidePage) -> String {
    format!("{lang}/{slug}/{}", page.rest())
}

/// From the page at `path` back to the output's root: one `../` per folder.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_one_step_up_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("ja/index.html"), "../");
        assert_eq!(root_of("ja/ops/backup/index.html"), "../../../");
    }

    #[test]
    fn pages_sit_in_their_folders() {
        assert_eq!(lang_page("en", LangPage::Handbook), "en/print/index.html");
        assert_eq!(guide_page("ja", "ops/backup", GuidePage::Brief), "ja/ops/backup/brief/index.html");
        assert!(SEARCH_UI_SCRIPT.starts_with(SEARCH_DIR));
        assert_eq!(guide_page("en", "a", GuidePage::Print), "en/a/print/index.html");
        assert_eq!(feed("ja"), "ja/feed.xml");
    }

    #[test]
    fn one_volume_is_the_page_and_several_sit_below_it() {
        assert_eq!(volume_page("ja", LangPage::Handbook, None), "ja/print/index.html");
        assert_eq!(volume_page("ja", LangPage::Handbook, Some(2)), "ja/print/2/index.html");
        assert_eq!(volume_page("en", LangPage::Briefing, Some(10)), "en/briefing/10/index.html");
        assert_eq!(handbook_css("ja", None), "ja/print/handbook.css");
        assert_eq!(handbook_css("ja", Some(3)), "ja/print/3/handbook.css");
    }
}
