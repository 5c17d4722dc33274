//! Per-article fingerprints: what the corpus stages (dedupe, cluster) need of
//! an article, computed once when it is stored.
//!
//! The store keeps them as opaque bytes; the stages that write them own their
//! encoding. The event date is a column of its own so an incremental update
//! can load only the fingerprints near a date.

use chrono::NaiveDate;
use rusqlite::Row;

use crate::{Result, Store, StoreError};

/// One article's fingerprint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFingerprint {
    /// The article's id.
    pub id: String,
    /// The date of the happening the article reports, if known.
    pub event_date: Option<NaiveDate>,
    /// The article's publication date, if known (read from `articles`).
    pub published: Option<NaiveDate>,
    /// The clustering sketch, as its stage encoded it.
    pub sketch: Vec<u8>,
    /// The near-duplicate signature, as its stage encoded it.
    pub signature: Vec<u8>,
}

const SELECT: &str = "SELECT f.id, f.event_date, a.published, f.sketch, f.signature
     FROM article_fingerprints f JOIN articles a ON a.id = f.id";

impl Store {
    /// Stores fingerprints, replacing any stored for the same articles, in one
    /// transaction. Fingerprints of articles the store does not hold are refused.
    pub fn put_fingerprints(&mut self, prints: &[StoredFingerprint]) -> Result<()> {
        let tx = self.write_transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO article_fingerprints (id, event_date, sketch, signature)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET event_date = excluded.event_date,
                     sketch = excluded.sketch, signature = excluded.signature",
            )?;
            for print in prints {
                insert.execute((
                    &print.id,
                    print.event_date.map(|d| d.to_string()),
                    &print.sketch,
                    &print.signature,
                ))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every stored fingerprint, by article id.
    pub fn fingerprints(&self) -> Result<Vec<StoredFingerprint>> {
        self.query_fingerprints(&format!("{SELECT} ORDER BY f.id"), &[])
    }

    /// Fingerprints whose event date lies in one of the inclusive `ranges`,
    /// and every fingerprint without an event date.
    pub fn fingerprints_near(
        &self,
        ranges: &[(NaiveDate, NaiveDate)],
    ) -> Result<Vec<StoredFingerprint>> {
        let mut prints =
            self.query_fingerprints(&format!("{SELECT} WHERE f.event_date IS NULL"), &[])?;
        let sql = format!("{SELECT} WHERE f.event_date >= ?1 AND f.event_date <= ?2");
        for (from, to) in ranges {
            prints.extend(self.query_fingerprints(&sql, &[from.to_string(), to.to_string()])?);
        }
        Ok(prints)
    }

    /// Fingerprints of the given articles (ids without one are skipped).
    pub fn fingerprints_of(&self, ids: &[String]) -> Result<Vec<StoredFingerprint>> {
        let sql = format!("{SELECT} WHERE f.id = ?1");
        let mut prints = Vec::with_capacity(ids.len());
        for id in ids {
            prints.extend(self.query_fingerprints(&sql, std::slice::from_ref(id))?);
        }
        Ok(prints)
    }

    /// Ids of stored articles that have no fingerprint yet (stored by an older
    /// build, or by a run that stopped between the two writes).
    pub fn articles_without_fingerprints(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT a.id FROM articles a
             LEFT JOIN article_fingerprints f ON f.id = a.id
             WHERE f.id IS NULL ORDER BY a.id",
        )?;
        let ids = statement.query_map([], |row| row.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    fn query_fingerprints(&self, sql: &str, params: &[String]) -> Result<Vec<StoredFingerprint>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(params), read_row)?;
        let mut prints = Vec::new();
        for row in rows {
            let (id, event_date, published, sketch, signature) = row?;
            prints.push(StoredFingerprint {
                event_date: parse_day(&id, event_date)?,
                published: parse_day(&id, published)?,
                id,
                sketch,
                signature,
            });
        }
        Ok(prints)
    }
}

type Row5 = (String, Option<String>, Option<String>, Vec<u8>, Vec<u8>);

fn read_row(row: &Row<'_>) -> rusqlite::Result<Row5> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

fn parse_day(id: &str, day: Option<String>) -> Result<Option<NaiveDate>> {
    day.map(|day| {
        day.parse().map_err(|_| StoreError::Corrupt {
            what: format!("fingerprint of article {id}"),
            reason: format!("bad date {day:?}"),
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::doc;

    fn print(id: &str, day: Option<&str>) -> StoredFingerprint {
        StoredFingerprint {
            id: id.into(),
            event_date: day.map(|d| d.parse().unwrap()),
            published: None,
            sketch: vec![1, 2, 3],
            signature: id.as_bytes().to_vec(),
        }
    }

    #[test]
    fn fingerprints_load_by_date_range_and_by_id() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .put_docs(&[
                doc("a", None, "One", "one"),
                doc("b", None, "Two", "two"),
                doc("c", None, "Three", "three"),
            ])
            .unwrap();
        assert_eq!(
            store.articles_without_fingerprints().unwrap(),
            ["a", "b", "c"]
        );
        store
            .put_fingerprints(&[
                print("a", Some("2025-03-10")),
                print("b", Some("2025-04-10")),
            ])
            .unwrap();
        store.put_fingerprints(&[print("c", None)]).unwrap();
        assert!(store.articles_without_fingerprints().unwrap().is_empty());
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let near: Vec<String> = store
            .fingerprints_near(&[(d("2025-03-08"), d("2025-03-12"))])
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(near, ["c", "a"]);
        let by_id = store.fingerprints_of(&["b".into(), "zz".into()]).unwrap();
        assert_eq!(by_id.len(), 1);
        assert_eq!(by_id[0].signature, b"b");
        // Replacing is allowed; a fingerprint without its article is not.
        store.put_fingerprints(&[print("a", None)]).unwrap();
        assert_eq!(store.fingerprints().unwrap()[0].event_date, None);
        assert!(store.put_fingerprints(&[print("ghost", None)]).is_err());
        assert_eq!(store.fingerprints().unwrap().len(), 3);
    }
}
