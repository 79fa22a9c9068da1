//! `tebiki serve` against clients that misbehave, and under load: connections that send
//! half a request or nothing are closed after the header timeout; no more than
//! [`MAX_CONNECTIONS`] are held at once; and with hundreds of event streams open, slow
//! clients about, ten thousand requests and rapid saves, it stays up, its memory stays
//! bounded and the last save is what it serves.
//!
//! Everything is bounded: the counts are fixed, every wait has a deadline, and the server
//! is killed when the test ends. These tests run one at a time (they count the server's
//! file handles and memory).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tebiki::serve::http::{HEADER_TIMEOUT, MAX_CONNECTIONS};

use crate::harness::*;
use crate::serve_client::{PATIENCE, Server, save};

/// One test of this file at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const GUIDE: &str = "+++\ntitle = \"負荷\"\n+++\n\n::: outcomes\n- 要点\n:::\n\n## 負荷 {#s1}\n\n版0\n";

fn start(tag: &str) -> (TempDir, Server) {
    let dir = TempDir::new(tag);
    dir.write("content/ja/a.md", GUIDE);
    dir.write("content/ja/b.md", GUIDE.replace("負荷", "二つ目"));
    let server = Server::start(Path::new(env!("CARGO_BIN_EXE_tebiki")), dir.path());
    (dir, server)
}

/// Open file handles of a process (Linux).
fn handles(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0)
}

/// Resident memory of a process in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), PATIENCE).expect("connect");
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    s
}

/// Whether the server has closed `s` (a read gives end of file or a reset) by `deadline`.
fn closed_by(s: &mut TcpStream, deadline: Instant) -> bool {
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

#[cfg(target_os = "linux")]
#[test]
fn serve_closes_connections_that_send_half_a_header_or_nothing() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_dir, server) = start("serve-half-header");
    let port = server.port();
    let opened = Instant::now();
    let mut half: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = connect(port);
            s.write_all(b"GET /ja/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
            s
        })
        .collect();
    let mut silent: Vec<TcpStream> = (0..20).map(|_| connect(port)).collect();
    // A kept-alive connection that asks once and then says nothing more.
    let mut kept = connect(port);
    kept.write_all(b"GET /ja/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let deadline = opened + HEADER_TIMEOUT + Duration::from_secs(5);
    for (i, s) in half.iter_mut().chain(silent.iter_mut()).chain(std::iter::once(&mut kept)).enumerate() {
        assert!(closed_by(s, deadline), "connection {i} still open {:?} after it opened", opened.elapsed());
    }
    println!("closed within {} ms (header timeout {HEADER_TIMEOUT:?})", opened.elapsed().as_millis());
    assert_eq!(server.get("/ja/a/").status, 200, "{}", server.output());
}

#[cfg(target_os = "linux")]
#[test]
fn serve_holds_at_most_its_connection_limit() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_dir, server) = start("serve-cap");
    let port = server.port();
    assert_eq!(server.get("/ja/a/").status, 200);
    let base = handles(server.pid());
    let extra = 40;
    let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS + extra).map(|_| connect(port)).collect();
    // The server takes connections as fast as it can; give it a moment to take all it will.
    std::thread::sleep(Duration::from_millis(1500));
    let held = handles(server.pid()).saturating_sub(base);
    println!("{} connections open, the server holds {held}", idle.len());
    assert!(held <= MAX_CONNECTIONS, "the server holds {held} connections (limit {MAX_CONNECTIONS})");
    assert!(held + 10 >= MAX_CONNECTIONS, "the server took only {held} connections");
    // Once the idle ones time out, the waiting ones are served, and a new client too.
    let started = Instant::now();
    let reply = server.get("/ja/a/");
    assert_eq!(reply.status, 200, "{}", server.output());
    println!("a new client was served after {} ms", started.elapsed().as_millis());
    drop(idle);
}

#[cfg(target_os = "linux")]
#[test]
fn serve_stays_up_under_load_and_the_last_save_wins() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, server) = start("serve-stress");
    let port = server.port();
    let pid = server.pid();
    let watch = server.events();
    watch.wait_for("hello").unwrap();

    // 300 event streams, each told `hello`.
    let mut streams: Vec<TcpStream> = Vec::with_capacity(300);
    for _ in 0..300 {
        let mut s = connect(port);
        s.write_all(b"GET /__tebiki/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut got = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        while !String::from_utf8_lossy(&got).contains("event: hello") {
            assert!(Instant::now() < deadline, "no hello on an event stream: {}", String::from_utf8_lossy(&got));
            let mut buf = [0u8; 1024];
            match s.read(&mut buf) {
                Ok(0) => panic!("an event stream closed at once"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(_) => {}
            }
        }
        streams.push(s);
    }
    // Slow clients: half a request, a request never read, nothing at all.
    let mut slow: Vec<TcpStream> = Vec::new();
    for i in 0..60 {
        let mut s = connect(port);
        match i % 3 {
            0 => s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap(),
            1 => s.write_all(b"GET /assets/search/search-ui.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap(),
            _ => {}
        }
        slow.push(s);
    }

    let paths = ["/", "/ja/", "/ja/a/", "/ja/b/", "/assets/css/tebiki.css", "/assets/js/tebiki.js", "/nowhere/"];
    let rounds: Vec<(u64, u64)> = (0..2)
        .map(|round| {
            // 5,000 requests from 8 clients, while the guide is saved 15 times.
            let saving = {
                let path = dir.path().join("content/ja/b.md");
                std::thread::spawn(move || {
                    for n in 1..=15 {
                        save(&path, &GUIDE.replace("負荷", "二つ目").replace("版0", &format!("版{round}-{n}")));
                        std::thread::sleep(Duration::from_millis(40));
                    }
                })
            };
            let clients: Vec<_> = (0..8)
                .map(|c| {
                    let base = server.url.trim_end_matches('/').to_owned();
                    std::thread::spawn(move || {
                        let agent = ureq::Agent::config_builder()
                            .http_status_as_error(false)
                            .max_redirects(0)
                            .proxy(None)
                            .timeout_global(Some(PATIENCE))
                            .build()
                            .new_agent();
                        for i in 0..625 {
                            let path = paths[(c + i) % paths.len()];
                            let mut reply = agent.get(&format!("{base}{path}")).call().expect("a request fails");
                            let status = reply.status().as_u16();
                            let _ = reply.body_mut().read_to_vec();
                            let want = if path == "/nowhere/" { 404 } else { 200 };
                            assert_eq!(status, want, "GET {path}");
                        }
                    })
                })
                .collect();
            for c in clients {
                c.join().expect("a client thread failed");
            }
            saving.join().unwrap();
            // The last save wins: it is what is served, once its build is done.
            let last = format!("版{round}-15");
            let deadline = Instant::now() + PATIENCE;
            while !server.get("/ja/b/").body.contains(&last) {
                assert!(Instant::now() < deadline, "{last} is never served\n{}", server.output());
                std::thread::sleep(Duration::from_millis(100));
            }
            let rss = rss_kib(pid);
            println!("round {round}: {} KiB resident, {} handles", rss, handles(pid));
            (rss, handles(pid) as u64)
        })
        .collect();

    // Memory and handles do not grow from one round to the next.
    let (rss0, fds0) = rounds[0];
    let (rss1, fds1) = rounds[1];
    assert!(rss1 <= rss0 + 48 * 1024, "resident memory grew from {rss0} KiB to {rss1} KiB");
    assert!(fds1 <= fds0 + 16, "file handles grew from {fds0} to {fds1}");
    assert!(rss1 < 1024 * 1024, "resident memory {rss1} KiB");

    // The event streams are alive and were told of the reloads.
    let mut told = 0;
    for s in streams.iter_mut().step_by(30) {
        let mut got = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        told += usize::from(String::from_utf8_lossy(&got).contains("event: reload"));
    }
    assert_eq!(told, 10, "every sampled event stream was told of a reload");
    watch.wait_for("reload").unwrap();
    assert_eq!(server.get("/ja/a/").status, 200, "{}", server.output());
}
