//! The pipeline wired end to end for the command line: source → (extract →
//! annotate → fingerprint, in parallel; see `storyline-pipeline`) → store →
//! dedupe → cluster → analyse, with progress bars.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use storyline_model::{CorpusAnalysis, Diagnostic, Doc};
use storyline_pipeline::{Mode, Processed};
use storyline_source::{FieldMap, LoadOptions, Manifest};
use storyline_store::Store;

/// Documents written to the store per transaction.
const BATCH: usize = 256;

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
}

/// Everything a report needs.
pub struct Outcome {
    /// Every stored document, with speakers renamed to corpus entities.
    pub docs: Vec<Doc>,
    /// Corpus-level results.
    pub analysis: CorpusAnalysis,
    /// Problems met while reading.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: RunSummary,
}

fn progress(len: usize, message: &'static str) -> ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new(len as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message);
    bar
}

/// Reads `paths` (JSON fields named by `fields`), stores new articles in `db`,
/// and brings the analysis of the whole store up to date: incrementally where
/// `mode` allows (see [`Mode`]).
pub fn run(
    paths: &[PathBuf],
    manifest: Option<&Path>,
    fields: Option<&FieldMap>,
    db: &Path,
    mode: Mode,
) -> Result<Outcome> {
    let manifest = manifest
        .map(|path| {
            Manifest::read(path).with_context(|| format!("reading manifest {}", path.display()))
        })
        .transpose()?;
    let options = LoadOptions {
        manifest: manifest.as_ref(),
        fields,
    };
    let mut loaded = storyline_source::load_with(paths, options);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);

    let bar = progress(loaded.docs.len(), "analysing");
    let results: Vec<Result<Processed, Diagnostic>> = loaded
        .docs
        .par_iter()
        .map(|raw| {
            // A web-archive capture date dates a page that states no date.
            let processed =
                storyline_pipeline::process_with(raw, |article| loaded.fill_capture_date(article))
                    .map_err(|error| Diagnostic {
                        source: raw.source.clone(),
                        message: error.to_string(),
                    });
            bar.inc(1);
            processed
        })
        .collect();
    bar.finish_and_clear();
    let mut fresh = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => fresh.push(doc),
            Err(problem) => diagnostics.push(problem),
        }
    }

    let mut store =
        Store::open(db).with_context(|| format!("opening database {}", db.display()))?;
    let mut summary = RunSummary::default();
    let bar = progress(fresh.len(), "storing");
    for batch in fresh.chunks(BATCH) {
        let put = storyline_pipeline::store(&mut store, batch).context("storing articles")?;
        summary.added += put.added;
        summary.unchanged += put.unchanged;
        summary.revised += put.revised;
        bar.inc(batch.len() as u64);
    }
    bar.finish_and_clear();

    let analysed = storyline_pipeline::analyse_store(&mut store, mode)
        .context("analysing the stored corpus")?;
    let (docs, analysis) = (analysed.docs, analysed.analysis);
    summary.incremental = analysed.update.is_some();
    store
        .put_diagnostics(&diagnostics)
        .context("storing diagnostics")?;
    summary.articles = docs.len();
    summary.events = analysis.events.len();
    summary.stories = analysis.stories.len();
    summary.problems = diagnostics.len();
    Ok(Outcome {
        docs,
        analysis,
        diagnostics,
        summary,
    })
}
