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
//! Packs are bounded in size, compressed, and registered by classic scripts
//! ([`super::packs`]); `meta.js`, which says which pack holds what, is plain JSON.
//!
//! Same index, same bytes: maps are ordered and numbering follows term order.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::SearchError;
use super::blob_store::Blob;
use super::bm25::{self, FieldScoring};
use super::doc_packs;
use super::index::LangIndex;
use super::lexicon::Lexicon;
use super::meta::{Meta, MetaField};
use super::packs::{ArrayPacker, BLOCK_PACK_BYTES, KEY_PACK_BYTES, PackStore, Pending, Sink, group};
use super::prints::Prints;
use super::query::{index_err, top_section};
use super::related::{self, Related};
use super::schema::{Documents, SearchDoc};
use super::schema::{TEXT_FIELDS, excerpt};
use super::segments::{TermPostings, for_each_batch};
use super::shared::shared;
use super::term_store::{self, LaidBlocks, TermStore};
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
/// Terms are read from the index a batch at a time, so that only a batch's postings are
/// in memory, by a thread of their own from the start: the first batches are read while
/// the documents are made and packed.
pub fn export<'d>(
    docs: impl FnOnce() -> Result<(Export, Rows<'d>), SearchError>,
    index: &LangIndex,
    others: &[String],
    sink: &mut dyn Sink,
    store: &mut PackStore,
    laid: &mut TermStore,
    lexicon: impl FnOnce() -> Result<Option<Lexicon>, SearchError>,
) -> Result<(Option<Lexicon>, Related), SearchError> {
    std::thread::scope(|scope| {
        // One thread reads the next batch of terms out of the index while this one lays out
        // the last (on every core).
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<TermPostings>>(1);
        let reader = scope.spawn(move || {
            // A send fails only when the layout stopped on an error: reading stops too, and
            // the layout's error is the one returned.
            for_each_batch(index, TERM_BATCH, |batch| {
                tx.send(batch).map_err(|_| SearchError::Export { name: index.lang.clone(), message: "stopped".into() })
            })
        });
        // An early return drops `rx` before the scope waits for the reader: it stops.
        let (mut x, rows) = docs()?;
        x.others = others.to_vec();
        // The documents first: their metadata is then let go before the terms are laid out.
        let per = doc_packs::doc_packs(&x, &rows, sink, store)?;
        x.docs = Vec::new();
        let mut layout = Layout::new(&x, per);
        let laid = rx.iter().try_for_each(|batch| {
            let terms: Vec<(&String, &[Vec<Posting>; 3])> = batch.iter().map(|(t, l)| (t, l)).collect();
            layout.terms(&terms, sink, store, laid)
        });
        drop(rx);
        let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        laid.and(read)?;
        let made = lexicon()?;
        let related = layout.finish(sink, store, made.as_ref().unwrap_or(&x.lexicon))?;
        Ok((made, related))
    })
}

/// The shard key of a term: its first character (kana/kanji), else its first two.
pub fn shard_key(term: &str) -> String {
    key_start(term).chars().map(|c| format!("{:x}", c as u32)).collect::<Vec<_>>().join("-")
}

/// What a term or lexicon key is found by: its first character (kana/kanji), else its
/// first two.
fn key_start(term: &str) -> String {
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

fn json(name: &str, data: &impl Serialize) -> Result<String, SearchError> {
    serde_json::to_string(data).map_err(json_err(name))
}

/// One shard key's share of a key pack: its start, and its terms' and lexicon keys'
/// entries as JSON members (`"name":value`).
#[derive(Default)]
struct KeyPart {
    start: String,
    terms: Vec<String>,
    lexicon: Vec<String>,
}

impl KeyPart {
    fn bytes(&self) -> usize {
        self.terms.iter().chain(&self.lexicon).map(|m| m.len() + 1).sum()
    }
}

/// The share of the key pack of the shard key of `term` (made the first time).
fn key_part<'k>(keys: &'k mut BTreeMap<String, KeyPart>, term: &str) -> &'k mut KeyPart {
    keys.entry(shard_key(term)).or_insert_with(|| KeyPart { start: key_start(term), ..KeyPart::default() })
}

/// How many terms are encoded at once: their laid-out postings wait in memory together.
const TERM_BATCH: usize = 256;

/// A term's postings as laid out: inline in its term entry, or in blocks (the first in
/// the head, the others as JSON strings).
enum Laid {
    Inline(String),
    /// With its key in the [`TermStore`], its bytes there, and whether they are the last
    /// export's.
    Blocks {
        blocks: LaidBlocks,
        key: term_store::Key,
        stored: Blob,
        reused: bool,
    },
}

/// A term on its way to being laid out: inline already, or to be laid out in blocks (or
/// taken from the last export) with its key in the [`TermStore`] (and its merged postings,
/// when they were merged to try them inline).
enum Merged {
    Inline(String),
    Blocks(term_store::Key, Option<Vec<DocPosting>>),
}

/// Fewest characters a posting takes (its gap, its offset and mask, one field): a term
/// with more postings than fit inline in these is laid out without trying.
const POSTING_CHARS_MIN: usize = 3;

/// Encodes a term's postings inline when they fit (in parallel with other terms'); else
/// gives its [`term_store::key`]. A term whose postings are too many to fit is not merged
/// here: its layout may well be the last export's.
fn merged(lists: &[Vec<Posting>; 3], x: &Export, basis: &term_store::Basis) -> Merged {
    let most = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut tried = None;
    if most <= INLINE_POSTINGS_MAX / POSTING_CHARS_MIN {
        let postings = merge(lists, &x.offsets);
        if postings.len() <= INLINE_POSTINGS_MAX / POSTING_CHARS_MIN {
            let inline = encode_postings(&postings);
            if inline.len() <= INLINE_POSTINGS_MAX {
                return Merged::Inline(inline);
            }
        }
        tried = Some(postings);
    }
    Merged::Blocks(term_store::key(lists, basis), tried)
}

/// Lays out one term's postings in blocks (in parallel with other terms'): everything its
/// entry needs but the number of its first block file, known only in term order.
fn lay(
    lists: &[Vec<Posting>; 3],
    postings: Option<Vec<DocPosting>>,
    x: &Export,
    fields: &[FieldScoring; 3],
) -> LaidBlocks {
    let postings = postings.unwrap_or_else(|| merge(lists, &x.offsets));
    let docs = u64::from(x.num_docs);
    let scoring = TermScoring { weights: std::array::from_fn(|f| bm25::weight(lists[f].len() as u64, docs)), fields };
    let blocks = layout(&postings, &scoring);
    LaidBlocks {
        heads: blocks.iter().map(Block::head).collect(),
        first: encode_postings(&blocks[0].postings),
        rest: blocks[1..].iter().map(|b| encode_postings_quoted(&b.postings)).collect(),
    }
}

/// Queues the block pack `blocks` just closed (the last of `blocks.counts`).
fn block_pack(blocks: &ArrayPacker, pack: String, dir: &str, lang: &str, pending: &mut Pending) {
    let n = blocks.counts.len() - 1;
    pending.push(format!("{dir}/b/{n}.js"), format!("{lang}/b/{n}"), pack);
}

/// An export being laid out: its terms come in batches, in term order ([`Layout::terms`]),
/// then [`Layout::finish`] writes the rest. Terms are encoded on every core, a batch at a
/// time (so that only a batch's blocks wait in memory); blocks are numbered after, in
/// term order, and packed as they come.
struct Layout<'x> {
    x: &'x Export,
    dir: String,
    /// The layout averages ([`bm25::layout_average`]), the fields' scoring with them and
    /// what every term's key in the [`TermStore`] is made with.
    averages: [f32; 3],
    fields: [FieldScoring; 3],
    basis: term_store::Basis,
    keys: BTreeMap<String, KeyPart>,
    blocks: ArrayPacker,
    next_block: u32,
    pending: Pending,
    /// Every field document frequency, and 0 (the idf of a query term the index lacks).
    dfs: std::collections::BTreeSet<u64>,
    /// Documents per document pack.
    per: u32,
    /// The sections' vectors, gathered term by term.
    related: related::Builder,
}

impl<'x> Layout<'x> {
    fn new(x: &'x Export, per: u32) -> Layout<'x> {
        let averages = std::array::from_fn(|f| bm25::layout_average(x.total_tokens[f], x.num_docs));
        Layout {
            x,
            dir: format!("{}/{}", crate::paths::SEARCH_DIR, x.lang),
            averages,
            fields: std::array::from_fn(|f| FieldScoring::with_average(averages[f], TEXT_FIELDS[f].1)),
            basis: term_store::Basis::new(x.num_docs, &averages, &x.offsets),
            keys: BTreeMap::new(),
            blocks: ArrayPacker::new(BLOCK_PACK_BYTES),
            next_block: 0,
            pending: Pending::default(),
            dfs: [0].into(),
            per,
            related: related::Builder::new(&x.offsets),
        }
    }

    /// Lays out the next terms (after every term laid out so far), taking from `laid`
    /// those the last export laid out from the same postings and statistics.
    fn terms(
        &mut self,
        batch: &[(&String, &[Vec<Posting>; 3])],
        sink: &mut dyn Sink,
        store: &mut PackStore,
        laid: &mut TermStore,
    ) -> Result<(), SearchError> {
        let (x, lang, dir) = (self.x, &self.x.lang, &self.dir);
        let (fields, basis) = (&self.fields, &self.basis);
        self.dfs.extend(batch.iter().flat_map(|(_, lists)| lists.iter().map(|l| l.len() as u64)));
        let merged: Vec<(String, Merged)> = batch
            .par_iter()
            .map(|(term, lists)| Ok((json(lang, term)?, merged(lists, x, basis))))
            .collect::<Result<_, SearchError>>()?;
        // The last export's layouts are read one at a time; they are checked, and the others
        // made, on every core.
        let kept: Vec<Option<Blob>> = (merged.iter())
            .map(|(_, m)| match m {
                Merged::Blocks(key, _) => laid.previous(key),
                Merged::Inline(_) => None,
            })
            .collect();
        let done: Vec<(String, Laid)> = (batch.par_iter())
            .zip(merged)
            .zip(kept)
            .map(|((&(_, lists), (name, m)), kept)| match m {
                Merged::Inline(inline) => (name, Laid::Inline(inline)),
                Merged::Blocks(key, postings) => {
                    let laid = match kept.and_then(term_store::checked) {
                        Some((blocks, stored)) => Laid::Blocks { blocks, key, stored, reused: true },
                        None => {
                            let blocks = lay(lists, postings, x, fields);
                            let stored = term_store::stored(&blocks);
                            Laid::Blocks { blocks, key, stored, reused: false }
                        }
                    };
                    (name, laid)
                }
            })
            .collect();
        for (&(term, lists), (name, done)) in batch.iter().zip(done) {
            let [a, b, c] = [0, 1, 2].map(|f| lists[f].len());
            let member = match done {
                // Postings and heads are in the JSON-safe alphabet.
                Laid::Inline(inline) => format!("{name}:[{a},{b},{c},\"{inline}\"]"),
                Laid::Blocks { blocks, key, stored, reused } => {
                    laid.record(&key, &stored, reused)?;
                    let head = encode_head(&blocks.heads, self.next_block, &blocks.first);
                    for postings in blocks.rest {
                        if let Some(pack) = self.blocks.add(postings) {
                            block_pack(&self.blocks, pack, dir, lang, &mut self.pending);
                        }
                        self.next_block += 1;
                    }
                    format!("{name}:[{a},{b},{c},[\"{head}\"]]")
                }
            };
            self.related.term(lists);
            key_part(&mut self.keys, term).terms.push(member);
        }
        self.pending.flush(sink, store)
    }

    /// Writes the key packs (with `lexicon`'s entries), the related packs and `meta.js`;
    /// returns the related sections.
    fn finish(self, sink: &mut dyn Sink, store: &mut PackStore, lexicon: &Lexicon) -> Result<Related, SearchError> {
        let Layout { x, dir, averages, mut keys, mut blocks, mut pending, dfs, per, related, .. } = self;
        let lang = &x.lang;
        let dir = &dir;
        let docs = u64::from(x.num_docs);
        if let Some(pack) = blocks.close() {
            block_pack(&blocks, pack, dir, lang, &mut pending);
        }
        for (key, targets) in &lexicon.entries {
            let first = key.split(' ').next().unwrap_or(key);
            key_part(&mut keys, first).lexicon.push(format!(
                "{}:{}",
                json(lang, key)?,
                json(lang, &targets.as_slice())?
            ));
        }
        let parts: Vec<KeyPart> = keys.into_values().collect();
        let mut meta_keys = Vec::new();
        for (n, range) in
            group(&parts.iter().map(KeyPart::bytes).collect::<Vec<_>>(), KEY_PACK_BYTES).into_iter().enumerate()
        {
            let pack = &parts[range];
            let (mut cjk, mut words) = (String::new(), Vec::new());
            for p in pack {
                if p.start.chars().next().is_some_and(|c| char_class(c) == CharClass::Cjk) {
                    cjk.push_str(&p.start);
                } else {
                    words.push(p.start.as_str());
                }
            }
            meta_keys.push([cjk, words.join(" ")]);
            let members =
                |f: fn(&KeyPart) -> &Vec<String>| pack.iter().flat_map(f).cloned().collect::<Vec<_>>().join(",");
            let data = format!("{{\"t\":{{{}}},\"x\":{{{}}}}}", members(|p| &p.terms), members(|p| &p.lexicon));
            pending.push(format!("{dir}/k/{n}.js"), format!("{lang}/k/{n}"), data);
        }

        let related = related.finish();
        let (related_per, related_packs) = related.packs(x.num_docs);
        let related_count = related_packs.len() as u32;
        for (n, data) in related_packs.into_iter().enumerate() {
            pending.push(format!("{dir}/r/{n}.js"), format!("{lang}/r/{n}"), data);
        }
        pending.flush(sink, store)?;

        let meta = Meta {
            format: shared().format,
            lang,
            docs: x.num_docs,
            docs_per_shard: per,
            fields: TEXT_FIELDS
                .iter()
                .zip(x.total_tokens)
                .zip(averages)
                .map(|(((name, boost), tokens), layout)| MetaField { name, boost: *boost, tokens, layout })
                .collect(),
            norms: (0..=255u8).map(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm).collect(),
            idf_fix: bm25::idf_fixes(dfs, docs),
            keys: meta_keys,
            block_packs: blocks.counts_varints(),
            related_per_shard: related_per,
            related_packs: related_count,
            others: &x.others,
        };
        let name = format!("{lang}/meta");
        let script = format!("tebikiSearch.register({},{});\n", json(&name, &name)?, json(&name, &meta)?);
        sink.file(format!("{dir}/meta.js"), script.into_bytes());
        Ok(related)
    }
}
