//! Quotes compared across sources: the same words from independent sources
//! corroborate; the same words given to different speakers conflict.
//!
//! Only confident attributions ([`CONFIDENT_ATTRIBUTION`]) count: a speaker
//! conflict needs a confident attribution on each side, and a corroboration
//! names its speaker only when its sources' attributions of that speaker reach
//! the bar together (see [`side_confidence`]); otherwise the words are still
//! corroborated, with the speaker marked unsure. A guessed attribution joins
//! the side it names.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use storyline_annotate::is_stop_word;
use storyline_model::union_find::{root, union};
use storyline_model::{Citation, Comparison, ComparisonKind, Doc, Explanation, QuoteKind, Span};

use super::{Comparisons, Corpus};

/// Consecutive words two quotes must share to count as the same words.
const SHARED_RUN: usize = 4;

/// The attribution confidence a quote, or a side of agreeing sources, needs
/// before its speaker counts in a comparison.
///
/// The attribution confidences are measured accuracies (README, "Confidence
/// bands"): from 0.7 up (cue verbs 0.9–0.95, a role noun 0.75, a chain after a
/// cued quote 0.8) attributions were right 93–95% of the time on PolNeAR train;
/// below it (a pronoun 0.55, an adjacent sentence 0.55, a chain after a guess
/// 0.2) about half the time. A comparison built on a coin toss is noise.
pub(crate) const CONFIDENT_ATTRIBUTION: f32 = 0.7;

/// Independent sources with confident attributions each side of a speaker
/// conflict needs.
const SPEAKER_CONFLICT_SOURCES: usize = 2;

/// Words two differently attributed quotes must share before the difference
/// counts as a conflict: a short phrase ("a very negative signal") is often
/// repeated by a second speaker, a whole sentence rarely.
const SPEAKER_CONFLICT_RUN: usize = 8;

/// The words of a text, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Where in `a` the longest run of words it shares with `b` lies (the
/// first such run among equals).
fn shared_run<T: PartialEq>(a: &[T], b: &[T]) -> Range<usize> {
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
    best.1 - best.0..best.1
}

/// Whether two speaker names name one person: equal, or one is the other's
/// surname or a longer form of it ("Borrell", "Josep Borrell").
fn same_speaker(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let last = |s: &str| s.split_whitespace().last().map(str::to_string);
    a == b || last(&a) == last(&b)
}

/// One directly quoted, attributed passage: a quote, or one quoted part of a
/// statement its attribution interrupts (`“A,” X said. “B.”` gives two
/// passages, as another outlet may carry either alone).
struct Item<'d> {
    doc: &'d Doc,
    quote: usize,
    /// The passage's byte span in the article.
    span: Span,
    words: Vec<String>,
    /// Attribution confidence at least [`CONFIDENT_ATTRIBUTION`].
    confident: bool,
}

impl Item<'_> {
    fn speaker(&self) -> Option<&str> {
        self.doc.quotes[self.quote].speaker.as_deref()
    }

    fn cite(&self) -> Citation {
        Citation::new(
            &self.doc.article.id,
            self.doc.text(),
            self.span.start,
            self.span.end,
        )
    }
}

/// How sure it is that `list`'s quotes are all that speaker's: independent
/// sources that each name the same speaker for the same words could each be
/// wrong, but all wrong the same way is rarer, so their confidences combine
/// as 1 − Π(1 − c) over the sources (each source counted once, at its surest
/// attribution). Two pronoun attributions (0.55) that agree make 0.80; two
/// adjacent-sentence guesses (0.45) 0.70 less a hair, below the bar.
fn side_confidence(items: &[Item], list: &[usize], corpus: &Corpus) -> f32 {
    let mut sources: Vec<(&str, f32)> = Vec::new();
    for &i in list {
        let article = items[i].doc.article.id.as_str();
        let confidence = items[i].doc.quotes[items[i].quote].confidence;
        match sources
            .iter_mut()
            .find(|(other, _)| !corpus.independent(other, article))
        {
            Some((_, best)) => *best = best.max(confidence),
            None => sources.push((article, confidence)),
        }
    }
    1.0 - sources.iter().map(|(_, c)| 1.0 - c).product::<f32>()
}

/// Corroborated and conflicting quotes between independent articles of one story.
/// Most members of one word-gram's list that every other member is compared with.
const ANCHORS: usize = 8;

pub(crate) fn quote_comparisons(docs: &[Doc], corpus: &Corpus) -> Comparisons {
    // Phase 1: the quotes that can be compared.
    let items: Vec<Item> = docs
        .iter()
        .flat_map(|doc| {
            doc.quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| q.kind != QuoteKind::Indirect && q.speaker.is_some())
                .flat_map(move |(i, q)| {
                    let spans = if q.parts.is_empty() {
                        vec![Span::new(q.start, q.end)]
                    } else {
                        q.parts.clone()
                    };
                    spans.into_iter().map(move |span| Item {
                        doc,
                        quote: i,
                        span,
                        words: words(&doc.text()[span.start..span.end]),
                        confident: q.confidence >= CONFIDENT_ATTRIBUTION,
                    })
                })
        })
        .filter(|item| item.words.len() >= SHARED_RUN)
        .collect();
    let story_of = |item: &Item| corpus.story.get(item.doc.article.id.as_str());
    // Each distinct word as a number, so that runs are found by comparing
    // numbers rather than strings.
    let mut vocabulary: HashMap<&str, u32> = HashMap::new();
    let ids: Vec<Vec<u32>> = items
        .iter()
        .map(|item| {
            item.words
                .iter()
                .map(|word| {
                    let next = vocabulary.len() as u32;
                    *vocabulary.entry(word.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();

    // Phase 2: candidate pairs. Two quotes sharing a run of SHARED_RUN words
    // share one of its word SHARED_RUN-grams: only such pairs (within one story)
    // are compared.
    let mut by_gram: HashMap<(Option<&String>, &[u32]), Vec<usize>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        for gram in ids[index].windows(SHARED_RUN) {
            let list = by_gram.entry((story_of(item), gram)).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    // Every member of a gram's list is paired with at most ANCHORS members
    // from independent sources, not with every other member: a quote wired
    // to thousands of articles would otherwise make millions of pairs. The
    // groups come out the same through union-find, since members that share
    // the words join their anchors.
    let id = |index: usize| items[index].doc.article.id.as_str();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in by_gram.values() {
        let mut anchors: Vec<usize> = Vec::with_capacity(ANCHORS);
        for &member in members {
            if anchors.len() == ANCHORS {
                break;
            }
            if anchors
                .iter()
                .all(|&anchor| corpus.independent(id(anchor), id(member)))
            {
                anchors.push(member);
            }
        }
        for &anchor in &anchors {
            for &member in members {
                if member != anchor {
                    pairs.push((anchor.min(member), anchor.max(member)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();

    // Phase 3: judge each pair; the same words join a group.
    let mut parent: Vec<usize> = (0..items.len()).collect();
    let mut runs: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for (a, b) in pairs {
        let (ia, ib) = (&items[a], &items[b]);
        let (ida, idb) = (ia.doc.article.id.as_str(), ib.doc.article.id.as_str());
        if !corpus.independent(ida, idb) || story_of(ia) != story_of(ib) {
            continue;
        }
        let run = ia.words[shared_run(&ids[a], &ids[b])].to_vec();
        let content = run.iter().filter(|w| !is_stop_word(w)).count();
        let shorter = ia.words.len().min(ib.words.len());
        let covers = run.len() * 2 >= shorter || run.len() >= 2 * SHARED_RUN;
        if run.len() >= SHARED_RUN && content >= 2 && covers {
            union(&mut parent, a, b);
            runs.insert((a, b), run);
        }
    }

    // Phase 4: one corroboration per group, split by speaker; a group whose
    // speakers differ over a long shared run is also a conflict.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    // The longest run of each group (the first in word order among equals),
    // found in one pass over the runs.
    let mut longest: HashMap<usize, Vec<String>> = HashMap::new();
    for ((a, _), run) in runs {
        match longest.entry(root(&mut parent, a)) {
            Entry::Occupied(mut best) => {
                let best = best.get_mut();
                if run.len() > best.len() || (run.len() == best.len() && run < *best) {
                    *best = run;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(run);
            }
        }
    }
    let mut out = Comparisons::default();
    for (group, members) in groups {
        let run = longest.remove(&group).unwrap_or_default();
        // Members by speaker (names of one person merged), confident
        // attributions first so that they spell the names.
        let mut ordered = members.clone();
        ordered.sort_by_key(|&i| (!items[i].confident, i));
        let mut by_speaker: Vec<(String, Vec<usize>)> = Vec::new();
        for &i in &ordered {
            let speaker = items[i].speaker().unwrap_or_default();
            match by_speaker
                .iter_mut()
                .find(|(name, _)| same_speaker(name, speaker))
            {
                Some((name, list)) => {
                    if speaker.len() > name.len() && items[i].confident {
                        *name = speaker.to_string();
                    }
                    list.push(i);
                }
                None => by_speaker.push((speaker.to_string(), vec![i])),
            }
        }
        let text = run.join(" ");
        for (speaker, list) in &by_speaker {
            let articles: BTreeSet<&str> = list
                .iter()
                .map(|&i| items[i].doc.article.id.as_str())
                .collect();
            let independent = articles
                .iter()
                .any(|a| articles.iter().any(|b| a < b && corpus.independent(a, b)));
            let confidence = side_confidence(&items, list, corpus);
            if !independent {
                continue;
            }
            // The same words in independent sources are corroborated whoever
            // said them; the speaker is named as such only when the
            // attributions reach the bar together.
            let (what, said_by) = if confidence >= CONFIDENT_ATTRIBUTION {
                (format!("{speaker}: “{text}”"), speaker.clone())
            } else {
                (
                    format!("“{text}” (speaker unsure: {speaker}?)"),
                    format!("an unsure speaker ({speaker}?)"),
                )
            };
            let claims: Vec<Citation> = list.iter().map(|&i| items[i].cite()).collect();
            let outlets = claims.iter().map(|c| corpus.outlet(&c.article)).collect();
            out.corroborations.push(Comparison {
                what,
                claims,
                outlets,
                reported_by: Vec::new(),
                confidence,
                why: Some(Explanation {
                    kind: ComparisonKind::SameWords,
                    matched: text.clone(),
                    reason: format!(
                        "{} independent sources quote {said_by} with the same {} words",
                        articles.len(),
                        run.len()
                    ),
                    sides: vec![corpus.side(speaker.clone(), articles.iter().copied())],
                }),
            });
        }
        // Conflicts only between speakers that at least two independent
        // sources name with confident attributions: on real coverage (BBC's
        // Haiti pages, the Guardian's Iraq war) every speaker disagreement
        // resting on one article's attribution we read was an attribution
        // error, not outlets disagreeing.
        let mut by_speaker: Vec<(String, Vec<usize>)> = by_speaker
            .into_iter()
            .filter_map(|(name, list)| {
                let list: Vec<usize> = list.into_iter().filter(|&i| items[i].confident).collect();
                let mut sources: Vec<&str> = Vec::new();
                for &i in &list {
                    let article = items[i].doc.article.id.as_str();
                    if sources.iter().all(|s| corpus.independent(s, article)) {
                        sources.push(article);
                    }
                }
                (sources.len() >= SPEAKER_CONFLICT_SOURCES).then_some((name, list))
            })
            .collect();
        let members: Vec<usize> = by_speaker
            .iter()
            .flat_map(|(_, list)| list.iter().copied())
            .collect();
        if by_speaker.len() > 1 && run.len() >= SPEAKER_CONFLICT_RUN {
            by_speaker.sort_by(|a, b| a.0.cmp(&b.0));
            let names: Vec<&str> = by_speaker.iter().map(|(n, _)| n.as_str()).collect();
            let claims: Vec<Citation> = members.iter().map(|&i| items[i].cite()).collect();
            let outlets = claims.iter().map(|c| corpus.outlet(&c.article)).collect();
            let sides = by_speaker
                .iter()
                .map(|(name, list)| {
                    corpus.side(
                        name.clone(),
                        list.iter().map(|&i| items[i].doc.article.id.as_str()),
                    )
                })
                .collect();
            // As sure as the least sure attribution behind it.
            let confidence = members
                .iter()
                .map(|&i| items[i].doc.quotes[items[i].quote].confidence)
                .fold(1.0f32, f32::min)
                * 0.9;
            out.conflicts.push(Comparison {
                what: format!("Who said “{text}”: {}", names.join(" versus ")),
                claims,
                outlets,
                reported_by: Vec::new(),
                confidence,
                why: Some(Explanation {
                    kind: ComparisonKind::Speakers,
                    matched: text,
                    reason: format!(
                        "the same {} words are attributed, each with a confident attribution, to {}",
                        run.len(),
                        names.join(" and ")
                    ),
                    sides,
                }),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use storyline_model::{Event, Story};

    fn doc(id: &str, text: &str) -> Doc {
        storyline_annotate::annotate(storyline_model::Article::new(id, format!("{id}.txt"), text))
    }

    fn one_story(ids: &[&str]) -> (Vec<Event>, Vec<Story>) {
        let event = Event {
            id: "e".into(),
            date: None,
            title: "t".into(),
            articles: ids.iter().map(|s| s.to_string()).collect(),
            summary: vec![],
        };
        let story = Story {
            id: "s".into(),
            title: "t".into(),
            events: vec!["e".into()],
            summary: vec![],
        };
        (vec![event], vec![story])
    }

    #[test]
    fn same_words_from_different_speakers_are_a_conflict_when_outlets_disagree() {
        let ferrin = "Talks failed in Merhaven.\n\n“We will not back down from this fight in the port,” said union leader Tomas Ferrin.";
        let brandt = "Talks failed in Merhaven.\n\n“We will not back down from this fight in the port,” said Prime Minister Teo Brandt.";
        // One article on each side: an attribution error is the likelier story.
        let docs = vec![doc("a", ferrin), doc("b", brandt)];
        let (events, stories) = one_story(&["a", "b"]);
        let found = compare(&docs, &events, &stories, &[]);
        assert!(found.conflicts.is_empty(), "{:#?}", found.conflicts);
        // Two independent sources on each side: the outlets disagree.
        let docs = vec![
            doc("a", ferrin),
            doc("b", brandt),
            doc("c", ferrin),
            doc("d", brandt),
        ];
        let (events, stories) = one_story(&["a", "b", "c", "d"]);
        let found = compare(&docs, &events, &stories, &[]);
        assert_eq!(found.corroborations.len(), 2, "{:#?}", found.corroborations);
        assert_eq!(found.conflicts.len(), 1);
        let conflict = &found.conflicts[0];
        assert!(
            conflict.what.contains("Teo Brandt versus Tomas Ferrin"),
            "{}",
            conflict.what
        );
        assert_eq!(conflict.claims.len(), 4);
        let why = conflict.why.as_ref().unwrap();
        assert_eq!(why.kind, ComparisonKind::Speakers);
        assert_eq!(why.sides.len(), 2);
        assert!(conflict.confidence > 0.7);
    }

    #[test]
    fn a_guessed_attribution_joins_the_side_it_names() {
        let docs = vec![
            doc("a", "Talks failed in Merhaven.\n\n“We will not back down from this fight in the port,” said union leader Tomas Ferrin."),
            doc("b", "Talks failed in Merhaven.\n\n“We will not back down from this fight in the port,” said union leader Tomas Ferrin."),
            doc("c", "Tomas Ferrin arrived late. He was tired.\n\n“We will not back down from this fight in the port,” he said."),
        ];
        let (events, stories) = one_story(&["a", "b", "c"]);
        let found = compare(&docs, &events, &stories, &[]);
        assert_eq!(found.corroborations.len(), 1);
        assert_eq!(found.corroborations[0].claims.len(), 3);
    }

    #[test]
    fn guessed_attributions_neither_corroborate_nor_conflict() {
        // The second quote's speaker is only guessed from a pronoun.
        let docs = vec![
            doc("a", "Talks failed in Merhaven.\n\n“We will not back down from this fight in the port,” said union leader Tomas Ferrin."),
            doc("b", "Teo Brandt arrived late. He was tired.\n\n“We will not back down from this fight in the port,” he said."),
        ];
        let (events, stories) = one_story(&["a", "b"]);
        assert!(docs[1].quotes[0].confidence < CONFIDENT_ATTRIBUTION);
        let found = compare(&docs, &events, &stories, &[]);
        assert!(found.conflicts.is_empty(), "{:#?}", found.conflicts);
        assert!(found.corroborations.is_empty());
    }

    #[test]
    fn a_quote_in_many_articles_makes_one_group_with_every_claim() {
        // More articles than anchors: each joins through an anchor, none is lost.
        let n = 3 * ANCHORS + 5;
        let ids: Vec<String> = (0..n).map(|i| format!("a{i:02}")).collect();
        let docs: Vec<Doc> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                doc(
                    id,
                    &format!("Report number {i} from the port.\n\n“We will not back down from this fight in the port,” said union leader Tomas Ferrin."),
                )
            })
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (events, stories) = one_story(&refs);
        let found = compare(&docs, &events, &stories, &[]);
        assert_eq!(found.corroborations.len(), 1, "{:#?}", found.corroborations);
        assert_eq!(found.corroborations[0].claims.len(), n);
        assert!(found.conflicts.is_empty());
    }

    #[test]
    fn the_same_speaker_quoted_twice_corroborates() {
        let docs = vec![
            doc("a", "Talks failed.\n\n“We did not get to an agreement today,” said Josep Borrell."),
            doc("b", "Talks failed.\n\n“Unhappily, we did not get to an agreement today,” EU foreign policy chief Josep Borrell said."),
        ];
        let (events, stories) = one_story(&["a", "b"]);
        let found = compare(&docs, &events, &stories, &[]);
        assert!(found.conflicts.is_empty(), "{:#?}", found.conflicts);
        assert_eq!(
            found.corroborations.len(),
            1,
            "{:#?}",
            docs.iter().map(|d| &d.quotes).collect::<Vec<_>>()
        );
        assert!(found.corroborations[0].what.contains("Borrell"));
    }

    #[test]
    fn shared_runs_find_the_common_words() {
        let a = words("Unhappily, we did not get to an agreement today … But it is not the end");
        let b = words("unhappily, we did not get to an agreement today, but it is not over");
        assert_eq!(
            a[shared_run(&a, &b)].join(" "),
            "unhappily we did not get to an agreement today but it is not"
        );
    }
}
