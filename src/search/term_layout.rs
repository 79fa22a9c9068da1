//! Laying out an export's terms ([`Layout`]): each term's postings inline in its entry or
//! in blocks, numbered in term order and packed into block packs as they come; the key
//! packs (with the lexicon's entries), the related packs and `meta.js` once every term is
//! in. A term comes read out of the index ([`Item::Read`]) or, when an update changed none
//! of its postings, as the last export left it ([`Item::Kept`], see [`super::follow`]):
//! the files are the same either way. What [`super::export`] documents of the format is
//! written here.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::SearchError;
use super::blob_store::Blob;
use super::bm25::{self, FieldScoring};
use super::export::{Export, INLINE_POSTINGS_MAX, json, key_start, shard_key};
use super::lexicon::Lexicon;
use super::meta::{Meta, MetaField};
use super::packs::{ArrayPacker, BLOCK_PACK_BYTES, KEY_PACK_BYTES, PackStore, Pending, Sink, group};
use super::postings::{
    Block, DocPosting, Posting, TermScoring, encode_head, encode_postings, encode_postings_quoted, layout, merge,
};
use super::related::{self, Related};
use super::schema::TEXT_FIELDS;
use super::shared::shared;
use super::term_list::{self, TermList};
use super::term_store::{self, LaidBlocks, TermStore};
use super::tokenizer::{CharClass, char_class};

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
pub const TERM_BATCH: usize = 256;

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

/// A term for the layout, in term order.
pub enum Item<'a> {
    /// Read out of the index: its postings per text field.
    Read(&'a str, &'a [Vec<Posting>; 3]),
    /// Taken from the last export: none of its postings changed since.
    Kept(&'a term_list::Entry),
}

impl Item<'_> {
    fn term(&self) -> &str {
        match self {
            Item::Read(term, _) => term,
            Item::Kept(e) => &e.term,
        }
    }

    /// Per text field, how many documents have the term.
    fn dfs(&self) -> [u32; 3] {
        match self {
            Item::Read(_, lists) => lists.each_ref().map(|l| l.len() as u32),
            Item::Kept(e) => e.dfs,
        }
    }
}

/// Reads a kept term's postings again out of the index.
pub type Reread<'r> = dyn Fn(&str) -> Result<[Vec<Posting>; 3], SearchError> + Sync + 'r;

/// An export being laid out: its terms come in batches, in term order ([`Layout::terms`]),
/// then [`Layout::finish`] writes the rest. Terms are encoded on every core, a batch at a
/// time (so that only a batch's blocks wait in memory); blocks are numbered after, in
/// term order, and packed as they come.
pub struct Layout<'x> {
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
    /// The terms as laid out, for the next export.
    list: TermList,
}

/// The layout averages of the export `x` ([`bm25::layout_average`]).
fn averages(x: &Export) -> [f32; 3] {
    std::array::from_fn(|f| bm25::layout_average(x.total_tokens[f], x.num_docs))
}

/// What every term's layout in the export `x` is made with besides its postings.
pub fn basis(x: &Export) -> term_store::Basis {
    term_store::Basis::new(x.num_docs, &averages(x), &x.offsets)
}

impl<'x> Layout<'x> {
    /// A layout of the export `x` of the index of fingerprint `print`, with `per`
    /// documents per document pack.
    pub fn new(x: &'x Export, per: u32, print: &str) -> Layout<'x> {
        let averages = averages(x);
        let basis = basis(x);
        Layout {
            x,
            dir: format!("{}/{}", crate::paths::SEARCH_DIR, x.lang),
            averages,
            fields: std::array::from_fn(|f| FieldScoring::with_average(averages[f], TEXT_FIELDS[f].1)),
            basis,
            keys: BTreeMap::new(),
            blocks: ArrayPacker::new(BLOCK_PACK_BYTES),
            next_block: 0,
            pending: Pending::default(),
            dfs: [0].into(),
            per,
            related: related::Builder::new(&x.offsets),
            list: TermList { print: print.to_owned(), basis, read: 0, entries: Vec::new() },
        }
    }

    /// Lays out the next terms (after every term laid out so far), taking from `laid`
    /// those the last export laid out from the same postings and statistics. A kept term
    /// whose layout the store no longer gives (or gives damaged) is read again with
    /// `reread` and laid out.
    pub fn terms(
        &mut self,
        batch: &[Item<'_>],
        sink: &mut dyn Sink,
        store: &mut PackStore,
        laid: &mut TermStore,
        reread: &Reread<'_>,
    ) -> Result<(), SearchError> {
        let (x, lang, dir) = (self.x, &self.x.lang, &self.dir);
        let (fields, basis) = (&self.fields, &self.basis);
        self.dfs.extend(batch.iter().flat_map(|item| item.dfs().map(u64::from)));
        let merged: Vec<(String, Merged)> = batch
            .par_iter()
            .map(|item| {
                let m = match item {
                    Item::Read(_, lists) => merged(lists, x, basis),
                    Item::Kept(e) => match &e.laid {
                        term_list::Laid::Inline(inline) => Merged::Inline(inline.clone()),
                        term_list::Laid::Blocks(key) => Merged::Blocks(*key, None),
                    },
                };
                Ok((json(lang, &item.term())?, m))
            })
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
            .map(|((item, (name, m)), kept)| match m {
                Merged::Inline(inline) => Ok((name, Laid::Inline(inline))),
                Merged::Blocks(key, postings) => Ok(match kept.and_then(term_store::checked) {
                    Some((blocks, stored)) => (name, Laid::Blocks { blocks, key, stored, reused: true }),
                    None => {
                        // A kept term's postings are read again: its layout is not in the store.
                        let reread = match item {
                            Item::Read(..) => None,
                            Item::Kept(e) => Some(reread(&e.term)?),
                        };
                        let lists = match (item, &reread) {
                            (Item::Read(_, lists), _) => *lists,
                            (_, Some(lists)) => lists,
                            (Item::Kept(_), None) => unreachable!("a kept term is read again"),
                        };
                        let blocks = lay(lists, postings, x, fields);
                        let stored = term_store::stored(&blocks);
                        (name, Laid::Blocks { blocks, key, stored, reused: false })
                    }
                }),
            })
            .collect::<Result<_, SearchError>>()?;
        for (item, (name, done)) in batch.iter().zip(done) {
            let [a, b, c] = item.dfs();
            let kept_laid = match &done {
                Laid::Inline(inline) => term_list::Laid::Inline(inline.clone()),
                Laid::Blocks { key, .. } => term_list::Laid::Blocks(*key),
            };
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
            let sections = match item {
                Item::Read(_, lists) => self.related.sections(lists),
                Item::Kept(e) => e.sections.clone(),
            };
            self.related.add(&sections);
            if matches!(item, Item::Read(..)) {
                self.list.read += 1;
            }
            let term = item.term();
            self.list.entries.push(term_list::Entry {
                term: term.to_owned(),
                dfs: [a, b, c],
                laid: kept_laid,
                sections,
            });
            key_part(&mut self.keys, term).terms.push(member);
        }
        self.pending.flush(sink, store)
    }

    /// Writes the key packs (with `lexicon`'s entries), the related packs and `meta.js`;
    /// returns the related sections and the terms as laid out.
    pub fn finish(
        self,
        sink: &mut dyn Sink,
        store: &mut PackStore,
        lexicon: &Lexicon,
    ) -> Result<(Related, TermList), SearchError> {
        let Layout { x, dir, averages, mut keys, mut blocks, mut pending, dfs, per, related, list, .. } = self;
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
        Ok((related, list))
    }
}
