//! Line-level cleaning of plain-text articles.

use storyline_model::{Article, ArticleId, RawDocument};

/// Cleans a plain-text article.
pub fn extract_text(id: ArticleId, raw: &RawDocument) -> Article {
    Article {
        id,
        source: raw.source.clone(),
        url: raw.hints.url.clone(),
        outlet: None,
        title: None,
        byline: None,
        published: None,
        dateline: None,
        text: raw.content.clone(),
        removed: Vec::new(),
    }
}
