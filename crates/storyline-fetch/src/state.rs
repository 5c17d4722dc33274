//! What earlier runs fetched: validators for conditional requests (ETag,
//! Last-Modified) and the saved file with its hints, per URL. Kept as one small
//! JSON file, written whole through a temporary file and a rename so a killed
//! run leaves the previous state intact.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::FetchError;

/// Everything known about fetched URLs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Per URL, in URL order.
    #[serde(default)]
    pub urls: BTreeMap<String, UrlState>,
}

/// What is known about one URL (a feed or a page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlState {
    /// The `ETag` of the last full response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// File name of the saved page under the output folder's `pages/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Outlet hint from the feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication date hint from the feed (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Title hint from the feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When the last full (200) response arrived, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
}

impl State {
    /// Reads the state file; a missing file is an empty state, a corrupt one an error
    /// (starting over silently would re-download everything without asking).
    pub fn load(path: &Path) -> Result<State, FetchError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|error| FetchError::State {
                path: path.display().to_string(),
                message: error.to_string(),
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(error) => Err(FetchError::io(path, error)),
        }
    }

    /// Writes the state file atomically.
    pub fn save(&self, path: &Path) -> Result<(), FetchError> {
        let text = serde_json::to_string_pretty(self).map_err(|error| FetchError::State {
            path: path.display().to_string(),
            message: error.to_string(),
        })?;
        write_atomically(path, text.as_bytes())
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| FetchError::io(parent, e))?;
    }
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, bytes).map_err(|e| FetchError::io(&temporary, e))?;
    std::fs::rename(&temporary, path).map_err(|e| FetchError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_corruption_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        assert_eq!(State::load(&path).unwrap(), State::default());
        let mut state = State::default();
        state.urls.insert(
            "http://a/x".into(),
            UrlState {
                etag: Some("\"v1\"".into()),
                file: Some("a-x.html".into()),
                ..UrlState::default()
            },
        );
        state.save(&path).unwrap();
        assert_eq!(State::load(&path).unwrap(), state);
        std::fs::write(&path, "{not json").unwrap();
        assert!(State::load(&path)
            .unwrap_err()
            .to_string()
            .contains("state.json"));
    }
}
