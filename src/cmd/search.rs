//! `tebiki search`: answers a query from the tantivy index of a site and prints the ranked
//! results, as the site's search box does: ranked by how well each section answers,
//! partial matches (some terms missing) marked, and the other languages when nothing in
//! the asked one matches every term.
//!
//! 1. When the cache's source stamp ([`stamp`]) says the indexes in `ROOT/.tebiki/cache/`
//!    were made from the site as it is, they are opened as they are: no guide is read.
//! 2. Otherwise (no cache, a changed site, any failure of step 1) the project is loaded
//!    and every language's index is opened or built as the build does it, with the cache
//!    locked against a build; the stamp is recorded for the next query.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::Config;
use crate::paths::CACHE_DIR;
use crate::search::{self, Outcome, SearchError, index, query, stamp};
use crate::write::{Lock, WriteEvents};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Language to search (default: the site's source language)
    #[arg(long)]
    lang: Option<String>,
    /// Print the results as JSON: [{"lang","url","guide","section","heading","score"}],
    /// with "partial", "related" and "via" when they apply (see the README)
    #[arg(long)]
    json: bool,
    /// Number of results (at least 1)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    limit: u16,
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
    /// Present (and true) only on sections the query did not find, related to the first
    /// results.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    related: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    let opts = query::Options { expand: !args.exact };
    let root = args.root.root;
    let (lang, outcome) = match cached(&root, args.lang.as_deref(), &query, usize::from(args.limit), opts) {
        Some(found) => found,
        None => loaded(root, args.lang, &query, usize::from(args.limit), opts)?,
    };
    let mut stdout = std::io::stdout().lock();
    let shown = crate::diagnostic::printable(&query);
    if let Some(via) = outcome.showing() {
        eprintln!(
            "showing results for \"{}\" — search for \"{shown}\" instead with --exact",
            crate::diagnostic::printable(via)
        );
    }
    if let Some(h) = outcome.hits.first().filter(|h| h.lang != lang) {
        eprintln!("nothing in `{lang}` matches every term; showing results in `{}`", h.lang);
    }
    // Related sections are partial too (they have none of the terms), marked on their own.
    let full = outcome.hits.iter().filter(|h| !h.partial).count();
    let partial = outcome.hits.iter().filter(|h| h.partial && !h.related).count();
    if partial > 0 {
        if full == 0 {
            eprintln!("no section matches every term; showing the best partial matches");
        } else {
            // Partial matches usually follow the full ones; a strong one may rank among them.
            let after = outcome.hits.iter().skip_while(|h| !h.partial).all(|h| h.partial);
            let place = if after { "listed after" } else { "ranked among" };
            eprintln!(
                "{partial} of the results are partial matches (some terms missing), {place} the {full} full ones"
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
                related: h.related,
            })
            .collect();
        serde_json::to_writer(&mut stdout, &hits)?;
        writeln!(stdout)?;
    } else if outcome.hits.is_empty() {
        writeln!(stdout, "no results for \"{shown}\"")?;
    } else {
        for (i, h) in outcome.hits.iter().enumerate() {
            let first = |f: fn(&query::Hit) -> bool| f(h) && !outcome.hits[..i].iter().any(f);
            if first(|h| h.partial && !h.related) {
                writeln!(stdout, "-- partial matches (some terms missing) --")?;
            }
            if first(|h| h.related) {
                writeln!(stdout, "-- related sections (none of the terms; like the results above) --")?;
            }
            let mark = match (h.related, h.partial) {
                (true, _) => "  (related)",
                (false, true) => "  (partial)",
                (false, false) => "",
            };
            writeln!(stdout, "{:>2}. {}  [{}]  {:.4}{mark}\n    {}", i + 1, h.heading, h.guide, h.score, h.url)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Step 1 of the module doc: the answer from the cached indexes, or `None` when they
/// cannot be shown to be current, fail to open, or fail while read (a cache damaged since
/// it was written may make tantivy panic: step 2 then checks it and builds it again).
fn cached(
    root: &Path,
    lang: Option<&str>,
    query: &str,
    limit: usize,
    opts: query::Options,
) -> Option<(String, Outcome)> {
    search::quiet::quietly(|| cached_unchecked(root, lang, query, limit, opts)).flatten()
}

fn cached_unchecked(
    root: &Path,
    lang: Option<&str>,
    query: &str,
    limit: usize,
    opts: query::Options,
) -> Option<(String, Outcome)> {
    let cache = root.join(CACHE_DIR);
    let lang = match lang {
        Some(lang) => lang.to_owned(),
        None => Config::load(root).ok()?.default_language().to_owned(),
    };
    let record = stamp::recorded(&cache)?;
    if !record.languages.contains(&lang) {
        return None;
    }
    // An index no export has followed (its related sections not kept) is an error here:
    // the query goes the slow way.
    let open = |l: &str| {
        let index = index::open_cached(&cache, l)?;
        match index.related {
            Some(_) => Ok(index),
            None => Err(SearchError::Corrupt { path: cache.clone(), message: "related sections not kept".into() }),
        }
    };
    // The index opens while the stamp is checked (a walk of the content); when the site
    // has changed since, the opened index is let go unread.
    let (current, index) = std::thread::scope(|s| {
        let current = s.spawn(|| record.is_current(root));
        let index = open(&lang);
        (current.join().unwrap_or(false), index)
    });
    if !current {
        return None;
    }
    let primary = index.and_then(|index| query::search_with(&index, query, limit, opts)).ok()?;
    let search = |l: &str| open(l).and_then(|index| query::search_with(&index, query, limit, opts));
    let others = record.languages.iter().filter(|l| **l != lang).map(|l| search(l));
    let outcome = query::with_fallback(primary, others).ok()?;
    Some((lang, outcome))
}

/// Step 2 of the module doc: load the project, open (or build) every index, answer.
fn loaded(
    root: PathBuf,
    lang: Option<String>,
    query: &str,
    limit: usize,
    opts: query::Options,
) -> anyhow::Result<(String, Outcome)> {
    let project = crate::Project::load_kept(root)?;
    super::print_errors(&project.diagnostics);
    let site = &project.site;
    let lang = lang.unwrap_or_else(|| site.config.default_language().to_owned());
    if site.lang(&lang).is_none() {
        return Err(SearchError::no_language(site, &lang).into());
    }
    let cache = project.root.join(CACHE_DIR);
    let _lock = Lock::beside(&cache, &Waiting)?;
    stamp::clear(&cache)?;
    let mut indexes = search::indexes(site, &cache)?;
    if let Some(sources) = &project.sources {
        let langs: Vec<&str> = indexes.iter().map(|i| i.lang.as_str()).collect();
        stamp::record(&cache, sources, &langs)?;
    }
    let at = indexes.iter().position(|i| i.lang == lang).expect("every language of the site has an index");
    let index = indexes.remove(at);
    let primary = query::search_with(&index, query, limit, opts)?;
    let others = indexes.iter().map(|other| query::search_with(other, query, limit, opts));
    let outcome = query::with_fallback(primary, others)?;
    super::let_go_at_exit(project);
    Ok((lang, outcome))
}

/// Tells that a build holds the cache.
struct Waiting;
impl WriteEvents for Waiting {
    fn waiting(&self, lock: &Path) {
        eprintln!("waiting: a build holds {}; the search goes on when it is done", lock.display());
    }
}
