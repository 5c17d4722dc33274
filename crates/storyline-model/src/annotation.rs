//! Per-article annotations: what the annotate stage finds in one article's clean text.

use serde::{Deserialize, Serialize};

use crate::{Article, CompactString, DateMethod, LinkMethod, Revision, SpeakerMethod};

/// A byte range into the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The covered part of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How fine a normalised time value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A calendar day: `2022-11-21`.
    Day,
    /// An ISO week: `2022-W47`.
    Week,
    /// A month: `2022-11`.
    Month,
    /// A season or quarter: `2022-Q3`.
    Quarter,
    /// A year: `2022`.
    Year,
    /// A decade: `199X` (TimeML) written as `199`.
    Decade,
    /// A century.
    Century,
    /// A duration: `P3D`.
    Duration,
    /// A deictic reference: `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Reference,
    /// A time of day on a known day: `2022-11-21TEV`.
    TimeOfDay,
}

/// A time expression and its normalised value (TimeML `TIMEX3` style).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// The expression as written.
    pub text: String,
    /// Start byte offset in the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// TimeML value: `2022-11-21`, `2022-11`, `2022-W47`, `P3D`, `PRESENT_REF`;
    /// `None` when the expression is relative and the article has no anchor date.
    pub value: Option<String>,
    /// How fine `value` is.
    pub granularity: Granularity,
    /// How the value was obtained: `absolute`, `anchored`, `unresolved`.
    pub method: DateMethod,
    /// Confidence that `value` is right, in [0, 1]: the value accuracy measured
    /// on labelled data for expressions of this kind (0 when unresolved).
    #[serde(default)]
    pub confidence: f32,
}

/// Kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation, government body, party or company.
    Organisation,
    /// A country, city, region or other place.
    Place,
    /// A named thing of another kind (an event, a law, a mission).
    Other,
}

/// One mention of an entity in an article, linked to the article-local entity it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The mention as written: "Mr Vucic", "the Serb leader".
    pub text: CompactString,
    /// Start byte offset in the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Entity kind.
    pub kind: EntityKind,
    /// Canonical name of the entity within this article: its fullest name.
    pub entity: CompactString,
    /// How the mention was linked: `name`, `surname`, `title`, `acronym`, `role`
    /// (`corpus` only in reports, for links made across articles).
    pub method: LinkMethod,
    /// Confidence that the mention names `entity`, in [0, 1].
    #[serde(default)]
    pub confidence: f32,
}

/// Whether a statement is verbatim, partly verbatim or reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Wholly inside quotation marks: the content is the quoted words.
    Direct,
    /// Reported speech around quoted fragments: "Vucic said the talks were
    /// 'absolutely constructive' and that Serbia had agreed ...". The content is
    /// the whole attributed statement, marks included.
    Mixed,
    /// Reported speech without quotation marks: "Borrell said he had urged Kosovo to ...".
    Indirect,
}

/// A quote and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The statement: for direct quotes the quoted words without the outer
    /// quotation marks; for mixed and indirect ones the attributed clause.
    pub text: String,
    /// Start byte offset in the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The statement's pieces when its attribution interrupts it (`“We will
    /// not give in,” she said. “Not now.”`): one span per quoted piece, in
    /// order, inside `start..end`; empty when the statement is one piece.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Span>,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Canonical speaker name, when attributed.
    pub speaker: Option<CompactString>,
    /// Where the speaker is named for this quote ("he", "the NATO chief", "Borrell").
    pub speaker_span: Option<Span>,
    /// The cue verb or phrase ("said", "told reporters", "tweeted").
    pub cue: Option<CompactString>,
    /// How the speaker was found: `cue-verb`, `pronoun`, `role-noun`,
    /// `description`, `previous-speaker`, `sentence-subject`,
    /// `adjacent-sentence` or `unattributed`.
    pub method: SpeakerMethod,
    /// Confidence in the attribution, in [0, 1].
    pub confidence: f32,
}

/// A number with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The whole expression: "about 6,300 ethnic Serbs".
    pub text: String,
    /// Start byte offset in the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The numeric value: 6300, 1800000, 5.
    pub value: f64,
    /// Unit when the number measures rather than counts: "per cent", "km", "euros".
    pub unit: Option<String>,
    /// What is counted, as written after the number: "ethnic Serbs".
    pub counts: Option<String>,
    /// Approximation word if any: "about", "around", "fewer than", "nearly".
    pub approx: Option<String>,
}

/// An article with every annotation the per-article stages made: the `Doc` of the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// The extracted article; all spans below point into `article.text`.
    pub article: Article,
    /// Sentence spans in order.
    pub sentences: Vec<Span>,
    /// Time expressions.
    pub dates: Vec<TimeExpr>,
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Quotes, in text order.
    pub quotes: Vec<Quote>,
    /// Quantities, in text order.
    pub quantities: Vec<Quantity>,
    /// Every captured version of the article, oldest first, the current one
    /// last; empty when the article never changed after first capture. The
    /// article and every span above are the current (latest captured) version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

impl Doc {
    /// Frees the spare capacity of the annotation lists (a list read back
    /// from JSON grew by doubling: up to half of a long article's mentions'
    /// or quotes' memory).
    pub fn shrink_to_fit(&mut self) {
        self.sentences.shrink_to_fit();
        self.dates.shrink_to_fit();
        self.mentions.shrink_to_fit();
        self.quotes.shrink_to_fit();
        self.quantities.shrink_to_fit();
    }

    /// A document with no annotations yet.
    pub fn new(article: Article) -> Self {
        Doc {
            article,
            sentences: Vec::new(),
            dates: Vec::new(),
            mentions: Vec::new(),
            quotes: Vec::new(),
            quantities: Vec::new(),
            revisions: Vec::new(),
        }
    }

    /// The number of the current version: 1 unless the article was revised.
    pub fn revision(&self) -> u32 {
        self.revisions.last().map_or(1, |r| r.number)
    }

    /// The clean text all spans point into.
    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Index of the sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.end <= offset);
        (idx < self.sentences.len() && self.sentences[idx].start <= offset).then_some(idx)
    }
}
