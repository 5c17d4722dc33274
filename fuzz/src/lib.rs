//! What every fuzz target checks beyond "does not panic": the invariants the
//! pipeline promises on any input (ARCHITECTURE.md: offsets are byte ranges
//! into the clean text, every span's `text` is exactly its slice).

use storyline_model::{Article, ContentKind, Doc, Hints, RawDocument};

/// The largest input a target reads. Above this libFuzzer spends its time on
/// size rather than on shape; the scaling benchmark covers size.
pub const MAX_INPUT: usize = 64 * 1024;

/// Asserts that `start..end` lies inside `text` on character boundaries and,
/// when `quoted` is given, that it slices to exactly `quoted`.
pub fn check_span(text: &str, start: usize, end: usize, quoted: Option<&str>, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what} {start}..{end} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {start}..{end} not on char boundaries"
    );
    if let Some(quoted) = quoted {
        assert_eq!(&text[start..end], quoted, "{what} text is not its slice");
    }
}

/// Asserts every span of an annotated document against its text.
pub fn check_doc(doc: &Doc) {
    let text = doc.text();
    for s in &doc.sentences {
        check_span(text, s.start, s.end, None, "sentence");
    }
    for m in &doc.mentions {
        check_span(text, m.start, m.end, Some(&m.text), "mention");
    }
    for q in &doc.quotes {
        check_span(text, q.start, q.end, Some(&q.text), "quote");
    }
    for d in &doc.dates {
        check_span(text, d.start, d.end, Some(&d.text), "date");
    }
    for q in &doc.quantities {
        check_span(text, q.start, q.end, Some(&q.text), "quantity");
    }
}

/// A raw document of `kind` holding `content`, as the source stage makes one.
pub fn raw(kind: ContentKind, content: String) -> RawDocument {
    RawDocument {
        source: "fuzz".to_string(),
        kind,
        content,
        hints: Hints::default(),
    }
}

/// Extracts `raw` and, when it yields an article, checks what every article
/// promises: text left after cleaning.
pub fn extract_checked(raw: &RawDocument) -> Option<Article> {
    let article = storyline_extract::extract(raw).ok()?;
    assert!(!article.text.trim().is_empty(), "an article with no text");
    Some(article)
}
