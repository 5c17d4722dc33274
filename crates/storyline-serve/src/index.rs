//! The in-memory view every read is answered from: the [`Report`] of the whole
//! store plus lookup tables, built once at start-up and again after each write.
//!
//! Views borrow from the report and serialise straight to JSON, so answering a
//! request copies nothing but the response bytes. All offsets in views are the
//! report's: UTF-8 byte offsets into the article's `text`, checked by
//! `Report::build`, so the page can slice without checking.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use storyline_model::{
    Citation, CorpusAnalysis, Diagnostic, Doc, EntityKind, Explanation, SourceGroup,
};
use storyline_report::{
    ArticleRecord, AssignmentRecord, ComparisonRecord, DateRecord, EntityRecord, EventRecord, Meta,
    QuantityRecord, QuoteRecord, Report, StoryRecord, TimelineRecord,
};

use crate::error::AppError;

/// The report of the whole store and the tables that find things in it.
pub(crate) struct Index {
    /// Everything, in the report's orders.
    pub report: Report,
    /// Article id to position in `report.articles`.
    article_pos: HashMap<String, usize>,
    /// Event id to position in `report.events`.
    event_pos: HashMap<String, usize>,
    /// Story id to position in `report.stories`.
    story_pos: HashMap<String, usize>,
    /// Per article: the name shown for its source (outlet, else file name).
    outlet: Vec<String>,
    /// Per article: positions in `report.quotes`, `report.dates`, `report.quantities`.
    quotes_of: Vec<Vec<usize>>,
    dates_of: Vec<Vec<usize>>,
    quantities_of: Vec<Vec<usize>>,
    /// Per article: (entity position, mention position) of every entity mention.
    mentions_of: Vec<Vec<(usize, usize)>>,
    /// Per article: the events it belongs to.
    events_of: Vec<Vec<usize>>,
    /// Per article: the duplicate group it is in.
    copies_of: HashMap<usize, usize>,
    /// Per event: the stories it belongs to.
    stories_of_event: Vec<Vec<usize>>,
    /// Per event: sorted folded words of its title and summary.
    event_words: Vec<Vec<String>>,
    /// Per story: what belongs to it.
    stories: Vec<StoryParts>,
    /// Per entity: sorted folded words of its name and aliases.
    entity_words: Vec<Vec<String>>,
    /// Per entity: how many articles mention it.
    entity_articles: Vec<usize>,
}

/// What belongs to one story, as positions in the report's lists.
struct StoryParts {
    articles: Vec<usize>,
    events: Vec<usize>,
    timeline: Vec<usize>,
    quotes: Vec<usize>,
    corroborations: Vec<usize>,
    conflicts: Vec<usize>,
    /// Sorted folded words of its title, summaries, event titles and speakers.
    words: Vec<String>,
    outlets: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
}

/// Folds case and diacritics and splits into words, the way search sees text.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(storyline_annotate::entities::fold)
}

/// A parsed search: every word must start some word of the item.
pub(crate) struct Search {
    words: Vec<String>,
}

impl Search {
    /// `None` when no query was given; an error when one was given with no word in it.
    pub fn parse(query: Option<&str>) -> Result<Option<Search>, AppError> {
        let Some(query) = query.filter(|q| !q.trim().is_empty()) else {
            return Ok(None);
        };
        let words: Vec<String> = words(query).collect();
        if words.is_empty() {
            return Err(AppError::EmptyQuery);
        }
        Ok(Some(Search { words }))
    }

    /// Whether every query word is a prefix of a word in `sorted` (sorted, deduplicated).
    pub fn matches_sorted(&self, sorted: &[String]) -> bool {
        self.words.iter().all(|w| {
            let idx = sorted.partition_point(|x| x.as_str() < w.as_str());
            sorted.get(idx).is_some_and(|x| x.starts_with(w.as_str()))
        })
    }

    /// Whether every query word is a prefix of a word of `texts` (for one-off checks
    /// over many items: one allocation per text, no sorting).
    pub fn matches_texts(&self, texts: &[&str]) -> bool {
        let folded: Vec<String> = texts
            .iter()
            .map(|t| storyline_annotate::entities::fold(t))
            .collect();
        self.words.iter().all(|w| {
            folded.iter().any(|text| {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|word| word.starts_with(w.as_str()))
            })
        })
    }
}

fn sorted_words<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    let set: BTreeSet<String> = texts.into_iter().flat_map(words).collect();
    set.into_iter().collect()
}

impl Index {
    /// Builds the report of `docs` and the tables over it.
    pub fn build(docs: &[Doc], analysis: &CorpusAnalysis, diagnostics: &[Diagnostic]) -> Index {
        Index::new(Report::build(docs, analysis, diagnostics))
    }

    /// Indexes a report.
    pub fn new(report: Report) -> Index {
        let n_articles = report.articles.len();
        let article_pos = positions(report.articles.iter().map(|a| &a.id));
        let event_pos = positions(report.events.iter().map(|e| &e.id));
        let story_pos = positions(report.stories.iter().map(|s| &s.id));
        let outlet = report
            .articles
            .iter()
            .map(ArticleRecord::source_name)
            .collect();

        let per_article = |ids: &mut dyn Iterator<Item = &str>| {
            let mut out = vec![Vec::new(); n_articles];
            for (i, id) in ids.enumerate() {
                if let Some(&a) = article_pos.get(id) {
                    out[a].push(i);
                }
            }
            out
        };
        let quotes_of = per_article(&mut report.quotes.iter().map(|q| q.article.as_str()));
        let dates_of = per_article(&mut report.dates.iter().map(|d| d.article.as_str()));
        let quantities_of = per_article(&mut report.quantities.iter().map(|q| q.article.as_str()));

        let mut mentions_of = vec![Vec::new(); n_articles];
        let mut entity_articles = Vec::with_capacity(report.entities.len());
        for (e, entity) in report.entities.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for (m, mention) in entity.mentions.iter().enumerate() {
                if let Some(&a) = article_pos.get(&mention.article) {
                    mentions_of[a].push((e, m));
                    seen.insert(a);
                }
            }
            entity_articles.push(seen.len());
        }
        for list in &mut mentions_of {
            list.sort_by_key(|&(e, m)| {
                let mention = &report.entities[e].mentions[m];
                (mention.start, mention.end, e)
            });
        }
        let entity_words = report
            .entities
            .iter()
            .map(|e| {
                sorted_words(
                    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)),
                )
            })
            .collect();

        let mut events_of = vec![Vec::new(); n_articles];
        for (e, event) in report.events.iter().enumerate() {
            for id in &event.articles {
                if let Some(&a) = article_pos.get(id) {
                    events_of[a].push(e);
                }
            }
        }
        let mut copies_of = HashMap::new();
        for (g, group) in report.duplicates.iter().enumerate() {
            for id in &group.articles {
                if let Some(&a) = article_pos.get(id) {
                    copies_of.insert(a, g);
                }
            }
        }
        let event_words = report
            .events
            .iter()
            .map(|e| {
                sorted_words(
                    std::iter::once(e.title.as_str())
                        .chain(e.summary.iter().map(|c| c.text.as_str())),
                )
            })
            .collect();

        // Which stories each event and article belong to, and each story's
        // timeline entries and comparisons, found in one pass over each list
        // (a scan of every list per story is quadratic at 100,000 articles).
        let story_events: Vec<Vec<usize>> = report
            .stories
            .iter()
            .map(|story| {
                story
                    .events
                    .iter()
                    .filter_map(|id| event_pos.get(id).copied())
                    .collect()
            })
            .collect();
        let mut stories_of_event = vec![Vec::new(); report.events.len()];
        let mut stories_of_article: Vec<Vec<usize>> = vec![Vec::new(); n_articles];
        for (s, events) in story_events.iter().enumerate() {
            for &e in events {
                stories_of_event[e].push(s);
                for id in &report.events[e].articles {
                    if let Some(&a) = article_pos.get(id) {
                        if stories_of_article[a].last() != Some(&s) {
                            stories_of_article[a].push(s);
                        }
                    }
                }
            }
        }
        let mut story_timeline = vec![Vec::new(); report.stories.len()];
        for (t, entry) in report.timeline.iter().enumerate() {
            if let Some(&s) = story_pos.get(&entry.story) {
                story_timeline[s].push(t);
            }
        }
        let touching = |list: &[ComparisonRecord]| {
            let mut per_story = vec![Vec::new(); report.stories.len()];
            for (c, comparison) in list.iter().enumerate() {
                let stories: BTreeSet<usize> = comparison
                    .claims
                    .iter()
                    .filter_map(|claim| article_pos.get(&claim.article))
                    .flat_map(|&a| stories_of_article[a].iter().copied())
                    .collect();
                for s in stories {
                    per_story[s].push(c);
                }
            }
            per_story
        };
        let mut story_corroborations = touching(&report.corroborations);
        let mut story_conflicts = touching(&report.conflicts);
        let stories = story_events
            .into_iter()
            .enumerate()
            .map(|(s, events)| {
                let members = Members {
                    events,
                    timeline: std::mem::take(&mut story_timeline[s]),
                    corroborations: std::mem::take(&mut story_corroborations[s]),
                    conflicts: std::mem::take(&mut story_conflicts[s]),
                };
                StoryParts::new(&report, s, members, &article_pos, &quotes_of)
            })
            .collect();

        Index {
            report,
            article_pos,
            event_pos,
            story_pos,
            outlet,
            quotes_of,
            dates_of,
            quantities_of,
            mentions_of,
            events_of,
            copies_of,
            stories_of_event,
            event_words,
            stories,
            entity_words,
            entity_articles,
        }
    }

    /// Counts, as in the report's `meta`.
    pub fn meta(&self) -> &Meta {
        &self.report.meta
    }

    fn article_ref(&self, a: usize) -> ArticleRef<'_> {
        let article = &self.report.articles[a];
        ArticleRef {
            id: &article.id,
            title: article.title.as_deref(),
            outlet: &self.outlet[a],
            published: article.published.as_deref(),
            url: article.url.as_deref(),
            source: &article.source,
            revision: article.revision,
            changed_after_capture: article.changed_after_capture,
        }
    }

    /// A reference to the article with this id, if it is in the index.
    pub fn article_ref_by_id(&self, id: &str) -> Option<ArticleRef<'_>> {
        self.article_pos.get(id).map(|&a| self.article_ref(a))
    }

    fn cite<'s>(&'s self, citation: &'s Citation) -> CiteView<'s> {
        let a = self.article_pos.get(&citation.article).copied();
        CiteView {
            article: &citation.article,
            text: &citation.text,
            start: citation.start,
            end: citation.end,
            outlet: a.map_or(citation.article.as_str(), |a| self.outlet[a].as_str()),
            published: a.and_then(|a| self.report.articles[a].published.as_deref()),
        }
    }

    /// One quote with where it was published.
    pub fn quote_view(&self, q: usize) -> QuoteView<'_> {
        let quote = &self.report.quotes[q];
        let a = self.article_pos.get(&quote.article).copied();
        QuoteView {
            quote,
            outlet: a.map_or(quote.article.as_str(), |a| self.outlet[a].as_str()),
            published: a.and_then(|a| self.report.articles[a].published.as_deref()),
            title: a.and_then(|a| self.report.articles[a].title.as_deref()),
        }
    }

    fn comparison_view<'s>(&'s self, c: &'s ComparisonRecord) -> ComparisonView<'s> {
        let paired = c.outlets.len() == c.claims.len();
        ComparisonView {
            what: &c.what,
            claims: c
                .claims
                .iter()
                .enumerate()
                .map(|(i, claim)| {
                    let mut cite = self.cite(claim);
                    if paired {
                        cite.outlet = &c.outlets[i];
                    }
                    cite
                })
                .collect(),
            outlets: &c.outlets,
            reported_by: &c.reported_by,
            single_sourced: c.single_sourced,
            confidence: c.confidence,
            why: c.why.as_ref(),
        }
    }

    fn timeline_entry<'s>(&'s self, t: &'s TimelineRecord) -> TimelineView<'s> {
        TimelineView {
            date: &t.date,
            text: &t.text,
            summary: t.summary.iter().map(|c| self.cite(c)).collect(),
            salience: t.salience,
            background: t.background,
            story: &t.story,
            sources: &t.sources,
            citations: t.citations.iter().map(|c| self.cite(c)).collect(),
            reported_by: &t.reported_by,
            single_sourced: t.single_sourced,
        }
    }

    fn event(&self, e: usize) -> EventView<'_> {
        let event = &self.report.events[e];
        EventView {
            id: &event.id,
            date: event.date.as_deref(),
            title: &event.title,
            stories: self.stories_of_event[e]
                .iter()
                .map(|&s| self.report.stories[s].id.as_str())
                .collect(),
            articles: event
                .articles
                .iter()
                .filter_map(|id| self.article_ref_by_id(id))
                .collect(),
            summary: event.summary.iter().map(|c| self.cite(c)).collect(),
            reported_by: &event.reported_by,
            single_sourced: event.single_sourced,
            assignments: &event.assignments,
        }
    }

    fn event_summary(&self, e: usize) -> EventSummary<'_> {
        let event: &EventRecord = &self.report.events[e];
        EventSummary {
            id: &event.id,
            date: event.date.as_deref(),
            title: &event.title,
            n_articles: event.articles.len(),
            stories: self.stories_of_event[e]
                .iter()
                .map(|&s| self.report.stories[s].id.as_str())
                .collect(),
            lede: event.summary.first().map(|c| c.text.as_str()),
        }
    }

    fn story_head(&self, s: usize) -> StoryHead<'_> {
        let story: &StoryRecord = &self.report.stories[s];
        let parts = &self.stories[s];
        StoryHead {
            id: &story.id,
            title: &story.title,
            n_events: parts.events.len(),
            n_articles: parts.articles.len(),
            n_quotes: parts.quotes.len(),
            first_date: parts.first_date.as_deref(),
            last_date: parts.last_date.as_deref(),
            outlets: &parts.outlets,
            lede: story.summary.first().map(|c| c.text.as_str()),
        }
    }

    fn story_position(&self, id: &str) -> Result<usize, AppError> {
        self.story_pos
            .get(id)
            .copied()
            .ok_or_else(|| AppError::NotFound(format!("no story with id {id:?}")))
    }

    /// Stories matching `search` (all when `None`), newest first unless `oldest_first`.
    pub fn stories(&self, search: Option<&Search>, oldest_first: bool) -> Vec<StoryHead<'_>> {
        let matching = |&s: &usize| search.is_none_or(|q| q.matches_sorted(&self.stories[s].words));
        let positions: Vec<usize> = if oldest_first {
            (0..self.stories.len()).filter(matching).collect()
        } else {
            (0..self.stories.len()).rev().filter(matching).collect()
        };
        positions.into_iter().map(|s| self.story_head(s)).collect()
    }

    /// Everything the story page shows.
    pub fn story_page(&self, id: &str) -> Result<StoryPage<'_>, AppError> {
        let s = self.story_position(id)?;
        let story = &self.report.stories[s];
        let parts = &self.stories[s];
        Ok(StoryPage {
            story: self.story_head(s),
            summary: story.summary.iter().map(|c| self.cite(c)).collect(),
            events: parts.events.iter().map(|&e| self.event(e)).collect(),
            timeline: self.story_timeline(s),
            speakers: self.speakers(&parts.quotes),
            corroborations: parts
                .corroborations
                .iter()
                .map(|&c| self.comparison_view(&self.report.corroborations[c]))
                .collect(),
            conflicts: parts
                .conflicts
                .iter()
                .map(|&c| self.comparison_view(&self.report.conflicts[c]))
                .collect(),
            articles: parts
                .articles
                .iter()
                .map(|&a| self.article_ref(a))
                .collect(),
        })
    }

    fn story_timeline(&self, s: usize) -> Vec<TimelineView<'_>> {
        self.stories[s]
            .timeline
            .iter()
            .map(|&t| self.timeline_entry(&self.report.timeline[t]))
            .collect()
    }

    /// A story's timeline.
    pub fn timeline(&self, id: &str) -> Result<StoryTimeline<'_>, AppError> {
        let s = self.story_position(id)?;
        Ok(StoryTimeline {
            story: self.story_head(s),
            timeline: self.story_timeline(s),
        })
    }

    /// A story's corroborated and conflicting claims.
    pub fn comparison(&self, id: &str) -> Result<StoryComparison<'_>, AppError> {
        let s = self.story_position(id)?;
        let parts = &self.stories[s];
        Ok(StoryComparison {
            story: self.story_head(s),
            corroborations: parts
                .corroborations
                .iter()
                .map(|&c| self.comparison_view(&self.report.corroborations[c]))
                .collect(),
            conflicts: parts
                .conflicts
                .iter()
                .map(|&c| self.comparison_view(&self.report.conflicts[c]))
                .collect(),
        })
    }

    /// A story's cited summary and its events' summaries.
    pub fn summary(&self, id: &str) -> Result<StorySummary<'_>, AppError> {
        let s = self.story_position(id)?;
        let story = &self.report.stories[s];
        Ok(StorySummary {
            story: self.story_head(s),
            summary: story.summary.iter().map(|c| self.cite(c)).collect(),
            events: self.stories[s]
                .events
                .iter()
                .map(|&e| {
                    let event = &self.report.events[e];
                    EventBrief {
                        id: &event.id,
                        date: event.date.as_deref(),
                        title: &event.title,
                        summary: event.summary.iter().map(|c| self.cite(c)).collect(),
                    }
                })
                .collect(),
        })
    }

    /// Quotes grouped by speaker: most quoted first, unattributed last.
    fn speakers(&self, quotes: &[usize]) -> Vec<SpeakerView<'_>> {
        let mut groups: Vec<SpeakerView> = Vec::new();
        let mut group_of: HashMap<Option<&str>, usize> = HashMap::new();
        for &q in quotes {
            let name = self.report.quotes[q].speaker.as_deref();
            let g = *group_of.entry(name).or_insert_with(|| {
                groups.push(SpeakerView {
                    name,
                    quotes: Vec::new(),
                });
                groups.len() - 1
            });
            groups[g].quotes.push(self.quote_view(q));
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

    /// Events matching `search`, in report order (by date).
    pub fn events(&self, search: Option<&Search>) -> Vec<EventSummary<'_>> {
        (0..self.report.events.len())
            .filter(|&e| search.is_none_or(|q| q.matches_sorted(&self.event_words[e])))
            .map(|e| self.event_summary(e))
            .collect()
    }

    /// One event with its articles and summary.
    pub fn event_by_id(&self, id: &str) -> Result<EventView<'_>, AppError> {
        let e = self
            .event_pos
            .get(id)
            .copied()
            .ok_or_else(|| AppError::NotFound(format!("no event with id {id:?}")))?;
        Ok(self.event(e))
    }

    /// Every article in report order, as references.
    pub fn article_refs(&self) -> impl DoubleEndedIterator<Item = ArticleRef<'_>> + '_ {
        (0..self.report.articles.len()).map(|a| self.article_ref(a))
    }

    /// One article with its text and everything found in it.
    pub fn article_page(&self, id: &str) -> Result<ArticlePage<'_>, AppError> {
        let a = self
            .article_pos
            .get(id)
            .copied()
            .ok_or_else(|| AppError::NotFound(format!("no article with id {id:?}")))?;
        let events: Vec<EventSummary> = self.events_of[a]
            .iter()
            .map(|&e| self.event_summary(e))
            .collect();
        let story_set: BTreeSet<usize> = self.events_of[a]
            .iter()
            .flat_map(|&e| self.stories_of_event[e].iter().copied())
            .collect();
        Ok(ArticlePage {
            article: &self.report.articles[a],
            outlet_name: &self.outlet[a],
            quotes: self.quotes_of[a]
                .iter()
                .map(|&q| &self.report.quotes[q])
                .collect(),
            dates: self.dates_of[a]
                .iter()
                .map(|&d| &self.report.dates[d])
                .collect(),
            quantities: self.quantities_of[a]
                .iter()
                .map(|&q| &self.report.quantities[q])
                .collect(),
            mentions: self.mentions_of[a]
                .iter()
                .map(|&(e, m)| {
                    let entity = &self.report.entities[e];
                    let mention = &entity.mentions[m];
                    MentionView {
                        entity: &entity.name,
                        kind: entity.kind,
                        text: &mention.text,
                        start: mention.start,
                        end: mention.end,
                    }
                })
                .collect(),
            events,
            stories: story_set.into_iter().map(|s| self.story_head(s)).collect(),
            copies: self
                .copies_of
                .get(&a)
                .map(|&g| {
                    self.report.duplicates[g]
                        .articles
                        .iter()
                        .filter(|other| **other != self.report.articles[a].id)
                        .filter_map(|other| self.article_ref_by_id(other))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Entities matching `search` and `kind`, most mentioned first.
    pub fn entities(
        &self,
        search: Option<&Search>,
        kind: Option<EntityKind>,
    ) -> Vec<EntitySummary<'_>> {
        let mut positions: Vec<usize> = (0..self.report.entities.len())
            .filter(|&e| kind.is_none_or(|k| self.report.entities[e].kind == k))
            .filter(|&e| search.is_none_or(|q| q.matches_sorted(&self.entity_words[e])))
            .collect();
        positions.sort_by(|&a, &b| {
            let (ea, eb) = (&self.report.entities[a], &self.report.entities[b]);
            eb.mentions
                .len()
                .cmp(&ea.mentions.len())
                .then_with(|| ea.name.cmp(&eb.name))
        });
        positions
            .into_iter()
            .map(|e| self.entity_summary(e))
            .collect()
    }

    fn entity_summary(&self, e: usize) -> EntitySummary<'_> {
        let entity: &EntityRecord = &self.report.entities[e];
        EntitySummary {
            name: &entity.name,
            kind: entity.kind,
            aliases: &entity.aliases,
            n_mentions: entity.mentions.len(),
            n_articles: self.entity_articles[e],
        }
    }

    /// The entity named `name` (of `kind`, when given; folded comparison).
    pub fn entity_by_name(
        &self,
        name: &str,
        kind: Option<EntityKind>,
    ) -> Result<(EntitySummary<'_>, &[Citation]), AppError> {
        let folded = storyline_annotate::entities::fold(name);
        let found = self
            .report
            .entities
            .iter()
            .position(|e| {
                kind.is_none_or(|k| e.kind == k)
                    && (e.name == name || storyline_annotate::entities::fold(&e.name) == folded)
            })
            .ok_or_else(|| AppError::NotFound(format!("no entity named {name:?}")))?;
        Ok((
            self.entity_summary(found),
            &self.report.entities[found].mentions,
        ))
    }

    /// Citations of an entity's mentions, with their outlets.
    pub fn cites<'s>(&'s self, citations: &'s [Citation]) -> Vec<CiteView<'s>> {
        citations.iter().map(|c| self.cite(c)).collect()
    }

    /// Positions (for [`Index::quote_view`]) of the quotes passing every filter given, in report order.
    pub fn quotes(&self, filter: &QuoteFilter<'_>) -> Result<Vec<usize>, AppError> {
        let candidates: Vec<usize> = match (filter.story, filter.article) {
            (Some(story), _) => self.stories[self.story_position(story)?].quotes.clone(),
            (None, Some(article)) => match self.article_pos.get(article) {
                Some(&a) => self.quotes_of[a].clone(),
                None => {
                    return Err(AppError::NotFound(format!(
                        "no article with id {article:?}"
                    )))
                }
            },
            (None, None) => (0..self.report.quotes.len()).collect(),
        };
        let speaker = filter.speaker.map(storyline_annotate::entities::fold);
        Ok(candidates
            .into_iter()
            .filter(|&q| {
                let quote = &self.report.quotes[q];
                let speaker_ok = speaker.as_deref().is_none_or(|want| {
                    quote
                        .speaker
                        .as_deref()
                        .is_some_and(|s| storyline_annotate::entities::fold(s) == want)
                });
                speaker_ok
                    && filter.article.is_none_or(|a| quote.article == a)
                    && filter.search.is_none_or(|search| {
                        search.matches_texts(&[
                            quote.text.as_str(),
                            quote.speaker.as_deref().unwrap_or(""),
                        ])
                    })
            })
            .collect())
    }

    /// The diagnostics of the latest run and of the report build.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.report.diagnostics
    }
}

/// A story's events, timeline entries and comparisons, as positions in the report's lists.
struct Members {
    events: Vec<usize>,
    timeline: Vec<usize>,
    corroborations: Vec<usize>,
    conflicts: Vec<usize>,
}

impl StoryParts {
    fn new(
        report: &Report,
        s: usize,
        members: Members,
        article_pos: &HashMap<String, usize>,
        quotes_of: &[Vec<usize>],
    ) -> StoryParts {
        let story = &report.stories[s];
        let Members {
            events,
            mut timeline,
            corroborations,
            conflicts,
        } = members;
        let articles: BTreeSet<usize> = events
            .iter()
            .flat_map(|&e| report.events[e].articles.iter())
            .filter_map(|id| article_pos.get(id).copied())
            .collect();
        // Report order is by story, then date, then text; keep it, stably by date.
        timeline.sort_by(|&a, &b| report.timeline[a].date.cmp(&report.timeline[b].date));
        let quotes: Vec<usize> = articles
            .iter()
            .flat_map(|&a| quotes_of[a].iter().copied())
            .collect();
        let outlets: Vec<String> = {
            let set: BTreeSet<String> = articles
                .iter()
                .map(|&a| report.articles[a].source_name())
                .collect();
            set.into_iter().collect()
        };
        let dates: Vec<&str> = events
            .iter()
            .filter_map(|&e| report.events[e].date.as_deref())
            .collect();
        let speakers: Vec<&str> = quotes
            .iter()
            .filter_map(|&q| report.quotes[q].speaker.as_deref())
            .collect();
        let words = sorted_words(
            std::iter::once(story.title.as_str())
                .chain(story.summary.iter().map(|c| c.text.as_str()))
                .chain(events.iter().flat_map(|&e| {
                    let event = &report.events[e];
                    std::iter::once(event.title.as_str())
                        .chain(event.summary.iter().map(|c| c.text.as_str()))
                }))
                .chain(speakers)
                .chain(outlets.iter().map(String::as_str)),
        );
        StoryParts {
            corroborations,
            conflicts,
            first_date: dates.iter().min().map(|d| d.to_string()),
            last_date: dates.iter().max().map(|d| d.to_string()),
            articles: articles.into_iter().collect(),
            events,
            timeline,
            quotes,
            words,
            outlets,
        }
    }
}

/// Filters of `GET /api/quotes`.
pub(crate) struct QuoteFilter<'q> {
    pub search: Option<&'q Search>,
    pub speaker: Option<&'q str>,
    pub story: Option<&'q str>,
    pub article: Option<&'q str>,
}

/// An article named in a list: enough to show and link it.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleRef<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    /// The outlet, or the file name when the outlet is unknown.
    pub outlet: &'a str,
    pub published: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: &'a str,
    /// The version shown: 1 unless the text changed after first capture.
    pub revision: u32,
    /// True when the text changed after first capture.
    pub changed_after_capture: bool,
}

/// A cited span with the outlet and date of its article.
#[derive(Debug, Serialize)]
pub(crate) struct CiteView<'a> {
    pub article: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub outlet: &'a str,
    pub published: Option<&'a str>,
}

/// A quote as the report has it, plus where it was published.
#[derive(Debug, Serialize)]
pub(crate) struct QuoteView<'a> {
    #[serde(flatten)]
    pub quote: &'a QuoteRecord,
    pub outlet: &'a str,
    pub published: Option<&'a str>,
    pub title: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SpeakerView<'a> {
    pub name: Option<&'a str>,
    pub quotes: Vec<QuoteView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ComparisonView<'a> {
    pub what: &'a str,
    /// Each claim with the outlet behind it.
    pub claims: Vec<CiteView<'a>>,
    pub outlets: &'a [String],
    /// The independent sources behind the claims (copies and wire credit count once).
    pub reported_by: &'a [SourceGroup],
    /// True when one source stands behind every claim.
    pub single_sourced: bool,
    /// How strong the comparison is (conflicts are listed strongest first).
    pub confidence: f32,
    /// Why the claims were compared: matched phrase, reason, sides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a Explanation>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TimelineView<'a> {
    pub date: &'a str,
    pub text: &'a str,
    /// The one or two sentences `text` is made of, cited, best first.
    pub summary: Vec<CiteView<'a>>,
    /// How much the coverage points at the date.
    pub salience: f32,
    pub background: bool,
    pub story: &'a str,
    pub sources: &'a [String],
    pub citations: Vec<CiteView<'a>>,
    /// The independent sources behind `sources`.
    pub reported_by: &'a [SourceGroup],
    /// True when one source stands behind every article.
    pub single_sourced: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub title: &'a str,
    pub stories: Vec<&'a str>,
    pub articles: Vec<ArticleRef<'a>>,
    pub summary: Vec<CiteView<'a>>,
    /// The independent sources behind the event.
    pub reported_by: &'a [SourceGroup],
    /// True when one source stands behind every article.
    pub single_sourced: bool,
    /// How each article came to be in the event, and how sure that is.
    pub assignments: &'a [AssignmentRecord],
}

#[derive(Debug, Serialize)]
pub(crate) struct EventSummary<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub title: &'a str,
    pub n_articles: usize,
    pub stories: Vec<&'a str>,
    pub lede: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct EventBrief<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub title: &'a str,
    pub summary: Vec<CiteView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryHead<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub n_events: usize,
    pub n_articles: usize,
    pub n_quotes: usize,
    pub first_date: Option<&'a str>,
    pub last_date: Option<&'a str>,
    pub outlets: &'a [String],
    pub lede: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryPage<'a> {
    pub story: StoryHead<'a>,
    pub summary: Vec<CiteView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub timeline: Vec<TimelineView<'a>>,
    pub speakers: Vec<SpeakerView<'a>>,
    pub corroborations: Vec<ComparisonView<'a>>,
    pub conflicts: Vec<ComparisonView<'a>>,
    pub articles: Vec<ArticleRef<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryTimeline<'a> {
    pub story: StoryHead<'a>,
    pub timeline: Vec<TimelineView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryComparison<'a> {
    pub story: StoryHead<'a>,
    pub corroborations: Vec<ComparisonView<'a>>,
    pub conflicts: Vec<ComparisonView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StorySummary<'a> {
    pub story: StoryHead<'a>,
    pub summary: Vec<CiteView<'a>>,
    pub events: Vec<EventBrief<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct MentionView<'a> {
    pub entity: &'a str,
    pub kind: EntityKind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage<'a> {
    pub article: &'a ArticleRecord,
    /// The outlet, or the file name when the outlet is unknown.
    pub outlet_name: &'a str,
    pub quotes: Vec<&'a QuoteRecord>,
    pub dates: Vec<&'a DateRecord>,
    pub quantities: Vec<&'a QuantityRecord>,
    pub mentions: Vec<MentionView<'a>>,
    pub events: Vec<EventSummary<'a>>,
    pub stories: Vec<StoryHead<'a>>,
    pub copies: Vec<ArticleRef<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct EntitySummary<'a> {
    pub name: &'a str,
    pub kind: EntityKind,
    pub aliases: &'a [String],
    pub n_mentions: usize,
    pub n_articles: usize,
}

/// Each id's position in the order given.
fn positions<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_word_prefixes_without_case_or_diacritics() {
        let sorted = sorted_words(["Vučić rejects the Halden Bridge plan"]);
        let q = |s: &str| Search::parse(Some(s)).unwrap().unwrap();
        assert!(q("vucic").matches_sorted(&sorted));
        assert!(q("HALD brid").matches_sorted(&sorted));
        assert!(!q("halden tunnel").matches_sorted(&sorted));
        assert!(q("vucic brid").matches_texts(&["Vučić", "the Halden Bridge"]));
        assert!(!q("vucic tunnel").matches_texts(&["Vučić", "the Halden Bridge"]));
        assert!(Search::parse(Some("   ")).unwrap().is_none());
        assert!(matches!(
            Search::parse(Some("\"*-")),
            Err(AppError::EmptyQuery)
        ));
    }
}
