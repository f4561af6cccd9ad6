//! Who is asking: the `session` cookie, a `Bearer dev-<role>` token, or the `--auto-login`
//! persona; and the dev sign-in / sign-out endpoints.

use axum::extract::{FromRef, FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::WorkspaceRole;
use serde::Deserialize;

use crate::error::ApiError;

/// The `--auto-login` persona, if any: who a request with no credentials is.
#[derive(Debug, Clone, Default)]
pub struct AutoLogin(pub Option<WorkspaceRole>);

/// How the request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `session` cookie.
    Cookie,
    /// `Authorization: Bearer`.
    Bearer,
    /// No credentials; the `--auto-login` persona (behaves like a browser session).
    Auto,
}

/// The signed-in persona.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// Workspace role.
    pub role: WorkspaceRole,
    /// How it was established.
    pub source: Source,
}

const TOKEN_PREFIX: &str = "dev-";

fn role_of(token: &str) -> Option<WorkspaceRole> {
    let role = WorkspaceRole::from(token.strip_prefix(TOKEN_PREFIX)?);
    role.is_known().then_some(role)
}

/// The `session` cookie's value, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("session="))
}

/// A key identifying the client for rate limiting: its credential, else `None`.
pub fn client_key(headers: &HeaderMap) -> Option<String> {
    if let Some(a) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return Some(format!("a:{a}"));
    }
    session_cookie(headers).map(|c| format!("c:{c}"))
}

/// Resolves the persona of a request. A bearer token wins over a cookie, and an explicit
/// cookie over auto-login; a credential that is present but unknown is 401 even with
/// auto-login, so an expired session can be tested.
pub fn resolve(headers: &HeaderMap, auto: Option<&WorkspaceRole>) -> Result<Viewer, ApiError> {
    if let Some(a) = headers.get(header::AUTHORIZATION) {
        let a = a.to_str().map_err(|_| ApiError::unauthorized())?;
        let (scheme, token) = a.split_once(' ').ok_or_else(ApiError::unauthorized)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(ApiError::unauthorized());
        }
        let role = role_of(token.trim()).ok_or_else(ApiError::unauthorized)?;
        return Ok(Viewer {
            role,
            source: Source::Bearer,
        });
    }
    if let Some(c) = session_cookie(headers) {
        let role = role_of(c).ok_or_else(ApiError::unauthorized)?;
        return Ok(Viewer {
            role,
            source: Source::Cookie,
        });
    }
    match auto {
        Some(role) => Ok(Viewer {
            role: role.clone(),
            source: Source::Auto,
        }),
        None => Err(ApiError::unauthorized()),
    }
}

/// Any signed-in persona.
pub struct Signed(pub Viewer);

/// A persona allowed to read integrations (Owner, Super Admin, Admin).
pub struct Admin(pub Viewer);

impl<S> FromRequestParts<S> for Signed
where
    AutoLogin: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let auto = AutoLogin::from_ref(state);
        resolve(&parts.headers, auto.0.as_ref()).map(Signed)
    }
}

impl<S> FromRequestParts<S> for Admin
where
    AutoLogin: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        // Signed in first (401 otherwise), then allowed (403).
        let Signed(v) = Signed::from_request_parts(parts, state).await?;
        if v.role.can_view_integration_users() {
            Ok(Admin(v))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// Query of `/dev/login` and `/dev/logout`.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    role: Option<String>,
    next: Option<String>,
}

/// Only same-origin relative paths: `/x`, never `//host` or `/\host`.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(|c| c.is_control()) =>
        {
            n
        }
        _ => "/",
    }
}

fn redirect(to: &str, cookie: String) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /dev/login?role=ROLE[&next=/path]`: sets the session cookie, redirects.
pub async fn login(Query(q): Query<LoginQuery>) -> Response {
    let token = format!("{TOKEN_PREFIX}{}", q.role.as_deref().unwrap_or(""));
    if role_of(&token).is_none() {
        let mut e = ApiError::validation(
            "role",
            "value is not a valid enumeration member",
            "type_error.enum",
        );
        let roles: Vec<&str> = WorkspaceRole::KNOWN.iter().map(|r| r.as_str()).collect();
        e.meta.insert("allowed".into(), serde_json::json!(roles));
        return e.into_response();
    }
    redirect(
        safe_next(q.next.as_deref()),
        format!("session={token}; Path=/; HttpOnly; SameSite=Strict"),
    )
}

/// `GET /dev/logout[?next=/path]`: clears the session cookie, redirects.
pub async fn logout(Query(q): Query<LoginQuery>) -> Response {
    redirect(
        safe_next(q.next.as_deref()),
        "session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/integrations/x")), "/integrations/x");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn tokens_name_known_roles_only() {
        assert_eq!(role_of("dev-workspace_admin"), Some(WorkspaceRole::Admin));
        assert_eq!(role_of("dev-workspace_auditor"), None);
        assert_eq!(role_of("workspace_admin"), None);
    }
}
