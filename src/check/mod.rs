//! `tebiki check`: everything that can be wrong with a site, as findings for people and CI.
//!
//! 1. Content: import diagnostics (errors and warnings with file:line), translations that
//!    are misaligned with their source or stale, translations never stamped, images and
//!    links to guides that lead nowhere, images without alt text.
//! 2. Theme: UI strings present in one language and missing in another.
//! 3. Output: every internal link and resource of every rendered page resolves to a file of
//!    the site, and every `#fragment` to an id on the target page.
//!
//! The JSON form is documented in `docs/check-json.md` and stable (`"version": 1`).

pub mod links;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use crate::diagnostic::{Code, Diagnostic, Severity, ToDiagnostic};
use crate::link::Site;
use crate::model::Inline;
use crate::project::Project;
use crate::render::{self, RenderError, RenderOptions};
use crate::theme::ThemeError;
use crate::translation::Staleness;

/// Why a check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl ToDiagnostic for CheckError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            CheckError::Theme(e) => e.diagnostic(),
            CheckError::Render(e) => e.diagnostic(),
        }
    }
}

/// A translation whose front matter names a source the site lacks (`lang`, `slug`): its
/// pages stand alone, unlinked from the original.
fn no_source(guide: &crate::model::Guide, (lang, slug): &(String, String)) -> Diagnostic {
    Diagnostic::error(
        Code::NoSource,
        format!(
            "this translation's source `{slug}` is no guide of content/{lang}/ (check `[translation] source` and `lang`); its pages are not linked with any original"
        ),
    )
    .in_file(&guide.source_path)
}

/// Findings about content: import diagnostics (notes left out) and translations.
pub fn content_findings(site: &Site, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.severity != Severity::Info).cloned().collect();
    out.extend(site.reference_findings().cloned());
    let first = site.config.default_language();
    for guide in site.languages.iter().flat_map(|l| l.guides.iter()) {
        let links = site.links(guide);
        if guide.lang == first && guide.translation.is_some() {
            out.push(
                Diagnostic::warning(
                    Code::Import,
                    format!("its front matter's `[translation]` is not read: the guides of the site's first language ({first}) are the originals; a translation belongs in another language's folder, or list its language first in `languages`"),
                )
                .in_file(&guide.source_path),
            );
        }
        let Some((src_lang, src_slug)) = &links.source else {
            if let Some(missing) = &links.missing_source {
                out.push(no_source(guide, missing));
            }
            continue;
        };
        let file = guide.source_path.display().to_string();
        let source_file =
            site.guide(src_lang, src_slug).map(|g| g.source_path.display().to_string()).unwrap_or_default();
        out.extend(links.misalignment.iter().cloned());
        match &links.staleness {
            Some(Staleness::Stale { sections }) => {
                let which = if sections.is_empty() {
                    String::new()
                } else {
                    format!(" (changed sections: {})", sections.join(", "))
                };
                out.push(
                    Diagnostic::error(
                        Code::Stale,
                        format!(
                            "{source_file} changed since this translation was made{which}; update it, then run `tebiki stamp {file}`"
                        ),
                    )
                    .in_file(&guide.source_path),
                );
            }
            Some(Staleness::Unknown) => out.push(
                Diagnostic::warning(
                    Code::Unstamped,
                    if crate::parse::Format::of_path(&guide.source_path) == Some(crate::parse::Format::Markdown) {
                        format!("no source hash recorded; run `tebiki stamp` on it once it matches {source_file}")
                    } else {
                        format!("no source hash recorded: a guidance-text translation cannot hold one; convert it with `tebiki import` and stamp the Markdown once it matches {source_file}")
                    },
                )
                .in_file(&guide.source_path),
            ),
            _ => {}
        }
    }
    out
}

/// Keys present in one language's UI strings and missing in another's.
/// `strings` maps a language to (the file the strings came from, its flattened keys).
pub fn ui_string_findings(strings: &BTreeMap<String, (String, BTreeSet<String>)>) -> Vec<Diagnostic> {
    let all: BTreeSet<&String> = strings.values().flat_map(|(_, keys)| keys.iter()).collect();
    let mut out = Vec::new();
    for (lang, (file, keys)) in strings {
        for key in all.iter().filter(|k| !keys.contains(**k)) {
            let has: Vec<&str> =
                strings.iter().filter(|(_, (_, k))| k.contains(*key)).map(|(l, _)| l.as_str()).collect();
            out.push(
                Diagnostic::error(
                    Code::MissingUiString,
                    format!("`{key}` is missing for `{lang}` (present for {})", has.join(", ")),
                )
                .in_file(file),
            );
        }
    }
    out
}

/// Runs every check on a loaded project: renders the site (nothing is written, and no
/// page is kept) and returns the findings sorted by file. `Err` means the check could
/// not run.
pub fn check(project: &Project) -> Result<Vec<Diagnostic>, CheckError> {
    let site = &project.site;
    let mut findings = content_findings(site, &project.diagnostics);
    if site.languages.is_empty() {
        let message = crate::build::no_guides_message(&site.config.languages, &project.diagnostics);
        findings.push(Diagnostic::error(Code::Content, message).in_file(std::path::Path::new("content")));
        findings.sort();
        return Ok(findings);
    }

    let mut strings = BTreeMap::new();
    for lang in &site.config.languages {
        // A key no template uses and the built-in theme lacks is reported where it is
        // written (a stray key, `Theme::findings`), not as missing everywhere else.
        let stray: BTreeSet<String> = project.theme.stray_strings(lang).into_iter().map(|s| s.0).collect();
        let keys = project.theme.strings(lang)?.into_keys().filter(|k| !stray.contains(k)).collect();
        strings.insert(lang.clone(), (project.theme.strings_origin(lang).display().to_string(), keys));
    }
    findings.extend(ui_string_findings(&strings));

    // The pages are scanned as they are rendered, on every core, and let go: what the
    // check keeps is every file's path and each page's ids and references.
    let scanned = match scan_site(site, &project.theme) {
        Ok(scanned) => scanned,
        // A static file or alias in the place of a page: a finding; the pages are not checked.
        Err(RenderError::Collision(e)) => {
            findings.push(e.diagnostic());
            findings.sort();
            return Ok(findings);
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(e) = scanned.file_and_folder() {
        findings.push(e.diagnostic());
    }
    // Per guide, once: the lines of the links and images it writes, by destination as
    // written (each guide has several pages).
    let lines: BTreeMap<&std::path::Path, BTreeMap<String, usize>> = site
        .languages
        .iter()
        .flat_map(|l| l.guides.iter())
        .map(|guide| {
            let mut lines = BTreeMap::new();
            guide.doc.for_each_inline(&mut |inline| match inline {
                Inline::Link { url, line, .. } | Inline::Image { src: url, line, .. } if line.0 > 0 => {
                    lines.entry(url.clone()).or_insert(line.0);
                }
                _ => {}
            });
            (guide.source_path.as_path(), lines)
        })
        .collect();
    // Each guide by its language and slug: a page belongs to the guide whose slug is the
    // longest run of its folders (a slug may have folders of its own).
    let guides: HashMap<(&str, &str), &crate::model::Guide> = site
        .languages
        .iter()
        .flat_map(|l| l.guides.iter().map(move |g| ((l.lang.as_str(), g.slug.as_str()), g)))
        .collect();
    let source_of = |page: &str| {
        let (lang, rest) = page.split_once('/')?;
        let guide = rest.rmatch_indices('/').find_map(|(end, _)| guides.get(&(lang, &rest[..end])))?;
        let lines = lines.get(guide.source_path.as_path())?;
        Some(links::PageSource { file: guide.source_path.display().to_string(), lines })
    };
    findings.extend(scanned.findings(&source_of));
    findings.sort();
    findings.dedup();
    Ok(findings)
}

/// Renders every unit of the site on every core, scanning each page on the thread that
/// made it; the search engine's scripts are part of what links must reach (the index
/// itself is not needed to check links).
fn scan_site(site: &Site, theme: &crate::theme::Theme) -> Result<links::Scanned, RenderError> {
    let renderer = render::Renderer::new(site, &RenderOptions { theme })?;
    let scanned = Mutex::new(links::Scanned::default());
    let lock = || scanned.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    renderer.render_units(
        &renderer.units(),
        &|_, path, bytes| {
            let page = links::Scanned::scan(&path, &bytes);
            drop(bytes);
            lock().insert(path, page);
        },
        &|path| lock().contains(path),
        &render::Silent,
    )?;
    let mut scanned = scanned.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if site.config.search {
        let mut assets = crate::write::Output::default();
        crate::search::assets::add(&mut assets);
        for (path, bytes) in &assets.files {
            scanned.insert(path.clone(), links::Scanned::scan(path, bytes));
        }
    }
    Ok(scanned)
}

#[cfg(test)]
mod tests {
    use super::*;

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
