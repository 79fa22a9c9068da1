//! The theme: templates, static assets and UI strings, as one `(path, bytes)` table.
//!
//! The default theme (`themes/default/` in this repository) is compiled into the binary
//! by [`DEFAULT_FILES`], so a site with no theme folder builds. A site's own
//! `themes/<name>/` overrides it file by file: a file there with the same path replaces
//! the built-in one, and new files are added. UI strings (`i18n/<lang>.toml`) are merged
//! key by key over the built-in ones, so an override only needs the keys it changes.
//!
//! Paths in the table are `/`-separated and relative to the theme folder:
//! `templates/*.html` (tera), `static/**` (copied to `assets/**` in the output),
//! `i18n/<lang>.toml` (flat `key = "string"` tables), `serve/*` (the live-reload client
//! that `tebiki serve` adds to the pages it serves; never part of a built site).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};

/// The name of the theme compiled into the binary.
pub const DEFAULT_THEME: &str = "default";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the default theme. A unit test holds this list equal to the folder.
pub static DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "i18n/en.toml",
    "i18n/ja.toml",
    "serve/live-reload.css",
    "serve/live-reload.js",
    "static/css/tebiki.css",
    "static/favicon.svg",
    "static/js/moved.js",
    "static/js/tebiki.js",
    "templates/404.html",
    "templates/base.html",
    "templates/brief.html",
    "templates/briefing.html",
    "templates/checklist.html",
    "templates/checklists.html",
    "templates/feed.xml",
    "templates/guide-card.html",
    "templates/guide.html",
    "templates/home.html",
    "templates/macros.html",
    "templates/print-view.html",
    "templates/print.html",
    "templates/redirect.html",
    "templates/root.html",
    "templates/search.html",
    "templates/sitemap.xml",
    "templates/volumes.html",
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("{}: theme `{name}` not found (set `theme` in tebiki.toml to a folder under themes/, or leave it out for the built-in theme)", path.display())]
    NotFound { name: String, path: PathBuf },
    #[error("cannot list theme folder {}: {source}", path.display())]
    Walk { path: PathBuf, source: walkdir::Error },
    #[error("{}: not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("{}{}: {message}", path.display(), at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    Strings { path: PathBuf, at: Option<(usize, usize)>, message: String },
    #[error(
        "{} is a symbolic link that leads out of the site's folder (to {}); a site reads only its own files: copy it into the theme instead",
        path.display(), to.display()
    )]
    OutOfSite { path: PathBuf, to: PathBuf },
    #[error(transparent)]
    Fs(#[from] FsError),
}

impl ToDiagnostic for ThemeError {
    fn diagnostic(&self) -> Diagnostic {
        let error = |message: String| Diagnostic::error(Code::Theme, message);
        match self {
            ThemeError::Strings { path, at: Some((line, column)), message } => {
                error(message.clone()).in_file(path).at(*line, *column)
            }
            ThemeError::Strings { path, at: None, message } => error(message.clone()).in_file(path),
            ThemeError::NotFound { path, .. }
            | ThemeError::Walk { path, .. }
            | ThemeError::NotUtf8 { path }
            | ThemeError::OutOfSite { path, .. } => Diagnostic::of_chain(Code::Theme, self).in_file(path),
            ThemeError::Fs(e) => e.diagnostic(),
        }
    }
}

/// A theme ready to use: the built-in files with the site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, ThemeFile>,
}

#[derive(Debug, Clone)]
struct ThemeFile {
    bytes: Cow<'static, [u8]>,
    /// Where the file came from, for messages: `(built-in)/…` or the override's path.
    origin: PathBuf,
}

/// UI strings of one language: `key → text`.
pub type Strings = BTreeMap<String, String>;

impl Theme {
    /// The built-in theme alone.
    pub fn builtin() -> Theme {
        let files = DEFAULT_FILES
            .iter()
            .map(|(path, bytes)| {
                let origin = Path::new("(built-in theme)").join(path);
                (path.to_string(), ThemeFile { bytes: Cow::Borrowed(*bytes), origin })
            })
            .collect();
        Theme { files }
    }

    /// The theme a site asks for: `root/themes/<name>/` over the built-in files. The
    /// default theme needs no folder; any other name must have one.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut theme = Theme::builtin();
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == DEFAULT_THEME {
                return Ok(theme);
            }
            return Err(ThemeError::NotFound { name: name.to_owned(), path: dir });
        }
        let canonical_root = std::fs::canonicalize(root).ok();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|source| ThemeError::Walk { path: dir.clone(), source })?;
            // As in content/: a symbolic link is followed while it stays in the site (links
            // to folders are not), and one that leads out of it is an error.
            if entry.path_is_symlink() || entry.depth() == 0 {
                if let Some(real) = fsx::leads_out(canonical_root.as_deref(), entry.path()) {
                    return Err(ThemeError::OutOfSite { path: entry.path().to_path_buf(), to: real });
                }
            }
            let file = entry.file_type().is_file() || entry.path_is_symlink() && entry.path().is_file();
            if !file {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if key.split('/').any(|part| part.starts_with('.')) {
                continue;
            }
            let bytes = fsx::read(entry.path())?;
            theme.files.insert(key, ThemeFile { bytes: Cow::Owned(bytes), origin: entry.path().to_path_buf() });
        }
        Ok(theme)
    }

    /// What the site's overrides lack that the built-in files have and a page relies on,
    /// as warnings (the build goes on): a `print.html` without the one-guide markers
    /// (`class="hb-only"`) makes each guide's print view open its whole volume.
    pub fn findings(&self, languages: &[String]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for lang in languages {
            for (key, line, like) in self.stray_strings(lang) {
                let file = &self.files[&format!("i18n/{lang}.toml")];
                let hint = like.map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        Code::Theme,
                        format!("`{key}` is no UI string of the theme and no template uses it{hint}; it has no effect"),
                    )
                    .in_file(&file.origin)
                    .at_line(line),
                );
            }
        }
        if let Some(file) = self.files.get("templates/print.html")
            && matches!(file.bytes, Cow::Owned(_))
            && !String::from_utf8_lossy(&file.bytes).contains("hb-only")
        {
            out.push(
                Diagnostic::warning(
                    Code::Theme,
                    "this print.html has no one-guide markers (`<i class=\"hb-only\" id=\"only-{{ g.anchor }}\"></i>` \
                     per guide, first in <main>), so each guide's print view opens its whole volume; \
                     copy them from the built-in one (`themes/default/templates/print.html` in tebiki's repository)",
                )
                .in_file(&file.origin),
            );
        }
        out
    }

    /// The keys of the site's own `i18n/<lang>.toml` that the built-in theme does not
    /// have and no template mentions (a typo, most likely): each with its line and the
    /// built-in key it is most like.
    pub fn stray_strings(&self, lang: &str) -> Vec<(String, usize, Option<String>)> {
        let path = format!("i18n/{lang}.toml");
        let Some(file) = self.files.get(&path).filter(|f| matches!(f.bytes, Cow::Owned(_))) else { return Vec::new() };
        let Ok(own) = parse_strings(&file.bytes, &file.origin) else { return Vec::new() };
        let known: std::collections::BTreeSet<String> = DEFAULT_FILES
            .iter()
            .filter(|(p, _)| p.starts_with("i18n/"))
            .filter_map(|(p, bytes)| parse_strings(bytes, Path::new(p)).ok())
            .flat_map(BTreeMap::into_keys)
            .collect();
        let templates: Vec<String> = self
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("templates/"))
            .map(|(_, f)| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect();
        let text = String::from_utf8_lossy(&file.bytes);
        own.into_keys()
            .filter(|key| !known.contains(key) && !templates.iter().any(|t| t.contains(key.as_str())))
            .map(|key| {
                let line = crate::config::key_line(&text, &key).unwrap_or(1);
                let like = crate::config::closest(&key, known.iter().map(String::as_str)).map(str::to_owned);
                (key, line, like)
            })
            .collect()
    }

    /// The site's own file at `path` (below the theme's folder), when the site overrides
    /// the built-in one.
    pub fn own_file(&self, path: &str) -> Option<&Path> {
        self.files.get(path).filter(|f| matches!(f.bytes, Cow::Owned(_))).map(|f| f.origin.as_path())
    }

    /// The tera templates: `(name below templates/, source)`, sorted by name.
    pub fn templates(&self) -> Result<Vec<(&str, &str)>, ThemeError> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("templates/").map(|name| (name, file)))
            .map(|(name, file)| {
                let text =
                    std::str::from_utf8(&file.bytes).map_err(|_| ThemeError::NotUtf8 { path: file.origin.clone() })?;
                Ok((name, text))
            })
            .collect()
    }

    /// One file of the theme by its path in the table, e.g. `serve/live-reload.js`.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|f| f.bytes.as_ref())
    }

    /// Hands every file of the theme, built-in or the site's, to `part` in path order (for
    /// a fingerprint of the theme).
    pub fn fingerprint(&self, part: &mut dyn FnMut(&str, &[u8])) {
        for (path, file) in &self.files {
            part(path, &file.bytes);
        }
    }

    /// The static assets: `(path below static/, bytes)`, sorted by path.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(path, file)| path.strip_prefix("static/").map(|p| (p, file.bytes.as_ref())))
    }

    /// The file the UI strings of `lang` come from: the site theme's override when there is
    /// one, else the built-in file (for messages).
    pub fn strings_origin(&self, lang: &str) -> PathBuf {
        let path = format!("i18n/{lang}.toml");
        self.files.get(&path).map(|f| f.origin.clone()).unwrap_or_else(|| Path::new("(built-in theme)").join(path))
    }

    /// UI strings for `lang`: the built-in `i18n/<lang>.toml`, with the site theme's keys
    /// over it. Every value must be a string.
    pub fn strings(&self, lang: &str) -> Result<Strings, ThemeError> {
        let path = format!("i18n/{lang}.toml");
        let mut strings = Strings::new();
        if let Some((_, bytes)) = DEFAULT_FILES.iter().find(|(p, _)| *p == path) {
            strings = parse_strings(bytes, &Path::new("(built-in theme)").join(&path))?;
        }
        if let Some(file) = self.files.get(&path) {
            if !matches!(file.bytes, Cow::Borrowed(_)) {
                strings.extend(parse_strings(&file.bytes, &file.origin)?);
            }
        }
        if strings.is_empty() {
            return Err(ThemeError::Strings {
                path: PathBuf::from(path),
                at: None,
                message: format!("no UI strings for language `{lang}`"),
            });
        }
        Ok(strings)
    }
}

fn parse_strings(bytes: &[u8], origin: &Path) -> Result<Strings, ThemeError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8 { path: origin.to_owned() })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map(|s| crate::config::line_col(text, s.start)).unwrap_or((1, 1));
        ThemeError::Strings { path: origin.to_owned(), at: Some(at), message: e.message().to_owned() }
    })?;
    table
        .into_iter()
        .map(|(key, value)| match value {
            toml::Value::String(s) => Ok((key, s)),
            other => Err(ThemeError::Strings {
                path: origin.to_owned(),
                at: None,
                message: format!("`{key}` must be a string, not {}", other.type_str()),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_lists_every_file_of_the_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        let embedded: Vec<String> = DEFAULT_FILES.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "DEFAULT_FILES in src/theme.rs must list themes/default/ exactly, sorted");
    }

    #[test]
    fn both_languages_have_the_same_string_keys() {
        let theme = Theme::builtin();
        let ja: Vec<String> = theme.strings("ja").unwrap().into_keys().collect();
        let en: Vec<String> = theme.strings("en").unwrap().into_keys().collect();
        assert_eq!(ja, en, "i18n/ja.toml and i18n/en.toml must define the same keys");
    }
}
