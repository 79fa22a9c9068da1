//! Search benchmark: index and export time, exported size, and per query the bytes a
//! cold query loads and warm query times in Node, on generated guides.
//!
//! ```sh
//! cargo bench --bench search                 # 1,000 guides generated from content/ja
//! cargo bench --bench search -- 5000         # another size
//! cargo bench --bench search -- --content DIR  # guides from DIR/*.txt
//! ```
//!
//! Needs `node` for the query numbers. Scratch goes to `target/bench-search/`.

#[path = "../tests/search/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tebiki::config::Config;

const QUERIES: [&str; 5] = ["情報漏洩", "初動対応", "バックアップ", "経営層 説明", "証拠保全"];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let scratch = repo.join("target/bench-search");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let guides = match args.iter().position(|a| a == "--content") {
        Some(i) => {
            let dir = PathBuf::from(&args[i + 1]);
            let root = scratch.join("root");
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                std::fs::copy(&p, root.join("content/ja").join(p.file_name().unwrap())).unwrap();
            }
            tebiki::project::load_guides(&root, &Config::default()).unwrap().0
        }
        None => {
            let n = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
            corpus::generate(repo, n)
        }
    };
    let n = guides.len();
    let text: usize = guides.iter().map(|g| g.doc.sections.len()).sum();
    let site = tebiki::link::link(&Config::default(), guides);
    let cache = scratch.join("cache");
    let t = Instant::now();
    let out = tebiki::search::build_search(&site, &cache).unwrap();
    let build = t.elapsed();
    let t = Instant::now();
    let again = tebiki::search::build_search(&site, &cache).unwrap();
    let rebuild = t.elapsed();
    assert_eq!(out.files, again.files, "export bytes differ between two builds");
    let public = scratch.join("public");
    for (path, bytes) in &out.files {
        let p = public.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let docs = tebiki::search::indexes(&site, &cache).unwrap()[0].reader.searcher().num_docs();
    println!("tebiki search benchmark: {n} guides, {text} sections, {docs} search documents");
    println!(
        "index + export: {:.2} s (again with the cached index: {:.2} s)",
        build.as_secs_f64(),
        rebuild.as_secs_f64()
    );
    println!("exported: {:.1} MiB in {} files", out.total_bytes() as f64 / 1048576.0, out.files.len());
    let size = |f: &str| out.files[&format!("assets/search/{f}")].len();
    let ui = size("search-ui.js");
    let module = ["searcher.mjs", "score.mjs", "shards.mjs", "postings.mjs", "tokenizer.mjs", "shared.mjs"]
        .iter()
        .map(|f| size(f))
        .sum::<usize>();
    println!(
        "engine: search-ui.js {:.1} KiB (browser, with UI); ES modules {:.1} KiB (Node); stemmer.js {:.1} KiB (only \
         for queries with a word to stem)",
        ui as f64 / 1024.0,
        module as f64 / 1024.0,
        size("stemmer.js") as f64 / 1024.0
    );
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !node {
        println!("node not found: no query numbers");
        return;
    }
    let cli = repo.join("tests/js/search_cli.mjs");
    println!(
        "\n| query | results | cold KiB (Node: modules + shards) | cold KiB (browser: search-ui.js + shards) | cold bytes \
         (browser) | files | warm p50 ms | warm p95 ms | warm p95 CPU ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let warm =
        Command::new("node").arg(repo.join("benches/warm.mjs")).arg(&public).arg("ja").args(QUERIES).output().unwrap();
    assert!(warm.status.success(), "{}", String::from_utf8_lossy(&warm.stderr));
    let warm: serde_json::Value = serde_json::from_slice(&warm.stdout).unwrap();
    for q in QUERIES {
        let o = Command::new("node").arg(&cli).arg(&public).arg("ja").arg(q).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let bytes = v["bytes"].as_u64().unwrap() as usize;
        let browser = v["shardBytes"].as_u64().unwrap() as usize + ui;
        println!(
            "| {q} | {} | {:.1} | {:.1} | {browser} | {} | {} | {} | {} |",
            v["results"].as_array().unwrap().len(),
            bytes as f64 / 1024.0,
            browser as f64 / 1024.0,
            v["files"].as_array().unwrap().len(),
            warm[q]["p50_ms"],
            warm[q]["p95_ms"],
            warm[q]["cpu_p95_ms"]
        );
    }
}
