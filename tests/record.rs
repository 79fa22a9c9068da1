//! `tebiki build` again with nothing changed: it stops before loading the site, says the
//! output is up to date and repeats the last build's diagnostics; when anything a build
//! reads changed, or the output is not as the last build left it, it builds.

use std::time::{Duration, SystemTime};

use crate::harness::*;

/// Runs `tebiki build` (plus `args`): its summary line and its stderr.
fn build(site: &TestSite, args: &[&str]) -> (String, String) {
    let out = site.build_cli(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8_lossy(&out.stdout).trim_end().to_owned(), stderr)
}

fn assert_built(site: &TestSite, what: &str) {
    let (line, stderr) = build(site, &[]);
    assert!(line.starts_with("built "), "{what}: the build should run: {line}\n{stderr}");
    let (line, _) = build(site, &[]);
    assert!(line.contains(" is up to date: "), "{what}: the next build should find nothing changed: {line}");
}

const SVG: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;

#[test]
fn a_build_with_nothing_changed_is_up_to_date_and_any_change_it_reads_builds_again() {
    let site = TestSite::fixture("media-site", "record");
    site.write("images/outside.svg", SVG);
    // An image outside content/ (found only through the guide); the guide has no outcomes:
    // a warning the up-to-date build must repeat.
    site.write(
        "content/ja/shown.md",
        "+++\ntitle = \"図の手引き\"\n+++\n\n## 図\n\n![外の図](../../images/outside.svg)\n",
    );
    let (first, first_err) = build(&site, &[]);
    assert!(first.starts_with("built "), "{first}");
    assert!(first_err.contains("warning"), "{first_err}");
    let output = site.output();

    let (second, second_err) = build(&site, &[]);
    let out = site.out();
    let prefix = format!("{} is up to date: ", out.display());
    assert!(second.starts_with(&prefix), "{second}");
    let counts = |line: &str| line.split(": ").nth(1).map(|c| c.rsplit_once(", ").map(|(c, _)| c.to_owned()));
    assert_eq!(counts(&first), counts(&second), "the same guides, pages and bytes");
    let warnings =
        |stderr: &str| stderr.lines().filter(|l| l.contains("warning")).map(str::to_owned).collect::<Vec<_>>();
    assert!(!warnings(&first_err).is_empty());
    assert_eq!(warnings(&first_err), warnings(&second_err), "the last build's diagnostics, repeated");
    assert!(output == site.output(), "nothing written");

    // A guide rewritten with the same length and modification time.
    let guide = site.root().join("content/ja/contacts.txt");
    let modified = std::fs::metadata(&guide).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&guide).unwrap();
    let changed = text.replacen("連絡", "報告", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&guide, &changed).unwrap();
    std::fs::File::options().write(true).open(&guide).unwrap().set_modified(modified).unwrap();
    assert_built(&site, "a guide rewritten with its size and time kept");

    let config = std::fs::read_to_string(site.root().join("tebiki.toml")).unwrap();
    site.write("tebiki.toml", format!("{config}\n# a comment\n"));
    assert_built(&site, "the config");

    site.write("themes/default/static/css/extra.css", "body { margin: 0 }\n");
    assert_built(&site, "a theme file added");
    assert!(site.out().join("assets/css/extra.css").is_file());

    site.write("static/forms/incident-report.txt", "changed\n");
    assert_built(&site, "a static file");
    assert_eq!(site.read("forms/incident-report.txt"), "changed\n");

    let image = site.write("images/outside.svg", SVG.replace("10", "12"));
    std::fs::File::options()
        .write(true)
        .open(&image)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    assert_built(&site, "an image outside content/, changed");

    site.write("public/stray.html", "put here by hand");
    assert_built(&site, "a file put into the output");
    assert!(!site.out().join("stray.html").exists(), "the build removed it");

    // Another output folder has its own record.
    let (other, _) = build(&site, &["--out", site.root().join("elsewhere").to_str().unwrap()]);
    assert!(other.starts_with("built "), "{other}");
    let (line, _) = build(&site, &[]);
    assert!(line.contains(" is up to date: "), "{line}");

    // A record that does not parse is no record.
    for entry in std::fs::read_dir(site.root().join(".tebiki/build")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "inputs") {
            std::fs::write(&path, "{").unwrap();
        }
    }
    assert_built(&site, "a damaged record");
}

/// A language folder or a theme that is a link to a folder is read wherever it leads, so a
/// change made through the link builds again; a link to a folder further down is read by
/// no build, and not walked either (a link to `/` would walk the whole machine).
#[cfg(unix)]
#[test]
fn a_change_through_a_linked_language_folder_or_theme_builds_again() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("media-site", "record-linked");
    let root = site.root();
    std::fs::rename(root.join("content/ja"), root.join("shared-ja")).unwrap();
    symlink(root.join("shared-ja"), root.join("content/ja")).unwrap();
    std::fs::create_dir_all(root.join("shared-theme/static/css")).unwrap();
    std::fs::create_dir_all(root.join("themes")).unwrap();
    symlink(root.join("shared-theme"), root.join("themes/linked")).unwrap();
    symlink("/", root.join("shared-ja/root")).unwrap();
    let config = std::fs::read_to_string(root.join("tebiki.toml")).unwrap();
    site.write("tebiki.toml", format!("theme = \"linked\"\n{config}"));
    assert_built(&site, "the links made");
    let guide = root.join("shared-ja/contacts.txt");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text.replacen("連絡", "報告", 1)).unwrap();
    assert_built(&site, "a guide changed through the linked language folder");
    site.write("shared-theme/static/css/extra.css", "body { margin: 0 }\n");
    assert_built(&site, "a theme file added through the linked theme");
    assert!(site.out().join("assets/css/extra.css").is_file());
}

/// The output folder is the same however the root is spelled (relative, absolute, with
/// `..`), and so is what the build reads (a folder the site lacks, `themes/`, included).
#[test]
fn the_record_holds_however_the_root_is_spelled() {
    let site = TestSite::bundled("record-spelled");
    assert!(!site.root().join("themes").exists(), "a folder the site lacks");
    let abs = site.root().to_str().unwrap().to_owned();
    let name = site.root().file_name().unwrap().to_str().unwrap().to_owned();
    let run = |dir: &std::path::Path, root: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .args(["build", "--root", root])
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    };
    assert!(run(site.root(), ".").starts_with("built "));
    let up_dotted = format!("../{name}/../{name}");
    for (dir, root) in
        [(site.root(), abs.as_str()), (site.root(), up_dotted.as_str()), (site.root().parent().unwrap(), name.as_str())]
    {
        let line = run(dir, root);
        assert!(line.contains(" is up to date: "), "--root {root}: {line}");
    }
}

#[test]
fn a_site_dated_by_git_is_always_built() {
    let site = TestSite::bundled("record-git");
    site.write("tebiki.toml", "dates = \"git\"\n");
    for _ in 0..2 {
        let (line, stderr) = build(&site, &[]);
        assert!(line.starts_with("built "), "{line}\n{stderr}");
    }
}
