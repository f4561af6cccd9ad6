// A host page with no framework: two Users tabs on /users, host pages of its own elsewhere.
// The tab comes from the standalone build's `embed.js` (same origin here; any origin that
// serves the dist works, given CORS for the API).
import { load } from "/embed.js";

const BASE = "/examples/html-host";
const CONTENTZILLA = "d538422e-b135-4ee0-8393-54eecbcb4a07";
const SECOND = new URLSearchParams(location.search).get("second") || "5b0c6f3e-1d2a-4f8b-9c7e-2a4b6c8d0e1f";

// The host holds the access token and hands it over on every request: a real host would
// refresh it here. The dev server accepts `dev-<role>`.
window.hostTokenCalls = 0;
function getToken() {
  window.hostTokenCalls += 1;
  return "dev-workspace_admin";
}

const page = location.pathname.replace(/\/+$/, "");
const title = document.getElementById("host-title");
const text = document.getElementById("host-page-text");

if (page === `${BASE}/about`) {
  title.textContent = "About Acme Admin";
  text.textContent = "The host's own page: the tab's router leaves it alone.";
} else if (page === `${BASE}/users`) {
  title.textContent = "Users";
  text.textContent = "Two integrations, two tabs, one page.";
  showUsers();
}

async function showUsers() {
  for (const id of ["host-a", "host-b", "host-controls"]) {
    document.getElementById(id).hidden = false;
  }
  const { mount } = await load();
  const common = { auth: { getToken }, apiBaseUrl: "/api/v1" };
  const tabs = [
    mount(document.getElementById("tab-a"), {
      ...common,
      integrationId: CONTENTZILLA,
      urlState: "router",
      basePath: `${BASE}/users`,
    }),
    mount(document.getElementById("tab-b"), {
      ...common,
      integrationId: SECOND,
      urlState: "internal",
      drawer: "panel",
      showHeader: false,
    }),
  ];
  window.hostTabs = tabs;

  let dark = false;
  document.getElementById("host-theme").addEventListener("click", (ev) => {
    dark = !dark;
    for (const t of tabs) t.update({ theme: dark ? "dark" : "light" });
    ev.currentTarget.textContent = dark ? "Light theme" : "Dark theme";
  });
  let compact = false;
  document.getElementById("host-density").addEventListener("click", (ev) => {
    compact = !compact;
    for (const t of tabs) t.update({ density: compact ? "compact" : "comfortable" });
    ev.currentTarget.textContent = compact ? "Comfortable" : "Compact";
  });
  document.getElementById("host-unmount").addEventListener("click", () => {
    for (const t of tabs) t.unmount();
  });
}
