//! `tebiki search` from the command line: JSON output, ranking, languages, errors.

use crate::harness::tebiki;

use super::bundled_root;

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = tebiki(args);
    assert!(out.status.success(), "tebiki {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn search_json_lists_ranked_sections_with_deep_links() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "証拠保全"]);
    assert_eq!(hits.len(), 10);
    let first = &hits[0];
    for key in ["url", "guide", "section", "heading", "score"] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(
        first["url"],
        format!("ja/{}/#{}", first["guide"].as_str().unwrap(), first["section"].as_str().unwrap())
    );
    assert!(first["heading"].as_str().unwrap().contains("証拠保全"), "{first}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "not ranked: {scores:?}");
    assert!(root.path().join(".tebiki/cache/search/ja").is_dir(), "index kept in the cache folder");
    assert_eq!(json(&["search", "--root", r, "--json", "--limit", "3", "証拠保全"]).len(), 3);
}

#[test]
fn search_finds_width_variants_and_english_stems() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    assert_eq!(json(&["search", "--root", r, "--json", "ＢＣＰ"]), json(&["search", "--root", r, "--json", "bcp"]));
    let en = json(&["search", "--root", r, "--lang", "en", "--json", "restoring backup"]);
    assert!(!en.is_empty());
    assert!(en.iter().all(|h| h["url"].as_str().unwrap().starts_with("en/")));
}

#[test]
fn search_returns_nothing_for_stop_characters_and_unrelated_queries() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    assert!(json(&["search", "--root", r, "--json", "の"]).is_empty());
    assert!(json(&["search", "--root", r, "--json", "肉じゃが 作り方"]).is_empty());
    let out = tebiki(&["search", "--root", r, "バックアプ 頻度"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("partial matches"), "partial matches are announced");
}

#[test]
fn errors_on_unknown_search_language() {
    let root = bundled_root();
    let out = tebiki(&["search", "--root", root.path().to_str().unwrap(), "--lang", "fr", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no guides in language `fr` (languages with guides: ja, en)"), "{err}");
}
