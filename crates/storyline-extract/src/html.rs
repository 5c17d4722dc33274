//! Main-content extraction from HTML pages.

use storyline_model::{Article, ArticleId, RawDocument};

/// Extracts the article body and metadata from an HTML page.
pub fn extract_html_article(id: ArticleId, raw: &RawDocument) -> Article {
    crate::text::extract_text(id, raw)
}
