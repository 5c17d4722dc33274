//! Incremental updates against rebuilds on a synthetic corpus with planted
//! events: adding the newest articles to a stored analysis must give nearly
//! the events a rebuild gives, keep every article in exactly one event, and
//! leave a stored analysis that loads back and updates again.

use std::collections::{HashMap, HashSet};

use storyline_eval::clustering::bcubed;
use storyline_model::CorpusAnalysis;
use storyline_pipeline::{analyse_store, process, store, Mode, Processed, StoredClustering};
use storyline_store::Store;
use storyline_synth::{generate, CorpusSpec};

fn event_labels(analysis: &CorpusAnalysis, ids: &[String]) -> Vec<usize> {
    let event_of: HashMap<&str, usize> = analysis
        .events
        .iter()
        .enumerate()
        .flat_map(|(e, event)| event.articles.iter().map(move |a| (a.as_str(), e)))
        .collect();
    ids.iter()
        .map(|id| {
            *event_of
                .get(id.as_str())
                .expect("every article is in an event")
        })
        .collect()
}

fn check_invariants(analysis: &CorpusAnalysis, articles: usize) {
    let mut seen = HashSet::new();
    for event in &analysis.events {
        for id in &event.articles {
            assert!(seen.insert(id.clone()), "{id} is in two events");
        }
    }
    assert_eq!(seen.len(), articles);
    let events: HashSet<&str> = analysis.events.iter().map(|e| e.id.as_str()).collect();
    let mut in_stories = 0;
    for story in &analysis.stories {
        for event in &story.events {
            assert!(
                events.contains(event.as_str()),
                "story names unknown {event}"
            );
            in_stories += 1;
        }
    }
    assert_eq!(in_stories, events.len(), "every event is in one story");
}

#[test]
fn adding_the_newest_articles_matches_a_rebuild() {
    let corpus = generate(&CorpusSpec {
        articles: 2_400,
        seed: 7,
        ..CorpusSpec::default()
    });
    let mut processed: Vec<Processed> = corpus
        .articles
        .iter()
        .map(|a| process(&a.raw_document()).expect("synthetic articles extract"))
        .collect();
    processed.sort_by(|a, b| {
        (a.doc.article.published_date(), &a.doc.article.id)
            .cmp(&(b.doc.article.published_date(), &b.doc.article.id))
    });
    let mut ids: Vec<String> = processed.iter().map(|p| p.doc.article.id.clone()).collect();
    // Identical reprints share their content id: one article each.
    ids.sort();
    ids.dedup();
    let (older, newest) = processed.split_at(2_200);

    let mut whole = Store::open_in_memory().unwrap();
    store(&mut whole, &processed).unwrap();
    let rebuilt = analyse_store(&mut whole, Mode::Rebuild).unwrap();
    assert!(rebuilt.update.is_none());

    let mut growing = Store::open_in_memory().unwrap();
    store(&mut growing, older).unwrap();
    let first = analyse_store(&mut growing, Mode::Incremental).unwrap();
    assert!(first.update.is_none(), "nothing stored to update yet");
    store(&mut growing, newest).unwrap();
    let mut updated = analyse_store(&mut growing, Mode::Incremental).unwrap();
    let summary = updated.update.expect("an incremental update");
    let distinct_new: HashSet<&str> = newest.iter().map(|p| p.doc.article.id.as_str()).collect();
    assert_eq!(summary.added, distinct_new.len());
    assert!(summary.events_changed > 0);
    assert!(summary.events_changed < updated.analysis.events.len() / 2);
    check_invariants(&updated.analysis, ids.len());
    assert_eq!(updated.articles, ids.len());
    assert_eq!(updated.take_docs(&growing).unwrap().len(), ids.len());

    let agreement = bcubed(
        &event_labels(&rebuilt.analysis, &ids),
        &event_labels(&updated.analysis, &ids),
    );
    assert!(
        agreement.f1 > 0.97,
        "incremental events differ from a rebuild: {agreement:?}"
    );
    assert_eq!(
        growing.analysis().unwrap().as_ref(),
        Some(&updated.analysis)
    );

    // The stored clustering state matches the stored analysis, profile for event.
    let stored = StoredClustering::load(&growing)
        .unwrap()
        .expect("a complete stored clustering");
    assert_eq!(stored.clustering.events, updated.analysis.events);

    // Nothing new: the stored analysis stays as it is.
    let again = analyse_store(&mut growing, Mode::Incremental).unwrap();
    assert_eq!(again.update.map(|u| u.added), Some(0));
    assert_eq!(again.analysis.events, updated.analysis.events);
    assert_eq!(again.analysis.stories, updated.analysis.stories);

    // A run stopped between writing the analysis and the clustering state
    // leaves profiles that do not match the events: the next run rebuilds.
    growing
        .put_cluster_state(&[], storyline_store::TermCounts::Replace(&[]))
        .unwrap();
    assert!(StoredClustering::load(&growing).unwrap().is_none());
    let recovered = analyse_store(&mut growing, Mode::Incremental).unwrap();
    assert!(recovered.update.is_none(), "a rebuild, not an update");
    assert_eq!(recovered.analysis.events, rebuilt.analysis.events);
}
