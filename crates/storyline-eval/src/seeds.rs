//! Scores the per-article stages on the seed articles against the analyst's
//! `expected.json`: quotes with their speakers, timeline dates and quantities.
//!
//! The folder holds the articles, `manifest.jsonl` and `expected.json`. The real
//! stages run: source (with the manifest) → extract → annotate, then the corpus
//! entity linking ([`storyline_analyse::link_entities`] and
//! [`storyline_analyse::canonical_speakers`]) so speakers carry corpus names.
//!
//! * **Quotes**: a gold quote is found when a quote in the same article contains
//!   its `contains` string (case- and apostrophe-insensitive); its speaker is right
//!   when the found quote's speaker is the canonical name or one of its aliases.
//!   A system quote is correct when it matches some gold quote.
//! * **Dates**: each (gold timeline date, article) pair is found when the article
//!   has a time expression normalised to that date or to a day or month inside it
//!   (`2022-07` finds `2022-07`, `2022-07-15`). System items are the distinct
//!   day, month and year values per article.
//! * **Quantities**: each gold (article, value) is found when the article has a
//!   quantity of that value.
//!
//! The gold lists what an analyst picked out, not every date or number: precision
//! counts every other date and number as wrong, so read it as a lower bound.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use storyline_model::{Doc, Granularity};
use storyline_source::{Manifest, SourceError};

use crate::measure::{fold_quotes, Meter, PartScore, Throughput};

/// Why the seed evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum SeedsError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `expected.json` does not parse.
    #[error("invalid {path}: {source}")]
    Expected {
        /// The file.
        path: PathBuf,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// `manifest.jsonl` is malformed.
    #[error("manifest: {0}")]
    Manifest(#[from] SourceError),
}

/// Result alias for this module.
pub type Result<T, E = SeedsError> = std::result::Result<T, E>;

/// The parts of `expected.json` scored here.
#[derive(Debug, Clone, Deserialize)]
struct Expected {
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    quantities: Vec<GoldQuantity>,
    timeline: Vec<GoldDate>,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldQuote {
    article: String,
    contains: String,
    speaker: String,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldQuantity {
    article: String,
    value: f64,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldDate {
    date: String,
    articles: Vec<String>,
}

/// Scores on the seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedScore {
    /// Always `seeds`.
    pub(crate) kind: &'static str,
    /// The folder scored.
    pub(crate) dataset: String,
    /// Articles read and annotated.
    pub(crate) n_articles: usize,
    /// Inputs that could not be read or extracted.
    pub(crate) n_problems: usize,
    /// Quotes found, whoever the speaker.
    pub(crate) quotes: PartScore,
    /// Quotes found with the right speaker.
    pub(crate) quotes_with_speaker: PartScore,
    /// System quotes by kind: direct and indirect.
    pub(crate) n_direct: usize,
    /// Indirect (reported) system quotes.
    pub(crate) n_indirect: usize,
    /// Timeline dates found in the right articles.
    pub(crate) dates: PartScore,
    /// Quantities found in the right articles.
    pub(crate) quantities: PartScore,
    /// The annotate stage's speed on these articles.
    pub(crate) throughput: Throughput,
    /// Every gold item missed or wrongly attributed, in words.
    pub(crate) misses: Vec<String>,
}

impl SeedScore {
    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Seeds ({}): {} articles, {} problems\n",
            self.dataset, self.n_articles, self.n_problems
        );
        out += &self.quotes.line("quotes");
        out += &format!("\n{}\n", self.quotes_with_speaker.line("quotes+speaker"));
        out += &format!(
            "  system quotes: {} direct, {} indirect\n",
            self.n_direct, self.n_indirect
        );
        out += &format!("{}\n", self.dates.line("timeline dates"));
        out += &format!("{}\n", self.quantities.line("quantities"));
        out += "  (the gold lists the dates and numbers an analyst picked out: precision counts every other one as wrong)\n";
        for miss in &self.misses {
            out += &format!("  miss: {miss}\n");
        }
        out += &self.throughput.line("annotate");
        out
    }
}

/// Whether `dir` is laid out like the seeds: articles beside `expected.json` and `manifest.jsonl`.
pub fn is_seeds_dir(dir: &Path) -> bool {
    dir.join("expected.json").is_file() && dir.join("manifest.jsonl").is_file()
}

/// Runs source → extract → annotate → entity linking on the seed folder `dir` and scores it.
pub fn evaluate_seeds(dir: &Path) -> Result<SeedScore> {
    let expected_path = dir.join("expected.json");
    let raw = std::fs::read_to_string(&expected_path).map_err(|source| SeedsError::Io {
        path: expected_path.clone(),
        source,
    })?;
    let expected: Expected = serde_json::from_str(&raw).map_err(|source| SeedsError::Expected {
        path: expected_path.clone(),
        source,
    })?;
    let manifest = Manifest::read(&dir.join("manifest.jsonl"))?;
    let (docs, n_problems, throughput) = run_stages(dir, &manifest)?;
    Ok(score(dir, &expected, &docs, n_problems, throughput))
}

/// The article files of the folder (not the gold or the manifest), sorted.
fn article_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| SeedsError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "txt" | "html" | "htm"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn run_stages(dir: &Path, manifest: &Manifest) -> Result<(Vec<Doc>, usize, Throughput)> {
    let loaded = storyline_source::load(&article_files(dir)?, Some(manifest));
    let mut n_problems = loaded.diagnostics.len();
    let mut meter = Meter::default();
    let mut docs = Vec::with_capacity(loaded.docs.len());
    for raw in &loaded.docs {
        match storyline_extract::extract(raw) {
            Ok(article) => docs.push(meter.annotate(article)),
            Err(_) => n_problems += 1,
        }
    }
    let entities = storyline_analyse::link_entities(&docs);
    storyline_analyse::canonical_speakers(&mut docs, &entities);
    Ok((docs, n_problems, meter.throughput()))
}

/// The file name a document was read from: what `expected.json` names articles by.
fn file_name(doc: &Doc) -> &str {
    let source = doc.article.source.as_str();
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

/// Whether a normalised value lies inside the gold date (the same period or a finer one in it).
fn date_within(value: &str, gold: &str) -> bool {
    value == gold || value.strip_prefix(gold).is_some_and(|r| r.starts_with('-'))
}

fn is_calendar(granularity: Granularity) -> bool {
    matches!(
        granularity,
        Granularity::Day | Granularity::Month | Granularity::Year
    )
}

fn score(
    dir: &Path,
    expected: &Expected,
    docs: &[Doc],
    n_problems: usize,
    throughput: Throughput,
) -> SeedScore {
    let by_name: BTreeMap<&str, &Doc> = docs.iter().map(|d| (file_name(d), d)).collect();
    let mut misses = Vec::new();

    // Quotes: which system quotes match which gold quotes.
    let speaker_ok = |speaker: Option<&str>, gold: &str| {
        let Some(speaker) = speaker.map(fold_quotes) else {
            return false;
        };
        speaker == fold_quotes(gold)
            || expected
                .aliases
                .get(gold)
                .is_some_and(|aliases| aliases.iter().any(|a| fold_quotes(a) == speaker))
    };
    let (mut found, mut found_right) = (0, 0);
    let mut correct: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut correct_right: BTreeSet<(&str, usize)> = BTreeSet::new();
    for gold in &expected.quotes {
        let want = fold_quotes(&gold.contains);
        let Some(doc) = by_name.get(gold.article.as_str()) else {
            misses.push(format!("{}: article not read", gold.article));
            continue;
        };
        let matching: Vec<usize> = doc
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| fold_quotes(&q.text).contains(&want))
            .map(|(i, _)| i)
            .collect();
        let right: Vec<usize> = matching
            .iter()
            .copied()
            .filter(|&i| speaker_ok(doc.quotes[i].speaker.as_deref(), &gold.speaker))
            .collect();
        correct.extend(matching.iter().map(|&i| (gold.article.as_str(), i)));
        correct_right.extend(right.iter().map(|&i| (gold.article.as_str(), i)));
        found += usize::from(!matching.is_empty());
        found_right += usize::from(!right.is_empty());
        if matching.is_empty() {
            misses.push(format!(
                "{}: quote “{}” ({}) not found",
                gold.article, gold.contains, gold.speaker
            ));
        } else if right.is_empty() {
            let said: Vec<&str> = matching
                .iter()
                .map(|&i| doc.quotes[i].speaker.as_deref().unwrap_or("nobody"))
                .collect();
            misses.push(format!(
                "{}: quote “{}” given to {} instead of {}",
                gold.article,
                gold.contains,
                said.join(" / "),
                gold.speaker
            ));
        }
    }
    let n_system_quotes: usize = docs.iter().map(|d| d.quotes.len()).sum();
    let n_direct = docs
        .iter()
        .flat_map(|d| &d.quotes)
        .filter(|q| q.kind != storyline_model::QuoteKind::Indirect)
        .count();
    let quotes = PartScore::new(expected.quotes.len(), found, n_system_quotes, correct.len());
    let quotes_with_speaker = PartScore::new(
        expected.quotes.len(),
        found_right,
        n_system_quotes,
        correct_right.len(),
    );

    // Dates: distinct calendar values per article against (gold date, article) pairs.
    let system_dates: BTreeSet<(&str, &str)> = docs
        .iter()
        .flat_map(|d| {
            d.dates
                .iter()
                .filter(|t| is_calendar(t.granularity))
                .filter_map(move |t| Some((file_name(d), t.value.as_deref()?)))
        })
        .collect();
    let gold_dates: Vec<(&str, &str)> = expected
        .timeline
        .iter()
        .flat_map(|t| t.articles.iter().map(|a| (a.as_str(), t.date.as_str())))
        .collect();
    let mut dates_found = 0;
    for &(article, date) in &gold_dates {
        if system_dates
            .iter()
            .any(|&(a, v)| a == article && date_within(v, date))
        {
            dates_found += 1;
        } else {
            misses.push(format!("{article}: date {date} not found"));
        }
    }
    let dates_correct = system_dates
        .iter()
        .filter(|&&(a, v)| {
            gold_dates
                .iter()
                .any(|&(ga, gd)| ga == a && date_within(v, gd))
        })
        .count();
    let dates = PartScore::new(
        gold_dates.len(),
        dates_found,
        system_dates.len(),
        dates_correct,
    );

    // Quantities: values per article.
    let same = |a: f64, b: f64| (a - b).abs() < 1e-6;
    let mut quantities_found = 0;
    for gold in &expected.quantities {
        let hit = by_name
            .get(gold.article.as_str())
            .is_some_and(|d| d.quantities.iter().any(|q| same(q.value, gold.value)));
        if hit {
            quantities_found += 1;
        } else {
            misses.push(format!(
                "{}: quantity {} not found",
                gold.article, gold.value
            ));
        }
    }
    let n_system_quantities: usize = docs.iter().map(|d| d.quantities.len()).sum();
    let quantities_correct = docs
        .iter()
        .flat_map(|d| d.quantities.iter().map(move |q| (file_name(d), q.value)))
        .filter(|&(article, value)| {
            expected
                .quantities
                .iter()
                .any(|g| g.article == article && same(g.value, value))
        })
        .count();
    let quantities = PartScore::new(
        expected.quantities.len(),
        quantities_found,
        n_system_quantities,
        quantities_correct,
    );

    SeedScore {
        kind: "seeds",
        dataset: dir.display().to_string(),
        n_articles: docs.len(),
        n_problems,
        quotes,
        quotes_with_speaker,
        n_direct,
        n_indirect: n_system_quotes - n_direct,
        dates,
        quantities,
        throughput,
        misses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: &str = r#"{
      "quotes": [
        {"article": "a.txt", "contains": "we couldn't agree", "speaker": "Mira Kovan"},
        {"article": "a.txt", "contains": "the door is open", "speaker": "Teo Brandt"},
        {"article": "a.txt", "contains": "never said", "speaker": "Teo Brandt"}
      ],
      "aliases": {"Mira Kovan": ["Kovan", "Ms Kovan"]},
      "quantities": [{"article": "a.txt", "value": 3000, "about": "dock workers"}],
      "timeline": [
        {"date": "2025-03-10", "what": "strike", "articles": ["a.txt"]},
        {"date": "2024", "what": "old treaty", "articles": ["a.txt"]}
      ]
    }"#;

    const ARTICLE: &str = "Valdorian President Mira Kovan met union leaders on Monday.\n\n\
        “We couldn’t agree on anything,” Kovan told reporters.\n\n\
        Ostranan Prime Minister Teo Brandt said the talks would go on. “The door is open,” said Brandt.\n\n\
        About 3,000 dock workers walked out; 40 trucks were stranded.";

    fn seed_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
        std::fs::write(dir.path().join("expected.json"), EXPECTED).unwrap();
        std::fs::write(
            dir.path().join("manifest.jsonl"),
            r#"{"file": "a.txt", "outlet": "Harbour Wire", "published": "2025-03-11"}"#,
        )
        .unwrap();
        dir
    }

    #[test]
    fn scores_quotes_dates_and_quantities_of_a_seed_folder() {
        let dir = seed_dir();
        assert!(is_seeds_dir(dir.path()));
        let score = evaluate_seeds(dir.path()).unwrap();
        assert_eq!(score.n_articles, 1);
        assert_eq!(score.n_problems, 0);
        // Two of three gold quotes found, both with the right speaker (one through an alias).
        assert_eq!(score.quotes.gold_found, 2);
        assert_eq!(score.quotes_with_speaker.gold_found, 2);
        assert_eq!(score.quotes.n_gold, 3);
        // "Monday" before a 2025-03-11 publication is 2025-03-10; 2024 is never mentioned.
        assert_eq!((score.dates.gold_found, score.dates.n_gold), (1, 2));
        assert_eq!(score.quantities.gold_found, 1);
        assert_eq!(score.quantities.n_system, 2);
        assert_eq!(score.quantities.system_correct, 1);
        assert_eq!(score.throughput.n_documents, 1);
        assert!(score.misses.iter().any(|m| m.contains("never said")));
        assert!(score.misses.iter().any(|m| m.contains("2024")));
        assert!(score.summary().contains("quotes+speaker"));
    }

    #[test]
    fn dates_inside_a_gold_period_count() {
        assert!(date_within("2022-07-15", "2022-07"));
        assert!(date_within("2022", "2022"));
        assert!(!date_within("20221", "2022"));
        assert!(!date_within("2022", "2022-07"));
    }
}
