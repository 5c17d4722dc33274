//! Word tokens and an article's token stream.

use std::borrow::Cow;
use std::ops::Range;

/// Cheap facts about a token, worked out once when it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u8);

impl Flags {
    const CAPITALISED: u8 = 1;
    const ALL_CAPS: u8 = 2;
    const NUMERIC: u8 = 4;

    /// The flags of the token `word`.
    pub fn of(word: &str) -> Flags {
        let bytes = word.as_bytes();
        let mut flags = 0;
        let mut letters = 0usize;
        let mut lower = false;
        if bytes.first().is_some_and(u8::is_ascii_uppercase) {
            flags |= Flags::CAPITALISED;
        }
        if bytes.first().is_some_and(u8::is_ascii_digit) {
            flags |= Flags::NUMERIC;
        }
        let mut ascii = true;
        for &b in bytes {
            if b >= 0x80 {
                ascii = false;
                break;
            }
            if b.is_ascii_alphabetic() {
                letters += 1;
                lower |= b.is_ascii_lowercase();
            }
        }
        if !ascii {
            letters = 0;
            lower = false;
            if word.chars().next().is_some_and(char::is_uppercase) {
                flags |= Flags::CAPITALISED;
            }
            for c in word.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                lower |= !c.is_uppercase();
            }
        }
        if letters >= 2 && !lower {
            flags |= Flags::ALL_CAPS;
        }
        Flags(flags)
    }

    /// The first character is upper case ("Kosovo", "EU", "Élysée").
    #[inline]
    pub fn capitalised(self) -> bool {
        self.0 & Flags::CAPITALISED != 0
    }

    /// Two letters or more, every letter upper case ("AID", "NATO", "U.S").
    #[inline]
    pub fn all_caps(self) -> bool {
        self.0 & Flags::ALL_CAPS != 0
    }

    /// The first character is an ASCII digit ("2024", "5.5", "1990s").
    #[inline]
    pub fn numeric(self) -> bool {
        self.0 & Flags::NUMERIC != 0
    }
}

/// A word token: letters, digits and in-word joiners (apostrophes, hyphens,
/// dots in acronyms and numbers), as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte offset (a text is at most 4 GiB: the stream of a long
    /// article holds a token per few bytes of it, so each is kept small).
    start: u32,
    /// End byte offset (exclusive).
    end: u32,
    /// Facts about the token's text.
    pub flags: Flags,
}

impl Token {
    /// The token `text[start..end]`, with its flags.
    pub fn new(text: &str, start: usize, end: usize) -> Token {
        Token {
            start: offset(start),
            end: offset(end),
            flags: Flags::of(&text[start..end]),
        }
    }

    /// Start byte offset.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// End byte offset (exclusive).
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start()..self.end()]
    }
}

/// A byte offset as a token stores it. Texts reach the annotators through
/// the 64 MiB input limit, far below 4 GiB.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a text longer than 4 GiB")
}

/// The character at byte `at` (a char boundary) and its length.
fn char_at(text: &str, at: usize) -> (char, usize) {
    let b = text.as_bytes()[at];
    if b < 0x80 {
        (char::from(b), 1)
    } else {
        let c = text[at..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Splits `text[range]` into word tokens; punctuation and white space are
/// skipped. An apostrophe (`'`, `’`), hyphen or dot joins two words when it
/// stands between a letter or digit and another inside `range`.
pub fn words(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    push_words(text, range, &mut out);
    out
}

/// [`words`], pushing onto `out`.
pub fn push_words(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut at = range.start;
    let mut current: Option<usize> = None;
    while at < end {
        let b = bytes[at];
        let (c, len) = if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                current.get_or_insert(at);
                at += 1;
                continue;
            }
            (char::from(b), 1)
        } else {
            char_at(text, at)
        };
        if is_alphanumeric(c) {
            current.get_or_insert(at);
        } else if current.is_some()
            && matches!(c, '\'' | '’' | '-' | '.')
            && at + len < end
            && is_alphanumeric(char_at(text, at + len).0)
        {
            // A joiner inside a word.
        } else if let Some(start) = current.take() {
            out.push(Token::new(text, start, at));
        }
        at += len;
    }
    if let Some(start) = current {
        out.push(Token::new(text, start, end));
    }
}

/// An article's token stream: the words of each of its sentences, made once.
/// Annotators read a sentence's words with [`Words::sentence`] (its first
/// token is the sentence start) and the words of any other span with
/// [`Words::within`], instead of splitting the text again.
#[derive(Debug, Clone, Default)]
pub struct Words {
    tokens: Vec<Token>,
    /// The sentence spans, in text order, not overlapping.
    spans: Vec<Range<usize>>,
    /// Index into `tokens` of each sentence's first token, then `tokens.len()`.
    firsts: Vec<usize>,
}

impl Words {
    /// The words of each of `sentences` (spans of `text` in text order, not
    /// overlapping), as [`words`] splits them.
    pub fn new(text: &str, sentences: impl IntoIterator<Item = Range<usize>>) -> Words {
        let sentences = sentences.into_iter();
        // News text averages about six bytes per word.
        let mut words = Words {
            tokens: Vec::with_capacity(text.len() / 6 + 1),
            spans: Vec::with_capacity(sentences.size_hint().0),
            firsts: Vec::with_capacity(sentences.size_hint().0 + 1),
        };
        for span in sentences {
            words.firsts.push(words.tokens.len());
            push_words(text, span.clone(), &mut words.tokens);
            words.spans.push(span);
        }
        words.firsts.push(words.tokens.len());
        // The estimate above can be short by half (texts of short words),
        // and the stream lives through the entity and quote passes.
        words.tokens.shrink_to_fit();
        words
    }

    /// Every token, sentence after sentence.
    #[inline]
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The number of sentences.
    pub fn sentences(&self) -> usize {
        self.spans.len()
    }

    /// The words of sentence `index`.
    #[inline]
    pub fn sentence(&self, index: usize) -> &[Token] {
        &self.tokens[self.firsts[index]..self.firsts[index + 1]]
    }

    /// The words of `text[range]`, the same as [`words`] gives: borrowed from
    /// the stream when `range` lies in one sentence and cuts no word, with
    /// the words it cuts split again otherwise.
    pub fn within(&self, text: &str, range: Range<usize>) -> Cow<'_, [Token]> {
        let sentence = self
            .spans
            .partition_point(|s| s.start <= range.start)
            .checked_sub(1)
            .filter(|&i| range.start < range.end && range.end <= self.spans[i].end);
        let Some(sentence) = sentence else {
            return Cow::Owned(words(text, range));
        };
        let toks = self.sentence(sentence);
        let from = toks.partition_point(|t| t.end() <= range.start);
        let to = toks.partition_point(|t| t.start() < range.end);
        let toks = &toks[from..to.max(from)];
        let cut = |t: &Token| t.start() < range.start || t.end() > range.end;
        if !toks.first().is_some_and(cut) && !toks.last().is_some_and(cut) {
            return Cow::Borrowed(toks);
        }
        let mut out = Vec::with_capacity(toks.len());
        for t in toks {
            if cut(t) {
                push_words(
                    text,
                    t.start().max(range.start)..t.end().min(range.end),
                    &mut out,
                );
            } else {
                out.push(*t);
            }
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_token_stays_small() {
        // An article's stream holds a token per five or six bytes of its
        // text, for the whole entity and quote passes (issue 20's memory).
        assert!(std::mem::size_of::<Token>() <= 12);
    }

    fn texts(text: &str, range: Range<usize>) -> Vec<&str> {
        words(text, range).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn inner_apostrophes_hyphens_and_dots_join() {
        let text = "The EU’s Kosovo-Albanian police, U.S. aid - 5.5% rise.";
        assert_eq!(
            texts(text, 0..text.len()),
            [
                "The",
                "EU’s",
                "Kosovo-Albanian",
                "police",
                "U.S",
                "aid",
                "5.5",
                "rise"
            ]
        );
        // A joiner at the end of the range joins nothing.
        assert_eq!(texts(text, 4..7), ["EU"]);
    }

    #[test]
    fn flags_say_case_and_digits() {
        let text = "Élysée AID U.S aid 1990s Ab x";
        let flags: Vec<(bool, bool, bool)> = words(text, 0..text.len())
            .iter()
            .map(|t| (t.flags.capitalised(), t.flags.all_caps(), t.flags.numeric()))
            .collect();
        assert_eq!(
            flags,
            [
                (true, false, false),
                (true, true, false),
                (true, true, false),
                (false, false, false),
                (false, false, true),
                (true, false, false),
                (false, false, false),
            ]
        );
    }

    #[test]
    fn the_stream_holds_each_sentence_and_borrows_whole_words() {
        let text = "Mr. Reyes met the U.S. envoy. He left.";
        let words = Words::new(text, [0..29, 30..38]);
        assert_eq!(words.sentences(), 2);
        assert_eq!(words.sentence(1).len(), 2);
        assert!(matches!(words.within(text, 4..17), Cow::Borrowed(_)));
        let cut = words.within(text, 5..20);
        assert!(matches!(cut, Cow::Owned(_)));
        let got: Vec<&str> = cut.iter().map(|t| t.text(text)).collect();
        assert_eq!(got, ["eyes", "met", "the", "U"]);
    }

    proptest! {
        #[test]
        fn within_gives_what_a_new_split_gives(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("Bc"), Just("9"), Just("é"), Just("É"), Just(" "),
                    Just("."), Just("-"), Just("'"), Just("’"), Just(","), Just("\n"), Just("—"),
                ],
                0..40,
            ),
            cuts in proptest::collection::vec(0usize..200, 0..4),
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let text: String = pieces.concat();
            let boundary = |at: usize| {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let mut marks: Vec<usize> = cuts.iter().map(|&c| boundary(c)).collect();
            marks.push(0);
            marks.push(text.len());
            marks.sort_unstable();
            marks.dedup();
            let sentences: Vec<Range<usize>> = marks.windows(2).map(|w| w[0]..w[1]).collect();
            let stream = Words::new(&text, sentences.clone());
            for (i, s) in sentences.iter().enumerate() {
                let fresh = words(&text, s.clone());
                prop_assert_eq!(stream.sentence(i), fresh.as_slice());
            }
            let (a, b) = (boundary(a.min(b)), boundary(a.max(b)));
            let read = stream.within(&text, a..b);
            let fresh = words(&text, a..b);
            prop_assert_eq!(read.as_ref(), fresh.as_slice());
        }
    }
}
