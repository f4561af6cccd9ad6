//! The "User" cell: avatar (image or initials), name and email; unmatched accounts show a muted
//! "Unknown user" — never blank, never someone else's data.

use contract::MatchedUser;
use leptos::prelude::*;

use crate::model::view::{avatar_tone, initials, safe_image_url, user_name};

/// A round avatar: the user's image when its URL is safe and it loads, else initials.
#[component]
pub fn Avatar(
    /// The matched user.
    user: MatchedUser,
) -> impl IntoView {
    let tone = avatar_tone(if user.email.is_empty() {
        &user.display_name
    } else {
        &user.email
    });
    let letters = initials(&user);
    let src = safe_image_url(user.avatar_url.as_deref());
    let failed = RwSignal::new(false);
    let initials_view = move || {
        view! {
            <span class=format!("user-avatar user-avatar--tone-{tone}") aria-hidden="true">
                {letters.clone()}
            </span>
        }
    };
    match src {
        Some(src) => view! {
            <Show when=move || !failed.get() fallback=initials_view.clone()>
                <img
                    class="user-avatar user-avatar--image"
                    src=src.clone()
                    alt=""
                    width="28"
                    height="28"
                    referrerpolicy="no-referrer"
                    on:error=move |_| failed.set(true)
                />
            </Show>
        }
        .into_any(),
        None => initials_view().into_any(),
    }
}

/// The User cell's content. `name_button` replaces the plain name (the row header's "Show
/// details of …" button). Not reactive: the table's cell rebuilds it in place on a change.
#[component]
pub fn UserCell(
    /// The matched user; `None` for an unmatched account.
    user: Option<MatchedUser>,
    /// Called when the name is pressed; without it the name is plain text.
    #[prop(optional)]
    on_open: Option<Callback<()>>,
) -> impl IntoView {
    match user {
        None => view! {
            <span class="user-cell user-cell--unmatched">
                <span class="user-avatar user-avatar--unknown" aria-hidden="true">"?"</span>
                <span class="user-cell__unknown">"Unknown user"</span>
            </span>
        }
        .into_any(),
        Some(u) => {
            let name = user_name(&u);
            let email = u.email.clone();
            let name_view = match on_open {
                Some(cb) => {
                    let label = format!("Show details of {name}");
                    view! {
                        <button
                            type="button"
                            class="user-cell__name user-cell__name--button"
                            aria-label=label
                            on:click=move |ev| {
                                super::roles_cell::focus_current_target(&ev);
                                cb.run(());
                            }
                        >
                            {name.clone()}
                        </button>
                    }
                    .into_any()
                }
                None => view! { <span class="user-cell__name">{name.clone()}</span> }.into_any(),
            };
            view! {
                <span class="user-cell">
                    <Avatar user=u/>
                    <span class="user-cell__text">
                        {name_view}
                        <span class="user-cell__email" title=email.clone()>{email.clone()}</span>
                    </span>
                </span>
            }
            .into_any()
        }
    }
}
