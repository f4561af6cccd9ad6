// make bench part 1: inputs and timing, in the page (driven by bench/runner).
// window.__benchPrepare(n): fetches the seeded Globex users from the dev server (the API pages
// as they are), builds the inputs for n rows as pre-stringified pages.
// window.__benchRun(impl, n, op, warmup, reps): times one op; returns the measured times (ms).
"use strict";

(function () {
  const GLOBEX = "5b0c6f3e-1d2a-4f8b-9c7e-2a4b6c8d0e1f";
  const inputs = {};

  async function fetchRows(from, count) {
    // The API's largest page is 100 rows.
    const out = [];
    let first = null;
    for (let p = from / 100 + 1; out.length < count; p++) {
      const r = await fetch(`/api/v1/integrations/${GLOBEX}/users?page[size]=100&page[number]=${p}`);
      if (!r.ok) throw new Error(`API ${r.status}`);
      const page = await r.json();
      first = first || page;
      out.push(...page.data);
    }
    return { page: first, rows: out.slice(0, count) };
  }

  const flip = (s) => (s === "update_ongoing" ? "onboarded" : "update_ongoing");
  function changed(rows, every) {
    const copy = JSON.parse(JSON.stringify(rows));
    const ids = [];
    const back = [];
    for (let i = 0; i < copy.length; i += every) {
      back.push([copy[i].id, copy[i].attributes.provisioningState]);
      copy[i].attributes.provisioningState = flip(copy[i].attributes.provisioningState);
      ids.push([copy[i].id, copy[i].attributes.provisioningState]);
    }
    return { rows: copy, ids, back };
  }

  window.__benchPrepare = async function (n) {
    const a = await fetchRows(0, n);
    const b = await fetchRows(n, n);
    const wrap = (rows) => JSON.stringify({ ...a.page, data: rows });
    // "update 1 row": the middle row's state; "every 10th": rows 0, 10, 20, …
    const one = changed(a.rows.slice(Math.floor(n / 2), Math.floor(n / 2) + 1), 1);
    const oneRows = a.rows.slice();
    oneRows[Math.floor(n / 2)] = one.rows[0];
    const tenth = changed(a.rows, 10);
    inputs[n] = {
      base: wrap(a.rows),
      baseIds: a.rows.map((r) => r.id),
      update1: wrap(oneRows),
      update1Ids: one.ids,
      update1Back: one.back,
      update10th: wrap(tenth.rows),
      update10thIds: tenth.ids,
      update10thBack: tenth.back,
      replace: wrap(b.rows),
      replaceIds: b.rows.map((r) => r.id),
    };
    return { n, bytes: inputs[n].base.length };
  };

  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  const macrotask = () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });

  const IMPLS = {};
  function impl(name) {
    if (!IMPLS[name]) {
      const root = document.getElementById(`${name}-root`);
      IMPLS[name] = {
        root,
        api: name === "leptos" ? window.__bench : null,
      };
      if (name === "vanilla" || name === "floor") {
        // The table shell (not timed) is the Leptos one, empty: same thead, same layout.
        root.innerHTML = document.getElementById("leptos-root").innerHTML;
        root.querySelector("tbody").textContent = "";
        for (const el of root.querySelectorAll("[id]")) el.id = `${name}-${el.id}`;
        const tbody = root.querySelector("tbody");
        IMPLS[name].api = name === "vanilla" ? window.__vanilla(tbody) : window.__mountFloor(tbody);
      }
    }
    return IMPLS[name];
  }

  const rowsOf = (root) => root.querySelector("tbody").children;
  function stateOf(root, id) {
    const tr = root.querySelector(`tr[data-row-id="${id}"]`);
    const b = tr && tr.querySelector("[data-state]");
    return b && b.getAttribute("data-state");
  }
  function idsAre(root, ids) {
    const rows = rowsOf(root);
    return (
      rows.length === ids.length &&
      (ids.length === 0 ||
        (rows[0].getAttribute("data-row-id") === ids[0] &&
          rows[ids.length - 1].getAttribute("data-row-id") === ids[ids.length - 1]))
    );
  }

  // Microtasks first: Leptos applies a change in effects queued as microtasks, within the same
  // task as the op, as vanilla does synchronously. Waiting a macrotask instead let Chromium slip
  // a rendering update (style, layout, paint) into the Leptos side only, which counted ~5 ms of
  // paint against it in "update 1 row" (4.86x → ~1.2x when measured in the same task).
  async function settle(check) {
    for (let i = 0; i < 10000 && !check(); i++) await Promise.resolve();
    while (!check()) await macrotask();
  }

  async function timed(op, check) {
    const t0 = performance.now();
    op();
    await settle(check);
    void document.body.offsetHeight;
    return performance.now() - t0;
  }

  // One measurement of `op` on `name` with n rows: untimed setup, the timed op, untimed reset.
  async function once(name, n, op) {
    const { root, api } = impl(name);
    const inp = inputs[n];
    const base = () => idsAre(root, inp.baseIds);
    const empty = () => rowsOf(root).length === 0;
    // Setup.
    if (op === "create") {
      api.clear();
      await settle(empty);
    } else {
      api.create(inp.base);
      await settle(base);
    }
    await macrotask();
    let t;
    switch (op) {
      case "create":
        t = await timed(() => api.create(inp.base), base);
        break;
      case "replace":
        t = await timed(() => api.replace(inp.replace), () => idsAre(root, inp.replaceIds));
        break;
      case "clear":
        t = await timed(() => api.clear(), empty);
        break;
      default:
        throw new Error(`unknown op ${op}`);
    }
    // Reset: nothing on the page.
    api.clear();
    await settle(empty);
    return t;
  }

  // The update ops need the base rows on the page, not a fresh table per run: the rows are
  // created once, and the runs alternate the changed page and the base page — each run
  // changes the same rows' states (there and back), as a poll does. This saved rebuilding
  // 1,000 rows around every 25 ms update (most of part 1's time).
  async function updates(name, n, op, warmup, reps) {
    const { root, api } = impl(name);
    const inp = inputs[n];
    const statesAre = (pairs) => () => pairs.every(([id, s]) => stateOf(root, id) === s);
    api.clear();
    await settle(() => rowsOf(root).length === 0);
    api.create(inp.base);
    await settle(() => idsAre(root, inp.baseIds));
    const times = [];
    for (let i = 0; i < warmup + reps; i++) {
      await macrotask();
      const [json, pairs] = i % 2 === 0 ? [inp[op], inp[op + "Ids"]] : [inp.base, inp[op + "Back"]];
      const t = await timed(() => api[op](json), statesAre(pairs));
      if (i >= warmup) times.push(t);
    }
    api.clear();
    await settle(() => rowsOf(root).length === 0);
    return times;
  }

  window.__benchRun = async function (name, n, op, warmup, reps) {
    if (op === "update1" || op === "update10th") return updates(name, n, op, warmup, reps);
    for (let i = 0; i < warmup; i++) await once(name, n, op);
    const times = [];
    for (let i = 0; i < reps; i++) times.push(await once(name, n, op));
    return times;
  };

  // One row's outerHTML from each implementation with the same data (comments and the id
  // prefixes removed), for the runner's "same DOM" check.
  window.__benchSameDom = async function (n, names) {
    const out = {};
    for (const name of names || ["leptos", "vanilla"]) {
      const { root, api } = impl(name);
      api.create(inputs[n].base);
      await settle(() => idsAre(root, inputs[n].baseIds));
      await macrotask();
      out[name] = Array.from(rowsOf(root)).map((r) =>
        r.outerHTML.replace(/<!--[\s\S]*?-->/g, ""),
      );
      api.clear();
      await settle(() => rowsOf(root).length === 0);
    }
    return out;
  };
})();
