use contract::{Links, ListMeta, PageMeta, ProvisioningEventAttributes, Resource};

use super::*;
use crate::model::format::parse_rfc3339_ms;

fn event(id: &str, json: serde_json::Value) -> ProvisioningEvent {
    let attributes: ProvisioningEventAttributes =
        serde_json::from_value(json).expect("event attributes");
    Resource {
        id: id.to_owned(),
        kind: "provisioning_event".to_owned(),
        attributes,
    }
}

fn plain(id: &str) -> ProvisioningEvent {
    event(
        id,
        serde_json::json!({"job": "update", "outcome": "queued"}),
    )
}

fn page(ids: &[&str], number: u64, total: u64, size: u64) -> ProvisioningEventList {
    let total_pages = total.div_ceil(size);
    ProvisioningEventList {
        data: ids.iter().map(|id| plain(id)).collect(),
        links: Links {
            next: (number < total_pages).then(|| "next".to_owned()),
            ..Links::default()
        },
        meta: ListMeta {
            page: PageMeta {
                number,
                size,
                max_size: 100,
                total,
                total_pages,
            },
        },
    }
}

fn ids(t: &Timeline) -> Vec<&str> {
    t.events.iter().map(|e| e.id.as_str()).collect()
}

/// The shared parser (`model::format`) on the times events carry.
#[test]
fn rfc3339_times_parse_with_offsets_and_fractions() {
    assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
    assert_eq!(
        parse_rfc3339_ms("2026-02-18T09:12:44Z"),
        Some(1_771_405_964_000.0)
    );
    assert_eq!(
        parse_rfc3339_ms("2026-02-18T09:12:44.1Z"),
        Some(1_771_405_964_100.0)
    );
    assert_eq!(
        parse_rfc3339_ms("2026-02-18T09:12:44.123456789Z"),
        Some(1_771_405_964_123.0)
    );
    assert_eq!(
        parse_rfc3339_ms("2026-02-18T11:12:44.250+02:00"),
        Some(1_771_405_964_250.0)
    );
    assert_eq!(
        parse_rfc3339_ms("2026-02-18t04:12:44-05:00"),
        Some(1_771_405_964_000.0)
    );
    assert_eq!(
        parse_rfc3339_ms("2024-02-29T00:00:00Z"),
        Some(1_709_164_800_000.0)
    );
    for bad in [
        "",
        "yesterday",
        "2026-02-18",
        "2026-02-18T09:12:44",
        "2026-13-18T09:12:44Z",
        "2026-02-18T25:12:44Z",
        "2026-02-18T09:12:44Zjunk",
        "2026-02-18T09:12:44+0200",
        "<img src=x onerror=alert(1)>",
        "２０２６-02-18T09:12:44Z",
    ] {
        assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn jobs_and_outcomes_in_words_unknown_as_they_came() {
    assert_eq!(
        event_summary(&EventJob::Update, &EventOutcome::Failed),
        "Update failed"
    );
    assert_eq!(
        event_summary(&EventJob::Provision, &EventOutcome::Queued),
        "Provisioning queued"
    );
    assert_eq!(
        event_summary(&EventJob::Delete, &EventOutcome::Succeeded),
        "Removal succeeded"
    );
    assert_eq!(
        event_summary(
            &EventJob::from("reconcile"),
            &EventOutcome::from("deferred")
        ),
        "reconcile deferred"
    );
    assert_eq!(
        event_summary(&EventJob::from(""), &EventOutcome::from(" ")),
        "Job (no outcome given)"
    );
    assert_eq!(outcome_tone(&EventOutcome::Failed), "failed");
    assert_eq!(outcome_tone(&EventOutcome::from("deferred")), "unknown");
}

fn trigger(kind: &str, idp: Option<&str>, id: Option<&str>, actor: Option<&str>) -> EventTrigger {
    EventTrigger {
        kind: TriggerKind::from(kind),
        idp: idp.map(str::to_owned),
        upstream_event_id: id.map(str::to_owned),
        actor_display_name: actor.map(str::to_owned),
    }
}

#[test]
fn triggers_in_words_with_the_id_to_copy() {
    let okta = trigger_text(&trigger(
        "idp_event",
        Some("okta"),
        Some("okta-evt-1"),
        None,
    ));
    assert_eq!(okta.text, "Okta event okta-evt-1");
    assert_eq!(okta.copy.as_deref(), Some("okta-evt-1"));
    let entra = trigger_text(&trigger("idp_event", Some("entra_id"), None, None));
    assert_eq!((entra.text.as_str(), entra.copy), ("Entra ID event", None));
    assert_eq!(
        trigger_text(&trigger("idp_event", None, Some(" "), None)).text,
        "IdP event"
    );
    assert_eq!(
        trigger_text(&trigger("retry", None, None, Some("Ada Admin"))).text,
        "Retried by Ada Admin"
    );
    assert_eq!(
        trigger_text(&trigger("retry", None, None, None)).text,
        "Retried by an admin"
    );
    assert_eq!(
        trigger_text(&trigger("admin", None, None, Some("Olivia Owner"))).text,
        "By Olivia Owner"
    );
    assert_eq!(
        trigger_text(&trigger("schedule", None, None, None)).text,
        "Scheduled sync"
    );
    assert_eq!(
        trigger_text(&trigger("webhook", None, None, None)).text,
        "webhook"
    );
    assert_eq!(trigger_text(&EventTrigger::default()).text, "Not given");
}

#[test]
fn changes_and_errors_in_words() {
    let c = change_text(&AttributeChange {
        attribute: "department".into(),
        from: Some("Sales".into()),
        to: Some("Marketing".into()),
    });
    assert_eq!(
        (c.attribute.as_str(), c.from.as_str(), c.to.as_str()),
        ("department", "Sales", "Marketing")
    );
    let c = change_text(&AttributeChange::default());
    assert_eq!(
        (c.attribute.as_str(), c.from.as_str(), c.to.as_str()),
        ("(unnamed)", "not set", "removed")
    );

    let err = |code: &str, message: Option<&str>| LastError {
        code: code.into(),
        message: message.map(str::to_owned),
        user_action: None,
        occurred_at: None,
    };
    assert_eq!(
        error_words(&err("notEnoughSeats", Some("x"))),
        "The app's plan has no free seat for this account."
    );
    assert_eq!(
        error_words(&err("NewCode", Some("Plain words"))),
        "Plain words"
    );
    assert_eq!(error_words(&err("NewCode", Some(" "))), "NewCode");
    assert_eq!(error_words(&err("", None)), "The app gave no reason.");
}

#[test]
fn pages_merge_without_duplicates_newest_first() {
    let mut t = Timeline::from_first(page(&["e9", "e8", "e7"], 1, 9, 3));
    assert_eq!(
        (ids(&t), t.next_page, t.total),
        (vec!["e9", "e8", "e7"], Some(2), 9)
    );
    // Two new events shifted the pages: page 2 repeats the end of page 1.
    assert_eq!(t.add_newer(page(&["e11", "e10", "e9"], 1, 11, 3)), 2);
    assert_eq!(ids(&t), ["e11", "e10", "e9", "e8", "e7"]);
    assert_eq!(t.add_older(page(&["e8", "e7", "e6"], 2, 11, 3)), 1);
    assert_eq!(t.add_older(page(&["e5", "e4", "e3"], 3, 11, 3)), 3);
    assert_eq!(t.next_page, Some(4));
    assert_eq!(t.add_older(page(&["e2", "e1"], 4, 11, 3)), 2);
    assert_eq!(t.next_page, None);
    assert_eq!(
        ids(&t),
        ["e11", "e10", "e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1"]
    );
    assert_eq!(t.total, 11);
    // Nothing new: nothing to redraw.
    let before = t.clone();
    assert_eq!(t.add_newer(page(&["e11", "e10", "e9"], 1, 11, 3)), 0);
    assert_eq!(t, before);
}

#[test]
fn an_empty_or_past_the_end_page_ends_the_timeline() {
    let t = Timeline::from_first(page(&[], 1, 0, 25));
    assert!(t.events.is_empty());
    assert_eq!((t.next_page, t.total), (None, 0));
    let mut t = Timeline::from_first(page(&["a"], 1, 2, 1));
    assert_eq!(t.next_page, Some(2));
    // The server says there is more but sends nothing (the events are gone): stop.
    let mut gone = page(&[], 2, 2, 1);
    gone.links.next = Some("next".into());
    t.add_older(gone);
    assert_eq!(t.next_page, None);
    // Duplicate ids inside one page count once.
    let t = Timeline::from_first(page(&["a", "a", "b"], 1, 3, 3));
    assert_eq!(ids(&t), ["a", "b"]);
}
