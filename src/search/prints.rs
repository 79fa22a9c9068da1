//! What a language's index is made from, fingerprinted: each guide's search documents
//! (with how many there are and how much text), and the whole index's fingerprint, which
//! also covers the synonym groups, the shared constants and the index format
//! ([`INDEX_VERSION`]). The index
//! ([`super::index`]) is kept when the whole fingerprint is its own, and updated guide by
//! guide where a guide's is not; the export numbers documents in the canonical order
//! the guides give ([`Prints::canonical_guides`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
#[derive(Debug, Clone, PartialEq)]
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
    fingerprint_known(docs, groups, &[], &Known::default())
}

/// [`fingerprint_of`], taking the print of guide `i` from `known` when `keys[i]` (what
/// its parse read, hashed) is known there: its documents are then not made at all.
pub fn fingerprint_known(docs: &dyn Documents, groups: &[Group], keys: &[Option<[u8; 32]>], known: &Known) -> Prints {
    let each: Vec<Option<GuidePrint>> = (0..docs.guides())
        .into_par_iter()
        .map(|i| match keys.get(i).copied().flatten().and_then(|key| known.0.get(&key)) {
            Some(print) => print.clone(),
            None => print_of(&docs.of(i)),
        })
        .collect();
    let mut prints = Prints { each, whole: String::new() };
    prints.whole = whole(&prints.by_slug(), groups);
    prints
}

/// The print of one guide's documents; `None` when it has none.
fn print_of(made: &[SearchDoc]) -> Option<GuidePrint> {
    let first = made.first()?;
    let mut h = Gathered::new();
    for d in made.iter() {
        for part in [&d.guide, &d.guide_title, &d.section, &d.heading, &d.body, d.kind.as_str(), &d.url] {
            h.part(part);
        }
    }
    let bytes = made.iter().map(text_bytes).sum();
    let row_bytes = made.iter().map(doc_packs::row_bytes_of).sum();
    let offsets = section_offsets(made, |d| (&d.guide, &d.section));
    let (slug, print) = (first.guide.clone(), h.hex());
    Some(GuidePrint { slug, print, docs: made.len(), bytes, row_bytes, offsets })
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

/// The prints of guides as a build took them, each under what the guide's parse read
/// (the guide cache's key, [`crate::project::Project::parsed_from`]): a guide parsed
/// from the same input has the same documents, so the next build need not make them to
/// fingerprint them (on 1,000 guides that was about 50 ms of work on every build). Kept
/// in the search cache ([`KNOWN_FILE`]): a header line, the number of entries, each
/// entry — its key, then 0 for a guide without documents or 1 and its print (slug,
/// fingerprint, documents, bytes, row bytes, offsets) — and a BLAKE3 trailer of all
/// before it. A file that does not read as such, whole, is ignored.
#[derive(Debug, Default, PartialEq)]
pub struct Known(HashMap<[u8; 32], Option<GuidePrint>>);

/// The file of the [`Known`] prints, in the search cache folder.
pub const KNOWN_FILE: &str = "prints.bin";

fn known_header() -> String {
    format!("tebiki guide prints 1 {}\n", crate::fingerprint::TOOL)
}

impl Known {
    /// The prints kept in `path`; none when it is missing or does not read whole.
    pub fn read(path: &Path) -> Known {
        std::fs::read(path).ok().and_then(|bytes| Known::parse(&bytes)).unwrap_or_default()
    }

    fn parse(bytes: &[u8]) -> Option<Known> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
        if blake3::hash(body).as_bytes() != sum {
            return None;
        }
        let mut r = super::le_bytes::Reader(body.strip_prefix(known_header().as_bytes())?);
        let n = r.u32()? as usize;
        let mut out = HashMap::with_capacity(n);
        for _ in 0..n {
            let key: [u8; 32] = r.take(32)?.try_into().ok()?;
            let print = match r.take(1)? {
                [0] => None,
                [1] => {
                    let (slug, print) = (r.text()?.to_owned(), r.text()?.to_owned());
                    let [docs, bytes, row_bytes, count] = [r.u32()?, r.u32()?, r.u32()?, r.u32()?].map(|n| n as usize);
                    let offsets = (0..count).map(|_| r.u32()).collect::<Option<Vec<u32>>>()?;
                    Some(GuidePrint { slug, print, docs, bytes, row_bytes, offsets })
                }
                _ => return None,
            };
            out.insert(key, print);
        }
        r.is_empty().then_some(Known(out))
    }

    /// How many guides' prints.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The prints of `prints`' guides, each under its key in `keys` (a guide without one
    /// is left out).
    pub fn add(&mut self, keys: &[Option<[u8; 32]>], prints: &Prints) {
        for (key, print) in keys.iter().zip(&prints.each) {
            if let Some(key) = key {
                self.0.insert(*key, print.clone());
            }
        }
    }

    /// Writes the prints to `path` (aside, then renamed).
    pub fn write(&self, path: &Path) -> Result<(), crate::fsx::FsError> {
        let too_large = || crate::fsx::FsError::new("write", path, std::io::ErrorKind::FileTooLarge.into());
        let number = |n: usize| u32::try_from(n).map(u32::to_le_bytes).map_err(|_| too_large());
        let mut out = known_header().into_bytes();
        out.extend_from_slice(&number(self.0.len())?);
        let mut entries: Vec<_> = self.0.iter().collect();
        entries.sort_unstable_by_key(|e| e.0);
        for (key, print) in entries {
            out.extend_from_slice(key);
            let Some(p) = print else {
                out.push(0);
                continue;
            };
            out.push(1);
            for text in [&p.slug, &p.print] {
                out.extend_from_slice(&number(text.len())?);
                out.extend_from_slice(text.as_bytes());
            }
            for n in [p.docs, p.bytes, p.row_bytes, p.offsets.len()] {
                out.extend_from_slice(&number(n)?);
            }
            for n in &p.offsets {
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        let sum = *blake3::hash(&out).as_bytes();
        out.extend_from_slice(&sum);
        let aside = path.with_extension("bin.new");
        crate::fsx::write(&aside, &out)?;
        crate::fsx::rename(&aside, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema::{HeldDocs, Kind};

    fn doc(guide: &str, section: &str, body: &str) -> SearchDoc {
        SearchDoc {
            guide: guide.into(),
            guide_title: format!("{guide}の手引き"),
            section: section.into(),
            heading: "見出し".into(),
            body: body.into(),
            kind: Kind::Body,
            url: format!("ja/{guide}/#{section}"),
        }
    }

    #[test]
    fn known_prints_stand_for_the_guides_and_a_damaged_file_is_ignored() {
        let docs = [doc("a", "s1", "初動対応"), doc("a", "s2", "復旧"), doc("b", "s1", "報告")];
        let held = HeldDocs::new(&docs);
        let made = fingerprint_of(&held, &[]);
        let keys = [Some([1; 32]), Some([2; 32])];
        let mut known = Known::default();
        known.add(&keys, &made);
        // Taken from the known prints, the guides' documents are never made: none given.
        let none = HeldDocs::new(&[]);
        struct Two<'h>(&'h HeldDocs<'h>);
        impl Documents for Two<'_> {
            fn guides(&self) -> usize {
                2
            }
            fn of(&self, i: usize) -> std::borrow::Cow<'_, [SearchDoc]> {
                panic!("guide {i}'s documents made ({} held)", self.0.guides())
            }
        }
        let taken = fingerprint_known(&Two(&none), &[], &keys, &known);
        assert_eq!((taken.whole.as_str(), taken.documents()), (made.whole.as_str(), 3));
        assert_eq!(taken.offsets(), made.offsets());
        assert_eq!(taken.row_bytes(), made.row_bytes());
        // A key it does not know: that guide's documents are made.
        let other = fingerprint_known(&held, &[], &[Some([1; 32]), Some([3; 32])], &known);
        assert_eq!(other.whole, made.whole);

        let dir = std::env::temp_dir().join(format!("tebiki-known-prints-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(KNOWN_FILE);
        known.write(&path).unwrap();
        assert_eq!(Known::read(&path), known);
        let bytes = std::fs::read(&path).unwrap();
        let mut damaged = bytes.clone();
        damaged[bytes.len() / 2] ^= 1;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(Known::read(&path), Known::default(), "a damaged byte");
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(Known::read(&path), Known::default(), "cut short");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
