//! Scores cross-source comparison against a labelled set: precision and recall
//! of the conflicts found, and how many labelled updates came out as series.
//!
//! A data folder holds `articles.jsonl` (one article a line: `id`, `outlet`,
//! `published`, `title`, `text`) and `labels.json`, a list of labelled pairs:
//!
//! * `{"kind": "conflict", "a", "a_value", "b", "b_value", "note"}`: article
//!   `a` gives a number containing `a_value` and article `b` one containing
//!   `b_value` for the same thing at the same time: a real disagreement;
//! * `{"kind": "speaker-conflict", "a", "b", "words", "note"}`: the same words
//!   given to different speakers;
//! * `{"kind": "update", ...}` (as `conflict`): a running count at two times;
//! * `{"kind": "not", ...}` and `{"kind": "not-speaker", ...}`: look-alikes
//!   that are not conflicts (documentation for the reader; any conflict found
//!   that matches no `conflict` label counts against precision).
//!
//! The articles run through the whole corpus pipeline (extract, annotate,
//! dedupe, cluster, analyse), so the score includes the clustering's part.
//! A found conflict is right when it covers some labelled conflict (a claim in
//! each labelled article containing the labelled value or words); a labelled
//! conflict is found when some found conflict covers it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use storyline_dedupe::{Fingerprint, Signature};
use storyline_model::{Comparison, ContentKind, Doc, Hints, RawDocument};

/// Why the comparison could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum CompareEvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// A line of `articles.jsonl` is not an article.
    #[error("{path} line {line}: {source}")]
    Article {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        source: serde_json::Error,
    },
    /// `labels.json` is not a list of labels.
    #[error("{path}: {source}")]
    Labels {
        /// The file.
        path: String,
        /// What is wrong.
        source: serde_json::Error,
    },
    /// A label names an article the set does not hold.
    #[error("label names unknown article {0}")]
    UnknownArticle(String),
}

/// One labelled article.
#[derive(Debug, Clone, Deserialize)]
struct LabelledArticle {
    id: String,
    outlet: Option<String>,
    published: Option<chrono::NaiveDate>,
    title: Option<String>,
    text: String,
}

/// What a labelled pair is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LabelKind {
    /// A real disagreement between two numbers.
    Conflict,
    /// The same words given to different speakers.
    SpeakerConflict,
    /// A running count at two times: a series, not a conflict.
    Update,
    /// Two numbers that look alike but are not a conflict.
    Not,
    /// The same words that are not a speaker conflict.
    NotSpeaker,
}

/// One labelled pair of claims.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Label {
    /// What the pair is.
    pub(crate) kind: LabelKind,
    /// The first article's id.
    pub(crate) a: String,
    /// Text the first claim contains (numbers).
    #[serde(default)]
    pub(crate) a_value: Option<String>,
    /// The second article's id.
    pub(crate) b: String,
    /// Text the second claim contains (numbers).
    #[serde(default)]
    pub(crate) b_value: Option<String>,
    /// Quoted words both claims contain (speaker labels).
    #[serde(default)]
    pub(crate) words: Option<String>,
    /// Why the label is what it is.
    #[serde(default)]
    pub(crate) note: String,
}

/// One conflict storyline found, judged against the labels.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct JudgedConflict {
    /// The conflict's `what`.
    pub(crate) what: String,
    /// Its confidence.
    pub(crate) confidence: f32,
    /// Whether it covers a labelled conflict.
    pub(crate) right: bool,
    /// The note of the label it covers: the conflict's, or a look-alike's or
    /// update's when it is wrong and one is labelled.
    pub(crate) label: Option<String>,
}

/// Precision and recall of conflicts, and updates recovered.
#[derive(Debug, Clone, Serialize)]
pub struct CompareScore {
    /// The data folder.
    pub(crate) data: String,
    /// Articles read.
    pub(crate) n_articles: usize,
    /// Conflicts found.
    pub(crate) n_found: usize,
    /// Found conflicts covering a labelled conflict.
    pub(crate) n_right: usize,
    /// Labelled conflicts (numbers and speakers).
    pub(crate) n_gold: usize,
    /// Labelled conflicts covered by a found conflict.
    pub(crate) n_gold_found: usize,
    /// n_right / n_found (1 when nothing was found).
    pub(crate) precision: f64,
    /// n_gold_found / n_gold.
    pub(crate) recall: f64,
    /// Labelled updates.
    pub(crate) n_updates: usize,
    /// Labelled updates shown in some update series.
    pub(crate) n_updates_found: usize,
    /// Labelled updates reported as conflicts instead.
    pub(crate) n_updates_as_conflicts: usize,
    /// Every found conflict, strongest first, judged.
    pub(crate) found: Vec<JudgedConflict>,
    /// Notes of the labelled conflicts not found.
    pub(crate) missed: Vec<String>,
}

impl CompareScore {
    /// A human-readable report.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "conflicts on {} ({} articles): precision {:.3} ({}/{}), recall {:.3} ({}/{})\n  updates shown as series: {}/{} (reported as conflicts: {})\n",
            self.data,
            self.n_articles,
            self.precision,
            self.n_right,
            self.n_found,
            self.recall,
            self.n_gold_found,
            self.n_gold,
            self.n_updates_found,
            self.n_updates,
            self.n_updates_as_conflicts,
        );
        for judged in &self.found {
            out.push_str(&format!(
                "  {} {:.2} {}{}\n",
                if judged.right { "right" } else { "WRONG" },
                judged.confidence,
                judged.what,
                judged
                    .label
                    .as_ref()
                    .map(|note| format!("  [{note}]"))
                    .unwrap_or_default()
            ));
        }
        for note in &self.missed {
            out.push_str(&format!("  missed: {note}\n"));
        }
        out.trim_end().to_string()
    }
}

fn read(path: &Path) -> Result<String, CompareEvalError> {
    std::fs::read_to_string(path).map_err(|source| CompareEvalError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Whether `comparison` has a claim in article `a` containing `a_text` and
/// one in article `b` containing `b_text` (claims named by labelled id).
fn covers(
    comparison: &Comparison,
    label_id: &BTreeMap<&str, &str>,
    (a, a_text): (&str, &str),
    (b, b_text): (&str, &str),
) -> bool {
    let has = |article: &str, text: &str| {
        comparison.claims.iter().any(|claim| {
            label_id.get(claim.article.as_str()) == Some(&article) && claim.text.contains(text)
        })
    };
    has(a, a_text) && has(b, b_text)
}

fn label_covered(label: &Label, comparison: &Comparison, label_id: &BTreeMap<&str, &str>) -> bool {
    let text = |value: &Option<String>| value.clone().or(label.words.clone()).unwrap_or_default();
    covers(
        comparison,
        label_id,
        (&label.a, &text(&label.a_value)),
        (&label.b, &text(&label.b_value)),
    )
}

/// Runs the pipeline over `data`'s articles and scores its conflicts and updates.
pub fn evaluate_conflicts(data: &Path) -> Result<CompareScore, CompareEvalError> {
    let articles_path = data.join("articles.jsonl");
    let labels_path = data.join("labels.json");
    let mut articles = Vec::new();
    for (index, line) in read(&articles_path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article: LabelledArticle =
            serde_json::from_str(line).map_err(|source| CompareEvalError::Article {
                path: articles_path.display().to_string(),
                line: index + 1,
                source,
            })?;
        articles.push(article);
    }
    let labels: Vec<Label> =
        serde_json::from_str(&read(&labels_path)?).map_err(|source| CompareEvalError::Labels {
            path: labels_path.display().to_string(),
            source,
        })?;
    for label in &labels {
        for id in [&label.a, &label.b] {
            if !articles.iter().any(|a| &a.id == id) {
                return Err(CompareEvalError::UnknownArticle(id.clone()));
            }
        }
    }
    let mut docs: Vec<Doc> = articles
        .iter()
        .filter_map(|a| {
            let raw = RawDocument {
                source: a.id.clone(),
                kind: ContentKind::Text,
                content: a.text.clone(),
                hints: Hints {
                    outlet: a.outlet.clone(),
                    published: a.published,
                    title: a.title.clone(),
                    ..Hints::default()
                },
            };
            storyline_extract::extract(&raw)
                .ok()
                .map(storyline_annotate::annotate)
        })
        .collect();
    docs.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    let signatures: Vec<Signature> = docs.iter().map(|d| Signature::of(d.text())).collect();
    let prints: Vec<Fingerprint> = docs
        .iter()
        .zip(&signatures)
        .map(|(doc, signature)| Fingerprint {
            id: &doc.article.id,
            published: doc.article.published_date(),
            signature,
        })
        .collect();
    let duplicates = storyline_dedupe::group_duplicates(&prints);
    let clustering = storyline_cluster::cluster(&docs);
    storyline_analyse::infer_publication_dates(&mut docs, &clustering.events);
    let analysis =
        storyline_analyse::analyse(&mut docs, duplicates, clustering.events, clustering.stories);
    let label_id: BTreeMap<&str, &str> = docs
        .iter()
        .map(|d| (d.article.id.as_str(), d.article.source.as_str()))
        .collect();

    let gold: Vec<&Label> = labels
        .iter()
        .filter(|l| matches!(l.kind, LabelKind::Conflict | LabelKind::SpeakerConflict))
        .collect();
    let found: Vec<JudgedConflict> = analysis
        .conflicts
        .iter()
        .map(|conflict| {
            let hit = gold
                .iter()
                .find(|label| label_covered(label, conflict, &label_id));
            let other = labels
                .iter()
                .find(|label| label_covered(label, conflict, &label_id));
            JudgedConflict {
                what: conflict.what.clone(),
                confidence: conflict.confidence,
                right: hit.is_some(),
                label: hit.copied().or(other).map(|l| l.note.clone()),
            }
        })
        .collect();
    let gold_found = |label: &Label| {
        analysis
            .conflicts
            .iter()
            .any(|c| label_covered(label, c, &label_id))
    };
    let n_gold_found = gold.iter().filter(|l| gold_found(l)).count();
    let missed = gold
        .iter()
        .filter(|l| !gold_found(l))
        .map(|l| l.note.clone())
        .collect();
    let updates: Vec<&Label> = labels
        .iter()
        .filter(|l| l.kind == LabelKind::Update)
        .collect();
    let n_updates_found = updates
        .iter()
        .filter(|l| {
            analysis
                .updates
                .iter()
                .any(|u| label_covered(l, u, &label_id))
        })
        .count();
    let n_updates_as_conflicts = updates.iter().filter(|l| gold_found(l)).count();
    let n_right = found.iter().filter(|f| f.right).count();
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    };
    Ok(CompareScore {
        data: data.display().to_string(),
        n_articles: docs.len(),
        n_found: found.len(),
        n_right,
        n_gold: gold.len(),
        n_gold_found,
        precision: ratio(n_right, found.len()),
        recall: ratio(n_gold_found, gold.len()),
        n_updates: updates.len(),
        n_updates_found,
        n_updates_as_conflicts,
        found,
        missed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(half: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/conflicts")
            .join(half)
    }

    #[test]
    fn the_labelled_set_reads_and_scores() {
        for half in ["dev", "test"] {
            let score = evaluate_conflicts(&data(half)).unwrap();
            println!("{}", score.summary());
            assert!(score.n_articles >= 15);
            assert!(score.n_gold >= 5);
        }
    }

    #[test]
    fn precision_holds_on_both_halves() {
        for half in ["dev", "test"] {
            let score = evaluate_conflicts(&data(half)).unwrap();
            assert!(
                score.precision >= 0.9,
                "{half}: precision {:.3}\n{}",
                score.precision,
                score.summary()
            );
        }
    }

    #[test]
    fn unknown_articles_in_labels_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("articles.jsonl"),
            r#"{"id": "x", "text": "Some text."}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("labels.json"),
            r#"[{"kind": "conflict", "a": "x", "b": "y", "a_value": "1", "b_value": "2"}]"#,
        )
        .unwrap();
        assert!(matches!(
            evaluate_conflicts(dir.path()),
            Err(CompareEvalError::UnknownArticle(id)) if id == "y"
        ));
    }
}
