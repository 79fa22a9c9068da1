//! The document model: what a guide *is*, independent of the file it came from.
//!
//! Both parsers (`parse::txt`, `parse::markdown`) produce a [`Document`]; every later
//! stage (link, render, search, checklists, briefs) reads only this. It is pure data:
//! no I/O, no rendering. Source positions ([`SourceLine`]) are carried for messages but
//! take no part in equality, so a guide parsed from `.txt` equals the same guide parsed
//! from the `.md` that `tebiki import` wrote.
//!
//! The JSON form (printed by `tebiki import --json`, documented in `docs/model-json.md`)
//! is the `Serialize` impl of [`Document`].

use serde::{Serialize, Serializer};

use crate::diagnostic::Code;

/// A parsed guide: title, outcomes, sections, and what the parser had to say about it.
///
/// Two documents are equal when their content is: the diagnostics take no part (see the
/// `PartialEq` impl below), since the `.md` written from a `.txt` has none of the `.txt`'s
/// warnings about loose forms, and that is the point of writing it.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    /// The `解決できること` bullets: what a reader can do after reading the guide.
    pub outcomes: Vec<RichText>,
    pub sections: Vec<Section>,
    /// The notes the text refers to (`[^label]` in Markdown), in the order of their first
    /// reference: note `n` is `footnotes[n - 1]` ([`Inline::NoteRef`]).
    pub footnotes: Vec<Footnote>,
    /// Messages about the source. Not part of equality between two documents.
    pub diagnostics: Diagnostics,
}

/// A footnote: what [`Inline::NoteRef`]s with its number refer to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// The label it was written with (`[^label]`), kept to write it back.
    pub label: String,
    #[serde(skip)]
    pub line: SourceLine,
    pub blocks: Vec<Block>,
}

/// The documented JSON form: the content, then the images and links the text holds (the
/// text fields show only what a reader sees), then the diagnostics.
impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct Image<'a> {
            src: &'a str,
            alt: &'a str,
        }
        let (mut images, mut links) = (Vec::new(), Vec::new());
        self.for_each_inline(&mut |inline| match inline {
            Inline::Image { src, alt, .. } => images.push(Image { src, alt }),
            Inline::Link { url, .. } => links.push(url.as_str()),
            _ => {}
        });
        struct Diags<'a>(&'a Diagnostics);
        impl Serialize for Diags<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_diagnostics(self.0, s)
            }
        }
        let mut st = s.serialize_struct("Document", 7)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("outcomes", &self.outcomes)?;
        st.serialize_field("sections", &self.sections)?;
        if !self.footnotes.is_empty() {
            st.serialize_field("footnotes", &self.footnotes)?;
        }
        st.serialize_field("images", &images)?;
        st.serialize_field("links", &links)?;
        st.serialize_field("diagnostics", &Diags(&self.diagnostics))?;
        st.end()
    }
}

impl PartialEq for Document {
    /// Equal content: title, outcomes, sections and notes. Diagnostics are left out on
    /// purpose.
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.outcomes == other.outcomes
            && self.sections == other.sections
            && self.footnotes == other.footnotes
    }
}

/// A top-level section: `s1`, `s2`, … in source order (the title's own section is `s1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    /// The heading as written, number included (`1. 被害の把握`).
    pub heading: String,
    /// The number the heading starts with, if any (see [`HeadingNumber`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<HeadingNumber>,
    #[serde(skip)]
    pub line: SourceLine,
    pub blocks: Vec<Block>,
    pub subsections: Vec<Subsection>,
    /// Points for building consensus inside the company (`お客様社内でのご説明・コンセンサス`).
    pub consensus: Option<Vec<Block>>,
    /// The closing `Perspective` block.
    pub perspective: Option<Vec<Block>>,
    /// Blocks written after the consensus / perspective blocks, at the section's level
    /// (a Markdown guide can put them there; guidance text cannot): shown after them.
    /// Empty unless the section has one of those blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trailing: Vec<Block>,
}

/// A subsection `sN-M`: a heading and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subsection {
    pub id: String,
    pub heading: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<HeadingNumber>,
    #[serde(skip)]
    pub line: SourceLine,
    pub blocks: Vec<Block>,
}

/// The number a heading is written with (`1.`, `（２）`, `第3章`, `1-2`, `Step 4`, `①`).
/// It is data about the heading, derived from its text (which keeps the number): the ids
/// stay ordinal whatever the numbers say. Read by `parse::numbering`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadingNumber {
    /// The number as written, with its own punctuation: `１．`, `（１）`, `第一章`, `Step 1.`.
    pub label: String,
    /// The numbering style, the label with its numerals replaced (`n.`, `(n)`, `第n章`,
    /// `n-n`, `①`, `ア`, `Ⅰ.`): numbers of one style count up together.
    pub style: String,
    /// The value, one integer per level: `3.` → `[3]`, `1-2` → `[1, 2]`, `第三章` → `[3]`.
    pub value: Vec<u32>,
}

pub use crate::model_alert::Alert;

/// A block of content. Serialized by hand (below) into the documented JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph {
        text: RichText,
    },
    Table {
        header: Vec<RichText>,
        rows: Vec<Vec<RichText>>,
        /// A caption line given with the table (the loose `比較表:` form has one).
        caption: Option<String>,
    },
    List {
        ordered: bool,
        /// The number of an ordered list's first item: 1, unless the source starts it
        /// elsewhere (a list of steps 3 to 5 after a paragraph).
        start: u32,
        items: Vec<ListItem>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    /// Raw HTML from Markdown, kept only when the site's config allows raw HTML.
    Html {
        html: String,
    },
    /// A quotation (`> …` in Markdown), or, with `alert`, a note set apart by its kind
    /// (`> [!WARNING]`): blocks of its own.
    Quote {
        alert: Option<Alert>,
        blocks: Vec<Block>,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub text: RichText,
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
}

/// Inline content: plain text for guidance-text sources, light markup from Markdown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RichText(pub Vec<Inline>);

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    /// Struck-through text (`~~old step~~`): text that no longer holds, kept to be read
    /// as such.
    Strike(Vec<Inline>),
    /// A link as written. `url` may name another guide by its source file
    /// (`other.md#s3`); the link stage resolves it ([`crate::references`]).
    Link {
        url: String,
        content: Vec<Inline>,
        /// Where the link was written, for messages about its target.
        line: SourceLine,
    },
    /// An image: `src` as written, relative to the guide's source file (the media stage
    /// reads it, [`crate::media`]); `alt` is the text that stands for it.
    Image {
        src: String,
        alt: String,
        line: SourceLine,
    },
    LineBreak,
    /// Raw inline HTML, kept only when the config allows raw HTML.
    Html(String),
    /// A reference to a footnote (`[^label]`): note `number` of the guide
    /// ([`Document::footnotes`]). `occurrence` counts the references to one note (1, 2, …)
    /// in reading order, so that each can have its own id on a page. A reader sees the
    /// number, not text: it has no plain text.
    NoteRef {
        label: String,
        number: usize,
        occurrence: usize,
    },
}

impl RichText {
    /// Plain text as one inline (adjacent text merged, nothing else).
    pub fn plain(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() { RichText(Vec::new()) } else { RichText(vec![Inline::Text(s)]) }
    }

    /// The text a reader sees, with markup dropped (line breaks become `\n`).
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        push_plain(&self.0, &mut out);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Merges adjacent text runs so that equal content has one representation.
    pub fn normalized(inlines: Vec<Inline>) -> Self {
        RichText(normalize_inlines(inlines))
    }

    /// Calls `f` on every inline of the text, nested ones included.
    pub fn for_each_inline<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        visit_inlines(&self.0, f);
    }

    /// Whether the text refers to a footnote.
    pub fn has_note_ref(&self) -> bool {
        let mut found = false;
        self.for_each_inline(&mut |i| found |= matches!(i, Inline::NoteRef { .. }));
        found
    }
}

impl Document {
    /// Calls `f` on every inline of the guide (outcomes, then each section's blocks,
    /// subsections, consensus, perspective and trailing blocks, then the footnotes, in
    /// order), nested ones included: links and images are found this way.
    pub fn for_each_inline<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        for outcome in &self.outcomes {
            outcome.for_each_inline(f);
        }
        let notes = self.footnotes.iter().map(|n| n.blocks.as_slice());
        for blocks in self.sections.iter().flat_map(Section::all_blocks).chain(notes) {
            for block in blocks {
                block.for_each_inline(f);
            }
        }
    }
}

impl Section {
    /// The section's blocks in reading order: its own, each subsection's, the consensus,
    /// the perspective, and the trailing blocks.
    pub fn all_blocks(&self) -> impl Iterator<Item = &[Block]> {
        let subsections = self.subsections.iter().map(|s| s.blocks.as_slice());
        let closing = self.consensus.as_deref().into_iter().chain(self.perspective.as_deref());
        std::iter::once(self.blocks.as_slice())
            .chain(subsections)
            .chain(closing)
            .chain(std::iter::once(self.trailing.as_slice()))
    }
}

impl Block {
    /// Calls `f` on every inline of the block, nested ones included.
    pub fn for_each_inline<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        match self {
            Block::Paragraph { text } => text.for_each_inline(f),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    visit_inlines(&cell.0, f);
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    visit_inlines(&item.text.0, f);
                }
            }
            Block::Code { .. } | Block::Html { .. } => {}
            Block::Quote { blocks, .. } => {
                for b in blocks {
                    b.for_each_inline(f);
                }
            }
        }
    }
}

fn visit_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        if let Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } = inline {
            visit_inlines(c, f);
        }
    }
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Image { alt: t, .. } => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                push_plain(c, out);
            }
            Inline::LineBreak => out.push('\n'),
            Inline::Html(_) | Inline::NoteRef { .. } => {}
        }
    }
}

fn normalize_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Emph(c) => Inline::Emph(normalize_inlines(c)),
            Inline::Strong(c) => Inline::Strong(normalize_inlines(c)),
            Inline::Strike(c) => Inline::Strike(normalize_inlines(c)),
            Inline::Link { url, content, line } => Inline::Link { url, content: normalize_inlines(content), line },
            Inline::Text(t) if t.is_empty() => continue,
            other => other,
        };
        match (out.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(next)) => prev.push_str(&next),
            (_, inline) => out.push(inline),
        }
    }
    out
}

impl Serialize for RichText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_plain())
    }
}

/// A 1-based line in the source file. Carried for messages; equal to every other line,
/// so that where a construct was written never makes two models differ.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceLine(pub usize);

impl PartialEq for SourceLine {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

pub use crate::diagnostic::{Diagnostic, Severity};

/// The parser's messages about one source, each at a line (1-based; 0 never occurs: a
/// message about the whole file names line 1). They carry no file: the guide they belong
/// to knows it ([`Guide::diagnostics`]).
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, line: usize, severity: Severity, message: impl Into<String>) {
        self.0.push(Diagnostic::new(severity, Code::Import, message).at_line(line.max(1)));
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    /// Orders messages by line (stable, so messages on one line keep their order).
    pub fn sort(&mut self) {
        self.0.sort_by_key(|d| d.line);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}

/// The documented JSON form of a parser message: `{"line", "severity", "message"}`.
fn serialize_diagnostics<S: Serializer>(d: &Diagnostics, s: S) -> Result<S::Ok, S::Error> {
    serialize_parser_messages(&d.0, s)
}

/// [`serialize_diagnostics`] of a list (the diagnostics of `tebiki import --explain`).
pub(crate) fn serialize_parser_messages<S: Serializer>(d: &[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::{SerializeSeq, SerializeStruct};
    struct Line<'a>(&'a Diagnostic);
    impl Serialize for Line<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Diagnostic", 3)?;
            st.serialize_field("line", &self.0.line.unwrap_or(1))?;
            st.serialize_field("severity", &self.0.severity)?;
            st.serialize_field("message", &self.0.message)?;
            st.end()
        }
    }
    let mut seq = s.serialize_seq(Some(d.len()))?;
    for diagnostic in d {
        seq.serialize_element(&Line(diagnostic))?;
    }
    seq.end()
}

/// Text in the form in which two texts of the model are "the same": NFKC (full-width
/// letters and digits as ASCII, half-width kana as full-width), no white space, lower
/// case. A heading repeated to close its section, and a checklist item's id, compare this.
pub fn fold(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    let no_space = |c: &char| !c.is_whitespace();
    // Most text is NFKC already: then the (slow) normalization is skipped.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().filter(no_space).collect::<String>().to_lowercase()
    } else {
        text.nfkc().filter(no_space).collect::<String>().to_lowercase()
    }
}

impl Section {
    pub fn new(ordinal: usize, heading: String, line: usize) -> Self {
        Section {
            id: format!("s{ordinal}"),
            heading,
            number: None,
            line: SourceLine(line),
            blocks: Vec::new(),
            subsections: Vec::new(),
            consensus: None,
            perspective: None,
            trailing: Vec::new(),
        }
    }
}

impl Subsection {
    pub fn new(section: usize, ordinal: usize, heading: String, line: usize) -> Self {
        Subsection {
            id: format!("s{section}-{ordinal}"),
            heading,
            number: None,
            line: SourceLine(line),
            blocks: Vec::new(),
        }
    }
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { text: RichText::plain(text) }
    }

    pub fn bullets<I: IntoIterator<Item = String>>(items: I) -> Self {
        Block::List {
            ordered: false,
            start: 1,
            items: items.into_iter().map(|t| ListItem { text: RichText::plain(t), task: None }).collect(),
        }
    }
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        match self {
            Block::Paragraph { text } => {
                m.serialize_entry("type", "paragraph")?;
                m.serialize_entry("text", text)?;
            }
            Block::Table { header, rows, caption } => {
                m.serialize_entry("type", "table")?;
                if let Some(caption) = caption {
                    m.serialize_entry("caption", caption)?;
                }
                m.serialize_entry("header", header)?;
                m.serialize_entry("rows", rows)?;
            }
            Block::List { ordered, start, items } => {
                m.serialize_entry("type", "list")?;
                if *ordered {
                    m.serialize_entry("ordered", &true)?;
                    if *start != 1 {
                        m.serialize_entry("start", start)?;
                    }
                }
                let texts: Vec<&RichText> = items.iter().map(|i| &i.text).collect();
                m.serialize_entry("items", &texts)?;
                if items.iter().any(|i| i.task.is_some()) {
                    let tasks: Vec<Option<bool>> = items.iter().map(|i| i.task).collect();
                    m.serialize_entry("tasks", &tasks)?;
                }
            }
            Block::Code { lang, text } => {
                m.serialize_entry("type", "code")?;
                m.serialize_entry("lang", lang)?;
                m.serialize_entry("text", text)?;
            }
            Block::Html { html } => {
                m.serialize_entry("type", "html")?;
                m.serialize_entry("html", html)?;
            }
            Block::Quote { alert, blocks } => {
                m.serialize_entry("type", "quote")?;
                if let Some(alert) = alert {
                    m.serialize_entry("alert", alert.as_str())?;
                }
                m.serialize_entry("blocks", blocks)?;
            }
        }
        m.end()
    }
}

/// A guide as the site knows it: a parsed document plus where it came from.
#[derive(Debug, Clone)]
pub struct Guide {
    pub lang: String,
    /// Path below `content/<lang>/` without the extension, `/`-separated.
    pub slug: String,
    /// The source file, relative to the site root (for messages).
    pub source_path: std::path::PathBuf,
    /// `sha256:` + hex of the decoded source text as its reader sees it (BOM removed, line
    /// ends as LF, no trailing white space; [`crate::parse::source_hash`]): what `tebiki
    /// stamp` records.
    pub source_hash: String,
    /// The hash stamps recorded before [`Guide::source_hash`] left trailing white space
    /// out (of the text with LF line ends, [`crate::parse::source_hash_v1`]): a
    /// translation stamped then still matches an unchanged source.
    pub source_hash_v1: String,
    /// For a translation: what it translates and from which version of the source.
    pub translation: Option<TranslationOf>,
    /// Old addresses of the guide from its front matter (see [`crate::aliases`]).
    pub aliases: Vec<String>,
    /// When the guide last changed: front matter `updated`, or its last commit with
    /// `dates = "git"` ([`crate::dates`]).
    pub updated: Option<crate::dates::Date>,
    pub doc: Document,
}

impl Guide {
    /// The parser's diagnostics about this guide, each naming its source file.
    pub fn diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.doc.diagnostics.iter().map(|d| d.clone().in_file(&self.source_path))
    }
}

/// Front-matter record of the source a translation was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationOf {
    /// Slug of the source guide; `None` means the same slug as the translation.
    pub source_slug: Option<String>,
    /// Language of the source guide; `None` means the site's default language.
    pub source_lang: Option<String>,
    /// The source's `source_hash` when the translation was made, if recorded.
    pub source_hash: Option<String>,
    /// Per-section hashes of the source when the translation was made (`s1` → hash).
    pub section_hashes: std::collections::BTreeMap<String, String>,
}
