//! Step 2 of the grammar: lines grouped into units — one line of text (heading-shaped or
//! not), a table, a code block, a list, or a marker of the format.
//!
//! Lists are `- ` / `・` bullets, and **runs** of numbered or marked lines: two or more
//! lines in a row that count up from 1 in one numbering style (`1.` `2.` `3.`, `①` `②`,
//! `ア` `イ`), or that carry the same mark (`●` `●`), with nothing between them. A
//! numbered line with anything after it before the next number — a paragraph, a table —
//! stays a line of text, and the structure decides whether it is a heading. A line that a
//! repeat before a closing block names is never part of a run.

use std::ops::Range;

use super::Line;
use super::explain::{Role, Roles, Rule};
use super::shape::{
    self, MarkerKind, NOTE_MARKS, bullet_text, code_fence, heading_key, is_heading_shaped, is_rule_line, marker_kind,
};
use super::tables::{take_loose_table, take_pipe_table, take_tab_table};
use crate::model::{Block, Diagnostics, RichText, Severity};
use crate::parse::numbering::{self, LeadKind};

#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub kind: Kind,
    /// The first physical line (for messages).
    pub line: usize,
    /// The non-blank lines the unit covers (indices into the line list).
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// One line of text; whether a heading-shaped line is a heading is decided by its place.
    Text {
        text: String,
        heading: bool,
    },
    /// A table or a code block.
    Block(Block),
    List {
        ordered: bool,
        items: Vec<String>,
        run: Option<Run>,
    },
    Marker(MarkerKind),
}

/// A list read from a run of numbered or marked lines.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// The number or mark of its last line.
    pub last: LeadKind,
    /// Every item is heading-shaped (short, no full stop).
    pub short: bool,
    pub first_line: usize,
    pub last_line: usize,
}

impl Unit {
    pub fn text(text: &str, line: usize, at: usize, heading: bool) -> Unit {
        Unit { kind: Kind::Text { text: text.to_owned(), heading }, line, span: at..at + 1 }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, Kind::Text { heading: true, .. })
    }

    /// A consensus or perspective marker: the start of a closing block.
    pub fn is_closing_marker(&self) -> bool {
        matches!(self.kind, Kind::Marker(MarkerKind::Consensus | MarkerKind::Perspective))
    }

    pub fn as_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The unit as a content block (a heading-shaped line in a content position is a paragraph).
    pub fn into_block(self) -> Option<Block> {
        match self.kind {
            Kind::Text { text, .. } => Some(Block::paragraph(text)),
            Kind::Block(block) => Some(block),
            Kind::List { ordered: false, items, .. } => Some(Block::bullets(items)),
            Kind::List { ordered: true, items, .. } => {
                let mut list = Block::bullets(items);
                if let Block::List { ordered, .. } = &mut list {
                    *ordered = true;
                }
                Some(list)
            }
            Kind::Marker(_) => None,
        }
    }
}

pub(super) fn group_units(lines: &[Line<'_>], diags: &mut Diagnostics, roles: &mut Roles) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(fence) = code_fence(line.text) {
            i = take_code(lines, i, fence, &mut units, diags, roles);
        } else if let Some(image) = shape::image_line(line.text, line.number) {
            roles.set(i, Role::Paragraph, None);
            let block = Block::Paragraph { text: RichText(vec![image]) };
            units.push(Unit { kind: Kind::Block(block), line: line.number, span: i..i + 1 });
            i += 1;
        } else if let Some(kind) = marker_kind(line.text).filter(|k| *k != MarkerKind::Outcomes || units.is_empty()) {
            roles.set(i, Role::Marker, None);
            units.push(Unit { kind: Kind::Marker(kind), line: line.number, span: i..i + 1 });
            i += 1;
        } else if shape_is_pipe(line.text) {
            i = take_pipe_table(lines, i, &mut units, diags, roles);
        } else if let Some(next) = take_loose_table(lines, i, &mut units, diags, roles) {
            i = next;
        } else if let Some(next) = take_tab_table(lines, i, &mut units, diags, roles) {
            i = next;
        } else if is_rule_line(line.text) {
            roles.set(i, Role::Separator, None);
            i += 1;
        } else if bullet_text(line.text).is_some() {
            let start = i;
            let mut items: Vec<String> = Vec::new();
            let mut nested = None;
            while let Some(l) = lines.get(i) {
                if let Some(item) = bullet_text(l.text) {
                    // An indented bullet is an item of this list: the model's lists do not nest.
                    if indent(l) > indent(&lines[start]) && nested.is_none() {
                        nested = Some(l.number);
                    }
                    items.push(item.to_owned());
                } else if indent(l) > indent(&lines[start]) && l.text.starts_with(NOTE_MARKS) {
                    // An indented note or continuation (`　→ 上書きにも注意`) carries on the item.
                    let last = items.last_mut().expect("a list starts with a bullet");
                    last.push(' ');
                    last.push_str(l.text);
                } else {
                    break;
                }
                i += 1;
            }
            if let Some(at) = nested {
                diags.push(
                    at,
                    Severity::Warning,
                    "an indented bullet is read as an item of the list above it: lists do not nest",
                );
            }
            roles.set_all(start..i, Role::Bullet);
            units.push(Unit {
                kind: Kind::List { ordered: false, items, run: None },
                line: line.number,
                span: start..i,
            });
        } else {
            units.push(Unit::text(line.text, line.number, i, is_heading_shaped(line.text)));
            i += 1;
        }
    }
    group_runs(units, lines, roles)
}

/// How far the line as written is indented (white space, ASCII or ideographic, in bytes).
fn indent(line: &Line<'_>) -> usize {
    line.raw.len() - line.raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').len()
}

fn shape_is_pipe(text: &str) -> bool {
    use crate::parse::table_lines::{is_pipe_row, is_pipe_rule};
    is_pipe_row(text) || is_pipe_rule(text)
}

fn take_code(
    lines: &[Line<'_>],
    start: usize,
    fence: &str,
    units: &mut Vec<Unit>,
    diags: &mut Diagnostics,
    roles: &mut Roles,
) -> usize {
    let open = &lines[start];
    let lang = open.text.trim_start_matches(fence).trim();
    let lang = (!lang.is_empty()).then(|| lang.to_owned());
    // Code keeps its blank lines and indentation: take them from the line numbers.
    let mut body: Vec<&str> = Vec::new();
    let mut i = start + 1;
    let mut prev_number = open.number;
    while i < lines.len() && !lines[i].text.starts_with(fence) {
        body.extend(std::iter::repeat_n("", lines[i].number - prev_number - 1));
        body.push(lines[i].raw);
        prev_number = lines[i].number;
        i += 1;
    }
    if i == lines.len() {
        diags.push(open.number, Severity::Warning, format!("code block opened with {fence} is never closed"));
    } else {
        i += 1;
    }
    roles.set_all(start..i, Role::Code);
    let block = Block::Code { lang, text: body.join("\n") };
    units.push(Unit { kind: Kind::Block(block), line: open.number, span: start..i });
    i
}

// Runs of numbered or marked lines ----------------------------------------------------

/// Does `next` carry on the run that `prev` is in?
fn continues(prev: &LeadKind, next: &LeadKind) -> bool {
    match (prev, next) {
        (LeadKind::Number(a), LeadKind::Number(b)) => numbering::follows(a, b),
        (LeadKind::Mark(a), LeadKind::Mark(b)) => a == b,
        _ => false,
    }
}

/// Lines a repeat names: a heading-shaped line right before a closing marker, and the
/// lines above it (back to the previous closing marker) that it repeats.
fn named_by_repeats(units: &[Unit]) -> Vec<bool> {
    let mut named = vec![false; units.len()];
    let mut segment_start = 0;
    for i in 0..units.len() {
        if units[i].is_closing_marker() {
            segment_start = i + 1;
            continue;
        }
        if !(units[i].is_heading() && units.get(i + 1).is_some_and(Unit::is_closing_marker)) {
            continue;
        }
        named[i] = true;
        let text = units[i].as_text().unwrap_or_default();
        if numbering::lead(text).is_none()
            && !(segment_start..i).any(|j| units[j].as_text().is_some_and(|t| numbering::lead(t).is_some()))
        {
            continue;
        }
        let key = heading_key(text);
        for j in segment_start..i {
            // Only a heading-shaped line can be the heading a repeat names, and only a
            // numbered or marked one could be taken into a run.
            if let Some(text) = units[j].as_text().filter(|t| units[j].is_heading() && numbering::lead(t).is_some()) {
                named[j] |= shape::repeats(&heading_key(text), &key).is_some();
            }
        }
    }
    named
}

fn group_runs(units: Vec<Unit>, lines: &[Line<'_>], roles: &mut Roles) -> Vec<Unit> {
    let named = named_by_repeats(&units);
    let leads: Vec<Option<numbering::Lead<'_>>> =
        units.iter().zip(&named).map(|(u, named)| u.as_text().filter(|_| !named).and_then(numbering::lead)).collect();
    let mut runs: Vec<(Range<usize>, Unit)> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let starts = match leads[i].as_ref().map(|l| &l.kind) {
            Some(LeadKind::Number(n)) => numbering::starts_count(n),
            Some(LeadKind::Mark(_)) => true,
            None => false,
        };
        let mut j = i + 1;
        while starts
            && let (Some(Some(prev)), Some(Some(next))) = (leads.get(j - 1), leads.get(j))
            && continues(&prev.kind, &next.kind)
        {
            j += 1;
        }
        if j - i < 2 {
            i += 1;
            continue;
        }
        let run_leads = &leads[i..j];
        let ordered = matches!(run_leads[0].as_ref().map(|l| &l.kind), Some(LeadKind::Number(_)));
        let items: Vec<String> = run_leads.iter().flatten().map(|l| l.rest.to_owned()).collect();
        let (first, last) = (units[i].span.start, units[j - 1].span.start);
        let (first_line, last_line) = (lines[first].number, lines[last].number);
        let rule = if ordered {
            Rule::NumberedRun { first: first_line, last: last_line }
        } else {
            Rule::MarkedRun { first: first_line, last: last_line }
        };
        for at in first..=last {
            roles.set(at, if ordered { Role::ListItem } else { Role::Bullet }, Some(rule.clone()));
        }
        let run = Run {
            last: run_leads[run_leads.len() - 1].as_ref().map(|l| l.kind.clone()).expect("run items have leads"),
            short: units[i..j].iter().all(Unit::is_heading),
            first_line,
            last_line,
        };
        let kind = Kind::List { ordered, items, run: Some(run) };
        runs.push((i..j, Unit { kind, line: first_line, span: first..last + 1 }));
        i = j;
    }
    if runs.is_empty() {
        return units;
    }
    let mut out = Vec::with_capacity(units.len());
    let mut runs = runs.into_iter().peekable();
    for (k, unit) in units.into_iter().enumerate() {
        match runs.peek() {
            Some((range, _)) if range.start == k => out.push(runs.next().expect("peeked").1),
            _ if out.last().is_some_and(|u: &Unit| u.span.end > unit.span.start) => {}
            _ => out.push(unit),
        }
    }
    out
}
