//! Tests of the index: one built by several threads exports as one built by one, and the
//! documents it was made from are what it stores.

use super::*;
use crate::search::schema::Kind;

/// Guides of `n` documents each, whose documents differ only by their place.
fn docs(guides: usize, n: usize) -> Vec<SearchDoc> {
    let mut out = Vec::new();
    for g in 0..guides {
        for i in 0..n {
            let section = format!("s{}", i + 1);
            out.push(SearchDoc {
                guide: format!("g{g:04}"),
                guide_title: format!("手引き {g}"),
                section: section.clone(),
                heading: format!("初動対応 {i}"),
                // Every other body longer than an excerpt.
                body: format!("情報漏洩の第{i}段階では証拠保全を行う。").repeat(1 + 8 * (i % 2))
                    + &format!(" step {i} of guide {g}"),
                kind: Kind::Body,
                url: format!("ja/g{g:04}/#{section}"),
            });
        }
    }
    out
}

/// An index of `docs` in a temporary folder, removed when the first value drops.
fn built(docs: &[SearchDoc], threads: usize) -> (tempfile::TempDir, LangIndex) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let held = super::super::schema::HeldDocs::new(docs);
    build(dir, &held, &fingerprint_of(&held, &[]), threads, &mut || ()).unwrap();
    std::fs::write(dir.join(LEXICON_FILE), serde_json::to_vec(&Lexicon::default()).unwrap()).unwrap();
    let indexed = Indexed { version: INDEX_VERSION, guides: BTreeMap::new() };
    std::fs::write(dir.join(GUIDES_FILE), serde_json::to_vec(&indexed).unwrap()).unwrap();
    let index = open_with(dir, "ja", None, false).unwrap();
    (temp, index)
}

#[test]
fn an_index_built_by_several_threads_exports_as_one_built_by_one() {
    let docs = docs(600, 8);
    assert!(docs.len() >= THREADED_DOCS);
    let (_one_dir, one) = built(&docs, 1);
    let (_three_dir, three) = built(&docs, 3);
    // Threads take documents in any order and each writes a segment: canonical numbers
    // are not the documents' own, and the documents' places in their guides put them
    // in order.
    assert!(one.in_canonical_order());
    for n in [0, 7, 8, 2500, 4799] {
        let (a, b) = (one.address(n), three.address(n));
        let url = |ix: &LangIndex, at| {
            let doc: TantivyDocument = ix.reader.searcher().doc(at).unwrap();
            doc.get_first(ix.fields.url).and_then(|v| tantivy::schema::Value::as_str(&v)).unwrap().to_owned()
        };
        assert_eq!(url(&one, a), url(&three, b), "document {n}");
    }
    assert!(super::super::export::read(&one).unwrap() == super::super::export::read(&three).unwrap());
}

#[test]
fn the_documents_an_index_was_made_from_are_what_it_stores() {
    use super::super::export::{known_docs, read_docs};
    let docs = docs(30, 3);
    let (_dir, index) = built(&docs, 1);
    // The site's order of guides need not be their slugs' order.
    let mut guides: Vec<&[SearchDoc]> = docs.chunk_by(|a, b| a.guide == b.guide).collect();
    guides.reverse();
    let shuffled: Vec<SearchDoc> = guides.into_iter().flatten().cloned().collect();
    let held = super::super::schema::HeldDocs::new(&shuffled);
    let prints = fingerprint_of(&held, &[]);
    // The store keeps an excerpt of the body, not the body.
    assert!(docs.iter().any(|d| d.body.chars().count() > super::super::schema::EXCERPT_CHARS));
    assert!(known_docs(&index, &held, &prints).unwrap() == read_docs(&index).unwrap());
}
