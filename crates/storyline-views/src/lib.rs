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
//! | `ArticleRef` | article id | report order | | outlet name | | |
//! | `ArticlePage` | article id | report order | | | | |
//! | `ArticleItems` | [`article_items_key`] | page number (from 1) | | list name | article id | |
//! | `Entity` | [`entity_key`] | most mentioned first | name and aliases | kind | | folded name |
//! | `EntityMentions` | entity key `#` chunk | chunk number | | | entity key | |
//! | `EntityPage` | entity key | as `Entity` | | | | |
//! | `OutletHead`, `OutletPage` | outlet name | most articles first | name (head only) | | | folded name (head only) |
//! | `Quote` | quote number | report order | quote text and speaker | folded speaker | article id | |
//! | `StoryQuote` | story id `/` quote number | report order | quote text and speaker | folded speaker | story id | article id |
//! | `Diagnostic` | number | report order | | | | |
//!
//! Bodies are the JSON the API documents (`docs/openapi.yaml`); offsets in
//! them are the report's, UTF-8 byte offsets into the article's clean text.

mod index;

use serde::Serialize;
use storyline_model::{CorpusAnalysis, Diagnostic, Doc, EntityKind};
use storyline_report::Report;
use storyline_store::{search_terms, Store, StoreError, View, ViewKind, ViewsWritten};

pub use index::words as search_words;
use index::Index;
pub use index::{ArticleList, StoryList, PAGE_ITEMS};

/// The version of the read model's layout, stored in the [`ViewKind::Meta`]
/// row: a reader finding an older one (or none) has the views published
/// again ([`views_are_current`]). 2: story pages cut by bytes, their lists
/// paged as [`ViewKind::StoryItems`]; 3: comparisons on them list at most
/// 20 claims, 8 sides; 4: story timelines and comparisons paged
/// ([`story_part_key`]).
pub const VIEWS_VERSION: u32 = 4;

/// Whether the stored views were published by this layout ([`VIEWS_VERSION`]).
pub fn views_are_current(store: &Store) -> Result<bool, StoreError> {
    #[derive(serde::Deserialize)]
    struct Version {
        #[serde(default)]
        views_version: u32,
    }
    Ok(store
        .view(ViewKind::Meta, "")?
        .and_then(|body| serde_json::from_str::<Version>(&body).ok())
        .is_some_and(|v| v.views_version >= VIEWS_VERSION))
}

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
    storyline_annotate::fold(speaker)
}

/// The counts a [`ViewKind::Meta`] row holds.
#[derive(Debug, Serialize)]
struct MetaView<'a> {
    generator: &'a str,
    schema_version: u32,
    views_version: u32,
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
        views_version: VIEWS_VERSION,
        n_articles: meta.n_articles,
        n_events: meta.n_events,
        n_stories: meta.n_stories,
        n_quotes: meta.n_quotes,
        n_entities: report.entities.len(),
        n_diagnostics: meta.n_diagnostics,
    };
    serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_string())
}

/// Builds the report of `docs` and `analysis` (taken by value, and freed as
/// the report is built: [`Report::build_owned`]) and stores its read model
/// ([`publish`]); returns the report. What every writer does after storing
/// an analysis.
pub fn publish_docs(
    store: &mut Store,
    docs: Vec<Doc>,
    analysis: CorpusAnalysis,
    diagnostics: &[Diagnostic],
) -> Result<Report, StoreError> {
    let report = Report::build_owned(docs, analysis, diagnostics);
    publish(store, &report)?;
    Ok(report)
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
        let cuts = index.story_cuts(s);
        let page = view(
            ViewKind::StoryPage,
            id.clone(),
            s,
            &index.story_page(s, &cuts),
        );
        let further: Vec<View> = StoryList::ALL
            .into_iter()
            .flat_map(|list| {
                let cuts = &cuts;
                (1..cuts.pages(list)).map(move |p| {
                    let mut row = view(
                        ViewKind::StoryItems,
                        story_items_key(id, list, p),
                        p,
                        &index.story_list_page(s, cuts, list, p),
                    );
                    row.owner = Some(id.clone());
                    row.tag = Some(list.as_str().to_string());
                    row
                })
            })
            .collect();
        let timeline = index.timeline_cuts(s);
        let comparison = index.comparison_cuts(s);
        let wholes: Vec<View> = (1..=timeline.len().max(1))
            .map(|p| {
                let body = index.timeline(s, &timeline, p);
                story_part(ViewKind::StoryTimeline, id, s, p, &body)
            })
            .chain((1..=comparison.len().max(1)).map(|p| {
                let body = index.comparison(s, &comparison, p);
                story_part(ViewKind::StoryComparison, id, s, p, &body)
            }))
            .collect();
        [
            head,
            page,
            view(ViewKind::StorySummary, id.clone(), s, &index.summary(s)),
        ]
        .into_iter()
        .chain(wholes)
        .chain(further)
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
        let listed = index.article_listed(a);
        let mut row = view(ViewKind::ArticleRef, id.clone(), a, &listed);
        row.tag = Some(listed.outlet.to_string());
        [
            row,
            view(ViewKind::ArticlePage, id.clone(), a, &index.article_page(a)),
        ]
        .into_iter()
        .chain(article_overflow(index, a))
    });
    let outlets = (0..index.outlets().len()).flat_map(move |o| {
        let name = &index.outlets()[o].name;
        let mut head = view(ViewKind::OutletHead, name.clone(), o, &index.outlet_head(o));
        head.terms = search_terms(
            index::words(name)
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        );
        head.lookup = Some(storyline_annotate::fold(name));
        [
            head,
            view(ViewKind::OutletPage, name.clone(), o, &index.outlet_page(o)),
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
            listed.lookup = Some(storyline_annotate::fold(&entity.name));
            let page = view(
                ViewKind::EntityPage,
                key.clone(),
                rank,
                &index.entity_page(e),
            );
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
            [listed, page].into_iter().chain(chunks)
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
        .chain(outlets)
        .chain(entities)
        .chain(quotes)
        .chain(diagnostics)
}

/// The [`ViewKind::ArticleItems`] rows of article `a`: every page past the
/// first of each list that does not fit on its page (usually none).
fn article_overflow<'i>(index: &'i Index<'i>, a: usize) -> impl Iterator<Item = View> + 'i {
    let id = &index.report.articles[a].id;
    ArticleList::ALL.into_iter().flat_map(move |list| {
        (1..index.article_list_pages(a, list)).map(move |page| {
            let mut row = view(
                ViewKind::ArticleItems,
                article_items_key(id, list, page),
                page,
                &index.article_list_page(a, list, page),
            );
            row.owner = Some(id.clone());
            row.tag = Some(list.as_str().to_string());
            row
        })
    })
}

/// The key of page `page` of article `article`'s `list` ([`ViewKind::ArticleItems`]).
pub fn article_items_key(article: &str, list: ArticleList, page: usize) -> String {
    format!("{article}/{}/{page}", list.as_str())
}

/// The key of page `page` (from 2; page 1 is keyed by the story's id) of
/// story `story`'s whole timeline ([`ViewKind::StoryTimeline`]) or
/// comparison ([`ViewKind::StoryComparison`]).
pub fn story_part_key(story: &str, page: usize) -> String {
    format!("{story}/page/{page}")
}

/// The key of page `page` of story `story`'s `list` ([`ViewKind::StoryItems`]).
pub fn story_items_key(story: &str, list: StoryList, page: usize) -> String {
    format!("{story}/{}/{page}", list.as_str())
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
    row.owner = Some(quote.article.to_string());
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
        body: json_exact(body),
    }
}

/// Page `page` (from 1) of story `story`'s whole timeline or comparison
/// (`kind`; the story at position `s`): page 1 keyed by the story's id, the
/// rest by [`story_part_key`] and owned by the story.
fn story_part(kind: ViewKind, story: &str, s: usize, page: usize, body: &impl Serialize) -> View {
    if page == 1 {
        return view(kind, story.to_string(), s, body);
    }
    let mut row = view(kind, story_part_key(story, page), page, body);
    row.owner = Some(story.to_string());
    row
}

/// `body` as JSON in a string of exactly its length: measured first, so a
/// large view (an article's page is several times its text) is not copied
/// from buffer to doubled buffer while it grows.
fn json_exact(body: &impl serde::Serialize) -> String {
    let mut length = ByteCount(0);
    // The views are plain structs of strings and numbers: serialising them
    // cannot fail.
    if serde_json::to_writer(&mut length, body).is_err() {
        return "null".to_string();
    }
    let mut bytes = Vec::with_capacity(length.0);
    if serde_json::to_writer(&mut bytes, body).is_err() {
        return "null".to_string();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).unwrap_or_else(|_| "null".to_string())
}

/// A writer that only counts the bytes it is given.
pub(crate) struct ByteCount(pub(crate) usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{ContentKind, Hints, RawDocument};
    use storyline_store::ViewFilter;

    fn raw(name: &str, outlet: &str, text: &str) -> RawDocument {
        RawDocument {
            source: format!("{name}.txt"),
            kind: ContentKind::Text,
            content: text.to_string(),
            hints: Hints {
                published: "2025-03-10".parse().ok(),
                outlet: Some(outlet.to_string()),
                ..Hints::default()
            },
        }
    }

    /// `raws` through the whole pipeline into an in-memory store, and its report.
    fn analysed(raws: &[RawDocument]) -> (Store, Report) {
        let (processed, problems) =
            storyline_pipeline::process_batch(raws.to_vec(), |_, _| {}, || {});
        assert!(problems.is_empty(), "{problems:?}");
        let mut store = Store::open_in_memory().unwrap();
        storyline_pipeline::store(&mut store, &processed).unwrap();
        let mut analysed =
            storyline_pipeline::analyse_store(&mut store, storyline_pipeline::Mode::Rebuild)
                .unwrap();
        let docs = analysed.take_docs(&store).unwrap();
        let report = Report::build(&docs, &analysed.analysis, &[]);
        (store, report)
    }

    #[test]
    fn an_article_page_lists_a_page_of_each_list_and_the_rest_are_paged() {
        // 1,500 sentences naming two people: 3,000 mentions.
        let text = "Anna Lind met Tomas Ferrin at the harbour. ".repeat(1500);
        let (mut store, report) = analysed(&[raw("long", "Harbour Times", &text)]);
        publish(&mut store, &report).unwrap();
        let id = &report.articles[0].id;
        let page: serde_json::Value =
            serde_json::from_str(&store.view(ViewKind::ArticlePage, id).unwrap().unwrap()).unwrap();
        let n_mentions = report
            .entities
            .iter()
            .map(|e| e.mentions.len())
            .sum::<usize>();
        assert!(n_mentions > 2 * PAGE_ITEMS, "{n_mentions}");
        assert_eq!(page["mentions"].as_array().unwrap().len(), PAGE_ITEMS);
        assert_eq!(page["omitted"]["mentions"], n_mentions - PAGE_ITEMS);
        assert_eq!(page["omitted"]["quotes"], 0);
        let pages: Vec<serde_json::Value> = (1..n_mentions.div_ceil(PAGE_ITEMS))
            .map(|p| {
                let key = article_items_key(id, ArticleList::Mentions, p);
                let body = store.view(ViewKind::ArticleItems, &key).unwrap().unwrap();
                serde_json::from_str(&body).unwrap()
            })
            .collect();
        let paged: usize = pages
            .iter()
            .map(|p| p["items"].as_array().unwrap().len())
            .sum();
        assert_eq!(PAGE_ITEMS + paged, n_mentions);
        assert_eq!(pages[0]["pages"], n_mentions.div_ceil(PAGE_ITEMS));
        // The pages continue where the article page stops, in text order.
        let last_on_page = page["mentions"][PAGE_ITEMS - 1]["start"].as_u64().unwrap();
        assert!(pages[0]["items"][0]["start"].as_u64().unwrap() >= last_on_page);
        // Lists that fit have no further pages.
        let dates_filter = ViewFilter {
            owner: Some(id),
            tag: Some("dates"),
            ..ViewFilter::all(ViewKind::ArticleItems)
        };
        assert_eq!(store.count_views(&dates_filter).unwrap(), 0);
    }

    /// A small corpus through the whole pipeline into an in-memory store.
    fn analysed_store() -> (Store, Report) {
        let raws = [
            raw("a", "Harbour Times", "Port strike halts Saltmere\n\nDock workers at the port of Saltmere walked off the job on Monday. \"We will stay out until the levy goes,\" union leader Tomas Ferrin said. About 3,000 workers joined the strike."),
            raw("b", "Coast Daily", "Saltmere dockers strike over levy\n\nThousands of dock workers in Saltmere struck on Monday over the transit levy. Tomas Ferrin, the union leader, said: \"We will stay out until the levy goes.\" Some 3,000 joined."),
            raw("c", "Valley Post", "Festival opens in Merhaven\n\nThe Merhaven music festival opened on Friday with forty bands. \"It is our biggest year,\" organiser Ana Reyes said."),
        ];
        analysed(&raws)
    }

    #[test]
    fn every_story_event_article_and_quote_gets_its_rows() {
        let (mut store, report) = analysed_store();
        let written = publish(&mut store, &report).unwrap();
        assert_eq!(written.unchanged, 0);
        let count = |kind| store.count_views(&ViewFilter::all(kind)).unwrap();
        assert_eq!(count(ViewKind::StoryHead), report.stories.len());
        assert_eq!(count(ViewKind::StoryPage), report.stories.len());
        assert_eq!(count(ViewKind::Event), report.events.len());
        assert_eq!(count(ViewKind::ArticlePage), 3);
        assert_eq!(count(ViewKind::Quote), report.quotes.len());
        assert_eq!(count(ViewKind::Entity), report.entities.len());
        assert!(!report.quotes.is_empty() && !report.stories.is_empty());

        // Each story page is the one its id names, and lists its articles.
        for story in &report.stories {
            let page: serde_json::Value =
                serde_json::from_str(&store.view(ViewKind::StoryPage, &story.id).unwrap().unwrap())
                    .unwrap();
            assert_eq!(page["story"]["id"], story.id.as_str());
            assert!(!page["articles"].as_array().unwrap().is_empty());
        }

        // Publishing the same report again rewrites nothing.
        let again = publish(&mut store, &report).unwrap();
        assert_eq!((again.written, again.deleted), (0, 0));
        assert_eq!(again.unchanged, written.written);
    }

    fn body(store: &Store, kind: ViewKind, key: &str) -> serde_json::Value {
        let text = store
            .view(kind, key)
            .unwrap()
            .unwrap_or_else(|| panic!("{key}"));
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn outlet_pages_say_what_each_covers_and_who_copies_whom() {
        let strike = "Port strike halts Saltmere\n\nDock workers at the port of Saltmere walked off the job on Monday over the transit levy. \"We will stay out until the levy goes,\" union leader Tomas Ferrin said. About 3,000 workers joined the strike, and the harbour master said ships were waiting at anchor outside the breakwater. Freight companies warned that perishable cargo would spoil within days if the cranes stayed idle, and the regional council called an emergency meeting for Tuesday morning. Talks between the union and the port authority broke down last week after the authority refused to suspend the levy while a review of its costs was carried out.";
        let mut first = raw("a", "Harbour Times", strike);
        first.hints.published = "2025-03-10".parse().ok();
        let reprint = format!("{strike} This report first appeared in the Harbour Times.");
        let mut copy = raw("b", "Coast Daily", &reprint);
        copy.hints.published = "2025-03-11".parse().ok();
        let mut own = raw("c", "Coast Daily", "Festival opens in Merhaven\n\nThe Merhaven music festival opened on Friday with forty bands. \"It is our biggest year,\" organiser Ana Reyes said.");
        own.hints.published = "2025-03-14".parse().ok();
        let (mut store, report) = analysed(&[first, copy, own]);
        assert_eq!(report.duplicates.len(), 1, "{:?}", report.duplicates);
        publish(&mut store, &report).unwrap();

        let heads = store
            .list_views(&ViewFilter::all(ViewKind::OutletHead), 0, 10)
            .unwrap();
        let heads: Vec<serde_json::Value> = heads
            .iter()
            .map(|h| serde_json::from_str(h).unwrap())
            .collect();
        // Most articles first.
        assert_eq!(heads[0]["name"], "Coast Daily");
        assert_eq!(heads[0]["n_articles"], 2);
        assert_eq!(heads[0]["first_published"], "2025-03-11");
        assert_eq!(heads[0]["last_published"], "2025-03-14");
        assert_eq!(heads[1]["name"], "Harbour Times");

        let coast = body(&store, ViewKind::OutletPage, "Coast Daily");
        assert_eq!(
            coast["copies_from"],
            serde_json::json!([{"outlet": "Harbour Times", "n_articles": 1}])
        );
        assert_eq!(coast["copied_by"], serde_json::json!([]));
        let harbour = body(&store, ViewKind::OutletPage, "Harbour Times");
        assert_eq!(
            harbour["copied_by"],
            serde_json::json!([{"outlet": "Coast Daily", "n_articles": 1}])
        );
        // Each story it covers, with how many of its articles are there.
        let stories = coast["stories"].as_array().unwrap();
        let here: u64 = stories.iter().map(|s| s["n_here"].as_u64().unwrap()).sum();
        assert_eq!(here, 2, "{stories:?}");
        assert_eq!(
            coast["articles"][0]["id"],
            report
                .articles
                .iter()
                .find(|a| a.source == "c.txt")
                .unwrap()
                .id
                .as_str()
        );

        // Articles are found by outlet with one indexed query.
        let by_outlet = ViewFilter {
            tag: Some("Coast Daily"),
            ..ViewFilter::all(ViewKind::ArticleRef)
        };
        assert_eq!(store.count_views(&by_outlet).unwrap(), 2);
        // The strike story's two articles are one independent source.
        let strike_story = report
            .stories
            .iter()
            .find(|s| s.title.contains("Saltmere") || s.title.contains("strike"))
            .expect("a strike story");
        let head = body(&store, ViewKind::StoryHead, &strike_story.id);
        assert_eq!(
            (head["n_articles"].as_u64(), head["n_sources"].as_u64()),
            (Some(2), Some(1)),
            "{head}"
        );
    }

    #[test]
    fn an_entity_page_lists_its_stories_and_quotes() {
        let (mut store, report) = analysed_store();
        publish(&mut store, &report).unwrap();
        let ferrin = report
            .entities
            .iter()
            .find(|e| e.name.contains("Ferrin"))
            .expect("Tomas Ferrin is an entity");
        let page = body(
            &store,
            ViewKind::EntityPage,
            &entity_key(ferrin.kind, &ferrin.name),
        );
        let stories: Vec<&str> = page["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = report
            .stories
            .iter()
            .filter(|s| {
                s.events.iter().any(|e| {
                    let event = report.events.iter().find(|x| &x.id == e).unwrap();
                    event
                        .articles
                        .iter()
                        .any(|a| ferrin.mentions.iter().any(|m| m.article == *a))
                })
            })
            .map(|s| s.id.as_str())
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(stories, expected);
        let quoted = report
            .quotes
            .iter()
            .filter(|q| q.speaker.as_deref() == Some(ferrin.name.as_str()))
            .count();
        assert!(quoted > 0);
        assert_eq!(page["quotes"].as_array().unwrap().len(), quoted);
        for key in page["quotes"].as_array().unwrap() {
            let quote = body(&store, ViewKind::Quote, key.as_str().unwrap());
            assert_eq!(quote["speaker"], ferrin.name.as_str());
        }
        // The story page names it among its entities, with its mentions there.
        let story = body(&store, ViewKind::StoryPage, expected[0]);
        let named = story["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == ferrin.name.as_str())
            .expect("the story page names Ferrin");
        assert!(named["n_mentions"].as_u64().unwrap() >= 1);
    }

    #[test]
    fn a_story_page_cuts_long_lists_and_counts_what_it_left_out() {
        let raws: Vec<RawDocument> = (0..130)
            .map(|i| {
                raw(
                    &format!("s{i:03}"),
                    &format!("Outlet {i}"),
                    &format!("Saltmere port strike, day report {i}\n\nDock workers at the port of Saltmere stayed off the job on Monday in the strike over the transit levy. \"We will stay out until the levy goes,\" union leader Tomas Ferrin said. Reporter {i} counted pickets at gate {i}."),
                )
            })
            .collect();
        let (mut store, report) = analysed(&raws);
        publish(&mut store, &report).unwrap();
        let heads = store
            .list_views(
                &storyline_store::ViewFilter::all(ViewKind::StoryHead),
                0,
                10,
            )
            .unwrap();
        let head: serde_json::Value = serde_json::from_str(&heads[0]).unwrap();
        let n_articles = head["n_articles"].as_u64().unwrap() as usize;
        assert!(n_articles > index::PAGE_ARTICLES, "{head}");
        let page: serde_json::Value = serde_json::from_str(
            &store
                .view(ViewKind::StoryPage, head["id"].as_str().unwrap())
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            page["articles"].as_array().unwrap().len(),
            index::PAGE_ARTICLES
        );
        assert_eq!(
            page["omitted"]["articles"],
            n_articles - index::PAGE_ARTICLES
        );
        let ferrin = &page["speakers"][0];
        assert!(ferrin["n_quotes"].as_u64().unwrap() as usize > index::PAGE_SPEAKER_QUOTES);
        assert_eq!(
            ferrin["quotes"].as_array().unwrap().len(),
            index::PAGE_SPEAKER_QUOTES
        );
        for event in page["events"].as_array().unwrap() {
            assert!(event["articles"].as_array().unwrap().len() <= index::PAGE_EVENT_ARTICLES);
        }

        // The articles left out are paged: together with the story page's
        // own they are every article of the story, each once.
        let id = head["id"].as_str().unwrap();
        let mut seen: Vec<String> = page["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        let first = body(
            &store,
            ViewKind::StoryItems,
            &story_items_key(id, StoryList::Articles, 1),
        );
        assert_eq!(first["n_items"], n_articles);
        assert_eq!(first["list"], "articles");
        let pages = first["pages"].as_u64().unwrap() as usize;
        assert!(pages >= 2, "{pages}");
        for p in 1..pages {
            let items = body(
                &store,
                ViewKind::StoryItems,
                &story_items_key(id, StoryList::Articles, p),
            );
            assert_eq!(items["page"], p);
            for article in items["items"].as_array().unwrap() {
                seen.push(article["id"].as_str().unwrap().to_string());
            }
        }
        assert!(store
            .view(
                ViewKind::StoryItems,
                &story_items_key(id, StoryList::Articles, pages)
            )
            .unwrap()
            .is_none());
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (n_articles, n_articles));
        // A list that fits on the story page has no further page.
        if page["omitted"]["conflicts"] == 0 {
            let filter = ViewFilter {
                owner: Some(id),
                tag: Some("conflicts"),
                ..ViewFilter::all(ViewKind::StoryItems)
            };
            assert_eq!(store.count_views(&filter).unwrap(), 0);
        }
        // The page says which layout it was published by.
        assert!(views_are_current(&store).unwrap());

        // Its coverage series counts every article, not only those listed:
        // seven outlets by name, the rest together, all on one day.
        let coverage = &page["coverage"];
        assert_eq!(coverage["bin_days"], 1);
        assert_eq!(coverage["outlets"].as_array().unwrap().len(), 7);
        let n_outlets = head["n_outlets"].as_u64().unwrap();
        assert_eq!(coverage["n_other_outlets"], n_outlets - 7);
        let bars = coverage["bars"].as_array().unwrap();
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0]["start"], "2025-03-10");
        let counted: u64 = bars[0]["counts"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|slot| slot.as_array().unwrap())
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(counted, n_articles as u64);
        assert_eq!(coverage["n_undated"], 0);

        // The whole timeline and comparison are paged: page 1 under the
        // story's id, the rest under `story_part_key`, every item once.
        for kind in [ViewKind::StoryTimeline, ViewKind::StoryComparison] {
            let first = body(&store, kind, id);
            assert_eq!(first["page"], 1);
            let pages = first["pages"].as_u64().unwrap() as usize;
            let mut n = 0;
            for p in 1..=pages {
                let key = if p == 1 {
                    id.to_string()
                } else {
                    story_part_key(id, p)
                };
                let part = body(&store, kind, &key);
                assert_eq!(
                    (part["page"].as_u64(), part["pages"].as_u64()),
                    (Some(p as u64), Some(pages as u64))
                );
                n += ["timeline", "corroborations", "conflicts"]
                    .iter()
                    .filter_map(|list| part[*list].as_array())
                    .map(Vec::len)
                    .sum::<usize>();
            }
            assert_eq!(first["n_items"], n);
            assert!(store
                .view(kind, &story_part_key(id, pages + 1))
                .unwrap()
                .is_none());
        }
        let comparison = body(&store, ViewKind::StoryComparison, id);
        assert_eq!(
            comparison["n_items"],
            comparison["n_corroborations"].as_u64().unwrap()
                + comparison["n_conflicts"].as_u64().unwrap()
        );
    }

    #[test]
    fn a_story_coverage_series_counts_days_outlets_and_copies() {
        let on = |name: &str, outlet: &str, day: &str| {
            let mut doc = raw(name, outlet, &format!("Saltmere port strike enters its next day\n\nDock workers at the port of Saltmere stayed off the job in the strike over the transit levy, union leader Tomas Ferrin said in a statement reported by {outlet}. The port authority said ships were waiting."));
            doc.hints.published = day.parse().ok();
            doc
        };
        let raws = [
            on("a", "Harbour Times", "2025-03-10"),
            on("b", "Coast Daily", "2025-03-10"),
            on("c", "Harbour Times", "2025-03-12"),
            on("d", "Valley Post", "2025-03-14"),
        ];
        let (mut store, report) = analysed(&raws);
        publish(&mut store, &report).unwrap();
        let story = report
            .stories
            .iter()
            .max_by_key(|s| {
                body(&store, ViewKind::StoryHead, &s.id)["n_articles"]
                    .as_u64()
                    .unwrap()
            })
            .unwrap();
        let page = body(&store, ViewKind::StoryPage, &story.id);
        let n_articles = page["story"]["n_articles"].as_u64().unwrap();
        assert!(n_articles >= 3, "{page}");
        let coverage = &page["coverage"];
        assert_eq!(coverage["bin_days"], 1);
        assert_eq!(coverage["first_day"], "2025-03-10");
        // The outlets are counted over the story's articles (all listed here),
        // most first.
        let mut listed: std::collections::HashMap<&str, u64> = Default::default();
        for article in page["articles"].as_array().unwrap() {
            *listed
                .entry(article["outlet"].as_str().unwrap())
                .or_default() += 1;
        }
        let counted: Vec<(&str, u64)> = coverage["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["outlet"].as_str().unwrap(),
                    o["n_articles"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(counted.len(), listed.len());
        for (i, (outlet, n)) in counted.iter().enumerate() {
            assert_eq!(listed[outlet], *n, "{outlet}");
            assert!(i == 0 || counted[i - 1].1 >= *n);
        }
        // Each bar starts on a day that has articles; the counts of all
        // bars are the story's articles.
        let mut total = 0;
        for bar in coverage["bars"].as_array().unwrap() {
            let start = bar["start"].as_str().unwrap();
            let on_day = raws
                .iter()
                .filter(|r| r.hints.published.map(|d| d.to_string()).as_deref() == Some(start))
                .count();
            assert!(on_day > 0, "{bar}");
            total += bar["counts"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|slot| slot.as_array().unwrap())
                .map(|n| n.as_u64().unwrap())
                .sum::<u64>();
        }
        assert_eq!(total, n_articles);
    }

    #[test]
    fn views_of_an_older_layout_are_not_current() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(!views_are_current(&store).unwrap());
        let old = View {
            body: r#"{"generator":"storyline","n_articles":1}"#.to_string(),
            ..view(ViewKind::Meta, String::new(), 0, &())
        };
        store.put_views([old]).unwrap();
        assert!(!views_are_current(&store).unwrap());
    }

    #[test]
    fn entities_are_found_by_folded_name_and_quotes_by_speaker() {
        let (mut store, report) = analysed_store();
        publish(&mut store, &report).unwrap();
        let ferrin = report
            .entities
            .iter()
            .find(|e| e.name.contains("Ferrin"))
            .expect("Tomas Ferrin is an entity");
        let folded = storyline_annotate::fold(&ferrin.name.to_uppercase());
        let found = store
            .list_views(
                &ViewFilter {
                    lookup: Some(&folded),
                    ..ViewFilter::all(ViewKind::Entity)
                },
                0,
                1,
            )
            .unwrap();
        assert_eq!(found.len(), 1, "{folded}");
        let chunks = store
            .list_views(
                &ViewFilter {
                    owner: Some(&entity_key(ferrin.kind, &ferrin.name)),
                    ..ViewFilter::all(ViewKind::EntityMentions)
                },
                0,
                10,
            )
            .unwrap();
        let mentions: Vec<serde_json::Value> = serde_json::from_str(&chunks[0]).unwrap();
        assert_eq!(mentions.len(), ferrin.mentions.len());

        let speaker = speaker_tag(&ferrin.name);
        let words = vec!["lev".to_string()];
        let quoted = ViewFilter {
            tag: Some(&speaker),
            words: &words,
            ..ViewFilter::all(ViewKind::Quote)
        };
        let by_ferrin = report
            .quotes
            .iter()
            .filter(|q| q.speaker.as_deref() == Some(ferrin.name.as_str()))
            .filter(|q| q.text.contains("levy"))
            .count();
        assert!(by_ferrin > 0);
        assert_eq!(store.count_views(&quoted).unwrap(), by_ferrin);
    }
}
