//! WARC files (ISO 28500) as crawlers and Common Crawl's news crawl write them.
//!
//! [`WarcReader`] streams records from any [`BufRead`] (a `.warc.gz` is read
//! through a multi-member gzip decoder, see [`crate::compress`]): a version line,
//! header lines, a blank line, then exactly `Content-Length` bytes of block. Only
//! one record's block is in memory at a time, and blocks over a size cap are
//! skipped without being read into memory. A malformed record is reported and the
//! reader looks for the next `WARC/` line; a truncated file ends the stream with
//! an error naming the record and its byte offset.
//!
//! [`HttpResponse::parse`] reads the HTTP message inside a `response` record
//! (status, headers, chunked transfer coding, gzip/deflate/zstd content coding).
//! [`write_record`] and [`http_response`] write records, for fixtures,
//! benchmarks and archiving.

use std::io::{self, BufRead, Read, Write};

use chrono::NaiveDate;

/// Record blocks larger than this are skipped (and reported), never read into memory.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;

/// Header lines longer than this are malformed.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// Headers per record (or per HTTP message) beyond which the record is malformed.
const MAX_HEADERS: usize = 512;

/// One WARC record: its headers and content block.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// 1-based position of the record in the file.
    pub number: usize,
    /// Byte offset of the record's version line in the (decompressed) stream.
    pub offset: u64,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The content block (`Content-Length` bytes).
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// `WARC-Type`: `response`, `request`, `warcinfo`, `metadata`, ...
    pub fn record_type(&self) -> Option<&str> {
        self.header("WARC-Type")
    }

    /// `WARC-Target-URI`, without the angle brackets some writers put around it.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI")
            .map(|uri| uri.trim_start_matches('<').trim_end_matches('>'))
            .filter(|uri| !uri.is_empty())
    }

    /// The capture date (`WARC-Date`).
    pub fn date(&self) -> Option<NaiveDate> {
        self.header("WARC-Date")
            .and_then(storyline_model::parse_date)
    }
}

fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What is wrong with a record.
#[derive(Debug, thiserror::Error)]
pub enum WarcProblem {
    /// Where a record should start there is something else.
    #[error("not a WARC record: expected a `WARC/1.x` line, found {0:?}")]
    NotWarc(String),
    /// A header line has no colon.
    #[error("malformed header line {0:?}")]
    BadHeader(String),
    /// A header line is over the length limit.
    #[error("header line longer than {MAX_HEADER_LINE} bytes")]
    LongLine,
    /// More header lines than any real record has.
    #[error("more than {MAX_HEADERS} header lines")]
    TooManyHeaders,
    /// The record has no usable `Content-Length`.
    #[error("no valid Content-Length header")]
    NoLength,
    /// The file ends inside the record's headers.
    #[error("truncated record: the file ends inside its headers")]
    TruncatedHeaders,
    /// The file ends inside the record's block.
    #[error("truncated record: Content-Length is {expected} bytes but only {found} follow")]
    Truncated {
        /// Bytes promised by `Content-Length`.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The block is over [`MAX_RECORD_BYTES`]; it was skipped.
    #[error("record block of {0} bytes is over the {MAX_RECORD_BYTES}-byte limit; skipped")]
    TooLarge(u64),
    /// The compressed stream ends early or is corrupt.
    #[error("the compressed stream is truncated or corrupt ({0})")]
    Stream(io::Error),
}

/// A problem with one record, where it was met.
#[derive(Debug, thiserror::Error)]
#[error("record {number} at byte {offset}: {problem}")]
pub struct WarcError {
    /// 1-based number of the record (the one being read when the problem was met).
    pub number: usize,
    /// Byte offset in the (decompressed) stream where the record starts.
    pub offset: u64,
    /// What is wrong.
    pub problem: WarcProblem,
}

/// A streaming reader of WARC records; see the module docs.
pub struct WarcReader<R> {
    reader: R,
    offset: u64,
    number: usize,
    done: bool,
    /// Set after a malformed record: lines are skipped until the next `WARC/` line.
    resyncing: bool,
    types: Option<Vec<String>>,
    max_block: u64,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `reader`, positioned at the start of a WARC stream.
    pub fn new(reader: R) -> Self {
        WarcReader {
            reader,
            offset: 0,
            number: 0,
            done: false,
            resyncing: false,
            types: None,
            max_block: MAX_RECORD_BYTES,
        }
    }

    /// Yields only records whose `WARC-Type` is one of `types`; the blocks of the
    /// others are skipped without being read into memory.
    pub fn only_types(mut self, types: &[&str]) -> Self {
        self.types = Some(types.iter().map(|t| t.to_ascii_lowercase()).collect());
        self
    }

    /// Sets the block size cap (default [`MAX_RECORD_BYTES`]).
    pub fn max_block(mut self, bytes: u64) -> Self {
        self.max_block = bytes;
        self
    }

    /// Bytes consumed so far (of the decompressed stream).
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// Reads one line (with its terminator) up to the line limit; `None` at the end.
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        Ok((n > 0).then_some(line))
    }

    fn error(number: usize, offset: u64, problem: WarcProblem) -> WarcError {
        WarcError {
            number,
            offset,
            problem,
        }
    }

    fn fatal(&mut self, number: usize, offset: u64, problem: WarcProblem) -> WarcError {
        self.done = true;
        Self::error(number, offset, problem)
    }

    /// Reads `len` bytes into memory, or skips them when `keep` is false.
    /// Returns the bytes read (or skipped) and the block.
    fn read_block(&mut self, len: u64, keep: bool) -> io::Result<(u64, Vec<u8>)> {
        let mut limited = (&mut self.reader).take(len);
        let (got, block) = if keep {
            let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
            let got = limited.read_to_end(&mut block)? as u64;
            (got, block)
        } else {
            (io::copy(&mut limited, &mut io::sink())?, Vec::new())
        };
        self.offset += got;
        Ok((got, block))
    }

    fn next_record(&mut self) -> Option<Result<WarcRecord, WarcError>> {
        loop {
            // The version line, after the blank lines that end the previous record.
            let (start, version) = loop {
                let start = self.offset;
                let line = match self.read_line() {
                    Ok(Some(line)) => line,
                    Ok(None) => {
                        self.done = true;
                        return None;
                    }
                    Err(error) => {
                        return Some(Err(self.fatal(
                            self.number + 1,
                            start,
                            WarcProblem::Stream(error),
                        )))
                    }
                };
                if line.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                if line.starts_with(b"WARC/") {
                    break (start, line);
                }
                if !self.resyncing {
                    self.resyncing = true;
                    let found = String::from_utf8_lossy(&line[..line.len().min(40)])
                        .trim_end()
                        .to_string();
                    return Some(Err(Self::error(
                        self.number + 1,
                        start,
                        WarcProblem::NotWarc(found),
                    )));
                }
            };
            let _ = version;
            self.resyncing = false;
            self.number += 1;
            let number = self.number;

            let mut headers: Vec<(String, String)> = Vec::new();
            let mut problem = None;
            loop {
                let line = match self.read_line() {
                    Ok(Some(line)) => line,
                    Ok(None) => {
                        return Some(Err(self.fatal(
                            number,
                            start,
                            WarcProblem::TruncatedHeaders,
                        )))
                    }
                    Err(error) => {
                        return Some(Err(self.fatal(number, start, WarcProblem::Stream(error))))
                    }
                };
                if !line.ends_with(b"\n") {
                    if line.len() as u64 == MAX_HEADER_LINE {
                        problem = Some(WarcProblem::LongLine);
                        break;
                    }
                    return Some(Err(self.fatal(
                        number,
                        start,
                        WarcProblem::TruncatedHeaders,
                    )));
                }
                let text = String::from_utf8_lossy(&line);
                let text = text.trim_end_matches(['\r', '\n']);
                if text.is_empty() {
                    break;
                }
                if text.starts_with([' ', '\t']) {
                    if let Some((_, value)) = headers.last_mut() {
                        value.push(' ');
                        value.push_str(text.trim());
                        continue;
                    }
                }
                let Some((name, value)) = text.split_once(':') else {
                    problem = Some(WarcProblem::BadHeader(text.chars().take(60).collect()));
                    break;
                };
                if headers.len() == MAX_HEADERS {
                    problem = Some(WarcProblem::TooManyHeaders);
                    break;
                }
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
            let length =
                find_header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok());
            let problem = problem.or(length.is_none().then_some(WarcProblem::NoLength));
            if let Some(problem) = problem {
                self.resyncing = true;
                return Some(Err(Self::error(number, start, problem)));
            }
            let length = length.unwrap_or(0);
            let wanted = match &self.types {
                Some(types) => find_header(&headers, "WARC-Type")
                    .is_some_and(|t| types.iter().any(|w| t.eq_ignore_ascii_case(w))),
                None => true,
            };
            let keep = wanted && length <= self.max_block;
            let (got, block) = match self.read_block(length, keep) {
                Ok(read) => read,
                Err(error) => {
                    return Some(Err(self.fatal(number, start, WarcProblem::Stream(error))))
                }
            };
            if got < length {
                return Some(Err(self.fatal(
                    number,
                    start,
                    WarcProblem::Truncated {
                        expected: length,
                        found: got,
                    },
                )));
            }
            if wanted && !keep {
                return Some(Err(Self::error(
                    number,
                    start,
                    WarcProblem::TooLarge(length),
                )));
            }
            if !wanted {
                continue;
            }
            return Some(Ok(WarcRecord {
                number,
                offset: start,
                headers,
                block,
            }));
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_record()
    }
}

/// The HTTP response inside a WARC `response` record.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code (200, 404, ...).
    pub status: u16,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body, with transfer and content codings removed.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Parses an HTTP response message. Codings are removed only when declared,
    /// and only when the bytes carry them: archives often store the decoded body
    /// under the original headers.
    pub fn parse(message: &[u8]) -> Result<HttpResponse, String> {
        Self::parse_owned(message.to_vec())
    }

    /// [`HttpResponse::parse`] taking the message by value, so the body is not copied.
    pub fn parse_owned(mut message: Vec<u8>) -> Result<HttpResponse, String> {
        let (head_end, body_start) = find_head_end(&message)
            .ok_or_else(|| "HTTP response without the blank line after its headers".to_string())?;
        let head = String::from_utf8_lossy(&message[..head_end]).into_owned();
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or("");
        if !status_line.starts_with("HTTP/") {
            return Err(format!(
                "not an HTTP response (status line {:?})",
                status_line.chars().take(40).collect::<String>()
            ));
        }
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
        let headers: Vec<(String, String)> = lines
            .take(MAX_HEADERS)
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
            .collect();
        message.drain(..body_start);
        let mut body = message;
        let chunked = find_header(&headers, "Transfer-Encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        if chunked {
            if let Some(joined) = dechunk(&body) {
                body = joined;
            }
        }
        if let Some(coding) = find_header(&headers, "Content-Encoding") {
            body = decode_content(coding, body)?;
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The media type of `Content-Type`, lower-cased, without parameters.
    pub fn media_type(&self) -> Option<String> {
        let value = self.header("Content-Type")?;
        let media = value.split(';').next().unwrap_or("").trim();
        (!media.is_empty()).then(|| media.to_ascii_lowercase())
    }

    /// The `charset` parameter of `Content-Type`.
    pub fn charset(&self) -> Option<&str> {
        let value = self.header("Content-Type")?;
        value.split(';').skip(1).find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches('"'))
        })
    }

    /// Whether the body is an HTML page: declared as such, or undeclared and
    /// starting like one.
    pub fn is_html(&self) -> bool {
        match self.media_type().as_deref() {
            Some("text/html" | "application/xhtml+xml") => true,
            Some(_) => false,
            None => {
                let head = &self.body[..self.body.len().min(512)];
                let head = String::from_utf8_lossy(head).to_ascii_lowercase();
                let head = head.trim_start();
                head.starts_with("<!doctype html") || head.starts_with("<html")
            }
        }
    }
}

/// Where the header section ends (the end of the last header line) and the
/// body starts: after the first empty line, CRLF or bare LF. Only the head is
/// scanned, line by line.
fn find_head_end(message: &[u8]) -> Option<(usize, usize)> {
    let mut line_start = 0;
    while let Some(newline) = message[line_start..].iter().position(|&b| b == b'\n') {
        let line_end = line_start + newline;
        let line = &message[line_start..line_end];
        if line.is_empty() || line == b"\r" {
            return Some((line_start, line_end + 1));
        }
        line_start = line_end + 1;
    }
    None
}

/// Joins a chunked body; `None` when the bytes are not chunked after all.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        let chunk = rest.get(..size)?;
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            // Some crawlers drop the final zero chunk.
            return Some(out);
        }
    }
}

/// Removes a declared content coding when the bytes carry it.
fn decode_content(coding: &str, body: Vec<u8>) -> Result<Vec<u8>, String> {
    let limit = MAX_RECORD_BYTES * 4;
    let mut out = Vec::new();
    let read = match coding.trim().to_ascii_lowercase().as_str() {
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .take(limit)
                .read_to_end(&mut out)
        }
        "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => {
            flate2::read::ZlibDecoder::new(body.as_slice())
                .take(limit)
                .read_to_end(&mut out)
        }
        "zstd" if body.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) => {
            let decoder = ruzstd::decoding::StreamingDecoder::new(body.as_slice())
                .map_err(|e| format!("zstd body: {e}"))?;
            decoder.take(limit).read_to_end(&mut out)
        }
        "br" => return Err("brotli-encoded body (not supported)".to_string()),
        _ => return Ok(body),
    };
    read.map_err(|error| format!("{coding}-encoded body cannot be decoded: {error}"))?;
    Ok(out)
}

/// Writes one WARC/1.0 record of `warc_type` with `headers` (besides the
/// version line, `WARC-Type` and `Content-Length`, which are written here) and `block`.
pub fn write_record<W: Write>(
    out: &mut W,
    warc_type: &str,
    headers: &[(&str, &str)],
    block: &[u8],
) -> io::Result<()> {
    write!(out, "WARC/1.0\r\nWARC-Type: {warc_type}\r\n")?;
    for (name, value) in headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    write!(out, "Content-Length: {}\r\n\r\n", block.len())?;
    out.write_all(block)?;
    out.write_all(b"\r\n\r\n")
}

/// An HTTP/1.1 response message with `status`, a `Content-Type` and `body`.
pub fn http_response(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        if status == 200 { "OK" } else { "Status" },
        body.len()
    )
    .into_bytes();
    message.extend_from_slice(body);
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response_record(out: &mut Vec<u8>, uri: &str, http: &[u8]) {
        write_record(
            out,
            "response",
            &[
                ("WARC-Target-URI", uri),
                ("WARC-Date", "2024-03-05T10:00:00Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            http,
        )
        .unwrap();
    }

    #[test]
    fn records_stream_with_their_headers_and_offsets() {
        let mut file = Vec::new();
        write_record(&mut file, "warcinfo", &[], b"software: test").unwrap();
        let second = file.len() as u64;
        response_record(
            &mut file,
            "<https://news.example/a>",
            &http_response(200, "text/html", b"<p>A</p>"),
        );
        let records: Vec<WarcRecord> = WarcReader::new(file.as_slice())
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].number, 2);
        assert_eq!(records[1].offset, second);
        assert_eq!(records[1].target_uri(), Some("https://news.example/a"));
        assert_eq!(records[1].date(), NaiveDate::from_ymd_opt(2024, 3, 5));
        let only: Vec<_> = WarcReader::new(file.as_slice())
            .only_types(&["response"])
            .collect();
        assert_eq!(only.len(), 1);
    }

    #[test]
    fn a_truncated_record_ends_the_stream_with_its_offset() {
        let mut file = Vec::new();
        response_record(
            &mut file,
            "https://a",
            &http_response(200, "text/html", b"one"),
        );
        let second = file.len() as u64;
        response_record(
            &mut file,
            "https://b",
            &http_response(200, "text/html", b"two"),
        );
        file.truncate(file.len() - 10);
        let items: Vec<_> = WarcReader::new(file.as_slice()).collect();
        assert!(items[0].is_ok());
        let error = items[1].as_ref().unwrap_err();
        assert_eq!(error.number, 2);
        assert_eq!(error.offset, second);
        assert!(error.to_string().contains("truncated record"), "{error}");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn junk_between_records_is_reported_once_and_skipped() {
        let mut file = Vec::new();
        response_record(
            &mut file,
            "https://a",
            &http_response(200, "text/html", b"one"),
        );
        file.extend_from_slice(b"garbage line\nmore garbage\n");
        response_record(
            &mut file,
            "https://b",
            &http_response(200, "text/html", b"two"),
        );
        let items: Vec<_> = WarcReader::new(file.as_slice()).collect();
        assert_eq!(items.len(), 3);
        assert!(matches!(
            items[1].as_ref().unwrap_err().problem,
            WarcProblem::NotWarc(_)
        ));
        assert_eq!(items[2].as_ref().unwrap().target_uri(), Some("https://b"));
    }

    #[test]
    fn oversized_blocks_are_skipped_and_reported() {
        let mut file = Vec::new();
        response_record(&mut file, "https://big", &vec![b'x'; 500]);
        response_record(&mut file, "https://small", b"HTTP/1.1 200 OK\r\n\r\nok");
        let items: Vec<_> = WarcReader::new(file.as_slice()).max_block(100).collect();
        assert!(matches!(
            items[0].as_ref().unwrap_err().problem,
            WarcProblem::TooLarge(_)
        ));
        assert_eq!(
            items[1].as_ref().unwrap().target_uri(),
            Some("https://small")
        );
    }

    #[test]
    fn chunked_and_gzip_bodies_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html><body>Hello</body></html>").unwrap();
        let gz = gz.finish().unwrap();
        let mut message = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        let (a, b) = gz.split_at(10);
        for chunk in [a, b] {
            message.extend(format!("{:x}\r\n", chunk.len()).bytes());
            message.extend_from_slice(chunk);
            message.extend(b"\r\n");
        }
        message.extend(b"0\r\n\r\n");
        let response = HttpResponse::parse(&message).unwrap();
        assert_eq!(response.body, b"<html><body>Hello</body></html>");
        assert_eq!(response.charset(), Some("ISO-8859-1"));
        assert!(response.is_html());
    }

    #[test]
    fn declared_codings_absent_from_the_bytes_are_left_alone() {
        let message = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n<html>already decoded</html>";
        let response = HttpResponse::parse(message).unwrap();
        assert_eq!(response.body, b"<html>already decoded</html>");
        assert!(response.is_html());
        assert!(HttpResponse::parse(b"GET / HTTP/1.1\r\n\r\n").is_err());
    }
}
