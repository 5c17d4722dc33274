//! The HTML rendering: one self-contained page (inline CSS and SVG, no scripts,
//! no external resources) with the Markdown's structure — the overview first,
//! then each story with its coverage chart and its timeline on a date axis —
//! whose citations link to the cited span highlighted inside the article's own
//! section.
//!
//! **Security:** every string from the report comes from the wild. It reaches the
//! page only through [`escape_html`]; URLs become links only when they are
//! `http(s)`; and a Content-Security-Policy forbids scripts and remote loads, in
//! case a future edit forgets the first rule.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;

use crate::chart::{timeline_html, Coverage};
use crate::layout::{quote_note, revision_note, sources_note, Layout, Section, LOW_CONFIDENCE};
use crate::markdown::{outlets, plural, shorten, summary_line};
use crate::overview::{header_line, named_outlets};
use crate::{ArticleRecord, QuoteRecord, Report};
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
    let mut body = String::new();

    write_overview(&mut body, &layout);
    for (i, section) in layout.sections.iter().enumerate() {
        write_section(&mut body, &layout, &mut cites, section, i + 1);
    }
    write_entities(&mut body, &layout);
    write_sources(&mut body, &layout);
    write_revisions(&mut body, &layout);
    write_articles(&mut body, report, &cites);
    write_diagnostics(&mut body, report);

    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"{}\">",
        escape_html(&report.meta.generator)
    );
    out.push_str("<title>Storyline report</title>\n");
    let _ = writeln!(out, "<style>\n{STYLE}\n</style>\n</head>\n<body>");
    out.push_str("<header>\n<h1>Storyline report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · {}</p>",
        escape_html(&summary_line(report)),
        escape_html(&report.meta.generator)
    );
    write_nav(&mut out, &layout);
    out.push_str("</header>\n<main>\n");
    out.push_str(&body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The tag saying how many independent sources back an item (see
/// `sources_note`), marked `single` when only one does; empty when there is
/// nothing to say.
fn sources_tag(reported_by: &[SourceGroup], single_sourced: bool) -> String {
    let Some(note) = sources_note(reported_by, single_sourced) else {
        return String::new();
    };
    let class = if single_sourced { "tag single" } else { "tag" };
    format!(" <span class=\"{class}\">{}</span>", escape_html(&note))
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
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
    fn link(&mut self, layout: &Layout, id: &str, start: usize, end: usize) -> String {
        let Some(i) = layout.position(id) else {
            return "<span class=\"cite\">[?]</span>".into();
        };
        let n = i + 1;
        if self.report.articles[i].text.get(start..end).is_some() {
            self.spans[i].insert((start, end));
            format!("<a class=\"cite\" href=\"#a{n}-{start}-{end}\">[{n}]</a>")
        } else {
            article_link(n)
        }
    }

    fn cite(&mut self, layout: &Layout, citation: &Citation) -> String {
        self.link(layout, &citation.article, citation.start, citation.end)
    }
}

/// `[n]` linking to the section of article number `n`.
fn article_link(n: usize) -> String {
    format!("<a class=\"cite\" href=\"#a{n}\">[{n}]</a>")
}

fn write_nav(out: &mut String, layout: &Layout) {
    out.push_str("<nav><ul>\n");
    if !layout.overview.is_empty() {
        out.push_str("<li><a href=\"#overview\">Overview</a></li>\n");
    }
    for (i, section) in layout.sections.iter().enumerate() {
        let title = section
            .story
            .map_or("Outside any story", |s| s.title.as_str());
        let _ = writeln!(
            out,
            "<li><a href=\"#s{}\">{}</a></li>",
            i + 1,
            escape_html(title)
        );
    }
    if !layout.entities.is_empty() {
        out.push_str("<li><a href=\"#entities\">Entities</a></li>\n");
    }
    if !layout.report.articles.is_empty() {
        out.push_str("<li><a href=\"#sources\">Sources</a></li>\n");
    }
    if !layout.report.diagnostics.is_empty() {
        out.push_str("<li><a href=\"#diagnostics\">Diagnostics</a></li>\n");
    }
    out.push_str("</ul></nav>\n");
}

/// Key dates' and conflicts' texts are cut to this many characters in the overview.
const OVERVIEW_TEXT: usize = 160;

/// The overview: the stories ranked, each linking to its section and its key dates.
fn write_overview(out: &mut String, layout: &Layout) {
    if layout.overview.is_empty() {
        return;
    }
    out.push_str("<section id=\"overview\">\n<h2>Overview</h2>\n");
    out.push_str("<p class=\"muted\">Stories ranked by size, then recency; the details follow in the same order.</p>\n<ol class=\"overview\">\n");
    for overview in &layout.overview {
        let number = overview.number;
        let section = &layout.sections[number - 1];
        let _ = writeln!(
            out,
            "<li><a href=\"#s{number}\"><strong>{}</strong></a><br><span class=\"meta\">{}</span>\n<ul>",
            escape_html(&overview.story.title),
            escape_html(&header_line(overview))
        );
        if !overview.key_dates.is_empty() {
            out.push_str("<li>Key dates:<ul>\n");
            for entry in &overview.key_dates {
                let at = section
                    .timeline
                    .iter()
                    .position(|t| std::ptr::eq(*t, *entry))
                    .unwrap_or(0);
                let _ = write!(
                    out,
                    "<li><a href=\"#s{number}-t{at}\"><span class=\"date\">{}</span></a> — {}",
                    escape_html(&entry.date),
                    escape_html(&shorten(entry.text.trim(), OVERVIEW_TEXT))
                );
                if entry.background {
                    out.push_str(" <span class=\"tag\">background</span>");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul></li>\n");
        }
        if !overview.conflicts.is_empty() {
            out.push_str("<li>Strongest conflicts:<ul>\n");
            for conflict in &overview.conflicts {
                let _ = writeln!(
                    out,
                    "<li>{} <span class=\"muted\">(confidence {:.2})</span>: {}</li>",
                    escape_html(&shorten(&conflict.what, OVERVIEW_TEXT)),
                    conflict.confidence,
                    escape_html(&outlets(layout, conflict).join(" vs "))
                );
            }
            out.push_str("</ul></li>\n");
        }
        let (named, more) = named_outlets(overview);
        let mut sources: Vec<String> = named
            .iter()
            .map(|(name, n)| format!("{} {n}", escape_html(name)))
            .collect();
        if more > 0 {
            sources.push(format!("and {}", plural(more, "more outlet")));
        }
        let _ = writeln!(out, "<li>Sources: {}</li>\n</ul></li>", sources.join(", "));
    }
    out.push_str("</ol>\n</section>\n");
}

fn write_section(
    out: &mut String,
    layout: &Layout,
    cites: &mut Cites,
    section: &Section,
    number: usize,
) {
    let _ = writeln!(out, "<section class=\"story\" id=\"s{number}\">");
    match section.story {
        Some(story) => {
            let _ = writeln!(out, "<h2>{}</h2>", escape_html(&story.title));
            if let Some(overview) = layout.overview.iter().find(|o| o.number == number) {
                let _ = writeln!(
                    out,
                    "<p class=\"meta\">{}</p>",
                    escape_html(&header_line(overview))
                );
            }
            if let Some(coverage) = Coverage::of(layout, section) {
                out.push_str(&coverage.to_html());
            }
            if let Some(chart) = timeline_html(&section.timeline, &format!("s{number}")) {
                out.push_str(&chart);
            }
            if !story.summary.is_empty() {
                let _ = writeln!(
                    out,
                    "<p class=\"summary\">{}</p>",
                    cited_sentences(layout, cites, &story.summary)
                );
            }
        }
        None => out.push_str("<h2>Outside any story</h2>\n"),
    }

    if !section.events.is_empty() {
        out.push_str("<h3>Events</h3>\n");
        for event in &section.events {
            let date = event.date.as_deref().unwrap_or("undated");
            let _ = writeln!(
                out,
                "<h4><span class=\"date\">{}</span> — {}</h4>",
                escape_html(date),
                escape_html(&event.title)
            );
            if !event.summary.is_empty() {
                let _ = writeln!(
                    out,
                    "<p>{}</p>",
                    cited_sentences(layout, cites, &event.summary)
                );
            }
            let named = |id: &str| match layout.position(id) {
                Some(i) => format!(
                    "{} {}",
                    article_link(i + 1),
                    escape_html(&layout.outlet(id))
                ),
                None => escape_html(id),
            };
            let sources: Vec<String> = event
                .reported_by
                .iter()
                .map(|group| {
                    let mut line = named(&group.first);
                    if !group.copies.is_empty() {
                        let copies: Vec<String> = group.copies.iter().map(|id| named(id)).collect();
                        let credit = group.wire.as_deref().map_or(String::new(), |w| {
                            format!(" (wire credit {})", escape_html(w))
                        });
                        let _ = write!(
                            line,
                            ", <span class=\"copies\">copied by {}{credit}</span>",
                            copies.join(", ")
                        );
                    }
                    line
                })
                .collect();
            if !sources.is_empty() {
                let lead = if event.single_sourced {
                    "<span class=\"tag single\">single source</span> Reported by".to_string()
                } else {
                    format!(
                        "Reported by {} independent sources:",
                        event.reported_by.len()
                    )
                };
                let _ = writeln!(out, "<p class=\"meta\">{lead} {}.</p>", sources.join("; "));
            }
        }
    }

    if !section.timeline.is_empty() {
        out.push_str("<h3>Timeline</h3>\n<ul class=\"timeline\">\n");
        for (at, entry) in section.timeline.iter().enumerate() {
            // One marker per article: its first citation when it has one, else the article.
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
            let links: Vec<String> = links.into_iter().map(|(_, l)| l).collect();
            let class = if entry.background {
                " class=\"background\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<li id=\"s{number}-t{at}\"{class}><span class=\"date\">{}</span> — {}",
                escape_html(&entry.date),
                escape_html(&entry.text)
            );
            if !links.is_empty() {
                let _ = write!(out, " — {}", links.join(" "));
            }
            if entry.background {
                out.push_str(" <span class=\"tag\">background</span>");
            }
            out.push_str(&sources_tag(&entry.reported_by, entry.single_sourced));
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    if !section.speakers.is_empty() {
        out.push_str("<h3>Who said what</h3>\n");
        for speaker in &section.speakers {
            let _ = writeln!(
                out,
                "<h4>{}</h4>\n<ul>",
                escape_html(speaker.name.unwrap_or("Unattributed"))
            );
            for statement in &speaker.quotes {
                let _ = write!(out, "<li>{}", quote_line(layout, cites, statement.quote));
                let copies: Vec<String> = statement
                    .copies
                    .iter()
                    .map(|q| {
                        format!(
                            "{} {}",
                            escape_html(&layout.outlet(&q.article)),
                            cites.link(layout, &q.article, q.start, q.end)
                        )
                    })
                    .collect();
                if !copies.is_empty() {
                    let _ = write!(out, " — also {}", copies.join(", "));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
    }

    if !section.corroborations.is_empty() {
        out.push_str("<h3>Corroborations</h3>\n<ul>\n");
        for c in &section.corroborations {
            let links: Vec<String> = c.claims.iter().map(|cl| cites.cite(layout, cl)).collect();
            let _ = write!(
                out,
                "<li>{} — {}",
                escape_html(&c.what),
                escape_html(&outlets(layout, c).join(", "))
            );
            if !links.is_empty() {
                let _ = write!(out, " {}", links.join(" "));
            }
            out.push_str(&sources_tag(&c.reported_by, c.single_sourced));
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    if !section.conflicts.is_empty() {
        out.push_str("<h3>Conflicts</h3>\n<ul>\n");
        for c in &section.conflicts {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> (confidence {:.2})",
                escape_html(&c.what),
                c.confidence
            );
            if let Some(why) = &c.why {
                let _ = writeln!(out, "<p>Why: {}</p>", escape_html(&why.reason));
            }
            for claim in &c.claims {
                let _ = writeln!(
                    out,
                    "<blockquote>{}: “{}” {}</blockquote>",
                    escape_html(&layout.outlet(&claim.article)),
                    escape_html(claim.text.trim()),
                    cites.cite(layout, claim)
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn quote_line(layout: &Layout, cites: &mut Cites, quote: &QuoteRecord) -> String {
    let text = escape_html(quote.text.trim());
    let words = match quote.kind {
        QuoteKind::Direct => format!("“{text}”"),
        // A mixed statement carries its own quotation marks around the quoted words.
        QuoteKind::Mixed => format!("<span class=\"tag\">partly quoted</span> {text}"),
        QuoteKind::Indirect => format!("<span class=\"tag\">reported</span> {text}"),
    };
    let line = format!(
        "{words} — {} {}",
        escape_html(&layout.outlet(&quote.article)),
        cites.link(layout, &quote.article, quote.start, quote.end)
    );
    match quote_note(quote) {
        Some(note) => {
            let low = quote.speaker.is_some() && quote.confidence < LOW_CONFIDENCE;
            let class = if low { "tag low" } else { "tag revised" };
            format!(
                "<span{}>{line} <span class=\"{class}\">{}</span></span>",
                if low { " class=\"low-confidence\"" } else { "" },
                escape_html(&note)
            )
        }
        None => line,
    }
}

fn cited_sentences(layout: &Layout, cites: &mut Cites, sentences: &[Citation]) -> String {
    let parts: Vec<String> = sentences
        .iter()
        .map(|c| format!("{} {}", escape_html(c.text.trim()), cites.cite(layout, c)))
        .collect();
    parts.join(" ")
}

fn write_entities(out: &mut String, layout: &Layout) {
    if layout.entities.is_empty() {
        return;
    }
    out.push_str("<section id=\"entities\">\n<h2>Entities</h2>\n<ul>\n");
    for entity in &layout.entities {
        let _ = write!(
            out,
            "<li><strong>{}</strong> <span class=\"muted\">({})</span>",
            escape_html(&entity.name),
            escape_html(&crate::label(&entity.kind))
        );
        if !entity.aliases.is_empty() {
            let aliases: Vec<String> = entity.aliases.iter().map(|a| escape_html(a)).collect();
            let _ = write!(out, " — also {}", aliases.join("; "));
        }
        let _ = write!(out, " — {}", plural(entity.mentions.len(), "mention"));
        let articles: Vec<String> = layout
            .entity_articles(entity)
            .iter()
            .map(|i| article_link(i + 1))
            .collect();
        if !articles.is_empty() {
            let _ = write!(out, " in {}", articles.join(" "));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn write_sources(out: &mut String, layout: &Layout) {
    let report = layout.report;
    if report.articles.is_empty() {
        return;
    }
    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
    for (i, article) in report.articles.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            out,
            "<li><a href=\"#a{n}\">{}",
            escape_html(&article.source_name())
        );
        if let Some(title) = &article.title {
            let _ = write!(out, " — <em>{}</em>", escape_html(title));
        }
        out.push_str("</a>");
        let _ = write!(
            out,
            " — {}",
            escape_html(article.published.as_deref().unwrap_or("undated"))
        );
        if let Some(first) = layout.copy_of.get(&i) {
            let _ = write!(
                out,
                " <span class=\"muted\">(same text as {})</span>",
                article_link(first + 1)
            );
        }
        if let Some(note) = revision_note(article) {
            let _ = write!(
                out,
                " <span class=\"tag revised\">{}</span>",
                escape_html(&note)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn write_revisions(out: &mut String, layout: &Layout) {
    let report = layout.report;
    if report.revisions.is_empty() {
        return;
    }
    out.push_str("<section id=\"revisions\">\n<h2>Revisions</h2>\n");
    for revised in &report.revisions {
        let link = layout
            .position(&revised.article)
            .map_or_else(|| escape_html(&revised.article), |i| article_link(i + 1));
        let _ = writeln!(
            out,
            "<h3>{link} {} <span class=\"tag revised\">version {}</span></h3>\n<ul>",
            escape_html(&layout.outlet(&revised.article)),
            revised.revision
        );
        for change in &revised.changes {
            let quoted = |t: Option<&str>| format!("“{}”", escape_html(t.unwrap_or("").trim()));
            let after = change.after.as_ref().map(|a| a.text.as_str());
            let line = match change.kind {
                ChangeKind::Added => format!("<strong>added</strong> {}", quoted(after)),
                ChangeKind::Removed => {
                    format!(
                        "<strong>removed</strong> <del>{}</del>",
                        quoted(change.before.as_deref())
                    )
                }
                ChangeKind::Edited => format!(
                    "<strong>edited</strong> <del>{}</del> → {}",
                    quoted(change.before.as_deref()),
                    quoted(after)
                ),
            };
            let _ = writeln!(out, "<li>{line}</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn write_articles(out: &mut String, report: &Report, cites: &Cites) {
    if report.articles.is_empty() {
        return;
    }
    out.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    for (i, article) in report.articles.iter().enumerate() {
        write_article(out, article, i + 1, &cites.spans[i]);
    }
    out.push_str("</section>\n");
}

fn write_article(
    out: &mut String,
    article: &ArticleRecord,
    n: usize,
    spans: &BTreeSet<(usize, usize)>,
) {
    let _ = writeln!(out, "<article class=\"source\" id=\"a{n}\">");
    let title = article.title.as_deref().unwrap_or("Untitled");
    let _ = writeln!(out, "<h3>[{n}] {}</h3>", escape_html(title));

    let mut meta = vec![escape_html(&article.source_name())];
    meta.push(escape_html(
        article.published.as_deref().unwrap_or("undated"),
    ));
    if let Some(byline) = &article.byline {
        meta.push(escape_html(byline));
    }
    match &article.url {
        Some(url) if is_web_url(url) => meta.push(format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
            escape_html(url),
            escape_html(url)
        )),
        Some(url) => meta.push(escape_html(url)),
        None => {}
    }
    if article.url.as_deref() != Some(article.source.as_str()) {
        meta.push(escape_html(&article.source));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));

    out.push_str(&marked_text(&article.text, n, spans));

    if !article.removed.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Removed from the input ({})</summary>\n<ul>",
            article.removed.len()
        );
        for removed in &article.removed {
            let _ = writeln!(
                out,
                "<li><span class=\"tag\">{}</span> {}</li>",
                escape_html(&removed.reason),
                escape_html(&removed.text)
            );
        }
        out.push_str("</ul></details>\n");
    }
    out.push_str("</article>\n");
}

fn write_diagnostics(out: &mut String, report: &Report) {
    if report.diagnostics.is_empty() {
        return;
    }
    out.push_str("<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n<ul>\n");
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: {}</li>",
            escape_html(&d.source),
            escape_html(&d.message)
        );
    }
    out.push_str("</ul>\n</section>\n");
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

/// The clean text as `<p>` paragraphs with every span in `spans` wrapped in `<mark>`.
///
/// Spans may nest or cross each other and paragraph breaks, while HTML elements
/// must nest. So the text is cut at every span boundary, and each piece is wrapped
/// in the marks of the spans covering it, outermost (earliest start, then longest)
/// first; a mark is closed and reopened only where nesting demands it. The first
/// piece of each span carries its `id="aN-START-END"`; empty spans become an empty
/// `<mark>` so their links still land. Spans must lie on char boundaries.
fn marked_text(text: &str, n: usize, spans: &BTreeSet<(usize, usize)>) -> String {
    let mut ordered: Vec<(usize, usize)> = spans.iter().copied().collect();
    ordered.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut with_id: HashSet<(usize, usize)> = HashSet::new();
    let mut out = String::with_capacity(text.len() * 11 / 10);
    let open_mark =
        |out: &mut String, span: (usize, usize), with_id: &mut HashSet<(usize, usize)>| {
            if with_id.insert(span) {
                let _ = write!(out, "<mark id=\"a{n}-{}-{}\">", span.0, span.1);
            } else {
                out.push_str("<mark>");
            }
        };

    for (p_start, p_end) in paragraphs(text) {
        let is_last = p_end == text.len();
        let mut points: BTreeSet<usize> = BTreeSet::from([p_start, p_end]);
        for &(s, e) in &ordered {
            for x in [s, e] {
                if p_start <= x && x <= p_end {
                    points.insert(x);
                }
            }
        }
        out.push_str("<p>");
        let mut open: Vec<(usize, usize)> = Vec::new();
        let points: Vec<usize> = points.into_iter().collect();
        for (k, &at) in points.iter().enumerate() {
            // Empty spans land where they point (at the very end only in the last paragraph).
            if at < p_end || is_last {
                for &span in ordered.iter().filter(|s| s.0 == s.1 && s.0 == at) {
                    close_all(&mut out, &mut open);
                    open_mark(&mut out, span, &mut with_id);
                    out.push_str("</mark>");
                }
            }
            let Some(&next) = points.get(k + 1) else {
                break;
            };
            let covering: Vec<(usize, usize)> = ordered
                .iter()
                .copied()
                .filter(|&(s, e)| s <= at && next <= e && s < e)
                .collect();
            let keep = open
                .iter()
                .zip(&covering)
                .take_while(|(a, b)| a == b)
                .count();
            while open.len() > keep {
                open.pop();
                out.push_str("</mark>");
            }
            for &span in &covering[keep..] {
                open_mark(&mut out, span, &mut with_id);
                open.push(span);
            }
            out.push_str(&escape_html(&text[at..next]));
        }
        close_all(&mut out, &mut open);
        // Keep the blank lines between paragraphs out of the `<p>`, for tidy output.
        if !out.ends_with("</mark>") {
            out.truncate(out.trim_end().len());
        }
        out.push_str("</p>\n");
    }
    out
}

fn close_all(out: &mut String, open: &mut Vec<(usize, usize)>) {
    for _ in open.drain(..) {
        out.push_str("</mark>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, spans: &[(usize, usize)]) -> String {
        marked_text(text, 1, &spans.iter().copied().collect())
    }

    #[test]
    fn escape_html_escapes_the_five() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
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
