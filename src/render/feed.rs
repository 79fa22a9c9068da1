//! `<lang>/feed.xml`: an Atom feed (RFC 4287) of a language's guides by update date, for
//! readers who want to know what changed. Written by the theme's `feed.xml` template when
//! the site has a `base_url` (an Atom feed's links and ids are absolute) and at least one
//! guide of the language has a date ([`crate::dates`]).
//!
//! The feed holds the [`FEED_ENTRIES`] most recently updated guides, newest first (ties in
//! navigation order); guides without a date are left out. Each entry's id is the guide
//! page's absolute URL, its `updated` the guide's date at midnight UTC, its summary the
//! guide's outcomes as text. The feed's `updated` is its newest entry's, never the clock's,
//! so the same site gives the same bytes.

use serde::Serialize;

use crate::link::LangSite;
use crate::model::Guide;
use crate::paths::{self, GuidePage, LangPage};
use crate::render::view::ViewContext;

/// How many guides a feed holds at most.
pub const FEED_ENTRIES: usize = 50;

/// What `feed.xml` sees.
#[derive(Debug, Serialize)]
pub struct FeedContext {
    pub lang: String,
    pub title: String,
    /// The feed's own absolute URL (`rel="self"`), also its id.
    pub id: String,
    /// The language's home, absolute.
    pub home: String,
    /// The newest entry's date (RFC 3339).
    pub updated: String,
    /// The feed's author: the site's title.
    pub author: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: String,
    pub summary: String,
}

/// The feed of `ls`, or `None` when none of its guides has a date.
pub fn feed_context(views: &ViewContext<'_>, ls: &LangSite, base_url: &str) -> Option<FeedContext> {
    let mut dated: Vec<&Guide> = ls.guides.iter().filter(|g| g.updated.is_some()).collect();
    dated.sort_by_key(|g| std::cmp::Reverse(g.updated));
    dated.truncate(FEED_ENTRIES);
    let newest = dated.first()?.updated?;
    let lang = ls.lang.as_str();
    let absolute = |path: &str| format!("{base_url}{}", path.trim_end_matches("index.html"));
    let entries = dated
        .iter()
        .filter_map(|g| {
            let url = absolute(&paths::guide_page(lang, &g.slug, GuidePage::Guide));
            Some(FeedEntry {
                id: url.clone(),
                title: g.doc.title.clone(),
                link: url,
                updated: g.updated?.rfc3339(),
                summary: g.doc.outcomes.iter().map(|o| o.to_plain()).collect::<Vec<_>>().join(" / "),
            })
        })
        .collect();
    let site_title = views.site.config.title(lang).to_owned();
    Some(FeedContext {
        lang: lang.to_owned(),
        title: format!("{} | {site_title}", views.label(lang, "recently_updated")),
        id: format!("{base_url}{}", paths::feed(lang)),
        home: absolute(&paths::lang_page(lang, LangPage::Home)),
        updated: newest.rfc3339(),
        author: site_title,
        entries,
    })
}
