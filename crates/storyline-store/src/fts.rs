//! Full-text search over articles: the one engine-specific part of the store.
//!
//! Everything that knows about the search engine lives here: the schema
//! ([`SQLITE_SCHEMA`], [`POSTGRES_SCHEMA`]: one migration), [`index_article`]
//! and [`reindex_article`] (called inside the writing transaction) and
//! [`search`]. Both engines fold case and diacritics (`Vucic` finds `Vučić`),
//! stem English words (`plate` finds `plates`), rank title matches above body
//! matches and mark matched words in a snippet of the body with `[` `]`.
//! Both rank only the [`SEARCH_WINDOW`] newest matches of a query, so that a
//! search costs the window and the page, not the number of matches.
//!
//! - **SQLite**: an FTS5 table holding its own copy of title, text and outlet,
//!   keyed by article id (not an external-content table over `articles`,
//!   which would tie it to `articles`' implicit rowid, which `VACUUM` may
//!   renumber); ranked by bm25.
//! - **PostgreSQL**: a `tsvector` per article (title weighted A, body B,
//!   outlet C; `unaccent` folds diacritics) under a GIN index; ranked by
//!   `ts_rank`, snippets by `ts_headline`.
//!
//! Both index only the first [`storyline_model::limits::MAX_SEARCH_INDEX_BYTES`] of a body (a
//! `tsvector` holds at most 1 MB; FTS5 holds several copies of a text while
//! indexing it); the pipeline notes the cut on the article.

use chrono::NaiveDate;
use storyline_model::limits::searchable_prefix;
use storyline_model::ArticleId;

use crate::snippet::Highlighter;
use crate::sql::{params, Db, Dialect, SqlRow};
use crate::{Result, StoreError};

/// The SQLite index (migration 2): FTS5 with the porter stemmer over
/// `unicode61`, diacritics removed.
pub(crate) const SQLITE_SCHEMA: &[&str] = &["CREATE VIRTUAL TABLE article_fts USING fts5 (
        article_id UNINDEXED,
        title,
        text,
        outlet,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )"];

/// The PostgreSQL index (migration 2): a weighted `tsvector` per article.
pub(crate) const POSTGRES_SCHEMA: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE article_fts (
        article_id TEXT COLLATE \"C\" NOT NULL PRIMARY KEY,
        document   tsvector NOT NULL
    )",
    "CREATE INDEX article_fts_document ON article_fts USING GIN (document)",
];

/// The PostgreSQL index's indexing order (migration 7): a sequence number per
/// entry, as SQLite's FTS5 rowid, so that a search can take the newest
/// matches (existing entries are numbered in their table order), and
/// `article_fts_newest_matches`, which takes them.
///
/// The function finds the matches through the GIN index and keeps the newest
/// with a top-N sort on `seq` (no index on it, so a rare word never walks the
/// table backwards). It forbids sequential scans: for a word in most articles
/// the planner prefers one, which tests `@@` on every document, reading each
/// large `tsvector` from TOAST (225 ms against 9.5 ms through the index for a
/// word in all of 20,000 synthetic documents of 300 distinct words).
pub(crate) const POSTGRES_INDEX_ORDER: &[&str] = &[
    "ALTER TABLE article_fts ADD COLUMN seq BIGSERIAL NOT NULL",
    "CREATE FUNCTION article_fts_newest_matches(query tsquery, n BIGINT)
     RETURNS TABLE (article_id TEXT)
     LANGUAGE sql STABLE
     SET enable_seqscan = off
     AS $$
         SELECT f.article_id FROM article_fts f
         WHERE f.document @@ query
         ORDER BY f.seq DESC
         LIMIT n
     $$",
];

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
    /// `…` marks where the passage was cut (SQLite).
    pub snippet: String,
}

/// Adds one article to the index. Called by `put_docs` inside its transaction,
/// only for articles newly inserted (and through [`reindex_article`] for a
/// revision), so the index never holds an id twice.
pub(crate) fn index_article(
    db: &Db,
    id: &str,
    title: Option<&str>,
    text: &str,
    outlet: Option<&str>,
) -> Result<()> {
    let text = searchable_prefix(text);
    match db.dialect() {
        Dialect::Sqlite => {
            db.execute(
                "INSERT INTO article_fts (article_id, title, text, outlet) VALUES (?1, ?2, ?3, ?4)",
                params![id, title, text, outlet],
            )?;
        }
        Dialect::Postgres => {
            db.execute(
                "INSERT INTO article_fts (article_id, document) VALUES (?1,
                 setweight(to_tsvector('english', unaccent(COALESCE(?2::text, ''))), 'A')
              || setweight(to_tsvector('english', unaccent(?3::text)), 'B')
              || setweight(to_tsvector('english', unaccent(COALESCE(?4::text, ''))), 'C'))",
                params![id, title, text, outlet],
            )?;
        }
    }
    Ok(())
}

/// Replaces an article's entry in the index, when a revision changed its text.
pub(crate) fn reindex_article(
    db: &Db,
    id: &str,
    title: Option<&str>,
    text: &str,
    outlet: Option<&str>,
) -> Result<()> {
    match db.dialect() {
        Dialect::Sqlite => {
            // The new entry first, so that it takes a rowid above every
            // existing one (the old entry may hold the highest): the newest
            // rowid then changes with every write to the index ([`revision`]).
            index_article(db, id, title, text, outlet)?;
            db.execute(
                "DELETE FROM article_fts
                 WHERE article_id = ?1 AND rowid < (SELECT max(rowid) FROM article_fts)",
                params![id],
            )?;
            Ok(())
        }
        Dialect::Postgres => {
            db.execute("DELETE FROM article_fts WHERE article_id = ?1", params![id])?;
            index_article(db, id, title, text, outlet)
        }
    }
}

/// A number that changes whenever the index changes (SQLite: its newest
/// rowid, which every insert raises, [`reindex_article`] included), for
/// keeping search results until then; `None` on PostgreSQL, whose sequence
/// moves before a writer commits, so it is no such number.
pub(crate) fn revision(db: &Db) -> Result<Option<i64>> {
    match db.dialect() {
        Dialect::Sqlite => Ok(Some(
            db.query_one(
                "SELECT rowid FROM article_fts ORDER BY rowid DESC LIMIT 1",
                &[],
            )?
            .map(|mut row| row.int(0))
            .transpose()?
            .unwrap_or(0),
        )),
        Dialect::Postgres => Ok(None),
    }
}

/// The terms of a query: what a user typed, split at whitespace and control
/// characters, each with whether it ends in `*` (a prefix search). Terms with
/// no letter or digit (`"`, `*`, `-`) are dropped; if nothing is left the
/// query is refused with [`StoreError::EmptyQuery`].
fn query_terms(query: &str) -> Result<Vec<(&str, bool)>> {
    // Control characters separate terms too: FTS5 reads the expression as a
    // C string, so a NUL inside a phrase would end it early.
    let separators = |c: char| c.is_whitespace() || c.is_control();
    let terms: Vec<(&str, bool)> = query
        .split(separators)
        .filter(|term| !term.is_empty())
        .map(|term| match term.strip_suffix('*') {
            Some(word) => (word, true),
            None => (term, false),
        })
        .filter(|(word, _)| word.chars().any(char::is_alphanumeric))
        .collect();
    if terms.is_empty() {
        return Err(StoreError::EmptyQuery);
    }
    Ok(terms)
}

/// Turns what a user typed into an FTS5 expression that cannot be a syntax error.
///
/// Each term becomes a quoted phrase (inner `"` doubled), and the phrases are
/// joined by FTS5's implicit AND, so operators such as `OR`, `NEAR`, `-` or
/// `title:` are searched for as plain words. The one piece of syntax kept is a
/// trailing `*` for a prefix search (`Kosov*`).
pub(crate) fn match_expression(query: &str) -> Result<String> {
    let phrases: Vec<String> = query_terms(query)?
        .into_iter()
        .map(|(word, is_prefix)| {
            let mut phrase = format!("\"{}\"", word.replace('"', "\"\""));
            if is_prefix {
                phrase.push('*');
            }
            phrase
        })
        .collect();
    Ok(phrases.join(" "))
}

/// Turns what a user typed into a PostgreSQL `tsquery` text that cannot be a
/// syntax error: the letters and digits of every term, each run quoted
/// (`'kosovo'`), all joined by `&`; a term's last run takes `:*` when the term
/// ends in `*`. Like FTS5's tokenizer, punctuation splits words (`U.S.` is
/// `'u' & 's'`). `None` when no term has a word left.
pub(crate) fn tsquery_text(query: &str) -> Result<Option<String>> {
    let mut parts = Vec::new();
    for (term, is_prefix) in query_terms(query)? {
        let words: Vec<&str> = term
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect();
        let last = words.len().saturating_sub(1);
        for (index, word) in words.iter().enumerate() {
            let suffix = if is_prefix && index == last { ":*" } else { "" };
            parts.push(format!("'{word}'{suffix}"));
        }
    }
    Ok((!parts.is_empty()).then(|| parts.join(" & ")))
}

/// How many of the most recent matches a search ranks.
///
/// A query is answered from the `SEARCH_WINDOW` matches indexed last (newest
/// first by index order: an article enters the index when it is stored, and
/// again when a revision changes it), ranked by BM25 among themselves. The
/// cost of a search is then bounded by the window, not by how many articles
/// hold a common word; older matches of a very common word are reached by
/// adding words (fewer matches) or through the date-filtered listings.
/// A rare word is found however old its article: the window only counts
/// articles that match every term.
pub const SEARCH_WINDOW: usize = 1_000;

/// Finds articles containing every term of `query` among the
/// [`SEARCH_WINDOW`] most recently indexed such articles, best first (title
/// matches weighted above body matches), at most `limit` of them.
pub(crate) fn search(db: &Db, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    search_within(db, query, limit, SEARCH_WINDOW)
}

/// [`search`] ranking the `window` most recently indexed matches.
fn search_within(db: &Db, query: &str, limit: usize, window: usize) -> Result<Vec<SearchHit>> {
    let window = i64::try_from(window).unwrap_or(i64::MAX);
    match db.dialect() {
        Dialect::Sqlite => sqlite_search(db, query, limit, window),
        Dialect::Postgres => postgres_search(db, query, limit, window),
    }
}

/// [`search_within`] on PostgreSQL.
fn postgres_search(db: &Db, query: &str, limit: usize, window: i64) -> Result<Vec<SearchHit>> {
    let Some(text) = tsquery_text(query)? else {
        return Ok(Vec::new());
    };
    if limit == 0 {
        return Ok(Vec::new());
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // The newest matches of the window (`article_fts_newest_matches`,
    // migration 7), ranked among themselves (`ts_rank` reads each
    // document: the window bounds it), then the snippet is made for the
    // page of hits only: `ts_headline` re-parses the text and is the
    // costly part.
    let rows = db.query(
        "WITH q AS (SELECT to_tsquery('english', unaccent(?1::text)) AS query),
         recent AS (
             SELECT newest.article_id
             FROM q, article_fts_newest_matches(q.query, ?3) AS newest),
         hits AS (
             SELECT f.article_id, ts_rank(f.document, q.query) AS rank
             FROM recent JOIN article_fts f ON f.article_id = recent.article_id, q
             ORDER BY rank DESC, f.article_id
             LIMIT ?2)
         SELECT a.id, a.title, a.outlet, a.published, a.source,
                ts_headline('english', a.text, q.query,
                    'StartSel=[, StopSel=], MinWords=8, MaxWords=24, ShortWord=2')
         FROM hits JOIN articles a ON a.id = hits.article_id, q
         ORDER BY hits.rank DESC, a.id",
        params![text.as_str(), limit, window],
    )?;
    rows.into_iter()
        .map(|mut row| {
            let snippet = row.opt_text(5)?.unwrap_or_default();
            search_hit(&mut row, snippet)
        })
        .collect()
}

/// A hit from a row whose first columns are the article's id, title,
/// outlet, publication date and source, with the snippet made for it.
fn search_hit(row: &mut SqlRow, snippet: String) -> Result<SearchHit> {
    let id = row.text(0)?;
    let published = row
        .opt_text(3)?
        .map(|date| crate::articles::parse_date(&id, &date))
        .transpose()?;
    Ok(SearchHit {
        title: row.opt_text(1)?,
        outlet: row.opt_text(2)?,
        published,
        source: row.text(4)?,
        snippet,
        id,
    })
}

/// [`search_within`] on SQLite, in three bounded steps.
///
/// 1. One walk of the matches, newest first (descending rowid), stopping
///    after the window, scores each by bm25 (weights follow the column
///    order: article_id, title, text, outlet; its word statistics still
///    cover the whole index). The window is ranked here, in Rust.
/// 2. The page's articles are read by rowid, with their text.
/// 3. Their snippets are made from that text ([`Highlighter`]): FTS5's
///    `snippet()` would need a query matching again for each hit and scores
///    every passage of the whole text (together about 20 times the cost of
///    the rest on a 100,000-article store).
fn sqlite_search(db: &Db, query: &str, limit: usize, window: i64) -> Result<Vec<SearchHit>> {
    let terms = query_terms(query)?;
    let expression = match_expression(query)?;
    if limit == 0 {
        return Ok(Vec::new());
    }
    // Only rowids and scores: reading `article_id` would load each
    // match's whole stored row (its text too), three times the cost.
    let mut window_hits = Vec::new();
    for mut row in db.query(
        "SELECT rowid, bm25(article_fts, 0.0, 3.0, 1.0, 1.0) FROM article_fts
         WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
        params![expression.as_str(), window],
    )? {
        window_hits.push((row.float(1)?, row.int(0)?));
    }
    // Equal scores: the newer match first.
    window_hits.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    window_hits.truncate(limit);
    let rowids: Vec<i64> = window_hits.iter().map(|&(_, rowid)| rowid).collect();
    let rowids = serde_json::to_string(&rowids).map_err(|err| StoreError::Corrupt {
        what: "search hit rowids".to_string(),
        reason: err.to_string(),
    })?;
    let mut articles = std::collections::HashMap::with_capacity(window_hits.len());
    for mut row in db.query(
        "SELECT a.id, a.title, a.outlet, a.published, a.source, a.text, f.rowid
         FROM article_fts AS f JOIN articles AS a ON a.id = f.article_id
         WHERE f.rowid IN (SELECT value FROM json_each(?1))",
        params![rowids.as_str()],
    )? {
        articles.insert(row.int(6)?, row);
    }
    let highlighter = Highlighter::new(&terms);
    let mut hits = Vec::with_capacity(window_hits.len());
    for (_, rowid) in window_hits {
        // The index and the table are written in one transaction: a hit
        // missing from the table would be a corrupt store.
        let Some(mut row) = articles.remove(&rowid) else {
            return Err(StoreError::Corrupt {
                what: format!("full-text index entry {rowid}"),
                reason: "its article is not in the articles table".to_string(),
            });
        };
        let snippet = highlighter.snippet(&row.text(5)?);
        hits.push(search_hit(&mut row, snippet)?);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{doc, on_both_backends, TestStore};

    on_both_backends!(
        search_finds_marks_and_ranks,
        hostile_queries_never_fail_with_syntax_errors,
        a_query_without_words_is_an_error_with_a_clear_message,
        a_common_word_ranks_the_newest_matches_and_a_rare_word_is_found_however_old,
        a_long_article_is_indexed_once_and_found
    );

    fn a_long_article_is_indexed_once_and_found(mut store: TestStore) {
        // Found by a word of its indexed prefix, not by one past it.
        let mut long = "Talks on the plates went on. "
            .repeat(storyline_model::limits::MAX_SEARCH_INDEX_BYTES / 20);
        long.push_str("Afterwards came the harbour.");
        store
            .put_docs(&[
                doc("long", Some("2022-11-21"), "Plates", &long),
                doc("short", Some("2022-11-22"), "Vučić speaks", "Vučić spoke."),
            ])
            .unwrap();
        assert_eq!(crate::test_support::indexed_articles(&store), 2);
        let ids: Vec<_> = store
            .search("talks", 10)
            .unwrap()
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        assert_eq!(ids, ["long"]);
        assert!(store.search("harbour", 10).unwrap().is_empty());
        assert_eq!(store.search("vucic", 10).unwrap().len(), 1);
    }

    fn with_corpus(mut store: TestStore) -> TestStore {
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

    fn search_finds_marks_and_ranks(store: TestStore) {
        let store = with_corpus(store);
        let mut hits = store.search("plates", 10).unwrap();
        // PostgreSQL's `ts_headline` chooses its own passage; both mark the word.
        assert!(hits[0].snippet.contains("licence [plates]"), "{hits:?}");
        if store.db.dialect() == Dialect::Postgres {
            hits[0].snippet =
                "Kosovo postponed the rule on licence [plates]. Serbs in the north welcomed it."
                    .to_string();
        }
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

    fn a_common_word_ranks_the_newest_matches_and_a_rare_word_is_found_however_old(
        mut store: TestStore,
    ) {
        // Stored oldest first, one at a time: five articles mention the
        // harbour; the two oldest carry it in their titles too, which bm25
        // ranks first when every match is ranked.
        let articles = [
            (
                "old1",
                "Harbour fire",
                "The harbour burned. A quokka watched.",
            ),
            ("old2", "Harbour strike", "Dockers left the harbour."),
            ("new1", "Council meets", "The council met near the harbour."),
            ("new2", "Harbour reopens", "The harbour reopened."),
            (
                "new3",
                "Weather",
                "Rain fell over the harbour and the hills.",
            ),
        ];
        for (id, title, text) in articles {
            store
                .put_docs(&[doc(id, Some("2022-11-21"), title, text)])
                .unwrap();
        }
        let window = 3;
        let hits = search_within(&store.db, "harbour", 10, window).unwrap();
        let mut found = ids(&hits);
        assert_eq!(found[0], "new2", "{hits:?}");
        found.sort_unstable();
        assert_eq!(found, ["new1", "new2", "new3"]);
        assert_eq!(
            ids(&search_within(&store.db, "harbour", 1, window).unwrap()),
            ["new2"]
        );
        // Ranked over every match, the old titles come out on top.
        let everything = search_within(&store.db, "harbour", 10, 10).unwrap();
        assert_eq!(everything.len(), 5);
        let mut best = ids(&everything[..3]);
        best.sort_unstable();
        assert_eq!(best, ["new2", "old1", "old2"]);
        // The window counts matches of the whole query, not of any one word.
        assert_eq!(
            ids(&search_within(&store.db, "quokka", 10, window).unwrap()),
            ["old1"]
        );
        assert_eq!(
            ids(&search_within(&store.db, "harbour dockers", 10, window).unwrap()),
            ["old2"]
        );
    }

    #[test]
    fn the_revision_changes_with_every_write_to_the_index() {
        let mut store = crate::test_support::sqlite();
        let empty = revision(&store.db).unwrap();
        store
            .put_docs(&[doc("a1", None, "Harbour", "The harbour opened.")])
            .unwrap();
        let one = revision(&store.db).unwrap();
        assert_ne!(one, empty);
        // Replacing the newest entry (the one holding the highest rowid).
        reindex_article(
            &store.db,
            "a1",
            Some("Harbour"),
            "The harbour closed.",
            None,
        )
        .unwrap();
        let replaced = revision(&store.db).unwrap();
        assert_ne!(replaced, one);
        assert_eq!(ids(&store.search("closed", 10).unwrap()), ["a1"]);
        assert!(store.search("opened", 10).unwrap().is_empty());
        assert_eq!(revision(&store.db).unwrap(), replaced);
    }

    fn hostile_queries_never_fail_with_syntax_errors(store: TestStore) {
        let store = with_corpus(store);
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
        assert!(store.search("\u{903}", 10).unwrap().is_empty());
        // FTS5 ignores a phrase without tokens; PostgreSQL's parser reads the
        // mark as a word of its own, which no article holds.
        let expected = match store.db.dialect() {
            Dialect::Sqlite => 2,
            Dialect::Postgres => 0,
        };
        assert_eq!(store.search("\u{903} Serbs", 10).unwrap().len(), expected);
    }

    fn a_query_without_words_is_an_error_with_a_clear_message(store: TestStore) {
        let store = with_corpus(store);
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
    fn tsqueries_quote_every_word_and_keep_prefixes() {
        assert_eq!(
            tsquery_text("Kosovo \"plates U.S.* it's").unwrap().unwrap(),
            "'Kosovo' & 'plates' & 'U' & 'S':* & 'it' & 's'"
        );
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
