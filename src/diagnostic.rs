//! The one kind of diagnostic: a problem (or a note) with where it is, how bad it is, a
//! stable code and a message — and its two written forms.
//!
//! Every stage reports through [`Diagnostic`]: the parsers (about a source's lines), the
//! link stage (translations), `check` (links and anchors of the rendered pages), and the
//! errors that stop a command ([`ToDiagnostic`] makes one from the error's data, never
//! from its text). One formatter writes the text form,
//!
//! ```text
//! content/ja/a.txt:12:3: warning[import]: message
//! ```
//!
//! (line and column when known, the file when there is one), and one `Serialize` impl the
//! JSON form that `tebiki check --format json` documents in `docs/check-json.md` and
//! `tebiki serve` sends to its error overlay.

use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a diagnostic is about: a stable name for tools (`kind` in the JSON form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A parser diagnostic: how a source was read.
    Import,
    /// A translation's structure differs from its source's.
    Misaligned,
    /// A translation's source changed since it was stamped.
    Stale,
    /// A translation with no recorded source hash.
    Unstamped,
    /// A translation whose front matter names a source guide the site does not have.
    NoSource,
    /// A UI string present in one language and missing in another.
    MissingUiString,
    /// A guide's date cannot be told (`dates = "git"` without git, an uncommitted file).
    Dates,
    /// A link or resource of a page that resolves to no file of the site.
    BrokenLink,
    /// A `#fragment` that names no element of its target page, or a link to a guide's
    /// section that it does not have.
    BrokenAnchor,
    /// An image that cannot be shown (missing, outside the site, not an image) or has no
    /// alt text.
    Media,
    /// `tebiki.toml` cannot be read or is invalid.
    Config,
    /// The theme cannot be read or used.
    Theme,
    /// The content folder cannot be read.
    Content,
    /// A page cannot be rendered.
    Render,
    /// The search index cannot be built or read.
    Search,
    /// The output cannot be written.
    Output,
    /// A file operation failed.
    Io,
    /// What a command was asked to do cannot be done (a missing root, say).
    Usage,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Import => "import",
            Code::Misaligned => "misaligned",
            Code::Stale => "stale",
            Code::Unstamped => "unstamped",
            Code::NoSource => "no-source",
            Code::MissingUiString => "missing-ui-string",
            Code::Dates => "dates",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::Media => "media",
            Code::Config => "config",
            Code::Theme => "theme",
            Code::Content => "content",
            Code::Render => "render",
            Code::Search => "search",
            Code::Output => "output",
            Code::Io => "io",
            Code::Usage => "usage",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem or note, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file to fix: a source (relative to the site root), a theme file, the config, or
    /// a page of the output (relative to the output folder).
    pub file: Option<PathBuf>,
    /// 1-based; `None` when the diagnostic concerns the whole file.
    pub line: Option<usize>,
    /// 1-based, in characters; only where it is known.
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: None, line: None, column: None, severity, code, message: message.into() }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// The same diagnostic about `file`.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// The same diagnostic at `line` (1-based).
    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    /// The same diagnostic at `line` and `column` (1-based, in characters).
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same diagnostic with its file made relative to `root` when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Diagnostic {
        if let Some(file) = &self.file {
            if let Ok(rel) = file.strip_prefix(root) {
                self.file = Some(rel.to_path_buf());
            }
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A diagnostic whose message is `error`'s message followed by its causes.
    pub fn of_chain(code: Code, error: &(dyn std::error::Error + '_)) -> Diagnostic {
        let mut message = error.to_string();
        let mut cause = error.source();
        while let Some(c) = cause {
            message.push_str(": ");
            message.push_str(&c.to_string());
            cause = c.source();
        }
        Diagnostic::error(code, message)
    }
}

/// An error that can stop a command, as a diagnostic made from its data: its code, its
/// place when it has one, and a message that does not repeat the place.
pub trait ToDiagnostic: std::error::Error {
    fn diagnostic(&self) -> Diagnostic;
}

/// The text form: `file:line:column: severity[code]: message`, leaving out what is not
/// known.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            // A control character in a file's name (a line break) is escaped: one finding,
            // one line.
            f.write_str(&printable(&file.display().to_string()))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            f.write_str(": ")?;
        }
        write!(f, "{}[{}]: {}", self.severity.as_str(), self.code.as_str(), self.message)
    }
}

/// The JSON form (`docs/check-json.md`): `file`, `line`, `column`, `level`, `kind`,
/// `message`.
impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Diagnostic", 6)?;
        st.serialize_field("file", &self.file.as_ref().map(|f| f.display().to_string()))?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("level", &self.severity)?;
        st.serialize_field("kind", &self.code)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

/// Diagnostics sort by file, then line and column (whole-file ones first), then severity,
/// code and message: the order `check` prints them in.
impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.file, self.line, self.column, self.severity, self.code.as_str(), &self.message).cmp(&(
            &other.file,
            other.line,
            other.column,
            other.severity,
            other.code.as_str(),
            &other.message,
        ))
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// How many errors and warnings a list holds.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    (errors, warnings)
}

/// `text` as a terminal may show it: a control character (a line break, an escape
/// sequence that would recolour or retitle the terminal) written as its escape (`\n`,
/// `\u{1b}`).
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// How many of `diagnostics` are errors in a file below `folder` (relative to the site
/// root, as a load reports them): the guides of that folder left out.
pub fn errors_below(diagnostics: &[Diagnostic], folder: &Path) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file.as_deref().is_some_and(|f| f.starts_with(folder)))
        .count()
}

/// A count in English messages: `1 error`, `0 warnings`, `3 sections`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_is_known_of_the_place() {
        let d = Diagnostic::warning(Code::Import, "loose table");
        assert_eq!(d.to_string(), "warning[import]: loose table");
        let d = d.in_file("content/ja/a.txt");
        assert_eq!(d.to_string(), "content/ja/a.txt: warning[import]: loose table");
        let d = d.at_line(12);
        assert_eq!(d.to_string(), "content/ja/a.txt:12: warning[import]: loose table");
        let d = Diagnostic { column: Some(3), ..d };
        assert_eq!(d.to_string(), "content/ja/a.txt:12:3: warning[import]: loose table");
    }

    #[test]
    fn a_line_break_in_a_file_name_is_escaped_so_a_finding_stays_one_line() {
        let d = Diagnostic::error(Code::Content, "no slug").in_file("content/ja/new\nline.txt").at_line(1);
        assert_eq!(d.to_string(), "content/ja/new\\nline.txt:1: error[content]: no slug");
    }

    #[test]
    fn serializes_to_the_documented_json() {
        let d = Diagnostic::error(Code::Stale, "changed").in_file("content/en/a.md");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"file":"content/en/a.md","line":null,"column":null,"level":"error","kind":"stale","message":"changed"}"#
        );
    }

    #[test]
    fn sorts_by_file_then_place() {
        let a = Diagnostic::error(Code::Stale, "x").in_file("b.md");
        let b = Diagnostic::warning(Code::Import, "y").in_file("a.md").at_line(3);
        let c = Diagnostic::warning(Code::Import, "y").in_file("a.md");
        let mut v = vec![a.clone(), b.clone(), c.clone()];
        v.sort();
        assert_eq!(v, [c, b, a]);
    }
}
