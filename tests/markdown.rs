//! Markdown guides: front matter, containers, ids, raw HTML policy, and `tebiki import`.

use crate::harness::*;
use tebiki::model::{Block, Inline, RichText, Severity};
use tebiki::parse::{self, Format, ParseOptions};

const GUIDE: &str = r#"+++
title = "Backups"

[translation]
source = "backup-guide"
lang = "ja"
hash = "sha256:abc"
+++

::: outcomes
- Know where the backups are
:::

## Keep backups {#s1}

Take them *daily* and check them with `restic check`.

Table: Schedule

| What | When |
|---|---|
| Full | Sunday |

### Restore drills {#s1-1}

- [ ] Restore one file
- [x] Restore a whole host

```sh
restic restore latest --target /tmp/r
```

::: consensus
Backups are insurance.
:::

::: perspective
- Test restores, not backups.
:::

## Second {#s3}

Raw <b>html</b> here.
"#;

fn parse_md(text: &str, raw_html: bool) -> parse::Parsed {
    parse::parse_text(text, Format::Markdown, ParseOptions { raw_html, ..ParseOptions::default() })
}

#[test]
fn reads_front_matter_containers_and_blocks() {
    let parsed = parse_md(GUIDE, false);
    let doc = &parsed.doc;
    assert_eq!(doc.title, "Backups");
    assert_eq!(doc.outcomes[0].to_plain(), "Know where the backups are");
    let t = parsed.translation.expect("translation record");
    assert_eq!(t.source_slug.as_deref(), Some("backup-guide"));
    assert_eq!(t.source_lang.as_deref(), Some("ja"));
    assert_eq!(t.source_hash.as_deref(), Some("sha256:abc"));
    let s1 = &doc.sections[0];
    assert_eq!((s1.id.as_str(), s1.heading.as_str()), ("s1", "Keep backups"));
    let Block::Paragraph { text } = &s1.blocks[0] else { panic!("paragraph first") };
    assert_eq!(text.0[1], Inline::Emph(vec![Inline::Text("daily".into())]));
    assert!(text.0.contains(&Inline::Code("restic check".into())));
    let Block::Table { caption, header, rows } = &s1.blocks[1] else { panic!("table second: {:?}", s1.blocks) };
    assert_eq!(caption.as_deref(), Some("Schedule"));
    assert_eq!(header.len(), 2);
    assert_eq!(rows.len(), 1);
    let sub = &s1.subsections[0];
    assert_eq!(sub.id, "s1-1");
    let Block::List { items, .. } = &sub.blocks[0] else { panic!("task list") };
    assert_eq!(items.iter().map(|i| i.task).collect::<Vec<_>>(), [Some(false), Some(true)]);
    assert_eq!(
        sub.blocks[1],
        Block::Code { lang: Some("sh".into()), text: "restic restore latest --target /tmp/r".into() }
    );
    assert_eq!(s1.consensus.as_ref().unwrap().len(), 1);
    assert!(matches!(s1.perspective.as_ref().unwrap()[0], Block::List { .. }));
}

#[test]
fn warns_when_an_explicit_id_is_not_ordinal() {
    let doc = parse_md(GUIDE, false).doc;
    let d: Vec<_> = doc.diagnostics.iter().filter(|d| d.message.contains("{#s3}")).collect();
    assert_eq!(d.len(), 1, "{:?}", doc.diagnostics.0);
    assert_eq!((d[0].line, d[0].severity), (Some(41), Severity::Warning));
    assert_eq!(doc.sections[1].id, "s2", "ids stay ordinal");
}

#[test]
fn raw_html_is_text_unless_allowed() {
    let escaped = parse_md(GUIDE, false).doc;
    let Block::Paragraph { text } = &escaped.sections[1].blocks[0] else { panic!() };
    assert!(text.0.iter().all(|i| !matches!(i, Inline::Html(_))));
    assert_eq!(text.to_plain(), "Raw <b>html</b> here.");
    let kept = parse_md(GUIDE, true).doc;
    let Block::Paragraph { text } = &kept.sections[1].blocks[0] else { panic!() };
    assert!(text.0.contains(&Inline::Html("<b>".into())));
}

#[test]
fn errors_on_unknown_front_matter_key_with_its_line() {
    let doc = parse_md("+++\ntitle = \"x\"\n[translation]\nsorce = \"y\"\n+++\n\n## x\n", false).doc;
    let errors: Vec<_> = doc.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{:?}", doc.diagnostics.0);
    assert_eq!(errors[0].line, Some(4));
    assert!(errors[0].message.starts_with("front matter: unknown field `sorce`"), "{}", errors[0].message);
    assert!(errors[0].message.ends_with("did you mean `source`?"), "{}", errors[0].message);
}

/// An empty front matter is no content; an empty heading is named at its line, and so is
/// the missing title it leaves.
#[test]
fn an_empty_front_matter_is_nothing_and_an_empty_heading_is_named_at_its_line() {
    let doc = parse_md("+++\n+++\n\n::: outcomes\n- x\n:::\n\n## A {#s1}\n\nBody.\n", false).doc;
    assert_eq!(doc.diagnostics.0, [], "nothing before the first section is left out");
    assert_eq!(doc.title, "A");
    assert_eq!(doc.sections[0].line.0, 8, "lines keep their numbers");

    let doc = parse_md("::: outcomes\n- x\n:::\n\n##\n\nText.\n\n## B\n\n###\n\nBody.\n", false).doc;
    let at = |line: usize| {
        doc.diagnostics.iter().filter(|d| d.line == Some(line)).map(|d| d.message.as_str()).collect::<Vec<_>>()
    };
    assert_eq!(
        at(5),
        [
            "an empty `##` heading: write the heading after `## `",
            "no title: give `title` in the front matter or start with a `## ` section"
        ],
        "{:?}",
        doc.diagnostics.0
    );
    assert_eq!(at(11), ["an empty `###` heading: write the heading after `### `"], "{:?}", doc.diagnostics.0);
}

/// The front matter is found however its lines end and whatever spaces trail its
/// delimiters, a YAML one is named, and a wrong key is named at its line.
#[test]
fn front_matter_in_the_forms_authors_save_it() {
    let body = "\n::: outcomes\n- x\n:::\n\n## A {#s1}\n\nBody.\n";
    for (what, text) in [
        ("trailing spaces", format!("+++ \ntitle = \"Backups\"\n+++\t\n{body}")),
        ("CRLF", format!("+++\ntitle = \"Backups\"\n+++\n{body}").replace('\n', "\r\n")),
        ("CR alone", format!("+++\ntitle = \"Backups\"\n+++\n{body}").replace('\n', "\r")),
        ("a byte order mark", format!("\u{FEFF}+++\ntitle = \"Backups\"\n+++\n{body}")),
    ] {
        let doc = parse_md(&text, false).doc;
        assert_eq!(doc.title, "Backups", "{what}");
        assert_eq!(doc.diagnostics.0, [], "{what}");
        assert_eq!(doc.sections[0].line.0, 9, "{what}: lines keep their numbers");
    }

    let doc = parse_md(&format!("---\ntitle: Backups\ntags: [a]\n---\n{body}"), false).doc;
    let errors: Vec<_> = doc.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{:?}", doc.diagnostics.0);
    assert_eq!(errors[0].line, Some(1));
    assert!(
        errors[0].message.contains("YAML front matter") && errors[0].message.contains("+++"),
        "{}",
        errors[0].message
    );

    // A front matter that never closes is an error, not Markdown: its title and date would
    // be lost and the first heading taken as the title.
    let doc = parse_md(&format!("+++\ntitle = \"Real title\"\nupdated = 2024-01-01\n\n{body}"), false).doc;
    let errors: Vec<_> = doc.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{:?}", doc.diagnostics.0);
    assert_eq!(errors[0].line, Some(1));
    assert!(errors[0].message.contains("opens with `+++` on line 1 but never closes"), "{}", errors[0].message);

    let doc = parse_md(&format!("+++\n# a comment\ntitle = \"\"\n+++\n{body}"), false).doc;
    let errors: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", doc.diagnostics.0);
    assert_eq!(errors[0].0, Some(3), "at the title's line");
    assert!(errors[0].1.starts_with("front matter: `title` is empty"), "{}", errors[0].1);

    let doc = parse_md(&format!("+++\ntitle = \"T\"\naliases = [\"../up\"]\n+++\n{body}"), false).doc;
    let warned: Vec<_> = doc.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert!(matches!(warned[..], [(Some(3), m)] if m.contains("alias `../up` is left out")), "{warned:?}");
    // An alias is an address a link can reach, and a file any system can hold.
    for bad in ["x?y", "a b", "CON", "old/nul", "50%", "tab\\there"] {
        let doc = parse_md(&format!("+++\ntitle = \"T\"\naliases = [\"{bad}\", \"old-name\"]\n+++\n{body}"), false);
        let warned: Vec<_> = doc.doc.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(matches!(warned[..], [(Some(3), m)] if m.contains("is left out")), "{bad}: {warned:?}");
        assert_eq!(doc.aliases, ["old-name"], "{bad}");
    }
}

/// A list and its item are one level of nesting: forty nested lists are well inside the
/// limit of 64 levels, seventy are not.
#[test]
fn nested_lists_count_one_level_each() {
    let lists = |n: usize| {
        let items: String = (0..n).map(|k| format!("{}- level {k}\n", "  ".repeat(k))).collect();
        format!("::: outcomes\n- x\n:::\n\n## A {{#s1}}\n\n{items}")
    };
    let deep =
        |doc: &tebiki::model::Document| doc.diagnostics.iter().any(|d| d.message.starts_with("nesting deeper than"));
    let doc = parse_md(&lists(40), false).doc;
    assert!(!deep(&doc), "{:?}", doc.diagnostics.0);
    assert_eq!(doc.title, "A");
    let doc = parse_md(&lists(70), false).doc;
    assert!(deep(&doc), "{:?}", doc.diagnostics.0);
}

#[test]
fn cjk_lines_join_without_spaces() {
    let doc = parse_md("## 見出し\n\n一行目の文章は\n二行目に続きます。\nEnglish\nwords\n", false).doc;
    let Block::Paragraph { text } = &doc.sections[0].blocks[0] else { panic!() };
    assert_eq!(text.to_plain(), "一行目の文章は二行目に続きます。 English words");
}

#[test]
fn import_writes_markdown_and_never_overwrites_without_force() {
    let dir = TempDir::new("import");
    let src = fixture("txt/bracketed-blocks.txt");
    let out_dir = dir.path().join("out");
    let args = ["import", src.to_str().unwrap(), "--out", out_dir.to_str().unwrap()];
    let first = tebiki(&args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let md = std::fs::read_to_string(out_dir.join("bracketed-blocks.md")).unwrap();
    assert!(md.starts_with("::: outcomes\n- 顧客への説明ができる\n:::\n\n## 顧客対応の基本 {#s1}\n"), "{md}");
    std::fs::write(out_dir.join("bracketed-blocks.md"), "mine").unwrap();
    let second = tebiki(&args);
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("bracketed-blocks.md exists; pass --force to replace it"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out_dir.join("bracketed-blocks.md")).unwrap(), "mine");
    // Two files, the second's target there: nothing is written, not even the first's.
    let other = dir.write("other.txt", std::fs::read(&src).unwrap());
    let both = tebiki(&["import", other.to_str().unwrap(), src.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    assert_eq!(both.status.code(), Some(2));
    assert!(!out_dir.join("other.md").exists(), "nothing is written before every target is checked");
    // A link where the Markdown goes is never written through, even with --force.
    #[cfg(unix)]
    {
        let outside = dir.write("outside.txt", "mine");
        std::os::unix::fs::symlink(&outside, out_dir.join("other.md")).unwrap();
        let args = ["import", other.to_str().unwrap(), "--out", out_dir.to_str().unwrap(), "--force"];
        let linked = tebiki(&args);
        assert_eq!(linked.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&linked.stderr).contains("other.md is a symbolic link"));
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine");
        std::fs::remove_file(out_dir.join("other.md")).unwrap();
    }
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(tebiki(&forced).status.success());
    assert_eq!(std::fs::read_to_string(out_dir.join("bracketed-blocks.md")).unwrap(), md);

    // Beside a guide of the site: it says that the site now has two guides of one name.
    let guide = dir.write("content/ja/blocks.txt", std::fs::read(&src).unwrap());
    let out = tebiki(&["import", "--root", dir.path().to_str().unwrap(), guide.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("content/ja/blocks.md").is_file() && guide.is_file());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("are now two guides of one name (a build keeps one and reports the other)"), "{stderr}");
    assert!(!String::from_utf8_lossy(&first.stderr).contains("two guides"));

    // Two inputs of one name into one folder: refused before anything is written.
    let other = dir.write("elsewhere/bracketed-blocks.txt", std::fs::read(&src).unwrap());
    let both = dir.path().join("both");
    let out =
        tebiki(&["import", src.to_str().unwrap(), other.to_str().unwrap(), "--out", both.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("would both be written to"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!both.join("bracketed-blocks.md").exists(), "nothing written");
}

/// A second `::: outcomes` container adds its items after the first's, and the build
/// names the file and the line of the second.
#[test]
fn a_second_outcomes_container_adds_to_the_first_with_a_warning_at_its_line() {
    let text = "::: outcomes\n- first\n:::\n\n## A\n\nBody.\n\n::: outcomes\n- second\n- third\n:::\n";
    let doc = parse_md(text, false).doc;
    let outcomes: Vec<String> = doc.outcomes.iter().map(|o| o.to_plain()).collect();
    assert_eq!(outcomes, ["first", "second", "third"]);
    let warned: Vec<_> = doc.diagnostics.iter().map(|d| (d.line, d.severity, d.message.as_str())).collect();
    assert!(
        matches!(warned[..], [(Some(9), Severity::Warning, m)] if m.contains("a second `::: outcomes`") && m.contains("line 1")),
        "{warned:?}"
    );
    assert_eq!(doc.sections[0].blocks, [Block::paragraph("Body.")], "nothing else moves");

    let site = TestSite::new("md-two-outcomes");
    site.write("content/en/g.md", text);
    let out = site.build_cli(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("content/en/g.md:9: warning[import]: a second `::: outcomes` container"), "{stderr}");
    let page = site.page("en/g/index.html");
    let shown: Vec<String> = select(&page, ".outcomes li").iter().map(|li| li.text().collect()).collect();
    assert_eq!(shown, ["first", "second", "third"]);
}

/// The children of the first element `selector` finds, each as `tag.class: text`.
fn children_of(page: &scraper::Html, selector: &str) -> Vec<String> {
    select_one(page, selector)
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| {
            let class = e.value().attr("class").unwrap_or("").split_whitespace().next().unwrap_or("");
            let text: String = e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{}.{class}: {text}", e.value().name())
        })
        .collect()
}

/// Content written after a section's consensus / perspective blocks stays at the
/// section's level, after them: not in the last subsection, on the guide page, in the
/// handbook, in the checklist and in what `tebiki import` and `tebiki new` write.
#[test]
fn content_after_the_closing_blocks_stays_with_its_section_after_them() {
    let text = "::: outcomes\n- x\n:::\n\n## Section\n\nIntro.\n\n### Sub\n\nSub text.\n\n\
                ::: consensus\nAgree first.\n:::\n\nAfter the callouts.\n\n- [ ] Follow up\n\n## Next\n\nMore.\n";
    let doc = parse_md(text, false).doc;
    assert_eq!(doc.diagnostics.0, []);
    let s1 = &doc.sections[0];
    assert_eq!(s1.blocks, [Block::paragraph("Intro.")]);
    assert_eq!(s1.subsections[0].blocks, [Block::paragraph("Sub text.")], "nothing after the callout");
    assert_eq!(s1.consensus.as_deref(), Some(&[Block::paragraph("Agree first.")][..]));
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(
        json["sections"][0]["trailing"],
        serde_json::json!([
            { "type": "paragraph", "text": "After the callouts." },
            { "type": "list", "items": ["Follow up"], "tasks": [false] },
        ])
    );
    assert_eq!(doc.sections[1].blocks, [Block::paragraph("More.")]);
    let md = parse::emit::to_markdown(&doc, None);
    assert_eq!(parse_md(&md, false).doc, doc, "written back as Markdown:\n{md}");

    let site = TestSite::new("md-trailing");
    site.write("content/en/g.md", text);
    site.build_ok();
    let page = site.page("en/g/index.html");
    let section = children_of(&page, "section#s1");
    let at = |prefix: &str| section.iter().position(|c| c.starts_with(prefix)).unwrap_or(usize::MAX);
    assert!(at("div.callout: ") < at("p.: After the callouts."), "{section:#?}");
    assert_eq!(at("p.: After the callouts.") + 1, at("ul.tasks: Follow up"), "{section:#?}");
    let sub = select_one(&page, "section#s1-1").text().collect::<String>();
    assert!(!sub.contains("After the callouts"), "{sub}");
    let handbook = site.page("en/print/index.html");
    let section = children_of(&handbook, "section#g1-s1");
    let at = |prefix: &str| section.iter().position(|c| c.starts_with(prefix)).unwrap_or(usize::MAX);
    assert!(at("div.callout: ") < at("p.: After the callouts."), "{section:#?}");
    let checklist = site.page("en/g/checklist/index.html");
    let refs: Vec<_> = select(&checklist, ".checklist-ref").iter().map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(refs, ["../index.html#s1-1", "../index.html#s1"], "the follow-up is the section's");
    let out = tebiki(&["search", "--root", site.root().to_str().unwrap(), "--lang", "en", "--json", "callouts"]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let sections: Vec<&str> = hits.iter().map(|h| h["section"].as_str().unwrap()).collect();
    assert_eq!(sections, ["s1"], "found in the section: {hits:?}");
}

/// Content between the two closing blocks, and a subsection after them, are shown where
/// the model puts them, each with a warning at its line.
#[test]
fn content_placed_out_of_order_around_the_closing_blocks_is_named_at_its_line() {
    let text = "::: outcomes\n- x\n:::\n\n## A\n\n::: consensus\nc\n:::\n\nBetween.\n\n\
                ::: perspective\np\n:::\n\n### Late\n\nLate text.\n";
    let doc = parse_md(text, false).doc;
    let warned: Vec<_> = doc.diagnostics.iter().map(|d| (d.line.unwrap_or(0), d.message.as_str())).collect();
    assert!(
        matches!(warned[..], [(13, m1), (17, m2)]
            if m1.starts_with("`::: perspective` follows content written after this section's closing blocks (line 11)")
            && m2.starts_with("a `###` subsection after its section's consensus or perspective block (line 7)")),
        "{warned:?}"
    );
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["sections"][0]["trailing"], serde_json::json!([{ "type": "paragraph", "text": "Between." }]));
    assert_eq!(doc.sections[0].subsections[0].blocks, [Block::paragraph("Late text.")]);
}

/// The headings of `selector` on a page, as read: number and text, spaces collapsed.
fn headings(page: &scraper::Html, selector: &str) -> Vec<String> {
    select(page, selector)
        .iter()
        .map(|h| h.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn a_heading_numbered_as_the_site_numbers_it_shows_one_number() {
    let site = TestSite::new("numbered-headings");
    site.write(
        "content/ja/n.md",
        "+++\ntitle = \"番号\"\n+++\n\n::: outcomes\n- 分かる\n:::\n\n## 1. はじめに\n\n本文。\n\n\
         ### 1.1 背景\n\n- [ ] 確認する\n\n::: consensus\n合意。\n:::\n\n## 2 対応\n\n### (1) 連絡\n\n本文。\n\n\
         ## 第3章 まとめ\n\n本文。\n\n## 5. 手順\n\n本文。\n",
    );
    site.build_ok();
    let guide = site.page("ja/n/index.html");
    let want = ["1 はじめに", "2 対応", "3 第3章 まとめ", "4 5. 手順"];
    assert_eq!(headings(&guide, "main h2:has(.num)"), want, "sections on the guide's page");
    assert_eq!(headings(&guide, "main h3:has(.num)"), ["1.1 背景", "2.1 連絡"], "subsections");
    let brief = site.page("ja/n/brief/index.html");
    assert_eq!(headings(&brief, ".brief-heading"), ["1 はじめに"], "the brief");
    let checklist = site.page("ja/n/checklist/index.html");
    assert_eq!(headings(&checklist, ".checklist-group h2 a"), ["1 はじめに", "2 対応"], "the checklist");
    let print = site.page("ja/print/index.html");
    assert_eq!(headings(&print, "h2.hb-heading"), want, "the handbook");
    // The model, the search index and the checklist ids keep the heading as written.
    let out = tebiki(&["search", "--root", site.root().to_str().unwrap(), "--json", "背景"]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["heading"], "1.1 背景", "{hits}");
}

/// A guidance-text guide numbered `1.`, `1.1`, `2.` after its title line, built.
fn numbered_from_second(tag: &str) -> TestSite {
    let site = TestSite::new(tag);
    site.write(
        "content/ja/t.txt",
        "解決できること\n- 手順が分かる\n番号付きの手引き\n\
         1. 初動対応\n最初に状況を確認します。\n1.1 連絡体制\n関係者へ連絡します。\n1.2 記録\n記録を残します。\n\
         1. 初動対応\nお客様社内でのご説明・コンセンサス\n初動の重要性を共有します。\nPerspective\n落ち着いて対応します。\n\
         2. 復旧\n復旧を進めます。\n2.1 確認\n動作を確認します。\n\
         2. 復旧\nお客様社内でのご説明・コンセンサス\n見通しを共有します。\nPerspective\n焦らず進めます。\n",
    );
    site.build_ok();
    site
}

#[test]
fn a_guidance_text_guide_counted_from_its_second_section_shows_its_authors_numbers() {
    // The title line opens section 1, so the author's `1.` is the site's section 2: the
    // pages show the author's numbers, once, and the title's section none.
    let site = numbered_from_second("numbered-from-second");
    let guide = site.page("ja/t/index.html");
    let sections = ["番号付きの手引き", "1 初動対応", "2 復旧"];
    assert_eq!(headings(&guide, "main h2:has(.num)"), sections, "sections on the guide's page");
    assert_eq!(headings(&guide, "main h3:has(.num)"), ["1.1 連絡体制", "1.2 記録", "2.1 確認"], "subsections");
    assert_eq!(
        headings(&guide, ".toc a"),
        ["番号付きの手引き", "1 初動対応", "1.1 連絡体制", "1.2 記録", "2 復旧", "2.1 確認"]
    );
    let brief = site.page("ja/t/brief/index.html");
    assert_eq!(headings(&brief, ".brief-heading"), ["1 初動対応", "2 復旧"], "the brief");
    let checklist = site.page("ja/t/checklist/index.html");
    assert_eq!(headings(&checklist, ".checklist-group h2 a"), ["1 初動対応", "2 復旧"], "the checklist");
    let print = site.page("ja/print/index.html");
    assert_eq!(headings(&print, "h2.hb-heading"), sections, "the handbook");
    // Ids stay ordinal: the author's section 1 is `#s2`.
    assert_eq!(headings(&guide, "section#s2 > .heading > h2"), ["1 初動対応"]);
}

#[test]
fn a_heading_without_a_number_starts_where_the_numbers_do_in_headless_chromium() {
    if !tools_present("heading number browser tests", &missing_browser_tools()) {
        return;
    }
    let site = numbered_from_second("numbered-browser");
    let (out, chromium) = (site.out(), chromium());
    node_test(
        &["headings.test.mjs"],
        &[("TEBIKI_SITE", out.as_os_str()), ("TEBIKI_CHROMIUM", chromium.as_os_str())],
        1,
    );
}

/// `~~text~~` is struck through on every page that shows it, and is written back as such.
#[test]
fn struck_text_stays_struck() {
    let text = &steps("~~古い手順~~は使いません。\n\n- [ ] ~~古い確認~~ 新しい確認\n");
    let parsed = parse_md(text, false);
    let Block::Paragraph { text: p } = &parsed.doc.sections[0].blocks[0] else {
        panic!("{:?}", parsed.doc.sections[0])
    };
    assert_eq!(p.0[0], Inline::Strike(vec![Inline::Text("古い手順".into())]));
    let md = tebiki::parse::emit::to_markdown(&parsed.doc, None);
    assert!(md.contains("~~古い手順~~は使いません。"), "{md}");

    let site = TestSite::new("md-strike");
    site.write("content/ja/steps.md", text);
    site.build_ok();
    for page in ["ja/steps/index.html", "ja/print/index.html"] {
        let html = site.read(page);
        assert!(html.contains("<del>古い手順</del>は使いません。"), "{page} strikes the text");
        assert!(html.contains("<del>古い確認</del> 新しい確認"), "{page} strikes the task's text");
    }
    // The checklist's labels are plain text: a task struck in part is still a task there.
    assert!(site.read("ja/steps/checklist/index.html").contains("古い確認 新しい確認"));
}

/// A task struck through whole is a step no longer: the checklist leaves it out.
#[test]
fn a_task_struck_through_whole_is_left_out_of_the_checklist() {
    let site = TestSite::new("md-strike-task");
    site.write("content/ja/steps.md", steps("- [ ] ~~古い確認~~\n- [ ] 新しい確認\n"));
    site.build_ok();
    let checklist = site.read("ja/steps/checklist/index.html");
    assert!(checklist.contains("新しい確認") && !checklist.contains("古い確認"), "{checklist}");
    assert!(site.read("ja/steps/index.html").contains("<del>古い確認</del>"), "the page still shows it, struck");
}

/// A line break in the source between Japanese text and emphasis, code or a link (or
/// inside them) adds no space, as between two characters of Japanese text.
#[test]
fn a_line_break_between_japanese_and_markup_adds_no_space() {
    let text = &steps(
        "端末を\n**必ず**\n隔離し、\n`設定ファイル`\nを\n[記録](https://example.org/)\nする。\nThen\n*check* it.\n",
    );
    let parsed = parse_md(text, false);
    let Block::Paragraph { text: p } = &parsed.doc.sections[0].blocks[0] else { panic!() };
    assert_eq!(p.to_plain(), "端末を必ず隔離し、設定ファイルを記録する。 Then check it.");
}

/// A numbered list that goes on after a paragraph (`3.` after steps 1 and 2) keeps its
/// numbers on every page and when written back.
#[test]
fn a_numbered_list_keeps_the_number_it_starts_at() {
    let text = &steps("1. 隔離する\n2. 記録する\n\n記録は残します。\n\n3. 報告する\n4. 復旧する\n");
    let parsed = parse_md(text, false);
    let starts: Vec<u32> = parsed.doc.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { start, .. } => Some(*start),
            _ => None,
        })
        .collect();
    assert_eq!(starts, [1, 3]);
    let md = tebiki::parse::emit::to_markdown(&parsed.doc, None);
    assert!(md.contains("3. 報告する\n4. 復旧する"), "{md}");
    let site = TestSite::new("md-ol-start");
    site.write("content/ja/steps.md", text);
    site.build_ok();
    for page in ["ja/steps/index.html", "ja/print/index.html"] {
        let html = site.read(page);
        assert!(html.contains("<ol>\n") && html.contains("<ol start=\"3\">"), "{page}");
    }
}

/// A guide `手順` of one section whose body is `body`.
fn steps(body: &str) -> String {
    format!("+++\ntitle = \"手順\"\n+++\n\n::: outcomes\n- 手順がわかる\n:::\n\n## 手順 {{#s1}}\n\n{body}")
}

/// A front matter key set twice is named, at its line.
#[test]
fn a_front_matter_key_set_twice_is_named_at_its_line() {
    let parsed = parse_md("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n\n## A {#s1}\n\nt\n", false);
    let found: Vec<String> = parsed.doc.diagnostics.0.iter().map(|d| format!("{:?} {}", d.line, d.message)).collect();
    assert!(found.contains(&"Some(3) front matter: duplicate key `title`: it is set twice".to_owned()), "{found:?}");
}

/// A bare URL is a link, ending where Japanese text written right after it begins.
#[test]
fn a_bare_url_is_a_link_that_ends_before_the_japanese_after_it() {
    let parsed = parse_md(
        &steps(
            "詳細は https://www.ipa.go.jp/security/ を参照。\n\n窓口はhttps://example.org/contactへ。 www.example.com も。\n",
        ),
        false,
    );
    let links: Vec<(String, String)> = parsed.doc.sections[0]
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph { text } => text.0.clone(),
            _ => Vec::new(),
        })
        .filter_map(|i| match i {
            Inline::Link { url, content, .. } => Some((url, RichText(content).to_plain())),
            _ => None,
        })
        .collect();
    let own = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        links,
        [
            own("https://www.ipa.go.jp/security/", "https://www.ipa.go.jp/security/"),
            own("https://example.org/contact", "https://example.org/contact"),
            own("http://www.example.com", "www.example.com"),
        ]
    );
    let Block::Paragraph { text } = &parsed.doc.sections[0].blocks[1] else { panic!() };
    assert_eq!(text.to_plain(), "窓口はhttps://example.org/contactへ。 www.example.com も。");
}
