//! The search documents as NDJSON, for indexing a site in another engine (Quickwit,
//! OpenSearch, …): one JSON object a line, in language, guide and section order. The
//! format is documented in `docs/export-ndjson.md`, with a JSON Schema beside it that a
//! test holds every line to.

use std::io::Write;

use serde::Serialize;

use crate::link::Site;

use super::schema::{self, SearchDoc};

/// The version of the record format; a new field keeps it, a changed one bumps it.
pub const FORMAT_VERSION: u32 = 1;

/// One search document as exported.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The record format ([`FORMAT_VERSION`]).
    pub v: u32,
    pub lang: &'a str,
    /// The guide's slug.
    pub guide: &'a str,
    pub guide_title: &'a str,
    /// `s3` or `s3-2`: the section or subsection.
    pub section: &'a str,
    pub heading: &'a str,
    /// `body`, `consensus` or `perspective`.
    pub kind: &'a str,
    /// The page and section, relative to the site root: `ja/<slug>/#s3` (prefix the site's
    /// `base_url` for an absolute link).
    pub url: &'a str,
    /// The text a reader sees, markup dropped.
    pub text: &'a str,
}

impl<'a> Record<'a> {
    fn of(lang: &'a str, doc: &'a SearchDoc) -> Record<'a> {
        Record {
            v: FORMAT_VERSION,
            lang,
            guide: &doc.guide,
            guide_title: &doc.guide_title,
            section: &doc.section,
            heading: &doc.heading,
            kind: doc.kind.as_str(),
            url: &doc.url,
            text: &doc.body,
        }
    }
}

/// Writes every search document of the site, one JSON object a line; returns how many.
pub fn write(site: &Site, out: &mut impl Write) -> std::io::Result<usize> {
    let mut n = 0;
    for ls in &site.languages {
        for doc in schema::documents(&ls.lang, &ls.guides) {
            serde_json::to_writer(&mut *out, &Record::of(&ls.lang, &doc))?;
            out.write_all(b"\n")?;
            n += 1;
        }
    }
    Ok(n)
}
