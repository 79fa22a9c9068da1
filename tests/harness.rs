//! Shared helpers: paths to the repository's fixtures and content, and a scratch-site
//! builder over temporary folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub fn bundled(lang: &str, slug: &str) -> PathBuf {
    repo().join("content").join(lang).join(format!("{slug}.txt"))
}

pub const SEED_SLUGS: [&str; 5] = [
    "p2p-trouble-disclosure",
    "incident-public-announcement",
    "vm-failure-ransomware-response",
    "data-breach-litigation",
    "service-platform-accountability",
];

/// A temporary folder removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("tebiki-test-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the built `tebiki` binary.
pub fn tebiki(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tebiki")).args(args).output().expect("run tebiki")
}

/// Runs tebiki as a reader that takes the first line of its output and stops (`tebiki …
/// | head -1`): that line, and how tebiki ended.
pub fn first_line_then_stop(args: &[&str]) -> (String, std::process::Output) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tebiki");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("read a line");
    (first, child.wait_with_output().expect("wait for tebiki"))
}

/// A site in a temporary folder: write its files, build it, read what the build wrote.
pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// An empty site (no config, no content).
    pub fn new(tag: &str) -> TestSite {
        TestSite { dir: TempDir::new(tag) }
    }

    /// A site holding the five bundled Japanese guides.
    pub fn bundled(tag: &str) -> TestSite {
        let site = TestSite::new(tag);
        for slug in SEED_SLUGS {
            site.write(&format!("content/ja/{slug}.txt"), std::fs::read(bundled("ja", slug)).unwrap());
        }
        site
    }

    /// A site holding all bundled content: the Japanese guides and their translations.
    pub fn bundled_all(tag: &str) -> TestSite {
        let site = TestSite::new(tag);
        for (rel, bytes) in read_tree(&repo().join("content")) {
            site.write(&format!("content/{rel}"), bytes);
        }
        site
    }

    /// A site holding a copy of the fixture site `tests/fixtures/<name>/`.
    pub fn fixture(name: &str, tag: &str) -> TestSite {
        let site = TestSite::new(tag);
        for (rel, bytes) in read_tree(&fixture(name)) {
            site.write(&rel, bytes);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        self.dir.write(rel, contents)
    }

    /// Builds through the library into `ROOT/public`, as `tebiki build` does: parsing only
    /// the guides whose source changed since the last build (known by the hashes of the
    /// sources taken first), and keeping them for the next.
    pub fn build(&self) -> Result<tebiki::BuildReport, Box<dyn std::error::Error>> {
        let mut inputs = tebiki::build::record::Inputs::compute(self.root());
        let (project, guides) = tebiki::Project::load_for_build_hashed(self.root(), inputs.take_sources())?;
        let plan = tebiki::BuildPlan::new(self.root(), None, false)?;
        guides.write(self.root())?;
        Ok(tebiki::build(&project, &plan, &tebiki::build::Quiet)?)
    }

    /// Builds through the library, panicking with the error chain on failure.
    pub fn build_ok(&self) -> tebiki::BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(e) => panic!("build failed: {}", error_chain(&*e)),
        }
    }

    /// Runs `tebiki build --root ROOT` plus `args`.
    pub fn build_cli(&self, args: &[&str]) -> std::process::Output {
        let root = self.root().to_str().unwrap();
        let mut all = vec!["build", "--root", root];
        all.extend_from_slice(args);
        tebiki(&all)
    }

    /// Runs `tebiki build` expecting it to refuse the site (exit status 2); returns what it
    /// printed on stderr.
    pub fn build_refused(&self) -> String {
        let out = self.build_cli(&[]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        stderr
    }

    /// Every file below the output folder: `/`-separated relative path → bytes.
    pub fn output(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        read_tree(&self.out())
    }

    /// The text of one output file.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// One output page, parsed.
    pub fn page(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// Every file below `dir` (sorted), as `/`-separated relative path → bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// An error and its causes on one line, for failure messages.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

/// All elements of a page matching a CSS selector.
pub fn select<'a>(page: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    page.select(&sel).collect()
}

/// The first element matching a selector, or a panic naming the page's title.
pub fn select_one<'a>(page: &'a scraper::Html, selector: &str) -> scraper::ElementRef<'a> {
    select(page, selector).into_iter().next().unwrap_or_else(|| panic!("no element matches `{selector}`"))
}

/// Fails with the first differing line of two texts, and its neighbours.
#[track_caller]
pub fn assert_same_text(expected: &str, actual: &str, what: &str) {
    if expected == actual {
        return;
    }
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let i = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    let from = i.saturating_sub(2);
    panic!(
        "{what}: differs at line {}\n--- expected\n{}\n--- actual\n{}",
        i + 1,
        e[from..(i + 3).min(e.len())].join("\n"),
        a[from..(i + 3).min(a.len())].join("\n")
    );
}

/// The Chromium browser suites drive: `TEBIKI_CHROMIUM`, or Debian's `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    std::env::var_os("TEBIKI_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Whether `program --version` runs.
pub fn runs(program: &str) -> bool {
    std::process::Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// What the browser suites need and is missing: Chromium, Node, and the test runner's
/// packages in `tests/js/node_modules`.
pub fn missing_browser_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if !runs("node") {
        missing.push("node".into());
    }
    for module in ["playwright-core", "axe-core"] {
        if !repo().join("tests/js/node_modules").join(module).is_dir() {
            missing.push(format!("tests/js/node_modules/{module} (run `npm ci` in tests/js)"));
        }
    }
    missing
}

/// `true` when nothing is missing. Otherwise fails under CI (`CI` set), and elsewhere
/// says loudly that `suite` is skipped and returns `false`.
pub fn tools_present(suite: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let msg = format!("{suite} cannot run: missing {}", missing.join(", "));
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("\n!!!!!!!! SKIPPED: {msg} (under CI this fails) !!!!!!!!\n");
    false
}

/// Runs `node --test` on files of `tests/js/` with `env`, and fails unless every test
/// passed and at least `at_least` ran. Returns the spec reporter's output.
pub fn node_test(files: &[&str], env: &[(&str, &std::ffi::OsStr)], at_least: usize) -> String {
    let mut cmd = std::process::Command::new("node");
    cmd.args(["--test", "--test-reporter=spec"]).args(files).current_dir(repo().join("tests/js"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let count = |what: &str| {
        stdout.lines().find_map(|l| l.strip_prefix(&format!("ℹ {what} ")).and_then(|n| n.trim().parse::<usize>().ok()))
    };
    assert_eq!(count("fail"), Some(0), "node --test summary:\n{stdout}");
    assert!(count("pass").is_some_and(|n| n >= at_least), "fewer tests ran than written:\n{stdout}");
    stdout
}
