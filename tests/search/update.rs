//! The cached index updated in place: after guides are edited, added and removed, only
//! those guides are indexed again, and the index answers and exports exactly as one built
//! from nothing.

use std::path::Path;

use tebiki::config::Config;
use tebiki::model::Guide;
use tebiki::search::index::Update;
use tebiki::search::query::{Options, search_with};

use crate::harness::{TempDir, repo};

/// The search files and the index update of `guides` built with the cache in `cache`.
fn build(guides: &[Guide], cache: &Path) -> (std::collections::BTreeMap<String, Vec<u8>>, Vec<Update>) {
    let site = tebiki::link::link(&Config::default(), guides.to_vec());
    build_plan(tebiki::search::Plan::new(&site).expect("plan"), cache)
}

/// [`build`], done as a larger site's build does it: the languages in turn, an update's
/// lexicon (and the guides' text it reads from the cache) made beside the export; its
/// output holds the files `last` of the build before, as the build's writer holds them.
/// With how many packs the output held as they were (not handed over again).
fn build_in_turn(
    guides: &[Guide],
    cache: &Path,
    last: &std::collections::BTreeMap<String, Vec<u8>>,
) -> (std::collections::BTreeMap<String, Vec<u8>>, Vec<Update>, usize) {
    let site = tebiki::link::link(&Config::default(), guides.to_vec());
    let plan = tebiki::search::Plan::new(&site).expect("plan").side_by_side(false);
    let output = Held { last, files: Default::default(), held: Default::default() };
    let updates = plan.build(cache, &output).expect("build search");
    let held = output.held.into_inner();
    (output.files.into_inner().unwrap(), updates, held)
}

/// An output that holds the files of the last build: a pack it holds with the same bytes
/// is not handed over again, and is this build's as it stands.
struct Held<'l> {
    last: &'l std::collections::BTreeMap<String, Vec<u8>>,
    files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
    held: std::sync::atomic::AtomicUsize,
}

impl tebiki::search::packs::SharedSink for Held<'_> {
    fn file(&self, path: String, bytes: Vec<u8>) {
        self.files.lock().unwrap().insert(path, bytes);
    }

    fn holds(&self, path: &str, sum: &[u8; 32], len: u64) -> bool {
        let Some(bytes) = self.last.get(path) else { return false };
        let same = bytes.len() as u64 == len && blake3::hash(bytes).as_bytes() == sum;
        if same {
            self.files.lock().unwrap().insert(path.to_owned(), bytes.clone());
            self.held.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        same
    }
}

fn build_plan(
    plan: tebiki::search::Plan<'_>,
    cache: &Path,
) -> (std::collections::BTreeMap<String, Vec<u8>>, Vec<Update>) {
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let updates = plan
        .build(cache, &|path, bytes| {
            files.lock().unwrap().insert(path, bytes);
        })
        .expect("build search");
    (files.into_inner().unwrap(), updates)
}

/// Hits of `query` as (url, doc, score) from the index in `cache`.
fn answers(guides: &[Guide], cache: &Path, query: &str) -> Vec<(String, u32, String)> {
    let site = tebiki::link::link(&Config::default(), guides.to_vec());
    let index = tebiki::search::lang_index(&site, cache, "ja").expect("index");
    let outcome = search_with(&index, query, 20, Options::default()).expect("search");
    outcome.hits.into_iter().map(|h| (h.url, h.doc, format!("{:.6}", h.score))).collect()
}

/// The number of documents and the fields' layout averages of the Japanese search files
/// `files`, as `meta.js` gives them.
fn layout_basis(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    let text = std::str::from_utf8(&files["assets/search/ja/meta.js"]).unwrap();
    let json = text.split_once(',').unwrap().1.strip_suffix(");\n").unwrap();
    let meta: serde_json::Value = serde_json::from_str(json).unwrap();
    let layouts: Vec<String> = meta["fields"].as_array().unwrap().iter().map(|f| f["layout"].to_string()).collect();
    format!("{} {}", meta["docs"], layouts.join(" "))
}

/// A change to the guides.
type Edit = dyn Fn(&mut Vec<Guide>);

#[test]
fn languages_indexed_side_by_side_give_the_files_of_languages_in_turn() {
    let guides = crate::search::bundled_guides();
    let site = tebiki::link::link(&Config::default(), guides);
    assert!(site.languages.len() == 2 && site.is_small(), "the bundled site has two languages and is small");
    let scratch = TempDir::new("search-side-by-side");
    let plan = || tebiki::search::Plan::new(&site).expect("plan");
    let (apart, apart_updates) = build_plan(plan().side_by_side(false), &scratch.path().join("in-turn"));
    let (together, together_updates) = build_plan(plan().side_by_side(true), &scratch.path().join("side-by-side"));
    assert_eq!(apart_updates, vec![Update::Rebuilt, Update::Rebuilt]);
    assert_eq!(together_updates, apart_updates);
    assert!(apart.keys().any(|k| k.contains("/en/")) && apart.keys().any(|k| k.contains("/ja/")), "{:?}", apart.keys());
    let differ: Vec<&String> = apart.keys().filter(|k| together.get(*k) != apart.get(*k)).collect();
    assert!(differ.is_empty() && together.len() == apart.len(), "files differ: {differ:?}");
}

#[test]
fn an_updated_index_equals_one_built_from_nothing() {
    let mut guides = crate::search::corpus::generate(repo(), 40);
    let scratch = TempDir::new("search-update");
    let kept = scratch.path().join("kept");
    // The kept cache is updated as a larger site's is, the fresh ones built as the
    // small site's: the files must be the same either way.
    let (first_files, first, _) = build_in_turn(&guides, &kept, &Default::default());
    assert_eq!(first, vec![Update::Rebuilt]);

    let queries = ["情報漏洩 対応", "証拠保全", "記者会見", "ランサムウェア", "追記した見出し", "鰯", "鰯鯖"];
    let mut steps: Vec<(String, Box<Edit>, usize)> = vec![
        ("nothing changed".into(), Box::new(|_: &mut Vec<Guide>| {}), 0),
        (
            "a guide's heading edited".into(),
            Box::new(|g: &mut Vec<Guide>| g[7].doc.sections[0].heading.push_str("追記した見出し")),
            1,
        ),
        (
            "a guide added that sorts first".into(),
            Box::new(|g: &mut Vec<Guide>| {
                let mut new = g[3].clone();
                new.slug = "0-added".into();
                new.doc.title.push_str("（追加）");
                g.push(new);
            }),
            1,
        ),
        ("a guide removed".into(), Box::new(|g: &mut Vec<Guide>| drop(g.remove(11))), 1),
        // The guides' text kept for the lexicon is lost: the update gathers it again.
        ("a guide edited with the kept text gone".into(), Box::new(|g: &mut Vec<Guide>| g[9].doc.title.push('再')), 1),
        (
            "two guides edited".into(),
            Box::new(|g: &mut Vec<Guide>| {
                g[0].doc.title.push('改');
                g[20].doc.sections[1].heading.push_str("証拠保全");
            }),
            2,
        ),
        (
            "a rare word added to a heading".into(),
            Box::new(|g: &mut Vec<Guide>| g[5].doc.sections[0].heading.push_str("鰯鯖")),
            1,
        ),
        (
            // Its terms are left only in documents deleted from the index's segments.
            "the rare word taken out again".into(),
            Box::new(|g: &mut Vec<Guide>| {
                let h = &mut g[5].doc.sections[0].heading;
                *h = h.replace("鰯鯖", "");
            }),
            1,
        ),
    ];
    // One guide edited at a time, until the index has had more segments than it keeps.
    for k in 0..10 {
        let edit = move |g: &mut Vec<Guide>| g[2 * k + 1].doc.title.push('新');
        steps.push((format!("guide {} edited", 2 * k + 1), Box::new(edit), 1));
    }
    let mut segments = Vec::new();
    let terms = kept.join("search/ja.terms");
    let (mut basis, mut kept_layouts, mut followed) = (layout_basis(&first_files), 0, 0);
    let mut last_files = first_files;
    let (mut keeping, mut kept_some) = (Vec::new(), 0);
    for (n, (step, edit, redone)) in steps.iter().enumerate() {
        edit(&mut guides);
        let before: std::collections::HashSet<_> = tebiki::search::term_store::keys(&terms).into_iter().collect();
        let text = tebiki::search::index::index_dir(&kept, "ja").join(tebiki::search::text_cache::FILE);
        assert!(text.exists(), "{step}: the guides' text is kept");
        if step.contains("kept text gone") {
            std::fs::write(&text, b"not the guides' text").unwrap();
        }
        let (files, updates, held) = build_in_turn(&guides, &kept, &last_files);
        // The terms laid out in blocks keep their layouts through an edit of a guide or
        // two: only those whose postings changed are laid out again — unless the number
        // of documents or a field's layout average moved (adding or removing a guide
        // renumbers the documents after it too).
        let after = tebiki::search::term_store::keys(&terms);
        let again = after.iter().filter(|k| !before.contains(*k)).count();
        assert!(after.len() > 100, "{step}: {} terms in blocks", after.len());
        let now = layout_basis(&files);
        let list = tebiki::search::term_list::read(&kept.join("search/ja.termlist")).expect("the export's terms");
        if now == basis && !step.contains("added") && !step.contains("removed") {
            assert!(again * 4 < after.len(), "{step}: {again} of {} terms laid out again", after.len());
            kept_layouts += 1;
        }
        // Guides edited in place (as many documents, the same layout basis): the export read
        // out of the index only the terms the update changed, and took the others from the
        // last export. Otherwise it read every term.
        let (read, all) = (list.read as usize, list.entries.len());
        let moved = step.starts_with("a guide added") || step.starts_with("a guide removed");
        // The block packs whose blocks the update left as they were, the output holding
        // them, are kept as they stand: their blocks are not even read.
        if now == basis && *redone > 0 && !moved {
            assert!(read * 4 <= all, "{step}: {read} of {all} terms read out of the index");
            let packs = list.packs.len();
            let kept = list.kept_packs as usize;
            assert!(held >= kept, "{step}: {held} packs held, {kept} block packs kept");
            keeping.push(format!("{step}: {kept} of {packs}"));
            kept_some += usize::from(kept > 0);
            followed += 1;
        } else {
            assert_eq!(read, all, "{step}: every term read ({basis} → {now})");
            assert_eq!(list.kept_packs, 0, "{step}");
        }
        basis = now;
        let dir = tebiki::search::index::index_dir(&kept, "ja");
        let index = tantivy::Index::open_in_dir(&dir).expect("the kept index");
        segments.push(index.searchable_segment_ids().expect("segments").len());
        // No segment's files are left behind once it is merged away.
        let on_disk = (std::fs::read_dir(&dir).expect("the index folder"))
            .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "idx")))
            .count();
        assert_eq!(on_disk, segments[n], "{step}: segments with files in the index folder");
        let expected = if *redone == 0 { Update::Kept } else { Update::Guides(*redone) };
        assert_eq!(updates, vec![expected], "{step}: how the index was brought up to date");
        let fresh = scratch.path().join(format!("fresh-{n}"));
        let (clean, rebuilt) = build(&guides, &fresh);
        assert_eq!(rebuilt, vec![Update::Rebuilt]);
        let differ: Vec<&String> = clean.keys().filter(|k| files.get(*k) != clean.get(*k)).collect();
        assert!(differ.is_empty() && files.len() == clean.len(), "{step}: search files differ: {differ:?}");
        for q in queries {
            let got = answers(&guides, &kept, q);
            assert_eq!(got, answers(&guides, &fresh, q), "{step}: `{q}` answered differently");
        }
        last_files = files;
    }
    assert!(kept_layouts >= 8, "only {kept_layouts} steps kept their layout basis");
    assert!(followed >= 7, "only {followed} steps followed by the export");
    // On 40 guides the block packs are few (9), and an edit's terms touch most of them; on
    // 1,000 guides, over 99 % of the packs stay (docs/scaling.md).
    assert!(kept_some >= 4, "block packs kept as they stood: {keeping:?}");
    // The edited heading is found in the updated index.
    assert!(answers(&guides, &kept, "追記した見出し").iter().any(|h| h.0.contains(&guides[7].slug)));
    // An update adds a segment for the guides it redoes, and the segments are merged into
    // one once they are too many: both kinds of index were compared above.
    assert!(segments.iter().any(|&n| n > 2), "segments after each step: {segments:?}");
    assert!(segments.windows(2).any(|w| w[0] > 1 && w[1] == 1), "never merged: {segments:?}");
    assert!(segments.iter().all(|&n| n <= 9), "segments after each step: {segments:?}");
}

/// An update whose guides bring no word the site lacked, and take none away, takes the
/// last lexicon again (it is made of the site's words and synonyms alone); one that
/// brings a new word makes it anew. Shown by an entry planted in the kept lexicon (its key
/// file made to match): taken again, it stays.
#[test]
fn an_update_that_brings_no_new_word_takes_the_last_lexicon_again() {
    let mut guides = crate::search::corpus::generate(repo(), 40);
    let scratch = TempDir::new("search-lexicon-again");
    let kept = scratch.path().join("kept");
    let (mut last, ..) = build_in_turn(&guides, &kept, &Default::default());
    let dir = tebiki::search::index::index_dir(&kept, "ja");
    let plant = || {
        let path = dir.join("lexicon.json");
        let mut lexicon: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        lexicon["entries"]["ぷらんと"] = serde_json::json!([["植物", 4]]);
        let json = serde_json::to_vec(&lexicon).unwrap();
        std::fs::write(&path, &json).unwrap();
        let key_file = dir.join("lexicon.key");
        let mut key = std::fs::read(&key_file).expect("a larger site's update keeps its lexicon's key");
        key.truncate(32);
        key.extend_from_slice(blake3::hash(&json).as_bytes());
        std::fs::write(&key_file, key).unwrap();
    };
    let planted = || std::fs::read_to_string(dir.join("lexicon.json")).unwrap().contains("ぷらんと");
    // A first update: the lexicon is made, and kept with its key.
    guides[2].doc.title.push('改');
    let (files, ..) = build_in_turn(&guides, &kept, &last);
    last = files;
    // A paragraph written twice: every word of it the site has.
    plant();
    let section = &mut guides[7].doc.sections[0];
    section.blocks.push(section.blocks[0].clone());
    let (files, updates, _) = build_in_turn(&guides, &kept, &last);
    assert_eq!(updates, vec![Update::Guides(1)]);
    assert!(planted(), "the last lexicon was taken again");
    last = files;
    // A word the site lacked: the lexicon is made anew, as a build from nothing makes it.
    plant();
    guides[5].doc.sections[0].heading.push_str("鰯鯖");
    let (files, ..) = build_in_turn(&guides, &kept, &last);
    assert!(!planted(), "a new word: the lexicon made anew");
    let (fresh, _) = build(&guides, &scratch.path().join("fresh"));
    let differ: Vec<&String> = fresh.keys().filter(|k| files.get(*k) != fresh.get(*k)).collect();
    assert!(differ.is_empty() && files.len() == fresh.len(), "files differ from a build from nothing: {differ:?}");
}
