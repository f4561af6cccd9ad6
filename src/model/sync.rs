//! Sync now, the pure part: the integration's `status` read as where a sync stands, what the
//! Sync now control shows for it, and its status line. No DOM, unit-tested natively.

use contract::IntegrationAttributes;

/// What the integration says about syncing: its `status` and last sync time, as the API sent
/// them (from the integration's answer, each poll, or the answer to `POST …/sync`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncInfo {
    /// The integration's `status`, kept as it came (`in_progress`, `up_to_date`, …).
    pub status: String,
    /// When it last synced (RFC 3339, as it came); `None` if never.
    pub last_synced_at: Option<String>,
}

impl SyncInfo {
    /// The sync facts of an integration.
    pub fn of(a: &IntegrationAttributes) -> SyncInfo {
        SyncInfo {
            status: a.status.clone(),
            last_synced_at: a.last_synced_at.clone(),
        }
    }

    /// The same, with a sync running: what a 409 "already running" tells us before the next
    /// poll does.
    pub fn running(&self) -> SyncInfo {
        SyncInfo {
            status: RUNNING.to_owned(),
            last_synced_at: self.last_synced_at.clone(),
        }
    }

    /// Where the sync stands.
    pub fn phase(&self) -> SyncPhase {
        SyncPhase::of(&self.status)
    }
}

/// The status the API gives an integration while it syncs.
const RUNNING: &str = "in_progress";

/// Where an integration's sync stands, read from its `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPhase {
    /// A sync runs (`in_progress`, or `retrying` one): another would be refused.
    Running,
    /// The last sync failed (`failed`).
    Failed,
    /// Anything else: up to date, validation states, a status this client does not know.
    Idle,
}

impl SyncPhase {
    /// The phase of a `status` wire value (any case, surrounding blanks ignored).
    pub fn of(status: &str) -> SyncPhase {
        match status.trim().to_ascii_lowercase().as_str() {
            "in_progress" | "retrying" => SyncPhase::Running,
            "failed" => SyncPhase::Failed,
            _ => SyncPhase::Idle,
        }
    }
}

/// A status in words: the contract's values in plain words, anything else as it came.
pub fn status_words(status: &str) -> String {
    let words = match status.trim().to_ascii_lowercase().as_str() {
        "in_progress" => "In progress",
        "retrying" => "Retrying",
        "up_to_date" => "Up to date",
        "failed" => "Failed",
        "under_validation" => "Under validation",
        "under_review" => "Under review",
        "validating" => "Validating",
        "validated" => "Validated",
        "validation_failed" => "Validation failed",
        _ => return status.trim().to_owned(),
    };
    words.to_owned()
}

/// What the tab itself has done about a sync since it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyncAsk {
    /// Nothing: the status is whatever the integration says.
    #[default]
    None,
    /// `POST …/sync` is on its way.
    Sending,
    /// A sync was started here (or found running) and is watched until it ends.
    Watching,
}

/// What the Sync now button offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncControl {
    /// "Sync now": a press starts a sync.
    Ready,
    /// "Syncing…": disabled until the sync ends.
    Busy,
}

impl SyncControl {
    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            SyncControl::Ready => "Sync now",
            SyncControl::Busy => "Syncing…",
        }
    }
}

/// The Sync now control and its status line for what the integration says and what the tab
/// asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncView {
    /// The button.
    pub control: SyncControl,
    /// The live status beside it ("In progress", "Sync finished"); `None` says nothing.
    pub status: Option<String>,
}

/// The control and the status line: busy while the request is out or the integration says a
/// sync runs; the live status while it runs; how it ended when it was watched from here.
pub fn sync_view(info: &SyncInfo, ask: SyncAsk) -> SyncView {
    let phase = info.phase();
    let control = if ask == SyncAsk::Sending || phase == SyncPhase::Running {
        SyncControl::Busy
    } else {
        SyncControl::Ready
    };
    let status = match (ask, phase) {
        (SyncAsk::Sending, _) => Some("Starting a sync…".to_owned()),
        (_, SyncPhase::Running) => Some(status_words(&info.status)),
        (SyncAsk::Watching, SyncPhase::Failed) => Some("The sync failed".to_owned()),
        (SyncAsk::Watching, SyncPhase::Idle) => Some("Sync finished".to_owned()),
        (SyncAsk::None, SyncPhase::Failed) => Some("The last sync failed".to_owned()),
        (SyncAsk::None, SyncPhase::Idle) => None,
    };
    SyncView { control, status }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(status: &str) -> SyncInfo {
        SyncInfo {
            status: status.into(),
            last_synced_at: Some("2026-11-28T10:00:00Z".into()),
        }
    }

    #[test]
    fn the_status_says_whether_a_sync_runs() {
        assert_eq!(SyncPhase::of("in_progress"), SyncPhase::Running);
        assert_eq!(SyncPhase::of(" RETRYING "), SyncPhase::Running);
        assert_eq!(SyncPhase::of("failed"), SyncPhase::Failed);
        for idle in [
            "up_to_date",
            "validated",
            "validation_failed",
            "hibernating",
            "",
        ] {
            assert_eq!(SyncPhase::of(idle), SyncPhase::Idle, "{idle}");
        }
    }

    #[test]
    fn statuses_read_as_words_and_unknown_ones_as_they_came() {
        assert_eq!(status_words("in_progress"), "In progress");
        assert_eq!(status_words("up_to_date"), "Up to date");
        assert_eq!(status_words("<script>x</script>"), "<script>x</script>");
    }

    #[test]
    fn the_button_is_busy_while_asking_and_while_a_sync_runs() {
        let idle = sync_view(&info("up_to_date"), SyncAsk::None);
        assert_eq!(idle.control, SyncControl::Ready);
        assert_eq!(idle.control.label(), "Sync now");
        assert_eq!(idle.status, None);

        let sending = sync_view(&info("up_to_date"), SyncAsk::Sending);
        assert_eq!(sending.control, SyncControl::Busy);
        assert_eq!(sending.status.as_deref(), Some("Starting a sync…"));

        // Found running as the page loads: busy, without the tab having asked.
        let running = sync_view(&info("in_progress"), SyncAsk::None);
        assert_eq!(running.control, SyncControl::Busy);
        assert_eq!(running.control.label(), "Syncing…");
        assert_eq!(running.status.as_deref(), Some("In progress"));
    }

    #[test]
    fn a_watched_sync_says_how_it_ended() {
        let done = sync_view(&info("up_to_date"), SyncAsk::Watching);
        assert_eq!(done.control, SyncControl::Ready);
        assert_eq!(done.status.as_deref(), Some("Sync finished"));
        let failed = sync_view(&info("failed"), SyncAsk::Watching);
        assert_eq!(failed.status.as_deref(), Some("The sync failed"));
        let old_failure = sync_view(&info("failed"), SyncAsk::None);
        assert_eq!(old_failure.control, SyncControl::Ready);
        assert_eq!(old_failure.status.as_deref(), Some("The last sync failed"));
    }

    #[test]
    fn a_conflict_marks_the_sync_running_and_keeps_the_last_time() {
        let i = info("up_to_date").running();
        assert_eq!(i.phase(), SyncPhase::Running);
        assert_eq!(i.last_synced_at.as_deref(), Some("2026-11-28T10:00:00Z"));
    }
}
