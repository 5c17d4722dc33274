//! The per-article part of clustering: a [`Sketch`] holds everything the
//! corpus-wide steps need to know about one article, computed once, in
//! parallel, without looking at any other article.
//!
//! Sketches are what make re-clustering cheap: the corpus stage never touches
//! article text again, a stored corpus keeps one sketch per article, and an
//! incremental update loads only the sketches near the new articles.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_annotate::content_terms_iter;
use storyline_annotate::{fold, WEEKDAYS};
use storyline_model::{ArticleId, Doc, EntityKind, Granularity, QuoteKind};

/// What clustering knows about one article, independent of the rest of the
/// corpus. Names, terms and keys are hashed and kept as sorted vectors, so a
/// million sketches fit in memory and set operations are merges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    /// The article's id.
    pub id: ArticleId,
    /// The article's title, which may name the event it ends up in.
    pub title: Option<String>,
    /// Every content term (stem hashed by [`term_id`]) with its count in the article, sorted by id.
    pub terms: Vec<(u32, u16)>,
    /// Hashed folded names of the people and organisations mentioned, sorted.
    pub actors: Vec<u64>,
    /// Hashed folded names of the places mentioned, sorted.
    pub places: Vec<u64>,
    /// Display names of the people mentioned most (at most three), for story titles.
    pub display_actors: Vec<String>,
    /// The date of the happening the article reports ([`event_date`]).
    pub event_date: Option<NaiveDate>,
    /// Hashed day-level dates and weekdays the article refers to ("09-01",
    /// "thursday"), comparable even when no publication date anchors them.
    pub date_keys: Vec<u64>,
    /// Hashed word 4-grams of the article's direct quotes: the same words
    /// quoted in two articles usually mean the same occasion.
    pub quote_shingles: Vec<u64>,
}

/// A sketch's stored bytes could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("unreadable clustering sketch: {0}")]
pub struct SketchError(#[from] postcard::Error);

impl Sketch {
    /// Sketches one annotated document.
    pub fn of(doc: &Doc) -> Sketch {
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for term in content_terms_iter(doc.text()) {
            let count = counts.entry(term_id(&term)).or_default();
            *count = count.saturating_add(1);
        }
        let mut terms: Vec<(u32, u16)> = counts.into_iter().collect();
        terms.sort_unstable();
        let mut actor_counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut actors = Vec::new();
        let mut places = Vec::new();
        for mention in &doc.mentions {
            match mention.kind {
                EntityKind::Person | EntityKind::Organisation => {
                    actors.push(hash_str(&fold(&mention.entity)));
                    if mention.kind == EntityKind::Person {
                        *actor_counts.entry(mention.entity.as_str()).or_default() += 1;
                    }
                }
                EntityKind::Place => places.push(hash_str(&fold(&mention.entity))),
                EntityKind::Other => {}
            }
        }
        let mut display: Vec<(&str, usize)> = actor_counts.into_iter().collect();
        display.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        Sketch {
            id: doc.article.id.clone(),
            title: doc.article.title.as_ref().map(|t| t.value.clone()),
            terms,
            actors: sorted_unique(actors),
            places: sorted_unique(places),
            display_actors: display
                .into_iter()
                .take(3)
                .map(|(name, _)| name.to_string())
                .collect(),
            event_date: event_date(doc),
            date_keys: sorted_unique(
                doc.dates
                    .iter()
                    .filter(|d| matches!(d.granularity, Granularity::Day))
                    .filter_map(|d| date_key(&d.text))
                    .map(|k| hash_str(&k))
                    .collect(),
            ),
            quote_shingles: quote_shingles(doc),
        }
    }

    /// The sketch as compact bytes (postcard), for storing beside its article.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a sketch always serialises")
    }

    /// Reads a sketch written by [`Sketch::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Sketch, SketchError> {
        Ok(postcard::from_bytes(bytes)?)
    }
}

/// How many articles each term occurs in: the corpus-wide part of TF-IDF.
/// Kept apart from the sketches so an incremental update can add to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermStats {
    /// Articles counted.
    pub articles: u64,
    /// Articles containing each term.
    pub doc_freq: HashMap<u32, u32>,
}

impl TermStats {
    /// Counts the terms of `sketches`.
    pub fn of<'a>(sketches: impl IntoIterator<Item = &'a Sketch>) -> TermStats {
        let mut stats = TermStats::default();
        for sketch in sketches {
            stats.add(sketch);
        }
        stats
    }

    /// Counts one more article.
    pub fn add(&mut self, sketch: &Sketch) {
        self.articles += 1;
        for (term, _) in &sketch.terms {
            *self.doc_freq.entry(*term).or_default() += 1;
        }
    }

    /// Rebuilds statistics from stored counts (see [`TermStats::counts`]).
    pub fn from_counts(articles: u64, counts: impl IntoIterator<Item = (u32, u64)>) -> TermStats {
        TermStats {
            articles,
            doc_freq: counts
                .into_iter()
                .map(|(term, n)| (term, u32::try_from(n).unwrap_or(u32::MAX)))
                .collect(),
        }
    }

    /// Per term, how many articles contain it, sorted by term.
    pub fn counts(&self) -> Vec<(u32, u64)> {
        let mut counts: Vec<(u32, u64)> = self
            .doc_freq
            .iter()
            .map(|(term, n)| (*term, u64::from(*n)))
            .collect();
        counts.sort_unstable();
        counts
    }

    /// Articles containing `term`.
    pub fn doc_freq(&self, term: u32) -> u32 {
        self.doc_freq.get(&term).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency of `term`.
    pub fn idf(&self, term: u32) -> f64 {
        let df = f64::from(self.doc_freq.get(&term).copied().unwrap_or(0));
        ((1.0 + self.articles as f64) / (1.0 + df)).ln() + 1.0
    }
}

/// The id of a content term: a 32-bit FNV-1a hash of its stem. With a
/// vocabulary of a million stems a few collide, which merely merges their weights.
pub fn term_id(stem: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in stem.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub(crate) fn hash_str(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn sorted_unique(mut values: Vec<u64>) -> Vec<u64> {
    values.sort_unstable();
    values.dedup();
    values
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A year-free key for a day-level time expression: "09-01" for "Sept. 1",
/// "September 1" or "the 1st of September"; the weekday name for "on Thursday".
fn date_key(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(day) = words.iter().find(|w| WEEKDAYS.contains(w)) {
        return Some((*day).to_string());
    }
    let month = words
        .iter()
        .find_map(|w| MONTHS.iter().position(|m| w.len() >= 3 && w.starts_with(m)))?;
    let day = words.iter().find_map(|w| {
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        digits
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d) && digits.len() <= 2)
    })?;
    Some(format!("{:02}-{day:02}", month + 1))
}

fn quote_shingles(doc: &Doc) -> Vec<u64> {
    let mut shingles = Vec::new();
    for quote in doc.quotes.iter().filter(|q| q.kind != QuoteKind::Indirect) {
        let words: Vec<String> = quote
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for window in words.windows(4) {
            shingles.push(hash_str(&window.join(" ")));
        }
    }
    sorted_unique(shingles)
}

/// The date of the happening an article reports: a day-precise date in the
/// first two sentences that lies within two weeks before publication, else the
/// day-precise past date referred to most often within a week of publication,
/// else the publication date.
pub fn event_date(doc: &Doc) -> Option<NaiveDate> {
    let published = doc.article.published_date();
    let lede_end = doc
        .sentences
        .get(1)
        .or(doc.sentences.first())
        .map_or(0, |s| s.end);
    let days: Vec<(usize, NaiveDate)> = doc
        .dates
        .iter()
        .filter(|d| d.granularity == Granularity::Day)
        .filter_map(|d| {
            Some((
                d.start,
                NaiveDate::parse_from_str(d.value.as_deref()?, "%Y-%m-%d").ok()?,
            ))
        })
        .filter(|(_, date)| published.is_none_or(|p| *date <= p && (p - *date).num_days() <= 14))
        .collect();
    if let Some((_, date)) = days.iter().find(|(start, _)| *start < lede_end) {
        return Some(*date);
    }
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (_, date) in &days {
        if published.is_none_or(|p| (p - *date).num_days() <= 7) {
            *counts.entry(*date).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(date, count)| (*count, *date))
        .map(|(date, _)| date)
        .or(published)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Article;

    #[test]
    fn date_keys_ignore_the_year_and_the_wording() {
        assert_eq!(date_key("Sept. 1").as_deref(), Some("09-01"));
        assert_eq!(date_key("the 1st of September").as_deref(), Some("09-01"));
        assert_eq!(date_key("on Thursday").as_deref(), Some("thursday"));
        assert_eq!(date_key("last year"), None);
    }

    #[test]
    fn sketches_round_trip_through_bytes_and_count_terms() {
        let doc = storyline_annotate::annotate(
            Article::new(
                "a1",
                "a1.txt",
                "Dock workers struck on Monday. The strike closed the port, workers said.",
            )
            .given_title("Port strike")
            .given_published("2025-03-10".parse().unwrap()),
        );
        let sketch = Sketch::of(&doc);
        let strike = sketch
            .terms
            .iter()
            .find(|(t, _)| *t == term_id("strike"))
            .map(|(_, n)| *n);
        assert_eq!(strike, Some(1), "{:?}", sketch.terms);
        let workers = sketch.terms.iter().find(|(t, _)| *t == term_id("worker"));
        assert_eq!(workers.map(|(_, n)| *n), Some(2));
        assert!(sketch.event_date.is_some());
        let bytes = sketch.to_bytes();
        assert_eq!(Sketch::from_bytes(&bytes).unwrap(), sketch);
        assert!(Sketch::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn term_stats_weigh_rare_terms_higher() {
        let sketch = |id: &str, terms: &[&str]| Sketch {
            id: id.into(),
            title: None,
            terms: {
                let mut t: Vec<(u32, u16)> = terms.iter().map(|t| (term_id(t), 1)).collect();
                t.sort_unstable();
                t
            },
            actors: vec![],
            places: vec![],
            display_actors: vec![],
            event_date: None,
            date_keys: vec![],
            quote_shingles: vec![],
        };
        let stats = TermStats::of(&[
            sketch("a", &["port", "strike"]),
            sketch("b", &["port", "fire"]),
            sketch("c", &["port"]),
        ]);
        assert_eq!(stats.articles, 3);
        assert_eq!(TermStats::from_counts(3, stats.counts()), stats);
        assert!(stats.idf(term_id("fire")) > stats.idf(term_id("port")));
    }
}
