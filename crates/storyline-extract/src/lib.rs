//! The extract stage: raw documents in, clean article text and metadata out.
//!
//! Plain text goes through line-level cleaning ([`text`]); HTML pages go through
//! main-content extraction ([`html`]) first. Everything taken out is kept in
//! [`Article::removed`] so an analyst can audit it.
//!
//! This stage is pure: it does no IO and never panics on bad input.

pub mod html;
pub mod repeated;
pub mod text;

pub use repeated::strip_repeated;

use storyline_model::{content_hash, Article, ContentKind, RawDocument};

/// Why a document produced no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Nothing readable was left after cleaning.
    NoText,
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::NoText => f.write_str("no article text left after cleaning"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Extracts the article from one raw document.
pub fn extract(raw: &RawDocument) -> Result<Article, ExtractError> {
    let id = content_hash(raw.content.as_bytes());
    let mut article = match raw.kind {
        ContentKind::Text => text::extract_text(id, raw),
        ContentKind::Html => html::extract_html_article(id, raw),
    };
    text::apply_dateline(&mut article);
    if article.text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(article)
}
