//! Content terms for similarity: lower-cased, folded, light-stemmed words with
//! stop words removed. Shared by the corpus stages (clustering, comparison,
//! summaries) so they all compare text the same way.

use storyline_text::fold;
pub use storyline_text::is_stop_word;

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
