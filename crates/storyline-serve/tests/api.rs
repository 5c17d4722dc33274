//! API integration tests: the whole router, called with `oneshot` (no socket),
//! over a database filled through `POST /api/articles` with the demo corpus.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use storyline_serve::{app, AppState, Config};
use tower::ServiceExt;

const TOKEN: &str = "test-token-0123";

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo")
}

/// The demo corpus's `.txt` files as JSONL records carrying their manifest
/// metadata, followed by the demo feed's records.
fn demo_jsonl() -> String {
    let dir = demo_dir();
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap();
    let mut out = String::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let mut record: Value = serde_json::from_str(line).unwrap();
        let file = record["file"].as_str().unwrap().to_string();
        if !file.ends_with(".txt") {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        let object = record.as_object_mut().unwrap();
        object.remove("file");
        object.insert("text".into(), Value::String(text));
        out.push_str(&serde_json::to_string(&record).unwrap());
        out.push('\n');
    }
    out.push_str(&std::fs::read_to_string(dir.join("demo-feed.jsonl")).unwrap());
    out
}

/// Manifest metadata of the demo's `.html` files: (file, query string).
fn demo_html_files() -> Vec<(String, String)> {
    let manifest = std::fs::read_to_string(demo_dir().join("manifest.jsonl")).unwrap();
    manifest
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            let file = record["file"].as_str()?.to_string();
            file.ends_with(".html").then(|| {
                let mut query = format!("source={file}");
                for key in ["outlet", "published", "url", "title"] {
                    if let Some(value) = record[key].as_str() {
                        query.push_str(&format!("&{key}={}", encode(value)));
                    }
                }
                (file, query)
            })
        })
        .collect()
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Server {
    app: Router,
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn server_with(config: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let mut cfg = Config::new(db.clone());
    cfg.token = Some(TOKEN.into());
    config(&mut cfg);
    let state = AppState::open(cfg).unwrap();
    Server {
        app: app(state),
        _dir: dir,
        db,
    }
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, body)
}

fn post(
    uri: &str,
    content_type: &str,
    token: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(body.into()).unwrap()
}

/// Fills the server with the demo corpus through the API.
async fn load_demo(server: &Server) {
    let (status, _, body) = call(
        &server.app,
        post(
            "/api/articles?source=demo",
            "application/x-ndjson",
            Some(TOKEN),
            demo_jsonl(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["added"], 15, "{body}");
    for (file, query) in demo_html_files() {
        let html = std::fs::read(demo_dir().join(&file)).unwrap();
        let (status, _, body) = call(
            &server.app,
            post(
                &format!("/api/articles?{query}"),
                "text/html; charset=utf-8",
                Some(TOKEN),
                html,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{file}: {body}");
    }
}

/// Checks that every span-bearing object in `value` slices its article's text exactly.
fn assert_spans_exact(value: &Value, texts: &std::collections::HashMap<String, String>) -> usize {
    let mut checked = 0;
    match value {
        Value::Object(map) => {
            if let (
                Some(Value::String(article)),
                Some(start),
                Some(end),
                Some(Value::String(text)),
            ) = (
                map.get("article"),
                map.get("start"),
                map.get("end"),
                map.get("text"),
            ) {
                let body = texts.get(article).expect("cited article is served");
                let (start, end) = (
                    start.as_u64().unwrap() as usize,
                    end.as_u64().unwrap() as usize,
                );
                assert_eq!(&body.as_bytes()[start..end], text.as_bytes(), "{map:?}");
                checked += 1;
            }
            for child in map.values() {
                checked += assert_spans_exact(child, texts);
            }
        }
        Value::Array(items) => {
            for item in items {
                checked += assert_spans_exact(item, texts);
            }
        }
        _ => {}
    }
    checked
}

#[tokio::test]
async fn the_demo_corpus_posted_through_the_api_reads_back_as_stories() {
    let server = server_with(|_| {});
    load_demo(&server).await;
    let app = &server.app;

    let (status, meta) = get(app, "/api/meta").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(meta["n_articles"], 18, "{meta}");
    assert_eq!(meta["n_events"], 4, "{meta}");
    assert_eq!(meta["n_stories"], 2, "{meta}");
    assert_eq!(meta["writes_enabled"], true);

    let (_, stories) = get(app, "/api/stories").await;
    assert_eq!(stories["total"], 2);
    let (_, found) = get(app, "/api/stories?q=wildfire").await;
    assert_eq!(found["total"], 1, "{found}");
    let (_, found) = get(app, "/api/stories?q=HALDEN%20brid").await;
    assert_eq!(found["total"], 1, "{found}");
    let bridge = found["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(found["items"][0]["n_events"], 3);

    let (status, page) = get(app, &format!("/api/stories/{bridge}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["events"].as_array().unwrap().len(), 3);
    assert!(!page["timeline"].as_array().unwrap().is_empty());
    // Each entry carries what the page's chart sizes it by, and the sentences
    // its text is made of, cited.
    for entry in page["timeline"].as_array().unwrap() {
        assert!(entry["salience"].as_f64().unwrap() > 0.0, "{entry}");
        let told = entry["summary"].as_array().unwrap();
        assert!(!told.is_empty() && told.len() <= 2, "{entry}");
        assert!(told[0]["article"].is_string());
    }
    assert!(!page["summary"].as_array().unwrap().is_empty());
    assert!(!page["corroborations"].as_array().unwrap().is_empty());
    assert!(!page["conflicts"].as_array().unwrap().is_empty());
    let speakers = page["speakers"].as_array().unwrap();
    assert!(
        speakers.iter().any(|s| s["name"] == "Mira Kovan"),
        "{speakers:?}"
    );
    // Each comparison shows every side with the outlet behind it.
    for comparison in page["conflicts"].as_array().unwrap() {
        let claims = comparison["claims"].as_array().unwrap();
        assert!(claims.len() >= 2, "{comparison}");
        assert!(claims
            .iter()
            .all(|c| c["outlet"].as_str().is_some_and(|o| !o.is_empty())));
    }

    // Every span on the story page slices its article exactly (UTF-8 bytes).
    let mut texts = std::collections::HashMap::new();
    for article in page["articles"].as_array().unwrap() {
        let id = article["id"].as_str().unwrap();
        let (status, body) = get(app, &format!("/api/articles/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        texts.insert(
            id.to_string(),
            body["article"]["text"].as_str().unwrap().to_string(),
        );
    }
    let checked = assert_spans_exact(&page, &texts);
    assert!(checked > 50, "only {checked} spans checked");

    for part in ["timeline", "comparison", "summary"] {
        let (status, body) = get(app, &format!("/api/stories/{bridge}/{part}")).await;
        assert_eq!(status, StatusCode::OK, "{part}: {body}");
        assert_eq!(body["story"]["id"], bridge.as_str());
    }
    // The whole timeline and comparison come a page at a time: this story's
    // fit on one, which `?page=1` names too; past it is not found, page 0 refused.
    let (_, timeline) = get(app, &format!("/api/stories/{bridge}/timeline")).await;
    assert_eq!(
        (timeline["page"].as_u64(), timeline["pages"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        timeline["n_items"].as_u64(),
        Some(timeline["timeline"].as_array().unwrap().len() as u64)
    );
    let (_, comparison) = get(app, &format!("/api/stories/{bridge}/comparison?page=1")).await;
    assert_eq!(comparison["pages"], 1);
    assert_eq!(
        comparison["n_items"].as_u64(),
        Some(
            (comparison["corroborations"].as_array().unwrap().len()
                + comparison["conflicts"].as_array().unwrap().len()) as u64
        )
    );
    for part in ["timeline", "comparison"] {
        let (status, body) = get(app, &format!("/api/stories/{bridge}/{part}?page=2")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("no page 2"),
            "{body}"
        );
        let (status, _) = get(app, &format!("/api/stories/{bridge}/{part}?page=0")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = get(app, &format!("/api/stories/nope/{part}?page=2")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // The story page carries its coverage series over all its articles.
    let coverage = &page["coverage"];
    let drawn: u64 = coverage["bars"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|bar| bar["counts"].as_array().unwrap())
        .flat_map(|slot| slot.as_array().unwrap())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        drawn + coverage["n_undated"].as_u64().unwrap(),
        page["story"]["n_articles"].as_u64().unwrap(),
        "{coverage}"
    );

    let (_, events) = get(app, "/api/events").await;
    assert_eq!(events["total"], 4);
    let event_id = events["items"][0]["id"].as_str().unwrap();
    let (status, event) = get(app, &format!("/api/events/{event_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!event["articles"].as_array().unwrap().is_empty());

    let (_, hits) = get(app, "/api/articles?q=Halden&limit=3").await;
    assert_eq!(hits["items"].as_array().unwrap().len(), 3);
    assert!(hits["items"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[Halden]"));
    assert_eq!(hits["next_offset"], 3);
    let (_, listed) = get(app, "/api/articles?order=oldest&limit=1").await;
    assert_eq!(listed["total"], 18);
    assert_eq!(listed["items"][0]["published"], "2025-03-10");

    let (_, entities) = get(app, "/api/entities?q=kovan&kind=person").await;
    assert_eq!(entities["items"][0]["name"], "Mira Kovan", "{entities}");
    let (status, kovan) = get(app, "/api/entities/mira%20kovan?limit=2").await;
    assert_eq!(status, StatusCode::OK, "{kovan}");
    assert_eq!(kovan["mentions"]["items"].as_array().unwrap().len(), 2);

    let (_, quotes) = get(app, "/api/quotes?speaker=Mira%20Kovan").await;
    assert!(quotes["total"].as_u64().unwrap() >= 2, "{quotes}");
    let (_, quotes) = get(app, "/api/quotes?q=blackmailed").await;
    assert!(quotes["total"].as_u64().unwrap() >= 2, "{quotes}");
    let (_, quotes) = get(app, &format!("/api/quotes?story={bridge}&limit=1")).await;
    assert!(quotes["total"].as_u64().unwrap() > 10);

    let (status, diagnostics) = get(app, "/api/diagnostics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(diagnostics["items"].is_array());

    // A restart reads the same from the store.
    let again = app_on(&server.db, None);
    let (_, meta_again) = get(&again, "/api/meta").await;
    assert_eq!(meta_again["n_stories"], 2);
    let (_, page_again) = get(&again, &format!("/api/stories/{bridge}")).await;
    assert_eq!(page_again["speakers"], page["speakers"]);
    assert_eq!(meta_again["writes_enabled"], false);
}

fn app_on(db: &Path, token: Option<&str>) -> Router {
    let mut config = Config::new(db.to_path_buf());
    config.token = token.map(String::from);
    app(AppState::open(config).unwrap())
}

#[tokio::test]
async fn writes_need_the_token_and_reads_do_not() {
    let server = server_with(|_| {});
    let text = "Talks on the Halden Bridge failed on Monday, the envoy said.";
    for token in [None, Some("wrong-token-0123"), Some("test-token-012")] {
        let (status, _, body) = call(
            &server.app,
            post("/api/articles", "text/plain", token, text),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    let (status, _, body) = call(
        &server.app,
        post(
            "/api/articles?outlet=Example&published=2025-03-10",
            "text/plain",
            Some(TOKEN),
            text,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["added"], 1);
    assert_eq!(body["articles"][0]["outlet"], "Example");
    assert_eq!(body["articles"][0]["published"], "2025-03-10");
    assert_eq!(body["n_articles"], 1);
    // The same article again is stored once.
    let (status, _, body) = call(
        &server.app,
        post("/api/articles", "text/plain", Some(TOKEN), text),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["added"].clone(), body["unchanged"].clone()),
        (json!(0), json!(1))
    );
    let (status, _) = get(&server.app, "/api/meta").await;
    assert_eq!(status, StatusCode::OK);

    // Without a token configured, writes are off whatever is sent.
    let read_only = app_on(&server.db, None);
    let (status, _, body) = call(
        &read_only,
        post("/api/articles", "text/plain", Some(TOKEN), text),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "writes_disabled");
    let (_, meta) = get(&read_only, "/api/meta").await;
    assert_eq!(meta["n_articles"], 1);
}

#[tokio::test]
async fn every_bad_request_gets_a_json_error_with_a_stable_code() {
    let server = server_with(|config| config.max_body_bytes = 1024);
    let app = &server.app;
    let cases: &[(&str, StatusCode, &str)] = &[
        ("/api/stories/nope", StatusCode::NOT_FOUND, "not_found"),
        ("/api/events/nope", StatusCode::NOT_FOUND, "not_found"),
        ("/api/articles/nope", StatusCode::NOT_FOUND, "not_found"),
        ("/api/entities/nobody", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/stories/nope/timeline",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/quotes?story=nope", StatusCode::NOT_FOUND, "not_found"),
        ("/api/no-such-route", StatusCode::NOT_FOUND, "not_found"),
        ("/no/such/page", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/stories?limit=0",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/stories?limit=501",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/stories?limit=ten",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/stories?offset=-1",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/stories?order=sideways",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/entities?kind=alien",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/stories?q=%22%2A-",
            StatusCode::BAD_REQUEST,
            "empty_query",
        ),
        (
            "/api/articles?q=%22%2A",
            StatusCode::BAD_REQUEST,
            "empty_query",
        ),
        (
            "/api/articles?q=bridge&offset=20000",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ];
    for (uri, want_status, want_code) in cases {
        let (status, headers, body) =
            call(app, Request::get(*uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, *want_status, "{uri}: {body}");
        assert_eq!(body["error"]["code"], *want_code, "{uri}: {body}");
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
    }

    let (status, _, body) = call(
        app,
        Request::delete("/api/stories").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );

    let writes: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (
            post("/api/articles", "application/pdf", Some(TOKEN), "%PDF-1.4"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            Request::post("/api/articles")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::from("text"))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            post("/api/articles", "text/plain", Some(TOKEN), "x".repeat(2000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            post("/api/articles", "text/plain", Some(TOKEN), "  \n "),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            post(
                "/api/articles?published=last%20Monday",
                "text/plain",
                Some(TOKEN),
                "Talks failed.",
            ),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            post(
                "/api/articles",
                "text/plain",
                Some(TOKEN),
                b"\x00\x01\x02PK\x03\x04binary\x00".to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_input",
        ),
        (
            post(
                "/api/articles",
                "application/x-ndjson",
                Some(TOKEN),
                "{not json\n[1,2]\n",
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_input",
        ),
        (
            post(
                "/api/articles",
                "application/json",
                Some(TOKEN),
                "{\"title\": \"no body\"}",
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_input",
        ),
    ];
    for (request, want_status, want_code) in writes {
        let what = format!(
            "{} {:?}",
            request.uri(),
            request.headers().get(header::CONTENT_TYPE)
        );
        let (status, _, body) = call(app, request).await;
        assert_eq!(status, want_status, "{what}: {body}");
        assert_eq!(body["error"]["code"], want_code, "{what}: {body}");
    }
    let (_, _, body) = call(
        app,
        post(
            "/api/articles",
            "application/x-ndjson",
            Some(TOKEN),
            "{not json\n",
        ),
    )
    .await;
    assert_eq!(body["error"]["problems"][0]["source"], "api#1", "{body}");

    let (status, _, body) = call(
        app,
        Request::get("/api/meta")
            .header(header::HOST, "attacker.example:8080")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_host"))
    );
    let (status, _, _) = call(
        app,
        Request::get("/api/meta")
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn markup_from_the_wild_stays_text_and_the_page_is_locked_down() {
    let server = server_with(|_| {});
    let app = &server.app;
    let hostile = "Officials met in Merhaven on Monday. <a href=\"javascript:alert(1)\" target=\"_blank\">Click</a> \
                   <script>alert('x')</script> “We will not be blackmailed,” Kovan said.";
    let (status, _, body) = call(
        app,
        post(
            "/api/articles?title=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
            "text/plain",
            Some(TOKEN),
            hostile,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["articles"][0]["id"].as_str().unwrap().to_string();
    let (_, headers, article) = call(
        app,
        Request::get(format!("/api/articles/{id}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    // The title stays as given, as a JSON string: rendering it is the page's job, as text.
    assert_eq!(article["article"]["title"], "<img src=x onerror=alert(1)>");
    assert!(headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));

    for path in ["/", "/stories/anything", "/articles/anything"] {
        let response = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let html = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(html.to_vec()).unwrap();
        assert!(html.contains("<script src=\"/assets/app.js\" defer></script>"));
        assert!(!html.contains("Merhaven"), "the shell holds no data");
    }
    let (status, headers, script) = call(
        app,
        Request::get("/assets/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let script = script.as_str().unwrap();
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(banned), "app.js uses {banned}");
    }
    let (status, _, yaml) = call(
        app,
        Request::get("/api/openapi.yaml")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(yaml.as_str().unwrap().contains("/api/stories/{id}"));
}

#[tokio::test]
async fn a_write_through_one_server_shows_on_another_without_a_restart() {
    let writer = server_with(|_| {});
    // Opened before anything is stored: it holds no copy of the corpus.
    let reader = app_on(&writer.db, None);
    let (_, meta) = get(&reader, "/api/meta").await;
    assert_eq!(meta["n_articles"], 0);
    load_demo(&writer).await;
    let (_, meta) = get(&reader, "/api/meta").await;
    assert_eq!(meta["n_articles"], 18, "{meta}");
    let (status, stories) = get(&reader, "/api/stories").await;
    assert_eq!(status, StatusCode::OK);
    let id = stories["items"][0]["id"].as_str().unwrap().to_string();
    let (_, from_writer) = get(&writer.app, &format!("/api/stories/{id}")).await;
    let (_, from_reader) = get(&reader, &format!("/api/stories/{id}")).await;
    assert_eq!(from_reader, from_writer);
    assert!(from_reader["articles"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn a_posted_jsonl_with_a_bad_line_stores_the_rest_and_names_the_line() {
    let server = server_with(|_| {});
    let body = "{\"title\": \"Talks\", \"outlet\": \"Example\", \"published\": \"2025-01-02\", \"text\": \"Talks between Merhaven and Kovan failed on Monday, officials said.\"}\n\
                \n\
                {\"title\": \"Broken\", \"text\": \n\
                {\"text\": \"A second record.\", \"date\": \"not a date\"}\n";
    let (status, _, summary) = call(
        &server.app,
        post(
            "/api/articles?source=wire",
            "application/x-ndjson",
            Some(TOKEN),
            body,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{summary}");
    let sources: Vec<&str> = summary["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["wire#1", "wire#4"], "{summary}");
    let problems: Vec<(&str, &str)> = summary["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["source"].as_str().unwrap(),
                p["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(problems.len(), 2, "{summary}");
    assert_eq!(problems[0].0, "wire#3");
    assert!(problems[0].1.starts_with("invalid JSON"), "{summary}");
    assert_eq!(problems[1].0, "wire#4");
    assert!(problems[1].1.contains("field `date`"), "{summary}");
}

#[tokio::test]
async fn a_long_article_pages_its_lists_and_names_the_limit_it_hit() {
    let server = server_with(|_| {});
    // 1,500 sentences naming two people (3,000 mentions), then a run of
    // 9,000 bytes with no sentence end.
    let text = "Anna Lind met Tomas Ferrin at the harbour. ".repeat(1500) + &"cargo ".repeat(1500);
    let (status, _, summary) = call(
        &server.app,
        post(
            "/api/articles?source=long.txt",
            "text/plain; charset=utf-8",
            Some(TOKEN),
            text,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{summary}");
    let problems = summary["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{summary}");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 4096 bytes without a sentence end"),
        "{summary}"
    );
    let id = summary["articles"][0]["id"].as_str().unwrap().to_string();

    let (status, page) = get(&server.app, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let listed = page["mentions"].as_array().unwrap().len();
    let omitted = page["omitted"]["mentions"].as_u64().unwrap() as usize;
    assert_eq!(listed, storyline_views::PAGE_ITEMS);
    assert!(omitted > storyline_views::PAGE_ITEMS, "{omitted}");

    let (status, first) = get(&server.app, &format!("/api/articles/{id}/mentions")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["page"], 1);
    let pages = first["pages"].as_u64().unwrap() as usize;
    let mut paged = 0;
    for p in 1..pages {
        let (status, body) = get(
            &server.app,
            &format!("/api/articles/{id}/mentions?page={p}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        paged += body["items"].as_array().unwrap().len();
    }
    assert_eq!(paged, omitted);

    for (uri, expected) in [
        (
            format!("/api/articles/{id}/mentions?page={pages}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/articles/{id}/dates?page=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/articles/{id}/mentions?page=0"),
            StatusCode::BAD_REQUEST,
        ),
        (format!("/api/articles/{id}/words"), StatusCode::BAD_REQUEST),
        (
            "/api/articles/0000/mentions".to_string(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, body) = get(&server.app, &uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        assert!(body["error"]["message"].is_string(), "{uri}: {body}");
    }
}

#[tokio::test]
async fn a_large_story_pages_what_its_page_leaves_out() {
    let server = server_with(|_| {});
    // 70 reports of one strike, each from its own outlet.
    let jsonl: String = (0..70)
        .map(|i| {
            serde_json::json!({
                "title": format!("Saltmere port strike, day report {i}"),
                "outlet": format!("Outlet {i}"),
                "published": "2025-03-10",
                "text": format!("Dock workers at the port of Saltmere stayed off the job on Monday in the strike over the transit levy. \"We will stay out until the levy goes,\" union leader Tomas Ferrin said. Reporter {i} counted pickets at gate {i}."),
            })
            .to_string()
                + "\n"
        })
        .collect();
    let (status, _, summary) = call(
        &server.app,
        post(
            "/api/articles?source=strike.jsonl",
            "application/x-ndjson",
            Some(TOKEN),
            jsonl,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{summary}");
    let (_, stories) = get(&server.app, "/api/stories?sort=size&limit=1").await;
    let head = &items(&stories)[0];
    let id = head["id"].as_str().unwrap();
    let n_articles = head["n_articles"].as_u64().unwrap() as usize;
    let (status, page) = get(&server.app, &format!("/api/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let listed = page["articles"].as_array().unwrap().len();
    let omitted = page["omitted"]["articles"].as_u64().unwrap() as usize;
    assert!(
        omitted > 0 && listed + omitted == n_articles,
        "{listed} + {omitted}"
    );
    assert_eq!(page["story"]["n_outlets"], n_articles);

    let (status, first) = get(&server.app, &format!("/api/stories/{id}/items/articles")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["page"].as_u64(), first["list"].as_str()),
        (Some(1), Some("articles"))
    );
    assert_eq!(first["n_items"], n_articles);
    let pages = first["pages"].as_u64().unwrap() as usize;
    let mut paged = 0;
    for p in 1..pages {
        let (status, body) = get(
            &server.app,
            &format!("/api/stories/{id}/items/articles?page={p}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        paged += items(&body).len();
    }
    assert_eq!(paged, omitted);

    for (uri, expected) in [
        (
            format!("/api/stories/{id}/items/articles?page={pages}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/stories/{id}/items/articles?page=0"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/api/stories/{id}/items/words"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/stories/0000/items/events".to_string(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, body) = get(&server.app, &uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        assert!(body["error"]["message"].is_string(), "{uri}: {body}");
    }
}

/// The items of a list answer.
fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a page of items")
}

/// Whether a list of numbers (or dates as text) never rises.
fn never_rises<T: PartialOrd>(values: &[T]) -> bool {
    values.windows(2).all(|pair| pair[0] >= pair[1])
}

#[tokio::test]
async fn stories_filter_by_date_outlet_entity_and_sources_and_sort() {
    let server = server_with(|_| {});
    load_demo(&server).await;
    let app = &server.app;
    let (_, all) = get(app, "/api/stories").await;
    let all = items(&all).clone();
    assert_eq!(all.len(), 2);
    for story in &all {
        let (n_sources, n_articles) = (
            story["n_sources"].as_u64().unwrap(),
            story["n_articles"].as_u64().unwrap(),
        );
        assert!(n_sources >= 1 && n_sources <= n_articles, "{story}");
    }

    // Sorts: each key never rises down the list.
    let (_, by_size) = get(app, "/api/stories?sort=size").await;
    let sizes: Vec<u64> = items(&by_size)
        .iter()
        .map(|s| s["n_articles"].as_u64().unwrap())
        .collect();
    assert!(never_rises(&sizes) && sizes.len() == 2, "{sizes:?}");
    let (_, by_sources) = get(app, "/api/stories?sort=sources").await;
    let sources: Vec<u64> = items(&by_sources)
        .iter()
        .map(|s| s["n_sources"].as_u64().unwrap())
        .collect();
    assert!(never_rises(&sources) && sources.len() == 2, "{sources:?}");
    let (_, by_recent) = get(app, "/api/stories?sort=recent").await;
    let lasts: Vec<String> = items(&by_recent)
        .iter()
        .map(|s| s["last_date"].as_str().unwrap().to_string())
        .collect();
    assert!(never_rises(&lasts) && lasts.len() == 2, "{lasts:?}");

    // Dates: a story passes a range that touches its span, and none passes one after every span.
    for story in &all {
        let (first, last) = (
            story["first_date"].as_str().unwrap(),
            story["last_date"].as_str().unwrap(),
        );
        for (from, to) in [
            (Some(first), Some(first)),
            (Some(last), None),
            (None, Some(first)),
        ] {
            let mut uri = "/api/stories?".to_string();
            if let Some(from) = from {
                uri.push_str(&format!("from={from}&"));
            }
            if let Some(to) = to {
                uri.push_str(&format!("to={to}"));
            }
            let (status, found) = get(app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}: {found}");
            assert!(
                items(&found).iter().any(|s| s["id"] == story["id"]),
                "{uri}: {found}"
            );
            for other in items(&found) {
                assert!(
                    from.is_none_or(|from| other["last_date"].as_str().unwrap() >= from),
                    "{uri}: {other}"
                );
                assert!(
                    to.is_none_or(|to| other["first_date"].as_str().unwrap() <= to),
                    "{uri}: {other}"
                );
            }
        }
    }
    let latest = all
        .iter()
        .map(|s| s["last_date"].as_str().unwrap())
        .max()
        .unwrap();
    let after = chrono_next_day(latest);
    let (_, none) = get(app, &format!("/api/stories?from={after}")).await;
    assert_eq!(none["total"], 0, "{none}");

    // Outlet: exactly the stories it has an article in.
    let (_, outlets) = get(app, "/api/outlets?limit=100").await;
    for outlet in items(&outlets) {
        let name = outlet["name"].as_str().unwrap();
        let (_, found) = get(app, &format!("/api/stories?outlet={}", encode(name))).await;
        let expected = all
            .iter()
            .filter(|s| s["outlets"].as_array().unwrap().iter().any(|o| o == name))
            .count();
        assert_eq!(found["total"], expected, "{name}: {found}");
        assert_eq!(
            expected as u64,
            outlet["n_stories"].as_u64().unwrap(),
            "{outlet}"
        );
    }

    // Entity: the stories its page lists; an unknown name matches none.
    let (_, kovan) = get(app, "/api/entities/Mira%20Kovan").await;
    let mut listed: Vec<&str> = kovan["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    listed.sort();
    let (_, found) = get(app, "/api/stories?entity=mira%20kovan").await;
    let mut ids: Vec<&str> = items(&found)
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert!(!ids.is_empty() && ids.len() < all.len(), "{found}");
    assert_eq!(ids, listed);
    let (_, nobody) = get(app, "/api/stories?entity=Nobody%20Atall").await;
    assert_eq!(nobody["total"], 0);

    // Independent sources: a threshold at the largest count keeps only those that reach it.
    let most = sources[0];
    let (_, strong) = get(app, &format!("/api/stories?min_sources={most}")).await;
    assert!(items(&strong)
        .iter()
        .all(|s| s["n_sources"].as_u64().unwrap() >= most));
    assert!(strong["total"].as_u64().unwrap() >= 1);
    let (_, too_many) = get(app, &format!("/api/stories?min_sources={}", most + 1)).await;
    assert_eq!(too_many["total"], 0);

    // Filters combine with words and paging.
    let (_, paged) = get(app, "/api/stories?sort=size&limit=1&offset=1").await;
    assert_eq!(paged["total"], 2);
    assert_eq!(items(&paged)[0]["id"], items(&by_size)[1]["id"]);
    assert_eq!(paged["next_offset"], Value::Null);
    let (_, worded) = get(app, "/api/stories?q=wildfire&sort=size").await;
    assert_eq!(worded["total"], 1);

    for (uri, what) in [
        ("/api/stories?from=2025-13-01", "from must be a date"),
        ("/api/stories?to=yesterday", "to must be a date"),
        ("/api/stories?from=2025-04-02&to=2025-04-01", "is after to"),
        ("/api/stories?sort=loudest", "sort must be"),
        ("/api/stories?sort=size&order=oldest", "not both"),
        ("/api/stories?min_sources=-1", "min_sources"),
        ("/api/stories?min_sources=many", "min_sources"),
        ("/api/articles?from=2025-03-01", "give q"),
        ("/api/articles?q=Halden&to=2025-3-1", "to must be a date"),
    ] {
        let (status, body) = get(app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["error"]["code"], "bad_request", "{uri}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(what), "{uri}: {message}");
    }
}

/// The day after `day` (`YYYY-MM-DD`).
fn chrono_next_day(day: &str) -> String {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    (date + chrono::Days::new(1)).to_string()
}

#[tokio::test]
async fn outlets_and_entities_have_pages_and_articles_filter_by_outlet() {
    let server = server_with(|_| {});
    load_demo(&server).await;
    let app = &server.app;

    let (status, outlets) = get(app, "/api/outlets?limit=100").await;
    assert_eq!(status, StatusCode::OK);
    let outlets = items(&outlets).clone();
    let counts: Vec<u64> = outlets
        .iter()
        .map(|o| o["n_articles"].as_u64().unwrap())
        .collect();
    assert!(never_rises(&counts), "{counts:?}");
    assert_eq!(
        counts.iter().sum::<u64>(),
        18,
        "every article has one outlet"
    );
    let (_, searched) = get(app, "/api/outlets?q=harbour").await;
    assert!(items(&searched).iter().all(|o| o["name"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("harbour")));
    assert!(searched["total"].as_u64().unwrap() >= 1);

    // Who copies whom reads the same from both ends.
    let mut copies_from = Vec::new();
    let mut copied_by = Vec::new();
    for outlet in &outlets {
        let name = outlet["name"].as_str().unwrap();
        let (status, page) = get(app, &format!("/api/outlets/{}", encode(name))).await;
        assert_eq!(status, StatusCode::OK, "{name}: {page}");
        assert_eq!(page["outlet"], *outlet);
        let here: u64 = page["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["n_here"].as_u64().unwrap())
            .sum();
        assert!(here <= outlet["n_articles"].as_u64().unwrap());
        assert_eq!(
            page["stories"].as_array().unwrap().len() as u64,
            outlet["n_stories"].as_u64().unwrap()
        );
        for c in page["copies_from"].as_array().unwrap() {
            assert_ne!(c["outlet"], name);
            copies_from.push((
                name.to_string(),
                c["outlet"].as_str().unwrap().to_string(),
                c["n_articles"].as_u64().unwrap(),
            ));
        }
        for c in page["copied_by"].as_array().unwrap() {
            copied_by.push((
                c["outlet"].as_str().unwrap().to_string(),
                name.to_string(),
                c["n_articles"].as_u64().unwrap(),
            ));
        }
        // Its articles, listed by outlet with one indexed query.
        let (_, articles) = get(
            app,
            &format!("/api/articles?outlet={}&limit=500", encode(name)),
        )
        .await;
        assert_eq!(articles["total"], outlet["n_articles"], "{name}");
        assert!(items(&articles).iter().all(|a| a["outlet"] == name));
        // Filters take the name with case ignored, as the page's box is typed.
        let lower = encode(&name.to_lowercase());
        let (_, by_lower) = get(app, &format!("/api/articles?outlet={lower}&limit=500")).await;
        assert_eq!(by_lower["total"], outlet["n_articles"], "{name}");
        let (_, stories) = get(app, &format!("/api/stories?outlet={lower}")).await;
        assert_eq!(stories["total"], outlet["n_stories"], "{name}");
    }
    copies_from.sort();
    copied_by.sort();
    assert!(
        !copies_from.is_empty(),
        "the demo holds reprints across outlets"
    );
    assert_eq!(copies_from, copied_by);

    // By name with case and accents ignored; an unknown one is a 404.
    let first = outlets[0]["name"].as_str().unwrap();
    let (status, page) = get(
        app,
        &format!("/api/outlets/{}", encode(&first.to_uppercase())),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["outlet"]["name"], first);
    let (status, missing) = get(app, "/api/outlets/No%20Such%20Paper").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["error"]["code"], "not_found");

    // A search keeps only the outlet's hits, and only the days asked for.
    let (_, hits) = get(
        app,
        &format!("/api/articles?q=Halden&outlet={}", encode("Harbour Wire")),
    )
    .await;
    assert!(!items(&hits).is_empty(), "{hits}");
    assert!(
        items(&hits).iter().all(|h| h["outlet"] == "Harbour Wire"),
        "{hits}"
    );
    let (_, day) = get(app, "/api/articles?q=Halden&from=2025-03-11&to=2025-03-11").await;
    assert!(!items(&day).is_empty(), "{day}");
    assert!(
        items(&day).iter().all(|h| h["published"] == "2025-03-11"),
        "{day}"
    );
    let (_, all_days) = get(app, "/api/articles?q=Halden&limit=100").await;
    assert!(items(&all_days).len() > items(&day).len());

    // An entity: every story, its quotes, its aliases.
    let (status, kovan) = get(app, "/api/entities/mira%20kovan").await;
    assert_eq!(status, StatusCode::OK, "{kovan}");
    assert!(kovan["entity"]["aliases"].is_array());
    let stories = kovan["stories"].as_array().unwrap();
    assert!(!stories.is_empty());
    for story in stories {
        let (_, page) = get(
            app,
            &format!("/api/stories/{}", story["id"].as_str().unwrap()),
        )
        .await;
        assert!(
            page["entities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["name"] == "Mira Kovan"),
            "{}",
            story["id"]
        );
    }
    // The page answers an entity's and an outlet's address with its shell.
    for uri in [
        "/entities/Mira%20Kovan",
        "/outlets",
        "/outlets/Harbour%20Wire",
    ] {
        let (status, headers, body) =
            call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(body.as_str().unwrap().contains("/assets/app.js"), "{uri}");
    }
    let (_, by_speaker) = get(app, "/api/quotes?speaker=Mira%20Kovan").await;
    assert_eq!(kovan["quotes"]["total"], by_speaker["total"]);
    assert!(kovan["quotes"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["speaker"] == "Mira Kovan"));
}

#[tokio::test]
async fn views_published_before_the_outlet_pages_are_published_again_at_start() {
    let server = server_with(|_| {});
    load_demo(&server).await;
    let (_, outlets) = get(&server.app, "/api/outlets").await;
    let n_outlets = outlets["total"].as_u64().unwrap();
    assert!(n_outlets > 1);
    // What an older build left: articles listed, no outlet views.
    let mut store =
        storyline_store::Store::connect(&storyline_store::Location::from(server.db.clone()))
            .unwrap();
    let listed = store
        .list_views(
            &storyline_store::ViewFilter::all(storyline_store::ViewKind::ArticleRef),
            0,
            1,
        )
        .unwrap();
    let old = storyline_store::View {
        kind: storyline_store::ViewKind::ArticleRef,
        key: "old-article".into(),
        position: 0,
        terms: String::new(),
        tag: None,
        owner: None,
        lookup: None,
        body: listed[0].clone(),
    };
    store.put_views([old]).unwrap();
    drop(store);
    let (_, again) = get(&app_on(&server.db, None), "/api/outlets").await;
    assert_eq!(again["total"], n_outlets, "reopened: published again");
}
