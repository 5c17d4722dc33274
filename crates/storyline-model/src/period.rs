//! Calendar periods of day, month or year granularity: what an event date or
//! a timeline entry names, written `2022-11-21`, `2022-07` or `1999`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Granularity;

/// A day, a month or a year on the calendar.
///
/// Serialised as its ISO form (`2022-11-21`, `2022-07`, `1999`); ordered as
/// those strings sort, that is by first day, the coarser period first
/// (`1999` < `1999-05` < `1999-05-03` < `1999-06`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A year: `1999`.
    Year(i32),
    /// A month of a year: `2022-07`.
    Month(i32, u32),
    /// A calendar day.
    Day(NaiveDate),
}

/// A string that is no `YYYY`, `YYYY-MM` or `YYYY-MM-DD` period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodParseError(pub String);

impl fmt::Display for PeriodParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a YYYY, YYYY-MM or YYYY-MM-DD period",
            self.0
        )
    }
}

impl std::error::Error for PeriodParseError {}

impl Period {
    /// Reads a TimeML value of day, month or year granularity (`None` for
    /// other granularities and for values that are not such a period).
    pub fn from_value(value: &str, granularity: Granularity) -> Option<Period> {
        let period: Period = value.parse().ok()?;
        let fits = matches!(
            (granularity, period),
            (Granularity::Day, Period::Day(_))
                | (Granularity::Month, Period::Month(..))
                | (Granularity::Year, Period::Year(_))
        );
        fits.then_some(period)
    }

    /// The first day the period covers.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Day(d) => d,
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN),
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// The last day the period covers.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Day(d) => d,
            Period::Month(y, m) => {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
            }
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The ISO form used in reports: `2022-11-21`, `2022-07`, `1999`.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// (year, month or 0, day or 0): the order of the ISO strings.
    fn sort_key(self) -> (i32, u32, u32) {
        match self {
            Period::Year(y) => (y, 0, 0),
            Period::Month(y, m) => (y, m, 0),
            Period::Day(d) => (d.year(), d.month(), d.day()),
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<NaiveDate> for Period {
    fn from(day: NaiveDate) -> Self {
        Period::Day(day)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || PeriodParseError(text.to_string());
        fn digits(part: &str, len: usize) -> Option<&str> {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then_some(part)
        }
        let mut parts = text.split('-');
        let year: i32 = parts
            .next()
            .and_then(|p| digits(p, 4))
            .and_then(|p| p.parse().ok())
            .ok_or_else(error)?;
        let Some(month) = parts.next() else {
            return Ok(Period::Year(year));
        };
        let month: u32 = digits(month, 2)
            .and_then(|p| p.parse().ok())
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(error)?;
        let Some(day) = parts.next() else {
            return Ok(Period::Month(year, month));
        };
        let day: u32 = digits(day, 2)
            .and_then(|p| p.parse().ok())
            .ok_or_else(error)?;
        if parts.next().is_some() {
            return Err(error());
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Period::Day)
            .ok_or_else(error)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Period {
        Period::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn parses_and_prints_the_three_granularities() {
        for text in ["1999", "2022-07", "2022-11-21", "0800"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        assert_eq!("2022-07".parse(), Ok(Period::Month(2022, 7)));
        for bad in [
            "",
            "99",
            "2022-13",
            "2022-02-30",
            "2022-7",
            "2022-07-01-01",
            "20x2",
            "P3D",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_as_the_iso_strings_sort() {
        let mut periods = [
            day(1999, 6, 1),
            Period::Month(1999, 5),
            day(1999, 5, 3),
            Period::Year(1999),
            Period::Year(1998),
        ];
        let mut strings: Vec<String> = periods.iter().map(|p| p.iso()).collect();
        periods.sort();
        strings.sort();
        assert_eq!(periods.iter().map(|p| p.iso()).collect::<Vec<_>>(), strings);
    }

    #[test]
    fn serialises_as_its_iso_string() {
        let json = serde_json::to_string(&Period::Month(2022, 7)).unwrap();
        assert_eq!(json, "\"2022-07\"");
        assert_eq!(
            serde_json::from_str::<Period>("\"1999\"").unwrap(),
            Period::Year(1999)
        );
        assert!(serde_json::from_str::<Period>("\"soon\"").is_err());
    }

    #[test]
    fn covers_its_days() {
        assert_eq!(
            Period::Month(2024, 2).last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            Period::Year(2022).first_day(),
            NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
        );
    }
}
