//! How deep a Markdown guide may nest: quotes, lists, `:::` containers and inline markup
//! inside each other, at most [`MAX_NESTING`] levels.
//!
//! Deep nesting is of no use to a reader and costs the parsers dearly: comrak checks
//! every open container on every line, so ten thousand unclosed `:::` lines take time
//! quadratic in their number; and the walk that reads comrak's tree into the model, like
//! the writers after it, goes one call deeper per level. So the limit is checked twice,
//! each time in linear time and without recursion:
//!
//! 1. [`before_parsing`], on the text before comrak sees it: the `:::` containers open
//!    at each line (as comrak counts them, erring towards more), plus the quote and list
//!    markers that open on the line itself.
//! 2. [`in_tree`], on comrak's tree: its depth, which also counts inline markup
//!    (emphasis in a link in an image …) and lists nested by indentation.
//!
//! Either gives the line where the limit is passed; the guide is then left out with an
//! error there.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};

/// The deepest nesting a guide may have, counting every container and inline element
/// (a bullet in a quote in a `:::` container is three).
pub const MAX_NESTING: usize = 64;

/// The message of a guide that nests too deep.
pub fn message() -> String {
    format!(
        "nesting deeper than {MAX_NESTING} levels (quotes, lists, `:::` containers or inline markup inside each \
         other); the guide is left out"
    )
}

/// The first line (1-based) at which the text nests deeper than [`MAX_NESTING`], read
/// line by line before parsing.
///
/// `:::` containers are followed as comrak reads them: a line of three or more colons
/// and an optional name opens one; a line of colons alone closes the outermost open one
/// whose fence is not longer, with everything inside it. Code blocks are not followed:
/// a `:::` line in one counts as well, which can only make the count higher.
pub fn before_parsing(text: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (i, line) in lines(text).enumerate() {
        let (markers, rest) = container_markers(line);
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let rest = rest.trim_start_matches([' ', '\t']);
        if let Some(fence) = colon_fence(rest) {
            let closes = rest[fence..].trim_matches([' ', '\t']).is_empty() && indent <= 3;
            match open.iter().position(|&f| f <= fence).filter(|_| closes) {
                Some(outermost) => open.truncate(outermost),
                None => open.push(fence),
            }
        }
        if open.len() + markers > MAX_NESTING {
            return Some(i + 1);
        }
    }
    None
}

/// The line of the first node of the tree that is deeper than [`MAX_NESTING`]. A list
/// and its item are one level, as a reader counts them (and as [`before_parsing`] counts a
/// list marker).
pub fn in_tree<'a>(root: &'a AstNode<'a>) -> Option<usize> {
    let level =
        |node: &'a AstNode<'a>| usize::from(!matches!(node.data().value, NodeValue::Item(_) | NodeValue::TaskItem(_)));
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                depth += level(node);
                // The document itself is not a level.
                if depth > MAX_NESTING + 1 {
                    return Some(node.data().sourcepos.start.line.max(1));
                }
            }
            NodeEdge::End(node) => depth -= level(node),
        }
    }
    None
}

/// Lines as comrak splits them: at `\n`, `\r\n` or a lone `\r`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let skip = if rest[end..].starts_with("\r\n") { 2 } else { usize::from(end < rest.len()) };
        rest = &rest[end + skip..];
        Some(line)
    })
}

/// How many quote (`>`) and list (`-`, `*`, `+`, `1.`, `1)`) markers open the line, and
/// what follows them. A thematic break (`- - -`) opens nothing.
fn container_markers(line: &str) -> (usize, &str) {
    let trimmed = line.trim();
    let is_break = trimmed.len() >= 3
        && ['-', '*', '_'].iter().any(|&c| trimmed.chars().all(|x| x == c || x == ' ' || x == '\t'))
        && trimmed.chars().filter(|c| !c.is_whitespace()).count() >= 3;
    if is_break {
        return (0, line);
    }
    let mut count = 0;
    let mut rest = line;
    loop {
        let body = rest.trim_start_matches([' ', '\t']);
        let bytes = body.as_bytes();
        let after = match bytes.first() {
            Some(b'>') => 1,
            Some(b'-' | b'*' | b'+') if matches!(bytes.get(1), Some(b' ' | b'\t')) => 2,
            Some(b'0'..=b'9') => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                let delimited = digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')'));
                if delimited && matches!(bytes.get(digits + 1), Some(b' ' | b'\t')) { digits + 2 } else { 0 }
            }
            _ => 0,
        };
        if after == 0 {
            return (count, rest);
        }
        count += 1;
        rest = &body[after..];
    }
}

/// The length of a `:::` fence that opens `line` (three or more colons, then a name
/// without colons, or nothing), as comrak's scanner reads it.
fn colon_fence(line: &str) -> Option<usize> {
    let colons = line.bytes().take_while(|&b| b == b':').count();
    (colons >= 3 && !line[colons..].contains(':')).then_some(colons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize, line: &str) -> String {
        (0..n).map(|_| format!("{line}\n")).collect()
    }

    #[test]
    fn counts_open_containers_line_by_line() {
        assert_eq!(before_parsing(&nested(MAX_NESTING, "::: d")), None);
        assert_eq!(before_parsing(&nested(MAX_NESTING + 1, "::: d")), Some(MAX_NESTING + 1));
        // Closed ones do not add up.
        assert_eq!(before_parsing(&nested(10_000, "::: consensus\ntext\n:::")), None);
        // A closing line closes the outermost container its fence reaches, and all in it.
        let text = format!("::: a\n{}:::\n{}", nested(60, "::::: b"), nested(60, "::: c"));
        assert_eq!(before_parsing(&text), None);
        // A shorter fence inside a longer one opens another.
        let text = (3..70).rev().map(|n| ":".repeat(n) + "\n").collect::<String>();
        assert!(before_parsing(&text).is_some(), "{text}");
        // Markers on one line, and lines split at a lone carriage return.
        assert_eq!(before_parsing(&format!("ok\n{}x", "> ".repeat(MAX_NESTING + 1))), Some(2));
        assert_eq!(before_parsing(&format!("ok\n{}x", "- ".repeat(MAX_NESTING + 1))), Some(2));
        assert_eq!(before_parsing(&format!("ok\n{}x", "1. ".repeat(MAX_NESTING + 1))), Some(2));
        assert_eq!(before_parsing(&nested(MAX_NESTING + 1, "::: d").replace('\n', "\r")), Some(MAX_NESTING + 1));
        assert_eq!(before_parsing(&"- ".repeat(200)), None, "a thematic break");
        assert_eq!(before_parsing(&format!("a\r\n{}", "> ".repeat(100))), Some(2));
    }
}
