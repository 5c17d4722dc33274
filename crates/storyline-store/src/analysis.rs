//! Storing corpus-level results (the latest `CorpusAnalysis`) and the last
//! run's diagnostics.
//!
//! Both are replaced whole on every write, never merged: they describe the
//! corpus as of one run. The analysis is kept as one JSON value, which is what
//! loads back, and its events and stories are also copied into the normalised
//! tables `events`, `event_articles`, `stories` and `story_events` so they can
//! be queried with SQL. Of those, only the rows of events that changed are
//! rewritten, since an incremental run changes few of a large corpus's events.

use std::collections::{HashMap, HashSet};

use storyline_model::{CorpusAnalysis, Diagnostic};

use crate::json_value::{self, JsonValue};
use crate::sql::{params, Db};
use crate::{Result, Store, StoreError};

impl Store {
    /// Replaces the stored corpus analysis, in one transaction.
    ///
    /// Refused with [`StoreError::InvalidAnalysis`] (and nothing changed) when
    /// two events or two stories share an id, or a story names an event that is
    /// not in `analysis.events`.
    pub fn put_analysis(&mut self, analysis: &CorpusAnalysis) -> Result<()> {
        validate(analysis)?;
        let what = || "corpus analysis".to_string();
        let json = JsonValue::of(&self.db, analysis, what)?;
        self.db.write(|tx| {
            // Children first, so the foreign keys hold at every step.
            for table in ["story_events", "stories", "corpus_analysis"] {
                tx.execute(&format!("DELETE FROM {table}"), &[])?;
            }
            // On SQLite serialised straight into the row: the JSON is never
            // whole in memory.
            tx.execute(
                &format!(
                    "INSERT INTO corpus_analysis (id, analysis_json) VALUES (1, {})",
                    json.placeholder(1)
                ),
                &[json.param()],
            )?;
            json_value::fill(
                tx,
                &json,
                "corpus_analysis",
                "analysis_json",
                1,
                analysis,
                what,
            )?;
            replace_events(tx, analysis)?;
            insert_stories(tx, analysis)
        })
    }

    /// The stored corpus analysis, or `None` if none was ever stored.
    pub fn analysis(&self) -> Result<Option<CorpusAnalysis>> {
        let Some((_, parsed)) = self
            .db
            .query_with_json(
                "SELECT analysis_json FROM corpus_analysis WHERE id = 1",
                &[],
                0,
            )?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        parsed.map(Some).map_err(|reason| StoreError::Corrupt {
            what: "corpus analysis".to_string(),
            reason,
        })
    }

    /// Replaces the stored diagnostics with `diagnostics` (the problems of the
    /// latest run), in one transaction.
    pub fn put_diagnostics(&mut self, diagnostics: &[Diagnostic]) -> Result<()> {
        self.db.write(|tx| {
            tx.execute("DELETE FROM diagnostics", &[])?;
            for (position, diagnostic) in (0_i64..).zip(diagnostics) {
                tx.execute(
                    "INSERT INTO diagnostics (position, source, message) VALUES (?1, ?2, ?3)",
                    params![position, &diagnostic.source, &diagnostic.message],
                )?;
            }
            Ok(())
        })
    }

    /// The stored diagnostics, in the order they were given.
    pub fn diagnostics(&self) -> Result<Vec<Diagnostic>> {
        self.db
            .query(
                "SELECT source, message FROM diagnostics ORDER BY position",
                &[],
            )?
            .into_iter()
            .map(|mut row| {
                Ok(Diagnostic {
                    source: row.text(0)?,
                    message: row.text(1)?,
                })
            })
            .collect()
    }
}

/// Checks what the normalised tables' keys would otherwise reject with an
/// opaque constraint error.
fn validate(analysis: &CorpusAnalysis) -> Result<()> {
    let mut event_ids = HashSet::new();
    for event in &analysis.events {
        if !event_ids.insert(event.id.as_str()) {
            return Err(StoreError::InvalidAnalysis(format!(
                "two events have the id {:?}",
                event.id
            )));
        }
    }
    let mut story_ids = HashSet::new();
    for story in &analysis.stories {
        if !story_ids.insert(story.id.as_str()) {
            return Err(StoreError::InvalidAnalysis(format!(
                "two stories have the id {:?}",
                story.id
            )));
        }
        if let Some(missing) = story
            .events
            .iter()
            .find(|event| !event_ids.contains(event.as_str()))
        {
            return Err(StoreError::InvalidAnalysis(format!(
                "story {:?} names event {missing:?}, which is not among the events",
                story.id
            )));
        }
    }
    Ok(())
}

/// Brings `events` and `event_articles` to the events of `analysis`, touching
/// only the events that changed (an incremental run changes a few of a
/// million articles' events). An article listed twice in one event is stored once.
fn replace_events(tx: &Db, analysis: &CorpusAnalysis) -> Result<()> {
    let mut stored: HashMap<String, (Option<String>, String)> = HashMap::new();
    for mut row in tx.query("SELECT id, date, title FROM events", &[])? {
        stored.insert(row.text(0)?, (row.opt_text(1)?, row.text(2)?));
    }
    let delete = |id: &str| -> Result<()> {
        tx.execute(
            "DELETE FROM event_articles WHERE event_id = ?1",
            params![id],
        )?;
        tx.execute("DELETE FROM events WHERE id = ?1", params![id])?;
        Ok(())
    };
    for event in &analysis.events {
        if let Some((date, title)) = stored.remove(&event.id) {
            if date == event.date && title == event.title {
                let mut wanted: Vec<&str> = event.articles.iter().map(String::as_str).collect();
                wanted.sort_unstable();
                wanted.dedup();
                let have = tx
                    .query(
                        "SELECT article_id FROM event_articles WHERE event_id = ?1
                         ORDER BY article_id",
                        params![&event.id],
                    )?
                    .into_iter()
                    .map(|mut row| row.text(0))
                    .collect::<Result<Vec<String>>>()?;
                if have.iter().map(String::as_str).eq(wanted) {
                    continue;
                }
            }
            delete(&event.id)?;
        }
        tx.execute(
            "INSERT INTO events (id, date, title) VALUES (?1, ?2, ?3)",
            params![&event.id, &event.date, &event.title],
        )?;
        for article in &event.articles {
            tx.execute(
                "INSERT INTO event_articles (event_id, article_id) VALUES (?1, ?2)
                 ON CONFLICT (event_id, article_id) DO NOTHING",
                params![&event.id, article],
            )?;
        }
    }
    for gone in stored.keys() {
        delete(gone)?;
    }
    Ok(())
}

fn insert_stories(tx: &Db, analysis: &CorpusAnalysis) -> Result<()> {
    for story in &analysis.stories {
        tx.execute(
            "INSERT INTO stories (id, title) VALUES (?1, ?2)",
            params![&story.id, &story.title],
        )?;
        for (position, event) in (0_i64..).zip(&story.events) {
            tx.execute(
                "INSERT INTO story_events (story_id, event_id, position) VALUES (?1, ?2, ?3)
                 ON CONFLICT (story_id, event_id) DO NOTHING",
                params![&story.id, event, position],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{on_both_backends, TestStore};

    on_both_backends!(
        no_analysis_before_the_first_put,
        put_analysis_replaces_the_previous_one,
        a_partly_changed_analysis_leaves_exactly_its_events_in_the_tables,
        an_inconsistent_analysis_changes_nothing,
        diagnostics_are_replaced_and_keep_their_order
    );
    use crate::test_support::sample_analysis;
    use storyline_model::{Event, Story};

    /// The normalised tables, rendered as sorted lines for comparison.
    fn normalised(store: &Store) -> Vec<String> {
        let queries = [
            "SELECT 'event ' || id || ' ' || COALESCE(date, '-') || ' ' || title FROM events",
            "SELECT 'event_article ' || event_id || ' ' || article_id FROM event_articles",
            "SELECT 'story ' || id || ' ' || title FROM stories",
            "SELECT 'story_event ' || story_id || ' ' || position || ' ' || event_id FROM story_events",
        ];
        let mut lines = Vec::new();
        for query in queries {
            let rows = store.db.query(query, &[]).unwrap();
            lines.extend(rows.into_iter().map(|mut row| row.text(0).unwrap()));
        }
        lines.sort();
        lines
    }

    fn event(id: &str, articles: &[&str]) -> Event {
        Event {
            id: id.to_string(),
            date: Some("2023-01-05".to_string()),
            title: format!("Event {id}"),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            summary: Vec::new(),
        }
    }

    fn no_analysis_before_the_first_put(store: TestStore) {
        assert_eq!(store.analysis().unwrap(), None);
        assert!(normalised(&store).is_empty());
    }

    fn put_analysis_replaces_the_previous_one(mut store: TestStore) {
        store.put_analysis(&sample_analysis()).unwrap();
        assert_eq!(store.analysis().unwrap(), Some(sample_analysis()));
        assert_eq!(
            normalised(&store),
            [
                "event e1 2022-11-21 Plate rule delayed",
                "event e2 - Belgrade responds",
                "event_article e1 a1",
                "event_article e1 a3",
                "event_article e2 a2",
                "story s1 Kosovo licence plates",
                "story_event s1 0 e1",
                "story_event s1 1 e2",
            ]
        );

        // The replacement lists an article twice in one event; it is stored once.
        let replacement = CorpusAnalysis {
            events: vec![event("e9", &["a4", "a4", "a5"])],
            stories: vec![Story {
                id: "s9".to_string(),
                title: "Later story".to_string(),
                events: vec!["e9".to_string()],
                summary: Vec::new(),
            }],
            ..CorpusAnalysis::default()
        };
        store.put_analysis(&replacement).unwrap();

        assert_eq!(store.analysis().unwrap(), Some(replacement));
        assert_eq!(
            normalised(&store),
            [
                "event e9 2023-01-05 Event e9",
                "event_article e9 a4",
                "event_article e9 a5",
                "story s9 Later story",
                "story_event s9 0 e9",
            ]
        );
    }

    fn a_partly_changed_analysis_leaves_exactly_its_events_in_the_tables(mut store: TestStore) {
        let first = CorpusAnalysis {
            events: vec![
                event("kept", &["a1", "a2"]),
                event("grown", &["a3"]),
                event("renamed", &["a4"]),
                event("gone", &["a5"]),
            ],
            ..CorpusAnalysis::default()
        };
        store.put_analysis(&first).unwrap();
        let mut renamed = event("renamed", &["a4"]);
        renamed.title = "New title".to_string();
        let second = CorpusAnalysis {
            events: vec![
                event("kept", &["a2", "a1"]),
                event("grown", &["a3", "a6"]),
                renamed,
                event("new", &["a5", "a5"]),
            ],
            stories: vec![Story {
                id: "s".to_string(),
                title: "Story".to_string(),
                events: vec!["new".to_string(), "kept".to_string()],
                summary: Vec::new(),
            }],
            ..CorpusAnalysis::default()
        };
        let changes = |store: &Store| match &store.db {
            crate::sql::Db::Sqlite(conn) => Some(conn.total_changes()),
            crate::sql::Db::Postgres(_) => None,
        };
        let before = changes(&store);
        store.put_analysis(&second).unwrap();
        // Rows deleted and inserted: the kept event's three rows are left
        // alone (a full rewrite would make 24 changes). Of the 18: the three
        // changed or gone events (2 rows each) out, three events (7 rows) in,
        // the story (3 rows) in, and the JSON value (2). (SQLite counts them.)
        if let (Some(before), Some(after)) = (before, changes(&store)) {
            assert_eq!(after - before, 18);
        }
        assert_eq!(
            normalised(&store),
            [
                "event grown 2023-01-05 Event grown",
                "event kept 2023-01-05 Event kept",
                "event new 2023-01-05 Event new",
                "event renamed 2023-01-05 New title",
                "event_article grown a3",
                "event_article grown a6",
                "event_article kept a1",
                "event_article kept a2",
                "event_article new a5",
                "event_article renamed a4",
                "story s Story",
                "story_event s 0 new",
                "story_event s 1 kept",
            ]
        );
        assert_eq!(store.analysis().unwrap(), Some(second));
    }

    fn an_inconsistent_analysis_changes_nothing(mut store: TestStore) {
        store.put_analysis(&sample_analysis()).unwrap();
        let before = normalised(&store);

        let twice = CorpusAnalysis {
            events: vec![event("e1", &["a1"]), event("e1", &["a2"])],
            ..CorpusAnalysis::default()
        };
        let dangling = CorpusAnalysis {
            events: vec![event("e1", &["a1"])],
            stories: vec![Story {
                id: "s1".to_string(),
                title: "Dangling".to_string(),
                events: vec!["e1".to_string(), "gone".to_string()],
                summary: Vec::new(),
            }],
            ..CorpusAnalysis::default()
        };
        for (analysis, expected) in [(twice, "two events"), (dangling, "\"gone\"")] {
            let err = store.put_analysis(&analysis).unwrap_err();
            assert!(matches!(err, StoreError::InvalidAnalysis(_)), "{err:?}");
            assert!(err.to_string().contains(expected), "{err}");
        }

        assert_eq!(store.analysis().unwrap(), Some(sample_analysis()));
        assert_eq!(normalised(&store), before);
    }

    fn diagnostics_are_replaced_and_keep_their_order(mut store: TestStore) {
        let diagnostic = |source: &str| Diagnostic {
            source: source.to_string(),
            message: format!("{source} is empty"),
        };
        assert!(store.diagnostics().unwrap().is_empty());
        store
            .put_diagnostics(&[diagnostic("z.txt"), diagnostic("a.txt")])
            .unwrap();
        assert_eq!(
            store.diagnostics().unwrap(),
            vec![diagnostic("z.txt"), diagnostic("a.txt")]
        );
        store.put_diagnostics(&[diagnostic("b.html")]).unwrap();
        assert_eq!(store.diagnostics().unwrap(), vec![diagnostic("b.html")]);
    }
}
