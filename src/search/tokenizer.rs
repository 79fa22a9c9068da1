//! The one tokenizer of tebiki search, used at index time (registered with tantivy as
//! [`TOKENIZER_NAME`]) and at query time. The browser engine (`js/tokenizer.mjs`) is a
//! port of this file; `tests/fixtures/search/tokenizer-vectors.json` holds the cases both
//! must agree on.
//!
//! 1. The text is NFKC-normalized and lowercased, so `ＢＣＰ` meets `bcp` and `ｸﾗｳﾄﾞ`
//!    meets `クラウド`.
//! 2. It is cut into runs: a *kana/kanji run* is made of Han, Hiragana and Katakana
//!    characters (with `ー` and `々`); a *word* is made of Latin letters and digits (plus
//!    Greek, Cyrillic and Hangul letters). Everything else separates runs.
//! 3. A kana/kanji run becomes its overlapping character bigrams; a run of one character
//!    stays a unigram. A word becomes itself and, when it is plain ASCII letters, also its
//!    English (Snowball) stem if that differs.
//!
//! Character classes are explicit code-point ranges, not Unicode properties, so that the
//! Rust and JavaScript sides cannot drift apart with their Unicode tables.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// The name the tokenizer is registered under in tantivy.
pub const TOKENIZER_NAME: &str = "tebiki";

/// How a character takes part in tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Han, Hiragana, Katakana, `ー`, `々`: cut into bigrams.
    Cjk,
    /// Latin letters and digits (and a few other alphabets): cut into words.
    Word,
    /// Anything else: separates runs.
    Other,
}

/// The class of a character of *normalized* text (after NFKC and lowercase).
pub fn char_class(c: char) -> CharClass {
    let u = c as u32;
    match u {
        0x30..=0x39 | 0x61..=0x7A => CharClass::Word,
        0xD7 | 0xF7 => CharClass::Other,
        0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF | 0xAC00..=0xD7AF => CharClass::Word,
        // 々 〆 〇, Hiragana, Katakana without ゠ and ・, Katakana phonetic extensions.
        0x3005..=0x3007 | 0x3041..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF => CharClass::Cjk,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => CharClass::Cjk,
        _ => CharClass::Other,
    }
}

/// Hiragana (U+3041..U+309F): single hiragana characters are function words in queries.
pub fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// NFKC, then lowercase: the normal form every other step works on.
pub fn normalize(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// A maximal run of characters of one class in normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    pub class: CharClass,
    pub text: &'a str,
    /// Byte offset in the normalized text.
    pub offset: usize,
}

/// Splits normalized text into its kana/kanji runs and words, in order.
pub fn runs(normalized: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut class = CharClass::Other;
    for (i, c) in normalized.char_indices() {
        let k = char_class(c);
        if k != class {
            if class != CharClass::Other {
                out.push(Run { class, text: &normalized[start..i], offset: start });
            }
            start = i;
            class = k;
        }
    }
    if class != CharClass::Other {
        out.push(Run { class, text: &normalized[start..], offset: start });
    }
    out
}

/// The bigrams of a kana/kanji run (a one-character run gives itself).
pub fn bigrams(run: &str) -> Vec<&str> {
    let idx: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
    let n = idx.len() - 1;
    if n <= 1 {
        return if n == 1 { vec![run] } else { Vec::new() };
    }
    (0..n - 1).map(|k| &run[idx[k]..idx[k + 2]]).collect()
}

static STEMMER: LazyLock<frostem::Stemmer> = LazyLock::new(|| frostem::Stemmer::new(frostem::Algorithm::English));

/// The English stem of a word, when the word is plain ASCII letters and the stem differs.
pub fn stem(word: &str) -> Option<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let s = STEMMER.stem(word);
    (s != word).then(|| s.into_owned())
}

/// One token of a text: its term and where it came from in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub term: String,
    pub offset_from: usize,
    pub offset_to: usize,
}

/// The tokens of a text, in order, as the index sees them.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let normalized = normalize(text);
    let mut out = Vec::new();
    for run in runs(&normalized) {
        match run.class {
            CharClass::Cjk => {
                let mut at = run.offset;
                for g in bigrams(run.text) {
                    out.push(Tok { term: g.to_owned(), offset_from: at, offset_to: at + g.len() });
                    at += g.chars().next().map_or(0, char::len_utf8);
                }
            }
            CharClass::Word => {
                // Longer words are noise (hashes, URLs).
                if run.text.chars().count() > super::shared::shared().max_word_chars {
                    continue;
                }
                let (from, to) = (run.offset, run.offset + run.text.len());
                out.push(Tok { term: run.text.to_owned(), offset_from: from, offset_to: to });
                if let Some(s) = stem(run.text) {
                    out.push(Tok { term: s, offset_from: from, offset_to: to });
                }
            }
            CharClass::Other => {}
        }
    }
    out
}

/// The tokenizer as tantivy sees it: [`tokenize`] behind tantivy's traits. Tokens of
/// one word (the word and its stem) share a position.
#[derive(Debug, Clone, Default)]
pub struct TebikiTokenizer;

impl tantivy::tokenizer::Tokenizer for TebikiTokenizer {
    type TokenStream<'a> = TebikiTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mut tokens = Vec::new();
        let mut position = 0usize;
        let mut last_from = usize::MAX;
        for (i, t) in tokenize(text).into_iter().enumerate() {
            if i > 0 && t.offset_from != last_from {
                position += 1;
            }
            last_from = t.offset_from;
            tokens.push(tantivy::tokenizer::Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position,
                text: t.term,
                position_length: 1,
            });
        }
        TebikiTokenStream { tokens, next: 0 }
    }
}

/// The tokens of one text, handed to tantivy one by one.
pub struct TebikiTokenStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    next: usize,
}

impl tantivy::tokenizer::TokenStream for TebikiTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn width_variants_meet() {
        assert_eq!(terms("ＢＣＰ"), terms("BCP"));
        assert_eq!(terms("ｸﾗｳﾄﾞ"), terms("クラウド"));
    }

    #[test]
    fn kana_kanji_runs_become_bigrams() {
        assert_eq!(terms("情報漏洩"), ["情報", "報漏", "漏洩"]);
        assert_eq!(terms("層"), ["層"]);
        assert_eq!(terms("サーバー、人々"), ["サー", "ーバ", "バー", "人々"]);
    }

    #[test]
    fn english_words_add_their_stem() {
        assert_eq!(terms("Responses to P2P"), ["responses", "respons", "to", "p2p"]);
    }
}
