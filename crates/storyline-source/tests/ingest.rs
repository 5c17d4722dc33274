//! Feeds, WARC files, compressed wrappers and mapped JSONL, read through `load`
//! from the fixtures in `tests/fixtures/ingest/` (invented articles).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use storyline_model::{ContentKind, RawDocument};
use storyline_source::{load, load_with, FieldMap, LoadOptions, Loaded};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ingest")
        .join(path)
}

fn file_name(source: &str) -> &str {
    source.rsplit('/').next().unwrap_or(source)
}

fn problems(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", file_name(&d.source), d.message))
        .collect()
}

fn doc<'l>(loaded: &'l Loaded, url: &str) -> &'l RawDocument {
    loaded
        .docs
        .iter()
        .find(|d| d.hints.url.as_deref() == Some(url))
        .unwrap_or_else(|| panic!("no document for {url}"))
}

#[test]
fn rss_and_atom_entries_with_content_become_documents() {
    let loaded = load(&[fixture("feeds")], None);
    assert_eq!(loaded.docs.len(), 2, "{:?}", problems(&loaded));
    let atom = doc(&loaded, "https://courier.example/port-deal");
    assert!(file_name(&atom.source).ends_with("courier.atom#entry-1"));
    assert_eq!(atom.kind, ContentKind::Html);
    assert_eq!(atom.hints.outlet.as_deref(), Some("Selm Courier"));
    assert_eq!(atom.hints.published, NaiveDate::from_ymd_opt(2024, 4, 2));
    assert!(atom.content.contains("container terminal"));
    let rss = doc(&loaded, "https://herald.example/2024/04/02/port-contract");
    assert_eq!(
        rss.hints.title.as_deref(),
        Some("Port workers agree new contract")
    );
    assert_eq!(
        problems(&loaded),
        ["herald.rss#entry-2: entry \"Valdorian parliament opens spring session\" has only a summary; run `storyline fetch` to download the page"]
    );
}

fn check_crawl(loaded: &Loaded) {
    assert!(loaded.diagnostics.is_empty(), "{:?}", problems(loaded));
    let urls: Vec<&str> = loaded
        .docs
        .iter()
        .map(|d| d.hints.url.as_deref().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://courier.example/harbour-cranes",
            "https://courier.example/island-school",
            "https://courier.example/cafe-ferry",
        ],
        "404s, images, requests and warcinfo are skipped"
    );
    let school = doc(loaded, "https://courier.example/island-school");
    assert!(school.source.ends_with("#record-4"), "{}", school.source);
    assert_eq!(school.hints.published, None, "a capture date is not a hint");
    assert_eq!(
        loaded.captured.get(&school.source),
        NaiveDate::from_ymd_opt(2024, 4, 9).as_ref()
    );
    let cafe = doc(loaded, "https://courier.example/cafe-ferry");
    assert!(
        cafe.content.contains("Café owners welcome"),
        "chunked, gzip'd, ISO-8859-1 body decoded"
    );
}

#[test]
fn warc_response_records_become_documents() {
    check_crawl(&load(&[fixture("archive/news-crawl.warc")], None));
}

#[test]
fn warc_gz_with_one_member_per_record_reads_the_same() {
    check_crawl(&load(&[fixture("archive/news-crawl.warc.gz")], None));
}

#[test]
fn a_whole_file_gzip_warc_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("whole.warc.gz");
    let plain = std::fs::read(fixture("archive/news-crawl.warc")).unwrap();
    std::fs::write(&path, gzip(&plain)).unwrap();
    check_crawl(&load(&[path], None));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_truncated_warc_keeps_what_came_before_and_names_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read(fixture("archive/news-crawl.warc")).unwrap();
    let cut_plain = dir.path().join("cut.warc");
    std::fs::write(&cut_plain, &plain[..plain.len() - 300]).unwrap();
    let compressed = std::fs::read(fixture("archive/news-crawl.warc.gz")).unwrap();
    let cut_gz = dir.path().join("cut.warc.gz");
    std::fs::write(&cut_gz, &compressed[..compressed.len() - 100]).unwrap();

    let loaded = load(&[cut_plain], None);
    assert_eq!(loaded.docs.len(), 2);
    let messages = problems(&loaded);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("cut.warc#record-7: record 7 at byte ")
            && messages[0].contains("truncated record: Content-Length is"),
        "{messages:?}"
    );

    let loaded = load(&[cut_gz], None);
    assert_eq!(loaded.docs.len(), 2);
    let messages = problems(&loaded);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("cut.warc.gz#record-7: record 7 at byte "),
        "{messages:?}"
    );
}

#[test]
fn jsonl_with_a_field_map_through_gzip_and_zstd() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read(fixture("dumps/mapped.jsonl")).unwrap();
    let zst = dir.path().join("mapped.jsonl.zst");
    std::fs::write(
        &zst,
        ruzstd::encoding::compress_to_vec(
            plain.as_slice(),
            ruzstd::encoding::CompressionLevel::Fastest,
        ),
    )
    .unwrap();
    let fields = FieldMap::parse("text=body,outlet=meta.site,published=meta.ts").unwrap();
    for path in [fixture("dumps/mapped.jsonl.gz"), zst] {
        let loaded = load_with(
            std::slice::from_ref(&path),
            LoadOptions {
                manifest: None,
                fields: Some(&fields),
            },
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", problems(&loaded));
        assert_eq!(loaded.docs.len(), 2);
        let first = &loaded.docs[0];
        assert!(first.source.ends_with("#1"));
        assert_eq!(first.hints.outlet.as_deref(), Some("Alpine Post"));
        assert_eq!(
            first.hints.title.as_deref(),
            Some("Snow closes mountain pass")
        );
        assert_eq!(
            first.hints.url.as_deref(),
            Some("https://alpine.example/snow-pass")
        );
        assert_eq!(first.hints.published, NaiveDate::from_ymd_opt(2024, 4, 5));
        assert!(first.content.starts_with("BRENN PASS — Heavy snow"));
        assert!(first.content.contains("\n\nRoad crews"));
    }
    let unmapped = load(&[fixture("dumps/mapped.jsonl")], None);
    assert_eq!(unmapped.docs.len(), 2, "`body` is a known synonym");
    assert_eq!(
        unmapped.docs[0].hints.outlet, None,
        "nested fields need a map"
    );
}

#[test]
fn bad_inputs_of_every_new_kind_are_named_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("a-empty.rss", b"");
    write(
        "b-junk.warc",
        b"\x00\x01\x02\x03 not an archive at all\n\x00\xff",
    );
    write("c-not-a-feed.rss", b"<html><body>hello</body></html>");
    write("d-lies.jsonl.gz", b"{\"text\": \"not gzip at all\"}");
    write(
        "e-latin.jsonl.zst",
        &ruzstd::encoding::compress_to_vec(
            &b"{\"text\": \"Caf\xe9\"}\n"[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        ),
    );
    let good = gzip(b"The ferry to Brenn ran every half hour on Monday.");
    write("f-good.txt.gz", &good);
    write("g-cut.html.gz", &good[..good.len() - 8]);
    write("h-binary.rss", b"\x00\x00\x00binary");
    let loaded = load(&[dir.path().to_path_buf()], None);
    assert_eq!(loaded.docs.len(), 1);
    assert!(loaded.docs[0].source.ends_with("f-good.txt.gz"));
    let messages = problems(&loaded);
    let expected_starts = [
        "a-empty.rss: empty file",
        "b-junk.warc#record-1: record 1 at byte 0: not a WARC record",
        "b-junk.warc: no WARC response records",
        "c-not-a-feed.rss: not a readable RSS or Atom feed",
        "d-lies.jsonl.gz: gzip: the extension names this format",
        "e-latin.jsonl.zst: invalid UTF-8 at byte 13",
        "g-cut.html.gz: gzip: the compressed stream is truncated",
        "h-binary.rss: binary data",
    ];
    assert_eq!(messages.len(), expected_starts.len(), "{messages:#?}");
    for (message, start) in messages.iter().zip(expected_starts) {
        assert!(
            message.starts_with(start),
            "{message:?} should start with {start:?}"
        );
    }
}
