//! Markdown guides: TOML front matter + CommonMark/GFM through comrak, read into the
//! document model. The syntax is documented in `docs/markdown-format.md`.
//!
//! 1. The front matter (`+++`, found by [`front`]) is read as TOML (unknown keys are an
//!    error diagnostic); a YAML one (`---`) is an error.
//! 2. comrak parses the rest (tables, task lists, `:::` containers, `{#id}` heading
//!    attributes, footnotes) with blank lines where the front matter was, so every node
//!    keeps its source line.
//! 3. The top-level nodes are walked once: `::: outcomes`, `##` sections, `###`
//!    subsections, `::: consensus` / `::: perspective`, and content blocks. Content goes
//!    to the last subsection, or to its section before the first subsection or after the
//!    closing blocks (the section's trailing blocks, see `Body`).
//! 4. Content nodes become [`Block`]s and inline nodes [`Inline`]s (`content.rs`); raw
//!    HTML stays text unless the config allows it.
//! 5. Footnotes are numbered in reading order and gathered into the document
//!    (`notes.rs`); the definitions met in the walk are not content where they stand.
//!
//! A guide nested deeper than [`nesting::MAX_NESTING`] is not walked (checked before
//! comrak parses it, and on its tree): it is left out with an error at the line.

mod content;
mod notes;

use std::collections::BTreeMap;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};
use serde::Deserialize;

use super::{ParseOptions, Parsed, front, nesting};
use crate::model::{Block, Diagnostics, Document, Inline, RichText, Section, Severity, Subsection, TranslationOf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    translation: Option<RawTranslation>,
    /// Old addresses of the guide, each left as a redirect page.
    aliases: Option<Vec<String>>,
    /// When the guide last changed: a TOML date, `updated = 2026-11-30`.
    updated: Option<toml::value::Datetime>,
}

/// A plainer message for the front matter mistakes other tools' habits make: a day in
/// quotes (`updated = "2026-11-30"`, a string to TOML), and the day a guide changed under
/// another tool's name (`date`, `lastmod`).
fn front_matter_hint(message: &str) -> Option<String> {
    if let Some(text) =
        message.strip_prefix("invalid type: string \"").and_then(|m| m.strip_suffix("\", expected a TOML datetime"))
    {
        return Some(if crate::dates::Date::parse(text).is_some() {
            format!("front matter: `updated` is a day, written without quotes: `updated = {text}`")
        } else {
            format!("front matter: `updated` must be a day like `updated = 2026-11-30` (no quotes), not \"{text}\"")
        });
    }
    ["date", "lastmod", "last_modified", "modified"]
        .iter()
        .find(|key| message.starts_with(&format!("unknown field `{key}`")))
        .map(|key| format!("front matter: unknown field `{key}`: the day a guide last changed is `updated` (`updated = 2026-11-30`)"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslation {
    source: Option<String>,
    lang: Option<String>,
    hash: Option<String>,
    sections: Option<BTreeMap<String, String>>,
}

fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.block_directive = true;
    o.extension.header_attributes = true;
    o.extension.cjk_friendly_emphasis = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    // Definitions stay where they are written: each keeps its line, and one that nothing
    // refers to can be named (comrak would drop it without a word).
    o.parse.leave_footnote_definitions = true;
    o
}

/// `text` with every line ending in `\n` (CRLF and a lone CR each become one LF, so lines
/// keep their numbers).
fn with_lf(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n").into() } else { text.into() }
}

/// Parses a Markdown guide. Never panics; problems become diagnostics.
pub fn parse(text: &str, opts: ParseOptions) -> Parsed {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(line) = nesting::before_parsing(text) {
        return too_deep(line);
    }
    let text = &*with_lf(text);
    if let Some(close) = front::yaml(text) {
        return only_error(
            1,
            format!(
                "a YAML front matter (`---` on lines 1 to {close}) is not read: write it as TOML between `+++` lines (`title = \"…\"`)"
            ),
        );
    }
    if front::unclosed(text) {
        return only_error(
            1,
            "the front matter opens with `+++` on line 1 but never closes: end it with a `+++` line".to_owned(),
        );
    }
    // The front matter is read here; comrak gets blank lines in its place, so that lines
    // keep their numbers.
    let split = front::split(text);
    let markdown = match &split {
        Some(s) => std::borrow::Cow::Owned(format!("{}{}", "\n".repeat(s.lines()), s.body)),
        None => std::borrow::Cow::Borrowed(text),
    };
    let arena = Arena::new();
    let root = parse_document(&arena, &markdown, &comrak_options());
    if let Some(line) = nesting::in_tree(root) {
        return too_deep(line);
    }
    let mut w =
        Walker { opts, diags: Diagnostics::default(), source_lines: text.lines().collect(), definitions: Vec::new() };
    let (mut front, mut updated) = (FrontMatter::default(), None);
    if let Some(s) = &split {
        front = w.front_matter(s.front);
        updated = w.updated(&front, s.front);
    }
    let mut h1_title: Option<String> = None;
    let mut outcomes = Vec::new();
    // The line of the first `::: outcomes`: a second one adds to it.
    let mut outcomes_at: Option<usize> = None;
    let mut body = Body::default();

    let children: Vec<&AstNode<'_>> = root.children().collect();
    let mut i = 0;
    while i < children.len() {
        let node = children[i];
        let line = node.data().sourcepos.start.line;
        let value = node.data().value.clone();
        i += 1;
        match value {
            NodeValue::Heading(h) => {
                let text = RichText::normalized(w.inlines(node));
                if h.level <= 3 {
                    w.plain_only(&text, line, "a heading");
                }
                let heading = text.to_plain();
                let given_id = node.data().attrs.as_ref().and_then(|a| a.id.clone());
                if heading.trim().is_empty() && h.level <= 3 {
                    let marks = "#".repeat(usize::from(h.level));
                    w.warn(line, format!("an empty `{marks}` heading: write the heading after `{marks} `"));
                }
                match h.level {
                    1 => {
                        if h1_title.is_some() || !body.sections.is_empty() {
                            w.warn(line, "a level-1 heading is the title and may appear once, before the sections; this one is left out");
                        } else {
                            h1_title = Some(heading);
                        }
                    }
                    2 => {
                        let section = Section::new(body.sections.len() + 1, heading, line);
                        w.check_id(given_id, &section.id, line);
                        body.sections.push(section);
                        (body.closed_at, body.trailing_at) = (None, None);
                    }
                    3 => match (body.sections.len(), body.sections.last_mut()) {
                        (ordinal, Some(section)) => {
                            let n = section.subsections.len() + 1;
                            let sub = Subsection::new(ordinal, n, heading, line);
                            w.check_id(given_id, &sub.id, line);
                            section.subsections.push(sub);
                            if let Some(closing) = body.closed_at.take() {
                                w.warn(line, format!("a `###` subsection after its section's consensus or perspective block (line {closing}) is shown before that block, which closes the section; move the subsection above it"));
                            }
                        }
                        (_, None) => w.warn(line, "a `###` subsection before any `##` section is left out"),
                    },
                    _ => {
                        w.warn(
                            line,
                            "headings deeper than `###` are not part of a guide's structure; shown as a paragraph",
                        );
                        let text = RichText::normalized(vec![Inline::Strong(w.inlines(node))]);
                        body.push(Block::Paragraph { text }, line, &mut w);
                    }
                }
            }
            NodeValue::BlockDirective(d) => {
                let name = d.info.trim().to_owned();
                let blocks = w.blocks_of(node);
                match name.as_str() {
                    "outcomes" => {
                        let items = w.outcomes(blocks, line);
                        match outcomes_at {
                            Some(first) => {
                                w.warn(line, format!("a second `::: outcomes` container (the first is on line {first}): its items are added after the first's; write the outcomes in one container"));
                                outcomes.extend(items);
                            }
                            None => {
                                outcomes_at = Some(line);
                                outcomes = items;
                            }
                        }
                    }
                    "consensus" | "perspective" => match body.sections.last_mut() {
                        Some(section) => {
                            let slot =
                                if name == "consensus" { &mut section.consensus } else { &mut section.perspective };
                            slot.get_or_insert_with(Vec::new).extend(blocks);
                            body.closed_at.get_or_insert(line);
                            if let Some(text) = body.trailing_at {
                                w.warn(line, format!("`::: {name}` follows content written after this section's closing blocks (line {text}); that content is shown after all of them"));
                            }
                        }
                        None => w.warn(line, format!("`::: {name}` before any `##` section is left out")),
                    },
                    other => {
                        w.warn(line, format!("unknown container `::: {other}` (known: outcomes, consensus, perspective); its content is kept as is"));
                        for b in blocks {
                            body.push(b, line, &mut w);
                        }
                    }
                }
            }
            NodeValue::Paragraph if w.is_caption(line) && next_is_table(&children, i) => {
                let caption = w.caption(node);
                let table_node = children[i];
                i += 1;
                for b in w.block(table_node) {
                    body.push(with_caption(b, &caption), line, &mut w);
                }
            }
            _ => {
                for b in w.block(node) {
                    body.push(b, line, &mut w);
                }
            }
        }
    }

    let from_section = front.title.is_none() && h1_title.is_none();
    let title = front
        .title
        .clone()
        .or(h1_title)
        .or_else(|| body.sections.first().map(|s| s.heading.clone()))
        .unwrap_or_default();
    let empty_in_front = front.title.is_some();
    if title.trim().is_empty() && !empty_in_front {
        // At the empty heading the title would have come from, else at the end.
        let at = match body.sections.first() {
            Some(first) if from_section => first.line.0,
            _ => text.lines().count().max(1),
        };
        w.diags.push(at, Severity::Error, "no title: give `title` in the front matter or start with a `## ` section");
    }
    if outcomes.is_empty() {
        w.diags.push(1, Severity::Warning, "no outcomes: add a `::: outcomes` container with a bullet list");
    }
    let translation = front.translation.map(|t| TranslationOf {
        source_slug: t.source,
        source_lang: t.lang,
        source_hash: t.hash,
        section_hashes: t.sections.unwrap_or_default(),
    });
    let mut aliases = front.aliases.unwrap_or_default();
    aliases.retain(|alias| {
        let ok = crate::config::is_alias_path(alias.trim_end_matches('/'));
        if !ok {
            let at = split.as_ref().map_or(1, |s| key_line(s.front, "aliases"));
            w.diags.push(at, Severity::Warning, format!("front matter: alias `{alias}` is left out: an alias is a page path like \"old-name\" or \"ja/old-name\""));
        }
        ok
    });
    let mut doc = Document { title, outcomes, sections: body.sections, footnotes: Vec::new(), diagnostics: w.diags };
    notes::number(&mut doc, w.definitions);
    super::numbering::number_headings(&mut doc);
    Parsed { doc, translation, aliases, updated }
}

/// The line of the file on which `key` is set in the front matter's TOML `toml` (which
/// starts on line 2), or line 2.
fn key_line(toml: &str, key: &str) -> usize {
    let set = |l: &str| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
    2 + toml.lines().position(set).unwrap_or(0)
}

/// A guide that nests deeper than [`nesting::MAX_NESTING`]: nothing but the error at `line`.
fn too_deep(line: usize) -> Parsed {
    only_error(line, nesting::message())
}

/// A guide that is not read: nothing but the error at `line`.
fn only_error(line: usize, message: impl Into<String>) -> Parsed {
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(line, Severity::Error, message);
    let doc = Document {
        title: String::new(),
        outcomes: Vec::new(),
        sections: Vec::new(),
        footnotes: Vec::new(),
        diagnostics,
    };
    Parsed { doc, translation: None, aliases: Vec::new(), updated: None }
}

fn with_caption(mut block: Block, caption: &str) -> Block {
    if let Block::Table { caption: c, .. } = &mut block {
        *c = Some(caption.to_owned());
    }
    block
}

fn next_is_table(children: &[&AstNode<'_>], i: usize) -> bool {
    children.get(i).is_some_and(|n| matches!(n.data().value, NodeValue::Table(_)))
}

/// The sections read so far, and where content goes as the walk meets it.
#[derive(Default)]
struct Body {
    sections: Vec<Section>,
    /// The line of the current section's first consensus / perspective block, until a
    /// subsection starts after it: content after that block is the section's trailing
    /// content, not its last subsection's.
    closed_at: Option<usize>,
    /// The line of the current section's first trailing block.
    trailing_at: Option<usize>,
}

impl Body {
    /// Adds a content block where the walk is: the last subsection, or the section itself
    /// (before its subsections, or after its closing blocks).
    fn push(&mut self, block: Block, line: usize, w: &mut Walker<'_>) {
        let Some(section) = self.sections.last_mut() else {
            w.warn(line, "content before the first `##` section is left out");
            return;
        };
        if self.closed_at.is_some() {
            section.trailing.push(block);
            self.trailing_at.get_or_insert(line);
            return;
        }
        match section.subsections.last_mut() {
            Some(sub) => sub.blocks.push(block),
            None => section.blocks.push(block),
        }
    }
}

struct Walker<'t> {
    opts: ParseOptions,
    diags: Diagnostics,
    source_lines: Vec<&'t str>,
    /// The footnote definitions met, in the order met (numbered after the walk).
    definitions: Vec<notes::Definition>,
}

impl Walker<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.diags.push(line, Severity::Warning, message);
    }

    fn is_caption(&self, line: usize) -> bool {
        self.source_lines.get(line.wrapping_sub(1)).is_some_and(|l| l.trim_start().starts_with("Table:"))
    }

    fn check_id(&mut self, given: Option<String>, ordinal: &str, line: usize) {
        if let Some(given) = given {
            if given != ordinal {
                self.warn(line, format!("heading id `{{#{given}}}` does not match its position `{ordinal}`; ids are ordinal so that translations align"));
            }
        }
    }

    /// Reads the front matter's TOML (`toml`, which starts on line 2); an error at the
    /// line of what is wrong, and the defaults, when it does not read.
    fn front_matter(&mut self, toml: &str) -> FrontMatter {
        match toml::from_str::<FrontMatter>(toml) {
            Ok(fm) => {
                if fm.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
                    let at = key_line(toml, "title");
                    self.diags.push(at, Severity::Error, "front matter: `title` is empty: give the guide's title, or leave the key out to take the first section's heading");
                }
                fm
            }
            Err(e) => {
                let offset = e.span().map(|s| toml[..s.start.min(toml.len())].matches('\n').count()).unwrap_or(0);
                let message = front_matter_hint(e.message())
                    .unwrap_or_else(|| format!("front matter: {}", crate::config::toml_message(toml, &e)));
                self.diags.push(2 + offset, Severity::Error, message);
                FrontMatter::default()
            }
        }
    }

    /// The front matter's `updated`, which must be a day (`2026-11-30`); an error at its
    /// line otherwise.
    fn updated(&mut self, front: &FrontMatter, toml: &str) -> Option<crate::dates::Date> {
        let value = front.updated.as_ref()?;
        let date = crate::dates::Date::from_toml(value);
        if date.is_none() {
            self.diags.push(
                key_line(toml, "updated"),
                Severity::Error,
                format!("front matter: `updated` must be a day like `updated = 2026-11-30` (no time), not `{value}`"),
            );
        }
        date
    }
}
