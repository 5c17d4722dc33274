//! The annotate stage: one article in, a [`Doc`] with sentences, dates, entity
//! mentions, quotes and quantities out. Pure and per-article: no shared state,
//! no IO, and no failure: bad input yields fewer annotations, never a panic.
//!
//! The public surface is [`annotate`] plus the few pieces other stages share:
//! how names are folded for comparison ([`fold`]), the content terms the corpus
//! stages compare ([`content_terms`], [`stem`], [`is_stop_word`]), the country a
//! word names ([`country_of`]), the day names ([`WEEKDAYS`]), sentence spans and word tokens, and the time
//! expressions of a text ([`find_dates`], which scorers and the analysis run on
//! raw text with an anchor of their choosing). [`steps`] lists the steps
//! [`annotate`] runs, for benchmarks that time each one.
//!
//! ```
//! use storyline_model::Article;
//!
//! let doc = storyline_annotate::annotate(Article::new(
//!     "a1",
//!     "a1.txt",
//!     "“We will not give in,” Prime Minister Ana Brnabic said on Monday.",
//! ));
//! assert_eq!(doc.quotes[0].speaker.as_deref(), Some("Ana Brnabic"));
//! ```

mod dates;
mod entities;
mod lexicon;
mod pieces;
mod quantities;
mod quotes;
mod sentences;
mod terms;

pub use dates::find_dates;
pub use lexicon::{country_of, WEEKDAYS};
pub use sentences::{split_sentences, tokens as word_tokens, Token, MAX_SENTENCE_BYTES};
pub use storyline_text::{fold, Words};
pub use terms::{content_terms, content_terms_iter, is_stop_word, stem};

/// The steps [`annotate`] runs, in its order, for benchmarks and probes that
/// time or inspect one of them: sentences, then entities (which quotes read),
/// then quotes, dates and quantities.
pub mod steps {
    pub use crate::dates::find_dates;
    pub use crate::entities::{find_entities, Entities};
    pub use crate::quantities::find_quantities;
    pub use crate::quotes::find_quotes;
    pub use crate::sentences::split_sentences;
    pub use storyline_text::Words;

    /// The article's token stream over `sentences`: made once, read by
    /// [`find_entities`] and [`find_quotes`].
    pub fn words(text: &str, sentences: &[storyline_model::Span]) -> Words {
        Words::new(text, sentences.iter().map(|s| s.start..s.end))
    }
}

use storyline_model::limits::{note_limit, MAX_DATES_PER_SENTENCE};
use storyline_model::{Article, Doc, Limit, LimitApplied, Mention, Period};

/// Annotates one article.
pub fn annotate(article: Article) -> Doc {
    let anchor = article.published_date();
    let mut doc = Doc::new(article);
    let text = doc.article.text.as_str();
    let mut cuts = Vec::new();
    let sentence_spans = sentences::split_sentences_noting_cuts(text, &mut cuts);
    let mut limits = Vec::new();
    if let Some(&first) = cuts.first() {
        limits.push(LimitApplied {
            limit: Limit::SentenceBytes,
            times: cuts.len(),
            first_at: Some(first),
        });
    }
    let words = steps::words(text, &sentence_spans);
    let mut found = entities::find_entities(text, &sentence_spans, &words);
    limits.append(&mut found.limits);
    let quotes = quotes::find_quotes(text, &sentence_spans, &words, &found);
    let mentions = found
        .mentions
        .iter()
        .map(|m| {
            let entity = found.entity_of(m);
            Mention {
                text: m.span.slice(text).into(),
                start: m.span.start,
                end: m.span.end,
                kind: entity.kind,
                entity: entity.name.as_str().into(),
                method: m.method,
                confidence: entities::link_confidence(m.method),
            }
        })
        .collect();
    // The entities are in the mentions now: free them before the date and
    // quantity passes, whose tokens are the step's largest buffers.
    drop(found);
    drop(words);
    (doc.dates, doc.quantities) = dates::find_dates_and_quantities(text, anchor);
    doc.mentions = mentions;
    doc.quotes = quotes;
    doc.sentences = sentence_spans;
    // Lists grown by doubling hold up to half again unused until the
    // document is stored; a long article's are the ingest's largest.
    doc.dates.shrink_to_fit();
    doc.quantities.shrink_to_fit();
    doc.quotes.shrink_to_fit();
    doc.sentences.shrink_to_fit();
    note_crowded_sentences(&doc, &mut limits);
    doc.article.limits.append(&mut limits);
    doc
}

/// Notes [`Limit::DatesPerSentence`] for each sentence naming more distinct
/// dates than the timeline counts of one sentence.
fn note_crowded_sentences(doc: &Doc, limits: &mut Vec<LimitApplied>) {
    let mut dates = doc.dates.iter().peekable();
    let mut periods = Vec::new();
    for sentence in &doc.sentences {
        periods.clear();
        while let Some(date) = dates.next_if(|d| d.start < sentence.end) {
            if date.start < sentence.start {
                continue;
            }
            let period = date
                .value
                .as_deref()
                .and_then(|v| Period::from_value(v, date.granularity));
            if let Some(period) = period {
                if !periods.contains(&period) {
                    periods.push(period);
                }
            }
            if periods.len() > MAX_DATES_PER_SENTENCE {
                break;
            }
        }
        if periods.len() > MAX_DATES_PER_SENTENCE {
            note_limit(limits, Limit::DatesPerSentence, Some(sentence.start));
            while dates.next_if(|d| d.start < sentence.end).is_some() {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::LimitApplied;

    fn limits_of(text: &str) -> Vec<LimitApplied> {
        let article = Article::new("a1", "a.txt", text)
            .given_published(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap());
        annotate(article).article.limits
    }

    #[test]
    fn an_ordinary_article_applies_no_limit() {
        let text = "Officials met on 3 May 2024 in Saltmere. Mayor Anna Lind said the \
                    bridge would reopen on 10 May.";
        assert_eq!(limits_of(text), vec![]);
    }

    #[test]
    fn a_run_of_text_without_a_stop_is_cut_and_noted() {
        // 3 × 4,096 bytes of words with no sentence end: cut twice or more.
        let text = "word ".repeat(3 * MAX_SENTENCE_BYTES / 5);
        let limits = limits_of(&text);
        assert_eq!(limits.len(), 1, "{limits:?}");
        assert_eq!(limits[0].limit, Limit::SentenceBytes);
        assert!(limits[0].times >= 2, "{limits:?}");
        let first = limits[0].first_at.unwrap();
        assert!(
            first <= MAX_SENTENCE_BYTES && first > MAX_SENTENCE_BYTES / 2,
            "{first}"
        );
    }

    #[test]
    fn a_sentence_naming_more_dates_than_the_timeline_counts_is_noted() {
        let days: Vec<String> = (1..=12).map(|d| format!("{d} March 2024")).collect();
        let text = format!(
            "The council met. Hearings were held on {}. The council adjourned.",
            days.join(", ")
        );
        let limits = limits_of(&text);
        assert_eq!(limits.len(), 1, "{limits:?}");
        assert_eq!(limits[0].limit, Limit::DatesPerSentence);
        assert_eq!(limits[0].times, 1);
        assert_eq!(limits[0].first_at, Some(text.find("Hearings").unwrap()));
        // Eight distinct dates are within the bound.
        let text = format!("Hearings were held on {}.", days[..8].join(", "));
        assert_eq!(limits_of(&text), vec![]);
    }
}
