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
    let split = volumes(&site, "ja");
    let mut n = 0;
    for (k, v) in split.iter().enumerate() {
        let k = k + 1;
        let handbook = site.page(&format!("ja/print/{k}/index.html"));
        let css = site.read(&format!("ja/print/{k}/handbook.css"));
        // Every guide of the volume has its marker, before everything else of the page,
        // which the rules of tebiki.css and handbook.css need (`marker:target ~ ...`).
        let markers: Vec<String> =
            select(&handbook, "main.handbook > i.hb-only").iter().map(|i| attr(i, "id")).collect();
        let first = n + 1;
        assert_eq!(markers, (first..first + v.len()).map(|m| format!("only-g{m}")).collect::<Vec<_>>(), "volume {k}");
        let children: Vec<String> =
            select(&handbook, "main.handbook > *").iter().map(|e| e.value().name().to_owned()).collect();
        assert!(children[..v.len()].iter().all(|c| c == "i"), "volume {k}: the markers come first: {children:?}");
        for slug in v {
            n += 1;
            // The print view goes on to the guide alone in its volume.
            let path = format!("ja/{slug}/print/index.html");
            let view = site.page(&path);
            let want = format!("../../../ja/print/{k}/index.html#only-g{n}");
            let refresh = attr(&select_one(&view, "meta[http-equiv=refresh]"), "content");
            assert_eq!(refresh, format!("0; url={want}"), "{slug}");
            assert_eq!(attr(&select_one(&view, "main a"), "href"), want, "{slug}");
            assert!(select(&view, "article").is_empty(), "{slug}: the text is in the volume only");
            // The volume shows it alone: the rules of its handbook.css, and its contents
            // entries and way back to the guide's page.
            for rule in [
                format!(
                    "#only-g{n}:target ~ :is(.hb-guide, .hb-brief, .hb-checklist):not(.hb-g{n}, .hb-a{n}, .hb-b{n})"
                ),
                format!(".hb-toc-appendix li):not(.hb-t{n}) {{ display: none; }}"),
                format!("#only-g{n}:target ~ .hb-g{n} .hb-back {{ display: block; }}"),
            ] {
                assert!(css.contains(&rule), "volume {k}: no `{rule}`");
            }
            let entries: Vec<String> =
                select(&handbook, &format!(".hb-toc li.hb-t{n} > a")).iter().map(|a| attr(a, "href")).collect();
            assert_eq!(entries, [format!("#g{n}"), format!("#a{n}"), format!("#b{n}")], "{slug}: contents");
            let back = attr(&select_one(&handbook, &format!("article#g{n} > .hb-back a")), "href");
            assert_eq!(back, format!("../../{slug}/index.html"));
            assert!(css.contains(&format!(".hb-g{n} {{ page: hb-g{n}; }}")), "running heads");
            let guide = site.page(&format!("ja/{slug}/index.html"));
            assert_eq!(attr(&select_one(&guide, "a.tool-print"), "href"), "print/index.html");
        }
    }
    // One volume: the handbook's own page.
    let site = TestSite::bundled("print-view-one-volume");
    site.build_ok();
    let one = volumes(&site, "ja");
    assert_eq!(one.len(), 1);
    let view = site.page(&format!("ja/{}/print/index.html", one[0][1]));
    assert_eq!(attr(&select_one(&view, "main a"), "href"), "../../../ja/print/index.html#only-g2");
    let back = attr(&select_one(&site.page("ja/print/index.html"), "article#g2 > .hb-back a"), "href");
    assert_eq!(back, format!("../{}/index.html", one[0][1]));
}

#[test]
fn warns_of_a_print_template_without_the_one_guide_markers() {
    let site = TestSite::bundled("print-old-theme");
    let builtin = std::fs::read_to_string(crate::harness::repo().join("themes/default/templates/print.html")).unwrap();
    // The built-in template as a site's override: nothing to say.
    site.write("themes/default/templates/print.html", &builtin);
    let out = site.build_cli(&[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("one-guide markers"), "{stderr}");
    // An older copy, without the markers: the build goes on and says what that means.
    let old: String = builtin.lines().filter(|l| !l.contains("hb-only")).map(|l| format!("{l}\n")).collect();
    assert_ne!(old, builtin);
    site.write("themes/default/templates/print.html", &old);
    let out = site.build_cli(&[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("one-guide markers")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.contains("themes/default/templates/print.html") && line.contains("warning"), "{line}");
    assert!(line.contains("print view opens its whole volume"), "{line}");
}
