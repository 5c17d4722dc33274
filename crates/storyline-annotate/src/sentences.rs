//! Sentence splitting and word tokens, both as byte spans into the clean text.
//!
//! Sentences end at `.`, `!`, `?` or `…` (with any closing quotes and brackets
//! after it) followed by white space and a plausible sentence start (an
//! opening quotation mark counts, tokenised double backticks too), and always
//! at a paragraph break. Abbreviations ("Mr.", "Sept.", "U.S.", initials) do not
//! end a sentence.
//!
//! A sentence is at most [`MAX_SENTENCE_BYTES`] long: a longer run of text
//! without a sentence end (a page of text with no full stop, a list run
//! together) is cut at the last white space before the cap. Stages that work
//! per sentence (quote attribution, timeline entries that cite their sentence
//! per date) then cost a bounded amount per sentence, whatever the input.
//! Each cut is recorded on the article ([`storyline_model::Limit::SentenceBytes`])
//! and reported as a diagnostic naming the input.

use storyline_model::Span;
use storyline_text::WordList;

/// Words that end with a period without ending the sentence.
static ABBREVIATIONS: WordList = WordList::new(&[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
    "jr", "sr", "inc", "ltd", "co", "corp", "vs", "no", "nos", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", "e.g", "i.e", "etc", "approx", "est", "dept", "gov't", "mt",
    "ft", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "rev", "hon", "pres", "adm", "maj", "cmdr",
    "supt",
]);

/// Longest sentence, in bytes; longer runs are cut (at white space when
/// there is any in the last half of the allowance). News sentences are far
/// shorter, a few hundred bytes at most.
pub const MAX_SENTENCE_BYTES: usize = storyline_model::limits::MAX_SENTENCE_BYTES;

/// Splits `text` into sentence spans (trimmed of surrounding white space).
pub fn split_sentences(text: &str) -> Vec<Span> {
    split_sentences_noting_cuts(text, &mut Vec::new())
}

/// [`split_sentences`], pushing onto `cuts` the offset of every cut made
/// because a run of text reached [`MAX_SENTENCE_BYTES`].
pub(crate) fn split_sentences_noting_cuts(text: &str, cuts: &mut Vec<usize>) -> Vec<Span> {
    let mut sentences = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = match bytes[i] {
            b if b < 0x80 => char::from(b),
            _ => text[i..].chars().next().unwrap_or(' '),
        };
        let len = c.len_utf8();
        if c == '\n' {
            push_trimmed(text, start, i, &mut sentences, cuts);
            start = i + 1;
        } else if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + len;
            while let Some(next) = text[end..].chars().next() {
                if matches!(next, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                    end += next.len_utf8();
                } else {
                    break;
                }
            }
            if ends_sentence(text, i, c, end) {
                push_trimmed(text, start, end, &mut sentences, cuts);
                start = end;
                i = end;
                continue;
            }
        }
        i += len;
    }
    push_trimmed(text, start, text.len(), &mut sentences, cuts);
    sentences
}

fn push_trimmed(
    text: &str,
    mut start: usize,
    end: usize,
    out: &mut Vec<Span>,
    cuts: &mut Vec<usize>,
) {
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut half = start + MAX_SENTENCE_BYTES / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        if let Some(space) = text[half..cut].rfind(char::is_whitespace) {
            cut = half + space;
        }
        push_piece(text, start, cut, out);
        cuts.push(cut);
        start = cut;
    }
    push_piece(text, start, end, out);
}

fn push_piece(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

fn ends_sentence(text: &str, mark: usize, c: char, end: usize) -> bool {
    let after = &text[end..];
    if !after.is_empty() && !after.starts_with([' ', '\n', '\t']) {
        return false;
    }
    let next_word = after.trim_start_matches([' ', '\t']);
    if next_word.is_empty() || next_word.starts_with('\n') {
        return true;
    }
    let next = next_word.chars().next().unwrap_or(' ');
    let plausible_start = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '\'' | '`' | '(' | '[' | '—' | '-');
    if !plausible_start {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word_start = text[..mark]
        .rfind(|ch: char| ch.is_whitespace() || matches!(ch, '(' | '"' | '“'))
        .map_or(0, |p| {
            p + text[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = text[word_start..mark].to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    // Initials ("J. Smith") and dotted acronyms ("U.S.") are not sentence ends.
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    !(word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1))
}

pub use storyline_text::Token;

/// Splits `text[span]` into word tokens; punctuation is skipped (the one
/// word-splitting rule, [`storyline_text::words`]).
pub fn tokens(text: &str, span: Span) -> Vec<Token> {
    storyline_text::words(text, span.start..span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split_sentences(text)
            .iter()
            .map(|s| s.slice(text))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn long_runs_are_cut_at_white_space_under_the_cap() {
        let text = "word ".repeat(5_000) + "é".repeat(3_000).as_str() + " end";
        let spans = split_sentences(&text);
        assert!(spans.len() > 2, "{} spans", spans.len());
        for span in &spans {
            let piece = span.slice(&text);
            assert!(piece.len() <= MAX_SENTENCE_BYTES, "{}", piece.len());
            assert_eq!(piece, piece.trim());
        }
        // Nothing but white space is lost between pieces.
        let joined: String = spans
            .iter()
            .map(|s| s.slice(&text))
            .collect::<Vec<_>>()
            .join("");
        let compact: String = text.split_whitespace().collect();
        assert_eq!(joined.split_whitespace().collect::<String>(), compact);
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        check(
            "Mr. Reyes met the U.S. envoy on Sept. 5 in St. Louis. J. Marsh agreed. Talks went on!",
            &[
                "Mr. Reyes met the U.S. envoy on Sept. 5 in St. Louis.",
                "J. Marsh agreed.",
                "Talks went on!",
            ],
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        check(
            "“We will not give up,” she said. “This is our port.” The crowd cheered.",
            &[
                "“We will not give up,” she said.",
                "“This is our port.”",
                "The crowd cheered.",
            ],
        );
    }

    #[test]
    fn tokenised_opening_quotes_start_a_sentence() {
        check(
            "The mayor said it was `` pocket money '' for some . `` We are in tears , '' she said .",
            &[
                "The mayor said it was `` pocket money '' for some .",
                "`` We are in tears , '' she said .",
            ],
        );
    }

    #[test]
    fn paragraph_breaks_always_split_and_lowercase_continues() {
        check(
            "Prices rose 5.5 per cent. in March\n\nA new paragraph",
            &["Prices rose 5.5 per cent. in March", "A new paragraph"],
        );
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_hyphens() {
        let text = "The EU’s Kosovo-Albanian police, U.S. aid.";
        let got: Vec<&str> = tokens(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.text(text))
            .collect();
        assert_eq!(
            got,
            ["The", "EU’s", "Kosovo-Albanian", "police", "U.S", "aid"]
        );
    }
}
