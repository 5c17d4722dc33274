//! Main-content extraction from HTML pages.
//!
//! The page is tokenised and built into a light node tree ([`dom`]), every
//! element is measured for prose, links and boilerplate names ([`content`],
//! [`hints`]), the element holding the article is chosen and written out as
//! paragraphs, and metadata is read from JSON-LD, meta tags and markup
//! ([`meta`]). When an independent classification of every paragraph of the
//! page ([`paragraphs`], after jusText) finds more than twice the text the
//! chosen element holds, the choice was wrong and that text is taken instead. Values given with the document ([`storyline_model::Hints`])
//! always win over what the page says.
//!
//! **Architecture Invariant:** this module does no IO and never panics,
//! whatever the input: malformed, truncated or huge pages yield some article.

mod content;
mod dom;
mod hints;
mod meta;
mod paragraphs;
mod text;

use storyline_model::{
    Article, ArticleId, Limit, LimitApplied, MetaSource, RawDocument, Removed, Sourced,
};

/// Pages are cut to this many bytes: node offsets are `u32`.
const MAX_INPUT_BYTES: usize = 1 << 31;

/// The paragraph classification's text replaces the main region's when it is
/// more than this many times as long (trafilatura's rule for its fallbacks).
const FALLBACK_RATIO: u32 = 2;

/// Extracts the article body and metadata from an HTML page.
pub fn extract_html_article(id: ArticleId, raw: &RawDocument) -> Article {
    let mut cut = raw.content.len().min(MAX_INPUT_BYTES);
    while !raw.content.is_char_boundary(cut) {
        cut -= 1;
    }
    let src = &raw.content[..cut];
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);

    let dom = dom::Dom::parse(src);
    let analysis = content::analyse(&dom);
    let page = meta::read_meta(&dom, analysis.main);

    let given = &raw.hints;
    let mut titles: Vec<String> = Vec::new();
    titles.extend(given.title.iter().cloned());
    titles.extend(page.title.iter().cloned());
    titles.extend(page.h1.iter().cloned());
    let (text, removed) = content::Writer::new(&dom, &analysis, titles).finish();
    // When the chosen region kept much less than an independent paragraph-by-
    // paragraph classification finds, the region was the wrong one: take the other.
    let kept = content::measure(&text).0;
    let fallback = paragraphs::extract(&dom, &analysis, kept.saturating_mul(FALLBACK_RATIO));
    let text = fallback.unwrap_or(text);

    let url = given.url.clone().or(page.url);
    let title = match &given.title {
        Some(t) => Some(Sourced::new(t.clone(), MetaSource::Given)),
        None => page.title.map(|t| Sourced::new(t, MetaSource::HtmlMeta)),
    };
    let outlet = match &given.outlet {
        Some(o) => Some(Sourced::new(o.clone(), MetaSource::Given)),
        None => page.outlet.map(|o| Sourced::new(o, MetaSource::HtmlMeta)),
    };
    let published = match given.published {
        Some(d) => Some(Sourced::new(d, MetaSource::Given)),
        None => page
            .published
            .map(|(d, _)| Sourced::new(d, MetaSource::HtmlMeta))
            .or_else(|| {
                url.as_deref()
                    .and_then(meta::date_from_url)
                    .map(|d| Sourced::new(d, MetaSource::UrlPath))
            }),
    };

    Article {
        id,
        source: raw.source.clone(),
        url,
        outlet,
        title,
        byline: page.byline,
        published,
        modified: page.modified.map(|d| Sourced::new(d, MetaSource::HtmlMeta)),
        language: page.language.map(|l| Sourced::new(l, MetaSource::HtmlMeta)),
        dateline: None,
        text,
        removed: removed
            .into_iter()
            .map(|(_, reason, text)| Removed {
                text,
                reason: reason.as_str().to_string(),
            })
            .collect(),
        limits: match dom.flattened {
            0 => Vec::new(),
            times => vec![LimitApplied {
                limit: Limit::HtmlDepth,
                times,
                first_at: None,
            }],
        },
    }
}

/// Tuning aid: why the main region was chosen, and where `needle` sits.
#[doc(hidden)]
pub fn explain_html(html: &str, needle: &str) -> String {
    let dom = dom::Dom::parse(html);
    let analysis = content::analyse(&dom);
    content::explain(&dom, &analysis, needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use storyline_model::{ContentKind, Hints};

    fn page(html: &str) -> RawDocument {
        RawDocument {
            source: "fixture.html".into(),
            kind: ContentKind::Html,
            content: html.to_string(),
            hints: Hints::default(),
        }
    }

    #[test]
    fn items_split_by_link_strips_are_all_kept_by_the_fallback() {
        let strip: String = (1..=40)
            .map(|n| format!("<a href=/s{n}>Another story headline {n}</a> "))
            .collect();
        let items: String = (1..=5)
            .map(|n| {
                format!(
                    "<div><h2>Item {n}</h2><p>The council of town {n} said on Monday that the new \
                     bridge over the river would open in the spring, and that the old one would \
                     be closed to cars when it does, as the engineers asked. The work had been \
                     delayed for two years by a dispute over who would pay for it.</p></div>\
                     <div>{strip}</div>"
                )
            })
            .collect();
        let html = format!("<html><body>{items}</body></html>");
        let dom = dom::Dom::parse(&html);
        let analysis = content::analyse(&dom);
        let (region, _) = content::Writer::new(&dom, &analysis, Vec::new()).finish();
        assert!(region.matches("council of town").count() < 3, "{region}");

        let article = extract(&html);
        for n in 1..=5 {
            assert!(
                article.text.contains(&format!("council of town {n} said")),
                "{n}: {}",
                article.text
            );
        }
        assert!(
            !article.text.contains("Another story headline"),
            "{}",
            article.text
        );
    }

    #[test]
    fn a_numbered_list_of_linked_news_items_is_kept_by_the_fallback() {
        // The main extraction takes the list for a list of links ("more stories").
        let items: String = (1..=8)
            .map(|n| {
                format!(
                    "<li><strong><a href=/s{n}>Company {n} will cut its phone prices.</a></strong> \
                     The move follows a fall in sales over the summer, analysts at two banks said \
                     on Monday. <a href=/m{n}>Read more.</a></li>"
                )
            })
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/tech>Tech</a></nav>\
             <div><p>Good morning! This is the news you need to know today.</p><ol>{items}</ol></div>\
             <footer><a href=/terms>Terms</a> <a href=/privacy>Privacy</a></footer></body></html>"
        );
        let dom = dom::Dom::parse(&html);
        let analysis = content::analyse(&dom);
        let (region, _) = content::Writer::new(&dom, &analysis, Vec::new()).finish();
        assert!(!region.contains("analysts at two banks"), "{region}");

        let article = extract(&html);
        assert_eq!(
            article.text.matches("analysts at two banks").count(),
            8,
            "{}",
            article.text
        );
        assert!(!article.text.contains("Privacy"), "{}", article.text);
    }

    fn extract(html: &str) -> Article {
        extract_html_article("id".into(), &page(html))
    }

    fn reasons(article: &Article) -> Vec<&str> {
        article.removed.iter().map(|r| r.reason.as_str()).collect()
    }

    const NEWS: &str = include_str!("../../tests/fixtures/html/news-article.html");
    const BLOG: &str = include_str!("../../tests/fixtures/html/blog-post.html");
    const TABLE: &str = include_str!("../../tests/fixtures/html/table-layout.html");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/html/truncated.html");

    #[test]
    fn news_article_body_metadata_and_removed() {
        let a = extract(NEWS);
        assert_eq!(
            a.text,
            "The harbour bridge reopened to traffic on Tuesday morning, two years after engineers \
             closed it when inspectors found corroded cables beneath the main span.\n\n\
             Around 40 cars queued at the southern end before the barriers lifted at 6 a.m., and \
             the first driver across, a delivery worker named Sam Ortiz, said the detour had added \
             “an hour a day, every day” to his rounds.\n\n\
             Cost rose by a third\n\n\
             The repair cost £48 million, a third more than the council first estimated, because \
             the old cable anchors had to be cut out of the bedrock and replaced, the transport \
             committee heard last month.\n\n\
             Councillor Priya Nair, who chairs the committee, said the overrun was \"painful but \
             unavoidable\" and that a review of the original survey would report in the summer.\n\n\
             Cyclists will have a separate lane for the first time, and the speed limit on the span \
             has been cut to 30 mph while the new surface beds in."
        );
        let title = a.title.as_ref().unwrap();
        assert_eq!(title.value, "Harbour bridge reopens after two-year repair");
        assert_eq!(title.from, MetaSource::HtmlMeta);
        assert_eq!(a.outlet_name(), Some("The Coastal Courier"));
        assert_eq!(a.byline.as_deref(), Some("Maria Okafor, Tom Reyes"));
        assert_eq!(a.published_date(), NaiveDate::from_ymd_opt(2023, 4, 18));
        assert_eq!(
            a.url.as_deref(),
            Some("https://courier.example/news/2023/04/18/harbour-bridge-reopens")
        );
        let r = reasons(&a);
        for expected in [
            "cookie-banner",
            "share-bar",
            "caption",
            "newsletter",
            "comments",
            "footer",
        ] {
            assert!(r.contains(&expected), "{expected} missing from {r:?}");
        }
        assert!(a.removed.iter().any(
            |r| r.text.contains("corridor") || r.text.contains("Bridge closure: what we know")
        ));
        assert!(a.removed.iter().all(|r| r.text.chars().count() <= 301));
    }

    #[test]
    fn blog_post_with_br_paragraphs_and_wordpress_classes() {
        let a = extract(BLOG);
        assert!(a.text.starts_with("The late frost took the first sowing"));
        assert!(a
            .text
            .contains("last year.\n\nWhat worked: the comfrey feed"));
        assert!(a.text.contains("love.\nWhat didn't:"));
        assert!(a.text.ends_with("with a cloche over each wigwam."));
        assert!(!a.text.contains("beer traps"), "comments kept: {}", a.text);
        assert!(!a.text.contains("Share this"));
        assert_eq!(a.title.as_ref().unwrap().value, "Notes from the allotment");
        assert_eq!(a.published_date(), NaiveDate::from_ymd_opt(2022, 5, 3));
        let r = reasons(&a);
        assert!(r.contains(&"comments") && r.contains(&"sidebar"), "{r:?}");
    }

    #[test]
    fn table_layout_page() {
        let a = extract(TABLE);
        assert!(a
            .text
            .starts_with("Mill to close in spring\n\nThe paper mill"));
        assert!(a.text.ends_with("delayed until the autumn."));
        assert!(!a.text.contains("Copyright"));
        assert!(!a.text.contains("Letters"));
        assert_eq!(a.published_date(), NaiveDate::from_ymd_opt(2004, 2, 11));
    }

    #[test]
    fn truncated_page_keeps_what_is_there() {
        let a = extract(TRUNCATED);
        assert!(a.text.starts_with("A strike by ferry crews"));
        assert!(a.text.contains("fewer breaks and no extra pay."));
        assert!(a.text.ends_with("on its webs"));
        assert_eq!(a.published, None);
        assert_eq!(
            a.title.unwrap().value,
            "Ferry strike called off at the last minute"
        );
    }

    #[test]
    fn byte_order_mark_is_not_text() {
        let a = extract("\u{feff}<p>A paragraph long enough to be prose, with a comma in it.</p>");
        assert_eq!(
            a.text,
            "A paragraph long enough to be prose, with a comma in it."
        );
    }

    #[test]
    fn given_hints_win_over_the_page() {
        let mut raw = page(NEWS);
        raw.hints = Hints {
            outlet: Some("Wire".into()),
            published: NaiveDate::from_ymd_opt(2020, 1, 2),
            url: Some("https://given.example/x".into()),
            title: Some("Given title".into()),
        };
        let a = extract_html_article("id".into(), &raw);
        assert_eq!(
            a.outlet.unwrap(),
            Sourced::new("Wire".into(), MetaSource::Given)
        );
        assert_eq!(a.title.unwrap().from, MetaSource::Given);
        assert_eq!(a.published.unwrap().from, MetaSource::Given);
        assert_eq!(a.url.as_deref(), Some("https://given.example/x"));
    }

    #[test]
    fn preformatted_lines_and_line_breaks_are_kept() {
        let a = extract(
            "<article><p>The council published the figures on Monday, and they show \
             a clear rise.</p><pre>year  visits\n2021  1,200\n2022  1,850</pre>\
             <p>First line<br>second line<br><br>new paragraph, after two breaks.</p></article>",
        );
        assert_eq!(
            a.text,
            "The council published the figures on Monday, and they show a clear rise.\n\n\
             year visits\n2021 1,200\n2022 1,850\n\n\
             First line\nsecond line\n\nnew paragraph, after two breaks."
        );
    }

    #[test]
    fn date_from_url_path_when_the_page_has_none() {
        let html = "<html><head><link rel=canonical href='https://x.example/2019/06/17/story'>\
                    </head><body><p>Some text that is long enough to count as a paragraph, \
                    with a comma.</p></body></html>";
        let a = extract(html);
        let published = a.published.unwrap();
        assert_eq!(published.from, MetaSource::UrlPath);
        assert_eq!(
            published.value,
            NaiveDate::from_ymd_opt(2019, 6, 17).unwrap()
        );
    }

    /// Every prefix and many mutations of the fixtures extract without panicking
    /// and yield text with no markup and no doubled blank lines.
    #[test]
    fn truncations_and_mutations_of_fixtures() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for html in [NEWS, BLOG, TABLE, TRUNCATED] {
            let cuts = (0..html.len())
                .step_by(37)
                .filter(|&i| html.is_char_boundary(i));
            for cut in cuts {
                let a = extract(&html[..cut]);
                assert!(!a.text.contains("\n\n\n"), "cut at {cut}");
                assert!(!a.text.starts_with(char::is_whitespace));
            }
            let bytes = html.as_bytes();
            for _ in 0..200 {
                let mut mutated = bytes.to_vec();
                for _ in 0..8 {
                    let at = (next() as usize) % mutated.len();
                    let choices = b"<>/\"'=&!- pa";
                    let b = choices[(next() as usize) % choices.len()];
                    mutated[at] = b;
                }
                let text = String::from_utf8_lossy(&mutated).into_owned();
                let a = extract(&text);
                assert!(!a.text.contains("\n\n\n"));
            }
        }
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long_attr = format!("<div class=\"{}\">x</div>", "a ".repeat(100_000));
        let deep = "<div><span>".repeat(50_000) + "text";
        let entities = "&#x110000; &#xD800; &#99999999999999999999; &".repeat(1000);
        for html in [
            "",
            "\u{feff}",
            "<",
            "<html><body></body>",
            "<p>only text",
            "<script type=application/ld+json>{\"@graph\":[[[[[[[[[{}]]]]]]]]]}</script>",
            "<meta property=og:title content>",
            "<a href=x rel=author>",
            &long_attr,
            &deep,
            &entities,
            "<table><tr><td><table><tr><td>x</table></td></tr></table>",
            "<title>unterminated",
            "<!-- <p>x",
            "<p>caf\u{e9} \u{1f600} 中文 <b>ok</b></p>",
        ] {
            let a = extract(html);
            assert!(a.removed.len() <= 48);
        }
    }
}
