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

/// The title of appendix A or B as the contents write it.
fn appendix_title(lang: &str, which: char) -> String {
    match (lang, which) {
        ("ja", 'A') => "付録A　経営層向け要旨".into(),
        ("ja", _) => "付録B　チェックリスト".into(),
        (_, 'A') => "Appendix A: Executive briefs".into(),
        _ => "Appendix B: Checklists".into(),
    }
}

/// A contents line split into its text and the page number closing it, if any.
fn strip_number(line: &str) -> (&str, Option<u32>) {
    // A number on a line of its own: an entry that fills its line has its number below.
    if let Ok(n) = line.trim().parse::<u32>() {
        return ("", Some(n));
    }
    match line.trim_end().rsplit_once(char::is_whitespace) {
        Some((body, n)) if n.parse::<u32>().is_ok() && !body.trim().is_empty() => (body, n.parse().ok()),
        _ => (line, None),
    }
}

/// The page number the contents (`pdftotext -layout` lines) give the next entry, from
/// line `from` on, whose text ends with `entry`: the number closing the line where its
/// text ends (a long entry wraps, and its number is on its last line).
fn toc_number(lines: &[String], from: &mut usize, entry: &str) -> Option<u32> {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let want = squash(entry);
    let tail: String = want.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    for i in *from..lines.len() {
        let (body, Some(number)) = strip_number(&lines[i]) else { continue };
        let here = squash(body);
        let before = if i > 0 { squash(strip_number(&lines[i - 1]).0) } else { String::new() };
        if here.ends_with(&tail) || (here.chars().count() < tail.chars().count() && (before + &here).ends_with(&tail)) {
            *from = i + 1;
            return Some(number);
        }
    }
    None
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
    // A program that prints nothing and writes no PDF: said in so many words.
    let out = pdf_cli(&["--root", root, "--chromium", "/bin/true"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: /bin/true wrote no PDF to ") && stderr.ends_with(" (it printed nothing)\n"),
        "{stderr}"
    );
    // No time at all to print is no setting, nor is more than a day.
    for never in ["0", "18446744073709551615"] {
        let out = pdf_cli(&["--root", root, "--timeout", never], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("invalid value '{never}' for '--timeout")));
    }
    // Where the PDF may not go, said before anything is printed.
    let guide = site.root().join("content/ja/data-breach-litigation.txt");
    let before = std::fs::read(&guide).unwrap();
    let notes = site.write("notes.txt", "mine\n");
    for (out, said) in [
        (guide.to_str().unwrap(), "may not replace the site's own files"),
        (site.root().join("tebiki.toml").to_str().unwrap(), "may not replace the site's own files"),
        (root, "--out names a folder; give the PDF's file name"),
        (notes.to_str().unwrap(), "exists and is no PDF"),
    ] {
        let o = pdf_cli(&["--root", root, "--chromium", "/bin/true", "--out", out], None);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(said), "{out}: {}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(std::fs::read(&guide).unwrap(), before, "the guide is as it was");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine\n");

    // Every file a run writes is checked, not only one named with --out: the default name,
    // a guide's, each volume's; and none is written through a link.
    let here = TempDir::new("pdf-names");
    let run_in = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tebiki")).arg("pdf").args(args).current_dir(here.path()).output().unwrap()
    };
    let said = |o: &std::process::Output, what: &str| {
        assert_eq!(o.status.code(), Some(2), "{what}");
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(stderr.contains(what), "{stderr}");
    };
    here.write("handbook-ja.pdf", "notes\n");
    said(&run_in(&["--root", root, "--chromium", "/bin/true"]), "handbook-ja.pdf exists and is no PDF");
    assert_eq!(std::fs::read_to_string(here.path().join("handbook-ja.pdf")).unwrap(), "notes\n");
    let config = std::fs::read(site.root().join("tebiki.toml")).unwrap_or_default();
    #[cfg(unix)]
    {
        let link = here.path().join("guide-data-breach-litigation-ja.pdf");
        std::os::unix::fs::symlink(&guide, &link).unwrap();
        let o = run_in(&["--root", root, "--chromium", "/bin/true", "--guide", "data-breach-litigation"]);
        said(&o, "guide-data-breach-litigation-ja.pdf is a symbolic link; pdf does not write through links");
        assert_eq!(std::fs::read(&guide).unwrap(), before, "the guide is as it was");
    }
    site.write("tebiki.toml", [config.as_slice(), b"\n[print]\nvolume_bytes = 200000\n"].concat());
    here.write("book-1.txt", "mine\n");
    let o = run_in(&["--root", root, "--chromium", "/bin/true", "--all", "--out", "book.txt"]);
    said(&o, "book-1.txt exists and is no PDF");
    assert_eq!(std::fs::read_to_string(here.path().join("book-1.txt")).unwrap(), "mine\n");
}

/// A guide's PDF printed from a temporary folder: its link to another guide keeps only
/// its text (no `file://` address of a folder that is gone), or leads to the guide's
/// page under `base_url`.
#[test]
fn a_printed_link_to_another_guide_never_leads_to_the_temporary_folder() {
    if !tools_present("PDF links test", &if chromium().is_file() { vec![] } else { vec!["Chromium".to_owned()] }) {
        return;
    }
    let site = TestSite::fixture("media-site", "pdf-links");
    let root = site.root().to_str().unwrap();
    let chromium = chromium();
    let out = site.root().join("g.pdf");
    let print = || {
        let o = pdf_cli(
            &[
                "--root",
                root,
                "--chromium",
                chromium.to_str().unwrap(),
                "--guide",
                "escalation",
                "--out",
                out.to_str().unwrap(),
            ],
            None,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned()
    };
    let pdf = print();
    assert!(!pdf.contains("file://"), "no link into the temporary folder");
    assert!(pdf.contains("https://kb.example.org/ja/contacts/"), "the link leads to the guide's page under base_url");
    let config = std::fs::read_to_string(site.root().join("tebiki.toml")).unwrap();
    site.write("tebiki.toml", config.lines().filter(|l| !l.starts_with("base_url")).collect::<Vec<_>>().join("\n"));
    let pdf = print();
    assert!(!pdf.contains("file://") && !pdf.contains("/contacts/"), "without base_url, the link's text alone");
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
    for tool in ["pdftotext", "pdfimages"] {
        if !Command::new(tool).arg("-v").output().is_ok_and(|o| o.status.success()) {
            missing.push(format!("{tool} (poppler-utils)"));
        }
    }
    if !tools_present("PDF test", &missing) {
        return;
    }
    let site = TestSite::bundled_all("pdf");
    // An image in the first section of a guide in each language, for the PDF to hold.
    site.write(
        "content/ja/img/chart.png",
        std::fs::read(fixture("media-site/content/ja/img/escalation-chart.png")).unwrap(),
    );
    for (file, after, image) in [
        ("content/ja/data-breach-litigation.txt", "情報漏洩後の訴訟対応の流れ\n", "![対応の流れ](img/chart.png)\n"),
        ("content/en/data-breach-litigation.md", "{#s1}\n", "\n![The course of the response](../ja/img/chart.png)\n"),
    ] {
        let text = std::fs::read_to_string(site.root().join(file)).unwrap();
        assert!(text.contains(after), "{file}");
        site.write(file, text.replacen(after, &format!("{after}{image}"), 1));
    }
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
        // The guide's image is printed: the PDF holds a 40 × 30 image.
        let images = Command::new("pdfimages").arg("-list").arg(&out_pdf).output().unwrap();
        let images = String::from_utf8_lossy(&images.stdout);
        let sizes: Vec<(&str, &str)> = images
            .lines()
            .skip(2)
            .filter_map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                Some((*cols.get(3)?, *cols.get(4)?))
            })
            .collect();
        assert!(sizes.contains(&("40", "30")), "{lang}: no 40 × 30 image in the PDF:\n{images}");
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
        // The contents give each guide the page its title is printed on, then the
        // appendices and each brief and checklist theirs.
        let toc: Vec<String> = pages[1..front].iter().flat_map(|p| lines(p)).collect();
        let first_headed = |head: &str| heads.iter().position(|h| h == head).map(|i| i as u32 + 1);
        let mut from = 0;
        for (k, (_, title)) in guides.iter().enumerate() {
            let printed = front as u32 + 1 + runs[..k].iter().map(|(_, c)| *c as u32).sum::<u32>();
            assert_eq!(toc_number(&toc, &mut from, title), Some(printed), "{lang}: contents entry of `{title}`");
        }
        for (prefix, entry) in [(appendix_a, &appendix_title(lang, 'A')), (appendix_b, &appendix_title(lang, 'B'))] {
            let want = first_headed(&format!("{prefix} · 1. {}", guides[0].1));
            assert_eq!(toc_number(&toc, &mut from, entry), want, "{lang}: contents entry of {entry}");
            for (k, (_, title)) in guides.iter().enumerate() {
                let want = first_headed(&format!("{prefix} · {}. {title}", k + 1));
                assert_eq!(toc_number(&toc, &mut from, title), want, "{lang}: {prefix} entry of `{title}`");
            }
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

/// The text of each page of a PDF (`pdftotext -layout`), without the empty last one.
fn pdf_pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn page_lines(page: &str) -> Vec<String> {
    page.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Checks a printed PDF of handbook guides `numbers` (with `titles`): the contents on the
/// pages before the first guide give each guide, brief and checklist the page its
/// running head first appears on.
fn assert_numbered_contents(pdf: &std::path::Path, numbers: &[usize], titles: &[String], what: &str) {
    let pages = pdf_pages(pdf);
    let heads: Vec<String> = pages.iter().map(|p| page_lines(p).first().cloned().unwrap_or_default()).collect();
    let first_headed = |head: &str| heads.iter().position(|h| h == head).map(|i| i as u32 + 1);
    let first = first_headed(&format!("{}. {}", numbers[0], titles[0])).expect("the first guide's running head");
    let toc: Vec<String> = pages[..first as usize - 1].iter().flat_map(|p| page_lines(p)).collect();
    let mut from = 0;
    for (n, title) in numbers.iter().zip(titles) {
        let want = first_headed(&format!("{n}. {title}"));
        assert!(want.is_some(), "{what}: no page headed by guide {n}");
        assert_eq!(toc_number(&toc, &mut from, title), want, "{what}: contents entry of guide {n}");
    }
    for (prefix, entry) in [("付録A", appendix_title("ja", 'A')), ("付録B", appendix_title("ja", 'B'))] {
        let want = first_headed(&format!("{prefix} · {}. {}", numbers[0], titles[0]));
        assert_eq!(toc_number(&toc, &mut from, &entry), want, "{what}: contents entry of {entry}");
        for (n, title) in numbers.iter().zip(titles) {
            let want = first_headed(&format!("{prefix} · {n}. {title}"));
            assert_eq!(toc_number(&toc, &mut from, title), want, "{what}: {prefix} entry of guide {n}");
        }
    }
}

#[test]
fn prints_a_volume_all_volumes_or_one_guide_with_numbered_contents() {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if !Command::new("pdftotext").arg("-v").output().is_ok_and(|o| o.status.success()) {
        missing.push("pdftotext (poppler-utils)".to_owned());
    }
    if !tools_present("PDF volumes test", &missing) {
        return;
    }
    let site = TestSite::bundled("pdf-volumes");
    site.write("tebiki.toml", "[print]\nvolume_bytes = 300000\n");
    let project = tebiki::Project::load(site.root()).unwrap();
    let printer = tebiki::render::volumes::Printer::new(
        &project.site,
        &tebiki::render::RenderOptions { theme: &project.theme },
        "ja",
    )
    .unwrap();
    let volumes = printer.volumes();
    assert!(volumes.len() >= 2, "the bound splits the handbook: {volumes:?}");
    let titles = guides(&site, "ja");
    let title_of = |slug: &str| titles.iter().find(|(s, _)| s == slug).unwrap().1.clone();
    let root = site.root().to_str().unwrap();
    let chromium = chromium();
    let chromium = chromium.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--root", root, "--chromium", chromium];
        all.extend_from_slice(args);
        let out = pdf_cli(&all, None);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "tebiki pdf {args:?} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };

    // One volume: only its guides, numbered as in the whole handbook.
    let v2 = site.root().join("volume-2.pdf");
    let stdout = run(&["--volume", "2", "--out", v2.to_str().unwrap()]);
    assert!(stdout.starts_with(&format!("wrote {}: ", v2.display())), "{stdout}");
    assert!(stdout.contains(" printings, "), "{stdout}");
    let numbers: Vec<usize> = (volumes[0].len() + 1..=volumes[0].len() + volumes[1].len()).collect();
    let v2_titles: Vec<String> = volumes[1].iter().map(|s| title_of(s)).collect();
    assert_numbered_contents(&v2, &numbers, &v2_titles, "volume 2");
    let text = pdf_pages(&v2).join("");
    assert!(!text.contains(&format!("1. {}", title_of(&volumes[0][0]))), "volume 1's guides stay out of volume 2");

    // Every volume: a PDF each, named after --out.
    let all = site.root().join("handbook.pdf");
    let stdout = run(&["--all", "--out", all.to_str().unwrap()]);
    assert_eq!(stdout.lines().count(), volumes.len(), "{stdout}");
    let mut n = 0;
    for (k, v) in volumes.iter().enumerate() {
        let pdf = site.root().join(format!("handbook-{}.pdf", k + 1));
        let numbers: Vec<usize> = (n + 1..=n + v.len()).collect();
        let v_titles: Vec<String> = v.iter().map(|s| title_of(s)).collect();
        assert_numbered_contents(&pdf, &numbers, &v_titles, &format!("volume {} of --all", k + 1));
        n += v.len();
    }
    assert!(!all.exists(), "several PDFs, each with its number");

    // One guide: no cover, its contents first, its chapter, brief and checklist.
    let slug = &volumes[1][0];
    let n = volumes[0].len() + 1;
    let pdf = site.root().join("guide.pdf");
    let stdout = run(&["--guide", slug, "--out", pdf.to_str().unwrap()]);
    assert!(stdout.starts_with(&format!("wrote {}: ", pdf.display())), "{stdout}");
    let pages = pdf_pages(&pdf);
    assert!(page_lines(&pages[0]).iter().any(|l| l.contains("目次")), "contents first, no cover:\n{}", pages[0]);
    assert_numbered_contents(&pdf, &[n], &[title_of(slug)], "--guide");

    // What cannot be printed is said plainly.
    for (args, message) in [
        (
            vec!["--volume", "9"],
            format!(
                "error: the handbook of `ja` has {} volumes; --volume takes 1 to {}\n",
                volumes.len(),
                volumes.len()
            ),
        ),
        (
            vec!["--guide", "p2p-trouble-disclosur"],
            "error: no guide `p2p-trouble-disclosur` in `ja`; did you mean `p2p-trouble-disclosure`?\n".to_owned(),
        ),
    ] {
        let mut all = vec!["--root", root, "--chromium", chromium];
        all.extend_from_slice(&args);
        let out = pdf_cli(&all, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message);
    }
    let out = pdf_cli(&["--root", root, "--volume", "1", "--guide", slug], None);
    assert_eq!(out.status.code(), Some(2), "--volume and --guide together");
}

/// Ctrl+C or a termination signal while the browser prints: the browser is stopped, the
/// temporary folder removed, and no PDF is left. (A stand-in browser that only waits, so
/// the signal comes while it runs.)
#[cfg(unix)]
#[test]
fn an_interrupted_pdf_stops_the_browser_and_leaves_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    for signal in ["-INT", "-TERM"] {
        let site = TestSite::bundled("pdf-signal");
        let tmp = site.root().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let browser = site.write("slow-browser", "#!/bin/sh\nexec sleep 30\n");
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = site.root().join("handbook.pdf");
        let mut child = Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .args(["pdf", "--root", site.root().to_str().unwrap(), "--out", out.to_str().unwrap()])
            .args(["--chromium", browser.to_str().unwrap()])
            .env("TMPDIR", &tmp)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Until the stand-in browser runs (its profile folder is made before it starts).
        let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let started = || std::fs::read_dir(&tmp).unwrap().flatten().any(|d| d.path().join("browser.log").exists());
        while !started() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(started(), "the browser was started");
        std::thread::sleep(std::time::Duration::from_millis(300));
        let sent = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let stopped = std::time::Instant::now();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert!(
            stopped.elapsed() < std::time::Duration::from_secs(10),
            "{signal}: stopped at once, not after the browser"
        );
        assert!(!status.success(), "{signal}: {stderr}");
        assert!(stderr.contains("interrupted"), "{signal}: {stderr}");
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().map(|d| d.file_name()).collect();
        assert!(left.is_empty(), "{signal}: the temporary folder is removed: {left:?}");
        assert!(!out.exists(), "{signal}: no PDF");
    }
}
