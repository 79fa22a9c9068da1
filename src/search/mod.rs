//! Search: tokenizer, tantivy index, and the export of browser shards. (Being built.)
//!
//! Interface for the build: [`build_search`] indexes every section and subsection of the
//! site per language and returns the files the browser engine needs (under `assets/search/`).

use std::path::Path;

use crate::link::Site;
use crate::write::Output;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Fs(#[from] crate::fsx::FsError),
}

/// Indexes the site (index kept in `cache_dir`) and returns the browser search files.
pub fn build_search(_site: &Site, _cache_dir: &Path) -> Result<Output, SearchError> {
    Ok(Output::default())
}
