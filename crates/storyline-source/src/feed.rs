//! RSS and Atom feeds (parsed with feed-rs): entries with their links, dates,
//! titles, summaries and content.
//!
//! An entry that carries the article (RSS `content:encoded`, Atom `content`, or
//! a description long enough to be the whole story) becomes a document at once,
//! its HTML going through the usual HTML path. An entry with only a short summary
//! does not: summaries are teasers of a sentence or two, and storing them would
//! put fragments beside the real articles once those are downloaded. Such an
//! entry gets a diagnostic pointing to `storyline fetch`, which downloads the page
//! it links to (the `storyline-fetch` crate uses [`parse_feed`] for that).

use chrono::NaiveDate;
use storyline_model::{ContentKind, Hints, RawDocument};

use crate::{Loaded, SourceError};

/// A description with at least this many words is taken as the whole article.
pub const FULL_TEXT_WORDS: usize = 150;

/// A parsed feed: who publishes it and its entries.
#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    /// The feed's title.
    pub title: Option<String>,
    /// The feed's home page (its first `alternate` link).
    pub link: Option<String>,
    /// The outlet: the feed title, else the host of its home page.
    pub outlet: Option<String>,
    /// Entries in feed order.
    pub entries: Vec<FeedEntry>,
}

/// One feed entry.
#[derive(Debug, Clone, Default)]
pub struct FeedEntry {
    /// 1-based position in the feed.
    pub number: usize,
    /// The entry's title.
    pub title: Option<String>,
    /// The linked page.
    pub link: Option<String>,
    /// Publication date (else the date it was last updated).
    pub published: Option<NaiveDate>,
    /// Full content, as HTML (or plain text when `content_is_html` is false).
    pub content: Option<String>,
    /// Whether `content` is HTML.
    pub content_is_html: bool,
    /// The summary or description.
    pub summary: Option<String>,
}

impl FeedEntry {
    /// The article body the entry carries, if any: its content, or a summary
    /// long enough to be the article ([`FULL_TEXT_WORDS`]).
    pub fn body(&self) -> Option<&str> {
        self.content.as_deref().or_else(|| {
            self.summary
                .as_deref()
                .filter(|s| visible_words(s) >= FULL_TEXT_WORDS)
        })
    }

    /// Hints for the entry's document, with `outlet` from the feed.
    pub fn hints(&self, outlet: Option<&str>) -> Hints {
        Hints {
            outlet: outlet.map(String::from),
            published: self.published,
            url: self.link.clone(),
            title: self.title.clone(),
        }
    }

    /// The entry as a document (HTML wrapped in a minimal page so the HTML path
    /// finds it), or `None` when it carries no article body.
    pub fn to_document(&self, source: String, outlet: Option<&str>) -> Option<RawDocument> {
        let body = self.body()?;
        let is_html = if self.content.is_some() {
            self.content_is_html
        } else {
            body.contains('<')
        };
        let (kind, content) = if is_html {
            (ContentKind::Html, self.as_page(body))
        } else {
            (ContentKind::Text, body.to_string())
        };
        Some(RawDocument {
            source,
            kind,
            content,
            hints: self.hints(outlet),
        })
    }

    /// A minimal HTML page around an entry's HTML body.
    pub fn as_page(&self, body: &str) -> String {
        let title = escape(self.title.as_deref().unwrap_or(""));
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><article>\n<h1>{title}</h1>\n{body}\n</article></body></html>\n"
        )
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Words outside tags, roughly: enough to tell a teaser from an article.
fn visible_words(html: &str) -> usize {
    let mut words = 0;
    let mut in_tag = false;
    let mut in_word = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                in_word = false;
            }
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => in_word = false,
            _ => {
                if !in_word {
                    words += 1;
                }
                in_word = true;
            }
        }
    }
    words
}

/// Parses an RSS (0.9x, 1.0, 2.0), Atom or JSON feed. `base_url` resolves
/// relative links (the URL the feed was fetched from).
pub fn parse_feed(bytes: &[u8], base_url: Option<&str>) -> Result<ParsedFeed, SourceError> {
    let parser = feed_rs::parser::Builder::new().base_uri(base_url).build();
    let feed = parser
        .parse(bytes)
        .map_err(|error| SourceError::Feed(error.to_string()))?;
    let title = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone());
    let outlet = title
        .clone()
        .or_else(|| link.as_deref().and_then(host_name));
    let entries = feed
        .entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .filter(|b| !b.trim().is_empty());
            let content_is_html = entry.content.as_ref().is_some_and(|c| {
                let media = c.content_type.to_string();
                media.contains("html") || content.as_deref().is_some_and(|b| b.contains('<'))
            });
            FeedEntry {
                number: index + 1,
                title: entry
                    .title
                    .as_ref()
                    .map(|t| t.content.trim().to_string())
                    .filter(|t| !t.is_empty()),
                link: entry
                    .links
                    .iter()
                    .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                    .or_else(|| entry.links.first())
                    .map(|l| l.href.clone()),
                published: entry.published.or(entry.updated).map(|d| d.date_naive()),
                content,
                content_is_html,
                summary: entry
                    .summary
                    .as_ref()
                    .map(|s| s.content.trim().to_string())
                    .filter(|s| !s.is_empty()),
            }
        })
        .collect();
    Ok(ParsedFeed {
        title,
        link,
        outlet,
        entries,
    })
}

/// The host of `url` without a leading `www.`.
fn host_name(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Reads a feed file: entries with a body become documents named `source#entry-N`;
/// entries with only a summary, or nothing, get a diagnostic. Manifest `defaults`
/// fill what the feed leaves out.
pub(crate) fn read_feed(source: &str, bytes: &[u8], defaults: &Hints, loaded: &mut Loaded) {
    let feed = match parse_feed(bytes, defaults.url.as_deref()) {
        Ok(feed) => feed,
        Err(error) => return loaded.problem(source, error),
    };
    if feed.entries.is_empty() {
        return loaded.problem(source, "feed has no entries");
    }
    let outlet = feed.outlet.as_deref().or(defaults.outlet.as_deref());
    for entry in &feed.entries {
        let entry_source = format!("{source}#entry-{}", entry.number);
        let name = entry
            .title
            .as_deref()
            .or(entry.link.as_deref())
            .unwrap_or("(untitled)");
        match entry.to_document(entry_source.clone(), outlet) {
            Some(doc) => loaded.docs.push(doc),
            None if entry.summary.is_some() && entry.link.is_some() => loaded.problem(
                entry_source,
                format!(
                    "entry {name:?} has only a summary; run `storyline fetch` to download the page"
                ),
            ),
            None if entry.summary.is_some() => loaded.problem(
                entry_source,
                format!("entry {name:?} has only a summary and no link to the article"),
            ),
            None => loaded.problem(
                entry_source,
                format!("entry {name:?} has no content and no summary"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valdoria Herald</title>
  <link>https://herald.example/</link>
  <item>
    <title>Bridge reopens after repairs</title>
    <link>/news/bridge</link>
    <pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The Kessel bridge reopened on Monday after six weeks of repairs.</p>]]></content:encoded>
  </item>
  <item>
    <title>Council votes on budget</title>
    <link>https://herald.example/news/budget</link>
    <pubDate>Wed, 06 Mar 2024 09:30:00 GMT</pubDate>
    <description>The council voted.</description>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss_entries_carry_links_dates_titles_and_content() {
        let feed = parse_feed(RSS.as_bytes(), Some("https://herald.example/feed.xml")).unwrap();
        assert_eq!(feed.outlet.as_deref(), Some("Valdoria Herald"));
        let first = &feed.entries[0];
        assert_eq!(
            first.link.as_deref(),
            Some("https://herald.example/news/bridge")
        );
        assert_eq!(first.published, NaiveDate::from_ymd_opt(2024, 3, 5));
        assert!(first.body().unwrap().contains("Kessel bridge"));
        assert!(feed.entries[1].body().is_none());
    }

    #[test]
    fn entries_with_content_load_and_summaries_point_to_fetch() {
        let mut loaded = Loaded::default();
        read_feed("herald.xml", RSS.as_bytes(), &Hints::default(), &mut loaded);
        assert_eq!(loaded.docs.len(), 1);
        let doc = &loaded.docs[0];
        assert_eq!(doc.source, "herald.xml#entry-1");
        assert_eq!(doc.kind, ContentKind::Html);
        assert_eq!(
            doc.hints.title.as_deref(),
            Some("Bridge reopens after repairs")
        );
        assert_eq!(doc.hints.outlet.as_deref(), Some("Valdoria Herald"));
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].source, "herald.xml#entry-2");
        assert_eq!(
            loaded.diagnostics[0].message,
            "entry \"Council votes on budget\" has only a summary; run `storyline fetch` to download the page"
        );
    }

    #[test]
    fn a_long_description_is_the_article() {
        let words = "word ".repeat(FULL_TEXT_WORDS);
        let entry = FeedEntry {
            summary: Some(format!("<p>{words}</p>")),
            ..FeedEntry::default()
        };
        assert!(entry.body().is_some());
    }

    #[test]
    fn broken_feeds_are_diagnosed() {
        let mut loaded = Loaded::default();
        read_feed(
            "bad.xml",
            b"<rss><channel><item>",
            &Hints::default(),
            &mut loaded,
        );
        read_feed(
            "html.xml",
            b"<html><body>not a feed</body></html>",
            &Hints::default(),
            &mut loaded,
        );
        assert_eq!(loaded.diagnostics.len(), 2, "{:?}", loaded.diagnostics);
        assert!(loaded.docs.is_empty());
    }

    #[test]
    fn hosts_are_named_without_www() {
        assert_eq!(
            host_name("https://www.Herald.example:8080/x").as_deref(),
            Some("herald.example")
        );
    }
}
