//! What a recognised time expression means before it is placed on the calendar.
//!
//! The recogniser turns words into a [`Meaning`]; `resolve` turns a meaning,
//! the anchor date and the tense around the expression into a TimeML value.

use super::lexicon::{DayPart, Season, Unit};

/// Which occurrence a relative word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    /// No relative word: "Monday", "in July". Tense decides.
    Bare,
    /// "this Monday", "this summer".
    This,
    /// "last Monday", "last April": strictly before the anchor.
    Last,
    /// "next Monday", "next April": strictly after the anchor.
    Next,
    /// "the previous Friday": strictly before the last day mentioned.
    Before,
    /// "the following Monday": strictly after the last day mentioned.
    After,
}

/// A day, possibly relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayRef {
    /// A calendar date; without a year the anchor and tense choose one.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// The anchor plus this many days: today 0, yesterday -1, tomorrow 1.
    Offset(i64),
    /// The last day the text mentioned, else the anchor's day: the day of a clock
    /// time written without one ("at 10 p.m.").
    Mentioned,
    /// A weekday, 1 = Monday.
    Weekday(u8, Rel),
    /// The `nth` `weekday` (1 = Monday) of `month`, the rule of a moving holiday
    /// (Thanksgiving is the fourth Thursday of November); `nth` 5 is the last one.
    /// The anchor and tense choose the year.
    NthWeekday { month: u32, weekday: u8, nth: u8 },
}

/// A time on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimePart {
    /// The whole day.
    Whole,
    /// A clock time, hours and minutes.
    Clock(u32, u32),
    /// A part of the day.
    Part(DayPart),
}

/// A count in a duration: a number or an unspecified amount ("several", "weeks").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    /// A known count, possibly fractional ("1.5 years").
    N(f64),
    /// An unknown count: TimeML `X`.
    Vague,
}

/// A deictic reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Present,
    Past,
    Future,
}

/// The meaning of one time expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Meaning {
    /// A day, perhaps with a time on it.
    Day(DayRef, TimePart),
    /// A month; without a year the anchor and tense choose one.
    Month {
        year: Option<i32>,
        month: u32,
        rel: Rel,
    },
    /// A month in a year given relative to the anchor: "June last year".
    MonthOfRelYear { month: u32, year_offset: i32 },
    /// A calendar year.
    Year(i32),
    /// A decade, written as its first three digits: 199 for the 1990s.
    Decade(i32),
    /// A century, written as its first two digits: 19 for the 20th century.
    Century(i32),
    /// A quarter of a year; without a year the anchor and tense choose one. Quarter 0
    /// is the one the article is about: "the 1988 period" in results news.
    Quarter {
        year: Option<i32>,
        quarter: u32,
        rel: Rel,
    },
    /// A quarter of a year given relative to the anchor: "this year's third quarter".
    /// Quarter 0 is the one the article is about.
    QuarterOfRelYear { quarter: u32, year_offset: i32 },
    /// The quarter just ended, the usual subject of results news: "the latest quarter".
    LatestQuarter,
    /// "the latest period": the quarter the text last named, else the one just ended.
    LatestPeriod,
    /// A half of a year.
    Half { year: Option<i32>, half: u32 },
    /// A half of a year given relative to the anchor: "the first half of next year".
    HalfOfRelYear { half: u32, year_offset: i32 },
    /// A season; without a year the anchor and relative word choose one.
    Season {
        year: Option<i32>,
        season: Season,
        rel: Rel,
    },
    /// The week, month, quarter, year, decade or century containing the anchor, moved by `offset`.
    RelUnit { unit: Unit, offset: i32 },
    /// A weekend.
    Weekend(Rel),
    /// A point this far before the anchor: "11 years ago".
    Ago { unit: Unit, amount: Amount },
    /// A point this far after the anchor: "two weeks from now".
    Hence { unit: Unit, amount: Amount },
    /// A point this far from the last date mentioned: "a year earlier", "the following day".
    Shift { unit: Unit, amount: f64 },
    /// A length of time: "eight hours".
    Duration { unit: Unit, amount: Amount },
    /// A recurring period of `count` units: "daily", "twice a week" (TimeML SET,
    /// valued like a duration: `P1D`, `P1W`), "every other year" (`P2Y`).
    Every { unit: Unit, count: u32 },
    /// A recurring part of the day: "every morning" (TimeML SET `XXXX-XX-XXTMO`).
    EveryDayPart(DayPart),
    /// A recurring weekday, perhaps at a part of the day: "every Thursday"
    /// (TimeML SET `XXXX-WXX-4`), "every Tuesday night" (`XXXX-WXX-2TNI`).
    EveryWeekday(u8, Option<DayPart>),
    /// A recurring month: "each July" (TimeML SET `XXXX-07`).
    EveryMonth(u32),
    /// A recurring season: "every summer" (TimeML SET `XXXX-SU`).
    EverySeason(Season),
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Reference(RefKind),
}

impl Meaning {
    /// Whether TimeML extents include a preceding "the": "the third quarter", "the past two years".
    pub fn takes_determiner(&self) -> bool {
        matches!(
            self,
            Meaning::Quarter { .. }
                | Meaning::QuarterOfRelYear { .. }
                | Meaning::LatestQuarter
                | Meaning::LatestPeriod
                | Meaning::Half { .. }
                | Meaning::HalfOfRelYear { .. }
                | Meaning::Season { .. }
                | Meaning::Decade(_)
                | Meaning::Century(_)
                | Meaning::Duration { .. }
                | Meaning::Reference(_)
                | Meaning::Weekend(_)
                | Meaning::Shift { .. }
                | Meaning::RelUnit { .. }
                | Meaning::Day(DayRef::Weekday(_, Rel::Before | Rel::After), _)
        )
    }

    /// Whether "early", "late", "mid" and "the end of" can modify it.
    pub fn takes_position(&self) -> bool {
        matches!(
            self,
            Meaning::Day(..)
                | Meaning::Month { .. }
                | Meaning::MonthOfRelYear { .. }
                | Meaning::Year(_)
                | Meaning::Decade(_)
                | Meaning::Century(_)
                | Meaning::Quarter { .. }
                | Meaning::Half { .. }
                | Meaning::HalfOfRelYear { .. }
                | Meaning::Season { .. }
                | Meaning::RelUnit { .. }
                | Meaning::Weekend(_)
        )
    }

    /// Whether approximation words ("about", "nearly", "more than") belong to the expression.
    pub fn takes_approximation(&self) -> bool {
        matches!(
            self,
            Meaning::Duration { .. } | Meaning::Ago { .. } | Meaning::Hence { .. }
        )
    }
}
