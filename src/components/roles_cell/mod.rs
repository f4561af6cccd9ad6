//! The "App access" cell: one role by name, several as the first role + a "+N" button that
//! opens the roles drawer, none as "No roles".

use contract::Role;
use leptos::prelude::*;

use crate::model::view::{role_summary, RoleSummary};

/// Summary of an account's roles.
#[component]
pub fn RolesCell(
    /// The account's roles.
    #[prop(into)]
    roles: Signal<Vec<Role>>,
    /// Who holds them (names the "+N" button: "+2 more roles of Rachel Green").
    #[prop(into)]
    holder: Signal<String>,
    /// Called when "+N" is pressed.
    #[prop(optional)]
    on_show_all: Option<Callback<()>>,
) -> impl IntoView {
    let summary = Memo::new(move |_| roles.with(|r| role_summary(r)));
    move || {
        match summary.get() {
        RoleSummary::None => view! { <span class="roles-cell roles-cell--none">"No roles"</span> }.into_any(),
        RoleSummary::One(name) => view! {
            <span class="roles-cell"><span class="roles-cell__name" title=name.clone()>{name.clone()}</span></span>
        }
        .into_any(),
        RoleSummary::Many { first, more } => {
            let total = more + 1;
            view! {
                <span class="roles-cell">
                    <span class="roles-cell__name" title=first.clone()>{first.clone()}</span>
                    <button
                        type="button"
                        class="roles-cell__more"
                        on:click=move |ev| {
                            // Safari does not focus buttons on click: focus it so the drawer
                            // can give focus back to it.
                            focus_current_target(&ev);
                            if let Some(cb) = on_show_all {
                                cb.run(());
                            }
                        }
                    >
                        {format!("+{more}")}
                        <span class="visually-hidden">
                            {move || format!(" more roles: show all {total} roles of {}", holder.get())}
                        </span>
                    </button>
                </span>
            }
            .into_any()
        }
    }
    }
}

/// Focuses the element a click landed on.
pub fn focus_current_target(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
