//! Numbers and marks at the start of a line, in the styles Japanese business documents
//! number their headings and lists with: `1.` `１．` `1)` `(1)` `（１）` `①` `⑴` `1-1` `1.1`
//! `第1章` `第一節` `Step 1` `Q1.` `Ⅰ.` `ア` `(ア)` `a)` `一、` `【1】`, and the marks `■` `◆`
//! `●` `▶` (and their outlined forms, `★`, `◎`, `▼`).
//!
//! [`lead`] reads one line; [`number_headings`] gives every heading of a parsed document its
//! [`HeadingNumber`] (both parsers call it, so a `.txt` guide and the `.md` written from it
//! stay equal). Full-width digits and punctuation count as their ASCII forms; the label
//! keeps the width it was written in. Pure functions over one line each.

use crate::model::{Document, HeadingNumber};

/// What a line starts with: a number or a mark, and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead<'a> {
    pub kind: LeadKind,
    /// The line after the number or mark and the spaces (or `:`) after it; never empty.
    pub rest: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadKind {
    Number(HeadingNumber),
    /// A heading or bullet mark such as `■`: no value, only the mark itself.
    Mark(char),
}

impl Lead<'_> {
    pub fn number(&self) -> Option<&HeadingNumber> {
        match &self.kind {
            LeadKind::Number(n) => Some(n),
            LeadKind::Mark(_) => None,
        }
    }

    /// `1.`, `(1)` or `■`: how the lead is written, for messages.
    pub fn label(&self) -> String {
        match &self.kind {
            LeadKind::Number(n) => n.label.clone(),
            LeadKind::Mark(c) => c.to_string(),
        }
    }

    /// Two leads of the same style (numbers) or the same mark.
    pub fn same_style(&self, other: &Lead<'_>) -> bool {
        match (&self.kind, &other.kind) {
            (LeadKind::Number(a), LeadKind::Number(b)) => a.style == b.style,
            (LeadKind::Mark(a), LeadKind::Mark(b)) => a == b,
            _ => false,
        }
    }
}

/// Marks that stand before a heading or a list item.
const MARKS: &[char] = &['■', '□', '◆', '◇', '●', '○', '◯', '◎', '▶', '▷', '►', '▸', '▪', '▼', '▽', '★', '☆'];

/// Counters after `第N`: chapter, section, item, part, article, volume, clause, round, stage.
const COUNTERS: &[&str] = &["段階", "章", "節", "項", "部", "条", "編", "款", "回"];

/// Words before a step or question number (`Step 1`, `STEP1`, `ステップ1`, `Q1`).
const WORDS: &[&str] = &["Step", "STEP", "step", "ステップ", "Phase", "PHASE", "フェーズ", "Part", "PART", "Q"];

/// Katakana in the order official documents count with them (ア, イ, ウ, …).
const KANA: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";

/// Opening brackets around a number and their closers.
const BRACKETS: &[(char, char)] =
    &[('(', ')'), ('[', ']'), ('【', '】'), ('〔', '〕'), ('〈', '〉'), ('《', '》'), ('<', '>')];

/// Reads the number or mark a line starts with. `None` when it starts with neither, or
/// when nothing follows it.
pub fn lead(text: &str) -> Option<Lead<'_>> {
    let mut c = Cursor { s: text, i: 0 };
    let first = c.peek_raw()?;
    if MARKS.contains(&first) {
        c.bump();
        if c.peek_raw() == Some(first) {
            return None; // `○○社`: a placeholder, not a mark
        }
        return finish(text, LeadKind::Mark(first), c.i);
    }
    let (style, value) = read_number(&mut c)?;
    let label_end = c.i;
    let number = HeadingNumber { label: text[..label_end].to_owned(), style, value };
    finish(text, LeadKind::Number(number), c.i)
}

/// The rest after the label: spaces and one optional colon are skipped; it must not be empty.
fn finish(text: &str, kind: LeadKind, at: usize) -> Option<Lead<'_>> {
    let rest = text[at..].trim_start_matches(is_space);
    let rest = rest.strip_prefix([':', '：']).unwrap_or(rest).trim_start_matches(is_space);
    (!rest.is_empty()).then_some(Lead { kind, rest })
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The heading number of `text`, if it starts with one.
pub fn heading_number(text: &str) -> Option<HeadingNumber> {
    match lead(text)?.kind {
        LeadKind::Number(n) => Some(n),
        LeadKind::Mark(_) => None,
    }
}

/// Sets the number of every section and subsection heading from its text.
pub fn number_headings(doc: &mut Document) {
    for section in &mut doc.sections {
        section.number = heading_number(&section.heading);
        for sub in &mut section.subsections {
            sub.number = heading_number(&sub.heading);
        }
    }
}

/// `next` counts on from `prev`: same style, same depth, the last part one higher.
pub fn follows(prev: &HeadingNumber, next: &HeadingNumber) -> bool {
    let (Some((p, p_head)), Some((n, n_head))) = (prev.value.split_last(), next.value.split_last()) else {
        return false;
    };
    prev.style == next.style && p_head == n_head && *n == p + 1
}

/// The number starts a count: its last part is 1 (`1.`, `①`, `ア`, `2-1`).
pub fn starts_count(n: &HeadingNumber) -> bool {
    n.value.last() == Some(&1)
}

// ---------------------------------------------------------------------------------------

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn peek_raw(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    /// The next character with full-width ASCII folded to ASCII.
    fn peek(&self) -> Option<char> {
        self.peek_raw().map(fold)
    }
    fn peek2(&self) -> Option<char> {
        self.s[self.i..].chars().nth(1).map(fold)
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek_raw()?;
        self.i += c.len_utf8();
        Some(fold(c))
    }
    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn eat_str(&mut self, want: &str) -> bool {
        if self.s[self.i..].starts_with(want) {
            self.i += want.len();
            true
        } else {
            false
        }
    }
    /// One to three digits (a year such as `2024` is not a heading number).
    fn digits(&mut self) -> Option<u32> {
        let start = self.i;
        let mut value = 0u32;
        let mut count = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.bump();
            value = value * 10 + d;
            count += 1;
        }
        if count == 0 || count > 3 {
            self.i = start;
            return None;
        }
        Some(value)
    }
    /// A kanji numeral from 一 to 九十九.
    fn kanji(&mut self) -> Option<u32> {
        let start = self.i;
        let digit = |c: char| "一二三四五六七八九".chars().position(|k| k == c).map(|p| p as u32 + 1);
        let mut value = 0;
        let mut tens = false;
        if let Some(d) = self.peek_raw().and_then(digit) {
            self.bump();
            value = d;
        }
        if self.peek_raw() == Some('十') {
            self.bump();
            value = value.max(1) * 10;
            tens = true;
        }
        if tens && let Some(d) = self.peek_raw().and_then(digit) {
            self.bump();
            value += d;
        }
        if value == 0 {
            self.i = start;
            return None;
        }
        Some(value)
    }
    fn at_space(&self) -> bool {
        self.peek_raw().is_some_and(char::is_whitespace)
    }
}

/// Full-width ASCII (`１`, `．`, `（`) as ASCII; other dashes as `-`.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '‐' | '‑' | '−' => '-',
        _ => c,
    }
}

/// Circled and parenthesized numeral characters: (value, style).
fn numeral_char(c: char) -> Option<(u32, &'static str)> {
    let n = c as u32;
    let (value, style) = match c {
        '①'..='⑳' => (n - 0x2460 + 1, "①"),
        '㉑'..='㉟' => (n - 0x3251 + 21, "①"),
        '㊱'..='㊿' => (n - 0x32B1 + 36, "①"),
        '⑴'..='⒇' => (n - 0x2474 + 1, "(n)"),
        '⒈'..='⒛' => (n - 0x2488 + 1, "n."),
        '❶'..='❿' => (n - 0x2776 + 1, "❶"),
        '➀'..='➉' => (n - 0x2780 + 1, "➀"),
        '➊'..='➓' => (n - 0x278A + 1, "➊"),
        _ => return None,
    };
    Some((value, style))
}

/// Reads a number and its punctuation; the cursor ends after the label.
fn read_number(c: &mut Cursor<'_>) -> Option<(String, Vec<u32>)> {
    let start = c.i;
    let first = c.peek_raw()?;
    let result = if let Some((value, style)) = numeral_char(first) {
        c.bump();
        Some((style.to_owned(), vec![value]))
    } else if let Some(value) = roman(first) {
        c.bump();
        let base = if first >= 'ⅰ' { 'ⅰ' } else { 'Ⅰ' };
        punct_or_space(c).map(|p| (format!("{base}{p}"), vec![value]))
    } else if first == '第' {
        c.bump();
        let value = c.digits().or_else(|| c.kanji())?;
        let counter = COUNTERS.iter().find(|k| c.eat_str(k))?;
        Some((format!("第n{counter}"), vec![value]))
    } else if let Some(word) = WORDS.iter().find(|w| c.s[c.i..].starts_with(*w)) {
        c.eat_str(word);
        let space = if c.at_space() {
            c.bump();
            " "
        } else {
            ""
        };
        let value = c.digits()?;
        let p = match c.peek() {
            Some(p @ ('.' | ')')) => {
                c.bump();
                p.to_string()
            }
            _ => String::new(),
        };
        if !p.is_empty() || c.at_space() || matches!(c.peek(), Some(':' | '：')) {
            Some((format!("{word}{space}n{p}"), vec![value]))
        } else {
            None
        }
    } else if let Some(&(open, close)) = BRACKETS.iter().find(|(o, _)| Some(*o) == c.peek()) {
        c.bump();
        let (class, value) = bracketed_numeral(c)?;
        c.eat(close).then(|| (format!("{open}{class}{close}"), vec![value]))
    } else if fold(first).is_ascii_digit() {
        arabic(c)
    } else if let Some(value) = c.kanji() {
        match c.peek() {
            Some(p @ ('、' | '.' | ')')) => {
                c.bump();
                Some((format!("一{p}"), vec![value]))
            }
            _ => None,
        }
    } else if let Some(pos) = KANA.chars().position(|k| k == first) {
        c.bump();
        punct_or_space(c).map(|p| (format!("ア{p}"), vec![pos as u32 + 1]))
    } else if fold(first).is_ascii_alphabetic() {
        let letter = c.bump()?;
        let p = match c.peek() {
            Some(p @ ('.' | ')')) => p,
            _ => return reset(c, start),
        };
        c.bump();
        // `e.g.` is not a lettered item: the letter's punctuation is followed by a space or text.
        if c.peek().is_some_and(|n| n.is_ascii_alphanumeric()) {
            return reset(c, start);
        }
        let base = if letter.is_ascii_uppercase() { 'A' } else { 'a' };
        Some((format!("{base}{p}"), vec![letter.to_ascii_lowercase() as u32 - 'a' as u32 + 1]))
    } else {
        None
    };
    if result.is_none() {
        c.i = start;
    }
    result
}

fn reset<T>(c: &mut Cursor<'_>, start: usize) -> Option<T> {
    c.i = start;
    None
}

fn roman(c: char) -> Option<u32> {
    match c {
        'Ⅰ'..='Ⅻ' => Some(c as u32 - 'Ⅰ' as u32 + 1),
        'ⅰ'..='ⅻ' => Some(c as u32 - 'ⅰ' as u32 + 1),
        _ => None,
    }
}

/// After a roman numeral or a katakana: `.`, `)` or `、` (part of the label), or a space.
fn punct_or_space(c: &mut Cursor<'_>) -> Option<String> {
    match c.peek() {
        Some(p @ ('.' | ')' | '、')) => {
            c.bump();
            Some(p.to_string())
        }
        _ if c.at_space() => Some(String::new()),
        _ => None,
    }
}

/// Inside brackets: digits, a kanji numeral, one katakana or one letter.
fn bracketed_numeral(c: &mut Cursor<'_>) -> Option<(char, u32)> {
    if let Some(v) = c.digits() {
        return Some(('n', v));
    }
    if let Some(v) = c.kanji() {
        return Some(('一', v));
    }
    let ch = c.peek()?;
    if let Some(pos) = KANA.chars().position(|k| k == ch) {
        c.bump();
        return Some(('ア', pos as u32 + 1));
    }
    if ch.is_ascii_alphabetic() {
        c.bump();
        let base = if ch.is_ascii_uppercase() { 'A' } else { 'a' };
        return Some((base, ch.to_ascii_lowercase() as u32 - 'a' as u32 + 1));
    }
    None
}

/// Arabic numbers: `1.` `1)` `1、` `1章` `1 ` and the multi-level `1-1` `1.1` `1.1.1`.
fn arabic(c: &mut Cursor<'_>) -> Option<(String, Vec<u32>)> {
    let mut value = vec![c.digits()?];
    // Multi-level: one separator throughout, digits after each.
    if let (Some(sep @ ('-' | '.')), Some(d)) = (c.peek(), c.peek2())
        && d.is_ascii_digit()
    {
        while c.peek() == Some(sep) && c.peek2().is_some_and(|d| d.is_ascii_digit()) {
            c.bump();
            value.push(c.digits()?);
        }
        let style = vec!["n"; value.len()].join(&sep.to_string());
        c.eat('.');
        // `1.5倍` is a quantity: a multi-level number is followed by a space or a colon.
        return (c.at_space() || matches!(c.peek(), Some(':' | '：'))).then_some((style, value));
    }
    match c.peek() {
        Some(p @ ('.' | ')' | '、')) => {
            c.bump();
            Some((format!("n{p}"), value))
        }
        Some(k @ ('章' | '節' | '項')) => {
            c.bump();
            Some((format!("n{k}"), value))
        }
        _ if c.at_space() => Some(("n".to_owned(), value)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String, Vec<u32>, String)> {
        let l = lead(text)?;
        let rest = l.rest.to_owned();
        match l.kind {
            LeadKind::Number(n) => Some((n.label, n.style, n.value, rest)),
            LeadKind::Mark(m) => Some((m.to_string(), "mark".to_owned(), vec![], rest)),
        }
    }

    fn n(label: &str, style: &str, value: &[u32], rest: &str) -> Option<(String, String, Vec<u32>, String)> {
        Some((label.to_owned(), style.to_owned(), value.to_vec(), rest.to_owned()))
    }

    #[test]
    fn reads_the_common_numbering_styles() {
        assert_eq!(read("1. 概要"), n("1.", "n.", &[1], "概要"));
        assert_eq!(read("１．概要"), n("１．", "n.", &[1], "概要"));
        assert_eq!(read("12)対応"), n("12)", "n)", &[12], "対応"));
        assert_eq!(read("(3) 連絡"), n("(3)", "(n)", &[3], "連絡"));
        assert_eq!(read("（１）　連絡"), n("（１）", "(n)", &[1], "連絡"));
        assert_eq!(read("⑵連絡"), n("⑵", "(n)", &[2], "連絡"));
        assert_eq!(read("③確認"), n("③", "①", &[3], "確認"));
        assert_eq!(read("㉑確認"), n("㉑", "①", &[21], "確認"));
        assert_eq!(read("1-2 訓練"), n("1-2", "n-n", &[1, 2], "訓練"));
        assert_eq!(read("１－２　訓練"), n("１－２", "n-n", &[1, 2], "訓練"));
        assert_eq!(read("1.2.3. 詳細"), n("1.2.3.", "n.n.n", &[1, 2, 3], "詳細"));
        assert_eq!(read("第2章 準備"), n("第2章", "第n章", &[2], "準備"));
        assert_eq!(read("第十二節　範囲"), n("第十二節", "第n節", &[12], "範囲"));
        assert_eq!(read("第3段階 復旧"), n("第3段階", "第n段階", &[3], "復旧"));
        assert_eq!(read("3章 付録"), n("3章", "n章", &[3], "付録"));
        assert_eq!(read("Step 1: 確認"), n("Step 1", "Step n", &[1], "確認"));
        assert_eq!(read("STEP2 準備"), n("STEP2", "STEPn", &[2], "準備"));
        assert_eq!(read("Q3. なぜですか？"), n("Q3.", "Qn.", &[3], "なぜですか？"));
        assert_eq!(read("Ⅱ．報告"), n("Ⅱ．", "Ⅰ.", &[2], "報告"));
        assert_eq!(read("ウ　措置"), n("ウ", "ア", &[3], "措置"));
        assert_eq!(read("(イ) 措置"), n("(イ)", "(ア)", &[2], "措置"));
        assert_eq!(read("b) 届出"), n("b)", "a)", &[2], "届出"));
        assert_eq!(read("C. 付録"), n("C.", "A.", &[3], "付録"));
        assert_eq!(read("二、範囲"), n("二、", "一、", &[2], "範囲"));
        assert_eq!(read("（三）範囲"), n("（三）", "(一)", &[3], "範囲"));
        assert_eq!(read("【2】回答"), n("【2】", "【n】", &[2], "回答"));
        assert_eq!(read("２　措置"), n("２", "n", &[2], "措置"));
    }

    #[test]
    fn reads_marks() {
        assert_eq!(read("■ 窓口"), n("■", "mark", &[], "窓口"));
        assert_eq!(read("▶記載する項目："), n("▶", "mark", &[], "記載する項目："));
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for text in [
            "2024年4月に改訂しました。",
            "1.5倍に増えました。",
            "10:00 に本部を設置",
            "e.g. の例",
            "(注) 参考",
            "(アクセス権)",
            "○○株式会社",
            "一方、",
            "十分な準備",
            "1.",
            "■",
            "アクセスログ",
            "Stepping stones",
            "Quick start",
            "Ⅰ型の障害",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn counts_follow_within_one_style() {
        let a = heading_number("1-1 a").unwrap();
        let b = heading_number("1-2 b").unwrap();
        let c = heading_number("2-3 c").unwrap();
        assert!(follows(&a, &b));
        assert!(!follows(&b, &c));
        assert!(!follows(&heading_number("1. a").unwrap(), &heading_number("(2) b").unwrap()));
        assert!(starts_count(&heading_number("ア　a").unwrap()));
        assert!(!starts_count(&b));
    }
}
