//! Relevance of tebiki search on the bundled site against the judged query set
//! (`benches/relevance/queries.json`, see its README): nDCG@10, MRR@10 and Recall@10 per
//! half, language and kind, the result counts of the no-answer queries, and whether the
//! browser engine (run by Node on the exported shards) ranks every query as `tebiki
//! search` does.
//!
//! ```sh
//! cargo bench --bench relevance                  # the table
//! cargo bench --bench relevance -- --tune-detail # plus one line per query of the tune half
//! cargo bench --bench relevance -- --queries FILE # another judged set of the same format
//! cargo bench --bench relevance -- --dump FILE    # plus every query's ranking, as JSON
//! ```
//!
//! `--dump` writes, per query, its id and its first [`DUMP_DEPTH`] results (language,
//! guide, section, score, partial), ranked as the search ranks them with that limit: what
//! `benches/relevance/rerank.py` reorders to measure a ranking before it is built.
//!
//! The site is `content/` with `tebiki.toml`, searched as its pages search: in the query's
//! language, falling back to the other language when nothing there matches. Results are
//! credited to their top-level section (`s3-2` counts as `s3`), the first of each kept.
//! Metrics are the judged set's: gain = grade, discount 1/log2(rank + 1), ideal = the
//! judged grades sorted; MRR from the first result of grade ≥ 1; Recall = judged sections
//! in the top 10 / judged sections. Beside each mean nDCG@10, its 95 % bootstrap interval
//! (the queries of the row resampled with replacement 2,000 times, a fixed seed): how far
//! the mean could move with other queries of the same kinds, so that a change smaller
//! than the interval is read as such. No-answer queries are not scored; their result counts
//! are printed. Needs `node` for the parity line (skipped, and said so, without it).
//! Scratch goes to `target/bench-relevance/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use tebiki::config::Config;
use tebiki::search::query::{Outcome, top_section};

const K: usize = 10;

/// Results per query in `--dump`: more than the bundled site's sections, so every section
/// the search finds at all is there.
const DUMP_DEPTH: usize = 60;

#[derive(Debug, Deserialize)]
struct Judged {
    id: String,
    lang: String,
    kind: String,
    half: String,
    query: String,
    relevant: Vec<Relevant>,
}

#[derive(Debug, Deserialize)]
struct Relevant {
    guide: String,
    section: String,
    grade: u32,
}

struct Scored {
    ndcg: f64,
    mrr: f64,
    recall: f64,
}

fn score(ranked: &[(String, String)], q: &Judged) -> Option<Scored> {
    if q.relevant.is_empty() {
        return None;
    }
    let grade = |g: &str, s: &str| q.relevant.iter().find(|r| r.guide == g && r.section == s).map_or(0, |r| r.grade);
    let gains: Vec<u32> = ranked.iter().take(K).map(|(g, s)| grade(g, s)).collect();
    let dcg: f64 = gains.iter().enumerate().map(|(i, g)| f64::from(*g) / (i as f64 + 2.0).log2()).sum();
    let mut ideal: Vec<u32> = q.relevant.iter().map(|r| r.grade).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(K).enumerate().map(|(i, g)| f64::from(*g) / (i as f64 + 2.0).log2()).sum();
    let mrr = gains.iter().position(|g| *g > 0).map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
    let found = gains.iter().filter(|g| **g > 0).count();
    Some(Scored { ndcg: dcg / idcg, mrr, recall: found as f64 / q.relevant.len() as f64 })
}

/// The ranked top-level sections of an outcome, each once.
fn sections(outcome: &Outcome) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for h in &outcome.hits {
        let key = (h.guide.clone(), top_section(&h.section).to_owned());
        if seen.insert(key.clone()) {
            out.push(key);
        }
    }
    out
}

#[derive(Default)]
struct Sums {
    n: usize,
    /// Each query's nDCG@10: their mean, and its interval.
    ndcgs: Vec<f64>,
    mrr: f64,
    recall: f64,
}

impl Sums {
    fn add(&mut self, s: &Scored) {
        self.n += 1;
        self.ndcgs.push(s.ndcg);
        self.mrr += s.mrr;
        self.recall += s.recall;
    }
    fn line(&self, label: &str) -> String {
        let n = self.n.max(1) as f64;
        let (low, high) = interval(&self.ndcgs);
        format!(
            "{label:<26} {:>3}   {:.3}   {low:.3}–{high:.3}   {:.3}   {:.3}",
            self.n,
            self.ndcgs.iter().sum::<f64>() / n,
            self.mrr / n,
            self.recall / n
        )
    }
}

/// Resamples of [`interval`].
const RESAMPLES: usize = 2_000;

/// The 95 % percentile bootstrap interval of the mean of `values`: the 2.5th and 97.5th
/// percentiles of the means of [`RESAMPLES`] samples of the same size drawn with
/// replacement. The draws come from a fixed-seed xorshift, so a run prints the same
/// interval for the same values.
fn interval(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let n = values.len();
    let mut means: Vec<f64> =
        (0..RESAMPLES).map(|_| (0..n).map(|_| values[(next() % n as u64) as usize]).sum::<f64>() / n as f64).collect();
    means.sort_by(f64::total_cmp);
    let at = |q: f64| means[((RESAMPLES as f64 * q) as usize).min(RESAMPLES - 1)];
    (at(0.025), at(0.975))
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().collect();
    let tune_detail = args.iter().any(|a| a == "--tune-detail");
    let file = args
        .iter()
        .position(|a| a == "--queries")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| repo.join("benches/relevance/queries.json"), std::path::PathBuf::from);
    let queries: Vec<Judged> = serde_json::from_slice(
        &std::fs::read(&file).unwrap_or_else(|e| panic!("judged queries {}: {e}", file.display())),
    )
    .unwrap_or_else(|e| panic!("judged queries {}: {e}", file.display()));
    let scratch = repo.join("target/bench-relevance");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let config = Config::load(repo).unwrap();
    let (guides, _) = tebiki::project::load_guides(repo, &config).unwrap();
    let site = tebiki::link::link(&config, guides);
    let cache = scratch.join("cache");
    let out = tebiki::search::build_search(&site, &cache).unwrap();
    let public = scratch.join("public");
    for (path, bytes) in &out.files {
        let p = public.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let indexes = tebiki::search::indexes(&site, &cache).unwrap();
    let search = |lang: &str, q: &str, limit: usize| -> Outcome {
        let index = indexes.iter().find(|i| i.lang == lang).unwrap();
        let primary = tebiki::search::query::search(index, q, limit).unwrap();
        let others = indexes.iter().filter(|i| i.lang != lang).map(|i| tebiki::search::query::search(i, q, limit));
        tebiki::search::query::with_fallback(primary, others).unwrap()
    };

    let outcomes: Vec<Outcome> = queries.iter().map(|q| search(&q.lang, &q.query, K)).collect();
    if let Some(path) = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)) {
        dump(Path::new(path), &queries, |lang, q| search(lang, q, DUMP_DEPTH));
    }
    let mut table: BTreeMap<(String, String, String), Sums> = BTreeMap::new();
    let mut no_answer: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    println!("tebiki relevance: {} judged queries, the bundled site (content/), top {K}", queries.len());
    for (q, o) in queries.iter().zip(&outcomes) {
        let ranked = sections(o);
        match score(&ranked, q) {
            Some(s) => {
                for kind in ["all", q.kind.as_str()] {
                    table.entry((q.half.clone(), q.lang.clone(), kind.to_owned())).or_default().add(&s);
                }
                if tune_detail && q.half == "tune" {
                    let top: Vec<String> = ranked.iter().take(5).map(|(g, s)| format!("{}:{s}", &g[..6])).collect();
                    println!(
                        "  {:<10} {:.3} {:.3} {:.3}  {}  -> {}",
                        q.id,
                        s.ndcg,
                        s.mrr,
                        s.recall,
                        q.query,
                        top.join(" ")
                    );
                }
            }
            None => {
                no_answer.entry((q.half.clone(), q.lang.clone())).or_default().push(ranked.len());
                if tune_detail && q.half == "tune" {
                    println!("  {:<10} no-answer: {} results  {}", q.id, ranked.len(), q.query);
                }
            }
        }
    }
    println!("{:<26} {:>3}   nDCG    nDCG 95 %       MRR     R@10", "half lang kind", "n");
    let kinds = ["all", "keyword", "compound", "variant", "ime", "colloquial", "synonym", "en-question", "cross-lang"];
    for half in ["tune", "held"] {
        for lang in ["ja", "en"] {
            for kind in kinds {
                if let Some(s) = table.get(&(half.to_owned(), lang.to_owned(), kind.to_owned())) {
                    println!("{}", s.line(&format!("{half} {lang} {kind}")));
                }
            }
        }
    }
    for ((half, lang), counts) in &no_answer {
        let empty = counts.iter().filter(|c| **c == 0).count();
        println!("no-answer {half} {lang}: {empty} of {} return nothing; results: {:?}", counts.len(), counts);
    }
    parity(repo, &public, &queries, &outcomes);
}

/// Writes `--dump`'s JSON: per query its id and its ranked results.
fn dump(path: &Path, queries: &[Judged], search: impl Fn(&str, &str) -> Outcome) {
    let all: Vec<serde_json::Value> = queries
        .iter()
        .map(|q| {
            let hits: Vec<serde_json::Value> = (search(&q.lang, &q.query).hits.iter())
                .map(|h| {
                    serde_json::json!({"lang": h.lang, "guide": h.guide, "section": h.section,
                        "score": h.score, "partial": h.partial})
                })
                .collect();
            serde_json::json!({"id": q.id, "hits": hits})
        })
        .collect();
    std::fs::write(path, serde_json::to_vec(&all).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("rankings of {} queries (up to {DUMP_DEPTH} results each) written to {}", all.len(), path.display());
}

/// Runs every query through the browser engine (Node) and counts those whose ranked
/// results (links, languages, partial marks, scores within 1e-4) equal the Rust ones.
fn parity(repo: &Path, public: &Path, queries: &[Judged], outcomes: &[Outcome]) {
    if !Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
        println!("parity: SKIPPED (node is not installed)");
        return;
    }
    let mut agree = 0;
    let mut differ = Vec::new();
    for lang in ["ja", "en"] {
        let picked: Vec<usize> = (0..queries.len()).filter(|i| queries[*i].lang == lang).collect();
        let texts: Vec<&str> = picked.iter().map(|i| queries[*i].query.as_str()).collect();
        let file = public.join(format!("queries-{lang}.json"));
        std::fs::write(&file, serde_json::to_vec(&texts).unwrap()).unwrap();
        let out = Command::new("node")
            .arg(repo.join("tests/js/search_cli.mjs"))
            .arg(public)
            .arg(lang)
            .arg("--queries")
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "search_cli: {}", String::from_utf8_lossy(&out.stderr));
        let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        for (i, js) in picked.iter().zip(&answers) {
            let rust = &outcomes[*i];
            let js = js["results"].as_array().unwrap();
            let same = rust.hits.len() == js.len()
                && rust.hits.iter().zip(js).all(|(h, j)| {
                    j["url"] == h.url.as_str()
                        && j["lang"] == h.lang.as_str()
                        && j["partial"] == h.partial
                        && (j["score"].as_f64().unwrap() - f64::from(h.score)).abs() <= 1e-4
                });
            if same {
                agree += 1;
            } else {
                differ.push(queries[*i].id.clone());
            }
        }
    }
    println!("parity: {agree} of {} queries ranked alike by tantivy and the browser engine", queries.len());
    if !differ.is_empty() {
        println!("  differ: {}", differ.join(" "));
    }
}
