//! Calendar days as numbers, for the overview's date spans and the charts'
//! date axes: report dates are strings (`2022-11-23`, `2022-11`, `1999`), and
//! an axis needs distances between them.

use std::fmt;

use chrono::Datelike;
use storyline_model::Period;

/// A calendar day, counted from 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Day(pub i64);

impl Day {
    /// The day a report date starts on: `2022-11-23` (any time after it is
    /// ignored), `2022-11` (its first day) or `1999` (its first day); `None`
    /// for anything else.
    pub fn parse(text: &str) -> Option<Day> {
        let text = text.trim();
        let number = |s: Option<&str>, len: usize| {
            s.filter(|s| s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|s| s.parse::<i64>().ok())
        };
        let year = number(text.get(..4), 4)?;
        let rest = &text[4..];
        if rest.is_empty() {
            return Some(Day::from_civil(year, 1, 1));
        }
        if !rest.starts_with('-') {
            return None;
        }
        let month = number(rest.get(1..3), 2).filter(|m| (1..=12).contains(m))?;
        let rest = &rest[3..];
        if rest.is_empty() {
            return Some(Day::from_civil(year, month, 1));
        }
        if !rest.starts_with('-') {
            return None;
        }
        let day =
            number(rest.get(1..3), 2).filter(|d| (1..=days_in_month(year, month)).contains(d))?;
        let after = &rest[3..];
        if !(after.is_empty() || after.starts_with(['T', ' '])) {
            return None;
        }
        Some(Day::from_civil(year, month, day))
    }

    /// The first day of a report's period.
    pub fn of(period: Period) -> Day {
        let first = period.first_day();
        Day::from_civil(
            i64::from(first.year()),
            i64::from(first.month()),
            i64::from(first.day()),
        )
    }

    /// The day of a year, month (1–12) and day of month (1–31).
    pub fn from_civil(year: i64, month: i64, day: i64) -> Day {
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// Year, month and day of month.
    pub fn civil(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_months_and_years() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("1970-01-02T10:00:00Z"), Some(Day(1)));
        assert_eq!(
            Day::parse("2000-03-01").unwrap().0 - Day::parse("2000-02-28").unwrap().0,
            2
        );
        assert_eq!(Day::parse("2022-11"), Day::parse("2022-11-01"));
        assert_eq!(Day::parse("1999"), Day::parse("1999-01-01"));
        for bad in [
            "",
            "199",
            "19990",
            "1999-13",
            "2023-02-29",
            "2022-11-2",
            "late 1999",
            "2022-11-23x",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_dates_round_trip() {
        for text in [
            "1969-12-31",
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "1600-03-01",
        ] {
            assert_eq!(Day::parse(text).unwrap().to_string(), text);
        }
        for n in (-800_000..800_000).step_by(997) {
            let (y, m, d) = Day(n).civil();
            assert_eq!(Day::from_civil(y, m, d), Day(n));
        }
    }
}
