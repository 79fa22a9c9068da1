//! `tebiki import --explain`: every line's role, place and rule — on the seeds (against the
//! structure pinned by hand in `tests/fixtures/seeds/`) and on a numbered fixture.

use std::collections::BTreeMap;

use tebiki::parse::txt::{self, Explanation, Place, RepeatMatch, Role, Rule};

use crate::harness::*;

/// Expected (role, place) per line, from a seed's spec (`tests/fixtures/seeds/README.md`).
fn expected_roles(spec: &str, raw: &[&str]) -> BTreeMap<usize, (Role, String)> {
    let mut out = BTreeMap::new();
    let n = |token: &str| -> usize { token.trim_start_matches('@').parse().unwrap() };
    let blocks = |tokens: &[&str], place: &str, out: &mut BTreeMap<usize, (Role, String)>| {
        for token in tokens {
            let (kind, rest) = token.split_at(1);
            let (at, count) = match rest.split_once(':') {
                Some((a, c)) => (n(a), c.parse().unwrap()),
                None => (n(rest), 0),
            };
            match kind {
                "p" => {
                    out.insert(at, (Role::Paragraph, place.to_owned()));
                }
                "t" => {
                    // The header row, a `|---|` rule (pipe tables), then the rows.
                    out.insert(at, (Role::TableRow, place.to_owned()));
                    let ruled = raw[at].starts_with("|-");
                    if ruled {
                        out.insert(at + 1, (Role::TableRule, place.to_owned()));
                    }
                    for k in 0..count {
                        out.insert(at + 1 + usize::from(ruled) + k, (Role::TableRow, place.to_owned()));
                    }
                }
                "l" => {
                    for k in 0..count {
                        out.insert(at + k, (Role::Bullet, place.to_owned()));
                    }
                }
                _ => panic!("unknown block {token}"),
            }
        }
    };
    for line in spec.lines().filter(|l| !l.trim().is_empty()) {
        let (key, rest) = line.split_once(' ').unwrap();
        match key {
            "outcomes" => {
                for t in rest.split_whitespace() {
                    out.insert(n(t), (Role::Outcome, "outcomes".to_owned()));
                }
            }
            "consensus" | "perspective" => {
                let (id, tokens) = rest.split_once(' ').unwrap();
                let tokens: Vec<&str> = tokens.split_whitespace().collect();
                blocks(&tokens, &format!("{id} {key}"), &mut out);
            }
            id => {
                let mut parts = rest.split(" / ");
                let head: Vec<&str> = parts.next().unwrap().split_whitespace().collect();
                let role = if id == "s1" { Role::Title } else { Role::Heading };
                out.insert(n(head[0]), (role, id.to_owned()));
                blocks(&head[2..], id, &mut out);
                for (m, sub) in parts.enumerate() {
                    let tokens: Vec<&str> = sub.split_whitespace().collect();
                    let sub_id = format!("{id}-{}", m + 1);
                    out.insert(n(tokens[0]), (Role::Subsection, sub_id.clone()));
                    blocks(&tokens[1..], &sub_id, &mut out);
                }
            }
        }
    }
    out
}

fn explain_file(path: &std::path::Path) -> Explanation {
    txt::explain(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn explains_every_seed_line_as_its_pinned_structure() {
    for slug in SEED_SLUGS {
        let spec = std::fs::read_to_string(fixture(&format!("seeds/{slug}.txt"))).unwrap();
        let raw = std::fs::read_to_string(bundled("ja", slug)).unwrap();
        let expected = expected_roles(&spec, &raw.split('\n').map(str::trim).collect::<Vec<_>>());
        let explanation = explain_file(&bundled("ja", slug));
        let doc = tebiki::parse::txt::parse(&raw);
        let non_blank = raw.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(explanation.lines.len(), non_blank, "{slug}: one entry per non-blank line");
        for l in &explanation.lines {
            let place = l.place.map(|p| p.to_string()).unwrap_or_default();
            match expected.get(&l.line) {
                Some((role, want)) => {
                    assert_eq!(
                        (l.role, place.as_str()),
                        (*role, want.as_str()),
                        "{slug}: line {} `{}`",
                        l.line,
                        l.text
                    );
                }
                None => match l.role {
                    Role::Marker => assert!(
                        place == "outcomes" || place.ends_with("consensus") || place.ends_with("perspective"),
                        "{slug}: marker on line {} placed at `{place}`",
                        l.line
                    ),
                    Role::Repeat => {
                        let Some(Place::Section(s)) = l.place else {
                            panic!("{slug}: repeat on line {} unplaced", l.line)
                        };
                        let section = &doc.sections[s - 1];
                        assert_eq!(l.text, section.heading, "{slug}: line {} repeats its section's heading", l.line);
                        assert!(section.consensus.is_some(), "{slug}: line {} closes a section", l.line);
                        assert!(matches!(l.rule, Some(Rule::Repeats { how: RepeatMatch::Same, .. })), "{slug}: {l:?}");
                    }
                    // The loose form's intro, caption and rule stand before its header row.
                    Role::TableIntro | Role::TableCaption | Role::TableRule => {
                        let header =
                            (l.line + 1..l.line + 4).find(|n| expected.get(n).is_some_and(|e| e.0 == Role::TableRow));
                        let header = header.unwrap_or_else(|| panic!("{slug}: line {} is not before a table", l.line));
                        assert_eq!(place, expected[&header].1, "{slug}: line {}", l.line);
                    }
                    Role::Paragraph | Role::Bullet => assert!(
                        place.ends_with("consensus") || place.ends_with("perspective"),
                        "{slug}: line {} `{}` is not in the pinned structure (role {:?}, place `{place}`)",
                        l.line,
                        l.text,
                        l.role
                    ),
                    other => panic!("{slug}: line {} `{}` read as {other:?} at `{place}`", l.line, l.text),
                },
            }
        }
        assert!(explanation.diagnostics.is_empty(), "{slug}: {:?}", explanation.diagnostics);
    }
}

#[test]
fn explains_a_numbered_guide_line_by_line() {
    let explanation = explain_file(&fixture("txt/dot-chapters-paren-subsections.txt"));
    use Role::*;
    // (line, role, place, rule) for every line, read from the fixture by hand.
    let expected: Vec<(usize, Role, &str, Option<&str>)> = vec![
        (1, Marker, "outcomes", None),
        (2, Outcome, "outcomes", None),
        (3, Outcome, "outcomes", None),
        (4, Title, "s1", Some("title")),
        (5, Paragraph, "s1", None),
        (6, Heading, "s2", Some("named-by-repeat")),
        (7, Paragraph, "s2", None),
        (8, Subsection, "s2-1", Some("followed-by-content")),
        (9, Paragraph, "s2-1", None),
        (10, Subsection, "s2-2", Some("followed-by-content")),
        (11, Paragraph, "s2-2", None),
        (12, Repeat, "s2", Some("repeats-heading")),
        (13, Marker, "s2 consensus", None),
        (14, Paragraph, "s2 consensus", None),
        (15, Marker, "s2 perspective", None),
        (16, Paragraph, "s2 perspective", None),
        (17, Heading, "s3", Some("named-by-repeat")),
        (18, Paragraph, "s3", None),
        (19, Subsection, "s3-1", Some("followed-by-content")),
        (20, Paragraph, "s3-1", None),
        (21, Subsection, "s3-2", Some("followed-by-content")),
        (22, Paragraph, "s3-2", None),
        (23, Repeat, "s3", Some("repeats-heading")),
        (24, Marker, "s3 consensus", None),
        (25, Paragraph, "s3 consensus", None),
        (26, Marker, "s3 perspective", None),
        (27, Paragraph, "s3 perspective", None),
    ];
    let parsed: Vec<(usize, Role, String, Option<&str>)> = explanation
        .lines
        .iter()
        .map(|l| (l.line, l.role, l.place.map(|p| p.to_string()).unwrap_or_default(), l.rule.as_ref().map(Rule::id)))
        .collect();
    let expected: Vec<(usize, Role, String, Option<&str>)> =
        expected.into_iter().map(|(n, r, p, rule)| (n, r, p.to_owned(), rule)).collect();
    assert_eq!(parsed, expected);
    assert_eq!(explanation.line(6).unwrap().rule, Some(Rule::NamedByRepeat { repeat: 12 }));
    assert_eq!(explanation.line(12).unwrap().rule, Some(Rule::Repeats { heading: 6, how: RepeatMatch::Same }));
    let number = explanation.line(8).unwrap().number.as_ref().unwrap();
    assert_eq!((number.label.as_str(), number.style.as_str(), number.value.as_slice()), ("(1)", "(n)", &[1][..]));
}

#[test]
fn explains_repeats_without_their_number_and_numbered_lists() {
    let e = explain_file(&fixture("txt/fullwidth-numbers-repeat-without-number.txt"));
    assert_eq!(e.line(11).unwrap().rule, Some(Rule::Repeats { heading: 5, how: RepeatMatch::WithoutNumber }));
    let e = explain_file(&fixture("txt/ordered-lists-stay-lists.txt"));
    for n in 7..=9 {
        let l = e.line(n).unwrap();
        assert_eq!(
            (l.role, l.rule.clone()),
            (Role::ListItem, Some(Rule::NumberedRun { first: 7, last: 9 })),
            "line {n}"
        );
        assert_eq!(l.place, Some(Place::Subsection(1, 1)), "line {n}");
    }
    assert_eq!(e.line(12).unwrap().rule, Some(Rule::NumberedRun { first: 12, last: 14 }));
    let e = explain_file(&fixture("txt/warn-numbered-headings-with-full-stops.txt"));
    assert_eq!(e.line(5).unwrap().role, Role::Paragraph);
    assert_eq!(e.line(5).unwrap().rule, Some(Rule::NotHeading(txt::NotHeading::FullStop)));
}

#[test]
fn import_explain_prints_roles_rules_and_warnings() {
    let path = fixture("txt/dot-chapters-paren-subsections.txt");
    let out = tebiki(&["import", "--explain", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let rule_indent = " ".repeat(35);
    assert_eq!(lines[0], "   1  marker       outcomes        解決できること");
    assert_eq!(lines[3], "   4  title        s1              ランサムウェア感染時の初動対応手順");
    assert_eq!(lines[4], format!("{rule_indent}↳ the first line after the outcomes: the title, and the heading of s1"));
    assert_eq!(
        lines[5],
        "   5  paragraph    s1              本書は、ランサムウェアへの感染が疑われる場合に、情報システム部門が最初の…"
    );
    assert_eq!(lines[6], "   6  heading      s2              1. 被害状況の把握");
    assert_eq!(
        lines[7],
        format!("{rule_indent}↳ a section heading: line 12 repeats it before the section's closing block")
    );
    assert!(lines.contains(&"  13  marker       s2 consensus    お客様社内でのご説明・コンセンサス"), "{stdout}");

    let path = fixture("txt/warn-list-continued-by-heading.txt");
    let out = tebiki(&["import", "--explain", path.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let at = stdout.lines().position(|l| l.starts_with("   6  list item")).expect("line 6 is a list item");
    let after: Vec<&str> = stdout.lines().skip(at + 1).take(2).collect();
    assert!(after[0].ends_with("↳ lines 5–6 count up from 1 in one numbering style with nothing between them: a list"));
    assert!(
        stdout.lines().nth(at - 1).unwrap().starts_with(&format!("{rule_indent}warning: lines 5–6 stand in a row")),
        "{stdout}"
    );
}

#[test]
fn import_explain_json_has_a_role_for_every_line() {
    let path = bundled("ja", "vm-failure-ransomware-response");
    let out = tebiki(&["import", "--explain", "--format", "json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 189, "the seed has 189 non-blank lines");
    assert_eq!(
        lines[3],
        serde_json::json!({
            "line": 4,
            "role": "title",
            "place": "s1",
            "text": "VM障害・ランサム相談から受注までの顧客の心の動きと対応のポイント",
            "rule": "title",
            "why": "the first line after the outcomes: the title, and the heading of s1",
        })
    );
    assert_eq!(lines[5]["role"], "table-row");
    assert_eq!(lines[22]["role"], "marker");
    assert_eq!(lines[22]["place"], "s1 consensus");
    assert_eq!(lines[23]["role"], "bullet");
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    let bad = tebiki(&["import", "--format", "json", path.to_str().unwrap()]);
    assert!(!bad.status.success(), "--format needs --explain");
}
