//! `make bench` part 1 (bench/README.md): table ops at 100 and 1,000 rows, the production
//! `UsersTable` over the production `RowStore` (bench/table, a release Trunk build) against the
//! hand-written vanilla-JS keyed table (bench/table/vanilla.js), in the same page and run.
//!
//! Each round is a fresh dev server + chromedriver + headless Chromium profile (a session of
//! the test kit, tests/kit, with a browser of its own), with the (rows, op) cells and the implementation order
//! shuffled (seeded; the seed is printed). Per cell and implementation: warm-up runs, then
//! measured runs; the median per round, the ratio Leptos / vanilla of the same round, and the
//! median of that over the rounds.
//!
//! Parts 3, 4 and 5 run over the tab's own release dist (`dist/`): `first_rows.rs` (time to
//! first rows on a cold load against a vanilla page), `live.rs` (polling cost; memory).
//!
//! Usage:
//! - `bench-runner <bench dist> [--results bench/RESULTS.md]` — part 1
//! - `bench-runner first-rows <dist> [--results …]` — part 3
//! - `bench-runner first-rows-floor <dist> <bench-table dist> <floor dist> [--results …]` —
//!   part 3 with two more Leptos pages: the production table alone and the floor table
//!   (`make bench-first-rows-floor`)
//! - `bench-runner polling <dist> [--results …]` — part 4
//! - `bench-runner memory <dist> [--results …]` — part 5
//!
//! Environment: `BENCH_ROUNDS` (3), `BENCH_REPS` (10), `BENCH_WARMUP` (3), `BENCH_SEED`;
//! part 5: `BENCH_POLLS` (1000), `BENCH_DRAWER_CYCLES` (100), `BENCH_CHANGE_EVERY` (10: one
//! measured poll in 10 follows a 1-row change; 0 = none), `BENCH_MEM_WARMUP` (500 warm-up polls),
//! `BENCH_MEM_WARMUP_CYCLES` (300 warm-up drawer cycles after the polls), `BENCH_MEM_DIAG` (see
//! below);
//! part 3: `BENCH_TRACE` (every load's resource timeline and long tasks); any part:
//! `E2E_CHROME_ARGS` (extra Chromium arguments, one per line, e.g.
//! `--js-flags=--no-opt --no-maglev --no-sparkplug` to run without V8's JIT tiers).
//!
//! `BENCH_MEM_DIAG=1` (part 5, stderr; its JS heap numbers are not clean, the diagnostic adds
//! to the heap): after each sample, live JS objects counted by prototype, the commonest
//! plain-object shapes, and a V8 heap snapshot (`HeapProfiler.takeHeapSnapshot` over a second
//! DevTools connection, `heap.rs`) summed by node type (code, closure, object, string, array,
//! object shape, native …); after the polls and after the drawer cycles, the first / middle /
//! last snapshots side by side, with the (type, name) groups that changed most — apart for
//! V8's heap (what "JS heap used" counts: code = bytecode, optimized code, feedback; object =
//! JS objects and contexts; …) and Blink's native heap (not in "JS heap used"). Growth in
//! `code` that stops is V8 warming up; growth in object / closure / string / array counts is
//! something keeping objects.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use testkit::session::Lease;
use testkit::{eventually, seen, Session};

mod cdp;
mod first_rows;
mod heap;
mod live;

const SIZES: [u64; 2] = [100, 1000];
const OPS: [(&str, &str); 5] = [
    ("create", "create rows"),
    ("update1", "update 1 row's state"),
    ("update10th", "update every 10th row's state"),
    ("replace", "replace all rows"),
    ("clear", "clear"),
];

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: enough to shuffle reproducibly from a printed seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn cmd(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// A fresh dev server serving `dist` (auto-login as an Admin; `/dev` fault and control endpoints
/// when `faults`) + chromedriver + Chromium profile, with a script timeout of `script` (one
/// in-page call may run a whole measured cell).
pub async fn bench_session(dist: &std::path::Path, faults: bool, script: Duration) -> Session {
    let config = devserver::Config {
        dist: Some(dist.to_path_buf()),
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults,
        ..devserver::Config::default()
    };
    let s = Session::start_with(config, Lease::Own).await;
    s.browser
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(script),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .expect("set timeouts");
    s
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_default();
    format!(
        "{} CPUs (`nproc`), {cpu}, Linux {}",
        cmd("nproc", &[]),
        cmd("uname", &["-r"])
    )
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn seed() -> u64 {
    env_num(
        "BENCH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(1),
    )
    .max(1)
}

fn now_utc() -> String {
    cmd("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}

async fn user_agent(s: &Session) -> String {
    s.js("return navigator.userAgent", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The machine, load and browser lines every section starts with.
/// The start of a RESULTS.md section of a browser part: its title, which subcommand ran when and
/// for how long (`took` is the text after "took", e.g. "42 s"), and the machine lines.
fn section_start(
    title: &str,
    command: &str,
    started: &str,
    took: &str,
    load_start: &str,
    browser: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## {title}\n");
    let _ = writeln!(
        out,
        "`bench-runner {command}` over the release dist, run {started}, took {took}.\n"
    );
    machine_lines(&mut out, load_start, browser);
    out
}

fn machine_lines(out: &mut String, load_start: &str, browser: &str) {
    let _ = writeln!(out, "- machine: {}", machine());
    let _ = writeln!(
        out,
        "- load average at start / end: {load_start} / {}",
        load()
    );
    let _ = writeln!(out, "- browser: {browser} (headless)");
}

/// Prints a section and appends it to the results file, if any.
fn emit(out: &str, results: Option<&std::path::Path>) {
    print!("{out}");
    if let Some(path) = results {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .expect("open the results file");
        f.write_all(out.as_bytes()).expect("write the results");
        eprintln!("appended to {}", path.display());
    }
}

/// The release profile aborts on panic, so no destructor runs: the kit's browser would not stop
/// the Chromium of the session, nor its chromedriver. This hook does what it does, for this
/// process only: the browser by its profile dir (named after our pid by the kit), and our own
/// child processes (chromedriver) by parent pid.
fn kill_own_browsers_on_panic() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        let pid = std::process::id().to_string();
        let profile = std::env::temp_dir().join(format!("idlcm-e2e-{pid}-"));
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", profile.display()))
            .status();
        let _ = std::process::Command::new("pkill")
            .args(["-P", &pid])
            .status();
    }));
}

#[tokio::main]
async fn main() {
    kill_own_browsers_on_panic();
    let args: Vec<String> = std::env::args().collect();
    let results = args
        .iter()
        .position(|a| a == "--results")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let dist = |i: usize| {
        PathBuf::from(args.get(i).expect(
            "usage: bench-runner [first-rows|polling|memory|speed-floor] <dist> [--results FILE] | first-rows-floor <dist> <bench-table dist> <floor dist> [--results FILE]",
        ))
    };
    match args.get(1).map(String::as_str) {
        Some("first-rows") => first_rows::run(&dist(2), results.as_deref()).await,
        Some("first-rows-floor") => {
            first_rows::run_floor(&dist(2), &dist(3), &dist(4), results.as_deref()).await
        }
        Some("polling") => live::polling(&dist(2), results.as_deref()).await,
        Some("memory") => live::memory(&dist(2), results.as_deref()).await,
        Some("speed-floor") => table_ops(dist(2), results, Subject::Floor).await,
        _ => table_ops(dist(1), results, Subject::Production).await,
    }
}

/// What part 1 measures against the vanilla table.
#[derive(Clone, Copy, PartialEq)]
enum Subject {
    /// The production `UsersTable` (`make bench`).
    Production,
    /// The plainest Leptos table with the same DOM (bench/table/src/floor.rs,
    /// `make bench-speed-floor`).
    Floor,
}

impl Subject {
    /// The implementation's name in bench.js.
    fn name(self) -> &'static str {
        match self {
            Subject::Production => "leptos",
            Subject::Floor => "floor",
        }
    }
}

/// Part 1 (and the speed floor: the same cells with another Leptos table).
async fn table_ops(dist: PathBuf, results: Option<PathBuf>, subject: Subject) {
    let impls = [subject.name(), "vanilla"];
    assert!(
        dist.join("vanilla.js").is_file(),
        "{}: no vanilla.js",
        dist.display()
    );

    let rounds = env_num("BENCH_ROUNDS", 3).max(1);
    let reps = env_num("BENCH_REPS", 10).max(1);
    let warmup = env_num("BENCH_WARMUP", 3);
    let seed = seed();
    let started = now_utc();
    let load_start = load();
    eprintln!(
        "table ops: {rounds} rounds, warm-up {warmup} + {reps} measured per cell, seed {seed}"
    );
    let mut rng = Rng(seed);

    // results[(n, op)][impl] = per-round medians
    let mut med: std::collections::BTreeMap<(u64, &str, &str), Vec<f64>> = Default::default();
    let mut ratios: std::collections::BTreeMap<(u64, &str), Vec<f64>> = Default::default();
    let mut browser_version = String::new();

    for round in 1..=rounds {
        let s = bench_session(&dist, false, Duration::from_secs(900)).await;
        if browser_version.is_empty() {
            browser_version = user_agent(&s).await;
        }
        s.goto("/").await;
        eventually("the bench page to load", || async {
            let ready = s
                .js(
                    "return !!(window.__bench && window.__vanilla && window.__benchRun)",
                    vec![],
                )
                .await;
            seen(ready == json!(true), s.body_text().await)
        })
        .await;
        for n in SIZES {
            s.js_async(
                "const done = arguments[arguments.length - 1];
                 window.__benchPrepare(arguments[0]).then(done, e => done(String(e)));",
                vec![json!(n)],
            )
            .await;
        }
        if round == 1 {
            // Same DOM: every row of the 100-row page, equal outerHTML.
            let dom = s.js_async("const done = arguments[arguments.length - 1];
                 window.__benchSameDom(100, arguments[0]).then(done, e => done({error: String(e)}));", vec![json!(impls)])
            .await;
            let (l, v) = (&dom[subject.name()], &dom["vanilla"]);
            let (l, v) = (l.as_array().expect("rows"), v.as_array().expect("rows"));
            assert_eq!(l.len(), v.len(), "row count differs: {dom}");
            for (a, b) in l.iter().zip(v) {
                assert_eq!(
                    a, b,
                    "the vanilla row's DOM differs from the Leptos row's:\nleptos:  {a}\nvanilla: {b}"
                );
            }
            eprintln!(
                "same DOM: {} rows equal (outerHTML, comments removed)",
                l.len()
            );
        }

        let mut cells: Vec<(u64, &str)> = SIZES
            .iter()
            .flat_map(|&n| OPS.iter().map(move |&(op, _)| (n, op)))
            .collect();
        rng.shuffle(&mut cells);
        for (n, op) in cells {
            let mut impls = impls;
            rng.shuffle(&mut impls);
            let mut m = [0.0; 2];
            for name in impls {
                let times = s.js_async("const done = arguments[arguments.length - 1];
                     window.__benchRun(arguments[0], arguments[1], arguments[2], arguments[3], arguments[4])
                       .then(done, e => done({error: String(e)}));", vec![json!(name), json!(n), json!(op), json!(warmup), json!(reps)])
                .await;
                let times: Vec<f64> = times
                    .as_array()
                    .unwrap_or_else(|| panic!("{name} {op} {n}: {times}"))
                    .iter()
                    .filter_map(Value::as_f64)
                    .collect();
                let md = median(&times);
                m[usize::from(name == "vanilla")] = md;
                med.entry((n, op, name)).or_default().push(md);
            }
            let r = m[0] / m[1];
            ratios.entry((n, op)).or_default().push(r);
            eprintln!(
                "round {round}: {op:>10} n={n:<5} {} {:8.2} ms  vanilla {:8.2} ms  ratio {r:.2}",
                subject.name(),
                m[0],
                m[1]
            );
        }
        s.close().await;
    }

    let mut out = String::new();
    let (title, who) = match subject {
        Subject::Production => ("## 1. Table ops: production rows vs vanilla JS", "Leptos"),
        Subject::Floor => (
            "## Speed floor: the plainest Leptos table (bench/table/src/floor.rs) vs vanilla JS",
            "floor",
        ),
    };
    let _ = writeln!(out, "\n{title}\n");
    let _ = writeln!(
        out,
        "`bench-runner` (bench/runner) over the release bench/table bundle, run {started}.\n"
    );
    machine_lines(&mut out, &load_start, &browser_version);
    let _ = writeln!(
        out,
        "- method: {rounds} rounds, each a fresh dev server + Chromium profile, cells and implementation order shuffled (seed {seed}); per cell {warmup} warm-up + {reps} measured runs; time = op call (JSON string parsed inside) to the DOM showing the result after macrotasks, plus a forced layout; ratio = {who} median / vanilla median of the same round, reported as the median over rounds\n"
    );
    let _ = writeln!(
        out,
        "| op | rows | {who} median ms | vanilla median ms | ratio ({who} / vanilla) | ratio per round |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---|");
    let mut logs = Vec::new();
    let mut worst: (f64, String) = (0.0, String::new());
    for n in SIZES {
        for (op, label) in OPS {
            let rs = &ratios[&(n, op)];
            let r = median(rs);
            logs.push(r.ln());
            if r > worst.0 {
                worst = (r, format!("{label} at {n}"));
            }
            let per_round: Vec<String> = rs.iter().map(|x| format!("{x:.2}")).collect();
            let _ = writeln!(
                out,
                "| {label} | {n} | {:.2} | {:.2} | **{r:.2}×** | {} |",
                median(&med[&(n, op, subject.name())]),
                median(&med[&(n, op, "vanilla")]),
                per_round.join(", ")
            );
        }
    }
    let geo = (logs.iter().sum::<f64>() / logs.len() as f64).exp();
    let _ = writeln!(
        out,
        "\nGeomean of the ratios: **{geo:.2}×** (goal ≤ 1.15×: {}). Worst op: {} at {:.2}× (goal: no op > 1.5×: {}).",
        if geo <= 1.15 { "met" } else { "NOT met" },
        worst.1,
        worst.0,
        if worst.0 <= 1.5 { "met" } else { "NOT met" }
    );
    emit(&out, results.as_deref());
}
