// A TypeScript host of the Users tab: the html-host's page logic, typed against embed.d.ts.
// `make test` compiles it with `tsc --noEmit` (tsconfig.json), so the declaration cannot drift
// from what a host writes. A real host imports embed.js from wherever the dist is served
// (any path prefix, any origin that allows it); here "./embed.js" is the declaration's source.
import { load, type MountOptions, type TabHandle, type UpdateOptions } from "./embed.js";

const CONTENTZILLA = "d538422e-b135-4ee0-8393-54eecbcb4a07";

/** The host's access token; a real host refreshes it here. */
function getToken(): string {
  return "dev-workspace_admin";
}

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}

export async function showUsers(): Promise<TabHandle[]> {
  const { mount } = await load();
  const common: Partial<MountOptions> = { auth: { getToken }, apiBaseUrl: "/api/v1" };
  const tabs: TabHandle[] = [
    mount(element("tab-a"), {
      ...common,
      integrationId: CONTENTZILLA,
      urlState: "router",
      basePath: "/admin/users",
    }),
    mount(element("tab-b"), {
      integrationId: CONTENTZILLA,
      auth: "cookie",
      urlState: "internal",
      drawer: "panel",
      theme: "system",
      density: "compact",
      showHeader: false,
      role: "workspace_admin",
    }),
    mount(element("tab-c"), { integrationId: CONTENTZILLA, auth: { token: "dev-workspace_owner" } }),
  ];
  const dark: UpdateOptions = { theme: "dark", density: "comfortable" };
  for (const tab of tabs) tab.update(dark);
  tabs[0].update({ integrationId: "5b0c6f3e-1d2a-4f8b-9c7e-2a4b6c8d0e1f", drawer: "modal" });
  return tabs;
}

export function unmountAll(tabs: TabHandle[]): void {
  for (const tab of tabs) tab.unmount();
}
