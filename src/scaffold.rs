//! `tebiki init` and `tebiki new`: start a site, add a guide. Never overwrites a file.
//!
//! The scaffold's files live in `src/scaffold/` and are compiled in. `init` writes a
//! config, one sample guide per language (the Japanese one in guidance text, its English
//! translation in Markdown, stamped against it), and a short guide for authors.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};
use crate::load::is_valid_slug;
use crate::project::{Project, ProjectError};
use crate::stamp::{self, StampError};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} is not empty; `tebiki init` only starts a site in a new or empty folder", path.display())]
    NotEmpty { path: PathBuf },
    #[error("`{lang}` is not one of this site's languages ({})", languages.join(", "))]
    UnknownLanguage { lang: String, languages: Vec<String> },
    #[error(
        "`{slug}` is not a usable page name: use lowercase letters, digits, `-` and `_`, not starting with `-`, and `/` between folders (for example `backup-restore` or `ops/backup`)"
    )]
    BadSlug { slug: String },
    #[error("{why}: choose another name")]
    Reserved { why: String },
    #[error("{} already exists", path.display())]
    Exists { path: PathBuf },
    #[error("stamping the sample translation")]
    Stamp(#[source] StampError),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Fs(#[from] FsError),
}

impl ToDiagnostic for ScaffoldError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            ScaffoldError::NotEmpty { path } | ScaffoldError::Exists { path } => {
                Diagnostic::of_chain(Code::Usage, self).in_file(path)
            }
            ScaffoldError::Stamp(e) => e.diagnostic(),
            ScaffoldError::Project(e) => e.diagnostic(),
            ScaffoldError::Fs(e) => e.diagnostic(),
            other => Diagnostic::of_chain(Code::Usage, other),
        }
    }
}

/// Files of a new site: (path below the site root, contents).
const INIT_FILES: &[(&str, &str)] = &[
    ("tebiki.toml", include_str!("scaffold/tebiki.toml")),
    ("content/ja/getting-started.txt", include_str!("scaffold/getting-started.txt")),
    ("content/en/getting-started.md", include_str!("scaffold/getting-started.md")),
    ("AUTHORING.md", include_str!("scaffold/AUTHORING.md")),
    (".gitignore", "/public\n/.public.tebiki-*\n/.tebiki\n"),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && !fsx::is_empty_dir(dir)? {
        return Err(ScaffoldError::NotEmpty { path: dir.to_owned() });
    }
    let mut written = Vec::new();
    for (rel, contents) in INIT_FILES {
        let path = dir.join(rel);
        fsx::write(&path, contents.as_bytes())?;
        written.push(path);
    }
    // Record the English sample as an up-to-date translation of the Japanese one.
    let project = Project::load(dir)?;
    stamp::stamp_files(&project, &[dir.join("content/en/getting-started.md")]).map_err(ScaffoldError::Stamp)?;
    Ok(written)
}

/// Adds `content/<lang>/<slug>.md` from a template. For a language other than the source
/// language, when the source guide exists, the new file is a translation skeleton: the
/// source's structure and text, with the front matter that links it to its source.
pub fn new_guide(project: &Project, slug: &str, lang: Option<&str>) -> Result<PathBuf, ScaffoldError> {
    let config = project.config();
    let lang = lang.unwrap_or(config.default_language());
    if !config.languages.iter().any(|l| l == lang) {
        return Err(ScaffoldError::UnknownLanguage { lang: lang.to_owned(), languages: config.languages.clone() });
    }
    // Lowercase: a name that differs from another guide's only in case takes one of them
    // out of the site (some file systems ignore case).
    if let Err(why) = crate::load::check_slug(slug)
        && !why.contains("not a usable page name")
    {
        return Err(ScaffoldError::Reserved { why });
    }
    if !is_valid_slug(slug) || slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(ScaffoldError::BadSlug { slug: slug.to_owned() });
    }
    let dir = project.root.join("content").join(lang);
    for ext in crate::load::SOURCE_EXTENSIONS {
        let existing = dir.join(format!("{slug}.{ext}"));
        if existing.exists() {
            return Err(ScaffoldError::Exists { path: existing });
        }
    }
    let guides = project.site.lang(lang).map(|ls| ls.guides.as_slice()).unwrap_or_default();
    if let Some(g) = guides.iter().find(|g| g.slug.eq_ignore_ascii_case(slug)) {
        return Err(ScaffoldError::Exists { path: g.source_path.clone() });
    }
    let path = dir.join(format!("{slug}.md"));
    let text = match translation_skeleton(project, config, slug, lang) {
        Some(text) => text,
        None => {
            let template = if lang == "ja" {
                include_str!("scaffold/new-guide.md")
            } else {
                include_str!("scaffold/new-guide.en.md")
            };
            template.replace("TITLE", &title_from_slug(slug))
        }
    };
    fsx::write(&path, text.as_bytes())?;
    Ok(path)
}

fn translation_skeleton(project: &Project, config: &Config, slug: &str, lang: &str) -> Option<String> {
    let default = config.default_language();
    if lang == default {
        return None;
    }
    let source = project.site.guide(default, slug)?;
    let record = crate::model::TranslationOf {
        source_slug: Some(slug.to_owned()),
        source_lang: Some(default.to_owned()),
        source_hash: None,
        section_hashes: Default::default(),
    };
    let markdown = crate::parse::emit::to_markdown(&source.doc, Some(&record));
    Some(rebase_links(&markdown, &project.site, source, lang))
}

/// The Markdown of `source`'s translation skeleton with its relative links and images
/// made to lead where they led from the source: the new file lies in another folder
/// (`content/en/` for `content/ja/`). A link to a guide goes to its translation when
/// there is one, else to the guide itself; an image stays the source's. The emitter
/// writes every destination as `](<…>)`, which text never holds (it escapes `]`).
fn rebase_links(markdown: &str, site: &crate::link::Site, source: &crate::model::Guide, lang: &str) -> String {
    let from = source.source_path.parent().unwrap_or(Path::new(""));
    let to = Path::new("content").join(lang).join(&source.slug);
    let to = to.parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find("](<") {
        let (head, tail) = rest.split_at(start + 3);
        out.push_str(head);
        let Some(end) = tail.find(">)") else {
            rest = tail;
            break;
        };
        out.push_str(&rebase_one(&tail[..end], from, to, site, source, lang));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn rebase_one(
    url: &str,
    from: &Path,
    to: &Path,
    site: &crate::link::Site,
    source: &crate::model::Guide,
    lang: &str,
) -> String {
    let relative =
        !(url.is_empty() || url.starts_with(['#', '/']) || url.contains("://") || url.starts_with("mailto:"));
    if !relative {
        return url.to_owned();
    }
    let cut = url.find(['#', '?']).unwrap_or(url.len());
    let (path, fragment) = url.split_at(cut);
    let Some(target) = normalize(&from.join(path)) else { return url.to_owned() };
    let src_dir = Path::new("content").join(&source.lang);
    let translated = target.strip_prefix(&src_dir).ok().and_then(|rel| {
        let slug = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let is_guide = crate::parse::Format::of_path(rel).is_some();
        is_guide.then(|| site.guide(lang, &slug)).flatten().map(|g| g.source_path.clone())
    });
    let target = translated.unwrap_or(target);
    format!("{}{fragment}", relative_path(to, &target).to_string_lossy())
}

/// `path` with `.` and `..` taken out; `None` when it climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir if !out.pop() => return None,
            std::path::Component::ParentDir => {}
            std::path::Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    Some(out)
}

/// The path that leads from the folder `from` to `to` (both relative to one root).
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (a, b): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

fn title_from_slug(slug: &str) -> String {
    let last = slug.rsplit('/').next().unwrap_or(slug);
    let words: Vec<String> = last
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect();
    words.join(" ")
}
