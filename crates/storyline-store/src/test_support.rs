//! Small hand-built documents and analyses shared by the unit tests.

use crate::Store;
use storyline_model::{
    Article, Citation, CorpusAnalysis, Doc, DuplicateGroup, EntityKind, Event, Granularity,
    Mention, MetaSource, Quantity, Quote, QuoteKind, Sourced, Span, Story, TimeExpr,
};

/// An unannotated document from "Example News"; `published` is `YYYY-MM-DD`.
pub(crate) fn doc(id: &str, published: Option<&str>, title: &str, text: &str) -> Doc {
    Doc::new(Article {
        url: Some(format!("https://example.org/{id}")),
        title: Some(Sourced::new(title.to_string(), MetaSource::HtmlMeta)),
        published: published.map(|date| Sourced::new(date.parse().unwrap(), MetaSource::Given)),
        ..Article::new(id, format!("corpus/{id}.txt"), text).given_outlet("Example News")
    })
}

/// How many entries the full-text index holds.
pub(crate) fn indexed_articles(store: &Store) -> i64 {
    store
        .db
        .query_one("SELECT COUNT(*) FROM article_fts", &[])
        .unwrap()
        .unwrap()
        .int(0)
        .unwrap()
}

/// A document with one annotation of every kind, so a round trip covers them all.
pub(crate) fn annotated_doc(id: &str) -> Doc {
    let text = "Vučić said “we will not accept it” on Monday. About 6,300 Serbs left.";
    let mut doc = doc(id, Some("2022-11-21"), "Vučić rejects plan", text);
    let second = text.find("About").unwrap();
    doc.sentences = vec![Span::new(0, second - 1), Span::new(second, text.len())];
    let monday = text.find("Monday").unwrap();
    doc.dates.push(TimeExpr {
        text: "Monday".to_string(),
        start: monday,
        end: monday + "Monday".len(),
        value: Some("2022-11-21".to_string()),
        granularity: Granularity::Day,
        method: storyline_model::DateMethod::Anchored,
        confidence: 0.8,
    });
    doc.mentions.push(Mention {
        text: "Vučić".into(),
        start: 0,
        end: "Vučić".len(),
        kind: EntityKind::Person,
        entity: "Aleksandar Vučić".into(),
        method: storyline_model::LinkMethod::Surname,
        confidence: 0.9,
    });
    let open = text.find('“').unwrap();
    let close = text.find('”').unwrap();
    doc.quotes.push(Quote {
        text: text[open + '“'.len_utf8()..close].to_string(),
        start: open,
        end: close + '”'.len_utf8(),
        parts: Vec::new(),
        kind: QuoteKind::Direct,
        speaker: Some("Aleksandar Vučić".into()),
        speaker_span: Some(Span::new(0, "Vučić".len())),
        cue: Some("said".into()),
        method: storyline_model::SpeakerMethod::CueVerb,
        confidence: 0.9,
    });
    let count_end = text.find(" left").unwrap();
    doc.quantities.push(Quantity {
        text: text[second..count_end].to_string(),
        start: second,
        end: count_end,
        value: 6300.0,
        unit: None,
        counts: Some("Serbs".to_string()),
        approx: Some("About".to_string()),
    });
    doc.article.byline = Some("A. Reporter".to_string());
    doc
}

/// An analysis with two events in one story and a duplicate group.
pub(crate) fn sample_analysis() -> CorpusAnalysis {
    let cite = |article: &str| Citation {
        article: article.into(),
        text: "Kosovo delays the plate rule.".into(),
        start: 0,
        end: 29,
    };
    CorpusAnalysis {
        event_sources: Vec::new(),
        duplicates: vec![DuplicateGroup {
            first: "a1".to_string(),
            articles: vec!["a1".to_string(), "a3".to_string()],
        }],
        events: vec![
            Event {
                id: "e1".to_string(),
                date: Some("2022-11-21".parse().unwrap()),
                title: "Plate rule delayed".to_string(),
                articles: vec!["a1".to_string(), "a3".to_string()],
                summary: vec![cite("a1")],
            },
            Event {
                id: "e2".to_string(),
                date: None,
                title: "Belgrade responds".to_string(),
                articles: vec!["a2".to_string()],
                summary: Vec::new(),
            },
        ],
        stories: vec![Story {
            id: "s1".to_string(),
            title: "Kosovo licence plates".to_string(),
            events: vec!["e1".to_string(), "e2".to_string()],
            summary: vec![cite("a1")],
        }],
        ..CorpusAnalysis::default()
    }
}

/// A store for one test: in-memory SQLite, or a fresh PostgreSQL database
/// that is dropped again when the test ends.
pub(crate) struct TestStore {
    store: Option<Store>,
    /// The server's URL (the database tests may create others from) and the
    /// name of the database made for this test.
    postgres: Option<(String, String)>,
}

impl TestStore {
    /// The PostgreSQL database made for this test.
    pub(crate) fn database_name(&self) -> Option<&str> {
        self.postgres.as_ref().map(|(_, name)| name.as_str())
    }
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("store is present until drop")
    }
}

impl std::ops::DerefMut for TestStore {
    fn deref_mut(&mut self) -> &mut Store {
        self.store.as_mut().expect("store is present until drop")
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        // The connection closes before its database is dropped.
        self.store = None;
        if let Some((url, name)) = &self.postgres {
            if let Ok(mut admin) = postgres::Client::connect(url, postgres::NoTls) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A fresh in-memory SQLite store.
pub(crate) fn sqlite() -> TestStore {
    TestStore {
        store: Some(Store::open_in_memory().unwrap()),
        postgres: None,
    }
}

/// The PostgreSQL server tests run against, from `STORYLINE_PG_URL`
/// (`.ci/run` sets it); `None`, with a note, when it is unset.
pub(crate) fn postgres_url() -> Option<String> {
    match std::env::var("STORYLINE_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("skipping the PostgreSQL half of this test: STORYLINE_PG_URL is unset");
            None
        }
    }
}

/// A store in a new, empty PostgreSQL database of its own (so tests running
/// in parallel never see each other's rows), or `None` when
/// `STORYLINE_PG_URL` is unset.
pub(crate) fn postgres() -> Option<TestStore> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let url = postgres_url()?;
    let name = format!(
        "storyline_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|err| panic!("STORYLINE_PG_URL is set but unreachable: {err}"));
    // Two statements: neither may run inside the implicit transaction of a batch.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let store = Store::open_postgres(&with_database(&url, &name)).unwrap();
    Some(TestStore {
        store: Some(store),
        postgres: Some((url, name)),
    })
}

/// `url` naming database `name` instead of its own.
pub(crate) fn with_database(url: &str, name: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let path_start = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest[path_start..]
        .find('?')
        .map_or("", |i| &rest[path_start + i..]);
    format!("{}/{name}{query}", &url[..authority_start + path_start])
}

/// Runs each named test function (taking a [`TestStore`]) twice: on SQLite,
/// and on PostgreSQL when `STORYLINE_PG_URL` is set. The tests are named
/// `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::test_support::sqlite());
            }
            #[test]
            fn postgres() {
                if let Some(store) = $crate::test_support::postgres() {
                    super::$name(store);
                }
            }
        }
    )*};
}
pub(crate) use on_both_backends;

#[test]
fn database_urls_are_rewritten() {
    assert_eq!(
        with_database("postgres://u@h:5432/test?sslmode=disable", "x"),
        "postgres://u@h:5432/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
