//! The applicant's area: the side menu of 个人 pages, and the guard that
//! lets only a signed-in person in.

use crate::accounts::{CurrentUser, Role};
use crate::components::{MenuItem, RequireRole, SideMenu};
use leptos::prelude::*;

fn menu() -> Vec<MenuItem> {
    vec![
        MenuItem { label: "个人信息", href: "/person", count: None },
        MenuItem { label: "我的申报", href: "/person/declarations", count: None },
        MenuItem { label: "我的证书", href: "/person/certificates", count: None },
        MenuItem { label: "消息中心", href: "/person/messages", count: None },
        MenuItem { label: "我所在的单位", href: "/person/units", count: None },
        MenuItem { label: "修改密码", href: "/person/password", count: None },
    ]
}

/// The person's area: side menu and content.
#[component]
pub fn PersonArea(children: Children) -> impl IntoView {
    view! {
        <div class="area">
            <SideMenu items=menu()/>
            <div class="area-content">{children()}</div>
        </div>
    }
}

/// A page of the applicant's area: only a signed-in person sees it.
#[component]
pub fn ApplicantArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Person] children=move |_u: CurrentUser| view! {
            <PersonArea>{children.with_value(|c| c())}</PersonArea>
        }.into_any()/>
    }
}
