//! Checklists: a group per section and an item per subsection and task on the checklist
//! page and in each section of the guide page; ids unique, and the same after a rebuild
//! and after edits elsewhere in the guide; storage keys apart per site and language; the
//! script's pure functions under `node --test`; the pages in headless Chromium.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::*;

/// `(lang, slug)` → the checklist page's items as `(section number, text, id, href)`.
type Items = BTreeMap<(String, String), Vec<(String, String, String, String)>>;

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or("").to_owned()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_owned()
}

/// Every guide's checklist items, read from the built pages.
fn checklist_items(site: &TestSite) -> Items {
    let mut out = Items::new();
    for lang in ["ja", "en"] {
        for slug in SEED_SLUGS {
            let rel = format!("{lang}/{slug}/checklist/index.html");
            if !site.out().join(&rel).is_file() {
                continue;
            }
            let page = site.page(&rel);
            let mut items = Vec::new();
            for group in select(&page, "[data-group]") {
                let number = attr(&group, "data-number");
                for li in select(&scraper::Html::parse_fragment(&group.html()), "li.checklist-item") {
                    let input =
                        select(&scraper::Html::parse_fragment(&li.html()), "input[data-item]")[0].value().clone();
                    let frag = scraper::Html::parse_fragment(&li.html());
                    let label = text(&select_one(&frag, "label"));
                    let href = attr(&select_one(&frag, "a.checklist-ref"), "href");
                    items.push((number.clone(), label, input.attr("data-item").unwrap_or("").to_owned(), href));
                }
            }
            out.insert((lang.to_owned(), slug.to_owned()), items);
        }
    }
    out
}

fn store_key(site: &TestSite, rel: &str) -> String {
    attr(&select_one(&site.page(rel), "meta[name=tebiki-checklist]"), "content")
}

#[test]
fn builds_checklists_with_a_group_per_section_and_an_item_per_subsection() {
    let site = TestSite::bundled_all("cl-structure");
    site.build_ok();
    let config = tebiki::config::Config::load(site.root()).unwrap();
    let (guides, _) = tebiki::project::load_guides(site.root(), &config).unwrap();
    assert_eq!(guides.len(), 10);
    let items = checklist_items(&site);
    for guide in &guides {
        let what = format!("{}/{}", guide.lang, guide.slug);
        let got = &items[&(guide.lang.clone(), guide.slug.clone())];
        // From the model: each section with subsections is a group, each subsection an item.
        let want: Vec<(String, String, String)> = guide
            .doc
            .sections
            .iter()
            .flat_map(|s| {
                s.subsections.iter().map(move |ss| {
                    (s.id.trim_start_matches('s').to_owned(), ss.heading.clone(), format!("../index.html#{}", ss.id))
                })
            })
            .collect();
        let got_no_ids: Vec<(String, String, String)> =
            got.iter().map(|(n, t, _, h)| (n.clone(), t.clone(), h.clone())).collect();
        assert_eq!(got_no_ids, want, "{what}: checklist page items");
        assert!(want.len() >= 20, "{what}: the seeds have many subsections");

        let ids: BTreeSet<&String> = got.iter().map(|(_, _, id, _)| id).collect();
        assert_eq!(ids.len(), got.len(), "{what}: item ids are unique");

        // The guide page shows each section's own items, with the same ids.
        let page = site.page(&format!("{what}/index.html"));
        for s in &guide.doc.sections {
            let on_page: Vec<String> =
                select(&page, &format!("section#{} > .section-checklist input[data-item]", s.id))
                    .iter()
                    .map(|i| attr(i, "data-item"))
                    .collect();
            let number = s.id.trim_start_matches('s');
            let want: Vec<String> = got.iter().filter(|(n, ..)| n == number).map(|(_, _, id, _)| id.clone()).collect();
            assert_eq!(on_page, want, "{what}: items shown in section {}", s.id);
        }
        assert_eq!(
            store_key(&site, &format!("{what}/index.html")),
            store_key(&site, &format!("{what}/checklist/index.html")),
            "{what}: the guide page and its checklist share one record"
        );
        let links: Vec<String> = select(&page, "nav.guide-tools a").iter().map(|a| attr(a, "href")).collect();
        assert_eq!(
            links,
            ["brief/index.html", "checklist/index.html", "print/index.html"],
            "{what}: the guide links to its brief, checklist and print view"
        );
    }
}

#[test]
fn builds_an_item_per_task_list_item() {
    let site = TestSite::new("cl-tasks");
    site.write(
        "content/en/steps.md",
        "::: outcomes\n- Act\n:::\n\n## Steps {#s1}\n\n- [ ] Call the lead\n- [x] Open the log\n- not a task\n\n\
         ### Contain {#s1-1}\n\nText.\n\n- [ ] Isolate the host\n\n## Notes {#s2}\n\nNo steps here.\n",
    );
    site.build_ok();
    let page = site.page("en/steps/checklist/index.html");
    let labels: Vec<String> = select(&page, "li.checklist-item label").iter().map(text).collect();
    assert_eq!(labels, ["Call the lead", "Open the log", "Contain", "Isolate the host"]);
    let hrefs: Vec<String> =
        select(&page, "li.checklist-item a.checklist-ref").iter().map(|a| attr(a, "href")).collect();
    assert_eq!(hrefs, ["../index.html#s1", "../index.html#s1", "../index.html#s1-1", "../index.html#s1-1"]);
    assert_eq!(select(&page, "[data-group]").len(), 1, "a section without items has no group");
    // A guide without any item says so, and its page links to no checklist.
    site.write("content/en/plain.md", "::: outcomes\n- Read\n:::\n\n## Only text {#s1}\n\nText.\n");
    site.build_ok();
    assert!(select(&site.page("en/plain/index.html"), "a[href=\"checklist/index.html\"]").is_empty());
    assert!(select(&site.page("en/plain/index.html"), "meta[name=tebiki-checklist]").is_empty());
    assert!(site.read("en/plain/checklist/index.html").contains("This guide has no checklist items."));
}

#[test]
fn keeps_checklist_ids_across_rebuilds_and_edits_elsewhere_in_the_guide() {
    let site = TestSite::bundled_all("cl-stable");
    site.build_ok();
    let first = checklist_items(&site);
    let keys_before = store_key(&site, "ja/data-breach-litigation/checklist/index.html");
    site.build_ok();
    assert_eq!(checklist_items(&site), first, "a rebuild changed checklist ids");

    // Edit the Japanese guide's second section, and in the English one add a subsection
    // to section 3 and a task before the items of section 5.
    let ja = site.root().join("content/ja/data-breach-litigation.txt");
    let text = std::fs::read_to_string(&ja).unwrap();
    let para = "情報漏洩後の訴訟対応において、専門的な支援を得ること";
    assert!(text.contains(para));
    std::fs::write(&ja, text.replacen(para, &format!("（改訂）{para}"), 1)).unwrap();
    let en = site.root().join("content/en/data-breach-litigation.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let s4 = "## What emergency measures prevent further damage? {#s4}";
    let s5 = "### Legal notification obligations {#s5-1}";
    assert!(text.contains(s4) && text.contains(s5));
    let text = text.replacen(s4, &format!("### Brief the insurer {{#s3-4}}\n\nCall them early.\n\n{s4}"), 1).replacen(
        s5,
        &format!("- [ ] Name a single spokesperson\n\n{s5}"),
        1,
    );
    std::fs::write(&en, text).unwrap();
    site.build_ok();
    let after = checklist_items(&site);

    for (key, before) in &first {
        let now = &after[key];
        let ids: BTreeSet<&String> = now.iter().map(|(_, _, id, _)| id).collect();
        assert_eq!(ids.len(), now.len(), "{key:?}: ids unique after the edit");
        let now_by_text: BTreeMap<&String, &String> = now.iter().map(|(_, t, id, _)| (t, id)).collect();
        for (_, text, id, _) in before {
            assert_eq!(now_by_text.get(text), Some(&id), "{key:?}: `{text}` changed id after an edit elsewhere");
        }
    }
    let en_now = &after[&("en".to_owned(), "data-breach-litigation".to_owned())];
    let added: Vec<&str> = en_now
        .iter()
        .filter(|(_, t, ..)| !first[&("en".to_owned(), "data-breach-litigation".to_owned())].iter().any(|b| &b.1 == t))
        .map(|(_, t, ..)| t.as_str())
        .collect();
    assert_eq!(added, ["Brief the insurer", "Name a single spokesperson"]);
    assert_eq!(store_key(&site, "ja/data-breach-litigation/checklist/index.html"), keys_before);
}

#[test]
fn keys_records_apart_per_site_and_language() {
    let site = TestSite::bundled_all("cl-keys");
    site.build_ok();
    let ja = store_key(&site, "ja/p2p-trouble-disclosure/checklist/index.html");
    let en = store_key(&site, "en/p2p-trouble-disclosure/checklist/index.html");
    assert_ne!(ja, en);
    assert!(ja.ends_with(":ja:p2p-trouble-disclosure") && en.ends_with(":en:p2p-trouble-disclosure"), "{ja} {en}");
    site.write("tebiki.toml", "version = \"2025.1\"\n");
    site.build_ok();
    assert_eq!(store_key(&site, "ja/p2p-trouble-disclosure/checklist/index.html"), ja, "the version is not identity");
    site.write("tebiki.toml", "base_url = \"https://kb.example.org/\"\n");
    site.build_ok();
    let published = store_key(&site, "ja/p2p-trouble-disclosure/checklist/index.html");
    assert_ne!(published, ja, "another site (a base_url) gets another key");
    site.write("tebiki.toml", "base_url = \"https://kb.example.org/\"\n[title]\nja = \"別名\"\n");
    site.build_ok();
    assert_eq!(store_key(&site, "ja/p2p-trouble-disclosure/checklist/index.html"), published);
}

#[test]
fn checklist_script_pure_functions_pass_under_node_test() {
    if !tools_present("checklist JS unit tests", &if runs("node") { vec![] } else { vec!["node".to_owned()] }) {
        return;
    }
    node_test(&["checklist.test.mjs"], &[], 8);
}

#[test]
fn checklists_work_in_headless_chromium_from_file_and_http() {
    if !tools_present("checklist browser tests", &missing_browser_tools()) {
        return;
    }
    let site = TestSite::bundled_all("cl-browser");
    // An old slug of a guide, whose ticks the browser carries over.
    let config = std::fs::read_to_string(site.root().join("tebiki.toml")).unwrap_or_default();
    site.write("tebiki.toml", format!("{config}\n[aliases]\n\"ja/data-breach-litigation\" = [\"old-breach\"]\n"));
    site.build_ok();
    let artifacts = repo().join("tests/artifacts");
    let chromium = chromium();
    let out = site.out();
    node_test(
        &["checklist-browser.test.mjs"],
        &[
            ("TEBIKI_SITE", out.as_os_str()),
            ("TEBIKI_ARTIFACTS", artifacts.as_os_str()),
            ("TEBIKI_CHROMIUM", chromium.as_os_str()),
        ],
        8,
    );
}
