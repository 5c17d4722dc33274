//! The cluster stage: articles into events, events into stories.
//!
//! **Events.** Two articles report the same happening when their text is alike
//! (TF-IDF cosine over stemmed content terms), they name the same people,
//! organisations and places, and the dates of what they report are close. The
//! date that matters is the *event date* ([`event_date`]): the day the lede
//! refers to, not when the article was published. Articles are grouped by
//! average-linkage agglomerative clustering over that combined similarity.
//!
//! **Stories.** Two events are linked when they share rare actors (people or
//! organisations named in few events, weighted by rarity, so a head of state
//! named in many unrelated stories counts for little) *and* their vocabulary is
//! close: the August talks and the November talks between the same leaders are
//! one story, two trials that only read alike are not. Events are grouped by
//! average linkage over those links, so one stray link (an event that absorbed
//! a few articles of another story) does not chain two stories together. No
//! limit is put on the time between events: a story may pause for months.
//!
//! Both are corpus-wide (barrier) steps. Their results depend only on the set of
//! documents, never on input order: documents are sorted by id first and ties
//! are broken by id.

mod features;
mod incremental;
mod sketch;

use std::collections::{BTreeMap, BinaryHeap, HashMap};

use rayon::prelude::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_model::{content_hash, Doc, Event, Story};

pub use features::{weigh, ArticleFeatures, MAX_TERMS};
pub use incremental::{reach, update, SketchSource};

pub use sketch::{event_date, term_id, Sketch, SketchError, TermStats};

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
    /// What story threading needs of each event, parallel to `events`: kept so
    /// an incremental update can re-thread stories without the events' articles.
    pub profiles: Vec<EventProfile>,
}

/// An event summarised for story threading: its vocabulary and its actors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventProfile {
    /// Normalised sum of the members' term vectors, at most [`features::MAX_TERMS`] terms.
    pub centroid: Vec<(u32, f32)>,
    /// Hashed actors named by any member, sorted.
    pub actors: Vec<u64>,
    /// Display names of people and how many members name them, for story titles.
    pub display_actors: Vec<(String, u32)>,
}

/// An event profile's stored bytes could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("unreadable event profile: {0}")]
pub struct ProfileError(#[from] postcard::Error);

impl EventProfile {
    /// The profile as compact bytes (postcard), for storing beside its event.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a profile always serialises")
    }

    /// Reads a profile written by [`EventProfile::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<EventProfile, ProfileError> {
        Ok(postcard::from_bytes(bytes)?)
    }
}

/// Corpora up to this size compare every pair of articles; larger ones only
/// pairs proposed by the shared-term index ([`candidate_pairs`]).
pub const ALL_PAIRS_LIMIT: usize = 2000;
/// Nearest neighbours (by text) kept per article when candidates are proposed.
pub const NEIGHBOURS: usize = 30;
/// Terms found in more articles than this, or than a fiftieth of the corpus if
/// that is more, are too common to propose candidates.
pub const MAX_POSTINGS: usize = 1000;
/// Postings longer than this are scanned only within [`EVENT_DAY_WINDOW`]
/// days of the article looking for candidates (and not at all for an undated
/// one), which keeps the candidate search linear in the corpus.
pub const MAX_SCAN: usize = 2 * MAX_POSTINGS;
/// Strongest terms of an article used to look up its candidate neighbours.
pub const QUERY_TERMS: usize = 24;
/// An actor in at most this many events (or a twentieth of them, if more, up
/// to [`STORY_MAX_RARE_LIMIT`]) is rare enough to link events into a story.
pub const STORY_MIN_RARE_LIMIT: usize = 8;
/// However large the corpus, an actor in more events than this is common.
pub const STORY_MAX_RARE_LIMIT: usize = 50;
/// Rarity-weighted actors two events must share to be linked into a story:
/// an actor only the two name weighs 1, one named by more events less
/// (nothing past the rare limit), so this takes two actors no other event
/// names, or more that a few other events name too.
pub const STORY_MIN_SHARED_ACTORS: f64 = 1.5;
/// Centroid cosine below which two events are on different topics, whatever actors they share.
pub const STORY_MIN_COSINE: f64 = 0.15;
/// Centroid cosine at which the topical half of a link between two events is
/// full; below it, it falls in proportion.
pub const STORY_FULL_COSINE: f64 = 0.5;
/// Rarity-weighted shared actors at which the actors' half of a link between
/// two events is full; below it, it falls in proportion.
pub const STORY_FULL_SHARED_ACTORS: f64 = 3.0;
/// Mean link strength over all pairs of events of two stories at or above
/// which they are merged into one (average linkage).
pub const STORY_THRESHOLD: f64 = 0.5;

/// Clusters `docs` into events and stories. Summaries are left empty for the analyse stage.
pub fn cluster(docs: &[Doc]) -> Clustering {
    let sketches: Vec<Sketch> = docs.par_iter().map(Sketch::of).collect();
    let stats = TermStats::of(&sketches);
    cluster_sketches(&sketches, &stats)
}

/// Clusters sketched articles into events and stories, weighing terms by
/// `stats` (normally [`TermStats::of`] the same sketches). The result depends
/// only on the set of sketches, never on their order.
pub fn cluster_sketches(sketches: &[Sketch], stats: &TermStats) -> Clustering {
    let refs: Vec<&Sketch> = sketches.iter().collect();
    let (events, profiles) = group_events(refs, stats, Linkage::for_corpus(sketches.len()));
    let stories = thread_stories(&events, &profiles);
    Clustering {
        events,
        stories,
        profiles,
    }
}

/// Groups articles into events (sorted by date, then id), with their profiles.
fn group_events(
    mut sketches: Vec<&Sketch>,
    stats: &TermStats,
    linkage: Linkage,
) -> (Vec<Event>, Vec<EventProfile>) {
    sketches.sort_by(|a, b| a.id.cmp(&b.id));
    sketches.dedup_by(|a, b| a.id == b.id);
    let features = features::weigh(&sketches, stats);
    let pairs = if sketches.len() <= ALL_PAIRS_LIMIT {
        (0..sketches.len())
            .flat_map(|i| (i + 1..sketches.len()).map(move |j| (i, j)))
            .collect()
    } else {
        candidate_pairs(&features)
    };
    let edges: Vec<(usize, usize, f64)> = pairs
        .par_iter()
        .filter_map(|&(i, j)| {
            let s = features::article_similarity(&features[i], &features[j]);
            (s > 0.0).then_some((i, j, s))
        })
        .collect();
    let groups = average_linkage(sketches.len(), &edges, EVENT_THRESHOLD, linkage);
    let mut events: Vec<(Event, EventProfile)> = groups
        .into_par_iter()
        .map(|members| make_event(&members, &features))
        .collect();
    events.sort_by(|a, b| (&a.0.date, &a.0.id).cmp(&(&b.0.date, &b.0.id)));
    events.into_iter().unzip()
}

/// One term's postings: dated articles sorted by event day, undated apart.
#[derive(Default)]
struct Postings {
    dated: Vec<(i32, u32, f32)>,
    undated: Vec<(u32, f32)>,
}

impl Postings {
    fn len(&self) -> usize {
        self.dated.len() + self.undated.len()
    }
}

/// An article's event date as a day number, the key of time-blocked postings.
fn day_of(features: &ArticleFeatures) -> Option<i32> {
    features
        .sketch
        .event_date
        .map(|date| chrono::Datelike::num_days_from_ce(&date))
}

/// Candidate pairs `(i, j)` with `i < j`: for each article, the [`NEIGHBOURS`]
/// articles with the highest text cosine among those sharing a term that is
/// not too common: in at most a fiftieth of the corpus (or [`MAX_POSTINGS`]
/// articles in a small one). A term in more than [`MAX_SCAN`] articles is
/// looked up only among those dated within [`EVENT_DAY_WINDOW`] days of the
/// article (articles further apart are never linked, see
/// [`features::article_similarity`]). Runs in parallel; each worker keeps a
/// dense scratch row.
pub fn candidate_pairs(features: &[ArticleFeatures]) -> Vec<(usize, usize)> {
    let mut postings: HashMap<u32, Postings> = HashMap::new();
    for (index, f) in features.iter().enumerate() {
        let day = day_of(f);
        for &(term, weight) in &f.terms {
            let list = postings.entry(term).or_default();
            match day {
                Some(day) => list.dated.push((day, index as u32, weight)),
                None => list.undated.push((index as u32, weight)),
            }
        }
    }
    let max_postings = (features.len() / 50).max(MAX_POSTINGS);
    postings.retain(|_, list| list.len() > 1 && list.len() <= max_postings);
    for list in postings.values_mut() {
        list.dated
            .sort_unstable_by_key(|&(day, index, _)| (day, index));
    }
    let window = i32::try_from(EVENT_DAY_WINDOW).unwrap_or(i32::MAX);
    let mut pairs: Vec<(usize, usize)> = (0..features.len())
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; features.len()], Vec::new()),
            |(scratch, touched), i| {
                // Query with the article's strongest terms only: they decide its neighbours.
                let mut query: Vec<(u32, f32)> = features[i].terms.clone();
                query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(QUERY_TERMS);
                let day = day_of(&features[i]);
                for (term, weight) in &query {
                    let Some(list) = postings.get(term) else {
                        continue;
                    };
                    let dated = match day {
                        _ if list.len() <= MAX_SCAN => &list.dated[..],
                        Some(day) => {
                            let from = list.dated.partition_point(|e| e.0 < day - window);
                            let to = list.dated.partition_point(|e| e.0 <= day + window);
                            &list.dated[from..to]
                        }
                        None => continue,
                    };
                    let near = dated.iter().map(|&(_, j, w)| (j, w));
                    for (j, other) in near.chain(list.undated.iter().copied()) {
                        let j = j as usize;
                        if j == i {
                            continue;
                        }
                        if scratch[j] == 0.0 {
                            touched.push(j);
                        }
                        scratch[j] += weight * other;
                    }
                }
                let mut best: Vec<(f32, usize)> =
                    touched.iter().map(|&j| (scratch[j], j)).collect();
                for &j in touched.iter() {
                    scratch[j] = 0.0;
                }
                touched.clear();
                best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                best.truncate(NEIGHBOURS);
                best.into_iter()
                    .map(|(_, j)| (i.min(j), i.max(j)))
                    .collect::<Vec<_>>()
            },
        )
        .flatten()
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Total order on similarities for the merge heap (ties broken by cluster ids).
#[derive(Debug, PartialEq)]
struct Candidate(f64, std::cmp::Reverse<(usize, usize)>);

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

/// What the mean similarity of two groups is taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Linkage {
    /// Every pair was compared: absent pairs are similarity 0 (classic average linkage).
    AllPairs,
    /// Only candidate pairs were compared: the mean is over the pairs that were.
    KnownPairs,
}

impl Linkage {
    /// The linkage a corpus of `articles` is clustered with: small corpora
    /// compare every pair, larger ones only candidates.
    fn for_corpus(articles: usize) -> Linkage {
        if articles <= ALL_PAIRS_LIMIT {
            Linkage::AllPairs
        } else {
            Linkage::KnownPairs
        }
    }
}

/// Average-linkage agglomerative clustering over a similarity graph:
/// repeatedly merges the two groups with the highest mean pairwise similarity
/// while it is at least `threshold`.
fn average_linkage(
    n: usize,
    edges: &[(usize, usize, f64)],
    threshold: f64,
    linkage: Linkage,
) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive = vec![true; n];
    // Sum of pairwise similarities between groups, keyed by neighbour.
    // Per neighbour: (sum of similarities, number of compared pairs).
    let mut sums: Vec<HashMap<usize, (f64, usize)>> = vec![HashMap::new(); n];
    for &(i, j, s) in edges {
        let e = sums[i].entry(j).or_default();
        e.0 += s;
        e.1 += 1;
        let e = sums[j].entry(i).or_default();
        e.0 += s;
        e.1 += 1;
    }
    let mean_of = |(sum, known): (f64, usize), size_a: usize, size_b: usize| match linkage {
        Linkage::AllPairs => sum / (size_a * size_b) as f64,
        Linkage::KnownPairs => sum / known.max(1) as f64,
    };
    let mut heap = BinaryHeap::new();
    for (i, neighbours) in sums.iter().enumerate() {
        for (&j, &pair) in neighbours {
            let mean = mean_of(pair, 1, 1);
            if i < j && mean >= threshold {
                heap.push(Candidate(mean, std::cmp::Reverse((i, j))));
            }
        }
    }
    while let Some(Candidate(mean, std::cmp::Reverse((a, b)))) = heap.pop() {
        if mean < threshold {
            break;
        }
        if !alive[a] || !alive[b] {
            continue;
        }
        let current = mean_of(
            sums[a].get(&b).copied().unwrap_or((0.0, 0)),
            members[a].len(),
            members[b].len(),
        );
        if (current - mean).abs() > 1e-12 {
            continue;
        }
        // Merge b into a.
        alive[b] = false;
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        let b_sums = std::mem::take(&mut sums[b]);
        sums[a].remove(&b);
        for (c, (sum, known)) in b_sums {
            if c == a {
                continue;
            }
            let e = sums[a].entry(c).or_default();
            e.0 += sum;
            e.1 += known;
            sums[c].remove(&b);
            let e = sums[c].entry(a).or_default();
            e.0 += sum;
            e.1 += known;
        }
        let size_a = members[a].len();
        for (&c, &pair) in &sums[a] {
            let mean = mean_of(pair, size_a, members[c].len());
            if mean >= threshold {
                heap.push(Candidate(mean, std::cmp::Reverse((a.min(c), a.max(c)))));
            }
        }
    }
    members
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut m, _)| {
            m.sort_unstable();
            m
        })
        .collect()
}

fn make_event(members: &[usize], features: &[ArticleFeatures]) -> (Event, EventProfile) {
    let mut ids: Vec<String> = members
        .iter()
        .map(|&i| features[i].sketch.id.clone())
        .collect();
    ids.sort();
    let mut dates: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for &i in members {
        if let Some(date) = features[i].sketch.event_date {
            *dates.entry(date).or_default() += 1;
        }
    }
    let date = dates
        .iter()
        .max_by_key(|(date, count)| (**count, std::cmp::Reverse(**date)))
        .map(|(date, _)| date.to_string());
    // The article closest to the event's centroid names it (one pass, not all pairs).
    let centre = features::centroid(members.iter().map(|&i| &features[i].terms));
    let central = members
        .iter()
        .copied()
        .max_by(|&a, &b| {
            features::cosine(&features[a].terms, &centre)
                .total_cmp(&features::cosine(&features[b].terms, &centre))
                .then_with(|| features[b].sketch.id.cmp(&features[a].sketch.id))
        })
        .unwrap_or(members[0]);
    let title = features[central]
        .sketch
        .title
        .clone()
        .unwrap_or_else(|| features[central].sketch.id.clone());
    let mut actors: Vec<u64> = members
        .iter()
        .flat_map(|&i| features[i].sketch.actors.iter().copied())
        .collect();
    actors.sort_unstable();
    actors.dedup();
    let mut display: BTreeMap<&str, u32> = BTreeMap::new();
    for &i in members {
        for name in &features[i].sketch.display_actors {
            *display.entry(name.as_str()).or_default() += 1;
        }
    }
    let event = Event {
        id: format!("e-{}", &content_hash(ids.join(",").as_bytes())[..10]),
        date,
        title,
        articles: ids,
        summary: Vec::new(),
    };
    let profile = EventProfile {
        centroid: centre,
        actors,
        display_actors: display
            .into_iter()
            .map(|(name, count)| (name.to_string(), count))
            .collect(),
    };
    (event, profile)
}

/// How much an actor named in `events` events says about which story an
/// event belongs to, given the corpus's `rare_limit`: 1 for an actor named by
/// at most two events, falling like an inverse document frequency to 0 beyond
/// the limit.
fn actor_rarity(events: usize, rare_limit: usize) -> f64 {
    if events > rare_limit {
        return 0.0;
    }
    let span = (rare_limit + 1) as f64;
    ((span / events.max(1) as f64).ln() / (span / 2.0).ln()).min(1.0)
}

/// Strength in [0, 1] of the link between two events as parts of one story,
/// from the rarity-weighted actors they share and their centroid cosine. It is
/// 0 unless they share enough rare actors ([`STORY_MIN_SHARED_ACTORS`]) and
/// their vocabulary is close enough ([`STORY_MIN_COSINE`]); otherwise half
/// topic (full at [`STORY_FULL_COSINE`]) and half actors (full at
/// [`STORY_FULL_SHARED_ACTORS`]), so many shared actors make up for
/// vocabulary that drifted over months, and the other way round.
fn story_link(shared: f64, cosine: f64) -> f64 {
    if shared < STORY_MIN_SHARED_ACTORS || cosine < STORY_MIN_COSINE {
        return 0.0;
    }
    let topic = (cosine / STORY_FULL_COSINE).min(1.0);
    let actors = (shared / STORY_FULL_SHARED_ACTORS).min(1.0);
    0.5 * topic + 0.5 * actors
}

/// Threads events (in date order, with their profiles) into stories, in order of their first event.
fn thread_stories(events: &[Event], profiles: &[EventProfile]) -> Vec<Story> {
    let n = events.len();
    // Actors named in many events (a capital, a ministry, a head of state) say
    // little about which story an event belongs to: they weigh less, and past
    // the rare limit nothing.
    let mut actor_events: HashMap<u64, Vec<usize>> = HashMap::new();
    for (e, profile) in profiles.iter().enumerate() {
        for &a in &profile.actors {
            actor_events.entry(a).or_default().push(e);
        }
    }
    let rare_limit = (n / 20).clamp(STORY_MIN_RARE_LIMIT, STORY_MAX_RARE_LIMIT);
    // Candidate pairs: events sharing a rare actor (a link needs shared actors).
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in actor_events.values().filter(|l| l.len() <= rare_limit) {
        for (k, &a) in list.iter().enumerate() {
            pairs.extend(list[k + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let rarity =
        |actor: &u64| actor_rarity(actor_events.get(actor).map_or(0, Vec::len), rare_limit);
    let links: Vec<(usize, usize, f64)> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let shared: f64 = profiles[a]
                .actors
                .iter()
                .filter(|x| profiles[b].actors.binary_search(x).is_ok())
                .map(rarity)
                .sum();
            let cosine = features::cosine(&profiles[a].centroid, &profiles[b].centroid);
            let strength = story_link(shared, cosine);
            (strength > 0.0).then_some((a, b, strength))
        })
        .collect();
    // Over all pairs, absent links counting 0: two stories merge only when
    // their events are, on the whole, strongly linked, not through one pair.
    let mut groups = average_linkage(n, &links, STORY_THRESHOLD, Linkage::AllPairs);
    groups.sort_unstable_by_key(|members| members[0]);
    groups
        .into_iter()
        .map(|event_indices| {
            let ids: Vec<String> = event_indices
                .iter()
                .map(|&i| events[i].id.clone())
                .collect();
            let title = story_title(&event_indices, events, profiles);
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
fn story_title(event_indices: &[usize], events: &[Event], profiles: &[EventProfile]) -> String {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for &e in event_indices {
        for (actor, count) in &profiles[e].display_actors {
            *counts.entry(actor.as_str()).or_default() += count;
        }
    }
    let mut top: Vec<(&str, u32)> = counts.into_iter().collect();
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

#[cfg(test)]
mod tests;
