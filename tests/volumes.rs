//! Printable pages that scale: a print view per guide, laid out like its handbook chapter;
//! the handbook and the briefing in volumes of bounded size with a list of them; the
//! bundled site's handbook still one page; a volume's weight close to its page's size.

use std::collections::BTreeSet;

use tebiki::render::RenderOptions;
use tebiki::render::volumes::Printer;

use crate::harness::*;

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or("").to_owned()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The volumes the library plans for `lang`: the slugs of each, in order.
fn volumes(site: &TestSite, lang: &str) -> Vec<Vec<String>> {
    let project = tebiki::Project::load(site.root()).unwrap();
    Printer::new(&project.site, &RenderOptions { theme: &project.theme }, lang).unwrap().volumes()
}

/// Each guide's weight and the size of the one-volume handbook page.
fn weights(site: &TestSite, lang: &str) -> Vec<usize> {
    let project = tebiki::Project::load(site.root()).unwrap();
    Printer::new(&project.site, &RenderOptions { theme: &project.theme }, lang).unwrap().weights()
}

/// The outer HTML of every element matching `selector`.
fn outer(page: &scraper::Html, selector: &str) -> Vec<String> {
    select(page, selector).iter().map(|e| e.html()).collect()
}

#[test]
fn keeps_the_bundled_handbook_and_briefing_one_page_each() {
    let site = TestSite::bundled_all("one-volume");
    site.build_ok();
    let pages = ["handbook.css", "index.html"].map(|f| format!("print/{f}"));
    let read = |site: &TestSite| -> Vec<String> {
        let mut all = Vec::new();
        for lang in ["ja", "en"] {
            for p in pages.iter().map(String::as_str).chain(["briefing/index.html"]) {
                all.push(site.read(&format!("{lang}/{p}")));
            }
        }
        all
    };
    let default_bound = read(&site);
    for lang in ["ja", "en"] {
        assert_eq!(volumes(&site, lang).len(), 1, "{lang}: one volume");
        for folder in ["print/1", "briefing/1"] {
            assert!(!site.out().join(lang).join(folder).exists(), "{lang}/{folder}: no volume folders");
        }
        let page = site.page(&format!("{lang}/print/index.html"));
        assert_eq!(select(&page, ".hb-cover").len(), 1, "the handbook itself, with its cover");
        assert_eq!(select(&page, "article.hb-guide").len(), SEED_SLUGS.len(), "{lang}: every guide on the page");
        assert!(select(&page, ".hb-cover-volume").is_empty(), "{lang}: no volume on the cover");
    }
    // Without any bound, the same bytes: the default bound leaves the bundled pages alone.
    site.write("tebiki.toml", format!("[print]\nvolume_bytes = {}\n", usize::MAX));
    site.build_ok();
    assert!(default_bound == read(&site), "the bundled handbook and briefing are the unsplit pages");
}

#[test]
fn a_volume_weighs_about_what_its_page_holds() {
    let site = TestSite::bundled_all("weights");
    site.build_ok();
    let mut ratios = Vec::new();
    for lang in ["ja", "en"] {
        let weight: usize = weights(&site, lang).iter().sum();
        let page = site.read(&format!("{lang}/print/index.html")).len();
        let ratio = page as f64 / weight as f64;
        println!("{lang}: handbook page {page} bytes, weight {weight}, ratio {ratio:.3}");
        ratios.push((lang, page, weight, ratio));
    }
    for (lang, page, weight, ratio) in ratios {
        assert!((0.9..=1.1).contains(&ratio), "{lang}: page {page} bytes for a weight of {weight}");
    }
}

#[test]
fn splits_a_large_handbook_into_volumes_with_a_list_of_them() {
    let site = TestSite::bundled("volumes");
    let bound = 200_000;
    site.write("tebiki.toml", format!("base_url = \"https://kb.example.org/\"\n[print]\nvolume_bytes = {bound}\n"));
    site.build_ok();
    let volumes = volumes(&site, "ja");
    let weights = weights(&site, "ja");
    assert!(volumes.len() >= 3, "the bound splits the five guides: {volumes:?}");
    let mut slugs: Vec<&str> = SEED_SLUGS.to_vec();
    slugs.sort();
    assert_eq!(volumes.concat(), slugs, "every guide once, in navigation order");
    let mut at = 0;
    for v in &volumes {
        let weight: usize = weights[at..at + v.len()].iter().sum();
        assert!(weight <= bound || v.len() == 1, "a volume past the bound holds one guide: {v:?} weighs {weight}");
        if at + v.len() < weights.len() {
            assert!(weight + weights[at + v.len()] > bound, "the next guide would not have fitted: {v:?}");
        }
        at += v.len();
    }

    // The list of volumes, each with its guides, numbered through the language.
    let count = volumes.len();
    for (kind, anchor) in [("print", "g"), ("briefing", "brief-")] {
        let list = site.page(&format!("ja/{kind}/index.html"));
        let hrefs: Vec<String> = select(&list, ".volume-title a").iter().map(|a| attr(a, "href")).collect();
        let want: Vec<String> = (1..=count).map(|k| format!("{k}/index.html")).collect();
        assert_eq!(hrefs, want, "{kind}: a link to each volume");
        let mut n = 0;
        for (k, v) in volumes.iter().enumerate() {
            let k = k + 1;
            let sel = format!(".volume:nth-child({k}) .volume-guides a");
            let listed: Vec<String> = select(&list, &sel).iter().map(|a| attr(a, "href")).collect();
            let want: Vec<String> = (n + 1..=n + v.len()).map(|i| format!("{k}/index.html#{anchor}{i}")).collect();
            assert_eq!(listed, want, "{kind}: volume {k} lists its guides");
            let volume = site.page(&format!("ja/{kind}/{k}/index.html"));
            for href in &listed {
                let id = href.split('#').nth(1).unwrap();
                assert_eq!(select(&volume, &format!("[id='{id}']")).len(), 1, "{kind}/{k}: #{id} is there");
            }
            n += v.len();
        }
    }

    // Each handbook volume: its cover says which, its guides keep their numbers, and its
    // running heads name its guides only.
    let mut n = 0;
    for (k, v) in volumes.iter().enumerate() {
        let k = k + 1;
        let page = site.page(&format!("ja/print/{k}/index.html"));
        assert_eq!(text(&select_one(&page, ".hb-cover-volume")), format!("第{k}巻（全{count}巻）"));
        let ids: Vec<String> = select(&page, "main > article").iter().map(|a| attr(a, "id")).collect();
        let nums: Vec<usize> = (n + 1..=n + v.len()).collect();
        let want: Vec<String> =
            ["g", "a", "b"].iter().flat_map(|p| nums.iter().map(move |i| format!("{p}{i}"))).collect();
        assert_eq!(ids, want, "volume {k}: its guides, briefs and checklists");
        let css = site.read(&format!("ja/print/{k}/handbook.css"));
        let named: BTreeSet<&str> =
            css.lines().filter_map(|l| l.strip_prefix("@page hb-g")).map(|l| l.split(' ').next().unwrap()).collect();
        let want: BTreeSet<String> = nums.iter().map(|i| i.to_string()).collect();
        assert_eq!(named, want.iter().map(String::as_str).collect(), "volume {k}: running heads of its guides");
        assert_eq!(attr(&select_one(&page, ".hb-screen-note a"), "href"), "../index.html");
        let briefing = site.page(&format!("ja/briefing/{k}/index.html"));
        let titles: Vec<String> = select(&briefing, ".brief-title a").iter().map(|a| attr(a, "href")).collect();
        let want: Vec<String> = v.iter().map(|s| format!("../../{s}/index.html")).collect();
        assert_eq!(titles, want, "briefing volume {k}: links back to the guides");
        n += v.len();
    }
    assert!(!site.out().join("ja/print/handbook.css").exists(), "running heads sit beside each volume");

    // The sitemap lists every volume; `check` finds every link and anchor of them.
    let sitemap = site.read("sitemap.xml");
    for k in 1..=count {
        for kind in ["print", "briefing"] {
            let loc = format!("<loc>https://kb.example.org/ja/{kind}/{k}/</loc>");
            assert!(sitemap.contains(&loc), "{loc} in the sitemap");
        }
    }
    let check = tebiki(&["check", "--root", site.root().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(!stdout.contains("broken-"), "{stdout}");
}

#[test]
fn prints_each_guide_as_its_handbook_chapter() {
    let site = TestSite::bundled("print-views");
    site.write("tebiki.toml", "[print]\nvolume_bytes = 200000\n");
    site.build_ok();
    let volumes = volumes(&site, "ja");
    let mut n = 0;
    for (k, v) in volumes.iter().enumerate() {
        let k = k + 1;
        let handbook = site.page(&format!("ja/print/{k}/index.html"));
        for slug in v {
            n += 1;
            let path = format!("ja/{slug}/print/index.html");
            let view = site.page(&path);
            assert!(select(&view, ".hb-cover").is_empty(), "{slug}: no cover");
            // The chapter is the handbook's, byte for byte; so are its brief and checklist,
            // but for the appendix titles that only the first of a volume carries.
            assert_eq!(outer(&view, &format!("article#g{n}")), outer(&handbook, &format!("article#g{n}")), "{slug}");
            for part in ["a", "b"] {
                let sel = format!("article#{part}{n} > :not(.hb-appendix-title)");
                assert_eq!(outer(&view, &sel), outer(&handbook, &sel), "{slug}: {part}{n}");
                assert_eq!(select(&view, &format!("article#{part}{n} > .hb-appendix-title")).len(), 1);
            }
            // Contents: the guide and its sections, then each appendix with its one entry.
            let toc: Vec<String> = select(&view, ".hb-toc-list a").iter().map(|a| attr(a, "href")).collect();
            let sections = select(&view, &format!("article#g{n} > section.section")).len();
            let mut want = vec![format!("#g{n}")];
            want.extend((1..=sections).map(|s| format!("#g{n}-s{s}")));
            want.extend(["#appendix-a".to_string(), format!("#a{n}"), "#appendix-b".to_string(), format!("#b{n}")]);
            assert_eq!(toc, want, "{slug}: contents");
            // The running heads of its volume; the way back to the guide and the handbook.
            let css = attr(&select_one(&view, "link[rel=stylesheet][href$='handbook.css']"), "href");
            assert_eq!(css, format!("../../../ja/print/{k}/handbook.css"));
            assert!(
                site.read(&format!("ja/print/{k}/handbook.css")).contains(&format!(".hb-g{n} {{ page: hb-g{n}; }}"))
            );
            let links: Vec<String> = select(&view, ".hb-screen-note a").iter().map(|a| attr(a, "href")).collect();
            assert_eq!(links, ["../index.html".to_owned(), format!("../../../ja/print/{k}/index.html#g{n}")]);
            let guide = site.page(&format!("ja/{slug}/index.html"));
            assert_eq!(attr(&select_one(&guide, "a.tool-print"), "href"), "print/index.html");
        }
    }
}
