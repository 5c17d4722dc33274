//! JSON and JSONL article records.

use chrono::NaiveDate;
use serde_json::Value;
use storyline_model::{ContentKind, Hints, RawDocument};

use crate::{Loaded, SourceError};

/// Field names accepted for each part of a record, most common first.
const TEXT_FIELDS: &[&str] = &["text", "content", "body", "articleBody"];
const HTML_FIELDS: &[&str] = &["html", "raw_html", "page"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const OUTLET_FIELDS: &[&str] = &["outlet", "site_name", "publisher", "site"];
const PUBLISHED_FIELDS: &[&str] = &[
    "published",
    "date",
    "published_at",
    "datePublished",
    "pubDate",
];
const URL_FIELDS: &[&str] = &["url", "link", "canonical_url"];

fn string_field<'v>(record: &'v Value, names: &[&str]) -> Option<&'v str> {
    names
        .iter()
        .find_map(|name| record.get(name).and_then(|v| v.as_str()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Parses a publication date written as `2022-11-21`, an RFC 3339 timestamp or an RFC 2822 date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(head) = text.get(..10) {
        if let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            return Some(date);
        }
    }
    chrono::DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|d| d.date_naive())
}

/// The metadata fields of a record (manifest line or article record).
pub fn hints_from_record(record: &Value) -> Hints {
    Hints {
        outlet: string_field(record, OUTLET_FIELDS).map(String::from),
        published: string_field(record, PUBLISHED_FIELDS).and_then(parse_date),
        url: string_field(record, URL_FIELDS).map(String::from),
        title: string_field(record, TITLE_FIELDS).map(String::from),
    }
}

fn record_to_doc(
    source: String,
    record: &Value,
    defaults: &Hints,
) -> Result<RawDocument, SourceError> {
    let (kind, content) = if let Some(text) = string_field(record, TEXT_FIELDS) {
        (ContentKind::Text, text)
    } else if let Some(html) = string_field(record, HTML_FIELDS) {
        (ContentKind::Html, html)
    } else {
        return Err(SourceError::NoBody);
    };
    let mut hints = hints_from_record(record);
    hints.outlet = hints.outlet.or_else(|| defaults.outlet.clone());
    hints.published = hints.published.or(defaults.published);
    Ok(RawDocument {
        source,
        kind,
        content: content.to_string(),
        hints,
    })
}

/// A record that names a file but carries no body: a manifest read as articles.
fn is_manifest_record(record: &Value) -> bool {
    record.get("file").is_some()
        && string_field(record, TEXT_FIELDS).is_none()
        && string_field(record, HTML_FIELDS).is_none()
}

/// Reads a JSONL file: one record per line, `source#LINE` as each document's source.
pub fn read_json_lines(source: &str, text: &str, defaults: &Hints, loaded: &mut Loaded) {
    let mut manifest_lines = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record_source = format!("{source}#{}", index + 1);
        let record: Value = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                loaded.problem(record_source, SourceError::Json(error));
                continue;
            }
        };
        if is_manifest_record(&record) {
            manifest_lines += 1;
            continue;
        }
        match record_to_doc(record_source.clone(), &record, defaults) {
            Ok(doc) => loaded.docs.push(doc),
            Err(error) => loaded.problem(record_source, error),
        }
    }
    if manifest_lines > 0 {
        loaded.problem(
            source,
            format!("{manifest_lines} lines name files but hold no article: this looks like a manifest; pass it with --manifest"),
        );
    }
}

/// Reads a JSON file holding one article record or an array of them.
pub fn read_json(source: &str, text: &str, defaults: &Hints, loaded: &mut Loaded) {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return loaded.problem(source, SourceError::Json(error)),
    };
    let records = match value {
        Value::Array(records) => records,
        record @ Value::Object(_) => vec![record],
        _ => {
            return loaded.problem(
                source,
                "JSON is neither an article record nor an array of them",
            )
        }
    };
    let single = records.len() == 1;
    for (index, record) in records.iter().enumerate() {
        let record_source = if single {
            source.to_string()
        } else {
            format!("{source}#{}", index + 1)
        };
        match record_to_doc(record_source.clone(), record, defaults) {
            Ok(doc) => loaded.docs.push(doc),
            Err(SourceError::NoBody) if single => loaded.problem(
                record_source,
                "JSON object is not an article record (no `text` or `html` field)",
            ),
            Err(error) => loaded.problem(record_source, error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_shapes_parse() {
        let want = NaiveDate::from_ymd_opt(2022, 11, 21);
        assert_eq!(parse_date("2022-11-21"), want);
        assert_eq!(parse_date("2022-11-21T08:30:00+01:00"), want);
        assert_eq!(parse_date("Mon, 21 Nov 2022 08:30:00 GMT"), want);
        assert_eq!(parse_date("last Monday"), None);
    }
}
