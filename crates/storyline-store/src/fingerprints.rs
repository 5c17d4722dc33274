//! Per-article fingerprints: what the corpus stages (dedupe, cluster) need of
//! an article, computed once when it is stored.
//!
//! The store keeps them as opaque bytes; the stages that write them own their
//! encoding. The event date is a column of its own so an incremental update
//! can load only the fingerprints near a date.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::sql::{params, Db, Param, SqlRow};
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
        self.db.write(|tx| {
            for print in prints {
                let event_date = print.event_date.map(|d| d.to_string());
                tx.execute(
                    "INSERT INTO article_fingerprints (id, event_date, sketch, signature)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (id) DO UPDATE SET event_date = excluded.event_date,
                         sketch = excluded.sketch, signature = excluded.signature",
                    params![&print.id, &event_date, &print.sketch, &print.signature],
                )?;
            }
            Ok(())
        })
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
            let (from, to) = (from.to_string(), to.to_string());
            prints.extend(self.query_fingerprints(&sql, params![&from, &to])?);
        }
        Ok(prints)
    }

    /// Fingerprints of the given articles (ids without one are skipped).
    pub fn fingerprints_of(&self, ids: &[String]) -> Result<Vec<StoredFingerprint>> {
        let sql = format!("{SELECT} WHERE f.id = ?1");
        let mut prints = Vec::with_capacity(ids.len());
        for id in ids {
            prints.extend(self.query_fingerprints(&sql, params![id])?);
        }
        Ok(prints)
    }

    /// Fingerprints of articles no stored event holds: the articles added since
    /// the last clustering.
    pub fn unclustered_fingerprints(&self) -> Result<Vec<StoredFingerprint>> {
        self.query_fingerprints(
            &format!(
                "{SELECT} WHERE NOT EXISTS
                   (SELECT 1 FROM event_articles e WHERE e.article_id = f.id)
                 ORDER BY f.id"
            ),
            &[],
        )
    }

    /// Which of `ids` are stored articles (a document stored as a revision of
    /// another article is kept under that article's id, not its own).
    pub fn stored_article_ids(&self, ids: &[String]) -> Result<HashSet<String>> {
        let mut found = HashSet::new();
        for id in ids {
            if let Some(mut row) = self
                .db
                .query_one("SELECT id FROM articles WHERE id = ?1", params![id])?
            {
                found.insert(row.text(0)?);
            }
        }
        Ok(found)
    }

    /// Forgets the fingerprints of revised articles (their text changed, so
    /// they are recomputed from the current text) and the clustering state (so
    /// the next analysis rebuilds rather than updates), in one transaction.
    pub fn forget_revised_fingerprints(&mut self) -> Result<()> {
        self.db.write(|tx| {
            tx.execute(
                "DELETE FROM article_fingerprints
                 WHERE id IN (SELECT article_id FROM article_revisions)",
                &[],
            )?;
            tx.execute("DELETE FROM event_profiles", &[])?;
            Ok(())
        })
    }

    /// Ids of stored articles that have no fingerprint yet (stored by an older
    /// build, or by a run that stopped between the two writes).
    pub fn articles_without_fingerprints(&self) -> Result<Vec<String>> {
        self.db
            .query(
                "SELECT a.id FROM articles a
                 LEFT JOIN article_fingerprints f ON f.id = a.id
                 WHERE f.id IS NULL ORDER BY a.id",
                &[],
            )?
            .into_iter()
            .map(|mut row| row.text(0))
            .collect()
    }

    fn query_fingerprints(
        &self,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Vec<StoredFingerprint>> {
        self.db
            .query(sql, params)?
            .into_iter()
            .map(read_fingerprint)
            .collect()
    }
}

/// How [`Store::put_cluster_state`] changes the stored term counts.
#[derive(Debug, Clone, Copy)]
pub enum TermCounts<'a> {
    /// The counts of a full clustering replace the stored ones.
    Replace(&'a [(u32, u64)]),
    /// The counts of newly clustered articles are added to the stored ones.
    Add(&'a [(u32, u64)]),
}

impl Store {
    /// Stores what an incremental update needs of a clustering, in one
    /// transaction: the profile of every event (replacing all stored ones) and
    /// the term counts.
    pub fn put_cluster_state(
        &mut self,
        profiles: &[(String, Vec<u8>)],
        terms: TermCounts<'_>,
    ) -> Result<()> {
        self.db.write(|tx| {
            tx.execute("DELETE FROM event_profiles", &[])?;
            insert_profiles(tx, profiles)?;
            let counts = match terms {
                TermCounts::Replace(counts) => {
                    tx.execute("DELETE FROM term_counts", &[])?;
                    counts
                }
                TermCounts::Add(counts) => counts,
            };
            add_term_counts(tx, counts)
        })
    }

    /// Changes the stored clustering state after an incremental update, in
    /// one transaction: drops the profiles of the `removed` events, stores
    /// those of the `added` ones and adds the newly clustered articles' term
    /// counts. Writes only what changed, so its cost follows the update, not
    /// the corpus.
    pub fn change_cluster_state(
        &mut self,
        removed: &[String],
        added: &[(String, Vec<u8>)],
        counts: &[(u32, u64)],
    ) -> Result<()> {
        self.db.write(|tx| {
            for id in removed {
                tx.execute(
                    "DELETE FROM event_profiles WHERE event_id = ?1",
                    params![id],
                )?;
            }
            insert_profiles(tx, added)?;
            add_term_counts(tx, counts)
        })
    }

    /// The stored event profiles, by event id.
    pub fn event_profiles(&self) -> Result<Vec<(String, Vec<u8>)>> {
        self.db
            .query(
                "SELECT event_id, profile FROM event_profiles ORDER BY event_id",
                &[],
            )?
            .into_iter()
            .map(|mut row| Ok((row.text(0)?, row.blob(1)?)))
            .collect()
    }

    /// The stored term counts: per term, how many clustered articles contain it.
    pub fn term_counts(&self) -> Result<Vec<(u32, u64)>> {
        let rows = self
            .db
            .query("SELECT term, articles FROM term_counts", &[])?;
        let mut counts = Vec::with_capacity(rows.len());
        for mut row in rows {
            let (term, articles) = (row.int(0)?, row.int(1)?);
            let term = u32::try_from(term).map_err(|_| StoreError::Corrupt {
                what: "term counts".to_string(),
                reason: format!("term id {term} out of range"),
            })?;
            counts.push((term, u64::try_from(articles).unwrap_or(0)));
        }
        Ok(counts)
    }
}

fn read_fingerprint(mut row: SqlRow) -> Result<StoredFingerprint> {
    let id = row.text(0)?;
    Ok(StoredFingerprint {
        event_date: parse_day(&id, row.opt_text(1)?)?,
        published: parse_day(&id, row.opt_text(2)?)?,
        sketch: row.blob(3)?,
        signature: row.blob(4)?,
        id,
    })
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

fn insert_profiles(tx: &Db, profiles: &[(String, Vec<u8>)]) -> Result<()> {
    for (id, profile) in profiles {
        tx.execute(
            "INSERT INTO event_profiles (event_id, profile) VALUES (?1, ?2)
             ON CONFLICT (event_id) DO UPDATE SET profile = excluded.profile",
            params![id, profile],
        )?;
    }
    Ok(())
}

fn add_term_counts(tx: &Db, counts: &[(u32, u64)]) -> Result<()> {
    for (term, articles) in counts {
        tx.execute(
            "INSERT INTO term_counts (term, articles) VALUES (?1, ?2)
             ON CONFLICT (term) DO UPDATE SET articles = term_counts.articles + excluded.articles",
            params![
                i64::from(*term),
                i64::try_from(*articles).unwrap_or(i64::MAX)
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{on_both_backends, TestStore};

    on_both_backends!(
        fingerprints_load_by_date_range_and_by_id,
        cluster_state_changes_touch_only_the_named_events,
        cluster_state_replaces_profiles_and_adds_or_replaces_term_counts
    );
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

    fn fingerprints_load_by_date_range_and_by_id(mut store: TestStore) {
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

    fn cluster_state_changes_touch_only_the_named_events(mut store: TestStore) {
        let profiles = vec![
            ("e-1".to_string(), vec![1u8]),
            ("e-2".to_string(), vec![2u8]),
            ("e-3".to_string(), vec![3u8]),
        ];
        store
            .put_cluster_state(&profiles, TermCounts::Replace(&[(7, 2)]))
            .unwrap();
        store
            .change_cluster_state(
                &["e-2".to_string(), "e-9".to_string()],
                &[
                    ("e-4".to_string(), vec![4u8]),
                    ("e-3".to_string(), vec![30u8]),
                ],
                &[(7, 1), (8, 1)],
            )
            .unwrap();
        assert_eq!(
            store.event_profiles().unwrap(),
            [
                ("e-1".to_string(), vec![1u8]),
                ("e-3".to_string(), vec![30u8]),
                ("e-4".to_string(), vec![4u8]),
            ]
        );
        let mut counts = store.term_counts().unwrap();
        counts.sort_unstable();
        assert_eq!(counts, [(7, 3), (8, 1)]);
    }

    fn cluster_state_replaces_profiles_and_adds_or_replaces_term_counts(mut store: TestStore) {
        let profiles = vec![
            ("e-1".to_string(), vec![1u8]),
            ("e-2".to_string(), vec![2u8]),
        ];
        store
            .put_cluster_state(&profiles, TermCounts::Replace(&[(7, 2), (9, 1)]))
            .unwrap();
        store
            .put_cluster_state(&profiles[1..], TermCounts::Add(&[(7, 1), (11, 1)]))
            .unwrap();
        assert_eq!(store.event_profiles().unwrap(), profiles[1..]);
        let mut counts = store.term_counts().unwrap();
        counts.sort_unstable();
        assert_eq!(counts, [(7, 3), (9, 1), (11, 1)]);
        store
            .put_cluster_state(&[], TermCounts::Replace(&[(u32::MAX, 5)]))
            .unwrap();
        assert_eq!(store.term_counts().unwrap(), [(u32::MAX, 5)]);
        assert!(store.event_profiles().unwrap().is_empty());
    }
}
