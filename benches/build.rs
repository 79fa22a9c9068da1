//! Release build time of the bundled site (`content/`: the Japanese guides and their
//! English translations), the number the issue holds under 300 ms.
//!
//! Run: `cargo bench --bench build`. Copies the bundled content to a temporary site,
//! then times whole builds two ways: `tebiki::build` in this process (stages only) and
//! the `tebiki build` binary end to end (process start included). Prints the median and
//! the fastest of each, the pages and bytes written; no assertions.

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
    let verdict = if median < TARGET { "under" } else { "OVER" };
    println!(
        "{name:<28} median {:>6.1} ms   fastest {:>6.1} ms   ({verdict} the {} ms target, {} runs)",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        TARGET.as_millis(),
        times.len()
    );
}

fn main() {
    let root: PathBuf = std::env::temp_dir().join(format!("tebiki-bench-build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &root.join("content"));

    let plan = tebiki::BuildPlan::new(root.clone(), None, false).unwrap();
    let mut report = None;
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            report = Some(tebiki::build(&plan, &tebiki::build::Quiet).expect("build"));
            started.elapsed()
        })
        .collect();
    let report = report.unwrap();
    println!(
        "bundled site: {} guides, {} pages, {} files, {} bytes",
        report.guides, report.pages, report.files, report.bytes
    );
    summarize("tebiki::build (in process)", times);

    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_tebiki"))
                .args(["build", "--root", root.to_str().unwrap()])
                .output()
                .expect("run tebiki");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            started.elapsed()
        })
        .collect();
    summarize("tebiki build (binary)", times);
    let _ = std::fs::remove_dir_all(&root);
}
