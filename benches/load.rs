//! The load stage of a rebuild in `tebiki serve`: loading N generated guides
//! (`benches/support/corpus.rs`) from scratch, as every command does, against loading them
//! again with the guides parsed by the last load ([`GuideCache`]), as `serve` does after one
//! guide was edited or after nothing changed. Medians of several runs.
//!
//! Run: `cargo bench --bench load` (N = 1,000) or `cargo bench --bench load -- 100 5000
//! [--runs 7]`. Scratch goes to `target/bench-load/`. No assertions: it prints.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use tebiki::Project;
use tebiki::project::GuideCache;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let runs = args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(5);
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).filter(|n| *n != runs).collect();
    if sizes.is_empty() {
        sizes.push(1000);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("load stage: medians of {runs} runs (release build)");
    println!("| N | fresh load | reusing, one guide edited | reusing, nothing changed |");
    println!("|---|---|---|---|");
    for n in sizes {
        let site = repo.join(format!("target/bench-load/site-{n}"));
        corpus::write_site(&repo.join("content/ja"), n, &site);
        let fresh = median((0..runs).map(|_| time(|| Project::load(&site).expect("load"))));
        let mut cache = GuideCache::default();
        Project::load_reusing(&site, &mut cache).expect("load");
        let edited_file = site.join("content/ja/d00001.txt");
        let original = std::fs::read_to_string(&edited_file).expect("read a generated guide");
        let edited = median((0..runs).map(|i| {
            std::fs::write(&edited_file, corpus::with_sentence(&original, i)).expect("edit");
            let took = time(|| Project::load_reusing(&site, &mut cache).expect("load"));
            assert_eq!(cache.parsed, 1, "one guide parsed again");
            took
        }));
        let unchanged = median((0..runs).map(|_| time(|| Project::load_reusing(&site, &mut cache).expect("load"))));
        println!("| {n} | {} ms | {} ms | {} ms |", fresh.as_millis(), edited.as_millis(), unchanged.as_millis());
    }
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let started = Instant::now();
    std::hint::black_box(f());
    started.elapsed()
}

fn median(runs: impl Iterator<Item = Duration>) -> Duration {
    let mut all: Vec<Duration> = runs.collect();
    all.sort();
    all[all.len() / 2]
}
