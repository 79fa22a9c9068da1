//! Links of the rendered pages: the one resolver of relative links ([`resolve`]), and the
//! check that every internal link and resource of every page resolves to a file of the
//! site, and every `#fragment` to an id on the target page ([`output_findings`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::write::Output;

/// Ids and outgoing local references of one page.
struct PageRefs {
    ids: BTreeSet<String>,
    refs: Vec<String>,
}

fn scan_page(html: &[u8]) -> PageRefs {
    let mut ids = BTreeSet::new();
    let mut refs = Vec::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        if let html5gum::Token::StartTag(tag) = token {
            for (name, value) in &tag.attributes {
                let value = String::from_utf8_lossy(value).into_owned();
                match name.as_slice() {
                    b"id" => {
                        ids.insert(value);
                    }
                    b"name" if tag.name.as_slice() == b"a" => {
                        ids.insert(value);
                    }
                    // A base element names where the page's links start, not a link.
                    b"href" if tag.name.as_slice() == b"base" => {}
                    b"href" | b"src" => refs.push(value),
                    _ => {}
                }
            }
        }
    }
    PageRefs { ids, refs }
}

/// Whether `url` names a scheme (`https:`, `mailto:`, …): a link out of the site.
pub fn is_external(url: &str) -> bool {
    let scheme_end = url.find(':');
    let first_delim = url.find(['/', '?', '#']);
    matches!((scheme_end, first_delim), (Some(c), Some(d)) if c < d)
        || matches!((scheme_end, first_delim), (Some(_), None))
}

/// Resolves `href` relative to the page at `page` (a path like `ja/guide/index.html`),
/// giving the target file's path in the output, or `None` when it climbs above the root.
/// A link to a folder resolves to its `index.html`. The one resolver of the crate: the
/// tests check the output with it too.
pub fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/')
        || href.is_empty()
        || href == "."
        || href.ends_with("/.")
        || href == ".."
        || href.ends_with("/..")
    {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Where a page came from: the source file that produced it, and the line at which it
/// writes a link or image as the page has it (`None` when it does not).
pub struct PageSource<'s> {
    pub file: String,
    /// The line of each link and image the source writes, by destination as written.
    pub lines: &'s BTreeMap<String, usize>,
}

/// Broken links and anchors in the rendered pages. `source_of` maps a page path to the
/// source that produced it, so a finding names the file (and line) to fix when there is
/// one. A file missing for several pages is reported once, for the first page that
/// has a source (a guide's link is on its page and in the handbook volume that holds it).
pub fn output_findings<'s>(output: &Output, source_of: &dyn Fn(&str) -> Option<PageSource<'s>>) -> Vec<Diagnostic> {
    let pages: BTreeMap<&str, PageRefs> = output
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p.as_str(), scan_page(bytes)))
        .collect();
    let sourced: Vec<(&str, &PageRefs, Option<PageSource<'s>>)> = {
        let (mut with, mut without): (Vec<_>, Vec<_>) =
            pages.iter().map(|(p, r)| (*p, r, source_of(p))).partition(|(_, _, s)| s.is_some());
        with.append(&mut without);
        with
    };
    let mut missing: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for (page, refs, source) in sourced {
        let file = source.as_ref().map_or_else(|| page.to_string(), |s| s.file.clone());
        let at = |d: Diagnostic, href: &str| match source.as_ref().and_then(|s| s.lines.get(href).copied()) {
            Some(line) => d.at_line(line),
            None => d,
        };
        for href in &refs.refs {
            if href.is_empty() || is_external(href) || href.starts_with("//") {
                continue;
            }
            let (path_part, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            if path_part.starts_with('/') {
                let why = "absolute path; links must be relative so the site works from any folder";
                out.push(at(broken(&file, page, href, why), href));
                continue;
            }
            let target = if path_part.is_empty() { Some(page.to_string()) } else { resolve(page, path_part) };
            let Some(mut target) = target else {
                out.push(at(broken(&file, page, href, "points above the site's root"), href));
                continue;
            };
            if !output.files.contains_key(&target) && output.files.contains_key(&format!("{target}/index.html")) {
                target = format!("{target}/index.html");
            }
            if !output.files.contains_key(&target) {
                if missing.insert(target) || source.is_some() {
                    out.push(at(broken(&file, page, href, "no such file in the site"), href));
                }
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = pages.get(target.as_str()).map(|p| &p.ids);
                if ids.is_some_and(|ids| !ids.contains(fragment)) {
                    let message = format!("{page}: `{href}`: {target} has no element with id `{fragment}`");
                    out.push(at(Diagnostic::error(Code::BrokenAnchor, message).in_file(&file), href));
                }
            }
        }
    }
    out
}

fn broken(file: &str, page: &str, href: &str, why: &str) -> Diagnostic {
    Diagnostic::error(Code::BrokenLink, format!("{page}: `{href}`: {why}")).in_file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(pages: &[(&str, &str)]) -> Output {
        let mut o = Output::default();
        for (p, html) in pages {
            o.add(*p, html.as_bytes().to_vec());
        }
        o
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let o = output(&[
            (
                "index.html",
                r#"<base href="/"><a href="ja/">ja</a><a href="ja/g/#s2">ok</a><a href="https://x.org/">ext</a>"#,
            ),
            ("ja/index.html", r#"<a href="g/">g</a><a href="g/#s9">bad anchor</a><a href="nope/">missing</a>"#),
            (
                "ja/g/index.html",
                r##"<section id="s2"></section><a href="#s2">self</a><a href="../../../up">up</a><img src="/abs.png">"##,
            ),
        ]);
        let found: Vec<String> = output_findings(&o, &|_| None).iter().map(|f| f.to_string()).collect();
        assert_eq!(
            found,
            [
                "ja/g/index.html: error[broken-link]: ja/g/index.html: `../../../up`: points above the site's root",
                "ja/g/index.html: error[broken-link]: ja/g/index.html: `/abs.png`: absolute path; links must be relative so the site works from any folder",
                "ja/index.html: error[broken-anchor]: ja/index.html: `g/#s9`: ja/g/index.html has no element with id `s9`",
                "ja/index.html: error[broken-link]: ja/index.html: `nope/`: no such file in the site",
            ]
        );
    }

    #[test]
    fn resolves_relative_links_to_files() {
        assert_eq!(resolve("ja/g/index.html", "../h/").as_deref(), Some("ja/h/index.html"));
        assert_eq!(resolve("ja/g/index.html", "../../index.html").as_deref(), Some("index.html"));
        assert_eq!(resolve("ja/g/index.html", "..").as_deref(), Some("ja/index.html"));
        assert_eq!(resolve("index.html", "ja/").as_deref(), Some("ja/index.html"));
        assert_eq!(resolve("ja/index.html", "../../x"), None);
    }
}
