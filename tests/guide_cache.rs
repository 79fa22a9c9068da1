//! Loading a site again with the parsed guides of the last load — kept in memory
//! (`serve`'s rebuilds) or on disk by the last `tebiki build` (`.tebiki/cache/guides`):
//! after every kind of edit, the project equals a fresh load, and only the changed guides
//! were parsed. A stored guide decodes to the guide that was parsed; a damaged store costs
//! a parse, never a wrong guide.

use std::path::{Path, PathBuf};

use tebiki::Project;
use tebiki::project::GuideCache;

use crate::harness::{TestSite, repo};

/// Where the parsed guides are kept between loads.
enum Keep {
    Memory(GuideCache),
    /// On disk, as `tebiki build` keeps them.
    Disk,
}

/// Loads the site reusing what `keep` holds, checks it against a fresh load (guides,
/// links, translations, media and diagnostics), and gives (parsed, reused).
#[track_caller]
fn load_and_compare(site: &TestSite, keep: &mut Keep, step: &str) -> (usize, usize) {
    let (reused, counts) = match keep {
        Keep::Memory(cache) => {
            let project = Project::load_reusing(site.root(), cache).unwrap_or_else(|e| panic!("{step}: {e}"));
            (project, (cache.parsed, cache.reused))
        }
        Keep::Disk => {
            let (project, cache) = Project::load_for_build(site.root()).unwrap_or_else(|e| panic!("{step}: {e}"));
            cache.write(site.root()).unwrap_or_else(|e| panic!("{step}: {e}"));
            (project, (cache.parsed, cache.reused))
        }
    };
    let fresh = Project::load(site.root()).unwrap_or_else(|e| panic!("{step}: {e}"));
    let (a, b) = (format!("{:#?}", reused.site), format!("{:#?}", fresh.site));
    crate::harness::assert_same_text(&b, &a, &format!("{step}: the site"));
    assert_eq!(reused.diagnostics, fresh.diagnostics, "{step}: the diagnostics");
    assert_eq!(reused.sources, fresh.sources, "{step}: the source stamp");
    counts
}

#[test]
fn loads_reusing_parsed_guides_as_a_fresh_load_after_each_edit() {
    walk_edits(Keep::Memory(GuideCache::default()), "guide-cache");
}

#[test]
fn builds_reuse_the_guides_the_last_build_kept_as_a_fresh_load_after_each_edit() {
    walk_edits(Keep::Disk, "guide-store");
}

fn walk_edits(mut keep: Keep, tag: &str) {
    let cache = &mut keep;
    let site = TestSite::bundled_all(tag);
    let guide = |lang: &str, slug: &str| {
        let ext = if lang == "ja" { "txt" } else { "md" };
        site.root().join(format!("content/{lang}/{slug}.{ext}"))
    };
    let all = std::fs::read_dir(site.root().join("content/ja")).unwrap().count()
        + std::fs::read_dir(site.root().join("content/en")).unwrap().count();

    assert_eq!(load_and_compare(&site, cache, "first load"), (all, 0));
    assert_eq!(load_and_compare(&site, cache, "nothing changed"), (0, all));

    // A sentence added to a source guide (its translation goes out of date).
    let source = guide("ja", "data-breach-litigation");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{}\n追記の一文です。\n", text.trim_end())).unwrap();
    assert_eq!(load_and_compare(&site, cache, "one guide edited"), (1, all - 1));

    // Saved again with the same bytes: not parsed again.
    std::fs::write(&source, std::fs::read(&source).unwrap()).unwrap();
    assert_eq!(load_and_compare(&site, cache, "saved unchanged"), (0, all));

    // Added, renamed, deleted.
    site.write("content/ja/new-guide.txt", std::fs::read(&source).unwrap());
    assert_eq!(load_and_compare(&site, cache, "guide added"), (1, all));
    std::fs::rename(site.root().join("content/ja/new-guide.txt"), site.root().join("content/ja/renamed.txt")).unwrap();
    assert_eq!(load_and_compare(&site, cache, "guide renamed"), (1, all));
    std::fs::remove_file(site.root().join("content/ja/renamed.txt")).unwrap();
    assert_eq!(load_and_compare(&site, cache, "guide deleted"), (0, all));

    // A translation edited; a guide broken (left out, with its diagnostics), then mended.
    let translation = guide("en", "data-breach-litigation");
    let text = std::fs::read_to_string(&translation).unwrap();
    std::fs::write(&translation, format!("{}\nOne more sentence.\n", text.trim_end())).unwrap();
    assert_eq!(load_and_compare(&site, cache, "translation edited"), (1, all - 1));
    let broken = guide("ja", "p2p-trouble-disclosure");
    let good = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, [0xFFu8; 64]).unwrap();
    assert_eq!(load_and_compare(&site, cache, "guide broken"), (1, all - 1));
    std::fs::write(&broken, &good).unwrap();
    assert_eq!(load_and_compare(&site, cache, "guide mended"), (1, all - 1));

    // A config that changes how guides parse: every guide is parsed again.
    site.write("tebiki.toml", "[import]\nshift_jis = \"reject\"\n");
    assert_eq!(load_and_compare(&site, cache, "parse options changed"), (all, 0));
    // A config that does not: none is.
    site.write("tebiki.toml", "[import]\nshift_jis = \"reject\"\n\n[search]\ndefault_synonyms = false\n");
    assert_eq!(load_and_compare(&site, cache, "other config changed"), (0, all));
}

/// Every file below `dir` with one of `exts`, sorted.
fn files_below(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)))
        .collect();
    out.sort();
    out
}

#[test]
fn a_stored_guide_decodes_to_the_guide_that_was_parsed() {
    use tebiki::load::SourceFile;
    use tebiki::parse::{ParseOptions, parse_source};
    let markdown = "+++\ntitle = \"All of it\"\naliases = [\"old/path\"]\nupdated = 2026-12-04\n\n[translation]\nsource = \"a\"\nlang = \"ja\"\nhash = \"sha256:abc\"\n\n[translation.sections]\ns1 = \"sha256:def\"\n+++\n\n::: outcomes\n- *Know* **where** the [backups](other.md#s2) are\n:::\n\n## 1. Keep backups {#s1}\n\nTake them *daily*,  \nwith `restic check` and <kbd>raw</kbd> ![a chart](chart.png \"t\").\n\nTable: Schedule\n\n| What | When |\n|---|---|\n| Full | **Sunday** |\n\n### (2) Drills {#s1-1}\n\n- [ ] Restore one file\n- [x] Restore a whole host\n\n1. one\n2. two\n\n```sh\nrestic restore latest\n```\n\n<div>raw block</div>\n\n::: consensus\nInsurance.\n:::\n\n::: perspective\n- Test restores.\n:::\n";
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for dir in ["content", "tests/fixtures/txt", "tests/fixtures/media-site/content", "tests/fixtures/seeds"] {
        for path in files_below(&repo().join(dir), &["txt", "md"]) {
            let bytes = std::fs::read(&path).unwrap();
            files.push((path, bytes));
        }
    }
    files.push((PathBuf::from("content/en/all.md"), markdown.as_bytes().to_vec()));
    assert!(files.len() > 30, "only {} sources", files.len());
    let mut with = [0usize; 4]; // diagnostics, translations, images or links, numbered headings
    for raw_html in [false, true] {
        let opts = ParseOptions { raw_html, ..ParseOptions::default() };
        for (path, bytes) in &files {
            let md = path.extension().is_some_and(|x| x == "md");
            let file = SourceFile {
                lang: if md { "en".into() } else { "ja".into() },
                slug: path.file_stem().unwrap().to_string_lossy().into_owned(),
                rel_path: path.strip_prefix(repo()).unwrap_or(path).to_path_buf(),
                path: path.clone(),
                bytes: bytes.clone(),
                unread: None,
            };
            let Ok(guide) = parse_source(&file, opts) else { continue };
            if file.slug == "all" {
                let t = guide.translation.as_ref().expect("the translation record");
                assert!(!t.section_hashes.is_empty() && !guide.aliases.is_empty() && guide.updated.is_some());
                assert!(!guide.doc.diagnostics.has_errors(), "{:?}", guide.doc.diagnostics);
            }
            let encoded = tebiki::model_codec::encode(&guide);
            let decoded = tebiki::model_codec::decode(&encoded)
                .unwrap_or_else(|| panic!("{}: the encoded guide does not decode", path.display()));
            assert_eq!(format!("{decoded:#?}"), format!("{guide:#?}"), "{}", path.display());
            let json = serde_json::to_string(&guide.doc).unwrap();
            with[0] += usize::from(!guide.doc.diagnostics.0.is_empty());
            with[1] += usize::from(guide.translation.is_some());
            with[2] += usize::from(json.contains("\"images\":[{") || json.contains("\"links\":[\""));
            with[3] += usize::from(guide.doc.sections.iter().any(|s| s.number.is_some()));
        }
    }
    assert!(with.iter().all(|n| *n > 0), "sources with diagnostics, translations, images or links, numbers: {with:?}");
}

#[test]
fn a_damaged_store_or_one_of_another_build_costs_a_parse_and_nothing_else() {
    let site = TestSite::bundled_all("guide-store-damaged");
    let all = files_below(&site.root().join("content"), &["txt", "md"]).len();
    let store = site.root().join(".tebiki/cache/guides");
    let mut keep = Keep::Disk;
    assert_eq!(load_and_compare(&site, &mut keep, "first build"), (all, 0));
    let good = std::fs::read(&store).unwrap();
    assert!(good.len() > 10_000, "the store holds the guides: {} bytes", good.len());
    assert_eq!(load_and_compare(&site, &mut keep, "nothing changed"), (0, all));

    // Cut short, or garbage: every guide is parsed again, and the store written anew.
    std::fs::write(&store, &good[..good.len() / 2]).unwrap();
    assert_eq!(load_and_compare(&site, &mut keep, "store cut short"), (all, 0));
    assert_eq!(std::fs::read(&store).unwrap(), good, "the store is written again as it was");
    std::fs::write(&store, b"not a store").unwrap();
    assert_eq!(load_and_compare(&site, &mut keep, "store replaced"), (all, 0));

    // Kept by another build of tebiki: not read.
    let header_end = good.iter().position(|b| *b == b'\n').unwrap();
    let mut other = b"tebiki parsed guides 0.0.0 other".to_vec();
    other.extend_from_slice(&good[header_end..]);
    std::fs::write(&store, &other).unwrap();
    assert_eq!(load_and_compare(&site, &mut keep, "store of another build"), (all, 0));

    // One guide's text damaged in the store, into invalid UTF-8 or into other text that
    // decodes: the guide is parsed again either way, never taken as stored.
    for (from, to) in [("情", "\u{FFFF}"), ("情", "報")] {
        let mut damaged = good.clone();
        let at = damaged.windows(3).position(|w| w == from.as_bytes()).unwrap();
        damaged[at..at + 3].copy_from_slice(&to.as_bytes()[..3]);
        std::fs::write(&store, &damaged).unwrap();
        assert_eq!(load_and_compare(&site, &mut keep, &format!("{from} stored as {to}")), (1, all - 1));
    }
}

#[test]
fn two_builds_take_turns_to_keep_the_parsed_guides() {
    // Two builds of one site write the store at the same time when they end together: one
    // renaming the file aside while the other still writes it lost the other's rename
    // (`cannot move .tebiki/cache/guides.new`). Each now waits for the other's turn.
    let site = TestSite::bundled_all("guide-store-turns");
    let (_, cache) = Project::load_for_build(site.root()).unwrap();
    let store = site.root().join(".tebiki/cache/guides");
    let turn = tebiki::write::Lock::acquire(&store.with_extension("lock"), &tebiki::write::NoEvents).unwrap();
    std::thread::scope(|s| {
        let writing = s.spawn(|| cache.write(site.root()));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!writing.is_finished(), "the store is written while another build holds the turn");
        assert!(!store.exists(), "nothing is renamed into place before the turn comes");
        drop(turn);
        writing.join().unwrap().unwrap();
    });
    let (_, again) = Project::load_for_build(site.root()).unwrap();
    assert_eq!((again.parsed, again.reused > 0), (0, true), "the store written in turn is whole");
}

#[test]
fn the_build_command_says_how_many_guides_it_parsed() {
    let site = TestSite::bundled("guide-store-cli");
    let parsed = |args: &[&str]| {
        let out = site.build_cli(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = err.lines().find(|l| l.starts_with("stages:")).unwrap_or_else(|| panic!("no stages line: {err}"));
        line.rsplit_once('(').unwrap().1.trim_end_matches(')').to_owned()
    };
    let all = files_below(&site.root().join("content"), &["txt", "md"]).len();
    assert_eq!(parsed(&["--timings"]), format!("{all} of {all} guides parsed"));
    let source = files_below(&site.root().join("content"), &["txt"])[0].clone();
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{}\n追記の一文です。\n", text.trim_end())).unwrap();
    assert_eq!(parsed(&["--timings"]), format!("1 of {all} guides parsed"));
}

#[test]
fn serve_starts_from_the_guides_the_last_build_kept_and_then_keeps_them_in_memory() {
    let site = TestSite::bundled("guide-store-serve");
    let all = files_below(&site.root().join("content"), &["txt", "md"]).len();
    assert_eq!(load_and_compare(&site, &mut Keep::Disk, "a build"), (all, 0));
    let mut keep = Keep::Memory(GuideCache::read(site.root()).in_memory());
    assert_eq!(load_and_compare(&site, &mut keep, "serve's first load"), (0, all));
    // The commands that read the store and write nothing load what a fresh load gives.
    let fresh = format!("{:#?}", Project::load(site.root()).unwrap().site);
    crate::harness::assert_same_text(&fresh, &format!("{:#?}", Project::load_kept(site.root()).unwrap().site), "kept");
    // Kept as values from then on: the store can go.
    std::fs::remove_file(site.root().join(".tebiki/cache/guides")).unwrap();
    assert_eq!(load_and_compare(&site, &mut keep, "serve's second load"), (0, all));
}

#[test]
fn a_load_given_the_sources_hashes_reads_only_the_sources_whose_guide_is_not_kept() {
    // `tebiki build` hashes every source before it loads the site and gives the load those
    // hashes: a source whose guide the cache keeps under its hash is not read again, and
    // one that must be parsed is read then, and kept under the hash of the bytes it read
    // (the file may have changed since it was hashed), never under the hash it was given.
    let site = TestSite::bundled("guide-store-hashed");
    let (first, cache) = Project::load_for_build(site.root()).unwrap();
    cache.write(site.root()).unwrap();
    let sources = files_below(&site.root().join("content"), &["txt"]);
    let (a, b) = (&sources[0], &sources[1]);
    let hash = |bytes: &[u8]| *blake3::hash(bytes).as_bytes();
    let hashes_now =
        || -> tebiki::load::Hashes { sources.iter().map(|p| (p.clone(), hash(&std::fs::read(p).unwrap()))).collect() };
    let source_hash = |project: &Project, path: &Path| {
        let rel = path.strip_prefix(site.root()).unwrap();
        let guide = project.site.languages.iter().flat_map(|l| &l.guides).find(|g| g.source_path == rel);
        guide.unwrap_or_else(|| panic!("{} is not loaded", rel.display())).source_hash.clone()
    };
    let edit = |path: &Path, line: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{}\n{line}\n", text.trim_end())).unwrap();
    };

    // `a` changed after it was hashed: the load keeps the guide the hash names, unread.
    let given = hashes_now();
    edit(a, "ハッシュの後に足した一文です。");
    let (kept, cache) = Project::load_for_build_hashed(site.root(), given).unwrap();
    assert_eq!(
        (cache.parsed, source_hash(&kept, a)),
        (0, source_hash(&first, a)),
        "a source known by its hash is not read"
    );
    assert_ne!(source_hash(&Project::load(site.root()).unwrap(), a), source_hash(&first, a), "the edit is on disk");
    cache.write(site.root()).unwrap();

    // `b` is given the hash of other bytes than the disk holds: it is read and parsed, and
    // kept under the hash of what was read.
    let (b_read, b_later) = ("読んだときの一文です。", "後で書かれる一文です。");
    let original = std::fs::read_to_string(b).unwrap();
    let later = format!("{}\n{b_later}\n", original.trim_end());
    let mut given = hashes_now();
    given.insert(b.clone(), hash(later.as_bytes()));
    edit(b, b_read);
    let (read, cache) = Project::load_for_build_hashed(site.root(), given).unwrap();
    let fresh = Project::load(site.root()).unwrap();
    assert_eq!(source_hash(&read, b), source_hash(&fresh, b), "the bytes read are the guide");
    assert!(cache.parsed >= 1);
    cache.write(site.root()).unwrap();

    // Now the disk holds those other bytes, under the hash given before: the guide parsed
    // then (of other bytes) is not taken for them.
    std::fs::write(b, &later).unwrap();
    let (loaded, _) = Project::load_for_build_hashed(site.root(), hashes_now()).unwrap();
    assert_eq!(source_hash(&loaded, b), source_hash(&Project::load(site.root()).unwrap(), b));
}
