//! Quotations and alerts in Markdown guides (`> …`, `> [!WARNING]`): read as quote
//! blocks, not flattened into paragraphs; shown as `<blockquote>` and as a titled note in
//! the guide's language; searched; written back by the Markdown writer; and kept by the
//! parsed-guide cache.

use crate::harness::*;
use tebiki::model::{Alert, Block};
use tebiki::parse::{self, Format, ParseOptions};

const GUIDE: &str = "::: outcomes
- Keep the evidence
:::

## Isolate {#s1}

Before anything else:

> Quoted from the incident policy.
> Second line of the quote.
>
> - a list in the quote

> [!WARNING]
> Do not power off the server: memory holds the evidence.[^mem]

> [!tip] Ask first
> Call the on-call lead.

After the notes.

[^mem]: RAM contents are lost at power-off.
";

fn sections(text: &str) -> Vec<Block> {
    let parsed = parse::parse_text(text, Format::Markdown, ParseOptions::default());
    parsed.doc.sections[0].blocks.clone()
}

#[test]
fn quotes_and_alerts_are_blocks_of_their_own() {
    let blocks = sections(GUIDE);
    let kinds: Vec<Option<Option<Alert>>> =
        blocks.iter().map(|b| if let Block::Quote { alert, .. } = b { Some(*alert) } else { None }).collect();
    assert_eq!(kinds, [None, Some(None), Some(Some(Alert::Warning)), Some(Some(Alert::Tip)), None], "{blocks:#?}");
    let Block::Quote { blocks: quoted, .. } = &blocks[1] else { unreachable!() };
    assert!(matches!(&quoted[..], [Block::Paragraph { .. }, Block::List { .. }]), "{quoted:#?}");
    // A title of its own leads the alert's text.
    let Block::Quote { blocks: tip, .. } = &blocks[3] else { unreachable!() };
    let Block::Paragraph { text } = &tip[0] else { panic!("{tip:#?}") };
    assert_eq!(text.to_plain(), "Ask first");
}

#[test]
fn the_markdown_writer_gives_back_the_same_quotes() {
    let parsed = parse::parse_text(GUIDE, Format::Markdown, ParseOptions::default());
    let written = parse::emit::to_markdown(&parsed.doc, None);
    assert!(written.contains("> [!WARNING]\n> Do not power off"), "{written}");
    let again = parse::parse_text(&written, Format::Markdown, ParseOptions::default());
    assert_eq!(again.doc.sections, parsed.doc.sections, "{written}");
}

#[test]
fn pages_show_quotes_and_titled_notes_in_the_guides_language_and_search_finds_them() {
    let site = TestSite::new("quotes");
    site.write("content/en/g.md", GUIDE);
    site.write(
        "content/ja/g.md",
        "::: outcomes\n- 証拠を守る\n:::\n\n## 隔離 {#s1}\n\n> [!CAUTION]\n> 電源を切らないでください。\n",
    );
    let report = site.build_ok();
    assert!(report.diagnostics.iter().all(|d| !d.message.contains("quote")), "{:?}", report.diagnostics);
    let en = site.read("en/g/index.html");
    assert!(en.contains("<blockquote>\n<p>Quoted from the incident policy. Second line of the quote.</p>"), "{en}");
    assert!(en.contains("<div class=\"alert alert-warning\" role=\"note\" aria-label=\"Warning\">"), "{en}");
    assert!(en.contains("<p class=\"alert-title\">Tip</p>"), "{en}");
    assert!(!en.contains("[!WARNING]"), "the marker is not shown as text");
    // The note referred to from inside the alert is numbered and listed.
    assert!(en.contains("RAM contents are lost"), "{en}");
    let ja = site.read("ja/g/index.html");
    assert!(ja.contains("<p class=\"alert-title\">注意</p>"), "{ja}");
    let root = site.root().to_str().unwrap();
    let out = tebiki(&["search", "--root", root, "--lang", "en", "--json", "power off"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\"section\":\"s1\""),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // An unchanged second build takes the guides from the cache: the same page.
    site.write("content/en/other.md", "::: outcomes\n- y\n:::\n\n## Other {#s1}\n\nText.\n");
    site.build_ok();
    assert_eq!(
        site.read("en/g/index.html").lines().filter(|l| l.contains("alert")).count(),
        en.lines().filter(|l| l.contains("alert")).count()
    );
}
