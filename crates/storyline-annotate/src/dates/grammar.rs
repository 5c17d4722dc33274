//! Recognition: hand-written patterns over tokens that find time expressions and
//! say what they mean.
//!
//! An expression is read as
//! `[approximation] [the] [position] core [postfix]`: "about 13 years ago",
//! "the early 1990s", "late last month", "the end of the year". The core
//! patterns are chosen by the first token's lexicon entry, so a token that is in
//! no word list and is not a number is skipped at once: this keeps the scan fast.

use super::lexicon::{lookup, DayPart, Lex, Season, Unit, W};
use super::meaning::{Amount, DayRef, Meaning, RefKind, Rel, TimePart};
use super::number::{digits_at, glued, is_dash, is_punct, words_at};
use super::token::{Kind, Token};

/// A recognised expression: tokens `start..end` and what they mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cand {
    /// First token.
    pub start: usize,
    /// Token after the last one.
    pub end: usize,
    /// What the tokens mean.
    pub meaning: Meaning,
}

/// Finds every time expression in the tokens, left to right, longest first, without overlaps.
pub(crate) fn recognise(text: &str, toks: &[Token]) -> Vec<Cand> {
    let cx = Cx { text, toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // Page furniture ("Sun Apr 3, 2011 10:47pm EDT" above a wire story) dates
        // the page, not anything that happened: nothing inside it is read.
        if let Some(end) = cx.page_stamp(i) {
            i = end;
            continue;
        }
        if cx.may_start(i) {
            // A frequency ("three times a week") reaches back over its count, which
            // must not be part of the expression before it.
            let free = |c: &Cand| out.last().is_none_or(|prev: &Cand| prev.end <= c.start);
            if let Some(cand) = cx.parse_at(i).filter(free) {
                debug_assert!(cand.end > i);
                i = cand.end;
                out.push(cand);
                continue;
            }
        }
        i += 1;
    }
    out
}

fn cand(start: usize, end: usize, meaning: Meaning) -> Option<Cand> {
    Some(Cand {
        start,
        end,
        meaning,
    })
}

/// The text and its tokens, with small helpers to read them.
struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
}

impl<'a> Cx<'a> {
    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::None, |t| t.lex)
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn str(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn w(&self, i: usize, w: W) -> bool {
        self.lex(i) == Lex::Word(w)
    }

    fn punct(&self, i: usize, c: u8) -> bool {
        is_punct(self.text, self.toks, i, c)
    }

    fn dash(&self, i: usize) -> bool {
        is_dash(self.text, self.toks, i)
    }

    fn glued(&self, a: usize, b: usize) -> bool {
        glued(self.toks, a, b)
    }

    /// Whether the token starts with an upper-case letter.
    fn cap(&self, i: usize) -> bool {
        self.str(i)
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_uppercase())
    }

    /// The value of a plain digit token of at most `max_len` digits.
    fn small_num(&self, i: usize, max_len: usize) -> Option<u32> {
        let tok = self.toks.get(i)?;
        if tok.kind != Kind::Num || tok.end - tok.start > max_len {
            return None;
        }
        self.str(i).parse().ok()
    }

    /// The value of a four-digit token.
    fn four_digits(&self, i: usize) -> Option<i32> {
        let tok = self.toks.get(i)?;
        if tok.kind != Kind::Num || tok.end - tok.start != 4 {
            return None;
        }
        self.str(i).parse().ok()
    }

    /// Whether token `i` continues a number or a code glued to the previous token:
    /// "5,000", "5.5", "5%", "01:06", "5-7".
    fn continues_number(&self, i: usize) -> bool {
        if !self.glued(i - 1, i) {
            return false;
        }
        let next_is_digit = self.kind(i + 1) == Some(Kind::Num) && self.glued(i, i + 1);
        (self.punct(i, b',') || self.punct(i, b'.') || self.punct(i, b':') || self.punct(i, b'/'))
            && next_is_digit
            || self.punct(i, b'%')
    }

    fn may_start(&self, i: usize) -> bool {
        let tok = &self.toks[i];
        match tok.kind {
            Kind::Word => tok.lex != Lex::None,
            Kind::Num | Kind::Mixed => true,
            Kind::Punct => matches!(self.str(i), "'" | "’"),
            Kind::Ident => false,
        }
    }

    fn parse_at(&self, i: usize) -> Option<Cand> {
        if let Some(j) = self.approximation(i) {
            let c = self.with_determiner(j)?;
            return if c.meaning.takes_approximation() {
                cand(i, c.end, c.meaning)
            } else {
                None
            };
        }
        self.with_determiner(i)
    }

    fn with_determiner(&self, i: usize) -> Option<Cand> {
        if self.w(i, W::The) {
            if let Some(c) = self.day_first(i) {
                return Some(c);
            }
            if let Some(j) = self.position(i + 1) {
                let c = self.after_position(j)?;
                return if c.meaning.takes_position() {
                    cand(i, c.end, c.meaning)
                } else {
                    None
                };
            }
            let c = self.core(i + 1)?;
            // "the past", "the future", "the coming days"; not "the current government".
            let takes = match c.meaning {
                _ if matches!(self.lex(i + 1), Lex::Unit(_, true)) => false,
                // "the 14-day waiting period", "the third-quarter loss": "the"
                // belongs to the noun the hyphenated expression modifies.
                _ if self.dash(c.end - 2) && self.glued(c.end - 2, c.end - 1) => false,
                Meaning::Reference(_) => matches!(
                    self.lex(i + 1),
                    Lex::Word(W::Past | W::Future | W::Near | W::Coming)
                ),
                _ => c.meaning.takes_determiner(),
            };
            return if takes {
                cand(i, c.end, c.meaning)
            } else {
                None
            };
        }
        if let Some(j) = self.position(i) {
            let c = self.after_position(j)?;
            return if c.meaning.takes_position() {
                cand(i, c.end, c.meaning)
            } else {
                None
            };
        }
        self.core(i)
    }

    /// Approximation words before a duration: "about", "nearly", "more than", "at least", "up to".
    fn approximation(&self, i: usize) -> Option<usize> {
        match self.lex(i) {
            Lex::Word(
                W::About
                | W::Around
                | W::Nearly
                | W::Almost
                | W::Approximately
                | W::Roughly
                | W::Some,
            ) => Some(i + 1),
            Lex::Word(W::Over | W::Under) if !self.w(i + 1, W::The) => Some(i + 1),
            Lex::Word(W::More | W::Less | W::Fewer) if self.w(i + 1, W::Than) => Some(i + 2),
            Lex::Word(W::At) if self.w(i + 1, W::Least) || self.w(i + 1, W::Most) => Some(i + 2),
            Lex::Word(W::Up) if self.w(i + 1, W::To) => Some(i + 2),
            _ => None,
        }
    }

    /// Position words: "early", "late", "mid-", "the end of", "earlier" (before "this", "today").
    fn position(&self, i: usize) -> Option<usize> {
        match self.lex(i) {
            Lex::Word(W::Early | W::Late | W::Mid) => {
                if self.dash(i + 1) && self.glued(i, i + 1) {
                    Some(i + 2)
                } else {
                    Some(i + 1)
                }
            }
            Lex::Word(W::End | W::Beginning | W::Start | W::Middle) if self.w(i + 1, W::Of) => {
                Some(i + 2)
            }
            Lex::Word(W::Earlier | W::Later) => match self.lex(i + 1) {
                Lex::Word(W::This | W::Today | W::Yesterday | W::Tomorrow | W::Tonight)
                | Lex::Weekday(_) => Some(i + 1),
                _ => None,
            },
            _ => None,
        }
    }

    fn after_position(&self, j: usize) -> Option<Cand> {
        if self.w(j, W::The) {
            if let Lex::Unit(
                unit @ (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade),
                false,
            ) = self.lex(j + 1)
            {
                return cand(j, j + 2, Meaning::RelUnit { unit, offset: 0 });
            }
            let c = self.core(j + 1)?;
            return cand(j, c.end, c.meaning);
        }
        self.core(j)
    }

    fn core(&self, i: usize) -> Option<Cand> {
        let tok = self.toks.get(i)?;
        match tok.kind {
            Kind::Num => self.numeric(i),
            Kind::Mixed => self.mixed(i),
            Kind::Punct => self.apostrophe_decade(i),
            Kind::Ident => None,
            Kind::Word => match tok.lex {
                Lex::Month(m) | Lex::MonthAbbr(m) => self.month_first(i, m as u32),
                Lex::Weekday(d) => self.weekday(i, i, d, Rel::Bare),
                Lex::Number(_) => self.amount_expr(i, i),
                Lex::Ordinal(_) => self.ordinal_expr(i),
                Lex::Unit(unit, true) => self.bare_plural_unit(i, unit),
                // "year-earlier", "the year-ago quarter": the same period a year before.
                Lex::Unit(Unit::Year, false) if self.dash(i + 1) && self.glued(i, i + 1) => {
                    if !matches!(self.lex(i + 2), Lex::Word(W::Earlier | W::Ago)) {
                        return None;
                    }
                    let end = self.quarter_words(i + 3).unwrap_or(i + 3);
                    cand(
                        i,
                        end,
                        Meaning::Shift {
                            unit: Unit::Year,
                            amount: -1.0,
                        },
                    )
                }
                // "the year ended March 31", "the fiscal year ending in June": a
                // twelve-month reporting period, a TimeML DURATION (P1Y).
                Lex::Unit(Unit::Year, false)
                    if i > 0
                        && (self.w(i - 1, W::The) || self.w(i - 1, W::Fiscal))
                        && matches!(
                            self.str(i + 1).to_ascii_lowercase().as_str(),
                            "ended" | "ending"
                        )
                        && self.dated_after(i + 2) =>
                {
                    let amount = Amount::N(1.0);
                    cand(
                        i,
                        i + 1,
                        Meaning::Duration {
                            unit: Unit::Year,
                            amount,
                        },
                    )
                }
                // "the quarter" in results news is the one just ended.
                Lex::Unit(Unit::Quarter, false)
                    if i > 0 && self.w(i - 1, W::The) && !self.dash(i + 1) =>
                {
                    cand(i, i + 1, Meaning::LatestQuarter)
                }
                // "a day-long meeting": one unit (P1D).
                Lex::Unit(unit, false)
                    if self.dash(i + 1)
                        && self.glued(i, i + 1)
                        && self.glued(i + 1, i + 2)
                        && self.str(i + 2).eq_ignore_ascii_case("long") =>
                {
                    let amount = Amount::N(1.0);
                    cand(i, i + 3, Meaning::Duration { unit, amount })
                }
                Lex::DecadeWord(d) => cand(i, i + 1, Meaning::Decade(190 + d as i32)),
                Lex::Season(season) => self.season(i, season),
                Lex::Word(w) => self.word_expr(i, w),
                _ => None,
            },
        }
    }

    /// Whether a date or a day word starts at `j`: "March 31", "Sept. 30",
    /// "tomorrow", "in June", "last week" ("the year ended badly" is no period).
    fn dated_after(&self, j: usize) -> bool {
        match self.lex(j) {
            Lex::Month(_) | Lex::MonthAbbr(_) | Lex::Weekday(_) => true,
            Lex::Word(W::Today | W::Tomorrow | W::Yesterday | W::Last | W::This | W::Next) => true,
            _ => self.str(j).eq_ignore_ascii_case("in") && self.dated_after(j + 1),
        }
    }

    // ----- numbers -----

    fn numeric(&self, i: usize) -> Option<Cand> {
        if let Some(c) = self.numeric_date(i) {
            return Some(c);
        }
        if let Some(c) = self.clock(i) {
            return Some(c);
        }
        if let Some(c) = self.military_clock(i) {
            return Some(c);
        }
        if let Some(c) = self.year(i) {
            return Some(c);
        }
        if let Some(c) = self.day_first(i) {
            return Some(c);
        }
        self.amount_expr(i, i)
    }

    /// "2022-08-18", "2022/08/18", "21/11/2022" (only when day and month cannot be swapped).
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let sep = self.str(i + 1);
        if !matches!(sep, "-" | "/" | ".") || self.str(i + 3) != sep {
            return None;
        }
        if !(self.glued(i, i + 1)
            && self.glued(i + 1, i + 2)
            && self.glued(i + 2, i + 3)
            && self.glued(i + 3, i + 4))
        {
            return None;
        }
        let (year, month, day) = if let Some(year) = self.four_digits(i) {
            if sep == "." {
                return None;
            }
            (year, self.small_num(i + 2, 2)?, self.small_num(i + 4, 2)?)
        } else {
            let a = self.small_num(i, 2)?;
            let b = self.small_num(i + 2, 2)?;
            let year = self.four_digits(i + 4)?;
            let (day, month) = match (a > 12, b > 12) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                (false, false) if a == b => (a, b),
                _ => return None,
            };
            (year, month, day)
        };
        // A longer code such as "2022-08-18-1" is not a date.
        if self.glued(i + 4, i + 5) && (self.dash(i + 5) || self.punct(i + 5, b'/')) {
            return None;
        }
        valid_date(Some(year), month, day)?;
        cand(
            i,
            i + 5,
            Meaning::Day(
                DayRef::Date {
                    year: Some(year),
                    month,
                    day,
                },
                TimePart::Whole,
            ),
        )
    }

    /// "10:35 a.m.", "9 p.m.", "14:30 GMT", "at 10:30", "noon Thursday".
    fn clock(&self, i: usize) -> Option<Cand> {
        let hour = self.small_num(i, 2)?;
        let mut j = i + 1;
        let mut minute = 0;
        let mut colon = false;
        if (self.punct(j, b':') || self.punct(j, b'.')) && self.glued(i, j) && self.glued(j, j + 1)
        {
            let tok = self.toks.get(j + 1)?;
            if tok.kind != Kind::Num || tok.end - tok.start != 2 {
                return None;
            }
            minute = self.small_num(j + 1, 2)?;
            colon = self.punct(j, b':');
            j += 2;
            if minute > 59 {
                return None;
            }
        }
        let hour24 = if let Some((end, pm)) = self.am_pm(j) {
            if !(1..=12).contains(&hour) {
                return None;
            }
            j = end;
            hour_24(hour, pm)
        } else if colon
            && hour <= 23
            && (self.lex(j) == Lex::Zone || (i > 0 && self.w(i - 1, W::At)))
        {
            hour
        } else if let Some((end, pm)) = self.part_as_am_pm(j).filter(|_| (1..=12).contains(&hour)) {
            // "4 in the morning", "10 at night".
            j = end;
            hour_24(hour, pm)
        } else {
            return None;
        };
        while self.lex(j) == Lex::Zone {
            j += 1;
        }
        // "6 a.m. local time Sunday".
        if self.str(j).eq_ignore_ascii_case("local") && self.str(j + 1).eq_ignore_ascii_case("time")
        {
            j += 2;
        }
        let (mut end, day) = self.clock_day(j);
        // "p.m." at the end of a sentence: the last point is the full stop.
        if end == j && self.punct(j - 1, b'.') && self.sentence_ends_after(j - 1) {
            end = j - 1;
        }
        cand(i, end, Meaning::Day(day, TimePart::Clock(hour24, minute)))
    }

    /// A four-digit clock time: "1950 GMT", "0900 local time", and
    /// "by 1100 (1600 GMT)" where the time in brackets shows what the first one is.
    fn military_clock(&self, i: usize) -> Option<Cand> {
        let hhmm = self.four_digits(i)?;
        let (hour, minute) = (hhmm / 100, hhmm % 100);
        if hour > 23 || minute > 59 {
            return None;
        }
        let end = if self.lex(i + 1) == Lex::Zone {
            let mut j = i + 1;
            while self.lex(j) == Lex::Zone {
                j += 1;
            }
            j
        } else if self.str(i + 1).eq_ignore_ascii_case("local")
            && self.str(i + 2).eq_ignore_ascii_case("time")
        {
            i + 3
        } else if self.bracketed_clock_follows(i + 1) {
            i + 1
        } else {
            return None;
        };
        let (end, day) = self.clock_day(end);
        cand(
            i,
            end,
            Meaning::Day(day, TimePart::Clock(hour as u32, minute as u32)),
        )
    }

    /// Whether an opening bracket at `j` ("(" or the tokenised "-LRB-") holds a
    /// four-digit clock time with its zone: "(1600 GMT)".
    fn bracketed_clock_follows(&self, j: usize) -> bool {
        let inner = if self.punct(j, b'(') {
            j + 1
        } else if self.dash(j) && self.str(j + 1) == "LRB" && self.dash(j + 2) {
            j + 3
        } else {
            return false;
        };
        self.four_digits(inner)
            .is_some_and(|t| t / 100 <= 23 && t % 100 <= 59)
            && self.lex(inner + 1) == Lex::Zone
    }

    /// Page furniture at token `i`: an abbreviated weekday, a month and day (and
    /// year), then a clock time or the end of the line, as wire pages stamp their
    /// stories ("Sun Apr 3, 2011 10:47pm EDT"). Returns the token after it.
    fn page_stamp(&self, i: usize) -> Option<usize> {
        let weekday = self.str(i);
        if !matches!(
            weekday,
            "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun"
        ) {
            return None;
        }
        let month = match self.lex(i + 1) {
            Lex::Month(m) | Lex::MonthAbbr(m) if self.cap(i + 1) => m,
            _ => return None,
        };
        let date = self.month_first(i + 1, month as u32)?;
        if !matches!(date.meaning, Meaning::Day(DayRef::Date { .. }, _)) {
            return None;
        }
        let mut end = date.end;
        if let Some(clock) = self
            .clock(end)
            .map(|c| c.end)
            .or_else(|| self.glued_clock(end))
        {
            end = clock;
        } else if self.toks.get(end).is_some_and(|t| !t.newline_before) {
            return None;
        }
        while self.lex(end) == Lex::Zone {
            end += 1;
        }
        Some(end)
    }

    /// The end of a clock time written without a space before am/pm ("10:47pm"), at `j`.
    fn glued_clock(&self, j: usize) -> Option<usize> {
        self.small_num(j, 2)?;
        if !(self.punct(j + 1, b':') && self.glued(j, j + 1)) {
            return None;
        }
        let tok = self.toks.get(j + 2)?;
        if !matches!(tok.kind, Kind::Num | Kind::Mixed) || !self.glued(j + 1, j + 2) {
            return None;
        }
        Some(j + 3)
    }

    /// The day after a clock time: "9 a.m. Tuesday", "5 p.m. EST, Nov. 9", "noon today".
    fn clock_day(&self, j: usize) -> (usize, DayRef) {
        let k = if self.punct(j, b',') { j + 1 } else { j };
        match self.lex(k) {
            Lex::Weekday(d) if self.cap(k) => (k + 1, DayRef::Weekday(d, Rel::Bare)),
            Lex::Word(W::Today) => (k + 1, DayRef::Offset(0)),
            Lex::Word(W::Yesterday) => (k + 1, DayRef::Offset(-1)),
            Lex::Word(W::Tomorrow) => (k + 1, DayRef::Offset(1)),
            Lex::Month(m) | Lex::MonthAbbr(m) => match self.month_first(k, m as u32) {
                Some(Cand {
                    end,
                    meaning: Meaning::Day(day @ DayRef::Date { .. }, _),
                    ..
                }) => (end, day),
                _ => (j, DayRef::Mentioned),
            },
            _ => (j, DayRef::Mentioned),
        }
    }

    /// "in the morning", "in the afternoon", "in the evening", "at night" after a
    /// clock time written without a.m. or p.m.: the token after it and whether it is p.m.
    fn part_as_am_pm(&self, j: usize) -> Option<(usize, bool)> {
        if self.w(j, W::In) && self.w(j + 1, W::The) {
            return match self.lex(j + 2) {
                Lex::DayPart(DayPart::Morning) => Some((j + 3, false)),
                Lex::DayPart(DayPart::Afternoon | DayPart::Evening) => Some((j + 3, true)),
                _ => None,
            };
        }
        (self.w(j, W::At) && self.lex(j + 1) == Lex::DayPart(DayPart::Night))
            .then_some((j + 2, true))
    }

    /// A plural part of the day ("nights", "mornings") at token `j`: the recurring
    /// part of "Tuesday nights".
    fn plural_day_part(&self, j: usize) -> Option<DayPart> {
        let word = self.str(j).to_ascii_lowercase();
        match lookup(word.strip_suffix('s')?) {
            Lex::DayPart(part) => Some(part),
            _ => None,
        }
    }

    /// "once a week", "twice a year", "three times per month": a TimeML SET valued
    /// as the period (`P1W`), the count being its frequency. `i` is at "a" or "per".
    fn frequency(&self, i: usize) -> Option<Cand> {
        let Lex::Unit(unit, false) = self.lex(i + 1) else {
            return None;
        };
        if i == 0 {
            return None;
        }
        let start = match self.str(i - 1).to_ascii_lowercase().as_str() {
            "once" | "twice" | "thrice" => i - 1,
            "times" if i >= 2 => {
                let counted = self.kind(i - 2) == Some(Kind::Num)
                    || matches!(
                        self.lex(i - 2),
                        Lex::Number(_) | Lex::Word(W::Several | W::Many)
                    );
                if !counted {
                    return None;
                }
                i - 2
            }
            _ => return None,
        };
        cand(start, i + 2, Meaning::Every { unit, count: 1 })
    }

    /// "a.m.", "p.m.", "am", "PM" at token `j`: the token after it and whether it is p.m.
    fn am_pm(&self, j: usize) -> Option<(usize, bool)> {
        let word = self.str(j);
        let pm = match word {
            "am" | "AM" => return Some((j + 1, false)),
            "pm" | "PM" => return Some((j + 1, true)),
            "a" | "A" => false,
            "p" | "P" => true,
            _ => return None,
        };
        if self.punct(j + 1, b'.')
            && matches!(self.str(j + 2), "m" | "M")
            && self.glued(j, j + 1)
            && self.glued(j + 1, j + 2)
        {
            let end = if self.punct(j + 3, b'.') && self.glued(j + 2, j + 3) {
                j + 4
            } else {
                j + 3
            };
            return Some((end, pm));
        }
        None
    }

    /// Whether the token after `i` starts a new sentence (or there is none).
    fn sentence_ends_after(&self, i: usize) -> bool {
        match self.toks.get(i + 1) {
            None => true,
            Some(t) => t.newline_before || self.cap(i + 1),
        }
    }

    /// A year: "1999", "fiscal 1989", "the 1998-99 war".
    fn year(&self, i: usize) -> Option<Cand> {
        let year = self.four_digits(i)?;
        let prev = if i > 0 { self.lex(i - 1) } else { Lex::None };
        let after_preposition = matches!(
            prev,
            Lex::Word(
                W::In
                    | W::Since
                    | W::Until
                    | W::By
                    | W::Before
                    | W::After
                    | W::During
                    | W::From
                    | W::Through
                    | W::Between
                    | W::Of
                    | W::Fiscal
                    | W::Early
                    | W::Late
                    | W::Mid
                    | W::End
            )
        ) || matches!(prev, Lex::Month(_) | Lex::MonthAbbr(_));
        let plausible =
            (1900..=2100).contains(&year) || ((1000..1900).contains(&year) && after_preposition);
        if !plausible {
            return None;
        }
        // Counts, money and measures are not years: "about 2000 troops", "$2000", "2000%".
        if i > 0 {
            let before = self.str(i - 1);
            if matches!(before, "$" | "€" | "£" | "#") && self.glued(i - 1, i) {
                return None;
            }
            if matches!(
                prev,
                Lex::Word(
                    W::About
                        | W::Around
                        | W::Nearly
                        | W::Almost
                        | W::Approximately
                        | W::Roughly
                        | W::Some
                        | W::Than
                        | W::Over
                        | W::Under
                )
            ) {
                return None;
            }
            // "1,2008", "3.2008" or "03/04/2008" continue another number or code.
            let separator = self.punct(i - 1, b',')
                || self.punct(i - 1, b'.')
                || self.punct(i - 1, b'/')
                || self.dash(i - 1);
            if separator
                && self.glued(i - 1, i)
                && i > 1
                && self.kind(i - 2) == Some(Kind::Num)
                && self.glued(i - 2, i - 1)
            {
                return None;
            }
        }
        if self.continues_number(i + 1) {
            return None;
        }
        match self.lex(i + 1) {
            Lex::Word(W::Per | W::Percent) | Lex::Unit(_, true) => return None,
            _ => {}
        }
        // "2000 troops": a lower-case plural noun right after a bare number counts it
        // ("a force of 1950 troops" too; "in 2008 elections" is a year).
        if !after_preposition || matches!(prev, Lex::Word(W::Of | W::By)) {
            let next = self.str(i + 1);
            if self.kind(i + 1) == Some(Kind::Word)
                && next.len() > 3
                && next.ends_with('s')
                && !next.ends_with("ss")
                && next.as_bytes()[0].is_ascii_lowercase()
            {
                return None;
            }
        }
        // "the 1988 third quarter", "the 1988 period".
        if let Some(c) = self.year_quarter(i, year) {
            return Some(c);
        }
        // "1998-99", "1998–2000": a range, valued as its first year.
        if self.dash(i + 1) && self.glued(i, i + 1) && self.glued(i + 1, i + 2) {
            if let Some(second) = self.small_num(i + 2, 4) {
                let len = self.str(i + 2).len();
                let ok = match len {
                    2 => second as i32 > year % 100 || (year % 100 == 99 && second == 0),
                    4 => (second as i32) > year && (second as i32) <= year + 100,
                    _ => false,
                };
                if ok {
                    return cand(i, i + 3, Meaning::Year(year));
                }
                return None;
            }
        }
        cand(i, i + 1, Meaning::Year(year))
    }

    /// A quarter after its year: "1988 third quarter", "1988 quarter", "1988 period".
    fn year_quarter(&self, i: usize, year: i32) -> Option<Cand> {
        let j = i + 1;
        if let Lex::Unit(Unit::Quarter, false) = self.lex(j) {
            return cand(
                i,
                j + 1,
                Meaning::Quarter {
                    year: Some(year),
                    quarter: 0,
                    rel: Rel::Bare,
                },
            );
        }
        if self.str(j) == "period" {
            return cand(
                i,
                j + 1,
                Meaning::Quarter {
                    year: Some(year),
                    quarter: 0,
                    rel: Rel::Bare,
                },
            );
        }
        let n = match self.lex(j) {
            Lex::Ordinal(n) => n as u32,
            _ => ordinal_suffix(self.str(j))?,
        };
        let k = if self.dash(j + 1) && self.glued(j, j + 1) {
            j + 2
        } else {
            j + 1
        };
        if (1..=4).contains(&n) && self.lex(k) == Lex::Unit(Unit::Quarter, false) {
            return cand(
                i,
                k + 1,
                Meaning::Quarter {
                    year: Some(year),
                    quarter: n,
                    rel: Rel::Bare,
                },
            );
        }
        None
    }

    /// The end of "third quarter", "quarter", "period" or "nine months" at `j`, if there.
    fn quarter_words(&self, j: usize) -> Option<usize> {
        match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) => Some(j + 1),
            Lex::Ordinal(1..=4) if self.lex(j + 1) == Lex::Unit(Unit::Quarter, false) => {
                Some(j + 2)
            }
            _ if self.str(j) == "period" => Some(j + 1),
            _ => None,
        }
    }

    /// Whether a sentence starts at token `i`.
    fn sentence_starts_at(&self, i: usize) -> bool {
        i == 0
            || self.toks[i].newline_before
            || matches!(
                self.str(i - 1),
                "." | "!" | "?" | "\"" | "“" | "‘" | "'" | "`" | "("
            )
    }

    /// A day before its month: "5 November", "the 1st of September", "21st September 2022".
    fn day_first(&self, i: usize) -> Option<Cand> {
        let start = i;
        let mut j = i;
        let the = self.w(j, W::The);
        if the {
            j += 1;
        }
        let day_tok = j;
        let day = match self.kind(j)? {
            Kind::Num if !the => {
                if self.toks[j].end - self.toks[j].start > 2 {
                    return None;
                }
                self.small_num(j, 2)?
            }
            Kind::Mixed => ordinal_suffix(self.str(j))?,
            Kind::Word => match self.lex(j) {
                Lex::Ordinal(n) => n as u32,
                _ => return None,
            },
            _ => return None,
        };
        j += 1;
        let of = self.w(j, W::Of);
        if of {
            j += 1;
        }
        // An ordinal word needs "the ... of": "the first of May"; "first May" is not a date.
        if self.kind(day_tok) == Some(Kind::Word) && !(the && of) {
            return None;
        }
        let month = match self.lex(j) {
            Lex::Month(m) if self.cap(j) => m as u32,
            Lex::MonthAbbr(m) if self.cap(j) => m as u32,
            _ => return None,
        };
        let mut end = j + 1;
        if matches!(self.lex(j), Lex::MonthAbbr(_)) && self.punct(end, b'.') && self.glued(j, end) {
            end += 1;
        }
        let mut year = None;
        let k = if self.punct(end, b',') { end + 1 } else { end };
        if let Some(y) = self.four_digits(k) {
            if !self.continues_number(k + 1) {
                year = Some(y);
                end = k + 1;
            }
        }
        if matches!(self.lex(j), Lex::MonthAbbr(_))
            && year.is_none()
            && end == j + 2
            && self.sentence_ends_after(j + 1)
        {
            // "5 Nov." at the end of a sentence: the point is the full stop.
            end = j + 1;
        }
        valid_date(year, month, day)?;
        cand(
            start,
            end,
            Meaning::Day(DayRef::Date { year, month, day }, TimePart::Whole),
        )
    }

    /// A duration or a point a duration away: "eight hours", "a month", "11 years ago",
    /// "a year earlier", "16-hour", "a couple of years". `start` is where the expression began.
    fn amount_expr(&self, start: usize, i: usize) -> Option<Cand> {
        let (j, amount) = self.amount(i)?;
        // "16-hour", "two-year", "day-long": a hyphenated modifier.
        if self.dash(j) && self.glued(j - 1, j) && self.glued(j, j + 1) {
            if let Lex::Unit(unit, false) = self.lex(j + 1) {
                let mut end = j + 2;
                if self.dash(end) && self.glued(end - 1, end) {
                    match self.str(end + 1) {
                        // "a 6-year-old": an age, not a time.
                        "old" => return None,
                        "long" => end += 2,
                        _ => {}
                    }
                }
                return cand(start, end, Meaning::Duration { unit, amount });
            }
            return None;
        }
        // "two more weeks", "eight trading days", "three straight years": one
        // word between the count and its unit.
        let between = matches!(self.lex(j), Lex::Word(W::More))
            || matches!(
                self.str(j).to_ascii_lowercase().as_str(),
                "additional"
                    | "straight"
                    | "consecutive"
                    | "trading"
                    | "business"
                    | "working"
                    | "full"
            );
        let j = if between && matches!(self.lex(j + 1), Lex::Unit(..)) {
            j + 1
        } else {
            j
        };
        // "52 years old": an age.
        if matches!(self.lex(j), Lex::Unit(..)) && self.str(j + 1) == "old" {
            return None;
        }
        let unit = match self.lex(j) {
            Lex::Unit(unit, plural) => {
                // "one years" is not English; "a weeks" even less so.
                if amount == Amount::N(1.0) && plural && self.w(i, W::A) {
                    return None;
                }
                unit
            }
            _ => return None,
        };
        // "a year-earlier figure": the unit starts a compound of its own.
        if self.dash(j + 1) && self.glued(j, j + 1) {
            return None;
        }
        // "a quarter century", "a quarter-century": 25 years.
        if unit == Unit::Quarter {
            let k = if self.dash(j + 1) && self.glued(j, j + 1) {
                j + 2
            } else {
                j + 1
            };
            if let (Lex::Unit(Unit::Century, false), Amount::N(n)) = (self.lex(k), amount) {
                return self.after_duration(start, k + 1, Unit::Year, Amount::N(25.0 * n));
            }
        }
        // "an hour and a half".
        if self.w(j + 1, W::And) && self.w(j + 2, W::A) && self.w(j + 3, W::Half) {
            if let Amount::N(n) = amount {
                return self.after_duration(start, j + 4, unit, Amount::N(n + 0.5));
            }
        }
        self.after_duration(start, j + 1, unit, amount)
    }

    /// What follows a duration: "ago", "earlier", "later", "from now".
    fn after_duration(&self, start: usize, j: usize, unit: Unit, amount: Amount) -> Option<Cand> {
        // "a week or so ago": the approximation stays inside the point it counts to.
        let or_so =
            self.str(j).eq_ignore_ascii_case("or") && self.str(j + 1).eq_ignore_ascii_case("so");
        if or_so && self.w(j + 2, W::Ago) {
            return cand(start, j + 3, Meaning::Ago { unit, amount });
        }
        match self.lex(j) {
            Lex::Word(W::Ago) => cand(start, j + 1, Meaning::Ago { unit, amount }),
            // "a year earlier" is the point a year before the last date named; "three
            // days later" is, in TimeML, the DURATION "three days" (P3D) with "later"
            // a signal outside the extent.
            Lex::Word(W::Earlier) => match amount {
                Amount::N(n) => cand(start, j + 1, Meaning::Shift { unit, amount: -n }),
                Amount::Vague => cand(start, j, Meaning::Duration { unit, amount }),
            },
            Lex::Word(W::From) if self.w(j + 1, W::Now) => {
                cand(start, j + 2, Meaning::Hence { unit, amount })
            }
            Lex::Word(W::Hence) => cand(start, j + 1, Meaning::Hence { unit, amount }),
            _ => cand(start, j, Meaning::Duration { unit, amount }),
        }
    }

    /// A count before a unit of time: digits, number words, "a", "a few", "several", "half an".
    fn amount(&self, i: usize) -> Option<(usize, Amount)> {
        if let Some(n) = digits_at(self.text, self.toks, i) {
            // A number glued to a letter or a sign belongs to something else.
            if i > 0
                && self.glued(i - 1, i)
                && matches!(self.kind(i - 1), Some(Kind::Word | Kind::Mixed))
            {
                return None;
            }
            // "5 1/2 hours".
            let (num, den) = (self.small_num(n.end, 1), self.small_num(n.end + 2, 1));
            if let (Some(num), Some(den)) = (num, den) {
                let glued = self.glued(n.end, n.end + 1) && self.glued(n.end + 1, n.end + 2);
                if self.punct(n.end + 1, b'/') && glued && num < den {
                    return Some((n.end + 3, Amount::N(n.value + num as f64 / den as f64)));
                }
            }
            return Some((n.end, Amount::N(n.value)));
        }
        if self.w(i, W::Nineteen) {
            return Some((i + 1, Amount::N(19.0)));
        }
        if let Some(n) = words_at(self.text, self.toks, i) {
            return Some((n.end, Amount::N(n.value)));
        }
        // "$500 million a year", "700 seats a week": a rate, not a time.
        let rate = i > 0
            && (self.kind(i - 1) == Some(Kind::Num)
                || matches!(self.str(i - 1), "once" | "twice" | "times")
                || (self.kind(i - 1) == Some(Kind::Word)
                    && self.str(i - 1).ends_with('s')
                    && self.lex(i - 1) == Lex::None));
        match self.lex(i) {
            Lex::Word(W::A | W::An) if rate => None,
            Lex::Word(W::A | W::An) => match self.lex(i + 1) {
                Lex::Word(W::Few) => Some((i + 2, Amount::Vague)),
                Lex::Word(W::Couple) if self.w(i + 2, W::Of) => Some((i + 3, Amount::N(2.0))),
                Lex::Word(W::Dozen) => Some((i + 2, Amount::N(12.0))),
                Lex::Number(100) => Some((i + 2, Amount::N(100.0))),
                _ => Some((i + 1, Amount::N(1.0))),
            },
            Lex::Word(W::Few | W::Several | W::Many) => Some((i + 1, Amount::Vague)),
            // "the next couple of years".
            Lex::Word(W::Couple) if self.w(i + 1, W::Of) => Some((i + 2, Amount::N(2.0))),
            Lex::Word(W::Half) if self.w(i + 1, W::A) || self.w(i + 1, W::An) => {
                Some((i + 2, Amount::N(0.5)))
            }
            _ => None,
        }
    }

    /// "years", "weeks", "decades" alone: an unspecified length.
    fn bare_plural_unit(&self, i: usize, unit: Unit) -> Option<Cand> {
        // "hours" after a number that did not read as one ("24/7 hours") is not ours to guess.
        if i > 0 && matches!(self.kind(i - 1), Some(Kind::Num | Kind::Mixed)) {
            return None;
        }
        if unit == Unit::Second || unit == Unit::Quarter {
            return None;
        }
        if self.dash(i + 1) && self.glued(i, i + 1) && self.str(i + 2) == "long" {
            return cand(
                i,
                i + 3,
                Meaning::Duration {
                    unit,
                    amount: Amount::Vague,
                },
            );
        }
        self.after_duration(i, i + 1, unit, Amount::Vague)
    }

    // ----- words -----

    /// "November 5", "Nov. 5, 2022", "July 2022", "in July", "June last year".
    fn month_first(&self, i: usize, month: u32) -> Option<Cand> {
        if !self.cap(i) {
            return None;
        }
        let abbr = matches!(self.lex(i), Lex::MonthAbbr(_));
        let mut j = i + 1;
        let dotted = abbr && self.punct(j, b'.') && self.glued(i, j);
        if dotted {
            j += 1;
        }
        // The day.
        let day = match self.kind(j) {
            Some(Kind::Num)
                if self.toks[j].end - self.toks[j].start <= 2 && !self.continues_number(j + 1) =>
            {
                self.small_num(j, 2)
            }
            Some(Kind::Mixed) => ordinal_suffix(self.str(j)),
            Some(Kind::Word) => match self.lex(j) {
                Lex::Ordinal(n) if !abbr => Some(n as u32),
                _ => None,
            },
            _ => None,
        };
        if let Some(day) = day.filter(|d| (1..=31).contains(d)) {
            let blocked = matches!(
                self.lex(j + 1),
                Lex::Unit(..) | Lex::Word(W::Per | W::Percent)
            );
            if !blocked {
                let mut end = j + 1;
                let mut year = None;
                let k = if self.punct(end, b',') { end + 1 } else { end };
                if let Some(y) = self.four_digits(k) {
                    if !self.continues_number(k + 1) {
                        year = Some(y);
                        end = k + 1;
                    }
                }
                valid_date(year, month, day)?;
                return cand(
                    i,
                    end,
                    Meaning::Day(DayRef::Date { year, month, day }, TimePart::Whole),
                );
            }
        }
        // "January nineteen ninety-seven".
        if self.w(j, W::Nineteen) {
            if let Some(Cand {
                end,
                meaning: Meaning::Year(year),
                ..
            }) = self.spelled_year(j)
            {
                return cand(
                    i,
                    end,
                    Meaning::Month {
                        year: Some(year),
                        month,
                        rel: Rel::Bare,
                    },
                );
            }
        }
        // The year: "July 2022", "September of 2020", "November, 1995".
        let k = if self.punct(j, b',') || self.w(j, W::Of) {
            j + 1
        } else {
            j
        };
        if let Some(year) = self.four_digits(k) {
            if (1000..=2100).contains(&year) && !self.continues_number(k + 1) {
                return cand(
                    i,
                    k + 1,
                    Meaning::Month {
                        year: Some(year),
                        month,
                        rel: Rel::Bare,
                    },
                );
            }
        }
        // "June last year", "January this year".
        if let Lex::Unit(Unit::Year, false) = self.lex(j + 1) {
            let offset = match self.lex(j) {
                Lex::Word(W::Last) => Some(-1),
                Lex::Word(W::This) => Some(0),
                Lex::Word(W::Next) => Some(1),
                _ => None,
            };
            if let Some(year_offset) = offset {
                return cand(i, j + 2, Meaning::MonthOfRelYear { month, year_offset });
            }
        }
        // The month alone. Abbreviations, "May" and "March" need a preposition before them,
        // and "April Ryan" is a name.
        let prev = if i > 0 { self.lex(i - 1) } else { Lex::None };
        let introduced = matches!(
            prev,
            Lex::Word(
                W::In
                    | W::Since
                    | W::Until
                    | W::By
                    | W::Before
                    | W::After
                    | W::During
                    | W::From
                    | W::Through
                    | W::Between
                    | W::Of
                    | W::Early
                    | W::Late
                    | W::Mid
                    | W::Last
                    | W::Next
                    | W::This
                    | W::To
                    | W::And
                    | W::End
                    | W::Beginning
                    | W::Start
                    | W::Middle
                    | W::On
            )
        );
        if (month == 5 || month == 3) && !introduced || abbr && !(dotted && introduced) {
            return None;
        }
        // "April Ryan", "Jan Kavan": a name.
        if self.cap(i + 1) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        cand(
            i,
            i + 1,
            Meaning::Month {
                year: None,
                month,
                rel: Rel::Bare,
            },
        )
    }

    /// "Monday", "Friday morning", "Monday, Oct. 26", "Saturday, 25 April".
    fn weekday(&self, start: usize, i: usize, day: u8, rel: Rel) -> Option<Cand> {
        if !self.cap(i) {
            return None;
        }
        let j = if self.punct(i + 1, b',') {
            i + 2
        } else {
            i + 1
        };
        let dated = match self.lex(j) {
            Lex::Month(m) | Lex::MonthAbbr(m) => self.month_first(j, m as u32),
            _ if self.kind(j) == Some(Kind::Num) => self.day_first(j),
            _ => None,
        };
        if let Some(Cand {
            end,
            meaning: meaning @ Meaning::Day(DayRef::Date { .. }, _),
            ..
        }) = dated
        {
            return cand(start, end, meaning);
        }
        // "Tuesday nights": a recurring part of a weekday (TimeML SET XXXX-WXX-2TNI).
        if let Some(part) = self.plural_day_part(i + 1).filter(|_| rel == Rel::Bare) {
            return cand(start, i + 2, Meaning::EveryWeekday(day, Some(part)));
        }
        // "Friday morning": a TimeML TIME, the day with the part's code ("TMO").
        if let Lex::DayPart(part) = self.lex(i + 1) {
            let with_part = Meaning::Day(DayRef::Weekday(day, rel), TimePart::Part(part));
            return cand(start, i + 2, with_part);
        }
        cand(
            start,
            i + 1,
            Meaning::Day(DayRef::Weekday(day, rel), TimePart::Whole),
        )
    }

    /// Ordinal words and ordinals with digits: "third quarter", "20th century",
    /// "first half of 2022", "first nine months".
    fn ordinal_expr(&self, i: usize) -> Option<Cand> {
        let n = match self.lex(i) {
            Lex::Ordinal(n) => n as u32,
            _ => ordinal_suffix(self.str(i))?,
        };
        let mut j = i + 1;
        if self.dash(j) && self.glued(i, j) {
            j += 1;
        }
        match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) if (1..=4).contains(&n) => {
                if let Some((end, year_offset)) = self.of_rel_year(j + 1) {
                    let meaning = Meaning::QuarterOfRelYear {
                        quarter: n,
                        year_offset,
                    };
                    return cand(i, end, meaning);
                }
                let (end, year) = self.of_year(j + 1);
                cand(
                    i,
                    end,
                    Meaning::Quarter {
                        year,
                        quarter: n,
                        rel: Rel::Bare,
                    },
                )
            }
            Lex::Word(W::Half) if (1..=2).contains(&n) => {
                if let Some((end, year_offset)) = self.of_rel_year(j + 1) {
                    return cand(
                        i,
                        end,
                        Meaning::HalfOfRelYear {
                            half: n,
                            year_offset,
                        },
                    );
                }
                let (end, year) = self.of_year(j + 1);
                cand(i, end, Meaning::Half { year, half: n })
            }
            Lex::Unit(Unit::Century, false) if (1..=30).contains(&n) => {
                cand(i, j + 1, Meaning::Century(n as i32 - 1))
            }
            _ if j == i + 1 && n == 1 => {
                // "the first nine months": a duration.
                let c = self.amount_expr(i, j)?;
                matches!(c.meaning, Meaning::Duration { .. }).then_some(c)
            }
            _ => None,
        }
    }

    /// An optional "of 2022" or "2022" after a quarter or a half.
    fn of_year(&self, j: usize) -> (usize, Option<i32>) {
        let k = if self.w(j, W::Of) { j + 1 } else { j };
        // "the fourth quarter of fiscal 1990": TimeML values the fiscal period by its year.
        let k = if k > j && self.w(k, W::Fiscal) {
            k + 1
        } else {
            k
        };
        match self.four_digits(k) {
            Some(y) if (1000..=2100).contains(&y) && !self.continues_number(k + 1) => {
                (k + 1, Some(y))
            }
            _ => (j, None),
        }
    }

    /// "of next year", "of last year", "of this year" after a quarter or a half: the
    /// end and the year's offset from the anchor's.
    fn of_rel_year(&self, j: usize) -> Option<(usize, i32)> {
        if !self.w(j, W::Of) || self.lex(j + 2) != Lex::Unit(Unit::Year, false) {
            return None;
        }
        let offset = match self.lex(j + 1) {
            Lex::Word(W::Next) => 1,
            Lex::Word(W::Last) => -1,
            Lex::Word(W::This) => 0,
            _ => return None,
        };
        Some((j + 3, offset))
    }

    /// Tokens mixing digits and letters: "1990s", "21st", "9am", "Q3".
    fn mixed(&self, i: usize) -> Option<Cand> {
        let s = self.str(i);
        let bytes = s.as_bytes();
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            // "Q3", "Q3 2022".
            if bytes.len() == 2
                && (bytes[0] == b'Q' || bytes[0] == b'q')
                && (b'1'..=b'4').contains(&bytes[1])
            {
                let (end, year) = self.of_year(i + 1);
                return cand(
                    i,
                    end,
                    Meaning::Quarter {
                        year,
                        quarter: (bytes[1] - b'0') as u32,
                        rel: Rel::Bare,
                    },
                );
            }
            return None;
        }
        let (num, suffix) = s.split_at(digits);
        let value: u32 = num.parse().ok()?;
        match suffix {
            "s" if digits == 4 && num.ends_with('0') => {
                if i > 0 && self.glued(i - 1, i) && !self.dash(i - 1) {
                    return None;
                }
                cand(i, i + 1, Meaning::Decade(value as i32 / 10))
            }
            "st" | "nd" | "rd" | "th" => {
                if let Some(c) = self.day_first(i) {
                    return Some(c);
                }
                self.ordinal_expr(i)
            }
            "am" | "pm" | "AM" | "PM" if (1..=12).contains(&value) => {
                let pm = suffix.eq_ignore_ascii_case("pm");
                let hour = match (value, pm) {
                    (12, false) => 0,
                    (12, true) => 12,
                    (h, true) => h + 12,
                    (h, false) => h,
                };
                let mut j = i + 1;
                while self.lex(j) == Lex::Zone {
                    j += 1;
                }
                let (end, day) = self.clock_day(j);
                cand(i, end, Meaning::Day(day, TimePart::Clock(hour, 0)))
            }
            _ => None,
        }
    }

    /// "’90s", "'80s".
    fn apostrophe_decade(&self, i: usize) -> Option<Cand> {
        if !matches!(self.str(i), "'" | "’") || !self.glued(i, i + 1) {
            return None;
        }
        let s = self.str(i + 1);
        if s.len() == 3 && s.ends_with('s') {
            let tens: i32 = s[..2].parse().ok()?;
            if tens % 10 == 0 {
                let century = if tens >= 30 { 190 } else { 200 };
                return cand(i, i + 2, Meaning::Decade(century + tens / 10));
            }
        }
        None
    }

    /// Expressions led by a listed word: "today", "now", "last week", "next April", "recent weeks".
    fn word_expr(&self, i: usize, w: W) -> Option<Cand> {
        use Meaning::{Day, Reference};
        match w {
            W::Today | W::Yesterday | W::Tomorrow => {
                let offset = match w {
                    W::Today => 0,
                    W::Yesterday => -1,
                    _ => 1,
                };
                if let Lex::DayPart(part) = self.lex(i + 1) {
                    return cand(i, i + 2, Day(DayRef::Offset(offset), TimePart::Part(part)));
                }
                cand(i, i + 1, Day(DayRef::Offset(offset), TimePart::Whole))
            }
            W::Tonight => cand(
                i,
                i + 1,
                Day(DayRef::Offset(0), TimePart::Part(DayPart::Night)),
            ),
            W::Now | W::Currently | W::Nowadays => cand(i, i + 1, Reference(RefKind::Present)),
            W::Right if self.w(i + 1, W::Now) => cand(i, i + 2, Reference(RefKind::Present)),
            W::Current => match self.lex(i + 1) {
                Lex::Unit(
                    unit @ (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade),
                    false,
                ) => cand(i, i + 2, Meaning::RelUnit { unit, offset: 0 }),
                _ => cand(i, i + 1, Reference(RefKind::Present)),
            },
            W::Recently => cand(i, i + 1, Reference(RefKind::Past)),
            // "in recent years": TimeBank marks it a DURATION of unknown length (PXY)
            // more often than PAST_REF.
            W::Recent => match self.lex(i + 1) {
                Lex::Unit(unit, true) => cand(
                    i,
                    i + 2,
                    Meaning::Duration {
                        unit,
                        amount: Amount::Vague,
                    },
                ),
                _ => None,
            },
            W::These if matches!(self.lex(i + 1), Lex::Unit(Unit::Day, true)) => {
                cand(i, i + 2, Reference(RefKind::Present))
            }
            W::Future => cand(i, i + 1, Reference(RefKind::Future))
                .filter(|_| i > 0 && self.w(i - 1, W::The)),
            W::Near if self.w(i + 1, W::Future) => cand(i, i + 2, Reference(RefKind::Future)),
            W::Past | W::Last | W::Next | W::This | W::Coming | W::Previous | W::Following => {
                self.relative(i, w)
            }
            W::Fiscal => {
                let year = self.four_digits(i + 1)?;
                (1900..=2100).contains(&year).then_some(())?;
                cand(i, i + 2, Meaning::Year(year))
            }
            W::Noon | W::Midnight => {
                let hour = if w == W::Noon { 12 } else { 24 };
                let (end, day) = self.clock_day(i + 1);
                cand(i, end, Day(day, TimePart::Clock(hour, 0)))
            }
            W::Weekend if i > 0 && self.w(i - 1, W::The) => {
                cand(i, i + 1, Meaning::Weekend(Rel::Bare))
            }
            W::Latest if self.lex(i + 1) == Lex::Unit(Unit::Quarter, false) => {
                cand(i, i + 2, Meaning::LatestQuarter)
            }
            // "the latest period": results news names the quarter just ended so.
            W::Latest
                if self.str(i + 1).eq_ignore_ascii_case("period")
                    && i > 0
                    && self.w(i - 1, W::The) =>
            {
                cand(i, i + 2, Meaning::LatestPeriod)
            }
            W::Each | W::Every => match self.lex(i + 1) {
                Lex::Unit(unit, false) => cand(i, i + 2, Meaning::Every { unit, count: 1 }),
                // "every morning" (TimeML XXXX-XX-XXTMO).
                Lex::DayPart(part) => cand(i, i + 2, Meaning::EveryDayPart(part)),
                // "every other week" (P2W).
                _ if self.str(i + 1).eq_ignore_ascii_case("other") && w == W::Every => {
                    match self.lex(i + 2) {
                        Lex::Unit(unit, false) => cand(i, i + 3, Meaning::Every { unit, count: 2 }),
                        _ => None,
                    }
                }
                // "every two weeks", "every 5 years" (P2W, P5Y).
                Lex::Number(_) | Lex::None if w == W::Every => {
                    let (j, amount) = self.amount(i + 1)?;
                    match (amount, self.lex(j)) {
                        (Amount::N(n), Lex::Unit(unit, true)) if n >= 2.0 && n.fract() == 0.0 => {
                            cand(
                                i,
                                j + 1,
                                Meaning::Every {
                                    unit,
                                    count: n as u32,
                                },
                            )
                        }
                        _ => None,
                    }
                }
                // "every Thursday" (TimeML XXXX-WXX-4), "every Tuesday night".
                Lex::Weekday(day) if self.cap(i + 1) => match self.lex(i + 2) {
                    Lex::DayPart(part) => cand(i, i + 3, Meaning::EveryWeekday(day, Some(part))),
                    _ => cand(i, i + 2, Meaning::EveryWeekday(day, None)),
                },
                // "each July" (XXXX-07).
                Lex::Month(month) if self.cap(i + 1) => {
                    cand(i, i + 2, Meaning::EveryMonth(month as u32))
                }
                // "every summer" (XXXX-SU).
                Lex::Season(season) => cand(i, i + 2, Meaning::EverySeason(season)),
                _ => None,
            },
            // "daily", "twice weekly" (P1D, P1W; the count is TimeML's freq).
            W::Daily | W::Weekly | W::Monthly | W::Annually | W::Yearly | W::Hourly => {
                let unit = match w {
                    W::Daily => Unit::Day,
                    W::Weekly => Unit::Week,
                    W::Monthly => Unit::Month,
                    W::Hourly => Unit::Hour,
                    _ => Unit::Year,
                };
                let counted = i > 0
                    && ["once", "twice", "thrice"]
                        .iter()
                        .any(|c| self.str(i - 1).eq_ignore_ascii_case(c));
                let start = if counted { i - 1 } else { i };
                cand(start, i + 1, Meaning::Every { unit, count: 1 })
            }
            // Moving US holidays: "Thanksgiving (Day)", "Labor Day", "Memorial Day".
            W::Thanksgiving | W::Labor | W::Memorial if self.cap(i) => {
                let day_follows = self.lex(i + 1) == Lex::Unit(Unit::Day, false) && self.cap(i + 1);
                let (month, weekday, nth) = match w {
                    W::Thanksgiving => (11, 4, 4),
                    W::Labor if day_follows => (9, 1, 1),
                    W::Memorial if day_follows => (5, 1, 5),
                    _ => return None,
                };
                let end = if day_follows { i + 2 } else { i + 1 };
                let day = DayRef::NthWeekday {
                    month,
                    weekday,
                    nth,
                };
                cand(i, end, Day(day, TimePart::Whole))
            }
            W::Christmas if self.cap(i) => {
                let (end, day) = if self.w(i + 1, W::Eve) {
                    (i + 2, 24)
                } else {
                    (i + 1, 25)
                };
                let end = if self.lex(end) == Lex::Unit(Unit::Day, false) && self.cap(end) {
                    end + 1
                } else {
                    end
                };
                cand(
                    i,
                    end,
                    Day(
                        DayRef::Date {
                            year: None,
                            month: 12,
                            day,
                        },
                        TimePart::Whole,
                    ),
                )
            }
            W::New
                if self.cap(i)
                    && self.lex(i + 1) == Lex::Unit(Unit::Year, false)
                    && self.cap(i + 1) =>
            {
                // "New Year's Day", "New Year's Eve".
                let apostrophe = matches!(self.str(i + 2), "'" | "’") && self.str(i + 3) == "s";
                if !apostrophe {
                    return None;
                }
                match self.lex(i + 4) {
                    Lex::Unit(Unit::Day, false) => cand(
                        i,
                        i + 5,
                        Day(
                            DayRef::Date {
                                year: None,
                                month: 1,
                                day: 1,
                            },
                            TimePart::Whole,
                        ),
                    ),
                    Lex::Word(W::Eve) => cand(
                        i,
                        i + 5,
                        Day(
                            DayRef::Date {
                                year: None,
                                month: 12,
                                day: 31,
                            },
                            TimePart::Whole,
                        ),
                    ),
                    _ => None,
                }
            }
            W::Nineteen => self.spelled_year(i).or_else(|| self.amount_expr(i, i)),
            W::A | W::An | W::Per if self.frequency(i).is_some() => self.frequency(i),
            W::A | W::An | W::Few | W::Several | W::Many | W::Half => self.amount_expr(i, i),
            _ => None,
        }
    }

    /// A season without "this", "last" or "next": "summer 1994", "the winter of 1994"
    /// (a year follows), or "the summer", "early summer" (TimeML `1989-SU`, placed by
    /// the tense). Without a year it must follow "the" or a position word and be in
    /// lower case ("the Summer Olympics" is a name), and only "summer" and "winter"
    /// qualify: "the fall in prices" and "the spring" of a mechanism are no seasons.
    fn season(&self, i: usize, season: Season) -> Option<Cand> {
        let (end, year) = self.of_year(i + 1);
        if year.is_some() {
            return cand(
                i,
                end,
                Meaning::Season {
                    year,
                    season,
                    rel: Rel::Bare,
                },
            );
        }
        let introduced = i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Word(W::The | W::Early | W::Late | W::Mid)
            );
        if !introduced || self.cap(i) || !matches!(season, Season::Summer | Season::Winter) {
            return None;
        }
        cand(
            i,
            i + 1,
            Meaning::Season {
                year: None,
                season,
                rel: Rel::Bare,
            },
        )
    }

    /// "nineteen ninety-six".
    fn spelled_year(&self, i: usize) -> Option<Cand> {
        let n = words_at(self.text, self.toks, i + 1)?;
        if n.value >= 10.0 && n.value < 100.0 {
            return cand(i, n.end, Meaning::Year(1900 + n.value as i32));
        }
        None
    }

    /// Expressions led by "last", "next", "this", "past", "coming", "previous", "following".
    fn relative(&self, i: usize, w: W) -> Option<Cand> {
        let mut j = i + 1;
        // "this past weekend", "this coming Sunday".
        let mut w = w;
        if w == W::This && (self.w(j, W::Past) || self.w(j, W::Coming)) {
            w = if self.w(j, W::Past) { W::Last } else { W::Next };
            j += 1;
        }
        let the = i > 0 && self.w(i - 1, W::The);
        // "ABC's This Week": a title.
        if self.cap(i) && self.cap(j) && !self.sentence_starts_at(i) {
            return None;
        }
        let rel = match w {
            W::Last | W::Past | W::Previous => Rel::Last,
            W::Next | W::Coming | W::Following => Rel::Next,
            _ => Rel::This,
        };
        let offset = match rel {
            Rel::Last => -1,
            Rel::Next => 1,
            _ => 0,
        };
        match self.lex(j) {
            Lex::Weekday(d) => {
                let rel = match w {
                    W::Previous => Rel::Before,
                    W::Following => Rel::After,
                    _ => rel,
                };
                self.weekday(i, j, d, rel)
            }
            Lex::Month(m) if self.cap(j) => cand(
                i,
                j + 1,
                Meaning::Month {
                    year: None,
                    month: m as u32,
                    rel,
                },
            ),
            Lex::Season(season) => cand(
                i,
                j + 1,
                Meaning::Season {
                    year: None,
                    season,
                    rel,
                },
            ),
            Lex::Word(W::Weekend) => cand(i, j + 1, Meaning::Weekend(rel)),
            Lex::DayPart(part) => match (w, part) {
                (W::This, _) => cand(
                    i,
                    j + 1,
                    Meaning::Day(DayRef::Offset(0), TimePart::Part(part)),
                ),
                (W::Last, DayPart::Night) => cand(
                    i,
                    j + 1,
                    Meaning::Day(DayRef::Offset(-1), TimePart::Part(DayPart::Night)),
                ),
                _ => None,
            },
            Lex::Unit(unit, false) => {
                // "the previous day", "the following year", "the next day": from the last date mentioned.
                let from_reference = matches!(w, W::Previous | W::Following)
                    || (w == W::Next && the && unit == Unit::Day);
                if from_reference {
                    return cand(
                        i,
                        j + 1,
                        Meaning::Shift {
                            unit,
                            amount: offset as f64,
                        },
                    );
                }
                // "this year's third quarter", "last year's quarter".
                if unit == Unit::Year
                    && matches!(self.str(j + 1), "'" | "’")
                    && self.str(j + 2) == "s"
                {
                    let quarter = match (self.lex(j + 3), self.lex(j + 4)) {
                        (Lex::Ordinal(n @ 1..=4), Lex::Unit(Unit::Quarter, false)) => {
                            Some((n as u32, j + 5))
                        }
                        (Lex::Unit(Unit::Quarter, false), _) => Some((0, j + 4)),
                        _ => None,
                    };
                    if let Some((quarter, end)) = quarter {
                        let meaning = Meaning::QuarterOfRelYear {
                            quarter,
                            year_offset: offset,
                        };
                        return cand(i, end, meaning);
                    }
                }
                match unit {
                    Unit::Week
                    | Unit::Month
                    | Unit::Quarter
                    | Unit::Year
                    | Unit::Decade
                    | Unit::Century => cand(i, j + 1, Meaning::RelUnit { unit, offset }),
                    _ => None,
                }
            }
            Lex::Unit(_, true) if w == W::Coming => {
                cand(i, j + 1, Meaning::Reference(RefKind::Future))
            }
            _ => {
                // "the past two months", "the next few days", "last five years".
                if w == W::This {
                    return None;
                }
                if let Some(c) = self.amount_expr(i, j) {
                    return matches!(c.meaning, Meaning::Duration { .. }).then_some(c);
                }
                // "the past" alone.
                let past = Meaning::Reference(RefKind::Past);
                (w == W::Past && the).then_some(Cand {
                    start: i,
                    end: i + 1,
                    meaning: past,
                })
            }
        }
    }
}

/// A 12-hour clock's `hour` (1 to 12) on the 24-hour clock: 12 a.m. is 0,
/// 12 p.m. is 12.
fn hour_24(hour: u32, pm: bool) -> u32 {
    match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// The number in "1st", "22nd", "3rd", "20th".
fn ordinal_suffix(s: &str) -> Option<u32> {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let (num, suffix) = s.split_at(digits);
    let n: u32 = num.parse().ok()?;
    let expected = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    suffix.eq_ignore_ascii_case(expected).then_some(n)
}

/// Checks that a day exists in its month (February 29 is allowed when the year is unknown).
fn valid_date(year: Option<i32>, month: u32, day: u32) -> Option<()> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let max = match month {
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= max).then_some(())
}
