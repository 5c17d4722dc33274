//! The embedded store: annotated articles, full-text search over them, and
//! the latest corpus analysis, in one SQLite file.
//!
//! [`Store`] is the whole interface. It is SQLite (bundled, so nothing to
//! install) by default; the SQL is kept portable so a shared PostgreSQL
//! backend can take its place later:
//!
//! - plain tables with `TEXT` and `INTEGER` columns, JSON stored as `TEXT`,
//!   `ON CONFLICT … DO NOTHING` for idempotent inserts;
//! - one ordered list of migrations, versioned in a `schema_version` table;
//! - full-text search (FTS5) only in the `fts` module, behind three items
//!   a `tsvector` version can replace.
//!
//! **Crash safety.** Every write method runs as exactly one transaction: it
//! either lands whole or not at all, and the file is never left half-written
//! (SQLite's write-ahead log sees to that even if the process is killed).
//! Writes are idempotent ([`Store::put_docs`] skips ids it already has,
//! [`Store::put_analysis`] and [`Store::put_diagnostics`] replace), so a run
//! killed halfway is completed by running it again. A caller storing a large
//! corpus in several batches keeps every batch that committed.
//!
//! **Concurrency.** A file may be opened by several processes; writers wait
//! for one another up to a busy timeout of [`BUSY_TIMEOUT`], then fail with
//! [`StoreError::Sqlite`].
//!
//! # Example
//!
//! ```
//! use storyline_model::{Article, Doc};
//! use storyline_store::Store;
//!
//! let article = Article::new(
//!     "a1",
//!     "corpus/a1.txt",
//!     "Kosovo postponed the rule on licence plates by ten months.",
//! )
//! .given_outlet("Example News")
//! .given_title("Kosovo delays licence plate rule");
//! let mut store = Store::open_in_memory()?;
//! let summary = store.put_docs(&[Doc::new(article)])?;
//! assert_eq!(summary.added, 1);
//!
//! // Quotes and operators in a query are searched for as plain words.
//! let hits = store.search(r#"Kosovo "plates"#, 10)?;
//! assert_eq!(hits[0].id, "a1");
//! assert!(hits[0].snippet.contains("[plates]"));
//! # Ok::<(), storyline_store::StoreError>(())
//! ```

mod analysis;
mod articles;
mod coordination;
mod error;
mod fingerprints;
mod fts;
mod json_value;
mod location;
mod schema;
mod snippet;
mod sql;
#[cfg(test)]
mod test_support;
mod views;

use std::cell::RefCell;
use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

pub use articles::{PutSummary, StoredRevision};
pub use coordination::COORDINATOR_LOCK;
pub use error::{Result, StoreError};
pub use fingerprints::{StoredFingerprint, TermCounts};
pub use fts::{SearchHit, SEARCH_WINDOW};
pub use location::Location;
use sql::{Db, PgConnection};
pub use views::{search_terms, View, ViewFilter, ViewKind, ViewsWritten};

/// How much of an SQLite file each connection maps into memory for reading
/// (SQLite caps it at its compile-time maximum: 2 GB by default, 64 GiB as
/// the workspace builds it, see `.cargo/config.toml`).
const MMAP_BYTES: i64 = 1 << 36;

/// How long a write waits for another process's write to finish before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A storyline database: articles with their annotations, a full-text index
/// over them, the latest corpus analysis and the latest run's diagnostics.
///
/// Reading methods take `&self`; writing ones take `&mut self` and each runs
/// as one transaction (see the crate docs on crash safety). A `Store` is one
/// connection: it can move between threads but is used by one at a time.
#[derive(Debug)]
pub struct Store {
    db: Db,
    /// Test-only hook called by `put_docs` after each document is written
    /// (with how many are written so far), to inject failures and crashes
    /// in the middle of a batch.
    #[cfg(test)]
    after_doc_written: Option<fn(usize) -> Result<()>>,
    /// Where capture times come from: `None` is the system clock (UTC); tests
    /// set a fixed one with [`Store::set_clock`].
    clock: Option<fn() -> &'static str>,
}

impl Store {
    /// Opens the store at `location`: an SQLite file ([`Store::open`]) or a
    /// PostgreSQL database ([`Store::open_postgres`]).
    pub fn connect(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path),
            Location::Postgres(url) => Store::open_postgres(url),
        }
    }

    /// Lets an SQLite store read its file through a memory map instead of
    /// copying each page into the connection's own cache (`pread`): a server's
    /// many pooled connections then share the operating system's one copy of
    /// the pages a search walks. A batch run does not ask for it, so its
    /// resident memory stays its own data. PostgreSQL: nothing changes.
    pub fn map_for_reading(&self) -> Result<()> {
        if let Db::Sqlite(conn) = &self.db {
            conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        }
        Ok(())
    }

    /// Lets an SQLite store keep up to `mib` MiB of its pages in memory (the
    /// default is 2 MiB). A bulk run writing into indexes larger than that
    /// otherwise evicts and re-reads their pages for each row; a reader has no
    /// need of it. PostgreSQL manages its own buffers: nothing changes there.
    pub fn set_page_cache_mib(&self, mib: u32) -> Result<()> {
        if let Db::Sqlite(conn) = &self.db {
            conn.pragma_update(None, "cache_size", -(i64::from(mib) * 1024))?;
        }
        Ok(())
    }

    /// Opens the database at `path`, creating the file and its schema if
    /// needed and upgrading an older schema.
    ///
    /// The file is put in write-ahead-log mode (readers do not block the
    /// writer, and a killed process cannot corrupt it). Fails with
    /// [`StoreError::SchemaTooNew`] for a file written by a newer build.
    pub fn open(path: &Path) -> Result<Store> {
        let at_path = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(at_path)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(at_path)?;
        // The first statement reads the file, so a file that is not a
        // database fails here, with its path in the message. It returns the
        // mode now in force: a file system without shared-memory support keeps
        // the rollback journal, which is just as safe, only slower.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(at_path)?;
        Store::setup_sqlite(conn)
    }

    /// A fresh database that lives in memory and is gone when dropped; for
    /// tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup_sqlite(Connection::open_in_memory()?)
    }

    /// Connects to the PostgreSQL database at `url`
    /// (`postgres://user@host:port/database`, libpq's URL form; `?options=-csearch_path%3Dname`
    /// picks a schema) and brings its schema up to date.
    ///
    /// Any number of processes may open the same database: writes are
    /// serialised by an advisory lock (see the crate docs).
    pub fn open_postgres(url: &str) -> Result<Store> {
        let at_url = |source| StoreError::Connect {
            url: location::redacted(url),
            source,
        };
        let client = postgres::Client::connect(url, postgres::NoTls).map_err(at_url)?;
        let db = Db::Postgres(Box::new(RefCell::new(PgConnection::new(client))));
        // A notice per statement (`… does not exist, skipping`) is noise here.
        db.batch("SET client_min_messages = warning")?;
        Store::setup(db)
    }

    /// SQLite settings every connection needs, then the migrations.
    fn setup_sqlite(conn: Connection) -> Result<Store> {
        // SQLite checks declared foreign keys only when asked; PostgreSQL always
        // does. Turning them on keeps the two backends alike.
        conn.pragma_update(None, "foreign_keys", true)?;
        // In WAL mode `NORMAL` syncs at checkpoints, not at every commit: a
        // killed process still loses nothing committed and the file cannot be
        // corrupted; a power cut may lose the last commits.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Store::setup(Db::Sqlite(conn))
    }

    fn setup(db: Db) -> Result<Store> {
        schema::migrate(&db)?;
        Ok(Store {
            db,
            #[cfg(test)]
            after_doc_written: None,
            clock: None,
        })
    }

    /// Makes capture times (of revisions) come from `clock` instead of the
    /// system clock, for reproducible tests and imports of past captures.
    pub fn set_clock(&mut self, clock: fn() -> &'static str) {
        self.clock = Some(clock);
    }

    /// Articles containing every word of `query`, best match first, at most `limit`,
    /// taken from the [`SEARCH_WINDOW`] most recently stored such articles.
    ///
    /// `query` is plain words, not search syntax: quotes, `-`, `OR`, `NEAR` and
    /// the like are searched for as words, so no query is a syntax error. A
    /// trailing `*` asks for a prefix (`Kosov*`). Case and diacritics are
    /// ignored and English words are stemmed. A query with no word in it fails
    /// with [`StoreError::EmptyQuery`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        fts::search(&self.db, query, limit)
    }

    /// A number that changes whenever the full-text index does, so that a
    /// caller may keep [`Store::search`] results until it changes; `None`
    /// when the store has no such number (PostgreSQL).
    pub fn search_revision(&self) -> Result<Option<i64>> {
        fts::revision(&self.db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{doc, sample_analysis};

    #[test]
    fn reopening_a_file_finds_everything_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("storyline.db");
        let docs = vec![
            doc(
                "a1",
                Some("2022-11-21"),
                "Kosovo plates",
                "Kosovo delays the plate rule.",
            ),
            doc(
                "a2",
                None,
                "Serbia responds",
                "Belgrade welcomed the delay.",
            ),
        ];
        {
            let mut store = Store::open(&path).unwrap();
            store.put_docs(&docs).unwrap();
            store.put_analysis(&sample_analysis()).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.docs().unwrap(), docs);
        assert_eq!(store.analysis().unwrap(), Some(sample_analysis()));
        assert_eq!(store.search("delay", 10).unwrap().len(), 2);
        let summary = store.put_docs(&docs).unwrap();
        assert_eq!(
            summary,
            PutSummary {
                added: 0,
                unchanged: 2,
                revised: 0,
            }
        );
        let mode = store
            .db
            .query_one("PRAGMA journal_mode", &[])
            .unwrap()
            .unwrap()
            .text(0)
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn opening_a_missing_folder_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("storyline.db");
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("no-such-folder"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "These are notes, not a database. ".repeat(100)).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("notes.txt"), "{err}");
    }

    #[test]
    fn a_file_from_a_newer_build_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("storyline.db");
        Store::open(&path)
            .unwrap()
            .db
            .batch("INSERT INTO schema_version (version, description) VALUES (999, 'future')")
            .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooNew { found: 999, .. }),
            "{err:?}"
        );
    }
}
