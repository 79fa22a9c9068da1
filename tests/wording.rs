//! The wording of the UI around content: English counts take the singular after 1 ("1
//! section", "2 sections") wherever a page counts guides, sections or items, Japanese
//! counts stay as they are; the English word in the Japanese perspective label is marked
//! as English wherever the label is shown, and the search box keeps the label's plain text.

use crate::harness::*;

/// A guide in Markdown with `sections` sections of one subsection (one checklist item) each.
fn guide(lang: &str, title: &str, sections: usize) -> String {
    let mut text = format!("+++\ntitle = \"{title}\"\n+++\n\n::: outcomes\n- {title} ({lang})\n:::\n");
    for n in 1..=sections {
        text.push_str(&format!("\n## Part {n} {{#s{n}}}\n\nBody.\n\n### Step {n} {{#s{n}-1}}\n\nDo it.\n"));
        text.push_str("\n::: perspective\nOutlook.\n:::\n");
    }
    text
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every element matching `selector` on the page at `path`.
fn texts(site: &TestSite, path: &str, selector: &str) -> Vec<String> {
    select(&site.page(path), selector).iter().map(text).collect()
}

#[test]
fn english_pages_count_one_in_the_singular() {
    let site = TestSite::new("counts");
    site.write("content/ja/a.md", guide("ja", "エー", 1));
    site.write("content/ja/b.md", guide("ja", "ビー", 2));
    site.write("content/en/a.md", guide("en", "A", 1));
    site.build_ok();
    assert_eq!(texts(&site, "en/index.html", "main > p.muted")[0], "1 guide", "the English home");
    assert_eq!(texts(&site, "en/index.html", ".guide-card-label .muted"), ["· 1 section", "· 2 sections"]);
    assert_eq!(texts(&site, "en/a/index.html", ".tool-checklist .muted"), ["(1 item)"]);
    assert_eq!(texts(&site, "en/checklists/index.html", ".checklist-list .muted"), ["1 item · 1 section"]);
    assert_eq!(texts(&site, "en/print/index.html", ".hb-cover-count"), ["1 guide"]);
    // Japanese has one form.
    assert_eq!(texts(&site, "ja/index.html", "main > p.muted")[0], "2 件の手引き");
    assert_eq!(texts(&site, "ja/index.html", ".guide-card-label .muted"), ["· 1 章", "· 2 章"]);
    assert_eq!(texts(&site, "ja/a/index.html", ".tool-checklist .muted"), ["(1 項目)"]);
    assert_eq!(texts(&site, "ja/checklists/index.html", ".checklist-list .muted"), ["1 項目 · 1 章", "2 項目 · 2 章"]);

    // Two English guides, a volume each.
    site.write("content/en/b.md", guide("en", "B", 2));
    site.write("tebiki.toml", "[print]\nvolume_bytes = 1\n");
    site.build_ok();
    assert_eq!(texts(&site, "en/index.html", "main > p.muted")[0], "2 guides");
    assert_eq!(texts(&site, "en/b/index.html", ".tool-checklist .muted"), ["(2 items)"]);
    assert_eq!(
        texts(&site, "en/checklists/index.html", ".checklist-list .muted"),
        ["1 item · 1 section", "2 items · 2 sections"]
    );
    assert_eq!(texts(&site, "en/print/index.html", ".volume-title .muted"), ["1 guide", "1 guide"]);
    assert_eq!(texts(&site, "en/print/1/index.html", ".hb-cover-count"), ["1 guide"]);
    assert_eq!(texts(&site, "ja/print/index.html", ".volume-title .muted"), ["1 件の手引き", "1 件の手引き"]);

    // Both in one volume.
    site.write("tebiki.toml", "");
    site.build_ok();
    assert_eq!(texts(&site, "en/print/index.html", ".hb-cover-count"), ["2 guides"]);
}

#[test]
fn japanese_pages_mark_the_english_word_of_the_perspective_label() {
    let site = TestSite::new("perspective-lang");
    site.write("content/ja/a.md", guide("ja", "エー", 2));
    site.write("content/en/a.md", guide("en", "A", 2));
    site.build_ok();
    let label = r#"<span lang="en">Perspective</span>（視点）"#;
    for (path, callouts) in [
        ("ja/a/index.html", 2),
        ("ja/a/brief/index.html", 2),
        ("ja/briefing/index.html", 2),
        // The chapter and the brief of appendix A.
        ("ja/print/index.html", 4),
    ] {
        let page = site.page(path);
        let labels = select(&page, "[data-block=perspective] .callout-label");
        assert_eq!(labels.len(), callouts, "{path}");
        for l in labels {
            assert!(l.inner_html().ends_with(label), "{path}: {}", l.inner_html());
            assert_eq!(text(&l), "Perspective（視点）", "{path}: the label reads as before");
        }
        for callout in select(&page, "[data-block=perspective]") {
            assert_eq!(callout.value().attr("aria-label"), Some("Perspective（視点）"), "{path}: the callout's name");
        }
        let search = select_one(&page, "#site-search-results");
        assert_eq!(search.value().attr("data-perspective"), Some("Perspective（視点）"), "{path}: search strings");
        assert_eq!(search.value().attr("data-perspective-en"), Some("Perspective"), "{path}: search strings");
    }
    // An English page is English throughout: nothing to mark.
    let page = site.page("en/a/index.html");
    for l in select(&page, "[data-block=perspective] .callout-label") {
        assert!(!l.inner_html().contains("lang="), "{}", l.inner_html());
        assert_eq!(text(&l), "Perspective");
    }
    let search = select_one(&page, "#site-search-results");
    assert_eq!(search.value().attr("data-perspective"), Some("Perspective"));
}
