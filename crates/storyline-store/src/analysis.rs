//! Storing corpus-level results (the latest `CorpusAnalysis`) and the last
//! run's diagnostics.
//!
//! Both describe the corpus as of one run and are replaced on every write,
//! never merged. The analysis is stored **item by item**: one
//! `analysis_items` row per event, story, entity, timeline entry,
//! comparison, … keyed by a digest of its JSON, so a write inserts the items
//! that are new, deletes the ones gone, moves the ones whose place changed
//! and leaves the rest alone (an incremental run changes a few of a large
//! corpus's items). The `corpus_analysis` row says an analysis is stored
//! (`{}`; a store written before migration 6 holds the whole analysis there,
//! read until the next write). Events and stories are also kept in the
//! tables `events`, `event_articles`, `stories` and `story_events` so they can
//! be queried with SQL; of those too, only the rows that changed are rewritten.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sha2::{Digest, Sha256};
use storyline_model::{CorpusAnalysis, Diagnostic};

use crate::sql::{params, Db};
use crate::{Result, Store, StoreError};

/// What the `corpus_analysis` row holds when the lists are in `analysis_items`.
const ITEMS_MARKER: &str = "{}";

impl Store {
    /// Replaces the stored corpus analysis, in one transaction.
    ///
    /// Refused with [`StoreError::InvalidAnalysis`] (and nothing changed) when
    /// two events or two stories share an id, or a story names an event that is
    /// not in `analysis.events`.
    pub fn put_analysis(&mut self, analysis: &CorpusAnalysis) -> Result<()> {
        validate(analysis)?;
        self.db.write(|tx| {
            tx.execute("DELETE FROM story_events", &[])?;
            tx.execute("DELETE FROM stories", &[])?;
            tx.execute("DELETE FROM corpus_analysis", &[])?;
            tx.execute(
                "INSERT INTO corpus_analysis (id, analysis_json) VALUES (1, ?1)",
                params![ITEMS_MARKER],
            )?;
            replace_items(tx, analysis)?;
            replace_events(tx, analysis)?;
            insert_stories(tx, analysis)
        })
    }

    /// The stored corpus analysis, or `None` if none was ever stored.
    pub fn analysis(&self) -> Result<Option<CorpusAnalysis>> {
        let corrupt = |reason: String| StoreError::Corrupt {
            what: "corpus analysis".to_string(),
            reason,
        };
        let Some(mut row) = self.db.query_one(
            "SELECT analysis_json FROM corpus_analysis WHERE id = 1",
            &[],
        )?
        else {
            return Ok(None);
        };
        let stored = row.text(0)?;
        if stored != ITEMS_MARKER {
            // Written before migration 6: the whole analysis in one value.
            return serde_json::from_str(&stored)
                .map(Some)
                .map_err(|e| corrupt(e.to_string()));
        }
        drop(stored);
        // The lists reassembled into one JSON object, parsed once.
        let mut json = String::from("{");
        let mut current: Option<String> = None;
        for mut row in self.db.query(
            "SELECT part, item_json FROM analysis_items ORDER BY part, position",
            &[],
        )? {
            let part = row.text(0)?;
            let item = row.text(1)?;
            if current.as_deref() != Some(part.as_str()) {
                if current.is_some() {
                    json.push_str("],");
                }
                json.push_str(&serde_json::to_string(&part).map_err(|e| corrupt(e.to_string()))?);
                json.push_str(":[");
                current = Some(part);
            } else {
                json.push(',');
            }
            json.push_str(&item);
        }
        if current.is_some() {
            json.push(']');
        }
        json.push('}');
        let mut value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))?;
        drop(json);
        for part in PARTS {
            value
                .entry(part.to_string())
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        }
        serde_json::from_value(serde_json::Value::Object(value))
            .map(Some)
            .map_err(|e| corrupt(e.to_string()))
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

/// The lists of a [`CorpusAnalysis`], by their JSON names.
const PARTS: [&str; 11] = [
    "duplicates",
    "events",
    "stories",
    "entities",
    "timeline",
    "corroborations",
    "conflicts",
    "updates",
    "event_sources",
    "revised",
    "assignments",
];

/// One item of one of the analysis's lists, serialised.
struct AnalysisItem {
    part: &'static str,
    key: String,
    position: i64,
    json: String,
}

/// Gives every item of `analysis` to `each`, one at a time, keyed by a digest
/// of its JSON (and how many identical items came before it in its list).
/// One item's JSON is held at a time, not the whole analysis's.
fn for_each_item(
    analysis: &CorpusAnalysis,
    mut each: impl FnMut(AnalysisItem) -> Result<()>,
) -> Result<()> {
    fn items<T: Serialize>(
        part: &'static str,
        list: &[T],
        each: &mut impl FnMut(AnalysisItem) -> Result<()>,
    ) -> Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (position, item) in (0_i64..).zip(list) {
            let json = serde_json::to_string(item).map_err(|source| StoreError::Serialise {
                what: format!("corpus analysis {part}"),
                source,
            })?;
            let digest = Sha256::digest(json.as_bytes());
            let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            let count = seen.entry(hex.clone()).or_insert(0);
            let key = format!("{hex}.{count}");
            *count += 1;
            each(AnalysisItem {
                part,
                key,
                position,
                json,
            })?;
        }
        Ok(())
    }
    let a = analysis;
    items(PARTS[0], &a.duplicates, &mut each)?;
    items(PARTS[1], &a.events, &mut each)?;
    items(PARTS[2], &a.stories, &mut each)?;
    items(PARTS[3], &a.entities, &mut each)?;
    items(PARTS[4], &a.timeline, &mut each)?;
    items(PARTS[5], &a.corroborations, &mut each)?;
    items(PARTS[6], &a.conflicts, &mut each)?;
    items(PARTS[7], &a.updates, &mut each)?;
    items(PARTS[8], &a.event_sources, &mut each)?;
    items(PARTS[9], &a.revised, &mut each)?;
    items(PARTS[10], &a.assignments, &mut each)
}

/// Brings `analysis_items` to the items of `analysis`: inserts the new,
/// deletes the gone, moves the ones whose position changed, leaves the rest.
fn replace_items(tx: &Db, analysis: &CorpusAnalysis) -> Result<()> {
    let mut stored: HashMap<(String, String), (i64, bool)> = HashMap::new();
    for mut row in tx.query("SELECT part, key, position FROM analysis_items", &[])? {
        stored.insert((row.text(0)?, row.text(1)?), (row.int(2)?, false));
    }
    for_each_item(analysis, |item| {
        match stored.get_mut(&(item.part.to_string(), item.key.clone())) {
            Some((position, seen)) => {
                *seen = true;
                if *position != item.position {
                    tx.execute(
                        "UPDATE analysis_items SET position = ?3 WHERE part = ?1 AND key = ?2",
                        params![item.part, &item.key, item.position],
                    )?;
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO analysis_items (part, key, position, item_json)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![item.part, &item.key, item.position, &item.json],
                )?;
            }
        }
        Ok(())
    })?;
    for ((part, key), (_, seen)) in &stored {
        if !seen {
            tx.execute(
                "DELETE FROM analysis_items WHERE part = ?1 AND key = ?2",
                params![part, key],
            )?;
        }
    }
    Ok(())
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
        // The events table holds the day as its ISO text.
        let day = event.date.map(|d| d.to_string());
        if let Some((date, title)) = stored.remove(&event.id) {
            if date == day && title == event.title {
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
            params![&event.id, &day, &event.title],
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
        diagnostics_are_replaced_and_keep_their_order,
        identical_items_and_empty_lists_load_back
    );

    fn identical_items_and_empty_lists_load_back(mut store: TestStore) {
        let mut analysis = sample_analysis();
        analysis.timeline.clear();
        analysis.duplicates.push(storyline_model::DuplicateGroup {
            first: "a1".into(),
            articles: vec!["a1".into(), "a3".into()],
        });
        analysis.duplicates.push(analysis.duplicates[0].clone());
        store.put_analysis(&analysis).unwrap();
        assert_eq!(store.analysis().unwrap(), Some(analysis.clone()));
        // An empty analysis is still an analysis.
        store.put_analysis(&CorpusAnalysis::default()).unwrap();
        assert_eq!(store.analysis().unwrap(), Some(CorpusAnalysis::default()));
    }

    #[test]
    fn an_update_leaves_unchanged_items_where_they_are() {
        let mut store = crate::test_support::sqlite();
        let first = CorpusAnalysis {
            events: vec![
                event("e1", &["a1"]),
                event("e2", &["a2"]),
                event("e3", &["a3"]),
            ],
            ..CorpusAnalysis::default()
        };
        store.put_analysis(&first).unwrap();
        let rows = |store: &Store| -> Vec<(i64, String, i64)> {
            store
                .db
                .query(
                    "SELECT rowid, key, position FROM analysis_items WHERE part = 'events' ORDER BY position",
                    &[],
                )
                .unwrap()
                .into_iter()
                .map(|mut r| (r.int(0).unwrap(), r.text(1).unwrap(), r.int(2).unwrap()))
                .collect()
        };
        let before = rows(&store);
        let second = CorpusAnalysis {
            events: vec![
                event("e0", &["a0"]),
                event("e1", &["a1"]),
                event("e3", &["a3", "a4"]),
            ],
            ..CorpusAnalysis::default()
        };
        store.put_analysis(&second).unwrap();
        let after = rows(&store);
        assert_eq!(store.analysis().unwrap(), Some(second));
        // e1 kept its row (same rowid and key) and moved; e2 is gone; e3 changed.
        assert_eq!(
            (after[1].0, &after[1].1, after[1].2),
            (before[0].0, &before[0].1, 1)
        );
        assert!(!after.iter().any(|r| r.1 == before[1].1));
        assert_ne!(after[2].1, before[2].1);
    }

    #[test]
    fn an_analysis_stored_whole_by_an_older_build_still_loads() {
        let store = crate::test_support::sqlite();
        let json = serde_json::to_string(&sample_analysis()).unwrap();
        store
            .db
            .execute(
                "INSERT INTO corpus_analysis (id, analysis_json) VALUES (1, ?1)",
                params![&json],
            )
            .unwrap();
        assert_eq!(store.analysis().unwrap(), Some(sample_analysis()));
    }
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
            date: Some("2023-01-05".parse().unwrap()),
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
        // alone (a full rewrite would make 24 changes). Of the 27: the three
        // changed or gone events (2 rows each) out, three events (7 rows) in,
        // the story (3 rows) in, the marker row (2), and the analysis items:
        // four events out and in (the kept event lists its articles in
        // another order, so its item changed) and the story in. (SQLite
        // counts them.)
        if let (Some(before), Some(after)) = (before, changes(&store)) {
            assert_eq!(after - before, 27);
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
