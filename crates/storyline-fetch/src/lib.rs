//! Fetching news where it lives: RSS/Atom feeds and the pages they link to.
//!
//! [`fetch`] downloads each feed, parses it with `storyline_source::parse_feed`,
//! saves entries that carry their article as pages, and downloads the linked page
//! of every other entry. It is polite: a user agent naming storyline, robots.txt
//! checked per host ([`robots`]), at most [`Config::per_host`] requests at a time
//! to one host and [`Config::concurrency`] overall, timeouts, retries with
//! exponential backoff on 5xx/429/network failures honouring `Retry-After`
//! ([`client`]), and conditional requests (`If-None-Match`, `If-Modified-Since`)
//! from the validators of earlier runs ([`state`]), so a 304 costs nothing.
//!
//! Output, in [`Config::out_dir`]:
//! - `pages/*.html`: one file per article page;
//! - `manifest.jsonl`: `file`, `url`, `outlet`, `published`, `title` per page, as
//!   `storyline analyze --manifest` reads it;
//! - `.storyline-fetch/state.json`: validators and hints per URL (hidden, so a
//!   folder walk does not read it as articles);
//! - `.storyline-fetch/failures.jsonl`: this run's failures, URL and reason.
//!
//! ```no_run
//! let config = storyline_fetch::Config::new("fetched".into());
//! let report = storyline_fetch::fetch(&["https://news.example/feed.xml".to_string()], &config)?;
//! for failure in &report.failures {
//!     eprintln!("{}: {}", failure.url, failure.reason);
//! }
//! # Ok::<(), storyline_fetch::FetchError>(())
//! ```

pub mod client;
mod pool;
pub mod robots;
pub mod state;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};
use storyline_source::{FeedEntry, ParsedFeed};

use client::{Answer, Client, Validators};
use robots::Robots;
use state::{State, UrlState};

/// The product token matched against robots.txt `User-agent` lines.
pub const ROBOTS_AGENT: &str = "storyline";

/// The default `User-Agent`: `storyline/<version>`, plus the repository URL when
/// the package declares one.
pub fn default_user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("CARGO_PKG_REPOSITORY") {
        "" => format!("storyline/{version} (news research; robots.txt respected)"),
        repository => format!("storyline/{version} (+{repository})"),
    }
}

/// Why a fetch run could not go on (per-URL problems are [`Failure`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A file or folder of the output could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The state file is corrupt.
    #[error("state file {path} is unreadable: {message}")]
    State {
        /// The state file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl FetchError {
    fn io(path: &Path, source: std::io::Error) -> FetchError {
        FetchError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Limits and places of one run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where pages, the manifest and the state go.
    pub out_dir: PathBuf,
    /// The state file (default `OUT/.storyline-fetch/state.json`).
    pub state_file: Option<PathBuf>,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// Requests in flight overall at most.
    pub concurrency: usize,
    /// Timeout of one request (connect, headers and body).
    pub timeout: Duration,
    /// Retries after the first attempt, on 5xx, 429 and network failures.
    pub retries: u32,
    /// First retry delay; doubled on each retry.
    pub backoff: Duration,
    /// Longest delay between retries; a longer `Retry-After` gives up.
    pub max_backoff: Duration,
    /// Largest body read.
    pub max_page_bytes: u64,
    /// Whether robots.txt is obeyed (turn off only for your own sites).
    pub obey_robots: bool,
}

impl Config {
    /// Defaults: 2 per host, 8 overall, 30 s timeout, 3 retries from 1 s up to
    /// 60 s, 16 MiB pages, robots.txt obeyed.
    pub fn new(out_dir: PathBuf) -> Config {
        Config {
            out_dir,
            state_file: None,
            user_agent: default_user_agent(),
            per_host: 2,
            concurrency: 8,
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            max_page_bytes: 16 * 1024 * 1024,
            obey_robots: true,
        }
    }

    fn work_dir(&self) -> PathBuf {
        self.out_dir.join(".storyline-fetch")
    }

    /// The state file in use.
    pub fn state_path(&self) -> PathBuf {
        self.state_file
            .clone()
            .unwrap_or_else(|| self.work_dir().join("state.json"))
    }

    /// Where this run's failures are written.
    pub fn failures_path(&self) -> PathBuf {
        self.work_dir().join("failures.jsonl")
    }

    /// The manifest of saved pages.
    pub fn manifest_path(&self) -> PathBuf {
        self.out_dir.join("manifest.jsonl")
    }

    /// The folder of saved pages.
    pub fn pages_dir(&self) -> PathBuf {
        self.out_dir.join("pages")
    }
}

/// A URL that could not be fetched, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The feed or page URL.
    pub url: String,
    /// What went wrong: an HTTP status, robots.txt, a network error, ...
    pub reason: String,
}

/// What one run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FetchReport {
    /// Feeds downloaded and parsed.
    pub feeds: usize,
    /// Feeds unchanged since the last run (304).
    pub feeds_not_modified: usize,
    /// Entries in the downloaded feeds.
    pub entries: usize,
    /// Entries saved from the feed's own content.
    pub from_feed: usize,
    /// Pages downloaded (200).
    pub downloaded: usize,
    /// Pages unchanged since the last run (304).
    pub not_modified: usize,
    /// Pages listed in the manifest after the run.
    pub pages: usize,
    /// Everything that failed, with the reason.
    pub failures: Vec<Failure>,
}

/// Fetches `feed_urls` and the pages their entries link to; see the crate docs.
/// Per-URL problems become [`Failure`]s; only output and state IO stop the run.
pub fn fetch(feed_urls: &[String], config: &Config) -> Result<FetchReport, FetchError> {
    let state_path = config.state_path();
    let mut state = State::load(&state_path)?;
    let pages_dir = config.pages_dir();
    std::fs::create_dir_all(&pages_dir).map_err(|e| FetchError::io(&pages_dir, e))?;
    let fetcher = Fetcher {
        client: Client::new(config),
        config,
        robots: Mutex::new(HashMap::new()),
    };
    let mut report = FetchReport::default();

    // Feeds.
    let mut jobs = Vec::new();
    for url in dedupe(feed_urls.iter().cloned()) {
        match host_key(&url) {
            Some(host) => {
                let validators = validators(&state, &url);
                jobs.push((host, (url, validators)));
            }
            None => report.failures.push(Failure {
                url,
                reason: "not an http(s) URL".to_string(),
            }),
        }
    }
    let feeds = pool::run(
        jobs,
        config.concurrency,
        config.per_host,
        |(url, validators)| {
            let result = fetcher.feed(&url, validators.as_ref());
            (url, result)
        },
    );

    // Entries: saved from the feed, or queued for download.
    let mut page_jobs = Vec::new();
    let mut queued = BTreeSet::new();
    for (url, result) in feeds {
        let (feed, answer) = match result {
            FeedResult::NotModified => {
                report.feeds_not_modified += 1;
                continue;
            }
            FeedResult::Failed(reason) => {
                report.failures.push(Failure { url, reason });
                continue;
            }
            FeedResult::Parsed(feed, answer) => (feed, answer),
        };
        report.feeds += 1;
        report.entries += feed.entries.len();
        remember(&mut state, &url, &answer, None);
        for entry in &feed.entries {
            let hints = EntryHints::of(entry, &feed);
            if let Some(body) = entry.body() {
                let key = entry
                    .link
                    .clone()
                    .unwrap_or_else(|| format!("{url}#entry-{}", entry.number));
                let (page, ext) = if entry.content.is_some() && !entry.content_is_html {
                    (body.to_string(), "txt")
                } else {
                    (entry.as_page(body), "html")
                };
                let file = file_name(&key, ext);
                write_page(&pages_dir, &file, page.as_bytes())?;
                let slot = state.urls.entry(key).or_default();
                hints.apply(slot);
                slot.file = Some(file);
                report.from_feed += 1;
                continue;
            }
            let Some(link) = entry.link.clone() else {
                report.failures.push(Failure {
                    url: format!("{url}#entry-{}", entry.number),
                    reason: "entry has neither content nor a link".to_string(),
                });
                continue;
            };
            match host_key(&link) {
                Some(host) if queued.insert(link.clone()) => {
                    let validators = validators(&state, &link);
                    page_jobs.push((host, (link, hints, validators)));
                }
                Some(_) => {}
                None => report.failures.push(Failure {
                    url: link,
                    reason: "not an http(s) URL".to_string(),
                }),
            }
        }
    }

    // Pages.
    let pages = pool::run(
        page_jobs,
        config.concurrency,
        config.per_host,
        |(url, hints, validators)| {
            let result = fetcher.page(&url, validators.as_ref(), &pages_dir);
            (url, hints, result)
        },
    );
    for (url, hints, result) in pages {
        match result {
            PageResult::Saved(file, answer) => {
                report.downloaded += 1;
                remember(&mut state, &url, &answer, Some(file));
                hints.apply(state.urls.entry(url).or_default());
            }
            PageResult::NotModified => {
                report.not_modified += 1;
                hints.apply(state.urls.entry(url).or_default());
            }
            PageResult::Failed(reason) => report.failures.push(Failure { url, reason }),
        }
    }

    state.save(&state_path)?;
    report.pages = write_manifest(&state, &config.manifest_path())?;
    write_failures(&report.failures, &config.failures_path())?;
    Ok(report)
}

/// Hints an entry gives its page.
#[derive(Debug, Clone)]
struct EntryHints {
    outlet: Option<String>,
    published: Option<String>,
    title: Option<String>,
}

impl EntryHints {
    fn of(entry: &FeedEntry, feed: &ParsedFeed) -> EntryHints {
        EntryHints {
            outlet: feed.outlet.clone(),
            published: entry.published.map(|d| d.to_string()),
            title: entry.title.clone(),
        }
    }

    fn apply(&self, slot: &mut UrlState) {
        slot.outlet = self.outlet.clone().or(slot.outlet.take());
        slot.published = self.published.clone().or(slot.published.take());
        slot.title = self.title.clone().or(slot.title.take());
    }
}

enum FeedResult {
    Parsed(ParsedFeed, Answer),
    NotModified,
    Failed(String),
}

enum PageResult {
    Saved(String, Answer),
    NotModified,
    Failed(String),
}

/// Shared by the workers of one run.
struct Fetcher<'c> {
    client: Client,
    config: &'c Config,
    /// robots.txt per origin, fetched once by the first worker that needs it.
    robots: Mutex<HashMap<String, Arc<OnceLock<Robots>>>>,
}

impl Fetcher<'_> {
    /// Fetches a URL that robots.txt allows; `Err` is the failure reason.
    fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Answer, String> {
        if !self.allowed(url) {
            return Err("disallowed by robots.txt".to_string());
        }
        let answer = self.client.get(url, validators)?;
        match answer.status {
            200 | 304 => Ok(answer),
            status => Err(format!(
                "HTTP {status}{}",
                if answer.attempts > 1 {
                    format!(" after {} attempts", answer.attempts)
                } else {
                    String::new()
                }
            )),
        }
    }

    fn feed(&self, url: &str, validators: Option<&Validators>) -> FeedResult {
        let answer = match self.get(url, validators) {
            Ok(answer) => answer,
            Err(reason) => return FeedResult::Failed(reason),
        };
        if answer.status == 304 {
            return FeedResult::NotModified;
        }
        match storyline_source::parse_feed(&answer.body, Some(&answer.url)) {
            Ok(feed) => FeedResult::Parsed(feed, answer),
            Err(error) => FeedResult::Failed(error.to_string()),
        }
    }

    fn page(&self, url: &str, validators: Option<&Validators>, pages_dir: &Path) -> PageResult {
        let answer = match self.get(url, validators) {
            Ok(answer) => answer,
            Err(reason) => return PageResult::Failed(reason),
        };
        if answer.status == 304 {
            return PageResult::NotModified;
        }
        if !is_html(answer.content_type.as_deref(), &answer.body) {
            return PageResult::Failed(format!(
                "not an HTML page (Content-Type {})",
                answer.content_type.as_deref().unwrap_or("missing")
            ));
        }
        let file = file_name(url, "html");
        match write_page(pages_dir, &file, &answer.body) {
            Ok(()) => PageResult::Saved(file, answer),
            Err(error) => PageResult::Failed(error.to_string()),
        }
    }

    fn allowed(&self, url: &str) -> bool {
        if !self.config.obey_robots {
            return true;
        }
        let Ok(parsed) = url::Url::parse(url) else {
            return false;
        };
        let origin = parsed.origin().ascii_serialization();
        let cell = {
            let mut robots = self.robots.lock().unwrap_or_else(|p| p.into_inner());
            robots.entry(origin.clone()).or_default().clone()
        };
        let rules = cell.get_or_init(|| self.fetch_robots(&origin));
        let mut path = parsed.path().to_string();
        if let Some(query) = parsed.query() {
            path.push('?');
            path.push_str(query);
        }
        rules.allowed(&path)
    }

    /// robots.txt of `origin`: parsed when found, allow-all on 4xx, deny-all
    /// when unreachable or on 5xx (RFC 9309).
    fn fetch_robots(&self, origin: &str) -> Robots {
        match self.client.get(&format!("{origin}/robots.txt"), None) {
            Ok(answer) if answer.status == 200 => {
                Robots::parse(&String::from_utf8_lossy(&answer.body), ROBOTS_AGENT)
            }
            Ok(answer) if (400..500).contains(&answer.status) => Robots::allow_all(),
            _ => Robots::deny_all(),
        }
    }
}

fn dedupe(urls: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    urls.filter(|u| seen.insert(u.clone())).collect()
}

/// `host:port` of an http(s) URL, the unit of per-host limits.
fn host_key(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    Some(format!(
        "{}:{}",
        parsed.host_str()?,
        parsed.port_or_known_default()?
    ))
}

fn validators(state: &State, url: &str) -> Option<Validators> {
    let known = state.urls.get(url)?;
    (known.etag.is_some() || known.last_modified.is_some()).then(|| Validators {
        etag: known.etag.clone(),
        last_modified: known.last_modified.clone(),
    })
}

fn remember(state: &mut State, url: &str, answer: &Answer, file: Option<String>) {
    let slot = state.urls.entry(url.to_string()).or_default();
    slot.etag = answer.etag.clone();
    slot.last_modified = answer.last_modified.clone();
    slot.fetched = Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    if file.is_some() {
        slot.file = file;
    }
}

fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type.map(|c| c.to_ascii_lowercase()) {
        Some(c) if c.contains("html") => true,
        Some(c) if !c.starts_with("application/octet-stream") => false,
        _ => {
            let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            head.trim_start().starts_with("<!doctype html")
                || head.trim_start().starts_with("<html")
        }
    }
}

/// A file name unique to `url` (the manifest matches by name): host, the last
/// path segment, and a hash of the whole URL.
pub fn file_name(url: &str, ext: &str) -> String {
    let parsed = url::Url::parse(url).ok();
    let host = parsed
        .as_ref()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let last = parsed
        .as_ref()
        .and_then(|u| {
            u.path_segments()?
                .rfind(|s| !s.is_empty())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let last = last
        .rsplit_once('.')
        .map_or(last.as_str(), |(stem, _)| stem);
    let slug = |text: &str| -> String {
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        cleaned
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
            .chars()
            .take(60)
            .collect()
    };
    let hash = Sha256::digest(url.as_bytes());
    let hash: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let mut name = slug(&host);
    let last = slug(last);
    if !last.is_empty() {
        name.push('-');
        name.push_str(&last);
    }
    format!("{name}-{hash}.{ext}")
}

fn write_page(dir: &Path, file: &str, bytes: &[u8]) -> Result<(), FetchError> {
    state::write_atomically(&dir.join(file), bytes)
}

/// Writes the manifest of every saved page; returns how many it lists.
fn write_manifest(state: &State, path: &Path) -> Result<usize, FetchError> {
    let mut lines = String::new();
    let mut count = 0;
    for (url, known) in &state.urls {
        let Some(file) = &known.file else {
            continue;
        };
        let line = serde_json::json!({
            "file": file,
            "url": url,
            "outlet": known.outlet,
            "published": known.published,
            "title": known.title,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
        count += 1;
    }
    state::write_atomically(path, lines.as_bytes())?;
    Ok(count)
}

fn write_failures(failures: &[Failure], path: &Path) -> Result<(), FetchError> {
    let mut lines = String::new();
    for failure in failures {
        lines.push_str(&serde_json::to_string(failure).unwrap_or_default());
        lines.push('\n');
    }
    state::write_atomically(path, lines.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_readable_and_unique() {
        let a = file_name("https://news.example/2024/03/bridge-reopens.html", "html");
        assert!(a.starts_with("news-example-bridge-reopens-"), "{a}");
        assert!(a.ends_with(".html"));
        let b = file_name("https://news.example/2024/04/bridge-reopens.html", "html");
        assert_ne!(a, b);
    }

    #[test]
    fn hosts_include_the_port() {
        assert_eq!(
            host_key("http://127.0.0.1:8080/a").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host_key("https://a.example/").as_deref(),
            Some("a.example:443")
        );
        assert_eq!(host_key("ftp://a.example/"), None);
    }

    #[test]
    fn html_is_recognised_by_type_or_by_its_start() {
        assert!(is_html(Some("text/html; charset=utf-8"), b""));
        assert!(!is_html(Some("application/pdf"), b"<html>"));
        assert!(is_html(None, b"  <!DOCTYPE html><html>"));
    }
}
