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
    assert!(tebiki(&["new", "backup-restore", "--root", root]).status.success());
    let again = tebiki(&["new", "backup-restore", "--root", root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("backup-restore.md already exists"));
    assert!(tebiki(&["new", "backup-restore", "--lang", "en", "--root", root]).status.success());
    let bad = tebiki(&["new", "Bad Name", "--root", root]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a usable page name"));

    let config = tebiki::config::Config::load(tmp.path()).unwrap();
    let (guides, diags) = tebiki::project::load_guides(tmp.path(), &config).unwrap();
    assert_eq!(diags, []);
    let linked = tebiki::link::link(&config, guides);
    let en = linked.guide("en", "backup-restore").expect("skeleton");
    assert_eq!(linked.links(en).source, Some(("ja".to_owned(), "backup-restore".to_owned())));
    assert_eq!(linked.links(en).misalignment, []);
    let checklist = &linked.links(linked.guide("ja", "backup-restore").unwrap()).checklist;
    assert_eq!(checklist[0].items.len(), 2, "a subsection and a task item");
}
