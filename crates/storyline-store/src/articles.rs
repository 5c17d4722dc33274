//! Storing and loading annotated articles (`Doc`s).
//!
//! Each article is one row of `articles`: the columns needed for listing and
//! search, plus the whole `Doc` as JSON, which is what loads back. An article
//! id is a content hash, so an id already stored is the same article and is
//! skipped.
//!
//! **Revisions.** A document with a new content hash but the URL of a stored
//! article is a new *revision* of it, not a new article: every version is kept
//! in `article_revisions` (keyed by its own content hash, so any version seen
//! again is skipped), and the `articles` row keeps its id (the first capture's
//! hash) but takes the latest version's text, annotations and metadata, with
//! every version listed in `Doc::revisions`. The analysis therefore always
//! sees the latest captured text.

use chrono::NaiveDate;
use storyline_model::{Doc, Revision};

use crate::json_value::{self, JsonValue};
use crate::sql::{params, Db, Dialect, Param};
use crate::{fts, Result, Store, StoreError};

/// What [`Store::put_docs`] did with a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PutSummary {
    /// Articles newly stored.
    pub added: usize,
    /// Articles skipped because their id was already stored (by an earlier
    /// call or earlier in the same batch), as an article or as any revision.
    pub unchanged: usize,
    /// Articles stored as a new revision of an article already stored under
    /// the same URL (their text changed).
    pub revised: usize,
}

/// One captured version of a stored article (see [`Store::revisions`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevision {
    /// 1 for the first capture.
    pub revision: u32,
    /// Content hash of this version.
    pub content_id: String,
    /// When the store first saw it (UTC, RFC 3339); `None` for a first
    /// capture stored before revisions were kept.
    pub captured: Option<String>,
    /// The document as extracted from this version.
    pub doc: Doc,
}

/// Whether a content hash is stored, as an article or as a revision of one.
fn is_stored(tx: &Db, id: &str) -> Result<bool> {
    let found = tx.query_one(
        "SELECT 1 FROM articles WHERE id = ?1
         UNION ALL SELECT 1 FROM article_revisions WHERE content_id = ?1",
        params![id],
    )?;
    Ok(found.is_some())
}

/// The URL that identifies an article across versions: its canonical URL, else
/// its source when that is a web address. File paths are not identities (two
/// corpora may both hold `a.txt`), so articles read from files without a URL
/// are never revisions of one another.
fn identity_url(doc: &Doc) -> Option<&str> {
    let article = &doc.article;
    article
        .url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| {
            let source = article.source.as_str();
            (source.starts_with("http://") || source.starts_with("https://")).then_some(source)
        })
}

/// The stored article `doc` is a new version of (same URL), if any.
fn revision_of(tx: &Db, doc: &Doc) -> Result<Option<Doc>> {
    let Some(url) = identity_url(doc) else {
        return Ok(None);
    };
    // Two queries rather than one with `OR`, so each can use its index.
    if let Some(doc) = first_doc(tx, "url = ?1 ORDER BY id LIMIT 1", url)? {
        return Ok(Some(doc));
    }
    first_doc(tx, "source = ?1 AND url IS NULL ORDER BY id LIMIT 1", url)
}

fn to_json(doc: &Doc, id: &str) -> Result<String> {
    serde_json::to_string(doc).map_err(|source| StoreError::Serialise {
        what: format!("article {id}"),
        source,
    })
}

/// Whether [`write_article`] adds a row or replaces a stored article's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowWrite {
    Insert,
    Replace,
}

/// Writes `doc` as the `articles` row of `doc.article.id` (its listing
/// columns, text and document) and indexes it for search.
///
/// On SQLite the document is written as a zero-filled blob of its JSON's
/// length and then serialised into it ([`json_value`]): a large article's
/// JSON is never held in memory as a whole.
fn write_article(tx: &Db, doc: &Doc, how: RowWrite) -> Result<()> {
    let article = &doc.article;
    let what = || format!("article {}", article.id);
    let json = JsonValue::of(tx, doc, what)?;
    let published = article.published_date().map(|date| date.to_string());
    let title = article.title.as_ref().map(|title| title.value.as_str());
    let outlet = article.outlet_name();
    let sql = match how {
        RowWrite::Insert => format!(
            "INSERT INTO articles (id, source, url, outlet, title, published, text, doc_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {}){}",
            json.placeholder(8),
            json.returning()
        ),
        RowWrite::Replace => format!(
            "UPDATE articles SET source = ?2, url = ?3, outlet = ?4, title = ?5, published = ?6,
             text = ?7, doc_json = {} WHERE id = ?1{}",
            json.placeholder(8),
            json.returning()
        ),
    };
    let rows = tx.query(
        &sql,
        &[
            Param::from(&article.id),
            Param::from(&article.source),
            Param::from(&article.url),
            Param::from(outlet),
            Param::from(title),
            Param::from(&published),
            Param::from(&article.text),
            json.param(),
        ],
    )?;
    if let Some(mut row) = rows.into_iter().next() {
        json_value::fill(tx, &json, "articles", "doc_json", row.int(0)?, doc, what)?;
    }
    match how {
        RowWrite::Insert => fts::index_article(tx, &article.id, title, &article.text, outlet),
        RowWrite::Replace => fts::reindex_article(tx, &article.id, title, &article.text, outlet),
    }
}

/// Records one captured version. `stored` is its document when it is no
/// longer the current version; the current one is `None` (it is the
/// `articles` row). `ON CONFLICT DO NOTHING` keeps a version seen twice in one
/// batch stored once.
fn insert_revision(
    tx: &Db,
    article_id: &str,
    revision: u32,
    content_id: &str,
    captured: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO article_revisions (article_id, revision, content_id, captured)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (content_id) DO NOTHING",
        params![article_id, i64::from(revision), content_id, captured],
    )?;
    Ok(())
}

/// The document of the current version as extracted then: its own content
/// hash as id and no revision list.
fn as_version(current: &Doc, content_id: &str) -> Doc {
    let mut version = current.clone();
    version.article.id = content_id.to_string();
    version.revisions.clear();
    version
}

/// Stores `doc` as the next version of `stored`: the article keeps its id and
/// takes the new text and annotations, with every version listed in
/// `Doc::revisions`; the version it replaces moves into `article_revisions`.
fn store_revision(tx: &Db, stored: Doc, doc: &Doc, captured: &str) -> Result<()> {
    let id = stored.article.id.clone();
    if load_revision_rows(tx, &id)?.is_empty() {
        // First stored before revisions were kept: its capture time is unknown.
        insert_revision(tx, &id, 1, &id, None)?;
    }
    let rows = load_revision_rows(tx, &id)?;
    let previous = rows.last().map_or(id.as_str(), |r| r.content_id.as_str());
    let replaced = as_version(&stored, previous);
    tx.execute(
        "UPDATE article_revisions SET text = ?2, doc_json = ?3
         WHERE article_id = ?1 AND doc_json IS NULL",
        params![&id, &replaced.article.text, &to_json(&replaced, previous)?],
    )?;
    let versions = fill_current(load_revision_rows(tx, &id)?, &stored);
    let number = versions.last().map_or(1, |v| v.revision) + 1;
    insert_revision(tx, &id, number, &doc.article.id, Some(captured))?;
    let mut current = doc.clone();
    current.article.id = id.clone();
    current.revisions = versions
        .iter()
        .map(|v| Revision {
            number: v.revision,
            id: v.content_id.clone(),
            captured: v.captured.clone(),
            modified: v.doc.article.modified.as_ref().map(|m| m.value),
            text: Some(v.doc.article.text.clone()),
        })
        .chain(std::iter::once(Revision {
            number,
            id: doc.article.id.clone(),
            captured: Some(captured.to_string()),
            modified: doc.article.modified.as_ref().map(|m| m.value),
            text: None,
        }))
        .collect();
    write_article(tx, &current, RowWrite::Replace)
}

/// One row of `article_revisions`; `doc` is `None` for the current version.
struct RevisionRow {
    revision: u32,
    content_id: String,
    captured: Option<String>,
    doc: Option<Doc>,
}

/// Every stored version row of article `id`, oldest first.
fn load_revision_rows(db: &Db, id: &str) -> Result<Vec<RevisionRow>> {
    let rows = db.query(
        "SELECT revision, content_id, captured, doc_json FROM article_revisions
         WHERE article_id = ?1 ORDER BY revision",
        params![id],
    )?;
    let mut out = Vec::new();
    for mut row in rows {
        let revision = row.int(0)?;
        let content_id = row.text(1)?;
        let captured = row.opt_text(2)?;
        let json = row.opt_text(3)?;
        out.push(RevisionRow {
            revision: u32::try_from(revision).unwrap_or(0),
            doc: json.map(|json| parse_doc(&content_id, &json)).transpose()?,
            content_id,
            captured,
        });
    }
    Ok(out)
}

/// Revision rows with the current version's document taken from `current`
/// (the `articles` row).
fn fill_current(rows: Vec<RevisionRow>, current: &Doc) -> Vec<StoredRevision> {
    rows.into_iter()
        .map(|row| StoredRevision {
            revision: row.revision,
            doc: row
                .doc
                .unwrap_or_else(|| as_version(current, &row.content_id)),
            content_id: row.content_id,
            captured: row.captured,
        })
        .collect()
}

/// Listing order: dated articles by date, then undated ones; ties by id.
/// Written with `CASE` rather than `NULLS LAST` so it means the same on
/// SQLite and PostgreSQL, which sort NULL at opposite ends by default.
const ORDER_BY_PUBLISHED: &str =
    "ORDER BY CASE WHEN published IS NULL THEN 1 ELSE 0 END, published, id";

impl Store {
    /// Stores a batch of documents in one transaction and returns what was
    /// added and what was already there.
    ///
    /// Idempotent: a document whose article id is already stored is skipped
    /// (and counted as `unchanged`), so rerunning a batch after a crash stores
    /// exactly the part that was missing. If any document fails (see
    /// [`StoreError::NonFinite`]), nothing of the batch is stored.
    pub fn put_docs<'a>(&mut self, docs: impl IntoIterator<Item = &'a Doc>) -> Result<PutSummary> {
        self.put_docs_noting(docs, |_| {})
    }

    /// [`Store::put_docs`], also saying which documents were newly stored:
    /// one flag per document, in batch order. Only those need anything stored
    /// beside them; the others are kept under an article stored before (as it
    /// is, or as one of its revisions).
    pub fn put_docs_added<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a Doc>,
    ) -> Result<(PutSummary, Vec<bool>)> {
        let mut added = Vec::new();
        let summary = self.put_docs_noting(docs, |was_added| added.push(was_added))?;
        Ok((summary, added))
    }

    fn put_docs_noting<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a Doc>,
        mut note: impl FnMut(bool),
    ) -> Result<PutSummary> {
        #[cfg(test)]
        let after_doc_written = self.after_doc_written;
        let captured = self.clock.map_or_else(
            || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            |clock| clock().to_string(),
        );
        self.db.write(|tx| {
            let mut summary = PutSummary::default();
            for doc in docs {
                check_finite(doc)?;
                let article = &doc.article;
                if is_stored(tx, &article.id)? {
                    summary.unchanged += 1;
                    note(false);
                } else if let Some(stored) = revision_of(tx, doc)? {
                    store_revision(tx, stored, doc, &captured)?;
                    summary.revised += 1;
                    note(false);
                } else {
                    write_article(tx, doc, RowWrite::Insert)?;
                    insert_revision(tx, &article.id, 1, &article.id, Some(&captured))?;
                    summary.added += 1;
                    note(true);
                }
                #[cfg(test)]
                if let Some(hook) = after_doc_written {
                    hook(summary.added + summary.unchanged + summary.revised)?;
                }
            }
            Ok(summary)
        })
    }

    /// Every captured version of the stored article `id`, oldest first: the
    /// revision number, the version's content hash, when it was captured and
    /// the document as extracted then (its article id is the version's hash).
    /// Empty for an unknown id; one entry for an article never revised.
    pub fn revisions(&self, id: &str) -> Result<Vec<StoredRevision>> {
        let Some(current) = self.doc(id)? else {
            return Ok(Vec::new());
        };
        let rows = load_revision_rows(&self.db, id)?;
        if rows.is_empty() {
            // Stored before revisions were kept: its one version, capture time unknown.
            return Ok(vec![StoredRevision {
                revision: 1,
                content_id: id.to_string(),
                captured: None,
                doc: as_version(&current, id),
            }]);
        }
        Ok(fill_current(rows, &current))
    }

    /// Every stored document, dated ones by publication date, then undated
    /// ones; ties broken by id.
    ///
    /// The ids are sorted first and each document read by id, so SQLite's
    /// sorter never holds (and copies) the documents' JSON: with one large
    /// article that sort alone took several times the article's size.
    pub fn docs(&self) -> Result<Vec<Doc>> {
        let sql = format!("SELECT id FROM articles {ORDER_BY_PUBLISHED}");
        let ids = self
            .db
            .query(&sql, &[])?
            .into_iter()
            .map(|mut row| row.text(0))
            .collect::<Result<Vec<String>>>()?;
        self.docs_of(&ids)
    }

    /// The stored documents among `ids`, in the order of [`Store::docs`]
    /// (ids not stored are skipped): what a stage needs of a part of the
    /// corpus without reading all of it.
    pub fn docs_of(&self, ids: &[String]) -> Result<Vec<Doc>> {
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(doc) = self.doc(id)? {
                docs.push(doc);
            }
        }
        docs.sort_by_cached_key(|doc| {
            let published = doc.article.published_date();
            (published.is_none(), published, doc.article.id.clone())
        });
        docs.dedup_by(|a, b| a.article.id == b.article.id);
        Ok(docs)
    }

    /// The document with article id `id`, if stored.
    pub fn doc(&self, id: &str) -> Result<Option<Doc>> {
        first_doc(&self.db, "id = ?1", id)
    }

    /// How many articles are stored.
    pub fn article_count(&self) -> Result<usize> {
        let count = self
            .db
            .query_one("SELECT COUNT(*) FROM articles", &[])?
            .map(|mut row| row.int(0))
            .transpose()?
            .unwrap_or(0);
        Ok(usize::try_from(count).unwrap_or(0))
    }
}

/// The document of the first article that `condition` (an SQL `WHERE` clause
/// with `key` as `?1`) selects, if any. On SQLite a large document is parsed a
/// buffer at a time ([`json_value::read`]).
fn first_doc(db: &Db, condition: &str, key: &str) -> Result<Option<Doc>> {
    let sql = match db.dialect() {
        Dialect::Sqlite => format!(
            "SELECT id, CASE WHEN length(doc_json) < {} THEN doc_json END, rowid
             FROM articles WHERE {condition}",
            json_value::STREAMED_READ_BYTES
        ),
        Dialect::Postgres => format!("SELECT id, doc_json FROM articles WHERE {condition}"),
    };
    let Some((mut row, parsed)) = db
        .query_with_json(&sql, params![key], 1)?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let id = row.text(0)?;
    let parsed = match (parsed, db.dialect()) {
        (Some(parsed), _) => parsed,
        (None, Dialect::Sqlite) => json_value::read(db, "articles", "doc_json", row.int(2)?)?,
        (None, Dialect::Postgres) => Err("NULL instead of JSON".to_string()),
    };
    parsed
        .map(|mut doc: Doc| {
            doc.shrink_to_fit();
            Some(doc)
        })
        .map_err(|reason| StoreError::Corrupt {
            what: format!("article {id}"),
            reason,
        })
}

fn parse_doc(id: &str, json: &str) -> Result<Doc> {
    serde_json::from_str(json).map_err(|err| StoreError::Corrupt {
        what: format!("article {id}"),
        reason: err.to_string(),
    })
}

/// Reads a stored ISO date (`2022-11-21`) back.
pub(crate) fn parse_date(id: &str, text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|err| StoreError::Corrupt {
        what: format!("publication date of article {id}"),
        reason: format!("{text:?}: {err}"),
    })
}

/// Refuses documents holding NaN or infinite numbers, which JSON cannot hold:
/// serde_json writes them as `null`, and the document would then fail to load.
///
/// These are the model's only floating-point fields; a new one must be added here.
fn check_finite(doc: &Doc) -> Result<()> {
    let non_finite = |field: String| StoreError::NonFinite {
        article: doc.article.id.clone(),
        field,
    };
    for (index, quote) in doc.quotes.iter().enumerate() {
        if !quote.confidence.is_finite() {
            return Err(non_finite(format!("quotes[{index}].confidence")));
        }
    }
    for (index, quantity) in doc.quantities.iter().enumerate() {
        if !quantity.value.is_finite() {
            return Err(non_finite(format!("quantities[{index}].value")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{on_both_backends, TestStore};

    on_both_backends!(
        docs_load_back_exactly_in_date_order,
        put_docs_added_flags_exactly_the_newly_stored,
        listing_columns_are_filled,
        putting_again_skips_stored_ids,
        a_failure_mid_batch_keeps_earlier_batches_and_drops_the_whole_batch,
        infinite_confidence_is_refused,
        unreadable_json_is_reported_as_corrupt
    );
    use crate::test_support::{annotated_doc, doc};

    fn docs_load_back_exactly_in_date_order(mut store: TestStore) {
        let undated = doc("a0", None, "Undated", "No date here.");
        let late = doc("b9", Some("2022-12-01"), "Late", "December.");
        let early = annotated_doc("c5");
        let same_day = doc("a5", Some("2022-11-21"), "Same day", "Also Monday.");
        let batch = vec![
            undated.clone(),
            late.clone(),
            early.clone(),
            same_day.clone(),
        ];

        let summary = store.put_docs(&batch).unwrap();

        assert_eq!(
            summary,
            PutSummary {
                added: 4,
                unchanged: 0,
                revised: 0,
            }
        );
        assert_eq!(store.article_count().unwrap(), 4);
        assert_eq!(
            store.docs().unwrap(),
            vec![same_day, early.clone(), late.clone(), undated.clone()]
        );
        assert_eq!(store.doc("c5").unwrap(), Some(early.clone()));
        assert_eq!(store.doc("missing").unwrap(), None);
        let some = ["a0", "missing", "c5", "b9", "c5"].map(String::from);
        assert_eq!(store.docs_of(&some).unwrap(), vec![early, late, undated]);
    }

    fn put_docs_added_flags_exactly_the_newly_stored(mut store: TestStore) {
        let first = doc("a1", Some("2022-11-21"), "First", "One.");
        let second = doc("a2", Some("2022-11-22"), "Second", "Two.");
        store.put_docs([&first]).unwrap();
        let (summary, added) = store.put_docs_added([&first, &second, &second]).unwrap();
        assert_eq!(added, [false, true, false]);
        assert_eq!((summary.added, summary.unchanged), (1, 2));
    }

    fn listing_columns_are_filled(mut store: TestStore) {
        store.put_docs(&[annotated_doc("c5")]).unwrap();
        let mut found = store
            .db
            .query_one(
                "SELECT source, url, outlet, title, published FROM articles WHERE id = 'c5'",
                &[],
            )
            .unwrap()
            .unwrap();
        let row: (String, String, String, String, String) = (
            found.text(0).unwrap(),
            found.text(1).unwrap(),
            found.text(2).unwrap(),
            found.text(3).unwrap(),
            found.text(4).unwrap(),
        );
        assert_eq!(
            row,
            (
                "corpus/c5.txt".to_string(),
                "https://example.org/c5".to_string(),
                "Example News".to_string(),
                "Vučić rejects plan".to_string(),
                "2022-11-21".to_string(),
            )
        );
    }

    fn putting_again_skips_stored_ids(mut store: TestStore) {
        let first = doc("a1", Some("2022-11-21"), "Plates", "Kosovo plates rule.");
        let second = doc("a2", Some("2022-11-22"), "Plates again", "More on plates.");
        store.put_docs(std::slice::from_ref(&first)).unwrap();

        // `first` again, `second` new, and `second` twice within the batch.
        let summary = store
            .put_docs(&[first.clone(), second.clone(), second.clone()])
            .unwrap();

        assert_eq!(
            summary,
            PutSummary {
                added: 1,
                unchanged: 2,
                revised: 0,
            }
        );
        assert_eq!(store.docs().unwrap(), vec![first, second]);
        // The index holds each article once, so a search finds each once.
        let ids: Vec<_> = store
            .search("plates", 10)
            .unwrap()
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(crate::test_support::indexed_articles(&store), 2);
    }

    fn a_failure_mid_batch_keeps_earlier_batches_and_drops_the_whole_batch(mut store: TestStore) {
        let committed = doc("a1", Some("2022-11-20"), "Earlier", "Committed before.");
        store.put_docs(std::slice::from_ref(&committed)).unwrap();

        // The second document of the batch cannot be stored: its quantity is NaN.
        let before = doc("b1", Some("2022-11-21"), "Before", "Zebra crossing one.");
        let mut broken = annotated_doc("b2");
        broken.quantities[0].value = f64::NAN;
        let after = doc("b3", Some("2022-11-22"), "After", "Zebra crossing three.");
        let batch = vec![before.clone(), broken, after.clone()];

        let err = store.put_docs(&batch).unwrap_err();

        assert!(
            matches!(&err, StoreError::NonFinite { article, field }
                if article == "b2" && field == "quantities[0].value"),
            "{err:?}"
        );
        assert_eq!(store.docs().unwrap(), vec![committed.clone()]);
        assert!(store.search("zebra", 10).unwrap().is_empty());

        // A rerun with the problem fixed completes the batch.
        let fixed = vec![before.clone(), annotated_doc("b2"), after.clone()];
        let summary = store.put_docs(&fixed).unwrap();
        assert_eq!(
            summary,
            PutSummary {
                added: 3,
                unchanged: 0,
                revised: 0,
            }
        );
        assert_eq!(store.article_count().unwrap(), 4);
        assert_eq!(store.search("zebra", 10).unwrap().len(), 2);
    }

    /// Set in the child process of the crash test: the database path to write.
    const CRASH_CHILD_ENV: &str = "STORYLINE_STORE_CRASH_TEST_DB";

    /// Three documents of about a megabyte each, so the uncommitted batch is
    /// larger than SQLite's page cache and spills into the write-ahead log
    /// before the crash.
    fn big_batch() -> Vec<Doc> {
        let filler = "Roads are repainted in the spring. ".repeat(30 * 1024);
        ["k1", "k2", "k3"]
            .iter()
            .map(|id| {
                doc(
                    id,
                    Some("2022-11-22"),
                    "Big",
                    &format!("Zebra {id}. {filler}"),
                )
            })
            .collect()
    }

    /// Runs the same test binary again as a child that stores one batch,
    /// then is killed (SIGKILL) in the middle of the next one; the parent then
    /// checks the file and reruns the batch.
    #[test]
    fn a_process_killed_mid_batch_leaves_a_consistent_file_and_a_rerun_completes_it() {
        let committed = doc("a1", Some("2022-11-20"), "Earlier", "Committed before.");
        if let Some(path) = std::env::var_os(CRASH_CHILD_ENV) {
            let mut store = Store::open(std::path::Path::new(&path)).unwrap();
            store.put_docs(std::slice::from_ref(&committed)).unwrap();
            store.after_doc_written = Some(|written| {
                if written == 3 {
                    let pid = std::process::id().to_string();
                    let _ = std::process::Command::new("kill")
                        .args(["-KILL", &pid])
                        .status();
                    // Only reached where `kill` is missing; exit without
                    // unwinding, so nothing is rolled back or closed.
                    std::process::exit(86);
                }
                Ok(())
            });
            store.put_docs(&big_batch()).unwrap();
            unreachable!("the child must die inside put_docs");
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crash.db");
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "articles::tests::a_process_killed_mid_batch_leaves_a_consistent_file_and_a_rerun_completes_it",
                "--exact",
                "--nocapture",
            ])
            .env(CRASH_CHILD_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "the child was meant to be killed");

        let mut store = Store::open(&path).unwrap();
        let integrity = store
            .db
            .query_one("PRAGMA integrity_check", &[])
            .unwrap()
            .unwrap()
            .text(0)
            .unwrap();
        assert_eq!(integrity, "ok");
        store
            .db
            .batch("INSERT INTO article_fts (article_fts) VALUES ('integrity-check')")
            .unwrap();
        assert_eq!(store.docs().unwrap(), vec![committed]);
        assert!(store.search("zebra", 10).unwrap().is_empty());

        let summary = store.put_docs(&big_batch()).unwrap();
        assert_eq!(
            summary,
            PutSummary {
                added: 3,
                unchanged: 0,
                revised: 0,
            }
        );
        assert_eq!(store.search("zebra", 10).unwrap().len(), 3);
    }

    fn infinite_confidence_is_refused(mut store: TestStore) {
        let mut broken = annotated_doc("q1");
        broken.quotes[0].confidence = f32::INFINITY;
        let err = store.put_docs(&[broken]).unwrap_err();
        assert!(err.to_string().contains("quotes[0].confidence"), "{err}");
        assert_eq!(store.article_count().unwrap(), 0);
    }

    fn unreadable_json_is_reported_as_corrupt(mut store: TestStore) {
        store.put_docs(&[doc("a1", None, "T", "Text.")]).unwrap();
        store
            .db
            .batch("UPDATE articles SET doc_json = '{' WHERE id = 'a1'")
            .unwrap();
        let err = store.doc("a1").unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("article a1"), "{err}");
    }
    #[test]
    fn documents_are_stored_as_blobs_and_text_from_older_builds_still_loads() {
        let mut store = Store::open_in_memory().unwrap();
        let stored = annotated_doc("q1");
        store.put_docs(std::slice::from_ref(&stored)).unwrap();
        let mut row = store
            .db
            .query_one(
                "SELECT typeof(doc_json), length(doc_json) FROM articles WHERE id = 'q1'",
                &[],
            )
            .unwrap()
            .unwrap();
        assert_eq!(row.text(0).unwrap(), "blob");
        assert_eq!(
            row.int(1).unwrap(),
            serde_json::to_vec(&stored).unwrap().len() as i64
        );
        assert_eq!(store.doc("q1").unwrap().as_ref(), Some(&stored));
        // Older builds bound the JSON as TEXT.
        store
            .db
            .batch("UPDATE articles SET doc_json = CAST(doc_json AS TEXT)")
            .unwrap();
        assert_eq!(store.doc("q1").unwrap(), Some(stored));
    }

    #[test]
    fn a_large_document_is_read_a_buffer_at_a_time_and_loads_the_same() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "The council met again and the bridge stayed shut. ".repeat(25_000);
        let stored = doc("big", Some("2022-11-20"), "Bridge", &text);
        store.put_docs(std::slice::from_ref(&stored)).unwrap();
        let mut row = store
            .db
            .query_one(
                "SELECT length(doc_json) FROM articles WHERE id = 'big'",
                &[],
            )
            .unwrap()
            .unwrap();
        assert!(row.int(0).unwrap() >= json_value::STREAMED_READ_BYTES);
        assert_eq!(store.doc("big").unwrap().as_ref(), Some(&stored));
        store
            .db
            .batch("UPDATE articles SET doc_json = CAST(doc_json AS TEXT)")
            .unwrap();
        assert_eq!(store.doc("big").unwrap().as_ref(), Some(&stored));
        // A damaged large document is reported, not half-read.
        store
            .db
            .batch("UPDATE articles SET doc_json = CAST(substr(doc_json, 1, 1100000) AS BLOB)")
            .unwrap();
        assert!(matches!(store.doc("big"), Err(StoreError::Corrupt { .. })));
    }
}

#[cfg(test)]
mod revision_tests {
    use super::*;
    use crate::test_support::{on_both_backends, TestStore};

    on_both_backends!(
        a_changed_text_under_the_same_url_is_a_new_revision,
        articles_without_a_url_are_never_revisions,
        a_third_version_lists_all_three
    );
    use crate::test_support::doc;

    fn version(id: &str, text: &str) -> Doc {
        let mut version = doc(id, Some("2024-03-04"), "Port strike", text);
        version.article.url = Some("https://harbour.example/strike".into());
        version
    }

    fn a_changed_text_under_the_same_url_is_a_new_revision(mut store: TestStore) {
        store.set_clock(|| "2024-03-04T09:00:00Z");
        let first = version("v1", "About 2,400 workers joined the strike.");
        let second = version("v2", "About 3,100 workers joined the strike.");
        store.put_docs(std::slice::from_ref(&first)).unwrap();
        store.set_clock(|| "2024-03-05T10:30:00Z");
        let summary = store.put_docs(std::slice::from_ref(&second)).unwrap();
        assert_eq!(
            summary,
            PutSummary {
                added: 0,
                unchanged: 0,
                revised: 1
            }
        );

        // One article, keeping the first id, with the latest text.
        let docs = store.docs().unwrap();
        assert_eq!(docs.len(), 1);
        let current = &docs[0];
        assert_eq!(current.article.id, "v1");
        assert_eq!(current.article.text, second.article.text);
        assert_eq!(current.revision(), 2);
        let numbers: Vec<(u32, &str, Option<&str>)> = current
            .revisions
            .iter()
            .map(|r| (r.number, r.id.as_str(), r.captured.as_deref()))
            .collect();
        assert_eq!(
            numbers,
            [
                (1, "v1", Some("2024-03-04T09:00:00Z")),
                (2, "v2", Some("2024-03-05T10:30:00Z"))
            ]
        );
        assert_eq!(
            current.revisions[0].text.as_deref(),
            Some("About 2,400 workers joined the strike.")
        );
        assert_eq!(current.revisions[1].text, None);

        // Search sees the new text only.
        assert_eq!(store.search("3,100", 10).unwrap().len(), 1);
        assert!(store.search("2,400", 10).unwrap().is_empty());

        // Either version seen again changes nothing.
        let again = store.put_docs(&[first, second]).unwrap();
        assert_eq!(again.unchanged, 2);
        assert_eq!(store.docs().unwrap(), docs);
        let stored = store.revisions("v1").unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[1].content_id, "v2");
        assert_eq!(stored[1].doc.article.id, "v2");
    }

    fn articles_without_a_url_are_never_revisions(mut store: TestStore) {
        let mut a = doc("a", None, "A", "One text.");
        let mut b = doc("b", None, "B", "Another text.");
        a.article.url = None;
        b.article.url = None;
        b.article.source = a.article.source.clone();
        let summary = store.put_docs(&[a, b]).unwrap();
        assert_eq!(summary.added, 2);
        assert_eq!(summary.revised, 0);
    }

    fn a_third_version_lists_all_three(mut store: TestStore) {
        for (id, text) in [
            ("v1", "One."),
            ("v2", "One. Two."),
            ("v3", "One. Two. Three."),
        ] {
            store.put_docs(&[version(id, text)]).unwrap();
        }
        let docs = store.docs().unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].revision(), 3);
        assert_eq!(docs[0].revisions[1].text.as_deref(), Some("One. Two."));
    }
}
