//! Walks `content/` and reads the guide sources: the only code that reads content.
//!
//! Files are returned in sorted order (language, then slug) so that every later stage
//! sees the same order on every machine, which keeps the output byte-identical.
//!
//! Every file under `content/` is either read as a guide or named in a diagnostic that
//! says why it is left out; nothing about a file's name stops the build:
//!
//! - a guide is `content/<lang>/<slug>.txt` or `.md` (the extension in any case), for a
//!   language of the site, with a slug of letters, digits, `-`, `_` and `/` that is not
//!   a page of the site itself (`search`, `print`, …), no larger than the site's limit;
//! - names starting with `.` are hidden: hidden folders are not read, and a hidden file
//!   is reported only when it has a guide's extension (editors leave hidden files about);
//! - a symbolic link to a file is followed when the file is inside the site (the root,
//!   or the language folder, which may itself be a link); a link that leads out of the
//!   site is reported and not read, so a guide cannot publish a file from elsewhere on
//!   the machine. Links to folders are reported and not followed;
//! - anything that is not a regular file (a FIFO, say) is reported and never opened.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Severity, ToDiagnostic};
use crate::fsx::{self, FsError};

/// Extensions of guide sources (compared without regard to case).
pub const SOURCE_EXTENSIONS: &[&str] = &["txt", "md"];

/// One source file, read but not yet decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub lang: String,
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub rel_path: PathBuf,
    pub path: PathBuf,
    /// Its bytes; none when they were not read ([`SourceFile::unread`]).
    pub bytes: Vec<u8>,
    /// When its bytes were not read, because the load was given their hash
    /// ([`load_content_hashed`]): that hash. [`SourceFile::read`] reads them.
    pub unread: Option<[u8; 32]>,
}

/// BLAKE3 hashes of source files' bytes, taken before a load (a build hashes its inputs
/// first, `build::record`), by path as the load walks it (`ROOT/content/<lang>/…`).
pub type Hashes = std::collections::HashMap<PathBuf, [u8; 32]>;

impl SourceFile {
    /// The BLAKE3 hash of its bytes (the one given for them when they were not read).
    pub fn hash(&self) -> [u8; 32] {
        self.unread.unwrap_or_else(|| *blake3::hash(&self.bytes).as_bytes())
    }

    /// The file with its bytes: itself when they were read, else read now (they may
    /// differ from the hash given for them if the file changed since).
    pub fn read(&self) -> Result<std::borrow::Cow<'_, SourceFile>, FsError> {
        if self.unread.is_none() {
            return Ok(std::borrow::Cow::Borrowed(self));
        }
        let bytes = fsx::read(&self.path)?;
        Ok(std::borrow::Cow::Owned(SourceFile { bytes, unread: None, ..self.clone() }))
    }
}

/// What was read, and what was left out with the reason.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Io(#[from] FsError),
    #[error("{}: cannot list folder: {source}", path.display())]
    Walk { path: PathBuf, source: walkdir::Error },
}

impl ToDiagnostic for LoadError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            LoadError::Io(e) => e.diagnostic(),
            LoadError::Walk { path, .. } => Diagnostic::of_chain(Code::Content, self).in_file(path),
        }
    }
}

/// How much of a guide is read.
#[derive(Debug, Clone, Copy)]
pub struct LoadLimits {
    /// A source larger than this is reported and not read.
    pub max_guide_bytes: u64,
}

/// Reads every guide source under `root/content/<lang>/` for the given languages, and
/// reports every other file under `content/`. Languages without a folder are simply
/// empty; only a `content/` folder that cannot be listed is an error.
pub fn load_content(root: &Path, languages: &[String], limits: LoadLimits) -> Result<Loaded, LoadError> {
    load_content_hashed(root, languages, limits, &Hashes::new())
}

/// [`load_content`], but a guide source whose hash `hashes` has is not read: it comes
/// [unread](SourceFile::unread), with that hash, for a cache of parsed guides to find it
/// by (everything else about it is checked as for a file read: its name, its kind, its
/// size).
pub fn load_content_hashed(
    root: &Path,
    languages: &[String],
    limits: LoadLimits,
    hashes: &Hashes,
) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let content = root.join("content");
    let canonical_root = std::fs::canonicalize(root).ok();
    let mut walker = Walker { root, limits, canonical_root, hashes, loaded: &mut loaded };
    if content.is_dir() {
        walker.outside_languages(&content, languages)?;
    }
    for lang in languages {
        let dir = content.join(lang);
        if dir.is_dir() {
            walker.language(lang, &dir);
        }
    }
    Ok(loaded)
}

struct Walker<'a> {
    root: &'a Path,
    limits: LoadLimits,
    canonical_root: Option<PathBuf>,
    hashes: &'a Hashes,
    loaded: &'a mut Loaded,
}

impl Walker<'_> {
    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn report(&mut self, path: &Path, severity: Severity, message: impl Into<String>) {
        // A folder has no line to point at.
        let diagnostic = Diagnostic::new(severity, Code::Content, message).in_file(self.rel(path));
        let diagnostic = if path.is_dir() { diagnostic } else { diagnostic.at_line(1) };
        self.loaded.diagnostics.push(diagnostic);
    }

    /// Files and folders directly in `content/` that are not a language folder.
    fn outside_languages(&mut self, content: &Path, languages: &[String]) -> Result<(), LoadError> {
        let mut entries: Vec<_> = fsx::read_dir(content)?.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            if languages.contains(&name) {
                if !path.is_dir() {
                    let why = format!(
                        "a file where the folder of language `{name}` belongs; guides go in content/{name}/; no guide of `{name}` is read"
                    );
                    self.report(&path, Severity::Warning, why);
                }
                continue;
            }
            if name.starts_with('.') {
                continue;
            }
            let langs = languages.join(", ");
            if path.is_dir() {
                let why = if crate::config::KNOWN_LANGUAGES.contains(&name.as_str()) {
                    format!(
                        "`{name}` is not in `languages` of tebiki.toml (languages: {langs}); its files are left out"
                    )
                } else {
                    format!("`{name}` is not a language of this site (languages: {langs}); its files are left out")
                };
                self.report(&path, Severity::Warning, why);
            } else {
                self.report(
                    &path,
                    Severity::Warning,
                    format!("not in a language folder; guides go in content/<lang>/ (languages: {langs}); left out"),
                );
            }
        }
        Ok(())
    }

    /// Every file below one language folder.
    fn language(&mut self, lang: &str, dir: &Path) {
        let canonical_dir = std::fs::canonicalize(dir).ok();
        let mut here: Vec<SourceFile> = Vec::new();
        let mut walk = walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name().into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    self.report(&path, Severity::Error, format!("cannot read: {why}; left out"));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            let kind = entry.file_type();
            if name.starts_with('.') {
                if kind.is_dir() {
                    walk.skip_current_dir();
                } else if has_source_extension(path) {
                    self.report(path, Severity::Warning, "hidden file (its name starts with `.`); left out");
                }
                continue;
            }
            if kind.is_dir() {
                continue;
            }
            if !has_source_extension(path) {
                if crate::media::is_image_name(path) {
                    // An image beside the guides that show it: not a guide, nothing to say.
                } else if kind.is_symlink() && path.is_dir() {
                    self.report(path, Severity::Warning, "a link to a folder is not followed; left out");
                } else {
                    self.report(path, Severity::Info, "not a guide source (.txt or .md); left out");
                }
                continue;
            }
            if kind.is_symlink() && !self.link_is_inside(path, canonical_dir.as_deref()) {
                continue;
            }
            if let Some(file) = self.source(lang, dir, path, &mut here) {
                here.push(file);
            }
        }
        here.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.loaded.files.extend(here);
    }

    /// Whether the link at `path` leads to a file inside the site; reports it if not.
    fn link_is_inside(&mut self, path: &Path, lang_dir: Option<&Path>) -> bool {
        let to = std::fs::read_link(path).unwrap_or_default();
        match std::fs::canonicalize(path) {
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    format!("a link to {}, which does not exist; left out", to.display())
                } else {
                    format!("a link to {} that cannot be followed ({e}); left out", to.display())
                };
                self.report(path, Severity::Warning, message);
                false
            }
            Ok(target) => {
                let inside =
                    [self.canonical_root.as_deref(), lang_dir].into_iter().flatten().any(|d| target.starts_with(d));
                if !inside {
                    let message = format!(
                        "a link to {}, outside the site: a guide is read only from inside the site; left out",
                        target.display()
                    );
                    self.report(path, Severity::Error, message);
                }
                inside
            }
        }
    }

    /// Reads one guide source, or reports why it is left out.
    fn source(&mut self, lang: &str, dir: &Path, path: &Path, here: &mut Vec<SourceFile>) -> Option<SourceFile> {
        let rel_path = self.rel(path);
        let slug = slug_of(path, dir);
        if let Err(why) = check_slug(&slug) {
            self.report(path, Severity::Error, format!("{why}; rename the file; left out"));
            return None;
        }
        let lowercase = |s: &str| !s.chars().any(|c| c.is_ascii_uppercase());
        if let Some(i) = here.iter().position(|f| f.slug.eq_ignore_ascii_case(&slug)) {
            // Of two names that differ only in letter case, the lowercase one is kept
            // whichever sorts first: it is the name `tebiki new` gives and translations
            // name their source by, so a copy in capitals does not cut them off.
            if here[i].slug != slug && lowercase(&slug) && !lowercase(&here[i].slug) {
                let prev = here.remove(i);
                let why = format!(
                    "`{lang}/{}` differs from {} only in letter case, and some systems take the two for one \
                     folder; rename one; left out (the lowercase name is kept)",
                    prev.slug,
                    rel_path.display()
                );
                self.report(&prev.path, Severity::Error, why);
            } else {
                let prev = &here[i];
                let why = if prev.slug == slug {
                    format!("the same guide `{lang}/{slug}` as {}; keep one; left out", prev.rel_path.display())
                } else {
                    format!(
                        "`{lang}/{slug}` differs from {} only in letter case, and some systems take the two for \
                         one folder; rename one; left out",
                        prev.rel_path.display()
                    )
                };
                self.report(path, Severity::Error, why);
                return None;
            }
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                self.report(path, Severity::Error, format!("cannot read: {e}; left out"));
                return None;
            }
        };
        if !meta.is_file() {
            self.report(path, Severity::Warning, "not a regular file; left out");
            return None;
        }
        let max = self.limits.max_guide_bytes;
        if meta.len() > max {
            let message = format!(
                "{} bytes: a guide may be at most {max} bytes ({} KiB, `[limits] max_guide_kib` in tebiki.toml); \
                 split it, or raise the limit; left out",
                meta.len(),
                max / 1024
            );
            self.report(path, Severity::Error, message);
            return None;
        }
        let file = |bytes, unread| SourceFile {
            lang: lang.to_owned(),
            slug,
            rel_path,
            path: path.to_path_buf(),
            bytes,
            unread,
        };
        if let Some(hash) = self.hashes.get(path) {
            return Some(file(Vec::new(), Some(*hash)));
        }
        match fsx::read(path) {
            Ok(bytes) => Some(file(bytes, None)),
            Err(e) => {
                self.report(path, Severity::Error, format!("cannot read: {}; left out", e.reason));
                None
            }
        }
    }
}

/// Whether the file name ends in a guide extension, in any letter case.
fn has_source_extension(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    SOURCE_EXTENSIONS.iter().any(|s| s.eq_ignore_ascii_case(ext))
}

fn slug_of(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path).with_extension("");
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Slugs become folder names and URL paths, so they stay within a safe alphabet, and
/// never collide with the site's own pages and their folders (`search`, `print/2`, …).
pub fn is_valid_slug(slug: &str) -> bool {
    check_slug(slug).is_ok()
}

/// [`is_valid_slug`], with what is wrong.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let alphabet = slug.split('/').all(|part| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !part.starts_with('-')
    });
    if slug.is_empty() || !alphabet {
        return Err(format!("`{slug}` is not a usable page name (use letters, digits, `-`, `_`, `/`)"));
    }
    if let Some(part) = slug.split('/').find(|p| p.len() > MAX_SLUG_PART) {
        return Err(format!(
            "`{}…` is too long for a file name ({} characters; at most {MAX_SLUG_PART} between `/`)",
            &part[..24],
            part.len()
        ));
    }
    // The first part only: `print/2` is a handbook volume's folder.
    let first = slug.split('/').next().unwrap_or(slug);
    if RESERVED_SLUGS.iter().any(|r| r.eq_ignore_ascii_case(first)) {
        return Err(format!("`{slug}` is a page of the site itself (reserved: {})", RESERVED_SLUGS.join(", ")));
    }
    // A name Windows keeps for its devices makes a file no Windows machine can check out.
    if let Some(part) = slug.split('/').find(|p| is_windows_device(p)) {
        return Err(format!("`{part}` is a device name on Windows, where no file may be named so"));
    }
    // A later part named like a guide's own pages would stand where guide `a`'s are
    // (`a/brief` is the brief of `a`).
    let parts: Vec<&str> = slug.split('/').collect();
    if let Some(i) = (1..parts.len()).find(|&i| GUIDE_PAGE_NAMES.iter().any(|r| r.eq_ignore_ascii_case(parts[i]))) {
        let (part, parent) = (parts[i], parts[..i].join("/"));
        return Err(format!(
            "`{slug}` has a part named like a guide's own pages (`{parent}/{part}/` is where guide `{parent}` has its {part} page; reserved after a `/`: {})",
            GUIDE_PAGE_NAMES.join(", ")
        ));
    }
    Ok(())
}

/// `CON`, `PRN`, `AUX`, `NUL`, `COM1`…`COM9`, `LPT1`…`LPT9`, in any case.
pub(crate) fn is_windows_device(part: &str) -> bool {
    let p = part.to_ascii_uppercase();
    matches!(p.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (p.len() == 4 && (p.starts_with("COM") || p.starts_with("LPT")) && matches!(p.as_bytes()[3], b'1'..=b'9'))
}

/// The names of a guide's own pages below its folder (`<slug>/brief/`, …).
pub const GUIDE_PAGE_NAMES: &[&str] = &["brief", "checklist", "print"];

/// Characters of the longest part of a slug between `/` (file systems allow names of 255
/// bytes; the source adds its extension).
pub const MAX_SLUG_PART: usize = 200;

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
        assert!(!is_valid_slug("Search"), "reserved names in any case (some file systems ignore case)");
        assert!(!is_valid_slug("print/2"), "a handbook volume's folder");
        assert!(
            !is_valid_slug("a/brief") && !is_valid_slug("a/Checklist") && !is_valid_slug("a/b/print"),
            "a guide's pages"
        );
        assert!(!is_valid_slug("a/print/x"), "inside a guide's print view");
        assert!(is_valid_slug("brief") && is_valid_slug("briefs/a"), "a first part or another word is fine");
        assert!(!is_valid_slug("con") && !is_valid_slug("a/Nul") && !is_valid_slug("com1"), "Windows device names");
        assert!(is_valid_slug("console") && is_valid_slug("com0") && is_valid_slug("lpt10"));
        assert!(
            is_valid_slug(&"a".repeat(MAX_SLUG_PART))
                && !is_valid_slug(&format!("x/{}", "a".repeat(MAX_SLUG_PART + 1)))
        );
        assert!(!is_valid_slug("日本語"));
        assert!(!is_valid_slug("a//b"));
        assert!(!is_valid_slug("a b"));
        assert!(!is_valid_slug("a..b"));
        assert!(has_source_extension(Path::new("a.TXT")) && has_source_extension(Path::new("a.Md")));
        assert!(!has_source_extension(Path::new("a.txt~")));
    }
}
