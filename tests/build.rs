//! `tebiki build` on the bundled guides and small fixture sites: the pages exist and
//! their markup agrees with the document model.

use crate::harness::*;
use tebiki::model::{Block, Document};
use tebiki::parse::{self, Format, ParseOptions};

fn model(slug: &str) -> Document {
    model_in("ja", slug)
}

/// The model of a bundled guide: `content/ja/<slug>.txt` or `content/en/<slug>.md`.
fn model_in(lang: &str, slug: &str) -> Document {
    let ext = if lang == "ja" { "txt" } else { "md" };
    let path = repo().join("content").join(lang).join(format!("{slug}.{ext}"));
    let text = std::fs::read_to_string(&path).unwrap();
    parse::parse_text(&text, Format::of_path(&path).unwrap(), ParseOptions::default()).doc
}

fn tables_in(blocks: &[Block]) -> usize {
    blocks.iter().filter(|b| matches!(b, Block::Table { .. })).count()
}

fn ids(page: &scraper::Html, selector: &str) -> Vec<String> {
    select(page, selector).iter().map(|e| e.value().attr("id").unwrap_or("").to_owned()).collect()
}

#[test]
fn builds_every_page_of_the_bundled_site() {
    let site = TestSite::bundled("pages");
    let report = site.build_ok();
    assert_eq!(report.guides, 5);
    let files = site.output();
    let mut expected = vec![
        "404.html".to_owned(),
        "index.html".to_owned(),
        "ja/index.html".to_owned(),
        "ja/search/index.html".to_owned(),
    ];
    for page in ["briefing", "checklists", "print"] {
        expected.push(format!("ja/{page}/index.html"));
    }
    for slug in SEED_SLUGS {
        for page in ["index.html", "brief/index.html", "checklist/index.html", "print/index.html"] {
            expected.push(format!("ja/{slug}/{page}"));
        }
    }
    expected.sort();
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    assert_eq!(pages, expected.iter().collect::<Vec<_>>());
    assert_eq!(report.pages, expected.len());
    assert_eq!(report.bytes, files.iter().filter(|(p, _)| *p != ".tebiki-output").map(|(_, b)| b.len()).sum::<usize>());
    for asset in [
        "assets/css/tebiki.css",
        "assets/css/highlight.css",
        "assets/js/tebiki.js",
        "assets/js/checklist.js",
        "assets/favicon.svg",
        "ja/print/handbook.css",
    ] {
        assert!(files.contains_key(asset), "missing {asset}");
    }
    assert!(!files.contains_key("sitemap.xml"), "sitemap.xml needs base_url");
}

#[test]
fn builds_guides_whose_markup_matches_the_model() {
    let site = TestSite::bundled_all("model");
    site.build_ok();
    let guides = SEED_SLUGS.iter().flat_map(|slug| [("ja", *slug), ("en", *slug)]);
    for (lang, slug) in guides {
        let doc = model_in(lang, slug);
        let page = site.page(&format!("{lang}/{slug}/index.html"));
        let what = |x: &str| format!("{lang}/{slug}: {x}");

        let want_sections: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        let got_sections = ids(&page, "article > section");
        assert_eq!(got_sections, want_sections, "{}", what("top-level <section id>"));
        let want_subs: Vec<&str> =
            doc.sections.iter().flat_map(|s| s.subsections.iter().map(|ss| ss.id.as_str())).collect();
        let got_subs = ids(&page, "article > section > section");
        assert_eq!(got_subs, want_subs, "{}", what("subsection <section id>"));

        for (kind, want) in [
            ("consensus", doc.sections.iter().filter(|s| s.consensus.is_some()).count()),
            ("perspective", doc.sections.iter().filter(|s| s.perspective.is_some()).count()),
        ] {
            let got = select(&page, &format!("[data-block=\"{kind}\"]"));
            assert_eq!(got.len(), want, "{}", what(&format!("{kind} callouts")));
            assert!(want > 0, "{}", what(&format!("the seeds all have {kind} blocks")));
            for callout in got {
                let label = callout.value().attr("aria-label").unwrap_or("");
                assert!(!label.is_empty(), "{}", what(&format!("{kind} callout has no label")));
                let parent = callout.parent().and_then(scraper::ElementRef::wrap).unwrap();
                assert!(
                    want_sections.contains(&parent.value().attr("id").unwrap_or("")),
                    "{}",
                    what("callout outside its section")
                );
            }
        }
        // Each section's consensus sits in that section.
        for s in &doc.sections {
            let n = select(&page, &format!("section#{} > [data-block=\"consensus\"]", s.id)).len();
            assert_eq!(n, usize::from(s.consensus.is_some()), "{}", what(&format!("consensus of {}", s.id)));
        }

        let outcomes = select(&page, "[data-block=\"outcomes\"] li");
        assert_eq!(outcomes.len(), doc.outcomes.len(), "{}", what("outcomes"));
        assert_eq!(outcomes[0].text().collect::<String>(), doc.outcomes[0].to_plain());

        let want_tables: usize = doc
            .sections
            .iter()
            .map(|s| tables_in(&s.blocks) + s.subsections.iter().map(|ss| tables_in(&ss.blocks)).sum::<usize>())
            .sum();
        assert_eq!(select(&page, "table").len(), want_tables, "{}", what("tables"));
        assert_eq!(!select(&page, "table > thead > tr > th").is_empty(), want_tables > 0, "{}", what("table headers"));
        assert_eq!(select(&page, "table > thead").len(), want_tables, "{}", what("every table has a <thead>"));

        // Every section and subsection heading has an anchor link to itself.
        for id in want_sections.iter().copied().chain(want_subs.iter().copied()) {
            let anchor = select(&page, &format!("section#{id} > .heading > a.anchor"));
            assert_eq!(anchor.len(), 1, "{}", what(&format!("anchor of {id}")));
            assert_eq!(anchor[0].value().attr("href"), Some(format!("#{id}").as_str()));
        }
        // Heading text comes from the model.
        let h2: Vec<String> =
            select(&page, "article > section > .heading > h2").iter().map(|h| h.text().collect()).collect();
        for (h, s) in h2.iter().zip(&doc.sections) {
            assert!(h.ends_with(&s.heading), "{}", what(&format!("heading `{h}` vs `{}`", s.heading)));
        }
        assert_eq!(select_one(&page, "h1").text().collect::<String>(), doc.title);

        // The contents list every section and subsection, in order.
        let toc: Vec<String> =
            select(&page, "nav.toc a").iter().map(|a| a.value().attr("href").unwrap_or("").to_owned()).collect();
        let want_toc: Vec<String> = doc
            .sections
            .iter()
            .flat_map(|s| std::iter::once(&s.id).chain(s.subsections.iter().map(|ss| &ss.id)))
            .map(|id| format!("#{id}"))
            .collect();
        assert_eq!(toc, want_toc, "{}", what("contents"));

        let crumbs = select(&page, "nav.breadcrumbs a");
        assert_eq!(crumbs.len(), 1, "{}", what("breadcrumbs"));
        assert_eq!(crumbs[0].value().attr("href"), Some(format!("../../{lang}/index.html").as_str()));
    }
}

#[test]
fn builds_previous_and_next_links_in_slug_order() {
    let site = TestSite::bundled("prevnext");
    site.build_ok();
    let mut slugs = SEED_SLUGS.to_vec();
    slugs.sort();
    for (i, slug) in slugs.iter().enumerate() {
        let page = site.page(&format!("ja/{slug}/index.html"));
        let href = |rel: &str| {
            select(&page, &format!("nav.guide-nav a[rel={rel}]"))
                .first()
                .and_then(|a| a.value().attr("href").map(str::to_owned))
        };
        let want = |j: Option<usize>| j.and_then(|j| slugs.get(j)).map(|s| format!("../../ja/{s}/index.html"));
        assert_eq!(href("prev"), want(i.checked_sub(1)), "{slug}: previous");
        assert_eq!(href("next"), want(Some(i + 1)), "{slug}: next");
    }
}

#[test]
fn builds_a_home_listing_every_guide_with_its_outcomes() {
    let site = TestSite::bundled("home");
    site.build_ok();
    let home = site.page("ja/index.html");
    let cards = select(&home, ".guide-card");
    assert_eq!(cards.len(), 5);
    let mut slugs = SEED_SLUGS.to_vec();
    slugs.sort();
    for (card, slug) in cards.iter().zip(slugs) {
        let doc = model(slug);
        let html = scraper::Html::parse_fragment(&card.html());
        let link = select_one(&html, "h2 a");
        assert_eq!(link.value().attr("href"), Some(format!("{slug}/index.html").as_str()));
        assert_eq!(link.text().collect::<String>(), doc.title);
        assert_eq!(select(&html, ".guide-card-outcomes li").len(), doc.outcomes.len(), "{slug}");
    }
    let root = site.page("index.html");
    let choice = select_one(&root, "a.language-choice");
    assert_eq!(choice.value().attr("href"), Some("ja/index.html"));
    assert_eq!(select(&root, "script:not([src])").len(), 0);
}

#[test]
fn builds_the_search_contract_into_every_page() {
    let site = TestSite::bundled("search-contract");
    site.build_ok();
    for (rel, root) in [
        ("index.html", ""),
        ("404.html", ""),
        ("ja/index.html", "../"),
        ("ja/search/index.html", "../../"),
        ("ja/data-breach-litigation/index.html", "../../"),
    ] {
        let page = site.page(rel);
        let meta =
            |name: &str| select_one(&page, &format!("meta[name={name}]")).value().attr("content").map(str::to_owned);
        assert_eq!(meta("tebiki-root").as_deref(), Some(root), "{rel}");
        assert_eq!(meta("tebiki-lang").as_deref(), Some("ja"), "{rel}");
        let form = select_one(&page, "header form.site-search[role=search][method=get]");
        assert_eq!(form.value().attr("action"), Some(format!("{root}ja/search/index.html").as_str()), "{rel}");
        let html = scraper::Html::parse_fragment(&form.html());
        let input = select_one(&html, "input#site-search-input[type=search][name=q][autocomplete=off]");
        assert!(input.value().attr("id").is_some());
        assert_eq!(select(&html, "label[for=site-search-input]").len(), 1, "{rel}: the input has a label");
        let next = form.next_siblings().filter_map(scraper::ElementRef::wrap).next().expect("element after the form");
        assert_eq!(next.value().attr("id"), Some("site-search-results"), "{rel}");
        assert!(next.value().attr("hidden").is_some() && next.inner_html().is_empty(), "{rel}");
        // The search stage emits its browser script, so every page loads it, deferred,
        // from the page's relative root.
        let scripts = select(&page, "script[src$=\"search-ui.js\"]");
        assert_eq!(scripts.len(), 1, "{rel}");
        assert_eq!(scripts[0].value().attr("src"), Some(format!("{root}assets/search/search-ui.js").as_str()), "{rel}");
        assert!(scripts[0].value().attr("defer").is_some(), "{rel}");
    }
    let search = site.page("ja/search/index.html");
    let results = select_one(&search, "#search-page-results");
    // Not read out whole at every key: a status says how many results there are.
    assert_eq!(results.value().attr("aria-live"), None);
    assert!(results.inner_html().is_empty());
    assert_eq!(select_one(&search, "#site-search-status").value().attr("role"), Some("status"));
    assert!(!select(&search, "noscript").is_empty(), "the search page says search needs JavaScript");
}

#[test]
fn builds_without_search_when_the_config_turns_it_off() {
    let site = TestSite::bundled("no-search");
    site.write("tebiki.toml", "[search]\nenabled = false\n");
    site.build_ok();
    assert!(!site.out().join("ja/search").exists());
    assert!(select(&site.page("ja/index.html"), "form.site-search").is_empty());
}

#[test]
fn builds_a_sitemap_only_with_a_base_url() {
    let site = TestSite::bundled("sitemap");
    site.write("tebiki.toml", "base_url = \"https://kb.example.org/ir\"\n");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://kb.example.org/ir/ja/p2p-trouble-disclosure/</loc>"), "{sitemap}");
    // The root; the home, briefing, checklists and handbook of the one language; and per
    // guide its page, brief and checklist (its print view only leads to the handbook).
    assert_eq!(sitemap.matches("<loc>").count(), 1 + 4 + 5 * 3, "{sitemap}");
    assert_eq!(sitemap.matches("/print/</loc>").count(), 1, "the handbook only: {sitemap}");
    // A host answers with the 404 page at any address: its links, relative to the root,
    // are made so by a base element before the first of them.
    let not_found = site.read("404.html");
    let base = not_found.find("<base href=\"/ir/\">").expect("a base element");
    assert!(base < not_found.find("href=\"assets/css/tebiki.css\"").unwrap(), "{not_found}");
    assert!(!site.read("ja/index.html").contains("<base"), "only the 404 page has one");
    site.write("tebiki.toml", "");
    site.build_ok();
    assert!(!site.read("404.html").contains("<base"), "without base_url, no base");
}

const MD_GUIDE: &str = r#"+++
title = "Escapes & highlights"
+++

::: outcomes
- Know that <b>markup</b> stays text
:::

## Escapes & highlights {#s1}

Text with <script>alert(1)</script> inline and [a link](javascript:alert(1)).

<div class="raw">raw block</div>

```rust
fn main() { println!("<hi>"); }
```

::: consensus
Agree on it.
:::
"#;

#[test]
fn builds_content_text_escaped_unless_raw_html_is_allowed() {
    let site = TestSite::new("escape");
    site.write("content/en/escapes.md", MD_GUIDE);
    site.build_ok();
    let html = site.read("en/escapes/index.html");
    assert!(html.contains("Text with &lt;script&gt;alert(1)&lt;/script&gt; inline"), "{html}");
    assert!(html.contains("&lt;div class=\"raw\"&gt;raw block&lt;/div&gt;"), "{html}");
    assert!(!html.contains("javascript:"), "an unsafe link scheme was kept");
    assert!(html.contains("<title>Escapes &amp; highlights | Incident Response Guides</title>"), "{html}");
    assert!(html.contains("<html lang=\"en\">"));

    site.write("tebiki.toml", "[markdown]\nraw_html = true\n");
    site.build_ok();
    let html = site.read("en/escapes/index.html");
    assert!(html.contains("<div class=\"raw\">raw block</div>"), "raw HTML allowed by config");
}

#[test]
fn builds_code_highlighted_with_classes() {
    let site = TestSite::new("code");
    site.write("content/en/escapes.md", MD_GUIDE);
    site.build_ok();
    let page = site.page("en/escapes/index.html");
    let code = select_one(&page, "pre.code[data-lang=rust] > code");
    assert!(!select(&scraper::Html::parse_fragment(&code.html()), "span[class^=hl-]").is_empty(), "{}", code.html());
    assert!(code.text().collect::<String>().contains("println!(\"<hi>\")"));
    let css = site.read("assets/css/highlight.css");
    assert!(css.contains(".hl-code") && css.contains("@media (prefers-color-scheme: dark)"), "{css}");
}

#[test]
fn builds_both_languages_with_links_between_translations() {
    let site = TestSite::bundled("bilingual");
    site.write(
        "content/en/p2p.md",
        "+++\ntitle = \"P2P trouble\"\n\n[translation]\nsource = \"p2p-trouble-disclosure\"\n+++\n\n## P2P trouble {#s1}\n\nText.\n",
    );
    site.build_ok();
    let en = site.page("en/p2p/index.html");
    assert_eq!(select_one(&en, "html").value().attr("lang"), Some("en"));
    let alt = select_one(&en, "link[rel=alternate][hreflang=ja]");
    assert_eq!(alt.value().attr("href"), Some("../../ja/p2p-trouble-disclosure/index.html"));
    let ja = site.page("ja/p2p-trouble-disclosure/index.html");
    let switch = select_one(&ja, "nav.lang-switch a[hreflang=en]");
    assert_eq!(switch.value().attr("href"), Some("../../en/p2p/index.html"));
    assert!(select(&site.page("ja/data-breach-litigation/index.html"), "nav.lang-switch").is_empty());
    let root = site.page("index.html");
    let choices: Vec<_> =
        select(&root, "a.language-choice").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    assert_eq!(choices, ["ja/index.html", "en/index.html"]);
    assert!(site.read("en/index.html").contains("<html lang=\"en\">"));
    // The English home lists its one guide, then the four untranslated ones in Japanese.
    let home = site.page("en/index.html");
    let links: Vec<_> =
        select(&home, ".guide-card h2 a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
    assert_eq!(
        links,
        [
            "p2p/index.html",
            "../ja/data-breach-litigation/index.html",
            "../ja/incident-public-announcement/index.html",
            "../ja/service-platform-accountability/index.html",
            "../ja/vm-failure-ransomware-response/index.html",
        ]
    );
    assert_eq!(select(&home, ".guide-card[lang=ja]").len(), 4);
    assert!(site.read("en/search/index.html").contains("Search needs JavaScript"));
}

#[test]
fn builds_with_a_theme_file_overridden_by_the_site() {
    let site = TestSite::bundled("theme");
    site.write("themes/default/static/css/tebiki.css", "body { color: black; }\n");
    site.write("themes/default/i18n/ja.toml", "contents = \"もくじ\"\n");
    site.build_ok();
    assert_eq!(site.read("assets/css/tebiki.css"), "body { color: black; }\n");
    let page = site.page("ja/data-breach-litigation/index.html");
    assert_eq!(select_one(&page, "nav.toc").value().attr("aria-label"), Some("もくじ"));
    assert_eq!(select_one(&page, ".skip-link").text().collect::<String>(), "本文へ移動", "other strings stay built-in");
}

#[test]
fn warns_of_a_ui_string_no_template_uses_and_names_a_template_the_site_broke() {
    let site = TestSite::bundled("theme-typo");
    site.write("tebiki.toml", "languages = [\"ja\"]\n");
    site.write("themes/default/i18n/ja.toml", "contents = \"もくじ\"\nhoem = \"ホーム\"\n");
    let out = site.build_cli(&[]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "themes/default/i18n/ja.toml:2: warning[theme]: `hoem` is no UI string of the theme and no template uses it \
             (did you mean `home`?); it has no effect"
        ),
        "{stderr}"
    );
    // A key a template of the site uses is the site's own string, not a typo.
    let home = std::fs::read_to_string(repo().join("themes/default/templates/home.html")).unwrap();
    site.write(
        "themes/default/templates/home.html",
        home.replace("{% block main %}", "{% block main %}{{ page.t.hoem }}"),
    );
    let out = site.build_cli(&[]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("`hoem`"), "{}", String::from_utf8_lossy(&out.stderr));
    // A template that does not render is named by the site's file, with the reason.
    site.write("themes/default/templates/guide.html", "{{ page.title | nosuchfilter }}");
    let stderr = site.build_refused();
    assert!(stderr.contains("themes/default/templates/guide.html: "), "{stderr}");
    assert!(stderr.contains("Filter 'nosuchfilter' not found"), "the reason: {stderr}");
    // One that does not parse, at its line and column, in the build and in the check.
    site.write("themes/default/templates/guide.html", "{% extends \"base.html\" %}\n\n{% if %}\n");
    let stderr = site.build_refused();
    assert!(stderr.contains("themes/default/templates/guide.html:3:7: theme templates do not load"), "{stderr}");
    let check = tebiki(&["check", "--root", site.root().to_str().unwrap(), "--format", "json"]);
    assert_eq!(check.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(
        (finding["file"].as_str(), finding["line"].as_u64(), finding["column"].as_u64(), finding["kind"].as_str()),
        (Some("themes/default/templates/guide.html"), Some(3), Some(7), Some("theme")),
        "{report}"
    );
    // A theme file where the build puts one of its own is refused, not dropped.
    std::fs::remove_file(site.root().join("themes/default/templates/guide.html")).unwrap();
    site.write("themes/default/static/search/searcher.mjs", "// mine\n");
    let stderr = site.build_refused();
    assert!(stderr.contains("the site would have assets/search/searcher.mjs twice"), "{stderr}");
}

#[test]
fn warns_of_a_language_the_config_names_that_has_no_guides() {
    let site = TestSite::bundled("no-en");
    let warning = "tebiki.toml: warning[config]: `en` is in `languages`, but content/en/ has no guides";
    let out = site.build_cli(&[]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("`en` is in `languages`"), "the default languages: no word");
    site.write("tebiki.toml", "languages = [\"ja\", \"en\"]\n");
    let out = site.build_cli(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains(warning), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn errors_on_a_theme_that_does_not_exist() {
    let site = TestSite::bundled("no-theme");
    site.write("tebiki.toml", "theme = \"corporate\"\n");
    let err = error_chain(&*site.build().unwrap_err());
    assert!(err.contains("themes/corporate: theme `corporate` not found"), "{err}");
}

#[test]
fn builds_without_broken_guides_and_reports_them() {
    let site = TestSite::bundled("broken");
    site.write("content/ja/zz-broken.md", "+++\ntitle = 3\n+++\n");
    let out = site.build_cli(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("content/ja/zz-broken.md:") && l.contains(": error[import]: ")),
        "{stderr}"
    );
    assert!(!site.out().join("ja/zz-broken").exists());
    let summary: Vec<&str> = stdout.lines().collect();
    assert_eq!(summary.len(), 1, "one summary line: {stdout}");
    let line = summary[0];
    assert!(
        line.starts_with("built ")
            && line.contains(": 5 guides (1 left out, errors above), 27 pages, ")
            && line.ends_with(" ms"),
        "the summary counts the guide left out: {line}"
    );
    // A file that is no guide (its name is a Windows device) is left out too; a build that
    // finds the output up to date says the same.
    site.write("content/ja/con.txt", "タイトル\n");
    let line = String::from_utf8_lossy(&site.build_cli(&[]).stdout).trim().to_owned();
    assert!(line.contains(": 5 guides (2 left out, errors above), 27 pages, "), "{line}");
    let line = String::from_utf8_lossy(&site.build_cli(&[]).stdout).trim().to_owned();
    assert!(line.contains(" is up to date: 5 guides (2 left out, errors above), 27 pages, "), "{line}");
}

#[test]
fn builds_pages_that_load_the_search_script_when_search_wrote_one() {
    let site = TestSite::bundled("search-ui");
    let config = tebiki::config::Config::load(site.root()).unwrap();
    let (guides, _) = tebiki::project::load_guides(site.root(), &config).unwrap();
    let linked = tebiki::link::link(&config, guides);
    let theme = tebiki::theme::Theme::builtin();
    let opts = tebiki::render::RenderOptions { theme: &theme };
    let output = tebiki::render::render(&linked, &opts, &tebiki::render::Silent).unwrap();
    for (rel, root) in
        [("index.html", ""), ("ja/index.html", "../"), ("ja/data-breach-litigation/index.html", "../../")]
    {
        let page = scraper::Html::parse_document(std::str::from_utf8(&output.files[rel]).unwrap());
        let scripts = select(&page, "head > script[src$=\"search-ui.js\"]");
        assert_eq!(scripts.len(), 1, "{rel}");
        assert_eq!(scripts[0].value().attr("src"), Some(format!("{root}assets/search/search-ui.js").as_str()), "{rel}");
        assert!(scripts[0].value().attr("defer").is_some(), "{rel}: the search script is deferred");
    }
}

/// A site without a single guide is not built (its front page would lead to a home page
/// that is not made): `build` stops with what to do and writes nothing, `check` fails.
#[test]
fn a_site_without_guides_is_not_built() {
    let site = TempDir::new("no-guides");
    site.write("tebiki.toml", "title = \"x\"\n");
    std::fs::create_dir_all(site.path().join("content/ja")).unwrap();
    let root = site.path().to_str().unwrap();
    let out = tebiki(&["build", "--root", root]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "no guides in content/ja/ or content/en/: a site needs at least one; add one with `tebiki new SLUG`"
        ),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
    let out = tebiki(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("content: error[content]: no guides in content/ja/"));
    let out = tebiki(&["search", "--root", root, "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(languages with guides: none)"));
    // One guide, and it builds.
    assert!(tebiki(&["new", "first", "--root", root]).status.success());
    let out = tebiki(&["build", "--root", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.path().join("public/ja/index.html").is_file());

    // Guides that are there but were each left out are said as such, not as "no guides".
    site.write("tebiki.toml", "title = \"x\"\nlanguages = [\"ja\", \"en\"]\n[limits]\nmax_guide_kib = 1\n");
    site.write("content/ja/first.md", format!("+++\ntitle = \"First\"\n+++\n## One\n\n{}\n", "本文。".repeat(200)));
    let out = tebiki(&["build", "--root", root]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no guide in content/ja/ or content/en/ could be built: 1 guide left out for the errors above"),
        "{stderr}"
    );
    // A translation that fails is not "no guides" in its language either.
    site.write("tebiki.toml", "title = \"x\"\nlanguages = [\"ja\", \"en\"]\n");
    site.write("content/en/first.md", "+++\nlagn = \"x\"\n+++\n## One\n\nText.\n");
    let out = tebiki(&["build", "--root", root]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("`en` is in `languages`, but every guide of content/en/ was left out (1 error in content/en/)"),
        "{stderr}"
    );
}
