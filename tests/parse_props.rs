//! Property tests: the parsers never panic, whatever the input, and every diagnostic
//! names a line that exists in it.

use proptest::prelude::*;
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
