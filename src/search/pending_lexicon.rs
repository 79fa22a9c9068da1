//! The query lexicon of an index update, made after the index rather than beside it
//! ([`super::index::open_or_build_printed`] with `defer`): on a larger site the build makes
//! it while the export lays out the terms, which need none of it, then writes it beside
//! the index with the fingerprint that marks the cache current. The guides' text it is
//! made from is read from the index's cache ([`text_cache`]) and written back there on
//! the same thread, out of the export's way. Also the making and writing of a lexicon
//! that both ways share.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::SearchError;
use super::index::{FINGERPRINT_FILE, LEXICON_FILE};
use super::lexicon::{Group, GuideText, Lexicon};
use super::schema::Documents;
use super::text_cache::{self, gather};

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
}

/// A guide of a [`PendingLexicon`]: its fingerprint, its number in the documents, and its
/// text when the update gathered it (it changed).
pub(super) struct GuideEntry {
    pub slug: String,
    pub print: String,
    pub doc: usize,
    pub text: Option<GuideText>,
}

impl PendingLexicon<'_> {
    /// Makes the lexicon, of the text the update gathered and that kept in the cache for
    /// the other guides (gathered again where the cache has none of theirs), and keeps
    /// the text of every guide in the cache for the next update.
    pub fn make(&self) -> Result<Lexicon, SearchError> {
        let path = self.dir.join(text_cache::FILE);
        let mut kept = text_cache::read(&path);
        let found: Vec<Option<GuideText>> = (self.guides.iter())
            .map(|g| match g.text {
                Some(_) => None,
                None => kept.remove(&g.slug).filter(|(print, _)| *print == g.print).map(|t| t.1),
            })
            .collect();
        drop(kept);
        let gathered: Vec<Option<GuideText>> = (self.guides.par_iter().zip(&found))
            .map(|(g, found)| (g.text.is_none() && found.is_none()).then(|| gather(&self.docs.of(g.doc)).1))
            .collect();
        let texts: Vec<&GuideText> = (self.guides.iter().zip(&found).zip(&gathered))
            .filter_map(|((g, found), gathered)| g.text.as_ref().or(found.as_ref()).or(gathered.as_ref()))
            .collect();
        let lexicon = make_lexicon(&self.dir, &self.lang, &texts, self.groups)?;
        let entries = self.guides.iter().zip(&texts).map(|(g, text)| (g.slug.as_str(), g.print.as_str(), *text));
        text_cache::write(&path, entries)?;
        Ok(lexicon)
    }

    /// Writes `lexicon` (as [`PendingLexicon::make`] made it) beside the index, then the
    /// fingerprint.
    pub fn finish(self, lexicon: &Lexicon) -> Result<(), SearchError> {
        write_lexicon(&self.dir, lexicon)?;
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

pub(super) fn write_lexicon(dir: &Path, lexicon: &Lexicon) -> Result<(), SearchError> {
    let json = serde_json::to_vec(lexicon)
        .map_err(|e| SearchError::Corrupt { path: dir.join(LEXICON_FILE), message: e.to_string() })?;
    crate::fsx::write(&dir.join(LEXICON_FILE), &json)?;
    Ok(())
}
