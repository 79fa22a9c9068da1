//! Footnotes of a Markdown guide: `[^label]` in the text, `[^label]: the note` anywhere in
//! the guide (comrak's footnotes extension finds both; the definitions are left where they
//! are written, so that each keeps its line).
//!
//! 1. While the walk reads the guide, each reference becomes an [`Inline::NoteRef`] that
//!    knows its label only, and each definition is set aside as a [`Definition`]: it is
//!    not content where it stands.
//! 2. [`number`] then reads the model in reading order — outcomes, then each section's
//!    blocks, subsections, consensus, perspective and trailing blocks, then the notes
//!    themselves — and gives each note its number at its first reference, and each
//!    reference the note's number and its own occurrence (1, 2, … per note), from which
//!    the pages make ids that are unique on a page.
//! 3. A second definition of a label, and a definition that no reference reaches, are left
//!    out with a warning at their line.

use std::collections::HashMap;

use crate::model::{Block, Document, Footnote, Inline, RichText, Severity, SourceLine};

/// A footnote definition as written: its label, its line and its content.
pub(super) struct Definition {
    pub label: String,
    pub line: usize,
    pub blocks: Vec<Block>,
}

/// Labels are matched as comrak matches them: white space collapsed, case folded.
fn key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Numbers the references of `doc` in reading order and gathers the notes they reach
/// into `doc.footnotes`, with a warning for each definition left out (steps 2 and 3 of
/// the module doc).
pub(super) fn number(doc: &mut Document, definitions: Vec<Definition>) {
    if definitions.is_empty() && !has_refs(doc) {
        return;
    }
    let diags = &mut doc.diagnostics;
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, d) in definitions.iter().enumerate() {
        let k = key(&d.label);
        match first.get(&k) {
            Some(&j) => diags.push(
                d.line,
                Severity::Warning,
                format!(
                    "footnote `[^{}]` is defined again (first on line {}); this definition is left out",
                    d.label, definitions[j].line
                ),
            ),
            None => {
                first.insert(k, i);
            }
        }
    }
    let mut numbering = Numbering { first, definitions, order: Vec::new(), seen: HashMap::new() };
    for outcome in &mut doc.outcomes {
        numbering.rich(outcome);
    }
    for section in &mut doc.sections {
        numbering.blocks(&mut section.blocks);
        for sub in &mut section.subsections {
            numbering.blocks(&mut sub.blocks);
        }
        for closing in [&mut section.consensus, &mut section.perspective].into_iter().flatten() {
            numbering.blocks(closing);
        }
        numbering.blocks(&mut section.trailing);
    }
    // The notes, in the order of their numbers: references in a note number the notes
    // they reach after those found before.
    let mut n = 0;
    while n < numbering.order.len() {
        let i = numbering.order[n];
        let mut blocks = std::mem::take(&mut numbering.definitions[i].blocks);
        numbering.blocks(&mut blocks);
        let d = &numbering.definitions[i];
        doc.footnotes.push(Footnote { label: d.label.clone(), line: SourceLine(d.line), blocks });
        n += 1;
    }
    let diags = &mut doc.diagnostics;
    for (i, d) in numbering.definitions.iter().enumerate() {
        let used = numbering.order.contains(&i);
        let duplicate = numbering.first.get(&key(&d.label)) != Some(&i);
        if !used && !duplicate {
            diags.push(
                d.line,
                Severity::Warning,
                format!(
                    "footnote `[^{}]` is not referenced in the text (a reference in a heading or caption is not \
                     shown); it is left out",
                    d.label
                ),
            );
        }
    }
}

fn has_refs(doc: &Document) -> bool {
    let mut found = false;
    doc.for_each_inline(&mut |inline| found |= matches!(inline, Inline::NoteRef { .. }));
    found
}

struct Numbering {
    /// The first definition of each label (by [`key`]).
    first: HashMap<String, usize>,
    definitions: Vec<Definition>,
    /// The definitions reached, in the order of their numbers.
    order: Vec<usize>,
    /// Per definition reached: its number and how many references were seen.
    seen: HashMap<usize, (usize, usize)>,
}

impl Numbering {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph { text } => self.rich(text),
                Block::Table { header, rows, .. } => {
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.rich(cell);
                    }
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.rich(&mut item.text);
                    }
                }
                Block::Code { .. } | Block::Html { .. } => {}
                Block::Quote { blocks, .. } => self.blocks(blocks),
            }
        }
    }

    fn rich(&mut self, text: &mut RichText) {
        self.inlines(&mut text.0);
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines {
            match inline {
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                    self.inlines(c);
                }
                Inline::NoteRef { label, number, occurrence } => match self.first.get(&key(label)) {
                    Some(&i) => {
                        let next = self.order.len() + 1;
                        let seen = self.seen.entry(i).or_insert((next, 0));
                        if seen.1 == 0 {
                            // The note's first reference: it takes the next number.
                            self.order.push(i);
                        }
                        seen.1 += 1;
                        (*number, *occurrence) = *seen;
                        label.clone_from(&self.definitions[i].label);
                    }
                    // comrak makes a reference only where a definition exists; were one
                    // missing, the reference stays the text it was written as.
                    None => *inline = Inline::Text(format!("[^{label}]")),
                },
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Block, Inline};
    use crate::parse::{ParseOptions, markdown};

    /// `(label, number, occurrence)` of each reference in the text of `blocks`, in order.
    fn refs(blocks: &[Block]) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        for block in blocks {
            block.for_each_inline(&mut |inline| {
                if let Inline::NoteRef { label, number, occurrence } = inline {
                    out.push((label.clone(), *number, *occurrence));
                }
            });
        }
        out
    }

    #[test]
    fn numbers_notes_at_their_first_reference_in_reading_order() {
        // Defined in another order than referenced; a label in another case is the same
        // note; a note's reference numbers its note after those the text reaches.
        let text = "## A\n\nOne[^b] two[^A] three[^B].\n\n[^a]: Note a[^c].\n[^b]: Note b.\n[^c]: Note c.\n";
        let doc = markdown::parse(text, ParseOptions::default()).doc;
        assert!(doc.diagnostics.iter().all(|d| !d.message.contains("footnote")), "{:?}", doc.diagnostics.0);
        let s = |l: &str, n, k| (l.to_owned(), n, k);
        assert_eq!(refs(&doc.sections[0].blocks), [s("b", 1, 1), s("a", 2, 1), s("b", 1, 2)]);
        let labels: Vec<&str> = doc.footnotes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["b", "a", "c"]);
        assert_eq!(refs(&doc.footnotes[1].blocks), [s("c", 3, 1)]);
        assert_eq!(doc.footnotes[2].line.0, 7, "a note keeps its line");
    }

    #[test]
    fn a_definition_inside_a_container_or_list_is_a_note_not_content() {
        let text = "::: outcomes\n- o\n:::\n\n## A\n\nText[^x] and[^y].\n\n::: consensus\nAgreed.\n\n[^x]: In a container.\n:::\n\n- item\n\n  [^y]: In a list item.\n";
        let doc = markdown::parse(text, ParseOptions::default()).doc;
        assert_eq!(doc.diagnostics.0, []);
        assert_eq!(doc.sections[0].consensus.as_deref(), Some(&[Block::paragraph("Agreed.")][..]));
        let Block::List { items, .. } = &doc.sections[0].trailing[0] else { panic!("{:?}", doc.sections[0]) };
        assert_eq!(items[0].text.to_plain(), "item");
        let notes: Vec<String> = doc.footnotes.iter().map(|n| crate::search::schema::blocks_text(&n.blocks)).collect();
        assert_eq!(notes, ["In a container.", "In a list item."]);
    }
}
