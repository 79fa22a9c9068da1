//! `tebiki check`: clean on the bundled site and the init scaffold; non-zero with
//! findings on broken anchors and stale translations; the JSON form.

use crate::harness::*;

fn check(root: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    tebiki(&args)
}

const GUIDE: &str = "解決できること\n- 要点\n手引き\n本文です。\n手引き\nPerspective\n見通しです。\n";

#[test]
fn check_passes_on_the_bundled_site() {
    let out = check(repo(), &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout, "check: 0 errors, 0 warnings\n");
}

#[test]
fn check_passes_on_the_init_scaffold() {
    let tmp = TempDir::new("check-init");
    let site = tmp.path().join("site");
    assert!(tebiki(&["init", site.to_str().unwrap()]).status.success());
    let out = check(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn errors_on_a_broken_anchor_with_json_findings() {
    let site = TempDir::new("check-anchor");
    site.write("content/ja/a.txt", GUIDE);
    site.write(
        "content/ja/b.md",
        "::: outcomes\n- x\n:::\n\n## B {#s1}\n\nSee [A](../a/#s1) and [nowhere](../a/#s9) and [gone](../zz/).\n",
    );
    let out = check(site.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], 2);
    let findings: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            (
                "content/ja/b.md".to_owned(),
                "broken-anchor".to_owned(),
                "ja/b/index.html: `../a/#s9`: ja/a/index.html has no element with id `s9`".to_owned()
            ),
            (
                "content/ja/b.md".to_owned(),
                "broken-link".to_owned(),
                "ja/b/index.html: `../zz/`: no such file in the site".to_owned()
            ),
        ]
    );
}

/// A guide's own broken links are named at their lines, once (not again for the
/// handbook volume that holds the guide); a link to a section the guide lacks is shown as
/// text (the build warns of it); a link to an image the guide shows leads to its copy.
#[test]
fn names_a_guides_broken_links_at_their_lines_once() {
    let site = TestSite::new("check-lines");
    site.write("content/ja/img/a.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#);
    site.write(
        "content/ja/a.md",
        "+++\ntitle = \"A\"\n+++\n\n::: outcomes\n- x\n:::\n\n## One {#s1}\n\nSee [B](b) and [big](img/chart.png).\n\nA [typo](#s2).\n\n[![拡大](img/a.svg)](img/a.svg)\n\nAn [anchor](#nope).\n",
    );
    let out = check(site.root(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "content/ja/a.md:11: error[broken-link]: ja/a/index.html: `b`: no such file in the site",
            "content/ja/a.md:11: error[broken-link]: ja/a/index.html: `img/chart.png`: no such file in the site",
            "content/ja/a.md:13: error[broken-anchor]: link `#s2`: this guide has no section `s2`",
            "content/ja/a.md:17: error[broken-anchor]: ja/a/index.html: `#nope`: ja/a/index.html has no element with id `nope`",
            "check: 4 errors, 0 warnings",
        ],
        "{stdout}"
    );
    let built = site.build_cli(&[]);
    assert!(String::from_utf8_lossy(&built.stderr).contains("a.md:13: warning[broken-anchor]"), "the build warns");
    let page = site.read("ja/a/index.html");
    assert!(!page.contains("href=\"#s2\"") && page.contains("typo"), "the text stays, without the link");
    let img = page.find("<img src=\"").map(|i| &page[i + 10..]).unwrap();
    let copy = &img[..img.find('"').unwrap()];
    assert!(page.contains(&format!("<a href=\"{copy}\"><img")), "the link leads to the image's copy: {copy}");
}

#[test]
fn errors_on_a_stale_translation_and_warns_on_an_unstamped_one() {
    let site = TempDir::new("check-stale");
    site.write("content/ja/a.txt", GUIDE);
    let en = site.write(
        "content/en/a.md",
        "+++\n[translation]\nsource = \"a\"\nlang = \"ja\"\n+++\n\n::: outcomes\n- Point\n:::\n\n## Guide {#s1}\n\nBody.\n\n::: perspective\nOutlook.\n:::\n",
    );
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "an unstamped translation is a warning");
    assert!(String::from_utf8_lossy(&out.stdout).contains("content/en/a.md: warning[unstamped]"));
    assert_eq!(check(site.path(), &["--strict"]).status.code(), Some(1));

    assert!(tebiki(&["stamp", "--root", site.path().to_str().unwrap(), en.to_str().unwrap()]).status.success());
    assert_eq!(check(site.path(), &["--strict"]).status.code(), Some(0));

    site.write("content/ja/a.txt", GUIDE.replace("本文です。", "本文を改めました。"));
    let out = check(site.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("content/en/a.md: error[stale]: content/ja/a.txt changed since this translation was made (changed sections: s1)"),
        "{stdout}"
    );
}

/// A translation whose front matter names a source the site lacks (a typo, a source
/// renamed or deleted) is an error: its pages stand unlinked from any original. A file
/// where a language folder belongs is named too: none of that language's guides is read.
#[test]
fn errors_on_a_translation_without_its_source_and_warns_on_a_file_for_a_language_folder() {
    let site = TempDir::new("check-no-source");
    site.write("content/ja/a.txt", GUIDE);
    let translation = |source: &str| {
        format!(
            "+++\n[translation]\nsource = \"{source}\"\nlang = \"ja\"\n+++\n\n::: outcomes\n- Point\n:::\n\n## Guide {{#s1}}\n\nBody.\n"
        )
    };
    site.write("content/en/a.md", translation("a"));
    let out = check(site.path(), &[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("no-source"), "{}", String::from_utf8_lossy(&out.stdout));
    site.write("content/en/a.md", translation("b"));
    let out = check(site.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "no-source")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    assert_eq!(finding["file"], "content/en/a.md");
    assert_eq!(finding["level"], "error");
    assert!(finding["message"].as_str().unwrap().contains("source `b` is no guide of content/ja/"), "{finding}");

    // The Japanese folder replaced by a file: every English guide loses its source.
    std::fs::remove_dir_all(site.path().join("content/ja")).unwrap();
    site.write("content/ja", "x\n");
    site.write("content/en/a.md", translation("a"));
    let out = check(site.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("content/ja:1: warning[content]: a file where the folder of language `ja` belongs"),
        "{stdout}"
    );
    assert!(stdout.contains("content/en/a.md: error[no-source]"), "{stdout}");

    // A translation record in a guide of the first language is not read: named.
    std::fs::remove_file(site.path().join("content/ja")).unwrap();
    site.write("content/ja/b.md", translation("a").replace("lang = \"ja\"", "lang = \"en\""));
    site.write(
        "content/en/a.md",
        translation("a").replace("[translation]\nsource = \"a\"\nlang = \"ja\"\n", "title = \"A\"\n"),
    );
    let stdout = String::from_utf8_lossy(&check(site.path(), &[]).stdout).into_owned();
    assert!(
        stdout.contains("content/ja/b.md: warning[import]: its front matter's `[translation]` is not read"),
        "{stdout}"
    );
}

#[test]
fn check_exits_2_when_it_cannot_run() {
    let site = TempDir::new("check-bad-config");
    site.write("tebiki.toml", "languages = [\"ja\"\n");
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("tebiki.toml:1:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The JSON form is a document still: the finding that stopped the check.
    let out = check(site.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(report["errors"], 1);
    assert_eq!(report["findings"][0]["file"], "tebiki.toml");
    assert_eq!(report["findings"][0]["kind"], "config", "{report}");
    assert!(report["findings"][0]["line"].is_number(), "{report}");
    // A root that does not exist is named in the finding (its file, relative to that root,
    // is empty).
    let missing = site.path().join("nowhere");
    let out = check(&missing, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert_eq!(message, format!("the site root {} does not exist", missing.display()), "{report}");
}
