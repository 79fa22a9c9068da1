//! The attack corpus: hostile sites and files through `build`, `check` and `import`.
//!
//! Each case is a small site — one good guide, built first so that there is a previous
//! output to keep — plus hostile files: the cross-site scripting guides of
//! `tests/fixtures/hostile/xss/` (see its README), and cases generated here because they
//! are big or odd (twenty thousand `>`, forty thousand `:::` lines, a 5 MB guide, names a
//! checkout could not hold, links and a FIFO). For every case:
//!
//! - `build`, `check`, `import` and `import --json` exit 0, 1 or 2, within a bounded
//!   time, and never panic or die by a signal;
//! - a diagnostic names the case's file, with its line where the case says which;
//! - a build that fails leaves the previous output as it was; one that succeeds leaves a
//!   whole site, with no control character and nothing of a file outside the site.
//!
//! The cross-site scripting site is then opened in headless Chromium (`hostile.test.mjs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

/// Longer than any case takes, short enough that a hang fails the test.
const BOUND: Duration = Duration::from_secs(180);

const GOOD: &str = "+++\ntitle = \"Good\"\n+++\n\n::: outcomes\n- Know it\n:::\n\n## Good {#s1}\n\nText.\n";

/// Extra set-up of a case's site (links, FIFOs).
type Setup = Box<dyn Fn(&Path)>;

/// One hostile case: files to add to the site, and where its diagnostics must point.
struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    /// Paths (relative to the root) that a diagnostic must name, with the line when known,
    /// and whether `check` must name them too (it does not show `info`).
    names: Vec<(String, Option<usize>, bool)>,
    /// Anything else to set up (links, FIFOs).
    setup: Option<Setup>,
}

impl Case {
    fn new(name: &'static str) -> Case {
        Case { name, files: Vec::new(), names: Vec::new(), setup: None }
    }
    /// A file that a diagnostic must name, at `line` when given.
    fn file(mut self, rel: &str, bytes: impl Into<Vec<u8>>, line: Option<usize>) -> Case {
        self.files.push((rel.to_owned(), bytes.into()));
        self.names.push((rel.to_owned(), line, true));
        self
    }
    /// A file that the build names in an `info` line.
    fn info(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((rel.to_owned(), bytes.into()));
        self.names.push((rel.to_owned(), Some(1), false));
        self
    }
    /// A file that may build without a word.
    fn quiet(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((rel.to_owned(), bytes.into()));
        self
    }
    /// The build and `check` must name `rel`: at `line`, with no line (`Some(0)`, a
    /// folder), or with any (`None`).
    fn named(mut self, rel: &str, line: Option<usize>) -> Case {
        self.names.push((rel.to_owned(), line, true));
        self
    }
    fn setup(mut self, f: impl Fn(&Path) + 'static) -> Case {
        self.setup = Some(Box::new(f));
        self
    }
}

/// Runs `tebiki args…`, killing it if it outlives [`BOUND`].
fn run_bounded(args: &[&std::ffi::OsStr]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tebiki");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(BOUND) {
        Ok(out) => out.expect("wait for tebiki"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("tebiki {args:?} ran longer than {BOUND:?}");
        }
    }
}

/// Exit 0, 1 or 2 and no panic; returns stdout and stderr together.
fn assert_orderly(case: &str, what: &str, out: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let shown = || text.chars().take(3000).collect::<String>();
    assert!(matches!(out.status.code(), Some(0..=2)), "{case}: {what} ended with {:?}\n{}", out.status, shown());
    assert!(!text.contains("panicked"), "{case}: {what} panicked\n{}", shown());
    text
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// Runs one case through build, check and import.
fn run_case(case: &Case) {
    let name = case.name;
    let site = TestSite::new(&format!("hostile-{name}"));
    site.write("content/en/good.md", GOOD);
    let first = site.build_cli(&[]);
    assert!(first.status.success(), "{name}: {}", String::from_utf8_lossy(&first.stderr));
    let before = site.output();
    for (rel, bytes) in &case.files {
        write_raw(site.root(), rel, bytes);
    }
    if let Some(setup) = &case.setup {
        setup(site.root());
    }
    let root = site.root().as_os_str();
    let started = Instant::now();

    // build
    let out = run_bounded(&[os("build"), os("--root"), root]);
    let text = assert_orderly(name, "build", &out);
    for (file, line, _) in &case.names {
        let want = match line {
            // A folder: named without a line.
            Some(0) => format!("{file}: "),
            Some(line) => format!("{file}:{line}: "),
            None => format!("{file}:"),
        };
        assert!(text.contains(&want), "{name}: build does not name `{want}`\n{}", clip(&text));
    }
    if out.status.success() {
        let now = site.output();
        for must in [".tebiki-output", "index.html", "en/good/index.html"] {
            assert!(now.contains_key(must), "{name}: the output lacks {must}");
        }
        for (path, bytes) in &now {
            if path.ends_with(".html") || path.ends_with(".js") {
                let stray = bytes.iter().position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
                assert_eq!(stray, None, "{name}: {path} holds a control character");
                assert!(!contains(bytes, b"root:x:0:0"), "{name}: {path} holds a file from outside the site");
            }
        }
    } else {
        assert!(before == site.output(), "{name}: a failed build changed the previous output");
    }

    // search (which first checks whether the index is up to date with the sources)
    let out = run_bounded(&[os("search"), os("--root"), root, os("手順")]);
    assert_orderly(name, "search", &out);

    // check
    let out = run_bounded(&[os("check"), os("--root"), root]);
    let text = assert_orderly(name, "check", &out);
    for (file, _, _) in case.names.iter().filter(|(_, _, check)| *check) {
        assert!(text.contains(file.as_str()), "{name}: check does not name {file}\n{}", clip(&text));
    }

    // import, of every guide-like file of the case
    let scratch = TempDir::new(&format!("hostile-import-{name}"));
    for (rel, _) in &case.files {
        let path = site.root().join(rel);
        let lower = rel.to_ascii_lowercase();
        if !(lower.ends_with(".txt") || lower.ends_with(".md")) || !path.is_file() {
            continue;
        }
        let out = run_bounded(&[os("import"), os("--json"), path.as_os_str()]);
        let text = assert_orderly(name, &format!("import --json {rel}"), &out);
        if !out.status.success() {
            assert!(
                text.contains(path.to_string_lossy().as_ref()),
                "{name}: import --json {rel} names no file\n{text}"
            );
        }
        if lower.ends_with(".txt") {
            let out = run_bounded(&[os("import"), path.as_os_str(), os("--out"), scratch.path().as_os_str()]);
            let text = assert_orderly(name, &format!("import {rel}"), &out);
            if !out.status.success() {
                assert!(text.contains(path.to_string_lossy().as_ref()), "{name}: import {rel} names no file\n{text}");
            }
        }
    }
    println!("{name}: {} ms", started.elapsed().as_millis());
}

fn clip(text: &str) -> String {
    text.chars().take(3000).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Writes a file whose name may not be UTF-8 (`\u{FFFD}` in `rel` stands for byte 0xFF).
fn write_raw(root: &Path, rel: &str, bytes: &[u8]) {
    let path = raw_path(root, rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
}

#[cfg(unix)]
fn raw_path(root: &Path, rel: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    for c in rel.chars() {
        match c {
            '\u{FFFD}' => bytes.push(0xFF),
            c => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    root.join(std::ffi::OsStr::from_bytes(&bytes))
}

#[cfg(not(unix))]
fn raw_path(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}

fn md(title: &str, body: &str) -> Vec<u8> {
    format!("+++\ntitle = \"{title}\"\n+++\n\n## {title} {{#s1}}\n\n{body}\n").into_bytes()
}

fn txt(body: &str) -> Vec<u8> {
    format!("解決できること\n- 要点\n題名\n{body}\n").into_bytes()
}

#[test]
fn hostile_nesting_is_refused_at_its_line() {
    let front = "+++\ntitle = \"Deep\"\n+++\n\n";
    let cases = [
        Case::new("quote-20000").file("content/en/deep.md", format!("{front}{}", ">".repeat(20_000)), Some(5)),
        Case::new("list-10000").file("content/en/deep.md", format!("{front}{}x", "- ".repeat(10_000)), Some(5)),
        Case::new("ordered-5000").file("content/en/deep.md", format!("{front}{}x", "1. ".repeat(5_000)), Some(5)),
        Case::new("list-indent-300").file(
            "content/en/deep.md",
            (0..300).map(|k| format!("{}- item\n", "  ".repeat(k))).collect::<String>(),
            None,
        ),
        Case::new("directives-40000").file("content/en/deep.md", "::: d\n".repeat(40_000), Some(65)),
        Case::new("directive-fences").file(
            "content/en/deep.md",
            (3..1000).rev().map(|n| ":".repeat(n) + "\n").collect::<String>(),
            Some(65),
        ),
        Case::new("quote-lines-5000").quiet(
            "content/en/deep.md",
            format!("{front}## D {{#s1}}\n\n{}", "> > > > > > > > > > text\n".repeat(5_000)),
        ),
        Case::new("emphasis-10000").file(
            "content/en/deep.md",
            format!("{front}{}x{}", "*".repeat(10_000), "*".repeat(10_000)),
            Some(5),
        ),
        Case::new("images-5000").file(
            "content/en/deep.md",
            format!("{front}{}x{}", "![a".repeat(5_000), "](u)".repeat(5_000)),
            None,
        ),
        Case::new("brackets-20000").file(
            "content/en/deep.md",
            format!("{front}{}x{}", "[".repeat(20_000), "]".repeat(20_000)),
            None,
        ),
        Case::new("front-matter-arrays").file(
            "content/en/deep.md",
            format!("+++\ntitle = {}{}\n+++\n", "[".repeat(50_000), "]".repeat(50_000)),
            None,
        ),
        Case::new("front-matter-tables").file(
            "content/en/deep.md",
            format!("+++\ntitle = {}1{}\n+++\n", "{a=".repeat(50_000), "}".repeat(50_000)),
            None,
        ),
        // Guidance text has no nesting: these are lines like any other, and build.
        Case::new("txt-brackets").quiet(
            "content/ja/deep.txt",
            txt(&format!("{}\n{}\n{}", "【".repeat(20_000), "> ".repeat(20_000), "- ".repeat(20_000))),
        ),
    ];
    for case in &cases {
        run_case(case);
    }
}

#[test]
fn hostile_config_is_an_error_at_its_place() {
    for (name, config, line) in [
        ("config-arrays", format!("title = {}{}\n", "[".repeat(50_000), "]".repeat(50_000)), 1),
        ("config-binary", "title = \"x\"\n\u{0}\u{1}\u{2}".to_owned() + "\u{FFFF}", 2),
    ] {
        let site = TestSite::new(&format!("hostile-{name}"));
        site.write("content/en/good.md", GOOD);
        site.build_ok();
        let before = site.output();
        site.write("tebiki.toml", config.as_bytes());
        for args in [&["build"][..], &["check"][..]] {
            let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| os(a)).collect();
            all.extend([os("--root"), site.root().as_os_str()]);
            let out = run_bounded(&all);
            let text = assert_orderly(name, args[0], &out);
            assert_eq!(out.status.code(), Some(2), "{name}: {text}");
            let at = format!("{}:{line}:", site.root().join("tebiki.toml").display());
            assert!(text.contains(&at), "{name}: {text}");
            assert_eq!(text.lines().count(), 1, "{name}: said once: {text}");
        }
        assert!(before == site.output());
    }
    // A binary tebiki.toml: one message, with its place.
    let site = TestSite::new("hostile-config-bytes");
    site.write("tebiki.toml", b"title = \"x\"\nversion = \"\xFF\xFE\"\n");
    let out = run_bounded(&[os("build"), os("--root"), site.root().as_os_str()]);
    let text = assert_orderly("config-bytes", "build", &out);
    let want = format!(
        "error: {}:2:12: is not UTF-8 text (it may be binary, or in another encoding); save it as UTF-8\n",
        site.root().join("tebiki.toml").display()
    );
    assert_eq!(text, want);
}

#[test]
fn hostile_sizes_are_refused_or_built_in_bounded_time() {
    let row = |cells: usize, text: &str| format!("|{}\n", format!(" {text} |").repeat(cells));
    let rule = format!("|{}\n", "---|".repeat(300));
    let table = format!("{}{rule}{}", row(300, "h"), (0..300).map(|_| row(300, "セル")).collect::<String>());
    let cases = [
        Case::new("table-300x300").quiet("content/en/table.md", md("Table", &table)),
        Case::new("txt-table-300x300").quiet("content/ja/table.txt", txt(&table)),
        Case::new("line-2mb").quiet("content/en/line.md", md("Line", &"long line text ".repeat(140_000))),
        Case::new("txt-line-2mb").quiet("content/ja/line.txt", txt(&"長い行です".repeat(140_000))),
        Case::new("title-100kb").quiet("content/en/title.md", md(&"T".repeat(100_000), "Text.")),
        Case::new("over-limit").file("content/en/big.md", md("Big", &"x".repeat(5 << 20)), Some(1)),
        Case::new("over-limit-txt").file("content/ja/big.txt", txt(&"あ".repeat(2 << 20)), Some(1)),
        Case::new("directives-closed-20000")
            .quiet("content/en/many.md", md("Many", &"::: consensus\nText.\n:::\n\n".repeat(20_000))),
        Case::new("links-50000").quiet("content/en/links.md", md("Links", &"[a](b) ".repeat(50_000))),
        Case::new("txt-headings-20000")
            .quiet("content/ja/headings.txt", txt(&(0..20_000).map(|i| format!("見出し{i}\n")).collect::<String>())),
        Case::new("md-sections-3000").quiet(
            "content/en/sections.md",
            md("Sections", &(0..3_000).map(|i| format!("## S{i}\n\n### T{i}\n\nText.\n\n")).collect::<String>()),
        ),
    ];
    for case in &cases {
        run_case(case);
    }
}

#[test]
fn hostile_encodings_are_named_with_their_line() {
    let utf16 = |text: &str, be: bool| -> Vec<u8> {
        let units = text.encode_utf16();
        let mark: &[u8] = if be { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] };
        mark.iter().copied().chain(units.flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })).collect()
    };
    let utf32 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE, 0, 0].into_iter().chain(text.chars().flat_map(|c| (c as u32).to_le_bytes())).collect()
    };
    let text = "解決できること\n- 要点\n題名\n本文です。\n";
    let mut latin1 = b"+++\ntitle = \"x\"\n+++\ncaf".to_vec();
    latin1.extend([0xE9, b'\n']);
    let mut sjis_broken = encoding_rs::SHIFT_JIS.encode("解決できること\n題名\n").0.into_owned();
    sjis_broken.extend([0x82, 0xFF, 0x00]);
    let png: Vec<u8> = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]
        .into_iter()
        .chain((0..4000u32).map(|i| (i * 7919 % 251) as u8))
        .collect();
    let cases = [
        Case::new("utf16le").file("content/ja/u16.txt", utf16(text, false), Some(1)),
        Case::new("utf16be").file("content/ja/u16.txt", utf16(text, true), Some(1)),
        Case::new("utf16-no-mark").file("content/ja/u16.txt", utf16(text, false)[2..].to_vec(), Some(1)),
        Case::new("utf32").file("content/ja/u32.txt", utf32(text), Some(1)),
        Case::new("latin1-in-utf8").file("content/en/latin.md", latin1, Some(4)),
        Case::new("shift-jis-broken").file("content/ja/sjis.txt", sjis_broken, Some(1)),
        Case::new("binary").file("content/ja/binary.txt", png, Some(1)),
        Case::new("nul-bytes").file("content/ja/nul-bytes.txt", txt("本文\u{0}です。\u{0}"), Some(4)),
        Case::new("escape-sequences").file(
            "content/en/esc.md",
            md("Title \u{1b}[31mred\u{1b}[0m", "Text \u{7}\u{8}\u{7f}\u{85}."),
            Some(2),
        ),
        Case::new("empty").file("content/en/empty.md", "", Some(1)),
        Case::new("blank").file("content/ja/blank.txt", "\n\n   \n\u{3000}\n", None),
        Case::new("bom-crlf-cr")
            .quiet("content/ja/mixed.txt", "\u{FEFF}解決できること\r\n- 要点\r題名\r\n本文です。\n"),
    ];
    for case in &cases {
        run_case(case);
    }
}

#[test]
fn hostile_names_are_reported_and_skipped() {
    let guide = || md("Guide", "Text.");
    let mut case = Case::new("names");
    for rel in [
        "content/ja/a b.txt",
        "content/ja/日本語.txt",
        "content/ja/a..b.txt",
        "content/ja/search.txt",
        "content/ja/Search.md",
        "content/ja/index.md",
        "content/ja/...txt",
        "content/ja/.hidden.md",
        "content/ja/-dash.md",
        "content/ja/same.txt",
        "content/ja/Case.md",
        "content/ja/sub dir/x.md",
        "content/README.md",
    ] {
        case = case.file(rel, guide(), Some(1));
    }
    // Sorted before its namesake, so built; the namesake is reported. Of two names that
    // differ in letter case only, the lowercase one is built wherever it sorts.
    case = case.quiet("content/ja/same.md", guide()).quiet("content/ja/case.md", guide());
    case = case.quiet("content/fr/guide.md", guide()).named("content/fr", Some(0));
    case = case.quiet("content/ja/UPPER.TXT", txt("大文字の拡張子です。"));
    case = case.quiet("content/ja/sub/ok.md", guide());
    case = case.info("content/ja/notes.docx", "not a guide");
    case = case.quiet("content/ja/.git/config", "[core]");
    if cfg!(unix) {
        // A line break in a name is written escaped: one finding, one line.
        case = case.quiet("content/ja/new\nline.md", guide()).named("content/ja/new\\nline.md", None);
        case = case.file("content/ja/bad\u{FFFD}.md", guide(), None);
    }
    run_case(&case);
    // The guide with an upper-case extension and the one in a sub-folder are built.
    let site = TestSite::new("hostile-names-built");
    site.write("content/en/good.md", GOOD);
    site.write("content/ja/UPPER.TXT", txt("大文字の拡張子です。"));
    site.write("content/ja/sub/ok.md", guide());
    site.build_ok();
    assert!(site.out().join("ja/UPPER/index.html").is_file() && site.out().join("ja/sub/ok/index.html").is_file());
    // A copy in capitals of a guide does not take its place (it sorts first).
    let site = TestSite::new("hostile-names-case");
    site.write("content/ja/getting-started.md", md("Original", "Text."));
    site.write("content/ja/Getting-Started.md", md("Copy", "Text."));
    let report = site.build_ok();
    assert!(site.read("ja/getting-started/index.html").contains("Original"));
    assert!(!site.out().join("ja/Getting-Started").exists());
    let said: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(said.iter().any(|d| d.starts_with("content/ja/Getting-Started.md:1: error[content]:")), "{said:?}");
}

#[cfg(unix)]
#[test]
fn hostile_links_and_special_files_are_never_read_from_outside() {
    use std::os::unix::fs::symlink;
    let cases = [
        Case::new("link-outside")
            .named("content/ja/passwd.txt", Some(1))
            .named("content/ja/environ.txt", Some(1))
            .setup(|root| {
                std::fs::create_dir_all(root.join("content/ja")).unwrap();
                symlink("/etc/passwd", root.join("content/ja/passwd.txt")).unwrap();
                symlink("/proc/self/environ", root.join("content/ja/environ.txt")).unwrap();
            }),
        Case::new("link-dangling").named("content/ja/gone.txt", Some(1)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink(root.join("nowhere.txt"), root.join("content/ja/gone.txt")).unwrap();
        }),
        Case::new("link-folder").named("content/ja/etc", Some(0)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink("/etc", root.join("content/ja/etc")).unwrap();
        }),
        Case::new("link-loop").named("content/ja/loop.md", Some(1)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink(root.join("content/ja/loop.md"), root.join("content/ja/loop.md")).unwrap();
        }),
        Case::new("link-inside").quiet("shared/inside.txt", txt("共有の本文です。")).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink(root.join("shared/inside.txt"), root.join("content/ja/inside.txt")).unwrap();
        }),
        Case::new("fifo").named("content/ja/fifo.txt", Some(1)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            let made = Command::new("mkfifo").arg(root.join("content/ja/fifo.txt")).status().unwrap();
            assert!(made.success());
        }),
        // Hashing what a build reads once followed links into folders and opened what it
        // found: a link to `/` walked the whole machine, and `/proc/kmsg` (a "regular"
        // file of procfs) blocked for ever.
        Case::new("link-root").named("content/ja/root", Some(0)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink("/", root.join("content/ja/root")).unwrap();
            symlink("/", root.join("content/en/root")).unwrap();
        }),
        Case::new("fifo-image")
            .quiet("content/ja/pic.md", md("Pic", "![a chart](chart.png)"))
            .named("content/ja/pic.md", None)
            .setup(|root| {
                let made = Command::new("mkfifo").arg(root.join("content/ja/chart.png")).status().unwrap();
                assert!(made.success());
            }),
        Case::new("fifo-config").named("tebiki.toml", None).setup(|root| {
            let _ = std::fs::remove_file(root.join("tebiki.toml"));
            let made = Command::new("mkfifo").arg(root.join("tebiki.toml")).status().unwrap();
            assert!(made.success());
        }),
        Case::new("config-link-to-a-device").named("tebiki.toml", None).setup(|root| {
            let _ = std::fs::remove_file(root.join("tebiki.toml"));
            symlink("/dev/zero", root.join("tebiki.toml")).unwrap();
        }),
    ];
    let kmsg = Path::new("/proc/kmsg");
    let cases: Vec<Case> = if kmsg.exists() {
        let link = Case::new("link-kmsg").named("content/ja/kmsg.txt", Some(1)).setup(|root| {
            std::fs::create_dir_all(root.join("content/ja")).unwrap();
            symlink("/proc/kmsg", root.join("content/ja/kmsg.txt")).unwrap();
        });
        cases.into_iter().chain([link]).collect()
    } else {
        cases.into_iter().collect()
    };
    for case in &cases {
        run_case(case);
    }
    // A file linked from inside the site is built.
    let site = TestSite::new("hostile-link-built");
    site.write("content/en/good.md", GOOD);
    site.write("shared/inside.txt", txt("共有の本文です。"));
    std::fs::create_dir_all(site.root().join("content/ja")).unwrap();
    symlink(site.root().join("shared/inside.txt"), site.root().join("content/ja/inside.txt")).unwrap();
    let report = site.build_ok();
    assert_eq!(report.guides, 2);
    assert!(site.read("ja/inside/index.html").contains("共有の本文です。"));
}

/// The cross-site scripting guides, as files of a case.
fn xss_files() -> Vec<(String, Vec<u8>)> {
    let dir = fixture("hostile/xss");
    read_tree(&dir).into_iter().filter(|(rel, _)| rel.starts_with("content/")).collect()
}

#[test]
fn hostile_markup_builds_escaped() {
    let mut case = Case::new("xss");
    for (rel, bytes) in xss_files() {
        case = case.quiet(&rel, bytes);
    }
    run_case(&case);
    let mut raw = Case::new("xss-raw-html").quiet("tebiki.toml", "[markdown]\nraw_html = true\n");
    for (rel, bytes) in xss_files() {
        raw = raw.quiet(&rel, bytes);
    }
    run_case(&raw);
}

/// The cross-site scripting site, built with raw HTML off and on, in headless Chromium
/// over `file://` and http: no payload runs (`tests/js/hostile.test.mjs`).
#[test]
fn hostile_markup_runs_no_script_in_headless_chromium() {
    if !tools_present("hostile browser suite", &missing_browser_tools()) {
        return;
    }
    let evil = TempDir::new("hostile-evil");
    let evil_js = evil.write("evil.js", "window.tebikiProbe && window.tebikiProbe('file-script');\n");
    let evil_url = format!("file://{}", evil_js.display());
    let build = |tag: &str, raw_html: bool| {
        let site = TestSite::new(tag);
        for (rel, bytes) in xss_files() {
            site.write(&rel, bytes);
        }
        if raw_html {
            site.write("tebiki.toml", "[markdown]\nraw_html = true\n");
            site.write(
                "content/en/local-script.md",
                md("Local script", &format!("<script src=\"{evil_url}\"></script>\n\n<p>After the script.</p>")),
            );
        }
        site.build_ok();
        site
    };
    let plain = build("hostile-xss-plain", false);
    let raw = build("hostile-xss-raw", true);
    node_test(
        &["hostile.test.mjs"],
        &[
            ("TEBIKI_SITE", plain.out().as_os_str()),
            ("TEBIKI_SITE_RAW", raw.out().as_os_str()),
            ("TEBIKI_EVIL_SCRIPT", evil_js.as_os_str()),
            ("TEBIKI_CHROMIUM", chromium().as_os_str()),
        ],
        10,
    );
}
