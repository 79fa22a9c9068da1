//! The five bundled guides parse into the structure read from them by hand
//! (`tests/fixtures/seeds/*.txt`, see the README there): every heading, paragraph,
//! table header and row count, list, and which sections carry consensus / perspective.

use crate::harness::*;
use tebiki::model::{Block, Document, Section};
use tebiki::parse::{self, Format, ParseOptions};

fn raw_lines(slug: &str) -> Vec<String> {
    let text = std::fs::read_to_string(bundled("ja", slug)).unwrap();
    text.split('\n').map(|l| l.trim().to_owned()).collect()
}

fn parse_seed(slug: &str) -> Document {
    let text = std::fs::read_to_string(bundled("ja", slug)).unwrap();
    parse::parse_text(&text, Format::Txt, ParseOptions::default()).doc
}

/// Line `@N` of the seed (1-based).
fn at<'a>(raw: &'a [String], token: &str) -> (&'a str, usize) {
    let n: usize = token.trim_start_matches('@').parse().unwrap_or_else(|_| panic!("bad line token {token}"));
    (&raw[n - 1], n)
}

fn cells(line: &str) -> Vec<String> {
    line.trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect()
}

fn check_blocks(raw: &[String], tokens: &[&str], blocks: &[Block], place: &str) {
    let kinds: Vec<&str> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::Table { .. } => "t",
            Block::List { .. } => "l",
            Block::Code { .. } => "code",
            Block::Html { .. } => "html",
            Block::Quote { .. } => "quote",
        })
        .collect();
    assert_eq!(blocks.len(), tokens.len(), "{place}: expected blocks {tokens:?}, parsed {kinds:?}");
    for (token, block) in tokens.iter().zip(blocks) {
        let (kind, rest) = token.split_at(1);
        match (kind, block) {
            ("p", Block::Paragraph { text }) => {
                let (line, n) = at(raw, rest);
                assert_eq!(text.to_plain(), line, "{place}: paragraph at line {n}");
            }
            ("t", Block::Table { header, rows, .. }) => {
                let (line_tok, count) = rest.split_once(':').unwrap();
                let (line, n) = at(raw, line_tok);
                let header: Vec<String> = header.iter().map(|h| h.to_plain()).collect();
                assert_eq!(header, cells(line), "{place}: header of the table at line {n}");
                assert_eq!(rows.len(), count.parse::<usize>().unwrap(), "{place}: rows of the table at line {n}");
                for row in rows {
                    assert_eq!(row.len(), header.len(), "{place}: row width of the table at line {n}");
                }
            }
            ("l", Block::List { items, .. }) => {
                let (line_tok, count) = rest.split_once(':').unwrap();
                let count: usize = count.parse().unwrap();
                let (_, n) = at(raw, line_tok);
                assert_eq!(items.len(), count, "{place}: items of the list at line {n}");
                for (k, item) in items.iter().enumerate() {
                    let expected = raw[n - 1 + k].trim_start_matches('・').trim_start_matches("- ");
                    assert_eq!(item.text.to_plain(), expected, "{place}: list item at line {}", n + k);
                }
            }
            _ => panic!("{place}: expected {token}, parsed {kinds:?}"),
        }
    }
}

fn check_section(raw: &[String], spec: &str, section: &Section) {
    let mut parts = spec.split(" / ");
    let head: Vec<&str> = parts.next().unwrap().split_whitespace().collect();
    let place = format!("{} ({})", head[0], section.heading);
    assert_eq!(section.id, head[0]);
    let (heading, n) = at(raw, head[1]);
    assert_eq!(section.heading, heading, "{}: heading at line {n}", head[0]);
    let flags = head[2];
    assert_eq!(section.consensus.is_some(), flags.starts_with('C'), "{place}: consensus block present?");
    assert_eq!(section.perspective.is_some(), flags.ends_with('P'), "{place}: perspective block present?");
    check_blocks(raw, &head[3..], &section.blocks, &place);
    let subs: Vec<&str> = parts.collect();
    let parsed: Vec<&str> = section.subsections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(section.subsections.len(), subs.len(), "{place}: subsections; parsed {parsed:?}");
    for (m, (spec, sub)) in subs.iter().zip(&section.subsections).enumerate() {
        let tokens: Vec<&str> = spec.split_whitespace().collect();
        assert_eq!(sub.id, format!("{}-{}", section.id, m + 1));
        let (heading, n) = at(raw, tokens[0]);
        assert_eq!(sub.heading, heading, "{place}: subsection heading at line {n}");
        check_blocks(raw, &tokens[1..], &sub.blocks, &format!("{place} {}", sub.id));
    }
}

fn check_seed(slug: &str) {
    let spec = std::fs::read_to_string(fixture(&format!("seeds/{slug}.txt"))).unwrap();
    let raw = raw_lines(slug);
    let doc = parse_seed(slug);
    assert!(doc.diagnostics.0.is_empty(), "{slug}: unexpected diagnostics {:?}", doc.diagnostics.0);
    let mut section_specs = Vec::new();
    for line in spec.lines().filter(|l| !l.trim().is_empty()) {
        let (key, rest) = line.split_once(' ').unwrap();
        match key {
            "outcomes" => {
                let expected: Vec<&str> =
                    rest.split_whitespace().map(|t| at(&raw, t).0.trim_start_matches("- ")).collect();
                let parsed: Vec<String> = doc.outcomes.iter().map(|o| o.to_plain()).collect();
                assert_eq!(parsed, expected, "{slug}: outcomes");
            }
            "consensus" | "perspective" => {
                let (id, tokens) = rest.split_once(' ').unwrap();
                let section = doc.sections.iter().find(|s| s.id == id).unwrap();
                let blocks = if key == "consensus" { &section.consensus } else { &section.perspective };
                let tokens: Vec<&str> = tokens.split_whitespace().collect();
                check_blocks(&raw, &tokens, blocks.as_deref().unwrap_or(&[]), &format!("{slug} {id} {key}"));
            }
            _ => section_specs.push(line),
        }
    }
    let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(doc.sections.len(), section_specs.len(), "{slug}: sections; parsed {headings:#?}");
    assert_eq!(doc.title, doc.sections[0].heading, "{slug}: the title is the first section's heading");
    for (spec, section) in section_specs.iter().zip(&doc.sections) {
        check_section(&raw, spec, section);
    }
}

#[test]
fn parses_seed_p2p_trouble_disclosure() {
    check_seed("p2p-trouble-disclosure");
}

#[test]
fn parses_seed_incident_public_announcement() {
    check_seed("incident-public-announcement");
}

#[test]
fn parses_seed_vm_failure_ransomware_response() {
    check_seed("vm-failure-ransomware-response");
}

#[test]
fn parses_seed_data_breach_litigation() {
    check_seed("data-breach-litigation");
}

#[test]
fn parses_seed_service_platform_accountability() {
    check_seed("service-platform-accountability");
}

#[test]
fn parses_loose_table_with_caption() {
    let doc = parse_seed("service-platform-accountability");
    let Block::Table { caption, header, rows } = &doc.sections[4].blocks[1] else {
        panic!("s5's second block is a table")
    };
    assert_eq!(caption.as_deref(), Some("状況分析と対応策"));
    assert_eq!(header[1].to_plain(), "【BCP整備済み】");
    assert_eq!(rows[2][0].to_plain(), "情報伝達の遅れ");
}

#[test]
fn keeps_command_examples_in_table_cells() {
    let doc = parse_seed("p2p-trouble-disclosure");
    let Block::Table { rows, .. } = &doc.sections[6].blocks[3] else { panic!("s7's fourth block is a table") };
    assert_eq!(rows[0][0].to_plain(), "rsync -av –delete /バックアップ先/ /データ復旧先/");
}
