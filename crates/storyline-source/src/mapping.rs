//! Field mapping for JSON and JSONL dumps whose field names are not ours.
//!
//! `--map text=body,title=headline,published=meta.date` names, for each article
//! field, the record field that holds it (dots walk into nested objects). A mapped
//! field is looked up first; the usual synonyms (`text`, `content`, `body`, ...)
//! still apply when it is absent, so one mapping serves a dump with mixed records.

use std::str::FromStr;

use serde_json::Value;

use crate::SourceError;

/// The article fields a mapping may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The plain-text body.
    Text,
    /// An HTML body.
    Html,
    /// The headline.
    Title,
    /// The publishing outlet.
    Outlet,
    /// The publication date.
    Published,
    /// The article's URL.
    Url,
}

impl Field {
    const ALL: [(&'static str, Field); 6] = [
        ("text", Field::Text),
        ("html", Field::Html),
        ("title", Field::Title),
        ("outlet", Field::Outlet),
        ("published", Field::Published),
        ("url", Field::Url),
    ];
}

/// Record field names (or dotted paths) for article fields, given by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    entries: Vec<(Field, Vec<String>)>,
}

impl FieldMap {
    /// Parses `field=name,field=name`; fields are `text`, `html`, `title`,
    /// `outlet`, `published` and `url`, names may be dotted paths (`meta.date`).
    pub fn parse(spec: &str) -> Result<FieldMap, SourceError> {
        let mut map = FieldMap::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = |message: String| SourceError::Mapping(message);
            let (field, name) = pair
                .split_once('=')
                .ok_or_else(|| bad(format!("`{pair}` is not FIELD=NAME")))?;
            let field = Field::ALL
                .iter()
                .find(|(label, _)| *label == field.trim())
                .map(|(_, field)| *field)
                .ok_or_else(|| {
                    bad(format!(
                        "unknown field `{}` (expected text, html, title, outlet, published or url)",
                        field.trim()
                    ))
                })?;
            let path: Vec<String> = name.trim().split('.').map(str::to_string).collect();
            if path.iter().any(String::is_empty) {
                return Err(bad(format!("`{pair}` names an empty record field")));
            }
            map.entries.retain(|(f, _)| *f != field);
            map.entries.push((field, path));
        }
        Ok(map)
    }

    /// Whether the map names no field.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value the user mapped `field` to in `record`, with its dotted path.
    pub(crate) fn lookup_value<'a>(
        &self,
        record: &'a Value,
        field: Field,
    ) -> Option<(String, &'a Value)> {
        let (_, path) = self.entries.iter().find(|(f, _)| *f == field)?;
        let mut value = record;
        for key in path {
            value = value.get(key)?;
        }
        Some((path.join("."), value))
    }
}

/// A record value as text: strings as they are, arrays of strings joined as
/// paragraphs, numbers written out; `None` when empty or of another kind.
pub(crate) fn value_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

impl FromStr for FieldMap {
    type Err = SourceError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        FieldMap::parse(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_fields_are_found_by_dotted_path() {
        let map = FieldMap::parse("text=body, published=meta.date,title=hed").unwrap();
        let record: Value = serde_json::from_str(
            r#"{"body": ["One.", "Two."], "meta": {"date": 1700000000}, "hed": " Head "}"#,
        )
        .unwrap();
        assert_eq!(
            map.lookup_value(&record, Field::Text)
                .and_then(|(_, v)| value_text(v))
                .as_deref(),
            Some("One.\n\nTwo.")
        );
        assert_eq!(
            map.lookup_value(&record, Field::Published)
                .and_then(|(_, v)| value_text(v))
                .as_deref(),
            Some("1700000000")
        );
        assert_eq!(
            map.lookup_value(&record, Field::Title)
                .and_then(|(_, v)| value_text(v))
                .as_deref(),
            Some("Head")
        );
        assert!(map.lookup_value(&record, Field::Url).is_none());
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        let error = FieldMap::parse("body=text").unwrap_err().to_string();
        assert!(error.contains("unknown field `body`"), "{error}");
        let error = FieldMap::parse("text").unwrap_err().to_string();
        assert!(error.contains("not FIELD=NAME"), "{error}");
        let error = FieldMap::parse("text=a..b").unwrap_err().to_string();
        assert!(error.contains("empty record field"), "{error}");
    }
}
