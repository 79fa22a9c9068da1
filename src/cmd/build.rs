//! `tebiki build`: load the project, build it into the output folder, print the
//! diagnostics as they come and the one summary line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::build::{BuildEvents, BuildPlan, record};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::render::Progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Output folder (default: ROOT/public): it holds the site and nothing else; a build writes
    /// only what changed and removes what it did not make
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the output folder even if tebiki did not write it
    #[arg(long)]
    force: bool,
    /// Also print the time each stage took, and how many guides were parsed (on stderr)
    #[arg(long)]
    timings: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = args.root.root;
    crate::project::check_root(&root)?;
    let plan = BuildPlan::new(&root, args.out, args.force)?;
    let events = TerminalEvents::new();
    // Hashed before anything is read (see `build::record`).
    let mut inputs = record::Inputs::compute(&root);
    if let Some(last) = record::up_to_date(&root, &plan, &inputs, &events)? {
        for d in &last.diagnostics {
            super::eprint_diagnostic(d);
        }
        let took = events.started.elapsed();
        if args.timings {
            eprintln!("stages: check {} ms", took.as_millis());
        }
        println!("{}", last.summary(&plan.out, took));
        return Ok(ExitCode::SUCCESS);
    }
    let checked = events.started.elapsed();
    // The guides the last build parsed: only those whose source changed are parsed again
    // (and read again: the others are known by the hashes just taken).
    let (project, guides) = Project::load_for_build_hashed(root, inputs.take_sources())?;
    // The parsed guides are kept for the next build while this one runs.
    let parsed =
        format!("{} of {} parsed", guides.parsed, crate::diagnostic::count(guides.parsed + guides.reused, "guide"));
    let (report, kept) = std::thread::scope(|s| {
        // Moved in, and let go once written: the build goes on without them.
        let root = &project.root;
        let kept = s.spawn(move || guides.write(root));
        (crate::build(&project, &plan, &events), kept.join())
    });
    for line in events.shown.summary() {
        eprintln!("{line}");
    }
    let mut report = report?;
    if let Ok(Err(e)) = kept {
        // Only the next build's speed depends on it.
        eprintln!(
            "{}",
            Diagnostic::warning(crate::diagnostic::Code::Io, format!("{e} (the next build parses every guide again)"))
        );
    }
    report.stages.insert(0, ("check", checked));
    report.elapsed += checked;
    record::save(&project, &plan, &inputs, &report)?;
    super::let_go_at_exit(project);
    events.finish();
    if args.timings {
        let stages: Vec<String> =
            report.stages.iter().map(|(name, took)| format!("{name} {} ms", took.as_millis())).collect();
        eprintln!("stages: {} ({parsed})", stages.join(", "));
    }
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Shows a build's events: diagnostics on stderr, and a progress bar once rendering has
/// run for [`TerminalEvents::BAR_AFTER`] on a terminal. Pages render on several threads.
struct TerminalEvents {
    started: Instant,
    terminal: bool,
    total: AtomicU64,
    done: AtomicU64,
    bar: Mutex<Option<indicatif::ProgressBar>>,
    shown: super::Shown,
}

impl TerminalEvents {
    const BAR_AFTER: Duration = Duration::from_millis(500);

    fn new() -> Self {
        TerminalEvents {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            bar: Mutex::new(None),
            shown: super::Shown::default(),
        }
    }

    fn bar(&self) -> std::sync::MutexGuard<'_, Option<indicatif::ProgressBar>> {
        self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn finish(&self) {
        if let Some(bar) = self.bar().take() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for TerminalEvents {
    fn pages_planned(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        if let Some(bar) = self.bar().as_ref() {
            bar.set_length(total);
        }
    }

    fn page_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let mut bar = self.bar();
        match bar.as_ref() {
            Some(b) => b.set_position(done),
            None if self.terminal && self.started.elapsed() >= Self::BAR_AFTER => {
                let b = indicatif::ProgressBar::new(self.total.load(Ordering::Relaxed));
                b.set_style(
                    indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} pages")
                        .expect("valid progress template")
                        .progress_chars("=> "),
                );
                b.set_message("rendering");
                b.set_position(done);
                // Redraws while a long stage gives no updates (writing, say).
                b.enable_steady_tick(Duration::from_millis(200));
                *bar = Some(b);
            }
            None => {}
        }
    }
}

impl BuildEvents for TerminalEvents {
    fn diagnostic(&self, d: &Diagnostic) {
        if !self.shown.admit(d) {
            return;
        }
        match self.bar().as_ref() {
            Some(bar) => bar.suspend(|| super::eprint_diagnostic(d)),
            None => super::eprint_diagnostic(d),
        }
    }

    fn waiting(&self, lock: &std::path::Path) {
        let message = format!("waiting: another build holds {}; this one goes on when it is done", lock.display());
        match self.bar().as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    fn writing(&self, files: usize) {
        if let Some(bar) = self.bar().as_ref() {
            bar.set_position(self.total.load(Ordering::Relaxed));
            bar.set_message(format!("writing {files} files"));
        }
    }
}
