//! Bounds on what one article can cost, and the record that one applied.
//!
//! News is short: a sentence is a few hundred bytes, a page a few dozen
//! elements deep, a person has a handful of titles. Input from the wild is
//! not always news (a page of text with no full stop, 100,000 nested `<div>`s,
//! a run-on list of dates), and every per-article stage must stay linear in
//! it. Each bound below caps one such cost. When a stage applies one, it
//! records a [`LimitApplied`] on the article ([`crate::Article::limits`]); the
//! pipeline turns the records into diagnostics naming the input, so a user
//! knows the article was kept but cut.

use serde::{Deserialize, Serialize};

/// Longest sentence, in bytes; longer runs are cut at white space.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Deepest HTML element nesting kept; deeper elements become siblings.
pub const MAX_HTML_DEPTH: usize = 400;

/// Most titles and role descriptions kept per entity.
pub const MAX_TITLES_PER_ENTITY: usize = 32;

/// Most people considered when a role is linked to a person by affiliation alone.
pub const MAX_AFFILIATION_CANDIDATES: usize = 64;

/// Most distinct timeline dates one sentence counts for (the first it names).
pub const MAX_DATES_PER_SENTENCE: usize = 8;

/// Longest prefix of an article's clean text the search index holds, in
/// bytes (PostgreSQL's `tsvector` holds at most 1 MB; SQLite's FTS5 would
/// hold several copies of a long text in memory while indexing it).
pub const MAX_SEARCH_INDEX_BYTES: usize = 256 * 1024;

/// The part of `text` the search index holds: its longest prefix of at most
/// [`MAX_SEARCH_INDEX_BYTES`] that ends on a character boundary.
pub fn searchable_prefix(text: &str) -> &str {
    let mut end = text.len().min(MAX_SEARCH_INDEX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A bound on what one article can cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    /// [`MAX_SENTENCE_BYTES`].
    SentenceBytes,
    /// [`MAX_HTML_DEPTH`].
    HtmlDepth,
    /// [`MAX_TITLES_PER_ENTITY`].
    TitlesPerEntity,
    /// [`MAX_AFFILIATION_CANDIDATES`].
    AffiliationCandidates,
    /// [`MAX_DATES_PER_SENTENCE`].
    DatesPerSentence,
    /// [`MAX_SEARCH_INDEX_BYTES`].
    SearchIndexBytes,
}

impl Limit {
    /// The bound's value.
    pub fn bound(self) -> usize {
        match self {
            Limit::SentenceBytes => MAX_SENTENCE_BYTES,
            Limit::HtmlDepth => MAX_HTML_DEPTH,
            Limit::TitlesPerEntity => MAX_TITLES_PER_ENTITY,
            Limit::AffiliationCandidates => MAX_AFFILIATION_CANDIDATES,
            Limit::DatesPerSentence => MAX_DATES_PER_SENTENCE,
            Limit::SearchIndexBytes => MAX_SEARCH_INDEX_BYTES,
        }
    }

    /// What applying the bound did, in words, for `times` applications.
    fn effect(self, times: usize) -> String {
        let bound = self.bound();
        match self {
            Limit::SentenceBytes => format!(
                "{} longer than {bound} bytes without a sentence end cut at white space",
                plural(times, "run of text", "runs of text")
            ),
            Limit::HtmlDepth => format!(
                "{} nested deeper than {bound} levels kept as siblings",
                plural(times, "HTML element", "HTML elements")
            ),
            Limit::TitlesPerEntity => format!(
                "{} beyond the first {bound} of an entity ignored",
                plural(times, "title or role", "titles or roles")
            ),
            Limit::AffiliationCandidates => format!(
                "{} linked by affiliation among the first {bound} people only",
                plural(times, "role", "roles")
            ),
            Limit::DatesPerSentence => format!(
                "{} naming more than {bound} dates: the timeline counts the first {bound} of each",
                plural(times, "sentence", "sentences")
            ),
            Limit::SearchIndexBytes => {
                format!("only the first {bound} bytes of the text are searchable")
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A bound that applied to an article: which, how often, and where first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitApplied {
    /// The bound.
    pub limit: Limit,
    /// How many times it applied.
    pub times: usize,
    /// Byte offset into the clean text where it first applied, when it
    /// applied to the clean text (not to markup).
    pub first_at: Option<usize>,
}

impl LimitApplied {
    /// The record of `limit` applied once, at `at`.
    pub fn once(limit: Limit, at: Option<usize>) -> LimitApplied {
        LimitApplied {
            limit,
            times: 1,
            first_at: at,
        }
    }

    /// One more application at `at` (the first offset is kept).
    pub fn again(&mut self, at: Option<usize>) {
        self.times += 1;
        if self.first_at.is_none() {
            self.first_at = at;
        }
    }

    /// The message a diagnostic shows: the article is kept, and what was cut.
    pub fn message(&self) -> String {
        let mut message = format!(
            "kept, with a limit applied: {}",
            self.limit.effect(self.times)
        );
        if let Some(at) = self.first_at {
            message.push_str(&format!(" (first at byte {at} of the clean text)"));
        }
        message
    }
}

/// Records one application of `limit` at `at` in `limits`, merging with an
/// earlier record of the same bound.
pub fn note_limit(limits: &mut Vec<LimitApplied>, limit: Limit, at: Option<usize>) {
    match limits.iter_mut().find(|applied| applied.limit == limit) {
        Some(applied) => applied.again(at),
        None => limits.push(LimitApplied::once(limit, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_searchable_prefix_ends_on_a_character_boundary() {
        assert_eq!(searchable_prefix("short"), "short");
        // A two-byte character straddling the bound is left out whole.
        let text = format!("{}é and more", "a".repeat(MAX_SEARCH_INDEX_BYTES - 1));
        assert_eq!(searchable_prefix(&text).len(), MAX_SEARCH_INDEX_BYTES - 1);
    }

    #[test]
    fn repeated_applications_merge_and_keep_the_first_offset() {
        let mut limits = Vec::new();
        note_limit(&mut limits, Limit::SentenceBytes, Some(4096));
        note_limit(&mut limits, Limit::DatesPerSentence, Some(10));
        note_limit(&mut limits, Limit::SentenceBytes, Some(8192));
        assert_eq!(limits.len(), 2);
        assert_eq!(limits[0].times, 2);
        assert_eq!(limits[0].first_at, Some(4096));
        assert_eq!(
            limits[0].message(),
            "kept, with a limit applied: 2 runs of text longer than 4096 bytes without a \
             sentence end cut at white space (first at byte 4096 of the clean text)"
        );
        assert_eq!(
            LimitApplied::once(Limit::HtmlDepth, None).message(),
            "kept, with a limit applied: 1 HTML element nested deeper than 400 levels kept as siblings"
        );
    }

    #[test]
    fn serialises_by_kebab_name() {
        let applied = LimitApplied::once(Limit::TitlesPerEntity, Some(3));
        let json = serde_json::to_string(&applied).unwrap();
        assert_eq!(
            json,
            r#"{"limit":"titles-per-entity","times":1,"first_at":3}"#
        );
        assert_eq!(
            serde_json::from_str::<LimitApplied>(&json).unwrap(),
            applied
        );
    }
}
