//! Step 6 of the grammar: warnings about a guide's shape, for structure the author
//! probably did not mean. Each names its line, what the importer did, and what the author
//! can write instead. (Warnings about a closing block are raised where it is read.)
//!
//! - A section with no subsections, whose body has two or more lines that look like
//!   subsection headings — numbered or marked, or short and ending in `：`, each followed
//!   by text — that were read as paragraphs.
//! - A list read from a run of short numbered (or marked) lines, whose numbering a
//!   heading further on in the same section continues.

use super::shape::{NotHeading, heading_shape};
use super::units::{Kind, Run, Unit};
use crate::parse::numbering::{self, LeadKind};

/// A line in a section's body that looks like a subsection heading and is a paragraph.
struct Candidate {
    line: usize,
    /// The number or mark it starts with (`(1)`, `▶`), if any.
    label: Option<String>,
    why: NotHeading,
}

fn candidate(unit: &Unit, next: Option<&Unit>) -> Option<Candidate> {
    let Kind::Text { text, heading: false } = &unit.kind else { return None };
    let next = next?;
    let why = heading_shape(text).err()?;
    match numbering::lead(text) {
        Some(lead) => {
            let followed = !next.is_heading() && !matches!(next.kind, Kind::Marker(_));
            followed.then(|| Candidate { line: unit.line, label: Some(lead.label()), why })
        }
        None => {
            let lead_in = matches!(why, NotHeading::Ends(':' | '：'));
            let followed = matches!(next.kind, Kind::Text { heading: false, .. });
            (lead_in && followed).then_some(Candidate { line: unit.line, label: None, why })
        }
    }
}

/// For a section `id` with no subsections whose body is `body`: two or more lines that
/// look like subsection headings and were read as paragraphs. Returns (line, message).
pub(super) fn headings_read_as_paragraphs(id: &str, body: &[Unit]) -> Option<(usize, String)> {
    let found: Vec<Candidate> = body.iter().enumerate().filter_map(|(k, u)| candidate(u, body.get(k + 1))).collect();
    if found.len() < 2 {
        return None;
    }
    let lines = line_list(&found.iter().map(|c| c.line).collect::<Vec<_>>());
    let labels: Vec<String> = found.iter().filter_map(|c| c.label.as_ref().map(|l| format!("`{l}`"))).collect();
    let look = if labels.is_empty() {
        "short".to_owned()
    } else {
        format!("numbered or marked like headings ({})", labels.join(", "))
    };
    let mut whys: Vec<NotHeading> = Vec::new();
    for c in &found {
        if !whys.contains(&c.why) {
            whys.push(c.why);
        }
    }
    let reasons: Vec<String> = whys.iter().map(|w| plural_reason(*w)).collect();
    let fixes: Vec<String> = whys.iter().map(|w| w.fix()).collect();
    let message = format!(
        "section {id} has no subsections, but {lines} look like subsection headings ({look}, each followed by \
         text) and were read as paragraphs because they {}. To make them subsections, {}",
        reasons.join(" or "),
        fixes.join("; ")
    );
    Some((found[0].line, message))
}

fn plural_reason(why: NotHeading) -> String {
    match why {
        NotHeading::TooLong => format!("are longer than {} characters", super::shape::MAX_HEADING_CHARS),
        NotHeading::FullStop => "have a full stop `。`".to_owned(),
        NotHeading::SentenceBreak => "have a sentence break `. `".to_owned(),
        NotHeading::Ends(c) => format!("end with `{c}`"),
        NotHeading::Starts(c) => format!("start with `{c}`"),
        NotHeading::Tab => "have tabs in them".to_owned(),
    }
}

/// "line 5", "lines 5 and 7", "lines 5, 7 and 9".
fn line_list(lines: &[usize]) -> String {
    match lines {
        [one] => format!("line {one}"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(usize::to_string).collect();
            format!("lines {} and {last}", init.join(", "))
        }
        [] => String::new(),
    }
}

/// The lists read from runs so far in one section, to check the headings after them.
#[derive(Default)]
pub(super) struct RunsSeen(Vec<Run>);

impl RunsSeen {
    pub fn note(&mut self, unit: &Unit) {
        if let Kind::List { run: Some(run), .. } = &unit.kind
            && run.short
        {
            self.0.push(run.clone());
        }
    }

    /// `heading` has become a heading: does it continue the numbering of a list above it?
    /// Returns (line, message) once per list.
    pub fn continued_by(&mut self, heading: &Unit) -> Option<(usize, String)> {
        let text = heading.as_text()?;
        let lead = numbering::lead(text)?;
        let k = self.0.iter().position(|run| match (&run.last, &lead.kind) {
            (LeadKind::Number(a), LeadKind::Number(b)) => numbering::follows(a, b),
            (LeadKind::Mark(a), LeadKind::Mark(b)) => a == b,
            _ => false,
        })?;
        let run = self.0.remove(k);
        let (first, last, at) = (run.first_line, run.last_line, heading.line);
        let what =
            if matches!(run.last, LeadKind::Number(_)) { "continues their numbering" } else { "carries their mark" };
        let message = format!(
            "lines {first}–{last} stand in a row with nothing between them, so they were read as a list; but \
             line {at} `{text}` {what} and was read as a heading. If lines {first}–{last} are headings too, \
             write a line of text under each; if they are a list, number or mark line {at} in another style"
        );
        Some((first, message))
    }
}
