//! Synonym keys of the lexicon ([`super`], step 3): the default thesaurus
//! (`thesaurus/<lang>.toml`) and a site's `[search.synonyms]` groups, each term of a
//! group a key for the group's other terms that the site contains (kind synonym) and for
//! the group's related terms that it contains (kind related); a verb a key in its
//! inflected spellings, and a hyphenated term a key written as one word too.

use serde::Deserialize;

use super::{Builder, Group, Kind, SiteText, edge_stop, has_kanji, key_of};
use crate::search::dict::{Class, Dict, Form};
use crate::search::query::{Word, words};
use crate::search::tokenizer::normalize;

/// The inflected spellings of a thesaurus term that the dictionary knows as a verb in its
/// base form (`消える` → `消え` `消える` `消えれ`, `漏れる` → `漏れ` …), those with a kanji: a
/// question puts a verb inflected, and a query keeps its okurigana (`消えた` → `消え`).
/// Empty for any other term (a noun made of a verb's stem, `備え`, stays a noun).
fn verb_spellings(term: &str, d: Option<&Dict<'_>>) -> Vec<String> {
    let Some(d) = d else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for &id in d.lookup(&normalize(term)) {
        let lemma = d.lemma_of(id);
        if lemma.class != Class::Verb || d.spelling(id).form != Form::Base {
            continue;
        }
        for other in lemma.spellings.clone() {
            let o = d.spelling(other);
            if o.form != Form::Plain && has_kanji(o.text) && !out.iter().any(|x| x == o.text) {
                out.push(o.text.to_owned());
            }
        }
    }
    out
}

/// A group's term, ready for the lexicon: its keys (its text as a key, a verb's inflected
/// spellings, a hyphenated term written as one word), its query words, and whether it is
/// a verb (a key only, never a target).
struct Term {
    keys: Vec<String>,
    words: Vec<Word>,
    verb: bool,
}

/// The terms of `terms` that can be keys or targets. A term that starts or ends with a
/// stop word is neither: a query drops that word, and so would the target (`break-in`
/// would search `break`).
fn terms_of(terms: &[String], d: Option<&Dict<'_>>) -> Vec<Term> {
    terms
        .iter()
        .filter(|t| !edge_stop(t))
        .map(|t| {
            // A verb's keys are its inflected spellings; it is no target (the query
            // would search a stem, and the dictionary leads its forms to the site's).
            let verb = verb_spellings(t, d);
            let is_verb = !verb.is_empty();
            let keys = if is_verb {
                verb
            } else {
                let joined = t.contains('-').then(|| key_of(&t.replace('-', ""))).flatten();
                let mut keys: Vec<String> = key_of(t).into_iter().collect();
                keys.extend(joined.filter(|j| !keys.contains(j)));
                keys
            };
            Term { keys, words: words(t), verb: is_verb }
        })
        .filter(|t| !t.words.is_empty())
        .collect()
}

pub(super) fn synonym_entries(group: &Group, site: &SiteText, d: Option<&Dict<'_>>, b: &mut Builder) {
    let terms = terms_of(&group.terms, d);
    let related = terms_of(&group.related, d);
    // Whether the site has each term: asked once per term (it scans the site's text).
    let present = |ts: &[Term]| -> Vec<bool> { ts.iter().map(|t| !t.verb && site.contains(&t.words)).collect() };
    let (has_term, has_related) = (present(&terms), present(&related));
    let target = |ws: &[Word]| ws.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    for (t, here) in terms.iter().zip(&has_term).chain(related.iter().zip(&has_related)) {
        if *here && t.words.iter().any(|w| w.cjk && !site.has_run_text(&w.text)) {
            b.apart.insert(target(&t.words));
        }
    }
    for (i, t) in terms.iter().enumerate() {
        for key in &t.keys {
            for (j, other) in terms.iter().enumerate() {
                if i != j && has_term[j] {
                    b.add(key, &target(&other.words), Kind::Synonym);
                }
            }
            for (r, here) in related.iter().zip(&has_related) {
                if *here {
                    b.add(key, &target(&r.words), Kind::Related);
                }
            }
        }
    }
}

/// The synonym groups of a language: the default thesaurus (when on) and the site's own.
pub fn groups(lang: &str, default_synonyms: bool, site_groups: &[Vec<String>]) -> Result<Vec<Group>, String> {
    let mut out = Vec::new();
    if default_synonyms {
        out.extend(thesaurus(lang)?);
    }
    out.extend(site_groups.iter().cloned().map(Group::of));
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThesaurusFile {
    #[serde(default)]
    group: Vec<ThesaurusGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThesaurusGroup {
    terms: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

/// The default thesaurus of a language (none for a language without one).
pub fn thesaurus(lang: &str) -> Result<Vec<Group>, String> {
    let (name, text) = match lang {
        "ja" => ("thesaurus/ja.toml", include_str!("../thesaurus/ja.toml")),
        "en" => ("thesaurus/en.toml", include_str!("../thesaurus/en.toml")),
        _ => return Ok(Vec::new()),
    };
    let file: ThesaurusFile = toml::from_str(text).map_err(|e| format!("src/search/{name}: {e}"))?;
    Ok(file.group.into_iter().map(|g| Group { terms: g.terms, related: g.related }).collect())
}
