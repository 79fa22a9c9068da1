//! Executive briefs: a guide's brief, the site-wide briefing and the handbook's appendix A
//! each hold exactly the guide's consensus and perspective blocks — their number, kind,
//! order and text, against the document model — for all five guides in both languages,
//! each under its section's heading linked back to the section; the guide page links to
//! its brief and the language home to the briefing.

use scraper::{ElementRef, Html, Selector};
use tebiki::model::{Block, Guide};

use crate::harness::*;

/// The text a reader sees in `blocks`, with all whitespace removed.
fn blocks_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { text } => out.push_str(&text.to_plain()),
            Block::List { items, .. } => items.iter().for_each(|i| out.push_str(&i.text.to_plain())),
            Block::Table { header, rows, caption } => {
                out.push_str(caption.as_deref().unwrap_or(""));
                header.iter().chain(rows.iter().flatten()).for_each(|c| out.push_str(&c.to_plain()));
            }
            Block::Code { text, .. } => out.push_str(text),
            Block::Html { html } => out.push_str(html),
            Block::Quote { blocks, .. } => out.push_str(&blocks_text(blocks)),
        }
    }
    squash(&out)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// One brief entry: (kind, link back to the section, text).
type Entry = (String, String, String);

/// What the model says a brief of `guide` holds, with section links made by `href`.
fn expected(guide: &Guide, href: &dyn Fn(&str) -> String) -> Vec<Entry> {
    let mut out = Vec::new();
    for s in &guide.doc.sections {
        for (kind, blocks) in [("consensus", &s.consensus), ("perspective", &s.perspective)] {
            if let Some(blocks) = blocks {
                out.push((kind.to_owned(), href(&s.id), blocks_text(blocks)));
            }
        }
    }
    out
}

/// What a brief on a page holds: every callout under each section heading of `scope`.
fn found(scope: ElementRef<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    for section in scope.select(&sel("section.brief-section")) {
        let link = section.select(&sel(".brief-heading a")).next().expect("a section heading links back");
        let href = link.value().attr("href").unwrap_or("").to_owned();
        for callout in section.select(&sel("[data-block]")) {
            let kind = callout.value().attr("data-block").unwrap_or("").to_owned();
            let body = callout.select(&sel(".callout-body")).next().expect("a callout body");
            out.push((kind, href.clone(), squash(&body.text().collect::<String>())));
        }
    }
    out
}

#[test]
fn builds_briefs_holding_exactly_their_guides_consensus_and_perspective() {
    let site = TestSite::bundled_all("briefs");
    site.build_ok();
    let config = tebiki::config::Config::load(site.root()).unwrap();
    let (guides, _) = tebiki::project::load_guides(site.root(), &config).unwrap();
    let site_model = tebiki::link::link(&config, guides);
    let mut checked = 0;
    for ls in &site_model.languages {
        let lang = &ls.lang;
        assert_eq!(ls.guides.len(), 5, "{lang}: the five bundled guides");
        let briefing = site.page(&format!("{lang}/briefing/index.html"));
        let handbook = site.page(&format!("{lang}/print/index.html"));
        for (i, guide) in ls.guides.iter().enumerate() {
            let slug = &guide.slug;
            let what = format!("{lang}/{slug}");
            let brief = site.page(&format!("{lang}/{slug}/brief/index.html"));
            fn scope<'a>(page: &'a Html, css: &str, what: &str) -> ElementRef<'a> {
                let found: Vec<ElementRef<'a>> = page.select(&sel(css)).collect();
                assert_eq!(found.len(), 1, "{what}: one `{css}`");
                found[0]
            }
            let places: [(&str, ElementRef<'_>, String); 3] = [
                ("brief page", scope(&brief, "article.brief", &what), "../index.html#".to_owned()),
                (
                    "briefing",
                    scope(&briefing, &format!("article[data-brief=\"{slug}\"]"), &what),
                    format!("../{slug}/index.html#"),
                ),
                (
                    "handbook",
                    scope(&handbook, &format!("article.hb-brief[data-brief=\"{slug}\"]"), &what),
                    format!("#g{}-", i + 1),
                ),
            ];
            for (place, element, prefix) in places {
                let want = expected(guide, &|id| format!("{prefix}{id}"));
                assert!(want.len() >= 10, "{what}: the seeds have consensus and perspective in most sections");
                let got = found(element);
                assert_eq!(got.len(), want.len(), "{what} ({place}): number of callouts");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(g, w, "{what} ({place})");
                }
                let outcomes = element.select(&sel("[data-block=outcomes] li")).count();
                assert_eq!(outcomes, guide.doc.outcomes.len(), "{what} ({place}): outcomes");
                let sections_shown = element.select(&sel("section.brief-section")).count();
                let with_blocks =
                    guide.doc.sections.iter().filter(|s| s.consensus.is_some() || s.perspective.is_some()).count();
                assert_eq!(sections_shown, with_blocks, "{what} ({place}): sections without blocks are left out");
                checked += 1;
            }
            let guide_page = site.page(&format!("{what}/index.html"));
            assert_eq!(
                select(&guide_page, "nav.guide-tools a[href=\"brief/index.html\"]").len(),
                1,
                "{what}: link to brief"
            );
            // Every link back resolves to a section of the guide page.
            for (_, href, _) in found(scope(&brief, "article.brief", &what)) {
                let id = href.trim_start_matches("../index.html#");
                assert_eq!(select(&guide_page, &format!("section#{id}")).len(), 1, "{what}: {href}");
            }
        }
        let home = site.page(&format!("{lang}/index.html"));
        let tools: Vec<String> =
            select(&home, "nav.home-tools a").iter().map(|a| a.value().attr("href").unwrap_or("").to_owned()).collect();
        assert_eq!(tools, ["briefing/index.html", "checklists/index.html", "print/index.html"], "{lang}: home links");
    }
    assert_eq!(checked, 2 * 5 * 3);
}

#[test]
fn builds_brief_links_that_still_lead_where_the_author_meant() {
    let site = TestSite::new("brief-links");
    site.write("content/en/other.md", "::: outcomes\n- x\n:::\n\n## Other {#s1}\n\nText.\n");
    site.write(
        "content/en/main.md",
        "::: outcomes\n- x\n:::\n\n## Main {#s1}\n\nText.\n\n## Second {#s2}\n\nMore.\n\n::: consensus\n\
         Agree on [the first section](#s1), read [the other guide](../other/index.html#s1) \
         and [the law](https://example.org/law).\n:::\n",
    );
    site.build_ok();
    let hrefs = |rel: &str, scope: &str| -> Vec<String> {
        select(&site.page(rel), &format!("{scope} [data-block=consensus] a"))
            .iter()
            .map(|a| a.value().attr("href").unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(hrefs("en/main/index.html", "article"), ["#s1", "../other/index.html#s1", "https://example.org/law"]);
    assert_eq!(
        hrefs("en/main/brief/index.html", "article.brief"),
        ["../index.html#s1", "../../other/index.html#s1", "https://example.org/law"]
    );
    assert_eq!(
        hrefs("en/briefing/index.html", "article[data-brief=main]"),
        ["../main/index.html#s1", "../main/../other/index.html#s1", "https://example.org/law"]
    );
    // The handbook stands alone: in-guide links lead into it, site links become text.
    assert_eq!(hrefs("en/print/index.html", "article.hb-guide#g1"), ["#g1-s1", "https://example.org/law"]);
    assert!(site.read("en/print/index.html").contains("read the other guide and"));
}
