//! The pipeline wired end to end for the command line: source → (extract →
//! annotate → fingerprint, in parallel; see `storyline-pipeline`) → store →
//! dedupe → cluster → analyse, with progress on a terminal (see [`Progress`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use storyline_model::Diagnostic;
use storyline_pipeline::{Analysed, Mode};
use storyline_report::Report;
use storyline_source::{FieldMap, LoadOptions, Manifest};
use storyline_store::{Location, Store};

use crate::progress::Progress;

/// Documents written to the store per transaction.
const BATCH: usize = 256;

/// SQLite pages an `analyze` run keeps in memory while it writes (see
/// `Store::set_page_cache_mib`): 1 MiB for every 500 articles the store will
/// hold, from SQLite's default 2 MiB up to 64 MiB. The indexes a run writes
/// into grow with the corpus, not with one article, so a single large
/// article keeps the default and its peak memory stays its own.
fn write_page_cache_mib(articles: usize) -> u32 {
    u32::try_from(articles / 500)
        .unwrap_or(u32::MAX)
        .clamp(2, 64)
}

/// Inputs processed (in parallel) before they are stored.
const CHUNK: usize = 4096;

/// What one ingest-and-analyse run did.
#[derive(Debug, Default, serde::Serialize)]
pub struct RunSummary {
    /// Articles newly stored.
    pub added: usize,
    /// Articles already stored (same content hash).
    pub unchanged: usize,
    /// Articles stored as a new revision of one already stored under the same URL.
    pub revised: usize,
    /// Articles in the store after the run.
    pub articles: usize,
    /// Events found.
    pub events: usize,
    /// Stories found.
    pub stories: usize,
    /// Inputs that could not be read.
    pub problems: usize,
    /// Whether the stored analysis was updated incrementally rather than rebuilt.
    pub incremental: bool,
    /// Wall time of each part of the run.
    pub seconds: StageSeconds,
}

/// Wall time of each part of a run, in seconds.
#[derive(Debug, Default, serde::Serialize)]
pub struct StageSeconds {
    /// Reading, extracting, annotating, fingerprinting and storing the inputs.
    pub ingest: f64,
    /// Dedupe, clustering and analysis over the stored corpus.
    pub analyse: f64,
    /// Reading the documents back, building the report and storing the
    /// server's views of it (rows whose bytes changed are rewritten).
    pub publish: f64,
    /// Writing the report (0 when none is written).
    pub report: f64,
}

/// What a run leaves: its report and what went wrong.
pub struct Outcome {
    /// The report of the whole store, as published to the server's views.
    pub report: Report,
    /// Problems met while reading.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: RunSummary,
}

/// Reads `paths` with the manifest at `manifest` (if any) and JSON fields
/// named by `fields`: every document, and a diagnostic for each input that
/// could not be read. Fails only when the manifest cannot be read.
pub fn load(
    paths: &[PathBuf],
    manifest: Option<&Path>,
    fields: Option<&FieldMap>,
) -> Result<storyline_source::Loaded> {
    let manifest = manifest
        .map(|path| {
            Manifest::read(path).with_context(|| format!("reading manifest {}", path.display()))
        })
        .transpose()?;
    let options = LoadOptions {
        manifest: manifest.as_ref(),
        fields,
    };
    Ok(storyline_source::load_with(paths, options))
}

/// Names `outlet` as the outlet of every document read that names none of its
/// own (a record's outlet field or a manifest entry wins): a whole dump from
/// one outlet, or a folder of one site's pages. Given this way, it also wins
/// over an outlet the extractor would guess from the page.
pub fn name_outlet(loaded: &mut storyline_source::Loaded, outlet: &str) {
    let outlet = outlet.trim();
    if outlet.is_empty() {
        return;
    }
    for doc in &mut loaded.docs {
        if doc
            .hints
            .outlet
            .as_deref()
            .is_none_or(|o| o.trim().is_empty())
        {
            doc.hints.outlet = Some(outlet.to_string());
        }
    }
}

/// What a run reads, and how it reads it.
pub struct Inputs<'a> {
    /// Files and folders.
    pub paths: &'a [PathBuf],
    /// Hints per file.
    pub manifest: Option<&'a Path>,
    /// Record fields of JSON dumps.
    pub fields: Option<&'a FieldMap>,
    /// The outlet of every document that names none (see [`name_outlet`]).
    pub outlet: Option<&'a str>,
}

/// Reads the inputs (JSON fields named by `fields`), stores new articles in
/// `db`, and brings the analysis of the whole store up to date: incrementally
/// where `mode` allows (see [`Mode`]). Each stage shows its progress on
/// `progress`.
pub fn run(
    inputs: Inputs,
    db: &Location,
    mode: Mode,
    analyse_options: storyline_pipeline::AnalyseOptions,
    progress: Progress,
) -> Result<Outcome> {
    let started = Instant::now();
    let reading = progress.spinner("reading");
    let loaded = load(inputs.paths, inputs.manifest, inputs.fields);
    reading.finish_and_clear();
    let mut loaded = loaded?;
    if let Some(outlet) = inputs.outlet {
        name_outlet(&mut loaded, outlet);
    }
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let mut store = Store::connect(db).with_context(|| format!("opening database {}", db))?;
    let articles = store.article_count().unwrap_or(0) + loaded.docs.len();
    store
        .set_page_cache_mib(write_page_cache_mib(articles))
        .with_context(|| format!("setting up database {}", db))?;
    let mut summary = RunSummary::default();

    // Chunk by chunk, so only one chunk of processed documents is held at a
    // time; each raw input is dropped once its chunk is processed (the raw
    // inputs themselves are all read up front).
    let mut raws = std::mem::take(&mut loaded.docs);
    raws.reverse();
    let extracting = progress.bar(raws.len(), "extracting");
    let storing = progress.bar(raws.len(), "storing");
    while !raws.is_empty() {
        let mut chunk = raws.split_off(raws.len().saturating_sub(CHUNK));
        chunk.reverse();
        // A web-archive capture date dates a page that states no date.
        let (fresh, problems) = storyline_pipeline::process_batch(
            &chunk,
            |_, article| loaded.fill_capture_date(article),
            || extracting.inc(1),
        );
        drop(chunk);
        diagnostics.extend(problems);
        for batch in fresh.chunks(BATCH) {
            let put = storyline_pipeline::store(&mut store, batch).context("storing articles")?;
            summary.added += put.added;
            summary.unchanged += put.unchanged;
            summary.revised += put.revised;
            storing.inc(batch.len() as u64);
        }
    }
    extracting.finish_and_clear();
    storing.finish_and_clear();
    summary.seconds.ingest = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let corpus = progress.spinner("corpus");
    let analysed = storyline_pipeline::analyse_store_with(&mut store, mode, analyse_options);
    corpus.finish_and_clear();
    let analysed = analysed.context("analysing the stored corpus")?;
    summary.seconds.analyse = started.elapsed().as_secs_f64();
    summary.incremental = analysed.update.is_some();
    store
        .put_diagnostics(&diagnostics)
        .context("storing diagnostics")?;
    summary.articles = analysed.articles;
    summary.events = analysed.analysis.events.len();
    summary.stories = analysed.analysis.stories.len();
    let started = Instant::now();
    let publishing = progress.spinner("publishing");
    let report = publish(&mut store, analysed, &diagnostics);
    publishing.finish_and_clear();
    let report = report?;
    summary.seconds.publish = started.elapsed().as_secs_f64();
    summary.problems = diagnostics.len();
    Ok(Outcome {
        report,
        diagnostics,
        summary,
    })
}

/// Builds the report of the whole store and stores the server's views of it
/// ([`storyline_views::publish_docs`]); every writer does this after an analysis.
///
/// Takes the analysis by value: the report holds all of it that the views
/// need, so the documents and the analysis are freed before the views are
/// made and written (for one large article, the process's peak).
pub fn publish(
    store: &mut Store,
    mut analysed: Analysed,
    diagnostics: &[Diagnostic],
) -> Result<Report> {
    let docs = analysed
        .take_docs(store)
        .context("reading the stored documents")?;
    storyline_views::publish_docs(store, docs, analysed.analysis, diagnostics)
        .context("storing the views")
}

#[cfg(test)]
mod tests {
    use storyline_model::{ContentKind, Hints, RawDocument};

    use super::*;

    #[test]
    fn the_write_page_cache_grows_with_the_corpus_within_bounds() {
        assert_eq!(write_page_cache_mib(1), 2);
        assert_eq!(write_page_cache_mib(5_000), 10);
        assert_eq!(write_page_cache_mib(40_000), 64);
        assert_eq!(write_page_cache_mib(usize::MAX), 64);
    }

    fn raw(source: &str, outlet: Option<&str>) -> RawDocument {
        RawDocument {
            source: source.into(),
            kind: ContentKind::Text,
            content: "Ferries stop on Monday.".into(),
            hints: Hints {
                outlet: outlet.map(str::to_string),
                ..Hints::default()
            },
        }
    }

    fn outlets(loaded: &storyline_source::Loaded) -> Vec<Option<&str>> {
        loaded
            .docs
            .iter()
            .map(|d| d.hints.outlet.as_deref())
            .collect()
    }

    #[test]
    fn name_outlet_fills_only_the_documents_that_name_none() {
        let mut loaded = storyline_source::Loaded {
            docs: vec![
                raw("dump.jsonl#1", None),
                raw("dump.jsonl#2", Some("The Quay Courier")),
                raw("dump.jsonl#3", Some("  ")),
            ],
            ..Default::default()
        };
        name_outlet(&mut loaded, "  ");
        assert_eq!(
            outlets(&loaded),
            [None, Some("The Quay Courier"), Some("  ")]
        );
        name_outlet(&mut loaded, " Anselm Herald ");
        assert_eq!(
            outlets(&loaded),
            [
                Some("Anselm Herald"),
                Some("The Quay Courier"),
                Some("Anselm Herald")
            ]
        );
    }
}
