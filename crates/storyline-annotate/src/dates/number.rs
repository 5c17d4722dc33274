//! Numbers written with digits or words, shared by date and quantity recognition.

use super::lexicon::Lex;
use super::token::{Kind, Token};

/// A number read from one or more tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// Index of the token after the number.
    pub end: usize,
    /// The value.
    pub value: f64,
    /// Whether it was a single run of digits without separators or decimals.
    pub plain: bool,
    /// Whether it was written in words ("eight", "twenty-four").
    pub words: bool,
}

/// Reads a number written in digits at token `i`: "5", "6,300", "1.8", "1 000" is two numbers.
pub(crate) fn digits_at(text: &str, toks: &[Token], i: usize) -> Option<Number> {
    let tok = toks.get(i)?;
    if tok.kind != Kind::Num {
        return None;
    }
    let first = &text[tok.start..tok.end];
    let mut end = i + 1;
    let mut integer: String = first.to_string();
    let mut plain = true;
    // Thousands separators: "6,300", "1,800,000". The first group has at most three digits.
    if first.len() <= 3 {
        while is_punct(text, toks, end, b',')
            && glued(toks, end - 1, end)
            && toks
                .get(end + 1)
                .is_some_and(|t| t.kind == Kind::Num && t.end - t.start == 3)
            && glued(toks, end, end + 1)
        {
            let group = &toks[end + 1];
            integer.push_str(&text[group.start..group.end]);
            end += 2;
            plain = false;
        }
    }
    let mut value: f64 = integer.parse().ok()?;
    // Decimals: "1.8". A following digit run glued by a point.
    if is_punct(text, toks, end, b'.')
        && glued(toks, end - 1, end)
        && toks.get(end + 1).is_some_and(|t| t.kind == Kind::Num)
        && glued(toks, end, end + 1)
    {
        let frac = &toks[end + 1];
        let decimal = format!("{integer}.{}", &text[frac.start..frac.end]);
        value = decimal.parse().ok()?;
        end += 2;
        plain = false;
    }
    Some(Number {
        end,
        value,
        plain,
        words: false,
    })
}

/// Reads a number written in words at token `i`: "eight", "twenty-four", "two hundred".
pub(crate) fn words_at(text: &str, toks: &[Token], i: usize) -> Option<Number> {
    let Lex::Number(first) = toks.get(i)?.lex else {
        return None;
    };
    if first >= 100 {
        // "hundred" or "million" alone is not a number; "a hundred" is read by the caller.
        return None;
    }
    let mut value = first;
    let mut end = i + 1;
    // "twenty-four", "twenty four".
    if (20..100).contains(&value) && value % 10 == 0 {
        let next = if is_dash(text, toks, end) && glued(toks, end - 1, end) {
            end + 1
        } else {
            end
        };
        if let Some(Lex::Number(unit)) = toks.get(next).map(|t| t.lex) {
            if (1..10).contains(&unit) {
                value += unit;
                end = next + 1;
            }
        }
    }
    // "two hundred", "three thousand".
    if let Some(Lex::Number(scale)) = toks.get(end).map(|t| t.lex) {
        if scale == 100 || scale == 1_000 {
            value *= scale;
            end += 1;
        }
    }
    Some(Number {
        end,
        value: value as f64,
        plain: false,
        words: true,
    })
}

/// Whether token `i` is the single ASCII punctuation character `c`.
pub(crate) fn is_punct(text: &str, toks: &[Token], i: usize, c: u8) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Punct && t.end - t.start == 1 && text.as_bytes()[t.start] == c
    })
}

/// Whether token `i` is a hyphen or a dash used as one.
pub(crate) fn is_dash(text: &str, toks: &[Token], i: usize) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Punct && matches!(&text[t.start..t.end], "-" | "–" | "‑" | "—")
    })
}

/// Whether tokens `a` and `b` touch, with no space between them.
pub(crate) fn glued(toks: &[Token], a: usize, b: usize) -> bool {
    match (toks.get(a), toks.get(b)) {
        (Some(x), Some(y)) => x.end == y.start,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn digits(text: &str) -> Option<(f64, bool)> {
        let toks = tokenize(text);
        digits_at(text, &toks, 0).map(|n| (n.value, n.plain))
    }

    fn words(text: &str) -> Option<f64> {
        let toks = tokenize(text);
        words_at(text, &toks, 0).map(|n| n.value)
    }

    #[test]
    fn reads_digits() {
        assert_eq!(digits("6,300 cars"), Some((6300.0, false)));
        assert_eq!(digits("1,800,000"), Some((1_800_000.0, false)));
        assert_eq!(digits("1.8 million"), Some((1.8, false)));
        assert_eq!(digits("576 officers"), Some((576.0, true)));
        assert_eq!(digits("2008."), Some((2008.0, true)));
        assert_eq!(digits("5, 300"), Some((5.0, true)));
    }

    #[test]
    fn reads_words() {
        assert_eq!(words("eight hours"), Some(8.0));
        assert_eq!(words("twenty-four hours"), Some(24.0));
        assert_eq!(words("twenty four"), Some(24.0));
        assert_eq!(words("two hundred"), Some(200.0));
        assert_eq!(words("million"), None);
    }
}
