//! Calendar dates as publishers and dumps write them: the one parser that page
//! metadata (extract), records and manifests (source) and the API's query
//! parameters (serve) read publication dates with.

use chrono::NaiveDate;

/// English month names are recognised by these prefixes ("Sept.", "November").
const MONTH_PREFIXES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Reads the calendar date at the heart of a written date or timestamp; the
/// time of day and any offset are ignored (the date is the one written).
///
/// Accepted, in this order:
/// - ISO-like, the date first: `2019-11-20`, `2019/11/20`, `2019.11.20`, RFC 3339
///   `2019-11-20T04:31:13-06:00`;
/// - RFC 2822: `Wed, 20 Nov 2019 08:00:58 GMT` (two-digit years as RFC 2822 reads them);
/// - eight digits: `20191120`;
/// - English written dates with a month name, a day and a four-digit year:
///   `November 20, 2019 12:32`, `Wed Nov 20 2019 08:00:58 GMT+0000`, `20 Nov. 2019`.
///
/// Anything else, or an impossible date (`2019-13-20`), is `None`. There is no
/// range check: a caller that meets placeholders (`0001-01-01` in page
/// metadata) filters them itself.
///
/// ```
/// use chrono::NaiveDate;
/// use storyline_model::parse_date;
///
/// let want = NaiveDate::from_ymd_opt(2022, 11, 21);
/// assert_eq!(parse_date("2022-11-21T08:30:00+01:00"), want);
/// assert_eq!(parse_date("Mon, 21 Nov 2022 08:30:00 GMT"), want);
/// assert_eq!(parse_date("21 Nov. 2022"), want);
/// assert_eq!(parse_date("last Monday"), None);
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    iso_date(text)
        .or_else(|| rfc2822_date(text))
        .or_else(|| compact_date(text))
        .or_else(|| written_date(text))
}

/// `YYYY-MM-DD` (chrono's reading of the first ten characters), or four, two
/// and two digits joined by one of `-`, `/`, `.` at the start.
fn iso_date(text: &str) -> Option<NaiveDate> {
    if let Some(date) = text
        .get(..10)
        .and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
    {
        return Some(date);
    }
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && matches!(bytes[4], b'-' | b'/' | b'.') && bytes[7] == bytes[4] {
        return NaiveDate::from_ymd_opt(
            digits(text, 0..4)? as i32,
            digits(text, 5..7)?,
            digits(text, 8..10)?,
        );
    }
    None
}

/// An RFC 2822 date-time (mail and RSS dates).
fn rfc2822_date(text: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|date| date.date_naive())
}

/// `YYYYMMDD` at the start.
fn compact_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() >= 8 && bytes[..8].iter().all(u8::is_ascii_digit) {
        return NaiveDate::from_ymd_opt(
            digits(text, 0..4)? as i32,
            digits(text, 4..6)?,
            digits(text, 6..8)?,
        );
    }
    None
}

/// The number written in `text[range]` when it is all ASCII digits.
fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = text.get(range)?;
    if part.bytes().all(|c| c.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// An English written date: a month name, a one- or two-digit day and a
/// four-digit year among the first eight words, in any order.
fn written_date(text: &str) -> Option<NaiveDate> {
    let (mut month, mut day, mut year) = (None, None, None);
    for word in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '/' | '-'))
        .filter(|w| !w.is_empty())
        .take(8)
    {
        let lower = word.to_ascii_lowercase();
        let number = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if month.is_none() && lower.len() >= 3 && lower.chars().all(|c| c.is_ascii_alphabetic()) {
            month = MONTH_PREFIXES
                .iter()
                .position(|m| lower.starts_with(m))
                .map(|i| i as u32 + 1);
        } else if !number.is_empty() && number.bytes().all(|c| c.is_ascii_digit()) {
            match number.len() {
                1 | 2 if day.is_none() => day = number.parse::<u32>().ok(),
                4 if year.is_none() => year = number.parse::<i32>().ok(),
                _ => {}
            }
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<(i32, u32, u32)>) {
        let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(parse_date(text), want, "{text:?}");
    }

    #[test]
    fn iso_dates_and_timestamps_give_the_date_written() {
        check("2022-11-21", Some((2022, 11, 21)));
        check(" 2022-11-21 ", Some((2022, 11, 21)));
        check("2022-11-21T08:30:00+01:00", Some((2022, 11, 21)));
        check("2019-11-20T23:31:13-06:00", Some((2019, 11, 20)));
        check("2019/11/20", Some((2019, 11, 20)));
        check("2019.11.20 10:00", Some((2019, 11, 20)));
        check("0001-01-01T00:00:00", Some((1, 1, 1)));
        check("2019-13-20", None);
        check("2019-1", None);
    }

    #[test]
    fn rfc_2822_dates_parse() {
        check("Mon, 21 Nov 2022 08:30:00 GMT", Some((2022, 11, 21)));
        check("Mon, 21 Nov 2022 23:30:00 -0500", Some((2022, 11, 21)));
        check("21 Nov 22 08:30 +0000", Some((2022, 11, 21)));
    }

    #[test]
    fn eight_digits_parse() {
        check("20191120", Some((2019, 11, 20)));
        check("20191120T083000Z", Some((2019, 11, 20)));
        check("20191320", None);
    }

    #[test]
    fn written_dates_need_a_month_a_day_and_a_year() {
        check("November 20, 2019 12:32", Some((2019, 11, 20)));
        check("Wed Nov 20 2019 08:00:58 GMT+0000", Some((2019, 11, 20)));
        check("20 Nov. 2019", Some((2019, 11, 20)));
        check("Sept. 3rd, 2021", Some((2021, 9, 3)));
        check("Nov 20", None);
        check("November 2019", None);
        check("February 30, 2020", None);
        check("last Monday", None);
        check("", None);
    }
}
