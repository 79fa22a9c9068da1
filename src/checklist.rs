//! Checklists derived from a guide's structure: one group per section, one item per
//! subsection heading and per explicit task-list item (`- [ ]` in Markdown) but one
//! struck through whole (`- [ ] ~~old step~~`).
//!
//! Item ids must survive rebuilds and edits elsewhere in the guide, because the browser
//! keeps ticked state under them. So an id is made from the item's own text (a short hash
//! of its normalized form), not from its position; two items with the same text in one
//! guide get `-2`, `-3` suffixes in document order.
//!
//! The browser keeps a guide's ticks under one localStorage key, [`store_key`]: a site
//! key made at build time from the config (`Config::site_key`), the language and the slug, so
//! that two sites, or two languages of one site, never share a record. The browser code
//! that keeps and exports the record is in `checklist/js/` and is shipped by [`assets`].

pub mod assets;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::model::{Block, Document};

/// The checklist of one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChecklist {
    pub section_id: String,
    pub heading: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable id: `c` + 10 hex digits of the text's hash, plus `-N` for repeats.
    pub id: String,
    pub text: String,
    /// The anchor the item links to: its subsection (`s3-2`) or its section (`s3`).
    pub anchor: String,
    /// Initial state of an explicit task-list item (`- [x]`); subsections start unticked.
    pub done: bool,
}

/// Derives the checklist groups of a guide; sections without items are left out.
pub fn derive(doc: &Document) -> Vec<SectionChecklist> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut make = |text: &str, anchor: &str, done: bool| {
        let base = item_hash(text);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        ChecklistItem { id, text: text.to_owned(), anchor: anchor.to_owned(), done }
    };
    let mut groups = Vec::new();
    for section in &doc.sections {
        let mut items = Vec::new();
        for (text, done) in tasks(&section.blocks) {
            items.push(make(&text, &section.id, done));
        }
        for sub in &section.subsections {
            items.push(make(&sub.heading, &sub.id, false));
            for (text, done) in tasks(&sub.blocks) {
                items.push(make(&text, &sub.id, done));
            }
        }
        for (text, done) in tasks(&section.trailing) {
            items.push(make(&text, &section.id, done));
        }
        if !items.is_empty() {
            groups.push(SectionChecklist { section_id: section.id.clone(), heading: section.heading.clone(), items });
        }
    }
    groups
}

/// The localStorage key of one guide's checklist record.
pub fn store_key(config: &Config, lang: &str, slug: &str) -> String {
    format!("tebiki.checklist.v1:{}:{lang}:{slug}", config.site_key())
}

fn tasks(blocks: &[Block]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for block in blocks {
        if let Block::List { items, .. } = block {
            for item in items {
                // A task struck through whole (`- [ ] ~~old step~~`) is a step no longer.
                if let Some(done) = item.task.filter(|_| !struck_whole(&item.text)) {
                    out.push((item.text.to_plain(), done));
                }
            }
        }
    }
    out
}

/// Whether every word of `text` is struck through.
fn struck_whole(text: &crate::model::RichText) -> bool {
    use crate::model::Inline;
    text.0.iter().any(|i| matches!(i, Inline::Strike(_)))
        && text.0.iter().all(|i| match i {
            Inline::Strike(_) => true,
            Inline::Text(t) => t.trim().is_empty(),
            _ => false,
        })
}

fn item_hash(text: &str) -> String {
    let digest = Sha256::digest(crate::model::fold(text).as_bytes());
    format!("c{}", crate::fingerprint::hex(&digest[..5]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Format, ParseOptions, parse_text};

    fn doc(text: &str) -> Document {
        parse_text(text, Format::Markdown, ParseOptions::default()).doc
    }

    #[test]
    fn ids_depend_on_text_not_position() {
        let a = derive(&doc("## A\n\n### Check logs\n\nx\n\n### Call the lead\n\ny\n"));
        let b =
            derive(&doc("## A\n\nnew intro\n\n### New step\n\nz\n\n### Check logs\n\nx\n\n### Call the lead\n\ny\n"));
        let ids =
            |g: &[SectionChecklist]| g[0].items.iter().map(|i| (i.text.clone(), i.id.clone())).collect::<Vec<_>>();
        let (a, b) = (ids(&a), ids(&b));
        assert_eq!(a[0], b[1]);
        assert_eq!(a[1], b[2]);
        assert_ne!(b[0].1, b[1].1);
    }

    #[test]
    fn store_keys_differ_by_site_and_language_and_survive_other_config() {
        let mut a = Config::default();
        let ja = store_key(&a, "ja", "g");
        assert_ne!(ja, store_key(&a, "en", "g"));
        assert_ne!(ja, store_key(&a, "ja", "h"));
        a.version = Some("2".into());
        a.search = false;
        assert_eq!(ja, store_key(&a, "ja", "g"), "only the site's identity counts");
        a.titles.insert("ja".into(), "別のサイト".into());
        assert_ne!(ja, store_key(&a, "ja", "g"));
        let mut b = Config { base_url: Some("https://kb.example.org/".into()), ..Config::default() };
        let with_url = store_key(&b, "ja", "g");
        b.titles.insert("ja".into(), "改題".into());
        assert_eq!(with_url, store_key(&b, "ja", "g"), "with a base_url the title does not count");
        assert!(with_url.starts_with("tebiki.checklist.v1:") && with_url.ends_with(":ja:g"), "{with_url}");
    }

    #[test]
    fn repeated_text_gets_suffixes_and_tasks_are_items() {
        let g = derive(&doc("## A\n\n- [ ] Same\n- [x] Same\n- plain\n\n### Sub\n\n- [ ] Sub task\n"));
        let items: Vec<(&str, &str, bool)> =
            g[0].items.iter().map(|i| (i.text.as_str(), i.anchor.as_str(), i.done)).collect();
        assert_eq!(
            items,
            [("Same", "s1", false), ("Same", "s1", true), ("Sub", "s1-1", false), ("Sub task", "s1-1", false)]
        );
        assert_eq!(g[0].items[1].id, format!("{}-2", g[0].items[0].id));
    }
}
