//! CSV export rules: the header, one account → one record, spreadsheet formula neutralisation,
//! RFC 4180 encoding, the file name and the progress texts. No DOM: the page loop
//! (`tab/export.rs`) only strings these together.
//!
//! The encoder is hand-written rather than `csv-core`: measured in the release wasm, csv-core
//! added 17 KB brotli (its writer picks the quote style at run time, and the `NonNumeric` style
//! parses floats, which pulls in the whole float parser and its tables), against ~1 KB for
//! these few lines. The `csv` crate checks it in the tests: what it reads back is what was
//! written.

use contract::{IntegrationUser, StatePhase};

use super::format::thousands;
use super::view::{active_pill, badge_label, role_name};

/// The header row: the table's column names, with the User column's two lines (name, email)
/// split in two so a spreadsheet can sort and filter by either, then the failed job's error
/// code and the last sync time. Every column is exported whether the table shows it or not.
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

/// How the App access cell joins several role names.
pub const ROLE_SEPARATOR: &str = "; ";

/// Page size of the export's requests: the largest the API accepts, so the fewest requests.
pub const EXPORT_PAGE_SIZE: u32 = contract::MAX_PAGE_SIZE;

/// The UTF-8 byte order mark. Written first so spreadsheet programs (Excel above all) read the
/// file as UTF-8 instead of a legacy code page; CSV readers skip it.
pub const UTF8_BOM: &str = "\u{feff}";

/// MIME type of the file.
pub const MIME_TYPE: &str = "text/csv;charset=utf-8";

/// A cell as a spreadsheet may safely read it: text starting with `=`, `+`, `-`, `@`, tab or
/// carriage return would be evaluated as a formula (OWASP "CSV injection"), so it gets a
/// leading apostrophe, which spreadsheets show as plain text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// One account as the cells of a record (before neutralisation and quoting), in [`HEADER`]
/// order. Values follow the table: the name falls back to the email when blank, states and
/// activity use the table's labels; an unmatched account has an empty User (the table's
/// "Unknown user" is a placeholder, not a name). The error code is the failed job's, as the
/// API names it (empty unless the row is in a failed state, as in the table); the last sync
/// time is the API's RFC 3339 value as it came (a spreadsheet can parse it; empty if never).
pub fn record(user: &IntegrationUser) -> [String; 9] {
    let a = &user.attributes;
    let (name, email) = match &a.user {
        Some(u) => (super::view::user_name(u), u.email.clone()),
        None => (String::new(), String::new()),
    };
    let roles = a
        .app_access
        .iter()
        .map(role_name)
        .collect::<Vec<_>>()
        .join(ROLE_SEPARATOR);
    [
        name,
        email,
        a.username_in_app.clone(),
        roles,
        active_pill(a.active_in_app).0.to_owned(),
        a.upstream_user_id.clone().unwrap_or_default(),
        badge_label(&a.provisioning_state),
        a.last_error
            .as_ref()
            .filter(|_| a.provisioning_state.phase() == StatePhase::Failed)
            .map(|e| e.code.clone())
            .unwrap_or_default(),
        a.last_synced_at.clone().unwrap_or_default(),
    ]
}

/// Encodes records as RFC 4180 CSV: a field is quoted only when it holds a quote, comma, CR or
/// LF, quotes inside are doubled, and every record ends with CRLF. Every cell is neutralised
/// first.
#[derive(Debug, Default)]
pub struct CsvEncoder;

impl CsvEncoder {
    /// An encoder.
    pub fn new() -> Self {
        CsvEncoder
    }

    /// Appends one record to `out`.
    pub fn write_record<S: AsRef<str>>(&mut self, fields: &[S], out: &mut String) {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let cell = neutralise(field.as_ref());
            if cell.contains(['"', ',', '\r', '\n']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&cell);
            }
        }
        out.push_str("\r\n");
    }
}

/// The header row as CSV text (with the BOM that starts the file).
pub fn header_csv() -> String {
    let mut out = UTF8_BOM.to_owned();
    CsvEncoder::new().write_record(&HEADER, &mut out);
    out
}

/// One page of accounts as CSV text.
pub fn page_csv(encoder: &mut CsvEncoder, users: &[IntegrationUser]) -> String {
    let mut out = String::with_capacity(users.len() * 160);
    for u in users {
        encoder.write_record(&record(u), &mut out);
    }
    out
}

/// The visible progress: "2,300 of 10,000 users".
pub fn progress_text(done: u64, total: u64) -> String {
    let noun = if total == 1 { "user" } else { "users" };
    format!("{} of {} {noun}", thousands(done), thousands(total))
}

/// The progress as a CSS percentage for the bar's width (`"42.5%"`), 0–100. Integer
/// arithmetic only: formatting an `f64` would add ~20 KB of float-printing code to the wasm.
pub fn progress_percent(done: u64, total: u64) -> String {
    if total == 0 {
        return "0%".to_owned();
    }
    // done ≤ total, so only a total above u64::MAX / 1000 could overflow: scale it down first.
    let (done, total) = if total > u64::MAX / 1000 {
        (done.min(total) / 1000, total / 1000)
    } else {
        (done.min(total), total)
    };
    let per_mille = done * 1000 / total.max(1);
    match per_mille % 10 {
        0 => format!("{}%", per_mille / 10),
        tenth => format!("{}.{tenth}%", per_mille / 10),
    }
}

/// The download's file name: the app's display name and the date, e.g.
/// `Asana-users-2026-11-28.csv`. Characters file systems refuse (`/ \ : * ? " < > |`, controls)
/// and spaces become `-`; an empty name falls back to `integration`.
pub fn file_name(app_name: &str, year: i32, month: u32, day: u32) -> String {
    let mut name = String::new();
    for c in app_name.trim().chars() {
        let bad = c.is_control()
            || c.is_whitespace()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
        let c = if bad { '-' } else { c };
        // One dash for a run of replaced characters.
        if !(c == '-' && name.ends_with('-')) {
            name.push(c);
        }
    }
    let name: String = name.trim_matches(['-', '.']).chars().take(80).collect();
    let name = if name.is_empty() {
        "integration".to_owned()
    } else {
        name
    };
    format!("{name}-users-{year:04}-{month:02}-{day:02}.csv")
}

/// Where an export stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ExportStatus {
    /// Nothing running; the button is offered.
    #[default]
    Idle,
    /// Fetching pages. `total` is `None` until the first page answers.
    Running {
        /// Accounts written so far.
        done: u64,
        /// Accounts the filters match.
        total: Option<u64>,
    },
    /// The file was handed to the browser.
    Done {
        /// Accounts in the file.
        rows: u64,
        /// The file's name.
        file: String,
    },
    /// Cancel was pressed: nothing was downloaded.
    Cancelled,
    /// A request failed for good: nothing was downloaded.
    Failed {
        /// What went wrong, as a sentence.
        message: String,
    },
}

impl ExportStatus {
    /// Whether pages are being fetched.
    pub fn is_running(&self) -> bool {
        matches!(self, ExportStatus::Running { .. })
    }

    /// What the polite live region says for this status.
    pub fn announcement(&self) -> String {
        match self {
            ExportStatus::Idle => String::new(),
            ExportStatus::Running { total: None, .. } => "Export to CSV started.".to_owned(),
            ExportStatus::Running {
                total: Some(total), ..
            } => format!(
                "Exporting {} to CSV.",
                if *total == 1 {
                    "1 user".to_owned()
                } else {
                    format!("{} users", thousands(*total))
                }
            ),
            ExportStatus::Done { rows, file } => format!(
                "Export finished: {} saved as {file}.",
                if *rows == 1 {
                    "1 user".to_owned()
                } else {
                    format!("{} users", thousands(*rows))
                }
            ),
            ExportStatus::Cancelled => "Export cancelled. Nothing was downloaded.".to_owned(),
            ExportStatus::Failed { message } => {
                format!("Export failed: {message} Nothing was downloaded.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{MatchedUser, ProvisioningState, Resource, Role};

    fn account(user: Option<MatchedUser>, roles: &[&str]) -> IntegrationUser {
        Resource {
            id: "id1".into(),
            kind: "integration_user".into(),
            attributes: contract::IntegrationUserAttributes {
                user,
                username_in_app: "rach@x.com".into(),
                app_access: roles
                    .iter()
                    .map(|r| Role {
                        id: r.to_uppercase(),
                        value: None,
                        display_name: (*r).into(),
                        group: None,
                    })
                    .collect(),
                active_in_app: None,
                upstream_user_id: None,
                provisioning_state: ProvisioningState::UpdateFailed,
                provisioning_state_updated_at: None,
                last_error: None,
                can_retry: false,
                created_at: String::new(),
                updated_at: String::new(),
                last_synced_at: None,
                dynamic_fields: None,
            },
        }
    }

    fn rachel() -> MatchedUser {
        MatchedUser {
            id: "u".into(),
            first_name: None,
            last_name: None,
            display_name: "Rachel Green".into(),
            email: "rachel@x.com".into(),
            avatar_url: None,
        }
    }

    fn encode(fields: &[&str]) -> String {
        let mut out = String::new();
        CsvEncoder::new().write_record(fields, &mut out);
        out
    }

    #[test]
    fn formula_starts_get_an_apostrophe_and_nothing_else_does() {
        for s in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
        for s in ["", "a=b", " =1", "'x", "Rachel", "1-2"] {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
    }

    #[test]
    fn records_follow_rfc_4180() {
        assert_eq!(encode(&["a", "b"]), "a,b\r\n");
        assert_eq!(
            encode(&["say \"hi\"", "a,b", "two\nlines", ""]),
            "\"say \"\"hi\"\"\",\"a,b\",\"two\nlines\",\r\n"
        );
        // Neutralised and quoted: the apostrophe sits inside the quotes.
        assert_eq!(encode(&["\rx", "=1,2"]), "\"'\rx\",\"'=1,2\"\r\n");
        assert_eq!(encode(&["José", "日本"]), "José,日本\r\n");
    }

    #[test]
    fn long_fields_stay_whole() {
        let long = "\"".repeat(1000) + &"x".repeat(5000);
        let out = encode(&[long.as_str(), "end"]);
        let expected = format!("\"{}{}\",end\r\n", "\"".repeat(2000), "x".repeat(5000));
        assert_eq!(out, expected);
    }

    proptest::proptest! {
        /// The `csv` crate (a reader we did not write) reads back exactly the neutralised
        /// fields, whatever the text: quotes, commas, CR, LF, non-ASCII.
        #[test]
        fn the_csv_crate_reads_back_what_was_written(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z\"',\r\n=+@\t -]{0,12}|\\PC{0,8}", 9..=9),
                1..5,
            )
        ) {
            let mut text = String::new();
            let mut encoder = CsvEncoder::new();
            for row in &rows {
                encoder.write_record(row, &mut text);
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let read: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect();
            let expected: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| neutralise(c)).collect())
                .collect();
            proptest::prop_assert_eq!(read, expected);
        }
    }

    #[test]
    fn header_starts_with_the_bom_and_names_the_columns() {
        assert_eq!(
            header_csv(),
            "\u{feff}User,Email,Username in app,App access,Active in app,Upstream user ID,\
             Provisioning state,Error code,Last synced\r\n"
        );
    }

    #[test]
    fn a_record_uses_the_table_values_and_joins_roles() {
        let r = record(&account(Some(rachel()), &["Member", "Admin"]));
        assert_eq!(
            r,
            [
                "Rachel Green",
                "rachel@x.com",
                "rach@x.com",
                "Member; Admin",
                "Unknown",
                "",
                "Update failed",
                "",
                ""
            ]
            .map(String::from)
        );
        let mut blank = rachel();
        blank.display_name = "  ".into();
        assert_eq!(record(&account(Some(blank), &[]))[0], "rachel@x.com");
        let unmatched = record(&account(None, &[]));
        assert_eq!(unmatched[0], "");
        assert_eq!(unmatched[3], "");
        let mut odd = account(None, &[]);
        odd.attributes.provisioning_state = ProvisioningState::from("quarantined");
        odd.attributes.active_in_app = Some(true);
        odd.attributes.upstream_user_id = Some("00u1".into());
        let r = record(&odd);
        assert_eq!((r[4].as_str(), r[5].as_str()), ("Yes", "00u1"));
        assert_eq!(r[6], "quarantined");
    }

    #[test]
    fn a_record_names_the_failed_jobs_error_code_and_the_last_sync() {
        let mut failed = account(Some(rachel()), &[]);
        failed.attributes.last_error = Some(contract::LastError {
            code: "NotEnoughSeats".into(),
            message: Some("No seats left.".into()),
            user_action: None,
            occurred_at: None,
        });
        failed.attributes.last_synced_at = Some("2026-11-28T10:00:00Z".into());
        let r = record(&failed);
        assert_eq!(
            (r[7].as_str(), r[8].as_str()),
            ("NotEnoughSeats", "2026-11-28T10:00:00Z")
        );
        // A job that has since succeeded: its old error is not the row's.
        failed.attributes.provisioning_state = ProvisioningState::Onboarded;
        assert_eq!(record(&failed)[7], "");
        // Odd values are written as text, formula starts neutralised.
        failed.attributes.provisioning_state = ProvisioningState::DeleteFailed;
        failed.attributes.last_synced_at = Some("=HYPERLINK(1)".into());
        let line = page_csv(&mut CsvEncoder::new(), &[failed]);
        assert!(
            line.ends_with(",NotEnoughSeats,'=HYPERLINK(1)\r\n"),
            "{line}"
        );
    }

    #[test]
    fn a_page_is_one_line_per_account() {
        let users = [account(Some(rachel()), &["Member"]), account(None, &[])];
        let csv = page_csv(&mut CsvEncoder::new(), &users);
        assert_eq!(
            csv,
            "Rachel Green,rachel@x.com,rach@x.com,Member,Unknown,,Update failed,,\r\n\
             ,,rach@x.com,,Unknown,,Update failed,,\r\n"
        );
    }

    #[test]
    fn thousands_and_progress_texts() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(progress_text(2_300, 10_000), "2,300 of 10,000 users");
        assert_eq!(progress_text(0, 1), "0 of 1 user");
        assert_eq!(progress_percent(2_300, 10_000), "23%");
        assert_eq!(progress_percent(1, 3), "33.3%");
        assert_eq!(progress_percent(5, 0), "0%");
        assert_eq!(progress_percent(7, 5), "100%");
    }

    #[test]
    fn file_names_are_safe_and_dated() {
        assert_eq!(
            file_name("Asana", 2026, 11, 8),
            "Asana-users-2026-11-08.csv"
        );
        assert_eq!(
            file_name(" Google Workspace ", 2026, 1, 2),
            "Google-Workspace-users-2026-01-02.csv"
        );
        assert_eq!(
            file_name("a/b\\c:d*e?\"<>|\n", 2026, 1, 2),
            "a-b-c-d-e-users-2026-01-02.csv"
        );
        assert_eq!(
            file_name("..", 2026, 1, 2),
            "integration-users-2026-01-02.csv"
        );
        assert_eq!(
            file_name("", 2026, 1, 2),
            "integration-users-2026-01-02.csv"
        );
        assert_eq!(
            file_name("Ünïcødé", 2026, 1, 2),
            "Ünïcødé-users-2026-01-02.csv"
        );
    }

    #[test]
    fn announcements_say_what_happened() {
        assert_eq!(
            ExportStatus::Running {
                done: 0,
                total: Some(10_000)
            }
            .announcement(),
            "Exporting 10,000 users to CSV."
        );
        assert_eq!(
            ExportStatus::Done {
                rows: 1,
                file: "f.csv".into()
            }
            .announcement(),
            "Export finished: 1 user saved as f.csv."
        );
        assert!(ExportStatus::Cancelled.announcement().contains("cancelled"));
        assert!(ExportStatus::Failed {
            message: "Network error.".into()
        }
        .announcement()
        .starts_with("Export failed: Network error."));
        assert_eq!(ExportStatus::Idle.announcement(), "");
    }
}
