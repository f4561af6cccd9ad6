//! The provisioning simulator: deterministic steps and reset, its timer, the `--simulate` flag.

use std::time::Duration;

use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID};
use devserver::Config;
use serde_json::json;
use testkit::api::*;
use testkit::{eventually_within, seen};

async fn state_of(s: &Server, row: &str) -> String {
    let a = s.cz_user(row).await;
    a.json["data"]["attributes"]["provisioningState"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn states(s: &Server) -> Vec<(String, String)> {
    all_rows(s, CONTENTZILLA_ID, "sort=usernameInApp", 100)
        .await
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["attributes"]["provisioningState"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn simulator_steps_move_rows_deterministically_and_reset_restores() {
    let s = faults_server().await;
    let initial = states(&s).await;
    let joey = initial
        .iter()
        .find(|(_, st)| st == "provisioning_awaiting")
        .unwrap()
        .0
        .clone();
    let mut seen = vec!["provisioning_awaiting".to_owned()];
    for _ in 0..8 {
        let r = s.control(Method::POST, "/dev/simulator/step", None).await;
        assert_eq!(r.status, 200);
        assert!(r.json["step"].as_u64().unwrap() >= 1);
        let st = state_of(&s, &joey).await;
        if seen.last() != Some(&st) {
            seen.push(st);
        }
    }
    assert_eq!(seen[1], "provisioning_ongoing", "{seen:?}");
    assert!(
        ["onboarded", "provisioning_failed"].contains(&seen[2].as_str()),
        "{seen:?}"
    );
    let after = states(&s).await;
    assert!(after.iter().all(|(_, st)| !st.ends_with("_ongoing")
        || st == "update_ongoing"
        || st == "provisioning_ongoing"
        || st == "delete_ongoing"));
    // Failed rows coming out of the simulator carry an error.
    for r in all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        100,
    )
    .await
    {
        assert!(r["attributes"]["lastError"]["code"].is_string());
    }

    // The same steps from a fresh app give the same states.
    let t = faults_server().await;
    for _ in 0..8 {
        t.control(Method::POST, "/dev/simulator/step", None).await;
    }
    assert_eq!(states(&t).await, after);

    // Retry puts a row back in the simulator's queue.
    let a = s
        .admin_op(
            "retryIntegrationUser",
            Method::POST,
            &format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
        )
        .await;
    if a.status == 202 {
        for _ in 0..8 {
            s.control(Method::POST, "/dev/simulator/step", None).await;
        }
        let st = state_of(&s, RACHEL_ROW_ID).await;
        assert!(
            ["onboarded", "update_failed"].contains(&st.as_str()),
            "{st}"
        );
    }

    let r = s.control(Method::POST, "/dev/reset", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(states(&s).await, initial);
    assert_eq!(
        s.control(Method::GET, "/dev/simulator", None).await.json["steps"],
        0
    );
}

#[tokio::test]
async fn simulator_timer_runs_when_switched_on() {
    let s = faults_server().await;
    let etag = s.contentzilla().await.header("etag").unwrap().to_owned();
    let r = s
        .control(
            Method::POST,
            "/dev/simulator",
            Some(json!({"running": true, "tickMs": 20})),
        )
        .await;
    assert_eq!(
        r.json,
        json!({"running": true, "tickMs": 20, "steps": r.json["steps"]})
    );
    // The first step copies the 100k-row table (copy-on-write), slow in debug builds: poll.
    eventually_within(Duration::from_secs(10), "the timer to step", || async {
        let steps = s.control(Method::GET, "/dev/simulator", None).await.json["steps"]
            .as_u64()
            .unwrap();
        seen(steps >= 3, format!("{steps} steps"))
    })
    .await;
    let r = s
        .control(
            Method::POST,
            "/dev/simulator",
            Some(json!({"running": false})),
        )
        .await;
    assert!(!r.json["running"].as_bool().unwrap());
    let now = s.contentzilla().await;
    assert_ne!(now.header("etag").unwrap(), etag, "counts moved");
    assert_eq!(
        s.control(Method::POST, "/dev/simulator", Some(json!({"speed": 2})))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn simulate_flag_moves_data_without_any_control_call() {
    let s = server(Config {
        simulate: true,
        sim_tick_ms: 20,
        ..Config::default()
    })
    .await;
    let before = s.contentzilla().await;
    eventually_within(
        Duration::from_secs(10),
        "--simulate to move the data",
        || async {
            let after = s.contentzilla().await;
            let stats = &after.json["data"]["attributes"]["userStats"];
            seen(
                before.json["data"]["attributes"]["userStats"] != *stats,
                stats,
            )
        },
    )
    .await;
    // Without --simulate the data stays still.
    let still = server(Config::default()).await;
    let a = still.contentzilla().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = still.contentzilla().await;
    assert_eq!(a.header("etag"), b.header("etag"));
}
