//! What a number measures, read from the quantity and the words around it:
//! the typed description two numbers must share before they are compared.
//!
//! A number is described by its [`Measure`] (the counted thing's head noun, or
//! its unit), the modifiers that pick out part of that thing ("British
//! soldiers" are not "soldiers"), a [`Rate`] ("barrels a day" are not
//! "barrels"), the [`Outcome`] a count of people reports ("people died" are not
//! "people injured"), the aspect it measures (output is not reserves), the time
//! expression attached to it ("so far", "by next April") and whether it is a
//! running tally that grows as a story goes on (a death toll).

use std::collections::BTreeSet;

use storyline_annotate::country_of;
use storyline_annotate::{content_terms, is_stop_word, stem};
use storyline_model::{Doc, Quantity};

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

/// Modifiers that pick out part of what is counted ("new cases", "foreign
/// troops"): two counts compare only when they carry the same ones. Other
/// modifiers ("ethnic Serbs", "Kosovo Serbs") describe the same population.
const SUBSET_MODIFIERS: &[&str] = &[
    "new",
    "additional",
    "extra",
    "more",
    "other",
    "further",
    "remaining",
    "foreign",
    "international",
    "local",
    "civilian",
    "military",
    "female",
    "male",
    "child",
    "children",
    "adult",
    "elderly",
    "dead",
    "injured",
    "wounded",
    "missing",
    "confirmed",
    "suspected",
    "registered",
    "private",
    "public",
    "armed",
    "combat",
    "reserve",
];

/// Aspects of a measured thing that are never the same figure: a country's
/// oil output against its reserves, a budget against a deficit.
const ASPECTS: &[&str] = &[
    "reserv", "output", "product", "export", "import", "capac", "target", "budget", "deficit",
    "debt", "revenu", "profit", "sale", "spend", "cost", "fine", "loss", "bonu", "salari", "pai",
    "price", "valu", "fund", "invest", "demand", "suppli", "stock", "turnov", "employ", "workforc",
];

/// What a number is a number of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Measure {
    /// A count of things: the stemmed head noun of the counted phrase
    /// ("drivers" → `driver`; any word for people → `people`).
    Count(String),
    /// An amount in a unit: "per cent", "euros", "km".
    Amount(String),
}

/// A number per stretch of time: "barrels a day" against "barrels".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rate {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

/// What happened to the people or things a tally counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Outcome {
    /// Died or were killed; a death toll.
    Dead,
    /// Injured or wounded.
    Injured,
    /// Missing.
    Missing,
    /// Arrested or detained.
    Arrested,
    /// Displaced, evacuated, homeless or fled.
    Displaced,
    /// Rescued or pulled out alive.
    Rescued,
}

/// The key two numbers must share exactly to be compared at all.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MeasureKey {
    /// Head noun or unit.
    pub measure: Measure,
    /// Per stretch of time, if a rate.
    pub rate: Option<Rate>,
    /// What happened to those counted, if a tally.
    pub outcome: Option<Outcome>,
    /// The modifiers picking out part of the thing, stemmed (demonyms and
    /// [`SUBSET_MODIFIERS`]).
    pub modifiers: BTreeSet<String>,
}

impl MeasureKey {
    /// The matched phrase in words: "drivers", "per cent", "barrels a day", "people (dead)".
    pub fn describe(&self, written: &str) -> String {
        let mut out = written.to_string();
        if let Some(rate) = self.rate {
            let per = match rate {
                Rate::Hour => "an hour",
                Rate::Day => "a day",
                Rate::Week => "a week",
                Rate::Month => "a month",
                Rate::Year => "a year",
            };
            out = format!("{out} {per}");
        }
        if let Some(outcome) = self.outcome {
            let what = match outcome {
                Outcome::Dead => "dead",
                Outcome::Injured => "injured",
                Outcome::Missing => "missing",
                Outcome::Arrested => "arrested",
                Outcome::Displaced => "displaced",
                Outcome::Rescued => "rescued",
            };
            out = format!("{out} ({what})");
        }
        out
    }
}

/// Everything read about one quantity.
#[derive(Debug, Clone)]
pub(crate) struct Described {
    /// What must match exactly.
    pub key: MeasureKey,
    /// The counted phrase or unit as written, for explanations.
    pub written: String,
    /// Aspect words near the number ([`ASPECTS`], stemmed).
    pub aspects: BTreeSet<&'static str>,
    /// Content terms of the clause around the number, the head excluded.
    pub context: BTreeSet<String>,
    /// Normalised value of a time expression attached to the number
    /// ("by next April" → `2023-04`), if any.
    pub time: Option<String>,
    /// A running tally: a death toll, a count "so far", a total that grows.
    pub cumulative: bool,
}

/// Words after a counted phrase within which a verb says what happened to
/// them ("12,000 residents of the province have been evacuated").
const OUTCOME_REACH: usize = 8;
/// Bytes either side of a number read as its clause.
const CLAUSE: usize = 90;
/// Bytes either side of a number in which a time expression is attached to it.
const ATTACHED: usize = 30;
/// The same for a time marked as the figure's time ("by Sunday morning").
const MARKED_ATTACHED: usize = 60;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The text around `q` within its sentence, at most `reach` bytes either side.
fn around<'t>(doc: &'t Doc, q: &Quantity, reach: usize) -> (&'t str, &'t str) {
    let text = doc.text();
    let (sentence_start, sentence_end) = doc
        .sentence_at(q.start)
        .map(|i| (doc.sentences[i].start, doc.sentences[i].end.max(q.end)))
        .unwrap_or((0, text.len()));
    let from = floor_boundary(text, q.start.saturating_sub(reach).max(sentence_start));
    let to = ceil_boundary(text, (q.end + reach).min(sentence_end).min(text.len()));
    (&text[from..q.start], &text[q.end.min(to)..to])
}

fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The stemmed head noun of a counted phrase: its first plural noun ("ethnic
/// Serbs", "officers kept watch"), else its last word.
fn head_of(counts: &str) -> Option<(String, usize)> {
    let words: Vec<&str> = counts
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().any(char::is_alphabetic) && !is_stop_word(&w.to_lowercase()))
        .collect();
    let index = words
        .iter()
        .position(|w| {
            w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss")
                || PEOPLE.contains(&w.to_lowercase().as_str())
        })
        .or_else(|| words.len().checked_sub(1))?;
    let head = stem(words[index]);
    let head = if PEOPLE.contains(&head.as_str()) || head == "peopl" {
        "people".to_string()
    } else {
        head
    };
    Some((head, index))
}

/// A rate right after the counted phrase ("a day", "per year", "of oil a
/// day") or "daily" just before the number.
fn rate_of(before: &[String], after: &[String]) -> Option<Rate> {
    let unit = |w: &str| match w {
        "hour" => Some(Rate::Hour),
        "day" => Some(Rate::Day),
        "week" => Some(Rate::Week),
        "month" => Some(Rate::Month),
        "year" => Some(Rate::Year),
        _ => None,
    };
    let adverb = |w: &str| match w {
        "hourly" => Some(Rate::Hour),
        "daily" => Some(Rate::Day),
        "weekly" => Some(Rate::Week),
        "monthly" => Some(Rate::Month),
        "annually" | "yearly" | "annual" => Some(Rate::Year),
        _ => None,
    };
    let window: Vec<&str> = after.iter().take(4).map(String::as_str).collect();
    for pair in window.windows(2) {
        if matches!(pair[0], "a" | "an" | "per" | "each" | "every") {
            if let Some(rate) = unit(pair[1]) {
                return Some(rate);
            }
        }
    }
    if let Some(rate) = window.first().and_then(|w| adverb(w)) {
        return Some(rate);
    }
    before.iter().rev().take(4).find_map(|w| adverb(w))
}

fn outcome_of_word(word: &str) -> Option<Outcome> {
    match word {
        "died" | "dead" | "killed" | "deaths" | "death" | "dies" | "perished" | "fatalities"
        | "toll" | "bodies" => Some(Outcome::Dead),
        "injured" | "wounded" | "hurt" | "injuries" => Some(Outcome::Injured),
        "missing" | "unaccounted" => Some(Outcome::Missing),
        "rescued" | "alive" | "saved" => Some(Outcome::Rescued),
        "arrested" | "detained" | "arrests" | "held" => Some(Outcome::Arrested),
        "displaced" | "evacuated" | "homeless" | "fled" | "refugees" | "forced" => {
            Some(Outcome::Displaced)
        }
        _ => None,
    }
}

/// What happened to those counted: from the head ("deaths"), the words right
/// after ("people died", "were killed") or a toll earlier in the clause ("the
/// death toll from the fire at the plant has risen to 31").
fn outcome_of(counted: &[String], before: &[String], after: &[String]) -> Option<Outcome> {
    counted
        .iter()
        .find_map(|w| outcome_of_word(w))
        .or_else(|| {
            after
                .iter()
                .take(OUTCOME_REACH)
                .take_while(|w| !matches!(w.as_str(), "and" | "but" | "while"))
                .find_map(|w| outcome_of_word(w))
        })
        .or_else(|| {
            let toll = before.iter().any(|w| w == "toll");
            toll.then_some(Outcome::Dead)
        })
}

/// Words before a number marking a running total.
fn marks_total(before: &[String], after: &[String]) -> bool {
    let joined_before = before
        .iter()
        .rev()
        .take(6)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let joined_after = after.iter().take(8).cloned().collect::<Vec<_>>().join(" ");
    [
        "toll",
        "total",
        "rose to",
        "risen to",
        "climbed to",
        "reached",
        "tally",
    ]
    .iter()
    .any(|m| joined_before.contains(m))
        || ["so far", "to date", "in total", "altogether"]
            .iter()
            .any(|m| joined_before.contains(m) || joined_after.contains(m))
}

/// Describes quantity `index` of `doc`, or `None` when it is not a number of
/// something comparable (no counted phrase and no unit).
pub(crate) fn describe(doc: &Doc, index: usize) -> Option<Described> {
    let q = &doc.quantities[index];
    let (before_text, after_text) = around(doc, q, CLAUSE);
    let before = lower_words(before_text);
    let after = lower_words(after_text);
    // The top of a range ("between 100 and 150 people", "5,000 to 10,000
    // people") is not a figure of its own.
    let mut last_two = before.iter().rev().take(2);
    if let (Some(joiner), Some(number)) = (last_two.next(), last_two.next()) {
        if matches!(joiner.as_str(), "and" | "to" | "or")
            && number.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            return None;
        }
    }
    let (measure, written, modifiers, head_word) = match (&q.unit, &q.counts) {
        (Some(unit), _) => (
            Measure::Amount(unit.clone()),
            unit.clone(),
            BTreeSet::new(),
            String::new(),
        ),
        (None, Some(counts)) => {
            let (head, head_index) = head_of(counts)?;
            let words: Vec<&str> = counts
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            // Index names and clock zones are never counts ("100 index", "20.51 BST").
            if head == "index" || words.iter().any(|w| is_zone(w)) {
                return None;
            }
            let modifiers = words
                .iter()
                .take(head_index)
                .filter(|w| {
                    let lower = w.to_lowercase();
                    SUBSET_MODIFIERS.contains(&lower.as_str())
                        || country_of(w).is_some_and(|country| country != **w)
                })
                .map(|w| stem(&w.to_lowercase()))
                .collect();
            // A proper name is not a counted thing: live-blog time stamps
            // ("1153 Red Cross spokesman Paul", "1054 BellaBaita tweets").
            let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            let name_first = words.first().is_some_and(|w| {
                capitalised(w) && country_of(w).is_none() && !w.chars().all(char::is_uppercase)
            });
            if is_clock_stamp(&q.text)
                && (name_first || words.iter().filter(|w| capitalised(w)).count() >= 2)
                || TIME_NOUNS.contains(&head.as_str())
            {
                return None;
            }
            (
                Measure::Count(head),
                counts.clone(),
                modifiers,
                counts.clone(),
            )
        }
        // A bare number read as a tally: "the death toll rose to 300", "the
        // death toll from the earthquake in the valley rose to 112" (a toll
        // anywhere before it in its clause).
        (None, None) => {
            if !before.iter().any(|w| w == "toll") {
                return None;
            }
            (
                Measure::Count("people".into()),
                "dead".into(),
                BTreeSet::new(),
                "dead".into(),
            )
        }
    };
    let rate = rate_of(&before, &after);
    let outcome = match measure {
        Measure::Count(_) => outcome_of(&lower_words(&head_word), &before, &after),
        Measure::Amount(_) => None,
    };
    let (near_before, near_after) = around(doc, q, ATTACHED);
    let clause = format!("{before_text} {after_text}");
    let mut context: BTreeSet<String> = content_terms(&clause)
        .into_iter()
        .filter(|t| t.chars().all(char::is_alphabetic))
        .collect();
    if let Measure::Count(head) = &measure {
        context.remove(head);
    }
    let near: BTreeSet<String> = content_terms(&format!("{near_before} {} {near_after}", q.text))
        .into_iter()
        .collect();
    let aspects = ASPECTS
        .iter()
        .copied()
        .filter(|a| near.iter().any(|t| t.starts_with(a)))
        .collect();
    let time = attached_time(doc, q);
    let tally = outcome.is_some() || marks_total(&before, &after);
    let cumulative = tally && rate.is_none();
    Some(Described {
        key: MeasureKey {
            measure,
            rate,
            outcome,
            modifiers,
        },
        written,
        aspects,
        context,
        time,
        cumulative,
    })
}

/// Heads that are lengths of time, not counted things ("22 hrs ago").
const TIME_NOUNS: &[&str] = &[
    "hr", "hrs", "hour", "minut", "min", "mins", "second", "sec", "secs", "day", "week", "month",
    "year", "decad", "centuri",
];

/// A number written like a live blog's time stamp: three or four digits, no
/// comma, a valid 24-hour time ("1153", "0942").
fn is_clock_stamp(text: &str) -> bool {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    (3..=4).contains(&digits.len())
        && digits
            .parse::<u32>()
            .is_ok_and(|n| n / 100 < 24 && n % 100 < 60)
}

/// Time zone abbreviations: "20.51 BST" is a clock time, not 20.51 of anything.
fn is_zone(word: &str) -> bool {
    matches!(
        word,
        "BST"
            | "GMT"
            | "UTC"
            | "CET"
            | "CEST"
            | "EST"
            | "EDT"
            | "PST"
            | "PDT"
            | "ET"
            | "PT"
            | "CST"
    )
}

/// The normalised value of a time expression right beside the number, in
/// its sentence ("by next April, around 10,000" → `2023-04`; "2,000 jobs over
/// three years" → `P3Y`); "so far" and "to date" are the publication date's
/// present and stay `None`.
fn attached_time(doc: &Doc, q: &Quantity) -> Option<String> {
    let sentence = doc.sentence_at(q.start);
    let text = doc.text();
    // "by Sunday morning", "as of Monday": a time the figure is reported at,
    // attached across the rest of its clause.
    let marked = |start: usize| {
        let before = text[..start].trim_end().to_lowercase();
        ["by", "as of", "until", "since", "so far"]
            .iter()
            .any(|m| before.ends_with(&format!(" {m}")))
    };
    doc.dates
        .iter()
        .filter(|d| doc.sentence_at(d.start) == sentence)
        .filter(|d| {
            let reach = if marked(d.start) {
                MARKED_ATTACHED
            } else {
                ATTACHED
            };
            d.end + reach >= q.start && d.start <= q.end + reach
        })
        .filter_map(|d| d.value.clone())
        // Dates ("2023-04") and durations ("P3Y": "over three years"), not "PRESENT_REF".
        .find(|v| {
            v.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (v.starts_with('P') && v[1..].chars().next().is_some_and(|c| c.is_ascii_digit()))
        })
}

/// Whether two attached times can be the same time: either is absent, or one
/// is a prefix of the other (`2023` and `2023-04`).
pub(crate) fn times_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => true,
    }
}

/// Whether an amount is a distance: distances in a story locate many places
/// (the epicentre 15 km away, a town 50 km away), so they never conflict.
pub(crate) fn is_distance(measure: &Measure) -> bool {
    matches!(measure, Measure::Amount(unit) if matches!(unit.as_str(), "km" | "miles" | "m"))
}

/// Whether two numbers measure different aspects of their thing (output against reserves).
pub(crate) fn aspects_clash(a: &BTreeSet<&'static str>, b: &BTreeSet<&'static str>) -> bool {
    !a.is_empty() && !b.is_empty() && a.is_disjoint(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(text: &str) -> Vec<Option<Described>> {
        let published = chrono::NaiveDate::from_ymd_opt(2025, 4, 21).unwrap();
        let article = storyline_model::Article::new("a", "a.txt", text).given_published(published);
        let doc = storyline_annotate::annotate(article);
        (0..doc.quantities.len())
            .map(|i| describe(&doc, i))
            .collect()
    }

    fn key(text: &str) -> MeasureKey {
        described(text)
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| panic!("no quantity in {text:?}"))
            .key
    }

    #[test]
    fn rates_and_stocks_are_different_measures() {
        let output = key("Iraq pumps 1.6 million barrels a day from its southern fields.");
        let reserves = key("Iraq sits on 44 billion barrels of proven oil reserves.");
        assert_eq!(output.rate, Some(Rate::Day));
        assert_eq!(reserves.rate, None);
        assert_ne!(output, reserves);
        let described = described("Iraq sits on 44 billion barrels of proven oil reserves.");
        assert!(described[0].as_ref().unwrap().aspects.contains("reserv"));
    }

    #[test]
    fn demonyms_pick_out_part_of_a_count() {
        let british = key("So far 179 British soldiers have died in Iraq.");
        let all = key("The force of some 5,000 soldiers is based near Basra.");
        assert_eq!(british.measure, Measure::Count("soldier".into()));
        assert!(british.modifiers.contains("british"));
        assert_ne!(british, all);
        // Places and descriptions do not: ethnic Serbs and Kosovo Serbs are counted alike.
        assert_eq!(
            key("About 6,300 ethnic Serbs owning cars were warned.").modifiers,
            key("Around 10,000 Kosovo Serbs with licence plates must replace them.").modifiers
        );
    }

    #[test]
    fn outcomes_separate_the_dead_from_the_injured() {
        let dead = key("At least 120 people died in the blast.");
        let injured = key("More than 300 people were injured in the blast.");
        assert_eq!(dead.outcome, Some(Outcome::Dead));
        assert_eq!(injured.outcome, Some(Outcome::Injured));
        let toll = key("The death toll rose to 300 on Tuesday.");
        assert_eq!(toll.outcome, Some(Outcome::Dead));
        assert_eq!(toll.measure, dead.measure);
    }

    #[test]
    fn time_stamps_names_lengths_of_time_and_range_tops_are_not_counts() {
        for text in [
            "1153 Red Cross spokesman Paul Conneally tells the BBC that relief is hampered.",
            "1328 UN Secretary General Ban Ki-moon says the earthquake was devastating.",
            "Wyclef Jean calls for evacuating the capital - 22 hrs ago News24.",
            "Officials say between 100 and 150 people are still missing after the quake.",
        ] {
            let found = described(text);
            assert!(found.iter().all(Option::is_none), "{text}");
        }
        assert!(described("Officials say 150 people are still missing.")[0].is_some());
    }

    #[test]
    fn tallies_are_cumulative() {
        let found = described("The death toll rose to 300 on Tuesday.");
        assert!(found[0].as_ref().unwrap().cumulative);
        let found = described("The company employs 4,000 workers in the town.");
        assert!(!found[0].as_ref().unwrap().cumulative);
    }

    #[test]
    fn a_time_marked_with_by_is_attached_across_the_clause() {
        let found = described(
            "The fire had burned about 4,800 hectares of pine forest and moorland by Sunday morning, officials said.",
        );
        assert!(found[0].as_ref().unwrap().time.is_some());
        let found = described("About 4,800 hectares burned. Officials spoke on Sunday.");
        assert!(found[0].as_ref().unwrap().time.is_none());
    }

    #[test]
    fn attached_times_must_agree() {
        assert!(times_compatible(Some("2023-04"), Some("2023")));
        assert!(times_compatible(None, Some("2023")));
        assert!(!times_compatible(Some("2008"), Some("2009")));
    }
}
