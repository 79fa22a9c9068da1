//! `tebiki serve`: a local preview on 127.0.0.1 that rebuilds when the sources change and
//! reloads the open pages.
//!
//! 1. Bind `127.0.0.1:PORT` (port 0: the system picks one), before anything else, so a
//!    port in use fails at once.
//! 2. Build into `ROOT/.tebiki/serve/` — never the user's `public/` — see [`rebuild`].
//! 3. Watch `content/`, `themes/` and `tebiki.toml` ([`watch`]); a thread rebuilds after
//!    each debounced change.
//! 4. Serve the last good build with the live-reload client ([`http`], [`files`]) until
//!    Ctrl+C (or SIGTERM), then close the event streams, finish a running build and stop.
//!
//! The library prints nothing; what the user sees goes through [`ServeEvents`].

pub mod files;
pub mod http;
pub mod rebuild;
pub mod watch;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::BuildReport;
use crate::build::PlanError;
use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::paths::SERVE_SITE;
use crate::project::{ProjectError, check_root};

/// The port `serve` listens on when none is given.
pub const DEFAULT_PORT: u16 = 8000;

/// How long open connections get to close once serve is stopping.
const GRACE: Duration = Duration::from_secs(2);

/// A validated `serve` invocation.
#[derive(Debug, Clone)]
pub struct ServePlan {
    /// The site root, absolute.
    pub root: PathBuf,
    /// 0 for any free port.
    pub port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(
        "cannot listen on {addr}: {reason}{}",
        if reason.kind() == std::io::ErrorKind::AddrInUse { "; choose another --port, or --port 0 for any free one" } else { "" }
    )]
    Bind { addr: SocketAddr, reason: std::io::Error },
    #[error("cannot watch {} for changes: {reason}", path.display())]
    Watch { path: PathBuf, reason: notify_debouncer_full::notify::Error },
    /// (The I/O errors are in the message, not the source chain, so the CLI says them once.)
    #[error("cannot start the HTTP server: {0}")]
    Runtime(std::io::Error),
    #[error("the rebuilding thread stopped on an internal error; changes were no longer built")]
    BuilderPanicked,
}

impl ToDiagnostic for ServeError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            ServeError::Project(e) => e.diagnostic(),
            ServeError::Plan(e) => e.diagnostic(),
            other => Diagnostic::of_chain(Code::Usage, other),
        }
    }
}

impl ServePlan {
    pub fn new(root: PathBuf, port: u16) -> Result<ServePlan, ServeError> {
        check_root(&root)?;
        let root = std::path::absolute(&root)
            .map_err(|e| PlanError::Output(crate::fsx::FsError::new("resolve", &root, e).into()))?;
        Ok(ServePlan { root, port })
    }
}

/// What `serve` tells the user. Every method has a silent default.
pub trait ServeEvents: Send + Sync {
    /// Serving at `url` (after the first build, good or not).
    fn listening(&self, _url: &str) {}
    /// Sources changed (paths relative to the root); a rebuild follows.
    fn changed(&self, _paths: &[PathBuf]) {}
    /// Build number `build` succeeded and is now served.
    fn built(&self, _report: &BuildReport, _build: u64) {}
    /// A build failed; the last good one stays served.
    fn failed(&self, _problems: &[Diagnostic]) {}
    /// A diagnostic of a build (warnings included).
    fn diagnostic(&self, _diagnostic: &Diagnostic) {}
    /// The file watcher reported a problem; watching goes on.
    fn watch_error(&self, _message: &str) {}
}

/// Runs `serve` until Ctrl+C or SIGTERM.
pub fn serve(plan: &ServePlan, events: Arc<dyn ServeEvents>) -> Result<(), ServeError> {
    // 1. Bind.
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, plan.port));
    let bind_error = |reason| ServeError::Bind { addr, reason };
    let listener = std::net::TcpListener::bind(addr).map_err(bind_error)?;
    listener.set_nonblocking(true).map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;

    // 2. First build.
    let (mut builder, status) = rebuild::Builder::new(&plan.root, &plan.root.join(SERVE_SITE))?;
    if builder.rebuild(&*events) {
        builder.finish_search(&*events);
    }

    // 3. Watch, and rebuild on a thread of its own.
    let (tx, rx) = mpsc::channel();
    let mut watcher = watch::Watch::start(&plan.root, tx.clone())?;
    watcher.follow(builder.read())?;
    let builder_thread = {
        let (events, root) = (events.clone(), plan.root.clone());
        std::thread::Builder::new()
            .name("tebiki-rebuild".into())
            .spawn(move || rebuild_loop(builder, watcher, rx, &root, &*events))
            .map_err(ServeError::Runtime)?
    };

    // 4. Serve.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let (stop_tx, stopping) = tokio::sync::watch::channel(false);
    let app = http::router(http::AppState { status, stopping: stopping.clone() });
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
        // The handlers are in place before anyone is told the site is served: a Ctrl+C
        // from then on stops the server cleanly, however soon it comes.
        let stop = stop_signal().map_err(ServeError::Runtime)?;
        events.listening(&format!("http://{addr}/"));
        let signal = async move {
            stop.await;
            // Ends the event streams, so that graceful shutdown does not wait on them.
            let _ = stop_tx.send(true);
        };
        let server = http::serve(listener, app, signal);
        let mut stopping = stopping;
        tokio::select! {
            () = server => Ok(()),
            _ = async { let _ = stopping.wait_for(|stop| *stop).await; tokio::time::sleep(GRACE).await } => Ok(()),
        }
    });
    runtime.shutdown_timeout(GRACE);
    // The builder ends when told, after the build it may be running. (Sending fails only
    // when it has ended already.)
    let _ = tx.send(watch::Message::Stop);
    if builder_thread.join().is_err() {
        return Err(ServeError::BuilderPanicked);
    }
    served
}

/// Installs the handlers of Ctrl+C, and of SIGTERM on Unix (in the runtime); the future
/// ends when one of them comes. A signal that comes before the handlers are installed
/// ends the process as it would end any other.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
        Ok(async move {
            ctrl_c.recv().await;
        })
    }
}

/// Rebuilds once per batch of changes until told to stop.
fn rebuild_loop(
    mut builder: rebuild::Builder,
    mut watcher: watch::Watch,
    rx: mpsc::Receiver<watch::Message>,
    root: &Path,
    events: &dyn ServeEvents,
) {
    use watch::Message;
    // Whether the last build left its search files for later (see `rebuild`).
    let mut deferred = false;
    loop {
        let message = if deferred {
            match rx.try_recv() {
                Ok(message) => message,
                // Nothing else to build first: the search files now.
                Err(mpsc::TryRecvError::Empty) => {
                    builder.finish_search(events);
                    deferred = false;
                    continue;
                }
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        } else {
            // `recv` fails only once every sender is gone, which is a stop too.
            match rx.recv() {
                Ok(message) => message,
                Err(_) => return,
            }
        };
        let mut changed = match message {
            Message::Stop => return,
            Message::Error(e) => {
                events.watch_error(&e);
                continue;
            }
            Message::Changed(paths) => paths,
        };
        // Whatever else arrived meanwhile goes into the same build.
        for more in rx.try_iter() {
            match more {
                Message::Stop => return,
                Message::Error(e) => events.watch_error(&e),
                Message::Changed(paths) => changed.extend(paths),
            }
        }
        changed.sort();
        changed.dedup();
        let relative: Vec<PathBuf> = changed.iter().map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf()).collect();
        events.changed(&relative);
        if let Err(e) = watcher.refresh() {
            events.watch_error(&e.to_string());
        }
        deferred = builder.rebuild(events);
        if let Err(e) = watcher.follow(builder.read()) {
            events.watch_error(&e.to_string());
        }
    }
}
