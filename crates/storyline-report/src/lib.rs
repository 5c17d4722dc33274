//! Renders storyline's analysis of a corpus as JSON, Markdown or self-contained HTML.
//!
//! [`Report::build`] gathers the annotated articles, the corpus analysis and the
//! diagnostics into one [`Report`]: the JSON contract other tools read (described
//! key by key in `docs/report-format.md`). The renderers only read a `Report`, so a
//! report saved as JSON can be rendered again later.
//!
//! **Invariant:** every span-bearing item names an article and byte offsets such
//! that `article.text.as_bytes()[start..end]` decodes to exactly its `text`.
//! `Report::build` checks every span and repairs or drops (with a diagnostic) any
//! that does not, so consumers can rely on it.
//!
//! ```
//! use storyline_model::{Article, CorpusAnalysis, Diagnostic, Doc};
//! use storyline_report::{to_html, to_json, to_markdown, Report};
//!
//! let article = Article::new("a1", "seeds/ap.txt", "Talks failed on Monday.");
//! let unreadable = Diagnostic { source: "seeds/broken.pdf".into(), message: "not UTF-8".into() };
//! let report = Report::build(&[Doc::new(article)], &CorpusAnalysis::default(), &[unreadable]);
//!
//! let json = to_json(&report);
//! let again: Report = serde_json::from_str(&json).unwrap();
//! assert_eq!(again, report);
//! assert!(to_markdown(&report).contains("## Diagnostics"));
//! assert!(to_html(&report).contains("<mark") == false);
//! ```

mod chart;
mod day;
mod html;
mod layout;
mod markdown;
mod overview;
mod report;

#[cfg(test)]
mod tests;

pub use html::to_html;
pub use markdown::{escape_markdown, to_markdown};
pub use report::*;

/// Renders the report as pretty-printed JSON, ending with a newline.
pub fn to_json(report: &Report) -> String {
    // Serialising plain structs with string keys cannot fail.
    let mut json = serde_json::to_string_pretty(report).expect("a Report always serialises");
    json.push('\n');
    json
}

/// Writes the report as [`to_json`] renders it, streaming: a large corpus's
/// report is never held in memory as one string.
pub fn write_json(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The JSON spelling of a unit enum value (`person`, `direct`), for display.
fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
