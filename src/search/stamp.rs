//! The source stamp of the search cache: what the indexes in `ROOT/.tebiki/cache/search/`
//! were made from, cheap enough to check that `tebiki search` can open an index without
//! loading the project.
//!
//! 1. [`SourceStamp::compute`] hashes the tool (its version and the fingerprint of its
//!    sources, so another build of tebiki under the same version — a new thesaurus, a
//!    changed tokenizer — never answers from this one's indexes), the index format's version, the
//!    config file (its bytes, size and modification time) and every entry below
//!    `content/` (relative path, kind, size, modification time) — one walk and one `stat`
//!    per file, nothing parsed. The project computes it *before* it reads the sources, so
//!    a file that changes while a build runs makes the recorded stamp stale, never wrong.
//! 2. A build clears the record ([`clear`]) before the search stage touches the indexes,
//!    and writes it ([`record`], the stamp and the languages that have an index) once
//!    they are all made. The record is replaced whole (written beside it, then renamed).
//! 3. [`current`] gives the languages of the record when the stamp of the site as it is
//!    now equals the recorded one; anything else (no record, an unreadable one, another
//!    stamp) is `None`, and the caller loads the project and opens the indexes the slow
//!    way. [`recorded`] and [`Record::is_current`] are the two halves of it, for a
//!    caller that opens an index while the stamp is taken.
//!
//! What the stamp does not see: a file rewritten with the same size and the same
//! modification time (a clock set back, or a tool that restores times). A build mends it:
//! it fingerprints the search documents themselves ([`super::index`]).

use std::path::Path;
use std::time::SystemTime;

use super::index::INDEX_VERSION;
use crate::fingerprint::Fingerprint;
use crate::fsx::{self, FsError};

/// The record's file, in `ROOT/.tebiki/cache/search/`.
pub const RECORD_FILE: &str = "sources.json";

/// What the search indexes were made from, as a hex digest (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStamp(String);

/// What a build records (see [`record`], [`recorded`]): the stamp its indexes were made
/// from, and their languages.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Record {
    stamp: String,
    pub languages: Vec<String>,
}

impl SourceStamp {
    /// The stamp of the site at `root` as it is now. A file that cannot be read or listed
    /// goes into the stamp as its error, so it never matches a stamp taken when it could.
    pub fn compute(root: &Path) -> SourceStamp {
        SourceStamp::compute_for(crate::fingerprint::TOOL, root)
    }

    /// The stamp of the site at `root` as tebiki `tool` (its version and the fingerprint
    /// of its sources, [`crate::fingerprint::TOOL`]) sees it.
    fn compute_for(tool: &str, root: &Path) -> SourceStamp {
        let mut h = Fingerprint::new();
        h.part(format!("tebiki {tool} source-stamp 2 index {INDEX_VERSION}"));
        let config = root.join(crate::config::FILE_NAME);
        // Only a regular file is opened (a pipe would block the query).
        match fsx::is_regular_file(&config).then(|| std::fs::read(&config)) {
            Some(Ok(bytes)) => {
                h.part(b"config").part(&bytes).part(stat(&config));
            }
            None => {
                h.part(b"config: none, or not a regular file");
            }
            Some(Err(e)) => {
                h.part(format!("config: {}", e.kind()));
            }
        }
        let content = root.join("content");
        // Walked as a load reads it: links are not followed into folders but for a
        // language folder (a link to `/` further down would be walked whole); a link to a
        // file counts by what it leads to.
        for entry in fsx::walk_as_read(&content, true) {
            match entry {
                Ok(entry) => {
                    let rel = entry.path().strip_prefix(&content).unwrap_or(entry.path());
                    h.part(rel.as_os_str().as_encoded_bytes()).part(stat(entry.path()));
                }
                Err(e) => {
                    h.part(format!("walk: {e}"));
                }
            }
        }
        SourceStamp(h.hex())
    }
}

/// Kind, size and modification time of the file at `path` (links followed), as bytes.
fn stat(path: &Path) -> Vec<u8> {
    match std::fs::metadata(path) {
        Ok(m) => {
            let kind = if m.is_dir() {
                "dir"
            } else if m.is_file() {
                "file"
            } else {
                "other"
            };
            let modified = m.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
            let (secs, nanos) = modified.map_or((0, 0), |d| (d.as_secs(), d.subsec_nanos()));
            format!("{kind} {} {secs}.{nanos:09}", m.len()).into_bytes()
        }
        Err(e) => format!("stat: {}", e.kind()).into_bytes(),
    }
}

fn record_path(cache_dir: &Path) -> std::path::PathBuf {
    cache_dir.join("search").join(RECORD_FILE)
}

/// Removes the record, before anything changes the indexes.
pub fn clear(cache_dir: &Path) -> Result<(), FsError> {
    let path = record_path(cache_dir);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(FsError::new("remove", &path, e)),
        _ => Ok(()),
    }
}

/// Records that the indexes of `languages` (all the site has) were made from `stamp`.
pub fn record(cache_dir: &Path, stamp: &SourceStamp, languages: &[&str]) -> Result<(), FsError> {
    let path = record_path(cache_dir);
    let record = Record { stamp: stamp.0.clone(), languages: languages.iter().map(|l| (*l).to_owned()).collect() };
    let json = serde_json::to_vec(&record).expect("a record serializes");
    let partial = path.with_extension("json.partial");
    if let Some(dir) = path.parent() {
        fsx::create_dir_all(dir)?;
    }
    fsx::write(&partial, &json)?;
    fsx::rename(&partial, &path)
}

/// The languages whose indexes were made from the site at `root` as it is now, or `None`
/// when that cannot be told (see the module doc).
pub fn current(root: &Path, cache_dir: &Path) -> Option<Vec<String>> {
    let record = recorded(cache_dir)?;
    record.is_current(root).then_some(record.languages)
}

/// What the last build recorded: the stamp its indexes were made from, and their
/// languages; `None` when there is no record or it cannot be read.
pub fn recorded(cache_dir: &Path) -> Option<Record> {
    let bytes = std::fs::read(record_path(cache_dir)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl Record {
    /// Whether the site at `root` as it is now has the recorded stamp.
    pub fn is_current(&self, root: &Path) -> bool {
        SourceStamp::compute(root).0 == self.stamp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tebiki-stamp-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content/ja")).unwrap();
        dir
    }

    #[test]
    fn stamp_follows_content_and_config_changes() {
        let root = scratch("changes");
        std::fs::write(root.join("content/ja/a.txt"), "one").unwrap();
        let first = SourceStamp::compute(&root);
        assert_eq!(SourceStamp::compute(&root), first, "same site, same stamp");
        std::fs::write(root.join("content/ja/a.txt"), "one two").unwrap();
        let resized = SourceStamp::compute(&root);
        assert_ne!(resized, first, "a guide's size");
        std::fs::write(root.join("content/ja/b.txt"), "").unwrap();
        let added = SourceStamp::compute(&root);
        assert_ne!(added, resized, "a new file");
        std::fs::write(root.join("tebiki.toml"), "title = \"x\"\n").unwrap();
        let configured = SourceStamp::compute(&root);
        assert_ne!(configured, added, "a config file");
        let file = std::fs::File::options().write(true).open(root.join("content/ja/b.txt")).unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1)).unwrap();
        assert_ne!(SourceStamp::compute(&root), configured, "a modification time");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn another_build_of_tebiki_sees_another_stamp() {
        let root = scratch("tool");
        let this = SourceStamp::compute(&root);
        assert_eq!(this, SourceStamp::compute_for(crate::fingerprint::TOOL, &root));
        let other = format!("{} 0000000000000000", env!("CARGO_PKG_VERSION"));
        assert_ne!(this, SourceStamp::compute_for(&other, &root), "same version, other sources");
    }

    #[test]
    fn record_is_current_until_the_site_changes_or_it_is_cleared() {
        let root = scratch("record");
        let cache = root.join(".tebiki/cache");
        assert_eq!(current(&root, &cache), None, "no record");
        record(&cache, &SourceStamp::compute(&root), &["ja", "en"]).unwrap();
        assert_eq!(current(&root, &cache), Some(vec!["ja".to_owned(), "en".to_owned()]));
        std::fs::write(root.join("content/ja/a.txt"), "new").unwrap();
        assert_eq!(current(&root, &cache), None, "a guide added since");
        record(&cache, &SourceStamp::compute(&root), &["ja"]).unwrap();
        assert_eq!(current(&root, &cache), Some(vec!["ja".to_owned()]));
        clear(&cache).unwrap();
        assert_eq!(current(&root, &cache), None, "cleared");
        clear(&cache).unwrap();
        let _ = std::fs::remove_dir_all(&root);
    }
}
