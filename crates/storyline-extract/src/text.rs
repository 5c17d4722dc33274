//! Line-level cleaning of plain-text articles and of text taken from HTML.
//!
//! Scraped text carries the page around the article: archive notices, "READ MORE"
//! blocks with the headlines under them, video time codes, photo captions and
//! credits, contributor lines, newsletter prompts, stray inline HTML. Each line is
//! classified on its own shape (never on a list of known sites); what is dropped
//! is kept in [`Removed`] with the reason.

use chrono::NaiveDate;
use storyline_model::{Article, ArticleId, Dateline, MetaSource, RawDocument, Removed, Sourced};

/// The result of cleaning: kept paragraphs and removed lines, plus what the
/// removed lines told us.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cleaned {
    /// Paragraphs of the article body, in order.
    pub paragraphs: Vec<String>,
    /// Lines and fragments removed, in input order.
    pub removed: Vec<Removed>,
    /// A publication date read from a "date 2022-08-18" line.
    pub date_line: Option<NaiveDate>,
    /// A headline taken from the first line.
    pub headline: Option<String>,
    /// A byline taken from a "By ..." line.
    pub byline: Option<String>,
}

/// Cleans a plain-text article into an [`Article`].
pub fn extract_text(id: ArticleId, raw: &RawDocument) -> Article {
    let cleaned = clean(&raw.content, raw.hints.title.is_none());
    build_article(id, raw, cleaned)
}

/// Builds an article from cleaned paragraphs, filling metadata from hints first,
/// then from what the text itself says (date line, dateline, headline).
pub fn build_article(id: ArticleId, raw: &RawDocument, cleaned: Cleaned) -> Article {
    let text = cleaned.paragraphs.join("\n\n");
    let dateline = find_dateline(&text);
    let outlet = raw
        .hints
        .outlet
        .clone()
        .map(|o| Sourced::new(o, MetaSource::Given))
        .or_else(|| outlet_from_dateline(dateline.as_ref()));
    let published = raw
        .hints
        .published
        .map(|d| Sourced::new(d, MetaSource::Given))
        .or_else(|| {
            cleaned
                .date_line
                .map(|d| Sourced::new(d, MetaSource::DateLine))
        });
    let title = raw
        .hints
        .title
        .clone()
        .map(|t| Sourced::new(t, MetaSource::Given))
        .or_else(|| {
            cleaned
                .headline
                .clone()
                .map(|t| Sourced::new(t, MetaSource::HtmlMeta))
        })
        .or_else(|| {
            lede_title(&text, dateline.as_ref()).map(|t| Sourced::new(t, MetaSource::FirstSentence))
        });
    Article {
        id,
        source: raw.source.clone(),
        url: raw.hints.url.clone(),
        outlet,
        title,
        byline: cleaned.byline,
        published,
        modified: None,
        language: None,
        dateline,
        text,
        removed: cleaned.removed,
        limits: Vec::new(),
    }
}

/// What a line is, when it is not article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Body,
    ArchiveNotice,
    ContributorLine,
    Timestamp,
    ReadMoreMarker,
    Caption,
    Promo,
    Copyright,
}

impl LineKind {
    fn reason(self) -> &'static str {
        match self {
            LineKind::Body => "body",
            LineKind::ArchiveNotice => "archive-notice",
            LineKind::ContributorLine => "contributor-line",
            LineKind::Timestamp => "timestamp",
            LineKind::ReadMoreMarker => "read-more",
            LineKind::Caption => "caption",
            LineKind::Promo => "promo",
            LineKind::Copyright => "copyright",
        }
    }
}

/// Cleans `content` into paragraphs. With `take_headline`, a first line shaped
/// like a headline becomes [`Cleaned::headline`] instead of body text.
pub fn clean(content: &str, take_headline: bool) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let without_tags = strip_inline_html(content, &mut cleaned.removed);
    let mut lines: Vec<String> = without_tags
        .lines()
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect();

    if let Some(first) = lines.first_mut() {
        if let Some((date, rest, prefix)) = split_date_line(first) {
            cleaned.date_line = Some(date);
            cleaned.removed.push(Removed {
                text: prefix,
                reason: "date-line".into(),
            });
            *first = rest;
        }
    }
    lines.retain(|l| !l.is_empty());

    let repeated = repeated_lines(&lines);
    let mut in_read_more = false;
    for (index, line) in lines.iter().enumerate() {
        let mut kind = classify(line);
        if kind == LineKind::Body && repeated.contains(line) && is_caption_shaped(line) {
            kind = LineKind::Caption;
        }
        if kind == LineKind::Body && in_read_more && is_headline_shaped(line) {
            kind = LineKind::ReadMoreMarker;
        } else if kind != LineKind::ReadMoreMarker {
            in_read_more = false;
        }
        if kind == LineKind::ReadMoreMarker {
            in_read_more = true;
        }
        if kind == LineKind::Body && index > 0 && is_name_caption(line) && lines.len() > 3 {
            kind = LineKind::Caption;
        }
        if kind == LineKind::Body
            && index == 0
            && take_headline
            && is_headline_shaped(line)
            && lines.len() > 1
        {
            cleaned.headline = Some(line.clone());
            cleaned.removed.push(Removed {
                text: line.clone(),
                reason: "headline".into(),
            });
            continue;
        }
        if kind == LineKind::Body && cleaned.byline.is_none() && index < 3 {
            if let Some(byline) = byline_of(line) {
                cleaned.byline = Some(byline);
                cleaned.removed.push(Removed {
                    text: line.clone(),
                    reason: "byline".into(),
                });
                continue;
            }
        }
        if kind == LineKind::Body {
            cleaned.paragraphs.push(line.clone());
        } else {
            cleaned.removed.push(Removed {
                text: line.clone(),
                reason: kind.reason().into(),
            });
        }
    }
    cleaned
}

fn classify(line: &str) -> LineKind {
    let lower = line.to_lowercase();
    if lower.starts_with("this is an archived article")
        || (lower.contains("archived") && lower.contains("may be outdated"))
    {
        return LineKind::ArchiveNotice;
    }
    if (lower.ends_with("contributed to this story.")
        || lower.ends_with("contributed to this report.")
        || lower.ends_with("contributed reporting.")
        || lower.ends_with("contributed to this article."))
        && line.split_whitespace().count() < 40
    {
        return LineKind::ContributorLine;
    }
    if is_timestamp(line) {
        return LineKind::Timestamp;
    }
    let bare = lower.trim_end_matches([':', '.', ' ']);
    if matches!(
        bare,
        "read more"
            | "read also"
            | "also read"
            | "related"
            | "related stories"
            | "related articles"
            | "see also"
            | "more on this story"
            | "more stories"
            | "recommended"
            | "most read"
            | "watch"
            | "more"
            | "trending"
    ) {
        return LineKind::ReadMoreMarker;
    }
    if ends_with_photo_credit(line) {
        return LineKind::Caption;
    }
    const PROMO_STARTS: &[&str] = &[
        "follow us on",
        "sign up for",
        "subscribe to",
        "click here",
        "share this",
        "advertisement",
        "download our app",
        "get the latest",
        "join our",
        "photo:",
        "photo credit",
        "image:",
        "image credit",
        "credit:",
        "watch:",
    ];
    if PROMO_STARTS.iter().any(|p| lower.starts_with(p)) && line.split_whitespace().count() < 30 {
        return LineKind::Promo;
    }
    if (lower.starts_with("copyright")
        || lower.starts_with('©')
        || lower.contains("all rights reserved"))
        && line.split_whitespace().count() < 25
    {
        return LineKind::Copyright;
    }
    LineKind::Body
}

/// "01:06", "1:02:33", "02:14 min".
fn is_timestamp(line: &str) -> bool {
    let core = line.trim_end_matches(" min").trim();
    let parts: Vec<&str> = core.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A caption credit at the end of a line: "... talks. /Johanna Geron/Reuters",
/// "(Photo: Jane Doe/AFP)", "Photograph: X/Getty Images".
fn ends_with_photo_credit(line: &str) -> bool {
    let trimmed = line.trim_end_matches(')').trim_end();
    if let Some(slash) = trimmed.find(" /") {
        let credit = &trimmed[slash + 2..];
        let parts: Vec<&str> = credit.split('/').collect();
        if parts.len() >= 2
            && parts.iter().all(|p| {
                let words = p.split_whitespace().count();
                (1..=4).contains(&words) && p.trim().chars().next().is_some_and(char::is_uppercase)
            })
        {
            return true;
        }
    }
    let lower = trimmed.to_lowercase();
    ["(photo:", "photograph:", "(image:", "photo by ", "(credit:"]
        .iter()
        .any(|p| lower.contains(p))
        && line.split_whitespace().count() < 40
        && (lower.contains('/') || lower.contains("getty") || lower.contains("images"))
}

/// Short, no sentence-final period: a headline or list item rather than prose.
fn is_headline_shaped(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let last = line.trim_end_matches(['"', '”', '\'', '’']).chars().last();
    (2..=16).contains(&words) && !matches!(last, Some('.' | ',' | ';' | ':'))
}

/// A caption-length line (used for lines that repeat verbatim).
fn is_caption_shaped(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=40).contains(&words)
}

/// Small words that may stand lower-case inside a name or title.
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "and", "de", "van", "von", "der", "al", "bin", "la", "le", "du", "da", "for", "in",
];

/// A standalone line of capitalised words with no verb-like lower-case word and no
/// sentence punctuation: a photo caption naming who is pictured
/// ("Serbian President Aleksandar Vucic").
fn is_name_caption(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=8).contains(&words.len()) {
        return false;
    }
    if line.ends_with(['.', '!', '?', ':', ',', '"', '”']) {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let particles = words.iter().filter(|w| NAME_PARTICLES.contains(w)).count();
    capitalised >= 2 && capitalised + particles == words.len()
}

fn byline_of(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))?;
    let words = rest.split_whitespace().count();
    let looks_like_names = rest.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(w, "and" | "&" | "in" | "|")
    });
    ((2..=12).contains(&words) && looks_like_names && !rest.ends_with('.'))
        .then(|| rest.to_string())
}

fn repeated_lines(lines: &[String]) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    let mut repeated = std::collections::HashSet::new();
    for line in lines {
        if !seen.insert(line.clone()) {
            repeated.insert(line.clone());
        }
    }
    repeated
}

/// Splits a leading "date 2022-08-18" (as some scrapers prepend) off a line.
fn split_date_line(line: &str) -> Option<(NaiveDate, String, String)> {
    let trimmed = line.trim_start();
    let lower = trimmed.get(..5)?.to_ascii_lowercase();
    let after = if lower == "date " || lower == "date:" {
        trimmed[5..].trim_start()
    } else {
        return None;
    };
    let date = NaiveDate::parse_from_str(after.get(..10)?, "%Y-%m-%d").ok()?;
    let prefix_len = trimmed.len() - after.len() + 10;
    let prefix = trimmed[..prefix_len].trim().to_string();
    Some((date, trimmed[prefix_len..].trim().to_string(), prefix))
}

/// Removes inline HTML tags left in scraped text, keeping the words inside them,
/// and decodes the common entities. Each removed tag is recorded.
fn strip_inline_html(content: &str, removed: &mut Vec<Removed>) -> String {
    if !content.contains('<') && !content.contains('&') {
        return content.replace("\r\n", "\n");
    }
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let tag_len = tag_length(after);
        match tag_len {
            Some(len) => {
                let tag = &after[..len];
                let name = tag_name(tag);
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4"
                ) {
                    out.push('\n');
                }
                if !tag.starts_with("</") {
                    removed.push(Removed {
                        text: tag.to_string(),
                        reason: "inline-html".into(),
                    });
                }
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out).replace("\r\n", "\n")
}

/// Length of the tag starting at `s[0] == '<'`, if it looks like one.
fn tag_length(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let next = *bytes.get(1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
        return None;
    }
    let end = s[1..].find(['>', '<', '\n'])? + 1;
    (bytes[end] == b'>').then_some(end + 1)
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Decodes the HTML entities scraped text commonly carries.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        // An entity is short: look for its `;` in the next dozen bytes, cut
        // back to a character boundary (the text may go on in any script).
        let mut window = after.len().min(12);
        while !after.is_char_boundary(window) {
            window -= 1;
        }
        let semi = after[..window].find(';');
        let decoded = semi.and_then(|semi| entity(&after[1..semi]).map(|c| (c, semi + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

fn collapse_whitespace(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds a wire dateline opening the text: "BRUSSELS (AP) —", "LONDON, March 3 (Reuters) -".
pub fn find_dateline(text: &str) -> Option<Dateline> {
    let dash = text
        .get(..120)
        .unwrap_or(text)
        .char_indices()
        .find(|(_, c)| matches!(c, '—' | '–'))
        .map(|(i, c)| (i, c.len_utf8()))
        .or_else(|| {
            text.get(..120)
                .and_then(|h| h.find(" - "))
                .map(|i| (i + 1, 1))
        })?;
    let head = text[..dash.0].trim_end();
    let (place_part, agency) = match head.rfind('(') {
        Some(open) if head.ends_with(')') => (
            head[..open].trim_end(),
            Some(head[open + 1..head.len() - 1].to_string()),
        ),
        _ => (head, None),
    };
    let place = place_part.split(',').next().unwrap_or(place_part).trim();
    let is_upper_place = !place.is_empty()
        && place.split_whitespace().count() <= 4
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'');
    if !is_upper_place {
        return None;
    }
    let mut end = dash.0 + dash.1;
    if text[end..].starts_with(' ') {
        end += 1;
    }
    Some(Dateline {
        place: place.to_string(),
        agency: agency.filter(|a| a.len() <= 20),
        start: 0,
        end,
    })
}

/// The outlet a dateline's wire credit names ("(AP)" is the Associated Press).
fn outlet_from_dateline(dateline: Option<&Dateline>) -> Option<Sourced<String>> {
    let agency = dateline?.agency.as_deref()?;
    Some(Sourced::new(
        agency_name(agency).to_string(),
        MetaSource::Dateline,
    ))
}

/// Fills an article's dateline from its text when missing, and its outlet from
/// the dateline's wire credit when no other source named one.
pub fn apply_dateline(article: &mut Article) {
    if article.dateline.is_none() {
        article.dateline = find_dateline(&article.text);
    }
    if article.outlet.is_none() {
        article.outlet = outlet_from_dateline(article.dateline.as_ref());
    }
}

/// The outlet behind a wire credit in a dateline.
fn agency_name(credit: &str) -> &str {
    match credit {
        "AP" => "Associated Press",
        "AFP" => "Agence France-Presse",
        "Reuters" => "Reuters",
        "UPI" => "United Press International",
        "dpa" => "Deutsche Presse-Agentur",
        "PA" => "PA Media",
        other => other,
    }
}

/// A title made from the first sentence when no headline is known.
fn lede_title(text: &str, dateline: Option<&Dateline>) -> Option<String> {
    let body = &text[dateline.map_or(0, |d| d.end)..];
    let first_line = body.lines().next()?.trim();
    let words: Vec<&str> = first_line.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut title = String::new();
    for word in words.iter().take(14) {
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
        if word.ends_with('.') && word.len() > 3 {
            break;
        }
    }
    let title = title.trim_end_matches([',', ';', ':', '.']).to_string();
    Some(if words.len() > 14 && !title.ends_with('.') {
        format!("{title} …")
    } else {
        title
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ampersand_before_multibyte_text_does_not_split_a_character() {
        assert_eq!(decode_entities("&lt;&lt; “Yes”"), "<< “Yes”");
        assert_eq!(decode_entities("R&D “plan”"), "R&D “plan”");
    }

    fn removed_reasons(cleaned: &Cleaned) -> Vec<(&str, &str)> {
        cleaned
            .removed
            .iter()
            .map(|r| (r.reason.as_str(), r.text.as_str()))
            .collect()
    }

    #[test]
    fn scraped_noise_lines_are_removed_with_reasons() {
        let input = "\
This is an archived article and the information in the article may be outdated.

02:14
LISBON (HW) — Dock workers walked out on Monday, halting the port.
READ MORE
Ten recipes for a rainy weekend
Why the river is rising?
The union said about 3,000 workers joined the strike.
Union leader Tomas Reyes at the gate. /Ana Petrov/Harbour Wire
Union leader Tomas Reyes at the gate. /Ana Petrov/Harbour Wire
Port Authority Chief Executive Lena Marsh
Talks are expected to resume on Thursday, officials said.
Follow us on Twitter for more updates
Jane Doe in Porto contributed to this story.";
        let cleaned = clean(input, false);
        assert_eq!(
            cleaned.paragraphs,
            [
                "LISBON (HW) — Dock workers walked out on Monday, halting the port.",
                "The union said about 3,000 workers joined the strike.",
                "Talks are expected to resume on Thursday, officials said.",
            ]
        );
        assert_eq!(
            removed_reasons(&cleaned),
            [
                ("archive-notice", "This is an archived article and the information in the article may be outdated."),
                ("timestamp", "02:14"),
                ("read-more", "READ MORE"),
                ("read-more", "Ten recipes for a rainy weekend"),
                ("read-more", "Why the river is rising?"),
                ("caption", "Union leader Tomas Reyes at the gate. /Ana Petrov/Harbour Wire"),
                ("caption", "Union leader Tomas Reyes at the gate. /Ana Petrov/Harbour Wire"),
                ("caption", "Port Authority Chief Executive Lena Marsh"),
                ("promo", "Follow us on Twitter for more updates"),
                ("contributor-line", "Jane Doe in Porto contributed to this story."),
            ]
        );
    }

    #[test]
    fn inline_html_is_stripped_keeping_its_words() {
        let input = r#"Talks between <a href="https://example.org/tags/a" target="_blank">Avalon </a>and the rebels stalled over rules on<a href="https://example.org/x"> fishing quotas, </a>officials said &amp; left."#;
        let cleaned = clean(input, false);
        assert_eq!(
            cleaned.paragraphs,
            ["Talks between Avalon and the rebels stalled over rules on fishing quotas, officials said & left."]
        );
        assert_eq!(cleaned.removed.len(), 2);
        assert!(cleaned.removed.iter().all(|r| r.reason == "inline-html"));
    }

    #[test]
    fn leading_date_line_sets_the_date_and_leaves_the_dateline() {
        let cleaned = clean(
            " date 2025-03-14 PORTO (HW) — The strike spread on Friday.",
            false,
        );
        assert_eq!(cleaned.date_line, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(
            cleaned.paragraphs,
            ["PORTO (HW) — The strike spread on Friday."]
        );
        let dateline = find_dateline(&cleaned.paragraphs[0]).unwrap();
        assert_eq!(dateline.place, "PORTO");
        assert_eq!(dateline.agency.as_deref(), Some("HW"));
        assert_eq!(
            &cleaned.paragraphs[0][dateline.end..],
            "The strike spread on Friday."
        );
    }

    #[test]
    fn a_caption_phrase_inside_a_sentence_stays() {
        let input = "Port Authority Chief Executive Lena Marsh said the port would reopen.\nShe spoke at noon.\nMore talks followed.\nNothing changed.";
        let cleaned = clean(input, false);
        assert_eq!(cleaned.paragraphs.len(), 4);
        assert!(cleaned.removed.is_empty());
    }

    #[test]
    fn headline_and_byline_are_taken_when_asked() {
        let input = "Strike halts port for a second day\nBy Jane Doe and Ravi Shah\nDock workers stayed out on Tuesday.";
        let cleaned = clean(input, true);
        assert_eq!(
            cleaned.headline.as_deref(),
            Some("Strike halts port for a second day")
        );
        assert_eq!(cleaned.byline.as_deref(), Some("Jane Doe and Ravi Shah"));
        assert_eq!(cleaned.paragraphs, ["Dock workers stayed out on Tuesday."]);
    }

    #[test]
    fn timestamps_are_recognised_strictly() {
        assert!(is_timestamp("01:06"));
        assert!(is_timestamp("1:02:33"));
        assert!(!is_timestamp("10:30 a.m. talks"));
        assert!(!is_timestamp("2022"));
    }
}
