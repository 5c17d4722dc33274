//! A tiny HTTP/1.1 server on loopback for tests: it serves the invented site in
//! `tests/fixtures/ingest/site/` with ETags, and scripted answers (a 503 before a
//! 200, a 404), and records every request. No test touches the internet.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The request path (with query).
    pub path: String,
    /// Header fields, names lower-cased.
    pub headers: HashMap<String, String>,
}

/// The loopback server; stops when dropped.
pub struct SiteServer {
    /// The bound address.
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

/// The invented site's folder.
pub fn site_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ingest/site")
}

impl SiteServer {
    /// Serves `site_dir()` with `HOST` in files replaced by this server's
    /// address. `/news/ferry.html` answers 503 (with `Retry-After: 0`) the first
    /// time. Every file carries an ETag; a matching `If-None-Match` gets 304.
    pub fn start() -> SiteServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let failed_once = Arc::new(AtomicBool::new(false));
        let (thread_log, thread_stop) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, failed_once) = (thread_log.clone(), failed_once.clone());
                std::thread::spawn(move || serve(stream, addr, &log, &failed_once));
            }
        });
        SiteServer { addr, log, stop }
    }

    /// A URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// How often `path` was requested.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(stream: TcpStream, addr: SocketAddr, log: &Mutex<Vec<Request>>, failed_once: &AtomicBool) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut stream = stream;
    // One request per connection: every answer says `Connection: close`.
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let request = Request { path, headers };
    log.lock().unwrap().push(request.clone());
    let (status, extra, body) = answer(&request, addr, failed_once);
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

fn answer(
    request: &Request,
    addr: SocketAddr,
    failed_once: &AtomicBool,
) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let path = request.path.split('?').next().unwrap_or("/");
    if path == "/news/ferry.html" && !failed_once.swap(true, Ordering::SeqCst) {
        return (
            503,
            vec![("Retry-After", "0".to_string())],
            b"busy".to_vec(),
        );
    }
    let file = site_dir().join(path.trim_start_matches('/'));
    let Ok(bytes) = std::fs::read(&file) else {
        return (
            404,
            vec![("Content-Type", "text/html".to_string())],
            b"<html>Not found</html>".to_vec(),
        );
    };
    let text = String::from_utf8_lossy(&bytes).replace("HOST", &addr.to_string());
    let etag = format!(
        "\"{:x}\"",
        text.len() * 31 + text.bytes().map(usize::from).sum::<usize>()
    );
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("xml") => "application/rss+xml",
        Some("txt") => "text/plain",
        _ => "text/html; charset=utf-8",
    };
    let headers = vec![
        ("Content-Type", content_type.to_string()),
        ("ETag", etag.clone()),
        ("Last-Modified", "Mon, 04 Mar 2024 08:00:00 GMT".to_string()),
    ];
    if request.headers.get("if-none-match") == Some(&etag) {
        return (304, vec![("ETag", etag)], Vec::new());
    }
    (200, headers, text.into_bytes())
}
