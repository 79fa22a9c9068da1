//! `tebiki stamp`: record in a translation's front matter which version of its source it
//! was made from (`[translation] hash` and per-section `sections` hashes).
//!
//! Run it after bringing a translation up to date; from then on the site marks the
//! translation (and the sections) as out of date whenever the source changes. Only the
//! two keys are rewritten; everything else in the file stays byte for byte.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use toml_edit::{DocumentMut, Item, Table, value};

use crate::config::Config;
use crate::model::Guide;

/// A validated `stamp` invocation.
#[derive(Debug, Clone)]
pub struct StampPlan {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Stamps each file; returns (translation, source) paths for the caller to report.
pub fn run(plan: &StampPlan) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let mut done = Vec::new();
    let config = Config::load(&plan.root)?;
    let (guides, _) = crate::load_guides(&plan.root, &config)?;
    let site = crate::link::link(&config, guides);
    for file in &plan.files {
        let path = if file.is_absolute() || file.exists() { file.clone() } else { plan.root.join(file) };
        let guide = find_guide(&site, &plan.root, &path)
            .with_context(|| format!("{}: not a guide of the site at {}", path.display(), plan.root.display()))?;
        let Some((lang, slug)) = site.links(guide).source.clone() else {
            bail!(
                "{}: no source guide found for this translation (check `[translation] source` and `lang`)",
                path.display()
            );
        };
        let source = site.guide(&lang, &slug).expect("linked source exists");
        let text = crate::fsx::read_to_string(&path)?;
        let stamped =
            stamp_text(&text, source).with_context(|| format!("{}: cannot update the front matter", path.display()))?;
        if stamped != text {
            crate::fsx::write(&path, stamped.as_bytes())?;
        }
        done.push((path, source.source_path.clone()));
    }
    Ok(done)
}

fn find_guide<'a>(site: &'a crate::link::Site, root: &Path, path: &Path) -> Option<&'a Guide> {
    let want = std::fs::canonicalize(path).ok()?;
    site.languages
        .iter()
        .flat_map(|l| l.guides.iter())
        .find(|g| std::fs::canonicalize(root.join(&g.source_path)).ok().as_ref() == Some(&want))
}

/// Returns the Markdown text with the source's hashes written into its front matter
/// (adding a front matter block when there is none).
pub fn stamp_text(text: &str, source: &Guide) -> anyhow::Result<String> {
    let (front, body) = split_front_matter(text);
    let mut doc: DocumentMut = front.unwrap_or("").parse()?;
    let t = doc.entry("translation").or_insert(Item::Table(Table::new()));
    let Some(t) = t.as_table_mut() else { bail!("`translation` must be a table") };
    t["hash"] = value(source.source_hash.as_str());
    let mut sections = Table::new();
    for section in &source.doc.sections {
        sections[section.id.as_str()] = value(crate::translation::section_hash(section));
    }
    t["sections"] = Item::Table(sections);
    let front = doc.to_string();
    Ok(format!("+++\n{}{}+++\n{}", front.trim_start_matches('\n'), if front.ends_with('\n') { "" } else { "\n" }, body))
}

/// Splits `+++` front matter from the body: (front matter text, body after the closing line).
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else { return (None, text) };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}
