//! The cluster stage: articles into events, events into stories.
//!
//! **Events.** Two articles report the same happening when their text is alike
//! (TF-IDF cosine over stemmed content terms), they name the same people,
//! organisations and places, and the dates of what they report are close. The
//! date that matters is the *event date* ([`event_date`]): the day the lede
//! refers to, not when the article was published. Articles are grouped by
//! average-linkage agglomerative clustering over that combined similarity.
//!
//! **Stories.** Events are threaded into stories by centroid linkage with a
//! relative criterion ([`stories`](crate::STORY_THRESHOLD)): two groups of
//! events merge when the mean cosine across them is a large enough share of
//! the mean cosine within them, over vectors of their vocabulary and of the
//! people, organisations and places they name. One topic's diverse coverage
//! (the rescue, the aid conference, the elections months later) becomes one
//! story; two topics stay apart. No limit is put on the time between events,
//! and undated articles are threaded by content alone.
//!
//! Both are corpus-wide (barrier) steps. Their results depend only on the set of
//! documents, never on input order: documents are sorted by id first and ties
//! are broken by id.

mod features;
mod incremental;
mod sketch;
mod stories;

use std::collections::{BTreeMap, BinaryHeap, HashMap};

use rayon::prelude::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_model::{content_hash, Doc, Event, Story};

pub use features::{weigh, ArticleFeatures, MAX_TERMS};
pub use incremental::{reach, update, SketchSource};

pub use sketch::{event_date, term_id, Sketch, SketchError, TermStats};
use stories::thread_stories;
pub use stories::{STORY_NEIGHBOURS, STORY_TERMS, STORY_THRESHOLD};

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
    /// Hashed places named by any member, sorted.
    pub places: Vec<u64>,
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
    let story_vectors: Vec<Vec<(u32, f32)>> = sketches
        .par_iter()
        .map(|sketch| features::story_vector(sketch, stats))
        .collect();
    let mut events: Vec<(Event, EventProfile)> = groups
        .into_par_iter()
        .map(|members| make_event(&members, &features, &story_vectors))
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
    let vectors: Vec<&[(u32, f32)]> = features.iter().map(|f| &f.terms[..]).collect();
    let days: Vec<Option<i32>> = features.iter().map(day_of).collect();
    nearest_pairs(&vectors, &days)
}

/// Candidate pairs `(i, j)` with `i < j` among sparse vectors (sorted by term,
/// normalised), each on its day if it has one: the search behind
/// [`candidate_pairs`], also used to propose events to story threading.
pub(crate) fn nearest_pairs(
    vectors: &[&[(u32, f32)]],
    days: &[Option<i32>],
) -> Vec<(usize, usize)> {
    let mut postings: HashMap<u32, Postings> = HashMap::new();
    for (index, terms) in vectors.iter().enumerate() {
        let day = days[index];
        for &(term, weight) in terms.iter() {
            let list = postings.entry(term).or_default();
            match day {
                Some(day) => list.dated.push((day, index as u32, weight)),
                None => list.undated.push((index as u32, weight)),
            }
        }
    }
    let max_postings = (vectors.len() / 50).max(MAX_POSTINGS);
    postings.retain(|_, list| list.len() > 1 && list.len() <= max_postings);
    for list in postings.values_mut() {
        list.dated
            .sort_unstable_by_key(|&(day, index, _)| (day, index));
    }
    let window = i32::try_from(EVENT_DAY_WINDOW).unwrap_or(i32::MAX);
    let mut pairs: Vec<(usize, usize)> = (0..vectors.len())
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; vectors.len()], Vec::new()),
            |(scratch, touched), i| {
                // Query with the article's strongest terms only: they decide its neighbours.
                let mut query: Vec<(u32, f32)> = vectors[i].to_vec();
                query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                query.truncate(QUERY_TERMS);
                let day = days[i];
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

fn make_event(
    members: &[usize],
    features: &[ArticleFeatures],
    story_vectors: &[Vec<(u32, f32)>],
) -> (Event, EventProfile) {
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
        .map(|(date, _)| *date);
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
    let mut places: Vec<u64> = members
        .iter()
        .flat_map(|&i| features[i].sketch.places.iter().copied())
        .collect();
    places.sort_unstable();
    places.dedup();
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
        centroid: features::centroid_of(
            members.iter().map(|&i| &story_vectors[i]),
            features::STORY_VECTOR_TERMS,
        ),
        actors,
        places,
        display_actors: display
            .into_iter()
            .map(|(name, count)| (name.to_string(), count))
            .collect(),
    };
    (event, profile)
}

#[cfg(test)]
mod tests;
