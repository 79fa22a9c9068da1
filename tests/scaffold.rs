//! `tebiki init` and `tebiki new`: the scaffold is a clean site; nothing is overwritten.

use crate::harness::*;
use tebiki::translation::Staleness;

#[test]
fn init_scaffolds_a_clean_bilingual_site() {
    let tmp = TempDir::new("init");
    let site = tmp.path().join("site");
    let out = tebiki(&["init", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["tebiki.toml", "content/ja/getting-started.txt", "content/en/getting-started.md", "AUTHORING.md"] {
        assert!(site.join(f).is_file(), "{f} created");
    }
    let config = tebiki::config::Config::load(&site).unwrap();
    let (guides, diags) = tebiki::project::load_guides(&site, &config).unwrap();
    assert_eq!(diags, [], "the samples parse without a single diagnostic");
    let linked = tebiki::link::link(&config, guides);
    let en = linked.guide("en", "getting-started").unwrap();
    assert_eq!(linked.links(en).misalignment, []);
    assert_eq!(linked.links(en).staleness, Some(Staleness::Current));
    assert!(!linked.links(linked.guide("ja", "getting-started").unwrap()).checklist.is_empty());
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/.public.tebiki-*"), "the build's lock and work files: {ignored}");
    // In the folder itself, the next step has no `cd`.
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["init", "."])
        .current_dir(&here)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().last(), Some("next: tebiki serve"));
}

#[test]
fn errors_on_init_into_a_folder_with_files() {
    let tmp = TempDir::new("init-full");
    tmp.write("notes.txt", "mine");
    let out = tebiki(&["init", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "mine");
    assert!(!tmp.path().join("tebiki.toml").exists());
}

#[test]
fn new_adds_a_guide_and_a_translation_skeleton() {
    let tmp = TempDir::new("new");
    let root = tmp.path().to_str().unwrap();
    // A folder that is no site yet (no tebiki.toml, no content/) gets no guide by surprise.
    let nowhere = tebiki(&["new", "backup-restore", "--root", root]);
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&nowhere.stderr)
            .contains("is not a tebiki site (it has no tebiki.toml and no content/)")
    );
    assert!(!tmp.path().join("content").exists());
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    assert!(tebiki(&["new", "backup-restore", "--root", root]).status.success());
    let again = tebiki(&["new", "backup-restore", "--root", root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("backup-restore.md already exists"));
    assert!(tebiki(&["new", "backup-restore", "--lang", "en", "--root", root]).status.success());
    let bad = tebiki(&["new", "Bad Name", "--root", root]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a usable page name"));
    // A name in another case would take one of the two guides out of the site.
    let upper = tebiki(&["new", "Backup-Restore", "--root", root]);
    assert_eq!(upper.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&upper.stderr).contains("use lowercase letters"));
    assert!(!tmp.path().join("content/ja/Backup-Restore.md").exists());
    let reserved = tebiki(&["new", "index", "--root", root]);
    assert_eq!(reserved.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&reserved.stderr).contains("is a page of the site itself"),
        "{}",
        String::from_utf8_lossy(&reserved.stderr)
    );

    let config = tebiki::config::Config::load(tmp.path()).unwrap();
    let (guides, diags) = tebiki::project::load_guides(tmp.path(), &config).unwrap();
    assert_eq!(diags, []);
    let linked = tebiki::link::link(&config, guides);
    let en = linked.guide("en", "backup-restore").expect("skeleton");
    assert_eq!(linked.links(en).source, Some(("ja".to_owned(), "backup-restore".to_owned())));
    assert_eq!(linked.links(en).misalignment, []);
    let checklist = &linked.links(linked.guide("ja", "backup-restore").unwrap()).checklist;
    assert_eq!(checklist[0].items.len(), 2, "a subsection and a task item");

    // A guide someone named in capitals is there already under the lowercase name.
    std::fs::copy(tmp.path().join("content/ja/backup-restore.md"), tmp.path().join("content/ja/Ops-Notes.md")).unwrap();
    let clash = tebiki(&["new", "ops-notes", "--root", root]);
    assert_eq!(clash.status.code(), Some(2), "{}", String::from_utf8_lossy(&clash.stderr));
    assert!(String::from_utf8_lossy(&clash.stderr).contains("Ops-Notes.md already exists"));
    assert!(!tmp.path().join("content/ja/ops-notes.md").exists());
}

/// A translation skeleton lies in another folder than its source: its relative images
/// and links to guides are made to lead where they led (a guide's translation when there
/// is one), so the new guide passes `check`.
#[test]
fn a_translation_skeleton_keeps_its_images_and_links_working() {
    let tmp = TempDir::new("new-links");
    let root = tmp.path().to_str().unwrap();
    assert!(tebiki(&["init", root]).status.success());
    tmp.write("content/ja/team/img/chart.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#);
    tmp.write("content/ja/plain.txt", "解決できること\n- わかる\n平文\n本文です。\n");
    tmp.write(
        "content/ja/team/ops.md",
        "+++\ntitle = \"運用\"\n+++\n\n::: outcomes\n- わかる\n:::\n\n## 手順 {#s1}\n\n![図](img/chart.svg)、[はじめに](../getting-started.txt#s2)、[平文](../plain.txt)、[外](https://example.com/a)、[節](#s1)。\n",
    );
    let ok = |args: &[&str]| {
        let out = tebiki(args);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&["new", "team/ops", "--lang", "en", "--root", root]);
    let text = std::fs::read_to_string(tmp.path().join("content/en/team/ops.md")).unwrap();
    for dest in [
        "(<../../ja/team/img/chart.svg>)",
        "(<../getting-started.md#s2>)",
        "(<../../ja/plain.txt>)",
        "(<https://example.com/a>)",
        "(<#s1>)",
    ] {
        assert!(text.contains(dest), "{dest}: {text}");
    }
    ok(&["check", "--root", root]);
}

#[test]
fn new_offers_the_updated_key() {
    let tmp = TempDir::new("new-updated");
    let root = tmp.path().to_str().unwrap();
    tmp.write("tebiki.toml", "title = \"x\"\n");
    for (slug, lang) in [("dated", "ja"), ("dated-en", "en")] {
        assert!(tebiki(&["new", slug, "--lang", lang, "--root", root]).status.success());
        let path = tmp.path().join(format!("content/{lang}/{slug}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("+++\n"), "{text}");
        assert!(text.contains("\n# updated = 2026-11-30\n"), "the key, commented out: {text}");
        let project = tebiki::Project::load(tmp.path()).unwrap();
        assert_eq!(project.site.guide(lang, slug).unwrap().updated, None, "commented out, no date");
        std::fs::write(&path, text.replace("\n# updated = 2026-11-30\n", "\nupdated = 2026-12-01\n")).unwrap();
        let project = tebiki::Project::load(tmp.path()).unwrap();
        let updated = project.site.guide(lang, slug).unwrap().updated.map(|d| d.to_string());
        assert_eq!(updated.as_deref(), Some("2026-12-01"), "uncommented, the guide's date");
        assert_eq!(project.diagnostics, []);
    }
}
