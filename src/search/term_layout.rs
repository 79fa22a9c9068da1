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
use super::block_packs::{self, BlockPacker, Closed};
use super::bm25::{self, FieldScoring};
use super::export::{Export, INLINE_POSTINGS_MAX, json, key_start, shard_key};
use super::lexicon::Lexicon;
use super::meta::{Meta, MetaField};
use super::packs::{KEY_PACK_BYTES, PackStore, Pending, Sink, group};
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
    /// A kept term laid out in blocks, taken as the last export left it when its blocks
    /// keep their numbers (else read from the [`TermStore`]): decided in term order.
    Deferred(term_store::Key),
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

/// The layout of a kept term of the last export, read from the store `laid` (and
/// checked), else laid out again from its postings, read again with `reread`.
fn relaid(
    e: &term_list::Entry,
    key: &term_store::Key,
    laid: &TermStore,
    reread: &Reread<'_>,
    x: &Export,
    fields: &[FieldScoring; 3],
) -> Result<(LaidBlocks, Blob, bool), SearchError> {
    if let Some((blocks, stored)) = laid.previous(key).and_then(term_store::checked) {
        return Ok((blocks, stored, true));
    }
    let blocks = lay(&reread(&e.term)?, None, x, fields);
    let stored = term_store::stored(&blocks);
    Ok((blocks, stored, false))
}

/// A term for the layout, in term order.
pub enum Item<'a> {
    /// Read out of the index: its postings per text field.
    Read(&'a str, &'a [Vec<Posting>; 3]),
    /// Taken from the last export (at this place in its term list): none of its
    /// postings changed since.
    Kept(u32, &'a term_list::Entry),
}

impl Item<'_> {
    fn term(&self) -> &str {
        match self {
            Item::Read(term, _) => term,
            Item::Kept(_, e) => &e.term,
        }
    }

    /// Per text field, how many documents have the term.
    fn dfs(&self) -> [u32; 3] {
        match self {
            Item::Read(_, lists) => lists.each_ref().map(|l| l.len() as u32),
            Item::Kept(_, e) => e.dfs,
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
    blocks: BlockPacker,
    /// The last export's terms, when this one follows an update of it.
    last: Option<&'x TermList>,
    pending: Pending,
    /// The block packs waiting in `pending`, by number, in the order they went there.
    waiting: Vec<usize>,
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
    pub fn new(x: &'x Export, per: u32, print: &str, last: Option<&'x TermList>) -> Layout<'x> {
        let averages = averages(x);
        let basis = basis(x);
        Layout {
            x,
            dir: format!("{}/{}", crate::paths::SEARCH_DIR, x.lang),
            averages,
            fields: std::array::from_fn(|f| FieldScoring::with_average(averages[f], TEXT_FIELDS[f].1)),
            basis,
            keys: BTreeMap::new(),
            blocks: BlockPacker::default(),
            last,
            pending: Pending::default(),
            waiting: Vec::new(),
            dfs: [0].into(),
            per,
            related: related::Builder::new(&x.offsets),
            list: TermList {
                print: print.to_owned(),
                basis,
                read: 0,
                kept_packs: 0,
                entries: Vec::new(),
                packs: Vec::new(),
            },
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
        let (x, lang) = (self.x, &self.x.lang);
        let (fields, basis) = (&self.fields.clone(), &self.basis);
        self.dfs.extend(batch.iter().flat_map(|item| item.dfs().map(u64::from)));
        let merged: Vec<(String, Merged)> = batch
            .par_iter()
            .map(|item| {
                let m = match item {
                    Item::Read(_, lists) => merged(lists, x, basis),
                    Item::Kept(_, e) => match &e.laid {
                        term_list::Laid::Inline(inline) => Merged::Inline(inline.clone()),
                        term_list::Laid::Blocks { key, .. } => Merged::Blocks(*key, None),
                    },
                };
                Ok((json(lang, &item.term())?, m))
            })
            .collect::<Result<_, SearchError>>()?;
        // The last export's layouts of the terms read are read one at a time; they are
        // checked, and the others made, on every core. A kept term's waits for its turn.
        let kept: Vec<Option<Blob>> = (batch.iter().zip(&merged))
            .map(|(item, (_, m))| match (item, m) {
                (Item::Read(..), Merged::Blocks(key, _)) => laid.previous(key),
                _ => None,
            })
            .collect();
        let done: Vec<(String, Laid)> = (batch.par_iter())
            .zip(merged)
            .zip(kept)
            .map(|((item, (name, m)), kept)| match (item, m) {
                (_, Merged::Inline(inline)) => (name, Laid::Inline(inline)),
                (Item::Kept(..), Merged::Blocks(key, _)) => (name, Laid::Deferred(key)),
                (Item::Read(_, lists), Merged::Blocks(key, postings)) => match kept.and_then(term_store::checked) {
                    Some((blocks, stored)) => (name, Laid::Blocks { blocks, key, stored, reused: true }),
                    None => {
                        let blocks = lay(lists, postings, x, fields);
                        let stored = term_store::stored(&blocks);
                        (name, Laid::Blocks { blocks, key, stored, reused: false })
                    }
                },
            })
            .collect();
        for (item, (name, done)) in batch.iter().zip(done) {
            let [a, b, c] = item.dfs();
            // Postings and heads are in the JSON-safe alphabet.
            let (member, kept_laid) = match done {
                Laid::Inline(inline) => (format!("{name}:[{a},{b},{c},\"{inline}\"]"), term_list::Laid::Inline(inline)),
                Laid::Deferred(key) => {
                    let Item::Kept(at, e) = item else { unreachable!("only a kept term waits") };
                    match &e.laid {
                        // Its blocks keep their numbers: taken as they were, not even read.
                        term_list::Laid::Blocks { first, sizes, head, .. }
                            if *first == self.blocks.next_block() && laid.keep(&key) =>
                        {
                            for (i, &len) in sizes.iter().enumerate() {
                                let block = block_packs::Block::Kept { len, term: *at, i: i as u32 };
                                self.add_block(block, sink, store, laid, reread)?;
                            }
                            (format!("{name}:[{a},{b},{c},[\"{head}\"]]"), e.laid.clone())
                        }
                        _ => {
                            let (blocks, stored, reused) = relaid(e, &key, laid, reread, x, fields)?;
                            laid.record(&key, &stored, reused)?;
                            self.blocks_of(&name, [a, b, c], key, blocks, sink, store, laid, reread)?
                        }
                    }
                }
                Laid::Blocks { blocks, key, stored, reused } => {
                    laid.record(&key, &stored, reused)?;
                    self.blocks_of(&name, [a, b, c], key, blocks, sink, store, laid, reread)?
                }
            };
            let sections = match item {
                Item::Read(_, lists) => self.related.sections(lists),
                Item::Kept(_, e) => e.sections.clone(),
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
        self.flush(sink, store)
    }

    /// The key-pack member of a term laid out in `blocks` (document frequencies `dfs`, key
    /// `key` in the term store), with its entry in the term list; its blocks after the
    /// first go to the block packs.
    #[allow(clippy::too_many_arguments)]
    fn blocks_of(
        &mut self,
        name: &str,
        [a, b, c]: [u32; 3],
        key: term_store::Key,
        blocks: LaidBlocks,
        sink: &mut dyn Sink,
        store: &mut PackStore,
        laid: &TermStore,
        reread: &Reread<'_>,
    ) -> Result<(String, term_list::Laid), SearchError> {
        let first = self.blocks.next_block();
        let head = encode_head(&blocks.heads, first, &blocks.first);
        let sizes = blocks.rest.iter().map(|b| b.len() as u32).collect();
        for postings in blocks.rest {
            self.add_block(block_packs::Block::Made(postings), sink, store, laid, reread)?;
        }
        let member = format!("{name}:[{a},{b},{c},[\"{head}\"]]");
        Ok((member, term_list::Laid::Blocks { key, first, sizes, head }))
    }

    /// Adds a block to the block packs; a pack it closes is handed over.
    fn add_block(
        &mut self,
        block: block_packs::Block,
        sink: &mut dyn Sink,
        store: &mut PackStore,
        laid: &TermStore,
        reread: &Reread<'_>,
    ) -> Result<(), SearchError> {
        match self.blocks.add(block) {
            Some(closed) => self.closed(closed, sink, store, laid, reread),
            None => Ok(()),
        }
    }

    /// Hands over a block pack just closed: kept as it stands when its blocks are all kept
    /// and the last export made the same pack, which the output still holds; else its JSON
    /// (kept blocks read from the store `laid`) goes to the packs waiting to be compressed.
    fn closed(
        &mut self,
        closed: Closed,
        sink: &mut dyn Sink,
        store: &mut PackStore,
        laid: &TermStore,
        reread: &Reread<'_>,
    ) -> Result<(), SearchError> {
        let (lang, dir, n) = (&self.x.lang, &self.dir, closed.n);
        let path = format!("{dir}/b/{n}.js");
        let count = closed.blocks.len() as u32;
        let before = self.last.and_then(|l| l.packs.get(n)).copied();
        if let Some((first, was, key)) = before
            && closed.all_kept()
            && first == closed.first
            && was == count
            && store.hold(&key, &path, sink)
        {
            self.list.packs.push((first, count, key));
            self.list.kept_packs += 1;
            return Ok(());
        }
        // A kept block is its term's layout's, read once for the pack; one its layout does
        // not have, or of another length, is an error, never a block left out.
        let lost = || SearchError::Export { name: lang.clone(), message: "a kept block lost".into() };
        let mut read: BTreeMap<u32, LaidBlocks> = BTreeMap::new();
        let mut json = Vec::with_capacity(closed.blocks.len());
        for block in closed.blocks {
            match block {
                block_packs::Block::Made(postings) => json.push(postings),
                block_packs::Block::Kept { len, term, i } => {
                    let e = self.last.and_then(|l| l.entries.get(term as usize)).ok_or_else(lost)?;
                    let term_list::Laid::Blocks { key, .. } = &e.laid else { return Err(lost()) };
                    if let std::collections::btree_map::Entry::Vacant(v) = read.entry(term) {
                        v.insert(relaid(e, key, laid, reread, self.x, &self.fields)?.0);
                    }
                    let postings = read[&term].rest.get(i as usize).filter(|p| p.len() == len as usize);
                    json.push(postings.ok_or_else(lost)?.clone());
                }
            }
        }
        self.pending.push(path, format!("{lang}/b/{n}"), format!("[{}]", json.join(",")));
        self.waiting.push(n);
        self.list.packs.push((closed.first, count, [0; 32]));
        Ok(())
    }

    /// Hands the packs waiting to `sink` and `store`, and notes the block packs' keys.
    fn flush(&mut self, sink: &mut dyn Sink, store: &mut PackStore) -> Result<(), SearchError> {
        let keys = self.pending.flush(sink, store)?;
        for (n, key) in std::mem::take(&mut self.waiting).into_iter().zip(keys) {
            if let Some(pack) = self.list.packs.get_mut(n) {
                pack.2 = key;
            }
        }
        Ok(())
    }

    /// Writes the key packs (with `lexicon`'s entries), the related packs and `meta.js`;
    /// returns the related sections and the terms as laid out.
    pub fn finish(
        mut self,
        sink: &mut dyn Sink,
        store: &mut PackStore,
        (laid, reread): (&TermStore, &Reread<'_>),
        lexicon: &Lexicon,
    ) -> Result<(Related, TermList), SearchError> {
        if let Some(closed) = self.blocks.close() {
            self.closed(closed, sink, store, laid, reread)?;
            self.flush(sink, store)?;
        }
        let Layout { x, dir, averages, mut keys, blocks, mut pending, dfs, per, related, list, .. } = self;
        let lang = &x.lang;
        let dir = &dir;
        let docs = u64::from(x.num_docs);
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
