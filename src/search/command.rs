//! `tebiki search`: answers a query from the tantivy index of a site (building the index
//! in `ROOT/.tebiki/cache/` when it is missing or stale) and prints the ranked results,
//! as the site's search box does: full matches, then partial ones (marked), and the
//! other languages when nothing in the asked one matches every term.

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
    /// Search the query as typed, without the lexicon's rewritings.
    pub exact: bool,
    pub query: String,
}

/// The cache folder of a site.
pub fn cache_dir(root: &std::path::Path) -> PathBuf {
    root.join(".tebiki").join("cache")
}

#[derive(serde::Serialize)]
struct JsonHit<'a> {
    lang: &'a str,
    url: &'a str,
    guide: &'a str,
    section: &'a str,
    heading: &'a str,
    score: f32,
    /// Present (and true) only on partial matches.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
    /// The rewritten query this result answers, when it is not the query as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
}

pub fn run(plan: &SearchPlan) -> anyhow::Result<ExitCode> {
    let config = Config::load(&plan.root)?;
    let (guides, _diagnostics) = crate::load_guides(&plan.root, &config)?;
    let site = crate::link::link(&config, guides);
    let lang = plan.lang.clone().unwrap_or_else(|| config.default_language().to_owned());
    let cache = cache_dir(&plan.root);
    let index = super::lang_index(&site, &cache, &lang)?;
    let opts = super::query::Options { expand: !plan.exact };
    let primary = super::query::search_with(&index, &plan.query, plan.limit, opts)?;
    let others = site.languages.iter().filter(|l| l.lang != lang).map(|l| {
        let other = super::lang_index(&site, &cache, &l.lang)?;
        super::query::search_with(&other, &plan.query, plan.limit, opts)
    });
    let outcome = super::query::with_fallback(primary, others)?;
    let mut stdout = std::io::stdout().lock();
    if let Some(via) = outcome.showing() {
        eprintln!("showing results for \"{via}\" — search for \"{}\" instead with --exact", plan.query);
    }
    if let Some(h) = outcome.hits.first().filter(|h| h.lang != lang) {
        eprintln!("nothing in `{lang}` matches every term; showing results in `{}`", h.lang);
    }
    let full = outcome.hits.iter().filter(|h| !h.partial).count();
    if outcome.partial {
        if full == 0 {
            eprintln!("no section matches every term; showing the best partial matches");
        } else {
            eprintln!("after the {full} sections matching every term: partial matches (some terms missing)");
        }
    }
    if plan.json {
        let hits: Vec<JsonHit> = outcome
            .hits
            .iter()
            .map(|h| JsonHit {
                lang: &h.lang,
                url: &h.url,
                guide: &h.guide,
                section: &h.section,
                heading: &h.heading,
                score: h.score,
                partial: h.partial,
                via: h.via.as_deref(),
            })
            .collect();
        serde_json::to_writer(&mut stdout, &hits)?;
        writeln!(stdout)?;
    } else if outcome.hits.is_empty() {
        writeln!(stdout, "no results for \"{}\"", plan.query)?;
    } else {
        for (i, h) in outcome.hits.iter().enumerate() {
            if h.partial && (i == 0 || !outcome.hits[i - 1].partial) {
                writeln!(stdout, "-- partial matches (some terms missing) --")?;
            }
            let mark = if h.partial { "  (partial)" } else { "" };
            writeln!(stdout, "{:>2}. {}  [{}]  {:.4}{mark}\n    {}", i + 1, h.heading, h.guide, h.score, h.url)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
