//! The signed-in user, loaded once at the root, and the guard of pages
//! that need a role. Guards only decide what is shown: every server
//! function checks the session again on the server.

use crate::accounts::api::current_session_user;
use crate::accounts::{CurrentUser, Role};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Context provided by `App`.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
    pub fn provide() -> Self {
        // Blocking: the first HTML already knows who is signed in, and a
        // redirect for a signed-out visitor can still be a real 302.
        let user = Resource::new_blocking(|| (), |_| current_session_user());
        let auth = Self { user };
        provide_context(auth);
        auth
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// After a successful sign-in: pages guarded by a role see the user at
    /// once (a refetch would race the navigation that follows).
    pub fn signed_in(&self, user: CurrentUser) {
        self.user.set(Some(Ok(Some(user))));
    }

    pub fn signed_out(&self) {
        self.user.set(Some(Ok(None)));
    }
}

/// Renders `children` with the user when they have one of `roles`;
/// otherwise sends them to sign in, or says they may not see the page.
///
/// ```ignore
/// view! { <RequireRole roles=&[Role::Person] children=move |user| view! { <p>{user.name}</p> }.into_any()/> }
/// ```
#[component]
pub fn RequireRole(
    roles: &'static [Role],
    children: impl Fn(CurrentUser) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let auth = Auth::get();
    let location = use_location();
    let children = std::sync::Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || {
                let children = children.clone();
                auth.user.get().map(move |u| match u {
                    Ok(Some(user)) if roles.contains(&user.role) => children(user),
                    Ok(Some(user)) => view! {
                        <div class="empty">
                            <p>"您当前以“" {user.role.label()} "”身份登录，无权访问此页面。"</p>
                            <a href=user.role.home()>"返回我的首页"</a>
                        </div>
                    }
                    .into_any(),
                    Ok(None) => {
                        let here = location.pathname.get_untracked();
                        let login = if roles.iter().any(|r| matches!(r, Role::Office | Role::Department | Role::Admin)) {
                            "/manage/login".to_string()
                        } else {
                            format!("/login?next={here}")
                        };
                        view! { <Redirect path=login/> }.into_any()
                    }
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })
            }}
        </Suspense>
    }
}
