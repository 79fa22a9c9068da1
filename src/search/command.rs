//! `tebiki search`: answers a query from the tantivy index of a site (building the index
//! in `ROOT/.tebiki/cache/` when it is missing or stale) and prints the ranked results.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;

/// A validated `search` invocation.
#[derive(Debug, Clone)]
pub struct SearchPlan {
    pub root: PathBuf,
    /// `None`: the site's default language.
    pub lang: Option<String>,
    pub json: bool,
    pub limit: usize,
    pub query: String,
}

/// The cache folder of a site.
pub fn cache_dir(root: &std::path::Path) -> PathBuf {
    root.join(".tebiki").join("cache")
}

#[derive(serde::Serialize)]
struct JsonHit<'a> {
    url: &'a str,
    guide: &'a str,
    section: &'a str,
    heading: &'a str,
    score: f32,
}

pub fn run(plan: &SearchPlan) -> anyhow::Result<ExitCode> {
    let config = Config::load(&plan.root)?;
    let (guides, _diagnostics) = crate::load_guides(&plan.root, &config)?;
    let site = crate::link::link(&config, guides);
    let lang = plan.lang.clone().unwrap_or_else(|| config.default_language().to_owned());
    let index = super::lang_index(&site, &cache_dir(&plan.root), &lang)?;
    let outcome = super::query::search(&index, &plan.query, plan.limit)?;
    let mut stdout = std::io::stdout().lock();
    if outcome.partial {
        eprintln!("no section matches every term; showing the best partial matches");
    }
    if plan.json {
        let hits: Vec<JsonHit> = outcome
            .hits
            .iter()
            .map(|h| JsonHit { url: &h.url, guide: &h.guide, section: &h.section, heading: &h.heading, score: h.score })
            .collect();
        serde_json::to_writer(&mut stdout, &hits)?;
        writeln!(stdout)?;
    } else if outcome.hits.is_empty() {
        writeln!(stdout, "no results for \"{}\"", plan.query)?;
    } else {
        for (i, h) in outcome.hits.iter().enumerate() {
            writeln!(stdout, "{:>2}. {}  [{}]  {:.4}\n    {}", i + 1, h.heading, h.guide, h.score, h.url)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
