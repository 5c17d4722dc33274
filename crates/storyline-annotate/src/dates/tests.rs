//! Tests for `find_dates` on sentences written for them.

use chrono::NaiveDate;
use storyline_model::Granularity;

use super::find_dates;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Checks every expression found in `input`: `(text, value)` pairs, in order.
#[track_caller]
fn check(input: &str, anchor: Option<NaiveDate>, expected: &[(&str, Option<&str>)]) {
    let found = find_dates(input, anchor);
    for e in &found {
        assert_eq!(
            &input[e.start..e.end],
            e.text,
            "offsets must slice the text"
        );
    }
    let got: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|e| (e.text.as_str(), e.value.as_deref()))
        .collect();
    assert_eq!(got, expected, "in {input:?}");
}

/// Checks the one expression found in `input`, with its granularity and method.
#[track_caller]
fn check_one(
    input: &str,
    anchor: Option<NaiveDate>,
    text: &str,
    value: Option<&str>,
    granularity: Granularity,
    method: &str,
) {
    let found = find_dates(input, anchor);
    assert_eq!(found.len(), 1, "in {input:?}: {found:?}");
    let e = &found[0];
    assert_eq!(
        (
            e.text.as_str(),
            e.value.as_deref(),
            e.granularity,
            e.method.as_str()
        ),
        (text, value, granularity, method)
    );
}

#[test]
fn absolute_dates() {
    let a = day(2022, 11, 21);
    check(
        "The treaty was signed on November 5, 2019 in Vienna.",
        a,
        &[("November 5, 2019", Some("2019-11-05"))],
    );
    check(
        "Voting closes on 5 November 2024.",
        a,
        &[("5 November 2024", Some("2024-11-05"))],
    );
    check(
        "The file is dated 2021-03-09.",
        a,
        &[("2021-03-09", Some("2021-03-09"))],
    );
    check(
        "A letter dated 25/12/2020 was found.",
        a,
        &[("25/12/2020", Some("2020-12-25"))],
    );
    check(
        "A letter dated 12/25/2020 was found.",
        a,
        &[("12/25/2020", Some("2020-12-25"))],
    );
    // Day and month could be swapped: not guessed.
    check("A letter dated 03/04/2020 was found.", a, &[]);
    check(
        "Prices rose in July 2021.",
        a,
        &[("July 2021", Some("2021-07"))],
    );
    check_one(
        "It was founded in 1987.",
        None,
        "1987",
        Some("1987"),
        Granularity::Year,
        "absolute",
    );
}

#[test]
fn month_days_without_a_year() {
    let a = day(2022, 11, 21);
    check(
        "Ministers resigned on Nov. 5 over the plan.",
        a,
        &[("Nov. 5", Some("2022-11-05"))],
    );
    check(
        "From March 3, drivers would need new permits.",
        a,
        &[("March 3", Some("2023-03-03"))],
    );
    check(
        "The old rules apply until December 31.",
        a,
        &[("December 31", Some("2022-12-31"))],
    );
    check(
        "The deadline is the 1st of February.",
        a,
        &[("the 1st of February", Some("2023-02-01"))],
    );
    check(
        "Sept. 14 was the day it started.",
        a,
        &[("Sept. 14", Some("2022-09-14"))],
    );
    // Without an anchor the year is not guessed.
    check_one(
        "Ministers resigned on Nov. 5.",
        None,
        "Nov. 5",
        None,
        Granularity::Day,
        "unresolved",
    );
}

#[test]
fn weekdays_follow_the_tense() {
    // 2022-08-18 is a Thursday.
    let a = day(2022, 8, 18);
    check(
        "Most members had filed their reports by Tuesday.",
        a,
        &[("Tuesday", Some("2022-08-16"))],
    );
    check(
        "Until Monday, the police had named no suspect.",
        a,
        &[("Monday", Some("2022-08-15"))],
    );
    check(
        "The two leaders meet separately Monday with the envoy.",
        a,
        &[("Monday", Some("2022-08-22"))],
    );
    check(
        "The leaders met separately Monday with the envoy.",
        a,
        &[("Monday", Some("2022-08-15"))],
    );
    check(
        "The payment is due Tuesday.",
        a,
        &[("Tuesday", Some("2022-08-23"))],
    );
    check(
        "Shares fell on Tuesday due to weak sales.",
        a,
        &[("Tuesday", Some("2022-08-16"))],
    );
    check(
        "The reports are due by Tuesday.",
        a,
        &[("Tuesday", Some("2022-08-23"))],
    );
    check(
        "\"The team will fly home on Saturday,\" the coach said.",
        a,
        &[("Saturday", Some("2022-08-20"))],
    );
    check(
        "The envoys met on Tuesday.",
        a,
        &[("Tuesday", Some("2022-08-16"))],
    );
    check(
        "The envoys met on Thursday.",
        a,
        &[("Thursday", Some("2022-08-18"))],
    );
    check(
        "The envoys will meet on Tuesday.",
        a,
        &[("Tuesday", Some("2022-08-23"))],
    );
    check(
        "She said he would fly home on Saturday.",
        a,
        &[("Saturday", Some("2022-08-20"))],
    );
    check(
        "The envoys met last Thursday.",
        a,
        &[("last Thursday", Some("2022-08-11"))],
    );
    check(
        "They meet again next Monday.",
        a,
        &[("next Monday", Some("2022-08-22"))],
    );
    check(
        "Talks collapsed Friday morning.",
        a,
        &[("Friday morning", Some("2022-08-12TMO"))],
    );
    check_one(
        "The envoys met on Tuesday.",
        None,
        "Tuesday",
        None,
        Granularity::Day,
        "unresolved",
    );
}

#[test]
fn relative_days_weeks_months_years() {
    let a = day(2022, 11, 22);
    check(
        "After yesterday's meeting, talks resume today and end tomorrow.",
        a,
        &[
            ("yesterday", Some("2022-11-21")),
            ("today", Some("2022-11-22")),
            ("tomorrow", Some("2022-11-23")),
        ],
    );
    check(
        "The warning came last week.",
        a,
        &[("last week", Some("2022-W46"))],
    );
    check(
        "Unrest grew late last month.",
        a,
        &[("late last month", Some("2022-10"))],
    );
    check(
        "Earlier this month the mayor quit.",
        a,
        &[("Earlier this month", Some("2022-11"))],
    );
    check(
        "Sales fell last year and will rise next year.",
        a,
        &[("last year", Some("2021")), ("next year", Some("2023"))],
    );
    check(
        "Plates must be replaced by next April.",
        a,
        &[("next April", Some("2023-04"))],
    );
    check(
        "The border reopened in August.",
        a,
        &[("August", Some("2022-08"))],
    );
    check(
        "The war ended 11 years ago.",
        a,
        &[("11 years ago", Some("2011"))],
    );
    check_one(
        "The war ended 11 years ago.",
        a,
        "11 years ago",
        Some("2011"),
        Granularity::Year,
        "anchored",
    );
    check_one(
        "The warning came last week.",
        None,
        "last week",
        None,
        Granularity::Week,
        "unresolved",
    );
}

#[test]
fn years_decades_and_ranges() {
    let a = day(2022, 11, 21);
    check(
        "The 1998-99 conflict ended in 1999.",
        a,
        &[("1998-99", Some("1998")), ("1999", Some("1999"))],
    );
    check(
        "It was common in the 1990s and the early 2000s.",
        a,
        &[("the 1990s", Some("199")), ("the early 2000s", Some("200"))],
    );
    check(
        "Profit rose in fiscal 2021.",
        a,
        &[("fiscal 2021", Some("2021"))],
    );
    check("the 20th century", a, &[("the 20th century", Some("19"))]);
}

#[test]
fn durations() {
    let a = day(2022, 11, 21);
    check(
        "Three days later, the index was down 6%.",
        a,
        &[("Three days", Some("P3D"))],
    );
    check(
        "They talked for eight hours.",
        a,
        &[("eight hours", Some("PT8H"))],
    );
    check(
        "The rule was delayed for a month.",
        a,
        &[("a month", Some("P1M"))],
    );
    check(
        "Fines follow for the next two months.",
        a,
        &[("the next two months", Some("P2M"))],
    );
    check(
        "It lasted about 13 years.",
        a,
        &[("about 13 years", Some("P13Y"))],
    );
    check("a 16-hour shift", a, &[("16-hour", Some("PT16H"))]);
    check(
        "The dispute has dragged on for years.",
        a,
        &[("years", Some("PXY"))],
    );
    check(
        "They waited half an hour.",
        a,
        &[("half an hour", Some("PT30M"))],
    );
    check_one(
        "It took two weeks.",
        None,
        "two weeks",
        Some("P2W"),
        Granularity::Duration,
        "absolute",
    );
}

#[test]
fn references() {
    let a = day(2022, 11, 21);
    check(
        "The mission is now under review.",
        a,
        &[("now", Some("PRESENT_REF"))],
    );
    check(
        "Tension grew in recent weeks.",
        a,
        &[("recent weeks", Some("PXW"))],
    );
    check(
        "The mayor currently lives abroad.",
        None,
        &[("currently", Some("PRESENT_REF"))],
    );
    check(
        "Talks will resume in the coming days.",
        a,
        &[("the coming days", Some("FUTURE_REF"))],
    );
}

#[test]
fn moving_holidays() {
    let a = day(2000, 1, 7);
    check(
        "The boy was found at sea on Thanksgiving Day.",
        a,
        &[("Thanksgiving Day", Some("1999-11-25"))],
    );
    check(
        "Stores will reopen after Labor Day.",
        a,
        &[("Labor Day", Some("2000-09-04"))],
    );
    check(
        "The parade was held on Memorial Day.",
        a,
        &[("Memorial Day", Some("1999-05-31"))],
    );
    check("Labor costs rose at Memorial Hospital.", a, &[]);
}

#[test]
fn quarters_seasons_and_weekends() {
    let a = day(1989, 10, 27);
    check(
        "Profit rose in the third quarter.",
        a,
        &[("the third quarter", Some("1989-Q3"))],
    );
    check(
        "third-quarter profit",
        a,
        &[("third-quarter", Some("1989-Q3"))],
    );
    check(
        "Earnings fell a year earlier.",
        a,
        &[("a year earlier", Some("1988"))],
    );
    check(
        "Profit in the third quarter beat the figure a year earlier.",
        a,
        &[
            ("the third quarter", Some("1989-Q3")),
            ("a year earlier", Some("1988-Q3")),
        ],
    );
    check(
        "It opened last summer.",
        a,
        &[("last summer", Some("1989-SU"))],
    );
    check(
        "Demand stayed weak through the summer.",
        a,
        &[("the summer", Some("1989-SU"))],
    );
    check(
        "Orders recovered from the lows of early summer.",
        a,
        &[("early summer", Some("1989-SU"))],
    );
    check(
        "Prices peaked in the winter of 1994.",
        a,
        &[("the winter of 1994", Some("1994-WI"))],
    );
    check(
        "The shares began trading this summer.",
        a,
        &[("this summer", Some("1989-SU"))],
    );
    check("The fall in prices hurt the Summer Olympics.", a, &[]);
    check(
        "The company plans to restructure after a third-quarter loss.",
        a,
        &[("third-quarter", Some("1989-Q3"))],
    );
    check(
        "Sales in the quarter rose.",
        a,
        &[("the quarter", Some("1989-Q3"))],
    );
    check(
        "Sales in the latest period rose.",
        a,
        &[("the latest period", Some("1989-Q3"))],
    );
    check("The latest model is faster than the period piece.", a, &[]);
    check(
        "Fourth-quarter profit fell; sales in the latest period rose.",
        a,
        &[
            ("Fourth-quarter", Some("1989-Q4")),
            ("the latest period", Some("1989-Q4")),
        ],
    );
    check(
        "Crowds gathered over the weekend.",
        a,
        &[("the weekend", Some("1989-W42-WE"))],
    );
}

#[test]
fn times_of_day() {
    let a = day(2022, 11, 21);
    check(
        "The blast came at 10:35 a.m. on the bridge.",
        a,
        &[("10:35 a.m.", Some("2022-11-21T10:35"))],
    );
    check(
        "Polls close at 8 p.m. Tuesday.",
        a,
        &[("8 p.m. Tuesday", Some("2022-11-15T20:00"))],
    );
    check(
        "She spoke this morning.",
        a,
        &[("this morning", Some("2022-11-21TMO"))],
    );
    check(
        "Shots were heard last night.",
        a,
        &[("last night", Some("2022-11-20TNI"))],
    );
}

#[test]
fn numbers_that_are_not_dates() {
    let a = day(2022, 11, 21);
    check("Some 576 officers and 4,000 troops remain.", a, &[]);
    check("01:06\nLeaders spoke.", a, &[]);
    check("Serbs make up 5 per cent of the population.", a, &[]);
    check("About 2000 soldiers were sent.", a, &[]);
    check("Resolution 1244 is still in force.", a, &[]);
    check("See https://example.org/2022/08/01/talks for more.", a, &[]);
    check("You may go, he said.", a, &[]);
    check("Protesters march through town.", a, &[]);
    check("April Ryan asked a question.", a, &[]);
}

#[test]
fn offsets_are_bytes() {
    let text = "Kosovo’s leaders met on Monday — again.";
    let found = find_dates(text, day(2022, 11, 21));
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].start..found[0].end], "Monday");
}

#[test]
fn fractions_ages_and_the_past() {
    let a = day(2022, 11, 21);
    check(
        "They waited an hour and a half.",
        a,
        &[("an hour and a half", Some("PT1H30M"))],
    );
    check(
        "The flight took 5 1/2 hours.",
        a,
        &[("5 1/2 hours", Some("PT5H30M"))],
    );
    check("The 6-year-old boy is 52 years old.", a, &[]);
    check("Forget the past.", a, &[("the past", Some("PAST_REF"))]);
    check(
        "The current government was previously in opposition.",
        a,
        &[("current", Some("PRESENT_REF"))],
    );
}

#[test]
fn days_counted_from_the_last_day_mentioned() {
    // 1999-03-15 is a Monday.
    let a = day(1999, 3, 15);
    check(
        "Shares closed higher on Friday than on the previous Friday.",
        a,
        &[
            ("Friday", Some("1999-03-12")),
            ("the previous Friday", Some("1999-03-05")),
        ],
    );
    check(
        "Buses now run every day.",
        a,
        &[("now", Some("PRESENT_REF")), ("every day", Some("P1D"))],
    );
    check(
        "The offer had been due to expire Friday.",
        a,
        &[("Friday", Some("1999-03-12"))],
    );
    check(
        "The deadline was extended until Tuesday.",
        a,
        &[("Tuesday", Some("1999-03-16"))],
    );
}

#[test]
fn results_news_periods() {
    let a = day(1989, 10, 27);
    check(
        "Net rose in this year's third quarter from the year-earlier period.",
        a,
        &[
            ("this year's third quarter", Some("1989-Q3")),
            ("the year-earlier period", Some("1988-Q3")),
        ],
    );
    check(
        "Sales fell from the 1988 period.",
        a,
        &[("the 1988 period", Some("1988-Q3"))],
    );
    check(
        "It ended just a decade ago.",
        a,
        &[("a decade ago", Some("197"))],
    );
    check(
        "It began in January nineteen ninety-seven.",
        a,
        &[("January nineteen ninety-seven", Some("1997-01"))],
    );
}

/// Pieces that random text is built from: words the recogniser knows, numbers,
/// punctuation and multi-byte characters, so that patterns are cut at every point.
const PIECES: &[&str] = &[
    "Nov",
    ".",
    " ",
    "5",
    ",",
    "2022",
    "-",
    "99",
    "/",
    "12",
    ":",
    "30",
    "a",
    "m",
    "p",
    "the",
    "last",
    "Monday",
    "’",
    "'",
    "s",
    "1990s",
    "21st",
    "of",
    "September",
    "ago",
    "years",
    "é",
    "—",
    "\n",
    "%",
    "per",
    "cent",
    "about",
    "6",
    "300",
    "million",
    "Q3",
    "year",
    "earlier",
    "quarter",
    "third",
    "half",
    "an",
    "hour",
    "and",
    "by",
    "next",
    "April",
    "https://x.org/1/2/3",
    "early",
    "mid",
    "May",
    "\u{a0}",
];

#[test]
fn never_panics_and_offsets_always_slice() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        for anchor in [None, day(2022, 11, 21), day(2020, 2, 29)] {
            for e in find_dates(&text, anchor) {
                assert_eq!(&text[e.start..e.end], e.text, "{text:?}");
                assert!(
                    e.value.is_some() || e.method == storyline_model::DateMethod::Unresolved,
                    "{text:?}: {e:?}"
                );
            }
        }
        for q in crate::quantities::find_quantities(&text) {
            assert_eq!(&text[q.start..q.end], q.text, "{text:?}");
        }
    }
}

#[test]
fn four_digit_clock_times_are_not_years() {
    let a = day(2010, 1, 14);
    check(
        "Gold rose 1.4 percent by 2:50 p.m. EST (1950 GMT) on the day.",
        a,
        &[
            ("2:50 p.m. EST", Some("2010-01-14T14:50")),
            ("1950 GMT", Some("2010-01-14T19:50")),
        ],
    );
    check(
        "The plane landed at 0900 local time on Sunday.",
        a,
        &[
            ("0900 local time", Some("2010-01-10T09:00")),
            ("Sunday", Some("2010-01-10")),
        ],
    );
    // The tokenised brackets of some corpora ("-LRB-") as well as real ones.
    check(
        "The hospital said that by 1100 -LRB- 1600 GMT -RRB- at least 1,500 had died.",
        a,
        &[
            ("1100", Some("2010-01-14T11:00")),
            ("1600 GMT", Some("2010-01-14T16:00")),
        ],
    );
    check(
        "Just after 1230 GMT a relief flight landed.",
        a,
        &[("1230 GMT", Some("2010-01-14T12:30"))],
    );
    // A year stays a year.
    check(
        "The country was occupied in 1915 (until 1934).",
        a,
        &[("1915", Some("1915")), ("1934", Some("1934"))],
    );
}

#[test]
fn counts_are_not_years() {
    let a = day(2010, 1, 14);
    check("The US sent 1950 troops to the island.", a, &[]);
    check("A force of 1950 troops arrived.", a, &[]);
    check(
        "The elections in 2008 went badly.",
        a,
        &[("2008", Some("2008"))],
    );
}

#[test]
fn page_stamps_are_not_dates() {
    let a = day(2011, 4, 3);
    check(
        "Sun Apr 3, 2011 10:47pm EDT\nRebels advanced on Saturday.",
        a,
        &[("Saturday", Some("2011-04-02"))],
    );
    check(
        "Sun Apr 3 , 2011 10:47 pm EDT\nRebels advanced on Saturday.",
        a,
        &[("Saturday", Some("2011-04-02"))],
    );
    // A weekday written out before a date is the date of something.
    check(
        "The vote is on Sun Apr 10 in the capital.",
        a,
        &[("Apr 10", Some("2011-04-10"))],
    );
}

/// TimeML TIMEs: a clock time on the day written after it, parts of days as codes.
#[test]
fn times_take_their_day_and_part() {
    let a = day(2022, 11, 23);
    check(
        "The vote came at 3 p.m. on Tuesday after a long debate.",
        a,
        &[
            ("3 p.m.", Some("2022-11-22T15:00")),
            ("Tuesday", Some("2022-11-22")),
        ],
    );
    check(
        "The blast came at about 10:35 a.m. (0735 GMT) Friday.",
        a,
        &[
            ("10:35 a.m.", Some("2022-11-18T10:35")),
            ("0735 GMT", Some("2022-11-18T07:35")),
            ("Friday", Some("2022-11-18")),
        ],
    );
    // Another word between them: the clock stays on the anchor's day.
    check(
        "It closed at 3 p.m. and reopened Tuesday.",
        a,
        &[
            ("3 p.m.", Some("2022-11-23T15:00")),
            ("Tuesday", Some("2022-11-22")),
        ],
    );
    check(
        "He spoke Wednesday night and again Sunday afternoon.",
        a,
        &[
            ("Wednesday night", Some("2022-11-23TNI")),
            ("Sunday afternoon", Some("2022-11-20TAF")),
        ],
    );
}

/// TimeML DURATIONs and SETs.
#[test]
fn durations_and_sets_follow_timeml() {
    let a = day(1989, 10, 30);
    check(
        "Revenue for the year ended March 31 rose. The year ended badly.",
        a,
        &[("the year", Some("P1Y")), ("March 31", Some("1989-03-31"))],
    );
    check(
        "They stayed 2 1/2 years and will stay two more weeks.",
        a,
        &[
            ("2 1/2 years", Some("P2Y6M")),
            ("two more weeks", Some("P2W")),
        ],
    );
    check(
        "Shares fell eight trading days; over the next couple of years they rose.",
        a,
        &[
            ("eight trading days", Some("P8D")),
            ("the next couple of years", Some("P2Y")),
        ],
    );
    check(
        "The board meets every Thursday, every Tuesday night and each July.",
        a,
        &[
            ("every Thursday", Some("XXXX-WXX-4")),
            ("every Tuesday night", Some("XXXX-WXX-2TNI")),
            ("each July", Some("XXXX-07")),
        ],
    );
    check(
        "The council meets every week and reports annually.",
        a,
        &[("every week", Some("P1W")), ("annually", Some("P1Y"))],
    );
}

#[test]
fn a_clock_takes_the_day_written_before_it() {
    let a = day(2022, 11, 23);
    check(
        "The court meets Monday at 10 a.m. to hear it.",
        a,
        &[
            ("Monday", Some("2022-11-28")),
            ("10 a.m.", Some("2022-11-28T10:00")),
        ],
    );
}

#[test]
fn halves_and_quarters_of_a_named_year_are_one_expression() {
    let a = day(2022, 11, 23);
    check(
        "Sales should recover in the first half of next year.",
        a,
        &[("the first half of next year", Some("2023-H1"))],
    );
    check(
        "It lost money in the fourth quarter of fiscal 1990.",
        a,
        &[("the fourth quarter of fiscal 1990", Some("1990-Q4"))],
    );
}

#[test]
fn frequencies_are_sets_valued_as_their_period() {
    let anchor = day(2022, 11, 23);
    check(
        "The board meets twice a year and the staff three times a week; she calls once a month.",
        anchor,
        &[
            ("twice a year", Some("P1Y")),
            ("three times a week", Some("P1W")),
            ("once a month", Some("P1M")),
        ],
    );
    check(
        "Buses run every other day, and elections come every four years.",
        anchor,
        &[
            ("every other day", Some("P2D")),
            ("every four years", Some("P4Y")),
        ],
    );
    check(
        "Nurses visit twice weekly; the pill is taken once daily.",
        anchor,
        &[("twice weekly", Some("P1W")), ("once daily", Some("P1D"))],
    );
    // "700 seats a week" is a rate, not a SET.
    check("The airline adds 700 seats a week.", anchor, &[]);
}

#[test]
fn recurring_parts_of_days_are_sets() {
    let anchor = day(2022, 11, 23);
    check(
        "Each morning he jogs; the ferry leaves on Tuesday nights.",
        anchor,
        &[
            ("Each morning", Some("XXXX-XX-XXTMO")),
            ("Tuesday nights", Some("XXXX-WXX-2TNI")),
        ],
    );
}

#[test]
fn a_clock_without_a_day_takes_the_last_day_mentioned() {
    let anchor = day(2022, 11, 23);
    check(
        "The mayor was shot on Friday night. He died at 10 p.m. in hospital.",
        anchor,
        &[
            ("Friday night", Some("2022-11-18TNI")),
            ("10 p.m.", Some("2022-11-18T22:00")),
        ],
    );
    // With no day before it, the clock is on the anchor's day.
    check(
        "The convoy will leave at 4 in the morning.",
        anchor,
        &[("4 in the morning", Some("2022-11-23T04:00"))],
    );
}

#[test]
fn a_hyphenated_duration_leaves_the_determiner_to_its_noun() {
    check(
        "The government called the 14-day waiting period unfair.",
        day(2022, 11, 23),
        &[("14-day", Some("P14D"))],
    );
    check(
        "The third-quarter loss followed a day-long meeting.",
        day(2022, 11, 23),
        &[
            ("third-quarter", Some("2022-Q3")),
            ("day-long", Some("P1D")),
        ],
    );
    check(
        "Prices rose over the past eight months.",
        day(2022, 11, 23),
        &[("the past eight months", Some("P8M"))],
    );
}

#[test]
fn a_point_counted_back_roughly_keeps_its_approximation() {
    check(
        "Then, a week or so ago, the general picked a date.",
        day(2022, 11, 23),
        &[("a week or so ago", Some("2022-W46"))],
    );
}

#[test]
fn local_times_seasons_and_quarter_centuries() {
    let anchor = day(2013, 3, 14);
    check(
        "The truce began at 6 a.m. local time Sunday.",
        anchor,
        &[("6 a.m. local time Sunday", Some("2013-03-10T06:00"))],
    );
    check(
        "The festival is held every summer and has run for a quarter century.",
        anchor,
        &[
            ("every summer", Some("XXXX-SU")),
            ("a quarter century", Some("P25Y")),
        ],
    );
}
