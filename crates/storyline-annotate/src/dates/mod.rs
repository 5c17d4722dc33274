//! Time expressions: recognition and TimeML normalisation anchored to the publication date.
//!
//! One pass tokenizes the text ([`token`]), hand-written patterns over the tokens
//! recognise expressions and say what they mean ([`grammar`], [`meaning`]), and
//! each meaning is placed on the calendar ([`resolve`]) using the anchor date, the
//! tense of the words around it ([`tense`]) and, for "a year earlier", the last date
//! the text mentioned.
//!
//! **Invariant:** `&text[e.start..e.end] == e.text` for every expression returned,
//! and expressions are in text order without overlaps.
//!
//! Values follow TimeML: `2022-11-21`, `2022-W46`, `2022-11`, `2022-Q3`, `2022-SU`,
//! `2022`, `199` (the 1990s), `20` (the 21st century), `P3D`, `PT8H`, `PXY`,
//! `PRESENT_REF`, `2022-11-21TEV`, `2022-11-21T10:35`. Recurring periods ("daily")
//! are valued like durations (`P1D`). A range such as "1998-99" is valued as its
//! first year.
//!
//! `method` says where the value came from: `absolute` when the text alone gives it
//! ("November 5, 2022", "1999", "eight hours", and the deictic `PRESENT_REF`,
//! `PAST_REF`, `FUTURE_REF`, which need no calendar), `anchored` when the anchor or
//! the last date mentioned was needed ("Monday", "last week", "a year earlier"), and
//! `unresolved` when it was needed but missing: then `value` is `None`.

pub(crate) mod grammar;
pub(crate) mod lexicon;
mod meaning;
pub(crate) mod number;
mod resolve;
mod tense;
pub(crate) mod token;

use chrono::NaiveDate;
use storyline_model::TimeExpr;

use meaning::Meaning;
use resolve::{resolve, Point};
use tense::{tense_around, Tense};

/// Finds the time expressions in `text`, resolving relative ones against `anchor`.
///
/// `anchor` is the article's publication date. Weekdays are read as past (the latest
/// such day on or before the anchor, the anchor itself included) unless a future cue
/// ("will", "would", "is due to") is nearer than a past-tense verb, or "next" says
/// otherwise. A month and day without a year take the year the tense points to, and
/// with no cue the year that puts them nearest the anchor.
///
/// ```
/// use chrono::NaiveDate;
/// use storyline_annotate::dates::find_dates;
///
/// let anchor = NaiveDate::from_ymd_opt(2022, 11, 21);
/// let found = find_dates("The talks ended on Monday without a deal.", anchor);
/// assert_eq!(found[0].text, "Monday");
/// assert_eq!(found[0].value.as_deref(), Some("2022-11-21"));
/// ```
pub fn find_dates(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    let toks = token::tokenize(text);
    let cands = grammar::recognise(text, &toks);
    let mut reference: Option<Point> = None;
    let mut out = Vec::with_capacity(cands.len());
    for cand in cands {
        let tense = if needs_tense(&cand.meaning) {
            let weekday = matches!(cand.meaning, Meaning::Day(meaning::DayRef::Weekday(..), _));
            tense_around(text, &toks, cand.start, cand.end, weekday)
        } else {
            Tense::Unknown
        };
        let resolved = resolve(&cand.meaning, anchor, tense, reference);
        // Later "a year earlier" counts from dates the text names, not from ones
        // derived from others: "a year ago ... a year earlier" must not drift.
        let derived = matches!(
            cand.meaning,
            Meaning::Shift { .. } | Meaning::Ago { .. } | Meaning::Hence { .. }
        );
        if resolved.point.is_some() && !derived {
            reference = resolved.point;
        }
        let start = toks[cand.start].start;
        let end = toks[cand.end - 1].end;
        out.push(TimeExpr {
            text: text[start..end].to_string(),
            start,
            end,
            value: resolved.value,
            granularity: resolved.granularity,
            method: resolved.method.as_str().to_string(),
        });
    }
    out
}

/// Whether resolving the meaning depends on the tense around it.
fn needs_tense(meaning: &Meaning) -> bool {
    use meaning::{DayRef, Rel};
    matches!(
        meaning,
        Meaning::Day(DayRef::Date { year: None, .. }, _)
            | Meaning::Day(DayRef::Weekday(_, Rel::Bare), _)
            | Meaning::Month {
                year: None,
                rel: Rel::Bare,
                ..
            }
            | Meaning::Quarter {
                year: None,
                rel: Rel::Bare,
                ..
            }
            | Meaning::Season {
                year: None,
                rel: Rel::Bare,
                ..
            }
            | Meaning::Weekend(Rel::Bare)
    )
}

#[cfg(test)]
mod tests;
