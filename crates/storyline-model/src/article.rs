//! Source documents as read from disk and articles as extracted from them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Stable article identifier: a content hash of the raw input (see [`crate::content_hash`]).
pub type ArticleId = String;

/// What kind of bytes a [`RawDocument`] holds, deciding how it is extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    /// Plain text, possibly with stray inline HTML and scraped noise.
    Text,
    /// A saved HTML page.
    Html,
}

/// What a crawler or a sidecar file knows about a document besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// Publishing outlet, e.g. "Associated Press".
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
}

/// One document as read by the source stage: bytes plus what is known about them.
///
/// Serialisable, so a document can travel as a job on a queue to a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDocument {
    /// Where it came from: the path or URL given, with `#N` for the Nth record of a JSONL file.
    pub source: String,
    /// How to read `content`.
    pub kind: ContentKind,
    /// The document body, already valid UTF-8.
    pub content: String,
    /// Metadata from the manifest, the JSONL record or the feed.
    pub hints: Hints,
}

/// Where a metadata value came from, so an analyst can judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaSource {
    /// Given by the manifest, the JSONL record or the feed.
    Given,
    /// Read from a line of the text such as "date 2022-08-18".
    DateLine,
    /// Read from a wire dateline such as "BRUSSELS (AP) —".
    Dateline,
    /// Read from HTML metadata (meta tags, JSON-LD, `<time>`, `<title>`).
    HtmlMeta,
    /// Read from the URL path.
    UrlPath,
    /// Derived from the article's first sentence.
    FirstSentence,
    /// Inferred from the other articles of the same event (its date), for an
    /// article that states no date of its own.
    EventConsensus,
}

impl MetaSource {
    /// How sure a value obtained this way is, in [0, 1]: given values and page
    /// metadata are usually right, a wire credit names the agency rather than
    /// the outlet that reprinted it, a first sentence is a stand-in for a
    /// headline, and a date taken from the other articles of an event is an
    /// inference. Measured on our labelled corpora by `storyline eval metadata`
    /// (README, confidence bands).
    pub fn confidence(self) -> f32 {
        match self {
            MetaSource::Given => 0.95,
            MetaSource::HtmlMeta => 0.9,
            MetaSource::DateLine => 0.9,
            MetaSource::UrlPath => 0.85,
            MetaSource::Dateline => 0.4,
            MetaSource::EventConsensus => 0.6,
            MetaSource::FirstSentence => 0.5,
        }
    }

    /// The name used in reports (`html-meta`, `url-path`, ...), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            MetaSource::Given => "given",
            MetaSource::DateLine => "date-line",
            MetaSource::Dateline => "dateline",
            MetaSource::HtmlMeta => "html-meta",
            MetaSource::UrlPath => "url-path",
            MetaSource::FirstSentence => "first-sentence",
            MetaSource::EventConsensus => "event-consensus",
        }
    }
}

/// A metadata value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// How it was obtained.
    pub from: MetaSource,
}

impl<T> Sourced<T> {
    /// Wraps `value` obtained by `from`.
    pub fn new(value: T, from: MetaSource) -> Self {
        Sourced { value, from }
    }

    /// How sure the value is: [`MetaSource::confidence`] of how it was obtained.
    pub fn confidence(&self) -> f32 {
        self.from.confidence()
    }
}

/// A part of the input the extractor took out of the clean text, kept for audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed text as it stood in the input.
    pub text: String,
    /// Why it was removed: `archive-notice`, `caption`, `read-more`, `timestamp`, ...
    pub reason: String,
}

/// The dateline that opens a wire story: "BRUSSELS (AP) —".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, as written ("BRUSSELS").
    pub place: String,
    /// The agency credit if any ("AP").
    pub agency: Option<String>,
    /// Byte offsets of the whole dateline in the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// An extracted article: clean text plus metadata. Produced by the extract stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content hash of the raw input.
    pub id: ArticleId,
    /// The path or URL given (see [`RawDocument::source`]).
    pub source: String,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// Outlet with provenance.
    pub outlet: Option<Sourced<String>>,
    /// Headline with provenance.
    pub title: Option<Sourced<String>>,
    /// Byline (authors) when found.
    pub byline: Option<String>,
    /// Publication date with provenance.
    pub published: Option<Sourced<NaiveDate>>,
    /// Last modification date with provenance, when the page states one.
    #[serde(default)]
    pub modified: Option<Sourced<NaiveDate>>,
    /// Language of the text (BCP 47 tag such as `en` or `en-GB`), when the page states it.
    #[serde(default)]
    pub language: Option<Sourced<String>>,
    /// The wire dateline when the text opens with one.
    pub dateline: Option<Dateline>,
    /// Clean body text: paragraphs separated by blank lines. All offsets point here.
    pub text: String,
    /// Boilerplate taken out, in input order.
    pub removed: Vec<Removed>,
    /// Bounds the per-article stages applied to this article (see
    /// [`crate::limits`]); empty for any ordinary article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<crate::LimitApplied>,
}

impl Article {
    /// An article with its id, source and clean text and no metadata: where
    /// articles built by hand (tests, tools, benchmarks) start from, with the
    /// `given_*` methods or struct update syntax for the metadata that matters.
    pub fn new(
        id: impl Into<ArticleId>,
        source: impl Into<String>,
        text: impl Into<String>,
    ) -> Article {
        Article {
            id: id.into(),
            source: source.into(),
            url: None,
            outlet: None,
            title: None,
            byline: None,
            published: None,
            modified: None,
            language: None,
            dateline: None,
            text: text.into(),
            removed: Vec::new(),
            limits: Vec::new(),
        }
    }

    /// The article with `date` as its publication date, as given by the caller.
    pub fn given_published(mut self, date: NaiveDate) -> Article {
        self.published = Some(Sourced::new(date, MetaSource::Given));
        self
    }

    /// The article with `outlet` as its outlet, as given by the caller.
    pub fn given_outlet(mut self, outlet: impl Into<String>) -> Article {
        self.outlet = Some(Sourced::new(outlet.into(), MetaSource::Given));
        self
    }

    /// The article with `title` as its headline, as given by the caller.
    pub fn given_title(mut self, title: impl Into<String>) -> Article {
        self.title = Some(Sourced::new(title.into(), MetaSource::Given));
        self
    }

    /// Publication date, if known from any source.
    pub fn published_date(&self) -> Option<NaiveDate> {
        self.published.as_ref().map(|p| p.value)
    }

    /// Outlet name, if known.
    pub fn outlet_name(&self) -> Option<&str> {
        self.outlet.as_ref().map(|o| o.value.as_str())
    }
}

/// One captured version of an article whose text changed after first capture:
/// the same URL seen again with different content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// 1 for the first capture, counting up in the order the store saw them.
    pub number: u32,
    /// Content hash of this version's raw input (the id it would have had alone).
    pub id: ArticleId,
    /// When the store first saw this version (UTC, RFC 3339), when known.
    pub captured: Option<String>,
    /// The modification date this version states, when it states one.
    pub modified: Option<NaiveDate>,
    /// This version's clean text; `None` for the current version, whose text is
    /// [`Article::text`].
    pub text: Option<String>,
}
