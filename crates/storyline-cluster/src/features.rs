//! Per-article features for clustering: TF-IDF term weights, actors and the event date.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use chrono::NaiveDate;
use storyline_annotate::entities::fold;
use storyline_annotate::terms::content_terms;
use storyline_model::{Doc, EntityKind, Granularity};

/// What clustering knows about one article. Terms, names and keys are
/// interned or hashed to integers and kept as sorted vectors, so a million
/// articles fit in memory and set operations are merges.
#[derive(Debug, Clone)]
pub struct ArticleFeatures {
    /// The strongest TF-IDF weighted terms (interned ids), L2-normalised, sorted by id.
    pub terms: Vec<(u32, f32)>,
    /// Hashed folded names of the people and organisations mentioned, sorted.
    pub actors: Vec<u64>,
    /// Hashed folded names of the places mentioned, sorted.
    pub places: Vec<u64>,
    /// Display names of the people mentioned most, for titles.
    pub display_actors: Vec<String>,
    /// The date of the happening the article reports.
    pub event_date: Option<NaiveDate>,
    /// Hashed day-level dates and weekdays the article refers to ("09-01",
    /// "thursday"), comparable even when no publication date anchors them.
    pub date_keys: Vec<u64>,
    /// Hashed word 4-grams of the article's direct quotes: the same words
    /// quoted in two articles usually mean the same occasion.
    pub quote_shingles: Vec<u64>,
}

/// Terms kept per article: the rest weigh little and cost memory and time.
pub const MAX_TERMS: usize = 96;

fn hash_str(text: &str) -> u64 {
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

fn quote_shingles(doc: &Doc) -> Vec<u64> {
    let mut shingles = Vec::new();
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

/// Computes features for every document, with IDF over this set, in parallel.
pub fn compute(docs: &[&Doc]) -> Vec<ArticleFeatures> {
    let term_lists: Vec<Vec<String>> = docs.par_iter().map(|d| content_terms(d.text())).collect();
    let mut vocabulary: HashMap<&str, u32> = HashMap::new();
    let mut doc_freq: Vec<u32> = Vec::new();
    let mut id_lists: Vec<Vec<u32>> = Vec::with_capacity(term_lists.len());
    for terms in &term_lists {
        let mut ids: Vec<u32> = terms
            .iter()
            .map(|t| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(t.as_str()).or_insert(next)
            })
            .collect();
        doc_freq.resize(vocabulary.len(), 0);
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        for id in unique {
            doc_freq[id as usize] += 1;
        }
        ids.sort_unstable();
        id_lists.push(ids);
    }
    let n = docs.len() as f64;
    docs.par_iter()
        .zip(id_lists.par_iter())
        .map(|(doc, ids)| {
            let mut weights: Vec<(u32, f32)> = Vec::new();
            for run in ids.chunk_by(|a, b| a == b) {
                let df = f64::from(doc_freq[run[0] as usize]);
                let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
                weights.push((run[0], ((1.0 + (run.len() as f64).ln()) * idf) as f32));
            }
            if weights.len() > MAX_TERMS {
                weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                weights.truncate(MAX_TERMS);
                weights.sort_unstable_by_key(|w| w.0);
            }
            normalise(&mut weights);
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
            ArticleFeatures {
                terms: weights,
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
        })
        .collect()
}

fn normalise(weights: &mut [(u32, f32)]) {
    let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in weights.iter_mut() {
            *w /= norm;
        }
    }
}

/// Cosine of two L2-normalised sparse vectors sorted by term id.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Normalised sum of vectors, truncated to the strongest [`MAX_TERMS`] terms.
pub fn centroid<'a>(vectors: impl Iterator<Item = &'a Vec<(u32, f32)>>) -> Vec<(u32, f32)> {
    let mut sum: BTreeMap<u32, f32> = BTreeMap::new();
    for vector in vectors {
        for (term, weight) in vector {
            *sum.entry(*term).or_default() += weight;
        }
    }
    let mut weights: Vec<(u32, f32)> = sum.into_iter().collect();
    if weights.len() > MAX_TERMS {
        weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weights.truncate(MAX_TERMS);
        weights.sort_unstable_by_key(|w| w.0);
    }
    normalise(&mut weights);
    weights
}

/// Size of the intersection of two sorted, de-duplicated vectors.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let both = shared(a, b);
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// Similarity of two articles as reports of one event, in [0, 1]: text,
/// actors, places, the days they refer to, and words they both quote, adjusted
/// by how far apart their event dates are when both are known.
pub fn article_similarity(a: &ArticleFeatures, b: &ArticleFeatures) -> f64 {
    let text = cosine(&a.terms, &b.terms);
    let actors = jaccard(&a.actors, &b.actors);
    let places = jaccard(&a.places, &b.places);
    let days = jaccard(&a.date_keys, &b.date_keys);
    let quoted = (shared(&a.quote_shingles, &b.quote_shingles) as f64 / 3.0).min(1.0);
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
