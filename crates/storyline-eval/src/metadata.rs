//! Metadata: publication date and outlet read from the article itself, scored
//! against a manifest that gives the right values.
//!
//! Each folder holds articles and a `manifest.jsonl` (`file`, `outlet`,
//! `published`, optional `url`). The articles are read *without* the
//! manifest's outlet, date and title, as a crawler that only knows the URL
//! would read them, and whatever the extractor finds is compared with the
//! manifest. Only values found are scored (accuracy, not coverage), per
//! confidence band of how they were found ([`storyline_model::MetaSource`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::calibration::Calibration;

/// Why metadata could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// A folder has no readable `manifest.jsonl`.
    #[error("cannot read {path}: {source}")]
    Manifest {
        /// The manifest path.
        path: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
}

/// Metadata scores over one or more folders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetadataScore {
    /// Articles read and matched to a manifest line.
    pub(crate) n_articles: usize,
    /// Articles for which a date was found / outlet found.
    pub(crate) found: (usize, usize),
    /// Publication date accuracy per band.
    pub(crate) published: Calibration,
    /// Outlet accuracy per band.
    pub(crate) outlet: Calibration,
}

impl MetadataScore {
    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        format!(
            "metadata: {} articles read without their manifest; a date found for {}, an outlet for {}\n\n{}\n{}",
            self.n_articles,
            self.found.0,
            self.found.1,
            self.published.table(),
            self.outlet.table()
        )
    }
}

/// Outlet names compared without case, a leading "The" or punctuation.
fn same_outlet(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let lower = s.trim().to_lowercase();
        let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
        lower
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    key(a) == key(b)
}

/// Scores the folders `dirs`, each with its own `manifest.jsonl`.
pub fn evaluate_metadata(dirs: &[PathBuf]) -> Result<MetadataScore, MetadataError> {
    let mut score = MetadataScore {
        n_articles: 0,
        found: (0, 0),
        published: Calibration::new("publication dates read from the article (right day)"),
        outlet: Calibration::new("outlets read from the article (right outlet)"),
    };
    for dir in dirs {
        score_folder(dir, &mut score)?;
    }
    Ok(score)
}

fn score_folder(dir: &Path, score: &mut MetadataScore) -> Result<(), MetadataError> {
    let path = dir.join("manifest.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|source| MetadataError::Manifest {
        path: path.clone(),
        source,
    })?;
    let gold: BTreeMap<String, serde_json::Value> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| Some((v.get("file")?.as_str()?.to_string(), v)))
        .collect();
    let loaded = storyline_source::load(&[dir.to_path_buf()], None);
    for mut raw in loaded.docs {
        let name = raw
            .source
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .to_string();
        let Some(truth) = gold.get(&name) else {
            continue;
        };
        let field = |key: &str| truth.get(key).and_then(|v| v.as_str()).map(str::to_string);
        raw.hints = storyline_model::Hints {
            url: field("url"),
            ..storyline_model::Hints::default()
        };
        let Ok(article) = storyline_extract::extract(&raw) else {
            continue;
        };
        score.n_articles += 1;
        if let (Some(found), Some(right)) = (&article.published, field("published")) {
            score.found.0 += 1;
            score.published.add(
                found.confidence(),
                found.from.as_str(),
                found.value.to_string() == right,
            );
        }
        if let (Some(found), Some(right)) = (&article.outlet, field("outlet")) {
            score.found.1 += 1;
            score.outlet.add(
                found.confidence(),
                found.from.as_str(),
                same_outlet(&found.value, &right),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_compare_loosely() {
        assert!(same_outlet("The Coastal Ledger", "coastal ledger"));
        assert!(!same_outlet("Associated Press", "Harbour Times"));
    }

    #[test]
    fn scores_a_folder_read_without_its_manifest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "PORTO (AP) — Dock workers struck on Monday.\n\nThe union said 3,000 joined.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("manifest.jsonl"),
            r#"{"file": "a.txt", "outlet": "Associated Press", "published": "2024-03-04"}"#,
        )
        .unwrap();
        let score = evaluate_metadata(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(score.n_articles, 1);
        assert_eq!(score.outlet.methods, [("dateline".to_string(), 1, 1)]);
        assert!(score.summary().contains("publication dates"));
    }
}
