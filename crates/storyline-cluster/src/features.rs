//! Per-article features for clustering: TF-IDF term weights, actors and the event date.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use storyline_annotate::entities::fold;
use storyline_annotate::terms::content_terms;
use storyline_model::{Doc, EntityKind, Granularity};

/// What clustering knows about one article.
#[derive(Debug, Clone)]
pub struct ArticleFeatures {
    /// L2-normalised TF-IDF weights of content terms.
    pub terms: BTreeMap<String, f64>,
    /// Folded names of the people and organisations mentioned.
    pub actors: BTreeSet<String>,
    /// Folded names of the places mentioned.
    pub places: BTreeSet<String>,
    /// Display names of the people mentioned most, for titles.
    pub display_actors: Vec<String>,
    /// The date of the happening the article reports.
    pub event_date: Option<NaiveDate>,
    /// Day-level dates and weekdays the article refers to ("09-01", "thursday"),
    /// comparable even when no publication date anchors them.
    pub date_keys: BTreeSet<String>,
    /// Word 4-grams of the article's direct quotes: the same words quoted
    /// in two articles usually mean the same occasion.
    pub quote_shingles: BTreeSet<String>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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

fn quote_shingles(doc: &Doc) -> BTreeSet<String> {
    let mut shingles = BTreeSet::new();
    for quote in doc
        .quotes
        .iter()
        .filter(|q| q.kind == storyline_model::QuoteKind::Direct)
    {
        let words: Vec<String> = quote
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for window in words.windows(4) {
            shingles.insert(window.join(" "));
        }
    }
    shingles
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

/// Computes features for every document (IDF over this set).
pub fn compute(docs: &[&Doc]) -> Vec<ArticleFeatures> {
    let term_lists: Vec<Vec<String>> = docs.iter().map(|d| content_terms(d.text())).collect();
    let mut doc_freq: HashMap<&str, usize> = HashMap::new();
    for terms in &term_lists {
        let unique: BTreeSet<&str> = terms.iter().map(String::as_str).collect();
        for term in unique {
            *doc_freq.entry(term).or_default() += 1;
        }
    }
    let n = docs.len() as f64;
    docs.iter()
        .zip(&term_lists)
        .map(|(doc, terms)| {
            let mut tf: BTreeMap<String, f64> = BTreeMap::new();
            for term in terms {
                *tf.entry(term.clone()).or_default() += 1.0;
            }
            let mut weights: BTreeMap<String, f64> = tf
                .into_iter()
                .map(|(term, count)| {
                    let df = doc_freq.get(term.as_str()).copied().unwrap_or(1) as f64;
                    let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
                    let weight = (1.0 + f64::ln(count)) * idf;
                    (term, weight)
                })
                .collect();
            normalise(&mut weights);
            let mut actor_counts: BTreeMap<String, usize> = BTreeMap::new();
            let mut actors = BTreeSet::new();
            let mut places = BTreeSet::new();
            for mention in &doc.mentions {
                match mention.kind {
                    EntityKind::Person | EntityKind::Organisation => {
                        actors.insert(fold(&mention.entity));
                        if mention.kind == EntityKind::Person {
                            *actor_counts.entry(mention.entity.clone()).or_default() += 1;
                        }
                    }
                    EntityKind::Place => {
                        places.insert(fold(&mention.entity));
                    }
                    EntityKind::Other => {}
                }
            }
            let mut display: Vec<(String, usize)> = actor_counts.into_iter().collect();
            display.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ArticleFeatures {
                terms: weights,
                actors,
                places,
                display_actors: display.into_iter().take(3).map(|(name, _)| name).collect(),
                event_date: event_date(doc),
                date_keys: doc
                    .dates
                    .iter()
                    .filter(|d| matches!(d.granularity, Granularity::Day))
                    .filter_map(|d| date_key(&d.text))
                    .collect(),
                quote_shingles: quote_shingles(doc),
            }
        })
        .collect()
}

fn normalise(weights: &mut BTreeMap<String, f64>) {
    let norm = weights.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for w in weights.values_mut() {
            *w /= norm;
        }
    }
}

/// Cosine of two L2-normalised sparse vectors.
pub fn cosine(a: &BTreeMap<String, f64>, b: &BTreeMap<String, f64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum()
}

/// Normalised sum of vectors.
pub fn centroid<'a>(
    vectors: impl Iterator<Item = &'a BTreeMap<String, f64>>,
) -> BTreeMap<String, f64> {
    let mut sum: BTreeMap<String, f64> = BTreeMap::new();
    for vector in vectors {
        for (term, weight) in vector {
            *sum.entry(term.clone()).or_default() += weight;
        }
    }
    normalise(&mut sum);
    sum
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Similarity of two articles as reports of one event, in [0, 1]: text,
/// actors, places, the days they refer to, and words they both quote, adjusted
/// by how far apart their event dates are when both are known.
pub fn article_similarity(a: &ArticleFeatures, b: &ArticleFeatures) -> f64 {
    let text = cosine(&a.terms, &b.terms);
    let actors = jaccard(&a.actors, &b.actors);
    let places = jaccard(&a.places, &b.places);
    let days = jaccard(&a.date_keys, &b.date_keys);
    let shared_quotes = a.quote_shingles.intersection(&b.quote_shingles).count();
    let quoted = (shared_quotes as f64 / 3.0).min(1.0);
    let mut sim = 0.5 * text + 0.25 * actors + 0.05 * places + 0.2 * days + 0.2 * quoted;
    if let (Some(da), Some(db)) = (a.event_date, b.event_date) {
        let apart = (da - db).num_days().abs();
        if apart <= 1 {
            sim += 0.15;
        } else if apart > crate::EVENT_DAY_WINDOW {
            sim *= 0.25;
        }
    }
    sim.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_ignore_the_year_and_the_wording() {
        assert_eq!(date_key("Sept. 1").as_deref(), Some("09-01"));
        assert_eq!(date_key("the 1st of September").as_deref(), Some("09-01"));
        assert_eq!(date_key("on Thursday").as_deref(), Some("thursday"));
        assert_eq!(date_key("2008"), None);
    }
}
