//! Full-text search over articles: the only SQLite-specific part of the store.
//!
//! Everything that knows about FTS5 lives here behind four items: the
//! [`SCHEMA`] statements (one migration), [`index_article`] and
//! [`reindex_article`] (called inside the writing transaction) and [`search`]. A PostgreSQL backend replaces this
//! module with a `tsvector` column, a GIN index, `ts_rank` and `ts_headline`;
//! [`match_expression`]'s quoting rules carry over to `phraseto_tsquery`.
//!
//! The index is a standalone FTS5 table holding its own copy of title, text
//! and outlet, keyed by article id. It is not an external-content table over
//! `articles`, because that would tie it to `articles`' implicit rowid, which
//! `VACUUM` may renumber.

use chrono::NaiveDate;
use rusqlite::Connection;
use storyline_model::ArticleId;

use crate::{Result, StoreError};

/// The statements creating the index (migration 2).
///
/// The tokenizer folds case and diacritics (`Vucic` finds `Vučić`) and stems
/// English words (`plate` finds `plates`).
pub(crate) const SCHEMA: &[&str] = &["CREATE VIRTUAL TABLE article_fts USING fts5 (
        article_id UNINDEXED,
        title,
        text,
        outlet,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )"];

/// One article found by [`crate::Store::search`], best match first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The article's id.
    pub id: ArticleId,
    /// Headline, when known.
    pub title: Option<String>,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Publication date, when known.
    pub published: Option<NaiveDate>,
    /// Where the article came from (path or URL given to the source stage).
    pub source: String,
    /// A short passage of the body text with matched words in `[` `]`;
    /// `…` marks where the passage was cut.
    pub snippet: String,
}

/// Adds one article to the index. Called by `put_docs` inside its transaction,
/// only for articles newly inserted (and through [`reindex_article`] for a
/// revision), so the index never holds an id twice.
pub(crate) fn index_article(
    conn: &Connection,
    id: &str,
    title: Option<&str>,
    text: &str,
    outlet: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO article_fts (article_id, title, text, outlet) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((id, title, text, outlet))?;
    Ok(())
}

/// Replaces an article's entry in the index, when a revision changed its text.
pub(crate) fn reindex_article(
    conn: &Connection,
    id: &str,
    title: Option<&str>,
    text: &str,
    outlet: Option<&str>,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM article_fts WHERE article_id = ?1")?
        .execute([id])?;
    index_article(conn, id, title, text, outlet)
}

/// Turns what a user typed into an FTS5 expression that cannot be a syntax error.
///
/// Each term (separated by whitespace or control characters) becomes a quoted phrase (inner `"` doubled),
/// and the phrases are joined by FTS5's implicit AND, so operators such as
/// `OR`, `NEAR`, `-` or `title:` are searched for as plain words. The one
/// piece of syntax kept is a trailing `*` for a prefix search (`Kosov*`).
/// Terms with no letter or digit (`"`, `*`, `-`) are dropped; if nothing is
/// left the query is refused with [`StoreError::EmptyQuery`].
pub(crate) fn match_expression(query: &str) -> Result<String> {
    let mut phrases = Vec::new();
    // Control characters separate terms too: FTS5 reads the expression as a
    // C string, so a NUL inside a phrase would end it early.
    let separators = |c: char| c.is_whitespace() || c.is_control();
    for term in query.split(separators).filter(|term| !term.is_empty()) {
        let (word, is_prefix) = match term.strip_suffix('*') {
            Some(word) => (word, true),
            None => (term, false),
        };
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut phrase = format!("\"{}\"", word.replace('"', "\"\""));
        if is_prefix {
            phrase.push('*');
        }
        phrases.push(phrase);
    }
    if phrases.is_empty() {
        return Err(StoreError::EmptyQuery);
    }
    Ok(phrases.join(" "))
}

/// Finds articles containing every term of `query`, best first (bm25, with
/// title matches weighted above body matches), at most `limit` of them.
pub(crate) fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let expression = match_expression(query)?;
    if limit == 0 {
        return Ok(Vec::new());
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // bm25 weights follow the column order: article_id, title, text, outlet.
    // The snippet is always taken from the body text (column 2): the title
    // is shown beside it anyway.
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.title, a.outlet, a.published, a.source,
                snippet(article_fts, 2, '[', ']', '…', 16)
         FROM article_fts
         JOIN articles AS a ON a.id = article_fts.article_id
         WHERE article_fts MATCH ?1
         ORDER BY bm25(article_fts, 0.0, 3.0, 1.0, 1.0), a.id
         LIMIT ?2",
    )?;
    let rows = statement.query_map((expression, limit), |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, Option<String>>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (id, title, outlet, published, source, snippet) = row?;
        let published = published
            .map(|date| crate::articles::parse_date(&id, &date))
            .transpose()?;
        hits.push(SearchHit {
            id,
            title,
            outlet,
            published,
            source,
            snippet: snippet.unwrap_or_default(),
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::doc;
    use crate::Store;

    fn store_with_corpus() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .put_docs(&[
                doc(
                    "a1",
                    Some("2022-11-21"),
                    "Kosovo delays licence plate rule",
                    "Kosovo postponed the rule on licence plates. Serbs in the north welcomed it.",
                ),
                doc(
                    "a2",
                    Some("2022-11-22"),
                    "Vučić speaks",
                    "President Vučić said Serbs would stay. Talks near Brussels went on.",
                ),
                doc(
                    "a3",
                    None,
                    "Energy prices",
                    "Prices rose again -- no word from Vučić or the north.",
                ),
            ])
            .unwrap();
        store
    }

    fn ids(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|hit| hit.id.as_str()).collect()
    }

    #[test]
    fn search_finds_marks_and_ranks() {
        let store = store_with_corpus();
        let hits = store.search("plates", 10).unwrap();
        assert_eq!(
            hits,
            vec![SearchHit {
                id: "a1".to_string(),
                title: Some("Kosovo delays licence plate rule".to_string()),
                outlet: Some("Example News".to_string()),
                published: NaiveDate::from_ymd_opt(2022, 11, 21),
                source: "corpus/a1.txt".to_string(),
                snippet:
                    "Kosovo postponed the rule on licence [plates]. Serbs in the north welcomed it."
                        .to_string(),
            }]
        );
        // Case, diacritics and stems are folded; every term must appear.
        assert_eq!(ids(&store.search("VUCIC serb", 10).unwrap()), ["a2"]);
        assert_eq!(ids(&store.search("talk", 10).unwrap()), ["a2"]);
        assert_eq!(ids(&store.search("north", 10).unwrap()).len(), 2);
        assert_eq!(ids(&store.search("north kosovo", 10).unwrap()), ["a1"]);
        // The outlet is searchable too.
        assert_eq!(store.search("example news", 10).unwrap().len(), 3);
        assert_eq!(store.search("example news", 2).unwrap().len(), 2);
        assert!(store.search("plates", 0).unwrap().is_empty());
        // A title match outranks a body-only match.
        assert_eq!(ids(&store.search("vučić", 10).unwrap()), ["a2", "a3"]);
        assert_eq!(ids(&store.search("Kosov*", 10).unwrap()), ["a1"]);
    }

    #[test]
    fn hostile_queries_never_fail_with_syntax_errors() {
        let store = store_with_corpus();
        let queries = [
            "Kosovo \"plates",
            "\"Kosovo plates\"",
            "plates\"",
            "plates*",
            "* plates",
            "NEAR(Serbs north)",
            "NEAR",
            "Serbs NEAR north",
            "-Serbs",
            "north -Kosovo",
            "Serbs OR Prices",
            "Serbs AND",
            "NOT",
            "title:Kosovo",
            "^Kosovo",
            "(Serbs",
            "Serbs)",
            "{title text}: Serbs",
            "Kosovo'",
            "a\"b\"c",
            "\u{0}Serbs",
            "🙂 Serbs",
            "prices -- again",
            // Letters to Rust, but not word characters to the FTS5 tokenizer
            // (a combining mark): the phrase holds no token.
            "\u{903}",
            "\u{903} Serbs",
        ];
        for query in queries {
            let result = store.search(query, 10);
            assert!(result.is_ok(), "{query:?}: {result:?}");
        }
        // Operators are plain words: "OR" is not in any text, so nothing matches.
        assert!(store.search("Serbs OR Prices", 10).unwrap().is_empty());
        assert_eq!(ids(&store.search("Kosovo \"plates", 10).unwrap()), ["a1"]);
        assert_eq!(ids(&store.search("-Serbs", 10).unwrap()).len(), 2);
        // FTS5 ignores a phrase without tokens.
        assert!(store.search("\u{903}", 10).unwrap().is_empty());
        assert_eq!(store.search("\u{903} Serbs", 10).unwrap().len(), 2);
    }

    #[test]
    fn a_query_without_words_is_an_error_with_a_clear_message() {
        let store = store_with_corpus();
        for query in ["", "  ", "\"", "*", "-", "( \" * )", "\u{0}", "\"\""] {
            let err = store.search(query, 10).unwrap_err();
            assert!(matches!(err, StoreError::EmptyQuery), "{query:?}: {err:?}");
        }
        let message = store.search("", 10).unwrap_err().to_string();
        assert!(message.contains("no words"), "{message}");
    }

    #[test]
    fn terms_are_quoted_and_anded() {
        assert_eq!(
            match_expression("Kosovo \"plates").unwrap(),
            r#""Kosovo" """plates""#
        );
        assert_eq!(
            match_expression("  NEAR(a  b) OR -c ").unwrap(),
            r#""NEAR(a" "b)" "OR" "-c""#
        );
    }

    #[test]
    fn trailing_star_is_a_prefix_search() {
        assert_eq!(match_expression("Kosov*").unwrap(), r#""Kosov"*"#);
        assert_eq!(match_expression("a*b").unwrap(), r#""a*b""#);
    }

    #[test]
    fn control_characters_separate_terms() {
        assert_eq!(match_expression("a\u{0}b\tc").unwrap(), r#""a" "b" "c""#);
    }

    #[test]
    fn queries_without_words_are_refused() {
        for query in ["", "   ", "\"", "*", "-", "\" * - ( ) ^ :", "**"] {
            assert!(
                matches!(match_expression(query), Err(StoreError::EmptyQuery)),
                "{query:?}"
            );
        }
    }
}
