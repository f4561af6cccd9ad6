//! The "Failures by cause" panel of the Users tab as a page object: its lines, Show and Retry,
//! and the report of a retry per cause.

use serde_json::json;

use crate::eventually::{eventually, seen};
use crate::session::{strings, Session};

/// The panel on a session's page.
#[derive(Clone, Copy)]
pub struct CausesPanel<'a> {
    s: &'a Session,
}

/// `/api/v1/integrations/{Contentzilla}/failures`.
pub fn api_failures() -> String {
    format!(
        "/api/v1/integrations/{}/failures",
        devserver::seed::CONTENTZILLA_ID
    )
}

impl<'a> CausesPanel<'a> {
    /// The panel on `s`'s page.
    pub fn new(s: &'a Session) -> CausesPanel<'a> {
        CausesPanel { s }
    }

    /// The error codes of the lines shown, in order.
    pub async fn codes(&self) -> Vec<String> {
        let codes = self
            .s
            .js(
                "return Array.from(document.querySelectorAll('.failure-causes .cause-line'))\
                 .map(l => l.getAttribute('data-code'))",
                vec![],
            )
            .await;
        strings(&codes)
    }

    /// Waits until the lines are exactly `codes`, in that order.
    pub async fn wait_codes(&self, codes: &[String], what: &str) {
        eventually(format!("{what}: the causes {codes:?}"), || async {
            let shown = self.codes().await;
            seen(shown == codes, format!("{shown:?}"))
        })
        .await
    }

    /// Shows every cause: waits for the fold button and presses "Show all N causes" when the
    /// panel is folded.
    pub async fn expand(&self) {
        self.s.wait_for(".failure-causes__fold").await;
        self.s
            .js(
                "const b = document.querySelector('.failure-causes__fold'); \
                 if (b && b.getAttribute('aria-expanded') === 'false') b.click();",
                vec![],
            )
            .await;
    }

    /// The visible text of the line of `code` (`""` when it is not shown).
    pub async fn line_text(&self, code: &str) -> String {
        self.s
            .js_text(
                "const l = Array.from(document.querySelectorAll('.cause-line'))\
                 .find(l => l.getAttribute('data-code') === arguments[0]); \
                 return l ? l.innerText : ''",
                vec![json!(code)],
            )
            .await
    }

    /// The panel's visible text.
    pub async fn text(&self) -> String {
        self.s.text_of(".failure-causes").await
    }

    async fn press(&self, code: &str, class: &str) {
        let clicked = self
            .s
            .js(
                "const l = Array.from(document.querySelectorAll('.cause-line'))\
                 .find(l => l.getAttribute('data-code') === arguments[0]); \
                 const b = l && l.querySelector(arguments[1]); if (b) b.click(); return !!b",
                vec![json!(code), json!(class)],
            )
            .await;
        assert_eq!(
            clicked,
            json!(true),
            "no {class} button for the cause {code}"
        );
    }

    /// Presses Show on the line of `code`.
    pub async fn show(&self, code: &str) {
        self.press(code, ".cause-line__show").await;
    }

    /// Presses Retry N on the line of `code` and waits for the confirm dialog; returns its text.
    pub async fn ask_retry(&self, code: &str) -> String {
        self.press(code, ".cause-line__retry").await;
        let dialog = self.s.wait_for("[role=alertdialog]").await;
        dialog.text().await.unwrap_or_default()
    }

    /// Waits for the report of a retry per cause with `data-status=status`
    /// (`cause-retry-ok`, `cause-retry-problems`); returns its text.
    pub async fn wait_report(&self, status: &str) -> String {
        let css = format!("#failure-causes-report [data-status=\"{status}\"]");
        self.s.wait_for(&css).await.text().await.unwrap_or_default()
    }

    /// Dismisses the report.
    pub async fn dismiss_report(&self) {
        self.s
            .click("#failure-causes-report .retry-report__dismiss")
            .await;
    }
}
