//! `tebiki stamp`: record in a translation's front matter which version of its source it
//! was made from (`[translation] hash` and per-section `sections` hashes).
//!
//! Run it after bringing a translation up to date; from then on the site marks the
//! translation (and the sections) as out of date whenever the source changes. Only the
//! two keys are rewritten; everything else in the file stays byte for byte.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, value};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};
use crate::link::Site;
use crate::model::Guide;
use crate::parse::front;
use crate::project::Project;

#[derive(Debug, thiserror::Error)]
pub enum StampError {
    #[error("{}: not a guide of the site at {}", path.display(), root.display())]
    NotAGuide { path: PathBuf, root: PathBuf },
    #[error("{}: no source guide found for this translation (check `[translation] source` and `lang`)", path.display())]
    NoSource { path: PathBuf },
    #[error("{}: an original of the site's first language (`{lang}`), not a translation: `stamp` records which version of its source a translation was made from, so give it the translation's file", path.display())]
    Original { path: PathBuf, lang: String },
    #[error("{}: a guidance-text translation has no front matter to record its source in; convert it with `tebiki import {} --out DIR`, put the Markdown in its place and stamp that", path.display(), path.display())]
    GuidanceText { path: PathBuf },
    #[error("{}: cannot update the front matter: {reason}", path.display())]
    FrontMatter { path: PathBuf, reason: String },
    #[error(transparent)]
    Fs(#[from] FsError),
}

impl ToDiagnostic for StampError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            StampError::NotAGuide { path, .. }
            | StampError::NoSource { path }
            | StampError::Original { path, .. }
            | StampError::GuidanceText { path }
            | StampError::FrontMatter { path, .. } => Diagnostic::of_chain(Code::Usage, self).in_file(path),
            StampError::Fs(e) => e.diagnostic(),
        }
    }
}

/// Stamps each of `files` (paths as given, or relative to the root) against its source;
/// returns (translation, source) paths for the caller to report.
pub fn stamp_files(project: &Project, files: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, StampError> {
    let (root, site) = (&project.root, &project.site);
    let mut done = Vec::new();
    for file in files {
        let path = if file.is_absolute() || file.exists() { file.clone() } else { root.join(file) };
        let guide = find_guide(site, root, &path)
            .ok_or_else(|| StampError::NotAGuide { path: path.clone(), root: root.clone() })?;
        let Some((lang, slug)) = site.links(guide).source.clone() else {
            let first = site.config.default_language();
            if guide.lang == first && guide.translation.is_none() {
                return Err(StampError::Original { path, lang: first.to_owned() });
            }
            return Err(StampError::NoSource { path });
        };
        if crate::parse::Format::of_path(&guide.source_path) != Some(crate::parse::Format::Markdown) {
            return Err(StampError::GuidanceText { path });
        }
        let source = site.guide(&lang, &slug).expect("linked source exists");
        let text = fsx::read_to_string(&path)?;
        let stamped =
            stamp_text(&text, source).map_err(|reason| StampError::FrontMatter { path: path.clone(), reason })?;
        if stamped != text {
            fsx::write(&path, stamped.as_bytes())?;
        }
        done.push((path, source.source_path.clone()));
    }
    Ok(done)
}

fn find_guide<'a>(site: &'a Site, root: &Path, path: &Path) -> Option<&'a Guide> {
    let want = std::fs::canonicalize(path).ok()?;
    site.languages
        .iter()
        .flat_map(|l| l.guides.iter())
        .find(|g| std::fs::canonicalize(root.join(&g.source_path)).ok().as_ref() == Some(&want))
}

/// Returns the Markdown text with the source's hashes written into its front matter
/// (adding a front matter block when there is none); `Err` says why the front matter
/// cannot take them. The front matter is the one the parser reads ([`front::split`]);
/// the byte order mark, the delimiter lines and the body stay as they are.
pub fn stamp_text(text: &str, source: &Guide) -> Result<String, String> {
    let split = front::split(text);
    if split.is_none() {
        if let Some(close) = front::yaml(text) {
            return Err(format!(
                "it starts with a YAML front matter (lines 1 to {close}), which tebiki does not read; write it as TOML between `+++` lines first"
            ));
        }
        if front::unclosed(text) {
            return Err("its front matter opens with `+++` on line 1 but never closes".to_owned());
        }
    }
    let toml = split.map_or(String::new(), |s| s.front.replace("\r\n", "\n").replace('\r', "\n"));
    let mut doc: DocumentMut = toml.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let t = doc.entry("translation").or_insert(Item::Table(Table::new()));
    let Some(t) = t.as_table_mut() else { return Err("`translation` must be a table".to_owned()) };
    t["hash"] = value(source.source_hash.as_str());
    let mut sections = Table::new();
    for section in &source.doc.sections {
        sections[section.id.as_str()] = value(crate::translation::section_hash(section));
    }
    t["sections"] = Item::Table(sections);
    let mut toml = doc.to_string().trim_start_matches('\n').replace("\r\n", "\n");
    if !toml.ends_with('\n') {
        toml.push('\n');
    }
    Ok(match split {
        Some(s) => {
            let end = s.line_end();
            let toml = if end == "\n" { toml } else { toml.replace('\n', end) };
            let close = if s.close.ends_with(['\r', '\n']) { s.close.to_owned() } else { format!("{}{end}", s.close) };
            format!("{}{}{toml}{close}{}", s.bom, s.open, s.body)
        }
        None => {
            let (bom, body) = text.strip_prefix('\u{FEFF}').map_or(("", text), |b| ("\u{FEFF}", b));
            format!("{bom}+++\n{toml}+++\n{body}")
        }
    })
}
