//! Extractive, cited summaries for events and stories.

use std::collections::{BTreeMap, HashMap};

use storyline_annotate::content_terms;
use storyline_model::{Citation, Doc, Event, Span, Story};

/// Sentences per event summary (stories get two more).
pub const SUMMARY_SENTENCES: usize = 3;

type Vector = BTreeMap<String, f64>;

pub(crate) fn vector(text: &str) -> Vector {
    let mut v = Vector::new();
    for term in content_terms(text) {
        *v.entry(term).or_default() += 1.0;
    }
    let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    v
}

pub(crate) fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum()
}

/// A term vector with interned term ids, sorted by id.
type Sparse = Vec<(u32, f64)>;

/// [`cosine`] over interned vectors: the same products, summed in the same order.
fn sparse_cosine(a: &Sparse, b: &Sparse) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| {
            large
                .binary_search_by_key(t, |e| e.0)
                .ok()
                .map(|i| w * large[i].1)
        })
        .sum()
}

struct Candidate {
    citation: Citation,
    vector: Vector,
    position: usize,
}

/// Picks `n` sentences from `docs` that best cover them: close to the centroid,
/// supported by other articles, early in their article, and not redundant with
/// sentences already picked (maximal marginal relevance).
/// Sentences considered for one summary at most: beyond this, only the
/// earliest sentences of the articles are (stable by article order).
const MAX_CANDIDATES: usize = 600;

fn pick(docs: &[&Doc], n: usize) -> Vec<Citation> {
    // Which sentences are candidates is decided before any is copied or
    // turned into a vector: an article of a hundred thousand sentences
    // would otherwise hold a citation and a term map for each of them.
    let mut eligible: Vec<(usize, &Doc, Span)> = Vec::new();
    for doc in docs {
        for (position, span) in doc.sentences.iter().enumerate() {
            let text = span.slice(doc.text());
            let words = text.split_whitespace().count();
            if !(6..=60).contains(&words) || text.starts_with(['“', '"']) {
                continue;
            }
            eligible.push((position, doc, *span));
        }
    }
    if eligible.len() > MAX_CANDIDATES {
        // A big event or story: its ledes carry it, and scoring every pair of
        // its sentences would cost quadratic time. Keep the earliest sentences.
        eligible.sort_by_key(|(position, _, _)| *position);
        eligible.truncate(MAX_CANDIDATES);
    }
    let candidates: Vec<Candidate> = eligible
        .into_iter()
        .map(|(position, doc, span)| Candidate {
            citation: Citation::new(&doc.article.id, doc.text(), span.start, span.end),
            vector: vector(span.slice(doc.text())),
            position,
        })
        .collect();
    let mut centroid = Vector::new();
    for c in &candidates {
        for (t, w) in &c.vector {
            *centroid.entry(t.clone()).or_default() += w;
        }
    }
    let norm = centroid
        .values()
        .map(|w| w * w)
        .sum::<f64>()
        .sqrt()
        .max(1e-9);
    centroid.values_mut().for_each(|w| *w /= norm);
    // Terms as ids in lexical order, so the sparse vectors below sum their
    // products in the same order as the maps they come from.
    let terms: BTreeMap<&str, u32> = candidates
        .iter()
        .flat_map(|c| c.vector.keys().map(String::as_str))
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .zip(0..)
        .collect();
    let sparse: Vec<Sparse> = candidates
        .iter()
        .map(|c| {
            c.vector
                .iter()
                .map(|(t, w)| (terms[t.as_str()], *w))
                .collect()
        })
        .collect();
    let support = support(&candidates, &sparse, terms.len());
    let scores: Vec<f64> = candidates
        .iter()
        .zip(&support)
        .map(|(c, &support)| {
            cosine(&c.vector, &centroid) + 0.1 * support as f64 + 0.15 / (1.0 + c.position as f64)
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let best = (0..candidates.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| {
                let redundancy = chosen
                    .iter()
                    .map(|&j| sparse_cosine(&sparse[i], &sparse[j]))
                    .fold(0.0, f64::max);
                (i, scores[i] - 0.7 * redundancy)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => chosen.push(i),
            None => break,
        }
    }
    chosen
        .into_iter()
        .map(|i| candidates[i].citation.clone())
        .collect()
}

/// For each candidate, how many other articles hold a sentence like it
/// (cosine at least 0.4). The similarities come from an inverted index over
/// the terms, so only candidates sharing a term are ever paired; each product
/// is added in term order, the order [`sparse_cosine`] sums them in.
fn support(candidates: &[Candidate], sparse: &[Sparse], terms: usize) -> Vec<usize> {
    let mut article_index: HashMap<&str, usize> = HashMap::new();
    let article: Vec<usize> = candidates
        .iter()
        .map(|c| {
            let next = article_index.len();
            *article_index
                .entry(c.citation.article.as_str())
                .or_insert(next)
        })
        .collect();
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); terms];
    for (index, vector) in sparse.iter().enumerate() {
        for &(term, weight) in vector {
            postings[term as usize].push((index, weight));
        }
    }
    let mut dot = vec![0.0f64; candidates.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut counted_for = vec![usize::MAX; article_index.len()];
    let mut out = Vec::with_capacity(candidates.len());
    for (index, vector) in sparse.iter().enumerate() {
        for &(term, weight) in vector {
            for &(other, other_weight) in &postings[term as usize] {
                if article[other] == article[index] {
                    continue;
                }
                if dot[other] == 0.0 {
                    touched.push(other);
                }
                dot[other] += weight * other_weight;
            }
        }
        let mut count = 0;
        for other in touched.drain(..) {
            if dot[other] >= 0.4 && counted_for[article[other]] != index {
                counted_for[article[other]] = index;
                count += 1;
            }
            dot[other] = 0.0;
        }
        out.push(count);
    }
    out
}

/// Fills the summaries of `events` (`n` sentences) and `stories` (`n + 2`).
pub fn summarise(docs: &[Doc], events: &mut [Event], stories: &mut [Story], n: usize) {
    let by_id: BTreeMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
    for event in events.iter_mut() {
        let members: Vec<&Doc> = event
            .articles
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        event.summary = pick(&members, n);
    }
    let event_by_id: HashMap<&str, &Event> = events.iter().map(|e| (e.id.as_str(), e)).collect();
    for story in stories.iter_mut() {
        let members: Vec<&Doc> = story
            .events
            .iter()
            .filter_map(|id| event_by_id.get(id.as_str()).copied())
            .flat_map(|e| e.articles.iter())
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        story.summary = pick(&members, n + 2);
    }
}
