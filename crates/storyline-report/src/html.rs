//! The HTML rendering: one self-contained page (inline CSS and SVG, no scripts,
//! no external resources) with the Markdown's structure — the overview first,
//! then each story with its coverage chart and its timeline on a date axis —
//! whose citations link to the cited span highlighted inside the article's own
//! section.
//!
//! The page is written with maud's `html!`, which escapes every spliced value
//! and writes every tag itself.
//!
//! **Security:** every string from the report comes from the wild. It reaches the
//! page only as a maud splice, so escaped; raw markup (`PreEscaped`) is only this
//! file's style sheet and markup maud has written. URLs become links only when
//! they are `http(s)`; and a Content-Security-Policy forbids scripts and remote
//! loads, in case a future edit forgets the first rule.

use std::collections::{BTreeSet, HashSet};

use maud::{html, Markup, PreEscaped, Render, DOCTYPE};

use crate::chart::{timeline_html, Coverage};
use crate::layout::{quote_note, revision_note, sources_note, Layout, Section, LOW_CONFIDENCE};
use crate::markdown::{outlets, plural, shorten, summary_line};
use crate::overview::{header_line, named_outlets};
use crate::{ArticleRecord, QuoteRecord, Report, TimelineRecord};
use storyline_model::{ChangeKind, Citation, QuoteKind, SourceGroup};

const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfb;--muted:#666;--mark:#fff1a8;--hit:#ffc266;--line:#ddd}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#aaa;--mark:#5a4d12;--hit:#8a5a00;--line:#333}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:50rem;padding:1rem;font:17px/1.55 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.35rem;margin-top:2.5rem;border-bottom:1px solid var(--line)}h3{font-size:1.1rem;margin-top:1.8rem}h4{font-size:1rem;margin:1.2rem 0 .3rem}
.meta,.muted{color:var(--muted);font-size:.9rem}
nav ul{padding-left:1.2rem}
a{color:inherit}a.cite{color:#2a6fb0;text-decoration:none;white-space:nowrap}
.date{font-variant-numeric:tabular-nums;font-weight:600}
ul.timeline{list-style:none;padding-left:0}ul.timeline li{margin:.4rem 0;padding-left:.6rem;border-left:3px solid var(--line)}
ul.timeline li.background{opacity:.8;border-left-style:dashed}
.tag{font-size:.75rem;border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;color:var(--muted)}
.tag.single,.tag.revised,.tag.low{border-color:var(--fg);color:var(--fg)}.low-confidence{opacity:.75;font-style:italic}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid var(--line)}
mark{background:var(--mark);color:inherit}mark:target{background:var(--hit);outline:2px solid var(--hit)}
article.source{border-top:1px solid var(--line);margin-top:2rem}
details{margin:.8rem 0}summary{cursor:pointer;color:var(--muted)}
ol.overview>li{margin:1rem 0}ol.overview ul{margin:.2rem 0;padding-left:1.2rem}
figure{margin:1rem 0}figcaption{color:var(--muted);font-size:.85rem}
svg.chart{display:block;width:100%;height:auto}
.chart .axis{stroke:var(--muted)}.chart .tick{font-size:11px;fill:var(--muted)}.chart .label{font-size:11px;fill:var(--fg)}
.chart .dot{fill:#0072b2;fill-opacity:.75;stroke:var(--bg)}.chart .dot.background{fill:none;stroke:#0072b2}
.chart a:hover .dot{fill-opacity:1}.copy{opacity:.45}
ul.legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.85rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem}
.o0{fill:#0072b2;background:#0072b2}.o1{fill:#e69f00;background:#e69f00}.o2{fill:#009e73;background:#009e73}.o3{fill:#cc79a7;background:#cc79a7}
.o4{fill:#56b4e9;background:#56b4e9}.o5{fill:#d55e00;background:#d55e00}.o6{fill:#b8a800;background:#b8a800}.o7{fill:#999;background:#999}";

/// Renders the report as one self-contained HTML page.
///
/// Same structure as [`crate::to_markdown`], followed by every article's clean
/// text in its own section (`id="aN"`); each citation links to a
/// `<mark id="aN-START-END">` around the cited bytes.
pub fn to_html(report: &Report) -> String {
    let layout = Layout::new(report);
    let mut cites = Cites::new(report);
    // The stories first: citing a span registers it for the article sections to mark.
    let stories = html! {
        (overview(&layout))
        @for (i, section) in layout.sections.iter().enumerate() {
            (story_section(&layout, &mut cites, section, i + 1))
        }
    };
    let page = html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'"; "\n"
                meta name="referrer" content="no-referrer"; "\n"
                meta name="generator" content=(report.meta.generator); "\n"
                title { "Storyline report" } "\n"
                // The style sheet is a constant of this file; escaping would break
                // its `>` selectors.
                style { "\n" (PreEscaped(STYLE)) "\n" } "\n"
            }
            "\n"
            body {
                "\n"
                header {
                    "\n"
                    h1 { "Storyline report" } "\n"
                    p.meta { (summary_line(report)) " · " (report.meta.generator) } "\n"
                    (nav(&layout))
                }
                "\n"
                main {
                    "\n"
                    (stories)
                    (entities(&layout))
                    (sources(&layout))
                    (revisions(&layout))
                    (articles(report, &cites))
                    (diagnostics(report))
                }
                "\n"
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// The tag saying how many independent sources back an item (see
/// `sources_note`), marked `single` when only one does; nothing when there is
/// nothing to say.
fn sources_tag(reported_by: &[SourceGroup], single_sourced: bool) -> Markup {
    let note = sources_note(reported_by, single_sourced);
    let class = if single_sourced { "tag single" } else { "tag" };
    html! {
        @if let Some(note) = note {
            " " span class=(class) { (note) }
        }
    }
}

/// The cited spans of each article, collected while the body is written so the
/// article sections can mark exactly what is linked.
struct Cites<'r> {
    report: &'r Report,
    /// Per article (by position), the `(start, end)` spans linked to.
    spans: Vec<BTreeSet<(usize, usize)>>,
}

impl<'r> Cites<'r> {
    fn new(report: &'r Report) -> Self {
        Cites {
            report,
            spans: vec![BTreeSet::new(); report.articles.len()],
        }
    }

    /// `[n]` linking to the span `start..end` of article `id`; to the article
    /// itself when the span does not fit its text, and unlinked when the article
    /// is unknown.
    fn link(&mut self, layout: &Layout, id: &str, start: usize, end: usize) -> Markup {
        let Some(i) = layout.position(id) else {
            return html! { span.cite { "[?]" } };
        };
        let n = i + 1;
        if self.report.articles[i].text.get(start..end).is_some() {
            self.spans[i].insert((start, end));
            html! { a.cite href={ "#a" (n) "-" (start) "-" (end) } { "[" (n) "]" } }
        } else {
            article_link(n)
        }
    }

    fn cite(&mut self, layout: &Layout, citation: &Citation) -> Markup {
        self.link(layout, &citation.article, citation.start, citation.end)
    }
}

/// `[n]` linking to the section of article number `n`.
fn article_link(n: usize) -> Markup {
    html! { a.cite href={ "#a" (n) } { "[" (n) "]" } }
}

/// The items joined by `separator`, for lists written inline.
fn joined(items: impl IntoIterator<Item = Markup>, separator: &str) -> Markup {
    html! {
        @for (k, item) in items.into_iter().enumerate() {
            @if k > 0 { (separator) }
            (item)
        }
    }
}

fn nav(layout: &Layout) -> Markup {
    html! {
        nav {
            ul {
                "\n"
                @if !layout.overview.is_empty() {
                    li { a href="#overview" { "Overview" } } "\n"
                }
                @for (i, section) in layout.sections.iter().enumerate() {
                    li {
                        a href={ "#s" (i + 1) } {
                            (section.story.map_or("Outside any story", |s| s.title.as_str()))
                        }
                    }
                    "\n"
                }
                @if !layout.entities.is_empty() {
                    li { a href="#entities" { "Entities" } } "\n"
                }
                @if !layout.report.articles.is_empty() {
                    li { a href="#sources" { "Sources" } } "\n"
                }
                @if !layout.report.diagnostics.is_empty() {
                    li { a href="#diagnostics" { "Diagnostics" } } "\n"
                }
            }
        }
        "\n"
    }
}

/// Key dates' and conflicts' texts are cut to this many characters in the overview.
const OVERVIEW_TEXT: usize = 160;

/// The overview: the stories ranked, each linking to its section and its key dates.
fn overview(layout: &Layout) -> Markup {
    if layout.overview.is_empty() {
        return Markup::default();
    }
    html! {
        section id="overview" {
            "\n"
            h2 { "Overview" } "\n"
            p.muted {
                "Stories ranked by size, then recency; the details follow in the same order."
            }
            "\n"
            ol.overview {
                "\n"
                @for overview in &layout.overview {
                    @let number = overview.number;
                    @let section = &layout.sections[number - 1];
                    @let (named, more) = named_outlets(overview);
                    li {
                        a href={ "#s" (number) } { strong { (overview.story.title) } }
                        br;
                        span.meta { (header_line(overview)) }
                        "\n"
                        ul {
                            "\n"
                            @if !overview.key_dates.is_empty() {
                                li {
                                    "Key dates:"
                                    ul {
                                        "\n"
                                        @for entry in &overview.key_dates {
                                            @let at = section
                                                .timeline
                                                .iter()
                                                .position(|t| std::ptr::eq(*t, *entry))
                                                .unwrap_or(0);
                                            li {
                                                a href={ "#s" (number) "-t" (at) } {
                                                    span.date { (entry.date) }
                                                }
                                                " — " (shorten(entry.text.trim(), OVERVIEW_TEXT))
                                                @if entry.background {
                                                    " " span.tag { "background" }
                                                }
                                            }
                                            "\n"
                                        }
                                    }
                                }
                                "\n"
                            }
                            @if !overview.conflicts.is_empty() {
                                li {
                                    "Strongest conflicts:"
                                    ul {
                                        "\n"
                                        @for conflict in &overview.conflicts {
                                            li {
                                                (shorten(&conflict.what, OVERVIEW_TEXT)) " "
                                                span.muted {
                                                    "(confidence "
                                                    (format_args!("{:.2}", conflict.confidence))
                                                    ")"
                                                }
                                                ": " (outlets(layout, conflict).join(" vs "))
                                            }
                                            "\n"
                                        }
                                    }
                                }
                                "\n"
                            }
                            li {
                                "Sources: "
                                @for (k, (name, n)) in named.iter().enumerate() {
                                    @if k > 0 { ", " }
                                    (name) " " (n)
                                }
                                @if more > 0 {
                                    @if !named.is_empty() { ", " }
                                    "and " (plural(more, "more outlet"))
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

fn story_section(layout: &Layout, cites: &mut Cites, section: &Section, number: usize) -> Markup {
    html! {
        section class="story" id={ "s" (number) } {
            "\n"
            @match section.story {
                Some(story) => {
                    h2 { (story.title) } "\n"
                    @if let Some(overview) = layout.overview.iter().find(|o| o.number == number) {
                        p.meta { (header_line(overview)) } "\n"
                    }
                    @if let Some(coverage) = Coverage::of(layout, section) {
                        (coverage.to_html())
                    }
                    @if let Some(chart) = timeline_html(&section.timeline, &format!("s{number}")) {
                        (chart)
                    }
                    @if !story.summary.is_empty() {
                        p.summary { (cited_sentences(layout, cites, &story.summary)) } "\n"
                    }
                }
                None => { h2 { "Outside any story" } "\n" }
            }
            (events(layout, cites, section))
            (timeline(layout, cites, section, number))
            (speakers(layout, cites, section))
            (corroborations(layout, cites, section))
            (conflicts(layout, cites, section))
        }
        "\n"
    }
}

fn events(layout: &Layout, cites: &mut Cites, section: &Section) -> Markup {
    if section.events.is_empty() {
        return Markup::default();
    }
    // An article as its link and outlet; an unknown one by its id.
    let named = |id: &str| match layout.position(id) {
        Some(i) => html! { (article_link(i + 1)) " " (layout.outlet(id)) },
        None => html! { (id) },
    };
    html! {
        h3 { "Events" } "\n"
        @for event in &section.events {
            h4 {
                span.date { (event.date.map_or("undated".to_string(), |d| d.to_string())) }
                " — " (event.title)
            }
            "\n"
            @if !event.summary.is_empty() {
                p { (cited_sentences(layout, cites, &event.summary)) } "\n"
            }
            @if !event.reported_by.is_empty() {
                p.meta {
                    @if event.single_sourced {
                        span.tag.single { "single source" } " Reported by"
                    } @else {
                        "Reported by " (event.reported_by.len()) " independent sources:"
                    }
                    " "
                    @for (k, group) in event.reported_by.iter().enumerate() {
                        @if k > 0 { "; " }
                        (named(&group.first))
                        @if !group.copies.is_empty() {
                            ", "
                            span.copies {
                                "copied by " (joined(group.copies.iter().map(|id| named(id)), ", "))
                                @if let Some(wire) = &group.wire {
                                    " (wire credit " (wire) ")"
                                }
                            }
                        }
                    }
                    "."
                }
                "\n"
            }
        }
    }
}

fn timeline(layout: &Layout, cites: &mut Cites, section: &Section, number: usize) -> Markup {
    if section.timeline.is_empty() {
        return Markup::default();
    }
    html! {
        h3 { "Timeline" } "\n"
        ul.timeline {
            "\n"
            @for (at, entry) in section.timeline.iter().enumerate() {
                @let links = timeline_links(layout, cites, entry);
                li id={ "s" (number) "-t" (at) } class=[entry.background.then_some("background")] {
                    span.date { (entry.date) }
                    " — " (entry.text)
                    @if !links.is_empty() {
                        " — " (joined(links, " "))
                    }
                    @if entry.background {
                        " " span.tag { "background" }
                    }
                    (sources_tag(&entry.reported_by, entry.single_sourced))
                }
                "\n"
            }
        }
        "\n"
    }
}

/// A timeline entry's markers, in article order: one per article, its first
/// citation when it has one, else the article.
fn timeline_links(layout: &Layout, cites: &mut Cites, entry: &TimelineRecord) -> Vec<Markup> {
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    for c in &entry.citations {
        if seen.insert(c.article.as_str()) {
            links.push((layout.position(&c.article), cites.cite(layout, c)));
        }
    }
    for id in &entry.sources {
        if seen.insert(id.as_str()) {
            if let Some(i) = layout.position(id) {
                links.push((Some(i), article_link(i + 1)));
            }
        }
    }
    links.sort_by_key(|(i, _)| *i);
    links.into_iter().map(|(_, link)| link).collect()
}

fn speakers(layout: &Layout, cites: &mut Cites, section: &Section) -> Markup {
    if section.speakers.is_empty() {
        return Markup::default();
    }
    html! {
        h3 { "Who said what" } "\n"
        @for speaker in &section.speakers {
            h4 { (speaker.name.unwrap_or("Unattributed")) } "\n"
            ul {
                "\n"
                @for statement in &speaker.quotes {
                    li {
                        (quote_line(layout, cites, statement.quote))
                        @if !statement.copies.is_empty() {
                            " — also "
                            @for (k, copy) in statement.copies.iter().enumerate() {
                                @if k > 0 { ", " }
                                (layout.outlet(&copy.article)) " "
                                (cites.link(layout, &copy.article, copy.start, copy.end))
                            }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
    }
}

fn corroborations(layout: &Layout, cites: &mut Cites, section: &Section) -> Markup {
    if section.corroborations.is_empty() {
        return Markup::default();
    }
    html! {
        h3 { "Corroborations" } "\n"
        ul {
            "\n"
            @for c in &section.corroborations {
                li {
                    (c.what) " — " (outlets(layout, c).join(", "))
                    @if !c.claims.is_empty() {
                        " "
                        (joined(c.claims.iter().map(|claim| cites.cite(layout, claim)), " "))
                    }
                    (sources_tag(&c.reported_by, c.single_sourced))
                }
                "\n"
            }
        }
        "\n"
    }
}

fn conflicts(layout: &Layout, cites: &mut Cites, section: &Section) -> Markup {
    if section.conflicts.is_empty() {
        return Markup::default();
    }
    html! {
        h3 { "Conflicts" } "\n"
        ul {
            "\n"
            @for c in &section.conflicts {
                li {
                    strong { (c.what) }
                    " (confidence " (format_args!("{:.2}", c.confidence)) ")\n"
                    @if let Some(why) = &c.why {
                        p { "Why: " (why.reason) } "\n"
                    }
                    @for claim in &c.claims {
                        blockquote {
                            (layout.outlet(&claim.article)) ": “" (claim.text.trim()) "” "
                            (cites.cite(layout, claim))
                        }
                        "\n"
                    }
                }
                "\n"
            }
        }
        "\n"
    }
}

fn quote_line(layout: &Layout, cites: &mut Cites, quote: &QuoteRecord) -> Markup {
    let text = quote.text.trim();
    let line = html! {
        @match quote.kind {
            QuoteKind::Direct => { "“" (text) "”" }
            // A mixed statement carries its own quotation marks around the quoted words.
            QuoteKind::Mixed => { span.tag { "partly quoted" } " " (text) }
            QuoteKind::Indirect => { span.tag { "reported" } " " (text) }
        }
        " — " (layout.outlet(&quote.article)) " "
        (cites.link(layout, &quote.article, quote.start, quote.end))
    };
    match quote_note(quote) {
        Some(note) => {
            let low = quote.speaker.is_some() && quote.confidence < LOW_CONFIDENCE;
            let class = if low { "tag low" } else { "tag revised" };
            html! {
                span class=[low.then_some("low-confidence")] {
                    (line) " " span class=(class) { (note) }
                }
            }
        }
        None => line,
    }
}

fn cited_sentences(layout: &Layout, cites: &mut Cites, sentences: &[Citation]) -> Markup {
    html! {
        @for (k, c) in sentences.iter().enumerate() {
            @if k > 0 { " " }
            (c.text.trim()) " " (cites.cite(layout, c))
        }
    }
}

fn entities(layout: &Layout) -> Markup {
    if layout.entities.is_empty() {
        return Markup::default();
    }
    html! {
        section id="entities" {
            "\n"
            h2 { "Entities" } "\n"
            ul {
                "\n"
                @for entity in &layout.entities {
                    @let articles = layout.entity_articles(entity);
                    li {
                        strong { (entity.name) } " "
                        span.muted { "(" (crate::label(&entity.kind)) ")" }
                        @if !entity.aliases.is_empty() {
                            " — also " (entity.aliases.join("; "))
                        }
                        " — " (plural(entity.mentions.len(), "mention"))
                        @if !articles.is_empty() {
                            " in " (joined(articles.iter().map(|i| article_link(i + 1)), " "))
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

fn sources(layout: &Layout) -> Markup {
    let report = layout.report;
    if report.articles.is_empty() {
        return Markup::default();
    }
    html! {
        section id="sources" {
            "\n"
            h2 { "Sources" } "\n"
            ol {
                "\n"
                @for (i, article) in report.articles.iter().enumerate() {
                    li {
                        a href={ "#a" (i + 1) } {
                            (article.source_name())
                            @if let Some(title) = &article.title {
                                " — " em { (title) }
                            }
                        }
                        " — " (article.published.as_deref().unwrap_or("undated"))
                        @if let Some(first) = layout.copy_of.get(&i) {
                            " " span.muted { "(same text as " (article_link(first + 1)) ")" }
                        }
                        @if let Some(note) = revision_note(article) {
                            " " span.tag.revised { (note) }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

fn revisions(layout: &Layout) -> Markup {
    let report = layout.report;
    if report.revisions.is_empty() {
        return Markup::default();
    }
    let quoted = |text: Option<&str>| html! { "“" (text.unwrap_or("").trim()) "”" };
    html! {
        section id="revisions" {
            "\n"
            h2 { "Revisions" } "\n"
            @for revised in &report.revisions {
                h3 {
                    @match layout.position(&revised.article) {
                        Some(i) => (article_link(i + 1)),
                        None => (revised.article),
                    }
                    " " (layout.outlet(&revised.article)) " "
                    span.tag.revised { "version " (revised.revision) }
                }
                "\n"
                ul {
                    "\n"
                    @for change in &revised.changes {
                        @let after = change.after.as_ref().map(|a| a.text.as_str());
                        li {
                            @match change.kind {
                                ChangeKind::Added => { strong { "added" } " " (quoted(after)) }
                                ChangeKind::Removed => {
                                    strong { "removed" } " "
                                    del { (quoted(change.before.as_deref())) }
                                }
                                ChangeKind::Edited => {
                                    strong { "edited" } " "
                                    del { (quoted(change.before.as_deref())) }
                                    " → " (quoted(after))
                                }
                            }
                        }
                        "\n"
                    }
                }
                "\n"
            }
        }
        "\n"
    }
}

fn articles(report: &Report, cites: &Cites) -> Markup {
    if report.articles.is_empty() {
        return Markup::default();
    }
    html! {
        section id="articles" {
            "\n"
            h2 { "Articles" } "\n"
            @for (i, article) in report.articles.iter().enumerate() {
                (article_section(article, i + 1, &cites.spans[i]))
            }
        }
        "\n"
    }
}

fn article_section(article: &ArticleRecord, n: usize, spans: &BTreeSet<(usize, usize)>) -> Markup {
    let mut meta = vec![
        html! { (article.source_name()) },
        html! { (article.published.as_deref().unwrap_or("undated")) },
    ];
    if let Some(byline) = &article.byline {
        meta.push(html! { (byline) });
    }
    match &article.url {
        Some(url) if is_web_url(url) => meta.push(html! {
            a href=(url) rel="noopener noreferrer nofollow" { (url) }
        }),
        Some(url) => meta.push(html! { (url) }),
        None => {}
    }
    if article.url.as_deref() != Some(article.source.as_str()) {
        meta.push(html! { (article.source) });
    }
    html! {
        article class="source" id={ "a" (n) } {
            "\n"
            h3 { "[" (n) "] " (article.title.as_deref().unwrap_or("Untitled")) } "\n"
            p.meta { (joined(meta, " · ")) } "\n"
            (marked_text(&article.text, n, spans))
            @if !article.removed.is_empty() {
                details {
                    summary { "Removed from the input (" (article.removed.len()) ")" } "\n"
                    ul {
                        "\n"
                        @for removed in &article.removed {
                            li { span.tag { (removed.reason) } " " (removed.text) } "\n"
                        }
                    }
                }
                "\n"
            }
        }
        "\n"
    }
}

fn diagnostics(report: &Report) -> Markup {
    if report.diagnostics.is_empty() {
        return Markup::default();
    }
    html! {
        section id="diagnostics" {
            "\n"
            h2 { "Diagnostics" } "\n"
            ul {
                "\n"
                @for d in &report.diagnostics {
                    li { strong { (d.source) } ": " (d.message) } "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

/// Whether a URL may become a link: only `http` and `https`, never `javascript:` or `data:`.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Byte ranges of the paragraphs of `text`. A paragraph starts at the first
/// non-blank line after a blank one; the ranges cover the whole text, so every
/// span falls in one or more of them.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let (mut offset, mut seen_text, mut after_blank) = (0, false, false);
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            after_blank = true;
        } else {
            if seen_text && after_blank {
                starts.push(offset);
            }
            seen_text = true;
            after_blank = false;
        }
        offset += line.len();
    }
    let mut ranges: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    ranges.push((*starts.last().unwrap_or(&0), text.len()));
    ranges
}

/// The id of the first mark of `span` in article `n`; `None` for the marks
/// that continue it.
fn mark_id(
    n: usize,
    span: (usize, usize),
    with_id: &mut HashSet<(usize, usize)>,
) -> Option<String> {
    with_id
        .insert(span)
        .then(|| format!("a{n}-{}-{}", span.0, span.1))
}

/// A piece of a paragraph between two span boundaries.
enum Piece<'t> {
    /// Text inside the marks of `covering`, outermost first.
    Text {
        covering: Vec<(usize, usize)>,
        text: &'t str,
    },
    /// An empty span, marked where it points.
    Empty((usize, usize)),
}

/// The clean text as `<p>` paragraphs with every span in `spans` wrapped in `<mark>`.
///
/// Spans may nest or cross each other and paragraph breaks, while HTML elements
/// must nest. So the text is cut at every span boundary, and each piece is wrapped
/// in the marks of the spans covering it, outermost (earliest start, then longest)
/// first; a mark is closed and reopened only where nesting demands it. The first
/// piece of each span carries its `id="aN-START-END"`; empty spans become an empty
/// `<mark>` so their links still land. Spans must lie on char boundaries.
fn marked_text(text: &str, n: usize, spans: &BTreeSet<(usize, usize)>) -> Markup {
    let mut ordered: Vec<(usize, usize)> = spans.iter().copied().collect();
    ordered.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut with_id: HashSet<(usize, usize)> = HashSet::new();
    html! {
        @for (p_start, p_end) in paragraphs(text) {
            @let pieces = pieces(text, &ordered, p_start, p_end);
            p { (marks(&pieces, 0, n, &mut with_id)) } "\n"
        }
    }
}

/// The paragraph `p_start..p_end` of `text` cut at every boundary of the
/// `ordered` spans, each piece with the spans covering it.
fn pieces<'t>(
    text: &'t str,
    ordered: &[(usize, usize)],
    p_start: usize,
    p_end: usize,
) -> Vec<Piece<'t>> {
    let is_last = p_end == text.len();
    let mut points: BTreeSet<usize> = BTreeSet::from([p_start, p_end]);
    for &(s, e) in ordered {
        for x in [s, e] {
            if p_start <= x && x <= p_end {
                points.insert(x);
            }
        }
    }
    let points: Vec<usize> = points.into_iter().collect();
    let mut pieces = Vec::new();
    for (k, &at) in points.iter().enumerate() {
        // Empty spans land where they point (at the very end only in the last paragraph).
        if at < p_end || is_last {
            for &span in ordered.iter().filter(|s| s.0 == s.1 && s.0 == at) {
                pieces.push(Piece::Empty(span));
            }
        }
        let Some(&next) = points.get(k + 1) else {
            break;
        };
        let covering = ordered
            .iter()
            .copied()
            .filter(|&(s, e)| s <= at && next <= e && s < e)
            .collect();
        pieces.push(Piece::Text {
            covering,
            text: &text[at..next],
        });
    }
    // Keep the blank lines between paragraphs out of the `<p>`, for tidy output.
    if let Some(Piece::Text { covering, text }) = pieces.last_mut() {
        if covering.is_empty() {
            *text = text.trim_end();
        }
    }
    pieces
}

/// The pieces as marks nested `depth` deep: consecutive pieces covered by the
/// same span at this depth share one `<mark>`, and an empty span closes every
/// open mark. The first mark of each span carries its id.
fn marks(
    pieces: &[Piece],
    depth: usize,
    n: usize,
    with_id: &mut HashSet<(usize, usize)>,
) -> Markup {
    let mut out = Markup::default();
    let mut rest = pieces;
    while let Some(first) = rest.first() {
        let taken = match first {
            Piece::Empty(span) => {
                html! { mark id=[mark_id(n, *span, with_id)] {} }.render_to(&mut out.0);
                1
            }
            Piece::Text { covering, text } if covering.len() == depth => {
                text.render_to(&mut out.0);
                1
            }
            Piece::Text { covering, .. } => {
                let span = covering[depth];
                let run = rest
                    .iter()
                    .take_while(|piece| match piece {
                        Piece::Text { covering, .. } => covering.get(depth) == Some(&span),
                        Piece::Empty(_) => false,
                    })
                    .count();
                let id = mark_id(n, span, with_id);
                let inner = marks(&rest[..run], depth + 1, n, with_id);
                html! { mark id=[id] { (inner) } }.render_to(&mut out.0);
                run
            }
        };
        rest = &rest[taken..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, spans: &[(usize, usize)]) -> String {
        marked_text(text, 1, &spans.iter().copied().collect()).into_string()
    }

    #[test]
    fn paragraphs_cover_the_text() {
        assert_eq!(
            paragraphs("a\nb\n\nc\n\n\nd"),
            vec![(0, 5), (5, 9), (9, 10)]
        );
        assert_eq!(paragraphs(""), vec![(0, 0)]);
        assert_eq!(paragraphs("\n\na"), vec![(0, 3)]);
    }

    #[test]
    fn nested_spans_nest() {
        assert_eq!(
            marked("He said no today.", &[(0, 17), (8, 10)]),
            "<p><mark id=\"a1-0-17\">He said <mark id=\"a1-8-10\">no</mark> today.</mark></p>\n"
        );
    }

    #[test]
    fn crossing_spans_are_split() {
        assert_eq!(
            marked("abcdef", &[(0, 4), (2, 6)]),
            "<p><mark id=\"a1-0-4\">ab<mark id=\"a1-2-6\">cd</mark></mark><mark>ef</mark></p>\n"
        );
    }

    #[test]
    fn spans_across_paragraphs_reopen() {
        assert_eq!(
            marked("one two\n\nthree", &[(4, 14)]),
            "<p>one <mark id=\"a1-4-14\">two\n\n</mark></p>\n<p><mark>three</mark></p>\n"
        );
    }

    #[test]
    fn same_start_spans_get_distinct_ids() {
        assert_eq!(
            marked("abcd", &[(0, 2), (0, 4), (4, 4)]),
            "<p><mark id=\"a1-0-4\"><mark id=\"a1-0-2\">ab</mark>cd</mark><mark id=\"a1-4-4\"></mark></p>\n"
        );
    }

    #[test]
    fn only_web_urls_link() {
        assert!(is_web_url("https://apnews.com/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
    }
}
