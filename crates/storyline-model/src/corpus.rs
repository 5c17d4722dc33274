//! Corpus-level results: what the dedupe, cluster and analyse stages derive from many articles.

use serde::{Deserialize, Serialize};

use crate::{ArticleId, AssignmentMethod, Citation, EntityKind, LinkMethod, Period};

/// Articles that are copies of one another (syndicated wire copy, reprints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The earliest article of the group (by publication date, then id).
    pub first: ArticleId,
    /// Every member, `first` included, earliest first.
    pub articles: Vec<ArticleId>,
}

/// One happening reported by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the member articles.
    pub id: String,
    /// The day it happened (serialised `2022-11-21`), when known.
    pub date: Option<chrono::NaiveDate>,
    /// A short title.
    pub title: String,
    /// Member articles.
    pub articles: Vec<ArticleId>,
    /// Extractive summary, each sentence cited.
    pub summary: Vec<Citation>,
}

/// Events linked over time by actors and topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id derived from the member events.
    pub id: String,
    /// A short title.
    pub title: String,
    /// Member event ids, in date order.
    pub events: Vec<String>,
    /// Extractive summary, each sentence cited.
    pub summary: Vec<Citation>,
}

/// An entity across the corpus with every name it goes by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical (fullest) name.
    pub name: String,
    /// Entity kind.
    pub kind: EntityKind,
    /// Other names and descriptions used for it ("Mr Vucic", "the Serb leader").
    pub aliases: Vec<String>,
    /// Every mention, cited.
    pub mentions: Vec<Citation>,
    /// How each alias was linked to the entity: the surest link among the
    /// mentions written that way, or `corpus` when only the corpus-wide merge
    /// links it. Empty in analyses stored by builds before it existed.
    #[serde(default)]
    pub alias_links: Vec<AliasLink>,
}

/// How one alias was linked to its entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasLink {
    /// The alias as written.
    pub alias: String,
    /// `surname`, `title`, `role`, `acronym`; `corpus` when only the
    /// corpus-wide merge (a surname used alone in some article) links it.
    pub method: LinkMethod,
    /// Confidence in the link, in [0, 1].
    pub confidence: f32,
}

/// A dated line of a story's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The day, month or year (serialised `2022-11-21`, `2022-07`, `1999`).
    pub date: Period,
    /// What happened: the one or two sentences that best tell the date (`summary`).
    pub text: String,
    /// Articles referring to this date or telling it.
    pub sources: Vec<ArticleId>,
    /// The sentences (cited) that refer to this date.
    pub citations: Vec<Citation>,
    /// The story this entry belongs to.
    pub story: String,
    /// True for dates well before the story's own events (a 1999 war).
    pub background: bool,
    /// The independent sources behind `sources`: copies and shared wire credit count once.
    #[serde(default)]
    pub reported_by: Vec<SourceGroup>,
    /// How much the coverage points at the date (independent sources published
    /// that day or referring to it, and sentences naming it); the timeline keeps
    /// the dates that stand out.
    #[serde(default)]
    pub salience: f32,
    /// The one or two sentences `text` is made of, cited.
    #[serde(default)]
    pub summary: Vec<Citation>,
}

/// A claim several articles make alike, or make differently.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What the claim is about, in words.
    pub what: String,
    /// The claims, each cited, one per article at least.
    pub claims: Vec<Citation>,
    /// The outlets behind the claims, in claim order where known.
    pub outlets: Vec<String>,
    /// The independent sources behind the claims: copies and shared wire credit count once.
    #[serde(default)]
    pub reported_by: Vec<SourceGroup>,
    /// How strong the comparison is, in [0, 1]: a ranking score built from how
    /// closely the two sides' phrases and contexts match (see the README's "How
    /// conflicts are decided"). 0 in analyses stored before it existed.
    #[serde(default)]
    pub confidence: f32,
    /// Why the claims were compared and how they differ; absent in analyses
    /// stored before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Explanation>,
}

/// What kind of comparison a [`Comparison`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComparisonKind {
    /// The same words quoted by several sources.
    #[default]
    SameWords,
    /// The same number reported by several sources.
    SameNumber,
    /// Different numbers for the same counted thing at the same time.
    Numbers,
    /// The same words attributed to different speakers.
    Speakers,
    /// A running count reported at several times: a series, not a conflict.
    Update,
}

/// Why a comparison was made: the matched phrase and the sides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The kind of comparison.
    pub kind: ComparisonKind,
    /// The phrase both sides share: the counted noun phrase ("Kosovo Serbs",
    /// with its unit or rate) or the quoted words.
    pub matched: String,
    /// One sentence saying why the claims are compared this way.
    pub reason: String,
    /// The sides, one per distinct value or speaker; for an update, in date order.
    pub sides: Vec<ComparisonSide>,
}

/// One side of a comparison: a value or speaker and who reported it when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComparisonSide {
    /// The value as written ("about 6,300 ethnic Serbs") or the speaker's name.
    pub claim: String,
    /// The articles on this side.
    pub articles: Vec<ArticleId>,
    /// Their outlets, where known, without repeats.
    pub outlets: Vec<String>,
    /// Their publication dates, where known, earliest first, without repeats.
    pub dates: Vec<chrono::NaiveDate>,
}

/// One independent source among a set of articles: the first publisher and the
/// articles that are copies of it (near-duplicates) or share its wire credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceGroup {
    /// The earliest article of the source (by publication date, undated last, then id).
    pub first: ArticleId,
    /// The outlet that published `first`, when known.
    pub outlet: Option<String>,
    /// The wire agency the articles credit ("AP", "Reuters"), when that is what joins them.
    pub wire: Option<String>,
    /// The other articles of the set counted as this same source, earliest first.
    pub copies: Vec<ArticleId>,
}

/// The independent sources behind one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSources {
    /// The event id.
    pub event: String,
    /// Its member articles grouped into independent sources, first publisher first.
    pub reported_by: Vec<SourceGroup>,
}

/// Everything the corpus-wide stages derive, stored and reported as one unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusAnalysis {
    /// Near-duplicate groups (only groups of two or more).
    pub duplicates: Vec<DuplicateGroup>,
    /// Events, in date order.
    pub events: Vec<Event>,
    /// Stories, each a list of events.
    pub stories: Vec<Story>,
    /// Entities across articles, with aliases and cited mentions.
    pub entities: Vec<Entity>,
    /// Timeline entries of every story, in date order.
    pub timeline: Vec<TimelineEntry>,
    /// Claims several independent outlets make alike.
    pub corroborations: Vec<Comparison>,
    /// Claims outlets make differently, strongest first.
    pub conflicts: Vec<Comparison>,
    /// Running counts reported at several times (a death toll on day 3 and on
    /// day 9): series, not conflicts.
    #[serde(default)]
    pub updates: Vec<Comparison>,
    /// The independent sources behind each event, in `events` order.
    #[serde(default)]
    pub event_sources: Vec<EventSources>,
    /// Articles whose text changed after first capture, with what changed.
    #[serde(default)]
    pub revised: Vec<RevisedArticle>,
    /// How each article came to be in its event, and how sure that is.
    #[serde(default)]
    pub assignments: Vec<EventAssignment>,
}

/// An article's membership in an event, with how it was decided and how sure it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventAssignment {
    /// The article.
    pub article: ArticleId,
    /// The event it was put in.
    pub event: String,
    /// `cluster-consensus` (its words agree with the rest of the event), `duplicate`
    /// (a copy of another member) or `singleton` (alone in its event).
    pub method: AssignmentMethod,
    /// Confidence that the article belongs with the others, in [0, 1].
    pub confidence: f32,
}

/// How a sentence changed between two versions of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the later version.
    Added,
    /// Only in the earlier version.
    Removed,
    /// In both, reworded (most of its words kept).
    Edited,
}

/// One sentence that changed between two versions of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceChange {
    /// Added, removed or edited.
    pub kind: ChangeKind,
    /// The sentence in the earlier version (`None` when added).
    pub before: Option<String>,
    /// The sentence in the later version (`None` when removed).
    pub after: Option<String>,
    /// Byte span of `after` in the later version's text (`None` when removed).
    pub span: Option<crate::Span>,
}

/// A quote or number of the current text that a revision added or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlteredItem {
    /// `quote` or `quantity`.
    pub what: String,
    /// Its byte span in the current text.
    pub span: crate::Span,
    /// `added` (its sentence is new) or `edited` (its sentence was reworded and
    /// these words were not in the first capture).
    pub how: String,
}

/// An article that changed after first capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisedArticle {
    /// The article id (the first capture's content hash; it stays the id).
    pub article: ArticleId,
    /// The current version's number (2 or more).
    pub revision: u32,
    /// Sentences changed between the first capture and the current text;
    /// spans point into the current text.
    pub changes: Vec<SentenceChange>,
    /// Quotes and numbers of the current text a revision added or changed.
    pub altered: Vec<AlteredItem>,
}

/// A problem with one input, reported without stopping the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (and record) the problem is in.
    pub source: String,
    /// What is wrong, in words.
    pub message: String,
}
