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

/// Katakana (U+30A1..U+30FF, with `ー`): a katakana stretch is one word, whose parts a
/// query's lexicon keys do not split ([`super::expand`]).
pub fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FF}').contains(&c)
}

/// Small katakana: no word ends in one.
pub const SMALL_KANA: &str = "ァィゥェォッャュョヮヵヶ";

/// NFKC, then lowercase: the normal form every other step works on.
pub fn normalize(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

/// [`normalize`], into `out` (cleared first): the tokenizer reuses one buffer.
fn normalize_into(text: &str, out: &mut String) {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    out.clear();
    // Most guidance text is NFKC already; the quick check says so without decomposing.
    // Kana and kanji it would look up one by one are given to it as the ASCII letter they
    // check like (a starter, normal), which it passes without a lookup.
    let checked = text.chars().map(|c| if nfkc_starter(c) { 'a' } else { c });
    if is_nfkc_quick(checked) == IsNormalized::Yes {
        lowercase_into(text, out);
    } else {
        lowercase_into(&text.nfkc().collect::<String>(), out);
    }
}

/// Whether `c` is one of the kana and kanji that are starters (combining class 0) and
/// NFKC-normal in any context (quick-check value Yes): hiragana, full-width katakana and
/// the prolonged-sound mark, the unified ideographs, and the common Japanese punctuation
/// (`、。々〈〉《》「」『』【】`). Dakuten, the half-width forms and the ideographic space
/// are not (they change under NFKC). A test holds every one to the Unicode tables.
fn nfkc_starter(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{3001}'..='\u{3002}' | '\u{3005}' | '\u{3008}'..='\u{3011}')
}

/// `str::to_lowercase`, without its per-character case lookups where none can apply:
/// ASCII, and the CJK block (U+3000..U+9FFF), which has no case.
fn lowercase_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
            out.push(c);
        } else {
            // Context-dependent mappings (a final sigma) need the whole text.
            out.clear();
            out.push_str(&text.to_lowercase());
            return;
        }
    }
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
    for_each_run(normalized, |run| out.push(run));
    out
}

/// Calls `f` with each kana/kanji run and word of normalized text, in order ([`runs`]
/// without the list).
fn for_each_run<'a>(normalized: &'a str, mut f: impl FnMut(Run<'a>)) {
    let mut start = 0;
    let mut class = CharClass::Other;
    for (i, c) in normalized.char_indices() {
        let k = char_class(c);
        if k != class {
            if class != CharClass::Other {
                f(Run { class, text: &normalized[start..i], offset: start });
            }
            start = i;
            class = k;
        }
    }
    if class != CharClass::Other {
        f(Run { class, text: &normalized[start..], offset: start });
    }
}

/// The bigrams of a kana/kanji run (a one-character run gives itself).
pub fn bigrams(run: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_bigram(run, |from, to| out.push(&run[from..to]));
    out
}

/// Calls `f(from, to)` with the byte range of each bigram of a kana/kanji run, in order
/// (a one-character run gives itself).
fn for_each_bigram(run: &str, mut f: impl FnMut(usize, usize)) {
    let mut chars = run.char_indices().map(|(i, c)| (i, c.len_utf8()));
    let Some((mut at, len)) = chars.next() else { return };
    let mut single = Some(len);
    for (next, next_len) in chars {
        f(at, next + next_len);
        single = None;
        at = next;
    }
    if let Some(len) = single {
        f(at, at + len);
    }
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

/// Calls `f(from, to, stem)` for each token of normalized text, in order: the token's
/// term is `normalized[from..to]`, or `stem` when it is a word's stem (which follows the
/// word, at the same offsets).
pub fn for_each_token(normalized: &str, mut f: impl FnMut(usize, usize, Option<String>)) {
    for_each_run(normalized, |run| match run.class {
        CharClass::Cjk => for_each_bigram(run.text, |from, to| f(run.offset + from, run.offset + to, None)),
        // Longer words are noise (hashes, URLs).
        CharClass::Word if run.text.chars().count() <= super::shared::shared().max_word_chars => {
            let (from, to) = (run.offset, run.offset + run.text.len());
            f(from, to, None);
            if let Some(s) = stem(run.text) {
                f(from, to, Some(s));
            }
        }
        CharClass::Word | CharClass::Other => {}
    });
}

/// The tokens of a text, in order, as the index sees them.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let normalized = normalize(text);
    let mut out = Vec::new();
    for_each_token(&normalized, |from, to, stem| {
        let term = stem.unwrap_or_else(|| normalized[from..to].to_owned());
        out.push(Tok { term, offset_from: from, offset_to: to });
    });
    out
}

/// How many tokens of normalized text the index keeps (tantivy drops a token longer than
/// its limit).
pub fn count_tokens(normalized: &str) -> u64 {
    let mut n = 0;
    for_each_token(normalized, |from, to, stem| {
        let len = stem.map_or(to - from, |s| s.len());
        n += u64::from(len <= tantivy::tokenizer::MAX_TOKEN_LEN);
    });
    n
}

/// The tokenizer as tantivy sees it: [`for_each_token`] behind tantivy's traits. Tokens of
/// one word (the word and its stem) share a position. Each indexing thread has its own
/// (tantivy clones it), and it keeps its buffers from one text to the next: the threads
/// then hardly call the allocator, which they share with every other thread. The buffers:
/// the normalized text, where each token is in it, the stems, and the token handed over.
#[derive(Debug, Default)]
pub struct TebikiTokenizer {
    normalized: String,
    spans: Vec<Span>,
    stems: Vec<String>,
    token: tantivy::tokenizer::Token,
}

/// A clone starts with buffers of its own.
impl Clone for TebikiTokenizer {
    fn clone(&self) -> Self {
        TebikiTokenizer::default()
    }
}

impl tantivy::tokenizer::Tokenizer for TebikiTokenizer {
    type TokenStream<'a> = TebikiTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let b = self;
        normalize_into(text, &mut b.normalized);
        b.spans.clear();
        b.stems.clear();
        let (spans, stems) = (&mut b.spans, &mut b.stems);
        let mut position = 0u32;
        let mut last_from = usize::MAX;
        for_each_token(&b.normalized, |from, to, stem| {
            if last_from != usize::MAX && from != last_from {
                position += 1;
            }
            last_from = from;
            let stem = stem.map(|s| {
                stems.push(s);
                stems.len() - 1
            });
            spans.push(Span { from, to, position, stem });
        });
        TebikiTokenStream { b, next: 0 }
    }
}

/// Where a token is: its offsets in the normalized text, its position, and its stem when
/// the term is one.
#[derive(Debug)]
struct Span {
    from: usize,
    to: usize,
    position: u32,
    stem: Option<usize>,
}

/// The tokens of one text, handed to tantivy one by one: one buffer for every term.
pub struct TebikiTokenStream<'a> {
    b: &'a mut TebikiTokenizer,
    next: usize,
}

impl tantivy::tokenizer::TokenStream for TebikiTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let b = &mut *self.b;
        let Some(span) = b.spans.get(self.next) else { return false };
        self.next += 1;
        let t = &mut b.token;
        t.offset_from = span.from;
        t.offset_to = span.to;
        t.position = span.position as usize;
        t.position_length = 1;
        t.text.clear();
        t.text.push_str(match span.stem {
            Some(i) => &b.stems[i],
            None => &b.normalized[span.from..span.to],
        });
        true
    }
    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.b.token
    }
    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.b.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    fn reference_normalize(s: &str) -> String {
        s.nfkc().collect::<String>().to_lowercase()
    }

    #[test]
    fn a_tokenizer_used_again_gives_what_a_new_one_gives() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let tokens = |t: &mut TebikiTokenizer, text: &str| {
            let mut stream = t.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let k = stream.token();
                out.push((k.text.clone(), k.offset_from, k.offset_to, k.position));
            }
            out
        };
        let texts = ["情報漏洩の初動対応 Running servers, ＢＣＰ and backups", "証拠 keeps", "ΟΔΟΣ Σ 対応", ""];
        let mut used = TebikiTokenizer::default();
        for text in texts.iter().chain(texts.iter().rev()) {
            let again = tokens(&mut used, text);
            assert_eq!(again, tokens(&mut TebikiTokenizer::default(), text), "{text}");
            let terms: Vec<String> = again.into_iter().map(|t| t.0).collect();
            assert_eq!(terms, tokenize(text).into_iter().map(|t| t.term).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn normalize_is_nfkc_then_lowercase() {
        for s in
            ["ＢＣＰ対応", "ΟΔΟΣ Σ", "İstanbul", "ｸﾗｳﾄﾞ", "Ⅻ章", "Straße", "ÅNGSTRÖM", "A\u{301}", "㍿", "P2P トラブル"]
        {
            assert_eq!(normalize(s), reference_normalize(s), "{s}");
        }
    }

    #[test]
    fn the_kana_and_kanji_the_quick_check_skips_are_normal_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        let mut n = 0;
        for c in ('\u{3000}'..='\u{9FFF}').filter(|c| nfkc_starter(*c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
            n += 1;
        }
        assert!(n > 20_000, "{n}");
        for c in ['\u{3000}', '\u{3099}', '\u{309B}', '\u{30FF}', '\u{FF76}', '\u{FF08}'] {
            assert!(!nfkc_starter(c), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_agrees_with_its_definition(s in "[a-zA-Z0-9 ΣσςΑ-Ωα-ωİıÅ０-９Ａ-Ｚｱ-ﾝﾞ情報漏洩対応ーぁ-んァ-ヶ\u{0301}\u{3099}・、。]{0,24}") {
            proptest::prop_assert_eq!(normalize(&s), reference_normalize(&s));
        }
    }

    #[test]
    fn counted_tokens_are_the_tokens() {
        for s in ["情報漏洩の初動対応", "Responses to P2P incidents", "層", "", "ランサムウェア (ransomware) 対策"]
        {
            assert_eq!(count_tokens(&normalize(s)), tokenize(s).len() as u64, "{s}");
        }
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
