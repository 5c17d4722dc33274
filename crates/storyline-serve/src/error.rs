//! The one error type of the HTTP layer and its JSON shape.
//!
//! Every failed request answers `{"error": {"code": "...", "message": "..."}}`
//! with a matching status. `code` is stable (clients branch on it, and
//! `docs/openapi.yaml` lists every one); `message` is for people and may change.
//! Internal errors are logged on stderr with their cause and answered with a
//! generic message: store paths, SQL and panics never reach a client.

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use storyline_model::Diagnostic;
use storyline_store::StoreError;

/// Why a request failed, mapped to a status and a stable code by [`IntoResponse`].
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A query parameter or path segment is malformed (`limit=ten`).
    #[error("{0}")]
    BadRequest(String),
    /// A search query holds no word to search for.
    #[error("search query has no words to search for; give at least one word")]
    EmptyQuery,
    /// A write without a valid `Authorization: Bearer` token.
    #[error("this request needs the write token: send `Authorization: Bearer <token>`")]
    Unauthorized,
    /// A write to a server started without a token: writes are off.
    #[error(
        "writes are disabled: start the server with --token (or STORYLINE_TOKEN) to enable them"
    )]
    WritesDisabled,
    /// The request names a host this server does not answer for (DNS rebinding guard).
    #[error("host {0:?} is not served here; use the address the server listens on, or start it with --allow-host")]
    BadHost(String),
    /// No such story, event, article, entity or route.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not for this method.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// The body exceeds the configured limit.
    #[error("request body too large (limit {0} bytes)")]
    PayloadTooLarge(usize),
    /// The body's content type is not one the endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The body was read but no article could be taken from it.
    #[error("no article could be read from the request body")]
    Unreadable(Vec<Diagnostic>),
    /// A bug or an environment failure (database locked, disk full); logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status and the stable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::EmptyQuery => (StatusCode::BAD_REQUEST, "empty_query"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::WritesDisabled => (StatusCode::FORBIDDEN, "writes_disabled"),
            AppError::BadHost(_) => (StatusCode::BAD_REQUEST, "bad_host"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Unreadable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unreadable_input"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// An internal error from anything printable; the text goes to the log only.
    pub fn internal(error: impl std::fmt::Display) -> AppError {
        AppError::Internal(error.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::EmptyQuery => AppError::EmptyQuery,
            other => AppError::internal(other),
        }
    }
}

impl From<storyline_pipeline::PipelineError> for AppError {
    fn from(error: storyline_pipeline::PipelineError) -> Self {
        match error {
            storyline_pipeline::PipelineError::Store(store) => store.into(),
            other => AppError::internal(other),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest(format!("bad query string: {}", rejection.body_text()))
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest(format!("bad path: {}", rejection.body_text()))
    }
}

/// Turns a body rejection into an error; the limit is only used for the message.
pub(crate) fn body_error(rejection: BytesRejection, limit: usize) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(limit)
    } else {
        AppError::BadRequest(format!(
            "cannot read the request body: {}",
            rejection.body_text()
        ))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            AppError::Internal(detail) => {
                // The detail may hold paths or SQL: log it, show a generic message.
                eprintln!("storyline serve: internal error: {detail}");
                "internal error; the server log has the details".to_string()
            }
            other => other.to_string(),
        };
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let AppError::Unreadable(problems) = &self {
            error["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        (status, Json(serde_json::json!({ "error": error }))).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_detail() {
        let response = AppError::internal("disk I/O error at /secret/path.db").into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn empty_store_query_is_a_client_error() {
        let error = AppError::from(StoreError::EmptyQuery);
        assert_eq!(
            error.status_and_code(),
            (StatusCode::BAD_REQUEST, "empty_query")
        );
    }
}
