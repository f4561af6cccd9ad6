//! `BENCH_MEM_DIAG` (part 5): V8 heap snapshots of the tab, summed by node type and by
//! (type, name), to tell what a growing JS heap is made of — compiled code and feedback
//! (V8 warming up) or objects some code keeps.
//!
//! The snapshot arrives as CDP events (`HeapProfiler.addHeapSnapshotChunk`), which chromedriver's
//! `goog/cdp/execute` drops, so this opens a second DevTools connection to the same page: the
//! browser's `debuggerAddress` (from the session's capabilities), `/json/list`, and a minimal
//! WebSocket client (no dependency for a diagnostic).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Self sizes (bytes) and counts of a heap snapshot's nodes: per node type, and per
/// (type, name) for every type but strings (a string's name is its text).
#[derive(Debug, Default, Clone)]
pub struct HeapSummary {
    pub total: f64,
    /// Every type but "native": V8's own heap.
    pub v8: f64,
    pub by_type: BTreeMap<String, (f64, f64)>,
    pub by_name: BTreeMap<(String, String), (f64, f64)>,
}

struct Ws {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Ws {
    async fn connect(url: &str) -> Ws {
        let rest = url.strip_prefix("ws://").expect("a ws:// URL");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let mut stream = TcpStream::connect(host).await.expect("connect to DevTools");
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(req.as_bytes()).await.expect("handshake");
        let mut buf = Vec::new();
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.expect("handshake answer");
            assert!(n > 0, "DevTools closed the connection during the handshake");
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        assert!(head.contains(" 101 "), "no WebSocket upgrade: {head}");
        buf.drain(..end);
        Ws { stream, buf }
    }

    async fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream
            .write_all(&frame)
            .await
            .expect("send to DevTools");
    }

    async fn fill(&mut self, n: usize) {
        while self.buf.len() < n {
            let mut chunk = vec![0u8; 1 << 16];
            let k = self
                .stream
                .read(&mut chunk)
                .await
                .expect("read from DevTools");
            assert!(k > 0, "DevTools closed the connection");
            self.buf.extend_from_slice(&chunk[..k]);
        }
    }

    /// The next text message (fragments joined; pings answered).
    async fn recv(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            self.fill(2).await;
            let (b0, b1) = (self.buf[0], self.buf[1]);
            let (mut len, mut at) = (u64::from(b1 & 0x7f), 2usize);
            if len == 126 {
                self.fill(4).await;
                len = u64::from(u16::from_be_bytes([self.buf[2], self.buf[3]]));
                at = 4;
            } else if len == 127 {
                self.fill(10).await;
                len = u64::from_be_bytes(self.buf[2..10].try_into().expect("8 bytes"));
                at = 10;
            }
            assert!(b1 & 0x80 == 0, "a masked frame from the server");
            let len = usize::try_from(len).expect("frame length");
            self.fill(at + len).await;
            let payload: Vec<u8> = self.buf.drain(..at + len).skip(at).collect();
            match b0 & 0x0f {
                0x9 => {
                    // Ping: answer with a pong carrying the same payload (masked, as a client).
                    let mut frame = vec![0x8a, 0x80 | payload.len() as u8, 0, 0, 0, 0];
                    frame.extend_from_slice(&payload);
                    self.stream.write_all(&frame).await.expect("pong");
                    continue;
                }
                0x8 => panic!("DevTools closed the WebSocket"),
                _ => message.extend_from_slice(&payload),
            }
            if b0 & 0x80 != 0 {
                return String::from_utf8(message).expect("UTF-8 text from DevTools");
            }
        }
    }
}

/// The WebSocket URL of the session's page target.
async fn page_socket(browser: &fantoccini::Client) -> String {
    let caps = browser.capabilities().expect("session capabilities");
    let addr = caps
        .get("goog:chromeOptions")
        .and_then(|o| o["debuggerAddress"].as_str())
        .expect("goog:chromeOptions.debuggerAddress in the capabilities")
        .to_owned();
    // Chrome's DevTools HTTP server keeps the connection open: read the body by its length.
    let mut stream = TcpStream::connect(&addr)
        .await
        .expect("connect to DevTools");
    let req = format!("GET /json/list HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(req.as_bytes()).await.expect("/json/list");
    let mut buf = Vec::new();
    let json = loop {
        let mut chunk = [0u8; 8192];
        let k = stream.read(&mut chunk).await.expect("/json/list answer");
        assert!(k > 0, "DevTools closed the connection");
        buf.extend_from_slice(&chunk[..k]);
        let text = String::from_utf8_lossy(&buf);
        let Some(end) = text.find("\r\n\r\n") else {
            continue;
        };
        let length = text[..end]
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            })
            .expect("a Content-Length");
        if buf.len() >= end + 4 + length {
            break String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).into_owned();
        }
    };
    let targets: Value = serde_json::from_str(&json).expect("/json/list JSON");
    targets
        .as_array()
        .and_then(|t| t.iter().find(|t| t["type"] == "page"))
        .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        .unwrap_or_else(|| panic!("no page target: {targets}"))
        .to_owned()
}

/// Sends `method` and waits for its answer, handing every event on the way to `event`.
async fn call(ws: &mut Ws, id: u64, method: &str, params: Value, event: &mut impl FnMut(Value)) {
    ws.send(&json!({ "id": id, "method": method, "params": params }).to_string())
        .await;
    loop {
        let m: Value = serde_json::from_str(&ws.recv().await).expect("CDP JSON");
        if m["id"] == id {
            assert!(m["error"].is_null(), "CDP {method}: {}", m["error"]);
            return;
        }
        if m.get("method").is_some() {
            event(m);
        }
    }
}

/// Takes a heap snapshot of the session's page (after a forced GC; the snapshot itself also
/// collects garbage first) and sums it up.
pub async fn heap_summary(browser: &fantoccini::Client) -> HeapSummary {
    let mut ws = Ws::connect(&page_socket(browser).await).await;
    let mut chunks = String::new();
    let mut on_event = |m: Value| {
        if m["method"] == "HeapProfiler.addHeapSnapshotChunk" {
            chunks.push_str(m["params"]["chunk"].as_str().unwrap_or_default());
        }
    };
    call(&mut ws, 1, "HeapProfiler.enable", json!({}), &mut on_event).await;
    call(
        &mut ws,
        2,
        "HeapProfiler.collectGarbage",
        json!({}),
        &mut on_event,
    )
    .await;
    call(
        &mut ws,
        3,
        "HeapProfiler.takeHeapSnapshot",
        json!({ "reportProgress": false, "captureNumericValue": false, "exposeInternals": true }),
        &mut on_event,
    )
    .await;
    call(&mut ws, 4, "HeapProfiler.disable", json!({}), &mut on_event).await;
    summarize(&serde_json::from_str(&chunks).expect("heap snapshot JSON"))
}

fn summarize(snap: &Value) -> HeapSummary {
    let meta = &snap["snapshot"]["meta"];
    let fields: Vec<&str> = meta["node_fields"]
        .as_array()
        .expect("node_fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let types: Vec<&str> = meta["node_types"][0]
        .as_array()
        .expect("node_types")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let pos = |f: &str| fields.iter().position(|x| *x == f).expect("a node field");
    let (t, n, s) = (pos("type"), pos("name"), pos("self_size"));
    let strings = snap["strings"].as_array().expect("strings");
    let nodes = snap["nodes"].as_array().expect("nodes");
    let mut out = HeapSummary::default();
    for node in nodes.chunks(fields.len()) {
        let ty = types
            .get(node[t].as_u64().unwrap_or(0) as usize)
            .copied()
            .unwrap_or("?")
            .to_owned();
        let size = node[s].as_f64().unwrap_or(0.0);
        out.total += size;
        if ty != "native" {
            out.v8 += size;
        }
        let e = out.by_type.entry(ty.clone()).or_default();
        e.0 += size;
        e.1 += 1.0;
        let name = if ty.contains("string") {
            String::new()
        } else {
            let name = strings
                .get(node[n].as_u64().unwrap_or(0) as usize)
                .and_then(Value::as_str)
                .unwrap_or("?");
            // Closures and objects of one kind share a name; cut long (source-like) ones.
            name.chars().take(60).collect()
        };
        let e = out.by_name.entry((ty, name)).or_default();
        e.0 += size;
        e.1 += 1.0;
    }
    out
}

/// The first / middle / last summaries side by side: per node type, then the (type, name)
/// groups that grew or shrank most from first to last.
pub fn diff(labels: [&str; 3], s: [&HeapSummary; 3]) -> String {
    let mut out = String::new();
    let kib = |b: f64| b / 1024.0;
    let _ = writeln!(
        out,
        "heap snapshot by node type (self size KiB / count): {} | {} | {} | last − first",
        labels[0], labels[1], labels[2]
    );
    let mut types: Vec<&String> = s.iter().flat_map(|x| x.by_type.keys()).collect();
    types.sort();
    types.dedup();
    for ty in types {
        let g = |x: &HeapSummary| x.by_type.get(ty).copied().unwrap_or_default();
        let (a, b, c) = (g(s[0]), g(s[1]), g(s[2]));
        let _ = writeln!(
            out,
            "  {ty:<20} {:9.1} / {:6} | {:9.1} / {:6} | {:9.1} / {:6} | {:+8.1} KiB {:+6}",
            kib(a.0),
            a.1,
            kib(b.0),
            b.1,
            kib(c.0),
            c.1,
            kib(c.0 - a.0),
            c.1 - a.1
        );
    }
    for (label, of) in [
        (
            "total",
            (|x: &HeapSummary| x.total) as fn(&HeapSummary) -> f64,
        ),
        ("V8 (all but native)", |x: &HeapSummary| x.v8),
    ] {
        let _ = writeln!(
            out,
            "  {:<20} {:9.1} KiB       | {:9.1} KiB       | {:9.1} KiB       | {:+8.1} KiB",
            label,
            kib(of(s[0])),
            kib(of(s[1])),
            kib(of(s[2])),
            kib(of(s[2]) - of(s[0]))
        );
    }
    let mut keys: Vec<&(String, String)> = s.iter().flat_map(|x| x.by_name.keys()).collect();
    keys.sort();
    keys.dedup();
    let g = |x: &HeapSummary, k: &(String, String)| x.by_name.get(k).copied().unwrap_or_default();
    keys.sort_by(|k, l| {
        let d = |k| (g(s[2], k).0 - g(s[0], k).0).abs();
        d(l).total_cmp(&d(k))
    });
    // Runtime.getHeapUsage's "used" is V8's heap: every type but "native" (Blink's C++ heap,
    // which the snapshot includes too); the two lists apart.
    for (v8, what, n) in [
        (true, "V8 heap (what JS heap used counts)", 30),
        (false, "native (Blink / cppgc, not in JS heap used)", 10),
    ] {
        let _ = writeln!(
            out,
            "  largest changes in the {what} by (type, name), bytes / count: {} → {} → {}",
            labels[0], labels[1], labels[2]
        );
        for k in keys.iter().filter(|k| (k.0 != "native") == v8).take(n) {
            let (a, b, c) = (g(s[0], k), g(s[1], k), g(s[2], k));
            if c.0 == a.0 && c.1 == a.1 {
                break;
            }
            let _ = writeln!(
                out,
                "    {:<9} {:<44} {:>8} / {:<5} → {:>8} / {:<5} → {:>8} / {:<5} ({:+})",
                k.0,
                format!("{:?}", k.1),
                a.0,
                a.1,
                b.0,
                b.1,
                c.0,
                c.1,
                c.0 - a.0
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(total: f64, v8: f64) -> HeapSummary {
        HeapSummary {
            total,
            v8,
            by_type: BTreeMap::new(),
            by_name: BTreeMap::new(),
        }
    }

    #[test]
    fn diff_shows_total_and_v8_with_last_minus_first() {
        let (a, b, c) = (
            summary(2048.0, 1024.0),
            summary(3072.0, 1536.0),
            summary(4096.0, 2560.0),
        );
        let out = diff(["poll 0", "poll 500", "poll 1000"], [&a, &b, &c]);
        let total = out
            .lines()
            .find(|l| l.contains("total"))
            .expect("a total line");
        assert!(
            total.contains("2.0 KiB") && total.contains("4.0 KiB"),
            "{total}"
        );
        assert!(total.trim_end().ends_with("+2.0 KiB"), "{total}");
        let v8 = out
            .lines()
            .find(|l| l.contains("V8 (all but native)"))
            .expect("a V8 line");
        assert!(v8.trim_end().ends_with("+1.5 KiB"), "{v8}");
    }
}
