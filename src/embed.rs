//! The tab for any host page, framework or not: `mount(element, options)` returns a handle
//! with `update(options)` and `unmount()`.
//!
//! ```js
//! const tab = mount(document.getElementById("users"), {
//!   integrationId: "d538422e-…",
//!   apiBaseUrl: "/api/v1",             // default
//!   auth: { getToken: () => session.accessToken },   // or { token: "…" }, or "cookie" (default)
//!   urlState: "router",                // or "internal"
//!   basePath: "/admin/integrations/d538422e-…/users",
//!   drawer: "modal",                   // or "panel"
//!   theme: "system",                   // "light" | "dark"
//!   density: "comfortable",            // "compact"
//!   showHeader: true,
//!   role: "workspace_admin",           // optional: the role the host knows; skips GET /me
//! });
//! tab.update({ theme: "dark" });
//! tab.unmount();                       // every node, listener and timer it made is gone
//! ```
//!
//! Unmounting drops the Leptos owner of the tab: its `on_cleanup`s stop the live-update clock,
//! remove the visibility and router listeners and abort requests in flight.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{provide_api_config, ApiConfig, Auth};
use crate::tab::{Density, DrawerMode, Theme, UrlState, UsersTab};

/// Where the bearer token comes from; replaced by `update`.
#[derive(Default)]
enum TokenSource {
    /// Cookie auth: no token.
    #[default]
    None,
    /// A fixed token.
    Fixed(String),
    /// A JS function called before every request; it returns the token (a string).
    Provider(js_sys::Function),
}

impl TokenSource {
    fn token(&self) -> Option<String> {
        match self {
            TokenSource::None => None,
            TokenSource::Fixed(t) => Some(t.clone()),
            // A throwing or non-string provider gives no token: the API answers 401 and the
            // tab shows "session expired", never the exception.
            TokenSource::Provider(f) => f
                .call0(&JsValue::NULL)
                .ok()
                .and_then(|v| v.as_string())
                .filter(|t| !t.is_empty()),
        }
    }
}

/// The options `mount` and `update` take, read leniently from a JS object.
#[derive(Clone, PartialEq)]
struct Options {
    integration_id: String,
    api_base_url: String,
    url_state: UrlState,
    base_path: String,
    drawer: DrawerMode,
    theme: Theme,
    density: Density,
    show_header: bool,
    /// The user's workspace role (its wire name), when the host knows it: no `GET /me`.
    role: Option<String>,
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).and_then(|v| v.as_string())
}

impl Options {
    /// Reads `obj` over `base` (the current options for `update`, defaults for `mount`).
    fn read(obj: &JsValue, base: &Options) -> Result<Options, JsError> {
        if !obj.is_object() {
            return Err(JsError::new("options must be an object"));
        }
        let mut o = base.clone();
        if let Some(id) = get_string(obj, "integrationId") {
            o.integration_id = id;
        }
        if o.integration_id.trim().is_empty() {
            return Err(JsError::new("options.integrationId is required"));
        }
        if let Some(url) = get_string(obj, "apiBaseUrl") {
            o.api_base_url = url;
        }
        if let Some(v) = get_string(obj, "urlState") {
            o.url_state = match v.as_str() {
                "router" => UrlState::Router,
                "internal" => UrlState::Internal,
                _ => return Err(JsError::new("options.urlState: \"router\" or \"internal\"")),
            };
        }
        if let Some(v) = get_string(obj, "basePath") {
            // "/admin/users/" and "/admin/users" are the same base.
            o.base_path = v.trim_end_matches('/').to_owned();
        }
        if let Some(v) = get_string(obj, "drawer") {
            o.drawer = match v.as_str() {
                "modal" => DrawerMode::Modal,
                "panel" => DrawerMode::Panel,
                _ => return Err(JsError::new("options.drawer: \"modal\" or \"panel\"")),
            };
        }
        if let Some(v) = get_string(obj, "theme") {
            o.theme = match v.as_str() {
                "system" => Theme::System,
                "light" => Theme::Light,
                "dark" => Theme::Dark,
                _ => {
                    return Err(JsError::new(
                        "options.theme: \"system\", \"light\" or \"dark\"",
                    ))
                }
            };
        }
        if let Some(v) = get_string(obj, "density") {
            o.density = match v.as_str() {
                "comfortable" => Density::Comfortable,
                "compact" => Density::Compact,
                _ => {
                    return Err(JsError::new(
                        "options.density: \"comfortable\" or \"compact\"",
                    ))
                }
            };
        }
        if let Some(v) = get(obj, "showHeader").and_then(|v| v.as_bool()) {
            o.show_header = v;
        }
        if let Some(v) = get_string(obj, "role") {
            o.role = Some(v).filter(|r| !r.trim().is_empty());
        }
        Ok(o)
    }

    /// What cannot change under a mounted tab without mounting it again.
    fn structure(&self) -> Structure<'_> {
        Structure {
            api_base_url: &self.api_base_url,
            url_state: self.url_state,
            base_path: &self.base_path,
            drawer: self.drawer,
            show_header: self.show_header,
            role: self.role.as_deref(),
        }
    }
}

/// The options a mounted tab cannot take in place: a change of any of them mounts it again.
#[derive(PartialEq)]
struct Structure<'a> {
    api_base_url: &'a str,
    url_state: UrlState,
    base_path: &'a str,
    drawer: DrawerMode,
    show_header: bool,
    role: Option<&'a str>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            integration_id: String::new(),
            api_base_url: contract::API_BASE.to_owned(),
            url_state: UrlState::Router,
            base_path: String::new(),
            drawer: DrawerMode::Modal,
            theme: Theme::System,
            density: Density::Comfortable,
            show_header: true,
            role: None,
        }
    }
}

/// Reads `auth` into the token source: absent or `"cookie"` → the session cookie;
/// `{ token }` → a fixed bearer token; `{ getToken }` → a function asked before each request.
fn read_auth(obj: &JsValue) -> Result<Option<TokenSource>, JsError> {
    let Some(auth) = get(obj, "auth") else {
        return Ok(None);
    };
    if auth.as_string().as_deref() == Some("cookie") {
        return Ok(Some(TokenSource::None));
    }
    if let Some(f) = get(&auth, "getToken").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        return Ok(Some(TokenSource::Provider(f)));
    }
    if let Some(t) = get_string(&auth, "token") {
        return Ok(Some(TokenSource::Fixed(t)));
    }
    Err(JsError::new(
        "options.auth: \"cookie\", { token: string } or { getToken: () => string }",
    ))
}

/// The live parts of a mounted tab.
struct Mounted {
    /// Dropping it unmounts the view and disposes its owner.
    _view: Box<dyn std::any::Any>,
    integration_id: RwSignal<String>,
    theme: RwSignal<Theme>,
    density: RwSignal<Density>,
}

/// A mounted Users tab, returned by [`mount`].
#[wasm_bindgen]
pub struct TabHandle {
    element: web_sys::HtmlElement,
    options: Options,
    token: Rc<RefCell<TokenSource>>,
    mounted: Option<Mounted>,
}

fn render(
    element: &web_sys::HtmlElement,
    o: &Options,
    token: &Rc<RefCell<TokenSource>>,
) -> Mounted {
    let integration_id = RwSignal::new(o.integration_id.clone());
    let theme = RwSignal::new(o.theme);
    let density = RwSignal::new(o.density);
    let config = {
        let token = token.clone();
        let uses_token = !matches!(*token.borrow(), TokenSource::None);
        ApiConfig {
            base_url: o.api_base_url.clone(),
            auth: if uses_token {
                Auth::Bearer(Rc::new(move || token.borrow().token()))
            } else {
                Auth::SameOriginCookie
            },
            // Timeout and poll interval: the defaults, or the host page's <meta> settings.
            ..ApiConfig::from_page()
        }
    };
    let o = o.clone();
    let view = leptos::mount::mount_to(element.clone(), move || {
        provide_api_config(config);
        // A closure: the tab reads the router from context as it is built, so it must be
        // built inside the `<Router>`.
        let tab = move || {
            view! {
                <UsersTab
                    integration_id=integration_id
                    url_state=o.url_state
                    drawer=o.drawer
                    theme=theme
                    density=density
                    show_header=o.show_header
                    role=o.role.as_deref().map(contract::WorkspaceRole::from)
                />
            }
        };
        match o.url_state {
            UrlState::Router => {
                let base = o.base_path.clone();
                view! { <Router base=base>{tab()}</Router> }.into_any()
            }
            UrlState::Internal => tab().into_any(),
        }
    });
    Mounted {
        _view: Box::new(view),
        integration_id,
        theme,
        density,
    }
}

/// Mounts the Users tab into `element` (appended to its children). See the module docs for the
/// options; a missing `integrationId` or an unknown value is an error, nothing is mounted.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<TabHandle, JsError> {
    crate::crash::install();
    let o = Options::read(&options, &Options::default())?;
    let token = Rc::new(RefCell::new(read_auth(&options)?.unwrap_or_default()));
    let mounted = render(&element, &o, &token);
    Ok(TabHandle {
        element,
        options: o,
        token,
        mounted: Some(mounted),
    })
}

#[wasm_bindgen]
impl TabHandle {
    /// Changes options: the integration, theme and density change in place; the token source
    /// is swapped for the next request; the API base, URL state, base path, drawer mode or
    /// header mount the tab again.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsError> {
        let next = Options::read(&options, &self.options)?;
        let auth = read_auth(&options)?;
        let auth_kind_changed = auth.as_ref().is_some_and(|a| {
            matches!(a, TokenSource::None) != matches!(*self.token.borrow(), TokenSource::None)
        });
        if let Some(a) = auth {
            *self.token.borrow_mut() = a;
        }
        let Some(m) = &self.mounted else {
            return Err(JsError::new("the tab was unmounted"));
        };
        if next.structure() != self.options.structure() || auth_kind_changed {
            self.mounted = None;
            self.mounted = Some(render(&self.element, &next, &self.token));
        } else {
            if next.integration_id != self.options.integration_id {
                m.integration_id.set(next.integration_id.clone());
            }
            m.theme.set(next.theme);
            m.density.set(next.density);
        }
        self.options = next;
        Ok(())
    }

    /// Removes the tab: its DOM nodes, listeners, timers, and requests in flight. Idempotent.
    pub fn unmount(&mut self) {
        self.mounted = None;
        *self.token.borrow_mut() = TokenSource::None;
    }
}
