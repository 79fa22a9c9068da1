//! The export format: what the Rust writer puts in the shards is what the JS reader
//! gets out, the bytes are the same on every build, and each shard registers itself.

use std::process::Command;

use tebiki::search::export;

use super::{build_site, bundled_guides, node};
use crate::harness::repo;

#[test]
fn js_reader_decodes_exactly_what_rust_wrote() {
    let Some(node) = node("export round trip") else {
        return;
    };
    let site = build_site("roundtrip", bundled_guides());
    for lang in ["ja", "en"] {
        let written = serde_json::to_value(export::read(site.index(lang)).unwrap()).unwrap();
        let out =
            Command::new(node).arg(repo().join("tests/js/dump_export.mjs")).arg(site.out()).arg(lang).output().unwrap();
        assert!(out.status.success(), "dump_export failed: {}", String::from_utf8_lossy(&out.stderr));
        let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(written["terms"].as_object().unwrap().len() > 100, "{lang}: too few terms to be a real test");
        for key in ["lang", "num_docs", "total_tokens", "docs"] {
            assert_eq!(read[key], written[key], "{lang}: `{key}` differs after the round trip");
        }
        let (w, r) = (written["terms"].as_object().unwrap(), read["terms"].as_object().unwrap());
        let differ: Vec<&String> = w.keys().filter(|t| w.get(*t) != r.get(*t)).take(5).collect();
        assert!(differ.is_empty() && w.len() == r.len(), "{lang}: postings differ, e.g. for {differ:?}");
    }
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
fn postings_encode_runs_and_large_term_frequencies() {
    let list = [(0, 1, 7), (1, 1, 7), (2, 1, 7), (9, 5, 40)];
    // count 4; run of 3 from 0 (gap 0, run-1 2, 7*4+1); doc 9 (gap 6, run-1 0, 40*4+3, tf-3 2)
    let mut expect = String::new();
    for n in [4, 0, 2, 29, 6, 0, 163, 2] {
        export::push_varint(&mut expect, n);
    }
    assert_eq!(export::encode_list(&list), expect);
    assert_eq!(expect, "EACdGAjFC");
}
