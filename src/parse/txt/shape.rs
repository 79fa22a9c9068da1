//! The shape of one line of guidance text: is it heading-shaped (and if not, why not), is
//! it a marker of the format, a bullet, a code fence — and the key under which a closing
//! repeat is compared with the headings above it. Pure functions over one line each.

use crate::model::{Inline, SourceLine};
use crate::parse::numbering;

/// Longest line (in characters) that can be a heading.
pub(super) const MAX_HEADING_CHARS: usize = 60;

/// Why a line is not heading-shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotHeading {
    /// Longer than [`MAX_HEADING_CHARS`].
    TooLong,
    /// Has a full stop (`。` or `．`) in it.
    FullStop,
    /// Has `. ` in it: an English sentence break.
    SentenceBreak,
    /// Ends with a comma, a colon or a pipe, the way a lead-in line does.
    Ends(char),
    /// Starts with a note's or a continuation's mark ([`NOTE_MARKS`]).
    Starts(char),
    /// Has a tab in it: a row of cells pasted from a spreadsheet.
    Tab,
}

/// The marks that start a note (`※ 電源は切らないこと`) or a line that carries on the one
/// above (`→ 上書きにも注意`): such a line is never a heading.
pub(super) const NOTE_MARKS: [char; 5] = ['※', '→', '⇒', '↳', '＊'];

impl NotHeading {
    /// "… because it …" — why, as a clause.
    pub fn reason(self) -> String {
        match self {
            NotHeading::TooLong => format!("is longer than {MAX_HEADING_CHARS} characters"),
            NotHeading::FullStop => "has a full stop `。`".to_owned(),
            NotHeading::SentenceBreak => "has a sentence break `. `".to_owned(),
            NotHeading::Ends(c) => format!("ends with `{c}`"),
            NotHeading::Starts(c) => format!("starts with `{c}`, as a note or a continuation does"),
            NotHeading::Tab => "has a tab in it, as a row of cells does".to_owned(),
        }
    }

    /// What an author writes instead to make the line a heading.
    pub(super) fn fix(self) -> String {
        match self {
            NotHeading::TooLong => format!("shorten them to {MAX_HEADING_CHARS} characters or fewer"),
            NotHeading::FullStop => "write them without `。`".to_owned(),
            NotHeading::SentenceBreak => "write them without the `. ` sentence break".to_owned(),
            NotHeading::Ends(c @ (':' | '：')) => {
                format!("drop the final `{c}` or number them (`(1)`, `(2)`, …)")
            }
            NotHeading::Ends(c) => format!("drop the final `{c}`"),
            NotHeading::Starts(c) => format!("drop the leading `{c}`"),
            NotHeading::Tab => "write them without tabs".to_owned(),
        }
    }
}

/// A heading is short, and is not a sentence: no full stop anywhere, no trailing comma or
/// colon. After a number or mark (`1.`, `（１）`, `■`), the full stop of the number does
/// not count, and a trailing colon is allowed (`■ 対応手順：`).
pub(super) fn heading_shape(text: &str) -> Result<(), NotHeading> {
    if text.chars().count() > MAX_HEADING_CHARS {
        return Err(NotHeading::TooLong);
    }
    if let Some(c) = text.chars().next().filter(|c| NOTE_MARKS.contains(c)) {
        return Err(NotHeading::Starts(c));
    }
    if text.contains('\t') {
        return Err(NotHeading::Tab);
    }
    let lead = numbering::lead(text);
    let body = lead.as_ref().map_or(text, |l| l.rest);
    if body.contains(['。', '．']) {
        return Err(NotHeading::FullStop);
    }
    if body.contains(". ") {
        return Err(NotHeading::SentenceBreak);
    }
    let enders: &[char] =
        if lead.is_some() { &['、', '，', ',', '.', '|'] } else { &['、', '，', ',', '.', ':', '：', '|'] };
    match body.chars().last() {
        Some(c) if enders.contains(&c) => Err(NotHeading::Ends(c)),
        _ => Ok(()),
    }
}

pub(super) fn is_heading_shaped(text: &str) -> bool {
    heading_shape(text).is_ok()
}

/// The markers of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkerKind {
    Outcomes,
    Consensus,
    Perspective,
}

/// The markers of the format, plain or in `【…】`, with or without a trailing colon
/// (inside the brackets or after them).
pub(super) fn marker_kind(text: &str) -> Option<MarkerKind> {
    let t = text.trim_end_matches([':', '：']).trim_end();
    let t = t.strip_prefix('【').and_then(|t| t.strip_suffix('】')).unwrap_or(t);
    let t = t.trim_end_matches([':', '：']).trim();
    if t == "解決できること" {
        Some(MarkerKind::Outcomes)
    } else if t == "お客様社内でのご説明・コンセンサス"
        || (t.ends_with("コンセンサス") && t.chars().count() <= 24 && !t.contains('。'))
    {
        Some(MarkerKind::Consensus)
    } else if t.eq_ignore_ascii_case("perspective") {
        Some(MarkerKind::Perspective)
    } else {
        None
    }
}

/// A line drawn to separate parts of a document (`――――`, `＝＝＝＝`, `-----`, `＊＊＊`):
/// three or more of one rule character and nothing else. It carries no content.
pub(super) fn is_rule_line(text: &str) -> bool {
    const RULES: &[char] = &['―', '─', '━', '—', '-', '－', '=', '＝', '_', '＿', '*', '＊', '~', '〜', '～', '═'];
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && RULES.contains(&chars[0]) && chars.iter().all(|&c| c == chars[0])
}

pub(super) fn bullet_text(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("- ")
        .or_else(|| text.strip_prefix("* "))
        .or_else(|| text.strip_prefix('・'))
        .or_else(|| text.strip_prefix('•'))?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace());
    (!rest.is_empty()).then_some(rest)
}

pub(super) fn code_fence(text: &str) -> Option<&'static str> {
    if text.starts_with("```") {
        Some("```")
    } else if text.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// How a closing repeat is compared with a heading: NFKC, no spaces, lower case; `whole`
/// is the line, `bare` the line without its number or mark, a trailing colon or `【…】`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HeadingKey {
    pub whole: String,
    pub bare: String,
    /// The number's value, if the line has one (`1.` and `１．` are the same number).
    pub value: Option<Vec<u32>>,
}

pub(super) fn heading_key(text: &str) -> HeadingKey {
    let lead = numbering::lead(text);
    let value = lead.as_ref().and_then(|l| l.number()).map(|n| n.value.clone());
    let body = lead.as_ref().map_or(text, |l| l.rest).trim_end_matches([':', '：']);
    let body = body.strip_prefix('【').and_then(|b| b.strip_suffix('】')).unwrap_or(body);
    HeadingKey { whole: normalize(text), bare: normalize(body), value }
}

/// NFKC, no spaces, lower case: [`crate::model::fold`].
pub(super) fn normalize(text: &str) -> String {
    crate::model::fold(text)
}

/// How a repeat matched its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatMatch {
    /// The same text (widths and spaces aside).
    Same,
    /// The same text once the number or mark is set aside (on either side).
    WithoutNumber,
}

/// Does `repeat` repeat `heading`? Two different numbers never match.
pub(super) fn repeats(heading: &HeadingKey, repeat: &HeadingKey) -> Option<RepeatMatch> {
    if heading.whole == repeat.whole {
        Some(RepeatMatch::Same)
    } else if heading.bare == repeat.bare
        && !heading.bare.is_empty()
        && (heading.value.is_none() || repeat.value.is_none() || heading.value == repeat.value)
    {
        Some(RepeatMatch::WithoutNumber)
    } else {
        None
    }
}

/// An image on a line of its own: `![alt](path)`, the Markdown form (the alt text may be
/// empty; the path is everything between `](` and the closing `)`).
pub(super) fn image_line(text: &str, line: usize) -> Option<Inline> {
    let inner = text.strip_prefix("![")?.strip_suffix(')')?;
    let (alt, src) = inner.split_once("](")?;
    let src = src.trim();
    // A title after the path (`img/a.png "図1"`), as Markdown allows: not part of the path.
    let title_at = src.chars().last().filter(|q| matches!(q, '"' | '\'')).and_then(|q| src.find(&format!(" {q}")));
    let src = title_at.map_or(src, |at| src[..at].trim_end());
    let src = src.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(src);
    if src.is_empty() || src.contains(['<', '>']) {
        return None;
    }
    // White space in the alt text counts once, as Markdown reads it.
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Inline::Image { src: src.to_owned(), alt, line: SourceLine(line) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines_are_heading_shaped_after_their_number() {
        assert!(is_heading_shaped("1. 被害の把握"));
        assert!(is_heading_shaped("１．社内への報告"));
        assert!(is_heading_shaped("Ⅱ．報告の頻度"));
        assert!(is_heading_shaped("▶ 記載する項目："));
        assert!(is_heading_shaped("Q1. 何をすればよいですか？"));
        assert_eq!(heading_shape("(1) 連絡する取引先を決める。"), Err(NotHeading::FullStop));
        assert_eq!(heading_shape("記載する項目："), Err(NotHeading::Ends('：')));
        assert_eq!(heading_shape("1. 概要、"), Err(NotHeading::Ends('、')));
        assert_eq!(heading_shape("See section 2. Then go on"), Err(NotHeading::SentenceBreak));
    }

    #[test]
    fn notes_continuations_and_cells_are_never_headings() {
        assert_eq!(heading_shape("※ 電源は切らないこと"), Err(NotHeading::Starts('※')));
        assert_eq!(heading_shape("→ 上書きにも注意"), Err(NotHeading::Starts('→')));
        assert_eq!(heading_shape("役割\t担当\t連絡先"), Err(NotHeading::Tab));
        assert!(is_heading_shaped("注意事項"));
    }

    #[test]
    fn markers_may_have_a_colon_inside_or_after_their_brackets() {
        for t in [
            "【お客様社内でのご説明・コンセンサス】：",
            "【お客様社内でのご説明・コンセンサス：】",
            "お客様社内でのご説明・コンセンサス:",
        ] {
            assert_eq!(marker_kind(t), Some(MarkerKind::Consensus), "{t}");
        }
        assert_eq!(marker_kind("【Perspective】："), Some(MarkerKind::Perspective));
        assert_eq!(marker_kind("【解決できること】:"), Some(MarkerKind::Outcomes));
    }

    #[test]
    fn an_image_line_may_give_a_title_after_its_path() {
        let src = |t: &str| match image_line(t, 1) {
            Some(Inline::Image { src, .. }) => src,
            other => panic!("{other:?}"),
        };
        assert_eq!(src("![全体図](img/chart.png \"図1 全体図\")"), "img/chart.png");
        assert_eq!(src("![全体図](img/chart.png 'title')"), "img/chart.png");
        assert_eq!(src("![全体図](img/chart.png)"), "img/chart.png");
        assert_eq!(src("![全体図](<img/my chart.png>)"), "img/my chart.png");
    }

    #[test]
    fn a_rule_line_is_one_rule_character_three_times_or_more() {
        for t in ["――――――", "＝＝＝", "-----", "＊ ＊ ＊", "━━━━"] {
            assert!(is_rule_line(t), "{t}");
        }
        for t in ["--", "-=-=-", "――補足――", "***強調***", "・・・"] {
            assert!(!is_rule_line(t), "{t}");
        }
    }

    #[test]
    fn repeats_match_with_or_without_their_number() {
        let k = heading_key;
        assert_eq!(repeats(&k("１．社内への報告"), &k("社内への報告")), Some(RepeatMatch::WithoutNumber));
        assert_eq!(repeats(&k("【２】回答"), &k("【2】回答")), Some(RepeatMatch::Same));
        assert_eq!(repeats(&k("第一章　開示の判断"), &k("開示の判断")), Some(RepeatMatch::WithoutNumber));
        assert_eq!(repeats(&k("■ 取材窓口"), &k("取材窓口")), Some(RepeatMatch::WithoutNumber));
        assert_eq!(repeats(&k("1. 概要"), &k("2. 概要")), None);
        assert_eq!(repeats(&k("対応手順"), &k("【対応手順】")), Some(RepeatMatch::WithoutNumber));
    }
}
