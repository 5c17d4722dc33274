//! Who runs the corpus stages: one elected coordinator per store.
//!
//! Workers only add articles; the corpus stages (dedupe, clustering,
//! analysis) rewrite events and stories, so exactly one process at a time may
//! run them. On PostgreSQL that process holds a session-level advisory lock
//! ([`COORDINATOR_LOCK`]): the server releases it when the process's
//! connection ends (exit, crash, `kill -9`), and a standby coordinator takes
//! over on its next try. On SQLite, whose file lives on one machine, every
//! caller is told it leads: run one coordinator per file.

use crate::sql::{params, Db};
use crate::{Result, Store};

/// The advisory lock key the coordinator holds ("storycrd" in ASCII).
pub const COORDINATOR_LOCK: i64 = 0x73746f7279637264;

impl Store {
    /// Tries to become the store's coordinator without waiting: `true` when
    /// this connection holds (or already held) the coordinator lock.
    pub fn try_lead(&self) -> Result<bool> {
        match &self.db {
            Db::Sqlite(_) => Ok(true),
            Db::Postgres(_) => {
                let mut row = self
                    .db
                    .query_one("SELECT pg_try_advisory_lock(?1)", params![COORDINATOR_LOCK])?
                    .expect("SELECT returns one row");
                Ok(row.int(0)? != 0)
            }
        }
    }

    /// How many stored articles no stored event holds: the work waiting for
    /// the corpus stages.
    pub fn unanalysed_count(&self) -> Result<usize> {
        let count = self
            .db
            .query_one(
                "SELECT COUNT(*) FROM articles a
                 WHERE NOT EXISTS (SELECT 1 FROM event_articles e WHERE e.article_id = a.id)",
                &[],
            )?
            .map(|mut row| row.int(0))
            .transpose()?
            .unwrap_or(0);
        Ok(usize::try_from(count).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{doc, on_both_backends, postgres, TestStore};

    on_both_backends!(articles_outside_every_event_are_waiting);

    fn articles_outside_every_event_are_waiting(mut store: TestStore) {
        let docs = [
            doc("a1", None, "One", "First."),
            doc("a2", None, "Two", "Second."),
            doc("a3", None, "Three", "Third."),
        ];
        store.put_docs(&docs).unwrap();
        assert_eq!(store.unanalysed_count().unwrap(), 3);
        store
            .put_analysis(&crate::test_support::sample_analysis())
            .unwrap();
        // The sample analysis holds a1, a2 and a3 in its events.
        assert_eq!(store.unanalysed_count().unwrap(), 0);
        assert!(store.try_lead().unwrap());
    }

    #[test]
    fn one_postgres_connection_leads_at_a_time() {
        let Some(database) = postgres() else {
            return;
        };
        let url = crate::test_support::with_database(
            &crate::test_support::postgres_url().unwrap(),
            database.database_name().unwrap(),
        );
        let first = Store::open_postgres(&url).unwrap();
        assert!(first.try_lead().unwrap());
        assert!(first.try_lead().unwrap(), "a leader stays leader");
        let second = Store::open_postgres(&url).unwrap();
        assert!(!second.try_lead().unwrap());
        assert!(!database.try_lead().unwrap());
        drop(first);
        // The lock went with the first connection.
        let mut led = false;
        for _ in 0..50 {
            if second.try_lead().unwrap() {
                led = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(led);
    }
}
