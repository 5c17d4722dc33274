//! The page and its assets, and what every response passes through: the host
//! check, the security headers and the JSON answers for unknown routes.
//!
//! The page is one HTML shell for every page route (`/`, `/stories/{id}`,
//! `/articles/{id}`, `/entities/{name}`, `/outlets`, `/outlets/{name}`); `app.js` reads the path, fetches the API and builds the
//! DOM with `textContent` only. The three files are compiled into the binary.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::AppState;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// Only this server's own script, style and API; no inline code, no frames, no
/// other origin. Applied to every response, JSON included.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// The page shell.
pub(crate) async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

/// The page's script.
pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// The page's style sheet.
pub(crate) async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// No icon: an empty answer keeps browsers from logging a 404 on every page.
pub(crate) async fn favicon() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Unknown route.
pub(crate) async fn not_found(request: Request) -> AppError {
    AppError::NotFound(format!("no route {}", request.uri().path()))
}

/// Known route, wrong method.
pub(crate) async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Refuses requests for host names other than IP addresses, `localhost` and the
/// allowed names (a web page elsewhere cannot point a name of its own at
/// 127.0.0.1 and read the API through it), then adds the security headers.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}").to_string());
    let mut response = match host {
        Some(host) if !host_allowed(&host, &state.config().allowed_hosts) => {
            AppError::BadHost(host).into_response()
        }
        _ => next.run(request).await,
    };
    secure(response.headers_mut());
    response
}

fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
}

/// Whether a `Host` header names this server: an IP address, `localhost`, or an allowed name.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        match rest.split_once(']') {
            Some((ip, _)) => return ip.parse::<std::net::Ipv6Addr>().is_ok(),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => host,
        }
    };
    name.parse::<std::net::IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || allowed.iter().any(|a| a.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_on_this_machine_are_allowed_and_other_names_are_not() {
        for host in [
            "127.0.0.1:8080",
            "localhost:3000",
            "[::1]:8080",
            "127.0.0.1",
            "LOCALHOST",
        ] {
            assert!(host_allowed(host, &[]), "{host}");
        }
        for host in [
            "evil.example:8080",
            "evil.example",
            "[evil]:80",
            "localhost.evil.example",
        ] {
            assert!(!host_allowed(host, &[]), "{host}");
        }
        assert!(host_allowed("news.internal:443", &["news.internal".into()]));
    }
}
