//! The JSON API under `/api/`: one handler per route of `docs/openapi.yaml`.
//!
//! Reads answer from the in-memory index (no blocking work) except full-text
//! article search, which asks SQLite on a blocking thread. Lists are paged
//! with `limit` (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) and `offset`
//! and answer `{total, offset, limit, next_offset, items}`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use storyline_model::EntityKind;

use crate::error::{body_error, AppError};
use crate::index::{QuoteFilter, Search};
use crate::ingest::{self, BodyFormat, PostParams, PostSummary};
use crate::AppState;

/// Items per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// Most items per page.
pub const MAX_LIMIT: usize = 500;
/// Deepest a full-text search pages (offset + limit).
const MAX_SEARCH_DEPTH: usize = 10_000;

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
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route(
            "/api/articles",
            get(articles).post(post_articles.layer(write_guard)),
        )
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/entities/{name}", get(entity))
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

    fn search(&self) -> Result<Option<Search>, AppError> {
        Search::parse(self.q.as_deref())
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
}

fn parse_kind(kind: &str) -> Result<EntityKind, AppError> {
    serde_json::from_value(serde_json::Value::String(kind.to_string())).map_err(|_| {
        AppError::BadRequest(format!(
            "kind must be person, organisation, place or other, not {kind:?}"
        ))
    })
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    /// How many items match in all; null when not counted (full-text search).
    total: Option<usize>,
    offset: usize,
    limit: usize,
    /// The `offset` of the next page, or null on the last one.
    next_offset: Option<usize>,
    items: Vec<T>,
}

impl<T> Page<T> {
    /// The page `offset..offset + limit` of `all`.
    fn of(all: Vec<T>, (offset, limit): (usize, usize)) -> Page<T> {
        let total = all.len();
        let items: Vec<T> = all.into_iter().skip(offset).take(limit).collect();
        let end = offset.saturating_add(items.len());
        Page {
            total: Some(total),
            offset,
            limit,
            next_offset: (end < total).then_some(end),
            items,
        }
    }
}

type Params = Result<Query<ListParams>, QueryRejection>;
type Id = Result<Path<String>, PathRejection>;

/// Serialises `value` as the JSON answer. Written into one growing `Vec`
/// rather than axum's `Json` (many small writes into a `BytesMut`): story
/// pages run to 100 kB, and this is most of the time spent answering one.
fn json<T: Serialize + ?Sized>(value: &T) -> Response {
    let mut body = Vec::with_capacity(16 * 1024);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(error) => {
            AppError::internal(format!("serialising a response: {error}")).into_response()
        }
    }
}

async fn meta(State(state): State<AppState>) -> Response {
    let index = state.index();
    let meta = index.meta();
    json(&serde_json::json!({
        "generator": meta.generator,
        "schema_version": meta.schema_version,
        "n_articles": meta.n_articles,
        "n_events": meta.n_events,
        "n_stories": meta.n_stories,
        "n_quotes": meta.n_quotes,
        "n_entities": index.report.entities.len(),
        "n_diagnostics": meta.n_diagnostics,
        "writes_enabled": state.config().token.is_some(),
        "max_body_bytes": state.config().max_body_bytes,
    }))
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
    let (search, oldest, paging) = (params.search()?, params.oldest_first()?, params.paging()?);
    let index = state.index();
    Ok(json(&Page::of(
        index.stories(search.as_ref(), oldest),
        paging,
    )))
}

async fn story(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.story_page(&id)?))
}

async fn story_timeline(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.timeline(&id)?))
}

async fn story_comparison(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.comparison(&id)?))
}

async fn story_summary(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.summary(&id)?))
}

async fn events(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (search, paging) = (params.search()?, params.paging()?);
    let index = state.index();
    Ok(json(&Page::of(index.events(search.as_ref()), paging)))
}

async fn event(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.event_by_id(&id)?))
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

async fn articles(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (offset, limit) = params.paging()?;
    let oldest = params.oldest_first()?;
    let Some(query) = params.q.clone().filter(|q| !q.trim().is_empty()) else {
        let index = state.index();
        let refs = index.article_refs();
        let all: Vec<_> = if oldest {
            refs.collect()
        } else {
            refs.rev().collect()
        };
        return Ok(json(&Page::of(all, (offset, limit))));
    };
    let depth = offset.saturating_add(limit);
    if depth > MAX_SEARCH_DEPTH {
        return Err(AppError::BadRequest(format!(
            "a search pages at most {MAX_SEARCH_DEPTH} hits deep (offset + limit)"
        )));
    }
    let reader = state.clone();
    let hits = tokio::task::spawn_blocking(move || {
        reader.with_reader(|store| Ok(store.search(&query, depth + 1)?))
    })
    .await
    .map_err(AppError::internal)??;
    let index = state.index();
    let more = hits.len() > depth;
    let items: Vec<ArticleHit> = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|hit| {
            let known = index.article_ref_by_id(&hit.id);
            ArticleHit {
                title: hit.title,
                outlet: known.as_ref().map(|r| r.outlet.to_string()).or(hit.outlet),
                published: hit.published.map(|d| d.to_string()),
                url: known.as_ref().and_then(|r| r.url.map(String::from)),
                source: hit.source,
                snippet: hit.snippet,
                id: hit.id,
            }
        })
        .collect();
    let end = offset + items.len();
    Ok(json(&Page {
        total: None,
        offset,
        limit,
        next_offset: more.then_some(end),
        items,
    }))
}

async fn article(State(state): State<AppState>, id: Id) -> Result<Response, AppError> {
    let Path(id) = id?;
    let index = state.index();
    Ok(json(&index.article_page(&id)?))
}

async fn entities(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (search, kind, paging) = (params.search()?, params.kind()?, params.paging()?);
    let index = state.index();
    Ok(json(&Page::of(
        index.entities(search.as_ref(), kind),
        paging,
    )))
}

async fn entity(
    State(state): State<AppState>,
    name: Id,
    params: Params,
) -> Result<Response, AppError> {
    let Path(name) = name?;
    let Query(params) = params?;
    let (kind, paging) = (params.kind()?, params.paging()?);
    let index = state.index();
    let (entity, mentions) = index.entity_by_name(&name, kind)?;
    let mentions = Page::of(index.cites(mentions), paging);
    Ok(json(
        &serde_json::json!({ "entity": entity, "mentions": mentions }),
    ))
}

async fn quotes(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let (search, paging) = (params.search()?, params.paging()?);
    let index = state.index();
    let positions = index.quotes(&QuoteFilter {
        search: search.as_ref(),
        speaker: params.speaker.as_deref(),
        story: params.story.as_deref(),
        article: params.article.as_deref(),
    })?;
    let page = Page::of(positions, paging);
    let items: Vec<_> = page.items.iter().map(|&q| index.quote_view(q)).collect();
    Ok(json(&Page {
        total: page.total,
        offset: page.offset,
        limit: page.limit,
        next_offset: page.next_offset,
        items,
    }))
}

async fn diagnostics(State(state): State<AppState>, params: Params) -> Result<Response, AppError> {
    let Query(params) = params?;
    let paging = params.paging()?;
    let index = state.index();
    Ok(json(&Page::of(
        index.diagnostics().iter().collect(),
        paging,
    )))
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

/// `POST /api/articles`: reads the body by its content type, runs the pipeline, swaps the index.
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
    // The whole write, index swap included, runs on the blocking thread under
    // the write lock: a client that hangs up cannot leave the store written
    // and the index stale, or let two writes swap indexes out of order.
    let summary: PostSummary = tokio::task::spawn_blocking(move || {
        let _running = writer.write_started();
        let _write = writer
            .shared
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (raws, problems) = ingest::read_body(format, &body, &params)?;
        let (summary, index) = ingest::ingest(&writer.config().db, raws, problems)?;
        writer.replace_index(index);
        Ok::<_, AppError>(summary)
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
        let page = Page::of((0..7).collect::<Vec<_>>(), (2, 3));
        assert_eq!(page.items, [2, 3, 4]);
        assert_eq!(page.next_offset, Some(5));
        let last = Page::of((0..7).collect::<Vec<_>>(), (5, 3));
        assert_eq!(last.next_offset, None);
        let past = Page::of((0..7).collect::<Vec<_>>(), (50, 3));
        assert!(past.items.is_empty());
        assert_eq!(past.next_offset, None);
    }
}
