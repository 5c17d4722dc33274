//! Clustering tests on small hand-written documents.

use super::*;
use storyline_model::{Article, MetaSource, Sourced};

fn doc(id: &str, published: &str, text: &str) -> Doc {
    let article = Article {
        id: id.into(),
        source: format!("{id}.txt"),
        url: None,
        outlet: None,
        title: Some(Sourced::new(format!("Title {id}"), MetaSource::Given)),
        byline: None,
        published: Some(Sourced::new(published.parse().unwrap(), MetaSource::Given)),
        modified: None,
        language: None,
        dateline: None,
        text: text.into(),
        removed: vec![],
    };
    storyline_annotate::annotate(article)
}

#[test]
fn same_actors_on_distant_dates_are_two_events_in_one_story() {
    let strike = "Dock union leader Tomas Ferrin led a strike at the port of Saltmere, and Valdorian President Mira Kovan closed the Halden bridge over the transit levy.";
    let talks = "Talks between Valdorian President Mira Kovan and union leader Tomas Ferrin on the transit levy failed after eleven hours, with the Halden bridge still closed.";
    let fire = "A wildfire in the Greyridge forest forced thousands of residents to flee as fire crews fought the flames through the night.";
    let docs = vec![
        doc("a1", "2025-03-10", strike),
        doc(
            "a2",
            "2025-03-10",
            &strike.replace("led a strike", "called a strike"),
        ),
        doc("b1", "2025-04-08", talks),
        doc("b2", "2025-04-08", &talks.replace("failed", "collapsed")),
        doc("c1", "2025-04-19", fire),
    ];
    let clustering = cluster(&docs);
    let groups: Vec<Vec<&str>> = clustering
        .events
        .iter()
        .map(|e| e.articles.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(groups, [vec!["a1", "a2"], vec!["b1", "b2"], vec!["c1"]]);
    assert_eq!(clustering.stories.len(), 2);
    let order_independent = cluster(&docs.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(order_independent, clustering);
}
