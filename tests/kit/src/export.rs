//! Oracles for the CSV export: the downloaded file (found, parsed strictly), what it must hold
//! for an API row, every row of a view fetched through the API, and the export's page requests
//! in the dev server's log.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::client::DevClient;
use crate::eventually::eventually_within;

/// The header row of the export: the table's columns, then the failed job's error code and
/// the last sync time.
pub const HEADER: [&str; 9] = [
    "User",
    "Email",
    "Username in app",
    "App access",
    "Active in app",
    "Upstream user ID",
    "Provisioning state",
    "Error code",
    "Last synced",
];

/// Today's local date as the file name has it (the browser and the test share the clock and
/// the time zone).
pub fn today() -> String {
    let out = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .expect("run date");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Every file in the download directory `dir`.
pub fn downloaded_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("read the download directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect()
}

/// Waits until exactly one complete file (no `.crdownload`) is in `dir` and its size has
/// settled; returns its path.
pub async fn wait_for_download(dir: &Path, timeout: Duration) -> PathBuf {
    let last_size = Cell::new(None);
    let last_size = &last_size;
    eventually_within(timeout, "one complete download", || async move {
        let files = downloaded_files(dir);
        let partial = files
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "crdownload"));
        if let [one] = files.as_slice() {
            if !partial {
                let size = std::fs::metadata(one).map(|m| m.len()).ok();
                if size.is_some() && size == last_size.get() {
                    return Ok(one.clone());
                }
                last_size.set(size);
            }
        }
        Err(format!("the directory holds {files:?}"))
    })
    .await
}

/// Parses a downloaded CSV strictly: UTF-8 with a BOM, RFC 4180 (the `csv` crate), every
/// record as long as the header.
pub fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the file does not start with a UTF-8 BOM: {:?}",
        &bytes[..bytes.len().min(16)]
    );
    std::str::from_utf8(bytes).expect("the file is UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| {
            r.expect("a well-formed CSV record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The apostrophe rule, written again independently of the app.
pub fn neutralised(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// What the file must hold for one API row (the table's values, see [`HEADER`]).
pub fn expected_record(row: &Value) -> Vec<String> {
    let a = &row["attributes"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let (name, email) = if a["user"].is_null() {
        (String::new(), String::new())
    } else {
        let email = text(&a["user"]["email"]);
        let display = text(&a["user"]["displayName"]);
        let name = if display.trim().is_empty() {
            email.clone()
        } else {
            display
        };
        (name, email)
    };
    let roles = a["appAccess"]
        .as_array()
        .expect("appAccess is an array")
        .iter()
        .map(|r| text(&r["displayName"]))
        .collect::<Vec<_>>()
        .join("; ");
    let active = match a["activeInApp"].as_bool() {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Unknown",
    };
    let state = contract::ProvisioningState::from(a["provisioningState"].as_str().unwrap_or(""));
    // The failed job's code; a row in any other state has no error to name.
    let error_code = if state.phase() == contract::StatePhase::Failed {
        text(&a["lastError"]["code"])
    } else {
        String::new()
    };
    [
        name,
        email,
        text(&a["usernameInApp"]),
        roles,
        active.to_owned(),
        text(&a["upstreamUserId"]),
        state.label().to_owned(),
        error_code,
        text(&a["lastSyncedAt"]),
    ]
    .iter()
    .map(|c| neutralised(c))
    .collect()
}

/// Every row of a list, fetched page by page (size 100) through the API as an Admin;
/// `api_query` is appended (`&sort=user`).
pub async fn api_all_rows(dev: &DevClient, integration: &str, api_query: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let body = dev
            .api(&format!(
                "/api/v1/integrations/{integration}/users?page%5Bsize%5D=100&page%5Bnumber%5D={page}{api_query}"
            ))
            .await;
        let data = body["data"].as_array().expect("data").clone();
        let total_pages = body["meta"]["page"]["totalPages"]
            .as_u64()
            .expect("totalPages");
        rows.extend(data);
        if page >= total_pages {
            return rows;
        }
        page += 1;
    }
}

/// The export requests (page size 100) the server has logged, as page numbers in order.
pub async fn export_pages_requested(dev: &DevClient) -> Vec<u64> {
    let log = dev.request_log().await;
    log["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter(|r| r["route"] == "users")
        .filter_map(|r| r["uri"].as_str())
        .filter(|u| u.contains("page%5Bsize%5D=100"))
        .filter_map(|u| {
            u.split('&')
                .chain(u.split('?'))
                .find_map(|p| p.strip_prefix("page%5Bnumber%5D="))
                .and_then(|n| n.split('&').next())
                .and_then(|n| n.parse().ok())
        })
        .collect()
}
