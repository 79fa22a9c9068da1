//! The site search in headless Chromium (`tests/js/search.test.mjs`): from `file://` and
//! over http, typing a Japanese query shows results and Enter lands on the section with
//! the terms marked; a Japanese query on an English page finds the Japanese sections,
//! labelled; a result from a perspective block says so, the label's English word marked
//! as English; partial matches are marked; markup in a query or a guide runs nothing.
//! Fails under `CI` when Node, Chromium or `tests/js/node_modules` is missing; otherwise
//! skips loudly.

use std::path::PathBuf;
use std::process::Command;

use super::bundled_root;
use crate::harness::{repo, tebiki};

fn chromium() -> PathBuf {
    std::env::var_os("TEBIKI_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

#[test]
fn search_works_in_headless_chromium_from_file_and_http() {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if super::node("search browser tests").is_none() {
        return;
    }
    if !repo().join("tests/js/node_modules/playwright-core").is_dir() {
        missing.push("tests/js/node_modules/playwright-core (run `npm ci` in tests/js)".to_owned());
    }
    if !missing.is_empty() {
        let msg = format!("search browser tests cannot run: missing {}", missing.join(", "));
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("\n!!!!!!!! SKIPPED: {msg} (this fails in CI) !!!!!!!!\n");
        return;
    }
    let root = bundled_root();
    let out_dir = root.path().join("public");
    let built = tebiki(&["build", "--root", root.path().to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    assert!(built.status.success(), "build failed: {}", String::from_utf8_lossy(&built.stderr));
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "search.test.mjs"])
        .current_dir(repo().join("tests/js"))
        .env("TEBIKI_SITE", &out_dir)
        .env("TEBIKI_CHROMIUM", chromium())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let count = |what: &str| {
        stdout.lines().find_map(|l| l.strip_prefix(&format!("ℹ {what} ")).and_then(|n| n.trim().parse::<usize>().ok()))
    };
    assert_eq!(count("fail"), Some(0), "{stdout}");
    assert_eq!(count("pass"), Some(29), "every browser test must run:\n{stdout}");
}
