//! Markdown content → model blocks and inlines: step 4 of [`super`], and the block half
//! of step 3 (paragraphs, lists, tables, code, raw HTML, quotes and containers, which
//! flatten to their blocks). The walk over the guide's structure (sections, containers)
//! is in [`super`]; this is what it calls for the content it meets. A footnote definition
//! met here is set aside for [`super::notes`], and a reference becomes an unnumbered
//! [`Inline::NoteRef`].

use comrak::nodes::{AstNode, ListType, NodeValue};

use super::notes::Definition;
use super::{Walker, next_is_table, with_caption};
use crate::model::{Alert, Block, Inline, ListItem, RichText, SourceLine};

/// The kind of a GitHub alert (`[!WARNING]`).
fn alert_of(kind: comrak::nodes::AlertType) -> Alert {
    use comrak::nodes::AlertType;
    match kind {
        AlertType::Note => Alert::Note,
        AlertType::Tip => Alert::Tip,
        AlertType::Important => Alert::Important,
        AlertType::Warning => Alert::Warning,
        AlertType::Caution => Alert::Caution,
    }
}

impl Walker<'_> {
    pub(super) fn outcomes(&mut self, blocks: Vec<Block>, line: usize) -> Vec<RichText> {
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::List { items, .. } => out.extend(items.into_iter().map(|i| i.text)),
                _ => self.warn(line, "`::: outcomes` should hold only a bullet list; other content is left out"),
            }
        }
        out
    }

    /// The blocks of a container's children; a `Table:` paragraph captions the table after it.
    pub(super) fn blocks_of<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Block> {
        let children: Vec<&AstNode<'_>> = node.children().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < children.len() {
            let child = children[i];
            i += 1;
            let line = child.data().sourcepos.start.line;
            if matches!(child.data().value, NodeValue::Paragraph)
                && self.is_caption(line)
                && next_is_table(&children, i)
            {
                let caption = self.caption(child);
                out.extend(self.block(children[i]).into_iter().map(|b| with_caption(b, &caption)));
                i += 1;
            } else {
                out.extend(self.block(child));
            }
        }
        out
    }

    /// Warns when `text`, which is kept as plain text (`what`: a heading, a caption), has a
    /// footnote reference: it cannot be shown there.
    pub(super) fn plain_only(&mut self, text: &RichText, line: usize, what: &str) {
        if text.has_note_ref() {
            self.warn(line, format!("a footnote reference in {what} is not shown ({what} is plain text); put it in the text that follows"));
        }
    }

    pub(super) fn caption<'a>(&mut self, node: &'a AstNode<'a>) -> String {
        let text = RichText::normalized(self.inlines(node));
        self.plain_only(&text, node.data().sourcepos.start.line, "a table caption");
        let caption = text.to_plain();
        caption.strip_prefix("Table:").unwrap_or(&caption).trim().to_owned()
    }

    /// One block-level node as model blocks (a quote or container flattens to several).
    pub(super) fn block<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Block> {
        let line = node.data().sourcepos.start.line;
        let value = node.data().value.clone();
        match value {
            NodeValue::Paragraph => {
                let text = RichText::normalized(self.inlines(node));
                if text.is_empty() { vec![] } else { vec![Block::Paragraph { text }] }
            }
            NodeValue::List(list) => {
                let items = node.children().map(|item| self.list_item(item)).collect();
                let ordered = list.list_type == ListType::Ordered;
                let start = if ordered { u32::try_from(list.start).unwrap_or(1) } else { 1 };
                vec![Block::List { ordered, start, items }]
            }
            NodeValue::Table(_) => {
                let mut header = Vec::new();
                let mut rows = Vec::new();
                for row in node.children() {
                    let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                    let cells: Vec<RichText> = row.children().map(|c| RichText::normalized(self.inlines(c))).collect();
                    if is_header { header = cells } else { rows.push(cells) }
                }
                vec![Block::Table { header, rows, caption: None }]
            }
            NodeValue::CodeBlock(cb) => {
                let lang = cb.info.split_whitespace().next().map(str::to_owned);
                let text = cb.literal.strip_suffix('\n').unwrap_or(&cb.literal).to_owned();
                vec![Block::Code { lang, text }]
            }
            NodeValue::HtmlBlock(h) => {
                let literal = h.literal.trim_end().to_owned();
                if self.opts.raw_html {
                    vec![Block::Html { html: literal }]
                } else {
                    vec![Block::Paragraph { text: RichText::plain(literal) }]
                }
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                vec![Block::Quote { alert: None, blocks: self.blocks_of(node) }]
            }
            NodeValue::Alert(alert) => {
                let kind = alert_of(alert.alert_type);
                let mut blocks = self.blocks_of(node);
                // A title of its own (`> [!WARNING] Power`) leads its text.
                if let Some(title) = alert.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    let text = RichText(vec![Inline::Strong(vec![Inline::Text(title.to_owned())])]);
                    blocks.insert(0, Block::Paragraph { text });
                }
                vec![Block::Quote { alert: Some(kind), blocks }]
            }
            NodeValue::BlockDirective(_) => self.blocks_of(node),
            NodeValue::ThematicBreak | NodeValue::FrontMatter(_) => vec![],
            // Not content where it stands: numbered and gathered after the walk.
            NodeValue::FootnoteDefinition(def) => {
                let blocks = self.blocks_of(node);
                self.definitions.push(Definition { label: def.name, line, blocks });
                vec![]
            }
            NodeValue::Heading(_) => {
                self.warn(line, "a heading inside a container or list is shown as a paragraph");
                vec![Block::Paragraph { text: RichText::normalized(vec![Inline::Strong(self.inlines(node))]) }]
            }
            _ => {
                let text = RichText::normalized(self.inlines(node));
                if text.is_empty() { vec![] } else { vec![Block::Paragraph { text }] }
            }
        }
    }

    fn list_item<'a>(&mut self, item: &'a AstNode<'a>) -> ListItem {
        let task = match &item.data().value {
            NodeValue::TaskItem(t) => Some(t.symbol.is_some_and(|c| c != ' ')),
            _ => None,
        };
        let mut inlines = Vec::new();
        for child in item.children() {
            match &child.data().value {
                NodeValue::Paragraph => {
                    if !inlines.is_empty() {
                        inlines.push(Inline::Text(" ".into()));
                    }
                    inlines.extend(self.inlines(child));
                }
                NodeValue::FootnoteDefinition(_) => {
                    self.block(child);
                }
                _ => {
                    let line = child.data().sourcepos.start.line;
                    self.warn(line, "only text is kept in a list item; nested blocks are flattened into it");
                    for b in self.block(child) {
                        let plain = match b {
                            Block::List { items, .. } => {
                                items.iter().map(|i| i.text.to_plain()).collect::<Vec<_>>().join(" / ")
                            }
                            Block::Paragraph { text } => text.to_plain(),
                            Block::Code { text, .. } => text,
                            Block::Html { html } => html,
                            Block::Table { .. } => String::new(),
                            Block::Quote { blocks, .. } => {
                                crate::search::schema::blocks_text(&blocks).replace('\n', " ")
                            }
                        };
                        if !plain.is_empty() {
                            inlines.push(Inline::Text(format!(" {plain}")));
                        }
                    }
                }
            }
        }
        ListItem { text: RichText::normalized(inlines), task }
    }

    /// The inline children of a node. Soft line breaks become a space, except between
    /// two CJK characters, where a line break in the source means nothing.
    pub(super) fn inlines<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let mut out = Vec::new();
        let children: Vec<_> = node.children().collect();
        for (k, child) in children.iter().enumerate() {
            let value = child.data().value.clone();
            match value {
                NodeValue::Text(t) => out.push(Inline::Text(t.into_owned())),
                NodeValue::SoftBreak => {
                    let before = last_char(&out);
                    let after = children.get(k + 1).and_then(|n| first_char(n));
                    let joins_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
                    if !joins_cjk {
                        out.push(Inline::Text(" ".into()));
                    }
                }
                NodeValue::LineBreak => out.push(Inline::LineBreak),
                NodeValue::Code(c) => out.push(Inline::Code(c.literal.clone())),
                NodeValue::Emph => {
                    let c = self.inlines(child);
                    out.push(Inline::Emph(c));
                }
                NodeValue::Strong => {
                    let c = self.inlines(child);
                    out.push(Inline::Strong(c));
                }
                NodeValue::Strikethrough => {
                    let c = self.inlines(child);
                    out.push(Inline::Strike(c));
                }
                NodeValue::Link(l) => {
                    let line = SourceLine(child.data().sourcepos.start.line);
                    let content = self.inlines(child);
                    match bare_url_then_text(&l.url, &content) {
                        Some((url, shown, rest)) => {
                            out.push(Inline::Link { url, content: vec![Inline::Text(shown)], line });
                            out.push(Inline::Text(rest));
                        }
                        None => out.push(Inline::Link { url: l.url.clone(), content, line }),
                    }
                }
                NodeValue::Image(l) => {
                    let line = SourceLine(child.data().sourcepos.start.line);
                    let alt = RichText::normalized(self.inlines(child));
                    self.plain_only(&alt, line.0, "an image's alt text");
                    let alt = alt.to_plain();
                    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push(Inline::Image { src: l.url.clone(), alt, line });
                }
                NodeValue::HtmlInline(h) => {
                    out.push(if self.opts.raw_html { Inline::Html(h) } else { Inline::Text(h) });
                }
                // Numbered after the walk, when every definition is known.
                NodeValue::FootnoteReference(r) => {
                    out.push(Inline::NoteRef { label: r.name, number: 0, occurrence: 0 });
                }
                _ => out.extend(self.inlines(child)),
            }
        }
        out
    }
}

/// A bare URL (an autolink: the link's text is its address) that runs on into Japanese
/// text written without a space (`詳細はhttps://example.org/を参照`): the link ends where
/// the text stops being ASCII. Returns the link's address and text, and the text after
/// it; `None` for any other link.
fn bare_url_then_text(url: &str, content: &[Inline]) -> Option<(String, String, String)> {
    let [Inline::Text(text)] = content else { return None };
    let scheme_added = url.len().checked_sub(text.len()).map(|n| &url[..n])?;
    if !url.ends_with(text.as_str()) || !matches!(scheme_added, "" | "http://" | "mailto:") {
        return None;
    }
    let cut = text.find(|c: char| !c.is_ascii()).filter(|&k| k > 0)?;
    let (shown, rest) = text.split_at(cut);
    Some((format!("{scheme_added}{shown}"), shown.to_owned(), rest.to_owned()))
}

/// The last character a reader sees of `inlines`, inside emphasis and links too.
fn last_char(inlines: &[Inline]) -> Option<char> {
    match inlines.last()? {
        Inline::Text(t) | Inline::Code(t) => t.chars().last(),
        Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => last_char(c),
        _ => None,
    }
}

/// The first character a reader sees of an inline node, inside emphasis and links too.
fn first_char<'a>(node: &'a AstNode<'a>) -> Option<char> {
    match &node.data().value {
        NodeValue::Text(t) => t.chars().next(),
        NodeValue::Code(c) => c.literal.chars().next(),
        NodeValue::Emph | NodeValue::Strong | NodeValue::Strikethrough | NodeValue::Link(_) => {
            node.first_child().and_then(first_char)
        }
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}
