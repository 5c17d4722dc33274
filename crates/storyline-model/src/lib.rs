//! The shared document model: what flows between storyline's stages.
//!
//! Every stage takes and returns these types and nothing else, so stages can be
//! swapped or run on different machines without knowing about each other.
//!
//! **Invariant:** every offset (`start`, `end`) is a UTF-8 *byte* offset into the
//! clean text of the article named beside it (`Article::text`), and
//! `&article.text[start..end]` is exactly the `text` stored with the span.

mod annotation;
mod article;
mod corpus;
mod date;
pub mod limits;
mod methods;
mod period;
pub mod union_find;

pub use annotation::*;
pub use article::*;
/// A string stored inline when it is at most 24 bytes (names, short spans,
/// article ids): the model's many short strings cost no allocation each.
pub use compact_str::CompactString;
pub use corpus::*;
pub use date::parse_date;
pub use limits::{Limit, LimitApplied};
pub use methods::*;
pub use period::{Period, PeriodParseError};

use sha2::{Digest, Sha256};

/// Hex digest (first 16 hex digits of SHA-256) used for content-addressed ids.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A byte range into an article's clean text together with the text it covers.
///
/// This is the unit of provenance: anything derived from an article points at one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// Id of the article the span belongs to.
    pub article: CompactString,
    /// The covered text, exactly `article.text[start..end]`.
    pub text: CompactString,
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Citation {
    /// Cites `text[start..end]` of `article`.
    ///
    /// Panics when the range is not on char boundaries: that is a bug in the
    /// stage that produced it, never a property of the input.
    pub fn new(article: &str, text: &str, start: usize, end: usize) -> Self {
        Citation {
            article: article.into(),
            text: text[start..end].into(),
            start,
            end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_stable_and_short() {
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea");
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
    }

    #[test]
    fn citation_slices_exactly() {
        let id = ArticleId::from("a1");
        let text = "Vučić said “no”.";
        let start = text.find('“').unwrap();
        let c = Citation::new(&id, text, start, text.len());
        assert_eq!(c.text, "“no”.");
        assert_eq!(start, 13);
    }
}
