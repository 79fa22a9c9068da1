//! Walks `content/<lang>/` and reads the guide sources: the only code that reads content.
//!
//! Files are returned in sorted order (language, then slug) so that every later stage
//! sees the same order on every machine, which keeps the output byte-identical.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};

/// Extensions of guide sources.
pub const SOURCE_EXTENSIONS: &[&str] = &["txt", "md"];

/// One source file, read but not yet decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub lang: String,
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub rel_path: PathBuf,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Io(#[from] FsError),
    #[error("{}: cannot list folder: {source}", path.display())]
    Walk { path: PathBuf, source: walkdir::Error },
    #[error("{}: `{slug}` is not a usable page name (use letters, digits, `-`, `_`, `/`)", path.display())]
    BadSlug { path: PathBuf, slug: String },
    #[error("{} and {} are the same guide `{lang}/{slug}`; keep one", first.display(), second.display())]
    Duplicate { lang: String, slug: String, first: PathBuf, second: PathBuf },
}

impl ToDiagnostic for LoadError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            LoadError::Io(e) => e.diagnostic(),
            LoadError::Walk { path, .. } | LoadError::BadSlug { path, .. } => {
                Diagnostic::of_chain(Code::Content, self).in_file(path)
            }
            LoadError::Duplicate { second, .. } => Diagnostic::of_chain(Code::Content, self).in_file(second),
        }
    }
}

/// Reads every guide source under `root/content/<lang>/` for the given languages.
/// Languages without a folder are simply empty.
pub fn load_content(root: &Path, languages: &[String]) -> Result<Vec<SourceFile>, LoadError> {
    let mut files = Vec::new();
    for lang in languages {
        let dir = root.join("content").join(lang);
        if !dir.is_dir() {
            continue;
        }
        let mut here: Vec<SourceFile> = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|source| LoadError::Walk { path: dir.clone(), source })?;
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !entry.file_type().is_file() || !SOURCE_EXTENSIONS.contains(&ext) || is_hidden(path, &dir) {
                continue;
            }
            let rel_path = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let slug = slug_of(path, &dir);
            if !is_valid_slug(&slug) {
                return Err(LoadError::BadSlug { path: rel_path, slug });
            }
            if let Some(prev) = here.iter().find(|f| f.slug == slug) {
                return Err(LoadError::Duplicate {
                    lang: lang.clone(),
                    slug,
                    first: prev.rel_path.clone(),
                    second: rel_path,
                });
            }
            let bytes = fsx::read(path)?;
            here.push(SourceFile { lang: lang.clone(), slug, rel_path, path: path.to_path_buf(), bytes });
        }
        here.sort_by(|a, b| a.slug.cmp(&b.slug));
        files.extend(here);
    }
    Ok(files)
}

fn is_hidden(path: &Path, base: &Path) -> bool {
    path.strip_prefix(base)
        .map(|p| p.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
        .unwrap_or(false)
}

fn slug_of(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path).with_extension("");
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Slugs become folder names and URL paths, so they stay within a safe alphabet, and
/// never collide with the site's own pages and their folders (`search`, `print/2`, …).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !RESERVED_SLUGS.contains(&slug.split('/').next().unwrap_or(slug))
        && slug.split('/').all(|part| {
            !part.is_empty()
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !part.starts_with('-')
        })
}

/// Page names the site uses itself under `<lang>/`.
pub const RESERVED_SLUGS: &[&str] = &["search", "print", "briefing", "checklists", "assets", "index"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        assert!(is_valid_slug("p2p-trouble-disclosure"));
        assert!(is_valid_slug("ops/backup_2"));
        assert!(!is_valid_slug("search"));
        assert!(!is_valid_slug("print/2"), "a handbook volume's folder");
        assert!(!is_valid_slug("日本語"));
        assert!(!is_valid_slug("a//b"));
        assert!(!is_valid_slug("a b"));
    }
}
