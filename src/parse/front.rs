//! Where a Markdown guide's `+++` front matter lies. The parser and `tebiki stamp` both
//! read it here, so that stamp writes into the very block the parser reads, never beside
//! it.
//!
//! A front matter opens on the file's first line (after a byte order mark) with `+++`
//! and closes at the next line that is `+++`; either line may carry trailing spaces, and
//! lines may end in LF, CRLF or CR alone. A file that opens with `---` and closes with
//! `---` around `key: value` lines is a YAML front matter (Hugo's and Jekyll's habit),
//! which is not read: [`yaml`] finds it so that the parser can say so.

/// A text cut at its front matter; the parts, joined in order, are the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'t> {
    /// A byte order mark, or nothing.
    pub bom: &'t str,
    /// The opening `+++` line with its line end.
    pub open: &'t str,
    /// The TOML between the delimiter lines.
    pub front: &'t str,
    /// The closing `+++` line with its line end (none at the end of the text).
    pub close: &'t str,
    /// Everything after the closing line.
    pub body: &'t str,
}

impl Split<'_> {
    /// The number of lines the front matter takes, both delimiters included.
    pub fn lines(&self) -> usize {
        2 + lines(self.front).count()
    }

    /// The line end the file uses on its opening line (`\n` when it has none).
    pub fn line_end(&self) -> &str {
        let content = self.open.trim_end_matches(['\r', '\n']);
        match &self.open[content.len()..] {
            "" => "\n",
            end => end,
        }
    }
}

/// The text's lines, each with its line end (`\n`, `\r\n` or a lone `\r`).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.find(['\r', '\n']) {
            None => rest.len(),
            Some(i) if rest[i..].starts_with("\r\n") => i + 2,
            Some(i) => i + 1,
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

fn is_delimiter(line: &str, mark: &str) -> bool {
    line.trim_end() == mark
}

/// The text cut at its `+++` front matter, or `None` when it has none (no `+++` first
/// line, or no closing line).
pub fn split(text: &str) -> Option<Split<'_>> {
    let bom = if text.starts_with('\u{FEFF}') { &text[..3] } else { "" };
    let after_bom = &text[bom.len()..];
    let mut it = lines(after_bom);
    let open = it.next().filter(|l| is_delimiter(l, "+++"))?;
    let mut offset = open.len();
    for line in it {
        if is_delimiter(line, "+++") {
            let front = &after_bom[open.len()..offset];
            let body = &after_bom[offset + line.len()..];
            return Some(Split { bom, open, front, close: line, body });
        }
        offset += line.len();
    }
    None
}

/// Whether the text opens with a `+++` line that no other `+++` line closes: a front
/// matter cut short, which would otherwise be read as Markdown.
pub fn unclosed(text: &str) -> bool {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    split(text).is_none() && lines(text).next().is_some_and(|l| is_delimiter(l, "+++"))
}

/// The line of the closing `---` when the text opens with a YAML front matter: a `---`
/// first line, then lines of `key: value` (or blank, or list items and comments) up to a
/// closing `---`, at least one of them a key.
pub fn yaml(text: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut it = lines(text);
    it.next().filter(|l| is_delimiter(l, "---"))?;
    let mut keys = 0;
    for (i, line) in it.enumerate() {
        let t = line.trim_end();
        if is_delimiter(t, "---") {
            return (keys > 0).then_some(i + 2);
        }
        let key = t
            .split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-'));
        if key {
            keys += 1;
        } else if !(t.is_empty() || t.starts_with(' ') || t.starts_with('-') || t.starts_with('#')) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_joins_back_into_the_text() {
        for text in [
            "+++\ntitle = \"a\"\n+++\n## b\n",
            "\u{FEFF}+++ \r\ntitle = \"a\"\r\n+++\t\r\n## b\r\n",
            "+++\rtitle = \"a\"\r+++\r## b\r",
            "+++\n+++\n## b",
            "+++\ntitle = \"a\"\n+++",
        ] {
            let s = split(text).unwrap_or_else(|| panic!("{text:?} has a front matter"));
            assert_eq!([s.bom, s.open, s.front, s.close, s.body].concat(), text);
            assert!(s.front.is_empty() || s.front.starts_with("title"), "{text:?}: {:?}", s.front);
        }
        let s = split("\u{FEFF}+++ \r\ntitle = \"a\"\r\n+++\r\nbody").unwrap();
        assert_eq!(
            (s.bom, s.front, s.body, s.lines(), s.line_end()),
            ("\u{FEFF}", "title = \"a\"\r\n", "body", 3, "\r\n")
        );
    }

    #[test]
    fn no_front_matter_without_both_delimiters_at_the_top() {
        assert_eq!(split("## a\n+++\nx\n+++\n"), None, "not on the first line");
        assert_eq!(split("+++\ntitle = \"a\"\n"), None, "never closed");
        assert_eq!(split("++++\n+++\n"), None);
    }

    #[test]
    fn yaml_front_matter_is_told_from_a_thematic_break() {
        assert_eq!(yaml("---\ntitle: x\ntags:\n  - a\n---\n## b\n"), Some(5));
        assert_eq!(yaml("\u{FEFF}---\r\ntitle: x\r\n---\r\n"), Some(3));
        assert_eq!(yaml("---\n\n## a\n---\n"), None, "a thematic break, then Markdown");
        assert_eq!(yaml("---\n---\n"), None, "no key");
        assert_eq!(yaml("## a\n---\ntitle: x\n---\n"), None);
    }

    #[test]
    fn lines_end_in_lf_crlf_or_cr() {
        assert_eq!(lines("a\nb\r\nc\rd").collect::<Vec<_>>(), ["a\n", "b\r\n", "c\r", "d"]);
        assert_eq!(lines("").count(), 0);
    }
}
