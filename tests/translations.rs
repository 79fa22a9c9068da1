//! Translations: the bundled English guides align with their Japanese sources, a changed
//! source makes its translation stale (and says which sections), and `tebiki stamp`
//! records the source version without touching the rest of the file.

use crate::harness::*;
use tebiki::config::Config;
use tebiki::translation::Staleness;

fn site_at(root: &std::path::Path) -> tebiki::link::Site {
    let config = Config::load(root).unwrap();
    let (guides, diags) = tebiki::project::load_guides(root, &config).unwrap();
    assert!(diags.iter().all(|d| d.severity != tebiki::model::Severity::Error), "{diags:?}");
    tebiki::link::link(&config, guides)
}

#[test]
fn bundled_translations_align_with_their_sources() {
    let site = site_at(repo());
    for slug in SEED_SLUGS {
        let ja = site.guide("ja", slug).expect("ja guide");
        let en = site.guide("en", slug).unwrap_or_else(|| panic!("content/en/{slug}.md exists"));
        let links = site.links(en);
        assert_eq!(links.source, Some(("ja".to_owned(), slug.to_owned())));
        assert_eq!(links.misalignment, [], "{slug}");
        assert_eq!(links.staleness, Some(Staleness::Current), "{slug}: run `tebiki stamp content/en/{slug}.md`");
        assert_eq!(site.links(ja).alternates.get("en").map(String::as_str), Some(slug));
        // The same ids in the same order, and the same blocks in each.
        let ids = |d: &tebiki::model::Document| {
            d.sections
                .iter()
                .map(|s| {
                    let tables = s.blocks.iter().filter(|b| matches!(b, tebiki::model::Block::Table { .. })).count();
                    let subs: Vec<(String, usize)> = s
                        .subsections
                        .iter()
                        .map(|x| {
                            (
                                x.id.clone(),
                                x.blocks.iter().filter(|b| matches!(b, tebiki::model::Block::Table { .. })).count(),
                            )
                        })
                        .collect();
                    (s.id.clone(), tables, subs, s.consensus.is_some(), s.perspective.is_some())
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&ja.doc), ids(&en.doc), "{slug}");
        assert_eq!(ja.doc.outcomes.len(), en.doc.outcomes.len(), "{slug}");
        assert!(en.doc.diagnostics.0.is_empty(), "{slug}: {:?}", en.doc.diagnostics.0);
    }
    assert!(site.untranslated("en").is_empty());
}

const SOURCE: &str = "解決できること\n- 要点がわかる\n手引き\n本文です。\n手引き\nPerspective\n見通しです。\n第二節\n第二節の本文です。\n";
const TRANSLATION: &str = "+++\n# kept as written\n[translation]\nsource = \"guide\"\nlang = \"ja\"\n+++\n\n::: outcomes\n- Know the point\n:::\n\n## Guide {#s1}\n\nBody.\n\n::: perspective\nOutlook.\n:::\n\n## Second {#s2}\n\nSecond body.\n";

#[test]
fn changed_source_makes_the_translation_stale_by_section() {
    let site = TempDir::new("stale");
    site.write("content/ja/guide.txt", SOURCE);
    let en = site.write("content/en/guide.md", TRANSLATION);
    site.write("content/ja/only-ja.txt", "解決できること\n- x\n日本語だけ\n本文。\n");
    let root = site.path().to_str().unwrap();

    let before = site_at(site.path());
    let g = before.guide("en", "guide").unwrap();
    assert_eq!(before.links(g).staleness, Some(Staleness::Unknown), "no hash recorded yet");
    let untranslated: Vec<&str> = before.untranslated("en").iter().map(|g| g.slug.as_str()).collect();
    assert_eq!(untranslated, ["only-ja"]);

    let out = tebiki(&["stamp", "--root", root, en.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stamped = std::fs::read_to_string(&en).unwrap();
    assert!(
        stamped
            .starts_with("+++\n# kept as written\n[translation]\nsource = \"guide\"\nlang = \"ja\"\nhash = \"sha256:")
    );
    assert!(stamped.ends_with(&TRANSLATION[TRANSLATION.find("\n::: outcomes").unwrap()..]), "body unchanged");
    let current = site_at(site.path());
    assert_eq!(current.links(current.guide("en", "guide").unwrap()).staleness, Some(Staleness::Current));

    site.write("content/ja/guide.txt", SOURCE.replace("第二節の本文です。", "第二節の本文を書き直しました。"));
    let after = site_at(site.path());
    let st = after.links(after.guide("en", "guide").unwrap()).staleness.clone();
    assert_eq!(st, Some(Staleness::Stale { sections: vec!["s2".to_owned()] }));
}

#[test]
fn errors_when_stamping_a_file_that_is_not_a_translation() {
    let site = TempDir::new("stamp-err");
    let ja = site.write("content/ja/guide.txt", SOURCE);
    let out = tebiki(&["stamp", "--root", site.path().to_str().unwrap(), ja.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("guide.txt: an original of the site's first language (`ja`), not a translation"),
        "{stderr}"
    );
    // A guide of another language with no source (none named, none of its slug).
    let en = site.write("content/en/alone.md", "+++\ntitle = \"Alone\"\n+++\n## One\n\nText.\n");
    let out = tebiki(&["stamp", "--root", site.path().to_str().unwrap(), en.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("alone.md: no source guide found for this translation"), "{stderr}");
}

#[test]
fn white_space_at_line_ends_and_the_end_does_not_make_a_translation_stale() {
    let site = TempDir::new("stale-space");
    site.write("content/ja/guide.txt", SOURCE);
    let en = site.write("content/en/guide.md", TRANSLATION);
    assert!(tebiki(&["stamp", "--root", site.path().to_str().unwrap(), en.to_str().unwrap()]).status.success());
    let staleness = || {
        let s = site_at(site.path());
        s.links(s.guide("en", "guide").unwrap()).staleness.clone()
    };
    for (what, text) in [
        ("blank lines at the end", format!("{SOURCE}\n\n\n")),
        ("trailing spaces", SOURCE.replace("本文です。\n", "本文です。  \t\n")),
        ("CR line ends", SOURCE.replace('\n', "\r")),
        ("no final line end", SOURCE.trim_end().to_owned()),
    ] {
        site.write("content/ja/guide.txt", &text);
        assert_eq!(staleness(), Some(Staleness::Current), "{what}");
    }
    site.write("content/ja/guide.txt", SOURCE.replace("本文です。\n", "本文です。\n\n"));
    assert!(matches!(staleness(), Some(Staleness::Stale { .. })), "a blank line between lines counts");
    // A stamp made when the hash was of the text's bytes still matches.
    site.write("content/ja/guide.txt", format!("{SOURCE}\n\n"));
    let v1 = tebiki::parse::source_hash_v1(&format!("{SOURCE}\n\n"));
    let stamped = std::fs::read_to_string(&en).unwrap();
    let at = stamped.find("hash = \"").unwrap() + 8;
    site.write("content/en/guide.md", format!("{}{v1}{}", &stamped[..at], &stamped[at + v1.len()..]));
    assert_eq!(staleness(), Some(Staleness::Current), "an earlier stamp");
}

#[test]
fn stamp_writes_into_the_front_matter_the_parser_reads() {
    let site = TempDir::new("stamp-forms");
    site.write("content/ja/guide.txt", SOURCE);
    let root = site.path().to_str().unwrap();
    for (what, text) in [
        ("a byte order mark", format!("\u{FEFF}{TRANSLATION}")),
        ("CRLF and a byte order mark", format!("\u{FEFF}{}", TRANSLATION.replace('\n', "\r\n"))),
        ("a delimiter with trailing spaces", TRANSLATION.replacen("+++\n", "+++  \n", 1)),
        ("CR line ends", TRANSLATION.replace('\n', "\r")),
    ] {
        let en = site.write("content/en/guide.md", &text);
        let out = tebiki(&["stamp", "--root", root, en.to_str().unwrap()]);
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        let stamped = std::fs::read_to_string(&en).unwrap();
        assert_eq!(stamped.matches("+++").count(), 2, "{what}: one front matter: {stamped:?}");
        assert_eq!(stamped.starts_with('\u{FEFF}'), text.starts_with('\u{FEFF}'), "{what}: the mark stays");
        let body = &text[text.find("::: outcomes").unwrap()..];
        assert!(stamped.ends_with(body), "{what}: body unchanged");
        let s = site_at(site.path());
        assert_eq!(s.links(s.guide("en", "guide").unwrap()).staleness, Some(Staleness::Current), "{what}");
        let checked = tebiki(&["check", "--root", root]);
        assert!(checked.status.success(), "{what}: {}", String::from_utf8_lossy(&checked.stdout));
    }
}

#[test]
fn stamp_refuses_what_it_cannot_stamp_and_leaves_it_as_it_was() {
    let site = TempDir::new("stamp-refuse");
    site.write("content/ja/guide.txt", SOURCE);
    let root = site.path().to_str().unwrap();
    let txt =
        site.write("content/en/guide.txt", "解決できること\n- Know\nGuide\nBody.\nGuide\nPerspective\nOutlook.\n");
    let out = tebiki(&["check", "--root", root]);
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("guidance-text translation cannot hold one"), "{said}");
    let out = tebiki(&["stamp", "--root", root, txt.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tebiki import"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&txt).unwrap().starts_with("解決できること"), "untouched");
    std::fs::remove_file(&txt).unwrap();
    let unclosed = "+++\n[translation]\nsource = \"guide\"\n## Guide {#s1}\n";
    let en = site.write("content/en/guide.md", unclosed);
    let out = tebiki(&["stamp", "--root", root, en.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&en).unwrap(), unclosed, "untouched");
}

#[test]
fn stale_translation_pages_say_so_on_the_changed_sections() {
    let site = TempDir::new("stale-page");
    site.write("content/ja/guide.txt", SOURCE);
    let en = site.write("content/en/guide.md", TRANSLATION);
    let root = site.path().to_str().unwrap();
    assert!(tebiki(&["stamp", "--root", root, en.to_str().unwrap()]).status.success());
    let out = site.path().join("public");
    let build = |extra: &str| {
        let o = tebiki(&["build", "--root", root, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{extra}: {}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out.join("en/guide/index.html")).unwrap()
    };
    let current = build("current");
    assert!(!current.contains("notice-stale"), "an up-to-date translation carries no notice");

    site.write("content/ja/guide.txt", SOURCE.replace("第二節の本文です。", "第二節の本文を書き直しました。"));
    let html = build("stale");
    assert_eq!(html.matches(r#"class="notice notice-stale""#).count(), 1, "one notice at the top");
    assert!(html.contains(r#"data-stale="sections""#));
    assert!(html.contains(r#"hreflang="ja">"#), "the original's language as a code, not its name");
    let s2 = &html[html.find(r#"<section id="s2""#).unwrap()..];
    assert!(s2.contains(r#"<p class="notice notice-stale-section" data-stale="section">"#), "s2 changed");
    assert!(s2.contains(r#"href="../../ja/guide/index.html#s2""#), "links to the original section");
    let s1 = &html[html.find(r#"<section id="s1""#).unwrap()..html.find(r#"<section id="s2""#).unwrap()];
    assert!(!s1.contains("notice-stale-section"), "s1 did not change");
    let ja = std::fs::read_to_string(out.join("ja/guide/index.html")).unwrap();
    assert!(!ja.contains("notice-stale"), "the source is never stale");

    // A section the translation does not have yet: no link to it in English.
    site.write("content/ja/guide.txt", format!("{SOURCE}第三節\n新しい節の本文です。\n"));
    build("a new section");
    let ja = std::fs::read_to_string(out.join("ja/guide/index.html")).unwrap();
    let s3 = &ja[ja.find(r#"<section id="s3""#).unwrap()..];
    assert!(!s3.contains(r#"class="section-lang""#), "the translation has no s3 to lead to");
    let s1 = &ja[ja.find(r#"<section id="s1""#).unwrap()..ja.find(r#"<section id="s2""#).unwrap()];
    assert!(s1.contains(r#"<a class="section-lang" href="../../en/guide/index.html#s1""#), "{s1:.600}");
    let check = tebiki(&["check", "--root", root]);
    assert!(
        !String::from_utf8_lossy(&check.stdout).contains("broken-anchor"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn ui_strings_exist_in_both_languages() {
    let keys = |lang: &str| -> std::collections::BTreeSet<String> {
        let text = std::fs::read_to_string(repo().join(format!("themes/default/i18n/{lang}.toml"))).unwrap();
        text.parse::<toml::Table>().unwrap().keys().cloned().collect()
    };
    let (ja, en) = (keys("ja"), keys("en"));
    assert!(ja.len() > 20, "the theme has its UI strings");
    assert_eq!(ja.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "keys only in ja.toml");
    assert_eq!(en.difference(&ja).collect::<Vec<_>>(), Vec::<&String>::new(), "keys only in en.toml");
}

#[test]
fn sitemap_lists_both_languages_with_alternates() {
    let site = TempDir::new("sitemap");
    site.write("tebiki.toml", "base_url = \"https://kb.example.org/guides\"\n");
    site.write("content/ja/guide.txt", SOURCE);
    site.write("content/en/guide.md", TRANSLATION);
    let out = site.path().join("public");
    let o = tebiki(&["build", "--root", site.path().to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in ["https://kb.example.org/guides/ja/guide/", "https://kb.example.org/guides/en/guide/"] {
        assert!(xml.contains(&format!("<url><loc>{loc}</loc>")), "{loc} listed:\n{xml}");
    }
    let en_entry = &xml[xml.find("<loc>https://kb.example.org/guides/en/guide/</loc>").unwrap()..];
    let en_entry = &en_entry[..en_entry.find("</url>").unwrap()];
    assert!(
        en_entry
            .contains(r#"<xhtml:link rel="alternate" hreflang="ja" href="https://kb.example.org/guides/ja/guide/"/>"#)
    );
    assert!(
        en_entry
            .contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://kb.example.org/guides/en/guide/"/>"#)
    );
}

#[test]
fn sitemap_lists_every_page_kind_that_exists() {
    let site = TempDir::new("sitemap-pages");
    site.write("tebiki.toml", "base_url = \"https://kb.example.org/\"\n");
    site.write("content/ja/guide.txt", SOURCE);
    let out = site.path().join("public");
    let o = tebiki(&["build", "--root", site.path().to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in xml.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]) {
        let rel = loc.strip_prefix("https://kb.example.org/").unwrap();
        assert!(out.join(rel).join("index.html").is_file(), "{loc} is listed but {rel}index.html does not exist");
    }
    for page in ["ja/guide/brief/", "ja/guide/checklist/", "ja/briefing/", "ja/checklists/", "ja/print/"] {
        assert!(xml.contains(&format!("<loc>https://kb.example.org/{page}</loc>")), "{page} listed");
    }
    // The guide's print view only leads to the handbook, which is listed.
    assert!(out.join("ja/guide/print/index.html").is_file());
    assert!(!xml.contains("<loc>https://kb.example.org/ja/guide/print/</loc>"), "{xml}");
}
