//! The analyse stage: what an analyst reads across articles.
//!
//! * [`link_entities`]: article-local entities merged into corpus entities with
//!   every alias and cited mention; quote speakers renamed to the corpus name.
//! * [`timeline`]: per story, the dates the coverage points at (DATEWISE-style
//!   salience, length from the data or `max_dates`), each told by its most central
//!   sentence and citing every sentence that names it; dates well before the story
//!   are marked background.
//! * [`compare`]: corroborations (the same words quoted, the same number reported
//!   by several outlets), conflicts (different numbers for the same measured
//!   thing at the same time, the same words given to different speakers) and
//!   updates (a running count reported on several days, as a series).
//! * [`summarise`]: extractive, non-redundant, cited summaries per event and story.
//! * [`sources`]: which articles are one source (copies, shared wire credit), so
//!   corroborations, timelines and events count independent reports.
//! * [`revisions`]: what changed between captured versions of an article, and
//!   which quotes and numbers a revision altered.
//! * [`assignments`]: per article, how its event membership was decided and
//!   how sure it is.
//! * [`infer_publication_dates`]: an undated article takes its event's date, and its
//!   relative dates are resolved against it.
//!
//! All functions are corpus-wide and pure: documents in, model types out.

pub mod assignments;
mod compare;
mod dating;
mod entities;
pub mod revisions;
pub mod sources;
mod summary;
mod timeline;

pub use compare::{compare, rank_comparisons, Comparisons};
pub use dating::infer_publication_dates;
pub use entities::{
    canonical_speakers, link_entities, merge_alias_links, sort_entities, CORPUS_ALIAS_CONFIDENCE,
};
pub use storyline_model::Period;
pub use summary::{summarise, SUMMARY_SENTENCES};
pub use timeline::{story_timeline, timeline, TimelineOptions, THRESHOLD};

use sources::SourceIndex;
use storyline_model::{CorpusAnalysis, Doc, DuplicateGroup, Event, EventSources, Story};

/// What the analysis may be asked to do differently from its defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnalyseOptions {
    /// How each story's timeline is chosen.
    pub timeline: TimelineOptions,
}

/// Runs every analysis over clustered documents with the default options. `docs`
/// have their quote speakers renamed to corpus-wide entity names in place.
pub fn analyse(
    docs: &mut [Doc],
    duplicates: Vec<DuplicateGroup>,
    events: Vec<Event>,
    stories: Vec<Story>,
) -> CorpusAnalysis {
    analyse_with(docs, duplicates, events, stories, AnalyseOptions::default())
}

/// [`analyse`] with options.
pub fn analyse_with(
    docs: &mut [Doc],
    duplicates: Vec<DuplicateGroup>,
    mut events: Vec<Event>,
    mut stories: Vec<Story>,
    options: AnalyseOptions,
) -> CorpusAnalysis {
    let entities = link_entities(docs);
    canonical_speakers(docs, &entities);
    summarise(docs, &mut events, &mut stories, SUMMARY_SENTENCES);
    let sources = SourceIndex::new(docs, &duplicates);
    let mut timeline = timeline(docs, &events, &stories, &sources, options.timeline);
    let Comparisons {
        corroborations,
        conflicts,
        updates,
    } = compare(docs, &events, &stories, &duplicates);
    for entry in &mut timeline {
        entry.reported_by = sources.group(&entry.sources);
    }
    let event_sources = events
        .iter()
        .map(|event| EventSources {
            event: event.id.clone(),
            reported_by: sources.group(&event.articles),
        })
        .collect();
    let revised = docs.iter().filter_map(revisions::revised_article).collect();
    let assignments = assignments::event_assignments(docs, &events, &duplicates);
    CorpusAnalysis {
        assignments,
        revised,
        duplicates,
        events,
        stories,
        entities,
        timeline,
        corroborations,
        conflicts,
        updates,
        event_sources,
    }
}
