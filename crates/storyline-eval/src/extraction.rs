//! Scores the extract stage on the article-extraction benchmark layout.
