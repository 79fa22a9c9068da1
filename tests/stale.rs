//! A translation behind its source says so on every page that shows its content: the
//! guide page (tests/translations.rs), its brief and checklist, the briefing, the
//! handbook (in one volume and in several) and its print view, and the pages `tebiki pdf`
//! prints — each with the notice at the top of the guide's part and a note under each
//! changed section, and none of it while the translation is current.

use tebiki::render::RenderOptions;
use tebiki::render::volumes::{PrintTarget, Printer};

use crate::harness::*;

const SOURCE: &str = "+++\ntitle = \"手引き\"\n+++\n\n::: outcomes\n- 要点がわかる\n:::\n\n\
## 初動 {#s1}\n\n初動の本文です。\n\n### 連絡する {#s1-1}\n\n連絡の手順です。\n\n\
::: consensus\n合意のポイントです。\n:::\n\n::: perspective\n見通しです。\n:::\n\n\
## 復旧 {#s2}\n\n復旧の本文です。\n\n### 復元する {#s2-1}\n\n復元の手順です。\n\n\
::: perspective\n第二節の見通しです。\n:::\n";

const TRANSLATION: &str = "+++\ntitle = \"Guide\"\n[translation]\nsource = \"guide\"\nlang = \"ja\"\n+++\n\n\
::: outcomes\n- Know the point\n:::\n\n## First response {#s1}\n\nBody.\n\n### Call {#s1-1}\n\nHow to call.\n\n\
::: consensus\nPoints to agree.\n:::\n\n::: perspective\nOutlook.\n:::\n\n\
## Recovery {#s2}\n\nRecovery body.\n\n### Restore {#s2-1}\n\nHow to restore.\n\n\
::: perspective\nOutlook of the second section.\n:::\n";

/// A site with two translated guides, both stamped: `guide` (the one made stale) and
/// `other` (current throughout), built.
fn site(tag: &str, config: &str) -> TestSite {
    let site = TestSite::new(tag);
    site.write("tebiki.toml", config);
    site.write("content/ja/guide.md", SOURCE);
    site.write("content/ja/other.md", SOURCE.replace("手引き", "別の手引き"));
    let root = site.root().to_str().unwrap();
    for slug in ["guide", "other"] {
        let translation = TRANSLATION.replace("source = \"guide\"", &format!("source = \"{slug}\""));
        let en = site.write(&format!("content/en/{slug}.md"), translation);
        let out = tebiki(&["stamp", "--root", root, en.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    site.build_ok();
    site
}

/// Changes section 2 of `guide`'s source, so that its translation is stale there, and
/// builds again.
fn make_stale(site: &TestSite) {
    site.write("content/ja/guide.md", SOURCE.replace("復旧の本文です。", "復旧の本文を書き直しました。"));
    site.build_ok();
}

/// How many out-of-date notices `scope` of `page` carries.
fn notices(page: &scraper::Html, scope: &str) -> usize {
    select(page, &format!("{scope} .notice-stale")).len()
}

/// The elements matching `parts` within `scope` that hold a section note, each named by
/// `name`.
fn noted(
    page: &scraper::Html,
    scope: &str,
    parts: &str,
    name: &dyn Fn(&scraper::ElementRef<'_>) -> String,
) -> Vec<String> {
    select(page, &format!("{scope} {parts}"))
        .iter()
        .filter(|part| part.select(&scraper::Selector::parse("[data-stale=section]").unwrap()).next().is_some())
        .map(name)
        .collect()
}

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or("").to_owned()
}

/// The section a brief section leads back to (`#s2` → `s2`).
fn brief_section(e: &scraper::ElementRef<'_>) -> String {
    let a = e.select(&scraper::Selector::parse(".brief-heading a").unwrap()).next().expect("a heading link");
    attr(&a, "href").rsplit('#').next().unwrap_or("").to_owned()
}

/// The notice's link to the original, from `page` at `path`, as a path from the output's root.
fn original(site: &TestSite, page: &scraper::Html, scope: &str, path: &str) -> String {
    let a = select_one(page, &format!("{scope} .notice-stale a"));
    assert_eq!(attr(&a, "hreflang"), "ja", "{path}: the original's language");
    let href = attr(&a, "href");
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for step in href.split('/') {
        match step {
            ".." => {
                parts.pop();
            }
            step => parts.push(step),
        }
    }
    let target = parts.join("/");
    assert!(site.out().join(&target).is_file(), "{path}: the notice leads to {href}, which is no page");
    target
}

#[test]
fn stale_translation_brief_says_so() {
    let site = site("stale-brief", "");
    let path = "en/guide/brief/index.html";
    assert_eq!(notices(&site.page(path), "article.brief"), 0, "current: no notice");
    make_stale(&site);
    let page = site.page(path);
    assert_eq!(notices(&page, "article.brief"), 1, "one notice at the top of the brief");
    assert_eq!(original(&site, &page, "article.brief", path), "ja/guide/index.html");
    assert_eq!(noted(&page, "article.brief", ".brief-section", &brief_section), ["s2"], "a note under section 2");
    assert_eq!(notices(&site.page("en/other/brief/index.html"), "article.brief"), 0, "another guide's brief");
    assert_eq!(notices(&site.page("ja/guide/brief/index.html"), "main"), 0, "the source is never stale");
}

#[test]
fn stale_translation_checklist_says_so() {
    let site = site("stale-checklist", "");
    let path = "en/guide/checklist/index.html";
    assert_eq!(notices(&site.page(path), "main"), 0, "current: no notice");
    assert!(select(&site.page(path), "main [data-stale]").is_empty());
    make_stale(&site);
    let page = site.page(path);
    assert_eq!(notices(&page, "main"), 1, "one notice at the top of the checklist");
    assert_eq!(original(&site, &page, "main", path), "ja/guide/index.html");
    let group = |e: &scraper::ElementRef<'_>| attr(e, "aria-labelledby");
    assert_eq!(noted(&page, "main", "section.checklist-group", &group), ["cg-s2"], "a note on section 2's items");
    let items: Vec<String> = select(&page, "[data-item]").iter().map(|e| attr(e, "data-item")).collect();
    assert_eq!(items.len(), 2, "the items stay as they were: {items:?}");
    assert_eq!(notices(&site.page("en/other/checklist/index.html"), "main"), 0, "another guide's checklist");
}

#[test]
fn stale_translation_briefing_says_so() {
    let site = site("stale-briefing", "");
    let path = "en/briefing/index.html";
    assert_eq!(notices(&site.page(path), "main"), 0, "current: no notice");
    make_stale(&site);
    let page = site.page(path);
    let guide = "article[data-brief=guide]";
    assert_eq!(notices(&page, guide), 1, "the stale guide's brief carries the notice");
    assert_eq!(original(&site, &page, guide, path), "ja/guide/index.html");
    assert_eq!(noted(&page, guide, ".brief-section", &brief_section), ["s2"]);
    assert_eq!(notices(&page, "article[data-brief=other]"), 0, "the current guide's brief does not");
    assert_eq!(notices(&site.page("ja/briefing/index.html"), "main"), 0, "the source is never stale");
}

/// The handbook page at `path`, where guide `guide` is number 1: the notice on its
/// chapter, its brief (appendix A) and its checklist (appendix B), and a note under
/// section 2 in each; nothing on guide 2.
fn assert_handbook_says_so(site: &TestSite, path: &str) {
    let page = site.page(path);
    for part in ["article#g1", "article#a1", "article#b1"] {
        assert_eq!(notices(&page, part), 1, "{path}: {part} carries the notice");
        assert_eq!(original(site, &page, part, path), "ja/guide/index.html", "{path}: {part}");
    }
    let id = |e: &scraper::ElementRef<'_>| attr(e, "id");
    assert_eq!(noted(&page, "article#g1", "section.section", &id), ["g1-s2"], "{path}: the chapter's section 2");
    assert_eq!(noted(&page, "article#a1", ".brief-section", &brief_section), ["g1-s2"], "{path}: its brief");
    let group = |e: &scraper::ElementRef<'_>| {
        let a = e.select(&scraper::Selector::parse("h3 a").unwrap()).next().expect("a heading link");
        attr(&a, "href")
    };
    assert_eq!(noted(&page, "article#b1", "section.checklist-group", &group), ["#g1-s2"], "{path}: its checklist");
    for part in ["article#g2", "article#a2", "article#b2"] {
        assert_eq!(notices(&page, part), 0, "{path}: {part} is current");
        assert!(select(&page, &format!("{part} [data-stale]")).is_empty(), "{path}: {part} is current");
    }
}

#[test]
fn stale_translation_handbook_volume_says_so() {
    // One volume (the handbook is one page), then a volume per guide.
    for (config, volume) in [("", "en/print/index.html"), ("[print]\nvolume_bytes = 1\n", "en/print/1/index.html")] {
        let site = site("stale-handbook", config);
        let page = site.page(volume);
        assert_eq!(notices(&page, "main"), 0, "{volume}: current: no notice");
        assert!(select(&page, "main [data-stale]").is_empty(), "{volume}: current: no section note");
        make_stale(&site);
        assert_handbook_says_so(&site, volume);
        assert_eq!(notices(&site.page(&volume.replace("en/", "ja/")), "main"), 0, "the source is never stale");
        let root = site.root().to_str().unwrap();
        let check = tebiki(&["check", "--root", root]);
        let said = String::from_utf8_lossy(&check.stdout);
        assert!(said.contains("error[stale]"), "{said}");
        assert!(!said.contains("broken"), "the notices' links lead to pages that exist: {said}");
    }
}

#[test]
fn stale_translation_print_view_says_so() {
    for config in ["", "[print]\nvolume_bytes = 1\n"] {
        let site = site("stale-print-view", config);
        let project = || tebiki::Project::load(site.root()).unwrap();
        // What `tebiki pdf --guide guide` and `tebiki pdf` print.
        let printed = |target: PrintTarget| {
            let project = project();
            let printer = Printer::new(&project.site, &RenderOptions { theme: &project.theme }, "en").unwrap();
            let page = printer.page(&target, None).unwrap().expect("a printable page");
            (page.path, scraper::Html::parse_document(&page.html))
        };
        let (_, single) = printed(PrintTarget::Guide("guide".into()));
        assert_eq!(notices(&single, "main"), 0, "current: no notice");
        make_stale(&site);

        // The print view leads to the guide alone in its volume, which carries the notice.
        let view = site.page("en/guide/print/index.html");
        let href = attr(&select_one(&view, "main .lead a"), "href");
        let (target, fragment) = href.split_once('#').expect("a fragment");
        assert_eq!(fragment, "only-g1", "{href}");
        let volume = target.strip_prefix("../../../").expect("a page of the site").to_owned();
        assert_handbook_says_so(&site, &volume);

        // The page `tebiki pdf --guide` prints, and the volume `tebiki pdf` prints.
        let (path, single) = printed(PrintTarget::Guide("guide".into()));
        assert_eq!(path, "en/guide/print/index.html");
        for part in ["article#g1", "article#a1", "article#b1"] {
            assert_eq!(notices(&single, part), 1, "pdf --guide: {part} carries the notice");
        }
        let (path, printed_volume) = printed(PrintTarget::Volume(1));
        assert_eq!(path, volume, "the volume holding the guide");
        assert_eq!(notices(&printed_volume, "article#g1"), 1, "pdf: the chapter carries the notice");
        let (_, other) = printed(PrintTarget::Guide("other".into()));
        assert_eq!(notices(&other, "main"), 0, "pdf --guide other: current");
    }
}

#[test]
fn stale_translation_notice_prints_in_headless_chromium() {
    if !tools_present("stale notice browser tests", &missing_browser_tools()) {
        return;
    }
    let site = site("stale-browser", "");
    make_stale(&site);
    let (out, chromium) = (site.out(), chromium());
    node_test(&["stale.test.mjs"], &[("TEBIKI_SITE", out.as_os_str()), ("TEBIKI_CHROMIUM", chromium.as_os_str())], 2);
}
