//! The [`Report`] value: the JSON contract other tools read, and how it is built from the model.
//!
//! Building is where the report earns its invariants. Everything is put in a
//! deterministic order, and every span is checked against its article's clean text
//! so that `article.text.as_bytes()[start..end]` is exactly the stored `text`.
//! A span that does not slice exactly is re-anchored on the nearest occurrence of
//! its text, or dropped when its text is not in the article; either way a
//! diagnostic says so, because that is a bug in the stage that produced it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_model::{
    AliasLink, AssignmentMethod, ChangeKind, Citation, CompactString, Comparison, CorpusAnalysis,
    DateMethod, Diagnostic, Doc, Entity, EntityKind, Explanation, Granularity, MetaSource, Period,
    QuoteKind, Removed, SourceGroup, SpeakerMethod,
};

/// Version of the JSON layout, raised whenever a key changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole analysis of a corpus, in the shape `docs/report-format.md` describes.
///
/// This struct *is* the JSON contract: field names and order are what
/// [`crate::to_json`] writes and what other tools (the seed scorer among them) read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// What produced the report and how big it is.
    pub meta: Meta,
    /// Every article, by publication date (undated last), then id.
    pub articles: Vec<ArticleRecord>,
    /// Every time expression of every article, by article order then start offset.
    pub dates: Vec<DateRecord>,
    /// Entities across the corpus, by name then kind.
    pub entities: Vec<EntityRecord>,
    /// Every quote of every article, by article order then start offset.
    pub quotes: Vec<QuoteRecord>,
    /// Every quantity of every article, by article order then start offset.
    pub quantities: Vec<QuantityRecord>,
    /// Groups of articles that are copies of one another, by their first article.
    pub duplicates: Vec<DuplicateRecord>,
    /// Events, by date (undated last), then id.
    pub events: Vec<EventRecord>,
    /// Stories, by the position of their earliest event, then id.
    pub stories: Vec<StoryRecord>,
    /// Timeline entries, by story order, then date, then text.
    pub timeline: Vec<TimelineRecord>,
    /// Claims several outlets make alike, by `what`.
    pub corroborations: Vec<ComparisonRecord>,
    /// Claims outlets make differently, strongest (`confidence`) first, then by `what`.
    pub conflicts: Vec<ComparisonRecord>,
    /// Running counts reported on several days (series, not conflicts),
    /// strongest first, then by `what`.
    #[serde(default)]
    pub updates: Vec<ComparisonRecord>,
    /// Articles whose text changed after first capture, in article order.
    pub revisions: Vec<RevisedRecord>,
    /// Problems met on the way (unreadable files, inconsistent spans), by source then message.
    pub diagnostics: Vec<Diagnostic>,
}

/// What produced the report and how big it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// `storyline <version>`.
    pub generator: String,
    /// Version of the JSON layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Number of articles.
    pub n_articles: usize,
    /// Number of events.
    pub n_events: usize,
    /// Number of stories.
    pub n_stories: usize,
    /// Number of quotes.
    pub n_quotes: usize,
    /// Number of diagnostics.
    pub n_diagnostics: usize,
}

/// One article: metadata with provenance, the clean text every offset points into,
/// and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Article id (content hash of the raw input).
    pub id: String,
    /// The path or URL given on input.
    pub source: String,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// How `outlet` was obtained.
    pub outlet_from: Option<MetaSource>,
    /// How sure `outlet` is, given how it was obtained.
    pub outlet_confidence: Option<f32>,
    /// Headline.
    pub title: Option<String>,
    /// How `title` was obtained.
    pub title_from: Option<MetaSource>,
    /// How sure `title` is.
    pub title_confidence: Option<f32>,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
    /// How `published` was obtained.
    pub published_from: Option<MetaSource>,
    /// How sure `published` is.
    pub published_confidence: Option<f32>,
    /// Last modification date, `YYYY-MM-DD`, when the page states one.
    pub modified: Option<String>,
    /// How `modified` was obtained.
    pub modified_from: Option<MetaSource>,
    /// How sure `modified` is.
    pub modified_confidence: Option<f32>,
    /// Language tag (`en`, `en-GB`), when the page states one.
    pub language: Option<String>,
    /// Authors, as written.
    pub byline: Option<String>,
    /// The wire dateline the text opens with.
    pub dateline: Option<DatelineRecord>,
    /// Clean body text, paragraphs separated by blank lines. All offsets point here.
    pub text: String,
    /// Boilerplate taken out of the input, in input order.
    pub removed: Vec<Removed>,
    /// The version of the article reported: 1 unless its text changed after first capture.
    pub revision: u32,
    /// Every captured version, oldest first; empty when there was only one.
    pub revisions: Vec<RevisionRecord>,
    /// True when the text changed after first capture (`revision` > 1).
    pub changed_after_capture: bool,
}

/// One captured version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRecord {
    /// 1 for the first capture.
    pub number: u32,
    /// Content hash of that version's raw input.
    pub id: String,
    /// When the store first saw it (UTC, RFC 3339), when known.
    pub captured: Option<String>,
    /// The modification date the version states, when it states one.
    pub modified: Option<String>,
}

/// What changed in one article since its first capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisedRecord {
    /// Article id.
    pub article: String,
    /// The current version's number.
    pub revision: u32,
    /// Changed sentences, in the reading order of the current text.
    pub changes: Vec<ChangeRecord>,
}

/// One sentence that changed between the first capture and the current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// `added`, `removed` or `edited`.
    pub kind: ChangeKind,
    /// The sentence as first captured (null when added).
    pub before: Option<String>,
    /// The sentence in the current text (null when removed): a span of the article.
    pub after: Option<SpanText>,
}

/// A wire dateline ("BRUSSELS (AP) —") and where it stands in the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatelineRecord {
    /// The whole dateline, exactly `text[start..end]` of the article.
    pub text: String,
    /// The place as written.
    pub place: String,
    /// The agency credit, if any.
    pub agency: Option<String>,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// A time expression of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateRecord {
    /// Article id.
    pub article: String,
    /// The expression as written.
    pub text: String,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// TimeML value (`2022-11-21`, `2022-W47`, `P3D`, `PRESENT_REF`), or null when unresolved.
    pub value: Option<String>,
    /// How fine `value` is.
    pub granularity: Granularity,
    /// `absolute`, `anchored` or `unresolved`.
    pub method: DateMethod,
    /// Confidence that `value` is right, in [0, 1] (0 when unresolved).
    pub confidence: f32,
}

/// An entity across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Canonical (fullest) name.
    pub name: String,
    /// `person`, `organisation`, `place` or `other`.
    pub kind: EntityKind,
    /// Other names used for it, sorted, without `name` itself.
    pub aliases: Vec<String>,
    /// Every mention, by article order then start offset.
    pub mentions: Vec<Citation>,
    /// How each alias was linked to the entity, by alias: the surest link
    /// among the mentions written that way.
    pub alias_links: Vec<AliasLink>,
}

/// An article's membership in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentRecord {
    /// Article id.
    pub article: String,
    /// `cluster-consensus`, `duplicate` or `singleton`.
    pub method: AssignmentMethod,
    /// Confidence that the article belongs to the event, in [0, 1].
    pub confidence: f32,
}

/// A quote and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// Article id.
    pub article: CompactString,
    /// The quoted words (direct quotes without their quotation marks).
    pub text: String,
    /// Canonical speaker name, or null when unattributed.
    pub speaker: Option<CompactString>,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// `direct` or `indirect`.
    pub kind: QuoteKind,
    /// The cue verb or phrase ("said", "told reporters").
    pub cue: Option<CompactString>,
    /// How the speaker was found: `cue-verb`, `pronoun`, `role-noun`, `previous-speaker`, ….
    pub method: SpeakerMethod,
    /// Confidence in the attribution, in [0, 1].
    pub confidence: f32,
    /// Where the speaker is named for this quote ("he", "the NATO chief").
    pub speaker_mention: Option<SpanText>,
    /// `added` or `edited` when a revision of the article added or changed these
    /// words after first capture; null otherwise.
    pub revised: Option<String>,
}

/// A bare span of the same article as the item holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanText {
    /// Exactly `text[start..end]` of the article.
    pub text: CompactString,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// A number with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityRecord {
    /// Article id.
    pub article: String,
    /// The numeric value.
    pub value: f64,
    /// The whole expression ("about 6,300 ethnic Serbs").
    pub text: String,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Unit when the number measures rather than counts ("per cent", "km").
    pub unit: Option<String>,
    /// What is counted ("ethnic Serbs").
    pub counts: Option<String>,
    /// Approximation word ("about", "fewer than").
    pub approx: Option<String>,
    /// `added` or `edited` when a revision of the article added or changed this
    /// number after first capture; null otherwise.
    pub revised: Option<String>,
}

/// Articles that are copies of one another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateRecord {
    /// The earliest member.
    pub first: String,
    /// Every member, `first` included, in article order.
    pub articles: Vec<String>,
}

/// One happening reported by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable id.
    pub id: String,
    /// The day it happened (`2022-11-21`), when known.
    pub date: Option<NaiveDate>,
    /// A short title.
    pub title: String,
    /// Member articles, in article order.
    pub articles: Vec<String>,
    /// Extractive summary, in the summariser's order, each sentence cited.
    pub summary: Vec<Citation>,
    /// The independent sources behind it: each a first publisher with its copies
    /// (near-duplicates and articles sharing its wire credit), in article order.
    pub reported_by: Vec<SourceGroup>,
    /// True when every article behind it is one source (a wire story and its reprints).
    pub single_sourced: bool,
    /// How each member article came to be in the event, in article order.
    pub assignments: Vec<AssignmentRecord>,
}

/// Events linked over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryRecord {
    /// Stable id.
    pub id: String,
    /// A short title.
    pub title: String,
    /// Member event ids, in event order.
    pub events: Vec<String>,
    /// Extractive summary, in the summariser's order, each sentence cited.
    pub summary: Vec<Citation>,
}

/// A dated line of a story's timeline: a date the coverage points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRecord {
    /// The day, month or year (`2022-11-21`, `2022-07`, `1999`).
    pub date: Period,
    /// What happened: the entry's summary sentences.
    pub text: String,
    /// The one or two sentences `text` is made of, cited.
    pub summary: Vec<Citation>,
    /// How much the coverage points at the date (see `docs/report-format.md`).
    pub salience: f32,
    /// Articles referring to the date, in article order.
    pub sources: Vec<String>,
    /// The sentences referring to the date, by article order then start offset.
    pub citations: Vec<Citation>,
    /// Id of the story the entry belongs to.
    pub story: String,
    /// True for dates well before the story's own events.
    pub background: bool,
    /// The independent sources behind it: each a first publisher with its copies
    /// (near-duplicates and articles sharing its wire credit), in article order.
    pub reported_by: Vec<SourceGroup>,
    /// True when every article behind it is one source (a wire story and its reprints).
    pub single_sourced: bool,
}

/// A claim several articles make alike (corroboration) or differently (conflict).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRecord {
    /// What the claim is about.
    pub what: String,
    /// The claims, by article order then start offset.
    pub claims: Vec<Citation>,
    /// The outlets behind the claims, in claim order where known.
    pub outlets: Vec<String>,
    /// The independent sources behind it: each a first publisher with its copies
    /// (near-duplicates and articles sharing its wire credit), in article order.
    pub reported_by: Vec<SourceGroup>,
    /// True when every article behind it is one source (a wire story and its reprints).
    pub single_sourced: bool,
    /// How strong the comparison is, in [0, 1] (a ranking score; see the README).
    #[serde(default)]
    pub confidence: f32,
    /// Why the claims were compared: the matched phrase, a reason and the
    /// sides with their articles, outlets and dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Explanation>,
}

/// What the reports show where a record names no outlet.
pub const UNKNOWN_OUTLET: &str = "unknown outlet";

impl ArticleRecord {
    /// A short name for the article's source: its outlet; else, for a record
    /// of a JSON, JSONL or feed file (`file#N`), [`UNKNOWN_OUTLET`] (a record
    /// number is no outlet); else the last part of its path or URL (a file's
    /// name often names its outlet).
    pub fn source_name(&self) -> String {
        match &self.outlet {
            Some(outlet) if !outlet.trim().is_empty() => outlet.clone(),
            _ if self.source.contains('#') => UNKNOWN_OUTLET.to_string(),
            _ => self
                .source
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(&self.source)
                .to_string(),
        }
    }
}

impl Report {
    /// Builds the report from annotated articles, the corpus analysis and the
    /// diagnostics collected so far.
    ///
    /// Never fails: items that point at unknown articles or whose text is not in
    /// their article are dropped, and each drop or repair is added to
    /// `diagnostics` (with a message starting `report:`).
    pub fn build(docs: &[Doc], analysis: &CorpusAnalysis, diagnostics: &[Diagnostic]) -> Report {
        Report::build_with(docs, None, analysis, None, diagnostics).0
    }

    /// [`Report::build`] taking the documents and the analysis by value: each
    /// entity's mentions move into the report instead of being copied, and
    /// what the report does not read of a document (its entity mentions, which
    /// the report takes from the analysis, and its sentences) is freed before
    /// it is built. For one long article these were the run's peak.
    pub fn build_owned(
        mut docs: Vec<Doc>,
        mut analysis: CorpusAnalysis,
        diagnostics: &[Diagnostic],
    ) -> Report {
        let mut lists = Vec::with_capacity(docs.len());
        for doc in &mut docs {
            doc.mentions = Vec::new();
            doc.sentences = Vec::new();
            lists.push(DocLists {
                dates: std::mem::take(&mut doc.dates),
                quotes: std::mem::take(&mut doc.quotes),
                quantities: std::mem::take(&mut doc.quantities),
            });
        }
        let entities = std::mem::take(&mut analysis.entities);
        let (mut report, origins) =
            Report::build_with(&docs, Some(lists), &analysis, Some(entities), diagnostics);
        // The texts move into the records last: the other lists read them.
        for (record, origin) in report.articles.iter_mut().zip(origins) {
            record.text = std::mem::take(&mut docs[origin].article.text);
        }
        report
    }

    /// [`Report::build`], with the analysis's entities given apart when owned,
    /// and the position in `docs` of each reported article. When the lists
    /// are owned the article records are left without their texts, which
    /// the caller moves in.
    fn build_with(
        docs: &[Doc],
        owned_lists: Option<Vec<DocLists>>,
        analysis: &CorpusAnalysis,
        owned_entities: Option<Vec<Entity>>,
        diagnostics: &[Diagnostic],
    ) -> (Report, Vec<usize>) {
        let mut builder = Builder::new(docs, owned_lists, diagnostics);
        for revised in &analysis.revised {
            for item in &revised.altered {
                builder.altered.insert(
                    (
                        revised.article.clone(),
                        item.what.clone(),
                        item.span.start,
                        item.span.end,
                    ),
                    item.how.clone(),
                );
            }
        }
        let articles = builder.articles();
        let dates = builder.dates();
        let quotes = builder.quotes();
        let quantities = builder.quantities();
        let entities = match owned_entities {
            Some(owned) => builder.entities(owned.into_iter().map(Cow::Owned)),
            None => builder.entities(analysis.entities.iter().map(Cow::Borrowed)),
        };
        let duplicates = builder.duplicates(analysis);
        let events = builder.events(analysis);
        let stories = builder.stories(analysis, &events);
        let timeline = builder.timeline(analysis, &stories);
        let corroborations = builder.comparisons(&analysis.corroborations, "corroboration");
        let conflicts = builder.comparisons(&analysis.conflicts, "conflict");
        let updates = builder.comparisons(&analysis.updates, "update");
        let revisions = builder.revisions(analysis);
        let mut diagnostics = builder.diagnostics;
        diagnostics.sort_by(|a, b| (&a.source, &a.message).cmp(&(&b.source, &b.message)));
        diagnostics.dedup();
        let origins = builder.origins;

        let report = Report {
            meta: Meta {
                generator: format!("storyline {}", env!("CARGO_PKG_VERSION")),
                schema_version: SCHEMA_VERSION,
                n_articles: articles.len(),
                n_events: events.len(),
                n_stories: stories.len(),
                n_quotes: quotes.len(),
                n_diagnostics: diagnostics.len(),
            },
            articles,
            dates,
            entities,
            quotes,
            quantities,
            duplicates,
            events,
            stories,
            timeline,
            corroborations,
            conflicts,
            updates,
            revisions,
            diagnostics,
        };
        (report, origins)
    }

    /// Position of an article in [`Report::articles`], by id.
    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.id == id)
    }
}

/// Where a claimed span really is in its article.
#[derive(Debug, PartialEq, Eq)]
enum Anchor {
    /// The offsets slice exactly.
    Exact,
    /// The offsets were wrong but the text occurs at these offsets (the occurrence nearest the claimed start).
    Moved(usize, usize),
    /// The text does not occur in the article.
    Lost,
}

fn anchor(article_text: &str, quoted: &str, start: usize, end: usize) -> Anchor {
    if article_text.get(start..end) == Some(quoted) {
        return Anchor::Exact;
    }
    if quoted.is_empty() {
        return Anchor::Lost;
    }
    article_text
        .match_indices(quoted)
        .map(|(at, _)| at)
        .min_by_key(|&at| at.abs_diff(start))
        .map_or(Anchor::Lost, |at| Anchor::Moved(at, at + quoted.len()))
}

/// A record of an article's list, ordered by its span and then its text.
trait SpanOrdered {
    fn span_key(&self) -> (usize, usize, &str);
}

macro_rules! span_ordered {
    ($($record:ty),*) => {$(
        impl SpanOrdered for $record {
            fn span_key(&self) -> (usize, usize, &str) {
                (self.start, self.end, &self.text)
            }
        }
    )*};
}

span_ordered!(DateRecord, QuoteRecord, QuantityRecord);

/// Sorts one article's records by span and text. Annotators list them in text
/// order already, so this usually only checks, and then allocates nothing (a
/// stable sort takes a buffer of half the list).
fn sort_by_span<T: SpanOrdered>(records: &mut [T]) {
    if !records.is_sorted_by(|a, b| a.span_key() <= b.span_key()) {
        records.sort_by(|a, b| a.span_key().cmp(&b.span_key()));
    }
}

/// A document's dates, quotes and quantities, taken out of it when the report
/// is built from owned documents, so their records take their strings
/// instead of copying them.
#[derive(Default)]
struct DocLists {
    dates: Vec<storyline_model::TimeExpr>,
    quotes: Vec<storyline_model::Quote>,
    quantities: Vec<storyline_model::Quantity>,
}

/// Builds the report's parts, keeping the article order and the diagnostics it adds.
struct Builder<'d> {
    /// Articles in report order, without repeated ids.
    docs: Vec<&'d Doc>,
    /// The lists taken out of `docs` (same order), when they were owned;
    /// otherwise empty, and the lists are read from `docs`.
    owned_lists: Vec<DocLists>,
    /// Article id to position in `docs`.
    position: HashMap<&'d str, usize>,
    /// Position of each of `docs` in the documents given.
    origins: Vec<usize>,
    /// Diagnostics given plus those the report adds.
    diagnostics: Vec<Diagnostic>,
    /// (article, what, start, end) of quotes and numbers a revision altered, and how.
    altered: HashMap<(String, String, usize, usize), String>,
}

impl<'d> Builder<'d> {
    fn new(
        docs: &'d [Doc],
        owned_lists: Option<Vec<DocLists>>,
        diagnostics: &[Diagnostic],
    ) -> Self {
        let mut taken = owned_lists.map(|lists| lists.into_iter().map(Some).collect::<Vec<_>>());
        let mut sorted: Vec<(usize, &Doc)> = docs.iter().enumerate().collect();
        sorted.sort_by(|(_, a), (_, b)| {
            let (a, b) = (&a.article, &b.article);
            let key = |x: &'d storyline_model::Article| {
                (x.published_date().is_none(), x.published_date())
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| a.source.cmp(&b.source))
        });
        let mut builder = Builder {
            docs: Vec::with_capacity(sorted.len()),
            owned_lists: Vec::new(),
            position: HashMap::new(),
            origins: Vec::with_capacity(sorted.len()),
            diagnostics: diagnostics.to_vec(),
            altered: HashMap::new(),
        };
        for (origin, doc) in sorted {
            let id = doc.article.id.as_str();
            if builder.position.contains_key(id) {
                builder.report(
                    &doc.article.source,
                    format!("article {id} appears twice; only the first copy is reported"),
                );
                continue;
            }
            builder.position.insert(id, builder.docs.len());
            builder.docs.push(doc);
            builder.origins.push(origin);
            if let Some(taken) = &mut taken {
                builder
                    .owned_lists
                    .push(taken[origin].take().unwrap_or_default());
            }
        }
        builder
    }

    /// How many items one list holds over all documents: `taken` reads it
    /// from the lists taken out of owned documents, `stored` from a document.
    fn list_len<T>(&self, taken: fn(&DocLists) -> &Vec<T>, stored: fn(&Doc) -> &Vec<T>) -> usize {
        (0..self.docs.len())
            .map(|i| match self.owned_lists.get(i) {
                Some(lists) => taken(lists).len(),
                None => stored(self.docs[i]).len(),
            })
            .sum()
    }

    /// One list of the document at `idx` as owned values: moved out of the
    /// lists taken from owned documents, else copied from the document.
    fn owned_list<T: Clone>(
        &mut self,
        idx: usize,
        taken: fn(&mut DocLists) -> &mut Vec<T>,
        stored: fn(&Doc) -> &Vec<T>,
    ) -> Vec<T> {
        match self.owned_lists.get_mut(idx) {
            Some(lists) => std::mem::take(taken(lists)),
            None => stored(self.docs[idx]).clone(),
        }
    }

    /// How a revision altered the item of `article` at `start..end`, if it did.
    fn altered(&self, article: &str, what: &str, start: usize, end: usize) -> Option<String> {
        self.altered
            .get(&(article.to_string(), what.to_string(), start, end))
            .cloned()
    }

    fn revisions(&mut self, analysis: &CorpusAnalysis) -> Vec<RevisedRecord> {
        let mut out: Vec<(usize, RevisedRecord)> = Vec::new();
        for revised in &analysis.revised {
            let Some(&idx) = self.position.get(revised.article.as_str()) else {
                continue;
            };
            let text = self.docs[idx].article.text.clone();
            let changes = revised
                .changes
                .iter()
                .map(|c| ChangeRecord {
                    kind: c.kind,
                    before: c.before.clone(),
                    after: c.span.and_then(|s| {
                        text.get(s.start..s.end).map(|t| SpanText {
                            text: t.into(),
                            start: s.start,
                            end: s.end,
                        })
                    }),
                })
                .filter(|c| c.kind == ChangeKind::Removed || c.after.is_some())
                .collect();
            out.push((
                idx,
                RevisedRecord {
                    article: revised.article.clone(),
                    revision: revised.revision,
                    changes,
                },
            ));
        }
        out.sort_by_key(|(idx, _)| *idx);
        out.into_iter().map(|(_, r)| r).collect()
    }

    /// Adds a diagnostic raised by the report itself.
    fn report(&mut self, source: &str, message: String) {
        self.diagnostics.push(Diagnostic {
            source: source.to_string(),
            message: format!("report: {message}"),
        });
    }

    /// Checks one span of the article at `idx`; returns the offsets to report, if any.
    fn check_span(
        &mut self,
        idx: usize,
        quoted: &str,
        start: usize,
        end: usize,
        what: &str,
    ) -> Option<(usize, usize)> {
        let article = &self.docs[idx].article;
        match anchor(&article.text, quoted, start, end) {
            Anchor::Exact => Some((start, end)),
            Anchor::Moved(s, e) => {
                let source = article.source.clone();
                self.report(
                    &source,
                    format!(
                        "{what} at {start}..{end} did not slice its text; re-anchored at {s}..{e}"
                    ),
                );
                Some((s, e))
            }
            Anchor::Lost => {
                let source = article.source.clone();
                self.report(
                    &source,
                    format!("dropped {what} at {start}..{end}: its text is not in the article"),
                );
                None
            }
        }
    }

    /// The checked span of a citation from the corpus analysis (see
    /// `check_span`), `None` (with a diagnostic) when it cannot be kept.
    fn checked_span(&mut self, citation: &Citation, what: &str) -> Option<(usize, usize)> {
        let Some(&idx) = self.position.get(citation.article.as_str()) else {
            self.report(
                "report",
                format!(
                    "dropped {what}: article {} is not in the report",
                    citation.article
                ),
            );
            return None;
        };
        self.check_span(idx, &citation.text, citation.start, citation.end, what)
    }

    /// Checks a citation from the corpus analysis.
    fn cite(&mut self, citation: &Citation, what: &str) -> Option<Citation> {
        let (start, end) = self.checked_span(citation, what)?;
        Some(Citation {
            article: citation.article.clone(),
            text: citation.text.clone(),
            start,
            end,
        })
    }

    /// [`Builder::cites`] of citations it may keep: the ones that check are
    /// moved, not copied.
    fn cites_owned(&mut self, citations: Vec<Citation>, what: &str) -> Vec<Citation> {
        let mut out = Vec::with_capacity(citations.len());
        for mut citation in citations {
            if let Some((start, end)) = self.checked_span(&citation, what) {
                citation.start = start;
                citation.end = end;
                out.push(citation);
            }
        }
        self.sort_citations(&mut out);
        out.dedup();
        out
    }

    /// Checks and sorts a list of citations.
    fn cites(&mut self, citations: &[Citation], what: &str) -> Vec<Citation> {
        let mut out: Vec<Citation> = citations
            .iter()
            .filter_map(|c| self.cite(c, what))
            .collect();
        self.sort_citations(&mut out);
        out.dedup();
        out
    }

    /// Sorts citations in article order, then by start, then by end (stable;
    /// each article looked up once per citation, not per comparison).
    fn sort_citations(&self, citations: &mut [Citation]) {
        citations.sort_by_cached_key(|c| self.citation_key(c));
    }

    /// A citation's place: its article's position, start, end.
    fn citation_key(&self, c: &Citation) -> (Option<usize>, usize, usize) {
        (
            self.position.get(c.article.as_str()).copied(),
            c.start,
            c.end,
        )
    }

    /// A sort key for a list of citations, to break ties between items otherwise alike.
    fn cites_key<'c>(
        &self,
        citations: &'c [Citation],
    ) -> Vec<(Option<usize>, usize, usize, &'c str)> {
        citations
            .iter()
            .map(|c| {
                (
                    self.position.get(c.article.as_str()).copied(),
                    c.start,
                    c.end,
                    c.text.as_str(),
                )
            })
            .collect()
    }

    /// Keeps known article ids, in article order, without repeats.
    fn known_articles(&mut self, ids: &[String], what: &str) -> Vec<String> {
        let mut known = BTreeSet::new();
        for id in ids {
            match self.position.get(id.as_str()) {
                Some(&idx) => {
                    known.insert(idx);
                }
                None => self.report(
                    "report",
                    format!("{what} names article {id}, which is not in the report"),
                ),
            }
        }
        known
            .into_iter()
            .map(|idx| self.docs[idx].article.id.clone())
            .collect()
    }

    /// Source groups restricted to articles in the report, in the order of their
    /// first articles, copies in article order; `ids` stand alone as sources when the analysis grouped none (an
    /// analysis stored before sources were grouped).
    fn source_groups(
        &mut self,
        groups: &[SourceGroup],
        ids: &[String],
    ) -> (Vec<SourceGroup>, bool) {
        let known = |b: &Self, id: &str| b.position.contains_key(id);
        let mut seen = BTreeSet::new();
        let mut out: Vec<SourceGroup> = if groups.is_empty() {
            ids.iter()
                .filter(|id| known(self, id) && seen.insert(id.as_str()))
                .map(|id| SourceGroup {
                    first: id.clone(),
                    outlet: self.docs[self.position[id.as_str()]]
                        .article
                        .outlet_name()
                        .map(str::to_string),
                    wire: None,
                    copies: Vec::new(),
                })
                .collect()
        } else {
            groups
                .iter()
                .filter_map(|g| {
                    // The analysis named the first publisher (the wire before a
                    // same-day reprint); only when it is missing does the
                    // earliest remaining article stand in.
                    let mut members: Vec<String> = g
                        .copies
                        .iter()
                        .filter(|id| known(self, id))
                        .cloned()
                        .collect();
                    members.sort_by_key(|id| self.position[id.as_str()]);
                    let first = if known(self, &g.first) {
                        g.first.clone()
                    } else if members.is_empty() {
                        return None;
                    } else {
                        members.remove(0)
                    };
                    let outlet = if first == g.first {
                        g.outlet.clone()
                    } else {
                        self.docs[self.position[first.as_str()]]
                            .article
                            .outlet_name()
                            .map(str::to_string)
                    };
                    Some(SourceGroup {
                        first,
                        outlet,
                        wire: g.wire.clone().filter(|_| !members.is_empty()),
                        copies: members,
                    })
                })
                .collect()
        };
        out.sort_by_key(|g| self.position[g.first.as_str()]);
        let single = out.len() == 1;
        (out, single)
    }

    fn articles(&mut self) -> Vec<ArticleRecord> {
        let docs = self.docs.clone();
        docs.iter()
            .map(|doc| {
                let a = &doc.article;
                let dateline = a
                    .dateline
                    .as_ref()
                    .and_then(|d| match a.text.get(d.start..d.end) {
                        Some(text) => Some(DatelineRecord {
                            text: text.to_string(),
                            place: d.place.clone(),
                            agency: d.agency.clone(),
                            start: d.start,
                            end: d.end,
                        }),
                        None => {
                            self.report(
                                &a.source,
                                format!(
                                    "dropped dateline at {}..{}: not a range of the text",
                                    d.start, d.end
                                ),
                            );
                            None
                        }
                    });
                ArticleRecord {
                    id: a.id.clone(),
                    source: a.source.clone(),
                    url: a.url.clone(),
                    outlet: a.outlet.as_ref().map(|o| o.value.clone()),
                    outlet_from: a.outlet.as_ref().map(|o| o.from),
                    outlet_confidence: a.outlet.as_ref().map(|o| o.confidence()),
                    title: a.title.as_ref().map(|t| t.value.clone()),
                    title_from: a.title.as_ref().map(|t| t.from),
                    title_confidence: a.title.as_ref().map(|t| t.confidence()),
                    published: a.published.as_ref().map(|p| p.value.to_string()),
                    published_from: a.published.as_ref().map(|p| p.from),
                    published_confidence: a.published.as_ref().map(|p| p.confidence()),
                    modified: a.modified.as_ref().map(|m| m.value.to_string()),
                    modified_from: a.modified.as_ref().map(|m| m.from),
                    modified_confidence: a.modified.as_ref().map(|m| m.confidence()),
                    language: a.language.as_ref().map(|l| l.value.clone()),
                    byline: a.byline.clone(),
                    dateline,
                    text: if self.owned_lists.is_empty() {
                        a.text.clone()
                    } else {
                        String::new()
                    },
                    removed: a.removed.clone(),
                    revision: doc.revision(),
                    revisions: doc
                        .revisions
                        .iter()
                        .map(|r| RevisionRecord {
                            number: r.number,
                            id: r.id.clone(),
                            captured: r.captured.clone(),
                            modified: r.modified.map(|m| m.to_string()),
                        })
                        .collect(),
                    changed_after_capture: doc.revision() > 1,
                }
            })
            .collect()
    }

    fn dates(&mut self) -> Vec<DateRecord> {
        let mut out = Vec::with_capacity(self.list_len(|l| &l.dates, |d| &d.dates));
        for (idx, doc) in self.docs.clone().into_iter().enumerate() {
            let begin = out.len();
            for d in self.owned_list(idx, |l| &mut l.dates, |d| &d.dates) {
                let Some((start, end)) = self.check_span(idx, &d.text, d.start, d.end, "date")
                else {
                    continue;
                };
                out.push(DateRecord {
                    article: doc.article.id.clone(),
                    text: d.text,
                    start,
                    end,
                    value: d.value,
                    granularity: d.granularity,
                    method: d.method,
                    confidence: d.confidence,
                });
            }
            sort_by_span(&mut out[begin..]);
        }
        out
    }

    fn quotes(&mut self) -> Vec<QuoteRecord> {
        let mut out = Vec::with_capacity(self.list_len(|l| &l.quotes, |d| &d.quotes));
        for (idx, doc) in self.docs.clone().into_iter().enumerate() {
            let text = doc.text();
            let begin = out.len();
            for q in self.owned_list(idx, |l| &mut l.quotes, |d| &d.quotes) {
                let Some((start, end)) = self.check_span(idx, &q.text, q.start, q.end, "quote")
                else {
                    continue;
                };
                let speaker_mention = q.speaker_span.and_then(|s| {
                    text.get(s.start..s.end).map(|t| SpanText {
                        text: t.into(),
                        start: s.start,
                        end: s.end,
                    })
                });
                if q.speaker_span.is_some() && speaker_mention.is_none() {
                    self.report(
                        &doc.article.source,
                        format!("dropped the speaker span of the quote at {start}..{end}: not a range of the text"),
                    );
                }
                out.push(QuoteRecord {
                    article: doc.article.id.as_str().into(),
                    revised: self.altered(&doc.article.id, "quote", q.start, q.end),
                    text: q.text,
                    speaker: q.speaker,
                    start,
                    end,
                    kind: q.kind,
                    cue: q.cue,
                    method: q.method,
                    confidence: q.confidence,
                    speaker_mention,
                });
            }
            sort_by_span(&mut out[begin..]);
        }
        out
    }

    fn quantities(&mut self) -> Vec<QuantityRecord> {
        let mut out = Vec::with_capacity(self.list_len(|l| &l.quantities, |d| &d.quantities));
        for (idx, doc) in self.docs.clone().into_iter().enumerate() {
            let begin = out.len();
            for q in self.owned_list(idx, |l| &mut l.quantities, |d| &d.quantities) {
                if !q.value.is_finite() {
                    self.report(
                        &doc.article.source,
                        format!(
                            "dropped quantity {:?}: its value is not a finite number",
                            q.text
                        ),
                    );
                    continue;
                }
                let Some((start, end)) = self.check_span(idx, &q.text, q.start, q.end, "quantity")
                else {
                    continue;
                };
                out.push(QuantityRecord {
                    article: doc.article.id.clone(),
                    revised: self.altered(&doc.article.id, "quantity", q.start, q.end),
                    value: q.value,
                    text: q.text,
                    start,
                    end,
                    unit: q.unit,
                    counts: q.counts,
                    approx: q.approx,
                });
            }
            sort_by_span(&mut out[begin..]);
        }
        out
    }

    fn entities<'e>(
        &mut self,
        entities: impl Iterator<Item = Cow<'e, Entity>>,
    ) -> Vec<EntityRecord> {
        let mut out: Vec<EntityRecord> = entities
            .map(|e| {
                let mut aliases: Vec<String> = e
                    .aliases
                    .iter()
                    .filter(|a| **a != e.name)
                    .cloned()
                    .collect();
                aliases.sort();
                aliases.dedup();
                let links: HashMap<&str, &AliasLink> = e
                    .alias_links
                    .iter()
                    .map(|l| (l.alias.as_str(), l))
                    .collect();
                let alias_links = aliases
                    .iter()
                    .filter_map(|alias| links.get(alias.as_str()).map(|l| (*l).clone()))
                    .collect();
                let what = format!("mention of {}", e.name);
                let (name, kind) = (e.name.clone(), e.kind);
                let mentions = match e {
                    Cow::Borrowed(e) => self.cites(&e.mentions, &what),
                    Cow::Owned(e) => self.cites_owned(e.mentions, &what),
                };
                EntityRecord {
                    name,
                    kind,
                    aliases,
                    mentions,
                    alias_links,
                }
            })
            .collect();
        // The mentions break ties only: their key (a list as long as the
        // entity's mentions) is built for entities alike in name and kind.
        out.sort_by(|a, b| {
            (&a.name, a.kind).cmp(&(&b.name, b.kind)).then_with(|| {
                self.cites_key(&a.mentions)
                    .cmp(&self.cites_key(&b.mentions))
            })
        });
        out
    }

    fn duplicates(&mut self, analysis: &CorpusAnalysis) -> Vec<DuplicateRecord> {
        let mut out: Vec<DuplicateRecord> = analysis
            .duplicates
            .iter()
            .filter_map(|g| {
                let articles = self.known_articles(&g.articles, "a duplicate group");
                let first = if articles.contains(&g.first) {
                    g.first.clone()
                } else {
                    articles.first()?.clone()
                };
                (articles.len() >= 2).then_some(DuplicateRecord { first, articles })
            })
            .collect();
        out.sort_by_key(|g| self.position.get(g.first.as_str()).copied());
        out
    }

    fn events(&mut self, analysis: &CorpusAnalysis) -> Vec<EventRecord> {
        let sources_of: HashMap<&str, &[SourceGroup]> = analysis
            .event_sources
            .iter()
            .map(|s| (s.event.as_str(), &s.reported_by[..]))
            .collect();
        let assignment_of: HashMap<(&str, &str), &storyline_model::EventAssignment> = analysis
            .assignments
            .iter()
            .map(|a| ((a.event.as_str(), a.article.as_str()), a))
            .collect();
        let mut out: Vec<EventRecord> = analysis
            .events
            .iter()
            .map(|e| {
                let articles = self.known_articles(&e.articles, &format!("event {}", e.id));
                let groups = sources_of.get(e.id.as_str()).copied().unwrap_or(&[]);
                let (reported_by, single_sourced) = self.source_groups(groups, &articles);
                let assignments = articles
                    .iter()
                    .filter_map(|id| {
                        assignment_of
                            .get(&(e.id.as_str(), id.as_str()))
                            .map(|a| AssignmentRecord {
                                article: id.clone(),
                                method: a.method,
                                confidence: a.confidence,
                            })
                    })
                    .collect();
                EventRecord {
                    assignments,
                    id: e.id.clone(),
                    date: e.date,
                    title: e.title.clone(),
                    articles,
                    summary: e
                        .summary
                        .iter()
                        .filter_map(|c| {
                            self.cite(c, &format!("summary sentence of event {}", e.id))
                        })
                        .collect(),
                    reported_by,
                    single_sourced,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id))
        });
        out
    }

    fn stories(&mut self, analysis: &CorpusAnalysis, events: &[EventRecord]) -> Vec<StoryRecord> {
        let event_position: HashMap<&str, usize> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut out: Vec<StoryRecord> = analysis
            .stories
            .iter()
            .map(|s| {
                let mut members = BTreeSet::new();
                for id in &s.events {
                    match event_position.get(id.as_str()) {
                        Some(&i) => {
                            members.insert(i);
                        }
                        None => self.report(
                            "report",
                            format!(
                                "story {} names event {id}, which is not in the report",
                                s.id
                            ),
                        ),
                    }
                }
                StoryRecord {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    events: members.into_iter().map(|i| events[i].id.clone()).collect(),
                    summary: s
                        .summary
                        .iter()
                        .filter_map(|c| {
                            self.cite(c, &format!("summary sentence of story {}", s.id))
                        })
                        .collect(),
                }
            })
            .collect();
        let first_event = |s: &StoryRecord| {
            s.events
                .first()
                .map_or(usize::MAX, |id| event_position[id.as_str()])
        };
        out.sort_by(|a, b| (first_event(a), &a.id).cmp(&(first_event(b), &b.id)));
        out
    }

    fn timeline(
        &mut self,
        analysis: &CorpusAnalysis,
        stories: &[StoryRecord],
    ) -> Vec<TimelineRecord> {
        let story_position: HashMap<&str, usize> = stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut out: Vec<TimelineRecord> = analysis
            .timeline
            .iter()
            .map(|t| {
                let sources =
                    self.known_articles(&t.sources, &format!("timeline entry {}", t.date));
                let (reported_by, single_sourced) = self.source_groups(&t.reported_by, &sources);
                TimelineRecord {
                    date: t.date,
                    text: t.text.clone(),
                    // Best first, as the analysis chose them.
                    summary: t
                        .summary
                        .iter()
                        .filter_map(|c| {
                            self.cite(c, &format!("summary of timeline entry {}", t.date))
                        })
                        .collect(),
                    salience: t.salience,
                    sources,
                    citations: self.cites(
                        &t.citations,
                        &format!("citation of timeline entry {}", t.date),
                    ),
                    story: t.story.clone(),
                    background: t.background,
                    reported_by,
                    single_sourced,
                }
            })
            .collect();
        let story = |t: &TimelineRecord| {
            story_position
                .get(t.story.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        };
        out.sort_by(|a, b| {
            (
                story(a),
                &a.story,
                &a.date,
                &a.text,
                self.cites_key(&a.citations),
            )
                .cmp(&(
                    story(b),
                    &b.story,
                    &b.date,
                    &b.text,
                    self.cites_key(&b.citations),
                ))
        });
        out
    }

    fn comparisons(&mut self, list: &[Comparison], kind: &str) -> Vec<ComparisonRecord> {
        let mut out: Vec<ComparisonRecord> = list
            .iter()
            .map(|c| {
                let what = format!("claim of {kind} {:?}", c.what);
                // Outlets are paired with claims when there is one per claim: keep the pairs together.
                if c.outlets.len() == c.claims.len() {
                    let mut pairs: Vec<(Citation, String)> = c
                        .claims
                        .iter()
                        .zip(&c.outlets)
                        .filter_map(|(claim, outlet)| {
                            Some((self.cite(claim, &what)?, outlet.clone()))
                        })
                        .collect();
                    pairs.sort_by_cached_key(|(c, _)| self.citation_key(c));
                    let (claims, outlets): (Vec<Citation>, Vec<String>) = pairs.into_iter().unzip();
                    let ids: Vec<String> = claims.iter().map(|c| c.article.to_string()).collect();
                    let (reported_by, single_sourced) = self.source_groups(&c.reported_by, &ids);
                    ComparisonRecord {
                        what: c.what.clone(),
                        claims,
                        outlets,
                        reported_by,
                        single_sourced,
                        confidence: c.confidence,
                        why: c.why.clone(),
                    }
                } else {
                    let claims = self.cites(&c.claims, &what);
                    let ids: Vec<String> = claims.iter().map(|c| c.article.to_string()).collect();
                    let (reported_by, single_sourced) = self.source_groups(&c.reported_by, &ids);
                    ComparisonRecord {
                        what: c.what.clone(),
                        claims,
                        outlets: c.outlets.clone(),
                        reported_by,
                        single_sourced,
                        confidence: c.confidence,
                        why: c.why.clone(),
                    }
                }
            })
            .collect();
        // Corroborations are listed by what they are about; conflicts and
        // updates strongest first.
        let ranked = kind != "corroboration";
        out.sort_by(|a, b| {
            let strength = if ranked {
                b.confidence.total_cmp(&a.confidence)
            } else {
                std::cmp::Ordering::Equal
            };
            strength.then_with(|| {
                (&a.what, self.cites_key(&a.claims)).cmp(&(&b.what, self.cites_key(&b.claims)))
            })
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_ordered_by_span_then_text() {
        let date = |start: usize, text: &str| DateRecord {
            article: "a".into(),
            text: text.into(),
            start,
            end: start + 4,
            value: None,
            granularity: Granularity::Day,
            method: DateMethod::Absolute,
            confidence: 1.0,
        };
        let mut records = vec![date(9, "b"), date(2, "x"), date(9, "a")];
        sort_by_span(&mut records);
        let order: Vec<(usize, &str)> = records.iter().map(|r| (r.start, &*r.text)).collect();
        assert_eq!(order, [(2, "x"), (9, "a"), (9, "b")]);
    }

    #[test]
    fn anchor_exact_moved_lost() {
        let text = "Kurti said no. Then Kurti said yes.";
        assert_eq!(anchor(text, "Kurti", 0, 5), Anchor::Exact);
        // Char offsets instead of byte offsets, or a stale text: re-anchor on the nearest copy.
        assert_eq!(anchor(text, "Kurti", 18, 23), Anchor::Moved(20, 25));
        assert_eq!(anchor(text, "Vucic", 0, 5), Anchor::Lost);
        // Offsets inside a multi-byte char never panic.
        assert_eq!(anchor("Vučić", "č", 3, 4), Anchor::Moved(2, 4));
        assert_eq!(anchor("abc", "", 7, 7), Anchor::Lost);
        assert_eq!(anchor("abc", "", 1, 1), Anchor::Exact);
    }
}
