//! The handbook (`<lang>/print/`) and `tebiki pdf`: a cover with the configured version,
//! contents, each guide, the briefs and the checklists as appendices, running heads; the
//! PDF's text (`pdftotext -layout`) holds every guide in order, each starting a page, its
//! pages numbered, and as many pages as the content needs; a clear error without Chromium.

use std::process::Command;

use crate::harness::*;

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or("").to_owned()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The guides of `lang` in navigation order: (slug, title).
fn guides(site: &TestSite, lang: &str) -> Vec<(String, String)> {
    let config = tebiki::config::Config::load(site.root()).unwrap();
    let (guides, _) = tebiki::project::load_guides(site.root(), &config).unwrap();
    let linked = tebiki::link::link(&config, guides);
    linked.lang(lang).unwrap().guides.iter().map(|g| (g.slug.clone(), g.doc.title.clone())).collect()
}

#[test]
fn builds_a_handbook_with_cover_contents_guides_and_appendices() {
    let site = TestSite::bundled("handbook");
    site.write("tebiki.toml", "version = \"2025.2（第2版）\"\n[title]\nja = \"対応手引き集\"\n");
    site.build_ok();
    let page = site.page("ja/print/index.html");
    let guides = guides(&site, "ja");
    assert_eq!(text(&select_one(&page, ".hb-cover h1")), "対応手引き集");
    assert_eq!(text(&select_one(&page, ".hb-cover-edition")), "日本語版");
    assert_eq!(text(&select_one(&page, ".hb-cover-version")), "版 2025.2（第2版）");

    let toc: Vec<(String, String)> =
        select(&page, ".hb-toc-list > li > a").iter().map(|a| (attr(a, "href"), text(a))).collect();
    let mut want: Vec<(String, String)> =
        guides.iter().enumerate().map(|(i, (_, t))| (format!("#g{}", i + 1), format!("{} {t}", i + 1))).collect();
    want.push(("#appendix-a".into(), "付録A 経営層向け要旨".into()));
    want.push(("#appendix-b".into(), "付録B チェックリスト".into()));
    assert_eq!(toc, want, "contents: every guide in order, then the appendices");

    let order: Vec<String> = select(&page, "main > article").iter().map(|a| attr(a, "id")).collect();
    let n = guides.len();
    let want: Vec<String> = (1..=n)
        .map(|i| format!("g{i}"))
        .chain((1..=n).map(|i| format!("a{i}")))
        .chain((1..=n).map(|i| format!("b{i}")))
        .collect();
    assert_eq!(order, want, "guides, then their briefs, then their checklists");

    let css = site.read("ja/print/handbook.css");
    for (i, (slug, title)) in guides.iter().enumerate() {
        let k = i + 1;
        let guide = select_one(&page, &format!("article#g{k}"));
        assert!(
            guide
                .value()
                .has_class("hb-g1".replace('1', &k.to_string()).as_str(), scraper::CaseSensitivity::CaseSensitive)
        );
        assert_eq!(text(&select_one(&page, &format!("#g{k} > h1 .kicker"))), k.to_string());
        assert!(text(&select_one(&page, &format!("#g{k} > h1"))).ends_with(title.as_str()));
        let guide_page = site.page(&format!("ja/{slug}/index.html"));
        for kind in ["consensus", "perspective"] {
            assert_eq!(
                select(&page, &format!("#g{k} [data-block={kind}]")).len(),
                select(&guide_page, &format!("article [data-block={kind}]")).len(),
                "{slug}: {kind} callouts in the handbook"
            );
        }
        let items = select(&guide_page, ".section-checklist li.checklist-item").len();
        assert_eq!(select(&page, &format!("#b{k} .print-box")).len(), items, "{slug}: an empty box per item");
        for (name, head) in
            [(format!("hb-g{k}"), format!("{k}. {title}")), (format!("hb-a{k}"), format!("付録A · {k}. {title}"))]
        {
            let rule =
                format!(".{name} {{ page: {name}; }}\n@page {name} {{ @top-left {{ content: \"{head}\"; }} }}\n");
            assert!(css.contains(&rule), "handbook.css lacks\n{rule}in\n{css}");
        }
    }
    assert!(select(&page, "main input").is_empty(), "the handbook's checklists are for ticking by hand");
    assert!(select(&page, "meta[name=tebiki-checklist]").is_empty());
    let ids: Vec<String> = select(&page, "[id]").iter().map(|e| attr(e, "id")).collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique on the one page that holds every guide");

    // Without a version the cover has none (and never a date from the clock).
    site.write("tebiki.toml", "");
    site.build_ok();
    assert!(select(&site.page("ja/print/index.html"), ".hb-cover-version").is_empty());
}

fn pdf_cli(args: &[&str], path: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tebiki"));
    cmd.arg("pdf").args(args);
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    cmd.output().expect("run tebiki")
}

#[test]
fn errors_clearly_when_no_chromium_is_installed() {
    let site = TestSite::bundled("pdf-none");
    let root = site.root().to_str().unwrap();
    let out = pdf_cli(&["--root", root, "--chromium", "/nonexistent"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: /nonexistent: no such browser (given with --chromium)\n");
    let out = pdf_cli(&["--root", root], Some(""));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no Chromium found on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable); \
         install one (Debian: apt install chromium) or give its path with --chromium\n"
    );
    let out = pdf_cli(&["--root", root, "--lang", "en", "--chromium", "/bin/sh"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: the site has no guides in `en` (it has: ja)\n");
    assert!(!site.root().join("handbook-ja.pdf").exists());
}

/// Characters (whitespace removed) that a full A4 page of running text holds at the
/// handbook's type: Japanese 10 pt with 1.85 line height in a 176 × 259 mm text area is
/// about 50 × 40 characters; English 10.5 pt, about 95 × 40 letters, ~85 % not spaces.
fn page_capacity(lang: &str) -> usize {
    if lang == "ja" { 2000 } else { 3200 }
}

#[test]
fn prints_a_pdf_with_every_guide_in_order_on_numbered_pages() {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if !Command::new("pdftotext").arg("-v").output().is_ok_and(|o| o.status.success()) {
        missing.push("pdftotext (poppler-utils)".to_owned());
    }
    if !tools_present("PDF test", &missing) {
        return;
    }
    let site = TestSite::bundled_all("pdf");
    site.build_ok(); // for the handbook's text, to which the page count is held
    for lang in ["ja", "en"] {
        let out_pdf = site.root().join(format!("handbook-{lang}.pdf"));
        let chromium = chromium();
        let run = pdf_cli(
            &[
                "--root",
                site.root().to_str().unwrap(),
                "--lang",
                lang,
                "--out",
                out_pdf.to_str().unwrap(),
                "--chromium",
                chromium.to_str().unwrap(),
            ],
            None,
        );
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "tebiki pdf failed:\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
        let bytes = std::fs::read(&out_pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = Command::new("pdftotext").arg("-layout").arg(&out_pdf).arg("-").output().unwrap();
        assert!(text.status.success());
        let text = String::from_utf8(text.stdout).unwrap();
        let mut pages: Vec<&str> = text.split('\u{c}').collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        let n = pages.len();
        assert!(
            stdout.starts_with(&format!("wrote {}: {n} pages, {} bytes, ", out_pdf.display(), bytes.len())),
            "{stdout}"
        );
        let lines = |p: &str| p.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>();

        // Every page but the cover carries its number in the footer: "k / n".
        assert!(!lines(pages[0]).last().unwrap().contains(" / "), "the cover has no page number");
        for (i, page) in pages.iter().enumerate().skip(1) {
            let last = lines(page).pop().unwrap_or_default();
            assert_eq!(last, format!("{} / {n}", i + 1), "{lang}: footer of page {}", i + 1);
        }

        // Running heads: after the cover and contents, every page is headed by its guide
        // (`k. title`), then its brief (`付録A · k. title`), then its checklist; each part
        // starts on a new page, in the guides' order.
        let guides = guides(&site, lang);
        let (appendix_a, appendix_b) = if lang == "ja" { ("付録A", "付録B") } else { ("Appendix A", "Appendix B") };
        let mut parts: Vec<String> = Vec::new();
        for (k, (_, title)) in guides.iter().enumerate() {
            parts.push(format!("{}. {title}", k + 1));
        }
        for prefix in [appendix_a, appendix_b] {
            for (k, (_, title)) in guides.iter().enumerate() {
                parts.push(format!("{prefix} · {}. {title}", k + 1));
            }
        }
        let heads: Vec<String> = pages.iter().map(|p| lines(p).first().cloned().unwrap_or_default()).collect();
        let front = heads.iter().position(|h| h == &parts[0]).expect("the first guide's running head");
        assert!(front >= 2, "{lang}: a cover and contents come first");
        let mut runs: Vec<(String, usize)> = Vec::new();
        for (i, head) in heads.iter().enumerate().skip(front) {
            assert!(parts.contains(head), "{lang}: page {} is headed `{head}`, not a part of the handbook", i + 1);
            match runs.last_mut() {
                Some((h, count)) if h == head => *count += 1,
                _ => runs.push((head.clone(), 1)),
            }
        }
        let order: Vec<&String> = runs.iter().map(|(h, _)| h).collect();
        assert_eq!(order, parts.iter().collect::<Vec<_>>(), "{lang}: parts in order, each on its own pages");
        // The title of each guide opens its first page, and the contents list them in order.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let mut at = 0;
        for (k, (_, title)) in guides.iter().enumerate() {
            let first = front + runs[..k].iter().map(|(_, c)| c).sum::<usize>();
            assert!(squash(pages[first]).contains(&squash(title)), "{lang}: `{title}` on its first page");
            let toc = squash(&pages[1..front].join(""));
            let found =
                toc[at..].find(&squash(title)).unwrap_or_else(|| panic!("{lang}: `{title}` in the contents, in order"));
            at += found;
        }
        // A brief fits on a few pages.
        for (head, count) in runs.iter().filter(|(h, _)| h.starts_with(appendix_a)) {
            assert!(*count <= 4, "{lang}: the brief `{head}` takes {count} pages");
        }

        // As many pages as the content needs: no fewer than its text fills at full pages,
        // no more than a page per part plus its text at a third of a page's capacity.
        let html = site.page(&format!("{lang}/print/index.html"));
        let chars = select(&html, "main > section, main > nav, main > article")
            .iter()
            .map(|e| e.text().collect::<String>().chars().filter(|c| !c.is_whitespace()).count())
            .sum::<usize>();
        let cap = page_capacity(lang);
        let starts = 2 + 3 * guides.len();
        let (low, high) = (starts.max(chars.div_ceil(cap)), starts + chars.div_ceil(cap / 3));
        println!(
            "handbook-{lang}.pdf: {n} pages, {} bytes; {chars} characters of text, so {low}..={high} pages",
            bytes.len()
        );
        assert!((low..=high).contains(&n), "{lang}: {n} pages for {chars} characters; expected {low}..={high}");
    }
}
