//! Release build time of the bundled site (`content/`: the Japanese guides and their
//! English translations), the number the issue holds under 300 ms.
//!
//! Run: `cargo bench --bench build`. Copies the bundled content to a temporary site (on
//! disk, and again in memory under /dev/shm where there is one), then times whole builds
//! four ways: a fresh clone's first build (no output, no `.tebiki/`) with the `tebiki build`
//! binary, builds into no output folder with `tebiki::build` in this process (the search
//! cache kept), rebuilds in this process (which reuse unchanged files of the previous
//! output, see `write.rs`), and rebuilds with the binary end to end (process start
//! included). Prints the median and the fastest of each and of each stage, the pages and
//! bytes written; no assertions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 15;
const TARGET: Duration = Duration::from_millis(300);

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

fn summarize(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let verdict = if name.starts_with("  stage") {
        String::new()
    } else {
        format!(
            "   ({} the {} ms target, {} runs)",
            if median < TARGET { "under" } else { "OVER" },
            TARGET.as_millis(),
            times.len()
        )
    };
    println!(
        "{name:<28} median {:>6.1} ms   fastest {:>6.1} ms{verdict}",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
    );
}

fn main() {
    // The system's temporary folder is usually on disk; /dev/shm, where there is one, is
    // memory. Creating many small files (the search shards) costs far more on a busy
    // disk than the stages themselves, so both are shown.
    let mut bases = vec![std::env::temp_dir()];
    if Path::new("/dev/shm").is_dir() {
        bases.push(PathBuf::from("/dev/shm"));
    }
    for base in bases {
        println!("site in {}:", base.display());
        bench_in(&base);
    }
}

fn bench_in(base: &Path) {
    let root = base.join(format!("tebiki-bench-build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &root.join("content"));

    let plan = tebiki::BuildPlan::new(&root, None, false).unwrap();
    // A whole build as the command runs it: load the project, then the pipeline.
    let build = || {
        let project = tebiki::Project::load(&root).expect("load");
        tebiki::build(&project, &plan, &tebiki::build::Quiet).expect("build")
    };
    // A fresh clone's first build: no output and no `.tebiki/` (no search cache, no build
    // record), in a process of its own (the dictionary is read once per process).
    let binary = |args: &[&str]| {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_tebiki")).args(args).output().expect("run tebiki");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        started.elapsed()
    };
    let fresh: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&plan.out);
            let _ = std::fs::remove_dir_all(root.join(".tebiki"));
            binary(&["build", "--root", root.to_str().unwrap()])
        })
        .collect();
    summarize("first build (tebiki binary, no output, no .tebiki)", fresh);
    let cold: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&plan.out);
            build().elapsed
        })
        .collect();
    summarize("build into no output (in process, cache kept)", cold);
    let reports: Vec<tebiki::BuildReport> = (0..RUNS).map(|_| build()).collect();
    let report = &reports[0];
    println!(
        "bundled site: {} guides, {} pages, {} files, {} bytes",
        report.guides, report.pages, report.files, report.bytes
    );
    summarize("rebuild (in process)", reports.iter().map(|r| r.elapsed).collect());
    for (i, (stage, _)) in report.stages.iter().enumerate() {
        summarize(&format!("  stage {stage}"), reports.iter().map(|r| r.stages[i].1).collect());
    }

    let times: Vec<Duration> = (0..RUNS).map(|_| binary(&["build", "--root", root.to_str().unwrap()])).collect();
    summarize("rebuild (tebiki binary)", times);
    let _ = std::fs::remove_dir_all(&root);
}
