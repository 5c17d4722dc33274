//! Corpus-weighted article features (TF-IDF over sketches) and the similarity measures on them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::sketch::{Sketch, TermStats};

/// One article as the corpus stages compare it: its sketch and its terms
/// weighted by TF-IDF over the corpus, L2-normalised.
#[derive(Debug, Clone)]
pub struct ArticleFeatures<'a> {
    /// The article's corpus-independent sketch.
    pub sketch: &'a Sketch,
    /// The strongest TF-IDF weighted terms, L2-normalised, sorted by term id.
    pub terms: Vec<(u32, f32)>,
}

/// Terms kept per article: the rest weigh little and cost memory and time.
pub const MAX_TERMS: usize = 96;

/// Weighs every sketch's terms by `stats`, in parallel.
pub fn weigh<'a>(sketches: &[&'a Sketch], stats: &TermStats) -> Vec<ArticleFeatures<'a>> {
    sketches
        .par_iter()
        .map(|sketch| {
            let mut weights: Vec<(u32, f32)> = sketch
                .terms
                .iter()
                .map(|&(term, count)| {
                    let tf = 1.0 + f64::from(count).ln();
                    (term, (tf * stats.idf(term)) as f32)
                })
                .collect();
            if weights.len() > MAX_TERMS {
                weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                weights.truncate(MAX_TERMS);
                weights.sort_unstable_by_key(|w| w.0);
            }
            normalise(&mut weights);
            ArticleFeatures {
                sketch,
                terms: weights,
            }
        })
        .collect()
}

/// Terms kept in an event's story vector (see [`story_vector`]).
pub const STORY_VECTOR_TERMS: usize = 256;

/// An article's terms as story threading weighs them: every term that at
/// least one other article shares (a term no other article has can link
/// nothing, and in a long article those rare words would crowd out the
/// words the whole story keeps using), weighted by sublinear TF times the
/// square root of IDF (a story's own words are in many of the corpus's
/// articles, so full IDF would silence them), L2-normalised, sorted by term id.
pub fn story_vector(sketch: &Sketch, stats: &TermStats) -> Vec<(u32, f32)> {
    let mut weights: Vec<(u32, f32)> = sketch
        .terms
        .iter()
        .filter(|(term, _)| stats.doc_freq(*term) >= 2)
        .map(|&(term, count)| {
            let tf = 1.0 + f64::from(count).ln();
            (term, (tf * stats.idf(term).sqrt()) as f32)
        })
        .collect();
    normalise(&mut weights);
    weights
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
    centroid_of(vectors, MAX_TERMS)
}

/// Normalised sum of vectors, truncated to the strongest `keep` terms.
pub fn centroid_of<'a>(
    vectors: impl Iterator<Item = &'a Vec<(u32, f32)>>,
    keep: usize,
) -> Vec<(u32, f32)> {
    let mut sum: BTreeMap<u32, f32> = BTreeMap::new();
    for vector in vectors {
        for (term, weight) in vector {
            *sum.entry(*term).or_default() += weight;
        }
    }
    let mut weights: Vec<(u32, f32)> = sum.into_iter().collect();
    if weights.len() > keep {
        weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weights.truncate(keep);
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

/// What the similarity of two articles is multiplied by when both name
/// actors and places and they share none of either.
pub const DISJOINT_NAMES: f64 = 0.5;

/// Content similarity (text, names, quoted words) at which the date signals
/// (shared day references, event dates a day apart) count in full; below it
/// they count in proportion.
pub const DATE_GATE: f64 = 0.1;

/// Similarity of two articles as reports of one event, in [0, 1]: text,
/// actors, places, the days they refer to, and words they both quote, adjusted
/// by how far apart their event dates are when both are known.
pub fn article_similarity(a: &ArticleFeatures, b: &ArticleFeatures) -> f64 {
    let text = cosine(&a.terms, &b.terms);
    let (a, b) = (a.sketch, b.sketch);
    let actors = jaccard(&a.actors, &b.actors);
    let places = jaccard(&a.places, &b.places);
    let days = jaccard(&a.date_keys, &b.date_keys);
    let quoted = (shared(&a.quote_shingles, &b.quote_shingles) as f64 / 3.0).min(1.0);
    let content = 0.5 * text + 0.25 * actors + 0.05 * places + 0.2 * quoted;
    // Dates say two reports are of one happening only when their content
    // agrees a little: a day of unrelated coverage shares its dates, nothing else.
    let gate = (content / DATE_GATE).min(1.0);
    let mut sim = content + gate * 0.2 * days;
    // Two reports that name people and places, none of them the same, are
    // about two happenings of one kind (two strikes in two cities), however
    // alike their wording.
    let disjoint =
        |x: &[u64], y: &[u64], shared: f64| !x.is_empty() && !y.is_empty() && shared == 0.0;
    if disjoint(&a.actors, &b.actors, actors) && disjoint(&a.places, &b.places, places) {
        sim *= DISJOINT_NAMES;
    }
    // Capped before the date factor, so articles too far apart stay below the
    // event threshold however alike they are.
    sim = sim.min(1.0);
    if let (Some(da), Some(db)) = (a.event_date, b.event_date) {
        let apart = (da - db).num_days().abs();
        if apart <= 1 {
            sim += gate * 0.15;
        } else if apart > crate::EVENT_DAY_WINDOW {
            sim *= 0.25;
        }
    }
    sim.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(actors: &[u64], places: &[u64], day: &str) -> Sketch {
        Sketch {
            id: format!("{actors:?}{places:?}{day}"),
            title: None,
            terms: vec![],
            actors: actors.to_vec(),
            places: places.to_vec(),
            display_actors: vec![],
            event_date: day.parse().ok(),
            date_keys: vec![1, 2],
            quote_shingles: vec![7, 8, 9],
        }
    }

    fn similarity(a: &Sketch, b: &Sketch) -> f64 {
        let terms = vec![(1, 0.6), (2, 0.8)];
        article_similarity(
            &ArticleFeatures {
                sketch: a,
                terms: terms.clone(),
            },
            &ArticleFeatures { sketch: b, terms },
        )
    }

    #[test]
    fn articles_too_far_apart_stay_below_the_event_threshold_however_alike() {
        let a = sketch(&[1, 2], &[5], "2025-03-01");
        let b = sketch(&[1, 2], &[5], "2025-03-08");
        let near = sketch(&[1, 2], &[5], "2025-03-02");
        assert!(
            similarity(&a, &b) < crate::EVENT_THRESHOLD,
            "{}",
            similarity(&a, &b)
        );
        assert_eq!(similarity(&a, &near), 1.0);
    }

    #[test]
    fn a_day_of_unrelated_coverage_is_not_one_event() {
        // Same day, same day references, nothing else in common.
        let unquoted = |actor: u64, place: u64| Sketch {
            quote_shingles: vec![],
            ..sketch(&[actor], &[place], "2011-10-20")
        };
        let (a, b) = (unquoted(1, 5), unquoted(2, 6));
        let gold = ArticleFeatures {
            sketch: &a,
            terms: vec![(1, 1.0)],
        };
        let warplanes = ArticleFeatures {
            sketch: &b,
            terms: vec![(2, 1.0)],
        };
        let s = article_similarity(&gold, &warplanes);
        assert!(s < crate::EVENT_THRESHOLD / 2.0, "{s}");
    }

    #[test]
    fn reports_sharing_no_names_count_half() {
        let strike = sketch(&[1, 2], &[5], "2025-03-01");
        let other_city = sketch(&[3, 4], &[6], "2025-03-05");
        let same_city = sketch(&[3, 4], &[5], "2025-03-05");
        let without_places = sketch(&[3, 4], &[], "2025-03-05");
        let halved = similarity(&strike, &other_city);
        assert!((similarity(&strike, &without_places) * DISJOINT_NAMES - halved).abs() < 1e-9);
        assert!(similarity(&strike, &same_city) > similarity(&strike, &without_places));
    }
}
