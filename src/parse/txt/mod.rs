//! The guidance-text grammar: plain UTF-8, one paragraph per line, structure implied by
//! the shape of the lines. The format is described for authors in `docs/guidance-text.md`.
//!
//! 1. **Lines.** Split on LF / CRLF / CR, trim ASCII and ideographic spaces, drop blank
//!    lines (keeping line numbers).
//! 2. **Units** ([`units`]). Group lines into units: heading-shaped text (short, no `。`;
//!    after a number or mark such as `1.` `（１）` `■`, the rest of the line counts),
//!    paragraphs, pipe and loose tables ([`tables`]), bullet lists, runs of numbered or
//!    marked lines (lists), fenced code, and the markers of the format.
//! 3. **Preamble.** `解決できること` and its bullets are the outcomes; the next text line is
//!    the title, which is also the heading of section `s1`.
//! 4. **Closing blocks** ([`sections`]). A consensus / perspective marker and the content
//!    after it (up to the next heading-shaped line) close a section.
//! 5. **Sections.** Between two closing blocks lies a stretch of lines. If it ends with a
//!    repeat of an earlier heading in it (with or without its number), the section runs
//!    from that heading to the repeat; any headings before it are sections cut short (a
//!    heading and its paragraphs). If it ends without a repeat, the whole stretch is one
//!    section. Inside a closed section, heading-shaped lines followed by content are
//!    subsections.
//! 6. **Shape warnings** ([`warnings`]): structure that is probably not what the author
//!    meant is reported at its line, with what was done and what to write instead.
//!
//! Every non-blank line's role is recorded as it is read; [`explain`] returns them
//! (`tebiki import --explain`). Nothing here depends on the words of particular
//! documents, only on the markers of the format (`解決できること`,
//! `お客様社内でのご説明・コンセンサス`, `Perspective`, plain or in `【…】`) and on the
//! shape of lines.

mod explain;
mod sections;
mod shape;
mod tables;
mod units;
mod warnings;

pub use explain::{ExplainedLine, Explanation, LineRole, Place, Role, Rule};
pub use shape::{NotHeading, RepeatMatch};

use crate::model::{Diagnostics, Document, Severity};

/// Parses guidance text into a document. Never panics; problems become diagnostics.
pub fn parse(text: &str) -> Document {
    read(text).0
}

/// Parses guidance text and tells how each line was read. The diagnostics are the
/// parser's, ordered by line.
pub fn explain(text: &str) -> Explanation {
    let (mut doc, lines, roles) = read(text);
    doc.diagnostics.sort();
    let lines = lines
        .iter()
        .zip(roles.0)
        .map(|(line, role)| ExplainedLine {
            line: line.number,
            text: line.text.to_owned(),
            role: role.role,
            place: role.place,
            rule: role.rule,
            number: crate::parse::numbering::heading_number(line.text),
        })
        .collect();
    Explanation { lines, diagnostics: doc.diagnostics.0 }
}

fn read(text: &str) -> (Document, Vec<Line<'_>>, explain::Roles) {
    let mut diags = Diagnostics::default();
    let lines = split_lines(text);
    let mut roles = explain::Roles::new(lines.len());
    if lines.is_empty() {
        diags.push(1, Severity::Error, "the file is empty: a guide needs at least a title line");
        let doc = Document {
            title: String::new(),
            outcomes: Vec::new(),
            sections: Vec::new(),
            footnotes: Vec::new(),
            diagnostics: diags,
        };
        return (doc, lines, roles);
    }
    let units = units::group_units(&lines, &mut diags, &mut roles);
    let mut doc = sections::build(units, &lines, diags, &mut roles);
    crate::parse::numbering::number_headings(&mut doc);
    (doc, lines, roles)
}

/// One non-blank line.
#[derive(Debug, Clone)]
struct Line<'a> {
    number: usize,
    /// The line trimmed of surrounding spaces.
    text: &'a str,
    /// The line as written (without its line end): code keeps its indentation.
    raw: &'a str,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    let mut number = 0;
    let mut rest = text;
    while !rest.is_empty() || number == 0 {
        number += 1;
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if !trimmed.is_empty() {
            out.push(Line { number, text: trimmed, raw: line.trim_end_matches(|c: char| c.is_whitespace()) });
        }
        rest = next;
        if rest.is_empty() {
            break;
        }
    }
    out
}
