//! No panic from data: arbitrary JSON (and arbitrary text) fed natively through the exact
//! functions the app runs on every answer — [`decode_success`] / [`error_from_response`] (what
//! the client's `request_json` calls), the row store's patch (what the table renders from), and
//! every view-model rule the components apply to a row, the drawer's detail, `/me` and the
//! integration header.
//!
//! Two generators: arbitrary `serde_json::Value` trees, and mutations of valid answers
//! (a node replaced by an arbitrary value or a hostile string, a key removed, an unknown key
//! added, an array emptied or grown) — those reach far deeper into the decoders than random
//! trees, which mostly fail at the top level.
//!
//! `cargo test --lib fuzz` runs a short run (3,000 cases per property). The long run:
//! `FUZZ_CASES=1000000 cargo test --release --lib fuzz_long -- --ignored --nocapture`.

use contract::{
    IntegrationList, IntegrationResponse, IntegrationUserDetailResponse, IntegrationUserList,
    IntegrationUserResponse, MeResponse, ProvisioningState, StatePhase,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};

use crate::api::{decode_success, error_from_response, parse_timeout_ms, ApiError};
use crate::model::view::{
    active_pill, avatar_tone, badge_class, badge_icon, badge_label, footer_text, granted_via_label,
    humanize_code, initials, role_name, role_summary, safe_image_url, users_count,
};
use crate::model::{RowStore, UsersQuery};

/// Strings that real systems send: hostile markup, RTL, combining marks, emoji, controls, huge.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        Just("<img src=x onerror=window.__xss=1>".to_owned()),
        Just("javascript:window.__xss=1".to_owned()),
        Just("data:text/html,<script>1</script>".to_owned()),
        Just("\u{202e}evil\u{202c} שלום مرحبا".to_owned()),
        Just("e\u{301}\u{301}\u{301}\u{301}👩‍👩‍👧‍👦🏳️‍🌈".to_owned()),
        Just("\u{0}\u{7}\r\n\t\u{feff}".to_owned()),
        Just(String::new()),
        Just(" ".to_owned()),
        (1usize..20_000).prop_map(|n| "W".repeat(n)),
        Just("onboarded".to_owned()),
        Just("update_failed".to_owned()),
        Just("workspace_admin".to_owned()),
        Just("idp_group".to_owned()),
        Just("https://x.example/a.png".to_owned()),
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u64..1000).prop_map(Value::from),
    ]
}

/// Arbitrary JSON trees, depth-limited.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        nasty_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Keys: mostly the contract's own, so objects look like answers often enough.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "data", "meta", "links", "page", "errors", "id", "type", "attributes", "user",
            "usernameInApp", "appAccess", "activeInApp", "upstreamUserId", "provisioningState",
            "lastError", "canRetry", "displayName", "email", "avatarUrl", "firstName",
            "lastName", "role", "status", "code", "title", "detail", "requestId",
            "retryAfterSeconds", "requiredRoles", "loc", "grantedVia", "permissions",
            "userStats", "byProvisioningState", "total", "totalPages", "number", "size",
            "label", "applicationIconUrl", "applicationDisplayName", "value", "group", "name",
        ]).prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

fn user_json(id: &str, state: &str, roles: usize, matched: bool) -> Value {
    let roles: Vec<Value> = (0..roles)
        .map(|i| {
            json!({"id": format!("R{i}"), "value": format!("R{i}"), "displayName": format!("Role {i}"),
                   "group": "primary", "description": "d", "permissions": ["read", "write"],
                   "grantedVia": {"type": "idp_group", "name": "Eng"},
                   "assignedAt": "2025-01-01T00:00:00Z"})
        })
        .collect();
    json!({"id": id, "type": "integration_user", "attributes": {
        "user": if matched { json!({"id": "u1", "firstName": "Rachel", "lastName": "Green",
            "displayName": "Rachel Green", "email": "rachel@x.example",
            "avatarUrl": "https://x.example/a.png"}) } else { Value::Null },
        "usernameInApp": format!("{id}@app"), "appAccess": roles, "activeInApp": true,
        "upstreamUserId": "00u1", "provisioningState": state,
        "provisioningStateUpdatedAt": "2025-01-01T00:00:00Z",
        "lastError": {"code": "NotEnoughSeats", "message": "m", "userAction": "add_licenses",
                      "occurredAt": "2025-01-01T00:00:00Z"},
        "canRetry": true, "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}})
}

/// Valid answers of every operation the tab reads, and a valid error body.
fn valid_answers() -> Vec<Value> {
    let page_meta =
        json!({"page": {"number": 1, "size": 25, "maxSize": 100, "total": 3, "totalPages": 1}});
    let integration = json!({"id": "i1", "type": "integration", "attributes": {
        "label": "Contentzilla", "application": "asana", "applicationDisplayName": "Asana",
        "applicationIconUrl": "https://x.example/i.png", "idp": "okta", "status": "active",
        "lastSyncedAt": "2025-01-01T00:00:00Z", "createdAt": "c", "updatedAt": "u",
        "userStats": {"total": 3, "matched": 2, "unmatched": 1, "activeInApp": 2,
                      "byProvisioningState": {"onboarded": 2, "update_failed": 1}}}});
    vec![
        json!({"data": [user_json("a", "onboarded", 1, true), user_json("b", "update_failed", 3, false),
                        user_json("c", "deleted", 0, true)],
               "links": {"self": "/x"}, "meta": page_meta.clone()}),
        json!({"data": user_json("a", "update_failed", 4, true)}),
        json!({"data": {"id": "me", "type": "user", "attributes": {"firstName": "A", "lastName": "B",
               "email": "a@x", "role": "workspace_admin", "workspace": {"id": "w", "name": "n", "displayName": "W"}}}}),
        json!({"data": integration.clone()}),
        json!({"data": [integration], "links": {"self": "/x"}, "meta": page_meta}),
        json!({"errors": [{"code": "validation_error", "title": "T", "detail": "D", "status": "400",
               "meta": {"requestId": "req-1", "loc": ["query", "filter[matched]"],
                        "retryAfterSeconds": 3, "requiredRoles": ["workspace_owner"]}}]}),
    ]
}

/// One mutation of a JSON tree at a path chosen by `path` (indices taken modulo each level's
/// size).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Remove,
    AddUnknownKey(String, Value),
    Duplicate,
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => arb_json().prop_map(Mutation::Replace),
        2 => Just(Mutation::Remove),
        1 => (key(), arb_json()).prop_map(|(k, v)| Mutation::AddUnknownKey(k, v)),
        1 => Just(Mutation::Duplicate),
    ]
}

fn mutate(value: &mut Value, path: &[usize], m: &Mutation) {
    let (step, rest) = match path.split_first() {
        Some(x) => x,
        None => {
            apply(value, None, m);
            return;
        }
    };
    let descend_here = rest.is_empty() || (step % 5 == 0 && rest.len() < 3);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let n = step % map.len();
            let Some(k) = map.keys().nth(n).cloned() else {
                return;
            };
            if descend_here {
                if matches!(m, Mutation::Remove) {
                    map.remove(&k);
                } else if let Some(child) = map.get_mut(&k) {
                    apply(child, None, m);
                }
            } else if let Some(child) = map.get_mut(&k) {
                mutate(child, rest, m);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let n = step % items.len();
            if descend_here {
                match m {
                    Mutation::Remove => {
                        items.remove(n);
                    }
                    Mutation::Duplicate => {
                        if let Some(v) = items.get(n).cloned() {
                            items.push(v);
                        }
                    }
                    _ => {
                        if let Some(child) = items.get_mut(n) {
                            apply(child, None, m);
                        }
                    }
                }
            } else if let Some(child) = items.get_mut(n) {
                mutate(child, rest, m);
            }
        }
        other => apply(other, None, m),
    }
}

fn apply(value: &mut Value, _at: Option<usize>, m: &Mutation) {
    match m {
        Mutation::Replace(v) => *value = v.clone(),
        Mutation::Remove => *value = Value::Null,
        Mutation::AddUnknownKey(k, v) => {
            if let Value::Object(map) = value {
                map.insert(k.clone(), v.clone());
            } else {
                *value = v.clone();
            }
        }
        Mutation::Duplicate => {
            if let Value::Array(items) = value {
                let copy = items.clone();
                items.extend(copy);
            }
        }
    }
}

/// What the table and the drawer compute from a page of rows; must never panic.
fn render_rows(page: &IntegrationUserList) {
    let store = RowStore::new();
    let report = store.patch(&page.data);
    // Patching the same page again is a no-op (what polling relies on), whatever the data.
    assert!(store.patch(&page.data).is_noop(), "{report:?}");
    for user in &page.data {
        let a = &user.attributes;
        if let Some(u) = &a.user {
            let _ = initials(u);
            let _ = avatar_tone(&u.email);
            assert_safe_url(safe_image_url(u.avatar_url.as_deref()));
        }
        let _ = role_summary(&a.app_access);
        for r in &a.app_access {
            let _ = role_name(r);
        }
        let s = &a.provisioning_state;
        let _ = (
            badge_class(s),
            badge_icon(s),
            badge_label(s),
            s.description(),
        );
        let _ = s.retry_target();
        let _ = active_pill(a.active_in_app);
        if let Some(e) = &a.last_error {
            let _ = humanize_code(&e.code);
            let _ = e.user_action.as_deref().map(humanize_code);
        }
        if let Some(row) = store.get(&user.id) {
            let _ = row.label_untracked();
        }
    }
    let m = &page.meta.page;
    let _ = footer_text(m.number, m.total_pages, page.data.len() as u64, m.total);
    let _ = users_count(m.total);
    // The "past the last page" guard of the tab.
    let _ = u32::try_from(m.total_pages.max(1)).unwrap_or(1);
}

fn assert_safe_url(url: Option<String>) {
    if let Some(u) = url {
        let l = u.to_ascii_lowercase();
        assert!(
            l.starts_with("https://") || l.starts_with("http://") || l.starts_with("data:image/"),
            "unsafe url let through: {u:?}"
        );
    }
}

fn render_detail(d: &IntegrationUserDetailResponse) {
    let a = &d.data.attributes;
    for r in &a.app_access {
        let _ = role_name(&r.role);
        let _ = granted_via_label(r.granted_via.as_ref());
        for p in &r.permissions {
            let _ = humanize_code(p);
        }
    }
    let _ = badge_label(&a.provisioning_state);
    if let Some(u) = &a.user {
        let _ = initials(u);
        assert_safe_url(safe_image_url(u.avatar_url.as_deref()));
    }
}

/// Everything the app does with one answer body at one status.
fn feed(status: u16, body: &str, retry_after: Option<&str>, request_id: Option<&str>) {
    // config.json is data from the deployment: any text must give a config, never a panic.
    let runtime = crate::api::RuntimeConfig::parse(body);
    let _ = runtime.apply(crate::api::ApiConfig::default());
    let _ = runtime.router_base();
    if (200..300).contains(&status) {
        if let Ok(p) = decode_success::<IntegrationUserList>(status, body, request_id) {
            render_rows(&p);
        }
        if let Ok(d) = decode_success::<IntegrationUserDetailResponse>(status, body, request_id) {
            render_detail(&d);
        }
        if let Ok(u) = decode_success::<IntegrationUserResponse>(status, body, request_id) {
            let store = RowStore::new();
            let _ = store.patch_one(&u.data);
            store.patch(std::slice::from_ref(&u.data));
            let _ = store.patch_one(&u.data);
        }
        if let Ok(me) = decode_success::<MeResponse>(status, body, request_id) {
            let role = &me.data.attributes.role;
            let _ = (role.label(), role.can_view_integration_users());
        }
        if let Ok(i) = decode_success::<IntegrationResponse>(status, body, request_id) {
            let a = &i.data.attributes;
            assert_safe_url(safe_image_url(a.application_icon_url.as_deref()));
            for s in ProvisioningState::KNOWN {
                let _ = a.user_stats.count(s);
            }
            for phase in [StatePhase::Failed, StatePhase::Ongoing, StatePhase::Unknown] {
                let _ = a.user_stats.count_phase(phase);
            }
        }
        if let Ok(l) = decode_success::<IntegrationList>(status, body, request_id) {
            for i in &l.data {
                assert_safe_url(safe_image_url(i.attributes.application_icon_url.as_deref()));
            }
        }
    } else {
        let e = error_from_response(status, body, retry_after, request_id);
        let _ = (e.to_string(), e.is_retryable(), e.request_id());
        assert_ne!(e, ApiError::Aborted, "a response is never 'aborted'");
        if let ApiError::Validation { parameter, .. } = &e {
            // The tab resets the offending filter with it.
            let _ = UsersQuery::default().without_parameter(parameter.as_deref());
        }
    }
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 204, 400, 401, 403, 404, 409, 418, 429, 500, 502, 503, 504]),
        1 => any::<u16>(),
    ]
}

fn opt_header() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        "[0-9]{1,25}",
        Just("-1".to_owned()),
        Just(" 7 ".to_owned()),
        nasty_string()
    ])
}

/// One case: a valid answer mutated 1–4 times, or an arbitrary tree, or arbitrary text
/// (truncated JSON included), at an arbitrary status.
fn arb_case() -> impl Strategy<Value = (u16, String, Option<String>, Option<String>)> {
    let answers = valid_answers();
    let mutated = (
        prop::sample::select(answers),
        prop::collection::vec(
            (prop::collection::vec(any::<usize>(), 1..7), arb_mutation()),
            1..5,
        ),
    )
        .prop_map(|(mut v, ms)| {
            for (path, m) in &ms {
                mutate(&mut v, path, m);
            }
            v.to_string()
        });
    let body = prop_oneof![
        6 => mutated,
        2 => arb_json().prop_map(|v| v.to_string()),
        1 => any::<String>(),
        1 => (prop::sample::select(valid_answers()), any::<prop::sample::Index>())
            .prop_map(|(v, i)| {
                let s = v.to_string();
                let cut = i.index(s.len().max(1));
                s.get(..cut).unwrap_or_default().to_owned()
            }),
    ];
    (statuses(), body, opt_header(), opt_header())
}

fn run(cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&arb_case(), |(status, body, retry_after, request_id)| {
        feed(status, &body, retry_after.as_deref(), request_id.as_deref());
        // A success status always gets the body decoded as a list too (what the tab asks for).
        feed(200, &body, None, request_id.as_deref());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn fuzz_answers_never_panic() {
    run(3_000);
}

/// URLs are input too: any query string parses and round-trips without a panic.
#[test]
fn fuzz_url_query_never_panics() {
    let mut runner = TestRunner::new(Config {
        cases: 3_000,
        failure_persistence: None,
        ..Config::default()
    });
    let pairs = prop::collection::vec(
        (
            prop_oneof![
                prop::sample::select(vec![
                    "q", "state", "matched", "active", "sort", "page", "size", "user"
                ])
                .prop_map(str::to_owned),
                nasty_string()
            ],
            nasty_string(),
        ),
        0..10,
    );
    let result = runner.run(&pairs, |pairs| {
        let q = UsersQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let _ = (q.to_url_search(), q.to_api_query(), q.has_filters());
        let again = UsersQuery::from_pairs(q.to_url_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        prop_assert_eq!(again.list_key(), q.list_key());
        for s in &q.states {
            let _ = ProvisioningState::from(s.as_str()).label().to_owned();
        }
        let _ = parse_timeout_ms(&pairs.first().map(|p| p.1.clone()).unwrap_or_default());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The long run: `FUZZ_CASES=1000000 cargo test --release --lib fuzz_long -- --ignored`.
#[test]
#[ignore = "long: run by hand with FUZZ_CASES"]
fn fuzz_long() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let start = std::time::Instant::now();
    run(cases);
    println!("fuzz_long: {cases} cases, no panic, {:?}", start.elapsed());
}

#[test]
fn mutations_reach_the_row_builder() {
    // Sanity: the valid answers decode, so mutations start from something the app renders.
    let v = valid_answers();
    let list: IntegrationUserList = serde_json::from_value(v[0].clone()).unwrap();
    assert_eq!(list.data.len(), 3);
    let _: IntegrationUserDetailResponse = serde_json::from_value(v[1].clone()).unwrap();
    let _: MeResponse = serde_json::from_value(v[2].clone()).unwrap();
    let _: IntegrationResponse = serde_json::from_value(v[3].clone()).unwrap();
    let _: IntegrationList = serde_json::from_value(v[4].clone()).unwrap();
}
