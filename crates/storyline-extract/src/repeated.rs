//! Boilerplate that repeats across articles: site footers, credit lines,
//! product promos, comment and media notices that one article alone cannot
//! tell from its own text, but a batch of articles from one outlet can.
//!
//! The unit is a *segment*: a line, split further into sentences. A segment
//! is boilerplate when it recurs (same words, case, punctuation and digits
//! aside) in at least [`MIN_ARTICLES`] articles of one outlet that are not
//! copies of one another (their openings differ), and either
//! - reads like page furniture: credit lines ("Reporting by"), comment and
//!   media notices, share and subscription prompts, copyright notices; or
//! - carries no quotation marks (a wire quote repeated by many reports is
//!   news) and recurs in at least [`MIN_SHARE`] of the outlet's articles, and in
//!   [`MIN_ARTICLES_UNMARKED`] or more (a footer or
//!   promo under every article; background a newsroom reuses in a few
//!   reports of one story stays).
//!
//! Removed segments are kept in [`Article::removed`] with the reason
//! `repeated-boilerplate`. This is a batch step, run between extraction and
//! annotation over the articles ingested together.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};

use storyline_model::{Article, Removed};

/// Articles (with different openings) a segment must recur in.
pub const MIN_ARTICLES: usize = 3;
/// Articles a segment without furniture words must recur in (and [`MIN_SHARE`]).
pub const MIN_ARTICLES_UNMARKED: usize = 5;
/// Share of an outlet's articles a segment without furniture words must recur in.
pub const MIN_SHARE: f64 = 0.1;
/// Why such a segment was removed.
pub const REASON: &str = "repeated-boilerplate";

/// Words and phrases of page furniture, matched on the folded segment.
const FURNITURE: &[&str] = &[
    "javascript",
    "cookie",
    "subscribe",
    "newsletter",
    "copyright",
    "all rights reserved",
    "email",
    "e mail",
    "click",
    "share this",
    "comments",
    "full article",
    "read more",
    "flash player",
    "browser",
    "sign up",
    "follow us",
    "advertisement",
    "terms of use",
    "privacy",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "compiled by",
    "not available in your",
    "this media",
    "this content",
];

/// Byte ranges of an article's segments: lines, split after sentence ends.
fn segments(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let bytes = line.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let ends_sentence = matches!(b, b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
                && bytes[i + 1..]
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .is_some_and(|c| c.is_ascii_uppercase() || matches!(c, b'"' | b'`' | b'\''));
            if ends_sentence {
                out.push((line_start + start, line_start + i + 1));
                start = i + 1;
            }
        }
        if start < line.len() {
            out.push((line_start + start, line_end));
        }
        line_start = line_end;
    }
    out.into_iter()
        .map(|(s, e)| trim(text, s, e))
        .filter(|(s, e)| s < e)
        .collect()
}

fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let tail = piece.len() - piece.trim_end().len();
    (start + lead, (end - tail).max(start + lead))
}

/// Writes a segment's words into `out` (cleared first), lower-cased, digits
/// as `0`: what recurrence compares.
fn key_into(segment: &str, out: &mut String) {
    out.clear();
    for word in segment
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_numeric() {
                out.push('0');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// A 64-bit hash of a segment key: recurrence compares hashes, not strings,
/// so a batch holds 24 bytes per segment rather than copies of its text (two
/// different segments share a hash with odds of about one in 10^7 in a batch
/// of a million segments).
fn key_hash(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(key.as_bytes());
    hasher.finish()
}

fn quoted(segment: &str) -> bool {
    segment.contains(['"', '“', '”', '«', '»']) || segment.contains("``") || segment.contains("''")
}

/// Whether a segment (and its key) reads like page furniture: one of the
/// [`FURNITURE`] phrases, or a social-media handle ("says @Mister_Solomon",
/// "Follow @Reuters"), which promos and sidebars carry and article sentences
/// rarely repeat word for word.
fn furniture(segment: &str, key: &str) -> bool {
    let padded = format!(" {key} ");
    FURNITURE
        .iter()
        .any(|phrase| padded.contains(&format!(" {phrase}")))
        || segment
            .split('@')
            .skip(1)
            .any(|after| after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// A segment after an article's first: where it is, its key's hash, and
/// whether it reads like page furniture.
struct Keyed {
    span: (usize, usize),
    key: u64,
    furniture: bool,
}

/// Removes boilerplate that repeats across `articles` (see the module docs);
/// returns how many segments were removed.
pub fn strip_repeated(articles: &mut [Article]) -> usize {
    // Outlets numbered (articles without one form a group of their own).
    let mut outlet_numbers: HashMap<Option<String>, usize> = HashMap::new();
    let mut sizes: Vec<usize> = Vec::new();
    let outlets: Vec<usize> = articles
        .iter()
        .map(|a| {
            let name = a.outlet.as_ref().map(|o| o.value.to_lowercase());
            let next = outlet_numbers.len();
            let number = *outlet_numbers.entry(name).or_insert(next);
            if number == sizes.len() {
                sizes.push(0);
            }
            sizes[number] += 1;
            number
        })
        .collect();
    // (outlet, segment key, opening) for every segment that may count as
    // boilerplate; each article's segments after its first, keyed once.
    let mut sightings: Vec<(usize, u64, u64)> = Vec::new();
    let mut keyed: Vec<Vec<Keyed>> = Vec::with_capacity(articles.len());
    let mut key = String::new();
    for (article, &outlet) in articles.iter().zip(&outlets) {
        // A segment must recur in MIN_ARTICLES articles of its outlet.
        if sizes[outlet] < MIN_ARTICLES {
            keyed.push(Vec::new());
            continue;
        }
        let segs = segments(&article.text);
        // Its opening (first three segments) tells copies of one article apart
        // from different articles.
        let mut lede = DefaultHasher::new();
        for &(s, e) in segs.iter().take(3) {
            key_into(&article.text[s..e], &mut key);
            lede.write(key.as_bytes());
            lede.write_u8(b'|');
        }
        let lede = lede.finish();
        let mut list = Vec::with_capacity(segs.len().saturating_sub(1));
        for &(s, e) in segs.iter().skip(1) {
            let segment = &article.text[s..e];
            key_into(segment, &mut key);
            let furniture = furniture(segment, &key);
            let hash = key_hash(&key);
            // A quote repeated by many reports is news, unless the segment
            // is page furniture that happens to quote ("mark it 'for publication'").
            if key.split(' ').count() >= 3 && (!quoted(segment) || furniture) {
                sightings.push((outlet, hash, lede));
            }
            list.push(Keyed {
                span: (s, e),
                key: hash,
                furniture,
            });
        }
        keyed.push(list);
    }
    // Segment key -> how many distinct openings hold it, for keys held by
    // at least MIN_ARTICLES.
    sightings.sort_unstable();
    sightings.dedup();
    let mut holders: HashMap<(usize, u64), usize> = HashMap::new();
    for run in sightings.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() >= MIN_ARTICLES {
            holders.insert((run[0].0, run[0].1), run.len());
        }
    }
    drop(sightings);
    let mut removed_count = 0;
    for ((article, list), &outlet) in articles.iter_mut().zip(&keyed).zip(&outlets) {
        let size = sizes[outlet] as f64;
        let drop: Vec<(usize, usize)> = list
            .iter()
            .filter(|segment| {
                let Some(&ledes) = holders.get(&(outlet, segment.key)) else {
                    return false;
                };
                segment.furniture
                    || (ledes >= MIN_ARTICLES_UNMARKED && ledes as f64 >= MIN_SHARE * size)
            })
            .map(|segment| segment.span)
            .filter(|&(s, _)| article.dateline.as_ref().is_none_or(|d| s >= d.end))
            .collect();
        if drop.is_empty() {
            continue;
        }
        removed_count += drop.len();
        let mut text = String::with_capacity(article.text.len());
        let mut at = 0;
        for &(s, e) in &drop {
            text.push_str(&article.text[at..s]);
            article.removed.push(Removed {
                text: article.text[s..e].to_string(),
                reason: REASON.into(),
            });
            // The space or line break after the segment goes with it.
            at = e + article.text[e..]
                .bytes()
                .take_while(|b| *b == b' ' || *b == b'\t')
                .count();
        }
        text.push_str(&article.text[at..]);
        article.text = text;
    }
    removed_count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article::new(id, format!("{id}.txt"), text)
    }

    #[test]
    fn a_footer_under_many_articles_goes_and_is_kept_aside() {
        let footer = "Reporting by Ana Petrik; Editing by Tom Hale.";
        let places = ["Tripoli", "Misrata", "Sirte", "Benghazi"];
        let mut articles: Vec<Article> = places
            .iter()
            .map(|place| {
                article(
                    place,
                    &format!("Fighting went on in {place}. Residents of {place} fled.\n{footer}\n"),
                )
            })
            .collect();
        assert_eq!(strip_repeated(&mut articles), 4);
        for a in &articles {
            assert!(!a.text.contains("Reporting by"), "{}", a.text);
            assert!(a.text.contains("fled."));
            assert_eq!(a.removed.last().unwrap().reason, REASON);
            assert_eq!(a.removed.last().unwrap().text, footer);
        }
    }

    #[test]
    fn copies_of_one_article_and_quotes_are_not_boilerplate() {
        let body = "The bridge reopened on Monday. Officials counted 40 lorries an hour. \"We are open again,\" the mayor said.";
        // Five reprints: same opening, so one article for recurrence.
        let mut copies: Vec<Article> = (0..5).map(|i| article(&format!("c{i}"), body)).collect();
        assert_eq!(strip_repeated(&mut copies), 0);
        // A quote carried by many different reports stays.
        let mut reports: Vec<Article> = (0..5)
            .map(|i| {
                article(
                    &format!("r{i}"),
                    &format!("Report {i} leads differently. \"We are open again and staying open,\" the mayor said."),
                )
            })
            .collect();
        assert_eq!(strip_repeated(&mut reports), 0);
    }

    #[test]
    fn background_reused_in_a_few_reports_stays_unless_it_is_furniture() {
        let mut articles: Vec<Article> = (0..40)
            .map(|i| {
                let letter = |n: u32| char::from_u32('a' as u32 + n % 26).unwrap_or('a');
                let name = format!("{}{}", letter(i), letter(i / 26));
                let mut text = format!("Report {name} starts. Something else happened in {name}.");
                if i < 3 {
                    text += " Three ministers were killed in the quake.";
                    text += " Your comments may be published on any of our sites.";
                }
                article(&format!("a{i}"), &text)
            })
            .collect();
        assert_eq!(strip_repeated(&mut articles), 3);
        assert!(articles[0].text.contains("Three ministers"));
        assert!(!articles[0].text.contains("comments"));
    }

    #[test]
    fn a_promo_under_most_of_an_outlets_articles_goes() {
        let promo =
            "An ultra-low latency infrastructure for electronic trading and data distribution.";
        let mut articles: Vec<Article> = ["Kiev", "Lviv", "Odesa", "Dnipro", "Kharkiv", "Sumy"]
            .iter()
            .map(|city| {
                article(
                    city,
                    &format!(
                        "Shelling hit {city} overnight. Crews in {city} cleared roads.\n{promo}"
                    ),
                )
            })
            .collect();
        assert_eq!(strip_repeated(&mut articles), 6);
        assert!(articles.iter().all(|a| !a.text.contains("latency")));
    }

    #[test]
    fn a_quoted_promo_with_a_handle_goes_but_a_quoted_statement_stays() {
        let promo = "Like a MacBook Pro '' says @Mister_Solomon : Dog Show - live !";
        let statement = "\"We will rebuild the port,\" the mayor said.";
        let mut articles: Vec<Article> = ["Basra", "Mosul", "Najaf"]
            .iter()
            .map(|city| {
                article(
                    city,
                    &format!(
                        "Troops left {city} today. Shops in {city} reopened.\n{statement}\n{promo}"
                    ),
                )
            })
            .collect();
        assert_eq!(strip_repeated(&mut articles), 3);
        assert!(articles
            .iter()
            .all(|a| !a.text.contains("@Mister") && a.text.contains("rebuild the port")));
    }

    #[test]
    fn segments_split_lines_and_sentences() {
        let text = "One sentence here. Two here!\nA line without end\n";
        let found: Vec<&str> = segments(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            ["One sentence here.", "Two here!", "A line without end"]
        );
    }
}
