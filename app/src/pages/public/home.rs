use crate::components::Auth;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/`: the signed-in user's own home, or the sign-in page.
#[component]
pub fn Landing() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || auth.user.get().map(|u| {
                let to = match u {
                    Ok(Some(user)) => user.role.home().to_string(),
                    _ => "/login".to_string(),
                };
                view! { <Redirect path=to/> }
            })}
        </Suspense>
    }
}
