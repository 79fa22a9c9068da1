//! A `tebiki serve` child process and the clients that talk to it, shared by the serve
//! tests (`tests/serve.rs`) and the reload benchmark (`benches/serve_reload.rs`).
//!
//! Everything here is bounded: the server is started on `--port 0` on 127.0.0.1 only,
//! every wait has a deadline, and the child is killed when its [`Server`] is dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take before the caller is told it timed out.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `tebiki serve --port 0 --root ROOT`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts the server and waits (at most [`PATIENCE`]) for the URL it prints.
    pub fn start(bin: &Path, root: &Path) -> Server {
        let mut child = Command::new(bin)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tebiki serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (url_tx, url_rx) = mpsc::channel();
        collect_lines(child.stdout.take().unwrap(), stdout.clone(), Some(url_tx));
        collect_lines(child.stderr.take().unwrap(), stderr.clone(), None);
        let mut server = Server { child, url: String::new(), stdout, stderr };
        match url_rx.recv_timeout(PATIENCE) {
            Ok(url) => server.url = url,
            Err(_) => panic!("tebiki serve printed no URL in {PATIENCE:?}\n{}", server.output()),
        }
        server
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn port(&self) -> u16 {
        self.url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap()
    }

    /// What the server printed so far, for failure messages.
    pub fn output(&self) -> String {
        format!(
            "--- stdout\n{}\n--- stderr\n{}",
            self.stdout.lock().unwrap().join("\n"),
            self.stderr.lock().unwrap().join("\n")
        )
    }

    /// Asks the server to stop as Ctrl+C does (SIGINT) and waits for it to exit.
    #[cfg(unix)]
    pub fn interrupt(&mut self) -> Option<ExitStatus> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -INT {pid}");
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait for tebiki serve") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// `GET` through a real HTTP client; no redirects followed, any status returned.
    pub fn get(&self, path: &str) -> Reply {
        get(&format!("{}{}", self.url.trim_end_matches('/'), path))
    }

    /// Connects to the live-reload event stream.
    pub fn events(&self) -> EventStream {
        EventStream::connect(&format!("{}__tebiki/events", self.url))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Keeps the lines a child prints; the first `serving at URL` line goes to `url`.
fn collect_lines(
    from: impl Read + Send + 'static,
    into: Arc<Mutex<Vec<String>>>,
    mut url: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if let Some(rest) = line.strip_prefix("serving at ") {
                if let (Some(tx), Some(found)) = (url.take(), rest.split_whitespace().next()) {
                    let _ = tx.send(found.to_owned());
                }
            }
            into.lock().unwrap().push(line);
        }
    });
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(PATIENCE))
        .build()
        .new_agent()
}

/// `GET url` with ureq.
pub fn get(url: &str) -> Reply {
    let mut response = agent().get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (content_type, location) = (header("content-type").unwrap_or_default(), header("location"));
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_else(|e| panic!("GET {url}: body: {e}"));
    Reply { status, content_type, location, body }
}

/// Sends `GET <target> HTTP/1.1` with the target exactly as given (no client would send
/// some of these), and returns the status code and the body.
pub fn raw_get(port: u16, target: &[u8]) -> (u16, String) {
    raw_get_as(port, target, "127.0.0.1")
}

/// [`raw_get`] with the `Host` header given.
pub fn raw_get_as(port: u16, target: &[u8], host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(format!(" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
    stream.write_all(&request).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sse {
    pub event: String,
    pub data: String,
}

/// The live-reload event stream, read on a thread of its own.
pub struct EventStream {
    rx: Receiver<Sse>,
}

impl EventStream {
    pub fn connect(url: &str) -> EventStream {
        let response = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .new_agent()
            .get(url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        assert_eq!(response.status().as_u16(), 200, "GET {url}");
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(content_type.as_deref(), Some("text/event-stream"), "GET {url}");
        let reader = BufReader::new(response.into_body().into_reader());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), Vec::<String>::new());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !event.is_empty() || !data.is_empty() {
                        let sse = Sse { event: std::mem::take(&mut event), data: data.join("\n") };
                        data.clear();
                        if tx.send(sse).is_err() {
                            break;
                        }
                    }
                } else if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim_start().to_owned();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.trim_start().to_owned());
                }
            }
        });
        EventStream { rx }
    }

    /// The next event, or `None` after `timeout` or when the stream ended.
    pub fn next(&self, timeout: Duration) -> Option<Sse> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// Waits (at most [`PATIENCE`]) for an event named `name`, skipping others; returns
    /// it with the events skipped.
    pub fn wait_for(&self, name: &str) -> Result<(Sse, Vec<Sse>), String> {
        let deadline = Instant::now() + PATIENCE;
        let mut skipped = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(e) if e.event == name => return Ok((e, skipped)),
                Ok(e) => skipped.push(e),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("no `{name}` event in {PATIENCE:?}; got {skipped:?}"));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("the event stream ended before a `{name}` event; got {skipped:?}"));
                }
            }
        }
    }

    /// Whether the stream ends (the server closed it) within [`PATIENCE`].
    pub fn ends(&self) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            match self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
        false
    }
}

/// Writes a file the way an editor saves it: to a temporary name beside it, then renamed
/// over it, so the server never reads a half-written file.
pub fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.saving", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}
