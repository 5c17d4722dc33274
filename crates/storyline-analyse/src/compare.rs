//! Cross-source comparison: corroborated and conflicting claims.

use std::collections::{BTreeMap, BTreeSet};

use storyline_annotate::terms::{content_terms, is_stop_word};
use storyline_model::{Citation, Comparison, Doc, DuplicateGroup, Event, QuoteKind, Story};

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

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
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
    let copy_group: BTreeMap<&str, usize> = duplicates
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.articles.iter().map(move |a| (a.as_str(), g)))
        .collect();
    let independent = |a: &str, b: &str| {
        a != b && (!copy_group.contains_key(a) || copy_group.get(a) != copy_group.get(b))
    };
    let mut corroborations = quote_corroborations(docs, &by_id, &story, &independent);
    let (numbers_agree, conflicts) = quantity_comparisons(docs, &by_id, &story, &independent);
    corroborations.extend(numbers_agree);
    (corroborations, conflicts)
}

fn quote_corroborations(
    docs: &[Doc],
    by_id: &BTreeMap<&str, &Doc>,
    story: &BTreeMap<String, String>,
    independent: &dyn Fn(&str, &str) -> bool,
) -> Vec<Comparison> {
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
                .filter(|(_, q)| q.kind == QuoteKind::Direct)
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
    for a in 0..items.len() {
        for b in a + 1..items.len() {
            let (ia, ib) = (&items[a], &items[b]);
            let (ida, idb) = (ia.doc.article.id.as_str(), ib.doc.article.id.as_str());
            if !independent(ida, idb) || story.get(ida) != story.get(idb) {
                continue;
            }
            let run = shared_run(&ia.words, &ib.words);
            let content = run.iter().filter(|w| !is_stop_word(w)).count();
            if run.len() >= SHARED_RUN && content >= 2 {
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
        let outlets = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
        out.push(Comparison {
            what: format!("{speaker}: “{run}”"),
            claims,
            outlets,
        });
    }
    out
}

/// The counted thing's head term, for matching quantities about the same thing.
fn head_term(counts: Option<&str>, unit: Option<&str>) -> Option<String> {
    if let Some(unit) = unit {
        return Some(format!("unit:{unit}"));
    }
    content_terms(counts?).pop()
}

fn quantity_comparisons(
    docs: &[Doc],
    by_id: &BTreeMap<&str, &Doc>,
    story: &BTreeMap<String, String>,
    independent: &dyn Fn(&str, &str) -> bool,
) -> (Vec<Comparison>, Vec<Comparison>) {
    struct Item<'d> {
        doc: &'d Doc,
        quantity: usize,
        head: String,
        context: BTreeSet<String>,
    }
    let mut items = Vec::new();
    for doc in docs {
        for (i, q) in doc.quantities.iter().enumerate() {
            let Some(head) = head_term(q.counts.as_deref(), q.unit.as_deref()) else {
                continue;
            };
            let context = crate::sentence_around(doc, q.start)
                .map(|s| content_terms(s.slice(doc.text())).into_iter().collect())
                .unwrap_or_default();
            items.push(Item {
                doc,
                quantity: i,
                head,
                context,
            });
        }
    }
    let mut agree = Vec::new();
    let mut conflicts = Vec::new();
    let mut seen_conflicts = BTreeSet::new();
    let mut agree_groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for a in 0..items.len() {
        for b in a + 1..items.len() {
            let (ia, ib) = (&items[a], &items[b]);
            let (ida, idb) = (ia.doc.article.id.as_str(), ib.doc.article.id.as_str());
            if !independent(ida, idb) || story.get(ida) != story.get(idb) || ia.head != ib.head {
                continue;
            }
            let shared_context = ia.context.intersection(&ib.context).count();
            if shared_context < 3 {
                continue;
            }
            let (qa, qb) = (
                &ia.doc.quantities[ia.quantity],
                &ib.doc.quantities[ib.quantity],
            );
            let approximate = qa.approx.is_some() || qb.approx.is_some();
            let difference =
                (qa.value - qb.value).abs() / qa.value.abs().max(qb.value.abs()).max(1e-9);
            let tolerance = if approximate { APPROX_TOLERANCE } else { 0.0 };
            let claims = vec![
                Citation::new(&ia.doc.article.id, ia.doc.text(), qa.start, qa.end),
                Citation::new(&ib.doc.article.id, ib.doc.text(), qb.start, qb.end),
            ];
            if difference <= tolerance + 1e-9 {
                agree_groups
                    .entry((ia.head.clone(), format!("{}", qa.value)))
                    .or_default()
                    .extend([a, b]);
            } else if seen_conflicts.insert((a, b)) {
                let what = format!(
                    "How many {}: {} versus {}",
                    qa.counts
                        .as_deref()
                        .or(qa.unit.as_deref())
                        .unwrap_or("(unspecified)"),
                    qa.text,
                    qb.text
                );
                let outlets = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
                conflicts.push(Comparison {
                    what,
                    claims,
                    outlets,
                });
            }
        }
    }
    for ((_, _), mut members) in agree_groups {
        members.sort_unstable();
        members.dedup();
        let first = &items[members[0]];
        let q = &first.doc.quantities[first.quantity];
        let claims: Vec<Citation> = members
            .iter()
            .map(|&i| {
                let q = &items[i].doc.quantities[items[i].quantity];
                Citation::new(
                    &items[i].doc.article.id,
                    items[i].doc.text(),
                    q.start,
                    q.end,
                )
            })
            .collect();
        let outlets = claims.iter().map(|c| outlet(by_id, &c.article)).collect();
        agree.push(Comparison {
            what: format!("The same number: {}", q.text),
            claims,
            outlets,
        });
    }
    (agree, conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

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
