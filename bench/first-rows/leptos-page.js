// make bench-first-rows-floor, a Leptos page's side: fetch the API page at once, as the vanilla
// page does (first-rows.js: same URL, same headers), and hand it to the wasm when Trunk's loader
// has started it. `floor` mounts the floor table (bench/table/src/floor.rs) into the tab's table
// shell; `rows` patches the production UsersTable that the bench/table bundle's main mounted.
"use strict";

(function () {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const api = meta("bench-api");
  const impl = meta("bench-impl");
  // Registered before the module loader runs (this deferred script comes first in the page).
  const started = new Promise((resolve) =>
    addEventListener("TrunkApplicationStarted", resolve, { once: true }),
  );
  const text = fetch(api, {
    headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    credentials: "same-origin",
  }).then((r) => {
    if (!r.ok) throw new Error(`GET ${api}: ${r.status}`);
    return r.text();
  });
  Promise.all([text, started])
    .then(([json]) => {
      if (impl === "floor") {
        window.__mountFloor(document.querySelector("table.users-table tbody")).create(json);
      } else {
        window.__bench.create(json);
      }
    })
    .catch((e) => {
      document.body.dataset.benchError = String(e);
    });
})();
