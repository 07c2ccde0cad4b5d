//! The page frame: the portal header with the user's top-right menu, and
//! the side menu of a signed-in area (with red counts).

use super::auth::Auth;
use super::call::server_call;
use crate::accounts::api::SignOut;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

pub const PORTAL_TITLE: &str = "广西中(初)级职称认定、重新确认、证书遗失补办网络系统";

/// Header of every page; shows the user's menu when signed in.
#[component]
pub fn PortalHeader() -> impl IntoView {
    let auth = Auth::get();
    let sign_out = server_call::<SignOut>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            auth.signed_out();
            navigate("/login", Default::default());
        }
    });
    view! {
        <header class="portal-header">
            <a class="portal-title" href="/">
                <span class="emblem" aria-hidden="true">"职"</span>
                <span>{PORTAL_TITLE}</span>
            </a>
            <Transition fallback=|| ()>
                {move || {
                    auth.user.get().and_then(|u| u.ok().flatten()).map(|user| {
                        view! {
                            <details class="user-menu">
                                <summary aria-label="用户菜单">
                                    <span class="user-role">{user.role.label()}</span>
                                    <span class="user-name">{user.name.clone()}</span>
                                    <span aria-hidden="true">" ▾"</span>
                                </summary>
                                <ul role="menu">
                                    <li role="none"><a role="menuitem" href=user.role.home()>"我的首页"</a></li>
                                    <li role="none">
                                        <button
                                            role="menuitem"
                                            type="button"
                                            class="link"
                                            on:click=move |_| {
                                                sign_out.dispatch(SignOut {});
                                            }
                                        >
                                            "退出"
                                        </button>
                                    </li>
                                </ul>
                            </details>
                        }
                    })
                }}
            </Transition>
        </header>
    }
}

/// One entry of a side menu; `count` shows as a red number when above zero.
#[derive(Clone)]
pub struct MenuItem {
    pub label: &'static str,
    pub href: &'static str,
    pub count: Option<Signal<u64>>,
}

/// The left menu of a signed-in area.
///
/// ```ignore
/// view! { <SideMenu items=vec![MenuItem { label: "待办事项", href: "/staff/todo", count: Some(todo) }]/> }
/// ```
#[component]
pub fn SideMenu(items: Vec<MenuItem>) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    view! {
        <nav class="side-menu" aria-label="功能菜单">
            <ul>
                {items
                    .into_iter()
                    .map(|item| {
                        let href = item.href;
                        view! {
                            <li>
                                <a
                                    href=href
                                    aria-current=move || (location.pathname.get() == href).then_some("page")
                                >
                                    {item.label}
                                    // Inside Suspense: the count usually comes from a resource, and
                                    // server and browser must render the badge alike.
                                    {item.count.map(|c| view! {
                                        <Suspense fallback=|| ()>
                                            <Show when=move || { c.get() > 0 }>
                                                <span class="badge-count" aria-label="待处理数量">{move || c.get()}</span>
                                            </Show>
                                        </Suspense>
                                    })}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
