//! Large JSON values (an article's document, the corpus analysis) written and
//! read without whole extra copies of their text.
//!
//! Binding a JSON string as a parameter holds it three times at once on
//! SQLite: the serialised `String`, SQLite's copy of the bound value and the
//! record built for the row, each as large as the value (a document is several
//! times its article's text). So on SQLite the row is written with a
//! zero-filled blob of the value's length, which SQLite stores without building
//! it in memory, and the JSON is then serialised straight into that blob
//! through incremental blob I/O, a buffer at a time ([`fill`]). PostgreSQL
//! takes the JSON as text. Reading parses the engine's own copy of the value in
//! place ([`Db::query_with_json`]); on SQLite a value of [`STREAMED_READ_BYTES`]
//! or more is parsed through incremental blob I/O instead ([`read`]), so SQLite
//! never holds the whole value in memory. Such SQLite columns hold BLOBs;
//! values written as TEXT by older builds read back the same way.

use std::io::{BufReader, BufWriter, Write};

use rusqlite::DatabaseName;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::sql::{Db, Dialect, Param};
use crate::{Result, StoreError};

/// Buffer between the serialiser and the blob: one blob write per this many bytes.
const WRITE_BUFFER: usize = 64 * 1024;

/// SQLite values at least this long are read a buffer at a time ([`read`]):
/// stepping to a row loads its whole value into memory, as large again as the
/// parsed value (an article's document is several times its text).
pub(crate) const STREAMED_READ_BYTES: i64 = 1 << 20;

/// A writer that only counts what it is given.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A JSON value about to be written: its length (SQLite) or its text (PostgreSQL).
pub(crate) enum JsonValue {
    /// The length of the zero-filled blob to insert, filled by [`fill`] after.
    Blob(i64),
    /// The JSON text, bound as it is.
    Text(String),
}

impl JsonValue {
    /// Serialises `value` as `db` stores it (see the module docs).
    pub(crate) fn of<T: Serialize>(
        db: &Db,
        value: &T,
        what: impl Fn() -> String,
    ) -> Result<JsonValue> {
        let failed = |source| StoreError::Serialise {
            what: what(),
            source,
        };
        match db.dialect() {
            Dialect::Sqlite => {
                let mut counter = Counter(0);
                serde_json::to_writer(&mut counter, value).map_err(failed)?;
                let len = i64::try_from(counter.0).map_err(|_| StoreError::Corrupt {
                    what: what(),
                    reason: format!("{} bytes of JSON", counter.0),
                })?;
                Ok(JsonValue::Blob(len))
            }
            Dialect::Postgres => Ok(JsonValue::Text(
                serde_json::to_string(value).map_err(failed)?,
            )),
        }
    }

    /// The parameter to bind where [`JsonValue::placeholder`] stands.
    pub(crate) fn param(&self) -> Param<'_> {
        match self {
            JsonValue::Blob(len) => Param::Int(*len),
            JsonValue::Text(text) => Param::Text(text),
        }
    }

    /// The SQL for parameter `?n` holding this value: `zeroblob(?n)` or `?n`.
    pub(crate) fn placeholder(&self, n: usize) -> String {
        match self {
            JsonValue::Blob(_) => format!("zeroblob(?{n})"),
            JsonValue::Text(_) => format!("?{n}"),
        }
    }

    /// `RETURNING rowid` where [`fill`] needs the row, else nothing.
    pub(crate) fn returning(&self) -> &'static str {
        match self {
            JsonValue::Blob(_) => " RETURNING rowid",
            JsonValue::Text(_) => "",
        }
    }
}

/// Serialises `value` into `column` of row `rowid` of `table`, which holds the
/// zero-filled blob of a [`JsonValue::Blob`]; nothing to do for text.
pub(crate) fn fill<T: Serialize>(
    db: &Db,
    json: &JsonValue,
    table: &str,
    column: &str,
    rowid: i64,
    value: &T,
    what: impl Fn() -> String,
) -> Result<()> {
    let (Db::Sqlite(conn), JsonValue::Blob(_)) = (db, json) else {
        return Ok(());
    };
    let blob = conn.blob_open(DatabaseName::Main, table, column, rowid, false)?;
    let mut out = BufWriter::with_capacity(WRITE_BUFFER, blob);
    let failed = |source| StoreError::Serialise {
        what: what(),
        source,
    };
    serde_json::to_writer(&mut out, value).map_err(failed)?;
    out.flush()
        .map_err(|error| failed(serde_json::Error::io(error)))?;
    Ok(())
}

/// Writes `bytes` into `column` of row `rowid` of `table`, which holds a
/// zero-filled blob of their length, through incremental blob I/O (SQLite
/// only): SQLite copies neither a bound value nor a record of them.
pub(crate) fn fill_bytes(
    conn: &rusqlite::Connection,
    table: &str,
    column: &str,
    rowid: i64,
    bytes: &[u8],
) -> Result<()> {
    let mut blob = conn.blob_open(DatabaseName::Main, table, column, rowid, false)?;
    for chunk in bytes.chunks(WRITE_BUFFER) {
        blob.write_all(chunk).map_err(|error| StoreError::Corrupt {
            what: format!("{table}.{column} of row {rowid}"),
            reason: format!("writing the blob: {error}"),
        })?;
    }
    Ok(())
}

/// Parses the JSON in `column` of row `rowid` of `table` through incremental
/// blob I/O, a buffer at a time. SQLite only; a value that does not parse is
/// given as its error message.
pub(crate) fn read<T: DeserializeOwned>(
    db: &Db,
    table: &str,
    column: &str,
    rowid: i64,
) -> Result<std::result::Result<T, String>> {
    let Db::Sqlite(conn) = db else {
        return Ok(Err("streamed reads are for SQLite".to_string()));
    };
    let blob = conn.blob_open(DatabaseName::Main, table, column, rowid, true)?;
    let input = BufReader::with_capacity(WRITE_BUFFER, blob);
    Ok(serde_json::from_reader(input).map_err(|err| err.to_string()))
}
