//! The pipeline's stages wired together over the store, so every front end
//! (the `storyline` command, the HTTP server, the benchmarks) runs the same steps:
//!
//! ```text
//! per article, in parallel:  extract → annotate → fingerprint (sketch + signature)
//! per batch, one writer:     store (article + fingerprint)
//! corpus, over the store:    dedupe(signatures) → cluster(sketches) → date inference → analyse(docs)
//! ```
//!
//! Fingerprints are computed once per article and stored beside it, so
//! re-analysing a stored corpus never re-reads article text for dedupe and
//! clustering. Articles stored by an older build get theirs on the next run.

mod incremental;

use std::collections::HashMap;

pub use incremental::{
    add_unclustered, put_clustering_changes, ClusteringUpdate, StoredClustering,
};

use rayon::prelude::*;
pub use storyline_analyse::{AnalyseOptions, TimelineOptions};
use storyline_cluster::{Clustering, Sketch, SketchError, TermStats};
use storyline_dedupe::{Fingerprint, Signature, SignatureError};
use storyline_extract::ExtractError;
use storyline_model::{
    Article, CorpusAnalysis, Diagnostic, Doc, DuplicateGroup, Limit, RawDocument,
};
use storyline_store::{PutSummary, Store, StoreError, StoredFingerprint, TermCounts};

/// Why a pipeline step failed as a whole (per-article problems are [`ExtractError`]s).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored sketch is unreadable.
    #[error("article {id}: {source}")]
    Sketch {
        /// The article whose sketch it is.
        id: String,
        /// What is wrong.
        source: SketchError,
    },
    /// A stored signature is unreadable.
    #[error("article {id}: {source}")]
    Signature {
        /// The article whose signature it is.
        id: String,
        /// What is wrong.
        source: SignatureError,
    },
}

/// One article through the per-article stages: its document and its fingerprint.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The extracted, annotated document.
    pub doc: Doc,
    /// What clustering needs of it.
    pub sketch: Sketch,
    /// What dedupe needs of it.
    pub signature: Signature,
}

impl Processed {
    /// Fingerprints an annotated document.
    pub fn of(doc: Doc) -> Processed {
        let sketch = Sketch::of(&doc);
        let signature = Signature::of(doc.text());
        Processed {
            doc,
            sketch,
            signature,
        }
    }

    fn stored_fingerprint(&self) -> StoredFingerprint {
        StoredFingerprint {
            id: self.doc.article.id.clone(),
            event_date: self.sketch.event_date,
            published: self.doc.article.published_date(),
            sketch: self.sketch.to_bytes(),
            signature: self.signature.to_bytes(),
        }
    }
}

/// The per-article stages for one input: pure, so callers run it in parallel.
pub fn process(raw: &RawDocument) -> Result<Processed, ExtractError> {
    process_with(raw, |_| {})
}

/// [`process`], letting `before_annotate` complete the extracted article's
/// metadata first (a web archive's capture date for a page that states no
/// date): annotation resolves relative dates against the publication date.
pub fn process_with(
    raw: &RawDocument,
    before_annotate: impl FnOnce(&mut Article),
) -> Result<Processed, ExtractError> {
    let mut article = storyline_extract::extract(raw)?;
    before_annotate(&mut article);
    Ok(Processed::of(storyline_annotate::annotate(article)))
}

/// [`process_with`] over a batch, in parallel, with boilerplate that repeats
/// across the batch's articles removed between extraction and annotation
/// ([`storyline_extract::strip_repeated`]): the processed articles, and a
/// diagnostic naming the input for each one that could not be read, both in
/// input order, followed by one for each bound applied to a kept article
/// ([`limit_diagnostics`]). `after_each` is called once per input (for progress).
pub fn process_batch(
    raws: Vec<RawDocument>,
    before_annotate: impl Fn(&RawDocument, &mut Article) + Sync,
    after_each: impl Fn() + Sync,
) -> (Vec<Processed>, Vec<Diagnostic>) {
    // Each raw input is dropped once extracted: a long page's bytes are not
    // held while the batch is annotated.
    let extracted: Vec<Result<Article, Diagnostic>> = raws
        .into_par_iter()
        .map(|raw| {
            storyline_extract::extract(&raw)
                .map(|mut article| {
                    before_annotate(&raw, &mut article);
                    article
                })
                .map_err(|error| Diagnostic {
                    source: raw.source.clone(),
                    message: error.to_string(),
                })
        })
        .collect();
    let mut articles = Vec::with_capacity(extracted.len());
    let mut problems = Vec::new();
    for result in extracted {
        match result {
            Ok(article) => articles.push(article),
            Err(problem) => {
                after_each();
                problems.push(problem);
            }
        }
    }
    // Boilerplate is told from text by recurring across the batch's articles.
    storyline_extract::strip_repeated(&mut articles);
    let processed: Vec<Processed> = articles
        .into_par_iter()
        .map(|article| {
            let mut doc = storyline_annotate::annotate(article);
            note_search_cut(&mut doc.article);
            let processed = Processed::of(doc);
            after_each();
            processed
        })
        .collect();
    problems.extend(
        processed
            .iter()
            .flat_map(|p| limit_diagnostics(&p.doc.article)),
    );
    (processed, problems)
}

/// Notes on a long article that the store's search index holds only the
/// first [`storyline_model::limits::MAX_SEARCH_INDEX_BYTES`] of its text.
fn note_search_cut(article: &mut Article) {
    let cut = storyline_model::limits::searchable_prefix(&article.text).len();
    if cut < article.text.len() {
        storyline_model::limits::note_limit(
            &mut article.limits,
            Limit::SearchIndexBytes,
            Some(cut),
        );
    }
}

/// A diagnostic for each bound the per-article stages applied to `article`
/// (see [`storyline_model::limits`]): the article is kept, and the user is
/// told what was cut.
pub fn limit_diagnostics(article: &Article) -> impl Iterator<Item = Diagnostic> + '_ {
    article.limits.iter().map(|applied| Diagnostic {
        source: article.source.clone(),
        message: applied.message(),
    })
}

/// Stores a batch of processed articles and their fingerprints. Articles
/// already stored are left as they are; a changed text under a known URL is
/// stored as a revision (see [`Store::put_docs`]), after which the next
/// analysis recomputes that article's fingerprint and rebuilds.
pub fn store(store: &mut Store, batch: &[Processed]) -> Result<PutSummary, PipelineError> {
    let (summary, added) = store.put_docs_added(batch.iter().map(|p| &p.doc))?;
    // Only a newly stored article takes this batch's fingerprint: a document
    // already stored (even as an older revision of an article) or stored as a
    // revision is kept under an article whose text may differ from its own.
    let prints: Vec<StoredFingerprint> = batch
        .iter()
        .zip(added)
        .filter(|(_, added)| *added)
        .map(|(p, _)| p.stored_fingerprint())
        .collect();
    store.put_fingerprints(&prints)?;
    if summary.revised > 0 {
        // A revision keeps its article's id with new text: that article's
        // fingerprint is stale, and so is every event built on it.
        store.forget_revised_fingerprints()?;
    }
    Ok(summary)
}

/// How [`analyse_store`] treats a corpus that was analysed before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Add the articles stored since the last run to the stored clustering and
    /// re-analyse only the stories they change ([`incremental`]); fall back to
    /// a rebuild for corpora of at most [`storyline_cluster::ALL_PAIRS_LIMIT`]
    /// articles (cheap, and independent of the order articles came in) or when
    /// no usable clustering is stored.
    #[default]
    Incremental,
    /// Re-cluster and re-analyse everything.
    Rebuild,
}

/// What [`analyse_store`] did and found.
#[derive(Debug)]
pub struct Analysed {
    /// The corpus analysis, as stored.
    pub analysis: CorpusAnalysis,
    /// Present when the run was an incremental update.
    pub update: Option<UpdateSummary>,
    /// How many articles the store holds.
    pub articles: usize,
    /// The documents a rebuild already holds, as [`read_docs`] gives them.
    docs: Option<Vec<Doc>>,
}

impl Analysed {
    /// Every stored document as readers see them ([`read_docs`]): the ones
    /// a rebuild holds already, or read from the store after an incremental
    /// update (which reads only the documents it re-analyses).
    pub fn take_docs(&mut self, store: &Store) -> Result<Vec<Doc>, PipelineError> {
        match self.docs.take() {
            Some(docs) => Ok(docs),
            None => read_docs(store, &self.analysis),
        }
    }
}

/// What an incremental update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateSummary {
    /// Articles added to the clustering.
    pub added: usize,
    /// Events replaced by re-clustering (new or changed).
    pub events_changed: usize,
    /// Stories re-analysed.
    pub stories_reanalysed: usize,
}

/// Runs the corpus-wide stages over the stored corpus (dedupe, cluster,
/// publication-date inference, analysis) and stores the analysis with the
/// clustering state the next incremental run needs.
pub fn analyse_store(store: &mut Store, mode: Mode) -> Result<Analysed, PipelineError> {
    analyse_store_with(store, mode, AnalyseOptions::default())
}

/// [`analyse_store`] with analysis options (a timeline length asked for).
pub fn analyse_store_with(
    store: &mut Store,
    mode: Mode,
    options: AnalyseOptions,
) -> Result<Analysed, PipelineError> {
    fill_missing_fingerprints(store)?;
    let articles = store.article_count()?;
    if mode == Mode::Incremental && articles > storyline_cluster::ALL_PAIRS_LIMIT {
        if let Some(previous) = StoredClustering::load(store)? {
            return incremental::update(store, articles, previous, options);
        }
    }
    rebuild(store, options)
}

/// The stored documents as readers see them: publication dates inferred
/// from their events and quote speakers renamed to corpus entities.
pub fn read_docs(store: &Store, analysis: &CorpusAnalysis) -> Result<Vec<Doc>, PipelineError> {
    let mut docs = store.docs()?;
    storyline_analyse::infer_publication_dates(&mut docs, &analysis.events);
    storyline_analyse::canonical_speakers(&mut docs, &analysis.entities);
    Ok(docs)
}

fn decode_sketch(print: &StoredFingerprint) -> Result<Sketch, PipelineError> {
    Sketch::from_bytes(&print.sketch).map_err(|source| PipelineError::Sketch {
        id: print.id.clone(),
        source,
    })
}

/// Near-duplicate groups among stored fingerprints. A signature stored by a
/// build with another signature format ([`SignatureError::Version`]) is
/// recomputed from its article's text and stored in its place.
fn duplicates_among(
    store: &mut Store,
    stored: &[StoredFingerprint],
) -> Result<Vec<DuplicateGroup>, PipelineError> {
    let decoded: Vec<Result<Signature, SignatureError>> = stored
        .par_iter()
        .map(|print| Signature::from_bytes(&print.signature))
        .collect();
    let outdated: Vec<usize> = decoded
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d, Err(SignatureError::Version { .. })))
        .map(|(i, _)| i)
        .collect();
    let mut fresh: HashMap<String, Signature> = HashMap::new();
    for chunk in outdated.chunks(FILL_BATCH) {
        let ids: Vec<String> = chunk.iter().map(|&i| stored[i].id.clone()).collect();
        let signed: HashMap<String, Signature> = store
            .docs_of(&ids)?
            .into_par_iter()
            .map(|doc| {
                let signature = Signature::of(doc.text());
                (doc.article.id, signature)
            })
            .collect();
        let prints: Vec<StoredFingerprint> = chunk
            .iter()
            .filter_map(|&i| {
                signed
                    .get(&stored[i].id)
                    .map(|signature| StoredFingerprint {
                        signature: signature.to_bytes(),
                        ..stored[i].clone()
                    })
            })
            .collect();
        store.put_fingerprints(&prints)?;
        fresh.extend(signed);
    }
    let signatures = stored
        .iter()
        .zip(decoded)
        .map(|(print, decoded)| match decoded {
            Ok(signature) => Ok(signature),
            Err(source) => fresh
                .remove(&print.id)
                .ok_or_else(|| PipelineError::Signature {
                    id: print.id.clone(),
                    source,
                }),
        })
        .collect::<Result<Vec<Signature>, _>>()?;
    let prints: Vec<Fingerprint> = stored
        .iter()
        .zip(&signatures)
        .map(|(p, signature)| Fingerprint {
            id: &p.id,
            published: p.published,
            signature,
        })
        .collect();
    Ok(storyline_dedupe::group_duplicates(&prints))
}

/// Every event's profile as [`Store::put_cluster_state`] stores it: event id
/// and encoded profile.
pub fn profile_bytes(clustering: &Clustering) -> Vec<(String, Vec<u8>)> {
    clustering
        .events
        .iter()
        .zip(&clustering.profiles)
        .map(|(event, profile)| (event.id.clone(), profile.to_bytes()))
        .collect()
}

/// Re-clusters and re-analyses the whole corpus.
fn rebuild(store: &mut Store, options: AnalyseOptions) -> Result<Analysed, PipelineError> {
    let stored = store.fingerprints()?;
    let sketches = stored
        .par_iter()
        .map(decode_sketch)
        .collect::<Result<Vec<Sketch>, _>>()?;
    let duplicates = duplicates_among(store, &stored)?;
    drop(stored);
    let stats = TermStats::of(&sketches);
    let clustering = storyline_cluster::cluster_sketches(&sketches, &stats);
    drop(sketches);
    let profiles = profile_bytes(&clustering);
    let mut docs = store.docs()?;
    storyline_analyse::infer_publication_dates(&mut docs, &clustering.events);
    let analysis = storyline_analyse::analyse_with(
        &mut docs,
        duplicates,
        clustering.events,
        clustering.stories,
        options,
    );
    store.put_analysis(&analysis)?;
    store.put_cluster_state(&profiles, TermCounts::Replace(&stats.counts()))?;
    Ok(Analysed {
        analysis,
        update: None,
        articles: docs.len(),
        docs: Some(docs),
    })
}

/// Fingerprints and stores every stored document that has none yet (stored
/// by an older build, or revised since).
fn fill_missing_fingerprints(store: &mut Store) -> Result<(), PipelineError> {
    let missing = store.articles_without_fingerprints()?;
    for ids in missing.chunks(FILL_BATCH) {
        let prints: Vec<StoredFingerprint> = store
            .docs_of(ids)?
            .into_par_iter()
            .map(|doc| Processed::of(doc).stored_fingerprint())
            .collect();
        store.put_fingerprints(&prints)?;
    }
    Ok(())
}

/// Documents fingerprinted per transaction when filling in missing fingerprints.
const FILL_BATCH: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{ContentKind, Hints};

    fn raw(name: &str, published: &str, text: &str) -> RawDocument {
        RawDocument {
            source: format!("{name}.txt"),
            kind: ContentKind::Text,
            content: text.to_string(),
            hints: Hints {
                published: published.parse().ok(),
                ..Hints::default()
            },
        }
    }

    const STRIKE: &str = "Port strike\n\nDock workers at the port of Saltmere walked off the job on Monday, \
        halting traffic as the dispute over the transit levy deepened. Union leader Tomas Ferrin said \
        about 3,000 workers joined the strike and would stay out until the levy is scrapped.";

    #[test]
    fn a_limit_applied_to_a_kept_article_is_a_diagnostic_naming_it() {
        let run_on = "cargo ".repeat(2 * storyline_model::limits::MAX_SENTENCE_BYTES / 6);
        let inputs = [
            raw("a", "2025-03-10", STRIKE),
            raw("b", "2025-03-10", &run_on),
        ];
        let (processed, problems) = process_batch(inputs.to_vec(), |_, _| {}, || {});
        assert_eq!(processed.len(), 2, "both articles are kept");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].source, "b.txt");
        assert!(
            problems[0]
                .message
                .starts_with("kept, with a limit applied: 2 runs of text longer than"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn stored_fingerprints_give_the_same_analysis_as_fresh_ones() {
        let inputs = [
            raw("a", "2025-03-10", STRIKE),
            raw("b", "2025-03-10", &STRIKE.replace("walked off", "left")),
            raw(
                "c",
                "2025-04-19",
                "Forest fire\n\nA wildfire in the Greyridge forest forced thousands to flee on Saturday.",
            ),
        ];
        let processed: Vec<Processed> = inputs.iter().map(|r| process(r).unwrap()).collect();
        let mut fresh = Store::open_in_memory().unwrap();
        store(&mut fresh, &processed).unwrap();
        let with_prints = analyse_store(&mut fresh, Mode::Incremental)
            .unwrap()
            .analysis;

        // An older store: the same articles without fingerprints.
        let mut old = Store::open_in_memory().unwrap();
        let docs: Vec<Doc> = processed.iter().map(|p| p.doc.clone()).collect();
        old.put_docs(&docs).unwrap();
        assert_eq!(old.articles_without_fingerprints().unwrap().len(), 3);
        let recomputed = analyse_store(&mut old, Mode::Rebuild).unwrap().analysis;
        assert!(old.articles_without_fingerprints().unwrap().is_empty());

        assert_eq!(with_prints, recomputed);
        assert_eq!(with_prints.events.len(), 2);
        assert_eq!(with_prints.duplicates.len(), 1);
        assert_eq!(with_prints.duplicates[0].articles.len(), 2);
    }

    #[test]
    fn signatures_of_an_older_format_are_recomputed() {
        let inputs = [
            raw("a", "2025-03-10", STRIKE),
            raw("b", "2025-03-10", &STRIKE.replace("walked off", "left")),
        ];
        let processed: Vec<Processed> = inputs.iter().map(|r| process(r).unwrap()).collect();
        let mut db = Store::open_in_memory().unwrap();
        store(&mut db, &processed).unwrap();
        // Signatures as an older build wrote them (postcard, no version marker).
        let mut old_format = vec![0x2a, 0x80, 0x01];
        old_format.extend(std::iter::repeat_n(0x07, 128));
        let aged: Vec<StoredFingerprint> = db
            .fingerprints()
            .unwrap()
            .into_iter()
            .map(|p| StoredFingerprint {
                signature: old_format.clone(),
                ..p
            })
            .collect();
        db.put_fingerprints(&aged).unwrap();

        let analysis = analyse_store(&mut db, Mode::Rebuild).unwrap().analysis;
        assert_eq!(analysis.duplicates.len(), 1);
        assert_eq!(analysis.duplicates[0].articles.len(), 2);
        let stored = db.fingerprints().unwrap();
        assert_eq!(stored.len(), 2);
        for print in &stored {
            let p = processed
                .iter()
                .find(|p| p.doc.article.id == print.id)
                .unwrap();
            assert_eq!(
                Signature::from_bytes(&print.signature).unwrap(),
                p.signature
            );
        }
        // A damaged signature of the current format is still an error.
        let damaged: Vec<StoredFingerprint> = db
            .fingerprints()
            .unwrap()
            .into_iter()
            .map(|p| StoredFingerprint {
                signature: p.signature[..10].to_vec(),
                ..p
            })
            .collect();
        db.put_fingerprints(&damaged).unwrap();
        assert!(matches!(
            analyse_store(&mut db, Mode::Rebuild),
            Err(PipelineError::Signature { .. })
        ));
    }
}
