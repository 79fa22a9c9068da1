//! The export format: what the Rust writer puts in the shards is what the JS reader
//! gets out, the bytes are the same on every build, and each shard registers itself.

use std::process::Command;

use tebiki::search::bm25::FieldScoring;
use tebiki::search::export::{self, DocPosting, TermScoring};

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

#[test]
fn groups_a_small_sites_term_shards_into_buckets() {
    // The bundled site is small: its term shards go into a few bucket files (the parity
    // tests then cover that layout, and the 1,000-guide ones the one-file-per-key layout).
    let site = build_site("buckets", bundled_guides());
    for lang in ["ja", "en"] {
        let dir = site.out().join(format!("assets/search/{lang}"));
        let meta = std::fs::read_to_string(dir.join("meta.js")).unwrap();
        let buckets: u32 = meta
            .split("\"buckets\":")
            .nth(1)
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let files: Vec<String> = std::fs::read_dir(dir.join("t"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(buckets > 0 && files.len() as u32 <= buckets, "{lang}: {buckets} buckets, files {files:?}");
        assert!(files.iter().all(|f| f.starts_with('b') && f.ends_with(".js")), "{lang}: {files:?}");
    }
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
