//! The query lexicon of an index update, made after the index rather than beside it
//! ([`super::index::open_or_build_printed`] with `defer`): on a larger site the build makes
//! it while the export lays out the terms, which need none of it, then writes it beside
//! the index with the fingerprint that marks the cache current. The guides' text it is
//! made from is read from the index's cache ([`text_cache`]) and written back there on
//! the same thread, out of the export's way. Also the making and writing of a lexicon
//! that both ways share.
//!
//! A lexicon is made of the site's distinct words and the synonym groups alone: when an
//! update leaves both as they were (an edit that brings no new word and takes none
//! away), the last lexicon is taken again instead of being made anew, which reads the
//! Japanese dictionary (on 1,000 guides about 70 ms of a core, beside the export). The
//! words and groups are known by a [`key`] written beside the lexicon with the BLAKE3 of
//! its bytes.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::SearchError;
use super::blob_store::Sum;
use super::index::{FINGERPRINT_FILE, LEXICON_FILE};
use super::lexicon::{Group, GuideText, Lexicon};
use super::schema::Documents;
use super::text_cache::{self, Lists, gather};

/// The lexicon of an index update that put it off ([`super::index::open_or_build_printed`] with
/// `defer`), to be made beside other work — the export — and then written beside the
/// index with the fingerprint that marks the cache current. Until then the cache is not
/// current, and the index's own lexicon is empty.
pub struct PendingLexicon<'g> {
    pub(super) dir: PathBuf,
    pub(super) lang: String,
    pub(super) print: String,
    /// Every guide of the index, by slug.
    pub(super) guides: Vec<GuideEntry>,
    pub(super) docs: &'g dyn Documents,
    pub(super) groups: &'g [Group],
    /// The last lexicon's file, read before it was removed (none when there was none).
    pub(super) last: Option<Vec<u8>>,
    /// The [`key`] of the lexicon made, once it is.
    pub(super) key: std::sync::OnceLock<Sum>,
}

/// Beside the lexicon: the [`key`] of what it was made from, then the BLAKE3 of its file.
pub(super) const LEXICON_KEY_FILE: &str = "lexicon.key";

/// What a lexicon is made from, as a BLAKE3: the tool, the language, the synonym groups
/// and the distinct words of each field.
fn key(lang: &str, items: &[Vec<&str>; 3], groups: &[Group]) -> Sum {
    let mut h = blake3::Hasher::new();
    h.update(format!("tebiki lexicon\n{}\n{lang}\n", crate::fingerprint::TOOL).as_bytes());
    h.update(&(groups.len() as u64).to_le_bytes());
    for g in groups {
        words(&mut h, &g.terms);
        words(&mut h, &g.related);
    }
    for field in items {
        words(&mut h, field);
    }
    h.finalize().into()
}

/// Feeds a list of words to `h`: how many, then each ended by a zero byte.
fn words(h: &mut blake3::Hasher, list: &[impl AsRef<str>]) {
    h.update(&(list.len() as u64).to_le_bytes());
    for w in list {
        h.update(w.as_ref().as_bytes());
        h.update(&[0]);
    }
}

/// A guide of a [`PendingLexicon`]: its fingerprint, its number in the documents, and its
/// text when the update gathered it (it changed).
pub(super) struct GuideEntry {
    pub slug: String,
    pub print: String,
    pub doc: usize,
    pub text: Option<GuideText>,
}

/// The lists of no text.
static EMPTY: Lists = [Vec::new(), Vec::new(), Vec::new()];

impl PendingLexicon<'_> {
    /// Makes the lexicon, of the text the update gathered and that kept in the cache for
    /// the other guides (gathered again where the cache has none of theirs), and hands it
    /// to `ready` (or the error that stopped it) as soon as it is made; then keeps the
    /// text of every guide in the cache for the next update, which the export need not
    /// wait for. The error returned is the cache's.
    ///
    /// The kept text is never made into strings: the site's distinct items are those of
    /// the cache's table that some guide has, and the cache is written again from the
    /// same numbers (on 1,000 guides, reading, uniting and writing the text of every
    /// guide took 65 ms).
    pub fn make(&self, ready: impl FnOnce(Result<Lexicon, SearchError>)) -> Result<(), SearchError> {
        let path = self.dir.join(text_cache::FILE);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let cache = text_cache::Numbered::parse(&bytes).unwrap_or_default();
        let kept: Vec<Option<&Lists>> = (self.guides.iter())
            .map(|g| match g.text {
                Some(_) => None,
                None => cache.guides.get(g.slug.as_str()).filter(|(print, _)| *print == g.print).map(|t| &t.1),
            })
            .collect();
        let gathered: Vec<Option<GuideText>> = (self.guides.par_iter().zip(&kept))
            .map(|(g, kept)| (g.text.is_none() && kept.is_none()).then(|| gather(&self.docs.of(g.doc)).1))
            .collect();
        // (A guide has its text gathered, or kept, or given by the update: never none.)
        let none = GuideText::default();
        let mut table = text_cache::Table::from_items(cache.table);
        let fresh: Vec<Option<Lists>> = (self.guides.iter().zip(&kept).zip(&gathered))
            .map(|((g, kept), gathered)| {
                kept.is_none().then(|| table.lists(g.text.as_ref().or(gathered.as_ref()).unwrap_or(&none)))
            })
            .collect();
        let lists: Vec<&Lists> =
            kept.iter().zip(&fresh).map(|(kept, fresh)| kept.or(fresh.as_ref()).unwrap_or(&EMPTY)).collect();
        let items = table.distinct(lists.iter().copied());
        let key = key(&self.lang, &items, self.groups);
        let _ = self.key.set(key);
        let made = match self.taken_again(&key) {
            Some(lexicon) => Ok(lexicon),
            None => super::lexicon::build_from_items(&self.lang, items, self.groups)
                .map_err(|message| SearchError::Corrupt { path: self.dir.clone(), message }),
        };
        let failed = made.is_err();
        ready(made);
        if failed {
            return Ok(());
        }
        let entries = self.guides.iter().zip(lists).map(|(g, lists)| (g.slug.as_str(), g.print.as_str(), lists));
        text_cache::write_numbered(&path, &table.items, entries)?;
        Ok(())
    }

    /// The last lexicon, when it was made from what `key` says and its file is whole.
    fn taken_again(&self, key: &Sum) -> Option<Lexicon> {
        let last = self.last.as_deref()?;
        let recorded = std::fs::read(self.dir.join(LEXICON_KEY_FILE)).ok()?;
        let sum: Sum = blake3::hash(last).into();
        (recorded.len() == 64 && recorded[..32] == key[..] && recorded[32..] == sum[..])
            .then(|| serde_json::from_slice(last).ok())
            .flatten()
    }

    /// Writes `lexicon` (as [`PendingLexicon::make`] made it) beside the index, with the
    /// key of what it was made from, then the fingerprint.
    pub fn finish(self, lexicon: &Lexicon) -> Result<(), SearchError> {
        let json = write_lexicon(&self.dir, lexicon)?;
        if let Some(key) = self.key.get() {
            let sum: Sum = blake3::hash(&json).into();
            crate::fsx::write(&self.dir.join(LEXICON_KEY_FILE), &[&key[..], &sum[..]].concat())?;
        }
        crate::fsx::write(&self.dir.join(FINGERPRINT_FILE), self.print.as_bytes())?;
        Ok(())
    }
}

pub(super) fn make_lexicon(
    dir: &Path,
    lang: &str,
    texts: &[&GuideText],
    groups: &[Group],
) -> Result<Lexicon, SearchError> {
    super::lexicon::build_from(lang, texts, groups)
        .map_err(|message| SearchError::Corrupt { path: dir.to_owned(), message })
}

/// Writes `lexicon` beside the index; returns the bytes written.
pub(super) fn write_lexicon(dir: &Path, lexicon: &Lexicon) -> Result<Vec<u8>, SearchError> {
    let json = serde_json::to_vec(lexicon)
        .map_err(|e| SearchError::Corrupt { path: dir.join(LEXICON_FILE), message: e.to_string() })?;
    crate::fsx::write(&dir.join(LEXICON_FILE), &json)?;
    Ok(json)
}
