//! Export: one language's tantivy index → the browser shards below
//! `assets/search/<lang>/`. The one writer of the format documented in
//! `docs/search-format.md` (version [`FORMAT_VERSION`]); its one reader is
//! `js/searcher.mjs`.
//!
//! Every shard is a classic script `tebikiSearch.register("<name>", <JSON>);`, so it
//! loads with a `<script src>` from `file://` and over http under `default-src 'self'`.
//!
//! 1. [`read`] takes everything BM25 needs out of the index: per field the total token
//!    count, per term and field the postings (document, term frequency, field-norm id),
//!    the stored fields of every document, and where each document's section starts.
//! 2. [`write`] lays it out: `meta.js` (statistics, field-norm table, layout), term
//!    shards `t/<key>.js` keyed by a term's first character (kana/kanji) or first two
//!    characters (words) so that a prefix finds all its terms in one shard, and document
//!    metadata in `d/<n>.js`.
//! 3. The query lexicon ([`super::lexicon`]) goes into shards `x/<key>.js` keyed like the
//!    term shards (a Latin key by its first word), so the engine loads only those of the
//!    characters and words a query has.
//! 4. A term in few documents keeps its postings in its term shard. A larger one is
//!    [`layout`]: its documents ordered by the term's score, cut into *tiers* (the best
//!    128, the next 512, 2,048, …), each tier in document order and cut into *blocks*. A
//!    head file `p/<n>.js` lists the blocks, each with its document range and the best
//!    score in it, and holds the first block; the others are `b/<m>.js`. The engine
//!    loads blocks only while they can still change the top results.
//!
//! Same index, same bytes: maps are ordered and numbering follows term order.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, TERMINATED, TantivyDocument};

use super::SearchError;
use super::bm25::{self, FieldScoring};
use super::index::LangIndex;
use super::lexicon::{Lexicon, Targets};
use super::query::top_section;
use super::schema::TEXT_FIELDS;
use super::shared::shared;
use super::tokenizer::{CharClass, char_class};
use crate::write::Output;

/// Documents per document-metadata shard.
pub const DOCS_PER_SHARD: u32 = 4;
/// Excerpt length, in characters of body text.
pub const EXCERPT_CHARS: usize = 160;
/// Encoded postings longer than this move out of the term shard into files of their own.
pub const INLINE_POSTINGS_MAX: usize = 192;

pub use super::postings::{
    ALPHABET, BLOCK_MIN, BLOCKS_PER_TIER, Block, DocPosting, FIRST_TIER, Posting, TIER_GROWTH, TermScoring,
    encode_head, encode_postings, layout, merge, push_varint,
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

fn err(index: &LangIndex) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    |source| SearchError::Query { lang: index.lang.clone(), source }
}

/// Reads the export's content out of the index (one segment, see `index`), documents
/// numbered in canonical order.
pub fn read(index: &LangIndex) -> Result<Export, SearchError> {
    let e = err(index);
    let searcher = index.reader.searcher();
    let total_tokens = index.total_tokens;
    let mut terms: BTreeMap<String, [Vec<Posting>; 3]> = BTreeMap::new();
    let mut docs = Vec::new();
    let mut base = 0u32;
    let canonical = !index.in_canonical_order();
    for seg in searcher.segment_readers() {
        for (fi, field) in index.fields.text.iter().enumerate() {
            let inv = seg.inverted_index(*field).map_err(&e)?;
            let norms = seg.get_fieldnorms_reader(*field).map_err(&e)?;
            let mut stream = inv.terms().stream().map_err(|x| e(x.into()))?;
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                let mut postings = inv
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                    .map_err(|x| e(x.into()))?;
                let list = &mut terms.entry(term).or_default()[fi];
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    list.push((base + index.canonical(doc), postings.term_freq(), norms.fieldnorm_id(doc)));
                    doc = postings.advance();
                }
                if canonical {
                    list.sort_unstable_by_key(|p| p.0);
                }
            }
        }
        let store = seg.get_store_reader(64).map_err(|x| e(x.into()))?;
        for n in 0..seg.max_doc() {
            let doc: TantivyDocument = store.get(index.address(n).doc_id).map_err(&e)?;
            let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let [title, heading, body] = index.fields.text;
            docs.push(DocMeta {
                guide: text(index.fields.guide),
                guide_title: text(title),
                section: text(index.fields.section),
                heading: text(heading),
                kind: text(index.fields.kind),
                url: text(index.fields.url),
                excerpt: text(body).chars().take(EXCERPT_CHARS).collect(),
            });
        }
        base += seg.max_doc();
    }
    let offsets = section_offsets(&docs);
    Ok(Export {
        lang: index.lang.clone(),
        num_docs: base,
        total_tokens,
        terms,
        docs,
        offsets,
        others: Vec::new(),
        lexicon: index.lexicon.clone(),
    })
}

/// Per document, its distance from the first document of its section.
pub fn section_offsets(docs: &[DocMeta]) -> Vec<u32> {
    let mut out = Vec::with_capacity(docs.len());
    let mut start = 0;
    for (i, d) in docs.iter().enumerate() {
        let same = i > 0 && {
            let p = &docs[i - 1];
            p.guide == d.guide && top_section(&p.section) == top_section(&d.section)
        };
        if !same {
            start = i;
        }
        out.push((i - start) as u32);
    }
    out
}

/// Exports one language's index into `out`; `others` are the site's other languages.
pub fn export(index: &LangIndex, others: &[String], out: &mut Output) -> Result<(), SearchError> {
    let mut x = read(index)?;
    x.others = others.to_vec();
    write(&x, out)
}

/// Term shards smaller than this on average are grouped into buckets.
const MIN_SHARD_BYTES: usize = 16 * 1024;

/// Sites with more search documents than this keep one term file per key: there a query
/// must load only its own keys' terms (grouping would add a bucket's worth of bytes per key).
const MAX_BUCKETED_DOCS: u32 = 4096;

/// How many bucket files the term shards go into: 0 (one file per key) on a large site or
/// when the shards are large enough on their own, else about one per [`MIN_SHARD_BYTES`].
fn bucket_count<V: Serialize>(shards: &BTreeMap<String, BTreeMap<&str, V>>, docs: u32) -> u32 {
    if docs > MAX_BUCKETED_DOCS {
        return 0;
    }
    let bytes: usize = shards
        .values()
        .flat_map(|t| t.iter())
        .map(|(k, v)| k.len() + serde_json::to_string(v).map_or(0, |j| j.len()) + 4)
        .sum();
    let wanted = bytes.div_ceil(MIN_SHARD_BYTES).max(1);
    if wanted * 2 >= shards.len() { 0 } else { wanted as u32 }
}

/// The bucket of a shard key: FNV-1a (32 bits) of the key's bytes, modulo `n`. The engine
/// computes the same (`bucketOf` in `js/searcher.mjs`); keys are ASCII (hex code points).
pub fn bucket_of(key: &str, n: u32) -> u32 {
    fnv1a(key) % n
}

fn fnv1a(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The shard key of a term: its first character (kana/kanji), else its first two.
pub fn shard_key(term: &str) -> String {
    let mut chars = term.chars();
    let first = chars.next().unwrap_or(' ');
    let n = if char_class(first) == CharClass::Cjk { 1 } else { 2 };
    term.chars().take(n).map(|c| format!("{:x}", c as u32)).collect::<Vec<_>>().join("-")
}

/// The shard key of a lexicon key: that of its first word (a kana/kanji key is one word).
pub fn lexicon_shard_key(key: &str) -> String {
    shard_key(key.split(' ').next().unwrap_or(key))
}

fn script(name: &str, data: &impl Serialize) -> Result<Vec<u8>, SearchError> {
    let err = |e: serde_json::Error| SearchError::Export { name: name.to_owned(), message: e.to_string() };
    let json = serde_json::to_string(data).map_err(err)?;
    Ok(format!("tebikiSearch.register({},{json});\n", serde_json::to_string(name).map_err(err)?).into_bytes())
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    lang: &'a str,
    docs: u32,
    #[serde(rename = "docsPerShard")]
    docs_per_shard: u32,
    fields: Vec<MetaField>,
    /// Field-norm id → field norm (tantivy's table).
    norms: Vec<u32>,
    /// Document frequency → tantivy's idf, where the engine's logarithm would differ.
    #[serde(rename = "idfFix")]
    idf_fix: BTreeMap<u64, f32>,
    /// Which term shards exist: the first characters of kana/kanji terms, one string,
    /// and the one- or two-character starts of words, space-separated.
    keys: MetaKeys,
    /// The site's other languages.
    others: &'a [String],
    /// Which lexicon shards exist, as `keys` for the term shards.
    lexicon: MetaKeys,
    /// As `buckets`, for the lexicon shards `x/…`.
    #[serde(rename = "lexiconBuckets")]
    lexicon_buckets: u32,
    /// 0: each shard key is a file `t/<key>.js`. N > 0: the keys are grouped into N files
    /// `t/b<bucket_of(key, N)>.js` (a small site would otherwise write hundreds of tiny
    /// files, one per first character).
    buckets: u32,
}

#[derive(Serialize)]
struct MetaKeys {
    cjk: String,
    word: String,
}

#[derive(Serialize)]
struct MetaField {
    name: &'static str,
    boost: f32,
    tokens: u64,
}

/// The keys of shards holding `keys`: the first characters of kana/kanji keys, and the
/// one- or two-character starts of the others.
fn meta_keys<'k>(keys: impl Iterator<Item = &'k str>) -> MetaKeys {
    let mut cjk: Vec<char> = Vec::new();
    let mut word: Vec<String> = Vec::new();
    for key in keys {
        let first = key.chars().next().unwrap_or(' ');
        if char_class(first) == CharClass::Cjk {
            cjk.push(first);
        } else {
            word.push(key.chars().take(2).collect());
        }
    }
    cjk.sort_unstable();
    cjk.dedup();
    word.sort();
    word.dedup();
    MetaKeys { cjk: cjk.into_iter().collect(), word: word.join(" ") }
}

/// Writes `shards` (shard key → entries) as `<dir>/<kind>/<key>.js`, or grouped into
/// buckets `<kind>/b<i>.js` on a small site; returns the number of buckets (0: none).
fn write_shards<V: Serialize>(
    x: &Export,
    kind: &str,
    shards: BTreeMap<String, BTreeMap<&str, V>>,
    out: &mut Output,
) -> Result<u32, SearchError> {
    let dir = format!("{}/{}", crate::paths::SEARCH_DIR, x.lang);
    let buckets = bucket_count(&shards, x.num_docs);
    if buckets == 0 {
        for (key, terms) in &shards {
            out.add(format!("{dir}/{kind}/{key}.js"), script(&format!("{}/{kind}/{key}", x.lang), terms)?);
        }
    } else {
        let mut grouped: BTreeMap<u32, BTreeMap<&str, V>> = BTreeMap::new();
        for (key, terms) in shards {
            grouped.entry(bucket_of(&key, buckets)).or_default().extend(terms);
        }
        for (b, terms) in &grouped {
            out.add(format!("{dir}/{kind}/b{b}.js"), script(&format!("{}/{kind}/b{b}", x.lang), terms)?);
        }
    }
    Ok(buckets)
}

/// How many terms are encoded at once.
const TERM_BATCH: usize = 2048;

/// A term's postings as laid out: inline in its term shard, or in blocks (the first in
/// the head file, the others encoded).
enum Laid {
    Inline(String),
    Blocks(Vec<Block>, Vec<String>),
}

/// Lays an export out as files below `assets/search/<lang>/`.
pub fn write(x: &Export, out: &mut Output) -> Result<(), SearchError> {
    let dir = format!("{}/{}", crate::paths::SEARCH_DIR, x.lang);
    let docs = u64::from(x.num_docs);
    // Every field document frequency, and 0 (the idf of a query term the index lacks).
    let dfs = x.terms.values().flat_map(|lists| lists.iter().map(|l| l.len() as u64)).chain([0]);
    let mut meta = Meta {
        buckets: 0,
        keys: meta_keys(x.terms.keys().map(String::as_str)),
        lexicon: meta_keys(x.lexicon.entries.keys().map(|k| k.split(' ').next().unwrap_or(k))),
        lexicon_buckets: 0,
        format: shared().format,
        lang: &x.lang,
        docs: x.num_docs,
        docs_per_shard: DOCS_PER_SHARD,
        fields: TEXT_FIELDS
            .iter()
            .zip(x.total_tokens)
            .map(|((name, boost), tokens)| MetaField { name, boost: *boost, tokens })
            .collect(),
        norms: (0..=255u8).map(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm).collect(),
        idf_fix: bm25::idf_fixes(dfs.collect::<std::collections::BTreeSet<_>>(), docs),
        others: &x.others,
    };
    let fields: [FieldScoring; 3] =
        std::array::from_fn(|f| FieldScoring::new(x.total_tokens[f], x.num_docs, TEXT_FIELDS[f].1));
    // Terms are encoded on every core, a batch at a time (so that only a batch's blocks
    // wait in memory); the files are numbered after, in term order.
    let terms: Vec<(&String, &[Vec<Posting>; 3])> = x.terms.iter().collect();
    let mut shards: BTreeMap<String, BTreeMap<&str, serde_json::Value>> = BTreeMap::new();
    let (mut next_head, mut next_block) = (0u32, 0u32);
    for batch in terms.chunks(TERM_BATCH) {
        let laid: Vec<Laid> = batch
            .par_iter()
            .map(|(_, lists)| {
                let postings = merge(lists, &x.offsets);
                let inline = encode_postings(&postings);
                if inline.len() <= INLINE_POSTINGS_MAX {
                    return Laid::Inline(inline);
                }
                let scoring = TermScoring {
                    weights: std::array::from_fn(|f| bm25::weight(lists[f].len() as u64, docs)),
                    fields: &fields,
                };
                let blocks = layout(&postings, &scoring);
                let rest = blocks[1..].iter().map(|b| encode_postings(&b.postings)).collect();
                Laid::Blocks(blocks, rest)
            })
            .collect();
        for (&(term, lists), laid) in batch.iter().zip(laid) {
            let mut entry: Vec<serde_json::Value> = lists.iter().map(|l| l.len().into()).collect();
            match laid {
                Laid::Inline(inline) => entry.push(inline.into()),
                Laid::Blocks(blocks, rest) => {
                    let name = format!("{}/p/{next_head}", x.lang);
                    out.add(format!("{dir}/p/{next_head}.js"), script(&name, &encode_head(&blocks, next_block))?);
                    for postings in rest {
                        let name = format!("{}/b/{next_block}", x.lang);
                        out.add(format!("{dir}/b/{next_block}.js"), script(&name, &postings)?);
                        next_block += 1;
                    }
                    entry.push(next_head.into());
                    next_head += 1;
                }
            }
            shards.entry(shard_key(term)).or_default().insert(term, entry.into());
        }
    }
    meta.buckets = write_shards(x, "t", shards, out)?;
    let mut lex: BTreeMap<String, BTreeMap<&str, &Targets>> = BTreeMap::new();
    for (key, targets) in &x.lexicon.entries {
        lex.entry(lexicon_shard_key(key)).or_default().insert(key.as_str(), targets.as_slice());
    }
    meta.lexicon_buckets = write_shards(x, "x", lex, out)?;
    out.add(format!("{dir}/meta.js"), script(&format!("{}/meta", x.lang), &meta)?);

    for (n, chunk) in x.docs.chunks(DOCS_PER_SHARD as usize).enumerate() {
        let mut guides: Vec<(&str, &str)> = Vec::new();
        let mut rows = Vec::new();
        for d in chunk {
            let g = match guides.iter().position(|g| g.0 == d.guide) {
                Some(g) => g,
                None => {
                    guides.push((&d.guide, &d.guide_title));
                    guides.len() - 1
                }
            };
            rows.push(serde_json::json!([g, d.section, d.heading, d.kind, d.excerpt]));
        }
        let data = serde_json::json!({ "guides": guides, "docs": rows });
        out.add(format!("{dir}/d/{n}.js"), script(&format!("{}/d/{n}", x.lang), &data)?);
    }
    Ok(())
}

#[cfg(test)]
mod bucket_tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }
}
