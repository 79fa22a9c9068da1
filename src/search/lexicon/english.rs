//! English keys of the lexicon ([`super`], step 2): the spellings a reader may type for
//! the site's Latin words.
//!
//! 1. British spellings of the site's American words and the other way round, by suffix
//!    rules ([`spellings`]: `minimise` → `minimize`, `analyzing` → `analysing`).
//!    Some words differ whole ([`WORDS`]: `learnt` → `learned`, `grey` → `gray`).
//! 2. A compound the site writes as one word, typed as two: after a prefix a writer may
//!    set apart (`co ordinate` → `coordinate`, `e mail` → `email`), where the second
//!    part is a word of the site (`cyber attack` → `cyberattack`), or where both parts
//!    are words of the site and neither a stop word (`back up` → `backup`, `shut down` →
//!    `shutdown`).
//! 3. A compound the site writes with a hyphen, typed as one word: `followup` →
//!    `follow up` (the site's `follow-up`), `nontechnical` → `non technical`. A query
//!    typed with the hyphen or a space already finds the two words.

use super::{Builder, Kind, SiteText, match_form};
use crate::search::shared::shared;

/// Spelling rules between American and British English, as suffixes (American, British).
const SPELLINGS: [(&str, &str); 27] = [
    ("ization", "isation"),
    ("izations", "isations"),
    ("izing", "ising"),
    ("ized", "ised"),
    ("izes", "ises"),
    ("ize", "ise"),
    ("yze", "yse"),
    ("yzed", "ysed"),
    ("yzing", "ysing"),
    ("or", "our"),
    ("ors", "ours"),
    ("ense", "ence"),
    ("eled", "elled"),
    ("eling", "elling"),
    ("elor", "ellor"),
    ("elors", "ellors"),
    ("ber", "bre"),
    ("bers", "bres"),
    ("ter", "tre"),
    ("ters", "tres"),
    ("og", "ogue"),
    ("ogs", "ogues"),
    ("gram", "gramme"),
    ("grams", "grammes"),
    ("dgment", "dgement"),
    ("dgments", "dgements"),
    ("inquir", "enquir"),
];

/// Whole words spelt differently in American and British English (American, British):
/// past tenses in `-t`, and words no suffix rule covers.
const WORDS: [(&str, &str); 20] = [
    ("learned", "learnt"),
    ("spelled", "spelt"),
    ("burned", "burnt"),
    ("spoiled", "spoilt"),
    ("dreamed", "dreamt"),
    ("gray", "grey"),
    ("aging", "ageing"),
    ("skeptical", "sceptical"),
    ("fulfill", "fulfil"),
    ("fulfills", "fulfils"),
    ("enroll", "enrol"),
    ("enrolls", "enrols"),
    ("skillful", "skilful"),
    ("willful", "wilful"),
    ("mold", "mould"),
    ("plow", "plough"),
    ("practice", "practise"),
    ("practiced", "practised"),
    ("practicing", "practising"),
    ("airplane", "aeroplane"),
];

/// The other spellings of a word by [`WORDS`] and [`SPELLINGS`]: British ones of an American word
/// (`minimize` → `minimise`, `dialog` → `dialogue`) and American ones of a British word
/// (`analysing` → `analyzing`, `defence` → `defense`); `inquir…` and `enquir…` are
/// matched at the start of a word, the rest at its end.
pub fn spellings(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (us, uk) in WORDS {
        out.extend([(us, uk), (uk, us)].into_iter().filter(|(from, _)| *from == word).map(|(_, to)| to.to_owned()));
    }
    for (us, uk) in SPELLINGS {
        for (from, to) in [(us, uk), (uk, us)] {
            let other = if from.ends_with("quir") {
                word.strip_prefix(from).map(|rest| format!("{to}{rest}"))
            } else {
                word.strip_suffix(from).filter(|base| base.len() >= 3).map(|base| format!("{base}{to}"))
            };
            out.extend(other);
        }
    }
    out
}

/// Prefixes a writer may set apart (`co-ordinate`, `re-establish`, `non-compliance`,
/// `e-mail`).
const PREFIXES: [&str; 13] =
    ["co", "re", "pre", "non", "post", "sub", "multi", "anti", "inter", "counter", "over", "under", "e"];

/// Letters of the longest word that has spelling variants: no one types a longer one,
/// and splitting a word in two at every letter costs its length squared.
const MAX_VARIANT_LETTERS: usize = 64;

/// English spelling variants of the site's Latin words (see the module doc).
pub(super) fn english_entries(site: &SiteText, b: &mut Builder) {
    hyphenated_entries(site, b);
    let stop = |w: &str| shared().stop_words.iter().any(|s| s == w);
    for w in &site.written {
        if w.len() < 4 || w.len() > MAX_VARIANT_LETTERS || !w.bytes().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let own = match_form(w);
        for other in spellings(w) {
            let key = match_form(&other);
            if key != own {
                b.add(&key, w, Kind::Variant);
            }
        }
        for p in PREFIXES {
            if let Some(rest) = w.strip_prefix(p)
                && rest.len() >= 4
            {
                b.add(&format!("{} {}", match_form(p), match_form(rest)), w, Kind::Variant);
            }
        }
        for i in 2..=w.len() - 2 {
            let (first, second) = w.split_at(i);
            let word = |part: &str| site.written.contains(part) && !stop(part);
            if (first.len() >= 3 && second.len() >= 4 && site.written.contains(second)) || (word(first) && word(second))
            {
                b.add(&format!("{} {}", match_form(first), match_form(second)), w, Kind::Variant);
            }
        }
    }
}

/// Keys for the site's hyphenated two-word compounds written as one word (step 3): no
/// part a stop word (a query drops it, so the target would be the other part alone) or
/// shorter than two letters, and not where the site writes the compound as one word too
/// (then the query finds it as typed).
fn hyphenated_entries(site: &SiteText, b: &mut Builder) {
    let stop = |w: &str| shared().stop_words.iter().any(|s| s == w);
    for (first, second) in &site.compounds {
        let letters = |w: &str| w.len() >= 2 && w.bytes().all(|c| c.is_ascii_lowercase());
        if !letters(first) || !letters(second) || stop(first) || stop(second) {
            continue;
        }
        let joined = format!("{first}{second}");
        if !site.written.contains(&joined) {
            b.add(&match_form(&joined), &format!("{first} {second}"), Kind::Variant);
        }
    }
}
