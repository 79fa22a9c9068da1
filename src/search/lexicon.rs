//! The query lexicon of one language of a site: what a query may be rewritten to, restricted
//! to the site's own words. Built with the index (cached beside it), used by `tebiki
//! search` and exported for the browser, so both engines expand a query the same way;
//! the browser never sees the dictionary.
//!
//! A lexicon maps a *key* — text a reader might type — to *targets*, text the site
//! contains, each with its [`Kind`]:
//!
//! 1. Japanese, from the dictionary ([`super::dict`]): the site's words are the
//!    dictionary spellings found in its kana/kanji text. For each, the other spellings of
//!    its lemma are keys — spelling variants (`ぜい弱` → `脆弱`, `取扱い` → `取り扱い`,
//!    `サーバ` → `サーバー`) and inflected forms (`止まっ` → `止まる`); its reading in
//!    hiragana is a key (`いじょう` → `異常`); and for a noun (or adjectival noun), the
//!    spellings of other nouns read the same are keys, homophones an IME may give instead (`以上` →
//!    `異常`, `公報` → `広報`; a reading missing a small `っ` counts: `普及` → `復旧`; a
//!    two-kana reading counts between words of two kanji: `機器` → `危機`).
//!    Katakana spellings of the site's katakana words are keys too ([`katakana_spellings`]:
//!    `サーバ` → `サーバー`, `ランサムウエア` → `ランサムウェア`), for the loanwords the
//!    dictionary lacks.
//! 2. English spelling variants of the site's Latin words: British spellings of the
//!    American ones it uses (`minimise` → `minimize`, `behaviour` → `behavior`,
//!    `cancelled` → `canceled`, `centre` → `center`, `enquiry` → `inquiry`) and American
//!    ones of the British (`analyzing` → `analysing`, `defense` → `defence`), a
//!    compound written as two words (`cyber attack` → `cyberattack`, `co ordinate` →
//!    `coordinate`), and a hyphenated one written as one (`followup` → `follow up`);
//!    see [`english`].
//! 3. Synonyms, from the default thesaurus (`thesaurus/<lang>.toml`, unless
//!    `default_synonyms = false`) and the site's `[search.synonyms]` groups: every term
//!    of a group is a key for the group's other terms that the site contains. A verb
//!    the dictionary knows (`消える` of `データ消失`, `起きる` of `発生`) is a key in every
//!    inflected spelling (`消え`, `起き`, `起こっ`), so a question reaches the noun the
//!    site uses.
//!
//! A kana/kanji key is matched inside a query word, a Latin key against whole words,
//! compared by their stems (`hacked` meets `hack`); see [`super::expand`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::dict::{self, Class, Dict, Form};
use super::query::words;
use super::schema::SearchDoc;
use super::shared::shared;
use super::tokenizer::{CharClass, SMALL_KANA, char_class, is_hiragana, is_katakana, normalize, runs, stem};

/// How a target relates to its key (codes in `shared.json` `kinds` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Kind {
    /// Another spelling of the same word.
    Variant = 0,
    /// Another inflected form of the same word.
    Inflection = 1,
    /// The word's reading, typed in hiragana.
    Reading = 2,
    /// Another word read the same.
    Homophone = 3,
    /// A term of the same synonym group.
    Synonym = 4,
    /// A related term of the key's synonym group (a closely related concept, searched
    /// one way only: from the group's terms to it).
    Related = 5,
}

/// A lexicon key's targets: the site's spellings it stands for, each with its kind.
pub type Targets = [(String, Kind)];

/// Finds the targets of a lexicon key (the CLI's lexicon or the browser's loaded shards).
pub type Lookup<'l> = dyn Fn(&str) -> Option<&'l Targets> + 'l;

impl From<Kind> for u8 {
    fn from(k: Kind) -> u8 {
        k as u8
    }
}

impl TryFrom<u8> for Kind {
    type Error = String;
    fn try_from(n: u8) -> Result<Kind, String> {
        Ok(match n {
            0 => Kind::Variant,
            1 => Kind::Inflection,
            2 => Kind::Reading,
            3 => Kind::Homophone,
            4 => Kind::Synonym,
            5 => Kind::Related,
            _ => return Err(format!("unknown lexicon kind {n}")),
        })
    }
}

impl Kind {
    /// The weight of an expansion of this kind (the query as typed weighs 1).
    pub fn weight(self) -> f32 {
        shared().kind_weights[self as usize]
    }
}

/// A key's targets: at most this many, the best kinds first.
pub const MAX_TARGETS: usize = 8;

/// The lexicon: key → targets (text the site contains), each with its kind. A
/// kana/kanji key is a word's text; a Latin key is its words' stems (or the words, where
/// they have none) joined by spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lexicon {
    pub entries: BTreeMap<String, Vec<(String, Kind)>>,
}

impl Lexicon {
    pub fn get(&self, key: &str) -> Option<&[(String, Kind)]> {
        self.entries.get(key).map(Vec::as_slice)
    }
}

/// A synonym group: its terms, as written, and the terms of a closely related concept
/// that its terms also find, at a lower weight (the default thesaurus's `related`; none
/// for a site's `[search.synonyms]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    pub terms: Vec<String>,
    pub related: Vec<String>,
}

impl Group {
    /// A group of `terms` with no related terms.
    pub fn of(terms: Vec<String>) -> Group {
        Group { terms, related: Vec::new() }
    }
}

/// Collects targets per key, keeping the best kind of each and at most [`MAX_TARGETS`].
#[derive(Default)]
struct Builder {
    entries: BTreeMap<String, BTreeMap<String, Kind>>,
    /// How often the site has each target (more often: kept first).
    freq: HashMap<String, usize>,
    /// Targets the site has only as two parts ([`SiteText::has_parts`]): kept after
    /// those it writes whole.
    apart: HashSet<String>,
}

impl Builder {
    fn add(&mut self, key: &str, target: &str, kind: Kind) {
        if key == target || key.chars().count() < 2 {
            return;
        }
        let slot = self.entries.entry(key.to_owned()).or_default().entry(target.to_owned()).or_insert(kind);
        if kind.weight() > slot.weight() {
            *slot = kind;
        }
    }

    fn finish(self) -> Lexicon {
        let (freq, apart) = (self.freq, self.apart);
        let entries = self
            .entries
            .into_iter()
            .map(|(key, targets)| {
                let mut t: Vec<(String, Kind)> = targets.into_iter().collect();
                t.sort_by(|a, b| {
                    b.1.weight()
                        .total_cmp(&a.1.weight())
                        .then_with(|| apart.contains(&a.0).cmp(&apart.contains(&b.0)))
                        .then_with(|| freq.get(&b.0).cmp(&freq.get(&a.0)))
                        .then_with(|| a.0.cmp(&b.0))
                });
                t.truncate(MAX_TARGETS);
                (key, t)
            })
            .collect();
        Lexicon { entries }
    }
}

/// Builds the lexicon of one language's documents: the dictionary's expansions for
/// Japanese, and the synonym `groups`.
pub fn build(lang: &str, docs: &[SearchDoc], groups: &[Group]) -> Result<Lexicon, String> {
    let texts: Vec<GuideText> = docs.chunk_by(|a, b| a.guide == b.guide).map(GuideText::of).collect();
    build_from(lang, &texts.iter().collect::<Vec<_>>(), groups)
}

/// Builds the lexicon from the text of each guide of a language (see [`build`]).
pub fn build_from(lang: &str, texts: &[&GuideText], groups: &[Group]) -> Result<Lexicon, String> {
    // The dictionary is decompressed while the site's text is gathered.
    let (site, dict) = rayon::join(|| SiteText::new(texts.iter().copied()), || (lang == "ja").then(dict::dict));
    build_of(site, dict.transpose()?, groups)
}

/// Builds the lexicon from the site's distinct items, as [`GuideText`] lists them (kana/kanji
/// runs, Latin words, hyphenated compounds), of a language (see [`build`]).
pub fn build_from_items(lang: &str, items: [Vec<&str>; 3], groups: &[Group]) -> Result<Lexicon, String> {
    let (site, dict) = rayon::join(|| SiteText::of_distinct(items), || (lang == "ja").then(dict::dict));
    build_of(site, dict.transpose()?, groups)
}

fn build_of(site: SiteText, dict: Option<std::sync::Arc<Dict<'static>>>, groups: &[Group]) -> Result<Lexicon, String> {
    let mut b = Builder::default();
    let mut katakana = katakana_stretches(&site);
    if let Some(d) = &dict {
        katakana.extend(dictionary_entries(d, &site, &mut b));
    }
    katakana_entries(&katakana, &mut b);
    english::english_entries(&site, &mut b);
    for g in groups {
        synonyms::synonym_entries(g, &site, dict.as_deref(), &mut b);
    }
    Ok(b.finish())
}

/// The dictionary spellings in the site's kana/kanji runs, with how often each occurs. A
/// katakana spelling counts only where it is not part of a longer katakana word (`アップ`
/// is not a word of `バックアップ`).
fn site_spellings<'d>(d: &'d Dict<'_>, site: &SiteText) -> BTreeMap<&'d str, (Vec<u32>, usize)> {
    let mut found: BTreeMap<&str, (Vec<u32>, usize)> = BTreeMap::new();
    // Per candidate text met so far: the positions of the spellings that start with it,
    // and how many of them are written it. A site repeats its words, and a lookup in the
    // table is two binary searches through it.
    let mut known: FxHashMap<String, (std::ops::Range<usize>, usize)> = FxHashMap::default();
    let mut look = |within: std::ops::Range<usize>, text: &str| -> (std::ops::Range<usize>, usize) {
        if let Some(hit) = known.get(text) {
            return hit.clone();
        }
        let run = d.starting_with(within, text);
        let exact = d.exactly(run.clone(), text).len();
        known.insert(text.to_owned(), (run.clone(), exact));
        (run, exact)
    };
    let mut buf = String::new();
    for run in site.runs() {
        let chars: Vec<char> = run.chars().collect();
        for i in 0..chars.len() {
            if i > 0 && is_katakana(chars[i]) && is_katakana(chars[i - 1]) {
                continue;
            }
            buf.clear();
            buf.push(chars[i]);
            // The spellings that start with the candidate, narrowed as it grows.
            let mut run = look(d.all(), &buf).0;
            for j in i + 1..chars.len().min(i + d.max_chars) {
                if run.is_empty() {
                    break;
                }
                buf.push(chars[j]);
                let exact;
                (run, exact) = look(run, &buf);
                let ids = d.positions(run.start..run.start + exact);
                // A katakana candidate that a longer katakana word goes on from is no word.
                let inside_katakana = is_katakana(chars[j]) && chars.get(j + 1).is_some_and(|c| is_katakana(*c));
                if !ids.is_empty() && !inside_katakana {
                    let text: &str = d.spelling(ids[0]).text;
                    found.entry(text).or_insert_with(|| (ids.to_vec(), 0)).1 += 1;
                }
                // No spelling goes on from here.
                if run.len() == ids.len() {
                    break;
                }
            }
        }
    }
    found
}

fn is_kanji(c: char) -> bool {
    char_class(c) == CharClass::Cjk && !is_hiragana(c) && !is_katakana(c) && c != 'ー'
}

fn has_kanji(s: &str) -> bool {
    s.chars().any(is_kanji)
}

fn two_kanji(s: &str) -> bool {
    s.chars().count() == 2 && s.chars().all(is_kanji)
}

/// A noun or an adjectival noun: the classes whose homophones are keys.
fn nounish(c: Class) -> bool {
    matches!(c, Class::Noun | Class::AdjectivalNoun)
}

/// The dictionary's expansions of the site's words (see the module doc); returns the
/// site's katakana words among them, for [`katakana_entries`].
fn dictionary_entries(d: &Dict<'_>, site: &SiteText, b: &mut Builder) -> BTreeSet<String> {
    let found = site_spellings(d, site);
    let katakana = found.keys().filter(|t| t.chars().all(is_katakana)).map(|t| (*t).to_owned()).collect();
    for (text, (ids, count)) in &found {
        b.freq.insert((*text).to_owned(), *count);
        for &id in ids {
            let sp = d.spelling(id);
            let lemma = d.lemma_of(id);
            for other in lemma.spellings.clone() {
                let o = d.spelling(other);
                let kind = if o.form == sp.form { Kind::Variant } else { Kind::Inflection };
                b.add(o.text, text, kind);
            }
            let reading: &str = sp.reading;
            if has_kanji(text) && sp.form != Form::Stem && reading.chars().count() >= 2 {
                b.add(reading, text, Kind::Reading);
            }
            // Homophones: read the same in three kana or more, or in two for a word of two
            // kanji typed as two other kanji (`事故` and `自己`, `危機` and `機器`); a noun
            // either way, an IME does not ask whether it is also an adjectival noun.
            let short = reading.chars().count() == 2 && two_kanji(text);
            if !(reading.chars().count() >= 3 || short) || !nounish(lemma.class) {
                continue;
            }
            let without_sokuon: String = reading.chars().filter(|c| *c != 'っ').collect();
            let mut homophones: Vec<u32> = d.read_as(reading).to_vec();
            if without_sokuon != reading {
                homophones.extend_from_slice(d.read_as(&without_sokuon));
            }
            for h in homophones {
                let hs = d.spelling(h);
                if hs.lemma != sp.lemma
                    && nounish(d.lemma_of(h).class)
                    && has_kanji(hs.text)
                    && (!short || two_kanji(hs.text))
                {
                    b.add(hs.text, text, Kind::Homophone);
                }
            }
        }
    }
    katakana
}

/// The site's katakana stretches (maximal runs of katakana) of 3 characters or more.
fn katakana_stretches(site: &SiteText) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for run in site.runs() {
        let chars: Vec<char> = run.chars().collect();
        for part in chars.split(|c| !is_katakana(*c)) {
            if part.len() >= 3 {
                out.insert(part.iter().collect());
            }
        }
    }
    out
}

/// Small vowels and the large ones writers put for them (`ウィルス`, `ウイルス`).
const SMALL_VOWELS: [(char, char); 5] = [('ァ', 'ア'), ('ィ', 'イ'), ('ゥ', 'ウ'), ('ェ', 'エ'), ('ォ', 'オ')];

/// The spellings a reader may type for a katakana word: without its final `ー` (`サーバ`
/// for `サーバー`) or with one (`セキュリティー` for `セキュリティ`), without one or all of
/// its other `ー` (`インタフェース`), its small vowels written large (`ソフトウエア`), and
/// the large vowels after `ウ` `フ` `テ` `デ` written small (`ウィルス` for `ウイルス`).
pub fn katakana_spellings(word: &str) -> Vec<String> {
    let c: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    if c.last() == Some(&'ー') {
        out.push(c[..c.len() - 1].iter().collect());
    } else if c.last().is_some_and(|l| !SMALL_KANA.contains(*l)) {
        out.push(format!("{word}ー"));
    }
    let inner: Vec<usize> = (1..c.len().saturating_sub(1)).filter(|i| c[*i] == 'ー').collect();
    for &i in &inner {
        out.push(c.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, ch)| *ch).collect());
    }
    if inner.len() > 1 {
        out.push(c.iter().enumerate().filter(|(j, ch)| **ch != 'ー' || *j + 1 == c.len()).map(|(_, ch)| *ch).collect());
    }
    let large: String =
        c.iter().map(|ch| SMALL_VOWELS.iter().find(|(s, _)| s == ch).map_or(*ch, |(_, l)| *l)).collect();
    out.push(large);
    let small: String = c
        .iter()
        .enumerate()
        .map(|(i, ch)| match SMALL_VOWELS.iter().find(|(_, l)| l == ch) {
            Some((s, _)) if i > 0 && "ウフテデ".contains(c[i - 1]) => *s,
            _ => *ch,
        })
        .collect();
    out.push(small);
    out.retain(|k| k != word);
    out
}

/// Characters of the longest katakana word that has spelling variants: a longer run is
/// no loanword anyone types, and its variants cost its length squared.
const MAX_KATAKANA_VARIANT_CHARS: usize = 32;

/// Katakana spelling variants (see [`katakana_spellings`]) of the site's katakana
/// `words` of 3 to [`MAX_KATAKANA_VARIANT_CHARS`] characters: keys of 3 characters or
/// more that are no katakana word of the site.
fn katakana_entries(words: &BTreeSet<String>, b: &mut Builder) {
    for w in words.iter().filter(|w| (3..=MAX_KATAKANA_VARIANT_CHARS).contains(&w.chars().count())) {
        for key in katakana_spellings(w) {
            if key.chars().count() >= 3 && !words.contains(&key) {
                b.add(&key, w, Kind::Variant);
            }
        }
    }
}

/// The lexicon key of a term: its one kana/kanji word, or its Latin words' match forms
/// joined by spaces; `None` for a term that is neither (mixed scripts, stop words only),
/// and for one that starts or ends with a stop word: a query drops that word, so the key
/// would be the rest of the term, which means something else (`IT team` → `team`,
/// `IT部門` → `部門`).
pub fn key_of(term: &str) -> Option<String> {
    if edge_stop(term) {
        return None;
    }
    let ws = words(term);
    if ws.len() == 1 && ws[0].cjk {
        return Some(ws[0].text.clone());
    }
    if ws.is_empty() || ws.iter().any(|w| w.cjk) {
        return None;
    }
    Some(ws.iter().map(|w| match_form(&w.text)).collect::<Vec<_>>().join(" "))
}

/// Whether a term starts or ends with a stop word (a query drops it).
fn edge_stop(term: &str) -> bool {
    let normalized = normalize(term);
    let all = runs(&normalized);
    let stop = |r: Option<&super::tokenizer::Run<'_>>| {
        r.is_some_and(|r| r.class == CharClass::Word && shared().stop_words.iter().any(|w| w == r.text))
    };
    stop(all.first()) || stop(all.last())
}

/// How a Latin word is compared with a key: its stem, or itself when it has none.
pub fn match_form(word: &str) -> String {
    stem(word).unwrap_or_else(|| word.to_owned())
}

mod english;
mod synonyms;
mod text;

pub use synonyms::{groups, thesaurus};
pub use text::GuideText;
use text::SiteText;

#[cfg(test)]
mod tests;
