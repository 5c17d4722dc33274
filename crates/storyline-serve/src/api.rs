//! The JSON API under `/api/`: one handler per route of `docs/openapi.yaml`.
//!
//! Every read is one or two indexed queries on a pooled store connection, on
//! a blocking thread: the answers are the read model's rows
//! ([`storyline_views`]), sent as stored. Lists are paged with `limit` (1 to
//! [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) and `offset` and answer
//! `{total, offset, limit, next_offset, items}`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_model::EntityKind;
use storyline_store::{Store, ViewFilter, ViewKind};

use crate::error::{body_error, AppError};
use crate::ingest::{self, BodyFormat, PostParams, PostSummary};
use crate::AppState;

/// Items per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// Most items per page.
pub const MAX_LIMIT: usize = 500;
/// Deepest a full-text search pages (offset + limit): a search ranks only the
/// store's window of newest matches.
const MAX_SEARCH_DEPTH: usize = storyline_store::SEARCH_WINDOW;

/// The OpenAPI description, served at `/api/openapi.yaml`.
const OPENAPI: &str = include_str!("../../../docs/openapi.yaml");

/// The API routes.
pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    let write_guard = axum::middleware::from_fn_with_state(state.clone(), require_token);
    Router::new()
        .route("/api/meta", get(meta))
        .route("/api/openapi.yaml", get(openapi))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/stories/{id}/timeline", get(story_timeline))
        .route("/api/stories/{id}/comparison", get(story_comparison))
        .route("/api/stories/{id}/summary", get(story_summary))
        .route("/api/stories/{id}/items/{list}", get(story_items))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route(
            "/api/articles",
            get(articles).post(post_articles.layer(write_guard)),
        )
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/{list}", get(article_items))
        .route("/api/entities", get(entities))
        .route("/api/entities/{name}", get(entity))
        .route("/api/outlets", get(outlets))
        .route("/api/outlets/{name}", get(outlet))
        .route("/api/quotes", get(quotes))
        .route("/api/diagnostics", get(diagnostics))
        .layer(DefaultBodyLimit::max(state.config().max_body_bytes))
}

/// Query parameters of the list endpoints; each reads the ones it documents.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    order: Option<String>,
    kind: Option<String>,
    speaker: Option<String>,
    story: Option<String>,
    article: Option<String>,
    from: Option<String>,
    to: Option<String>,
    outlet: Option<String>,
    entity: Option<String>,
    min_sources: Option<usize>,
    sort: Option<String>,
}

/// How `/api/stories?sort=` ranks stories (each largest or latest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StorySort {
    /// Most articles first.
    Size,
    /// Latest last date first.
    Recent,
    /// Most independent sources first.
    Sources,
}

/// The filters of `/api/stories` besides `q`, checked.
#[derive(Debug, Default)]
struct StoryFilters {
    span: DateSpan,
    outlet: Option<String>,
    entity: Option<String>,
    min_sources: Option<usize>,
    sort: Option<StorySort>,
}

impl StoryFilters {
    /// True when no filter or sort is asked for: the list is then one paged query.
    fn is_plain(&self) -> bool {
        self.span.is_open()
            && self.outlet.is_none()
            && self.entity.is_none()
            && self.min_sources.is_none()
            && self.sort.is_none()
    }
}

/// `from`..=`to`, either end open.
#[derive(Debug, Default, Clone, Copy)]
struct DateSpan {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl DateSpan {
    fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether the span `first..=last` overlaps this one; an undated item
    /// passes only an open span.
    fn overlaps(&self, first: Option<NaiveDate>, last: Option<NaiveDate>) -> bool {
        if self.is_open() {
            return true;
        }
        let (Some(first), Some(last)) = (first.or(last), last.or(first)) else {
            return false;
        };
        self.from.is_none_or(|from| last >= from) && self.to.is_none_or(|to| first <= to)
    }
}

/// The fields of a story head that `/api/stories` filters and sorts by,
/// borrowed from the stored JSON where it holds no escape.
#[derive(Debug, Deserialize)]
struct HeadFields<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    n_articles: usize,
    #[serde(default)]
    n_sources: usize,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    #[serde(borrow, default)]
    outlets: Vec<Cow<'a, str>>,
}

/// What a story list sorts a kept head by.
#[derive(Debug, Clone, Copy)]
struct HeadRank {
    n_articles: usize,
    n_sources: usize,
    latest: Option<NaiveDate>,
}

/// What the stories filter reads of an entity's page.
#[derive(Debug, Deserialize)]
struct EntityStories {
    stories: Vec<StoryId>,
}

#[derive(Debug, Deserialize)]
struct StoryId {
    id: String,
}

impl ListParams {
    fn paging(&self) -> Result<(usize, usize), AppError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::BadRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {limit}"
            )));
        }
        Ok((self.offset.unwrap_or(0), limit))
    }

    /// The folded words of `q` (none when no query was given); an error
    /// when a query was given with no word in it.
    fn search(&self) -> Result<Vec<String>, AppError> {
        let Some(query) = self.q.as_deref().filter(|q| !q.trim().is_empty()) else {
            return Ok(Vec::new());
        };
        let words: Vec<String> = storyline_views::search_words(query).collect();
        if words.is_empty() {
            return Err(AppError::EmptyQuery);
        }
        Ok(words)
    }

    /// `true` for oldest first; newest first is the default.
    fn oldest_first(&self) -> Result<bool, AppError> {
        match self.order.as_deref() {
            None | Some("newest") => Ok(false),
            Some("oldest") => Ok(true),
            Some(other) => Err(AppError::BadRequest(format!(
                "order must be newest or oldest, not {other:?}"
            ))),
        }
    }

    fn kind(&self) -> Result<Option<EntityKind>, AppError> {
        self.kind.as_deref().map(parse_kind).transpose()
    }

    /// `from` and `to` as days (`YYYY-MM-DD`), `from` not after `to`.
    fn date_span(&self) -> Result<DateSpan, AppError> {
        let day = |name: &str, value: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
            value
                .as_deref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| {
                    // chrono alone would take `2025-3-1`; the API's dates are ISO, padded.
                    let padded = v.trim().len() == 10;
                    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                        .ok()
                        .filter(|_| padded)
                        .ok_or_else(|| {
                            AppError::BadRequest(format!(
                                "{name} must be a date as YYYY-MM-DD, not {v:?}"
                            ))
                        })
                })
                .transpose()
        };
        let span = DateSpan {
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
        };
        if let (Some(from), Some(to)) = (span.from, span.to) {
            if from > to {
                return Err(AppError::BadRequest(format!(
                    "from ({from}) is after to ({to})"
                )));
            }
        }
        Ok(span)
    }

    /// A filter value given and not blank.
    fn given(value: &Option<String>) -> Option<String> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    }

    /// The filters and sort of `/api/stories`.
    fn story_filters(&self) -> Result<StoryFilters, AppError> {
        let sort = match self.sort.as_deref() {
            None | Some("") => None,
            Some("size") => Some(StorySort::Size),
            Some("recent") => Some(StorySort::Recent),
            Some("sources") => Some(StorySort::Sources),
            Some(other) => {
                return Err(AppError::BadRequest(format!(
                    "sort must be size, recent or sources, not {other:?}"
                )))
            }
        };
        if sort.is_some() && self.order.is_some() {
            return Err(AppError::BadRequest(
                "give either sort (size, recent, sources) or order (newest, oldest), not both"
                    .into(),
            ));
        }
        Ok(StoryFilters {
            span: self.date_span()?,
            outlet: Self::given(&self.outlet),
            entity: Self::given(&self.entity),
            min_sources: self.min_sources,
            sort,
        })
    }
}

fn parse_kind(kind: &str) -> Result<EntityKind, AppError> {
    serde_json::from_value(serde_json::Value::String(kind.to_string())).map_err(|_| {
        AppError::BadRequest(format!(
            "kind must be person, organisation, place or other, not {kind:?}"
        ))
    })
}

/// One page of a list, its items JSON already written.
#[derive(Debug)]
pub(crate) struct Page {
    /// How many items match in all; `None` when not counted (full-text search).
    total: Option<usize>,
    offset: usize,
    limit: usize,
    /// The `offset` of the next page, or `None` on the last one.
    next_offset: Option<usize>,
    items: Vec<String>,
}

impl Page {
    /// The page `offset..offset + limit` of a list of `total` items, given its `items`.
    fn counted(total: usize, (offset, limit): (usize, usize), items: Vec<String>) -> Page {
        let end = offset.saturating_add(items.len());
        Page {
            total: Some(total),
            offset,
            limit,
            next_offset: (end < total).then_some(end),
            items,
        }
    }

    /// The page as the JSON the API documents, the items spliced in as they are.
    fn to_json(&self) -> String {
        let number = |n: Option<usize>| n.map_or("null".to_string(), |n| n.to_string());
        let mut out =
            String::with_capacity(64 + self.items.iter().map(|i| i.len() + 1).sum::<usize>());
        out.push_str(&format!(
            "{{\"total\":{},\"offset\":{},\"limit\":{},\"next_offset\":{},\"items\":[",
            number(self.total),
            self.offset,
            self.limit,
            number(self.next_offset)
        ));
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(item);
        }
        out.push_str("]}");
        out
    }
}

type Params = Result<Query<ListParams>, QueryRejection>;
type Id = Result<Path<String>, PathRejection>;

/// Serialises `value` as the JSON answer.
fn json<T: Serialize + ?Sized>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => raw_json(body),
        Err(error) => {
            AppError::internal(format!("serialising a response: {error}")).into_response()
        }
    }
}

/// Answers with JSON already written.
fn raw_json(body: impl Into<axum::body::Body>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.into(),
    )
        .into_response()
}

/// Runs `read` on a pooled store connection on a blocking thread.
async fn read<T: Send + 'static>(
    state: &AppState,
    read: impl FnOnce(&Store) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let reader = state.clone();
    tokio::task::spawn_blocking(move || reader.with_reader(read))
        .await
        .map_err(AppError::internal)?
}

/// One page of the views passing `filter`.
fn page_of(
    store: &Store,
    filter: &ViewFilter<'_>,
    paging: (usize, usize),
) -> Result<Page, AppError> {
    let total = store.count_views(filter)?;
    let items = store.list_views(filter, paging.0, paging.1)?;
    Ok(Page::counted(total, paging, items))
}

/// The one view of `kind` keyed `key`, or a 404 saying which `what` is missing.
async fn one(
    state: &AppState,
    kind: ViewKind,
    key: String,
    what: &'static str,
) -> Result<Response, AppError> {
    let body = read(state, move |store| {
        store
            .view(kind, &key)?
            .ok_or_else(|| AppError::NotFound(format!("no {what} with id {key:?}")))
    })
    .await?;
    Ok(raw_json(body))
}

async fn meta(State(state): State<AppState>) -> Result<Response, AppError> {
    let stored = read(&state, |store| Ok(store.view(ViewKind::Meta, "")?)).await?;
    let mut meta = match stored {
        Some(body) => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&body)
            .map_err(AppError::internal)?,
        None => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(
            &storyline_views::meta_json(&storyline_report::Report::build(
                &[],
                &storyline_model::CorpusAnalysis::default(),
                &[],
            )),
        )
        .map_err(AppError::internal)?,
    };
    meta.insert(
        "writes_enabled".into(),
        state.config().token.is_some().into(),
    );
    meta.insert(
        "max_body_bytes".into(),
        state.config().max_body_bytes.into(),
    );
    Ok(json(&meta))
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/yaml; charset=utf-8"),
        )],
        OPENAPI,
    )
        .into_response()
}

async fn stories(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (words, oldest, paging) = (params.search()?, params.oldest_first()?, params.paging()?);
    let filters = params.story_filters()?;
    let page = read(&state, move |store| {
        let filter = ViewFilter {
            words: &words,
            descending: !oldest,
            ..ViewFilter::all(ViewKind::StoryHead)
        };
        if filters.is_plain() {
            page_of(store, &filter, paging)
        } else {
            filtered_stories(store, &filter, &filters, paging)
        }
    })
    .await?;
    Ok(raw_json(page.to_json()))
}

/// Most story heads a filtered or sorted story list reads (with `q` applied
/// by the store first); a store past it is listed from its first heads.
const MAX_FILTERED_HEADS: usize = 20_000;

/// One page of the stories passing `filters`, sorted as asked: the heads
/// matching `filter` (at most [`MAX_FILTERED_HEADS`], each a few hundred
/// bytes) are read in one query and filtered and sorted here; an `entity`
/// costs two indexed lookups more (its listing, its page's story ids).
fn filtered_stories(
    store: &Store,
    filter: &ViewFilter<'_>,
    filters: &StoryFilters,
    (offset, limit): (usize, usize),
) -> Result<Page, AppError> {
    let with_entity: Option<std::collections::HashSet<String>> = match &filters.entity {
        None => None,
        Some(name) => Some(entity_story_ids(store, name)?.unwrap_or_default()),
    };
    // An outlet no article has keeps its name as given, and matches nothing.
    let outlet = match &filters.outlet {
        None => None,
        Some(name) => Some(outlet_name(store, name)?.unwrap_or_else(|| name.clone())),
    };
    let mut kept: Vec<(HeadRank, String)> = Vec::new();
    for body in store.list_views(filter, 0, MAX_FILTERED_HEADS)? {
        let head: HeadFields = serde_json::from_str(&body).map_err(AppError::internal)?;
        let passes = filters.span.overlaps(head.first_date, head.last_date)
            && outlet
                .as_deref()
                .is_none_or(|outlet| head.outlets.iter().any(|o| o == outlet))
            && filters.min_sources.is_none_or(|n| head.n_sources >= n)
            && with_entity
                .as_ref()
                .is_none_or(|ids| ids.contains(head.id.as_ref()));
        let rank = HeadRank {
            n_articles: head.n_articles,
            n_sources: head.n_sources,
            latest: head.last_date.or(head.first_date),
        };
        drop(head);
        if passes {
            kept.push((rank, body));
        }
    }
    // A stable sort keeps the store's order (newest first) among equals.
    match filters.sort {
        None => {}
        Some(StorySort::Size) => kept.sort_by_key(|(h, _)| std::cmp::Reverse(h.n_articles)),
        Some(StorySort::Sources) => kept.sort_by_key(|(h, _)| std::cmp::Reverse(h.n_sources)),
        Some(StorySort::Recent) => kept.sort_by_key(|(h, _)| std::cmp::Reverse(h.latest)),
    }
    let total = kept.len();
    let items = kept
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, body)| body)
        .collect();
    Ok(Page::counted(total, (offset, limit), items))
}

/// The entity listing found by `name` (folded), if any.
fn find_entity(
    store: &Store,
    name: &str,
    kind: Option<EntityKind>,
) -> Result<Option<String>, AppError> {
    let tag = kind.map(storyline_views::kind_name);
    let folded = storyline_annotate::fold(name);
    let filter = ViewFilter {
        tag: tag.as_deref(),
        lookup: Some(&folded),
        ..ViewFilter::all(ViewKind::Entity)
    };
    Ok(store.list_views(&filter, 0, 1)?.pop())
}

/// The ids of the stories that mention the entity named `name`, or `None` when there is no such entity.
fn entity_story_ids(
    store: &Store,
    name: &str,
) -> Result<Option<std::collections::HashSet<String>>, AppError> {
    let Some(summary) = find_entity(store, name, None)? else {
        return Ok(None);
    };
    let listed: EntityListed = serde_json::from_str(&summary).map_err(AppError::internal)?;
    let key = storyline_views::entity_key(listed.kind, &listed.name);
    let Some(page) = store.view(ViewKind::EntityPage, &key)? else {
        return Ok(Some(Default::default()));
    };
    let page: EntityStories = serde_json::from_str(&page).map_err(AppError::internal)?;
    Ok(Some(page.stories.into_iter().map(|s| s.id).collect()))
}

async fn story(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    one(&state, ViewKind::StoryPage, id, "story").await
}

async fn story_timeline(
    State(state): State<AppState>,
    id: Id,
    params: Result<Query<ItemsPage>, QueryRejection>,
) -> Result<Response, AppError> {
    story_part(&state, ViewKind::StoryTimeline, "timeline", id, params).await
}

async fn story_comparison(
    State(state): State<AppState>,
    id: Id,
    params: Result<Query<ItemsPage>, QueryRejection>,
) -> Result<Response, AppError> {
    story_part(&state, ViewKind::StoryComparison, "comparison", id, params).await
}

/// Page `?page=N` (from 1) of a story's whole timeline or comparison
/// (`kind`, named `name` in messages): page 1 is keyed by the story's id,
/// the rest by [`storyline_views::story_part_key`].
async fn story_part(
    state: &AppState,
    kind: ViewKind,
    name: &str,
    id: Id,
    params: Result<Query<ItemsPage>, QueryRejection>,
) -> Result<Response, AppError> {
    let Path(id) = id?;
    let Query(ItemsPage { page }) = params?;
    let page = match page.unwrap_or(1) {
        0 => {
            return Err(AppError::BadRequest(format!(
                "pages of a story's {name} start at 1"
            )))
        }
        page => page,
    };
    if page == 1 {
        return one(state, kind, id, "story").await;
    }
    let key = storyline_views::story_part_key(&id, page);
    let missing = format!(
        "story {id:?} has no page {page} of its {name} (page 1 says how many `pages` there are)"
    );
    items_page(
        state,
        kind,
        key,
        (ViewKind::StoryHead, "story"),
        id,
        missing,
    )
    .await
}

async fn story_summary(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    one(&state, ViewKind::StorySummary, id, "story").await
}

/// Page `page` (from 1) of one of a story page's lists past what the story
/// page holds (its `omitted` counts them).
async fn story_items(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    params: Result<Query<ItemsPage>, QueryRejection>,
) -> Result<Response, AppError> {
    let Path((id, list)) = path?;
    let Query(ItemsPage { page }) = params?;
    let list = storyline_views::StoryList::parse(&list).ok_or_else(|| {
        AppError::BadRequest(format!(
            "{list:?} is not a paged list of a story (events, timeline, corroborations, \
             conflicts or articles)"
        ))
    })?;
    let page = page_number(page, "story", "/api/stories/{id}")?;
    let key = storyline_views::story_items_key(&id, list, page);
    let missing = format!(
        "story {id:?} has no page {page} of {} (the story page's `omitted` says how many \
         it left out)",
        list.as_str()
    );
    let owner = (ViewKind::StoryHead, "story");
    items_page(&state, ViewKind::StoryItems, key, owner, id, missing).await
}

/// The page number asked for, from 1 (page 0 is the owner's own page, at `route`).
fn page_number(page: Option<usize>, what: &str, route: &str) -> Result<usize, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::BadRequest(format!(
            "page 0 is the {what} page itself ({route}); pages start at 1"
        ))),
        page => Ok(page),
    }
}

/// The stored page `key` of kind `items`; when there is none, not found: the
/// owner (a row of `owner.0` with key `id`, named `owner.1`) or, if it exists,
/// the page (`missing` says why).
async fn items_page(
    state: &AppState,
    items: ViewKind,
    key: String,
    owner: (ViewKind, &'static str),
    id: String,
    missing: String,
) -> Result<Response, AppError> {
    let body = read(state, move |store| {
        if let Some(body) = store.view(items, &key)? {
            return Ok(body);
        }
        if store.view(owner.0, &id)?.is_none() {
            return Err(AppError::NotFound(format!("no {} with id {id:?}", owner.1)));
        }
        Err(AppError::NotFound(missing))
    })
    .await?;
    Ok(raw_json(body))
}

async fn events(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    searched_list(&state, params, ViewKind::EventSummary).await
}

/// One page of the rows of `kind`, those whose words match `q` when given.
async fn searched_list(
    state: &AppState,
    params: Params,
    kind: ViewKind,
) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (words, paging) = (params.search()?, params.paging()?);
    let page = read(state, move |store| {
        let filter = ViewFilter {
            words: &words,
            ..ViewFilter::all(kind)
        };
        page_of(store, &filter, paging)
    })
    .await?;
    Ok(raw_json(page.to_json()))
}

async fn event(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    one(&state, ViewKind::Event, id, "event").await
}

/// One full-text search hit.
#[derive(Debug, Serialize)]
struct ArticleHit {
    id: String,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: String,
    /// A passage with the matched words in `[` `]`.
    snippet: String,
}

/// What a search hit takes from the article's listing.
#[derive(Debug, Deserialize)]
struct Listed {
    outlet: String,
    url: Option<String>,
}

async fn articles(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (offset, limit) = params.paging()?;
    let oldest = params.oldest_first()?;
    let span = params.date_span()?;
    let outlet = ListParams::given(&params.outlet);
    let Some(query) = params.q.clone().filter(|q| !q.trim().is_empty()) else {
        if !span.is_open() {
            return Err(AppError::BadRequest(
                "from and to filter a search: give q as well".into(),
            ));
        }
        let page = read(&state, move |store| {
            let outlet = match outlet {
                Some(name) => Some(outlet_name(store, &name)?.unwrap_or(name)),
                None => None,
            };
            let filter = ViewFilter {
                tag: outlet.as_deref(),
                descending: !oldest,
                ..ViewFilter::all(ViewKind::ArticleRef)
            };
            page_of(store, &filter, (offset, limit))
        })
        .await?;
        return Ok(raw_json(page.to_json()));
    };
    let depth = offset.saturating_add(limit);
    if depth > MAX_SEARCH_DEPTH {
        return Err(AppError::BadRequest(format!(
            "a search pages at most {MAX_SEARCH_DEPTH} hits deep (offset + limit)"
        )));
    }
    let filtered = outlet.is_some() || !span.is_open();
    let searcher = state.clone();
    let (hits, listed) = read(&state, move |store| {
        let outlet = match outlet {
            Some(name) => Some(outlet_name(store, &name)?.unwrap_or(name)),
            None => None,
        };
        // Filters look at every hit of the ranked window, then page.
        let wanted = if filtered {
            MAX_SEARCH_DEPTH
        } else {
            depth + 1
        };
        let mut hits = searcher.searches().search(store, &query, wanted)?.to_vec();
        if filtered {
            let unnamed: Vec<String> = hits
                .iter()
                .filter(|hit| hit.outlet.is_none())
                .map(|hit| hit.id.clone())
                .collect();
            let names = store.views_by_key(ViewKind::ArticleRef, &unnamed)?;
            hits.retain(|hit| {
                let in_span = span.is_open()
                    || hit
                        .published
                        .is_some_and(|day| span.overlaps(Some(day), Some(day)));
                let by_outlet = outlet.as_deref().is_none_or(|wanted| {
                    let shown = match &hit.outlet {
                        Some(name) => Some(name.clone()),
                        None => names
                            .get(&hit.id)
                            .and_then(|body| serde_json::from_str::<Listed>(body).ok())
                            .map(|listed| listed.outlet),
                    };
                    shown.as_deref() == Some(wanted)
                });
                in_span && by_outlet
            });
        }
        let ids: Vec<String> = hits
            .iter()
            .skip(offset)
            .take(limit)
            .map(|hit| hit.id.clone())
            .collect();
        let listed = store.views_by_key(ViewKind::ArticleRef, &ids)?;
        Ok((hits, listed))
    })
    .await?;
    let more = hits.len() > depth;
    let items: Vec<ArticleHit> = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|hit| {
            let known: Option<Listed> = listed
                .get(&hit.id)
                .and_then(|body| serde_json::from_str(body).ok());
            ArticleHit {
                title: hit.title,
                outlet: known.as_ref().map(|r| r.outlet.clone()).or(hit.outlet),
                published: hit.published.map(|d| d.to_string()),
                url: known.and_then(|r| r.url),
                source: hit.source,
                snippet: hit.snippet,
                id: hit.id,
            }
        })
        .collect();
    let end = offset + items.len();
    Ok(json(&serde_json::json!({
        "total": null,
        "offset": offset,
        "limit": limit,
        "next_offset": more.then_some(end),
        "items": items,
    })))
}

async fn article(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    one(&state, ViewKind::ArticlePage, id, "article").await
}

/// `?page=N` of an article's paged list.
#[derive(Debug, Deserialize)]
pub(crate) struct ItemsPage {
    page: Option<usize>,
}

/// Page `page` (from 1) of one of an article's lists past the first
/// [`storyline_views::PAGE_ITEMS`], which the article page holds.
async fn article_items(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    params: Result<Query<ItemsPage>, QueryRejection>,
) -> Result<Response, AppError> {
    let Path((id, list)) = path?;
    let Query(ItemsPage { page }) = params?;
    let list = storyline_views::ArticleList::parse(&list).ok_or_else(|| {
        AppError::BadRequest(format!(
            "{list:?} is not a list of an article (quotes, dates, quantities or mentions)"
        ))
    })?;
    let page = page_number(page, "article", "/api/articles/{id}")?;
    let key = storyline_views::article_items_key(&id, list, page);
    let missing = format!(
        "article {id:?} has no page {page} of {} (the article page's `omitted` says how many \
         it left out, {} a page)",
        list.as_str(),
        storyline_views::PAGE_ITEMS
    );
    let owner = (ViewKind::ArticleRef, "article");
    items_page(&state, ViewKind::ArticleItems, key, owner, id, missing).await
}

async fn entities(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (words, kind, paging) = (params.search()?, params.kind()?, params.paging()?);
    let page = read(&state, move |store| {
        let tag = kind.map(storyline_views::kind_name);
        let filter = ViewFilter {
            words: &words,
            tag: tag.as_deref(),
            ..ViewFilter::all(ViewKind::Entity)
        };
        page_of(store, &filter, paging)
    })
    .await?;
    Ok(raw_json(page.to_json()))
}

/// What the entity endpoint reads back of an entity's listing.
#[derive(Debug, Deserialize)]
struct EntityListed {
    name: String,
    kind: EntityKind,
    n_mentions: usize,
}

/// Most quotes an entity's answer holds (the first, in report order).
const ENTITY_QUOTES: usize = 100;

async fn entity(
    State(state): State<AppState>,
    name: Id,
    params: Params,
) -> Result<Response, AppError> {
    let Path(name) = name?;
    let Query(params) = params?;
    let (kind, (offset, limit)) = (params.kind()?, params.paging()?);
    let body = read(&state, move |store| {
        let summary = find_entity(store, &name, kind)?
            .ok_or_else(|| AppError::NotFound(format!("no entity named {name:?}")))?;
        let listed: EntityListed = serde_json::from_str(&summary).map_err(AppError::internal)?;
        let key = storyline_views::entity_key(listed.kind, &listed.name);
        let chunk = storyline_views::MENTIONS_PER_CHUNK;
        let mut mentions = Vec::new();
        if offset < listed.n_mentions {
            let first = offset / chunk;
            let last = (offset + limit - 1).min(listed.n_mentions - 1) / chunk;
            let chunks = store.list_views(
                &ViewFilter {
                    owner: Some(&key),
                    ..ViewFilter::all(ViewKind::EntityMentions)
                },
                first,
                last - first + 1,
            )?;
            let mut cites: Vec<serde_json::Value> = Vec::new();
            for body in chunks {
                let chunk: Vec<serde_json::Value> =
                    serde_json::from_str(&body).map_err(AppError::internal)?;
                cites.extend(chunk);
            }
            let skip = offset - first * chunk;
            mentions = cites
                .into_iter()
                .skip(skip)
                .take(limit)
                .map(|cite| cite.to_string())
                .collect();
        }
        let page = Page::counted(listed.n_mentions, (offset, limit), mentions);
        let (stories, quotes) = match store.view(ViewKind::EntityPage, &key)? {
            Some(body) => {
                let mut page: EntityPageStored =
                    serde_json::from_str(&body).map_err(AppError::internal)?;
                let total = page.quotes.len();
                page.quotes.truncate(ENTITY_QUOTES);
                let found = store.views_by_key(ViewKind::Quote, &page.quotes)?;
                let items: Vec<String> = page
                    .quotes
                    .iter()
                    .filter_map(|q| found.get(q).cloned())
                    .collect();
                let quotes = Page::counted(total, (0, ENTITY_QUOTES), items);
                (page.stories.to_string(), quotes)
            }
            None => (
                "[]".to_string(),
                Page::counted(0, (0, ENTITY_QUOTES), Vec::new()),
            ),
        };
        Ok(format!(
            "{{\"entity\":{summary},\"stories\":{stories},\"quotes\":{},\"mentions\":{}}}",
            quotes.to_json(),
            page.to_json()
        ))
    })
    .await?;
    Ok(raw_json(body))
}

/// An entity's stored page: its stories as sent, its quotes' keys.
#[derive(Debug, Deserialize)]
struct EntityPageStored {
    stories: serde_json::Value,
    quotes: Vec<String>,
}

async fn outlets(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    searched_list(&state, params, ViewKind::OutletHead).await
}

async fn outlet(State(state): State<AppState>, name: Id) -> Result<Response, AppError> {
    let Path(name) = name?;
    let body = read(&state, move |store| {
        let page = match outlet_name(store, &name)? {
            Some(stored) => store.view(ViewKind::OutletPage, &stored)?,
            None => None,
        };
        page.ok_or_else(|| AppError::NotFound(format!("no outlet named {name:?}")))
    })
    .await?;
    Ok(raw_json(body))
}

/// The stored name of the outlet called `name`: itself when an outlet has
/// that exact name, else the outlet whose name folds the same (case,
/// accents), else `None`.
fn outlet_name(store: &Store, name: &str) -> Result<Option<String>, AppError> {
    if store.view(ViewKind::OutletHead, name)?.is_some() {
        return Ok(Some(name.to_string()));
    }
    let folded = storyline_annotate::fold(name);
    let filter = ViewFilter {
        lookup: Some(&folded),
        ..ViewFilter::all(ViewKind::OutletHead)
    };
    match store.list_views(&filter, 0, 1)?.pop() {
        Some(head) => {
            let head: OutletName = serde_json::from_str(&head).map_err(AppError::internal)?;
            Ok(Some(head.name))
        }
        None => Ok(None),
    }
}

/// What the outlet endpoint reads back of an outlet's listing.
#[derive(Debug, Deserialize)]
struct OutletName {
    name: String,
}

async fn quotes(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (words, paging) = (params.search()?, params.paging()?);
    let ListParams {
        speaker,
        story,
        article,
        ..
    } = params;
    let page = read(&state, move |store| {
        let speaker = speaker.as_deref().map(storyline_views::speaker_tag);
        let filter = match (&story, &article) {
            (Some(story), _) => {
                if store.view(ViewKind::StoryHead, story)?.is_none() {
                    return Err(AppError::NotFound(format!("no story with id {story:?}")));
                }
                ViewFilter {
                    owner: Some(story),
                    lookup: article.as_deref(),
                    ..ViewFilter::all(ViewKind::StoryQuote)
                }
            }
            (None, Some(article)) => {
                if store.view(ViewKind::ArticleRef, article)?.is_none() {
                    return Err(AppError::NotFound(format!(
                        "no article with id {article:?}"
                    )));
                }
                ViewFilter {
                    owner: Some(article),
                    ..ViewFilter::all(ViewKind::Quote)
                }
            }
            (None, None) => ViewFilter::all(ViewKind::Quote),
        };
        let filter = ViewFilter {
            words: &words,
            tag: speaker.as_deref(),
            ..filter
        };
        page_of(store, &filter, paging)
    })
    .await?;
    Ok(raw_json(page.to_json()))
}

async fn diagnostics(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let paging = params.paging()?;
    let page = read(&state, move |store| {
        page_of(store, &ViewFilter::all(ViewKind::Diagnostic), paging)
    })
    .await?;
    Ok(raw_json(page.to_json()))
}

/// Refuses a write before its body is read unless it carries the token.
async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let Some(token) = state.config().token.as_deref() else {
        return Err(AppError::WritesDisabled);
    };
    if !bearer_matches(request.headers(), token) {
        return Err(AppError::Unauthorized);
    }
    Ok(next.run(request).await)
}

/// Whether `Authorization: Bearer <token>` is present and right, compared in
/// time that does not depend on where the first wrong byte is.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    let differ = a
        .iter()
        .zip(b)
        .fold(a.len() ^ b.len(), |acc, (x, y)| acc | usize::from(x ^ y));
    differ == 0
}

/// `POST /api/articles`: reads the body by its content type, runs the pipeline and publishes the views.
async fn post_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<PostParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let format = BodyFormat::from_content_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    let Query(params) = params?;
    let body = body.map_err(|r| body_error(r, state.config().max_body_bytes))?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest("the request body is empty".into()));
    }
    let writer = state.clone();
    // The whole write runs on the blocking thread under the write lock: a
    // client that hangs up cannot leave the store written and the views stale.
    let summary: PostSummary = tokio::task::spawn_blocking(move || {
        let _running = writer.write_started();
        let _write = writer
            .shared
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (raws, problems) = ingest::read_body(format, &body, &params)?;
        // The inputs hold their own bytes: the body is not kept beside them.
        drop(body);
        ingest::ingest(&writer.config().db, raws, problems)
    })
    .await
    .map_err(AppError::internal)??;
    let status = if summary.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut response = json(&summary);
    *response.status_mut() = status;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_compare_whole() {
        let mut headers = HeaderMap::new();
        assert!(!bearer_matches(&headers, "s3cret"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(bearer_matches(&headers, "s3cret"));
        assert!(!bearer_matches(&headers, "s3cre"));
        assert!(!bearer_matches(&headers, "s3cret!"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(!bearer_matches(&headers, "s3cret"));
    }

    #[test]
    fn pages_say_where_the_next_one_starts() {
        let items = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        let page = Page::counted(7, (2, 3), items(3));
        assert_eq!(page.next_offset, Some(5));
        assert_eq!(
            page.to_json(),
            r#"{"total":7,"offset":2,"limit":3,"next_offset":5,"items":[0,1,2]}"#
        );
        let last = Page::counted(7, (5, 3), items(2));
        assert_eq!(last.next_offset, None);
        let past = Page::counted(7, (50, 3), Vec::new());
        assert_eq!(past.next_offset, None);
        assert_eq!(
            past.to_json(),
            r#"{"total":7,"offset":50,"limit":3,"next_offset":null,"items":[]}"#
        );
    }

    #[test]
    fn openapi_documents_every_route() {
        let source = include_str!("api.rs");
        let routes: Vec<&str> = source
            .split(".route(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(routes.len() >= 16, "{routes:?}");
        for route in routes {
            assert!(
                OPENAPI.contains(&format!("\n  {route}:\n")),
                "{route} is not in docs/openapi.yaml"
            );
        }
    }

    #[test]
    fn a_query_without_words_is_refused() {
        let params = |q: &str| ListParams {
            q: Some(q.to_string()),
            ..ListParams::default()
        };
        assert!(params("   ").search().unwrap().is_empty());
        assert!(matches!(params("\"*-").search(), Err(AppError::EmptyQuery)));
        assert_eq!(
            params("Vučić BRIDGE").search().unwrap(),
            ["vucic", "bridge"]
        );
    }
}
