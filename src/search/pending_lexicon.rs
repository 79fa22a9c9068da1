//! The query lexicon of an index update, made after the index rather than beside it
//! ([`super::index::open_or_build_printed`] with `defer`): on a larger site the build makes
//! it while the export lays out the terms, which need none of it, then writes it beside
//! the index with the fingerprint that marks the cache current. Also the making and
//! writing of a lexicon that both ways share.

use std::path::{Path, PathBuf};

use super::SearchError;
use super::index::{FINGERPRINT_FILE, LEXICON_FILE};
use super::lexicon::{Group, GuideText, Lexicon};

/// The lexicon of an index update that put it off ([`super::index::open_or_build_printed`] with
/// `defer`), to be made beside other work — the export — and then written beside the
/// index with the fingerprint that marks the cache current. Until then the cache is not
/// current, and the index's own lexicon is empty.
pub struct PendingLexicon<'g> {
    pub(super) dir: PathBuf,
    pub(super) lang: String,
    pub(super) print: String,
    pub(super) texts: Vec<GuideText>,
    pub(super) groups: &'g [Group],
}

impl PendingLexicon<'_> {
    /// Makes the lexicon.
    pub fn make(&self) -> Result<Lexicon, SearchError> {
        make_lexicon(&self.dir, &self.lang, &self.texts.iter().collect::<Vec<_>>(), self.groups)
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
