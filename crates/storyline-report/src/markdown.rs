//! The Markdown rendering: a report for reading, citations as `[n]` into a numbered source list.
//!
//! Every string taken from the report is passed through [`escape_markdown`]: article
//! text comes from the wild, and a Markdown viewer would otherwise turn stray
//! `<script>` tags, links or emphasis in it into markup.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::layout::{quote_note, revision_note, sources_note, Layout, Section};
use crate::overview::{header_line, named_outlets};
use crate::{ComparisonRecord, QuoteRecord, Report};
use storyline_model::{ChangeKind, Citation, QuoteKind};

/// Renders the report as Markdown.
///
/// First an overview: the stories ranked by size then recency, each with its
/// date span, counts, key dates, strongest conflicts and outlets. Then per
/// story, in that order: its title, summary and events (with citations `[n]`),
/// timeline, who said what, corroborations and conflicts; then what lies
/// outside every story, the entities, the numbered sources and the diagnostics.
pub fn to_markdown(report: &Report) -> String {
    let layout = Layout::new(report);
    let mut out = String::new();
    out.push_str("# Storyline report\n\n");
    let _ = writeln!(
        out,
        "{} · {}\n",
        summary_line(report),
        escape_markdown(&report.meta.generator)
    );

    write_overview(&mut out, &layout);
    for section in &layout.sections {
        write_section(&mut out, &layout, section);
    }

    if !layout.entities.is_empty() {
        out.push_str("## Entities\n\n");
        for entity in &layout.entities {
            let _ = write!(
                out,
                "- **{}** ({})",
                escape_markdown(&entity.name),
                crate::label(&entity.kind)
            );
            if !entity.aliases.is_empty() {
                let aliases: Vec<String> =
                    entity.aliases.iter().map(|a| escape_markdown(a)).collect();
                let _ = write!(out, " — also {}", aliases.join("; "));
            }
            let articles: Vec<String> = layout
                .entity_articles(entity)
                .iter()
                .map(|i| format!("[{}]", i + 1))
                .collect();
            let _ = write!(out, " — {}", plural(entity.mentions.len(), "mention"));
            if !articles.is_empty() {
                let _ = write!(out, " in {}", articles.join(" "));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !report.articles.is_empty() {
        out.push_str("## Sources\n\n");
        let unnamed = report
            .articles
            .iter()
            .filter(|a| a.outlet.as_deref().is_none_or(|o| o.trim().is_empty()))
            .count();
        if unnamed > 0 {
            let _ = writeln!(
                out,
                "{unnamed} of {} articles name no outlet (give one with a manifest, `--map outlet=FIELD` or an `outlet` field).\n",
                report.articles.len()
            );
        }
        for (i, article) in report.articles.iter().enumerate() {
            let _ = write!(
                out,
                "{}. {}",
                i + 1,
                escape_markdown(&article.source_name())
            );
            if let Some(title) = &article.title {
                let _ = write!(out, " — *{}*", escape_markdown(title));
            }
            let _ = write!(
                out,
                " — {}",
                article
                    .published
                    .as_deref()
                    .map_or("undated".into(), escape_markdown)
            );
            let _ = write!(
                out,
                " — {}",
                escape_markdown(article.url.as_deref().unwrap_or(&article.source))
            );
            if let Some(first) = layout.copy_of.get(&i) {
                let _ = write!(out, " (same text as [{}])", first + 1);
            }
            if let Some(note) = revision_note(article) {
                let _ = write!(out, " **({})**", escape_markdown(&note));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !report.revisions.is_empty() {
        out.push_str("## Revisions\n\n");
        for revised in &report.revisions {
            let _ = writeln!(
                out,
                "**{} {}**, now version {}:\n",
                marker(&layout, &revised.article),
                escape_markdown(&layout.outlet(&revised.article)),
                revised.revision
            );
            for change in &revised.changes {
                let quoted =
                    |t: Option<&str>| format!("“{}”", escape_markdown(t.unwrap_or("").trim()));
                let after = change.after.as_ref().map(|a| a.text.as_str());
                let line = match change.kind {
                    ChangeKind::Added => format!("added {}", quoted(after)),
                    ChangeKind::Removed => format!("removed {}", quoted(change.before.as_deref())),
                    ChangeKind::Edited => format!(
                        "edited {} → {}",
                        quoted(change.before.as_deref()),
                        quoted(after)
                    ),
                };
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
    }

    if !report.diagnostics.is_empty() {
        out.push_str("## Diagnostics\n\n");
        for d in &report.diagnostics {
            let _ = writeln!(
                out,
                "- {}: {}",
                escape_markdown(&d.source),
                escape_markdown(&d.message)
            );
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Key dates' and conflicts' texts are cut to this many characters in the overview.
const OVERVIEW_TEXT: usize = 160;

/// The overview: one numbered item per story, in the order of the sections.
fn write_overview(out: &mut String, layout: &Layout) {
    if layout.overview.is_empty() {
        return;
    }
    out.push_str("## Overview\n\n");
    out.push_str("Stories ranked by size, then recency; the details follow in the same order.\n\n");
    for (rank, overview) in layout.overview.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** — {}",
            rank + 1,
            escape_markdown(&overview.story.title),
            escape_markdown(&header_line(overview))
        );
        if !overview.key_dates.is_empty() {
            out.push_str("   - Key dates:\n");
            for entry in &overview.key_dates {
                let _ = write!(
                    out,
                    "     - **{}** — {}",
                    entry.date,
                    escape_markdown(&shorten(entry.text.trim(), OVERVIEW_TEXT))
                );
                if entry.background {
                    out.push_str(" *(background)*");
                }
                out.push('\n');
            }
        }
        if !overview.conflicts.is_empty() {
            out.push_str("   - Strongest conflicts:\n");
            for conflict in &overview.conflicts {
                let _ = writeln!(
                    out,
                    "     - {} (confidence {:.2}): {}",
                    escape_markdown(&shorten(&conflict.what, OVERVIEW_TEXT)),
                    conflict.confidence,
                    escape_markdown(&outlets(layout, conflict).join(" vs "))
                );
            }
        }
        let (named, more) = named_outlets(overview);
        let mut sources: Vec<String> = named
            .iter()
            .map(|(name, n)| format!("{} {n}", escape_markdown(name)))
            .collect();
        if more > 0 {
            sources.push(format!("and {}", plural(more, "more outlet")));
        }
        let _ = writeln!(out, "   - Sources: {}", sources.join(", "));
    }
    out.push('\n');
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}

fn write_section(out: &mut String, layout: &Layout, section: &Section) {
    match section.story {
        Some(story) => {
            let _ = writeln!(out, "## {}\n", escape_markdown(&story.title));
            if let Some(overview) = layout.overview.iter().find(|o| o.story.id == story.id) {
                let _ = writeln!(out, "*{}*\n", escape_markdown(&header_line(overview)));
            }
            if !story.summary.is_empty() {
                let _ = writeln!(out, "{}\n", cited_sentences(layout, &story.summary));
            }
        }
        None => out.push_str("## Outside any story\n\n"),
    }

    if !section.events.is_empty() {
        out.push_str("### Events\n\n");
        for event in &section.events {
            let date = event.date.map_or("undated".into(), |d| d.to_string());
            let _ = writeln!(out, "#### {date} — {}\n", escape_markdown(&event.title));
            if !event.summary.is_empty() {
                let _ = writeln!(out, "{}\n", cited_sentences(layout, &event.summary));
            }
            let sources: Vec<String> = event
                .reported_by
                .iter()
                .map(|group| {
                    let named = |id: &str| {
                        format!(
                            "{} {}",
                            marker(layout, id),
                            escape_markdown(&layout.outlet(id))
                        )
                    };
                    let mut line = named(&group.first);
                    if !group.copies.is_empty() {
                        let copies: Vec<String> = group.copies.iter().map(|id| named(id)).collect();
                        let credit = group.wire.as_deref().map_or(String::new(), |w| {
                            format!(" (wire credit {})", escape_markdown(w))
                        });
                        let _ = write!(line, ", copied by {}{credit}", copies.join(", "));
                    }
                    line
                })
                .collect();
            if !sources.is_empty() {
                let lead = if event.single_sourced {
                    "**Single source.** Reported by".to_string()
                } else {
                    format!(
                        "Reported by {} independent sources:",
                        event.reported_by.len()
                    )
                };
                let _ = writeln!(out, "{lead} {}.\n", sources.join("; "));
            }
        }
    }

    if !section.timeline.is_empty() {
        out.push_str("### Timeline\n\n");
        for entry in &section.timeline {
            let mut articles: BTreeSet<usize> = entry
                .sources
                .iter()
                .filter_map(|id| layout.position(id))
                .collect();
            articles.extend(
                entry
                    .citations
                    .iter()
                    .filter_map(|c| layout.position(&c.article)),
            );
            let markers: Vec<String> = articles.iter().map(|i| format!("[{}]", i + 1)).collect();
            let _ = write!(
                out,
                "- **{}** — {}",
                entry.date,
                escape_markdown(&entry.text)
            );
            if !markers.is_empty() {
                let _ = write!(out, " — {}", markers.join(" "));
            }
            if entry.background {
                out.push_str(" *(background)*");
            }
            if let Some(note) = sources_note(&entry.reported_by, entry.single_sourced) {
                let _ = write!(out, " *({note})*");
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !section.speakers.is_empty() {
        out.push_str("### Who said what\n\n");
        for speaker in &section.speakers {
            let name = speaker.name.map_or("Unattributed".into(), escape_markdown);
            let _ = writeln!(out, "**{name}**\n");
            for statement in &speaker.quotes {
                let _ = write!(out, "- {}", quote_line(layout, statement.quote));
                let copies: Vec<String> = statement
                    .copies
                    .iter()
                    .map(|q| {
                        format!(
                            "{} {}",
                            escape_markdown(&layout.outlet(&q.article)),
                            marker(layout, &q.article)
                        )
                    })
                    .collect();
                if !copies.is_empty() {
                    let _ = write!(out, " — also {}", copies.join(", "));
                }
                out.push('\n');
            }
            out.push('\n');
        }
    }

    if !section.corroborations.is_empty() {
        out.push_str("### Corroborations\n\n");
        for c in &section.corroborations {
            let markers: Vec<String> = c
                .claims
                .iter()
                .map(|cl| marker(layout, &cl.article))
                .collect();
            let _ = write!(
                out,
                "- {} — {}",
                escape_markdown(&c.what),
                escape_markdown(&outlets(layout, c).join(", "))
            );
            if !markers.is_empty() {
                let _ = write!(out, " {}", markers.join(" "));
            }
            if let Some(note) = sources_note(&c.reported_by, c.single_sourced) {
                let _ = write!(out, " *({note})*");
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !section.conflicts.is_empty() {
        out.push_str("### Conflicts\n\n");
        for c in &section.conflicts {
            let _ = writeln!(
                out,
                "- **{}** (confidence {:.2})",
                escape_markdown(&c.what),
                c.confidence
            );
            if let Some(why) = &c.why {
                let _ = writeln!(out, "  - why: {}", escape_markdown(&why.reason));
            }
            for claim in &c.claims {
                let _ = writeln!(
                    out,
                    "  - {}: “{}” {}",
                    escape_markdown(&layout.outlet(&claim.article)),
                    escape_markdown(claim.text.trim()),
                    marker(layout, &claim.article)
                );
            }
        }
        out.push('\n');
    }
}

/// One line of "who said what".
fn quote_line(layout: &Layout, quote: &QuoteRecord) -> String {
    let text = escape_markdown(quote.text.trim());
    let words = match quote.kind {
        QuoteKind::Direct => format!("“{text}”"),
        // A mixed statement carries its own quotation marks around the quoted words.
        QuoteKind::Mixed => format!("(partly quoted) {text}"),
        QuoteKind::Indirect => format!("(reported) {text}"),
    };
    let line = format!(
        "{words} — {} {}",
        escape_markdown(&layout.outlet(&quote.article)),
        marker(layout, &quote.article)
    );
    match quote_note(quote) {
        Some(note) => format!("{line} *({})*", escape_markdown(&note)),
        None => line,
    }
}

/// Sentences each followed by the marker of their source.
fn cited_sentences(layout: &Layout, sentences: &[Citation]) -> String {
    let parts: Vec<String> = sentences
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                escape_markdown(c.text.trim()),
                marker(layout, &c.article)
            )
        })
        .collect();
    escape_line_start(&parts.join(" "))
}

/// Escapes what would make an already escaped value open a list or heading when it starts a line:
/// a leading `-`, `+` or `=`, or a number followed by `.` or `)`.
fn escape_line_start(escaped: &str) -> String {
    let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
    match escaped.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => {
            format!("{}\\{}", &escaped[..digits], &escaped[digits..])
        }
        Some(b'-' | b'+' | b'=') if digits == 0 => format!("\\{escaped}"),
        _ => escaped.to_string(),
    }
}

/// The outlets behind a comparison: those of its claims' articles, else the ones it names.
pub(crate) fn outlets(layout: &Layout, comparison: &ComparisonRecord) -> Vec<String> {
    let mut seen = Vec::new();
    for claim in &comparison.claims {
        let outlet = layout.outlet(&claim.article);
        if !seen.contains(&outlet) {
            seen.push(outlet);
        }
    }
    if seen.is_empty() {
        seen = comparison.outlets.clone();
    }
    seen
}

/// `[n]` for the article with this id, `[?]` when it is not in the report.
fn marker(layout: &Layout, id: &str) -> String {
    layout
        .position(id)
        .map_or("[?]".into(), |i| format!("[{}]", i + 1))
}

/// "3 articles · 2 events · 1 story".
pub(crate) fn summary_line(report: &Report) -> String {
    format!(
        "{} · {} · {}",
        plural(report.meta.n_articles, "article"),
        plural(report.meta.n_events, "event"),
        plural(report.meta.n_stories, "story")
    )
}

pub(crate) fn plural(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "story") => format!("{n} stories"),
        _ => format!("{n} {noun}s"),
    }
}

/// Makes text from the wild inert in Markdown: backslash-escapes every character
/// that can start markup (emphasis, links, code, raw HTML, entities, tables) and
/// folds line breaks into spaces so a value cannot open a new block.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_markdown_neutralises_markup() {
        assert_eq!(escape_markdown("<b>a</b>"), r"\<b\>a\</b\>");
        assert_eq!(escape_markdown("[x](javascript:y)"), r"\[x\](javascript:y)");
        assert_eq!(escape_markdown("a\n# b"), r"a \# b");
        assert_eq!(escape_markdown("Vučić said “no”!"), "Vučić said “no”!");
        assert_eq!(escape_line_start("1999. A war"), r"1999\. A war");
        assert_eq!(escape_line_start("- a"), r"\- a");
        assert_eq!(escape_line_start("19 people"), "19 people");
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("Vučić said", 4), "Vuči…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
