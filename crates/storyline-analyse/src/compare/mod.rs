//! Cross-source comparison: corroborated and conflicting claims, and running
//! counts shown as series.
//!
//! Two kinds of claims are compared, each in its own module:
//! * [`quotes`]: the same words quoted by independent sources (a corroboration),
//!   or given to different speakers (a conflict). Only confident attributions
//!   take part (see [`quotes::CONFIDENT_ATTRIBUTION`]).
//! * [`numbers`]: numbers about the same measured thing ([`measure`] reads what
//!   a number measures). The same value from independent sources corroborates;
//!   different values beyond rounding and hedges conflict; a running count that
//!   grows between publication days is an update.
//!
//! Every conflict carries an [`Explanation`] (matched phrase, sides with their
//! sources and dates) and a confidence, and conflicts are listed strongest first.

mod measure;
mod numbers;
mod quotes;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use storyline_model::union_find::{root, union};
use storyline_model::{Comparison, ComparisonSide, Doc, DuplicateGroup, Event, Story};

use crate::sources::SourceIndex;

/// What cross-source comparison finds in a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparisons {
    /// Claims independent sources make alike.
    pub corroborations: Vec<Comparison>,
    /// Claims independent sources make differently, strongest first.
    pub conflicts: Vec<Comparison>,
    /// Running counts reported at several times, as series.
    pub updates: Vec<Comparison>,
}

/// The scope, event and story each article belongs to, and the documents by id.
pub(crate) struct Corpus<'d> {
    pub by_id: HashMap<&'d str, &'d Doc>,
    /// The comparison scope of each article: its story, joined with the
    /// stories it is linked to (see [`scopes`]).
    pub story: HashMap<String, String>,
    pub event: HashMap<String, String>,
    pub sources: SourceIndex,
}

impl<'d> Corpus<'d> {
    fn new(
        docs: &'d [Doc],
        events: &[Event],
        stories: &[Story],
        duplicates: &[DuplicateGroup],
    ) -> Corpus<'d> {
        Corpus {
            by_id: docs.iter().map(|d| (d.article.id.as_str(), d)).collect(),
            story: scopes(docs, story_of(events, stories)),
            event: events
                .iter()
                .flat_map(|e| e.articles.iter().map(move |a| (a.clone(), e.id.clone())))
                .collect(),
            sources: SourceIndex::new(docs, duplicates),
        }
    }

    /// Whether two articles are independent sources (not copies, not one wire).
    pub fn independent(&self, a: &str, b: &str) -> bool {
        !self.sources.same_source(a, b)
    }

    /// The outlet of an article, or "unknown outlet".
    pub fn outlet(&self, article: &str) -> String {
        self.by_id
            .get(article)
            .and_then(|d| d.article.outlet_name())
            .unwrap_or("unknown outlet")
            .to_string()
    }

    /// The publication date of an article, when known.
    pub fn published(&self, article: &str) -> Option<NaiveDate> {
        self.by_id
            .get(article)
            .and_then(|d| d.article.published_date())
    }

    /// One side of a comparison: a claim and the articles making it.
    pub fn side<'a>(
        &self,
        claim: String,
        articles: impl IntoIterator<Item = &'a str>,
    ) -> ComparisonSide {
        let articles: BTreeSet<&str> = articles.into_iter().collect();
        let mut outlets: Vec<String> = Vec::new();
        for article in &articles {
            let outlet = self.outlet(article);
            if !outlets.contains(&outlet) {
                outlets.push(outlet);
            }
        }
        let dates: BTreeSet<NaiveDate> =
            articles.iter().filter_map(|a| self.published(a)).collect();
        ComparisonSide {
            claim,
            articles: articles.into_iter().map(str::to_string).collect(),
            outlets,
            dates: dates.into_iter().collect(),
        }
    }
}

/// The story each article belongs to.
fn story_of(events: &[Event], stories: &[Story]) -> BTreeMap<String, String> {
    let by_id: BTreeMap<&str, &Event> = events.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut map = BTreeMap::new();
    for story in stories {
        for event_id in &story.events {
            if let Some(event) = by_id.get(event_id.as_str()) {
                for article in &event.articles {
                    map.insert(article.clone(), story.id.clone());
                }
            }
        }
    }
    map
}

/// Days apart within which two articles of different stories can be linked.
const SCOPE_DAYS: i64 = 3;
/// Entity names two articles of different stories must share to be linked.
const SCOPE_SHARED_NAMES: usize = 2;
/// Names in more articles than this link nothing ("Iraq" in a war's coverage).
const SCOPE_MAX_ARTICLES: usize = 200;

/// Comparison scopes: each story, joined with every story one of whose
/// articles shares at least [`SCOPE_SHARED_NAMES`] entity names (none named
/// by more than [`SCOPE_MAX_ARTICLES`] articles) with one of its articles
/// published within [`SCOPE_DAYS`]. The clustering keeps stories apart when
/// their events are unlike (the day of an earthquake and the aid that came
/// three days later), but a death toll in one and in the other is one count;
/// every pair is still judged on its own words, so a wide scope only widens
/// what is looked at. Returns each article's scope, named by the first story id.
fn scopes(docs: &[Doc], story: BTreeMap<String, String>) -> HashMap<String, String> {
    let story_ids: Vec<&String> = story
        .values()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index_of: BTreeMap<&String, usize> =
        story_ids.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        if !story.contains_key(&doc.article.id) {
            continue;
        }
        // Inserted one by one: collecting would first hold one string per mention.
        let mut names: BTreeSet<String> = BTreeSet::new();
        for mention in &doc.mentions {
            names.insert(mention.entity.as_str().to_lowercase());
        }
        for name in names {
            by_name.entry(name).or_default().push(d);
        }
    }
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for members in by_name.values() {
        if members.len() > SCOPE_MAX_ARTICLES {
            continue;
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut parent: Vec<usize> = (0..story_ids.len()).collect();
    for ((a, b), count) in shared {
        if count < SCOPE_SHARED_NAMES {
            continue;
        }
        let (da, db) = (&docs[a], &docs[b]);
        let near = match (da.article.published_date(), db.article.published_date()) {
            (Some(x), Some(y)) => (x - y).num_days().abs() <= SCOPE_DAYS,
            _ => false,
        };
        let (Some(sa), Some(sb)) = (story.get(&da.article.id), story.get(&db.article.id)) else {
            continue;
        };
        if near && sa != sb {
            union(&mut parent, index_of[sa], index_of[sb]);
        }
    }
    // Name each scope by its smallest story id, so scopes do not depend on input order.
    let mut name: BTreeMap<usize, &String> = BTreeMap::new();
    for (i, id) in story_ids.iter().enumerate() {
        let r = root(&mut parent, i);
        name.entry(r).or_insert(id);
    }
    story
        .iter()
        .map(|(article, s)| {
            let r = root(&mut parent, index_of[s]);
            (article.clone(), name[&r].clone())
        })
        .collect()
}

/// Orders comparisons strongest first; ties by what they are about, then by
/// their first claim, so the order never depends on the input's.
pub fn rank_comparisons(list: &mut [Comparison]) {
    list.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.what.cmp(&b.what))
            .then_with(|| {
                let first = |c: &Comparison| {
                    c.claims
                        .first()
                        .map(|claim| (claim.article.clone(), claim.start))
                };
                first(a).cmp(&first(b))
            })
    });
}

/// Finds corroborations, conflicts and updates between articles of the same story.
pub fn compare(
    docs: &[Doc],
    events: &[Event],
    stories: &[Story],
    duplicates: &[DuplicateGroup],
) -> Comparisons {
    let corpus = Corpus::new(docs, events, stories, duplicates);
    let quoted = quotes::quote_comparisons(docs, &corpus);
    let numbers = numbers::number_comparisons(docs, &corpus);
    let mut corroborations = quoted.corroborations;
    corroborations.extend(numbers.corroborations);
    let mut conflicts = quoted.conflicts;
    conflicts.extend(numbers.conflicts);
    let mut updates = numbers.updates;
    for comparison in corroborations
        .iter_mut()
        .chain(conflicts.iter_mut())
        .chain(updates.iter_mut())
    {
        comparison.reported_by = corpus
            .sources
            .group(comparison.claims.iter().map(|c| &c.article));
    }
    rank_comparisons(&mut conflicts);
    rank_comparisons(&mut updates);
    Comparisons {
        corroborations,
        conflicts,
        updates,
    }
}
