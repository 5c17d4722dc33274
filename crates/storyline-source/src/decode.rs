//! Bytes to UTF-8: BOMs, declared HTML charsets, and refusing binary data.

use encoding_rs::Encoding;

use crate::SourceError;

/// How many leading bytes are inspected for binary data and charset declarations.
const SNIFF_BYTES: usize = 8192;

/// Decodes `bytes` to a `String`.
///
/// UTF-8 (with or without BOM) and UTF-16 with BOM are always accepted. HTML may
/// declare another charset in a `<meta>` tag; undeclared non-UTF-8 HTML is read as
/// windows-1252, as browsers do. Plain text must be UTF-8: guessing would silently
/// corrupt names and quotes, so it is refused with the offset of the first bad byte.
pub fn decode(bytes: &[u8], is_html: bool) -> Result<String, SourceError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return non_empty(text.into_owned());
    }
    let sniffed = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if looks_binary(sniffed) {
        return Err(SourceError::Binary(sniffed.len()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => non_empty(text.to_string()),
        Err(error) if is_html => {
            let encoding = declared_charset(sniffed).unwrap_or(encoding_rs::WINDOWS_1252);
            let encoding = if encoding == encoding_rs::UTF_8 {
                // A page that declares UTF-8 but is not: windows-1252 is the usual truth.
                let _ = error;
                encoding_rs::WINDOWS_1252
            } else {
                encoding
            };
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            non_empty(text.into_owned())
        }
        Err(error) => Err(SourceError::InvalidUtf8(error.valid_up_to())),
    }
}

/// Decodes an HTML page served with an HTTP `charset` parameter: a BOM wins,
/// then valid UTF-8 (taken without a copy), then the declared charset, then the
/// page's own declaration.
pub fn decode_served_html(bytes: Vec<u8>, charset: Option<&str>) -> Result<String, SourceError> {
    let sniffed = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if Encoding::for_bom(&bytes).is_some() || looks_binary(sniffed) {
        return decode_served_html_slow(&bytes, charset);
    }
    match String::from_utf8(bytes) {
        Ok(text) => non_empty(text),
        Err(error) => decode_served_html_slow(error.as_bytes(), charset),
    }
}

fn decode_served_html_slow(bytes: &[u8], charset: Option<&str>) -> Result<String, SourceError> {
    let declared = charset.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    match declared {
        Some(encoding)
            if encoding != encoding_rs::UTF_8
                && Encoding::for_bom(bytes).is_none()
                && std::str::from_utf8(bytes).is_err() =>
        {
            let sniffed = &bytes[..bytes.len().min(SNIFF_BYTES)];
            if looks_binary(sniffed) {
                return Err(SourceError::Binary(sniffed.len()));
            }
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            non_empty(text.into_owned())
        }
        _ => decode(bytes, true),
    }
}

fn non_empty(text: String) -> Result<String, SourceError> {
    if text.trim().is_empty() {
        Err(SourceError::Empty)
    } else {
        Ok(text)
    }
}

/// NUL bytes, or more than 10% control characters other than white space.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > bytes.len()
}

/// The charset named by `<meta charset=...>` or `content="...; charset=..."`.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// Whether text read from a `.txt` file is really a saved HTML page.
pub fn looks_like_html_page(text: &str) -> bool {
    let head = text
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1_html_is_decoded() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xe9</body></html>";
        assert!(decode(page, true).unwrap().contains("Café"));
    }

    #[test]
    fn a_served_charset_decodes_a_page_that_declares_none() {
        let page = b"<html><body>\x82\xb1\x82\xf1</body></html>";
        let text = decode_served_html(page.to_vec(), Some("Shift_JIS")).unwrap();
        assert!(text.contains("こん"), "{text}");
        assert_eq!(
            decode_served_html(b"<p>ok</p>".to_vec(), Some("iso-8859-1")).unwrap(),
            "<p>ok</p>"
        );
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xef\xbb\xbfHello", false).unwrap(), "Hello");
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert!(matches!(
            decode(b"  \n\t\n", false),
            Err(SourceError::Empty)
        ));
    }

    #[test]
    fn saved_pages_in_txt_files_are_recognised() {
        assert!(looks_like_html_page("\n<!DOCTYPE html><html>"));
        assert!(!looks_like_html_page("BRUSSELS (AP) — The talks"));
    }
}
