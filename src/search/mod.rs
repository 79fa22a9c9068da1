//! Search: the index and export stages of the pipeline. Indexes every section and
//! subsection of the site per language with tantivy, answers queries (`tebiki search`,
//! `src/cmd/search.rs`), and exports the shards the browser engine reads.
//!
//! 1. [`schema`] draws the search documents from the model and defines the fields.
//! 2. [`tokenizer`] is the one tokenizer of index and query time.
//! 3. [`index`] builds (or reopens) each language's index in the cache folder, by the
//!    [`prints`] of its documents, with its query [`lexicon`] (made with the Japanese
//!    [`dict`]ionary and the synonym groups). An index may have several segments;
//!    [`segments`] reads them as one.
//! 4. [`query`] defines the query semantics, [`expand`] rewrites a query with the
//!    lexicon, and [`rank`] scores documents by how well they answer it.
//! 5. [`export`] writes the browser shards (format: `docs/search-format.md`), their
//!    postings encoded and laid out by [`bm25`] score in [`postings`] ([`term_layout`]);
//!    after an update of guides edited in place it reads only the terms the update
//!    changed ([`follow`]) and keeps the others from the last export ([`term_list`]).
//! 6. [`ndjson`] writes the search documents for other engines (`tebiki export`).
//! 7. [`assets`] emits the browser engine and UI (`js/`), as ES modules and as one
//!    classic script; [`shared`] holds the constants both engines use.
//!
//! Interface for the build: a search [`Plan`] draws the documents and gives the key of
//! the search files (unchanged key: the build keeps the files it has); its `build`
//! updates the cached indexes and returns the files to add below `assets/search/`.
//! [`stamp`] records what the cached indexes were made from, so that `tebiki search` can
//! open them without loading the project.

pub mod assets;
pub mod blob_store;
pub mod block_packs;
pub mod bm25;
mod cache_directory;
pub mod dict;
mod doc_packs;
pub mod expand;
pub mod export;
pub mod follow;
pub mod index;
pub mod kept_order;
pub mod le_bytes;
pub mod lexicon;
mod meta;
pub mod ndjson;
pub mod packs;
pub mod pending_lexicon;
pub mod postings;
pub mod prints;
pub mod query;
pub mod quiet;
pub mod rank;
pub mod related;
pub mod schema;
pub mod segments;
pub mod shared;
pub mod stamp;
pub mod term_layout;
pub mod term_list;
pub mod term_store;
pub mod text_cache;
pub mod tokenizer;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::link::Site;
use crate::write::Output;

pub use index::LangIndex;
pub use query::{Hit, Outcome};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Fs(#[from] crate::fsx::FsError),
    #[error("search index {}: {source}", path.display())]
    Index {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("search index {}: {message}; delete the folder to rebuild it", path.display())]
    Corrupt { path: PathBuf, message: String },
    #[error("searching the `{lang}` index: {source}")]
    Query {
        lang: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("no guides in language `{lang}` (languages with guides: {available})")]
    NoLanguage { lang: String, available: String },
    #[error("search shard {name}: {message}")]
    Export { name: String, message: String },
    #[error("the default thesaurus: {0}")]
    Thesaurus(String),
}

/// The synonym groups of a language of the site: the default thesaurus unless the
/// config turns it off, and the site's own `[search.synonyms]`.
pub fn synonym_groups(site: &Site, lang: &str) -> Result<Vec<lexicon::Group>, SearchError> {
    let own = site.config.synonyms.get(lang).map_or(&[][..], Vec::as_slice);
    lexicon::groups(lang, site.config.default_synonyms, own).map_err(SearchError::Thesaurus)
}

/// The search side of a build, planned: each language's documents (made guide by guide
/// when needed) and synonym groups, and a key that changes exactly when the exported
/// files would.
pub struct Plan<'s> {
    langs: Vec<LangPart<'s>>,
    /// Per language, the fingerprint of its index.
    prints: Vec<prints::Prints>,
    key: String,
    /// Whether the languages, and each language's lexicon and index, are made side by
    /// side: by default when the site [is small](Site::is_small).
    side_by_side: bool,
}

/// One language's part of a [`Plan`]: its search documents and synonym groups.
type LangPart<'s> = (String, schema::GuideDocs<'s>, Vec<lexicon::Group>);

impl<'s> Plan<'s> {
    /// Fingerprints the search documents of every language of the site.
    pub fn new(site: &'s Site) -> Result<Plan<'s>, SearchError> {
        Plan::parts(site, |docs, groups, _| prints::fingerprint_of(docs, groups))
    }

    /// The plan of `site`, each language's documents fingerprinted by `print` (given them,
    /// the synonym groups and the guides).
    fn parts(
        site: &'s Site,
        mut print: impl FnMut(&schema::GuideDocs<'s>, &[lexicon::Group], &[crate::model::Guide]) -> prints::Prints,
    ) -> Result<Plan<'s>, SearchError> {
        let mut langs = Vec::new();
        let mut prints = Vec::new();
        let mut h = Sha256::new();
        h.update(format!("tebiki search {}\n", crate::fingerprint::TOOL));
        for ls in &site.languages {
            let docs = schema::GuideDocs { lang: &ls.lang, guides: &ls.guides };
            let groups = synonym_groups(site, &ls.lang)?;
            let print = print(&docs, &groups, &ls.guides);
            h.update(format!("{} {}\n", ls.lang, print.whole));
            langs.push((ls.lang.clone(), docs, groups));
            prints.push(print);
        }
        let key = crate::fingerprint::hex(&h.finalize());
        Ok(Plan { langs, prints, key, side_by_side: site.is_small() })
    }

    /// [`Plan::new`] for a build that knows what each guide's parse read
    /// ([`crate::project::Project::parsed_from`]): a guide's fingerprint is taken from
    /// those the last build kept in `cache_dir` when its parse read the same, and the
    /// fingerprints of this plan are kept there for the next.
    pub fn with_known(
        site: &'s Site,
        parsed_from: &std::collections::HashMap<std::path::PathBuf, [u8; 32]>,
        cache_dir: &Path,
    ) -> Result<Plan<'s>, SearchError> {
        let path = cache_dir.join("search").join(prints::KNOWN_FILE);
        let known = prints::Known::read(&path);
        let mut next = prints::Known::default();
        let plan = Plan::parts(site, |docs, groups, guides| {
            let keys: Vec<Option<[u8; 32]>> = guides.iter().map(|g| parsed_from.get(&g.source_path).copied()).collect();
            let print = prints::fingerprint_known(docs, groups, &keys, &known);
            next.add(&keys, &print);
            print
        })?;
        if next != known {
            next.write(&path)?;
        }
        Ok(plan)
    }

    /// What the exported files are made from: the tool, and every language's documents
    /// and synonym groups.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether the cache in `cache_dir` holds every language's index as this plan would
    /// make it.
    pub fn cached(&self, cache_dir: &Path) -> bool {
        self.langs.iter().zip(&self.prints).all(|((lang, ..), print)| index::is_current(cache_dir, lang, &print.whole))
    }

    /// Sets whether the languages are done side by side (by default: when the site [is
    /// small](Site::is_small)); the files are the same either way.
    pub fn side_by_side(mut self, yes: bool) -> Plan<'s> {
        self.side_by_side = yes;
        self
    }

    /// Brings each language's index in `cache_dir` up to date and hands the browser
    /// search files to `sink` as they are made, keyed by their path below the output folder
    /// (`assets/search/…`). A guide's search documents are made when needed and let go.
    /// The languages of a [small](Site::is_small) site are done side by side (on the
    /// bundled site the English index and export run while the Japanese dictionary is
    /// read), those of a larger one in turn, after which the parsed dictionary is let go.
    pub fn build(self, cache_dir: &Path, sink: &dyn packs::SharedSink) -> Result<Vec<index::Update>, SearchError> {
        let side_by_side = self.side_by_side;
        let langs: Vec<String> = self.langs.iter().map(|l| l.0.clone()).collect();
        let one = |((lang, docs, groups), prints): (LangPart<'s>, prints::Prints)| {
            let dir = index::index_dir(cache_dir, &lang);
            // An update's lexicon is made beside the update and then the export (which
            // lays out the terms, needing none of it); the guides' text it was made of is
            // then written to the cache while the export finishes and its stores are saved.
            let (update, pending, made) = std::thread::scope(|scope| {
                let (give, take) = std::sync::mpsc::sync_channel(1);
                let mut making = None;
                let mut start = one_lifetime(|pending| {
                    let give = give.clone();
                    making = Some(scope.spawn(move || {
                        pending.make(|made| drop(give.send(made)))?;
                        Ok::<_, SearchError>(pending)
                    }));
                });
                let (index, update) = index::open_or_build_printed(
                    cache_dir,
                    &lang,
                    &docs,
                    &groups,
                    &prints,
                    side_by_side,
                    Some(&mut start),
                )?;
                // Without a lexicon to make, none is awaited.
                drop(give);
                let others: Vec<String> = langs.iter().filter(|l| **l != lang).cloned().collect();
                let mut store = packs::PackStore::load(&dir.with_extension("packs"));
                let mut laid = term_store::open(&dir.with_extension("terms"));
                // The last export's terms, taken away: an export that fails leaves none.
                let listed = dir.with_extension("termlist");
                let last = term_list::read(&listed);
                term_list::remove(&listed)?;
                let x = || export::known(&index, &docs, &prints);
                let sink = &mut packs::OneThread(sink);
                let last = (last.as_ref(), prints.whole.as_str());
                // No lexicon when none is made (or its thread panicked: joined below, the
                // panic goes on).
                let lexicon = || take.recv().map_or(Ok(None), |made| made.map(Some));
                let (made, related, list) =
                    export::export(x, &index, &others, sink, &mut store, &mut laid, last, lexicon)?;
                related.save(&dir.join(related::FILE), &prints.whole)?;
                // The two stores are written side by side (each tens of MiB at 1,000 guides).
                let (stored, kept) = rayon::join(|| store.save(), || laid.save());
                stored?;
                kept?;
                term_list::write(&listed, &list)?;
                let pending =
                    making.map(|m| m.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).transpose()?;
                Ok::<_, SearchError>((update, pending, made))
            })?;
            if let (Some(pending), Some(lexicon)) = (pending, made) {
                pending.finish(&lexicon)?;
            }
            Ok(update)
        };
        let work = self.langs.into_iter().zip(self.prints);
        let updates = if side_by_side {
            use rayon::prelude::*;
            work.collect::<Vec<_>>().into_par_iter().map(one).collect::<Result<Vec<_>, SearchError>>()?
        } else {
            let updates = work.map(one).collect::<Result<Vec<_>, SearchError>>()?;
            // A larger site's build goes on to render its pages: they take the memory the
            // parsed dictionary held.
            dict::release();
            updates
        };
        let mut assets = Output::default();
        assets::add(&mut assets);
        for (path, bytes) in assets.files {
            sink.file(path, bytes);
        }
        Ok(updates)
    }
}

/// `start` as it is, for the borrows of the pending lexicon it is given to be those of one
/// update (a closure annotated with the type would take any).
fn one_lifetime<'g, F: FnMut(pending_lexicon::PendingLexicon<'g>)>(start: F) -> F {
    start
}

/// Opens (building when needed) the index of each language of the site.
pub fn indexes(site: &Site, cache_dir: &Path) -> Result<Vec<LangIndex>, SearchError> {
    site.languages
        .iter()
        .map(|ls| {
            let groups = synonym_groups(site, &ls.lang)?;
            let docs = schema::GuideDocs { lang: &ls.lang, guides: &ls.guides };
            related::with_related(
                index::open_or_build(cache_dir, &ls.lang, &docs, &groups, site.is_small())?.0,
                cache_dir,
            )
        })
        .collect()
}

impl SearchError {
    /// `lang` has no guides in `site`: which languages have some.
    pub fn no_language(site: &Site, lang: &str) -> SearchError {
        let available = site.languages.iter().map(|l| l.lang.as_str()).collect::<Vec<_>>().join(", ");
        let available = if available.is_empty() { "none".to_owned() } else { available };
        SearchError::NoLanguage { lang: lang.to_owned(), available }
    }
}

/// Opens (building when needed) the index of one language.
pub fn lang_index(site: &Site, cache_dir: &Path, lang: &str) -> Result<LangIndex, SearchError> {
    let ls = site.lang(lang).ok_or_else(|| SearchError::no_language(site, lang))?;
    let docs = schema::GuideDocs { lang, guides: &ls.guides };
    related::with_related(
        index::open_or_build(cache_dir, lang, &docs, &synonym_groups(site, lang)?, site.is_small())?.0,
        cache_dir,
    )
}

/// Indexes the site (index kept in `cache_dir`) and returns the browser search files,
/// keyed by their path below the output folder (`assets/search/…`).
pub fn build_search(site: &Site, cache_dir: &Path) -> Result<Output, SearchError> {
    let out = std::sync::Mutex::new(Output::default());
    Plan::new(site)?.build(cache_dir, &|path: String, bytes: Vec<u8>| {
        out.lock().unwrap_or_else(|e| e.into_inner()).add(path, bytes);
    })?;
    Ok(out.into_inner().unwrap_or_else(|e| e.into_inner()))
}
