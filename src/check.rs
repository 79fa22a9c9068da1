//! `tebiki check`: everything that can be wrong with a site, as findings for people and CI.
//!
//! 1. Content: import diagnostics (errors and warnings with file:line), translations that
//!    are misaligned with their source or stale, translations never stamped.
//! 2. Theme: UI strings present in one language and missing in another.
//! 3. Output: every internal link and resource of every rendered page resolves to a file of
//!    the site, and every `#fragment` to an id on the target page.
//!
//! The JSON form is documented in `docs/check-json.md` and stable (`"version": 1`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::FileDiagnostic;
use crate::link::Site;
use crate::model::Severity;
use crate::translation::Staleness;
use crate::write::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

/// One thing wrong with the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The file to fix: a source file, a theme file, or a page of the output.
    pub file: String,
    pub line: Option<usize>,
    pub level: Level,
    /// A stable machine name: `import`, `misaligned`, `stale`, `unstamped`,
    /// `missing-ui-string`, `broken-link`, `broken-anchor`.
    pub kind: &'static str,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {level}[{}]: {}", self.file, self.kind, self.message),
            None => write!(f, "{}: {level}[{}]: {}", self.file, self.kind, self.message),
        }
    }
}

/// Findings about content: import diagnostics and translations.
pub fn content_findings(site: &Site, diagnostics: &[FileDiagnostic]) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in diagnostics {
        let level = match d.diagnostic.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => continue,
        };
        out.push(Finding {
            file: d.path.display().to_string(),
            line: Some(d.diagnostic.line),
            level,
            kind: "import",
            message: d.diagnostic.message.clone(),
        });
    }
    for guide in site.languages.iter().flat_map(|l| l.guides.iter()) {
        let links = site.links(guide);
        let Some((src_lang, src_slug)) = &links.source else { continue };
        let file = guide.source_path.display().to_string();
        let source_file =
            site.guide(src_lang, src_slug).map(|g| g.source_path.display().to_string()).unwrap_or_default();
        for m in &links.misalignment {
            out.push(Finding {
                file: file.clone(),
                line: None,
                level: Level::Error,
                kind: "misaligned",
                message: format!("{}: {} (source {source_file})", m.at, m.message),
            });
        }
        match &links.staleness {
            Some(Staleness::Stale { sections }) => {
                let which = if sections.is_empty() {
                    String::new()
                } else {
                    format!(" (changed sections: {})", sections.join(", "))
                };
                out.push(Finding {
                    file: file.clone(),
                    line: None,
                    level: Level::Error,
                    kind: "stale",
                    message: format!(
                        "{source_file} changed since this translation was made{which}; update it, then run `tebiki stamp {file}`"
                    ),
                });
            }
            Some(Staleness::Unknown) => out.push(Finding {
                file,
                line: None,
                level: Level::Warning,
                kind: "unstamped",
                message: format!("no source hash recorded; run `tebiki stamp` on it once it matches {source_file}"),
            }),
            _ => {}
        }
    }
    out
}

/// Keys present in one language's UI strings and missing in another's.
/// `strings` maps a language to (the file the strings came from, its flattened keys).
pub fn ui_string_findings(strings: &BTreeMap<String, (String, BTreeSet<String>)>) -> Vec<Finding> {
    let all: BTreeSet<&String> = strings.values().flat_map(|(_, keys)| keys.iter()).collect();
    let mut out = Vec::new();
    for (lang, (file, keys)) in strings {
        for key in all.iter().filter(|k| !keys.contains(**k)) {
            let has: Vec<&str> =
                strings.iter().filter(|(_, (_, k))| k.contains(*key)).map(|(l, _)| l.as_str()).collect();
            out.push(Finding {
                file: file.clone(),
                line: None,
                level: Level::Error,
                kind: "missing-ui-string",
                message: format!("`{key}` is missing for `{lang}` (present for {})", has.join(", ")),
            });
        }
    }
    out
}

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
                    b"href" | b"src" => refs.push(value),
                    _ => {}
                }
            }
        }
    }
    PageRefs { ids, refs }
}

fn is_external(url: &str) -> bool {
    let scheme_end = url.find(':');
    let first_delim = url.find(['/', '?', '#']);
    matches!((scheme_end, first_delim), (Some(c), Some(d)) if c < d)
        || matches!((scheme_end, first_delim), (Some(_), None))
}

/// Resolves `href` relative to the page at `page` (a path like `ja/guide/index.html`),
/// giving the target file's path in the output, or `None` when it climbs above the root.
fn resolve(page: &str, href: &str) -> Option<String> {
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

/// Broken links and anchors in the rendered pages. `source_of` maps a page path to the
/// source file that produced it, so a finding names the file to fix when there is one.
pub fn output_findings(output: &Output, source_of: &dyn Fn(&str) -> Option<String>) -> Vec<Finding> {
    let pages: BTreeMap<&str, PageRefs> = output
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p.as_str(), scan_page(bytes)))
        .collect();
    let mut out = Vec::new();
    for (page, refs) in &pages {
        let file = source_of(page).unwrap_or_else(|| page.to_string());
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
                out.push(broken(
                    &file,
                    page,
                    href,
                    "absolute path; links must be relative so the site works from any folder",
                ));
                continue;
            }
            let target = if path_part.is_empty() { Some(page.to_string()) } else { resolve(page, path_part) };
            let Some(mut target) = target else {
                out.push(broken(&file, page, href, "points above the site's root"));
                continue;
            };
            if !output.files.contains_key(&target) && output.files.contains_key(&format!("{target}/index.html")) {
                target = format!("{target}/index.html");
            }
            if !output.files.contains_key(&target) {
                out.push(broken(&file, page, href, "no such file in the site"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = pages.get(target.as_str()).map(|p| &p.ids);
                if ids.is_some_and(|ids| !ids.contains(fragment)) {
                    out.push(Finding {
                        file: file.clone(),
                        line: None,
                        level: Level::Error,
                        kind: "broken-anchor",
                        message: format!("{page}: `{href}`: {target} has no element with id `{fragment}`"),
                    });
                }
            }
        }
    }
    out
}

fn broken(file: &str, page: &str, href: &str, why: &str) -> Finding {
    Finding {
        file: file.to_owned(),
        line: None,
        level: Level::Error,
        kind: "broken-link",
        message: format!("{page}: `{href}`: {why}"),
    }
}

/// The `--format json` document.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub errors: usize,
    pub warnings: usize,
    pub findings: &'a [Finding],
}

pub fn report(findings: &[Finding]) -> Report<'_> {
    Report {
        version: 1,
        errors: findings.iter().filter(|f| f.level == Level::Error).count(),
        warnings: findings.iter().filter(|f| f.level == Level::Warning).count(),
        findings,
    }
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
            ("index.html", r#"<a href="ja/">ja</a><a href="ja/g/#s2">ok</a><a href="https://x.org/">ext</a>"#),
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
    fn finds_missing_ui_strings() {
        let mut m = BTreeMap::new();
        m.insert("en".to_owned(), ("i18n/en.toml".to_owned(), BTreeSet::from(["a".to_owned(), "b".to_owned()])));
        m.insert("ja".to_owned(), ("i18n/ja.toml".to_owned(), BTreeSet::from(["a".to_owned(), "c".to_owned()])));
        let found: Vec<String> = ui_string_findings(&m).iter().map(|f| f.to_string()).collect();
        assert_eq!(
            found,
            [
                "i18n/en.toml: error[missing-ui-string]: `c` is missing for `en` (present for ja)",
                "i18n/ja.toml: error[missing-ui-string]: `b` is missing for `ja` (present for en)",
            ]
        );
    }
}
