//! Dated timelines per story.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use storyline_model::{Citation, Doc, Event, Granularity, Story, TimelineEntry};

use crate::sentence_around;

/// Days before a story's first event beyond which a date is background.
const BACKGROUND_DAYS: i64 = 180;

/// The last day a date value (year, month or day) covers.
fn period_end(value: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = value.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => NaiveDate::from_ymd_opt(year, 12, 31),
        2 => {
            let month: u32 = parts[1].parse().ok()?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            next.and_then(|d| d.pred_opt())
        }
        _ => NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
    }
}

/// Builds each story's timeline: one entry per date referred to (day, month or
/// year), citing every sentence that refers to it; ordered by story then date.
pub fn timeline(docs: &[Doc], events: &[Event], stories: &[Story]) -> Vec<TimelineEntry> {
    let by_id: BTreeMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
    let mut entries = Vec::new();
    for story in stories {
        let story_events: Vec<&Event> = story
            .events
            .iter()
            .filter_map(|id| events.iter().find(|e| &e.id == id))
            .collect();
        let first_event = story_events
            .iter()
            .filter_map(|e| {
                e.date
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            })
            .min();
        let mut by_date: BTreeMap<String, Vec<Citation>> = BTreeMap::new();
        for event in &story_events {
            for id in &event.articles {
                let Some(doc) = by_id.get(id.as_str()) else {
                    continue;
                };
                for date in &doc.dates {
                    let Some(value) = &date.value else { continue };
                    if !matches!(
                        date.granularity,
                        Granularity::Day | Granularity::Month | Granularity::Year
                    ) {
                        continue;
                    }
                    let Some(sentence) = sentence_around(doc, date.start) else {
                        continue;
                    };
                    let citation =
                        Citation::new(&doc.article.id, doc.text(), sentence.start, sentence.end);
                    let list = by_date.entry(value.clone()).or_default();
                    if !list.contains(&citation) {
                        list.push(citation);
                    }
                }
            }
        }
        for (date, citations) in by_date {
            let sources: Vec<String> = citations
                .iter()
                .map(|c| c.article.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            // The shortest citing sentence says what happened most directly.
            let text = citations
                .iter()
                .min_by_key(|c| (c.text.starts_with(['“', '"']), c.text.len()))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let background = match (period_end(&date), first_event) {
                (Some(end), Some(first)) => (first - end).num_days() > BACKGROUND_DAYS,
                _ => false,
            };
            entries.push(TimelineEntry {
                date,
                text,
                sources,
                citations,
                story: story.id.clone(),
                background,
                reported_by: Vec::new(),
            });
        }
    }
    entries
}
