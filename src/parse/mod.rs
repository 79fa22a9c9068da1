//! Parse: source text → [`Document`]. Two formats, one model.
//!
//! 1. [`decode`] turns bytes into text (UTF-8, or Shift_JIS with a warning).
//! 2. [`txt`] reads the guidance-text format; [`markdown`] reads Markdown with front matter.
//! 3. [`emit`] writes a model back out as Markdown (`tebiki import`).
//!
//! [`numbering`] reads the numbers headings are written with (`1.`, `（２）`, `第3章`); both
//! parsers give each heading its number from its text.
//!
//! A parse never fails on content: problems become diagnostics with line numbers, and a
//! document with an error diagnostic (no title, say) is reported and left out of the site.
//! Only undecodable bytes are an error, since there is no text to report lines in.

pub mod decode;
pub mod emit;
pub mod front;
pub mod markdown;
pub mod nesting;
pub mod numbering;
mod table_lines;
pub mod txt;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::load::SourceFile;
use crate::model::{Document, Guide, Severity};

/// The two source formats, told apart by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Markdown,
}

impl Format {
    /// `.txt` or `.md`, in any letter case.
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(Format::Txt),
            "md" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// What the parsers need from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    pub raw_html: bool,
    pub accept_shift_jis: bool,
    /// Sources larger than this are refused (`[limits] max_guide_kib`).
    pub max_bytes: u64,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { raw_html: false, accept_shift_jis: true, max_bytes: crate::config::DEFAULT_MAX_GUIDE_KIB * 1024 }
    }
}

impl From<&crate::config::Config> for ParseOptions {
    fn from(c: &crate::config::Config) -> Self {
        ParseOptions { raw_html: c.raw_html, accept_shift_jis: c.accept_shift_jis, max_bytes: c.max_guide_bytes }
    }
}

/// A source that cannot be parsed at all (content problems are diagnostics instead).
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct ParseError {
    pub path: PathBuf,
    pub kind: ParseErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub enum ParseErrorKind {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error(
        "is Shift_JIS (CP932) text, and this site rejects Shift_JIS (`import.shift_jis = \"reject\"`); save it as UTF-8"
    )]
    ShiftJisRejected,
    #[error("not a guide source (expected .txt or .md)")]
    UnknownFormat,
    #[error("cannot read: {0}; left out")]
    Unreadable(String),
    #[error(
        "{size} bytes: a guide may be at most {max} bytes (`[limits] max_guide_kib` in tebiki.toml); split it, \
         or raise the limit"
    )]
    TooLarge { size: u64, max: u64 },
}

impl ParseError {
    /// `file` could not be read (`e`): a source hashed before the load and read only when
    /// its guide had to be parsed ([`crate::load::SourceFile::read`]).
    pub fn unreadable(file: &SourceFile, e: crate::fsx::FsError) -> ParseError {
        ParseError { path: file.rel_path.clone(), kind: ParseErrorKind::Unreadable(e.reason.to_string()) }
    }

    /// The line the error is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        match &self.kind {
            ParseErrorKind::Decode(e) => e.line(),
            _ => None,
        }
    }
}

impl ToDiagnostic for ParseError {
    fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(Code::Import, self.kind.to_string()).in_file(&self.path);
        match self.line() {
            Some(line) => d.at_line(line),
            None => d,
        }
    }
}

/// Decodes and parses a loaded source file into a guide.
pub fn parse_source(file: &SourceFile, opts: ParseOptions) -> Result<Guide, ParseError> {
    let format = Format::of_path(&file.rel_path)
        .ok_or_else(|| ParseError { path: file.rel_path.clone(), kind: ParseErrorKind::UnknownFormat })?;
    let (text, parsed) = read_document(&file.bytes, &file.rel_path, format, opts)?;
    Ok(Guide {
        lang: file.lang.clone(),
        slug: file.slug.clone(),
        source_path: file.rel_path.clone(),
        source_hash: source_hash(&text),
        source_hash_v1: source_hash_v1(&text),
        translation: parsed.translation,
        aliases: parsed.aliases,
        updated: parsed.updated,
        doc: parsed.doc,
    })
}

/// Decodes source bytes under the site's encoding policy and parses them: the decoded text
/// and the parse, with a warning when the text was read as Shift_JIS. `path` is for
/// messages.
pub fn read_document(
    bytes: &[u8],
    path: &Path,
    format: Format,
    opts: ParseOptions,
) -> Result<(String, Parsed), ParseError> {
    let (text, encoding) = decode_for(bytes, path, opts)?;
    let mut parsed = parse_text(&text, format, opts);
    if encoding == decode::Encoding::ShiftJis {
        parsed.doc.diagnostics.push(1, Severity::Warning, "read as Shift_JIS (CP932); save the file as UTF-8");
    }
    Ok((text, parsed))
}

/// Decodes source bytes under the site's encoding policy.
pub fn decode_for(bytes: &[u8], path: &Path, opts: ParseOptions) -> Result<(String, decode::Encoding), ParseError> {
    let error = |kind| ParseError { path: path.to_owned(), kind };
    let size = bytes.len() as u64;
    if size > opts.max_bytes {
        return Err(error(ParseErrorKind::TooLarge { size, max: opts.max_bytes }));
    }
    let decoded = decode::decode(bytes).map_err(|e| error(ParseErrorKind::Decode(e)))?;
    if decoded.encoding == decode::Encoding::ShiftJis && !opts.accept_shift_jis {
        return Err(error(ParseErrorKind::ShiftJisRejected));
    }
    Ok((decoded.text, decoded.encoding))
}

/// A parsed document plus the front-matter facts that are not part of the model.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub doc: Document,
    pub translation: Option<crate::model::TranslationOf>,
    /// Old addresses of the guide (`aliases` in Markdown front matter).
    pub aliases: Vec<String>,
    /// The front matter's `updated` date.
    pub updated: Option<crate::dates::Date>,
}

/// The warning for control characters removed from a guide's text.
fn controls_removed(s: &decode::Stripped) -> String {
    format!(
        "{} control character{} removed (the first, U+{:04X}, on this line); they have no place in a guide",
        s.count,
        if s.count == 1 { "" } else { "s" },
        u32::from(s.first)
    )
}

/// How each line of a guidance-text file is read (`tebiki import --explain`): of the text
/// as [`parse_text`] reads it — control characters removed, with the same warning.
pub fn explain_txt(text: &str) -> txt::Explanation {
    let (text, stripped) = decode::strip_controls(text);
    let mut explanation = txt::explain(&text);
    if let Some(s) = stripped {
        explanation
            .diagnostics
            .push(Diagnostic::new(Severity::Warning, Code::Import, controls_removed(&s)).at_line(s.line));
        explanation.diagnostics.sort_by_key(|d| d.line);
    }
    explanation
}

/// Parses decoded text. Control characters are removed first, with a warning at the
/// line of the first one (see [`decode::strip_controls`]).
pub fn parse_text(text: &str, format: Format, opts: ParseOptions) -> Parsed {
    let (text, stripped) = decode::strip_controls(text);
    let mut parsed = match format {
        Format::Txt => Parsed { doc: txt::parse(&text), translation: None, aliases: Vec::new(), updated: None },
        Format::Markdown => markdown::parse(&text, opts),
    };
    if let Some(s) = stripped {
        parsed.doc.diagnostics.push(s.line, Severity::Warning, controls_removed(&s));
    }
    parsed.doc.diagnostics.sort();
    parsed
}

/// `sha256:` + hex digest of the text with line ends as LF: what stamps recorded before
/// [`source_hash`] (kept so that they still match an unchanged source).
pub fn source_hash_v1(text: &str) -> String {
    let digest = if text.contains('\r') {
        Sha256::digest(text.replace("\r\n", "\n").as_bytes())
    } else {
        Sha256::digest(text.as_bytes())
    };
    format!("sha256:{}", crate::fingerprint::hex(&digest))
}

/// `sha256:` + hex digest of the text as its reader sees it: lines ending in LF (a file
/// re-saved with CRLF or CR is not "changed"), no trailing spaces, no blank lines at the
/// end and a final line end. A change that only adds or drops white space there does
/// not make a translation out of date. (Blank lines between lines count: the
/// guidance-text format reads them.)
pub fn source_hash(text: &str) -> String {
    let mut clean = String::with_capacity(text.len() + 1);
    for line in front::lines(text) {
        clean.push_str(line.trim_end());
        clean.push('\n');
    }
    let kept = clean.trim_end_matches('\n').len();
    clean.truncate(kept);
    if kept > 0 {
        clean.push('\n');
    }
    format!("sha256:{}", crate::fingerprint::hex(&Sha256::digest(clean.as_bytes())))
}
