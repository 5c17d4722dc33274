//! The schema as one ordered list of migrations, and the code that applies them.
//!
//! The version is kept in a plain `schema_version` table rather than SQLite's
//! `PRAGMA user_version`, so the same bookkeeping works on PostgreSQL.
//! Everything here except the full-text index (see [`crate::fts`]) is portable
//! SQL: plain tables, `TEXT`, `INTEGER` and `BLOB` columns, JSON stored as
//! `TEXT`. On PostgreSQL [`dialect_ddl`] maps the three column types to
//! `TEXT COLLATE "C"` (byte order, as SQLite compares, whatever the server's
//! locale), `BIGINT` and `BYTEA`.
//!
//! **Rule:** a migration, once released, is never edited; a change is a new
//! migration appended to [`MIGRATIONS`].

use crate::sql::{params, Db, Dialect};
use crate::{fts, Result, StoreError};

/// One step of the schema's history.
pub(crate) struct Migration {
    /// The version the database is at after this step; the list counts up from 1.
    pub(crate) version: i64,
    /// What the step does, in words.
    pub(crate) description: &'static str,
    /// The statements, run in order inside the migration's transaction.
    pub(crate) statements: Statements,
}

/// A migration's statements: the same for both engines, or one list each.
pub(crate) enum Statements {
    /// Portable statements (column types mapped by [`dialect_ddl`]).
    Portable(&'static [&'static str]),
    /// Engine-specific statements.
    PerDialect {
        /// For SQLite.
        sqlite: &'static [&'static str],
        /// For PostgreSQL.
        postgres: &'static [&'static str],
    },
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

/// The read model the server answers from (migration 5; see [`crate::views`]).
const VIEW_TABLES: &[&str] = &[
    // One row per answer the server can give: a story's page, an event, an
    // article's page, one entry of a list. `body` is the JSON sent as is;
    // the other columns are what requests filter and order by.
    "CREATE TABLE views (
        kind     TEXT NOT NULL,
        key      TEXT NOT NULL,
        position INTEGER NOT NULL,
        terms    TEXT NOT NULL,
        tag      TEXT,
        owner    TEXT,
        lookup   TEXT,
        body     TEXT NOT NULL,
        digest   BLOB NOT NULL,
        PRIMARY KEY (kind, key)
    )",
    "CREATE INDEX views_in_order ON views (kind, position)",
    "CREATE INDEX views_by_tag ON views (kind, tag, position)",
    "CREATE INDEX views_by_owner ON views (kind, owner, position)",
    "CREATE INDEX views_by_lookup ON views (kind, lookup, position)",
];

/// The corpus analysis item by item (migration 6; see [`crate::analysis`]).
const ANALYSIS_ITEM_TABLES: &[&str] = &[
    // One row per item of one of the analysis's lists (an event, a story, a
    // timeline entry, a conflict, …). `key` is the item's content digest (with
    // a count for identical items), so an item that did not change keeps its
    // row; `position` is its place in its list.
    "CREATE TABLE analysis_items (
        part      TEXT NOT NULL,
        key       TEXT NOT NULL,
        position  INTEGER NOT NULL,
        item_json TEXT NOT NULL,
        PRIMARY KEY (part, key)
    )",
    "CREATE INDEX analysis_items_in_order ON analysis_items (part, position)",
];

/// Every migration, oldest first.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "articles, corpus analysis, events, stories, diagnostics",
        statements: Statements::Portable(CORE_TABLES),
    },
    Migration {
        version: 2,
        description: "full-text index over articles",
        statements: Statements::PerDialect {
            sqlite: fts::SQLITE_SCHEMA,
            postgres: fts::POSTGRES_SCHEMA,
        },
    },
    Migration {
        version: 3,
        description: "per-article fingerprints and clustering state for incremental updates",
        statements: Statements::Portable(FINGERPRINT_TABLES),
    },
    Migration {
        version: 4,
        description: "article revisions",
        statements: Statements::Portable(REVISION_TABLES),
    },
    Migration {
        version: 5,
        description: "read model for the server",
        statements: Statements::Portable(VIEW_TABLES),
    },
    Migration {
        version: 6,
        description: "corpus analysis stored item by item",
        statements: Statements::Portable(ANALYSIS_ITEM_TABLES),
    },
    Migration {
        version: 7,
        description: "full-text index in indexing order, for searches ranking the newest matches",
        statements: Statements::PerDialect {
            sqlite: &[],
            postgres: fts::POSTGRES_INDEX_ORDER,
        },
    },
];

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// A portable `CREATE` statement in `dialect`'s column types.
///
/// For PostgreSQL: `TEXT` becomes `TEXT COLLATE "C"` (so ids and dates sort
/// byte by byte, as on SQLite, whatever the server's locale), `INTEGER`
/// becomes `BIGINT` (SQLite integers are 64-bit) and `BLOB` becomes `BYTEA`.
/// Only whole words in upper case are types in the schema's statements.
pub(crate) fn dialect_ddl(statement: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Sqlite {
        return statement.to_string();
    }
    let mut out = String::with_capacity(statement.len() + 32);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(match word.as_str() {
            "TEXT" => "TEXT COLLATE \"C\"",
            "INTEGER" => "BIGINT",
            "BLOB" => "BYTEA",
            other => other,
        });
        word.clear();
    };
    for c in statement.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The version a database is at, read without a transaction; `None` when it
/// has no schema table yet (or it cannot be read, in which case the write
/// path of [`migrate`] reports why).
fn stored_version(db: &Db) -> Result<Option<i64>> {
    let exists = match db.dialect() {
        Dialect::Sqlite => db.query_one(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            &[],
        )?,
        Dialect::Postgres => db.query_one(
            "SELECT 1 FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = 'schema_version'",
            &[],
        )?,
    };
    if exists.is_none() {
        return Ok(None);
    }
    Ok(db
        .query_one("SELECT MAX(version) FROM schema_version", &[])?
        .map(|mut row| row.opt_int(0))
        .transpose()?
        .flatten())
}

/// Brings the database up to [`latest_version`], in one transaction.
///
/// A database already at the latest version is only read: readers (a
/// server's connections) open without waiting for writers. Otherwise it is a
/// write transaction ([`Db::write`]: `BEGIN IMMEDIATE` on SQLite, the store's
/// advisory lock on PostgreSQL), so two processes opening a new database at
/// once do not both try to create the tables: the second waits and then
/// finds the work done.
pub(crate) fn migrate(db: &Db) -> Result<()> {
    if stored_version(db)? == Some(latest_version()) {
        return Ok(());
    }
    let dialect = db.dialect();
    db.write(|db| {
        db.batch(&dialect_ddl(
            "CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT NOT NULL
            )",
            dialect,
        ))?;
        let current = db
            .query_one("SELECT MAX(version) FROM schema_version", &[])?
            .map(|mut row| row.opt_int(0))
            .transpose()?
            .flatten()
            .unwrap_or(0);
        let supported = latest_version();
        if current > supported {
            return Err(StoreError::SchemaTooNew {
                found: current,
                supported,
            });
        }
        for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
            match (&migration.statements, dialect) {
                (Statements::Portable(statements), _) => {
                    for statement in *statements {
                        db.batch(&dialect_ddl(statement, dialect))?;
                    }
                }
                (Statements::PerDialect { sqlite, .. }, Dialect::Sqlite) => {
                    for statement in *sqlite {
                        db.batch(statement)?;
                    }
                }
                (Statements::PerDialect { postgres, .. }, Dialect::Postgres) => {
                    for statement in *postgres {
                        db.batch(statement)?;
                    }
                }
            }
            db.execute(
                "INSERT INTO schema_version (version, description) VALUES (?1, ?2)",
                params![migration.version, migration.description],
            )?;
        }
        Ok(())
    })
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
        let stores = [crate::test_support::sqlite()]
            .into_iter()
            .chain(crate::test_support::postgres());
        for store in stores {
            migrate(&store.db).unwrap();
            let versions: Vec<i64> = store
                .db
                .query("SELECT version FROM schema_version ORDER BY version", &[])
                .unwrap()
                .into_iter()
                .map(|mut row| row.int(0).unwrap())
                .collect();
            assert_eq!(versions, (1..=latest_version()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn postgres_gets_its_column_types() {
        assert_eq!(
            dialect_ddl(
                "CREATE TABLE t (id TEXT, n INTEGER, b BLOB, texts TEXT)",
                Dialect::Postgres
            ),
            "CREATE TABLE t (id TEXT COLLATE \"C\", n BIGINT, b BYTEA, texts TEXT COLLATE \"C\")"
        );
        assert_eq!(
            dialect_ddl("CREATE TABLE t (b BLOB)", Dialect::Sqlite),
            "CREATE TABLE t (b BLOB)"
        );
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let store = crate::Store::open_in_memory().unwrap();
        store
            .db
            .batch("INSERT INTO schema_version (version, description) VALUES (99, 'future')")
            .unwrap();
        let err = migrate(&store.db).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
            "{err}"
        );
    }
}
