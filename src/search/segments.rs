//! An index of several segments read as one. An update adds the changed guides'
//! documents as a segment of their own and marks their old documents deleted
//! (`super::index`); everything that reads the index leaves deleted documents out, so that
//! it answers and exports as one merged segment would:
//!
//! - [`each_live`] walks a postings list without the deleted documents — the one walk
//!   ranking, prefix expansion, the export and the canonical numbering use;
//! - [`canonical_order`] numbers the documents of every segment canonically (guide slug,
//!   then place in the guide);
//! - [`for_each_batch`] merges the term streams of every segment and field for the export,
//!   and [`read_terms`] reads chosen terms of them;
//! - [`worth_merging`] says when an update merges the segments into one after all.

use std::collections::BTreeMap;

use tantivy::InvertedIndexReader;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::TermInfo;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, TERMINATED};

use super::SearchError;
use super::index::LangIndex;
use super::postings::Posting;
use super::query::index_err;

/// Calls `f` with each document of `postings` that `seg` has not deleted, the postings
/// standing on it (for its term frequency).
pub fn each_live(seg: &SegmentReader, postings: &mut SegmentPostings, mut f: impl FnMut(DocId, &SegmentPostings)) {
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if !seg.is_deleted(doc) {
            f(doc, postings);
        }
        doc = postings.advance();
    }
}

/// Per segment, per document, its canonical number (`None`: deleted); per canonical
/// number, the document's address.
pub type CanonicalOrder = (Vec<Vec<Option<u32>>>, Vec<DocAddress>);

/// The canonical order of the documents of every segment of `searcher`, read from the
/// `guide` field's terms and the `ord` fast field.
pub fn canonical_order(searcher: &Searcher, guide: Field) -> tantivy::Result<CanonicalOrder> {
    // The guide terms in term (slug) order, each with its documents in their order in the
    // guide. A guide's documents are in one segment (they are deleted and added together),
    // those of different guides may be in different ones.
    let mut guides: BTreeMap<Vec<u8>, Vec<(u64, u32, u32)>> = BTreeMap::new();
    let mut canonical: Vec<Vec<Option<u32>>> = Vec::new();
    for (s, seg) in searcher.segment_readers().iter().enumerate() {
        canonical.push(vec![None; seg.max_doc() as usize]);
        let ord = seg.fast_fields().u64("ord")?;
        let inv = seg.inverted_index(guide)?;
        let mut stream = inv.terms().stream()?;
        while stream.advance() {
            let mut postings = inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
            let mut docs = Vec::new();
            each_live(seg, &mut postings, |doc, _| docs.push((ord.first(doc).unwrap_or(u64::MAX), s as u32, doc)));
            if !docs.is_empty() {
                guides.entry(stream.key().to_vec()).or_default().extend(docs);
            }
        }
    }
    let mut address = Vec::new();
    for (_, mut docs) in guides {
        docs.sort_unstable();
        for (_, seg, doc) in docs {
            canonical[seg as usize][doc as usize] = Some(address.len() as u32);
            address.push(DocAddress::new(seg, doc));
        }
    }
    Ok((canonical, address))
}

/// Past how many segments an updated index is merged into one.
pub const MAX_SEGMENTS: usize = 8;

/// Whether the segments of an updated index are merged into one: when they are many, or
/// a fifth of their documents are deleted. Until then a guide's update only adds a segment
/// of its documents (and marks its old ones deleted), which ranks and exports as one merged
/// segment would; merging the whole index took most of an update's time.
pub fn worth_merging(metas: &[tantivy::index::SegmentMeta]) -> bool {
    let (max, deleted) =
        metas.iter().fold((0u64, 0u64), |(m, d), s| (m + u64::from(s.max_doc()), d + u64::from(s.num_deleted_docs())));
    metas.len() > MAX_SEGMENTS || deleted * 5 > max
}

/// A term and its postings per text field, in document order.
pub type TermPostings = (String, [Vec<Posting>; 3]);

/// Hands the index's terms to `f` in term order, `n` at a time, each with its postings per
/// text field (documents numbered canonically): only a batch's postings are in memory.
pub fn for_each_batch(
    index: &LangIndex,
    n: usize,
    mut f: impl FnMut(Vec<TermPostings>) -> Result<(), SearchError>,
) -> Result<(), SearchError> {
    let e = |source| index_err(index, source);
    let searcher = index.reader.searcher();
    let sorted = index.in_canonical_order();
    let text = index.fields.text;
    // Per segment, per field: its inverted index, field norms and term stream.
    let mut invs = Vec::new();
    let mut norms = Vec::new();
    for seg in searcher.segment_readers() {
        invs.push(text.iter().map(|field| seg.inverted_index(*field)).collect::<Result<Vec<_>, _>>().map_err(&e)?);
        norms.push(
            text.iter().map(|field| seg.get_fieldnorms_reader(*field)).collect::<Result<Vec<_>, _>>().map_err(&e)?,
        );
    }
    let mut streams: Vec<Vec<_>> = invs
        .iter()
        .map(|fields| fields.iter().map(|inv| inv.terms().stream()).collect::<Result<Vec<_>, _>>())
        .collect::<Result<_, _>>()
        .map_err(|x| e(x.into()))?;
    let mut live: Vec<Vec<bool>> = streams.iter_mut().map(|s| s.iter_mut().map(|s| s.advance()).collect()).collect();
    let mut batch = Vec::new();
    // The term streams of every segment and field, merged: each term once, with its list
    // in each field (documents deleted from a segment left out).
    loop {
        let next = (streams.iter().zip(&live))
            .flat_map(|(s, l)| s.iter().zip(l).filter(|(_, l)| **l).map(|(s, _)| s.key()))
            .min()
            .map(<[u8]>::to_vec);
        let Some(key) = next else { break };
        let mut lists: [Vec<Posting>; 3] = Default::default();
        for s in 0..invs.len() {
            for (i, list) in lists.iter_mut().enumerate() {
                if !live[s][i] || streams[s][i].key() != key.as_slice() {
                    continue;
                }
                let seg = (s, &searcher.segment_readers()[s]);
                read_list(index, seg, &invs[s][i], &norms[s][i], streams[s][i].value(), list).map_err(&e)?;
                live[s][i] = streams[s][i].advance();
            }
        }
        if !sorted {
            sort(&mut lists);
        }
        // A term only deleted documents had is not the index's any more.
        if lists.iter().any(|l| !l.is_empty()) {
            batch.push((String::from_utf8_lossy(&key).into_owned(), lists));
        }
        if batch.len() == n {
            f(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        f(batch)?;
    }
    Ok(())
}

/// Each segment's documents are in a few sorted runs (those of its guides in canonical
/// order): a stable sort merges runs.
fn sort(lists: &mut [Vec<Posting>; 3]) {
    for list in lists {
        list.sort_by_key(|p| p.0);
    }
}

/// Appends to `list` the postings that `info` (a term's, in the inverted index `inv` of a
/// text field with field norms `norms`) points to in segment `seg` (number `s`) of
/// `index`: deleted documents left out, documents numbered canonically.
fn read_list(
    index: &LangIndex,
    (s, seg): (usize, &SegmentReader),
    inv: &InvertedIndexReader,
    norms: &FieldNormReader,
    info: &TermInfo,
    list: &mut Vec<Posting>,
) -> tantivy::Result<()> {
    let mut postings = inv.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
    list.reserve(info.doc_freq as usize);
    each_live(seg, &mut postings, |doc, p| {
        if let Some(n) = index.canonical(s, doc) {
            list.push((n, p.term_freq(), norms.fieldnorm_id(doc)));
        }
    });
    Ok(())
}

/// The terms `terms` of the index (their bytes, in term order) with their postings per
/// text field, documents numbered canonically, as [`for_each_batch`] gives them; a term
/// the index no longer has (only deleted documents had it) is left out.
pub fn read_terms(index: &LangIndex, terms: &[&[u8]]) -> Result<Vec<TermPostings>, SearchError> {
    let e = |source| index_err(index, source);
    let searcher = index.reader.searcher();
    let sorted = index.in_canonical_order();
    let mut readers = Vec::new();
    for seg in searcher.segment_readers() {
        let mut fields = Vec::new();
        for field in index.fields.text {
            fields.push((seg.inverted_index(field).map_err(&e)?, seg.get_fieldnorms_reader(field).map_err(&e)?));
        }
        readers.push(fields);
    }
    let mut out = Vec::with_capacity(terms.len());
    for key in terms {
        let mut lists: [Vec<Posting>; 3] = Default::default();
        for (s, fields) in readers.iter().enumerate() {
            for ((inv, norms), list) in fields.iter().zip(lists.iter_mut()) {
                if let Some(info) = inv.terms().get(key).map_err(|x| e(x.into()))? {
                    read_list(index, (s, &searcher.segment_readers()[s]), inv, norms, &info, list).map_err(&e)?;
                }
            }
        }
        if !sorted {
            sort(&mut lists);
        }
        if lists.iter().any(|l| !l.is_empty()) {
            out.push((String::from_utf8_lossy(key).into_owned(), lists));
        }
    }
    Ok(out)
}
