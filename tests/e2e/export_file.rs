//! CSV export, the file: the real download of the current view (all pages) holds exactly the
//! API's rows for its query, field by field; formulas are neutralised and quoting follows
//! RFC 4180. The API (fetched page by page from the test) is the oracle.

use serde_json::{json, Value};

use devserver::seed::{CHARLIE_ROW_ID, CONTENTZILLA_ID, GLOBEX_ID, RACHEL_ROW_ID, ROSS_ROW_ID};
use testkit::export::{
    api_all_rows, expected_record, export_pages_requested, parse_csv, today, wait_for_download,
    HEADER,
};
use testkit::{admin, Session, UI_TIMEOUT};

/// The export of a filtered, sorted view spanning several pages holds exactly the API's rows
/// for that query, in order, field by field, under the table's header; named after the app and
/// today's date.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_downloads_the_filtered_sorted_view_across_pages() {
    let s = Session::start(admin()).await;
    // Failed accounts of Globex, matched only, by username descending: 35 pages of 100.
    s.goto(&format!(
        "/integrations/{GLOBEX_ID}/users?state=provisioning_failed,update_failed&matched=true&sort=-usernameInApp"
    ))
    .await;
    s.wait_for("tr[data-row-id]").await;
    let expected = api_all_rows(
        &s.dev,
        GLOBEX_ID,
        "&sort=-usernameInApp&filter%5BprovisioningState%5D=provisioning_failed,update_failed\
         &filter%5Bmatched%5D=true",
    )
    .await;
    assert!(
        expected.len() > 100,
        "the view must span several export pages, it has {} rows",
        expected.len()
    );
    // The oracle's own requests are not the app's.
    s.dev.clear_request_log().await;

    s.click("#export-csv").await;
    let file = wait_for_download(&s.downloads, UI_TIMEOUT).await;
    s.wait_for("[data-export=\"done\"]").await;
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!("Figma-users-{}.csv", today()));

    let records = parse_csv(&std::fs::read(&file).expect("read the file"));
    assert_eq!(records[0], HEADER.map(String::from).to_vec(), "header row");
    let data = &records[1..];
    assert_eq!(data.len(), expected.len(), "one record per API row");
    for (i, (got, row)) in data.iter().zip(&expected).enumerate() {
        assert_eq!(
            *got,
            expected_record(row),
            "record {i} (API row {}) differs",
            row["id"]
        );
    }
    // The error code and last sync columns hold values, not only blanks: every row here
    // failed, so each names its error, and the app's accounts carry their last sync.
    let column = |name: &str| HEADER.iter().position(|h| *h == name).expect(name);
    let (code, synced) = (column("Error code"), column("Last synced"));
    assert!(
        data.iter().all(|r| !r[code].is_empty()),
        "a failed row without its error code"
    );
    assert!(
        data.iter().any(|r| !r[synced].is_empty()),
        "no row has a last sync time"
    );
    // Several pages were asked for, at the largest size, and nothing else.
    let pages = export_pages_requested(&s.dev).await;
    let wanted: Vec<u64> = (1..=expected.len().div_ceil(100) as u64).collect();
    assert_eq!(pages, wanted, "export requests");
    s.wait_for_text(&format!("saved as {name}")).await;
    s.close().await;
}

/// Formula starts get an apostrophe, quotes/commas/newlines are RFC 4180 quoted and round-trip,
/// and non-ASCII text stays UTF-8.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_neutralises_formulas_and_quotes_rfc_4180() {
    let s = Session::start(admin()).await;
    let set = |uid: &'static str, body: Value| s.put_user(uid, body);
    set(
        RACHEL_ROW_ID,
        json!({"usernameInApp": "=1+1", "upstreamUserId": "+SUM(A1)",
               "user": {"displayName": "-2", "email": "@cmd"}}),
    )
    .await;
    set(
        CHARLIE_ROW_ID,
        json!({"usernameInApp": "\tx", "upstreamUserId": "\rx"}),
    )
    .await;
    let tricky = "Say \"hi\", then\r\nnew line; Zoë 日本";
    set(
        ROSS_ROW_ID,
        json!({"usernameInApp": tricky, "upstreamUserId": "a,b"}),
    )
    .await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    s.click("#export-csv").await;
    let file = wait_for_download(&s.downloads, UI_TIMEOUT).await;
    assert_eq!(
        file.file_name().unwrap().to_string_lossy(),
        format!("Asana-users-{}.csv", today())
    );
    let bytes = std::fs::read(&file).expect("read the file");
    let records = parse_csv(&bytes);
    let expected = api_all_rows(&s.dev, CONTENTZILLA_ID, "&sort=user").await;
    assert_eq!(records.len(), expected.len() + 1);
    let find = |username: &str| {
        records
            .iter()
            .find(|r| r[2] == username)
            .unwrap_or_else(|| panic!("no record with username {username:?}"))
            .clone()
    };
    let rachel = find("'=1+1");
    assert_eq!(rachel[0], "'-2");
    assert_eq!(rachel[1], "'@cmd");
    assert_eq!(rachel[5], "'+SUM(A1)");
    let charlie = find("'\tx");
    assert_eq!(charlie[5], "'\rx");
    let ross = find(tricky);
    assert_eq!(ross[5], "a,b");
    // The raw bytes: the field is quoted with its quotes doubled.
    let raw = String::from_utf8(bytes).unwrap();
    assert!(
        raw.contains("\"Say \"\"hi\"\", then\r\nnew line; Zoë 日本\""),
        "the tricky field is not RFC 4180 quoted"
    );
    assert!(raw.contains(",\"'\rx\","), "a CR start is quoted");
    for (got, row) in records[1..].iter().zip(&expected) {
        assert_eq!(*got, expected_record(row), "API row {}", row["id"]);
    }
    s.close().await;
}
