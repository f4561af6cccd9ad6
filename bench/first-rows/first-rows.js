// make bench part 3, the vanilla side: fetch the same API page the tab fetches (same URL, same
// headers, the dev server's auto-login) and render it with bench/table/vanilla.js, the keyed
// table with the production rows' DOM, into the tab's table shell (copied into index.html).
"use strict";

(function () {
  const api = document.querySelector('meta[name="bench-api"]').content;
  const tbody = document.querySelector("table.users-table tbody");
  fetch(api, {
    headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    credentials: "same-origin",
  })
    .then((r) => {
      if (!r.ok) throw new Error(`GET ${api}: ${r.status}`);
      return r.text();
    })
    .then((text) => window.__vanilla(tbody).create(text))
    .catch((e) => {
      document.body.dataset.benchError = String(e);
    });
})();
