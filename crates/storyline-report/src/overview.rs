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
    ranked.sort_by_key(|e| e.date);
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use storyline_model::{
        Article, Citation, Comparison, CorpusAnalysis, Doc, Event, EventSources, SourceGroup, Story,
    };

    use crate::chart::{Count, Coverage};
    use crate::layout::Layout;
    use crate::Report;

    const TEXT: &str = "The harbour bridge closed on Monday after dockers walked out.";

    /// An article published `days` after 2022-10-01 by `outlet`.
    fn doc(id: &str, outlet: &str, days: i64) -> Doc {
        let date = NaiveDate::from_ymd_opt(2022, 10, 1).unwrap() + chrono::Days::new(days as u64);
        Doc::new(
            Article::new(id, format!("dump.jsonl#{id}"), TEXT)
                .given_outlet(outlet)
                .given_published(date),
        )
    }

    fn cite(id: &str) -> Citation {
        Citation::new(id, TEXT, 4, 18)
    }

    fn conflict(what: &str, confidence: f32, a: &str, b: &str) -> Comparison {
        Comparison {
            what: what.into(),
            claims: vec![cite(a), cite(b)],
            confidence,
            ..Default::default()
        }
    }

    /// One event and story per `(story, articles)`.
    fn corpus(stories: &[(&str, &[&str])]) -> CorpusAnalysis {
        CorpusAnalysis {
            events: stories
                .iter()
                .map(|(title, articles)| Event {
                    id: format!("e-{title}"),
                    date: None,
                    title: title.to_string(),
                    articles: articles.iter().map(|a| a.to_string()).collect(),
                    summary: Vec::new(),
                })
                .collect(),
            stories: stories
                .iter()
                .map(|(title, _)| Story {
                    id: format!("s-{title}"),
                    title: title.to_string(),
                    events: vec![format!("e-{title}")],
                    summary: Vec::new(),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn big_corpus() -> (Vec<Doc>, CorpusAnalysis) {
        let docs = vec![
            doc("old", "Quay Courier", 0),
            doc("b1", "Harbour Wire", 31),
            doc("b2", "Harbour Wire", 32),
            doc("b3", "Coastal Ledger", 33),
            doc("b4", "Anselm Herald", 33),
            doc("new", "Quay Courier", 70),
        ];
        let mut analysis = corpus(&[
            ("older small", &["old"]),
            ("big", &["b1", "b2", "b3", "b4"]),
            ("recent small", &["new"]),
        ]);
        // b2 copies b1; b4 credits the same wire as b3.
        analysis.event_sources = vec![EventSources {
            event: "e-big".into(),
            reported_by: vec![
                SourceGroup {
                    first: "b1".into(),
                    outlet: Some("Harbour Wire".into()),
                    wire: None,
                    copies: vec!["b2".into()],
                },
                SourceGroup {
                    first: "b3".into(),
                    outlet: Some("Coastal Ledger".into()),
                    wire: Some("AP".into()),
                    copies: vec!["b4".into()],
                },
            ],
        }];
        analysis.conflicts = vec![
            conflict("weak", 0.3, "b1", "b3"),
            conflict("strong", 0.9, "b1", "b3"),
            conflict("middle", 0.5, "b3", "b4"),
        ];
        (docs, analysis)
    }

    #[test]
    fn stories_rank_by_size_then_recency_with_counts_in_words() {
        let (docs, analysis) = big_corpus();
        let report = Report::build(&docs, &analysis, &[]);
        let layout = Layout::new(&report);
        let titles: Vec<&str> = layout
            .overview
            .iter()
            .map(|o| o.story.title.as_str())
            .collect();
        assert_eq!(titles, ["big", "recent small", "older small"]);
        // Sections follow the overview's order, and numbers point at them.
        for overview in &layout.overview {
            let section = &layout.sections[overview.number - 1];
            assert_eq!(section.story.unwrap().id, overview.story.id);
        }

        let big = &layout.overview[0];
        assert_eq!(big.articles, 4);
        // Harbour Wire (with its copy) and the AP wire (two outlets carrying it).
        assert_eq!(big.independent, 2);
        assert_eq!(
            big.outlets,
            [
                ("Harbour Wire".to_string(), 2),
                ("Anselm Herald".to_string(), 1),
                ("Coastal Ledger".to_string(), 1)
            ]
        );
        let whats: Vec<&str> = big.conflicts.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats, ["strong", "middle"]);
        assert_eq!(
            super::header_line(big),
            "2022-11-01 to 2022-11-03 · 4 articles · 2 independent sources · 3 outlets"
        );
        assert_eq!(
            super::header_line(&layout.overview[1]),
            "2022-12-10 · 1 article · 1 independent source · 1 outlet"
        );
    }

    #[test]
    fn coverage_stacks_outlets_per_day_with_copies_apart() {
        let (docs, analysis) = big_corpus();
        let report = Report::build(&docs, &analysis, &[]);
        let layout = Layout::new(&report);
        let coverage = Coverage::of(&layout, &layout.sections[0]).unwrap();
        assert_eq!(coverage.bin, 1);
        assert_eq!(coverage.first.to_string(), "2022-11-01");
        let count = |original, copies| Count { original, copies };
        let none = count(0, 0);
        // Legend order: Harbour Wire, Anselm Herald, Coastal Ledger.
        assert_eq!(
            coverage.bars,
            [
                vec![count(1, 0), none, none],
                vec![count(0, 1), none, none],
                vec![none, count(0, 1), count(1, 0)],
            ]
        );
        let html = coverage.to_html().into_string();
        assert_eq!(html.matches("<rect").count(), 4);
        assert!(html.contains("<title>2022-11-02: Harbour Wire, 1 article copied</title>"));
        assert!(html.contains("(lighter: copies)"));
        assert!(html.contains("<span class=\"swatch o0\"></span>Harbour Wire 2</li>"));
    }

    #[test]
    fn long_coverage_is_counted_per_week_and_many_outlets_share_a_colour() {
        let mut docs = Vec::new();
        let mut ids = Vec::new();
        for i in 0..10 {
            docs.push(doc(&format!("a{i}"), &format!("Outlet {i}"), i * 20));
            ids.push(format!("a{i}"));
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let report = Report::build(&docs, &corpus(&[("long", &ids)]), &[]);
        let layout = Layout::new(&report);
        let coverage = Coverage::of(&layout, &layout.sections[0]).unwrap();
        // 181 days: more than 92 bars' worth, so one bar per week.
        assert_eq!(coverage.bin, 7);
        assert_eq!(coverage.bars.len(), 26);
        assert_eq!(coverage.legend.len(), crate::chart::COLOURED_OUTLETS + 1);
        assert_eq!(
            coverage.legend.last().unwrap(),
            &("3 other outlets".to_string(), 3)
        );
        let drawn: usize = coverage
            .bars
            .iter()
            .flatten()
            .map(|c| c.original + c.copies)
            .sum();
        assert_eq!(drawn, 10);
        assert!(coverage
            .to_html()
            .into_string()
            .contains("Articles per week"));
    }
}
