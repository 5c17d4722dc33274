//! One HTTP GET with the politeness that belongs to a single request: a user
//! agent, timeouts, a body size cap, conditional headers, and retries with
//! exponential backoff on 5xx, 429 and network failures (honouring
//! `Retry-After`).

use std::io::Read;
use std::time::Duration;

use crate::Config;

/// Validators from an earlier response, sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The earlier `ETag`.
    pub etag: Option<String>,
    /// The earlier `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A response, whatever its status (after retries).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The URL answered, after redirects.
    pub url: String,
    /// HTTP status.
    pub status: u16,
    /// `ETag`, if sent.
    pub etag: Option<String>,
    /// `Last-Modified`, if sent.
    pub last_modified: Option<String>,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The body (empty for 304 and for errors).
    pub body: Vec<u8>,
    /// Requests made, retries included.
    pub attempts: u32,
}

/// A blocking HTTP client with the run's limits.
pub struct Client {
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
    max_backoff: Duration,
    max_bytes: u64,
}

impl Client {
    /// A client for `config` (user agent, timeouts, retry policy, size cap).
    pub fn new(config: &Config) -> Client {
        let agent = ureq::AgentBuilder::new()
            .user_agent(&config.user_agent)
            .timeout_connect(config.timeout.min(Duration::from_secs(10)))
            .timeout(config.timeout)
            .redirects(5)
            .max_idle_connections_per_host(config.per_host.max(1))
            .build();
        Client {
            agent,
            retries: config.retries,
            backoff: config.backoff,
            max_backoff: config.max_backoff,
            max_bytes: config.max_page_bytes,
        }
    }

    /// GETs `url`, conditionally when `validators` are given. Retries 5xx, 429
    /// and network failures; returns the last answer whatever its status, or the
    /// reason no answer came.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Answer, String> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self.agent.get(url);
            if let Some(validators) = validators {
                if let Some(etag) = &validators.etag {
                    request = request.set("If-None-Match", etag);
                }
                if let Some(date) = &validators.last_modified {
                    request = request.set("If-Modified-Since", date);
                }
            }
            let response = match request.call() {
                Ok(response) => response,
                Err(ureq::Error::Status(status, response)) => {
                    let retryable = status == 429 || status >= 500;
                    let retry_after = response.header("Retry-After").and_then(parse_retry_after);
                    if retryable && attempt <= self.retries {
                        self.wait(attempt, retry_after)?;
                        continue;
                    }
                    response
                }
                Err(ureq::Error::Transport(transport)) => {
                    let reason = transport_reason(&transport);
                    let retryable = matches!(
                        transport.kind(),
                        ureq::ErrorKind::Dns
                            | ureq::ErrorKind::ConnectionFailed
                            | ureq::ErrorKind::Io
                    );
                    if retryable && attempt <= self.retries {
                        self.wait(attempt, None)?;
                        continue;
                    }
                    return Err(if attempt > 1 {
                        format!("{reason} (after {attempt} attempts)")
                    } else {
                        reason
                    });
                }
            };
            return self.read(response, attempt);
        }
    }

    /// Sleeps before retry `attempt`: exponential backoff, or the server's
    /// `Retry-After` when longer; a `Retry-After` beyond the cap gives up.
    fn wait(&self, attempt: u32, retry_after: Option<Duration>) -> Result<(), String> {
        let exponential = self
            .backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_backoff);
        let delay = match retry_after {
            Some(asked) if asked > self.max_backoff => {
                return Err(format!(
                    "server asked to retry after {} s, beyond the {} s limit",
                    asked.as_secs(),
                    self.max_backoff.as_secs()
                ))
            }
            Some(asked) => asked.max(exponential),
            None => exponential,
        };
        std::thread::sleep(delay);
        Ok(())
    }

    fn read(&self, response: ureq::Response, attempts: u32) -> Result<Answer, String> {
        let header = |name: &str| response.header(name).map(str::to_string);
        let mut answer = Answer {
            url: response.get_url().to_string(),
            status: response.status(),
            etag: header("ETag"),
            last_modified: header("Last-Modified"),
            content_type: header("Content-Type"),
            body: Vec::new(),
            attempts,
        };
        if answer.status != 200 {
            return Ok(answer);
        }
        response
            .into_reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut answer.body)
            .map_err(|error| format!("reading the body: {error}"))?;
        if answer.body.len() as u64 > self.max_bytes {
            return Err(format!("body larger than {} bytes", self.max_bytes));
        }
        Ok(answer)
    }
}

fn transport_reason(transport: &ureq::Transport) -> String {
    let kind = match transport.kind() {
        ureq::ErrorKind::InvalidUrl => "invalid URL",
        ureq::ErrorKind::UnknownScheme => "unsupported URL scheme",
        ureq::ErrorKind::Dns => "host name not found",
        ureq::ErrorKind::ConnectionFailed => "connection failed",
        ureq::ErrorKind::TooManyRedirects => "too many redirects",
        ureq::ErrorKind::Io => "network error or timeout",
        _ => "request failed",
    };
    match transport.message() {
        Some(message) => format!("{kind}: {message}"),
        None => kind.to_string(),
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
