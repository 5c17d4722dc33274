//! The source stage: files, folders, JSONL dumps, feeds, web archives and
//! manifests in, [`RawDocument`]s out.
//!
//! This is the only stage that reads the file system. It decodes bytes to UTF-8
//! (BOM, declared HTML charset), refuses binary and oversized files, and turns
//! every problem into a [`Diagnostic`] naming the file (and record) so the rest of
//! the batch goes on.
//!
//! Formats are chosen by extension: `.txt`, `.html`, `.jsonl`, `.json`, feeds
//! (`.xml`, `.rss`, `.atom`; [`feed`]) and WARC files (`.warc`; [`warc`], streamed
//! record by record). Any of them may be wrapped in gzip or zstd (`.gz`, `.zst`,
//! or recognised by magic bytes; [`compress`]). JSON field names can be mapped
//! with a [`FieldMap`].
//!
//! ```no_run
//! use std::path::PathBuf;
//! let loaded = storyline_source::load(&[PathBuf::from("examples/demo")], None);
//! for problem in &loaded.diagnostics {
//!     eprintln!("{}: {}", problem.source, problem.message);
//! }
//! println!("{} documents", loaded.docs.len());
//! ```

pub mod compress;
mod decode;
pub mod feed;
mod manifest;
mod mapping;
mod records;
pub mod warc;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use storyline_model::{Article, ContentKind, Diagnostic, Hints, MetaSource, RawDocument, Sourced};

pub use feed::{parse_feed, FeedEntry, ParsedFeed};
pub use manifest::Manifest;
pub use mapping::{Field, FieldMap};
pub use records::{read_json, read_json_lines, read_records, RecordFormat};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not text (NUL bytes or mostly control characters).
    #[error("binary data, not text (NUL or control bytes in the first {0} bytes)")]
    Binary(usize),
    /// The bytes are not valid UTF-8 and declare no other charset.
    #[error("invalid UTF-8 at byte {0} and no charset declared")]
    InvalidUtf8(usize),
    /// The file is empty or holds only white space.
    #[error("empty file")]
    Empty,
    /// The file exceeds [`MAX_FILE_BYTES`].
    #[error("file too large ({0} bytes; the limit is {MAX_FILE_BYTES})")]
    TooLarge(u64),
    /// A JSON document or JSONL line does not parse.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A JSON record has no article body.
    #[error("record has no `text` or `html` field")]
    NoBody,
    /// A JSON record, or its body, is of the wrong kind; the record is skipped.
    #[error("{0}; record skipped")]
    Record(String),
    /// A gzip or zstd wrapper is corrupt, truncated or missing.
    #[error("{format}: {message}")]
    Decompress {
        /// The compression format.
        format: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A compressed file expands beyond [`MAX_FILE_BYTES`].
    #[error("decompressed data exceeds {0} bytes")]
    TooLargeDecompressed(u64),
    /// A feed does not parse as RSS, Atom or JSON Feed.
    #[error("not a readable RSS or Atom feed: {0}")]
    Feed(String),
    /// A `--map` option is malformed.
    #[error("field map: {0}")]
    Mapping(String),
    /// A manifest line is malformed.
    #[error("manifest line {line}: {message}")]
    Manifest {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What [`load`] read: the documents, and a diagnostic for everything it could not read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents in input order (folders walked in sorted order).
    pub docs: Vec<RawDocument>,
    /// Problems, one per file or record.
    pub diagnostics: Vec<Diagnostic>,
    /// Capture dates of web-archive records, by document source. A capture date
    /// is when a crawler fetched the page, not when it was published, so it is
    /// not a hint (hints win over the page's own dates): it only fills in for a
    /// page that states no date, see [`Loaded::fill_capture_date`].
    pub captured: HashMap<String, NaiveDate>,
}

impl Loaded {
    /// Dates `article` by its capture date when it came from a web archive and
    /// extraction found no publication date of its own (page metadata, URL path,
    /// date line). Marked [`MetaSource::Given`]: the crawler gave it.
    pub fn fill_capture_date(&self, article: &mut Article) {
        if article.published.is_none() {
            if let Some(date) = self.captured.get(&article.source) {
                article.published = Some(Sourced::new(*date, MetaSource::Given));
            }
        }
    }

    fn problem(&mut self, source: impl Into<String>, error: impl std::fmt::Display) {
        self.diagnostics.push(Diagnostic {
            source: source.into(),
            message: error.to_string(),
        });
    }
}

/// How a file is read, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Text,
    Html,
    JsonLines,
    Json,
    Feed,
    Warc,
}

/// The format inside a file, by its extension once `.gz`/`.zst` is removed.
fn file_format(path: &Path) -> Option<FileFormat> {
    let inner = compress::inner_path(path);
    let ext = inner.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(FileFormat::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(FileFormat::Html),
        "jsonl" | "ndjson" => Some(FileFormat::JsonLines),
        "json" => Some(FileFormat::Json),
        "xml" | "rss" | "atom" => Some(FileFormat::Feed),
        "warc" => Some(FileFormat::Warc),
        _ => None,
    }
}

/// A `.xml` file met in a folder walk that is not a feed (a sitemap, a config
/// file): skipped rather than reported, as files of unknown type are. Feeds start
/// with `<rss`, `<feed` or `<rdf:RDF` after the XML prolog.
fn is_other_xml(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let inner = compress::inner_path(path);
    let is_xml = inner
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    if !is_xml {
        return false;
    }
    let Ok(opened) = compress::open(path) else {
        // Unreadable files are read anyway, so the problem is reported.
        return false;
    };
    let mut head = Vec::new();
    let mut reader = opened.reader;
    if reader.fill_buf().is_err() || reader.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    !["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|tag| head.contains(tag))
}

/// Whether [`load`] reads files like `path` (by extension, through `.gz`/`.zst`).
pub fn is_supported(path: &Path) -> bool {
    file_format(path).is_some()
}

/// How [`load_with`] reads its inputs.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadOptions<'a> {
    /// Hints per file name.
    pub manifest: Option<&'a Manifest>,
    /// Record field names for JSON and JSONL dumps.
    pub fields: Option<&'a FieldMap>,
}

/// Reads every article file under `paths` (files, or folders walked recursively),
/// applying `manifest` hints by file name. Never fails as a whole: each unreadable
/// file or record becomes a diagnostic.
pub fn load(paths: &[PathBuf], manifest: Option<&Manifest>) -> Loaded {
    load_with(
        paths,
        LoadOptions {
            manifest,
            fields: None,
        },
    )
}

/// [`load`] with options: a manifest and a [`FieldMap`] for JSON dumps.
pub fn load_with(paths: &[PathBuf], options: LoadOptions<'_>) -> Loaded {
    let manifest = options.manifest;
    let default_fields = FieldMap::default();
    let fields = options.fields.unwrap_or(&default_fields);
    let mut files = Vec::new();
    let mut loaded = Loaded::default();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, &mut files, &mut loaded);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            loaded.problem(path.display().to_string(), "no such file or folder");
        }
    }
    for file in files {
        if manifest.is_some_and(|m| m.is_manifest_file(&file)) {
            continue;
        }
        let Some(format) = file_format(&file) else {
            if paths.contains(&file) {
                loaded.problem(
                    file.display().to_string(),
                    "unknown file type (expected .txt, .html, .jsonl, .json, .xml/.rss/.atom feeds or .warc, optionally .gz or .zst)",
                );
            }
            continue;
        };
        read_file(&file, format, manifest, fields, &mut loaded);
    }
    loaded
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, loaded: &mut Loaded) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => return loaded.problem(dir.display().to_string(), SourceError::Io(error)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_dir(&path, files, loaded);
        } else if file_format(&path).is_some() && !is_other_xml(&path) {
            files.push(path);
        }
    }
}

fn read_file(
    path: &Path,
    format: FileFormat,
    manifest: Option<&Manifest>,
    fields: &FieldMap,
    loaded: &mut Loaded,
) {
    let source = path.display().to_string();
    let hints = manifest.map(|m| m.hints_for(path)).unwrap_or_default();
    let bytes = if format == FileFormat::Warc {
        match compress::open(path) {
            Ok(opened) => return read_warc(&source, opened, &hints, loaded),
            Err(error) => return loaded.problem(source, error),
        }
    } else {
        match read_limited(path) {
            Ok(bytes) => bytes,
            Err(error) => return loaded.problem(source, error),
        }
    };
    if format == FileFormat::Feed {
        let sniffed = &bytes[..bytes.len().min(8192)];
        if sniffed.contains(&0) {
            return loaded.problem(source, SourceError::Binary(sniffed.len()));
        }
        return feed::read_feed(&source, &bytes, &hints, loaded);
    }
    let decoded = match decode::decode(&bytes, format == FileFormat::Html) {
        Ok(text) => text,
        Err(error) => return loaded.problem(source, error),
    };
    match format {
        FileFormat::Text | FileFormat::Html => {
            let kind = if format == FileFormat::Html || decode::looks_like_html_page(&decoded) {
                ContentKind::Html
            } else {
                ContentKind::Text
            };
            loaded.docs.push(RawDocument {
                source,
                kind,
                content: decoded,
                hints,
            });
        }
        FileFormat::JsonLines => records::parse_records(
            &source,
            &decoded,
            RecordFormat::JsonLines,
            &hints,
            fields,
            loaded,
        ),
        FileFormat::Json => records::parse_records(
            &source,
            &decoded,
            RecordFormat::Json,
            &hints,
            fields,
            loaded,
        ),
        FileFormat::Feed | FileFormat::Warc => {}
    }
}

/// Reads a file into memory through its gzip/zstd wrapper, refusing more than
/// [`MAX_FILE_BYTES`] on disk or decompressed.
fn read_limited(path: &Path) -> Result<Vec<u8>, SourceError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge(size));
    }
    compress::read_limited(compress::open(path)?, MAX_FILE_BYTES)
}

/// Streams a WARC file: every `response` record holding a 200 HTML page becomes a
/// document named `source#record-N`, with the target URI as its URL and the
/// capture date kept aside ([`Loaded::captured`]). Other records are skipped; a
/// broken record is a diagnostic naming it and its offset, and reading goes on
/// where it can. [`load`] calls it for `.warc` files; public for callers (and
/// fuzz targets) that hold a WARC stream rather than a file.
pub fn read_warc(source: &str, opened: compress::Opened, defaults: &Hints, loaded: &mut Loaded) {
    let compression = opened.compression;
    let reader = warc::WarcReader::new(opened.reader).only_types(&["response"]);
    let (mut responses, mut pages) = (0usize, 0usize);
    for item in reader {
        let record = match item {
            Ok(record) => record,
            Err(error) => {
                let message = match (&error.problem, compression) {
                    (warc::WarcProblem::Stream(_), compress::Compression::None) => error
                        .to_string()
                        .replace("the compressed stream", "the stream"),
                    _ => error.to_string(),
                };
                loaded.problem(format!("{source}#record-{}", error.number), message);
                continue;
            }
        };
        responses += 1;
        let record_source = format!("{source}#record-{}", record.number);
        let (offset, date, url) = (
            record.offset,
            record.date(),
            record.target_uri().map(String::from),
        );
        let response = match warc::HttpResponse::parse_owned(record.block) {
            Ok(response) => response,
            Err(message) => {
                let at = format!("record at byte {offset}: {message}");
                loaded.problem(record_source, at);
                continue;
            }
        };
        if response.status != 200 || !response.is_html() {
            continue;
        }
        let charset = response.charset().map(String::from);
        let content = match decode::decode_served_html(response.body, charset.as_deref()) {
            Ok(content) => content,
            Err(error) => {
                let at = format!("record at byte {offset}: {error}");
                loaded.problem(record_source, at);
                continue;
            }
        };
        pages += 1;
        if let Some(date) = date {
            loaded.captured.insert(record_source.clone(), date);
        }
        let hints = Hints {
            url,
            ..defaults.clone()
        };
        loaded.docs.push(RawDocument {
            source: record_source,
            kind: ContentKind::Html,
            content,
            hints,
        });
    }
    if pages == 0 {
        let message = if responses == 0 {
            "no WARC response records".to_string()
        } else {
            format!("{responses} response records, none an HTML page with status 200")
        };
        loaded.problem(source, message);
    }
}

/// Reads one in-memory document (e.g. posted to the API) the way a file of `kind` is read.
pub fn from_bytes(
    source: &str,
    bytes: &[u8],
    kind: ContentKind,
    hints: storyline_model::Hints,
) -> Result<RawDocument, SourceError> {
    let content = decode::decode(bytes, kind == ContentKind::Html)?;
    Ok(RawDocument {
        source: source.to_string(),
        kind,
        content,
        hints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("storyline-source-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn bad_files_become_diagnostics_and_good_ones_load() {
        let dir = temp_dir("bad");
        write(
            &dir,
            "a-good.txt",
            b"The council met on Monday to discuss the budget.",
        );
        write(&dir, "b-empty.txt", b"");
        write(&dir, "c-binary.txt", b"\x00\x01\x02PK\x03\x04garbage\x00");
        write(&dir, "d-latin.txt", b"Caf\xe9 owners protested on Monday.");
        write(&dir, "e-notes.md", b"# not an article");
        let loaded = load(std::slice::from_ref(&dir), None);
        assert_eq!(loaded.docs.len(), 1);
        assert!(loaded.docs[0].source.ends_with("a-good.txt"));
        let messages: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.source.rsplit('/').next().unwrap(), d.message))
            .collect();
        assert_eq!(
            messages,
            [
                "b-empty.txt: empty file",
                "c-binary.txt: binary data, not text (NUL or control bytes in the first 15 bytes)",
                "d-latin.txt: invalid UTF-8 at byte 3 and no charset declared",
            ]
        );
    }

    #[test]
    fn jsonl_records_load_and_broken_lines_are_reported() {
        let dir = temp_dir("jsonl");
        let path = write(
            &dir,
            "dump.jsonl",
            concat!(
                r#"{"url": "https://example.org/a", "title": "A", "outlet": "Example", "published": "2024-03-01", "text": "First body."}"#,
                "\n{broken\n",
                r#"{"title": "B", "html": "<p>Second body.</p>", "published": "2024-03-02T10:00:00Z"}"#,
                "\n\n"
            )
            .as_bytes(),
        );
        let loaded = load(&[path], None);
        assert_eq!(loaded.docs.len(), 2);
        assert_eq!(loaded.docs[0].hints.outlet.as_deref(), Some("Example"));
        assert_eq!(loaded.docs[1].kind, ContentKind::Html);
        assert_eq!(
            loaded.docs[1].hints.published.unwrap().to_string(),
            "2024-03-02"
        );
        assert!(loaded.docs[1].source.ends_with("dump.jsonl#3"));
        assert_eq!(loaded.diagnostics.len(), 1);
        assert!(loaded.diagnostics[0].source.ends_with("dump.jsonl#2"));
        assert!(loaded.diagnostics[0].message.starts_with("invalid JSON"));
    }

    #[test]
    fn manifest_hints_apply_by_file_name_and_manifest_is_skipped() {
        let dir = temp_dir("manifest");
        write(&dir, "one.txt", b"Body of the first article.");
        let manifest_path = write(
            &dir,
            "manifest.jsonl",
            br#"{"file": "one.txt", "outlet": "Wire", "published": "2022-11-21"}"#,
        );
        let manifest = Manifest::read(&manifest_path).unwrap();
        let loaded = load(std::slice::from_ref(&dir), Some(&manifest));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(loaded.docs[0].hints.outlet.as_deref(), Some("Wire"));
    }

    #[test]
    fn xml_that_is_not_a_feed_is_skipped_in_folder_walks_only() {
        let dir = temp_dir("xml");
        let sitemap = write(
            &dir,
            "sitemap.xml",
            b"<?xml version=\"1.0\"?><urlset></urlset>",
        );
        write(
            &dir,
            "feed.xml",
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>",
        );
        let loaded = load(std::slice::from_ref(&dir), None);
        let sources: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.source.as_str())
            .collect();
        assert_eq!(sources.len(), 1, "{sources:?}");
        assert!(
            sources[0].ends_with("feed.xml"),
            "an empty feed is reported"
        );
        let loaded = load(&[sitemap], None);
        assert!(loaded.diagnostics[0]
            .message
            .starts_with("not a readable RSS or Atom feed"));
    }

    #[test]
    fn a_manifest_read_as_articles_gets_one_clear_message() {
        let dir = temp_dir("stray-manifest");
        let path = write(
            &dir,
            "manifest.jsonl",
            b"{\"file\": \"a.txt\", \"published\": \"2022-11-21\"}\n{\"file\": \"b.txt\"}\n",
        );
        let loaded = load(&[path], None);
        assert!(loaded.docs.is_empty());
        assert_eq!(loaded.diagnostics.len(), 1);
        assert!(loaded.diagnostics[0].message.contains("--manifest"));
    }
}
