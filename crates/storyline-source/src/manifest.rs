//! The manifest: a JSONL sidecar giving what a crawler knows about each file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use storyline_model::Hints;

use crate::mapping::FieldMap;
use crate::records::hints_from_record;
use crate::SourceError;

/// Hints per file, read from a JSONL manifest with fields `file`, `outlet`,
/// `published`, and optional `url` and `title`.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    path: Option<PathBuf>,
    by_name: HashMap<String, Hints>,
}

impl Manifest {
    /// Reads a manifest file. A malformed line is an error: a manifest that is
    /// silently half-applied would misdate articles.
    pub fn read(path: &Path) -> Result<Manifest, SourceError> {
        let text = std::fs::read_to_string(path)?;
        let mut manifest = Manifest {
            path: std::fs::canonicalize(path).ok(),
            by_name: HashMap::new(),
        };
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| SourceError::Manifest {
                line: index + 1,
                message,
            };
            let value: serde_json::Value =
                serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
            let file = value
                .get("file")
                .and_then(|f| f.as_str())
                .ok_or_else(|| bad("no `file` field".to_string()))?;
            let name = file.rsplit(['/', '\\']).next().unwrap_or(file).to_string();
            manifest
                .by_name
                .insert(name, hints_from_record(&value, &FieldMap::default()).0);
        }
        Ok(manifest)
    }

    /// Hints for `path`, matched by file name; empty when the manifest does not name it.
    pub fn hints_for(&self, path: &Path) -> Hints {
        path.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| self.by_name.get(n))
            .cloned()
            .unwrap_or_default()
    }

    /// Whether `path` is this manifest itself (so a folder walk does not read it as articles).
    pub fn is_manifest_file(&self, path: &Path) -> bool {
        self.path.is_some() && std::fs::canonicalize(path).ok() == self.path
    }

    /// Number of files the manifest describes.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether the manifest describes no file.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}
