//! Recent full-text search results, kept while the index they came from is
//! unchanged.
//!
//! A search ranks a window of matches by BM25 and makes snippets (about
//! 3 ms of CPU on a 100,000-article store); the same query asked again costs
//! one indexed read of the index's revision ([`Store::search_revision`]) and
//! a copy. Every entry belongs to one revision: the first search that sees
//! another revision empties the cache, so a write through this server or any
//! other process shows at once. Stores without a revision (PostgreSQL) are
//! never cached.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use storyline_store::{SearchHit, Store};

/// Most hits the cache holds in all unless configured otherwise (a page of
/// 50 hits is about 20 KB).
pub const DEFAULT_SEARCH_CACHE_HITS: usize = 50_000;

/// A query as the index reads it (case folded, words split at whitespace)
/// and how many hits were asked for.
type Key = (String, usize);

/// Search results of one revision of the index, oldest entry evicted first.
#[derive(Debug)]
pub(crate) struct SearchCache {
    /// Most hits held in all; 0 keeps nothing.
    capacity: usize,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    revision: Option<i64>,
    hits: HashMap<Key, Arc<Vec<SearchHit>>>,
    order: VecDeque<Key>,
    held: usize,
}

impl SearchCache {
    /// An empty cache holding at most `capacity` hits in all (0: none).
    pub(crate) fn new(capacity: usize) -> SearchCache {
        SearchCache {
            capacity,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// The best `limit` hits of `query` in `store`: kept ones when the index
    /// has not changed since they were found, else found now (and kept).
    pub(crate) fn search(
        &self,
        store: &Store,
        query: &str,
        limit: usize,
    ) -> storyline_store::Result<Arc<Vec<SearchHit>>> {
        if self.capacity == 0 {
            return Ok(Arc::new(store.search(query, limit)?));
        }
        let Some(revision) = store.search_revision()? else {
            return Ok(Arc::new(store.search(query, limit)?));
        };
        let key = (normalised(query), limit);
        if let Some(hits) = self.lookup(revision, &key) {
            return Ok(hits);
        }
        let hits = Arc::new(store.search(query, limit)?);
        self.keep(revision, key, Arc::clone(&hits));
        Ok(hits)
    }

    fn lookup(&self, revision: i64, key: &Key) -> Option<Arc<Vec<SearchHit>>> {
        let entries = self.inner.lock().ok()?;
        (entries.revision == Some(revision))
            .then(|| entries.hits.get(key).cloned())
            .flatten()
    }

    fn keep(&self, revision: i64, key: Key, hits: Arc<Vec<SearchHit>>) {
        let Ok(mut entries) = self.inner.lock() else {
            return;
        };
        if entries.revision != Some(revision) {
            // A search that read an older revision than the one kept (it
            // started before a write) must not empty the newer entries.
            if entries.revision.is_some_and(|kept| kept > revision) {
                return;
            }
            *entries = Entries {
                revision: Some(revision),
                ..Entries::default()
            };
        }
        if hits.len() > self.capacity || entries.hits.contains_key(&key) {
            return;
        }
        while entries.held + hits.len() > self.capacity {
            let Some(oldest) = entries.order.pop_front() else {
                break;
            };
            if let Some(evicted) = entries.hits.remove(&oldest) {
                entries.held -= evicted.len();
            }
        }
        entries.held += hits.len();
        entries.order.push_back(key.clone());
        entries.hits.insert(key, hits);
    }
}

/// `query` with case folded and its words joined by single spaces: the
/// index finds the same articles for both spellings.
fn normalised(query: &str) -> String {
    query
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use storyline_model::{Article, Doc};

    use super::*;

    fn doc(id: &str, text: &str) -> Doc {
        Doc::new(Article::new(id, format!("corpus/{id}.txt"), text).given_outlet("Example News"))
    }

    fn ids(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|hit| hit.id.as_str()).collect()
    }

    #[test]
    fn a_query_asked_again_is_answered_from_the_cache_until_the_index_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let mut store = Store::open(&path).unwrap();
        store
            .put_docs(&[doc("a1", "The harbour opened at dawn.")])
            .unwrap();
        let cache = SearchCache::new(DEFAULT_SEARCH_CACHE_HITS);
        let first = cache.search(&store, "Harbour", 10).unwrap();
        assert_eq!(ids(&first), ["a1"]);
        // Same query, other spelling: the very same kept result.
        let again = cache.search(&store, "  harbour ", 10).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        // Another depth is another entry.
        assert!(!Arc::ptr_eq(
            &first,
            &cache.search(&store, "harbour", 1).unwrap()
        ));
        // A write through another connection (another process alike).
        let mut other = Store::open(&path).unwrap();
        other
            .put_docs(&[doc("a2", "The harbour closed at dusk.")])
            .unwrap();
        let after = cache.search(&store, "harbour", 10).unwrap();
        let mut found = ids(&after);
        found.sort_unstable();
        assert_eq!(found, ["a1", "a2"]);
    }

    #[test]
    fn the_oldest_entries_go_when_the_cache_is_full() {
        let mut store = Store::open_in_memory().unwrap();
        store.put_docs(&[doc("a1", "Harbour and hills.")]).unwrap();
        let cache = SearchCache::new(DEFAULT_SEARCH_CACHE_HITS);
        let revision = store.search_revision().unwrap().unwrap();
        let many = Arc::new(vec![
            store.search("harbour", 1).unwrap()[0].clone();
            DEFAULT_SEARCH_CACHE_HITS / 2
        ]);
        cache.keep(revision, ("one".into(), 1), Arc::clone(&many));
        cache.keep(revision, ("two".into(), 1), Arc::clone(&many));
        cache.keep(revision, ("three".into(), 1), Arc::clone(&many));
        assert!(cache.lookup(revision, &("one".into(), 1)).is_none());
        assert!(cache.lookup(revision, &("two".into(), 1)).is_some());
        assert!(cache.lookup(revision, &("three".into(), 1)).is_some());
        // Results of an older revision never replace newer ones.
        cache.keep(revision - 1, ("four".into(), 1), many);
        assert!(cache.lookup(revision, &("three".into(), 1)).is_some());
        assert!(cache.lookup(revision - 1, &("four".into(), 1)).is_none());
    }

    #[test]
    fn a_cache_of_no_hits_keeps_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        store.put_docs(&[doc("a1", "Harbour and hills.")]).unwrap();
        let cache = SearchCache::new(0);
        let first = cache.search(&store, "harbour", 10).unwrap();
        assert_eq!(ids(&first), ["a1"]);
        assert!(!Arc::ptr_eq(
            &first,
            &cache.search(&store, "harbour", 10).unwrap()
        ));
    }

    #[test]
    fn queries_are_normalised_by_case_and_spacing() {
        assert_eq!(normalised("  Vučić\tBRIDGE "), "vučić bridge");
    }
}
