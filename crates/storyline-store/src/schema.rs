//! The schema as one ordered list of migrations, and the code that applies them.
//!
//! The version is kept in a plain `schema_version` table rather than SQLite's
//! `PRAGMA user_version`, so the same bookkeeping works on PostgreSQL.
//! Everything here except the full-text index (see [`crate::fts`]) is portable
//! SQL: plain tables, `TEXT` and `INTEGER` columns, JSON stored as `TEXT`.
//!
//! **Rule:** a migration, once released, is never edited; a change is a new
//! migration appended to [`MIGRATIONS`].

use rusqlite::{Connection, TransactionBehavior};

use crate::{fts, Result, StoreError};

/// One step of the schema's history.
pub(crate) struct Migration {
    /// The version the database is at after this step; the list counts up from 1.
    pub(crate) version: i64,
    /// What the step does, in words.
    pub(crate) description: &'static str,
    /// The statements, run in order inside the migration's transaction.
    pub(crate) statements: &'static [&'static str],
}

/// The tables every backend has: articles, corpus results and diagnostics.
const CORE_TABLES: &[&str] = &[
    // One row per article. The listing and search columns are copies taken from
    // `doc_json`, which is the source of truth and loads back to the exact `Doc`.
    "CREATE TABLE articles (
        id        TEXT NOT NULL PRIMARY KEY,
        source    TEXT NOT NULL,
        url       TEXT,
        outlet    TEXT,
        title     TEXT,
        published TEXT,
        text      TEXT NOT NULL,
        doc_json  TEXT NOT NULL
    )",
    "CREATE INDEX articles_by_published ON articles (published, id)",
    // The latest corpus analysis as one JSON value: at most one row, key 1.
    "CREATE TABLE corpus_analysis (
        id            INTEGER NOT NULL PRIMARY KEY,
        analysis_json TEXT NOT NULL
    )",
    // Normalised copies of the analysis for querying. Article ids are not
    // foreign keys: an analysis may cite articles this store never received.
    "CREATE TABLE events (
        id    TEXT NOT NULL PRIMARY KEY,
        date  TEXT,
        title TEXT NOT NULL
    )",
    "CREATE TABLE event_articles (
        event_id   TEXT NOT NULL REFERENCES events (id),
        article_id TEXT NOT NULL,
        PRIMARY KEY (event_id, article_id)
    )",
    "CREATE INDEX event_articles_by_article ON event_articles (article_id)",
    "CREATE TABLE stories (
        id    TEXT NOT NULL PRIMARY KEY,
        title TEXT NOT NULL
    )",
    "CREATE TABLE story_events (
        story_id TEXT NOT NULL REFERENCES stories (id),
        event_id TEXT NOT NULL REFERENCES events (id),
        position INTEGER NOT NULL,
        PRIMARY KEY (story_id, event_id)
    )",
    "CREATE INDEX story_events_by_event ON story_events (event_id)",
    // Per-input problems of the last run, in the order they were reported.
    "CREATE TABLE diagnostics (
        position INTEGER NOT NULL PRIMARY KEY,
        source   TEXT NOT NULL,
        message  TEXT NOT NULL
    )",
];

/// Per-article fingerprints for the corpus stages (see [`crate::fingerprints`]).
const FINGERPRINT_TABLES: &[&str] = &[
    "CREATE TABLE article_fingerprints (
        id         TEXT NOT NULL PRIMARY KEY REFERENCES articles (id),
        event_date TEXT,
        sketch     BLOB NOT NULL,
        signature  BLOB NOT NULL
    )",
    "CREATE INDEX article_fingerprints_by_event_date ON article_fingerprints (event_date)",
    // What an incremental update needs of the last clustering: each event's
    // profile (opaque bytes, owned by the cluster stage) and, per term, how
    // many clustered articles contain it.
    "CREATE TABLE event_profiles (
        event_id TEXT NOT NULL PRIMARY KEY,
        profile  BLOB NOT NULL
    )",
    "CREATE TABLE term_counts (
        term     INTEGER NOT NULL PRIMARY KEY,
        articles INTEGER NOT NULL
    )",
];

/// Revisions: every captured version of an article whose URL was seen again
/// with different content (migration 4).
const REVISION_TABLES: &[&str] = &[
    // One row per captured version. `article_id` is the id the article keeps
    // (its first capture's content hash, the `articles` row); `content_id` is
    // this version's own content hash, so seeing any version again is a no-op.
    // `text` and `doc_json` are NULL for the current version, whose text and
    // document are the `articles` row: an article never revised costs one
    // small row, not a second copy.
    "CREATE TABLE article_revisions (
        article_id TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        content_id TEXT NOT NULL UNIQUE,
        captured   TEXT,
        text       TEXT,
        doc_json   TEXT,
        PRIMARY KEY (article_id, revision)
    )",
    "CREATE INDEX articles_by_url ON articles (url)",
    "CREATE INDEX articles_by_source ON articles (source)",
];

/// Every migration, oldest first.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "articles, corpus analysis, events, stories, diagnostics",
        statements: CORE_TABLES,
    },
    Migration {
        version: 2,
        description: "full-text index over articles",
        statements: fts::SCHEMA,
    },
    Migration {
        version: 3,
        description: "per-article fingerprints and clustering state for incremental updates",
        statements: FINGERPRINT_TABLES,
    },
    Migration {
        version: 4,
        description: "article revisions",
        statements: REVISION_TABLES,
    },
];

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Brings the database up to [`latest_version`], in one transaction.
///
/// The transaction is taken with `BEGIN IMMEDIATE` so two processes opening a
/// new file at once do not both try to create the tables: the second waits
/// (up to the busy timeout) and then finds the work done.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT NOT NULL
        )",
        [],
    )?;
    let current: i64 = tx
        .query_row("SELECT MAX(version) FROM schema_version", [], |row| {
            row.get::<_, Option<i64>>(0)
        })?
        .unwrap_or(0);
    let supported = latest_version();
    if current > supported {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported,
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        for statement in migration.statements {
            tx.execute(statement, [])?;
        }
        tx.execute(
            "INSERT INTO schema_version (version, description) VALUES (?1, ?2)",
            (migration.version, migration.description),
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                migration.version,
                index as i64 + 1,
                "{}",
                migration.description
            );
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let versions: Vec<i64> = conn
            .prepare("SELECT version FROM schema_version ORDER BY version")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(versions, (1..=latest_version()).collect::<Vec<_>>());
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO schema_version (version, description) VALUES (99, 'future')",
            [],
        )
        .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
            "{err}"
        );
    }
}
