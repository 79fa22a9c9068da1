//! How the build scales: for N generated guides (`benches/support/corpus.rs`), the release
//! `tebiki build` binary end to end —
//!
//! - a cold build (no output, no `.tebiki/`), a rebuild with nothing changed, and a rebuild
//!   after one guide gained a sentence (another sentence each run, of everyday words:
//!   `corpus::with_sentence`), and one after it gained a section (a heading and its
//!   text), each the median of several runs, with the stage
//!   times the build reports (`--timings`) and the peak memory of the process;
//! - what it wrote: bytes, files, the largest page;
//! - `tebiki search`: one query after a guide changed (it loads the project), and the
//!   median of several queries on the site as built (it opens the cached index);
//! - and, when `hugo` is on PATH, Hugo (no search) on the same guides in the same run.
//!
//! Run: `cargo bench --bench scale` (N = 1,000) or `cargo bench --bench scale -- 100 1000
//! 5000 [--runs 3] [--reference OLD_TEBIKI]`; `--reference` also times another `tebiki`
//! binary (a previous release, say) on the same guides (a copy of them) in the same run,
//! the two binaries taking turns run by run. Scratch goes to `target/bench-scale/`. No
//! assertions: it prints.
//!
//! What a run replaces (the last output before a cold build, the last corpus) is moved
//! aside, not deleted, and deleted at the end: on ext4, creating files soon after deleting
//! many searches past the freed inodes, which put up to 6 s of kernel time into a cold
//! build of 1,000 guides — into whichever binary came after a deletion. A run needs disk
//! for every cold build's output at once, and with a reference for two copies of the
//! guides and their caches (about 3 GB at 1,000 guides with 3 runs and a reference, 15
//! GB at 5,000).

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    // The child that runs one command and reports its peak memory (see `measure`).
    if args.first().map(String::as_str) == Some("--measure-child") {
        measure_child(&args[1..]);
        return;
    }
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let runs = value("--runs").and_then(|v| v.parse().ok()).unwrap_or(3);
    let reference = value("--reference").map(PathBuf::from);
    let mut sizes: Vec<usize> = Vec::new();
    let mut skip = false;
    for a in &args {
        if std::mem::take(&mut skip) {
            continue;
        }
        skip = a == "--runs" || a == "--reference";
        if let Ok(n) = a.parse() {
            sizes.push(n);
        }
    }
    if sizes.is_empty() {
        sizes.push(1000);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = repo.join("target/bench-scale");
    let hugo = Command::new("hugo").arg("version").output().is_ok_and(|o| o.status.success());
    let aside = Aside::new(scratch.join("set-aside"));
    println!("tebiki scale benchmark: medians of {runs} runs, release binary, {} cores", cores());
    for n in sizes {
        let site = scratch.join(format!("site-{n}"));
        aside.put(&site);
        corpus::write_site(&repo.join("content/ja"), n, &site);
        let input: u64 = walk(&site.join("content")).iter().map(|(_, len)| len).sum();
        println!("\n## N = {n} guides ({:.1} MiB of guidance text)", mib(input));
        let mut subjects = vec![Subject {
            label: "this build".into(),
            bin: PathBuf::from(env!("CARGO_BIN_EXE_tebiki")),
            site,
            timings: true,
        }];
        if let Some(reference) = &reference {
            // The same guides in a folder of their own: each binary keeps its own output
            // and `.tebiki/` from build to build.
            let site = scratch.join(format!("site-{n}-reference"));
            aside.put(&site);
            corpus::write_site(&repo.join("content/ja"), n, &site);
            // An older binary may not know `--timings`.
            let help = Command::new(reference).args(["build", "--help"]).output();
            let timings = help.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("--timings"));
            subjects.push(Subject {
                label: format!("reference {}", reference.display()),
                bin: reference.clone(),
                site,
                timings,
            });
        }
        bench(&subjects, runs, &aside);
        if hugo {
            hugo_bench(repo, &scratch, n, runs, &aside);
        } else {
            println!("\nhugo not on PATH: no Hugo reference (Debian: apt install hugo)");
        }
    }
}

/// Where replaced folders go until the end of the run (see the module doc).
struct Aside {
    dir: PathBuf,
    count: std::cell::Cell<usize>,
}

impl Aside {
    fn new(dir: PathBuf) -> Aside {
        // Left by an interrupted run: deleted now, before anything is timed.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the set-aside folder");
        Aside { dir, count: std::cell::Cell::new(0) }
    }

    /// Moves `path` (when it exists) into the set-aside folder.
    fn put(&self, path: &Path) {
        if path.exists() {
            self.count.set(self.count.get() + 1);
            let to = self.dir.join(self.count.get().to_string());
            std::fs::rename(path, &to).unwrap_or_else(|e| panic!("move {} aside: {e}", path.display()));
        }
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One command's run: wall time, peak resident memory, and what it printed.
struct Run {
    wall: Duration,
    max_rss_kib: u64,
    stderr: String,
}

/// A binary timed on a copy of the generated guides.
struct Subject {
    label: String,
    bin: PathBuf,
    site: PathBuf,
    /// Whether the binary knows `tebiki build --timings`.
    timings: bool,
}

impl Subject {
    fn build(&self) -> Run {
        let root = self.site.to_str().expect("UTF-8 path");
        let args: &[&str] =
            if self.timings { &["build", "--root", root, "--timings"] } else { &["build", "--root", root] };
        measure(&self.bin, args)
    }

    fn search(&self, query: &str) -> Run {
        let mut args = vec!["search", "--root", self.site.to_str().expect("UTF-8 path")];
        args.extend(query.split(' '));
        measure(&self.bin, &args)
    }

    /// The guide every edit changes.
    fn edited_file(&self) -> PathBuf {
        self.site.join("content/ja/d00001.txt")
    }
}

/// Times each subject on its copy of the generated guides: cold, unchanged, one-guide
/// edited and section-added builds, what it wrote, and queries. The subjects take turns
/// run by run (every cold build of one, then of the next, and so on), the first of one
/// run last in the next, so that neither always comes first: on this machine the first of
/// two builds in turn is the slower (the file system still writing the other's output).
fn bench(subjects: &[Subject], runs: usize, aside: &Aside) {
    // Per subject, its runs: `make(run, subject's place, subject)`.
    let each = |make: &dyn Fn(usize, usize, &Subject) -> Run| -> Vec<Vec<Run>> {
        let mut out: Vec<Vec<Run>> = subjects.iter().map(|_| Vec::new()).collect();
        for i in 0..runs {
            let mut order: Vec<usize> = (0..subjects.len()).collect();
            if i % 2 == 1 {
                order.reverse();
            }
            for k in order {
                out[k].push(make(i, k, &subjects[k]));
            }
        }
        out
    };
    let cold = each(&|_, _, s| {
        aside.put(&s.site.join("public"));
        aside.put(&s.site.join(".tebiki"));
        s.build()
    });
    let unchanged = each(&|_, _, s| s.build());
    let originals: Vec<String> =
        subjects.iter().map(|s| std::fs::read_to_string(s.edited_file()).expect("read a generated guide")).collect();
    let edited = each(&|i, k, s| {
        let text = corpus::with_sentence(&originals[k], i);
        std::fs::write(s.edited_file(), text).expect("edit a guide");
        s.build()
    });
    // Each run adds one more section to the same guide than the last: the guide's search
    // documents grow by one, and the document numbers after it move.
    let sectioned = each(&|i, k, s| {
        std::fs::write(s.edited_file(), corpus::with_sections(&originals[k], i + 1)).expect("edit a guide");
        s.build()
    });
    for (s, original) in subjects.iter().zip(&originals) {
        std::fs::write(s.edited_file(), original).expect("restore the edited guide");
    }
    // The guide restored above changed the site since the last build: the first query
    // loads the project (and records the cache's stamp), the next ones open the index.
    let first: Vec<Run> = subjects.iter().map(|s| s.search(QUERIES[0])).collect();
    let mut queries: Vec<Vec<Run>> = subjects.iter().map(|_| Vec::new()).collect();
    for q in QUERIES {
        for _ in 0..runs.max(3) {
            for (k, s) in subjects.iter().enumerate() {
                queries[k].push(s.search(q));
            }
        }
    }

    for (k, s) in subjects.iter().enumerate() {
        println!("\n### {}\n", s.label);
        println!("| build | wall (median) | peak RSS | stages (median run) |");
        println!("|---|---|---|---|");
        let rows = [
            ("cold", &cold[k]),
            ("no change", &unchanged[k]),
            ("one guide edited", &edited[k]),
            ("a section added", &sectioned[k]),
        ];
        for (name, runs) in rows {
            let median = median_run(runs);
            println!(
                "| {name} | {} ms | {:.0} MiB | {} |",
                median.wall.as_millis(),
                runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
                stages(&median.stderr)
            );
        }
        output_line(&s.site);
        let q = median_run(&queries[k]);
        println!(
            "tebiki search, after a guide changed (loads the project): {} ms, peak RSS {:.0} MiB",
            first[k].wall.as_millis(),
            first[k].max_rss_kib as f64 / 1024.0
        );
        println!(
            "tebiki search, site as built ({} queries × {} runs): median {} ms, slowest {} ms, peak RSS {:.0} MiB",
            QUERIES.len(),
            runs.max(3),
            q.wall.as_millis(),
            queries[k].iter().map(|r| r.wall).max().unwrap_or_default().as_millis(),
            queries[k].iter().map(|r| r.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
        );
    }
}

/// What the build wrote into `site`'s output: bytes, files, pages, search files, and the
/// largest page.
fn output_line(site: &Path) {
    let files = walk(&site.join("public"));
    let bytes: u64 = files.iter().map(|(_, len)| len).sum();
    let pages: Vec<&(PathBuf, u64)> =
        files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "html")).collect();
    let largest = pages.iter().max_by_key(|(_, len)| *len);
    let search: Vec<&(PathBuf, u64)> =
        files.iter().filter(|(p, _)| p.to_string_lossy().contains("/assets/search/")).collect();
    println!(
        "\noutput: {:.1} MiB in {} files ({} pages; search {:.1} MiB in {} files); largest page {} ({:.2} MiB)",
        mib(bytes),
        files.len(),
        pages.len(),
        mib(search.iter().map(|(_, l)| l).sum()),
        search.len(),
        largest
            .map(|(p, _)| p.strip_prefix(site.join("public")).unwrap_or(p).display().to_string())
            .unwrap_or_default(),
        mib(largest.map(|(_, l)| *l).unwrap_or(0)),
    );
}

/// The queries `tebiki search` is timed with (space-separated terms).
const QUERIES: [&str; 5] = ["情報漏洩", "ランサムウェア 初動", "証拠保全", "バックアップ 頻度", "記者会見"];

/// Hugo (no search) on the same guides, written as Markdown.
fn hugo_bench(repo: &Path, scratch: &Path, n: usize, runs: usize, aside: &Aside) {
    let hugo_site = scratch.join(format!("hugo-{n}"));
    aside.put(&hugo_site);
    corpus::write_hugo_site(&repo.join("content/ja"), n, &hugo_site);
    let dir = hugo_site.to_str().expect("UTF-8 path");
    let hugo_runs: Vec<Run> = (0..runs)
        .map(|_| {
            aside.put(&hugo_site.join("public"));
            measure(Path::new("hugo"), &["--quiet", "--source", dir])
        })
        .collect();
    let h = median_run(&hugo_runs);
    println!(
        "\nhugo (no search), same guides, same run: cold {} ms, peak RSS {:.0} MiB",
        h.wall.as_millis(),
        h.max_rss_kib as f64 / 1024.0
    );
}

/// Runs `program args` through a child of this benchmark that reports the command's peak
/// memory (the maximum resident set of its waited-for children).
fn measure(program: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let out = Command::new(std::env::current_exe().expect("the benchmark's own path"))
        .arg("--measure-child")
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the measuring child");
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{} {args:?} failed:\n{stderr}", program.display());
    let max_rss_kib =
        stdout.lines().last().and_then(|l| l.strip_prefix("maxrss_kib ")).and_then(|v| v.parse().ok()).unwrap_or(0);
    Run { wall, max_rss_kib, stderr }
}

fn measure_child(args: &[String]) {
    let status = Command::new(&args[0])
        .args(&args[1..])
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("run {}: {e}", args[0]));
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    println!("maxrss_kib {}", usage.max_rss());
    std::process::exit(status.code().unwrap_or(1));
}

fn median_run(runs: &[Run]) -> &Run {
    let mut order: Vec<&Run> = runs.iter().collect();
    order.sort_by_key(|r| r.wall);
    order[order.len() / 2]
}

/// The `stages: …` line `tebiki build --timings` prints.
fn stages(stderr: &str) -> String {
    stderr.lines().find_map(|l| l.strip_prefix("stages: ")).unwrap_or("-").to_owned()
}

/// Every file below `dir` with its length.
fn walk(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) => out.push((path, m.len())),
                Err(_) => {}
            }
        }
    }
    out
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1048576.0
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}
