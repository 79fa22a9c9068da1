//! `tebiki search` on a built site: it answers from the cached indexes while the site is
//! as the build saw it, and loads the project again (giving the new answer) once a guide
//! or the config changed.

use std::path::Path;
use std::time::SystemTime;

use crate::harness::{TestSite, tebiki};

const RECORD: &str = ".tebiki/cache/search/sources.json";

/// `tebiki search --root ROOT --json ARGS…`: (results, stderr).
fn search(root: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut all = vec!["search", "--root", root.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let out = tebiki(&all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "tebiki {all:?}: {stderr}");
    let hits =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (hits, stderr)
}

fn guides(hits: &[serde_json::Value]) -> Vec<&str> {
    hits.iter().map(|h| h["guide"].as_str().unwrap()).collect()
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn built(tag: &str) -> TestSite {
    let site = TestSite::bundled_all(tag);
    site.build_ok();
    assert!(site.root().join(RECORD).is_file(), "the build records what its index was made from");
    site
}

/// Rewriting a guide into bytes that do not decode, keeping its size and modification
/// time, goes unseen by the stamp: the answer still has the guide, and nothing was read
/// (no diagnostic). Once the record is gone, the project is loaded and the guide is left
/// out with a diagnostic — the proof that the first answer came from the cache alone.
#[test]
fn search_answers_from_the_cached_index_without_reading_guides() {
    let site = built("search-cached");
    let (before, stderr) = search(site.root(), &["証拠保全"]);
    assert_eq!(stderr, "");
    let slug = guides(&before)[0].to_owned();
    let file = site.root().join(format!("content/ja/{slug}.txt"));
    let (len, mtime) = (std::fs::metadata(&file).unwrap().len(), modified(&file));
    std::fs::write(&file, vec![0xFFu8; len as usize]).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(mtime).unwrap();
    assert_eq!(modified(&file), mtime);

    let (cached, stderr) = search(site.root(), &["証拠保全"]);
    assert_eq!(cached, before, "answered from the cached index");
    assert_eq!(stderr, "", "no guide was read, so nothing to report");

    std::fs::remove_file(site.root().join(RECORD)).unwrap();
    let (loaded, stderr) = search(site.root(), &["証拠保全"]);
    assert!(stderr.contains(&format!("content/ja/{slug}.txt")), "the broken guide is reported: {stderr}");
    assert!(!guides(&loaded).contains(&slug.as_str()), "the broken guide is left out: {:?}", guides(&loaded));
}

/// The fast way and the slow way give the same answers, in the asked language, in another,
/// and when the answer comes from the other language.
#[test]
fn search_on_an_unchanged_site_answers_as_when_it_loads_the_project() {
    let site = built("search-same");
    let queries: [&[&str]; 4] =
        [&["証拠保全"], &["ランサムウェア", "初動"], &["--lang", "en", "ransomware"], &["ransomware", "backup"]];
    let fast: Vec<_> = queries.iter().map(|q| search(site.root(), q)).collect();
    assert!(fast.iter().all(|(hits, _)| !hits.is_empty()), "every query finds something");
    assert!(
        fast[3].0.iter().all(|h| h["lang"] == "en"),
        "an English query falls back to the English guides: {:?}",
        fast[3].0
    );
    for (q, fast) in queries.iter().zip(&fast) {
        std::fs::remove_file(site.root().join(RECORD)).unwrap();
        assert_eq!(&search(site.root(), q), fast, "{q:?}");
    }
    assert!(site.root().join(RECORD).is_file(), "the slow way records the stamp for the next query");
}

/// A guide edited after the build: the stamp differs, the project is loaded, and the answer
/// has the new text; the next query answers it from the (rebuilt) cache.
#[test]
fn search_loads_the_project_when_a_guide_changed_since_the_build() {
    let site = built("search-edited");
    let word = "ぴよぴよぽよ";
    assert!(search(site.root(), &[word]).0.is_empty());
    let file = site.root().join("content/ja/data-breach-litigation.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(&format!("\n{word}の手順を確認する。\n"));
    std::fs::write(&file, text).unwrap();
    // A guide with a warning (the build prints it; a search does not).
    let warned = "+++\ntitle = \"Warned\"\n+++\n\n## Only a section {#s1}\n\nNo outcomes here.\n";
    site.write("content/en/warned.md", warned);
    let (edited, stderr) = search(site.root(), &[word]);
    assert_eq!(guides(&edited).first(), Some(&"data-breach-litigation"), "{edited:?}");
    assert_eq!(stderr, "", "no guide's warnings");
    let (again, stderr) = search(site.root(), &[word]);
    assert_eq!((&again, stderr.as_str()), (&edited, ""));
}

/// A synonym added to the config after the build: the config's bytes are in the stamp, so
/// the index's lexicon is made again and the query reaches the guides through it.
#[test]
fn search_loads_the_project_when_the_config_changed_since_the_build() {
    let site = built("search-config");
    let word = "ぴよぴよ";
    assert!(search(site.root(), &[word]).0.is_empty());
    site.write("tebiki.toml", format!("[search.synonyms]\nja = [[\"{word}\", \"証拠保全\"]]\n"));
    let (hits, _) = search(site.root(), &[word]);
    assert!(!hits.is_empty(), "found through the new synonym");
    assert!(hits.iter().all(|h| h["via"] == "証拠保全"), "answered through the synonym: {hits:?}");
    let urls = |hits: &[serde_json::Value]| hits.iter().map(|h| h["url"].clone()).collect::<Vec<_>>();
    // The synonym is one rewriting: it searches `証拠保全` as typed, not that word's own
    // expansions (its thesaurus group's synonyms and related terms).
    let exact = search(site.root(), &["--exact", "証拠保全"]).0;
    assert_eq!(urls(&hits), urls(&exact), "the synonym's sections, in its order");
}
