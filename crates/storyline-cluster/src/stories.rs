//! Story threading: events into stories by centroid linkage.
//!
//! A story is what an analyst follows over weeks or years ("the Haiti
//! earthquake", "the war in Iraq"). Two single reports of one story often
//! share little vocabulary (the rescue on day two, the aid conference on day
//! twenty), but each reads like the story *as a whole*: the words a story
//! keeps using (its places, its actors, its subject) accumulate in the sum of
//! its articles' vectors while each report's incidental words wash out. So
//! stories are grown by **centroid linkage**: every event starts as a group
//! whose vector is the sum of its articles' TF-IDF vectors, and the two groups
//! whose summed vectors have the highest cosine merge, while it is at least
//! [`STORY_THRESHOLD`]. Two halves of one story grow alike as they grow (their
//! sums converge on the story's vocabulary); two stories stay apart however
//! large they get, since each sum is dominated by its own subject.
//!
//! Time plays no part: a story may pause for months. Articles without a date
//! are threaded like any other. Each group's vector keeps its strongest
//! [`STORY_TERMS`] terms and its [`STORY_NEIGHBOURS`] most similar neighbours,
//! so a merge costs the same however large the story: the whole step is
//! linear in the number of events (after the candidate search).

use std::collections::{BinaryHeap, HashMap};

use storyline_model::{content_hash, Event, Story};

use crate::features::cosine as dot;
use crate::{nearest_pairs, Candidate, EventProfile, ALL_PAIRS_LIMIT};

/// Relative closeness (see `Group::similarity`) at or above which two groups
/// are one story: the mean cosine across them is at least this share of the
/// mean cosine within them. On real coverage, the halves of one topic merge
/// at 0.35 and more, two topics at 0.19 and less (Timeline17 dev topics).
pub const STORY_THRESHOLD: f64 = 0.2;

/// Strongest terms kept in a growing story's summed vector.
pub const STORY_TERMS: usize = 256;
/// Most similar neighbours a growing story keeps as merge candidates.
pub const STORY_NEIGHBOURS: usize = 48;

/// A growing story: the sum of its events' vectors and its candidate neighbours.
struct Group {
    /// Summed term weights, sorted by term, at most [`STORY_TERMS`].
    vector: Vec<(u32, f32)>,
    /// Squared norm of the exact sum (kept through merges, not read off the
    /// truncated `vector`).
    squared: f64,
    /// Sum of the members' weights (articles).
    weight: f64,
    /// Sum of the squared weights.
    weight_squared: f64,
    /// Event indices, ascending.
    members: Vec<usize>,
    /// Group indices that may be merged with this one (some may be dead).
    neighbours: Vec<usize>,
}

impl Group {
    /// Weighted mean cosine between two members, or `None` for one event.
    fn coherence(&self) -> Option<f64> {
        let pairs = self.weight * self.weight - self.weight_squared;
        (pairs > 1e-9).then(|| ((self.squared - self.weight_squared) / pairs).max(1e-6))
    }

    /// Weighted mean cosine between a member of each group.
    fn cross(&self, other: &Group) -> f64 {
        dot(&self.vector, &other.vector) / (self.weight * other.weight)
    }

    /// How much alike two groups are relative to how alike each one's members
    /// are: the mean cosine across them over the geometric mean of the mean
    /// cosines within them. A lone event takes the other group's coherence
    /// (it joins a story it is as close to as the story's events are to each
    /// other); two lone events take the corpus's (`prior`).
    fn similarity(&self, other: &Group, prior: f64) -> f64 {
        let within = match (self.coherence(), other.coherence()) {
            (Some(a), Some(b)) => (a * b).sqrt(),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => prior,
        };
        self.cross(other) / within.max(1e-6)
    }
}

/// The sum of two sparse vectors sorted by term, keeping the strongest [`STORY_TERMS`].
fn add(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = add_all(a, b);
    if out.len() > STORY_TERMS {
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(STORY_TERMS);
        out.sort_unstable_by_key(|w| w.0);
    }
    out
}

/// The sum of two sparse vectors sorted by term.
fn add_all(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// Share of an event's story vector given to the people, organisations and
/// places it names (the rest to its vocabulary).
pub const ACTOR_SHARE: f64 = 0.5;

/// Each event as story threading compares it: its vocabulary (the profile's
/// centroid) and its actors weighted by rarity among the events, each part
/// normalised, joined with [`ACTOR_SHARE`] of the weight on the actors, and
/// normalised; sorted by dimension. Actors take dimensions of their own (the
/// high half of the 32-bit space, terms are mapped to the low half).
fn event_vectors(profiles: &[EventProfile]) -> Vec<Vec<(u32, f32)>> {
    let share = ACTOR_SHARE;
    let mut events_naming: HashMap<u64, u32> = HashMap::new();
    for profile in profiles {
        for &name in profile.actors.iter().chain(&profile.places) {
            *events_naming.entry(name).or_default() += 1;
        }
    }
    let n = profiles.len().max(1) as f64;
    profiles
        .iter()
        .map(|profile| {
            let mut actors: Vec<(u32, f32)> = profile
                .actors
                .iter()
                .chain(&profile.places)
                .map(|actor| {
                    let named = f64::from(events_naming[actor]);
                    (
                        (*actor as u32) | 0x8000_0000,
                        ((1.0 + n) / named).ln() as f32,
                    )
                })
                .collect();
            scale_to(&mut actors, share);
            let mut vector: Vec<(u32, f32)> = profile
                .centroid
                .iter()
                .map(|&(term, w)| (term & 0x7fff_ffff, w))
                .collect();
            scale_to(
                &mut vector,
                if actors.is_empty() { 1.0 } else { 1.0 - share },
            );
            vector.extend(actors);
            vector.sort_unstable_by_key(|d| d.0);
            vector.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
            scale_to(&mut vector, 1.0);
            vector
        })
        .collect()
}

/// Scales a vector so its squared norm is `squared`.
fn scale_to(vector: &mut [(u32, f32)], squared: f64) {
    let norm = vector
        .iter()
        .map(|(_, w)| f64::from(*w).powi(2))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        let factor = (squared.sqrt() / norm) as f32;
        vector.iter_mut().for_each(|(_, w)| *w *= factor);
    }
}

/// Groups events into stories by centroid linkage (see the module docs);
/// returns the groups as ascending event indices, in order of their first event.
fn story_groups(events: &[Event], vectors: &[Vec<(u32, f32)>]) -> Vec<Vec<usize>> {
    let n = events.len();
    let mut groups: Vec<Group> = events
        .iter()
        .zip(vectors)
        .enumerate()
        .map(|(index, (event, unit))| {
            // An event weighs as many articles as it holds.
            let size = event.articles.len().max(1) as f32;
            let vector: Vec<(u32, f32)> = unit
                .iter()
                .map(|&(term, weight)| (term, weight * size))
                .collect();
            let size = f64::from(size);
            Group {
                squared: dot(&vector, &vector),
                weight: size,
                weight_squared: size * size,
                vector,
                members: vec![index],
                neighbours: Vec::new(),
            }
        })
        .collect();
    let pairs: Vec<(usize, usize)> = if n <= ALL_PAIRS_LIMIT {
        (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect()
    } else {
        let vectors: Vec<&[(u32, f32)]> = vectors.iter().map(|v| &v[..]).collect();
        nearest_pairs(&vectors, &vec![None; n])
    };
    // The corpus's weighted mean cosine between two events: how alike two
    // lone events must be, relative to it, to start a story.
    let mut total: HashMap<u32, f64> = HashMap::new();
    for group in &groups {
        for &(term, weight) in &group.vector {
            *total.entry(term).or_default() += f64::from(weight);
        }
    }
    let total_squared: f64 = total.values().map(|w| w * w).sum();
    let (weight, weight_squared) = groups.iter().fold((0.0, 0.0), |(w, w2), g| {
        (w + g.weight, w2 + g.weight_squared)
    });
    let prior =
        ((total_squared - weight_squared) / (weight * weight - weight_squared).max(1e-9)).max(1e-6);
    let mut heap = BinaryHeap::new();
    for (a, b) in pairs {
        let similarity = groups[a].similarity(&groups[b], prior);
        if similarity > 0.0 {
            groups[a].neighbours.push(b);
            groups[b].neighbours.push(a);
        }
        if similarity >= STORY_THRESHOLD {
            heap.push(Candidate(similarity, std::cmp::Reverse((a, b))));
        }
    }
    let mut alive = vec![true; n];
    // Where a merged group went: the surviving group's index.
    let mut parent: Vec<usize> = (0..n).collect();
    while let Some(Candidate(similarity, std::cmp::Reverse((a, b)))) = heap.pop() {
        if !alive[a] || !alive[b] {
            continue;
        }
        // Stale entries (a group changed since) are skipped: a fresh one was pushed.
        if (groups[a].similarity(&groups[b], prior) - similarity).abs() > 1e-9 {
            continue;
        }
        storyline_model::union_find::union(&mut parent, a, b);
        let (kept, gone) = (a.min(b), a.max(b));
        let taken = std::mem::replace(
            &mut groups[gone],
            Group {
                vector: Vec::new(),
                squared: 0.0,
                weight: 0.0,
                weight_squared: 0.0,
                members: Vec::new(),
                neighbours: Vec::new(),
            },
        );
        alive[gone] = false;
        let group = &mut groups[kept];
        group.squared += taken.squared + 2.0 * dot(&group.vector, &taken.vector);
        group.weight += taken.weight;
        group.weight_squared += taken.weight_squared;
        group.vector = add(&group.vector, &taken.vector);
        group.members.extend(taken.members);
        let mut neighbours: Vec<usize> = std::mem::take(&mut group.neighbours)
            .into_iter()
            .chain(taken.neighbours)
            .map(|c| storyline_model::union_find::root(&mut parent, c))
            .filter(|&c| c != kept && alive[c])
            .collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        let mut scored: Vec<(f64, usize)> = neighbours
            .into_iter()
            .map(|c| (groups[kept].similarity(&groups[c], prior), c))
            .filter(|&(s, _)| s > 0.0)
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.truncate(STORY_NEIGHBOURS);
        for &(s, c) in &scored {
            if s >= STORY_THRESHOLD {
                heap.push(Candidate(s, std::cmp::Reverse((kept.min(c), kept.max(c)))));
            }
            // The neighbour must know the merged group too, to propose it later.
            if !groups[c].neighbours.contains(&kept) {
                groups[c].neighbours.push(kept);
            }
        }
        groups[kept].neighbours = scored.into_iter().map(|(_, c)| c).collect();
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut g, _)| {
            g.members.sort_unstable();
            g.members
        })
        .collect();
    out.sort_unstable_by_key(|members| members[0]);
    out
}

/// Threads events (in date order, with their profiles) into stories, in order of their first event.
pub(crate) fn thread_stories(events: &[Event], profiles: &[EventProfile]) -> Vec<Story> {
    let vectors = event_vectors(profiles);
    story_groups(events, &vectors)
        .into_iter()
        .map(|event_indices| {
            let ids: Vec<String> = event_indices
                .iter()
                .map(|&i| events[i].id.clone())
                .collect();
            Story {
                id: format!("s-{}", &content_hash(ids.join(",").as_bytes())[..10]),
                title: story_title(&event_indices, events, &vectors),
                events: ids,
                summary: Vec::new(),
            }
        })
        .collect()
}

/// A story is titled like its most central event (the one closest to the
/// sum of its events, each weighing its articles; ties go to the larger,
/// then the earlier): that event's title is its most central article's
/// headline, or a lede when the article had none.
fn story_title(event_indices: &[usize], events: &[Event], vectors: &[Vec<(u32, f32)>]) -> String {
    let mut totals: HashMap<u32, f32> = HashMap::new();
    for &e in event_indices {
        let size = events[e].articles.len() as f32;
        for &(term, weight) in &vectors[e] {
            *totals.entry(term).or_default() += weight * size;
        }
    }
    let mut sum: Vec<(u32, f32)> = totals.into_iter().collect();
    sum.sort_unstable_by_key(|d| d.0);
    event_indices
        .iter()
        .copied()
        .max_by(|&a, &b| {
            dot(&vectors[a], &sum)
                .total_cmp(&dot(&vectors[b], &sum))
                .then(events[a].articles.len().cmp(&events[b].articles.len()))
                .then(b.cmp(&a))
        })
        .map(|e| events[e].title.clone())
        .unwrap_or_default()
}
