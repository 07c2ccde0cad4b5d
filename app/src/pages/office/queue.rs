//! 待审核申报 (`/manage/declarations`): what waits for this office.

use super::frame::OfficerPage;
use crate::components::declaration_list::declarations_table;
use crate::components::Pager;
use crate::declarations::api::org_queue;
use crate::declarations::Status;
use leptos::prelude::*;

#[component]
pub fn OrgQueuePage() -> impl IntoView {
    view! { <OfficerPage><OrgQueue/></OfficerPage> }
}

#[component]
fn OrgQueue() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let list = Resource::new(move || page.get(), org_queue);
    view! {
        <section class="card">
            <div class="card-head"><h2>"待审核申报"</h2><a href="/manage">"返回首页"</a></div>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) => {
                        let (total, per_page) = (p.total, p.per_page);
                        // The queue holds only what waits for this office.
                        view! { {declarations_table(p, |id| format!("/manage/declarations/{id}"), |s| matches!(s, Status::DepartmentReview | Status::OfficeReview))} <Pager page=page total=total per_page=per_page/> }.into_any()
                    }
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
