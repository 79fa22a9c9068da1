//! Search: the index and export stages of the pipeline. Indexes every section and
//! subsection of the site per language with tantivy, answers queries (`tebiki search`,
//! `src/cmd/search.rs`), and exports the shards the browser engine reads.
//!
//! 1. [`schema`] draws the search documents from the model and defines the fields.
//! 2. [`tokenizer`] is the one tokenizer of index and query time.
//! 3. [`index`] builds (or reopens) each language's index in the cache folder, with its
//!    query [`lexicon`] (made with the Japanese [`dict`]ionary and the synonym groups).
//! 4. [`query`] defines the query semantics, [`expand`] rewrites a query with the
//!    lexicon, and [`rank`] scores documents by how well they answer it.
//! 5. [`export`] writes the browser shards (format: `docs/search-format.md`), ordering
//!    postings by [`bm25`] score.
//! 6. [`ndjson`] writes the search documents for other engines (`tebiki export`).
//! 7. [`assets`] emits the browser engine and UI (`js/`), as ES modules and as one
//!    classic script; [`shared`] holds the constants both engines use.
//!
//! Interface for the build: [`build_search`] returns the files to add below
//! `assets/search/`; [`stamp`] records what the cached indexes were made from, so that
//! `tebiki search` can open them without loading the project.

pub mod assets;
pub mod bm25;
pub mod dict;
pub mod expand;
pub mod export;
pub mod index;
pub mod lexicon;
pub mod ndjson;
pub mod query;
pub mod rank;
pub mod schema;
pub mod shared;
pub mod stamp;
pub mod tokenizer;

use std::path::{Path, PathBuf};

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

/// Opens (building when needed) the index of each language of the site.
pub fn indexes(site: &Site, cache_dir: &Path) -> Result<Vec<LangIndex>, SearchError> {
    site.languages
        .iter()
        .map(|ls| {
            let groups = synonym_groups(site, &ls.lang)?;
            index::open_or_build(cache_dir, &ls.lang, &schema::documents(&ls.lang, &ls.guides), &groups)
        })
        .collect()
}

/// Opens (building when needed) the index of one language.
pub fn lang_index(site: &Site, cache_dir: &Path, lang: &str) -> Result<LangIndex, SearchError> {
    let ls = site.lang(lang).ok_or_else(|| SearchError::NoLanguage {
        lang: lang.to_owned(),
        available: site.languages.iter().map(|l| l.lang.as_str()).collect::<Vec<_>>().join(", "),
    })?;
    index::open_or_build(cache_dir, lang, &schema::documents(lang, &ls.guides), &synonym_groups(site, lang)?)
}

/// Indexes the site (index kept in `cache_dir`) and returns the browser search files,
/// keyed by their path below the output folder (`assets/search/…`).
pub fn build_search(site: &Site, cache_dir: &Path) -> Result<Output, SearchError> {
    let mut out = Output::default();
    let indexes = indexes(site, cache_dir)?;
    let langs: Vec<String> = indexes.iter().map(|i| i.lang.clone()).collect();
    for index in &indexes {
        let others: Vec<String> = langs.iter().filter(|l| **l != index.lang).cloned().collect();
        export::export(index, &others, &mut out)?;
    }
    assets::add(&mut out);
    Ok(out)
}
