//! The guidance-text grammar on small fixtures of our own, one per variation the format
//! allows (`tests/fixtures/txt/`), plus encodings, line ends and broken files.

use crate::harness::*;
use tebiki::model::{Block, Document, Severity};
use tebiki::parse::{self, Format, ParseOptions};

fn parse_str(text: &str) -> Document {
    parse::parse_text(text, Format::Txt, ParseOptions::default()).doc
}

fn parse_fixture(name: &str) -> Document {
    parse_str(&std::fs::read_to_string(fixture(&format!("txt/{name}"))).unwrap())
}

fn headings(doc: &Document) -> Vec<String> {
    doc.sections
        .iter()
        .flat_map(|s| {
            std::iter::once(format!("{} {}", s.id, s.heading))
                .chain(s.subsections.iter().map(|x| format!("{} {}", x.id, x.heading)))
        })
        .collect()
}

fn paragraph(block: &Block) -> String {
    match block {
        Block::Paragraph { text } => text.to_plain(),
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn repeated_heading_closes_its_section() {
    let doc = parse_fixture("repeat-closes-section.txt");
    assert_eq!(
        headings(&doc),
        ["s1 初動対応の手引き", "s1-1 状況把握の進め方", "s1-2 連絡体制", "s2 事後対応", "s2-1 振り返りの会議"]
    );
    for s in &doc.sections {
        assert!(s.consensus.is_some() && s.perspective.is_some(), "{} has both closing blocks", s.id);
    }
    assert_eq!(paragraph(&doc.sections[1].consensus.as_ref().unwrap()[0]), "振り返りの結果を経営層に報告します。");
    assert!(doc.diagnostics.0.is_empty(), "{:?}", doc.diagnostics.0);
}

#[test]
fn sections_cut_short_and_question_headings() {
    let doc = parse_fixture("cut-short-and-questions.txt");
    assert_eq!(
        headings(&doc),
        ["s1 公表の判断", "s2 誰に最初に連絡すべきか？", "s3 報告の期限は?", "s4 記録の残し方", "s4-1 時刻の記録"]
    );
    // s1 has no subsections; s2 and s3 are cut short after one paragraph.
    assert!(doc.sections[0].subsections.is_empty());
    for s in &doc.sections[1..3] {
        assert_eq!(s.blocks.len(), 1, "{}", s.id);
        assert!(s.consensus.is_none() && s.perspective.is_none(), "{}", s.id);
    }
    assert_eq!(paragraph(&doc.sections[2].blocks[0]), "法令が定める期限を確認します。");
    assert!(doc.sections[3].consensus.is_some());
}

#[test]
fn bracketed_blocks_hold_bullets() {
    let doc = parse_fixture("bracketed-blocks.txt");
    assert_eq!(headings(&doc), ["s1 顧客対応の基本", "s2 窓口の設置", "s2-1 回答の準備"]);
    let Some(Block::List { items, .. }) = doc.sections[0].consensus.as_ref().and_then(|c| c.first()) else {
        panic!("s1's consensus is a list: {:?}", doc.sections[0].consensus)
    };
    let items: Vec<String> = items.iter().map(|i| i.text.to_plain()).collect();
    assert_eq!(items, ["説明の方針を社内で揃えます。", "問い合わせ窓口を一本化します。"]);
    let Some(Block::List { items, .. }) = doc.sections[1].perspective.as_ref().and_then(|c| c.first()) else {
        panic!("s2's perspective is a list")
    };
    assert_eq!(items[0].text.to_plain(), "窓口は信頼の入口です。");
}

#[test]
fn pipe_and_loose_tables_between_paragraphs() {
    let doc = parse_fixture("tables.txt");
    let blocks = &doc.sections[0].blocks;
    let kinds: Vec<&str> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::Table { .. } => "t",
            _ => "?",
        })
        .collect();
    assert_eq!(kinds, ["p", "t", "p", "t", "p"]);
    let Block::Table { header, rows, caption } = &blocks[1] else { unreachable!() };
    assert_eq!(header.len(), 3);
    assert_eq!(caption, &None);
    assert_eq!(rows[1][1].to_plain(), "ps aux | grep sshd", "\\| is a literal pipe");
    assert_eq!(rows[1][2].to_plain(), "journalctl -u sshd --since today");
    let Block::Table { header, rows, caption } = &blocks[3] else { unreachable!() };
    assert_eq!(caption.as_deref(), Some("体制の違い"));
    assert_eq!(header[0].to_plain(), "【整備前】");
    assert_eq!(rows.len(), 2);
    assert_eq!(paragraph(&blocks[4]), "表の後にも説明が続きます");
}

#[test]
fn paragraphs_need_not_end_in_a_full_stop() {
    let doc = parse_fixture("unterminated-paragraphs.txt");
    assert_eq!(headings(&doc), ["s1 段落の手引き", "s1-1 説明の順序"]);
    let s = &doc.sections[0];
    assert!(paragraph(&s.blocks[0]).ends_with("比較すると、"));
    assert!(paragraph(&s.blocks[1]).ends_with('”'));
    assert_eq!(s.subsections[0].blocks.len(), 2);
    assert_eq!(paragraph(&s.subsections[0].blocks[1]), "最後は短い一言で締めます");
}

#[test]
fn crlf_bom_blank_lines_and_spaces_change_nothing() {
    let plain = std::fs::read_to_string(fixture("txt/repeat-closes-section.txt")).unwrap();
    let messy: String = std::iter::once("\u{FEFF}".to_owned())
        .chain(plain.lines().enumerate().map(|(i, l)| match i % 3 {
            0 => format!("  {l}\u{3000}\r\n\r\n"),
            1 => format!("\u{3000}{l} \r\n \t \r\n"),
            _ => format!("{l}\r\n\u{3000}\r\n"),
        }))
        .collect();
    let a = parse_str(&plain);
    let b =
        parse::parse_text(&parse::decode::decode(messy.as_bytes()).unwrap().text, Format::Txt, ParseOptions::default())
            .doc;
    assert_eq!(a, b);
    // Line numbers still point into the messy file: s2's heading is source line 14,
    // written on messy line 27 (two physical lines per source line, after the BOM).
    assert_eq!(b.sections[1].line.0, 27);
}

#[test]
fn shift_jis_is_decoded_with_a_warning() {
    let text = std::fs::read_to_string(fixture("txt/repeat-closes-section.txt")).unwrap();
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let site = TempDir::new("sjis");
    site.write("content/ja/sjis.txt", &bytes);
    let config = tebiki::config::Config::default();
    let (guides, diags) = tebiki::project::load_guides(site.path(), &config).unwrap();
    assert_eq!(guides.len(), 1);
    assert_eq!(guides[0].doc, parse_str(&text));
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages, ["content/ja/sjis.txt:1: warning[import]: read as Shift_JIS (CP932); save the file as UTF-8"]);
}

#[test]
fn errors_on_shift_jis_when_the_site_rejects_it() {
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("解決できること\n- 項目\n題名\n本文です。");
    let site = TempDir::new("sjis-reject");
    site.write("content/ja/sjis.txt", &bytes);
    site.write("tebiki.toml", "[import]\nshift_jis = \"reject\"\n");
    let config = tebiki::config::Config::load(site.path()).unwrap();
    let (guides, diags) = tebiki::project::load_guides(site.path(), &config).unwrap();
    assert!(guides.is_empty());
    assert_eq!(diags.len(), 1);
    let msg = diags[0].to_string();
    assert!(msg.starts_with("content/ja/sjis.txt:1: error[import]: is Shift_JIS (CP932) text"), "{msg}");
}

#[test]
fn errors_on_invalid_utf8_with_byte_offset() {
    let out = {
        let site = TempDir::new("badutf8");
        let mut bytes = "解決できること\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[0x80, 0x41, 0xFE]);
        let path = site.write("bad.txt", &bytes);
        tebiki(&["import", "--json", path.to_str().unwrap()])
    };
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.txt: is not valid UTF-8 (first bad byte on line 2, at byte offset 22)"), "{stderr}");
}

#[test]
fn empty_file_and_missing_title_are_diagnostics_and_the_build_goes_on() {
    let site = TempDir::new("empty");
    site.write("content/ja/empty.txt", "");
    site.write("content/ja/no-title.txt", "解決できること\n- 項目だけ\n");
    site.write("content/ja/good.txt", "解決できること\n- 項目\n題名\n本文です。\n");
    let config = tebiki::config::Config::default();
    let (guides, diags) = tebiki::project::load_guides(site.path(), &config).unwrap();
    let slugs: Vec<&str> = guides.iter().map(|g| g.slug.as_str()).collect();
    assert_eq!(slugs, ["good"]);
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        [
            "content/ja/empty.txt:1: error[import]: the file is empty: a guide needs at least a title line",
            "content/ja/no-title.txt:2: error[import]: no title: after the outcomes, a guide needs a title line",
        ]
    );
}

#[test]
fn import_json_prints_the_documented_model() {
    let out = tebiki(&["import", "--json", fixture("txt/tables.txt").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "比較の手引き");
    assert_eq!(v["outcomes"], serde_json::json!(["表の読み方がわかる"]));
    let s1 = &v["sections"][0];
    assert_eq!(s1["id"], "s1");
    assert_eq!(s1["blocks"][0], serde_json::json!({"type": "paragraph", "text": "次の表は対応の違いを示します。"}));
    assert_eq!(s1["blocks"][1]["type"], "table");
    assert_eq!(s1["blocks"][1]["header"], serde_json::json!(["観点", "従来", "推奨"]));
    assert_eq!(s1["blocks"][1]["rows"].as_array().unwrap().len(), 2);
    assert_eq!(s1["subsections"], serde_json::json!([]));
    assert_eq!(s1["consensus"], serde_json::json!([{"type": "paragraph", "text": "違いを共有します。"}]));
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

/// A reader that takes the first line of the model and stops (`tebiki import --json F |
/// head -1`) took what it wanted: no error, exit 0, as with `tebiki export`.
#[test]
fn import_json_to_a_reader_that_stops_early_ends_quietly() {
    // A model larger than a pipe holds, so that the reader is gone before it is written.
    let site = TempDir::new("import-json-head");
    let body: String = (0..4000).map(|i| format!("本文の段落 {i} です。\n")).collect();
    let guide = site.write("long.txt", format!("解決できること\n- 項目\n題名\n{body}").as_bytes());
    let (first, out) = first_line_then_stop(&["import", "--json", guide.to_str().unwrap()]);
    assert_eq!(first, "{\n");
    assert!(out.status.success(), "{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn diagnostics_name_their_line() {
    let doc = parse_str("題名だけの文書\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n");
    let lines: Vec<(Option<usize>, Severity)> = doc.diagnostics.iter().map(|d| (d.line, d.severity)).collect();
    assert_eq!(lines, [(Some(1), Severity::Warning), (Some(4), Severity::Warning)], "{:?}", doc.diagnostics.0);
}

#[test]
fn code_fences_keep_indentation_and_blank_lines() {
    let doc = parse_str("題名\n本文です。\n```sh\nfor f in *.log; do\n    gzip \"$f\"\n\ndone\n```\n");
    assert_eq!(
        doc.sections[0].blocks[1],
        Block::Code { lang: Some("sh".into()), text: "for f in *.log; do\n    gzip \"$f\"\n\ndone".into() }
    );
}

mod explain;
mod habits;
mod numbered;

/// What stands where the title belongs is named at its own line.
#[test]
fn a_missing_title_is_named_at_the_line_where_it_belongs() {
    let errors = |text: &str| {
        let doc = parse_str(text);
        doc.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.line, d.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors("解決できること\n- a\n![図](img/x.png)\nタイトル\n本文。\n"),
        [(Some(3), "no title: the line after the outcomes must be the guide's title, not an image line".to_owned())]
    );
    assert_eq!(
        errors("解決できること\n- a\n| x | y |\n| 1 | 2 |\n"),
        [(Some(3), "no title: the line after the outcomes must be the guide's title, not a table".to_owned())]
    );
    assert_eq!(
        errors("解決できること\n- a\n"),
        [(Some(2), "no title: after the outcomes, a guide needs a title line".to_owned())]
    );
}
