//! Export: one language's tantivy index → the browser search files below
//! `assets/search/<lang>/`. The one writer of the format documented in
//! `docs/search-format.md` (version [`FORMAT_VERSION`]); its one reader is
//! `js/shards.mjs` with `js/searcher.mjs`.
//!
//! 1. [`read`] takes everything BM25 needs out of the index: per field the total token
//!    count, per term and field the postings (document, term frequency, field-norm id),
//!    the stored fields of every document, and where each document's section starts.
//! 2. [`write`] lays it out. Terms are found by their *shard key*: the first character of
//!    a kana/kanji term, the first two of a word, so that a prefix finds all its terms
//!    under one key; the query lexicon ([`super::lexicon`]) is keyed the same way (a Latin
//!    key by its first word). A key's terms and lexicon entries go together into a key
//!    pack, so that a query loads, per character or word start, one file.
//! 3. A term in few documents keeps its postings in its entry. A larger one is
//!    [`layout`]: its documents ordered by the term's score, cut into *tiers* (the best
//!    128, the next 512, 2,048, …), each tier in document order and cut into *blocks*. Its
//!    entry holds the *head* — the list of blocks, each with its document range and the
//!    best score in it — and the first block; the other blocks go, numbered in term order,
//!    into block packs. The engine loads blocks only while they can still change the top
//!    results.
//! 4. Document metadata goes into document packs, in document order.
//!
//! [`super::term_layout`] lays the terms out. After an update that only edited guides in
//! place, the export reads out of the index only the terms whose postings the update
//! changed ([`super::follow`]) and takes the others as the last export left them
//! ([`super::term_list`], [`super::term_store`]): the files are the same as when every
//! term is read.
//!
//! Packs are bounded in size, compressed, and registered by classic scripts
//! ([`super::packs`]); `meta.js`, which says which pack holds what, is plain JSON.
//!
//! Same index, same bytes: maps are ordered and numbering follows term order.

use std::collections::BTreeMap;

#[cfg(test)]
use rayon::prelude::*;
use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::SearchError;
use super::doc_packs;
use super::follow;
use super::index::LangIndex;
use super::lexicon::Lexicon;
use super::packs::{PackStore, Sink};
use super::prints::Prints;
use super::query::{index_err, top_section};
use super::related::Related;
use super::schema::excerpt;
use super::schema::{Documents, SearchDoc};
use super::segments::{TermPostings, for_each_batch, read_terms};
use super::term_layout::{self, Item, Layout, Reread, TERM_BATCH};
use super::term_list::TermList;
use super::term_store::TermStore;
use super::tokenizer::{CharClass, char_class};

/// Encoded postings longer than this are laid out in blocks (a head in the term's entry,
/// the other blocks in block packs).
pub const INLINE_POSTINGS_MAX: usize = 192;

pub use super::postings::{
    ALPHABET, BLOCK_MIN, BLOCKS_PER_TIER, Block, BlockHead, DocPosting, FIRST_TIER, Posting, TIER_GROWTH, TermScoring,
    encode_head, encode_postings, encode_postings_quoted, layout, merge, push_varint,
};

/// A stored document, as the engine shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocMeta {
    pub guide: String,
    pub guide_title: String,
    pub section: String,
    pub heading: String,
    pub kind: String,
    pub url: String,
    pub excerpt: String,
}

/// Everything the export holds, read from the index (also what the round-trip test
/// compares the JS reader's decoding with).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Export {
    pub lang: String,
    pub num_docs: u32,
    /// Per text field (title, heading, body): total number of tokens.
    pub total_tokens: [u64; 3],
    /// term → per text field, its postings in document order.
    pub terms: BTreeMap<String, [Vec<Posting>; 3]>,
    pub docs: Vec<DocMeta>,
    /// Per document, how many documents before it belong to its section (a section's
    /// documents are consecutive: the section, its subsections, consensus, perspective).
    pub offsets: Vec<u32>,
    /// The other languages of the site, which the engine may search when this one has
    /// no match.
    pub others: Vec<String>,
    /// The query lexicon.
    pub lexicon: Lexicon,
}

/// Reads the export's content out of the index (every segment, see [`super::segments`]),
/// documents numbered in canonical order.
pub fn read(index: &LangIndex) -> Result<Export, SearchError> {
    let mut x = read_docs(index)?;
    for_each_batch(index, usize::MAX, |batch| {
        x.terms.extend(batch);
        Ok(())
    })?;
    Ok(x)
}

/// What the export holds but its terms — statistics, documents, lexicon — with the
/// documents made again from `docs`, the guides the index was made from (fingerprinted as
/// `prints`); read from the index when `docs` are not as many as its documents. The
/// export itself makes the rows only for the packs that changed ([`known`]); a test
/// compares these with the index's stored fields.
#[cfg(test)]
pub fn known_docs(index: &LangIndex, docs: &dyn Documents, prints: &Prints) -> Result<Export, SearchError> {
    if prints.documents() != index.num_docs() as usize {
        return read_docs(index);
    }
    // Canonical order: guides by slug, each guide's documents in their order.
    let per_guide: Vec<Vec<DocMeta>> = prints.canonical_guides().into_par_iter().map(|i| metas(docs, i)).collect();
    Ok(with_docs(index, per_guide.into_iter().flatten().collect()))
}

/// The metadata of the documents of guide `i` of `docs`.
pub fn metas(docs: &dyn Documents, i: usize) -> Vec<DocMeta> {
    docs.of(i).iter().map(DocMeta::of).collect()
}

impl DocMeta {
    /// A search document's metadata, as the index stores it.
    pub fn of(d: &SearchDoc) -> DocMeta {
        DocMeta {
            guide: d.guide.clone(),
            guide_title: d.guide_title.clone(),
            section: d.section.clone(),
            heading: d.heading.clone(),
            kind: d.kind.as_str().to_owned(),
            url: d.url.clone(),
            excerpt: excerpt(&d.body).to_owned(),
        }
    }
}

/// Where the rows of the document packs come from.
pub enum Rows<'d> {
    /// The export's documents ([`Export::docs`]).
    Held,
    /// The guides the index was made from, fingerprinted: a pack is known by the
    /// fingerprints of the guides it holds, and its rows are made only when the last
    /// export has no pack of them (see [`super::doc_packs`]).
    Known { docs: &'d dyn Documents, prints: &'d Prints },
}

/// What the export holds but its terms and its documents' metadata, which the document
/// packs make from the guides `docs` (fingerprinted as `prints`) only where they need it
/// ([`Rows::Known`]): cheaper than reading it back out of the index's store. As
/// [`read_docs`], with the documents held, when `docs` are not as many as the index's.
pub fn known<'d>(
    index: &LangIndex,
    docs: &'d dyn Documents,
    prints: &'d Prints,
) -> Result<(Export, Rows<'d>), SearchError> {
    if prints.documents() != index.num_docs() as usize {
        return Ok((read_docs(index)?, Rows::Held));
    }
    let x = Export {
        lang: index.lang.clone(),
        num_docs: index.num_docs(),
        total_tokens: index.total_tokens,
        terms: BTreeMap::new(),
        docs: Vec::new(),
        offsets: prints.offsets(),
        others: Vec::new(),
        lexicon: index.lexicon.clone(),
    };
    Ok((x, Rows::Known { docs, prints }))
}

fn with_docs(index: &LangIndex, docs: Vec<DocMeta>) -> Export {
    let offsets = section_offsets(&docs, |d| (&d.guide, &d.section));
    Export {
        lang: index.lang.clone(),
        num_docs: docs.len() as u32,
        total_tokens: index.total_tokens,
        terms: BTreeMap::new(),
        docs,
        offsets,
        others: Vec::new(),
        lexicon: index.lexicon.clone(),
    }
}

/// What the export holds but its terms: statistics, documents, lexicon.
pub fn read_docs(index: &LangIndex) -> Result<Export, SearchError> {
    let e = |source| index_err(index, source);
    let searcher = index.reader.searcher();
    let mut docs = Vec::new();
    for n in 0..index.num_docs() {
        let doc: TantivyDocument = searcher.doc(index.address(n)).map_err(&e)?;
        let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let [title, heading, _] = index.fields.text;
        docs.push(DocMeta {
            guide: text(index.fields.guide),
            guide_title: text(title),
            section: text(index.fields.section),
            heading: text(heading),
            kind: text(index.fields.kind),
            url: text(index.fields.url),
            excerpt: text(index.fields.excerpt),
        });
    }
    Ok(with_docs(index, docs))
}

/// Per document, its distance from the first document of its section; `at` gives a
/// document's guide and section.
pub fn section_offsets<D>(docs: &[D], at: impl Fn(&D) -> (&str, &str)) -> Vec<u32> {
    let mut out = Vec::with_capacity(docs.len());
    let mut start = 0;
    for (i, d) in docs.iter().enumerate() {
        let same = i > 0 && {
            let ((pg, ps), (g, s)) = (at(&docs[i - 1]), at(d));
            pg == g && top_section(ps) == top_section(s)
        };
        if !same {
            start = i;
        }
        out.push((i - start) as u32);
    }
    out
}

/// Exports one language's index into `out`: `docs` gives what the export holds but its
/// terms, and where its documents' rows come from ([`known`]; or [`read_docs`] with
/// [`Rows::Held`]); `others` are the site's other languages.
/// Packs the last export made from the same content are taken from `store`, and terms
/// the last export laid out from the same postings and statistics from `laid`.
/// `lexicon` is called once the terms are laid out: it gives the lexicon made meanwhile,
/// if one was, to be exported (and returned) instead of the one `docs` gives.
/// Returns the lexicon made, the related sections and the terms as laid out, for the next
/// export (of the index of fingerprint `print`).
///
/// When the index was brought up to date by an update that the last export's terms
/// `last` can follow ([`super::follow`]), only the terms the update changed are read out
/// of the index, and the others are taken from `last`. Otherwise every term is read, a
/// batch at a time (so that only a batch's postings are in memory), by a thread of its own
/// from the start: the first batches are read while the documents are made and packed.
#[allow(clippy::too_many_arguments)]
pub fn export<'d>(
    docs: impl FnOnce() -> Result<(Export, Rows<'d>), SearchError>,
    index: &LangIndex,
    others: &[String],
    sink: &mut dyn Sink,
    store: &mut PackStore,
    laid: &mut TermStore,
    (last, print): (Option<&TermList>, &str),
    lexicon: impl FnOnce() -> Result<Option<Lexicon>, SearchError>,
) -> Result<(Option<Lexicon>, Related, TermList), SearchError> {
    let (mut x, rows) = docs()?;
    x.others = others.to_vec();
    let followed = match (last, &index.previous) {
        (Some(last), Some(previous))
            if previous.print.as_deref() == Some(last.print.as_str()) && last.basis == term_layout::basis(&x) =>
        {
            follow::changed_terms(index, previous)?
                .filter(|changed| changed.len() * FOLLOWED_SHARE <= last.entries.len())
                .map(|changed| (last, changed))
        }
        _ => None,
    };
    let reread = |term: &str| -> Result<[Vec<Posting>; 3], SearchError> {
        let read = read_terms(index, &[term.as_bytes()])?;
        Ok(read.into_iter().next().map(|(_, lists)| lists).unwrap_or_default())
    };
    std::thread::scope(|scope| {
        // One thread reads the next batch of terms out of the index while this one lays out
        // the last (on every core); none when the update is followed.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<TermPostings>>(1);
        let reader = followed.is_none().then(|| {
            scope.spawn(move || {
                // A send fails only when the layout stopped on an error: reading stops too,
                // and the layout's error is the one returned.
                for_each_batch(index, TERM_BATCH, |batch| {
                    tx.send(batch)
                        .map_err(|_| SearchError::Export { name: index.lang.clone(), message: "stopped".into() })
                })
            })
        });
        // An early return drops `rx` before the scope waits for the reader: it stops.
        // The documents first: their metadata is then let go before the terms are laid out.
        let per = doc_packs::doc_packs(&x, &rows, sink, store)?;
        x.docs = Vec::new();
        let mut layout = Layout::new(&x, per, print, followed.as_ref().map(|f| f.0));
        let done = match &followed {
            Some((last, changed)) => follow_terms(&mut layout, last, changed, index, sink, store, laid, &reread),
            None => rx.iter().try_for_each(|batch| {
                let terms: Vec<Item<'_>> = batch.iter().map(|(t, l)| Item::Read(t, l)).collect();
                layout.terms(&terms, sink, store, laid, &reread)
            }),
        };
        drop(rx);
        let read = match reader {
            Some(reader) => reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Ok(()),
        };
        done.and(read)?;
        let made = lexicon()?;
        let (related, list) = layout.finish(sink, store, (&*laid, &reread), made.as_ref().unwrap_or(&x.lexicon))?;
        Ok((made, related, list))
    })
}

/// An update is followed only when it changed at most one term in this many of the last
/// export's: reading many terms one by one costs more than reading them all in one pass.
const FOLLOWED_SHARE: usize = 4;

/// Lays out the terms of `last` with those in `changed` read out of `index` again (and
/// the terms the index now has that `last` lacks, all in `changed`), in term order.
#[allow(clippy::too_many_arguments)]
fn follow_terms(
    layout: &mut Layout<'_>,
    last: &TermList,
    changed: &std::collections::BTreeSet<Vec<u8>>,
    index: &LangIndex,
    sink: &mut dyn Sink,
    store: &mut PackStore,
    laid: &mut TermStore,
    reread: &Reread<'_>,
) -> Result<(), SearchError> {
    let keys: Vec<&[u8]> = changed.iter().map(Vec::as_slice).collect();
    let read = read_terms(index, &keys)?;
    // The kept terms and the terms read, merged in term order (a changed term the index
    // no longer has is in neither).
    let mut items: Vec<Item<'_>> = Vec::with_capacity(last.entries.len() + read.len());
    let mut fresh = read.iter().peekable();
    for (at, e) in last.entries.iter().enumerate() {
        while let Some((term, lists)) = fresh.next_if(|(t, _)| t.as_bytes() < e.term.as_bytes()) {
            items.push(Item::Read(term, lists));
        }
        if let Some((term, lists)) = fresh.next_if(|(t, _)| t == &e.term) {
            items.push(Item::Read(term, lists));
        } else if !changed.contains(e.term.as_bytes()) {
            items.push(Item::Kept(at as u32, e));
        }
    }
    items.extend(fresh.map(|(term, lists)| Item::Read(term, lists)));
    for batch in items.chunks(TERM_BATCH) {
        layout.terms(batch, sink, store, laid, reread)?;
    }
    Ok(())
}

/// The shard key of a term: its first character (kana/kanji), else its first two.
pub fn shard_key(term: &str) -> String {
    key_start(term).chars().map(|c| format!("{:x}", c as u32)).collect::<Vec<_>>().join("-")
}

/// What a term or lexicon key is found by: its first character (kana/kanji), else its
/// first two.
pub(super) fn key_start(term: &str) -> String {
    let first = term.chars().next().unwrap_or(' ');
    let n = if char_class(first) == CharClass::Cjk { 1 } else { 2 };
    term.chars().take(n).collect()
}

/// The shard key of a lexicon key: that of its first word (a kana/kanji key is one word).
pub fn lexicon_shard_key(key: &str) -> String {
    shard_key(key.split(' ').next().unwrap_or(key))
}

pub(super) fn json_err(name: &str) -> impl Fn(serde_json::Error) -> SearchError + '_ {
    move |e| SearchError::Export { name: name.to_owned(), message: e.to_string() }
}

pub(super) fn json(name: &str, data: &impl Serialize) -> Result<String, SearchError> {
    serde_json::to_string(data).map_err(json_err(name))
}
