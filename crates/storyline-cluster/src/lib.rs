//! The cluster stage: articles into events, events into stories.
//!
//! **Events.** Two articles report the same happening when their text is alike
//! (TF-IDF cosine over stemmed content terms), they name the same people,
//! organisations and places, and the dates of what they report are close. The
//! date that matters is the *event date* ([`event_date`]): the day the lede
//! refers to, not when the article was published. Articles are grouped by
//! average-linkage agglomerative clustering over that combined similarity.
//!
//! **Stories.** Events are threaded into one story when they share actors
//! (at least two people or organisations) or their vocabulary is close: the
//! August talks and the November talks between the same leaders are one story.
//!
//! Both are corpus-wide (barrier) steps. Their results depend only on the set of
//! documents, never on input order: documents are sorted by id first and ties
//! are broken by id.

mod features;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use storyline_model::{content_hash, Doc, Event, Story};

pub use features::{event_date, ArticleFeatures};

/// Combined similarity at or above which two article groups are merged into one event.
pub const EVENT_THRESHOLD: f64 = 0.28;
/// Event dates further apart than this many days make two articles unlikely to share an event.
pub const EVENT_DAY_WINDOW: i64 = 3;

/// Events and stories over a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clustering {
    /// Events, in date order.
    pub events: Vec<Event>,
    /// Stories, in order of their first event.
    pub stories: Vec<Story>,
}

/// Clusters `docs` into events and stories. Summaries are left empty for the analyse stage.
pub fn cluster(docs: &[Doc]) -> Clustering {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| docs[a].article.id.cmp(&docs[b].article.id));
    let sorted: Vec<&Doc> = order.iter().map(|&i| &docs[i]).collect();
    let features = features::compute(&sorted);
    let n = sorted.len();
    let mut sim = vec![vec![0.0f64; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let s = features::article_similarity(&features[i], &features[j]);
            sim[i][j] = s;
            sim[j][i] = s;
        }
    }
    let groups = average_linkage(&sim, EVENT_THRESHOLD);
    let mut events: Vec<Event> = groups
        .iter()
        .map(|members| make_event(members, &sorted, &features))
        .collect();
    events.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));

    let event_members: Vec<Vec<usize>> = events
        .iter()
        .map(|e| {
            e.articles
                .iter()
                .filter_map(|id| sorted.iter().position(|d| &d.article.id == id))
                .collect()
        })
        .collect();
    let stories = thread_stories(&events, &event_members, &features);
    Clustering { events, stories }
}

/// Average-linkage agglomerative clustering: repeatedly merges the two groups
/// with the highest mean pairwise similarity while it is at least `threshold`.
fn average_linkage(sim: &[Vec<f64>], threshold: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = (0..sim.len()).map(|i| vec![i]).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let mut total = 0.0;
                for &i in &groups[a] {
                    for &j in &groups[b] {
                        total += sim[i][j];
                    }
                }
                let mean = total / (groups[a].len() * groups[b].len()) as f64;
                if mean >= threshold && best.is_none_or(|(s, _, _)| mean > s) {
                    best = Some((mean, a, b));
                }
            }
        }
        let Some((_, a, b)) = best else { break };
        let merged = groups.remove(b);
        groups[a].extend(merged);
        groups[a].sort_unstable();
    }
    groups
}

fn make_event(members: &[usize], docs: &[&Doc], features: &[ArticleFeatures]) -> Event {
    let mut ids: Vec<String> = members
        .iter()
        .map(|&i| docs[i].article.id.clone())
        .collect();
    ids.sort();
    let mut dates: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for &i in members {
        if let Some(date) = features[i].event_date {
            *dates.entry(date).or_default() += 1;
        }
    }
    let date = dates
        .iter()
        .max_by_key(|(date, count)| (**count, std::cmp::Reverse(**date)))
        .map(|(date, _)| date.to_string());
    // The most central article names the event.
    let central = members
        .iter()
        .copied()
        .max_by(|&a, &b| {
            let score = |i: usize| {
                members
                    .iter()
                    .map(|&j| features::cosine(&features[i].terms, &features[j].terms))
                    .sum::<f64>()
            };
            score(a)
                .total_cmp(&score(b))
                .then_with(|| docs[b].article.id.cmp(&docs[a].article.id))
        })
        .unwrap_or(members[0]);
    let title = docs[central]
        .article
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_else(|| docs[central].article.id.clone());
    Event {
        id: format!("e-{}", &content_hash(ids.join(",").as_bytes())[..10]),
        date,
        title,
        articles: ids,
        summary: Vec::new(),
    }
}

fn thread_stories(
    events: &[Event],
    members: &[Vec<usize>],
    features: &[ArticleFeatures],
) -> Vec<Story> {
    let n = events.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let actor_sets: Vec<BTreeSet<&str>> = members
        .iter()
        .map(|m| {
            m.iter()
                .flat_map(|&i| features[i].actors.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let centroids: Vec<BTreeMap<String, f64>> = members
        .iter()
        .map(|m| features::centroid(m.iter().map(|&i| &features[i].terms)))
        .collect();
    for a in 0..n {
        for b in a + 1..n {
            let shared_actors = actor_sets[a].intersection(&actor_sets[b]).count();
            let cosine = features::cosine(&centroids[a], &centroids[b]);
            if shared_actors >= 2 || cosine >= 0.35 || (shared_actors >= 1 && cosine >= 0.2) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups
        .into_values()
        .map(|event_indices| {
            let ids: Vec<String> = event_indices
                .iter()
                .map(|&i| events[i].id.clone())
                .collect();
            let title = story_title(&event_indices, events, members, features);
            Story {
                id: format!("s-{}", &content_hash(ids.join(",").as_bytes())[..10]),
                title,
                events: ids,
                summary: Vec::new(),
            }
        })
        .collect()
}

/// A story is named by its most shared actors and its latest event's title.
fn story_title(
    event_indices: &[usize],
    events: &[Event],
    members: &[Vec<usize>],
    features: &[ArticleFeatures],
) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &e in event_indices {
        for &i in &members[e] {
            for actor in &features[i].display_actors {
                *counts.entry(actor.as_str()).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let names: Vec<&str> = top.iter().take(3).map(|(name, _)| *name).collect();
    let latest = event_indices
        .last()
        .map(|&e| events[e].title.as_str())
        .unwrap_or("");
    if names.is_empty() {
        latest.to_string()
    } else {
        format!("{}: {latest}", names.join(", "))
    }
}

fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests;
