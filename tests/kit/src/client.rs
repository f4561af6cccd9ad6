//! A client for the dev server on reqwest: API calls as a persona and the `/dev` control
//! endpoints (faults, reset, row overrides, the request log). Answers are read whole, as bytes
//! decoded once, so any text (multi-byte names included) arrives intact.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Credentials of a request.
#[derive(Debug, Clone)]
pub enum Auth {
    /// No credentials at all.
    None,
    /// `Authorization: Bearer TOKEN`.
    Bearer(String),
    /// The session cookie with this value.
    Cookie(String),
}

impl Auth {
    /// The workspace Admin's bearer token.
    pub fn admin() -> Auth {
        Auth::bearer("workspace_admin")
    }

    /// The dev server's bearer token of `role` (e.g. `workspace_user`).
    pub fn bearer(role: &str) -> Auth {
        Auth::Bearer(format!("dev-{role}"))
    }

    /// The dev server's session cookie of `role`.
    pub fn cookie(role: &str) -> Auth {
        Auth::Cookie(format!("dev-{role}"))
    }
}

/// A whole answer: status, headers, body text and JSON (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub text: String,
    /// The body as JSON, `Null` when it does not parse.
    pub json: Value,
}

impl Answer {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `errors[0]` of an error body.
    pub fn error(&self) -> &Value {
        &self.json["errors"][0]
    }

    /// Panics unless the status is 2xx; `what` names the request.
    pub fn expect_success(self, what: &str) -> Answer {
        assert!(
            self.status.is_success(),
            "{what}: {} {}",
            self.status,
            self.text
        );
        self
    }
}

/// A reqwest client bound to one dev server.
#[derive(Clone)]
pub struct DevClient {
    base: String,
    /// The underlying client (no redirects followed, no proxy): for requests the helpers do not
    /// cover, such as ones with a timeout of their own.
    pub http: reqwest::Client,
}

impl DevClient {
    /// A client for the server at `base` (`http://127.0.0.1:PORT`, no trailing slash).
    pub fn new(base: impl Into<String>) -> DevClient {
        DevClient {
            base: base.into(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .build()
                .expect("build the HTTP client"),
        }
    }

    /// A client for a running dev server.
    pub fn for_server(server: &devserver::Running) -> DevClient {
        DevClient::new(server.url())
    }

    /// The absolute URL of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request and reads the whole answer.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, self.url(path));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token),
            Auth::Cookie(value) => request.header("cookie", format!("session={value}")),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: no answer: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    /// A request as the Admin (bearer token), no extra headers, no body.
    pub async fn as_admin(&self, method: Method, path: &str) -> Answer {
        self.send(method, path, &Auth::admin(), &[], None).await
    }

    /// A GET without credentials, read whole, whatever its status (static files, `/dev`).
    pub async fn anon_get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, &Auth::None, &[], None).await
    }

    /// A GET as the Admin (bearer token), read whole, whatever its status.
    pub async fn admin_get(&self, path: &str) -> Answer {
        self.as_admin(Method::GET, path).await
    }

    /// GETs an API path (e.g. `/api/v1/integrations/…/users?…`) as the Admin and parses the
    /// JSON; panics unless it is a 200.
    pub async fn api(&self, path: &str) -> Value {
        let answer = self.admin_get(path).await;
        assert_eq!(answer.status, 200, "GET {path}: {}", answer.text);
        assert!(
            !answer.json.is_null(),
            "GET {path}: not JSON: {}",
            answer.text
        );
        answer.json
    }

    /// A control endpoint call (`/dev/…`, not part of the contract), without credentials.
    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send(method, path, &Auth::None, &[], body).await
    }

    /// Adds a fault rule (`PUT /dev/faults`).
    pub async fn fault(&self, rule: Value) {
        let answer = self.control(Method::PUT, "/dev/faults", Some(rule)).await;
        assert_eq!(answer.status, 200, "fault rule accepted: {}", answer.text);
    }

    /// Removes every fault rule (`DELETE /dev/faults`).
    pub async fn clear_faults(&self) {
        self.control(Method::DELETE, "/dev/faults", None)
            .await
            .expect_success("DELETE /dev/faults");
    }

    /// Clears every fault rule and the data overrides (`POST /dev/reset`).
    pub async fn reset(&self) {
        self.clear_faults().await;
        let answer = self.control(Method::POST, "/dev/reset", None).await;
        assert_eq!(answer.status, 200, "POST /dev/reset: {}", answer.text);
    }

    /// Merges `attributes` over a row of `integration` (`PUT /dev/users/…`).
    pub async fn put_user(&self, integration: &str, user_id: &str, attributes: Value) {
        let answer = self.try_put_user(integration, user_id, attributes).await;
        assert_eq!(answer.status, 200, "PUT /dev/users/…: {}", answer.text);
    }

    /// [`DevClient::put_user`] whatever the answer, for tests of refused overrides.
    pub async fn try_put_user(
        &self,
        integration: &str,
        user_id: &str,
        attributes: Value,
    ) -> Answer {
        let path = format!("/dev/users/{integration}/{user_id}");
        self.control(Method::PUT, &path, Some(attributes)).await
    }

    /// Starts a sync of `integration` as the Admin (`POST …/sync`), whatever the answer (202,
    /// or 409 while one runs).
    pub async fn start_sync(&self, integration: &str) -> Answer {
        let path = format!("/api/v1/integrations/{integration}/sync");
        self.as_admin(Method::POST, &path).await
    }

    /// Moves the simulator one step (`POST /dev/simulator/step`); returns what changed.
    pub async fn simulator_step(&self) -> Value {
        let answer = self
            .control(Method::POST, "/dev/simulator/step", None)
            .await;
        assert_eq!(
            answer.status, 200,
            "POST /dev/simulator/step: {}",
            answer.text
        );
        answer.json
    }

    /// The API requests the server has logged (`GET /dev/requests`).
    pub async fn request_log(&self) -> Value {
        let answer = self.control(Method::GET, "/dev/requests", None).await;
        assert_eq!(answer.status, 200, "GET /dev/requests: {}", answer.text);
        answer.json
    }

    /// Empties the request log (`DELETE /dev/requests`).
    pub async fn clear_request_log(&self) {
        self.control(Method::DELETE, "/dev/requests", None)
            .await
            .expect_success("DELETE /dev/requests");
    }
}

/// Panics unless `answer` carries the headers every answer of the dev server has: a CSP that
/// allows framing by the same origin only, `nosniff` and `no-referrer`.
pub fn assert_hardening_headers(answer: &Answer) {
    let csp = answer.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'self'"), "CSP: {csp}");
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
}

/// The row ids of an API list answer, in order.
pub fn ids_of(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `/api/v1/integrations/{Contentzilla}/users{query}`: the seeded integration most tests use.
pub fn api_users(query: &str) -> String {
    format!(
        "/api/v1/integrations/{}/users{query}",
        devserver::seed::CONTENTZILLA_ID
    )
}
