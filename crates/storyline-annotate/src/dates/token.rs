//! Word tokens with byte offsets: the single pass over the text that date and
//! quantity recognition share.
//!
//! A token is a run of letters and digits, or one punctuation character.
//! Whitespace is dropped, but a token remembers whether a line break came before
//! it, because headlines and captions end without punctuation. Whole
//! whitespace-delimited chunks that look like URLs, e-mail addresses or markup
//! are kept as [`Kind::Ident`] tokens so that nothing inside them is read as a
//! date or a quantity.

use super::lexicon::{lookup, Lex};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters only: "November", "Kosovo".
    Word,
    /// ASCII digits only: "2022", "5".
    Num,
    /// Digits and letters mixed: "1990s", "21st", "G7", "10km".
    Mixed,
    /// One punctuation or symbol character: ".", ",", "’", "%".
    Punct,
    /// Part of a URL, e-mail address or markup; never matched.
    Ident,
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What the token is made of.
    pub kind: Kind,
    /// Lexicon entry for words; [`Lex::None`] otherwise.
    pub lex: Lex,
    /// Whether a line break separates this token from the previous one.
    pub newline_before: bool,
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // News text averages about six bytes per token.
    let mut tokens = Vec::with_capacity(bytes.len() / 6 + 1);
    let mut pos = 0;
    let mut newline = false;
    while pos < bytes.len() {
        let b = bytes[pos];
        if b.is_ascii_whitespace() {
            newline |= b == b'\n';
            pos += 1;
            continue;
        }
        if b >= 0x80 {
            let ch = char_at(text, pos);
            if ch.is_whitespace() {
                newline |= ch == '\u{2028}' || ch == '\u{2029}';
                pos += ch.len_utf8();
                continue;
            }
        }
        // A new whitespace-delimited chunk starts here.
        let (chunk_end, unusual) = chunk_end(text, pos);
        if unusual && looks_like_identifier(&bytes[pos..chunk_end]) {
            tokens.push(Token {
                start: pos,
                end: chunk_end,
                kind: Kind::Ident,
                lex: Lex::None,
                newline_before: newline,
            });
            newline = false;
            pos = chunk_end;
            continue;
        }
        while pos < chunk_end {
            let start = pos;
            let b = bytes[pos];
            let (kind, end) = if b.is_ascii_alphanumeric()
                || (b >= 0x80 && char_at(text, pos).is_alphanumeric())
            {
                scan_alnum(text, pos, chunk_end)
            } else {
                (Kind::Punct, pos + char_len(b))
            };
            let lex = if kind == Kind::Word {
                lookup(&text[start..end])
            } else {
                Lex::None
            };
            tokens.push(Token {
                start,
                end,
                kind,
                lex,
                newline_before: newline,
            });
            newline = false;
            pos = end;
        }
    }
    // Text denser than the estimate doubled the capacity: give back what a
    // long article's tokens (40 bytes each) do not use.
    tokens.shrink_to_fit();
    tokens
}

/// Scans a run of letters and digits starting at `pos` and classifies it.
fn scan_alnum(text: &str, mut pos: usize, limit: usize) -> (Kind, usize) {
    let bytes = text.as_bytes();
    let mut letters = false;
    let mut digits = false;
    while pos < limit {
        let b = bytes[pos];
        if b.is_ascii_digit() {
            digits = true;
            pos += 1;
        } else if b.is_ascii_alphabetic() {
            letters = true;
            pos += 1;
        } else if b >= 0x80 {
            let ch = char_at(text, pos);
            if !ch.is_alphanumeric() {
                break;
            }
            letters = true;
            pos += ch.len_utf8();
        } else {
            break;
        }
    }
    let kind = match (letters, digits) {
        (true, false) => Kind::Word,
        (false, true) => Kind::Num,
        _ => Kind::Mixed,
    };
    (kind, pos)
}

/// End of the whitespace-delimited chunk starting at `pos`.
/// Also says whether the chunk has a character that URLs, addresses or markup use.
fn chunk_end(text: &str, mut pos: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let start = pos;
    let mut unusual = false;
    while pos < bytes.len() {
        let b = bytes[pos];
        if b.is_ascii_whitespace() {
            break;
        }
        // A point inside a chunk ("www.x", "x.org") is unusual; one at its end is not.
        unusual |= matches!(
            b,
            b'@' | b'=' | b'<' | b'>' | b'_' | b'\\' | b'{' | b'}' | b'/' | b':'
        ) || (b == b'.'
            && pos > start
            && bytes.get(pos + 1).is_some_and(|n| n.is_ascii_alphabetic()));
        if b >= 0x80 {
            let ch = char_at(text, pos);
            if ch.is_whitespace() {
                break;
            }
            pos += ch.len_utf8();
            continue;
        }
        pos += 1;
    }
    (pos, unusual)
}

/// Whether a chunk is a URL, an e-mail address, a file path or markup rather than prose.
fn looks_like_identifier(chunk: &[u8]) -> bool {
    if chunk.len() < 4 {
        return false;
    }
    let mut slashes = 0;
    for (idx, &b) in chunk.iter().enumerate() {
        match b {
            b'@' | b'=' | b'<' | b'>' | b'_' | b'\\' | b'{' | b'}' => return true,
            b'/' => slashes += 1,
            b':' if chunk[idx + 1..].starts_with(b"//") => return true,
            b'w' | b'W'
                if chunk[idx..].len() >= 4 && chunk[idx..idx + 4].eq_ignore_ascii_case(b"www.") =>
            {
                return true
            }
            _ => {}
        }
    }
    slashes >= 3
}

fn char_at(text: &str, pos: usize) -> char {
    text[pos..].chars().next().unwrap_or(' ')
}

fn char_len(first_byte: u8) -> usize {
    match first_byte {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Kind)> {
        tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            kinds("On Nov. 5, 1,200 G7 1990s"),
            vec![
                ("On", Kind::Word),
                ("Nov", Kind::Word),
                (".", Kind::Punct),
                ("5", Kind::Num),
                (",", Kind::Punct),
                ("1", Kind::Num),
                (",", Kind::Punct),
                ("200", Kind::Num),
                ("G7", Kind::Mixed),
                ("1990s", Kind::Mixed),
            ]
        );
    }

    #[test]
    fn keeps_urls_whole() {
        let text = "see https://example.org/2022/08/01/story now";
        let toks = kinds(text);
        assert_eq!(
            toks[1],
            ("https://example.org/2022/08/01/story", Kind::Ident)
        );
        assert_eq!(toks.len(), 3);
    }

    #[test]
    fn handles_non_ascii() {
        let text = "Kosovo’s\u{a0}café — 5";
        assert_eq!(
            kinds(text),
            vec![
                ("Kosovo", Kind::Word),
                ("’", Kind::Punct),
                ("s", Kind::Word),
                ("café", Kind::Word),
                ("—", Kind::Punct),
                ("5", Kind::Num),
            ]
        );
    }

    #[test]
    fn records_line_breaks() {
        let toks = tokenize("a\nb c");
        assert!(!toks[0].newline_before);
        assert!(toks[1].newline_before);
        assert!(!toks[2].newline_before);
    }
}
