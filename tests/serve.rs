//! `tebiki serve` as a child process, through a real HTTP client on 127.0.0.1: an edit is
//! rebuilt, served and announced on the event stream; a broken edit is announced with its
//! place and the last good site stays served; nothing outside the output is reachable;
//! Ctrl+C stops it. Every wait is bounded (see `serve_client::PATIENCE`); the elapsed
//! times are printed, never asserted (speed is `benches/serve_reload.rs`'s business).

use std::path::Path;
use std::time::Instant;

use crate::harness::*;
use crate::serve_client::{Server, raw_get, raw_get_as, save};

const GUIDE_A: &str = "解決できること\n- 要点\n最初の手引き\n本文です。\n最初の手引き\nPerspective\n見通しです。\n";
const GUIDE_B: &str =
    "+++\ntitle = \"二つ目の手引き\"\n+++\n\n::: outcomes\n- 要点\n:::\n\n## 二つ目 {#s1}\n\n元の文章です。\n";

/// A small site: two Japanese guides, a base URL (so there is a sitemap), and a secret
/// `Cargo.toml` at every level above the folder `serve` builds in.
fn site(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    dir.write("tebiki.toml", "base_url = \"https://guides.example/\"\n");
    dir.write("content/ja/a.txt", GUIDE_A);
    dir.write("content/ja/b.md", GUIDE_B);
    for above in ["", ".tebiki/", ".tebiki/serve/"] {
        dir.write(&format!("{above}Cargo.toml"), "SECRET-CARGO\n");
        dir.write(&format!("{above}secret.txt"), "SECRET-TEXT\n");
    }
    dir
}

fn start(root: &Path) -> Server {
    Server::start(Path::new(env!("CARGO_BIN_EXE_tebiki")), root)
}

/// The build number a served page carries.
fn page_build(html: &str) -> u64 {
    let at = html.find("<meta name=\"tebiki-serve-build\" content=\"").expect("a served page has its build number");
    let rest = &html[at + "<meta name=\"tebiki-serve-build\" content=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

fn json(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("event data is not JSON ({e}): {data}"))
}

#[test]
fn serve_rebuilds_serves_and_announces_an_edit() {
    let dir = site("serve-edit");
    let server = start(dir.path());
    assert!(server.url.starts_with("http://127.0.0.1:"), "loopback only: {}", server.url);
    assert!(!dir.path().join("public").exists(), "serve leaves the user's public/ alone");

    let page = server.get("/ja/b/");
    assert_eq!(page.status, 200, "{}", server.output());
    assert!(page.body.contains("元の文章です。"));
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'";
    assert!(page.body.contains(csp), "the page keeps its CSP");
    assert!(page.body.contains("<script src=\"/__tebiki/live-reload.js\" defer></script>\n</head>"), "{}", page.body);
    let first = page_build(&page.body);

    let events = server.events();
    let (hello, _) = events.wait_for("hello").unwrap();
    assert_eq!(json(&hello.data)["build"], first);
    assert_eq!(json(&hello.data)["searchPending"], false, "the first build indexes before it serves");
    let search_files = || read_tree(&dir.path().join(".tebiki/serve/site/assets/search"));
    let search_before = search_files();

    let edited = GUIDE_B.replace("元の文章です。", "書き直した文章です。");
    let saved = Instant::now();
    save(&dir.path().join("content/ja/b.md"), &edited);
    // The pages first, with the search files of the last build …
    let (reload, skipped) = events.wait_for("reload").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    println!("edit to reload event: {} ms", saved.elapsed().as_millis());
    assert_eq!(skipped, [], "nothing but the reload");
    let build = json(&reload.data)["build"].as_u64().unwrap();
    assert_eq!(build, first + 1);
    assert_eq!(json(&reload.data)["searchPending"], true);
    let page = server.get("/ja/b/");
    assert!(page.body.contains("書き直した文章です。"), "the new text is served");
    assert!(!page.body.contains("元の文章です。"));
    assert_eq!(page_build(&page.body), build);

    // … then the search files, and the pages reload again.
    let (reload, skipped) = events.wait_for("reload").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    println!("edit to search reload event: {} ms", saved.elapsed().as_millis());
    assert_eq!(skipped, [], "nothing but the reload");
    assert_eq!(json(&reload.data)["build"].as_u64(), Some(build + 1));
    assert_eq!(json(&reload.data)["searchPending"], false);
    assert!(search_files() != search_before, "the edit is indexed");
    assert_eq!(page_build(&server.get("/ja/b/").body), build + 1);
    assert_eq!(events.next(std::time::Duration::from_millis(300)), None, "one edit: its pages, then its search");
}

#[test]
fn serve_indexes_after_the_last_of_several_edits_and_the_search_files_equal_a_builds() {
    let dir = site("serve-edits");
    let server = start(dir.path());
    let events = server.events();
    events.wait_for("hello").unwrap();
    for i in 0..3 {
        save(&dir.path().join("content/ja/b.md"), &GUIDE_B.replace("元の文章です。", &format!("{i} 回目の文章です。")));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // However the edits fell into builds, the last build indexed the last text.
    let deadline = Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (reload, _) = events.wait_for("reload").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
        if json(&reload.data)["searchPending"] == false && server.get("/ja/b/").body.contains("2 回目の文章です。")
        {
            break;
        }
        assert!(Instant::now() < deadline, "{}", server.output());
    }
    let out = tebiki(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let built = read_tree(&dir.path().join("public/assets/search"));
    assert!(
        built == read_tree(&dir.path().join(".tebiki/serve/site/assets/search")),
        "serve's search files are a build's"
    );
}

#[test]
fn serve_shows_a_broken_edit_and_keeps_the_last_good_site() {
    let dir = site("serve-broken");
    let server = start(dir.path());
    let events = server.events();
    events.wait_for("hello").unwrap();

    // A front-matter key misspelt on line 2 is an error diagnostic.
    save(&dir.path().join("content/ja/b.md"), &GUIDE_B.replace("title =", "titel ="));
    let (error, _) = events.wait_for("error").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    let data = json(&error.data);
    let problem = &data["problems"][0];
    assert_eq!(problem["file"], "content/ja/b.md", "{data}");
    assert_eq!(problem["line"], 2, "{data}");
    let message = problem["message"].as_str().unwrap();
    assert!(message.contains("titel") && message.contains("title"), "{message}");
    assert_eq!(data["problems"].as_array().unwrap().len(), 1, "{data}");

    let page = server.get("/ja/b/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("二つ目の手引き"), "the last good page is still served");
    assert_eq!(page_build(&page.body), 1);

    // A page opened now is told at once.
    let late = server.events();
    let (hello, _) = late.wait_for("hello").unwrap();
    assert_eq!(json(&hello.data)["build"], 1);
    let (again, _) = late.wait_for("error").unwrap();
    assert_eq!(json(&again.data), data);

    // A broken config: file, line and column.
    save(&dir.path().join("tebiki.toml"), "base_url = \"https://guides.example/\"\nlanguages = [\"ja\"\n");
    let (error, _) = events.wait_for("error").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    let problem = &json(&error.data)["problems"][0];
    assert_eq!(problem["file"], "tebiki.toml", "{problem}");
    assert!(problem["line"].as_u64().is_some() && problem["column"].as_u64().is_some(), "{problem}");

    // Fixed: a good build, and the pages reload.
    save(&dir.path().join("tebiki.toml"), "base_url = \"https://guides.example/\"\n");
    save(&dir.path().join("content/ja/b.md"), GUIDE_B);
    let (reload, _) = events.wait_for("reload").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    assert_eq!(json(&reload.data)["build"], 2);
    assert_eq!(page_build(&server.get("/ja/b/").body), 2);
}

#[test]
fn serve_gives_the_theme_client_for_the_overlay() {
    let dir = site("serve-client");
    let server = start(dir.path());
    let script = server.get("/__tebiki/live-reload.js");
    assert_eq!((script.status, script.content_type.as_str()), (200, "text/javascript; charset=utf-8"));
    let theme = std::fs::read_to_string(repo().join("themes/default/serve/live-reload.js")).unwrap();
    assert_same_text(&theme, &script.body, "the served client is the theme's");
    let style = server.get("/__tebiki/live-reload.css");
    assert_eq!((style.status, style.content_type.as_str()), (200, "text/css; charset=utf-8"));
    assert!(style.body.contains(".tebiki-serve-overlay"));

    // A site's theme overrides it, like any theme file.
    drop(server);
    dir.write("themes/default/serve/live-reload.js", "/* the site's own client */\n");
    let server = start(dir.path());
    assert_eq!(server.get("/__tebiki/live-reload.js").body, "/* the site's own client */\n");
}

#[test]
fn serve_answers_with_content_types_redirects_and_the_404_page() {
    let dir = site("serve-types");
    let server = start(dir.path());
    for (path, status, content_type) in [
        ("/", 200, "text/html; charset=utf-8"),
        ("/ja/", 200, "text/html; charset=utf-8"),
        ("/ja/a/index.html", 200, "text/html; charset=utf-8"),
        ("/assets/css/tebiki.css", 200, "text/css; charset=utf-8"),
        ("/assets/js/tebiki.js", 200, "text/javascript; charset=utf-8"),
        ("/assets/favicon.svg", 200, "image/svg+xml; charset=utf-8"),
        ("/sitemap.xml", 200, "text/xml; charset=utf-8"),
        ("/nowhere/", 404, "text/html; charset=utf-8"),
        ("/assets/", 404, "text/html; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!((reply.status, reply.content_type.as_str()), (status, content_type), "{path}");
    }
    let redirect = server.get("/ja/a?x=1");
    assert_eq!((redirect.status, redirect.location.as_deref()), (301, Some("/ja/a/?x=1")));

    let missing = server.get("/nowhere/at/all.html");
    assert!(missing.body.contains("class=\"page-not-found\""), "the site's 404 page: {}", missing.body);
    assert!(missing.body.contains("<base href=\"/\">"), "its relative links resolve from the root");
    assert!(
        missing.body.contains("class=\"skip-link\" href=\"/nowhere/at/all.html#main\""),
        "its skip link stays on the page, not at the root: {}",
        missing.body
    );
    assert!(!missing.body.contains("Index of"), "no listings");
    let (status, _) = raw_get(server.port(), b"/assets/js/");
    assert_eq!(status, 404, "a folder without index.html is not listed");
}

#[test]
fn serve_refuses_every_path_outside_the_output() {
    let dir = site("serve-escape");
    let server = start(dir.path());
    let targets: [&[u8]; 14] = [
        b"/../Cargo.toml",
        b"/../../Cargo.toml",
        b"/../../../Cargo.toml",
        b"/ja/../../Cargo.toml",
        b"/%2e%2e/Cargo.toml",
        b"/%2E%2E%2FCargo.toml",
        b"/..%2f..%2fCargo.toml",
        b"/%252e%252e%252fCargo.toml",
        b"/%252e%252e/Cargo.toml",
        b"/..%5cCargo.toml",
        b"/..%5c..%5csecret.txt",
        b"/secret.txt%00.html",
        b"/%00",
        b"/.tebiki-output",
    ];
    for target in targets {
        let (status, body) = raw_get(server.port(), target);
        let shown = String::from_utf8_lossy(target);
        assert_eq!(status, 404, "{shown}");
        assert!(body.contains("class=\"page-not-found\""), "{shown}: the site's 404 page");
        assert!(!body.contains("SECRET"), "{shown} leaked a file outside the output");
    }
    // Through an HTTP client too, for the targets it will send as they are.
    for path in ["/%2e%2e/Cargo.toml", "/%252e%252e%252fCargo.toml", "/..%5cCargo.toml"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("SECRET"), "{path}");
    }
    // A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) gets nothing.
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        let (status, body) = raw_get_as(server.port(), b"/ja/a/", host);
        assert_eq!(status, 403, "Host: {host}");
        assert!(!body.contains("最初の手引き"), "Host: {host}");
    }
    assert_eq!(raw_get_as(server.port(), b"/ja/a/", "localhost").0, 200);
    // Bytes no HTTP request may hold are refused before any file is looked at.
    for target in [&b"/..\\Cargo.toml"[..], b"/\0", b"/..\\..\\secret.txt"] {
        let (status, body) = raw_get(server.port(), target);
        assert!(matches!(status, 400 | 404), "{}: {status}", String::from_utf8_lossy(target));
        assert!(!body.contains("SECRET"), "{}", String::from_utf8_lossy(target));
    }
}

#[test]
fn serve_starts_on_a_broken_site_and_recovers() {
    let dir = site("serve-recover");
    dir.write("tebiki.toml", "languages = [\n");
    let server = start(dir.path());
    let page = server.get("/");
    assert_eq!(page.status, 503, "{}", server.output());
    assert!(page.body.contains("/__tebiki/live-reload.js"), "the waiting page shows the overlay");
    assert!(!page.body.contains("<script>"), "and has no inline script");
    let events = server.events();
    let (hello, _) = events.wait_for("hello").unwrap();
    assert_eq!(json(&hello.data)["build"], 0);
    let (error, _) = events.wait_for("error").unwrap();
    assert_eq!(json(&error.data)["problems"][0]["file"], "tebiki.toml");
    // (Its stderr is read on a thread of its own: wait for the line.)
    let said = (0..100)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            server.output()
        })
        .find(|o| o.contains("build failed"))
        .unwrap_or_else(|| server.output());
    assert!(said.contains("build failed; the pages say so until a save builds the site"), "{said}");
    assert!(!said.contains("last good build"), "there is none: {said}");

    save(&dir.path().join("tebiki.toml"), "");
    let (reload, _) = events.wait_for("reload").unwrap_or_else(|e| panic!("{e}\n{}", server.output()));
    assert_eq!(json(&reload.data)["build"], 1);
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let dir = site("serve-stop");
    let mut server = start(dir.path());
    let events = server.events();
    events.wait_for("hello").unwrap();
    let status = server.interrupt().unwrap_or_else(|| panic!("still running after SIGINT\n{}", server.output()));
    assert!(status.success(), "{status}\n{}", server.output());
    assert!(events.ends(), "the event stream is closed");
}

#[test]
fn errors_on_a_port_in_use() {
    let dir = site("serve-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = tebiki(&["serve", "--root", dir.path().to_str().unwrap(), "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "error: cannot listen on 127.0.0.1:{port}: Address already in use (os error 98); \
             choose another --port, or --port 0 for any free one\n"
        )
    );
}

/// The browser suites of `serve` (`tests/js/serve.test.mjs` in headless Chromium, and
/// `live-reload.test.mjs`, the client's pure functions), on a server started here. Like
/// `browser.rs`, it fails under CI when a tool is missing and says loudly that it
/// skipped otherwise.
#[test]
fn serve_reloads_and_shows_the_overlay_in_headless_chromium() {
    let missing = crate::browser::missing_tools();
    if !missing.is_empty() {
        let msg = format!("serve browser tests cannot run: missing {}", missing.join(", "));
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("\n!!! SKIPPED: {msg}\n!!! (under CI, with CI set, this is a failure)\n");
        return;
    }
    let dir = site("serve-browser");
    let server = start(dir.path());
    let artifacts = repo().join("tests/artifacts");
    let out = std::process::Command::new("node")
        .args(["--test", "--test-reporter=spec", "live-reload.test.mjs", "serve.test.mjs"])
        .current_dir(repo().join("tests/js"))
        .env("TEBIKI_SERVE_URL", &server.url)
        .env("TEBIKI_SITE_ROOT", dir.path())
        .env("TEBIKI_ARTIFACTS", &artifacts)
        .env("TEBIKI_CHROMIUM", crate::browser::chromium())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{stderr}\n{}", server.output());
    let count = |what: &str| {
        stdout.lines().find_map(|l| l.strip_prefix(&format!("ℹ {what} ")).and_then(|n| n.trim().parse::<usize>().ok()))
    };
    assert_eq!(count("fail"), Some(0), "node --test summary:\n{stdout}");
    assert_eq!(count("pass"), Some(3), "every browser test of serve ran:\n{stdout}");
}

#[test]
fn serve_builds_what_build_builds_outside_public() {
    let dir = site("serve-same");
    let server = start(dir.path());
    assert_eq!(server.get("/").status, 200);
    drop(server);
    let served = read_tree(&dir.path().join(tebiki::paths::SERVE_SITE));
    assert!(!dir.path().join("public").exists(), "serve never writes public/");
    let out = tebiki(&["build", "--root", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let built = read_tree(&dir.path().join("public"));
    assert_eq!(served.keys().collect::<Vec<_>>(), built.keys().collect::<Vec<_>>());
    for (path, bytes) in &built {
        assert!(served[path] == *bytes, "{path} differs between serve and build");
    }
}

/// An image a guide shows from a folder outside `content/`, and the file a linked guide
/// leads to: saving either rebuilds, as saving a guide in `content/` does.
#[test]
fn serve_follows_images_and_linked_guides_outside_content() {
    let dir = site("serve-outside");
    let svg = |w: u32| format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="5"/>"#);
    dir.write("media/x.svg", svg(8));
    dir.write("content/ja/pic.md", GUIDE_B.replace("元の文章です。", "![図](../../media/x.svg)"));
    let draft = dir.write("drafts/e.md", GUIDE_B.replace("元の文章です。", "下書きです。"));
    std::os::unix::fs::symlink(&draft, dir.path().join("content/ja/e.md")).unwrap();
    let server = start(dir.path());
    assert!(server.get("/ja/pic/").body.contains(r#"width="8""#), "{}", server.output());
    assert!(server.get("/ja/e/").body.contains("下書きです。"));
    let events = server.events();
    events.wait_for("hello").unwrap();

    save(&dir.path().join("media/x.svg"), &svg(9));
    events.wait_for("reload").unwrap_or_else(|e| panic!("the image: {e}\n{}", server.output()));
    assert!(server.get("/ja/pic/").body.contains(r#"width="9""#), "the new image is served");
    // (The search files do not change: the text is the same.)
    std::thread::sleep(std::time::Duration::from_millis(500));

    save(&draft, &GUIDE_B.replace("元の文章です。", "書き直した下書きです。"));
    events.wait_for("reload").unwrap_or_else(|e| panic!("the linked guide: {e}\n{}", server.output()));
    assert!(server.get("/ja/e/").body.contains("書き直した下書きです。"));
}

/// Asks for `path` until its body holds `text`, for at most `serve_client::PATIENCE`.
fn served_with(server: &Server, path: &str, text: &str) -> bool {
    let until = Instant::now() + crate::serve_client::PATIENCE;
    while Instant::now() < until {
        if server.get(path).body.contains(text) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

/// `content/` removed and made again under its name (a checkout, `rm -rf` and a copy):
/// the new folder is watched, so the saves after it rebuild as before.
#[test]
fn serve_watches_a_content_folder_made_again_under_its_name() {
    let dir = site("serve-remade");
    let server = start(dir.path());
    assert!(server.get("/ja/b/").body.contains("元の文章です。"), "{}", server.output());

    std::fs::rename(dir.path().join("content"), dir.path().join("content.old")).unwrap();
    dir.write("content/ja/a.txt", GUIDE_A);
    dir.write("content/ja/b.md", GUIDE_B.replace("元の文章です。", "入れ替えた文章です。"));
    assert!(served_with(&server, "/ja/b/", "入れ替えた文章です。"), "the new folder is built\n{}", server.output());
    // Quiet, so that the next save is a change of its own.
    std::thread::sleep(std::time::Duration::from_millis(500));

    save(&dir.path().join("content/ja/b.md"), &GUIDE_B.replace("元の文章です。", "その後の文章です。"));
    assert!(
        served_with(&server, "/ja/b/", "その後の文章です。"),
        "a save in the new folder is seen\n{}",
        server.output()
    );
}
