//! Images, links between guides by their source file, static files and moved pages, on
//! the fixture site `tests/fixtures/media-site/`: a Markdown guide (`escalation.md`) with
//! an image in a section and one in a consensus callout, a link to a section of a
//! guidance-text guide (`contacts.txt`, with an image line of its own), a `static/`
//! folder with a logo, favicon and form, and aliases in front matter and in `tebiki.toml`.
//! Every link of the output is followed with `tebiki::check::links::resolve`, the crate's
//! one resolver.

use std::collections::BTreeMap;

use tebiki::check::links::resolve;

use crate::harness::*;

const GUIDE: &str = "ja/escalation/index.html";
const BRIEF: &str = "ja/escalation/brief/index.html";
const BRIEFING: &str = "ja/briefing/index.html";
const HANDBOOK: &str = "ja/print/index.html";
const TXT_GUIDE: &str = "ja/contacts/index.html";
const CHART_ALT: &str = "エスカレーションの流れ：担当者から責任者へ";

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or_else(|| panic!("<{}> has no {name}", e.value().name())).to_owned()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The output file and fragment that `href` on the page at `page` leads to.
fn follow(page: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    let file = if path.is_empty() {
        page.to_owned()
    } else {
        resolve(page, path).unwrap_or_else(|| panic!("{page}: `{href}` leaves the site"))
    };
    (file, fragment)
}

fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture("media-site").join(rel)).unwrap()
}

fn built(tag: &str) -> (TestSite, BTreeMap<String, Vec<u8>>) {
    let site = TestSite::fixture("media-site", tag);
    let report = site.build_ok();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let output = site.output();
    (site, output)
}

#[test]
fn builds_images_with_their_size_on_every_page_that_shows_them() {
    let (site, output) = built("media-images");
    let chart = fixture_bytes("content/ja/img/escalation-chart.png");
    let tree = fixture_bytes("content/ja/img/contact-tree.svg");
    let chart_in_section = (CHART_ALT, &chart, ("40", "30"));
    let tree_in_callout = ("連絡網の図", &tree, ("120", "80"));
    let cases = [
        (GUIDE, "#s1 > p > img", chart_in_section, true),
        (GUIDE, "#s1 [data-block=consensus] img", tree_in_callout, true),
        (BRIEF, "[data-block=consensus] img", tree_in_callout, true),
        (BRIEFING, "[data-block=consensus] img", tree_in_callout, true),
        (HANDBOOK, "#g2-s1 > p > img", chart_in_section, false),
        (HANDBOOK, "#g2-s1 [data-block=consensus] img", tree_in_callout, false),
        (HANDBOOK, "#a2 [data-block=consensus] img", tree_in_callout, false),
        (TXT_GUIDE, "#s1 > p > img", ("ネットワーク構成図", &chart, ("40", "30")), true),
    ];
    for (page_path, selector, (alt, bytes, (width, height)), lazy) in cases {
        let page = site.page(page_path);
        let img = select_one(&page, selector);
        let (file, _) = follow(page_path, &attr(&img, "src"));
        assert!(file.starts_with("assets/media/"), "{page_path} {selector}: copied to {file}");
        assert_eq!(output.get(&file), Some(bytes), "{page_path} {selector}: the bytes of {file}");
        assert_eq!(attr(&img, "alt"), alt, "{page_path} {selector}");
        assert_eq!((attr(&img, "width").as_str(), attr(&img, "height").as_str()), (width, height));
        // The handbook is printed: its images load at once.
        assert_eq!(img.value().attr("loading"), lazy.then_some("lazy"), "{page_path} {selector}");
    }
    // One copy per file however often it is shown, named by its bytes; an SVG stays a file.
    let media: Vec<&String> = output.keys().filter(|p| p.starts_with("assets/media/")).collect();
    assert_eq!(media.len(), 2, "{media:?}");
    assert!(media[0].starts_with("assets/media/contact-tree.") && media[0].ends_with(".svg"), "{media:?}");
    assert!(media[1].starts_with("assets/media/escalation-chart.") && media[1].ends_with(".png"), "{media:?}");
    assert!(!site.read(GUIDE).contains(r##"fill="#eef""##), "an SVG is never inlined");
    // The search index holds the alt text, as the text a reader is given for the image.
    let out = tebiki(&["search", "--root", site.root().to_str().unwrap(), "--lang", "ja", "構成図"]);
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(found.contains("contacts"), "search for the alt text:\n{found}");
}

#[test]
fn links_to_guides_by_source_file_lead_to_the_section_on_every_page() {
    let (site, output) = built("media-links");
    let link = |page_path: &str, scope: &str, label: &str| {
        let page = site.page(page_path);
        let a = select(&page, &format!("{scope} a"))
            .into_iter()
            .find(|a| text(a) == label)
            .unwrap_or_else(|| panic!("{page_path}: no link `{label}`"));
        follow(page_path, &attr(&a, "href"))
    };
    // In the section: to the section of the other guide.
    assert_eq!(link(GUIDE, "#s1 > p", "連絡体制の第2節"), (TXT_GUIDE.to_owned(), Some("s2".to_owned())));
    let target = site.page(TXT_GUIDE);
    assert_eq!(text(&select_one(&target, "#s2 h2")), "2 連絡先の一覧");
    // In the callout: on the guide, its brief and the briefing, to the other guide's page.
    for page in [GUIDE, BRIEF, BRIEFING] {
        assert_eq!(link(page, "[data-block=consensus]", "連絡体制"), (TXT_GUIDE.to_owned(), None), "{page}");
    }
    // In the handbook: to the other guide's place in it.
    assert_eq!(link(HANDBOOK, "#g2-s1 > p", "連絡体制の第2節"), (HANDBOOK.to_owned(), Some("g1-s2".to_owned())));
    let handbook = site.page(HANDBOOK);
    assert_eq!(text(&select_one(&handbook, "#g1-s2 h2")), "2 連絡先の一覧");
    assert_eq!(
        link(HANDBOOK, "#g2-s1 [data-block=consensus]", "連絡体制"),
        (HANDBOOK.to_owned(), Some("g1".to_owned()))
    );
    assert!(output.contains_key(TXT_GUIDE));
    // Nothing of the site is broken, nothing to warn of.
    let out = tebiki(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "check: 0 errors, 0 warnings\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn copies_static_files_and_shows_the_logo_and_favicon() {
    let (site, output) = built("media-static");
    for rel in ["forms/incident-report.txt", "logo.svg", "favicon.png"] {
        assert_eq!(output.get(rel), Some(&fixture_bytes(&format!("static/{rel}"))), "{rel}");
    }
    for page_path in ["index.html", "ja/index.html", GUIDE, "ja/escalation/checklist/index.html"] {
        let page = site.page(page_path);
        let logo = select_one(&page, "a.site-title img.site-logo");
        assert_eq!(follow(page_path, &attr(&logo, "src")).0, "logo.svg", "{page_path}");
        assert_eq!((attr(&logo, "alt").as_str(), attr(&logo, "width").as_str()), ("", "32"), "{page_path}");
        let icon = select_one(&page, "link[rel=icon]");
        assert_eq!(follow(page_path, &attr(&icon, "href")).0, "favicon.png", "{page_path}");
        assert_eq!(attr(&icon, "type"), "image/png");
    }
}

#[test]
fn leaves_a_redirect_page_at_each_old_address_and_lists_it_nowhere() {
    let (site, output) = built("media-aliases");
    for (old, guide, title) in [
        ("ja/old-escalation/index.html", GUIDE, "エスカレーションの手順"),
        ("ja/escalation-2024/index.html", GUIDE, "エスカレーションの手順"),
        ("ja/contact-list/index.html", TXT_GUIDE, "連絡体制"),
    ] {
        let page = site.page(old);
        let refresh = attr(&select_one(&page, r#"meta[http-equiv="refresh"]"#), "content");
        let url = refresh.strip_prefix("0; url=").unwrap_or_else(|| panic!("{old}: refresh `{refresh}`"));
        assert_eq!(follow(old, url), (guide.to_owned(), None), "{old}");
        let a = select_one(&page, "main a");
        assert_eq!(follow(old, &attr(&a, "href")), (guide.to_owned(), None), "{old}");
        assert_eq!(text(&a), title);
        assert!(select(&page, "script:not([src])").is_empty(), "{old}: no inline script");
        assert_eq!(attr(&select_one(&page, "meta[name=robots]"), "content"), "noindex");
    }
    // An alias folder keeps the guide's other pages at their old addresses too, and the
    // script that carries a #fragment over is a file of the site.
    for old in ["ja/old-escalation", "ja/escalation-2024"] {
        for page in ["brief", "checklist", "print"] {
            let path = format!("{old}/{page}/index.html");
            let html = site.page(&path);
            let refresh = attr(&select_one(&html, r#"meta[http-equiv="refresh"]"#), "content");
            let url = refresh.strip_prefix("0; url=").unwrap_or_else(|| panic!("{path}: refresh `{refresh}`"));
            assert_eq!(follow(&path, url), (format!("ja/escalation/{page}/index.html"), None), "{path}");
            assert_eq!(attr(&select_one(&html, r#"meta[name="tebiki-moved"]"#), "content"), url, "{path}");
            let script = select_one(&html, "head script[src$=\"moved.js\"]:not([defer])");
            assert_eq!(follow(&path, &attr(&script, "src")).0, "assets/js/moved.js", "{path}");
        }
    }
    assert!(output.contains_key("assets/js/moved.js"));
    // The checklist names the keys of the guide's old slugs, whose ticks it carries over.
    let checklist = site.page("ja/escalation/checklist/index.html");
    let key = attr(&select_one(&checklist, r#"meta[name="tebiki-checklist"]"#), "content");
    let was: Vec<String> =
        select(&checklist, r#"meta[name="tebiki-checklist-was"]"#).iter().map(|m| attr(m, "content")).collect();
    let old_key = |slug: &str| key.replace(":ja:escalation", &format!(":ja:{slug}"));
    assert_eq!(was, [old_key("escalation-2024"), old_key("old-escalation")]);
    let contacts = site.page("ja/contacts/checklist/index.html");
    let was: Vec<String> =
        select(&contacts, r#"meta[name="tebiki-checklist-was"]"#).iter().map(|m| attr(m, "content")).collect();
    assert_eq!(was.len(), 1, "the alias in tebiki.toml: {was:?}");
    assert!(was[0].ends_with(":ja:contact-list"), "{was:?}");
    let sitemap = site.read("sitemap.xml");
    for old in ["old-escalation", "escalation-2024", "contact-list"] {
        assert!(!sitemap.contains(old), "{old} in the sitemap");
        for (path, bytes) in &output {
            if path.starts_with("assets/search/") {
                assert!(!String::from_utf8_lossy(bytes).contains(old), "{old} in {path}");
            }
        }
    }
    // The same input, the same bytes.
    let again = site.root().join("again");
    let out = site.build_cli(&["--out", again.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(read_tree(&again) == output, "a second build differs");
}

/// An alias given twice for one guide — twice in its front matter, with and without a
/// trailing slash, and again in `tebiki.toml` — is one redirect page, not a collision.
#[test]
fn an_alias_given_twice_for_one_guide_is_one_redirect_page() {
    let site = TestSite::fixture("media-site", "media-alias-twice");
    site.write("content/ja/twice.md", "+++\naliases = [\"older\", \"older/\", \"ja/older\"]\n+++\n\n::: outcomes\n- x\n:::\n\n## 節 {#s1}\n\n本文。\n");
    let config = std::fs::read_to_string(site.root().join("tebiki.toml")).unwrap();
    let config = config.replacen("[aliases]\n", "[aliases]\n\"ja/twice\" = [\"older\"]\n", 1);
    assert!(config.contains("ja/twice"), "{config}");
    site.write("tebiki.toml", &config);
    let out = site.build_cli(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = site.page("ja/older/index.html");
    let refresh = attr(&select_one(&page, r#"meta[http-equiv="refresh"]"#), "content");
    assert!(refresh.ends_with("ja/twice/index.html"), "{refresh}");
}

#[test]
fn check_fails_on_a_missing_image_and_a_broken_guide_link_at_their_lines() {
    let site = TestSite::fixture("media-site", "media-check");
    site.write(
        "content/ja/broken.md",
        "::: outcomes\n- x\n:::\n\n## 壊れた参照 {#s1}\n\n![図](img/none.png)\n\n\
         [ない手引き](nothing.md) と [ない節](contacts.txt#s9)\n\n![](img/escalation-chart.png)\n\n\
         ![外](../../../outside.png)\n",
    );
    let root = site.root().to_str().unwrap();
    let out = tebiki(&["check", "--root", root]);
    assert_same_text(
        "content/ja/broken.md:7: error[media]: image `img/none.png`: no such file content/ja/img/none.png\n\
         content/ja/broken.md:9: error[broken-anchor]: link `contacts.txt#s9`: content/ja/contacts.txt has no section `s9`\n\
         content/ja/broken.md:9: error[broken-link]: link `nothing.md`: no guide at content/ja/nothing.md\n\
         content/ja/broken.md:11: warning[media]: image `img/escalation-chart.png` has no alt text; say in a few words what it shows\n\
         content/ja/broken.md:13: error[media]: image `../../../outside.png` leaves the site's folder\n\
         check: 4 errors, 1 warning\n",
        &String::from_utf8_lossy(&out.stdout),
        "tebiki check",
    );
    assert_eq!(out.status.code(), Some(1));

    // The build warns of what it cannot show, shows the alt text, and goes on.
    let out = site.build_cli(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "content/ja/broken.md:7: warning[media]: image `img/none.png`: no such file content/ja/img/none.png\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/ja/broken.md:9: warning[broken-link]"), "{stderr}");
    assert!(!stderr.contains("alt text"), "the build leaves alt text to check:\n{stderr}");
    let page = site.page("ja/broken/index.html");
    let paragraphs: Vec<String> = select(&page, "#s1 > p").iter().map(text).collect();
    assert_eq!(paragraphs[0], "図");
    assert_eq!(paragraphs[1], "ない手引き と ない節");
    assert_eq!(select(&page, "#s1 img").len(), 1, "only the image that exists is shown");
}

#[test]
fn errors_on_a_static_file_or_an_alias_in_the_place_of_a_page() {
    let site = TestSite::fixture("media-site", "media-collide");
    let root = site.root().to_str().unwrap();
    site.write("static/ja/index.html", "<p>mine</p>");
    let out = site.build_cli(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: static/ja/index.html: this static file would replace ja/index.html, which the build makes; rename one of them\n"
    );
    assert!(!site.out().exists(), "nothing is written");
    let out = tebiki(&["check", "--root", root]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "static/ja/index.html: error[output]: this static file would replace ja/index.html, which the build makes; rename one of them\n\
         check: 1 error, 0 warnings\n"
    );
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(site.root().join("static/ja")).unwrap();

    let guide = std::fs::read_to_string(site.root().join("content/ja/escalation.md")).unwrap();
    site.write("content/ja/escalation.md", guide.replace("\"old-escalation\"", "\"contacts/brief\""));
    let out = site.build_cli(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: content/ja/escalation.md: alias `contacts/brief` of ja/escalation would replace \
         ja/contacts/brief/index.html, which the build makes; rename one of them\n"
    );

    // Two guides with one alias: the message names both.
    site.write("content/ja/escalation.md", guide.replace("\"old-escalation\"", "\"shared-old\""));
    site.write("tebiki.toml", "[aliases]\n\"ja/contacts\" = [\"shared-old\"]\n");
    let stderr = site.build_refused();
    let (first, second) = if stderr.contains("tebiki.toml: alias") {
        (
            "alias `shared-old` of ja/escalation (content/ja/escalation.md)",
            "tebiki.toml: alias `shared-old` of ja/contacts",
        )
    } else {
        (
            "alias `shared-old` of ja/contacts (tebiki.toml)",
            "content/ja/escalation.md: alias `shared-old` of ja/escalation",
        )
    };
    assert_eq!(
        stderr,
        format!("error: {second} would take ja/shared-old/index.html, which {first} takes too; rename one of them\n")
    );
}

#[test]
fn reads_an_image_line_of_guidance_text_as_markdown_reads_it() {
    use tebiki::model::{Block, Inline};
    use tebiki::parse::{Format, ParseOptions, parse_text};
    let txt = "解決できること\n- 図が分かる\n手順\n![構成図](img/a b.png)\n前の行の![図](x.png)は文です。\n";
    let parsed = parse_text(txt, Format::Txt, ParseOptions::default());
    let blocks = &parsed.doc.sections[0].blocks;
    let Block::Paragraph { text } = &blocks[0] else { panic!("{blocks:?}") };
    assert!(
        matches!(&text.0[..], [Inline::Image { src, alt, line }] if src == "img/a b.png" && alt == "構成図" && line.0 == 4),
        "{text:?}"
    );
    assert_eq!(blocks[1], Block::paragraph("前の行の![図](x.png)は文です。"), "inside a line it is text");
    // `tebiki import` writes it as Markdown that reads back the same.
    let md = tebiki::parse::emit::to_markdown(&parsed.doc, None);
    assert!(md.contains("![構成図](<img/a b.png>)"), "{md}");
    let back = parse_text(&md, Format::Markdown, ParseOptions::default());
    assert_eq!(back.doc, parsed.doc);
    let json = serde_json::to_value(&parsed.doc).unwrap();
    assert_eq!(json["images"], serde_json::json!([{ "src": "img/a b.png", "alt": "構成図" }]));
}

#[test]
fn refuses_a_static_file_named_like_a_folder_of_the_site_before_writing_anything() {
    let (site, before) = built("media-folder-clash");
    // A file where the guide's folder goes: the site could never be moved in place.
    site.write("static/ja/escalation", "hi");
    let stderr = site.build_refused();
    assert!(stderr.contains("a file ja/escalation and, in a folder of the same name, ja/escalation/"), "{stderr}");
    assert_eq!(site.output(), before, "the last site stays as it was");
    let litter: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tebiki-journal"))
        .collect();
    assert!(litter.is_empty(), "no journal is left to replay: {litter:?}");
    let check = tebiki(&["check", "--root", site.root().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("error[output]: the site would have a file ja/escalation and"), "{stdout}");
    assert_eq!(check.status.code(), Some(1));
    // Renamed, the site builds again: nothing was left stuck.
    std::fs::remove_file(site.root().join("static/ja/escalation")).unwrap();
    assert_eq!(site.build_cli(&[]).status.code(), Some(0));
    assert_eq!(site.output(), before);
}

#[cfg(unix)]
#[test]
fn a_static_file_name_with_a_line_break_is_refused_and_nothing_outside_the_output_is_touched() {
    // The journal of a build keeps a path a line: `static/x⏎del ../AUTHORING.md/…` once
    // made the build delete the site's own AUTHORING.md.
    let (site, before) = built("media-line-break");
    site.write("AUTHORING.md", "the author's notes");
    site.write("static/x\ndel ../AUTHORING.md/note.txt", "hi");
    let stderr = site.build_refused();
    assert!(stderr.contains("is not a usable file name in the output (it holds a control character"), "{stderr}");
    assert_eq!(std::fs::read_to_string(site.root().join("AUTHORING.md")).unwrap(), "the author's notes");
    assert_eq!(site.output(), before, "the last site stays as it was");
    // `check` stops at it as the build does (a name not UTF-8 does the same).
    let check = tebiki(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("holds a control character"));
}

#[test]
fn static_and_theme_files_are_read_through_links_that_stay_in_the_site_only() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("media-site", "media-links-out");
    let outside = TempDir::new("media-links-out-elsewhere");
    let secret = outside.write("secret.txt", "machine file");
    symlink(&secret, site.root().join("static/secret.txt")).unwrap();
    let stderr = site.build_refused();
    assert!(stderr.contains("static/secret.txt is a symbolic link that leads out of the site's folder"), "{stderr}");
    assert!(!site.out().exists(), "nothing is written");
    std::fs::remove_file(site.root().join("static/secret.txt")).unwrap();

    // A theme file linked from inside the site is read; one from outside is refused.
    let home = "{% extends \"base.html\" %}{% block main %}<h1>CUSTOM HOME</h1>{% endblock %}";
    let shared = site.write("shared/home.html", home);
    site.write("themes/default/templates/.keep", "");
    let template = site.root().join("themes/default/templates/home.html");
    symlink(&shared, &template).unwrap();
    assert_eq!(site.build_cli(&[]).status.code(), Some(0));
    assert!(site.read("ja/index.html").contains("CUSTOM HOME"), "the linked template is the site's home page");
    std::fs::remove_file(&template).unwrap();
    symlink(outside.write("home.html", home), &template).unwrap();
    let stderr = site.build_refused();
    assert!(stderr.contains("templates/home.html is a symbolic link that leads out of the site's folder"), "{stderr}");
}

#[test]
fn prints_a_few_warnings_of_a_kind_per_file_and_counts_the_rest() {
    let site = TestSite::fixture("media-site", "media-many-warnings");
    let guide = std::fs::read_to_string(site.root().join("content/ja/escalation.md")).unwrap();
    // Each pair of lines opens a container of no known name: thirty warnings.
    site.write("content/ja/escalation.md", format!("{guide}\n{}", ":::\n\n".repeat(60)));
    let out = site.build_cli(&[]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = stderr.lines().filter(|l| l.contains("warning[import]: unknown container")).count();
    assert_eq!(shown, 20, "{stderr}");
    assert!(
        stderr.contains(
            "content/ja/escalation.md: … and 10 more like these (import; `tebiki check --format json` lists them all)"
        ),
        "{stderr}"
    );
    let check = tebiki(&["check", "--root", site.root().to_str().unwrap(), "--format", "json"]);
    let listed = String::from_utf8_lossy(&check.stdout).matches("unknown container").count();
    assert_eq!(listed, 30, "check lists every one");
}

/// A static file in the search index's folder is refused for that reason, whether the
/// index is built in this build or kept from the last one.
#[test]
fn a_static_file_in_the_search_folder_is_named_as_such_with_or_without_the_index_kept() {
    let site = TestSite::fixture("media-site", "media-search-collide");
    let expected = "error: static/assets/search/ja/meta.js: this static file would replace \
                    assets/search/ja/meta.js, which the build makes (the search index's folder); rename one of them\n";
    site.build_ok();
    site.write("static/assets/search/ja/meta.js", "mine");
    let kept = site.build_cli(&[]);
    assert_eq!(kept.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&kept.stderr), expected, "the index kept from the last build");
    std::fs::remove_dir_all(site.root().join(".tebiki")).unwrap();
    let cold = site.build_cli(&[]);
    assert_eq!(String::from_utf8_lossy(&cold.stderr), expected, "the index built anew");
}
