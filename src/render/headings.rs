//! How a guide's section headings are numbered on its pages: the number shown before a
//! heading (`<span class="num">`) and the heading's text beside it, so that a heading
//! shows one number.
//!
//! The site numbers sections by their ids (`s3` is `3`, `s3-2` is `3.2`). An author who
//! numbered the headings too (`## 1. はじめに`) would otherwise be shown twice
//! (`1 1. はじめに`). Two cases are read off the guide's headings ([`Numbers::of`]):
//!
//! - the author's numbers are the site's: each is left out of the text where it is the
//!   site's number in a plain style (`1.`, `1.2`, `1-2`, `(2)`, `【2】`);
//! - the author counted from the second section — a guidance-text guide's title line
//!   opens section 1, so its author's `1.` is the site's section 2 — and numbered every
//!   section after the first: the pages show the author's numbers (the first section
//!   none), so the numbers the text refers to ("see 1.2") are the ones on the page.
//!
//! A number that differs, or that says more than a number (`第3章`, `Q1.`, `Step 1`, `①`,
//! `ア`), stays part of the text. Ids, the model, the search index, `tebiki export` and
//! checklist ids keep the heading as written. Pure functions of the guide.

use crate::model::Document;
use crate::parse::numbering::lead;

/// Number styles an author's number is left out in: digits with dots, hyphens and
/// brackets. Words and other counters say more than the number, and stay.
const PLAIN_STYLE: &[char] = &['n', '.', ')', '(', '-', '【', '】', '[', ']'];

/// How one guide's headings are numbered on its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numbers {
    /// The author's count starts at the second section: shown numbers are one lower.
    from_second: bool,
}

impl Numbers {
    /// Reads the author's numbering off `doc`'s headings.
    pub fn of(doc: &Document) -> Numbers {
        let sections = &doc.sections;
        let counted_from_second = sections.len() >= 2
            && plain_value(&sections[0].heading).is_none()
            && sections[0].subsections.is_empty()
            && sections[1..].iter().enumerate().all(|(i, s)| plain_value(&s.heading) == Some(vec![i as u32 + 1]));
        Numbers { from_second: counted_from_second }
    }

    /// The number shown before the heading of section or subsection `id` (`s3`, `s3-2`):
    /// `3`, `3.2`; empty for the first section when the author counted from the second.
    pub fn number(self, id: &str) -> String {
        let ordinals = self.ordinals(id);
        if ordinals.first() == Some(&0) {
            return String::new();
        }
        ordinals.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
    }

    /// The heading of `id` as shown after its number: without the author's number where
    /// that is the number shown, in a plain style.
    pub fn heading<'h>(self, id: &str, heading: &'h str) -> &'h str {
        let Some(lead) = lead(heading) else { return heading };
        let Some(number) = lead.number() else { return heading };
        let shown = self.ordinals(id);
        let same = number.value == shown || (shown.len() > 1 && number.value == shown[shown.len() - 1..]);
        if same && is_plain(&number.style) { lead.rest } else { heading }
    }

    /// The numbers of `id` as shown: its ordinals, the section's one lower when the author
    /// counted from the second section.
    fn ordinals(self, id: &str) -> Vec<u32> {
        let mut ordinals: Vec<u32> = id.trim_start_matches('s').split('-').filter_map(|p| p.parse().ok()).collect();
        if self.from_second
            && let Some(first) = ordinals.first_mut()
        {
            *first = first.saturating_sub(1);
        }
        ordinals
    }
}

fn is_plain(style: &str) -> bool {
    style.chars().all(|c| PLAIN_STYLE.contains(&c))
}

/// The value of the number `heading` starts with, when it is in a plain style.
fn plain_value(heading: &str) -> Option<Vec<u32>> {
    let lead = lead(heading)?;
    let number = lead.number()?;
    is_plain(&number.style).then(|| number.value.clone())
}

#[cfg(test)]
mod tests {
    use super::Numbers;
    use crate::model::{Document, Section};

    fn doc(headings: &[&str]) -> Document {
        Document {
            title: String::new(),
            outcomes: Vec::new(),
            sections: headings.iter().enumerate().map(|(i, h)| Section::new(i + 1, (*h).to_owned(), 1)).collect(),
            footnotes: Vec::new(),
            diagnostics: Default::default(),
        }
    }

    #[test]
    fn leaves_out_an_authors_number_only_where_it_is_the_sites_own_in_a_plain_style() {
        let n = Numbers::default();
        for (id, heading, shown) in [
            ("s1", "1. はじめに", "はじめに"),
            ("s2", "２　対応", "対応"),
            ("s1-2", "1.2 背景", "背景"),
            ("s1-2", "1-2 背景", "背景"),
            ("s3-2", "(2) 連絡", "連絡"),
            ("s3-2", "（２）連絡", "連絡"),
            ("s4", "【4】回答", "回答"),
            // A number that differs or says more stays.
            ("s2", "3. 対応", "3. 対応"),
            ("s3-2", "2.2 連絡", "2.2 連絡"),
            ("s1", "1.1 背景", "1.1 背景"),
            ("s3", "第3章 まとめ", "第3章 まとめ"),
            ("s1", "Q1. なぜですか", "Q1. なぜですか"),
            ("s1", "Step 1 確認", "Step 1 確認"),
            ("s1-1", "① 確認", "① 確認"),
            ("s1-1", "ア 措置", "ア 措置"),
            ("s2", "2024年の振り返り", "2024年の振り返り"),
            ("s1", "1.", "1."),
            ("s1", "■ 窓口", "■ 窓口"),
        ] {
            assert_eq!(n.heading(id, heading), shown, "{id}: {heading}");
        }
        assert_eq!((n.number("s3"), n.number("s3-2")), ("3".to_owned(), "3.2".to_owned()));
    }

    #[test]
    fn numbers_read_like_section_numbers() {
        let n = Numbers::default();
        assert_eq!(n.number("s11"), "11");
        assert_eq!(n.number("s3-2"), "3.2");
    }

    #[test]
    fn shows_the_authors_count_when_it_starts_at_the_second_section() {
        let n = Numbers::of(&doc(&["手引き", "1. 初動", "2. 復旧", "3. 再発防止"]));
        assert_eq!(n, Numbers { from_second: true });
        assert_eq!(n.number("s1"), "", "the title's section has no number of its own");
        assert_eq!((n.number("s2"), n.number("s4-2")), ("1".to_owned(), "3.2".to_owned()));
        assert_eq!(n.heading("s2", "1. 初動"), "初動");
        assert_eq!(n.heading("s2-1", "1.1 連絡"), "連絡");
        assert_eq!(n.heading("s2-2", "(2) 記録"), "記録");
        assert_eq!(n.heading("s3-1", "1.1 連絡"), "1.1 連絡", "a number that differs stays");
    }

    #[test]
    fn counts_from_the_first_section_unless_every_later_one_is_counted_from_the_second() {
        for headings in [
            &["1. 初動", "2. 復旧"][..],
            &["手引き", "1. 初動", "復旧"],
            &["手引き", "1. 初動", "3. 復旧"],
            &["手引き", "第1章 初動", "第2章 復旧"],
            &["0. 手引き", "1. 初動"],
            &["手引き"],
        ] {
            assert_eq!(Numbers::of(&doc(headings)), Numbers::default(), "{headings:?}");
        }
    }
}
