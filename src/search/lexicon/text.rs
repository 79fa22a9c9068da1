//! The text the lexicon is made from: each guide's ([`GuideText`], kept per guide in the
//! index's cache) and the site's, their union ([`SiteText`]).

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::search::query::Word;
use crate::search::schema::SearchDoc;
use crate::search::tokenizer::{CharClass, normalize, runs, stem};

/// What the site contains, to check targets against.
pub(super) struct SiteText {
    /// Distinct kana/kanji runs, normalized, each followed by a line break: one string,
    /// searched at once for a text (see [`SiteText::runs`]).
    pub(super) runs: String,
    /// Every pair of characters that stand side by side in a run: a text with a pair
    /// the site lacks is in no run, known without scanning them all.
    pub(super) pairs: FxHashSet<(char, char)>,
    /// Distinct Latin words and their stems.
    pub(super) words: FxHashSet<String>,
    /// Distinct Latin words as written (normalized), without the stems.
    pub(super) written: BTreeSet<String>,
    /// Distinct compounds of two Latin words joined by a hyphen (`follow-up`).
    pub(super) compounds: BTreeSet<(String, String)>,
}

/// The words of one guide's documents that the lexicon looks at: its distinct kana/kanji
/// runs and Latin words, normalized and sorted. Kept per guide in the index's cache, so
/// a build gathers only the changed guides' text again. Each list is one string, an item
/// a line (neither a run nor a word holds a line break): the cache of 1,000 guides then
/// reads as 2,000 strings, not hundreds of thousands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuideText {
    runs: String,
    words: String,
    /// Two-word hyphenated compounds, `first-second`.
    compounds: String,
}

/// The items of a list of [`GuideText`].
fn items(list: &str) -> impl Iterator<Item = &str> {
    list.split('\n').filter(|item| !item.is_empty())
}

impl GuideText {
    /// Its lists (runs, words, compounds), for the index's cache ([`super::text_cache`]).
    pub fn parts(&self) -> [&str; 3] {
        [&self.runs, &self.words, &self.compounds]
    }

    /// Its lists' items (runs, words, compounds).
    pub fn lists(&self) -> [impl Iterator<Item = &str>; 3] {
        self.parts().map(items)
    }

    /// A guide's text from its lists as [`GuideText::parts`] gives them.
    pub fn from_parts([runs, words, compounds]: [String; 3]) -> GuideText {
        GuideText { runs, words, compounds }
    }

    /// The text of one guide's documents (they share its title).
    pub fn of(docs: &[SearchDoc]) -> GuideText {
        let title = docs.first().map(|d| d.guide_title.as_str());
        let texts: Vec<String> = title
            .into_iter()
            .chain(docs.iter().flat_map(|d| [d.heading.as_str(), d.body.as_str()]))
            .map(normalize)
            .collect();
        GuideText::of_normalized(texts.iter().map(String::as_str))
    }

    /// The text of one guide's documents, given their texts normalized. Distinct runs are
    /// gathered by hash, borrowed, then sorted: on 1,000 guides that took the search
    /// stage's gathering from 0.22 to 0.18 s, against a sorted set of owned strings.
    pub fn of_normalized<'t>(texts: impl Iterator<Item = &'t str>) -> GuideText {
        let (mut cjk, mut written) = (FxHashSet::<&'t str>::default(), FxHashSet::<&'t str>::default());
        let mut compounds = BTreeSet::new();
        for n in texts {
            let all = runs(n);
            for (i, r) in all.iter().enumerate() {
                match r.class {
                    CharClass::Cjk => cjk.insert(r.text),
                    CharClass::Word => written.insert(r.text),
                    CharClass::Other => continue,
                };
                if let Some(c) = hyphenated(n, &all, i) {
                    compounds.insert(c);
                }
            }
        }
        let join = |set: FxHashSet<&str>| {
            let mut items: Vec<&str> = set.into_iter().collect();
            items.sort_unstable();
            items.join("\n")
        };
        GuideText {
            runs: join(cjk),
            words: join(written),
            compounds: compounds.into_iter().collect::<Vec<_>>().join("\n"),
        }
    }
}

/// The characters of `text` that stand side by side, in pairs.
fn char_pairs(text: &str) -> impl Iterator<Item = (char, char)> + '_ {
    text.chars().zip(text.chars().skip(1))
}

/// The compound `first-second` when run `i` of `text` is the first of exactly two words
/// joined by a hyphen (not part of a longer chain such as `easy-to-read`).
fn hyphenated(text: &str, all: &[crate::search::tokenizer::Run<'_>], i: usize) -> Option<String> {
    let joined = |a: &crate::search::tokenizer::Run<'_>, b: &crate::search::tokenizer::Run<'_>| {
        a.class == CharClass::Word && b.class == CharClass::Word && text[a.offset + a.text.len()..b.offset] == *"-"
    };
    let (r, next) = (all.get(i)?, all.get(i + 1)?);
    let before = i > 0 && joined(&all[i - 1], r);
    let after = all.get(i + 2).is_some_and(|n| joined(next, n));
    (joined(r, next) && !before && !after).then(|| format!("{}-{}", r.text, next.text))
}

impl SiteText {
    /// The site's text: the union of its guides'.
    pub(super) fn new<'g>(guides: impl Iterator<Item = &'g GuideText>) -> SiteText {
        // Sets, not lists sorted once: the guides repeat most of each other's runs, and a
        // list of them all held 70 MiB more at the peak of 5,000 guides. Hash sets, sorted
        // once whole: 1,000 generated guides have 3,499 distinct runs among 596,175, and
        // a sorted set compared its way through every one (150 ms, against 45).
        let (mut cjk, mut written, mut compounds): (FxHashSet<&str>, FxHashSet<&str>, FxHashSet<&str>) =
            Default::default();
        for g in guides {
            cjk.extend(items(&g.runs));
            written.extend(items(&g.words));
            compounds.extend(items(&g.compounds));
        }
        let listed = |set: FxHashSet<&'g str>| set.into_iter().collect::<Vec<_>>();
        SiteText::of_distinct([listed(cjk), listed(written), listed(compounds)])
    }

    /// The site's text from its distinct items, as [`GuideText`] lists them: kana/kanji
    /// runs, Latin words, hyphenated compounds (an item given twice counts once).
    pub(super) fn of_distinct([mut cjk, mut written, mut compounds]: [Vec<&str>; 3]) -> SiteText {
        for items in [&mut cjk, &mut written, &mut compounds] {
            items.sort_unstable();
            items.dedup();
        }
        let mut words = FxHashSet::default();
        for w in &written {
            words.insert((*w).to_owned());
            words.extend(stem(w));
        }
        let mut pairs = FxHashSet::default();
        for run in &cjk {
            pairs.extend(char_pairs(run));
        }
        SiteText {
            runs: cjk.into_iter().flat_map(|r| [r, "\n"]).collect(),
            pairs,
            words,
            written: written.into_iter().map(str::to_owned).collect(),
            compounds: compounds
                .into_iter()
                .filter_map(|c| c.split_once('-'))
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect(),
        }
    }

    /// Whether the site contains every word of `ws`: a Latin word anywhere, a kana/kanji
    /// word inside a run or as two parts it has (see [`SiteText::has_parts`]).
    pub(super) fn contains(&self, ws: &[Word]) -> bool {
        !ws.is_empty()
            && ws.iter().all(|w| {
                if w.cjk { self.has_run_text(&w.text) || self.has_parts(&w.text) } else { self.words.contains(&w.text) }
            })
    }

    /// The distinct kana/kanji runs.
    pub(super) fn runs(&self) -> impl Iterator<Item = &str> {
        self.runs.lines()
    }

    pub(super) fn has_run_text(&self, text: &str) -> bool {
        // A run holds no line break, so a text without one is found inside a run.
        char_pairs(text).all(|p| self.pairs.contains(&p)) && !text.contains('\n') && self.runs.contains(text)
    }

    /// Whether a kana/kanji compound the site does not write is two parts of two
    /// characters or more that it does (`障害報告書`: `障害` and `報告書`), as a Latin
    /// term's words may stand anywhere: the query finds the parts, joined in the
    /// compound's bigram (a joint).
    pub(super) fn has_parts(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        (2..chars.len().saturating_sub(1)).any(|i| {
            let (a, b): (String, String) = (chars[..i].iter().collect(), chars[i..].iter().collect());
            self.has_run_text(&a) && self.has_run_text(&b)
        })
    }
}
