//! `tebiki pdf`: the handbook of one language — a volume, every volume, or one guide's
//! print view — as PDF, printed by a locally installed Chromium, offline, with the
//! contents' page numbers filled in.
//!
//! 1. Plan ([`PdfPlan::new`]): the language (default: the site's first), what to print
//!    ([`Choice`]), the output file (default `handbook-<lang>.pdf`), the browser
//!    (`--chromium PATH`, or the first of [`BROWSERS`] on `PATH`) and a time limit.
//! 2. Render the project — loaded without search ([`load_project`]), which the handbook
//!    does not use — and write it into a temporary folder (removed afterwards, also on
//!    failure); weigh the language's guides into volumes ([`Printer`]).
//! 3. For each page to print, number its contents: render it with every page number 0
//!    (the numbers' column has a fixed width, so the layout is that of the final page),
//!    print it, read on which page each contents entry's target starts ([`numbers`]),
//!    render it with those numbers and print again; repeat until a printing shows the
//!    numbers it was rendered with ([`MAX_PRINTINGS`] at most, two in practice). So every
//!    number is the page on which its part is printed.
//! 4. Check that a PDF came out, and move it to the output file.
//!
//! The browser runs headless with networking, updates and sync off, in a throwaway
//! profile, with `--print-to-pdf` ([`browser`]). Page numbers in the footer and running
//! heads come from the handbook's CSS (`@page` margin boxes, which Chromium prints from
//! version 131), so the browser's own header and footer are off;
//! `--generate-pdf-document-outline` turns the headings into PDF bookmarks.

pub mod browser;
mod links;
pub mod numbers;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use browser::{BROWSERS, FLAGS, file_url, find_browser};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};
use crate::project::{Project, ProjectError};
use crate::render::handbook::PageNumbers;
use crate::render::volumes::{PrintTarget, Printer};
use crate::render::{self, RenderError, RenderOptions};
use crate::write::{self, WriteError, WritePlan};

/// How long the browser may take by default, for each printing.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How many times one page may be printed before its page numbers must have settled.
pub const MAX_PRINTINGS: usize = 4;

/// What the browser printed, on lines of its own after a colon, or nothing when it
/// printed nothing.
fn said(output: &str) -> String {
    if output.trim().is_empty() { " (it printed nothing)".to_owned() } else { format!(":\n{output}") }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{}: --out names a folder; give the PDF's file name (for example {}/handbook.pdf)", path.display(), path.display())]
    OutIsFolder { path: PathBuf },
    #[error("{} exists and is no PDF; pdf replaces only a PDF it may have written before: choose another name", path.display())]
    OutNotPdf { path: PathBuf },
    #[error("{} is a symbolic link; pdf does not write through links: choose another name", path.display())]
    OutIsLink { path: PathBuf },
    #[error(transparent)]
    OutInSource(#[from] crate::build::PlanError),
    #[error(
        "no Chromium found on PATH (looked for {}); install one (Debian: apt install chromium) or give its path with --chromium",
        BROWSERS.join(", ")
    )]
    NoBrowser,
    #[error("{}: no such browser (given with --chromium)", path.display())]
    BrowserMissing { path: PathBuf },
    #[error("the site has no guides in `{lang}` (it has: {})", if available.is_empty() { "none".to_owned() } else { available.join(", ") })]
    UnknownLanguage { lang: String, available: Vec<String> },
    #[error("the handbook of `{lang}` has {count} volume{}; --volume takes {}", if *count == 1 { "" } else { "s" }, if *count == 1 { "1".to_owned() } else { format!("1 to {count}") })]
    NoVolume { lang: String, volume: usize, count: usize },
    #[error("no guide `{slug}` in `{lang}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    NoGuide { lang: String, slug: String, suggestion: Option<String> },
    #[error("cannot start {}: {source}", path.display())]
    Spawn { path: PathBuf, source: std::io::Error },
    #[error("{} did not finish within {} s; it was stopped (raise the limit with --timeout)", path.display(), limit.as_secs())]
    Timeout { path: PathBuf, limit: Duration },
    #[error("interrupted: the browser was stopped, and no PDF was written")]
    Interrupted,
    #[error("{} failed ({status}) printing {}{}", path.display(), page.display(), said(output))]
    Failed { path: PathBuf, page: PathBuf, status: std::process::ExitStatus, output: String },
    #[error("{} wrote no PDF to {}{}", path.display(), pdf.display(), said(output))]
    NoPdf { path: PathBuf, pdf: PathBuf, output: String },
    #[error("cannot read the PDF the browser wrote for {page}: {message}")]
    Unreadable { page: String, message: String },
    #[error("the printed {page} has no page for its contents entry `#{id}`, so its page numbers cannot be set")]
    NoDestination { page: String, id: String },
    #[error("the contents' page numbers of {page} did not settle after {MAX_PRINTINGS} printings")]
    Unsettled { page: String },
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
            PdfError::OutInSource(e) => e.diagnostic(),
            other => Diagnostic::of_chain(Code::Usage, other),
        }
    }
}

/// The project as `pdf` renders it: search off.
pub fn load_project(root: &Path) -> Result<Project, ProjectError> {
    Project::load_kept_with(root, |config| config.search = false)
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice {
    /// Every volume of the handbook, a PDF each (one, on most sites).
    #[default]
    All,
    /// Volume `n` (from 1).
    Volume(usize),
    /// One guide's print view, by slug.
    Guide(String),
}

/// A validated `pdf` invocation.
#[derive(Debug, Clone)]
pub struct PdfPlan {
    /// `None`: the site's first language with guides.
    pub lang: Option<String>,
    pub choice: Choice,
    /// `None`: `handbook-<lang>.pdf` (`handbook-<lang>-<n>.pdf` for volume `n` of several,
    /// `guide-<slug>-<lang>.pdf` for a guide) in the current folder. When several PDFs are
    /// written, each is this name with `-<n>` before its extension.
    pub out: Option<PathBuf>,
    pub browser: PathBuf,
    pub timeout: Duration,
}

impl PdfPlan {
    /// Finds the browser: `chromium` as given (it must exist), else the first of
    /// [`BROWSERS`] in the folders of `path` (the `PATH` variable's value).
    pub fn new(
        lang: Option<String>,
        choice: Choice,
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
        Ok(PdfPlan { lang, choice, out, browser, timeout })
    }

    /// Refuses, before anything is printed, an `--out` that is a folder, that lies in the
    /// site's sources (`tebiki.toml`, `content/`, `themes/`, `static/`, `.tebiki/`, as
    /// `export` refuses them), or that names an existing file that is not a PDF.
    pub fn check_out(&self, root: &Path) -> Result<(), PdfError> {
        match &self.out {
            Some(out) => check_target(root, out),
            None => Ok(()),
        }
    }
}

/// Whether a PDF may be written at `out`: not a folder, not a symbolic link, none of the
/// site's own files, and when something is there, a PDF (one an earlier run may have
/// written). Checked for every file a run writes, before anything is printed.
fn check_target(root: &Path, out: &Path) -> Result<(), PdfError> {
    if out.is_dir() || out.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]) {
        return Err(PdfError::OutIsFolder { path: out.to_owned() });
    }
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(PdfError::OutIsLink { path: out.to_owned() });
    }
    crate::build::check_file_output(root, out)?;
    let is_pdf = || {
        let mut head = [0u8; 5];
        std::fs::File::open(out).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
            && &head == b"%PDF-"
    };
    if fsx::exists(out) && !(fsx::is_regular_file(out) && is_pdf()) {
        return Err(PdfError::OutNotPdf { path: out.to_owned() });
    }
    Ok(())
}

/// One PDF a `pdf` run wrote.
#[derive(Debug, Clone)]
pub struct PdfReport {
    pub out: PathBuf,
    pub lang: String,
    pub bytes: usize,
    pub pages: usize,
    /// How many times the page was printed until its contents' numbers settled.
    pub printings: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for PdfReport {
    /// `wrote handbook-ja.pdf: 99 pages, 2829376 bytes, contents numbered in 2 printings, 6120 ms`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "wrote {}: {} pages, {} bytes, contents numbered in {} printings, {} ms",
            self.out.display(),
            self.pages,
            self.bytes,
            self.printings,
            self.elapsed.as_millis()
        )
    }
}

/// Renders the pages a plan chooses of a project loaded by [`load_project`] and prints
/// each to PDF (see the module doc); one report per PDF, in volume order.
pub fn pdf(project: &Project, plan: &PdfPlan) -> Result<Vec<PdfReport>, PdfError> {
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
    let opts = RenderOptions { theme: &project.theme };
    let printer = Printer::new(site, &opts, &lang)?;
    let volumes = printer.volumes();
    let targets = targets(&plan.choice, &volumes, &lang)?;
    let output = print_files(site, &opts, &lang, &targets, &volumes)?;
    let scratch = browser::Scratch::new()?;
    let site_dir = scratch.0.join("site");
    write::write(&output, &WritePlan { target: site_dir.clone(), force: false, state: None })?;

    // 3, 4. Each page, numbered and printed. Every file to write is checked first.
    let several = targets.len() > 1;
    let outs: Vec<PathBuf> = targets.iter().map(|t| out_path(plan, t, &lang, volumes.len(), several)).collect();
    for out in &outs {
        check_target(&project.root, out)?;
    }
    let mut reports = Vec::with_capacity(targets.len());
    for (target, out) in targets.iter().zip(outs) {
        let started = Instant::now();
        let base_url = site.config.base_url.as_deref();
        let (bytes, pages, printings) = print_numbered(&printer, target, plan, base_url, &site_dir, &scratch.0)?;
        // Written aside, then renamed: a run stopped part-way leaves the last PDF whole.
        let draft = fsx::aside(&out, "draft");
        fsx::write(&draft, &bytes)?;
        fsx::rename(&draft, &out)?;
        reports.push(PdfReport {
            out,
            lang: lang.clone(),
            pages,
            printings,
            bytes: bytes.len(),
            elapsed: started.elapsed(),
        });
    }
    Ok(reports)
}

/// What the printed pages need of the site besides themselves: the theme's assets, the
/// images and static files, and the volumes that hold the targets (their `handbook.css`),
/// not the rest of the site.
fn print_files(
    site: &crate::link::Site,
    opts: &RenderOptions<'_>,
    lang: &str,
    targets: &[PrintTarget],
    volumes: &[Vec<String>],
) -> Result<crate::write::Output, PdfError> {
    let l = site.languages.iter().position(|ls| ls.lang == lang).unwrap_or_default();
    let holding = |slug: &String| volumes.iter().position(|v| v.contains(slug)).map_or(1, |i| i + 1);
    let wanted: std::collections::BTreeSet<usize> = targets
        .iter()
        .map(|t| match t {
            PrintTarget::Volume(k) => *k,
            PrintTarget::Guide(slug) => holding(slug),
        })
        .collect();
    let mut units = vec![render::Unit::Assets];
    units.extend(wanted.into_iter().map(|volume| render::Unit::Volume { lang: l, volume }));
    units.push(render::Unit::Extras);
    Ok(render::Renderer::new(site, opts)?.render_to_memory(&units, &render::Silent)?)
}

/// The pages a choice prints, checked against the language's volumes and guides.
fn targets(choice: &Choice, volumes: &[Vec<String>], lang: &str) -> Result<Vec<PrintTarget>, PdfError> {
    match choice {
        Choice::All => Ok((1..=volumes.len()).map(PrintTarget::Volume).collect()),
        Choice::Volume(n) if (1..=volumes.len()).contains(n) => Ok(vec![PrintTarget::Volume(*n)]),
        Choice::Volume(n) => Err(PdfError::NoVolume { lang: lang.to_owned(), volume: *n, count: volumes.len() }),
        Choice::Guide(slug) if volumes.iter().flatten().any(|s| s == slug) => {
            Ok(vec![PrintTarget::Guide(slug.clone())])
        }
        Choice::Guide(slug) => {
            let suggestion =
                crate::config::closest(slug, volumes.iter().flatten().map(String::as_str)).map(str::to_owned);
            Err(PdfError::NoGuide { lang: lang.to_owned(), slug: slug.clone(), suggestion })
        }
    }
}

/// Where the PDF of `target` goes (see [`PdfPlan::out`]).
fn out_path(plan: &PdfPlan, target: &PrintTarget, lang: &str, volumes: usize, several: bool) -> PathBuf {
    let n = match target {
        PrintTarget::Volume(n) if several || volumes > 1 => Some(*n),
        _ => None,
    };
    match (&plan.out, target) {
        (Some(out), _) if several => {
            let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let ext = out.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
            out.with_file_name(format!("{stem}-{}{ext}", n.unwrap_or(1)))
        }
        (Some(out), _) => out.clone(),
        (None, PrintTarget::Guide(slug)) => PathBuf::from(format!("guide-{}-{lang}.pdf", slug.replace('/', "-"))),
        (None, PrintTarget::Volume(_)) => match n {
            Some(n) => PathBuf::from(format!("handbook-{lang}-{n}.pdf")),
            None => PathBuf::from(format!("handbook-{lang}.pdf")),
        },
    }
}

/// Prints `target` until its contents' page numbers are those of the printing (step 3):
/// the PDF's bytes, its page count, and how many printings it took.
fn print_numbered(
    printer: &Printer<'_>,
    target: &PrintTarget,
    plan: &PdfPlan,
    base_url: Option<&str>,
    site_dir: &Path,
    scratch: &Path,
) -> Result<(Vec<u8>, usize, usize), PdfError> {
    let mut shown = PageNumbers::new();
    for printing in 1..=MAX_PRINTINGS {
        let page = printer.page(target, Some(&shown))?.expect("`targets` checked the volume or guide");
        let html_path = site_dir.join(&page.path);
        let html = links::for_print(&page.html, &page.path, base_url);
        fsx::write(&html_path, html.as_bytes())?;
        let pdf = scratch.join("print.pdf");
        browser::print_to_pdf(&plan.browser, plan.timeout, &html_path, &pdf, scratch)?;
        let bytes = fsx::read(&pdf)?;
        let found = numbers::destinations(&bytes)
            .map_err(|e| PdfError::Unreadable { page: page.path.clone(), message: e.to_string() })?;
        let mut printed = PageNumbers::new();
        for id in &page.toc_ids {
            let Some(n) = found.named.get(id) else {
                return Err(PdfError::NoDestination { page: page.path.clone(), id: id.clone() });
            };
            printed.insert(id.clone(), *n);
        }
        if printed == shown {
            return Ok((bytes, found.pages, printing));
        }
        shown = printed;
    }
    Err(PdfError::Unsettled { page: format!("{target:?}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(out: Option<&str>) -> PdfPlan {
        PdfPlan {
            lang: None,
            choice: Choice::All,
            out: out.map(PathBuf::from),
            browser: PathBuf::from("chromium"),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    #[test]
    fn names_each_pdf_by_what_it_holds() {
        let v = |n| PrintTarget::Volume(n);
        assert_eq!(out_path(&plan(None), &v(1), "ja", 1, false), PathBuf::from("handbook-ja.pdf"));
        assert_eq!(out_path(&plan(None), &v(2), "ja", 3, false), PathBuf::from("handbook-ja-2.pdf"));
        assert_eq!(out_path(&plan(None), &v(2), "en", 3, true), PathBuf::from("handbook-en-2.pdf"));
        let guide = PrintTarget::Guide("ops/backup".into());
        assert_eq!(out_path(&plan(None), &guide, "ja", 3, false), PathBuf::from("guide-ops-backup-ja.pdf"));
        assert_eq!(out_path(&plan(Some("out/x.pdf")), &v(2), "ja", 3, false), PathBuf::from("out/x.pdf"));
        assert_eq!(out_path(&plan(Some("out/x.pdf")), &v(3), "ja", 3, true), PathBuf::from("out/x-3.pdf"));
    }

    #[test]
    fn checks_the_chosen_volume_and_guide() {
        let volumes = vec![vec!["a".to_owned(), "b".to_owned()], vec!["backup".to_owned()]];
        assert_eq!(targets(&Choice::All, &volumes, "ja").unwrap(), [PrintTarget::Volume(1), PrintTarget::Volume(2)]);
        assert_eq!(targets(&Choice::Volume(2), &volumes, "ja").unwrap(), [PrintTarget::Volume(2)]);
        let err = targets(&Choice::Volume(3), &volumes, "ja").unwrap_err().to_string();
        assert_eq!(err, "the handbook of `ja` has 2 volumes; --volume takes 1 to 2");
        let err = targets(&Choice::Volume(0), &volumes[..1], "en").unwrap_err().to_string();
        assert_eq!(err, "the handbook of `en` has 1 volume; --volume takes 1");
        let err = targets(&Choice::Guide("bakup".into()), &volumes, "ja").unwrap_err().to_string();
        assert_eq!(err, "no guide `bakup` in `ja`; did you mean `backup`?");
        assert_eq!(targets(&Choice::Guide("b".into()), &volumes, "ja").unwrap(), [PrintTarget::Guide("b".into())]);
    }
}
