//! `tebiki search`: answers a query from the tantivy index of a site (building the index
//! in `ROOT/.tebiki/cache/` when it is missing or stale) and prints the ranked results,
//! as the site's search box does: ranked by how well each section answers, partial matches
//! (some terms missing) marked, and the other languages when nothing in the asked one
//! matches every term.

use std::io::Write;
use std::process::ExitCode;

use crate::paths::CACHE_DIR;
use crate::search::{lang_index, query};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Language to search (default: the site's source language)
    #[arg(long)]
    lang: Option<String>,
    /// Print the results as JSON: [{"url","guide","section","heading","score"}]
    #[arg(long)]
    json: bool,
    /// Number of results
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Search for the words as typed: no spelling variants, homophones or synonyms
    #[arg(long)]
    exact: bool,
    /// What to search for
    #[arg(required = true)]
    query: Vec<String>,
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = super::load_project(args.root.root)?;
    let site = &project.site;
    let query = args.query.join(" ");
    let lang = args.lang.clone().unwrap_or_else(|| site.config.default_language().to_owned());
    let cache = project.root.join(CACHE_DIR);
    let index = lang_index(site, &cache, &lang)?;
    let opts = query::Options { expand: !args.exact };
    let primary = query::search_with(&index, &query, args.limit, opts)?;
    let others = site.languages.iter().filter(|l| l.lang != lang).map(|l| {
        let other = lang_index(site, &cache, &l.lang)?;
        query::search_with(&other, &query, args.limit, opts)
    });
    let outcome = query::with_fallback(primary, others)?;
    let mut stdout = std::io::stdout().lock();
    if let Some(via) = outcome.showing() {
        eprintln!("showing results for \"{via}\" — search for \"{query}\" instead with --exact");
    }
    if let Some(h) = outcome.hits.first().filter(|h| h.lang != lang) {
        eprintln!("nothing in `{lang}` matches every term; showing results in `{}`", h.lang);
    }
    let full = outcome.hits.iter().filter(|h| !h.partial).count();
    if outcome.partial {
        if full == 0 {
            eprintln!("no section matches every term; showing the best partial matches");
        } else {
            let partial = outcome.hits.len() - full;
            eprintln!(
                "{partial} of the results are partial matches (some terms missing), ranked among the {full} full ones"
            );
        }
    }
    if args.json {
        let hits: Vec<JsonHit<'_>> = outcome
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
        writeln!(stdout, "no results for \"{query}\"")?;
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
