//! The overview that opens both reports: the stories ranked, each with what an
//! analyst reads first — its date span, how many articles, independent sources
//! and outlets stand behind it, its key dates, its strongest conflicts and its
//! outlets by name with their article counts.
//!
//! Stories are ranked by size (articles), then recency (latest publication
//! date), then title; the detail sections follow in the same order.

use std::collections::{BTreeMap, BTreeSet};

use crate::day::Day;
use crate::layout::{Layout, Section};
use crate::{ComparisonRecord, StoryRecord, TimelineRecord};

/// Key dates shown per story: the most salient of its timeline.
pub(crate) const KEY_DATES: usize = 3;

/// Conflicts shown per story: the strongest.
pub(crate) const TOP_CONFLICTS: usize = 2;

/// Outlets named per story before the rest are counted together.
pub(crate) const OUTLETS_NAMED: usize = 8;

/// What the overview says about one story.
pub(crate) struct StoryOverview<'r> {
    /// The story.
    pub story: &'r StoryRecord,
    /// Its section's number in the report (1-based), for links.
    pub number: usize,
    /// Earliest and latest publication day of its articles.
    pub span: Option<(Day, Day)>,
    /// Its articles.
    pub articles: usize,
    /// Its independent sources: outlets (or wire services) that published a
    /// first-hand account, copies not counted.
    pub independent: usize,
    /// Its outlets with their article counts, most articles first.
    pub outlets: Vec<(String, usize)>,
    /// The most salient dates of its timeline, in date order.
    pub key_dates: Vec<&'r TimelineRecord>,
    /// Its strongest conflicts, strongest first.
    pub conflicts: Vec<&'r ComparisonRecord>,
}

/// The rank key of a story section: more articles first, then the latest
/// publication day, then title.
pub(crate) fn rank_key<'r>(
    section: &Section<'r>,
    layout_days: impl Fn(&str) -> Option<Day>,
) -> (
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<Option<Day>>,
    &'r str,
) {
    let latest = section
        .articles
        .iter()
        .filter_map(|id| layout_days(id))
        .max();
    (
        std::cmp::Reverse(section.articles.len()),
        std::cmp::Reverse(latest),
        section.story.map_or("", |s| s.title.as_str()),
    )
}

impl<'r> StoryOverview<'r> {
    /// The overview of a story's section (`None` for the section outside every story).
    pub fn of(layout: &Layout<'r>, section: &Section<'r>, number: usize) -> Option<Self> {
        let story = section.story?;
        let days: Vec<Day> = section
            .articles
            .iter()
            .filter_map(|id| layout.day(id))
            .collect();
        let span = days
            .iter()
            .min()
            .zip(days.iter().max())
            .map(|(a, b)| (*a, *b));

        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in &section.articles {
            *counts.entry(layout.outlet(id)).or_default() += 1;
        }
        let mut outlets: Vec<(String, usize)> = counts.into_iter().collect();
        outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

        let independent: BTreeSet<String> = section
            .events
            .iter()
            .flat_map(|e| &e.reported_by)
            .map(|group| match &group.wire {
                Some(wire) => wire.clone(),
                None => layout.outlet(&group.first),
            })
            .collect();

        Some(StoryOverview {
            story,
            number,
            span,
            articles: section.articles.len(),
            independent: independent.len(),
            outlets,
            key_dates: key_dates(&section.timeline),
            conflicts: strongest(&section.conflicts),
        })
    }
}

/// The [`KEY_DATES`] most salient entries (foreground before background,
/// earlier first among equals), in date order.
fn key_dates<'r>(timeline: &[&'r TimelineRecord]) -> Vec<&'r TimelineRecord> {
    let mut ranked: Vec<&TimelineRecord> = timeline.to_vec();
    ranked.sort_by(|a, b| {
        a.background
            .cmp(&b.background)
            .then(b.salience.total_cmp(&a.salience))
            .then_with(|| a.date.cmp(&b.date))
    });
    ranked.truncate(KEY_DATES);
    ranked.sort_by(|a, b| a.date.cmp(&b.date));
    ranked
}

/// The [`TOP_CONFLICTS`] most confident conflicts, keeping report order among equals.
fn strongest<'r>(conflicts: &[&'r ComparisonRecord]) -> Vec<&'r ComparisonRecord> {
    let mut ranked = conflicts.to_vec();
    ranked.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    ranked.truncate(TOP_CONFLICTS);
    ranked
}

/// "2022-11-20 to 2022-11-24", or the one day.
fn span_text(span: (Day, Day)) -> String {
    if span.0 == span.1 {
        span.0.to_string()
    } else {
        format!("{} to {}", span.0, span.1)
    }
}

/// A story's span and counts in words: "2022-11-23 to 2022-11-24 · 2 articles · …".
pub(crate) fn header_line(overview: &StoryOverview) -> String {
    let counts = counts_text(overview);
    match overview.span {
        Some(span) => format!("{} · {counts}", span_text(span)),
        None => format!("undated · {counts}"),
    }
}

/// The counts line in words: "5 articles · 2 independent sources · 3 outlets".
fn counts_text(overview: &StoryOverview) -> String {
    let mut parts = vec![crate::markdown::plural(overview.articles, "article")];
    if overview.independent > 0 {
        parts.push(match overview.independent {
            1 => "1 independent source".to_string(),
            n => format!("{n} independent sources"),
        });
    }
    parts.push(crate::markdown::plural(overview.outlets.len(), "outlet"));
    parts.join(" · ")
}

/// The outlets named with their counts ("Reuters 3, Associated Press 2"),
/// and how many more outlets there are beyond [`OUTLETS_NAMED`]. Names are
/// returned raw: the caller escapes them.
pub(crate) fn named_outlets<'a>(overview: &'a StoryOverview) -> (Vec<(&'a str, usize)>, usize) {
    let named: Vec<(&str, usize)> = overview
        .outlets
        .iter()
        .take(OUTLETS_NAMED)
        .map(|(name, n)| (name.as_str(), *n))
        .collect();
    let more = overview.outlets.len().saturating_sub(OUTLETS_NAMED);
    (named, more)
}
