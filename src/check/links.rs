//! Links of the rendered pages: the one resolver of relative links ([`resolve`]), and the
//! check that every internal link and resource of every page resolves to a file of the
//! site, and every `#fragment` to an id on the target page ([`output_findings`]).

use std::collections::{BTreeMap, BTreeSet};

use std::convert::Infallible;

use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter};

use crate::diagnostic::{Code, Diagnostic};
use crate::write::Output;

/// Ids and outgoing local references of one page.
pub struct PageRefs {
    ids: BTreeSet<String>,
    refs: Vec<String>,
}

/// The ids and local references of a page, read with html5gum's callback emitter: no
/// token is built, and character errors are not looked for (the check wants attributes,
/// not a validation).
fn scan_page(html: &[u8]) -> PageRefs {
    let mut page = PageRefs { ids: BTreeSet::new(), refs: Vec::new() };
    let emitter = Quiet(CallbackEmitter::new(Scan { page: &mut page, tag: Vec::new(), attributes: Vec::new() }));
    for _ in html5gum::Tokenizer::new_with_emitter(html, emitter) {}
    page
}

/// The start tag being read and its attributes (the first of a repeated name, as the
/// HTML standard says), recorded in `page` when the tag closes.
struct Scan<'p> {
    page: &'p mut PageRefs,
    tag: Vec<u8>,
    attributes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

impl Callback<Infallible, ()> for Scan<'_> {
    fn handle_event(&mut self, event: CallbackEvent<'_>, _: html5gum::Span<()>) -> Option<Infallible> {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend_from_slice(name);
                self.attributes.clear();
            }
            CallbackEvent::AttributeName { name } => {
                // A repeated name is ignored: its value goes nowhere (`None`).
                let first = !self.attributes.iter().any(|(n, v)| n == name && v.is_some());
                self.attributes.push((name.to_vec(), first.then(Vec::new)));
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some((_, Some(v))) = self.attributes.last_mut() {
                    v.extend_from_slice(value);
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                let mut attributes: Vec<(Vec<u8>, Vec<u8>)> =
                    self.attributes.drain(..).filter_map(|(n, v)| Some((n, v?))).collect();
                attributes.sort();
                for (name, value) in attributes {
                    let value = String::from_utf8_lossy(&value).into_owned();
                    match name.as_slice() {
                        b"id" => {
                            self.page.ids.insert(value);
                        }
                        b"name" if self.tag == b"a" => {
                            self.page.ids.insert(value);
                        }
                        // A base element names where the page's links start, not a link.
                        b"href" if self.tag == b"base" => {}
                        b"href" | b"src" => self.page.refs.push(value),
                        _ => {}
                    }
                }
            }
            CallbackEvent::EndTag { .. } => self.attributes.clear(),
            _ => {}
        }
        None
    }
}

/// An emitter that does not look for errors (the tokenizer then skips checking every
/// character), forwarding everything else.
struct Quiet<E>(E);

impl<E: Emitter<Token = Infallible>> ForwardingEmitter for Quiet<E> {
    type Token = Infallible;

    fn inner(&mut self) -> &mut impl Emitter<Token = Infallible> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
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

/// What the link check keeps of a site's files while they are rendered: every file's
/// path, and each page's ids and references, never its bytes. A page is scanned by the
/// thread that rendered it; the site is never held in memory whole.
#[derive(Default)]
pub struct Scanned {
    files: BTreeSet<String>,
    pages: BTreeMap<String, PageRefs>,
}

impl Scanned {
    /// What the check needs of one file: a page's ids and references (scanned here, so
    /// that callers on several threads scan outside any lock).
    pub fn scan(path: &str, bytes: &[u8]) -> Option<PageRefs> {
        path.ends_with(".html").then(|| scan_page(bytes))
    }

    /// Records a file of the site with what [`Scanned::scan`] found in it.
    pub fn insert(&mut self, path: String, page: Option<PageRefs>) {
        if let Some(page) = page {
            self.pages.insert(path.clone(), page);
        }
        self.files.insert(path);
    }

    /// Whether the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// A file that stands where another needs a folder (see
    /// [`crate::write::file_and_folder`]): such a site cannot be written.
    pub fn file_and_folder(&self) -> Option<crate::write::WriteError> {
        crate::write::file_and_folder(self.files.iter().map(String::as_str), |p| self.files.contains(p))
            .map(|(file, inside)| crate::write::WriteError::FileAndFolder { file, inside })
    }

    /// Every file of `output`, scanned.
    pub fn of(output: &Output) -> Scanned {
        let mut scanned = Scanned::default();
        for (path, bytes) in &output.files {
            scanned.insert(path.clone(), Scanned::scan(path, bytes));
        }
        scanned
    }
}

/// Broken links and anchors in the rendered pages. `source_of` maps a page path to the
/// source that produced it, so a finding names the file (and line) to fix when there is
/// one. A file missing for several pages is reported once, for the first page that
/// has a source (a guide's link is on its page and in the handbook volume that holds it).
pub fn output_findings<'s>(output: &Output, source_of: &dyn Fn(&str) -> Option<PageSource<'s>>) -> Vec<Diagnostic> {
    Scanned::of(output).findings(source_of)
}

impl Scanned {
    /// [`output_findings`] of the files scanned.
    pub fn findings<'s>(&self, source_of: &dyn Fn(&str) -> Option<PageSource<'s>>) -> Vec<Diagnostic> {
        let (files, pages) = (&self.files, &self.pages);
        let sourced: Vec<(&str, &PageRefs, Option<PageSource<'s>>)> = {
            let (mut with, mut without): (Vec<_>, Vec<_>) =
                pages.iter().map(|(p, r)| (p.as_str(), r, source_of(p))).partition(|(_, _, s)| s.is_some());
            with.append(&mut without);
            with
        };
        let mut missing: BTreeSet<String> = BTreeSet::new();
        // An absolute link is reported once, for the first page with a source (a guide's
        // link is in its handbook volume too).
        let mut absolute: BTreeSet<&str> = BTreeSet::new();
        // The fragments of broken anchors found on pages with a source: a guide's in-page
        // link is in its handbook volume too, as `#g<n>-<fragment>`, and is reported once.
        let mut broken_fragments: BTreeSet<&str> = BTreeSet::new();
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
                    if absolute.insert(href) || source.is_some() {
                        let why = "absolute path; links must be relative so the site works from any folder";
                        out.push(at(broken(&file, page, href, why), href));
                    }
                    continue;
                }
                let target = if path_part.is_empty() { Some(page.to_string()) } else { resolve(page, path_part) };
                let Some(mut target) = target else {
                    out.push(at(broken(&file, page, href, "points above the site's root"), href));
                    continue;
                };
                if !files.contains(&target) && files.contains(&format!("{target}/index.html")) {
                    target = format!("{target}/index.html");
                }
                if !files.contains(&target) {
                    if missing.insert(target) || source.is_some() {
                        out.push(at(broken(&file, page, href, "no such file in the site"), href));
                    }
                    continue;
                }
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    let ids = pages.get(target.as_str()).map(|p| &p.ids);
                    if ids.is_some_and(|ids| !ids.contains(fragment)) {
                        if source.is_some() {
                            broken_fragments.insert(fragment);
                        } else if handbook_fragment(fragment).is_some_and(|f| broken_fragments.contains(f)) {
                            continue;
                        }
                        let message = format!("{page}: `{href}`: {target} has no element with id `{fragment}`");
                        out.push(at(Diagnostic::error(Code::BrokenAnchor, message).in_file(&file), href));
                    }
                }
            }
        }
        out
    }
}

/// The fragment a guide's link had before its handbook volume prefixed it with the
/// guide's number (`g5-nope` → `nope`).
fn handbook_fragment(fragment: &str) -> Option<&str> {
    let rest = fragment.strip_prefix('g')?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then(|| rest[digits..].strip_prefix('-')).flatten()
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
    fn reports_an_absolute_link_once_for_the_page_that_has_a_source() {
        let o = output(&[
            ("ja/g/index.html", r#"<a href="/ja/x/">abs</a>"#),
            ("ja/print/index.html", r#"<a href="/ja/x/">abs</a>"#),
        ]);
        let lines = BTreeMap::from([("/ja/x/".to_owned(), 7)]);
        let source_of = |page: &str| {
            (page == "ja/g/index.html").then(|| PageSource { file: "content/ja/g.md".into(), lines: &lines })
        };
        let found: Vec<String> = output_findings(&o, &source_of).iter().map(|f| f.to_string()).collect();
        assert_eq!(
            found,
            [
                "content/ja/g.md:7: error[broken-link]: ja/g/index.html: `/ja/x/`: absolute path; links must be relative so the site works from any folder"
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
