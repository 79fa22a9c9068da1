//! The tantivy index of one language, kept in the cache folder outside the output
//! (`ROOT/.tebiki/cache/search/<lang>/`).
//!
//! 1. The search documents are fingerprinted (with the index format version); when the
//!    cache holds an index with the same fingerprint it is opened as it is.
//! 2. Otherwise the folder is emptied and the documents are indexed in order by one
//!    writer thread, committed as **one segment**: tantivy breaks score ties by document
//!    address, so one segment in document order makes ranking and the export the same
//!    on every build.
//! 3. The query lexicon ([`super::lexicon`]) is built from the same documents and the
//!    synonym groups, and kept beside the index (`lexicon.json`); the fingerprint covers
//!    the groups too.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use super::SearchError;
use super::lexicon::{Group, Lexicon};
use super::schema::{Fields, SearchDoc};
use super::tokenizer::{TOKENIZER_NAME, TebikiTokenizer};

/// Bumped whenever the tokenizer, schema or document extraction changes meaning, so a
/// cached index made by an older tebiki is rebuilt.
pub const INDEX_VERSION: u32 = 2;

const FINGERPRINT_FILE: &str = "tebiki-fingerprint";
const LEXICON_FILE: &str = "lexicon.json";

/// An open index with its reader and fields.
pub struct LangIndex {
    pub lang: String,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// What queries may be rewritten to (see [`super::lexicon`]).
    pub lexicon: Lexicon,
}

/// The cache folder of one language's index.
pub fn index_dir(cache_dir: &Path, lang: &str) -> PathBuf {
    cache_dir.join("search").join(lang)
}

fn fingerprint(docs: &[SearchDoc], groups: &[Group]) -> String {
    let mut h = Sha256::new();
    h.update(format!("tebiki-search-index {INDEX_VERSION}\n").as_bytes());
    for d in docs {
        for part in [&d.guide, &d.guide_title, &d.section, &d.heading, &d.body, d.kind.as_str(), &d.url] {
            h.update(part.len().to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    for g in groups {
        h.update(b"group");
        for t in g {
            h.update(t.len().to_le_bytes());
            h.update(t.as_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the cached index of `docs` (and its lexicon, made with the synonym `groups`), or
/// builds them. A cached index whose fingerprint matches but that cannot be opened is an
/// error naming the folder (which the user may delete), never silently replaced.
pub fn open_or_build(
    cache_dir: &Path,
    lang: &str,
    docs: &[SearchDoc],
    groups: &[Group],
) -> Result<LangIndex, SearchError> {
    let dir = index_dir(cache_dir, lang);
    let print = fingerprint(docs, groups);
    let stamp = dir.join(FINGERPRINT_FILE);
    if stamp.is_file() && crate::fsx::read_to_string(&stamp)? == print {
        return open(&dir, lang);
    }
    if dir.exists() {
        crate::fsx::remove_dir_all(&dir)?;
    }
    crate::fsx::create_dir_all(&dir)?;
    let lexicon = super::lexicon::build(lang, docs, groups)
        .map_err(|message| SearchError::Corrupt { path: dir.clone(), message })?;
    let json = serde_json::to_vec(&lexicon)
        .map_err(|e| SearchError::Corrupt { path: dir.join(LEXICON_FILE), message: e.to_string() })?;
    crate::fsx::write(&dir.join(LEXICON_FILE), &json)?;
    let index = build(&dir, lang, docs)?;
    crate::fsx::write(&stamp, print.as_bytes())?;
    Ok(index)
}

/// Opens the index of `lang` in the cache as it is, without comparing it with any
/// documents: for `tebiki search` when the source stamp ([`super::stamp`]) says the
/// cache was made from the site as it is.
pub fn open_cached(cache_dir: &Path, lang: &str) -> Result<LangIndex, SearchError> {
    open(&index_dir(cache_dir, lang), lang)
}

fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    move |source| SearchError::Index { path: dir.to_owned(), source }
}

fn register(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, TebikiTokenizer);
}

fn open(dir: &Path, lang: &str) -> Result<LangIndex, SearchError> {
    let err = tantivy_err(dir);
    let index = Index::open_in_dir(dir).map_err(&err)?;
    register(&index);
    let fields = Fields::from_schema(index.schema())
        .ok_or_else(|| SearchError::Corrupt { path: dir.to_owned(), message: "unexpected schema".into() })?;
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(&err)?;
    if reader.searcher().segment_readers().len() > 1 {
        return Err(SearchError::Corrupt { path: dir.to_owned(), message: "more than one segment".into() });
    }
    let path = dir.join(LEXICON_FILE);
    let lexicon = serde_json::from_str(&crate::fsx::read_to_string(&path)?)
        .map_err(|e| SearchError::Corrupt { path, message: e.to_string() })?;
    Ok(LangIndex { lang: lang.to_owned(), index, reader, fields, lexicon })
}

fn build(dir: &Path, lang: &str, docs: &[SearchDoc]) -> Result<LangIndex, SearchError> {
    let err = tantivy_err(dir);
    let fields = Fields::new();
    let index = Index::create_in_dir(dir, fields.schema.clone()).map_err(&err)?;
    register(&index);
    // Enough memory that everything stays in one segment (tantivy's limit is ~4 GB).
    let text_bytes: usize = docs.iter().map(|d| d.body.len() + d.heading.len() + d.guide_title.len()).sum();
    let budget = (text_bytes.saturating_mul(24)).clamp(64 << 20, 3 << 30);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, budget).map_err(&err)?;
    for d in docs {
        let mut doc = TantivyDocument::default();
        let [title, heading, body] = fields.text;
        doc.add_text(title, &d.guide_title);
        doc.add_text(heading, &d.heading);
        doc.add_text(body, &d.body);
        doc.add_text(fields.guide, &d.guide);
        doc.add_text(fields.section, &d.section);
        doc.add_text(fields.kind, d.kind.as_str());
        doc.add_text(fields.url, &d.url);
        writer.add_document(doc).map_err(&err)?;
    }
    writer.commit().map_err(&err)?;
    writer.wait_merging_threads().map_err(&err)?;
    open(dir, lang)
}
