//! Scores story timelines against journalists' timelines (timeline summarisation).
//!
//! A topic folder holds `articles.json` (an array of `{uid, dct, text}`: one
//! long-running story, `dct` the publication date) and one `*.timeline.json`
//! (`[{date, text}]`: the dates a newsroom judged worth an entry). The articles
//! are analysed in memory and the timeline is built over the story holding most
//! of them, or over all of them taken as one story when clustering splits the
//! topic so that no story holds half the articles.
//!
//! Scores as in the `tilse` toolkit (Martschat and Markert 2017): **date F1** of
//! the set of chosen dates against the set of reference dates (an entry for a
//! month or a year never matches a day), and **ROUGE-1 F** of all entries' text
//! concatenated against all reference text (lower-cased word unigrams, clipped
//! counts). Each is given for the length storyline chooses and for the
//! reference's length (`max_dates` = number of reference dates), the setting
//! the published systems report.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use storyline_analyse::sources::SourceIndex;
use storyline_analyse::{story_timeline, TimelineOptions};
use storyline_model::{Doc, TimelineEntry};

use crate::stories::{annotate_all, read_topic, StoryEvalError};

/// Why a topic could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum TimelineEvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// A file is not what the layout says.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// One entry of a reference timeline.
#[derive(Debug, Deserialize)]
struct ReferenceEntry {
    date: String,
    #[serde(default)]
    text: String,
}

/// Date and text scores of one timeline against the reference.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TimelineScores {
    /// Entries in the timeline.
    pub(crate) n_dates: usize,
    /// Share of the chosen dates that are reference dates.
    pub(crate) date_precision: f64,
    /// Share of the reference dates chosen.
    pub(crate) date_recall: f64,
    /// Harmonic mean of the two (tilse date F1).
    pub(crate) date_f1: f64,
    /// ROUGE-1 F of the concatenated entries against the concatenated reference.
    pub(crate) rouge1_f: f64,
    /// The chosen dates with their salience, and whether each is a reference date.
    pub(crate) dates: Vec<(String, f32, bool)>,
}

/// The scores of one topic.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicScore {
    /// The topic folder's name.
    pub(crate) topic: String,
    /// Articles read.
    pub(crate) n_articles: usize,
    /// Articles the timeline was built over.
    pub(crate) n_story_articles: usize,
    /// `largest story`, or `all articles` when clustering split the topic.
    pub(crate) built_over: String,
    /// Distinct reference dates.
    pub(crate) n_reference_dates: usize,
    /// With the length storyline chooses (or `--max-dates` when given).
    pub(crate) own_length: TimelineScores,
    /// With the reference's number of dates.
    pub(crate) reference_length: TimelineScores,
}

/// Scores of every topic scored.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineScore {
    /// Per topic, in the order given.
    pub(crate) topics: Vec<TopicScore>,
    /// Length asked for instead of storyline's own, if any.
    pub(crate) max_dates: Option<usize>,
}

impl TimelineScore {
    /// A human-readable table.
    pub fn summary(&self) -> String {
        let mut out = String::from(
            "timeline: date F1 (tilse) and ROUGE-1 F (concat) against the reference timeline\n",
        );
        let own = match self.max_dates {
            Some(n) => format!("max {n}"),
            None => "own length".to_string(),
        };
        for t in &self.topics {
            out.push_str(&format!(
                "  {} ({} articles, timeline over {}: {}; {} reference dates)\n",
                t.topic, t.n_articles, t.built_over, t.n_story_articles, t.n_reference_dates
            ));
            for (label, s) in [
                (own.as_str(), &t.own_length),
                ("reference length", &t.reference_length),
            ] {
                out.push_str(&format!(
                    "    {label:<17} {:>4} dates  date P {:.3} R {:.3} F1 {:.3}  ROUGE-1 F {:.3}\n",
                    s.n_dates, s.date_precision, s.date_recall, s.date_f1, s.rouge1_f
                ));
            }
        }
        out
    }
}

/// Whether `dir` is a topic folder: `articles.json` and a `*.timeline.json`.
pub(crate) fn is_topic_dir(dir: &Path) -> bool {
    dir.join("articles.json").is_file() && reference_file(dir).is_some()
}

/// The topic folders at `dir`: itself when it is one, else its sub-folders that are.
pub(crate) fn topics(dir: &Path) -> Vec<PathBuf> {
    if is_topic_dir(dir) {
        return vec![dir.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_topic_dir(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn reference_file(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".timeline.json"))
        })
        .collect();
    files.sort();
    files.into_iter().next()
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, TimelineEvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| TimelineEvalError::Read {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| TimelineEvalError::Format {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

impl From<StoryEvalError> for TimelineEvalError {
    fn from(error: StoryEvalError) -> Self {
        match error {
            StoryEvalError::Read { path, source } => TimelineEvalError::Read { path, source },
            StoryEvalError::Format { path, message } => TimelineEvalError::Format { path, message },
            StoryEvalError::NoTopics(path) => TimelineEvalError::Format {
                path,
                message: "no articles.json".into(),
            },
        }
    }
}

/// Scores every topic under `dir`: `dir` itself when it is a topic folder, else
/// its sub-folders that are.
pub fn evaluate_timelines(
    dir: &Path,
    options: TimelineOptions,
) -> Result<TimelineScore, TimelineEvalError> {
    let dirs = topics(dir);
    if dirs.is_empty() {
        return Err(TimelineEvalError::Format {
            path: dir.display().to_string(),
            message: "no topic folder (articles.json and *.timeline.json) here".into(),
        });
    }
    let topics = dirs
        .iter()
        .map(|d| evaluate_topic(d, options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TimelineScore {
        topics,
        max_dates: options.max_dates,
    })
}

/// Scores one topic folder.
pub(crate) fn evaluate_topic(
    dir: &Path,
    options: TimelineOptions,
) -> Result<TopicScore, TimelineEvalError> {
    let reference_path = reference_file(dir).ok_or_else(|| TimelineEvalError::Format {
        path: dir.display().to_string(),
        message: "no *.timeline.json".into(),
    })?;
    let reference: Vec<ReferenceEntry> = read_json(&reference_path)?;
    let docs = annotate_all(&read_topic(dir, true)?);
    let (story_docs, built_over) = largest_story(&docs);
    let sources = SourceIndex::new(&docs, &[]);
    let reference_dates: HashSet<&str> = reference.iter().map(|r| r.date.as_str()).collect();
    let reference_text: Vec<&str> = reference.iter().map(|r| r.text.as_str()).collect();
    let build = |options| story_timeline("topic", &story_docs, &sources, options);
    let own = build(options);
    let at_reference_length = build(TimelineOptions {
        max_dates: Some(reference_dates.len()),
        ..options
    });
    Ok(TopicScore {
        topic: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        n_articles: docs.len(),
        n_story_articles: story_docs.len(),
        built_over,
        n_reference_dates: reference_dates.len(),
        own_length: score(&own, &reference_dates, &reference_text),
        reference_length: score(&at_reference_length, &reference_dates, &reference_text),
    })
}

/// The documents of the story holding most articles, or all documents when no
/// story holds half of them (clustering split the topic).
fn largest_story(docs: &[Doc]) -> (Vec<&Doc>, String) {
    let clustering = storyline_cluster::cluster(docs);
    let event_size: HashMap<&str, &[String]> = clustering
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.articles.as_slice()))
        .collect();
    let largest: Option<HashSet<&str>> = clustering
        .stories
        .iter()
        .map(|s| {
            s.events
                .iter()
                .filter_map(|e| event_size.get(e.as_str()))
                .flat_map(|a| a.iter().map(String::as_str))
                .collect::<HashSet<&str>>()
        })
        .max_by_key(HashSet::len);
    match largest {
        Some(ids) if ids.len() * 2 >= docs.len() => (
            docs.iter()
                .filter(|d| ids.contains(d.article.id.as_str()))
                .collect(),
            "largest story".to_string(),
        ),
        _ => (docs.iter().collect(), "all articles".to_string()),
    }
}

/// Date and ROUGE-1 scores of `entries` against the reference.
fn score(entries: &[TimelineEntry], dates: &HashSet<&str>, text: &[&str]) -> TimelineScores {
    let chosen: HashSet<String> = entries.iter().map(|e| e.date.iso()).collect();
    let hits = chosen.iter().filter(|d| dates.contains(d.as_str())).count();
    let (precision, recall) = (ratio(hits, chosen.len()), ratio(hits, dates.len()));
    let system: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    TimelineScores {
        n_dates: chosen.len(),
        date_precision: precision,
        date_recall: recall,
        date_f1: f1(precision, recall),
        rouge1_f: rouge1_f(&system, text),
        dates: entries
            .iter()
            .map(|e| {
                let date = e.date.iso();
                let hit = dates.contains(date.as_str());
                (date, e.salience, hit)
            })
            .collect(),
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Lower-cased word unigram counts of texts (tokens of letters and digits).
fn unigrams(texts: &[&str]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for text in texts {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    counts
}

/// ROUGE-1 F of `system` against `reference`, each concatenated.
pub(crate) fn rouge1_f(system: &[&str], reference: &[&str]) -> f64 {
    let (sys, refs) = (unigrams(system), unigrams(reference));
    let overlap: usize = sys
        .iter()
        .map(|(w, &n)| n.min(refs.get(w).copied().unwrap_or(0)))
        .sum();
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>();
    f1(ratio(overlap, total(&sys)), ratio(overlap, total(&refs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_counts_clipped_unigram_overlap() {
        assert!((rouge1_f(&["the quake struck"], &["The quake struck"]) - 1.0).abs() < 1e-9);
        // 2 of 4 system words, 2 of 2 reference words: P 0.5, R 1, F 2/3.
        let f = rouge1_f(&["quake quake quake struck"], &["quake struck"]);
        assert!((f - 2.0 / 3.0).abs() < 1e-9, "{f}");
        assert_eq!(rouge1_f(&[], &["quake"]), 0.0);
    }

    #[test]
    fn a_topic_folder_is_scored_end_to_end() {
        let dir = tempfile::tempdir().unwrap();
        let mut articles = Vec::new();
        for day in 13..=22 {
            articles.push(serde_json::json!({
                "uid": day,
                "dct": format!("2010-01-{day}"),
                "text": format!(
                    "Rescuers searched the rubble of the capital on day {day}, a week after the earthquake of 12 January 2010 destroyed the port."
                ),
            }));
        }
        std::fs::write(
            dir.path().join("articles.json"),
            serde_json::to_string(&articles).unwrap(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("x.timeline.json"),
            r#"[{"date": "2010-01-12", "text": "An earthquake destroyed the port of the capital."},
                {"date": "2010-01-20", "text": "An aftershock."}]"#,
        )
        .unwrap();
        let score = evaluate_timelines(dir.path(), TimelineOptions::default()).unwrap();
        let topic = &score.topics[0];
        assert_eq!(topic.n_articles, 10);
        assert_eq!(topic.n_reference_dates, 2);
        // The quake day stands out and is a reference date.
        assert!(topic.own_length.date_precision > 0.0, "{topic:?}");
        assert_eq!(topic.reference_length.n_dates, 2);
        assert!(topic.own_length.rouge1_f > 0.0);
        assert!(score.summary().contains("reference length"));
    }
}
