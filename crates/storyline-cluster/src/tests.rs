//! Clustering tests on small hand-written documents.

use super::*;
use storyline_model::Article;

fn doc(id: &str, published: &str, text: &str) -> Doc {
    let article = Article::new(id, format!("{id}.txt"), text)
        .given_title(format!("Title {id}"))
        .given_published(published.parse().unwrap());
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

/// An event on `date` with the given profile terms (normalised here) and actors.
fn profiled(id: &str, date: &str, terms: &[(u32, f32)], actors: &[u64]) -> (Event, EventProfile) {
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    let mut centroid: Vec<(u32, f32)> = terms.iter().map(|&(t, w)| (t, w / norm)).collect();
    centroid.sort_by_key(|&(t, _)| t);
    let mut actors = actors.to_vec();
    actors.sort_unstable();
    let event = Event {
        id: id.into(),
        date: Some(date.parse().unwrap()),
        title: format!("Event {id}"),
        articles: vec![format!("{id}-article")],
        summary: Vec::new(),
    };
    let profile = EventProfile {
        centroid,
        actors,
        places: Vec::new(),
        display_actors: Vec::new(),
    };
    (event, profile)
}

/// The stories of `events` (in date order) as lists of event ids.
fn threaded(events: Vec<(Event, EventProfile)>) -> Vec<Vec<String>> {
    let (events, profiles): (Vec<Event>, Vec<EventProfile>) = events.into_iter().unzip();
    thread_stories(&events, &profiles)
        .into_iter()
        .map(|s| s.events)
        .collect()
}

#[test]
fn one_prominent_actor_does_not_thread_unrelated_stories() {
    // Three strikes that share some vocabulary (cosine 0.2 between stories),
    // each with its own leaders, all commented on by the same head of state
    // (actor 1).
    let mut events = Vec::new();
    for (story, date) in [(0u32, "2025-01"), (1, "2025-03"), (2, "2025-05")] {
        let cast = [10 + u64::from(story) * 10, 11 + u64::from(story) * 10];
        for (k, day) in ["05", "20"].iter().enumerate() {
            let terms = [
                (0, 0.2f32.sqrt()),
                (1 + story, 0.6f32.sqrt()),
                (50 + story * 2 + k as u32, 0.2f32.sqrt()),
            ];
            let actors = [1, cast[0], cast[1]];
            events.push(profiled(
                &format!("s{story}e{k}"),
                &format!("{date}-{day}"),
                &terms,
                &actors,
            ));
        }
    }
    let stories = threaded(events);
    assert_eq!(
        stories,
        [["s0e0", "s0e1"], ["s1e0", "s1e1"], ["s2e0", "s2e1"]]
            .map(|s| s.map(String::from).to_vec())
    );
}

#[test]
fn a_stray_link_does_not_chain_two_stories() {
    // Two stories of three events each; the first event of the second story
    // absorbed an article naming the first story's cast, so it shares three
    // rare actors (and a little vocabulary) with every event of the first.
    // Its own story's vocabulary keeps it there.
    let a = [1, 2, 3];
    let b = [4, 5, 6];
    let terms = |story: u32, event: u32| {
        [
            (0, 0.1f32.sqrt()),
            (1 + story, 0.7f32.sqrt()),
            (100 + event, 0.2f32.sqrt()),
        ]
    };
    let stray: Vec<u64> = a.iter().chain(&b).copied().collect();
    let events = vec![
        profiled("a0", "2025-01-10", &terms(0, 0), &a),
        profiled("a1", "2025-01-30", &terms(0, 1), &a),
        profiled("b0", "2025-02-05", &terms(1, 2), &stray),
        profiled("a2", "2025-02-20", &terms(0, 3), &a),
        profiled("b1", "2025-03-01", &terms(1, 4), &b),
        profiled("b2", "2025-03-25", &terms(1, 5), &b),
    ];
    assert_eq!(
        threaded(events),
        [vec!["a0", "a1", "a2"], vec!["b0", "b1", "b2"]]
    );
}

#[test]
fn a_topic_of_diverse_events_is_one_story_and_two_topics_stay_apart() {
    // Two topics of eight events each. Every event of a topic shares the
    // topic's words (pairwise cosine about 0.25: the rescue and the aid
    // conference read little alike), has words of its own, and all events
    // share a few generic news words.
    let mut events = Vec::new();
    for topic in 0..2u32 {
        for k in 0..8u32 {
            let terms = [
                (0, 0.1f32.sqrt()),
                (10 + topic, 0.25f32.sqrt()),
                (20 + topic, 0.15f32.sqrt()),
                (100 + topic * 10 + k, 0.5f32.sqrt()),
            ];
            let date = format!("2025-{:02}-10", k + 1);
            events.push(profiled(&format!("t{topic}e{k}"), &date, &terms, &[]));
        }
    }
    events.sort_by(|a, b| (&a.0.date, &a.0.id).cmp(&(&b.0.date, &b.0.id)));
    let stories = threaded(events);
    assert_eq!(stories.len(), 2, "{stories:?}");
    for story in &stories {
        let topic = &story[0][..2];
        assert_eq!(story.len(), 8);
        assert!(story.iter().all(|e| e.starts_with(topic)), "{stories:?}");
    }
}

#[test]
fn a_story_may_pause_for_months() {
    // Talks in August and again in November between the same parties, three
    // months apart and in vocabulary only moderately alike (cosine 0.3, as the
    // seed articles), stay one story; an unrelated event in between sharing
    // one of the parties does not join it.
    let talks = [1, 2, 3, 4];
    let events = vec![
        profiled(
            "august",
            "2022-08-18",
            &[(0, 0.55), (1, 0.6), (2, 0.58)],
            &talks,
        ),
        profiled("flood", "2022-09-30", &[(0, 0.1), (5, 0.99)], &[1, 9]),
        profiled(
            "november",
            "2022-11-21",
            &[(0, 0.55), (3, 0.6), (4, 0.58)],
            &talks,
        ),
    ];
    assert_eq!(
        threaded(events),
        [vec!["august", "november"], vec!["flood"]]
    );
}
