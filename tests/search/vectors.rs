//! The tokenizer and query-analysis cases shared by the Rust and JS sides
//! (`tests/fixtures/search/tokenizer-vectors.json`, made from `tokenizer-inputs.json`;
//! `TEBIKI_BLESS=1 cargo test` rewrites it after a deliberate change), and a cross-check
//! of the JS Snowball port against the Rust stemmer on generated English words.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use tebiki::search::expand::variants;
use tebiki::search::lexicon::Kind;
use tebiki::search::query::{clauses, words};
use tebiki::search::tokenizer::{stem, tokenize};

use super::node;
use crate::harness::{fixture, repo};

fn expected() -> Value {
    let inputs: Value =
        serde_json::from_slice(&std::fs::read(fixture("search/tokenizer-inputs.json")).unwrap()).unwrap();
    let texts: Vec<Value> = inputs["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let t = t.as_str().unwrap();
            json!({"text": t, "tokens": tokenize(t).into_iter().map(|k| k.term).collect::<Vec<_>>()})
        })
        .collect();
    let queries: Vec<Value> = inputs["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let ws = words(q.as_str().unwrap());
            let cs: Vec<_> = ws.iter().map(clauses).collect();
            json!({"query": q, "words": ws, "clauses": cs})
        })
        .collect();
    let expansions: Vec<Value> = inputs["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let lexicon: std::collections::BTreeMap<String, Vec<(String, Kind)>> =
                serde_json::from_value(e["lexicon"].clone()).unwrap();
            let q = e["query"].as_str().unwrap();
            let vs = variants(&words(q), &|k| lexicon.get(k).map(Vec::as_slice));
            json!({"query": q, "lexicon": e["lexicon"], "variants": vs})
        })
        .collect();
    json!({"texts": texts, "queries": queries, "expansions": expansions})
}

#[test]
fn tokenizer_and_query_analysis_match_shared_vectors() {
    let path = fixture("search/tokenizer-vectors.json");
    let now = serde_json::to_string_pretty(&expected()).unwrap() + "\n";
    if std::env::var_os("TEBIKI_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let stored = std::fs::read_to_string(&path).expect("tokenizer-vectors.json (run with TEBIKI_BLESS=1 to make it)");
    if stored != now {
        let diff: Vec<String> = stored
            .lines()
            .zip(now.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(i, (a, b))| format!("line {}:\n  stored: {a}\n  rust:   {b}", i + 1))
            .collect();
        panic!("the Rust tokenizer no longer gives the shared vectors:\n{}", diff.join("\n"));
    }
}

/// English words built from stems and suffixes that exercise every step of Porter2.
fn generated_words() -> Vec<String> {
    let bases = [
        "general",
        "relate",
        "condition",
        "nation",
        "sky",
        "die",
        "lie",
        "news",
        "proceed",
        "exceed",
        "succeed",
        "generous",
        "commun",
        "arsen",
        "univers",
        "organ",
        "past",
        "inter",
        "later",
        "emerg",
        "happy",
        "hop",
        "hope",
        "fil",
        "file",
        "agree",
        "feed",
        "bled",
        "sing",
        "fizz",
        "luxur",
        "recover",
        "restor",
        "backup",
        "ransom",
        "respons",
        "incident",
        "manag",
        "execut",
        "evidenc",
        "isolat",
        "infect",
        "report",
        "plan",
        "test",
        "critic",
        "log",
        "archaeolog",
        "bio",
        "trust",
        "care",
        "hope",
        "use",
        "ador",
        "rational",
        "sens",
        "possib",
        "ident",
        "effect",
        "depend",
        "adjust",
        "electr",
        "formal",
        "activ",
        "cry",
        "say",
        "play",
        "boy",
        "enjoy",
        "ya",
        "yes",
        "quick",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "idly",
        "atlas",
        "bias",
        "cosmos",
        "andes",
        "howe",
        "skis",
        "caress",
        "pony",
        "ti",
        "cat",
        "us",
        "gas",
        "this",
        "kiwi",
        "abyss",
        "succ",
        "proc",
        "exc",
        "tabl",
        "exercis",
        "outag",
        "press",
        "apolog",
        "custom",
        "communic",
        "continu",
        "redund",
        "frequen",
        "y",
        "yy",
        "aa",
        "oed",
        "eed",
        "ied",
        "ies",
        "bleed",
        "heed",
        "inning",
        "outing",
        "canning",
        "evening",
        "earring",
        "herring",
    ];
    let suffixes = [
        "", "s", "es", "ed", "ing", "ly", "edly", "ingly", "eedly", "ness", "ful", "fulness", "ation", "ational",
        "ization", "izer", "ive", "iveness", "ivity", "ize", "al", "ally", "alli", "ality", "ism", "ist", "ogist",
        "ement", "ment", "able", "ably", "ibility", "ible", "ance", "ancy", "ence", "ency", "er", "ous", "ously",
        "ousness", "icate", "iciti", "ical", "ative", "alize", "ant", "ent", "ion", "sion", "tion", "e", "le", "ll",
        "lessli", "entli", "y", "ies", "ied", "'s", "s'", "'",
    ];
    let mut words: Vec<String> = bases.iter().flat_map(|b| suffixes.iter().map(move |s| format!("{b}{s}"))).collect();
    words.sort();
    words.dedup();
    words
}

#[test]
fn js_stemmer_matches_rust_on_generated_words() {
    let Some(node) = node("stemmer cross-check") else {
        return;
    };
    let words = generated_words();
    let mut child = Command::new(node)
        .arg(repo().join("tests/js/stem_words.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(serde_json::to_string(&words).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "stem_words.mjs failed");
    let js: Vec<Option<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let differ: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, j)| &stem(w) != *j)
        .map(|(w, j)| format!("{w}: rust {:?}, js {j:?}", stem(w)))
        .collect();
    assert!(words.len() > 5000);
    assert!(differ.is_empty(), "{} of {} words stem differently:\n{}", differ.len(), words.len(), differ.join("\n"));
}
