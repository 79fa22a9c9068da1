//! Loading a site again with the parsed guides of the last load (`serve`'s rebuilds):
//! after every kind of edit, the project equals a fresh load, and only the changed guides
//! were parsed.

use tebiki::Project;
use tebiki::project::GuideCache;

use crate::harness::TestSite;

/// Loads the site reusing `cache`, checks it against a fresh load (guides, links,
/// translations, media and diagnostics), and gives (parsed, reused).
#[track_caller]
fn load_and_compare(site: &TestSite, cache: &mut GuideCache, step: &str) -> (usize, usize) {
    let reused = Project::load_reusing(site.root(), cache).unwrap_or_else(|e| panic!("{step}: {e}"));
    let fresh = Project::load(site.root()).unwrap_or_else(|e| panic!("{step}: {e}"));
    let (a, b) = (format!("{:#?}", reused.site), format!("{:#?}", fresh.site));
    crate::harness::assert_same_text(&b, &a, &format!("{step}: the site"));
    assert_eq!(reused.diagnostics, fresh.diagnostics, "{step}: the diagnostics");
    assert_eq!(reused.sources, fresh.sources, "{step}: the source stamp");
    (cache.parsed, cache.reused)
}

#[test]
fn loads_reusing_parsed_guides_as_a_fresh_load_after_each_edit() {
    let site = TestSite::bundled_all("guide-cache");
    let guide = |lang: &str, slug: &str| {
        let ext = if lang == "ja" { "txt" } else { "md" };
        site.root().join(format!("content/{lang}/{slug}.{ext}"))
    };
    let all = std::fs::read_dir(site.root().join("content/ja")).unwrap().count()
        + std::fs::read_dir(site.root().join("content/en")).unwrap().count();
    let mut cache = GuideCache::default();

    assert_eq!(load_and_compare(&site, &mut cache, "first load"), (all, 0));
    assert_eq!(load_and_compare(&site, &mut cache, "nothing changed"), (0, all));

    // A sentence added to a source guide (its translation goes out of date).
    let source = guide("ja", "data-breach-litigation");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{}\n追記の一文です。\n", text.trim_end())).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "one guide edited"), (1, all - 1));

    // Saved again with the same bytes: not parsed again.
    std::fs::write(&source, std::fs::read(&source).unwrap()).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "saved unchanged"), (0, all));

    // Added, renamed, deleted.
    site.write("content/ja/new-guide.txt", std::fs::read(&source).unwrap());
    assert_eq!(load_and_compare(&site, &mut cache, "guide added"), (1, all));
    std::fs::rename(site.root().join("content/ja/new-guide.txt"), site.root().join("content/ja/renamed.txt")).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "guide renamed"), (1, all));
    std::fs::remove_file(site.root().join("content/ja/renamed.txt")).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "guide deleted"), (0, all));

    // A translation edited; a guide broken (left out, with its diagnostics), then mended.
    let translation = guide("en", "data-breach-litigation");
    let text = std::fs::read_to_string(&translation).unwrap();
    std::fs::write(&translation, format!("{}\nOne more sentence.\n", text.trim_end())).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "translation edited"), (1, all - 1));
    let broken = guide("ja", "p2p-trouble-disclosure");
    let good = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, [0xFFu8; 64]).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "guide broken"), (1, all - 1));
    std::fs::write(&broken, &good).unwrap();
    assert_eq!(load_and_compare(&site, &mut cache, "guide mended"), (1, all - 1));

    // A config that changes how guides parse: every guide is parsed again.
    site.write("tebiki.toml", "[import]\nshift_jis = \"reject\"\n");
    assert_eq!(load_and_compare(&site, &mut cache, "parse options changed"), (all, 0));
    // A config that does not: none is.
    site.write("tebiki.toml", "[import]\nshift_jis = \"reject\"\n\n[search]\ndefault_synonyms = false\n");
    assert_eq!(load_and_compare(&site, &mut cache, "other config changed"), (0, all));
}
