//! What is searched: the search documents drawn from the document model, and the tantivy
//! schema they are indexed under.
//!
//! One search document per section (its intro and trailing blocks), per subsection, and
//! per consensus and perspective block (linked to their section), per language. Each
//! carries the guide title, its heading, its body text (with the text of the footnotes it
//! refers to), its kind, and the deep link `<lang>/<slug>/#<id>`.
//! Text is taken from the model that the renderer renders, never from emitted HTML.
//! An index reads them guide by guide ([`Documents`]), made when needed.

use std::borrow::Cow;

use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

use crate::model::{Block, Document, Guide, Inline};

use super::tokenizer::TOKENIZER_NAME;

/// The searched text fields, in the order their scores are summed, with their boosts.
pub const TEXT_FIELDS: [(&str, f32); 3] = [("title", 0.75), ("heading", 3.0), ("body", 1.0)];

/// What part of a section a search document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Section intro or subsection text.
    Body,
    /// The consensus block (`お客様社内でのご説明・コンセンサス`).
    Consensus,
    /// The closing `Perspective` block.
    Perspective,
    /// Checklist items (reserved: checklists are derived from subsection headings, which
    /// are indexed as their subsections already).
    Checklist,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Body => "body",
            Kind::Consensus => "consensus",
            Kind::Perspective => "perspective",
            Kind::Checklist => "checklist",
        }
    }
}

/// One unit of search: what a result points at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchDoc {
    /// The guide's slug.
    pub guide: String,
    pub guide_title: String,
    /// `s3` or `s3-2`.
    pub section: String,
    pub heading: String,
    pub body: String,
    pub kind: Kind,
    /// `<lang>/<slug>/#<section>`, relative to the site root.
    pub url: String,
}

/// The search documents of one language's guides, in guide then section order.
pub fn documents(lang: &str, guides: &[Guide]) -> Vec<SearchDoc> {
    guides.iter().flat_map(|g| guide_documents(lang, g)).collect()
}

/// The search documents of one guide, in section order.
pub fn guide_documents(lang: &str, g: &Guide) -> Vec<SearchDoc> {
    let mut out = Vec::new();
    let doc = |section: &str, heading: &str, body: String, kind: Kind| SearchDoc {
        guide: g.slug.clone(),
        guide_title: g.doc.title.clone(),
        section: section.to_owned(),
        heading: heading.to_owned(),
        body,
        kind,
        url: format!("{lang}/{}/#{section}", g.slug),
    };
    let text = |blocks: &[&[Block]]| text_with_notes(&g.doc, blocks);
    for (i, s) in g.doc.sections.iter().enumerate() {
        out.push(doc(&s.id, &s.heading, text(&[&s.blocks, &s.trailing]), Kind::Body));
        if i == 0 && !g.doc.outcomes.is_empty() {
            let text = g.doc.outcomes.iter().map(|o| o.to_plain()).collect::<Vec<_>>().join("\n");
            out.push(doc(&s.id, &s.heading, text, Kind::Body));
        }
        for sub in &s.subsections {
            out.push(doc(&sub.id, &sub.heading, text(&[&sub.blocks]), Kind::Body));
        }
        if let Some(c) = &s.consensus {
            out.push(doc(&s.id, &s.heading, text(&[c]), Kind::Consensus));
        }
        if let Some(p) = &s.perspective {
            out.push(doc(&s.id, &s.heading, text(&[p]), Kind::Perspective));
        }
    }
    out
}

/// The text of some blocks, then of the footnotes they refer to (each once), one line
/// per paragraph, row or item.
fn text_with_notes(doc: &Document, blocks: &[&[Block]]) -> String {
    let mut notes: Vec<usize> = Vec::new();
    for block in blocks.iter().copied().flatten() {
        block.for_each_inline(&mut |inline| {
            if let Inline::NoteRef { number, .. } = inline
                && !notes.contains(number)
            {
                notes.push(*number);
            }
        });
    }
    let note_blocks = notes.iter().filter_map(|n| doc.footnotes.get(n.wrapping_sub(1))).map(|f| f.blocks.as_slice());
    let parts = blocks.iter().copied().chain(note_blocks).map(blocks_text);
    parts.filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n")
}

/// Where an index's documents come from, guide by guide: a guide's documents are made
/// when they are needed and let go after, so that a language's documents are never all
/// held at once (at 5,000 generated guides they take ~200 MB).
pub trait Documents: Sync {
    /// How many guides.
    fn guides(&self) -> usize;
    /// The documents of guide `i` (0-based; none for a guide without sections).
    fn of(&self, i: usize) -> Cow<'_, [SearchDoc]>;
}

/// The guides of one language of the site, as search documents.
pub struct GuideDocs<'s> {
    pub lang: &'s str,
    pub guides: &'s [Guide],
}

impl Documents for GuideDocs<'_> {
    fn guides(&self) -> usize {
        self.guides.len()
    }

    fn of(&self, i: usize) -> Cow<'_, [SearchDoc]> {
        Cow::Owned(guide_documents(self.lang, &self.guides[i]))
    }
}

/// Documents held, a guide's consecutive: each run of one slug is a guide (the tests'
/// documents).
#[cfg(test)]
pub struct HeldDocs<'d>(Vec<&'d [SearchDoc]>);

#[cfg(test)]
impl<'d> HeldDocs<'d> {
    pub fn new(docs: &'d [SearchDoc]) -> HeldDocs<'d> {
        HeldDocs(docs.chunk_by(|a, b| a.guide == b.guide).collect())
    }
}

#[cfg(test)]
impl Documents for HeldDocs<'_> {
    fn guides(&self) -> usize {
        self.0.len()
    }

    fn of(&self, i: usize) -> Cow<'_, [SearchDoc]> {
        Cow::Borrowed(self.0[i])
    }
}

/// The text a reader sees in some blocks, one line per paragraph, row or item.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { text } => lines.push(text.to_plain()),
            Block::Table { header, rows, caption } => {
                lines.extend(caption.iter().cloned());
                for row in std::iter::once(header).chain(rows) {
                    lines.push(row.iter().map(|c| c.to_plain()).collect::<Vec<_>>().join(" "));
                }
            }
            Block::List { items, .. } => lines.extend(items.iter().map(|i| i.text.to_plain())),
            Block::Code { text, .. } => lines.push(text.clone()),
            Block::Html { .. } => {}
            Block::Quote { blocks, .. } => lines.push(blocks_text(blocks)),
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines.join("\n")
}

/// Excerpt length, in characters of body text.
pub const EXCERPT_CHARS: usize = 160;

/// What a result shows of a document's body: its first [`EXCERPT_CHARS`] characters.
pub fn excerpt(body: &str) -> &str {
    match body.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => &body[..end],
        None => body,
    }
}

/// The tantivy schema and its fields.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// `title`, `heading`, `body`, in [`TEXT_FIELDS`] order. The body is indexed, not
    /// stored: the store keeps its [`excerpt`], all a result shows of it.
    pub text: [Field; 3],
    /// The body's [`excerpt`] (stored only).
    pub excerpt: Field,
    pub guide: Field,
    pub section: Field,
    pub kind: Field,
    pub url: Field,
    /// The document's place among its guide's documents: with the guide, its canonical
    /// order (see `index`), whatever order threads indexed the documents in.
    pub ord: Field,
}

impl Fields {
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true);
        let indexed = TextOptions::default().set_indexing_options(indexing);
        let text = TEXT_FIELDS.map(|(name, _)| {
            let opts = if name == "body" { indexed.clone() } else { indexed.clone().set_stored() };
            b.add_text_field(name, opts)
        });
        let excerpt = b.add_text_field("excerpt", STORED);
        let guide = b.add_text_field("guide", STRING | STORED);
        let section = b.add_text_field("section", STORED);
        let kind = b.add_text_field("kind", STRING | STORED);
        let url = b.add_text_field("url", STORED);
        let ord = b.add_u64_field("ord", FAST);
        Fields { schema: b.build(), text, excerpt, guide, section, kind, url, ord }
    }

    pub fn from_schema(schema: Schema) -> Option<Fields> {
        let f = |n: &str| schema.get_field(n).ok();
        Some(Fields {
            text: [f("title")?, f("heading")?, f("body")?],
            excerpt: f("excerpt")?,
            guide: f("guide")?,
            section: f("section")?,
            kind: f("kind")?,
            url: f("url")?,
            ord: f("ord")?,
            schema,
        })
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_made_when_needed_gives_the_documents_of_the_whole_language() {
        let project = crate::Project::load(env!("CARGO_MANIFEST_DIR")).unwrap();
        for ls in &project.site.languages {
            let all = documents(&ls.lang, &ls.guides);
            let held = HeldDocs::new(&all);
            let made = GuideDocs { lang: &ls.lang, guides: &ls.guides };
            assert_eq!(made.guides(), ls.guides.len());
            let from_made: Vec<SearchDoc> = (0..made.guides()).flat_map(|i| made.of(i).into_owned()).collect();
            assert!(from_made == all, "{}: the same documents in the same order", ls.lang);
            // Held, a guide is a run of one slug: as many as the guides with documents.
            let with_docs = (0..made.guides()).filter(|&i| !made.of(i).is_empty()).count();
            assert_eq!(held.guides(), with_docs);
            let print = |docs: &dyn Documents| super::super::prints::fingerprint_of(docs, &[]);
            let (a, b) = (print(&made), print(&held));
            assert_eq!(a.whole, b.whole, "{}: one fingerprint", ls.lang);
            assert_eq!((a.documents(), a.canonical_guides().len()), (all.len(), with_docs));
            let mut i = 0;
            for g in 0..made.guides() {
                let guide = made.of(g);
                if !guide.is_empty() {
                    assert!(held.of(i) == guide, "{}: guide {g}", ls.lang);
                    i += 1;
                }
            }
        }
    }
}
