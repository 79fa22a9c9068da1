//! What a language's index is made from, fingerprinted: each guide's search documents
//! (with how many there are and how much text), and the whole index's fingerprint, which
//! also covers the synonym groups, the shared constants and the index format
//! ([`INDEX_VERSION`]). The index
//! ([`super::index`]) is kept when the whole fingerprint is its own, and updated guide by
//! guide where a guide's is not; the export numbers documents in the canonical order
//! the guides give ([`Prints::canonical_guides`]).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::index::INDEX_VERSION;
use super::lexicon::Group;
use super::schema::{Documents, SearchDoc};
use crate::fingerprint::Fingerprint;

/// One guide's fingerprint, and how many documents and bytes of text it has.
#[derive(Debug, Clone)]
pub struct GuidePrint {
    pub slug: String,
    pub print: String,
    docs: usize,
    bytes: usize,
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
            let mut h = Fingerprint::new();
            for d in made.iter() {
                for part in [&d.guide, &d.guide_title, &d.section, &d.heading, &d.body, d.kind.as_str(), &d.url] {
                    h.part(part);
                }
            }
            let bytes = made.iter().map(text_bytes).sum();
            Some(GuidePrint { slug: first.guide.clone(), print: h.hex(), docs: made.len(), bytes })
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

    /// The guides with documents, in canonical order: by slug (the order a guide's
    /// documents are numbered in, see [`super::index`]).
    pub fn canonical_guides(&self) -> Vec<usize> {
        let mut order: Vec<(&str, usize)> = self.guides().map(|(i, g)| (g.slug.as_str(), i)).collect();
        order.sort_by(|a, b| a.0.cmp(b.0));
        order.into_iter().map(|(_, i)| i).collect()
    }

    /// Of the guides `which`, how many documents and bytes of text they have.
    pub fn size_of(&self, which: &[usize]) -> (usize, usize) {
        which.iter().filter_map(|&i| self.each[i].as_ref()).fold((0, 0), |(n, b), g| (n + g.docs, b + g.bytes))
    }
}
