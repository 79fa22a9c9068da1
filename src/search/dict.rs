//! The Japanese dictionary tebiki reads at build time (never at query time, and never in
//! the browser): spellings of content words grouped by lemma, each with its reading.
//! [`super::lexicon`] uses it to learn the words of a site, their variant spellings,
//! inflected forms and homophones.
//!
//! The table `dict/ja.tsv.zst` is made by `tools/ja_dict.py` from UniDic 3.1.1 (Debian's
//! `unidic-mecab`; format in that script's doc) and embedded in the binary compressed
//! (about 2 MiB); it is decompressed and parsed on first use, once per process.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &[u8] = include_bytes!("dict/ja.tsv.zst");

/// The part of speech of a lemma, as far as tebiki needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Noun,
    Verb,
    Adjective,
    /// 形状詞 (な-adjectives).
    AdjectivalNoun,
    Adverb,
}

/// How a spelling is inflected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Not an inflecting word.
    Plain,
    /// The base (dictionary) form: `消える`.
    Base,
    /// A stem-like form that inflections and auxiliaries attach to: `消え`, `止まっ`.
    Stem,
}

/// One spelling of a lemma.
#[derive(Debug, Clone)]
pub struct Spelling {
    pub text: Box<str>,
    /// In hiragana.
    pub reading: Box<str>,
    pub form: Form,
    /// UniDic's word cost / 500: lower is more usual.
    pub cost: u8,
    /// Index of its lemma in [`Dict::lemmas`].
    pub lemma: u32,
}

/// A lemma: the spellings that are one word.
#[derive(Debug, Clone)]
pub struct Lemma {
    pub text: Box<str>,
    pub class: Class,
    /// Its spellings: a range of [`Dict::spellings`].
    pub spellings: std::ops::Range<u32>,
}

/// The parsed table.
#[derive(Debug)]
pub struct Dict {
    pub lemmas: Vec<Lemma>,
    pub spellings: Vec<Spelling>,
    by_text: HashMap<Box<str>, Vec<u32>>,
    by_reading: HashMap<Box<str>, Vec<u32>>,
    /// The longest spelling, in characters.
    pub max_chars: usize,
}

/// The embedded table, parsed on first use. An error here means the binary was built with
/// a broken table (a test reads it), so it is reported, not hidden.
static DICT: LazyLock<Result<Dict, String>> = LazyLock::new(|| {
    let bytes = zstd::decode_all(TABLE).map_err(|e| format!("cannot decompress the dictionary table: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("the dictionary table is not UTF-8: {e}"))?;
    Dict::parse(&text)
});

/// The embedded dictionary.
pub fn dict() -> Result<&'static Dict, String> {
    DICT.as_ref().map_err(Clone::clone)
}

impl Dict {
    /// Parses a table in the format of `tools/ja_dict.py`.
    pub fn parse(text: &str) -> Result<Dict, String> {
        let mut lemmas: Vec<Lemma> = Vec::new();
        let mut spellings: Vec<Spelling> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("dictionary table line {}: malformed: {line:?}", n + 1);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(head) = line.strip_prefix('=') {
                let (lemma, class) = head.split_once('\t').ok_or_else(bad)?;
                let class = match class {
                    "N" => Class::Noun,
                    "V" => Class::Verb,
                    "A" => Class::Adjective,
                    "J" => Class::AdjectivalNoun,
                    "D" => Class::Adverb,
                    _ => return Err(bad()),
                };
                let at = spellings.len() as u32;
                lemmas.push(Lemma { text: lemma.into(), class, spellings: at..at });
                continue;
            }
            let mut f = line.split('\t');
            let (Some(t), Some(r), Some(form), Some(cost), None) = (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(bad());
            };
            let form = match form {
                "-" => Form::Plain,
                "B" => Form::Base,
                "S" => Form::Stem,
                _ => return Err(bad()),
            };
            let lemma = lemmas.len().checked_sub(1).ok_or_else(bad)?;
            spellings.push(Spelling {
                text: t.into(),
                reading: r.into(),
                form,
                cost: cost.parse().map_err(|_| bad())?,
                lemma: lemma as u32,
            });
            lemmas[lemma].spellings.end = spellings.len() as u32;
        }
        let mut by_text: HashMap<Box<str>, Vec<u32>> = HashMap::with_capacity(spellings.len());
        let mut by_reading: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        let mut max_chars = 0;
        for (i, s) in spellings.iter().enumerate() {
            by_text.entry(s.text.clone()).or_default().push(i as u32);
            by_reading.entry(s.reading.clone()).or_default().push(i as u32);
            max_chars = max_chars.max(s.text.chars().count());
        }
        Ok(Dict { lemmas, spellings, by_text, by_reading, max_chars })
    }

    /// The spellings written `text` (one per lemma and form that has it).
    pub fn lookup(&self, text: &str) -> &[u32] {
        self.by_text.get(text).map_or(&[], Vec::as_slice)
    }

    /// The spellings read `reading` (hiragana).
    pub fn read_as(&self, reading: &str) -> &[u32] {
        self.by_reading.get(reading).map_or(&[], Vec::as_slice)
    }

    pub fn spelling(&self, id: u32) -> &Spelling {
        &self.spellings[id as usize]
    }

    pub fn lemma_of(&self, id: u32) -> &Lemma {
        &self.lemmas[self.spellings[id as usize].lemma as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_groups_variant_spellings_by_lemma() {
        let d = dict().unwrap();
        assert!(d.lemmas.len() > 100_000 && d.spellings.len() > 300_000);
        let lemmas = |t: &str| -> Vec<&str> { d.lookup(t).iter().map(|i| &*d.lemma_of(*i).text).collect() };
        assert!(lemmas("ぜい弱").contains(&"脆弱"));
        assert!(lemmas("取扱い").contains(&"取り扱い"));
        assert!(lemmas("サーバ").iter().any(|l| l.starts_with("サーバー")));
        let reading = |t: &str| d.lookup(t).iter().map(|i| &*d.spelling(*i).reading).next();
        assert_eq!(reading("異常"), Some("いじょう"));
        assert!(d.read_as("いじょう").iter().any(|i| &*d.spelling(*i).text == "以上"));
    }

    #[test]
    fn rejects_a_malformed_table_with_its_line() {
        let e = Dict::parse("=脆弱\tN\nぜい弱\tぜいじゃく\tX\t1\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(Dict::parse("ぜい弱\tぜいじゃく\t-\t1\n").is_err(), "a spelling needs a lemma");
    }
}
