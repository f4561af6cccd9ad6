//! Memory and heap measurements through Chrome DevTools Protocol commands (sent by the test
//! kit's `cdp`, through chromedriver's `goog/cdp/execute`: the same browser session fantoccini
//! drives, no second connection to the browser).

use serde_json::{json, Value};

pub use testkit::browser::cdp;

/// One memory sample, after a forced garbage collection: the wasm linear memory (bytes), the
/// DOM counters and the JS heap in use.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemorySample {
    pub wasm_bytes: f64,
    pub nodes: f64,
    pub listeners: f64,
    pub documents: f64,
    pub js_heap_used: f64,
}

/// Forces a GC (twice: finalizers can free more), then reads the counters. The wasm memory is
/// the `memory` export of the instance: wasm-bindgen's `init` returns the exports of the
/// instance it already made when called again, and Trunk's loader keeps the glue module as
/// `window.wasmBindings`.
pub async fn memory_sample(browser: &fantoccini::Client) -> MemorySample {
    for _ in 0..2 {
        cdp(browser, "HeapProfiler.collectGarbage", json!({})).await;
    }
    let wasm = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.wasmBindings.default().then(w => done(w.memory.buffer.byteLength),
                                                e => done('wasm memory: ' + e));",
            vec![],
        )
        .await
        .expect("read the wasm memory size");
    let wasm_bytes = wasm
        .as_f64()
        .unwrap_or_else(|| panic!("no wasm memory size: {wasm}"));
    let dom = cdp(browser, "Memory.getDOMCounters", json!({})).await;
    let heap = cdp(browser, "Runtime.getHeapUsage", json!({})).await;
    let num = |v: &Value, k: &str| {
        v[k].as_f64()
            .unwrap_or_else(|| panic!("CDP answer without {k}: {v}"))
    };
    MemorySample {
        wasm_bytes,
        nodes: num(&dom, "nodes"),
        listeners: num(&dom, "jsEventListeners"),
        documents: num(&dom, "documents"),
        js_heap_used: num(&heap, "usedSize"),
    }
}

/// How many live objects have `prototype` (a JS expression, e.g. `Function.prototype`) as
/// prototype: CDP `Runtime.queryObjects` (a diagnostic for `BENCH_MEM_DIAG`).
pub async fn count_objects(browser: &fantoccini::Client, prototype: &str) -> f64 {
    call_on_objects(browser, prototype, "function () { return this.length; }")
        .await
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// The most common key lists of live plain objects (`Object.prototype`), with counts: what a
/// growing object count is made of (`BENCH_MEM_DIAG`).
pub async fn object_shapes(browser: &fantoccini::Client) -> Value {
    call_on_objects(
        browser,
        "Object.prototype",
        "function () { const m = new Map(); for (const o of this) { let k; try { k = Object.keys(o).slice(0, 6).join(',') } catch (e) { k = '?' } m.set(k, (m.get(k) || 0) + 1); } return [...m].sort((a, b) => b[1] - a[1]).slice(0, 12); }",
    )
    .await
}

/// Calls `function` (JS source; `this` is the array) on every live object whose prototype is the
/// value of `prototype`, returns its result by value (null when the query failed), and releases
/// the remote objects.
async fn call_on_objects(browser: &fantoccini::Client, prototype: &str, function: &str) -> Value {
    let result = match query_objects(browser, prototype).await {
        Some(array) => cdp(
            browser,
            "Runtime.callFunctionOn",
            json!({ "objectId": array, "functionDeclaration": function, "returnByValue": true }),
        )
        .await["result"]["value"]
            .clone(),
        None => Value::Null,
    };
    cdp(
        browser,
        "Runtime.releaseObjectGroup",
        json!({ "objectGroup": "bench" }),
    )
    .await;
    result
}

/// The remote id of an array of every live object whose prototype is the value of `prototype`
/// (CDP `Runtime.queryObjects`), in the object group "bench".
async fn query_objects(browser: &fantoccini::Client, prototype: &str) -> Option<String> {
    let proto = cdp(
        browser,
        "Runtime.evaluate",
        json!({ "expression": prototype, "objectGroup": "bench" }),
    )
    .await;
    let id = proto["result"]["objectId"].as_str()?;
    let objects = cdp(
        browser,
        "Runtime.queryObjects",
        json!({ "prototypeObjectId": id, "objectGroup": "bench" }),
    )
    .await;
    objects["objects"]["objectId"].as_str().map(str::to_owned)
}
