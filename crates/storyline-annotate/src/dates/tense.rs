//! Tense around an expression: whether "Monday" or "April 21" points back or ahead.
//!
//! News reports the past, so a bare weekday means the last one; but "would",
//! "will" or "is expected to" near the expression point ahead. The nearest cue
//! in the same clause wins, looking a few words to each side.

use super::lexicon::Lex;
use super::token::{Kind, Token};

/// The tense the words around an expression suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    /// A past-tense verb is nearest.
    Past,
    /// A future cue is nearest: "will", "would", "is due to".
    Future,
    /// No cue within reach.
    Unknown,
}

/// How many words each side of the expression are searched.
const WINDOW: usize = 8;

/// The tense suggested around tokens `start..end`.
///
/// A preposition right before the expression says more than any verb: "by" points
/// ahead ("by Oct. 31"), "since" back, and "until", "to", "from" name a boundary
/// that may lie either way, so the verb is not asked ("postponed to Sept. 1").
/// A possessive ("Wednesday's ruling") names something already known: no cue.
///
/// `weekday` says the expression names a weekday: "until Monday" then points ahead
/// (a deadline), while "until March" may lie either way.
pub(crate) fn tense_around(
    text: &str,
    toks: &[Token],
    start: usize,
    end: usize,
    weekday: bool,
) -> Tense {
    if start > 0 && !toks[start].newline_before {
        let before = word_at(text, toks, start - 1).to_ascii_lowercase();
        // "had filed reports by Wednesday", "until Thursday they had not called": a
        // deadline before a past point of reference.
        let deadline = before == "by" || (weekday && matches!(before.as_str(), "until" | "till"));
        if deadline && past_perfect_in_clause(text, toks, start, end) {
            return Tense::Past;
        }
        match before.as_str() {
            "by" => return Tense::Future,
            "since" => return Tense::Past,
            "until" | "till" if weekday => return Tense::Future,
            "until" | "till" | "to" | "through" | "from" | "effective" | "starting" | "payable" => {
                return Tense::Unknown
            }
            _ => {}
        }
    }
    if matches!(word_at(text, toks, end), "'" | "’") && word_at(text, toks, end + 1) == "s" {
        return Tense::Unknown;
    }
    let left = clause_before(text, toks, start).find_map(|(k, words)| {
        (toks[k].kind == Kind::Word)
            .then(|| cue(text, toks, k, words).map(|tense| (words, tense)))
            .flatten()
    });
    // A reporting verb after a comma, quote or bracket is the reporting clause of a
    // quotation ("will leave (4 a.m. Thursday),'' Castro said"): it dates the report.
    let mut crossed_punct = false;
    let right = clause_after(text, toks, end).find_map(|(k, words)| {
        if toks[k].kind == Kind::Punct {
            crossed_punct = true;
        }
        if toks[k].kind != Kind::Word {
            return None;
        }
        let mut buf = [0u8; 16];
        let reporting = lower_word(word_at(text, toks, k), &mut buf).is_some_and(is_reporting_verb);
        if crossed_punct && reporting {
            return None;
        }
        cue(text, toks, k, words).map(|tense| (words, tense))
    });
    match (left, right) {
        (Some((l, lt)), Some((r, rt))) => {
            if l <= r {
                lt
            } else {
                rt
            }
        }
        (Some((_, t)), None) | (None, Some((_, t))) => t,
        (None, None) => Tense::Unknown,
    }
}

/// Whether token `k` ends a clause: ".", "!", "?", ";" (not the point of "Nov." or "Mr.").
fn is_boundary(text: &str, toks: &[Token], k: usize) -> bool {
    let tok = &toks[k];
    if tok.kind != Kind::Punct {
        return false;
    }
    match &text[tok.start..tok.end] {
        "!" | "?" | ";" => true,
        "." => {
            let prev_abbreviation = k > 0 && {
                let prev = &toks[k - 1];
                let word = &text[prev.start..prev.end];
                prev.end == tok.start
                    && (word.len() == 1
                        || matches!(prev.lex, Lex::MonthAbbr(_))
                        || matches!(
                            word,
                            "Mr" | "Mrs"
                                | "Ms"
                                | "Dr"
                                | "St"
                                | "Gen"
                                | "Sen"
                                | "Rep"
                                | "Gov"
                                | "Jr"
                                | "Sr"
                                | "Lt"
                                | "Col"
                                | "Capt"
                                | "Inc"
                                | "Co"
                                | "Corp"
                                | "Ltd"
                                | "No"
                                | "Prof"
                                | "Sgt"
                                | "vs"
                        ))
            };
            let next_continues = toks.get(k + 1).is_some_and(|t| {
                !text.as_bytes()[t.start].is_ascii_uppercase() && t.kind != Kind::Punct
            });
            !(prev_abbreviation || next_continues)
        }
        _ => false,
    }
}

fn lower_word<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !bytes.is_ascii() {
        return None;
    }
    for (dst, src) in buf.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    Some(&buf[..bytes.len()])
}

fn word_at<'t>(text: &'t str, toks: &[Token], k: usize) -> &'t str {
    toks.get(k).map_or("", |t| &text[t.start..t.end])
}

/// Whether a lower-case word is a verb that reports speech or writing.
fn is_reporting_verb(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"said"
            | b"told"
            | b"added"
            | b"stated"
            | b"reported"
            | b"announced"
            | b"noted"
            | b"stressed"
            | b"warned"
            | b"explained"
            | b"insisted"
            | b"claimed"
            | b"declared"
            | b"predicted"
            | b"urged"
            | b"confirmed"
            | b"tweeted"
            | b"wrote"
    )
}

/// Whether "had" stands within [`WINDOW`] words of tokens `start..end`, in the same clause.
fn past_perfect_in_clause(text: &str, toks: &[Token], start: usize, end: usize) -> bool {
    let is_had =
        |k: usize| toks[k].kind == Kind::Word && word_at(text, toks, k).eq_ignore_ascii_case("had");
    clause_before(text, toks, start).any(|(k, _)| is_had(k))
        || clause_after(text, toks, end).any(|(k, _)| is_had(k))
}

/// The tokens before token `start`, nearest first, up to a clause boundary, a line
/// break or [`WINDOW`] words, each with the number of words counted so far.
fn clause_before<'a>(
    text: &'a str,
    toks: &'a [Token],
    start: usize,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut k = start;
    let mut words = 0;
    std::iter::from_fn(move || {
        if k == 0 || words >= WINDOW || toks[k].newline_before {
            return None;
        }
        k -= 1;
        if is_boundary(text, toks, k) {
            return None;
        }
        words += usize::from(toks[k].kind == Kind::Word);
        Some((k, words))
    })
}

/// The tokens from token `end` on, up to a clause boundary, a line break or
/// [`WINDOW`] words, each with the number of words counted so far.
fn clause_after<'a>(
    text: &'a str,
    toks: &'a [Token],
    end: usize,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut k = end;
    let mut words = 0;
    std::iter::from_fn(move || {
        if k >= toks.len()
            || words >= WINDOW
            || toks[k].newline_before
            || is_boundary(text, toks, k)
        {
            return None;
        }
        words += usize::from(toks[k].kind == Kind::Word);
        k += 1;
        Some((k - 1, words))
    })
}

/// The tense cue of word `k`, `distance` words from the expression, if it is one.
fn cue(text: &str, toks: &[Token], k: usize, distance: usize) -> Option<Tense> {
    let word = word_at(text, toks, k);
    let mut buf = [0u8; 16];
    let lower = lower_word(word, &mut buf)?;
    let next = word_at(text, toks, k + 1);
    let prev = if k > 0 {
        word_at(text, toks, k - 1)
    } else {
        ""
    };
    let mut pbuf = [0u8; 16];
    let prev_lower = lower_word(prev, &mut pbuf).unwrap_or(b"");
    match lower {
        // "as planned": no cue.
        b"planned" | b"scheduled" if prev_lower == b"as" || prev_lower == b"previously" => {
            return None
        }
        // "had been scheduled to expire Friday": a plan in the past.
        b"planned" | b"scheduled" | b"due" | b"expected" | b"set"
            if matches!(prev_lower, b"been" | b"had") =>
        {
            return Some(Tense::Past)
        }
        b"will" | b"shall" | b"would" | b"upcoming" | b"forthcoming" | b"planned" | b"planning"
        | b"preparing" | b"scheduled" | b"soon" => return Some(Tense::Future),
        b"ll" if matches!(prev, "'" | "’") => return Some(Tense::Future),
        b"won" if matches!(next, "'" | "’") => return Some(Tense::Future),
        // "as early as Tuesday".
        b"early" if prev_lower == b"as" && next.eq_ignore_ascii_case("as") => {
            return Some(Tense::Future)
        }
        // "is to resume", "are to meet".
        b"to" if matches!(prev_lower, b"is" | b"are") => return Some(Tense::Future),
        // "due to" without "is" or "are" gives a cause: "cut the dividend due to its
        // third-quarter loss".
        // "is due Tuesday", "are due to vote": a schedule.
        b"due" => {
            return matches!(prev_lower, b"is" | b"are" | b"be" | b"s").then_some(Tense::Future)
        }
        b"going" | b"set" | b"plans" | b"plan" | b"intends" | b"aims" | b"expected" | b"poised" => {
            return next.eq_ignore_ascii_case("to").then_some(Tense::Future);
        }
        // A scheduled event told in the present: "Arafat meets Albright Monday",
        // "the session resumes Tuesday".
        b"meet" | b"meets" | b"resume" | b"resumes" | b"arrive" | b"arrives" | b"begin"
        | b"begins" | b"visit" | b"visits" | b"expire" | b"expires" | b"convene" | b"convenes"
        | b"travel" | b"travels"
            if !matches!(prev_lower, b"to" | b"did" | b"didn" | b"the" | b"a") =>
        {
            return Some(Tense::Future)
        }
        _ => {}
    }
    // A reporting verb dates the report, not the event, unless the date sits right by it:
    // "said Friday", "told reporters on Friday".
    if is_reporting_verb(lower) {
        return (distance <= 3).then_some(Tense::Past);
    }
    // A participle after "be" or "to" belongs to a passive or an infinitive whose
    // tense is elsewhere: "will be paid", "is expected to be held".
    let passive = matches!(
        prev_lower,
        b"be" | b"been" | b"being" | b"to" | b"is" | b"are" | b"am" | b"get" | b"gets"
    );
    // "were planning to drive around the airport on Monday": a plan told in the
    // past progressive still points ahead; the next word is the cue.
    if matches!(lower, b"was" | b"were")
        && (next.eq_ignore_ascii_case("planning") || next.eq_ignore_ascii_case("preparing"))
    {
        return None;
    }
    if matches!(lower, b"was" | b"were" | b"had" | b"did" | b"ago") {
        return Some(Tense::Past);
    }
    if matches!(
        lower,
        b"met"
            | b"held"
            | b"went"
            | b"came"
            | b"took"
            | b"gave"
            | b"made"
            | b"saw"
            | b"began"
            | b"left"
            | b"lost"
            | b"fell"
            | b"rose"
            | b"sold"
            | b"bought"
            | b"paid"
            | b"spent"
            | b"brought"
            | b"thought"
            | b"felt"
            | b"kept"
            | b"led"
            | b"ran"
            | b"found"
            | b"got"
            | b"broke"
            | b"spoke"
            | b"chose"
            | b"became"
            | b"knew"
            | b"grew"
            | b"drew"
            | b"struck"
            | b"fought"
            | b"caught"
            | b"sent"
            | b"built"
            | b"won"
            | b"stood"
            | b"fled"
            | b"sought"
            | b"shot"
            | b"threw"
            | b"withdrew"
            | b"heard"
            | b"meant"
            | b"understood"
            | b"flew"
            | b"hit"
            | b"shook"
            | b"drove"
            | b"rode"
            | b"swore"
            | b"wore"
            | b"tore"
            | b"forgot"
            | b"hid"
            | b"ate"
            | b"slept"
            | b"lay"
            | b"laid"
            | b"sat"
            | b"dealt"
            | b"taught"
            | b"sang"
            | b"killed"
    ) {
        return (!passive).then_some(Tense::Past);
    }
    // Regular past tense. A capitalised word is a name ("United").
    if lower.len() >= 5 && lower.ends_with(b"ed") && word.as_bytes()[0].is_ascii_lowercase() {
        if lower.ends_with(b"eed")
            && !matches!(lower, b"agreed" | b"freed" | b"guaranteed" | b"decreed")
        {
            return None;
        }
        if matches!(
            lower,
            b"hundred"
                | b"hatred"
                | b"kindred"
                | b"sacred"
                | b"naked"
                | b"wicked"
                | b"based"
                | b"related"
                | b"united"
                | b"unprecedented"
                | b"limited"
                | b"armed"
                | b"alleged"
                | b"detailed"
                | b"advanced"
                | b"concerned"
                | b"interested"
                | b"proposed"
        ) {
            return None;
        }
        return (!passive).then_some(Tense::Past);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    /// Tense around the first occurrence of `target` in `sentence`.
    fn check(sentence: &str, target: &str, expected: Tense) {
        let toks = tokenize(sentence);
        let at = sentence.find(target).unwrap();
        let start = toks.iter().position(|t| t.start == at).unwrap();
        let end = toks
            .iter()
            .position(|t| t.end == at + target.len())
            .unwrap()
            + 1;
        assert_eq!(
            tense_around(sentence, &toks, start, end, true),
            expected,
            "{sentence}"
        );
    }

    #[test]
    fn nearest_cue_wins() {
        check(
            "The ministers met on Friday to discuss it.",
            "Friday",
            Tense::Past,
        );
        check(
            "The ministers will meet on Friday to discuss it.",
            "Friday",
            Tense::Future,
        );
        check(
            "She said the minister would return home on Friday.",
            "Friday",
            Tense::Future,
        );
        check(
            "Talks began Tuesday, and a deal would follow later.",
            "Tuesday",
            Tense::Past,
        );
        check(
            "The vote is due to take place on Sunday.",
            "Sunday",
            Tense::Future,
        );
        check(
            "On Friday, the two leaders shook hands.",
            "Friday",
            Tense::Past,
        );
        check(
            "They marched on Saturday and were planning to march again.",
            "Saturday",
            Tense::Past,
        );
        check(
            "Organisers set up a march on Saturday and were planning more.",
            "Saturday",
            Tense::Future,
        );
    }

    #[test]
    fn prepositions_and_possessives_come_first() {
        check(
            "The ministers agreed to finish the text by Friday.",
            "Friday",
            Tense::Future,
        );
        check(
            "The old rules were extended to Nov. 20.",
            "Nov. 20",
            Tense::Unknown,
        );
        check(
            "Lawyers will try to overturn Wednesday's ruling.",
            "Wednesday",
            Tense::Unknown,
        );
    }

    #[test]
    fn passive_participles_are_not_cues() {
        check(
            "Drivers will be fined on March 3.",
            "March 3",
            Tense::Future,
        );
        check("Drivers were fined on March 3.", "March 3", Tense::Past);
    }

    #[test]
    fn clause_boundaries_stop_the_search() {
        check(
            "He resigned. Elections follow on Sunday.",
            "Sunday",
            Tense::Unknown,
        );
        check("Mr. Smith arrived on Sunday.", "Sunday", Tense::Past);
    }
}
