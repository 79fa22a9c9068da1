//! Search: tokenizer vectors shared with the JS engine, the export round trip, the CLI,
//! the JS unit tests (`node --test`), and parity between `tebiki search` and the browser
//! engine on the bundled site and on 1,000 generated guides.
//!
//! Suites that need Node fail when `CI` is set and Node is missing; locally they print a
//! loud skip.

mod browser;
mod cached;
mod cli;
pub mod corpus;
mod data;
mod format;
mod js;
mod parity;
mod update;
mod vectors;

use std::path::{Path, PathBuf};
use std::process::Command;

use tebiki::config::Config;
use tebiki::model::Guide;
use tebiki::search::LangIndex;

use crate::harness::{TempDir, repo};

/// `node`, if it can be run; `None` (after a loud skip message) when it cannot and `CI`
/// is not set. Panics when `CI` is set and Node is missing.
pub fn node(suite: &str) -> Option<&'static str> {
    let ok = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if ok {
        return Some("node");
    }
    if std::env::var_os("CI").is_some() {
        panic!("{suite}: node is required when CI is set, and it is not installed");
    }
    eprintln!("\n!!!!!!!! SKIPPED {suite}: node is not installed (this fails in CI) !!!!!!!!\n");
    None
}

/// A site folder with its search files written, and its open indexes.
pub struct BuiltSite {
    pub dir: TempDir,
    pub indexes: Vec<LangIndex>,
}

impl BuiltSite {
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }
    pub fn index(&self, lang: &str) -> &LangIndex {
        self.indexes.iter().find(|i| i.lang == lang).expect("index of language")
    }
}

/// Indexes `guides`, writes the search files below `public/`, and reopens the indexes.
pub fn build_site(tag: &str, guides: Vec<Guide>) -> BuiltSite {
    let dir = TempDir::new(tag);
    let site = tebiki::link::link(&Config::default(), guides);
    let cache = dir.path().join("cache");
    let out = tebiki::search::build_search(&site, &cache).expect("build search");
    for (path, bytes) in &out.files {
        dir.write(&format!("public/{path}"), bytes);
    }
    let indexes = tebiki::search::indexes(&site, &cache).expect("open indexes");
    BuiltSite { dir, indexes }
}

/// The repository's own site (`tebiki.toml`, `content/`), its search files written below
/// `public/` of a temporary folder.
pub fn build_repo_site(tag: &str) -> BuiltSite {
    let config = Config::load(repo()).expect("tebiki.toml");
    let (guides, _) = tebiki::project::load_guides(repo(), &config).expect("load guides");
    let dir = TempDir::new(tag);
    let site = tebiki::link::link(&config, guides);
    let cache = dir.path().join("cache");
    let out = tebiki::search::build_search(&site, &cache).expect("build search");
    for (path, bytes) in &out.files {
        dir.write(&format!("public/{path}"), bytes);
    }
    let indexes = tebiki::search::indexes(&site, &cache).expect("open indexes");
    BuiltSite { dir, indexes }
}

/// A site root with the bundled Japanese guides and the English search fixtures.
pub fn bundled_root() -> TempDir {
    let root = TempDir::new("bundled-root");
    for (lang, dir) in [("ja", repo().join("content/ja")), ("en", repo().join("tests/fixtures/search/en"))] {
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            root.write(&format!("content/{lang}/{name}"), std::fs::read(&f).unwrap());
        }
    }
    root
}

/// The guides of [`bundled_root`].
pub fn bundled_guides() -> Vec<Guide> {
    let root = bundled_root();
    let (guides, diags) = tebiki::project::load_guides(root.path(), &Config::default()).expect("load guides");
    assert!(diags.iter().all(|d| d.severity != tebiki::model::Severity::Error), "{diags:?}");
    guides
}

/// Runs `node tests/js/search_cli.mjs SITE LANG --queries FILE` and parses its answers.
pub fn node_answers(node: &str, site: &Path, lang: &str, queries: &[&str], tmp: &TempDir) -> Vec<serde_json::Value> {
    let qfile = tmp.write(&format!("queries-{lang}.json"), serde_json::to_vec(queries).unwrap());
    let out = Command::new(node)
        .arg(repo().join("tests/js/search_cli.mjs"))
        .arg(site)
        .arg(lang)
        .arg("--queries")
        .arg(&qfile)
        .output()
        .expect("run node");
    assert!(out.status.success(), "search_cli failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("search_cli prints JSON")
}
