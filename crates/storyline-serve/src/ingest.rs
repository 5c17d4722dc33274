//! Adding articles through the API, with the same stage calls as the CLI's
//! pipeline (`crates/storyline-cli/src/pipeline.rs`): source → extract →
//! annotate (in parallel) → `Store::put_docs` → dedupe → cluster → analyse →
//! `put_analysis` → publish the views.
//!
//! Everything here blocks (SQLite, rayon); the handlers call it inside
//! `tokio::task::spawn_blocking`, one write at a time.

use serde::{Deserialize, Serialize};
use storyline_model::{ContentKind, Diagnostic, Hints, RawDocument};
use storyline_source::{FieldMap, RecordFormat};
use storyline_store::{Location, Store};

use crate::error::AppError;

/// Documents written to the store per transaction, as in the CLI.
const BATCH: usize = 256;

/// How a posted body is read, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFormat {
    /// One plain-text article (`text/plain`).
    Text,
    /// One saved HTML page (`text/html`).
    Html,
    /// One record per line (`application/x-ndjson`, `application/jsonl`).
    JsonLines,
    /// One record or an array of records (`application/json`).
    Json,
}

impl BodyFormat {
    /// The format for a `Content-Type` header value (parameters such as `charset` ignored).
    pub fn from_content_type(content_type: Option<&str>) -> Result<BodyFormat, AppError> {
        let Some(value) = content_type else {
            return Err(AppError::UnsupportedMediaType(
                "send a Content-Type: text/plain, text/html, application/x-ndjson or application/json".into(),
            ));
        };
        let essence = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/plain" => Ok(BodyFormat::Text),
            "text/html" | "application/xhtml+xml" => Ok(BodyFormat::Html),
            "application/x-ndjson" | "application/ndjson" | "application/jsonl"
            | "application/x-jsonlines" | "application/jsonlines" => Ok(BodyFormat::JsonLines),
            "application/json" => Ok(BodyFormat::Json),
            _ => Err(AppError::UnsupportedMediaType(format!(
                "cannot read {essence:?}: send text/plain, text/html, application/x-ndjson or application/json"
            ))),
        }
    }
}

/// Metadata a client may give with a posted article, as query parameters:
/// what a manifest line gives for a file.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PostParams {
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Publication date (`2025-03-10`, RFC 3339 or RFC 2822).
    pub published: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Name recorded as the article's source (default `api`); JSONL records get `#N` appended.
    pub source: Option<String>,
}

impl PostParams {
    fn hints(&self) -> Result<Hints, AppError> {
        let published = match self.published.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(storyline_model::parse_date(text).ok_or_else(|| {
                AppError::BadRequest(format!("published={text:?} is not a date (use YYYY-MM-DD)"))
            })?),
        };
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        Ok(Hints {
            outlet: given(&self.outlet),
            published,
            url: given(&self.url),
            title: given(&self.title),
        })
    }

    fn source(&self) -> String {
        self.source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("api")
            .to_string()
    }
}

/// Reads a posted body into raw documents and problems, like the source stage reads a file.
///
/// Text and HTML go through `storyline_source::from_bytes`; JSONL and JSON
/// through `storyline_source::read_records`, so records are read exactly as the
/// CLI reads a file (field names, manifest lines, diagnostics naming the
/// record's line), under the given `source`.
pub(crate) fn read_body(
    format: BodyFormat,
    body: &[u8],
    params: &PostParams,
) -> Result<(Vec<RawDocument>, Vec<Diagnostic>), AppError> {
    let hints = params.hints()?;
    let source = params.source();
    match format {
        BodyFormat::Text | BodyFormat::Html => {
            let kind = if format == BodyFormat::Html {
                ContentKind::Html
            } else {
                ContentKind::Text
            };
            match storyline_source::from_bytes(&source, body, kind, hints) {
                Ok(raw) => Ok((vec![raw], Vec::new())),
                Err(error) => Ok((
                    Vec::new(),
                    vec![Diagnostic {
                        source,
                        message: error.to_string(),
                    }],
                )),
            }
        }
        BodyFormat::JsonLines | BodyFormat::Json => {
            let format = if format == BodyFormat::Json {
                RecordFormat::Json
            } else {
                RecordFormat::JsonLines
            };
            // Query parameters fill in what a record leaves out, as manifest hints do.
            let loaded =
                storyline_source::read_records(&source, body, format, &hints, &FieldMap::default());
            Ok((loaded.docs, loaded.diagnostics))
        }
    }
}

/// One posted article, as the response names it.
#[derive(Debug, Serialize)]
pub(crate) struct Posted {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// What `POST /api/articles` answers.
#[derive(Debug, Serialize)]
pub(crate) struct PostSummary {
    /// Articles newly stored.
    pub added: usize,
    /// Articles already stored (same content hash).
    pub unchanged: usize,
    /// Articles stored as a new revision of one already stored under the same URL.
    pub revised: usize,
    /// The articles read from the body, in body order.
    pub articles: Vec<Posted>,
    /// Records or inputs that could not be read.
    pub problems: Vec<Diagnostic>,
    /// Counts after the write.
    pub n_articles: usize,
    /// Events after the write.
    pub n_events: usize,
    /// Stories after the write.
    pub n_stories: usize,
}

/// Extracts, annotates, stores, re-analyses and publishes: the whole write.
/// Fails with [`AppError::Unreadable`] (nothing written) when no article
/// could be read.
pub(crate) fn ingest(
    db: &Location,
    raws: Vec<RawDocument>,
    mut problems: Vec<Diagnostic>,
) -> Result<PostSummary, AppError> {
    let (fresh, unreadable) = storyline_pipeline::process_batch(raws, |_, _| {}, || {});
    problems.extend(unreadable);
    if fresh.is_empty() {
        return Err(AppError::Unreadable(problems));
    }

    let mut store = Store::connect(db)?;
    let (mut added, mut unchanged, mut revised) = (0, 0, 0);
    for batch in fresh.chunks(BATCH) {
        let put = storyline_pipeline::store(&mut store, batch)?;
        added += put.added;
        unchanged += put.unchanged;
        revised += put.revised;
    }
    // What the answer lists of the posted articles, taken now: the processed
    // documents are freed before the store is analysed and published.
    let articles: Vec<Posted> = fresh
        .iter()
        .map(|processed| {
            let a = &processed.doc.article;
            Posted {
                id: a.id.clone(),
                source: a.source.clone(),
                title: a.title.as_ref().map(|t| t.value.clone()),
                outlet: a.outlet_name().map(String::from),
                published: a.published_date().map(|d| d.to_string()),
            }
        })
        .collect();
    drop(fresh);
    let mut analysed =
        storyline_pipeline::analyse_store(&mut store, storyline_pipeline::Mode::Incremental)?;
    let docs = analysed.take_docs(&store)?;
    store.put_diagnostics(&problems)?;
    let report = storyline_views::publish_docs(&mut store, docs, analysed.analysis, &problems)?;
    let meta = &report.meta;
    Ok(PostSummary {
        added,
        unchanged,
        revised,
        articles,
        problems,
        n_articles: meta.n_articles,
        n_events: meta.n_events,
        n_stories: meta.n_stories,
    })
}

/// Publishes the views of a store that has an analysis but no views (one
/// written by a build older than the read model) or views of an older layout
/// ([`storyline_views::VIEWS_VERSION`]; views from before the outlet pages
/// carry no version either): every document is read once. A store with
/// current views, or with no analysis, is left alone.
pub(crate) fn publish_if_missing(store: &mut Store) -> Result<(), AppError> {
    if store.has_views()? && storyline_views::views_are_current(store)? {
        return Ok(());
    }
    let Some(analysis) = store.analysis()? else {
        return Ok(());
    };
    eprintln!("storyline serve: publishing the views of a store analysed by an older build (once)");
    let docs = storyline_pipeline::read_docs(store, &analysis)?;
    let diagnostics = store.diagnostics()?;
    storyline_views::publish_docs(store, docs, analysis, &diagnostics)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_pick_the_reader() {
        let f = |ct: &str| BodyFormat::from_content_type(Some(ct));
        assert_eq!(f("text/plain; charset=utf-8").unwrap(), BodyFormat::Text);
        assert_eq!(f("TEXT/HTML").unwrap(), BodyFormat::Html);
        assert_eq!(f("application/x-ndjson").unwrap(), BodyFormat::JsonLines);
        assert_eq!(f("application/json").unwrap(), BodyFormat::Json);
        assert!(f("application/pdf").is_err());
        assert!(BodyFormat::from_content_type(None).is_err());
    }

    #[test]
    fn jsonl_records_are_read_like_files_and_renamed() {
        let body = b"{\"title\": \"One\", \"outlet\": \"Example\", \"published\": \"2025-01-02\", \"text\": \"Talks failed on Monday in Merhaven.\"}\nnot json\n{\"file\": \"a.txt\"}\n";
        let params = PostParams {
            source: Some("feed".into()),
            ..PostParams::default()
        };
        let (docs, problems) = read_body(BodyFormat::JsonLines, body, &params).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].source, "feed#1");
        assert_eq!(docs[0].hints.outlet.as_deref(), Some("Example"));
        let sources: Vec<&str> = problems.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(sources, ["feed#2", "feed"], "{problems:?}");
    }

    #[test]
    fn bad_dates_in_parameters_are_refused() {
        let params = PostParams {
            published: Some("last Monday".into()),
            ..PostParams::default()
        };
        assert!(matches!(
            read_body(BodyFormat::Text, b"Some text.", &params),
            Err(AppError::BadRequest(_))
        ));
    }
}
