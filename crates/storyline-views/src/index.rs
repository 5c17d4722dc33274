//! The lookup tables over one [`Report`] that the views are cut from: which
//! quotes, dates, mentions, events and stories belong to each article, what
//! belongs to each story, and the words each item is searched by.
//!
//! Views borrow from the report and serialise straight to JSON. All offsets in
//! views are the report's: UTF-8 byte offsets into the article's `text`,
//! checked by `Report::build`, so a page can slice without checking.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use storyline_model::{Citation, ComparisonKind, EntityKind, Period, SourceGroup};
use storyline_report::{
    ArticleRecord, AssignmentRecord, ComparisonRecord, DateRecord, EntityRecord, EventRecord,
    QuantityRecord, QuoteRecord, Report, StoryRecord, TimelineRecord,
};

/// Most articles a story page lists (the rest: its events' pages, `/api/articles`).
pub const PAGE_ARTICLES: usize = 50;
/// Most articles an event lists inside a story page (its own page lists them all).
pub const PAGE_EVENT_ARTICLES: usize = 5;
/// Most speakers a story page lists, and most quotes per speaker (the rest: `/api/quotes?story=`).
pub const PAGE_SPEAKERS: usize = 15;
/// Most quotes per speaker on a story page.
pub const PAGE_SPEAKER_QUOTES: usize = 3;
/// Most corroborations and most conflicts a story page lists (all: `/api/stories/{id}/comparison`).
pub const PAGE_COMPARISONS: usize = 10;
/// Most events a story page lists (the ones with most articles, in date order).
pub const PAGE_EVENTS: usize = 25;
/// Most sentences a timeline entry cites, and most articles and source groups it names.
pub const ENTRY_CITATIONS: usize = 5;
/// Most articles and source groups a timeline entry names.
pub const ENTRY_SOURCES: usize = 10;
/// Most copies a source group lists in a view.
pub const GROUP_COPIES: usize = 5;
/// Most timeline entries a story page shows (the most salient, in date order).
pub const PAGE_TIMELINE: usize = 30;
/// Most copies an article page lists.
pub const PAGE_COPIES: usize = 50;
/// Most items an article page lists of each of its quotes, dates,
/// quantities and mentions; the rest are paged ([`ArticleList`]). News
/// articles hold far fewer; the bound keeps one pathological article's page
/// (a 10 MB text with 170,000 mentions) near the size of its text.
pub const PAGE_ITEMS: usize = 1000;
/// Most entities a story page names (the most mentioned in its articles).
pub const PAGE_ENTITIES: usize = 20;
/// Most stories an outlet's page lists (the ones with most of its articles).
pub const PAGE_OUTLET_STORIES: usize = 200;
/// Most articles an outlet's page lists (its latest; all: `/api/articles?outlet=`).
pub const PAGE_OUTLET_ARTICLES: usize = 20;
/// Most bytes of JSON each of a story page's paged lists ([`StoryList`])
/// takes on the story page itself: whatever the items weigh (a conflict
/// between dozens of outlets cites dozens of sentences), the page stays
/// under about 200 KB and the rest is paged.
pub const PAGE_LIST_BYTES: usize = 30 * 1024;
/// Most items and most bytes of JSON on each further page of a story page's
/// list ([`ViewKind::StoryItems`](storyline_store::ViewKind)); a page holds
/// at least one item, however large.
pub const STORY_ITEMS: usize = 100;
/// Most bytes of JSON of the items of a further page of a story page's list.
pub const STORY_ITEMS_BYTES: usize = 120 * 1024;
/// Most articles a further page of a story's articles lists.
pub const STORY_ITEMS_ARTICLES: usize = 500;
/// Most claims a comparison lists in a view (spread over its first sides;
/// `n_claims` counts them all, `/api/stories/{id}/comparison` lists them).
/// A quote repeated by thousands of articles under a hundred names is one
/// conflict of thousands of claims.
pub const COMPARISON_CLAIMS: usize = 20;
/// Most sides of a comparison a view lists, and most articles, outlets and dates per side.
pub const COMPARISON_SIDES: usize = 8;
/// Most articles, outlets and dates a side of a comparison lists in a view.
pub const SIDE_ITEMS: usize = 20;
/// Outlets a story's coverage series counts one by one (most articles
/// first); the rest are counted together.
pub const COVERAGE_OUTLETS: usize = 7;
/// Most bars of a story's coverage series: a day each while the story's
/// dated span allows, else a week, else as many 30-day periods as needed.
pub const COVERAGE_BARS: i64 = 92;
/// Most outlets a story page's head names (`n_outlets` counts them all).
pub const PAGE_OUTLETS: usize = 100;

/// A report and the tables that find things in it.
pub(crate) struct Index<'r> {
    /// Everything, in the report's orders.
    pub report: &'r Report,
    /// Article id to position in `report.articles`.
    article_pos: HashMap<String, usize>,
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
    /// Per article: whether it copies another (a near-duplicate of an
    /// earlier article, or a copy in an event's independent sources).
    is_copy: Vec<bool>,
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
    /// Per article: the stories it belongs to (through its events), ascending.
    stories_of_article: Vec<Vec<usize>>,
    /// Folded speaker name to the quotes attributed to it, in report order.
    quotes_by_speaker: HashMap<String, Vec<usize>>,
    /// Every outlet, most articles first (then by name).
    outlets: Vec<OutletParts>,
}

/// What belongs to one outlet (the name an article's source is shown by).
pub(crate) struct OutletParts {
    /// The outlet's name, as [`ArticleRecord::source_name`] gives it.
    pub name: String,
    /// Its articles, in report order.
    articles: Vec<usize>,
    /// The stories its articles are in, with how many of its articles each holds.
    stories: Vec<(usize, usize)>,
    /// Per other outlet: how many of this outlet's articles copy an earlier article of that outlet.
    copies_from: Vec<(String, usize)>,
    /// Per other outlet: how many of that outlet's articles copy an earlier article of this one.
    copied_by: Vec<(String, usize)>,
    /// The earliest and latest publication day of its dated articles.
    first_published: Option<NaiveDate>,
    last_published: Option<NaiveDate>,
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
    /// Independent sources behind its events: each source group counted
    /// once by its wire service, else by the outlet of its first article
    /// (as the reports' overview counts them).
    sources: usize,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
}

/// Folds case and diacritics and splits into words, the way search sees text.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(storyline_annotate::fold)
}

fn sorted_words<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    let set: BTreeSet<String> = texts.into_iter().flat_map(words).collect();
    set.into_iter().collect()
}

impl<'r> Index<'r> {
    /// Indexes a report.
    pub fn new(report: &'r Report) -> Index<'r> {
        let n_articles = report.articles.len();
        let article_pos = positions(report.articles.iter().map(|a| &a.id));
        let event_pos = positions(report.events.iter().map(|e| &e.id));
        let story_pos = positions(report.stories.iter().map(|s| &s.id));
        let outlet: Vec<String> = report
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
                if let Some(&a) = article_pos.get(mention.article.as_str()) {
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
        let mut is_copy = vec![false; n_articles];
        let copies = report
            .duplicates
            .iter()
            .flat_map(|group| group.articles.iter().filter(move |id| **id != group.first))
            .chain(
                report
                    .events
                    .iter()
                    .flat_map(|e| &e.reported_by)
                    .flat_map(|group| &group.copies),
            );
        for id in copies {
            if let Some(&a) = article_pos.get(id) {
                is_copy[a] = true;
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
                    .filter_map(|claim| article_pos.get(claim.article.as_str()))
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
                StoryParts::new(report, s, members, &article_pos, &quotes_of)
            })
            .collect();
        let mut quotes_by_speaker: HashMap<String, Vec<usize>> = HashMap::new();
        for (q, quote) in report.quotes.iter().enumerate() {
            if let Some(speaker) = quote.speaker.as_deref() {
                quotes_by_speaker
                    .entry(storyline_annotate::fold(speaker))
                    .or_default()
                    .push(q);
            }
        }
        let outlets = outlet_parts(report, &outlet, &article_pos, &stories_of_article);

        Index {
            report,
            article_pos,
            outlet,
            quotes_of,
            dates_of,
            quantities_of,
            mentions_of,
            events_of,
            copies_of,
            is_copy,
            stories_of_event,
            event_words,
            stories,
            entity_words,
            entity_articles,
            stories_of_article,
            quotes_by_speaker,
            outlets,
        }
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
        let a = self.article_pos.get(citation.article.as_str()).copied();
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
        let a = self.article_pos.get(quote.article.as_str()).copied();
        QuoteView {
            quote,
            outlet: a.map_or(quote.article.as_str(), |a| self.outlet[a].as_str()),
            published: a.and_then(|a| self.report.articles[a].published.as_deref()),
            title: a.and_then(|a| self.report.articles[a].title.as_deref()),
        }
    }

    /// Comparison `c` as a story page lists it: some of its claims and
    /// sides ([`COMPARISON_CLAIMS`], [`COMPARISON_SIDES`], [`SIDE_ITEMS`]).
    fn comparison_view<'s>(&'s self, c: &'s ComparisonRecord) -> ComparisonView<'s> {
        self.comparison_cut(c, COMPARISON_CLAIMS, COMPARISON_SIDES, SIDE_ITEMS)
    }

    /// Comparison `c` with every claim and side.
    fn comparison_whole<'s>(&'s self, c: &'s ComparisonRecord) -> ComparisonView<'s> {
        self.comparison_cut(c, usize::MAX, usize::MAX, usize::MAX)
    }

    /// Comparison `c` with at most `n_claims` claims, `n_sides` sides and
    /// `side_items` articles, outlets and dates per side.
    fn comparison_cut<'s>(
        &'s self,
        c: &'s ComparisonRecord,
        n_claims: usize,
        n_sides: usize,
        side_items: usize,
    ) -> ComparisonView<'s> {
        let paired = c.outlets.len() == c.claims.len();
        let chosen = chosen_claims(c, n_claims, n_sides);
        let on_view: BTreeSet<&str> = chosen
            .iter()
            .map(|&i| c.claims[i].article.as_str())
            .collect();
        ComparisonView {
            what: &c.what,
            claims: chosen
                .iter()
                .map(|&i| {
                    let mut cite = self.cite(&c.claims[i]);
                    if paired {
                        cite.outlet = &c.outlets[i];
                    }
                    cite
                })
                .collect(),
            n_claims: c.claims.len(),
            outlets: if paired {
                chosen.iter().map(|&i| c.outlets[i].as_str()).collect()
            } else {
                c.outlets
                    .iter()
                    .take(n_claims)
                    .map(String::as_str)
                    .collect()
            },
            n_outlets: c.outlets.len(),
            reported_by: groups(&c.reported_by),
            single_sourced: c.single_sourced,
            confidence: c.confidence,
            why: c.why.as_ref().map(|why| ExplanationView {
                kind: why.kind,
                matched: &why.matched,
                reason: &why.reason,
                sides: why
                    .sides
                    .iter()
                    .take(n_sides)
                    .map(|side| {
                        // The articles of the claims listed first, so that
                        // each listed claim finds its side.
                        let mut articles: Vec<&str> = side
                            .articles
                            .iter()
                            .map(String::as_str)
                            .filter(|a| on_view.contains(a))
                            .collect();
                        articles.extend(
                            side.articles
                                .iter()
                                .map(String::as_str)
                                .filter(|a| !on_view.contains(a))
                                .take(side_items.saturating_sub(articles.len())),
                        );
                        SideView {
                            claim: &side.claim,
                            articles,
                            n_articles: side.articles.len(),
                            outlets: &side.outlets[..side.outlets.len().min(side_items)],
                            dates: &side.dates[..side.dates.len().min(side_items)],
                        }
                    })
                    .collect(),
                n_sides: why.sides.len(),
            }),
        }
    }

    fn timeline_entry<'s>(&'s self, t: &'s TimelineRecord) -> TimelineView<'s> {
        TimelineView {
            date: t.date,
            text: &t.text,
            summary: t.summary.iter().map(|c| self.cite(c)).collect(),
            salience: t.salience,
            background: t.background,
            story: &t.story,
            sources: &t.sources[..t.sources.len().min(ENTRY_SOURCES)],
            n_sources: t.sources.len(),
            citations: t
                .citations
                .iter()
                .take(ENTRY_CITATIONS)
                .map(|c| self.cite(c))
                .collect(),
            n_citations: t.citations.len(),
            reported_by: groups(&t.reported_by),
            single_sourced: t.single_sourced,
        }
    }

    fn event(&self, e: usize) -> EventView<'_> {
        let event = &self.report.events[e];
        EventView {
            id: &event.id,
            date: event.date,
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
            reported_by: groups(&event.reported_by),
            single_sourced: event.single_sourced,
            assignments: &event.assignments,
        }
    }

    fn event_summary(&self, e: usize) -> EventSummary<'_> {
        let event: &EventRecord = &self.report.events[e];
        EventSummary {
            id: &event.id,
            date: event.date,
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
            first_date: parts.first_date,
            last_date: parts.last_date,
            outlets: &parts.outlets,
            n_outlets: parts.outlets.len(),
            n_sources: parts.sources,
            lede: story.summary.first().map(|c| c.text.as_str()),
        }
    }

    /// The story at position `s` as named in another item's page.
    fn story_brief(&self, s: usize, n_here: usize) -> StoryBrief<'_> {
        let story = &self.report.stories[s];
        let parts = &self.stories[s];
        StoryBrief {
            id: &story.id,
            title: &story.title,
            first_date: parts.first_date,
            last_date: parts.last_date,
            n_articles: parts.articles.len(),
            n_sources: parts.sources,
            n_here,
        }
    }

    /// How many stories, events, articles, entities, quotes.
    pub fn counts(&self) -> Counts {
        Counts {
            stories: self.report.stories.len(),
            events: self.report.events.len(),
            articles: self.report.articles.len(),
            quotes: self.report.quotes.len(),
        }
    }

    /// The story at position `s` as listed.
    pub fn story_listed(&self, s: usize) -> StoryHead<'_> {
        self.story_head(s)
    }

    /// Folded words a story is searched by.
    pub fn story_words(&self, s: usize) -> &[String] {
        &self.stories[s].words
    }

    /// The coverage series of the story at position `s`: its articles per
    /// day (or per longer period, [`COVERAGE_BARS`]) and outlet, copies
    /// counted apart, over all its articles; `None` when none is dated.
    pub fn coverage(&self, s: usize) -> Option<CoverageView<'_>> {
        let articles = &self.stories[s].articles;
        let mut tally: HashMap<&str, usize> = HashMap::new();
        for &a in articles {
            *tally.entry(self.outlet[a].as_str()).or_default() += 1;
        }
        let mut ranked: Vec<(&str, usize)> = tally.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let slot: HashMap<&str, usize> = ranked
            .iter()
            .enumerate()
            .map(|(i, &(name, _))| (name, i.min(COVERAGE_OUTLETS)))
            .collect();
        let dated: Vec<(NaiveDate, usize)> = articles
            .iter()
            .filter_map(|&a| {
                published_day(self.report.articles[a].published.as_deref()).map(|day| (day, a))
            })
            .collect();
        let first = dated.iter().map(|d| d.0).min()?;
        let last = dated.iter().map(|d| d.0).max()?;
        let days = (last - first).num_days() + 1;
        let bin_days = coverage_bin(days);
        let mut bars: std::collections::BTreeMap<i64, Vec<[usize; 2]>> = Default::default();
        let n_slots = ranked.len().min(COVERAGE_OUTLETS + 1);
        for &(day, a) in &dated {
            let bar = bars
                .entry((day - first).num_days() / bin_days)
                .or_insert_with(|| vec![[0, 0]; n_slots]);
            bar[slot[self.outlet[a].as_str()]][usize::from(self.is_copy[a])] += 1;
        }
        let others = &ranked[ranked.len().min(COVERAGE_OUTLETS)..];
        Some(CoverageView {
            bin_days,
            first_day: first,
            last_day: last,
            outlets: ranked
                .iter()
                .take(COVERAGE_OUTLETS)
                .map(|&(outlet, n_articles)| OutletCount { outlet, n_articles })
                .collect(),
            n_other_outlets: others.len(),
            n_other_articles: others.iter().map(|o| o.1).sum(),
            n_undated: articles.len() - dated.len(),
            n_copies: articles.iter().filter(|&&a| self.is_copy[a]).count(),
            bars: bars
                .into_iter()
                .map(|(bar, counts)| CoverageBar {
                    start: first + chrono::Duration::days(bar * bin_days),
                    counts,
                })
                .collect(),
        })
    }

    /// What the page of the story at position `s` shows: everything, except
    /// that long lists are cut (see the `PAGE_*` limits; `cuts` says which
    /// items of each [`StoryList`] are on it, [`Index::story_cuts`]) and
    /// `omitted` says how much of each was left out, so the page stays small
    /// on a story of thousands of articles.
    pub fn story_page(&self, s: usize, cuts: &StoryCuts) -> StoryPage<'_> {
        let story = &self.report.stories[s];
        let parts = &self.stories[s];
        let mut speakers = self.speakers(&parts.quotes);
        let on_page = |list: StoryList| cuts.page(list, 0);
        let left = |list: StoryList| cuts.n_items(list) - on_page(list).len();
        let mut omitted = Omitted {
            articles: left(StoryList::Articles),
            speakers: speakers.len().saturating_sub(PAGE_SPEAKERS),
            corroborations: left(StoryList::Corroborations),
            conflicts: left(StoryList::Conflicts),
            quotes: 0,
            event_articles: 0,
            events: left(StoryList::Events),
            timeline: left(StoryList::Timeline),
            entities: 0,
        };
        let mut mentioned: HashMap<usize, usize> = HashMap::new();
        for &a in &parts.articles {
            for &(e, _) in &self.mentions_of[a] {
                *mentioned.entry(e).or_default() += 1;
            }
        }
        let mut entities: Vec<(usize, usize)> = mentioned.into_iter().collect();
        entities.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| {
                self.report.entities[a.0]
                    .name
                    .cmp(&self.report.entities[b.0].name)
            })
        });
        omitted.entities = entities.len().saturating_sub(PAGE_ENTITIES);
        entities.truncate(PAGE_ENTITIES);
        speakers.truncate(PAGE_SPEAKERS);
        for speaker in &mut speakers {
            omitted.quotes += speaker.quotes.len().saturating_sub(PAGE_SPEAKER_QUOTES);
            speaker.n_quotes = speaker.quotes.len();
            speaker.quotes.truncate(PAGE_SPEAKER_QUOTES);
        }
        let events: Vec<EventView> = on_page(StoryList::Events)
            .iter()
            .map(|&e| {
                let event = self.event_listed_in_story(e);
                omitted.event_articles += self.report.events[e]
                    .articles
                    .len()
                    .saturating_sub(PAGE_EVENT_ARTICLES);
                event
            })
            .collect();
        let mut head = self.story_head(s);
        head.outlets = &head.outlets[..head.outlets.len().min(PAGE_OUTLETS)];
        StoryPage {
            story: head,
            coverage: self.coverage(s),
            summary: story.summary.iter().map(|c| self.cite(c)).collect(),
            events,
            timeline: on_page(StoryList::Timeline)
                .iter()
                .map(|&t| self.timeline_entry(&self.report.timeline[t]))
                .collect(),
            speakers,
            corroborations: on_page(StoryList::Corroborations)
                .iter()
                .map(|&c| self.comparison_view(&self.report.corroborations[c]))
                .collect(),
            conflicts: on_page(StoryList::Conflicts)
                .iter()
                .map(|&c| self.comparison_view(&self.report.conflicts[c]))
                .collect(),
            articles: on_page(StoryList::Articles)
                .iter()
                .map(|&a| self.article_ref(a))
                .collect(),
            entities: entities
                .into_iter()
                .map(|(e, n)| {
                    let entity = &self.report.entities[e];
                    StoryEntity {
                        name: &entity.name,
                        kind: entity.kind,
                        aliases: &entity.aliases,
                        n_mentions: n,
                    }
                })
                .collect(),
            omitted,
        }
    }

    /// Event `e` as a story page lists it: its first [`PAGE_EVENT_ARTICLES`]
    /// articles and their assignments (its own page lists them all).
    fn event_listed_in_story(&self, e: usize) -> EventView<'_> {
        let mut event = self.event(e);
        event.articles.truncate(PAGE_EVENT_ARTICLES);
        event.assignments = &event.assignments[..event.assignments.len().min(PAGE_EVENT_ARTICLES)];
        event
    }

    /// The items of `list` of the story at position `s`, in the story's
    /// order (positions in the report's list of that kind).
    fn story_list(&self, s: usize, list: StoryList) -> &[usize] {
        let parts = &self.stories[s];
        match list {
            StoryList::Events => &parts.events,
            StoryList::Timeline => &parts.timeline,
            StoryList::Corroborations => &parts.corroborations,
            StoryList::Conflicts => &parts.conflicts,
            StoryList::Articles => &parts.articles,
        }
    }

    /// Indices into [`Index::story_list`] of `list`, best first: events
    /// with most articles, timeline dates most salient, comparisons and
    /// articles in the story's order (conflicts strongest first). Ties keep
    /// the story's order.
    fn story_list_ranked(&self, s: usize, list: StoryList) -> Vec<usize> {
        let items = self.story_list(s, list);
        let mut ranked: Vec<usize> = (0..items.len()).collect();
        match list {
            StoryList::Events => ranked
                .sort_by_key(|&i| std::cmp::Reverse(self.report.events[items[i]].articles.len())),
            StoryList::Timeline => ranked.sort_by(|&a, &b| {
                let salience = |i: usize| self.report.timeline[items[i]].salience;
                salience(b).total_cmp(&salience(a))
            }),
            StoryList::Corroborations | StoryList::Conflicts | StoryList::Articles => {}
        }
        ranked
    }

    /// Bytes of JSON of item `item` of `list` as a story page shows it.
    fn story_item_len(&self, list: StoryList, item: usize) -> usize {
        match list {
            StoryList::Events => json_len(&self.event_listed_in_story(item)),
            StoryList::Timeline => json_len(&self.timeline_entry(&self.report.timeline[item])),
            StoryList::Corroborations => {
                json_len(&self.comparison_view(&self.report.corroborations[item]))
            }
            StoryList::Conflicts => json_len(&self.comparison_view(&self.report.conflicts[item])),
            StoryList::Articles => json_len(&self.article_ref(item)),
        }
    }

    /// Where each paged list of the story at position `s` is cut into pages:
    /// its best items first, page 0 (the story page) within the list's
    /// count limit and [`PAGE_LIST_BYTES`], each further page within
    /// [`STORY_ITEMS`] (articles: [`STORY_ITEMS_ARTICLES`]) and
    /// [`STORY_ITEMS_BYTES`]. Each page's items are in the story's order.
    pub fn story_cuts(&self, s: usize) -> StoryCuts {
        let pages = StoryList::ALL.map(|list| {
            let items = self.story_list(s, list);
            let ranked = self.story_list_ranked(s, list);
            let sizes: Vec<usize> = ranked
                .iter()
                .map(|&i| self.story_item_len(list, items[i]))
                .collect();
            let further = match list {
                StoryList::Articles => STORY_ITEMS_ARTICLES,
                _ => STORY_ITEMS,
            };
            cut_pages(
                &sizes,
                (list.on_story_page(), PAGE_LIST_BYTES),
                (further, STORY_ITEMS_BYTES),
            )
            .into_iter()
            .map(|range| {
                let mut page = ranked[range].to_vec();
                page.sort_unstable();
                page.into_iter().map(|i| items[i]).collect()
            })
            .collect()
        });
        StoryCuts { pages }
    }

    /// Page `page` (from 1) of `list` of the story at position `s`, cut as `cuts` says.
    pub fn story_list_page(
        &self,
        s: usize,
        cuts: &StoryCuts,
        list: StoryList,
        page: usize,
    ) -> StoryItems<'_> {
        let items = cuts.page(list, page);
        let items = match list {
            StoryList::Events => StoryItemList::Events(
                items
                    .iter()
                    .map(|&e| self.event_listed_in_story(e))
                    .collect(),
            ),
            StoryList::Timeline => StoryItemList::Timeline(
                items
                    .iter()
                    .map(|&t| self.timeline_entry(&self.report.timeline[t]))
                    .collect(),
            ),
            StoryList::Corroborations => StoryItemList::Comparisons(
                items
                    .iter()
                    .map(|&c| self.comparison_view(&self.report.corroborations[c]))
                    .collect(),
            ),
            StoryList::Conflicts => StoryItemList::Comparisons(
                items
                    .iter()
                    .map(|&c| self.comparison_view(&self.report.conflicts[c]))
                    .collect(),
            ),
            StoryList::Articles => {
                StoryItemList::Articles(items.iter().map(|&a| self.article_ref(a)).collect())
            }
        };
        StoryItems {
            story: &self.report.stories[s].id,
            list,
            page,
            pages: cuts.pages(list),
            n_items: cuts.n_items(list),
            items,
        }
    }

    /// Where the whole timeline of the story at position `s` (by date) is
    /// cut into the pages of `/api/stories/{id}/timeline`: each within
    /// [`STORY_ITEMS`] entries and [`STORY_ITEMS_BYTES`], at least one entry.
    pub fn timeline_cuts(&self, s: usize) -> Vec<std::ops::Range<usize>> {
        let sizes: Vec<usize> = self.stories[s]
            .timeline
            .iter()
            .map(|&t| json_len(&self.timeline_entry(&self.report.timeline[t])))
            .collect();
        whole_pages(&sizes)
    }

    /// Page `page` (from 1) of the whole timeline of the story at position
    /// `s`, cut as `cuts` ([`Index::timeline_cuts`]) says.
    pub fn timeline(
        &self,
        s: usize,
        cuts: &[std::ops::Range<usize>],
        page: usize,
    ) -> StoryTimeline<'_> {
        let entries = &self.stories[s].timeline;
        let range = page_range(cuts, page);
        StoryTimeline {
            story: self.story_head(s),
            page,
            pages: cuts.len().max(1),
            n_items: entries.len(),
            timeline: entries[range]
                .iter()
                .map(|&t| self.timeline_entry(&self.report.timeline[t]))
                .collect(),
        }
    }

    /// Where the whole comparison of the story at position `s` (its
    /// corroborations, then its conflicts, in the story's order) is cut into
    /// the pages of `/api/stories/{id}/comparison`, as [`Index::timeline_cuts`].
    pub fn comparison_cuts(&self, s: usize) -> Vec<std::ops::Range<usize>> {
        let parts = &self.stories[s];
        let sizes: Vec<usize> = parts
            .corroborations
            .iter()
            .map(|&c| json_len(&self.comparison_whole(&self.report.corroborations[c])))
            .chain(
                parts
                    .conflicts
                    .iter()
                    .map(|&c| json_len(&self.comparison_whole(&self.report.conflicts[c]))),
            )
            .collect();
        whole_pages(&sizes)
    }

    /// Page `page` (from 1) of the corroborated and conflicting claims of the
    /// story at position `s`, cut as `cuts` ([`Index::comparison_cuts`]) says.
    pub fn comparison(
        &self,
        s: usize,
        cuts: &[std::ops::Range<usize>],
        page: usize,
    ) -> StoryComparison<'_> {
        let parts = &self.stories[s];
        let range = page_range(cuts, page);
        let n_corroborations = parts.corroborations.len();
        // The page's part of each list: corroborations are items
        // 0..n_corroborations of the combined list, conflicts the rest.
        let of = |start: usize, len: usize| {
            let from = range.start.clamp(start, start + len) - start;
            let to = range.end.clamp(start, start + len) - start;
            from..to
        };
        StoryComparison {
            story: self.story_head(s),
            page,
            pages: cuts.len().max(1),
            n_items: n_corroborations + parts.conflicts.len(),
            n_corroborations,
            n_conflicts: parts.conflicts.len(),
            corroborations: parts.corroborations[of(0, n_corroborations)]
                .iter()
                .map(|&c| self.comparison_whole(&self.report.corroborations[c]))
                .collect(),
            conflicts: parts.conflicts[of(n_corroborations, parts.conflicts.len())]
                .iter()
                .map(|&c| self.comparison_whole(&self.report.conflicts[c]))
                .collect(),
        }
    }

    /// The cited summary of the story at position `s` and its events' summaries.
    pub fn summary(&self, s: usize) -> StorySummary<'_> {
        let story = &self.report.stories[s];
        StorySummary {
            story: self.story_head(s),
            summary: story.summary.iter().map(|c| self.cite(c)).collect(),
            events: self.stories[s]
                .events
                .iter()
                .map(|&e| {
                    let event = &self.report.events[e];
                    EventBrief {
                        id: &event.id,
                        date: event.date,
                        title: &event.title,
                        summary: event.summary.iter().map(|c| self.cite(c)).collect(),
                    }
                })
                .collect(),
        }
    }

    /// Positions of the quotes of the story at position `s`, in report order.
    pub fn story_quotes(&self, s: usize) -> &[usize] {
        &self.stories[s].quotes
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
                    n_quotes: 0,
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
        for group in &mut groups {
            group.n_quotes = group.quotes.len();
        }
        groups
    }

    /// The event at position `e` as listed.
    pub fn event_listed(&self, e: usize) -> EventSummary<'_> {
        self.event_summary(e)
    }

    /// Folded words an event is searched by.
    pub fn event_words(&self, e: usize) -> &[String] {
        &self.event_words[e]
    }

    /// The event at position `e` with its articles and summary.
    pub fn event_page(&self, e: usize) -> EventView<'_> {
        self.event(e)
    }

    /// The article at position `a` as listed.
    pub fn article_listed(&self, a: usize) -> ArticleRef<'_> {
        self.article_ref(a)
    }

    /// The article at position `a` with its text and the first
    /// [`PAGE_ITEMS`] of everything found in it.
    pub fn article_page(&self, a: usize) -> ArticlePage<'_> {
        let events: Vec<EventSummary> = self.events_of[a]
            .iter()
            .map(|&e| self.event_summary(e))
            .collect();
        let story_set: BTreeSet<usize> = self.events_of[a]
            .iter()
            .flat_map(|&e| self.stories_of_event[e].iter().copied())
            .collect();
        ArticlePage {
            article: &self.report.articles[a],
            outlet_name: &self.outlet[a],
            quotes: self.quotes_of[a]
                .iter()
                .take(PAGE_ITEMS)
                .map(|&q| &self.report.quotes[q])
                .collect(),
            dates: self.dates_of[a]
                .iter()
                .take(PAGE_ITEMS)
                .map(|&d| &self.report.dates[d])
                .collect(),
            quantities: self.quantities_of[a]
                .iter()
                .take(PAGE_ITEMS)
                .map(|&q| &self.report.quantities[q])
                .collect(),
            mentions: self.mentions_of[a]
                .iter()
                .take(PAGE_ITEMS)
                .map(|&(e, m)| self.mention_view(e, m))
                .collect(),
            omitted: ArticleOmitted {
                quotes: self.quotes_of[a].len().saturating_sub(PAGE_ITEMS),
                dates: self.dates_of[a].len().saturating_sub(PAGE_ITEMS),
                quantities: self.quantities_of[a].len().saturating_sub(PAGE_ITEMS),
                mentions: self.mentions_of[a].len().saturating_sub(PAGE_ITEMS),
            },
            events,
            stories: story_set.into_iter().map(|s| self.story_head(s)).collect(),
            n_copies: self.copies_of.get(&a).map_or(0, |&g| {
                self.report.duplicates[g].articles.len().saturating_sub(1)
            }),
            copies: self
                .copies_of
                .get(&a)
                .map(|&g| {
                    self.report.duplicates[g]
                        .articles
                        .iter()
                        .filter(|other| **other != self.report.articles[a].id)
                        .take(PAGE_COPIES)
                        .filter_map(|other| self.article_ref_by_id(other))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn mention_view(&self, e: usize, m: usize) -> MentionView<'_> {
        let entity = &self.report.entities[e];
        let mention = &entity.mentions[m];
        MentionView {
            entity: &entity.name,
            kind: entity.kind,
            text: &mention.text,
            start: mention.start,
            end: mention.end,
        }
    }

    /// How many pages of [`PAGE_ITEMS`] article `a`'s `list` fills.
    pub fn article_list_pages(&self, a: usize, list: ArticleList) -> usize {
        let n = match list {
            ArticleList::Quotes => self.quotes_of[a].len(),
            ArticleList::Dates => self.dates_of[a].len(),
            ArticleList::Quantities => self.quantities_of[a].len(),
            ArticleList::Mentions => self.mentions_of[a].len(),
        };
        n.div_ceil(PAGE_ITEMS)
    }

    /// Page `page` (of [`PAGE_ITEMS`], from 0) of article `a`'s `list`.
    pub fn article_list_page(&self, a: usize, list: ArticleList, page: usize) -> ArticleItems<'_> {
        let range = |n: usize| (page * PAGE_ITEMS).min(n)..((page + 1) * PAGE_ITEMS).min(n);
        let items = match list {
            ArticleList::Quotes => ArticleItemList::Quotes(
                self.quotes_of[a][range(self.quotes_of[a].len())]
                    .iter()
                    .map(|&q| &self.report.quotes[q])
                    .collect(),
            ),
            ArticleList::Dates => ArticleItemList::Dates(
                self.dates_of[a][range(self.dates_of[a].len())]
                    .iter()
                    .map(|&d| &self.report.dates[d])
                    .collect(),
            ),
            ArticleList::Quantities => ArticleItemList::Quantities(
                self.quantities_of[a][range(self.quantities_of[a].len())]
                    .iter()
                    .map(|&q| &self.report.quantities[q])
                    .collect(),
            ),
            ArticleList::Mentions => ArticleItemList::Mentions(
                self.mentions_of[a][range(self.mentions_of[a].len())]
                    .iter()
                    .map(|&(e, m)| self.mention_view(e, m))
                    .collect(),
            ),
        };
        ArticleItems {
            article: &self.report.articles[a].id,
            list,
            page,
            pages: self.article_list_pages(a, list),
            items,
        }
    }

    /// Entity positions, most mentioned first (then by name).
    pub fn entities_ranked(&self) -> Vec<usize> {
        let mut positions: Vec<usize> = (0..self.report.entities.len()).collect();
        positions.sort_by(|&a, &b| {
            let (ea, eb) = (&self.report.entities[a], &self.report.entities[b]);
            eb.mentions
                .len()
                .cmp(&ea.mentions.len())
                .then_with(|| ea.name.cmp(&eb.name))
        });
        positions
    }

    /// The entity at position `e` as listed.
    pub fn entity_summary(&self, e: usize) -> EntitySummary<'_> {
        let entity: &EntityRecord = &self.report.entities[e];
        EntitySummary {
            name: &entity.name,
            kind: entity.kind,
            aliases: &entity.aliases,
            n_mentions: entity.mentions.len(),
            n_articles: self.entity_articles[e],
        }
    }

    /// Folded words an entity is searched by (its name and aliases).
    pub fn entity_words(&self, e: usize) -> &[String] {
        &self.entity_words[e]
    }

    /// The stories and quotes of the entity at position `e`.
    pub fn entity_page(&self, e: usize) -> EntityPage<'_> {
        let entity = &self.report.entities[e];
        let mut per_story: HashMap<usize, usize> = HashMap::new();
        for mention in &entity.mentions {
            if let Some(&a) = self.article_pos.get(mention.article.as_str()) {
                for &s in &self.stories_of_article[a] {
                    *per_story.entry(s).or_default() += 1;
                }
            }
        }
        let mut stories: Vec<(usize, usize)> = per_story.into_iter().collect();
        stories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let names: BTreeSet<String> = std::iter::once(&entity.name)
            .chain(&entity.aliases)
            .map(|name| storyline_annotate::fold(name))
            .collect();
        let quotes: BTreeSet<usize> = names
            .iter()
            .filter_map(|name| self.quotes_by_speaker.get(name))
            .flatten()
            .copied()
            .collect();
        EntityPage {
            stories: stories
                .into_iter()
                .map(|(s, n)| self.story_brief(s, n))
                .collect(),
            quotes: quotes.into_iter().map(|q| q.to_string()).collect(),
        }
    }

    /// Every outlet, most articles first.
    pub fn outlets(&self) -> &[OutletParts] {
        &self.outlets
    }

    /// The outlet at position `o` of [`Index::outlets`] as listed.
    pub fn outlet_head(&self, o: usize) -> OutletHead<'_> {
        let parts = &self.outlets[o];
        OutletHead {
            name: &parts.name,
            n_articles: parts.articles.len(),
            n_stories: parts.stories.len(),
            first_published: parts.first_published,
            last_published: parts.last_published,
        }
    }

    /// What the outlet at position `o` covers and whom it copies.
    pub fn outlet_page(&self, o: usize) -> OutletPage<'_> {
        let parts = &self.outlets[o];
        let mut latest = parts.articles.clone();
        latest.sort_by(|&a, &b| {
            let day = |a: usize| self.report.articles[a].published.as_deref();
            day(b).cmp(&day(a)).then(a.cmp(&b))
        });
        latest.truncate(PAGE_OUTLET_ARTICLES);
        OutletPage {
            outlet: self.outlet_head(o),
            stories: parts
                .stories
                .iter()
                .take(PAGE_OUTLET_STORIES)
                .map(|&(s, n)| self.story_brief(s, n))
                .collect(),
            copies_from: outlet_counts(&parts.copies_from),
            copied_by: outlet_counts(&parts.copied_by),
            articles: latest.into_iter().map(|a| self.article_ref(a)).collect(),
        }
    }

    /// Citations of the mentions of the entity at position `e`, with their outlets.
    pub fn entity_mentions(&self, e: usize) -> Vec<CiteView<'_>> {
        self.report.entities[e]
            .mentions
            .iter()
            .map(|c| self.cite(c))
            .collect()
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
        let dates: Vec<NaiveDate> = events
            .iter()
            .filter_map(|&e| report.events[e].date)
            .collect();
        let sources: BTreeSet<String> = events
            .iter()
            .flat_map(|&e| &report.events[e].reported_by)
            .map(|group| match (&group.wire, article_pos.get(&group.first)) {
                (Some(wire), _) => wire.clone(),
                (None, Some(&a)) => report.articles[a].source_name(),
                (None, None) => group.first.clone(),
            })
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
            first_date: dates.iter().min().copied(),
            last_date: dates.iter().max().copied(),
            articles: articles.into_iter().collect(),
            events,
            timeline,
            quotes,
            words,
            outlets,
            sources: sources.len(),
        }
    }
}

/// The day a publication date (`YYYY-MM-DD…`) falls on.
fn published_day(published: Option<&str>) -> Option<NaiveDate> {
    published
        .and_then(|p| p.get(..10))
        .and_then(|day| day.parse().ok())
}

/// A tally of outlets as views show it.
fn outlet_counts(list: &[(String, usize)]) -> Vec<OutletCount<'_>> {
    list.iter()
        .map(|(outlet, n)| OutletCount {
            outlet,
            n_articles: *n,
        })
        .collect()
}

/// Counts of a tally, most first (then by name).
fn ranked_counts(tally: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut ranked: Vec<(String, usize)> = tally.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// Every outlet's articles, stories and copying, most articles first (then by name).
fn outlet_parts(
    report: &Report,
    outlet: &[String],
    article_pos: &HashMap<String, usize>,
    stories_of_article: &[Vec<usize>],
) -> Vec<OutletParts> {
    let mut articles_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (a, name) in outlet.iter().enumerate() {
        articles_of.entry(name.as_str()).or_default().push(a);
    }
    // Who copies whom: each near-duplicate article of another outlet than
    // the group's earliest article's copies that outlet.
    let mut copies_from: HashMap<&str, HashMap<String, usize>> = HashMap::new();
    let mut copied_by: HashMap<&str, HashMap<String, usize>> = HashMap::new();
    for group in &report.duplicates {
        let Some(&first) = article_pos.get(&group.first) else {
            continue;
        };
        let original = outlet[first].as_str();
        for id in &group.articles {
            let Some(&a) = article_pos.get(id) else {
                continue;
            };
            let copier = outlet[a].as_str();
            if a == first || copier == original {
                continue;
            }
            *copies_from
                .entry(copier)
                .or_default()
                .entry(original.to_string())
                .or_default() += 1;
            *copied_by
                .entry(original)
                .or_default()
                .entry(copier.to_string())
                .or_default() += 1;
        }
    }
    let mut parts: Vec<OutletParts> = articles_of
        .into_iter()
        .map(|(name, articles)| {
            let mut per_story: HashMap<usize, usize> = HashMap::new();
            for &a in &articles {
                for &s in &stories_of_article[a] {
                    *per_story.entry(s).or_default() += 1;
                }
            }
            let mut stories: Vec<(usize, usize)> = per_story.into_iter().collect();
            stories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let days: Vec<NaiveDate> = articles
                .iter()
                .filter_map(|&a| published_day(report.articles[a].published.as_deref()))
                .collect();
            OutletParts {
                name: name.to_string(),
                stories,
                copies_from: ranked_counts(copies_from.remove(name).unwrap_or_default()),
                copied_by: ranked_counts(copied_by.remove(name).unwrap_or_default()),
                first_published: days.iter().min().copied(),
                last_published: days.iter().max().copied(),
                articles,
            }
        })
        .collect();
    parts.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    parts
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
    /// How many quotes the speaker has in the story (`quotes` may list fewer).
    pub n_quotes: usize,
    pub quotes: Vec<QuoteView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ComparisonView<'a> {
    pub what: &'a str,
    /// Each claim with the outlet behind it (at most [`COMPARISON_CLAIMS`]).
    pub claims: Vec<CiteView<'a>>,
    /// How many claims the comparison has.
    pub n_claims: usize,
    /// The outlets behind the claims listed (or the first [`COMPARISON_CLAIMS`]).
    pub outlets: Vec<&'a str>,
    /// How many outlets the comparison names.
    pub n_outlets: usize,
    /// The independent sources behind the claims (copies and wire credit count once).
    pub reported_by: Vec<GroupView<'a>>,
    /// True when one source stands behind every claim.
    pub single_sourced: bool,
    /// How strong the comparison is (conflicts are listed strongest first).
    pub confidence: f32,
    /// Why the claims were compared: matched phrase, reason, sides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<ExplanationView<'a>>,
}

/// A comparison's [`storyline_model::Explanation`] as views show it: at most
/// [`COMPARISON_SIDES`] sides of at most [`SIDE_ITEMS`] articles, outlets and dates.
#[derive(Debug, Serialize)]
pub(crate) struct ExplanationView<'a> {
    pub kind: ComparisonKind,
    pub matched: &'a str,
    pub reason: &'a str,
    pub sides: Vec<SideView<'a>>,
    /// How many sides the comparison has.
    pub n_sides: usize,
}

/// One side of a comparison as views show it.
#[derive(Debug, Serialize)]
pub(crate) struct SideView<'a> {
    pub claim: &'a str,
    /// Its articles: those of the comparison's listed claims first.
    pub articles: Vec<&'a str>,
    /// How many articles are on this side.
    pub n_articles: usize,
    pub outlets: &'a [String],
    pub dates: &'a [NaiveDate],
}

/// The claims of `c` a view lists (positions, in order): all of them up to
/// `n_claims`; past that, as many from each of its first `n_sides` sides,
/// so every side listed shows its claims, then the first others.
fn chosen_claims(c: &ComparisonRecord, n_claims: usize, n_sides: usize) -> Vec<usize> {
    if c.claims.len() <= n_claims {
        return (0..c.claims.len()).collect();
    }
    let sides: Vec<BTreeSet<&str>> = c
        .why
        .iter()
        .flat_map(|why| why.sides.iter().take(n_sides))
        .map(|side| side.articles.iter().map(String::as_str).collect())
        .collect();
    if sides.is_empty() {
        return (0..n_claims).collect();
    }
    let per_side = (n_claims / sides.len()).max(1);
    let mut chosen = BTreeSet::new();
    for side in &sides {
        chosen.extend(
            c.claims
                .iter()
                .enumerate()
                .filter(|(_, claim)| side.contains(claim.article.as_str()))
                .map(|(i, _)| i)
                .take(per_side),
        );
    }
    // Fill up to the bound with the first claims not taken.
    let room = n_claims.saturating_sub(chosen.len());
    let rest: Vec<usize> = (0..c.claims.len())
        .filter(|i| !chosen.contains(i))
        .take(room)
        .collect();
    chosen.extend(rest);
    chosen.into_iter().collect()
}

#[derive(Debug, Serialize)]
pub(crate) struct TimelineView<'a> {
    pub date: Period,
    pub text: &'a str,
    /// The one or two sentences `text` is made of, cited, best first.
    pub summary: Vec<CiteView<'a>>,
    /// How much the coverage points at the date.
    pub salience: f32,
    pub background: bool,
    pub story: &'a str,
    /// The articles behind the date (at most [`ENTRY_SOURCES`]).
    pub sources: &'a [String],
    /// How many articles are behind the date.
    pub n_sources: usize,
    /// Sentences naming the date (at most [`ENTRY_CITATIONS`]).
    pub citations: Vec<CiteView<'a>>,
    /// How many sentences name the date.
    pub n_citations: usize,
    /// The independent sources behind `sources`.
    pub reported_by: Vec<GroupView<'a>>,
    /// True when one source stands behind every article.
    pub single_sourced: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    pub id: &'a str,
    pub date: Option<NaiveDate>,
    pub title: &'a str,
    pub stories: Vec<&'a str>,
    pub articles: Vec<ArticleRef<'a>>,
    pub summary: Vec<CiteView<'a>>,
    /// The independent sources behind the event.
    pub reported_by: Vec<GroupView<'a>>,
    /// True when one source stands behind every article.
    pub single_sourced: bool,
    /// How each article came to be in the event, and how sure that is.
    pub assignments: &'a [AssignmentRecord],
}

#[derive(Debug, Serialize)]
pub(crate) struct EventSummary<'a> {
    pub id: &'a str,
    pub date: Option<NaiveDate>,
    pub title: &'a str,
    pub n_articles: usize,
    pub stories: Vec<&'a str>,
    pub lede: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct EventBrief<'a> {
    pub id: &'a str,
    pub date: Option<NaiveDate>,
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
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Its outlets by name (on its page at most [`PAGE_OUTLETS`]).
    pub outlets: &'a [String],
    /// How many outlets published its articles.
    pub n_outlets: usize,
    /// Independent sources behind its events (wire services and first
    /// publishers of reprinted articles count once).
    pub n_sources: usize,
    pub lede: Option<&'a str>,
}

/// A story named on an entity's or an outlet's page.
#[derive(Debug, Serialize)]
pub(crate) struct StoryBrief<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub n_articles: usize,
    pub n_sources: usize,
    /// How many of the entity's mentions, or of the outlet's articles, the story holds.
    pub n_here: usize,
}

/// What an entity's page adds to its listing: its stories and its quotes.
#[derive(Debug, Serialize)]
pub(crate) struct EntityPage<'a> {
    /// Every story whose articles mention it, most mentions first (`n_here`: its mentions there).
    pub stories: Vec<StoryBrief<'a>>,
    /// Keys of the [`ViewKind`](storyline_store::ViewKind)`::Quote` rows of the quotes
    /// attributed to it under its name or an alias, in report order.
    pub quotes: Vec<String>,
}

/// An outlet as listed.
#[derive(Debug, Serialize)]
pub(crate) struct OutletHead<'a> {
    pub name: &'a str,
    pub n_articles: usize,
    pub n_stories: usize,
    /// The day of its earliest and latest dated article.
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
}

/// How many articles one outlet shares with another through near-duplicates.
#[derive(Debug, Serialize)]
pub(crate) struct OutletCount<'a> {
    pub outlet: &'a str,
    pub n_articles: usize,
}

/// What an outlet covers and whom it copies.
#[derive(Debug, Serialize)]
pub(crate) struct OutletPage<'a> {
    pub outlet: OutletHead<'a>,
    /// Its stories, most of its articles first (`n_here`: its articles there); at most [`PAGE_OUTLET_STORIES`].
    pub stories: Vec<StoryBrief<'a>>,
    /// Outlets holding the earliest copy of its near-duplicate articles, with how many of its articles copy each.
    pub copies_from: Vec<OutletCount<'a>>,
    /// Outlets whose near-duplicate articles copy one of its articles first published by it, with how many.
    pub copied_by: Vec<OutletCount<'a>>,
    /// Its most recent articles (at most [`PAGE_OUTLET_ARTICLES`]).
    pub articles: Vec<ArticleRef<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryPage<'a> {
    pub story: StoryHead<'a>,
    /// Articles per period and outlet over all the story's articles, for its chart.
    pub coverage: Option<CoverageView<'a>>,
    pub summary: Vec<CiteView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub timeline: Vec<TimelineView<'a>>,
    pub speakers: Vec<SpeakerView<'a>>,
    pub corroborations: Vec<ComparisonView<'a>>,
    pub conflicts: Vec<ComparisonView<'a>>,
    pub articles: Vec<ArticleRef<'a>>,
    /// The people, organisations and places its articles mention most (at most [`PAGE_ENTITIES`]).
    pub entities: Vec<StoryEntity<'a>>,
    /// How much of each list was left out of this page.
    pub omitted: Omitted,
}

/// A story's coverage over all its articles: dated articles counted per
/// bar (`bin_days` days from `first_day`) and outlet, copies apart.
#[derive(Debug, Serialize)]
pub(crate) struct CoverageView<'a> {
    /// Days each bar counts: 1, 7, or a multiple of 30.
    pub bin_days: i64,
    /// The earliest and latest publication day of its dated articles.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The outlets counted one by one (at most [`COVERAGE_OUTLETS`]), most
    /// articles first, with their articles (dated or not).
    pub outlets: Vec<OutletCount<'a>>,
    /// How many outlets, with how many articles, are counted together as
    /// the last slot of each bar.
    pub n_other_outlets: usize,
    pub n_other_articles: usize,
    /// Articles with no readable publication day (in no bar).
    pub n_undated: usize,
    /// Articles counted as copies (in bars or not).
    pub n_copies: usize,
    /// The bars holding articles, by date.
    pub bars: Vec<CoverageBar>,
}

/// One bar of a [`CoverageView`].
#[derive(Debug, Serialize)]
pub(crate) struct CoverageBar {
    /// Its first day.
    pub start: NaiveDate,
    /// Per slot (the named outlets in order, then the others when there
    /// are any): `[articles that copy none, copies]`.
    pub counts: Vec<[usize; 2]>,
}

/// Days per bar of a coverage series spanning `days` days: 1 while that
/// makes at most [`COVERAGE_BARS`] bars, else 7, else the smallest
/// multiple of 30 that does.
fn coverage_bin(days: i64) -> i64 {
    if days <= COVERAGE_BARS {
        1
    } else if days <= 7 * COVERAGE_BARS {
        7
    } else {
        30 * ((days + 30 * COVERAGE_BARS - 1) / (30 * COVERAGE_BARS))
    }
}

/// An entity as a story page names it.
#[derive(Debug, Serialize)]
pub(crate) struct StoryEntity<'a> {
    pub name: &'a str,
    pub kind: EntityKind,
    pub aliases: &'a [String],
    /// Its mentions in the story's articles.
    pub n_mentions: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryTimeline<'a> {
    pub story: StoryHead<'a>,
    /// From 1.
    pub page: usize,
    /// How many pages the timeline fills (1 when it is empty).
    pub pages: usize,
    /// How many entries the timeline has in all.
    pub n_items: usize,
    pub timeline: Vec<TimelineView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryComparison<'a> {
    pub story: StoryHead<'a>,
    /// From 1.
    pub page: usize,
    /// How many pages the claims fill (1 when there are none).
    pub pages: usize,
    /// How many corroborations and conflicts the story has in all.
    pub n_items: usize,
    pub n_corroborations: usize,
    pub n_conflicts: usize,
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
    /// How many of each list the page left out (paged as [`ArticleItems`]).
    pub omitted: ArticleOmitted,
    pub events: Vec<EventSummary<'a>>,
    pub stories: Vec<StoryHead<'a>>,
    pub copies: Vec<ArticleRef<'a>>,
    /// How many copies the article has (`copies` lists at most [`PAGE_COPIES`]).
    pub n_copies: usize,
}

/// How many items an article page left out of each of its lists.
#[derive(Debug, Default, Serialize)]
pub(crate) struct ArticleOmitted {
    pub quotes: usize,
    pub dates: usize,
    pub quantities: usize,
    pub mentions: usize,
}

/// A list of what was found in an article, paged past [`PAGE_ITEMS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleList {
    /// Its quotes.
    Quotes,
    /// Its time expressions.
    Dates,
    /// Its quantities.
    Quantities,
    /// Its entity mentions.
    Mentions,
}

impl ArticleList {
    /// Every list.
    pub const ALL: [ArticleList; 4] = [
        ArticleList::Quotes,
        ArticleList::Dates,
        ArticleList::Quantities,
        ArticleList::Mentions,
    ];

    /// The name in the API's path and in a [`storyline_store::ViewKind::ArticleItems`] row's tag.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleList::Quotes => "quotes",
            ArticleList::Dates => "dates",
            ArticleList::Quantities => "quantities",
            ArticleList::Mentions => "mentions",
        }
    }

    /// The list named `name`, if any.
    pub fn parse(name: &str) -> Option<ArticleList> {
        ArticleList::ALL.into_iter().find(|l| l.as_str() == name)
    }
}

/// One page of one of an article's lists.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleItems<'a> {
    pub article: &'a str,
    pub list: ArticleList,
    /// From 0; page 0 is what the article page holds.
    pub page: usize,
    pub pages: usize,
    pub items: ArticleItemList<'a>,
}

/// The items of an [`ArticleItems`] page.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum ArticleItemList<'a> {
    Quotes(Vec<&'a QuoteRecord>),
    Dates(Vec<&'a DateRecord>),
    Quantities(Vec<&'a QuantityRecord>),
    Mentions(Vec<MentionView<'a>>),
}

/// A list of a story's page that is paged past what the page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryList {
    /// Its events, most articles first.
    Events,
    /// Its timeline dates, most salient first.
    Timeline,
    /// Claims several outlets agree on.
    Corroborations,
    /// Claims outlets disagree on, strongest first.
    Conflicts,
    /// Its articles.
    Articles,
}

impl StoryList {
    /// Every list.
    pub const ALL: [StoryList; 5] = [
        StoryList::Events,
        StoryList::Timeline,
        StoryList::Corroborations,
        StoryList::Conflicts,
        StoryList::Articles,
    ];

    /// The name in the API's path and in a [`storyline_store::ViewKind::StoryItems`] row's tag.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryList::Events => "events",
            StoryList::Timeline => "timeline",
            StoryList::Corroborations => "corroborations",
            StoryList::Conflicts => "conflicts",
            StoryList::Articles => "articles",
        }
    }

    /// The list named `name`, if any.
    pub fn parse(name: &str) -> Option<StoryList> {
        StoryList::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// Most items the story page itself lists.
    fn on_story_page(self) -> usize {
        match self {
            StoryList::Events => PAGE_EVENTS,
            StoryList::Timeline => PAGE_TIMELINE,
            StoryList::Corroborations | StoryList::Conflicts => PAGE_COMPARISONS,
            StoryList::Articles => PAGE_ARTICLES,
        }
    }
}

/// Which items of each [`StoryList`] of one story go on which page (page 0:
/// the story page), as positions in the report's list of that kind.
pub struct StoryCuts {
    /// Per list (in [`StoryList::ALL`] order), per page, its items.
    pages: [Vec<Vec<usize>>; 5],
}

impl StoryCuts {
    fn of(&self, list: StoryList) -> &[Vec<usize>] {
        &self.pages[list as usize]
    }

    /// The items of `list` on page `page` (none past the last).
    pub fn page(&self, list: StoryList, page: usize) -> &[usize] {
        self.of(list).get(page).map_or(&[], Vec::as_slice)
    }

    /// How many pages `list` fills, the story page included (1 for an empty list).
    pub fn pages(&self, list: StoryList) -> usize {
        self.of(list).len().max(1)
    }

    /// How many items `list` has.
    pub fn n_items(&self, list: StoryList) -> usize {
        self.of(list).iter().map(Vec::len).sum()
    }
}

/// Cuts items of the given JSON sizes, in order, into pages: the first
/// takes at most `first.0` items and `first.1` bytes, each other at most
/// `rest.0` items and `rest.1` bytes; every page takes at least one item,
/// so an item larger than a page's bytes is a page of its own.
fn cut_pages(
    sizes: &[usize],
    first: (usize, usize),
    rest: (usize, usize),
) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    while start < sizes.len() {
        let (max_items, max_bytes) = if pages.is_empty() { first } else { rest };
        let mut end = start;
        let mut bytes = 0;
        while end < sizes.len() && end - start < max_items.max(1) {
            // Items are joined by commas.
            let with = bytes + sizes[end] + 1;
            if end > start && with > max_bytes {
                break;
            }
            bytes = with;
            end += 1;
        }
        pages.push(start..end);
        start = end;
    }
    pages
}

/// Cuts the items of a story's whole timeline or comparison, of the given
/// JSON sizes, into pages of at most [`STORY_ITEMS`] items and
/// [`STORY_ITEMS_BYTES`] (at least one item each; none for no items).
fn whole_pages(sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let page = (STORY_ITEMS, STORY_ITEMS_BYTES);
    cut_pages(sizes, page, page)
}

/// The items on page `page` (from 1) of `cuts`; empty past the last page.
fn page_range(cuts: &[std::ops::Range<usize>], page: usize) -> std::ops::Range<usize> {
    page.checked_sub(1)
        .and_then(|p| cuts.get(p))
        .cloned()
        .unwrap_or(0..0)
}

/// Bytes of `value` as JSON.
pub(crate) fn json_len(value: &impl Serialize) -> usize {
    let mut length = crate::ByteCount(0);
    // Views are plain structs of strings and numbers: serialising them cannot fail.
    match serde_json::to_writer(&mut length, value) {
        Ok(()) => length.0,
        Err(_) => 0,
    }
}

/// One further page of one of a story page's lists.
#[derive(Debug, Serialize)]
pub(crate) struct StoryItems<'a> {
    pub story: &'a str,
    pub list: StoryList,
    /// From 1; page 0 is what the story page holds.
    pub page: usize,
    /// How many pages the list fills, the story page included.
    pub pages: usize,
    /// How many items the list has in all.
    pub n_items: usize,
    pub items: StoryItemList<'a>,
}

/// The items of a [`StoryItems`] page, as the story page shows them.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum StoryItemList<'a> {
    Events(Vec<EventView<'a>>),
    Timeline(Vec<TimelineView<'a>>),
    Comparisons(Vec<ComparisonView<'a>>),
    Articles(Vec<ArticleRef<'a>>),
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

/// How many items a story page left out of each of its lists.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Omitted {
    /// Articles past the first [`PAGE_ARTICLES`].
    pub articles: usize,
    /// Events past the [`PAGE_EVENTS`] with most articles.
    pub events: usize,
    /// Timeline entries past the [`PAGE_TIMELINE`] most salient.
    pub timeline: usize,
    /// Articles of its events past the first [`PAGE_EVENT_ARTICLES`] of each.
    pub event_articles: usize,
    /// Speakers past the first [`PAGE_SPEAKERS`].
    pub speakers: usize,
    /// Entities past the [`PAGE_ENTITIES`] most mentioned.
    pub entities: usize,
    /// Quotes of the speakers listed, past [`PAGE_SPEAKER_QUOTES`] each.
    pub quotes: usize,
    /// Corroborations past the first [`PAGE_COMPARISONS`].
    pub corroborations: usize,
    /// Conflicts past the first [`PAGE_COMPARISONS`].
    pub conflicts: usize,
}

/// An independent source as views show it: at most [`GROUP_COPIES`] of its copies.
#[derive(Debug, Serialize)]
pub(crate) struct GroupView<'a> {
    pub first: &'a str,
    pub outlet: Option<&'a str>,
    pub wire: Option<&'a str>,
    /// Copies of `first` (at most [`GROUP_COPIES`]).
    pub copies: &'a [String],
    /// How many copies the source has.
    pub n_copies: usize,
}

/// At most [`ENTRY_SOURCES`] source groups, each with at most [`GROUP_COPIES`] copies.
fn groups(list: &[SourceGroup]) -> Vec<GroupView<'_>> {
    list.iter()
        .take(ENTRY_SOURCES)
        .map(|g| GroupView {
            first: &g.first,
            outlet: g.outlet.as_deref(),
            wire: g.wire.as_deref(),
            copies: &g.copies[..g.copies.len().min(GROUP_COPIES)],
            n_copies: g.copies.len(),
        })
        .collect()
}

/// How many items a report holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counts {
    pub stories: usize,
    pub events: usize,
    pub articles: usize,
    pub quotes: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_bars_stay_within_their_bound() {
        assert_eq!(coverage_bin(1), 1);
        assert_eq!(coverage_bin(COVERAGE_BARS), 1);
        assert_eq!(coverage_bin(COVERAGE_BARS + 1), 7);
        assert_eq!(coverage_bin(7 * COVERAGE_BARS), 7);
        assert_eq!(coverage_bin(7 * COVERAGE_BARS + 1), 30);
        // A century of dates still makes at most COVERAGE_BARS bars.
        for days in [30 * COVERAGE_BARS, 30 * COVERAGE_BARS + 1, 36_525] {
            let bin = coverage_bin(days);
            assert_eq!(bin % 30, 0);
            assert!((days + bin - 1) / bin <= COVERAGE_BARS, "{days} {bin}");
        }
    }

    #[test]
    fn whole_lists_are_paged_from_one() {
        let sizes = vec![10; STORY_ITEMS * 2 + 1];
        let pages = whole_pages(&sizes);
        assert_eq!(pages.len(), 3);
        assert_eq!(page_range(&pages, 1), 0..STORY_ITEMS);
        assert_eq!(page_range(&pages, 3), 2 * STORY_ITEMS..2 * STORY_ITEMS + 1);
        assert_eq!(page_range(&pages, 0), 0..0);
        assert_eq!(page_range(&pages, 4), 0..0);
        assert!(whole_pages(&[]).is_empty());
        // Bytes cut too: items of 50 KB go two to a page.
        assert_eq!(whole_pages(&[50 * 1024; 5]).len(), 3);
    }

    #[test]
    fn pages_are_cut_by_count_and_bytes() {
        // Counts: 3 on the first page, then 2 a page.
        let pages = cut_pages(&[10; 7], (3, 1000), (2, 1000));
        assert_eq!(pages, [0..3, 3..5, 5..7]);
        // Bytes (each item and its comma): 30 bytes hold two items of 10.
        let pages = cut_pages(&[10, 10, 10, 10, 10], (10, 22), (10, 33));
        assert_eq!(pages, [0..2, 2..5]);
        // An item over the budget is a page of its own, never dropped.
        let pages = cut_pages(&[5, 500, 5], (10, 100), (10, 100));
        assert_eq!(pages, [0..1, 1..2, 2..3]);
        assert!(cut_pages(&[], (3, 100), (3, 100)).is_empty());
    }

    #[test]
    fn a_comparison_of_many_claims_lists_some_from_each_side() {
        use storyline_model::{ComparisonSide, Explanation};
        // 30 claims: articles a0..a29, the first 25 on side "A", the rest on "B".
        let claims: Vec<Citation> = (0..30)
            .map(|i| Citation {
                article: format!("a{i}").into(),
                text: format!("claim {i}").into(),
                start: 0,
                end: 5,
            })
            .collect();
        let side = |claim: &str, range: std::ops::Range<usize>| ComparisonSide {
            claim: claim.to_string(),
            articles: range.map(|i| format!("a{i}")).collect(),
            ..ComparisonSide::default()
        };
        let mut c = ComparisonRecord {
            what: "who said it".into(),
            claims,
            outlets: Vec::new(),
            reported_by: Vec::new(),
            single_sourced: false,
            confidence: 0.8,
            why: Some(Explanation {
                kind: ComparisonKind::default(),
                matched: "it".into(),
                reason: "two speakers".into(),
                sides: vec![side("A", 0..25), side("B", 25..30)],
            }),
        };
        let chosen = chosen_claims(&c, 8, 8);
        // Four from each side, in order.
        assert_eq!(chosen, [0, 1, 2, 3, 25, 26, 27, 28]);
        // Six a side, but side B has only 5: the first not taken fills up.
        assert_eq!(
            chosen_claims(&c, 12, 8),
            [0, 1, 2, 3, 4, 5, 6, 25, 26, 27, 28, 29]
        );
        assert_eq!(chosen_claims(&c, 40, 8).len(), 30);
        c.why = None;
        assert_eq!(chosen_claims(&c, 3, 8), [0, 1, 2]);
    }

    #[test]
    fn words_are_folded_sorted_and_unique() {
        let sorted = sorted_words(["Vučić rejects the Halden Bridge plan", "the BRIDGE"]);
        assert_eq!(
            sorted,
            ["bridge", "halden", "plan", "rejects", "the", "vucic"]
        );
    }
}
