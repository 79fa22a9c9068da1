//! Runs the JS unit tests of the engine and UI (`tests/js/*.test.mjs`) with Node's
//! built-in test runner.

use std::process::Command;

use super::node;
use crate::harness::repo;

#[test]
fn js_unit_tests_pass_under_node_test() {
    let Some(node) = node("JS unit tests") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(repo().join("tests/js"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "JS test files missing: {files:?}");
    let out = Command::new(node).arg("--test").args(&files).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node --test failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("# fail 0"), "{text}");
}
