//! The HTTP endpoints.
//!
//! Main listener: `POST /v1/verify`, `POST /v1/lookup`, `POST /v1/hooks/okta`, `GET /status`,
//! `GET /metrics` (all with the secret), `GET /healthz`, `GET /readyz` (without). Admin listener
//! (loopback by default): `GET /status`, `GET /metrics`, `GET /healthz`, `GET /readyz`, without
//! the secret. An unknown path is a 404 and a method an endpoint does not answer a 405 (with
//! `Allow`), both with the error body of every other error.
//!
//! The callers hold the secret: they are platforms' script runners, Lambdas, login code, all
//! calling on behalf of end users from their own addresses. The per-client throttle therefore
//! keys on the end user's address when the caller reports it (`client_ip`, Okta's
//! `data.context.request.ipAddress`) and is skipped when it does not; the connection's peer
//! address is never used, since it is the platform's and shared by all its users.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
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
        .route("/v1/lookup", post(lookup))
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
        // After every route: it applies to the routes registered so far. A wrong method is
        // answered before the secret is checked; it reveals no more than the 404 does.
        .method_not_allowed_fallback(method_not_allowed)
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
        .method_not_allowed_fallback(method_not_allowed)
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

/// axum adds the `Allow` header listing the route's methods.
async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The end user's address a caller reported in `field`: `None` when absent or empty, an
/// IPv4-mapped IPv6 address as its IPv4 form, a port (`203.0.113.7:51234`,
/// `[2001:db8::1]:443`) dropped. Anything else is a 400: a caller that sends the field means
/// the throttle to use it.
fn end_user_address(value: Option<&str>, field: &str) -> Result<Option<IpAddr>, ApiError> {
    let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|a| a.ip()))
        .map(|ip| Some(ip.to_canonical()))
        .map_err(|_| ApiError::BadRequest(format!("{field} is not an IP address")))
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
    /// The end user's address, as the caller saw it; the per-client throttle applies only
    /// when it is given.
    #[serde(default)]
    client_ip: Option<String>,
}

/// `POST /v1/verify`: `{username, password[, client_ip]}` -> `{valid, scheme, profile}`.
async fn verify(
    State(state): State<Shared>,
    body: Result<Body<VerifyRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let Body(req) = body.inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let client = end_user_address(req.client_ip.as_deref(), "client_ip")
        .inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let password = Zeroizing::new(req.password.into_bytes());
    let verdict = attempt(&state, &req.username, password, client).await;
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

/// `POST /v1/lookup` body.
#[derive(Deserialize)]
struct LookupRequest {
    /// User name or e-mail address.
    username: String,
}

/// `POST /v1/lookup`: `{username}` -> `{found, profile}`, for the flows in which a platform
/// migrates a user without a password (Cognito's `UserMigration_ForgotPassword`: it creates
/// the user from the profile and sends a reset code). Unlike `/v1/verify` it tells whether an
/// account exists; a locked account is answered as a missing one. Nothing is written: the
/// account is counted as migrated only when a password is verified.
async fn lookup(
    State(state): State<Shared>,
    body: Result<Body<LookupRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let Body(req) = body.inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let account = state
        .store
        .find(&req.username)
        .await
        .map_err(|e| state.store_error(e))?;
    state.metrics.request("lookup", started.elapsed());
    Ok(Json(match account {
        Some(a) if a.state != crate::account::State::Locked => {
            json!({"found": true, "profile": a.profile_json()})
        }
        _ => json!({"found": false, "profile": null}),
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
    body: Result<Body<OktaRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let Body(req) = body.inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let OktaContext {
        credential,
        request,
    } = req.data.context;
    let client = end_user_address(
        request.as_ref().and_then(|r| r.ip_address.as_deref()),
        "data.context.request.ipAddress",
    )
    .inspect_err(|_| state.metrics.rejected(Rejection::BadRequest))?;
    let password = Zeroizing::new(credential.password.into_bytes());
    let verdict = attempt(&state, &credential.username, password, client).await;
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
