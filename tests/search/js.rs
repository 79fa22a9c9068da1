//! Runs the JS unit tests of the engine and UI with Node's built-in test runner (the
//! browser suites under `tests/js/` are run by their own Rust tests).

use std::process::Command;

use super::node;
use crate::harness::repo;

#[test]
fn js_unit_tests_pass_under_node_test() {
    let Some(node) = node("JS unit tests") else {
        return;
    };
    let files: Vec<_> = ["tokenizer.test.mjs", "searcher.test.mjs", "ui.test.mjs"]
        .iter()
        .map(|f| repo().join("tests/js").join(f))
        .collect();
    let out = Command::new(node).arg("--test").args(&files).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node --test failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("# fail 0"), "{text}");
}
