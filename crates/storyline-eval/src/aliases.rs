//! Alias links: is each name or description linked to the right entity?
//!
//! A folder holds articles and the gold aliases of its entities, either as
//! `aliases.json` (`{"Entity Name": ["alias", ...]}`) or as the `aliases` key
//! of the seeds' `expected.json`. Articles are read (with `manifest.jsonl` when
//! there is one), annotated and linked across the corpus as the pipeline does;
//! every mention written as a gold alias is scored: right when the corpus
//! entity it ends up in is the gold entity. Per band of the mention's link
//! confidence, by link method.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use storyline_annotate::fold;

use crate::calibration::Calibration;

/// Why aliases could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum AliasError {
    /// Neither `aliases.json` nor `expected.json` with `aliases` could be read.
    #[error("no gold aliases in {0} (aliases.json, or expected.json with an `aliases` key)")]
    NoGold(PathBuf),
}

/// Alias-link accuracy over one or more folders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AliasScore {
    /// Mentions written as a gold alias.
    pub(crate) n_mentions: usize,
    /// Their accuracy per band.
    pub(crate) calibration: Calibration,
}

impl AliasScore {
    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        format!(
            "alias links: {} mentions written as a gold alias\n\n{}",
            self.n_mentions,
            self.calibration.table()
        )
    }
}

/// Names compared without case, diacritics or apostrophe style.
fn key(name: &str) -> String {
    fold(&name.replace('’', "'")).to_lowercase()
}

fn gold(dir: &Path) -> Result<BTreeMap<String, String>, AliasError> {
    let read = |name: &str| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).ok()?).ok()
    };
    let table = read("aliases.json")
        .or_else(|| read("expected.json").and_then(|e| e.get("aliases").cloned()))
        .and_then(|v| v.as_object().cloned())
        .ok_or_else(|| AliasError::NoGold(dir.to_path_buf()))?;
    let mut out = BTreeMap::new();
    for (entity, aliases) in table {
        for alias in aliases.as_array().into_iter().flatten() {
            if let Some(alias) = alias.as_str() {
                out.insert(key(alias), entity.clone());
            }
        }
    }
    Ok(out)
}

/// Scores the folders `dirs`.
pub fn evaluate_aliases(dirs: &[PathBuf]) -> Result<AliasScore, AliasError> {
    let mut score = AliasScore {
        n_mentions: 0,
        calibration: Calibration::new("alias links (mention in the right corpus entity)"),
    };
    for dir in dirs {
        let gold = gold(dir)?;
        let manifest = storyline_source::Manifest::read(&dir.join("manifest.jsonl")).ok();
        let loaded = storyline_source::load(&[dir.to_path_buf()], manifest.as_ref());
        let docs: Vec<storyline_model::Doc> = loaded
            .docs
            .iter()
            .filter(|raw| raw.source.ends_with(".txt") || raw.source.ends_with(".html"))
            .filter_map(|raw| storyline_extract::extract(raw).ok())
            .map(storyline_annotate::annotate)
            .collect();
        let entities = storyline_analyse::link_entities(&docs);
        let mut entity_of: BTreeMap<(&str, usize, usize), &str> = BTreeMap::new();
        for entity in &entities {
            for m in &entity.mentions {
                entity_of.insert((m.article.as_str(), m.start, m.end), entity.name.as_str());
            }
        }
        for doc in &docs {
            for mention in &doc.mentions {
                let Some(truth) = gold.get(&key(&mention.text)) else {
                    continue;
                };
                let found = entity_of
                    .get(&(doc.article.id.as_str(), mention.start, mention.end))
                    .copied()
                    .unwrap_or(mention.entity.as_str());
                score.n_mentions += 1;
                score.calibration.add(
                    mention.confidence,
                    mention.method.as_str(),
                    key(found) == key(truth),
                );
            }
        }
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_the_alias_fixture() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/trust/aliases");
        let score = evaluate_aliases(&[dir]).unwrap();
        assert!(score.n_mentions >= 15, "{}", score.summary());
        let right: usize = score.calibration.bands.iter().map(|b| b.right).sum();
        assert!(right * 10 >= score.n_mentions * 8, "{}", score.summary());
        assert!(score.summary().contains("By method"));
    }

    #[test]
    fn a_folder_without_gold_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = evaluate_aliases(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(err.to_string().contains("no gold aliases"), "{err}");
    }
}
