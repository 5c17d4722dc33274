//! The annotate stage: one article in, a [`Doc`] with sentences, dates, entity
//! mentions, quotes and quantities out. Pure and per-article: no shared state.

pub mod dates;
pub mod quantities;

use storyline_model::{Article, Doc};

/// Annotates one article.
pub fn annotate(article: Article) -> Doc {
    let anchor = article.published_date();
    let mut doc = Doc::new(article);
    doc.dates = dates::find_dates(doc.text(), anchor);
    doc.quantities = quantities::find_quantities(doc.text());
    doc
}
