// make bench part 1: the hand-written vanilla-JS baseline. A keyed table with the same DOM and
// classes as the production UsersTable/UserRowView (src/components/users_table), so the same
// CSS applies; the runner checks one row's outerHTML equal to the Leptos row's. Same input
// path as the Leptos side: a pre-stringified API page, JSON.parse'd inside the timed op, then a
// keyed patch (Map by id; a row's cells are touched only when a field they show changed).
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const ICON_BODIES = {
    awaiting:
      '<circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"></circle><path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"></path>',
    ongoing:
      '<path d="M13 6.5A5 5 0 0 0 4 4.6M3 9.5A5 5 0 0 0 12 11.4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"></path><path d="M13.5 2.5v4h-4M2.5 13.5v-4h4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"></path>',
    failed:
      '<circle cx="8" cy="8" r="7" fill="currentColor"></circle><path class="idl-icon__knockout" d="M8 4.25v4.5" fill="none" stroke-width="1.75" stroke-linecap="round"></path><circle class="idl-icon__knockout-fill" cx="8" cy="11.4" r="1.05"></circle>',
    onboarded:
      '<circle cx="8" cy="8" r="7" fill="currentColor"></circle><path class="idl-icon__knockout" d="M4.75 8.25l2.1 2.1 4.4-4.6" fill="none" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"></path>',
    deleted:
      '<circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"></circle><path d="M5 8h6" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round"></path>',
    unknown:
      '<circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"></circle><path d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"></path><circle cx="8" cy="11.6" r=".9" fill="currentColor"></circle>',
    copy:
      '<rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.3"></rect><path d="M3.5 10.5h-.25A1.25 1.25 0 0 1 2 9.25v-6A1.25 1.25 0 0 1 3.25 2h6a1.25 1.25 0 0 1 1.25 1.25v.25" fill="none" stroke="currentColor" stroke-width="1.3"></path>',
  };
  // One parsed <svg> per icon, cloned per use.
  const ICONS = {};
  for (const [kind, body] of Object.entries(ICON_BODIES)) {
    const cls = kind === "copy" ? "idl-icon " : "idl-icon state-badge__icon";
    const t = document.createElement("template");
    t.innerHTML = `<svg class="${cls}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${body}</svg>`;
    ICONS[kind] = t.content.firstChild;
  }
  const icon = (kind) => ICONS[kind].cloneNode(true);

  const STATES = {
    provisioning_awaiting: ["awaiting", "Provisioning awaiting"],
    provisioning_ongoing: ["ongoing", "Provisioning ongoing"],
    provisioning_failed: ["failed", "Provisioning failed"],
    onboarded: ["onboarded", "Onboarded"],
    update_awaiting: ["awaiting", "Update awaiting"],
    update_ongoing: ["ongoing", "Update ongoing"],
    update_failed: ["failed", "Update failed"],
    delete_awaiting: ["awaiting", "Delete awaiting"],
    delete_ongoing: ["ongoing", "Delete ongoing"],
    delete_failed: ["failed", "Delete failed"],
    deleted: ["deleted", "Deleted"],
  };
  const phaseOf = (s) => (STATES[s] ? STATES[s][0] : "unknown");
  const badgeLabel = (s) => {
    const l = (STATES[s] ? STATES[s][1] : s).trim();
    return l === "" ? "Unknown state" : l;
  };
  const CODES = {
    notenoughseats: "The app's plan has no free seat for this account.",
    underpermissionedaccount: "The integration's service account may not make this change in the app.",
    badcredentials: "The app no longer accepts the integration's stored credentials.",
    ratelimited: "The app was throttling requests when the job ran.",
    useralreadyexists:
      "An account with this email already exists in the app and is not managed by this integration.",
    upstreamtimeout: "The app did not answer in time.",
    ownercannotberemoved: "The app's owner account cannot be removed.",
  };
  const ACTIONS = {
    add_licenses: "Add seats to the app's plan, then retry.",
    grant_permissions: "Give the service account the permission in the app, then retry.",
    review_credentials: "Update the integration's credentials in Settings, then retry.",
    link_account: "Link the existing app account to this user, or remove it in the app.",
    transfer_ownership: "Transfer ownership of the app to another account first.",
    retry: "Retry the job.",
    contact_support: "Contact support with the request ID.",
  };
  function failureSummary(e) {
    if (!e) return "The job failed; the app gave no reason.";
    const code = (e.code || "").trim();
    const msg = (e.message || "").trim();
    const reason =
      CODES[code.toLowerCase()] || msg || code || "The app gave no reason.";
    let action = e.userAction == null ? "" : e.userAction.trim();
    action = ACTIONS[action.toLowerCase()] || action;
    return action ? `${reason} ${action}` : reason;
  }

  const ALNUM = /[\p{L}\p{N}]/u;
  const firstAlnum = (s) => (s ? (s.match(ALNUM) || [null])[0] : null);
  function initials(u) {
    const g = firstAlnum(u.firstName);
    const f = firstAlnum(u.lastName);
    let picked;
    if (g && f) picked = [g, f];
    else {
      const words = u.displayName.split(/\s+/).filter((w) => w);
      if (words.length > 1) picked = [firstAlnum(words[0]), firstAlnum(words[words.length - 1])];
      else if (words.length === 1) picked = [firstAlnum(words[0])];
      else picked = [firstAlnum(u.email)];
    }
    const s = picked.filter((c) => c).join("").toUpperCase();
    return s === "" ? "?" : s;
  }
  const ENC = new TextEncoder();
  function tone(key) {
    let h = 0x811c9dc5;
    for (const b of ENC.encode(key)) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % 6;
  }
  function safeImageUrl(url) {
    if (url == null) return null;
    url = url.trim();
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f"<>]/.test(url)) return null;
    const lower = url.slice(0, 11).toLowerCase();
    const ok =
      (lower.startsWith("https://") && url.length > 8) ||
      (lower.startsWith("http://") && url.length > 7) ||
      lower.startsWith("data:image/");
    return ok ? url : null;
  }
  const roleName = (r) =>
    [r.displayName, r.value, r.id].map((s) => (s == null ? "" : s.trim())).find((s) => s) ||
    "Unnamed role";

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    // Class first, as Leptos sets it (the runner compares outerHTML).
    if (attrs.class) el.className = attrs.class;
    for (const k in attrs) if (k !== "class") el.setAttribute(k, attrs[k]);
    for (const c of children) el.append(c);
    return el;
  }

  // The row skeleton: <tr> and the cells whose tag never changes.
  const ROW = document.createElement("template");
  ROW.innerHTML =
    '<tr class="users-table__row"><td class="users-table__cell users-table__cell--check">' +
    '<input class="users-table__checkbox" type="checkbox"></td>' +
    '<td class="users-table__cell users-table__cell--access"></td>' +
    '<td class="users-table__cell users-table__cell--active"><span></span></td>' +
    '<td class="users-table__cell users-table__cell--upstream"></td>' +
    '<td class="users-table__cell users-table__cell--state"></td></tr>';

  const labelOf = (a) => {
    const n = a.user ? a.user.displayName.trim() : "";
    return n !== "" ? n : a.usernameInApp;
  };
  const same = (x, y) => x === y || JSON.stringify(x) === JSON.stringify(y);

  function userCell(u) {
    if (!u) {
      return h(
        "td",
        { class: "users-table__cell users-table__cell--user" },
        h(
          "span",
          { class: "user-cell user-cell--unmatched" },
          h("span", { class: "user-avatar user-avatar--unknown", "aria-hidden": "true" }, "?"),
          h("span", { class: "user-cell__unknown" }, "Unknown user"),
        ),
      );
    }
    const name = u.displayName.trim() === "" ? u.email : u.displayName;
    const src = safeImageUrl(u.avatarUrl);
    const avatar = src
      ? h("img", {
          class: "user-avatar user-avatar--image",
          src,
          alt: "",
          width: "28",
          height: "28",
          referrerpolicy: "no-referrer",
        })
      : h(
          "span",
          {
            class: `user-avatar user-avatar--tone-${tone(u.email === "" ? u.displayName : u.email)}`,
            "aria-hidden": "true",
          },
          initials(u),
        );
    return h(
      "th",
      { scope: "row", class: "users-table__cell users-table__cell--user" },
      h(
        "span",
        { class: "user-cell" },
        avatar,
        h(
          "span",
          { class: "user-cell__text" },
          h(
            "button",
            {
              type: "button",
              class: "user-cell__name user-cell__name--button",
              "aria-label": `Show details of ${name}`,
            },
            name,
          ),
          h("span", { class: "user-cell__email", title: u.email }, u.email),
        ),
      ),
    );
  }

  function usernameCell(matched, username) {
    if (matched) {
      return h(
        "td",
        { class: "users-table__cell users-table__cell--username" },
        h("span", { class: "truncate", title: username }, username),
      );
    }
    return h(
      "th",
      { scope: "row", class: "users-table__cell users-table__cell--username" },
      h(
        "button",
        {
          type: "button",
          class: "row-open truncate",
          title: username,
          "aria-label": `Show details of ${username}`,
        },
        username,
      ),
    );
  }

  function rolesContent(roles, label) {
    if (roles.length === 0) return h("span", { class: "roles-cell roles-cell--none" }, "No roles");
    const first = roleName(roles[0]);
    const name = h("span", { class: "roles-cell__name", title: first }, first);
    if (roles.length === 1) return h("span", { class: "roles-cell" }, name);
    const more = roles.length - 1;
    return h(
      "span",
      { class: "roles-cell" },
      name,
      h(
        "button",
        { type: "button", class: "roles-cell__more" },
        `+${more}`,
        h("span", { class: "visually-hidden" }, ` more roles: show all ${more + 1} roles of ${label}`),
      ),
    );
  }

  function upstreamContent(v, label) {
    if (v != null && v !== "") {
      const copy = `Copy upstream user ID of ${label}`;
      return h(
        "span",
        { class: "upstream-id" },
        h("span", { class: "upstream-id__value truncate", title: v }, v),
        h(
          "span",
          { class: "copy-button" },
          h(
            "button",
            { type: "button", class: "copy-button__button", "aria-label": copy, title: copy },
            icon("copy"),
          ),
          h("span", { class: "copy-button__status", role: "status" }),
        ),
      );
    }
    return h(
      "span",
      { class: "upstream-id upstream-id--none" },
      h("span", { "aria-hidden": "true" }, "--"),
      h("span", { class: "visually-hidden" }, "None"),
    );
  }

  function badge(state) {
    const phase = phaseOf(state);
    return h(
      "span",
      { class: `state-badge state-badge--${phase}`, "data-state": state },
      icon(phase),
      h("span", { class: "state-badge__label" }, badgeLabel(state)),
    );
  }

  function stateContent(id, state, lastError, label) {
    if (phaseOf(state) !== "failed") return badge(state);
    const tip = `failure-tip-${id}`;
    return h(
      "span",
      { class: "state-cell" },
      h(
        "span",
        { class: "failure-tip" },
        h(
          "button",
          { type: "button", class: "state-button", "aria-describedby": tip },
          badge(state),
          h("span", { class: "visually-hidden" }, `: show the error for ${label}`),
        ),
        h("span", { class: "failure-tip__text", role: "tooltip", id: tip }, failureSummary(lastError)),
      ),
    );
  }

  class Row {
    constructor(id, a) {
      this.id = id;
      this.a = a;
      const tr = ROW.content.firstChild.cloneNode(true);
      tr.setAttribute("data-row-id", id);
      this.tr = tr;
      const [check, access, active, upstream, state] = tr.children;
      this.checkbox = check.firstChild;
      this.access = access;
      this.active = active;
      this.upstream = upstream;
      this.state = state;
      const label = labelOf(a);
      this.checkbox.setAttribute("aria-label", `Select ${label}`);
      this.user = userCell(a.user);
      this.username = usernameCell(!!a.user, a.usernameInApp);
      check.after(this.user, this.username);
      access.append(rolesContent(a.appAccess, label));
      this.setActive(a.activeInApp);
      upstream.append(upstreamContent(a.upstreamUserId, label));
      state.append(stateContent(id, a.provisioningState, a.lastError, label));
    }
    setActive(v) {
      const [text, cls] = v === true ? ["Yes", "yes"] : v === false ? ["No", "no"] : ["Unknown", "unknown"];
      const pill = this.active.firstChild;
      pill.className = `active-pill active-pill--${cls}`;
      pill.textContent = text;
    }
    patch(a) {
      const o = this.a;
      this.a = a;
      const label = labelOf(a);
      const labelChanged = label !== labelOf(o);
      const userChanged = !same(o.user, a.user);
      if (labelChanged) this.checkbox.setAttribute("aria-label", `Select ${label}`);
      if (userChanged) {
        const cell = userCell(a.user);
        this.user.replaceWith(cell);
        this.user = cell;
      }
      if (userChanged || o.usernameInApp !== a.usernameInApp) {
        const cell = usernameCell(!!a.user, a.usernameInApp);
        this.username.replaceWith(cell);
        this.username = cell;
      }
      if (labelChanged || !same(o.appAccess, a.appAccess))
        this.access.replaceChildren(rolesContent(a.appAccess, label));
      if (o.activeInApp !== a.activeInApp) this.setActive(a.activeInApp);
      if (labelChanged || o.upstreamUserId !== a.upstreamUserId)
        this.upstream.replaceChildren(upstreamContent(a.upstreamUserId, label));
      const s = a.provisioningState;
      if (o.provisioningState !== s) {
        const wasFailed = phaseOf(o.provisioningState) === "failed";
        if (!wasFailed && phaseOf(s) !== "failed") {
          // Same shape: the badge in place.
          const b = this.state.firstChild;
          const phase = phaseOf(s);
          b.className = `state-badge state-badge--${phase}`;
          b.setAttribute("data-state", s);
          if (phase !== phaseOf(o.provisioningState)) b.firstChild.replaceWith(icon(phase));
          b.lastChild.firstChild.data = badgeLabel(s);
        } else {
          this.state.replaceChildren(stateContent(this.id, s, a.lastError, label));
        }
      } else if (phaseOf(s) === "failed" && (labelChanged || !same(o.lastError, a.lastError))) {
        this.state.replaceChildren(stateContent(this.id, s, a.lastError, label));
      }
    }
  }

  class VanillaTable {
    constructor(tbody) {
      this.tbody = tbody;
      this.rows = []; // in order
      this.byId = new Map();
    }
    patch(json) {
      const page = JSON.parse(json).data;
      const next = [];
      const nextById = new Map();
      for (const u of page) {
        if (nextById.has(u.id)) continue;
        let row = this.byId.get(u.id);
        if (row) row.patch(u.attributes);
        else row = new Row(u.id, u.attributes);
        next.push(row);
        nextById.set(u.id, row);
      }
      const old = this.rows;
      const sameOrder = old.length === next.length && old.every((r, i) => r === next[i]);
      if (!sameOrder) {
        if (next.length === 0) {
          this.tbody.textContent = "";
        } else {
          for (const r of old) if (!nextById.has(r.id)) r.tr.remove();
          // Keyed reorder: walk the new order, moving only rows out of place.
          let cursor = this.tbody.firstChild;
          for (const r of next) {
            if (r.tr === cursor) cursor = cursor.nextSibling;
            else this.tbody.insertBefore(r.tr, cursor);
          }
        }
        this.rows = next;
        this.byId = nextById;
      }
    }
    clear() {
      this.patch('{"data":[]}');
    }
  }

  window.__vanilla = function mount(tbody) {
    const t = new VanillaTable(tbody);
    const patch = (json) => t.patch(json);
    return { create: patch, update1: patch, update10th: patch, replace: patch, clear: () => t.clear() };
  };
})();
