//! The reading order shared by the Markdown and HTML renderers.
//!
//! Both renderers walk the same [`Layout`], so they cannot drift apart in
//! structure: the overview, one section per story in the overview's rank order
//! (then one for whatever lies outside every story), the entities, the
//! numbered sources and the diagnostics.
//! Sources are numbered by their position in [`Report::articles`], starting at 1.

use std::collections::{BTreeSet, HashMap, HashSet};

use storyline_model::SourceGroup;

use crate::day::Day;
use crate::overview::{rank_key, StoryOverview};
use crate::{
    ArticleRecord, ComparisonRecord, EntityRecord, EventRecord, QuoteRecord, Report, StoryRecord,
    TimelineRecord,
};

/// A report arranged for reading.
pub(crate) struct Layout<'r> {
    /// The report laid out.
    pub report: &'r Report,
    /// Article id to position in `report.articles`.
    position: HashMap<&'r str, usize>,
    /// One section per story, ranked as the overview ranks them (see
    /// `overview`), then possibly one for the rest.
    pub sections: Vec<Section<'r>>,
    /// The overview of each story section, in the same order.
    pub overview: Vec<StoryOverview<'r>>,
    /// Articles counted as a copy of another: near-duplicates of an earlier
    /// article, and the copies in an event's independent sources.
    copies: HashSet<&'r str>,
    /// Entities, most mentioned first.
    pub entities: Vec<&'r EntityRecord>,
    /// For an article that copies an earlier one, the position of that first copy.
    pub copy_of: HashMap<usize, usize>,
}

/// A story with everything that belongs to it.
pub(crate) struct Section<'r> {
    /// The story; `None` for the section gathering what is in no story.
    pub story: Option<&'r StoryRecord>,
    /// The story's articles (through its events), by id; empty for the rest.
    pub articles: Vec<&'r str>,
    /// Its events, in report order.
    pub events: Vec<&'r EventRecord>,
    /// Its timeline, by date.
    pub timeline: Vec<&'r TimelineRecord>,
    /// Quotes from its articles grouped by speaker.
    pub speakers: Vec<Speaker<'r>>,
    /// Corroborations with a claim from its articles.
    pub corroborations: Vec<&'r ComparisonRecord>,
    /// Conflicts with a claim from its articles.
    pub conflicts: Vec<&'r ComparisonRecord>,
}

/// The quotes of one speaker.
pub(crate) struct Speaker<'r> {
    /// Canonical name; `None` for unattributed quotes.
    pub name: Option<&'r str>,
    /// The statements, in report order, each listed once with its reprints.
    pub quotes: Vec<Statement<'r>>,
}

/// One statement as the reports list it: its first quote and the same words
/// carried by other articles (reprints, or other outlets quoting it).
pub(crate) struct Statement<'r> {
    /// The first article's quote.
    pub quote: &'r QuoteRecord,
    /// The same words in other articles, in report order.
    pub copies: Vec<&'r QuoteRecord>,
}

/// What makes two quotes the same statement: their words, case and
/// punctuation aside.
fn statement_key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Attributions below this confidence are shown apart, as uncertain. The
/// quote confidences are calibrated (see the README's confidence bands): below
/// 0.5 fewer than half of them were right on the labelled data.
pub(crate) const LOW_CONFIDENCE: f32 = 0.5;

/// A note on a quote's trust signals: an uncertain attribution (how it was
/// found and how sure), words a revision changed; `None` when neither applies.
pub(crate) fn quote_note(quote: &QuoteRecord) -> Option<String> {
    let mut notes = Vec::new();
    if quote.speaker.is_some() && quote.confidence < LOW_CONFIDENCE {
        notes.push(format!(
            "uncertain attribution: {}, confidence {:.2}",
            quote.method, quote.confidence
        ));
    }
    match quote.revised.as_deref() {
        Some("added") => notes.push("added in a later revision".to_string()),
        Some(_) => notes.push("changed in a later revision".to_string()),
        None => {}
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// A note on an article that changed after first capture: "revised: version 2
/// of 2, first captured 2024-03-04".
pub(crate) fn revision_note(article: &ArticleRecord) -> Option<String> {
    if !article.changed_after_capture {
        return None;
    }
    let first = article
        .revisions
        .first()
        .and_then(|r| r.captured.as_deref())
        .map(|c| format!(", first captured {}", c.get(..10).unwrap_or(c)))
        .unwrap_or_default();
    Some(format!(
        "revised: text changed after first capture, version {}{first}",
        article.revision
    ))
}

/// A short note on the independent sources behind an item: `single source`,
/// `single source, 3 copies`, `2 independent sources, 5 articles`; `None` when
/// several independent sources stand behind it and none has copies.
pub(crate) fn sources_note(reported_by: &[SourceGroup], single_sourced: bool) -> Option<String> {
    let copies: usize = reported_by.iter().map(|g| g.copies.len()).sum();
    let articles = reported_by.len() + copies;
    if single_sourced {
        Some(match copies {
            0 => "single source".to_string(),
            1 => "single source, 1 copy".to_string(),
            n => format!("single source, {n} copies"),
        })
    } else if copies > 0 {
        Some(format!(
            "{} independent sources, {articles} articles",
            reported_by.len()
        ))
    } else {
        None
    }
}

impl Section<'_> {
    /// Whether the section has nothing to show.
    fn is_empty(&self) -> bool {
        self.story.is_none()
            && self.events.is_empty()
            && self.timeline.is_empty()
            && self.speakers.is_empty()
            && self.corroborations.is_empty()
            && self.conflicts.is_empty()
    }
}

impl<'r> Layout<'r> {
    pub fn new(report: &'r Report) -> Self {
        let position: HashMap<&str, usize> = report
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let events: HashMap<&str, &EventRecord> =
            report.events.iter().map(|e| (e.id.as_str(), e)).collect();

        // Articles of each story, through its events.
        let story_articles: Vec<BTreeSet<&str>> = report
            .stories
            .iter()
            .map(|s| {
                s.events
                    .iter()
                    .filter_map(|id| events.get(id.as_str()))
                    .flat_map(|e| e.articles.iter().map(String::as_str))
                    .collect()
            })
            .collect();
        let in_any_story: BTreeSet<&str> = story_articles.iter().flatten().copied().collect();
        let events_in_stories: BTreeSet<&str> = report
            .stories
            .iter()
            .flat_map(|s| s.events.iter().map(String::as_str))
            .collect();
        let story_ids: BTreeSet<&str> = report.stories.iter().map(|s| s.id.as_str()).collect();

        let mut sections: Vec<Section> = report
            .stories
            .iter()
            .zip(&story_articles)
            .map(|(story, articles)| {
                let has = |id: &str| articles.contains(id);
                Section {
                    story: Some(story),
                    articles: articles.iter().copied().collect(),
                    events: story
                        .events
                        .iter()
                        .filter_map(|id| events.get(id.as_str()).copied())
                        .collect(),
                    timeline: by_date(
                        report
                            .timeline
                            .iter()
                            .filter(|t| t.story == story.id)
                            .collect(),
                    ),
                    speakers: speakers(report.quotes.iter().filter(|q| has(&q.article)).collect()),
                    corroborations: touching(&report.corroborations, &has),
                    conflicts: touching(&report.conflicts, &has),
                }
            })
            .collect();
        let outside = |id: &str| !in_any_story.contains(id);
        let day = |id: &str| {
            position
                .get(id)
                .and_then(|&i| report.articles[i].published.as_deref())
                .and_then(Day::parse)
        };
        sections.sort_by_cached_key(|section| rank_key(section, day));
        let rest = Section {
            story: None,
            articles: Vec::new(),
            events: report
                .events
                .iter()
                .filter(|e| !events_in_stories.contains(e.id.as_str()))
                .collect(),
            timeline: by_date(
                report
                    .timeline
                    .iter()
                    .filter(|t| !story_ids.contains(t.story.as_str()))
                    .collect(),
            ),
            speakers: speakers(
                report
                    .quotes
                    .iter()
                    .filter(|q| outside(&q.article))
                    .collect(),
            ),
            corroborations: only_outside(&report.corroborations, &outside),
            conflicts: only_outside(&report.conflicts, &outside),
        };
        if !rest.is_empty() {
            sections.push(rest);
        }

        let mut entities: Vec<&EntityRecord> = report.entities.iter().collect();
        entities.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| a.name.cmp(&b.name))
        });

        let mut copy_of = HashMap::new();
        for group in &report.duplicates {
            let Some(&first) = position.get(group.first.as_str()) else {
                continue;
            };
            for id in &group.articles {
                if let Some(&i) = position.get(id.as_str()) {
                    if i != first {
                        copy_of.insert(i, first);
                    }
                }
            }
        }

        let mut copies: HashSet<&str> = report
            .events
            .iter()
            .flat_map(|e| &e.reported_by)
            .flat_map(|g| g.copies.iter().map(String::as_str))
            .collect();
        copies.extend(copy_of.keys().map(|&i| report.articles[i].id.as_str()));

        let mut layout = Layout {
            report,
            position,
            sections,
            overview: Vec::new(),
            copies,
            entities,
            copy_of,
        };
        layout.overview = layout
            .sections
            .iter()
            .enumerate()
            .filter_map(|(i, section)| StoryOverview::of(&layout, section, i + 1))
            .collect();
        layout
    }

    /// The publication day of an article, when it has a readable one.
    pub fn day(&self, id: &str) -> Option<Day> {
        self.article(id)
            .and_then(|a| a.published.as_deref())
            .and_then(Day::parse)
    }

    /// Whether an article is a copy of another (see `copies`).
    pub fn is_copy(&self, id: &str) -> bool {
        self.copies.contains(id)
    }

    /// Position of an article in `report.articles`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.position.get(id).copied()
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&'r ArticleRecord> {
        self.position(id).map(|i| &self.report.articles[i])
    }

    /// A short name for the source of an article: its outlet, else the last part of its path or URL.
    pub fn outlet(&self, id: &str) -> String {
        match self.article(id) {
            Some(a) => a.source_name(),
            None => id.to_string(),
        }
    }

    /// Positions of the articles an entity is mentioned in, in order.
    pub fn entity_articles(&self, entity: &EntityRecord) -> Vec<usize> {
        let set: BTreeSet<usize> = entity
            .mentions
            .iter()
            .filter_map(|m| self.position(&m.article))
            .collect();
        set.into_iter().collect()
    }
}

/// Timeline entries by date, keeping report order among equal dates.
fn by_date(mut entries: Vec<&TimelineRecord>) -> Vec<&TimelineRecord> {
    entries.sort_by_key(|e| e.date);
    entries
}

/// Groups quotes by speaker (most quoted first, unattributed quotes last),
/// each statement once with the articles that repeat its words.
fn speakers(quotes: Vec<&QuoteRecord>) -> Vec<Speaker<'_>> {
    let mut groups: Vec<Speaker> = Vec::new();
    let mut group_of: HashMap<Option<&str>, usize> = HashMap::new();
    let mut statement_of: HashMap<(usize, String), usize> = HashMap::new();
    for quote in quotes {
        let name = quote.speaker.as_deref();
        let group = *group_of.entry(name).or_insert_with(|| {
            groups.push(Speaker {
                name,
                quotes: Vec::new(),
            });
            groups.len() - 1
        });
        let statements = &mut groups[group].quotes;
        let key = (group, statement_key(&quote.text));
        match statement_of.get(&key) {
            Some(&at) if statements[at].quote.article != quote.article => {
                statements[at].copies.push(quote);
            }
            _ => {
                statement_of.insert(key, statements.len());
                statements.push(Statement {
                    quote,
                    copies: Vec::new(),
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        (a.name.is_none(), std::cmp::Reverse(a.quotes.len()), a.name).cmp(&(
            b.name.is_none(),
            std::cmp::Reverse(b.quotes.len()),
            b.name,
        ))
    });
    groups
}

/// Comparisons with at least one claim from an article `has` accepts.
fn touching<'r>(
    list: &'r [ComparisonRecord],
    has: &dyn Fn(&str) -> bool,
) -> Vec<&'r ComparisonRecord> {
    list.iter()
        .filter(|c| c.claims.iter().any(|cl| has(&cl.article)))
        .collect()
}

/// Comparisons whose claims all come from articles outside every story.
fn only_outside<'r>(
    list: &'r [ComparisonRecord],
    outside: &dyn Fn(&str) -> bool,
) -> Vec<&'r ComparisonRecord> {
    list.iter()
        .filter(|c| c.claims.iter().all(|cl| outside(&cl.article)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::SpeakerMethod;

    fn quote(article: &str, speaker: &str, text: &str) -> QuoteRecord {
        QuoteRecord {
            article: article.into(),
            text: text.into(),
            speaker: Some(speaker.into()),
            start: 0,
            end: text.len(),
            kind: storyline_model::QuoteKind::Direct,
            cue: Some("said".into()),
            method: SpeakerMethod::CueVerb,
            confidence: 0.95,
            speaker_mention: None,
            revised: None,
        }
    }

    #[test]
    fn a_statement_carried_by_reprints_is_listed_once_with_its_copies() {
        let quotes = [
            quote("wire", "Mira Kovan", "The bridge stays closed."),
            quote("reprint", "Mira Kovan", "the bridge stays closed"),
            quote("other", "Mira Kovan", "We will talk again."),
            quote("wire", "Tomas Ferrin", "The bridge stays closed."),
        ];
        let groups = speakers(quotes.iter().collect());
        assert_eq!(groups.len(), 2);
        let kovan = &groups[0];
        assert_eq!(kovan.name, Some("Mira Kovan"));
        assert_eq!(kovan.quotes.len(), 2);
        assert_eq!(kovan.quotes[0].quote.article, "wire");
        let copies: Vec<&str> = kovan.quotes[0]
            .copies
            .iter()
            .map(|q| q.article.as_str())
            .collect();
        assert_eq!(copies, ["reprint"]);
        assert!(kovan.quotes[1].copies.is_empty());
        // Another speaker's identical words are another statement.
        assert_eq!(groups[1].quotes.len(), 1);
    }
}
