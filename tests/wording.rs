//! The wording of the UI around content: English counts take the singular after 1 ("1
//! section", "2 sections") wherever a page counts guides, sections or items, Japanese
//! counts stay as they are.

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
