//! JSON and JSONL article records.

use chrono::NaiveDate;
use serde_json::Value;
use storyline_model::{ContentKind, Hints, RawDocument};

use crate::mapping::{value_text, Field, FieldMap};
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

/// The text of `field`: the user's mapped record field first, then the synonyms.
fn field(record: &Value, fields: &FieldMap, field: Field, names: &[&str]) -> Option<String> {
    fields.lookup(record, field).or_else(|| {
        names
            .iter()
            .find_map(|name| record.get(name).and_then(value_text))
    })
}

/// A date, or a Unix timestamp in seconds or milliseconds (as dumps often store them).
fn parse_date_or_timestamp(text: &str) -> Option<NaiveDate> {
    let number = text.trim().parse::<i64>().ok();
    if let Some(number) = number.filter(|n| n.abs() >= 100_000_000) {
        let seconds = if number.abs() > 100_000_000_000 {
            number / 1000
        } else {
            number
        };
        return chrono::DateTime::from_timestamp(seconds, 0).map(|d| d.date_naive());
    }
    parse_date(text)
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
pub fn hints_from_record(record: &Value, fields: &FieldMap) -> Hints {
    Hints {
        outlet: field(record, fields, Field::Outlet, OUTLET_FIELDS),
        published: field(record, fields, Field::Published, PUBLISHED_FIELDS)
            .as_deref()
            .and_then(parse_date_or_timestamp),
        url: field(record, fields, Field::Url, URL_FIELDS),
        title: field(record, fields, Field::Title, TITLE_FIELDS),
    }
}

fn record_to_doc(
    source: String,
    record: &Value,
    defaults: &Hints,
    fields: &FieldMap,
) -> Result<RawDocument, SourceError> {
    let (kind, content) = if let Some(text) = field(record, fields, Field::Text, TEXT_FIELDS) {
        (ContentKind::Text, text)
    } else if let Some(html) = field(record, fields, Field::Html, HTML_FIELDS) {
        (ContentKind::Html, html)
    } else {
        return Err(SourceError::NoBody);
    };
    let mut hints = hints_from_record(record, fields);
    hints.outlet = hints.outlet.or_else(|| defaults.outlet.clone());
    hints.published = hints.published.or(defaults.published);
    Ok(RawDocument {
        source,
        kind,
        content,
        hints,
    })
}

/// A record that names a file but carries no body: a manifest read as articles.
fn is_manifest_record(record: &Value, fields: &FieldMap) -> bool {
    record.get("file").is_some()
        && field(record, fields, Field::Text, TEXT_FIELDS).is_none()
        && field(record, fields, Field::Html, HTML_FIELDS).is_none()
}

/// Reads a JSONL file: one record per line, `source#LINE` as each document's source.
pub fn read_json_lines(
    source: &str,
    text: &str,
    defaults: &Hints,
    fields: &FieldMap,
    loaded: &mut Loaded,
) {
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
        if is_manifest_record(&record, fields) {
            manifest_lines += 1;
            continue;
        }
        match record_to_doc(record_source.clone(), &record, defaults, fields) {
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
pub fn read_json(
    source: &str,
    text: &str,
    defaults: &Hints,
    fields: &FieldMap,
    loaded: &mut Loaded,
) {
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
        match record_to_doc(record_source.clone(), record, defaults, fields) {
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
        assert_eq!(parse_date_or_timestamp("1669019400"), want);
        assert_eq!(parse_date_or_timestamp("1669019400000"), want);
    }

    #[test]
    fn a_mapped_field_wins_over_synonyms_and_synonyms_still_apply() {
        let fields = FieldMap::parse("text=story,published=ts,outlet=src.name").unwrap();
        let record: Value = serde_json::from_str(
            r#"{"story": "Mapped body.", "text": "Other body.", "ts": 1669019400, "src": {"name": "Wire"}, "title": "T"}"#,
        )
        .unwrap();
        let doc = record_to_doc("d#1".into(), &record, &Hints::default(), &fields).unwrap();
        assert_eq!(doc.content, "Mapped body.");
        assert_eq!(doc.hints.outlet.as_deref(), Some("Wire"));
        assert_eq!(doc.hints.title.as_deref(), Some("T"));
        assert_eq!(doc.hints.published, NaiveDate::from_ymd_opt(2022, 11, 21));
    }
}
