//! Incremental builds: after any edit, building over the last build's output gives the
//! same files, byte for byte, as a clean build into an empty folder — and a build with
//! nothing changed writes nothing; the thread count never changes the output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::harness::{TempDir, TestSite, read_tree};

/// A clean build of `site`: its sources copied to a folder of their own and built there
/// (no output, no state and no search cache from before).
fn clean_build(site: &TestSite, scratch: &TempDir, n: usize) -> BTreeMap<String, Vec<u8>> {
    let root = scratch.path().join(format!("clean-{n}"));
    copy_sources(site.root(), &root);
    let out = root.join("public");
    let project = tebiki::Project::load(&root).expect("project loads");
    let plan = tebiki::BuildPlan::new(&root, Some(out.clone()), false).expect("plan");
    tebiki::build(&project, &plan, &tebiki::build::Quiet).expect("clean build");
    read_tree(&out)
}

/// Copies a site's folder without what builds leave in it (output, state, cache, lock).
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "public" || name.starts_with('.') {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Builds incrementally into `public/` and compares it with a clean build.
fn assert_same_as_clean(site: &TestSite, scratch: &TempDir, n: usize, step: &str) -> tebiki::BuildReport {
    let report = site.build_ok();
    let incremental = site.output();
    let clean = clean_build(site, scratch, n);
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert!(
        only(&incremental, &clean).is_empty(),
        "{step}: only in the incremental output: {:?}",
        only(&incremental, &clean)
    );
    assert!(
        only(&clean, &incremental).is_empty(),
        "{step}: only in the clean output: {:?}",
        only(&clean, &incremental)
    );
    let differ: Vec<&String> = clean.keys().filter(|k| clean[*k] != incremental[*k]).collect();
    assert!(differ.is_empty(), "{step}: files that differ from a clean build: {differ:?}");
    report
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn incremental_builds_equal_clean_builds_through_a_sequence_of_edits() {
    let site = TestSite::bundled_all("incremental");
    let scratch = TempDir::new("incremental-clean");
    let root = site.root().to_owned();
    let ja = |slug: &str| root.join(format!("content/ja/{slug}.txt"));
    let en = |slug: &str| root.join(format!("content/en/{slug}.md"));

    let first = assert_same_as_clean(&site, &scratch, 0, "first build");
    assert!(first.written > 0, "a first build writes every file");

    let again = assert_same_as_clean(&site, &scratch, 1, "nothing changed");
    assert_eq!(again.written, 0, "a build with nothing changed writes no file");

    // One guide's text: its pages and the pages that gather every guide change; the other
    // guides' pages do not.
    append(&ja("p2p-trouble-disclosure"), "\n追記した一文です。\n");
    let edited = assert_same_as_clean(&site, &scratch, 2, "a Japanese guide edited");
    assert!(edited.written > 0 && edited.written < first.written, "{} of {}", edited.written, first.written);
    // The search export read out of the index only the terms the edit changed.
    let list = tebiki::search::term_list::read(&root.join(".tebiki/cache/search/ja.termlist")).expect("kept terms");
    let (read, all) = (list.read as usize, list.entries.len());
    assert!(read > 0 && read * 4 <= all, "{read} of {all} terms read out of the index");
    // Every guide's fingerprint is kept under what its parse read, for the next build.
    let known = tebiki::search::prints::Known::read(&root.join(".tebiki/cache/search/prints.bin"));
    assert_eq!(known.len(), edited.guides, "one kept fingerprint per guide");

    append(&en("p2p-trouble-disclosure"), "\nOne more sentence.\n");
    assert_same_as_clean(&site, &scratch, 3, "a translation edited");
    // The translation's last section cut: the Japanese page marks which of its sections
    // the English one has, so it renders again; no other guide's page does.
    let text = std::fs::read_to_string(en("p2p-trouble-disclosure")).unwrap();
    let cut = text.find("{#s11}").and_then(|at| text[..at].rfind("\n## ")).expect("the English guide has an s11");
    std::fs::write(en("p2p-trouble-disclosure"), &text[..=cut]).unwrap();
    // (Clean build 20: each step's clean build has a folder of its own.)
    let report = assert_same_as_clean(&site, &scratch, 20, "a translation's section cut");
    let done = rendered(&report);
    assert!(done.contains("guide:ja/p2p-trouble-disclosure"), "{done:?}");
    assert!(!done.contains("guide:ja/data-breach-litigation"), "{done:?}");
    std::fs::write(en("p2p-trouble-disclosure"), text).unwrap();

    // A guide added, renamed, deleted.
    std::fs::copy(ja("data-breach-litigation"), ja("added-guide")).unwrap();
    assert_same_as_clean(&site, &scratch, 4, "a guide added");
    std::fs::rename(ja("added-guide"), ja("renamed-guide")).unwrap();
    assert_same_as_clean(&site, &scratch, 5, "a guide renamed");
    std::fs::remove_file(ja("renamed-guide")).unwrap();
    assert_same_as_clean(&site, &scratch, 6, "a guide deleted");

    // The config, a template of the theme, a static file, an image.
    site.write("tebiki.toml", "version = \"2027.1\"\n");
    assert_same_as_clean(&site, &scratch, 7, "config changed");
    let footer =
        "{% extends \"base.html\" %}{% block main %}<p class=\"moved\">{{ page.t.not_found_title }}</p>{% endblock %}";
    site.write("themes/default/templates/404.html", footer);
    assert_same_as_clean(&site, &scratch, 8, "a template overridden");
    site.write("static/robots.txt", "User-agent: *\n");
    assert_same_as_clean(&site, &scratch, 9, "a static file added");
    let svg = |w: u32| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"4\"></svg>");
    site.write("content/ja/img/chart.svg", svg(4));
    append(&ja("incident-public-announcement"), "\n![連絡の流れ](img/chart.svg)\n");
    assert_same_as_clean(&site, &scratch, 10, "an image added");
    site.write("content/ja/img/chart.svg", svg(8));
    assert_same_as_clean(&site, &scratch, 11, "an image changed");

    // A file put into the output by hand goes, as in a clean build.
    site.write("public/stray.html", "not the site's");
    assert_same_as_clean(&site, &scratch, 12, "a stray file in the output");
}

#[test]
fn the_number_of_threads_does_not_change_the_output() {
    let site = TestSite::bundled_all("threads");
    let outputs: Vec<BTreeMap<String, Vec<u8>>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = site.root().join(format!("out-{threads}"));
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
                .args(["build", "--root", site.root().to_str().unwrap(), "--out", out.to_str().unwrap()])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .expect("run tebiki");
            assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
            read_tree(&out)
        })
        .collect();
    assert!(!outputs[0].is_empty());
    assert!(outputs[0] == outputs[1], "one thread and two threads built different sites");
}

/// The guides of each volume of the Japanese handbook, as the library plans them.
fn planned_volumes(site: &TestSite) -> Vec<Vec<String>> {
    let project = tebiki::Project::load(site.root()).expect("project loads");
    let opts = tebiki::render::RenderOptions { theme: &project.theme };
    tebiki::render::volumes::Printer::new(&project.site, &opts, "ja").expect("printer").volumes()
}

/// The volume (1-based) that holds `slug`.
fn volume_of(volumes: &[Vec<String>], slug: &str) -> usize {
    volumes.iter().position(|v| v.iter().any(|s| s == slug)).expect("every guide is in a volume") + 1
}

fn rendered(report: &tebiki::BuildReport) -> BTreeSet<String> {
    report.rendered.iter().cloned().collect()
}

#[test]
fn volumes_and_print_views_render_again_only_when_what_they_show_changed() {
    let site = TestSite::bundled("incremental-volumes");
    let scratch = TempDir::new("incremental-volumes-clean");
    let root = site.root().to_owned();
    let ja = |slug: &str| root.join(format!("content/ja/{slug}.txt"));
    site.write("tebiki.toml", "[print]\nvolume_bytes = 200000\n");
    let first = assert_same_as_clean(&site, &scratch, 0, "first build");
    let volumes = planned_volumes(&site);
    assert!(volumes.len() >= 3, "the bound splits the guides: {volumes:?}");
    let all = rendered(&first);
    for unit in ["site", "lang:ja", "contents:ja", "volume:ja/1", "volume:ja/3", "print:ja/p2p-trouble-disclosure"] {
        assert!(all.contains(unit), "a first build renders {unit}: {all:?}");
    }
    let again = assert_same_as_clean(&site, &scratch, 1, "nothing changed");
    assert!(again.rendered.is_empty(), "nothing changed, nothing rendered: {:?}", again.rendered);

    // A sentence added to one guide's body: its pages, its print view and the one volume
    // that holds it — not the other volumes or print views, not the lists (no title,
    // outcome or checklist item changed).
    let edited = volumes[1][0].clone();
    append(&ja(&edited), "\n本文に追記した一文です。\n");
    assert_eq!(planned_volumes(&site), volumes, "the edit leaves every guide in its volume");
    let report = assert_same_as_clean(&site, &scratch, 2, "one guide's body edited");
    let want: BTreeSet<String> =
        [format!("guide:ja/{edited}"), format!("print:ja/{edited}"), "volume:ja/2".to_owned()].into();
    assert_eq!(rendered(&report), want, "what a body edit renders again");

    // The same guide made much longer: the guide after it no longer fits beside it and
    // moves to the next volume. That guide renders its print view again (the running
    // heads of its new volume), not its own pages; the lists of volumes change; the first
    // volume holds the same guides and is kept.
    append(&ja(&edited), &format!("\n{}\n", "長い追記の一文です。".repeat(1500)));
    let moved_plan = planned_volumes(&site);
    let moved: Vec<String> = volumes
        .concat()
        .into_iter()
        .filter(|s| *s != edited && volume_of(&volumes, s) != volume_of(&moved_plan, s))
        .collect();
    assert!(!moved.is_empty(), "growing {edited} moves a guide: {volumes:?} → {moved_plan:?}");
    assert_eq!(moved_plan.len(), volumes.len(), "as many volumes: {moved_plan:?}");
    assert_eq!(moved_plan[0], volumes[0], "the first volume holds the same guides");
    let report = assert_same_as_clean(&site, &scratch, 3, "a guide moved to another volume");
    let done = rendered(&report);
    assert!(done.contains("contents:ja"), "the lists of volumes change: {done:?}");
    assert!(!done.contains("volume:ja/1"), "volume 1 holds the same guides: {done:?}");
    for slug in &moved {
        assert!(done.contains(&format!("print:ja/{slug}")), "{slug} moved: its print view changes: {done:?}");
        assert!(!done.contains(&format!("guide:ja/{slug}")), "{slug} moved: its own pages do not: {done:?}");
    }

    // A title changed: the pages that list titles render again.
    let retitled = moved_plan.last().unwrap()[0].clone();
    let text = std::fs::read_to_string(ja(&retitled)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let title = lines.iter().position(|l| !l.starts_with("- ") && l != "解決できること").unwrap();
    lines[title] = "題名を変えたガイド".to_owned();
    std::fs::write(ja(&retitled), lines.join("\n") + "\n").unwrap();
    let report = assert_same_as_clean(&site, &scratch, 4, "a title changed");
    let done = rendered(&report);
    for unit in ["lang:ja", "contents:ja"] {
        assert!(done.contains(unit), "a title changed: {unit} renders again: {done:?}");
    }
    assert!(site.read("ja/print/index.html").contains("題名を変えたガイド"));

    // A guide added at the end and removed again: volumes come and go.
    std::fs::copy(ja("vm-failure-ransomware-response"), ja("zz-added")).unwrap();
    assert_same_as_clean(&site, &scratch, 5, "a guide added");
    std::fs::remove_file(ja("zz-added")).unwrap();
    assert_same_as_clean(&site, &scratch, 6, "a guide deleted");

    // The kept weights are only a shortcut: a damaged file changes nothing.
    site.write(".tebiki/build/weights", "tebiki-weights 1\nnot a weight\n");
    append(&ja(&edited), "\nもう一文です。\n");
    assert_same_as_clean(&site, &scratch, 7, "the kept weights damaged");
}

/// Flips a byte in the middle of each file of `dir` whose name ends in one of `exts`.
fn damage(dir: &Path, exts: &[&str]) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| exts.iter().any(|x| e == *x)) {
            let mut bytes = std::fs::read(&path).unwrap();
            let at = bytes.len() / 2;
            bytes[at] ^= 0xff;
            std::fs::write(&path, bytes).unwrap();
            n += 1;
        }
    }
    n
}

/// A search index in the cache damaged since it was written (a flipped byte, a file cut
/// short) is never used: the next build makes it again and its output is a clean
/// build's, whether a guide changed or not; `tebiki search` answers meanwhile.
#[test]
fn a_damaged_search_cache_is_built_again() {
    let scratch = TempDir::new("damaged-index-scratch");
    let site = TestSite::bundled("damaged-index");
    site.build_ok();
    let index = site.root().join(".tebiki/cache/search/ja");
    let root = site.root().to_str().unwrap();
    let steps: [(&str, &[&str]); 3] =
        [("fast fields", &["fast"]), ("terms and positions", &["term", "pos"]), ("field norms", &["fieldnorm"])];
    for (n, (what, exts)) in steps.into_iter().enumerate() {
        assert!(damage(&index, exts) > 0, "{what}: a file to damage");
        let out = crate::harness::tebiki(&["search", "--root", root, "--json", "証拠保全"]);
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"guide\""), "{what}: results");
        if n == 1 {
            append(&site.root().join("content/ja/data-breach-litigation.txt"), "\n追記の段落です。\n");
        }
        // After `search` made it again, damaged once more for the build to find.
        damage(&index, exts);
        assert_same_as_clean(&site, &scratch, n, what);
    }
    let store = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let len = std::fs::metadata(&store).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&store).unwrap().set_len(len / 2).unwrap();
    append(&site.root().join("content/ja/data-breach-litigation.txt"), "\nもう一つの段落です。\n");
    assert_same_as_clean(&site, &scratch, 9, "a file cut short");

    // Shorter than its footer, a file makes tantivy assert: the cache is made again, and
    // nothing panics (nor prints that it did). So does a fingerprint that is no text.
    let garble = || {
        let term = std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "term"))
            .unwrap();
        std::fs::write(term, "garbage").unwrap();
    };
    garble();
    let out = crate::harness::tebiki(&["search", "--root", root, "--json", "証拠保全"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"guide\""), "results");
    garble();
    std::fs::write(index.join("tebiki-fingerprint"), [0xff, 0xfe, 0x00]).unwrap();
    append(&site.root().join("content/ja/data-breach-litigation.txt"), "\n三つ目の段落です。\n");
    let out = site.build_cli(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("panicked"), "{stderr}");
    assert_same_as_clean(&site, &scratch, 10, "a file shorter than its footer");
}

/// Weights cut short still read as numbers (`73064` as `73`), and would put every guide
/// in one volume: the file's sum tells, and they are measured again.
#[test]
fn kept_weights_cut_short_are_measured_again() {
    let site = TestSite::bundled("weights-cut");
    let scratch = TempDir::new("weights-cut-clean");
    site.write("tebiki.toml", "[print]\nvolume_bytes = 200000\n");
    assert_same_as_clean(&site, &scratch, 0, "first build");
    let path = site.root().join(".tebiki/build/weights");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut: String = text
        .lines()
        .map(|l| match l.split_once(' ') {
            Some((key, w)) if key.len() > 8 && w.len() > 2 && w.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{key} {}\n", &w[..2])
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert_ne!(cut, text, "weights to cut");
    std::fs::write(&path, cut).unwrap();
    append(&site.root().join("content/ja/p2p-trouble-disclosure.txt"), "\nもう一文です。\n");
    assert_same_as_clean(&site, &scratch, 1, "the kept weights cut short");
}

/// Edits whose effect on the pages the keys of an incremental build once missed: spaces
/// at a line's end (a line break in Markdown), the same text in a file read as the other
/// format, and an image outside the watched folders that was missing and then is there.
#[test]
fn line_end_spaces_a_changed_extension_and_a_missing_image_made_later_are_seen() {
    let site = TestSite::new("incremental-subtle");
    let scratch = TempDir::new("incremental-subtle-clean");
    let root = site.root().to_owned();
    let md = |second: &str| {
        format!("+++\ntitle = \"A\"\n+++\n\n::: outcomes\n- x\n:::\n\n## 手順 {{#s1}}\n\n一行目{second}\n二行目\n")
    };
    site.write("content/ja/a.md", md(""));
    site.write("content/ja/b.txt", "解決できること\n- 目的を知る\n\n## 題名の行\n本文です。\n");
    assert_same_as_clean(&site, &scratch, 0, "first build");
    site.write("content/ja/a.md", md("  "));
    assert_same_as_clean(&site, &scratch, 1, "two spaces at a line's end");
    assert!(site.read("ja/a/index.html").contains("一行目<br"), "the line break shows");
    std::fs::rename(root.join("content/ja/b.txt"), root.join("content/ja/b.md")).unwrap();
    assert_same_as_clean(&site, &scratch, 2, "the same text read as Markdown");

    site.write("content/ja/c.md", "::: outcomes\n- y\n:::\n\n## 図 {#s1}\n\n![図の説明](../../pics/x.svg)\n");
    let out = site.build_cli(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    site.write("pics/x.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>"#);
    let out = site.build_cli(&[]);
    let line = String::from_utf8_lossy(&out.stdout).trim_end().to_owned();
    assert!(line.starts_with("built "), "the image now there is a change: {line}");
    assert!(site.read("ja/c/index.html").contains("<img"), "the image shows");
    assert_same_as_clean(&site, &scratch, 3, "a missing image made");
}

/// A guide of three sections whose first links to `to` (a source file and fragment), if
/// any.
fn linked_guide(title: &str, to: Option<&str>) -> String {
    let link = to.map(|to| format!(" See [the other guide]({to}).")).unwrap_or_default();
    format!(
        "+++\ntitle = \"{title}\"\n+++\n\n::: outcomes\n- Know it\n:::\n\n## Start {{#s1}}\n\nText.{link}\n\n\
         ## Middle {{#s2}}\n\nText.\n\n## End {{#s3}}\n\nText.\n"
    )
}

#[test]
fn a_section_added_to_one_guide_renders_only_the_guides_that_lead_to_it_again() {
    let site = TestSite::new("incremental-sections");
    let scratch = TempDir::new("incremental-sections-clean");
    site.write("content/en/alpha.md", linked_guide("Alpha", None));
    site.write("content/en/beta.md", linked_guide("Beta", Some("alpha.md#s4")));
    site.write("content/en/gamma.md", linked_guide("Gamma", None));
    let first = assert_same_as_clean(&site, &scratch, 0, "first build");
    assert!(rendered(&first).contains("guide:en/gamma"), "{:?}", first.rendered);

    // A fourth section in alpha: beta's link to alpha#s4 now leads there, so beta's page
    // changes; gamma's does not, and renders no more.
    let with_s4 = linked_guide("Alpha", None) + "\n## Added {#s4}\n\nText.\n";
    site.write("content/en/alpha.md", &with_s4);
    let report = assert_same_as_clean(&site, &scratch, 1, "a section added");
    let done = rendered(&report);
    assert!(done.contains("guide:en/alpha") && done.contains("guide:en/beta"), "{done:?}");
    assert!(!done.contains("guide:en/gamma"), "gamma leads nowhere near alpha: {done:?}");
    let beta = site.read("en/beta/index.html");
    assert!(beta.contains("href=\"../../en/alpha/index.html#s4\""), "beta links to the new section");

    // The section goes again: beta's link is text once more.
    site.write("content/en/alpha.md", linked_guide("Alpha", None));
    let report = assert_same_as_clean(&site, &scratch, 2, "a section removed");
    let done = rendered(&report);
    assert!(done.contains("guide:en/beta") && !done.contains("guide:en/gamma"), "{done:?}");
    assert!(!site.read("en/beta/index.html").contains("alpha/index.html#s4"));
}

/// A guide of the larger site below: words it shares with every other guide, and words of
/// its own.
fn numbered_guide(i: usize) -> String {
    format!(
        "+++\ntitle = \"手順 {i}\"\n+++\n\n::: outcomes\n- 初動を知る\n:::\n\n## 初動 {{#s1}}\n\n\
         障害の連絡を受けたら、影響の範囲を確かめて記録します。手順 {i} の担当者に連絡します。\n\n\
         ## 報告 {{#s2}}\n\n経営層への報告では、事実と推測を分けて伝えます。記録 {i} を添えます。\n"
    )
}

/// Runs `tebiki build` on `site` with a pool of one thread, failing after `limit` rather
/// than waiting for a build that never ends.
fn build_on_one_thread(site: &TestSite, limit: std::time::Duration) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["build", "--root", site.root().to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tebiki");
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for tebiki") {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            assert!(status.success(), "{stderr}");
            return;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("a build on one thread did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_larger_site_updated_on_one_thread_or_several_equals_a_clean_build() {
    // More guides than a small site has: the search stage runs before the rendering, an
    // update makes its lexicon on a thread of its own beside the index and the export.
    let site = TestSite::new("incremental-larger");
    let scratch = TempDir::new("incremental-larger-clean");
    let n = tebiki::link::SMALL_SITE_GUIDES + 2;
    for i in 0..n {
        site.write(&format!("content/ja/g{i:03}.md"), numbered_guide(i));
    }
    let project = tebiki::Project::load(site.root()).expect("project loads");
    assert!(!project.site.is_small(), "{n} guides make a larger site");

    assert_same_as_clean(&site, &scratch, 0, "first build");
    let path = |i: usize| site.root().join(format!("content/ja/g{i:03}.md"));
    append(&path(5), "\n週明けの会議で、対応の振り返りを行います。\n");
    let edited = assert_same_as_clean(&site, &scratch, 1, "a guide edited");
    assert!(rendered(&edited).contains("guide:ja/g005"), "{:?}", edited.rendered);
    // With a pool of one thread: the lexicon's thread shares it with the export, and the
    // export waits for the lexicon (a stage run as a task of the pool, beside the
    // rendering, held the pool's only thread there and never ended).
    append(&path(7), "\n委託先との契約書を確かめます。\n");
    build_on_one_thread(&site, std::time::Duration::from_secs(120));
    let clean = clean_build(&site, &scratch, 2);
    assert!(site.output() == clean, "the build on one thread differs from a clean build");
}
