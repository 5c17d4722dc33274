//! The source stage: files, folders, JSONL dumps and manifests in, [`RawDocument`]s out.
//!
//! This is the only stage that reads the file system. It decodes bytes to UTF-8
//! (BOM, declared HTML charset), refuses binary and oversized files, and turns
//! every problem into a [`Diagnostic`] naming the file so the rest of the batch
//! goes on.
//!
//! ```no_run
//! use std::path::PathBuf;
//! let loaded = storyline_source::load(&[PathBuf::from("examples/demo")], None);
//! for problem in &loaded.diagnostics {
//!     eprintln!("{}: {}", problem.source, problem.message);
//! }
//! println!("{} documents", loaded.docs.len());
//! ```

mod decode;
mod manifest;
mod records;

use std::path::{Path, PathBuf};

use storyline_model::{ContentKind, Diagnostic, RawDocument};

pub use manifest::Manifest;
pub use records::parse_date;

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
}

impl Loaded {
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
}

fn file_format(path: &Path) -> Option<FileFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(FileFormat::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(FileFormat::Html),
        "jsonl" | "ndjson" => Some(FileFormat::JsonLines),
        "json" => Some(FileFormat::Json),
        _ => None,
    }
}

/// Reads every article file under `paths` (files, or folders walked recursively),
/// applying `manifest` hints by file name. Never fails as a whole: each unreadable
/// file or record becomes a diagnostic.
pub fn load(paths: &[PathBuf], manifest: Option<&Manifest>) -> Loaded {
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
                    "unknown file type (expected .txt, .html, .jsonl or .json)",
                );
            }
            continue;
        };
        read_file(&file, format, manifest, &mut loaded);
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
        } else if file_format(&path).is_some() {
            files.push(path);
        }
    }
}

fn read_file(path: &Path, format: FileFormat, manifest: Option<&Manifest>, loaded: &mut Loaded) {
    let source = path.display().to_string();
    let bytes = match read_limited(path) {
        Ok(bytes) => bytes,
        Err(error) => return loaded.problem(source, error),
    };
    let hints = manifest.map(|m| m.hints_for(path)).unwrap_or_default();
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
        FileFormat::JsonLines => records::read_json_lines(&source, &decoded, &hints, loaded),
        FileFormat::Json => records::read_json(&source, &decoded, &hints, loaded),
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, SourceError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge(size));
    }
    Ok(std::fs::read(path)?)
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
