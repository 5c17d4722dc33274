//! Properties of extraction on generated pages and texts: it never panics,
//! the clean text is never longer than the input's text, and extracting twice
//! gives the same article.

use proptest::prelude::*;
use storyline_model::{ContentKind, Hints, RawDocument};

/// Pieces of scraped pages: tags (some unclosed or misnested), attributes,
/// entities, scripts, comments, boilerplate lines and article sentences.
const PIECES: &[&str] = &[
    "<html>",
    "</html>",
    "<body>",
    "</body>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<article>",
    "</article>",
    "<h1>",
    "</h1>",
    "<h2>",
    "</h2>",
    "<li>",
    "<ul>",
    "</ul>",
    "<a href=\"/x\">",
    "</a>",
    "<br>",
    "<script>var a = '<p>';</script>",
    "<style>p{}</style>",
    "<!-- c -->",
    "<div class=\"share\">Share this</div>",
    "<figure><figcaption>Photo: AP</figcaption></figure>",
    "&amp;",
    "&nbsp;",
    "&#8220;",
    "&lt;",
    "<meta property=\"article:published_time\" content=\"2021-05-03\">",
    "<title>Bridge closed</title>",
    "READ MORE",
    "Reporting by Ana Petrik; Editing by Tom Hale",
    "BRUSSELS (AP) — ",
    "The bridge closed on Monday after talks failed.",
    "“We are not giving up,” Mira Kovan said.",
    "東京で会談が行われた。",
    "Vučić said",
    "\n",
    " ",
];

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..120,
    )
    .prop_map(|pieces| pieces.concat())
}

fn raw(content: &str, kind: ContentKind) -> RawDocument {
    RawDocument {
        source: "prop".into(),
        kind,
        content: content.to_string(),
        hints: Hints::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn html_extraction_is_total_and_deterministic(content in page()) {
        let first = storyline_extract::extract(&raw(&content, ContentKind::Html));
        let second = storyline_extract::extract(&raw(&content, ContentKind::Html));
        prop_assert_eq!(&first, &second);
        if let Ok(article) = first {
            prop_assert!(!article.text.trim().is_empty());
        }
    }

    #[test]
    fn text_cleaning_keeps_no_more_than_it_was_given(content in page()) {
        let result = storyline_extract::extract(&raw(&content, ContentKind::Text));
        prop_assert_eq!(&result, &storyline_extract::extract(&raw(&content, ContentKind::Text)));
        if let Ok(article) = result {
            prop_assert!(article.text.len() <= content.len() + 16, "{} > {}", article.text.len(), content.len());
        }
    }
}
