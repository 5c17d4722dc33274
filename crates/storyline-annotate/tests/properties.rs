//! Properties of annotation on generated news-like text: every span lies on
//! character boundaries inside the text and its `text` is exactly that slice,
//! and annotating twice gives the same document.

use proptest::prelude::*;
use storyline_model::{Article, Doc};

/// Pieces real scraped news is made of: names, cue verbs, quotation marks of
/// every kind, dates, clock times, numbers, hedges, bracket tokens, non-Latin
/// text, line breaks and stray punctuation.
const PIECES: &[&str] = &[
    "Mira Kovan",
    "Tomas Ferrin",
    "the minister",
    "he",
    "she",
    "The ministry",
    "Reuters",
    "said",
    "told reporters",
    "added",
    "according to",
    "warned",
    "“",
    "”",
    "\"",
    "'",
    "``",
    "''",
    "‘",
    "’",
    "«",
    "»",
    "on Monday",
    "3 May 2021",
    "last week",
    "1950 GMT",
    "2:50 p.m.",
    "in 2019",
    "Sun Apr 3",
    "6,300",
    "about 10,000",
    "more than 40",
    "1.5 million",
    "$ 100m",
    "-LRB-",
    "-RRB-",
    "Full Article",
    "Vučić",
    "東京",
    "—",
    "…",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "talks",
    "bridge",
    "the levy",
    "were",
    "would resume",
    "killed",
    "people",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..160,
    )
    .prop_map(|pieces| pieces.join(" "))
}

fn annotated(text: &str) -> Doc {
    let article = Article::new("prop", "prop.txt", text)
        .given_published("2021-05-03".parse().expect("a valid date"));
    storyline_annotate::annotate(article)
}

fn check(text: &str, start: usize, end: usize, quoted: Option<&str>, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what} {start}..{end} outside the text"
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {start}..{end} not on char boundaries"
    );
    if let Some(quoted) = quoted {
        assert_eq!(&text[start..end], quoted, "{what} text is not its slice");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_span_slices_to_its_text(text in news_text()) {
        let doc = annotated(&text);
        let text = doc.text();
        for s in &doc.sentences {
            check(text, s.start, s.end, None, "sentence");
        }
        for m in &doc.mentions {
            check(text, m.start, m.end, Some(&m.text), "mention");
        }
        for q in &doc.quotes {
            check(text, q.start, q.end, Some(&q.text), "quote");
        }
        for d in &doc.dates {
            check(text, d.start, d.end, Some(&d.text), "date");
        }
        for q in &doc.quantities {
            check(text, q.start, q.end, Some(&q.text), "quantity");
        }
    }

    #[test]
    fn annotation_is_deterministic(text in news_text()) {
        prop_assert_eq!(annotated(&text), annotated(&text));
    }
}
