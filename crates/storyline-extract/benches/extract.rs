//! Throughput of HTML main-content extraction on the hand-written fixture pages.
//!
//! `cargo bench -p storyline-extract --bench extract` prints MB/s and pages/s
//! for each fixture as written and for larger pages built by repeating the
//! fixture's body (more paragraphs, more related-link lists, more comments),
//! which is how real 100 KB to 1 MB news pages grow.

use std::hint::black_box;
use std::time::{Duration, Instant};

use storyline_extract::html::extract_html_article;
use storyline_model::{ContentKind, Hints, RawDocument};

const FIXTURES: &[(&str, &str)] = &[
    (
        "news-article",
        include_str!("../tests/fixtures/html/news-article.html"),
    ),
    (
        "blog-post",
        include_str!("../tests/fixtures/html/blog-post.html"),
    ),
    (
        "table-layout",
        include_str!("../tests/fixtures/html/table-layout.html"),
    ),
    (
        "truncated",
        include_str!("../tests/fixtures/html/truncated.html"),
    ),
];

/// Repeats everything between `<body...>` and `</body>` `times` times.
fn enlarge(html: &str, times: usize) -> String {
    let body_start = html
        .find("<body")
        .or_else(|| html.find("<BODY"))
        .and_then(|p| html[p..].find('>').map(|q| p + q + 1))
        .unwrap_or(0);
    let body_end = html
        .rfind("</body>")
        .or_else(|| html.rfind("</BODY>"))
        .unwrap_or(html.len());
    let body = &html[body_start..body_end];
    let mut out = String::with_capacity(html.len() * times);
    out.push_str(&html[..body_start]);
    for _ in 0..times {
        out.push_str(body);
    }
    out.push_str(&html[body_end..]);
    out
}

/// Adds the inline scripts, styles and JSON state that make up most of the
/// bytes of a real news page (written here, not copied from any site).
fn with_page_weight(html: &str, kilobytes: usize) -> String {
    let script_line = "window.__state.items.push({id: 1024, kind: \"teaser\", \
                       url: \"/news/2023/04/18/story\", tracked: true, slots: [1, 2, 3]});\n";
    let style_line = ".story-body p{margin:0 0 1.2em;line-height:1.6}\
                      .share-bar a{display:inline-block;padding:4px 8px}\n";
    let mut blob = String::with_capacity(kilobytes * 1024 + 256);
    blob.push_str("<script>window.__state = {items: []};\n");
    while blob.len() < kilobytes * 1024 * 3 / 4 {
        blob.push_str(script_line);
    }
    blob.push_str("</script><style>");
    while blob.len() < kilobytes * 1024 {
        blob.push_str(style_line);
    }
    blob.push_str("</style>");
    match html.find("</head>") {
        Some(p) => format!("{}{}{}", &html[..p], blob, &html[p..]),
        None => format!("{blob}{html}"),
    }
}

fn document(content: String) -> RawDocument {
    RawDocument {
        source: "bench.html".into(),
        kind: ContentKind::Html,
        content,
        hints: Hints::default(),
    }
}

/// Runs extraction on `doc` for about `budget`, returning the best time of one call.
fn best_time(doc: &RawDocument, budget: Duration) -> Duration {
    let start = Instant::now();
    let mut best = Duration::MAX;
    let mut runs = 0u32;
    while runs < 5 || (start.elapsed() < budget && runs < 100_000) {
        let t = Instant::now();
        let article = extract_html_article(String::new(), black_box(doc));
        best = best.min(t.elapsed());
        black_box(article);
        runs += 1;
    }
    best
}

fn main() {
    // `cargo test --benches` passes `--bench`-less flags; keep that run short.
    let quick = std::env::args().any(|a| a == "--test");
    let budget = Duration::from_millis(if quick { 5 } else { 400 });
    println!(
        "{:<26} {:>10} {:>12} {:>12}",
        "page", "bytes", "MB/s", "pages/s"
    );
    let mut pages: Vec<(String, String)> = Vec::new();
    for (name, html) in FIXTURES {
        for times in [1usize, 20, 200] {
            pages.push((format!("{name} x{times}"), enlarge(html, times)));
        }
    }
    // A realistic mix: the news fixture with 150 KB of inline script and style.
    pages.push((
        "news-article +150KB js/css".into(),
        with_page_weight(FIXTURES[0].1, 150),
    ));
    let mut total_bytes = 0usize;
    let mut total_time = Duration::ZERO;
    for (name, html) in pages {
        let doc = document(html);
        let t = best_time(&doc, budget);
        let secs = t.as_secs_f64().max(1e-9);
        total_bytes += doc.content.len();
        total_time += t;
        println!(
            "{:<26} {:>10} {:>12.1} {:>12.0}",
            name,
            doc.content.len(),
            doc.content.len() as f64 / 1e6 / secs,
            1.0 / secs
        );
    }
    println!(
        "{:<26} {:>10} {:>12.1}",
        "all (sum of best times)",
        total_bytes,
        total_bytes as f64 / 1e6 / total_time.as_secs_f64().max(1e-9)
    );
}
