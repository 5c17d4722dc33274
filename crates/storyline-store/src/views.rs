//! The read model: every answer the server gives, stored ready to send.
//!
//! A writer (`storyline analyze`, the coordinator, the server's own write)
//! turns its report into [`View`]s and hands them to [`Store::put_views`];
//! a server answers a request with one indexed query: one row by key
//! ([`Store::view`]) or one page of a list ([`Store::list_views`]). Nothing
//! the size of the corpus is held by a reader, so servers start at once,
//! several can share one database, and a write shows on the next request.
//!
//! The store does not know what a view holds: `body` is JSON it keeps as
//! text, and `terms`, `tag`, `owner` and `lookup` are what lists filter by,
//! with a meaning per [`ViewKind`] fixed by the writer.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::json_value;
use crate::sql::{params, Param};
use crate::{Result, Store, StoreError};

/// What a view row answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ViewKind {
    /// The store's counts (one row).
    Meta,
    /// A story as listed.
    StoryHead,
    /// Everything a story's page shows.
    StoryPage,
    /// A story's timeline.
    StoryTimeline,
    /// A story's corroborations and conflicts.
    StoryComparison,
    /// A story's cited summary.
    StorySummary,
    /// A page past the first of one of a story page's lists (`owner` the
    /// story, `tag` the list, `position` the page).
    StoryItems,
    /// An event as listed.
    EventSummary,
    /// One event in full.
    Event,
    /// An article as listed.
    ArticleRef,
    /// One article with everything found in it (each list cut at a page).
    ArticlePage,
    /// A page past the first of one of an article's lists (`owner` the
    /// article, `tag` the list, `position` the page).
    ArticleItems,
    /// An entity as listed.
    Entity,
    /// One chunk of an entity's mentions (`owner` the entity's key, `position` the chunk).
    EntityMentions,
    /// An entity's stories and quotes (key: the entity's key).
    EntityPage,
    /// An outlet as listed (`lookup` its folded name).
    OutletHead,
    /// What an outlet covers and whom it copies (key: the outlet's name).
    OutletPage,
    /// A quote (`owner` its article, `tag` its folded speaker).
    Quote,
    /// A quote as one of a story's (`owner` the story, `lookup` the article, `tag` the folded speaker).
    StoryQuote,
    /// A problem of the latest run.
    Diagnostic,
}

impl ViewKind {
    /// Every kind.
    pub const ALL: [ViewKind; 20] = [
        ViewKind::Meta,
        ViewKind::StoryHead,
        ViewKind::StoryPage,
        ViewKind::StoryTimeline,
        ViewKind::StoryComparison,
        ViewKind::StorySummary,
        ViewKind::StoryItems,
        ViewKind::EventSummary,
        ViewKind::Event,
        ViewKind::ArticleRef,
        ViewKind::ArticlePage,
        ViewKind::ArticleItems,
        ViewKind::Entity,
        ViewKind::EntityMentions,
        ViewKind::EntityPage,
        ViewKind::OutletHead,
        ViewKind::OutletPage,
        ViewKind::Quote,
        ViewKind::StoryQuote,
        ViewKind::Diagnostic,
    ];

    /// The name stored in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            ViewKind::Meta => "meta",
            ViewKind::StoryHead => "story_head",
            ViewKind::StoryPage => "story_page",
            ViewKind::StoryTimeline => "story_timeline",
            ViewKind::StoryComparison => "story_comparison",
            ViewKind::StorySummary => "story_summary",
            ViewKind::StoryItems => "story_items",
            ViewKind::EventSummary => "event_summary",
            ViewKind::Event => "event",
            ViewKind::ArticleRef => "article_ref",
            ViewKind::ArticlePage => "article_page",
            ViewKind::ArticleItems => "article_items",
            ViewKind::Entity => "entity",
            ViewKind::EntityMentions => "entity_mentions",
            ViewKind::EntityPage => "entity_page",
            ViewKind::OutletHead => "outlet_head",
            ViewKind::OutletPage => "outlet_page",
            ViewKind::Quote => "quote",
            ViewKind::StoryQuote => "story_quote",
            ViewKind::Diagnostic => "diagnostic",
        }
    }

    fn parse(name: &str) -> Option<ViewKind> {
        ViewKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One row of the read model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// What it answers.
    pub kind: ViewKind,
    /// Unique within `kind`: the id it is asked for by.
    pub key: String,
    /// Order within its list, ascending.
    pub position: i64,
    /// Folded words, each preceded by a space, that a search matches by
    /// prefix (see [`search_terms`]); empty when the kind is not searched.
    pub terms: String,
    /// A value lists filter on (per kind).
    pub tag: Option<String>,
    /// The item it belongs to (per kind).
    pub owner: Option<String>,
    /// A second value it is found by (per kind).
    pub lookup: Option<String>,
    /// The JSON sent.
    pub body: String,
}

/// The `terms` column for words already folded: each word preceded by a
/// space, so a prefix search is `LIKE '% word%'`.
pub fn search_terms<'w>(words: impl IntoIterator<Item = &'w str>) -> String {
    let mut out = String::new();
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
    out
}

/// Which rows of one kind a list asks for.
#[derive(Debug, Clone, Copy)]
pub struct ViewFilter<'a> {
    /// The kind listed.
    pub kind: ViewKind,
    /// Folded words that must each start a word of `terms`.
    pub words: &'a [String],
    /// `tag` must equal this.
    pub tag: Option<&'a str>,
    /// `owner` must equal this.
    pub owner: Option<&'a str>,
    /// `lookup` must equal this.
    pub lookup: Option<&'a str>,
    /// Last position first.
    pub descending: bool,
}

impl<'a> ViewFilter<'a> {
    /// Every row of `kind`, in order.
    pub fn all(kind: ViewKind) -> ViewFilter<'a> {
        ViewFilter {
            kind,
            words: &[],
            tag: None,
            owner: None,
            lookup: None,
            descending: false,
        }
    }

    /// The `LIKE` patterns of `words`, for [`ViewFilter::clause`].
    fn patterns(&self) -> Vec<String> {
        // Words are split on non-alphanumerics, so they hold no LIKE
        // wildcard; a stray one would only widen the match.
        self.words.iter().map(|word| format!("% {word}%")).collect()
    }

    /// The `WHERE` clause and its parameters (`?1` is the kind).
    fn clause<'p>(&self, patterns: &'p [String]) -> (String, Vec<Param<'p>>)
    where
        'a: 'p,
    {
        let mut sql = String::from("kind = ?1");
        let mut values: Vec<Param<'p>> = vec![Param::Text(self.kind.as_str())];
        for (column, value) in [
            ("tag", self.tag),
            ("owner", self.owner),
            ("lookup", self.lookup),
        ] {
            if let Some(value) = value {
                values.push(Param::Text(value));
                sql.push_str(&format!(" AND {column} = ?{}", values.len()));
            }
        }
        for pattern in patterns {
            values.push(Param::Text(pattern));
            sql.push_str(&format!(" AND terms LIKE ?{}", values.len()));
        }
        (sql, values)
    }
}

/// What [`Store::put_views`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewsWritten {
    /// Rows inserted or rewritten.
    pub written: usize,
    /// Rows already stored as given, left alone.
    pub unchanged: usize,
    /// Rows no longer given, removed.
    pub deleted: usize,
}

/// The error for a view given twice in one call.
fn duplicate_view(view: &View) -> StoreError {
    StoreError::InvalidViews(format!(
        "two {} views with key {:?}",
        view.kind.as_str(),
        view.key
    ))
}

/// A view's kind and key hashed (the first 16 bytes of their SHA-256).
fn key_hash(kind: ViewKind, key: &str) -> [u8; 16] {
    let mut hash = Sha256::new();
    hash.update(kind.as_str().as_bytes());
    hash.update([0]);
    hash.update(key.as_bytes());
    let mut out = [0; 16];
    out.copy_from_slice(&hash.finalize()[..16]);
    out
}

fn digest(view: &View) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(view.position.to_le_bytes());
    for part in [
        Some(view.terms.as_str()),
        view.tag.as_deref(),
        view.owner.as_deref(),
        view.lookup.as_deref(),
        Some(view.body.as_str()),
    ] {
        match part {
            Some(text) => {
                hash.update([1]);
                hash.update((text.len() as u64).to_le_bytes());
                hash.update(text.as_bytes());
            }
            None => hash.update([0]),
        }
    }
    hash.finalize()[..16].to_vec()
}

/// Rows written per `INSERT` (9 parameters each: well under both engines'
/// parameter limits), so PostgreSQL sees one round trip per batch.
const UPSERT_BATCH: usize = 128;

/// A view with a body at least this long is written in a statement of its
/// own, and a batch holds less than this in bodies: a batch binds (SQLite
/// copies) every body it holds at once, and one long article's views (its
/// page, its paged lists) are each up to the size of its text.
const LARGE_BODY: usize = 1 << 20;

/// The parameters of a view's columns before its body: kind, key, position,
/// terms, tag, owner, lookup.
fn listing_params(view: &View) -> [Param<'_>; 7] {
    [
        Param::from(view.kind.as_str()),
        Param::from(&view.key),
        Param::from(view.position),
        Param::from(&view.terms),
        Param::from(&view.tag),
        Param::from(&view.owner),
        Param::from(&view.lookup),
    ]
}

/// Inserts or replaces one view with a large body; returns 1. On SQLite the
/// row is written with zero-filled blobs of the body's and the digest's
/// lengths, which are then filled through incremental blob I/O
/// ([`json_value::fill_bytes`]): binding the body would have SQLite hold two
/// more copies of it (the bound value and the row's record). SQLite builds a
/// record without a zero-filled blob's bytes only while every column after it
/// is empty, so the digest (the column after the body) is written the same
/// way, and a stored row is deleted first rather than updated in place. Read
/// back as text by `SqlRow::text_or_utf8_blob`.
fn upsert_large(tx: &crate::sql::Db, view: View, digest: Vec<u8>) -> Result<usize> {
    let crate::sql::Db::Sqlite(conn) = tx else {
        return upsert(tx, &[(view, digest)]);
    };
    let length = |bytes: usize| {
        i64::try_from(bytes).map_err(|_| {
            StoreError::InvalidViews(format!("a {} view of {bytes} bytes", view.kind.as_str()))
        })
    };
    tx.execute(
        "DELETE FROM views WHERE kind = ?1 AND key = ?2",
        params![view.kind.as_str(), &view.key],
    )?;
    let row = tx.query_one(
        "INSERT INTO views (kind, key, position, terms, tag, owner, lookup, body, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, zeroblob(?8), zeroblob(?9))
         RETURNING rowid",
        &[
            &listing_params(&view)[..],
            params![length(view.body.len())?, length(digest.len())?],
        ]
        .concat(),
    )?;
    let rowid = row
        .ok_or_else(|| StoreError::InvalidViews(format!("no row for view {:?}", view.key)))?
        .int(0)?;
    json_value::fill_bytes(conn, "views", "body", rowid, view.body.as_bytes())?;
    json_value::fill_bytes(conn, "views", "digest", rowid, &digest)?;
    Ok(1)
}

/// Inserts or replaces `rows` in one statement; returns how many.
fn upsert(tx: &crate::sql::Db, rows: &[(View, Vec<u8>)]) -> Result<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let mut sql = String::from(
        "INSERT INTO views (kind, key, position, terms, tag, owner, lookup, body, digest) VALUES ",
    );
    let mut values: Vec<Param<'_>> = Vec::with_capacity(rows.len() * 9);
    for (i, (view, digest)) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let first = values.len() + 1;
        sql.push('(');
        for column in 0..9 {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("?{}", first + column));
        }
        sql.push(')');
        values.extend_from_slice(&listing_params(view));
        values.extend_from_slice(params![&view.body, digest]);
    }
    sql.push_str(
        " ON CONFLICT (kind, key) DO UPDATE SET position = excluded.position,
             terms = excluded.terms, tag = excluded.tag, owner = excluded.owner,
             lookup = excluded.lookup, body = excluded.body, digest = excluded.digest",
    );
    tx.execute(&sql, &values)?;
    Ok(rows.len())
}

impl Store {
    /// Replaces the whole read model with `views`, in one transaction. Rows
    /// stored exactly as given are left alone and rows not given are
    /// removed, so a small change to a large corpus writes little.
    ///
    /// Refused with [`StoreError::InvalidViews`] (and nothing changed) when
    /// two views share a kind and key.
    pub fn put_views(&mut self, views: impl IntoIterator<Item = View>) -> Result<ViewsWritten> {
        self.db.write(|tx| {
            // The views stored before, with whether this call gives them again.
            let mut stored: HashMap<(ViewKind, String), (Vec<u8>, bool)> = HashMap::new();
            for mut row in tx.query("SELECT kind, key, digest FROM views", &[])? {
                let kind = row.text(0)?;
                let kind = ViewKind::parse(&kind).ok_or_else(|| StoreError::Corrupt {
                    what: "view".to_string(),
                    reason: format!("unknown kind {kind:?}"),
                })?;
                stored.insert((kind, row.text(1)?), (row.blob(2)?, false));
            }
            // Views not stored before, as hashes of kind and key: a key is not
            // copied per view (a long article's run makes hundreds of thousands).
            let mut fresh: HashSet<[u8; 16]> = HashSet::new();
            let mut written = ViewsWritten::default();
            let mut pending: Vec<(View, Vec<u8>)> = Vec::with_capacity(UPSERT_BATCH);
            let mut pending_bytes = 0;
            for view in views {
                let digest = digest(&view);
                match stored.get_mut(&(view.kind, view.key.clone())) {
                    Some((_, given)) if *given => return Err(duplicate_view(&view)),
                    Some((before, given)) => {
                        *given = true;
                        if *before == digest {
                            written.unchanged += 1;
                            continue;
                        }
                    }
                    None => {
                        if !fresh.insert(key_hash(view.kind, &view.key)) {
                            return Err(duplicate_view(&view));
                        }
                    }
                }
                if view.body.len() >= LARGE_BODY {
                    // Written alone, so SQLite holds no other large body
                    // beside it (every bound value is copied), and dropped
                    // before the next view is made.
                    written.written += upsert(tx, &pending)?;
                    pending.clear();
                    pending_bytes = 0;
                    written.written += upsert_large(tx, view, digest)?;
                    continue;
                }
                // A batch also ends before its bodies together reach
                // LARGE_BODY: SQLite copies every value a statement binds.
                if pending_bytes + view.body.len() >= LARGE_BODY {
                    written.written += upsert(tx, &pending)?;
                    pending.clear();
                    pending_bytes = 0;
                }
                pending_bytes += view.body.len();
                pending.push((view, digest));
                if pending.len() == UPSERT_BATCH {
                    written.written += upsert(tx, &pending)?;
                    pending.clear();
                    pending_bytes = 0;
                }
            }
            written.written += upsert(tx, &pending)?;
            for ((kind, key), (_, given)) in &stored {
                if !given {
                    tx.execute(
                        "DELETE FROM views WHERE kind = ?1 AND key = ?2",
                        params![kind.as_str(), key],
                    )?;
                    written.deleted += 1;
                }
            }
            Ok(written)
        })
    }

    /// The body of the view of `kind` keyed `key`, if stored.
    pub fn view(&self, kind: ViewKind, key: &str) -> Result<Option<String>> {
        match self.db.query_one(
            "SELECT body FROM views WHERE kind = ?1 AND key = ?2",
            params![kind.as_str(), key],
        )? {
            Some(mut row) => Ok(Some(row.text_or_utf8_blob(0)?)),
            None => Ok(None),
        }
    }

    /// The bodies of the views of `kind` with these keys, by key (keys not
    /// stored are left out).
    pub fn views_by_key(&self, kind: ViewKind, keys: &[String]) -> Result<HashMap<String, String>> {
        let mut out = HashMap::with_capacity(keys.len());
        for key in keys {
            if let Some(body) = self.view(kind, key)? {
                out.insert(key.clone(), body);
            }
        }
        Ok(out)
    }

    /// How many views pass `filter`.
    pub fn count_views(&self, filter: &ViewFilter<'_>) -> Result<usize> {
        let patterns = filter.patterns();
        let (clause, values) = filter.clause(&patterns);
        let count = self
            .db
            .query_one(
                &format!("SELECT COUNT(*) FROM views WHERE {clause}"),
                &values,
            )?
            .map(|mut row| row.int(0))
            .transpose()?
            .unwrap_or(0);
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// The bodies of the views passing `filter`, in order, `offset` rows in,
    /// at most `limit` of them.
    pub fn list_views(
        &self,
        filter: &ViewFilter<'_>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<String>> {
        let patterns = filter.patterns();
        let (clause, mut values) = filter.clause(&patterns);
        let order = if filter.descending { "DESC" } else { "ASC" };
        let to_int = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        values.push(Param::Int(to_int(limit)));
        values.push(Param::Int(to_int(offset)));
        let sql = format!(
            "SELECT body FROM views WHERE {clause} ORDER BY position {order}, key {order} LIMIT ?{} OFFSET ?{}",
            values.len() - 1,
            values.len()
        );
        self.db
            .query(&sql, &values)?
            .into_iter()
            .map(|mut row| row.text_or_utf8_blob(0))
            .collect()
    }

    /// Whether any view is stored (false in a store analysed by a build
    /// older than the read model, or never analysed).
    pub fn has_views(&self) -> Result<bool> {
        Ok(self
            .db
            .query_one("SELECT 1 FROM views LIMIT 1", &[])?
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{on_both_backends, TestStore};

    fn view(kind: ViewKind, key: &str, position: i64, words: &[&str], body: &str) -> View {
        View {
            kind,
            key: key.to_string(),
            position,
            terms: search_terms(words.iter().copied()),
            tag: None,
            owner: None,
            lookup: None,
            body: body.to_string(),
        }
    }

    fn story_heads() -> Vec<View> {
        vec![
            view(
                ViewKind::StoryHead,
                "s1",
                0,
                &["kosovo", "plates"],
                r#"{"id":"s1"}"#,
            ),
            view(
                ViewKind::StoryHead,
                "s2",
                1,
                &["flood", "valdoria"],
                r#"{"id":"s2"}"#,
            ),
            view(
                ViewKind::StoryHead,
                "s3",
                2,
                &["kosovo", "border"],
                r#"{"id":"s3"}"#,
            ),
        ]
    }

    on_both_backends!(
        views_are_listed_filtered_and_paged,
        a_rewrite_touches_only_what_changed,
        duplicate_keys_are_refused_whole,
        filters_by_tag_owner_and_lookup,
        large_bodies_are_written_alone_in_order_with_the_batch
    );

    fn large_bodies_are_written_alone_in_order_with_the_batch(mut store: TestStore) {
        let large = format!(r#"{{"text":"{}"}}"#, "x".repeat(LARGE_BODY));
        let mut views = story_heads();
        views.insert(1, view(ViewKind::StoryPage, "s1", 0, &[], &large));
        // A large view with the key of one in the pending batch is refused
        // like any other duplicate, and the transaction writes nothing.
        let mut twice = views.clone();
        twice.push(view(ViewKind::StoryPage, "s1", 1, &[], &large));
        assert!(store.put_views(twice).is_err());
        assert!(!store.has_views().unwrap());

        let written = store.put_views(views.clone()).unwrap();
        assert_eq!(written.written, 4);
        assert_eq!(
            store.view(ViewKind::StoryPage, "s1").unwrap().as_deref(),
            Some(large.as_str())
        );
        assert_eq!(
            store
                .count_views(&ViewFilter::all(ViewKind::StoryHead))
                .unwrap(),
            3
        );
        let again = store.put_views(views.clone()).unwrap();
        assert_eq!(again.unchanged, 4);

        // A changed large body replaces the stored one, whatever its length,
        // and lists read it back as text like any other.
        let longer = format!(r#"{{"text":"{}é"}}"#, "y".repeat(LARGE_BODY + 7));
        views[1].body = longer.clone();
        let changed = store.put_views(views).unwrap();
        assert_eq!((changed.written, changed.unchanged), (1, 3));
        assert_eq!(
            store.view(ViewKind::StoryPage, "s1").unwrap().as_deref(),
            Some(longer.as_str())
        );
        assert_eq!(
            store
                .list_views(&ViewFilter::all(ViewKind::StoryPage), 0, 5)
                .unwrap(),
            vec![longer]
        );
    }

    fn views_are_listed_filtered_and_paged(mut store: TestStore) {
        let mut heads = story_heads();
        heads.push(view(ViewKind::StoryPage, "s1", 0, &[], r#"{"page":1}"#));
        let written = store.put_views(heads).unwrap();
        assert_eq!(
            written,
            ViewsWritten {
                written: 4,
                unchanged: 0,
                deleted: 0
            }
        );
        assert_eq!(
            store.view(ViewKind::StoryPage, "s1").unwrap().as_deref(),
            Some(r#"{"page":1}"#)
        );
        assert_eq!(store.view(ViewKind::StoryPage, "s2").unwrap(), None);

        let all = ViewFilter::all(ViewKind::StoryHead);
        assert_eq!(store.count_views(&all).unwrap(), 3);
        assert_eq!(
            store
                .list_views(
                    &ViewFilter {
                        descending: true,
                        ..all
                    },
                    1,
                    5
                )
                .unwrap(),
            vec![r#"{"id":"s2"}"#, r#"{"id":"s1"}"#]
        );
        let words = vec!["kos".to_string()];
        let kosovo = ViewFilter {
            words: &words,
            ..all
        };
        assert_eq!(store.count_views(&kosovo).unwrap(), 2);
        assert_eq!(
            store.list_views(&kosovo, 0, 10).unwrap(),
            vec![r#"{"id":"s1"}"#, r#"{"id":"s3"}"#]
        );
        // A word must start a term, not sit inside one.
        let inner = vec!["osovo".to_string()];
        assert_eq!(
            store
                .count_views(&ViewFilter {
                    words: &inner,
                    ..all
                })
                .unwrap(),
            0
        );
    }

    fn a_rewrite_touches_only_what_changed(mut store: TestStore) {
        store.put_views(story_heads()).unwrap();
        let mut next = story_heads();
        next.remove(2);
        next[1].body = r#"{"id":"s2","n":2}"#.to_string();
        next.push(view(ViewKind::Diagnostic, "0", 0, &[], r#"{"m":"x"}"#));
        let written = store.put_views(next).unwrap();
        assert_eq!(
            written,
            ViewsWritten {
                written: 2,
                unchanged: 1,
                deleted: 1
            }
        );
        assert_eq!(store.view(ViewKind::StoryHead, "s3").unwrap(), None);
        assert_eq!(
            store.view(ViewKind::StoryHead, "s2").unwrap().as_deref(),
            Some(r#"{"id":"s2","n":2}"#)
        );
        assert!(store.has_views().unwrap());
    }

    fn duplicate_keys_are_refused_whole(mut store: TestStore) {
        store.put_views(story_heads()).unwrap();
        let mut twice = story_heads();
        twice[0].body = "{}".to_string();
        twice.push(view(ViewKind::StoryHead, "s1", 9, &[], "{}"));
        assert!(matches!(
            store.put_views(twice),
            Err(StoreError::InvalidViews(_))
        ));
        assert_eq!(
            store.view(ViewKind::StoryHead, "s1").unwrap().as_deref(),
            Some(r#"{"id":"s1"}"#)
        );
        // Two views of a key not stored before are refused too.
        let mut new_twice = story_heads();
        new_twice.push(view(ViewKind::StoryPage, "s9", 0, &[], "{}"));
        new_twice.push(view(ViewKind::StoryPage, "s9", 1, &[], "{}"));
        assert!(matches!(
            store.put_views(new_twice),
            Err(StoreError::InvalidViews(_))
        ));
        assert_eq!(store.view(ViewKind::StoryPage, "s9").unwrap(), None);
    }

    fn filters_by_tag_owner_and_lookup(mut store: TestStore) {
        let mut quote = view(ViewKind::StoryQuote, "s1/q1", 0, &["we", "stay"], "{}");
        quote.tag = Some("kovan".into());
        quote.owner = Some("s1".into());
        quote.lookup = Some("a1".into());
        let mut other = quote.clone();
        other.key = "s1/q2".into();
        other.lookup = Some("a2".into());
        store.put_views([quote, other]).unwrap();
        let filter = ViewFilter {
            tag: Some("kovan"),
            owner: Some("s1"),
            lookup: Some("a2"),
            ..ViewFilter::all(ViewKind::StoryQuote)
        };
        assert_eq!(store.count_views(&filter).unwrap(), 1);
        assert_eq!(
            store
                .count_views(&ViewFilter {
                    owner: Some("s2"),
                    ..filter
                })
                .unwrap(),
            0
        );
    }

    on_both_backends!(many_rows_are_written_in_batches);

    fn many_rows_are_written_in_batches(mut store: TestStore) {
        let rows = |version: &'static str| {
            (0..300).map(move |i| {
                view(
                    ViewKind::Quote,
                    &format!("q{i}"),
                    i,
                    &["said"],
                    &format!(r#"{{"n":{i},"v":"{version}"}}"#),
                )
            })
        };
        let first = store.put_views(rows("a")).unwrap();
        assert_eq!(first.written, 300);
        let all = ViewFilter::all(ViewKind::Quote);
        assert_eq!(store.count_views(&all).unwrap(), 300);
        assert_eq!(
            store.list_views(&all, 299, 5).unwrap(),
            vec![r#"{"n":299,"v":"a"}"#]
        );
        let again = store
            .put_views(rows("a").map(|mut v| {
                if v.position % 100 == 0 {
                    v.body = "{}".to_string();
                }
                v
            }))
            .unwrap();
        assert_eq!(
            again,
            ViewsWritten {
                written: 3,
                unchanged: 297,
                deleted: 0
            }
        );
    }

    #[test]
    fn every_kind_has_its_own_name() {
        for kind in ViewKind::ALL {
            assert_eq!(ViewKind::parse(kind.as_str()), Some(kind));
        }
    }
}
