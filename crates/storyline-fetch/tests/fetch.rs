//! `fetch` against the invented site served on loopback (see `support`).

mod support;

use std::time::Duration;

use storyline_fetch::{fetch, Config, Failure};
use support::SiteServer;

fn config(out: &std::path::Path) -> Config {
    let mut config = Config::new(out.to_path_buf());
    config.backoff = Duration::from_millis(10);
    config.max_backoff = Duration::from_secs(2);
    config.timeout = Duration::from_secs(10);
    config.retries = 2;
    config
}

fn manifest_lines(config: &Config) -> Vec<serde_json::Value> {
    std::fs::read_to_string(config.manifest_path())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn feed_pages_robots_retries_failures_and_conditional_requests() {
    let server = SiteServer::start();
    let out = tempfile::tempdir().unwrap();
    let config = config(out.path());
    let feed = server.url("/feed.xml");

    let report = fetch(std::slice::from_ref(&feed), &config).unwrap();
    assert_eq!(report.feeds, 1);
    assert_eq!(report.entries, 6);
    assert_eq!(report.from_feed, 1, "the library entry carries its content");
    assert_eq!(report.downloaded, 3, "{:?}", report.failures);
    assert_eq!(report.pages, 4);
    assert_eq!(
        report.failures,
        [
            Failure {
                url: server.url("/private/memo.html"),
                reason: "disallowed by robots.txt".into()
            },
            Failure {
                url: server.url("/news/missing.html"),
                reason: "HTTP 404".into()
            },
        ]
    );
    assert_eq!(server.hits("/private/memo.html"), 0, "robots.txt is obeyed");
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt is read once per host"
    );
    assert_eq!(server.hits("/news/ferry.html"), 2, "a 503 is retried");
    assert!(server
        .requests()
        .iter()
        .all(|r| r.headers["user-agent"].starts_with("storyline/")));

    let manifest = manifest_lines(&config);
    let barrier = manifest
        .iter()
        .find(|l| l["url"] == server.url("/news/flood-barrier.html"))
        .unwrap();
    assert_eq!(barrier["outlet"], "Kessel Valley Gazette");
    assert_eq!(barrier["published"], "2024-03-04");
    assert_eq!(barrier["title"], "Flood barrier completed in Kessel");
    let page = config.pages_dir().join(barrier["file"].as_str().unwrap());
    assert!(std::fs::read_to_string(page)
        .unwrap()
        .contains("420 metres long"));
    let failures = std::fs::read_to_string(config.failures_path()).unwrap();
    assert_eq!(failures.lines().count(), 2);
    assert!(failures.contains("disallowed by robots.txt"));

    // Second run: the feed has not changed, so nothing else is asked for.
    let before = server.requests().len();
    let report = fetch(std::slice::from_ref(&feed), &config).unwrap();
    assert_eq!(report.feeds_not_modified, 1);
    assert_eq!(report.downloaded + report.not_modified, 0);
    assert_eq!(report.pages, 4, "the manifest keeps earlier pages");
    let asked: Vec<_> = server.requests()[before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(asked, ["/robots.txt", "/feed.xml"]);
    assert!(server.requests()[before + 1]
        .headers
        .contains_key("if-none-match"));

    // Third run with the feed's validators forgotten: the feed is read again and
    // every known page answers 304 to its conditional request.
    let state_path = config.state_path();
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state_path).unwrap()).unwrap();
    state["urls"][&feed] = serde_json::json!({});
    std::fs::write(&state_path, state.to_string()).unwrap();
    let report = fetch(std::slice::from_ref(&feed), &config).unwrap();
    assert_eq!(report.feeds, 1);
    assert_eq!(report.not_modified, 3);
    assert_eq!(report.downloaded, 0);
    assert_eq!(report.pages, 4);
}

#[test]
fn unreachable_hosts_and_non_feeds_are_failures_with_reasons() {
    let server = SiteServer::start();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let out = tempfile::tempdir().unwrap();
    let mut config = config(out.path());
    config.obey_robots = false;
    config.retries = 1;
    let urls = [
        format!("http://{closed}/feed.xml"),
        server.url("/news/rail-strike.html"),
        "file:///etc/passwd".to_string(),
    ];
    let report = fetch(&urls, &config).unwrap();
    assert_eq!(report.feeds, 0);
    let reasons: Vec<(&str, &str)> = report
        .failures
        .iter()
        .map(|f| (f.url.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(reasons[0], ("file:///etc/passwd", "not an http(s) URL"));
    assert!(reasons[1].1.starts_with("connection failed"), "{reasons:?}");
    assert!(reasons[1].1.ends_with("(after 2 attempts)"), "{reasons:?}");
    assert!(
        reasons[2].1.starts_with("not a readable RSS or Atom feed"),
        "{reasons:?}"
    );
}
