//! `meta.js`, the first file the browser engine reads of a language's search files:
//! which pack holds what, the fields' statistics, and tantivy's tables the engine scores
//! with (`docs/search-format.md`, *`meta.js`*). Written by [`super::export`].

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Serialize)]
pub struct Meta<'a> {
    pub format: u32,
    pub lang: &'a str,
    pub docs: u32,
    /// Documents per document pack `d/<n>`.
    #[serde(rename = "docsPerShard")]
    pub docs_per_shard: u32,
    pub fields: Vec<MetaField>,
    /// Field-norm id → field norm (tantivy's table).
    pub norms: Vec<u32>,
    /// Document frequency → tantivy's idf, where the engine's logarithm would differ.
    #[serde(rename = "idfFix")]
    pub idf_fix: BTreeMap<u64, f32>,
    /// Per key pack `k/<n>`, the starts of the terms and lexicon keys it holds: the first
    /// characters of kana/kanji ones as one string, and the one- or two-character starts
    /// of words, space-separated.
    pub keys: Vec<[String; 2]>,
    /// Per block pack `b/<n>`, how many postings blocks it holds, as varints.
    #[serde(rename = "blockPacks")]
    pub block_packs: String,
    /// Documents per related pack `r/<n>` (by a section's first document), and how many.
    #[serde(rename = "relatedPerShard")]
    pub related_per_shard: u32,
    #[serde(rename = "relatedPacks")]
    pub related_packs: u32,
    /// The site's other languages.
    pub others: &'a [String],
}

#[derive(Serialize)]
pub struct MetaField {
    pub name: &'static str,
    pub boost: f32,
    pub tokens: u64,
    /// The average length the postings were laid out with ([`super::bm25::layout_average`]):
    /// the engine bounds blocks' scores with it.
    pub layout: f32,
}
