//! Quantities: numbers with what they count and approximation words.
//!
//! Shares the token scanner with [`crate::dates`] and runs the date recogniser
//! first: any number inside a time expression (a year, "Nov. 5", "eight hours",
//! "11 years ago", "10:35 a.m.") is not a quantity. Lengths of time are
//! reported there, as durations, not here.
//!
//! Choices worth knowing:
//! - Vague amounts with no number ("dozens of times", "hundreds of people") are
//!   skipped: [`Quantity::value`] must be a number.
//! - "one" in words is skipped ("one of the leaders", "no one"); digits "1" are kept.
//! - Numbers glued into identifiers ("COVID-19", "F-16", "G7"), after reference words
//!   ("Resolution 1244", "Article 5"), in time codes ("01:06"), in ranges and
//!   scores ("3-1") and in hyphenated modifiers ("a 27-nation bloc") are skipped.
//! - "million", "billion" multiply the value; "per cent", "%", "km", currencies
//!   ("$", "euros") are units. A quantity with a unit of per cent has no `counts`.

use storyline_model::Quantity;

use crate::dates::grammar::recognise;
use crate::dates::lexicon::{Lex, W};
use crate::dates::number::{digits_at, glued, is_dash, is_punct, words_at};
use crate::dates::token::{tokenize, Kind, Token};
use crate::lexicon::PREPOSITIONS;

/// The most words taken for the counted noun phrase.
const MAX_COUNT_WORDS: usize = 4;

/// Finds the quantities in `text`.
///
/// ```
/// use storyline_annotate::steps::find_quantities;
///
/// let found = find_quantities("Officials said about 6,300 drivers were warned.");
/// assert_eq!(found[0].text, "about 6,300 drivers");
/// assert_eq!(found[0].value, 6300.0);
/// assert_eq!(found[0].approx.as_deref(), Some("about"));
/// assert_eq!(found[0].counts.as_deref(), Some("drivers"));
/// ```
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    // A book-length text is read piece by piece: bounded token buffers.
    crate::pieces::find_by_pieces(text, find_quantities_in, |found, offset| {
        found.start += offset;
        found.end += offset;
    })
}

/// [`find_quantities`] on one piece of a text, offsets into the piece,
/// pushed onto `out`.
fn find_quantities_in(text: &str, out: &mut Vec<Quantity>) {
    let toks = tokenize(text);
    quantities_from(text, &toks, &recognise(text, &toks), out);
}

/// The quantities of `text` given its tokens and the date candidates
/// recognised on them (no quantity is taken inside a date), pushed onto
/// `out`: for a caller that has made both for the dates already.
pub(crate) fn quantities_from(
    text: &str,
    toks: &[Token],
    dates: &[crate::dates::grammar::Cand],
    out: &mut Vec<Quantity>,
) {
    let mut in_date = vec![false; toks.len()];
    for cand in dates {
        in_date[cand.start..cand.end]
            .iter_mut()
            .for_each(|d| *d = true);
    }
    let cx = Cx {
        text,
        toks,
        in_date: &in_date,
    };
    let mut i = 0;
    while i < toks.len() {
        if !in_date[i] {
            if let Some((end, q)) = cx.quantity_at(i) {
                out.push(q);
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
    in_date: &'a [bool],
}

/// The number part of a quantity.
struct Amount {
    /// First token (a currency sign when there is one).
    start: usize,
    /// Token after the number and its multiplier.
    end: usize,
    value: f64,
    unit: Option<&'static str>,
}

impl<'a> Cx<'a> {
    fn str(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::None, |t| t.lex)
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn w(&self, i: usize, w: W) -> bool {
        self.lex(i) == Lex::Word(w)
    }

    fn glued(&self, a: usize, b: usize) -> bool {
        glued(self.toks, a, b)
    }

    fn free(&self, i: usize) -> bool {
        self.in_date.get(i).is_some_and(|d| !d)
    }

    fn quantity_at(&self, i: usize) -> Option<(usize, Quantity)> {
        let amount = self.amount(i)?;
        let mut end = amount.end;
        let mut unit = amount.unit;
        // A unit after the number: "5 per cent", "5%", "40 km", "3 million euros".
        if unit.is_none() {
            if let Some((unit_end, u)) = self.unit_after(end) {
                unit = Some(u);
                end = unit_end;
            }
        }
        // What is counted, unless the number is a share or a measure.
        let counts_range = if unit.is_some() {
            None
        } else {
            self.noun_phrase(end)
        };
        let last = counts_range.map_or(end, |(_, e)| e);
        let (approx_start, approx) = self.approximation_before(amount.start);
        let start_byte = self.toks[approx_start].start;
        let end_byte = self.toks[last - 1].end;
        let counts = counts_range
            .map(|(s, e)| self.text[self.toks[s].start..self.toks[e - 1].end].to_string());
        Some((
            last,
            Quantity {
                text: self.text[start_byte..end_byte].to_string(),
                start: start_byte,
                end: end_byte,
                value: amount.value,
                unit: unit.map(str::to_string),
                counts,
                approx,
            },
        ))
    }

    /// A number at `i`, in digits or words, with its multiplier and currency sign.
    fn amount(&self, i: usize) -> Option<Amount> {
        let tok = self.toks.get(i)?;
        let mut start = i;
        let mut unit = None;
        let mut at = i;
        // "$5 million", "€300".
        if tok.kind == Kind::Punct {
            unit = Some(match self.str(i) {
                "$" => "dollars",
                "€" => "euros",
                "£" => "pounds",
                _ => return None,
            });
            if !self.glued(i, i + 1) || self.kind(i + 1) != Some(Kind::Num) || !self.free(i + 1) {
                return None;
            }
            at = i + 1;
        }
        let (mut end, mut value) = match self.kind(at)? {
            Kind::Num => {
                if !self.standalone_number(at) {
                    return None;
                }
                let n = digits_at(self.text, self.toks, at)?;
                // "3-1", "10-15", "2/3", "01:06": ranges, scores, fractions and clock codes.
                if self.glued(n.end - 1, n.end)
                    && (is_dash(self.text, self.toks, n.end)
                        || is_punct(self.text, self.toks, n.end, b'/')
                        || is_punct(self.text, self.toks, n.end, b':'))
                {
                    return None;
                }
                (n.end, n.value)
            }
            Kind::Mixed => return self.mixed_amount(at),
            Kind::Word => {
                if let Some(n) = words_at(self.text, self.toks, at) {
                    if n.value < 2.0 {
                        return None;
                    }
                    // "two-thirds", "five-year": a modifier, not a count.
                    if is_dash(self.text, self.toks, n.end) && self.glued(n.end - 1, n.end) {
                        return None;
                    }
                    (n.end, n.value)
                } else if (self.w(at, W::A) || self.w(at, W::An)) && at == i {
                    match self.lex(at + 1) {
                        Lex::Word(W::Dozen) => (at + 2, 12.0),
                        Lex::Number(n) if n >= 100 => (at + 2, n as f64),
                        _ => return None,
                    }
                } else if self.w(at, W::Dozen) && !self.w(at + 1, W::Of) {
                    (at + 1, 12.0)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        // "1.8 million", "two hundred thousand".
        while let Lex::Number(scale) = self.lex(end) {
            if scale < 100 || !self.free(end) {
                break;
            }
            value *= scale as f64;
            end += 1;
        }
        if let Some(m) = self.suffix_multiplier(end) {
            value *= m;
            end += 1;
        }
        if start == at && unit.is_none() {
            start = at;
        }
        Some(Amount {
            start,
            end,
            value,
            unit,
        })
    }

    /// "bn", "m" written apart after a number: "5 bn".
    fn suffix_multiplier(&self, i: usize) -> Option<f64> {
        match self.str(i) {
            "bn" => Some(1e9),
            "mn" => Some(1e6),
            _ => None,
        }
    }

    /// Tokens that mix digits and letters: "10km", "5bn", "20kg".
    fn mixed_amount(&self, i: usize) -> Option<Amount> {
        if !self.standalone_number(i) {
            return None;
        }
        let s = self.str(i);
        let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let value: f64 = s[..digits].parse().ok()?;
        let (value, unit) = match &s[digits..] {
            "km" => (value, Some("km")),
            "kg" => (value, Some("kg")),
            "m" | "mn" => (value * 1e6, None),
            "bn" => (value * 1e9, None),
            _ => return None,
        };
        Some(Amount {
            start: i,
            end: i + 1,
            value,
            unit,
        })
    }

    /// Whether the number at `i` stands on its own rather than inside an identifier,
    /// a reference ("Resolution 1244") or a hyphenated modifier ("27-nation").
    fn standalone_number(&self, i: usize) -> bool {
        // "0735 GMT", "0800": clock times and codes.
        if self.str(i).starts_with('0') && self.str(i).len() > 1 || self.lex(i + 1) == Lex::Zone {
            return false;
        }
        if i > 0 && self.glued(i - 1, i) {
            match self.kind(i - 1) {
                Some(Kind::Word | Kind::Mixed | Kind::Ident) => return false,
                Some(Kind::Punct) => {
                    let p = self.str(i - 1);
                    // "F-16", "#5", "v2.1".
                    if matches!(p, "#" | "." | "/" | ":" | "_")
                        || (is_dash(self.text, self.toks, i - 1)
                            && i > 1
                            && self.glued(i - 2, i - 1))
                    {
                        return false;
                    }
                }
                _ => {}
            }
        }
        if i > 0 {
            let prev = self.str(i - 1).to_ascii_lowercase();
            if matches!(
                prev.as_str(),
                "resolution"
                    | "article"
                    | "section"
                    | "chapter"
                    | "page"
                    | "route"
                    | "flight"
                    | "no"
                    | "number"
                    | "room"
                    | "paragraph"
                    | "clause"
                    | "annex"
                    | "item"
                    | "line"
                    | "level"
                    | "phase"
                    | "stage"
                    | "group"
                    | "episode"
                    | "season"
                    | "volume"
                    | "vol"
                    | "verse"
                    | "amendment"
                    | "rule"
                    | "decree"
                    | "act"
                    | "gate"
                    | "platform"
                    | "bus"
                    | "channel"
                    | "version"
                    | "model"
                    | "size"
                    | "category"
            ) {
                return false;
            }
        }
        // "27-nation", "10-point": a modifier glued to a word.
        let mut end = i + 1;
        while matches!(self.str(end), "," | ".")
            && self.glued(end - 1, end)
            && self.kind(end + 1) == Some(Kind::Num)
        {
            end += 2;
        }
        if is_dash(self.text, self.toks, end)
            && self.glued(end - 1, end)
            && self.kind(end + 1) == Some(Kind::Word)
        {
            return false;
        }
        // "5G", "5th": letters glued after the digits.
        if self.glued(end - 1, end) && matches!(self.kind(end), Some(Kind::Word | Kind::Mixed)) {
            return false;
        }
        true
    }

    /// A unit right after a number.
    fn unit_after(&self, i: usize) -> Option<(usize, &'static str)> {
        if is_punct(self.text, self.toks, i, b'%') {
            return Some((i + 1, "per cent"));
        }
        if self.w(i, W::Per) && self.w(i + 1, W::Cent) || self.w(i, W::Percent) {
            let end = if self.w(i, W::Percent) { i + 1 } else { i + 2 };
            return Some((end, "per cent"));
        }
        let lower = self.str(i).to_ascii_lowercase();
        let unit = match lower.as_str() {
            "percentage" if self.str(i + 1).eq_ignore_ascii_case("points") => {
                return Some((i + 2, "percentage points"))
            }
            "km" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => "km",
            "miles" | "mile" => "miles",
            "metres" | "meters" | "metre" | "meter" => "m",
            "kg" | "kilograms" | "kilos" => "kg",
            "tonnes" | "tons" => "tonnes",
            "hectares" => "hectares",
            "euros" | "euro" | "eur" => "euros",
            "dollars" | "dollar" | "usd" => "dollars",
            "pounds" => "pounds",
            "dinars" => "dinars",
            "degrees" => "degrees",
            _ => return None,
        };
        Some((i + 1, unit))
    }

    /// The counted noun phrase after a number: up to four words, stopping at function
    /// words, verbs and punctuation.
    fn noun_phrase(&self, i: usize) -> Option<(usize, usize)> {
        let mut end = i;
        let mut words = 0;
        while words < MAX_COUNT_WORDS && self.free(end) {
            let Some(tok) = self.toks.get(end) else { break };
            if tok.kind != Kind::Word || tok.newline_before {
                break;
            }
            let word = self.str(end);
            if ends_counted_phrase(word) {
                break;
            }
            // An adverb after the noun starts the predicate: "officers currently serve".
            if words > 0 && word.ends_with("ly") && word.len() > 4 {
                break;
            }
            // A participle after a plural noun starts a clause: "Serbs owning cars", "people died".
            if words > 0 && (word.ends_with("ing") || word.ends_with("ed")) && word.len() > 4 {
                let prev = self.str(end - 1);
                if looks_plural(prev) {
                    break;
                }
            }
            let mut next = end + 1;
            // "U.S.", "E.U.": an abbreviation with points is one word.
            if word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() {
                while is_punct(self.text, self.toks, next, b'.')
                    && self.glued(next - 1, next)
                    && self
                        .toks
                        .get(next + 1)
                        .is_some_and(|t| t.end - t.start == 1 && t.kind == Kind::Word)
                    && self.glued(next, next + 1)
                {
                    next += 2;
                }
                if is_punct(self.text, self.toks, next, b'.')
                    && self.glued(next - 1, next)
                    && next > end + 1
                {
                    next += 1;
                }
            }
            // "Kosovo-Albanian": hyphenated words are one word.
            while is_dash(self.text, self.toks, next)
                && self.glued(next - 1, next)
                && self.glued(next, next + 1)
                && self.kind(next + 1) == Some(Kind::Word)
            {
                next += 2;
            }
            end = next;
            words += 1;
        }
        (words > 0).then_some((i, end))
    }

    /// Approximation words just before token `i`: "about", "fewer than", "at least".
    fn approximation_before(&self, i: usize) -> (usize, Option<String>) {
        let two = |a: W, b: W| {
            i >= 2 && self.w(i - 2, a) && self.w(i - 1, b) && self.free(i - 2) && self.free(i - 1)
        };
        if two(W::More, W::Than)
            || two(W::Fewer, W::Than)
            || two(W::Less, W::Than)
            || two(W::At, W::Least)
            || two(W::At, W::Most)
            || two(W::Up, W::To)
        {
            let phrase = format!("{} {}", self.str(i - 2), self.str(i - 1)).to_ascii_lowercase();
            return (i - 2, Some(phrase));
        }
        if i >= 1 && self.free(i - 1) {
            let word = self.str(i - 1).to_ascii_lowercase();
            if matches!(
                word.as_str(),
                "about"
                    | "around"
                    | "approximately"
                    | "nearly"
                    | "almost"
                    | "some"
                    | "roughly"
                    | "over"
                    | "under"
                    | "estimated"
                    | "circa"
                    | "only"
                    | "just"
                    | "exactly"
                    | "barely"
            ) {
                // "just over", "an estimated".
                if i >= 2
                    && self.free(i - 2)
                    && matches!(word.as_str(), "over" | "under" | "estimated")
                {
                    let before = self.str(i - 2).to_ascii_lowercase();
                    if matches!(before.as_str(), "just" | "an" | "well") {
                        return (i - 2, Some(format!("{before} {word}")));
                    }
                }
                return (i - 1, Some(word));
            }
        }
        (i, None)
    }
}

/// Words that end a counted noun phrase: prepositions, conjunctions, determiners, common verbs.
fn ends_counted_phrase(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if PREPOSITIONS.contains(&lower.as_str()) {
        return true;
    }
    matches!(
        lower.as_str(),
        "and"
            | "or"
            | "but"
            | "who"
            | "which"
            | "that"
            | "whose"
            | "where"
            | "when"
            | "while"
            | "as"
            | "than"
            | "the"
            | "a"
            | "an"
            | "this"
            | "these"
            | "those"
            | "their"
            | "its"
            | "his"
            | "her"
            | "our"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
            | "do"
            | "did"
            | "does"
            | "said"
            | "say"
            | "says"
            | "remain"
            | "remained"
            | "live"
            | "lived"
            | "died"
            | "fled"
            | "still"
            | "also"
            | "now"
            | "already"
            | "only"
            | "each"
            | "ago"
            | "more"
            | "less"
            | "fewer"
            | "so"
            | "if"
            | "not"
            | "no"
            | "they"
            | "we"
            | "he"
            | "she"
            | "it"
            | "there"
            | "here"
            | "then"
            | "all"
            | "both"
            | "earlier"
            | "later"
            | "last"
            | "next"
            | "up"
            | "down"
            | "out"
            | "off"
            | "away"
            | "back"
            | "left"
            | "went"
            | "came"
            | "took"
            | "made"
            | "held"
            | "met"
            | "lost"
            | "fell"
            | "rose"
            | "got"
            | "gave"
            | "stood"
            | "stayed"
            | "work"
            | "worked"
            | "face"
            | "faced"
            | "need"
            | "needed"
            | "want"
            | "wanted"
            | "take"
            | "get"
            | "go"
            | "come"
            | "make"
            | "run"
            | "ran"
            | "told"
            | "tell"
            | "own"
            | "owned"
            | "like"
            | "such"
            | "become"
            | "becomes"
            | "became"
            | "seem"
            | "seems"
            | "seemed"
            | "appear"
            | "appears"
            | "continue"
            | "continues"
            | "remains"
            | "lives"
            | "works"
            | "serve"
            | "serves"
            | "what"
            | "how"
            | "why"
            | "whom"
            | "i"
            | "you"
            | "me"
            | "him"
            | "them"
            | "us"
            | "your"
            | "my"
    )
}

/// Whether a noun looks plural: "Serbs", "officers", "people", "police".
fn looks_plural(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    (lower.ends_with('s') && !lower.ends_with("ss"))
        || matches!(
            lower.as_str(),
            "people" | "men" | "women" | "children" | "police" | "personnel" | "staff" | "cattle"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One expected quantity: `(text, value, unit, counts, approx)`.
    type Expected<'a> = (
        &'a str,
        f64,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    /// Checks every quantity found.
    #[track_caller]
    fn check(input: &str, expected: &[Expected]) {
        let found = find_quantities(input);
        for q in &found {
            assert_eq!(
                &input[q.start..q.end],
                q.text,
                "offsets must slice the text"
            );
        }
        let got: Vec<_> = found
            .iter()
            .map(|q| {
                (
                    q.text.as_str(),
                    q.value,
                    q.unit.as_deref(),
                    q.counts.as_deref(),
                    q.approx.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, expected, "in {input:?}");
    }

    #[test]
    fn counts_with_approximations() {
        check(
            "Officials said about 6,300 registered drivers owning trucks were warned.",
            &[(
                "about 6,300 registered drivers",
                6300.0,
                None,
                Some("registered drivers"),
                Some("about"),
            )],
        );
        check(
            "There are fewer than 50 local police officers left.",
            &[(
                "fewer than 50 local police officers",
                50.0,
                None,
                Some("local police officers"),
                Some("fewer than"),
            )],
        );
        check(
            "Around 10,000 farmers with old tractors protested.",
            &[(
                "Around 10,000 farmers",
                10000.0,
                None,
                Some("farmers"),
                Some("around"),
            )],
        );
        check(
            "The mission has approximately 4,000 troops.",
            &[(
                "approximately 4,000 troops",
                4000.0,
                None,
                Some("troops"),
                Some("approximately"),
            )],
        );
        check(
            "Nearly 600 were hurt.",
            &[("Nearly 600", 600.0, None, None, Some("nearly"))],
        );
        check(
            "at least 15 allegedly broken promises",
            &[(
                "at least 15 allegedly broken promises",
                15.0,
                None,
                Some("allegedly broken promises"),
                Some("at least"),
            )],
        );
    }

    #[test]
    fn lists_and_plain_counts() {
        check(
            "Then 12 judges, 7 mayors and 301 clerks in the region resigned.",
            &[
                ("12 judges", 12.0, None, Some("judges"), None),
                ("7 mayors", 7.0, None, Some("mayors"), None),
                ("301 clerks", 301.0, None, Some("clerks"), None),
            ],
        );
        check(
            "About 2,500 people died in the floods.",
            &[(
                "About 2,500 people",
                2500.0,
                None,
                Some("people"),
                Some("about"),
            )],
        );
        check(
            "The union wants three changes.",
            &[("three changes", 3.0, None, Some("changes"), None)],
        );
    }

    #[test]
    fn multipliers_and_units() {
        check(
            "The island's 2.4 million population is ageing.",
            &[(
                "2.4 million population",
                2_400_000.0,
                None,
                Some("population"),
                None,
            )],
        );
        check(
            "Turnout was 7 per cent, down from 9%.",
            &[
                ("7 per cent", 7.0, Some("per cent"), None, None),
                ("9%", 9.0, Some("per cent"), None, None),
            ],
        );
        check(
            "The road is 40 km long.",
            &[("40 km", 40.0, Some("km"), None, None)],
        );
        check(
            "It costs $3.5 billion.",
            &[("$3.5 billion", 3_500_000_000.0, Some("dollars"), None, None)],
        );
        check(
            "a fine of 300 euros",
            &[("300 euros", 300.0, Some("euros"), None, None)],
        );
    }

    #[test]
    fn skips_dates_times_and_identifiers() {
        check("On Nov. 5, 2021 the war of 1998-99 was long over.", &[]);
        check(
            "01:06\nTalks began at 10:30 a.m. and lasted eight hours.",
            &[],
        );
        check("They met on the 1st of September.", &[]);
        check("Resolution 1244 and COVID-19 and the F-16 and G7.", &[]);
        check("the 27-nation bloc", &[]);
        check("It was a 3-1 win.", &[]);
        check("He has been cited dozens of times.", &[]);
        check("One of the leaders left; no one stayed.", &[]);
        check("Read more at https://example.org/2022/08/01/story-5.", &[]);
    }

    #[test]
    fn line_breaks_abbreviations_and_clock_codes() {
        check("The blast came at 0735 GMT.", &[]);
        check(
            "Killed: 12\nInjured: 40",
            &[
                ("12", 12.0, None, None, None),
                ("40", 40.0, None, None, None),
            ],
        );
        check(
            "Two U.S. embassies were hit.",
            &[(
                "Two U.S. embassies",
                2.0,
                None,
                Some("U.S. embassies"),
                None,
            )],
        );
    }
}
