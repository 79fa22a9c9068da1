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
/// Where `serve` builds, below the site root.
pub const SERVE_DIR: &str = ".tebiki/serve";

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

/// The handbook's running heads, beside it.
pub fn handbook_css(lang: &str) -> String {
    format!("{lang}/print/handbook.css")
}

/// The pages each guide has, below `<lang>/<slug>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidePage {
    Guide,
    Brief,
    Checklist,
}

impl GuidePage {
    /// The page's path below `<lang>/<slug>/`.
    pub fn rest(self) -> &'static str {
        match self {
            GuidePage::Guide => "index.html",
            GuidePage::Brief => "brief/index.html",
            GuidePage::Checklist => "checklist/index.html",
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
    }
}
