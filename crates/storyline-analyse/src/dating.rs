//! Publication dates inferred within an event.

use chrono::NaiveDate;
use storyline_model::{Doc, Event, MetaSource, Sourced};

/// Gives every undated article of a dated event the event's date as its
/// publication date (`MetaSource::EventConsensus`) and resolves its relative
/// time expressions against it. Returns how many articles were dated.
///
/// The event's date comes from the articles whose dates are known, so this only
/// spreads evidence the corpus already has; an event with no dated article
/// leaves its articles undated.
pub fn infer_publication_dates(docs: &mut [Doc], events: &[Event]) -> usize {
    let mut dated = 0;
    for event in events {
        let Some(date) = event
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let any_dated = docs
            .iter()
            .any(|d| event.articles.contains(&d.article.id) && d.article.published.is_some());
        if !any_dated {
            continue;
        }
        for doc in docs.iter_mut() {
            if doc.article.published.is_some() || !event.articles.contains(&doc.article.id) {
                continue;
            }
            doc.article.published = Some(Sourced::new(date, MetaSource::EventConsensus));
            doc.dates = storyline_annotate::find_dates(&doc.article.text, Some(date));
            dated += 1;
        }
    }
    dated
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
                date: Some("2025-04-08".into()),
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
}
