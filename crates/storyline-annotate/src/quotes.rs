//! Quotes and who said them.
//!
//! Direct quotes are found by pairing quotation marks (straight or curly, judged
//! by the characters around them, since scraped text mixes them). Each quote is
//! attributed, in order of evidence:
//! 1. a cue verb after the quote in its sentence (`,” he said.`, `,” said the EU's envoy, X.`);
//! 2. a cue verb before the quote in its sentence (`X said “...”`, `X accused Y of “...”`);
//! 3. the speaker of the previous quote, for a quote standing alone;
//! 4. the subject of a nearby sentence with a cue verb.
//!
//! Pronouns and role nouns resolve through the article's entities.
//! Reported speech without marks ("X said he had urged Y to ...") is kept as
//! [`QuoteKind::Indirect`].

use storyline_model::{EntityKind, Quote, QuoteKind, Span};

use crate::entities::{Entities, EntityMention};
use crate::lexicon::CUE_VERBS;
use crate::sentences::{tokens, Token};

/// A quotation found by mark pairing, before attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marked {
    /// The words inside the marks.
    inner: Span,
    /// The marks included.
    outer: Span,
}

/// Finds direct and indirect quotes in `text` and attributes them.
pub fn find_quotes(text: &str, sentences: &[Span], entities: &Entities) -> Vec<Quote> {
    let marked = find_marked(text);
    let mut quotes: Vec<Quote> = Vec::with_capacity(marked.len());
    let attributor = Attributor {
        text,
        sentences,
        entities,
    };
    for (index, quote) in marked.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| (&marked[i], &quotes[i]));
        quotes.push(attributor.attribute(*quote, previous));
    }
    quotes.extend(attributor.indirect_quotes(&marked));
    quotes.sort_by_key(|q| q.start);
    quotes
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

struct Attributor<'a> {
    text: &'a str,
    sentences: &'a [Span],
    entities: &'a Entities,
}

const PRONOUNS: &[&str] = &["he", "she", "He", "She", "they", "They"];

impl Attributor<'_> {
    fn sentence_index(&self, offset: usize) -> usize {
        let idx = self.sentences.partition_point(|s| s.end <= offset);
        idx.min(self.sentences.len().saturating_sub(1))
    }

    fn is_cue(word: &str) -> bool {
        CUE_VERBS.contains(&word)
    }

    fn speaker_mentions(&self, range: Span) -> impl Iterator<Item = &EntityMention> {
        self.entities.mentions.iter().filter(move |m| {
            range.contains(m.span)
                && matches!(
                    self.entities.entity_of(m).kind,
                    EntityKind::Person | EntityKind::Organisation
                )
        })
    }

    fn name_of(&self, mention: &EntityMention) -> Speaker {
        Speaker {
            name: self.entities.entity_of(mention).name.clone(),
            span: mention.span,
        }
    }

    fn attribute(&self, quote: Marked, previous: Option<(&Marked, &Quote)>) -> Quote {
        let text = self.text;
        let first = self.sentence_index(quote.outer.start);
        let last = self.sentence_index(quote.outer.end.saturating_sub(1));
        let sentence_start = self.sentences.get(first).map_or(0, |s| s.start);
        let sentence_end = self
            .sentences
            .get(last)
            .map_or(text.len(), |s| s.end)
            .max(quote.outer.end);

        let after = Span::new(quote.outer.end, sentence_end);
        let before = Span::new(sentence_start.min(quote.outer.start), quote.outer.start);
        let found = self
            .cue_after(after, quote.inner.start)
            .map(|(s, cue)| (s, Some(cue), "cue-verb", 0.95))
            .or_else(|| {
                self.cue_before(before, quote.inner.start)
                    .map(|(s, cue)| (s, Some(cue), "cue-verb", 0.9))
            })
            .or_else(|| {
                let (prev_marked, prev_quote) = previous?;
                let gap = &text[prev_marked.outer.end..quote.outer.start];
                let near = gap.matches('\n').count() <= 2 && gap.split_whitespace().count() <= 4;
                let name = prev_quote.speaker.clone()?;
                near.then(|| {
                    let span = prev_quote
                        .speaker_span
                        .unwrap_or(Span::new(prev_quote.start, prev_quote.start));
                    // A chain of quotes is as sure as its first link: after a
                    // guessed speaker (adjacent sentence) it was right for one
                    // quote in five on PolNeAR train, after a cued one for 93%.
                    let confidence = if prev_quote.confidence < 0.5 {
                        0.2
                    } else {
                        0.8
                    };
                    (Speaker { name, span }, None, "previous-speaker", confidence)
                })
            })
            .or_else(|| {
                self.recent_subject(quote.outer.start, None)
                    .map(|s| (s, None, "adjacent-sentence", 0.45))
            });
        let (speaker, cue, method, confidence) = match found {
            Some((speaker, cue, method, confidence)) => {
                let confidence: f32 = confidence;
                // A pronoun or a role noun adds a second guess (who "he" or "the
                // minister" is) to the first; their confidences are what that
                // measured on PolNeAR train (see the README's bands).
                let (method, confidence) = if PRONOUNS.contains(&speaker_word(text, speaker.span)) {
                    ("pronoun", confidence.min(0.55))
                } else if self
                    .entities
                    .mentions
                    .iter()
                    .any(|m| m.span == speaker.span && m.method == "role")
                {
                    ("role-noun", confidence.min(0.75))
                } else {
                    (method, confidence)
                };
                (Some(speaker), cue, method, confidence)
            }
            None => (None, None, "unattributed", 0.0),
        };
        Quote {
            text: quote.inner.slice(text).to_string(),
            start: quote.inner.start,
            end: quote.inner.end,
            kind: QuoteKind::Direct,
            speaker: speaker.as_ref().map(|s| s.name.clone()),
            speaker_span: speaker.map(|s| s.span),
            cue,
            method: method.to_string(),
            confidence,
        }
    }

    /// `,” he said.` / `,” Borrell told journalists.` / `,” said the EU's envoy, Josep Borrell.`
    fn cue_after(&self, after: Span, quote_start: usize) -> Option<(Speaker, String)> {
        let text = self.text;
        let toks = tokens(text, after);
        let cue_pos = toks
            .iter()
            .take(9)
            .position(|t| Self::is_cue(t.text(text)))?;
        let cue_tok = toks[cue_pos];
        // No other quotation may sit between the quote and its cue.
        if text[after.start..cue_tok.start].contains(['“', '"']) {
            return None;
        }
        let cue = cue_phrase(text, &toks, cue_pos);
        if cue_pos == 0 {
            // Inverted: the speaker follows the verb.
            let rest = Span::new(cue_tok.end, after.end);
            let mention = self
                .speaker_mentions(rest)
                .filter(|m| !m.possessive)
                .min_by_key(|m| m.span.start)?;
            // Prefer the name in an appositive right after a role ("the EU's envoy, Josep Borrell").
            return Some((self.name_of(mention), cue));
        }
        let subject = Span::new(after.start, cue_tok.start);
        if let Some(mention) = self
            .speaker_mentions(subject)
            .filter(|m| !m.possessive)
            .last()
        {
            return Some((self.name_of(mention), cue));
        }
        let pronoun = toks[..cue_pos]
            .iter()
            .rev()
            .find(|t| PRONOUNS.contains(&t.text(text)))?;
        let speaker = self.resolve_pronoun(*pronoun, quote_start)?;
        Some((speaker, cue))
    }

    /// `Borrell said after the meeting that ... “to urgently de-escalate”`.
    fn cue_before(&self, before: Span, quote_start: usize) -> Option<(Speaker, String)> {
        let text = self.text;
        let toks = tokens(text, before);
        let cue_pos = toks.iter().position(|t| Self::is_cue(t.text(text)))?;
        let cue_tok = toks[cue_pos];
        let cue = cue_phrase(text, &toks, cue_pos);
        let subject_range = Span::new(before.start, cue_tok.start);
        let clause_start = leading_clause_end(text, subject_range);
        let candidates: Vec<&EntityMention> = self
            .speaker_mentions(Span::new(clause_start, cue_tok.start))
            .filter(|m| !m.possessive)
            .collect();
        // The name right before the verb ("Borrell said"), else the sentence's first name.
        let adjacent = candidates.iter().rev().find(|m| {
            let between = &text[m.span.end..cue_tok.start];
            between.split_whitespace().count() <= 1 && !between.contains(',')
        });
        if let Some(mention) = adjacent.or(candidates.first()) {
            return Some((self.name_of(mention), cue));
        }
        let pronoun = toks[..cue_pos]
            .iter()
            .rev()
            .find(|t| PRONOUNS.contains(&t.text(text)))?;
        Some((self.resolve_pronoun(*pronoun, quote_start)?, cue))
    }

    /// The person a pronoun before `before` refers to: the speaker or subject of
    /// the nearest preceding sentence that has one.
    fn resolve_pronoun(&self, pronoun: Token, before: usize) -> Option<Speaker> {
        let word = pronoun.text(self.text).to_lowercase();
        let female = match word.as_str() {
            "he" => Some(false),
            "she" => Some(true),
            _ => None,
        };
        let mut speaker = self.recent_subject(before, female)?;
        speaker.span = Span::new(pronoun.start, pronoun.end);
        Some(speaker)
    }

    /// The subject of the nearest sentence before `offset` naming a person (of the
    /// given gender when known): a name before a cue verb, else the first name.
    fn recent_subject(&self, offset: usize, female: Option<bool>) -> Option<Speaker> {
        let current = self.sentence_index(offset);
        let compatible = |m: &&EntityMention| {
            let entity = self.entities.entity_of(m);
            !m.possessive
                && entity.kind == EntityKind::Person
                && (female.is_none() || entity.female.is_none() || entity.female == female)
        };
        for index in (current.saturating_sub(4)..=current).rev() {
            let sentence = self.sentences.get(index)?;
            let end = sentence.end.min(offset);
            if end <= sentence.start {
                continue;
            }
            let range = Span::new(
                leading_clause_end(self.text, Span::new(sentence.start, end)),
                end,
            );
            let names: Vec<&EntityMention> =
                self.speaker_mentions(range).filter(compatible).collect();
            let toks = tokens(self.text, range);
            let before_cue = toks
                .iter()
                .find(|t| Self::is_cue(t.text(self.text)))
                .and_then(|cue| {
                    names
                        .iter()
                        .rev()
                        .find(|m| m.span.end <= cue.start)
                        .copied()
                });
            // Without a named subject before a cue verb, the nearest name is the likeliest antecedent.
            if let Some(mention) = before_cue.or(names.last().copied()) {
                return Some(self.name_of(mention));
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
            let toks = tokens(text, *sentence);
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
                let subject = Span::new(toks[cue_pos - 1].start, cue_tok.start);
                let comma = text[sentence.start..toks[cue_pos - 1].start].rfind(", ");
                if let (Some(mention), Some(comma)) = (
                    self.speaker_mentions(Span::new(sentence.start, cue_tok.start))
                        .last(),
                    comma,
                ) {
                    if mention.span.end <= subject.end + 1 && comma > 0 {
                        let content = Span::new(sentence.start, sentence.start + comma);
                        out.push(self.indirect(content, mention, "said"));
                    }
                }
                continue;
            }
            let Some(mention) = self
                .speaker_mentions(Span::new(sentence.start, cue_tok.start))
                .filter(|m| {
                    !m.possessive && text[m.span.end..cue_tok.start].split_whitespace().count() <= 1
                })
                .last()
            else {
                continue;
            };
            let mut content_pos = cue_pos + 1;
            if cue_tok.text(text) == "told" {
                content_pos = toks
                    .iter()
                    .position(|t| t.text(text) == "that" && t.start > cue_tok.start)
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
            if toks.len() - content_pos < 4 || first.start >= body_end {
                continue;
            }
            out.push(self.indirect(
                Span::new(first.start, body_end),
                mention,
                cue_tok.text(text),
            ));
        }
        out
    }

    fn indirect(&self, content: Span, mention: &EntityMention, cue: &str) -> Quote {
        Quote {
            text: content.slice(self.text).to_string(),
            start: content.start,
            end: content.end,
            kind: QuoteKind::Indirect,
            speaker: Some(self.entities.entity_of(mention).name.clone()),
            speaker_span: Some(mention.span),
            cue: Some(cue.to_string()),
            method: "cue-verb".to_string(),
            confidence: 0.9,
        }
    }
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
    let piece = &text[range.start..range.end];
    let first = piece.split_whitespace().next().unwrap_or("");
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
    if !subordinate {
        return range.start;
    }
    piece
        .find(", ")
        .map_or(range.start, |comma| range.start + comma + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::find_entities;
    use crate::sentences::split_sentences;

    fn quotes(text: &str) -> Vec<(String, Option<String>, QuoteKind)> {
        let sentences = split_sentences(text);
        let entities = find_entities(text, &sentences);
        find_quotes(text, &sentences, &entities)
            .into_iter()
            .map(|q| {
                assert_eq!(&text[q.start..q.end], q.text);
                (q.text, q.speaker, q.kind)
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
                pair("We will not give in,", "Mira Kovan"),
                pair("Not now.", "Mira Kovan"),
                pair("Hard days are ahead,", "Teo Brandt"),
            ]
        );
    }

    #[test]
    fn cue_before_partial_quotes_and_inverted_cues() {
        let text = "Ostranan Prime Minister Teo Brandt said after the meeting that both sides had to “calm things down” at once.\n\n\
                    “It was a difficult day,” said the bloc’s chief mediator, Anna Lind.\n\n\
                    The Ostranan leader told state TV: \"We did everything we could.\"";
        assert_eq!(
            direct(text),
            [
                pair("calm things down", "Teo Brandt"),
                pair("It was a difficult day,", "Anna Lind"),
                pair("We did everything we could.", "Teo Brandt"),
            ]
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
            [
                pair("We will rebuild the pier,", "Lena Ortiz"),
                pair("It is our town.", "Lena Ortiz")
            ]
        );
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
}
