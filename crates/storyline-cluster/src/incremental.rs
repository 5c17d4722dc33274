//! Adding articles to a clustered corpus without re-clustering all of it.
//!
//! Two articles whose event dates are more than [`EVENT_DAY_WINDOW`] days
//! apart can never be linked directly (their similarity is scaled below
//! [`EVENT_THRESHOLD`]), so new articles can only join or bridge events whose
//! articles lie within that window of them. An update therefore:
//!
//! 1. reads the stored sketches within reach of the new articles ([`reach`]),
//!    plus every undated stored article;
//! 2. takes every event that holds one of those articles, whole;
//! 3. re-clusters those events' articles together with the new ones, by the
//!    same average-linkage method and the corpus-wide term statistics;
//! 4. replaces those events with the result, keeps every other event as it
//!    was, and re-threads all stories from the event profiles.
//!
//! The outcome equals a full re-clustering except where a chain of links
//! crosses the edge of the re-clustered region: a full `analyze --rebuild`
//! re-clusters everything. Undated new articles are compared only with the
//! region the dated ones open (and the undated stored articles).

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use storyline_model::{ArticleId, Event};

use crate::{
    group_events, thread_stories, Clustering, EventProfile, Linkage, Sketch, TermStats,
    EVENT_DAY_WINDOW,
};

/// Where an update must read stored sketches.
pub trait SketchSource {
    /// Why reading failed.
    type Error;
    /// Sketches of stored articles whose event date lies in one of the
    /// inclusive `ranges`, and of every stored article without an event date.
    fn near(&mut self, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Vec<Sketch>, Self::Error>;
    /// Sketches of the given stored articles (unknown ids are skipped).
    fn by_id(&mut self, ids: &[ArticleId]) -> Result<Vec<Sketch>, Self::Error>;
}

/// The inclusive date ranges within [`EVENT_DAY_WINDOW`] days of a new
/// article's event date, merged and sorted.
pub fn reach(new: &[Sketch]) -> Vec<(NaiveDate, NaiveDate)> {
    let window = Duration::days(EVENT_DAY_WINDOW);
    let mut days: Vec<NaiveDate> = new.iter().filter_map(|s| s.event_date).collect();
    days.sort_unstable();
    days.dedup();
    let mut ranges: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for day in days {
        let (from, to) = (day - window, day + window);
        match ranges.last_mut() {
            Some(last) if from <= last.1 + Duration::days(1) => last.1 = last.1.max(to),
            _ => ranges.push((from, to)),
        }
    }
    ranges
}

/// Adds `new` articles to `previous` (see the module docs). `stats` must
/// already count the new articles, and `total_articles` is the corpus size
/// after the update (it decides the linkage, as in a full clustering).
pub fn update<S: SketchSource>(
    previous: &Clustering,
    new: &[Sketch],
    stats: &TermStats,
    total_articles: usize,
    source: &mut S,
) -> Result<Clustering, S::Error> {
    let nearby = source.near(&reach(new))?;
    let event_of: HashMap<&str, usize> = previous
        .events
        .iter()
        .enumerate()
        .flat_map(|(index, event)| event.articles.iter().map(move |id| (id.as_str(), index)))
        .collect();
    let touched: BTreeSet<usize> = nearby
        .iter()
        .chain(new)
        .filter_map(|s| event_of.get(s.id.as_str()).copied())
        .collect();
    let have: HashSet<&str> = nearby.iter().chain(new).map(|s| s.id.as_str()).collect();
    let missing: Vec<ArticleId> = touched
        .iter()
        .flat_map(|&e| previous.events[e].articles.iter())
        .filter(|id| !have.contains(id.as_str()))
        .cloned()
        .collect();
    let rest = source.by_id(&missing)?;
    let region: Vec<&Sketch> = nearby.iter().chain(&rest).chain(new).collect();
    let (fresh_events, fresh_profiles) =
        group_events(region, stats, Linkage::for_corpus(total_articles));

    let mut merged: Vec<(Event, EventProfile)> = previous
        .events
        .iter()
        .zip(&previous.profiles)
        .enumerate()
        .filter(|(index, _)| !touched.contains(index))
        .map(|(_, (event, profile))| (event.clone(), profile.clone()))
        .chain(fresh_events.into_iter().zip(fresh_profiles))
        .collect();
    merged.sort_by(|a, b| (&a.0.date, &a.0.id).cmp(&(&b.0.date, &b.0.id)));
    let (events, profiles): (Vec<Event>, Vec<EventProfile>) = merged.into_iter().unzip();
    let stories = thread_stories(&events, &profiles);
    Ok(Clustering {
        events,
        stories,
        profiles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(id: &str, day: &str) -> Sketch {
        Sketch {
            id: id.into(),
            title: None,
            terms: vec![],
            actors: vec![],
            places: vec![],
            display_actors: vec![],
            event_date: day.parse().ok(),
            date_keys: vec![],
            quote_shingles: vec![],
        }
    }

    #[test]
    fn reach_merges_overlapping_windows() {
        let new = [
            dated("a", "2025-03-10"),
            dated("b", "2025-03-12"),
            dated("c", "2025-04-01"),
            dated("d", "undated"),
        ];
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            reach(&new),
            [
                (d("2025-03-07"), d("2025-03-15")),
                (d("2025-03-29"), d("2025-04-04"))
            ]
        );
    }
}
