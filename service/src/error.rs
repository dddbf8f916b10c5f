//! The answers to requests that are not a verdict: a status, an error body
//! `{"error":{"kind":..,"message":..}}`, and `Retry-After` where trying again will help.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hashbridge::Detail;

use crate::store::StoreError;

/// A request that could not be answered with a verdict.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The body is not JSON of the endpoint's shape (400).
    #[error("{0}")]
    BadRequest(String),
    /// The body is over the limit (413).
    #[error("the request body is over {0} bytes")]
    TooLarge(usize),
    /// No secret, or not one of ours (401).
    #[error("a valid `Authorization: Bearer <secret>` header is required")]
    Unauthorized,
    /// Too many failed logins for this account or client (429).
    #[error("too many failed logins; try again later")]
    Throttled(Duration),
    /// The hashing queue is full (503).
    #[error("the service is at capacity; try again")]
    Overloaded(Duration),
    /// The store cannot be reached (503).
    #[error("the credential store is unavailable; try again")]
    StoreUnavailable(Duration),
    /// The stored credential could not be judged (422): malformed, unsupported, over a limit.
    #[error("the stored credential cannot be verified: {0}")]
    Credential(hashbridge::Error),
    /// Anything else (500).
    #[error("internal error")]
    Internal,
    /// No such endpoint (404).
    #[error("no such endpoint")]
    NotFound,
    /// The endpoint exists but does not answer this method (405; the `Allow` header lists
    /// the methods it answers).
    #[error("the endpoint does not answer this method")]
    MethodNotAllowed,
}

impl ApiError {
    /// The store error as an answer: unavailable is 503, anything else 500 (and logged).
    pub fn store(e: StoreError, retry: Duration) -> ApiError {
        match e {
            StoreError::Unavailable(why) => {
                tracing::warn!(%why, "store unavailable");
                ApiError::StoreUnavailable(retry)
            }
            other => {
                tracing::error!(error = %other, "store error");
                ApiError::Internal
            }
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, Option<Duration>) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "malformed", None),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", None),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", None),
            ApiError::Throttled(d) => (StatusCode::TOO_MANY_REQUESTS, "throttled", Some(*d)),
            ApiError::Overloaded(d) => (StatusCode::SERVICE_UNAVAILABLE, "overloaded", Some(*d)),
            ApiError::StoreUnavailable(d) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "store_unavailable",
                Some(*d),
            ),
            ApiError::Credential(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.kind().as_str(), None),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", None),
            ApiError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, retry) = self.parts();
        let mut error = serde_json::json!({"kind": kind, "message": self.to_string()});
        if let ApiError::Credential(e) = &self {
            // The credential error's fields (`scheme`, `param`, `limit`, ...), as the Python and
            // Node packages carry them on their exceptions.
            for (name, value) in e.details() {
                error[name] = match value {
                    Detail::Text(t) => t.into(),
                    Detail::Number(n) => n.into(),
                    Detail::List(l) => l.into(),
                    other => format!("{other:?}").into(),
                };
            }
        }
        let body = serde_json::json!({ "error": error });
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(d) = retry {
            // Whole seconds, at least one (RFC 9110 §10.2.3).
            let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
