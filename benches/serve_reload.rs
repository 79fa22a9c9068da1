//! Edit-to-reload latency of `tebiki serve`: the time from writing one guide to the
//! `reload` event arriving on the live-reload stream, for the edited pages and for the
//! build that brings the search files up to date after them; on the bundled site (ten
//! guides in two languages) and on 200 guides generated from the bundled Japanese ones,
//! or, given sizes, on N guides of the scale benchmark's corpus
//! (`benches/support/corpus.rs`).
//!
//! Run: `cargo bench --bench serve_reload` or `cargo bench --bench serve_reload -- 1000`.
//! It starts the release binary on 127.0.0.1 (port 0) over a site in a temporary folder
//! (a corpus site built once into serve's folder first), waits for its first build, edits
//! one guide [`EDITS`] times (each time waiting for the search files before the next) by
//! adding a sentence, then as many times by adding a section (a heading and its text),
//! and prints the median and the maximum latencies, with the build times the server
//! reported for the same edits (the rest is the watcher's debounce, and the event). No
//! assertions.

#[path = "../tests/serve_client.rs"]
mod serve_client;

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serve_client::Server;

/// Timed edits per site, after one untimed warm-up edit.
const EDITS: usize = 10;
/// Generated guides for the large site.
const GENERATED: usize = 200;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = Path::new(env!("CARGO_BIN_EXE_tebiki"));
    println!("serve_reload: edit-to-reload latency, {EDITS} edits each (file written → `reload` event received)");
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if !sizes.is_empty() {
        for n in sizes {
            let site = Scratch::new(&format!("corpus-{n}"));
            corpus::write_site(&repo.join("content/ja"), n, &site.0);
            // Built once into serve's own folder first, so that the server starts from a
            // site it built before (its first build keeps every file) rather than taking
            // the time of a cold build to print its address.
            let out = site.0.join(".tebiki/serve/site");
            let built = std::process::Command::new(bin)
                .args(["build", "--root"])
                .arg(&site.0)
                .arg("--out")
                .arg(&out)
                .output()
                .expect("run tebiki build");
            assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
            run(&format!("{n} guides of the scale corpus"), bin, &site.0, "content/ja/d00001.txt");
        }
        return;
    }

    let bundled = Scratch::new("bundled");
    copy_tree(&repo.join("content"), &bundled.0.join("content"));
    run("bundled site (5 ja + 5 en guides)", bin, &bundled.0, "content/ja/p2p-trouble-disclosure.txt");

    let large = Scratch::new("generated");
    generate(&repo.join("content/ja"), &large.0.join("content/ja"), GENERATED);
    run(&format!("{GENERATED} generated guides"), bin, &large.0, "content/ja/data-breach-litigation-000.txt");
}

/// Starts a server on `root`, edits `file` repeatedly, and prints the latencies.
fn run(label: &str, bin: &Path, root: &Path, file: &str) {
    let server = Server::start(bin, root);
    let events = server.events();
    events.wait_for("hello").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    // The first build of a large site takes a while: edits are timed after it.
    let started = Instant::now();
    while build_lines(&server.output()).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(900), "no first build:\n{}", server.output());
        std::thread::sleep(Duration::from_millis(100));
    }
    // Events of the first build are not an edit's.
    while events.next(Duration::from_millis(500)).is_some() {}
    let path = root.join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    println!("  {label}");
    let first = build_lines(&server.output()).first().map(|b| b.total).unwrap_or_default();
    println!("    (first build {} ms)", first.as_millis());
    for edit in [Edit::Sentence, Edit::Section] {
        timed_edits(&server, &events, &path, &original, edit);
    }
}

/// How each timed edit changes the guide.
#[derive(Clone, Copy)]
enum Edit {
    /// A new sentence at the end of the guide.
    Sentence,
    /// One more section than the edit before (a heading and a line of text at the end):
    /// the guide's number of sections changes every time.
    Section,
}

/// Edits the guide at `path` [`EDITS`] times (after one untimed edit) and prints the
/// latencies and the server's build times for those edits.
fn timed_edits(server: &Server, events: &serve_client::EventStream, path: &Path, original: &str, edit: Edit) {
    let (mut pages, mut search) = (Vec::new(), Vec::new());
    let pending = |data: &str| data.contains("\"searchPending\":true");
    let before = build_lines(&server.output()).len();
    for i in 0..=EDITS {
        let text = match edit {
            Edit::Sentence => corpus::with_sentence(original, i),
            Edit::Section => corpus::with_sections(original, i + 1),
        };
        let written = Instant::now();
        std::fs::write(path, text).unwrap();
        // The edited pages reload first; the search files follow in a build of their own.
        let (mut reload, _) =
            events.wait_for("reload").unwrap_or_else(|e| panic!("edit {i}: {e}\n{}", server.output()));
        let shown = written.elapsed();
        while pending(&reload.data) {
            reload = events.wait_for("reload").unwrap_or_else(|e| panic!("edit {i}: {e}\n{}", server.output())).0;
        }
        if i > 0 {
            pages.push(shown);
            search.push(written.elapsed());
        }
        // Let the watcher settle, so that edits do not run into one another.
        std::thread::sleep(Duration::from_millis(200));
    }
    let builds: Vec<BuildLine> = build_lines(&server.output()).into_iter().skip(before).collect();
    println!(
        "    {}",
        match edit {
            Edit::Sentence => "a sentence added",
            Edit::Section => "a section added",
        }
    );
    for (what, latencies) in [("pages", &pages), ("search", &search)] {
        println!(
            "    edit to {what:<6} reload  median {:>5} ms   max {:>5} ms",
            median(latencies).as_millis(),
            latencies.iter().max().unwrap().as_millis()
        );
    }
    for (what, deferred) in [("pages", true), ("search", false)] {
        let of_kind: Vec<&BuildLine> = builds.iter().filter(|b| b.deferred == deferred).collect();
        let timed = &of_kind[of_kind.len().saturating_sub(EDITS)..];
        let totals: Vec<Duration> = timed.iter().map(|b| b.total).collect();
        let names: Vec<String> =
            timed.first().map(|b| b.stages.iter().map(|s| s.0.clone()).collect()).unwrap_or_default();
        let stages: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let times: Vec<Duration> = timed.iter().filter_map(|b| b.stages.get(i).map(|s| s.1)).collect();
                format!("{name} {} ms", median(&times).as_millis())
            })
            .collect();
        println!(
            "    {what:<6} builds  median {:>5} ms   max {:>5} ms   stages {}",
            median(&totals).as_millis(),
            totals.iter().max().copied().unwrap_or_default().as_millis(),
            stages.join(", ")
        );
    }
}

/// One `build N: … pages in T ms (stage T ms, …[; search follows])` line of the server.
struct BuildLine {
    total: Duration,
    stages: Vec<(String, Duration)>,
    /// A build of the pages whose search files follow in the next build.
    deferred: bool,
}

/// The builds the server reported, in order.
fn build_lines(output: &str) -> Vec<BuildLine> {
    let ms = |s: &str| s.trim().strip_suffix(" ms")?.parse().ok().map(Duration::from_millis);
    output
        .lines()
        .filter(|l| l.starts_with("build "))
        .filter_map(|l| {
            let (_, timing) = l.split_once(" pages in ")?;
            let (total, stages) = timing.split_once(" (")?;
            let stages = stages.trim_end_matches(')');
            let (stages, deferred) = match stages.strip_suffix("; search follows") {
                Some(stages) => (stages, true),
                None => (stages, false),
            };
            let stages = stages
                .split(", ")
                .filter_map(|s| {
                    let (name, took) = s.split_once(' ')?;
                    Some((name.to_owned(), ms(took)?))
                })
                .collect();
            Some(BuildLine { total: ms(total)?, stages, deferred })
        })
        .collect()
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// `count` guides from the guidance-text guides in `from`: copies taken in turn, each with
/// a slug of its own (`<seed>-NNN`) and its own wording in the title and the opening
/// paragraph, so that no two pages or search entries are the same.
fn generate(from: &Path, to: &Path, count: usize) {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let seeds: Vec<(String, String)> = seeds
        .iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    std::fs::create_dir_all(to).unwrap();
    for k in 0..count {
        let (slug, text) = &seeds[k % seeds.len()];
        std::fs::write(to.join(format!("{slug}-{k:03}.txt")), vary(text, k)).unwrap();
    }
}

/// The guide with case `k` written into its title (the first line after the outcomes) and
/// its opening paragraph.
fn vary(text: &str, k: usize) -> String {
    let mut out = Vec::new();
    let mut stage = 0;
    for line in text.lines() {
        let outcomes = line == "解決できること" || line.starts_with("- ");
        match stage {
            0 if !outcomes => {
                out.push(format!("{line}（事例{k}）"));
                stage = 1;
            }
            1 => {
                out.push(format!("{line}本書は事例{k}の担当者向けの版です。"));
                stage = 2;
            }
            _ => out.push(line.to_owned()),
        }
    }
    out.join("\n") + "\n"
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A temporary folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("tebiki-bench-serve-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
