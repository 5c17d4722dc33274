//! Page metadata: title, outlet, byline, publication and modification dates,
//! language and canonical URL.
//!
//! Sources are tried from the most to the least deliberate: JSON-LD, then
//! Open Graph and other `<meta>` tags, then visible markup (`<title>`, `<h1>`,
//! `rel=author`, `<time>`), then the URL path.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::dom::{Dom, NodeId, Tag, NONE};
use super::text::clean_text;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageMeta {
    /// Headline.
    pub title: Option<String>,
    /// Site or publisher name.
    pub outlet: Option<String>,
    /// Authors, comma-separated.
    pub byline: Option<String>,
    /// Publication date, and whether it came from the URL path.
    pub published: Option<(NaiveDate, bool)>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Last modification date.
    pub modified: Option<NaiveDate>,
    /// Language tag (`en`, `en-GB`).
    pub language: Option<String>,
    /// The first `<h1>` text, used to drop a repeated headline from the body.
    pub h1: Option<String>,
}

/// Values gathered in one pass over the tree, before choosing among them.
#[derive(Default)]
struct Found {
    ld_title: Option<String>,
    ld_outlet: Option<String>,
    ld_author: Option<String>,
    ld_date: Option<NaiveDate>,
    ld_url: Option<String>,
    og_title: Option<String>,
    og_site: Option<String>,
    og_url: Option<String>,
    meta_author: Option<String>,
    meta_date: Option<NaiveDate>,
    meta_title: Option<String>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    rel_author: Option<String>,
    time_date: Option<NaiveDate>,
    itemprop_date: Option<NaiveDate>,
    any_time_date: Option<NaiveDate>,
    application_name: Option<String>,
    ld_modified: Option<NaiveDate>,
    meta_modified: Option<NaiveDate>,
    html_lang: Option<String>,
    meta_language: Option<String>,
}

/// Normalises a language tag: `en_GB` and `EN-gb` become `en-GB`; junk is refused.
fn language_tag(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', "-");
    let mut parts = raw.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    match parts.next() {
        Some(region) if region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some(format!("{primary}-{}", region.to_ascii_uppercase()))
        }
        _ => Some(primary),
    }
}

/// Reads the metadata of a parsed page.
pub(crate) fn read_meta(dom: &Dom, main: NodeId) -> PageMeta {
    let mut found = Found::default();
    // `<time>` counts inside the article that holds the main text, or near it.
    let time_scope = article_scope(dom, main);
    let author_finder = memchr::memmem::Finder::new(b"author");
    let date_published = memchr::memmem::Finder::new(b"datePublished");
    for (i, node) in dom.nodes.iter().enumerate() {
        let id = i as NodeId;
        match node.tag {
            Tag::Meta => read_meta_tag(dom, id, &mut found),
            Tag::Html if found.html_lang.is_none() => {
                found.html_lang = dom.attr(id, "lang").and_then(language_tag);
            }
            Tag::Link if found.canonical.is_none() => {
                let rel = dom.attr(id, "rel").unwrap_or("");
                if rel.eq_ignore_ascii_case("canonical") {
                    found.canonical = dom.attr(id, "href").map(clean_text);
                }
            }
            Tag::Script if node.first_child != NONE => {
                let ty = dom.attr(id, "type").unwrap_or("");
                if ty.trim().eq_ignore_ascii_case("application/ld+json") {
                    read_json_ld(dom.raw(node.first_child), &mut found);
                }
            }
            Tag::Title if found.title_tag.is_none() && node.first_child != NONE => {
                found.title_tag = Some(clean_text(dom.raw(node.first_child)));
            }
            Tag::H1 if found.h1.is_none() => {
                let t = inner_text(dom, id, 400);
                if !t.is_empty() {
                    found.h1 = Some(t);
                }
            }
            Tag::A
                if found.rel_author.is_none()
                    && author_finder.find(dom.raw(id).as_bytes()).is_some()
                    && dom.attr(id, "rel") == Some("author") =>
            {
                let t = inner_text(dom, id, 200);
                if !t.is_empty() && t.len() < 100 {
                    found.rel_author = Some(t);
                }
            }
            Tag::Time if found.time_date.is_none() => {
                let date = dom
                    .attr(id, "datetime")
                    .and_then(metadata_date)
                    .or_else(|| storyline_model::parse_date(&inner_text(dom, id, 100)));
                if is_inside(dom, id, time_scope) {
                    found.time_date = date;
                } else if found.any_time_date.is_none() {
                    found.any_time_date = date;
                }
            }
            _ => {}
        }
        // Microdata outside <meta>: <span itemprop="datePublished" content="...">.
        if found.itemprop_date.is_none()
            && node.tag != Tag::Text
            && node.tag != Tag::Meta
            && date_published.find(dom.raw(id).as_bytes()).is_some()
            && dom.attr(id, "itemprop") == Some("datePublished")
        {
            found.itemprop_date = dom
                .attr(id, "content")
                .or_else(|| dom.attr(id, "datetime"))
                .and_then(metadata_date);
        }
    }
    if found.rel_author.is_none() {
        found.rel_author = byline_by_class(dom);
    }

    let outlet = found
        .og_site
        .or(found.ld_outlet)
        .or(found.application_name)
        .filter(|t| !t.is_empty());
    let site = outlet.as_deref();
    // The JSON-LD headline is the editorial one; og:title is often reworded
    // for social media.
    let title = found
        .ld_title
        .map(|t| strip_outlet_suffix(&t, site))
        .or_else(|| found.og_title.map(|t| strip_outlet_suffix(&t, site)))
        .or(found.meta_title)
        .or_else(|| found.title_tag.as_deref().map(strip_site_suffix))
        .or(found.h1.clone())
        .filter(|t| !t.is_empty());
    let byline = found
        .ld_author
        .or(found.meta_author)
        .or(found.rel_author)
        .filter(|t| plausible_byline(t));
    let published = found
        .ld_date
        .or(found.meta_date)
        .or(found.itemprop_date)
        .or(found.time_date)
        .or(found.any_time_date)
        .map(|d| (d, false));
    let url = found
        .canonical
        .or(found.og_url)
        .or(found.ld_url)
        .filter(|u| u.starts_with("http"));
    PageMeta {
        title,
        outlet,
        byline,
        published,
        url,
        modified: found.ld_modified.or(found.meta_modified),
        language: found.html_lang.or(found.meta_language),
        h1: found.h1,
    }
}

/// The nearest `<article>` holding `main`, else its grandparent.
fn article_scope(dom: &Dom, main: NodeId) -> NodeId {
    let mut id = main;
    while id != NONE {
        if dom.node(id).tag == Tag::Article {
            return id;
        }
        id = dom.node(id).parent;
    }
    let parent = dom.node(main).parent;
    if parent == NONE {
        return main;
    }
    let grandparent = dom.node(parent).parent;
    if grandparent == NONE {
        parent
    } else {
        grandparent
    }
}

fn is_inside(dom: &Dom, mut id: NodeId, ancestor: NodeId) -> bool {
    while id != NONE {
        if id == ancestor {
            return true;
        }
        id = dom.node(id).parent;
    }
    false
}

fn inner_text(dom: &Dom, id: NodeId, limit: usize) -> String {
    let mut sink = super::text::TextSink::default();
    dom.text_of(id, &mut sink, limit);
    sink.out
}

fn read_meta_tag(dom: &Dom, id: NodeId, found: &mut Found) {
    let key = dom
        .attr(id, "property")
        .or_else(|| dom.attr(id, "name"))
        .or_else(|| dom.attr(id, "itemprop"))
        .or_else(|| dom.attr(id, "http-equiv"));
    let (Some(key), Some(content)) = (key, dom.attr(id, "content")) else {
        return;
    };
    let key = key.trim().to_ascii_lowercase();
    let set = |slot: &mut Option<String>| {
        if slot.is_none() {
            let v = clean_text(content);
            if !v.is_empty() {
                *slot = Some(v);
            }
        }
    };
    match key.as_str() {
        "og:title" | "twitter:title" => set(&mut found.og_title),
        "headline" | "dc.title" | "title" | "sailthru.title" => set(&mut found.meta_title),
        "og:site_name" => set(&mut found.og_site),
        "application-name" => set(&mut found.application_name),
        "og:url" => set(&mut found.og_url),
        "author" | "article:author" | "dc.creator" | "byl" | "sailthru.author"
        | "parsely-author" | "cxenseparse:author"
            if !content.trim_start().starts_with("http") =>
        {
            set(&mut found.meta_author)
        }
        "article:published_time"
        | "datepublished"
        | "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.date"
        | "dcterms.created"
        | "og:published_time"
        | "sailthru.date"
        | "parsely-pub-date"
        | "article.published"
        | "published-date"
        | "release_date"
        | "original-publish-date"
            if found.meta_date.is_none() =>
        {
            found.meta_date = metadata_date(content);
        }
        "article:modified_time"
        | "og:updated_time"
        | "datemodified"
        | "last-modified"
        | "dcterms.modified"
        | "dc.date.modified"
            if found.meta_modified.is_none() =>
        {
            found.meta_modified = metadata_date(content);
        }
        "og:locale" | "content-language" | "language" | "dc.language"
            if found.meta_language.is_none() =>
        {
            found.meta_language = language_tag(content);
        }
        _ => {}
    }
}

/// Reads the first article-like object of a JSON-LD block.
fn read_json_ld(raw: &str, found: &mut Found) {
    let raw = raw.trim();
    let raw = raw
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .unwrap_or(raw);
    let raw = raw
        .strip_prefix("//<![CDATA[")
        .and_then(|r| r.strip_suffix("//]]>"))
        .unwrap_or(raw);
    let Ok(value) = serde_json::from_str::<Value>(raw) else {
        return;
    };
    let mut objects = Vec::new();
    collect_objects(&value, &mut objects, 0);
    for obj in objects {
        let types = type_names(obj);
        let is_article = types.iter().any(|t| {
            t.ends_with("Article")
                || t.ends_with("Posting")
                || matches!(t.as_str(), "Report" | "Review" | "LiveBlogPosting")
        });
        if is_article {
            if found.ld_title.is_none() {
                found.ld_title =
                    string_field(obj, "headline").or_else(|| string_field(obj, "name"));
            }
            if found.ld_date.is_none() {
                found.ld_date = string_field(obj, "datePublished")
                    .or_else(|| string_field(obj, "dateCreated"))
                    .and_then(|d| metadata_date(&d));
            }
            if found.ld_modified.is_none() {
                found.ld_modified =
                    string_field(obj, "dateModified").and_then(|d| metadata_date(&d));
            }
            if found.ld_author.is_none() {
                found.ld_author = obj.get("author").and_then(person_names);
            }
            if found.ld_outlet.is_none() {
                found.ld_outlet = obj
                    .get("publisher")
                    .and_then(|p| first(p).get("name"))
                    .and_then(Value::as_str)
                    .map(clean_text);
            }
            if found.ld_url.is_none() {
                found.ld_url = string_field(obj, "url").or_else(|| {
                    obj.get("mainEntityOfPage").and_then(|m| {
                        m.as_str()
                            .map(str::to_string)
                            .or_else(|| string_field(m, "@id"))
                    })
                });
            }
        } else if found.ld_outlet.is_none()
            && types
                .iter()
                .any(|t| matches!(t.as_str(), "NewsMediaOrganization" | "WebSite"))
        {
            found.ld_outlet = string_field(obj, "name");
        }
    }
}

fn first(v: &Value) -> &Value {
    match v {
        Value::Array(items) => items.first().unwrap_or(v),
        _ => v,
    }
}

fn collect_objects<'v>(v: &'v Value, out: &mut Vec<&'v Value>, depth: usize) {
    if depth > 4 || out.len() > 64 {
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_names(obj: &Value) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn string_field(obj: &Value, key: &str) -> Option<String> {
    let s = obj.get(key)?.as_str()?;
    let s = clean_text(s);
    (!s.is_empty()).then_some(s)
}

fn person_names(v: &Value) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |n: &Value| {
        let name = match n {
            Value::String(s) => Some(s.as_str()),
            Value::Object(_) => n.get("name").and_then(Value::as_str),
            _ => None,
        };
        if let Some(name) = name {
            let name = clean_text(name);
            if !name.is_empty() && !name.starts_with("http") && !names.contains(&name) {
                names.push(name);
            }
        }
    };
    match v {
        Value::Array(items) => items.iter().take(8).for_each(&mut push),
        other => push(other),
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// Rejects URLs and user names ("admin", "jdoe2019") given as authors.
fn plausible_byline(t: &str) -> bool {
    if t.is_empty() || t.starts_with("http") {
        return false;
    }
    let one_word = !t.contains(char::is_whitespace);
    !one_word || t.chars().any(char::is_uppercase)
}

/// Finds a byline in an element whose class or id names it as one.
fn byline_by_class(dom: &Dom) -> Option<String> {
    for (i, node) in dom.nodes.iter().enumerate() {
        let id = i as NodeId;
        if node.tag == Tag::Text || dom.class(id).is_empty() && dom.id_attr(id).is_empty() {
            continue;
        }
        let hint = dom.class(id).to_ascii_lowercase();
        if hint.contains("byline") || hint.contains("author-name") || hint.contains("authorname") {
            let t = inner_text(dom, id, 200);
            let t = t
                .strip_prefix("By ")
                .or_else(|| t.strip_prefix("by "))
                .unwrap_or(&t)
                .trim()
                .to_string();
            if !t.is_empty() && t.len() < 100 {
                return Some(t);
            }
        }
    }
    None
}

/// Removes " | Site" from a headline when "Site" is the outlet's name.
fn strip_outlet_suffix(title: &str, outlet: Option<&str>) -> String {
    if let Some(outlet) = outlet {
        for sep in [" | ", " – ", " — ", " - ", " :: ", " · ", " » "] {
            if let Some(head) = title.strip_suffix(outlet).and_then(|t| t.strip_suffix(sep)) {
                if !head.trim().is_empty() {
                    return head.trim().to_string();
                }
            }
        }
    }
    title.to_string()
}

/// Removes a trailing " | Site", " - Site" or " — Site" from a `<title>`.
fn strip_site_suffix(title: &str) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · ", " » "] {
        if let Some(pos) = title.rfind(sep) {
            let head = title[..pos].trim();
            if head.len() >= 15 || head.len() * 2 >= title.len() {
                return head.to_string();
            }
        }
    }
    title.to_string()
}

/// A publication or modification date from page metadata, read by
/// [`storyline_model::parse_date`]. Placeholders such as "0001-01-01" are not
/// dates a page was published or changed on, so years outside 1900–2100 are dropped.
pub(crate) fn metadata_date(s: &str) -> Option<NaiveDate> {
    storyline_model::parse_date(s).filter(|d| (1900..=2100).contains(&d.year()))
}

/// Reads a `/YYYY/MM/DD/` date from a URL path.
pub(crate) fn date_from_url(url: &str) -> Option<NaiveDate> {
    let path_start = url.find("://").map(|p| p + 3).unwrap_or(0);
    let path = &url[path_start..];
    let parts: Vec<&str> = path.split('/').collect();
    for w in parts.windows(3) {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() == 4 && m.len() <= 2 && !m.is_empty() && d.len() <= 2 && !d.is_empty() {
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                if (1990..=2100).contains(&y) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_strings_and_urls() {
        let d = NaiveDate::from_ymd_opt(2019, 11, 20);
        assert_eq!(metadata_date("2019-11-20T04:31:13-06:00"), d);
        assert_eq!(metadata_date(" 2019/11/20 "), d);
        assert_eq!(metadata_date("20191120"), d);
        assert_eq!(metadata_date("2019-13-20"), None);
        assert_eq!(metadata_date("Nov 20"), None);
        assert_eq!(metadata_date("November 20, 2019 12:32"), d);
        assert_eq!(metadata_date("Wed Nov 20 2019 08:00:58 GMT+0000"), d);
        assert_eq!(metadata_date("20 Nov. 2019"), d);
        assert_eq!(metadata_date("November 2019"), None);
        assert_eq!(metadata_date("0001-01-01T00:00:00"), None);
        assert_eq!(metadata_date("2019-1"), None);
        assert_eq!(date_from_url("https://x.com/news/2019/11/20/story"), d);
        assert_eq!(date_from_url("https://x.com/2019/11/story"), None);
        assert_eq!(date_from_url("https://x.com/1234/56/78/"), None);
    }

    #[test]
    fn site_suffix_is_stripped() {
        assert_eq!(
            strip_site_suffix("Storm floods the valley again | The Daily Post"),
            "Storm floods the valley again"
        );
        assert_eq!(strip_site_suffix("A - B"), "A - B");
        assert_eq!(strip_site_suffix("No suffix here"), "No suffix here");
        assert_eq!(
            strip_outlet_suffix("Bridge reopens - Courier", Some("Courier")),
            "Bridge reopens"
        );
        assert_eq!(strip_outlet_suffix("A - B", Some("Courier")), "A - B");
    }

    #[test]
    fn json_ld_graph_and_author_lists() {
        let mut found = Found::default();
        read_json_ld(
            r#"{"@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":["NewsArticle"],"headline":"Head &amp; line","datePublished":"2020-02-03",
             "author":[{"@type":"Person","name":"A. One"},"B. Two"],
             "publisher":{"name":"Pub"}}]}"#,
            &mut found,
        );
        assert_eq!(found.ld_title.as_deref(), Some("Head & line"));
        assert_eq!(found.ld_author.as_deref(), Some("A. One, B. Two"));
        assert_eq!(found.ld_outlet.as_deref(), Some("Site"));
        assert_eq!(found.ld_date, NaiveDate::from_ymd_opt(2020, 2, 3));
        read_json_ld("{broken", &mut found);
    }
}

#[cfg(test)]
mod language_and_modified_tests {
    use super::*;

    #[test]
    fn language_tags_are_normalised_and_junk_refused() {
        assert_eq!(language_tag("en_gb").as_deref(), Some("en-GB"));
        assert_eq!(language_tag(" EN ").as_deref(), Some("en"));
        assert_eq!(language_tag("12"), None);
    }

    #[test]
    fn modification_date_and_language_come_from_the_page() {
        let page = r#"<html lang="en-gb"><head>
            <meta property="article:modified_time" content="2025-03-12T09:00:00Z">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge shut",
              "datePublished": "2025-03-10", "dateModified": "2025-03-11"}</script>
            </head><body><article><p>The bridge stayed shut for a second day as talks stalled.</p></article></body></html>"#;
        let dom = Dom::parse(page);
        let meta = read_meta(&dom, 0);
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
        assert_eq!(meta.modified, NaiveDate::from_ymd_opt(2025, 3, 11));
        assert_eq!(
            meta.published.map(|p| p.0),
            NaiveDate::from_ymd_opt(2025, 3, 10)
        );
    }
}
