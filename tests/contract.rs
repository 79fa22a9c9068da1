//! The output contract, checked on every page of a built site: relative links that
//! resolve (anchors included), nothing from outside, no inline code or styles, a strict
//! Content-Security-Policy, and byte-identical output from the same input.

use std::collections::{BTreeMap, BTreeSet};

use tebiki::check::links::resolve;

use crate::harness::*;

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// All bundled content (Japanese guides and English translations), plus one guide that
/// exists only in English, so that both languages and the links between them are checked.
fn bilingual_site(tag: &str) -> TestSite {
    let site = TestSite::bundled_all(tag);
    site.write(
        "content/en/only-en.md",
        "+++\ntitle = \"Only in English\"\n+++\n\n::: outcomes\n- Respond well\n:::\n\n## Only in English {#s1}\n\n\
         Text with [a link](../p2p-trouble-disclosure/index.html#s2).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    site
}

#[test]
fn builds_pages_that_keep_the_output_contract() {
    let site = bilingual_site("contract");
    site.build_ok();
    let files = site.output();
    let pages: BTreeMap<&String, scraper::Html> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, scraper::Html::parse_document(std::str::from_utf8(b).unwrap())))
        .collect();
    assert!(pages.len() >= 17, "{:?}", pages.keys());
    let ids: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(p, h)| (*p, select(h, "[id]").iter().map(|e| e.value().attr("id").unwrap().to_owned()).collect()))
        .collect();

    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, page) in &pages {
        let lang = select_one(page, "html").value().attr("lang").unwrap_or("");
        let want_lang = if path.starts_with("en/") { "en" } else { "ja" };
        if lang != want_lang {
            problems.push(format!("{path}: <html lang=\"{lang}\">, want {want_lang}"));
        }
        let csp: Vec<_> = select(page, "head > meta[http-equiv=Content-Security-Policy]");
        if csp.len() != 1 || csp[0].value().attr("content") != Some(CSP) {
            problems.push(format!("{path}: no CSP meta `{CSP}`"));
        }
        for el in select(page, "*") {
            let v = el.value();
            for (name, value) in v.attrs() {
                if name.starts_with("on") {
                    problems.push(format!("{path}: event attribute {name}= on <{}>", v.name()));
                }
                if name == "style" {
                    problems.push(format!("{path}: style= on <{}>", v.name()));
                }
                let is_url = matches!(name, "href" | "src" | "action" | "srcset" | "poster" | "data");
                if !is_url {
                    continue;
                }
                let lower = value.trim().to_ascii_lowercase();
                if lower.starts_with("javascript:") || lower.starts_with("data:") {
                    problems.push(format!("{path}: {name}=\"{value}\""));
                    continue;
                }
                if lower.starts_with("//") || lower.contains("://") {
                    problems.push(format!("{path}: external {name}=\"{value}\" on <{}>", v.name()));
                    continue;
                }
                if value.starts_with('/') {
                    problems.push(format!("{path}: root-absolute {name}=\"{value}\""));
                    continue;
                }
                let (file, frag) = value.split_once('#').unwrap_or((value, ""));
                let target = if file.is_empty() { Some((*path).clone()) } else { resolve(path, file) };
                checked += 1;
                match target {
                    None => problems.push(format!("{path}: {value} leaves the site")),
                    Some(t) if !files.contains_key(&t) => problems.push(format!("{path}: broken link {value} ({t})")),
                    Some(t) if !frag.is_empty() => {
                        if !ids.get(&t).is_some_and(|ids| ids.contains(frag)) {
                            problems.push(format!("{path}: missing anchor {value}"));
                        }
                    }
                    Some(_) => {}
                }
                // Links to pages name the file: a folder link opened from disk shows a listing.
                if v.name() == "a" && !file.is_empty() && !file.ends_with(".html") {
                    problems.push(format!("{path}: link to a folder {value}"));
                }
            }
            if v.name() == "script" && (v.attr("src").is_none() || !el.inner_html().trim().is_empty()) {
                problems.push(format!("{path}: inline <script>"));
            }
            if v.name() == "style" {
                problems.push(format!("{path}: <style> element"));
            }
        }
    }
    for (path, bytes) in &files {
        if path.ends_with(".css") {
            let css = String::from_utf8_lossy(bytes);
            if css.contains("url(") || css.contains("@import") {
                problems.push(format!("{path}: CSS loads something (url()/@import)"));
            }
        }
    }
    assert!(checked > 400, "only {checked} links checked");
    assert!(problems.is_empty(), "{} contract problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn builds_byte_identical_output_twice() {
    let a = bilingual_site("same-a");
    let b = bilingual_site("same-b");
    a.build_ok();
    let first = a.output();
    a.build_ok();
    b.build_ok();
    let again = a.output();
    let elsewhere = b.output();
    for (what, other) in [("a rebuild", &again), ("a build of a copy in another folder", &elsewhere)] {
        assert_eq!(first.keys().collect::<Vec<_>>(), other.keys().collect::<Vec<_>>(), "{what}: file list");
        for (path, bytes) in &first {
            if bytes != &other[path] {
                assert_same_text(
                    &String::from_utf8_lossy(bytes),
                    &String::from_utf8_lossy(&other[path]),
                    &format!("{what}: {path}"),
                );
            }
        }
    }
}

#[test]
fn resolves_relative_links_like_a_browser() {
    assert_eq!(resolve("ja/a/index.html", "../../ja/index.html").as_deref(), Some("ja/index.html"));
    assert_eq!(resolve("ja/a/index.html", "../../ja/search/").as_deref(), Some("ja/search/index.html"));
    assert_eq!(resolve("index.html", "../x.html"), None);
}
