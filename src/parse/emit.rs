//! Model → Markdown: the writer behind `tebiki import`.
//!
//! The output follows `docs/markdown-format.md` and is written so that
//! [`super::markdown::parse`] gives back an equal model: every character that Markdown
//! could read as markup is backslash-escaped, ids are written out, and containers mark
//! the outcomes, consensus and perspective blocks; footnotes are written at the end.

use std::fmt::Write;

use crate::model::{Block, Document, Inline, RichText, TranslationOf};

/// Writes a document (and, for a translation, its front-matter record) as Markdown.
pub fn to_markdown(doc: &Document, translation: Option<&TranslationOf>) -> String {
    let mut out = String::new();
    let title_differs = doc.sections.first().is_none_or(|s| s.heading != doc.title);
    if title_differs || translation.is_some() {
        out.push_str("+++\n");
        if title_differs {
            let _ = writeln!(out, "title = {}", toml_string(&doc.title));
        }
        if let Some(t) = translation {
            if title_differs {
                out.push('\n');
            }
            out.push_str("[translation]\n");
            if let Some(slug) = &t.source_slug {
                let _ = writeln!(out, "source = {}", toml_string(slug));
            }
            if let Some(lang) = &t.source_lang {
                let _ = writeln!(out, "lang = {}", toml_string(lang));
            }
            if let Some(h) = &t.source_hash {
                let _ = writeln!(out, "hash = {}", toml_string(h));
            }
            if !t.section_hashes.is_empty() {
                out.push_str("\n[translation.sections]\n");
                for (id, h) in &t.section_hashes {
                    let _ = writeln!(out, "{id} = {}", toml_string(h));
                }
            }
        }
        out.push_str("+++\n\n");
    }
    if !doc.outcomes.is_empty() {
        out.push_str("::: outcomes\n");
        for o in &doc.outcomes {
            let _ = writeln!(out, "- {}", inline_md(o, Context::Text));
        }
        out.push_str(":::\n\n");
    }
    for section in &doc.sections {
        let _ = writeln!(out, "## {} {{#{}}}\n", heading_md(&section.heading), section.id);
        write_blocks(&mut out, &section.blocks);
        for sub in &section.subsections {
            let _ = writeln!(out, "### {} {{#{}}}\n", heading_md(&sub.heading), sub.id);
            write_blocks(&mut out, &sub.blocks);
        }
        for (name, blocks) in [("consensus", &section.consensus), ("perspective", &section.perspective)] {
            if let Some(blocks) = blocks {
                let mut inner = String::new();
                write_blocks(&mut inner, blocks);
                let inner = inner.trim_end_matches('\n');
                // The fence must be longer than any run of colons that starts a line inside.
                let longest = inner.lines().map(|l| l.len() - l.trim_start_matches(':').len()).max().unwrap_or(0);
                let fence = ":".repeat(longest.max(2) + 1);
                let _ = write!(out, "{fence} {name}\n{inner}\n{fence}\n\n");
            }
        }
        // After the closing blocks (a parsed section has trailing blocks only after one).
        write_blocks(&mut out, &section.trailing);
    }
    // The footnotes at the end: `[^label]: ` and the first line, the rest indented.
    for note in &doc.footnotes {
        let mut inner = String::new();
        write_blocks(&mut inner, &note.blocks);
        let mut lines = inner.trim_end_matches('\n').lines();
        let _ = writeln!(out, "[^{}]: {}", note.label, lines.next().unwrap_or(""));
        for line in lines {
            if !line.is_empty() {
                out.push_str("    ");
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_blocks(out: &mut String, blocks: &[Block]) {
    // Two lists in a row would merge into one in Markdown unless their markers differ.
    let mut last_bullet = '*';
    for block in blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{}\n", inline_md(text, Context::Text));
            }
            Block::Table { header, rows, caption } => {
                if let Some(c) = caption {
                    let _ = writeln!(out, "Table: {}\n", escape(c, Context::Text));
                }
                write_row(out, header);
                out.push('|');
                for _ in header {
                    out.push_str("---|");
                }
                out.push('\n');
                for row in rows {
                    write_row(out, row);
                }
                out.push('\n');
            }
            Block::List { ordered, start, items } => {
                let bullet = if last_bullet == '-' { '*' } else { '-' };
                last_bullet = bullet;
                for (i, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}.", *start as usize + i) } else { bullet.to_string() };
                    let task = match item.task {
                        Some(true) => " [x]",
                        Some(false) => " [ ]",
                        None => "",
                    };
                    let _ = writeln!(out, "{marker}{task} {}", inline_md(&item.text, Context::Text));
                }
                out.push('\n');
            }
            Block::Code { lang, text } => {
                let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
                let _ = writeln!(out, "{fence}{}\n{text}\n{fence}\n", lang.as_deref().unwrap_or(""));
            }
            Block::Html { html } => {
                let _ = writeln!(out, "{html}\n");
            }
            Block::Quote { alert, blocks } => {
                let mut inner = String::new();
                if let Some(alert) = alert {
                    let _ = writeln!(inner, "[!{}]", alert.as_str().to_ascii_uppercase());
                }
                write_blocks(&mut inner, blocks);
                for line in inner.trim_end_matches('\n').lines() {
                    if line.is_empty() {
                        out.push_str(">\n");
                    } else {
                        let _ = writeln!(out, "> {line}");
                    }
                }
                out.push('\n');
            }
        }
    }
}

fn write_row(out: &mut String, cells: &[RichText]) {
    out.push('|');
    for cell in cells {
        let text = inline_md(cell, Context::Cell);
        if text.is_empty() {
            out.push_str(" |");
        } else {
            let _ = write!(out, " {text} |");
        }
    }
    out.push('\n');
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Text,
    Cell,
    Heading,
}

fn heading_md(text: &str) -> String {
    escape(text, Context::Heading)
}

fn inline_md(text: &RichText, ctx: Context) -> String {
    let mut out = String::new();
    write_inlines(&mut out, &text.0, ctx);
    if ctx == Context::Text || ctx == Context::Cell {
        out = escape_line_start(&out);
    }
    out
}

fn write_inlines(out: &mut String, inlines: &[Inline], ctx: Context) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t, ctx)),
            Inline::Code(c) => {
                let ticks = "`".repeat(longest_run(c, '`') + 1);
                let pad = if c.starts_with('`') || c.ends_with('`') || c.starts_with(' ') { " " } else { "" };
                let _ = write!(out, "{ticks}{pad}{c}{pad}{ticks}");
            }
            Inline::Emph(c) => {
                out.push('*');
                write_inlines(out, c, ctx);
                out.push('*');
            }
            Inline::Strong(c) => {
                out.push_str("**");
                write_inlines(out, c, ctx);
                out.push_str("**");
            }
            Inline::Strike(c) => {
                out.push_str("~~");
                write_inlines(out, c, ctx);
                out.push_str("~~");
            }
            Inline::Link { url, content, .. } => {
                out.push('[');
                write_inlines(out, content, ctx);
                let _ = write!(out, "](<{}>)", destination(url));
            }
            Inline::Image { src, alt, .. } => {
                let _ = write!(out, "![{}](<{}>)", escape(alt, ctx), destination(src));
            }
            Inline::LineBreak => out.push_str("\\\n"),
            Inline::Html(h) => out.push_str(h),
            Inline::NoteRef { label, .. } => {
                let _ = write!(out, "[^{label}]");
            }
        }
    }
}

/// A link destination in `<…>`, which holds any character but the brackets and line ends.
fn destination(url: &str) -> String {
    url.replace('>', "%3E").replace('<', "%3C").replace('\n', "%0A")
}

/// Backslash-escapes every ASCII character that could start Markdown markup here.
fn escape(text: &str, ctx: Context) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        // `:` keeps `http://…` from becoming a link, and so does `.` after `www` for
        // `www.…` (plain text in guidance text stays plain text).
        let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#' | ':' | '!')
            || (ctx == Context::Heading && c == '{')
            || (c == '.' && out.get(out.len().saturating_sub(3)..).is_some_and(|t| t.eq_ignore_ascii_case("www")));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph or item must not begin like a block construct (`- `, `1. `, `+`, `=`).
fn escape_line_start(text: &str) -> String {
    let first = text.chars().next();
    match first {
        Some('-' | '+' | '=') => format!("\\{text}"),
        Some(c) if c.is_ascii_digit() => {
            let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
            match text[digits.len()..].chars().next() {
                Some('.' | ')') => format!("{digits}\\{}", &text[digits.len()..]),
                _ => text.to_owned(),
            }
        }
        _ => text.to_owned(),
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}
