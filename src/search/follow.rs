//! Following an edit: which terms an index update changed, so that the export reads out
//! of the index only those and takes the others as the last export laid them out
//! ([`super::term_list`]). Reading every posting of the index to find the few that moved
//! was most of a one-guide edit's export on a large site.
//!
//! An update ([`super::index`]) deletes the documents of the guides that changed and adds
//! them again. When it only edits guides in place — the same guides as before, each with
//! as many documents as it had — every document keeps its canonical number, and a term's
//! postings can differ from the last export's only in the edited guides' documents. Those
//! are read on both sides: before the update, from a searcher taken before it changes
//! anything ([`before_update`]), and after it ([`changed_terms`]); a term whose postings
//! in them are the same on both sides (the documents numbered by their place among the
//! edited guides' documents) has the postings it had. Reading a few guides' documents walks
//! the term dictionaries of the segments that hold them, skipping in each term's postings
//! to those documents (tantivy's postings skip by blocks of 128): far less than reading
//! every posting.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use super::SearchError;
use super::index::LangIndex;
use super::postings::Posting;
use super::query::index_err;
use super::schema::Fields;
use super::segments::each_live;

/// Per term, its postings per text field in some documents, numbered by their place among
/// them.
type Share = BTreeMap<Vec<u8>, [Vec<Posting>; 3]>;

/// Documents numbered by their place among them, with their addresses.
type Placed = Vec<(u32, DocAddress)>;

/// What an update leaves for the export to follow it: the guides it edited in place and
/// their documents' postings before it.
pub struct Previous {
    /// The fingerprint the index had before the update, if it had one.
    pub print: Option<String>,
    /// The guides edited in place, in slug order, each with its number of documents.
    guides: Vec<(String, usize)>,
    before: Share,
}

/// The documents of the guides `slugs` (in slug order) that `searcher` has, each guide's in
/// their order in it, as (place among them, address); with each guide's count.
fn documents_of(searcher: &Searcher, fields: &Fields, slugs: &[String]) -> tantivy::Result<(Placed, Vec<usize>)> {
    let mut out = Vec::new();
    let mut counts = Vec::new();
    for slug in slugs {
        let mut docs = Vec::new();
        for (s, seg) in searcher.segment_readers().iter().enumerate() {
            let inv = seg.inverted_index(fields.guide)?;
            let Some(info) = inv.terms().get(slug.as_bytes())? else { continue };
            let ord = seg.fast_fields().u64("ord")?;
            let mut postings = inv.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
            each_live(seg, &mut postings, |doc, _| {
                docs.push((ord.first(doc).unwrap_or(u64::MAX), DocAddress::new(s as u32, doc)));
            });
        }
        docs.sort_unstable();
        counts.push(docs.len());
        out.extend(docs.into_iter().map(|(_, a)| a));
    }
    Ok((out.into_iter().enumerate().map(|(i, a)| (i as u32, a)).collect(), counts))
}

/// Per term, its postings in the documents `docs` (place, address) of `searcher`.
fn share(searcher: &Searcher, fields: &Fields, docs: &[(u32, DocAddress)]) -> tantivy::Result<Share> {
    let mut by_segment: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
    for &(place, a) in docs {
        by_segment.entry(a.segment_ord).or_default().push((a.doc_id, place));
    }
    let mut out = Share::new();
    for (s, mut docs) in by_segment {
        docs.sort_unstable();
        let seg = searcher.segment_reader(s);
        let (first, last) = (docs[0].0, docs[docs.len() - 1].0);
        for (f, field) in fields.text.iter().enumerate() {
            let inv = seg.inverted_index(*field)?;
            let norms = seg.get_fieldnorms_reader(*field)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let mut postings = inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
                // Seeking is forward only: a list may begin past the first document.
                let mut doc = postings.doc();
                if doc < first {
                    doc = postings.seek(first);
                }
                while doc != TERMINATED && doc <= last {
                    if let Ok(i) = docs.binary_search_by_key(&doc, |d| d.0) {
                        let lists = out.entry(stream.key().to_vec()).or_default();
                        lists[f].push((docs[i].1, postings.term_freq(), norms.fieldnorm_id(doc)));
                    }
                    doc = postings.advance();
                }
            }
        }
    }
    for lists in out.values_mut() {
        for list in lists {
            list.sort_unstable_by_key(|p| p.0);
        }
    }
    Ok(out)
}

/// Before an update that deletes the guides `stale` (slugs, in order) and adds the guides
/// `fresh` again, from `searcher` as the index is before it: what the export needs to
/// follow the update, when it edits guides in place only (the same slugs); else `None`.
pub fn before_update(
    searcher: &Searcher,
    fields: &Fields,
    stale: &[String],
    fresh: &[String],
    print: Option<String>,
) -> tantivy::Result<Option<Previous>> {
    if stale != fresh || stale.is_empty() {
        return Ok(None);
    }
    let (docs, counts) = documents_of(searcher, fields, stale)?;
    let guides = stale.iter().cloned().zip(counts).collect();
    Ok(Some(Previous { print, guides, before: share(searcher, fields, &docs)? }))
}

/// The terms (their bytes) whose postings the update `previous` changed in `index`, as
/// the index is now; `None` when some edited guide has another number of documents than
/// before (documents after it are numbered anew: every term may have changed).
pub fn changed_terms(index: &LangIndex, previous: &Previous) -> Result<Option<BTreeSet<Vec<u8>>>, SearchError> {
    let e = |source| index_err(index, source);
    let searcher = index.reader.searcher();
    let slugs: Vec<String> = previous.guides.iter().map(|g| g.0.clone()).collect();
    let (docs, counts) = documents_of(&searcher, &index.fields, &slugs).map_err(&e)?;
    if counts.iter().ne(previous.guides.iter().map(|g| &g.1)) {
        return Ok(None);
    }
    let after = share(&searcher, &index.fields, &docs).map_err(&e)?;
    let before = &previous.before;
    let mut changed: BTreeSet<Vec<u8>> = before.keys().filter(|t| after.get(*t) != before.get(*t)).cloned().collect();
    changed.extend(after.keys().filter(|t| !before.contains_key(*t)).cloned());
    Ok(Some(changed))
}
