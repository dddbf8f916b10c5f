//! The HTTP endpoints.
//!
//! Main listener: `POST /v1/verify`, `POST /v1/hooks/okta`, `GET /status`, `GET /metrics`
//! (all with the secret), `GET /healthz`, `GET /readyz` (without). Admin listener (loopback by
//! default): `GET /status`, `GET /metrics`, `GET /healthz`, `GET /readyz`, without the secret.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::login::{AppState, Verdict, attempt};
use crate::metrics::Rejection;

type Shared = Arc<AppState>;

/// The main listener's routes.
pub fn main_router(state: Shared) -> Router {
    let limit = state.config.body_limit;
    let protected = Router::new()
        .route("/v1/verify", post(verify))
        .route("/v1/hooks/okta", post(okta))
        .route("/status", get(status))
        .route("/metrics", get(metrics))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_secret,
        ));
    Router::new()
        .merge(protected)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(access_log))
        .with_state(state)
}

/// One log line per request: method, path, status and time; never a header or the body.
/// Server errors at `warn`, the rest at `debug` (`--log debug` shows them).
async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let took = started.elapsed();
    if response.status().is_server_error() {
        tracing::warn!(%method, %path, status, ?took, "request");
    } else {
        tracing::debug!(%method, %path, status, ?took, "request");
    }
    response
}

/// The admin listener's routes.
pub fn admin_router(state: Shared) -> Router {
    Router::new()
        .route("/status", get(status))
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .with_state(state)
}

async fn require_secret(State(state): State<Shared>, request: Request, next: Next) -> Response {
    if state
        .config
        .secrets
        .admits(request.headers().get(header::AUTHORIZATION))
    {
        next.run(request).await
    } else {
        state.metrics.rejected(Rejection::Unauthorized);
        ApiError::Unauthorized.into_response()
    }
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// A JSON body of type `T`, read within the body limit; anything else is a 400 or 413 with an
/// error body that says what is wrong (never echoing the body).
struct Body<T>(T);

impl<T: DeserializeOwned> FromRequest<Shared> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, ApiError> {
        let limit = state.config.body_limit;
        // A declared length over the limit is refused at once, before a byte of the body is
        // read: a client announcing a gigabyte gets its 413 without being waited for.
        let declared = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(ApiError::TooLarge(limit));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(limit)
            } else {
                ApiError::BadRequest("the request body could not be read".into())
            }
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            // serde's message names the field or the position, never the value.
            let what = match e.classify() {
                serde_json::error::Category::Data => format!("unexpected JSON: {e}"),
                _ => format!("not JSON: {e}"),
            };
            ApiError::BadRequest(what)
        })
    }
}

/// `POST /v1/verify` body. Other members are ignored, so that callers may send what their
/// platform hands them.
#[derive(Deserialize)]
struct VerifyRequest {
    /// User name or e-mail address.
    username: String,
    password: String,
    /// The end user's address, when the caller is a platform calling on their behalf.
    #[serde(default)]
    client_ip: Option<String>,
}

/// `POST /v1/verify`: `{username, password[, client_ip]}` -> `{valid, scheme, profile}`.
async fn verify(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Body<VerifyRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let Body(req) = body.inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let password = Zeroizing::new(req.password.into_bytes());
    let client = req.client_ip.unwrap_or_else(|| peer.ip().to_string());
    let verdict = attempt(&state, &req.username, password, &client).await;
    state.metrics.request("verify", started.elapsed());
    Ok(Json(match verdict? {
        Verdict::Valid(account, scheme) => json!({
            "valid": true,
            "scheme": scheme,
            "profile": account.profile_json(),
        }),
        Verdict::Invalid => json!({"valid": false, "scheme": null, "profile": null}),
        Verdict::Locked => {
            json!({"valid": false, "scheme": null, "profile": null, "locked": true})
        }
    }))
}

/// Okta's password import inline hook request: only the parts read here.
/// <https://developer.okta.com/docs/reference/password-hook/>
#[derive(Deserialize)]
struct OktaRequest {
    data: OktaData,
}

#[derive(Deserialize)]
struct OktaData {
    context: OktaContext,
}

#[derive(Deserialize)]
struct OktaContext {
    credential: OktaCredential,
    #[serde(default)]
    request: Option<OktaOrigin>,
}

#[derive(Deserialize)]
struct OktaCredential {
    username: String,
    password: String,
}

#[derive(Deserialize)]
struct OktaOrigin {
    #[serde(default, rename = "ipAddress")]
    ip_address: Option<String>,
}

/// The hook's answer: the `com.okta.action.update` command with `VERIFIED` or `UNVERIFIED`.
fn okta_answer(verified: bool) -> Json<Value> {
    let credential = if verified { "VERIFIED" } else { "UNVERIFIED" };
    Json(json!({
        "commands": [{"type": "com.okta.action.update", "value": {"credential": credential}}]
    }))
}

/// `POST /v1/hooks/okta`: Okta's password import inline hook
/// (`data.context.credential.{username,password}` in, a `com.okta.action.update` command out).
/// A throttled login, a locked account and a stored credential that cannot be judged are
/// answered `UNVERIFIED`; overload and an unreachable store are 503s, which Okta reports as
/// a failed sign-in the user can retry.
async fn okta(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Body<OktaRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let Body(req) = body.inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let OktaContext {
        credential,
        request,
    } = req.data.context;
    let password = Zeroizing::new(credential.password.into_bytes());
    let client = request
        .and_then(|r| r.ip_address)
        .unwrap_or_else(|| peer.ip().to_string());
    let verdict = attempt(&state, &credential.username, password, &client).await;
    state.metrics.request("okta", started.elapsed());
    match verdict {
        Ok(Verdict::Valid(..)) => Ok(okta_answer(true)),
        Ok(Verdict::Invalid | Verdict::Locked)
        | Err(ApiError::Throttled(_) | ApiError::Credential(_)) => Ok(okta_answer(false)),
        Err(e) => Err(e),
    }
}

/// `GET /metrics`.
async fn metrics(State(state): State<Shared>) -> Result<Response, ApiError> {
    let census = state
        .store
        .census()
        .await
        .map_err(|e| ApiError::store(e, state.config.retry_after))?;
    let text = state.metrics.render(
        &census,
        state.pool.queued(),
        state.pool.threads(),
        state.pool.depth(),
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// `GET /status`: the migration's progress per scheme, as a page with a chart, or as JSON
/// when the request accepts `application/json` (and not `text/html`).
async fn status(State(state): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let census = state
        .store
        .census()
        .await
        .map_err(|e| ApiError::store(e, state.config.retry_after))?;
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("application/json") && !accept.contains("text/html") {
        return Ok(Json(json!({"schemes": census})).into_response());
    }
    Ok(Html(crate::status::page(&census, state.store.engine())).into_response())
}

/// `GET /healthz`: the process answers.
async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: the store answers.
async fn readyz(State(state): State<Shared>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(json!({"status": "ready"})).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            ApiError::StoreUnavailable(state.config.retry_after).into_response()
        }
    }
}
