//! The store's error type: every way a store operation can fail.

use std::path::PathBuf;

use storyline_model::ArticleId;

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Why a store operation failed.
///
/// A failed write never leaves part of its batch behind: the transaction it ran
/// in is rolled back, so the database holds exactly what it held before the call.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created (missing folder,
    /// no permission, not a SQLite file).
    #[error("cannot open store at {}: {source}", path.display())]
    Open {
        /// The path given to [`crate::Store::open`].
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },

    /// The PostgreSQL server could not be reached, refused the login, or
    /// has no such database.
    #[error("cannot connect to store at {url}: {source}")]
    Connect {
        /// The URL given to [`crate::Store::open_postgres`], password hidden.
        url: String,
        /// What the PostgreSQL client said.
        #[source]
        source: postgres::Error,
    },

    /// A PostgreSQL statement failed: connection lost, a constraint broken,
    /// text the server refuses (it stores no NUL characters).
    #[error("database error: {0}")]
    Postgres(#[from] postgres::Error),

    /// A statement failed: disk full, database locked past the busy timeout,
    /// a constraint broken, or the file damaged.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// A value could not be turned into JSON for storage.
    #[error("cannot serialise {what} to JSON: {source}")]
    Serialise {
        /// What was being stored, e.g. `article 1a2b…` or `corpus analysis`.
        what: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },

    /// A document holds a NaN or infinite number. JSON cannot represent one
    /// (serde_json would write `null` and the document could not be loaded back),
    /// so the whole batch is refused.
    #[error("article {article}: {field} is not a finite number")]
    NonFinite {
        /// The offending article.
        article: ArticleId,
        /// Which field, e.g. `quotes[2].confidence`.
        field: String,
    },

    /// Something stored could not be read back: the database was written by an
    /// incompatible build or edited by hand.
    #[error("stored {what} is unreadable: {reason}")]
    Corrupt {
        /// What was being read, e.g. `article 1a2b…`.
        what: String,
        /// Why it could not be read.
        reason: String,
    },

    /// A search query held no word to search for: it was empty, blank, or only
    /// punctuation and operators such as `"`, `*` or `-`.
    #[error("search query has no words to search for; give at least one word")]
    EmptyQuery,

    /// A corpus analysis contradicts itself (two events with one id, a story
    /// naming an event that does not exist); nothing was stored.
    #[error("inconsistent corpus analysis: {0}")]
    InvalidAnalysis(String),

    /// Views given to [`Store::put_views`](crate::Store::put_views) were refused
    /// (two with one kind and key); nothing was written.
    #[error("invalid views: {0}")]
    InvalidViews(String),

    /// The database was created by a newer build of storyline, with a schema
    /// this build does not know.
    #[error("store schema version {found} is newer than this build supports ({supported}); upgrade storyline")]
    SchemaTooNew {
        /// Version found in the database.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
}
