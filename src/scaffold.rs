//! `tebiki init` and `tebiki new`: start a site, add a guide. Never overwrites a file.
//!
//! The scaffold's files live in `src/scaffold/` and are compiled in. `init` writes a
//! config, one sample guide per language (the Japanese one in guidance text, its English
//! translation in Markdown, stamped against it), and a short guide for authors.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::config::Config;
use crate::load::is_valid_slug;

/// Files of a new site: (path below the site root, contents).
const INIT_FILES: &[(&str, &str)] = &[
    ("tebiki.toml", include_str!("scaffold/tebiki.toml")),
    ("content/ja/getting-started.txt", include_str!("scaffold/getting-started.txt")),
    ("content/en/getting-started.md", include_str!("scaffold/getting-started.md")),
    ("AUTHORING.md", include_str!("scaffold/AUTHORING.md")),
    (".gitignore", "/public\n/.tebiki\n"),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty; `tebiki init` only starts a site in a new or empty folder", dir.display());
        }
    }
    let mut written = Vec::new();
    for (rel, contents) in INIT_FILES {
        let path = dir.join(rel);
        crate::fsx::write(&path, contents.as_bytes())?;
        written.push(path);
    }
    // Record the English sample as an up-to-date translation of the Japanese one.
    crate::stamp::run(&crate::stamp::StampPlan {
        root: dir.to_owned(),
        files: vec![dir.join("content/en/getting-started.md")],
    })
    .context("stamping the sample translation")?;
    Ok(written)
}

/// Adds `content/<lang>/<slug>.md` from a template. For a language other than the source
/// language, when the source guide exists, the new file is a translation skeleton: the
/// source's structure and text, with the front matter that links it to its source.
pub fn new_guide(root: &Path, slug: &str, lang: Option<&str>) -> anyhow::Result<PathBuf> {
    let config = Config::load(root)?;
    let lang = lang.unwrap_or(config.default_language());
    if !config.languages.iter().any(|l| l == lang) {
        bail!("`{lang}` is not one of this site's languages ({})", config.languages.join(", "));
    }
    if !is_valid_slug(slug) {
        bail!(
            "`{slug}` is not a usable page name: use lowercase letters, digits, `-` and `_` (for example `backup-restore`)"
        );
    }
    let dir = root.join("content").join(lang);
    for ext in crate::load::SOURCE_EXTENSIONS {
        let existing = dir.join(format!("{slug}.{ext}"));
        if existing.exists() {
            bail!("{} already exists", existing.display());
        }
    }
    let path = dir.join(format!("{slug}.md"));
    let text = match translation_skeleton(root, &config, slug, lang)? {
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
    crate::fsx::write(&path, text.as_bytes())?;
    Ok(path)
}

fn translation_skeleton(root: &Path, config: &Config, slug: &str, lang: &str) -> anyhow::Result<Option<String>> {
    let default = config.default_language();
    if lang == default {
        return Ok(None);
    }
    let (guides, _) = crate::load_guides(root, config)?;
    let Some(source) = guides.iter().find(|g| g.lang == default && g.slug == slug) else { return Ok(None) };
    let record = crate::model::TranslationOf {
        source_slug: Some(slug.to_owned()),
        source_lang: Some(default.to_owned()),
        source_hash: None,
        section_hashes: Default::default(),
    };
    Ok(Some(crate::parse::emit::to_markdown(&source.doc, Some(&record))))
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
