//! The annotate stage: one article in, a [`Doc`] with sentences, dates, entity
//! mentions, quotes and quantities out. Pure and per-article: no shared state,
//! no IO, and no failure: bad input yields fewer annotations, never a panic.

pub mod dates;
pub mod entities;
pub mod lexicon;
pub mod quantities;
pub mod quotes;
pub mod sentences;
pub mod terms;

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
    doc.dates = dates::find_dates(text, anchor);
    doc.quantities = quantities::find_quantities(text);
    doc.mentions = mentions;
    doc.quotes = quotes;
    doc.sentences = sentence_spans;
    doc
}
