//! The guidance-text grammar: plain UTF-8, one paragraph per line, structure implied by
//! the shape of the lines. The format is described for authors in `docs/guidance-text.md`.
//!
//! 1. **Lines.** Split on LF / CRLF / CR, trim ASCII and ideographic spaces, drop blank
//!    lines (keeping line numbers).
//! 2. **Units.** Group lines into units: heading-shaped text (short, no `。`), paragraphs,
//!    pipe tables, loose `a|b` tables, bullet lists, fenced code, and the markers that open
//!    a consensus or perspective block.
//! 3. **Preamble.** `解決できること` and its bullets are the outcomes; the next text line is
//!    the title, which is also the heading of section `s1`.
//! 4. **Closing blocks.** A consensus / perspective marker and the content after it (up to
//!    the next heading-shaped line) close a section.
//! 5. **Sections.** Between two closing blocks lies a segment. If it ends with a repeat of
//!    an earlier heading in the segment, the section runs from that heading to the repeat;
//!    any headings before it are sections cut short (a heading and its paragraphs). If
//!    it ends without a repeat, the whole segment is one section. Inside a closed section,
//!    heading-shaped lines followed by content are subsections.
//!
//! Nothing here depends on the words of particular documents, only on the markers of the
//! format (`解決できること`, `お客様社内でのご説明・コンセンサス`, `Perspective`, in plain or
//! `【…】` form) and on the shape of lines.

use super::table_lines::{has_unescaped_pipe, is_dash_rule, is_pipe_row, is_pipe_rule, split_cells};
use crate::model::{Block, Diagnostics, Document, RichText, Section, Severity, Subsection};

/// Longest line (in characters) that can be a heading.
const MAX_HEADING_CHARS: usize = 60;

/// Parses guidance text into a document. Never panics; problems become diagnostics.
pub fn parse(text: &str) -> Document {
    let mut diags = Diagnostics::default();
    let lines = split_lines(text);
    if lines.is_empty() {
        diags.push(1, Severity::Error, "the file is empty: a guide needs at least a title line");
        return Document { title: String::new(), outcomes: Vec::new(), sections: Vec::new(), diagnostics: diags };
    }
    let units = group_units(&lines, &mut diags);
    let mut p = UnitCursor { units: &units, pos: 0 };
    let outcomes = parse_outcomes(&mut p, &mut diags);
    let Some(title_unit) = p.next_title() else {
        let line = lines.last().map(|l| l.number).unwrap_or(1);
        diags.push(line, Severity::Error, "no title: after the outcomes, a guide needs a title line");
        return Document { title: String::new(), outcomes, sections: Vec::new(), diagnostics: diags };
    };
    let title = title_unit.text().to_owned();
    let mut body: Vec<Unit> = vec![Unit::Heading { text: title.clone(), line: title_unit.line() }];
    body.extend(units[p.pos..].iter().cloned());
    let sections = build_sections(body, &mut diags);
    Document { title, outcomes, sections, diagnostics: diags }
}

// ---------------------------------------------------------------------------------------
// 1. Lines

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

// ---------------------------------------------------------------------------------------
// 2. Units

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Outcomes,
    Consensus,
    Perspective,
}

#[derive(Debug, Clone)]
enum Unit {
    /// Heading-shaped text; whether it is a heading is decided by its place.
    Heading {
        text: String,
        line: usize,
    },
    Para {
        text: String,
        line: usize,
    },
    Block {
        block: Block,
        line: usize,
    },
    Bullets {
        items: Vec<String>,
        line: usize,
    },
    Marker {
        kind: MarkerKind,
        line: usize,
    },
}

impl Unit {
    fn line(&self) -> usize {
        match self {
            Unit::Heading { line, .. }
            | Unit::Para { line, .. }
            | Unit::Block { line, .. }
            | Unit::Bullets { line, .. }
            | Unit::Marker { line, .. } => *line,
        }
    }

    fn text(&self) -> &str {
        match self {
            Unit::Heading { text, .. } | Unit::Para { text, .. } => text,
            _ => "",
        }
    }

    fn is_heading(&self) -> bool {
        matches!(self, Unit::Heading { .. })
    }

    fn is_marker(&self) -> bool {
        matches!(self, Unit::Marker { kind: MarkerKind::Consensus | MarkerKind::Perspective, .. })
    }

    /// The unit as content blocks (a heading-shaped line in a content position is a paragraph).
    fn into_block(self) -> Option<Block> {
        match self {
            Unit::Heading { text, .. } | Unit::Para { text, .. } => Some(Block::paragraph(text)),
            Unit::Block { block, .. } => Some(block),
            Unit::Bullets { items, .. } => Some(Block::bullets(items)),
            Unit::Marker { .. } => None,
        }
    }
}

fn group_units(lines: &[Line<'_>], diags: &mut Diagnostics) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(fence) = code_fence(line.text) {
            i = take_code(lines, i, fence, &mut units, diags);
        } else if let Some(kind) = marker_kind(line.text).filter(|k| *k != MarkerKind::Outcomes || units.is_empty()) {
            units.push(Unit::Marker { kind, line: line.number });
            i += 1;
        } else if is_pipe_row(line.text) || is_pipe_rule(line.text) {
            i = take_pipe_table(lines, i, &mut units, diags);
        } else if let Some(next) = take_loose_table(lines, i, &mut units, diags) {
            i = next;
        } else if bullet_text(line.text).is_some() {
            let mut items = Vec::new();
            while let Some(item) = lines.get(i).and_then(|l| bullet_text(l.text)) {
                items.push(item.to_owned());
                i += 1;
            }
            units.push(Unit::Bullets { items, line: line.number });
        } else {
            let text = line.text.to_owned();
            units.push(if is_heading_shaped(line.text) {
                Unit::Heading { text, line: line.number }
            } else {
                Unit::Para { text, line: line.number }
            });
            i += 1;
        }
    }
    units
}

/// The markers of the format, plain or in `【…】`, with or without a trailing colon.
fn marker_kind(text: &str) -> Option<MarkerKind> {
    let t = text.strip_prefix('【').and_then(|t| t.strip_suffix('】')).unwrap_or(text);
    let t = t.trim_end_matches([':', '：']).trim();
    if t == "解決できること" {
        Some(MarkerKind::Outcomes)
    } else if t == "お客様社内でのご説明・コンセンサス"
        || (t.ends_with("コンセンサス") && t.chars().count() <= 24 && !t.contains('。'))
    {
        Some(MarkerKind::Consensus)
    } else if t.eq_ignore_ascii_case("perspective") {
        Some(MarkerKind::Perspective)
    } else {
        None
    }
}

/// A heading is short, and is not a sentence: no full stop anywhere, no trailing comma.
fn is_heading_shaped(text: &str) -> bool {
    text.chars().count() <= MAX_HEADING_CHARS
        && !text.contains(['。', '．'])
        && !text.contains(". ")
        && !text.ends_with(['、', '，', ',', '.', ':', '：', '|'])
}

fn bullet_text(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("- ")
        .or_else(|| text.strip_prefix("* "))
        .or_else(|| text.strip_prefix('・'))
        .or_else(|| text.strip_prefix('•'))?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace());
    (!rest.is_empty()).then_some(rest)
}

fn code_fence(text: &str) -> Option<&'static str> {
    if text.starts_with("```") {
        Some("```")
    } else if text.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn take_code(lines: &[Line<'_>], start: usize, fence: &str, units: &mut Vec<Unit>, diags: &mut Diagnostics) -> usize {
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
    units.push(Unit::Block { block: Block::Code { lang, text: body.join("\n") }, line: open.number });
    i
}

// Tables (line shapes and cells in `table_lines`) ---------------------------------------

fn take_pipe_table(lines: &[Line<'_>], start: usize, units: &mut Vec<Unit>, diags: &mut Diagnostics) -> usize {
    let mut i = start;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut saw_rule = false;
    while let Some(line) = lines.get(i) {
        if is_pipe_rule(line.text) {
            if rows.len() != 1 {
                diags.push(
                    line.number,
                    Severity::Warning,
                    "table rule line `|---|` should come right after the header row",
                );
            }
            saw_rule = true;
        } else if is_pipe_row(line.text) {
            rows.push((line.number, split_cells(line.text)));
        } else {
            break;
        }
        i += 1;
    }
    if rows.is_empty() {
        // Only rule lines: nothing to tabulate; keep the text as it stands.
        diags.push(lines[start].number, Severity::Warning, "table rule line with no rows; shown as text");
        for line in &lines[start..i] {
            units.push(Unit::Para { text: line.text.to_owned(), line: line.number });
        }
        return i;
    }
    if !saw_rule {
        diags.push(
            lines[start].number,
            Severity::Info,
            "table has no `|---|` rule line; its first row is taken as the header",
        );
    }
    units.push(make_table(rows, None, lines[start].number, diags));
    i
}

/// The loose form: `比較表:`-style intro line (ends with a colon), an optional caption line,
/// a rule of dashes, then `a|b` rows without outer pipes. Needs the intro or the rule.
fn take_loose_table(lines: &[Line<'_>], start: usize, units: &mut Vec<Unit>, diags: &mut Diagnostics) -> Option<usize> {
    let at = |k: usize| lines.get(k).map(|l| l.text);
    let mut k = start;
    let intro = at(k).is_some_and(|t| t.ends_with([':', '：']) && t.chars().count() <= 30 && !has_unescaped_pipe(t));
    if intro {
        k += 1;
    }
    let mut caption = None;
    if let (Some(c), Some(next)) = (at(k), at(k + 1)) {
        if !is_dash_rule(c)
            && !has_unescaped_pipe(c)
            && is_heading_shaped(c)
            && bullet_text(c).is_none()
            && marker_kind(c).is_none()
            && is_dash_rule(next)
        {
            caption = Some(c.to_owned());
            k += 1;
        }
    }
    let rule = at(k).is_some_and(is_dash_rule);
    if rule {
        k += 1;
    }
    if !intro && !rule {
        return None;
    }
    let mut rows = Vec::new();
    while let Some(line) = lines.get(k) {
        if !has_unescaped_pipe(line.text) || marker_kind(line.text).is_some() {
            break;
        }
        rows.push((line.number, split_cells(line.text)));
        k += 1;
    }
    if rows.is_empty() {
        return None;
    }
    units.push(make_table(rows, caption, lines[start].number, diags));
    Some(k)
}

fn make_table(
    mut rows: Vec<(usize, Vec<String>)>,
    caption: Option<String>,
    line: usize,
    diags: &mut Diagnostics,
) -> Unit {
    let header = if rows.is_empty() { Vec::new() } else { rows.remove(0).1 };
    let width = header.len();
    let rows = rows
        .into_iter()
        .map(|(n, mut cells)| {
            if cells.len() != width {
                diags.push(
                    n,
                    Severity::Warning,
                    format!("table row has {} cells, the header has {width}", cells.len()),
                );
                cells.resize(width, String::new());
            }
            cells.into_iter().map(RichText::plain).collect()
        })
        .collect();
    let header = header.into_iter().map(RichText::plain).collect();
    Unit::Block { block: Block::Table { header, rows, caption }, line }
}

// ---------------------------------------------------------------------------------------
// 3. Preamble

struct UnitCursor<'a> {
    units: &'a [Unit],
    pos: usize,
}

impl<'a> UnitCursor<'a> {
    fn peek(&self) -> Option<&'a Unit> {
        self.units.get(self.pos)
    }

    /// The title: the first text line (heading-shaped or not) before any other content.
    fn next_title(&mut self) -> Option<&'a Unit> {
        match self.peek()? {
            u @ (Unit::Heading { .. } | Unit::Para { .. }) => {
                self.pos += 1;
                Some(u)
            }
            _ => None,
        }
    }
}

fn parse_outcomes(p: &mut UnitCursor<'_>, diags: &mut Diagnostics) -> Vec<RichText> {
    match p.peek() {
        Some(Unit::Marker { kind: MarkerKind::Outcomes, line }) => {
            let line = *line;
            p.pos += 1;
            if let Some(Unit::Bullets { items, .. }) = p.peek() {
                p.pos += 1;
                items.iter().cloned().map(RichText::plain).collect()
            } else {
                diags.push(line, Severity::Warning, "`解決できること` has no `- ` bullet lines after it");
                Vec::new()
            }
        }
        Some(u) => {
            diags.push(u.line(), Severity::Warning, "no `解決できること` outcomes block at the top of the guide");
            Vec::new()
        }
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// 4. Closing blocks and 5. sections

/// Consensus and perspective content of one closing block.
#[derive(Default)]
struct Closing {
    consensus: Option<Vec<Block>>,
    perspective: Option<Vec<Block>>,
}

fn build_sections(body: Vec<Unit>, diags: &mut Diagnostics) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut segment: Vec<Unit> = Vec::new();
    let mut units = body.into_iter().peekable();
    while let Some(unit) = units.next() {
        if !unit.is_marker() {
            segment.push(unit);
            continue;
        }
        // A closing block: markers and their content, up to the next heading-shaped line.
        let mut closing = Closing::default();
        let mut marker = Some(unit);
        while let Some(Unit::Marker { kind, line }) = marker.take() {
            let mut blocks = Vec::new();
            let mut first = true;
            while let Some(next) = units.peek() {
                if next.is_marker() || (next.is_heading() && !first) {
                    break;
                }
                blocks.extend(units.next().and_then(Unit::into_block));
                first = false;
            }
            if blocks.is_empty() {
                diags.push(line, Severity::Warning, "this block has no content after its marker line");
            }
            let slot = if kind == MarkerKind::Consensus { &mut closing.consensus } else { &mut closing.perspective };
            slot.get_or_insert_with(Vec::new).extend(blocks);
            if units.peek().is_some_and(Unit::is_marker) {
                marker = units.next();
            }
        }
        close_segment(std::mem::take(&mut segment), Some(closing), &mut sections, diags);
    }
    if !segment.is_empty() {
        close_segment(segment, None, &mut sections, diags);
    }
    sections
}

fn normalize_heading(text: &str) -> String {
    crate::model::fold(text)
}

/// Turns one segment (the units between two closing blocks) into sections.
fn close_segment(
    mut segment: Vec<Unit>,
    closing: Option<Closing>,
    sections: &mut Vec<Section>,
    diags: &mut Diagnostics,
) {
    let Some(closing) = closing else {
        open_sections_cut_short(segment, sections, diags);
        return;
    };
    // Where does the closed section start? At the heading its closing repeat names.
    let mut start = 0;
    if segment.len() >= 2 && segment.last().is_some_and(Unit::is_heading) {
        let repeat = segment.pop().expect("checked non-empty");
        let key = normalize_heading(repeat.text());
        match segment.iter().position(|u| u.is_heading() && normalize_heading(u.text()) == key) {
            Some(j) => start = j,
            None => diags.push(
                repeat.line(),
                Severity::Warning,
                format!(
                    "`{}` stands where a section's heading is repeated before its consensus block, but matches no heading above; taken as that repeat",
                    repeat.text()
                ),
            ),
        }
    }
    let closed = segment.split_off(start);
    open_sections_cut_short(segment, sections, diags);
    if closed.is_empty() || !closed[0].is_heading() {
        // Content with no heading of its own (a closing block right after another, say):
        // it belongs to the section before.
        match sections.last_mut() {
            Some(last) => {
                last.blocks.extend(closed.into_iter().filter_map(Unit::into_block));
                attach_closing(last, closing);
            }
            None => {
                let line = closed.first().map(Unit::line).unwrap_or(1);
                diags.push(
                    line,
                    Severity::Warning,
                    "a consensus or perspective block comes before any section; it is left out",
                );
            }
        }
        return;
    }
    let mut section = closed_section(closed, sections.len() + 1);
    attach_closing(&mut section, closing);
    sections.push(section);
}

fn attach_closing(section: &mut Section, closing: Closing) {
    if let Some(c) = closing.consensus {
        section.consensus.get_or_insert_with(Vec::new).extend(c);
    }
    if let Some(p) = closing.perspective {
        section.perspective.get_or_insert_with(Vec::new).extend(p);
    }
}

/// A section whose end is known: first unit is its heading; heading-shaped lines that
/// are followed by content start subsections.
fn closed_section(units: Vec<Unit>, ordinal: usize) -> Section {
    let mut iter = units.into_iter().peekable();
    let head = iter.next().expect("caller checked the heading");
    let mut section = Section::new(ordinal, head.text().to_owned(), head.line());
    while let Some(unit) = iter.next() {
        let starts_subsection = unit.is_heading() && iter.peek().is_some();
        if starts_subsection {
            let n = section.subsections.len() + 1;
            section.subsections.push(Subsection::new(ordinal, n, unit.text().to_owned(), unit.line()));
            continue;
        }
        let block = unit.into_block();
        match section.subsections.last_mut() {
            Some(sub) => sub.blocks.extend(block),
            None => section.blocks.extend(block),
        }
    }
    section
}

/// Units outside any closed section: each heading starts a section of its own (a
/// section cut short: heading and paragraphs, no subsections, no closing block).
fn open_sections_cut_short(units: Vec<Unit>, sections: &mut Vec<Section>, diags: &mut Diagnostics) {
    for unit in units {
        if unit.is_heading() {
            let ordinal = sections.len() + 1;
            sections.push(Section::new(ordinal, unit.text().to_owned(), unit.line()));
            continue;
        }
        let line = unit.line();
        match (sections.last_mut(), unit.into_block()) {
            (Some(last), Some(block)) => last.blocks.push(block),
            (None, _) => diags.push(line, Severity::Warning, "content before the first section is left out"),
            (_, None) => {}
        }
    }
}
