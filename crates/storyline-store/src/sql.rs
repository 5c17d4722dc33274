//! One small SQL interface over the two backends, so every query of the store
//! is written once.
//!
//! [`Db`] is either an embedded SQLite connection or a PostgreSQL client. The
//! store's modules write plain SQL with numbered parameters (`?1`, `?2`: SQLite's
//! syntax, turned into PostgreSQL's `$1`, `$2` when a statement is first prepared),
//! bind [`Param`]s and read [`SqlRow`]s of [`Value`]s. Statements are prepared
//! once per connection and cached.
//!
//! What differs between the engines stays out of here: the full-text index
//! (`fts`), column types in the schema (`schema::dialect_ddl`) and locking.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};

use crate::{Result, StoreError};

/// Which SQL engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Embedded SQLite (bundled with the binary).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A value bound to a statement parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    /// SQL `NULL`.
    Null,
    /// An integer (stored as `BIGINT` on PostgreSQL).
    Int(i64),
    /// Text.
    Text(&'a str),
    /// Bytes (`BLOB` / `BYTEA`).
    Blob(&'a [u8]),
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(text: &'a str) -> Self {
        Param::Text(text)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(text: &'a String) -> Self {
        Param::Text(text)
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Param::Null, Param::Text)
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(text: &'a Option<String>) -> Self {
        text.as_deref().map_or(Param::Null, Param::Text)
    }
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(value)
    }
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Param::Blob(bytes)
    }
}

impl<'a> From<&'a Vec<u8>> for Param<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        Param::Blob(bytes)
    }
}

/// `params![a, b]`: a slice of [`Param`]s from values that convert into one.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::sql::Param::from($value)),*]
    };
}
pub(crate) use params;

/// One column of a result row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// SQL `NULL`.
    Null,
    /// An integer (or boolean) column.
    Int(i64),
    /// A floating-point column.
    Float(f64),
    /// A text column.
    Text(String),
    /// A bytes column.
    Blob(Vec<u8>),
}

/// One result row; columns are taken by position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SqlRow(Vec<Value>);

impl SqlRow {
    fn take(&mut self, index: usize) -> Value {
        self.0
            .get_mut(index)
            .map_or(Value::Null, |value| std::mem::replace(value, Value::Null))
    }

    fn wrong(index: usize, wanted: &str, found: &Value) -> StoreError {
        StoreError::Corrupt {
            what: format!("column {index}"),
            reason: format!("expected {wanted}, found {found:?}"),
        }
    }

    /// Column `index` as text, `None` for `NULL`.
    pub(crate) fn opt_text(&mut self, index: usize) -> Result<Option<String>> {
        match self.take(index) {
            Value::Null => Ok(None),
            Value::Text(text) => Ok(Some(text)),
            other => Err(Self::wrong(index, "text", &other)),
        }
    }

    /// Column `index` as text, also when SQLite holds it as a blob of UTF-8
    /// (a value written through incremental blob I/O); `NULL` is an error.
    pub(crate) fn text_or_utf8_blob(&mut self, index: usize) -> Result<String> {
        match self.take(index) {
            Value::Text(text) => Ok(text),
            Value::Blob(bytes) => String::from_utf8(bytes).map_err(|err| StoreError::Corrupt {
                what: format!("column {index}"),
                reason: format!("a blob that is not UTF-8 text: {err}"),
            }),
            other => Err(Self::wrong(index, "text", &other)),
        }
    }

    /// Column `index` as text; `NULL` is an error.
    pub(crate) fn text(&mut self, index: usize) -> Result<String> {
        self.opt_text(index)?
            .ok_or_else(|| Self::wrong(index, "text", &Value::Null))
    }

    /// Column `index` as an integer, `None` for `NULL`.
    pub(crate) fn opt_int(&mut self, index: usize) -> Result<Option<i64>> {
        match self.take(index) {
            Value::Null => Ok(None),
            Value::Int(value) => Ok(Some(value)),
            other => Err(Self::wrong(index, "an integer", &other)),
        }
    }

    /// Column `index` as an integer; `NULL` is an error.
    pub(crate) fn int(&mut self, index: usize) -> Result<i64> {
        self.opt_int(index)?
            .ok_or_else(|| Self::wrong(index, "an integer", &Value::Null))
    }

    /// Column `index` as a floating-point number (an integer is widened);
    /// `NULL` is an error.
    pub(crate) fn float(&mut self, index: usize) -> Result<f64> {
        match self.take(index) {
            Value::Float(value) => Ok(value),
            Value::Int(value) => Ok(value as f64),
            other => Err(Self::wrong(index, "a number", &other)),
        }
    }

    /// Column `index` as bytes; `NULL` is an error.
    pub(crate) fn blob(&mut self, index: usize) -> Result<Vec<u8>> {
        match self.take(index) {
            Value::Blob(bytes) => Ok(bytes),
            other => Err(Self::wrong(index, "bytes", &other)),
        }
    }
}

/// A PostgreSQL client with its prepared statements, keyed by the SQL as written.
pub(crate) struct PgConnection {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl std::fmt::Debug for PgConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConnection")
            .field("statements", &self.statements.len())
            .finish_non_exhaustive()
    }
}

impl PgConnection {
    pub(crate) fn new(client: postgres::Client) -> PgConnection {
        PgConnection {
            client,
            statements: HashMap::new(),
        }
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&numbered_parameters(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// A JSON value parsed, or why it did not parse.
pub(crate) type Parsed<T> = std::result::Result<T, String>;

/// A connection to either engine. Methods take `&self`: SQLite's connection
/// allows that, and the PostgreSQL client sits in a `RefCell` (a `Db` is used
/// by one thread at a time; it is `Send`, not `Sync`).
#[derive(Debug)]
pub(crate) enum Db {
    /// Embedded SQLite.
    Sqlite(rusqlite::Connection),
    /// A PostgreSQL server (boxed: the client is several times the size of
    /// an SQLite handle).
    Postgres(Box<RefCell<PgConnection>>),
}

impl Db {
    /// Which engine this is.
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs one statement and returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let changed = statement.execute(rusqlite::params_from_iter(params.iter()));
                // A cached statement keeps SQLite's copy of its bound values until
                // it is next run: an article's text would stay for the whole run.
                statement.clear_bindings();
                Ok(changed? as u64)
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                Ok(pg.client.execute(&statement, &pg_params(params))?)
            }
        }
    }

    /// Runs several statements without parameters (schema changes,
    /// transaction control).
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Runs a query and returns every row.
    pub(crate) fn query(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<SqlRow>> {
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let columns = statement.column_count();
                let mut rows = statement.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    let mut values = Vec::with_capacity(columns);
                    for index in 0..columns {
                        values.push(sqlite_value(row.get_ref(index)?));
                    }
                    out.push(SqlRow(values));
                }
                Ok(out)
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let rows = pg.client.query(&statement, &pg_params(params))?;
                rows.iter().map(|row| pg_row(row, None)).collect()
            }
        }
    }

    /// Runs a query whose column `json` holds JSON, and returns every row
    /// with that column parsed from the engine's own copy of the value (no
    /// whole copy of the text is made; the column is `Null` in the row).
    /// A value that does not parse is given as its error message; a NULL as `None`.
    pub(crate) fn query_with_json<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        json: usize,
    ) -> Result<Vec<(SqlRow, Option<Parsed<T>>)>> {
        let parse = |bytes: &[u8]| serde_json::from_slice::<T>(bytes).map_err(|e| e.to_string());
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let columns = statement.column_count();
                let mut rows = statement.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    let mut values = Vec::with_capacity(columns);
                    let mut parsed = Some(Err("no JSON column".to_string()));
                    for index in 0..columns {
                        let value = row.get_ref(index)?;
                        if index == json {
                            parsed = match value {
                                rusqlite::types::ValueRef::Text(bytes)
                                | rusqlite::types::ValueRef::Blob(bytes) => Some(parse(bytes)),
                                rusqlite::types::ValueRef::Null => None,
                                other => Some(Err(format!("not JSON: {:?}", other.data_type()))),
                            };
                            values.push(Value::Null);
                        } else {
                            values.push(sqlite_value(value));
                        }
                    }
                    out.push((SqlRow(values), parsed));
                }
                Ok(out)
            }
            Db::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let rows = pg.client.query(&statement, &pg_params(params))?;
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let parsed = row
                        .try_get::<_, Option<&str>>(json)?
                        .map(|text| parse(text.as_bytes()));
                    out.push((pg_row(row, Some(json))?, parsed));
                }
                Ok(out)
            }
        }
    }

    /// Runs a query and returns its first row, if any.
    pub(crate) fn query_one(&self, sql: &str, params: &[Param<'_>]) -> Result<Option<SqlRow>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs `write` in one transaction: committed when it returns `Ok`,
    /// rolled back when it fails.
    ///
    /// SQLite takes the write lock at the start (`BEGIN IMMEDIATE`, waiting
    /// up to the busy timeout for another writer); a deferred transaction
    /// would take it at its first write and could then fail at once when
    /// another process wrote in between. PostgreSQL writers take the store's
    /// transaction-scoped advisory lock, so two writers (two workers, a
    /// worker and a coordinator) never interleave within one store.
    pub(crate) fn write<T>(&self, write: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(_) => self.batch("BEGIN IMMEDIATE")?,
            Db::Postgres(_) => {
                self.batch("BEGIN")?;
                if let Err(err) =
                    self.execute("SELECT pg_advisory_xact_lock(?1)", params![WRITE_LOCK])
                {
                    let _ = self.batch("ROLLBACK");
                    return Err(err);
                }
            }
        }
        match write(self) {
            Ok(value) => {
                if let Err(err) = self.batch("COMMIT") {
                    let _ = self.batch("ROLLBACK");
                    return Err(err);
                }
                Ok(value)
            }
            Err(err) => {
                // The rollback's own failure (a broken connection) leaves
                // nothing behind either: the server drops the transaction.
                let _ = self.batch("ROLLBACK");
                Err(err)
            }
        }
    }
}

/// The advisory lock key every PostgreSQL write transaction holds ("storyline"
/// in ASCII, as an integer): writes to one database are serialised like
/// SQLite's, so the read-then-write steps of `put_docs` (is this id or URL
/// stored?) cannot race between workers.
pub(crate) const WRITE_LOCK: i64 = 0x73746f72796c696e;

/// Rewrites `?N` parameters into PostgreSQL's `$N`. The store's SQL holds no
/// `?` inside string literals, so a plain scan is enough.
fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(value) => ValueRef::Integer(value),
            Param::Text(text) => ValueRef::Text(text.as_bytes()),
            Param::Blob(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

fn sqlite_value(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(value) => Value::Int(value),
        ValueRef::Real(value) => Value::Float(value),
        ValueRef::Text(bytes) => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    }
}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(value) => match *ty {
                Type::INT2 => i16::try_from(value)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(value)?.to_sql(ty, out),
                _ => value.to_sql(ty, out),
            },
            Param::Text(text) => text.to_sql(ty, out),
            Param::Blob(bytes) => bytes.to_sql(ty, out),
        }
    }

    /// Every parameter type is accepted here; `to_sql` converts integers to
    /// the column's width and the server checks the rest.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn pg_params<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|param| param as &(dyn ToSql + Sync))
        .collect()
}

/// The row's columns as values; column `skip` (read elsewhere) is `Null`.
fn pg_row(row: &postgres::Row, skip: Option<usize>) -> Result<SqlRow> {
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        if Some(index) == skip {
            values.push(Value::Null);
            continue;
        }
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(index)?.map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(index)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(index)?
                .map(|v| Value::Int(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(index)?
                .map(|v| Value::Int(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(index)?.map(Value::Float),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(index)?
                .map(|v| Value::Float(v.into())),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(index)?.map(Value::Blob),
            _ => row.try_get::<_, Option<String>>(index)?.map(Value::Text),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(SqlRow(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_renumbered_for_postgres() {
        assert_eq!(
            numbered_parameters("SELECT a FROM t WHERE a = ?1 AND b = ?12 OR c = '?'"),
            "SELECT a FROM t WHERE a = $1 AND b = $12 OR c = '?'"
        );
    }

    #[test]
    fn rows_are_read_by_position_and_type() {
        let db = Db::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.batch("CREATE TABLE t (a TEXT, b INTEGER, c BLOB)")
            .unwrap();
        db.execute(
            "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)",
            params!["x", 7_i64, &b"\x00\x01"[..]],
        )
        .unwrap();
        db.execute(
            "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)",
            &[Param::Null, Param::Null, Param::Blob(&[])],
        )
        .unwrap();
        let mut rows = db
            .query("SELECT a, b, c FROM t ORDER BY b DESC", &[])
            .unwrap();
        assert_eq!(rows[0].text(0).unwrap(), "x");
        assert_eq!(rows[0].int(1).unwrap(), 7);
        assert_eq!(rows[0].blob(2).unwrap(), vec![0, 1]);
        assert_eq!(rows[1].opt_text(0).unwrap(), None);
        assert!(rows[1].int(1).is_err());
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let db = Db::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.batch("CREATE TABLE t (a TEXT PRIMARY KEY)").unwrap();
        let result: Result<()> = db.write(|db| {
            db.execute("INSERT INTO t (a) VALUES (?1)", params!["x"])?;
            db.execute("INSERT INTO t (a) VALUES (?1)", params!["x"])?;
            Ok(())
        });
        assert!(result.is_err());
        assert!(db.query("SELECT a FROM t", &[]).unwrap().is_empty());
    }
}
