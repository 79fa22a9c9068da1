//! The output folder: replaced whole and atomically, never someone else's folder, and
//! left as it was by a build that fails or is killed part-way.

use std::time::{Duration, Instant};

use crate::harness::*;

#[test]
fn errors_on_an_output_folder_tebiki_did_not_write() {
    let site = TestSite::bundled("not-ours");
    site.write("public/notes.txt", "mine");
    let out = site.build_cli(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let want = format!(
        "error: {} exists and was not written by tebiki (it has no .tebiki-output file), so the build will not replace it; \
         choose another --out, empty that folder, or pass --force to replace it\n",
        site.out().display()
    );
    assert_eq!(stderr, want);
    assert_eq!(std::fs::read_to_string(site.out().join("notes.txt")).unwrap(), "mine");

    let out = site.build_cli(&["--force"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.out().join("notes.txt").exists(), "--force replaces the folder");
    assert!(site.out().join(".tebiki-output").is_file());
}

#[test]
fn builds_into_an_empty_folder_and_replaces_its_own_output() {
    let site = TestSite::bundled("own");
    std::fs::create_dir_all(site.out()).unwrap();
    site.build_ok();
    site.write("public/stale.html", "old page");
    site.build_ok();
    assert!(!site.out().join("stale.html").exists(), "a rebuild replaces the whole folder");
    let parent: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(
        parent
            .iter()
            .all(|n| !n.to_string_lossy().contains("tebiki-new") && !n.to_string_lossy().contains("tebiki-old")),
        "temporary folders left: {parent:?}"
    );
}

#[test]
fn errors_on_an_output_folder_that_holds_the_sources() {
    let site = TestSite::bundled("covers");
    let out = site.build_cli(&["--out", site.root().join("content").to_str().unwrap(), "--force"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("would replace the site's own files"), "{stderr}");
    assert!(site.root().join("content/ja/data-breach-litigation.txt").is_file());
}

#[test]
fn leaves_the_previous_site_when_a_build_fails() {
    let site = TestSite::bundled("fails");
    site.build_ok();
    let before = site.output();
    site.write(
        "themes/default/templates/guide.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope.nothing }}{% endblock %}",
    );
    let err = error_chain(&*site.build().unwrap_err());
    assert!(err.contains("cannot render ja/data-breach-litigation/index.html with template guide.html"), "{err}");
    assert!(before == site.output(), "a failed build changed the output");
}

#[test]
fn leaves_the_previous_site_when_a_build_is_killed_while_writing() {
    let site = TestSite::bundled("killed");
    site.build_ok();
    let before = site.output();
    // Change the content so that a finished build would change the output.
    site.write("content/ja/zz-new.md", "## A new guide {#s1}\n\nText.\n");

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["build", "--root", site.root().to_str().unwrap()])
        .env("TEBIKI_TEST_STALL_WRITE", "5")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temp = site.root().join(".public.tebiki-new");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let written = if temp.is_dir() { read_tree(&temp).len() } else { 0 };
        if written >= 5 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it could be killed");
        assert!(Instant::now() < deadline, "the build never got to writing");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(temp.is_dir(), "the killed build's half-written folder is there");
    assert!(before == site.output(), "the killed build changed the previous output");

    // The next build clears the leftovers and completes.
    site.build_ok();
    assert!(!temp.exists());
    assert!(site.out().join("ja/zz-new/index.html").is_file());
}

#[test]
fn recovers_the_site_when_a_build_was_killed_between_the_renames() {
    let site = TestSite::bundled("half-swap");
    site.build_ok();
    // What a kill between "old site aside" and "new site in" leaves.
    std::fs::rename(site.out(), site.root().join(".public.tebiki-old")).unwrap();
    site.build_ok();
    assert!(site.out().join("index.html").is_file());
    assert!(!site.root().join(".public.tebiki-old").exists());
}

#[cfg(unix)]
#[test]
fn builds_again_reusing_unchanged_files_and_rewriting_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::bundled("reuse");
    site.build_ok();
    let inode = |rel: &str| std::fs::metadata(site.out().join(rel)).unwrap().ino();
    let css = inode("assets/css/tebiki.css");
    let guide = inode("ja/data-breach-litigation/index.html");
    // A file changed in the output since the last build must not be carried over.
    std::fs::write(site.out().join("ja/index.html"), "tampered").unwrap();
    let expected_home = {
        let other = TestSite::bundled("reuse-fresh");
        other.build_ok();
        other.read("ja/index.html")
    };
    site.write("content/ja/data-breach-litigation.txt", {
        let text = std::fs::read_to_string(bundled("ja", "data-breach-litigation")).unwrap();
        text.replacen("情報漏洩後の訴訟対応の流れ", "情報漏洩後の訴訟対応の流れ（改訂）", 1)
    });
    site.build_ok();
    assert_eq!(inode("assets/css/tebiki.css"), css, "an unchanged file is linked, not written again");
    assert_ne!(inode("ja/data-breach-litigation/index.html"), guide, "a changed page is written anew");
    assert!(site.read("ja/data-breach-litigation/index.html").contains("（改訂）"));
    assert_ne!(site.read("ja/index.html"), "tampered");
    assert_eq!(
        site.read("ja/index.html").replace("情報漏洩後の訴訟対応の流れ（改訂）", "情報漏洩後の訴訟対応の流れ"),
        expected_home
    );
}
