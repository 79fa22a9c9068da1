//! Steps 3–5 of the grammar: the preamble (outcomes and title), the closing blocks, and
//! the sections between them — recording each line's role and the rule behind it.

use std::ops::Range;

use super::Line;
use super::explain::{Place, Role, Roles, Rule};
use super::shape::{MarkerKind, NotHeading, RepeatMatch, heading_key, heading_shape, normalize, repeats};
use super::units::{Kind, Unit};
use super::warnings::{RunsSeen, headings_read_as_paragraphs};
use crate::model::{Block, Diagnostics, Document, RichText, Section, Severity, Subsection};
use crate::parse::numbering;

/// Steps 3–5: outcomes, title, sections.
pub(super) fn build(units: Vec<Unit>, lines: &[Line<'_>], mut diags: Diagnostics, roles: &mut Roles) -> Document {
    let mut units = units.into_iter().peekable();
    let outcomes = outcomes(&mut units, &mut diags, roles);
    let title_unit = match units.peek() {
        Some(Unit { kind: Kind::Text { .. }, .. }) => units.next().expect("peeked"),
        Some(other) => {
            // Named at the line that stands where the title belongs.
            let what = match &other.kind {
                Kind::Block(Block::Table { .. }) => "a table",
                Kind::Block(Block::Code { .. }) => "a code block",
                Kind::Block(Block::Paragraph { .. }) => "an image line",
                Kind::Block(_) => "a block",
                Kind::List { .. } => "a list",
                Kind::Marker(_) => "a block marker",
                Kind::Text { .. } => unreachable!("matched above"),
            };
            let message = format!("no title: the line after the outcomes must be the guide's title, not {what}");
            diags.push(other.line, Severity::Error, message);
            return untitled(outcomes, diags);
        }
        None => {
            let line = lines.last().map(|l| l.number).unwrap_or(1);
            diags.push(line, Severity::Error, "no title: after the outcomes, a guide needs a title line");
            return untitled(outcomes, diags);
        }
    };
    let title = title_unit.as_text().unwrap_or_default().to_owned();
    let title_at = title_unit.span.start;
    roles.set(title_at, Role::Title, Some(Rule::Title));
    let mut body = vec![Unit::text(&title, title_unit.line, title_at, true)];
    body.extend(units);
    let mut b = Builder { sections: Vec::new(), diags: &mut diags, roles, title_at };
    b.sections_of(body);
    let sections = b.sections;
    Document { title, outcomes, sections, footnotes: Vec::new(), diagnostics: diags }
}

/// A guide whose title is missing: its outcomes and the messages, nothing else.
fn untitled(outcomes: Vec<RichText>, diagnostics: Diagnostics) -> Document {
    Document { title: String::new(), outcomes, sections: Vec::new(), footnotes: Vec::new(), diagnostics }
}

fn outcomes(
    units: &mut std::iter::Peekable<std::vec::IntoIter<Unit>>,
    diags: &mut Diagnostics,
    roles: &mut Roles,
) -> Vec<RichText> {
    let Some(first) = units.peek() else { return Vec::new() };
    let Kind::Marker(MarkerKind::Outcomes) = first.kind else {
        diags.push(first.line, Severity::Warning, "no `解決できること` outcomes block at the top of the guide");
        return Vec::new();
    };
    let marker = units.next().expect("peeked");
    roles.place(marker.span.clone(), Place::Outcomes);
    match units.peek() {
        Some(Unit { kind: Kind::List { .. }, .. }) => {
            let list = units.next().expect("peeked");
            roles.relabel(list.span.clone(), Role::Outcome);
            roles.place(list.span.clone(), Place::Outcomes);
            let Kind::List { items, .. } = list.kind else { unreachable!("matched a list") };
            items.into_iter().map(RichText::plain).collect()
        }
        _ => {
            diags.push(marker.line, Severity::Warning, "`解決できること` has no `- ` bullet lines after it");
            Vec::new()
        }
    }
}

struct Builder<'a> {
    sections: Vec<Section>,
    diags: &'a mut Diagnostics,
    roles: &'a mut Roles,
    /// The title's line index: it heads s1 whatever rule closes that section.
    title_at: usize,
}

/// Consensus and perspective content of one closing block, and the lines it came from.
#[derive(Default)]
struct Closing {
    consensus: Option<Vec<Block>>,
    perspective: Option<Vec<Block>>,
    spans: Vec<(MarkerKind, Range<usize>)>,
}

impl Builder<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.diags.push(line, Severity::Warning, message);
    }

    /// Step 4: closing blocks split the body into stretches; step 5 makes the sections.
    fn sections_of(&mut self, body: Vec<Unit>) {
        let mut stretch: Vec<Unit> = Vec::new();
        let mut units = body.into_iter().peekable();
        while let Some(unit) = units.next() {
            if !unit.is_closing_marker() {
                stretch.push(unit);
                continue;
            }
            // A closing block: markers and their content, up to the next heading-shaped line.
            let first_marker = unit.line;
            let mut closing = Closing::default();
            let mut warned = false;
            let mut marker = Some(unit);
            while let Some(m) = marker.take() {
                let Kind::Marker(kind) = m.kind else { break };
                self.roles.set(m.span.start, Role::Marker, None);
                closing.spans.push((kind, m.span.clone()));
                let (slot, name) = match kind {
                    MarkerKind::Consensus => (&closing.consensus, "consensus"),
                    _ => (&closing.perspective, "perspective"),
                };
                if slot.is_some() && !warned {
                    warned = true;
                    self.warn(
                        m.line,
                        format!(
                            "a second {name} block follows the closing block on line {first_marker} with no section \
                             heading between them; its content was added to the same section's {name}. If it \
                             closes a section of its own, write that section's heading (and repeat it) before \
                             line {}",
                            m.line
                        ),
                    );
                }
                let mut blocks = Vec::new();
                while let Some(next) =
                    units.next_if(|n| !n.is_closing_marker() && (blocks.is_empty() || !n.is_heading()))
                {
                    if blocks.is_empty() && next.is_heading() {
                        self.roles.rule(next.span.start, Rule::FirstAfterMarker);
                    } else if let Some(rule) = paragraph_rule(&next) {
                        self.roles.rule(next.span.start, rule);
                    }
                    closing.spans.push((kind, next.span.clone()));
                    blocks.extend(next.into_block());
                }
                if blocks.is_empty() {
                    self.warn(m.line, "this block has no content after its marker line");
                }
                let slot =
                    if kind == MarkerKind::Consensus { &mut closing.consensus } else { &mut closing.perspective };
                slot.get_or_insert_with(Vec::new).extend(blocks);
                marker = units.next_if(Unit::is_closing_marker);
            }
            self.close_stretch(std::mem::take(&mut stretch), Some(closing), first_marker);
        }
        if !stretch.is_empty() {
            self.close_stretch(stretch, None, 0);
        }
    }

    /// Turns one stretch (the units between two closing blocks) into sections.
    fn close_stretch(&mut self, mut stretch: Vec<Unit>, closing: Option<Closing>, closing_line: usize) {
        let Some(closing) = closing else {
            self.cut_short(stretch);
            return;
        };
        // Where does the closed section start? At the heading its closing repeat names.
        let mut start = 0;
        let mut head_rule = Rule::OpensStretch { closing: closing_line };
        let mut repeat = None;
        if stretch.len() >= 2 && stretch.last().is_some_and(Unit::is_heading) {
            let r = stretch.pop().expect("checked non-empty");
            let text = r.as_text().unwrap_or_default();
            match repeated_heading(&stretch, text) {
                Some((j, how)) => {
                    start = j;
                    head_rule = Rule::NamedByRepeat { repeat: r.line };
                    self.roles.set(r.span.start, Role::Repeat, Some(Rule::Repeats { heading: stretch[j].line, how }));
                }
                None => {
                    self.warn(
                        r.line,
                        format!(
                            "`{text}` stands where a section's heading is repeated before its consensus block, but matches no heading above; taken as that repeat"
                        ),
                    );
                    self.roles.set(r.span.start, Role::Repeat, Some(Rule::RepeatsNothing));
                }
            }
            repeat = Some(r.span);
        }
        let closed = stretch.split_off(start);
        self.cut_short(stretch);
        let ordinal = if closed.first().is_some_and(Unit::is_heading) {
            let ordinal = self.sections.len() + 1;
            self.closed_section(closed, ordinal, head_rule);
            ordinal
        } else if !self.sections.is_empty() {
            // Content with no heading of its own (a closing block right after another, say):
            // it belongs to the section before.
            let ordinal = self.sections.len();
            for unit in closed {
                self.roles.place(unit.span.clone(), Place::Section(ordinal));
                self.sections[ordinal - 1].blocks.extend(unit.into_block());
            }
            ordinal
        } else {
            let line = closed.first().map(|u| u.line).unwrap_or(closing_line);
            self.warn(
                line,
                "a consensus or perspective block comes before any section; it is left out (write the section's \
                 heading above it)",
            );
            let spans = closing.spans.into_iter().map(|(_, span)| span).chain(closed.into_iter().map(|u| u.span));
            for span in spans {
                self.roles.set_all(span, Role::LeftOut);
            }
            return;
        };
        if let Some(span) = repeat {
            self.roles.place(span, Place::Section(ordinal));
        }
        self.attach_closing(ordinal, closing);
    }

    fn attach_closing(&mut self, ordinal: usize, closing: Closing) {
        for (kind, span) in closing.spans {
            let place =
                if kind == MarkerKind::Consensus { Place::Consensus(ordinal) } else { Place::Perspective(ordinal) };
            self.roles.place(span, place);
        }
        let section = &mut self.sections[ordinal - 1];
        if let Some(c) = closing.consensus {
            section.consensus.get_or_insert_with(Vec::new).extend(c);
        }
        if let Some(p) = closing.perspective {
            section.perspective.get_or_insert_with(Vec::new).extend(p);
        }
    }

    /// Records a section heading's role (the title keeps its own).
    fn head(&mut self, unit: &Unit, ordinal: usize, rule: Rule) {
        let at = unit.span.start;
        if at != self.title_at {
            self.roles.set(at, Role::Heading, Some(rule));
        }
        self.roles.place(unit.span.clone(), Place::Section(ordinal));
    }

    /// A section whose end is known: its first unit is its heading; heading-shaped lines
    /// that are followed by content start subsections.
    fn closed_section(&mut self, units: Vec<Unit>, ordinal: usize, rule: Rule) {
        let shape_warning = headings_read_as_paragraphs(&format!("s{ordinal}"), &units[1..]);
        let mut runs = RunsSeen::default();
        let mut iter = units.into_iter().peekable();
        let head = iter.next().expect("caller checked the heading");
        self.head(&head, ordinal, rule);
        let mut section = Section::new(ordinal, head.as_text().unwrap_or_default().to_owned(), head.line);
        while let Some(unit) = iter.next() {
            let at = unit.span.start;
            if unit.is_heading() && iter.peek().is_some() {
                let n = section.subsections.len() + 1;
                self.roles.set(at, Role::Subsection, Some(Rule::FollowedByContent));
                self.roles.place(unit.span.clone(), Place::Subsection(ordinal, n));
                if let Some((line, message)) = runs.continued_by(&unit) {
                    self.warn(line, message);
                }
                let text = unit.as_text().unwrap_or_default().to_owned();
                section.subsections.push(Subsection::new(ordinal, n, text, unit.line));
                continue;
            }
            if unit.is_heading() {
                self.roles.rule(at, Rule::NothingFollows);
            } else if let Some(rule) = paragraph_rule(&unit) {
                self.roles.rule(at, rule);
            }
            runs.note(&unit);
            let n = section.subsections.len();
            let place = if n == 0 { Place::Section(ordinal) } else { Place::Subsection(ordinal, n) };
            self.roles.place(unit.span.clone(), place);
            match section.subsections.last_mut() {
                Some(sub) => sub.blocks.extend(unit.into_block()),
                None => section.blocks.extend(unit.into_block()),
            }
        }
        if section.subsections.is_empty()
            && let Some((line, message)) = shape_warning
        {
            self.warn(line, message);
        }
        self.sections.push(section);
    }

    /// Units outside any closed section: each heading starts a section of its own (a
    /// section cut short: heading and paragraphs, no subsections, no closing block).
    fn cut_short(&mut self, units: Vec<Unit>) {
        let mut runs = RunsSeen::default();
        let starts: Vec<usize> = units.iter().enumerate().filter(|(_, u)| u.is_heading()).map(|(k, _)| k).collect();
        for (n, &k) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(units.len());
            let id = format!("s{}", self.sections.len() + 1 + n);
            if let Some((line, message)) = headings_read_as_paragraphs(&id, &units[k + 1..end]) {
                self.warn(line, message);
            }
        }
        for unit in units {
            let at = unit.span.start;
            if unit.is_heading() {
                let ordinal = self.sections.len() + 1;
                self.head(&unit, ordinal, Rule::CutShort);
                if let Some((line, message)) = runs.continued_by(&unit) {
                    self.warn(line, message);
                }
                let text = unit.as_text().unwrap_or_default().to_owned();
                self.sections.push(Section::new(ordinal, text, unit.line));
                continue;
            }
            if let Some(rule) = paragraph_rule(&unit) {
                self.roles.rule(at, rule);
            }
            runs.note(&unit);
            let ordinal = self.sections.len();
            if ordinal == 0 {
                self.roles.set_all(unit.span.clone(), Role::LeftOut);
                self.warn(unit.line, "content before the first section is left out");
            } else {
                self.roles.place(unit.span.clone(), Place::Section(ordinal));
                self.sections[ordinal - 1].blocks.extend(unit.into_block());
            }
        }
    }
}

/// The heading in `stretch` that `repeat` repeats: the first with the same text (widths
/// and spaces aside), else the first with the same text once numbers are set aside.
fn repeated_heading(stretch: &[Unit], repeat: &str) -> Option<(usize, RepeatMatch)> {
    let headings =
        || stretch.iter().enumerate().filter(|(_, u)| u.is_heading()).filter_map(|(j, u)| Some((j, u.as_text()?)));
    let whole = normalize(repeat);
    // Written the same way (the common case) needs no normalizing.
    if let Some((j, _)) = headings().find(|(_, t)| *t == repeat || normalize(t) == whole) {
        return Some((j, RepeatMatch::Same));
    }
    let key = heading_key(repeat);
    headings().find(|(_, t)| repeats(&heading_key(t), &key).is_some()).map(|(j, _)| (j, RepeatMatch::WithoutNumber))
}

/// Why a line of text that looks like it could be a heading is a paragraph: it starts
/// with a number or mark, or ends with a colon, but is not heading-shaped.
fn paragraph_rule(unit: &Unit) -> Option<Rule> {
    let Kind::Text { text, heading: false } = &unit.kind else { return None };
    let why = heading_shape(text).err()?;
    let lead_in = matches!(why, NotHeading::Ends(':' | '：')) && text.chars().count() <= 60;
    (numbering::lead(text).is_some() || lead_in).then_some(Rule::NotHeading(why))
}
