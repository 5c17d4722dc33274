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
//! `PRESENT_REF`, `2022-11-21TEV`, `2022-11-21T10:35`. A range such as "1998-99"
//! is valued as its first year.
//!
//! The TimeML (TIMEX3) conventions kept for the three types beside DATE:
//! - **TIME**: a clock time is `date T hh:mm` on the day written with it ("9 a.m.
//!   Tuesday", "6 a.m. local time Sunday"), just after it ("at 3 p.m. on
//!   Tuesday", "10:35 a.m. (0735 GMT) Friday") or just before it ("Monday at 10
//!   a.m."); else on the last day the text mentioned ("shot on Friday night ...
//!   died at 10 p.m." is Friday `T22:00`), as HeidelTime places it, else on the
//!   anchor's day. "noon" is `T12:00`, "midnight Friday" `T24:00`, "4 in the
//!   morning" `T04:00`. A part of a day is a code after the date: morning `TMO`,
//!   afternoon `TAF`, evening `TEV`, night `TNI` ("Friday morning"
//!   `2022-11-18TMO`, "last night", "this evening", "tonight").
//! - **DURATION**: `P` then amount and unit, time units after `T` ("eight hours"
//!   `PT8H`, "the past eight months" `P8M`, "the year ended March 31" `P1Y`); a
//!   decade is ten years, a century a hundred, a quarter three months, a quarter
//!   century 25 years, a fortnight two weeks; a fraction goes to the next unit
//!   ("half an hour" `PT30M`, "2 1/2 years" `P2Y6M`); an unknown amount is `X`
//!   ("years" `PXY`, "several hours" `PTXH`, "recent weeks" `PXW`).
//!   Approximations ("about", "more than", "or so") stay in the extent, not the
//!   value; "later" stays out of it ("three days later" is the duration `P3D`,
//!   while "a year earlier" is a date counted back). A hyphenated expression
//!   modifying a noun leaves the article to the noun: in "the 14-day waiting
//!   period" the extent is "14-day", in "the third-quarter loss" "third-quarter".
//! - **SET**: a recurring period is valued as one period ("every week",
//!   "weekly" `P1W`, "annually" `P1Y`, "daily" `P1D`), also when it recurs more
//!   than once in it ("twice a year" `P1Y`, "three times a week", "twice weekly"
//!   `P1W`: the count is TimeML's `freq` attribute, which is not kept); a period
//!   of several units is their sum ("every other week" `P2W`, "every four years"
//!   `P4Y`). A recurring day, part of a day, month or season is a date with `X`s
//!   ("every Thursday" `XXXX-WXX-4`, "every Tuesday night" and "Tuesday nights"
//!   `XXXX-WXX-2TNI`, "every morning" `XXXX-XX-XXTMO`, "each July" `XXXX-07`,
//!   "every summer" `XXXX-SU`). A rate ("700 seats a week") is no time expression.
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
/// `anchor` is the article's publication date. How relative expressions are placed:
/// - A weekday is past (the latest such day on or before the anchor, the anchor itself
///   included) unless the nearest cue in its clause is a future one ("will", "would",
///   "is due to", "by", "until", a scheduled event in the present: "meets",
///   "resumes"): then the first such day on or after the anchor.
///   "last"/"next" mean strictly before/after; "the previous Friday" counts from the
///   last day the text mentioned. A deadline in the past perfect ("had filed by
///   Wednesday") is past, and a reporting verb after a quotation ("..., Castro
///   said") dates the report, not the quoted words.
/// - A month and day without a year within 90 days of the anchor is the nearest such
///   day; further away the tense chooses the year, and without a cue the nearest wins.
///   "Nov. 5" in late November is this year's, "April 21" said in November with
///   "would" is next year's.
/// - A month alone is the nearest one when within two months, otherwise chosen by
///   tense, and past when there is no cue.
/// - A moving holiday ("Thanksgiving", "Labor Day", "Memorial Day") is placed like a
///   month and day without a year.
/// - A season alone or after "this" ("the summer", "this summer") is the nearest one,
///   the tense choosing between two as near; "last"/"next" are strictly before/after.
/// - "a year earlier", "the following day", "the 1988 period" count from the last
///   date the text named (a quarter stays a quarter: results news compares periods);
///   "the latest period" is the quarter the text last named, else the one just ended.
/// - Without an anchor none of this is guessed: the value is `None`, method `unresolved`.
///
/// ```
/// use chrono::NaiveDate;
/// use storyline_annotate::find_dates;
///
/// let anchor = NaiveDate::from_ymd_opt(2022, 11, 21);
/// let found = find_dates("The talks ended on Monday without a deal.", anchor);
/// assert_eq!(found[0].text, "Monday");
/// assert_eq!(found[0].value.as_deref(), Some("2022-11-21"));
/// ```
pub fn find_dates(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    // A book-length text is read piece by piece (bounded token buffers),
    // the last date named carrying over from one piece to the next.
    let mut reference: Option<Point> = None;
    crate::pieces::find_by_pieces(
        text,
        |piece, out| find_dates_in(piece, anchor, &mut reference, out),
        |found, offset| {
            found.start += offset;
            found.end += offset;
        },
    )
}

/// [`find_dates`] on one piece of a text, offsets into the piece, pushed
/// onto `out`; `reference` is the last date named before the piece, and is
/// left at the last one named in it.
fn find_dates_in(
    text: &str,
    anchor: Option<NaiveDate>,
    reference: &mut Option<Point>,
    out: &mut Vec<TimeExpr>,
) {
    let toks = token::tokenize(text);
    let cands = grammar::recognise(text, &toks);
    dates_from(text, &toks, cands, anchor, reference, out);
}

/// The dates and the quantities of `text`, from one tokenisation and one
/// pass of the date grammar per piece (the quantities skip the dates):
/// what [`find_dates`] and [`crate::quantities::find_quantities`] give.
pub(crate) fn find_dates_and_quantities(
    text: &str,
    anchor: Option<NaiveDate>,
) -> (Vec<TimeExpr>, Vec<storyline_model::Quantity>) {
    let mut reference: Option<Point> = None;
    let mut dates = Vec::new();
    let mut quantities = Vec::new();
    for (offset, piece) in crate::pieces::pieces(text, crate::pieces::PIECE_BYTES) {
        let (first_date, first_quantity) = (dates.len(), quantities.len());
        let toks = token::tokenize(piece);
        let cands = grammar::recognise(piece, &toks);
        crate::quantities::quantities_from(piece, &toks, &cands, &mut quantities);
        dates_from(piece, &toks, cands, anchor, &mut reference, &mut dates);
        for found in &mut dates[first_date..] {
            found.start += offset;
            found.end += offset;
        }
        for found in &mut quantities[first_quantity..] {
            found.start += offset;
            found.end += offset;
        }
    }
    (dates, quantities)
}

/// The dates of `text` from its tokens and the candidates the grammar
/// recognised on them; see [`find_dates_in`].
fn dates_from(
    text: &str,
    toks: &[token::Token],
    mut cands: Vec<grammar::Cand>,
    anchor: Option<NaiveDate>,
    reference: &mut Option<Point>,
    out: &mut Vec<TimeExpr>,
) {
    date_clocks_by_following_day(text, toks, &mut cands);
    out.reserve(cands.len());
    for cand in cands {
        let tense = if needs_tense(&cand.meaning) {
            let weekday = matches!(cand.meaning, Meaning::Day(meaning::DayRef::Weekday(..), _));
            tense_around(text, toks, cand.start, cand.end, weekday)
        } else {
            Tense::Unknown
        };
        let resolved = resolve(&cand.meaning, anchor, tense, *reference);
        // Later "a year earlier" counts from dates the text names, not from ones
        // derived from others: "a year ago ... a year earlier" must not drift.
        let derived = matches!(
            cand.meaning,
            Meaning::Shift { .. } | Meaning::Ago { .. } | Meaning::Hence { .. }
        );
        if resolved.point.is_some() && !derived {
            *reference = resolved.point;
        }
        let start = toks[cand.start].start;
        let end = toks[cand.end - 1].end;
        out.push(TimeExpr {
            text: text[start..end].to_string(),
            start,
            end,
            value: resolved.value,
            granularity: resolved.granularity,
            method: resolved.method,
            confidence: confidence(&cand.meaning, resolved.method, tense),
        });
    }
}

/// A clock time with no day of its own takes the day written just after it:
/// "at 3 p.m. on Tuesday", "10:35 a.m. (0735 GMT) Friday". TimeML values the time
/// on that day; the extents stay apart. Only "on", commas, brackets and other
/// clock times may stand between the two.
fn date_clocks_by_following_day(text: &str, toks: &[token::Token], cands: &mut [grammar::Cand]) {
    use meaning::{DayRef, TimePart};
    for i in 0..cands.len() {
        let Meaning::Day(DayRef::Mentioned, TimePart::Clock(hour, minute)) = cands[i].meaning
        else {
            continue;
        };
        // "3 p.m. today" named its day.
        let own_day = toks[cands[i].start..cands[i].end].iter().any(|t| {
            let word = &text[t.start..t.end];
            word.eq_ignore_ascii_case("today") || word.eq_ignore_ascii_case("tonight")
        });
        if own_day {
            continue;
        }
        let mut gap_from = cands[i].end;
        let mut dated = false;
        for next in &cands[i + 1..] {
            let gap = &text[toks[gap_from - 1].end..toks[next.start].start];
            if !only_joiners(gap, "on") {
                break;
            }
            match next.meaning {
                Meaning::Day(day, TimePart::Whole) if day != DayRef::Offset(0) => {
                    cands[i].meaning = Meaning::Day(day, TimePart::Clock(hour, minute));
                    dated = true;
                    break;
                }
                Meaning::Day(_, TimePart::Clock(..)) => gap_from = next.end,
                _ => break,
            }
        }
        // "Monday at 10 a.m.", "Nov. 22, at 3 p.m.": the day written just before.
        if !dated && i > 0 {
            let previous = &cands[i - 1];
            let gap = &text[toks[previous.end - 1].end..toks[cands[i].start].start];
            if let Meaning::Day(day, TimePart::Whole) = previous.meaning {
                if day != DayRef::Offset(0) && only_joiners(gap, "at") {
                    cands[i].meaning = Meaning::Day(day, TimePart::Clock(hour, minute));
                }
            }
        }
    }
}

/// Whether the text between two expressions holds only spaces, commas, brackets and
/// the word `joiner` ("on" in "3 p.m. on Tuesday", "at" in "Tuesday at 3 p.m.").
fn only_joiners(gap: &str, joiner: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')'))
        .all(|w| w.is_empty() || w.eq_ignore_ascii_case(joiner))
}

/// How sure a normalised value is, by what kind of expression it came from.
///
/// The figures are the value accuracy measured per kind on TempEval-3 training
/// (`storyline eval annotate`), rounded down; the README lists the bands.
fn confidence(meaning: &Meaning, method: resolve::Method, tense: Tense) -> f32 {
    use meaning::DayRef;
    let anchored = method == resolve::Method::Anchored;
    match (method, meaning) {
        (resolve::Method::Unresolved, _) => 0.0,
        // The text names the calendar date or period.
        (_, Meaning::Day(DayRef::Date { year: Some(_), .. }, _)) => 0.95,
        (_, Meaning::Year(_) | Meaning::Decade(_) | Meaning::Century(_)) => 0.85,
        (
            _,
            Meaning::Month { year: Some(_), .. }
            | Meaning::Quarter { year: Some(_), .. }
            | Meaning::Season { year: Some(_), .. }
            | Meaning::Half { year: Some(_), .. },
        ) => {
            // A named period that still needed the anchor (the period "the
            // article is about") is a guess.
            if anchored {
                0.5
            } else {
                0.85
            }
        }
        // Lengths and deictic references need no calendar, but TimeML's
        // conventions for them ("years" is PXY, "recent" PAST_REF) are easy to miss.
        (
            _,
            Meaning::Duration { .. }
            | Meaning::Every { .. }
            | Meaning::EveryDayPart(_)
            | Meaning::EveryWeekday(..)
            | Meaning::EveryMonth(_)
            | Meaning::EverySeason(_),
        ) => 0.8,
        (_, Meaning::Reference(_)) => 0.85,
        // "today", "yesterday": one step from the anchor.
        (_, Meaning::Day(DayRef::Offset(_), _)) => 0.9,
        // A weekday or a date without a year: the tense around, or the
        // nearest such day, chose the side; news rarely strays far.
        (
            _,
            Meaning::Day(DayRef::Weekday(..) | DayRef::Date { .. } | DayRef::NthWeekday { .. }, _),
        ) => {
            if tense == Tense::Future {
                0.8
            } else {
                0.85
            }
        }
        (_, Meaning::RelUnit { .. } | Meaning::MonthOfRelYear { .. }) => 0.7,
        // "two years ago": TimeML values these at the unit's granularity, which
        // is often not what the annotators chose.
        (_, Meaning::Ago { .. } | Meaning::Hence { .. }) => 0.55,
        // Counted from the last date the text mentioned, which may be the wrong one.
        (_, Meaning::Shift { .. }) => 0.5,
        // Quarters, seasons, halves and weekends placed by the anchor.
        (resolve::Method::Anchored, _) => 0.8,
        _ => 0.6,
    }
}

/// Whether resolving the meaning depends on the tense around it.
fn needs_tense(meaning: &Meaning) -> bool {
    use meaning::{DayRef, Rel};
    matches!(
        meaning,
        Meaning::Day(DayRef::Date { year: None, .. }, _)
            | Meaning::Day(DayRef::NthWeekday { .. }, _)
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
                rel: Rel::Bare | Rel::This,
                ..
            }
            | Meaning::Weekend(Rel::Bare)
    )
}

#[cfg(test)]
mod tests;
