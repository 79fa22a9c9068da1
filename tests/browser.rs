//! The browser suite (`tests/js/`, run by `node --test`) on a freshly built site, in
//! headless Chromium. It needs `node`, Chromium (`/usr/bin/chromium`, or
//! `TEBIKI_CHROMIUM`) and `tests/js/node_modules` (`npm ci` in `tests/js`, which
//! `.ci/run` does). When one is missing the test fails under CI (`CI` set) and
//! otherwise says loudly that it skipped.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::*;

pub fn chromium() -> PathBuf {
    std::env::var_os("TEBIKI_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        missing.push("node".into());
    }
    for module in ["playwright-core", "axe-core"] {
        if !repo().join("tests/js/node_modules").join(module).is_dir() {
            missing.push(format!("tests/js/node_modules/{module} (run `npm ci` in tests/js)"));
        }
    }
    missing
}

#[test]
fn builds_a_site_that_works_in_headless_chromium() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let msg = format!("browser tests cannot run: missing {}", missing.join(", "));
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        eprintln!("!!! SKIPPED: {msg}");
        eprintln!("!!! (under CI, with CI set, this is a failure)");
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
        return;
    }
    let site = TestSite::bundled_all("browser");
    site.build_ok();
    let artifacts = repo().join("tests/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "site.test.mjs", "i18n.test.mjs"])
        .current_dir(repo().join("tests/js"))
        .env("TEBIKI_SITE", site.out())
        .env("TEBIKI_ARTIFACTS", &artifacts)
        .env("TEBIKI_CHROMIUM", chromium())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{stderr}");
    // The spec reporter closes with `ℹ pass N` / `ℹ fail N`: some must have run.
    let count = |what: &str| {
        stdout.lines().find_map(|l| l.strip_prefix(&format!("ℹ {what} ")).and_then(|n| n.trim().parse::<usize>().ok()))
    };
    assert_eq!(count("fail"), Some(0), "node --test summary:\n{stdout}");
    assert!(count("pass").is_some_and(|n| n >= 11), "fewer browser tests ran than written:\n{stdout}");
}

#[test]
fn builds_a_site_with_images_that_works_in_headless_chromium() {
    if !tools_present("browser tests of images", &missing_tools()) {
        return;
    }
    let site = TestSite::fixture("media-site", "browser-media");
    site.build_ok();
    node_test(
        &["media.test.mjs"],
        &[("TEBIKI_SITE", site.out().as_os_str()), ("TEBIKI_CHROMIUM", chromium().as_os_str())],
        4,
    );
}
