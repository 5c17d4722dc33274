//! Story clustering on real topic collections: a folder per topic holding
//! `articles.json` (the Timeline17 layout: a JSON array of `{"uid", "dct",
//! "text"}`, `dct` the publication date).
//!
//! Two checks, each what an analyst expects of real coverage:
//! - **one topic alone, dated**: the topic's coverage is one story, so the
//!   largest story should hold nearly all of it (goal: at least
//!   [`DOMINANT_GOAL`] of the articles);
//! - **all topics mixed, dates stripped**: the stories should be the topics
//!   (B-cubed F1 over articles against the topic labels, and the number of
//!   stories holding at least [`MIN_STORY_SHARE`] of the articles).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use storyline_model::{ContentKind, Doc, Hints, RawDocument};

use crate::clustering::{bcubed, Prf};

/// Share of a single topic's articles its largest story should hold.
pub const DOMINANT_GOAL: f64 = 0.9;
/// A story holding less than this share of a mixed corpus's articles is a
/// side story, not counted as one of the stories found.
pub const MIN_STORY_SHARE: f64 = 0.02;

/// Why story clustering could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum StoryEvalError {
    /// A topic file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// A topic file is not a JSON array of articles.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No folder given holds a topic.
    #[error("no topic folder (one holding articles.json) under {0}")]
    NoTopics(String),
}

/// One topic analysed alone, with its publication dates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicScore {
    /// The topic folder's name.
    pub(crate) topic: String,
    /// Articles analysed.
    pub(crate) articles: usize,
    /// Events found.
    pub(crate) events: usize,
    /// Stories found.
    pub(crate) stories: usize,
    /// Share of the articles in the largest story.
    pub(crate) dominant_share: f64,
    /// Whether the share reaches [`DOMINANT_GOAL`].
    pub(crate) passed: bool,
}

/// All topics mixed, without dates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MixedScore {
    /// Articles analysed.
    pub(crate) articles: usize,
    /// Topics mixed.
    pub(crate) topics: usize,
    /// Stories found, all sizes.
    pub(crate) stories: usize,
    /// Stories holding at least [`MIN_STORY_SHARE`] of the articles.
    pub(crate) main_stories: usize,
    /// B-cubed precision, recall and F1 of the stories against the topics.
    pub(crate) bcubed: Prf,
    /// Whether as many main stories were found as there are topics.
    pub(crate) passed: bool,
}

/// The story checks on a set of topics.
#[derive(Debug, Clone, Serialize)]
pub struct StoryScore {
    /// Each topic alone, dated.
    pub(crate) topics: Vec<TopicScore>,
    /// The topics mixed without dates (absent when only one topic was given).
    pub(crate) mixed: Option<MixedScore>,
    /// Seconds spent extracting, annotating and clustering.
    pub(crate) seconds: f64,
}

impl StoryScore {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.topics.iter().all(|t| t.passed) && self.mixed.as_ref().is_none_or(|m| m.passed)
    }

    /// A human-readable report.
    pub fn summary(&self) -> String {
        let verdict = |ok: bool| if ok { "pass" } else { "FAIL" };
        let mut out = String::from("stories on real topics\n");
        for t in &self.topics {
            out += &format!(
                "  {:<24} {:>5} articles, {:>4} events, {:>4} stories; largest story holds {:.1}% (goal {:.0}%) {}\n",
                t.topic,
                t.articles,
                t.events,
                t.stories,
                100.0 * t.dominant_share,
                100.0 * DOMINANT_GOAL,
                verdict(t.passed)
            );
        }
        if let Some(m) = &self.mixed {
            out += &format!(
                "  mixed, undated: {} articles of {} topics, {} stories ({} holding ≥ {:.0}% of the articles); B-cubed P {:.3} R {:.3} F1 {:.3} {}\n",
                m.articles,
                m.topics,
                m.stories,
                m.main_stories,
                100.0 * MIN_STORY_SHARE,
                m.bcubed.precision,
                m.bcubed.recall,
                m.bcubed.f1,
                verdict(m.passed)
            );
        }
        out + &format!("  {:.1} s", self.seconds)
    }
}

/// The topic folders under each path: the path itself when it holds
/// `articles.json`, else its sub-folders that do, sorted by name.
pub(crate) fn topic_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, StoryEvalError> {
    let mut dirs = Vec::new();
    for path in paths {
        if path.join("articles.json").is_file() {
            dirs.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|source| StoryEvalError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("articles.json").is_file())
            .collect();
        if found.is_empty() {
            return Err(StoryEvalError::NoTopics(path.display().to_string()));
        }
        found.sort();
        dirs.extend(found);
    }
    Ok(dirs)
}

/// Reads a topic's articles as raw documents, with their publication dates
/// when `dated`.
pub(crate) fn read_topic(dir: &Path, dated: bool) -> Result<Vec<RawDocument>, StoryEvalError> {
    let path = dir.join("articles.json");
    let display = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|source| StoryEvalError::Read {
        path: display.clone(),
        source,
    })?;
    let records: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| StoryEvalError::Format {
            path: display.clone(),
            message: e.to_string(),
        })?;
    Ok(records
        .iter()
        .enumerate()
        .filter_map(|(index, record)| {
            let body = record.get("text")?.as_str()?;
            let published = dated
                .then(|| record.get("dct").and_then(|d| d.as_str()))
                .flatten()
                .and_then(|d| d.get(..10))
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            Some(RawDocument {
                source: format!("{display}#{}", index + 1),
                kind: ContentKind::Text,
                content: body.to_string(),
                hints: Hints {
                    published,
                    ..Hints::default()
                },
            })
        })
        .collect())
}

/// Extracts and annotates raw documents in parallel (unreadable ones are skipped).
pub(crate) fn annotate_all(raws: &[RawDocument]) -> Vec<Doc> {
    raws.par_iter()
        .filter_map(|raw| storyline_extract::extract(raw).ok())
        .map(storyline_annotate::annotate)
        .collect()
}

/// Story label of each document (by position), from a clustering.
fn story_labels(docs: &[Doc], clustering: &storyline_cluster::Clustering) -> Vec<usize> {
    let story_of_event: HashMap<&str, usize> = clustering
        .stories
        .iter()
        .enumerate()
        .flat_map(|(s, story)| story.events.iter().map(move |e| (e.as_str(), s)))
        .collect();
    let mut story_of_article: HashMap<&str, usize> = HashMap::new();
    for event in &clustering.events {
        let story = story_of_event.get(event.id.as_str()).copied();
        for id in &event.articles {
            if let Some(story) = story {
                story_of_article.insert(id.as_str(), story);
            }
        }
    }
    let unassigned = clustering.stories.len();
    docs.iter()
        .map(|d| {
            story_of_article
                .get(d.article.id.as_str())
                .copied()
                .unwrap_or(unassigned)
        })
        .collect()
}

/// Sizes of the stories found, largest first.
fn story_sizes(labels: &[usize]) -> Vec<usize> {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for &label in labels {
        *sizes.entry(label).or_default() += 1;
    }
    let mut sizes: Vec<usize> = sizes.into_values().collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

/// Runs both checks on the topic folders under `paths`.
pub fn evaluate_stories(paths: &[PathBuf]) -> Result<StoryScore, StoryEvalError> {
    let started = Instant::now();
    let dirs = topic_dirs(paths)?;
    let mut topics = Vec::new();
    for dir in &dirs {
        let docs = annotate_all(&read_topic(dir, true)?);
        let clustering = storyline_cluster::cluster(&docs);
        let sizes = story_sizes(&story_labels(&docs, &clustering));
        let dominant_share = sizes.first().map_or(0.0, |&s| s as f64 / docs.len() as f64);
        topics.push(TopicScore {
            topic: dir
                .file_name()
                .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
            articles: docs.len(),
            events: clustering.events.len(),
            stories: clustering.stories.len(),
            dominant_share,
            passed: dominant_share >= DOMINANT_GOAL,
        });
    }
    let mixed = if dirs.len() > 1 {
        let mut raws = Vec::new();
        let mut gold_of_source: HashMap<String, usize> = HashMap::new();
        for (topic, dir) in dirs.iter().enumerate() {
            for raw in read_topic(dir, false)? {
                gold_of_source.insert(raw.source.clone(), topic);
                raws.push(raw);
            }
        }
        let docs = annotate_all(&raws);
        let clustering = storyline_cluster::cluster(&docs);
        let found = story_labels(&docs, &clustering);
        let gold: Vec<usize> = docs
            .iter()
            .map(|d| gold_of_source.get(&d.article.source).copied().unwrap_or(0))
            .collect();
        let sizes = story_sizes(&found);
        let main_stories = sizes
            .iter()
            .filter(|&&s| s as f64 >= MIN_STORY_SHARE * docs.len() as f64)
            .count();
        Some(MixedScore {
            articles: docs.len(),
            topics: dirs.len(),
            stories: clustering.stories.len(),
            main_stories,
            bcubed: bcubed(&gold, &found),
            passed: main_stories == dirs.len(),
        })
    } else {
        None
    };
    Ok(StoryScore {
        topics,
        mixed,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_sizes_count_each_label_largest_first() {
        assert_eq!(story_sizes(&[2, 0, 2, 1, 2, 0]), vec![3, 2, 1]);
    }

    #[test]
    fn topic_dirs_finds_folders_holding_articles() {
        let root = tempfile::tempdir().unwrap();
        for name in ["b", "a"] {
            std::fs::create_dir(root.path().join(name)).unwrap();
            std::fs::write(root.path().join(name).join("articles.json"), "[]").unwrap();
        }
        std::fs::create_dir(root.path().join("empty")).unwrap();
        let dirs = topic_dirs(&[root.path().to_path_buf()]).unwrap();
        assert_eq!(dirs, vec![root.path().join("a"), root.path().join("b")]);
        assert!(matches!(
            topic_dirs(&[root.path().join("empty")]),
            Err(StoryEvalError::NoTopics(_))
        ));
    }

    #[test]
    fn read_topic_keeps_dates_only_when_asked() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("articles.json"),
            r#"[{"uid":"1","dct":"2010-01-13","text":"Rescuers dug through the night ."},{"uid":"2"}]"#,
        )
        .unwrap();
        let dated = read_topic(root.path(), true).unwrap();
        assert_eq!(dated.len(), 1);
        assert_eq!(dated[0].hints.published, "2010-01-13".parse().ok());
        assert_eq!(
            read_topic(root.path(), false).unwrap()[0].hints.published,
            None
        );
    }
}
