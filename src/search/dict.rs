//! The Japanese dictionary tebiki reads at build time (never at query time, and never in
//! the browser): spellings of content words grouped by lemma, each with its reading.
//! [`super::lexicon`] uses it to learn the words of a site, their variant spellings,
//! inflected forms and homophones.
//!
//! The table `dict/ja.tsv.zst` is made by `tools/ja_dict.py` from UniDic 3.1.1 (Debian's
//! `unidic-mecab`; format in that script's doc) and embedded in the binary compressed
//! (about 2 MiB); it is decompressed and parsed on first use, once per process. The
//! decompressed text stays in memory for the process, and the parsed table points into it
//! (no string is copied), found by spelling and by reading through Fx hash maps. The
//! texts that longer spellings start with are kept in a set too, so that a search for
//! the spellings in a text stops extending a candidate where no spelling goes on
//! ([`Dict::extends`]): on the bundled guides, 61,222 lookups instead of 472,718.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

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
pub struct Spelling<'t> {
    pub text: &'t str,
    /// In hiragana.
    pub reading: &'t str,
    pub form: Form,
    /// UniDic's word cost / 500: lower is more usual.
    pub cost: u8,
    /// Index of its lemma in [`Dict::lemmas`].
    pub lemma: u32,
}

/// A lemma: the spellings that are one word.
#[derive(Debug, Clone)]
pub struct Lemma<'t> {
    pub text: &'t str,
    pub class: Class,
    /// Its spellings: a range of [`Dict::spellings`].
    pub spellings: std::ops::Range<u32>,
}

/// The parsed table, borrowing the table's text.
#[derive(Debug)]
pub struct Dict<'t> {
    pub lemmas: Vec<Lemma<'t>>,
    pub spellings: Vec<Spelling<'t>>,
    by_text: Groups<'t>,
    by_reading: Groups<'t>,
    /// Every text that a longer spelling starts with (of two characters or more).
    prefixes: FxHashSet<&'t str>,
    /// The longest spelling, in characters.
    pub max_chars: usize,
}

/// The embedded table, parsed on first use. An error here means the binary was built with
/// a broken table (a test reads it), so it is reported, not hidden.
static DICT: LazyLock<Result<Dict<'static>, String>> = LazyLock::new(|| {
    let bytes = zstd::decode_all(TABLE).map_err(|e| format!("cannot decompress the dictionary table: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("the dictionary table is not UTF-8: {e}"))?;
    // Kept for the process, like the table parsed from it.
    Dict::parse(String::leak(text))
});

/// The embedded dictionary.
pub fn dict() -> Result<&'static Dict<'static>, String> {
    DICT.as_ref().map_err(Clone::clone)
}

impl<'t> Dict<'t> {
    /// Parses a table in the format of `tools/ja_dict.py`.
    pub fn parse(text: &'t str) -> Result<Dict<'t>, String> {
        let mut lemmas: Vec<Lemma<'t>> = Vec::new();
        let mut spellings: Vec<Spelling<'t>> = Vec::new();
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
                lemmas.push(Lemma { text: lemma, class, spellings: at..at });
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
                text: t,
                reading: r,
                form,
                cost: cost.parse().map_err(|_| bad())?,
                lemma: lemma as u32,
            });
            lemmas[lemma].spellings.end = spellings.len() as u32;
        }
        // The prefixes are found while the spellings are grouped.
        let (((by_text, by_reading), max_chars), prefixes) = rayon::join(
            || {
                let groups =
                    (Groups::of(spellings.iter().map(|s| s.text)), Groups::of(spellings.iter().map(|s| s.reading)));
                (groups, spellings.iter().map(|s| s.text.chars().count()).max().unwrap_or(0))
            },
            || {
                let mut prefixes = FxHashSet::default();
                for s in &spellings {
                    // Its text up to its second, third, … and last but one character.
                    for (end, _) in s.text.char_indices().skip(2) {
                        prefixes.insert(&s.text[..end]);
                    }
                }
                prefixes
            },
        );
        Ok(Dict { lemmas, spellings, by_text, by_reading, prefixes, max_chars })
    }

    /// The spellings written `text` (one per lemma and form that has it).
    pub fn lookup(&self, text: &str) -> &[u32] {
        self.by_text.get(text)
    }

    /// Whether some spelling is longer than `text` and starts with it.
    pub fn extends(&self, text: &str) -> bool {
        self.prefixes.contains(text)
    }

    /// The spellings read `reading` (hiragana).
    pub fn read_as(&self, reading: &str) -> &[u32] {
        self.by_reading.get(reading)
    }

    pub fn spelling(&self, id: u32) -> &Spelling<'t> {
        &self.spellings[id as usize]
    }

    pub fn lemma_of(&self, id: u32) -> &Lemma<'t> {
        &self.lemmas[self.spellings[id as usize].lemma as usize]
    }
}

/// Spellings grouped by a key (their text, or their reading): each key's spellings, in
/// table order, are a slice of one array — two allocations for the whole table rather
/// than one per key.
#[derive(Debug)]
struct Groups<'t> {
    /// Key → its group.
    group: FxHashMap<&'t str, u32>,
    /// Per group, where its spellings start in `ids` (and, last, the end).
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl<'t> Groups<'t> {
    /// Groups the spellings by `keys` (one per spelling, in table order).
    fn of(keys: impl ExactSizeIterator<Item = &'t str>) -> Groups<'t> {
        let mut group: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut of_spelling = Vec::with_capacity(keys.len());
        let mut counts: Vec<u32> = Vec::new();
        for key in keys {
            let next = group.len() as u32;
            let g = *group.entry(key).or_insert(next);
            if g == next {
                counts.push(0);
            }
            counts[g as usize] += 1;
            of_spelling.push(g);
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut at = 0u32;
        for c in &counts {
            starts.push(at);
            at += c;
        }
        starts.push(at);
        let mut fill = starts.clone();
        let mut ids = vec![0u32; of_spelling.len()];
        for (id, g) in of_spelling.into_iter().enumerate() {
            ids[fill[g as usize] as usize] = id as u32;
            fill[g as usize] += 1;
        }
        Groups { group, starts, ids }
    }

    fn get(&self, key: &str) -> &[u32] {
        match self.group.get(key) {
            Some(&g) => &self.ids[self.starts[g as usize] as usize..self.starts[g as usize + 1] as usize],
            None => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_groups_variant_spellings_by_lemma() {
        let d = dict().unwrap();
        assert!(d.lemmas.len() > 100_000 && d.spellings.len() > 300_000);
        let lemmas = |t: &str| -> Vec<&str> { d.lookup(t).iter().map(|i| d.lemma_of(*i).text).collect() };
        assert!(lemmas("ぜい弱").contains(&"脆弱"));
        assert!(lemmas("取扱い").contains(&"取り扱い"));
        assert!(lemmas("サーバ").iter().any(|l| l.starts_with("サーバー")));
        let reading = |t: &str| d.lookup(t).iter().map(|i| d.spelling(*i).reading).next();
        assert_eq!(reading("異常"), Some("いじょう"));
        assert!(d.read_as("いじょう").iter().any(|i| d.spelling(*i).text == "以上"));
    }

    #[test]
    fn groups_hold_each_keys_spellings_in_table_order() {
        let g = Groups::of(["a", "b", "a", "c", "a"].into_iter());
        assert_eq!(g.get("a"), [0, 2, 4]);
        assert_eq!(g.get("b"), [1]);
        assert_eq!(g.get("c"), [3]);
        assert!(g.get("d").is_empty());
    }

    #[test]
    fn rejects_a_malformed_table_with_its_line() {
        let e = Dict::parse("=脆弱\tN\nぜい弱\tぜいじゃく\tX\t1\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(Dict::parse("ぜい弱\tぜいじゃく\t-\t1\n").is_err(), "a spelling needs a lemma");
    }
}
