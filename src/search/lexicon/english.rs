//! English spelling variants for the lexicon (its step 2): British and American
//! spellings of the site's Latin words by suffix rules, and a compound's parts written
//! apart (`cyber attack` → `cyberattack`, `co ordinate` → `coordinate`).

use super::{Builder, Kind, SiteText, match_form};

/// Spelling rules between American and British English, as suffixes (American, British).
const SPELLINGS: [(&str, &str); 23] = [
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

/// The other spellings of a word by [`SPELLINGS`]: British ones of an American word
/// (`minimize` → `minimise`, `dialog` → `dialogue`) and American ones of a British word
/// (`analysing` → `analyzing`, `defence` → `defense`); `inquir…` and `enquir…` are
/// matched at the start of a word, the rest at its end.
fn spellings(word: &str) -> Vec<String> {
    let mut out = Vec::new();
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

/// Prefixes a writer may set apart (`co-ordinate`, `re-establish`, `non-compliance`).
const PREFIXES: [&str; 12] =
    ["co", "re", "pre", "non", "post", "sub", "multi", "anti", "inter", "counter", "over", "under"];

/// English spelling variants of the site's Latin words (see the module doc).
pub(super) fn english_entries(site: &SiteText, b: &mut Builder) {
    for w in &site.written {
        if w.len() < 5 || !w.bytes().all(|c| c.is_ascii_lowercase()) {
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
        for i in 3..w.len().saturating_sub(3) {
            let (first, second) = w.split_at(i);
            if second.len() >= 4 && site.written.contains(second) {
                b.add(&format!("{} {}", match_form(first), match_form(second)), w, Kind::Variant);
            }
        }
    }
}
