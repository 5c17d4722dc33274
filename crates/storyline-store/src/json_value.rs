//! Large JSON values (an article's document, the corpus analysis) written into
//! and read out of SQLite without whole copies of their text.
//!
//! Binding a JSON string as a parameter holds it three times at once: the
//! serialised `String`, SQLite's copy of the bound value and the record built
//! for the row, each as large as the value (a document is several times its
//! article's text). Instead the row is written with a zero-filled blob of the
//! value's length, which SQLite stores without building it in memory, and the
//! JSON is then serialised straight into that blob through incremental blob
//! I/O, a buffer at a time. Reading parses SQLite's own copy of the value in
//! place. Such columns hold BLOBs; values written as TEXT by older builds read
//! back the same way.

use std::io::{BufWriter, Write};

use rusqlite::blob::Blob;
use rusqlite::{Connection, DatabaseName, Row};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Result, StoreError};

/// Buffer between the serialiser and the blob: one blob write per this many bytes.
const WRITE_BUFFER: usize = 64 * 1024;

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

/// The length in bytes of `value` as JSON, found by serialising it into a
/// counter: what the row's zero-filled blob must hold.
pub(crate) fn json_len<T: Serialize>(value: &T, what: impl Fn() -> String) -> Result<i64> {
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, value).map_err(|source| StoreError::Serialise {
        what: what(),
        source,
    })?;
    i64::try_from(counter.0).map_err(|_| StoreError::Corrupt {
        what: what(),
        reason: format!("{} bytes of JSON", counter.0),
    })
}

/// Serialises `value` into `column` of row `rowid` of `table`, which holds a
/// zero-filled blob of exactly [`json_len`] bytes.
pub(crate) fn write_json<T: Serialize>(
    conn: &Connection,
    table: &str,
    column: &str,
    rowid: i64,
    value: &T,
    what: impl Fn() -> String,
) -> Result<()> {
    let blob: Blob<'_> = conn.blob_open(DatabaseName::Main, table, column, rowid, false)?;
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

/// Parses column `index` of `row` (TEXT or BLOB) as JSON, in place.
pub(crate) fn read_json<T: DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
    what: impl Fn() -> String,
) -> Result<T> {
    let bytes = row
        .get_ref(index)?
        .as_bytes()
        .map_err(|error| StoreError::Corrupt {
            what: what(),
            reason: error.to_string(),
        })?;
    serde_json::from_slice(bytes).map_err(|error| StoreError::Corrupt {
        what: what(),
        reason: error.to_string(),
    })
}
