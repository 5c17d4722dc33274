//! Scores event clustering against labels: B-cubed and pairwise precision, recall and F1.
//!
//! Input is JSONL, one article per line: `{"id", "text", "title"?, "published"?, "cluster"}`
//! where `cluster` is any string or number naming the gold event.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::calibration::Calibration;
use storyline_model::{ContentKind, Hints, RawDocument};

/// Why clustering could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ClusterEvalError {
    /// The labels file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// A line is not a labelled article.
    #[error("{path} line {line}: {message}")]
    Record {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Clustering scores and throughput.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterScore {
    /// Articles scored.
    pub(crate) n_articles: usize,
    /// Gold clusters.
    pub(crate) n_gold: usize,
    /// Clusters found.
    pub(crate) n_found: usize,
    /// B-cubed precision, recall and F1 (per article, averaged).
    pub(crate) bcubed: Prf,
    /// Pairwise precision, recall and F1 (over same-cluster pairs).
    pub(crate) pairwise: Prf,
    /// Seconds spent extracting and annotating.
    pub(crate) annotate_seconds: f64,
    /// Seconds spent clustering.
    pub(crate) cluster_seconds: f64,
    /// Event membership confidence per band: an article is right when its gold
    /// event is the one most of its found event's members share (alone in its
    /// found event: when its gold event has no other article).
    pub(crate) assignment_calibration: Calibration,
}

impl ClusterScore {
    /// A human-readable report.
    pub fn summary(&self) -> String {
        format!(
            "clustering: {} articles, {} gold events, {} found\n  B-cubed   P {:.3}  R {:.3}  F1 {:.3}\n  pairwise  P {:.3}  R {:.3}  F1 {:.3}\n  annotate {:.2} s, cluster {:.2} s ({:.0} articles/s)",
            self.n_articles,
            self.n_gold,
            self.n_found,
            self.bcubed.precision,
            self.bcubed.recall,
            self.bcubed.f1,
            self.pairwise.precision,
            self.pairwise.recall,
            self.pairwise.f1,
            self.annotate_seconds,
            self.cluster_seconds,
            self.n_articles as f64 / self.cluster_seconds.max(1e-9),
        ) + "\n\n"
            + &self.assignment_calibration.table()
    }
}

/// Items per (gold, found) label pair, per gold label and per found label.
type Contingency = (
    HashMap<(usize, usize), f64>,
    HashMap<usize, f64>,
    HashMap<usize, f64>,
);

/// Contingency counts between gold and found labels (one label per item).
fn contingency(gold: &[usize], found: &[usize]) -> Contingency {
    let mut joint = HashMap::new();
    let mut gold_sizes = HashMap::new();
    let mut found_sizes = HashMap::new();
    for (&g, &f) in gold.iter().zip(found) {
        *joint.entry((g, f)).or_insert(0.0) += 1.0;
        *gold_sizes.entry(g).or_insert(0.0) += 1.0;
        *found_sizes.entry(f).or_insert(0.0) += 1.0;
    }
    (joint, gold_sizes, found_sizes)
}

/// B-cubed precision and recall: for each item, the share of its found cluster
/// that shares its gold label, and the share of its gold cluster found with it.
pub fn bcubed(gold: &[usize], found: &[usize]) -> Prf {
    let n = gold.len() as f64;
    if n == 0.0 {
        return Prf::new(0.0, 0.0);
    }
    let (joint, gold_sizes, found_sizes) = contingency(gold, found);
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&(g, f), &count) in &joint {
        precision += count * count / found_sizes[&f];
        recall += count * count / gold_sizes[&g];
    }
    Prf::new(precision / n, recall / n)
}

/// Pairwise precision and recall over pairs of items put in one cluster.
pub fn pairwise(gold: &[usize], found: &[usize]) -> Prf {
    let pairs = |c: f64| c * (c - 1.0) / 2.0;
    let (joint, gold_sizes, found_sizes) = contingency(gold, found);
    let both: f64 = joint.values().map(|&c| pairs(c)).sum();
    let found_pairs: f64 = found_sizes.values().map(|&c| pairs(c)).sum();
    let gold_pairs: f64 = gold_sizes.values().map(|&c| pairs(c)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    Prf::new(ratio(both, found_pairs), ratio(both, gold_pairs))
}

/// Clusters the labelled articles in `path` with the real pipeline stages and scores the events.
pub fn evaluate_clustering(path: &Path) -> Result<ClusterScore, ClusterEvalError> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ClusterEvalError::Read {
        path: display.clone(),
        source,
    })?;
    let mut raws = Vec::new();
    let mut labels = Vec::new();
    let mut label_ids: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| ClusterEvalError::Record {
            path: display.clone(),
            line: index + 1,
            message,
        };
        let record: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let field = |name: &str| {
            record
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let body = field("text").ok_or_else(|| bad("no `text`".into()))?;
        let cluster = match record.get("cluster") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) if !other.is_null() => other.to_string(),
            _ => return Err(bad("no `cluster`".into())),
        };
        let next = label_ids.len();
        labels.push(*label_ids.entry(cluster).or_insert(next));
        let id = field("id").unwrap_or_else(|| format!("{display}#{}", index + 1));
        raws.push(RawDocument {
            source: id,
            kind: ContentKind::Text,
            content: body,
            hints: Hints {
                title: field("title"),
                published: field("published").and_then(|d| {
                    chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(""), "%Y-%m-%d").ok()
                }),
                ..Hints::default()
            },
        });
    }
    let started = Instant::now();
    let docs: Vec<(usize, storyline_model::Doc)> = raws
        .par_iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            storyline_extract::extract(raw)
                .ok()
                .map(|a| (i, storyline_annotate::annotate(a)))
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let only_docs: Vec<storyline_model::Doc> = docs.iter().map(|(_, d)| d.clone()).collect();
    let clustering = storyline_cluster::cluster(&only_docs);
    let cluster_seconds = started.elapsed().as_secs_f64();
    // Articles with identical text share an id; each record keeps its own gold label.
    let mut event_of_id: HashMap<&str, usize> = HashMap::new();
    for (index, event) in clustering.events.iter().enumerate() {
        for id in &event.articles {
            event_of_id.insert(id.as_str(), index);
        }
    }
    let unassigned = clustering.events.len();
    let gold: Vec<usize> = docs.iter().map(|(i, _)| labels[*i]).collect();
    let found: Vec<usize> = docs
        .iter()
        .map(|(_, d)| {
            event_of_id
                .get(d.article.id.as_str())
                .copied()
                .unwrap_or(unassigned)
        })
        .collect();
    let mut calibration = Calibration::new(format!(
        "event assignments, {} (member of the right event)",
        path.file_name()
            .map_or(display.clone(), |n| n.to_string_lossy().into_owned())
    ));
    let assignments =
        storyline_analyse::assignments::event_assignments(&only_docs, &clustering.events, &[]);
    let gold_of: HashMap<&str, usize> = docs
        .iter()
        .map(|(i, d)| (d.article.id.as_str(), labels[*i]))
        .collect();
    let mut gold_sizes: HashMap<usize, usize> = HashMap::new();
    for &g in &gold {
        *gold_sizes.entry(g).or_default() += 1;
    }
    for event in &clustering.events {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for id in &event.articles {
            if let Some(&g) = gold_of.get(id.as_str()) {
                *votes.entry(g).or_default() += 1;
            }
        }
        let majority = votes
            .iter()
            .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))
            .map(|(g, _)| *g);
        for assignment in assignments.iter().filter(|a| a.event == event.id) {
            let Some(&g) = gold_of.get(assignment.article.as_str()) else {
                continue;
            };
            let right = if event.articles.len() == 1 {
                gold_sizes.get(&g).copied().unwrap_or(0) <= 1
            } else {
                Some(g) == majority
            };
            calibration.add(assignment.confidence, assignment.method.as_str(), right);
        }
    }
    Ok(ClusterScore {
        assignment_calibration: calibration,
        n_articles: docs.len(),
        n_gold: label_ids.len(),
        n_found: clustering.events.len(),
        bcubed: bcubed(&gold, &found),
        pairwise: pairwise(&gold, &found),
        annotate_seconds,
        cluster_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_clusterings_score_as_expected() {
        let gold = [0, 0, 1, 1];
        assert_eq!(bcubed(&gold, &[5, 5, 7, 7]).f1, 1.0);
        let merged = bcubed(&gold, &[0, 0, 0, 0]);
        assert!((merged.precision - 0.5).abs() < 1e-9 && (merged.recall - 1.0).abs() < 1e-9);
        let split = pairwise(&gold, &[0, 1, 2, 3]);
        assert!((split.recall - 0.0).abs() < 1e-9);
        let half = pairwise(&[0, 0, 0], &[0, 0, 1]);
        assert!((half.precision - 1.0).abs() < 1e-9 && (half.recall - 1.0 / 3.0).abs() < 1e-9);
    }
}
