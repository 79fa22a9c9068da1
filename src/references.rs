//! References from a guide to other files of the site, read from the model without
//! touching the disk: links to other guides by their source file (`[see](other.md#s3)`,
//! `(../en/other.md)`) and the paths of images (`![alt](img/chart.png)`).
//!
//! Both are written relative to the guide's source file and must stay inside the site:
//!
//! 1. [`source_link`] tells a link to a guide source (a relative path ending in `.md` or
//!    `.txt`) from every other link;
//! 2. [`resolve_path`] turns such a path (percent-decoded) into a path from the site's
//!    root, lexically, refusing one that is absolute or climbs out of the site;
//! 3. [`resolve_links`] (run by the link stage) finds each link's guide and section, and
//!    says at file:line what does not resolve. Images are read by [`crate::media`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Guide, Inline};

/// Where a link to another guide leads: its page, and a section of it when the link names
/// one that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideTarget {
    pub lang: String,
    pub slug: String,
    /// A section or subsection id of the target (`s3`, `s3-1`).
    pub section: Option<String>,
}

/// The path and fragment of a link that names a guide source (`other.md#s3` →
/// `("other.md", Some("s3"))`), or `None` for any other link: one with a scheme, a
/// fragment alone, an absolute path, or a path that does not end in `.md` or `.txt`.
pub fn source_link(url: &str) -> Option<(&str, Option<&str>)> {
    if url.starts_with(['#', '/']) || crate::check::links::is_external(url) {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    (path.ends_with(".md") || path.ends_with(".txt")).then_some((path, fragment))
}

/// Why a path written in a guide names no file of the site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("is an absolute path; write it relative to the guide's source file")]
    Absolute,
    #[error("leaves the site's folder")]
    LeavesSite,
    #[error("is not a path (it names a scheme or holds an invalid escape)")]
    NotAPath,
}

/// The site-relative path that `written` names, relative to the source file `from` (a
/// path from the site's root, like `content/ja/a.md`). `%xx` escapes are decoded; `.`
/// and `..` are resolved lexically, and a path that climbs above the root is refused.
pub fn resolve_path(from: &Path, written: &str) -> Result<PathBuf, PathProblem> {
    if crate::check::links::is_external(written) || written.starts_with("//") {
        return Err(PathProblem::NotAPath);
    }
    if written.starts_with('/') {
        return Err(PathProblem::Absolute);
    }
    let decoded = percent_encoding::percent_decode_str(written).decode_utf8().map_err(|_| PathProblem::NotAPath)?;
    let mut parts: Vec<String> = Vec::new();
    for c in from.parent().unwrap_or(Path::new("")).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => return Err(PathProblem::LeavesSite),
            _ => {}
        }
    }
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(PathProblem::LeavesSite)?;
            }
            s => parts.push(s.to_owned()),
        }
    }
    Ok(parts.iter().collect())
}

/// What the link stage learns about one guide's links to other guides.
#[derive(Debug, Clone, Default)]
pub struct ResolvedLinks {
    /// Each link that leads to a guide: the url as written → where it leads.
    pub targets: BTreeMap<String, GuideTarget>,
    /// Links that lead nowhere, as errors at the link's line.
    pub problems: Vec<Diagnostic>,
    /// Links within the guide to a section it does not have (`#s9`): the pages show
    /// their text.
    pub dead: BTreeSet<String>,
}

/// Resolves the links of `guide` that name guide sources. `guides` maps each guide's
/// source path to the guide.
pub fn resolve_links(guide: &Guide, guides: &BTreeMap<&Path, &Guide>) -> ResolvedLinks {
    let mut out = ResolvedLinks::default();
    let mut seen = BTreeSet::new();
    guide.doc.for_each_inline(&mut |inline| {
        let Inline::Link { url, line, .. } = inline else { return };
        if let Some(id) = url.strip_prefix('#').filter(|id| is_section_id(id) && !has_section(guide, id)) {
            let message = format!("link `{url}`: this guide has no section `{id}`");
            out.problems.push(
                Diagnostic::error(Code::BrokenAnchor, message).in_file(&guide.source_path).at_line(line.0.max(1)),
            );
            out.dead.insert(url.clone());
            return;
        }
        let Some((path, fragment)) = source_link(url) else { return };
        let problem = |message: String| {
            Diagnostic::error(Code::BrokenLink, message).in_file(&guide.source_path).at_line(line.0.max(1))
        };
        let file = match resolve_path(&guide.source_path, path) {
            Ok(file) => file,
            Err(why) => {
                out.problems.push(problem(format!("link `{url}`: `{path}` {why}")));
                return;
            }
        };
        let Some(target) = guides.get(file.as_path()) else {
            out.problems.push(problem(format!("link `{url}`: no guide at {}", file.display())));
            return;
        };
        let section = fragment.filter(|id| {
            let known = has_section(target, id);
            if !known {
                let message = format!("link `{url}`: {} has no section `{id}`", file.display());
                out.problems.push(
                    Diagnostic::error(Code::BrokenAnchor, message).in_file(&guide.source_path).at_line(line.0.max(1)),
                );
            }
            known
        });
        if seen.insert(url.clone()) {
            let target = GuideTarget {
                lang: target.lang.clone(),
                slug: target.slug.clone(),
                section: section.map(str::to_owned),
            };
            out.targets.insert(url.clone(), target);
        }
    });
    out
}

/// Whether `id` has the form of a section or subsection id (`s3`, `s3-1`).
fn is_section_id(id: &str) -> bool {
    id.strip_prefix('s')
        .is_some_and(|n| n.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())))
}

fn has_section(guide: &Guide, id: &str) -> bool {
    guide.doc.sections.iter().any(|s| s.id == id || s.subsections.iter().any(|ss| ss.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_guide_links_from_others() {
        assert_eq!(source_link("other.md#s3"), Some(("other.md", Some("s3"))));
        assert_eq!(source_link("../en/other.txt"), Some(("../en/other.txt", None)));
        assert_eq!(source_link("other.md#"), Some(("other.md", None)));
        assert_eq!(source_link("https://example.org/a.md"), None);
        assert_eq!(source_link("#s3"), None);
        assert_eq!(source_link("/abs/a.md"), None);
        assert_eq!(source_link("../b/index.html"), None);
        assert_eq!(source_link("notes.mdx"), None);
    }

    #[test]
    fn resolves_paths_inside_the_site_only() {
        let from = Path::new("content/ja/ops/a.md");
        assert_eq!(resolve_path(from, "b.md"), Ok(PathBuf::from("content/ja/ops/b.md")));
        assert_eq!(resolve_path(from, "../../en/./c.txt"), Ok(PathBuf::from("content/en/c.txt")));
        assert_eq!(resolve_path(from, "img/a%20b.png"), Ok(PathBuf::from("content/ja/ops/img/a b.png")));
        assert_eq!(resolve_path(from, "../../../static/x.png"), Ok(PathBuf::from("static/x.png")));
        assert_eq!(resolve_path(from, "../../../../static/x.png"), Err(PathProblem::LeavesSite));
        assert_eq!(resolve_path(from, "../../../../../etc/passwd"), Err(PathProblem::LeavesSite));
        assert_eq!(resolve_path(from, "/etc/passwd"), Err(PathProblem::Absolute));
        assert_eq!(resolve_path(from, "https://example.org/x.png"), Err(PathProblem::NotAPath));
        assert_eq!(resolve_path(from, "data:image/png;base64,xx"), Err(PathProblem::NotAPath));
        assert_eq!(resolve_path(from, "//cdn.example.org/x.png"), Err(PathProblem::NotAPath));
    }
}
