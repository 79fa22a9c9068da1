//! Translations: how a translated guide relates to its source.
//!
//! - **Alignment**: a translation keeps its source's structure (same sections and
//!   subsections in the same order, same tables, consensus and perspective blocks), so that
//!   `sN` anchors mean the same place in both languages. [`alignment`] lists differences.
//! - **Staleness**: a translation records the hash of the source it was made from (and a
//!   hash per section). When the source changes, [`staleness`] says so, and which
//!   sections changed where that can be told.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, count};
use crate::model::{Block, Document, Guide, Section};

/// Short hash of a section's content (heading, blocks, subsections, closing blocks): of
/// its JSON form, which stamped translations record, so it must not change.
pub fn section_hash(section: &Section) -> String {
    // The model serializes to strings, booleans, sequences and string-keyed maps only,
    // which serde_json writes to a `Vec` without fail.
    let json = serde_json::to_vec(section).expect("the document model always serializes to JSON");
    let digest = Sha256::digest(&json);
    crate::fingerprint::hex(&digest[..8])
}

/// Per-section hashes of a document, keyed by section id.
pub fn section_hashes(doc: &Document) -> BTreeMap<String, String> {
    doc.sections.iter().map(|s| (s.id.clone(), section_hash(s))).collect()
}

/// Whether a translation still matches its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// The recorded source hash equals the source's current hash.
    Current,
    /// No hash was recorded, so it cannot be told.
    Unknown,
    /// The source changed since the translation was made. `sections` lists the ids of
    /// the changed sections when per-section hashes were recorded; empty when the
    /// change cannot be placed.
    Stale { sections: Vec<String> },
}

pub fn staleness(translation: &Guide, source: &Guide) -> Staleness {
    let Some(record) = &translation.translation else { return Staleness::Unknown };
    let Some(recorded) = &record.source_hash else { return Staleness::Unknown };
    if *recorded == source.source_hash || *recorded == source.source_hash_v1 {
        return Staleness::Current;
    }
    let now = section_hashes(&source.doc);
    let sections = if record.section_hashes.is_empty() {
        Vec::new()
    } else {
        let mut changed: Vec<String> =
            now.iter().filter(|(id, h)| record.section_hashes.get(*id) != Some(h)).map(|(id, _)| id.clone()).collect();
        changed.extend(record.section_hashes.keys().filter(|id| !now.contains_key(*id)).cloned());
        changed.sort_by_key(|id| id.trim_start_matches('s').parse::<usize>().unwrap_or(usize::MAX));
        changed
    };
    Staleness::Stale { sections }
}

/// Structural differences between a source and its translation, empty when aligned: each
/// a [`Code::Misaligned`] error whose message starts with the section or subsection it
/// concerns (`s3: …`), or `guide: …`. The caller says which file.
pub fn alignment(source: &Document, translation: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut push =
        |at: &str, message: String| out.push(Diagnostic::error(Code::Misaligned, format!("{at}: {message}")));
    if source.outcomes.len() != translation.outcomes.len() {
        push(
            "guide",
            format!(
                "{} outcomes in the source, {} in the translation",
                source.outcomes.len(),
                translation.outcomes.len()
            ),
        );
    }
    if source.sections.len() != translation.sections.len() {
        push(
            "guide",
            format!(
                "{} in the source, {} in the translation",
                count(source.sections.len(), "section"),
                translation.sections.len()
            ),
        );
    }
    for (s, t) in source.sections.iter().zip(&translation.sections) {
        if s.subsections.len() != t.subsections.len() {
            push(
                &s.id,
                format!(
                    "{} in the source, {} in the translation",
                    count(s.subsections.len(), "subsection"),
                    t.subsections.len()
                ),
            );
        }
        for (name, a, b) in [("consensus", &s.consensus, &t.consensus), ("perspective", &s.perspective, &t.perspective)]
        {
            if a.is_some() != b.is_some() {
                let (has, lacks) = if a.is_some() { ("source", "translation") } else { ("translation", "source") };
                push(&s.id, format!("the {has} has a {name} block, the {lacks} has none"));
            }
        }
        let tables = |blocks: &[Block]| blocks.iter().filter(|b| matches!(b, Block::Table { .. })).count();
        let count_all = |sec: &Section| {
            tables(&sec.blocks)
                + sec.subsections.iter().map(|x| tables(&x.blocks)).sum::<usize>()
                + tables(&sec.trailing)
        };
        let (a, b) = (count_all(s), count_all(t));
        if a != b {
            push(&s.id, format!("{a} tables in the source, {b} in the translation"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_text};

    fn doc(text: &str) -> Document {
        parse_text(text, Format::Markdown, ParseOptions::default()).doc
    }

    #[test]
    fn finds_structural_differences() {
        let src = doc("::: outcomes\n- a\n:::\n\n## A\n\n### x\n\n::: consensus\nc\n:::\n\n## B\n\n|a|\n|-|\n|1|\n");
        let ok = doc("::: outcomes\n- a\n:::\n\n## A2\n\n### x2\n\n::: consensus\nc2\n:::\n\n## B2\n\n|a|\n|-|\n|1|\n");
        assert_eq!(alignment(&src, &ok), []);
        let bad = doc("::: outcomes\n- a\n:::\n\n## A2\n\n## B2\n\ntext\n");
        let at: Vec<String> = alignment(&src, &bad).into_iter().map(|m| m.message).collect();
        assert_eq!(
            at,
            [
                "s1: 1 subsection in the source, 0 in the translation",
                "s1: the source has a consensus block, the translation has none",
                "s2: 1 tables in the source, 0 in the translation",
            ]
        );
    }
}
