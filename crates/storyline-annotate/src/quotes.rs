//! Quotes and who said them.
//!
//! A quote's content is the whole attributed statement: the quoted words when
//! they are all that is attributed ([`QuoteKind::Direct`]), the reported clause
//! with its quoted fragments when a cue verb introduces paraphrase around them
//! ([`QuoteKind::Mixed`]), or reported speech without marks
//! ([`QuoteKind::Indirect`]).
//!
//! Direct quotes are found by pairing quotation marks (straight or curly, judged
//! by the characters around them, since scraped text mixes them). Each quote is
//! attributed, in order of evidence:
//! 1. a cue verb after the quote in its sentence (`,” he said.`, `,” said the EU's envoy, X.`),
//!    or further on after a comma (`“…” if she loses, said X`), the paraphrase
//!    before it then part of the statement;
//! 2. a cue verb before the quote in its sentence (`X said “...”`, `X accused Y of “...”`),
//!    the next cue when the first has no speaker, else any verb taking a
//!    `that` clause (`Gulf sources believe that …`); a cue in a relative
//!    clause speaks for the name it hangs on (`Mike Lee, who declared …`);
//!    a block quote opening its paragraph takes the cue of the paragraph
//!    before when that ends in a colon (`he declared:⏎⏎“…”`);
//! 3. the subject of a clause ending in a colon right before the quote
//!    (`Kovan resisted: “…”`), else the speaker of the previous quote, for a
//!    quote standing alone;
//! 4. the subject of the quote's own sentence (`Sanders has pushed his
//!    promise of “free college” and …`: a mixed statement from after the verb);
//! 5. the subject of a nearby sentence with a cue verb.
//!
//! Pronouns resolve to the nearest compatible name (gender for "he"/"she", an
//! organisation for "it"), in the quote's own paragraph first and at low
//! confidence from the paragraph before. Role nouns resolve through the
//! article's entities; other noun phrases before a cue verb ("the report",
//! "a campaign spokesman") are kept as the speaker's description.
//! Reported speech without marks ("X said he had urged Y to ...") is kept as
//! [`QuoteKind::Indirect`].

use storyline_model::{EntityKind, LinkMethod, Quote, QuoteKind, Span, SpeakerMethod};

use crate::entities::{Entities, EntityMention};
use crate::lexicon::{
    CUE_VERBS, HONORIFICS, MONTH_NAMES, NEVER_NAME_WORDS, PREPOSITIONS, SENTENCE_STARTERS,
};
use std::borrow::Cow;

use storyline_text::{Token, WordList, Words};

/// A quotation found by mark pairing, before attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marked {
    /// The words inside the marks.
    inner: Span,
    /// The marks included.
    outer: Span,
}

/// Finds direct and indirect quotes in `text` and attributes them.
pub fn find_quotes(
    text: &str,
    sentences: &[Span],
    words: &Words,
    entities: &Entities,
) -> Vec<Quote> {
    let mut marked = find_marked(text);
    drop_cited_pieces(text, &mut marked);
    marked.retain(|m| !is_title(text, *m) && !is_dated_work(text, *m));
    let mut quotes: Vec<Quote> = Vec::with_capacity(marked.len());
    let attributor = Attributor {
        text,
        sentences,
        words,
        entities,
        marked: &marked,
    };
    for (index, quote) in marked.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| (&marked[i], &quotes[i]));
        quotes.push(attributor.attribute(*quote, previous));
    }
    let quotes = join_interrupted(text, sentences, &marked, quotes);
    let mut quotes: Vec<Quote> = quotes.into_iter().filter(is_statement).collect();
    let second: Vec<Quote> = quotes
        .iter()
        .filter_map(|quote| second_statement(text, sentences, quote))
        .collect();
    quotes.extend(second);
    quotes.extend(attributor.indirect_quotes(&marked));
    quotes.extend(attributor.headline_quotes());
    quotes.extend(attributor.headline_verb_quote());
    quotes.sort_by_key(|q| (q.start, std::cmp::Reverse(q.end)));
    // A quoted fragment inside a mixed statement is part of that statement
    // ("said the plan was “bad” and “dangerous”" is one statement).
    let mut kept: Vec<Quote> = Vec::with_capacity(quotes.len());
    for quote in quotes {
        match kept.last_mut() {
            Some(last) if last.start <= quote.start && quote.end <= last.end => {}
            Some(last)
                if quote.start < last.end
                    && quote.kind == QuoteKind::Mixed
                    && last.end <= quote.end =>
            {
                *last = quote;
            }
            // A statement ending inside the next quotation (a sentence end
            // missed before it, or found inside it) stops before its opening
            // mark: one statement, one item.
            Some(last) if quote.start < last.end && last.kind == QuoteKind::Mixed => {
                match cut_before_quotation(text, last, quote.start) {
                    Some(cut) => {
                        *last = cut;
                        kept.push(quote);
                    }
                    None => *last = quote,
                }
            }
            _ => kept.push(quote),
        }
    }
    kept
}

/// The reported speech a mixed statement's speaker goes on to with a second
/// cue verb (`called it “a great night” and said it was a step closer to
/// winning`): an indirect statement of the same speaker, from after the cue
/// (and its `that`) to the end of its clause. `None` when quotation marks
/// follow (the next quote is read on its own) or under three words.
fn second_statement(text: &str, sentences: &[Span], quote: &Quote) -> Option<Quote> {
    if quote.kind != QuoteKind::Mixed || quote.speaker.is_none() {
        return None;
    }
    let sentence = sentences.get(sentences.partition_point(|s| s.end < quote.end))?;
    let rest = text.get(quote.end..sentence.end)?;
    let after_and = rest.trim_start_matches([',', '.', '”', '"', '\'', ' ']);
    let after_and = after_and.strip_prefix("and ")?;
    let cue = after_and.split(|c: char| !c.is_alphanumeric()).next()?;
    if !CUE_VERBS.contains(&cue) || holds_double_marks(after_and) {
        return None;
    }
    let mut start = sentence.end - after_and.len() + cue.len();
    start += text[start..].len() - text[start..].trim_start().len();
    if text[start..].starts_with("that ") {
        start += 5;
    }
    let end = clause_end(text, start, sentence.end);
    let end = start
        + text[start..end]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
            .len();
    if text[start..end].split_whitespace().count() < 3 {
        return None;
    }
    Some(Quote {
        text: text[start..end].to_string(),
        start,
        end,
        parts: Vec::new(),
        kind: QuoteKind::Indirect,
        cue: Some(cue.into()),
        ..quote.clone()
    })
}

/// `statement` cut to end before the quotation whose words start at
/// `quoted_start`, with the punctuation, joining words and cue verbs left
/// dangling before it (`and claims that`) dropped; `None` when nothing of it is left
/// before that quotation.
fn cut_before_quotation(text: &str, statement: &Quote, quoted_start: usize) -> Option<Quote> {
    let before_marks = text[..quoted_start]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '`' | '\'' | '‘'));
    let mut end = before_marks.len().max(statement.start);
    loop {
        let piece = text[statement.start..end].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '—' | '–' | '-')
        });
        let word_start = piece.rfind(' ').map_or(0, |at| at + 1);
        let word = &piece[word_start..];
        if word_start > 0
            && (matches!(word, "that" | "and" | "or" | "but" | "as") || CUE_VERBS.contains(&word))
        {
            end = statement.start + word_start;
            continue;
        }
        end = statement.start + piece.len();
        break;
    }
    let kept = &text[statement.start..end];
    if !kept.contains(char::is_alphanumeric) {
        return None;
    }
    let mut cut = statement.clone();
    cut.end = end;
    cut.text = kept.to_string();
    cut.parts.retain(|part| part.end <= end);
    if !kept.contains(['"', '“', '”', '`']) && !kept.contains("''") {
        cut.kind = QuoteKind::Indirect;
    }
    Some(cut)
}

/// Joins a quote interrupted by its attribution into one statement:
/// `“We will not give in,” she said, “not now.”` and `“We will not give in,”
/// she said. “Not now.”` are one direct quote whose span runs over the
/// attribution, with the quoted pieces as its `parts` (the words between are
/// the attribution, not a second statement, as PARC and PolNeAR annotate it).
/// The attribution must stand between the two pieces, in one paragraph, and
/// the second piece must have no cue of its own: `“…,” she said. “…,” he
/// added.` stays two statements.
fn join_interrupted(
    text: &str,
    sentences: &[Span],
    marked: &[Marked],
    quotes: Vec<Quote>,
) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
    let mut last_marked: Option<Marked> = None;
    for (quote, mark) in quotes.into_iter().zip(marked) {
        if let (Some(previous), Some(last)) = (out.last_mut(), last_marked) {
            let gap = &text[last.outer.end..mark.outer.start];
            let words = gap.split_whitespace().count();
            let body = gap.trim_end();
            // No sentence opens inside the gap but the attribution's own
            // (`“…?” Trump said.`): abbreviations such as `Mr.` are no
            // sentence ends, the splitter knows them.
            let opens_sentence_between = {
                let attribution = last.outer.end + (gap.len() - gap.trim_start().len());
                let first = sentences.partition_point(|s| s.start <= attribution);
                sentences
                    .get(first)
                    .is_some_and(|s| s.start < mark.outer.start)
            };
            // Within a sentence the attribution ends in a comma (`she said,
            // “…”`, `Mr. Indyk said, ''…''`).
            let within = !opens_sentence_between
                && !body.ends_with(['.', '!', '?'])
                && !body.contains(';')
                && words <= 8;
            // Across a sentence the gap is the attribution alone, however long
            // its description of the speaker (`said Lamar Smith, a Republican
            // representative from Texas who chairs …. “…”`): one cue verb, no
            // second sentence, no second clause (`she said, and her husband
            // cut in`), no quoted title (`wrote the authors of the “Growth and
            // Opportunity Project,” giving …`).
            let n_cues = gap
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| CUE_VERBS.contains(w))
                .count();
            // The second piece has no cue of its own: none, or the gap's own
            // attribution read again (`,” he continued.  “…”`, where no
            // sentence was split off before the opening mark).
            let own_cue = quote.cue.is_some() && quote.speaker_span != previous.speaker_span;
            let across = body.ends_with(['.', ':'])
                && !own_cue
                && n_cues == 1
                && !opens_sentence_between
                && !gap.contains(", and ")
                && !gap.contains(['"', '“', '”'])
                && words <= 40;
            // A mixed statement ending with its quote goes on as well
            // (`The port needs workers “who …,” Kovan said. “And …”`).
            let ends_with_quote = previous.end == last.inner.end
                || previous.kind == QuoteKind::Mixed
                    && previous.parts.is_empty()
                    && previous.end == last.outer.end;
            let interrupted = previous.kind != QuoteKind::Indirect
                && quote.kind == QuoteKind::Direct
                && previous.cue.is_some()
                && (quote.method == SpeakerMethod::PreviousSpeaker
                    || quote.speaker_span == previous.speaker_span)
                && ends_with_quote
                && quote.start == mark.inner.start
                && !gap.contains('\n')
                && (within || across)
                && last
                    .inner
                    .slice(text)
                    .ends_with([',', '—', '–', '-', '?', '!'])
                && previous
                    .speaker_span
                    .is_some_and(|s| last.outer.end <= s.start && s.end <= mark.outer.start);
            if interrupted {
                if previous.parts.is_empty() {
                    previous.parts.push(Span::new(previous.start, previous.end));
                }
                previous.parts.push(Span::new(quote.start, quote.end));
                previous.end = quote.end;
                previous.text = text[previous.start..previous.end].to_string();
                last_marked = Some(*mark);
                continue;
            }
        }
        out.push(quote);
        last_marked = Some(*mark);
    }
    out
}

/// Whether a direct quote is a statement someone made rather than a title or
/// a scare quote: quoted words with no cue verb in their sentence are not set
/// in title case ("The Art of the Deal"), and when attributed only by
/// position, or not at all, run to three words or more (two when the
/// sentence's subject says them: `He yelled “You lie!”`).
fn is_statement(quote: &Quote) -> bool {
    if quote.kind != QuoteKind::Direct || quote.cue.is_some() {
        return true;
    }
    let words: Vec<&str> = quote.text.split_whitespace().collect();
    let title_case = words.len() > 1
        && words
            .iter()
            .filter(|w| w.chars().count() > 3)
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let least = match quote.method {
        SpeakerMethod::AdjacentSentence | SpeakerMethod::Unattributed => 3,
        SpeakerMethod::SentenceSubject | SpeakerMethod::PreviousSpeaker => 2,
        _ => 1,
    };
    !title_case && words.len() >= least
}

/// Drops the quotations that cite a piece of writing rather than report
/// speech: a title followed by its author (`"Museum to close at the end of
/// December," by Times' Ben Sisario`), and the excerpt the citation
/// introduces (`…, by DNAinfo's Eddie Small: "Curators of …"`).
fn drop_cited_pieces(text: &str, marked: &mut Vec<Marked>) {
    let mut keep = vec![true; marked.len()];
    for (index, quote) in marked.iter().enumerate() {
        if !is_cited_title(text, *quote) {
            continue;
        }
        keep[index] = false;
        let Some(next) = marked.get(index + 1) else {
            continue;
        };
        let gap = &text[quote.outer.end..next.outer.start];
        if gap.trim_end().ends_with(':')
            && !gap.contains('\n')
            && !gap.contains(['.', ';'])
            && gap.split_whitespace().count() <= 8
        {
            keep[index + 1] = false;
        }
    }
    let mut flags = keep.into_iter();
    marked.retain(|_| flags.next().unwrap_or(true));
}

/// Whether a quotation is the title of a piece followed by its author:
/// words ending in a comma inside the marks, then `by` and a capitalised
/// word that is no day or month (`"…," by Times' Ben Sisario`).
fn is_cited_title(text: &str, quote: Marked) -> bool {
    let inner = quote.inner.slice(text);
    let opens_capitalised = inner
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    if !opens_capitalised || !inner.trim_end_matches(['\'', '’']).ends_with(',') {
        return false;
    }
    let Some(rest) = text[quote.outer.end..].strip_prefix(" by ") else {
        return false;
    };
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && !crate::lexicon::WEEKDAYS
            .iter()
            .any(|day| day.eq_ignore_ascii_case(word))
        && !MONTH_NAMES.contains(&word)
}

/// Whether a quotation is a work or slogan cited with its year in
/// parentheses right after it (`“No to Schengen” (2005)`, `“…” (election
/// poster, 2003)`): a citation, not something said in the story.
fn is_dated_work(text: &str, quote: Marked) -> bool {
    let Some(rest) = text[quote.outer.end..].strip_prefix(" (") else {
        return false;
    };
    let Some(inside) = rest
        .split(')')
        .next()
        .filter(|inside| inside.len() < rest.len())
    else {
        return false;
    };
    let last = inside
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap_or("");
    inside.split_whitespace().count() <= 6
        && last.len() == 4
        && inside.ends_with(last)
        && matches!(last.as_bytes()[0], b'1' | b'2')
}

/// Whether quoted words are a title rather than speech: a show, paper or
/// slogan named in the sentence (`told ABC’s “This Week”`, `on Fox News
/// Channel’s “Hannity,”`, `the program ''Inside Edition''`). Up to six words,
/// every word longer than three letters capitalised; a single word only when
/// a word stands right before the opening mark (a lone `“Absolutely,”` or
/// `said: “Never.”` is speech).
fn is_title(text: &str, quote: Marked) -> bool {
    let inner = quote.inner.slice(text);
    let words: Vec<&str> = inner
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    if words.is_empty()
        || words.len() > 6
        || long.is_empty()
        || !long
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        || inner.trim_end_matches([',', '.']).ends_with(['!', '?'])
    {
        return false;
    }
    if words.len() > 1 {
        return true;
    }
    text[..quote.outer.start]
        .trim_end_matches(' ')
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

/// Pairs quotation marks within paragraphs. An unclosed quote runs to the end
/// of its paragraph (continued quotes reopen in the next one).
fn find_marked(text: &str) -> Vec<Marked> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // Two apostrophes (newswire style) or two backticks stand for a double quote.
        let doubled = matches!(c, '\'' | '`') && chars.peek().is_some_and(|&(_, n)| n == c);
        if c == '\n' {
            if let Some(start) = open.take() {
                push_marked(text, start, at, at, &mut found);
            }
        } else if matches!(c, '"' | '“' | '”') || doubled {
            let mark_len = if doubled { 2 } else { c.len_utf8() };
            if doubled {
                chars.next();
            }
            let next = text[at + mark_len..].chars().next();
            let opener = match c {
                '“' | '`' => true,
                '”' => false,
                _ => is_open_context(prev) && next.is_some_and(|n| !n.is_whitespace()),
            };
            match (open, opener) {
                (None, true) => open = Some(at),
                (Some(start), false) => {
                    push_marked(text, start, at, at + mark_len, &mut found);
                    open = None;
                }
                (Some(_), true) => open = Some(at),
                (None, false) => {}
            }
        }
        prev = Some(c);
    }
    if let Some(start) = open {
        push_marked(text, start, text.len(), text.len(), &mut found);
    }
    found
}

/// Length of the quotation mark at `at`: two for doubled apostrophes or backticks.
fn mark_length(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    if rest.starts_with("''") || rest.starts_with("``") {
        2
    } else {
        rest.chars().next().map_or(1, char::len_utf8)
    }
}

fn push_marked(text: &str, open: usize, close: usize, outer_end: usize, out: &mut Vec<Marked>) {
    let mark_len = mark_length(text, open);
    let inner = &text[open + mark_len..close];
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return;
    }
    let start = open + mark_len + lead;
    out.push(Marked {
        inner: Span::new(start, start + trimmed.len()),
        outer: Span::new(open, outer_end),
    });
}

/// Who a span of text names as the speaker.
#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    span: Span,
}

/// How a speaker was found for one quote, before confidences are set.
#[derive(Debug, Clone)]
struct Found {
    speaker: Speaker,
    cue: Option<String>,
    /// Where the attribution was found.
    evidence: Evidence,
    /// What the speaker span is: `name`, `pronoun`, `role` (a role noun linked
    /// to a name) or `description` (a noun phrase left as it is: "the report").
    referent: Referent,
    /// Whether a pronoun or chain had to reach into an earlier paragraph.
    other_paragraph: bool,
    /// For a cue before the quote: where the attributed statement starts.
    statement_start: Option<usize>,
}

/// The quote `text[start..end]` of `kind`, attributed as `found` says.
fn attributed(text: &str, start: usize, end: usize, kind: QuoteKind, found: Found) -> Quote {
    let (method, confidence) = speaker_confidence(&found);
    Quote {
        text: text[start..end].to_string(),
        start,
        end,
        parts: Vec::new(),
        kind,
        speaker: Some(found.speaker.name)
            .filter(|name| !name.is_empty())
            .map(Into::into),
        speaker_span: Some(found.speaker.span),
        cue: found.cue.map(Into::into),
        method,
        confidence,
    }
}

/// Where a quote's attribution was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// A cue after the quote: `“…,” Borrell said`.
    CueAfter,
    /// A cue before the quote: `Borrell said: “…”`.
    CueBefore,
    /// The speaker of the quote before, continuing.
    PreviousSpeaker,
    /// The subject of the quote's own sentence, with no cue verb.
    SentenceSubject,
    /// A speaker named in the neighbouring sentence.
    AdjacentSentence,
}

/// What a speaker span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referent {
    /// A name.
    Name,
    /// A pronoun resolved (or not) to its antecedent.
    Pronoun,
    /// A role noun linked to a name.
    Role,
    /// A noun phrase left as it is: "the report".
    Description,
}

struct Attributor<'a> {
    text: &'a str,
    sentences: &'a [Span],
    /// The article's token stream over `sentences`.
    words: &'a Words,
    entities: &'a Entities,
    /// The article's quotations, in order: names inside them are quoted, not
    /// antecedents of an attribution's pronoun.
    marked: &'a [Marked],
}

/// Subject pronouns that may stand for a speaker.
static PRONOUNS: WordList = WordList::new(&["he", "she", "He", "She", "they", "They", "it", "It"]);

/// Words opening a noun phrase that describes a speaker ("the report", "a
/// senior official", "his spokesman").
static DETERMINERS: WordList = WordList::new(&[
    "the", "The", "a", "A", "an", "An", "his", "His", "her", "Her", "their", "Their", "its", "Its",
    "our", "Our", "one", "One", "another", "Another", "two", "Two", "three", "Three", "several",
    "Several", "some", "Some", "many", "Many", "both", "Both", "this", "This",
]);

/// Auxiliaries and negation between a subject and its verb ("has long
/// argued", "would not").
static AUXILIARIES: WordList = WordList::new(&[
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "did",
    "does",
    "do",
    "not",
    "also",
    "then",
    "still",
    "again",
    "never",
    "once",
    "even",
    "long",
    "already",
    "just",
    "first",
    "later",
    "further",
    "recently",
    "often",
    "previously",
    "repeatedly",
]);

/// Common irregular past tenses that end a clause's subject (`the deputy
/// went on, saying …`).
static PAST_TENSES: WordList = WordList::new(&[
    "went", "made", "took", "gave", "sent", "put", "got", "came", "spoke", "wrote", "began",
    "held", "kept", "left", "met", "ran", "stood", "struck", "hit", "set", "brought", "thought",
    "sought", "threw", "drew", "won", "lost", "broke", "chose", "led", "paid", "sold",
]);

/// Lower-case words that end a speaker description rather than belong to it.
static NOT_IN_DESCRIPTION: WordList = WordList::new(&[
    "and",
    "or",
    "but",
    "that",
    "which",
    "who",
    "when",
    "while",
    "as",
    "if",
    "because",
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "not",
    "also",
    "then",
    "later",
    "previously",
    "once",
    "still",
    "never",
    "repeatedly",
    "often",
    "again",
    "recently",
]);

impl<'a> Attributor<'a> {
    /// The words of `span`, read from the article's token stream.
    fn words_in(&self, span: Span) -> Cow<'a, [Token]> {
        self.words.within(self.text, span.start..span.end)
    }

    fn sentence_index(&self, offset: usize) -> usize {
        let idx = self.sentences.partition_point(|s| s.end <= offset);
        idx.min(self.sentences.len().saturating_sub(1))
    }

    fn is_cue(word: &str) -> bool {
        CUE_VERBS.contains(&word)
    }

    /// Whether sentence `index` opens a paragraph (sentences never cross lines).
    fn opens_paragraph(&self, index: usize) -> bool {
        index == 0
            || self.text[self.sentences[index - 1].end..self.sentences[index].start].contains('\n')
    }

    /// Mentions starting inside `range`, by binary search (mentions are sorted
    /// by start), so a lookup costs the mentions near it, not the article's.
    fn mentions_starting_in(&self, range: Span) -> &[EntityMention] {
        let mentions = &self.entities.mentions;
        let from = mentions.partition_point(|m| m.span.start < range.start);
        let to = mentions.partition_point(|m| m.span.start < range.end.max(range.start + 1));
        &mentions[from..to.max(from)]
    }

    fn speaker_mentions(&self, range: Span) -> impl Iterator<Item = &EntityMention> {
        self.mentions_starting_in(range).iter().filter(move |m| {
            // A lone function word ("The" at a sentence start) names no one.
            let word = m.span.slice(self.text);
            range.contains(m.span)
                && !SENTENCE_STARTERS.contains(&word)
                && !NEVER_NAME_WORDS.contains(&word)
                && matches!(
                    self.entities.entity_of(m).kind,
                    EntityKind::Person | EntityKind::Organisation
                )
        })
    }

    /// Whether `span` lies inside a quotation's marks.
    fn is_quoted(&self, span: Span) -> bool {
        let after = self.marked.partition_point(|m| m.outer.start < span.start);
        after
            .checked_sub(1)
            .is_some_and(|i| self.marked[i].outer.contains(span))
    }

    fn name_of(&self, mention: &EntityMention) -> Speaker {
        Speaker {
            name: self.entities.entity_of(mention).name.clone(),
            span: mention.span,
        }
    }

    fn referent_of(&self, span: Span) -> Referent {
        let word = speaker_word(self.text, span);
        if PRONOUNS.contains(&word) {
            Referent::Pronoun
        } else if self
            .mentions_starting_in(span)
            .iter()
            .any(|m| m.span == span && m.method == LinkMethod::Role)
        {
            Referent::Role
        } else if self
            .mentions_starting_in(span)
            .iter()
            .any(|m| m.span == span)
        {
            Referent::Name
        } else {
            Referent::Description
        }
    }

    fn attribute(&self, quote: Marked, previous: Option<(&Marked, &Quote)>) -> Quote {
        let text = self.text;
        let first = self.sentence_index(quote.outer.start);
        let last = self.sentence_index(quote.outer.end.saturating_sub(1));
        let sentence_start = self.sentences.get(first).map_or(0, |s| s.start);
        let mut sentence_end = self
            .sentences
            .get(last)
            .map_or(text.len(), |s| s.end)
            .max(quote.outer.end);
        // The sentence splitter ends a sentence at `!”` or `?”`; the attribution
        // may then open the next sentence of the paragraph (`“…!” Sen. X said`),
        // and so may a short sentence that is only an attribution after a
        // full stop (`“….” Kovan said.`).
        let inner = quote.inner.slice(text);
        let bare_attribution = |index: usize| {
            let words: Vec<&str> = self.sentences[index]
                .slice(text)
                .split_whitespace()
                .collect();
            words.len() <= 4
                && words
                    .last()
                    .is_some_and(|w| Self::is_cue(w.trim_end_matches('.')) && w.ends_with('.'))
                && words[0].starts_with(char::is_uppercase)
        };
        if !text[quote.outer.end..sentence_end].contains(char::is_alphanumeric)
            && self.sentences.get(last + 1).is_some()
            && !self.opens_paragraph(last + 1)
            && (inner.ends_with(['!', '?', ',', '—'])
                || inner.ends_with('.') && bare_attribution(last + 1))
        {
            sentence_end = self.sentences[last + 1].end;
        }

        let after = Span::new(quote.outer.end, sentence_end);
        let before = Span::new(sentence_start.min(quote.outer.start), quote.outer.start);
        let found = self
            .cue_after(after, quote.outer.start)
            .filter(|found| self.speaks(found))
            .or_else(|| self.cue_before(before, quote.outer.start))
            .or_else(|| self.cue_before_block(quote, first))
            .or_else(|| {
                // A clause ending in a colon right before the quote
                // introduces it (`Kovan resisted: “…”`, `Kovan then turned
                // to the crowd again: “…”`): its subject speaks, before any
                // earlier quote's speaker carries on.
                text[before.start..before.end]
                    .trim_end()
                    .ends_with(':')
                    .then(|| self.sentence_subject(before, quote.outer.start))
                    .flatten()
                    .filter(|found| self.speaks(found))
            })
            .or_else(|| {
                let (prev_marked, prev_quote) = previous?;
                let gap = &text[prev_marked.outer.end..quote.outer.start];
                // Near: a few words between, or only the previous quote's own
                // trailing attribution (`“…,” said X, a Y from Z. “…”`).
                let attribution_between = prev_quote.cue.is_some()
                    && prev_quote.speaker_span.is_some_and(|s| {
                        prev_marked.outer.end <= s.start && s.end <= quote.outer.start
                    })
                    && gap.split_whitespace().count() <= 24;
                let near = gap.matches('\n').count() <= 2
                    && (gap.split_whitespace().count() <= 4 || attribution_between);
                // An unnamed speaker (`“…,” he said.` with no antecedent)
                // continues unnamed: the next quote is still theirs.
                let unnamed = prev_quote.method == SpeakerMethod::Pronoun
                    && prev_quote.speaker_span.is_some();
                let name = prev_quote
                    .speaker
                    .clone()
                    .map(String::from)
                    .or_else(|| unnamed.then(String::new))?;
                near.then(|| {
                    let span = prev_quote
                        .speaker_span
                        .unwrap_or(Span::new(prev_quote.start, prev_quote.start));
                    Found {
                        speaker: Speaker { name, span },
                        cue: None,
                        evidence: Evidence::PreviousSpeaker,
                        referent: Referent::Name,
                        // A chain is as sure as its first link; a weak first
                        // link is carried as if from another paragraph.
                        other_paragraph: gap.contains('\n') || prev_quote.confidence < 0.5,
                        statement_start: None,
                    }
                })
            })
            .or_else(|| {
                self.sentence_subject(before, quote.outer.start)
                    .filter(|found| self.speaks(found))
            })
            .or_else(|| {
                let (speaker, other_paragraph) =
                    self.recent_subject(quote.outer.start, None, false)?;
                Some(Found {
                    speaker,
                    cue: None,
                    evidence: Evidence::AdjacentSentence,
                    referent: Referent::Name,
                    other_paragraph,
                    statement_start: None,
                })
            });
        // A pronoun nothing before it resolves continues the previous quote's
        // speaker (`“…,” Borrell said.` then, a paragraph on, `“…,” he said.`),
        // as sure as that chain.
        let found = found.map(|mut found| {
            if found.speaker.name.is_empty() {
                if let Some((prev_marked, prev_quote)) = previous {
                    let gap = &text[prev_marked.outer.end..quote.outer.start];
                    if let (Some(name), true) =
                        (prev_quote.speaker.as_ref(), gap.matches('\n').count() <= 2)
                    {
                        found.speaker.name = name.to_string();
                        found.other_paragraph = gap.contains('\n') || prev_quote.confidence < 0.5;
                    }
                }
            }
            found
        });
        let (start, end, kind) =
            self.statement(quote, found.as_ref(), sentence_start, sentence_end);
        let lead = found
            .as_ref()
            .filter(|_| kind == QuoteKind::Direct)
            .and_then(|found| self.interrupted_lead(quote, found, sentence_start, sentence_end));
        if let (Some((lead, end)), Some(found)) = (lead, found.clone()) {
            let mut quote = attributed(text, lead.start, end, QuoteKind::Mixed, found);
            quote.parts = vec![lead, Span::new(start, end)];
            return quote;
        }
        let Some(found) = found else {
            return Quote {
                text: text[start..end].to_string(),
                start,
                end,
                parts: Vec::new(),
                kind,
                speaker: None,
                speaker_span: None,
                cue: None,
                method: SpeakerMethod::Unattributed,
                confidence: 0.0,
            };
        };
        attributed(text, start, end, kind, found)
    }

    /// The attributed statement a quote belongs to: the quoted words alone when
    /// they are all that is attributed (`Direct`), else the whole reported clause
    /// with its quoted fragments (`Mixed`): after a cue before the quote, from the
    /// cue's complement to the end of the sentence; before a cue after the quote,
    /// from the start of the sentence.
    fn statement(
        &self,
        quote: Marked,
        found: Option<&Found>,
        sentence_start: usize,
        sentence_end: usize,
    ) -> (usize, usize, QuoteKind) {
        let text = self.text;
        let direct = (quote.inner.start, quote.inner.end, QuoteKind::Direct);
        let Some(found) = found else {
            return direct;
        };
        let sentence_end = sentence_end.min(
            self.sentences
                .get(self.sentence_index(quote.outer.end.saturating_sub(1)))
                .map_or(sentence_end, |s| s.end.max(quote.outer.end)),
        );
        let is_mark = |c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '`');
        let trim_end = |end: usize| {
            let piece = &text[..end];
            let trimmed = piece.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':')
            });
            // Keep a full stop inside closing marks; drop one outside.
            trimmed.len().max(quote.outer.end.min(end))
        };
        match (found.evidence, found.statement_start) {
            (Evidence::CueBefore, Some(from)) => {
                let raw_gap = text[from.min(quote.outer.start)..quote.outer.start].trim();
                let tail_end = clause_end(text, quote.outer.end, sentence_end);
                let tail = text[quote.outer.end..tail_end].trim_matches(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '.' | ',' | ';' | ':' | '!' | '?')
                        || is_mark(c)
                });
                let gap = raw_gap.trim_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | ':' | '—' | '–' | '-')
                });
                // `said: “…”`, `told reporters, “…”`, `said on Monday, “…”`: the
                // quote is the statement. A longer clause before the comma is
                // paraphrase the quote continues ("he was referring to X's
                // decisions, “not to the President himself”").
                let introduced_by_mark = raw_gap.ends_with(':')
                    || raw_gap.ends_with(',') && gap.split_whitespace().count() <= 4;
                let introduced = gap.is_empty() || gap == "that";
                // A sentence end between the cue and the quote (a missed split) leaves the quote alone.
                let new_sentence = gap.starts_with(['.', '!', '?', ';']);
                if new_sentence
                    || introduced_by_mark
                    || introduced && tail.split_whitespace().count() <= 4
                {
                    return direct;
                }
                let mut start = statement_start(text, from).min(quote.outer.start);
                while text[start..].starts_with([',', ':', '—']) {
                    start = statement_start(
                        text,
                        start + text[start..].chars().next().map_or(1, char::len_utf8),
                    );
                }
                if text[start..].starts_with("that ") {
                    start += 5;
                }
                let end = trim_end(clause_end(text, quote.outer.end, sentence_end));
                if start >= end || start > quote.outer.start {
                    return direct;
                }
                // A verb outside the cue list is weaker evidence: its clause
                // is the statement only when the quote is a good part of it.
                let weak = found
                    .cue
                    .as_deref()
                    .is_some_and(|cue| !Self::is_cue(cue) && is_that_verb(cue));
                if weak && !quoted_enough(quote, start, end) {
                    return direct;
                }
                (start, end, QuoteKind::Mixed)
            }
            (Evidence::CueAfter, _) => {
                let inner = quote.inner.slice(text);
                // The statement opens after the lead's last clause break:
                // "Because of X, the party “does need him,” she said."
                let lead_span = Span::new(sentence_start, quote.outer.start);
                let lead_start = text[lead_span.start..lead_span.end]
                    .char_indices()
                    .rfind(|(_, c)| matches!(c, ',' | ';' | ':' | '—' | '('))
                    .map_or(sentence_start, |(at, c)| {
                        statement_start(text, sentence_start + at + c.len_utf8())
                    });
                let lead = &text[lead_start..quote.outer.start];
                let words = lead.split_whitespace().count();
                let has_cue = self
                    .words_in(lead_span)
                    .iter()
                    .any(|t| Self::is_cue(t.text(text)) || t.text(text) == "according");
                // A lead ending a sentence of its own (a missed split before
                // the opening mark) is not part of the statement.
                let ends_sentence = lead.trim_end().ends_with(['.', '!', '?']);
                let lead_is_content =
                    words >= 2 && !has_cue && !ends_sentence && !lead.contains('\n');
                // Paraphrase between the quote and its attribution belongs to
                // the statement: `“…” if she loses by less, said X`, `“…” in
                // comparison to Obama, Gingrich said`.
                let rest = &text[quote.outer.end..found.speaker.span.start.max(quote.outer.end)];
                let tail_end = (rest.starts_with(' ')
                    && rest.trim_start().starts_with(char::is_lowercase))
                .then(|| rest.rfind(','))
                .flatten()
                .filter(|&comma| {
                    let words = rest[..comma].split_whitespace().count();
                    (1..=15).contains(&words) && !rest[..comma].contains(['“', '"', '.', ';'])
                })
                .map(|comma| quote.outer.end + comma);
                if let Some(end) = tail_end {
                    let start = if lead_is_content {
                        lead_start
                    } else {
                        quote.inner.start
                    };
                    return (start, end, QuoteKind::Mixed);
                }
                if !lead_is_content || !inner.ends_with([',', '!', '?']) {
                    return direct;
                }
                (lead_start, quote.outer.end, QuoteKind::Mixed)
            }
            (Evidence::SentenceSubject, _) => self
                .embedded_statement(quote, found, sentence_start, sentence_end)
                .map_or(direct, |(start, end)| (start, end, QuoteKind::Mixed)),
            _ => direct,
        }
    }

    /// The paraphrase a statement opens with when its attribution interrupts
    /// it before the quote (`The quays were empty, he added, “but the port
    /// stays open.”`, `In the long run, it said, “the port is safe.”`): PARC and
    /// PolNeAR annotate the lead and the quote as one content whose pieces
    /// the attribution splits. The lead runs from the sentence start to the
    /// comma before the speaker; it holds three words or more, no quotation
    /// mark, no cue verb and no comma or other clause break of its own (`…
    /// and also, Kovan said, “to make clear …”` is the writer's sentence
    /// the attribution cuts into), and only the cue
    /// (with one adverb) and a comma stand between the speaker and the quote,
    /// which opens in lower case. Returns the lead and where the statement ends (the quote's clause end).
    fn interrupted_lead(
        &self,
        quote: Marked,
        found: &Found,
        sentence_start: usize,
        sentence_end: usize,
    ) -> Option<(Span, usize)> {
        let text = self.text;
        if found.evidence != Evidence::CueBefore || found.referent == Referent::Description {
            return None;
        }
        let from = found.statement_start?;
        let speaker = found.speaker.span;
        if !(sentence_start < speaker.start && speaker.end <= from && from <= quote.outer.start) {
            return None;
        }
        // The quote goes on with the sentence the lead began (`, “but …”`);
        // a capitalised quote is a sentence of its own after a circumstance
        // (`Asked about it, she said, “I do.”`).
        if text[from..quote.outer.start].trim() != ","
            || !quote
                .inner
                .slice(text)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            return None;
        }
        let verb = &text[speaker.end..from];
        if verb.contains(|c: char| !c.is_alphabetic() && c != ' ')
            || verb.split_whitespace().count() > 2
        {
            return None;
        }
        let lead_text = text[sentence_start..speaker.start].strip_suffix(", ")?;
        let lead = Span::new(sentence_start, sentence_start + lead_text.len());
        let words: Vec<&str> = lead_text.split_whitespace().collect();
        if words.len() < 3
            || lead_text.contains(['“', '”', '"', '\n', ',', ';', ':', '(', ')'])
            || lead_text.contains("''")
            || words
                .iter()
                .any(|w| Self::is_cue(w.trim_end_matches([',', '.'])) || *w == "according")
        {
            return None;
        }
        let end = clause_end(text, quote.outer.end, sentence_end);
        let end = text[..end]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
            .len();
        // Nothing but marks after the quote: the statement ends with its words.
        let end = if end <= quote.outer.end {
            quote.inner.end
        } else {
            end
        };
        Some((lead, end))
    }

    /// The statement around a quoted fragment that runs on inside its
    /// sentence's prose, attributed by position rather than a cue verb
    /// (`Sanders has pushed his promise of “free college” and …`, `his warning
    /// that Britain would go to the “back of the queue” if …`). As PARC and
    /// PolNeAR annotate such content, the statement is the clause the
    /// fragment belongs to: after a `that` introducing it, else after the
    /// verb of the sentence's subject when the subject speaks, to the
    /// clause's end. `None` when the quote stands alone (it opens the
    /// sentence, or follows `:` or `,`) or no clause start is found.
    fn embedded_statement(
        &self,
        quote: Marked,
        found: &Found,
        sentence_start: usize,
        sentence_end: usize,
    ) -> Option<(usize, usize)> {
        let text = self.text;
        let clause_start = leading_clause_end(text, Span::new(sentence_start, quote.outer.start));
        let lead = &text[clause_start..quote.outer.start];
        // Runs on from a word: not after a colon, comma or dash, not alone.
        if !lead.trim_end().ends_with(|c: char| c.is_alphanumeric())
            || lead.contains(['\n', '“', '"'])
            || lead.split_whitespace().count() < 2
        {
            return None;
        }
        let start = if let Some(at) = lead.rfind(" that ") {
            clause_start + at + " that ".len()
        } else if found.evidence == Evidence::SentenceSubject
            && clause_start <= found.speaker.span.start
            && found.speaker.span.end <= quote.outer.start
        {
            let toks = self.words_in(Span::new(found.speaker.span.end, quote.outer.start));
            let verb = toks.iter().position(|t| {
                let word = t.text(text);
                !AUXILIARIES.contains(&word) && !word.ends_with("ly")
            })?;
            toks.get(verb + 1).map_or(quote.outer.start, |t| t.start())
        } else {
            return None;
        };
        let end = clause_end(text, quote.outer.end, sentence_end);
        let end = start.max(
            text[..end]
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
                .len()
                .max(quote.outer.end.min(end)),
        );
        (start < quote.outer.start && quoted_enough(quote, start, end)).then_some((start, end))
    }

    /// `,” he said.` / `,” Borrell told journalists.` / `,” said the EU's envoy, Josep Borrell.`
    fn cue_after(&self, after: Span, quote_start: usize) -> Option<Found> {
        let text = self.text;
        let toks = self.words_in(after);
        // A written text's words close its sentence with "read" (`“…,” the
        // email read.`, `“…,” it read.`); elsewhere "read" is no cue.
        let closing_read = |k: usize| {
            k + 1 == toks.len() && k > 0 && matches!(toks[k].text(text), "read" | "reads")
        };
        let near = toks.iter().take(9).enumerate().position(|(k, t)| {
            Self::is_cue(t.text(text)) || t.text(text) == "according" || closing_read(k)
        });
        // Further on, a cue after a comma ends the sentence's attribution
        // (`“…” if she loses by more, said David Wasserman, …`, `“…,” Thomas
        // Hanify, the president of the union, said of …`).
        let after_comma = |pos: usize| {
            pos > 0
                && !toks[pos].text(text).ends_with("ing")
                && text[after.start..toks[pos].start()]
                    .trim_end()
                    .ends_with(',')
        };
        let cue_pos = match near {
            Some(pos) if after_comma(pos) && toks[pos].text(text) != "according" => {
                if let Some(found) = self.far_cue_after(after, &toks, pos) {
                    return Some(found);
                }
                pos
            }
            Some(pos) => pos,
            None => {
                let pos = toks.iter().position(|t| {
                    Self::is_cue(t.text(text))
                        && !t.text(text).ends_with("ing")
                        && text[after.start..t.start()].trim_end().ends_with(',')
                });
                return match pos {
                    Some(pos) => self.far_cue_after(after, &toks, pos),
                    None => self.trailing_cue_after(after, &toks),
                };
            }
        };
        let cue_tok = toks[cue_pos];
        // No other quotation may sit between the quote and its cue, nor a
        // conjunction opening a clause of its own (`“…”, but he also said
        // …`: the quote's attribution, if any, is before it); `and` joining
        // two names (`X and Y wrote`) opens none.
        let capitalised = |k: usize| {
            toks.get(k)
                .is_some_and(|t| t.text(text).starts_with(char::is_uppercase))
        };
        let conjunction = (0..cue_pos).any(|k| {
            matches!(toks[k].text(text), "but" | "and" | "while")
                && !(k > 0 && capitalised(k - 1) && capitalised(k + 1))
        });
        if text[after.start..cue_tok.start()].contains(['“', '"']) || conjunction {
            return None;
        }
        let according = cue_tok.text(text) == "according";
        let cue = if according {
            "according to".to_string()
        } else {
            cue_phrase(text, &toks, cue_pos)
        };
        let found = |speaker: Speaker| Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: Some(cue.clone()),
            evidence: Evidence::CueAfter,
            other_paragraph: false,
            statement_start: None,
        };
        if cue_pos == 0 || according {
            if according && toks.get(cue_pos + 1).is_none_or(|t| t.text(text) != "to") {
                return None;
            }
            // Inverted: the speaker follows the verb.
            let from = toks[cue_pos + usize::from(according)].end();
            let rest = Span::new(from, after.end);
            if let Some(mention) = self
                .speaker_mentions(rest)
                .filter(|m| !m.possessive)
                .min_by_key(|m| m.span.start)
                .filter(|m| text[from..m.span.start].split_whitespace().count() <= 6)
            {
                return Some(found(self.name_of(mention)));
            }
            if let Some(speaker) = self.name_after_verb(Span::new(from, after.end)) {
                return Some(found(speaker));
            }
            let span = description_after(text, &toks[cue_pos + 1 + usize::from(according)..])?;
            return Some(found(self.describe(span)));
        }
        let subject = Span::new(after.start, cue_tok.start());
        if let Some(mention) = self
            .speaker_mentions(subject)
            .filter(|m| !m.possessive)
            .last()
        {
            return Some(found(self.name_of(mention)));
        }
        if let Some(pronoun) = toks[..cue_pos]
            .iter()
            .rev()
            .find(|t| PRONOUNS.contains(&t.text(text)))
        {
            let (speaker, other_paragraph) = self.resolve_pronoun(*pronoun, quote_start)?;
            return Some(Found {
                other_paragraph,
                ..found(speaker)
            });
        }
        let span = description_before(text, &toks[..cue_pos], after.start, cue_tok.start())
            .or_else(|| subject_after_quote(text, &toks[..cue_pos], after.start))?;
        Some(found(self.describe(span)))
    }

    /// A trailing attribution closing the quote's sentence after paraphrase
    /// that goes on from the quote (`“…,” and talks resumed last week, Kovan
    /// said.`): the cue is the sentence's last word, its subject (a name, a
    /// pronoun or a description of up to four words) stands after the last
    /// comma, and no quotation mark or sentence end lies between.
    fn trailing_cue_after(&self, after: Span, toks: &[Token]) -> Option<Found> {
        let text = self.text;
        let cue_tok = *toks.last()?;
        let cue_pos = toks.len() - 1;
        if !Self::is_cue(cue_tok.text(text)) || cue_tok.text(text).ends_with("ing") {
            return None;
        }
        let lead = &text[after.start..cue_tok.start()];
        let comma = lead.rfind(", ")?;
        let between = &lead[..comma];
        if between.contains(['“', '”', '"', '.', ';', '!', '?', ':']) || between.contains("''")
        {
            return None;
        }
        let from = after.start + comma + 2;
        if text[from..cue_tok.start()].split_whitespace().count() > 4 {
            return None;
        }
        let found = self.trailing_subject(&toks[..cue_pos], from, cue_tok.start())?;
        Some(Found {
            evidence: Evidence::CueAfter,
            cue: Some(cue_tok.text(text).to_string()),
            ..found
        })
    }

    /// The name standing alone right after an inverted cue verb (`,” said
    /// Elias, a lawyer`, `,” said Mr. Ekovich.`), whatever kind the entity
    /// finder gave it: in that position a name can only be the speaker. An
    /// honorific may come first; a comma, a full stop or the end of `rest`
    /// must follow, so a time ("said Monday night") or an object is not taken.
    fn name_after_verb(&self, rest: Span) -> Option<Speaker> {
        let text = self.text;
        let is_honorific = |word: &str| HONORIFICS.iter().any(|(h, _)| *h == word);
        let mention = self
            .mentions_starting_in(rest)
            .iter()
            .find(|m| !is_honorific(m.span.slice(text)))?;
        let between = text[rest.start..mention.span.start].split_whitespace();
        let follows = text[mention.span.end..rest.end].trim_start();
        let word = mention.span.slice(text);
        let standalone = between
            .clone()
            .all(|w| is_honorific(w) || is_honorific(w.trim_end_matches('.')))
            && between.count() <= 1
            && (follows.is_empty() || follows.starts_with([',', '.', ';']));
        (standalone
            && !mention.possessive
            && !SENTENCE_STARTERS.contains(&word)
            && !NEVER_NAME_WORDS.contains(&word)
            && self.entities.entity_of(mention).kind != EntityKind::Place)
            .then(|| self.name_of(mention))
    }

    /// A cue after a comma beyond the words right after the quote: the name
    /// opening those words speaks when the cue follows it and its apposition
    /// (`,” Thomas Hanify, the union's president, said`), else the name or
    /// description right after the cue (`if …, said David Wasserman`).
    fn far_cue_after(&self, after: Span, toks: &[Token], cue_pos: usize) -> Option<Found> {
        let text = self.text;
        let cue_tok = toks[cue_pos];
        if text[after.start..cue_tok.start()].contains(['“', '"', '(']) {
            return None;
        }
        let found = |speaker: Speaker| Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: Some(cue_phrase(text, toks, cue_pos)),
            evidence: Evidence::CueAfter,
            other_paragraph: false,
            statement_start: None,
        };
        let opening = toks.get(..3.min(cue_pos))?;
        let lead = opening
            .first()
            .map(|t| Span::new(t.start(), opening[opening.len() - 1].end()));
        if let Some(mention) = lead.and_then(|lead| {
            self.speaker_mentions(Span::new(after.start, cue_tok.start()))
                .find(|m| !m.possessive && m.span.start <= lead.end)
                .filter(|m| text[m.span.end..].trim_start().starts_with(','))
        }) {
            return Some(found(self.name_of(mention)));
        }
        // Inverted, the speaker follows the verb; not after a verb whose
        // object follows it ("tells Breitbart News").
        if matches!(
            cue_tok.text(text),
            "told" | "tells" | "asked" | "asks" | "urged"
        ) {
            return None;
        }
        let from = cue_tok.end();
        let rest = Span::new(from, after.end);
        if let Some(mention) = self
            .speaker_mentions(rest)
            .filter(|m| !m.possessive)
            .min_by_key(|m| m.span.start)
            .filter(|m| text[from..m.span.start].split_whitespace().count() <= 2)
        {
            return Some(found(self.name_of(mention)));
        }
        if let Some(speaker) = self.name_after_verb(rest) {
            return Some(found(speaker));
        }
        let span = description_after(text, &toks[cue_pos + 1..]).filter(|d| {
            !matches!(
                speaker_word(text, Span::new(d.start, d.start + 4)),
                "this" | "This"
            )
        })?;
        Some(found(self.describe(span)))
    }

    /// `Borrell said after the meeting that ... “to urgently de-escalate”`.
    /// The main clause's first cue is tried first, not one in a leading
    /// subordinate clause ("While not everything X says is true, Y said ...");
    /// when it has no speaker ("in a turn that called to mind ..., Mr. Cruz
    /// pledged ..."), the other cues, nearest the quote first.
    fn cue_before(&self, before: Span, quote_start: usize) -> Option<Found> {
        if let Some(found) = self
            .as_clause_source(before)
            .filter(|found| self.speaks(found))
        {
            return Some(found);
        }
        let text = self.text;
        let toks = self.words_in(before);
        let is_cue = |t: &Token| Self::is_cue(t.text(text)) || t.text(text) == "According";
        let main_clause = leading_clause_end(text, before);
        let first = toks
            .iter()
            .position(|t| t.start() >= main_clause && is_cue(t))
            .or_else(|| toks.iter().position(is_cue));
        let others = (0..toks.len())
            .rev()
            .filter(|&k| Some(k) != first && is_cue(&toks[k]));
        // Last, a verb outside the cue list taking a `that` clause ("Gulf
        // sources believe that …", "a judge determined that …"), as PARC
        // counts any verb introducing reported content.
        let that_verbs = (0..toks.len().saturating_sub(1))
            .rev()
            .filter(|&k| toks[k + 1].text(text) == "that" && is_that_verb(toks[k].text(text)));
        first
            .into_iter()
            .chain(others)
            .chain(that_verbs)
            .find_map(|cue_pos| {
                self.cue_before_at(before, quote_start, &toks, cue_pos)
                    .filter(|found| self.speaks(found))
            })
    }

    /// The attribution of a block quote: a quote opening its paragraph after
    /// a paragraph whose last sentence ends in a colon (`In a 2019 speech, he
    /// declared:⏎⏎“…”`, `The Valdoria Times confirmed it, reporting:⏎“…”`)
    /// is introduced by that sentence's cue, read as if the quote followed it.
    /// Nothing but marks may stand before the quote in its paragraph, and at
    /// most one blank line between the two; a colon after no cue verb
    /// (`Transcript as follows:`) attributes nothing.
    fn cue_before_block(&self, quote: Marked, first: usize) -> Option<Found> {
        let text = self.text;
        if first == 0 || !self.opens_paragraph(first) {
            return None;
        }
        let sentence = self.sentences[first];
        let lead = &text[sentence.start.min(quote.outer.start)..quote.outer.start];
        let previous = self.sentences[first - 1];
        if lead.contains(char::is_alphanumeric)
            || text[previous.end..sentence.start].matches('\n').count() > 2
        {
            return None;
        }
        let introduction = previous.slice(text).trim_end();
        if !introduction.ends_with(':') {
            return None;
        }
        let span = Span::new(previous.start, previous.start + introduction.len());
        self.cue_before(span, quote.outer.start)
    }

    /// The source of an `as` clause introducing the quote right after it
    /// (`As the mayor put it, “…”`, `As Lind noted: “…”`), an attribution PARC
    /// and PolNeAR annotate with the clause's subject as the source. The
    /// clause opens the sentence or follows a comma or semicolon, and only
    /// punctuation separates its verb from the quote.
    fn as_clause_source(&self, before: Span) -> Option<Found> {
        let text = self.text;
        let toks = self.words_in(before);
        let last = *toks.last()?;
        if text[last.end()..before.end].contains(|c: char| !c.is_whitespace() && !",:—".contains(c))
        {
            return None;
        }
        let n = toks.len();
        let verb_pos = if matches!(last.text(text), "it") && n >= 2 {
            matches!(toks[n - 2].text(text), "put" | "puts").then_some(n - 2)?
        } else {
            matches!(
                last.text(text),
                "said" | "says" | "noted" | "notes" | "wrote" | "writes" | "observed" | "explained"
            )
            .then_some(n - 1)?
        };
        let as_pos = (0..verb_pos)
            .rev()
            .take(14)
            .find(|&k| matches!(toks[k].text(text), "As" | "as"))?;
        let lead = text[before.start..toks[as_pos].start()].trim_end();
        let opens_clause = lead.is_empty() || lead.ends_with([',', ';', '—']);
        let subject = Span::new(toks[as_pos].end(), toks[verb_pos].start());
        // Only "put it" takes an apposition ("As Lind, the union's head, put
        // it"); after another verb a comma may close a clause of its own ("as
        // the crowd cheered, he said").
        let put_it = verb_pos + 1 < n;
        if !opens_clause
            || as_pos + 1 == verb_pos
            || subject.slice(text).contains(['“', '"'])
            || !put_it && (subject.slice(text).contains(',') || verb_pos - as_pos > 7)
        {
            return None;
        }
        let pronoun = (as_pos + 2 == verb_pos)
            .then_some(toks[as_pos + 1])
            .filter(|t| PRONOUNS.contains(&t.text(text)));
        let (speaker, other_paragraph) =
            match self.speaker_mentions(subject).find(|m| !m.possessive) {
                Some(mention) => (self.name_of(mention), false),
                None if pronoun.is_some() => self.resolve_pronoun(pronoun?, before.end)?,
                None => {
                    let trimmed = subject
                        .slice(text)
                        .trim_end_matches(|c: char| c.is_whitespace() || c == ',');
                    let from = statement_start(text, subject.start);
                    if from >= subject.start + trimmed.len() {
                        return None;
                    }
                    (
                        self.describe(Span::new(from, subject.start + trimmed.len())),
                        false,
                    )
                }
            };
        Some(Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: Some(text[toks[verb_pos].start()..last.end()].to_string()),
            evidence: Evidence::CueBefore,
            other_paragraph,
            statement_start: Some(statement_start(text, last.end())),
        })
    }

    /// [`Self::cue_before`] with the cue verb at `toks[cue_pos]`.
    fn cue_before_at(
        &self,
        before: Span,
        quote_start: usize,
        toks: &[Token],
        cue_pos: usize,
    ) -> Option<Found> {
        let text = self.text;
        let cue_tok = toks[cue_pos];
        if cue_tok.text(text) == "According" {
            // "According to X, ... “...”": the speaker follows "to", the
            // statement follows the comma.
            if toks.get(cue_pos + 1).is_none_or(|t| t.text(text) != "to") {
                return None;
            }
            let from = toks[cue_pos + 1].end();
            let comma = text[from..before.end].find(',').map(|c| from + c)?;
            let range = Span::new(from, comma);
            let speaker = match self.speaker_mentions(range).find(|m| !m.possessive) {
                Some(mention) => self.name_of(mention),
                None => {
                    let rest: Vec<Token> = toks
                        .iter()
                        .copied()
                        .filter(|t| range.contains(Span::new(t.start(), t.end())))
                        .collect();
                    self.describe(description_after(text, &rest)?)
                }
            };
            return Some(Found {
                referent: self.referent_of(speaker.span),
                speaker,
                cue: Some("according to".to_string()),
                evidence: Evidence::CueBefore,
                other_paragraph: false,
                statement_start: Some(statement_start(text, comma + 1)),
            });
        }
        // An inverted cue after a closing mark (`“…,” said Weaver, who said
        // …`) has its subject after it, not before.
        if text[before.start..cue_tok.start()]
            .trim_end()
            .ends_with(['”', '"', '\''])
        {
            return None;
        }
        let cue = cue_phrase(text, toks, cue_pos);
        let content_from = complement_start(text, toks, cue_pos);
        if cue_tok.text(text).ends_with("ing") {
            // A participle ("..., calling the plan a “disaster”") takes the
            // subject opening the main clause.
            let main = Span::new(before.start, cue_tok.start());
            let subject = self
                .sentence_subject(main, quote_start)
                .or_else(|| self.clause_description(main))?;
            return Some(Found {
                cue: Some(cue),
                evidence: Evidence::CueBefore,
                statement_start: Some(content_from),
                ..subject
            });
        }
        let subject_range = Span::new(before.start, cue_tok.start());
        let clause_start = leading_clause_end(text, subject_range);
        let candidates: Vec<&EntityMention> = self
            .speaker_mentions(Span::new(clause_start, cue_tok.start()))
            .filter(|m| !m.possessive)
            .collect();
        let found = |speaker: Speaker, other_paragraph: bool| Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: Some(cue.clone()),
            evidence: Evidence::CueBefore,
            other_paragraph,
            statement_start: Some(content_from),
        };
        // A passive cue of asking or telling (`Brandt was asked by the host,
        // Mira Kovan, “…”`) speaks for its agent after `by`; the quote is the
        // question, standing alone, or part of the `whether` clause right
        // after the agent (`asked by X whether it would risk “…”`).
        let passive = cue_pos >= 1
            && matches!(toks[cue_pos - 1].text(text), "was" | "were" | "is" | "been")
            && matches!(
                cue_tok.text(text),
                "asked" | "told" | "urged" | "warned" | "pressed" | "challenged"
            )
            && toks.get(cue_pos + 1).is_some_and(|t| t.text(text) == "by");
        if passive {
            let from = toks[cue_pos + 1].end();
            let agent = self
                .speaker_mentions(Span::new(from, before.end))
                .filter(|m| {
                    let lead = &text[from..m.span.start];
                    !m.possessive
                        && lead.split_whitespace().count() <= 5
                        && lead
                            .split_whitespace()
                            .next_back()
                            .is_none_or(|w| !PREPOSITIONS.contains(&w))
                })
                // The name closing the agent's phrase (`by Fox moderator
                // Gerard Baker`), not an outlet or title inside it.
                .max_by_key(|m| m.span.start)
                .map(|m| self.name_of(m))
                .or_else(|| {
                    description_after(text, &toks[cue_pos + 2..]).map(|span| self.describe(span))
                })?;
            let question = toks
                .iter()
                .find(|t| t.start() >= agent.span.end)
                .filter(|t| {
                    matches!(t.text(text), "whether" | "if")
                        && text[agent.span.end..t.start()].trim().is_empty()
                })
                .map(|t| t.start());
            return Some(Found {
                statement_start: question,
                ..found(agent, false)
            });
        }
        // The name right before the verb ("Borrell said"), else the sentence's first name.
        let adjacent = candidates.iter().rev().find(|m| {
            let between = &text[m.span.end..cue_tok.start()];
            between.split_whitespace().count() <= 1 && !between.contains(',')
        });
        // A description right before the verb ("the campaign said") beats a name
        // further off ("Trump’s campaign said").
        let mut subject_toks: Vec<Token> = toks[..cue_pos]
            .iter()
            .copied()
            .filter(|t| t.start() >= clause_start)
            .collect();
        // Adverbs between the subject and its verb ("Sullivan also said", "the
        // campaign quickly denied") are not part of the subject.
        let mut subject_end = cue_tok.start();
        while subject_toks.len() > 1 {
            let last = subject_toks[subject_toks.len() - 1];
            let word = last.text(text);
            let adverb = AUXILIARIES.contains(&word) || word.len() > 4 && word.ends_with("ly");
            if !adverb || !text[last.end()..subject_end].trim().is_empty() {
                break;
            }
            subject_end = last.start();
            subject_toks.pop();
        }
        // "from Mike Lee, who declared …": the cue inside a relative clause
        // speaks for the name the clause hangs on; the speaker span is the
        // relative pronoun, as the gold marks it.
        if let Some(who) = subject_toks.last().filter(|t| t.text(text) == "who") {
            let hang = text[clause_start..who.start()].trim_end_matches([' ', ',', '-', '—', '–']);
            let hang_end = clause_start + hang.len();
            // The name the clause hangs on, whatever kind the entity finder
            // gave it (`said Mr. Ekovich, who noted …`), else a description.
            let antecedent = self
                .mentions_starting_in(Span::new(clause_start, who.start()))
                .iter()
                .rev()
                .find(|m| {
                    let word = m.span.slice(text);
                    !m.possessive
                        && m.span.end == hang_end
                        && !SENTENCE_STARTERS.contains(&word)
                        && !NEVER_NAME_WORDS.contains(&word)
                        && self.entities.entity_of(m).kind != EntityKind::Place
                })
                .map(|mention| {
                    (
                        self.entities.entity_of(mention).name.clone(),
                        Referent::Name,
                    )
                })
                .or_else(|| {
                    let head: Vec<Token> = subject_toks
                        .iter()
                        .copied()
                        .filter(|t| t.end() <= hang_end)
                        .collect();
                    let span = description_before(text, &head, clause_start, hang_end)?;
                    // "Braynard, a South Carolina native who writes": the
                    // description is an apposition to the name before it.
                    let apposed = text[clause_start..span.start].trim_end();
                    if let Some(mention) = apposed.strip_suffix(',').and_then(|head| {
                        self.speaker_mentions(Span::new(clause_start, clause_start + head.len()))
                            .filter(|m| !m.possessive && m.span.end == clause_start + head.len())
                            .last()
                    }) {
                        return Some((self.name_of(mention).name, Referent::Name));
                    }
                    let described = Found {
                        referent: Referent::Description,
                        ..found(self.describe(span), false)
                    };
                    self.speaks(&described)
                        .then_some((described.speaker.name, Referent::Description))
                });
            if let Some((name, referent)) = antecedent {
                return Some(Found {
                    referent,
                    ..found(
                        Speaker {
                            name,
                            span: Span::new(who.start(), who.end()),
                        },
                        false,
                    )
                });
            }
        }
        // "The lawmaker, who represents a district in Albay, said": the
        // subject stands before the relative clause.
        let relative = ["who", "which"].iter().find_map(|w| {
            text[clause_start..cue_tok.start()]
                .find(&format!(", {w} "))
                .map(|at| clause_start + at)
        });
        let description = match relative {
            Some(end) => {
                let head: Vec<Token> = subject_toks
                    .iter()
                    .copied()
                    .filter(|t| t.end() <= end)
                    .collect();
                description_before(text, &head, clause_start, end)
            }
            None => description_before(text, &subject_toks, clause_start, subject_end),
        };
        if let Some(mention) = adjacent {
            // "the U.S. ambassador to NATO said": the name is the object of a
            // preposition inside the speaker's description.
            let after_preposition = text[..mention.span.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| matches!(w, "to" | "of" | "for" | "at" | "from" | "with"));
            if let Some(span) =
                description.filter(|d| after_preposition && d.start < mention.span.start)
            {
                return Some(found(self.describe(span), false));
            }
            return Some(found(self.name_of(mention), false));
        }
        if let Some(pronoun) = subject_toks
            .last()
            .filter(|t| PRONOUNS.contains(&t.text(text)))
        {
            let (speaker, other) = self.resolve_pronoun(*pronoun, quote_start)?;
            return Some(found(speaker, other));
        }
        if let Some(span) = description {
            return Some(found(self.describe(span), false));
        }
        if let Some(mention) = candidates.first() {
            return Some(found(self.name_of(mention), false));
        }
        let pronoun = subject_toks
            .iter()
            .rev()
            .find(|t| PRONOUNS.contains(&t.text(text)))?;
        let (speaker, other) = self.resolve_pronoun(*pronoun, quote_start)?;
        Some(found(speaker, other))
    }

    /// The subject of the quote's own sentence when no cue verb names the
    /// speaker (`He yelled “You lie!”`, `Many marchers chanted “...”`): a name
    /// or pronoun opening the main clause before the quote.
    fn sentence_subject(&self, before: Span, quote_start: usize) -> Option<Found> {
        let text = self.text;
        let clause_start = leading_clause_end(text, before);
        let toks = self.words_in(Span::new(clause_start, before.end));
        let opening: Vec<Token> = toks.iter().take(4).copied().collect();
        let first = *opening.first()?;
        let found = |speaker: Speaker, other_paragraph: bool| Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: None,
            evidence: Evidence::SentenceSubject,
            other_paragraph,
            statement_start: None,
        };
        if PRONOUNS.contains(&first.text(text)) && !matches!(first.text(text), "it" | "It") {
            let (speaker, other) = self.resolve_pronoun(first, quote_start)?;
            return Some(found(speaker, other));
        }
        let mention = self
            .speaker_mentions(Span::new(first.start(), opening.last()?.end()))
            .find(|m| !m.possessive)?;
        // The mention opens the clause: only a title or determiner before it.
        if text[first.start()..mention.span.start]
            .split_whitespace()
            .count()
            > 1
        {
            return None;
        }
        Some(found(self.name_of(mention), false))
    }

    /// The noun phrase opening the main clause of `range` as its subject,
    /// for a participle cue after it (`Her deputy rallied supporters, saying:
    /// “…”`, `The Valdoria Times confirmed it, reporting: “…”`): a
    /// determiner or a possessive name, then words one space apart up to the
    /// clause's verb (a lower-case word in the past tense, an auxiliary or a
    /// cue verb), seven words at most.
    fn clause_description(&self, range: Span) -> Option<Found> {
        let text = self.text;
        let toks = self.words_in(Span::new(leading_clause_end(text, range), range.end));
        let opens = toks
            .first()
            .is_some_and(|t| DETERMINERS.contains(&t.text(text)));
        let verb = (1..toks.len().min(8)).find(|&k| {
            let word = toks[k].text(text);
            word.starts_with(|c: char| c.is_lowercase())
                && (word.len() > 4 && word.ends_with("ed")
                    || AUXILIARIES.contains(&word)
                    || PAST_TENSES.contains(&word)
                    || Self::is_cue(word))
        })?;
        let subject = &toks[..verb];
        let possessive = subject
            .iter()
            .any(|t| text[t.end()..].starts_with(['’', '\'']) && t.text(text) != "it");
        if verb < 2
            || !(opens || possessive)
            || subject
                .windows(2)
                .any(|w| !joined_by_space(text, w[0], w[1]))
            || subject.iter().any(|t| {
                let word = t.text(text);
                NOT_IN_DESCRIPTION.contains(&word) || PRONOUNS.contains(&word)
            })
        {
            return None;
        }
        let span = Span::new(subject[0].start(), toks[verb - 1].end());
        let found = Found {
            speaker: self.describe(span),
            cue: None,
            evidence: Evidence::SentenceSubject,
            referent: Referent::Description,
            other_paragraph: false,
            statement_start: None,
        };
        self.speaks(&found).then_some(found)
    }

    /// Whether a found speaker can speak: a name, pronoun or role, or a
    /// description that is a noun phrase. Spans cut from elsewhere in the
    /// sentence are not ("on Wednesday", "for", "this to", "She’s", "the
    /// procedure sometimes"), as issue 18 asks: a speaker is a person,
    /// organisation or role noun phrase.
    fn speaks(&self, found: &Found) -> bool {
        if found.referent != Referent::Description {
            return true;
        }
        let words: Vec<&str> = found
            .speaker
            .span
            .slice(self.text)
            .split_whitespace()
            .collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return false;
        };
        let last = last.trim_end_matches([',', '.', ';', ':']);
        let contraction = ["’s", "'s"]
            .iter()
            .any(|s| first.strip_suffix(s).is_some_and(|w| PRONOUNS.contains(&w)));
        let function_word = |word: &str| {
            matches!(
                word.to_lowercase().as_str(),
                "to" | "for"
                    | "on"
                    | "in"
                    | "at"
                    | "by"
                    | "with"
                    | "from"
                    | "of"
                    | "during"
                    | "the"
                    | "a"
                    | "an"
                    | "and"
                    | "that"
                    | "will"
                    | "would"
                    | "being"
                    | "sometimes"
            )
        };
        let participle = words.len() == 1 && last.ends_with("ing");
        !(contraction
            || participle
            || function_word(first)
                && first.chars().next().is_some_and(char::is_lowercase)
                && !DETERMINERS.contains(first)
            || function_word(last))
    }

    /// A described speaker: the entity a role mention on the span links to,
    /// else the description itself.
    fn describe(&self, span: Span) -> Speaker {
        if let Some(mention) = self
            .entities
            .mentions
            .iter()
            .find(|m| span.contains(m.span) && m.method == LinkMethod::Role)
        {
            return Speaker {
                name: self.entities.entity_of(mention).name.clone(),
                span,
            };
        }
        Speaker {
            name: span.slice(self.text).to_string(),
            span,
        }
    }

    /// The entity a pronoun refers to: the speaker or subject of the nearest
    /// preceding sentence that has a compatible one (a person of the pronoun's
    /// gender for "he" and "she", an organisation for "it"), looking in the
    /// pronoun's own paragraph first. The flag says the antecedent came from
    /// an earlier paragraph. Without an antecedent the speaker is the pronoun
    /// itself with an empty name: the quote has no named speaker.
    fn resolve_pronoun(&self, pronoun: Token, _before: usize) -> Option<(Speaker, bool)> {
        let word = pronoun.text(self.text).to_lowercase();
        let female = match word.as_str() {
            "he" => Some(false),
            "she" => Some(true),
            _ => None,
        };
        let span = Span::new(pronoun.start(), pronoun.end());
        // With no antecedent the pronoun still says who spoke; it stays
        // unnamed (an empty name) rather than the quote going to someone else.
        let (mut speaker, other) = self
            .recent_subject(pronoun.start(), female, word == "it")
            .unwrap_or((
                Speaker {
                    name: String::new(),
                    span,
                },
                false,
            ));
        speaker.span = span;
        Some((speaker, other))
    }

    /// The subject of the nearest sentence before `offset` naming a person (of the
    /// given gender when known; an organisation when `organisation`): a name
    /// before a cue verb, else the last name. Looks back through the offset's
    /// paragraph, then at most two sentences of the paragraph before; the flag
    /// says the subject came from there.
    fn recent_subject(
        &self,
        offset: usize,
        female: Option<bool>,
        organisation: bool,
    ) -> Option<(Speaker, bool)> {
        let current = self.sentence_index(offset);
        let compatible = |m: &&EntityMention| {
            let entity = self.entities.entity_of(m);
            if m.possessive {
                return false;
            }
            if organisation {
                return entity.kind == EntityKind::Organisation;
            }
            entity.kind == EntityKind::Person
                && (female.is_none() || entity.female.is_none() || entity.female == female)
        };
        let mut other_paragraph = false;
        let mut earlier_sentences = 0;
        let mut index = current + 1;
        while index > 0 {
            index -= 1;
            if other_paragraph {
                earlier_sentences += 1;
                if earlier_sentences > 2 {
                    break;
                }
            }
            let sentence = self.sentences.get(index)?;
            let end = sentence.end.min(offset);
            if end > sentence.start {
                let range = Span::new(
                    leading_clause_end(self.text, Span::new(sentence.start, end)),
                    end,
                );
                let names: Vec<&EntityMention> = self
                    .speaker_mentions(range)
                    .filter(compatible)
                    .filter(|m| !self.is_quoted(m.span))
                    .collect();
                let toks = self.words_in(range);
                let before_cue = toks
                    .iter()
                    .find(|t| Self::is_cue(t.text(self.text)))
                    .and_then(|cue| {
                        names
                            .iter()
                            .rev()
                            .find(|m| m.span.end <= cue.start())
                            .copied()
                    });
                // Without a named subject before a cue verb, the nearest name is the likeliest antecedent.
                if let Some(mention) = before_cue.or(names.last().copied()) {
                    return Some((self.name_of(mention), other_paragraph));
                }
            }
            if self.opens_paragraph(index) {
                other_paragraph = true;
            }
        }
        None
    }

    /// Reported speech: "Borrell said he had urged Kosovo to stop ...", and
    /// "..., Borrell said." at a sentence end.
    fn indirect_quotes(&self, marked: &[Marked]) -> Vec<Quote> {
        let text = self.text;
        let mut out = Vec::new();
        for sentence in self.sentences {
            if marked
                .iter()
                .any(|q| q.outer.start < sentence.end && sentence.start < q.outer.end)
            {
                continue;
            }
            let toks = self.words_in(*sentence);
            let Some(cue_pos) = toks.iter().position(|t| {
                matches!(
                    t.text(text),
                    "said"
                        | "says"
                        | "told"
                        | "added"
                        | "warned"
                        | "stressed"
                        | "insisted"
                        | "argued"
                        | "claimed"
                )
            }) else {
                continue;
            };
            let cue_tok = toks[cue_pos];
            let body_end = sentence.end - usize::from(text[..sentence.end].ends_with('.'));
            // Trailing attribution: "There are fewer than 50 officers, Borrell said."
            if cue_pos + 1 == toks.len() && cue_pos >= 1 {
                let comma = text[sentence.start..toks[cue_pos - 1].start()].rfind(", ");
                if let Some(found) = comma.filter(|&comma| comma > 0).and_then(|comma| {
                    self.trailing_subject(
                        &toks[..cue_pos],
                        sentence.start + comma + 2,
                        cue_tok.start(),
                    )
                }) {
                    let content = Span::new(sentence.start, sentence.start + comma.unwrap_or(0));
                    out.push(self.indirect(content, found, "said"));
                }
                continue;
            }
            let named = self
                .speaker_mentions(Span::new(sentence.start, cue_tok.start()))
                .filter(|m| {
                    !m.possessive
                        && text[m.span.end..cue_tok.start()].split_whitespace().count() <= 1
                })
                .last();
            // Else a pronoun right before the verb ("He said the plan ..."),
            // resolved in its paragraph first, or a description ("The
            // ministry said ...").
            let previous = cue_pos.checked_sub(1).map(|p| toks[p]);
            let found = match (named, previous) {
                (Some(mention), _) => self.found_indirect(self.name_of(mention), false),
                (None, Some(pronoun))
                    if matches!(pronoun.text(text), "he" | "He" | "she" | "She") =>
                {
                    let Some((speaker, other)) = self.resolve_pronoun(pronoun, pronoun.start())
                    else {
                        continue;
                    };
                    self.found_indirect(speaker, other)
                }
                _ => {
                    let clause =
                        leading_clause_end(text, Span::new(sentence.start, cue_tok.start()));
                    let subject: Vec<Token> = toks[..cue_pos]
                        .iter()
                        .copied()
                        .filter(|t| t.start() >= clause)
                        .collect();
                    let Some(span) = description_before(text, &subject, clause, cue_tok.start())
                        .filter(|d| {
                            DETERMINERS.contains(&speaker_word(
                                text,
                                Span::new(d.start, d.start + speaker_first_len(text, *d)),
                            ))
                        })
                    else {
                        continue;
                    };
                    self.found_indirect(self.describe(span), false)
                }
            };
            let mut content_pos = cue_pos + 1;
            if cue_tok.text(text) == "told" {
                content_pos = toks
                    .iter()
                    .position(|t| t.text(text) == "that" && t.start() > cue_tok.start())
                    .map_or(cue_pos + 2, |p| p);
            }
            if toks
                .get(content_pos)
                .is_some_and(|t| t.text(text) == "that")
            {
                content_pos += 1;
            }
            let Some(first) = toks.get(content_pos) else {
                continue;
            };
            if toks.len() - content_pos < 4 || first.start() >= body_end {
                continue;
            }
            out.push(self.indirect(
                Span::new(first.start(), body_end),
                found,
                cue_tok.text(text),
            ));
        }
        out
    }

    /// The subject of a trailing attribution (`…, officials said.`, `…, the
    /// prime minister’s spokesman said.`, `…, he said.`), standing between the
    /// last comma (`from`) and the cue: a name there, else a pronoun, else a
    /// description. A name before the comma is part of the statement, not its
    /// source.
    fn trailing_subject(&self, toks: &[Token], from: usize, cue_start: usize) -> Option<Found> {
        let text = self.text;
        let subject: Vec<Token> = toks.iter().copied().filter(|t| t.start() >= from).collect();
        if subject.is_empty() || subject.len() > 8 {
            return None;
        }
        if let Some(mention) = self
            .speaker_mentions(Span::new(from, cue_start))
            .filter(|m| !m.possessive)
            .last()
        {
            return Some(self.found_indirect(self.name_of(mention), false));
        }
        if let [pronoun] = subject.as_slice() {
            if matches!(pronoun.text(text), "he" | "she" | "they") {
                let (speaker, other) = self.resolve_pronoun(*pronoun, pronoun.start())?;
                return Some(self.found_indirect(speaker, other));
            }
        }
        let span = description_before(text, &subject, from, cue_start)?;
        Some(self.found_indirect(self.describe(span), false)).filter(|found| self.speaks(found))
    }

    /// Statements a headline or transcript gives its speaker with a colon:
    /// `Kovan: Port Strike ‘Will Go On’ Until Spring`, `Mira Kovan: ‘We Will
    /// Not Give In.’` The speaker opens the sentence, in up to four
    /// capitalised words naming a person or organisation, and the statement
    /// after the colon holds quoted
    /// words (a transcript line without marks, `Brandt: Well, no.`, is left
    /// alone). Wholly quoted, the statement is direct; else mixed.
    fn headline_quotes(&self) -> Vec<Quote> {
        let text = self.text;
        let mut out = Vec::new();
        for sentence in self.sentences {
            let body = sentence.slice(text);
            let Some(colon) = body.find(": ") else {
                continue;
            };
            let lead = &body[..colon];
            let words: Vec<&str> = lead.split_whitespace().collect();
            if words.is_empty()
                || words.len() > 4
                || !words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-'))
                })
            {
                continue;
            }
            let content_start = sentence.start + colon + 2;
            let content = text[content_start..sentence.end].trim_end();
            let opens_quote = |at: usize, c: char| {
                matches!(c, '“' | '"')
                    || content[at..].starts_with("''")
                    || c == '‘'
                        && content[..at]
                            .chars()
                            .next_back()
                            .is_none_or(|p| !p.is_alphanumeric())
            };
            if content.split_whitespace().count() < 2
                || !content.char_indices().any(|(at, c)| opens_quote(at, c))
            {
                continue;
            }
            // The lead names a person or organisation (`The Latest:`,
            // `Correction:` name no one).
            let lead_span = Span::new(sentence.start, sentence.start + colon);
            if SENTENCE_STARTERS.contains(&words[0]) {
                continue;
            }
            let named = self
                .speaker_mentions(lead_span)
                .last()
                .map(|m| self.name_of(m).name)
                .or_else(|| self.person_named_by(words[words.len() - 1]));
            let Some(name) = named else {
                continue;
            };
            let speaker = Speaker {
                span: lead_span,
                name,
            };
            let is_mark = |c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'');
            let inner = content
                .trim_end_matches(['.', ' '])
                .trim_end_matches(is_mark)
                .trim_end_matches(['.', ',', '!', '?']);
            let wholly = content.starts_with(is_mark)
                && content.trim_end_matches('.').ends_with(is_mark)
                && !inner.trim_start_matches(is_mark).contains(['“', '‘', '"']);
            let (start, end, kind) = if wholly {
                let lead_marks = content.len() - content.trim_start_matches(is_mark).len();
                let end = content
                    .trim_end_matches('.')
                    .trim_end_matches(is_mark)
                    .len();
                (
                    content_start + lead_marks,
                    content_start + end,
                    QuoteKind::Direct,
                )
            } else {
                let end = content.trim_end_matches(['.', ' ']).len();
                let end = if content[..end].ends_with(is_mark) {
                    content.len()
                } else {
                    end
                };
                (content_start, content_start + end, QuoteKind::Mixed)
            };
            if start >= end {
                continue;
            }
            let found = Found {
                referent: Referent::Name,
                speaker,
                cue: Some(":".to_string()),
                evidence: Evidence::CueBefore,
                other_paragraph: false,
                statement_start: None,
            };
            out.push(attributed(text, start, end, kind, found));
        }
        out
    }

    /// The one person of the article whose full name has `word` as a first
    /// name or surname (a headline's `Hillary:` for the Hillary Clinton of
    /// the text below it, a lone first name being no mention of its own);
    /// `None` when no person or more than one has it.
    fn person_named_by(&self, word: &str) -> Option<String> {
        let mut people = self.entities.entities.iter().filter(|e| {
            e.kind == EntityKind::Person
                && e.name.split_whitespace().count() >= 2
                && e.name.split_whitespace().any(|w| w == word)
        });
        let person = people.next()?;
        people.next().is_none().then(|| person.name.clone())
    }

    /// A headline that says what someone said with single curly marks and a
    /// verb (`Valdoria’s mayor Kovan calls port plan ‘reckless’`): the
    /// words after the verb are a mixed statement of the name before it, as
    /// PolNeAR annotates headlines. Only for an article's first paragraph
    /// when it is one short sentence opening with a named person or
    /// organisation (single marks elsewhere are mostly scare quotes and
    /// apostrophes; double marks are read as every quotation is).
    fn headline_verb_quote(&self) -> Option<Quote> {
        let text = self.text;
        let headline = *self.sentences.first()?;
        let body = headline.slice(text);
        let paragraph_ends = text[headline.end..]
            .trim_start_matches([' ', '\t'])
            .starts_with('\n')
            || headline.end == text.len();
        let opens_single = body.char_indices().any(|(at, c)| {
            c == '‘'
                && body[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !p.is_alphanumeric())
        });
        if !paragraph_ends
            || !opens_single
            || body.contains(['“', '"', ':'])
            || body.contains("''")
            || body.split_whitespace().count() > 20
        {
            return None;
        }
        let named = self.speaker_mentions(headline).find(|m| {
            text[headline.start..m.span.start]
                .split_whitespace()
                .count()
                <= 4
        })?;
        let toks = self.words_in(Span::new(named.span.end, headline.end));
        let verb = toks.first()?;
        let verb_word = verb.text(text);
        let object = toks.get(1)?;
        let statement_from = object.start();
        // A phrasal verb of action (`takes on X, ‘…’ supporters`) says nothing.
        if PREPOSITIONS.contains(&object.text(text).to_lowercase().as_str())
            || !text[named.span.end..verb.start()].trim().is_empty()
            || !verb_word.chars().all(char::is_alphabetic)
            || PREPOSITIONS.contains(&verb_word.to_lowercase().as_str())
            || matches!(verb_word, "and" | "And" | "or" | "Or")
            || !text[statement_from..headline.end].contains('‘')
        {
            return None;
        }
        let end = statement_from
            + text[statement_from..headline.end]
                .trim_end_matches(['.', ' '])
                .len();
        let end = if text[..end].ends_with('’') {
            headline.end
        } else {
            end
        };
        let found = Found {
            referent: Referent::Name,
            speaker: self.name_of(named),
            cue: Some(verb_word.to_string()),
            evidence: Evidence::CueBefore,
            other_paragraph: false,
            statement_start: None,
        };
        Some(attributed(
            text,
            statement_from,
            end,
            QuoteKind::Mixed,
            found,
        ))
    }

    fn found_indirect(&self, speaker: Speaker, other_paragraph: bool) -> Found {
        Found {
            referent: self.referent_of(speaker.span),
            speaker,
            cue: None,
            evidence: Evidence::CueBefore,
            other_paragraph,
            statement_start: None,
        }
    }

    fn indirect(&self, content: Span, found: Found, cue: &str) -> Quote {
        let (method, confidence) = speaker_confidence(&found);
        Quote {
            text: content.slice(self.text).to_string(),
            start: content.start,
            end: content.end,
            parts: Vec::new(),
            kind: QuoteKind::Indirect,
            speaker: Some(found.speaker.name)
                .filter(|name| !name.is_empty())
                .map(Into::into),
            speaker_span: Some(found.speaker.span),
            cue: Some(cue.into()),
            method,
            confidence,
        }
    }
}

/// The method name and confidence of an attribution. The confidences are the
/// share of such attributions that named the gold source on PolNeAR train (see
/// the README's bands); a pronoun or description adds a second guess (who "he"
/// is) to the first (that "he" said it), and reaching into another paragraph a
/// third.
fn speaker_confidence(found: &Found) -> (SpeakerMethod, f32) {
    let method = match (found.evidence, found.referent) {
        (Evidence::PreviousSpeaker, _) => SpeakerMethod::PreviousSpeaker,
        (Evidence::SentenceSubject, _) => SpeakerMethod::SentenceSubject,
        (Evidence::AdjacentSentence, _) => SpeakerMethod::AdjacentSentence,
        (_, Referent::Pronoun) => SpeakerMethod::Pronoun,
        (_, Referent::Role) => SpeakerMethod::RoleNoun,
        (_, Referent::Description) => SpeakerMethod::Description,
        _ => SpeakerMethod::CueVerb,
    };
    if found.speaker.name.is_empty() {
        // A pronoun with no antecedent: who spoke is marked, not named.
        return (method, 0.0);
    }
    let after = found.evidence == Evidence::CueAfter;
    let confidence = match (method, after, found.other_paragraph) {
        (SpeakerMethod::CueVerb, true, _) => 0.95,
        (SpeakerMethod::CueVerb, false, _) => 0.92,
        (SpeakerMethod::Pronoun, _, false) => 0.55,
        (SpeakerMethod::Pronoun, _, true) => 0.3,
        (SpeakerMethod::RoleNoun, _, _) => 0.75,
        (SpeakerMethod::Description, true, _) => 0.8,
        (SpeakerMethod::Description, false, _) => 0.65,
        (SpeakerMethod::PreviousSpeaker, _, false) => 0.9,
        (SpeakerMethod::PreviousSpeaker, _, true) => 0.3,
        (SpeakerMethod::SentenceSubject, _, false) => 0.85,
        (SpeakerMethod::AdjacentSentence, _, false) => 0.55,
        _ => 0.2,
    };
    (method, confidence)
}

/// Whether the quoted words make up a sixth or more of a statement found by
/// position or a weak cue: a scare quote in a long sentence ("fueled by
/// discontent … and the promise of a “political revolution” …") is not the
/// speaker's statement.
fn quoted_enough(quote: Marked, start: usize, end: usize) -> bool {
    6 * (quote.inner.end - quote.inner.start) >= end.saturating_sub(start)
}

/// Whether a word before `that` is a verb introducing reported content
/// ("believe", "determined", "argues"): a lower-case word in the past tense
/// or third person, or a base form of a reporting or belief verb; not a
/// noun or adverb ("so that", "the fact that", "now that").
fn is_that_verb(word: &str) -> bool {
    const BASE: &[&str] = &[
        "say",
        "argue",
        "believe",
        "agree",
        "claim",
        "insist",
        "think",
        "warn",
        "suggest",
        "note",
        "admit",
        "acknowledge",
        "ask",
        "know",
        "contend",
        "fear",
        "hope",
        "predict",
        "maintain",
        "allege",
        "assert",
        "worry",
        "suspect",
        "doubt",
        "concede",
        "conclude",
        "recall",
    ];
    const NOT_VERBS: &[&str] = &[
        "so", "such", "fact", "idea", "news", "is", "was", "has", "does", "as", "less", "unless",
        "access", "process", "business", "address", "progress", "this", "thus", "focus", "status",
        "bus", "plus", "us", "its", "his", "hers", "yes",
    ];
    if !word.chars().all(|c| c.is_ascii_lowercase()) || NOT_VERBS.contains(&word) {
        return false;
    }
    BASE.contains(&word)
        || word.len() > 4 && word.ends_with("ed")
        || word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us")
}

/// Whether two tokens are adjacent words of one phrase (a single space apart).
fn joined_by_space(text: &str, left: Token, right: Token) -> bool {
    &text[left.end()..right.start()] == " "
}

/// A noun phrase ending right before a cue verb that can stand for a speaker:
/// a determiner and up to six words ("the Republican presidential candidate",
/// "a spokesman for the campaign"), or a short run of capitalised words
/// ("Black"). `toks` are the tokens between the quote (or clause start) and
/// the cue verb at `cue_start`; only white space may separate the phrase from
/// the verb.
fn description_before(text: &str, toks: &[Token], from: usize, cue_start: usize) -> Option<Span> {
    let last = *toks.last()?;
    if !text[last.end()..cue_start.max(last.end())]
        .trim()
        .is_empty()
    {
        return None;
    }
    let mut start = toks.len() - 1;
    loop {
        let word = toks[start].text(text);
        if NOT_IN_DESCRIPTION.contains(&word) || PRONOUNS.contains(&word) {
            return None;
        }
        if DETERMINERS.contains(&word) {
            break;
        }
        if start == 0
            || toks.len() - start > 6
            || !joined_by_space(text, toks[start - 1], toks[start])
        {
            // No determiner: a run of capitalised words naming someone ("Black said").
            let run = &toks[start..];
            let capitalised = run.iter().all(|t| {
                let w = t.text(text);
                w.chars().next().is_some_and(char::is_uppercase)
                    && !NEVER_NAME_WORDS.contains(&w)
                    && !SENTENCE_STARTERS.contains(&w)
            });
            // A run opening the clause is its subject only when it is
            // the whole subject: one or two words ("Sullivan said").
            let at_start = !text[from..run[0].start()].contains(char::is_alphanumeric);
            // A bare plural noun phrase as the whole subject ("Critics say",
            // "Gulf sources believe", "Nuclear experts have speculated").
            let plural = at_start
                && run.len() <= 3
                && run
                    .iter()
                    .all(|t| t.text(text).chars().all(char::is_alphabetic))
                && !SENTENCE_STARTERS.contains(&run[0].text(text))
                && last.text(text).len() > 3
                && last.text(text).ends_with('s')
                && !last.text(text).ends_with("ss")
                && last.text(text).chars().all(|c| c.is_lowercase());
            if plural {
                return Some(Span::new(run[0].start(), last.end()));
            }
            return (capitalised && run.len() <= 4 && (!at_start || run.len() <= 2))
                .then(|| Span::new(run[0].start(), last.end()));
        }
        start -= 1;
    }
    // "a spokesman for the campaign": the phrase reaches back over a preposition.
    if start >= 2
        && matches!(
            toks[start - 1].text(text),
            "for" | "of" | "at" | "with" | "from"
        )
    {
        let mut head = start - 2;
        while head > 0 && start - head < 5 && !DETERMINERS.contains(&toks[head].text(text)) {
            head -= 1;
        }
        let contiguous = (head..start).all(|k| joined_by_space(text, toks[k], toks[k + 1]));
        if DETERMINERS.contains(&toks[head].text(text)) && contiguous {
            start = head;
        }
    }
    let head = last.text(text);
    (!DETERMINERS.contains(&head)).then(|| Span::new(toks[start].start(), last.end()))
}

/// The subject standing alone between a closing quotation mark and its cue
/// verb (`,” Elias said`, `,” federal prosecutors wrote`, `,” Wyoming GOP
/// chairman Matt Micheli said`) when no entity or determiner marks it: up to
/// six words one space apart and nothing else. A trailing run of capitalised
/// words after a description names the speaker ("Matt Micheli").
fn subject_after_quote(text: &str, toks: &[Token], from: usize) -> Option<Span> {
    let (first, last) = (*toks.first()?, *toks.last()?);
    if toks.len() > 6 || !text[from..first.start()].trim().is_empty() {
        return None;
    }
    if toks.windows(2).any(|w| !joined_by_space(text, w[0], w[1])) {
        return None;
    }
    let capitalised = |t: &Token| {
        let word = t.text(text);
        word.chars().next().is_some_and(char::is_uppercase)
            && !NEVER_NAME_WORDS.contains(&word)
            && !SENTENCE_STARTERS.contains(&word)
    };
    let plain = toks.iter().all(|t| {
        let word = t.text(text);
        !NOT_IN_DESCRIPTION.contains(&word)
            && !PRONOUNS.contains(&word)
            && !DETERMINERS.contains(&word)
            && !word.ends_with("ly")
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’'))
    });
    if !plain {
        return None;
    }
    let run = toks.iter().rev().take_while(|t| capitalised(t)).count();
    if run > 0 && run < toks.len() && run <= 4 {
        return Some(Span::new(toks[toks.len() - run].start(), last.end()));
    }
    Some(Span::new(first.start(), last.end()))
}

/// A noun phrase right after an inverted cue verb (`,” said the person
/// familiar with the talks.`): a determiner, then words up to a comma, a
/// preposition of time or place, or ten words.
fn description_after(text: &str, toks: &[Token]) -> Option<Span> {
    let first = *toks.first()?;
    if !DETERMINERS.contains(&first.text(text)) {
        return None;
    }
    let mut end = 0;
    while end + 1 < toks.len() && end < 9 && joined_by_space(text, toks[end], toks[end + 1]) {
        let word = toks[end + 1].text(text);
        if NOT_IN_DESCRIPTION.contains(&word)
            || matches!(
                word,
                "in" | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "to"
                    | "told"
                    | "last"
                    | "earlier"
                    | "today"
                    | "yesterday"
            )
        {
            break;
        }
        end += 1;
    }
    (end > 0).then(|| Span::new(first.start(), toks[end].end()))
}

/// Where a cue verb's reported statement starts: after the verb, its object
/// ("told reporters"), a "that", or a phrase such as "in a statement".
fn complement_start(text: &str, toks: &[Token], cue_pos: usize) -> usize {
    let verb = toks[cue_pos].text(text);
    let mut next = cue_pos + 1;
    let words = |k: usize| toks.get(k).map(|t| t.text(text));
    if let Some(that) = (next..(next + 6).min(toks.len())).find(|&k| words(k) == Some("that")) {
        // "said after the meeting that ...", "told reporters on Monday that ...".
        next = that + 1;
    } else if matches!(verb, "told" | "tells" | "reminded" | "assured") {
        next += 1;
        while words(next).is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase)) {
            next += 1;
        }
    } else if words(next) == Some("in")
        && words(next + 1) == Some("a")
        && words(next + 2) == Some("statement")
    {
        next += 3;
    }
    match toks.get(next) {
        Some(token) => token.start(),
        None => toks.last().map_or(0, |t| t.end()).max(toks[cue_pos].end()),
    }
}

/// Where a reported statement ends after its last quoted fragment (at
/// `from`): at a clause that reports the circumstances rather than the words
/// (", while ...", " as he faced ...", ", adding ...") or a second cue verb
/// (" and said ..."), else at the sentence end.
fn clause_end(text: &str, from: usize, sentence_end: usize) -> usize {
    let rest = &text[from..sentence_end];
    const BREAKS: &[&str] = &[
        ", while ",
        " while ",
        ", as ",
        " as he ",
        " as she ",
        " as they ",
        ", but ",
        " but said ",
        ", although ",
        ", though ",
        ", when ",
        ", before ",
        ", after ",
        ", adding ",
        " adding ",
        ", saying ",
        " saying ",
        ", according ",
        " according to ",
        ", in ",
        ", during ",
        " during ",
        ", which ",
    ];
    // A participle clause after a comma reports what the speaker did, not
    // said (", playing on …", ", showcasing …").
    let participle = rest.match_indices(", ").map(|(at, _)| at).find(|&at| {
        rest[at + 2..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| w.len() > 5 && w.ends_with("ing"))
    });
    // A second cue verb after `and` reports a second statement (`called it
    // “…” and said it was …`); not after an aside between dashes (`“…,” he
    // said - and argued …` goes on), nor when the quote stands in a relative
    // clause, whose verbs `and` joins (`a video in which he called himself
    // “…” and admitted …`).
    let mut lead_start = from.saturating_sub(80);
    while !text.is_char_boundary(lead_start) {
        lead_start -= 1;
    }
    let lead = &text[lead_start..from];
    let lead = lead.rsplit(['.', '!', '?']).next().unwrap_or(lead);
    let relative = [" which ", " who ", " whom "]
        .iter()
        .any(|w| lead.contains(w));
    let second_cue = rest.match_indices(" and ").map(|(at, _)| at).find(|&at| {
        !relative
            && !rest[..at].contains(['-', '—', '–'])
            && rest[at + 5..]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| CUE_VERBS.contains(&w))
    });
    // A clause of its own with a subject and a cue verb (`, and she often
    // tells crowds …`, `“…,” but Kovan said she …`) reports a second
    // statement.
    let second_clause = [" and ", " but "].iter().find_map(|conjunction| {
        rest.match_indices(conjunction)
            .map(|(at, _)| at)
            .find(|&at| {
                let words: Vec<&str> = rest[at + conjunction.len()..]
                    .split_whitespace()
                    .take(4)
                    .collect();
                !relative
                    && words
                        .first()
                        .is_some_and(|w| PRONOUNS.contains(w) || w.starts_with(char::is_uppercase))
                    && words[1..]
                        .iter()
                        .any(|w| CUE_VERBS.contains(&w.trim_end_matches([',', '.', ':'])))
            })
    });
    let dash = writers_aside(lead, rest);
    BREAKS
        .iter()
        .filter_map(|b| rest.find(b))
        .chain(participle)
        .chain(dash)
        .chain(second_cue)
        .chain(second_clause)
        .min()
        .map_or(sentence_end, |at| from + at)
}

/// Where a dash in `rest` (the sentence after a statement's last quote)
/// opens an aside of the writer's that runs to the sentence end (`“…” - with
/// a link to …`, `“…” — a metaphor for …`). `None` when the dash closes an
/// aside the quote stands in (an odd number of dashes in `lead`, the sentence
/// before: `abortion – what her business calls “…” – is “central”`), when a
/// second dash brings the sentence back (`“…” — itself a rebuttal — was an
/// inferior slogan`), or when quoted words follow it (the speaker goes on:
/// `- at one point admonishing the client: "…"`).
fn writers_aside(lead: &str, rest: &str) -> Option<usize> {
    let is_dash = |c: char| matches!(c, '—' | '–');
    let (at, len) = match rest.find(is_dash) {
        Some(at) => (at, rest[at..].chars().next().map_or(1, char::len_utf8)),
        None => (rest.find(" - ")?, 3),
    };
    let dashes = |piece: &str| piece.matches(is_dash).count() + piece.matches(" - ").count();
    let after = &rest[at + len..];
    (dashes(lead) % 2 == 0 && dashes(after) == 0 && !holds_double_marks(after)).then_some(at)
}

/// Whether `piece` holds a double quotation mark: straight, curly or a
/// tokenised closing `''` (quoted words go on there).
fn holds_double_marks(piece: &str) -> bool {
    piece.contains(['"', '“', '”']) || piece.contains("''")
}

/// Byte length of the first word of `span`.
fn speaker_first_len(text: &str, span: Span) -> usize {
    let piece = span.slice(text);
    piece.find(char::is_whitespace).unwrap_or(piece.len())
}

/// The first non-blank byte at or after `at`.
fn statement_start(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

fn speaker_word(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// The cue verb with its common continuation: "said in a statement", "told reporters".
fn cue_phrase(text: &str, toks: &[Token], cue_pos: usize) -> String {
    let verb = toks[cue_pos].text(text);
    let next: Vec<&str> = toks
        .iter()
        .skip(cue_pos + 1)
        .take(3)
        .map(|t| t.text(text))
        .collect();
    match next.as_slice() {
        ["in", "a", "statement", ..] => format!("{verb} in a statement"),
        ["on", platform, ..]
            if platform.chars().next().is_some_and(char::is_uppercase) || *platform == "social" =>
        {
            format!("{verb} on {platform}")
        }
        [object, ..] if verb == "told" => format!("told {object}"),
        _ => verb.to_string(),
    }
}

/// Where the main clause starts: after a leading subordinate clause such as
/// "After meeting X, " or "When asked about Y, ", whose names are not subjects.
fn leading_clause_end(text: &str, range: Span) -> usize {
    let end = leading_clause_end_once(text, range, false);
    // A second leading clause after the first (`On Thursday, after
    // staying silent, Kovan …`) is skipped as well.
    if end == range.start {
        return end;
    }
    leading_clause_end_once(text, Span::new(end, range.end), true)
}

/// One leading clause of [`leading_clause_end`]; `inner` reads a lower-case
/// subordinator (`after`, `when`) as one opening the sentence.
fn leading_clause_end_once(text: &str, range: Span, inner: bool) -> usize {
    let piece = &text[range.start..range.end];
    let mut words = piece.split_whitespace();
    let first = words.next().unwrap_or("");
    // A conjunction joining the sentence to the one before opens no clause
    // of its own: `And although …, he …` reads as `Although …, he …`.
    let capitalised;
    let first = match (first, words.next()) {
        ("And" | "But" | "Yet" | "So", Some(second)) if second.starts_with(char::is_lowercase) => {
            let mut chars = second.chars();
            capitalised = chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect());
            capitalised.as_str()
        }
        (first, _) if inner && first.starts_with(char::is_lowercase) => {
            let mut chars = first.chars();
            capitalised = chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect());
            capitalised.as_str()
        }
        _ => first,
    };
    let subordinate = matches!(
        first,
        "After"
            | "Before"
            | "When"
            | "While"
            | "Although"
            | "Though"
            | "With"
            | "Despite"
            | "Since"
            | "As"
            | "If"
            | "Amid"
            | "During"
            | "Following"
            | "Asked"
            | "Afterwards,"
            | "In"
    );
    let comma = piece.find(", ");
    // A short time adverbial names no one: "Hours later, …", "Last week,
    // …", "On Monday, …", "Earlier this month, …".
    const TIME_WORDS: &[&str] = &[
        "later",
        "ago",
        "earlier",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "night",
        "morning",
        "afternoon",
        "evening",
        "weekend",
        "time",
    ];
    let adverbial = comma.is_some_and(|at| {
        let words: Vec<&str> = piece[..at].split_whitespace().collect();
        (2..=4).contains(&words.len())
            && words
                .last()
                .is_some_and(|w| TIME_WORDS.contains(w) || NEVER_NAME_WORDS.contains(w))
            && words[1..].iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
                    || NEVER_NAME_WORDS.contains(w)
            })
    });
    if !subordinate && !adverbial {
        return range.start;
    }
    comma.map_or(range.start, |comma| range.start + comma + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::find_entities;
    use crate::sentences::split_sentences;

    /// The quotes `text` holds, as annotate finds them.
    fn found_quotes(text: &str) -> Vec<Quote> {
        let sentences = split_sentences(text);
        let words = crate::steps::words(text, &sentences);
        let entities = find_entities(text, &sentences, &words);
        find_quotes(text, &sentences, &words, &entities)
    }

    fn quotes(text: &str) -> Vec<(String, Option<String>, QuoteKind)> {
        found_quotes(text)
            .into_iter()
            .map(|q| {
                assert_eq!(&text[q.start..q.end], q.text);
                (q.text, q.speaker.map(String::from), q.kind)
            })
            .collect()
    }

    fn direct(text: &str) -> Vec<(String, Option<String>)> {
        quotes(text)
            .into_iter()
            .filter(|q| q.2 == QuoteKind::Direct)
            .map(|(t, s, _)| (t, s))
            .collect()
    }

    fn pair(quote: &str, speaker: &str) -> (String, Option<String>) {
        (quote.to_string(), Some(speaker.to_string()))
    }

    #[test]
    fn cue_after_with_name_pronoun_and_continuation() {
        let text = "Valdorian President Mira Kovan met union leaders on Monday.\n\n\
                    “We will not give in,” Ms Kovan told reporters. “Not now.”\n\n\
                    Ostranan Prime Minister Teo Brandt blamed Kovan for the failure.\n\n\
                    \"Hard days are ahead,\" he said.";
        assert_eq!(
            direct(text),
            [
                // Interrupted by its attribution: one statement.
                pair(
                    "We will not give in,” Ms Kovan told reporters. “Not now.",
                    "Mira Kovan"
                ),
                pair("Hard days are ahead,", "Teo Brandt"),
            ]
        );
    }

    #[test]
    fn a_statement_across_its_attribution_keeps_its_quoted_parts() {
        let text = "“The port stays closed,” Mira Kovan said. “We will not give in.”

                    “Fishing is over,” Teo Brandt said, adding that boats had left. “The season is lost.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        let parts: Vec<Vec<&str>> = found
            .iter()
            .map(|q| q.parts.iter().map(|p| p.slice(text)).collect())
            .collect();
        assert_eq!(
            parts[0],
            ["The port stays closed,", "We will not give in."],
            "{found:#?}"
        );
        assert!(found[0]
            .parts
            .iter()
            .all(|p| found[0].start <= p.start && p.end <= found[0].end));
        // A second clause in the attribution ("adding that ...") ends the statement.
        let brandt: Vec<&str> = found
            .iter()
            .filter(|q| q.speaker.as_deref() == Some("Teo Brandt") && q.kind == QuoteKind::Direct)
            .map(|q| q.text.as_str())
            .collect();
        assert_eq!(brandt, ["Fishing is over,", "The season is lost."]);
    }

    #[test]
    fn speakers_standing_alone_after_a_quote() {
        let text = "The port closed on Monday.\n\n\
                    “The harbour will reopen,” Elias said.\n\n\
                    “The losses are incalculable,” federal prosecutors wrote in a filing.\n\n\
                    “We counted every vote,” Ostranan election chairman Tomas Vell said of the count.";
        assert_eq!(
            direct(text),
            [
                pair("The harbour will reopen,", "Elias"),
                pair("The losses are incalculable,", "federal prosecutors"),
                pair("We counted every vote,", "Tomas Vell"),
            ]
        );
    }

    #[test]
    fn a_pronoun_without_antecedent_marks_the_speaker_unnamed() {
        let text = "The port closed on Monday.\n\n“Hard days are ahead,” he said.";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].speaker, None);
        assert_eq!(found[0].speaker_span.map(|s| s.slice(text)), Some("he"));
        assert_eq!(found[0].confidence, 0.0);
    }

    #[test]
    fn quoted_titles_of_shows_are_not_statements() {
        let text = "“The port stays closed,” Mira Kovan said on Channel 4’s “Morning Desk.”\n\n\
                    Teo Brandt told the program “Harbour Talk” that boats had left.\n\n\
                    “Absolutely,” Brandt said.";
        let texts: Vec<String> = quotes(text).into_iter().map(|q| q.0).collect();
        assert!(
            texts
                .iter()
                .all(|t| !t.contains("Morning Desk") && !t.contains("Harbour Talk")),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "Absolutely,"), "{texts:?}");
    }

    #[test]
    fn a_quote_interrupted_by_its_attribution_is_one_statement() {
        let text = "“We will not give in,” Mira Kovan said, “not while the port is closed.”";
        assert_eq!(
            direct(text),
            [pair(
                "We will not give in,” Mira Kovan said, “not while the port is closed.",
                "Mira Kovan"
            )]
        );
    }

    #[test]
    fn a_statement_goes_on_after_a_long_attribution_but_not_past_its_paragraph() {
        let text = "Talks broke down at the port on Monday.\n\n\
                    “There is a lot of water under the bridge,” Mr. Kovan said, “and it is hard to see a way back.”\n\n\
                    “We will not give in,” said Mira Kovan, a union leader from the northern port who has led the strike since March. “Not now, not ever.”\n\n\
                    “The harbour stays closed,” she said.\n\n\
                    “Every crane, every berth.”";
        let found = direct(text);
        // A paragraph break ends the statement (PolNeAR's annotators split
        // there as often as they join).
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].0.starts_with("There is") && found[0].0.ends_with("a way back."));
        assert!(found[1].0.starts_with("We will") && found[1].0.ends_with("not ever."));
        assert_eq!(found[2].0, "The harbour stays closed,");
        assert!(
            found.iter().all(|q| q.1.as_deref() == Some("Mira Kovan")),
            "{found:?}"
        );
    }

    #[test]
    fn a_headline_gives_its_speaker_with_a_colon() {
        let text = "Mira Kovan: Port Strike ‘Will Go On’ Until Spring\n\n\
                    Teo Brandt: ‘We Will Not Sign This Deal.’\n\n\
                    The Latest: Kovan wins ‘landslide’ in port vote\n\n\
                    Brandt: Well, no.";
        let found = quotes(text);
        assert_eq!(
            found,
            [
                (
                    "Port Strike ‘Will Go On’ Until Spring".to_string(),
                    Some("Mira Kovan".to_string()),
                    QuoteKind::Mixed
                ),
                (
                    "We Will Not Sign This Deal.".to_string(),
                    Some("Teo Brandt".to_string()),
                    QuoteKind::Direct
                ),
            ]
        );
    }

    #[test]
    fn one_statement_is_one_item_beside_the_quotation_after_it() {
        // A mixed statement whose sentence ends inside the next quotation
        // (a full stop inside it) stops before that quotation's mark.
        let text = "Senator Ana Ruiz faulted the mayor for spending “twice what the port earns” \
                    and claimed that “the harbour is sinking. Who will pay for it?” \
                    She spoke in Port Mira.";
        assert_eq!(
            quotes(text),
            [
                (
                    "the mayor for spending “twice what the port earns”".to_string(),
                    Some("Ana Ruiz".to_string()),
                    QuoteKind::Mixed
                ),
                (
                    "the harbour is sinking. Who will pay for it?".to_string(),
                    Some("Ana Ruiz".to_string()),
                    QuoteKind::Direct
                ),
            ]
        );
        // Tokenised wire text: a quotation after ` . `` ` opens a sentence of
        // its own, so the fragment before it is not part of its statement.
        let text = "Mayor Tomas Reyes said the sum was `` pocket money '' to some donors . \
                    `` I have been in tears on the phone all morning , '' Mr Reyes said .";
        let got = quotes(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "the sum was `` pocket money '' to some donors");
        assert_eq!(got[0].2, QuoteKind::Mixed);
        assert_eq!(got[1].0, "I have been in tears on the phone all morning ,");
        assert_eq!(got[1].1.as_deref(), Some("Tomas Reyes"));
    }

    #[test]
    fn a_headline_lead_names_the_one_person_of_the_article_with_that_name() {
        let text = "Mira: Port Plan ‘Reckless’ and Costly\n\n\
                    Former Valdoria mayor Mira Kovan spoke on Monday.";
        assert_eq!(
            quotes(text),
            [(
                "Port Plan ‘Reckless’ and Costly".to_string(),
                Some("Mira Kovan".to_string()),
                QuoteKind::Mixed
            )]
        );
        // Two people share the name: no speaker is guessed.
        let text = "Mira: Port Plan ‘Reckless’ and Costly\n\n\
                    Mira Kovan and Mira Lund spoke on Monday.";
        assert_eq!(quotes(text), []);
    }

    #[test]
    fn a_headline_verb_gives_its_speaker_a_statement_in_single_marks() {
        let text = "Former Valdoria mayor Mira Kovan calls port plan ‘reckless’, ‘costly.’\n\n\
                    PORT MIRA (Wire) — The former mayor spoke on Monday.";
        assert_eq!(
            quotes(text),
            [(
                "port plan ‘reckless’, ‘costly.’".to_string(),
                Some("Mira Kovan".to_string()),
                QuoteKind::Mixed
            )]
        );
        // Not in the body, not after a phrasal verb of action, not without a
        // name opening the headline.
        for text in [
            "Port news today.\n\nMira Kovan calls port plan ‘reckless’.",
            "Mira Kovan takes on rivals, ‘lazy’ critics\n\nShe spoke on Monday.",
            "Port plan called ‘reckless’ by critics\n\nThey spoke on Monday.",
        ] {
            assert_eq!(quotes(text), [], "{text}");
        }
    }

    #[test]
    fn a_second_cue_after_and_is_a_second_statement() {
        let text = "Mayor Mira Kovan called the vote “a great night for the port” \
                    and said the city was a step closer to a new harbour.";
        assert_eq!(
            quotes(text),
            [
                (
                    "the vote “a great night for the port”".to_string(),
                    Some("Mira Kovan".to_string()),
                    QuoteKind::Mixed
                ),
                (
                    "the city was a step closer to a new harbour".to_string(),
                    Some("Mira Kovan".to_string()),
                    QuoteKind::Indirect
                ),
            ]
        );
        // In a relative clause `and` joins the clause's own verbs: one statement.
        let text = "Mayor Mira Kovan shared a video in which the governor called \
                    himself “a friend of the port” and admitted he had never visited it.";
        let got = quotes(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].0.ends_with("and admitted he had never visited it"),
            "{got:?}"
        );
    }

    #[test]
    fn a_cited_title_and_its_excerpt_are_no_statements() {
        // A newsletter item: the piece's title, its author, then an excerpt.
        let text = "HARBOUR NEWS—\"Port of Valdor to close its old pier,\" by the \
                    Valdor Post's Ana Brnabic: \"The old pier, a landmark since 1902, \
                    will close in March when the new harbour opens.\" http://example.org/p.";
        assert_eq!(quotes(text), []);
        // A book cited with its author.
        let text = "According to ''Harbour Lights: A History of Valdor,'' by Teo Brandt, \
                    the pier opened in 1902.";
        assert_eq!(quotes(text), []);
        // An agent after a quoted fragment is no author: the statement stays.
        let text = "Mayor Mira Kovan said the “neglect of the old pier, year after year,” \
                    by the council had cost the port dearly.";
        let got = quotes(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, QuoteKind::Mixed);
        // Nor is a day after `by`.
        let text = "“We will have a new pier,” by Friday, Mira Kovan said.";
        assert_eq!(quotes(text).len(), 1);
    }

    #[test]
    fn works_cited_with_their_year_are_no_statements() {
        let text = "The party's posters set the tone: “No new piers for Ostrana” (2005) \
                    and “Valdor first” (harbour poster, 2009).";
        assert_eq!(quotes(text), []);
        // A parenthesis without a year is no citation.
        let text = "“We will not give in on the new pier” (the mayor's words) was heard \
                    at the meeting, Mira Kovan said.";
        assert_eq!(quotes(text).len(), 1);
    }

    #[test]
    fn a_writers_aside_after_a_dash_ends_the_statement() {
        let text = "Mayor Mira Kovan said the pier was “a great asset for the port” — \
                    a claim the council has disputed since 2019.";
        assert_eq!(
            quotes(text),
            [(
                "the pier was “a great asset for the port”".to_string(),
                Some("Mira Kovan".to_string()),
                QuoteKind::Mixed
            )]
        );
        assert_eq!(writers_aside("", " - with a link to the vote"), Some(0));
        // The dash closes an aside the quote stands in.
        assert_eq!(
            writers_aside("the pier – what the mayor calls ", " – is “central” to it"),
            None
        );
        // A second dash brings the sentence back.
        assert_eq!(writers_aside("", " — itself a reply — was weak"), None);
        // The speaker goes on to quoted words.
        assert_eq!(
            writers_aside("", " - at one point telling them: \"Go home.\""),
            None
        );
    }

    #[test]
    fn a_second_sentence_between_two_quotes_keeps_them_apart() {
        let text = "“We will not give in,” Mira Kovan said in an interview. \
                    In a later speech, Kovan went further: “We will close every port.”";
        assert_eq!(direct(text).len(), 2, "{:?}", direct(text));
    }

    #[test]
    fn a_name_inside_the_quote_is_no_antecedent_of_its_pronoun() {
        let text = "Mark Sexton drove back to Georgia after the rally.\n\n\
                    “What I cannot forget is that Teo Brandt will lose anyway,” he said.";
        assert_eq!(
            direct(text),
            [pair(
                "What I cannot forget is that Teo Brandt will lose anyway,",
                "Mark Sexton"
            )]
        );
    }

    #[test]
    fn titles_and_scare_quotes_are_not_statements() {
        let text = "Mayor Lena Ortiz read from “The Art of the Harbour” to a crowd of “concerned” fishermen.\n\n\
                    “We will rebuild the pier before the winter storms,” Ortiz said.";
        assert_eq!(
            direct(text),
            [pair(
                "We will rebuild the pier before the winter storms,",
                "Lena Ortiz"
            )]
        );
    }

    #[test]
    fn statements_stop_at_circumstances_and_skip_leads() {
        let text = "Teo Brandt said the deal was “dead on arrival” and that talks would end, while aides left the room.\n\n\
                    Because of the strike, the port “cannot open on time,” Brandt said.";
        let got = quotes(text);
        assert_eq!(
            got[0].0,
            "the deal was “dead on arrival” and that talks would end"
        );
        assert_eq!(got[0].2, QuoteKind::Mixed);
        assert_eq!(got[1].0, "the port “cannot open on time,”");
        assert_eq!(got[1].1.as_deref(), Some("Teo Brandt"));
    }

    #[test]
    fn a_lead_the_attribution_interrupts_is_part_of_the_statement() {
        let text = "Teo Brandt walked through the port at night.\n\n\
                    The quays were empty, he added, “but the port stays open.”";
        let sentences = split_sentences(text);
        let words = crate::steps::words(text, &sentences);
        let entities = find_entities(text, &sentences, &words);
        let found = find_quotes(text, &sentences, &words, &entities);
        assert_eq!(found.len(), 1);
        let statement = &found[0];
        assert_eq!(statement.kind, QuoteKind::Mixed);
        assert_eq!(statement.speaker.as_deref(), Some("Teo Brandt"));
        let parts: Vec<&str> = statement.parts.iter().map(|p| p.slice(text)).collect();
        assert_eq!(parts, ["The quays were empty", "but the port stays open."]);
        // A capitalised quote is a sentence of its own after a circumstance;
        // a lead with a comma of its own is the writer's sentence.
        for text in [
            "Asked about the port at night, Teo Brandt said, “We are ready.”",
            "The port opened late, and also, Teo Brandt said, “to make clear that it works.”",
        ] {
            let got = quotes(text);
            assert_eq!(got.len(), 1, "{text}");
            assert_eq!(got[0].2, QuoteKind::Direct, "{text}");
        }
    }

    #[test]
    fn a_statement_goes_on_after_its_attribution_in_the_next_sentence() {
        for (text, kind, pieces) in [
            (
                "Teo Brandt spoke at the port. “The port is ready,” he continued.  “We open on Monday.”",
                QuoteKind::Direct,
                ["The port is ready,", "We open on Monday."],
            ),
            (
                "The port needs workers “who can start at once,” Teo Brandt said. “And that is why we hire.”",
                QuoteKind::Mixed,
                [
                    "The port needs workers “who can start at once,”",
                    "And that is why we hire.",
                ],
            ),
        ] {
            let sentences = split_sentences(text);
            let words = crate::steps::words(text, &sentences);
            let entities = find_entities(text, &sentences, &words);
            let found = find_quotes(text, &sentences, &words, &entities);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].kind, kind, "{text}");
            assert_eq!(found[0].speaker.as_deref(), Some("Teo Brandt"), "{text}");
            let parts: Vec<&str> = found[0].parts.iter().map(|p| p.slice(text)).collect();
            assert_eq!(parts, pieces, "{text}");
        }
    }

    #[test]
    fn a_conjunction_after_the_quote_opens_a_clause_of_its_own() {
        // The cue after `but` is no attribution of the quote before it.
        let got = quotes(
            "Teo Brandt said the port remained “open to all”, but he also warned that fees would rise.",
        );
        assert_eq!(got[0].0, "the port remained “open to all”");
        assert_eq!(got[0].1.as_deref(), Some("Teo Brandt"));
        assert_eq!(got[0].2, QuoteKind::Mixed);
        // A subject and a cue after `and` end the statement.
        let text = "“for everyone” in her speech, and she often tells crowds that it will open.";
        let from = text.find('”').map(|at| at + '”'.len_utf8()).unwrap_or(0);
        let end = clause_end(text, from, text.len());
        assert_eq!(&text[from..end], " in her speech,");
        // Two names joined by `and` still speak.
        let got = quotes("“The port is open,” Teo Brandt and Mira Kovan wrote.");
        assert_eq!(got[0].1.as_deref(), Some("Mira Kovan"));
    }

    #[test]
    fn a_passive_cue_speaks_for_its_agent() {
        let got =
            quotes("Teo Brandt was asked by the host, Mira Kovan, “Will the port open on Monday?”");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "Will the port open on Monday?");
        assert_eq!(got[0].1.as_deref(), Some("Mira Kovan"));
        assert_eq!(got[0].2, QuoteKind::Direct);
        let got = quotes(
            "Teo Brandt was asked by Mira Kovan whether the new pier would be “a costly mistake for the port”.",
        );
        assert_eq!(
            got[0].0,
            "whether the new pier would be “a costly mistake for the port”"
        );
        assert_eq!(got[0].1.as_deref(), Some("Mira Kovan"));
        assert_eq!(got[0].2, QuoteKind::Mixed);
    }

    #[test]
    fn a_trailing_attribution_closes_paraphrase_after_the_quote() {
        let got = quotes(
            "“The port feels calmer now,” and ships began to return last week, Teo Brandt said.",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0,
            "The port feels calmer now,” and ships began to return last week"
        );
        assert_eq!(got[0].1.as_deref(), Some("Teo Brandt"));
        assert_eq!(got[0].2, QuoteKind::Mixed);
    }

    #[test]
    fn a_bare_attribution_after_a_full_stop_names_the_speaker() {
        let text =
            "Mira Kovan opened the pier. “The port will stay open all winter.” Teo Brandt said. \
                    Kovan left soon after.";
        let got = quotes(text);
        assert_eq!(got[0].0, "The port will stay open all winter.");
        assert_eq!(got[0].1.as_deref(), Some("Teo Brandt"));
    }

    #[test]
    fn a_paragraph_ending_in_a_colon_introduces_the_block_quote_after_it() {
        let text = "Teo Brandt was mayor of Valdoria for years. In a 2019 speech, he declared:\n\n\
                    “We sound the drum for freedom. Let us rise to the call.”\n\n\
                    Mira Kovan answered him a week later.\n\n\
                    The transcript goes as follows:\n\n\
                    “Nobody here will close the port.”";
        let got = found_quotes(text);
        assert_eq!(
            got[0].text,
            "We sound the drum for freedom. Let us rise to the call."
        );
        assert_eq!(got[0].speaker.as_deref(), Some("Teo Brandt"));
        assert_eq!(got[0].cue.as_deref(), Some("declared"));
        assert_eq!(got[0].method, SpeakerMethod::Pronoun);
        // A colon after no cue verb introduces no speaker of its own.
        assert_eq!(got[1].cue, None);
        // A sentence of prose before the quote in its paragraph: no block quote.
        let text = "Teo Brandt spoke in Valdoria. He said:\n\n\
                    Mira Kovan, the mayor, arrived late. “We are ready for the winter.”";
        assert_eq!(found_quotes(text)[0].cue, None);
    }

    #[test]
    fn a_participle_cue_speaks_for_the_noun_phrase_opening_its_clause() {
        let got = found_quotes(
            "Mira Kovan opened the rally in Valdoria. Her deputy rallied the dockers, \
             saying: “We have to be ready for the winter.” The crowd cheered.",
        );
        assert_eq!(got[0].speaker.as_deref(), Some("Her deputy"));
        assert_eq!(got[0].cue.as_deref(), Some("saying"));
        // No verb after the phrase within seven words: no subject read.
        let got = found_quotes(
            "Mira Kovan opened the rally in Valdoria. The deputy of the union of the port \
             of the city, saying: “We have to be ready for the winter.”",
        );
        assert_ne!(got[0].speaker.as_deref(), Some("The deputy of the union"));
    }

    #[test]
    fn a_clause_ending_in_a_colon_speaks_before_the_previous_speaker() {
        let got = quotes(
            "“We will keep the port open,” said Teo Brandt, the head of the dockers. \
             Mira Kovan resisted: “The port closes at once.”",
        );
        assert_eq!(got[1].0, "The port closes at once.");
        assert_eq!(got[1].1.as_deref(), Some("Mira Kovan"));
    }

    #[test]
    fn a_conjunction_before_a_subordinate_clause_leaves_the_main_subject() {
        let got = quotes(
            "Teo Brandt won the vote in Valdoria. And although he thanked the dockers for \
             supporting him, he sounded a note of doubt, saying, \"I am not sure I deserve it.\"",
        );
        assert_eq!(got[0].1.as_deref(), Some("Teo Brandt"));
        assert_eq!(
            leading_clause_end("And when it rained, she left.", Span::new(0, 29)),
            20
        );
        assert_eq!(
            leading_clause_end("And she left, alone.", Span::new(0, 20)),
            0
        );
        // Two leading clauses, the second opening in lower case.
        let text = "On Thursday, after staying quiet, Kovan left.";
        assert_eq!(leading_clause_end(text, Span::new(0, text.len())), 34);
        let text = "She said, after a pause, that it rained.";
        assert_eq!(leading_clause_end(text, Span::new(0, text.len())), 0);
    }

    #[test]
    fn pronouns_look_in_their_own_paragraph_first_and_before_themselves() {
        let text = "Anna Lind met Teo Brandt in the capital.\n\n\
                    Mira Kovan, the mayor, arrived late. She told the crowd: “We are ready.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        assert_eq!(found[0].speaker.as_deref(), Some("Mira Kovan"));
        assert_eq!(found[0].method, SpeakerMethod::Pronoun);
        // Nothing in the paragraph: the earlier paragraph's name is a weak guess.
        let text = "Teo Brandt spoke first.\n\nHe told the crowd: “We are ready.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        assert_eq!(found[0].speaker.as_deref(), Some("Teo Brandt"));
        assert!(found[0].confidence < 0.5);
    }

    #[test]
    fn wide_characters_around_statements_do_not_break_offsets() {
        let text = "Lind arrived — late — and the port “cannot open on time,” Lind said. \
                    Brandt said—again—that the deal was “dead on arrival” — and “over.”";
        let got = quotes(text);
        assert!(!got.is_empty());
    }

    #[test]
    fn descriptions_speak_when_no_name_does() {
        let text = "“The numbers do not add up,” the bank’s chief economist said on Monday.";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("the bank’s chief economist"));
        // The subject, not the relative clause before the verb.
        let text = "The lawmaker, who represents a district in the north, said the remarks “have shamed the country.”";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("The lawmaker"));
        // A description must stand right before its verb, not across a quote.
        let text = "He listed the gifts: “a new server, a mouse,” says the narrator.";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("the narrator"));
    }

    /// Issue 18: a pronoun's quote went to a name in another paragraph at 0.95.
    #[test]
    fn issue_18_pronoun_speaker_stays_in_its_paragraph() {
        let text = "Valdorian President Mira Kovan said on Tuesday that the envoy should leave.\n\n\
                    The ruler’s son, Omar Saleh, dismissed the demand. He told Sky television, adding: “We live here, we die here.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        let quote = found
            .iter()
            .find(|q| q.text.contains("we die here"))
            .unwrap();
        assert_eq!(quote.speaker.as_deref(), Some("Omar Saleh"));
        assert_eq!(quote.method, SpeakerMethod::Pronoun);
        assert!(quote.confidence < 0.9);
    }

    #[test]
    fn a_name_inside_a_description_is_not_the_speaker() {
        let text = "The Ostranan ambassador to NATO said the alliance “must stay united.”";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("The Ostranan ambassador to NATO"));
    }

    #[test]
    fn the_main_clause_cue_speaks_not_a_subordinate_one() {
        let text = "While not everything Teo Brandt says is true, Anna Lind said Brandt is “telling voters what they want.”";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("Anna Lind"));
    }

    #[test]
    fn cue_before_partial_quotes_and_inverted_cues() {
        let text = "Ostranan Prime Minister Teo Brandt said after the meeting that both sides had to “calm things down” at once.\n\n\
                    “It was a difficult day,” said the bloc’s chief mediator, Anna Lind.\n\n\
                    The Ostranan leader told state TV: \"We did everything we could.\"";
        assert_eq!(
            direct(text),
            [
                pair("It was a difficult day,", "Anna Lind"),
                pair("We did everything we could.", "Teo Brandt"),
            ]
        );
        // The partial quote is part of the whole attributed statement.
        let all = quotes(text);
        assert_eq!(
            all[0],
            (
                "both sides had to “calm things down” at once".to_string(),
                Some("Teo Brandt".to_string()),
                QuoteKind::Mixed
            )
        );
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end_and_role_nouns_resolve() {
        let text = "NATO Secretary General Jens Holm spoke to both leaders.\n\n\
                    \"Now is the time for calm. Escalation must be avoided,\" the NATO chief said.\n\n\
                    Holm added that the mission was ready.\n\n\
                    \"We are prepared to act if needed.";
        assert_eq!(
            direct(text),
            [
                pair(
                    "Now is the time for calm. Escalation must be avoided,",
                    "Jens Holm"
                ),
                pair("We are prepared to act if needed.", "Jens Holm"),
            ]
        );
    }

    #[test]
    fn doubled_apostrophes_and_backticks_are_quotation_marks() {
        let text = "Mayor Lena Ortiz spoke at noon.\n\n''We will rebuild the pier,'' Ortiz said. ``It is our town.'' Nobody's plan changed.";
        assert_eq!(
            direct(text),
            // A sentence opens at ``: one statement interrupted by its
            // attribution, as with curly marks.
            [pair(
                "We will rebuild the pier,'' Ortiz said. ``It is our town.",
                "Lena Ortiz"
            )]
        );
    }

    #[test]
    fn a_cue_without_a_speaker_gives_way_to_the_next_cue() {
        // "called" opens a clause with no speaker; "pledged" has one.
        let text = "And in a move that called to mind the old days, Mayor Lena Ortiz pledged to keep the harbour open “today, tomorrow, forever.”";
        let got = quotes(text);
        assert_eq!(
            got,
            [(
                "to keep the harbour open “today, tomorrow, forever.”".to_string(),
                Some("Lena Ortiz".to_string()),
                QuoteKind::Mixed
            )]
        );
    }

    #[test]
    fn verbs_taking_a_that_clause_and_bare_plural_subjects_speak() {
        let text =
            "Harbour experts believe that the port will stay “closed for years” after the storm.";
        let got = quotes(text);
        assert_eq!(
            got,
            [(
                "the port will stay “closed for years” after the storm".to_string(),
                Some("Harbour experts".to_string()),
                QuoteKind::Mixed
            )]
        );
        // An adverb between the subject and the verb is not the subject.
        let got = quotes("Okafor also said the plan was “a dead letter” for the coast.");
        assert_eq!(got[0].1.as_deref(), Some("Okafor"));
        assert_eq!(got[0].0, "the plan was “a dead letter” for the coast");
    }

    #[test]
    fn a_fragment_in_its_subjects_clause_is_a_mixed_statement() {
        let text = "Valdorian President Teo Brandt has long pushed his promise of “free ferries” and cheaper fuel for the islands, playing on fears of isolation.";
        let got = quotes(text);
        assert_eq!(
            got,
            [(
                "his promise of “free ferries” and cheaper fuel for the islands".to_string(),
                Some("Teo Brandt".to_string()),
                QuoteKind::Mixed
            )]
        );
        // A scare quote in a long sentence is not the subject's statement.
        let got = quotes("Teo Brandt has long been carried by discontent with the port authority among the older fishermen of the coast and by the hopes of young voters for a “harbour revolution” in the islands.");
        assert_eq!(
            got,
            [(
                "harbour revolution".to_string(),
                Some("Teo Brandt".to_string()),
                QuoteKind::Direct
            )]
        );
        // A fragment after a colon or opening its sentence stays direct.
        let got = quotes("Teo Brandt spoke: “free ferries for all.”");
        assert_eq!(got[0].2, QuoteKind::Direct);
    }

    #[test]
    fn a_lead_ending_its_own_sentence_is_not_part_of_the_statement() {
        // An abbreviation's stop keeps the splitter from ending the sentence.
        let text = "Mira Kovan voiced her anger at the U.S. “This has to stop,” Kovan said.";
        let got = quotes(text);
        assert_eq!(got.last().map(|q| q.2), Some(QuoteKind::Direct), "{got:?}");
        assert_eq!(got.last().map(|q| q.0.as_str()), Some("This has to stop,"));
    }

    #[test]
    fn a_cue_in_a_relative_clause_speaks_for_the_name_it_hangs_on() {
        let text = "Teo Brandt won the backing of Mayor Lena Ortiz, who declared at the rally, “The harbour stands with him.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        assert_eq!(found[0].speaker.as_deref(), Some("Lena Ortiz"));
        assert_eq!(found[0].speaker_span.map(|s| s.slice(text)), Some("who"));
    }

    #[test]
    fn a_cue_further_on_after_a_comma_attributes_the_quote() {
        let text = "Valdorian President Mira Kovan spoke first. Teo Brandt, a union leader, spoke next.\n\n\
                    “The port will reopen” if the strike ends before the harvest, said Anna Lind, a harbour analyst.\n\n\
                    “Nobody wants a long strike,” Teo Brandt, the leader of the dockers’ union, said of the talks.";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("Anna Lind"), "{got:?}");
        assert!(got[0].0.ends_with("before the harvest"), "{got:?}");
        assert_eq!(got[1].1.as_deref(), Some("Teo Brandt"), "{got:?}");
    }

    #[test]
    fn paraphrase_between_a_quote_and_its_attribution_is_part_of_the_statement() {
        let text = "Mira Kovan spoke first.\n\n“The port will reopen” if the strike ends before the harvest, Kovan said.";
        let got = quotes(text);
        assert_eq!(
            got,
            [(
                "The port will reopen” if the strike ends before the harvest".to_string(),
                Some("Mira Kovan".to_string()),
                QuoteKind::Mixed
            )]
        );
    }

    #[test]
    fn an_as_clause_names_the_speaker_of_the_quote_after_it() {
        let text = "Mira Kovan spoke first.\n\n\
                    As Teo Brandt, the head of the dockers’ union, put it: “Nobody wins a long strike.”\n\n\
                    As the harbour master puts it, “The cranes are idle.”\n\n\
                    Anna Lind was less sure. As she noted, “Ships will go to Rotterdam.”";
        let got = direct(text);
        assert_eq!(
            got,
            [
                pair("Nobody wins a long strike.", "Teo Brandt"),
                pair("The cranes are idle.", "the harbour master"),
                pair("Ships will go to Rotterdam.", "Anna Lind"),
            ]
        );
    }

    #[test]
    fn a_lone_name_after_an_inverted_cue_is_the_speaker() {
        let text =
            "The port was quiet.\n\n“Nobody wins a long strike,” said Brandt, a harbour pilot.\n\n\
                    “The cranes are idle,” said Mr. Okonjo.";
        let got = direct(text);
        assert_eq!(got[0], pair("Nobody wins a long strike,", "Brandt"));
        assert_eq!(
            got[1].1.as_deref().map(|s| s.ends_with("Okonjo")),
            Some(true),
            "{got:?}"
        );
        let time = "The port was quiet.\n\n“Ships will wait,” said Monday night in the office.";
        assert_eq!(direct(time)[0].1, None);
    }

    #[test]
    fn a_span_that_is_no_noun_phrase_is_no_speaker() {
        let text = "The mayor spoke first.\n\nThe senator attacked the plan for “a tax on every \
                    ship that docks in the harbour” on Wednesday, calling it absurd.";
        let got = quotes(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, None, "{got:?}");
    }

    #[test]
    fn a_trailing_attribution_speaks_from_after_its_comma() {
        let text = "Mira Kovan met Teo Brandt on Monday.\n\n\
                    The talks with Teo Brandt will resume next week in the harbour office, officials said.\n\n\
                    Kovan wants a deal with the union before the harvest, the mayor’s spokesman said.\n\n\
                    The union has not yet answered the offer from the port, she said.";
        let got: Vec<_> = quotes(text)
            .into_iter()
            .filter(|q| q.2 == QuoteKind::Indirect)
            .map(|(_, speaker, _)| speaker)
            .collect();
        assert_eq!(
            got,
            [
                Some("officials".to_string()),
                Some("the mayor’s spokesman".to_string()),
                Some("Mira Kovan".to_string())
            ]
        );
    }

    #[test]
    fn a_relative_clause_hangs_on_the_name_after_an_inverted_cue() {
        let text = "The port was quiet.\n\n“The cranes are idle at Harbour West,” said Okonjo, \
                    who added that the strike was “the longest since the war.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        let last = found.last().expect("a quote");
        assert_eq!(last.speaker.as_deref(), Some("Okonjo"), "{found:?}");
        assert_eq!(last.speaker_span.map(|s| s.slice(text)), Some("who"));
        let apposed = "The port was quiet.\n\nMira Kovan, a harbour pilot who writes that the \
                       strike is “the longest since the war,” will speak today.";
        let got = quotes(apposed);
        assert_eq!(got[0].1.as_deref(), Some("Mira Kovan"), "{got:?}");
    }

    #[test]
    fn an_unnamed_speaker_keeps_the_quote_after_theirs() {
        let text = "The harbour was quiet.\n\n“We will not pay,” he said. “The cranes stay idle until the levy goes.”";
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences, &crate::steps::words(text, &sentences));
        let found = find_quotes(
            text,
            &sentences,
            &crate::steps::words(text, &sentences),
            &entities,
        );
        // One statement across its attribution, both parts the unnamed speaker's.
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].parts.len(), 2, "{found:?}");
        assert_eq!(found[0].speaker, None);
        assert_eq!(found[0].speaker_span.map(|s| s.slice(text)), Some("he"));
    }

    #[test]
    fn a_written_text_speaks_with_read_at_the_sentence_end() {
        let text = "Mira Kovan wrote to the union on Monday.\n\n\
                    “The port cannot wait another month for the cranes,” the letter read.\n\n\
                    Teo Brandt read “The Harbour Accord” to the crowd.";
        let got = quotes(text);
        assert_eq!(got[0].1.as_deref(), Some("the letter"), "{got:?}");
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn an_as_clause_of_circumstance_is_not_a_source() {
        let text = "Mira Kovan spoke first.\n\nAs the crowd cheered, Teo Brandt said, “We won.”";
        assert_eq!(direct(text), [pair("We won.", "Teo Brandt")]);
    }

    #[test]
    fn a_leading_time_adverbial_is_not_the_subject() {
        let text = "Mira Kovan met Teo Brandt.\n\nHours later, Anna Lind returned the compliment, telling reporters, “Brandt is a friend of the port.”";
        let got = direct(text);
        assert_eq!(got[0].1.as_deref(), Some("Anna Lind"), "{got:?}");
    }

    #[test]
    fn indirect_speech_is_a_separate_kind() {
        let text = "Anna Lind said she had urged both sides to stop the new rules. \
                    There are fewer than 50 officers left in the region, Lind said.";
        let got = quotes(text);
        assert_eq!(got.len(), 2);
        assert!(got
            .iter()
            .all(|q| q.2 == QuoteKind::Indirect && q.1.as_deref() == Some("Anna Lind")));
        assert_eq!(got[0].0, "she had urged both sides to stop the new rules");
        assert_eq!(
            got[1].0,
            "There are fewer than 50 officers left in the region"
        );
    }

    #[test]
    fn reported_speech_by_pronouns_and_descriptions() {
        let text =
            "Anna Lind met the union.\n\nShe said the strike would end before the harvest began. \
                    The ministry said it had offered the workers a new contract.";
        let got = quotes(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.as_deref(), Some("Anna Lind"));
        assert_eq!(got[0].0, "the strike would end before the harvest began");
        assert_eq!(got[1].1.as_deref(), Some("The ministry"));
        assert!(got.iter().all(|q| q.2 == QuoteKind::Indirect));
    }
}
