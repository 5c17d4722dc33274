//! JSON and JSONL article records.

use chrono::NaiveDate;
use serde_json::Value;
use storyline_model::{parse_date, ContentKind, Hints, RawDocument};

use crate::mapping::{value_text, Field, FieldMap};
use crate::{compress, decode, Loaded, SourceError, MAX_FILE_BYTES};

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

/// The value of `field` in a record with the name it was found under: the
/// user's mapped record field first, then the synonyms (nulls count as absent).
fn find<'a>(
    record: &'a Value,
    fields: &FieldMap,
    field: Field,
    names: &[&str],
) -> Option<(String, &'a Value)> {
    fields
        .lookup_value(record, field)
        .filter(|(_, v)| !v.is_null())
        .or_else(|| {
            names.iter().find_map(|name| {
                record
                    .get(name)
                    .filter(|v| !v.is_null())
                    .map(|v| (name.to_string(), v))
            })
        })
}

/// A JSON value's kind, for messages: "a number", "an object", ...
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field whose value is of the wrong kind or unreadable.
fn wrong(name: &str, value: &Value, wanted: &str) -> String {
    format!("field `{name}` is {} ({wanted} expected)", kind_of(value))
}

/// The kinds of value a text field accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// An article body: a string, or an array of strings (paragraphs).
    Body,
    /// A metadata string (title, outlet, URL): a string only.
    Plain,
}

/// The text of a field, or why its value is of the wrong kind.
fn text_field(
    record: &Value,
    fields: &FieldMap,
    field: Field,
    names: &[&str],
    kind: TextKind,
) -> Result<Option<String>, String> {
    let Some((name, value)) = find(record, fields, field, names) else {
        return Ok(None);
    };
    match (value, kind) {
        (Value::String(_), _) => Ok(value_text(value)),
        (Value::Array(items), TextKind::Body) if items.iter().all(Value::is_string) => {
            Ok(value_text(value))
        }
        (_, TextKind::Body) => Err(wrong(&name, value, "a string or an array of strings")),
        (_, TextKind::Plain) => Err(wrong(&name, value, "a string")),
    }
}

/// A publication date: a date string or a Unix timestamp (string or number).
fn date(record: &Value, fields: &FieldMap) -> Result<Option<NaiveDate>, String> {
    let Some((name, value)) = find(record, fields, Field::Published, PUBLISHED_FIELDS) else {
        return Ok(None);
    };
    let text = match value {
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(wrong(&name, value, "a date")),
    };
    parse_date_or_timestamp(&text)
        .map(Some)
        .ok_or_else(|| format!("field `{name}`: cannot read {text:?} as a date"))
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

/// The metadata fields of a record (manifest line or article record). A field
/// of the wrong kind or an unreadable date is left out, and each is named in
/// the problems returned.
pub fn hints_from_record(record: &Value, fields: &FieldMap) -> (Hints, Vec<String>) {
    let mut problems = Vec::new();
    let mut keep = |result: Result<Option<String>, String>| {
        result.unwrap_or_else(|problem| {
            problems.push(format!("{problem}; field left out"));
            None
        })
    };
    let outlet = keep(text_field(
        record,
        fields,
        Field::Outlet,
        OUTLET_FIELDS,
        TextKind::Plain,
    ));
    let url = keep(text_field(
        record,
        fields,
        Field::Url,
        URL_FIELDS,
        TextKind::Plain,
    ));
    let title = keep(text_field(
        record,
        fields,
        Field::Title,
        TITLE_FIELDS,
        TextKind::Plain,
    ));
    let published = date(record, fields).unwrap_or_else(|problem| {
        problems.push(format!("{problem}; field left out"));
        None
    });
    let hints = Hints {
        outlet,
        published,
        url,
        title,
    };
    (hints, problems)
}

/// An article record as a document, with the problems of its metadata fields;
/// an error when it has no body or its body is not text.
fn record_to_doc(
    source: String,
    record: &Value,
    defaults: &Hints,
    fields: &FieldMap,
) -> Result<(RawDocument, Vec<String>), SourceError> {
    if !record.is_object() {
        return Err(SourceError::Record(format!(
            "record is {}, not an object",
            kind_of(record)
        )));
    }
    let (kind, content) = if let Some(text) =
        text_field(record, fields, Field::Text, TEXT_FIELDS, TextKind::Body)
            .map_err(SourceError::Record)?
    {
        (ContentKind::Text, text)
    } else if let Some(html) = text_field(record, fields, Field::Html, HTML_FIELDS, TextKind::Body)
        .map_err(SourceError::Record)?
    {
        (ContentKind::Html, html)
    } else {
        return Err(SourceError::NoBody);
    };
    let (mut hints, problems) = hints_from_record(record, fields);
    hints.outlet = hints.outlet.or_else(|| defaults.outlet.clone());
    hints.published = hints.published.or(defaults.published);
    Ok((
        RawDocument {
            source,
            kind,
            content,
            hints,
        },
        problems,
    ))
}

/// Adds a record's document to `loaded`, with a diagnostic per field left out.
fn take(
    loaded: &mut Loaded,
    source: String,
    result: Result<(RawDocument, Vec<String>), SourceError>,
) {
    match result {
        Ok((doc, problems)) => {
            for problem in problems {
                loaded.problem(source.clone(), problem);
            }
            loaded.docs.push(doc);
        }
        Err(error) => loaded.problem(source, error),
    }
}

/// A record that names a file but carries no body: a manifest read as articles.
fn is_manifest_record(record: &Value, fields: &FieldMap) -> bool {
    record.get("file").is_some()
        && find(record, fields, Field::Text, TEXT_FIELDS).is_none()
        && find(record, fields, Field::Html, HTML_FIELDS).is_none()
}

/// How article records are laid out in a file or buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// One record per line (`.jsonl`, `.ndjson`); each document is named `source#LINE`.
    JsonLines,
    /// One record, named `source`, or an array of them, named `source#N` (`.json`).
    Json,
}

/// Reads article records held in memory (a posted body, a message) exactly as
/// [`load`](crate::load) reads a `.jsonl` or `.json` file named `source`: a gzip
/// or zstd wrapper is removed, the bytes are decoded, field names are looked up
/// through `fields`, and `defaults` fill in the outlet and publication date a
/// record leaves out. Every problem is a diagnostic naming `source` and, for a
/// record, its line or position (`source#3`); the other records are still read.
///
/// ```
/// use storyline_model::Hints;
/// use storyline_source::{read_records, FieldMap, RecordFormat};
///
/// let body = b"{\"title\": \"One\", \"text\": \"Talks failed.\"}\nnot json\n";
/// let loaded = read_records("posted", body, RecordFormat::JsonLines, &Hints::default(), &FieldMap::default());
/// assert_eq!(loaded.docs[0].source, "posted#1");
/// assert_eq!(loaded.diagnostics[0].source, "posted#2");
/// ```
pub fn read_records(
    source: &str,
    bytes: &[u8],
    format: RecordFormat,
    defaults: &Hints,
    fields: &FieldMap,
) -> Loaded {
    let mut loaded = Loaded::default();
    match records_text(bytes) {
        Ok(text) => parse_records(source, &text, format, defaults, fields, &mut loaded),
        Err(error) => loaded.problem(source, error),
    }
    loaded
}

/// The text of in-memory records: size limit, wrapper and decoding as for a file.
fn records_text(bytes: &[u8]) -> Result<String, SourceError> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge(size));
    }
    if compress::Compression::from_magic(bytes) == compress::Compression::None {
        return decode::decode(bytes, false);
    }
    let opened = compress::open_bytes(bytes.to_vec())?;
    decode::decode(&compress::read_limited(opened, MAX_FILE_BYTES)?, false)
}

/// Reads decoded records in `format` into `loaded`.
pub(crate) fn parse_records(
    source: &str,
    text: &str,
    format: RecordFormat,
    defaults: &Hints,
    fields: &FieldMap,
    loaded: &mut Loaded,
) {
    match format {
        RecordFormat::JsonLines => read_json_lines(source, text, defaults, fields, loaded),
        RecordFormat::Json => read_json(source, text, defaults, fields, loaded),
    }
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
        let result = record_to_doc(record_source.clone(), &record, defaults, fields);
        take(loaded, record_source, result);
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
            Err(SourceError::NoBody) if single => loaded.problem(
                record_source,
                "JSON object is not an article record (no `text` or `html` field)",
            ),
            result => take(loaded, record_source, result),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_parse() {
        let want = NaiveDate::from_ymd_opt(2022, 11, 21);
        assert_eq!(parse_date_or_timestamp("2022-11-21T08:30:00+01:00"), want);
        assert_eq!(parse_date_or_timestamp("21 November 2022"), want);
        assert_eq!(parse_date_or_timestamp("last Monday"), None);
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
        let (doc, problems) =
            record_to_doc("d#1".into(), &record, &Hints::default(), &fields).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.content, "Mapped body.");
        assert_eq!(doc.hints.outlet.as_deref(), Some("Wire"));
        assert_eq!(doc.hints.title.as_deref(), Some("T"));
        assert_eq!(doc.hints.published, NaiveDate::from_ymd_opt(2022, 11, 21));
    }
}

#[cfg(test)]
mod typed_fields {
    use super::*;

    fn load(text: &str) -> Loaded {
        let mut loaded = Loaded::default();
        read_json_lines(
            "dump.jsonl",
            text,
            &Hints::default(),
            &FieldMap::default(),
            &mut loaded,
        );
        loaded
    }

    #[test]
    fn a_body_of_the_wrong_kind_skips_the_record_with_a_diagnostic() {
        let loaded = load("{\"text\": 42, \"title\": \"T\"}\n{\"text\": \"Fine body.\"}\n");
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(loaded.docs[0].source, "dump.jsonl#2");
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].source, "dump.jsonl#1");
        assert!(
            loaded.diagnostics[0]
                .message
                .contains("field `text` is a number"),
            "{}",
            loaded.diagnostics[0].message
        );
    }

    #[test]
    fn metadata_of_the_wrong_kind_or_unreadable_dates_are_left_out_and_named() {
        let loaded = load(
            "{\"text\": \"Body.\", \"title\": [\"a\", \"b\"], \"published\": \"not a date\"}\n{\"text\": \"Body two.\", \"date\": -5}\n",
        );
        assert_eq!(loaded.docs.len(), 2);
        assert_eq!(loaded.docs[0].hints.title, None);
        assert_eq!(loaded.docs[0].hints.published, None);
        let messages: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.source, d.message))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].starts_with("dump.jsonl#1: field `title` is an array"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("field `published`: cannot read \"not a date\""),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("dump.jsonl#2: field `date`: cannot read \"-5\""),
            "{messages:?}"
        );
    }

    #[test]
    fn array_elements_that_are_not_records_are_named() {
        let mut loaded = Loaded::default();
        read_json(
            "a.json",
            "[1, 2, {\"text\": 5}, {\"text\": \"Kept.\"}]",
            &Hints::default(),
            &FieldMap::default(),
            &mut loaded,
        );
        assert_eq!(loaded.docs.len(), 1);
        let messages: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("record is a number, not an object"));
        assert!(messages[2].contains("field `text` is a number"));
    }
}
