//! Numbers compared across sources, in phases: describe every quantity
//! ([`super::measure`]), pick candidate pairs (same story, same measure key),
//! judge each pair ([`Verdict`]), then group the verdicts into corroborations,
//! conflicts with their sides, and update series.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use storyline_model::union_find::{root, union};
use storyline_model::{Citation, Comparison, ComparisonKind, Doc, Explanation};

use super::measure::{
    aspects_clash, describe, is_distance, times_compatible, Described, Measure, MeasureKey,
};
use super::{Comparisons, Corpus};

/// Relative difference up to which two numbers agree when either is approximate
/// ("nearly 600" and "576" agree; "about 6,300" and "around 10,000" do not).
const APPROX_TOLERANCE: f64 = 0.1;
/// Numbers below this, without a unit, are too common ("two countries") to compare.
const MIN_COUNT: f64 = 10.0;
/// Two values further apart than this factor are not two estimates of one
/// thing but two different things that share a noun ("179 soldiers" killed,
/// "5,000 soldiers" deployed).
const MAX_RATIO: f64 = 10.0;
/// Content terms two counts' clauses must share (the head excluded).
const MIN_SHARED_CONTEXT: usize = 2;
/// Days between publications within which two numbers of one story are about
/// the same moment, when the clustering did not put them in one event.
const SAME_MOMENT_DAYS: i64 = 1;

/// The range of values a quantity claims, given its approximation word:
/// "about 6,300" is 6,300 ± 10%, "more than 1,200" is at least 1,200,
/// "nearly 600" is up to 10% below 600.
pub(crate) fn claimed_range(value: f64, approx: Option<&str>) -> (f64, f64) {
    let approx = approx.map(str::to_lowercase);
    match approx.as_deref() {
        None | Some("exactly") => (value, value),
        Some(
            "more than" | "over" | "at least" | "upwards of" | "in excess of" | "above"
            | "just over" | "well over",
        ) => (value, f64::INFINITY),
        Some(
            "fewer than" | "less than" | "under" | "up to" | "at most" | "below" | "no more than"
            | "just under" | "well under",
        ) => (0.0, value),
        Some("nearly" | "almost" | "close to" | "barely") => {
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

/// The rounding a written number implies: "10,000" may stand for anything
/// that rounds to it, up to 5% away; "10,217" for itself.
fn rounding(value: f64) -> f64 {
    let mut step = 1.0;
    while step * 10.0 <= value.abs() && (value / (step * 10.0)).fract().abs() < 1e-9 {
        step *= 10.0;
    }
    if step < 100.0 {
        return 0.0;
    }
    (step / 2.0).min(value.abs() * 0.05)
}

/// Whether two values may be the same figure rounded: within the rounding either implies.
fn within_rounding(a: f64, b: f64) -> bool {
    (a - b).abs() <= rounding(a).max(rounding(b)) + 1e-9
}

/// One quantity with what it measures and where it stands in the corpus.
struct Item<'d> {
    doc: &'d Doc,
    quantity: usize,
    described: Described,
    range: (f64, f64),
    story: Option<&'d String>,
    event: Option<&'d String>,
    date: Option<NaiveDate>,
}

impl Item<'_> {
    fn value(&self) -> f64 {
        self.doc.quantities[self.quantity].value
    }

    fn text(&self) -> &str {
        &self.doc.quantities[self.quantity].text
    }

    fn hedged(&self) -> bool {
        self.doc.quantities[self.quantity].approx.is_some()
    }

    fn article(&self) -> &str {
        &self.doc.article.id
    }

    fn cite(&self) -> Citation {
        let q = &self.doc.quantities[self.quantity];
        Citation::new(&self.doc.article.id, self.doc.text(), q.start, q.end)
    }
}

/// What a pair of numbers is to each other.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    /// The same value: a corroboration.
    Agree,
    /// Different values for the same thing at the same time, with a confidence.
    Conflict(f32),
    /// Not comparable, or compatible (within hedges and rounding), or a running
    /// count at different times (shown as an update series instead).
    Neither,
}

/// Phase 1: every comparable quantity, described.
fn items<'d>(docs: &'d [Doc], corpus: &'d Corpus) -> Vec<Item<'d>> {
    let mut out = Vec::new();
    for doc in docs {
        let id = doc.article.id.as_str();
        for (index, q) in doc.quantities.iter().enumerate() {
            if q.unit.is_none() && q.value < MIN_COUNT {
                continue;
            }
            let Some(described) = describe(doc, index) else {
                continue;
            };
            out.push(Item {
                doc,
                quantity: index,
                described,
                range: claimed_range(q.value, q.approx.as_deref()),
                story: corpus.story.get(id),
                event: corpus.event.get(id),
                date: doc.article.published_date(),
            });
        }
    }
    out
}

/// How many following members (by value, then by date) each member of a
/// bucket is paired with: a sorted neighbourhood (Hernández and Stolfo's
/// blocking for record linkage), so a story with thousands of articles giving
/// the same kind of figure makes a number of pairs linear in its articles.
/// Groups still join through chains of neighbours; a bucket of at most
/// `NEIGHBOURS + 1` members is compared whole, as before.
const NEIGHBOURS: usize = 32;

/// The indexes of the items `keep` accepts that have a story, in index
/// order, by story and measure key: only numbers sharing both are ever
/// compared.
fn by_story_and_measure<'a>(
    items: &'a [Item],
    keep: impl Fn(&Item) -> bool,
) -> BTreeMap<(&'a String, &'a MeasureKey), Vec<usize>> {
    let mut buckets: BTreeMap<(&String, &MeasureKey), Vec<usize>> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        if let Some(story) = item.story.filter(|_| keep(item)) {
            buckets
                .entry((story, &item.described.key))
                .or_default()
                .push(index);
        }
    }
    buckets
}

/// Phase 2: candidate pairs. Only numbers in one story with one measure key
/// are compared: those with about the same value (a sliding window over the
/// values: possible agreement) and those published within a day of each
/// other or in one event (possible conflict).
fn candidate_pairs(items: &[Item]) -> Vec<(usize, usize)> {
    let mut buckets = by_story_and_measure(items, |_| true);
    let mut pairs = Vec::new();
    for members in buckets.values_mut() {
        members.sort_by(|&a, &b| {
            items[a]
                .value()
                .total_cmp(&items[b].value())
                .then(a.cmp(&b))
        });
        for (k, &a) in members.iter().enumerate() {
            for &b in members[k + 1..].iter().take(NEIGHBOURS) {
                let (va, vb) = (items[a].value(), items[b].value());
                if (vb - va).abs() > 0.01 * va.abs().max(vb.abs()) {
                    break;
                }
                pairs.push((a.min(b), a.max(b)));
            }
        }
        members.sort_by_key(|&i| (items[i].date, i));
        for (k, &a) in members.iter().enumerate() {
            for &b in members[k + 1..].iter().take(NEIGHBOURS) {
                let near = match (items[a].date, items[b].date) {
                    (Some(da), Some(db)) => (db - da).num_days() <= SAME_MOMENT_DAYS,
                    _ => true,
                };
                if !near {
                    break;
                }
                let same_event = items[a].event.is_some() && items[a].event == items[b].event;
                if near || same_event {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Phase 3: what two numbers of one story and one measure key are to each other.
fn judge(a: &Item, b: &Item, corpus: &Corpus, reports: &dyn Fn(&str, f64) -> bool) -> Verdict {
    if !corpus.independent(a.article(), b.article()) || a.story != b.story {
        return Verdict::Neither;
    }
    let (da, db) = (&a.described, &b.described);
    let shared = da.context.intersection(&db.context).count();
    let union = da.context.union(&db.context).count().max(1);
    let is_amount = matches!(da.key.measure, Measure::Amount(_));
    let (va, vb) = (a.value(), b.value());
    if (va - vb).abs() <= 0.01 * va.abs().max(vb.abs()) {
        // Measures (per cent, euros) are about many things: their words around must match too.
        return if shared >= 2 || !is_amount {
            Verdict::Agree
        } else {
            Verdict::Neither
        };
    }
    if is_distance(&da.key.measure)
        || aspects_clash(&da.aspects, &db.aspects)
        || !times_compatible(da.time.as_deref(), db.time.as_deref())
        || ranges_overlap(a.range, b.range)
        || within_rounding(va, vb)
    {
        return Verdict::Neither;
    }
    let ratio = va.abs().max(vb.abs()) / va.abs().min(vb.abs()).max(1e-9);
    if ratio > MAX_RATIO {
        return Verdict::Neither;
    }
    // An article giving both numbers is reporting a change or two things, not disagreeing.
    if reports(b.article(), va) || reports(a.article(), vb) {
        return Verdict::Neither;
    }
    let same_event = a.event.is_some() && a.event == b.event;
    let gap = match (a.date, b.date) {
        (Some(x), Some(y)) => Some((y - x).num_days()),
        _ => None,
    };
    // The words around must show the two numbers are about one thing. Counts
    // reported in one event on the same day may say it in other words
    // ("walked off the job", "their strike"), when neither measures an
    // aspect the other does not ("employs 800 workers", "120 workers on shift").
    // "People" with nothing said of what happened to them are many different
    // crowds in one story (the homeless, the fed, the affected): their
    // clauses must share more.
    let generic = da.key.measure == Measure::Count("people".into()) && da.key.outcome.is_none();
    let context_matches = if is_amount || generic {
        shared >= 3 && shared * 4 >= union
    } else {
        shared >= MIN_SHARED_CONTEXT
            || (same_event
                && gap.is_some_and(|days| days.abs() <= SAME_MOMENT_DAYS)
                && da.aspects == db.aspects)
    };
    if !context_matches {
        return Verdict::Neither;
    }
    let cumulative = da.cumulative || db.cumulative;
    if cumulative {
        match gap {
            // A running count reported on different days is an update when it
            // grew; one that shrank is a conflict (a correction at best).
            Some(days) if days != 0 => {
                let later_higher = (days > 0) == (vb > va);
                if later_higher {
                    return Verdict::Neither;
                }
            }
            Some(_) => {}
            None if !same_event => return Verdict::Neither,
            None => {}
        }
    } else if !same_event && gap.is_none_or(|days| days.abs() > SAME_MOMENT_DAYS) {
        return Verdict::Neither;
    }
    // The confidence: how much of the two clauses is shared, adjusted for what
    // makes a real disagreement likelier (one event, specific phrases, exact
    // figures, an explicit common time) or less likely (a running count, values
    // far apart).
    let overlap = shared as f64 / union as f64;
    let mut confidence = 0.45 + 0.35 * (overlap / 0.35).min(1.0);
    if same_event {
        confidence += 0.05;
    }
    if !da.key.modifiers.is_empty() {
        confidence += 0.05;
    }
    if !a.hedged() && !b.hedged() {
        confidence += 0.05;
    }
    if da.time.is_some() && da.time == db.time {
        confidence += 0.05;
    }
    if ratio > 4.0 {
        confidence -= 0.1;
    }
    if cumulative {
        confidence -= 0.15;
    }
    Verdict::Conflict(confidence.clamp(0.05, 1.0) as f32)
}

/// Numbers compared across the independent articles of each story.
pub(crate) fn number_comparisons(docs: &[Doc], corpus: &Corpus) -> Comparisons {
    let items = items(docs, corpus);
    // Every value each article gives, whatever it counts, in hundredths: an
    // article that gives the other side's number too ("the union said 6,000,
    // the port authority 2,500"; "2,000 jobs, 1,500 of them this year") is
    // explaining the two figures, not disagreeing.
    let reported: BTreeSet<(&str, i64)> = docs
        .iter()
        .flat_map(|d| {
            d.quantities
                .iter()
                .map(move |q| (d.article.id.as_str(), (q.value * 100.0).round() as i64))
        })
        .collect();
    let reports =
        |article: &str, value: f64| reported.contains(&(article, (value * 100.0).round() as i64));
    let mut agree_parent: Vec<usize> = (0..items.len()).collect();
    let mut conflict_parent: Vec<usize> = (0..items.len()).collect();
    let mut agreeing = BTreeSet::new();
    let mut conflicting: BTreeMap<usize, f32> = BTreeMap::new();
    for (a, b) in candidate_pairs(&items) {
        match judge(&items[a], &items[b], corpus, &reports) {
            Verdict::Agree => {
                union(&mut agree_parent, a, b);
                agreeing.insert(a);
            }
            Verdict::Conflict(confidence) => {
                union(&mut conflict_parent, a, b);
                for i in [a, b] {
                    let best = conflicting.entry(i).or_insert(0.0);
                    *best = best.max(confidence);
                }
            }
            Verdict::Neither => {}
        }
    }
    Comparisons {
        corroborations: agreements(&items, &agreeing, &mut agree_parent, corpus),
        conflicts: conflicts(&items, &conflicting, &mut conflict_parent, corpus),
        updates: updates(&items, corpus),
    }
}

/// Phase 4a: the same number from independent sources, one corroboration per group.
fn agreements(
    items: &[Item],
    agreeing: &BTreeSet<usize>,
    parent: &mut [usize],
    corpus: &Corpus,
) -> Vec<Comparison> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &a in agreeing {
        let r = root(parent, a);
        groups.entry(r).or_default().push(a);
    }
    for i in 0..items.len() {
        let r = root(parent, i);
        if let Some(group) = groups.get_mut(&r) {
            if !group.contains(&i) {
                group.push(i);
            }
        }
    }
    groups
        .into_values()
        .filter_map(|mut members| {
            members.sort_unstable();
            let articles: BTreeSet<&str> = members.iter().map(|&i| items[i].article()).collect();
            if articles.len() < 2 {
                return None;
            }
            let first = &items[members[0]];
            let claims: Vec<Citation> = members.iter().map(|&i| items[i].cite()).collect();
            let outlets = claims.iter().map(|c| corpus.outlet(&c.article)).collect();
            let matched = first.described.key.describe(&first.described.written);
            Some(Comparison {
                what: format!("The same number: {}", first.text()),
                claims,
                outlets,
                reported_by: Vec::new(),
                confidence: 0.0,
                why: Some(Explanation {
                    kind: ComparisonKind::SameNumber,
                    matched,
                    reason: format!(
                        "{} independent articles give the same value",
                        articles.len()
                    ),
                    sides: vec![corpus.side(first.text().to_string(), articles)],
                }),
            })
        })
        .collect()
}

/// Phase 4b: one conflict per group of disagreeing numbers, with one side per
/// distinct value (values within rounding of each other are one side).
fn conflicts(
    items: &[Item],
    conflicting: &BTreeMap<usize, f32>,
    parent: &mut [usize],
    corpus: &Corpus,
) -> Vec<Comparison> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in conflicting.keys() {
        let r = root(parent, i);
        groups.entry(r).or_default().push(i);
    }
    // Everyone who gave one of a conflict's figures about then stands on its
    // side: the same value, scope and measure, published within a day of a
    // member (the Sunday paper's 12,000 beside Monday's 12,000 against 20,000).
    // Only numbers of one story and measure can stand on a side: the items
    // are bucketed by both once, in index order, rather than scanned whole
    // for every conflict.
    let buckets = by_story_and_measure(items, |_| true);
    for members in groups.values_mut() {
        let first = &items[members[0]];
        let in_group: BTreeSet<usize> = members.iter().copied().collect();
        let bucket = first
            .story
            .and_then(|story| buckets.get(&(story, &first.described.key)))
            .map_or(&[][..], Vec::as_slice);
        let supporters: Vec<usize> = bucket
            .iter()
            .copied()
            .filter(|i| !in_group.contains(i))
            .filter(|&i| {
                let item = &items[i];
                members.iter().any(|&m| {
                    let member = &items[m];
                    let near = match (item.date, member.date) {
                        (Some(x), Some(y)) => (x - y).num_days().abs() <= SAME_MOMENT_DAYS,
                        _ => item.event.is_some() && item.event == member.event,
                    };
                    near && (item.value() - member.value()).abs() <= 0.01 * member.value().abs()
                })
            })
            .collect();
        members.extend(supporters);
    }
    groups
        .into_values()
        .map(|mut members| {
            members.sort_by(|&a, &b| {
                items[a]
                    .value()
                    .total_cmp(&items[b].value())
                    .then(items[a].date.cmp(&items[b].date))
                    .then(a.cmp(&b))
            });
            let mut sides: Vec<Vec<usize>> = Vec::new();
            for &i in &members {
                match sides.last_mut() {
                    Some(side)
                        if within_rounding(items[side[0]].value(), items[i].value())
                            || (items[side[0]].value() - items[i].value()).abs()
                                <= 0.01 * items[i].value().abs() =>
                    {
                        side.push(i)
                    }
                    _ => sides.push(vec![i]),
                }
            }
            let (low, high) = (&items[members[0]], &items[*members.last().unwrap_or(&0)]);
            let matched = low.described.key.describe(&low.described.written);
            let claims: Vec<Citation> = members.iter().map(|&i| items[i].cite()).collect();
            let outlets = claims.iter().map(|c| corpus.outlet(&c.article)).collect();
            let confidence = members
                .iter()
                .filter_map(|i| conflicting.get(i))
                .fold(0.0f32, |a, &b| a.max(b));
            let sides: Vec<_> = sides
                .iter()
                .map(|side| {
                    corpus.side(
                        items[side[0]].text().to_string(),
                        side.iter().map(|&i| items[i].article()),
                    )
                })
                .collect();
            let values: Vec<&str> = sides.iter().map(|s| s.claim.as_str()).collect();
            let reason = format!(
                "{} sides count the same thing ({matched}) in one story at the same time, beyond rounding and hedges: {}",
                sides.len(),
                values.join(" / ")
            );
            Comparison {
                what: format!(
                    "How many {}: “{}” versus “{}”",
                    low.described.written,
                    low.text(),
                    high.text()
                ),
                claims,
                outlets,
                reported_by: Vec::new(),
                confidence,
                why: Some(Explanation {
                    kind: ComparisonKind::Numbers,
                    matched,
                    reason,
                    sides,
                }),
            }
        })
        .collect()
}

/// Phase 4c: running counts (tallies) of one story and measure reported on
/// several days, as a series by publication date; each day shows its highest
/// figure, and every figure is cited. Only series that grow are listed.
fn updates(items: &[Item], corpus: &Corpus) -> Vec<Comparison> {
    let buckets = by_story_and_measure(items, |item| {
        item.described.cumulative && item.date.is_some()
    });
    let mut out = Vec::new();
    for members in buckets.into_values() {
        let mut by_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for &i in &members {
            let Some(day) = items[i].date else { continue };
            let best = by_day.entry(day).or_insert(i);
            if items[i].value() > items[*best].value() {
                *best = i;
            }
        }
        if by_day.len() < 2 {
            continue;
        }
        let points: Vec<usize> = by_day.values().copied().collect();
        let values: Vec<f64> = points.iter().map(|&i| items[i].value()).collect();
        if values.last() <= values.first() {
            continue;
        }
        let rising = values.windows(2).filter(|w| w[1] >= w[0]).count();
        let first = &items[points[0]];
        let matched = first.described.key.describe(&first.described.written);
        let series: Vec<String> = by_day
            .iter()
            .map(|(day, &i)| format!("{} ({day})", items[i].text()))
            .collect();
        // Every figure is cited, by date; the series shows each day's highest.
        let mut cited = members.clone();
        cited.sort_by_key(|&i| (items[i].date, items[i].article(), items[i].quantity));
        let claims: Vec<Citation> = cited.iter().map(|&i| items[i].cite()).collect();
        let outlets = claims.iter().map(|c| corpus.outlet(&c.article)).collect();
        let sides = points
            .iter()
            .map(|&i| corpus.side(items[i].text().to_string(), [items[i].article()]))
            .collect();
        out.push(Comparison {
            what: format!("Running count of {matched}: {}", series.join(" → ")),
            claims,
            outlets,
            reported_by: Vec::new(),
            confidence: rising as f32 / (values.len() - 1) as f32,
            why: Some(Explanation {
                kind: ComparisonKind::Update,
                matched,
                reason: "a running count reported on several days: the figures are a series, not a conflict".into(),
                sides,
            }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use storyline_model::{Article, Event, Story};

    fn doc(id: &str, outlet: &str, day: u32, text: &str) -> Doc {
        let article = Article::new(id, format!("{id}.txt"), text)
            .given_published(NaiveDate::from_ymd_opt(2024, 3, day).unwrap())
            .given_outlet(outlet);
        storyline_annotate::annotate(article)
    }

    fn run(docs: &[Doc]) -> Comparisons {
        let event = Event {
            id: "e".into(),
            date: None,
            title: "t".into(),
            articles: docs.iter().map(|d| d.article.id.clone()).collect(),
            summary: vec![],
        };
        let story = Story {
            id: "s".into(),
            title: "t".into(),
            events: vec!["e".into()],
            summary: vec![],
        };
        compare(docs, &[event], &[story], &[])
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
    fn round_numbers_cover_what_rounds_to_them() {
        assert!(within_rounding(10_000.0, 10_400.0));
        assert!(!within_rounding(10_000.0, 12_000.0));
        assert!(!within_rounding(576.0, 580.0));
        assert!(within_rounding(2_000.0, 1_950.0));
    }

    #[test]
    fn different_counts_of_one_thing_conflict_and_explain_themselves() {
        let docs = [
            doc("a", "Harbour Post", 4, "Dock strike in Merhaven. About 6,300 dock workers walked out of the port on Monday, the union said."),
            doc("b", "Coast Daily", 4, "Dock strike in Merhaven. Around 10,000 dock workers walked out of the port on Monday, officials said."),
        ];
        let found = run(&docs);
        assert_eq!(found.conflicts.len(), 1, "{:#?}", found.conflicts);
        let conflict = &found.conflicts[0];
        assert!(conflict.what.contains("6,300") && conflict.what.contains("10,000"));
        let why = conflict.why.as_ref().unwrap();
        assert_eq!(why.kind, ComparisonKind::Numbers);
        assert_eq!(why.sides.len(), 2);
        assert_eq!(why.sides[0].outlets, ["Harbour Post"]);
        assert_eq!(
            why.sides[1].dates,
            [NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()]
        );
        assert!(conflict.confidence > 0.5);
    }

    #[test]
    fn a_growing_toll_is_an_update_not_a_conflict() {
        let docs = [
            doc("a", "Harbour Post", 4, "Floods in Merhaven. At least 40 people died in the floods in the valley, officials said."),
            doc("b", "Coast Daily", 9, "Floods in Merhaven. At least 112 people died in the floods in the valley, officials said."),
        ];
        let found = run(&docs);
        assert!(found.conflicts.is_empty(), "{:#?}", found.conflicts);
        assert_eq!(found.updates.len(), 1);
        let update = &found.updates[0];
        assert_eq!(update.why.as_ref().unwrap().sides.len(), 2);
        assert!(update.what.contains("→"), "{}", update.what);
    }

    #[test]
    fn hedges_and_rounding_are_not_conflicts() {
        let docs = [
            doc("a", "Harbour Post", 4, "Dock strike in Merhaven. Nearly 600 dock workers walked out of the port on Monday."),
            doc("b", "Coast Daily", 4, "Dock strike in Merhaven. Some 576 dock workers walked out of the port on Monday."),
        ];
        assert!(run(&docs).conflicts.is_empty());
    }

    #[test]
    fn different_aspects_are_never_compared() {
        let docs = [
            doc("a", "Harbour Post", 4, "Oil in Merhaven. The field holds 4 billion barrels of oil in reserves, the ministry said."),
            doc("b", "Coast Daily", 4, "Oil in Merhaven. The field's output reached 9 billion barrels of oil, the ministry said."),
        ];
        assert!(run(&docs).conflicts.is_empty());
    }
}
