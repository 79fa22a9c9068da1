//! The search's hand-made data keeps its own rules: the default thesaurus
//! (`src/search/thesaurus/check.py`) and the judged relevance set
//! (`benches/relevance/validate.py`), each checked by its script (Python 3.11 or later,
//! and for the thesaurus's English stems PyPI's `snowballstemmer`, which `.ci/run`
//! installs when they are missing).

use std::process::Command;

use crate::harness::repo;

/// Runs a Python check script from the repository's root: (success, stdout, stderr).
fn python(args: &[&str]) -> (bool, String, String) {
    let out = Command::new("python3")
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("python3 {args:?}: {e} (python3 is needed for this test)"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_default_thesaurus_keeps_its_rules() {
    let (ok, stdout, stderr) = python(&["src/search/thesaurus/check.py", "--coverage", "content"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("0 error(s)"), "{stdout}");
    // Without the stemmer, English terms are not compared by stem; CI installs it.
    if std::env::var_os("CI").is_some() {
        assert!(!stdout.contains("snowballstemmer is not installed"), "{stdout}");
    }
    assert!(stdout.lines().any(|l| l.starts_with("ja: ") && l.contains("groups with related terms")), "{stdout}");
}

#[test]
fn the_judged_relevance_set_matches_the_guides() {
    let (ok, stdout, stderr) = python(&["benches/relevance/validate.py"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("judgments:"), "{stdout}");
}
