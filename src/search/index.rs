//! The tantivy index of one language, kept in the cache folder outside the output
//! (`ROOT/.tebiki/cache/search/<lang>/`).
//!
//! 1. The search documents are fingerprinted ([`super::prints`], with the index format
//!    version); when the cache holds an index with the same fingerprint it is opened as it
//!    is.
//! 2. Otherwise, when the cache holds an index of the same format with each guide's
//!    fingerprint beside it (`guides.json`), only the guides that changed are redone:
//!    their documents are deleted (by the `guide` term) and added again as a segment of
//!    their own, new guides are added, removed ones deleted. The segments are merged into
//!    one only when they are many or a fifth of their documents are deleted
//!    ([`worth_merging`](super::segments::worth_merging)): ranking and the export leave deleted documents out of every
//!    count BM25 uses, so several segments answer and export as one.
//! 3. Else the folder is emptied and every document is indexed, by several writer threads
//!    on a large site (a segment each, left as they are).
//! 4. Either way, documents keep a *canonical number*: their rank in guide-slug order,
//!    then in the order of their guide's documents (each document's place in its guide
//!    is a fast field, `ord`: threads index documents in any order) — the order a clean
//!    build adds them in. Ranking breaks ties by it and the export numbers documents by it, so an updated
//!    index answers and exports exactly as a clean one ([`LangIndex::canonical`]).
//! 5. The query lexicon ([`super::lexicon`]) is built from the same documents and the
//!    synonym groups, and kept beside the index (`lexicon.json`); the fingerprint covers
//!    the groups too. A build's update leaves it to be made while the export runs
//!    ([`super::pending_lexicon`]), with the reading and writing of what it reads of each
//!    guide, kept per guide (`text.bin`, [`text_cache`], each entry with its guide's
//!    fingerprint); each guide's exact token counts are kept too (`guides.json`): an
//!    update gathers both only for the guides that changed. The fingerprints are written
//!    last and removed before the index changes, so a build killed half-way leads to a
//!    full rebuild, never a stale index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::SearchError;
use super::cache_directory::CacheDirectory;
use super::kept_order;
use super::lexicon::{Group, GuideText, Lexicon};
pub use super::pending_lexicon::PendingLexicon;
use super::pending_lexicon::{GuideEntry, make_lexicon, write_lexicon};
use super::prints::{GuidePrint, Prints, fingerprint_of};
use super::quiet::quietly;
use super::schema::{Documents, Fields, SearchDoc, excerpt};
use super::segments::{canonical_order, worth_merging};
use super::text_cache::{self, gather};
use super::tokenizer::{TOKENIZER_NAME, TebikiTokenizer};

/// Bumped whenever the tokenizer, schema, document extraction or the making of the lexicon
/// changes meaning, so a cached index made by an older tebiki is rebuilt.
pub const INDEX_VERSION: u32 = 12;

pub(super) const FINGERPRINT_FILE: &str = "tebiki-fingerprint";
const GUIDES_FILE: &str = "guides.json";
pub(super) const LEXICON_FILE: &str = "lexicon.json";
/// The JSON file in which earlier versions kept each guide's text ([`text_cache`] now):
/// removed where found.
const OLD_TEXT_FILE: &str = "text.json";

/// An open index with its reader and fields.
pub struct LangIndex {
    pub lang: String,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// What queries may be rewritten to (see [`super::lexicon`]).
    pub lexicon: Lexicon,
    /// Per text field, how many tokens the documents have (exact; see [`count_tokens`]).
    pub total_tokens: [u64; 3],
    /// Each section's related sections, for a query: `None` as a build opens the index
    /// (it makes them anew), and until [`super::related::with_related`] or
    /// [`open_cached`] reads them.
    pub related: Option<super::related::Related>,
    /// What the update that brought the index up to date changed, for the export to follow
    /// ([`super::follow`]); `None` when it was not an update of guides edited in place.
    pub previous: Option<super::follow::Previous>,
    /// Per segment, per document, its canonical number (see the module doc); `None` for a
    /// deleted document.
    canonical: Vec<Vec<Option<u32>>>,
    /// Per canonical number, the document's address.
    address: Vec<tantivy::DocAddress>,
}

impl LangIndex {
    /// The canonical number of document `doc` of segment `seg`, unless it is deleted.
    pub fn canonical(&self, seg: usize, doc: u32) -> Option<u32> {
        self.canonical.get(seg).and_then(|docs| docs.get(doc as usize).copied()).flatten()
    }

    /// The document with canonical number `n`.
    pub fn address(&self, n: u32) -> tantivy::DocAddress {
        self.address.get(n as usize).copied().unwrap_or(tantivy::DocAddress::new(0, n))
    }

    /// How many documents the index holds (deleted ones not counted).
    pub fn num_docs(&self) -> u32 {
        self.address.len() as u32
    }

    /// Whether canonical numbers are the documents' own: every document in the first
    /// segment, in canonical order (an index built in one go by one thread).
    pub fn in_canonical_order(&self) -> bool {
        self.address.iter().enumerate().all(|(i, d)| d.segment_ord == 0 && i as u32 == d.doc_id)
    }
}

/// How the cached index was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// It was up to date.
    Kept,
    /// Only these many guides were re-indexed (changed, added or removed).
    Guides(usize),
    /// Everything was indexed.
    Rebuilt,
}

/// The cache folder of one language's index.
pub fn index_dir(cache_dir: &Path, lang: &str) -> PathBuf {
    cache_dir.join("search").join(lang)
}

/// What `guides.json` holds: the index version and, per indexed guide, its fingerprint
/// and how many tokens its documents have per text field.
#[derive(serde::Serialize, serde::Deserialize)]
struct Indexed {
    version: u32,
    guides: BTreeMap<String, (String, [u64; 3])>,
}

/// Whether the cache holds the index of `lang` with fingerprint `print`.
pub fn is_current(cache_dir: &Path, lang: &str, print: &str) -> bool {
    std::fs::read_to_string(index_dir(cache_dir, lang).join(FINGERPRINT_FILE)).is_ok_and(|p| p == print)
}

/// Opens the cached index of `docs` (and its lexicon, made with the synonym `groups`),
/// updating or building them as needed (see the module doc). A cached index that cannot
/// be opened, or whose files do not match their checksums, is built again.
/// With `side_by_side` (a [small](crate::link::Site::is_small) site), the lexicon is made
/// beside the index instead of before it.
pub fn open_or_build(
    cache_dir: &Path,
    lang: &str,
    docs: &dyn Documents,
    groups: &[Group],
    side_by_side: bool,
) -> Result<(LangIndex, Update), SearchError> {
    let print = fingerprint_of(docs, groups);
    open_or_build_printed(cache_dir, lang, docs, groups, &print, side_by_side, None)
}

/// [`open_or_build`], with the fingerprints of `docs` and `groups` already taken. With
/// `defer`, an update of a larger site leaves its lexicon to the caller: it is handed
/// there ([`PendingLexicon`]) before the index changes, to be made beside the update and
/// the export (on 1,000 guides it takes several times the update itself), and the index
/// is marked current once the caller has [finished](PendingLexicon::finish) it.
pub fn open_or_build_printed<'g>(
    cache_dir: &Path,
    lang: &str,
    docs: &'g dyn Documents,
    groups: &'g [Group],
    prints: &Prints,
    side_by_side: bool,
    mut defer: Option<&mut dyn FnMut(PendingLexicon<'g>)>,
) -> Result<(LangIndex, Update), SearchError> {
    let dir = index_dir(cache_dir, lang);
    let print = &prints.whole;
    let stamp = dir.join(FINGERPRINT_FILE);
    let stamped = std::fs::read_to_string(&stamp).ok();
    if stamped.as_deref() == Some(print.as_str()) {
        // A cache that no longer reads as it was written (its files' checksums, its
        // lexicon) is made again below, never used.
        let checked = quietly(|| Index::open_in_dir(&dir).ok()).flatten().is_some_and(|index| sound(&index));
        if let Some(index) = checked.then(|| open_with(&dir, lang, None, true).ok()).flatten() {
            return Ok((index, Update::Kept));
        }
    }
    let before = previous(&dir);
    if before.is_none() || side_by_side {
        defer = None;
    }
    let deferred = defer.is_some();
    if deferred && lang == "ja" {
        // The lexicon to be made needs the dictionary: it is parsed while the index changes.
        // (Made beside the index, the lexicon of a build from nothing reads it meanwhile.)
        super::dict::prefetch();
    }
    // The guides' text is for the lexicon: a deferred one reads the kept text itself,
    // beside the export.
    let mut before_text = match before {
        Some(_) if !deferred => text_cache::read(&dir.join(text_cache::FILE)),
        _ => BTreeMap::new(),
    };
    // From here on the index changes: without its fingerprints it is not trusted. (The
    // kept text stays: each entry is a guide's with its fingerprint, never taken for
    // another's.)
    for f in [FINGERPRINT_FILE, GUIDES_FILE, OLD_TEXT_FILE] {
        let path = dir.join(f);
        if path.exists() {
            crate::fsx::remove_file(&path)?;
        }
    }
    // Per guide, its token counts and text: kept from the cache when it is unchanged (the
    // text moved out of what was read, not copied), else gathered from its documents,
    // made again (in parallel). A deferred lexicon reads the text of unchanged guides.
    let mut per_guide: Vec<(usize, &GuidePrint, [u64; 3], Option<GuideText>)> = prints
        .guides()
        .map(|(i, g)| {
            let text = before_text.remove(&g.slug).filter(|(p, _)| *p == g.print).map(|t| t.1);
            (i, g, text)
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, g, text)| {
            let tokens = before.as_ref().and_then(|old| old.get(&g.slug)).filter(|(p, _)| *p == g.print).map(|t| t.1);
            match (tokens, text) {
                (Some(tokens), Some(text)) => (i, g, tokens, Some(text)),
                (Some(tokens), None) if deferred => (i, g, tokens, None),
                _ => {
                    let (tokens, text) = gather(&docs.of(i));
                    (i, g, tokens, Some(text))
                }
            }
        })
        .collect();
    // A deferred lexicon starts now, beside the update (the stale one goes first): it
    // reads the unchanged guides' text itself.
    if let Some(start) = defer {
        let path = dir.join(LEXICON_FILE);
        // Read first: the same words make the same lexicon again.
        let last = std::fs::read(&path).ok();
        if path.exists() {
            crate::fsx::remove_file(&path)?;
        }
        let mut guides: Vec<GuideEntry> = (per_guide.iter_mut())
            .map(|(i, g, _, text)| GuideEntry {
                slug: g.slug.clone(),
                print: g.print.clone(),
                doc: *i,
                text: text.take(),
            })
            .collect();
        guides.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        start(PendingLexicon {
            dir: dir.clone(),
            lang: lang.to_owned(),
            print: print.clone(),
            guides,
            docs,
            groups,
            last,
            key: std::sync::OnceLock::new(),
        });
    }
    let texts: Vec<&GuideText> = per_guide.iter().filter_map(|g| g.3.as_ref()).collect();
    let lexicon = || make_lexicon(&dir, lang, &texts, groups);
    let mut previous = None;
    let mut index = |beside: &mut dyn FnMut()| -> Result<Update, SearchError> {
        match &before {
            Some(old) => {
                let (update, p) = update(&dir, docs, old, prints, beside, stamped.clone())?;
                previous = p;
                Ok(update)
            }
            None => {
                if dir.exists() {
                    crate::fsx::remove_dir_all(&dir)?;
                }
                crate::fsx::create_dir_all(&dir)?;
                build(&dir, docs, prints, threads_for(prints.documents()), beside)?;
                Ok(Update::Rebuilt)
            }
        }
    };
    // The lexicon and the index side by side on a small site (on the bundled guides, the
    // index is made while the dictionary is read). On a larger one the index's threads
    // have the cores, and the lexicon is made once the documents are in (while tantivy
    // merges the segments, when an update merges them).
    let (lexicon, update) = if side_by_side {
        let (lexicon, update) = rayon::join(lexicon, || index(&mut || ()));
        (Some(lexicon?), update?)
    } else if deferred {
        // The lexicon of a deferred update is made, and written, by the caller.
        (None, index(&mut || ())?)
    } else {
        let mut made = None;
        let update = index(&mut || made = Some(lexicon()))?;
        (Some(made.unwrap_or_else(lexicon)?), update)
    };
    let counted: BTreeMap<String, (String, [u64; 3])> =
        per_guide.iter().map(|(_, g, tokens, _)| (g.slug.clone(), (g.print.clone(), *tokens))).collect();
    if let Some(lexicon) = &lexicon {
        write_lexicon(&dir, lexicon)?;
    }
    let indexed = serde_json::to_vec(&Indexed { version: INDEX_VERSION, guides: counted })
        .map_err(|e| SearchError::Corrupt { path: dir.join(GUIDES_FILE), message: e.to_string() })?;
    crate::fsx::write(&dir.join(GUIDES_FILE), &indexed)?;
    if !deferred {
        let mut text: Vec<(&str, &str, &GuideText)> = per_guide
            .iter()
            .filter_map(|(_, g, _, t)| Some((g.slug.as_str(), g.print.as_str(), t.as_ref()?)))
            .collect();
        text.sort_unstable_by_key(|t| t.0);
        text_cache::write(&dir.join(text_cache::FILE), text.into_iter())?;
    }
    let mut index = open_with(&dir, lang, Some(lexicon.unwrap_or_default()), true)?;
    index.previous = previous;
    if update == Update::Rebuilt {
        // Built in one go, tantivy's own count is exact: the two must agree.
        let searcher = index.reader.searcher();
        for (f, field) in index.fields.text.iter().enumerate() {
            let exact: u64 = searcher
                .segment_readers()
                .iter()
                .map(|seg| seg.inverted_index(*field).map(|inv| inv.total_num_tokens()))
                .sum::<tantivy::Result<u64>>()
                .map_err(tantivy_err(&dir))?;
            if exact != index.total_tokens[f] {
                return Err(SearchError::Corrupt { path: dir, message: "token counts differ from the index's".into() });
            }
        }
    }
    if deferred {
        return Ok((index, update));
    }
    crate::fsx::write(&stamp, print.as_bytes())?;
    Ok((index, update))
}

/// The guides of the cached index, when it can be updated in place: same version, and it
/// opens as one segment.
fn previous(dir: &Path) -> Option<BTreeMap<String, (String, [u64; 3])>> {
    let bytes = std::fs::read(dir.join(GUIDES_FILE)).ok()?;
    let indexed: Indexed = serde_json::from_slice(&bytes).ok()?;
    let index = quietly(|| Index::open_in_dir(dir).ok()).flatten()?;
    (indexed.version == INDEX_VERSION && sound(&index)).then_some(indexed.guides)
}

/// Whether every file of the index has the checksum its footer records (a file damaged
/// or cut short since it was written does not). Reads the whole index: about 10 ms for
/// 1,000 guides.
fn sound(index: &Index) -> bool {
    quietly(|| index.validate_checksum().is_ok_and(|damaged| damaged.is_empty())).unwrap_or(false)
}

/// Opens the index of `lang` in the cache as it is, without comparing it with any
/// documents: for `tebiki search` when the source stamp ([`super::stamp`]) says the
/// cache was made from the site as it is. Its related sections are those kept for it, if
/// any.
pub fn open_cached(cache_dir: &Path, lang: &str) -> Result<LangIndex, SearchError> {
    let dir = index_dir(cache_dir, lang);
    let mut index = open_with(&dir, lang, None, false)?;
    index.related = super::related::kept(&dir);
    Ok(index)
}

fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    move |source| SearchError::Index { path: dir.to_owned(), source }
}

fn register(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, TebikiTokenizer::default());
}

/// Opens the index in `dir` with `lexicon`, else the one beside it; the documents'
/// canonical order kept beside it when it holds ([`kept_order`]), else read from the index
/// and, with `keep` (a build, which holds the cache), kept.
fn open_with(dir: &Path, lang: &str, lexicon: Option<Lexicon>, keep: bool) -> Result<LangIndex, SearchError> {
    let err = tantivy_err(dir);
    let index = Index::open_in_dir(dir).map_err(&err)?;
    register(&index);
    let corrupt = |message: &str| SearchError::Corrupt { path: dir.to_owned(), message: message.into() };
    let fields = Fields::from_schema(index.schema()).ok_or_else(|| corrupt("unexpected schema"))?;
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(&err)?;
    let searcher = reader.searcher();
    // The documents' canonical order, kept or read from the index (on this thread: a damaged
    // index may panic, see [`quietly`]), and the lexicon and the guides' record.
    let json = || -> Result<(Lexicon, Indexed), SearchError> {
        let lexicon = match lexicon {
            Some(lexicon) => lexicon,
            None => {
                let path = dir.join(LEXICON_FILE);
                serde_json::from_str(&crate::fsx::read_to_string(&path)?)
                    .map_err(|e| SearchError::Corrupt { path, message: e.to_string() })?
            }
        };
        let path = dir.join(GUIDES_FILE);
        let indexed: Indexed = serde_json::from_str(&crate::fsx::read_to_string(&path)?)
            .map_err(|e| SearchError::Corrupt { path, message: e.to_string() })?;
        Ok((lexicon, indexed))
    };
    let order = || match kept_order::read(dir, &searcher) {
        Some(kept) => Ok((kept, true)),
        None => canonical_order(&searcher, fields.guide).map(|order| (order, false)),
    };
    // A query parses the lexicon on a thread of its own (not rayon's: `rayon::join` from
    // outside the pool would run the order on a pool thread too). A build, which holds the
    // cache and mostly passes the lexicon it made, does both here, as before.
    let (order, json) = if keep {
        (order(), json())
    } else {
        std::thread::scope(|s| {
            let json = s.spawn(json);
            (order(), json.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })
    };
    let ((canonical, address), was_kept) = order.map_err(&err)?;
    if keep && !was_kept {
        kept_order::write(dir, &searcher, &address)?;
    }
    if address.len() != searcher.num_docs() as usize {
        return Err(corrupt("documents without a guide"));
    }
    let (lexicon, indexed) = json?;
    let mut total_tokens = [0u64; 3];
    for (_, tokens) in indexed.guides.values() {
        for f in 0..3 {
            total_tokens[f] += tokens[f];
        }
    }
    let related = None;
    let previous = None;
    Ok(LangIndex {
        lang: lang.to_owned(),
        index,
        reader,
        fields,
        lexicon,
        total_tokens,
        related,
        previous,
        canonical,
        address,
    })
}

/// How many guides' documents are made at once (on every core) to be added to an index.
const ADD_BATCH: usize = 64;

/// Adds the documents of the guides `which` of `docs` to `writer`, in that order, each
/// with its place in its guide; a batch of guides made at a time.
fn add_documents(
    writer: &IndexWriter,
    fields: &Fields,
    docs: &dyn Documents,
    which: &[usize],
    err: &impl Fn(tantivy::TantivyError) -> SearchError,
) -> Result<(), SearchError> {
    for batch in which.chunks(ADD_BATCH) {
        let made: Vec<Vec<TantivyDocument>> = batch
            .par_iter()
            .map(|&i| docs.of(i).iter().enumerate().map(|(ord, d)| tantivy_doc(fields, d, ord as u64)).collect())
            .collect();
        for doc in made.into_iter().flatten() {
            writer.add_document(doc).map_err(err)?;
        }
    }
    Ok(())
}

fn tantivy_doc(fields: &Fields, d: &SearchDoc, ord: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.ord, ord);
    let [title, heading, body] = fields.text;
    doc.add_text(title, &d.guide_title);
    doc.add_text(heading, &d.heading);
    doc.add_text(body, &d.body);
    doc.add_text(fields.excerpt, excerpt(&d.body));
    doc.add_text(fields.guide, &d.guide);
    doc.add_text(fields.section, &d.section);
    doc.add_text(fields.kind, d.kind.as_str());
    doc.add_text(fields.url, &d.url);
    doc
}

/// From how many documents an index is built by several threads (a segment each): below
/// it, the threads cost more than they save. At 48,601
/// documents (1,000 generated guides) two threads index in 2.0 s where one takes 3.2 s.
const THREADED_DOCS: usize = 4096;

/// How many threads index `docs` documents: several when they are many (see
/// [`THREADED_DOCS`]), at most as many as rayon's pool has (`RAYON_NUM_THREADS`).
fn threads_for(docs: usize) -> usize {
    if docs >= THREADED_DOCS { rayon::current_num_threads().clamp(1, 4) } else { 1 }
}

/// A writer of `threads` threads with memory enough that documents of `text_bytes` bytes
/// of text stay in one segment per thread (tantivy's limit is ~4 GB a thread), merging
/// only when told.
fn writer(index: &Index, dir: &Path, text_bytes: usize, threads: usize) -> Result<IndexWriter, SearchError> {
    let budget = (text_bytes.saturating_mul(24)).clamp(64 << 20, 3 << 30).max(threads * (32 << 20));
    let writer = index.writer_with_num_threads::<TantivyDocument>(threads, budget).map_err(tantivy_err(dir))?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    Ok(writer)
}

/// Indexes `docs` (fingerprinted as `prints`) into a new index in `dir` with `threads`
/// threads (a segment each); runs `beside` once the documents are in.
fn build(
    dir: &Path,
    docs: &dyn Documents,
    prints: &Prints,
    threads: usize,
    beside: &mut dyn FnMut(),
) -> Result<(), SearchError> {
    let err = tantivy_err(dir);
    let fields = Fields::new();
    let written = CacheDirectory::open(dir).map_err(tantivy::TantivyError::from).map_err(&err)?;
    let index = Index::create(written, fields.schema.clone(), tantivy::IndexSettings::default()).map_err(&err)?;
    register(&index);
    let all: Vec<usize> = (0..docs.guides()).collect();
    let mut writer = writer(&index, dir, prints.size_of(&all).1, threads)?;
    add_documents(&writer, &fields, docs, &all, &err)?;
    writer.commit().map_err(&err)?;
    beside();
    writer.wait_merging_threads().map_err(&err)
}

/// Merges `segments` into one (when `merge`) on tantivy's merge thread while `beside`
/// runs on this one.
fn merge_beside(
    writer: &mut IndexWriter,
    segments: &[tantivy::index::SegmentId],
    merge: bool,
    beside: &mut dyn FnMut(),
    err: &impl Fn(tantivy::TantivyError) -> SearchError,
) -> Result<(), SearchError> {
    let merging = merge.then(|| writer.merge(segments));
    beside();
    if let Some(merging) = merging {
        merging.wait().map_err(err)?;
    }
    Ok(())
}

/// Re-indexes the guides whose fingerprint differs from `old` (and removes those gone),
/// as a segment of their own; merges the segments into one when they are [worth
/// merging](super::segments::worth_merging), running `beside` meanwhile. With what the
/// export needs to follow the update ([`super::follow`]), when it edits guides in place;
/// `stamped` is the index's fingerprint before it.
fn update(
    dir: &Path,
    docs: &dyn Documents,
    old: &BTreeMap<String, (String, [u64; 3])>,
    prints: &Prints,
    beside: &mut dyn FnMut(),
    stamped: Option<String>,
) -> Result<(Update, Option<super::follow::Previous>), SearchError> {
    let err = tantivy_err(dir);
    let written = CacheDirectory::open(dir).map_err(tantivy::TantivyError::from).map_err(&err)?;
    let index = Index::open(written).map_err(&err)?;
    register(&index);
    let fields = Fields::from_schema(index.schema())
        .ok_or_else(|| SearchError::Corrupt { path: dir.to_owned(), message: "unexpected schema".into() })?;
    let before = |slug: &String| old.get(slug).map(|o| o.0.as_str());
    let new = prints.by_slug();
    let stale: Vec<&String> = old.keys().filter(|slug| new.get(slug.as_str()).copied() != before(slug)).collect();
    let redone: Vec<(usize, &GuidePrint)> =
        prints.guides().filter(|(_, g)| before(&g.slug) != Some(g.print.as_str())).collect();
    let fresh: Vec<usize> = redone.iter().map(|(i, _)| *i).collect();
    let changed = stale.len() + new.keys().filter(|slug| !old.contains_key(**slug)).count();
    let (fresh_docs, fresh_bytes) = prints.size_of(&fresh);
    let previous = {
        let reader: IndexReader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(&err)?;
        let stale: Vec<String> = stale.iter().map(|s| (*s).clone()).collect();
        let mut fresh: Vec<String> = redone.iter().map(|(_, g)| g.slug.clone()).collect();
        fresh.sort_unstable();
        super::follow::before_update(&reader.searcher(), &fields, &stale, &fresh, stamped).map_err(&err)?
    };
    let mut writer = writer(&index, dir, fresh_bytes, threads_for(fresh_docs))?;
    for slug in &stale {
        writer.delete_term(Term::from_field_text(fields.guide, slug));
    }
    add_documents(&writer, &fields, docs, &fresh, &err)?;
    writer.commit().map_err(&err)?;
    // The segments' metas are let go before the files are collected: tantivy keeps the
    // files of every segment whose meta is still held.
    let (segments, merge) = {
        let metas = index.searchable_segment_metas().map_err(&err)?;
        (metas.iter().map(|m| m.id()).collect::<Vec<_>>(), worth_merging(&metas))
    };
    merge_beside(&mut writer, &segments, merge, beside, &err)?;
    writer.garbage_collect_files().wait().map_err(&err)?;
    writer.wait_merging_threads().map_err(&err)?;
    Ok((Update::Guides(changed), previous))
}

#[cfg(test)]
mod tests;
