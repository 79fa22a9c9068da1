//! Ranking by how well a document answers the query: the score the browser engine
//! (`js/searcher.mjs` `rank`, with `js/score.mjs`) computes too, in the same 32-bit float steps, from the
//! tantivy index's postings and tantivy's BM25 ([`super::bm25`]).
//!
//! For a variant (a way of reading the query, [`super::expand`]) of weight `w` whose
//! words have clauses, and a document:
//!
//! 1. a clause's score is the BM25 of its terms, summed over terms (clause order) and
//!    fields (title, heading, body; boosted); it is *matched* when one of its terms is in
//!    the document;
//! 2. a word's score is the sum of its clauses' scores divided by its number of clauses,
//!    and its coverage the share of its clauses matched — so a compound found with its
//!    words side by side (every bigram, the one spanning them included) covers more than
//!    one found with its words apart;
//! 3. a word is *absent* when at least one in `absentPart` (3) of its clauses have no
//!    term in the index — a word the site does not contain (`テレワーク`, `earthquake`),
//!    whose bigrams found here and there (`ワー`, `ーク`) say nothing; but a *joint* is not
//!    counted: a clause with no term in the index that is neither the word's first nor
//!    its last, between two clauses that have terms — the bigram where two words the site
//!    writes apart meet in a compound typed unspaced (`客離` of `顧客離れ`, `ト報` of
//!    `インシデント報告書`); a joint is left out of the word's coverage too, so the compound
//!    is covered by its parts. An absent word is never covered and weighs, in the
//!    coverage, `absentWeightCjk` (3) when it is kana/kanji — a Japanese query is its
//!    subject words (particles, inflection tails and question words are already gone),
//!    so a missing one is what the query is about — and `absentWeight` (2) when it is a
//!    Latin word — an English question keeps words that only put it (`describe`,
//!    `unknown`); a present word weighs 1 and is covered by its coverage; an absent
//!    *inflected* word (a kanji or katakana word ending in one hiragana, the okurigana of
//!    a verb: `消え`, `届け`) weighs 1 — it is how the question is put, not what it is
//!    about; so a query whose subject the site lacks finds nothing (`パスワード 変更 手順`),
//!    while a question that only some of its (present) words answer still does;
//! 4. the variant's coverage is the weighted mean of its words' coverages, and its score
//!    `w × Σ word scores × coverage³` (`coveragePower`); a document covering less than
//!    `minCoverage` of the variant does not answer it, and one covering less but not
//!    nothing only *fills* the list ([`answers`]). An *optional* word (`optionalWords`:
//!    a question word or a verb that only puts the question, `when`, `tell`, and in
//!    Japanese its stem as a query keeps it, `聞か` of `聞かれた`; a Japanese question word
//!    of `questionIntents`, `いつ`, `誰`) adds
//!    `optionalWeight` of its score and is left out of the coverage: it ranks the sections
//!    that have it higher but never makes one partial, and a variant of optional words
//!    only answers nothing.
//!
//! A document's score is its best variant's (the first of equal ones, a variant it
//! answers before one it only fills); it is *partial* when that variant's coverage is
//! below 1. Results rank by score, then by document number, one per top-level section:
//! first the documents that answer, then — so that a question only a few sections answer
//! still lists ten — those that only fill; when no document answers, there are none.
//! Last, the first results lend their score to the sections most like them
//! ([`super::related`]), which may reorder the list and add related sections to it.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

use rayon::prelude::*;
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::SearchError;
use super::expand::Variant;
use super::index::LangIndex;
use super::query::{Hit, Outcome, Word, clauses, index_err, resolve, top_section};
use super::shared::shared;
use super::tokenizer::is_hiragana;

mod found;

use found::postings;

/// The clauses of all variants, each once, and each variant as its words' clause indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Per clause, the terms it stands for (prefixes expanded).
    pub clauses: Vec<Vec<String>>,
    /// Per variant, per word, its clauses.
    pub variants: Vec<Vec<Vec<usize>>>,
    pub weights: Vec<f32>,
    /// Per variant, per word, its weight in the coverage when absent ([`absent_weight`]).
    pub absent_weights: Vec<Vec<f32>>,
    /// Per clause, whether the index has one of its terms (set by [`run`]).
    pub present: Vec<bool>,
}

impl Plan {
    pub fn new(index: &LangIndex, variants: &[Variant]) -> Result<Plan, SearchError> {
        let mut plan = Plan {
            clauses: Vec::new(),
            variants: Vec::new(),
            weights: Vec::new(),
            absent_weights: Vec::new(),
            present: Vec::new(),
        };
        for v in variants {
            let mut vw = Vec::new();
            for w in &v.words {
                let mut ids = Vec::new();
                for c in clauses(w) {
                    let terms = resolve(index, &c)?;
                    let id = match plan.clauses.iter().position(|x| *x == terms) {
                        Some(id) => id,
                        None => {
                            plan.clauses.push(terms);
                            plan.clauses.len() - 1
                        }
                    };
                    ids.push(id);
                }
                vw.push(ids);
            }
            plan.variants.push(vw);
            plan.weights.push(v.weight);
            plan.absent_weights.push(v.words.iter().map(absent_weight).collect());
        }
        Ok(plan)
    }
}

/// Whether a word is inflected: a kana/kanji word whose last character, and only that, is
/// hiragana — one kana of okurigana after a kanji or katakana (`消え`, `届け`; not
/// `いじょう`, a reading typed in hiragana, nor `肉じゃ`, a noun cut before its particle).
pub fn inflected(w: &Word) -> bool {
    let c: Vec<char> = w.text.chars().collect();
    w.cjk && c.len() >= 2 && is_hiragana(c[c.len() - 1]) && !is_hiragana(c[c.len() - 2])
}

/// Whether a word is *optional*: a word of `optionalWords`, which only puts the question
/// (`when`, `tell`, `聞か` of `聞かれた`), or a kana/kanji question word of
/// `questionIntents` (`いつ`).
pub fn optional(w: &Word) -> bool {
    shared().optional_words.contains(&w.text) || (w.cjk && shared().question_intents.contains_key(&w.text))
}

/// The weight of a word in the coverage when it is absent (see the module doc): 0 for an
/// optional word (it never counts), 1 for an inflected word, `absentWeightCjk` for another
/// kana/kanji word, `absentWeight` for a Latin word.
pub fn absent_weight(w: &Word) -> f32 {
    let s = shared();
    if optional(w) {
        0.0
    } else if inflected(w) {
        1.0
    } else if w.cjk {
        s.absent_weight_cjk
    } else {
        s.absent_weight
    }
}

/// Whether clause `i` of a word is a *joint*: not in the index, but not the word's first
/// or last clause, and the clauses on either side of it are (see the module doc).
pub fn joint(word: &[usize], i: usize, present: &[bool]) -> bool {
    !present[word[i]] && i > 0 && i + 1 < word.len() && present[word[i - 1]] && present[word[i + 1]]
}

/// The score of a variant from its clauses' scores and whether each matched (see the
/// module doc), or `None` when the coverage is below `minCoverage`. `absent_weights`:
/// per word, its weight when absent ([`absent_weight`]); a word weighing 0 is optional:
/// `optionalWeight` of its score counts, its coverage does not (a variant of optional
/// words only answers nothing).
pub fn variant_score(
    words: &[Vec<usize>],
    absent_weights: &[f32],
    weight: f32,
    present: &[bool],
    score: &[f32],
    matched: &[bool],
) -> Option<(f32, f32)> {
    let mut table = Words::new(std::slice::from_ref(&words.to_vec()), &[weight], &[absent_weights.to_vec()], present);
    table.sum(score, matched);
    table.score(0).filter(|&(_, cover)| answers(cover))
}

/// Whether a document of coverage `cover` answers the variant (at least `minCoverage`);
/// one that covers less, but not nothing, only *fills* the list: it ranks after every
/// document that answers, and only when one does (see [`run`]).
pub fn answers(cover: f32) -> bool {
    cover >= shared().min_coverage
}

/// The distinct words of a query's variants (variants share words: `経営層 説明` and
/// `経営陣 説明` both have `説明`), so that a document sums each word's clauses once —
/// the same f32 steps, in the same order, as summing them per variant. Made once per
/// query ([`Words::of`]); [`Words::sum`] then [`Words::best`] per document.
#[derive(Clone)]
pub struct Words {
    /// Per distinct word, its clauses, how many are not joints, and whether it is absent.
    words: Vec<(Vec<usize>, u32, bool)>,
    /// Per variant: its weight, and per word its number in `words` and its weight when
    /// absent (0: optional).
    variants: Vec<(f32, Vec<(usize, f32)>)>,
    /// Per distinct word, for the document summed last: the mean of its clauses' scores,
    /// and the share of its clauses other than joints that matched.
    avg: Vec<f32>,
    frac: Vec<f32>,
}

impl Words {
    pub fn of(plan: &Plan) -> Words {
        Words::new(&plan.variants, &plan.weights, &plan.absent_weights, &plan.present)
    }

    fn new(variants: &[Vec<Vec<usize>>], weights: &[f32], absent_weights: &[Vec<f32>], present: &[bool]) -> Words {
        let s = shared();
        let mut words: Vec<(Vec<usize>, u32, bool)> = Vec::new();
        let variants = variants
            .iter()
            .zip(weights)
            .zip(absent_weights)
            .map(|((ws, &weight), absent)| {
                let of = ws
                    .iter()
                    .zip(absent)
                    .map(|(w, &absent_weight)| {
                        let u = words.iter().position(|x| x.0 == *w).unwrap_or_else(|| {
                            let joints = (0..w.len()).filter(|&i| joint(w, i, present)).count() as u32;
                            let missing =
                                (0..w.len()).filter(|&i| !joint(w, i, present) && !present[w[i]]).count() as u32;
                            let counted = w.len() as u32 - joints;
                            words.push((w.clone(), counted, missing * s.absent_part >= counted));
                            words.len() - 1
                        });
                        (u, absent_weight)
                    })
                    .collect();
                (weight, of)
            })
            .collect();
        let n = words.len();
        Words { words, variants, avg: vec![0.0; n], frac: vec![0.0; n] }
    }

    /// Sums each distinct word for one document.
    pub fn sum(&mut self, score: &[f32], matched: &[bool]) {
        for (u, (w, counted, _)) in self.words.iter().enumerate() {
            let (mut sum, mut m) = (0.0f32, 0u32);
            for &c in w {
                sum += score[c];
                m += u32::from(matched[c]);
            }
            self.avg[u] = sum / w.len() as f32;
            self.frac[u] = m as f32 / *counted as f32;
        }
    }

    /// Variant `v`'s (score, coverage) for the document summed last, or `None` when it
    /// covers nothing of it (a document that covers less than `minCoverage` only fills
    /// the list: [`answers`]).
    fn score(&self, v: usize) -> Option<(f32, f32)> {
        let s = shared();
        let (weight, of) = &self.variants[v];
        let (mut total, mut covered, mut all) = (0.0f32, 0.0f32, 0.0f32);
        for &(u, absent_weight) in of {
            if absent_weight == 0.0 {
                total += self.avg[u] * s.optional_weight;
                continue;
            }
            total += self.avg[u];
            if self.words[u].2 {
                all += absent_weight;
            } else {
                covered += self.frac[u];
                all += 1.0;
            }
        }
        if all == 0.0 {
            return None;
        }
        let cover = covered / all;
        if cover <= 0.0 {
            return None;
        }
        let mut factor = 1.0f32;
        for _ in 0..s.coverage_power {
            factor *= cover;
        }
        Some(((weight * total) * factor, cover))
    }

    /// The best variant for the document summed last: (score, coverage, variant), the
    /// first of equal scores among the variants the document [`answers`] (among those it
    /// only fills, when it answers none), and the variant the document answers: the best,
    /// unless the query as typed (variant 0) covers the document as fully, when it answers
    /// what was typed (a rewriting that only scores higher is no "showing results for").
    pub fn best(&self) -> Option<(f32, f32, usize)> {
        let mut best: Option<(f32, f32, usize)> = None;
        let mut typed = None;
        for v in 0..self.variants.len() {
            let scored = self.score(v);
            if v == 0 {
                typed = scored.map(|t| t.1);
            }
            if let Some((s, c)) = scored
                && best.is_none_or(|b| (answers(c), s) > (answers(b.1), b.0))
            {
                best = Some((s, c, v));
            }
        }
        best.map(|(s, c, v)| (s, c, if typed.is_some_and(|t| t >= c) { 0 } else { v }))
    }
}

/// A document in the ranking: its best variant's score and coverage. Ordered as results
/// rank, greatest first: a document that [`answers`] before one that only fills, then by
/// score, then by document number (smaller first); no two documents share a number.
struct Ranked {
    score: f32,
    doc: u32,
    cover: f32,
    variant: usize,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        answers(self.cover)
            .cmp(&answers(other.cover))
            .then(self.score.total_cmp(&other.score))
            .then(other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// How many documents of a segment are ranked at a time on one core (their clause scores
/// held side by side: 650 KiB for 16 clauses).
const RANK_STRETCH: usize = 8192;

/// The variants whose homophones join the words they were put in (see
/// [`Variant::joins`]): of each one's joins, the index has a bigram with a live document.
fn joined(index: &LangIndex, searcher: &tantivy::Searcher, variants: &[Variant]) -> Result<Vec<Variant>, SearchError> {
    let bigrams: Vec<String> =
        variants.iter().flat_map(|v| v.joins.iter().flatten().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    let has = if bigrams.is_empty() { Vec::new() } else { postings(index, searcher, &bigrams)?.max_df };
    let present = |b: &String| bigrams.binary_search(b).is_ok_and(|i| has[i] > 0);
    Ok(variants.iter().filter(|v| v.joins.iter().all(|sides| sides.iter().any(present))).cloned().collect())
}

/// Ranks the documents of the index for the variants; the top `limit`, one per section.
pub fn run(index: &LangIndex, variants: &[Variant], limit: usize) -> Result<Outcome, SearchError> {
    let searcher = index.reader.searcher();
    let variants = &joined(index, &searcher, variants)?;
    let mut plan = Plan::new(index, variants)?;
    let terms: Vec<String> = plan.clauses.iter().flatten().cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let found = postings(index, &searcher, &terms)?;
    let term_id = |t: &String| terms.binary_search(t).unwrap_or(0);
    let clause_terms: Vec<Vec<usize>> = plan.clauses.iter().map(|c| c.iter().map(term_id).collect()).collect();
    plan.present = clause_terms.iter().map(|ts| ts.iter().any(|t| found.max_df[*t] > 0)).collect();
    let mut ranked: Vec<Ranked> = Vec::new();
    let words = Words::of(&plan);
    // Each segment a stretch of documents at a time, on every core: per document, each
    // clause's score and whether it matched, summed term by term in clause order (the same
    // f32 steps as summing them document by document); then each document that has a
    // term is ranked.
    let n = clause_terms.len();
    for (seg, lists) in found.segments.iter().enumerate() {
        let max_doc = searcher.segment_reader(seg as u32).max_doc() as usize;
        let stretches = (0..max_doc.div_ceil(RANK_STRETCH)).into_par_iter().map_init(
            || (words.clone(), Vec::new(), Vec::new()),
            |(words, sums, hit), k| {
                let docs = k * RANK_STRETCH..((k + 1) * RANK_STRETCH).min(max_doc);
                sums.clear();
                sums.resize(docs.len() * n, 0.0f32);
                hit.clear();
                hit.resize(docs.len() * n, false);
                for (c, ts) in clause_terms.iter().enumerate() {
                    for &t in ts {
                        let from = lists[t].partition_point(|p| (p.0 as usize) < docs.start);
                        for &(doc, v) in lists[t][from..].iter().take_while(|p| (p.0 as usize) < docs.end) {
                            let at = (doc as usize - docs.start) * n + c;
                            sums[at] = ((sums[at] + v[0]) + v[1]) + v[2];
                            hit[at] = true;
                        }
                    }
                }
                let mut out = Vec::new();
                for doc in docs.clone() {
                    let at = (doc - docs.start) * n..(doc - docs.start + 1) * n;
                    if !hit[at.clone()].contains(&true) {
                        continue;
                    }
                    words.sum(&sums[at.clone()], &hit[at]);
                    if let Some((s, cover, v)) = words.best()
                        && let Some(n) = index.canonical(seg, doc as u32)
                    {
                        out.push(Ranked { score: s, doc: n, cover, variant: v });
                    }
                }
                out
            },
        );
        ranked.par_extend(stretches.flatten_iter());
    }
    // The documents that answer first, by score; then those that only fill the list —
    // unless none answers: then the query finds nothing. Taken from a heap, best first: a
    // query stops after a few of the tens of thousands of documents a common word has.
    let mut ranked = BinaryHeap::from(ranked);
    if !ranked.peek().is_some_and(|r| answers(r.cover)) {
        ranked.clear();
    }
    let mut hits = Vec::new();
    let mut sections = BTreeSet::new();
    while let Some(Ranked { score: s, doc, cover, variant: v }) = ranked.pop() {
        if hits.len() >= limit {
            break;
        }
        let hit = hit(index, &searcher, doc)?;
        if !sections.insert((hit.guide.clone(), top_section(&hit.section).to_owned())) {
            continue;
        }
        hits.push(Hit { score: s, partial: cover < 1.0, via: (v > 0).then(|| variants[v].text.clone()), ..hit });
    }
    let none = super::related::Related::default();
    let related = index.related.as_ref().unwrap_or(&none);
    let hits = super::related::apply(hits, related, limit, |doc| hit(index, &searcher, doc))?;
    let partial = hits.iter().any(|h| h.partial);
    Ok(Outcome { hits, partial })
}

/// Document `doc` as a result, before it is scored.
fn hit(index: &LangIndex, searcher: &tantivy::Searcher, doc: u32) -> Result<Hit, SearchError> {
    let stored: TantivyDocument = searcher.doc(index.address(doc)).map_err(|x| index_err(index, x))?;
    let text = |f| stored.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    Ok(Hit {
        lang: index.lang.clone(),
        url: text(index.fields.url),
        guide: text(index.fields.guide),
        section: text(index.fields.section),
        heading: text(index.fields.text[1]),
        score: 0.0,
        partial: false,
        via: None,
        related: false,
        doc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Word {
        Word { text: text.to_owned(), cjk: !text.is_ascii(), prefix: false }
    }

    #[test]
    fn a_kanji_or_katakana_word_ending_in_okurigana_is_inflected() {
        assert!(inflected(&word("消え")) && inflected(&word("届け")));
        assert!(!inflected(&word("データ")) && !inflected(&word("いじょう")) && !inflected(&word("call")));
        assert!(!inflected(&word("肉じゃ")), "two kana: a noun cut before its particle (肉じゃが)");
    }

    #[test]
    fn an_absent_word_weighs_one_inflected_two_latin_three_kana_kanji() {
        assert_eq!([absent_weight(&word("消え")), absent_weight(&word("call"))], [1.0, 2.0]);
        assert_eq!(absent_weight(&word("パスワード")), 3.0);
        // `データ 消え`: データ present and matched, 消え not in the index
        let (present, score, matched) = ([true, false], [2.0, 0.0], [true, false]);
        let words = [vec![0], vec![1]];
        let weights = |w: &str| [absent_weight(&word("データ")), absent_weight(&word(w))];
        assert_eq!(variant_score(&words, &weights("unknown"), 1.0, &present, &score, &matched), None, "a third");
        assert_eq!(variant_score(&words, &weights("警察"), 1.0, &present, &score, &matched), None, "a quarter");
        let (s, cover) = variant_score(&words, &weights("消え"), 1.0, &present, &score, &matched).unwrap();
        assert_eq!((s, cover), (2.0 * 0.5 * 0.5 * 0.5, 0.5), "half covered, cubed");
    }

    #[test]
    fn a_query_whose_kana_kanji_subject_is_absent_finds_nothing() {
        // `パスワード 変更 手順`: the first word's clauses パス スワ not in the index, ワー ード
        // found elsewhere (ネットワーク, コード); 変更 and 手順 present and matched.
        let present = [false, false, true, true, true, true];
        let (score, matched) = ([0.0, 0.0, 1.0, 1.0, 3.0, 2.0], [false, false, true, true, true, true]);
        let words = [vec![0, 1, 2, 3], vec![4], vec![5]];
        let cjk = [3.0, 1.0, 1.0].map(|_| absent_weight(&word("パスワード")));
        assert_eq!(variant_score(&words, &cjk, 1.0, &present, &score, &matched), None, "two fifths covered");
        // the same shape in English (`describe cause unknown`) is half covered: an answer
        let latin = [absent_weight(&word("unknown")), 1.0, 1.0];
        assert_eq!(variant_score(&words, &latin, 1.0, &present, &score, &matched).map(|x| x.1), Some(0.5));
    }

    #[test]
    fn a_joint_of_a_compound_is_neither_absent_nor_left_uncovered() {
        // `顧客離れ`: 顧客 and 離れ in the index, the joint 客離 not
        let present = [true, false, true];
        let w = [vec![0, 1, 2]];
        assert!(joint(&w[0], 1, &present) && !joint(&w[0], 0, &present) && !joint(&w[0], 2, &present));
        let weights = [absent_weight(&word("顧客離れ"))];
        let (s, cover) = variant_score(&w, &weights, 1.0, &present, &[2.0, 0.0, 1.0], &[true, false, true]).unwrap();
        assert_eq!((s, cover), (1.0, 1.0), "covered by its parts; the score still divides by three clauses");
        // a missing first or last clause is no joint: it counts as absent (one in three)
        assert_eq!(
            variant_score(&w, &weights, 1.0, &[false, true, true], &[0.0, 2.0, 1.0], &[false, true, true]),
            None
        );
        // two missing clauses side by side are no joints (`トレ` `レポ` of `インシデントレポート`)
        let w7 = [vec![0, 1, 2, 3, 4, 5, 6]];
        let present7 = [true, true, false, false, true, true, true];
        assert!(!joint(&w7[0], 2, &present7) && !joint(&w7[0], 3, &present7));
        let (_, cover) = variant_score(&w7, &[3.0], 1.0, &present7, &[1.0; 7], &present7).unwrap();
        assert_eq!(cover, 5.0 / 7.0, "two clauses in seven missing: present, and never fully covered");
    }

    #[test]
    fn a_rewriting_answers_a_document_only_where_the_typed_words_cover_less_of_it() {
        // Typed `jargon` (clause 0) and its synonym `technical jargon` (clauses 1 and 0,
        // weight 0.5): the synonym scores higher on a document with both words.
        let present = [true, true];
        let variants = [vec![vec![0]], vec![vec![1], vec![0]]];
        let absent = [vec![2.0], vec![2.0, 2.0]];
        let mut table = Words::new(&variants, &[1.0, 0.5], &absent, &present);
        table.sum(&[1.0, 4.0], &[true, true]);
        let (s, cover, v) = table.best().unwrap();
        assert_eq!((s, cover), (2.5, 1.0), "ranked by the synonym's score");
        assert_eq!(v, 0, "but the typed word covers the document: it answers what was typed");
        // A document with `technical` only: the typed word is not there, the synonym
        // answers (half covered, which the typed query cannot even reach).
        table.sum(&[0.0, 4.0], &[false, true]);
        assert_eq!(table.best().map(|b| b.2), Some(1), "answered through the synonym");
    }

    #[test]
    fn a_variant_the_document_answers_beats_one_it_only_fills_whatever_their_scores() {
        // Variant 0: three words (clauses 0, 1, 2); variant 1, weight 0.5: clause 3 alone.
        let variants = [vec![vec![0], vec![1], vec![2]], vec![vec![3]]];
        let absent = [vec![2.0; 3], vec![2.0]];
        let mut table = Words::new(&variants, &[1.0, 0.5], &absent, &[true; 4]);
        // Clause 0 only, matched very well: variant 0 covers a third (it only fills).
        table.sum(&[90.0, 0.0, 0.0, 0.0], &[true, false, false, false]);
        let (s, cover, v) = table.best().unwrap();
        assert_eq!((v, cover, answers(cover)), (0, 1.0 / 3.0, false));
        assert!((s - 90.0 / 27.0).abs() < 1e-4, "{s}");
        assert_eq!(
            variant_score(&variants[0], &absent[0], 1.0, &[true; 3], &[90.0, 0.0, 0.0], &[true, false, false]),
            None
        );
        // Clause 3 too, matched weakly: variant 1 answers with a lower score, and is the best.
        table.sum(&[90.0, 0.0, 0.0, 1.0], &[true, false, false, true]);
        assert_eq!(table.best(), Some((0.5, 1.0, 1)));
        // Nothing matched: no variant.
        table.sum(&[0.0; 4], &[false; 4]);
        assert_eq!(table.best(), None);
    }

    #[test]
    fn an_optional_word_adds_score_but_never_counts_in_the_coverage() {
        assert_eq!([absent_weight(&word("when")), absent_weight(&word("tell"))], [0.0, 0.0]);
        assert_eq!(absent_weight(&word("customers")), 2.0);
        let cjk = |t: &str| Word { text: t.to_owned(), cjk: true, prefix: false };
        assert_eq!([absent_weight(&cjk("誰")), absent_weight(&cjk("いつ"))], [0.0, 0.0], "a Japanese question word");
        assert_eq!(absent_weight(&cjk("何")), 3.0, "a kanji word without intents is no question word here");
        assert_eq!(
            [absent_weight(&cjk("聞か")), absent_weight(&cjk("教え"))],
            [0.0, 0.0],
            "a verb that puts a question"
        );
        assert_eq!(absent_weight(&cjk("来")), 0.0, "`来` of `電話 来た`: a verb that only says something came");
        assert_eq!(absent_weight(&cjk("消え")), 1.0, "an inflected verb that says what happened is no such verb");
        // `when disclose`: both in the index; the document has `disclose` only, then both
        let (present, words) = ([true, true], [vec![0], vec![1]]);
        let weights = [absent_weight(&word("when")), absent_weight(&word("disclose"))];
        let only = variant_score(&words, &weights, 1.0, &present, &[0.0, 2.0], &[false, true]);
        assert_eq!(only, Some((2.0, 1.0)), "a document without the optional word covers the query");
        let both = variant_score(&words, &weights, 1.0, &present, &[4.0, 2.0], &[true, true]);
        assert_eq!(both, Some((2.0 + 4.0 * shared().optional_weight, 1.0)), "with it: a part of its score");
        let alone = variant_score(&[vec![0]], &[0.0], 1.0, &[true], &[4.0], &[true]);
        assert_eq!(alone, None, "optional words alone answer nothing");
    }
}
