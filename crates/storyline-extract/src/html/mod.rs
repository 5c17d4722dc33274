//! Main-content extraction from HTML pages.
//!
//! The page is tokenised and built into a light node tree ([`dom`]), every
//! element is measured for prose, links and boilerplate names ([`content`],
//! [`hints`]), the element holding the article is chosen and written out as
//! paragraphs, and metadata is read from JSON-LD, meta tags and markup
//! ([`meta`]). Values given with the document ([`storyline_model::Hints`])
//! always win over what the page says.
//!
//! **Architecture Invariant:** this module does no IO and never panics,
//! whatever the input: malformed, truncated or huge pages yield some article.

mod content;
mod dom;
mod hints;
mod meta;
mod text;

use storyline_model::{Article, ArticleId, MetaSource, RawDocument, Removed, Sourced};

/// Pages are cut to this many bytes: node offsets are `u32`.
const MAX_INPUT_BYTES: usize = 1 << 31;

/// Extracts the article body and metadata from an HTML page.
pub fn extract_html_article(id: ArticleId, raw: &RawDocument) -> Article {
    let mut cut = raw.content.len().min(MAX_INPUT_BYTES);
    while !raw.content.is_char_boundary(cut) {
        cut -= 1;
    }
    let src = &raw.content[..cut];

    let dom = dom::Dom::parse(src);
    let analysis = content::analyse(&dom);
    let page = meta::read_meta(&dom, analysis.main);

    let given = &raw.hints;
    let mut titles: Vec<String> = Vec::new();
    titles.extend(given.title.iter().cloned());
    titles.extend(page.title.iter().cloned());
    titles.extend(page.h1.iter().cloned());
    let (text, removed) = content::Writer::new(&dom, &analysis, titles).finish();

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
        dateline: None,
        text,
        removed: removed
            .into_iter()
            .map(|(_, reason, text)| Removed {
                text,
                reason: reason.as_str().to_string(),
            })
            .collect(),
    }
}

/// Tuning aid: why the main region was chosen, and where `needle` sits.
#[doc(hidden)]
pub fn explain_html(html: &str, needle: &str) -> String {
    let dom = dom::Dom::parse(html);
    let analysis = content::analyse(&dom);
    content::explain(&dom, &analysis, needle)
}
