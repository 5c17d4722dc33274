//! Snippets of search hits, made in Rust from an article's text and the
//! query's words.
//!
//! FTS5's `snippet()` re-tokenizes and scores every passage of each hit's
//! whole text inside SQLite, and it can only run in a query that matches
//! again (once per hit); here a hit's text is read once with its other
//! columns and scanned once. Words are compared as the index compares them:
//! case and diacritics folded ([`fold`]) and English words reduced by the
//! Porter stemmer ([`porter_stem`], the algorithm of FTS5's `porter`
//! tokenizer), so `plate` marks `plates` and `Vucic` marks `Vučić`.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How many words a snippet shows (FTS5's `snippet(…, 16)`).
pub(crate) const SNIPPET_WORDS: usize = 16;

/// Longest word the Porter stemmer reduces, in bytes (as FTS5's tokenizer).
const MAX_STEMMED_BYTES: usize = 64;

/// One word of a query, as the index compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct QueryWord {
    /// The folded word, stemmed unless it is a prefix.
    key: String,
    /// Whether a text word matches by starting with `key` (a trailing `*`).
    is_prefix: bool,
    /// Which query term the word came from (a term like `U.S.` holds two).
    term: usize,
}

/// Marks the words of one query in texts.
#[derive(Debug, Clone)]
pub(crate) struct Highlighter {
    words: Vec<QueryWord>,
    terms: usize,
}

impl Highlighter {
    /// The highlighter of a query's terms, each a word and whether it ends in
    /// `*`; a term is split at every character that is not a letter or digit,
    /// as the index's tokenizer splits it.
    pub(crate) fn new(terms: &[(&str, bool)]) -> Highlighter {
        let mut words = Vec::new();
        for (term, (text, is_prefix)) in terms.iter().enumerate() {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                let folded = fold(word);
                let key = if *is_prefix {
                    folded
                } else {
                    porter_stem(&folded)
                };
                words.push(QueryWord {
                    key,
                    is_prefix: *is_prefix,
                    term,
                });
            }
        }
        Highlighter {
            words,
            terms: terms.len(),
        }
    }

    /// Which term `word` (as written in a text) matches, if any.
    fn term_of(&self, word: &str) -> Option<usize> {
        // Most words of a text share no first letter with any query word:
        // they are skipped before folding and stemming.
        let first = word.chars().next()?;
        if first.is_ascii() {
            let first = first.to_ascii_lowercase() as u8;
            if !self
                .words
                .iter()
                .any(|query| query.key.as_bytes().first() == Some(&first))
            {
                return None;
            }
        }
        let folded = fold(word);
        let mut stem = None;
        self.words.iter().find_map(|query| {
            let matches = if query.is_prefix {
                folded.starts_with(&query.key)
                    || stem
                        .get_or_insert_with(|| porter_stem(&folded))
                        .starts_with(&query.key)
            } else {
                *stem.get_or_insert_with(|| porter_stem(&folded)) == query.key
            };
            matches.then_some(query.term)
        })
    }

    /// A passage of `text` of at most [`SNIPPET_WORDS`] words with the
    /// query's words in `[` `]`: the passage holding the most distinct terms
    /// (then the most matches, then the earliest), starting a few words
    /// before its first match; `…` marks where the text was cut. The start of
    /// the text when no word matches.
    pub(crate) fn snippet(&self, text: &str) -> String {
        let mut words: Vec<(usize, usize, Option<usize>)> = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, c.is_alphanumeric() && at < text.len()) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    words.push((from, at, self.term_of(&text[from..at])));
                    start = None;
                }
                _ => {}
            }
        }
        let first = self.best_start(&words);
        let end = (first + SNIPPET_WORDS).min(words.len());
        let mut out = String::new();
        let mut copied = 0;
        if first > 0 {
            out.push('…');
            copied = words[first].0;
        }
        for &(from, to, term) in &words[first..end] {
            if term.is_some() {
                out.push_str(&text[copied..from]);
                out.push('[');
                out.push_str(&text[from..to]);
                out.push(']');
                copied = to;
            }
        }
        if end < words.len() {
            out.push_str(&text[copied..words[end - 1].1]);
            out.push('…');
        } else {
            out.push_str(&text[copied..]);
        }
        out
    }

    /// The index of the first word of the best passage of `words`.
    fn best_start(&self, words: &[(usize, usize, Option<usize>)]) -> usize {
        let last_start = words.len().saturating_sub(SNIPPET_WORDS);
        let mut best = (0, 0, 0);
        let mut seen = vec![false; self.terms];
        for (index, _) in words.iter().enumerate().filter(|(_, w)| w.2.is_some()) {
            let first = index.saturating_sub(SNIPPET_WORDS / 4).min(last_start);
            seen.iter_mut().for_each(|flag| *flag = false);
            let mut matches = 0;
            for term in words[first..(first + SNIPPET_WORDS).min(words.len())]
                .iter()
                .filter_map(|w| w.2)
            {
                seen[term] = true;
                matches += 1;
            }
            let distinct = seen.iter().filter(|&&flag| flag).count();
            if (distinct, matches) > (best.0, best.1) {
                best = (distinct, matches, first);
            }
        }
        best.2
    }
}

/// Folds case and diacritics as the index's tokenizer does (`unicode61`,
/// `remove_diacritics 2`): `Vučić` is `vucic`.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Porter stem of a folded word, as FTS5's `porter` tokenizer makes it
/// (M. F. Porter's 1980 algorithm in its reference form: `bli` → `ble`,
/// `logi` → `log`). Words shorter than three bytes or longer than 64 are
/// kept whole.
pub(crate) fn porter_stem(word: &str) -> String {
    if word.len() < 3 || word.len() > MAX_STEMMED_BYTES {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    step_1a(&mut w);
    step_1b(&mut w);
    step_1c(&mut w);
    step_2(&mut w);
    step_3(&mut w);
    step_4(&mut w);
    step_5(&mut w);
    // The steps only cut ASCII suffixes and append ASCII letters.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's m: how many vowel-consonant sequences `w` holds.
fn measure(w: &[u8]) -> usize {
    let n = w.len();
    let mut i = 0;
    while i < n && is_consonant(w, i) {
        i += 1;
    }
    let mut m = 0;
    loop {
        while i < n && !is_consonant(w, i) {
            i += 1;
        }
        if i >= n {
            return m;
        }
        while i < n && is_consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// Consonant-vowel-consonant at the end, the last not `w`, `x` or `y`.
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// The first rule of `rules` whose suffix `w` ends with (longest first in
/// each list) replaces it when the rest passes `condition`; later rules are
/// not tried. Whether a suffix matched and was replaced.
fn replace_first(w: &mut Vec<u8>, rules: &[(&str, &str)], condition: fn(&[u8]) -> bool) -> bool {
    for (suffix, replacement) in rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem = w.len() - suffix.len();
            if condition(&w[..stem]) {
                w.truncate(stem);
                w.extend_from_slice(replacement.as_bytes());
                return true;
            }
            return false;
        }
    }
    false
}

fn step_1a(w: &mut Vec<u8>) {
    replace_first(
        w,
        &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")],
        |_| true,
    );
}

fn step_1b(w: &mut Vec<u8>) {
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
        return;
    }
    let cut = [&b"ed"[..], b"ing"]
        .into_iter()
        .find(|suffix| w.ends_with(suffix) && has_vowel(&w[..w.len() - suffix.len()]));
    let Some(suffix) = cut else { return };
    w.truncate(w.len() - suffix.len());
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if ends_double_consonant(w) && !matches!(w.last(), Some(b'l' | b's' | b'z')) {
        w.pop();
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push(b'e');
    }
}

fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if w.ends_with(b"y") && has_vowel(&w[..n - 1]) {
        w[n - 1] = b'i';
    }
}

fn measure_over_0(stem: &[u8]) -> bool {
    measure(stem) > 0
}

fn step_2(w: &mut Vec<u8>) {
    replace_first(
        w,
        &[
            ("ational", "ate"),
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("izer", "ize"),
            ("logi", "log"),
            ("bli", "ble"),
            ("alli", "al"),
            ("entli", "ent"),
            ("eli", "e"),
            ("ousli", "ous"),
            ("ization", "ize"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("iveness", "ive"),
            ("fulness", "ful"),
            ("ousness", "ous"),
            ("aliti", "al"),
            ("iviti", "ive"),
            ("biliti", "ble"),
        ],
        measure_over_0,
    );
}

fn step_3(w: &mut Vec<u8>) {
    replace_first(
        w,
        &[
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ],
        measure_over_0,
    );
}

fn step_4(w: &mut Vec<u8>) {
    if w.ends_with(b"ion") {
        let stem = &w[..w.len() - 3];
        if measure(stem) > 1 && matches!(stem.last(), Some(b's' | b't')) {
            w.truncate(w.len() - 3);
        }
        return;
    }
    replace_first(
        w,
        &[
            ("al", ""),
            ("ance", ""),
            ("ence", ""),
            ("er", ""),
            ("ic", ""),
            ("able", ""),
            ("ible", ""),
            ("ant", ""),
            ("ement", ""),
            ("ment", ""),
            ("ent", ""),
            ("ou", ""),
            ("ism", ""),
            ("ate", ""),
            ("iti", ""),
            ("ous", ""),
            ("ive", ""),
            ("ize", ""),
        ],
        |stem| measure(stem) > 1,
    );
}

fn step_5(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.pop();
        }
    }
    if w.ends_with(b"ll") && measure(w) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighter(query: &[&str]) -> Highlighter {
        let terms: Vec<(&str, bool)> = query
            .iter()
            .map(|term| match term.strip_suffix('*') {
                Some(word) => (word, true),
                None => (*term, false),
            })
            .collect();
        Highlighter::new(&terms)
    }

    #[test]
    fn porter_stems_as_the_reference_vocabulary() {
        // Pairs from Porter's published sample vocabulary and output.
        let pairs = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("conformabli", "conform"),
            ("radicalli", "radic"),
            ("differentli", "differ"),
            ("vileli", "vile"),
            ("analogousli", "analog"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("callousness", "callous"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("sensibiliti", "sensibl"),
            ("triplicate", "triplic"),
            ("formative", "form"),
            ("formalize", "formal"),
            ("electriciti", "electr"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("homologou", "homolog"),
            ("communism", "commun"),
            ("activate", "activ"),
            ("angulariti", "angular"),
            ("homologous", "homolog"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controll", "control"),
            ("roll", "roll"),
            ("plates", "plate"),
            ("talks", "talk"),
            ("as", "as"),
        ];
        for (word, stem) in pairs {
            assert_eq!(porter_stem(word), stem, "{word}");
        }
    }

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(fold("Vučić"), "vucic");
        assert_eq!(fold("ÉLYSÉE"), "elysee");
        assert_eq!(fold("Border"), "border");
    }

    #[test]
    fn a_short_text_is_kept_whole_with_its_matches_marked() {
        let text = "Kosovo postponed the rule on licence plates. Serbs in the north welcomed it.";
        assert_eq!(
            highlighter(&["plate"]).snippet(text),
            "Kosovo postponed the rule on licence [plates]. Serbs in the north welcomed it."
        );
        assert_eq!(
            highlighter(&["VUCIC", "serb"]).snippet("President Vučić said Serbs would stay."),
            "President [Vučić] said [Serbs] would stay."
        );
        assert_eq!(
            highlighter(&["Kosov*"]).snippet("Kosovo postponed it."),
            "[Kosovo] postponed it."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_passage_with_the_most_terms() {
        let filler = "one two three four five six seven eight nine ten eleven twelve";
        let text = format!(
            "The harbour opened. {filler} {filler} The harbour strike ended today. {filler}"
        );
        let snippet = highlighter(&["harbour", "strikes"]).snippet(&text);
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(
            snippet.contains("The [harbour] [strike] ended today."),
            "{snippet}"
        );
        assert_eq!(
            snippet.split_whitespace().count(),
            SNIPPET_WORDS,
            "{snippet}"
        );
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start_of_the_text() {
        let text = "a b c d e f g h i j k l m n o p q r s";
        assert_eq!(
            highlighter(&["quokka"]).snippet(text),
            "a b c d e f g h i j k l m n o p…"
        );
        assert_eq!(highlighter(&["quokka"]).snippet(""), "");
    }

    #[test]
    fn a_term_with_punctuation_marks_each_of_its_words() {
        assert_eq!(
            highlighter(&["U.S."]).snippet("Talks in the U.S. went on."),
            "Talks in the [U].[S]. went on."
        );
    }
}
