//! Property tests: the parsers never panic, whatever the input, and every diagnostic
//! names a line that exists in it; `--explain` gives every non-blank line a role; and
//! writing a guide's headings with numbers never changes its structure. Besides flat text,
//! documents are generated as trees: Markdown with quotes, lists, `:::` containers and
//! inline markup inside each other (to far past the nesting limit), and guidance text with
//! sections, subsections, tables and both forms of closing block.

use proptest::prelude::*;
use tebiki::parse::nesting::MAX_NESTING;
use tebiki::parse::txt::{Place, Role};
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
    if format == Format::Txt {
        // `--explain` gives every non-blank line one entry, in order, and has the diagnostics.
        // (Of the text as it is parsed: stray control characters removed, line ends kept.)
        let explanation = parse::explain_txt(text);
        let (text, _) = tebiki::parse::decode::strip_controls(text);
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let non_blank: Vec<usize> = text
            .split("\r\n")
            .flat_map(|l| l.split(['\n', '\r']))
            .enumerate()
            .filter(|(_, l)| !l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').is_empty())
            .map(|(k, _)| k + 1)
            .collect();
        let explained: Vec<usize> = explanation.lines.iter().map(|l| l.line).collect();
        prop_assert_eq!(explained, non_blank);
        prop_assert_eq!(explanation.diagnostics.len(), doc.diagnostics.0.len());
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

// Numbering never changes the structure ------------------------------------------------

/// The numbering styles writers use for headings and lists.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Dot,
    Close,
    Enclosed,
    Circled,
    Chapter,
    Setsu,
    Step,
    Hyphen,
    Decimal,
    Kana,
    Roman,
    Question,
    Bracket,
    Mark(char),
}

const STYLES: [Style; 17] = [
    Style::Dot,
    Style::Close,
    Style::Enclosed,
    Style::Circled,
    Style::Chapter,
    Style::Setsu,
    Style::Step,
    Style::Hyphen,
    Style::Decimal,
    Style::Kana,
    Style::Roman,
    Style::Question,
    Style::Bracket,
    Style::Mark('■'),
    Style::Mark('◆'),
    Style::Mark('●'),
    Style::Mark('▶'),
];

fn wide(n: u32) -> String {
    n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect()
}

/// The number (or mark) of the `n`-th heading or item, with what separates it from the text.
fn numbered(style: Style, parent: u32, n: u32, full_width: bool) -> String {
    let shift = |base: char| char::from_u32(base as u32 + n - 1).unwrap();
    match (style, full_width) {
        (Style::Dot, false) => format!("{n}. "),
        (Style::Dot, true) => format!("{}．", wide(n)),
        (Style::Close, false) => format!("{n}) "),
        (Style::Close, true) => format!("{}）", wide(n)),
        (Style::Enclosed, false) => format!("({n}) "),
        (Style::Enclosed, true) => format!("（{}）", wide(n)),
        (Style::Circled, _) => shift('①').to_string(),
        (Style::Chapter, _) => format!("第{n}章 "),
        (Style::Setsu, _) => format!("第{n}節\u{3000}"),
        (Style::Step, _) => format!("Step {n}. "),
        (Style::Hyphen, _) => format!("{parent}-{n} "),
        (Style::Decimal, _) => format!("{parent}.{n} "),
        (Style::Kana, _) => format!("{}\u{3000}", "アイウエオカキクケコ".chars().nth(n as usize - 1).unwrap()),
        (Style::Roman, _) => format!("{}．", shift('Ⅰ')),
        (Style::Question, _) => format!("Q{n}. "),
        (Style::Bracket, _) => format!("【{n}】"),
        (Style::Mark(c), _) => format!("{c} "),
    }
}

#[derive(Debug, Clone)]
enum Body {
    Para(String),
    Bullets(Vec<String>),
    /// Items of a list numbered in the document's list style.
    List(Vec<String>),
}

#[derive(Debug, Clone, Copy)]
enum Close {
    /// The heading repeated, then plain consensus and perspective blocks.
    Repeat { with_number: bool },
    /// Bracketed consensus bullets, no repeat.
    Bracketed,
    /// None: a section cut short.
    Open,
}

#[derive(Debug, Clone)]
struct Sec {
    heading: String,
    body: Vec<Body>,
    subs: Vec<(String, Vec<Body>)>,
    close: Close,
}

fn body_item() -> impl Strategy<Value = Body> {
    prop_oneof![
        "[ぁ-ん]{2,4}[ぁ-ん一-龥、]{3,20}。".prop_map(Body::Para),
        prop::collection::vec("[ぁ-ん]{2,10}", 1..4).prop_map(Body::Bullets),
        prop::collection::vec("[ぁ-ん]{2,10}[。]?", 2..5).prop_map(Body::List),
    ]
}

fn section() -> impl Strategy<Value = Sec> {
    let close = prop_oneof![
        any::<bool>().prop_map(|with_number| Close::Repeat { with_number }),
        Just(Close::Bracketed),
        Just(Close::Open),
    ];
    let sub = ("[ぁ-ん]{2,6}", prop::collection::vec(body_item(), 1..3));
    ("[ぁ-ん]{2,6}", prop::collection::vec(body_item(), 0..3), prop::collection::vec(sub, 0..4), close).prop_map(
        |(heading, mut body, subs, close)| {
            // A section cut short needs a line under its heading, or it runs into the next.
            if matches!(close, Close::Open) && body.is_empty() {
                body.push(Body::Para("ほんぶんです。".to_owned()));
            }
            Sec { heading, body, subs, close }
        },
    )
}

/// Headings made unique (a repeat names the first heading with its text).
fn unique(mut secs: Vec<Sec>) -> Vec<Sec> {
    let mut n = 0;
    let mut tag = |h: &mut String| {
        n += 1;
        h.push_str(&format!("の{}", "アイウエオカキクケコサシスセソタチツテト".chars().nth(n % 20).unwrap()));
        h.push_str(&"ン".repeat(n / 20));
    };
    for s in &mut secs {
        tag(&mut s.heading);
        for (h, _) in &mut s.subs {
            tag(h);
        }
    }
    secs
}

/// Heading styles for sections and subsections, and the style of lists: all different.
#[derive(Debug, Clone, Copy)]
struct Numbering {
    section: Style,
    sub: Style,
    full_width: bool,
}

fn render(secs: &[Sec], list: Style, numbering: Option<&Numbering>) -> String {
    let mut out = vec!["解決できること".to_owned(), "- 手順がわかる".to_owned()];
    let body = |out: &mut Vec<String>, items: &[Body]| {
        for item in items {
            match item {
                Body::Para(p) => out.push(p.clone()),
                Body::Bullets(b) => out.extend(b.iter().map(|i| format!("・{i}"))),
                Body::List(l) => out.extend(
                    l.iter().enumerate().map(|(k, i)| format!("{}{i}", numbered(list, 1, k as u32 + 1, false))),
                ),
            }
        }
    };
    for (k, sec) in secs.iter().enumerate() {
        let k = k as u32;
        let heading = match numbering {
            Some(n) if k > 0 => format!("{}{}", numbered(n.section, 1, k, n.full_width), sec.heading),
            _ => sec.heading.clone(),
        };
        out.push(heading.clone());
        body(&mut out, &sec.body);
        for (m, (h, b)) in sec.subs.iter().enumerate() {
            out.push(match numbering {
                Some(n) => format!("{}{h}", numbered(n.sub, k.max(1), m as u32 + 1, n.full_width)),
                None => h.clone(),
            });
            body(&mut out, b);
        }
        match sec.close {
            Close::Repeat { with_number } => {
                out.push(if with_number { heading } else { sec.heading.clone() });
                out.extend(
                    ["お客様社内でのご説明・コンセンサス", "方針を共有します。", "Perspective", "備えが大切です。"]
                        .map(String::from),
                );
            }
            Close::Bracketed => {
                out.extend(["【お客様社内でのご説明・コンセンサス】", "・方針を共有します。"].map(String::from));
            }
            Close::Open => {}
        }
    }
    out.join("\n")
}

/// The two parses have the same structure; the numbered one's headings end with the plain
/// ones and carry a number or mark.
fn same_structure(plain: &tebiki::model::Document, numbered: &tebiki::model::Document) -> Result<(), TestCaseError> {
    prop_assert_eq!(plain.sections.len(), numbered.sections.len(), "sections");
    for (a, b) in plain.sections.iter().zip(&numbered.sections) {
        prop_assert!(b.heading.ends_with(&a.heading), "section `{}` read as `{}`", a.heading, b.heading);
        prop_assert_eq!(&a.blocks, &b.blocks, "blocks of {}", a.id);
        prop_assert_eq!(&a.consensus, &b.consensus, "consensus of {}", a.id);
        prop_assert_eq!(&a.perspective, &b.perspective, "perspective of {}", a.id);
        prop_assert_eq!(a.subsections.len(), b.subsections.len(), "subsections of {}", a.id);
        for (x, y) in a.subsections.iter().zip(&b.subsections) {
            prop_assert!(y.heading.ends_with(&x.heading), "subsection `{}` read as `{}`", x.heading, y.heading);
            prop_assert_eq!(&x.blocks, &y.blocks, "blocks of {}", x.id);
        }
    }
    Ok(())
}

fn styles() -> impl Strategy<Value = (Numbering, Style)> {
    (0..STYLES.len(), 0..STYLES.len(), 0..STYLES.len(), any::<bool>())
        .prop_filter("three different styles", |(s, t, l, _)| s != t && s != l && t != l)
        .prop_map(|(s, t, l, full_width)| (Numbering { section: STYLES[s], sub: STYLES[t], full_width }, STYLES[l]))
}

fn txt(text: &str) -> tebiki::model::Document {
    parse::parse_text(text, Format::Txt, ParseOptions::default()).doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same guide written with numbered (or marked) headings has the same sections,
    /// subsections and blocks as written without numbers.
    #[test]
    fn numbering_headings_never_changes_the_structure(
        secs in prop::collection::vec(section(), 1..6).prop_map(unique),
        (numbering, list) in styles(),
    ) {
        let plain = txt(&render(&secs, list, None));
        let text = render(&secs, list, Some(&numbering));
        let numbered = txt(&text);
        same_structure(&plain, &numbered).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        // Every heading written with a number carries it as data.
        for (a, b) in plain.sections.iter().zip(&numbered.sections) {
            let prefix = &b.heading[..b.heading.len() - a.heading.len()];
            let marked = prefix.starts_with(['■', '◆', '●', '▶']);
            prop_assert_eq!(b.number.is_some(), !prefix.is_empty() && !marked, "number of `{}`", b.heading);
            prop_assert!(a.number.is_none());
        }
    }

    /// A seed with its section headings (and repeats) and subsection headings numbered
    /// reads into the structure it has without them.
    #[test]
    fn numbering_a_seed_never_changes_its_structure(
        seed in 0..5usize,
        (numbering, _) in styles(),
        repeat_number in any::<bool>(),
    ) {
        let slugs = ["p2p-trouble-disclosure", "incident-public-announcement", "vm-failure-ransomware-response", "data-breach-litigation", "service-platform-accountability"];
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/ja/{}.txt", slugs[seed]));
        let text = std::fs::read_to_string(path).unwrap();
        let explanation = parse::txt::explain(&text);
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        for l in &explanation.lines {
            let prefix = match (l.role, l.place) {
                (Role::Heading, Some(Place::Section(s))) => numbered(numbering.section, 1, s as u32 - 1, numbering.full_width),
                (Role::Repeat, Some(Place::Section(s))) if s > 1 && repeat_number => numbered(numbering.section, 1, s as u32 - 1, numbering.full_width),
                (Role::Subsection, Some(Place::Subsection(s, m))) => numbered(numbering.sub, s as u32, m as u32, numbering.full_width),
                _ => continue,
            };
            let raw = &mut lines[l.line - 1];
            *raw = format!("{prefix}{}", raw.trim());
        }
        let numbered_text = lines.join("\n");
        let plain = txt(&text);
        let numbered_doc = txt(&numbered_text);
        same_structure(&plain, &numbered_doc)?;
        prop_assert!(numbered_doc.diagnostics.0.is_empty(), "{:?}", numbered_doc.diagnostics.0);
    }
}

/// The shapes read from other authors' habits (a widened table, tab-separated rows, an
/// indented bullet or continuation, two tables a blank line apart) are written to
/// Markdown that reads back the same.
#[test]
fn other_authors_shapes_round_trip_through_markdown() {
    for text in [
        "解決できること\n- a\n題\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
        "解決できること\n- a\n題\n| a | b |\n| 1 |\n",
        "解決できること\n- a\n題\nx\ty\tz\n1\t2\t3\n",
        "解決できること\n- a\n題\nx\t\n1\t\n",
        "解決できること\n- a\n題\n・a\n\u{3000}→ b\n\u{3000}・c\n",
        "解決できること\n- a\n題\n・a\n\u{3000}※ b *c*\n",
        "解決できること\n- a\n題\n| a | b |\n|---|---|\n| 1 | 2 |\n\n| c | d |\n|---|---|\n",
        "解決できること\n- a\n題\n\t|\t\n\t|\t\n",
        "解決できること\n- a\n題\na\t|b\nc\t|d\n",
        "解決できること\n- a\n題\n詳細は www.example.com と https://example.org/x を見る。\n",
    ] {
        let doc = parse::parse_text(text, Format::Txt, ParseOptions::default()).doc;
        assert!(!doc.diagnostics.has_errors(), "{text:?}: {:?}", doc.diagnostics);
        let md = parse::emit::to_markdown(&doc, None);
        let back = parse::parse_text(&md, Format::Markdown, ParseOptions::default()).doc;
        assert_eq!(back, doc, "{text:?}\nMarkdown written:\n{md}");
    }
}
