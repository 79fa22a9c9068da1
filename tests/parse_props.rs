//! Property tests: the parsers never panic, whatever the input, and every diagnostic
//! names a line that exists in it. Besides flat text, documents are generated as trees:
//! Markdown with quotes, lists, `:::` containers and inline markup inside each other (to
//! far past the nesting limit), and guidance text with sections, subsections, tables and
//! both forms of closing block.

use proptest::prelude::*;
use tebiki::parse::nesting::MAX_NESTING;
use tebiki::parse::{self, Format, ParseOptions};

fn line_count(text: &str) -> usize {
    text.split(['\n', '\r']).count().max(1)
}

fn check(text: &str, format: Format) -> Result<(), TestCaseError> {
    let doc = parse::parse_text(text, format, ParseOptions::default()).doc;
    let lines = line_count(text);
    for d in doc.diagnostics.iter() {
        let line = d.line.unwrap_or(0);
        prop_assert!(line >= 1 && line <= lines, "diagnostic on line {line} of {lines}: {}", d.message);
    }
    // Ids are ordinal whatever the input.
    for (i, s) in doc.sections.iter().enumerate() {
        prop_assert_eq!(&s.id, &format!("s{}", i + 1));
        for (j, sub) in s.subsections.iter().enumerate() {
            prop_assert_eq!(&sub.id, &format!("s{}-{}", i + 1, j + 1));
        }
    }
    Ok(())
}

/// Lines shaped like the format's constructs, so that random documents reach deep into
/// the grammar rather than being one long paragraph.
fn shaped_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("解決できること".to_owned()),
        Just("お客様社内でのご説明・コンセンサス".to_owned()),
        Just("【お客様社内でのご説明・コンセンサス】".to_owned()),
        Just("Perspective".to_owned()),
        Just("【Perspective】".to_owned()),
        Just("比較表:".to_owned()),
        Just("——".to_owned()),
        Just("|---|---|".to_owned()),
        Just("```".to_owned()),
        Just("".to_owned()),
        Just("\u{3000} ".to_owned()),
        "[ぁ-んァ-ン一-龥]{1,12}[?？]?",
        "[ぁ-ん一-龥、]{5,40}。[ぁ-ん]{0,10}",
        "- [ぁ-ん]{1,10}",
        "・[ぁ-ん]{1,10}",
        "\\| [a-zぁ-ん\\\\|]{0,6} \\| [a-z]{0,6} \\|?",
        "[a-zぁ-ん]{1,6}\\|[a-zぁ-ん]{1,6}",
        "\\+\\+\\+",
        "::: ?(outcomes|consensus|perspective|x)?",
        "#{1,5} [a-zぁ-ん]{1,8}( \\{#s[0-9]-?[0-9]?\\})?",
        ".{0,30}",
    ]
}

/// Markdown text, for nesting.
fn md_text() -> impl Strategy<Value = String> {
    "[a-zA-Zぁ-ん一-龥][a-zA-Zぁ-ん一-龥 ]{0,15}".prop_map(|s| s.trim_end().to_owned())
}

/// The longest run of colons that starts a line of `block` (after quote and list marks).
fn inner_fence(block: &str) -> usize {
    block
        .lines()
        .map(|l| l.trim_start_matches(['>', ' ', '-', '*', '+']).bytes().take_while(|&b| b == b':').count())
        .max()
        .unwrap_or(0)
}

fn indent(block: &str, first: &str, rest: &str) -> String {
    block
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{first}{l}")
            } else if l.is_empty() {
                l.to_owned()
            } else {
                format!("{rest}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A block of Markdown: paragraphs, tables and code at the leaves; quotes, lists,
/// `:::` containers (an outer fence longer than any inside it, as comrak needs) and
/// inline markup around them.
fn md_block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        md_text(),
        md_text().prop_map(|t| format!("*{t}* **{t}** [{t}](../x/index.html#s1) `{t}`")),
        (md_text(), md_text()).prop_map(|(a, b)| format!("| {a} | {b} |\n|---|---|\n| {b} | {a} |")),
        md_text().prop_map(|t| format!("```\n{t}\n```")),
        md_text().prop_map(|t| format!("- [ ] {t}")),
    ];
    leaf.prop_recursive(12, 96, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(|bs| indent(&bs.join("\n\n"), "> ", "> ")),
            (any::<bool>(), prop::collection::vec(inner.clone(), 1..3)).prop_map(|(ordered, items)| {
                items
                    .iter()
                    .map(|b| if ordered { indent(b, "1. ", "   ") } else { indent(b, "- ", "  ") })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            (
                prop_oneof![Just("consensus"), Just("perspective"), Just("outcomes"), Just("x")],
                prop::collection::vec(inner.clone(), 1..3)
            )
                .prop_map(|(name, bs)| {
                    let body = bs.join("\n\n");
                    let fence = ":".repeat(inner_fence(&body).max(2) + 1);
                    format!("{fence} {name}\n{body}\n{fence}")
                }),
            inner.prop_map(|b| if b.contains('\n') { b } else { format!("*{b}* and **{b}**") }),
        ]
    })
}

/// A block that wraps another, from the outside in.
#[derive(Debug, Clone, Copy)]
enum Level {
    Quote,
    Bullet,
    Ordered,
    Container,
}

/// `text` in `emphasis` levels of alternating `*` and `_`, inside `levels` blocks.
fn nested(levels: &[Level], emphasis: usize, text: &str) -> String {
    let marks: String = (0..emphasis).map(|i| if i % 2 == 0 { '*' } else { '_' }).collect();
    let mut doc = format!("{marks}{text}{}", marks.chars().rev().collect::<String>());
    let mut fence = 2;
    for level in levels.iter().rev() {
        doc = match level {
            Level::Quote => indent(&doc, "> ", "> "),
            Level::Bullet => indent(&doc, "- ", "  "),
            Level::Ordered => indent(&doc, "1. ", "   "),
            Level::Container => {
                fence += 1;
                format!("{f} x\n{doc}\n{f}", f = ":".repeat(fence))
            }
        };
    }
    doc
}

fn has_nesting_error(doc: &tebiki::model::Document) -> bool {
    doc.diagnostics.iter().any(|d| d.message.starts_with("nesting deeper than"))
}

/// A guidance-text guide generated as a tree: outcomes, then sections with paragraphs,
/// tables, subsections and a closing block in either form.
fn txt_guide() -> impl Strategy<Value = String> {
    let para = "[ぁ-ん一-龥、]{8,30}。";
    let heading = "[ぁ-んァ-ン一-龥]{2,12}";
    let table = (heading, heading, heading).prop_map(|(a, b, c)| format!("| {a} | {b} |\n|---|---|\n| {c} | {a} |"));
    let subsection = (heading, prop::collection::vec(para, 1..3), prop::option::of(table.clone()))
        .prop_map(|(h, ps, t)| format!("{h}\n{}{}", ps.join("\n"), t.map(|t| format!("\n{t}")).unwrap_or_default()));
    let closing = prop_oneof![
        (para, para).prop_map(|(a, b)| format!("お客様社内でのご説明・コンセンサス\n{a}\nPerspective\n{b}")),
        (para, para)
            .prop_map(|(a, b)| format!("【お客様社内でのご説明・コンセンサス】\n・{a}\n【Perspective】\n・{b}")),
    ];
    let section = (heading, para, prop::collection::vec(subsection, 0..4), any::<bool>(), closing).prop_map(
        |(h, p, subs, repeat, close)| {
            let mut lines = vec![h.clone(), p];
            lines.extend(subs);
            if repeat {
                lines.push(h);
            }
            lines.push(close);
            lines.join("\n")
        },
    );
    (prop::collection::vec("- [ぁ-ん]{2,10}", 1..4), prop::collection::vec(section, 1..5))
        .prop_map(|(outcomes, sections)| format!("解決できること\n{}\n{}\n", outcomes.join("\n"), sections.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdown_parser_reads_nested_documents(blocks in prop::collection::vec(md_block(), 1..4)) {
        let text = format!("+++\ntitle = \"Nested\"\n+++\n\n## Nested {{#s1}}\n\n{}\n", blocks.join("\n\n"));
        check(&text, Format::Markdown)?;
        let doc = parse::parse_text(&text, Format::Markdown, ParseOptions::default()).doc;
        // Never deeper than the generator's twelve levels, each at most four deep in the tree.
        prop_assert!(!has_nesting_error(&doc), "{text}");
        prop_assert!(!doc.diagnostics.has_errors(), "{:?}\n{text}", doc.diagnostics);
    }

    #[test]
    fn markdown_nesting_past_the_limit_is_an_error_at_a_line(
        levels in prop::collection::vec(
            prop_oneof![Just(Level::Quote), Just(Level::Bullet), Just(Level::Ordered), Just(Level::Container)],
            0..160,
        ),
        emphasis in 0..200usize,
    ) {
        let text = format!("+++\ntitle = \"Deep\"\n+++\n\n## Deep {{#s1}}\n\n{}\n", nested(&levels, emphasis, "deep"));
        // On a thread with the stack of `serve`'s rebuild thread, which a deep guide
        // once overflowed.
        let parsed = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn({
                let text = text.clone();
                move || {
                    check(&text, Format::Markdown).map(|()| parse::parse_text(&text, Format::Markdown, ParseOptions::default()).doc)
                }
            })
            .unwrap()
            .join()
            .expect("the parser overflowed its stack")?;
        if levels.len() > MAX_NESTING {
            prop_assert!(has_nesting_error(&parsed), "{} levels, no error", levels.len());
        }
        if levels.len() <= 12 && emphasis <= 12 {
            prop_assert!(!has_nesting_error(&parsed), "{} levels refused:\n{text}", levels.len());
        }
        if has_nesting_error(&parsed) {
            prop_assert!(parsed.diagnostics.has_errors() && parsed.sections.is_empty());
        }
    }

    #[test]
    fn txt_parser_reads_generated_guides_and_imports_them_equal(text in txt_guide(), crlf in any::<bool>()) {
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        check(&text, Format::Txt)?;
        let doc = parse::parse_text(&text, Format::Txt, ParseOptions::default()).doc;
        prop_assert!(!doc.diagnostics.has_errors(), "{:?}\n{text}", doc.diagnostics);
        prop_assert!(!doc.sections.is_empty() && !doc.outcomes.is_empty(), "{text}");
        let md = parse::emit::to_markdown(&doc, None);
        let back = parse::parse_text(&md, Format::Markdown, ParseOptions::default()).doc;
        prop_assert_eq!(&back, &doc, "Markdown written:\n{}", md);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn txt_parser_never_panics_on_arbitrary_text(text in ".{0,400}") {
        check(&text, Format::Txt)?;
    }

    #[test]
    fn markdown_parser_never_panics_on_arbitrary_text(text in ".{0,400}") {
        check(&text, Format::Markdown)?;
    }

    #[test]
    fn parsers_never_panic_on_shaped_documents(
        lines in prop::collection::vec(shaped_line(), 0..60),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        check(&text, Format::Txt)?;
        check(&text, Format::Markdown)?;
    }

    #[test]
    fn decoding_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(decoded) = parse::decode::decode(&bytes) {
            check(&decoded.text, Format::Txt)?;
            check(&decoded.text, Format::Markdown)?;
        }
    }

    #[test]
    fn imported_markdown_parses_back_equal(lines in prop::collection::vec(shaped_line(), 1..40)) {
        let text = lines.join("\n");
        let doc = parse::parse_text(&text, Format::Txt, ParseOptions::default()).doc;
        if doc.diagnostics.has_errors() {
            return Ok(());
        }
        let md = parse::emit::to_markdown(&doc, None);
        let back = parse::parse_text(&md, Format::Markdown, ParseOptions::default()).doc;
        prop_assert_eq!(&back, &doc, "Markdown written:\n{}", md);
    }
}
