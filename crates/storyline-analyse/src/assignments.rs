//! How sure each article's event membership is.
//!
//! The cluster stage decides which articles report one happening; this module
//! says, per article, how well its words agree with the rest of its event: the
//! cosine between its content terms (idf-weighted over the corpus) and the sum
//! of the other members' (`cluster-consensus`). A copy of another member
//! (`duplicate`) takes the confidence of the copies' group; an article alone in
//! its event (`singleton`) gets a fixed figure. An article published more than a
//! day before its event's date or more than [`DAYS_AFTER`] days after it is
//! capped lower: it may report an earlier or later happening of the same story. The mapping from similarity to
//! confidence was set from accuracy measured on the synthetic corpus (see the
//! README's bands).

use std::collections::{BTreeMap, HashMap};

use storyline_annotate::content_terms_iter;
use storyline_model::{AssignmentMethod, Doc, DuplicateGroup, Event, EventAssignment};

/// Confidence of an article alone in its event.
pub const SINGLETON_CONFIDENCE: f32 = 0.85;

/// Days after an event within which its reports are usually published.
const DAYS_AFTER: i64 = 3;

/// Highest confidence of an article published outside that window.
const OFF_DATE_CONFIDENCE: f32 = 0.2;

/// Confidence from the similarity of an article to the rest of its event.
pub fn consensus_confidence(similarity: f64) -> f32 {
    match similarity {
        s if s >= 0.3 => 0.9,
        s if s >= 0.15 => 0.4,
        _ => 0.3,
    }
}

type Vector = HashMap<String, f64>;

fn norm(v: &Vector) -> f64 {
    v.values().map(|x| x * x).sum::<f64>().sqrt()
}

/// Every article's event membership with method and confidence, in event
/// order, then by article order within the event.
pub fn event_assignments(
    docs: &[Doc],
    events: &[Event],
    duplicates: &[DuplicateGroup],
) -> Vec<EventAssignment> {
    let by_id: BTreeMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
    let mut document_frequency: HashMap<String, usize> = HashMap::new();
    let mut terms: BTreeMap<&str, HashMap<String, usize>> = BTreeMap::new();
    for doc in docs {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for term in content_terms_iter(doc.text()) {
            *counts.entry(term).or_default() += 1;
        }
        for term in counts.keys() {
            *document_frequency.entry(term.clone()).or_default() += 1;
        }
        terms.insert(doc.article.id.as_str(), counts);
    }
    let n_docs = docs.len().max(1) as f64;
    let vector = |id: &str| -> Vector {
        terms.get(id).map_or_else(Vector::new, |counts| {
            counts
                .iter()
                .map(|(t, &c)| {
                    let df = document_frequency.get(t).copied().unwrap_or(1) as f64;
                    (
                        t.clone(),
                        (1.0 + (c as f64).ln()) * (n_docs / df).ln().max(0.0),
                    )
                })
                .collect()
        })
    };
    let copy_group: HashMap<&str, usize> = duplicates
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.articles.iter().map(move |a| (a.as_str(), g)))
        .collect();

    let mut out = Vec::new();
    for event in events {
        let members: Vec<&str> = event
            .articles
            .iter()
            .map(String::as_str)
            .filter(|a| by_id.contains_key(a))
            .collect();
        if members.len() == 1 {
            out.push(EventAssignment {
                article: members[0].to_string(),
                event: event.id.clone(),
                method: AssignmentMethod::Singleton,
                confidence: SINGLETON_CONFIDENCE,
            });
            continue;
        }
        let vectors: Vec<Vector> = members.iter().map(|a| vector(a)).collect();
        let mut total = Vector::new();
        for v in &vectors {
            for (t, x) in v {
                *total.entry(t.clone()).or_default() += x;
            }
        }
        let total_norm2: f64 = total.values().map(|x| x * x).sum();
        let mut same_group: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, member) in members.iter().enumerate() {
            if let Some(&g) = copy_group.get(member) {
                same_group.entry(g).or_default().push(i);
            }
        }
        // Copies count once against the rest: an article is compared with the
        // event minus itself and minus its own copies. With `excluded` that
        // part, |rest|² = |total|² − 2 total·excluded + |excluded|², so each
        // member costs only its own terms and its copies'.
        for (i, member) in members.iter().enumerate() {
            let excluded_members: Vec<usize> = copy_group
                .get(member)
                .and_then(|g| same_group.get(g))
                .cloned()
                .unwrap_or_else(|| vec![i]);
            let copies_here = excluded_members.len() - 1;
            let mut excluded = Vector::new();
            for &j in &excluded_members {
                for (t, x) in &vectors[j] {
                    *excluded.entry(t.clone()).or_default() += x;
                }
            }
            let dot_with = |v: &Vector, w: &Vector| -> f64 {
                v.iter()
                    .map(|(t, x)| x * w.get(t).copied().unwrap_or(0.0))
                    .sum()
            };
            let own = &vectors[i];
            let dot = dot_with(own, &total) - dot_with(own, &excluded);
            let rest_norm2 =
                total_norm2 - 2.0 * dot_with(&excluded, &total) + norm(&excluded).powi(2);
            let similarity = if rest_norm2 > 1e-9 && norm(own) > 0.0 {
                (dot / (rest_norm2.sqrt() * norm(own))).max(0.0)
            } else {
                0.0
            };
            let only_copies = copies_here + 1 == members.len();
            let mut confidence = consensus_confidence(similarity);
            // Published well before, or long after, the day the event happened:
            // it may report an earlier or later happening of the same story.
            let published = by_id[member].article.published_date();
            let happened = event.date;
            if let (Some(published), Some(happened)) = (published, happened) {
                let gap = (published - happened).num_days();
                if !(-1..=DAYS_AFTER).contains(&gap) {
                    confidence = confidence.min(OFF_DATE_CONFIDENCE);
                }
            }
            let (method, confidence) = if only_copies {
                (AssignmentMethod::Duplicate, 0.95)
            } else if copies_here > 0 {
                (AssignmentMethod::Duplicate, confidence)
            } else {
                (AssignmentMethod::ClusterConsensus, confidence)
            };
            out.push(EventAssignment {
                article: (*member).to_string(),
                event: event.id.clone(),
                method,
                confidence,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Article;

    fn doc(id: &str, text: &str) -> Doc {
        Doc::new(Article::new(id, format!("{id}.txt"), text))
    }

    fn event(id: &str, articles: &[&str]) -> Event {
        Event {
            id: id.into(),
            date: None,
            title: id.into(),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            summary: vec![],
        }
    }

    #[test]
    fn an_article_unlike_its_event_is_less_sure() {
        let docs = vec![
            doc(
                "a",
                "Dock workers in Caldera struck over pay; the port authority offered a raise.",
            ),
            doc(
                "b",
                "The Caldera dock strike over pay entered its second day at the port.",
            ),
            doc(
                "c",
                "Dock workers at Caldera port kept up their strike over pay and the raise offer.",
            ),
            doc(
                "d",
                "A museum reopened in Vellora after renovation of its hall of maps.",
            ),
            doc("e", "Vellora voters elect a new mayor; turnout was low."),
        ];
        let events = vec![event("e1", &["a", "b", "c", "d"]), event("e2", &["e"])];
        let found = event_assignments(&docs, &events, &[]);
        let of = |id: &str| found.iter().find(|a| a.article == id).unwrap();
        assert_eq!(of("a").method, AssignmentMethod::ClusterConsensus);
        assert!(of("a").confidence > of("d").confidence, "{found:?}");
        assert_eq!(of("e").method, AssignmentMethod::Singleton);
        assert_eq!(of("e").confidence, SINGLETON_CONFIDENCE);
    }

    #[test]
    fn copies_of_each_other_alone_are_sure() {
        let text = "Dock workers in Caldera struck over pay; the port authority offered a raise.";
        let docs = vec![doc("a", text), doc("b", text)];
        let duplicates = vec![DuplicateGroup {
            first: "a".into(),
            articles: vec!["a".into(), "b".into()],
        }];
        let found = event_assignments(&docs, &[event("e1", &["a", "b"])], &duplicates);
        assert!(found
            .iter()
            .all(|a| a.method == AssignmentMethod::Duplicate && a.confidence == 0.95));
    }
}
