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

use rusqlite::Transaction;
use storyline_model::{CorpusAnalysis, Diagnostic};

use crate::{json_value, Result, Store, StoreError};

impl Store {
    /// Replaces the stored corpus analysis, in one transaction.
    ///
    /// Refused with [`StoreError::InvalidAnalysis`] (and nothing changed) when
    /// two events or two stories share an id, or a story names an event that is
    /// not in `analysis.events`.
    pub fn put_analysis(&mut self, analysis: &CorpusAnalysis) -> Result<()> {
        validate(analysis)?;
        let what = || "corpus analysis".to_string();
        let json_len = json_value::json_len(analysis, what)?;
        let tx = self.write_transaction()?;
        // Children first, so the foreign keys hold at every step.
        for table in ["story_events", "stories", "corpus_analysis"] {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        // Serialised straight into the row: the JSON is never whole in memory.
        tx.execute(
            "INSERT INTO corpus_analysis (id, analysis_json) VALUES (1, zeroblob(?1))",
            [json_len],
        )?;
        json_value::write_json(&tx, "corpus_analysis", "analysis_json", 1, analysis, what)?;
        replace_events(&tx, analysis)?;
        insert_stories(&tx, analysis)?;
        tx.commit()?;
        Ok(())
    }

    /// The stored corpus analysis, or `None` if none was ever stored.
    pub fn analysis(&self) -> Result<Option<CorpusAnalysis>> {
        let mut statement = self
            .conn
            .prepare("SELECT analysis_json FROM corpus_analysis WHERE id = 1")?;
        let mut rows = statement.query([])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        json_value::read_json(row, 0, || "corpus analysis".to_string()).map(Some)
    }

    /// Replaces the stored diagnostics with `diagnostics` (the problems of the
    /// latest run), in one transaction.
    pub fn put_diagnostics(&mut self, diagnostics: &[Diagnostic]) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.execute("DELETE FROM diagnostics", [])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO diagnostics (position, source, message) VALUES (?1, ?2, ?3)",
            )?;
            for (position, diagnostic) in (0_i64..).zip(diagnostics) {
                insert.execute((position, &diagnostic.source, &diagnostic.message))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored diagnostics, in the order they were given.
    pub fn diagnostics(&self) -> Result<Vec<Diagnostic>> {
        let mut statement = self
            .conn
            .prepare("SELECT source, message FROM diagnostics ORDER BY position")?;
        let rows = statement.query_map([], |row| {
            Ok(Diagnostic {
                source: row.get(0)?,
                message: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
fn replace_events(tx: &Transaction<'_>, analysis: &CorpusAnalysis) -> Result<()> {
    let mut stored: HashMap<String, (Option<String>, String)> = HashMap::new();
    {
        let mut select = tx.prepare_cached("SELECT id, date, title FROM events")?;
        let rows = select.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        for row in rows {
            let (id, fields) = row?;
            stored.insert(id, fields);
        }
    }
    let mut members = tx.prepare_cached(
        "SELECT article_id FROM event_articles WHERE event_id = ?1 ORDER BY article_id",
    )?;
    let mut delete_articles =
        tx.prepare_cached("DELETE FROM event_articles WHERE event_id = ?1")?;
    let mut delete_event = tx.prepare_cached("DELETE FROM events WHERE id = ?1")?;
    let mut insert_event =
        tx.prepare_cached("INSERT INTO events (id, date, title) VALUES (?1, ?2, ?3)")?;
    let mut insert_event_article = tx.prepare_cached(
        "INSERT INTO event_articles (event_id, article_id) VALUES (?1, ?2)
         ON CONFLICT (event_id, article_id) DO NOTHING",
    )?;
    for event in &analysis.events {
        if let Some((date, title)) = stored.remove(&event.id) {
            if date == event.date && title == event.title {
                let mut wanted: Vec<&str> = event.articles.iter().map(String::as_str).collect();
                wanted.sort_unstable();
                wanted.dedup();
                let have: Vec<String> = members
                    .query_map([&event.id], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if have.iter().map(String::as_str).eq(wanted) {
                    continue;
                }
            }
            delete_articles.execute([&event.id])?;
            delete_event.execute([&event.id])?;
        }
        insert_event.execute((&event.id, &event.date, &event.title))?;
        for article in &event.articles {
            insert_event_article.execute((&event.id, article))?;
        }
    }
    for gone in stored.keys() {
        delete_articles.execute([gone])?;
        delete_event.execute([gone])?;
    }
    Ok(())
}

/// Fills `stories` and `story_events` (emptied before). An event listed twice
/// in one story is stored once, at its first position.
fn insert_stories(tx: &Transaction<'_>, analysis: &CorpusAnalysis) -> Result<()> {
    let mut insert_story = tx.prepare_cached("INSERT INTO stories (id, title) VALUES (?1, ?2)")?;
    let mut insert_story_event = tx.prepare_cached(
        "INSERT INTO story_events (story_id, event_id, position) VALUES (?1, ?2, ?3)
         ON CONFLICT (story_id, event_id) DO NOTHING",
    )?;
    for story in &analysis.stories {
        insert_story.execute((&story.id, &story.title))?;
        for (position, event) in (0_i64..).zip(&story.events) {
            insert_story_event.execute((&story.id, event, position))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
            let mut statement = store.conn.prepare(query).unwrap();
            let rows = statement
                .query_map([], |row| row.get::<_, String>(0))
                .unwrap();
            lines.extend(rows.map(|row| row.unwrap()));
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

    #[test]
    fn no_analysis_before_the_first_put() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.analysis().unwrap(), None);
        assert!(normalised(&store).is_empty());
    }

    #[test]
    fn put_analysis_replaces_the_previous_one() {
        let mut store = Store::open_in_memory().unwrap();
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

    #[test]
    fn a_partly_changed_analysis_leaves_exactly_its_events_in_the_tables() {
        let mut store = Store::open_in_memory().unwrap();
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
        let before = store.conn.total_changes();
        store.put_analysis(&second).unwrap();
        // Rows deleted and inserted: the kept event's three rows are left
        // alone (a full rewrite would make 24 changes). Of the 18: the three
        // changed or gone events (2 rows each) out, three events (7 rows) in,
        // the story (3 rows) in, and the JSON value (2).
        assert_eq!(store.conn.total_changes() - before, 18);
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

    #[test]
    fn an_inconsistent_analysis_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
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

    #[test]
    fn diagnostics_are_replaced_and_keep_their_order() {
        let mut store = Store::open_in_memory().unwrap();
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
