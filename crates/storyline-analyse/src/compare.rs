//! Cross-source comparison: corroborated and conflicting claims.

use std::collections::{BTreeMap, BTreeSet};

use storyline_annotate::terms::{content_terms, is_stop_word, stem};
use storyline_model::union_find::{root, union};
use storyline_model::{Citation, Comparison, Doc, DuplicateGroup, Event, QuoteKind, Story};

use crate::sources::SourceIndex;

/// Consecutive words two quotes must share to count as the same words.
const SHARED_RUN: usize = 4;
/// Relative difference up to which two numbers agree when either is approximate
/// ("nearly 600" and "576" agree; "about 6,300" and "around 10,000" do not).
const APPROX_TOLERANCE: f64 = 0.1;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The longest run of words two word lists share.
fn shared_run(a: &[String], b: &[String]) -> Vec<String> {
    let mut best = (0, 0);
    let mut row = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut prev = 0;
        for j in 1..=b.len() {
            let tmp = row[j];
            row[j] = if a[i - 1] == b[j - 1] { prev + 1 } else { 0 };
            if row[j] > best.0 {
                best = (row[j], i);
            }
            prev = tmp;
        }
    }
    a[best.1 - best.0..best.1].to_vec()
}

/// The story each article belongs to.
fn story_of(events: &[Event], stories: &[Story]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for story in stories {
        for event_id in &story.events {
            if let Some(event) = events.iter().find(|e| &e.id == event_id) {
                for article in &event.articles {
                    map.insert(article.clone(), story.id.clone());
                }
            }
        }
    }
    map
}

fn outlet(docs: &BTreeMap<&str, &Doc>, article: &str) -> String {
    docs.get(article)
        .and_then(|d| d.article.outlet_name())
        .unwrap_or("unknown outlet")
        .to_string()
}

/// Finds corroborations and conflicts between articles of the same story.
pub fn compare(
    docs: &[Doc],
    events: &[Event],
    stories: &[Story],
    duplicates: &[DuplicateGroup],
) -> (Vec<Comparison>, Vec<Comparison>) {
    let by_id: BTreeMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
    let story = story_of(events, stories);
    let sources = SourceIndex::new(docs, duplicates);
    let independent = |a: &str, b: &str| !sources.same_source(a, b);
    let (mut corroborations, speaker_conflicts) =
        quote_corroborations(docs, &by_id, &story, &independent);
    let (numbers_agree, mut conflicts) =
        quantity_comparisons(docs, &by_id, events, &story, &independent);
    corroborations.extend(numbers_agree);
    conflicts.extend(speaker_conflicts);
    for comparison in corroborations.iter_mut().chain(conflicts.iter_mut()) {
        comparison.reported_by = sources.group(comparison.claims.iter().map(|c| &c.article));
    }
    (corroborations, conflicts)
}

fn quote_corroborations(
    docs: &[Doc],
    by_id: &BTreeMap<&str, &Doc>,
    story: &BTreeMap<String, String>,
    independent: &dyn Fn(&str, &str) -> bool,
) -> (Vec<Comparison>, Vec<Comparison>) {
    struct Item<'d> {
        doc: &'d Doc,
        quote: usize,
        words: Vec<String>,
    }
    let items: Vec<Item> = docs
        .iter()
        .flat_map(|doc| {
            doc.quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| q.kind != QuoteKind::Indirect)
                .map(move |(i, q)| Item {
                    doc,
                    quote: i,
                    words: words(&q.text),
                })
        })
        .filter(|item| item.words.len() >= SHARED_RUN)
        .collect();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut runs: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    // Two quotes sharing a run of SHARED_RUN words share one of its word
    // SHARED_RUN-grams: only such pairs (within one story) are compared.
    let mut by_gram: BTreeMap<(Option<&String>, &[String]), Vec<usize>> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        let story_id = story.get(item.doc.article.id.as_str());
        for gram in item.words.windows(SHARED_RUN) {
            let list = by_gram.entry((story_id, gram)).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = by_gram
        .values()
        .flat_map(|members| {
            members
                .iter()
                .enumerate()
                .flat_map(move |(k, &a)| members[k + 1..].iter().map(move |&b| (a, b)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for (a, b) in pairs {
        {
            let (ia, ib) = (&items[a], &items[b]);
            let (ida, idb) = (ia.doc.article.id.as_str(), ib.doc.article.id.as_str());
            if !independent(ida, idb) || story.get(ida) != story.get(idb) {
                continue;
            }
            let run = shared_run(&ia.words, &ib.words);
            let content = run.iter().filter(|w| !is_stop_word(w)).count();
            let shorter = ia.words.len().min(ib.words.len());
            let covers = run.len() * 2 >= shorter || run.len() >= 2 * SHARED_RUN;
            if run.len() >= SHARED_RUN && content >= 2 && covers {
                union(&mut parent, a, b);
                let r = root(&mut parent, a);
                let keep = runs
                    .get(&r)
                    .is_none_or(|existing| existing.len() < run.len());
                if keep {
                    runs.insert(r, run);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    let mut speaker_conflicts = Vec::new();
    for (r, members) in groups {
        let articles: BTreeSet<&str> = members
            .iter()
            .map(|&i| items[i].doc.article.id.as_str())
            .collect();
        if articles.len() < 2 {
            continue;
        }
        let run = runs
            .iter()
            .find(|(k, _)| root(&mut parent, **k) == r)
            .map(|(_, run)| run.join(" "))
            .unwrap_or_default();
        let speaker = members
            .iter()
            .filter_map(|&i| items[i].doc.quotes[items[i].quote].speaker.clone())
            .next()
            .unwrap_or_else(|| "unattributed".into());
        let claims: Vec<Citation> = members
            .iter()
            .map(|&i| {
                let q = &items[i].doc.quotes[items[i].quote];
                Citation::new(
                    &items[i].doc.article.id,
                    items[i].doc.text(),
                    q.start,
                    q.end,
                )
            })
            .collect();
        let outlets: Vec<String> = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
        let speakers: BTreeSet<&str> = members
            .iter()
            .filter_map(|&i| items[i].doc.quotes[items[i].quote].speaker.as_deref())
            .collect();
        if speakers.len() > 1 {
            let names: Vec<&str> = speakers.into_iter().collect();
            speaker_conflicts.push(Comparison {
                what: format!("Who said “{run}”: {}", names.join(" versus ")),
                claims: claims.clone(),
                outlets: outlets.clone(),
                reported_by: Vec::new(),
            });
        }
        out.push(Comparison {
            what: format!("{speaker}: “{run}”"),
            claims,
            outlets,
            reported_by: Vec::new(),
        });
    }
    (out, speaker_conflicts)
}

/// Words for people in general: counts of any of them are counts of the same kind of thing.
const PEOPLE: &[&str] = &[
    "people",
    "person",
    "resident",
    "civilian",
    "inhabitant",
    "citizen",
    "villager",
    "individual",
];

/// The counted thing's head term, for matching quantities about the same thing:
/// the first plural noun of the counted phrase ("ethnic Serbs", "officers kept
/// watch"), else its last word; any word for people counts as "people".
fn head_term(counts: Option<&str>, unit: Option<&str>) -> Option<String> {
    if let Some(unit) = unit {
        return Some(format!("unit:{unit}"));
    }
    let words: Vec<&str> = counts?
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().any(char::is_alphabetic) && !is_stop_word(&w.to_lowercase()))
        .collect();
    let plural = words.iter().find(|w| {
        w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss")
            || PEOPLE.contains(&w.to_lowercase().as_str())
    });
    let head = stem(plural.or(words.last())?);
    Some(if PEOPLE.contains(&head.as_str()) {
        "people".to_string()
    } else {
        head
    })
}

/// Content terms within a few words of a span: what a measured number is about.
fn local_context(text: &str, start: usize, end: usize) -> BTreeSet<String> {
    let mut from = start.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 80).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    content_terms(&text[from..to])
        .into_iter()
        .filter(|t| t.chars().all(char::is_alphabetic))
        .collect()
}

/// The range of values a quantity claims, given its approximation word:
/// "about 6,300" is 6,300 ± 10%, "more than 1,200" is at least 1,200,
/// "nearly 600" is up to 10% below 600.
pub(crate) fn claimed_range(value: f64, approx: Option<&str>) -> (f64, f64) {
    let approx = approx.map(str::to_lowercase);
    match approx.as_deref() {
        None => (value, value),
        Some("more than" | "over" | "at least" | "upwards of" | "in excess of" | "above") => {
            (value, f64::INFINITY)
        }
        Some(
            "fewer than" | "less than" | "under" | "up to" | "at most" | "below" | "no more than",
        ) => (0.0, value),
        Some("nearly" | "almost" | "just under" | "close to") => {
            (value * (1.0 - APPROX_TOLERANCE), value)
        }
        Some(_) => (
            value * (1.0 - APPROX_TOLERANCE),
            value * (1.0 + APPROX_TOLERANCE),
        ),
    }
}

fn ranges_overlap(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 + 1e-9 && b.0 <= a.1 + 1e-9
}

/// Which event each article belongs to.
fn event_of(events: &[Event]) -> BTreeMap<String, String> {
    events
        .iter()
        .flat_map(|e| e.articles.iter().map(move |a| (a.clone(), e.id.clone())))
        .collect()
}

/// Conflicts are grouped by event, counted thing and the two values (in hundredths).
type ConflictKey = (String, String, i64, i64);

/// Numbers below this, without a unit, are too common ("two countries") to compare.
const MIN_COUNT: f64 = 10.0;

fn quantity_comparisons(
    docs: &[Doc],
    by_id: &BTreeMap<&str, &Doc>,
    events: &[Event],
    story: &BTreeMap<String, String>,
    independent: &dyn Fn(&str, &str) -> bool,
) -> (Vec<Comparison>, Vec<Comparison>) {
    struct Item<'d> {
        doc: &'d Doc,
        quantity: usize,
        head: String,
        context: BTreeSet<String>,
        range: (f64, f64),
    }
    let event = event_of(events);
    let mut items = Vec::new();
    for doc in docs {
        for (i, q) in doc.quantities.iter().enumerate() {
            if q.unit.is_none() && q.value < MIN_COUNT {
                continue;
            }
            let Some(head) = head_term(q.counts.as_deref(), q.unit.as_deref()) else {
                continue;
            };
            let mut context = local_context(doc.text(), q.start, q.end);
            context.remove(&head);
            let range = claimed_range(q.value, q.approx.as_deref());
            items.push(Item {
                doc,
                quantity: i,
                head,
                context,
                range,
            });
        }
    }
    let cite = |item: &Item| {
        let q = &item.doc.quantities[item.quantity];
        Citation::new(&item.doc.article.id, item.doc.text(), q.start, q.end)
    };
    // (article, head, value in hundredths) of every quantity, to see whether an
    // article also reports the other side's number (a change "from 5 to 2.5 per cent").
    let reported: BTreeSet<(&str, &str, i64)> = items
        .iter()
        .map(|i| {
            (
                i.doc.article.id.as_str(),
                i.head.as_str(),
                (i.doc.quantities[i.quantity].value * 100.0).round() as i64,
            )
        })
        .collect();
    let reports = |article: &str, head: &str, value: f64| {
        reported.contains(&(article, head, (value * 100.0).round() as i64))
    };
    let mut conflict_groups: BTreeMap<ConflictKey, (String, Vec<Citation>)> = BTreeMap::new();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut agreeing = BTreeSet::new();
    // Only pairs that can agree or conflict are compared, so the work grows with
    // what is reported together, not with the corpus: agreeing values lie
    // within 1% of each other in one story and about one thing (a sliding
    // window over the values), conflicts lie within one event.
    let value_of = |i: usize| items[i].doc.quantities[items[i].quantity].value;
    let mut by_story: BTreeMap<(Option<&String>, &str), Vec<usize>> = BTreeMap::new();
    let mut by_event: BTreeMap<(&String, &str), Vec<usize>> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        let id = item.doc.article.id.as_str();
        by_story
            .entry((story.get(id), item.head.as_str()))
            .or_default()
            .push(index);
        if let Some(event) = event.get(id) {
            by_event
                .entry((event, item.head.as_str()))
                .or_default()
                .push(index);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in by_story.values_mut() {
        members.sort_by(|&a, &b| value_of(a).total_cmp(&value_of(b)).then(a.cmp(&b)));
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let (va, vb) = (value_of(a), value_of(b));
                if (vb - va).abs() > 0.01 * va.abs().max(vb.abs()) {
                    break;
                }
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
    for members in by_event.values() {
        for (k, &a) in members.iter().enumerate() {
            pairs.extend(members[k + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for (a, b) in pairs {
        {
            let (ia, ib) = (&items[a], &items[b]);
            let (ida, idb) = (ia.doc.article.id.as_str(), ib.doc.article.id.as_str());
            if !independent(ida, idb) || story.get(ida) != story.get(idb) || ia.head != ib.head {
                continue;
            }
            let shared_context = ia.context.intersection(&ib.context).count();
            let context_union = ia.context.union(&ib.context).count().max(1);
            // Measures (per cent, euros) are about many things: their words around must match too.
            let unit_context_matches = shared_context >= 3 && shared_context * 4 >= context_union;
            let is_unit = ia.head.starts_with("unit:");
            let (qa, qb) = (
                &ia.doc.quantities[ia.quantity],
                &ib.doc.quantities[ib.quantity],
            );
            let same_value =
                (qa.value - qb.value).abs() <= 0.01 * qa.value.abs().max(qb.value.abs());
            if same_value && (shared_context >= 2 || !is_unit) {
                union(&mut parent, a, b);
                agreeing.insert(a);
                continue;
            }
            // Disagreement is only meaningful about one happening: counts change between events.
            let same_event = event.contains_key(ida) && event.get(ida) == event.get(idb);
            if !same_event
                || (is_unit && !unit_context_matches)
                || ranges_overlap(ia.range, ib.range)
                || reports(idb, &ia.head, qa.value)
                || reports(ida, &ib.head, qb.value)
            {
                continue;
            }
            let (low, high) = if qa.value <= qb.value {
                (ia, ib)
            } else {
                (ib, ia)
            };
            let key = (
                event.get(ida).cloned().unwrap_or_default(),
                ia.head.clone(),
                (low.doc.quantities[low.quantity].value * 100.0).round() as i64,
                (high.doc.quantities[high.quantity].value * 100.0).round() as i64,
            );
            let (ql, qh) = (
                &low.doc.quantities[low.quantity],
                &high.doc.quantities[high.quantity],
            );
            let thing = ql
                .counts
                .as_deref()
                .or(ql.unit.as_deref())
                .unwrap_or("(unspecified)");
            let entry = conflict_groups.entry(key).or_insert_with(|| {
                (
                    format!("How many {thing}: “{}” versus “{}”", ql.text, qh.text),
                    Vec::new(),
                )
            });
            for claim in [cite(ia), cite(ib)] {
                if !entry.1.contains(&claim) {
                    entry.1.push(claim);
                }
            }
        }
    }
    let conflicts = conflict_groups
        .into_values()
        .map(|(what, claims)| {
            let outlets = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
            Comparison {
                what,
                claims,
                outlets,
                reported_by: Vec::new(),
            }
        })
        .collect();
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &a in &agreeing {
        let r = root(&mut parent, a);
        groups.entry(r).or_default().push(a);
    }
    for i in 0..items.len() {
        let r = root(&mut parent, i);
        if let Some(group) = groups.get_mut(&r) {
            if !group.contains(&i) {
                group.push(i);
            }
        }
    }
    let agree = groups
        .into_values()
        .filter_map(|mut members| {
            members.sort_unstable();
            let articles: BTreeSet<&str> = members
                .iter()
                .map(|&i| items[i].doc.article.id.as_str())
                .collect();
            (articles.len() >= 2).then(|| {
                let first = &items[members[0]];
                let text = &first.doc.quantities[first.quantity].text;
                let claims: Vec<Citation> = members.iter().map(|&i| cite(&items[i])).collect();
                let outlets = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
                Comparison {
                    what: format!("The same number: {text}"),
                    claims,
                    outlets,
                    reported_by: Vec::new(),
                }
            })
        })
        .collect();
    (agree, conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Doc {
        storyline_annotate::annotate(storyline_model::Article::new(id, format!("{id}.txt"), text))
    }

    #[test]
    fn same_words_from_different_speakers_are_a_conflict() {
        let docs = vec![
            doc("a", "Talks failed in Merhaven.\n\n“We will not back down from this fight,” said union leader Tomas Ferrin."),
            doc("b", "Talks failed in Merhaven.\n\n“We will not back down from this fight,” said Prime Minister Teo Brandt."),
        ];
        let event = Event {
            id: "e".into(),
            date: None,
            title: "t".into(),
            articles: vec!["a".into(), "b".into()],
            summary: vec![],
        };
        let story = Story {
            id: "s".into(),
            title: "t".into(),
            events: vec!["e".into()],
            summary: vec![],
        };
        let (corroborations, conflicts) = compare(&docs, &[event], &[story], &[]);
        assert_eq!(corroborations.len(), 1);
        assert_eq!(conflicts.len(), 1);
        assert!(
            conflicts[0].what.contains("Teo Brandt versus Tomas Ferrin"),
            "{}",
            conflicts[0].what
        );
        assert_eq!(conflicts[0].claims.len(), 2);
    }

    #[test]
    fn approximation_words_set_the_claimed_range() {
        let exact = claimed_range(576.0, None);
        assert!(ranges_overlap(exact, claimed_range(600.0, Some("nearly"))));
        assert!(!ranges_overlap(
            claimed_range(6300.0, Some("about")),
            claimed_range(10000.0, Some("around"))
        ));
        assert!(ranges_overlap(
            claimed_range(1200.0, Some("more than")),
            claimed_range(1500.0, None)
        ));
        assert!(!ranges_overlap(
            claimed_range(50.0, Some("fewer than")),
            claimed_range(80.0, None)
        ));
    }

    #[test]
    fn shared_runs_find_the_common_words() {
        let a = words("Unhappily, we did not get to an agreement today … But it is not the end");
        let b = words("unhappily, we did not get to an agreement today, but it is not over");
        assert_eq!(
            shared_run(&a, &b).join(" "),
            "unhappily we did not get to an agreement today but it is not"
        );
    }
}
