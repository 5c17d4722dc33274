//! A second, independent extraction: every paragraph of the page classified on
//! its own, as jusText does (Pomikálek, "Removing Boilerplate and Duplicate
//! Content from Web Corpora", 2011).
//!
//! The main extraction chooses one region of the page; when that choice goes
//! wrong (a listicle whose items sit in sibling boxes, a body split by link
//! strips or ad slots) its text is a fraction of the article. This pass
//! chooses no region: each block's own text is judged by its length, its link
//! density and its stop-word density, and short or borderline blocks are then
//! judged by their neighbours. Blocks inside regions whose boilerplate verdict
//! stood (comments above all) are left out. Its text serves as a fallback
//! when the main extraction kept much less than it
//! ([`super::extract_html_article`]), as trafilatura falls back on readability
//! and jusText when its own result is short.
//!
//! Stop words are a compact list of the commonest function words of the major
//! Latin-script languages; on a page where they are rare (another script, CJK)
//! the classification runs as jusText's language-independent mode does, on
//! length and link density alone.

use super::content::{Analysis, Info, BOILER, LINK, SKIP};
use super::dom::{Dom, NodeId, Tag, NONE};
use super::text::TextSink;

/// Blocks with more than this share of link text are boilerplate.
const MAX_LINK_DENSITY: f64 = 0.2;
/// Up to this share of link text, a block with [`LENGTH_LOW`] characters of
/// its own outside links is a linked sentence, near-good rather than bad
/// (jusText has no such class; listicles are written in them).
const MAX_LINKED_SENTENCE_DENSITY: f64 = 0.5;
/// Blocks shorter than this (characters, spaces left out) are judged by their neighbours.
const LENGTH_LOW: u32 = 60;
/// Blocks longer than this with enough stop words are good on their own.
const LENGTH_HIGH: u32 = 170;
/// Stop-word densities: below `LOW` boilerplate, at `HIGH` or above content.
const STOPWORDS_LOW: f64 = 0.18;
const STOPWORDS_HIGH: f64 = 0.24;
/// Below this stop-word density over the whole page the list does not fit its
/// language and stop words are not used.
const MIN_PAGE_STOPWORDS: f64 = 0.08;
/// Near-good blocks in a run without a good or bad one between them that
/// together are this long are good (see [`promote_near_good_runs`]).
const NEAR_GOOD_RUN_LENGTH: u32 = 3 * LENGTH_HIGH;
/// A short heading this many characters or fewer before a good block is content.
const MAX_HEADING_DISTANCE: u32 = 170;

/// The commonest function words of English, Spanish, Portuguese, French,
/// Italian, German and Dutch, sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "a", "aan", "about", "after", "al", "all", "als", "also", "am", "an", "and", "any", "are",
    "as", "at", "au", "auch", "auf", "aus", "be", "been", "bei", "but", "by", "can", "che", "com",
    "como", "could", "da", "dal", "das", "dass", "de", "dei", "del", "della", "dem", "den", "der",
    "des", "det", "di", "did", "die", "dit", "do", "dos", "du", "e", "een", "ein", "eine", "einer",
    "el", "em", "en", "er", "es", "est", "et", "for", "from", "had", "has", "have", "he", "her",
    "het", "his", "i", "if", "il", "im", "in", "into", "is", "ist", "it", "its", "je", "la", "las",
    "le", "les", "lo", "los", "mais", "mas", "met", "mit", "more", "na", "nach", "ne", "nicht",
    "no", "nog", "not", "não", "o", "of", "on", "one", "op", "or", "os", "ou", "par", "para",
    "pas", "per", "pero", "por", "pour", "qu", "que", "qui", "se", "she", "sich", "sie", "sind",
    "so", "sono", "such", "sul", "sur", "than", "that", "the", "their", "them", "there", "they",
    "this", "to", "um", "un", "una", "und", "une", "uno", "van", "voor", "was", "we", "were",
    "what", "when", "which", "who", "will", "with", "would", "y", "you", "zu", "à", "é",
];

/// jusText's classes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// One block's own text, measured.
#[derive(Debug, Clone, Copy)]
struct Paragraph {
    node: NodeId,
    /// Characters, spaces left out (CJK counts twice, as in the main measure).
    length: u32,
    heading: bool,
    /// Class from the block alone.
    alone: Class,
    /// Class after its neighbours are considered.
    class: Class,
}

/// The page's text as jusText-style paragraph classification finds it, when
/// that text is longer than `write_above` characters (spaces left out): the
/// caller needs it only then, and the work stops as soon as it cannot be.
pub(crate) fn extract(dom: &Dom, analysis: &Analysis, write_above: u32) -> Option<String> {
    let info = &analysis.info;
    let n = dom.nodes.len();
    // Blocks by length and link density alone; stop words are counted only
    // in those long enough and free enough of links for them to matter. First
    // the most text that could be kept, so that most pages stop here.
    let alone = |item: &Info| {
        let link_density = f64::from(item.own_link) / f64::from(item.own_text);
        classify(item.own_text, item.own_link, link_density, None)
    };
    let is_paragraph = |item: &Info| item.own_text > 0 && item.flags & (SKIP | BOILER) == 0;
    let most: u64 = info
        .iter()
        .filter(|item| is_paragraph(item) && alone(item) != Class::Bad)
        .map(|item| u64::from(item.own_text))
        .sum();
    if most <= u64::from(write_above) {
        return None;
    }
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut slot = vec![u32::MAX; n];
    for (i, node) in dom.nodes.iter().enumerate() {
        let item = &info[i];
        if node.tag == Tag::Text || !is_paragraph(item) {
            continue;
        }
        let alone = alone(item);
        if matches!(alone, Class::Good | Class::NearGood) {
            slot[i] = paragraphs.len() as u32;
        }
        paragraphs.push(Paragraph {
            node: i as NodeId,
            length: item.own_text,
            heading: node.tag.is_heading(),
            alone,
            class: alone,
        });
    }

    let mut counts = vec![(0u32, 0u32); paragraphs.len()];
    let (mut page_words, mut page_stops) = (0u64, 0u64);
    for (i, node) in dom.nodes.iter().enumerate() {
        let item = &info[i];
        if node.tag != Tag::Text || item.flags & SKIP != 0 || item.block_owner == NONE {
            continue;
        }
        let k = slot[item.block_owner as usize];
        if k == u32::MAX {
            continue;
        }
        let (w, s) = count_words(dom.raw(i as NodeId));
        counts[k as usize].0 += w;
        counts[k as usize].1 += s;
        if item.flags & LINK == 0 {
            page_words += u64::from(w);
            page_stops += u64::from(s);
        }
    }
    let use_stop_words =
        page_words > 0 && page_stops as f64 >= MIN_PAGE_STOPWORDS * page_words as f64;
    if use_stop_words {
        for (p, &(words, stops)) in paragraphs.iter_mut().zip(&counts) {
            if !matches!(p.alone, Class::Good | Class::NearGood) {
                continue;
            }
            let item = &info[p.node as usize];
            let link_density = f64::from(item.own_link) / f64::from(item.own_text);
            let density = f64::from(stops) / f64::from(words.max(1));
            p.alone = classify(item.own_text, item.own_link, link_density, Some(density));
            p.class = p.alone;
        }
    }
    revise(&mut paragraphs);

    let length: u32 = paragraphs
        .iter()
        .filter(|p| p.class == Class::Good)
        .map(|p| p.length)
        .sum();
    if length <= write_above {
        return None;
    }
    let mut good = vec![false; n];
    for p in paragraphs.iter().filter(|p| p.class == Class::Good) {
        good[p.node as usize] = true;
    }
    let mut sink = TextSink::default();
    let mut last_owner = NONE;
    for (i, node) in dom.nodes.iter().enumerate() {
        let item = &info[i];
        if node.tag != Tag::Text || item.flags & SKIP != 0 || item.block_owner == NONE {
            continue;
        }
        if !good[item.block_owner as usize] {
            continue;
        }
        if item.block_owner != last_owner {
            sink.block_break();
            last_owner = item.block_owner;
        }
        sink.push_raw(dom.raw(i as NodeId));
    }
    Some(sink.out)
}

/// jusText's context-free classification of one block.
fn classify(length: u32, link: u32, link_density: f64, stop_density: Option<f64>) -> Class {
    if link_density > MAX_LINK_DENSITY {
        // A listicle item or a summary that links part of its sentence still
        // has words of its own: near-good at best, judged by its neighbours.
        let own_words = length.saturating_sub(link);
        let linked_sentence =
            link_density <= MAX_LINKED_SENTENCE_DENSITY && own_words >= LENGTH_LOW;
        return match stop_density {
            Some(density) if density < STOPWORDS_LOW => Class::Bad,
            _ if linked_sentence => Class::NearGood,
            _ => Class::Bad,
        };
    }
    if length < LENGTH_LOW {
        return if link > 0 { Class::Bad } else { Class::Short };
    }
    let (low, high) = match stop_density {
        Some(density) => (density >= STOPWORDS_LOW, density >= STOPWORDS_HIGH),
        None => (true, true),
    };
    if high {
        if length > LENGTH_HIGH {
            Class::Good
        } else {
            Class::NearGood
        }
    } else if low {
        Class::NearGood
    } else {
        Class::Bad
    }
}

/// jusText's context-sensitive pass: headings before good blocks, short blocks
/// and near-good ones take the class of their neighbours.
fn revise(paragraphs: &mut [Paragraph]) {
    promote_near_good_runs(paragraphs);
    let good_follows = |paragraphs: &[Paragraph], i: usize| {
        let mut distance = 0;
        for p in &paragraphs[i + 1..] {
            if distance > MAX_HEADING_DISTANCE {
                return false;
            }
            if p.class == Class::Good {
                return true;
            }
            distance += p.length;
        }
        false
    };
    for i in 0..paragraphs.len() {
        if paragraphs[i].heading
            && paragraphs[i].class == Class::Short
            && good_follows(paragraphs, i)
        {
            paragraphs[i].class = Class::NearGood;
        }
    }

    let mut short_classes = Vec::new();
    for i in 0..paragraphs.len() {
        if paragraphs[i].class != Class::Short {
            continue;
        }
        let prev = neighbour(paragraphs, i, Direction::Back, true);
        let next = neighbour(paragraphs, i, Direction::Forward, true);
        let class = match (prev, next) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ if (prev == Class::Bad
                && neighbour(paragraphs, i, Direction::Back, false) == Class::NearGood)
                || (next == Class::Bad
                    && neighbour(paragraphs, i, Direction::Forward, false) == Class::NearGood) =>
            {
                Class::Good
            }
            _ => Class::Bad,
        };
        short_classes.push((i, class));
    }
    for (i, class) in short_classes {
        paragraphs[i].class = class;
    }

    for i in 0..paragraphs.len() {
        if paragraphs[i].class != Class::NearGood {
            continue;
        }
        let prev = neighbour(paragraphs, i, Direction::Back, true);
        let next = neighbour(paragraphs, i, Direction::Forward, true);
        paragraphs[i].class = if prev == Class::Bad && next == Class::Bad {
            Class::Bad
        } else {
            Class::Good
        };
    }

    for i in 0..paragraphs.len() {
        if paragraphs[i].heading
            && paragraphs[i].class == Class::Bad
            && paragraphs[i].alone != Class::Bad
            && good_follows(paragraphs, i)
        {
            paragraphs[i].class = Class::Good;
        }
    }
}

/// A text written in short paragraphs has no block long enough to be good and
/// would be lost whole: a run of near-good blocks (short ones between them
/// allowed) that together pass [`NEAR_GOOD_RUN_LENGTH`] is good, and so are
/// all near-good blocks of a page without a good one when together they pass
/// it. This departs from jusText, which needs one good block to anchor its
/// neighbours.
fn promote_near_good_runs(paragraphs: &mut [Paragraph]) {
    let mut start = 0;
    while start < paragraphs.len() {
        let end = paragraphs[start..]
            .iter()
            .position(|p| matches!(p.class, Class::Good | Class::Bad))
            .map_or(paragraphs.len(), |k| start + k);
        let run = &mut paragraphs[start..end];
        let near_good = || run.iter().filter(|p| p.class == Class::NearGood);
        let length: u32 = near_good().map(|p| p.length).sum();
        if near_good().count() >= 3 && length >= NEAR_GOOD_RUN_LENGTH {
            for p in run.iter_mut().filter(|p| p.class == Class::NearGood) {
                p.class = Class::Good;
            }
        }
        start = end + 1;
    }
    // With no good block anywhere nothing anchors the near-good ones: a page
    // of short posts each closed by a share bar. Together they may still be
    // the page's text.
    if paragraphs.iter().all(|p| p.class != Class::Good) {
        let near_good = || paragraphs.iter().filter(|p| p.class == Class::NearGood);
        let length: u32 = near_good().map(|p| p.length).sum();
        if near_good().count() >= 3 && length >= NEAR_GOOD_RUN_LENGTH {
            for p in paragraphs.iter_mut().filter(|p| p.class == Class::NearGood) {
                p.class = Class::Good;
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Back,
    Forward,
}

/// The class of the nearest neighbour that is not short (nor near-good when
/// `skip_near_good`); the page's edges count as bad.
fn neighbour(
    paragraphs: &[Paragraph],
    i: usize,
    direction: Direction,
    skip_near_good: bool,
) -> Class {
    let skipped =
        |p: &Paragraph| p.class == Class::Short || (skip_near_good && p.class == Class::NearGood);
    let found = match direction {
        Direction::Back => paragraphs[..i].iter().rev().find(|p| !skipped(p)),
        Direction::Forward => paragraphs[i + 1..].iter().find(|p| !skipped(p)),
    };
    found.map_or(Class::Bad, |p| p.class)
}

/// Words and stop words in a raw text run. A word is a run of ASCII letters
/// and digits and of any non-ASCII bytes (letters of other alphabets).
fn count_words(raw: &str) -> (u32, u32) {
    let (mut words, mut stops) = (0, 0);
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        words += 1;
        let word = &bytes[start..i];
        let mut lower = [0u8; LONGEST_STOP_WORD];
        if word.len() <= LONGEST_STOP_WORD {
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            if STOP_WORDS
                .binary_search_by(|w| w.as_bytes().cmp(lower))
                .is_ok()
            {
                stops += 1;
            }
        }
    }
    (words, stops)
}

/// Bytes of the longest stop word.
const LONGEST_STOP_WORD: usize = 5;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::content::analyse;

    fn text_of(html: &str) -> String {
        let dom = Dom::parse(html);
        let analysis = analyse(&dom);
        extract(&dom, &analysis, 0).unwrap_or_default()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] <= w[1]),
            "{STOP_WORDS:?}"
        );
    }

    #[test]
    fn counts_stop_words_whatever_their_case() {
        assert_eq!(count_words("The cat sat on the mat."), (6, 3));
        assert_eq!(count_words("Der Hund und die Katze"), (5, 3));
        assert_eq!(count_words("Não é isso, à tarde."), (5, 3));
    }

    const PROSE: &str = "The council said on Monday that the new bridge over the river would \
        open in the spring, and that the old one would be closed to cars when it does. The \
        work had been delayed for two years by a dispute over who would pay for it.";

    #[test]
    fn keeps_prose_spread_over_sibling_boxes_and_leaves_menus_out() {
        let items: String = (1..=5)
            .map(|n| format!("<div class=card><h3>Point {n}</h3><p>{PROSE}</p></div><div class=ad>Advertisement</div>"))
            .collect();
        let html = format!(
            "<body><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul>{items}\
             <div>Sport Weather Travel Culture Business Markets Technology Science Health</div></body>"
        );
        let text = text_of(&html);
        assert_eq!(text.matches("new bridge").count(), 5, "{text}");
        assert!(text.contains("Point 3"), "{text}");
        assert!(!text.contains("Home"), "{text}");
        assert!(!text.contains("Weather"), "{text}");
    }

    #[test]
    fn a_short_line_between_bad_blocks_stays_out() {
        let html = format!(
            "<body><p>{PROSE}</p><p>{PROSE}</p><div><a href=/a>Share this story on every network you like</a></div>\
             <div>Follow us</div><div><a href=/b>Subscribe to the newsletter and more offers</a></div></body>"
        );
        let text = text_of(&html);
        assert!(!text.contains("Follow us"), "{text}");
        assert_eq!(text.matches("new bridge").count(), 2, "{text}");
    }

    #[test]
    fn a_text_written_in_short_paragraphs_is_kept_and_a_lone_one_is_not() {
        let short =
            "The mayor said on Monday that the new bridge over the river would open in the spring.";
        let paragraphs: String = (0..8).map(|_| format!("<p>{short}</p>")).collect();
        let html = format!(
            "<body><div><a href=/a>Home</a> <a href=/b>News</a></div>{paragraphs}\
             <div><a href=/c>Sport</a> <a href=/d>Weather</a></div>\
             <p>All of the rights to this page are reserved by its owner.</p></body>"
        );
        let text = text_of(&html);
        assert_eq!(text.matches("The mayor said").count(), 8, "{text}");
        assert!(!text.contains("rights"), "{text}");
    }

    #[test]
    fn listicle_items_that_link_half_their_sentence_are_kept() {
        let items: String = (1..=5)
            .map(|n| {
                format!(
                    "<li><strong>Company {n} will cut the price of its phones.</strong> The \
                     company said on Monday that it <a href=/s{n}>would cut the prices of all its \
                     phones by a tenth in Europe</a>.</li>"
                )
            })
            .collect();
        let html = format!(
            "<body><div><a href=/a>Home</a> <a href=/b>News</a></div><ol>{items}</ol>\
             <div><a href=/c>Read the most popular story of the week on our site</a> today</div></body>"
        );
        let text = text_of(&html);
        assert_eq!(text.matches("The company said").count(), 5, "{text}");
        assert!(!text.contains("most popular"), "{text}");
    }

    #[test]
    fn short_posts_each_closed_by_a_share_bar_are_kept() {
        let posts: String = (1..=8)
            .map(|n| {
                format!(
                    "<div><time>10:{n:02}</time><h3>Update {n}</h3><p>The speaker said that the \
                     vote on the budget would be held later in the evening.</p>\
                     <div><a href=/f>Facebook</a> <a href=/t>Twitter</a></div></div>"
                )
            })
            .collect();
        let text = text_of(&format!("<body>{posts}</body>"));
        assert_eq!(text.matches("The speaker said").count(), 8, "{text}");
        assert!(!text.contains("Facebook"), "{text}");
    }

    #[test]
    fn a_page_in_another_script_is_judged_without_stop_words() {
        let paragraph = "Совет в понедельник заявил, что новый мост через реку откроется весной, \
            а старый мост закроют для машин, когда это случится. Работы задержались на два года \
            из-за спора о том, кто за них заплатит. Жители просили открыть мост ещё осенью.";
        let html = format!(
            "<body><nav><a href=/>Главная</a></nav><p>{paragraph}</p><p>{paragraph}</p></body>"
        );
        let text = text_of(&html);
        assert_eq!(text.matches("новый мост").count(), 2, "{text}");
        assert!(!text.contains("Главная"), "{text}");
    }

    #[test]
    fn writes_nothing_when_the_text_is_not_longer_than_asked() {
        let html = format!("<body><p>{PROSE}</p></body>");
        let dom = Dom::parse(&html);
        let analysis = analyse(&dom);
        assert!(extract(&dom, &analysis, 10_000).is_none());
        assert!(extract(&dom, &analysis, 100).is_some());
    }
}
