//! Parse throughput of the guidance-text parser on the bundled seeds, and on inputs
//! 10× and 100× larger (the seeds' bodies repeated), to show the cost is linear.
//!
//! Run: `cargo bench --bench parse`. Prints one line per size; no assertions.

use std::hint::black_box;
use std::time::{Duration, Instant};

use tebiki::parse::{Format, ParseOptions, parse_text};

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/ja");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/ja")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// One document per seed whose sections are repeated `times` times.
fn scaled(seed: &str, times: usize) -> String {
    let lines: Vec<&str> = seed.lines().collect();
    // Outcomes block and title are the first four lines of every seed.
    let (head, body) = lines.split_at(4.min(lines.len()));
    let mut out = head.join("\n");
    for _ in 0..times {
        out.push('\n');
        out.push_str(&body.join("\n"));
    }
    out
}

fn measure(docs: &[String]) -> (f64, Duration) {
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut best = Duration::MAX;
    let budget = Instant::now();
    let mut runs = 0;
    while runs < 5 || (budget.elapsed() < Duration::from_secs(2) && runs < 200) {
        let t = Instant::now();
        for d in docs {
            black_box(parse_text(black_box(d), Format::Txt, ParseOptions::default()));
        }
        best = best.min(t.elapsed());
        runs += 1;
    }
    (bytes as f64 / 1e6 / best.as_secs_f64(), best)
}

fn main() {
    let seeds = seeds();
    println!("guidance-text parse, best of repeated runs");
    println!("{:>6} {:>10} {:>12} {:>10} {:>14}", "size", "bytes", "time", "MB/s", "µs per KB");
    for times in [1, 10, 100] {
        let docs: Vec<String> = seeds.iter().map(|s| scaled(s, times)).collect();
        let bytes: usize = docs.iter().map(String::len).sum();
        let (mbps, best) = measure(&docs);
        let us_per_kb = best.as_secs_f64() * 1e6 / (bytes as f64 / 1024.0);
        println!("{:>5}x {:>10} {:>10.2}ms {:>10.1} {:>14.2}", times, bytes, best.as_secs_f64() * 1e3, mbps, us_per_kb);
    }
}
