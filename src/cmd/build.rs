//! `tebiki build`: load the project, build it into the output folder, print the
//! diagnostics as they come and the one summary line.

use std::cell::{Cell, RefCell};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::build::{BuildEvents, BuildPlan};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::render::Progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Output folder (default: ROOT/public); replaced whole on every build
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the output folder even if tebiki did not write it
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = args.root.root;
    crate::project::check_root(&root)?;
    let mut plan = BuildPlan::new(&root, args.out, args.force)?;
    plan.stall_write_after = stall_hook()?;
    let project = Project::load(root)?;
    let events = TerminalEvents::new();
    let report = crate::build(&project, &plan, &events)?;
    events.finish();
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// `TEBIKI_TEST_STALL_WRITE=N`: the test hook that pauses a build after writing N files.
fn stall_hook() -> anyhow::Result<Option<usize>> {
    match std::env::var("TEBIKI_TEST_STALL_WRITE") {
        Ok(n) => {
            Ok(Some(n.parse().map_err(|_| anyhow::anyhow!("TEBIKI_TEST_STALL_WRITE must be a number, not `{n}`"))?))
        }
        Err(_) => Ok(None),
    }
}

/// Shows a build's events: diagnostics on stderr, and
/// a progress bar once rendering has run for [`TerminalEvents::BAR_AFTER`] on a terminal.
struct TerminalEvents {
    started: Instant,
    terminal: bool,
    total: Cell<u64>,
    done: Cell<u64>,
    bar: RefCell<Option<indicatif::ProgressBar>>,
}

impl TerminalEvents {
    const BAR_AFTER: Duration = Duration::from_millis(500);

    fn new() -> Self {
        TerminalEvents {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            total: Cell::new(0),
            done: Cell::new(0),
            bar: RefCell::new(None),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for TerminalEvents {
    fn pages_planned(&self, total: u64) {
        self.total.set(total);
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.set_length(total);
        }
    }

    fn page_done(&self) {
        self.done.set(self.done.get() + 1);
        let mut bar = self.bar.borrow_mut();
        match bar.as_ref() {
            Some(b) => b.set_position(self.done.get()),
            None if self.terminal && self.started.elapsed() >= Self::BAR_AFTER => {
                let b = indicatif::ProgressBar::new(self.total.get());
                b.set_style(
                    indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} pages")
                        .expect("valid progress template")
                        .progress_chars("=> "),
                );
                b.set_message("rendering");
                b.set_position(self.done.get());
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
        match self.bar.borrow().as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("{d}")),
            None => eprintln!("{d}"),
        }
    }

    fn writing(&self, files: usize) {
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.set_position(self.total.get());
            bar.set_message(format!("writing {files} files"));
        }
    }
}
