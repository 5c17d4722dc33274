//! Publication dates inferred within an event.

use std::collections::HashMap;

use storyline_model::{Doc, Event, MetaSource, Sourced};

/// Gives every undated article of a dated event the event's date as its
/// publication date (`MetaSource::EventConsensus`) and resolves its relative
/// time expressions against it. Returns how many articles were dated.
///
/// The event's date comes from the articles whose dates are known, so this only
/// spreads evidence the corpus already has; an event with no dated article
/// leaves its articles undated.
///
/// Runs on every read of the store, so it costs one pass over the documents
/// and the events' article lists (documents are found by id through an index),
/// and finds an article's dates again only when some of them waited for an
/// anchor (an expression left without a value).
pub fn infer_publication_dates(docs: &mut [Doc], events: &[Event]) -> usize {
    let members = event_members(docs, events);
    let mut dated = 0;
    for (event, members) in events.iter().zip(&members) {
        let Some(date) = event.date else {
            continue;
        };
        let any_dated = members.iter().any(|&i| docs[i].article.published.is_some());
        if !any_dated {
            continue;
        }
        for &i in members {
            let doc = &mut docs[i];
            if doc.article.published.is_some() {
                continue;
            }
            doc.article.published = Some(Sourced::new(date, MetaSource::EventConsensus));
            if needs_anchor(doc) {
                doc.dates = storyline_annotate::find_dates(&doc.article.text, Some(date));
            }
            dated += 1;
        }
    }
    dated
}

/// For each event, the positions in `docs` of its articles (every document
/// carrying one of its ids, each once).
fn event_members(docs: &[Doc], events: &[Event]) -> Vec<Vec<usize>> {
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        by_id.entry(doc.article.id.as_str()).or_default().push(i);
    }
    events
        .iter()
        .map(|event| {
            let mut members: Vec<usize> = event
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .flatten()
                .copied()
                .collect();
            members.sort_unstable();
            members.dedup();
            members
        })
        .collect()
}

/// Whether an undated article's time expressions change once it has an anchor.
/// They were found without one; an expression resolved without the anchor
/// (a full date, a duration, or one counted from a date the text names) is
/// resolved the same way with it, and so is everything after it. Only an
/// expression left without a value ("Monday", "last week") waited for the
/// anchor, so only then are the dates found again.
fn needs_anchor(doc: &Doc) -> bool {
    doc.dates.iter().any(|expr| expr.value.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, published: Option<&str>, text: &str) -> Doc {
        let article = storyline_model::Article::new(id, format!("{id}.txt"), text);
        storyline_annotate::annotate(match published {
            Some(date) => article.given_published(date.parse().unwrap()),
            None => article,
        })
    }

    #[test]
    fn undated_articles_take_their_events_date() {
        let mut docs = vec![
            doc("a", Some("2025-04-08"), "Talks failed on Tuesday."),
            doc("b", None, "Talks collapsed on Tuesday after eleven hours."),
            doc("c", None, "A fire broke out on Saturday."),
        ];
        assert_eq!(docs[1].dates[0].value, None);
        let events = [
            Event {
                id: "e1".into(),
                date: Some("2025-04-08".parse().unwrap()),
                title: "t".into(),
                articles: vec!["a".into(), "b".into()],
                summary: vec![],
            },
            Event {
                id: "e2".into(),
                date: None,
                title: "t".into(),
                articles: vec!["c".into()],
                summary: vec![],
            },
        ];
        assert_eq!(infer_publication_dates(&mut docs, &events), 1);
        let published = docs[1].article.published.as_ref().unwrap();
        assert_eq!(published.from, MetaSource::EventConsensus);
        assert_eq!(docs[1].dates[0].value.as_deref(), Some("2025-04-08"));
        assert!(docs[2].article.published.is_none());
    }

    #[test]
    fn dates_resolved_without_an_anchor_are_the_same_with_one() {
        let anchor = chrono::NaiveDate::from_ymd_opt(2025, 4, 8);
        for text in [
            "Talks began on March 3, 2020 and ended a year earlier than planned.",
            "The siege lasted eight hours in 1999, and every Thursday since.",
            "In the 1990s the plant closed; on 5 May 2001 it reopened, and two days later it shut.",
            "Recently, officials said the second quarter of 2024 was weak.",
        ] {
            let without = storyline_annotate::find_dates(text, None);
            assert!(
                without.iter().all(|e| e.value.is_some()),
                "{text}: {without:?}"
            );
            assert_eq!(
                storyline_annotate::find_dates(text, anchor),
                without,
                "{text}"
            );
        }
    }

    #[test]
    fn an_article_in_several_places_of_an_event_is_dated_once() {
        let mut docs = vec![
            doc("a", Some("2025-04-08"), "Talks failed on Tuesday."),
            doc("b", None, "Talks collapsed on Tuesday."),
            doc("c", None, "The siege ended on March 3, 2020."),
        ];
        let events = [Event {
            id: "e1".into(),
            date: Some("2025-04-08".parse().unwrap()),
            title: "t".into(),
            articles: vec![
                "b".into(),
                "a".into(),
                "b".into(),
                "c".into(),
                "gone".into(),
            ],
            summary: vec![],
        }];
        let before = docs[2].dates.clone();
        assert_eq!(infer_publication_dates(&mut docs, &events), 2);
        assert_eq!(docs[1].dates[0].value.as_deref(), Some("2025-04-08"));
        assert_eq!(docs[2].dates, before);
    }
}
