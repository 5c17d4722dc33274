//! Small hand-built documents and analyses shared by the unit tests.

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
        method: "anchored".to_string(),
        confidence: 0.8,
    });
    doc.mentions.push(Mention {
        text: "Vučić".to_string(),
        start: 0,
        end: "Vučić".len(),
        kind: EntityKind::Person,
        entity: "Aleksandar Vučić".to_string(),
        method: "surname".to_string(),
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
        speaker: Some("Aleksandar Vučić".to_string()),
        speaker_span: Some(Span::new(0, "Vučić".len())),
        cue: Some("said".to_string()),
        method: "cue-verb".to_string(),
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
        article: article.to_string(),
        text: "Kosovo delays the plate rule.".to_string(),
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
                date: Some("2022-11-21".to_string()),
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
