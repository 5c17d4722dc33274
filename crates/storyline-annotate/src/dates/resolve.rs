//! Normalisation: places a [`Meaning`] on the calendar and writes its TimeML value.
//!
//! Relative expressions are resolved against the anchor (the publication date);
//! "a year earlier" and "the following day" against the last date the article
//! mentioned. Without an anchor nothing relative is guessed: the value is `None`.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use storyline_model::Granularity;

use super::lexicon::{Season, Unit};
use super::meaning::{Amount, DayRef, Meaning, RefKind, Rel, TimePart};
use super::tense::Tense;

/// How a value was obtained: from the text alone ("November 5, 2022",
/// "eight hours"), from the text and the anchor ("Monday"), or not at all.
pub(crate) use storyline_model::DateMethod as Method;

/// A resolved point or period on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Day(NaiveDate),
    Week(NaiveDate),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, Season),
    Year(i32),
    Decade(i32),
    Century(i32),
}

impl Point {
    fn value(self) -> String {
        match self {
            Point::Day(d) => d.format("%Y-%m-%d").to_string(),
            Point::Week(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Half(y, h) => format!("{y:04}-H{h}"),
            Point::Season(y, s) => format!("{y:04}-{}", s.code()),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Century(c) => format!("{c:02}"),
        }
    }

    fn granularity(self) -> Granularity {
        match self {
            Point::Day(_) => Granularity::Day,
            Point::Week(_) => Granularity::Week,
            Point::Month(..) => Granularity::Month,
            Point::Quarter(..) | Point::Half(..) | Point::Season(..) => Granularity::Quarter,
            Point::Year(_) => Granularity::Year,
            Point::Decade(_) => Granularity::Decade,
            Point::Century(_) => Granularity::Century,
        }
    }

    /// The point at no finer a granularity than `unit`: a year after a day is a year.
    /// Quarters and halves stay as they are, since "a year earlier" after "the third
    /// quarter" means the same quarter.
    fn coarsen(self, unit: Unit) -> Point {
        let date = match self {
            Point::Day(d) | Point::Week(d) => d,
            Point::Month(y, m) => match NaiveDate::from_ymd_opt(y, m, 1) {
                Some(d) => d,
                None => return self,
            },
            _ => {
                return match (self, unit) {
                    (
                        Point::Quarter(y, _) | Point::Half(y, _) | Point::Season(y, _),
                        Unit::Decade,
                    ) => Point::Decade(y.div_euclid(10)),
                    _ => self,
                }
            }
        };
        let target = unit_point(date, unit);
        if target.granularity() > self.granularity() {
            target
        } else {
            self
        }
    }

    /// Moves the point by `n` units. A unit finer than the point leaves it unchanged:
    /// two days after "1998" is still 1998.
    fn shift(self, unit: Unit, n: i64) -> Option<Point> {
        let months = match unit {
            Unit::Month => Some(n),
            Unit::Quarter => Some(3 * n),
            Unit::Year => Some(12 * n),
            Unit::Decade => Some(120 * n),
            Unit::Century => Some(1200 * n),
            _ => None,
        };
        let days = match unit {
            Unit::Day => Some(n),
            Unit::Week => Some(7 * n),
            Unit::Fortnight => Some(14 * n),
            _ => None,
        };
        Some(match self {
            Point::Day(d) => match (days, months) {
                (Some(days), _) => Point::Day(d.checked_add_signed(Duration::try_days(days)?)?),
                (_, Some(months)) => Point::Day(add_months(d, months)?),
                _ => self,
            },
            Point::Week(d) => match (days, months) {
                (Some(days), _) if unit != Unit::Day => {
                    Point::Week(d.checked_add_signed(Duration::try_days(days)?)?)
                }
                (_, Some(months)) => Point::Week(add_months(d, months)?),
                _ => self,
            },
            Point::Month(y, m) => match months {
                Some(months) => {
                    let idx = y as i64 * 12 + (m as i64 - 1) + months;
                    Point::Month(idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1)
                }
                None => self,
            },
            Point::Quarter(y, q) => match months {
                Some(months) if months % 3 == 0 => {
                    let idx = y as i64 * 4 + (q as i64 - 1) + months / 3;
                    Point::Quarter(idx.div_euclid(4) as i32, idx.rem_euclid(4) as u32 + 1)
                }
                _ => self,
            },
            Point::Half(y, h) => match months {
                Some(months) if months % 12 == 0 => Point::Half(y + (months / 12) as i32, h),
                _ => self,
            },
            Point::Season(y, s) => match months {
                Some(months) if months % 12 == 0 => Point::Season(y + (months / 12) as i32, s),
                _ => self,
            },
            Point::Year(y) => match months {
                Some(months) if months % 12 == 0 => Point::Year(y + (months / 12) as i32),
                _ => self,
            },
            Point::Decade(d) => match months {
                Some(months) if months % 120 == 0 => Point::Decade(d + (months / 120) as i32),
                _ => self,
            },
            Point::Century(c) => match months {
                Some(months) if months % 1200 == 0 => Point::Century(c + (months / 1200) as i32),
                _ => self,
            },
        })
    }
}

/// The outcome of resolving one expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub value: Option<String>,
    pub granularity: Granularity,
    pub method: Method,
    /// The point, for expressions that name one; later "a year earlier" counts from it.
    pub point: Option<Point>,
}

impl Resolved {
    fn point(point: Point, method: Method) -> Resolved {
        Resolved {
            value: Some(point.value()),
            granularity: point.granularity(),
            method,
            point: Some(point),
        }
    }

    fn fixed(value: String, granularity: Granularity) -> Resolved {
        Resolved {
            value: Some(value),
            granularity,
            method: Method::Absolute,
            point: None,
        }
    }

    fn unresolved(granularity: Granularity) -> Resolved {
        Resolved {
            value: None,
            granularity,
            method: Method::Unresolved,
            point: None,
        }
    }

    fn from_option(point: Option<Point>, granularity: Granularity) -> Resolved {
        match point {
            Some(p) => Resolved::point(p, Method::Anchored),
            None => Resolved::unresolved(granularity),
        }
    }
}

/// Resolves `meaning` against `anchor`, the `tense` around it and the last date mentioned.
pub(crate) fn resolve(
    meaning: &Meaning,
    anchor: Option<NaiveDate>,
    tense: Tense,
    reference: Option<Point>,
) -> Resolved {
    match *meaning {
        Meaning::Day(day, part) => resolve_day(day, part, anchor, tense, reference),
        Meaning::Month {
            year: Some(y),
            month,
            ..
        } => Resolved::point(Point::Month(y, month), Method::Absolute),
        Meaning::Month {
            year: None,
            month,
            rel,
        } => {
            let point = anchor.map(|a| {
                let (y, m) = pick_cycle(MONTHS, a.year(), a.month(), month, rel, tense);
                Point::Month(y, m)
            });
            Resolved::from_option(point, Granularity::Month)
        }
        Meaning::MonthOfRelYear { month, year_offset } => Resolved::from_option(
            anchor.map(|a| Point::Month(a.year() + year_offset, month)),
            Granularity::Month,
        ),
        Meaning::Year(y) => Resolved::point(Point::Year(y), Method::Absolute),
        Meaning::Decade(d) => Resolved::point(Point::Decade(d), Method::Absolute),
        Meaning::Century(c) => Resolved::point(Point::Century(c), Method::Absolute),
        Meaning::Quarter {
            year: Some(y),
            quarter: 0,
            ..
        } => match quarter_in_focus(reference, anchor) {
            Some(q) => Resolved::point(Point::Quarter(y, q), Method::Anchored),
            None => Resolved::unresolved(Granularity::Quarter),
        },
        Meaning::QuarterOfRelYear {
            quarter,
            year_offset,
        } => {
            let quarter = if quarter == 0 {
                quarter_in_focus(reference, anchor)
            } else {
                Some(quarter)
            };
            let point = anchor
                .zip(quarter)
                .map(|(a, q)| Point::Quarter(a.year() + year_offset, q));
            Resolved::from_option(point, Granularity::Quarter)
        }
        Meaning::Quarter {
            year: Some(y),
            quarter,
            ..
        } => Resolved::point(Point::Quarter(y, quarter), Method::Absolute),
        Meaning::Quarter {
            year: None,
            quarter,
            rel,
        } => {
            let point = anchor.map(|a| {
                // The quarter just ended is the one results news reports, even in a
                // future context ("will report third-quarter results" in October).
                let just_ended = quarter % 4 + 1 == quarter_of(a);
                let tense = if just_ended && tense == Tense::Future {
                    Tense::Past
                } else {
                    tense
                };
                let (y, q) = pick_cycle(QUARTERS, a.year(), quarter_of(a), quarter, rel, tense);
                Point::Quarter(y, q)
            });
            Resolved::from_option(point, Granularity::Quarter)
        }
        Meaning::LatestQuarter => {
            let point = anchor
                .and_then(|a| Point::Quarter(a.year(), quarter_of(a)).shift(Unit::Quarter, -1));
            Resolved::from_option(point, Granularity::Quarter)
        }
        Meaning::LatestPeriod => {
            let point = anchor.and_then(|a| latest_period(reference, a));
            Resolved::from_option(point, Granularity::Quarter)
        }
        Meaning::Half {
            year: Some(y),
            half,
        } => Resolved::point(Point::Half(y, half), Method::Absolute),
        Meaning::HalfOfRelYear { half, year_offset } => Resolved::from_option(
            anchor.map(|a| Point::Half(a.year() + year_offset, half)),
            Granularity::Quarter,
        ),
        Meaning::Half { year: None, half } => Resolved::from_option(
            anchor.map(|a| Point::Half(a.year(), half)),
            Granularity::Quarter,
        ),
        Meaning::Season {
            year: Some(y),
            season,
            ..
        } => Resolved::point(Point::Season(y, season), Method::Absolute),
        Meaning::Season {
            year: None,
            season,
            rel,
        } => Resolved::from_option(
            anchor.map(|a| pick_season(a, season, rel, tense)),
            Granularity::Quarter,
        ),
        Meaning::RelUnit { unit, offset } => {
            let point = anchor.and_then(|a| {
                let base = match unit {
                    Unit::Week | Unit::Fortnight => Point::Week(a),
                    Unit::Month => Point::Month(a.year(), a.month()),
                    Unit::Quarter => Point::Quarter(a.year(), quarter_of(a)),
                    Unit::Year => Point::Year(a.year()),
                    Unit::Decade => Point::Decade(a.year().div_euclid(10)),
                    Unit::Century => Point::Century(a.year().div_euclid(100)),
                    _ => Point::Day(a),
                };
                base.shift(unit, offset as i64)
            });
            Resolved::from_option(point, unit_granularity(unit))
        }
        Meaning::Weekend(rel) => match anchor {
            Some(a) => {
                let saturday = pick_weekend(a, rel, tense);
                let w = saturday.iso_week();
                Resolved {
                    value: Some(format!("{:04}-W{:02}-WE", w.year(), w.week())),
                    granularity: Granularity::Week,
                    method: Method::Anchored,
                    point: Some(Point::Week(saturday)),
                }
            }
            None => Resolved::unresolved(Granularity::Week),
        },
        Meaning::Ago {
            amount: Amount::Vague,
            ..
        } => Resolved::fixed("PAST_REF".to_string(), Granularity::Reference),
        Meaning::Hence {
            amount: Amount::Vague,
            ..
        } => Resolved::fixed("FUTURE_REF".to_string(), Granularity::Reference),
        Meaning::Ago {
            unit,
            amount: Amount::N(n),
        }
        | Meaning::Hence {
            unit,
            amount: Amount::N(n),
        } => {
            let sign = if matches!(meaning, Meaning::Ago { .. }) {
                -1
            } else {
                1
            };
            let steps = sign * n.round() as i64;
            // "from $1.2 billion a year ago" after a quarter is named: the same quarter.
            let point = match reference {
                Some(q @ Point::Quarter(..)) if unit == Unit::Year && sign < 0 => {
                    q.shift(unit, steps)
                }
                _ => anchor.and_then(|a| unit_point(a, unit).shift(unit, steps)),
            };
            Resolved::from_option(point, unit_granularity(unit))
        }
        Meaning::Shift { unit, amount } => {
            let base = reference.or_else(|| anchor.map(|a| unit_point(a, unit)));
            let point = base
                .and_then(|b| b.shift(unit, amount.round() as i64))
                .map(|p| p.coarsen(unit));
            Resolved::from_option(
                point,
                point.map_or(unit_granularity(unit), Point::granularity),
            )
        }
        Meaning::Duration { unit, amount } => {
            Resolved::fixed(duration_value(unit, amount), Granularity::Duration)
        }
        Meaning::Every { unit, count } => Resolved::fixed(
            duration_value(unit, Amount::N(f64::from(count))),
            Granularity::Duration,
        ),
        Meaning::EveryDayPart(part) => {
            Resolved::fixed(format!("XXXX-XX-XXT{}", part.code()), Granularity::Duration)
        }
        Meaning::EveryWeekday(day, part) => {
            let part = part.map(|p| format!("T{}", p.code())).unwrap_or_default();
            Resolved::fixed(format!("XXXX-WXX-{day}{part}"), Granularity::Duration)
        }
        Meaning::EverySeason(season) => {
            Resolved::fixed(format!("XXXX-{}", season.code()), Granularity::Duration)
        }
        Meaning::EveryMonth(month) => {
            Resolved::fixed(format!("XXXX-{month:02}"), Granularity::Duration)
        }
        Meaning::Reference(kind) => {
            let value = match kind {
                RefKind::Present => "PRESENT_REF",
                RefKind::Past => "PAST_REF",
                RefKind::Future => "FUTURE_REF",
            };
            Resolved::fixed(value.to_string(), Granularity::Reference)
        }
    }
}

fn resolve_day(
    day: DayRef,
    part: TimePart,
    anchor: Option<NaiveDate>,
    tense: Tense,
    reference: Option<Point>,
) -> Resolved {
    let (date, method) = match day {
        DayRef::Date {
            year: Some(y),
            month,
            day,
        } => (NaiveDate::from_ymd_opt(y, month, day), Method::Absolute),
        DayRef::Date {
            year: None,
            month,
            day,
        } => (
            anchor.and_then(|a| pick_date(a, month, day, tense)),
            Method::Anchored,
        ),
        DayRef::Offset(n) => (
            anchor.and_then(|a| a.checked_add_signed(Duration::try_days(n)?)),
            Method::Anchored,
        ),
        DayRef::Mentioned => match reference {
            Some(Point::Day(d)) => (Some(d), Method::Anchored),
            _ => (anchor, Method::Anchored),
        },
        DayRef::Weekday(wd, rel @ (Rel::Before | Rel::After)) => {
            // Counted from the last day mentioned, or else from the anchor.
            let base = match reference {
                Some(Point::Day(d)) => Some(d),
                _ => anchor,
            };
            let rel = if rel == Rel::Before {
                Rel::Last
            } else {
                Rel::Next
            };
            (
                base.map(|b| pick_weekday(b, wd, rel, tense)),
                Method::Anchored,
            )
        }
        DayRef::Weekday(wd, rel) => (
            anchor.map(|a| pick_weekday(a, wd, rel, tense)),
            Method::Anchored,
        ),
        DayRef::NthWeekday {
            month,
            weekday,
            nth,
        } => (
            anchor
                .and_then(|a| pick_yearly(a, tense, |year| nth_weekday(year, month, weekday, nth))),
            Method::Anchored,
        ),
    };
    let granularity = match part {
        TimePart::Whole => Granularity::Day,
        _ => Granularity::TimeOfDay,
    };
    let Some(date) = date else {
        return Resolved::unresolved(granularity);
    };
    let day_value = date.format("%Y-%m-%d").to_string();
    let value = match part {
        TimePart::Whole => day_value,
        TimePart::Clock(h, m) => format!("{day_value}T{h:02}:{m:02}"),
        TimePart::Part(p) => format!("{day_value}T{}", p.code()),
    };
    Resolved {
        value: Some(value),
        granularity,
        method,
        point: Some(Point::Day(date)),
    }
}

/// A month named alone with no tense cue and not near the anchor is taken as past:
/// news reports what happened.
const MONTH_DEFAULT: Tense = Tense::Past;

/// Within this many days of the anchor a year-less date is taken as the nearest one,
/// whatever the tense: news gives the year of dates further away.
const NEAR_DAYS: i64 = 90;

/// The year for a month-day without one: the nearest such day when it is near the
/// anchor; otherwise after the anchor in future context, before it in past context,
/// and the nearest when there is no cue.
fn pick_date(anchor: NaiveDate, month: u32, day: u32, tense: Tense) -> Option<NaiveDate> {
    pick_yearly(anchor, tense, |year| {
        NaiveDate::from_ymd_opt(year, month, day)
    })
}

/// The year of a day that comes once a year, `in_year` giving it for each year
/// (none when a year has no such day), chosen as [`pick_date`] says.
fn pick_yearly(
    anchor: NaiveDate,
    tense: Tense,
    in_year: impl Fn(i32) -> Option<NaiveDate> + Clone,
) -> Option<NaiveDate> {
    // February 29 needs a leap year, up to four years away.
    let candidates = (anchor.year() - 4..=anchor.year() + 4).filter_map(in_year);
    let nearest = candidates.clone().min_by_key(|d| {
        let distance = (*d - anchor).num_days();
        (distance.abs(), distance > 0)
    })?;
    if (nearest - anchor).num_days().abs() <= NEAR_DAYS {
        return Some(nearest);
    }
    match tense {
        Tense::Future => candidates.filter(|d| *d >= anchor).min(),
        Tense::Past => candidates.filter(|d| *d <= anchor).max(),
        Tense::Unknown => candidates.min_by_key(|d| {
            let distance = (*d - anchor).num_days();
            // On a tie, prefer the past: news looks back more often than ahead.
            (distance.abs(), distance > 0)
        }),
    }
}

/// The `nth` `weekday` (1 = Monday) of `month` in `year`; `nth` 5 is the last one.
fn nth_weekday(year: i32, month: u32, weekday: u8, nth: u8) -> Option<NaiveDate> {
    let weekday = Weekday::try_from(weekday.checked_sub(1)?).ok()?;
    if nth >= 5 {
        return NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
            .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, weekday, 4));
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth)
}

/// Periods that repeat every year: months or quarters.
#[derive(Debug, Clone, Copy)]
struct Cycle {
    /// Periods per year.
    len: u32,
    /// The tense assumed when there is no cue.
    default: Tense,
    /// Within this many periods of the anchor the nearest occurrence is taken, whatever the tense.
    near: i32,
}

/// Months: a month near the anchor is the nearest one; otherwise past unless told.
const MONTHS: Cycle = Cycle {
    len: 12,
    default: MONTH_DEFAULT,
    near: 2,
};

/// Quarters: results news reports the quarter just ended, so past unless told.
const QUARTERS: Cycle = Cycle {
    len: 4,
    default: Tense::Past,
    near: 0,
};

/// The occurrence of period `wanted` (1-based) relative to the anchor's period
/// `current` in `year`.
fn pick_cycle(
    cycle: Cycle,
    year: i32,
    current: u32,
    wanted: u32,
    rel: Rel,
    tense: Tense,
) -> (i32, u32) {
    let Cycle { len, default, near } = cycle;
    let here = year * len as i32 + current as i32 - 1;
    let same_year = year * len as i32 + wanted as i32 - 1;
    let candidates = [same_year - len as i32, same_year, same_year + len as i32];
    let nearest = candidates
        .into_iter()
        .min_by_key(|c| ((c - here).abs(), *c > here))
        .unwrap_or(same_year);
    let pick = match rel {
        Rel::Bare if (nearest - here).abs() <= near => nearest,
        Rel::This => same_year,
        Rel::Last | Rel::Before => candidates
            .into_iter()
            .filter(|c| *c < here)
            .max()
            .unwrap_or(same_year),
        Rel::Next | Rel::After => candidates
            .into_iter()
            .filter(|c| *c > here)
            .min()
            .unwrap_or(same_year),
        Rel::Bare => {
            let tense = if tense == Tense::Unknown {
                default
            } else {
                tense
            };
            match tense {
                Tense::Past => candidates
                    .into_iter()
                    .filter(|c| *c <= here)
                    .max()
                    .unwrap_or(same_year),
                Tense::Future => candidates
                    .into_iter()
                    .filter(|c| *c >= here)
                    .min()
                    .unwrap_or(same_year),
                Tense::Unknown => candidates
                    .into_iter()
                    .min_by_key(|c| ((c - here).abs(), *c > here))
                    .unwrap_or(same_year),
            }
        }
    };
    (
        pick.div_euclid(len as i32),
        pick.rem_euclid(len as i32) as u32 + 1,
    )
}

/// A weekday relative to the anchor. Past (the default in news): the latest one on or
/// before the anchor; future: the first one on or after it; "last"/"next": strictly
/// before/after; "this": the one in the anchor's week.
fn pick_weekday(anchor: NaiveDate, wd: u8, rel: Rel, tense: Tense) -> NaiveDate {
    let today = anchor.weekday().number_from_monday() as i64;
    let wanted = wd as i64;
    let back = (today - wanted).rem_euclid(7);
    let ahead = (wanted - today).rem_euclid(7);
    let offset = match rel {
        Rel::Last | Rel::Before => -(if back == 0 { 7 } else { back }),
        Rel::Next | Rel::After => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Rel::This => wanted - today,
        Rel::Bare => match tense {
            Tense::Future => ahead,
            _ => -back,
        },
    };
    anchor + Duration::days(offset)
}

/// The Saturday of the weekend meant.
fn pick_weekend(anchor: NaiveDate, rel: Rel, tense: Tense) -> NaiveDate {
    let wd = anchor.weekday();
    let in_weekend = matches!(wd, Weekday::Sat | Weekday::Sun);
    let back = (wd.number_from_monday() as i64 - 6).rem_euclid(7);
    let recent = anchor - Duration::days(back);
    let upcoming = if in_weekend {
        recent
    } else {
        recent + Duration::days(7)
    };
    match rel {
        Rel::Last | Rel::Before if in_weekend => recent - Duration::days(7),
        Rel::Last | Rel::Before => recent,
        Rel::Next | Rel::After if in_weekend => recent + Duration::days(7),
        Rel::Next | Rel::After => upcoming,
        Rel::This => upcoming,
        Rel::Bare => match tense {
            Tense::Future => upcoming,
            _ => recent,
        },
    }
}

/// A season relative to the anchor. Seasons are numbered from spring; winter belongs
/// to the year in which it begins (December).
fn pick_season(anchor: NaiveDate, season: Season, rel: Rel, tense: Tense) -> Point {
    let idx = |s: Season| match s {
        Season::Spring => 0,
        Season::Summer => 1,
        Season::Fall => 2,
        Season::Winter => 3,
    };
    let m = anchor.month();
    let (season_year, current) = match m {
        1 | 2 => (anchor.year() - 1, 3),
        3..=5 => (anchor.year(), 0),
        6..=8 => (anchor.year(), 1),
        9..=11 => (anchor.year(), 2),
        _ => (anchor.year(), 3),
    };
    let here = season_year * 4 + current;
    let same_year = season_year * 4 + idx(season);
    let candidates = [same_year - 4, same_year, same_year + 4];
    let pick = match (rel, tense) {
        (Rel::Last | Rel::Before, _) => candidates.into_iter().filter(|c| *c < here).max(),
        (Rel::Next | Rel::After, _) => candidates.into_iter().filter(|c| *c > here).min(),
        // "this summer" is the nearest summer (TimeML: the one of the anchor's
        // year); when two are as near, the tense picks the side, ahead by default.
        (Rel::This, _) => candidates.into_iter().min_by_key(|c| {
            let ahead = *c >= here;
            let tense_side = if tense == Tense::Past { ahead } else { !ahead };
            ((c - here).abs(), tense_side)
        }),
        (Rel::Bare, Tense::Future) => candidates.into_iter().filter(|c| *c >= here).min(),
        (Rel::Bare, _) => candidates.into_iter().filter(|c| *c <= here).max(),
    }
    .unwrap_or(same_year);
    Point::Season(pick.div_euclid(4), season)
}

/// The quarter an article about results is discussing: the last one named, or else
/// the one just ended.
fn quarter_in_focus(reference: Option<Point>, anchor: Option<NaiveDate>) -> Option<u32> {
    match reference {
        Some(Point::Quarter(_, q)) => Some(q),
        _ => {
            let a = anchor?;
            match Point::Quarter(a.year(), quarter_of(a)).shift(Unit::Quarter, -1)? {
                Point::Quarter(_, q) => Some(q),
                _ => None,
            }
        }
    }
}

/// "the latest period" in results news: the quarter the text last named
/// ("fourth-quarter earnings ... sales in the latest period"), when it is the
/// anchor's or one of the four before it, or else the one just ended.
fn latest_period(reference: Option<Point>, anchor: NaiveDate) -> Option<Point> {
    let current = (anchor.year(), quarter_of(anchor));
    if let Some(Point::Quarter(y, q)) = reference {
        let back = (current.0 - y) * 4 + i32::try_from(current.1).ok()? - i32::try_from(q).ok()?;
        if (0..=4).contains(&back) {
            return Some(Point::Quarter(y, q));
        }
    }
    Point::Quarter(current.0, current.1).shift(Unit::Quarter, -1)
}

fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

fn add_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// The period of `unit` containing `anchor`, as a point.
fn unit_point(anchor: NaiveDate, unit: Unit) -> Point {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Point::Day(anchor),
        Unit::Week | Unit::Fortnight => Point::Week(anchor),
        Unit::Month => Point::Month(anchor.year(), anchor.month()),
        Unit::Quarter => Point::Quarter(anchor.year(), quarter_of(anchor)),
        Unit::Year => Point::Year(anchor.year()),
        Unit::Decade => Point::Decade(anchor.year().div_euclid(10)),
        Unit::Century => Point::Century(anchor.year().div_euclid(100)),
    }
}

fn unit_granularity(unit: Unit) -> Granularity {
    unit_point(NaiveDate::MIN, unit).granularity()
}

/// TimeML duration value: "P3D", "PT8H", "P1Y6M", "PXY".
pub(crate) fn duration_value(unit: Unit, amount: Amount) -> String {
    let (mut n, mut unit) = match amount {
        Amount::Vague => {
            let code = match unit {
                Unit::Second => "TXS",
                Unit::Minute => "TXM",
                Unit::Hour => "TXH",
                Unit::Day => "XD",
                Unit::Week | Unit::Fortnight => "XW",
                Unit::Month => "XM",
                Unit::Quarter => "XQ",
                Unit::Year => "XY",
                Unit::Decade => "XDE",
                Unit::Century => "XCE",
            };
            return format!("P{code}");
        }
        Amount::N(n) => (n, unit),
    };
    // Whole multiples in ISO 8601 units.
    match unit {
        Unit::Fortnight => (n, unit) = (n * 2.0, Unit::Week),
        Unit::Quarter => (n, unit) = (n * 3.0, Unit::Month),
        Unit::Decade => (n, unit) = (n * 10.0, Unit::Year),
        Unit::Century => (n, unit) = (n * 100.0, Unit::Year),
        _ => {}
    }
    // A whole number and a fraction: the whole in the unit, the rest in the next
    // smaller one, "5 1/2 hours" PT5H30M, "2 1/2 years" P2Y6M, "1.5 days" P1DT12H.
    if n > 1.0 && n.fract() != 0.0 {
        let (factor, format): (f64, fn(i64, i64) -> String) = match unit {
            Unit::Year => (12.0, |a, b| format!("P{a}Y{b}M")),
            Unit::Day => (24.0, |a, b| format!("P{a}DT{b}H")),
            Unit::Hour => (60.0, |a, b| format!("PT{a}H{b}M")),
            Unit::Minute => (60.0, |a, b| format!("PT{a}M{b}S")),
            _ => (0.0, |_, _| String::new()),
        };
        let rest = n.fract() * factor;
        if factor > 0.0 && rest.fract() == 0.0 {
            return format(n.trunc() as i64, rest as i64);
        }
    }
    // Fractions below one in the next smaller unit: "half an hour" is PT30M.
    if n.fract() != 0.0 {
        let smaller = match unit {
            Unit::Year => Some((12.0, Unit::Month)),
            Unit::Week => Some((7.0, Unit::Day)),
            Unit::Day => Some((24.0, Unit::Hour)),
            Unit::Hour => Some((60.0, Unit::Minute)),
            Unit::Minute => Some((60.0, Unit::Second)),
            _ => None,
        };
        if let Some((factor, smaller)) = smaller {
            if (n * factor).fract() == 0.0 {
                (n, unit) = (n * factor, smaller);
            }
        }
    }
    let number = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    let (time, code) = match unit {
        Unit::Second => (true, 'S'),
        Unit::Minute => (true, 'M'),
        Unit::Hour => (true, 'H'),
        Unit::Day => (false, 'D'),
        Unit::Week | Unit::Fortnight => (false, 'W'),
        Unit::Month | Unit::Quarter => (false, 'M'),
        Unit::Year | Unit::Decade | Unit::Century => (false, 'Y'),
    };
    if time {
        format!("PT{number}{code}")
    } else {
        format!("P{number}{code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2022-11-21 is a Monday.
        let monday = date(2022, 11, 21);
        assert_eq!(pick_weekday(monday, 1, Rel::Bare, Tense::Past), monday);
        assert_eq!(pick_weekday(monday, 1, Rel::Bare, Tense::Future), monday);
        assert_eq!(
            pick_weekday(monday, 5, Rel::Bare, Tense::Unknown),
            date(2022, 11, 18)
        );
        assert_eq!(
            pick_weekday(monday, 5, Rel::Bare, Tense::Future),
            date(2022, 11, 25)
        );
        assert_eq!(
            pick_weekday(monday, 1, Rel::Last, Tense::Unknown),
            date(2022, 11, 14)
        );
        assert_eq!(
            pick_weekday(monday, 1, Rel::Next, Tense::Unknown),
            date(2022, 11, 28)
        );
    }

    #[test]
    fn year_less_dates_take_the_nearest_year_unless_tense_says_otherwise() {
        let anchor = date(2022, 11, 21);
        assert_eq!(
            pick_date(anchor, 4, 21, Tense::Unknown),
            Some(date(2023, 4, 21))
        );
        assert_eq!(
            pick_date(anchor, 11, 5, Tense::Unknown),
            Some(date(2022, 11, 5))
        );
        assert_eq!(
            pick_date(anchor, 4, 21, Tense::Past),
            Some(date(2022, 4, 21))
        );
        assert_eq!(
            pick_date(anchor, 11, 5, Tense::Future),
            Some(date(2022, 11, 5))
        );
        assert_eq!(
            pick_date(anchor, 2, 29, Tense::Unknown),
            Some(date(2024, 2, 29))
        );
    }

    #[test]
    fn months_and_quarters_cycle() {
        assert_eq!(
            pick_cycle(MONTHS, 2022, 11, 4, Rel::Next, Tense::Unknown),
            (2023, 4)
        );
        assert_eq!(
            pick_cycle(MONTHS, 2022, 11, 4, Rel::Last, Tense::Unknown),
            (2022, 4)
        );
        assert_eq!(
            pick_cycle(MONTHS, 2022, 11, 7, Rel::Bare, Tense::Unknown),
            (2022, 7)
        );
        assert_eq!(
            pick_cycle(MONTHS, 2022, 1, 12, Rel::Bare, Tense::Unknown),
            (2021, 12)
        );
        assert_eq!(
            pick_cycle(QUARTERS, 1989, 4, 3, Rel::Bare, Tense::Unknown),
            (1989, 3)
        );
        assert_eq!(
            pick_cycle(QUARTERS, 1989, 1, 4, Rel::Bare, Tense::Unknown),
            (1988, 4)
        );
    }

    #[test]
    fn durations_are_written_in_timeml() {
        assert_eq!(duration_value(Unit::Hour, Amount::N(8.0)), "PT8H");
        assert_eq!(duration_value(Unit::Month, Amount::N(2.0)), "P2M");
        assert_eq!(duration_value(Unit::Hour, Amount::N(0.5)), "PT30M");
        assert_eq!(duration_value(Unit::Hour, Amount::N(5.5)), "PT5H30M");
        assert_eq!(duration_value(Unit::Year, Amount::N(1.5)), "P1Y6M");
        assert_eq!(duration_value(Unit::Year, Amount::N(0.5)), "P6M");
        assert_eq!(duration_value(Unit::Day, Amount::N(1.5)), "P1DT12H");
        assert_eq!(duration_value(Unit::Decade, Amount::N(2.0)), "P20Y");
        assert_eq!(duration_value(Unit::Quarter, Amount::N(3.0)), "P9M");
        assert_eq!(duration_value(Unit::Week, Amount::Vague), "PXW");
        assert_eq!(duration_value(Unit::Decade, Amount::Vague), "PXDE");
    }

    #[test]
    fn points_shift_by_units() {
        assert_eq!(
            Point::Quarter(1989, 3).shift(Unit::Year, -1),
            Some(Point::Quarter(1988, 3))
        );
        assert_eq!(
            Point::Month(2022, 1).shift(Unit::Month, -1),
            Some(Point::Month(2021, 12))
        );
        assert_eq!(
            Point::Year(1998).shift(Unit::Day, 2),
            Some(Point::Year(1998))
        );
        assert_eq!(
            Point::Day(date(2022, 3, 31)).shift(Unit::Month, -1),
            Some(Point::Day(date(2022, 2, 28)))
        );
    }
}
