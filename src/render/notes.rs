//! Footnotes on a page: the list of the notes that the content a page shows refers to,
//! after that content, each with a way back to its references.
//!
//! A note's number is the guide's (the parser numbers the notes in reading order, see
//! [`crate::model::Footnote`]), so a note has the same number on every page that shows
//! it. On a page, note `n` is `{prefix}fn-n`, its `k`-th reference `{prefix}fnref-n` (for
//! `k` = 1) or `{prefix}fnref-n-k`, and the list's heading `{prefix}fn-notes`. The prefix
//! tells apart the guides of a page that shows several (the handbook's `g3-`, the
//! briefing's `brief-3-`): see [`Placement::notes`](super::html::Placement::notes). A page
//! that shows only part of a guide (a brief) lists only the notes that part refers to,
//! with ways back to only the references it shows.
//!
//! The list's markup is the theme's (`macros.html`, `notes`); this builds its view.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Block, Document, Inline, RichText};
use crate::render::html::HtmlWriter;

/// The notes of a page's content, for the theme's `notes` macro.
#[derive(Debug, Clone, Serialize)]
pub struct NotesView {
    /// The id of the list's heading, which each reference names as what describes it.
    pub id: String,
    pub notes: Vec<NoteView>,
}

/// One note of a [`NotesView`].
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub id: String,
    pub number: usize,
    /// The note's content: inline markup for a note of one paragraph, else blocks.
    pub html: String,
    /// The ids of the note's references on the page, in reading order.
    pub backs: Vec<String>,
}

/// The id of note `n` on a page whose note ids start with `prefix`.
pub fn note_id(prefix: &str, n: usize) -> String {
    format!("{prefix}fn-{n}")
}

/// The id of the `k`-th reference to note `n`.
pub fn ref_id(prefix: &str, n: usize, k: usize) -> String {
    if k == 1 { format!("{prefix}fnref-{n}") } else { format!("{prefix}fnref-{n}-{k}") }
}

/// The id of the heading of the list of notes.
pub fn list_id(prefix: &str) -> String {
    format!("{prefix}fn-notes")
}

/// The list of the notes of a page that shows the whole of `doc` (its own page, its
/// handbook chapter): [`notes_view`] of its outcomes and every section's blocks.
pub fn guide_notes<'a>(doc: &Document, prefix: &str, writer: &dyn Fn() -> HtmlWriter<'a>) -> Option<NotesView> {
    if doc.footnotes.is_empty() {
        return None;
    }
    let blocks: Vec<&[Block]> = doc.sections.iter().flat_map(|s| s.all_blocks()).collect();
    notes_view(doc, &doc.outcomes, &blocks, prefix, writer)
}

/// The list of the notes that `outcomes` and `blocks` of `doc` — the content a page shows
/// — refer to, and of the notes those notes refer to; `None` when there are none. Each
/// note is written by a writer from `writer`, which writes the page's content.
pub fn notes_view<'a>(
    doc: &Document,
    outcomes: &[RichText],
    blocks: &[&[Block]],
    prefix: &str,
    writer: &dyn Fn() -> HtmlWriter<'a>,
) -> Option<NotesView> {
    if doc.footnotes.is_empty() {
        return None;
    }
    // Note number → the occurrences of its references that the page shows.
    let mut refs: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut note = |inline: &Inline| {
        if let Inline::NoteRef { number, occurrence, .. } = inline {
            refs.entry(*number).or_default().insert(*occurrence);
        }
    };
    for outcome in outcomes {
        outcome.for_each_inline(&mut note);
    }
    for block in blocks.iter().copied().flatten() {
        block.for_each_inline(&mut note);
    }
    // The notes listed show their own references: the notes those reach are listed too.
    let mut listed: BTreeSet<usize> = BTreeSet::new();
    loop {
        let next: Vec<usize> = refs.keys().copied().filter(|n| !listed.contains(n)).collect();
        if next.is_empty() {
            break;
        }
        for n in next {
            listed.insert(n);
            for block in doc.footnotes.get(n.wrapping_sub(1)).map_or(&[][..], |f| &f.blocks) {
                block.for_each_inline(&mut |inline| {
                    if let Inline::NoteRef { number, occurrence, .. } = inline {
                        refs.entry(*number).or_default().insert(*occurrence);
                    }
                });
            }
        }
    }
    let notes: Vec<NoteView> = refs
        .into_iter()
        .filter_map(|(n, occurrences)| {
            let note = doc.footnotes.get(n.wrapping_sub(1))?;
            let html = match note.blocks.as_slice() {
                [Block::Paragraph { text }] => writer().rich(text),
                blocks => writer().blocks(blocks),
            };
            let backs = occurrences.into_iter().map(|k| ref_id(prefix, n, k)).collect();
            Some(NoteView { id: note_id(prefix, n), number: n, html, backs })
        })
        .collect();
    (!notes.is_empty()).then(|| NotesView { id: list_id(prefix), notes })
}
