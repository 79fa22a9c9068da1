//! `tebiki pdf`: the handbook of one language (`<lang>/print/`) as a PDF, printed by a
//! locally installed Chromium, offline.
//!
//! 1. Plan ([`PdfPlan::new`]): the language (default: the site's first), the output file
//!    (default `handbook-<lang>.pdf`), the browser (`--chromium PATH`, or the first of
//!    [`BROWSERS`] on `PATH`) and a time limit.
//! 2. Render the project — loaded without search ([`load_project`]), which the handbook
//!    does not use — and write it into a temporary folder (removed afterwards, also on
//!    failure).
//! 3. Run the browser headless with networking, updates and sync off, in a throwaway
//!    profile, with `--print-to-pdf`. Page numbers and running heads come from the
//!    handbook's CSS (`@page` margin boxes, which Chromium prints from version 131), so
//!    the browser's own header and footer are off; `--generate-pdf-document-outline`
//!    turns the headings into PDF bookmarks.
//! 4. Check that a PDF came out, and move it to the output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};
use crate::paths::{self, LangPage};
use crate::project::{Project, ProjectError};
use crate::render::{self, RenderError, RenderOptions};
use crate::write::{self, WriteError, WritePlan};

/// Browser commands looked for on `PATH`, in this order.
pub const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// The flags every run gets besides the profile and the output file.
pub const FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
];

/// How long the browser may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "no Chromium found on PATH (looked for {}); install one (Debian: apt install chromium) or give its path with --chromium",
        BROWSERS.join(", ")
    )]
    NoBrowser,
    #[error("{}: no such browser (given with --chromium)", path.display())]
    BrowserMissing { path: PathBuf },
    #[error("the site has no guides in `{lang}` (it has: {})", if available.is_empty() { "none".to_owned() } else { available.join(", ") })]
    UnknownLanguage { lang: String, available: Vec<String> },
    #[error("cannot start {}: {source}", path.display())]
    Spawn { path: PathBuf, source: std::io::Error },
    #[error("{} did not finish within {} s; it was stopped (raise the limit with --timeout)", path.display(), limit.as_secs())]
    Timeout { path: PathBuf, limit: Duration },
    #[error("{} failed ({status}) printing {}:\n{output}", path.display(), page.display())]
    Failed { path: PathBuf, page: PathBuf, status: std::process::ExitStatus, output: String },
    #[error("{} wrote no PDF to {}:\n{output}", path.display(), pdf.display())]
    NoPdf { path: PathBuf, pdf: PathBuf, output: String },
    #[error(transparent)]
    Fs(#[from] FsError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl ToDiagnostic for PdfError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            PdfError::Fs(e) => e.diagnostic(),
            PdfError::Render(e) => e.diagnostic(),
            PdfError::Write(e) => e.diagnostic(),
            other => Diagnostic::of_chain(Code::Usage, other),
        }
    }
}

/// The project as `pdf` renders it: search off.
pub fn load_project(root: &Path) -> Result<Project, ProjectError> {
    Project::load_with(root, |config| config.search = false)
}

/// A validated `pdf` invocation.
#[derive(Debug, Clone)]
pub struct PdfPlan {
    /// `None`: the site's first language with guides.
    pub lang: Option<String>,
    /// `None`: `handbook-<lang>.pdf` in the current folder.
    pub out: Option<PathBuf>,
    pub browser: PathBuf,
    pub timeout: Duration,
}

impl PdfPlan {
    /// Finds the browser: `chromium` as given (it must exist), else the first of
    /// [`BROWSERS`] in the folders of `path` (the `PATH` variable's value).
    pub fn new(
        lang: Option<String>,
        out: Option<PathBuf>,
        chromium: Option<PathBuf>,
        path: Option<&std::ffi::OsStr>,
        timeout: Duration,
    ) -> Result<PdfPlan, PdfError> {
        let browser = match chromium {
            Some(given) if given.is_file() => given,
            Some(given) => return Err(PdfError::BrowserMissing { path: given }),
            None => find_browser(path).ok_or(PdfError::NoBrowser)?,
        };
        Ok(PdfPlan { lang, out, browser, timeout })
    }
}

/// The first of [`BROWSERS`] that is an executable file in a folder of `path`.
pub fn find_browser(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = path.map(|p| std::env::split_paths(p).collect()).unwrap_or_default();
    BROWSERS.iter().find_map(|name| dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p)))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// What a finished `pdf` run made.
#[derive(Debug, Clone)]
pub struct PdfReport {
    pub out: PathBuf,
    pub lang: String,
    pub bytes: usize,
    /// Pages counted in the file (Chromium writes one `/Type /Page` dictionary each).
    pub pages: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for PdfReport {
    /// `wrote handbook-ja.pdf: 99 pages, 2829376 bytes, 3120 ms`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "wrote {}: {} pages, {} bytes, {} ms",
            self.out.display(),
            self.pages,
            self.bytes,
            self.elapsed.as_millis()
        )
    }
}

/// Renders the handbook of a project loaded by [`load_project`] and prints it to PDF.
pub fn pdf(project: &Project, plan: &PdfPlan) -> Result<PdfReport, PdfError> {
    let started = Instant::now();
    let site = &project.site;
    // 2. The site, in memory, then in a temporary folder.
    let available: Vec<String> = site.languages.iter().map(|l| l.lang.clone()).collect();
    let lang = match &plan.lang {
        Some(l) if available.contains(l) => l.clone(),
        Some(l) => return Err(PdfError::UnknownLanguage { lang: l.clone(), available }),
        None => {
            available.first().cloned().ok_or(PdfError::UnknownLanguage { lang: "any".into(), available: vec![] })?
        }
    };
    let output = render::render(site, &RenderOptions { theme: &project.theme }, &render::Silent)?;
    let scratch = Scratch::new()?;
    let site_dir = scratch.0.join("site");
    write::write(&output, &WritePlan { target: site_dir.clone(), force: false })?;

    // 3. The browser.
    let page = site_dir.join(paths::lang_page(&lang, LangPage::Handbook));
    let pdf = scratch.0.join("handbook.pdf");
    print_to_pdf(plan, &page, &pdf, &scratch.0)?;

    // 4. The file.
    let bytes = fsx::read(&pdf)?;
    let out = plan.out.clone().unwrap_or_else(|| PathBuf::from(format!("handbook-{lang}.pdf")));
    fsx::write(&out, &bytes)?;
    Ok(PdfReport { out, lang, pages: count_pages(&bytes), bytes: bytes.len(), elapsed: started.elapsed() })
}

fn print_to_pdf(plan: &PdfPlan, page: &Path, pdf: &Path, scratch: &Path) -> Result<(), PdfError> {
    let log = scratch.join("browser.log");
    let log_file = fsx::create(&log)?;
    let log_err = log_file.try_clone().map_err(|e| FsError::new("open", &log, e))?;
    let mut child = Command::new(&plan.browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", scratch.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err)
        .spawn()
        .map_err(|source| PdfError::Spawn { path: plan.browser.clone(), source })?;
    let deadline = Instant::now() + plan.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Stopping a browser that overran: nothing more to report if it already ended.
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout { path: plan.browser.clone(), limit: plan.timeout });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(source) => return Err(PdfError::Spawn { path: plan.browser.clone(), source }),
        }
    };
    // The browser's last words, for the message; a log that cannot be read adds nothing.
    let output = || std::fs::read_to_string(&log).map(|s| tail(&s, 20)).unwrap_or_default();
    if !status.success() {
        return Err(PdfError::Failed { path: plan.browser.clone(), page: page.to_owned(), status, output: output() });
    }
    let is_pdf = std::fs::read(pdf).is_ok_and(|b| b.starts_with(b"%PDF-"));
    if !is_pdf {
        return Err(PdfError::NoPdf { path: plan.browser.clone(), pdf: pdf.to_owned(), output: output() });
    }
    Ok(())
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// A `file://` URL for an absolute path, with everything but unreserved bytes and `/`
/// percent-encoded.
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => url.push(b as char),
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    if !url.starts_with("file:///") {
        url.insert(7, '/');
    }
    url
}

/// The number of page objects in a PDF as Chromium writes it: `/Type /Page` dictionaries
/// (not `/Type /Pages`).
pub fn count_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && !w[needle.len()].is_ascii_alphanumeric()).count()
}

/// A temporary folder of this run, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, FsError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("tebiki-pdf-{}-{n}", std::process::id()));
        if dir.exists() {
            fsx::remove_dir_all(&dir)?;
        }
        fsx::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // A temporary folder that cannot be removed is left for the system to clear.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(file_url(Path::new("/tmp/a b/手.html")), "file:///tmp/a%20b/%E6%89%8B.html");
    }

    #[test]
    fn counts_page_objects_not_the_page_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>>\n2 0 obj <</Type /Page\n/Parent 1 0 R>>\n3 0 obj <</Type /Page /Parent 1 0 R>>";
        assert_eq!(count_pages(pdf), 2);
    }

    #[test]
    fn finds_the_first_browser_on_the_path() {
        assert_eq!(find_browser(None), None);
        assert_eq!(find_browser(Some(std::ffi::OsStr::new(""))), None);
    }
}
