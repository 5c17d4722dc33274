//! The annotate stage: one article in, a [`Doc`] with sentences, dates, entity
//! mentions, quotes and quantities out. Pure and per-article: no shared state,
//! no IO, and no failure: bad input yields fewer annotations, never a panic.
//!
//! The public surface is [`annotate`] plus the few pieces other stages share:
//! how names are folded for comparison ([`fold`]), the content terms the corpus
//! stages compare ([`content_terms`], [`stem`], [`is_stop_word`]), the country a
//! word names ([`country_of`]), the day names ([`WEEKDAYS`]), sentence spans and word tokens, and the time
//! expressions of a text ([`find_dates`], which scorers and the analysis run on
//! raw text with an anchor of their choosing). [`steps`] lists the steps
//! [`annotate`] runs, for benchmarks that time each one.
//!
//! ```
//! use storyline_model::Article;
//!
//! let doc = storyline_annotate::annotate(Article::new(
//!     "a1",
//!     "a1.txt",
//!     "“We will not give in,” Prime Minister Ana Brnabic said on Monday.",
//! ));
//! assert_eq!(doc.quotes[0].speaker.as_deref(), Some("Ana Brnabic"));
//! ```

mod dates;
mod entities;
mod lexicon;
mod quantities;
mod quotes;
mod sentences;
mod terms;

pub use dates::find_dates;
pub use entities::fold;
pub use lexicon::{country_of, WEEKDAYS};
pub use sentences::{split_sentences, tokens as word_tokens, Token, MAX_SENTENCE_BYTES};
pub use terms::{content_terms, content_terms_iter, is_stop_word, stem};

/// The steps [`annotate`] runs, in its order, for benchmarks and probes that
/// time or inspect one of them: sentences, then entities (which quotes read),
/// then quotes, dates and quantities.
pub mod steps {
    pub use crate::dates::find_dates;
    pub use crate::entities::{find_entities, Entities};
    pub use crate::quantities::find_quantities;
    pub use crate::quotes::find_quotes;
    pub use crate::sentences::split_sentences;
}

use storyline_model::{Article, Doc, Mention};

/// Annotates one article.
pub fn annotate(article: Article) -> Doc {
    let anchor = article.published_date();
    let mut doc = Doc::new(article);
    let text = doc.article.text.as_str();
    let sentence_spans = sentences::split_sentences(text);
    let found = entities::find_entities(text, &sentence_spans);
    let quotes = quotes::find_quotes(text, &sentence_spans, &found);
    let mentions = found
        .mentions
        .iter()
        .map(|m| {
            let entity = found.entity_of(m);
            Mention {
                text: m.span.slice(text).to_string(),
                start: m.span.start,
                end: m.span.end,
                kind: entity.kind,
                entity: entity.name.clone(),
                method: m.method,
                confidence: entities::link_confidence(m.method),
            }
        })
        .collect();
    // The entities are in the mentions now: free them before the date and
    // quantity passes, whose tokens are the step's largest buffers.
    drop(found);
    doc.dates = dates::find_dates(text, anchor);
    doc.quantities = quantities::find_quantities(text);
    doc.mentions = mentions;
    doc.quotes = quotes;
    doc.sentences = sentence_spans;
    doc
}
