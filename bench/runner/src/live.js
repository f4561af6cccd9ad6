// make bench parts 4 and 5, in the real tab (injected by bench-runner as a WebDriver script,
// which the page's CSP does not apply to). arguments[0]: the integration id.
//
// window.__livePoll(): one poll, started the way the Refresh button starts it (Live::refresh,
//   the same Live::poll the interval timer runs; the bundle's pollIntervalMs is 10 min so the
//   timer never polls by itself). It resolves once the list request has finished and the
//   Refresh button is no longer busy, plus 3 macrotasks, to:
//   { ms, afterResponseMs, records, rows, tableOther, outside, sample }
//   - ms: click → the later of "settled" and the last mutation inside the table
//   - afterResponseMs: the list response's end (resource timing) → the same point
//   - requestsMs: the poll's API requests, start → response end, summed (one after the other)
//   - records: mutation records inside table.users-table; rows: the distinct data-row-ids
//     they touched; tableOther: records inside the table but outside any row (described);
//     outside: records elsewhere in the page (header counts, "Updated …", the Refresh button)
// window.__liveChange(k, offset): changes k rows of the page on the server (PUT /dev/users/…):
//   k = 1 the middle row (+ offset), 10 every 10th row, 100 every row; update_ongoing ↔
//   update_awaiting.
//   Resolves to the changed ids.
// window.__drawerCycle(i): opens the drawer of row i % rows (its "Show details of" button),
//   waits for the user's details to load, closes it with Esc, waits for it to go.
"use strict";
(function (integration) {
  if (window.__livePoll) return;
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  const macrotask = () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  async function until(what, check, ms = 20000) {
    const deadline = performance.now() + ms;
    while (!check()) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await macrotask();
    }
  }
  const describe = (e) =>
    e ? e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined && e.className ? "." + String(e.className).split(" ").join(".") : "") : "?";

  const state = { records: [], lastTableMutation: 0 };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const table = el && el.closest("table.users-table");
      if (!table) {
        state.records.push({ where: "outside", what: describe(el) });
        continue;
      }
      state.lastTableMutation = now;
      const row = el.closest("tr[data-row-id]");
      state.records.push(
        row
          ? { where: "row", row: row.getAttribute("data-row-id") }
          : { where: "table", what: `${r.type} ${describe(el)}${r.attributeName ? "@" + r.attributeName : ""}` },
      );
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });

  const refresh = () => document.getElementById("users-refresh");
  const listEntries = () =>
    performance.getEntriesByType("resource").filter((e) => e.name.includes("/users?"));

  window.__livePoll = async function () {
    await macrotask();
    observer.takeRecords();
    state.records = [];
    state.lastTableMutation = 0;
    performance.clearResourceTimings();
    const button = refresh();
    const t0 = performance.now();
    button.click();
    await until("the poll", () => listEntries().length > 0 && !button.hasAttribute("aria-disabled"));
    const settled = performance.now();
    for (let i = 0; i < 3; i++) await macrotask();
    for (const r of observer.takeRecords()) state.records.push({ where: "late", what: r.type });
    const end = Math.max(settled, state.lastTableMutation);
    const list = listEntries()[0];
    // The requests' own time (start → response end): on loopback, the dev server's share.
    const requestsMs = performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname.startsWith("/api/"))
      .reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0);
    const inRows = state.records.filter((r) => r.where === "row");
    const table = state.records.filter((r) => r.where === "table").map((r) => r.what);
    const outside = state.records.filter((r) => r.where !== "row" && r.where !== "table");
    performance.clearResourceTimings();
    state.records = [];
    return {
      ms: end - t0,
      afterResponseMs: end - list.responseEnd,
      requestsMs,
      status: list.responseStatus || 0,
      records: inRows.length + table.length,
      rows: [...new Set(inRows.map((r) => r.row))],
      tableOther: table.slice(0, 20),
      outside: outside.length,
      outsideWhat: [...new Set(outside.map((r) => r.what))].slice(0, 10),
    };
  };

  const ids = () =>
    Array.from(document.querySelectorAll("tr[data-row-id]"), (r) => r.getAttribute("data-row-id"));
  window.__liveChange = async function (k, offset = 0) {
    const all = ids();
    const pick =
      k === 1 ? [all[(Math.floor(all.length / 2) + offset) % all.length]] : all.filter((_, i) => i % Math.max(1, Math.floor(all.length / k)) === 0).slice(0, k);
    await Promise.all(
      pick.map(async (id) => {
        const badge = document.querySelector(`tr[data-row-id="${id}"] [data-state]`);
        const now = badge && badge.getAttribute("data-state");
        const next = now === "update_ongoing" ? "update_awaiting" : "update_ongoing";
        const r = await fetch(`/dev/users/${integration}/${id}`, {
          method: "PUT",
          headers: { "Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest" },
          body: JSON.stringify({ provisioningState: next }),
        });
        if (!r.ok) throw new Error(`PUT ${id}: ${r.status}`);
      }),
    );
    performance.clearResourceTimings();
    observer.takeRecords();
    state.records = [];
    return pick;
  };

  const dialog = () => document.querySelector("[role=dialog]");
  // The observer keeps recording outside polls (drawer cycles, changes): drop those records,
  // or they are this script's own growing heap in part 5.
  const forget = () => {
    observer.takeRecords();
    state.records = [];
  };
  window.__drawerCycle = async function (i) {
    forget();
    performance.clearResourceTimings();
    const buttons = document.querySelectorAll("tr[data-row-id] button[aria-label^='Show details of']");
    const button = buttons[i % buttons.length];
    const id = button.closest("tr[data-row-id]").getAttribute("data-row-id");
    button.click();
    await until("the drawer", () => dialog());
    await until("the user's details", () =>
      performance.getEntriesByType("resource").some((e) => e.name.includes(`/users/${id}`)),
    );
    for (let j = 0; j < 3; j++) await macrotask();
    const d = dialog();
    const target = d.contains(document.activeElement) ? document.activeElement : d.querySelector("button") || d;
    target.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    await until("the drawer to close", () => !dialog());
    for (let j = 0; j < 3; j++) await macrotask();
    performance.clearResourceTimings();
    forget();
    return id;
  };
})(arguments[0]);
