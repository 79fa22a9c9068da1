//! Dates: `updated` in front matter and `dates = "git"` show on the guide page, in the
//! handbook and the print view, order the home's recently updated guides and the Atom
//! feed (valid XML, newest first, absolute links); a bad date is an error at its line;
//! git dates come from the last commit, with warnings for what has none.

use std::process::Command;

use crate::harness::*;

/// A Markdown guide with an optional front-matter date.
fn guide(title: &str, updated: Option<&str>) -> String {
    let front = updated.map(|d| format!("+++\nupdated = {d}\n+++\n\n")).unwrap_or_default();
    format!("{front}::: outcomes\n- Know {title}\n:::\n\n## {title} {{#s1}}\n\nBody of {title}.\n")
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> String {
    e.value().attr(name).unwrap_or("").to_owned()
}

/// A site of four English guides: three dated (one twice the same day), one not.
fn dated_site(tag: &str) -> TestSite {
    let site = TestSite::new(tag);
    site.write(
        "tebiki.toml",
        "languages = [\"en\"]\nbase_url = \"https://kb.example.org/ir\"\n[title]\nen = \"Guides & more\"\n",
    );
    site.write("content/en/alpha.md", guide("Alpha", Some("2026-03-09")));
    site.write("content/en/bravo.md", guide("Bravo", Some("2026-11-30")));
    site.write("content/en/charlie.md", guide("Charlie", None));
    site.write("content/en/delta.md", guide("Delta <&>", Some("2026-03-09")));
    site
}

#[test]
fn shows_dates_on_the_guide_page_in_the_handbook_and_on_the_home() {
    let site = dated_site("dates");
    site.build_ok();
    let page = site.page("en/bravo/index.html");
    let time = select_one(&page, ".guide-updated time");
    assert_eq!(attr(&time, "datetime"), "2026-11-30");
    assert_eq!(text(&select_one(&page, ".guide-updated")), "Last updated 30 November 2026");
    assert!(select(&site.page("en/charlie/index.html"), ".guide-updated").is_empty(), "no date, no line");

    // The handbook chapter (guide 2 of the language), which is also its print view.
    let handbook = site.page("en/print/index.html");
    assert_eq!(text(&select_one(&handbook, "#g2 .hb-updated")), "Last updated 30 November 2026");
    assert_eq!(attr(&select_one(&handbook, "#g2 .hb-updated time"), "datetime"), "2026-11-30");
    assert!(select(&site.page("en/print/index.html"), "#g3 .hb-updated").is_empty(), "charlie has no date");

    // The home: newest first; a tie in navigation order; the undated guide left out.
    let home = site.page("en/index.html");
    let recent: Vec<(String, String, String)> = select(&home, ".recent-list li")
        .iter()
        .map(|li| {
            let a = li.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
            let time = li.select(&scraper::Selector::parse("time").unwrap()).next().unwrap();
            (attr(&a, "href"), text(&a), attr(&time, "datetime"))
        })
        .collect();
    let want = [
        ("bravo/index.html", "Bravo", "2026-11-30"),
        ("alpha/index.html", "Alpha", "2026-03-09"),
        ("delta/index.html", "Delta <&>", "2026-03-09"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(h, t, d)| (h.to_string(), t.to_string(), d.to_string())).collect();
    assert_eq!(recent, want);
    assert_eq!(attr(&select_one(&home, "link[type='application/atom+xml']"), "href"), "feed.xml");

    // The sitemap dates the pages of dated guides.
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://kb.example.org/ir/en/bravo/</loc><lastmod>2026-11-30</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<url><loc>https://kb.example.org/ir/en/charlie/</loc></url>"), "{sitemap}");
}

#[test]
fn writes_an_atom_feed_of_the_guides_by_update_date() {
    let site = dated_site("feed");
    site.build_ok();
    let xml = site.read("en/feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("feed.xml is not XML: {e}\n{xml}"));
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |node: roxmltree::Node<'_, '_>, name: &str| -> String {
        let found = node.children().find(|c| c.has_tag_name((ATOM, name)));
        found.and_then(|c| c.text()).unwrap_or_else(|| panic!("no <{name}> in {node:?}")).to_owned()
    };
    let link = |node: roxmltree::Node<'_, '_>, rel: &str| -> String {
        let found = node.children().find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel));
        found.and_then(|c| c.attribute("href")).unwrap_or_else(|| panic!("no {rel} link")).to_owned()
    };
    assert_eq!(child(feed, "id"), "https://kb.example.org/ir/en/feed.xml");
    assert_eq!(link(feed, "self"), "https://kb.example.org/ir/en/feed.xml");
    assert_eq!(link(feed, "alternate"), "https://kb.example.org/ir/en/");
    assert_eq!(child(feed, "title"), "Recently updated guides | Guides & more");
    assert_eq!(child(feed, "updated"), "2026-11-30T00:00:00Z", "the newest entry's date, not the clock's");
    let author = feed.children().find(|c| c.has_tag_name((ATOM, "author"))).expect("a feed author");
    assert_eq!(child(author, "name"), "Guides & more");

    let entries: Vec<roxmltree::Node<'_, '_>> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    let got: Vec<(String, String, String)> =
        entries.iter().map(|e| (child(*e, "title"), child(*e, "updated"), link(*e, "alternate"))).collect();
    let want = [
        ("Bravo", "2026-11-30T00:00:00Z", "bravo"),
        ("Alpha", "2026-03-09T00:00:00Z", "alpha"),
        ("Delta <&>", "2026-03-09T00:00:00Z", "delta"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(t, u, s)| (t.to_string(), u.to_string(), format!("https://kb.example.org/ir/en/{s}/")))
        .collect();
    assert_eq!(got, want, "dated guides, newest first, with absolute links");
    for e in &entries {
        let href = link(*e, "alternate");
        assert_eq!(child(*e, "id"), href);
        let rel = href.strip_prefix("https://kb.example.org/ir/").unwrap();
        assert!(site.out().join(rel).join("index.html").is_file(), "{href} is a page of the site");
    }
    assert_eq!(child(entries[0], "summary"), "Know Bravo");

    // No base_url, no feed (its links must be absolute); no dates, no feed either.
    site.write("tebiki.toml", "languages = [\"en\"]\n");
    site.build_ok();
    assert!(!site.out().join("en/feed.xml").exists());
    assert!(select(&site.page("en/index.html"), ".recent-feed, link[type='application/atom+xml']").is_empty());
    let undated = TestSite::bundled("feed-undated");
    undated.write("tebiki.toml", "base_url = \"https://kb.example.org/\"\n");
    undated.build_ok();
    assert!(!undated.out().join("ja/feed.xml").exists());
    assert!(select(&undated.page("ja/index.html"), ".recent").is_empty());
}

#[test]
fn errors_on_an_updated_that_is_not_a_day() {
    let site = TestSite::new("bad-date");
    site.write("content/ja/a.md", "+++\ntitle = \"A\"\nupdated = 2026-11-30T10:00:00\n+++\n\n## A {#s1}\n\nText.\n");
    site.write("content/ja/b.md", "+++\ntitle = \"B\"\nupdated = \"2026-11-30\"\n+++\n\n## B {#s1}\n\nText.\n");
    site.write("content/ja/c.md", "+++\nupdated = 2026-11-30\n+++\n\n## C {#s1}\n\nText.\n");
    site.write("content/ja/d.md", "+++\ntitle = \"D\"\nupdated = \"yesterday\"\n+++\n\n## D {#s1}\n\nText.\n");
    site.write("content/ja/e.md", "+++\ntitle = \"E\"\ndate = 2026-11-30\n+++\n\n## E {#s1}\n\nText.\n");
    let root = site.root().to_str().unwrap();
    let out = tebiki(&["check", "--root", root]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let errors: Vec<&str> = stdout.lines().filter(|l| l.contains("error[import]")).collect();
    assert_eq!(errors.len(), 4, "{stdout}");
    // Other tools' habits: a day in quotes, and the day under another name.
    let said = |file: &str, message: &str| {
        stdout.lines().any(|l| l == format!("content/ja/{file}:3: error[import]: front matter: {message}"))
    };
    assert!(said("b.md", "`updated` is a day, written without quotes: `updated = 2026-11-30`"), "{stdout}");
    assert!(
        said("d.md", "`updated` must be a day like `updated = 2026-11-30` (no quotes), not \"yesterday\""),
        "{stdout}"
    );
    let date = "unknown field `date`: the day a guide last changed is `updated` (`updated = 2026-11-30`)";
    assert!(said("e.md", date), "{stdout}");
    assert!(
        errors[0].starts_with("content/ja/a.md:3: error[import]: front matter: `updated` must be a day like `updated = 2026-11-30` (no time), not `2026-11-30T10:00:00`"),
        "{stdout}"
    );
    assert!(errors[1].starts_with("content/ja/b.md:3: error[import]: front matter: "), "{stdout}");
    assert!(!stdout.lines().any(|l| l.contains("c.md:") && l.contains("error")), "a TOML date is fine: {stdout}");
}

/// Runs git in `dir` with a fixed identity and the given author and committer date.
fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Author", "-c", "user.email=author@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn dates_guides_by_their_last_commit_with_dates_git() {
    if !tools_present("git dates test", &if runs("git") { vec![] } else { vec!["git".to_owned()] }) {
        return;
    }
    // The site sits in a folder of the repository, as sites often do.
    let repo = TempDir::new("git-dates");
    let root = repo.path().join("docs");
    let write = |rel: &str, text: &str| repo.write(&format!("docs/{rel}"), text);
    write("tebiki.toml", "languages = [\"en\"]\ndates = \"git\"\n");
    write("content/en/alpha.md", &guide("Alpha", None));
    write("content/en/bravo.md", &guide("Bravo", Some("2025-12-24")));
    git(repo.path(), &["init", "-q"], "2026-01-05T10:00:00+09:00");
    git(repo.path(), &["add", "."], "2026-01-05T10:00:00+09:00");
    git(repo.path(), &["commit", "-q", "-m", "first"], "2026-01-05T23:30:00+09:00");
    write("content/en/bravo.md", &guide("Bravo, edited", Some("2025-12-24")));
    git(repo.path(), &["commit", "-q", "-am", "second"], "2026-02-01T08:00:00+00:00");
    // Committed later but about another file: alpha keeps its date.
    write("notes.txt", "n");
    git(repo.path(), &["add", "."], "2026-03-01T08:00:00+00:00");
    git(repo.path(), &["commit", "-q", "-m", "third"], "2026-03-01T08:00:00+00:00");
    // Not committed: a new guide, and an edit to alpha.
    write("content/en/charlie.md", &guide("Charlie", None));
    write("content/en/alpha.md", &guide("Alpha, being edited", None));

    let project = tebiki::Project::load(&root).unwrap();
    let date = |slug: &str| project.site.guide("en", slug).unwrap().updated.map(|d| d.to_string());
    assert_eq!(date("alpha").as_deref(), Some("2026-01-05"), "the author's day of the last commit touching it");
    assert_eq!(date("bravo").as_deref(), Some("2025-12-24"), "front matter wins over git");
    assert_eq!(date("charlie"), None, "never committed");
    let warnings: Vec<String> = project.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "content/en/charlie.md: warning[dates]: not committed yet, so it has no git date until it is (or give `updated` in its front matter)"
        ]
    );

    // The same commit builds the same bytes, and the page shows the date.
    let plan = |out: &str| tebiki::BuildPlan::new(&root, Some(repo.path().join(out)), false).unwrap();
    tebiki::build(&project, &plan("one"), &tebiki::build::Quiet).unwrap();
    let again = tebiki::Project::load(&root).unwrap();
    tebiki::build(&again, &plan("two"), &tebiki::build::Quiet).unwrap();
    assert!(read_tree(&repo.path().join("one")) == read_tree(&repo.path().join("two")), "byte-identical builds");
    let page =
        scraper::Html::parse_document(&std::fs::read_to_string(repo.path().join("one/en/alpha/index.html")).unwrap());
    assert_eq!(text(&select_one(&page, ".guide-updated")), "Last updated 5 January 2026");

    // A site that is not in a repository: one warning, on the config, and no dates.
    let plain = TestSite::new("git-none");
    plain.write("tebiki.toml", "languages = [\"en\"]\ndates = \"git\"\n");
    plain.write("content/en/alpha.md", guide("Alpha", None));
    let project = tebiki::Project::load(plain.root()).unwrap();
    assert_eq!(project.site.guide("en", "alpha").unwrap().updated, None);
    let warnings: Vec<String> = project.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("tebiki.toml: warning[dates]: `dates = \"git\"`: the site is not in a git repository"),
        "{warnings:?}"
    );
    assert!(warnings[0].ends_with("; guides have no git dates"), "{warnings:?}");
}
