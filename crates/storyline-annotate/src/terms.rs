//! Content terms for similarity: lower-cased, folded, light-stemmed words with
//! stop words removed. Shared by the corpus stages (clustering, comparison,
//! summaries) so they all compare text the same way.

use crate::entities::fold;
use crate::lexicon::WEEKDAYS;

/// Function words that carry no topic; the day names ([`WEEKDAYS`]) are stop
/// words too.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "say",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "told",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "mr",
    "mrs",
    "ms",
    "s",
    "week",
    "month",
    "day",
    "time",
    "however",
    "according",
    "added",
    "including",
    "made",
    "make",
    "many",
    "well",
    "get",
    "got",
    "like",
];

/// Whether `word` (lower case) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().chain(&WEEKDAYS).copied().collect());
    SET.contains(word)
}

/// A light stem: folds case and diacritics, drops possessives and common
/// inflections so "talks"/"talk" and "resigned"/"resign" meet.
pub fn stem(word: &str) -> String {
    let mut w = fold(word);
    for suffix in ["'s", "'"] {
        if let Some(stripped) = w.strip_suffix(suffix) {
            w = stripped.to_string();
        }
    }
    let len = w.chars().count();
    if len > 5 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if len > 4 && (w.ends_with("sses") || w.ends_with("shes") || w.ends_with("ches")) {
        w.truncate(w.len() - 2);
    } else if len > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    } else if len > 6 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
    } else if len > 5 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
    }
    w
}

/// The content terms of `text`, in order.
pub fn content_terms(text: &str) -> Vec<String> {
    content_terms_iter(text).collect()
}

/// [`content_terms`] one at a time: for counting the terms of a whole
/// article without holding all of them (several times the text's size).
pub fn content_terms_iter(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter_map(|w| {
            let lower = fold(w.trim_matches(['\'', '’']));
            (!is_stop_word(&lower) && lower.chars().count() > 1).then(|| stem(&lower))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_drop_stop_words_and_meet_across_inflections() {
        assert_eq!(
            content_terms("The talks failed, and officers resigned."),
            ["talk", "fail", "officer", "resign"]
        );
        assert_eq!(stem("Vučić's"), "vucic");
        assert_eq!(stem("policies"), "policy");
    }
}
