//! Footnotes in Markdown guides (`[^label]` and `[^label]: note`): read as notes, not as
//! links; numbered in reading order; shown on every page that shows their text, with ids
//! unique on each page; clean under `tebiki check`; written back by `tebiki import`'s
//! writer; and named at their line when they cannot be shown.

use std::collections::BTreeSet;

use crate::harness::*;
use tebiki::parse::{self, Format, ParseOptions};

fn parse_md(text: &str) -> parse::Parsed {
    parse::parse_text(text, Format::Markdown, ParseOptions::default())
}

/// A guide with notes in its outcomes, a section, a subsection, a consensus block, the
/// text after it, another section, and a note that refers to another note. (Without the
/// footnotes extension, `[^sign]: Signatures.` would be a link reference definition, and
/// `[^sign]` a link to a file `Signatures.` that `tebiki check` reports.)
const GUIDE: &str = "::: outcomes
- Know the deadline[^law]
:::

## Report {#s1}

Report within 72 hours[^law] to the regulator.[^who]

### Who {#s1-1}

The DPO[^dpo] reports.

::: consensus
Agree on who signs[^sign].
:::

After the callouts, again[^law].

## Other {#s2}

Text[^who].

[^law]: GDPR Art. 33, see [the other guide](other.md#s1).
[^who]: The supervisory authority.
[^dpo]: Data protection officer.

    A second paragraph of the note[^nested].
[^sign]: Signatures.
[^nested]: A note in a note.
";

const OTHER: &str = "::: outcomes\n- y\n:::\n\n## Other guide {#s1}\n\nText.\n";

fn site() -> TestSite {
    let site = TestSite::new("footnotes");
    site.write("content/en/g.md", GUIDE);
    site.write("content/en/other.md", OTHER);
    site
}

/// Every `id` of a page, each once: the ids a page's footnotes add are unique on it.
fn assert_unique_ids(page: &scraper::Html, what: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for e in select(page, "[id]") {
        let id = e.value().attr("id").unwrap().to_owned();
        assert!(seen.insert(id.clone()), "{what}: id `{id}` twice");
    }
    seen
}

/// `(href, id)` of each footnote reference inside `selector`, in page order.
fn refs(page: &scraper::Html, selector: &str) -> Vec<(String, String)> {
    select(page, &format!("{selector} sup.note-ref a"))
        .iter()
        .map(|a| (a.value().attr("href").unwrap().to_owned(), a.value().attr("id").unwrap_or("").to_owned()))
        .collect()
}

/// `(id, number, text, back-link targets)` of each note listed inside `selector`.
fn notes(page: &scraper::Html, selector: &str) -> Vec<(String, String, String, Vec<String>)> {
    let back = scraper::Selector::parse("a.note-back").unwrap();
    select(page, &format!("{selector} .footnotes li"))
        .iter()
        .map(|li| {
            let backs = li.select(&back).map(|a| a.value().attr("href").unwrap().to_owned()).collect();
            let text = li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            let (id, n) = (li.value().attr("id").unwrap(), li.value().attr("value").unwrap());
            (id.to_owned(), n.to_owned(), text, backs)
        })
        .collect()
}

#[test]
fn footnotes_are_notes_numbered_in_reading_order_not_links() {
    let doc = parse_md(GUIDE).doc;
    assert_eq!(doc.diagnostics.0, []);
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["links"], serde_json::json!(["other.md#s1"]), "only the link in a note is a link");
    let labels: Vec<&str> =
        json["footnotes"].as_array().unwrap().iter().map(|n| n["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["law", "who", "dpo", "sign", "nested"], "in the order of their first reference");
    assert_eq!(json["footnotes"][2]["blocks"][1]["text"], "A second paragraph of the note.");
    assert_eq!(json["sections"][0]["blocks"][0]["text"], "Report within 72 hours to the regulator.");
    assert_eq!(json["outcomes"][0], "Know the deadline");
}

#[test]
fn footnotes_show_on_every_page_with_ids_unique_on_it_and_check_finds_nothing_broken() {
    let site = site();
    site.build_ok();
    let root = site.root().to_str().unwrap();
    let out = tebiki(&["check", "--root", root, "--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, "check: 0 errors, 0 warnings\n", "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());

    // The guide: each reference leads to its note and has an id; the notes follow the
    // sections, numbered as the guide numbers them, each with a way back to each reference.
    let page = site.page("en/g/index.html");
    assert_unique_ids(&page, "guide page");
    assert_eq!(
        refs(&page, "article"),
        [
            ("#fn-1", "fnref-1"),
            ("#fn-1", "fnref-1-2"),
            ("#fn-2", "fnref-2"),
            ("#fn-3", "fnref-3"),
            ("#fn-4", "fnref-4"),
            ("#fn-1", "fnref-1-3"),
            ("#fn-2", "fnref-2-2"),
            ("#fn-5", "fnref-5"),
        ]
        .map(|(h, i)| (h.to_owned(), i.to_owned()))
    );
    let listed = notes(&page, "article");
    let summary: Vec<(&str, &str, usize)> =
        listed.iter().map(|(id, n, _, backs)| (id.as_str(), n.as_str(), backs.len())).collect();
    assert_eq!(summary, [("fn-1", "1", 3), ("fn-2", "2", 2), ("fn-3", "3", 1), ("fn-4", "4", 1), ("fn-5", "5", 1)]);
    assert_eq!(listed[0].3, ["#fnref-1", "#fnref-1-2", "#fnref-1-3"]);
    assert!(listed[0].2.starts_with("GDPR Art. 33, see the other guide"), "{:?}", listed[0]);
    let note_link = select(&page, "#fn-1 a:not(.note-back)");
    assert_eq!(note_link[0].value().attr("href"), Some("../../en/other/index.html#s1"), "a note's link to a guide");
    let footnotes = select_one(&page, "article > section.footnotes");
    assert_eq!(footnotes.value().attr("aria-labelledby"), Some("fn-notes"));

    // The brief shows the outcomes and the consensus: it lists the notes they refer to.
    let brief = site.page("en/g/brief/index.html");
    assert_unique_ids(&brief, "brief");
    assert_eq!(
        refs(&brief, "article"),
        [("#fn-1", "fnref-1"), ("#fn-4", "fnref-4")].map(|(h, i)| (h.into(), i.into()))
    );
    let listed: Vec<_> = notes(&brief, "article").into_iter().map(|(id, n, _, backs)| (id, n, backs)).collect();
    assert_eq!(
        listed,
        [
            ("fn-1".into(), "1".into(), vec!["#fnref-1".to_owned()]),
            ("fn-4".into(), "4".into(), vec!["#fnref-4".to_owned()])
        ]
    );

    // The briefing: the same, with ids of the guide's brief.
    let briefing = site.page("en/briefing/index.html");
    assert_unique_ids(&briefing, "briefing");
    let id = select_one(&briefing, "article[data-brief=g]").value().attr("id").unwrap().to_owned();
    assert_eq!(refs(&briefing, "article[data-brief=g]")[0], (format!("#{id}-fn-1"), format!("{id}-fnref-1")));
    assert_eq!(notes(&briefing, "article[data-brief=g]").len(), 2);

    // The handbook: the guide's chapter lists its notes; its brief in the appendix leads
    // to them, with no ids of its own.
    let handbook = site.page("en/print/index.html");
    assert_unique_ids(&handbook, "handbook");
    let chapter = select(&handbook, "article.hb-guide").into_iter().find(|a| a.text().any(|t| t.contains("Report")));
    let g = chapter.and_then(|a| a.value().attr("id")).expect("the guide's chapter");
    let in_chapter = refs(&handbook, &format!("article#{g}"));
    assert_eq!(in_chapter.len(), 8);
    assert_eq!(in_chapter[0], (format!("#{g}-fn-1"), format!("{g}-fnref-1")));
    assert_eq!(notes(&handbook, &format!("article#{g}")).len(), 5);
    let n = g.trim_start_matches('g');
    assert_eq!(
        refs(&handbook, &format!("article#a{n}")),
        [(format!("#{g}-fn-1"), String::new()), (format!("#{g}-fn-4"), String::new())]
    );
    assert!(select(&handbook, &format!("article#a{n} .footnotes")).is_empty());

    // The home shows the outcomes: its reference leads to the note on the guide's page.
    let home = site.page("en/index.html");
    assert_eq!(refs(&home, "main"), [("g/index.html#fn-1".to_owned(), String::new())]);
}

#[test]
fn footnotes_that_cannot_be_shown_are_named_at_their_line() {
    let text = "::: outcomes\n- x\n:::\n\n## Heading[^h]\n\nText[^a] and[^A].\n\n\
                [^a]: First.\n[^a]: Again.\n[^unused]: Nobody refers to me.\n[^h]: In a heading.\n";
    let doc = parse_md(text).doc;
    let warned: Vec<(usize, &str)> =
        doc.diagnostics.iter().map(|d| (d.line.unwrap_or(0), d.message.as_str())).collect();
    assert_eq!(
        warned,
        [
            (
                5,
                "a footnote reference in a heading is not shown (a heading is plain text); put it in the text that follows"
            ),
            (10, "footnote `[^a]` is defined again (first on line 9); this definition is left out"),
            (
                11,
                "footnote `[^unused]` is not referenced in the text (a reference in a heading or caption is not shown); \
                 it is left out"
            ),
            (
                12,
                "footnote `[^h]` is not referenced in the text (a reference in a heading or caption is not shown); it is \
                 left out"
            ),
        ]
    );
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(
        json["footnotes"],
        serde_json::json!([{ "label": "a", "blocks": [{ "type": "paragraph", "text": "First." }] }])
    );

    let site = TestSite::new("footnotes-warn");
    site.write("content/en/g.md", text);
    let out = tebiki(&["check", "--root", site.root().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("content/en/g.md:11: warning[import]: footnote `[^unused]` is not referenced"), "{stdout}");
    assert!(stdout.ends_with("check: 0 errors, 4 warnings\n"), "{stdout}");
}

#[test]
fn footnotes_are_written_back_as_footnotes() {
    let parsed = parse_md(GUIDE);
    let md = parse::emit::to_markdown(&parsed.doc, None);
    assert!(md.contains("\n\n[^law]: GDPR Art. 33, see [the other guide](<other.md#s1>).\n"), "{md}");
    assert!(
        md.contains("\n[^dpo]: Data protection officer.\n\n    A second paragraph of the note[^nested].\n"),
        "{md}"
    );
    assert_eq!(parse_md(&md).doc, parsed.doc, "{md}");
}
