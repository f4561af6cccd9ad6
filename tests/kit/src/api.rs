//! The dev server in the test process with a client for it, and every API answer checked
//! against the response schemas of `contract/openapi.yaml`.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

use devserver::{Config, Running};
pub use reqwest::Method;
use serde_json::{json, Value};

pub use crate::client::{assert_hardening_headers, Answer, Auth, DevClient};
use crate::paths::repo_root;

/// The OpenAPI document as JSON, and compiled validators per (operationId, status).
pub struct Spec {
    doc: Value,
    cache: Mutex<HashMap<(String, u16), Arc<jsonschema::Validator>>>,
}

/// Path of the contract in the repository.
pub fn spec_path() -> std::path::PathBuf {
    repo_root().join("contract/openapi.yaml")
}

/// The parsed spec (once per test binary).
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(spec_path()).expect("contract/openapi.yaml is readable");
        let doc: Value = serde_yaml::from_str(&text).expect("the contract is valid YAML");
        Spec {
            doc,
            cache: Mutex::new(HashMap::new()),
        }
    })
}

impl Spec {
    /// The operation object with this operationId.
    fn operation(&self, op: &str) -> &Value {
        self.doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .find(|o| o.get("operationId").and_then(Value::as_str) == Some(op))
            .unwrap_or_else(|| panic!("no operation {op} in the contract"))
    }

    /// Follows a local `$ref` (`#/components/responses/X`).
    fn deref<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => self
                .doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling $ref {r}")),
            None => v,
        }
    }

    /// Whether the contract lists `status` for `op`.
    pub fn documents(&self, op: &str, status: u16) -> bool {
        self.operation(op)["responses"]
            .get(status.to_string())
            .is_some()
    }

    fn validator(&self, op: &str, status: u16) -> Option<Arc<jsonschema::Validator>> {
        let key = (op.to_owned(), status);
        if let Some(v) = self.cache.lock().unwrap().get(&key) {
            return Some(v.clone());
        }
        let resp = self.operation(op)["responses"]
            .get(status.to_string())
            .unwrap_or_else(|| panic!("{op} does not document status {status}"));
        let schema = self
            .deref(resp)
            .pointer("/content/application~1json/schema")?
            .clone();
        // The whole spec is the root resource, so `#/components/schemas/X` refs resolve in
        // place; the response schema is reached through `$defs`.
        let mut root = self.doc.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["$defs"] = json!({ "target": schema });
        root["$ref"] = json!("#/$defs/target");
        let v = Arc::new(
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .expect("the response schema compiles"),
        );
        self.cache.lock().unwrap().insert(key, v.clone());
        Some(v)
    }

    /// Panics unless `body` is a valid `status` answer of `op`.
    pub fn validate(&self, op: &str, status: u16, body: &Value) {
        let Some(v) = self.validator(op, status) else {
            panic!("{op} {status}: the contract has no JSON body for this status");
        };
        let errors: Vec<String> = v
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{op} {status} does not match the contract:\n{}\nbody: {}",
            errors.join("\n"),
            serde_json::to_string_pretty(body).unwrap()
        );
    }
}

/// Validates an answer (shortcut).
pub fn validate(op: &str, status: u16, body: &Value) {
    spec().validate(op, status, body);
}

/// A dev server running in the test process, and a client for it.
pub struct Server {
    /// The dev server.
    pub running: Running,
    /// A client for it; the server derefs to it (`s.send(..)`, `s.control(..)`, `s.fault(..)`).
    pub client: DevClient,
}

/// Spawns a dev server with `config` on a free loopback port.
pub async fn server(config: Config) -> Server {
    let running = devserver::spawn(config, "127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("the server binds");
    Server {
        client: DevClient::for_server(&running),
        running,
    }
}

/// A server with faults (control endpoints) on.
pub async fn faults_server() -> Server {
    server(Config {
        faults: true,
        ..Config::default()
    })
    .await
}

impl Deref for Server {
    type Target = DevClient;

    fn deref(&self) -> &DevClient {
        &self.client
    }
}

impl Server {
    /// Calls an API operation (`path` under /api/v1) and validates the answer against the
    /// contract for its status: JSON bodies by schema, 304s as documented.
    pub async fn op(
        &self,
        op: &str,
        method: Method,
        path: &str,
        auth: &Auth,
        headers: &[(&str, &str)],
    ) -> Answer {
        let a = self
            .send(method, &format!("/api/v1{path}"), auth, headers, None)
            .await;
        let status = a.status.as_u16();
        assert!(
            spec().documents(op, status),
            "{op} answered {status}, which the contract does not list: {}",
            a.text
        );
        if status != 304 {
            assert!(
                a.header("content-type")
                    .unwrap_or("")
                    .starts_with("application/json"),
                "{op} {status} is not JSON"
            );
            validate(op, status, &a.json);
        }
        if status >= 400 {
            let e = a.error();
            assert_eq!(
                e["status"],
                status.to_string(),
                "errors[].status is the HTTP status"
            );
            let rid = e["meta"]["requestId"]
                .as_str()
                .expect("every error has meta.requestId");
            assert_eq!(Some(rid), a.header("x-request-id"));
        }
        a
    }

    /// [`Server::op`] as the Admin, without extra headers.
    pub async fn admin_op(&self, op: &str, method: Method, path: &str) -> Answer {
        self.op(op, method, path, &Auth::admin(), &[]).await
    }

    /// GET an API operation with `auth`, without extra headers.
    pub async fn get_as(&self, op: &str, path: &str, auth: &Auth) -> Answer {
        self.op(op, Method::GET, path, auth, &[]).await
    }

    /// GET an API operation as the admin.
    pub async fn get(&self, op: &str, path: &str) -> Answer {
        self.admin_op(op, Method::GET, path).await
    }

    /// `getIntegration` of the seeded Contentzilla integration, as the Admin.
    pub async fn contentzilla(&self) -> Answer {
        self.get(
            "getIntegration",
            &format!("/integrations/{}", devserver::seed::CONTENTZILLA_ID),
        )
        .await
    }

    /// `getIntegrationUser` of row `row` of the seeded Contentzilla integration, as the Admin.
    pub async fn cz_user(&self, row: &str) -> Answer {
        self.get(
            "getIntegrationUser",
            &format!(
                "/integrations/{}/users/{row}",
                devserver::seed::CONTENTZILLA_ID
            ),
        )
        .await
    }

    /// POST an API operation with the Admin's session cookie, as a browser would; `csrf` says
    /// whether the `X-Requested-With` header the cookie needs is sent.
    pub async fn cookie_post(&self, op: &str, path: &str, csrf: CsrfHeader) -> Answer {
        let headers: &[(&str, &str)] = match csrf {
            CsrfHeader::Sent => &[("x-requested-with", "XMLHttpRequest")],
            CsrfHeader::Omitted => &[],
        };
        self.op(
            op,
            Method::POST,
            path,
            &Auth::cookie("workspace_admin"),
            headers,
        )
        .await
    }

    /// GET an API operation as the Admin with `If-None-Match: etag` (a conditional GET).
    pub async fn get_if_none_match(&self, op: &str, path: &str, etag: &str) -> Answer {
        self.op(
            op,
            Method::GET,
            path,
            &Auth::admin(),
            &[("if-none-match", etag)],
        )
        .await
    }
}

/// Whether a cookie-authenticated write carries `X-Requested-With` (the CSRF guard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfHeader {
    /// `X-Requested-With: XMLHttpRequest` is sent.
    Sent,
    /// No such header: the server must refuse the write.
    Omitted,
}

/// `/integrations/{Contentzilla}/users?{query}`: the seeded integration most tests use.
pub fn cz_users(query: &str) -> String {
    users_path(devserver::seed::CONTENTZILLA_ID, query)
}

/// `/integrations/{id}/users?{query}`.
pub fn users_path(id: &str, query: &str) -> String {
    format!("/integrations/{id}/users?{query}")
}

/// Every row of a users list (all pages at `size`), following `links.next`.
pub async fn all_rows(s: &Server, id: &str, query: &str, size: u32) -> Vec<Value> {
    let mut out = Vec::new();
    let mut path = users_path(id, &format!("page%5Bsize%5D={size}&{query}"));
    loop {
        let a = s.get("listIntegrationUsers", &path).await;
        assert_eq!(a.status, 200, "{}", a.text);
        out.extend(a.json["data"].as_array().unwrap().iter().cloned());
        match a.json["links"]["next"].as_str() {
            Some(n) => path = n.trim_start_matches("/api/v1").to_owned(),
            None => break,
        }
    }
    out
}
