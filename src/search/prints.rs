//! What a language's index is made from, fingerprinted: each guide's search documents
//! (with how many there are and how much text), and the whole index's fingerprint, which
//! also covers the synonym groups, the shared constants and the index format
//! ([`INDEX_VERSION`]). The index
//! ([`super::index`]) is kept when the whole fingerprint is its own, and updated guide by
//! guide where a guide's is not; the export numbers documents in the canonical order
//! the guides give ([`Prints::canonical_guides`]).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::doc_packs;
use super::export::section_offsets;
use super::index::INDEX_VERSION;
use super::lexicon::Group;
use super::schema::{Documents, SearchDoc};
use crate::fingerprint::{Fingerprint, Gathered};

/// One guide's fingerprint, how many documents and bytes of text it has, and what the
/// export's document packs need of it without its documents: the bytes of their rows and
/// each document's place in its section.
#[derive(Debug, Clone)]
pub struct GuidePrint {
    pub slug: String,
    pub print: String,
    docs: usize,
    bytes: usize,
    row_bytes: usize,
    offsets: Vec<u32>,
}

/// The fingerprints of an index: each guide's, and the whole index's.
#[derive(Debug, Clone)]
pub struct Prints {
    /// Per guide of the documents, in their order; `None` for a guide without any.
    each: Vec<Option<GuidePrint>>,
    pub whole: String,
}

/// The fingerprint of an index of `docs` with the synonym `groups`: each guide's
/// documents are made and hashed (on every core), then let go.
pub fn fingerprint_of(docs: &dyn Documents, groups: &[Group]) -> Prints {
    let each: Vec<Option<GuidePrint>> = (0..docs.guides())
        .into_par_iter()
        .map(|i| {
            let made = docs.of(i);
            let first = made.first()?;
            let mut h = Gathered::new();
            for d in made.iter() {
                for part in [&d.guide, &d.guide_title, &d.section, &d.heading, &d.body, d.kind.as_str(), &d.url] {
                    h.part(part);
                }
            }
            let bytes = made.iter().map(text_bytes).sum();
            let row_bytes = made.iter().map(doc_packs::row_bytes_of).sum();
            let offsets = section_offsets(&made, |d| (&d.guide, &d.section));
            let (slug, print) = (first.guide.clone(), h.hex());
            Some(GuidePrint { slug, print, docs: made.len(), bytes, row_bytes, offsets })
        })
        .collect();
    let mut prints = Prints { each, whole: String::new() };
    prints.whole = whole(&prints.by_slug(), groups);
    prints
}

/// The whole index's fingerprint, of its guides' by slug and of the synonym groups (each
/// group's terms, and its related terms when it has any), with the constants both engines
/// share (`shared.json`: its stop and function words decide which lexicon keys are made).
fn whole(guides: &BTreeMap<&str, &str>, groups: &[Group]) -> String {
    let mut h = Fingerprint::new();
    h.part(format!("tebiki-search-index {INDEX_VERSION}"));
    h.part(super::shared::SOURCE);
    for (slug, print) in guides {
        h.part(slug).part(print);
    }
    for g in groups {
        h.part(format!("group {} {}", g.terms.len(), g.related.len()));
        for t in g.terms.iter().chain(&g.related) {
            h.part(t);
        }
    }
    h.hex()
}

/// The bytes of text of a document that tantivy indexes.
fn text_bytes(d: &SearchDoc) -> usize {
    d.body.len() + d.heading.len() + d.guide_title.len()
}

impl GuidePrint {
    /// How many documents the guide has.
    pub fn documents(&self) -> usize {
        self.docs
    }
}

impl Prints {
    /// The guides with documents, with their place among the documents' guides.
    pub fn guides(&self) -> impl Iterator<Item = (usize, &GuidePrint)> {
        self.each.iter().enumerate().filter_map(|(i, g)| g.as_ref().map(|g| (i, g)))
    }

    /// Each guide's fingerprint, by slug.
    pub fn by_slug(&self) -> BTreeMap<&str, &str> {
        self.guides().map(|(_, g)| (g.slug.as_str(), g.print.as_str())).collect()
    }

    /// How many documents the guides have.
    pub fn documents(&self) -> usize {
        self.guides().map(|(_, g)| g.docs).sum()
    }

    /// The bytes of the document packs' rows of every guide ([`doc_packs::row_bytes_of`]).
    pub fn row_bytes(&self) -> usize {
        self.guides().map(|(_, g)| g.row_bytes).sum()
    }

    /// Per document in canonical order, its distance from the first document of its
    /// section (what [`section_offsets`] gives of the documents themselves).
    pub fn offsets(&self) -> Vec<u32> {
        self.canonical().into_iter().flat_map(|(_, g)| g.offsets.iter().copied()).collect()
    }

    /// The guides with documents, in canonical order: by slug (the order a guide's
    /// documents are numbered in, see [`super::index`]).
    pub fn canonical_guides(&self) -> Vec<usize> {
        self.canonical().into_iter().map(|(i, _)| i).collect()
    }

    /// The guides with documents in canonical order, each with its place among the
    /// documents' guides.
    pub fn canonical(&self) -> Vec<(usize, &GuidePrint)> {
        let mut order: Vec<(usize, &GuidePrint)> = self.guides().collect();
        order.sort_by(|a, b| a.1.slug.cmp(&b.1.slug));
        order
    }

    /// Of the guides `which`, how many documents and bytes of text they have.
    pub fn size_of(&self, which: &[usize]) -> (usize, usize) {
        which.iter().filter_map(|&i| self.each[i].as_ref()).fold((0, 0), |(n, b), g| (n + g.docs, b + g.bytes))
    }
}
