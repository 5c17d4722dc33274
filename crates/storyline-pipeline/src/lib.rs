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

use rayon::prelude::*;
use storyline_cluster::{Sketch, SketchError, TermStats};
use storyline_dedupe::{Fingerprint, Signature, SignatureError};
use storyline_extract::ExtractError;
use storyline_model::{CorpusAnalysis, Doc, RawDocument};
use storyline_store::{PutSummary, Store, StoreError, StoredFingerprint};

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
    storyline_extract::extract(raw)
        .map(storyline_annotate::annotate)
        .map(Processed::of)
}

/// Stores a batch of processed articles and their fingerprints. Articles
/// already stored are left as they are (see [`Store::put_docs`]).
pub fn store(store: &mut Store, batch: &[Processed]) -> Result<PutSummary, PipelineError> {
    let docs: Vec<Doc> = batch.iter().map(|p| p.doc.clone()).collect();
    let summary = store.put_docs(&docs)?;
    let prints: Vec<StoredFingerprint> = batch.iter().map(Processed::stored_fingerprint).collect();
    store.put_fingerprints(&prints)?;
    Ok(summary)
}

/// Runs the corpus-wide stages over everything stored: dedupe, cluster,
/// publication-date inference and analysis. Returns every document (speakers
/// renamed to corpus entities) and the analysis; stores neither.
pub fn analyse_store(store: &mut Store) -> Result<(Vec<Doc>, CorpusAnalysis), PipelineError> {
    let mut docs = store.docs()?;
    fill_missing_fingerprints(store, &docs)?;
    let stored = store.fingerprints()?;
    let sketches = stored
        .par_iter()
        .map(|p| {
            Sketch::from_bytes(&p.sketch).map_err(|source| PipelineError::Sketch {
                id: p.id.clone(),
                source,
            })
        })
        .collect::<Result<Vec<Sketch>, _>>()?;
    let signatures = stored
        .par_iter()
        .map(|p| {
            Signature::from_bytes(&p.signature).map_err(|source| PipelineError::Signature {
                id: p.id.clone(),
                source,
            })
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
    let duplicates = storyline_dedupe::group_duplicates(&prints);
    let stats = TermStats::of(&sketches);
    let clustering = storyline_cluster::cluster_sketches(&sketches, &stats);
    storyline_analyse::infer_publication_dates(&mut docs, &clustering.events);
    let analysis =
        storyline_analyse::analyse(&mut docs, duplicates, clustering.events, clustering.stories);
    Ok((docs, analysis))
}

/// Fingerprints and stores every document in `docs` that has none stored yet.
fn fill_missing_fingerprints(store: &mut Store, docs: &[Doc]) -> Result<(), PipelineError> {
    let missing: std::collections::HashSet<String> =
        store.articles_without_fingerprints()?.into_iter().collect();
    if missing.is_empty() {
        return Ok(());
    }
    let prints: Vec<StoredFingerprint> = docs
        .par_iter()
        .filter(|doc| missing.contains(&doc.article.id))
        .map(|doc| Processed::of(doc.clone()).stored_fingerprint())
        .collect();
    store.put_fingerprints(&prints)?;
    Ok(())
}

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
        let (_, with_prints) = analyse_store(&mut fresh).unwrap();

        // An older store: the same articles without fingerprints.
        let mut old = Store::open_in_memory().unwrap();
        let docs: Vec<Doc> = processed.iter().map(|p| p.doc.clone()).collect();
        old.put_docs(&docs).unwrap();
        assert_eq!(old.articles_without_fingerprints().unwrap().len(), 3);
        let (_, recomputed) = analyse_store(&mut old).unwrap();
        assert!(old.articles_without_fingerprints().unwrap().is_empty());

        assert_eq!(with_prints, recomputed);
        assert_eq!(with_prints.events.len(), 2);
        assert_eq!(with_prints.duplicates.len(), 1);
        assert_eq!(with_prints.duplicates[0].articles.len(), 2);
    }
}
