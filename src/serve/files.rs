//! Which file of the output folder a request path names, with what content type, and the
//! live-reload tags added to the HTML that `serve` sends. No I/O beyond looking at the
//! output folder; the HTTP layer (`http.rs`) does the rest.
//!
//! The rules keep every answer inside the output folder:
//!
//! 1. The path is percent-decoded exactly once (so `%252e` stays the name `%2e`) and must
//!    be UTF-8.
//! 2. Every segment must be a plain name: not empty (except a trailing `/`), not `.` or
//!    `..`, no `\`, no NUL, no `:`, and not hidden (so the output's `.tebiki-output`
//!    marker is never served).
//! 3. The file found must be a regular file, not a symlink, and its resolved path must
//!    still be below the resolved output folder.
//! 4. `/dir/` serves `dir/index.html`, `/dir` redirects to `/dir/`, and there are no
//!    listings: a folder without `index.html` is not found.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// What a request path names in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing `/`: where to send the browser instead.
    Redirect(String),
    NotFound,
}

/// Resolves the raw (still percent-encoded) path of a request below `site`.
pub fn resolve(site: &Path, raw_path: &str) -> Resolved {
    let Some(rest) = raw_path.strip_prefix('/') else { return Resolved::NotFound };
    // 1. Decode once.
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else { return Resolved::NotFound };
    // 2. Plain names only.
    let (names, wants_folder) = match decoded.strip_suffix('/') {
        Some(folder) => (folder, true),
        None => (decoded.as_ref(), decoded.is_empty()),
    };
    let mut path = site.to_path_buf();
    if !names.is_empty() {
        for name in names.split('/') {
            if !is_plain_name(name) {
                return Resolved::NotFound;
            }
            path.push(name);
        }
    }
    // 3. What is there.
    let Ok(meta) = path.symlink_metadata() else { return Resolved::NotFound };
    let file = if meta.is_dir() {
        if !wants_folder {
            return Resolved::Redirect(format!("{raw_path}/"));
        }
        path.join("index.html")
    } else if meta.is_file() && !wants_folder {
        path
    } else {
        return Resolved::NotFound;
    };
    match (file.symlink_metadata(), file.canonicalize(), site.canonicalize()) {
        (Ok(meta), Ok(real), Ok(real_site)) if meta.is_file() && real.starts_with(&real_site) => Resolved::File(file),
        _ => Resolved::NotFound,
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['\\', '\0', ':'])
}

/// The `Content-Type` of a file by its extension, with `charset=utf-8` on text types
/// (the guides are Japanese, and search shards are scripts).
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.essence_str(), "application/javascript" | "application/json" | "image/svg+xml")
        || mime.suffix() == Some(mime_guess::mime::XML)
        || mime.suffix() == Some(mime_guess::mime::JSON);
    if textual { format!("{}; charset=utf-8", mime.essence_str()) } else { mime.essence_str().to_owned() }
}

/// Where the served pages find the live-reload client and its styles.
pub const CLIENT_SCRIPT_URL: &str = "/__tebiki/live-reload.js";
pub const CLIENT_STYLE_URL: &str = "/__tebiki/live-reload.css";
/// The meta tag that tells the client which build a page came from.
pub const BUILD_META: &str = "tebiki-serve-build";

/// Adds the live-reload tags (a meta with the build number, the client's stylesheet and
/// its script, all external, so the page's CSP holds) before `</head>`, or at the end
/// when the page has no head. `not_found_at` (the path a 404 page answers) adds
/// `<base href="/">` at the start of the head, since the 404 page's links are relative to
/// the site root whatever URL it answers, and keeps its links within the page (the skip
/// link's `#main`) on that path, which the base would send to the root.
///
/// This edits the served bytes, not the built files: a published build never has these
/// tags, and the output folder stays byte-identical to `tebiki build`'s.
pub fn inject_live_reload(html: &[u8], build: u64, not_found_at: Option<&str>) -> Vec<u8> {
    let fragments;
    let html = match not_found_at {
        Some(path) => {
            let mut href = String::from("href=\"");
            crate::render::escape::escape_attr(path, &mut href);
            href.push('#');
            fragments = String::from_utf8_lossy(html).replace("href=\"#", &href).into_bytes();
            &fragments[..]
        }
        None => html,
    };
    let base = not_found_at.is_some();
    let tags = format!(
        "<meta name=\"{BUILD_META}\" content=\"{build}\">\n<link rel=\"stylesheet\" href=\"{CLIENT_STYLE_URL}\">\n\
         <script src=\"{CLIENT_SCRIPT_URL}\" defer></script>\n"
    );
    let mut out = Vec::with_capacity(html.len() + tags.len() + 32);
    let head_open = find_ascii_ci(html, b"<head>").map(|i| i + b"<head>".len());
    let head_close = find_ascii_ci(html, b"</head>");
    let (base_at, tags_at) = match (head_open, head_close) {
        (Some(open), Some(close)) if open <= close => (Some(open), close),
        (_, Some(close)) => (None, close),
        _ => (None, html.len()),
    };
    let mut from = 0;
    if let (true, Some(at)) = (base, base_at) {
        out.extend_from_slice(&html[..at]);
        out.extend_from_slice(b"\n<base href=\"/\">");
        from = at;
    }
    out.extend_from_slice(&html[from..tags_at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[tags_at..]);
    out
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site(PathBuf);

    impl Site {
        fn new(tag: &str) -> Site {
            let dir = std::env::temp_dir().join(format!("tebiki-files-{}-{tag}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for (rel, text) in [
                ("site/index.html", "home"),
                ("site/ja/index.html", "ja"),
                ("site/ja/a b/index.html", "space"),
                ("site/assets/app.js", "js"),
                ("site/empty/x/index.html", "deep"),
                ("site/.tebiki-output", "marker"),
                ("site/%2e%2e/secret.txt", "a folder really named %2e%2e"),
                ("secret.txt", "outside"),
            ] {
                let path = dir.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Site(dir)
        }
        fn site(&self) -> PathBuf {
            self.0.join("site")
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let s = Site::new("ok");
        let site = s.site();
        assert_eq!(resolve(&site, "/"), Resolved::File(site.join("index.html")));
        assert_eq!(resolve(&site, "/ja/"), Resolved::File(site.join("ja/index.html")));
        assert_eq!(resolve(&site, "/ja"), Resolved::Redirect("/ja/".into()));
        assert_eq!(resolve(&site, "/ja/a%20b/"), Resolved::File(site.join("ja/a b/index.html")));
        assert_eq!(resolve(&site, "/assets/app.js"), Resolved::File(site.join("assets/app.js")));
        assert_eq!(resolve(&site, "/assets/app.js/"), Resolved::NotFound);
        assert_eq!(resolve(&site, "/empty/"), Resolved::NotFound, "no listing of a folder without index.html");
        assert_eq!(resolve(&site, "/missing.html"), Resolved::NotFound);
    }

    #[test]
    fn refuses_every_way_out_of_the_output_folder() {
        let s = Site::new("escape");
        let site = s.site();
        for raw in [
            "/../secret.txt",
            "/ja/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/ja/..%5c..%5csecret.txt",
            "/secret.txt%00.html",
            "/%00",
            "/.tebiki-output",
            "/./index.html",
            "//secret.txt",
            "/C:/secret.txt",
            "/%ff",
            "secret.txt",
        ] {
            assert_eq!(resolve(&site, raw), Resolved::NotFound, "{raw}");
        }
        // Decoded once: `%252e%252e` is the literal name `%2e%2e`, a folder that exists
        // here inside the site, so it is served from there and never goes up.
        assert_eq!(
            resolve(&site, "/%252e%252e/secret.txt"),
            Resolved::File(site.join("%2e%2e/secret.txt")),
            "double-encoded dots are names, not `..`"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_that_lead_out() {
        let s = Site::new("link");
        let site = s.site();
        std::os::unix::fs::symlink(s.0.join("secret.txt"), site.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&s.0, site.join("up")).unwrap();
        assert_eq!(resolve(&site, "/link.txt"), Resolved::NotFound);
        assert_eq!(resolve(&site, "/up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn gives_content_types_with_a_charset_for_text() {
        let cases = [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.woff2", "font/woff2"),
            ("noext", "application/octet-stream"),
        ];
        for (name, want) in cases {
            assert_eq!(content_type(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn injects_the_client_before_the_head_closes() {
        let page = b"<!DOCTYPE html><html><head><title>t</title></head><body>x</body></html>";
        let out = String::from_utf8(inject_live_reload(page, 7, None)).unwrap();
        assert_eq!(
            out,
            "<!DOCTYPE html><html><head><title>t</title><meta name=\"tebiki-serve-build\" content=\"7\">\n\
             <link rel=\"stylesheet\" href=\"/__tebiki/live-reload.css\">\n\
             <script src=\"/__tebiki/live-reload.js\" defer></script>\n</head><body>x</body></html>"
        );
        let with_base = String::from_utf8(inject_live_reload(page, 7, Some("/ja/gone/"))).unwrap();
        assert!(with_base.starts_with("<!DOCTYPE html><html><head>\n<base href=\"/\"><title>"), "{with_base}");
        let bare = String::from_utf8(inject_live_reload(b"<p>no head</p>", 1, Some("/x"))).unwrap();
        assert!(bare.starts_with("<p>no head</p><meta name=\"tebiki-serve-build\""), "{bare}");
        // A link within the 404 page stays on the path it answers, whatever the base.
        let skip = b"<html><head></head><body><a class=\"skip-link\" href=\"#main\">skip</a><a href=\"ja/\">ja</a></body></html>";
        let out = String::from_utf8(inject_live_reload(skip, 2, Some("/ja/gone/?a&b"))).unwrap();
        assert!(
            out.contains("<a class=\"skip-link\" href=\"/ja/gone/?a&amp;b#main\">skip</a><a href=\"ja/\">"),
            "{out}"
        );
        let found = String::from_utf8(inject_live_reload(skip, 2, None)).unwrap();
        assert!(found.contains("href=\"#main\"") && !found.contains("<base"), "{found}");
    }
}
