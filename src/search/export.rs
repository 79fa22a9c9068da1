//! Export: one language's tantivy index → the browser shards below
//! `assets/search/<lang>/`. The one writer of the format documented in
//! `docs/search-format.md`; its one reader is `js/searcher.mjs`.
//!
//! Every shard is a classic script `tebikiSearch.register("<name>", <JSON>);`, so it
//! loads with a `<script src>` from `file://` and over http under `default-src 'self'`.
//!
//! 1. [`read`] takes everything BM25 needs out of the index: per field the total token
//!    count, per term and field the postings (document, term frequency, field-norm id),
//!    and the stored fields of every document.
//! 2. [`write`] lays it out: `meta.js` (statistics, field-norm table, layout), term
//!    shards `t/<key>.js` keyed by a term's first character (kana/kanji) or first two
//!    characters (words) so that a prefix finds all its terms in one shard, postings of
//!    large terms in `p/<n>.js`, and document metadata in `d/<n>.js`.
//!
//! Same index, same bytes: maps are ordered and numbering follows term order.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, TERMINATED, TantivyDocument};

use super::SearchError;
use super::index::LangIndex;
use super::schema::TEXT_FIELDS;
use super::tokenizer::{CharClass, char_class};
use crate::write::Output;

/// The version of the shard format; the engine refuses any other.
pub const FORMAT_VERSION: u32 = 1;
/// Documents per document-metadata shard.
pub const DOCS_PER_SHARD: u32 = 8;
/// Excerpt length, in characters of body text.
pub const EXCERPT_CHARS: usize = 160;
/// Encoded postings longer than this move out of the term shard into a file of their own.
pub const INLINE_POSTINGS_MAX: usize = 192;
/// The alphabet of the posting encoding: value `v` (0–63) is `ALPHABET[v]`.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One posting: document, term frequency, field-norm id.
pub type Posting = (u32, u32, u8);

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
}

fn err(index: &LangIndex) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    |source| SearchError::Query { lang: index.lang.clone(), source }
}

/// Reads the export's content out of the index (one segment, see `index`).
pub fn read(index: &LangIndex) -> Result<Export, SearchError> {
    let e = err(index);
    let searcher = index.reader.searcher();
    let mut total_tokens = [0u64; 3];
    let mut terms: BTreeMap<String, [Vec<Posting>; 3]> = BTreeMap::new();
    let mut docs = Vec::new();
    let mut base = 0u32;
    for seg in searcher.segment_readers() {
        for (fi, field) in index.fields.text.iter().enumerate() {
            let inv = seg.inverted_index(*field).map_err(&e)?;
            total_tokens[fi] += inv.total_num_tokens();
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
                    list.push((base + doc, postings.term_freq(), norms.fieldnorm_id(doc)));
                    doc = postings.advance();
                }
            }
        }
        let store = seg.get_store_reader(64).map_err(|x| e(x.into()))?;
        for doc_id in 0..seg.max_doc() {
            let doc: TantivyDocument = store.get(doc_id).map_err(&e)?;
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
    Ok(Export { lang: index.lang.clone(), num_docs: base, total_tokens, terms, docs })
}

/// Exports one language's index into `out`.
pub fn export(index: &LangIndex, out: &mut Output) -> Result<(), SearchError> {
    write(&read(index)?, out);
    Ok(())
}

/// The shard key of a term: its first character (kana/kanji), else its first two.
pub fn shard_key(term: &str) -> String {
    let mut chars = term.chars();
    let first = chars.next().unwrap_or(' ');
    let n = if char_class(first) == CharClass::Cjk { 1 } else { 2 };
    term.chars().take(n).map(|c| format!("{:x}", c as u32)).collect::<Vec<_>>().join("-")
}

/// Appends `n` as a little-endian base-32 varint: 5 bits a character, 32 added while
/// more characters follow.
pub fn push_varint(out: &mut String, mut n: u64) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low + 32] as char);
    }
}

/// Encodes one posting list (see the format doc): groups of
/// `gap, run-1, fieldnorm*4 + min(tf,3)[, tf-3]`, where a run is consecutive documents
/// with equal term frequency and field norm, and `gap` counts from the end of the
/// previous run.
pub fn encode_list(list: &[Posting]) -> String {
    let mut out = String::new();
    push_varint(&mut out, list.len() as u64);
    let mut next = 0u32;
    let mut i = 0;
    while i < list.len() {
        let (doc, tf, norm) = list[i];
        let mut j = i + 1;
        while j < list.len() && list[j] == (list[j - 1].0 + 1, tf, norm) {
            j += 1;
        }
        push_varint(&mut out, u64::from(doc - next));
        push_varint(&mut out, (j - i - 1) as u64);
        push_varint(&mut out, u64::from(norm) * 4 + u64::from(tf.min(3)));
        if tf >= 3 {
            push_varint(&mut out, u64::from(tf - 3));
        }
        next = list[j - 1].0 + 1;
        i = j;
    }
    out
}

fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    format!("tebikiSearch.register({},{json});\n", serde_json::to_string(name).unwrap_or_default()).into_bytes()
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
    /// Which term shards exist: the first characters of kana/kanji terms, one string,
    /// and the one- or two-character starts of words, space-separated.
    keys: MetaKeys,
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

/// Lays an export out as files below `assets/search/<lang>/`.
pub fn write(x: &Export, out: &mut Output) {
    let dir = format!("assets/search/{}", x.lang);
    let mut cjk = String::new();
    let mut word: Vec<String> = Vec::new();
    for term in x.terms.keys() {
        let first = term.chars().next().unwrap_or(' ');
        if char_class(first) == CharClass::Cjk {
            if !cjk.ends_with(first) {
                cjk.push(first);
            }
        } else {
            let start: String = term.chars().take(2).collect();
            if word.last() != Some(&start) {
                word.push(start);
            }
        }
    }
    let mut cjk_sorted: Vec<char> = cjk.chars().collect();
    cjk_sorted.dedup();
    word.sort();
    word.dedup();
    let meta = Meta {
        keys: MetaKeys { cjk: cjk_sorted.into_iter().collect(), word: word.join(" ") },
        format: FORMAT_VERSION,
        lang: &x.lang,
        docs: x.num_docs,
        docs_per_shard: DOCS_PER_SHARD,
        fields: TEXT_FIELDS
            .iter()
            .zip(x.total_tokens)
            .map(|((name, boost), tokens)| MetaField { name, boost: *boost, tokens })
            .collect(),
        norms: (0..=255u8).map(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm).collect(),
    };
    out.add(format!("{dir}/meta.js"), script(&format!("{}/meta", x.lang), &meta));

    let mut shards: BTreeMap<String, BTreeMap<&str, serde_json::Value>> = BTreeMap::new();
    let mut next_file = 0u32;
    for (term, lists) in &x.terms {
        let mut enc = String::new();
        for l in lists {
            enc.push_str(&encode_list(l));
        }
        let mut entry: Vec<serde_json::Value> = lists.iter().map(|l| l.len().into()).collect();
        if enc.len() <= INLINE_POSTINGS_MAX {
            entry.push(enc.into());
        } else {
            let name = format!("{}/p/{next_file}", x.lang);
            out.add(format!("{dir}/p/{next_file}.js"), script(&name, &enc));
            entry.push(next_file.into());
            next_file += 1;
        }
        shards.entry(shard_key(term)).or_default().insert(term, entry.into());
    }
    for (key, terms) in &shards {
        out.add(format!("{dir}/t/{key}.js"), script(&format!("{}/t/{key}", x.lang), terms));
    }

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
        out.add(format!("{dir}/d/{n}.js"), script(&format!("{}/d/{n}", x.lang), &data));
    }
}
