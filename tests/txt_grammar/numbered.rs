//! Guides written in other habits than the seeds' — numbered and marked headings in the
//! styles Japanese business documents use, lists written with numbers or marks, headings
//! ending in `：` — each read by hand into the structure below (`tests/fixtures/txt/`).
//!
//! A spec names raw lines of its fixture, the way `tests/fixtures/seeds/README.md` does:
//!
//! - `outcomes @2 @3` — the outcome lines (each outcome is its line without the marker);
//! - `sN @L CP blocks / @L blocks / …` — a section: heading line, `CP` / `C-` / `-P` / `--`
//!   for its consensus and perspective blocks, its own blocks, then each subsection;
//! - blocks: `p@L` a paragraph (the line as written), `t@L:R` a table, `ul@L:N` / `ol@L:N`
//!   an unordered / ordered list of N items from line L (each item is its line without
//!   its marker or number);
//! - `consensus sN blocks` / `perspective sN blocks`;
//! - `number sN LABEL STYLE V[,V]` — the heading's number (headings not listed have none);
//! - `warn @L words` — a warning on line L whose message contains the words (the list
//!   of warnings is complete).

use tebiki::model::{Block, Document, HeadingNumber, Severity};
use tebiki::parse::{self, Format, ParseOptions};

use crate::harness::fixture;

struct Fixture {
    raw: Vec<String>,
    doc: Document,
}

fn load(name: &str) -> Fixture {
    let text = std::fs::read_to_string(fixture(&format!("txt/{name}.txt"))).unwrap();
    let raw = text.split('\n').map(|l| l.trim_matches(|c: char| c.is_whitespace()).to_owned()).collect();
    let doc = parse::parse_text(&text, Format::Txt, ParseOptions::default()).doc;
    Fixture { raw, doc }
}

impl Fixture {
    fn line(&self, token: &str) -> (&str, usize) {
        let n: usize = token.trim_start_matches('@').parse().unwrap_or_else(|_| panic!("bad line token {token}"));
        (&self.raw[n - 1], n)
    }
}

/// An item is its line with a short marker or number taken off the front.
fn assert_item(line: &str, item: &str, place: &str) {
    assert!(!item.is_empty() && line.ends_with(item), "{place}: item `{item}` is not the end of line `{line}`");
    let marker = &line[..line.len() - item.len()];
    assert!(
        !marker.is_empty() && marker.chars().count() <= 4,
        "{place}: item `{item}` should be line `{line}` without its marker"
    );
}

fn check_blocks(fx: &Fixture, tokens: &[&str], blocks: &[Block], place: &str) {
    let kinds: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { text } => format!("p `{}`", text.to_plain()),
            Block::Table { .. } => "table".into(),
            Block::List { ordered: true, items, .. } => format!("ol({})", items.len()),
            Block::List { ordered: false, items, .. } => format!("ul({})", items.len()),
            Block::Code { .. } => "code".into(),
            Block::Html { .. } => "html".into(),
            Block::Quote { .. } => "quote".into(),
        })
        .collect();
    assert_eq!(blocks.len(), tokens.len(), "{place}: expected blocks {tokens:?}, parsed {kinds:#?}");
    for (token, block) in tokens.iter().zip(blocks) {
        let (kind, rest) = token.split_once('@').unwrap();
        match (kind, block) {
            ("p", Block::Paragraph { text }) => {
                let (line, n) = fx.line(rest);
                assert_eq!(text.to_plain(), line, "{place}: paragraph at line {n}");
            }
            ("t", Block::Table { rows, .. }) => {
                let (at, count) = rest.split_once(':').unwrap();
                assert_eq!(rows.len(), count.parse::<usize>().unwrap(), "{place}: rows of the table at line {at}");
            }
            ("ul" | "ol", Block::List { ordered, items, .. }) => {
                assert_eq!(*ordered, kind == "ol", "{place}: list at line {rest} ordered?");
                let (at, count) = rest.split_once(':').unwrap();
                let (_, n) = fx.line(at);
                assert_eq!(items.len(), count.parse::<usize>().unwrap(), "{place}: items of the list at line {n}");
                for (k, item) in items.iter().enumerate() {
                    assert_item(&fx.raw[n - 1 + k], &item.text.to_plain(), &format!("{place} line {}", n + k));
                }
            }
            _ => panic!("{place}: expected {token}, parsed {kinds:#?}"),
        }
    }
}

fn flags(c: bool, p: bool) -> String {
    format!("{}{}", if c { 'C' } else { '-' }, if p { 'P' } else { '-' })
}

fn number_spec(n: &HeadingNumber) -> String {
    let value: Vec<String> = n.value.iter().map(u32::to_string).collect();
    format!("{} {} {}", n.label, n.style, value.join(","))
}

/// Checks a fixture against its spec (see the module doc).
fn check(name: &str, spec: &str) {
    let fx = load(name);
    let doc = &fx.doc;
    let mut sections = Vec::new();
    let mut numbers = std::collections::BTreeMap::new();
    let mut warnings = Vec::new();
    for line in spec.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (key, rest) = line.split_once(' ').unwrap();
        match key {
            "outcomes" => {
                let parsed: Vec<String> = doc.outcomes.iter().map(|o| o.to_plain()).collect();
                let lines: Vec<&str> = rest.split_whitespace().collect();
                assert_eq!(parsed.len(), lines.len(), "{name}: outcomes {parsed:?}");
                for (token, outcome) in lines.iter().zip(&parsed) {
                    assert_item(fx.line(token).0, outcome, &format!("{name} outcome {token}"));
                }
            }
            "consensus" | "perspective" => {
                let (id, tokens) = rest.split_once(' ').unwrap();
                let section = doc.sections.iter().find(|s| s.id == id).unwrap();
                let blocks = if key == "consensus" { &section.consensus } else { &section.perspective };
                let tokens: Vec<&str> = tokens.split_whitespace().collect();
                check_blocks(&fx, &tokens, blocks.as_deref().unwrap_or(&[]), &format!("{name} {id} {key}"));
            }
            "number" => {
                let (id, n) = rest.split_once(' ').unwrap();
                numbers.insert(id.to_owned(), n.to_owned());
            }
            "warn" => {
                let (at, words) = rest.split_once(' ').unwrap();
                warnings.push((fx.line(at).1, words.to_owned()));
            }
            _ => sections.push(line),
        }
    }
    let outline: Vec<String> = doc
        .sections
        .iter()
        .flat_map(|s| {
            std::iter::once(format!("{} {}", s.id, s.heading))
                .chain(s.subsections.iter().map(|x| format!("  {} {}", x.id, x.heading)))
        })
        .collect();
    assert_eq!(doc.sections.len(), sections.len(), "{name}: sections; parsed {outline:#?}");
    assert_eq!(doc.title, doc.sections[0].heading, "{name}: the title is the first section's heading");
    for (spec, section) in sections.iter().zip(&doc.sections) {
        let mut parts = spec.split(" / ");
        let head: Vec<&str> = parts.next().unwrap().split_whitespace().collect();
        let place = format!("{name} {} ({})", head[0], section.heading);
        assert_eq!(section.id, head[0], "{name}: outline {outline:#?}");
        let (heading, n) = fx.line(head[1]);
        assert_eq!(section.heading, heading, "{place}: heading at line {n}");
        assert_eq!(section.line.0, n, "{place}: heading line");
        assert_eq!(
            flags(section.consensus.is_some(), section.perspective.is_some()),
            head[2],
            "{place}: closing blocks"
        );
        check_blocks(&fx, &head[3..], &section.blocks, &place);
        let subs: Vec<&str> = parts.collect();
        let parsed: Vec<&str> = section.subsections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(section.subsections.len(), subs.len(), "{place}: subsections; parsed {parsed:#?}");
        for (spec, sub) in subs.iter().zip(&section.subsections) {
            let tokens: Vec<&str> = spec.split_whitespace().collect();
            let (heading, n) = fx.line(tokens[0]);
            assert_eq!(sub.heading, heading, "{place}: subsection heading at line {n}");
            check_blocks(&fx, &tokens[1..], &sub.blocks, &format!("{place} {}", sub.id));
        }
    }
    let headings = doc
        .sections
        .iter()
        .flat_map(|s| std::iter::once((&s.id, &s.number)).chain(s.subsections.iter().map(|x| (&x.id, &x.number))));
    for (id, number) in headings {
        assert_eq!(number.as_ref().map(number_spec), numbers.remove(id.as_str()), "{name}: number of {id}");
    }
    assert!(numbers.is_empty(), "{name}: numbers for headings that do not exist: {numbers:?}");
    let parsed: Vec<(usize, Severity, &str)> =
        doc.diagnostics.iter().map(|d| (d.line.unwrap_or(0), d.severity, d.message.as_str())).collect();
    assert_eq!(parsed.len(), warnings.len(), "{name}: diagnostics {parsed:#?}");
    for ((line, words), (at, severity, message)) in warnings.iter().zip(&parsed) {
        assert_eq!((*at, *severity), (*line, Severity::Warning), "{name}: diagnostic `{message}`");
        assert!(message.contains(words.as_str()), "{name}: line {line}: `{message}` should say `{words}`");
    }
}

#[test]
fn reads_dot_chapters_with_paren_subsections() {
    check(
        "dot-chapters-paren-subsections",
        "outcomes @2 @3
         s1 @4 -- p@5
         s2 @6 CP p@7 / @8 p@9 / @10 p@11
         s3 @17 CP p@18 / @19 p@20 / @21 p@22
         consensus s2 p@14
         perspective s3 p@27
         number s2 1. n. 1
         number s2-1 (1) (n) 1
         number s2-2 (2) (n) 2
         number s3 2. n. 2
         number s3-1 (1) (n) 1
         number s3-2 (2) (n) 2",
    );
}

#[test]
fn reads_full_width_numbers_and_repeats_without_them() {
    check(
        "fullwidth-numbers-repeat-without-number",
        "outcomes @2
         s1 @3 -- p@4
         s2 @5 CP p@6 / @7 p@8 / @9 p@10
         s3 @16 CP p@17 / @18 p@19 / @20 p@21
         consensus s3 p@24
         number s2 １． n. 1
         number s2-1 （１） (n) 1
         number s2-2 （２） (n) 2
         number s3 ２． n. 2
         number s3-1 （１） (n) 1
         number s3-2 （２） (n) 2",
    );
}

#[test]
fn reads_chapters_with_hyphenated_subsections() {
    check(
        "chapter-and-hyphen-numbers",
        "outcomes @2 @3
         s1 @4 -- p@5
         s2 @6 CP p@7 / @8 p@9 / @10 p@11
         s3 @18 CP p@19 / @20 p@21 / @22 p@23
         consensus s2 ul@14:2
         perspective s3 ul@28:1
         number s2 第1章 第n章 1
         number s2-1 1-1 n-n 1,1
         number s2-2 1-2 n-n 1,2
         number s3 第2章 第n章 2
         number s3-1 2-1 n-n 2,1
         number s3-2 2-2 n-n 2,2",
    );
}

#[test]
fn reads_sections_with_decimal_subsections_and_no_repeats() {
    check(
        "section-decimal-bracketed",
        "outcomes @2
         s1 @3 C- p@4
         s2 @7 CP p@8 / @9 p@10 / @11 p@12
         s3 @17 C- p@18 / @19 p@20 / @21 p@22
         consensus s1 ul@6:1
         perspective s2 ul@16:1
         number s2 第1節 第n節 1
         number s2-1 1.1 n.n 1,1
         number s2-2 1.2 n.n 1,2
         number s3 第2節 第n節 2
         number s3-1 2.1 n.n 2,1
         number s3-2 2.2 n.n 2,2",
    );
}

#[test]
fn reads_step_headings() {
    check(
        "step-numbers",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 / @7 p@8 / @9 p@10
         number s1-1 Step 1. Step n. 1
         number s1-2 Step 2. Step n. 2
         number s1-3 Step 3. Step n. 3",
    );
}

#[test]
fn reads_marked_headings_and_marked_lists() {
    check(
        "square-marks",
        "outcomes @2
         s1 @3 -- p@4
         s2 @5 CP p@6 / @7 p@8 / @9 p@10 p@11 ul@12:3
         consensus s2 p@17",
    );
}

#[test]
fn reads_marked_headings_ending_in_a_colon() {
    check(
        "arrow-marks-with-colons",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 / @7 p@8 p@9 ul@10:2",
    );
}

#[test]
fn numbered_runs_under_a_heading_stay_lists() {
    check(
        "ordered-lists-stay-lists",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 ol@7:3 p@10 / @11 ol@12:3 / @15 ol@16:2 p@18
         number s1-1 (1) (n) 1
         number s1-2 (2) (n) 2
         number s1-3 (3) (n) 3",
    );
    let fx = load("ordered-lists-stay-lists");
    let Block::List { items, .. } = &fx.doc.sections[0].subsections[1].blocks[0] else { panic!("a list") };
    let items: Vec<String> = items.iter().map(|i| i.text.to_plain()).collect();
    assert_eq!(items, ["無線LANを無効にする", "機内モードにする", "端末に「調査中」の札を付ける"]);
}

#[test]
fn reads_circled_numbers_as_subsection_headings() {
    check(
        "circled-subsections",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 / @7 p@8 / @9 p@10
         number s1-1 ① ① 1
         number s1-2 ② ① 2
         number s1-3 ③ ① 3",
    );
}

#[test]
fn reads_closing_paren_headings_and_lettered_lists() {
    check(
        "paren-close-and-letters",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 / @7 p@8 ol@9:2 / @11 p@12
         number s1-1 1) n) 1
         number s1-2 2) n) 2
         number s1-3 3) n) 3",
    );
}

#[test]
fn reads_kanji_chapters_and_repeats_without_the_chapter() {
    check(
        "kanji-chapters",
        "outcomes @2
         s1 @3 -- p@4
         s2 @5 CP p@6 / @7 p@8 / @9 p@10
         s3 @16 CP p@17 / @18 p@19 / @20 p@21
         number s2 第一章 第n章 1
         number s2-1 第一節 第n節 1
         number s2-2 第二節 第n節 2
         number s3 第二章 第n章 2
         number s3-1 第一節 第n節 1
         number s3-2 第二節 第n節 2",
    );
}

#[test]
fn reads_official_style_numbers_and_katakana_items() {
    check(
        "official-style-kana",
        "outcomes @2
         s1 @3 -- p@4
         s2 @5 CP p@6 / @7 p@8 / @9 p@10 ol@11:3
         s3 @19 CP p@20 / @21 p@22 / @23 p@24
         number s2 １ n 1
         number s2-1 (1) (n) 1
         number s2-2 (2) (n) 2
         number s3 ２ n 2
         number s3-1 (1) (n) 1
         number s3-2 (2) (n) 2",
    );
}

#[test]
fn reads_roman_chapters_with_full_width_dots() {
    check(
        "roman-and-dot",
        "outcomes @2
         s1 @3 -- p@4
         s2 @5 CP p@6 / @7 p@8 / @9 p@10
         s3 @16 CP p@17 / @18 p@19 / @20 p@21
         number s2 Ⅰ． Ⅰ. 1
         number s2-1 1． n. 1
         number s2-2 2． n. 2
         number s3 Ⅱ． Ⅰ. 2
         number s3-1 1． n. 1
         number s3-2 2． n. 2",
    );
}

#[test]
fn reads_numbered_questions() {
    check(
        "faq-q-numbers",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6 / @7 p@8 / @9 p@10
         number s1-1 Q1. Qn. 1
         number s1-2 Q2. Qn. 2
         number s1-3 Q3. Qn. 3",
    );
}

#[test]
fn reads_multi_level_decimal_numbers_as_subsections() {
    check(
        "multi-level-decimal",
        "outcomes @2
         s1 @3 --
         s2 @4 CP p@5 / @6 p@7 / @8 p@9 / @10 p@11
         s3 @17 CP p@18 / @19 p@20 / @21 p@22
         number s2 1. n. 1
         number s2-1 1.1 n.n 1,1
         number s2-2 1.1.1 n.n.n 1,1,1
         number s2-3 1.2 n.n 1,2
         number s3 2. n. 2
         number s3-1 2.1 n.n 2,1
         number s3-2 2.2 n.n 2,2",
    );
}

#[test]
fn reads_numbered_outcomes_and_numbered_or_marked_closing_blocks() {
    check(
        "numbered-outcomes-and-closing-lists",
        "outcomes @2 @3
         s1 @4 CP p@5 / @6 p@7 / @8 p@9
         consensus s1 ol@12:2
         perspective s1 ul@15:2",
    );
}

#[test]
fn repeats_match_with_or_without_the_number_in_any_width() {
    check(
        "repeat-forms",
        "outcomes @2
         s1 @3 C- p@4 / @5 p@6
         s2 @10 C- p@11 / @12 p@13
         number s1 【1】 【n】 1
         number s2 【２】 【n】 2",
    );
}

#[test]
fn warns_when_numbered_subsection_headings_read_as_paragraphs() {
    check(
        "warn-numbered-headings-with-full-stops",
        "outcomes @2
         s1 @3 CP p@4 p@5 p@6 p@7 p@8 p@9 p@10
         warn @5 lines 5, 7 and 9",
    );
}

#[test]
fn warns_when_a_numbered_list_is_continued_by_a_heading() {
    check(
        "warn-list-continued-by-heading",
        "outcomes @2
         s1 @3 CP p@4 ol@5:2 p@7 / @8 p@9
         number s1-1 3. n. 3
         warn @5 line 8",
    );
}

#[test]
fn warns_when_a_consensus_block_has_no_section_to_close() {
    check(
        "warn-consensus-without-section",
        "outcomes @2
         s1 @3 CP p@4 / @5 p@6
         consensus s1 p@9 p@13
         warn @12 no section heading",
    );
}
