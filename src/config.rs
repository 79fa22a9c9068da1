//! `tebiki.toml`: its schema, defaults, and validation into a [`Config`].
//!
//! The raw TOML is read once into [`RawConfig`] (unknown keys rejected) and validated
//! into [`Config`]; nothing downstream sees the raw form. A site with no config file gets
//! [`Config::default`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};

pub const FILE_NAME: &str = "tebiki.toml";

/// A language code the site knows how to present: UI strings exist for these.
pub const KNOWN_LANGUAGES: &[&str] = &["ja", "en"];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid { path: PathBuf, line: Option<usize>, message: String },
    #[error(transparent)]
    Io(#[from] crate::fsx::FsError),
}

impl ToDiagnostic for ConfigError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            ConfigError::Syntax { path, line, column, message } => {
                Diagnostic::error(Code::Config, message.as_str()).in_file(path).at(*line, *column)
            }
            ConfigError::Invalid { path, line, message } => {
                let d = Diagnostic::error(Code::Config, message.as_str()).in_file(path);
                match line {
                    Some(line) => d.at_line(*line),
                    None => d,
                }
            }
            ConfigError::Io(e) => e.diagnostic(),
        }
    }
}

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Site title per language; every configured language has one.
    pub titles: BTreeMap<String, String>,
    /// Languages in display order; the first is the default (the source language).
    pub languages: Vec<String>,
    /// Whether tebiki.toml names the languages (else they are the default, `ja` and `en`).
    pub languages_given: bool,
    /// Absolute URL where the site is published, ending in `/`; enables `sitemap.xml`.
    pub base_url: Option<String>,
    pub theme: String,
    /// Printed on the handbook cover; never taken from the clock.
    pub version: Option<String>,
    /// Keep raw HTML written in Markdown instead of showing it as text.
    pub raw_html: bool,
    /// Accept Shift_JIS / CP932 source files (with a warning) instead of rejecting them.
    pub accept_shift_jis: bool,
    pub search: bool,
    /// The site's own synonym groups per language (`[search.synonyms]`).
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
    /// Use tebiki's default thesaurus (`[search] default_synonyms`).
    pub default_synonyms: bool,
    /// A guide source larger than this is reported and left out (`[limits] max_guide_kib`).
    pub max_guide_bytes: u64,
    /// The site's logo and favicon: paths of files in `static/` (as in the output).
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// Old addresses of guides (`[aliases]`): `<lang>/<slug>` of a guide → its aliases.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Where guides' dates come from besides their front matter ([`crate::dates`]).
    pub dates: DateSource,
    /// How big a volume of the handbook and the briefing may grow, in bytes of its guides'
    /// content ([`crate::render::volumes`]).
    pub volume_bytes: usize,
}

/// The default of `[limits] max_guide_kib`: 4 MiB, some hundred times the bundled guides.
pub const DEFAULT_MAX_GUIDE_KIB: u64 = 4096;
/// The largest `[limits] max_guide_kib` accepted: 1 GiB.
const MAX_MAX_GUIDE_KIB: u64 = 1 << 20;

/// Where guides' dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateSource {
    /// Only the `updated` key of a Markdown guide's front matter.
    #[default]
    FrontMatter,
    /// Also the date of the last commit that touched each source (`dates = "git"`).
    Git,
}

/// The default bound of a volume: see [`crate::render::volumes`] for why this size.
pub const DEFAULT_VOLUME_BYTES: usize = 2_000_000;

impl Default for Config {
    fn default() -> Self {
        Config {
            titles: BTreeMap::from([
                ("ja".to_owned(), "インシデント対応の手引き".to_owned()),
                ("en".to_owned(), "Incident Response Guides".to_owned()),
            ]),
            languages: vec!["ja".to_owned(), "en".to_owned()],
            languages_given: false,
            base_url: None,
            theme: "default".to_owned(),
            version: None,
            raw_html: false,
            accept_shift_jis: true,
            search: true,
            synonyms: BTreeMap::new(),
            default_synonyms: true,
            max_guide_bytes: DEFAULT_MAX_GUIDE_KIB * 1024,
            logo: None,
            favicon: None,
            aliases: BTreeMap::new(),
            dates: DateSource::FrontMatter,
            volume_bytes: DEFAULT_VOLUME_BYTES,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<RawTitle>,
    languages: Option<Vec<String>>,
    base_url: Option<String>,
    theme: Option<String>,
    version: Option<String>,
    markdown: Option<RawMarkdown>,
    import: Option<RawImport>,
    search: Option<RawSearch>,
    limits: Option<RawLimits>,
    logo: Option<String>,
    favicon: Option<String>,
    aliases: Option<BTreeMap<String, Vec<String>>>,
    dates: Option<String>,
    print: Option<RawPrint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_guide_kib: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    volume_bytes: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "`title` is a string, or a table of one string per language (`title.ja = \"…\"`)")]
enum RawTitle {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    raw_html: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    /// "decode" (default) or "reject".
    shift_jis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    enabled: Option<bool>,
    default_synonyms: Option<bool>,
    synonyms: Option<BTreeMap<String, Vec<Vec<String>>>>,
}

impl Config {
    /// Reads `ROOT/tebiki.toml`, or gives the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(FILE_NAME);
        if !path.is_file() {
            // No config: the defaults. A config that is there but cannot be read as a file
            // (a folder, a link to nothing) is an error, never taken for no config.
            let why = match std::fs::symlink_metadata(&path) {
                Err(_) => return Ok(Config::default()),
                Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&path) {
                    Ok(to) => format!("a symbolic link to {}, which is not a file", to.display()),
                    Err(_) => "a symbolic link that cannot be read".to_owned(),
                },
                Ok(m) if m.is_dir() => "a folder".to_owned(),
                Ok(_) => "not a regular file".to_owned(),
            };
            return Err(ConfigError::Invalid {
                path: path.clone(),
                line: None,
                message: format!(
                    "{} is {why}; the site's config must be a file (or absent, for the defaults)",
                    FILE_NAME
                ),
            });
        }
        let bytes = crate::fsx::read(&path)?;
        Config::parse(&text_of(&bytes, &path)?, &path)
    }

    /// Parses and validates the text of a config file; `path` is used in messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            ConfigError::Syntax { path: path.to_owned(), line, column, message: toml_message(text, &e) }
        })?;
        let invalid =
            |message: String| ConfigError::Invalid { path: path.to_owned(), line: line_of(text, &message), message };
        let mut config = Config::default();
        if let Some(languages) = raw.languages {
            if languages.is_empty() {
                return Err(invalid("`languages` must name at least one language".into()));
            }
            for (i, lang) in languages.iter().enumerate() {
                if !KNOWN_LANGUAGES.contains(&lang.as_str()) {
                    return Err(invalid(format!(
                        "unknown language `{lang}` in `languages` (known: {})",
                        KNOWN_LANGUAGES.join(", ")
                    )));
                }
                if languages[..i].contains(lang) {
                    return Err(invalid(format!("language `{lang}` is listed twice in `languages`")));
                }
            }
            config.languages = languages;
            config.languages_given = true;
        }
        match raw.title {
            Some(RawTitle::One(t)) => {
                if t.trim().is_empty() {
                    return Err(invalid(
                        "`title` is empty: name the site (it heads every page), or leave it out".into(),
                    ));
                }
                config.titles = config.languages.iter().map(|l| (l.clone(), t.clone())).collect();
            }
            Some(RawTitle::PerLanguage(map)) => {
                for (key, t) in &map {
                    if !config.languages.contains(key) {
                        return Err(invalid(format!("`title.{key}` names a language not in `languages`")));
                    }
                    if t.trim().is_empty() {
                        return Err(invalid(format!("`title.{key}` is empty: name the site, or leave it out")));
                    }
                }
                config.titles.extend(map);
            }
            None => {}
        }
        config.titles.retain(|l, _| config.languages.contains(l));
        if let Some(url) = raw.base_url {
            if let Some(why) = base_url_problem(&url) {
                return Err(invalid(format!("`base_url` must be an absolute http(s) URL, not `{url}`: {why}")));
            }
            config.base_url = Some(if url.ends_with('/') { url } else { format!("{url}/") });
        }
        if let Some(theme) = raw.theme {
            if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
                return Err(invalid(format!("`theme` must be a folder name under themes/, not `{theme}`")));
            }
            config.theme = theme;
        }
        config.version = raw.version;
        if let Some(md) = raw.markdown {
            config.raw_html = md.raw_html.unwrap_or(false);
        }
        if let Some(import) = raw.import {
            config.accept_shift_jis = match import.shift_jis.as_deref() {
                None | Some("decode") => true,
                Some("reject") => false,
                Some(other) => {
                    return Err(invalid(format!(
                        "`import.shift_jis` must be \"decode\" or \"reject\", not \"{other}\""
                    )));
                }
            };
        }
        if let Some(search) = raw.search {
            config.search = search.enabled.unwrap_or(true);
            config.default_synonyms = search.default_synonyms.unwrap_or(true);
            for (lang, groups) in search.synonyms.unwrap_or_default() {
                if !config.languages.contains(&lang) {
                    return Err(invalid(format!("`search.synonyms.{lang}` names a language not in `languages`")));
                }
                for (i, g) in groups.iter().enumerate() {
                    if g.len() < 2 || g.iter().any(|t| t.trim().is_empty()) {
                        return Err(invalid(format!(
                            "`search.synonyms.{lang}` group {}: a group needs at least two non-empty terms",
                            i + 1
                        )));
                    }
                }
                config.synonyms.insert(lang, groups);
            }
        }
        if let Some(kib) = raw.limits.and_then(|l| l.max_guide_kib) {
            if !(1..=MAX_MAX_GUIDE_KIB).contains(&kib) {
                return Err(invalid(format!(
                    "`limits.max_guide_kib` must be from 1 to {MAX_MAX_GUIDE_KIB} (KiB), not {kib}"
                )));
            }
            config.max_guide_bytes = kib * 1024;
        }
        for (key, value) in [("logo", raw.logo), ("favicon", raw.favicon)] {
            if let Some(value) = &value {
                if !is_output_path(value) {
                    return Err(invalid(format!(
                        "`{key}` must name a file of static/ by its path there (like \"logo.svg\"), not `{value}`"
                    )));
                }
            }
            if key == "logo" { config.logo = value } else { config.favicon = value }
        }
        for (guide, aliases) in raw.aliases.unwrap_or_default() {
            for alias in &aliases {
                if !is_alias_path(alias.trim_end_matches('/')) {
                    return Err(invalid(format!(
                        "alias `{alias}` of `{guide}` in `[aliases]` must be a page path like \"old-name\" or \"ja/old-name\""
                    )));
                }
            }
            config.aliases.insert(guide, aliases);
        }
        config.dates = match raw.dates.as_deref() {
            None => DateSource::FrontMatter,
            Some("git") => DateSource::Git,
            Some(other) => {
                return Err(invalid(format!(
                    "`dates` must be \"git\" (dates of the last commits) or left out (front matter only), not \"{other}\""
                )));
            }
        };
        if let Some(bytes) = raw.print.and_then(|p| p.volume_bytes) {
            if bytes == 0 {
                return Err(invalid("`print.volume_bytes` must be more than 0".into()));
            }
            config.volume_bytes = bytes;
        }
        Ok(config)
    }

    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// A short key that tells this site apart from others in the same browser storage
    /// (every site opened from disk shares the `file://` origin): a hash of the `base_url`,
    /// or, for a site without one, of its titles. Rebuilding keeps it, and so does
    /// retitling a site that has a `base_url`.
    pub fn site_key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        match &self.base_url {
            Some(url) => h.update(format!("url\n{url}").as_bytes()),
            None => {
                for (lang, title) in &self.titles {
                    h.update(format!("title\n{lang}\n{title}\n").as_bytes());
                }
            }
        }
        crate::fingerprint::hex(&h.finalize()[..6])
    }

    pub fn title(&self, lang: &str) -> &str {
        self.titles.get(lang).map(String::as_str).unwrap_or("tebiki")
    }
}

/// The text of a config file: UTF-8, with or without a byte-order mark. Anything else
/// is a syntax error at the place of the first byte that is not UTF-8.
fn text_of(bytes: &[u8], path: &Path) -> Result<String, ConfigError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let syntax = |line, column, message: &str| ConfigError::Syntax {
        path: path.to_owned(),
        line,
        column,
        message: message.to_owned(),
    };
    if body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]) || body.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(syntax(1, 1, "is UTF-16 or UTF-32 text; save it as UTF-8"));
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_col(valid, valid.len());
            Err(syntax(line, column, "is not UTF-8 text (it may be binary, or in another encoding); save it as UTF-8"))
        }
    }
}

/// A relative `/`-separated path that stays inside the output: no empty, `.` or `..` part,
/// no `\\`, and not absolute.
pub fn is_output_path(path: &str) -> bool {
    !path.contains('\\') && stays_inside(path)
}

/// Whether a `/`-separated path stays inside the folder it is relative to: not empty, and
/// no empty (so not absolute), `.` or `..` part.
pub fn stays_inside(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(|p| !p.is_empty() && p != "." && p != "..")
}

/// An old address a guide can be found at (`aliases`): an output path whose page has a
/// working link — no space, control character or character a URL reads otherwise (`?`,
/// `#`, `%`, `"`, `<`, `>`) — and no part named like a Windows device (`con`, `nul`, …),
/// as a guide's name.
pub fn is_alias_path(path: &str) -> bool {
    is_output_path(path)
        && !path.chars().any(|c| c.is_control() || c.is_whitespace() || "?#%\"<>".contains(c))
        && !path.split('/').any(crate::load::is_windows_device)
}

/// Adds "did you mean `x`?" to serde's "unknown field `y`, expected one of …" messages.
pub(crate) fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else { return message.to_owned() };
    let Some((unknown, expected)) = rest.split_once('`') else { return message.to_owned() };
    let candidates = expected.split('`').skip(1).step_by(2);
    match closest(unknown, candidates) {
        Some(c) => format!("{message}; did you mean `{c}`?"),
        None => message.to_owned(),
    }
}

/// The candidate `word` is most likely a slip for: the nearest by Damerau–Levenshtein
/// distance, if within 2 edits or a third of its length (ties: the first alphabetically).
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// The 1-based line of `text` (TOML) that sets `key` (`key = …`).
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    let is_key = |l: &str| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
    text.lines().position(is_key).map(|i| i + 1)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, column)
}

/// What a TOML error of `text` says, for a reader: the key a `duplicate key` is about
/// (toml names none; it is the text the error points at), a near key for an unknown one
/// ([`with_suggestion`]). For the config and for a guide's front matter.
pub fn toml_message(text: &str, e: &toml::de::Error) -> String {
    match e.span().and_then(|s| text.get(s)).map(str::trim) {
        Some(key) if e.message().trim() == "duplicate key" && !key.is_empty() && !key.contains('\n') => {
            format!("duplicate key `{key}`: it is set twice")
        }
        _ => with_suggestion(e.message()),
    }
}

/// The line of `text` a message about a value is about: that of the first name in
/// backticks that is a key of `text` (its last part, before `=`), or a value of it (in
/// quotes).
fn line_of(text: &str, message: &str) -> Option<usize> {
    let names = message.split('`').skip(1).step_by(2);
    names.into_iter().find_map(|name| {
        let quoted = format!("\"{name}\"");
        key_line(text, name.rsplit('.').next().unwrap_or(name))
            .or_else(|| text.lines().position(|l| l.contains(&quoted)).map(|i| i + 1))
    })
}

/// What is wrong with `url` as the address the site is published at: it must be an
/// http(s) URL with a host, no query or fragment (page paths are appended to it), and no
/// spaces.
fn base_url_problem(url: &str) -> Option<&'static str> {
    if url.chars().any(char::is_whitespace) {
        return Some("it has a space in it");
    }
    let Ok(parsed) = url::Url::parse(url) else { return Some("it does not read as a URL") };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Some("it must start with https:// or http://");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Some("it names no host");
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Some("page paths are added to it, so it cannot have a `?` query or a `#` fragment");
    }
    None
}

#[cfg(test)]
mod tests;
