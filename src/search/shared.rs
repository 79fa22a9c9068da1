//! The constants both search engines use — the shard format version, particles and
//! function words, stop words, limits, the weights of expansions — from their one source,
//! `shared.json`. The Rust side reads it here; the browser engine gets it as
//! `js/shared.mjs`, which [`js_module`] writes from the same file (a test holds the
//! committed module equal to it, and `TEBIKI_BLESS=1` rewrites it).

use std::sync::LazyLock;

use serde::Deserialize;

/// The source text, embedded.
pub const SOURCE: &str = include_str!("shared.json");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shared {
    /// The version of the shard format; the engine refuses any other.
    pub format: u32,
    /// Words longer than this (in characters) are not indexed.
    pub max_word_chars: usize,
    /// A query is read up to this many characters (once normalized): no one types more,
    /// and a pasted page would make the query's variants cost its length squared.
    pub max_query_chars: usize,
    /// At most this many indexed terms stand for one prefix.
    pub max_expansions: usize,
    /// Particles: hiragana that separate the words of a query.
    pub particles: Vec<String>,
    /// Auxiliaries, inflection tails and question words: hiragana that separate the words
    /// of a query too, and are dropped.
    pub function_words: Vec<String>,
    /// Question words written in kanji (`何`, `誰`): a query part that is one of them is
    /// dropped, as hiragana question words are.
    pub question_words: Vec<String>,
    /// Hiragana that, right after a kanji, is a verb's okurigana even where an auxiliary
    /// could start (`漏れた`, `取られた`): a passive or potential auxiliary attaches to a
    /// verb's kana, never to a kanji.
    pub okurigana_before_auxiliary: Vec<String>,
    /// English words that never make a clause of a query.
    pub stop_words: Vec<String>,
    /// Words that only put a question (English question words and verbs that name no
    /// subject; the stems of Japanese verbs of asking and telling as a query keeps them,
    /// `聞か` of `聞かれた`, `教え` of `教えて`; `来` of `電話 来た`, which says only that
    /// something came): kept as words of a query, but *optional* —
    /// they add `optional_weight` of their score where a document has them and never
    /// count in its coverage.
    pub optional_words: Vec<String>,
    /// The share of an optional word's score a document gets.
    pub optional_weight: f32,
    /// Per question word, the words the guides answer it with (`when`: `timing`): an
    /// optional word's clause matches them too.
    pub question_intents: std::collections::BTreeMap<String, Vec<String>>,
    /// The longest lexicon key of a kana/kanji word, in characters.
    pub max_key_chars: usize,
    /// The longest lexicon key of Latin words, in words.
    pub max_key_words: usize,
    /// At most this many variants of a query are searched (the query as typed included).
    pub max_variants: usize,
    /// The lexicon's kinds of expansion, in code order.
    pub kinds: Vec<String>,
    /// The weight of each kind of expansion (the query as typed weighs 1).
    pub kind_weights: Vec<f32>,
    /// A document must cover at least this share of a variant's words to be a result.
    pub min_coverage: f32,
    /// The score is multiplied by the coverage to this power.
    pub coverage_power: u32,
    /// A word of a query is absent from the index when at least one in this many of its
    /// clauses (joints left out) have no indexed term.
    pub absent_part: u32,
    /// An absent Latin word's weight in the coverage (a present word weighs 1).
    pub absent_weight: f32,
    /// An absent kana/kanji word's weight in the coverage (but an inflected one weighs 1).
    pub absent_weight_cjk: f32,
    /// The first results whose sections lend their score to related sections.
    pub related_seeds: usize,
    /// How much a related section's likeness to the first results weighs against its own
    /// score (both as shares of the first result's).
    pub related_weight: f64,
}

static SHARED: LazyLock<Shared> =
    LazyLock::new(|| serde_json::from_str(SOURCE).expect("src/search/shared.json is valid (tested)"));

/// The shared constants.
pub fn shared() -> &'static Shared {
    &SHARED
}

/// The JS module of the shared constants, as `js/shared.mjs` holds it.
pub fn js_module() -> String {
    let value: serde_json::Value = serde_json::from_str(SOURCE).expect("src/search/shared.json is valid (tested)");
    let mut out = String::from(
        "// The constants the browser engine shares with the Rust one. Generated from\n\
         // src/search/shared.json (edit that file; `TEBIKI_BLESS=1 cargo test shared` rewrites this one).\n",
    );
    if let serde_json::Value::Object(map) = value {
        for (key, v) in map.iter().filter(|(k, _)| *k != "comment") {
            out.push_str(&format!("export const {} = {};\n", const_name(key), v));
        }
    }
    out
}

/// `maxWordChars` → `MAX_WORD_CHARS`.
fn const_name(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_constants_parse_and_the_js_module_is_generated_from_them() {
        let s = shared();
        assert_eq!(s.kinds.len(), s.kind_weights.len());
        assert!(
            s.particles.iter().chain(&s.function_words).all(|p| p.chars().all(super::super::tokenizer::is_hiragana))
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/search/js/shared.mjs");
        if std::env::var_os("TEBIKI_BLESS").is_some() {
            std::fs::write(&path, js_module()).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == js_module(), "src/search/js/shared.mjs is stale: run TEBIKI_BLESS=1 cargo test shared");
        assert_eq!(const_name("maxWordChars"), "MAX_WORD_CHARS");
    }
}
