//! The export format: what the Rust writer puts in the shards is what the JS reader
//! gets out, the bytes are the same on every build, each file registers itself, and packs
//! stay within their bounds.

use std::process::Command;

use tebiki::search::bm25::FieldScoring;
use tebiki::search::export::{self, DocPosting, TermScoring};
use tebiki::search::tokenizer::{CharClass, char_class};

use super::{BuiltSite, build_site, bundled_guides, corpus, node};
use crate::harness::repo;

#[test]
fn js_reader_decodes_exactly_what_rust_wrote() {
    let Some(node) = node("export round trip") else {
        return;
    };
    let site = build_site("roundtrip", bundled_guides());
    assert!(round_trip(node, &site, "ja") > 50, "the Japanese guides have terms with head files");
    round_trip(node, &site, "en");
}

/// 150 generated guides: terms in thousands of documents, laid out in several tiers of
/// several blocks.
#[test]
fn js_reader_decodes_exactly_what_rust_wrote_in_tiers_and_blocks() {
    let Some(node) = node("export round trip (tiers)") else {
        return;
    };
    let site = build_site("roundtrip-tiers", corpus::generate(repo(), 150));
    let x = export::read(site.index("ja")).unwrap();
    let most = x.terms.values().map(|l| export::merge(l, &x.offsets).len()).max().unwrap();
    assert!(most > 2700, "the largest term is in {most} documents: too few for four tiers");
    assert!(round_trip(node, &site, "ja") > 1000);
}

/// Compares what the JS reader decodes with what Rust wrote; returns how many blocks of
/// head files the reader checked.
fn round_trip(node: &str, site: &BuiltSite, lang: &str) -> u64 {
    let mut x = export::read(site.index(lang)).unwrap();
    x.others = site.indexes.iter().map(|i| i.lang.clone()).filter(|l| l != lang).collect();
    let written = serde_json::to_value(x).unwrap();
    let out =
        Command::new(node).arg(repo().join("tests/js/dump_export.mjs")).arg(site.out()).arg(lang).output().unwrap();
    assert!(out.status.success(), "dump_export failed: {}", String::from_utf8_lossy(&out.stderr));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(written["terms"].as_object().unwrap().len() > 100, "{lang}: too few terms to be a real test");
    for key in ["lang", "num_docs", "total_tokens", "docs", "offsets", "others", "lexicon"] {
        assert_eq!(read[key], written[key], "{lang}: `{key}` differs after the round trip");
    }
    let (w, r) = (written["terms"].as_object().unwrap(), read["terms"].as_object().unwrap());
    let differ: Vec<&String> = w.keys().filter(|t| w.get(*t) != r.get(*t)).take(5).collect();
    assert!(differ.is_empty() && w.len() == r.len(), "{lang}: postings differ, e.g. for {differ:?}");
    read["checked_blocks"].as_u64().unwrap()
}

#[test]
fn builds_byte_identical_search_files_twice() {
    let a = build_site("stable-a", bundled_guides());
    let b = build_site("stable-b", bundled_guides());
    let files = |s: &super::BuiltSite| {
        let root = s.out();
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(&root).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 20);
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

#[test]
fn every_shard_is_a_script_that_registers_itself_by_name() {
    let site = build_site("shapes", bundled_guides());
    let dir = site.out().join("assets/search");
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&dir) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&dir).unwrap().display().to_string();
        let Some(name) = rel.strip_suffix(".js").filter(|_| rel.contains('/')) else {
            continue;
        };
        let text = std::fs::read_to_string(e.path()).unwrap();
        let head = format!("tebikiSearch.register({},", serde_json::to_string(name).unwrap());
        assert!(text.starts_with(&head) && text.ends_with(");\n"), "{rel} does not register itself: {:.80}", text);
        checked += 1;
    }
    assert!(checked > 50, "only {checked} shards");
}

/// The data of a pack file: its base64 string, inflated (zlib), as JSON.
fn unpack(path: &std::path::Path) -> serde_json::Value {
    use base64::Engine;
    use std::io::Read;
    let text = std::fs::read_to_string(path).unwrap();
    let b64 = text.split(",\"").nth(1).and_then(|t| t.strip_suffix("\");\n")).expect("a pack registers a string");
    let z = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    let mut json = String::new();
    flate2::read::ZlibDecoder::new(&z[..]).read_to_string(&mut json).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// Checks one language's packs against the bounds of `packs` and the meta's lists;
/// returns how many files the language has.
fn check_packs(site: &BuiltSite, lang: &str) -> usize {
    use tebiki::search::packs::{BLOCK_PACK_BYTES, DOC_PACK_BYTES, KEY_PACK_BYTES};
    let dir = site.out().join(format!("assets/search/{lang}"));
    let text = std::fs::read_to_string(dir.join("meta.js")).unwrap();
    let json = text.split_once(',').unwrap().1.strip_suffix(");\n").unwrap();
    let meta: serde_json::Value = serde_json::from_str(json).unwrap();
    let count = |sub: &str| std::fs::read_dir(dir.join(sub)).map_or(0, |d| d.count());
    let keys = meta["keys"].as_array().unwrap();
    assert_eq!(count("k"), keys.len(), "{lang}: one key pack per entry of the meta's keys");
    for (n, starts) in keys.iter().enumerate() {
        let [cjk, words] = [0, 1].map(|i| starts[i].as_str().unwrap().to_owned());
        let starts = cjk.chars().count() + words.split(' ').filter(|w| !w.is_empty()).count();
        let pack = unpack(&dir.join(format!("k/{n}.js")));
        let bytes = serde_json::to_string(&pack).unwrap().len();
        assert!(
            bytes <= KEY_PACK_BYTES + 16 || starts == 1,
            "{lang}: key pack {n} is {bytes} bytes of JSON for {starts} keys"
        );
        let terms = pack["t"].as_object().unwrap();
        for term in terms.keys() {
            let cjk_term = char_class(term.chars().next().unwrap()) == CharClass::Cjk;
            let first: String = term.chars().take(if cjk_term { 1 } else { 2 }).collect();
            assert!(cjk.contains(&first) || words.split(' ').any(|w| w == first), "{lang}: {term} in pack {n}");
        }
    }
    let blocks: Vec<u64> = {
        let s = meta["blockPacks"].as_str().unwrap();
        let mut out = Vec::new();
        let (mut n, mut mul) = (0u64, 1u64);
        for c in s.bytes() {
            let d = export::ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
            if d < 32 {
                out.push(n + d * mul);
                (n, mul) = (0, 1);
            } else {
                n += (d - 32) * mul;
                mul *= 32;
            }
        }
        out
    };
    assert_eq!(count("b"), blocks.len(), "{lang}: one block pack per count in blockPacks");
    for (n, &held) in blocks.iter().enumerate() {
        let pack = unpack(&dir.join(format!("b/{n}.js")));
        let items = pack.as_array().unwrap();
        assert_eq!(items.len() as u64, held, "{lang}: block pack {n}");
        let bytes = serde_json::to_string(&pack).unwrap().len();
        assert!(bytes <= BLOCK_PACK_BYTES + 2 || held == 1, "{lang}: block pack {n} is {bytes} bytes");
    }
    let (docs, per) = (meta["docs"].as_u64().unwrap(), meta["docsPerShard"].as_u64().unwrap());
    assert_eq!(count("d") as u64, docs.div_ceil(per), "{lang}: {docs} documents, {per} a pack");
    let mut sizes = Vec::new();
    for n in 0..docs.div_ceil(per) {
        let pack = unpack(&dir.join(format!("d/{n}.js")));
        let held = pack["docs"].as_array().unwrap().len() as u64;
        assert_eq!(held, per.min(docs - n * per), "{lang}: document pack {n}");
        sizes.push(serde_json::to_string(&pack).unwrap().len());
    }
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!(mean <= DOC_PACK_BYTES * 3 / 2, "{lang}: document packs average {mean} bytes of JSON");
    assert!(per >= 4, "{lang}: {per} documents a pack");
    1 + count("k") + count("b") + count("d")
}

#[test]
fn packs_hold_what_the_meta_says_within_their_bounds() {
    // The bundled site: a few packs of each kind, where one file per shard key, block or
    // four documents made ten times as many.
    let site = build_site("packs", bundled_guides());
    for lang in ["ja", "en"] {
        let files = check_packs(&site, lang);
        assert!(files < 120, "{lang}: {files} search files for ten guides");
    }
    // 150 generated guides: terms in thousands of documents, many block packs.
    let site = build_site("packs-150", corpus::generate(repo(), 150));
    let files = check_packs(&site, "ja");
    let docs = site.index("ja").reader.searcher().num_docs();
    assert!((files as u64) * 10 < docs, "{files} search files for {docs} documents");
}

#[test]
fn postings_encode_gaps_section_offsets_masks_and_large_term_frequencies() {
    let p = |doc, offset, fields| DocPosting { doc, offset, fields };
    // doc 2 (offset 1): heading tf 1 norm 5; doc 3 (offset 0): title tf 1 norm 0, body tf 7 norm 40
    let postings = [p(2, 1, [(0, 0), (1, 5), (0, 0)]), p(3, 0, [(1, 0), (0, 0), (7, 40)])];
    let mut expect = String::new();
    for n in [2, 8 + 2, 5 * 4 + 1, 0, 5, 1, 40 * 4 + 3, 4] {
        export::push_varint(&mut expect, n);
    }
    assert_eq!(export::encode_postings(&postings), expect);
    assert_eq!(expect, "CKVAFBjFE");
}

#[test]
fn layout_puts_the_best_documents_first_in_tiers_cut_into_blocks_in_document_order() {
    let fields: [FieldScoring; 3] = std::array::from_fn(|_| FieldScoring::new(20_000, 10_000, 1.0));
    let scoring = TermScoring { weights: [1.0; 3], fields: &fields };
    // 10,000 documents, every third one scoring higher (tf 5 against 1)
    let postings: Vec<DocPosting> = (0..10_000)
        .map(|d| DocPosting { doc: d, offset: 0, fields: [(0, 0), (0, 0), (if d % 3 == 0 { 5 } else { 1 }, 4)] })
        .collect();
    let blocks = export::layout(&postings, &scoring);
    let sizes: Vec<usize> = blocks.iter().map(|b| b.postings.len()).collect();
    // tiers 128, 512, 2,048 (4 blocks), 7,312 (8 blocks of 914)
    assert_eq!(sizes[..2], [128, 512]);
    assert_eq!(sizes[2..6], [512; 4]);
    assert_eq!(sizes[6..], [914, 914, 914, 914, 914, 914, 914, 914]);
    assert!(blocks[0].postings.iter().all(|p| p.doc % 3 == 0 && p.doc < 384), "the best, earliest first");
    for b in &blocks {
        assert!(b.postings.windows(2).all(|w| w[0].doc < w[1].doc), "blocks are in document order");
        let best = b.postings.iter().map(|p| scoring.total(p)).fold(0.0f32, f32::max);
        let top = DocPosting { doc: 0, offset: 0, fields: b.top };
        assert_eq!(scoring.total(&top), best);
    }
    let all: std::collections::BTreeSet<u32> = blocks.iter().flat_map(|b| b.postings.iter().map(|p| p.doc)).collect();
    assert_eq!(all.len(), 10_000);
}
