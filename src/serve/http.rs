//! The HTTP side of `serve` (axum on tokio): the output folder's files, the live-reload
//! client and its event stream.
//!
//! - `GET /__tebiki/events`: Server-Sent Events. `hello {"build": N, "searchPending": B}`
//!   on connecting, then `reload {"build": N, "searchPending": B}` after each good build
//!   (`searchPending`: its search files are still an earlier build's, and a build that
//!   brings them up to date follows), and `error {"attempt": A, "problems": [{"file",
//!   "line", "column", "message"}]}` after each failed one (also sent on connecting while
//!   the last attempt has failed).
//! - `GET /__tebiki/live-reload.js`, `…/live-reload.css`: the client, from the theme.
//! - Anything else: a file of the last good build, resolved by [`files::resolve`]; HTML
//!   gets the client's tags. Unknown paths get the site's `404.html` with status 404.
//!
//! Every request must name a loopback host (`127.0.0.1`, `localhost`, `[::1]`): a page
//! of another site that points a name of its own at 127.0.0.1 (DNS rebinding) gets 403,
//! not the guides.
//!
//! [`serve`] runs the connections (hyper's HTTP/1 on tokio) with limits, so that no
//! client, slow or stuck or one of many, holds the server: at most [`MAX_CONNECTIONS`]
//! at once (more wait to be accepted); [`HEADER_TIMEOUT`] to send a request's headers,
//! which is also how long a kept-alive connection may wait for its next request; and
//! [`WRITE_TIMEOUT`] for an answer left unread. An event stream is not idle while it is
//! read: it sends a keep-alive comment every 15 s.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc, watch};

use super::files::{self, Resolved};
use super::rebuild::{Failure, Status};

/// The path of the event stream.
pub const EVENTS_URL: &str = "/__tebiki/events";

/// Connections served at once; more wait in the system's queue until one closes.
pub const MAX_CONNECTIONS: usize = 512;

/// How long a client has to send a request's headers, and how long a kept-alive
/// connection may wait for its next request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an answer may wait for a client that does not read it.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The most a connection buffers of a request's head (hyper's least is 8 KiB).
const MAX_BUFFER: usize = 64 * 1024;

/// Serves `app` on `listener` until `stop` completes, then lets the open connections
/// finish (the caller bounds how long).
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()> + Send) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (closing_tx, closing) = watch::channel(false);
    let mut stop = std::pin::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file handles, or a connection reset before it was taken:
                    // wait a little rather than spin, and go on.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let io = TokioIo::new(WriteDeadline::new(stream, WRITE_TIMEOUT));
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT).max_buf_size(MAX_BUFFER);
            let conn = builder.serve_connection(io, service);
            let mut conn = std::pin::pin!(conn);
            let stop = async move {
                let _ = closing.wait_for(|c| *c).await;
            };
            tokio::select! {
                _ = conn.as_mut() => return,
                () = stop => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    let _ = closing_tx.send(true);
    // Every permit back means every connection closed.
    let _ = slots.acquire_many(MAX_CONNECTIONS as u32).await;
}

/// A connection whose writes fail (`TimedOut`) once one has waited [`WRITE_TIMEOUT`]
/// for the client to read: a client that stops reading is let go.
struct WriteDeadline<S> {
    inner: S,
    limit: Duration,
    /// Running while a write waits.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteDeadline<S> {
    fn new(inner: S, limit: Duration) -> Self {
        WriteDeadline { inner, limit, stalled: None }
    }

    /// What a write that returned `poll` comes to: pending until the deadline passes.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let deadline = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading"))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What every handler reads: the build status, and whether serve is stopping.
#[derive(Clone)]
pub struct AppState {
    pub status: watch::Receiver<Status>,
    pub stopping: watch::Receiver<bool>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(EVENTS_URL, get(events))
        .route(files::CLIENT_SCRIPT_URL, get(client_script))
        .route(files::CLIENT_STYLE_URL, get(client_style))
        .fallback(site_file)
        .layer(middleware::from_fn(loopback_only))
        .with_state(Arc::new(state))
}

async fn loopback_only(request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if is_loopback_host(host) {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, no_store("text/plain; charset=utf-8"), "tebiki serve answers on 127.0.0.1 only\n")
            .into_response()
    }
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

async fn site_file(State(app): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return ([(header::ALLOW, "GET, HEAD")], StatusCode::METHOD_NOT_ALLOWED).into_response();
    }
    let status = app.status.borrow().clone();
    let Some(site) = status.site else { return not_built_yet(status.build) };
    match files::resolve(&site, uri.path()) {
        Resolved::File(path) => send_file(&path, None, status.build).await,
        Resolved::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Resolved::NotFound => {
            let page = site.join("404.html");
            if page.is_file() {
                send_file(&page, Some(uri.path()), status.build).await
            } else {
                (StatusCode::NOT_FOUND, no_store("text/plain; charset=utf-8"), "not found\n").into_response()
            }
        }
    }
}

/// A file of the site; HTML with the live-reload tags. `not_found_at`: the path the 404
/// page answers (see [`files::inject_live_reload`]).
async fn send_file(path: &Path, not_found_at: Option<&str>, build: u64) -> Response {
    let code = if not_found_at.is_some() { StatusCode::NOT_FOUND } else { StatusCode::OK };
    let bytes = match tokio::fs::read(path).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let message = format!("cannot read {}: {e}\n", path.display());
            return (StatusCode::INTERNAL_SERVER_ERROR, no_store("text/plain; charset=utf-8"), message).into_response();
        }
    };
    let content_type = files::content_type(path);
    let body = if content_type.starts_with("text/html") {
        files::inject_live_reload(&bytes, build, not_found_at)
    } else {
        bytes
    };
    (code, no_store(&content_type), body).into_response()
}

/// Headers of every answer: its type, never sniffed, never cached (a preview changes).
fn no_store(content_type: &str) -> [(header::HeaderName, HeaderValue); 3] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("text/plain"))),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    ]
}

/// The answer while no build has succeeded: a page that shows the overlay and reloads
/// into the site once it builds.
fn not_built_yet(build: u64) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<title>tebiki serve</title>\n</head>\n\
         <body>\n<main>\n<h1>The site has not built yet</h1>\n\
         <p>Fix the problem shown and save: this page reloads by itself.</p>\n</main>\n</body>\n</html>\n",
        crate::render::view::CSP
    );
    let body = files::inject_live_reload(page.as_bytes(), build, None);
    (StatusCode::SERVICE_UNAVAILABLE, no_store("text/html; charset=utf-8"), body).into_response()
}

async fn client_script(State(app): State<Arc<AppState>>) -> Response {
    let client = app.status.borrow().client.clone();
    (no_store("text/javascript; charset=utf-8"), client.script.clone()).into_response()
}

async fn client_style(State(app): State<Arc<AppState>>) -> Response {
    let client = app.status.borrow().client.clone();
    (no_store("text/css; charset=utf-8"), client.style.clone()).into_response()
}

/// The event stream of one page: a task follows the status and queues events, which the
/// response streams; it ends when the page goes away or serve stops.
async fn events(State(app): State<Arc<AppState>>) -> impl IntoResponse {
    let (tx, rx) = mpsc::channel::<Event>(16);
    let mut status = app.status.clone();
    let mut stopping = app.stopping.clone();
    tokio::spawn(async move {
        let (mut build, mut failure, pending) = {
            let s = status.borrow_and_update();
            (s.build, s.failure.clone(), s.search_pending)
        };
        let mut queue = vec![build_event("hello", build, pending)];
        queue.extend(failure.as_deref().map(error_event));
        loop {
            for event in queue.drain(..) {
                if tx.send(event).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                changed = status.changed() => if changed.is_err() { return },
                _ = stopping.wait_for(|stop| *stop) => return,
                _ = tx.closed() => return,
            }
            let s = status.borrow_and_update().clone();
            if s.build != build {
                build = s.build;
                queue.push(build_event("reload", build, s.search_pending));
            }
            if s.failure.as_ref().map(|f| f.attempt) != failure.as_ref().map(|f| f.attempt) {
                queue.extend(s.failure.as_deref().map(error_event));
            }
            failure = s.failure;
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (Ok::<Event, Infallible>(event), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn build_event(name: &str, build: u64, search_pending: bool) -> Event {
    let data = serde_json::json!({ "build": build, "searchPending": search_pending });
    Event::default().event(name).data(data.to_string())
}

fn error_event(failure: &Failure) -> Event {
    let data = serde_json::to_string(failure).expect("a failure is plain data and always serializes");
    Event::default().event("error").data(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_hosts_only() {
        for yes in ["127.0.0.1:8000", "127.0.0.1", "localhost:1234", "LOCALHOST", "[::1]:8000", "[::1]"] {
            assert!(is_loopback_host(yes), "{yes}");
        }
        for no in
            ["", "evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil:80", "[::1]x", "::1"]
        {
            assert!(!is_loopback_host(no), "{no}");
        }
    }
}
