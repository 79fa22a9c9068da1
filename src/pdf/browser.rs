//! Printing one page with a local Chromium: finding the browser, running it headless and
//! offline in a throwaway profile with `--print-to-pdf`, and the temporary folder a run
//! works in. Ctrl+C or a termination signal during a run stops the browser and removes
//! the folder ([`Scratch::new`] sets that up): nothing is left behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::PdfError;
use crate::fsx::{self, FsError};

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

/// Prints `page` to `pdf` with `browser`, stopping it after `timeout`; the browser's
/// profile and log live in `scratch`.
pub fn print_to_pdf(
    browser: &Path,
    timeout: Duration,
    page: &Path,
    pdf: &Path,
    scratch: &Path,
) -> Result<(), PdfError> {
    let log = scratch.join("browser.log");
    let log_file = fsx::create(&log)?;
    let log_err = log_file.try_clone().map_err(|e| FsError::new("open", &log, e))?;
    // A PDF left by an earlier printing must not pass for this one's.
    if pdf.exists() {
        fsx::remove_file(pdf)?;
    }
    let mut child = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", scratch.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err)
        .spawn()
        .map_err(|source| PdfError::Spawn { path: browser.to_owned(), source })?;
    let deadline = Instant::now() + timeout;
    let _printing = Printing::start();
    let status = loop {
        if STOP.load(Ordering::SeqCst) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::Interrupted);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Stopping a browser that overran: nothing more to report if it already ended.
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout { path: browser.to_owned(), limit: timeout });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(source) => return Err(PdfError::Spawn { path: browser.to_owned(), source }),
        }
    };
    // The browser's last words, for the message; a log that cannot be read adds nothing.
    let output = || std::fs::read_to_string(&log).map(|s| tail(&s, 20)).unwrap_or_default();
    if !status.success() {
        return Err(PdfError::Failed { path: browser.to_owned(), page: page.to_owned(), status, output: output() });
    }
    let is_pdf = std::fs::read(pdf).is_ok_and(|b| b.starts_with(b"%PDF-"));
    if !is_pdf {
        return Err(PdfError::NoPdf { path: browser.to_owned(), pdf: pdf.to_owned(), output: output() });
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

/// Set by Ctrl+C or a termination signal: the browser running is stopped.
static STOP: AtomicBool = AtomicBool::new(false);
/// Whether a browser is running (its wait loop sees [`STOP`]).
static PRINTING: AtomicBool = AtomicBool::new(false);
/// [`PRINTING`] while it lives, on every way out of the wait.
struct Printing;

impl Printing {
    fn start() -> Printing {
        PRINTING.store(true, Ordering::SeqCst);
        Printing
    }
}

impl Drop for Printing {
    fn drop(&mut self) {
        PRINTING.store(false, Ordering::SeqCst);
    }
}

/// The temporary folders of this process, for the signal handler to remove.
static SCRATCHES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl+C or a termination signal: while a browser runs, its wait loop stops it and
/// the run unwinds (removing its folder); otherwise the folders are removed here and the
/// process ends (130, as a shell reports an interrupted command). Set once per process.
fn on_signal() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| {
        // Without a handler (another one set already) a signal ends the process as before.
        let _ = ctrlc::set_handler(|| {
            STOP.store(true, Ordering::SeqCst);
            if !PRINTING.load(Ordering::SeqCst) {
                for dir in SCRATCHES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter() {
                    let _ = std::fs::remove_dir_all(dir);
                }
                std::process::exit(130);
            }
        });
    });
}

/// A temporary folder of this run, removed on drop, and on Ctrl+C or a termination signal.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new() -> Result<Scratch, FsError> {
        use std::sync::atomic::AtomicUsize;
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("tebiki-pdf-{}-{n}", std::process::id()));
        on_signal();
        if dir.exists() {
            fsx::remove_dir_all(&dir)?;
        }
        SCRATCHES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(dir.clone());
        fsx::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // A temporary folder that cannot be removed is left for the system to clear.
        let _ = std::fs::remove_dir_all(&self.0);
        SCRATCHES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|d| *d != self.0);
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
    fn finds_the_first_browser_on_the_path() {
        assert_eq!(find_browser(None), None);
        assert_eq!(find_browser(Some(std::ffi::OsStr::new(""))), None);
    }
}
