//! The postings of a query's terms, read out of the index for [`super::run`]: per segment,
//! each term's live documents with their BM25 scores in the three text fields.

use tantivy::Term;
use tantivy::schema::IndexRecordOption;

use crate::search::SearchError;
use crate::search::bm25::{self, FieldScoring};
use crate::search::index::LangIndex;
use crate::search::query::index_err;
use crate::search::schema::TEXT_FIELDS;
use crate::search::segments::each_live;

/// A term's postings in one segment: per document that has it, in the segment's order,
/// its three field scores (0 in a field without it).
pub type TermList = Vec<(u32, [f32; 3])>;

/// The postings of a query's terms, per segment: each term's documents with their field
/// scores, merged from its three fields; and per term its largest field document
/// frequency. Only the postings are held (a table of every candidate by every term held
/// tens of MiB at 5,000 guides, most of it empty).
pub struct Found {
    /// Per segment, per term.
    pub segments: Vec<Vec<TermList>>,
    pub max_df: Vec<u64>,
}

/// A term's documents in one field of one segment, each with its score there.
type Scored = Vec<(u32, f32)>;

pub fn postings(index: &LangIndex, searcher: &tantivy::Searcher, terms: &[String]) -> Result<Found, SearchError> {
    let e = |x| index_err(index, x);
    let docs = u64::from(index.num_docs());
    let segs = searcher.segment_readers();
    let mut found = Found { segments: Vec::new(), max_df: vec![0u64; terms.len()] };
    // Per segment, per field, per term: its documents and scores in the segment's order.
    let mut lists: Vec<[Vec<Scored>; 3]> = vec![Default::default(); segs.len()];
    for (fi, field) in index.fields.text.into_iter().enumerate() {
        let scoring = FieldScoring::new(index.total_tokens[fi], docs as u32, TEXT_FIELDS[fi].1);
        let invs = segs.iter().map(|seg| seg.inverted_index(field)).collect::<Result<Vec<_>, _>>().map_err(e)?;
        let norms =
            segs.iter().map(|seg| seg.get_fieldnorms_reader(field)).collect::<Result<Vec<_>, _>>().map_err(e)?;
        for (ti, t) in terms.iter().enumerate() {
            // The term's documents in every segment, deleted ones left out: how many they
            // are weighs the term.
            let mut per_seg: Vec<Vec<(u32, u32, u8)>> = Vec::with_capacity(segs.len());
            for (s, inv) in invs.iter().enumerate() {
                let mut list = Vec::new();
                if let Some(info) = inv.get_term_info(&Term::from_field_text(field, t)).map_err(|x| e(x.into()))? {
                    let mut p = inv
                        .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                        .map_err(|x| e(x.into()))?;
                    list.reserve_exact(info.doc_freq as usize);
                    each_live(&segs[s], &mut p, |doc, p| {
                        list.push((doc, tantivy::postings::Postings::term_freq(p), norms[s].fieldnorm_id(doc)));
                    });
                }
                per_seg.push(list);
            }
            let df = per_seg.iter().map(|l| l.len() as u64).sum::<u64>();
            found.max_df[ti] = found.max_df[ti].max(df);
            let weight = bm25::weight(df, docs);
            for (s, list) in per_seg.into_iter().enumerate() {
                let scored = list.into_iter().map(|(doc, tf, norm)| (doc, scoring.score(weight, tf, norm))).collect();
                lists[s][fi].push(scored);
            }
        }
    }
    for [a, b, c] in lists {
        found.segments.push((0..terms.len()).map(|ti| merge_fields([&a[ti], &b[ti], &c[ti]])).collect());
    }
    Ok(found)
}

/// One term's three field lists (each in document order) as one list of field scores.
fn merge_fields(lists: [&[(u32, f32)]; 3]) -> TermList {
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).max().unwrap_or(0));
    let mut at = [0usize; 3];
    while let Some(doc) = (0..3).filter_map(|f| lists[f].get(at[f]).map(|p| p.0)).min() {
        let mut v = [0.0f32; 3];
        for f in 0..3 {
            if let Some(&(d, score)) = lists[f].get(at[f])
                && d == doc
            {
                v[f] = score;
                at[f] += 1;
            }
        }
        out.push((doc, v));
    }
    out
}
