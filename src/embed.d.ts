// TypeScript declaration of `embed.js`, the Users tab for any host page (src/embed.rs reads the
// options; scripts/external_loader.py writes embed.js and ships this file beside it in the dist).
//
//   import { load } from "https://idlcm.example.com/users-tab/embed.js";
//   const { mount } = await load();
//   const tab = mount(document.getElementById("users")!, { integrationId: "d538422e-…" });
//   tab.update({ theme: "dark" });
//   tab.unmount();

/** How the tab authenticates its API requests. */
export type AuthOption =
  /** The session cookie (the default): sent to the page's own origin only. */
  | "cookie"
  /** A fixed bearer token. */
  | { token: string }
  /**
   * Asked before every request; returns the bearer token. Synchronous: a host that refreshes
   * tokens keeps the current one at hand. A throw, an empty string or a non-string means no
   * token, and the tab shows "session expired" when the API answers 401.
   */
  | { getToken: () => string | null | undefined };

/** Where the tab keeps its list state (page, sort, filters, open user). */
export type UrlStateOption =
  /** In the page's URL, under `basePath`: links and the back button work. */
  | "router"
  /** In memory: for a page that owns its URL or shows several tabs. */
  | "internal";

/** How the user details open. */
export type DrawerOption =
  /** A modal dialog over the page (the browser's top layer). */
  | "modal"
  /** A panel beside the table, the page stays usable. */
  | "panel";

/** The tab's colour scheme. */
export type ThemeOption = "system" | "light" | "dark";

/** The table's row height. */
export type DensityOption = "comfortable" | "compact";

/**
 * What `update` takes: any subset of the options. `null` or `undefined` leaves an option as it
 * is. An unknown value of a string option makes the call throw, and nothing changes.
 */
export interface UpdateOptions {
  /** The integration whose users the tab lists. Changes in place. */
  integrationId?: string;
  /** Base of every API path. Default `"/api/v1"`; another origin needs CORS there. */
  apiBaseUrl?: string;
  /** Default `"cookie"`. A new token source is used from the next request on. */
  auth?: AuthOption;
  /** Default `"router"`. */
  urlState?: UrlStateOption;
  /** The URL path the tab lives under with `urlState: "router"`, e.g. `"/admin/users"`. */
  basePath?: string;
  /** Default `"modal"`. */
  drawer?: DrawerOption;
  /** Default `"system"`. Changes in place. */
  theme?: ThemeOption;
  /** Default `"comfortable"`. Changes in place. */
  density?: DensityOption;
  /** Whether the integration's header (name, status, stats) shows. Default `true`. */
  showHeader?: boolean;
  /**
   * The signed-in user's workspace role as the API names it (e.g. `"workspace_admin"`), when
   * the host already knows it: the tab then skips `GET /me`. The API still decides (a 403 shows
   * the no-access state). Changing it mounts the tab again.
   */
  role?: string;
}

/** What `mount` takes: the options, `integrationId` required. */
export interface MountOptions extends UpdateOptions {
  integrationId: string;
}

/** A mounted tab. */
export interface TabHandle {
  /**
   * Changes options. The integration, theme and density change in place; `apiBaseUrl`,
   * `urlState`, `basePath`, `drawer`, `showHeader` or a switch between cookie and token auth
   * mount the tab again. Throws on an invalid option or after `unmount`.
   */
  update(options: UpdateOptions): void;
  /** Removes the tab: its DOM nodes, listeners, timers and requests in flight. Idempotent. */
  unmount(): void;
  /** Frees the wasm side of the handle (wasm-bindgen); `unmount` first. */
  free(): void;
}

/**
 * Mounts the tab into `element` (appended to its children). Throws, and mounts nothing, when
 * `integrationId` is missing or an option has an unknown value.
 */
export type Mount = (element: HTMLElement, options: MountOptions) => TabHandle;

/** What `load` resolves to. */
export interface Embed {
  mount: Mount;
}

/**
 * Adds the tab's stylesheet to the page's `<head>` (with its SRI hash) and starts the wasm,
 * both loaded from beside `embed.js`. Call it once or many times: it is started once.
 */
export function load(): Promise<Embed>;
