//! Incremental analysis: the articles stored since the last run are added to
//! the stored clustering ([`storyline_cluster::update`]), and only the stories
//! that changed are re-analysed; everything else of the stored analysis is kept.
//!
//! What differs from a rebuild, by design:
//! * event clustering, as documented in `storyline_cluster::update` (a chain
//!   of links crossing the edge of the re-clustered region is not followed);
//! * near-duplicates are grouped within the changed stories (a reprint filed
//!   under another story than its source is not grouped with it);
//! * entities of the changed stories are linked among themselves and merged
//!   with the stored ones by name, so an alias first met in a changed story
//!   joins an unchanged story's entity only when the names match.
//!
//! `analyze --rebuild` (or [`crate::Mode::Rebuild`]) recomputes everything.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use storyline_cluster::{Clustering, EventProfile, Sketch, SketchSource, TermStats};
use storyline_model::{
    Comparison, CorpusAnalysis, DuplicateGroup, Entity, Event, EventAssignment, EventSources,
    RevisedArticle, Story,
};
use storyline_store::Store;

use crate::{
    decode_sketch, duplicates_among, AnalyseOptions, Analysed, PipelineError, UpdateSummary,
};

/// The stored result of the last run, with the clustering state an update needs.
pub struct StoredClustering {
    /// The stored analysis.
    pub analysis: CorpusAnalysis,
    /// Its events and stories with each event's profile.
    pub clustering: Clustering,
}

impl StoredClustering {
    /// The stored analysis and event profiles, or `None` when there is no
    /// analysis or the profiles do not match its events (an older build, or a
    /// run that stopped between the two writes) or cannot be read (an older
    /// build's format).
    pub fn load(store: &Store) -> Result<Option<StoredClustering>, PipelineError> {
        let Some(analysis) = store.analysis()? else {
            return Ok(None);
        };
        let mut stored: HashMap<String, Vec<u8>> = store.event_profiles()?.into_iter().collect();
        if stored.len() != analysis.events.len() || analysis.events.is_empty() {
            return Ok(None);
        }
        let mut profiles = Vec::with_capacity(analysis.events.len());
        for event in &analysis.events {
            let Some(bytes) = stored.remove(&event.id) else {
                return Ok(None);
            };
            // A profile an older build wrote is not read: the run rebuilds.
            let Ok(profile) = EventProfile::from_bytes(&bytes) else {
                return Ok(None);
            };
            profiles.push(profile);
        }
        let clustering = Clustering {
            events: analysis.events.clone(),
            stories: analysis.stories.clone(),
            profiles,
        };
        Ok(Some(StoredClustering {
            analysis,
            clustering,
        }))
    }
}

/// Stored sketches, read on demand by the cluster update.
struct StoreSketches<'a>(&'a Store);

impl SketchSource for StoreSketches<'_> {
    type Error = PipelineError;

    fn near(&mut self, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Vec<Sketch>, PipelineError> {
        self.0
            .fingerprints_near(ranges)?
            .iter()
            .map(decode_sketch)
            .collect()
    }

    fn by_id(&mut self, ids: &[String]) -> Result<Vec<Sketch>, PipelineError> {
        self.0
            .fingerprints_of(ids)?
            .iter()
            .map(decode_sketch)
            .collect()
    }
}

/// The stored clustering with the articles stored since it was made added.
pub struct ClusteringUpdate {
    /// Events and stories after the update, with their profiles.
    pub after: Clustering,
    /// How many articles were added.
    pub added: usize,
    /// Per term, how many of the added articles contain it.
    added_counts: Vec<(u32, u64)>,
}

/// The clustering half of an incremental update: adds every stored article
/// that no stored event holds to `previous` ([`storyline_cluster::update`]),
/// reading only the stored sketches near the new articles' dates. `articles`
/// is the number of stored articles. Nothing is written: see
/// [`put_clustering_changes`].
pub fn add_unclustered(
    store: &Store,
    previous: &Clustering,
    articles: usize,
) -> Result<ClusteringUpdate, PipelineError> {
    let new: Vec<Sketch> = store
        .unclustered_fingerprints()?
        .iter()
        .map(decode_sketch)
        .collect::<Result<_, _>>()?;
    let clustered: u64 = previous
        .events
        .iter()
        .map(|e| e.articles.len() as u64)
        .sum();
    let mut stats = TermStats::from_counts(clustered, store.term_counts()?);
    let added_counts = TermStats::of(&new).counts();
    for sketch in &new {
        stats.add(sketch);
    }
    let after =
        storyline_cluster::update(previous, &new, &stats, articles, &mut StoreSketches(store))?;
    Ok(ClusteringUpdate {
        after,
        added: new.len(),
        added_counts,
    })
}

/// Stores the clustering state `update` leaves (the profiles of the events
/// it replaced are dropped, those of its new events stored, the term counts
/// of the added articles added), writing only what changed since `before`.
pub fn put_clustering_changes(
    store: &mut Store,
    before: &Clustering,
    update: &ClusteringUpdate,
) -> Result<(), PipelineError> {
    let kept: HashSet<&str> = update.after.events.iter().map(|e| e.id.as_str()).collect();
    let old: HashMap<&str, &EventProfile> = before
        .events
        .iter()
        .zip(&before.profiles)
        .map(|(e, profile)| (e.id.as_str(), profile))
        .collect();
    let removed: Vec<String> = before
        .events
        .iter()
        .filter(|e| !kept.contains(e.id.as_str()))
        .map(|e| e.id.clone())
        .collect();
    let added: Vec<(String, Vec<u8>)> = update
        .after
        .events
        .iter()
        .zip(&update.after.profiles)
        // A re-clustered event may keep its members (and id) with a profile
        // weighed by the new term counts.
        .filter(|(e, profile)| old.get(e.id.as_str()) != Some(profile))
        .map(|(e, profile)| (e.id.clone(), profile.to_bytes()))
        .collect();
    store.change_cluster_state(&removed, &added, &update.added_counts)?;
    Ok(())
}

/// Adds the unclustered articles to `previous` and re-analyses what changed,
/// reading only the documents of the changed stories.
pub(crate) fn update(
    store: &mut Store,
    articles: usize,
    previous: StoredClustering,
    options: AnalyseOptions,
) -> Result<Analysed, PipelineError> {
    let before = &previous.clustering;
    let update = add_unclustered(store, before, articles)?;
    let after = &update.after;

    let old_events: HashSet<&str> = before.events.iter().map(|e| e.id.as_str()).collect();
    let old_stories: HashSet<&str> = before.stories.iter().map(|s| s.id.as_str()).collect();
    let changed_events = after
        .events
        .iter()
        .filter(|e| !old_events.contains(e.id.as_str()))
        .count();
    let changed_stories: Vec<&Story> = after
        .stories
        .iter()
        .filter(|s| !old_stories.contains(s.id.as_str()))
        .collect();
    let event_by_id: HashMap<&str, &Event> =
        after.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let region_events: Vec<Event> = changed_stories
        .iter()
        .flat_map(|s| s.events.iter())
        .filter_map(|id| event_by_id.get(id.as_str()).map(|e| (*e).clone()))
        .collect();
    let region_ids: Vec<String> = region_events
        .iter()
        .flat_map(|e| e.articles.iter().cloned())
        .collect();
    let region: HashSet<&str> = region_ids.iter().map(String::as_str).collect();
    let region_prints = store.fingerprints_of(&region_ids)?;
    let region_duplicates: Vec<DuplicateGroup> = duplicates_among(store, &region_prints)?;
    let mut region_docs = store.docs_of(&region_ids)?;
    let region_stories: Vec<Story> = changed_stories.iter().map(|s| (*s).clone()).collect();
    storyline_analyse::infer_publication_dates(&mut region_docs, &region_events);
    let partial = storyline_analyse::analyse_with(
        &mut region_docs,
        region_duplicates,
        region_events,
        region_stories,
        options,
    );
    drop(region_docs);

    let analysis = merge(&previous.analysis, partial, after, &region);
    store.put_analysis(&analysis)?;
    put_clustering_changes(store, before, &update)?;
    Ok(Analysed {
        analysis,
        update: Some(UpdateSummary {
            added: update.added,
            events_changed: changed_events,
            stories_reanalysed: changed_stories.len(),
        }),
        articles,
        docs: None,
    })
}

/// The stored analysis with the re-analysed region (`partial`, over the
/// articles in `region`) put in place: events and stories in the order of
/// `after`, everything citing a region article taken from `partial`.
fn merge(
    previous: &CorpusAnalysis,
    partial: CorpusAnalysis,
    after: &Clustering,
    region: &HashSet<&str>,
) -> CorpusAnalysis {
    let outside = |article: &str| !region.contains(article);
    let events = latest(&after.events, &partial.events, &previous.events, |e| &e.id);
    let stories = latest(&after.stories, &partial.stories, &previous.stories, |s| {
        &s.id
    });

    let mut duplicates: Vec<DuplicateGroup> = previous
        .duplicates
        .iter()
        .filter(|g| g.articles.iter().all(|a| outside(a)))
        .cloned()
        .chain(partial.duplicates)
        .collect();
    duplicates.sort_by(|a, b| a.first.cmp(&b.first));

    let current: HashSet<&str> = stories.iter().map(|s| s.id.as_str()).collect();
    let kept_stories: HashSet<&str> = previous
        .stories
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| current.contains(id))
        .collect();
    let mut timeline_by_story: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for entry in previous
        .timeline
        .iter()
        .filter(|t| kept_stories.contains(t.story.as_str()))
        .chain(&partial.timeline)
    {
        timeline_by_story
            .entry(entry.story.as_str())
            .or_default()
            .push(entry.clone());
    }
    let timeline = stories
        .iter()
        .flat_map(|s| timeline_by_story.remove(s.id.as_str()).unwrap_or_default())
        .collect();

    let keep = |c: &&Comparison| c.claims.iter().all(|claim| outside(&claim.article));
    let corroborations = previous
        .corroborations
        .iter()
        .filter(keep)
        .cloned()
        .chain(partial.corroborations)
        .collect();
    let mut conflicts: Vec<Comparison> = previous
        .conflicts
        .iter()
        .filter(keep)
        .cloned()
        .chain(partial.conflicts)
        .collect();
    storyline_analyse::rank_comparisons(&mut conflicts);
    let updates = previous
        .updates
        .iter()
        .filter(keep)
        .cloned()
        .chain(partial.updates)
        .collect();

    let entities = merge_entities(&previous.entities, partial.entities, &outside);
    let mut sources: HashMap<&str, EventSources> = previous
        .event_sources
        .iter()
        .chain(&partial.event_sources)
        .map(|s| (s.event.as_str(), s.clone()))
        .collect();
    let event_sources = events
        .iter()
        .filter_map(|e| sources.remove(e.id.as_str()))
        .collect();
    let mut assigned: HashMap<&str, Vec<EventAssignment>> = HashMap::new();
    for assignment in previous
        .assignments
        .iter()
        .filter(|a| outside(&a.article))
        .chain(&partial.assignments)
    {
        assigned
            .entry(assignment.event.as_str())
            .or_default()
            .push(assignment.clone());
    }
    let assignments = events
        .iter()
        .flat_map(|e| assigned.remove(e.id.as_str()).unwrap_or_default())
        .collect();
    let mut revised: Vec<RevisedArticle> = previous
        .revised
        .iter()
        .filter(|r| outside(&r.article))
        .cloned()
        .chain(partial.revised)
        .collect();
    revised.sort_by(|a, b| a.article.cmp(&b.article));
    CorpusAnalysis {
        duplicates,
        events,
        stories,
        entities,
        timeline,
        corroborations,
        conflicts,
        updates,
        event_sources,
        revised,
        assignments,
    }
}

/// `order`'s items in its order, each as re-analysed (in `fresh`), else as
/// stored (in `stored`), else as `order` has it.
fn latest<T: Clone>(order: &[T], fresh: &[T], stored: &[T], id: fn(&T) -> &String) -> Vec<T> {
    let fresh: HashMap<&str, &T> = fresh.iter().map(|t| (id(t).as_str(), t)).collect();
    let stored: HashMap<&str, &T> = stored.iter().map(|t| (id(t).as_str(), t)).collect();
    order
        .iter()
        .map(|t| {
            let key = id(t).as_str();
            (*fresh.get(key).or(stored.get(key)).unwrap_or(&t)).clone()
        })
        .collect()
}

/// Stored entities with their region mentions dropped, merged by name and
/// kind with the region's entities, ordered as `storyline_analyse::link_entities`
/// orders them.
fn merge_entities(
    previous: &[Entity],
    region: Vec<Entity>,
    outside: &dyn Fn(&str) -> bool,
) -> Vec<Entity> {
    let mut merged: BTreeMap<(String, String), Entity> = BTreeMap::new();
    let key = |e: &Entity| (e.name.clone(), format!("{:?}", e.kind));
    for entity in previous {
        let mentions: Vec<_> = entity
            .mentions
            .iter()
            .filter(|m| outside(&m.article))
            .cloned()
            .collect();
        if mentions.is_empty() {
            continue;
        }
        merged.insert(
            key(entity),
            Entity {
                mentions,
                ..entity.clone()
            },
        );
    }
    for entity in region {
        match merged.get_mut(&key(&entity)) {
            Some(existing) => {
                for alias in entity.aliases {
                    if !existing.aliases.contains(&alias) {
                        existing.aliases.push(alias);
                    }
                }
                existing.aliases.sort();
                existing.mentions.extend(entity.mentions);
                storyline_analyse::merge_alias_links(&mut existing.alias_links, entity.alias_links);
            }
            None => {
                merged.insert(key(&entity), entity);
            }
        }
    }
    let mut entities: Vec<Entity> = merged.into_values().collect();
    storyline_analyse::sort_entities(&mut entities);
    entities
}
