//! A compact binary form of a parsed guide ([`Guide`]), in which `tebiki build` keeps the
//! guides it parsed (`.tebiki/cache/guides`, see [`crate::project::GuideCache`]) so that
//! the next build parses only the guides whose source changed.
//!
//! The form holds everything the parser gives, source lines and diagnostics included:
//! a decoded guide is the guide that was encoded (the round-trip test compares their
//! `Debug` forms). It is private to one build of tebiki (the store's header names
//! [`crate::fingerprint::TOOL`]), so it has no version of its own.
//!
//! Numbers are LEB128 varints, strings a length and UTF-8 bytes, sequences a count and
//! their items, options and enums a tag byte. Decoding checks every length against
//! what is left, every tag, every string's UTF-8 and how deep inlines nest, and gives
//! `None` on anything else: a damaged store costs a parse, never a panic.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::dates::Date;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{
    Alert, Block, Diagnostics, Document, Footnote, Guide, HeadingNumber, Inline, ListItem, RichText, Section,
    SourceLine, Subsection, TranslationOf,
};

/// Deepest inline nesting decoded: above anything the parsers make
/// ([`crate::parse::nesting::MAX_NESTING`]), and low enough for the stack.
const MAX_DEPTH: usize = 4 * crate::parse::nesting::MAX_NESTING;

/// The encoded form of `guide`.
pub fn encode(guide: &Guide) -> Vec<u8> {
    let mut e = Encoder(Vec::with_capacity(guide.doc.title.len() * 64));
    e.guide(guide);
    e.0
}

/// The guide `bytes` encode, or `None` when they are not (all of) an encoded guide.
pub fn decode(bytes: &[u8]) -> Option<Guide> {
    let mut d = Decoder { bytes, at: 0 };
    let guide = d.guide()?;
    (d.at == bytes.len()).then_some(guide)
}

struct Encoder(Vec<u8>);

impl Encoder {
    fn num(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }
    fn size(&mut self, n: usize) {
        self.num(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.size(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn flag(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn opt<T>(&mut self, v: &Option<T>, f: impl FnOnce(&mut Self, &T)) {
        match v {
            None => self.0.push(0),
            Some(x) => {
                self.0.push(1);
                f(self, x);
            }
        }
    }
    fn seq<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.size(items.len());
        for item in items {
            f(self, item);
        }
    }

    fn guide(&mut self, g: &Guide) {
        self.str(&g.lang);
        self.str(&g.slug);
        self.path(&g.source_path);
        self.str(&g.source_hash);
        self.str(&g.source_hash_v1);
        self.opt(&g.translation, |e, t| {
            e.opt(&t.source_slug, |e, s| e.str(s));
            e.opt(&t.source_lang, |e, s| e.str(s));
            e.opt(&t.source_hash, |e, s| e.str(s));
            e.size(t.section_hashes.len());
            for (k, v) in &t.section_hashes {
                e.str(k);
                e.str(v);
            }
        });
        self.seq(&g.aliases, |e, a| e.str(a));
        self.opt(&g.updated, |e, d| {
            e.num(u64::from(d.year));
            e.num(u64::from(d.month));
            e.num(u64::from(d.day));
        });
        let doc = &g.doc;
        self.str(&doc.title);
        self.seq(&doc.outcomes, Self::rich);
        self.seq(&doc.sections, Self::section);
        self.seq(&doc.footnotes, |e, n: &Footnote| {
            e.str(&n.label);
            e.size(n.line.0);
            e.seq(&n.blocks, Self::block);
        });
        self.seq(&doc.diagnostics.0, Self::diagnostic);
    }
    fn path(&mut self, p: &std::path::Path) {
        // Paths of a loaded site are UTF-8 (`load` reads only such names).
        self.str(&p.to_string_lossy());
    }
    fn section(&mut self, s: &Section) {
        self.str(&s.id);
        self.str(&s.heading);
        self.opt(&s.number, Self::number);
        self.size(s.line.0);
        self.seq(&s.blocks, Self::block);
        self.seq(&s.subsections, |e, ss: &Subsection| {
            e.str(&ss.id);
            e.str(&ss.heading);
            e.opt(&ss.number, Self::number);
            e.size(ss.line.0);
            e.seq(&ss.blocks, Self::block);
        });
        self.opt(&s.consensus, |e, b| e.seq(b, Self::block));
        self.opt(&s.perspective, |e, b| e.seq(b, Self::block));
        self.seq(&s.trailing, Self::block);
    }
    fn number(&mut self, n: &HeadingNumber) {
        self.str(&n.label);
        self.str(&n.style);
        self.seq(&n.value, |e, v| e.num(u64::from(*v)));
    }
    fn block(&mut self, b: &Block) {
        match b {
            Block::Paragraph { text } => {
                self.0.push(0);
                self.rich(text);
            }
            Block::Table { header, rows, caption } => {
                self.0.push(1);
                self.seq(header, Self::rich);
                self.seq(rows, |e, row| e.seq(row, Self::rich));
                self.opt(caption, |e, c| e.str(c));
            }
            Block::List { ordered, start, items } => {
                self.0.push(2);
                self.flag(*ordered);
                self.size(*start as usize);
                self.seq(items, |e, i| {
                    e.rich(&i.text);
                    e.opt(&i.task, |e, t| e.flag(*t));
                });
            }
            Block::Code { lang, text } => {
                self.0.push(3);
                self.opt(lang, |e, l| e.str(l));
                self.str(text);
            }
            Block::Html { html } => {
                self.0.push(4);
                self.str(html);
            }
            Block::Quote { alert, blocks } => {
                self.0.push(5);
                self.size(alert.map_or(0, |a| 1 + Alert::ALL.iter().position(|x| *x == a).unwrap_or(0)));
                self.seq(blocks, Self::block);
            }
        }
    }
    fn rich(&mut self, r: &RichText) {
        self.seq(&r.0, Self::inline);
    }
    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(s) => {
                self.0.push(0);
                self.str(s);
            }
            Inline::Code(s) => {
                self.0.push(1);
                self.str(s);
            }
            Inline::Emph(c) => {
                self.0.push(2);
                self.seq(c, Self::inline);
            }
            Inline::Strong(c) => {
                self.0.push(3);
                self.seq(c, Self::inline);
            }
            Inline::Strike(c) => {
                self.0.push(9);
                self.seq(c, Self::inline);
            }
            Inline::Link { url, content, line } => {
                self.0.push(4);
                self.str(url);
                self.seq(content, Self::inline);
                self.size(line.0);
            }
            Inline::Image { src, alt, line } => {
                self.0.push(5);
                self.str(src);
                self.str(alt);
                self.size(line.0);
            }
            Inline::LineBreak => self.0.push(6),
            Inline::Html(s) => {
                self.0.push(7);
                self.str(s);
            }
            Inline::NoteRef { label, number, occurrence } => {
                self.0.push(8);
                self.str(label);
                self.size(*number);
                self.size(*occurrence);
            }
        }
    }
    fn diagnostic(&mut self, d: &Diagnostic) {
        self.opt(&d.file, |e, f| e.path(f));
        self.opt(&d.line, |e, l| e.size(*l));
        self.opt(&d.column, |e, c| e.size(*c));
        self.0.push(severity_id(d.severity));
        self.0.push(code_id(d.code));
        self.str(&d.message);
    }
}

fn severity_id(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// A diagnostic code's number in the form (the match makes a new code a compile error
/// here until it has one; [`CODES`] lists them in this order).
fn code_id(c: Code) -> u8 {
    match c {
        Code::Import => 0,
        Code::Misaligned => 1,
        Code::Stale => 2,
        Code::Unstamped => 3,
        Code::MissingUiString => 4,
        Code::Dates => 5,
        Code::BrokenLink => 6,
        Code::BrokenAnchor => 7,
        Code::Media => 8,
        Code::Config => 9,
        Code::Theme => 10,
        Code::Content => 11,
        Code::Render => 12,
        Code::Search => 13,
        Code::Output => 14,
        Code::Io => 15,
        Code::Usage => 16,
        Code::NoSource => 17,
    }
}

const CODES: [Code; 18] = [
    Code::Import,
    Code::Misaligned,
    Code::Stale,
    Code::Unstamped,
    Code::MissingUiString,
    Code::Dates,
    Code::BrokenLink,
    Code::BrokenAnchor,
    Code::Media,
    Code::Config,
    Code::Theme,
    Code::Content,
    Code::Render,
    Code::Search,
    Code::Output,
    Code::Io,
    Code::Usage,
    Code::NoSource,
];

struct Decoder<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn num(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }
    fn size(&mut self) -> Option<usize> {
        usize::try_from(self.num()?).ok()
    }
    /// A count of items, each at least one byte: never more than the bytes left.
    fn count(&mut self) -> Option<usize> {
        let n = self.size()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.count()?;
        // Checked with SIMD: the standard library's check was about a quarter of decoding
        // the kept guides of a build.
        let s = simdutf8::basic::from_utf8(&self.bytes[self.at..self.at + n]).ok()?;
        self.at += n;
        Some(s.to_owned())
    }
    fn small<T: TryFrom<u64>>(&mut self) -> Option<T> {
        T::try_from(self.num()?).ok()
    }
    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(f(self)?)),
            _ => None,
        }
    }
    fn seq<T>(&mut self, mut f: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(f(self)?);
        }
        Some(out)
    }

    fn guide(&mut self) -> Option<Guide> {
        let lang = self.str()?;
        let slug = self.str()?;
        let source_path = PathBuf::from(self.str()?);
        let source_hash = self.str()?;
        let source_hash_v1 = self.str()?;
        let translation = self.opt(|d| {
            let source_slug = d.opt(Self::str)?;
            let source_lang = d.opt(Self::str)?;
            let source_hash = d.opt(Self::str)?;
            let n = d.count()?;
            let mut section_hashes = BTreeMap::new();
            for _ in 0..n {
                section_hashes.insert(d.str()?, d.str()?);
            }
            Some(TranslationOf { source_slug, source_lang, source_hash, section_hashes })
        })?;
        let aliases = self.seq(Self::str)?;
        let updated = self.opt(|d| Date::new(d.small()?, d.small()?, d.small()?))?;
        let title = self.str()?;
        let outcomes = self.seq(|d| d.rich(0))?;
        let sections = self.seq(Self::section)?;
        let footnotes =
            self.seq(|d| Some(Footnote { label: d.str()?, line: SourceLine(d.size()?), blocks: d.seq(Self::block)? }))?;
        let diagnostics = Diagnostics(self.seq(Self::diagnostic)?);
        let doc = Document { title, outcomes, sections, footnotes, diagnostics };
        Some(Guide { lang, slug, source_path, source_hash, source_hash_v1, translation, aliases, updated, doc })
    }
    fn section(&mut self) -> Option<Section> {
        let id = self.str()?;
        let heading = self.str()?;
        let number = self.opt(Self::number)?;
        let line = SourceLine(self.size()?);
        let blocks = self.seq(Self::block)?;
        let subsections = self.seq(|d| {
            let id = d.str()?;
            let heading = d.str()?;
            let number = d.opt(Self::number)?;
            let line = SourceLine(d.size()?);
            let blocks = d.seq(Self::block)?;
            Some(Subsection { id, heading, number, line, blocks })
        })?;
        let consensus = self.opt(|d| d.seq(Self::block))?;
        let perspective = self.opt(|d| d.seq(Self::block))?;
        let trailing = self.seq(Self::block)?;
        Some(Section { id, heading, number, line, blocks, subsections, consensus, perspective, trailing })
    }
    fn number(&mut self) -> Option<HeadingNumber> {
        Some(HeadingNumber { label: self.str()?, style: self.str()?, value: self.seq(Self::small)? })
    }
    fn block(&mut self) -> Option<Block> {
        self.block_at(0)
    }
    /// A block inside `depth` quotes.
    fn block_at(&mut self, depth: usize) -> Option<Block> {
        Some(match self.byte()? {
            0 => Block::Paragraph { text: self.rich(0)? },
            1 => Block::Table {
                header: self.seq(|d| d.rich(0))?,
                rows: self.seq(|d| d.seq(|d| d.rich(0)))?,
                caption: self.opt(Self::str)?,
            },
            2 => Block::List {
                ordered: self.flag()?,
                start: u32::try_from(self.size()?).ok()?,
                items: self.seq(|d| Some(ListItem { text: d.rich(0)?, task: d.opt(Self::flag)? }))?,
            },
            3 => Block::Code { lang: self.opt(Self::str)?, text: self.str()? },
            4 => Block::Html { html: self.str()? },
            5 => {
                let alert = match self.size()? {
                    0 => None,
                    n => Some(*Alert::ALL.get(n - 1)?),
                };
                if depth > MAX_DEPTH {
                    return None;
                }
                Block::Quote { alert, blocks: self.seq(|d| d.block_at(depth + 1))? }
            }
            _ => return None,
        })
    }
    fn rich(&mut self, depth: usize) -> Option<RichText> {
        Some(RichText(self.inlines(depth)?))
    }
    fn inlines(&mut self, depth: usize) -> Option<Vec<Inline>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.seq(|d| d.inline(depth))
    }
    fn inline(&mut self, depth: usize) -> Option<Inline> {
        Some(match self.byte()? {
            0 => Inline::Text(self.str()?),
            1 => Inline::Code(self.str()?),
            2 => Inline::Emph(self.inlines(depth + 1)?),
            3 => Inline::Strong(self.inlines(depth + 1)?),
            4 => Inline::Link { url: self.str()?, content: self.inlines(depth + 1)?, line: SourceLine(self.size()?) },
            5 => Inline::Image { src: self.str()?, alt: self.str()?, line: SourceLine(self.size()?) },
            6 => Inline::LineBreak,
            7 => Inline::Html(self.str()?),
            8 => Inline::NoteRef { label: self.str()?, number: self.size()?, occurrence: self.size()? },
            9 => Inline::Strike(self.inlines(depth + 1)?),
            _ => return None,
        })
    }
    fn diagnostic(&mut self) -> Option<Diagnostic> {
        let file = self.opt(|d| d.str().map(PathBuf::from))?;
        let line = self.opt(Self::size)?;
        let column = self.opt(Self::size)?;
        let severity = *SEVERITIES.get(usize::from(self.byte()?))?;
        let code = *CODES.get(usize::from(self.byte()?))?;
        let message = self.str()?;
        Some(Diagnostic { file, line, column, severity, code, message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_numbered_in_the_order_of_their_list() {
        for (i, code) in CODES.iter().enumerate() {
            assert_eq!(usize::from(code_id(*code)), i, "{code:?}");
        }
        for (i, s) in SEVERITIES.iter().enumerate() {
            assert_eq!(usize::from(severity_id(*s)), i, "{s:?}");
        }
    }

    #[test]
    fn a_damaged_form_decodes_to_nothing_and_never_panics() {
        let guide = Guide {
            lang: "ja".into(),
            slug: "a".into(),
            source_path: "content/ja/a.txt".into(),
            source_hash: "sha256:00".into(),
            source_hash_v1: "sha256:01".into(),
            translation: None,
            aliases: vec!["old".into()],
            updated: Date::new(2026, 12, 4),
            doc: Document {
                title: "題".into(),
                outcomes: vec![RichText(vec![
                    Inline::Emph(vec![Inline::Text("強調".into())]),
                    Inline::Strike(vec![Inline::Text("取り消し".into())]),
                    Inline::NoteRef { label: "注".into(), number: 1, occurrence: 1 },
                ])],
                sections: vec![Section {
                    consensus: Some(vec![Block::paragraph("合意")]),
                    trailing: vec![
                        Block::paragraph("後に"),
                        Block::Quote {
                            alert: Some(Alert::Caution),
                            blocks: vec![Block::Quote { alert: None, blocks: vec![Block::paragraph("引用")] }],
                        },
                    ],
                    ..Section::new(1, "見出し".into(), 3)
                }],
                footnotes: vec![Footnote {
                    label: "注".into(),
                    line: SourceLine(9),
                    blocks: vec![Block::paragraph("注記")],
                }],
                diagnostics: Diagnostics::default(),
            },
        };
        let bytes = encode(&guide);
        assert_eq!(format!("{:?}", decode(&bytes).unwrap()), format!("{guide:?}"));
        // Every prefix, and every single byte changed, either decodes to nothing or to
        // some guide, and never panics.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "a prefix of {n} bytes decoded");
        }
        for i in 0..bytes.len() {
            for b in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[i] = b;
                let _ = decode(&damaged);
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none(), "trailing bytes decoded");
    }

    #[test]
    fn quotes_nested_past_the_limit_decode_to_nothing() {
        let mut block = Block::paragraph("x");
        for _ in 0..MAX_DEPTH + 2 {
            block = Block::Quote { alert: None, blocks: vec![block] };
        }
        let mut e = Encoder(Vec::new());
        e.block(&block);
        assert!(Decoder { bytes: &e.0, at: 0 }.block().is_none());
        let mut e = Encoder(Vec::new());
        let Block::Quote { blocks, .. } = block else { unreachable!() };
        let mut inner = blocks.into_iter().next().unwrap();
        for _ in 0..3 {
            let Block::Quote { blocks, .. } = inner else { unreachable!() };
            inner = blocks.into_iter().next().unwrap();
        }
        e.block(&inner);
        assert!(Decoder { bytes: &e.0, at: 0 }.block().is_some(), "within the limit");
    }

    #[test]
    fn inlines_nested_past_the_limit_decode_to_nothing() {
        let mut e = Encoder(Vec::new());
        let mut inline = Inline::Text("x".into());
        for _ in 0..MAX_DEPTH + 2 {
            inline = Inline::Strong(vec![inline]);
        }
        e.rich(&RichText(vec![inline]));
        let mut d = Decoder { bytes: &e.0, at: 0 };
        assert!(d.rich(0).is_none());
    }
}
