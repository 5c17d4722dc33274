//! The read model: a [`Report`] cut into the answers a server gives, stored
//! with the corpus so a reader fetches one answer with one indexed query.
//!
//! Every writer (`storyline analyze`, `watch`, the coordinator, the server's
//! own write) calls [`publish`] after it stores an analysis. [`publish`]
//! indexes the report once ([`index`]) and hands the store one [`View`] per
//! answer; the store rewrites only rows whose bytes changed and removes the
//! rest, so a small addition to a large corpus writes little. The server
//! (`storyline-serve`) then reads rows: a story page is one row, a page of a
//! list is one `LIMIT`/`OFFSET` query, and nothing the size of the corpus is
//! held in its memory.
//!
//! What each [`ViewKind`] holds and what its filter columns mean:
//!
//! | kind | key | position | terms | tag | owner | lookup |
//! |---|---|---|---|---|---|---|
//! | `Meta` | `""` | 0 | | | | |
//! | `StoryHead`, `StoryPage`, `StoryTimeline`, `StoryComparison`, `StorySummary` | story id | report order | words of the story (head only) | | | |
//! | `EventSummary`, `Event` | event id | report order (by date) | words of the event (summary only) | | | |
//! | `ArticleRef`, `ArticlePage` | article id | report order | | | | |
//! | `Entity` | [`entity_key`] | most mentioned first | name and aliases | kind | | folded name |
//! | `EntityMentions` | entity key `#` chunk | chunk number | | | entity key | |
//! | `Quote` | quote number | report order | quote text and speaker | folded speaker | article id | |
//! | `StoryQuote` | story id `/` quote number | report order | quote text and speaker | folded speaker | story id | article id |
//! | `Diagnostic` | number | report order | | | | |
//!
//! Bodies are the JSON the API documents (`docs/openapi.yaml`); offsets in
//! them are the report's, UTF-8 byte offsets into the article's clean text.

mod index;

use serde::Serialize;
use storyline_model::EntityKind;
use storyline_report::Report;
use storyline_store::{search_terms, Store, StoreError, View, ViewKind, ViewsWritten};

pub use index::words as search_words;
use index::Index;

/// Mentions per [`ViewKind::EntityMentions`] row.
pub const MENTIONS_PER_CHUNK: usize = 200;

/// The key of an entity's [`ViewKind::Entity`] row and owner of its mention chunks.
pub fn entity_key(kind: EntityKind, name: &str) -> String {
    format!("{}:{name}", kind_name(kind))
}

/// The name of an entity kind as the API spells it (`person`, `organisation`, …).
pub fn kind_name(kind: EntityKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}").to_lowercase(),
    }
}

/// Folds a speaker's name the way [`ViewKind::Quote`] rows are tagged.
pub fn speaker_tag(speaker: &str) -> String {
    storyline_annotate::entities::fold(speaker)
}

/// The counts a [`ViewKind::Meta`] row holds.
#[derive(Debug, Serialize)]
struct MetaView<'a> {
    generator: &'a str,
    schema_version: u32,
    n_articles: usize,
    n_events: usize,
    n_stories: usize,
    n_quotes: usize,
    n_entities: usize,
    n_diagnostics: usize,
}

/// The [`ViewKind::Meta`] body of `report`: its counts.
pub fn meta_json(report: &Report) -> String {
    let meta = &report.meta;
    let body = MetaView {
        generator: &meta.generator,
        schema_version: meta.schema_version,
        n_articles: meta.n_articles,
        n_events: meta.n_events,
        n_stories: meta.n_stories,
        n_quotes: meta.n_quotes,
        n_entities: report.entities.len(),
        n_diagnostics: meta.n_diagnostics,
    };
    serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_string())
}

/// Stores the read model of `report` in place of the one stored, in one
/// transaction, and says how many rows were written, kept and removed.
pub fn publish(store: &mut Store, report: &Report) -> Result<ViewsWritten, StoreError> {
    let index = Index::new(report);
    store.put_views(views(&index))
}

/// Every view of an indexed report, made one at a time as the store takes them.
fn views<'i>(index: &'i Index<'i>) -> impl Iterator<Item = View> + 'i {
    let report = index.report;
    let counts = index.counts();
    let meta = std::iter::once_with(move || View {
        body: meta_json(report),
        ..view(ViewKind::Meta, String::new(), 0, &())
    });
    let stories = (0..counts.stories).flat_map(move |s| {
        let id = &report.stories[s].id;
        let mut head = view(ViewKind::StoryHead, id.clone(), s, &index.story_listed(s));
        head.terms = terms(index.story_words(s));
        [
            head,
            view(ViewKind::StoryPage, id.clone(), s, &index.story_page(s)),
            view(ViewKind::StoryTimeline, id.clone(), s, &index.timeline(s)),
            view(
                ViewKind::StoryComparison,
                id.clone(),
                s,
                &index.comparison(s),
            ),
            view(ViewKind::StorySummary, id.clone(), s, &index.summary(s)),
        ]
    });
    let story_quotes = (0..counts.stories).flat_map(move |s| {
        let story = &report.stories[s].id;
        index.story_quotes(s).iter().map(move |&q| {
            let mut row = quote_view(index, q, format!("{story}/{q}"));
            row.kind = ViewKind::StoryQuote;
            row.lookup = row.owner.take();
            row.owner = Some(story.clone());
            row
        })
    });
    let events = (0..counts.events).flat_map(move |e| {
        let id = &report.events[e].id;
        let mut listed = view(
            ViewKind::EventSummary,
            id.clone(),
            e,
            &index.event_listed(e),
        );
        listed.terms = terms(index.event_words(e));
        [
            listed,
            view(ViewKind::Event, id.clone(), e, &index.event_page(e)),
        ]
    });
    let articles = (0..counts.articles).flat_map(move |a| {
        let id = &report.articles[a].id;
        [
            view(
                ViewKind::ArticleRef,
                id.clone(),
                a,
                &index.article_listed(a),
            ),
            view(ViewKind::ArticlePage, id.clone(), a, &index.article_page(a)),
        ]
    });
    let entities = index
        .entities_ranked()
        .into_iter()
        .enumerate()
        .flat_map(move |(rank, e)| {
            let entity = &report.entities[e];
            let key = entity_key(entity.kind, &entity.name);
            let mut listed = view(
                ViewKind::Entity,
                key.clone(),
                rank,
                &index.entity_summary(e),
            );
            listed.terms = terms(index.entity_words(e));
            listed.tag = Some(kind_name(entity.kind));
            listed.lookup = Some(storyline_annotate::entities::fold(&entity.name));
            let mentions = index.entity_mentions(e);
            let chunks: Vec<View> = mentions
                .chunks(MENTIONS_PER_CHUNK)
                .enumerate()
                .map(|(chunk, cites)| {
                    let mut row = view(
                        ViewKind::EntityMentions,
                        format!("{key}#{chunk}"),
                        chunk,
                        &cites,
                    );
                    row.owner = Some(key.clone());
                    row
                })
                .collect();
            std::iter::once(listed).chain(chunks)
        });
    let quotes = (0..counts.quotes).map(move |q| quote_view(index, q, q.to_string()));
    let diagnostics = report
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, diagnostic)| view(ViewKind::Diagnostic, i.to_string(), i, diagnostic));
    meta.chain(stories)
        .chain(story_quotes)
        .chain(events)
        .chain(articles)
        .chain(entities)
        .chain(quotes)
        .chain(diagnostics)
}

/// A [`ViewKind::Quote`] row for quote `q`.
fn quote_view(index: &Index<'_>, q: usize, key: String) -> View {
    let quote = &index.report.quotes[q];
    let mut row = view(ViewKind::Quote, key, q, &index.quote_view(q));
    let speaker = quote.speaker.as_deref().unwrap_or("");
    row.terms = search_terms(
        index::words(&quote.text)
            .chain(index::words(speaker))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    row.tag = quote.speaker.as_deref().map(speaker_tag);
    row.owner = Some(quote.article.clone());
    row
}

fn terms(words: &[String]) -> String {
    search_terms(words.iter().map(String::as_str))
}

/// A row with no filter columns set.
fn view(kind: ViewKind, key: String, position: usize, body: &impl Serialize) -> View {
    View {
        kind,
        key,
        position: i64::try_from(position).unwrap_or(i64::MAX),
        terms: String::new(),
        tag: None,
        owner: None,
        lookup: None,
        // The views are plain structs of strings and numbers: serialising
        // them cannot fail.
        body: serde_json::to_string(body).unwrap_or_else(|_| "null".to_string()),
    }
}
