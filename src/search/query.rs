//! Query semantics, shared with the browser engine (`js/searcher.mjs` ports
//! [`analyze`] and [`expand`]; the fixture `tests/fixtures/search/query-vectors.json`
//! holds cases both must agree on).
//!
//! 1. [`analyze`]: the query is tokenized like the text, with three query-only rules —
//!    particles standing between kanji/katakana (`経営層への報告` → `経営層`, `報告`) are
//!    separators; single hiragana characters and English stop words are dropped; the
//!    last word, when the query does not end in a space, is also a prefix (search as
//!    you type), and so is a lone kanji or katakana character. Each remaining token is
//!    a *clause*: a set of alternative terms (a word and its stem, a prefix's
//!    expansions). A query with no clause returns nothing.
//! 2. [`expand`]: a prefix becomes the [`MAX_EXPANSIONS`] indexed terms that start with
//!    it and occur in most documents (ties by term order).
//! 3. [`search`]: documents matching every clause (AND) come first, ranked by BM25
//!    summed over the clause terms and the fields with their boosts; then, with two
//!    clauses or more, the documents matching at least half of them (rounded up), marked
//!    partial, ranked by the number of clauses they miss, then by the summed scores of
//!    the clauses they match. Ties rank by document number. One result per section: a
//!    section's subsections, consensus and perspective are documents of their own, and
//!    the best-ranked of them stands for the section.
//! 4. [`with_fallback`]: when nothing in the page's language matches every clause, the
//!    site's other languages answer if one of them does.

use std::collections::BTreeMap;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::SearchError;
use super::index::LangIndex;
use super::schema::TEXT_FIELDS;
use super::tokenizer::{CharClass, MAX_WORD_CHARS, bigrams, is_hiragana, normalize, runs, stem};

/// At most this many indexed terms stand for one prefix.
pub const MAX_EXPANSIONS: usize = 16;

/// Particles that separate the words of a query when they stand between kanji or
/// katakana (or at the edge of a run).
pub const PARTICLES: &[&str] = &[
    "の", "に", "を", "は", "が", "で", "と", "へ", "も", "や", "か", "から", "まで", "より", "への", "での", "との",
    "には", "では", "とは", "など", "にも", "でも", "とも",
];

/// English words that never make a clause of a query.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "in", "is", "it",
    "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "which", "who", "why", "with",
];

/// One required part of a query: any of its terms may match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Clause {
    /// Terms taken as they are (a bigram; a word and its stem).
    pub terms: Vec<String>,
    /// A prefix to expand against the index's terms.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefix: Option<String>,
}

/// Splits a kana/kanji run of a query at its particles.
fn split_particles(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        if is_hiragana(chars[i]) {
            let start = i;
            while i < chars.len() && is_hiragana(chars[i]) {
                i += 1;
            }
            let hira: String = chars[start..i].iter().collect();
            if PARTICLES.contains(&hira.as_str()) {
                if !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push_str(&hira);
            }
        } else {
            cur.push(chars[i]);
            i += 1;
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// The clauses of a query (see the module doc).
pub fn analyze(query: &str) -> Vec<Clause> {
    let normalized = normalize(query);
    let all = runs(&normalized);
    let mut clauses: Vec<Clause> = Vec::new();
    let mut push = |c: Clause| {
        if !clauses.contains(&c) {
            clauses.push(c);
        }
    };
    for (i, run) in all.iter().enumerate() {
        let last = i + 1 == all.len() && run.offset + run.text.len() == normalized.len();
        match run.class {
            CharClass::Cjk => {
                for part in split_particles(run.text) {
                    let grams = bigrams(&part);
                    if part.chars().count() == 1 {
                        if !part.chars().all(is_hiragana) {
                            push(Clause { terms: vec![part.clone()], prefix: Some(part) });
                        }
                    } else {
                        for g in grams {
                            push(Clause { terms: vec![g.to_owned()], prefix: None });
                        }
                    }
                }
            }
            CharClass::Word => {
                let w = run.text;
                let n = w.chars().count();
                if n > MAX_WORD_CHARS || STOP_WORDS.contains(&w) {
                    continue;
                }
                let mut terms = vec![w.to_owned()];
                terms.extend(stem(w));
                let prefix = (last && n >= 2).then(|| w.to_owned());
                push(Clause { terms, prefix });
            }
            CharClass::Other => {}
        }
    }
    clauses
}

/// The terms of an index's term dictionary that start with `prefix`, with the number of
/// documents each occurs in (summed over the text fields).
pub fn prefix_candidates(
    searcher: &Searcher,
    index: &LangIndex,
    prefix: &str,
) -> Result<BTreeMap<String, u64>, SearchError> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for seg in searcher.segment_readers() {
        for field in index.fields.text {
            let inv = seg.inverted_index(field).map_err(|e| index_err(index, e))?;
            let mut stream =
                inv.terms().range().ge(prefix.as_bytes()).into_stream().map_err(|e| index_err(index, e.into()))?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                let term = String::from_utf8_lossy(key).into_owned();
                *out.entry(term).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(out)
}

/// The expansions of a prefix: the [`MAX_EXPANSIONS`] candidates in most documents,
/// leaving out terms the clause has already. Returned in term order.
pub fn expand(candidates: &BTreeMap<String, u64>, exclude: &[String]) -> Vec<String> {
    let mut c: Vec<(&String, u64)> =
        candidates.iter().filter(|(t, _)| !exclude.contains(t)).map(|(t, n)| (t, *n)).collect();
    c.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    c.truncate(MAX_EXPANSIONS);
    let mut terms: Vec<String> = c.into_iter().map(|(t, _)| t.clone()).collect();
    terms.sort();
    terms
}

/// One result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The language of the index it comes from.
    pub lang: String,
    pub url: String,
    pub guide: String,
    pub section: String,
    pub heading: String,
    pub score: f32,
    /// True when the document matches some of the clauses but not all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The document's number in the index (and in the browser export).
    #[serde(skip)]
    pub doc: u32,
}

/// The outcome of a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// True when some of the hits are partial matches.
    pub partial: bool,
}

fn index_err(index: &LangIndex, source: tantivy::TantivyError) -> SearchError {
    SearchError::Query { lang: index.lang.clone(), source }
}

/// The clauses with their prefixes expanded: the terms each clause stands for.
pub fn resolve(index: &LangIndex, clauses: &[Clause]) -> Result<Vec<Vec<String>>, SearchError> {
    let searcher = index.reader.searcher();
    let mut out = Vec::with_capacity(clauses.len());
    for c in clauses {
        let mut terms = c.terms.clone();
        if let Some(p) = &c.prefix {
            let cands = prefix_candidates(&searcher, index, p)?;
            terms.extend(expand(&cands, &c.terms));
        }
        out.push(terms);
    }
    Ok(out)
}

fn clause_query(index: &LangIndex, terms: &[String]) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for t in terms {
        for (field, (_, boost)) in index.fields.text.iter().zip(TEXT_FIELDS) {
            let tq = TermQuery::new(Term::from_field_text(*field, t), IndexRecordOption::WithFreqs);
            should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(tq), boost))));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// How many of `n` clauses a partial match must match: at least half (rounded up).
pub fn partial_min(n: usize) -> usize {
    n.div_ceil(2)
}

/// Runs a query: its top `limit` results, one per section (see the module doc).
pub fn search(index: &LangIndex, query: &str, limit: usize) -> Result<Outcome, SearchError> {
    let clauses = resolve(index, &analyze(query))?;
    if clauses.is_empty() || limit == 0 {
        return Ok(Outcome { hits: Vec::new(), partial: false });
    }
    let searcher = index.reader.searcher();
    let e = |x| index_err(index, x);
    let everything = TopDocs::with_limit(searcher.num_docs().max(1) as usize).order_by_score();
    let subs: Vec<Box<dyn Query>> = clauses.iter().map(|t| clause_query(index, t)).collect();
    let all = BooleanQuery::new(subs.iter().map(|q| (Occur::Must, q.box_clone())).collect());
    let mut full = searcher.search(&all, &everything).map_err(e)?;
    full.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut picked = Picked::default();
    picked.take(index, &searcher, full.iter().map(|(s, a)| (*s, *a)), false, limit)?;
    let n = clauses.len();
    let min = partial_min(n);
    if picked.hits.len() < limit && n >= 2 && min < n {
        let ranked = partial_matches(index, &subs, min)?;
        picked.take(index, &searcher, ranked.into_iter(), true, limit)?;
    }
    let partial = picked.hits.iter().any(|h| h.partial);
    Ok(Outcome { hits: picked.hits, partial })
}

/// The outcome a site's pages show (`js/searcher.mjs` `SiteSearch`): `primary`, the
/// outcome in the page's language, when it has a full match; else the first outcome of
/// `others` (the other languages, in order, searched only now) with a full match; else
/// `primary` when it has partial matches, or the first of `others` that has some.
pub fn with_fallback(
    primary: Outcome,
    others: impl IntoIterator<Item = Result<Outcome, SearchError>>,
) -> Result<Outcome, SearchError> {
    let full = |o: &Outcome| o.hits.iter().any(|h| !h.partial);
    if full(&primary) {
        return Ok(primary);
    }
    let mut fallback = (!primary.hits.is_empty()).then_some(primary);
    for other in others {
        let other = other?;
        if full(&other) {
            return Ok(other);
        }
        if fallback.is_none() && !other.hits.is_empty() {
            fallback = Some(other);
        }
    }
    Ok(fallback.unwrap_or(Outcome { hits: Vec::new(), partial: false }))
}

/// The results picked so far: one per section (a section's subsections, consensus and
/// perspective count as the section), the best-ranked document standing for it.
#[derive(Default)]
struct Picked {
    hits: Vec<Hit>,
    sections: std::collections::BTreeSet<(String, String)>,
}

impl Picked {
    fn take(
        &mut self,
        index: &LangIndex,
        searcher: &Searcher,
        ranked: impl Iterator<Item = (f32, DocAddress)>,
        partial: bool,
        limit: usize,
    ) -> Result<(), SearchError> {
        for (score, addr) in ranked {
            if self.hits.len() >= limit {
                break;
            }
            let mut h = hit(index, searcher, score, addr)?;
            h.partial = partial;
            let key = (h.guide.clone(), top_section(&h.section).to_owned());
            if self.sections.insert(key) {
                self.hits.push(h);
            }
        }
        Ok(())
    }
}

/// The top-level section of a section id: `s3` for `s3` and `s3-2`.
pub fn top_section(id: &str) -> &str {
    id.split_once('-').map_or(id, |(s, _)| s)
}

/// The documents matching at least `min` of the clause queries but not all, ranked by
/// the number of clauses they miss, then by the summed score of the clauses they match.
/// Scored as one union of the clauses (tantivy sums a union's scores in clause order,
/// which the browser engine repeats), then filtered by the number of clauses each
/// document matches.
fn partial_matches(
    index: &LangIndex,
    subs: &[Box<dyn Query>],
    min: usize,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let searcher = index.reader.searcher();
    let e = |x| index_err(index, x);
    let mut matched: BTreeMap<DocAddress, usize> = BTreeMap::new();
    for q in subs {
        for addr in searcher.search(q.as_ref(), &DocSetCollector).map_err(e)? {
            *matched.entry(addr).or_default() += 1;
        }
    }
    let n = subs.len();
    matched.retain(|_, m| *m >= min && *m < n);
    if matched.is_empty() {
        return Ok(Vec::new());
    }
    let union = BooleanQuery::new(subs.iter().map(|q| (Occur::Should, q.box_clone())).collect());
    let everything = TopDocs::with_limit(searcher.num_docs() as usize).order_by_score();
    let mut ranked: Vec<(usize, f32, DocAddress)> = searcher
        .search(&union, &everything)
        .map_err(e)?
        .into_iter()
        .filter_map(|(score, addr)| matched.get(&addr).map(|m| (n - m, score, addr)))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    Ok(ranked.into_iter().map(|(_, s, a)| (s, a)).collect())
}

fn hit(index: &LangIndex, searcher: &Searcher, score: f32, addr: DocAddress) -> Result<Hit, SearchError> {
    let doc: TantivyDocument = searcher.doc(addr).map_err(|e| index_err(index, e))?;
    let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    Ok(Hit {
        lang: index.lang.clone(),
        url: text(index.fields.url),
        guide: text(index.fields.guide),
        section: text(index.fields.section),
        heading: text(index.fields.text[1]),
        score,
        partial: false,
        doc: addr.doc_id,
    })
}
