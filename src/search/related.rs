//! Related sections: per language, for each top-level section, the sections most like it
//! in what they say, which a query's first results lend their score to
//! ([`rerank`], the last step of the ranking; `docs/search-format.md`, *Related
//! sections*). A reader who asks about one thing is often also served by the sections
//! the guides write about it under other words; the words alone do not find those.
//!
//! Made by the export from the postings it reads anyway ([`Builder`]): a section is the
//! vector of its terms in headings and text, each weighted `(1 + ln tf) × ln(S / df)` (S
//! sections, df of them with the term), cut to its [`TERMS_KEPT`] heaviest; only terms of
//! two to [`LIST_MAX`] sections count (a term of one section links none, a common one
//! tells little, and skipping those keeps the work in step with the site, not with its
//! square: a term's postings are read only until it shows in too many sections). Two
//! sections are alike by the cosine of their vectors; each keeps its [`NEIGHBOURS`] most
//! alike. Kept in the cache for `tebiki search` and
//! exported in related packs `r/<n>.js` for the browser engine, as cosines in thousandths
//! so that both engines add the same numbers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

use super::SearchError;
use super::index::{FINGERPRINT_FILE, LangIndex, index_dir};
use super::postings::Posting;
use super::query::Hit;
use super::shared::shared;

/// The cache file of an index's related sections, in the index's folder.
pub(super) const FILE: &str = "related.bin";

/// Terms kept per section: its heaviest.
pub const TERMS_KEPT: usize = 128;
/// A term of more sections than this adds to no section's vector: common terms say
/// little, and the pairs they make grow with the square of the site.
pub const LIST_MAX: usize = 64;
/// Related sections kept per section.
pub const NEIGHBOURS: usize = 10;

/// A weight ordered as a number (weights are finite and positive).
#[derive(Clone, Copy, PartialEq)]
struct Weight(f32);

impl Eq for Weight {}

impl PartialOrd for Weight {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Weight {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Gathers the sections' vectors from the export's terms, in term order.
pub struct Builder {
    /// The first document of each section, in document order.
    starts: Vec<u32>,
    /// Per document, its section's number.
    section_of: Vec<u32>,
    /// Per section, its heaviest terms so far: (weight, term number), lightest on top.
    kept: Vec<BinaryHeap<Reverse<(Weight, u32)>>>,
    next_term: u32,
    tfs: Vec<(u32, u32)>,
}

impl Builder {
    /// For documents whose distances from their sections' first documents are `offsets`.
    pub fn new(offsets: &[u32]) -> Builder {
        let mut starts = Vec::new();
        let mut section_of = Vec::with_capacity(offsets.len());
        for (doc, &offset) in offsets.iter().enumerate() {
            if offset == 0 {
                starts.push(doc as u32);
            }
            section_of.push(starts.len().saturating_sub(1) as u32);
        }
        let kept = (0..starts.len()).map(|_| BinaryHeap::new()).collect();
        Builder { starts, section_of, kept, next_term: 0, tfs: Vec::new() }
    }

    /// Takes the next term's postings (title, heading, body): its frequency in each
    /// section's headings and text.
    pub fn term(&mut self, lists: &[Vec<Posting>; 3]) {
        let sections = self.sections(lists);
        self.add(&sections);
    }

    /// What the next term's postings (title, heading, body) add to the sections' vectors:
    /// per section of it, its frequency in the section's headings and text; none for a
    /// term of fewer than two sections or of more than [`LIST_MAX`] (or of every one).
    /// [`Builder::add`] takes it: an export that keeps a term keeps this of it.
    pub fn sections(&mut self, lists: &[Vec<Posting>; 3]) -> Vec<(u32, u32)> {
        let [_, heading, body] = lists;
        if heading.len() + body.len() < 2 {
            return Vec::new();
        }
        // Both lists are in document order, and so are sections: one pass merges them.
        let merged = &mut self.tfs;
        merged.clear();
        let (mut h, mut b) = (heading.iter().peekable(), body.iter().peekable());
        loop {
            let next = match (h.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 <= y.0 => h.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => h.next(),
                (None, _) => b.next(),
            };
            let Some(&(doc, tf, _)) = next else { break };
            let Some(&s) = self.section_of.get(doc as usize) else { continue };
            let full = merged.len() == LIST_MAX;
            match merged.last_mut() {
                Some((last, sum)) if *last == s => *sum += tf,
                // A term of more sections than LIST_MAX is let go as soon as that shows.
                _ if full => {
                    merged.clear();
                    break;
                }
                _ => merged.push((s, tf)),
            }
        }
        // A term of one section links it to none; a term of every section tells none apart.
        if merged.len() < 2 || merged.len() >= self.starts.len() {
            return Vec::new();
        }
        merged.clone()
    }

    /// Adds the next term, which is in `sections` ([`Builder::sections`]), to their vectors.
    pub fn add(&mut self, sections: &[(u32, u32)]) {
        let term = self.next_term;
        self.next_term += 1;
        if sections.is_empty() {
            return;
        }
        let idf = (self.starts.len() as f32 / sections.len() as f32).ln();
        for &(s, tf) in sections {
            let w = Weight((1.0 + (tf as f32).ln()) * idf);
            let Some(heap) = self.kept.get_mut(s as usize) else { continue };
            if heap.len() < TERMS_KEPT {
                heap.push(Reverse((w, term)));
            } else if heap.peek().is_some_and(|Reverse(least)| (w, Reverse(term)) > (least.0, Reverse(least.1))) {
                heap.pop();
                heap.push(Reverse((w, term)));
            }
        }
    }

    /// Each section's most alike sections.
    pub fn finish(self) -> Related {
        use rayon::prelude::*;
        // Unit vectors over the kept terms, each in term order.
        let vectors: Vec<Vec<(u32, f32)>> = (self.kept.into_par_iter())
            .map(|heap| {
                let mut v: Vec<(u32, f32)> = heap.into_iter().map(|Reverse((w, t))| (t, w.0)).collect();
                v.sort_unstable_by_key(|&(t, _)| t);
                let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                v.iter_mut().for_each(|(_, w)| *w /= norm);
                v
            })
            .collect();
        // Per term, the sections that keep it, with their weights: one flat array (a site
        // has hundreds of thousands of terms), term t's at `lists[at[t]..at[t + 1]]`.
        let terms = self.next_term as usize;
        let mut at = vec![0usize; terms + 1];
        for &(t, _) in vectors.iter().flatten() {
            at[t as usize + 1] += 1;
        }
        for t in 0..terms {
            at[t + 1] += at[t];
        }
        let mut next = at.clone();
        let mut lists = vec![(0u32, 0f32); at[terms]];
        for (s, v) in vectors.iter().enumerate() {
            for &(t, w) in v {
                lists[next[t as usize]] = (s as u32, w);
                next[t as usize] += 1;
            }
        }
        drop(next);
        let starts = &self.starts;
        let near: Vec<Vec<(u32, u16)>> = (0..vectors.len())
            .into_par_iter()
            .map_init(
                || vec![0.0f32; vectors.len()],
                |sums, a| {
                    let mut touched = Vec::new();
                    for &(t, wa) in &vectors[a] {
                        for &(b, wb) in &lists[at[t as usize]..at[t as usize + 1]] {
                            if sums[b as usize] == 0.0 {
                                touched.push(b);
                            }
                            sums[b as usize] += wa * wb;
                        }
                    }
                    let mut alike: Vec<(u16, u32)> = Vec::new();
                    for b in touched {
                        let cos = std::mem::take(&mut sums[b as usize]);
                        let milli = (cos * 1000.0).round().min(1000.0) as u16;
                        if b as usize != a && milli > 0 {
                            alike.push((milli, starts[b as usize]));
                        }
                    }
                    // The most alike first (ties by document): the first NEIGHBOURS chosen
                    // before they are sorted, as a section may touch thousands.
                    let key = |&(m, start): &(u16, u32)| (Reverse(m), start);
                    if alike.len() > NEIGHBOURS {
                        alike.select_nth_unstable_by_key(NEIGHBOURS, key);
                        alike.truncate(NEIGHBOURS);
                    }
                    alike.sort_unstable_by_key(key);
                    alike.into_iter().map(|(m, start)| (start, m)).collect()
                },
            )
            .collect();
        Related { starts: self.starts, near }
    }
}

/// Per section (by its first document, in document order), its related sections: their
/// first documents, each with its cosine in thousandths, the most alike first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Related {
    starts: Vec<u32>,
    near: Vec<Vec<(u32, u16)>>,
}

const MAGIC: &[u8; 8] = b"tbkrel1\n";

impl Related {
    /// The related sections of the section that holds document `doc`.
    pub fn of(&self, doc: u32) -> &[(u32, u16)] {
        self.section(doc).map_or(&[], |i| &self.near[i])
    }

    /// The first document of the section that holds `doc`.
    pub fn start(&self, doc: u32) -> u32 {
        self.section(doc).map_or(doc, |i| self.starts[i])
    }

    /// The number of the section that holds `doc`.
    fn section(&self, doc: u32) -> Option<usize> {
        self.starts.partition_point(|&s| s <= doc).checked_sub(1)
    }

    /// The sections with their related ones, by first document.
    pub fn sections(&self) -> impl Iterator<Item = (u32, &[(u32, u16)])> {
        self.starts.iter().copied().zip(self.near.iter().map(Vec::as_slice))
    }

    /// As the cache keeps it, for the index whose fingerprint is `print`: the fingerprint
    /// (its length, its bytes), then per section its first document, how many related,
    /// then each one's first document and cosine; numbers little-endian.
    pub fn encode(&self, print: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(print.len() as u32).to_le_bytes());
        out.extend_from_slice(print.as_bytes());
        out.extend_from_slice(&(self.starts.len() as u32).to_le_bytes());
        for (start, near) in self.sections() {
            out.extend_from_slice(&start.to_le_bytes());
            out.push(near.len() as u8);
            for &(doc, milli) in near {
                out.extend_from_slice(&doc.to_le_bytes());
                out.extend_from_slice(&milli.to_le_bytes());
            }
        }
        out
    }

    /// Reads [`encode`](Self::encode)'s bytes; `None` when they are not that, or were made
    /// for another index than the one of fingerprint `print`.
    pub fn decode(bytes: &[u8], print: &str) -> Option<Related> {
        let mut at = bytes.strip_prefix(MAGIC.as_slice())?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, rest) = at.split_at_checked(n)?;
            at = rest;
            Some(head)
        };
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        if take(len)? != print.as_bytes() {
            return None;
        }
        let count = u32::from_le_bytes(take(4)?.try_into().ok()?);
        let mut related = Related::default();
        for _ in 0..count {
            related.starts.push(u32::from_le_bytes(take(4)?.try_into().ok()?));
            let n = take(1)?[0];
            let mut near = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                let doc = u32::from_le_bytes(take(4)?.try_into().ok()?);
                near.push((doc, u16::from_le_bytes(take(2)?.try_into().ok()?)));
            }
            related.near.push(near);
        }
        take(1).is_none().then_some(related)
    }

    /// The related sections kept at `path` for the index of fingerprint `print`; `None`
    /// when there is no such file, it does not read as one, or it was made for another
    /// index (they are then found again: [`of_index`]).
    pub fn load(path: &Path, print: &str) -> Option<Related> {
        std::fs::read(path).ok().and_then(|b| Related::decode(&b, print))
    }

    /// Keeps them at `path` for the index of fingerprint `print` (written beside it, then
    /// put in place).
    pub fn save(&self, path: &Path, print: &str) -> Result<(), crate::fsx::FsError> {
        let draft = path.with_extension("related-new");
        crate::fsx::write(&draft, &self.encode(print))?;
        crate::fsx::rename(&draft, path)
    }

    /// The related packs' JSON: sections by first document, [`per`](Self::per_pack)
    /// documents a pack, each pack an object from a section's first document to its
    /// related ones as `[doc, milli, doc, milli, …]`.
    pub fn packs(&self, num_docs: u32) -> (u32, Vec<String>) {
        let per = self.per_pack(num_docs);
        let mut packs = vec![Vec::new(); num_docs.div_ceil(per).max(1) as usize];
        for (start, near) in self.sections() {
            if near.is_empty() {
                continue;
            }
            let flat: Vec<String> = near.iter().flat_map(|(d, m)| [d.to_string(), m.to_string()]).collect();
            packs[(start / per) as usize].push(format!("\"{start}\":[{}]", flat.join(",")));
        }
        (per, packs.into_iter().map(|members| format!("{{{}}}", members.join(","))).collect())
    }

    /// Documents per related pack: about [`RELATED_PACK_BYTES`](super::packs::RELATED_PACK_BYTES)
    /// of JSON a pack, at least 64 documents.
    fn per_pack(&self, num_docs: u32) -> u32 {
        let bytes: usize = self.near.iter().map(|n| 12 + n.len() * 10).sum();
        let packs = bytes.div_ceil(super::packs::RELATED_PACK_BYTES).max(1) as u32;
        num_docs.div_ceil(packs).max(64)
    }
}

/// The related sections kept in the index folder `dir` for the index as it is (by the
/// fingerprint the folder records); `None` when none are.
pub fn kept(dir: &Path) -> Option<Related> {
    let print = std::fs::read_to_string(dir.join(FINGERPRINT_FILE)).ok()?;
    Related::load(&dir.join(FILE), &print)
}

/// `index` with its related sections: those kept for it, else found from its postings
/// and kept (an index made for `tebiki search`, which no export followed).
pub fn with_related(mut index: LangIndex, cache_dir: &Path) -> Result<LangIndex, SearchError> {
    if index.related.is_none() {
        let dir = index_dir(cache_dir, &index.lang);
        index.related = kept(&dir);
        if index.related.is_none() {
            let related = of_index(&index)?;
            if let Ok(print) = std::fs::read_to_string(dir.join(FINGERPRINT_FILE)) {
                related.save(&dir.join(FILE), &print)?;
            }
            index.related = Some(related);
        }
    }
    Ok(index)
}

/// The related sections of an index, found from its postings as the export finds them
/// (the same terms in the same order): for a query on an index no export has followed.
pub fn of_index(index: &LangIndex) -> Result<Related, SearchError> {
    let x = super::export::read_docs(index)?;
    let mut builder = Builder::new(&x.offsets);
    super::segments::for_each_batch(index, 1024, |batch| {
        batch.iter().for_each(|(_, lists)| builder.term(lists));
        Ok(())
    })?;
    Ok(builder.finish())
}

/// The last step of the ranking: `hits`, ranked by how well they answer the query (with
/// each one's first document of its section, `starts`), each gain a share of the first
/// results' scores by how alike their sections are, and sections related to those first
/// results that the query did not find join the list.
///
/// The first `relatedSeeds` results are the seeds. A section's gain is, over the seeds,
/// the sum of `cosine × seed's score / first score` where the section is among the seed's
/// related ones; its rank score `score / first score + relatedWeight × gain / seeds`.
/// The hits that answer stay first, in order of rank score, then the others (partial
/// hits, and the related sections, which score 0) in the same order; ties keep the search's
/// order, related sections last by first document. Cut to `limit`. Returns, per result,
/// its index in `hits` or, for a related section, its first document.
pub fn rerank(hits: &[(f32, bool)], starts: &[u32], related: &Related, limit: usize) -> Vec<Result<usize, u32>> {
    let s = shared();
    let Some(&(best, _)) = hits.first() else {
        return Vec::new();
    };
    let best = f64::from(best);
    let seeds = hits.len().min(s.related_seeds);
    let mut gain: Vec<(u32, f64)> = Vec::new();
    for (i, &(score, _)) in hits.iter().enumerate().take(seeds) {
        let share = f64::from(score) / best;
        for &(doc, milli) in related.of(starts[i]) {
            let cos = f64::from(milli) / 1000.0;
            match gain.iter_mut().find(|(d, _)| *d == doc) {
                Some((_, g)) => *g += cos * share,
                None => gain.push((doc, cos * share)),
            }
        }
    }
    let gain_of = |doc: u32| gain.iter().find(|(d, _)| *d == doc).map_or(0.0, |(_, g)| *g);
    let rank_score = |score: f64, doc: u32| score / best + s.related_weight * gain_of(doc) / seeds as f64;
    // (answers, rank score, order): hits in their order, then related sections by document.
    let mut all: Vec<(bool, f64, usize, Result<usize, u32>)> = (hits.iter().enumerate())
        .map(|(i, &(score, answers))| (answers, rank_score(f64::from(score), starts[i]), i, Ok(i)))
        .collect();
    let mut new: Vec<u32> = gain.iter().map(|(d, _)| *d).filter(|d| !starts.contains(d)).collect();
    new.sort_unstable();
    all.extend(new.into_iter().map(|d| (false, rank_score(0.0, d), usize::MAX, Err(d))));
    all.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    all.into_iter().take(limit).map(|(.., r)| r).collect()
}

/// The hits a query's [`rerank`] keeps, as results: the related sections' from their
/// first documents (`hit_of`), marked related and partial.
pub fn apply(
    hits: Vec<Hit>,
    related: &Related,
    limit: usize,
    mut hit_of: impl FnMut(u32) -> Result<Hit, SearchError>,
) -> Result<Vec<Hit>, SearchError> {
    let keys: Vec<(f32, bool)> = hits.iter().map(|h| (h.score, !h.partial)).collect();
    let starts: Vec<u32> = hits.iter().map(|h| related.start(h.doc)).collect();
    let order = rerank(&keys, &starts, related, limit);
    let mut hits: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|r| match r {
            Ok(i) => Ok(hits[i].take().expect("each hit once")),
            Err(doc) => hit_of(doc).map(|h| Hit { score: 0.0, partial: true, via: None, related: true, ..h }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Postings of one term in the heading and body fields: (document, tf) each.
    fn term(b: &mut Builder, body: &[(u32, u32)]) {
        b.term(&[Vec::new(), Vec::new(), body.iter().map(|&(d, tf)| (d, tf, 10)).collect()]);
    }

    #[test]
    fn sections_sharing_rare_terms_are_related_and_terms_of_every_section_relate_none() {
        // Four sections of one document each.
        let mut b = Builder::new(&[0, 0, 0, 0]);
        term(&mut b, &[(0, 3), (1, 3)]); // a: sections 0 and 1
        term(&mut b, &[(0, 1), (1, 1), (2, 1), (3, 1)]); // b: every section
        term(&mut b, &[(2, 2), (3, 2)]); // c: sections 2 and 3
        term(&mut b, &[(1, 1), (2, 1)]); // d: sections 1 and 2
        term(&mut b, &[(3, 5)]); // e: one section only
        let r = b.finish();
        // Weights (1 + ln tf) × ln(4 / df): section 0 is (a) alone; section 1 is
        // (a: (1 + ln 3) ln 2, d: ln 2); both unit vectors, so their cosine is
        // (1 + ln 3) / √((1 + ln 3)² + 1).
        let a = 1.0 + 3f32.ln();
        let cos01 = a / (a * a + 1.0).sqrt();
        let milli = |c: f32| (c * 1000.0).round() as u16;
        assert_eq!(r.of(0), [(1, milli(cos01))], "0 shares only `a` with 1, and `b` with every section");
        // Section 2 is (c: (1 + ln 2) ln 2, d: ln 2): with 1 it shares d.
        let c = 1.0 + 2f32.ln();
        let cos12 = 1.0 / ((a * a + 1.0).sqrt() * (c * c + 1.0).sqrt());
        assert_eq!(r.of(1), [(0, milli(cos01)), (2, milli(cos12))], "the most alike first");
        assert_eq!(r.of(3), [(2, milli(c / (c * c + 1.0).sqrt()))], "`e` is in one section: it links none");
        assert!(r.sections().all(|(s, near)| near.iter().all(|(d, _)| *d != s)), "no section is its own");
    }

    #[test]
    fn a_term_of_more_sections_than_the_limit_relates_none() {
        let mut b = Builder::new(&[0; LIST_MAX + 6]);
        let common: Vec<(u32, u32)> = (0..=LIST_MAX as u32).map(|d| (d, 1)).collect();
        term(&mut b, &common); // in LIST_MAX + 1 of LIST_MAX + 6 sections
        term(&mut b, &[(0, 1), (1, 1)]);
        let r = b.finish();
        assert_eq!(r.of(0).iter().map(|(d, _)| *d).collect::<Vec<_>>(), [1]);
        assert_eq!(r.of(1)[0].1, 1000, "the common term is no part of either vector");
        assert!(r.of(2).is_empty(), "2 has only the common term");
    }

    #[test]
    fn a_section_is_known_by_its_first_document_from_any_of_its_documents() {
        // Sections start at documents 0, 2 and 4 (offsets count from a section's start).
        let mut b = Builder::new(&[0, 1, 0, 1, 0]);
        term(&mut b, &[(1, 1), (3, 1)]);
        term(&mut b, &[(0, 1), (1, 1)]);
        let r = b.finish();
        assert_eq!((r.start(0), r.start(1), r.start(2), r.start(3), r.start(4)), (0, 0, 2, 2, 4));
        assert_eq!(r.of(1), r.of(0));
        assert_eq!(r.of(0).iter().map(|(d, _)| *d).collect::<Vec<_>>(), [2], "by its second document");
        assert_eq!(r.of(3).iter().map(|(d, _)| *d).collect::<Vec<_>>(), [0], "document 3's section is related to 0's");
        assert!(r.of(4).is_empty());
    }

    #[test]
    fn the_cache_reads_back_what_it_was_given_and_nothing_else() {
        let r = Related { starts: vec![0, 4, 9], near: vec![vec![(4, 812), (9, 3)], vec![], vec![(0, 1000)]] };
        let bytes = r.encode("print");
        assert_eq!(Related::decode(&bytes, "print"), Some(r.clone()));
        assert_eq!(Related::decode(&bytes, "other print"), None, "made for another index");
        assert_eq!(Related::decode(&bytes[..bytes.len() - 1], "print"), None, "cut short");
        assert_eq!(Related::decode(&[bytes.as_slice(), &[0]].concat(), "print"), None, "a byte too many");
        assert_eq!(Related::decode(b"not related", "print"), None);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("related.bin");
        assert_eq!(Related::load(&path, "print"), None, "no file");
        r.save(&path, "print").unwrap();
        assert_eq!(Related::load(&path, "print"), Some(r));
    }

    #[test]
    fn packs_hold_each_sections_related_ones_by_its_first_document() {
        let r = Related { starts: vec![0, 4, 100], near: vec![vec![(4, 812), (100, 3)], vec![], vec![(0, 7)]] };
        let (per, packs) = r.packs(130);
        assert_eq!(per, 130, "little JSON: one pack of every document");
        assert_eq!(packs.len(), 1);
        let pack: serde_json::Value = serde_json::from_str(&packs[0]).unwrap();
        assert_eq!(pack, serde_json::json!({"0": [4, 812, 100, 3], "100": [0, 7]}), "a section with none is left out");
    }

    fn related(lists: &[(u32, &[(u32, u16)])]) -> Related {
        Related { starts: lists.iter().map(|l| l.0).collect(), near: lists.iter().map(|l| l.1.to_vec()).collect() }
    }

    #[test]
    fn the_first_results_lend_their_score_to_related_sections_and_answers_stay_first() {
        // Hits (score, answers) in sections 0, 10, 20, 30; section 40 the query did not find.
        let hits = [(10.0, true), (8.0, true), (6.0, false), (5.0, false)];
        let starts = [0, 10, 20, 30];
        let r = related(&[(0, &[(30, 900), (40, 800), (10, 100)]), (10, &[]), (20, &[]), (30, &[(0, 900)]), (40, &[])]);
        let order = rerank(&hits, &starts, &r, 10);
        // Seeds: the first three (0, 10, 20). Rank scores: 10 → 0.8 + 0.5 × 0.1 / 3;
        // 20 → 0.6; 30 → 0.5 + 0.5 × 0.9 / 3 = 0.65; 40 → 0.5 × 0.8 / 3 ≈ 0.133.
        assert_eq!(order, [Ok(0), Ok(1), Ok(3), Ok(2), Err(40)], "30 passes 20; the answers stay first");
        assert_eq!(rerank(&hits, &starts, &r, 3), [Ok(0), Ok(1), Ok(3)], "cut to the limit");
        // A strong likeness does not lift a partial hit above one that answers.
        let r = related(&[(0, &[(20, 1000)]), (10, &[]), (20, &[]), (30, &[])]);
        assert_eq!(rerank(&[(10.0, true), (1.0, true), (9.0, false)], &[0, 10, 20], &r, 10), [Ok(0), Ok(1), Ok(2)]);
    }

    #[test]
    fn a_section_related_to_two_seeds_gains_from_both() {
        // 50 is related to seeds 0 (share 1) and 10 (share 0.5): gain 0.4 + 0.2 × 0.5 = 0.5;
        // 60 to seed 0 only: 0.45. Both new: 50 first.
        let r = related(&[(0, &[(60, 450), (50, 400)]), (10, &[(50, 200)])]);
        assert_eq!(rerank(&[(10.0, true), (5.0, true)], &[0, 10], &r, 10), [Ok(0), Ok(1), Err(50), Err(60)]);
    }

    #[test]
    fn without_related_sections_the_order_is_the_searchs() {
        let hits = [(10.0, true), (10.0, true), (3.0, false), (3.0, false)];
        let order = rerank(&hits, &[0, 5, 9, 12], &Related::default(), 10);
        assert_eq!(order, [Ok(0), Ok(1), Ok(2), Ok(3)], "ties keep the search's order");
        assert!(rerank(&[], &[], &Related::default(), 10).is_empty(), "no hits, no related sections");
    }
}
