//! End-to-end ingest: the real binary on feeds, WARC files and mapped JSONL
//! (`analyze`), on the invented site served on loopback (`fetch`), and on a
//! folder that files land in (`watch`). No test touches the internet.

mod common;
#[path = "../../storyline-fetch/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo_root, stderr, storyline};
use serde_json::Value;

/// Sources of stored articles matching `query`.
fn search(db: &Path, query: &str) -> Vec<String> {
    try_search(db, query).expect("search failed")
}

/// Like [`search`], `None` when the search fails (e.g. while a writer holds the lock).
fn try_search(db: &Path, query: &str) -> Option<Vec<String>> {
    let output = storyline(&["search", query, "--db", db.to_str().unwrap(), "--json"]);
    if !output.status.success() {
        return None;
    }
    let hits = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let hit: Value = serde_json::from_str(line).unwrap();
            hit["source"].as_str().unwrap().to_string()
        })
        .collect();
    Some(hits)
}

fn name(source: &str) -> &str {
    source.rsplit('/').next().unwrap_or(source)
}

#[test]
fn analyze_reads_feeds_warc_and_mapped_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ingest.db");
    let out = dir.path().join("report.json");
    let output = storyline(&[
        "analyze",
        "tests/fixtures/ingest/feeds",
        "tests/fixtures/ingest/archive/news-crawl.warc.gz",
        "tests/fixtures/ingest/dumps/mapped.jsonl.gz",
        "--map",
        "outlet=meta.site,published=meta.ts",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("herald.rss#entry-2: entry \"Valdorian parliament opens spring session\" has only a summary; run `storyline fetch` to download the page"),
        "{err}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 7);
    let article = |source: &str| {
        articles
            .iter()
            .find(|a| name(a["source"].as_str().unwrap()) == source)
            .unwrap_or_else(|| panic!("no article {source}"))
    };
    let cranes = article("news-crawl.warc.gz#record-3");
    assert_eq!(cranes["url"], "https://courier.example/harbour-cranes");
    assert_eq!(
        cranes["published"], "2024-04-08",
        "the page's own date wins over the capture date"
    );
    assert_eq!(
        article("news-crawl.warc.gz#record-4")["published"],
        "2024-04-09",
        "an undated page takes its capture date"
    );
    let snow = article("mapped.jsonl.gz#1");
    assert_eq!(snow["outlet"], "Alpine Post");
    assert_eq!(snow["published"], "2024-04-05");
    assert_eq!(article("courier.atom#entry-1")["outlet"], "Selm Courier");

    let bad = storyline(&["analyze", "x", "--map", "body=text"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown field `body`"));
}

#[test]
fn fetch_downloads_the_site_politely_and_analyses_it() {
    let server = support::SiteServer::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fetched");
    let db = dir.path().join("fetched.db");
    let feed = server.url("/feed.xml");
    let args = [
        "fetch",
        feed.as_str(),
        "--out",
        out.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--retries",
        "2",
    ];
    let output = storyline(&args);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "fetch failed: {}: disallowed by robots.txt",
            server.url("/private/memo.html")
        )),
        "{err}"
    );
    assert!(err.contains("/news/missing.html: HTTP 404"), "{err}");
    assert!(
        err.contains("1 pages saved from feeds, 3 downloaded"),
        "{err}"
    );
    assert_eq!(server.hits("/private/memo.html"), 0);

    let barrier = search(&db, "flood barrier");
    assert_eq!(barrier.len(), 1);
    assert!(barrier[0].contains("/pages/"), "{barrier:?}");
    assert_eq!(search(&db, "ferry Brenn").len(), 1, "the 503 was retried");
    assert_eq!(
        search(&db, "library wing").len(),
        1,
        "feed content was kept"
    );

    // A second run asks with the saved validators and gets 304.
    let output = storyline(&args);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("0 feeds read, 1 unchanged"), "{err}");
    assert!(err.contains("0 new, 4 already stored"), "{err}");
}

fn copy_fixture(from: &str, to: &Path) {
    std::fs::copy(repo_root().join(from), to).unwrap();
}

#[test]
fn watch_once_takes_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let db = dir.path().join("watch.db");
    copy_fixture(
        "tests/fixtures/ingest/archive/news-crawl.warc",
        &inbox.join("crawl.warc"),
    );
    std::fs::write(
        inbox.join(".partial.html"),
        "<p>hidden files are ignored</p>",
    )
    .unwrap();
    let output = storyline(&[
        "watch",
        inbox.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--once",
        "--interval",
        "0.05",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(search(&db, "harbour cranes").len(), 1);
    assert_eq!(search(&db, "island school roof").len(), 1);
}

#[test]
fn watch_picks_up_files_as_they_land() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(inbox.join("later")).unwrap();
    let db = dir.path().join("watch.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args([
            "watch",
            inbox.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--interval",
            "0.1",
            "--max-rounds",
            "3000",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Written after the watcher started, in a subfolder, gzip'd.
    copy_fixture(
        "tests/fixtures/ingest/dumps/mapped.jsonl.gz",
        &inbox.join("later/mapped.jsonl.gz"),
    );
    // Poll the database until the watcher has stored the file; a generous
    // deadline only guards against a hang.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut found = Vec::new();
    while Instant::now() < deadline {
        if db.exists() {
            found = try_search(&db, "mountain pass").unwrap_or_default();
            if !found.is_empty() {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(found.len(), 1, "the watcher stored the new file");
    assert!(found[0].ends_with("mapped.jsonl.gz#1"));
}
